//! The raw syntax tree: one [`RawInstruction`] per logical line, exactly what BuildKit's
//! parser produces (`parser.Node`), plus spans; and [`dump`], BuildKit's test dump format.

use crate::span::Span;
use serde::Serialize;
use std::fmt::Write as _;

/// One argument node of an instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Arg {
    /// A plain value.
    Value(String),
    /// A whole instruction (the trigger of `ONBUILD`).
    Nested(Box<RawInstruction>),
}

/// A heredoc attached to an instruction (`RUN <<EOF` … `EOF`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The terminator word, quotes removed.
    pub name: String,
    /// The file descriptor written before `<<` (0 if none).
    pub file_descriptor: u32,
    /// False when any part of the terminator was quoted: the content is not expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the content when it is used.
    pub chomp: bool,
    /// The raw lines between the instruction and the terminator, each with its newline.
    pub content: String,
}

/// One instruction as written: keyword, flags and argument nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawInstruction {
    /// The keyword as written (`RUN`, `run`, `COPPY`).
    pub keyword: String,
    /// Leading `--name=value` words, quotes removed.
    pub flags: Vec<String>,
    /// The argument nodes (BuildKit's `Next` chain).
    pub args: Vec<Arg>,
    /// Whether the arguments were a JSON array (exec form).
    pub json: bool,
    /// Heredocs, in the order they appear.
    pub heredocs: Vec<Heredoc>,
    /// The logical line: continuation lines joined, comments removed.
    pub original: String,
    /// From the keyword to the end of the last physical line (heredoc bodies included).
    pub span: Span,
    /// The keyword.
    pub keyword_span: Span,
    /// Comment lines directly above the instruction, `#` removed.
    pub comments: Vec<String>,
}

impl RawInstruction {
    /// The keyword in lower case (`run`), the way instructions are matched.
    pub fn name(&self) -> String {
        self.keyword.to_ascii_lowercase()
    }

    /// The plain argument values (nested instructions skipped).
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.args.iter().filter_map(|a| match a {
            Arg::Value(v) => Some(v.as_str()),
            Arg::Nested(_) => None,
        })
    }

    /// This instruction in BuildKit's dump format, e.g. `(copy ["--from=a"] "x" "/y")`
    /// without the parentheses.
    pub fn dump(&self) -> String {
        let mut out = self.keyword.to_lowercase();
        if !self.flags.is_empty() {
            out.push_str(" [");
            for (i, f) in self.flags.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(&go_quote(f));
            }
            out.push(']');
        }
        for arg in &self.args {
            out.push(' ');
            match arg {
                Arg::Value(v) => out.push_str(&go_quote(v)),
                Arg::Nested(inner) => {
                    let _ = write!(out, "({})", inner.dump());
                }
            }
        }
        out.trim().to_string()
    }
}

/// BuildKit's dump of a whole file: one `(…)` line per instruction, ending in a newline
/// (the `result` files of the parser testfiles).
pub fn dump(instructions: &[RawInstruction]) -> String {
    let mut out = String::new();
    for i in instructions {
        let _ = writeln!(out, "({})", i.dump());
    }
    out
}

/// Go's `strconv.Quote`: a double-quoted string with Go escapes.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint` for the characters that matter in Dockerfiles: everything but
/// controls, non-ASCII spaces, and invisible format characters.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xD800..=0xDFFF)
}

#[cfg(test)]
mod tests {
    use super::go_quote;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("\0\t\u{7f}"), r#""\x00\t\x7f""#);
        assert_eq!(go_quote("♥ \u{a0}"), "\"♥ \\u00a0\"");
    }
}
