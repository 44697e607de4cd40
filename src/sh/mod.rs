//! The `RUN` sandbox: a deterministic POSIX-sh subset over the layered filesystem.
//!
//! Not written yet: see issue 5.
