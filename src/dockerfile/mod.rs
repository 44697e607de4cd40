//! The Dockerfile front end: text → logical lines → raw instructions → typed instructions
//! and warnings, reading exactly as BuildKit does (byte-exact on BuildKit's conformance files).
//!
//! - [`parse::parse_ast`] reads lines: directives, comments, continuations, heredocs.
//! - [`ast`] holds the raw instructions and BuildKit's `dump` format.
//! - [`args`] are the per-instruction argument parsers (JSON/exec form, words, name=value).
//! - [`lower`] checks flags and arguments and forms stages ([`instruction`] has the types).
//! - [`checks`] are BuildKit's build-check warnings.
//!
//! The parser never expands variables: the build does that with [`crate::words`]. It never
//! panics, does not recurse on input, and runs in linear time.

pub mod args;
pub mod ast;
pub mod checks;
pub mod directives;
pub mod error;
pub mod heredoc;
pub mod instruction;
pub mod lower;
pub mod parse;

pub use ast::{dump, Arg, Heredoc, RawInstruction};
pub use error::{ParseError, ParseErrorKind};
pub use instruction::{CommandLine, Dockerfile, Instruction, Located, Stage};
pub use parse::{parse_ast, Ast};

use crate::diagnostic::Diagnostic;

/// A parsed Dockerfile: the raw instructions, the typed stages, and the warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The raw instructions (what BuildKit's parser produces).
    pub ast: Ast,
    /// The typed, checked stages.
    pub dockerfile: Dockerfile,
    /// Build-check warnings, in source order.
    pub warnings: Vec<Diagnostic>,
}

/// Parses and checks a Dockerfile. Unknown instructions, bad flags and bad arguments are
/// errors here (BuildKit reports them when it converts the file).
pub fn parse(src: &str) -> Result<Parsed, ParseError> {
    let ast = parse_ast(src)?;
    let dockerfile = lower::lower(&ast.instructions, ast.escape)?;
    let warnings = checks::check(&ast, &dockerfile);
    Ok(Parsed {
        ast,
        dockerfile,
        warnings,
    })
}

/// Everything to show under an editor: every error (the parser goes on after a bad
/// instruction) and the warnings, as diagnostics in source order.
pub fn diagnostics(src: &str) -> Vec<Diagnostic> {
    let ast = match parse_ast(src) {
        Ok(ast) => ast,
        Err(e) => return vec![e.to_diagnostic()],
    };
    let (dockerfile, errors) = lower::lower_all(&ast.instructions, ast.escape);
    let mut out = checks::check(&ast, &dockerfile);
    out.extend(errors.iter().map(ParseError::to_diagnostic));
    crate::sorting::sort_by_key(&mut out, |d| d.span.start.offset);
    out
}
