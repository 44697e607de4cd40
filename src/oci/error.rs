//! `OciError`: why an archive could not be written or read, naming the archive entry at fault.

use super::digest::Digest;
use std::fmt;

/// An export or import failure. `entry` names the archive entry (outer path, or
/// `layer <n>: <path in layer>` for an entry inside a layer tar) when one is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OciError {
    /// What went wrong.
    pub kind: OciErrorKind,
    /// The entry at fault, if any.
    pub entry: Option<String>,
}

/// The kinds of `OciError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OciErrorKind {
    /// The data is not a tar archive (or gzip of one), or a tar header is corrupt.
    CorruptTar(String),
    /// The gzip stream is invalid.
    CorruptGzip(String),
    /// The data ends before a declared size.
    Truncated,
    /// An entry name is absolute or climbs out with `..`.
    UnsafePath,
    /// A symlink or hard link points outside the root.
    LinkEscapes(String),
    /// An entry would be written through a symlink (or under a non-directory).
    ThroughSymlink(String),
    /// A hard link names a path that is not a regular file earlier in the image.
    BadHardlink(String),
    /// The same path appears twice in one tar.
    Duplicate,
    /// A whiteout names nothing (`.wh.`) or `.`/`..`.
    BadWhiteout,
    /// An entry type that is not supported (e.g. device nodes in the outer archive).
    UnsupportedEntry(String),
    /// A configured limit was exceeded.
    LimitExceeded {
        /// Which limit (`archive bytes`, `entries`, …).
        limit: &'static str,
        /// Its value.
        max: u64,
    },
    /// A blob's content does not match its digest.
    DigestMismatch {
        /// What the manifest or config declares.
        expected: Digest,
        /// What the bytes hash to.
        actual: Digest,
    },
    /// A blob's size does not match its descriptor.
    SizeMismatch {
        /// Declared size.
        expected: u64,
        /// Actual size.
        actual: u64,
    },
    /// A file the format requires is missing.
    Missing,
    /// A JSON document is invalid.
    InvalidJson(String),
    /// The archive is neither an OCI layout nor a `docker save` archive.
    UnknownFormat,
    /// A valid archive uses something this importer does not support yet.
    NotSupported(String),
    /// Writing failed (only from a failing content reader).
    Io(String),
    /// A tag is not a valid `name[:tag]` reference.
    InvalidTag,
    /// An image's config and layers disagree (what is wrong is said in the text).
    Inconsistent(String),
}

impl OciError {
    /// An error without an entry.
    pub fn new(kind: OciErrorKind) -> OciError {
        OciError { kind, entry: None }
    }

    /// An error about `entry`.
    pub fn at(kind: OciErrorKind, entry: impl Into<String>) -> OciError {
        OciError {
            kind,
            entry: Some(entry.into()),
        }
    }

    /// Sets the entry when none is set yet.
    pub fn or_at(mut self, entry: impl Into<String>) -> OciError {
        if self.entry.is_none() {
            self.entry = Some(entry.into());
        }
        self
    }
}

impl fmt::Display for OciErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OciErrorKind::CorruptTar(m) => write!(f, "corrupt tar: {m}"),
            OciErrorKind::CorruptGzip(m) => write!(f, "corrupt gzip: {m}"),
            OciErrorKind::Truncated => write!(f, "truncated data (ends before its declared size)"),
            OciErrorKind::UnsafePath => write!(f, "unsafe path (absolute or with ..)"),
            OciErrorKind::LinkEscapes(t) => write!(f, "link target {t:?} points outside the root"),
            OciErrorKind::ThroughSymlink(p) => {
                write!(f, "would write through {p:?}, which is not a directory")
            }
            OciErrorKind::BadHardlink(t) => {
                write!(f, "hard link target {t:?} is not an earlier regular file")
            }
            OciErrorKind::Duplicate => write!(f, "duplicate entry"),
            OciErrorKind::BadWhiteout => write!(f, "invalid whiteout name"),
            OciErrorKind::UnsupportedEntry(t) => write!(f, "unsupported entry type: {t}"),
            OciErrorKind::LimitExceeded { limit, max } => {
                write!(f, "limit exceeded: more than {max} {limit}")
            }
            OciErrorKind::DigestMismatch { expected, actual } => {
                write!(f, "digest mismatch: expected {expected}, got {actual}")
            }
            OciErrorKind::SizeMismatch { expected, actual } => {
                write!(f, "size mismatch: expected {expected} bytes, got {actual}")
            }
            OciErrorKind::Missing => write!(f, "missing file"),
            OciErrorKind::InvalidJson(m) => write!(f, "invalid json: {m}"),
            OciErrorKind::UnknownFormat => write!(
                f,
                "not an image archive (no index.json or manifest.json at the top level)"
            ),
            OciErrorKind::NotSupported(m) => write!(f, "not supported yet: {m}"),
            OciErrorKind::Io(m) => write!(f, "write failed: {m}"),
            OciErrorKind::InvalidTag => write!(f, "invalid image reference"),
            OciErrorKind::Inconsistent(m) => write!(f, "inconsistent image: {m}"),
        }
    }
}

impl fmt::Display for OciError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.entry {
            Some(e) => write!(f, "{e}: {}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for OciError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_entry() {
        let e = OciError::at(OciErrorKind::UnsafePath, "layer 1: ../etc/passwd");
        assert_eq!(
            e.to_string(),
            "layer 1: ../etc/passwd: unsafe path (absolute or with ..)"
        );
        let e = OciError::new(OciErrorKind::LimitExceeded {
            limit: "entries",
            max: 10,
        });
        assert_eq!(e.to_string(), "limit exceeded: more than 10 entries");
    }
}
