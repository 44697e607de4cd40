//! Diagnostics: errors and warnings about a source text, and the one place that renders
//! them like a compiler does.
//!
//! ```text
//! Dockerfile:3:1: error: unknown instruction: COPPY
//!   |
//! 3 | COPPY app.js .
//!   | ^^^^^
//!   = hint: did you mean COPY?
//! ```
//!
//! Every module keeps its own error type (kind + span); they are turned into a
//! [`Diagnostic`] at the boundary (CLI, UI) and rendered here.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input works but probably not as meant (BuildKit's build checks).
    Warning,
}

/// A message about a span of a source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is.
    pub span: Span,
    /// One lowercase line without a trailing period.
    pub message: String,
    /// A suggestion that helps fix it, if there is one.
    pub hint: Option<String>,
    /// A stable name for the rule, e.g. BuildKit's check name `JSONArgsRecommended`.
    pub code: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            hint: None,
            code: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            hint: None,
            code: None,
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic with a rule name.
    pub fn with_code(mut self, code: impl Into<String>) -> Diagnostic {
        self.code = Some(code.into());
        self
    }

    /// `file:line:column: severity: message` on one line, with no source excerpt.
    pub fn headline(&self, file: &str) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let code = self
            .code
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        format!(
            "{file}:{}:{}: {severity}: {}{code}",
            self.span.start.line, self.span.start.column, self.message
        )
    }

    /// The headline, the source line with a caret under the span, and the hint.
    pub fn render(&self, file: &str, source: &str) -> String {
        let mut out = self.headline(file);
        out.push('\n');
        let line_no = self.span.start.line as usize;
        if let Some(line) = source.split('\n').nth(line_no.saturating_sub(1)) {
            let line = line.trim_end_matches('\r');
            let gutter = " ".repeat(line_no.to_string().len());
            let col = self.span.start.column.max(1) as usize - 1;
            // Tabs keep their width in the caret line so the caret sits under the text.
            let pad: String = line
                .chars()
                .take(col)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let width = if self.span.end.line == self.span.start.line {
                (self.span.end.column as usize).saturating_sub(self.span.start.column as usize)
            } else {
                line.chars().count().saturating_sub(col)
            };
            let carets = "^".repeat(width.max(1));
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{line_no} | {line}");
            let _ = writeln!(out, "{gutter} | {pad}{carets}");
            if let Some(hint) = &self.hint {
                let _ = writeln!(out, "{gutter} = hint: {hint}");
            }
        } else if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_the_span() {
        let src = "FROM alpine\nCOPPY app.js .\n";
        let d = Diagnostic::error(Span::of(src, 12, 17), "unknown instruction: COPPY")
            .with_hint("did you mean COPY?");
        assert_eq!(
            d.render("Dockerfile", src),
            "Dockerfile:2:1: error: unknown instruction: COPPY\n  |\n2 | COPPY app.js .\n  | ^^^^^\n  = hint: did you mean COPY?\n"
        );
    }

    #[test]
    fn span_past_the_end_still_renders() {
        let d = Diagnostic::warning(Span::of("", 0, 0), "file with no instructions");
        assert_eq!(
            d.render("Dockerfile", ""),
            "Dockerfile:1:1: warning: file with no instructions\n  |\n1 | \n  | ^\n"
        );
    }
}
