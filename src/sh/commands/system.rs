//! System information and small process utilities: `env`, `printenv`, `id`, `whoami`,
//! `hostname`, `uname`, `arch`, `nproc`, `getconf`, `which`, `sleep`, `true`,
//! `false`. The machine is fixed — a 2-CPU x86_64 LinuxKit kernel, host `buildkitsandbox` —
//! and nothing reads a clock: `sleep` returns at once.

use super::accounts::{groups, user_name, users};
use super::CommandFn;
use crate::fs::{FsPath, NodeKind};
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::{Shell, Var};

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("env", env),
    ("printenv", printenv),
    ("id", id),
    ("whoami", whoami),
    ("hostname", hostname),
    ("uname", uname),
    ("arch", arch),
    ("nproc", nproc),
    ("getconf", getconf),
    ("which", which),
    ("sleep", sleep),
    ("true", true_),
    ("false", false_),
];

/// The kernel release `uname -r` prints (Docker Desktop's LinuxKit).
pub const KERNEL_RELEASE: &str = "6.10.14-linuxkit";
/// The kernel version `uname -v` prints.
pub const KERNEL_VERSION: &str = "#1 SMP PREEMPT_DYNAMIC Fri Nov 29 17:24:06 UTC 2024";
/// CPUs online.
pub const NPROC: u32 = 2;

fn busybox(sh: &Shell<'_>) -> bool {
    matches!(sh.os.family, Family::Alpine | Family::Busybox)
}

fn true_(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 {
    0
}

fn false_(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 {
    1
}

fn env(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut i = 1;
    let mut clear = false;
    let mut unset: Vec<String> = Vec::new();
    let mut sets: Vec<(String, String)> = Vec::new();
    while i < argv.len() {
        let a = &argv[i];
        match a.as_str() {
            "-i" | "-" | "--ignore-environment" => clear = true,
            "-u" | "--unset" => {
                i += 1;
                match argv.get(i) {
                    Some(n) => unset.push(n.clone()),
                    None => {
                        return io.fail("env", "option requires an argument -- 'u'\nTry 'env --help' for more information.", 125)
                    }
                }
            }
            "--" => {
                i += 1;
                break;
            }
            _ if a.starts_with("-u") && a.len() > 2 => unset.push(a[2..].to_string()),
            _ if a.starts_with('-') && a.len() > 1 && sets.is_empty() => {
                return io.fail(
                    "env",
                    format!(
                        "invalid option -- '{}'\nTry 'env --help' for more information.",
                        a.chars().nth(1).unwrap_or('-')
                    ),
                    125,
                );
            }
            _ => break,
        }
        i += 1;
    }
    while let Some((k, v)) = argv.get(i).and_then(|a| a.split_once('=')) {
        sets.push((k.to_string(), v.to_string()));
        i += 1;
    }
    // Apply the changes, remembering what to restore.
    let saved = sh.vars.clone();
    if clear {
        for v in sh.vars.values_mut() {
            v.exported = false;
        }
    }
    for n in &unset {
        if let Some(v) = sh.vars.get_mut(n) {
            v.exported = false;
        }
    }
    for (k, v) in &sets {
        sh.vars.insert(
            k.clone(),
            Var {
                value: v.clone(),
                exported: true,
            },
        );
    }
    let status = if i >= argv.len() {
        let mut out = String::new();
        for (k, v) in sh.environment() {
            out.push_str(&format!("{k}={v}\n"));
        }
        io.print(out);
        0
    } else {
        // env execs the program itself: a missing one is env's own complaint.
        match crate::sh::exec::find_program(sh, &argv[i]) {
            Err(code) => {
                let why = if code == 126 {
                    "Permission denied"
                } else {
                    "No such file or directory"
                };
                if busybox(sh) {
                    io.eprint(format!("env: can't execute '{}': {why}\n", argv[i]));
                } else {
                    io.eprint(format!("env: '{}': {why}\n", argv[i]));
                }
                code
            }
            Ok(_) => sh.run_argv(&argv[i..], io),
        }
    };
    // Variables the command itself set stay only if env did not touch them.
    let mut vars = saved;
    for (k, v) in std::mem::take(&mut sh.vars) {
        let touched = clear || unset.contains(&k) || sets.iter().any(|(n, _)| *n == k);
        if !touched {
            vars.insert(k, v);
        }
    }
    sh.vars = vars;
    status
}

fn printenv(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let env = sh.environment();
    if argv.len() < 2 {
        for (k, v) in env {
            io.println(format!("{k}={v}"));
        }
        return 0;
    }
    let mut status = 0;
    for name in &argv[1..] {
        match env.iter().find(|(k, _)| k == name) {
            Some((_, v)) => io.println(v),
            None => status = 1,
        }
    }
    status
}

fn id(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let (mut u, mut g, mut all, mut names) = (false, false, false, false);
    let mut who: Option<String> = None;
    for a in &argv[1..] {
        if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            for f in flags.chars() {
                match f {
                    'u' => u = true,
                    'g' => g = true,
                    'G' => all = true,
                    'n' => names = true,
                    'r' => {}
                    _ => {
                        let msg = if busybox(sh) {
                            format!("invalid option -- '{f}'")
                        } else {
                            format!(
                                "invalid option -- '{f}'\nTry 'id --help' for more information."
                            )
                        };
                        return io.fail("id", msg, 1);
                    }
                }
            }
        } else {
            who = Some(a.clone());
        }
    }
    let all_users = users(sh);
    let (uid, gid, uname) = match &who {
        None => (sh.uid, sh.gid, user_name(sh, sh.uid)),
        Some(w) => {
            let found = all_users.iter().find(|x| x.name == *w).or_else(|| {
                w.parse::<u32>()
                    .ok()
                    .and_then(|n| all_users.iter().find(|x| x.uid == n))
            });
            match found {
                Some(x) => (x.uid, x.gid, Some(x.name.clone())),
                None => {
                    let msg = if busybox(sh) {
                        format!("unknown user {w}")
                    } else {
                        format!("'{w}': no such user")
                    };
                    return io.fail("id", msg, 1);
                }
            }
        }
    };
    let groups = groups(sh);
    let gname = |gid: u32| groups.iter().find(|x| x.gid == gid).map(|x| x.name.clone());
    let mut gids = vec![gid];
    if let Some(name) = &uname {
        for x in &groups {
            if x.members.contains(name) && !gids.contains(&x.gid) {
                gids.push(x.gid);
            }
        }
    }
    let show = |id: u32, name: Option<String>| -> String {
        if names {
            name.unwrap_or_else(|| id.to_string())
        } else {
            id.to_string()
        }
    };
    if u {
        io.println(show(uid, uname));
        return 0;
    }
    if g {
        io.println(show(gid, gname(gid)));
        return 0;
    }
    if all {
        let list: Vec<String> = gids.iter().map(|&x| show(x, gname(x))).collect();
        io.println(list.join(" "));
        return 0;
    }
    let fmt = |id: u32, name: Option<String>| match name {
        Some(n) => format!("{id}({n})"),
        None => id.to_string(),
    };
    let list: Vec<String> = gids.iter().map(|&x| fmt(x, gname(x))).collect();
    io.println(format!(
        "uid={} gid={} groups={}",
        fmt(uid, uname),
        fmt(gid, gname(gid)),
        list.join(",")
    ));
    0
}

fn whoami(sh: &mut Shell<'_>, _: &[String], io: &mut Io) -> i32 {
    match user_name(sh, sh.uid) {
        Some(n) => {
            io.println(n);
            0
        }
        None if busybox(sh) => io.fail("whoami", format!("unknown uid {}", sh.uid), 1),
        None => io.fail(
            "whoami",
            format!("cannot find name for user ID {}", sh.uid),
            1,
        ),
    }
}

fn hostname(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    match argv.get(1).map(String::as_str) {
        None | Some("-s" | "-f" | "--short" | "--fqdn" | "--long") => {
            io.println(&sh.hostname);
            0
        }
        Some("-I" | "--all-ip-addresses") => {
            io.println("172.17.0.2 ");
            0
        }
        Some("-i" | "--ip-address") => {
            io.println("172.17.0.2");
            0
        }
        Some(_) if busybox(sh) => io.fail("hostname", "sethostname: Operation not permitted", 1),
        Some(_) => io.fail("hostname", "you must be root to change the host name", 1),
    }
}

fn uname(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let bb = busybox(sh);
    let mut want: Vec<char> = Vec::new();
    for a in &argv[1..] {
        let flags: Vec<char> = match a.as_str() {
            "--all" => vec!['a'],
            "--kernel-name" => vec!['s'],
            "--nodename" => vec!['n'],
            "--kernel-release" => vec!['r'],
            "--kernel-version" => vec!['v'],
            "--machine" => vec!['m'],
            "--operating-system" => vec!['o'],
            _ if a.starts_with('-') && a.len() > 1 => a[1..].chars().collect(),
            _ => {
                return io.fail(
                    "uname",
                    format!("extra operand '{a}'\nTry 'uname --help' for more information."),
                    1,
                )
            }
        };
        for f in flags {
            if !"asnrvmpio".contains(f) {
                let msg = if bb {
                    format!("invalid option -- '{f}'")
                } else {
                    format!("invalid option -- '{f}'\nTry 'uname --help' for more information.")
                };
                return io.fail("uname", msg, 1);
            }
            want.push(f);
        }
    }
    if want.is_empty() {
        want.push('s');
    }
    let os = if bb { "Linux" } else { "GNU/Linux" };
    let all = want.contains(&'a');
    let mut parts = Vec::new();
    for (f, v) in [
        ('s', "Linux"),
        ('n', sh.hostname.as_str()),
        ('r', KERNEL_RELEASE),
        ('v', KERNEL_VERSION),
        ('m', "x86_64"),
        ('p', "unknown"),
        ('i', "unknown"),
        ('o', os),
    ] {
        let asked = want.contains(&f);
        let in_all = all && !(matches!(f, 'p' | 'i'));
        if asked || in_all {
            parts.push(v);
        }
    }
    io.println(parts.join(" "));
    0
}

fn arch(_: &mut Shell<'_>, _: &[String], io: &mut Io) -> i32 {
    io.println("x86_64");
    0
}

fn nproc(_: &mut Shell<'_>, _: &[String], io: &mut Io) -> i32 {
    io.println(NPROC.to_string());
    0
}

fn getconf(_: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let Some(name) = argv.get(1) else {
        return io.fail(
            "getconf",
            "Usage: getconf [-v specification] variable_name [pathname]",
            1,
        );
    };
    let value = match name.as_str() {
        "_NPROCESSORS_ONLN" | "_NPROCESSORS_CONF" => "2",
        "LONG_BIT" => "64",
        "PAGESIZE" | "PAGE_SIZE" => "4096",
        "ARG_MAX" => "2097152",
        "CLK_TCK" => "100",
        "OPEN_MAX" => "1048576",
        "PATH" => "/bin:/usr/bin",
        "GNU_LIBC_VERSION" => "glibc 2.36",
        _ => return io.fail("getconf", format!("Unrecognized variable '{name}'"), 1),
    };
    io.println(value);
    0
}

/// Whether `path` is an executable regular file (following symlinks).
pub fn is_executable(sh: &Shell<'_>, path: &FsPath) -> bool {
    sh.fs
        .stat(path)
        .is_ok_and(|n| matches!(n.kind, NodeKind::File(_)) && n.mode & 0o111 != 0)
}

fn which(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut all = false;
    let mut status = 0;
    let mut names = Vec::new();
    for a in &argv[1..] {
        match a.as_str() {
            "-a" => all = true,
            "-s" => {}
            _ => names.push(a.clone()),
        }
    }
    if names.is_empty() {
        return 1;
    }
    let path = sh.var("PATH").unwrap_or("").to_string();
    for name in names {
        let mut found = false;
        if name.contains('/') {
            if is_executable(sh, &sh.path(&name)) {
                io.println(&name);
                found = true;
            }
        } else {
            for dir in path.split(':') {
                let dir = if dir.is_empty() { "." } else { dir };
                let p = sh.path(&format!("{dir}/{name}"));
                if is_executable(sh, &p) {
                    io.println(format!("{dir}/{name}"));
                    found = true;
                    if !all {
                        break;
                    }
                }
            }
        }
        if !found {
            status = 1;
        }
    }
    status
}

#[path = "system_temp.rs"]
mod temp;
use temp::sleep;
