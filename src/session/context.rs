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

/// One row of the context-files tree: a directory, or a file under its directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextRow {
    /// A directory (`path` without a trailing slash).
    Dir {
        /// Full path of the directory, e.g. `src/lib`.
        path: String,
        /// Its last component, e.g. `lib`.
        name: String,
        /// Nesting depth: 0 for a directory at the context root.
        depth: usize,
        /// How many files it holds, at any depth.
        files: usize,
        /// Whether `.dockerignore` keeps every one of those files out.
        all_ignored: bool,
        /// Whether its children are listed.
        expanded: bool,
    },
    /// A file.
    File {
        /// The file as [`context_entries`] lists it.
        entry: ContextEntry,
        /// Its base name, e.g. `b.js` for `src/lib/b.js`.
        name: String,
        /// Nesting depth: 0 for a file at the context root.
        depth: usize,
        /// The directory holding it (`None` at the root).
        parent: Option<String>,
    },
}

/// A directory being assembled by [`context_tree`].
#[derive(Default)]
struct DirNode {
    dirs: std::collections::BTreeMap<String, DirNode>,
    files: Vec<(String, ContextEntry)>,
}

impl DirNode {
    fn counts(&self) -> (usize, usize) {
        let mut total = self.files.len();
        let mut ignored = self.files.iter().filter(|(_, e)| e.ignored).count();
        for d in self.dirs.values() {
            let (t, i) = d.counts();
            total += t;
            ignored += i;
        }
        (total, ignored)
    }

    fn rows(
        &self,
        prefix: &str,
        depth: usize,
        collapsed: &std::collections::BTreeSet<String>,
        out: &mut Vec<ContextRow>,
    ) {
        for (name, dir) in &self.dirs {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            let (files, ignored) = dir.counts();
            let expanded = !collapsed.contains(&path);
            out.push(ContextRow::Dir {
                path: path.clone(),
                name: name.clone(),
                depth,
                files,
                all_ignored: files > 0 && ignored == files,
                expanded,
            });
            if expanded {
                dir.rows(&path, depth + 1, collapsed, out);
            }
        }
        for (name, entry) in &self.files {
            out.push(ContextRow::File {
                entry: entry.clone(),
                name: name.clone(),
                depth,
                parent: (!prefix.is_empty()).then(|| prefix.to_string()),
            });
        }
    }
}

/// The context files as tree rows: in each directory its subdirectories first, then its
/// files, both by name; the contents of `collapsed` directories are left out.
pub fn context_tree(
    entries: &[ContextEntry],
    collapsed: &std::collections::BTreeSet<String>,
) -> Vec<ContextRow> {
    let mut root = DirNode::default();
    for entry in entries {
        let mut parts: Vec<&str> = entry.path.split('/').filter(|p| !p.is_empty()).collect();
        let Some(name) = parts.pop() else { continue };
        let mut node = &mut root;
        for part in parts {
            node = node.dirs.entry(part.to_string()).or_default();
        }
        node.files.push((name.to_string(), entry.clone()));
    }
    let mut out = Vec::new();
    root.rows("", 0, collapsed, &mut out);
    out
}

/// The directories that hold `path` (`a/b/c.js` → `a`, `a/b`): those to expand to show it.
pub fn parent_dirs(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = path[at..].find('/') {
        out.push(path[..at + i].to_string());
        at += i + 1;
    }
    out
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

    fn entry(path: &str, ignored: bool) -> ContextEntry {
        ContextEntry {
            path: path.to_string(),
            size: 1,
            ignored,
        }
    }

    fn shape(rows: &[ContextRow]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                ContextRow::Dir {
                    name,
                    depth,
                    files,
                    all_ignored,
                    expanded,
                    ..
                } => format!(
                    "{depth} {name}/ {files}{}{}",
                    if *all_ignored { " ignored" } else { "" },
                    if *expanded { "" } else { " collapsed" }
                ),
                ContextRow::File {
                    name,
                    depth,
                    parent,
                    ..
                } => format!("{depth} {name} in {}", parent.as_deref().unwrap_or(".")),
            })
            .collect()
    }

    #[test]
    fn tree_lists_dirs_then_files_with_depth() {
        let entries = [
            entry(".dockerignore", false),
            entry("app.js", false),
            entry("src/a.js", false),
            entry("src/lib/b.js", true),
            entry("src/lib/c.js", true),
            entry("zz/d.js", false),
        ];
        let none = std::collections::BTreeSet::new();
        assert_eq!(
            shape(&context_tree(&entries, &none)),
            [
                "0 src/ 3",
                "1 lib/ 2 ignored",
                "2 b.js in src/lib",
                "2 c.js in src/lib",
                "1 a.js in src",
                "0 zz/ 1",
                "1 d.js in zz",
                "0 .dockerignore in .",
                "0 app.js in .",
            ]
        );
        let collapsed = ["src/lib".to_string()].into_iter().collect();
        assert_eq!(
            shape(&context_tree(&entries, &collapsed)),
            [
                "0 src/ 3",
                "1 lib/ 2 ignored collapsed",
                "1 a.js in src",
                "0 zz/ 1",
                "1 d.js in zz",
                "0 .dockerignore in .",
                "0 app.js in .",
            ]
        );
        let collapsed = ["src".to_string()].into_iter().collect();
        assert_eq!(context_tree(&entries, &collapsed).len(), 5);
    }

    #[test]
    fn parents_of_a_path() {
        assert_eq!(parent_dirs("a/b/c.js"), ["a", "a/b"]);
        assert!(parent_dirs("c.js").is_empty());
    }
}
