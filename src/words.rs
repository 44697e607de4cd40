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
    /// An escape other than `\*`, `\?`, `\\` inside a pattern.
    InvalidPatternEscape(char),
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
            WordErrorKind::InvalidPatternEscape(c) => {
                write!(f, "invalid escape '\\{c}' in pattern")
            }
            WordErrorKind::TooDeep => {
                write!(f, "substitutions nested more than {MAX_NESTING} deep")
            }
        }
    }
}

impl fmt::Display for WordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to process {:?}: {}", self.source, self.kind)
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
        let mut scan = Scan {
            lex: *self,
            chars: word.char_indices().collect(),
            pos: 0,
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

/// Whether BuildKit expands variables in the arguments of this instruction (lower-case
/// keyword). From BuildKit's `instructions/commands.go`: the commands implementing
/// `SupportsSingleWordExpansion` are ADD, ARG, COPY, ENV, EXPOSE, FROM (with the build args
/// declared before the first FROM only), LABEL, ONBUILD (no: its trigger is stored as text),
/// STOPSIGNAL, USER, VOLUME, WORKDIR, and the `--chown`, `--chmod`, `--from`, `--platform`,
/// `--mount` flag values. RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK and MAINTAINER are never
/// expanded by the frontend: the shell expands RUN at run time.
pub fn expands_arguments(keyword: &str) -> bool {
    matches!(
        keyword,
        "add"
            | "arg"
            | "copy"
            | "env"
            | "expose"
            | "from"
            | "label"
            | "stopsignal"
            | "user"
            | "volume"
            | "workdir"
    )
}

type Fail = (WordErrorKind, usize);

/// The scanning state of one `process` call.
struct Scan<'a> {
    lex: Lexer,
    chars: Vec<(usize, char)>,
    pos: usize,
    len: usize,
    env: &'a dyn Env,
    raw_escapes: bool,
    depth: usize,
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
}

/// Word splitting as BuildKit's `wordsStruct` does it.
#[derive(Default)]
struct Words {
    word: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, ch: char) {
        if ch.is_whitespace() {
            if self.in_word && !self.word.is_empty() {
                self.words.push(std::mem::take(&mut self.word));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        self.word.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        s.chars().for_each(|c| self.add_char(c));
    }

    fn add_raw_string(&mut self, s: &str) {
        self.word.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.words.push(self.word);
        }
        self.words
    }
}

impl Scan<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|&(_, c)| c)
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn offset(&self) -> usize {
        self.chars.get(self.pos).map_or(self.len, |&(o, _)| o)
    }

    fn fail<T>(&self, kind: WordErrorKind) -> Result<T, Fail> {
        Err((kind, self.offset()))
    }

    /// Processes characters until `stop` (consumed) or the end of the word.
    fn process_until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), Fail> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.fail(WordErrorKind::TooDeep);
        }
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        let out = self.process_until_inner(stop);
        self.raw_escapes = saved;
        self.depth -= 1;
        out
    }

    fn process_until_inner(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), Fail> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok((result, words.finish()));
            }
            let quotes = !self.lex.skip_process_quotes;
            match ch {
                '$' => {
                    let tmp = self.process_dollar()?;
                    result.push_str(&tmp);
                    words.add_string(&tmp);
                }
                '\'' if quotes => {
                    let tmp = self.process_single_quote()?;
                    result.push_str(&tmp);
                    words.add_raw_string(&tmp);
                }
                '"' if quotes => {
                    let tmp = self.process_double_quote()?;
                    result.push_str(&tmp);
                    words.add_raw_string(&tmp);
                }
                '<' => {
                    let tmp = self.process_possible_heredoc();
                    result.push_str(&tmp);
                    words.add_raw_string(&tmp);
                }
                _ => {
                    self.next();
                    if ch == self.lex.escape {
                        if self.raw_escapes {
                            words.add_raw_char(ch);
                            result.push(ch);
                        }
                        match self.next() {
                            None => break,
                            Some(escaped) => {
                                words.add_raw_char(escaped);
                                result.push(escaped);
                            }
                        }
                    } else {
                        words.add_char(ch);
                        result.push(ch);
                    }
                }
            }
        }
        if stop.is_some() {
            return self.fail(WordErrorKind::MissingBrace);
        }
        Ok((result, words.finish()))
    }

    /// `<<` plus the blanks after it stay one piece, so `<< EOF` is one heredoc word.
    fn process_possible_heredoc(&mut self) -> String {
        self.next();
        if self.peek() != Some('<') {
            return "<".to_string();
        }
        self.next();
        let mut out = "<<".to_string();
        while let Some(c @ (' ' | '\t')) = self.peek() {
            out.push(c);
            self.next();
        }
        out
    }

    fn process_single_quote(&mut self) -> Result<String, Fail> {
        let mut result = String::new();
        let open = self.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.next() {
                None => return self.fail(WordErrorKind::UnterminatedQuote('\'')),
                Some('\'') => {
                    if self.lex.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, Fail> {
        let mut result = String::new();
        let open = self.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.peek() {
                None => return self.fail(WordErrorKind::UnterminatedQuote('"')),
                Some('"') => {
                    self.next();
                    if self.lex.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                }
                Some(mut ch) => {
                    self.next();
                    if ch == self.lex.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(n) if n == '"' || n == '$' || n == self.lex.escape => {
                                self.next();
                                ch = n;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn lookup(&mut self, name: &str) -> Option<String> {
        match self.env.lookup(name) {
            Some(v) => {
                self.matched.insert(name.to_string());
                Some(v.to_string())
            }
            None => {
                self.unmatched.insert(name.to_string());
                None
            }
        }
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && ch.is_ascii_digit() {
                while let Some(d) = self.peek().filter(|c| c.is_ascii_digit()) {
                    name.push(d);
                    self.next();
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                return ch.to_string();
            }
            if !(ch.is_alphanumeric() || ch == '_') {
                break;
            }
            name.push(ch);
            self.next();
        }
        name
    }

    fn process_dollar(&mut self) -> Result<String, Fail> {
        self.next();
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.lex.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return self.fail(WordErrorKind::MissingBrace),
            Some('{' | '}' | ':') => return self.fail(WordErrorKind::BadSubstitution),
            Some(_) => {}
        }
        let name = self.process_name();
        let Some(ch) = self.next() else {
            return self.fail(WordErrorKind::MissingBrace);
        };
        match ch {
            '}' => Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.lex.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            ':' => match self.next() {
                Some(m @ ('-' | '+' | '?')) => self.modifier(&name, m, true),
                Some(m) => self.fail(WordErrorKind::UnsupportedModifier(format!(":{m}"))),
                None => self.fail(WordErrorKind::MissingBrace),
            },
            '-' | '+' | '?' | '#' | '%' => self.modifier(&name, ch, false),
            '/' => self.substitute(&name),
            other => self.fail(WordErrorKind::UnsupportedModifier(other.to_string())),
        }
    }

    /// `${name<op>word}` for the default, alternative, required and trim operators.
    fn modifier(&mut self, name: &str, op: char, null_is_unset: bool) -> Result<String, Fail> {
        let raw = op == '#' || op == '%';
        let (word, _) = self.process_until(Some('}'), raw)?;
        let value = self.lookup(name);
        let colon = if null_is_unset { ":" } else { "" };
        let Some(value) = value else {
            if self.lex.skip_unset_env {
                return Ok(format!("${{{name}{colon}{op}{word}}}"));
            }
            return match op {
                '-' => Ok(word),
                '?' => {
                    let message = if word.is_empty() {
                        "is not allowed to be unset".to_string()
                    } else {
                        word
                    };
                    self.fail(WordErrorKind::Required {
                        name: name.to_string(),
                        message,
                    })
                }
                '#' | '%' => Ok(String::new()),
                _ => Ok(String::new()),
            };
        };
        let empty = null_is_unset && value.is_empty();
        match op {
            '-' => Ok(if empty { word } else { value }),
            '+' => Ok(if empty { String::new() } else { word }),
            '?' if empty => {
                let message = if word.is_empty() {
                    "is not allowed to be empty".to_string()
                } else {
                    word
                };
                self.fail(WordErrorKind::Required {
                    name: name.to_string(),
                    message,
                })
            }
            '?' => Ok(value),
            _ => {
                let (greedy, pattern) = match word.strip_prefix(op) {
                    Some(rest) => (true, rest.to_string()),
                    None => (false, word),
                };
                let pattern = compile_pattern(&pattern).map_err(|k| (k, self.offset()))?;
                let chars: Vec<char> = value.chars().collect();
                Ok(if op == '#' {
                    trim_prefix(&pattern, &chars, greedy)
                } else {
                    trim_suffix(&pattern, &chars, greedy)
                })
            }
        }
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}`.
    fn substitute(&mut self, name: &str) -> Result<String, Fail> {
        let all = self.peek() == Some('/');
        if all {
            self.next();
        }
        let (pattern, _) = self.process_until(Some('/'), true).map_err(|e| match e.0 {
            WordErrorKind::MissingBrace => (WordErrorKind::MissingSlash, e.1),
            _ => e,
        })?;
        let (replacement, _) = self.process_until(Some('}'), true)?;
        let Some(value) = self.lookup(name) else {
            if self.lex.skip_unset_env {
                let slashes = if all { "//" } else { "/" };
                return Ok(format!("${{{name}{slashes}{pattern}/{replacement}}}"));
            }
            return Ok(String::new());
        };
        let compiled = compile_pattern(&pattern).map_err(|k| (k, self.offset()))?;
        let chars: Vec<char> = value.chars().collect();
        Ok(replace(&compiled, &chars, &replacement, all))
    }
}

/// One element of a `${…}` pattern: `*`, `?` or a literal character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pat {
    Star,
    One,
    Lit(char),
}

/// Compiles a pattern: `*`, `?`, and the escapes `\*`, `\?`, `\\` (`\}` and `\/` stand for `}`
/// and `/`). No bracket expressions, as in BuildKit.
fn compile_pattern(pattern: &str) -> Result<Vec<Pat>, WordErrorKind> {
    let mut out = Vec::new();
    let mut it = pattern.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '*' => {
                if out.last() != Some(&Pat::Star) {
                    out.push(Pat::Star);
                }
            }
            '?' => out.push(Pat::One),
            '\\' => match it.next() {
                Some(e @ ('*' | '?' | '\\' | '}' | '/')) => out.push(Pat::Lit(e)),
                Some(e) => return Err(WordErrorKind::InvalidPatternEscape(e)),
                None => return Err(WordErrorKind::InvalidPatternEscape(' ')),
            },
            _ => out.push(Pat::Lit(c)),
        }
    }
    Ok(out)
}

/// Whether `pat` matches all of `text` (iterative, with one backtrack point: linear-ish).
fn matches_all(pat: &[Pat], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pat.get(p) {
            Some(Pat::Star) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Pat::One) => {
                p += 1;
                t += 1;
            }
            Some(Pat::Lit(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pat[p..].iter().all(|x| *x == Pat::Star)
}

fn trim_prefix(pat: &[Pat], value: &[char], greedy: bool) -> String {
    let ends: Box<dyn Iterator<Item = usize>> = if greedy {
        Box::new((0..=value.len()).rev())
    } else {
        Box::new(0..=value.len())
    };
    for end in ends {
        if matches_all(pat, &value[..end]) {
            return value[end..].iter().collect();
        }
    }
    value.iter().collect()
}

fn trim_suffix(pat: &[Pat], value: &[char], greedy: bool) -> String {
    let starts: Box<dyn Iterator<Item = usize>> = if greedy {
        Box::new(0..=value.len())
    } else {
        Box::new((0..=value.len()).rev())
    };
    for start in starts {
        if matches_all(pat, &value[start..]) {
            return value[..start].iter().collect();
        }
    }
    value.iter().collect()
}

/// The longest match of `pat` starting at `start`, if any (greedy `*`, like BuildKit's regexp).
fn longest_match_at(pat: &[Pat], value: &[char], start: usize) -> Option<usize> {
    (start..=value.len())
        .rev()
        .find(|&end| matches_all(pat, &value[start..end]))
}

fn replace(pat: &[Pat], value: &[char], replacement: &str, all: bool) -> String {
    let mut out = String::new();
    let mut i = 0;
    let mut replaced = false;
    while i <= value.len() {
        if !replaced || all {
            if let Some(end) = longest_match_at(pat, value, i) {
                out.push_str(replacement);
                replaced = true;
                if end > i {
                    i = end;
                    continue;
                }
            }
        }
        if let Some(&c) = value.get(i) {
            out.push(c);
        }
        i += 1;
    }
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
}
