//! `find`'s expression language: the parsed tree ([`Expr`]) and its recursive-descent parser
//! (`-o` below `-a` below `!`, parentheses, tests, actions, `-exec … ;` and `{} +`), with
//! findutils' and busybox's error wording.

use super::util::{group_id, q, user_id};
use crate::sh::shell::Shell;

/// A parsed `find` expression.
#[derive(Debug, Clone)]
pub(super) enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Name(String, bool),
    /// `-readable` (4), `-writable` (2), `-executable` (1), as access(2) answers.
    Access(u32),
    /// `-regex`: matches the whole path.
    Regex(regex_lite::Regex),
    Path(String, bool),
    Type(String),
    Empty,
    Newer(i64),
    Perm(char, u32),
    Uid(u32),
    Gid(u32),
    Size(char, u64, u64),
    Mtime(char, i64, i64),
    Const(bool),
    Print(bool),
    Printf(String),
    Delete,
    Prune,
    Quit,
    Exec(Vec<String>, bool),
}

/// The parser state.
pub(super) struct Parser<'a> {
    pub(super) args: &'a [String],
    pub(super) pos: usize,
    pub(super) has_action: bool,
    pub(super) gnu: bool,
    /// Parentheses open now.
    pub(super) depth: usize,
    /// `-regextype`: `emacs` (the default), `posix-basic`, `posix-extended`…
    pub(super) regextype: String,
}

/// A `-regex` pattern compiled to match a whole path, in the given `-regextype`.
fn compile_regex(pattern: &str, regextype: &str, icase: bool) -> Result<regex_lite::Regex, String> {
    use super::regex::{compile, Syntax};
    let extended = matches!(
        regextype,
        "posix-extended" | "egrep" | "posix-egrep" | "findutils-default" | "awk" | "posix-awk"
    );
    if extended {
        return compile(&format!("^({pattern})$"), Syntax::Extended, icase);
    }
    // emacs (find's default): BRE-like grouping `\(\|\)`, but `+` and `?` are operators.
    let mut basic = String::new();
    let mut chars = pattern.chars();
    let mut in_bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                basic.push(c);
                if let Some(n) = chars.next() {
                    basic.push(n);
                }
                continue;
            }
            '[' if !in_bracket => in_bracket = true,
            ']' if in_bracket => in_bracket = false,
            '+' | '?' if !in_bracket && regextype == "emacs" => basic.push('\\'),
            _ => {}
        }
        basic.push(c);
    }
    compile(&format!("^\\({basic}\\)$"), Syntax::Basic, icase)
}

/// How deeply parentheses may nest (the parser and evaluator recurse on them).
const MAX_NESTING: usize = 64;

fn num_arg(s: &str) -> Option<(char, &str)> {
    match s.as_bytes().first() {
        Some(b'+') => Some(('+', &s[1..])),
        Some(b'-') => Some(('-', &s[1..])),
        Some(_) => Some(('=', s)),
        None => None,
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(|s| s.as_str())
    }

    /// Parses `a -o b …` from the current position.
    pub(super) fn or(&mut self, sh: &Shell<'_>) -> Result<Expr, String> {
        // Flat lists, not nested pairs: a long expression never makes a deep tree.
        let mut alts = vec![self.and(sh)?];
        while matches!(self.peek(), Some("-o" | "-or")) {
            self.pos += 1;
            alts.push(self.and(sh)?);
        }
        Ok(if alts.len() == 1 {
            alts.remove(0)
        } else {
            Expr::Or(alts)
        })
    }

    fn and(&mut self, sh: &Shell<'_>) -> Result<Expr, String> {
        let mut all = vec![self.not(sh)?];
        loop {
            match self.peek() {
                Some("-a" | "-and") => self.pos += 1,
                Some("-o" | "-or" | ")") | None => break,
                Some(_) => {}
            }
            all.push(self.not(sh)?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Expr::And(all)
        })
    }

    fn not(&mut self, sh: &Shell<'_>) -> Result<Expr, String> {
        let mut negate = false;
        while matches!(self.peek(), Some("!" | "-not")) {
            self.pos += 1;
            negate = !negate;
        }
        let e = self.primary(sh)?;
        Ok(if negate { Expr::Not(Box::new(e)) } else { e })
    }

    fn value(&mut self, name: &str) -> Result<String, String> {
        let v = self.args.get(self.pos).cloned();
        self.pos += 1;
        v.ok_or_else(|| {
            format!(
                "missing argument to {}",
                if self.gnu { q(name) } else { name.to_string() }
            )
        })
    }

    fn primary(&mut self, sh: &Shell<'_>) -> Result<Expr, String> {
        let Some(tok) = self.peek().map(String::from) else {
            return Err("expected an expression".into());
        };
        self.pos += 1;
        let bad_num = |v: &str, what: &str| format!("invalid argument {} to {}", q(v), q(what));
        Ok(match tok.as_str() {
            "(" => {
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return Err("too many nested parentheses".into());
                }
                let e = self.or(sh)?;
                self.depth -= 1;
                if self.peek() != Some(")") {
                    return Err("missing ')'".into());
                }
                self.pos += 1;
                e
            }
            "-name" | "-iname" => Expr::Name(self.value(&tok)?, tok == "-iname"),
            "-regex" | "-iregex" => {
                let v = self.value(&tok)?;
                let re = compile_regex(&v, &self.regextype, tok == "-iregex")
                    .map_err(|e| format!("invalid regular expression {}: {e}", q(&v)))?;
                Expr::Regex(re)
            }
            "-regextype" => {
                self.regextype = self.value(&tok)?;
                Expr::Const(true)
            }
            "-path" | "-wholename" | "-ipath" => Expr::Path(self.value(&tok)?, tok == "-ipath"),
            "-type" | "-xtype" => {
                let v = self.value(&tok)?;
                if v.is_empty()
                    || !v
                        .split(',')
                        .all(|t| matches!(t, "f" | "d" | "l" | "b" | "c" | "p" | "s"))
                {
                    return Err(format!("Unknown argument to -type: {v}"));
                }
                Expr::Type(v)
            }
            "-empty" => Expr::Empty,
            "-true" => Expr::Const(true),
            "-false" => Expr::Const(false),
            "-newer" => {
                let v = self.value(&tok)?;
                match sh.fs.stat(&super::util::arg_path(sh, &v)) {
                    Ok(n) => Expr::Newer(n.mtime),
                    Err(e) => return Err(format!("{}: {}", q(&v), e.kind.message())),
                }
            }
            "-perm" => {
                let v = self.value(&tok)?;
                let (kind, m) = match v.as_bytes().first() {
                    Some(b'-') => ('-', &v[1..]),
                    Some(b'/') => ('/', &v[1..]),
                    _ => ('=', v.as_str()),
                };
                let mode = super::perms::parse_mode(m)
                    .map(|p| p.apply(0, false))
                    .ok_or_else(|| format!("invalid mode {}", q(m)))?;
                Expr::Perm(kind, mode)
            }
            "-user" | "-uid" => {
                let v = self.value(&tok)?;
                let id = user_id(sh, &v)
                    .map(|(u, _)| u)
                    .ok_or_else(|| format!("{} is not the name of a known user", q(&v)))?;
                Expr::Uid(id)
            }
            "-group" | "-gid" => {
                let v = self.value(&tok)?;
                let id = group_id(sh, &v)
                    .ok_or_else(|| format!("{} is not the name of an existing group", q(&v)))?;
                Expr::Gid(id)
            }
            "-size" => {
                let v = self.value(&tok)?;
                let (sign, rest) = num_arg(&v).ok_or_else(|| bad_num(&v, "-size"))?;
                let (digits, unit) = match rest.chars().last() {
                    Some(c) if c.is_ascii_alphabetic() => (&rest[..rest.len() - 1], c),
                    _ => (rest, 'b'),
                };
                let unit = match unit {
                    'c' => 1,
                    'w' => 2,
                    'b' => 512,
                    'k' => 1024,
                    'M' => 1 << 20,
                    'G' => 1 << 30,
                    _ => return Err(bad_num(&v, "-size")),
                };
                let n = digits.parse().map_err(|_| bad_num(&v, "-size"))?;
                Expr::Size(sign, n, unit)
            }
            "-mtime" | "-mmin" => {
                let v = self.value(&tok)?;
                let (sign, rest) = num_arg(&v).ok_or_else(|| bad_num(&v, &tok))?;
                let n = rest.parse().map_err(|_| bad_num(&v, &tok))?;
                Expr::Mtime(sign, n, if tok == "-mtime" { 86_400 } else { 60 })
            }
            "-print" | "-print0" => {
                self.has_action = true;
                Expr::Print(tok == "-print0")
            }
            "-printf" => {
                self.has_action = true;
                Expr::Printf(self.value(&tok)?)
            }
            "-delete" => {
                self.has_action = true;
                Expr::Delete
            }
            "-prune" => Expr::Prune,
            "-quit" => Expr::Quit,
            "-exec" | "-execdir" | "-ok" => {
                self.has_action = true;
                let mut cmd = Vec::new();
                loop {
                    let Some(a) = self.peek().map(String::from) else {
                        return Err(format!("missing argument to {}", q(&tok)));
                    };
                    self.pos += 1;
                    let batch = a == "+" && cmd.last().is_some_and(|l| l == "{}");
                    if a == ";" || batch {
                        if batch {
                            cmd.pop();
                        }
                        if cmd.is_empty() {
                            return Err(format!("missing argument to {}", q(&tok)));
                        }
                        break Expr::Exec(cmd, batch);
                    }
                    cmd.push(a);
                }
            }
            "-maxdepth"
            | "-mindepth"
            | "-depth"
            | "-xdev"
            | "-mount"
            | "-follow"
            | "-noleaf"
            | "-ignore_readdir_race" => {
                // Options, read before the walk; here they are always true.
                if tok.ends_with("depth") && tok != "-depth" {
                    self.value(&tok)?;
                }
                Expr::Const(true)
            }
            "-readable" => Expr::Access(4),
            "-writable" => Expr::Access(2),
            "-executable" => Expr::Access(1),
            // Every owner of an image's file is in its passwd and group (as far as we know).
            "-nouser" | "-nogroup" => Expr::Const(false),
            other if other.starts_with('-') => {
                return Err(if self.gnu {
                    format!("unknown predicate {}", q(other))
                } else {
                    format!("unrecognized: {other}")
                })
            }
            other => {
                return Err(if self.gnu {
                    format!("paths must precede expression: {}", q(other))
                } else {
                    format!("unrecognized: {other}")
                })
            }
        })
    }
}
