//! Typed instructions: one variant per Dockerfile instruction, with its flags checked and its
//! arguments in the shape the build needs. Values are kept as written: variables are expanded
//! by the build (with [`crate::words`]), not here.

use super::ast::Heredoc;
use crate::span::Span;
use serde::Serialize;

/// A parsed, checked Dockerfile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dockerfile {
    /// `ARG`s before the first `FROM` (usable in `FROM` lines only).
    pub global_args: Vec<Located<Vec<ArgDecl>>>,
    /// The build stages, in order.
    pub stages: Vec<Stage>,
    /// The escape character in effect.
    pub escape: char,
}

/// An instruction with the source it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located<T> {
    /// The typed instruction.
    pub value: T,
    /// From the keyword to the end of the instruction.
    pub span: Span,
    /// The logical line as written (continuations joined).
    pub original: String,
}

/// One `FROM` and the instructions after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    /// The `FROM` line.
    pub from: Located<From>,
    /// The instructions of the stage, in order (not including `FROM`).
    pub instructions: Vec<Located<Instruction>>,
}

/// `FROM [--platform=P] image [AS name]`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct From {
    /// The image reference or earlier stage name, as written.
    pub image: String,
    /// The stage name given with `AS`, lower-cased as BuildKit does.
    pub name: Option<String>,
    /// `--platform`, as written.
    pub platform: Option<String>,
}

/// The command of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommandLine {
    /// JSON array: run directly, no shell. `CMD ["node", "app.js"]`
    Exec(Vec<String>),
    /// Text run by the SHELL (default `/bin/sh -c`). `CMD node app.js`
    Shell(String),
}

/// `NAME=value` of ENV and LABEL (value as written, quotes included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    /// The key.
    pub key: String,
    /// The value as written.
    pub value: String,
}

/// One declaration of `ARG name[=default]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArgDecl {
    /// The name.
    pub name: String,
    /// The default as written, if any.
    pub default: Option<String>,
}

/// COPY and ADD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CopySpec {
    /// Source paths (or URLs for ADD); heredoc sources are in `heredocs`.
    pub sources: Vec<String>,
    /// The destination.
    pub dest: String,
    /// `--from=stage|image` (COPY only).
    pub from: Option<String>,
    /// `--chown=user[:group]`.
    pub chown: Option<String>,
    /// `--chmod=mode`.
    pub chmod: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--parents` (COPY only).
    pub parents: bool,
    /// `--exclude=pattern`, repeatable.
    pub exclude: Vec<String>,
    /// `--keep-git-dir` (ADD only).
    pub keep_git_dir: bool,
    /// `--checksum=sha256:…` (ADD only).
    pub checksum: Option<String>,
    /// Heredoc sources (`COPY <<EOF /dest`), with their content.
    pub heredocs: Vec<Heredoc>,
}

/// RUN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    /// What to run.
    pub command: CommandLine,
    /// `--mount=…`, repeatable, as written.
    pub mounts: Vec<String>,
    /// `--network=default|none|host`.
    pub network: Option<String>,
    /// `--security=insecure|sandbox`.
    pub security: Option<String>,
    /// Heredocs (`RUN <<EOF`).
    pub heredocs: Vec<Heredoc>,
}

/// HEALTHCHECK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Healthcheck {
    /// `HEALTHCHECK NONE`: disable the base image's check.
    None,
    /// `HEALTHCHECK [options] CMD command`.
    Cmd {
        /// The test command.
        test: CommandLine,
        /// `--interval`, as written.
        interval: Option<String>,
        /// `--timeout`, as written.
        timeout: Option<String>,
        /// `--start-period`, as written.
        start_period: Option<String>,
        /// `--start-interval`, as written.
        start_interval: Option<String>,
        /// `--retries`.
        retries: Option<u32>,
    },
}

/// Every instruction but FROM (which starts a [`Stage`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "instruction", content = "args", rename_all = "lowercase")]
pub enum Instruction {
    /// `RUN command` / `RUN ["exe", "arg"]`
    Run(Run),
    /// `CMD command` / `CMD ["exe", "arg"]`
    Cmd(CommandLine),
    /// `ENTRYPOINT command` / `ENTRYPOINT ["exe", "arg"]`
    Entrypoint(CommandLine),
    /// `SHELL ["exe", "arg"]` (JSON only)
    Shell(Vec<String>),
    /// `ENV a=1 b=2` / `ENV a 1`
    Env(Vec<KeyValue>),
    /// `ARG name[=default] …`
    Arg(Vec<ArgDecl>),
    /// `LABEL a=1 b=2`
    Label(Vec<KeyValue>),
    /// `EXPOSE 80 443/tcp 53/udp 8000-8010`
    Expose(Vec<String>),
    /// `WORKDIR /path`
    Workdir(String),
    /// `USER name[:group]`
    User(String),
    /// `VOLUME /data` / `VOLUME ["/data"]`
    Volume(Vec<String>),
    /// `COPY [flags] src… dest`
    Copy(CopySpec),
    /// `ADD [flags] src… dest`
    Add(CopySpec),
    /// `HEALTHCHECK NONE` / `HEALTHCHECK [opts] CMD …`
    Healthcheck(Healthcheck),
    /// `ONBUILD INSTRUCTION …`: stored, run when the image is used as a base.
    Onbuild(Box<Located<Instruction>>),
    /// `STOPSIGNAL SIGTERM`
    StopSignal(String),
    /// `MAINTAINER name` (deprecated)
    Maintainer(String),
}

impl Instruction {
    /// The instruction keyword in upper case, as docker prints it.
    pub fn keyword(&self) -> &'static str {
        match self {
            Instruction::Run(_) => "RUN",
            Instruction::Cmd(_) => "CMD",
            Instruction::Entrypoint(_) => "ENTRYPOINT",
            Instruction::Shell(_) => "SHELL",
            Instruction::Env(_) => "ENV",
            Instruction::Arg(_) => "ARG",
            Instruction::Label(_) => "LABEL",
            Instruction::Expose(_) => "EXPOSE",
            Instruction::Workdir(_) => "WORKDIR",
            Instruction::User(_) => "USER",
            Instruction::Volume(_) => "VOLUME",
            Instruction::Copy(_) => "COPY",
            Instruction::Add(_) => "ADD",
            Instruction::Healthcheck(_) => "HEALTHCHECK",
            Instruction::Onbuild(_) => "ONBUILD",
            Instruction::StopSignal(_) => "STOPSIGNAL",
            Instruction::Maintainer(_) => "MAINTAINER",
        }
    }
}
