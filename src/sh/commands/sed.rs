//! `sed`: GNU sed's stream editor for the scripts Dockerfiles use — `s///` (flags `g p N i
//! w`), `d p q Q = y a i c n N h H g G x l`, `{ }` blocks, addresses (`N`, `$`, `/re/`,
//! `\%re%`, ranges, `0,/re/`, `addr,+N`, `first~step`, `!`), `-n -e -f -E -r -i[SUFFIX] -s`.
//! Branches (`b`, `t`, `:label`) are not supported (reported as unknown commands), so every
//! script runs in time linear in its input. Errors use GNU's wording (`sed: -e expression
//! #1, char 5: unterminated `s' command`).

use super::regex::{self, Syntax};
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use regex_lite::Regex;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("sed", sed)];

#[derive(Debug, Clone)]
enum Addr {
    Line(usize),
    Last,
    /// `None`: the last regex used.
    Re(Option<Regex>),
    Step(usize, usize),
    /// `+N` (second address only).
    Plus(usize),
}

#[derive(Debug, Clone)]
enum Repl {
    Lit(String),
    Group(usize),
    Case(char),
}

#[derive(Debug, Clone)]
enum Kind {
    Block(usize),
    End,
    Subst {
        re: Option<Regex>,
        repl: Vec<Repl>,
        global: bool,
        nth: usize,
        print: usize,
        write: Option<String>,
    },
    Text(char, String),
    Quit(bool, i32),
    Trans(Vec<(char, char)>),
    Simple(char),
    Write(String),
    Read(String),
}

#[derive(Debug, Clone)]
struct Cmd {
    a1: Option<Addr>,
    a2: Option<Addr>,
    neg: bool,
    kind: Kind,
}

struct Parser<'a> {
    c: Vec<char>,
    i: usize,
    ere: bool,
    /// Expression starts and lengths (chars in the joined script), for error positions.
    starts: &'a [(usize, usize)],
}

type PResult<T> = Result<T, String>;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }
    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.i += 1;
        }
        c
    }
    fn err(&self, msg: &str) -> String {
        let (n, start) = self
            .starts
            .iter()
            .enumerate()
            .rev()
            .find(|(_, &(s, _))| s <= self.i.saturating_sub(1))
            .map(|(n, &(s, len))| (n + 1, (s, len)))
            .unwrap_or((1, (0, self.c.len())));
        let (start, len) = start;
        format!(
            "-e expression #{n}, char {}: {msg}",
            (self.i - start).min(len + 1)
        )
    }
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.i += 1;
        }
    }
    fn number(&mut self) -> Option<usize> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let s: String = self.c[start..self.i].iter().collect();
        s.parse().ok()
    }

    /// Reads up to an unescaped `delim`; `\delim` becomes `delim`, `\n` a newline.
    fn delimited(&mut self, delim: char, regex: bool) -> Option<String> {
        let mut out = String::new();
        loop {
            let c = self.next()?;
            if c == delim {
                return Some(out);
            }
            if c == '\\' {
                let n = self.next()?;
                if n == delim {
                    out.push(n);
                } else if n == 'n' && regex {
                    out.push_str("\\n");
                } else if n == '\n' && !regex {
                    out.push_str("\\\n");
                } else {
                    out.push('\\');
                    out.push(n);
                }
            } else if c == '\n' {
                self.i -= 1;
                return None;
            } else {
                out.push(c);
            }
        }
    }

    fn regex(&mut self, text: &str, icase: bool) -> PResult<Option<Regex>> {
        if text.is_empty() {
            return Ok(None);
        }
        let syntax = if self.ere {
            Syntax::Extended
        } else {
            Syntax::Basic
        };
        regex::compile(text, syntax, icase)
            .map(Some)
            .map_err(|e| self.err(&e))
    }

    fn address(&mut self) -> PResult<Option<Addr>> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let n = self
                    .number()
                    .ok_or_else(|| self.err("invalid line number"))?;
                if self.peek() == Some('~') {
                    self.i += 1;
                    let step = self.number().unwrap_or(0);
                    return Ok(Some(Addr::Step(n, step)));
                }
                Ok(Some(Addr::Line(n)))
            }
            Some('$') => {
                self.i += 1;
                Ok(Some(Addr::Last))
            }
            Some('+') => {
                self.i += 1;
                let n = self
                    .number()
                    .ok_or_else(|| self.err("expected newer version of sed"))?;
                Ok(Some(Addr::Plus(n)))
            }
            Some(c @ ('/' | '\\')) => {
                self.i += 1;
                let delim = if c == '\\' {
                    self.next().ok_or_else(|| self.err("unexpected `,'"))?
                } else {
                    '/'
                };
                let text = self
                    .delimited(delim, true)
                    .ok_or_else(|| self.err("unterminated address regex"))?;
                let mut icase = false;
                while matches!(self.peek(), Some('I' | 'M')) {
                    icase |= self.next() == Some('I');
                }
                Ok(Some(Addr::Re(self.regex(&text, icase)?)))
            }
            _ => Ok(None),
        }
    }

    /// Text of `a`, `i`, `c` (GNU one-line form or `a\` + lines).
    fn text(&mut self) -> String {
        self.skip_ws();
        if self.peek() == Some('\\') {
            self.i += 1;
            if self.peek() == Some('\n') {
                self.i += 1;
            }
        }
        let mut out = String::new();
        while let Some(c) = self.next() {
            match c {
                '\\' => match self.next() {
                    Some('\n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(n) => out.push(n),
                    None => {}
                },
                '\n' => break,
                c => out.push(c),
            }
        }
        out
    }

    fn filename(&mut self) -> String {
        self.skip_ws();
        let mut out = String::new();
        while let Some(c) = self.next() {
            if c == '\n' {
                break;
            }
            out.push(c);
        }
        out
    }

    fn end_of_command(&mut self) -> PResult<()> {
        self.skip_ws();
        match self.peek() {
            None | Some('\n' | ';' | '}' | '#') => {
                if matches!(self.peek(), Some('\n' | ';')) {
                    self.i += 1;
                }
                Ok(())
            }
            _ => {
                self.i += 1;
                Err(self.err("extra characters after command"))
            }
        }
    }

    fn replacement(&self, text: &str, groups: usize) -> PResult<Vec<Repl>> {
        let mut out = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '&' => {
                    out.push(Repl::Lit(std::mem::take(&mut lit)));
                    out.push(Repl::Group(0));
                }
                '\\' => match chars.next() {
                    Some(d @ '0'..='9') => {
                        let n = d as usize - '0' as usize;
                        if n > groups {
                            return Err(
                                self.err(&format!("invalid reference \\{n} on `s' command's RHS"))
                            );
                        }
                        out.push(Repl::Lit(std::mem::take(&mut lit)));
                        out.push(Repl::Group(n));
                    }
                    Some('n') => lit.push('\n'),
                    Some('t') => lit.push('\t'),
                    Some(k @ ('L' | 'U' | 'l' | 'u' | 'E')) => {
                        out.push(Repl::Lit(std::mem::take(&mut lit)));
                        out.push(Repl::Case(k));
                    }
                    Some(n) => lit.push(n),
                    None => lit.push('\\'),
                },
                c => lit.push(c),
            }
        }
        out.push(Repl::Lit(lit));
        Ok(out)
    }

    fn command(&mut self, blocks: &mut Vec<usize>, cmds: &mut Vec<Cmd>) -> PResult<bool> {
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Ok(false),
                Some('\n' | ';') => self.i += 1,
                Some('#') => while !matches!(self.next(), None | Some('\n')) {},
                Some(_) => break,
            }
        }
        let a1 = self.address()?;
        let mut a2 = None;
        if a1.is_some() && self.peek() == Some(',') {
            self.i += 1;
            self.skip_ws();
            a2 = self.address()?;
            if a2.is_none() {
                self.i += 1;
                return Err(self.err("unexpected `,'"));
            }
        }
        if matches!(a1, Some(Addr::Plus(_))) {
            return Err(self.err("unexpected `+'"));
        }
        self.skip_ws();
        let mut neg = false;
        while self.peek() == Some('!') {
            self.i += 1;
            neg = true;
            self.skip_ws();
        }
        let c = match self.next() {
            None => return Err(self.err("missing command")),
            Some('\n' | ';') => {
                self.i -= 1;
                return Err(self.err("missing command"));
            }
            Some(c) => c,
        };
        let one_address = |p: &Self| -> PResult<()> {
            if a2.is_some() {
                Err(p.err("command only uses one address"))
            } else {
                Ok(())
            }
        };
        let kind = match c {
            '{' => {
                blocks.push(cmds.len());
                Kind::Block(0)
            }
            '}' => {
                if a1.is_some() {
                    return Err(self.err("} doesn't want any addresses"));
                }
                let Some(open) = blocks.pop() else {
                    return Err(self.err("unexpected `}'"));
                };
                let here = cmds.len();
                if let Some(Cmd {
                    kind: Kind::Block(end),
                    ..
                }) = cmds.get_mut(open)
                {
                    *end = here + 1;
                }
                cmds.push(Cmd {
                    a1: None,
                    a2: None,
                    neg: false,
                    kind: Kind::End,
                });
                self.end_of_command()?;
                return Ok(true);
            }
            's' => {
                let delim = self
                    .next()
                    .ok_or_else(|| self.err("unterminated `s' command"))?;
                if delim == '\n' || delim == '\\' {
                    return Err(self.err("unterminated `s' command"));
                }
                let pat = self
                    .delimited(delim, true)
                    .ok_or_else(|| self.err("unterminated `s' command"))?;
                let rep = self
                    .delimited(delim, false)
                    .ok_or_else(|| self.err("unterminated `s' command"))?;
                let (mut global, mut nth, mut print, mut icase, mut write) =
                    (false, 0usize, 0usize, false, None);
                loop {
                    match self.peek() {
                        Some('g') => global = true,
                        Some('p') => print += 1,
                        Some('i' | 'I') => icase = true,
                        Some('m' | 'M' | 'e') => {}
                        Some(d) if d.is_ascii_digit() => {
                            let n = self.number().unwrap_or(0);
                            if n == 0 {
                                return Err(
                                    self.err("number option to `s' command may not be zero")
                                );
                            }
                            nth = n;
                            continue;
                        }
                        Some('w') => {
                            self.i += 1;
                            write = Some(self.filename());
                            break;
                        }
                        None | Some('\n' | ';' | '}' | '#' | ' ' | '\t') => break,
                        Some(_) => {
                            self.i += 1;
                            return Err(self.err("unknown option to `s'"));
                        }
                    }
                    self.i += 1;
                }
                if write.is_none() {
                    self.end_of_command()?;
                }
                let re = self.regex(&pat, icase)?;
                let groups = re.as_ref().map_or(9, |r| r.captures_len() - 1);
                let repl = self.replacement(&rep, groups)?;
                cmds.push(Cmd {
                    a1,
                    a2,
                    neg,
                    kind: Kind::Subst {
                        re,
                        repl,
                        global,
                        nth: nth.max(1),
                        print,
                        write,
                    },
                });
                return Ok(true);
            }
            'y' => {
                let delim = self
                    .next()
                    .ok_or_else(|| self.err("unterminated `y' command"))?;
                let from = self
                    .delimited(delim, false)
                    .ok_or_else(|| self.err("unterminated `y' command"))?;
                let to = self
                    .delimited(delim, false)
                    .ok_or_else(|| self.err("unterminated `y' command"))?;
                let unescape = |s: &str| -> Vec<char> {
                    let mut out = Vec::new();
                    let mut it = s.chars();
                    while let Some(c) = it.next() {
                        if c == '\\' {
                            match it.next() {
                                Some('n') => out.push('\n'),
                                Some('t') => out.push('\t'),
                                Some(n) => out.push(n),
                                None => out.push('\\'),
                            }
                        } else {
                            out.push(c);
                        }
                    }
                    out
                };
                let (f, t) = (unescape(&from), unescape(&to));
                if f.len() != t.len() {
                    return Err(self.err("strings for `y' command are different lengths"));
                }
                Kind::Trans(f.into_iter().zip(t).collect())
            }
            'a' | 'i' | 'c' => {
                let text = self.text();
                cmds.push(Cmd {
                    a1,
                    a2,
                    neg,
                    kind: Kind::Text(c, text),
                });
                return Ok(true);
            }
            'q' | 'Q' => {
                one_address(self)?;
                self.skip_ws();
                let code = self.number().unwrap_or(0) as i32;
                Kind::Quit(c == 'q', code)
            }
            'r' | 'R' | 'w' | 'W' => {
                let name = self.filename();
                if name.is_empty() {
                    return Err(self.err(&format!("missing filename in r/R/w/W commands")));
                }
                cmds.push(Cmd {
                    a1,
                    a2,
                    neg,
                    kind: if c == 'w' || c == 'W' {
                        Kind::Write(name)
                    } else {
                        Kind::Read(name)
                    },
                });
                return Ok(true);
            }
            'd' | 'D' | 'p' | 'P' | '=' | 'n' | 'N' | 'h' | 'H' | 'g' | 'G' | 'x' | 'l' | 'z' => {
                Kind::Simple(c)
            }
            _ => return Err(self.err(&format!("unknown command: `{c}'"))),
        };
        cmds.push(Cmd { a1, a2, neg, kind });
        if c != '{' {
            self.end_of_command()?;
        }
        Ok(true)
    }
}

fn parse(script: &str, starts: &[(usize, usize)], ere: bool) -> PResult<Vec<Cmd>> {
    let mut p = Parser {
        c: script.chars().collect(),
        i: 0,
        ere,
        starts,
    };
    let mut cmds = Vec::new();
    let mut blocks = Vec::new();
    while p.command(&mut blocks, &mut cmds)? {}
    if !blocks.is_empty() {
        return Err("-e expression #1, char 0: unmatched `{'".into());
    }
    Ok(cmds)
}

struct Input {
    /// `(name, lines, whether the last line ended with a newline)`.
    files: Vec<(String, Vec<String>, bool)>,
}

struct Run<'a> {
    cmds: &'a [Cmd],
    quiet: bool,
    /// Range state per command: `Some(end line)` or `Some(0)` for a regex end.
    active: Vec<Option<usize>>,
    last_re: Option<Regex>,
    hold: String,
    out: String,
    writes: Vec<(String, String)>,
}

impl Run<'_> {
    fn matches_one(&mut self, a: &Addr, line: usize, last: bool, ps: &str) -> bool {
        match a {
            Addr::Line(n) => *n == line,
            Addr::Last => last,
            Addr::Step(f, s) => {
                if *s == 0 {
                    line == *f
                } else {
                    line >= *f && (line - *f) % s == 0
                }
            }
            Addr::Plus(_) => false,
            Addr::Re(re) => {
                if let Some(r) = re {
                    self.last_re = Some(r.clone());
                }
                self.last_re.as_ref().is_some_and(|r| r.is_match(ps))
            }
        }
    }

    fn selected(&mut self, k: usize, line: usize, last: bool, ps: &str) -> bool {
        let cmd = &self.cmds[k];
        let hit = match (&cmd.a1, &cmd.a2) {
            (None, _) => true,
            (Some(a1), None) => self.matches_one(&a1.clone(), line, last, ps),
            (Some(a1), Some(a2)) => {
                let (a1, a2) = (a1.clone(), a2.clone());
                if let Some(end) = self.active[k] {
                    let done = match &a2 {
                        Addr::Line(_) | Addr::Plus(_) => line >= end,
                        _ => self.matches_one(&a2, line, last, ps),
                    };
                    if done {
                        self.active[k] = None;
                    }
                    true
                } else {
                    let start = match a1 {
                        Addr::Line(0) => line == 1 || false,
                        _ => self.matches_one(&a1, line, last, ps),
                    };
                    let zero = matches!(a1, Addr::Line(0));
                    if !start {
                        false
                    } else {
                        match a2 {
                            Addr::Line(n) if n > line => self.active[k] = Some(n),
                            Addr::Line(_) => {}
                            Addr::Plus(n) if n > 0 => self.active[k] = Some(line + n),
                            Addr::Plus(_) => {}
                            _ if zero && self.matches_one(&a2, line, last, ps) => {}
                            _ if last => {}
                            _ => self.active[k] = Some(0),
                        }
                        true
                    }
                }
            }
        };
        hit != cmd.neg
    }
}

fn substitute(re: &Regex, repl: &[Repl], global: bool, nth: usize, ps: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut count = 0;
    let mut done = false;
    for caps in re.captures_iter(ps) {
        let Some(m) = caps.get(0) else { continue };
        count += 1;
        if count < nth {
            continue;
        }
        out.push_str(&ps[last..m.start()]);
        let mut case: Option<char> = None;
        let mut one: Option<char> = None;
        for r in repl {
            let piece = match r {
                Repl::Lit(s) => s.as_str(),
                Repl::Group(n) => caps.get(*n).map_or("", |g| g.as_str()),
                Repl::Case(k) => {
                    match k {
                        'L' | 'U' => case = Some(*k),
                        'E' => case = None,
                        _ => one = Some(*k),
                    }
                    continue;
                }
            };
            for ch in piece.chars() {
                let ch: String = match (one.take(), case) {
                    (Some('u'), _) | (None, Some('U')) => ch.to_uppercase().collect(),
                    (Some('l'), _) | (None, Some('L')) => ch.to_lowercase().collect(),
                    _ => ch.to_string(),
                };
                out.push_str(&ch);
            }
        }
        last = m.end();
        done = true;
        if !global {
            break;
        }
    }
    if !done {
        return None;
    }
    out.push_str(&ps[last..]);
    Some(out)
}

/// Runs the script over the lines; returns the exit code when `q`/`Q` stopped it.
fn execute(
    run: &mut Run<'_>,
    sh: &mut Shell<'_>,
    lines: &[String],
    last_file: bool,
    lineno: &mut usize,
    io: &mut Io,
) -> Option<i32> {
    let mut idx = 0;
    while idx < lines.len() {
        let mut ps = lines[idx].clone();
        idx += 1;
        *lineno += 1;
        let mut append = String::new();
        let mut k = 0;
        let mut deleted = false;
        let mut quit = None;
        while k < run.cmds.len() {
            let is_last = last_file && idx == lines.len();
            if !run.selected(k, *lineno, is_last, &ps) {
                k = match run.cmds[k].kind {
                    Kind::Block(end) => end,
                    _ => k + 1,
                };
                continue;
            }
            let kind = run.cmds[k].kind.clone();
            k += 1;
            match kind {
                Kind::Block(_) | Kind::End => {}
                Kind::Subst {
                    re,
                    repl,
                    global,
                    nth,
                    print,
                    write,
                } => {
                    let re = match re {
                        Some(r) => {
                            run.last_re = Some(r.clone());
                            r
                        }
                        None => match run.last_re.clone() {
                            Some(r) => r,
                            None => {
                                io.eprint("sed: no previous regular expression\n");
                                return Some(1);
                            }
                        },
                    };
                    if let Some(new) = substitute(&re, &repl, global, nth, &ps) {
                        ps = new;
                        for _ in 0..print {
                            run.out.push_str(&ps);
                            run.out.push('\n');
                        }
                        if let Some(w) = write {
                            push_write(run, &w, &ps);
                        }
                    }
                }
                Kind::Text('a', t) => {
                    append.push_str(&t);
                    append.push('\n');
                }
                Kind::Text('i', t) => {
                    run.out.push_str(&t);
                    run.out.push('\n');
                }
                Kind::Text(_, t) => {
                    let cmd = &run.cmds[k - 1];
                    if cmd.a2.is_none() || run.active[k - 1].is_none() || cmd.neg {
                        run.out.push_str(&t);
                        run.out.push('\n');
                    }
                    deleted = true;
                    break;
                }
                Kind::Quit(print, code) => {
                    if !print {
                        deleted = true;
                    }
                    quit = Some(code);
                    break;
                }
                Kind::Trans(map) => {
                    ps = ps
                        .chars()
                        .map(|c| map.iter().find(|(f, _)| *f == c).map_or(c, |(_, t)| *t))
                        .collect();
                }
                Kind::Write(name) => push_write(run, &name, &ps),
                Kind::Read(name) => {
                    if let Ok(data) = sh.read_file(&name) {
                        let text = String::from_utf8_lossy(&data).into_owned();
                        append.push_str(&text);
                        if !text.is_empty() && !text.ends_with('\n') {
                            append.push('\n');
                        }
                    }
                }
                Kind::Simple(c) => match c {
                    'd' => {
                        deleted = true;
                        break;
                    }
                    'D' => {
                        match ps.find('\n') {
                            Some(n) => ps = ps[n + 1..].to_string(),
                            None => {}
                        }
                        deleted = true;
                        break;
                    }
                    'p' => {
                        run.out.push_str(&ps);
                        run.out.push('\n');
                    }
                    'P' => {
                        run.out.push_str(ps.split('\n').next().unwrap_or(""));
                        run.out.push('\n');
                    }
                    '=' => run.out.push_str(&format!("{lineno}\n")),
                    'l' => {
                        let mut s = String::new();
                        for ch in ps.chars() {
                            match ch {
                                '\\' => s.push_str("\\\\"),
                                '\n' => s.push_str("\\n"),
                                '\t' => s.push_str("\\t"),
                                c if (c as u32) < 32 || c as u32 == 127 => {
                                    s.push_str(&format!("\\{:03o}", c as u32))
                                }
                                c => s.push(c),
                            }
                        }
                        run.out.push_str(&s);
                        run.out.push_str("$\n");
                    }
                    'z' => ps.clear(),
                    'h' => run.hold = ps.clone(),
                    'H' => {
                        run.hold.push('\n');
                        run.hold.push_str(&ps);
                    }
                    'g' => ps = run.hold.clone(),
                    'G' => {
                        ps.push('\n');
                        ps.push_str(&run.hold);
                    }
                    'x' => std::mem::swap(&mut ps, &mut run.hold),
                    'n' | 'N' => {
                        if idx >= lines.len() {
                            // No next line: GNU prints the pattern space and exits.
                            quit = Some(0);
                            break;
                        }
                        if c == 'n' {
                            if !run.quiet {
                                run.out.push_str(&ps);
                                run.out.push('\n');
                            }
                            ps = lines[idx].clone();
                        } else {
                            ps.push('\n');
                            ps.push_str(&lines[idx]);
                        }
                        run.out.push_str(&append);
                        append.clear();
                        idx += 1;
                        *lineno += 1;
                    }
                    _ => {}
                },
            }
        }
        if !deleted && !run.quiet {
            run.out.push_str(&ps);
            run.out.push('\n');
        }
        run.out.push_str(&append);
        if let Some(code) = quit {
            return Some(code);
        }
    }
    None
}

fn push_write(run: &mut Run<'_>, name: &str, text: &str) {
    let line = format!("{text}\n");
    match run.writes.iter_mut().find(|(n, _)| n == name) {
        Some((_, buf)) => buf.push_str(&line),
        None => run.writes.push((name.to_string(), line)),
    }
}

fn sed(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut scripts: Vec<String> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let (mut quiet, mut ere, mut in_place, mut separate) = (false, false, None::<String>, false);
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].clone();
        i += 1;
        if a == "--" {
            files.extend(argv[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long.split_once('=').map_or(long, |(n, _)| n) {
                "quiet" | "silent" => quiet = true,
                "regexp-extended" => ere = true,
                "separate" => separate = true,
                "in-place" => {
                    in_place = Some(long.split_once('=').map_or(String::new(), |(_, v)| v.to_string()))
                }
                "expression" | "file" => {
                    let v = match long.split_once('=') {
                        Some((_, v)) => v.to_string(),
                        None if i < argv.len() => {
                            i += 1;
                            argv[i - 1].clone()
                        }
                        None => return io.fail("sed", format!("option '--{long}' requires an argument"), 1),
                    };
                    if long.starts_with("file") {
                        match sh.read_file(&v) {
                            Ok(d) => scripts.push(String::from_utf8_lossy(&d).trim_end_matches('\n').to_string()),
                            Err(e) => return io.fail("sed", format!("couldn't open file {e}"), 1),
                        }
                    } else {
                        scripts.push(v);
                    }
                }
                "posix" | "debug" | "follow-symlinks" | "sandbox" | "unbuffered" | "null-data" => {}
                _ => return io.fail("sed", format!("unrecognized option '{a}'\nUsage: sed [OPTION]... {{script-only-if-no-other-script}} [input-file]..."), 1),
            }
            continue;
        }
        if !a.starts_with('-') || a == "-" {
            files.push(a);
            continue;
        }
        let flags: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < flags.len() {
            let f = flags[k];
            k += 1;
            match f {
                'n' => quiet = true,
                'E' | 'r' => ere = true,
                's' => separate = true,
                'u' | 'z' => {}
                'i' => {
                    in_place = Some(flags[k..].iter().collect());
                    k = flags.len();
                }
                'e' | 'f' => {
                    let rest: String = flags[k..].iter().collect();
                    k = flags.len();
                    let v = if !rest.is_empty() {
                        rest
                    } else if i < argv.len() {
                        i += 1;
                        argv[i - 1].clone()
                    } else {
                        return io.fail("sed", format!("option requires an argument -- '{f}'\nUsage: sed [OPTION]... {{script-only-if-no-other-script}} [input-file]..."), 1);
                    };
                    if f == 'f' {
                        match sh.read_file(&v) {
                            Ok(d) => scripts.push(String::from_utf8_lossy(&d).trim_end_matches('\n').to_string()),
                            Err(e) => return io.fail("sed", format!("couldn't open file {e}"), 1),
                        }
                    } else {
                        scripts.push(v);
                    }
                }
                _ => return io.fail("sed", format!("invalid option -- '{f}'\nUsage: sed [OPTION]... {{script-only-if-no-other-script}} [input-file]..."), 1),
            }
        }
    }
    if scripts.is_empty() {
        if files.is_empty() {
            return io.fail(
                "sed",
                "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...",
                1,
            );
        }
        scripts.push(files.remove(0));
    }
    let mut starts = Vec::new();
    let mut joined = String::new();
    for s in &scripts {
        starts.push((joined.chars().count(), s.chars().count()));
        joined.push_str(s);
        joined.push('\n');
    }
    let cmds = match parse(&joined, &starts, ere) {
        Ok(c) => c,
        Err(e) => return io.fail("sed", e, 1),
    };
    if in_place.is_some() && files.is_empty() {
        return io.fail("sed", "no input files", 1);
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = 0;
    let mut input = Input { files: Vec::new() };
    for f in &files {
        let data = if f == "-" {
            Ok(io.read_stdin())
        } else {
            sh.read_file(f)
        };
        match data {
            Ok(d) => {
                let text = String::from_utf8_lossy(&d).into_owned();
                let nl = text.ends_with('\n');
                let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
                if nl || text.is_empty() {
                    lines.pop();
                }
                input.files.push((f.clone(), lines, nl));
            }
            Err(e) => {
                let e = if e.ends_with("Is a directory") {
                    format!("couldn't edit {f}: not a regular file")
                } else {
                    format!("can't read {e}")
                };
                io.eprint(format!("sed: {e}\n"));
                status = 2;
            }
        }
    }
    let mut run = Run {
        cmds: &cmds,
        quiet,
        active: vec![None; cmds.len()],
        last_re: None,
        hold: String::new(),
        out: String::new(),
        writes: Vec::new(),
    };
    let mut lineno = 0;
    let per_file = in_place.is_some() || separate;
    if per_file {
        let n = input.files.len();
        for (fi, (name, lines, nl)) in input.files.iter().enumerate() {
            run.out.clear();
            run.active.iter_mut().for_each(|a| *a = None);
            if in_place.is_some() {
                lineno = 0;
            }
            let q = execute(
                &mut run,
                sh,
                lines,
                in_place.is_some() || fi + 1 == n,
                &mut lineno,
                io,
            );
            if !*nl && run.out.ends_with('\n') && !lines.is_empty() {
                run.out.pop();
            }
            if let Some(suffix) = in_place.as_deref().filter(|_| name != "-") {
                if !suffix.is_empty() {
                    let backup = if suffix.contains('*') {
                        suffix.replace('*', name)
                    } else {
                        format!("{name}{suffix}")
                    };
                    let orig = sh.read_file(name).unwrap_or_default();
                    if let Err(e) = sh.write_file(&backup, orig, false) {
                        return io.fail("sed", format!("couldn't open file {e}"), 4);
                    }
                }
                let out = std::mem::take(&mut run.out).into_bytes();
                if let Err(e) = sh.write_file(name, out, false) {
                    return io.fail("sed", format!("couldn't open file {e}"), 4);
                }
            } else {
                io.print(std::mem::take(&mut run.out));
            }
            if let Some(code) = q {
                status = code;
                break;
            }
        }
    } else {
        let all: Vec<String> = input
            .files
            .iter()
            .flat_map(|(_, l, _)| l.iter().cloned())
            .collect();
        let nl = input.files.last().is_none_or(|(_, _, nl)| *nl);
        if let Some(code) = execute(&mut run, sh, &all, true, &mut lineno, io) {
            status = code;
        }
        if !nl && run.out.ends_with('\n') {
            run.out.pop();
        }
        io.print(std::mem::take(&mut run.out));
    }
    for (name, text) in std::mem::take(&mut run.writes) {
        if name == "/dev/stdout" {
            io.print(text);
        } else if name == "/dev/stderr" {
            io.eprint(text);
        } else if let Err(e) = sh.write_file(&name, text.into_bytes(), false) {
            return io.fail("sed", format!("couldn't open file {e}"), 4);
        }
    }
    status
}
