//! `FsPath`: a normalized absolute path inside an image (`/`, `/etc/passwd`): no `.`, no
//! `..`, no `//`, no trailing slash. `..` never climbs above `/`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A normalized absolute path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FsPath(String);

impl FsPath {
    /// The root directory `/`.
    pub fn root() -> FsPath {
        FsPath("/".to_string())
    }

    /// Normalizes `path` (relative paths are taken from `/`).
    pub fn new(path: &str) -> FsPath {
        FsPath::root().join(path)
    }

    /// `path` resolved against this directory, like a shell's `cd`: absolute paths start
    /// again from `/`, `..` goes up (never above `/`).
    pub fn join(&self, path: &str) -> FsPath {
        let mut parts: Vec<&str> = if path.starts_with('/') {
            Vec::new()
        } else {
            self.components().collect()
        };
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        FsPath(format!("/{}", parts.join("/")))
    }

    /// The path as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is `/`.
    pub fn is_root(&self) -> bool {
        self.0 == "/"
    }

    /// The components, `/usr/bin` → `usr`, `bin`.
    pub fn components(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.0.split('/').filter(|p| !p.is_empty())
    }

    /// The number of components (0 for `/`).
    pub fn depth(&self) -> usize {
        self.components().count()
    }

    /// The parent directory (`/` for `/`).
    pub fn parent(&self) -> FsPath {
        match self.0.rfind('/') {
            Some(0) | None => FsPath::root(),
            Some(i) => FsPath(self.0[..i].to_string()),
        }
    }

    /// The last component (`""` for `/`).
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or_default()
    }

    /// The texts of every ancestor from `/` down to the parent, without allocating
    /// (`/a/b/c` → `/`, `/a`, `/a/b`; nothing for `/`).
    pub fn ancestor_strs(&self) -> impl Iterator<Item = &str> {
        let root = (!self.is_root()).then_some("/");
        let inner = self
            .0
            .match_indices('/')
            .skip(1)
            .map(move |(i, _)| &self.0[..i]);
        root.into_iter().chain(inner)
    }

    /// Every ancestor from `/` down to the parent (empty for `/`).
    pub fn ancestors(&self) -> Vec<FsPath> {
        let mut out = Vec::new();
        let mut p = self.parent();
        while !self.is_root() {
            out.push(p.clone());
            if p.is_root() {
                break;
            }
            p = p.parent();
        }
        out.reverse();
        out
    }

    /// Whether `self` is strictly inside `dir`.
    pub fn is_inside(&self, dir: &FsPath) -> bool {
        if dir.is_root() {
            return !self.is_root();
        }
        self.0.len() > dir.0.len()
            && self.0.starts_with(&dir.0)
            && self.0.as_bytes()[dir.0.len()] == b'/'
    }

    /// The path relative to `/` (`etc/passwd`), as tar entries name files.
    pub fn relative(&self) -> &str {
        &self.0[1..]
    }

    /// The first key after every descendant of `self` in byte order (for range queries:
    /// descendants of `/a` are the keys in `"/a/" .. "/a0"`).
    pub(crate) fn descendant_range(&self) -> (FsPath, FsPath) {
        if self.is_root() {
            return (FsPath("/".into()), FsPath("0".into()));
        }
        (
            FsPath(format!("{}/", self.0)),
            FsPath(format!("{}0", self.0)),
        )
    }
}

/// Lets path-keyed maps be probed with a `&str` prefix of a path without allocating (the
/// order of `FsPath` is the order of its text, so this is consistent).
impl std::borrow::Borrow<str> for FsPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FsPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::FsPath;

    #[test]
    fn normalizes_and_stays_inside_the_root() {
        assert_eq!(FsPath::new("a//b/./c/").as_str(), "/a/b/c");
        assert_eq!(FsPath::new("/../../etc").as_str(), "/etc");
        assert_eq!(FsPath::new("/web-ping").join("../app").as_str(), "/app");
        assert_eq!(FsPath::new("/a/b").parent().as_str(), "/a");
        assert_eq!(FsPath::new("/a").parent().as_str(), "/");
        assert_eq!(
            FsPath::new("/a/b/c")
                .ancestors()
                .iter()
                .map(FsPath::as_str)
                .collect::<Vec<_>>(),
            ["/", "/a", "/a/b"]
        );
        assert!(FsPath::new("/a/b").is_inside(&FsPath::new("/a")));
        let abc = FsPath::new("/a/b/c");
        let texts: Vec<&str> = abc.ancestor_strs().collect();
        assert_eq!(texts, ["/", "/a", "/a/b"]);
        assert_eq!(FsPath::root().ancestor_strs().count(), 0);
        assert!(!FsPath::new("/ab").is_inside(&FsPath::new("/a")));
    }
}
