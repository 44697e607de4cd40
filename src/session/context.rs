//! The build context as the UI lists it: files with their `.dockerignore` status, and the
//! cleaning of paths typed by users.

use serde::Serialize;

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
