//! Executing the syntax tree: lists, and-or lists, pipelines (stages run one after the other,
//! each in a subshell, output buffered into the next one's input), compound commands, simple
//! commands (expansion, assignments, redirections, then builtins, functions, `PATH`).
//! Output is routed through [`Fds`]: the build log, a file, a pipe or a substitution.

use super::ast::{AndOr, Command, Compound, List, Pipeline, RedirOp, Redirect, Simple};
use super::commands;
use super::expand;
use super::io::{Io, Stdin};
use super::shell::{Abort, Shell, Var};
use crate::fs::FsPath;
use std::cell::RefCell;
use std::rc::Rc;

/// A pending `break`, `continue` or `return`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// `break N`.
    Break(usize),
    /// `continue N`.
    Continue(usize),
    /// `return`.
    Return,
}

/// Where an output descriptor writes.
#[derive(Debug, Clone)]
pub enum Sink {
    /// The build log (1 = stdout, 2 = stderr).
    Log(u8),
    /// Appends to a file (truncated when the redirection was made).
    File(FsPath),
    /// `/dev/null`.
    Null,
    /// A pipe or a command substitution.
    Buf(Rc<RefCell<Vec<u8>>>),
}

/// The descriptors a command runs with.
#[derive(Debug, Clone)]
pub struct Fds {
    /// Standard input.
    pub stdin: Stdin,
    /// Standard output.
    pub out: Sink,
    /// Standard error.
    pub err: Sink,
}

impl Fds {
    /// Input empty, output and errors to the build log.
    pub fn log() -> Fds {
        Fds {
            stdin: Stdin::default(),
            out: Sink::Log(1),
            err: Sink::Log(2),
        }
    }
}

/// Writes `bytes` to `sink`.
pub fn emit(sh: &mut Shell<'_>, sink: &Sink, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    match sink {
        Sink::Log(fd) => {
            if let Err(kind) = sh.budget.charge_output(bytes.len() as u64) {
                sh.abort = Some(Abort::Budget(kind));
                return;
            }
            match sh.log.last_mut() {
                Some((last, buf)) if last == fd => buf.extend_from_slice(bytes),
                _ => sh.log.push((*fd, bytes.to_vec())),
            }
        }
        Sink::File(path) => {
            let _ = sh.write_file(path.as_str(), bytes.to_vec(), true);
        }
        Sink::Null => {}
        Sink::Buf(buf) => {
            if let Err(kind) = sh.budget.charge_output(bytes.len() as u64 / 4) {
                sh.abort = Some(Abort::Budget(kind));
                return;
            }
            buf.borrow_mut().extend_from_slice(bytes);
        }
    }
}

fn message(sh: &mut Shell<'_>, fds: &Fds, text: &str) {
    let line = format!("{}{text}\n", sh.sh_prefix());
    emit(sh, &fds.err, line.as_bytes());
}

fn stopped(sh: &Shell<'_>) -> bool {
    sh.abort.is_some() || sh.control.is_some()
}

/// Runs a list.
pub fn run_list(sh: &mut Shell<'_>, list: &List, fds: &Fds) -> i32 {
    let mut status = sh.last_status;
    for item in &list.0 {
        if stopped(sh) {
            break;
        }
        status = run_and_or(sh, item, fds);
        sh.last_status = status;
    }
    status
}

fn run_and_or(sh: &mut Shell<'_>, item: &AndOr, fds: &Fds) -> i32 {
    let last = item.rest.len();
    sh.cond += usize::from(last > 0);
    let mut status = run_pipeline(sh, &item.first, fds);
    sh.cond -= usize::from(last > 0);
    for (i, (and, pipeline)) in item.rest.iter().enumerate() {
        if stopped(sh) {
            break;
        }
        sh.last_status = status;
        if *and != (status == 0) {
            continue;
        }
        let inner = i + 1 < last;
        sh.cond += usize::from(inner);
        status = run_pipeline(sh, pipeline, fds);
        sh.cond -= usize::from(inner);
    }
    status
}

fn run_pipeline(sh: &mut Shell<'_>, p: &Pipeline, fds: &Fds) -> i32 {
    sh.cond += usize::from(p.bang);
    let mut status = if p.commands.len() == 1 {
        run_command(sh, &p.commands[0], fds)
    } else {
        let mut stdin = fds.stdin.clone();
        let mut failed = 0;
        let mut st = 0;
        for (i, cmd) in p.commands.iter().enumerate() {
            if sh
                .abort
                .as_ref()
                .is_some_and(|a| matches!(a, Abort::Budget(_)))
            {
                break;
            }
            let last = i + 1 == p.commands.len();
            let buf = Rc::new(RefCell::new(Vec::new()));
            let stage = Fds {
                stdin: stdin.clone(),
                out: if last {
                    fds.out.clone()
                } else {
                    Sink::Buf(buf.clone())
                },
                err: fds.err.clone(),
            };
            st = subshell(sh, |sh| run_command(sh, cmd, &stage));
            if st != 0 {
                failed = st;
            }
            stdin = Stdin::from_bytes(buf.take());
        }
        if sh.options.pipefail && failed != 0 {
            failed
        } else {
            st
        }
    };
    sh.cond -= usize::from(p.bang);
    if p.bang {
        status = i32::from(status == 0);
    } else if status != 0
        && sh.options.errexit
        && sh.cond == 0
        && sh.abort.is_none()
        && errexit_applies(p)
    {
        sh.abort = Some(Abort::Exit(status));
    }
    status
}

/// `set -e` does not apply to a compound command whose status came from a condition.
fn errexit_applies(p: &Pipeline) -> bool {
    matches!(
        p.commands.last(),
        Some(Command::Simple(_)) | Some(Command::Compound(Compound::Subshell(_), _))
    )
}

/// Runs `f` in a subshell: variables, functions, directory and options are restored after
/// it, and `exit` ends only the subshell.
pub fn subshell(sh: &mut Shell<'_>, f: impl FnOnce(&mut Shell<'_>) -> i32) -> i32 {
    sh.depth += 1;
    if sh.depth > sh.budget.limits.depth {
        sh.depth -= 1;
        sh.abort = Some(Abort::Budget(super::budget::BudgetKind::Depth));
        return 2;
    }
    let saved = (
        sh.cwd.clone(),
        sh.vars.clone(),
        sh.functions.clone(),
        sh.positional.clone(),
        sh.options,
        std::mem::take(&mut sh.locals),
    );
    let mut status = f(sh);
    if let Some(Abort::Exit(code)) = sh.abort {
        sh.abort = None;
        status = code;
    }
    sh.control = None;
    sh.cwd = saved.0;
    sh.vars = saved.1;
    sh.functions = saved.2;
    sh.positional = saved.3;
    sh.options = saved.4;
    sh.locals = saved.5;
    sh.depth -= 1;
    status
}

/// `$(…)`: runs `list` in a subshell, returns its output without trailing newlines.
pub fn capture(sh: &mut Shell<'_>, list: &List) -> Result<String, String> {
    let buf = Rc::new(RefCell::new(Vec::new()));
    let fds = Fds {
        stdin: Stdin::default(),
        out: Sink::Buf(buf.clone()),
        err: sh.current_err.clone(),
    };
    let status = subshell(sh, |sh| run_list(sh, list, &fds));
    sh.subst_status = Some(status);
    let mut out = String::from_utf8_lossy(&buf.take()).into_owned();
    while out.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}

fn run_command(sh: &mut Shell<'_>, cmd: &Command, fds: &Fds) -> i32 {
    let saved_err = std::mem::replace(&mut sh.current_err, fds.err.clone());
    let status = match cmd {
        Command::Simple(s) => run_simple(sh, s, fds),
        Command::Compound(c, redirects) => match redirect(sh, fds, redirects) {
            Ok(inner) => {
                sh.current_err = inner.err.clone();
                run_compound(sh, c, &inner)
            }
            Err(e) => {
                message(sh, fds, &e);
                2
            }
        },
        Command::Function(name, body) => {
            sh.functions.insert(name.clone(), body.clone());
            0
        }
    };
    sh.current_err = saved_err;
    status
}

fn step(sh: &mut Shell<'_>) -> bool {
    if let Err(kind) = sh.budget.step() {
        sh.abort = Some(Abort::Budget(kind));
        return false;
    }
    true
}

/// Handles a pending `break`/`continue` after a loop body; true: leave the loop.
fn loop_control(sh: &mut Shell<'_>) -> bool {
    match sh.control {
        Some(Control::Break(n)) => {
            sh.control = (n > 1).then(|| Control::Break(n - 1));
            true
        }
        Some(Control::Continue(n)) if n > 1 => {
            sh.control = Some(Control::Continue(n - 1));
            true
        }
        Some(Control::Continue(_)) => {
            sh.control = None;
            false
        }
        Some(Control::Return) => true,
        None => sh.abort.is_some(),
    }
}

fn run_compound(sh: &mut Shell<'_>, c: &Compound, fds: &Fds) -> i32 {
    match c {
        Compound::Brace(list) => run_list(sh, list, fds),
        Compound::Subshell(list) => subshell(sh, |sh| run_list(sh, list, fds)),
        Compound::If {
            branches,
            otherwise,
        } => {
            for (cond, body) in branches {
                sh.cond += 1;
                let s = run_list(sh, cond, fds);
                sh.cond -= 1;
                if stopped(sh) {
                    return s;
                }
                if s == 0 {
                    return run_list(sh, body, fds);
                }
            }
            match otherwise {
                Some(list) => run_list(sh, list, fds),
                None => 0,
            }
        }
        Compound::For { var, words, body } => {
            let items = match words {
                Some(words) => match expand::fields(sh, words) {
                    Ok(v) => v,
                    Err(e) => return expansion_failed(sh, fds, &e),
                },
                None => sh.positional.clone(),
            };
            let mut status = 0;
            for item in items {
                if !step(sh) {
                    break;
                }
                sh.set_var(var, item);
                status = run_list(sh, body, fds);
                if loop_control(sh) {
                    break;
                }
            }
            status
        }
        Compound::While { until, cond, body } => {
            let mut status = 0;
            loop {
                if !step(sh) {
                    break;
                }
                sh.cond += 1;
                let s = run_list(sh, cond, fds);
                sh.cond -= 1;
                if stopped(sh) || (s == 0) == *until {
                    break;
                }
                status = run_list(sh, body, fds);
                if loop_control(sh) {
                    break;
                }
            }
            status
        }
        Compound::Case { word, arms } => {
            let subject = match expand::single(sh, word) {
                Ok(s) => s,
                Err(e) => return expansion_failed(sh, fds, &e),
            };
            let chars: Vec<char> = subject.chars().collect();
            for (patterns, body) in arms {
                for p in patterns {
                    let pat = match expand::pattern(sh, p) {
                        Ok(p) => p,
                        Err(e) => return expansion_failed(sh, fds, &e),
                    };
                    if super::pattern::matches(&pat, &chars) {
                        return run_list(sh, body, fds);
                    }
                }
            }
            0
        }
    }
}

fn expansion_failed(sh: &mut Shell<'_>, fds: &Fds, e: &str) -> i32 {
    message(sh, fds, e);
    if sh.abort.is_none() {
        sh.abort = Some(Abort::Exit(2));
    }
    2
}

fn run_simple(sh: &mut Shell<'_>, cmd: &Simple, fds: &Fds) -> i32 {
    if !step(sh) {
        return 2;
    }
    sh.line = cmd.line;
    sh.subst_status = None;
    let argv = match expand::fields(sh, &cmd.words) {
        Ok(a) => a,
        Err(e) => return expansion_failed(sh, fds, &e),
    };
    let mut assigns = Vec::new();
    for (name, word) in &cmd.assigns {
        match expand::single(sh, word) {
            Ok(v) => assigns.push((name.clone(), v)),
            Err(e) => return expansion_failed(sh, fds, &e),
        }
    }
    if sh.abort.is_some() {
        return 2;
    }
    if sh.options.xtrace {
        let mut words: Vec<String> = assigns.iter().map(|(k, v)| format!("{k}={v}")).collect();
        words.extend(argv.iter().cloned());
        let line = format!("+ {}\n", words.join(" "));
        emit(sh, &fds.err, line.as_bytes());
    }
    let fds = match redirect(sh, fds, &cmd.redirects) {
        Ok(f) => f,
        Err(e) => {
            message(sh, fds, &e);
            return 2;
        }
    };
    if argv.is_empty() {
        for (k, v) in assigns {
            sh.set_var(&k, v);
        }
        return sh.subst_status.unwrap_or(0);
    }
    let saved_err = std::mem::replace(&mut sh.current_err, fds.err.clone());
    let status = dispatch(sh, &argv, &fds, &assigns);
    sh.current_err = saved_err;
    status
}

/// Special builtins: assignments before them stay, as POSIX says.
const SPECIAL: &[&str] = &[
    ":", "break", "continue", "eval", ".", "exec", "exit", "export", "readonly", "return", "set",
    "shift", "trap", "unset",
];

/// Runs a command by argv with the descriptors `fds`.
pub fn dispatch(
    sh: &mut Shell<'_>,
    argv: &[String],
    fds: &Fds,
    assigns: &[(String, String)],
) -> i32 {
    let name = argv[0].as_str();
    match name {
        "eval" => {
            return with_assigns(sh, assigns, true, |sh| {
                run_text(sh, &argv[1..].join(" "), fds)
            })
        }
        // dash has no `source` (the classic `/bin/sh: 1: source: not found`).
        "." => return source(sh, argv, fds),
        "source" if !sh.os.dash || sh.bash => return source(sh, argv, fds),
        "exec" if argv.len() > 1 => {
            let status = dispatch(sh, &argv[1..], fds, assigns);
            sh.abort = Some(Abort::Exit(status));
            return status;
        }
        "command" if argv.len() > 1 && !argv[1].starts_with('-') => {
            return run_found(sh, &argv[1..], fds, assigns);
        }
        _ => {}
    }
    if SPECIAL.contains(&name) {
        if let Some(f) = commands::builtin(name) {
            for (k, v) in assigns {
                sh.set_var(k, v.clone());
            }
            let status = call(sh, f, argv, fds);
            // An error in a special builtin ends a non-interactive shell (POSIX, dash, ash).
            if status == 2 && matches!(name, "set" | "shift" | "export" | "readonly" | "unset") {
                sh.abort.get_or_insert(Abort::Exit(2));
            }
            return status;
        }
    }
    if let Some(body) = sh.functions.get(name).cloned() {
        return with_assigns(sh, assigns, true, |sh| call_function(sh, &body, argv, fds));
    }
    run_found(sh, argv, fds, assigns)
}

/// Builtins (not functions), then `PATH`.
fn run_found(sh: &mut Shell<'_>, argv: &[String], fds: &Fds, assigns: &[(String, String)]) -> i32 {
    let name = argv[0].as_str();
    if let Some(f) = commands::builtin(name) {
        return with_assigns(sh, assigns, true, |sh| call(sh, f, argv, fds));
    }
    let path = match find_program(sh, name) {
        Ok(p) => p,
        Err(status) => {
            sh.missing.push(name.to_string());
            let what = match (status, sh.bash) {
                (126, _) => "Permission denied",
                (_, true) => "command not found",
                _ => "not found",
            };
            message(sh, fds, &format!("{name}: {what}"));
            return status;
        }
    };
    let base = name.rsplit('/').next().unwrap_or(name).to_string();
    with_assigns(sh, assigns, true, |sh| {
        if matches!(base.as_str(), "sh" | "bash" | "dash" | "ash") {
            let was = std::mem::replace(&mut sh.bash, base == "bash");
            let status = run_shell_program(sh, argv, fds);
            sh.bash = was;
            return status;
        }
        if let Some(f) = commands::program(&base) {
            return call(sh, f, argv, fds);
        }
        if let Some(script) = shebang_script(sh, &path) {
            let args = argv[1..].to_vec();
            return subshell(sh, |sh| {
                sh.positional = args;
                sh.arg0 = path.as_str().to_string();
                run_text(sh, &script, fds)
            });
        }
        sh.missing.push(format!("{path}"));
        message(
            sh,
            fds,
            &format!("{name}: cannot run in the Layercake sandbox (the image has {path}, but the playground does not simulate it)"),
        );
        127
    })
}

/// The executable `name` resolves to: `Err(127)` not found, `Err(126)` not executable.
pub fn find_program(sh: &Shell<'_>, name: &str) -> Result<FsPath, i32> {
    let executable = |p: &FsPath| -> Result<bool, ()> {
        match sh.fs.stat(p) {
            Ok(n) if !n.is_dir() => Ok(n.mode & 0o111 != 0),
            _ => Err(()),
        }
    };
    if name.contains('/') {
        let p = sh.path(name);
        return match executable(&p) {
            Ok(true) => Ok(p),
            Ok(false) => Err(126),
            Err(()) => Err(127),
        };
    }
    if name.is_empty() {
        return Err(127);
    }
    let path = sh
        .var("PATH")
        .unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .to_string();
    for dir in path.split(':') {
        let p = sh.path(if dir.is_empty() { "." } else { dir }).join(name);
        if executable(&p) == Ok(true) {
            return Ok(p);
        }
    }
    Err(127)
}

/// A script's text when the file starts with `#!` naming a POSIX shell.
fn shebang_script(sh: &Shell<'_>, path: &FsPath) -> Option<String> {
    let bytes = sh.fs.read_file(path).ok()?.bytes()?.to_vec();
    let text = String::from_utf8(bytes).ok()?;
    let first = text.lines().next()?.strip_prefix("#!")?.trim().to_string();
    let mut words = first.split_whitespace();
    let interp = words.next()?;
    let prog = match interp.rsplit('/').next()? {
        "env" => words.next()?,
        p => p,
    };
    matches!(prog, "sh" | "bash" | "dash" | "ash").then_some(text)
}

/// `sh [-eux] [-o name] -c 'text' [arg0 args…]` or `sh script [args…]`.
fn run_shell_program(sh: &mut Shell<'_>, argv: &[String], fds: &Fds) -> i32 {
    let mut i = 1;
    let mut c_flag = false;
    let mut opts: Vec<(String, bool)> = Vec::new();
    while let Some(a) = argv.get(i) {
        let on = a.starts_with('-');
        if a == "--" {
            i += 1;
            break;
        }
        if !(on || a.starts_with('+')) || a.len() < 2 {
            break;
        }
        i += 1;
        for c in a[1..].chars() {
            match c {
                'c' => c_flag = true,
                'o' => {
                    if let Some(name) = argv.get(i) {
                        opts.push((name.clone(), on));
                        i += 1;
                    }
                }
                c => opts.push((c.to_string(), on)),
            }
        }
    }
    let (text, arg0, args) = if c_flag {
        let Some(text) = argv.get(i).cloned() else {
            let line = format!("{}: 0: -c requires an argument\n", argv[0]);
            emit(sh, &fds.err, line.as_bytes());
            return 2;
        };
        (
            text,
            argv.get(i + 1).cloned().unwrap_or_else(|| argv[0].clone()),
            argv.get(i + 2..)
                .map(<[String]>::to_vec)
                .unwrap_or_default(),
        )
    } else {
        match argv.get(i) {
            Some(file) => match sh.read_file(file) {
                Ok(bytes) => (
                    String::from_utf8_lossy(&bytes).into_owned(),
                    file.clone(),
                    argv[i + 1..].to_vec(),
                ),
                Err(e) => {
                    let line = format!("{}: 0: cannot open {e}\n", argv[0]);
                    emit(sh, &fds.err, line.as_bytes());
                    return 2;
                }
            },
            None => {
                let input = fds.stdin.read_all();
                (
                    String::from_utf8_lossy(&input).into_owned(),
                    argv[0].clone(),
                    Vec::new(),
                )
            }
        }
    };
    subshell(sh, |sh| {
        for (name, on) in opts {
            let mut c = name.chars();
            let known = match (c.next(), c.next()) {
                (Some(letter), None) => set_option(sh, letter, on),
                _ => set_long_option(sh, &name, on),
            };
            if !known {
                let line = format!("{}: 0: Illegal option -o {name}\n", sh.arg0);
                emit(sh, &fds.err, line.as_bytes());
                return 2;
            }
        }
        sh.positional = args;
        sh.arg0 = arg0;
        run_text(sh, &text, fds)
    })
}

/// `set -o NAME`; false if this shell does not know it (dash has no `pipefail`).
pub fn set_long_option(sh: &mut Shell<'_>, name: &str, on: bool) -> bool {
    match name {
        "errexit" => set_option(sh, 'e', on),
        "nounset" => set_option(sh, 'u', on),
        "xtrace" => set_option(sh, 'x', on),
        "noglob" => set_option(sh, 'f', on),
        "pipefail" if !sh.os.dash || sh.bash => {
            sh.options.pipefail = on;
            true
        }
        "verbose" | "allexport" | "noclobber" | "monitor" | "posix" | "noexec" => true,
        _ => false,
    }
}

/// Turns a `set` option letter on or off; false if unknown.
pub fn set_option(sh: &mut Shell<'_>, c: char, on: bool) -> bool {
    match c {
        'e' => sh.options.errexit = on,
        'u' => sh.options.nounset = on,
        'x' => sh.options.xtrace = on,
        'f' => sh.options.noglob = on,
        'v' | 'a' | 'h' | 'm' | 'b' | 'C' | 'n' => {}
        _ => return false,
    }
    true
}

fn source(sh: &mut Shell<'_>, argv: &[String], fds: &Fds) -> i32 {
    let Some(file) = argv.get(1) else {
        return 0;
    };
    let found = if file.contains('/') {
        Some(file.clone())
    } else {
        let path = sh.var("PATH").unwrap_or("").to_string();
        path.split(':')
            .map(|d| format!("{d}/{file}"))
            .find(|p| sh.exists(p))
            .or_else(|| sh.exists(file).then(|| file.clone()))
    };
    match found.map(|f| sh.read_file(&f)) {
        Some(Ok(bytes)) => run_text(sh, &String::from_utf8_lossy(&bytes), fds),
        _ => {
            message(
                sh,
                fds,
                &format!("{}: cannot open {file}: No such file", argv[0]),
            );
            sh.abort = Some(Abort::Exit(2));
            2
        }
    }
}

/// Parses and runs `text` in this shell; a syntax error is reported and gives status 2.
pub fn run_text(sh: &mut Shell<'_>, text: &str, fds: &Fds) -> i32 {
    match super::parse::parse(text) {
        Ok(list) => {
            let status = run_list(sh, &list, fds);
            if sh.control == Some(Control::Return) && sh.locals.is_empty() {
                sh.control = None;
            }
            status
        }
        Err(e) => {
            sh.line = e.line;
            let msg = syntax_error_text(sh, &e);
            if sh.bash {
                // bash -c: `/bin/bash: -c: line 1: …` and the offending line.
                let line = text
                    .lines()
                    .nth(e.line.saturating_sub(1))
                    .unwrap_or("")
                    .trim();
                let out = format!(
                    "{0}: -c: line {1}: {msg}\n{0}: -c: line {1}: `{line}'\n",
                    sh.arg0, e.line
                );
                emit(sh, &fds.err, out.as_bytes());
            } else {
                message(sh, fds, &msg);
            }
            sh.abort = Some(Abort::Exit(2));
            2
        }
    }
}

/// A syntax error in the running shell's words: dash's are the parser's own; busybox ash
/// says `syntax error: unexpected "fi"`, bash `syntax error near unexpected token `fi'`.
fn syntax_error_text(sh: &Shell<'_>, e: &super::parse::SyntaxError) -> String {
    let m = &e.message;
    let token = m
        .strip_prefix('"')
        .and_then(|r| r.split_once("\" unexpected"))
        .map(|(t, rest)| (t.to_string(), rest.to_string()));
    if sh.bash {
        return match (&token, m.as_str()) {
            (Some((t, _)), _) => format!("syntax error near unexpected token `{t}'"),
            (_, "Unterminated quoted string") => {
                "unexpected EOF while looking for matching `\"'".into()
            }
            _ if m.starts_with("end of file unexpected") => {
                "syntax error: unexpected end of file".into()
            }
            _ => format!("syntax error: {}", m.to_lowercase()),
        };
    }
    if sh.os.dash {
        return e.to_string();
    }
    match token {
        Some((t, rest)) => format!("syntax error: unexpected \"{t}\"{rest}"),
        None => match m.strip_prefix("end of file unexpected") {
            Some(rest) => format!("syntax error: unexpected end of file{rest}"),
            None => format!("syntax error: {}", lower_first(m)),
        },
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn call_function(sh: &mut Shell<'_>, body: &Command, argv: &[String], fds: &Fds) -> i32 {
    sh.depth += 1;
    if sh.depth > sh.budget.limits.depth {
        sh.depth -= 1;
        sh.abort = Some(Abort::Budget(super::budget::BudgetKind::Depth));
        return 2;
    }
    let saved = std::mem::replace(&mut sh.positional, argv[1..].to_vec());
    sh.locals.push(Vec::new());
    let mut status = run_command(sh, body, fds);
    if sh.control == Some(Control::Return) {
        sh.control = None;
        status = sh.last_status;
    }
    for (name, old) in sh.locals.pop().unwrap_or_default().into_iter().rev() {
        match old {
            Some(v) => {
                sh.vars.insert(name, v);
            }
            None => {
                sh.vars.remove(&name);
            }
        }
    }
    sh.positional = saved;
    sh.depth -= 1;
    status
}

/// Runs `f` with `assigns` set (and exported) for its duration.
fn with_assigns(
    sh: &mut Shell<'_>,
    assigns: &[(String, String)],
    export: bool,
    f: impl FnOnce(&mut Shell<'_>) -> i32,
) -> i32 {
    if assigns.is_empty() {
        return f(sh);
    }
    let saved: Vec<(String, Option<Var>)> = assigns
        .iter()
        .map(|(k, _)| (k.clone(), sh.vars.get(k).cloned()))
        .collect();
    for (k, v) in assigns {
        sh.vars.insert(
            k.clone(),
            Var {
                value: v.clone(),
                exported: export,
            },
        );
    }
    let status = f(sh);
    for (k, old) in saved {
        match old {
            Some(v) => {
                sh.vars.insert(k, v);
            }
            None => {
                sh.vars.remove(&k);
            }
        }
    }
    status
}

/// Calls a builtin or program with buffered streams, then routes its output.
fn call(sh: &mut Shell<'_>, f: commands::CommandFn, argv: &[String], fds: &Fds) -> i32 {
    let mut io = Io::new(fds.stdin.clone());
    let status = f(sh, argv, &mut io);
    if sh.read_budget_spent() && sh.abort.is_none() {
        sh.abort = Some(Abort::Budget(super::budget::BudgetKind::Read));
    }
    emit(sh, &fds.out, &io.stdout);
    emit(sh, &fds.err, &io.stderr);
    status
}

/// Applies redirections to `fds`.
fn redirect(sh: &mut Shell<'_>, fds: &Fds, redirects: &[Redirect]) -> Result<Fds, String> {
    let mut out = fds.clone();
    for r in redirects {
        let target = expand::single(sh, &r.target)?;
        let sink = match r.op {
            RedirOp::Read | RedirOp::ReadWrite => {
                if r.fd == 0 {
                    out.stdin = match target.as_str() {
                        "/dev/null" => Stdin::default(),
                        "/dev/stdin" => out.stdin.clone(),
                        _ => match sh.read_file(&target) {
                            Ok(b) => Stdin::from_bytes(b),
                            Err(_) if r.op == RedirOp::ReadWrite => {
                                sh.write_file(&target, Vec::new(), true).map_err(|_| {
                                    format!("cannot create {target}: Directory nonexistent")
                                })?;
                                Stdin::default()
                            }
                            Err(_) => return Err(format!("cannot open {target}: No such file")),
                        },
                    };
                }
                continue;
            }
            RedirOp::HereDoc { .. } | RedirOp::HereString => {
                let mut body = target.into_bytes();
                if r.op == RedirOp::HereString {
                    body.push(b'\n');
                }
                if r.fd == 0 {
                    out.stdin = Stdin::from_bytes(body);
                }
                continue;
            }
            RedirOp::Dup => match target.as_str() {
                "1" => out.out.clone(),
                "2" => out.err.clone(),
                "-" => Sink::Null,
                "0" => continue,
                _ => return Err(format!("{target}: Bad file descriptor")),
            },
            RedirOp::Write | RedirOp::Append | RedirOp::WriteBoth | RedirOp::AppendBoth => {
                let append = matches!(r.op, RedirOp::Append | RedirOp::AppendBoth);
                let sink = open_output(sh, &out, &target, append)?;
                if matches!(r.op, RedirOp::WriteBoth | RedirOp::AppendBoth) {
                    out.err = sink.clone();
                }
                sink
            }
        };
        match r.fd {
            1 => out.out = sink,
            2 => out.err = sink,
            _ => {}
        }
    }
    Ok(out)
}

fn open_output(sh: &mut Shell<'_>, fds: &Fds, target: &str, append: bool) -> Result<Sink, String> {
    match target {
        "/dev/null" => return Ok(Sink::Null),
        "/dev/stdout" => return Ok(fds.out.clone()),
        "/dev/stderr" => return Ok(fds.err.clone()),
        _ => {}
    }
    let path = sh.path(target);
    if sh.fs.is_dir(&path) {
        return Err(format!("cannot create {target}: Is a directory"));
    }
    if !sh.fs.is_dir(&path.parent()) {
        return Err(format!("cannot create {target}: Directory nonexistent"));
    }
    sh.write_file(path.as_str(), Vec::new(), append)
        .map_err(|e| {
            format!(
                "cannot create {target}: {}",
                e.rsplit(": ").next().unwrap_or("")
            )
        })?;
    Ok(Sink::File(path))
}

/// Runs a command by argv from inside a command (`xargs`, `env`, `find -exec`), its output
/// into `io`.
pub fn run_argv(
    sh: &mut Shell<'_>,
    argv: &[String],
    io: &mut Io,
    assigns: &[(String, String)],
) -> i32 {
    if argv.is_empty() {
        return 0;
    }
    let (fds, out, err) = buffered(io);
    let status = dispatch(sh, argv, &fds, assigns);
    io.stdout.extend(out.take());
    io.stderr.extend(err.take());
    status
}

/// Runs source text from inside a command, its output into `io`.
pub fn run_source(sh: &mut Shell<'_>, source: &str, io: &mut Io) -> i32 {
    let (fds, out, err) = buffered(io);
    let status = run_text(sh, source, &fds);
    io.stdout.extend(out.take());
    io.stderr.extend(err.take());
    status
}

type Buf = Rc<RefCell<Vec<u8>>>;

fn buffered(io: &Io) -> (Fds, Buf, Buf) {
    let out = Rc::new(RefCell::new(Vec::new()));
    let err = Rc::new(RefCell::new(Vec::new()));
    let fds = Fds {
        stdin: io.stdin.clone(),
        out: Sink::Buf(out.clone()),
        err: Sink::Buf(err.clone()),
    };
    (fds, out, err)
}
