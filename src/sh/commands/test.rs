//! `test` and `[`: file tests, string and integer comparisons, `!`, `-a`, `-o` and
//! parentheses, with POSIX's rules by argument count first. Errors are worded like dash's
//! builtin (`sh: 1: [: Illegal number: x`) or busybox's (`sh: x: bad number`); status 2.

use super::CommandFn;
use crate::fs::NodeKind;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("test", test), ("[", test)];

const UNARY: &[&str] = &[
    "-e", "-f", "-d", "-L", "-h", "-s", "-r", "-w", "-x", "-n", "-z", "-b", "-c", "-p", "-S", "-t",
    "-g", "-u", "-k", "-G", "-O",
];

struct Eval<'a, 'b> {
    sh: &'a Shell<'b>,
    args: &'a [String],
    pos: usize,
    depth: usize,
}

fn is_binary(sh: &Shell<'_>, op: &str) -> bool {
    matches!(
        op,
        "=" | "!="
            | "<"
            | ">"
            | "-eq"
            | "-ne"
            | "-lt"
            | "-le"
            | "-gt"
            | "-ge"
            | "-nt"
            | "-ot"
            | "-ef"
    ) || (op == "==" && (!sh.os.dash || sh.bash))
}

impl Eval<'_, '_> {
    fn number(&self, s: &str) -> Result<i64, String> {
        let t = s.trim();
        let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
        let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        let parsed = if ok { t.parse::<i64>().ok() } else { None };
        parsed.ok_or_else(|| {
            if self.sh.bash {
                format!("{s}: integer expression expected")
            } else if self.sh.os.dash {
                format!("Illegal number: {s}")
            } else if ok {
                format!("{s}: out of range")
            } else {
                format!("{s}: bad number")
            }
        })
    }

    fn unary(&self, op: &str, arg: &str) -> Result<bool, String> {
        let sh = self.sh;
        let path = super::util::arg_path(sh, arg);
        let stat = || {
            if arg.is_empty() {
                None
            } else {
                sh.fs.stat(&path).ok()
            }
        };
        Ok(match op {
            "-n" => !arg.is_empty(),
            "-z" => arg.is_empty(),
            "-e" => stat().is_some(),
            "-f" => stat().is_some_and(|n| matches!(n.kind, NodeKind::File(_))),
            "-d" => stat().is_some_and(|n| n.is_dir()),
            "-L" | "-h" => {
                !arg.is_empty()
                    && sh
                        .fs
                        .resolve(&path, false)
                        .ok()
                        .and_then(|r| sh.fs.lstat(&r).ok())
                        .is_some_and(|n| matches!(n.kind, NodeKind::Symlink(_)))
            }
            "-s" => stat().is_some_and(|n| n.is_dir() || n.size() > 0),
            "-r" | "-w" | "-x" => stat().is_some_and(|n| {
                let bit = match op {
                    "-r" => 4,
                    "-w" => 2,
                    _ => 1,
                };
                if sh.uid == 0 {
                    bit != 1 || n.mode & 0o111 != 0 || n.is_dir()
                } else if n.uid == sh.uid {
                    n.mode >> 6 & bit != 0
                } else if n.gid == sh.gid {
                    n.mode >> 3 & bit != 0
                } else {
                    n.mode & bit != 0
                }
            }),
            "-u" => stat().is_some_and(|n| n.mode & 0o4000 != 0),
            "-g" => stat().is_some_and(|n| n.mode & 0o2000 != 0),
            "-k" => stat().is_some_and(|n| n.mode & 0o1000 != 0),
            "-O" => stat().is_some_and(|n| n.uid == sh.uid),
            "-G" => stat().is_some_and(|n| n.gid == sh.gid),
            "-t" => {
                self.number(arg)?;
                false
            }
            // No devices, pipes or sockets in an image's filesystem.
            _ => false,
        })
    }

    fn binary(&self, a: &str, op: &str, b: &str) -> Result<bool, String> {
        let sh = self.sh;
        Ok(match op {
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a.as_bytes() < b.as_bytes(),
            ">" => a.as_bytes() > b.as_bytes(),
            "-nt" | "-ot" => {
                let ta = sh
                    .fs
                    .stat(&super::util::arg_path(sh, a))
                    .ok()
                    .map(|n| n.mtime);
                let tb = sh
                    .fs
                    .stat(&super::util::arg_path(sh, b))
                    .ok()
                    .map(|n| n.mtime);
                match (ta, tb, op) {
                    (Some(x), Some(y), "-nt") => x > y,
                    (Some(_), None, "-nt") => true,
                    (Some(x), Some(y), _) => x < y,
                    (None, Some(_), _) => true,
                    _ => false,
                }
            }
            "-ef" => {
                let ra = sh.fs.resolve(&super::util::arg_path(sh, a), true);
                let rb = sh.fs.resolve(&super::util::arg_path(sh, b), true);
                matches!((ra, rb), (Ok(x), Ok(y)) if x == y && sh.fs.exists(&x))
            }
            _ => {
                let (x, y) = (self.number(a)?, self.number(b)?);
                match op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    _ => x >= y,
                }
            }
        })
    }

    fn peek(&self, k: usize) -> Option<&str> {
        self.args.get(self.pos + k).map(|s| s.as_str())
    }

    fn expr(&mut self) -> Result<bool, String> {
        let mut v = self.and()?;
        while self.peek(0) == Some("-o") {
            self.pos += 1;
            let r = self.and()?;
            v = v || r;
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut v = self.not()?;
        while self.peek(0) == Some("-a") {
            self.pos += 1;
            let r = self.not()?;
            v = v && r;
        }
        Ok(v)
    }

    fn not(&mut self) -> Result<bool, String> {
        let mut negate = false;
        while self.peek(0) == Some("!") && self.peek(1).is_some() {
            self.pos += 1;
            negate = !negate;
        }
        Ok(self.primary()? != negate)
    }

    fn primary(&mut self) -> Result<bool, String> {
        let Some(a) = self.peek(0).map(String::from) else {
            return Err(self.expected());
        };
        if let (Some(op), Some(b)) = (self.peek(1), self.peek(2)) {
            if is_binary(self.sh, op) {
                let (op, b) = (op.to_string(), b.to_string());
                self.pos += 3;
                return self.binary(&a, &op, &b);
            }
        }
        if a == "(" {
            self.pos += 1;
            // Parentheses recurse: bound them so no argument list can exhaust the stack.
            self.depth += 1;
            if self.depth > 64 {
                return Err("expression too complex".to_string());
            }
            let v = self.expr()?;
            self.depth -= 1;
            if self.peek(0) != Some(")") {
                return Err(match self.peek(0) {
                    Some(t) if !self.sh.os.dash => format!("{t}: unknown operand"),
                    Some(t) => format!("{t}: unexpected operator"),
                    None => "closing paren expected".to_string(),
                });
            }
            self.pos += 1;
            return Ok(v);
        }
        if UNARY.contains(&a.as_str()) {
            if let Some(b) = self.peek(1).map(String::from) {
                self.pos += 2;
                return self.unary(&a, &b);
            }
        }
        self.pos += 1;
        Ok(!a.is_empty())
    }

    fn expected(&self) -> String {
        if self.sh.os.dash {
            "argument expected".to_string()
        } else {
            "syntax error".to_string()
        }
    }

    /// POSIX's rules for up to four arguments, then the general grammar.
    fn eval(&mut self) -> Result<bool, String> {
        let n = self.args.len() - self.pos;
        let a = |k: usize| self.args[self.pos + k].as_str();
        match n {
            0 => return Ok(false),
            1 => return Ok(!a(0).is_empty()),
            2 if a(0) == "!" => return Ok(a(1).is_empty()),
            2 if UNARY.contains(&a(0)) => return self.unary(a(0), a(1)),
            2 => {
                return Err(if self.sh.os.dash {
                    format!("{}: unexpected operator", a(0))
                } else {
                    format!("{}: unknown operand", a(0))
                })
            }
            3 if is_binary(self.sh, a(1)) => return self.binary(a(0), a(1), a(2)),
            3 if a(0) == "!" => {
                self.pos += 1;
                return Ok(!self.eval()?);
            }
            3 if a(0) == "(" && a(2) == ")" => return Ok(!a(1).is_empty()),
            4 if a(0) == "!" => {
                self.pos += 1;
                return Ok(!self.eval()?);
            }
            4 if a(0) == "(" && a(3) == ")" => {
                self.args = &self.args[..self.args.len() - 1];
                self.pos += 1;
                return self.eval();
            }
            _ => {}
        }
        let v = self.expr()?;
        match self.peek(0) {
            None => Ok(v),
            Some(t) if self.sh.os.dash => {
                // dash names the last operand it read, not the token it choked on.
                let t = self
                    .pos
                    .checked_sub(1)
                    .and_then(|i| self.args.get(i))
                    .map_or(t, |s| s.as_str());
                Err(format!("{t}: unexpected operator"))
            }
            Some(t) => Err(format!("{t}: unknown operand")),
        }
    }
}

fn test(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let name = argv.first().map_or("test", |s| s.as_str());
    let prefix = if sh.os.dash || sh.bash {
        format!("{}{name}: ", sh.sh_prefix())
    } else {
        "sh: ".to_string()
    };
    let mut args = argv.get(1..).unwrap_or_default();
    if name == "[" {
        match args.split_last() {
            Some((last, rest)) if last == "]" => args = rest,
            _ => {
                let what = if sh.bash { "missing `]'" } else { "missing ]" };
                io.eprint(format!("{prefix}{what}\n"));
                return 2;
            }
        }
    }
    let bash = sh.bash;
    let n = args.len();
    let mut e = Eval {
        sh,
        args,
        pos: 0,
        depth: 0,
    };
    let result = e.eval().map_err(|msg| {
        // bash words its syntax complaints by argument count.
        if !bash || msg.ends_with("integer expression expected") {
            return msg;
        }
        match n {
            2 => format!("{}: unary operator expected", args[0]),
            3 => format!("{}: binary operator expected", args[1]),
            _ => "too many arguments".to_string(),
        }
    });
    match result {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(msg) => {
            io.eprint(format!("{prefix}{msg}\n"));
            2
        }
    }
}
