//! An interactive shell session (`docker exec -it CONTAINER sh`): one line at a time, the
//! shell's state — working directory, variables, functions, `$?`, options — kept between
//! lines the way a real interactive shell keeps it, while every line gets a fresh budget.
//!
//! Differences from `sh -c` that an interactive shell has: a syntax error is reported and the
//! shell goes on (it does not exit); `exit` ends the session ([`Session::exited`]). The
//! hostname (`hostname`, `uname -n`) is the environment's `HOSTNAME` (Docker sets both to the
//! short container ID).

use super::budget::Limits;
use super::exec::{self, Fds};
use super::shell::{Abort, Options, Shell, Var};
use super::RunOutcome;
use crate::fs::{FsPath, Rootfs};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The state an interactive shell keeps between lines.
#[derive(Debug, Clone)]
pub struct Session {
    /// `argv[0]` of the shell (`/bin/sh`), used in its error messages.
    pub arg0: String,
    /// Working directory.
    pub cwd: FsPath,
    /// Variables (the process environment at the start).
    vars: BTreeMap<String, Var>,
    functions: BTreeMap<String, Rc<super::ast::Command>>,
    options: Options,
    last_status: i32,
    next_temp: u64,
    /// uid and gid of the process.
    pub owner: (u32, u32),
    /// "Now" for `date` (never the clock).
    pub now: i64,
    /// Set once the shell ran `exit`: later lines are refused.
    pub exited: Option<i32>,
    started: bool,
    env: Vec<String>,
}

impl Session {
    /// A shell `arg0` started with the environment `env` (`K=V`) in `cwd` as `owner`.
    pub fn new(arg0: &str, env: &[String], cwd: FsPath, owner: (u32, u32), now: i64) -> Session {
        Session {
            arg0: arg0.to_string(),
            cwd,
            vars: BTreeMap::new(),
            functions: BTreeMap::new(),
            options: Options::default(),
            last_status: 0,
            next_temp: 0,
            owner,
            now,
            exited: None,
            started: false,
            env: env.to_vec(),
        }
    }

    /// A variable's value (after the lines run so far).
    pub fn var(&self, name: &str) -> Option<&str> {
        match self.vars.get(name) {
            Some(v) => Some(v.value.as_str()),
            None if !self.started => self
                .env
                .iter()
                .find_map(|e| e.strip_prefix(name)?.strip_prefix('=')),
            None => None,
        }
    }

    /// Runs one line typed at the prompt on `fs` (writes land in its upper layer).
    pub fn run_line(&mut self, fs: &mut Rootfs, line: &str) -> RunOutcome {
        let mut outcome = RunOutcome::default();
        if let Some(code) = self.exited {
            outcome.status = code;
            return outcome;
        }
        let mut sh = Shell::new(
            fs,
            &self.env,
            self.cwd.clone(),
            self.owner,
            Limits::default(),
        );
        sh.now = self.now;
        sh.arg0 = self.arg0.clone();
        if let Some(name) = self.env.iter().find_map(|e| e.strip_prefix("HOSTNAME=")) {
            sh.hostname = name.to_string();
        }
        if self.started {
            sh.vars = std::mem::take(&mut self.vars);
            sh.functions = std::mem::take(&mut self.functions);
            sh.options = self.options;
            sh.last_status = self.last_status;
            sh.next_temp = self.next_temp;
        }
        let fds = Fds::log();
        let parsed = super::parse::parse(line).is_ok();
        let mut status = exec::run_text(&mut sh, line, &fds);
        match sh.abort.take() {
            // An interactive shell reports a syntax error and reads the next line.
            Some(Abort::Exit(code)) if !parsed => status = code,
            Some(Abort::Exit(code)) => {
                status = code;
                self.exited = Some(code);
            }
            Some(Abort::Budget(kind)) => status = super::budget_stop(&mut sh, kind, &mut outcome),
            None => {}
        }
        sh.control = None;
        sh.last_status = status;
        outcome.status = status;
        outcome.log = std::mem::take(&mut sh.log);
        outcome.missing = std::mem::take(&mut sh.missing);
        outcome.steps = sh.budget.steps;
        // The budget's own message is already in the output; a missing command gets a hint.
        if status != 0 && outcome.budget.is_none() && !outcome.missing.is_empty() {
            outcome.hint = super::hint(&sh.os, &outcome);
        }
        self.cwd = sh.cwd.clone();
        self.vars = std::mem::take(&mut sh.vars);
        self.functions = std::mem::take(&mut sh.functions);
        self.options = sh.options;
        self.last_status = status;
        self.next_temp = sh.next_temp;
        self.started = true;
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busybox_like() -> Rootfs {
        let base = crate::catalog::resolve("alpine:3.20").expect("alpine is in the catalog");
        Rootfs::new(base.layers.clone())
    }

    #[test]
    fn state_survives_between_lines_and_syntax_errors_do_not_exit() {
        let mut fs = busybox_like();
        let env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin".to_string()];
        let mut s = Session::new("/bin/sh", &env, FsPath::new("/"), (0, 0), 0);
        assert_eq!(s.run_line(&mut fs, "cd /tmp && X=1").status, 0);
        assert_eq!(s.cwd.as_str(), "/tmp");
        let out = s.run_line(&mut fs, "echo $X $PWD; f() { echo fn; }");
        assert_eq!(out.stream(1), "1 /tmp\n");
        assert_eq!(s.run_line(&mut fs, "f").stream(1), "fn\n");
        let bad = s.run_line(&mut fs, "if then");
        assert_eq!(bad.status, 2);
        assert!(s.exited.is_none());
        assert_eq!(s.run_line(&mut fs, "false; echo $?").stream(1), "1\n");
        assert_eq!(s.run_line(&mut fs, "exit 3").status, 3);
        assert_eq!(s.exited, Some(3));
    }

    #[test]
    fn a_runaway_loop_is_stopped_and_the_session_goes_on() {
        let mut fs = busybox_like();
        let env = ["PATH=/bin".to_string()];
        let mut s = Session::new("/bin/sh", &env, FsPath::new("/"), (0, 0), 0);
        let out = s.run_line(&mut fs, "while true; do :; done");
        assert!(out.budget.is_some());
        assert!(s.exited.is_none());
        assert_eq!(s.run_line(&mut fs, "echo ok").stream(1), "ok\n");
    }
}
