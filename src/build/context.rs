//! The build context: the user's files (path → bytes + mode), filtered by `.dockerignore`
//! (or `<Dockerfile>.dockerignore`) the way BuildKit's client filters what it sends, with
//! uid/gid reset to 0 (`resetUIDAndGID`) and no mtimes. COPY/ADD read sources from here.

use super::error::{BuildError, BuildErrorKind};
use crate::dockerignore::{self, EntryKind, Matcher};
use crate::fs::{Node, NodeKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One file of the user's context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextFile {
    /// The content.
    pub bytes: Vec<u8>,
    /// Permission bits (`0o644`, `0o755`).
    pub mode: u32,
}

impl ContextFile {
    /// A file with mode 0644.
    pub fn new(bytes: impl Into<Vec<u8>>) -> ContextFile {
        ContextFile {
            bytes: bytes.into(),
            mode: 0o644,
        }
    }
}

/// A tree of nodes by relative path (`app.js`, `src/index.js`; directories included, the
/// root is not): the build context, or a stage's filesystem read by `COPY --from`.
pub type SourceTree = BTreeMap<String, Node>;

/// The filtered build context.
#[derive(Debug, Clone, Default)]
pub struct BuildContext {
    tree: Arc<SourceTree>,
    /// The ignore file used (`.dockerignore` or `Dockerfile.dockerignore`), if any.
    pub ignore_file: Option<String>,
    /// Paths left out by the ignore file, in walk order.
    pub excluded: Vec<String>,
}

impl BuildContext {
    /// Loads the context: picks the ignore file for `dockerfile_path`, filters the files with
    /// it, and turns what remains into nodes (directories implied by file paths, mode 0755).
    pub fn load(
        files: &BTreeMap<String, ContextFile>,
        dockerfile_path: &str,
    ) -> Result<BuildContext, BuildError> {
        let mut walk: BTreeMap<String, EntryKind> = BTreeMap::new();
        for path in files.keys() {
            let clean = dockerignore::clean(path.trim_start_matches('/'));
            if clean == "." || clean.starts_with("../") || clean == ".." {
                continue;
            }
            let mut prefix = String::new();
            let parts: Vec<&str> = clean.split('/').collect();
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    prefix.push('/');
                }
                prefix.push_str(part);
                let kind = if i + 1 == parts.len() {
                    EntryKind::File
                } else {
                    EntryKind::Dir
                };
                walk.entry(prefix.clone()).or_insert(kind);
            }
        }
        let ignore_file = dockerignore::ignore_file_for(dockerfile_path, |p| files.contains_key(p));
        let matcher = match &ignore_file {
            Some(name) => {
                let text = files
                    .get(name)
                    .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                    .unwrap_or_default();
                Matcher::new(&dockerignore::parse_ignore_file(&text))
                    .map_err(|e| BuildError::new(BuildErrorKind::Ignore(e.to_string())))?
            }
            None => Matcher::default(),
        };
        let entries = sorted_walk(walk);
        let kept = matcher.filter_walk(&entries);
        let kept_set: std::collections::BTreeSet<&str> =
            kept.iter().map(|(p, _)| p.as_str()).collect();
        let excluded = entries
            .iter()
            .filter(|(p, _)| !kept_set.contains(p.as_str()))
            .map(|(p, _)| p.clone())
            .collect();
        let mut tree = SourceTree::new();
        for (path, kind) in &kept {
            let node = match kind {
                EntryKind::Dir => Node::dir(0o755),
                EntryKind::File => match files.get(path.as_str()) {
                    Some(f) => Node::file(f.bytes.clone(), f.mode),
                    None => continue,
                },
            };
            tree.insert(path.clone(), node);
        }
        Ok(BuildContext {
            tree: Arc::new(tree),
            ignore_file,
            excluded,
        })
    }

    /// The context as a source tree.
    pub fn tree(&self) -> &SourceTree {
        &self.tree
    }

    /// Total bytes of the files sent (what "transferring context" reports).
    pub fn size(&self) -> u64 {
        self.tree.values().map(Node::size).sum()
    }

    /// Number of files sent.
    pub fn file_count(&self) -> usize {
        self.tree
            .values()
            .filter(|n| matches!(n.kind, NodeKind::File(_)))
            .count()
    }
}

/// Walk order: parents before children, siblings by name (like a directory walk).
fn sorted_walk(walk: BTreeMap<String, EntryKind>) -> Vec<(String, EntryKind)> {
    let mut entries: Vec<(String, EntryKind)> = walk.into_iter().collect();
    crate::sorting::sort_by(&mut entries, |a, b| a.0.split('/').cmp(b.0.split('/')));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, ContextFile> {
        list.iter()
            .map(|(p, c)| (p.to_string(), ContextFile::new(c.as_bytes())))
            .collect()
    }

    #[test]
    fn dockerignore_filters_files_and_directories() {
        let f = files(&[
            (".dockerignore", "node_modules\n*.log\n"),
            ("Dockerfile", "FROM scratch"),
            ("app.js", "x"),
            ("debug.log", "y"),
            ("node_modules/a/index.js", "z"),
        ]);
        let ctx = BuildContext::load(&f, "Dockerfile").expect("valid ignore file");
        let names: Vec<&str> = ctx.tree().keys().map(String::as_str).collect();
        assert_eq!(names, [".dockerignore", "Dockerfile", "app.js"]);
        assert!(ctx.excluded.contains(&"debug.log".to_string()));
    }

    #[test]
    fn dockerfile_specific_ignore_file_wins() {
        let f = files(&[
            (".dockerignore", "a"),
            ("web.Dockerfile.dockerignore", "b"),
            ("a", "1"),
            ("b", "2"),
        ]);
        let ctx = BuildContext::load(&f, "web.Dockerfile").expect("valid ignore file");
        assert!(ctx.tree().contains_key("a"));
        assert!(!ctx.tree().contains_key("b"));
        assert_eq!(
            ctx.ignore_file.as_deref(),
            Some("web.Dockerfile.dockerignore")
        );
    }
}
