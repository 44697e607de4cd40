//! `BuildError`: why a build stopped, with the Dockerfile span of the failing instruction.

use crate::span::Span;
use serde::Serialize;
use std::fmt;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum BuildErrorKind {
    /// The Dockerfile does not parse.
    Parse(String),
    /// `--target` names no stage.
    UnknownTarget(String),
    /// `FROM` names an image that is neither a stage, a local image nor in the catalog (the
    /// message says why, with close names).
    UnknownImage(String),
    /// A source path of COPY/ADD leaves the build context (`COPY ../x .`).
    OutsideContext(String),
    /// A COPY/ADD source matched nothing.
    SourceNotFound(String),
    /// Variable expansion failed.
    Expansion(String),
    /// A filesystem operation failed.
    Fs(String),
    /// A RUN command exited non-zero (BuildKit's text).
    RunFailed {
        /// The command as BuildKit prints it (`/bin/sh -c apt-get update`).
        command: String,
        /// The exit code.
        code: i32,
        /// What the sandbox suggests (closest command, right package manager, budget).
        hint: Option<String>,
    },
    /// An instruction argument is invalid (`--chmod=xyz`, bad port).
    InvalidArgument(String),
    /// `ADD <url>`: the playground is offline.
    Offline(String),
    /// `--chown` names a user or group the image does not define.
    UnknownUser(String),
    /// A feature the engine does not implement yet.
    Unsupported(String),
    /// The `.dockerignore` file is invalid.
    Ignore(String),
    /// Exporting the image failed.
    Export(String),
}

/// A build failure: its kind, and the instruction it happened in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildError {
    /// What went wrong.
    pub kind: BuildErrorKind,
    /// The failing instruction's span, when there is one.
    pub span: Option<Span>,
    /// The failing instruction as written (`COPY ../x .`), when there is one.
    pub instruction: Option<String>,
}

impl BuildError {
    /// An error not tied to an instruction.
    pub fn new(kind: BuildErrorKind) -> BuildError {
        BuildError {
            kind,
            span: None,
            instruction: None,
        }
    }

    /// The same error, located at an instruction (an existing location is kept).
    pub fn at(mut self, span: Span, instruction: &str) -> BuildError {
        if self.span.is_none() {
            self.span = Some(span);
            self.instruction = Some(instruction.to_string());
        }
        self
    }

    /// A hint for the learner, where one helps.
    pub fn hint(&self) -> Option<String> {
        let text = match &self.kind {
            BuildErrorKind::RunFailed { hint, .. } => return hint.clone(),
            BuildErrorKind::OutsideContext(_) => {
                Some("only files inside the build context can be copied; move the file into the context directory")
            }
            BuildErrorKind::SourceNotFound(_) => {
                Some("check the path and the .dockerignore file: ignored files are not sent to the builder")
            }
            BuildErrorKind::Offline(_) => {
                Some("download the file into the build context and COPY it instead")
            }
            BuildErrorKind::UnknownImage(_) => {
                Some("`layercake image ls` lists the local images; the catalog has alpine, node, nginx, ubuntu, …")
            }
            _ => None,
        };
        text.map(str::to_string)
    }
}

impl fmt::Display for BuildErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildErrorKind::Parse(m) => write!(f, "dockerfile parse error: {m}"),
            BuildErrorKind::UnknownTarget(t) => write!(f, "target stage \"{t}\" could not be found"),
            BuildErrorKind::UnknownImage(m) => write!(f, "{m}"),
            BuildErrorKind::OutsideContext(p) => {
                write!(f, "forbidden path outside the build context: {p}")
            }
            BuildErrorKind::SourceNotFound(p) => write!(
                f,
                "failed to compute cache key: failed to calculate checksum of ref: \"{p}\": not found"
            ),
            BuildErrorKind::Expansion(m) => write!(f, "failed to process: {m}"),
            BuildErrorKind::Fs(m) => write!(f, "{m}"),
            BuildErrorKind::RunFailed { command, code, .. } => write!(
                f,
                "process {} did not complete successfully: exit code: {code}",
                super::image::go_quote(command)
            ),
            BuildErrorKind::InvalidArgument(m) => write!(f, "{m}"),
            BuildErrorKind::Offline(u) => write!(
                f,
                "failed to load {u}: network access is not available in the playground (offline)"
            ),
            BuildErrorKind::UnknownUser(m) => write!(f, "unable to convert uid/gid chown string to host mapping: {m}"),
            BuildErrorKind::Unsupported(m) => write!(f, "not supported yet: {m}"),
            BuildErrorKind::Ignore(m) => write!(f, "failed to parse .dockerignore: {m}"),
            BuildErrorKind::Export(m) => write!(f, "failed to export image: {m}"),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.span {
            Some(span) => write!(
                f,
                "line {}:{}: {}",
                span.start.line, span.start.column, self.kind
            ),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for BuildError {}
