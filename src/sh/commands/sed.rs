//! `sed`: GNU sed's stream editor for the scripts Dockerfiles use — `s///` (flags `g p N i
//! w`), `d p q Q = y a i c n N h H g G x l`, `{ }` blocks, addresses (`N`, `$`, `/re/`,
//! `\%re%`, ranges, `0,/re/`, `addr,+N`, `first~step`, `!`), `-n -e -f -E -r -i[SUFFIX] -s`.
//! Branches (`:label`, `b`, `t`, `T`) charge one step of the budget per jump, so a looping
//! script ends with the step budget. Errors use GNU's wording (`sed: -e expression
//! #1, char 5: unterminated `s' command`).

use super::CommandFn;
use crate::fs::{Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;
use regex_lite::Regex;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("sed", sed)];

#[derive(Debug, Clone)]
pub(super) enum Addr {
    Line(usize),
    Last,
    /// `None`: the last regex used.
    Re(Option<Regex>),
    Step(usize, usize),
    /// `+N` (second address only).
    Plus(usize),
}

#[derive(Debug, Clone)]
pub(super) enum Repl {
    Lit(String),
    Group(usize),
    Case(char),
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
    Block(usize),
    End,
    Subst {
        re: Option<Regex>,
        repl: Vec<Repl>,
        global: bool,
        nth: usize,
        print: usize,
        write: Option<String>,
    },
    Text(char, String),
    Quit(bool, i32),
    Trans(Vec<(char, char)>),
    Simple(char),
    Write(String),
    Read(String),
    /// `:label` (a no-op when reached).
    Label(String),
    /// `b`, `t`, `T` and the label (empty: the end of the script); the index is resolved
    /// after parsing.
    Branch(char, String, usize),
}

#[derive(Debug, Clone)]
pub(super) struct Cmd {
    pub(super) a1: Option<Addr>,
    pub(super) a2: Option<Addr>,
    pub(super) neg: bool,
    pub(super) kind: Kind,
}

#[path = "sed_parse.rs"]
mod parse;
#[path = "sed_run.rs"]
mod run;

use parse::parse;
use run::{execute, Input, Run};

/// busybox's wording for a script error (GNU's, without the position, otherwise).
fn busybox_message(gnu: &str) -> String {
    let msg = gnu.split_once(": ").map_or(gnu, |(_, m)| m);
    match msg {
        "unterminated `s' command" => "unmatched '/'".to_string(),
        "unknown option to `s'" => "bad option in substitution expression".to_string(),
        "unmatched `{'" => "unmatched '{'".to_string(),
        "unexpected `}'" => "unexpected '}'".to_string(),
        _ => match msg.strip_prefix("unknown command: `") {
            Some(c) => format!("unsupported command {}", c.trim_end_matches('\'')),
            None => msg.replace('`', "'"),
        },
    }
}

fn sed(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = super::version::answer(sh, argv, io) {
        return status;
    }
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let mut scripts: Vec<String> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let (mut quiet, mut ere, mut in_place, mut separate) = (false, false, None::<String>, false);
    let mut follow = false;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].clone();
        i += 1;
        if a == "--" {
            files.extend(argv[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long.split_once('=').map_or(long, |(n, _)| n) {
                "quiet" | "silent" => quiet = true,
                "regexp-extended" => ere = true,
                "separate" => separate = true,
                "in-place" => {
                    in_place = Some(long.split_once('=').map_or(String::new(), |(_, v)| v.to_string()))
                }
                "expression" | "file" => {
                    let v = match long.split_once('=') {
                        Some((_, v)) => v.to_string(),
                        None if i < argv.len() => {
                            i += 1;
                            argv[i - 1].clone()
                        }
                        None => return io.fail("sed", format!("option '--{long}' requires an argument"), 1),
                    };
                    if long.starts_with("file") {
                        match sh.read_file(&v) {
                            Ok(d) => scripts.push(String::from_utf8_lossy(&d).trim_end_matches('\n').to_string()),
                            Err(e) => return io.fail("sed", format!("couldn't open file {e}"), 1),
                        }
                    } else {
                        scripts.push(v);
                    }
                }
                "follow-symlinks" => follow = true,
                "posix" | "debug" | "sandbox" | "unbuffered" | "null-data" => {}
                _ => return io.fail("sed", format!("unrecognized option '{a}'\nUsage: sed [OPTION]... {{script-only-if-no-other-script}} [input-file]..."), 1),
            }
            continue;
        }
        if !a.starts_with('-') || a == "-" {
            files.push(a);
            continue;
        }
        let flags: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < flags.len() {
            let f = flags[k];
            k += 1;
            match f {
                'n' => quiet = true,
                'E' | 'r' => ere = true,
                's' => separate = true,
                'u' | 'z' => {}
                'i' => {
                    in_place = Some(flags[k..].iter().collect());
                    k = flags.len();
                }
                'e' | 'f' => {
                    let rest: String = flags[k..].iter().collect();
                    k = flags.len();
                    let v = if !rest.is_empty() {
                        rest
                    } else if i < argv.len() {
                        i += 1;
                        argv[i - 1].clone()
                    } else {
                        return io.fail("sed", format!("option requires an argument -- '{f}'\nUsage: sed [OPTION]... {{script-only-if-no-other-script}} [input-file]..."), 1);
                    };
                    if f == 'f' {
                        match sh.read_file(&v) {
                            Ok(d) => scripts.push(String::from_utf8_lossy(&d).trim_end_matches('\n').to_string()),
                            Err(e) => return io.fail("sed", format!("couldn't open file {e}"), 1),
                        }
                    } else {
                        scripts.push(v);
                    }
                }
                _ => return io.fail("sed", format!("invalid option -- '{f}'\nUsage: sed [OPTION]... {{script-only-if-no-other-script}} [input-file]..."), 1),
            }
        }
    }
    if scripts.is_empty() {
        if files.is_empty() {
            return io.fail(
                "sed",
                "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...",
                1,
            );
        }
        scripts.push(files.remove(0));
    }
    let mut starts = Vec::new();
    let mut joined = String::new();
    for s in &scripts {
        starts.push((joined.chars().count(), s.chars().count()));
        joined.push_str(s);
        joined.push('\n');
    }
    let cmds = match parse(&joined, &starts, ere) {
        Ok(c) => c,
        Err(e) if busybox => return io.fail("sed", busybox_message(&e), 1),
        Err(e) => return io.fail("sed", e, 1),
    };
    if in_place.is_some() && files.is_empty() {
        return io.fail("sed", "no input files", 1);
    }
    if files.is_empty() {
        files.push("-".into());
    }
    let mut status = 0;
    let mut input = Input { files: Vec::new() };
    for f in &files {
        let data = if f == "-" {
            Ok(io.read_stdin())
        } else {
            sh.read_file(f)
        };
        match data {
            Ok(d) => {
                let text = String::from_utf8_lossy(&d).into_owned();
                let nl = text.ends_with('\n');
                let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
                if nl || text.is_empty() {
                    lines.pop();
                }
                input.files.push((f.clone(), lines, nl));
            }
            Err(e) if busybox => {
                io.eprint(format!("sed: {e}\n"));
                status = 1;
            }
            Err(e) if e.ends_with("Is a directory") && in_place.is_some() => {
                // GNU sed panics (status 4) on a file it cannot edit in place.
                return io.fail("sed", format!("couldn't edit {f}: not a regular file"), 4);
            }
            Err(e) => {
                let e = if e.ends_with("Is a directory") {
                    format!("read error on {f}: Is a directory")
                } else {
                    format!("can't read {e}")
                };
                io.eprint(format!("sed: {e}\n"));
                status = 2;
            }
        }
    }
    let mut run = Run {
        cmds: &cmds,
        quiet,
        active: vec![None; cmds.len()],
        last_re: None,
        hold: String::new(),
        out: String::new(),
        writes: Vec::new(),
        wholes: Vec::new(),
    };
    let mut lineno = 0;
    let per_file = in_place.is_some() || separate;
    if per_file {
        for (name, lines, nl) in input.files.iter() {
            run.out.clear();
            run.active.iter_mut().for_each(|a| *a = None);
            // -s and -i: line numbers and `$` are per file.
            lineno = 0;
            let q = execute(&mut run, sh, lines, true, &mut lineno, io);
            if !*nl && run.out.ends_with('\n') && !lines.is_empty() {
                run.out.pop();
            }
            if let Some(suffix) = in_place.as_deref().filter(|_| name != "-") {
                if !suffix.is_empty() {
                    let backup = if suffix.contains('*') {
                        suffix.replace('*', name)
                    } else {
                        format!("{name}{suffix}")
                    };
                    let orig = sh.read_file(name).unwrap_or_default();
                    if let Err(e) = sh.write_file(&backup, orig, false) {
                        return io.fail("sed", format!("couldn't open file {e}"), 4);
                    }
                }
                let out = std::mem::take(&mut run.out).into_bytes();
                // sed -i writes a new file and renames it over the name: a symlink is
                // replaced by a regular file with the target's mode and owner.
                let path = sh.path(name);
                if !follow
                    && sh
                        .fs
                        .lstat(&path)
                        .is_ok_and(|n| matches!(n.kind, NodeKind::Symlink(_)))
                {
                    if let Ok(target) = sh.fs.stat(&path) {
                        let _ = sh.fs.remove(&path, false);
                        let node =
                            Node::file(Vec::new(), target.mode).owned(target.uid, target.gid);
                        let _ = sh.fs.place(&path, node);
                    }
                }
                if let Err(e) = sh.write_file(name, out, false) {
                    return io.fail("sed", format!("couldn't open file {e}"), 4);
                }
            } else {
                io.print(std::mem::take(&mut run.out));
            }
            if let Some(code) = q {
                status = code;
                break;
            }
        }
    } else {
        let all: Vec<String> = input
            .files
            .iter()
            .flat_map(|(_, l, _)| l.iter().cloned())
            .collect();
        let nl = input.files.last().is_none_or(|(_, _, nl)| *nl);
        if let Some(code) = execute(&mut run, sh, &all, true, &mut lineno, io) {
            status = code;
        }
        if !nl && run.out.ends_with('\n') {
            run.out.pop();
        }
        io.print(std::mem::take(&mut run.out));
    }
    for (name, text) in std::mem::take(&mut run.writes) {
        if name == "/dev/stdout" {
            io.print(text);
        } else if name == "/dev/stderr" {
            io.eprint(text);
        } else if let Err(e) = sh.write_file(&name, text.into_bytes(), false) {
            return io.fail("sed", format!("couldn't open file {e}"), 4);
        }
    }
    status
}
