//! `expr`: POSIX expressions over its arguments — `|`, `&`, comparisons, `+ - * / %`,
//! `STRING : REGEX` (anchored BRE: the `\(…\)` group or the match length), and GNU's
//! `length`, `substr`, `index`, `match`, `+ TOKEN`. Integers are 64-bit; overflow, division
//! by zero and non-integers are errors (status 2). Parentheses and prefix
//! operators nest at most 32 deep (a 1 MiB stack is enough).

use super::regex::{self, Syntax};
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("expr", expr)];

const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone)]
enum Val {
    Int(i64),
    Str(String),
}

impl Val {
    fn text(&self) -> String {
        match self {
            Val::Int(n) => n.to_string(),
            Val::Str(s) => s.clone(),
        }
    }
    fn int(&self) -> Option<i64> {
        match self {
            Val::Int(n) => Some(*n),
            Val::Str(s) => parse_int(s),
        }
    }
    fn is_null(&self) -> bool {
        match self {
            Val::Int(n) => *n == 0,
            Val::Str(s) => s.is_empty() || parse_int(s) == Some(0),
        }
    }
}

fn parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

struct P<'a> {
    t: &'a [String],
    i: usize,
    depth: usize,
}

type R = Result<Val, String>;

const SYNTAX: &str = "syntax error";

impl P<'_> {
    fn peek(&self) -> Option<&str> {
        self.t.get(self.i).map(String::as_str)
    }
    fn eat(&mut self, op: &str) -> bool {
        if self.peek() == Some(op) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn or(&mut self) -> R {
        let mut l = self.and()?;
        while self.eat("|") {
            let r = self.and()?;
            l = if !l.is_null() {
                l
            } else if !r.is_null() {
                r
            } else {
                Val::Int(0)
            };
        }
        Ok(l)
    }
    fn and(&mut self) -> R {
        let mut l = self.cmp()?;
        while self.eat("&") {
            let r = self.cmp()?;
            l = if l.is_null() || r.is_null() {
                Val::Int(0)
            } else {
                l
            };
        }
        Ok(l)
    }
    fn cmp(&mut self) -> R {
        let mut l = self.add()?;
        while let Some(op) = self
            .peek()
            .filter(|o| ["=", "==", "!=", "<", "<=", ">", ">="].contains(o))
        {
            let op = op.to_string();
            self.i += 1;
            let r = self.add()?;
            let ord = match (l.int(), r.int()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => l.text().cmp(&r.text()),
            };
            let b = match op.as_str() {
                "=" | "==" => ord.is_eq(),
                "!=" => ord.is_ne(),
                "<" => ord.is_lt(),
                "<=" => ord.is_le(),
                ">" => ord.is_gt(),
                _ => ord.is_ge(),
            };
            l = Val::Int(b as i64);
        }
        Ok(l)
    }
    fn arith(l: &Val, r: &Val, op: &str) -> R {
        let (Some(a), Some(b)) = (l.int(), r.int()) else {
            return Err("non-integer argument".into());
        };
        let v = match op {
            "+" => a.checked_add(b),
            "-" => a.checked_sub(b),
            "*" => a.checked_mul(b),
            _ if b == 0 => return Err("division by zero".into()),
            "/" => a.checked_div(b),
            _ => a.checked_rem(b),
        };
        v.map(Val::Int)
            .ok_or_else(|| "result too large".to_string())
    }
    fn add(&mut self) -> R {
        let mut l = self.mul()?;
        while let Some(op) = self.peek().filter(|o| *o == "+" || *o == "-") {
            let op = op.to_string();
            self.i += 1;
            let r = self.mul()?;
            l = Self::arith(&l, &r, &op)?;
        }
        Ok(l)
    }
    fn mul(&mut self) -> R {
        let mut l = self.colon()?;
        while let Some(op) = self.peek().filter(|o| ["*", "/", "%"].contains(o)) {
            let op = op.to_string();
            self.i += 1;
            let r = self.colon()?;
            l = Self::arith(&l, &r, &op)?;
        }
        Ok(l)
    }
    fn colon(&mut self) -> R {
        let mut l = self.primary()?;
        while self.eat(":") {
            let r = self.primary()?;
            l = matches(&l.text(), &r.text())?;
        }
        Ok(l)
    }
    fn token(&mut self) -> Result<String, String> {
        let t = self.peek().ok_or(SYNTAX)?.to_string();
        self.i += 1;
        Ok(t)
    }
    fn primary(&mut self) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SYNTAX.into());
        }
        let v = self.primary_inner();
        self.depth -= 1;
        v
    }
    fn primary_inner(&mut self) -> R {
        let Some(t) = self.peek().map(String::from) else {
            return Err(SYNTAX.into());
        };
        let has = |n: usize| self.i + n < self.t.len();
        match t.as_str() {
            "(" => {
                self.i += 1;
                let v = self.or()?;
                if !self.eat(")") {
                    return Err(SYNTAX.into());
                }
                Ok(v)
            }
            "+" if has(1) => {
                self.i += 1;
                Ok(Val::Str(self.token()?))
            }
            "length" if has(1) => {
                self.i += 1;
                let s = self.primary()?.text();
                Ok(Val::Int(s.chars().count() as i64))
            }
            "match" if has(2) => {
                self.i += 1;
                let s = self.primary()?.text();
                let r = self.primary()?.text();
                matches(&s, &r)
            }
            "index" if has(2) => {
                self.i += 1;
                let s = self.primary()?.text();
                let set = self.primary()?.text();
                let pos = s.chars().position(|c| set.contains(c)).map_or(0, |p| p + 1);
                Ok(Val::Int(pos as i64))
            }
            "substr" if has(3) => {
                self.i += 1;
                let s = self.primary()?.text();
                let pos = self.primary()?.int();
                let len = self.primary()?.int();
                let (Some(pos), Some(len)) = (pos, len) else {
                    return Ok(Val::Str(String::new()));
                };
                if pos < 1 || len < 1 {
                    return Ok(Val::Str(String::new()));
                }
                Ok(Val::Str(
                    s.chars()
                        .skip(pos as usize - 1)
                        .take(len as usize)
                        .collect(),
                ))
            }
            ")" => Err(SYNTAX.into()),
            _ => {
                self.i += 1;
                Ok(match parse_int(&t) {
                    Some(n) => Val::Int(n),
                    None => Val::Str(t),
                })
            }
        }
    }
}

/// `STRING : REGEX`: anchored at the start.
fn matches(s: &str, pattern: &str) -> R {
    let text = regex::translate(pattern, Syntax::Basic)?;
    let re = regex::build(&format!("^(?:{text})"), false)?;
    let groups = re.captures_len() > 1;
    let Some(c) = re.captures(s) else {
        return Ok(if groups {
            Val::Str(String::new())
        } else {
            Val::Int(0)
        });
    };
    let (mut end, mut first) = (
        c.get(0).map_or(0, |m| m.end()),
        c.get(1).map(|g| g.as_str().to_string()),
    );
    // POSIX: the longest match from the start (`expr ab : 'a\|ab'` is 2).
    if let Some(w) = regex::build(&text, false)
        .ok()
        .as_ref()
        .and_then(regex::whole)
    {
        let longer = regex::longest_end(&w, s, 0, end);
        if longer > end {
            if let Some(c2) = w.captures(&s[..longer]) {
                end = longer;
                first = c2.get(1).map(|g| g.as_str().to_string());
            }
        }
    }
    Ok(if groups {
        Val::Str(first.unwrap_or_default())
    } else {
        Val::Int(s[..end].chars().count() as i64)
    })
}

fn expr(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let args = &argv[1..];
    if args.is_empty() {
        return io.fail(
            "expr",
            "missing operand\nTry 'expr --help' for more information.",
            2,
        );
    }
    let mut p = P {
        t: args,
        i: 0,
        depth: 0,
    };
    let v = match p.or() {
        Ok(v) => v,
        Err(e) if busybox && e == "non-integer argument" => {
            return io.fail("expr", "non-numeric argument", 2)
        }
        Err(e) => return io.fail("expr", e, 2),
    };
    if p.i < args.len() && busybox {
        return io.fail("expr", "syntax error", 2);
    }
    if p.i < args.len() {
        return io.fail(
            "expr",
            format!("syntax error: unexpected argument '{}'", args[p.i]),
            2,
        );
    }
    io.println(v.text());
    if v.is_null() {
        1
    } else {
        0
    }
}
