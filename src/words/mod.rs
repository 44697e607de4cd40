//! Dockerfile word expansion: BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`).
//!
//! One word in, either one expanded string ([`Lexer::expand_word`], BuildKit's `ProcessWord`)
//! or a list of words split on unquoted whitespace *after* expansion ([`Lexer::expand_words`],
//! `ProcessWords`). Supported: `$VAR`, `${VAR}`, `${VAR:-x}` `${VAR-x}` `${VAR:+x}` `${VAR+x}`
//! `${VAR:?msg}` `${VAR?msg}`, `${VAR#p}` `${VAR##p}` `${VAR%p}` `${VAR%%p}`, `${VAR/p/r}`
//! `${VAR//p/r}`, single and double quotes, and the escape character (`\` or `` ` ``).
//! Every variable looked up is recorded as matched or unmatched (for the `UndefinedVar` check
//! and for cache keys).
//!
//! Which instructions expand which arguments is BuildKit's rule, see [`expands_arguments`].
//! One `ENV`/`ARG` instruction expands all its values against the environment from *before*
//! the instruction: in `ENV a=1 b=$a`, `$a` is the old value of `a` (the build engine calls the
//! lexer once per value with the same, unchanged environment).
//!
//! Expansion never panics and never recurses without bound: nesting deeper than
//! [`MAX_NESTING`] is an error.

mod instructions;
mod pattern;
mod scan;

pub use instructions::{
    expands_arguments, expansion_rule, ExpansionMode, ExpansionRule, EXPANSION_RULES,
};

use scan::Scan;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How deep `${a:-${b:-…}}` may nest before expansion gives up with an error.
pub const MAX_NESTING: usize = 100;

/// Where the lexer looks variables up.
pub trait Env {
    /// The value of `name`, if it is set.
    fn lookup(&self, name: &str) -> Option<&str>;
}

impl Env for BTreeMap<String, String> {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

impl Env for [(String, String)] {
    fn lookup(&self, name: &str) -> Option<&str> {
        // Later entries win, like a list of KEY=VALUE strings.
        self.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An environment with no variables.
pub struct NoEnv;

impl Env for NoEnv {
    fn lookup(&self, _: &str) -> Option<&str> {
        None
    }
}

/// Builds an environment from `KEY=VALUE` strings (a string without `=` sets an empty value);
/// a later entry for the same key wins.
pub fn env_from_pairs<'a>(pairs: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

/// The shell-word lexer, configured like BuildKit's `shell.Lex`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    /// The escape character: `\` (default) or `` ` `` (from the `# escape=` directive).
    pub escape: char,
    /// Keep quote characters in the result.
    pub raw_quotes: bool,
    /// Keep escape characters in the result.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written (`$FOO`, `${FOO:-x}`).
    pub skip_unset_env: bool,
}

/// The result of expanding one word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    /// The expanded word (quotes removed, no splitting).
    pub result: String,
    /// The expanded word split on unquoted whitespace.
    pub words: Vec<String>,
    /// Variables looked up and found.
    pub matched: BTreeSet<String>,
    /// Variables looked up and not set.
    pub unmatched: BTreeSet<String>,
}

/// Why a word could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordErrorKind {
    /// A quote was opened and never closed; the quote character.
    UnterminatedQuote(char),
    /// `${` without its closing `}`.
    MissingBrace,
    /// `${VAR/pattern` without the `/` before the replacement.
    MissingSlash,
    /// `${}`, `${:x}`, `${{x}` and the like.
    BadSubstitution,
    /// A modifier BuildKit does not support, e.g. `${VAR:=x}`.
    UnsupportedModifier(String),
    /// `${VAR?message}` with VAR unset (or empty with `:?`): the variable and the message.
    Required {
        /// The variable.
        name: String,
        /// The message after `?`, or BuildKit's default.
        message: String,
    },
    /// An escape other than `\*`, `\?`, `\\`, `\}`, `\/` inside a `#`, `%` or `/` pattern.
    InvalidPattern {
        /// The pattern as BuildKit names it (reversed for `%`, as BuildKit matches it).
        pattern: String,
        /// The character after the backslash (U+FFFD for a backslash at the end).
        escape: char,
    },
    /// Nesting deeper than [`MAX_NESTING`].
    TooDeep,
}

/// An error expanding a word: what went wrong and at which character of the word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordError {
    /// What went wrong.
    pub kind: WordErrorKind,
    /// Byte offset in the word where the problem was noticed.
    pub offset: usize,
    /// The whole word, for the message.
    pub source: String,
}

impl fmt::Display for WordErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordErrorKind::UnterminatedQuote('\'') => {
                f.write_str("unexpected end of statement while looking for matching single-quote")
            }
            WordErrorKind::UnterminatedQuote(_) => {
                f.write_str("unexpected end of statement while looking for matching double-quote")
            }
            WordErrorKind::MissingBrace => f.write_str("syntax error: missing '}'"),
            WordErrorKind::MissingSlash => f.write_str("syntax error: missing '/' in ${}"),
            WordErrorKind::BadSubstitution => f.write_str("syntax error: bad substitution"),
            WordErrorKind::UnsupportedModifier(m) => {
                write!(f, "unsupported modifier ({m}) in substitution")
            }
            WordErrorKind::Required { name, message } => write!(f, "{name}: {message}"),
            WordErrorKind::InvalidPattern { pattern, escape } => write!(
                f,
                "invalid pattern ({pattern}) in substitution: invalid escape '\\{escape}'"
            ),
            WordErrorKind::TooDeep => {
                write!(f, "substitutions nested more than {MAX_NESTING} deep")
            }
        }
    }
}

impl fmt::Display for WordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to process {}: {}",
            go_quote(&self.source),
            self.kind
        )
    }
}

impl std::error::Error for WordError {}

impl Default for Lexer {
    fn default() -> Self {
        Lexer::new('\\')
    }
}

impl Lexer {
    /// A lexer with the given escape character and BuildKit's default options.
    pub fn new(escape: char) -> Lexer {
        Lexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// Expands `word` (BuildKit's `ProcessWordWithMatches`).
    pub fn process(&self, word: &str, env: &dyn Env) -> Result<Expansion, WordError> {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        // Go's text/scanner skips a byte order mark at the start of the word.
        let pos = usize::from(chars.first().is_some_and(|&(_, c)| c == '\u{feff}'));
        let mut scan = Scan {
            lex: *self,
            chars,
            pos,
            len: word.len(),
            env,
            raw_escapes: self.raw_escapes,
            depth: 0,
            matched: BTreeSet::new(),
            unmatched: BTreeSet::new(),
        };
        match scan.process_until(None, self.raw_escapes) {
            Ok((result, words)) => Ok(Expansion {
                result,
                words,
                matched: scan.matched,
                unmatched: scan.unmatched,
            }),
            Err((kind, offset)) => Err(WordError {
                kind,
                offset,
                source: word.to_string(),
            }),
        }
    }

    /// Expands `word` to one string (BuildKit's `ProcessWord`).
    pub fn expand_word(&self, word: &str, env: &dyn Env) -> Result<String, WordError> {
        self.process(word, env).map(|e| e.result)
    }

    /// Expands `word` and splits it on unquoted whitespace (BuildKit's `ProcessWords`).
    pub fn expand_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, WordError> {
        self.process(word, env).map(|e| e.words)
    }
}

/// Go's `%q` (`strconv.Quote`): printable characters as they are, `"` and `\` escaped, the
/// rest as `\n`, `\xHH`, `\uHHHH` or `\UHHHHHHHH`.
fn go_quote(s: &str) -> String {
    let mut out = String::from('"');
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
            ' ' => out.push(' '),
            c if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control()
                || c.is_whitespace()
                || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}') =>
            {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[&str]) -> BTreeMap<String, String> {
        env_from_pairs(pairs.iter().copied())
    }

    fn word(input: &str, pairs: &[&str]) -> Result<String, String> {
        Lexer::default()
            .expand_word(input, &env(pairs))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_and_alternatives() {
        assert_eq!(word("${a:-x}", &["a="]), Ok("x".into()));
        assert_eq!(word("${a-x}", &["a="]), Ok("".into()));
        assert_eq!(word("${a:+x}", &["a=1"]), Ok("x".into()));
        assert_eq!(word("${b+x}", &[]), Ok("".into()));
    }

    #[test]
    fn patterns_trim_and_replace() {
        assert_eq!(word("${v#*/}", &["v=a/b/c"]), Ok("b/c".into()));
        assert_eq!(word("${v##*/}", &["v=a/b/c"]), Ok("c".into()));
        assert_eq!(word("${v%/*}", &["v=a/b/c"]), Ok("a/b".into()));
        assert_eq!(word("${v%%/*}", &["v=a/b/c"]), Ok("a".into()));
        assert_eq!(word("${v/b/X}", &["v=abcb"]), Ok("aXcb".into()));
        assert_eq!(word("${v//b/X}", &["v=abcb"]), Ok("aXcX".into()));
    }

    #[test]
    fn required_variables_name_the_variable() {
        assert_eq!(
            word("${V:?must be set}", &[]),
            Err("failed to process \"${V:?must be set}\": V: must be set".into())
        );
    }

    #[test]
    fn one_env_instruction_sees_the_old_values() {
        // ENV a=1 b=$a with a previously "0": both values expand against the old environment.
        let before = env(&["a=0"]);
        let lex = Lexer::default();
        let values: Vec<String> = ["1", "$a"]
            .iter()
            .map(|v| lex.expand_word(v, &before).expect("expands"))
            .collect();
        assert_eq!(values, ["1", "0"]);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let depth = 100_000;
        let input = "${a:-".repeat(depth) + &"}".repeat(depth);
        let err = Lexer::default()
            .expand_word(&input, &NoEnv)
            .expect_err("too deep");
        assert_eq!(err.kind, WordErrorKind::TooDeep);
    }

    #[test]
    fn heredoc_words_keep_blanks_after_the_marker() {
        let lex = Lexer {
            raw_quotes: true,
            raw_escapes: true,
            skip_unset_env: true,
            ..Lexer::default()
        };
        assert_eq!(
            lex.expand_words("RUN << EOF cat", &NoEnv).expect("splits"),
            ["RUN", "<< EOF", "cat"]
        );
        assert_eq!(
            lex.expand_words("RUN <<$EOF", &NoEnv).expect("splits"),
            ["RUN", "<<$EOF"]
        );
    }

    #[test]
    fn buildkit_details() {
        // text/scanner skips a leading byte order mark.
        assert_eq!(word("\u{feff}$a", &["a=1"]), Ok("1".into()));
        // A failure that reaches the end of the word is reported as the missing brace.
        assert_eq!(
            word("${a:-'x}", &[]),
            Err("failed to process \"${a:-'x}\": syntax error: missing '}'".into())
        );
        // An unset variable is substituted as the empty string.
        assert_eq!(word("${u/*/x}", &[]), Ok("x".into()));
        // `:#` fails at once; other unknown `:` modifiers after the word is read.
        assert_eq!(
            word("${a:#x}", &["a=1"]),
            Err("failed to process \"${a:#x}\": unsupported modifier (:#) in substitution".into())
        );
        let keep = Lexer {
            skip_unset_env: true,
            ..Lexer::default()
        };
        assert_eq!(keep.expand_word("${u:=x}", &NoEnv), Ok("${u:=x}".into()));
        assert_eq!(keep.expand_word("${u//a/b}", &NoEnv), Ok("${u/a/b}".into()));
        // Messages quote the word as Go's %q does.
        assert_eq!(
            word("\u{0}${a:?}", &[]),
            Err("failed to process \"\\x00${a:?}\": a: is not allowed to be unset".into())
        );
        assert_eq!(
            word("${a%x\\q}", &["a=1"]),
            Err(
                "failed to process \"${a%x\\\\q}\": invalid pattern (\\qx) in substitution: \
                 invalid escape '\\q'"
                    .into()
            )
        );
    }
}
