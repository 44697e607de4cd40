//! Shell builtins: the commands that change the shell itself (`cd`, `export`, `set`, `read`,
//! `exit` …) and the ones dash and ash build in. `eval`, `.` and `exec` run shell text or
//! commands and live in `exec.rs`.

use super::CommandFn;
use crate::sh::exec::{set_long_option, set_option, Control};
use crate::sh::io::Io;
use crate::sh::shell::{Abort, Shell, Var};

/// The builtins, by name.
pub const BUILTINS: &[(&str, CommandFn)] = &[
    (":", colon),
    ("true", colon),
    ("false", false_),
    ("cd", cd),
    ("pwd", pwd),
    ("export", export),
    ("readonly", export),
    ("unset", unset),
    ("set", set),
    ("shift", shift),
    ("exit", exit),
    ("return", return_),
    ("break", break_),
    ("continue", continue_),
    ("local", local),
    ("read", read),
    ("type", type_),
    ("command", command),
    ("hash", colon),
    ("trap", colon),
    ("wait", colon),
    ("alias", colon),
    ("unalias", colon),
    ("kill", colon),
    ("umask", umask),
    ("ulimit", ulimit),
];

/// Commands dash and busybox ash build in, though they are programs too: the shell uses
/// the program's implementation whether or not the image has the file.
pub const BUILTIN_PROGRAMS: &[&str] = &["echo", "printf", "test", "["];

fn err(sh: &Shell<'_>, io: &mut Io, text: &str, status: i32) -> i32 {
    io.eprint(format!("{}{text}\n", sh.sh_prefix()));
    status
}

fn colon(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 {
    0
}

fn false_(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 {
    1
}

fn cd(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args: Vec<&String> = argv[1..]
        .iter()
        .filter(|a| !matches!(a.as_str(), "-L" | "-P"))
        .collect();
    let (target, print) = match args.first().map(|s| s.as_str()) {
        None => (sh.var("HOME").unwrap_or("/").to_string(), false),
        Some("-") => (sh.var("OLDPWD").unwrap_or("/").to_string(), true),
        Some(d) => (d.to_string(), false),
    };
    let path = sh.path(&target);
    let ok = sh.fs.stat(&path).map(|n| n.is_dir()).unwrap_or(false);
    if !ok {
        return if sh.os.dash {
            err(sh, io, &format!("cd: can't cd to {target}"), 2)
        } else {
            let why = if sh.fs.exists(&path) {
                "Not a directory"
            } else {
                "No such file or directory"
            };
            err(sh, io, &format!("cd: can't cd to {target}: {why}"), 1)
        };
    }
    let old = sh.cwd.as_str().to_string();
    sh.cwd = path;
    sh.set_var("OLDPWD", old);
    let pwd = sh.cwd.as_str().to_string();
    sh.set_var("PWD", pwd.clone());
    if print {
        io.println(pwd);
    }
    0
}

fn pwd(sh: &mut Shell<'_>, _: &[String], io: &mut Io) -> i32 {
    io.println(sh.cwd.as_str());
    0
}

/// Shell quoting as `export -p` and `set` print it: `'it'\''s'`.
pub fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'\\''"))
}

fn export(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let names: Vec<&String> = argv[1..].iter().filter(|a| a.as_str() != "-p").collect();
    if names.is_empty() {
        let word = &argv[0];
        for (k, v) in sh
            .vars
            .iter()
            .filter(|(_, v)| v.exported || word == "readonly")
        {
            io.println(format!("{word} {k}={}", quote(&v.value)));
        }
        return 0;
    }
    for a in names {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (a.as_str(), None),
        };
        if !crate::sh::lex::is_name(name) {
            return err(sh, io, &format!("{}: bad variable name", argv[0]), 2);
        }
        let entry = sh.vars.entry(name.to_string()).or_insert(Var {
            value: String::new(),
            exported: false,
        });
        if let Some(v) = value {
            entry.value = v;
        }
        if argv[0] == "export" {
            entry.exported = true;
        }
    }
    0
}

fn unset(sh: &mut Shell<'_>, argv: &[String], _: &mut Io) -> i32 {
    let functions = argv.get(1).is_some_and(|a| a == "-f");
    for name in argv[1..].iter().filter(|a| !a.starts_with('-')) {
        if functions {
            sh.functions.remove(name);
        } else {
            sh.vars.remove(name);
        }
    }
    0
}

fn set(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if argv.len() == 1 {
        for (k, v) in &sh.vars {
            io.println(format!("{k}={}", quote(&v.value)));
        }
        return 0;
    }
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        if a == "--" {
            sh.positional = argv[i + 1..].to_vec();
            return 0;
        }
        let on = a.starts_with('-');
        if !(on || a.starts_with('+')) || a.len() < 2 {
            sh.positional = argv[i..].to_vec();
            return 0;
        }
        if &a[1..] == "o" {
            let Some(name) = argv.get(i + 1) else {
                return 0;
            };
            if !set_long_option(sh, name, on) {
                return err(sh, io, &format!("set: Illegal option -o {name}"), 2);
            }
            i += 2;
            continue;
        }
        for c in a[1..].chars() {
            if !set_option(sh, c, on) {
                return err(sh, io, &format!("set: Illegal option {}{c}", &a[..1]), 2);
            }
        }
        i += 1;
    }
    0
}

fn number_arg(sh: &Shell<'_>, io: &mut Io, argv: &[String], default: i64) -> Result<i64, i32> {
    match argv.get(1) {
        None => Ok(default),
        Some(a) => a
            .parse::<i64>()
            .map_err(|_| err(sh, io, &format!("{}: Illegal number: {a}", argv[0]), 2)),
    }
}

fn shift(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let n = match number_arg(sh, io, argv, 1) {
        Ok(n) => n.max(0) as usize,
        Err(s) => return s,
    };
    if n > sh.positional.len() {
        return err(sh, io, "shift: can't shift that many", 2);
    }
    sh.positional.drain(..n);
    0
}

fn exit(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let code = match number_arg(sh, io, argv, sh.last_status as i64) {
        Ok(n) => (n & 0xff) as i32,
        Err(s) => s,
    };
    sh.abort = Some(Abort::Exit(code));
    code
}

fn return_(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let code = match number_arg(sh, io, argv, sh.last_status as i64) {
        Ok(n) => (n & 0xff) as i32,
        Err(s) => return s,
    };
    sh.control = Some(Control::Return);
    sh.last_status = code;
    code
}

fn break_(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    match number_arg(sh, io, argv, 1) {
        Ok(n) if n >= 1 => {
            sh.control = Some(if argv[0] == "break" {
                Control::Break(n as usize)
            } else {
                Control::Continue(n as usize)
            });
            0
        }
        Ok(n) => err(sh, io, &format!("{}: Illegal number: {n}", argv[0]), 2),
        Err(s) => s,
    }
}

fn continue_(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    break_(sh, argv, io)
}

fn local(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if sh.locals.is_empty() {
        return err(sh, io, "local: not in a function", 2);
    }
    for a in &argv[1..] {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        let old = sh.vars.get(&name).cloned();
        if let Some(scope) = sh.locals.last_mut() {
            scope.push((name.clone(), old.clone()));
        }
        let value = value.or_else(|| old.map(|v| v.value)).unwrap_or_default();
        sh.set_var(&name, value);
    }
    0
}

fn read(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut raw = false;
    let mut names = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        match argv[i].as_str() {
            "-r" => raw = true,
            "-p" | "-t" | "-n" | "-u" | "-d" => i += 1,
            "-s" => {}
            a => names.push(a.to_string()),
        }
        i += 1;
    }
    if names.is_empty() {
        names.push("REPLY".into());
    }
    let mut line = String::new();
    let mut status = 0;
    loop {
        match io.stdin.read_line() {
            None => {
                status = 1;
                break;
            }
            Some((bytes, had_newline)) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                if !raw && text.ends_with('\\') && had_newline {
                    line.push_str(&text[..text.len() - 1]);
                    continue;
                }
                line.push_str(&text);
                if !had_newline {
                    status = 1;
                }
                break;
            }
        }
    }
    if !raw {
        let mut out = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else {
                out.push(c);
            }
        }
        line = out;
    }
    let ifs = sh.var("IFS").unwrap_or(" \t\n").to_string();
    let mut rest = line.trim_start_matches(|c: char| ifs.contains(c) && c.is_whitespace());
    for (i, name) in names.iter().enumerate() {
        if i + 1 == names.len() {
            let v = rest.trim_end_matches(|c: char| ifs.contains(c) && c.is_whitespace());
            sh.set_var(name, v.to_string());
            break;
        }
        let end = rest.find(|c: char| ifs.contains(c)).unwrap_or(rest.len());
        sh.set_var(name, rest[..end].to_string());
        rest = rest[end..].trim_start_matches(|c: char| ifs.contains(c));
    }
    status
}

/// How `command -v` / `type` describe `name`: (kind, path).
fn describe(sh: &Shell<'_>, name: &str) -> Option<(&'static str, String)> {
    if crate::sh::lex::is_keyword(name) {
        return Some(("keyword", name.to_string()));
    }
    if sh.functions.contains_key(name) {
        return Some(("function", name.to_string()));
    }
    if super::builtin(name).is_some() {
        return Some(("builtin", name.to_string()));
    }
    crate::sh::exec::find_program(sh, name)
        .ok()
        .map(|p| ("file", p.as_str().to_string()))
}

fn type_(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut status = 0;
    for name in &argv[1..] {
        match describe(sh, name) {
            Some(("keyword", _)) => io.println(format!("{name} is a shell keyword")),
            Some(("function", _)) => io.println(format!("{name} is a shell function")),
            Some(("builtin", _)) => {
                let special =
                    if [":", "export", "set", "exit", "unset", "shift"].contains(&name.as_str()) {
                        "special "
                    } else {
                        ""
                    };
                io.println(format!("{name} is a {special}shell builtin"))
            }
            Some((_, path)) => io.println(format!("{name} is {path}")),
            None => {
                io.println(format!("{name}: not found"));
                status = 127;
            }
        }
    }
    status
}

fn command(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let verbose = match argv.get(1).map(String::as_str) {
        Some("-v") => false,
        Some("-V") => true,
        _ => return 0,
    };
    if verbose {
        let mut args = vec!["type".to_string()];
        args.extend(argv[2..].iter().cloned());
        return type_(sh, &args, io);
    }
    let mut status = 0;
    for name in &argv[2..] {
        match describe(sh, name) {
            Some((_, p)) => io.println(p),
            None => status = 127,
        }
    }
    status
}

fn umask(_: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if argv.len() == 1 {
        io.println("0022");
    }
    0
}

fn ulimit(_: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if argv.len() <= 2 {
        io.println("unlimited");
    }
    0
}
