//! The line-level parser: physical lines → logical lines → [`RawInstruction`]s, following
//! BuildKit's `parser.Parse` step by step (directives, comments, continuations, empty
//! continuation lines, heredoc bodies, the 65535-byte line limit).
//!
//! It is one pass over the text with no recursion; every line is looked at a bounded number of
//! times, so any input parses in linear time.

use super::args;
use super::ast::{Arg, RawInstruction};
use super::directives::{Directive, DirectiveParser};
use super::error::{ParseError, ParseErrorKind};
use super::heredoc;
use crate::diagnostic::Diagnostic;
use crate::span::{Position, Span};

/// BuildKit's scanner refuses lines of this many bytes or more.
pub const MAX_LINE: usize = 65536;

/// The result of the line-level parse.
#[derive(Debug, Clone, PartialEq)]
pub struct Ast {
    /// The instructions, in order.
    pub instructions: Vec<RawInstruction>,
    /// The parser directives at the top of the file.
    pub directives: Vec<Directive>,
    /// The escape character in effect (`\` or `` ` ``).
    pub escape: char,
    /// Warnings found while reading lines (empty continuation lines).
    pub warnings: Vec<Diagnostic>,
}

/// One physical line: its text without the line ending, and where it starts.
struct Line<'a> {
    text: &'a str,
    /// The line with its ending, for heredoc bodies.
    raw: &'a str,
    start: usize,
    number: u32,
}

struct Lines<'a> {
    src: &'a str,
    pos: usize,
    number: u32,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        if self.pos >= self.src.len() {
            return None;
        }
        let rest = &self.src[self.pos..];
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let raw = &rest[..len];
        let start = self.pos;
        self.pos += len;
        self.number += 1;
        Some(Line {
            text: raw.trim_end_matches(['\r', '\n']),
            raw,
            start,
            number: self.number,
        })
    }
}

/// Parser state: the escape character and the directive scanner.
struct State {
    escape: char,
    directives: DirectiveParser,
    found: Vec<Directive>,
}

impl State {
    /// BuildKit's `processLine`: trims, feeds the directive scanner, drops comment lines.
    fn process_line<'a>(
        &mut self,
        text: &'a str,
        strip_left: bool,
        span: Span,
    ) -> Result<(&'a str, bool), ParseError> {
        let token = if strip_left { text.trim_start() } else { text };
        let directive = self
            .directives
            .parse_line(token)
            .map_err(|name| ParseError {
                kind: ParseErrorKind::DuplicateDirective(name),
                span,
            })?;
        let mut is_directive = false;
        if let Some(d) = directive {
            if d.name == "escape" {
                match d.value.as_str() {
                    "\\" => self.escape = '\\',
                    "`" => self.escape = '`',
                    other => {
                        return Err(ParseError {
                            kind: ParseErrorKind::InvalidEscape(other.to_string()),
                            span,
                        })
                    }
                }
            }
            self.found.push(d);
            is_directive = true;
        }
        let token = if is_comment(token) { "" } else { token };
        Ok((token, is_directive))
    }

    /// BuildKit's `trimContinuationCharacter`: `(rest, end_of_line)`.
    fn trim_continuation<'a>(&self, line: &'a str) -> (&'a str, bool) {
        let t = line.trim_end_matches([' ', '\t']);
        let Some(before) = t.strip_suffix(self.escape) else {
            return (line, true);
        };
        if before.is_empty() || !before.ends_with(self.escape) {
            (before, false)
        } else {
            (line, true)
        }
    }
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// The span of `text` inside line `line`.
fn line_span(src: &str, line: &Line<'_>, from: usize, to: usize) -> Span {
    let pos = |byte: usize| {
        let byte = byte.min(line.text.len());
        let column = src[line.start..line.start + byte].chars().count() as u32 + 1;
        Position {
            offset: line.start + byte,
            line: line.number,
            column,
        }
    };
    Span {
        start: pos(from),
        end: pos(to),
    }
}

/// Parses a Dockerfile into raw instructions.
pub fn parse_ast(src: &str) -> Result<Ast, ParseError> {
    let body = src.strip_prefix('\u{feff}').unwrap_or(src);
    let bom = src.len() - body.len();
    let mut lines = Lines {
        src,
        pos: bom,
        number: 0,
    }
    .peekable();
    let mut state = State {
        escape: '\\',
        directives: DirectiveParser::default(),
        found: Vec::new(),
    };
    let mut instructions = Vec::new();
    let mut warnings = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    let mut last_line_span = Span::point(Position {
        offset: src.len(),
        line: 1,
        column: 1,
    });

    while let Some(first) = lines.next() {
        check_length(src, &first)?;
        let full = line_span(src, &first, 0, first.text.len());
        last_line_span = full;
        if is_comment(first.text) {
            let c = first.text.trim_start()[1..].trim();
            if c.is_empty() {
                comments.clear();
            } else {
                comments.push(c.to_string());
            }
        }
        let (token, is_directive) = state.process_line(first.text, true, full)?;
        if is_directive {
            comments.pop();
        }
        let (head, mut end_of_line) = state.trim_continuation(token);
        if end_of_line && head.is_empty() {
            continue;
        }
        let lead = first.text.len() - first.text.trim_start().len();
        let mut logical = head.to_string();
        let mut last = full;
        let mut empty_continuation = false;
        while !end_of_line {
            let Some(next) = lines.next() else { break };
            check_length(src, &next)?;
            last = line_span(src, &next, 0, next.text.len());
            let (token, _) = state.process_line(next.text, false, last)?;
            if is_comment(next.text) {
                continue;
            }
            if token.trim_start().is_empty() {
                empty_continuation = true;
                continue;
            }
            let (piece, eol) = state.trim_continuation(token);
            end_of_line = eol;
            logical.push_str(piece);
        }
        if empty_continuation {
            warnings.push(
                Diagnostic::warning(last, format!("Empty continuation line found in: {logical}"))
                    .with_code("NoEmptyContinuation")
                    .with_hint("Empty continuation lines will become errors in a future release"),
            );
        }
        let keyword_len = logical
            .trim_start()
            .find(args::is_token_space)
            .unwrap_or(logical.trim_start().len());
        let keyword_span = line_span(src, &first, lead, lead + keyword_len);
        let first_line = line_span(src, &first, lead, first.text.len());
        let mut node = node_from_line(&logical, state.escape).map_err(|kind| ParseError {
            kind,
            span: first_line,
        })?;
        node.keyword_span = keyword_span;
        node.comments = std::mem::take(&mut comments);

        if args::can_contain_heredoc(&node) && logical.contains("<<") {
            let docs = heredoc::heredocs_from_line(&logical).map_err(|m| ParseError {
                kind: ParseErrorKind::BadHeredoc(m),
                span: first_line,
            })?;
            for mut doc in docs {
                let mut terminated = false;
                for body in lines.by_ref() {
                    last = line_span(src, &body, 0, body.text.len());
                    let candidate = if doc.chomp {
                        body.text.trim_start_matches('\t')
                    } else {
                        body.text
                    };
                    if candidate == doc.name {
                        terminated = true;
                        break;
                    }
                    doc.content.push_str(body.raw);
                }
                if !terminated {
                    let span = Span {
                        start: first_line.start,
                        end: last.end,
                    };
                    return Err(ParseError {
                        kind: ParseErrorKind::UnterminatedHeredoc(doc.name),
                        span,
                    });
                }
                node.heredocs.push(doc);
            }
        }
        node.span = Span {
            start: first_line.start,
            end: last.end,
        };
        last_line_span = last;
        instructions.push(node);
    }
    if instructions.is_empty() {
        return Err(ParseError {
            kind: ParseErrorKind::NoInstructions,
            span: last_line_span,
        });
    }
    Ok(Ast {
        instructions,
        directives: state.found,
        escape: state.escape,
        warnings,
    })
}

fn check_length(src: &str, line: &Line<'_>) -> Result<(), ParseError> {
    if line.text.len() >= MAX_LINE {
        let span = line_span(src, line, 0, 0);
        return Err(ParseError {
            kind: ParseErrorKind::LineTooLong,
            span,
        });
    }
    Ok(())
}

/// BuildKit's `newNodeFromLine`: keyword, flags, and the arguments parsed by the keyword's
/// argument parser.
pub(crate) fn node_from_line(line: &str, escape: char) -> Result<RawInstruction, ParseErrorKind> {
    let (keyword, flags, rest) = args::split_command(line);
    let (args, json) = match keyword.to_ascii_lowercase().as_str() {
        "add" | "copy" | "volume" => args::maybe_json_to_list(&rest)?,
        "arg" => args::name_or_name_val(&rest, escape)?,
        "cmd" | "entrypoint" | "run" | "shell" => args::maybe_json(&rest)?,
        "env" => args::name_val(&rest, "ENV", escape)?,
        "label" => args::name_val(&rest, "LABEL", escape)?,
        "expose" | "from" => args::strings_whitespace_delimited(&rest)?,
        "healthcheck" => args::health_config(&rest)?,
        "maintainer" | "stopsignal" | "user" | "workdir" => args::string(&rest)?,
        "onbuild" => {
            if rest.is_empty() {
                (Vec::new(), false)
            } else {
                (
                    vec![Arg::Nested(Box::new(node_from_line(&rest, escape)?))],
                    false,
                )
            }
        }
        _ => args::ignore()?,
    };
    Ok(RawInstruction {
        keyword,
        flags,
        args,
        json,
        heredocs: Vec::new(),
        original: line.to_string(),
        span: Span::default(),
        keyword_span: Span::default(),
        comments: Vec::new(),
    })
}
