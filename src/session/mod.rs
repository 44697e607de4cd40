//! The UI facade: plain data in the UI's vocabulary (lines, columns, text offsets), computed
//! by the core. The browser UI calls only this module, so UI code never handles core types.
//!
//! This file: Dockerfile problems for the editor. [`context`]: the context files with their
//! `.dockerignore` status. [`builder`]: builds (store and cache kept between them), the log
//! view and image exports. Further views of a built image live in their own files, each adding
//! an `impl Builder` block.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile;
use serde::Serialize;

/// A problem to show under the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `true` for errors, `false` for warnings.
    pub is_error: bool,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Start of the span in UTF-16 code units (what a textarea's selection uses).
    pub start_utf16: u32,
    /// End of the span in UTF-16 code units.
    pub end_utf16: u32,
    /// The message.
    pub message: String,
    /// How to fix it, if known.
    pub hint: Option<String>,
    /// BuildKit's rule name, for warnings.
    pub code: Option<String>,
    /// The whole diagnostic rendered like a compiler does (for copying).
    pub rendered: String,
}

/// The problems of a Dockerfile text, in source order.
pub fn problems(text: &str) -> Vec<Problem> {
    dockerfile::diagnostics(text)
        .iter()
        .map(|d| problem(text, d))
        .collect()
}

fn problem(text: &str, d: &Diagnostic) -> Problem {
    Problem {
        is_error: d.severity == Severity::Error,
        line: d.span.start.line,
        column: d.span.start.column,
        start_utf16: utf16_offset(text, d.span.start.offset),
        end_utf16: utf16_offset(text, d.span.end.offset),
        message: d.message.clone(),
        hint: d.hint.clone(),
        code: d.code.clone(),
        rendered: d.render("Dockerfile", text),
    }
}

/// The UTF-16 offset of byte `offset` (clamped, moved back to a character boundary).
pub fn utf16_offset(text: &str, offset: usize) -> u32 {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[..offset].encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_point_at_textarea_offsets() {
        let text = "FROM é\nCOPPY a b\n";
        let p = problems(text);
        assert_eq!(p.len(), 1);
        assert!(p[0].is_error);
        assert_eq!((p[0].line, p[0].column), (2, 1));
        assert_eq!((p[0].start_utf16, p[0].end_utf16), (7, 12));
        assert_eq!(p[0].hint.as_deref(), Some("did you mean COPY?"));
    }

    #[test]
    fn a_clean_file_has_no_problems() {
        assert!(problems("FROM alpine\nCMD [\"sh\"]\n").is_empty());
    }
}

mod builder;
mod context;
mod stepping;

pub use builder::{BuildView, Builder, StepStatus, StepView, MAX_DOWNLOAD_BYTES};
pub use context::{clean_context_path, context_entries, ContextEntry};
pub use stepping::{BuildJob, BuildProgress, BuildRequest};
