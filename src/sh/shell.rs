//! `Shell`: the state of one sandboxed shell process — the filesystem it runs on, its working
//! directory, variables, functions, options, positional parameters, user — and the services
//! commands use (paths relative to the working directory, budgeted file writes, running
//! another command). Executing the syntax tree is `exec.rs`; commands are `commands/`.

use super::budget::{Budget, BudgetKind, Limits};
use super::io::Io;
use super::os::OsInfo;
use crate::fs::{Content, FsPath, Rootfs};
use std::collections::BTreeMap;
use std::rc::Rc;

/// A shell variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    /// Its value.
    pub value: String,
    /// Whether commands see it in their environment.
    pub exported: bool,
}

/// `set -e -u -x -o pipefail -f`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// `-e`: exit when a command fails (outside conditions).
    pub errexit: bool,
    /// `-u`: expanding an unset variable is an error.
    pub nounset: bool,
    /// `-x`: print each command before running it.
    pub xtrace: bool,
    /// `-o pipefail`: a pipeline fails if any part fails.
    pub pipefail: bool,
    /// `-f`: no pathname expansion.
    pub noglob: bool,
}

/// Why a shell stopped before its script ended (beyond an ordinary exit status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Abort {
    /// `exit N` (or `set -e`), unwinding to the top.
    Exit(i32),
    /// A budget ran out.
    Budget(BudgetKind),
}

/// One sandboxed shell process.
pub struct Shell<'fs> {
    /// The filesystem (the build step's upper layer over the image).
    pub fs: &'fs mut Rootfs,
    /// Working directory.
    pub cwd: FsPath,
    /// Variables by name.
    pub vars: BTreeMap<String, Var>,
    /// Functions by name.
    pub functions: BTreeMap<String, Rc<super::ast::Command>>,
    /// `$1 …`.
    pub positional: Vec<String>,
    /// `$0`.
    pub arg0: String,
    /// `$?`.
    pub last_status: i32,
    /// `set` options.
    pub options: Options,
    /// The user new files belong to.
    pub uid: u32,
    /// The group new files belong to.
    pub gid: u32,
    /// The image's OS (from `/etc/os-release`).
    pub os: OsInfo,
    /// "Now" for `date`, `mktemp` names and package timestamps: the build's epoch
    /// (seconds), never the clock.
    pub now: i64,
    /// Counter for deterministic temporary names (`mktemp`).
    pub next_temp: u64,
    /// What the process may still spend.
    pub budget: Budget,
    /// Bytes of file content read so far (charged through `&self`: readers borrow the
    /// shell immutably).
    pub read_bytes: std::cell::Cell<u64>,
    /// Set when the shell must unwind (exit, budget).
    pub abort: Option<Abort>,
    /// Function-call and substitution depth.
    pub depth: usize,
    /// The shell is bash (`SHELL ["/bin/bash", "-c"]`): bash's error wording and options.
    pub bash: bool,
    /// Line of the command running (for `sh: 1: …` messages).
    pub line: usize,
    /// Stack of `local` scopes: saved (name, previous value) per function call.
    pub(crate) locals: Vec<Vec<(String, Option<Var>)>>,
    /// Set by `break N` / `continue N` / `return`, consumed by loops and functions.
    pub(crate) control: Option<super::exec::Control>,
    /// Everything written to the build log so far, in order: (1 = stdout / 2 = stderr,
    /// bytes).
    pub log: Vec<(u8, Vec<u8>)>,
    /// Where standard error goes right now (for command substitutions).
    pub(crate) current_err: super::exec::Sink,
    /// Status of the last command substitution of the command being expanded.
    pub(crate) subst_status: Option<i32>,
    /// Commands that were not found (their name) or not simulated (the absolute path of
    /// the image's executable), for the build error's hint.
    pub missing: Vec<String>,
    /// Nesting of conditions (`if`, `while`, `&&`/`||` left sides): `set -e` is off there.
    pub(crate) cond: usize,
    /// The UTS hostname (`hostname`, `uname -n`): BuildKit's `buildkitsandbox` in a build,
    /// the short container ID in a container.
    pub hostname: String,
}

impl<'fs> Shell<'fs> {
    /// A shell on `fs` with the process environment `env` (`K=V`), in `cwd`, as `uid:gid`.
    pub fn new(
        fs: &'fs mut Rootfs,
        env: &[String],
        cwd: FsPath,
        (uid, gid): (u32, u32),
        limits: Limits,
    ) -> Shell<'fs> {
        let os = OsInfo::detect(fs);
        fs.set_owner(uid, gid);
        let mut vars = BTreeMap::new();
        for e in env {
            let (k, v) = e.split_once('=').unwrap_or((e.as_str(), ""));
            vars.insert(
                k.to_string(),
                Var {
                    value: v.to_string(),
                    exported: true,
                },
            );
        }
        let home = if uid == 0 { "/root" } else { "/" };
        vars.entry("HOME".into()).or_insert(Var {
            value: home.into(),
            exported: true,
        });
        vars.entry("HOSTNAME".into()).or_insert(Var {
            value: super::os::HOSTNAME.into(),
            exported: true,
        });
        vars.insert(
            "PWD".into(),
            Var {
                value: cwd.as_str().into(),
                exported: true,
            },
        );
        vars.insert(
            "IFS".into(),
            Var {
                value: " \t\n".into(),
                exported: false,
            },
        );
        Shell {
            fs,
            cwd,
            vars,
            functions: BTreeMap::new(),
            positional: Vec::new(),
            arg0: "/bin/sh".into(),
            last_status: 0,
            options: Options::default(),
            uid,
            gid,
            os,
            now: 0,
            next_temp: 0,
            budget: Budget::new(limits),
            read_bytes: std::cell::Cell::new(0),
            abort: None,
            depth: 0,
            bash: false,
            line: 1,
            locals: Vec::new(),
            control: None,
            log: Vec::new(),
            current_err: super::exec::Sink::Log(2),
            subst_status: None,
            missing: Vec::new(),
            cond: 0,
            hostname: super::os::HOSTNAME.to_string(),
        }
    }

    /// `arg` as an absolute path from the working directory.
    pub fn path(&self, arg: &str) -> FsPath {
        self.cwd.join(arg)
    }

    /// A variable's value.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|v| v.value.as_str())
    }

    /// Sets a variable (keeping its exported flag).
    pub fn set_var(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.vars.get_mut(name) {
            Some(v) => v.value = value,
            None => {
                self.vars.insert(
                    name.to_string(),
                    Var {
                        value,
                        exported: false,
                    },
                );
            }
        }
    }

    /// The exported variables, as a command's environment.
    pub fn environment(&self) -> Vec<(String, String)> {
        self.vars
            .iter()
            .filter(|(_, v)| v.exported)
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect()
    }

    /// Charges `n` bytes of file content about to be read; false when the read budget is
    /// spent (the interpreter then stops the step, naming the budget).
    pub fn charge_read(&self, n: u64) -> bool {
        let total = self.read_bytes.get().saturating_add(n);
        self.read_bytes.set(total);
        total <= self.budget.limits.read
    }

    /// Whether reads went over the read budget.
    pub fn read_budget_spent(&self) -> bool {
        self.read_bytes.get() > self.budget.limits.read
    }

    /// Reads a file (following symlinks) as bytes. The error is the system's text for
    /// the path as the user wrote it: `app.js: No such file or directory`.
    pub fn read_file(&self, arg: &str) -> Result<Vec<u8>, String> {
        let path = self.path(arg);
        if self.fs.is_dir(&path) {
            return Err(format!("{arg}: Is a directory"));
        }
        let size = self.fs.stat(&path).map(|n| n.size()).unwrap_or(0);
        if !self.charge_read(size) {
            return Err(format!("{arg}: {}", BudgetKind::Read.message()));
        }
        self.fs
            .read_file(&path)
            .map(|c| c.to_vec())
            .map_err(|e| format!("{arg}: {}", e.kind.message()))
    }

    /// Writes (or appends to) a file, charging the write budget; new files get `0644`
    /// and the shell's user.
    pub fn write_file(&mut self, arg: &str, bytes: Vec<u8>, append: bool) -> Result<(), String> {
        let path = self.path(arg);
        let len = bytes.len() as u64;
        if let Err(kind) = self.budget.charge_write(len) {
            self.abort = Some(Abort::Budget(kind));
            return Err(format!("{arg}: {}", kind.message()));
        }
        let result = if append {
            self.fs.append_file(&path, &bytes)
        } else {
            self.fs
                .write_file(&path, Content::Bytes(bytes.into()), 0o644)
        };
        result.map_err(|e| format!("{arg}: {}", e.kind.message()))?;
        self.check_file_size(&path, arg)
    }

    /// Places a synthetic file (declared size, deterministic content) — what a package
    /// manager installs — charging its size to the write budget.
    pub fn write_synthetic(
        &mut self,
        path: &FsPath,
        size: u64,
        seed: u64,
        mode: u32,
    ) -> Result<(), String> {
        if let Err(kind) = self.budget.charge_write(size) {
            self.abort = Some(Abort::Budget(kind));
            return Err(format!("{path}: {}", kind.message()));
        }
        if let Some(parent) = Some(path.parent()).filter(|p| !self.fs.exists(p)) {
            self.fs
                .mkdir_all(&parent, 0o755)
                .map_err(|e| format!("{}: {}", parent, e.kind.message()))?;
        }
        self.fs
            .write_file(path, Content::Synthetic { size, seed }, mode)
            .map_err(|e| format!("{path}: {}", e.kind.message()))
    }

    fn check_file_size(&mut self, path: &FsPath, arg: &str) -> Result<(), String> {
        let size = self.fs.stat(path).map(|n| n.size()).unwrap_or(0);
        if let Err(kind) = self.budget.check_file(size) {
            self.abort = Some(Abort::Budget(kind));
            return Err(format!("{arg}: {}", kind.message()));
        }
        Ok(())
    }

    /// Whether `arg` names an existing path (following symlinks).
    pub fn exists(&self, arg: &str) -> bool {
        self.fs.exists(&self.path(arg))
    }

    /// Runs a command by argv (what `xargs`, `find -exec`, `env CMD`, `sh -c` need):
    /// builtins, functions, then `PATH`. Returns its exit status.
    pub fn run_argv(&mut self, argv: &[String], io: &mut Io) -> i32 {
        super::exec::run_argv(self, argv, io, &[])
    }

    /// Runs shell source text in this shell (`sh -c`, `eval`, `.`), its errors reported as
    /// `sh: LINE: …`.
    pub fn run_source(&mut self, source: &str, io: &mut Io) -> i32 {
        super::exec::run_source(self, source, io)
    }

    /// `sh: 1: ` or `/bin/sh: ` — how this distribution's `/bin/sh` starts its messages
    /// (dash numbers lines, busybox ash does not).
    pub fn sh_prefix(&self) -> String {
        if self.bash {
            format!("{}: line {}: ", self.arg0, self.line)
        } else if self.os.dash {
            format!("{}: {}: ", self.arg0, self.line)
        } else {
            format!("{}: ", self.arg0)
        }
    }
}
