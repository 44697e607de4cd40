//! The `RUN` sandbox: a deterministic POSIX-sh subset over the layered filesystem.
//!
//! `parse` reads shell text into an [`ast`]; `exec` walks it with a [`shell::Shell`] (state)
//! and `expand` (parameters, substitutions, arithmetic, field splitting, globbing on the
//! image's filesystem). Commands live in `commands/` (builtins and busybox/coreutils-like
//! programs) and `pkg/` (apk, apt-get, npm, pip over an offline catalog). No IO, no clock,
//! no randomness: the same script on the same filesystem gives the same layer.
//! Every run is bounded by [`budget::Limits`].

pub mod ast;
pub mod budget;
pub mod commands;
pub mod exec;
pub mod io;
pub mod os;
pub mod pkg;
pub mod shell;
