//! The syntax tree of a shell script, as `parse` builds it and `exec` walks it. Words keep
//! their structure (literal, quoted, parameter, substitution) so expansion never re-parses.

use std::rc::Rc;

/// A list of and-or lists: `a && b; c`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct List(pub Vec<AndOr>);

/// `a && b || c`.
#[derive(Debug, Clone, PartialEq)]
pub struct AndOr {
    /// The first pipeline.
    pub first: Pipeline,
    /// The following pipelines, each with `&&` (true) or `||` (false) before it.
    pub rest: Vec<(bool, Pipeline)>,
    /// Run in the background (`&`): the sandbox runs it to the end first.
    pub background: bool,
}

/// `! a | b | c`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// `!` before it.
    pub bang: bool,
    /// The commands.
    pub commands: Vec<Command>,
    /// Source line it starts on.
    pub line: usize,
}

/// One command of a pipeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `A=1 cmd arg >file`.
    Simple(Simple),
    /// `{ …; }`, `( … )`, `if`, `for`, `while`, `case`, with redirections after it.
    Compound(Compound, Vec<Redirect>),
    /// `name() { …; }`.
    Function(String, Rc<Command>),
}

/// A simple command.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Simple {
    /// `NAME=word` before the command name.
    pub assigns: Vec<(String, Word)>,
    /// The command name and arguments.
    pub words: Vec<Word>,
    /// Redirections, in order.
    pub redirects: Vec<Redirect>,
    /// Source line.
    pub line: usize,
}

/// A compound command.
#[derive(Debug, Clone, PartialEq)]
pub enum Compound {
    /// `{ list; }`.
    Brace(List),
    /// `( list )`.
    Subshell(List),
    /// `if c; then b; elif c; then b; else e; fi`.
    If {
        /// (condition, body) for `if` and each `elif`.
        branches: Vec<(List, List)>,
        /// `else` body.
        otherwise: Option<List>,
    },
    /// `for name [in words]; do body; done`.
    For {
        /// Loop variable.
        var: String,
        /// The words (`None`: `"$@"`).
        words: Option<Vec<Word>>,
        /// Body.
        body: List,
    },
    /// `while c; do b; done` / `until c; do b; done`.
    While {
        /// `until`.
        until: bool,
        /// Condition.
        cond: List,
        /// Body.
        body: List,
    },
    /// `case w in p|q) body;; esac`.
    Case {
        /// The subject.
        word: Word,
        /// Arms: patterns and body.
        arms: Vec<(Vec<Word>, List)>,
    },
}

/// A redirection.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// The file descriptor (default: 0 for input, 1 for output).
    pub fd: u32,
    /// The operator.
    pub op: RedirOp,
    /// The file, the descriptor to duplicate, or the here-document body.
    pub target: Word,
}

/// Redirection operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirOp {
    /// `<`.
    Read,
    /// `>` (and `>|`).
    Write,
    /// `>>`.
    Append,
    /// `<>`.
    ReadWrite,
    /// `>&N` / `<&N`.
    Dup,
    /// `&>` (bash/ash): standard output and error to a file.
    WriteBoth,
    /// `&>>`.
    AppendBoth,
    /// `<<` here-document (`quoted`: no expansion in the body).
    HereDoc {
        /// The delimiter was quoted.
        quoted: bool,
    },
    /// `<<<` here-string (bash).
    HereString,
}

/// A word: parts concatenated.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Word(pub Vec<Part>);

/// Part of a word.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Unquoted text (globbing applies).
    Lit(String),
    /// Quoted text: `'…'`, or a backslash-escaped character (no globbing, no splitting).
    Quoted(String),
    /// `"…"`.
    Double(Vec<Part>),
    /// `$name`, `${…}`.
    Param(Box<Param>),
    /// `$(…)` or backquotes.
    Command(Rc<List>),
    /// `$((…))`: the expression text, expanded before it is evaluated.
    Arith(Word),
    /// `~` or `~user` at the start of a word.
    Tilde(String),
}

/// A parameter expansion.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name: a variable, a digit string, or one of `@*#?$!-`.
    pub name: String,
    /// The operation.
    pub op: ParamOp,
}

/// `${name<op>}`.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamOp {
    /// `$name`, `${name}`.
    Plain,
    /// `${#name}`.
    Length,
    /// `${name:-w}` (`colon`: also when empty), `${name-w}`.
    Default(bool, Word),
    /// `${name:=w}`.
    Assign(bool, Word),
    /// `${name:?w}`.
    Error(bool, Word),
    /// `${name:+w}`.
    Alternative(bool, Word),
    /// `${name#p}` (longest: `##`).
    RemovePrefix(bool, Word),
    /// `${name%p}` (longest: `%%`).
    RemoveSuffix(bool, Word),
    /// `${name/p/r}` (all: `//`; anchors `/#`, `/%`).
    Replace {
        /// `//`.
        all: bool,
        /// `#` (prefix) or `%` (suffix) anchor.
        anchor: Option<char>,
        /// Pattern.
        pattern: Word,
        /// Replacement.
        with: Word,
    },
    /// `${name:offset[:length]}` (bash, ash).
    Substring(Word, Option<Word>),
}
