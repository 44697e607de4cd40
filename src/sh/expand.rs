//! Word expansion, in POSIX order: tilde, parameters (`${…}` operators), command
//! substitution, arithmetic; then field splitting on `IFS` (only what came from unquoted
//! expansions), pathname expansion on the image's filesystem, quote removal.

use super::ast::{Param, ParamOp, Part, Word};
use super::pattern::{self, PatChar};
use super::shell::Shell;

/// Where a character came from: it decides splitting and globbing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Q {
    /// Unquoted literal text: globbed, not split.
    Lit,
    /// Result of an unquoted expansion: split and globbed.
    Exp,
    /// Quoted: neither.
    Quo,
}

#[derive(Default)]
struct Fields {
    done: Vec<(Vec<(char, Q)>, bool)>,
    cur: Vec<(char, Q)>,
    /// The current field exists even if empty (it had quotes).
    cur_real: bool,
}

impl Fields {
    fn push_str(&mut self, s: &str, q: Q) {
        self.cur.extend(s.chars().map(|c| (c, q)));
        if q == Q::Quo {
            self.cur_real = true;
        }
    }

    fn break_field(&mut self) {
        let cur = std::mem::take(&mut self.cur);
        self.done.push((cur, true));
        self.cur_real = false;
    }

    fn finish(mut self) -> Vec<(Vec<(char, Q)>, bool)> {
        let real = self.cur_real || !self.cur.is_empty();
        self.done.push((self.cur, real));
        self.done
    }
}

/// Expands words into fields (splitting and globbing), like a command's arguments.
pub fn fields(sh: &mut Shell<'_>, words: &[super::ast::Word]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for word in words {
        let mut f = Fields::default();
        parts(sh, &word.0, false, &mut f)?;
        let ifs = sh.var("IFS").unwrap_or(" \t\n").to_string();
        for (chars, real) in f.finish() {
            for field in split(chars, real, &ifs) {
                let pat: Vec<PatChar> = field.iter().map(|&(c, q)| (c, q == Q::Quo)).collect();
                if !sh.options.noglob && pattern::has_magic(&pat) {
                    let found = glob(sh, &pat);
                    if !found.is_empty() {
                        out.extend(found);
                        continue;
                    }
                }
                out.push(field.iter().map(|x| x.0).collect());
            }
        }
    }
    Ok(out)
}

/// Expands a word to one string: no splitting, no globbing (assignments, redirection
/// targets, here-documents, `case` subjects).
pub fn single(sh: &mut Shell<'_>, word: &Word) -> Result<String, String> {
    let mut f = Fields::default();
    parts(sh, &word.0, false, &mut f)?;
    let fields = f.finish();
    let strings: Vec<String> = fields
        .into_iter()
        .map(|(chars, _)| chars.into_iter().map(|x| x.0).collect())
        .collect();
    Ok(strings.join(" "))
}

/// Expands a word as a pattern: quoted characters match literally.
pub fn pattern(sh: &mut Shell<'_>, word: &Word) -> Result<Vec<PatChar>, String> {
    let mut f = Fields::default();
    parts(sh, &word.0, false, &mut f)?;
    let mut out = Vec::new();
    for (i, (chars, _)) in f.finish().into_iter().enumerate() {
        if i > 0 {
            out.push((' ', true));
        }
        out.extend(chars.into_iter().map(|(c, q)| (c, q == Q::Quo)));
    }
    Ok(out)
}

fn split(chars: Vec<(char, Q)>, real: bool, ifs: &str) -> Vec<Vec<(char, Q)>> {
    if !chars.iter().any(|&(c, q)| q == Q::Exp && ifs.contains(c)) {
        return if real || !chars.is_empty() {
            vec![chars]
        } else {
            Vec::new()
        };
    }
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut cur_real = false;
    let mut after_ws = false;
    for (c, q) in chars {
        if q == Q::Exp && ifs.contains(c) {
            if c.is_whitespace() {
                if cur_real {
                    out.push(std::mem::take(&mut cur));
                    cur_real = false;
                }
                after_ws = true;
            } else {
                if cur_real || !after_ws {
                    out.push(std::mem::take(&mut cur));
                }
                cur_real = false;
                after_ws = false;
            }
        } else {
            cur.push((c, q));
            cur_real = true;
            after_ws = false;
        }
    }
    if cur_real {
        out.push(cur);
    }
    out
}

fn parts(
    sh: &mut Shell<'_>,
    parts_in: &[Part],
    quoted: bool,
    f: &mut Fields,
) -> Result<(), String> {
    let plain = if quoted { Q::Quo } else { Q::Exp };
    for part in parts_in {
        match part {
            Part::Lit(s) => f.push_str(s, if quoted { Q::Quo } else { Q::Lit }),
            Part::Quoted(s) => f.push_str(s, Q::Quo),
            Part::Double(inner) => {
                f.cur_real = true;
                parts(sh, inner, true, f)?;
            }
            Part::Tilde(user) => {
                let home = tilde(sh, user);
                f.push_str(&home, Q::Quo);
            }
            Part::Command(list) => {
                let out = super::exec::capture(sh, list)?;
                f.push_str(&out, plain);
            }
            Part::Arith(word) => {
                let text = single(sh, word)?;
                let v = super::arith::eval(sh, &text)?;
                f.push_str(&v.to_string(), plain);
            }
            Part::Param(p) => param(sh, p, quoted, f)?,
        }
    }
    Ok(())
}

fn tilde(sh: &Shell<'_>, user: &str) -> String {
    if user.is_empty() {
        return sh.var("HOME").unwrap_or("/").to_string();
    }
    let passwd = sh.read_file("/etc/passwd").unwrap_or_default();
    String::from_utf8_lossy(&passwd)
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.len() > 5 && f[0] == user).then(|| f[5].to_string())
        })
        .unwrap_or_else(|| format!("~{user}"))
}

/// The value of a parameter; `None` if unset.
pub fn value(sh: &Shell<'_>, name: &str) -> Option<String> {
    match name {
        "?" => Some(sh.last_status.to_string()),
        "#" => Some(sh.positional.len().to_string()),
        "$" => Some("1".into()),
        "!" => None,
        "-" => {
            let o = sh.options;
            let mut s = String::new();
            for (on, c) in [
                (o.errexit, 'e'),
                (o.noglob, 'f'),
                (o.nounset, 'u'),
                (o.xtrace, 'x'),
            ] {
                if on {
                    s.push(c);
                }
            }
            Some(s)
        }
        "@" | "*" => Some(sh.positional.join(" ")),
        "0" => Some(sh.arg0.clone()),
        n if n.bytes().all(|b| b.is_ascii_digit()) => n
            .parse::<usize>()
            .ok()
            .and_then(|i| sh.positional.get(i.checked_sub(1)?).cloned()),
        n => sh.var(n).map(str::to_string),
    }
}

fn param(sh: &mut Shell<'_>, p: &Param, quoted: bool, f: &mut Fields) -> Result<(), String> {
    let q = if quoted { Q::Quo } else { Q::Exp };
    if p.name == "@" && quoted && p.op == ParamOp::Plain {
        let args = sh.positional.clone();
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                f.break_field();
            }
            f.push_str(a, Q::Quo);
        }
        if args.is_empty() {
            f.cur_real = false;
        }
        return Ok(());
    }
    let val = if p.name == "*" && quoted {
        let sep: String = sh.var("IFS").unwrap_or(" ").chars().take(1).collect();
        Some(sh.positional.join(&sep))
    } else {
        value(sh, &p.name)
    };
    let unset_ok = matches!(p.name.as_str(), "@" | "*");
    let check_unset = |sh: &Shell<'_>, val: &Option<String>| -> Result<(), String> {
        if val.is_none() && sh.options.nounset && !unset_ok {
            return Err(format!("{}: parameter not set", p.name));
        }
        Ok(())
    };
    let is_null =
        |val: &Option<String>, colon: bool| val.is_none() || colon && val.as_deref() == Some("");
    match &p.op {
        ParamOp::Plain => {
            check_unset(sh, &val)?;
            f.push_str(&val.unwrap_or_default(), q);
        }
        ParamOp::Length => {
            check_unset(sh, &val)?;
            let n = val.unwrap_or_default().chars().count();
            f.push_str(&n.to_string(), q);
        }
        ParamOp::Default(colon, word) => {
            if is_null(&val, *colon) {
                parts(sh, &word.0, quoted, f)?;
            } else {
                f.push_str(&val.unwrap_or_default(), q);
            }
        }
        ParamOp::Assign(colon, word) => {
            if is_null(&val, *colon) {
                let v = single(sh, word)?;
                sh.set_var(&p.name, v.clone());
                f.push_str(&v, q);
            } else {
                f.push_str(&val.unwrap_or_default(), q);
            }
        }
        ParamOp::Error(colon, word) => {
            if is_null(&val, *colon) {
                let msg = single(sh, word)?;
                let msg = if !msg.is_empty() {
                    msg
                } else if *colon {
                    "parameter null or not set".into()
                } else {
                    "parameter not set".into()
                };
                return Err(format!("{}: {msg}", p.name));
            }
            f.push_str(&val.unwrap_or_default(), q);
        }
        ParamOp::Alternative(colon, word) => {
            if !is_null(&val, *colon) {
                parts(sh, &word.0, quoted, f)?;
            }
        }
        ParamOp::RemovePrefix(longest, word) | ParamOp::RemoveSuffix(longest, word) => {
            check_unset(sh, &val)?;
            let pat = pattern(sh, word)?;
            let text: Vec<char> = val.unwrap_or_default().chars().collect();
            let prefix = matches!(p.op, ParamOp::RemovePrefix(..));
            let out = remove(&pat, &text, prefix, *longest);
            f.push_str(&out, q);
        }
        ParamOp::Replace {
            all,
            anchor,
            pattern: pw,
            with,
        } => {
            check_unset(sh, &val)?;
            let pat = pattern(sh, pw)?;
            let with = single(sh, with)?;
            let text: Vec<char> = val.unwrap_or_default().chars().collect();
            f.push_str(&replace(&pat, &text, &with, *all, *anchor), q);
        }
        ParamOp::Substring(offset, len) => {
            check_unset(sh, &val)?;
            let text: Vec<char> = val.unwrap_or_default().chars().collect();
            let off_text = single(sh, offset)?;
            let off = super::arith::eval(sh, &off_text)?;
            let n = text.len() as i64;
            let start = if off < 0 {
                (n + off).max(0)
            } else {
                off.min(n)
            } as usize;
            let end = match len {
                None => text.len(),
                Some(w) => {
                    let l_text = single(sh, w)?;
                    let l = super::arith::eval(sh, &l_text)?;
                    if l < 0 {
                        ((n + l).max(start as i64)) as usize
                    } else {
                        (start + l as usize).min(text.len())
                    }
                }
            };
            let s: String = text[start..end.max(start)].iter().collect();
            f.push_str(&s, q);
        }
    }
    Ok(())
}

fn remove(pat: &[PatChar], text: &[char], prefix: bool, longest: bool) -> String {
    let n = text.len();
    let order: Vec<usize> = if longest {
        (0..=n).rev().collect()
    } else {
        (0..=n).collect()
    };
    for len in order {
        let ok = if prefix {
            pattern::matches(pat, &text[..len])
        } else {
            pattern::matches(pat, &text[n - len..])
        };
        if ok {
            let rest = if prefix {
                &text[len..]
            } else {
                &text[..n - len]
            };
            return rest.iter().collect();
        }
    }
    text.iter().collect()
}

fn replace(pat: &[PatChar], text: &[char], with: &str, all: bool, anchor: Option<char>) -> String {
    if pat.is_empty() {
        return text.iter().collect();
    }
    let n = text.len();
    match anchor {
        Some('#') => {
            for len in (0..=n).rev() {
                if pattern::matches(pat, &text[..len]) {
                    return format!("{with}{}", text[len..].iter().collect::<String>());
                }
            }
            return text.iter().collect();
        }
        Some(_) => {
            for start in 0..=n {
                if pattern::matches(pat, &text[start..]) {
                    return format!("{}{with}", text[..start].iter().collect::<String>());
                }
            }
            return text.iter().collect();
        }
        None => {}
    }
    let mut out = String::new();
    let mut i = 0;
    let mut replaced = false;
    while i < n {
        if !replaced || all {
            if let Some(len) = (1..=n - i)
                .rev()
                .find(|&l| pattern::matches(pat, &text[i..i + l]))
            {
                out.push_str(with);
                i += len;
                replaced = true;
                continue;
            }
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

/// Pathname expansion of `pat` on the shell's filesystem, sorted; empty if nothing matches.
/// Every directory read and every name tried costs a step of the budget, so a pattern like
/// `.*/.*/.*/…` (where `.*` matches `..`) cannot run away.
fn glob(sh: &mut Shell<'_>, pat: &[PatChar]) -> Vec<String> {
    let absolute = pat.first() == Some(&('/', false)) || pat.first() == Some(&('/', true));
    let comps: Vec<&[PatChar]> = pat
        .split(|&(c, _)| c == '/')
        .filter(|c| !c.is_empty())
        .collect();
    let start = if absolute {
        "/".to_string()
    } else {
        String::new()
    };
    let mut results = vec![start];
    for (i, comp) in comps.iter().enumerate() {
        let last = i + 1 == comps.len();
        let mut next = Vec::new();
        for prefix in &results {
            if let Err(kind) = sh.budget.step() {
                sh.abort = Some(super::shell::Abort::Budget(kind));
                return Vec::new();
            }
            let dir = if prefix.is_empty() {
                sh.cwd.clone()
            } else {
                sh.path(prefix)
            };
            let join = |name: &str| {
                if prefix.is_empty() {
                    name.to_string()
                } else if prefix.ends_with('/') {
                    format!("{prefix}{name}")
                } else {
                    format!("{prefix}/{name}")
                }
            };
            if !pattern::has_magic(comp) {
                let name: String = comp.iter().map(|x| x.0).collect();
                let cand = join(&name);
                if sh.fs.lstat(&sh.path(&cand)).is_ok() {
                    next.push(cand);
                }
                continue;
            }
            let Ok(entries) = sh.fs.read_dir(&dir) else {
                continue;
            };
            let mut names: Vec<String> = entries.into_iter().map(|(n, _)| n).collect();
            if comp.first().map(|x| x.0) == Some('.') {
                // dash and ash list `.` and `..` for patterns that start with a dot.
                names.extend([".".to_string(), "..".to_string()]);
            }
            crate::sorting::sort(&mut names);
            for name in names {
                if name.starts_with('.') && comp.first().map(|x| x.0) != Some('.') {
                    continue;
                }
                if sh.budget.step().is_err() {
                    sh.abort = Some(super::shell::Abort::Budget(
                        super::budget::BudgetKind::Steps,
                    ));
                    return Vec::new();
                }
                let chars: Vec<char> = name.chars().collect();
                if pattern::matches(comp, &chars) {
                    let cand = join(&name);
                    if last || sh.fs.is_dir(&sh.path(&cand)) {
                        next.push(cand);
                    }
                }
            }
        }
        results = next;
        if results.len() > 100_000 {
            break;
        }
    }
    if pat.last().map(|x| x.0) == Some('/') {
        results = results.into_iter().map(|r| format!("{r}/")).collect();
    }
    results
}
