//! The shell grammar: lists, and-or lists, pipelines, simple and compound commands,
//! functions, redirections and here-documents, by recursive descent over the tokens of
//! `lex.rs`. Errors read like dash's (`Syntax error: "fi" unexpected`).

use super::ast::{AndOr, Command, Compound, List, Pipeline, RedirOp, Redirect, Simple};
use super::lex::{Op, Tok};
use std::fmt;
use std::rc::Rc;

/// How deep compound commands and substitutions may nest.
pub const MAX_NESTING: usize = 50;

/// A syntax error, with the line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// The message after `Syntax error: `.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Syntax error: {}", self.message)
    }
}

/// Parses a whole script.
pub fn parse(source: &str) -> Result<List, SyntaxError> {
    let mut p = Parser::new(source, 1);
    let list = p.parse_list(&[])?;
    match p.peek()? {
        Tok::Eof => Ok(list),
        t => Err(p.unexpected(&t)),
    }
}

/// Parser state: the source, a position, one token of look-ahead.
pub struct Parser<'a> {
    pub(super) src: &'a [u8],
    pub(super) pos: usize,
    pub(super) line: usize,
    pub(super) peeked: Option<Tok>,
    pub(super) depth: usize,
    /// Once a here-document was read ahead on this line: where the line after its body
    /// starts, and how many lines the bodies hold (the lexer jumps there at the newline).
    pub(super) body_pos: Option<(usize, usize)>,
}

const STOP_WORDS: &[&str] = &[
    "then", "else", "elif", "fi", "do", "done", "esac", "}", "in",
];

impl<'a> Parser<'a> {
    /// A parser over `source`, counting lines from `line`.
    pub fn new(source: &'a str, line: usize) -> Parser<'a> {
        Parser {
            src: source.as_bytes(),
            pos: 0,
            line,
            peeked: None,
            depth: 0,
            body_pos: None,
        }
    }

    pub(super) fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            line: self.line,
            message: message.into(),
        }
    }

    pub(super) fn unexpected(&self, t: &Tok) -> SyntaxError {
        match t {
            Tok::Eof => self.error("end of file unexpected"),
            Tok::Newline => self.error("newline unexpected"),
            t => self.error(format!("\"{}\" unexpected", t.text())),
        }
    }

    fn expecting(&self, t: &Tok, what: &str) -> SyntaxError {
        match t {
            Tok::Eof => self.error(format!("end of file unexpected (expecting \"{what}\")")),
            Tok::Newline => self.error(format!("newline unexpected (expecting \"{what}\")")),
            t => self.error(format!(
                "\"{}\" unexpected (expecting \"{what}\")",
                t.text()
            )),
        }
    }

    pub(super) fn peek(&mut self) -> Result<Tok, SyntaxError> {
        if self.peeked.is_none() {
            let t = self.lex()?;
            self.peeked = Some(t);
        }
        Ok(self.peeked.clone().unwrap_or(Tok::Eof))
    }

    pub(super) fn next(&mut self) -> Result<Tok, SyntaxError> {
        let t = self.peek()?;
        self.peeked = None;
        Ok(t)
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(format!(
                "nesting deeper than {MAX_NESTING} levels (the sandbox's limit)"
            )));
        }
        Ok(())
    }

    fn skip_newlines(&mut self) -> Result<(), SyntaxError> {
        while self.peek()? == Tok::Newline {
            self.next()?;
        }
        Ok(())
    }

    fn at_keyword(&mut self, word: &str) -> Result<bool, SyntaxError> {
        Ok(self.peek()?.keyword() == Some(word))
    }

    fn expect_keyword(&mut self, word: &str) -> Result<(), SyntaxError> {
        let t = self.next()?;
        if t.keyword() == Some(word) {
            Ok(())
        } else {
            Err(self.expecting(&t, word))
        }
    }

    fn at_stop(&mut self, stops: &[&str]) -> Result<bool, SyntaxError> {
        Ok(match self.peek()? {
            Tok::Eof => true,
            Tok::Op(Op::RParen) => stops.contains(&")"),
            Tok::Op(Op::DSemi) => stops.contains(&";;"),
            t => t.keyword().is_some_and(|k| {
                stops.contains(&k) || STOP_WORDS.contains(&k) && !stops.is_empty()
            }),
        })
    }

    /// A list up to (not including) one of `stops` (keywords, `)` or `;;`) or the end.
    pub(super) fn parse_list(&mut self, stops: &[&str]) -> Result<List, SyntaxError> {
        let mut items = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.at_stop(stops)? {
                break;
            }
            let mut and_or = self.parse_and_or()?;
            match self.peek()? {
                Tok::Op(Op::Semi) | Tok::Newline => {
                    self.next()?;
                }
                Tok::Op(Op::Amp) => {
                    self.next()?;
                    and_or.background = true;
                }
                _ => {
                    items.push(and_or);
                    if self.at_stop(stops)? {
                        break;
                    }
                    let t = self.peek()?;
                    return Err(self.unexpected(&t));
                }
            }
            items.push(and_or);
        }
        Ok(List(items))
    }

    fn parse_and_or(&mut self) -> Result<AndOr, SyntaxError> {
        let first = self.parse_pipeline()?;
        let mut rest = Vec::new();
        loop {
            let and = match self.peek()? {
                Tok::Op(Op::AndIf) => true,
                Tok::Op(Op::OrIf) => false,
                _ => break,
            };
            self.next()?;
            self.skip_newlines()?;
            rest.push((and, self.parse_pipeline()?));
        }
        Ok(AndOr {
            first,
            rest,
            background: false,
        })
    }

    fn parse_pipeline(&mut self) -> Result<Pipeline, SyntaxError> {
        let t = self.peek()?;
        let line = self.line;
        let bang = t.keyword() == Some("!");
        if bang {
            self.next()?;
        }
        let mut commands = vec![self.parse_command()?];
        while self.peek()? == Tok::Op(Op::Pipe) {
            self.next()?;
            self.skip_newlines()?;
            commands.push(self.parse_command()?);
        }
        Ok(Pipeline {
            bang,
            commands,
            line,
        })
    }

    fn parse_command(&mut self) -> Result<Command, SyntaxError> {
        let t = self.peek()?;
        let compound = match (&t, t.keyword()) {
            (Tok::Op(Op::LParen), _) => {
                self.next()?;
                self.enter()?;
                let list = self.parse_list(&[")"])?;
                self.depth -= 1;
                let close = self.next()?;
                if close != Tok::Op(Op::RParen) {
                    return Err(self.expecting(&close, ")"));
                }
                Some(Compound::Subshell(list))
            }
            (_, Some("{")) => {
                self.next()?;
                self.enter()?;
                let list = self.parse_list(&["}"])?;
                self.depth -= 1;
                self.expect_keyword("}")?;
                Some(Compound::Brace(list))
            }
            (_, Some("if")) => Some(self.parse_if()?),
            (_, Some("while")) => Some(self.parse_while(false)?),
            (_, Some("until")) => Some(self.parse_while(true)?),
            (_, Some("for")) => Some(self.parse_for()?),
            (_, Some("case")) => Some(self.parse_case()?),
            (_, Some(k)) if STOP_WORDS.contains(&k) && k != "in" => {
                return Err(self.unexpected(&t));
            }
            _ => None,
        };
        match compound {
            Some(c) => {
                let mut redirects = Vec::new();
                while let Some(r) = self.parse_redirect()? {
                    redirects.push(r);
                }
                Ok(Command::Compound(c, redirects))
            }
            None => self.parse_simple(),
        }
    }

    fn parse_if(&mut self) -> Result<Compound, SyntaxError> {
        self.next()?;
        self.enter()?;
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.parse_list(&["then"])?;
            self.expect_keyword("then")?;
            let body = self.parse_list(&["elif", "else", "fi"])?;
            branches.push((cond, body));
            let t = self.next()?;
            match t.keyword() {
                Some("elif") => continue,
                Some("else") => {
                    otherwise = Some(self.parse_list(&["fi"])?);
                    self.expect_keyword("fi")?;
                    break;
                }
                Some("fi") => break,
                _ => return Err(self.expecting(&t, "fi")),
            }
        }
        self.depth -= 1;
        Ok(Compound::If {
            branches,
            otherwise,
        })
    }

    fn parse_do_group(&mut self) -> Result<List, SyntaxError> {
        self.expect_keyword("do")?;
        let body = self.parse_list(&["done"])?;
        self.expect_keyword("done")?;
        Ok(body)
    }

    fn parse_while(&mut self, until: bool) -> Result<Compound, SyntaxError> {
        self.next()?;
        self.enter()?;
        let cond = self.parse_list(&["do"])?;
        let body = self.parse_do_group()?;
        self.depth -= 1;
        Ok(Compound::While { until, cond, body })
    }

    fn parse_for(&mut self) -> Result<Compound, SyntaxError> {
        self.next()?;
        self.enter()?;
        let var = match self.next()? {
            Tok::Word(_, raw) if super::lex::is_name(&raw) => raw,
            t => return Err(self.unexpected(&t)),
        };
        self.skip_newlines()?;
        let mut words = None;
        if self.at_keyword("in")? {
            self.next()?;
            let mut list = Vec::new();
            while let Tok::Word(w, _) = self.peek()? {
                self.next()?;
                list.push(w);
            }
            match self.next()? {
                Tok::Op(Op::Semi) | Tok::Newline => {}
                t => return Err(self.unexpected(&t)),
            }
            words = Some(list);
        } else if self.peek()? == Tok::Op(Op::Semi) {
            self.next()?;
        }
        self.skip_newlines()?;
        let body = self.parse_do_group()?;
        self.depth -= 1;
        Ok(Compound::For { var, words, body })
    }

    fn parse_case(&mut self) -> Result<Compound, SyntaxError> {
        self.next()?;
        self.enter()?;
        let word = match self.next()? {
            Tok::Word(w, _) => w,
            t => return Err(self.unexpected(&t)),
        };
        self.skip_newlines()?;
        self.expect_keyword("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.at_keyword("esac")? {
                self.next()?;
                break;
            }
            if self.peek()? == Tok::Op(Op::LParen) {
                self.next()?;
            }
            let mut patterns = Vec::new();
            loop {
                match self.next()? {
                    Tok::Word(w, _) => patterns.push(w),
                    t => return Err(self.unexpected(&t)),
                }
                match self.next()? {
                    Tok::Op(Op::Pipe) => continue,
                    Tok::Op(Op::RParen) => break,
                    t => return Err(self.expecting(&t, ")")),
                }
            }
            let body = self.parse_list(&[";;", "esac"])?;
            arms.push((patterns, body));
            match self.next()? {
                Tok::Op(Op::DSemi) => {}
                t if t.keyword() == Some("esac") => break,
                t => return Err(self.expecting(&t, "esac")),
            }
        }
        self.depth -= 1;
        Ok(Compound::Case { word, arms })
    }

    fn parse_simple(&mut self) -> Result<Command, SyntaxError> {
        let mut cmd = Simple {
            line: self.line,
            ..Simple::default()
        };
        loop {
            if let Some(r) = self.parse_redirect()? {
                cmd.redirects.push(r);
                continue;
            }
            match self.peek()? {
                Tok::Word(w, raw) => {
                    self.next()?;
                    if cmd.words.is_empty() {
                        if let Some((name, value)) = super::lex::split_assignment(&w) {
                            cmd.assigns.push((name, value));
                            continue;
                        }
                    }
                    let is_first = cmd.words.is_empty() && cmd.assigns.is_empty();
                    cmd.words.push(w);
                    if is_first
                        && cmd.redirects.is_empty()
                        && self.peek()? == Tok::Op(Op::LParen)
                        && super::lex::is_name(&raw)
                    {
                        return self.parse_function(raw);
                    }
                }
                _ => break,
            }
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirects.is_empty() {
            let t = self.peek()?;
            return Err(self.unexpected(&t));
        }
        Ok(Command::Simple(cmd))
    }

    fn parse_function(&mut self, name: String) -> Result<Command, SyntaxError> {
        self.next()?; // (
        let t = self.next()?;
        if t != Tok::Op(Op::RParen) {
            return Err(self.expecting(&t, ")"));
        }
        self.skip_newlines()?;
        self.enter()?;
        let body = self.parse_command()?;
        self.depth -= 1;
        if !matches!(body, Command::Compound(..)) {
            return Err(self.error("function body must be a compound command"));
        }
        Ok(Command::Function(name, Rc::new(body)))
    }

    fn parse_redirect(&mut self) -> Result<Option<Redirect>, SyntaxError> {
        let (fd, op) = match self.peek()? {
            Tok::IoNumber(n) => {
                self.next()?;
                match self.next()? {
                    Tok::Op(op) if op.is_redirect() => (Some(n), op),
                    t => return Err(self.unexpected(&t)),
                }
            }
            Tok::Op(op) if op.is_redirect() => {
                self.next()?;
                (None, op)
            }
            _ => return Ok(None),
        };
        let (word, raw) = match self.next()? {
            Tok::Word(w, raw) => (w, raw),
            t => return Err(self.unexpected(&t)),
        };
        let input = matches!(
            op,
            Op::Less | Op::LessAnd | Op::LessGreat | Op::DLess | Op::DLessDash | Op::TLess
        );
        let fd = fd.unwrap_or(if input { 0 } else { 1 });
        let (op, target) = match op {
            Op::Less => (RedirOp::Read, word),
            Op::Great | Op::Clobber => (RedirOp::Write, word),
            Op::DGreat => (RedirOp::Append, word),
            Op::LessGreat => (RedirOp::ReadWrite, word),
            Op::LessAnd | Op::GreatAnd => (RedirOp::Dup, word),
            Op::AndGreat => (RedirOp::WriteBoth, word),
            Op::AndDGreat => (RedirOp::AppendBoth, word),
            Op::TLess => (RedirOp::HereString, word),
            Op::DLess | Op::DLessDash => {
                let quoted = raw.contains(['\'', '"', '\\']);
                let delimiter = super::lex::unquote(&raw);
                let body = self.read_heredoc(&delimiter, op == Op::DLessDash, quoted)?;
                (RedirOp::HereDoc { quoted }, body)
            }
            _ => return Err(self.error("redirection unexpected")),
        };
        Ok(Some(Redirect { fd, op, target }))
    }
}

impl Op {
    fn is_redirect(self) -> bool {
        matches!(
            self,
            Op::Less
                | Op::Great
                | Op::DGreat
                | Op::DLess
                | Op::DLessDash
                | Op::LessAnd
                | Op::GreatAnd
                | Op::LessGreat
                | Op::Clobber
                | Op::AndGreat
                | Op::AndDGreat
                | Op::TLess
        )
    }
}
