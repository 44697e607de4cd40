//! Tokens and words: operators, newlines, `IO_NUMBER`s, and words with their quoting,
//! parameter expansions, command and arithmetic substitutions kept as structure.
//! Here-document bodies are read ahead when their operator is parsed.

use super::ast::{Param, ParamOp, Part, Word};
use super::parse::{Parser, SyntaxError};
use std::rc::Rc;

/// Operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `&&`
    AndIf,
    /// `||`
    OrIf,
    /// `;`
    Semi,
    /// `;;`
    DSemi,
    /// `&`
    Amp,
    /// `|`
    Pipe,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `<`
    Less,
    /// `>`
    Great,
    /// `>>`
    DGreat,
    /// `<<`
    DLess,
    /// `<<-`
    DLessDash,
    /// `<&`
    LessAnd,
    /// `>&`
    GreatAnd,
    /// `<>`
    LessGreat,
    /// `>|`
    Clobber,
    /// `&>`
    AndGreat,
    /// `&>>`
    AndDGreat,
    /// `<<<`
    TLess,
}

const OPS: &[(&str, Op)] = &[
    ("&>>", Op::AndDGreat),
    ("<<-", Op::DLessDash),
    ("<<<", Op::TLess),
    ("&&", Op::AndIf),
    ("||", Op::OrIf),
    (";;", Op::DSemi),
    ("<<", Op::DLess),
    (">>", Op::DGreat),
    ("<&", Op::LessAnd),
    (">&", Op::GreatAnd),
    ("<>", Op::LessGreat),
    (">|", Op::Clobber),
    ("&>", Op::AndGreat),
    (";", Op::Semi),
    ("&", Op::Amp),
    ("|", Op::Pipe),
    ("(", Op::LParen),
    (")", Op::RParen),
    ("<", Op::Less),
    (">", Op::Great),
];

/// A token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A word and its source text.
    Word(Word, String),
    /// An operator.
    Op(Op),
    /// Digits right before `<` or `>`.
    IoNumber(u32),
    /// A newline.
    Newline,
    /// The end.
    Eof,
}

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for",
    "in", "{", "}", "!",
];

impl Tok {
    /// The reserved word this token is, if it is one (an unquoted word spelled so).
    pub fn keyword(&self) -> Option<&str> {
        match self {
            Tok::Word(Word(parts), raw) if KEYWORDS.contains(&raw.as_str()) => {
                matches!(parts.as_slice(), [Part::Lit(l)] if l == raw).then_some(raw.as_str())
            }
            _ => None,
        }
    }

    /// How the token reads in an error message.
    pub fn text(&self) -> String {
        match self {
            Tok::Word(_, raw) => raw.clone(),
            Tok::Op(op) => OPS
                .iter()
                .find(|(_, o)| o == op)
                .map(|(s, _)| s.to_string())
                .unwrap_or_default(),
            Tok::IoNumber(n) => n.to_string(),
            Tok::Newline => "newline".into(),
            Tok::Eof => "end of file".into(),
        }
    }
}

/// Whether `s` is a reserved word.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `s` is a valid variable name.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// `NAME=value` as (name, value word), if the word is an assignment.
pub fn split_assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit(first)) = word.0.first() else {
        return None;
    };
    let (name, rest) = first.split_once('=')?;
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::new();
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts.extend(word.0[1..].iter().cloned());
    Some((name.to_string(), Word(parts)))
}

/// The text of a word with its quotes removed (for here-document delimiters).
pub fn unquote(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None | Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            (_, c) => out.push(c),
        }
    }
    out
}

fn is_meta(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

/// Where a word being read ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// An ordinary word: at a blank or an operator.
    Word,
    /// The word inside `${name op word}`: at the closing `}` (quotes still count).
    Brace,
    /// The pattern of `${name/pattern/…}`: at `/` or `}`.
    BracePattern,
}

impl Parser<'_> {
    fn at(&self, off: usize) -> Option<u8> {
        self.src.get(self.pos + off).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        self.src[self.pos.min(self.src.len())..].starts_with(s.as_bytes())
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.at(0)?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    /// Reads one character (UTF-8) as a string.
    fn bump_char(&mut self) -> String {
        let start = self.pos;
        self.bump();
        while self.at(0).is_some_and(|b| b & 0xC0 == 0x80) {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.src[start..self.pos]).into_owned()
    }

    /// The next token.
    pub(super) fn lex(&mut self) -> Result<Tok, SyntaxError> {
        loop {
            match self.at(0) {
                Some(b' ' | b'\t' | b'\r') => {
                    self.pos += 1;
                }
                Some(b'\\') if self.at(1) == Some(b'\n') => {
                    self.bump();
                    self.bump();
                }
                Some(b'#') => {
                    while self.at(0).is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                _ => break,
            }
        }
        let Some(b) = self.at(0) else {
            return Ok(Tok::Eof);
        };
        if b == b'\n' {
            self.bump();
            if let Some((pos, lines)) = self.body_pos.take() {
                self.pos = pos;
                self.line += lines;
            }
            return Ok(Tok::Newline);
        }
        for (text, op) in OPS {
            if self.starts_with(text) {
                self.pos += text.len();
                return Ok(Tok::Op(*op));
            }
        }
        let start = self.pos;
        let digits = self.src[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 && matches!(self.at(digits), Some(b'<' | b'>')) {
            let text = String::from_utf8_lossy(&self.src[start..start + digits]).into_owned();
            if let Ok(n) = text.parse::<u32>() {
                self.pos += digits;
                return Ok(Tok::IoNumber(n));
            }
        }
        let word = self.read_word(Ctx::Word)?;
        let raw = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
        Ok(Tok::Word(word, raw))
    }

    fn read_word(&mut self, ctx: Ctx) -> Result<Word, SyntaxError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        if ctx == Ctx::Word && self.at(0) == Some(b'~') {
            let n = self.src[self.pos + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
                .count();
            let after = self.at(1 + n);
            if after.is_none() || after == Some(b'/') || after.is_some_and(is_meta) {
                let user = String::from_utf8_lossy(&self.src[self.pos + 1..self.pos + 1 + n]);
                parts.push(Part::Tilde(user.into_owned()));
                self.pos += 1 + n;
            }
        }
        loop {
            let Some(b) = self.at(0) else {
                if ctx != Ctx::Word {
                    return Err(self.error("Missing '}'"));
                }
                break;
            };
            match (ctx, b) {
                (Ctx::Word, b) if is_meta(b) => break,
                (Ctx::Brace | Ctx::BracePattern, b'}') => break,
                (Ctx::BracePattern, b'/') => break,
                _ => {}
            }
            match b {
                b'\\' => {
                    self.bump();
                    match self.at(0) {
                        Some(b'\n') => {
                            self.bump();
                        }
                        Some(_) => {
                            flush(&mut lit, &mut parts);
                            let c = self.bump_char();
                            parts.push(Part::Quoted(c));
                        }
                        None => lit.push('\\'),
                    }
                }
                b'\'' => {
                    flush(&mut lit, &mut parts);
                    self.bump();
                    let start = self.pos;
                    while self.at(0).is_some_and(|b| b != b'\'') {
                        self.bump();
                    }
                    if self.at(0).is_none() {
                        return Err(self.error("Unterminated quoted string"));
                    }
                    let text = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
                    self.bump();
                    parts.push(Part::Quoted(text));
                }
                b'"' => {
                    flush(&mut lit, &mut parts);
                    self.bump();
                    let inner = self.read_double()?;
                    parts.push(Part::Double(inner));
                }
                b'$' | b'`' => self.read_substitution(&mut lit, &mut parts)?,
                _ => lit.push_str(&self.bump_char()),
            }
        }
        flush(&mut lit, &mut parts);
        Ok(Word(parts))
    }

    /// The parts of `"…"` after the opening quote, through the closing one.
    fn read_double(&mut self) -> Result<Vec<Part>, SyntaxError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        loop {
            match self.at(0) {
                None => return Err(self.error("Unterminated quoted string")),
                Some(b'"') => {
                    self.bump();
                    break;
                }
                Some(b'\\') => {
                    self.bump();
                    match self.at(0) {
                        Some(b'\n') => {
                            self.bump();
                        }
                        Some(b'$' | b'`' | b'"' | b'\\') => {
                            flush(&mut lit, &mut parts);
                            parts.push(Part::Quoted(self.bump_char()));
                        }
                        _ => lit.push('\\'),
                    }
                }
                Some(b'$' | b'`') => self.read_substitution(&mut lit, &mut parts)?,
                Some(_) => lit.push_str(&self.bump_char()),
            }
        }
        flush(&mut lit, &mut parts);
        Ok(parts)
    }

    /// At `$` or a backquote: ends the literal run and pushes the expansion (a lone `$` stays
    /// literal).
    fn read_substitution(
        &mut self,
        lit: &mut String,
        parts: &mut Vec<Part>,
    ) -> Result<(), SyntaxError> {
        flush(lit, parts);
        if self.at(0) == Some(b'`') {
            parts.push(self.read_backquote()?);
        } else {
            match self.read_dollar()? {
                Some(p) => parts.push(p),
                None => lit.push('$'),
            }
        }
        Ok(())
    }

    /// After `$`: a parameter, `${…}`, `$(…)` or `$((…))`; `None` for a lone `$`.
    fn read_dollar(&mut self) -> Result<Option<Part>, SyntaxError> {
        match self.at(1) {
            Some(b'(') if self.at(2) == Some(b'(') => {
                self.pos += 3;
                self.read_arith().map(Some)
            }
            Some(b'(') => {
                self.pos += 2;
                self.read_command_sub().map(Some)
            }
            Some(b'{') => {
                self.pos += 2;
                self.read_brace().map(Some)
            }
            Some(b) if b == b'_' || b.is_ascii_alphabetic() => {
                self.pos += 1;
                let start = self.pos;
                while self
                    .at(0)
                    .is_some_and(|b| b == b'_' || b.is_ascii_alphanumeric())
                {
                    self.pos += 1;
                }
                let name = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
                Ok(Some(param(name, ParamOp::Plain)))
            }
            Some(b) if b.is_ascii_digit() || b"@*#?$!-".contains(&b) => {
                self.pos += 2;
                Ok(Some(param((b as char).to_string(), ParamOp::Plain)))
            }
            _ => {
                self.pos += 1;
                Ok(None)
            }
        }
    }

    fn sub_depth(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > super::parse::MAX_NESTING {
            return Err(self.error(format!(
                "nesting deeper than {} levels (the sandbox's limit)",
                super::parse::MAX_NESTING
            )));
        }
        Ok(())
    }

    fn read_command_sub(&mut self) -> Result<Part, SyntaxError> {
        self.sub_depth()?;
        let saved = self.peeked.take();
        let list = self.parse_list(&[")"])?;
        match self.next()? {
            super::lex::Tok::Op(Op::RParen) => {}
            t => return Err(self.unexpected(&t)),
        }
        self.peeked = saved;
        self.depth -= 1;
        Ok(Part::Command(Rc::new(list)))
    }

    fn read_backquote(&mut self) -> Result<Part, SyntaxError> {
        self.bump();
        let line = self.line;
        let mut text = Vec::new();
        loop {
            match self.bump() {
                None => return Err(self.error("EOF in backquote substitution")),
                Some(b'`') => break,
                Some(b'\\') => match self.at(0) {
                    Some(b @ (b'`' | b'\\' | b'$')) => {
                        self.bump();
                        text.push(b);
                    }
                    _ => text.push(b'\\'),
                },
                Some(b) => text.push(b),
            }
        }
        self.sub_depth()?;
        let source = String::from_utf8_lossy(&text).into_owned();
        let mut sub = Parser::new(&source, line);
        sub.depth = self.depth;
        let list = sub.parse_list(&[])?;
        match sub.peek()? {
            Tok::Eof => {}
            t => return Err(sub.unexpected(&t)),
        }
        self.depth -= 1;
        Ok(Part::Command(Rc::new(list)))
    }

    /// `$((…))` after the `$((`: the expression as a word (parameters and substitutions
    /// inside are expanded before evaluation).
    fn read_arith(&mut self) -> Result<Part, SyntaxError> {
        let start = self.pos;
        let line = self.line;
        let mut depth = 0usize;
        loop {
            match self.at(0) {
                None => return Err(self.error("Missing '))'")),
                Some(b'(') => depth += 1,
                Some(b')') if depth == 0 => {
                    if self.at(1) == Some(b')') {
                        break;
                    }
                    return Err(self.error("Missing '))'"));
                }
                Some(b')') => depth -= 1,
                _ => {}
            }
            self.bump();
        }
        let text = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
        self.pos += 2;
        self.sub_depth()?;
        let word = parse_text(&text, line, self.depth, false)?;
        self.depth -= 1;
        Ok(Part::Arith(word))
    }

    /// `${…}` after the `${` (nesting counted, so `${a:-${a:-…}}` cannot overflow).
    fn read_brace(&mut self) -> Result<Part, SyntaxError> {
        self.sub_depth()?;
        let part = self.read_brace_inner();
        self.depth -= 1;
        part
    }

    fn read_brace_inner(&mut self) -> Result<Part, SyntaxError> {
        let bad = |p: &Parser<'_>| p.error("Bad substitution");
        let length = self.at(0) == Some(b'#')
            && self
                .at(1)
                .is_some_and(|b| b != b'}' && b != b':' && b != b'=');
        if length {
            self.pos += 1;
        }
        let start = self.pos;
        match self.at(0) {
            Some(b) if b == b'_' || b.is_ascii_alphabetic() => {
                while self
                    .at(0)
                    .is_some_and(|b| b == b'_' || b.is_ascii_alphanumeric())
                {
                    self.pos += 1;
                }
            }
            Some(b) if b.is_ascii_digit() => {
                while self.at(0).is_some_and(|b| b.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            Some(b) if b"@*#?$!-".contains(&b) => self.pos += 1,
            _ => return Err(bad(self)),
        }
        let name = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
        if length {
            if self.bump() != Some(b'}') {
                return Err(bad(self));
            }
            return Ok(param(name, ParamOp::Length));
        }
        let colon = self.at(0) == Some(b':');
        let op_byte = if colon { self.at(1) } else { self.at(0) };
        let op = match op_byte {
            Some(b'}') if !colon => {
                self.bump();
                return Ok(param(name, ParamOp::Plain));
            }
            Some(b @ (b'-' | b'=' | b'?' | b'+')) => {
                self.pos += 1 + usize::from(colon);
                let word = self.read_word(Ctx::Brace)?;
                match b {
                    b'-' => ParamOp::Default(colon, word),
                    b'=' => ParamOp::Assign(colon, word),
                    b'?' => ParamOp::Error(colon, word),
                    _ => ParamOp::Alternative(colon, word),
                }
            }
            _ if colon => {
                self.pos += 1;
                let offset = self.read_until_colon_or_brace()?;
                let len = if self.at(0) == Some(b':') {
                    self.pos += 1;
                    Some(self.read_word(Ctx::Brace)?)
                } else {
                    None
                };
                ParamOp::Substring(offset, len)
            }
            Some(b @ (b'#' | b'%')) => {
                self.pos += 1;
                let longest = self.at(0) == Some(b);
                if longest {
                    self.pos += 1;
                }
                let word = self.read_word(Ctx::Brace)?;
                if b == b'#' {
                    ParamOp::RemovePrefix(longest, word)
                } else {
                    ParamOp::RemoveSuffix(longest, word)
                }
            }
            Some(b'/') => {
                self.pos += 1;
                let all = self.at(0) == Some(b'/');
                let anchor = match self.at(0) {
                    Some(b'/') => None,
                    Some(b'#') => Some('#'),
                    Some(b'%') => Some('%'),
                    _ => None,
                };
                if all || anchor.is_some() {
                    self.pos += 1;
                }
                let pattern = self.read_word(Ctx::BracePattern)?;
                let with = if self.at(0) == Some(b'/') {
                    self.pos += 1;
                    self.read_word(Ctx::Brace)?
                } else {
                    Word::default()
                };
                ParamOp::Replace {
                    all,
                    anchor,
                    pattern,
                    with,
                }
            }
            _ => return Err(bad(self)),
        };
        if self.bump() != Some(b'}') {
            return Err(bad(self));
        }
        Ok(param(name, op))
    }

    fn read_until_colon_or_brace(&mut self) -> Result<Word, SyntaxError> {
        let start = self.pos;
        while self.at(0).is_some_and(|b| b != b':' && b != b'}') {
            self.bump();
        }
        let text = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
        parse_text(&text, self.line, self.depth, false)
    }

    /// Reads the body of a here-document whose operator was just parsed: the lines after
    /// the current one (or after the previous body on this line), up to `delimiter`.
    pub(super) fn read_heredoc(
        &mut self,
        delimiter: &str,
        strip_tabs: bool,
        quoted: bool,
    ) -> Result<Word, SyntaxError> {
        let (mut pos, mut lines) = match self.body_pos {
            Some(p) => p,
            None => (self.end_of_line(), 0),
        };
        let body_line = self.line + lines + 1;
        let mut body = String::new();
        while pos < self.src.len() {
            let end = self.src[pos..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(self.src.len(), |i| pos + i);
            let mut line = String::from_utf8_lossy(&self.src[pos..end]).into_owned();
            pos = (end + 1).min(self.src.len().max(end));
            lines += 1;
            if strip_tabs {
                line = line.trim_start_matches('\t').to_string();
            }
            if line == delimiter {
                break;
            }
            body.push_str(&line);
            body.push('\n');
        }
        self.body_pos = Some((pos.min(self.src.len()), lines));
        if quoted {
            return Ok(Word(vec![Part::Quoted(body)]));
        }
        parse_text(&body, body_line, self.depth, true)
    }

    /// The position after the newline ending the current line (quotes and escapes
    /// considered), or the end of the source.
    fn end_of_line(&self) -> usize {
        let mut i = self.pos;
        let mut quote: Option<u8> = None;
        while i < self.src.len() {
            let b = self.src[i];
            match (quote, b) {
                (_, b'\\') => i += 1,
                (None, b'\'' | b'"') => quote = Some(b),
                (Some(q), b) if b == q => quote = None,
                (None, b'\n') => return i + 1,
                _ => {}
            }
            i += 1;
        }
        self.src.len()
    }

    /// Text where only `$`, backquotes and `\` are special (here-document bodies,
    /// arithmetic): read as the inside of double quotes without the closing quote.
    fn read_plain(&mut self, heredoc: bool) -> Result<Vec<Part>, SyntaxError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        while let Some(b) = self.at(0) {
            match b {
                b'\\' => {
                    self.bump();
                    match self.at(0) {
                        Some(b'\n') if heredoc => {
                            self.bump();
                        }
                        Some(b'$' | b'`' | b'\\') => {
                            flush(&mut lit, &mut parts);
                            parts.push(Part::Quoted(self.bump_char()));
                        }
                        _ => lit.push('\\'),
                    }
                }
                b'$' | b'`' => self.read_substitution(&mut lit, &mut parts)?,
                _ => lit.push_str(&self.bump_char()),
            }
        }
        flush(&mut lit, &mut parts);
        Ok(parts)
    }
}

/// Parses `text` as the inside of double quotes (a here-document body or an arithmetic
/// expression): one quoted word.
fn parse_text(text: &str, line: usize, depth: usize, heredoc: bool) -> Result<Word, SyntaxError> {
    let mut p = Parser::new(text, line);
    p.depth = depth;
    let parts = p.read_plain(heredoc)?;
    Ok(Word(vec![Part::Double(parts)]))
}

fn flush(lit: &mut String, parts: &mut Vec<Part>) {
    if !lit.is_empty() {
        parts.push(Part::Lit(std::mem::take(lit)));
    }
}

fn param(name: String, op: ParamOp) -> Part {
    Part::Param(Box::new(Param { name, op }))
}
