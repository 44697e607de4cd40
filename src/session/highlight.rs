//! Syntax highlighting of a Dockerfile for the editor: byte ranges of the text with what they
//! are (instruction keyword, flag, string, variable, comment, parser directive, heredoc).
//!
//! It follows the Dockerfile's lexical rules as BuildKit's parser reads them: parser
//! directives only before anything else, comments only at the start of a line (also inside a
//! continued instruction), the escape character from `# escape=`, flags only before the first
//! argument, `AS` in `FROM`, `ONBUILD`'s inner instruction, and heredoc bodies (`<<EOF`,
//! `<<-EOF`, quoted names) up to their terminator line. It never fails: any text highlights.

use serde::Serialize;

/// What a highlighted range is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// An instruction keyword (`FROM`, `RUN`) or `AS`.
    Keyword,
    /// A flag such as `--from=build`.
    Flag,
    /// A quoted string.
    String,
    /// `$NAME` or `${NAME…}`.
    Variable,
    /// A comment line.
    Comment,
    /// A parser directive (`# syntax=…`, `# escape=…`).
    Directive,
    /// A heredoc marker (`<<EOF`) or terminator line.
    HeredocMarker,
    /// A heredoc body line.
    Heredoc,
    /// The escape character that continues an instruction on the next line.
    Continuation,
}

impl TokenKind {
    /// The CSS class of the kind (`tok-keyword`, …).
    pub fn class(self) -> &'static str {
        match self {
            TokenKind::Keyword => "tok-keyword",
            TokenKind::Flag => "tok-flag",
            TokenKind::String => "tok-string",
            TokenKind::Variable => "tok-variable",
            TokenKind::Comment => "tok-comment",
            TokenKind::Directive => "tok-directive",
            TokenKind::HeredocMarker => "tok-heredoc-marker",
            TokenKind::Heredoc => "tok-heredoc",
            TokenKind::Continuation => "tok-continuation",
        }
    }
}

/// A highlighted byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Start (byte offset).
    pub start: usize,
    /// End (byte offset, exclusive).
    pub end: usize,
    /// What it is.
    pub kind: TokenKind,
}

/// A pending heredoc: its terminator and whether leading tabs are stripped (`<<-`).
struct Heredoc {
    name: String,
    strip_tabs: bool,
}

/// The state carried from one line to the next.
struct Lexer {
    tokens: Vec<Token>,
    escape: u8,
    directives_allowed: bool,
    /// Inside an instruction continued from the previous line.
    continued: bool,
    /// The instruction being read (upper case).
    instruction: String,
    /// Flags may still come (no argument seen yet).
    flags_allowed: bool,
    heredocs: Vec<Heredoc>,
}

/// The highlighted ranges of `text`, in order, not overlapping.
pub fn highlight(text: &str) -> Vec<Token> {
    let mut lx = Lexer {
        tokens: Vec::new(),
        escape: b'\\',
        directives_allowed: true,
        continued: false,
        instruction: String::new(),
        flags_allowed: false,
        heredocs: Vec::new(),
    };
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        lx.line(text, start, body.len());
        start += line.len();
    }
    lx.tokens
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl Lexer {
    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if end > start {
            self.tokens.push(Token { start, end, kind });
        }
    }

    fn line(&mut self, text: &str, start: usize, len: usize) {
        let line = &text.as_bytes()[start..start + len];
        let end = start + len;
        if !self.continued && !self.heredocs.is_empty() {
            let content = std::str::from_utf8(line).unwrap_or("");
            let heredoc = &self.heredocs[0];
            let candidate = if heredoc.strip_tabs {
                content.trim_start_matches('\t')
            } else {
                content
            };
            if candidate == heredoc.name {
                self.heredocs.remove(0);
                self.push(start, end, TokenKind::HeredocMarker);
            } else {
                self.push(start, end, TokenKind::Heredoc);
            }
            return;
        }
        let indent = line.iter().take_while(|&&b| is_space(b)).count();
        let rest = &line[indent..];
        if rest.first() == Some(&b'#') {
            if self.directives_allowed && !self.continued && self.directive(rest) {
                self.push(start + indent, end, TokenKind::Directive);
            } else {
                self.directives_allowed = false;
                self.push(start + indent, end, TokenKind::Comment);
            }
            return;
        }
        self.directives_allowed = false;
        if rest.is_empty() {
            return;
        }
        let mut i = indent;
        if !self.continued {
            i = self.keyword(line, start, i);
        }
        self.arguments(line, start, i);
    }

    /// A parser directive line (`#key=value`); `escape=` changes the escape character.
    fn directive(&mut self, rest: &[u8]) -> bool {
        let text = String::from_utf8_lossy(&rest[1..]);
        let Some((key, value)) = text.split_once('=') else {
            return false;
        };
        let key = key.trim().to_ascii_lowercase();
        let valid = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            && !key.contains(' ');
        if !valid {
            return false;
        }
        if key == "escape" {
            match value.trim().as_bytes() {
                [b'`'] => self.escape = b'`',
                [b'\\'] => self.escape = b'\\',
                _ => {}
            }
        }
        true
    }

    /// The instruction keyword at `i` (and `ONBUILD`'s inner one); returns where its
    /// arguments start.
    fn keyword(&mut self, line: &[u8], start: usize, mut i: usize) -> usize {
        let escape = self.escape;
        let word_end = |from: usize| {
            from + line[from..]
                .iter()
                .take_while(|&&b| !is_space(b) && b != escape)
                .count()
        };
        let end = word_end(i);
        self.instruction = String::from_utf8_lossy(&line[i..end]).to_ascii_uppercase();
        self.push(start + i, start + end, TokenKind::Keyword);
        i = end;
        if self.instruction == "ONBUILD" {
            let next = i + line[i..].iter().take_while(|&&b| is_space(b)).count();
            if next < line.len() && line[next] != self.escape {
                let end = word_end(next);
                self.instruction = String::from_utf8_lossy(&line[next..end]).to_ascii_uppercase();
                self.push(start + next, start + end, TokenKind::Keyword);
                i = end;
            }
        }
        self.flags_allowed = true;
        i
    }

    /// The arguments from `i` to the end of the line.
    fn arguments(&mut self, line: &[u8], start: usize, mut i: usize) {
        let trimmed_len = line.len()
            - line
                .iter()
                .rev()
                .take_while(|&&b| is_space(b) || b == b'\r')
                .count();
        let continues = trimmed_len > i && line[trimmed_len - 1] == self.escape;
        let limit = if continues {
            trimmed_len - 1
        } else {
            line.len()
        };
        let heredocs_allowed = matches!(self.instruction.as_str(), "RUN" | "COPY" | "ADD");
        let mut word_start = true;
        while i < limit {
            let b = line[i];
            if is_space(b) {
                word_start = true;
                i += 1;
                continue;
            }
            let at_word = word_start;
            word_start = false;
            if at_word {
                let word_end = i + line[i..limit].iter().take_while(|&&b| !is_space(b)).count();
                let word = &line[i..word_end];
                if self.flags_allowed && word.starts_with(b"--") {
                    self.push(start + i, start + word_end, TokenKind::Flag);
                    i = word_end;
                    continue;
                }
                self.flags_allowed = false;
                if self.instruction == "FROM" && word.eq_ignore_ascii_case(b"as") {
                    self.push(start + i, start + word_end, TokenKind::Keyword);
                    i = word_end;
                    continue;
                }
                if heredocs_allowed && word.starts_with(b"<<") {
                    if let Some(heredoc) = heredoc_marker(&word[2..]) {
                        self.heredocs.push(heredoc);
                        self.push(start + i, start + word_end, TokenKind::HeredocMarker);
                        i = word_end;
                        continue;
                    }
                }
            }
            match b {
                b'"' | b'\'' => {
                    let mut j = i + 1;
                    while j < limit && line[j] != b {
                        if line[j] == self.escape && b == b'"' {
                            j += 1;
                        }
                        j += 1;
                    }
                    let end = (j + 1).min(limit);
                    self.push(start + i, start + end, TokenKind::String);
                    i = end;
                }
                b'$' => {
                    let end = variable_end(line, i, limit);
                    if end > i + 1 {
                        self.push(start + i, start + end, TokenKind::Variable);
                    }
                    i = end.max(i + 1);
                }
                _ if b == self.escape => i += 2,
                _ => i += 1,
            }
        }
        if continues {
            self.push(
                start + trimmed_len - 1,
                start + trimmed_len,
                TokenKind::Continuation,
            );
        }
        self.continued = continues;
    }
}

/// Where a `$` expansion starting at `i` ends: `${…}` to its brace, `$NAME` to the name's end.
fn variable_end(line: &[u8], i: usize, limit: usize) -> usize {
    match line.get(i + 1) {
        Some(b'{') => {
            let close = line[i..limit].iter().position(|&b| b == b'}');
            close.map_or(limit, |c| i + c + 1)
        }
        Some(&b) if b.is_ascii_alphabetic() || b == b'_' => {
            i + 1
                + line[i + 1..limit]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count()
        }
        _ => i + 1,
    }
}

/// The heredoc after `<<`: `EOF`, `-EOF`, `"EOF"`, `'EOF'`; `None` when it is not one.
fn heredoc_marker(after: &[u8]) -> Option<Heredoc> {
    let (strip_tabs, rest) = match after.first() {
        Some(b'-') => (true, &after[1..]),
        _ => (false, after),
    };
    let name = match rest.first() {
        Some(&q @ (b'"' | b'\'')) => {
            let close = rest[1..].iter().position(|&b| b == q)?;
            &rest[1..1 + close]
        }
        _ => rest,
    };
    let valid = !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-' || *b == b'.');
    valid.then(|| Heredoc {
        name: String::from_utf8_lossy(name).into_owned(),
        strip_tabs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(text of the range, kind)` for every token.
    fn spans(text: &str) -> Vec<(&str, TokenKind)> {
        highlight(text)
            .into_iter()
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect()
    }

    use TokenKind::*;

    #[test]
    fn instructions_flags_strings_and_variables() {
        assert_eq!(
            spans("FROM node:20 AS build\nCOPY --from=build --chown=app /a \"$HOME/b c\"\nRUN echo ${X:-y} $Y\n"),
            [
                ("FROM", Keyword),
                ("AS", Keyword),
                ("COPY", Keyword),
                ("--from=build", Flag),
                ("--chown=app", Flag),
                ("\"$HOME/b c\"", String),
                ("RUN", Keyword),
                ("${X:-y}", Variable),
                ("$Y", Variable),
            ]
        );
    }

    #[test]
    fn flags_only_before_the_first_argument() {
        assert_eq!(
            spans("RUN ls --all\n"),
            [("RUN", Keyword)],
            "--all is an argument of ls"
        );
    }

    #[test]
    fn directives_then_comments_and_continuations() {
        let text = "# syntax=docker/dockerfile:1\n# escape=`\n# a comment\n# not=directive\nRUN a `\n  # inside\n  b\n";
        assert_eq!(
            spans(text),
            [
                ("# syntax=docker/dockerfile:1", Directive),
                ("# escape=`", Directive),
                ("# a comment", Comment),
                ("# not=directive", Comment),
                ("RUN", Keyword),
                ("`", Continuation),
                ("# inside", Comment),
            ]
        );
    }

    #[test]
    fn heredoc_bodies_run_to_their_terminator() {
        let text = "RUN <<EOF cat <<-'END'\necho $A\nEOF\n\tline\n\tEND\nCMD [\"x\"]\n";
        assert_eq!(
            spans(text),
            [
                ("RUN", Keyword),
                ("<<EOF", HeredocMarker),
                ("<<-'END'", HeredocMarker),
                ("echo $A", Heredoc),
                ("EOF", HeredocMarker),
                ("\tline", Heredoc),
                ("\tEND", HeredocMarker),
                ("CMD", Keyword),
                ("\"x\"", String),
            ]
        );
    }

    #[test]
    fn onbuild_highlights_the_inner_instruction() {
        assert_eq!(
            spans("ONBUILD COPY --chown=a . /app\n"),
            [("ONBUILD", Keyword), ("COPY", Keyword), ("--chown=a", Flag)]
        );
    }

    #[test]
    fn any_text_highlights_without_panicking() {
        for text in [
            "",
            "\n\n",
            "RUN \"unterminated",
            "RUN ${",
            "RUN $",
            "FROM é AS ü\n",
            "RUN <<",
            "RUN <<\"EOF",
            "\\",
            "ONBUILD",
            "ONBUILD \\\n",
        ] {
            let tokens = highlight(text);
            let mut last = 0;
            for t in tokens {
                assert!(
                    t.start >= last && t.end <= text.len() && t.start < t.end,
                    "{text:?}"
                );
                assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                last = t.end;
            }
        }
    }
}
