//! The `RUN` sandbox: a deterministic POSIX-sh subset over the layered filesystem.
//!
//! `parse` reads shell text into an [`ast`]; `exec` walks it with a [`shell::Shell`] (state)
//! and `expand` (parameters, substitutions, arithmetic, field splitting, globbing on the
//! image's filesystem). Commands live in `commands/` (builtins and busybox/coreutils-like
//! programs) and `pkg/` (apk, apt-get, npm, pip over an offline catalog). No IO, no clock,
//! no randomness: the same script on the same filesystem gives the same layer.
//! [`interactive`] runs a container's prompt one line at a time, keeping the shell's state.
//! Every run is bounded by [`budget::Limits`].

pub mod arith;
pub mod ast;
pub mod budget;
pub mod commands;
pub mod exec;
pub mod expand;
pub mod interactive;
pub mod io;
pub mod lex;
pub mod os;
pub mod parse;
pub mod pattern;
pub mod pkg;
pub mod shell;

use crate::fs::{FsPath, Rootfs};
use budget::{BudgetKind, Limits};
use shell::{Abort, Shell};

/// What to run: a `RUN` step's process.
#[derive(Debug, Clone)]
pub struct RunRequest<'a> {
    /// argv: `["/bin/sh", "-c", "…"]` for shell form, the JSON array for exec form.
    pub argv: &'a [String],
    /// The environment, `K=V`.
    pub env: &'a [String],
    /// The working directory.
    pub workdir: FsPath,
    /// uid and gid of the process.
    pub owner: (u32, u32),
    /// The build's timestamp (seconds): what `date` says.
    pub now: i64,
    /// The budgets.
    pub limits: Limits,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOutcome {
    /// Exit status.
    pub status: i32,
    /// Output in order: (1 = stdout / 2 = stderr, bytes).
    pub log: Vec<(u8, Vec<u8>)>,
    /// The budget that stopped it, if one did.
    pub budget: Option<BudgetKind>,
    /// The process could not start (`exec: "/bin/sh": stat /bin/sh: no such file or
    /// directory`), as the container runtime says.
    pub exec_error: Option<String>,
    /// Commands that were not found (as typed) or that the image has but the sandbox does
    /// not simulate (the executable's absolute path), in order.
    pub missing: Vec<String>,
    /// Commands and loop iterations executed (the step budget spent).
    pub steps: u64,
    /// A hint for the learner when the run failed (the closest command, the right package
    /// manager, the budget that ran out).
    pub hint: Option<String>,
}

impl RunOutcome {
    /// The output as log lines (standard output and error merged, in order).
    pub fn lines(&self) -> Vec<String> {
        let mut all = Vec::new();
        for (_, bytes) in &self.log {
            all.extend_from_slice(bytes);
        }
        let text = String::from_utf8_lossy(&all);
        text.lines().map(str::to_string).collect()
    }

    /// What one stream printed.
    pub fn stream(&self, fd: u8) -> String {
        let bytes: Vec<u8> = self
            .log
            .iter()
            .filter(|(f, _)| *f == fd)
            .flat_map(|(_, b)| b.iter().copied())
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Runs a process in the sandbox on `fs` (its writes land in `fs`'s upper layer).
pub fn run(fs: &mut Rootfs, req: &RunRequest<'_>) -> RunOutcome {
    let mut outcome = RunOutcome::default();
    let Some(argv0) = req.argv.first() else {
        outcome.status = 127;
        outcome.exec_error = Some("no command specified".into());
        return outcome;
    };
    let mut sh = Shell::new(fs, req.env, req.workdir.clone(), req.owner, req.limits);
    sh.now = req.now;
    if let Err(code) = exec::find_program(&sh, argv0) {
        outcome.status = code;
        outcome.exec_error = Some(if argv0.contains('/') {
            format!("exec: \"{argv0}\": stat {argv0}: no such file or directory")
        } else {
            format!("exec: \"{argv0}\": executable file not found in $PATH")
        });
        outcome.missing.push(argv0.clone());
        return outcome;
    }
    sh.arg0 = argv0.clone();
    let fds = exec::Fds::log();
    let mut status = exec::dispatch(&mut sh, req.argv, &fds, &[]);
    match sh.abort.take() {
        Some(Abort::Exit(code)) => status = code,
        Some(Abort::Budget(kind)) => status = budget_stop(&mut sh, kind, &mut outcome),
        None => {}
    }
    outcome.status = status;
    outcome.log = std::mem::take(&mut sh.log);
    outcome.missing = std::mem::take(&mut sh.missing);
    outcome.steps = sh.budget.steps;
    if status != 0 {
        outcome.hint = hint(&sh.os, &outcome);
    }
    outcome
}

/// Why a failed run failed, in a sentence for the learner.
fn hint(os: &os::OsInfo, outcome: &RunOutcome) -> Option<String> {
    if let Some(kind) = outcome.budget {
        return Some(format!(
            "the sandbox stopped this step: {} — RUN steps here must finish within the playground's budgets",
            kind.message()
        ));
    }
    let name = outcome.missing.last()?;
    let base = name.rsplit('/').next().unwrap_or(name);
    if name.starts_with('/') && outcome.exec_error.is_none() {
        return Some(format!(
            "the image has {name}, but the playground's sandbox does not simulate `{base}`: it runs a POSIX shell, the common coreutils/busybox commands and apt, apk, npm and pip over an offline catalog"
        ));
    }
    let distro = if os.pretty_name.is_empty() {
        "this image".to_string()
    } else {
        os.pretty_name.clone()
    };
    let manager = match os.family {
        os::Family::Alpine => Some("apk add"),
        os::Family::Debian | os::Family::Ubuntu => Some("apt-get install"),
        _ => None,
    };
    let bashism = match base {
        "[[" => Some("`[[ … ]]` is bash syntax"),
        "source" => Some("`source` is bash's name for `.`"),
        "function" => Some("`function name { … }` is bash syntax (POSIX: `name() { … }`)"),
        "declare" | "typeset" | "shopt" | "pushd" | "popd" => Some("this is a bash builtin"),
        _ => None,
    };
    if let (Some(what), true) = (bashism, os.dash) {
        return Some(format!(
            "{what}, and /bin/sh in {distro} is dash: write it for POSIX sh, or run bash with SHELL [\"/bin/bash\", \"-c\"]"
        ));
    }
    let own = match os.family {
        os::Family::Alpine => "apk",
        _ => "apt-get",
    };
    if manager.is_some() && matches!(base, "apk" | "apt-get" | "apt" | "yum" | "dnf") && base != own
    {
        return Some(format!(
            "{base} is not the package manager of {distro}: install packages with `{}`",
            manager.unwrap_or_default()
        ));
    }
    // A close name only when it is really close (one typo in a short name, two in a long one).
    let limit = if base.chars().count() <= 4 { 1 } else { 2 };
    let close = commands::all_names()
        .into_iter()
        .filter(|n| n.len() > 1 && *n != base)
        .map(|n| (crate::catalog::edit_distance(base, n), n))
        .filter(|(d, _)| *d <= limit)
        .min();
    let also = match close {
        Some((_, c)) => format!("; did you mean `{c}`?"),
        None => String::new(),
    };
    Some(format!(
        "`{base}` is not a command the sandbox can run in {distro}{also} (install it with a package manager first, or check the spelling)"
    ))
}

/// Runs shell text as `/bin/sh -c` would (a convenience for tests and the container
/// prompt).
pub fn run_script(fs: &mut Rootfs, script: &str, env: &[String], workdir: FsPath) -> RunOutcome {
    let argv = ["/bin/sh".to_string(), "-c".to_string(), script.to_string()];
    run(
        fs,
        &RunRequest {
            argv: &argv,
            env,
            workdir,
            owner: (0, 0),
            now: 0,
            limits: Limits::default(),
        },
    )
}

/// A budget stopped the shell: its message goes to stderr, the outcome names the budget,
/// and the status is 2 (what a shell gives for a fatal error).
pub(crate) fn budget_stop(sh: &mut Shell<'_>, kind: BudgetKind, outcome: &mut RunOutcome) -> i32 {
    let line = format!("{}{}\n", sh.sh_prefix(), kind.message());
    sh.log.push((2, line.into_bytes()));
    outcome.budget = Some(kind);
    2
}
