//! The scanner behind [`Lexer::process`](super::Lexer::process): BuildKit's `shellWord`
//! (`processStopOn`, `processDollar`, quotes, escapes, heredoc markers), one character at a
//! time, with a nesting limit instead of unbounded recursion.

use super::pattern::{self, Pat};
use super::{Env, Lexer, WordErrorKind, MAX_NESTING};
use std::collections::BTreeSet;

/// An error and the byte offset in the word where it was noticed.
pub(super) type Fail = (WordErrorKind, usize);

/// The scanning state of one `process` call.
pub(super) struct Scan<'a> {
    pub(super) lex: Lexer,
    pub(super) chars: Vec<(usize, char)>,
    pub(super) pos: usize,
    pub(super) len: usize,
    pub(super) env: &'a dyn Env,
    pub(super) raw_escapes: bool,
    pub(super) depth: usize,
    pub(super) matched: BTreeSet<String>,
    pub(super) unmatched: BTreeSet<String>,
}

/// Word splitting as BuildKit's `wordsStruct` does it (Go's `unicode.IsSpace` is Rust's
/// `char::is_whitespace`).
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

/// Go's `isSpecialParam`: `$@ $* $# $? $- $$ $! $0`.
fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
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

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn offset(&self) -> usize {
        self.chars.get(self.pos).map_or(self.len, |&(o, _)| o)
    }

    fn fail<T>(&self, kind: WordErrorKind) -> Result<T, Fail> {
        Err((kind, self.offset()))
    }

    /// Processes characters until `stop` (consumed) or the end of the word.
    pub(super) fn process_until(
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

    /// `process_until` for the word inside `${…}`: like BuildKit, any failure that leaves
    /// the scanner at the end of the word is reported as the missing terminator.
    fn nested_until(
        &mut self,
        stop: char,
        raw_escapes: bool,
        missing: WordErrorKind,
    ) -> Result<String, Fail> {
        match self.process_until(Some(stop), raw_escapes) {
            Ok((word, _)) => Ok(word),
            Err((WordErrorKind::TooDeep, at)) => Err((WordErrorKind::TooDeep, at)),
            Err(_) if self.at_end() => self.fail(missing),
            Err(e) => Err(e),
        }
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

    /// `<<` plus the spaces, tabs and carriage returns after it stay one piece, so `<< EOF`
    /// is one heredoc word (BuildKit's `processPossibleHeredoc`).
    fn process_possible_heredoc(&mut self) -> String {
        self.next();
        if self.peek() != Some('<') {
            return "<".to_string();
        }
        self.next();
        let mut out = "<<".to_string();
        while let Some(c @ (' ' | '\t' | '\r')) = self.peek() {
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

    /// A name: letters, digits, `_`; or all the digits of a positional parameter; or one
    /// special parameter character.
    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && ch.is_numeric() {
                while let Some(d) = self.peek().filter(|c| c.is_numeric()) {
                    name.push(d);
                    self.next();
                }
                return name;
            }
            if name.is_empty() && is_special_param(ch) {
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
                // BuildKit rejects `${VAR:#p}` and `${VAR:%p}` before reading the word.
                Some(m @ ('#' | '%')) => {
                    self.fail(WordErrorKind::UnsupportedModifier(format!(":{m}")))
                }
                // Any other character reads the word first, like BuildKit's fallthrough.
                Some(m) => self.modifier(&name, m, true),
                None => self.fail(WordErrorKind::MissingBrace),
            },
            '-' | '+' | '?' | '#' | '%' => self.modifier(&name, ch, false),
            '/' => self.substitute(&name),
            other => self.fail(WordErrorKind::UnsupportedModifier(other.to_string())),
        }
    }

    /// `${name<op>word}` for the default, alternative, required and trim operators (and an
    /// unsupported `${name:<op>word}`, which fails after the word is read).
    fn modifier(&mut self, name: &str, op: char, null_is_unset: bool) -> Result<String, Fail> {
        let raw = op == '#' || op == '%';
        let word = self.nested_until('}', raw, WordErrorKind::MissingBrace)?;
        let value = self.lookup(name);
        let colon = if null_is_unset { ":" } else { "" };
        if value.is_none() && self.lex.skip_unset_env {
            return Ok(format!("${{{name}{colon}{op}{word}}}"));
        }
        let empty = value
            .as_deref()
            .is_none_or(|v| null_is_unset && v.is_empty());
        match op {
            '-' => Ok(if empty {
                word
            } else {
                value.unwrap_or_default()
            }),
            '+' => Ok(if empty { String::new() } else { word }),
            '?' if empty => {
                let message = match (word.is_empty(), value.is_some()) {
                    (false, _) => word,
                    (true, false) => "is not allowed to be unset".to_string(),
                    (true, true) => "is not allowed to be empty".to_string(),
                };
                self.fail(WordErrorKind::Required {
                    name: name.to_string(),
                    message,
                })
            }
            '?' => Ok(value.unwrap_or_default()),
            '#' | '%' => {
                let value = value.unwrap_or_default();
                let (greedy, word) = match word.strip_prefix(op) {
                    Some(rest) => (true, rest.to_string()),
                    None => (false, word),
                };
                if op == '#' {
                    let compiled = self.compile(&word)?;
                    Ok(pattern::trim_prefix(&compiled, &value, greedy))
                } else {
                    // BuildKit reverses the pattern text (and names the reversed text in its
                    // error message) and trims a prefix of the reversed value.
                    let compiled = self.compile(&pattern::reverse_pattern(&word))?;
                    Ok(pattern::trim_suffix(&compiled, &value, greedy))
                }
            }
            other => self.fail(WordErrorKind::UnsupportedModifier(format!(
                "{colon}{other}"
            ))),
        }
    }

    fn compile(&self, text: &str) -> Result<Vec<Pat>, Fail> {
        pattern::compile(text).or_else(|escape| {
            self.fail(WordErrorKind::InvalidPattern {
                pattern: text.to_string(),
                escape,
            })
        })
    }

    /// `${name/pattern/replacement}` and `${name//pattern/replacement}`.
    fn substitute(&mut self, name: &str) -> Result<String, Fail> {
        let all = self.peek() == Some('/');
        if all {
            self.next();
        }
        let pattern = self.nested_until('/', true, WordErrorKind::MissingSlash)?;
        let replacement = self.nested_until('}', true, WordErrorKind::MissingBrace)?;
        let value = self.lookup(name);
        if value.is_none() && self.lex.skip_unset_env {
            // BuildKit writes one slash back even for `//`.
            return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
        }
        // An unset variable is replaced as the empty string (`${u/*/x}` gives `x`).
        let value = value.unwrap_or_default();
        let compiled = self.compile(&pattern)?;
        Ok(pattern::replace(&compiled, &value, &replacement, all))
    }
}
