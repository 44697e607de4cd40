//! `FsError`: why a filesystem operation failed, worded like Linux (`No such file or
//! directory`) so the shell can print it the way coreutils would.

use super::path::FsPath;
use std::fmt;

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsErrorKind {
    /// ENOENT.
    NotFound,
    /// ENOTDIR: a path component is not a directory.
    NotADirectory,
    /// EISDIR.
    IsADirectory,
    /// EEXIST.
    AlreadyExists,
    /// ENOTEMPTY.
    DirectoryNotEmpty,
    /// ELOOP: more than 40 symlinks while resolving.
    SymlinkLoop,
    /// EINVAL: e.g. moving a directory into itself, removing `/`.
    InvalidArgument,
    /// EBUSY-like: an operation the root directory does not allow.
    Busy,
    /// EPERM: e.g. a hard link to a directory.
    NotPermitted,
}

/// An error and the path it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsError {
    /// What went wrong.
    pub kind: FsErrorKind,
    /// The path.
    pub path: FsPath,
}

impl FsErrorKind {
    /// The Linux `strerror` text.
    pub fn message(self) -> &'static str {
        match self {
            FsErrorKind::NotFound => "No such file or directory",
            FsErrorKind::NotADirectory => "Not a directory",
            FsErrorKind::IsADirectory => "Is a directory",
            FsErrorKind::AlreadyExists => "File exists",
            FsErrorKind::DirectoryNotEmpty => "Directory not empty",
            FsErrorKind::SymlinkLoop => "Symbolic link loop",
            FsErrorKind::InvalidArgument => "Invalid argument",
            FsErrorKind::Busy => "Resource busy",
            FsErrorKind::NotPermitted => "Operation not permitted",
        }
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind.message())
    }
}

impl std::error::Error for FsError {}

impl FsError {
    /// An error of `kind` about `path`.
    pub fn new(kind: FsErrorKind, path: &FsPath) -> FsError {
        FsError {
            kind,
            path: path.clone(),
        }
    }
}
