//! Executing the syntax tree: lists, and-or lists, pipelines, compound commands, simple
//! commands (assignments, redirections, lookup: builtins, functions, `PATH`).

use super::io::Io;
use super::shell::Shell;

/// A pending `break`, `continue` or `return`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// `break N`.
    Break(usize),
    /// `continue N`.
    Continue(usize),
    /// `return`.
    Return,
}

/// Runs a command by argv.
pub fn run_argv(_sh: &mut Shell<'_>, _argv: &[String], _io: &mut Io, _assigns: &[(String, String)]) -> i32 {
    todo!()
}

/// Runs source text.
pub fn run_source(_sh: &mut Shell<'_>, _source: &str, _io: &mut Io) -> i32 {
    todo!()
}
