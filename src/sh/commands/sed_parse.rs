//! The `sed` script parser: addresses, commands, `s` flags and replacements, `{ }` blocks,
//! errors with GNU's expression number and character position.

use super::{Addr, Cmd, Kind, Repl};
use crate::sh::commands::regex::{self, Syntax};
use regex_lite::Regex;

pub(super) struct Parser<'a> {
    c: Vec<char>,
    i: usize,
    ere: bool,
    /// Expression starts and lengths (chars in the joined script), for error positions.
    starts: &'a [(usize, usize)],
}

pub(super) type PResult<T> = Result<T, String>;

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

    /// A label: up to a newline or `;` (GNU), surrounding blanks dropped.
    fn label(&mut self) -> String {
        self.skip_ws();
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == '\n' || c == ';' {
                self.i += 1;
                break;
            }
            if c == '}' {
                break;
            }
            out.push(c);
            self.i += 1;
        }
        out.trim_end().to_string()
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
                    return Err(self.err("missing filename in r/R/w/W commands"));
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
            ':' => {
                if a1.is_some() {
                    return Err(self.err(": doesn't want any addresses"));
                }
                let label = self.label();
                if label.is_empty() {
                    return Err(self.err("\":\" lacks a label"));
                }
                cmds.push(Cmd {
                    a1,
                    a2,
                    neg,
                    kind: Kind::Label(label),
                });
                return Ok(true);
            }
            'b' | 't' | 'T' => {
                let label = self.label();
                cmds.push(Cmd {
                    a1,
                    a2,
                    neg,
                    kind: Kind::Branch(c, label, 0),
                });
                return Ok(true);
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

pub(super) fn parse(script: &str, starts: &[(usize, usize)], ere: bool) -> PResult<Vec<Cmd>> {
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
    // Resolve branch targets: a label's index, or the end of the script.
    let labels: Vec<(String, usize)> = cmds
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match &c.kind {
            Kind::Label(l) => Some((l.clone(), i)),
            _ => None,
        })
        .collect();
    let end = cmds.len();
    for c in cmds.iter_mut() {
        if let Kind::Branch(_, label, target) = &mut c.kind {
            *target = if label.is_empty() {
                end
            } else {
                match labels.iter().find(|(l, _)| l == label) {
                    Some((_, i)) => *i,
                    None => return Err(format!("can't find label for jump to `{label}'")),
                }
            };
        }
    }
    Ok(cmds)
}
