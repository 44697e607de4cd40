//! The Dockerfile front end: text → logical lines → raw instructions (BuildKit's parser,
//! byte-exact on BuildKit's conformance files).
//!
//! - [`parse::parse_ast`] reads lines: directives, comments, continuations, heredocs.
//! - [`ast`] holds the raw instructions and BuildKit's `dump` format.
//! - [`args`] are the per-instruction argument parsers (JSON/exec form, words, name=value).
//!
//! The parser never expands variables: the build does that with [`crate::words`]. It never
//! panics, does not recurse on input, and runs in linear time.

pub mod args;
pub mod ast;
pub mod directives;
pub mod error;
pub mod heredoc;
pub mod parse;

pub use ast::{dump, Arg, Heredoc, RawInstruction};
pub use error::{ParseError, ParseErrorKind};
pub use parse::{parse_ast, Ast};
