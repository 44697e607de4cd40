//! `printf`: POSIX's format language (`%s %d %i %u %x %X %o %c %b %e %f %g %%`, flags,
//! width, precision, `*`), backslash escapes in the format, the format reused while
//! arguments remain, missing arguments as empty or zero, and invalid numbers reported in the
//! wording of dash's builtin, GNU coreutils or busybox ash's builtin (status 1).

use super::echo::{echo_escapes, escape};
use super::util::gnu;
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("printf", printf)];

/// One conversion's flags, width and precision.
#[derive(Default, Clone)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
}

impl Spec {
    fn pad(&self, body: String, numeric: bool) -> String {
        let len = body.chars().count();
        if len >= self.width {
            return body;
        }
        let fill = self.width - len;
        if self.left {
            format!("{body}{}", " ".repeat(fill))
        } else if self.zero && numeric {
            let sign_len = body.len() - body.trim_start_matches(['+', '-', ' ']).len();
            let sign_len =
                if body[sign_len..].starts_with("0x") || body[sign_len..].starts_with("0X") {
                    sign_len + 2
                } else {
                    sign_len
                };
            format!(
                "{}{}{}",
                &body[..sign_len],
                "0".repeat(fill),
                &body[sign_len..]
            )
        } else {
            format!("{}{body}", " ".repeat(fill))
        }
    }
}

struct Printf<'a> {
    args: &'a [String],
    next: usize,
    failed: bool,
    errors: Vec<String>,
    dash: bool,
    bash: bool,
    gnu: bool,
}

impl Printf<'_> {
    fn arg(&mut self) -> Option<&str> {
        let a = self.args.get(self.next).map(|s| s.as_str());
        if a.is_some() {
            self.next += 1;
        }
        a
    }

    fn bad(&mut self, arg: &str, partial: bool) {
        self.failed = true;
        self.errors.push(if self.bash {
            format!("{arg}: invalid number")
        } else if self.dash {
            if partial {
                format!("{arg}: not completely converted")
            } else {
                format!("{arg}: expected numeric value")
            }
        } else if self.gnu {
            if partial {
                format!("'{arg}': value not completely converted")
            } else {
                format!("'{arg}': expected a numeric value")
            }
        } else {
            format!("invalid number '{arg}'")
        });
    }

    fn int(&mut self) -> i128 {
        let Some(a) = self.arg().map(String::from) else {
            return 0;
        };
        if let Some(c) = a.strip_prefix('\'').or_else(|| a.strip_prefix('"')) {
            return c.chars().next().map_or(0, |c| c as i128);
        }
        // dash converts an empty argument to 0 without a word.
        if a.is_empty() && self.dash {
            return 0;
        }
        let t = a.trim_start();
        let (neg, body) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (radix, digits) =
            if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
                (16, h)
            } else if body.len() > 1 && body.starts_with('0') {
                (8, &body[1..])
            } else {
                (10, body)
            };
        let end = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let v = i128::from_str_radix(&digits[..end], radix).unwrap_or(0);
        let v = if neg { -v } else { v };
        if end == 0 && !(radix == 8 && digits.is_empty()) || end < digits.len() {
            let partial = end > 0;
            self.bad(&a, partial);
            // busybox prints 0 for anything it could not convert whole.
            if !self.dash && !self.gnu && !self.bash {
                return 0;
            }
        }
        v
    }

    fn float(&mut self) -> f64 {
        let Some(a) = self.arg().map(String::from) else {
            return 0.0;
        };
        if let Some(c) = a.strip_prefix('\'').or_else(|| a.strip_prefix('"')) {
            return c.chars().next().map_or(0.0, |c| f64::from(c as u32));
        }
        let t = a.trim();
        if let Ok(v) = t.parse::<f64>() {
            return v;
        }
        let end = (0..=t.len())
            .rev()
            .find(|&i| t.is_char_boundary(i) && t[..i].parse::<f64>().is_ok())
            .unwrap_or(0);
        let v = t[..end].parse().unwrap_or(0.0);
        self.bad(&a, end > 0);
        if !self.dash && !self.gnu && !self.bash {
            return 0.0;
        }
        v
    }
}

fn fmt_exp(v: f64, prec: usize, upper: bool, alt: bool) -> String {
    let s = format!("{v:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let mant = if alt && prec == 0 {
        format!("{mant}.")
    } else {
        mant.to_string()
    };
    let sign = if e < 0 { '-' } else { '+' };
    let out = format!("{mant}e{sign}{:02}", e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

fn fmt_g(v: f64, prec: Option<usize>, upper: bool, alt: bool) -> String {
    let p = prec.unwrap_or(6).max(1);
    if v == 0.0 {
        return if alt {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    let e_form = fmt_exp(v, p - 1, false, alt);
    let x: i32 = e_form
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let mut s = if x < -4 || x >= p as i32 {
        e_form
    } else {
        format!("{:.*}", (p as i32 - 1 - x).max(0) as usize, v)
    };
    if !alt {
        let (mant, exp) = match s.find('e') {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let mant = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            mant
        };
        s = format!("{mant}{exp}");
    }
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

fn sign(spec: &Spec, neg: bool, body: String) -> String {
    if neg {
        format!("-{body}")
    } else if spec.plus {
        format!("+{body}")
    } else if spec.space {
        format!(" {body}")
    } else {
        body
    }
}

/// Runs the format once; returns `true` when `\c` asked to stop.
fn run_format(p: &mut Printf<'_>, fmt: &[u8], out: &mut Vec<u8>) -> bool {
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c == b'\\' {
            let (j, stop) = escape(fmt, i + 1, out, false, !p.dash);
            if stop {
                return true;
            }
            i = j;
            continue;
        }
        if c != b'%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = fmt.get(i) {
            match f {
                b'-' => spec.left = true,
                b'+' => spec.plus = true,
                b' ' => spec.space = true,
                b'#' => spec.alt = true,
                b'0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        if fmt.get(i) == Some(&b'*') {
            let w = p.int();
            if w < 0 {
                spec.left = true;
            }
            spec.width = w.unsigned_abs().min(1 << 20) as usize;
            i += 1;
        } else {
            while let Some(d) = fmt.get(i).filter(|d| d.is_ascii_digit()) {
                spec.width = (spec.width * 10 + usize::from(d - b'0')).min(1 << 20);
                i += 1;
            }
        }
        if fmt.get(i) == Some(&b'.') {
            i += 1;
            let mut prec = 0usize;
            if fmt.get(i) == Some(&b'*') {
                prec = p.int().clamp(0, 1 << 20) as usize;
                i += 1;
            } else {
                while let Some(d) = fmt.get(i).filter(|d| d.is_ascii_digit()) {
                    prec = (prec * 10 + usize::from(d - b'0')).min(1 << 20);
                    i += 1;
                }
            }
            spec.precision = Some(prec);
        }
        while matches!(fmt.get(i), Some(b'l' | b'h' | b'j' | b'z' | b't' | b'L')) {
            i += 1;
        }
        let Some(&conv) = fmt.get(i) else {
            p.failed = true;
            p.errors.push(if p.dash {
                "%: invalid directive".into()
            } else if p.gnu {
                "%: invalid conversion specification".into()
            } else {
                "%: invalid format".into()
            });
            return true;
        };
        i += 1;
        let text = match conv {
            b's' => {
                let a = p.arg().unwrap_or("").to_string();
                let a: String = match spec.precision {
                    Some(n) => a.chars().take(n).collect(),
                    None => a,
                };
                spec.pad(a, false)
            }
            b'b' => {
                let a = p.arg().unwrap_or("").to_string();
                let (bytes, stop) = echo_escapes(&a, !p.dash);
                let s = String::from_utf8_lossy(&bytes).into_owned();
                out.extend_from_slice(spec.pad(s, false).as_bytes());
                if stop {
                    return true;
                }
                continue;
            }
            b'c' => {
                let a = p.arg().unwrap_or("");
                let ch: String = a.chars().take(1).collect();
                spec.pad(ch, false)
            }
            b'd' | b'i' => {
                let v = p.int();
                let mut digits = v.unsigned_abs().to_string();
                if let Some(prec) = spec.precision {
                    if digits.len() < prec {
                        digits = format!("{}{digits}", "0".repeat(prec - digits.len()));
                    }
                    spec.zero = false;
                }
                spec.pad(sign(&spec, v < 0, digits), true)
            }
            b'u' | b'o' | b'x' | b'X' => {
                let v = p.int();
                let u = if v < 0 {
                    (v as i64) as u64
                } else {
                    v.min(u64::MAX as i128) as u64
                };
                let mut digits = match conv {
                    b'u' => u.to_string(),
                    b'o' => format!("{u:o}"),
                    b'x' => format!("{u:x}"),
                    _ => format!("{u:X}"),
                };
                if let Some(prec) = spec.precision {
                    if digits.len() < prec {
                        digits = format!("{}{digits}", "0".repeat(prec - digits.len()));
                    }
                    spec.zero = false;
                }
                if spec.alt && u != 0 {
                    digits = match conv {
                        b'o' if !digits.starts_with('0') => format!("0{digits}"),
                        b'x' => format!("0x{digits}"),
                        b'X' => format!("0X{digits}"),
                        _ => digits,
                    };
                }
                spec.pad(digits, true)
            }
            b'f' | b'F' | b'e' | b'E' | b'g' | b'G' => {
                let v = p.float();
                let prec = spec.precision.unwrap_or(6);
                let body = if v.is_infinite() {
                    "inf".to_string()
                } else if v.is_nan() {
                    "nan".to_string()
                } else {
                    match conv {
                        b'f' | b'F' => {
                            let s = format!("{:.prec$}", v.abs());
                            if spec.alt && prec == 0 {
                                format!("{s}.")
                            } else {
                                s
                            }
                        }
                        b'e' | b'E' => fmt_exp(v.abs(), prec, conv == b'E', spec.alt),
                        _ => fmt_g(v.abs(), spec.precision, conv == b'G', spec.alt),
                    }
                };
                let neg = v.is_sign_negative()
                    && !(v == 0.0 && body.trim_start_matches(['0', '.']).is_empty());
                spec.pad(sign(&spec, neg, body), v.is_finite())
            }
            other => {
                p.failed = true;
                let msg = if p.dash {
                    format!("%{}: invalid directive", other as char)
                } else if p.gnu {
                    format!("%{}: invalid conversion specification", other as char)
                } else {
                    format!("%{}: invalid format", other as char)
                };
                p.errors.push(msg);
                return true;
            }
        };
        out.extend_from_slice(text.as_bytes());
    }
    false
}

fn printf(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut args = argv.get(1..).unwrap_or_default();
    if args.first().is_some_and(|a| a == "--") {
        args = &args[1..];
    }
    let Some(format) = args.first() else {
        if sh.bash {
            io.eprint(format!(
                "{}printf: usage: printf [-v var] format [arguments]\n",
                sh.sh_prefix()
            ));
            return 2;
        }
        if sh.os.dash {
            io.eprint(format!(
                "{}printf: usage: printf format [arg ...]\n",
                sh.sh_prefix()
            ));
            return 2;
        }
        if gnu(sh) {
            io.eprint("printf: missing operand\nTry 'printf --help' for more information.\n");
            return 1;
        }
        io.eprint("sh: usage: printf FORMAT [ARGUMENT...]\n");
        return 2;
    };
    let mut p = Printf {
        args: &args[1..],
        next: 0,
        failed: false,
        errors: Vec::new(),
        dash: sh.os.dash && !sh.bash,
        bash: sh.bash,
        gnu: gnu(sh),
    };
    let mut out = Vec::new();
    loop {
        let before = p.next;
        let stop = run_format(&mut p, format.as_bytes(), &mut out);
        if stop || p.next >= p.args.len() || p.next == before {
            break;
        }
        if out.len() > 16 << 20 {
            break;
        }
    }
    io.print(out);
    // dash's builtin: `/bin/sh: 1: printf: …`; busybox ash's builtin: `sh: …`.
    let prefix = if sh.os.dash || sh.bash {
        format!("{}printf: ", sh.sh_prefix())
    } else if gnu(sh) {
        "printf: ".to_string()
    } else {
        "sh: ".to_string()
    };
    for e in &p.errors {
        io.eprint(format!("{prefix}{e}\n"));
    }
    i32::from(p.failed)
}
