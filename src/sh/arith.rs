//! `$((…))`: integer arithmetic as dash evaluates it — decimal, octal (`010`) and hex
//! (`0x1f`) numbers, variables (unset or empty = 0), `+ - * / % ** << >> < <= > >= == !=
//! & ^ | && || ! ~ ?:`, assignments `= += -= *= /= %= <<= >>= &= ^= |=`, parentheses.
//! 64-bit wrapping; division by zero is an error. Precedence climbing, depth-limited.

use super::shell::Shell;

const MAX_DEPTH: usize = 64;

/// Evaluates `expr` (already parameter-expanded) in `sh` (variables may be assigned).
pub fn eval(sh: &mut Shell<'_>, expr: &str) -> Result<i64, String> {
    let tokens = tokenize(expr)?;
    let mut p = Arith {
        sh,
        tokens,
        pos: 0,
        depth: 0,
        expr,
        skip: 0,
    };
    if p.tokens.is_empty() {
        return Ok(0);
    }
    let v = p.ternary()?;
    if p.pos < p.tokens.len() {
        return Err(format!("arithmetic expression: expecting EOF: \"{expr}\""));
    }
    Ok(v)
}

#[derive(Debug, Clone, PartialEq)]
enum T {
    Num(i64),
    Name(String),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "<<=", ">>=", "**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=",
    "%=", "&=", "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "&", "^", "|", "!", "~", "?", ":",
    "(", ")", "=",
];

fn tokenize(expr: &str) -> Result<Vec<T>, String> {
    let b = expr.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    'outer: while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(T::Num(number(&expr[start..i], expr)?));
            continue;
        }
        if c == b'_' || c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            out.push(T::Name(expr[start..i].to_string()));
            continue;
        }
        for op in OPS {
            if expr[i..].starts_with(op) {
                out.push(T::Op(op));
                i += op.len();
                continue 'outer;
            }
        }
        return Err(format!(
            "arithmetic expression: expecting primary: \"{expr}\""
        ));
    }
    Ok(out)
}

fn number(text: &str, expr: &str) -> Result<i64, String> {
    let parsed = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16).ok()
    } else if text.len() > 1 && text.starts_with('0') {
        u64::from_str_radix(&text[1..], 8).ok()
    } else {
        text.parse::<u64>().ok()
    };
    parsed
        .map(|v| v as i64)
        .ok_or_else(|| format!("arithmetic expression: expecting EOF: \"{expr}\""))
}

struct Arith<'a, 'fs> {
    sh: &'a mut Shell<'fs>,
    tokens: Vec<T>,
    pos: usize,
    depth: usize,
    expr: &'a str,
    /// Inside the branch not taken of `&&`, `||`, `?:`: assignments do not happen.
    skip: usize,
}

const BINARY: &[(&str, u8)] = &[
    ("||", 1),
    ("&&", 2),
    ("|", 3),
    ("^", 4),
    ("&", 5),
    ("==", 6),
    ("!=", 6),
    ("<", 7),
    ("<=", 7),
    (">", 7),
    (">=", 7),
    ("<<", 8),
    (">>", 8),
    ("+", 9),
    ("-", 9),
    ("*", 10),
    ("/", 10),
    ("%", 10),
    ("**", 11),
];

impl Arith<'_, '_> {
    fn err(&self, what: &str) -> String {
        format!("arithmetic expression: {what}: \"{}\"", self.expr)
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.tokens.get(self.pos) {
            Some(T::Op(o)) => Some(o),
            _ => None,
        }
    }

    fn ternary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        let v = self.assignment()?;
        self.depth -= 1;
        Ok(v)
    }

    fn assignment(&mut self) -> Result<i64, String> {
        if let (Some(T::Name(name)), Some(T::Op(op))) = (
            self.tokens.get(self.pos).cloned(),
            self.tokens.get(self.pos + 1).cloned(),
        ) {
            if op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=") {
                self.pos += 2;
                let rhs = self.assignment()?;
                let value = if op == "=" {
                    rhs
                } else {
                    let cur = self.var(&name)?;
                    self.apply(&op[..op.len() - 1], cur, rhs)?
                };
                if self.skip == 0 {
                    self.sh.set_var(&name, value.to_string());
                }
                return Ok(value);
            }
        }
        self.conditional()
    }

    fn conditional(&mut self) -> Result<i64, String> {
        let cond = self.binary(1)?;
        if self.peek_op() != Some("?") {
            return Ok(cond);
        }
        self.pos += 1;
        if cond == 0 {
            self.skip += 1;
        }
        let a = self.ternary()?;
        if cond == 0 {
            self.skip -= 1;
        }
        if self.peek_op() != Some(":") {
            return Err(self.err("expecting ':'"));
        }
        self.pos += 1;
        if cond != 0 {
            self.skip += 1;
        }
        let b = self.ternary()?;
        if cond != 0 {
            self.skip -= 1;
        }
        Ok(if cond != 0 { a } else { b })
    }

    fn binary(&mut self, min: u8) -> Result<i64, String> {
        let mut lhs = self.unary()?;
        while let Some(op) = self.peek_op() {
            let Some(&(_, prec)) = BINARY.iter().find(|(o, _)| *o == op) else {
                break;
            };
            if prec < min {
                break;
            }
            self.pos += 1;
            let short = (op == "&&" && lhs == 0) || (op == "||" && lhs != 0);
            if short {
                self.skip += 1;
            }
            let next = if op == "**" { prec } else { prec + 1 };
            let rhs = self.binary(next)?;
            if short {
                self.skip -= 1;
            }
            lhs = self.apply(op, lhs, rhs)?;
        }
        Ok(lhs)
    }

    fn apply(&self, op: &str, a: i64, b: i64) -> Result<i64, String> {
        Ok(match op {
            "||" => i64::from(a != 0 || b != 0),
            "&&" => i64::from(a != 0 && b != 0),
            "|" => a | b,
            "^" => a ^ b,
            "&" => a & b,
            "==" => i64::from(a == b),
            "!=" => i64::from(a != b),
            "<" => i64::from(a < b),
            "<=" => i64::from(a <= b),
            ">" => i64::from(a > b),
            ">=" => i64::from(a >= b),
            "<<" => a.wrapping_shl(b as u32),
            ">>" => a.wrapping_shr(b as u32),
            "+" => a.wrapping_add(b),
            "-" => a.wrapping_sub(b),
            "*" => a.wrapping_mul(b),
            "/" | "%" if b == 0 && self.skip == 0 => return Err(self.err("division by zero")),
            "/" | "%" if b == 0 => 0,
            "/" => a.wrapping_div(b),
            "%" => a.wrapping_rem(b),
            "**" if b < 0 => return Err(self.err("exponent less than 0")),
            "**" => a.wrapping_pow(b.min(u32::MAX as i64) as u32),
            _ => return Err(self.err("syntax error")),
        })
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        let v = match self.tokens.get(self.pos).cloned() {
            Some(T::Op("-")) => {
                self.pos += 1;
                self.unary()?.wrapping_neg()
            }
            Some(T::Op("+")) => {
                self.pos += 1;
                self.unary()?
            }
            Some(T::Op("!")) => {
                self.pos += 1;
                i64::from(self.unary()? == 0)
            }
            Some(T::Op("~")) => {
                self.pos += 1;
                !self.unary()?
            }
            Some(T::Op("(")) => {
                self.pos += 1;
                let v = self.ternary()?;
                if self.peek_op() != Some(")") {
                    return Err(self.err("expecting ')'"));
                }
                self.pos += 1;
                v
            }
            Some(T::Num(n)) => {
                self.pos += 1;
                n
            }
            Some(T::Name(name)) => {
                self.pos += 1;
                self.var(&name)?
            }
            _ => return Err(self.err("expecting primary")),
        };
        self.depth -= 1;
        Ok(v)
    }

    fn var(&self, name: &str) -> Result<i64, String> {
        let value = self.sh.var(name).unwrap_or("").trim().to_string();
        if value.is_empty() {
            return Ok(0);
        }
        let (neg, digits) = match value.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, value.as_str()),
        };
        let n = number(digits, self.expr).map_err(|_| format!("Illegal number: {value}"))?;
        Ok(if neg { n.wrapping_neg() } else { n })
    }
}
