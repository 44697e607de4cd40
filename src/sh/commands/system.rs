//! System information and small process utilities: `env`, `printenv`, `id`, `whoami`,
//! `hostname`, `uname`, `arch`, `nproc`, `getconf`, `which`, `sleep`, `mktemp`, `true`,
//! `false`. The machine is fixed — a 2-CPU x86_64 LinuxKit kernel, host `buildkitsandbox` —
//! and nothing reads a clock: `sleep` returns at once, `mktemp` names come from a counter.

use super::accounts::{groups, user_name, users};
use super::CommandFn;
use crate::fs::{Content, FsPath, NodeKind};
use crate::sh::io::Io;
use crate::sh::os::{Family, HOSTNAME};
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
    ("mktemp", mktemp),
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
                        &a[1..2]
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
        sh.run_argv(&argv[i..], io)
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
            io.println(HOSTNAME);
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
                return io.fail("uname", format!("invalid option -- '{f}'"), 1);
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
        ('n', HOSTNAME),
        ('r', KERNEL_RELEASE),
        ('v', KERNEL_VERSION),
        ('m', "x86_64"),
        ('p', if bb { "unknown" } else { "unknown" }),
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

/// Parses one `sleep` operand (`1`, `0.5`, `2m`, `1h`, `infinity`).
fn sleep_arg(a: &str, gnu: bool) -> bool {
    if gnu && (a == "inf" || a == "infinity") {
        return true;
    }
    let num = a.strip_suffix(['s', 'm', 'h', 'd']).unwrap_or(a);
    !num.is_empty()
        && num.chars().all(|c| c.is_ascii_digit() || c == '.')
        && num.chars().filter(|&c| c == '.').count() <= 1
        && num != "."
}

fn sleep(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let bb = busybox(sh);
    if argv.len() < 2 {
        return if bb {
            io.fail("sleep", "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: sleep [N]...", 1)
        } else {
            io.fail(
                "sleep",
                "missing operand\nTry 'sleep --help' for more information.",
                1,
            )
        };
    }
    for a in &argv[1..] {
        if !sleep_arg(a, !bb) {
            return if bb {
                io.fail("sleep", format!("invalid number '{a}'"), 1)
            } else {
                io.fail(
                    "sleep",
                    format!(
                        "invalid time interval '{a}'\nTry 'sleep --help' for more information."
                    ),
                    1,
                )
            };
        }
    }
    0
}

const TEMP_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The `n` characters replacing a template's `X`s for counter value `c` (a fixed mix of the
/// counter: different for each call, the same for every build).
fn temp_chars(c: u64, n: usize) -> String {
    let mut x = c.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut out = String::new();
    for _ in 0..n {
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 32;
        out.push(TEMP_CHARS[(x % TEMP_CHARS.len() as u64) as usize] as char);
    }
    out
}

fn mktemp(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let bb = busybox(sh);
    let (mut dir, mut quiet, mut dry, mut tmpdir_flag) = (false, false, false, false);
    let mut parent: Option<String> = None;
    let mut template: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        match a.as_str() {
            "-d" | "--directory" => dir = true,
            "-q" | "--quiet" => quiet = true,
            "-u" | "--dry-run" => dry = true,
            "-t" => tmpdir_flag = true,
            "-p" | "--tmpdir" => {
                parent = argv.get(i).cloned();
                i += 1;
            }
            _ if a.starts_with("--tmpdir=") => parent = Some(a["--tmpdir=".len()..].to_string()),
            _ if a.starts_with('-') && a.len() > 1 => {
                for f in a[1..].chars() {
                    match f {
                        'd' => dir = true,
                        'q' => quiet = true,
                        'u' => dry = true,
                        't' => tmpdir_flag = true,
                        _ => return io.fail("mktemp", format!("invalid option -- '{f}'"), 1),
                    }
                }
            }
            _ => template = Some(a.clone()),
        }
    }
    let default = if bb { "tmp.XXXXXX" } else { "tmp.XXXXXXXXXX" };
    let in_tmp = template.is_none() || tmpdir_flag || parent.is_some();
    let template = template.unwrap_or_else(|| default.to_string());
    let xs = template.len() - template.trim_end_matches('X').len();
    if xs < 3 {
        let msg = if bb {
            "Invalid argument".to_string()
        } else {
            format!("too few X's in template '{template}'")
        };
        return if quiet { 1 } else { io.fail("mktemp", msg, 1) };
    }
    let base_dir = parent
        .filter(|p| !p.is_empty())
        .or_else(|| sh.var("TMPDIR").filter(|t| !t.is_empty()).map(String::from))
        .unwrap_or_else(|| "/tmp".into());
    let stem = &template[..template.len() - xs];
    let mut name = String::new();
    for _ in 0..100 {
        let candidate = format!("{stem}{}", temp_chars(sh.next_temp, xs));
        sh.next_temp += 1;
        let full = if in_tmp && !template.starts_with('/') {
            format!("{}/{candidate}", base_dir.trim_end_matches('/'))
        } else {
            candidate
        };
        if !sh.fs.exists(&sh.path(&full)) {
            name = full;
            break;
        }
    }
    if !dry {
        let path = sh.path(&name);
        let result = if dir {
            sh.fs.mkdir(&path, 0o700).map_err(|e| e.kind.message())
        } else {
            sh.budget
                .charge_write(0)
                .map_err(|k| k.message())
                .and_then(|_| {
                    sh.fs
                        .write_file(&path, Content::Bytes(Vec::new().into()), 0o600)
                        .map_err(|e| e.kind.message())
                })
        };
        if let Err(e) = result {
            let what = if dir { "directory" } else { "file" };
            let shown = if in_tmp && !template.starts_with('/') {
                format!("{}/{template}", base_dir.trim_end_matches('/'))
            } else {
                template.clone()
            };
            let msg = if bb {
                format!("{name}: {e}")
            } else {
                format!("failed to create {what} via template '{shown}': {e}")
            };
            return if quiet { 1 } else { io.fail("mktemp", msg, 1) };
        }
    }
    io.println(name);
    0
}
