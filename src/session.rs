//! The UI facade: plain data in the UI's vocabulary (lines, columns, text offsets), computed
//! by the core. The browser UI calls only this module, so UI code never handles core types.

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

/// One file of the build context as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextEntry {
    /// Path relative to the context.
    pub path: String,
    /// Size in bytes.
    pub size: usize,
    /// Whether `.dockerignore` keeps it out of the build context.
    pub ignored: bool,
}

/// The context files with their `.dockerignore` status, and the ignore file's error if it has
/// one (then nothing is marked ignored: BuildKit would fail the build).
pub fn context_entries(
    files: &std::collections::BTreeMap<String, String>,
) -> (Vec<ContextEntry>, Option<String>) {
    use crate::dockerignore::{parse_ignore_file, Matcher};
    let patterns = files
        .get(".dockerignore")
        .map(|t| parse_ignore_file(t))
        .unwrap_or_default();
    let (matcher, error) = match Matcher::new(&patterns) {
        Ok(m) => (Some(m), None),
        Err(e) => (None, Some(format!(".dockerignore: {e}"))),
    };
    let entries = files
        .iter()
        .map(|(path, text)| ContextEntry {
            path: path.clone(),
            size: text.len(),
            ignored: matcher.as_ref().is_some_and(|m| m.matches(path)),
        })
        .collect();
    (entries, error)
}

/// A context path as typed by a user, cleaned (`./a//b` → `a/b`); `None` when it is empty or
/// leaves the context (`../x`).
pub fn clean_context_path(path: &str) -> Option<String> {
    let cleaned = crate::dockerignore::clean(path.trim().trim_start_matches('/'));
    if cleaned == "." || cleaned.starts_with("..") || cleaned.is_empty() {
        None
    } else {
        Some(cleaned)
    }
}

#[cfg(test)]
mod context_tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn dockerignore_marks_files() {
        let files: BTreeMap<String, String> =
            [(".dockerignore", "*.md\n"), ("a.md", "x"), ("b.js", "y")]
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
        let (entries, err) = context_entries(&files);
        assert_eq!(err, None);
        let ignored: Vec<&str> = entries
            .iter()
            .filter(|e| e.ignored)
            .map(|e| e.path.as_str())
            .collect();
        assert_eq!(ignored, ["a.md"]);
    }

    #[test]
    fn context_paths_stay_inside() {
        assert_eq!(
            clean_context_path("./src//app.js").as_deref(),
            Some("src/app.js")
        );
        assert_eq!(clean_context_path("../etc/passwd"), None);
        assert_eq!(clean_context_path("  "), None);
    }
}
