//! `ParseError`: why a Dockerfile could not be parsed, with where.

use crate::diagnostic::Diagnostic;
use crate::span::Span;
use std::fmt;

/// What went wrong while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The file has no instruction at all (empty, or only comments).
    NoInstructions,
    /// A physical line longer than BuildKit's 65535-byte limit.
    LineTooLong,
    /// A parser directive appears twice (`# escape=` …); the directive name.
    DuplicateDirective(String),
    /// `# escape=` with something other than `\` or `` ` ``; the value given.
    InvalidEscape(String),
    /// `ENV`/`LABEL` in the legacy form with only a name; the instruction.
    MissingValue(String),
    /// `ENV a=1 b` in the `=` form: a word without `=`; the word.
    MissingEquals(String),
    /// A JSON array with something other than strings in it.
    NotStringArray,
    /// A heredoc whose terminator never comes; its name.
    UnterminatedHeredoc(String),
    /// A heredoc marker that cannot be read (unbalanced quotes); the lexer's message.
    BadHeredoc(String),
    /// An instruction BuildKit does not know; the keyword and a suggestion if one is close.
    UnknownInstruction {
        /// The keyword as written.
        keyword: String,
        /// The closest known instruction, if any is close.
        suggestion: Option<&'static str>,
    },
    /// A flag the instruction does not accept; the flag and the instruction.
    UnknownFlag {
        /// The flag as written, e.g. `--frm`.
        flag: String,
        /// The instruction, upper case.
        instruction: String,
        /// The flags it accepts.
        accepted: &'static [&'static str],
    },
    /// A flag given twice; the flag name.
    DuplicateFlag(String),
    /// A flag that needs a value was given none, or a value that cannot be used.
    BadFlagValue {
        /// The flag name, e.g. `--chmod`.
        flag: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An instruction with the wrong number or form of arguments; the explanation.
    BadArguments(String),
    /// An instruction that is not allowed where it stands (e.g. `ONBUILD ONBUILD`).
    NotAllowed(String),
}

/// A parse error and the span of source it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Where.
    pub span: Span,
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseErrorKind::NoInstructions => f.write_str("file with no instructions"),
            ParseErrorKind::LineTooLong => {
                f.write_str("dockerfile line greater than max allowed size of 65535")
            }
            ParseErrorKind::DuplicateDirective(k) => {
                write!(f, "only one {k} parser directive can be used")
            }
            ParseErrorKind::InvalidEscape(v) => {
                write!(f, "invalid escape token '{v}' does not match ` or \\")
            }
            ParseErrorKind::MissingValue(k) => write!(f, "{k} must have two arguments"),
            ParseErrorKind::MissingEquals(w) => {
                write!(
                    f,
                    "Syntax error - can't find = in {w:?}. Must be of the form: name=value"
                )
            }
            ParseErrorKind::NotStringArray => f.write_str(
                "when using JSON array syntax, arrays must be comprised of strings only",
            ),
            ParseErrorKind::UnterminatedHeredoc(_) => f.write_str("unterminated heredoc"),
            ParseErrorKind::BadHeredoc(m) => write!(f, "{m}"),
            ParseErrorKind::UnknownInstruction { keyword, .. } => {
                write!(f, "unknown instruction: {keyword}")
            }
            ParseErrorKind::UnknownFlag {
                flag, instruction, ..
            } => {
                write!(
                    f,
                    "unknown flag: {} for {instruction}",
                    flag.trim_start_matches('-')
                )
            }
            ParseErrorKind::DuplicateFlag(flag) => write!(f, "duplicate flag specified: {flag}"),
            ParseErrorKind::BadFlagValue { reason, .. } => f.write_str(reason),
            ParseErrorKind::BadArguments(m) | ParseErrorKind::NotAllowed(m) => f.write_str(m),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.span.start.line, self.span.start.column, self.kind
        )
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// The error as a diagnostic, with a hint where one helps.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::error(self.span, self.kind.to_string());
        match &self.kind {
            ParseErrorKind::UnknownInstruction { suggestion: Some(s), .. } => d.with_hint(format!("did you mean {s}?")),
            ParseErrorKind::UnknownInstruction { suggestion: None, .. } => d.with_hint(
                "instructions are FROM, RUN, CMD, LABEL, EXPOSE, ENV, ADD, COPY, ENTRYPOINT, VOLUME, USER, WORKDIR, ARG, ONBUILD, STOPSIGNAL, HEALTHCHECK, SHELL",
            ),
            ParseErrorKind::UnknownFlag { accepted: [], instruction, .. } => {
                d.with_hint(format!("{instruction} takes no flags"))
            }
            ParseErrorKind::UnknownFlag { accepted, .. } => d.with_hint(format!(
                "accepted flags: {}",
                accepted.iter().map(|f| format!("--{f}")).collect::<Vec<_>>().join(", ")
            )),
            ParseErrorKind::MissingValue(k) => d.with_hint(format!("write {k} name=value")),
            ParseErrorKind::MissingEquals(_) => {
                d.with_hint("in the name=value form every word needs an =; quote values that contain spaces")
            }
            ParseErrorKind::NotStringArray => d.with_hint("exec form is a JSON array of strings: [\"executable\", \"arg\"]"),
            ParseErrorKind::UnterminatedHeredoc(name) => {
                d.with_hint(format!("end the heredoc with a line that is exactly {name}"))
            }
            ParseErrorKind::BadFlagValue { flag, reason } if reason.starts_with("missing a value") => {
                d.with_hint(format!("write {flag}=value with no space around ="))
            }
            ParseErrorKind::NoInstructions => d.with_hint("a Dockerfile starts with FROM, e.g. FROM alpine:3.20"),
            ParseErrorKind::InvalidEscape(_) => d.with_hint("use # escape=\\ or # escape=`"),
            ParseErrorKind::LineTooLong => d.with_hint("split the line with a \\ continuation"),
            _ => d,
        }
    }
}
