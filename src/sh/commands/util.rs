//! Helpers shared by the file and text utilities: which userland words the messages (GNU
//! coreutils on Debian/Ubuntu, busybox elsewhere), option parsing in either style (GNU
//! permutes operands and options, musl's getopt stops at the first operand), quoting of names
//! in messages, users and groups from the image's `/etc/passwd` and `/etc/group`, `ls`-style
//! dates and human-readable sizes.

use crate::fs::{FsErrorKind, FsPath};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// Whether the utilities are GNU coreutils (Debian, Ubuntu) rather than busybox.
pub fn gnu(sh: &Shell<'_>) -> bool {
    sh.os.is_debian_like()
}

/// A name as coreutils quotes it in messages (`'x'`; `"it's"` when it holds a quote).
pub fn q(name: &str) -> String {
    if name.contains('\'') {
        format!("\"{name}\"")
    } else {
        format!("'{name}'")
    }
}

/// A name as coreutils' `quotef` shows it: bare when it needs no quoting.
pub fn qf(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+,:@%^=".contains(&b));
    if plain {
        name.to_string()
    } else {
        q(name)
    }
}

/// Parsed command line: options in order (letter, value) and operands.
#[derive(Debug, Default)]
pub struct Args {
    /// Options as given, long options mapped to their letter.
    pub flags: Vec<(char, Option<String>)>,
    /// Operands.
    pub operands: Vec<String>,
}

impl Args {
    /// Whether option `c` was given.
    pub fn has(&self, c: char) -> bool {
        self.flags.iter().any(|(f, _)| *f == c)
    }

    /// The last value of option `c`.
    pub fn value(&self, c: char) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(f, _)| *f == c)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Parses `argv[1..]`: short options `letters` (clustered), of which those in `with_value`
/// take a value, long options by `longs` (`("recursive", 'R')`; a letter in `with_value` takes
/// `=value` or the next word). GNU style lets options follow operands; busybox on musl stops at the first
/// operand. On an unknown option, prints the utility's complaint and returns `Err(status)`.
pub fn parse(
    sh: &Shell<'_>,
    io: &mut Io,
    argv: &[String],
    letters: &str,
    with_value: &str,
    longs: &[(&str, char)],
    status: i32,
) -> Result<Args, i32> {
    let prog = argv.first().map_or("", |s| s.as_str());
    let gnu = gnu(sh);
    let mut out = Args::default();
    let mut i = 1;
    let mut only_operands = false;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if only_operands || a == "-" || !a.starts_with('-') {
            out.operands.push(a.clone());
            if !gnu {
                only_operands = true;
            }
            continue;
        }
        if a == "--" {
            only_operands = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, val) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let found: Vec<&(&str, char)> =
                longs.iter().filter(|(l, _)| l.starts_with(name)).collect();
            let exact = longs.iter().find(|(l, _)| *l == name);
            let Some((_, c)) = exact.or(if found.len() == 1 {
                found.first().copied()
            } else {
                None
            }) else {
                if gnu {
                    io.eprint(format!("{prog}: unrecognized option '{a}'\n"));
                    io.eprint(format!("Try '{prog} --help' for more information.\n"));
                } else {
                    io.eprint(format!("{prog}: unrecognized option: {name}\n"));
                }
                return Err(status);
            };
            let val = if with_value.contains(*c) && val.is_none() {
                let v = argv.get(i).cloned();
                i += 1;
                if v.is_none() {
                    io.eprint(format!("{prog}: option '--{name}' requires an argument\n"));
                    return Err(status);
                }
                v
            } else {
                val
            };
            out.flags.push((*c, val));
            continue;
        }
        let cluster: Vec<char> = a[1..].chars().collect();
        let mut j = 0;
        while j < cluster.len() {
            let c = cluster[j];
            j += 1;
            if with_value.contains(c) {
                let rest: String = cluster[j..].iter().collect();
                let v = if !rest.is_empty() {
                    Some(rest)
                } else {
                    let v = argv.get(i).cloned();
                    i += 1;
                    v
                };
                let Some(v) = v else {
                    if gnu {
                        io.eprint(format!("{prog}: option requires an argument -- '{c}'\n"));
                        io.eprint(format!("Try '{prog} --help' for more information.\n"));
                    } else {
                        io.eprint(format!("{prog}: option requires an argument: {c}\n"));
                    }
                    return Err(status);
                };
                out.flags.push((c, Some(v)));
                break;
            }
            if !letters.contains(c) {
                if gnu {
                    io.eprint(format!("{prog}: invalid option -- '{c}'\n"));
                    io.eprint(format!("Try '{prog} --help' for more information.\n"));
                } else {
                    io.eprint(format!("{prog}: unrecognized option: {c}\n"));
                }
                return Err(status);
            }
            out.flags.push((c, None));
        }
    }
    Ok(out)
}

/// Reads a colon-separated database (`/etc/passwd`, `/etc/group`) as rows.
fn db(sh: &Shell<'_>, path: &str) -> Vec<Vec<String>> {
    let text = sh
        .fs
        .read_file(&FsPath::new(path))
        .map(|c| String::from_utf8_lossy(&c.to_vec()).into_owned())
        .unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split(':').map(String::from).collect())
        .collect()
}

/// The user name of `uid`, if `/etc/passwd` has it.
pub fn user_name(sh: &Shell<'_>, uid: u32) -> Option<String> {
    db(sh, "/etc/passwd")
        .into_iter()
        .find(|r| r.get(2).and_then(|u| u.parse::<u32>().ok()) == Some(uid))
        .and_then(|r| r.into_iter().next())
}

/// The group name of `gid`, if `/etc/group` has it.
pub fn group_name(sh: &Shell<'_>, gid: u32) -> Option<String> {
    db(sh, "/etc/group")
        .into_iter()
        .find(|r| r.get(2).and_then(|u| u.parse::<u32>().ok()) == Some(gid))
        .and_then(|r| r.into_iter().next())
}

/// The uid and primary gid of user `name` (or of a numeric id).
pub fn user_id(sh: &Shell<'_>, name: &str) -> Option<(u32, Option<u32>)> {
    let row = db(sh, "/etc/passwd")
        .into_iter()
        .find(|r| r.first().map(|s| s.as_str()) == Some(name));
    match row {
        Some(r) => {
            let uid = r.get(2)?.parse().ok()?;
            Some((uid, r.get(3).and_then(|g| g.parse().ok())))
        }
        None => name.parse().ok().map(|u| (u, None)),
    }
}

/// The gid of group `name` (or a numeric id).
pub fn group_id(sh: &Shell<'_>, name: &str) -> Option<u32> {
    db(sh, "/etc/group")
        .into_iter()
        .find(|r| r.first().map(|s| s.as_str()) == Some(name))
        .and_then(|r| r.get(2)?.parse().ok())
        .or_else(|| name.parse().ok())
}

/// The `strerror` text of an error kind.
pub fn err(kind: FsErrorKind) -> &'static str {
    kind.message()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month 1-12, day, hour, minute, second) of an epoch time (UTC).
pub fn civil(t: i64) -> (i64, usize, i64, i64, i64, i64) {
    let c = crate::calendar::civil(t);
    (
        c.year,
        c.month as usize,
        i64::from(c.day),
        i64::from(c.hour),
        i64::from(c.minute),
        i64::from(c.second),
    )
}

/// `ls -l`'s date: `Jan  1 12:34` within six months before `now`, else `Jan  1  1970`.
pub fn ls_date(t: i64, now: i64) -> String {
    let (y, m, d, hh, mm, _) = civil(t);
    let mon = MONTHS.get(m.wrapping_sub(1)).copied().unwrap_or("Jan");
    let six_months = 31_556_952 / 2;
    if t > now - six_months && t <= now {
        format!("{mon} {d:>2} {hh:02}:{mm:02}")
    } else {
        format!("{mon} {d:>2}  {y}")
    }
}

/// `2024-01-02 03:04:05.000000000 +0000`, as `stat` prints times.
pub fn stat_date(t: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(t);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}.000000000 +0000")
}

/// Sizes as `ls -h` / `du -h` print them: `4.0K`, `12K`, `1.5M` (rounded up, like
/// coreutils).
pub fn human(bytes: u64) -> String {
    if bytes < 1024 {
        return bytes.to_string();
    }
    let units = ['K', 'M', 'G', 'T', 'P', 'E'];
    let mut value = bytes as f64;
    let mut unit = 0;
    value /= 1024.0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    let u = units[unit];
    if value < 10.0 {
        let tenths = (value * 10.0).ceil() / 10.0;
        if tenths >= 10.0 {
            return format!("10{u}");
        }
        format!("{tenths:.1}{u}")
    } else {
        format!("{}{u}", value.ceil() as u64)
    }
}

/// Disk usage of a file of `size` bytes in 1 KiB blocks (4 KiB filesystem blocks).
pub fn blocks_k(size: u64) -> u64 {
    size.div_ceil(4096) * 4
}

/// Reads an input operand (`-` is standard input). The error is the `strerror` text
/// (`No such file or directory`, `Is a directory`).
pub fn read_input(sh: &Shell<'_>, io: &mut Io, arg: &str) -> Result<Vec<u8>, &'static str> {
    if arg == "-" {
        return Ok(io.read_stdin());
    }
    let path = arg_path(sh, arg);
    // The device files every container has (the image's filesystem does not).
    match path.as_str() {
        "/dev/null" => return Ok(Vec::new()),
        "/dev/stdin" | "/proc/self/fd/0" => return Ok(io.read_stdin()),
        _ => {}
    }
    match sh.fs.stat(&path) {
        Ok(n) if n.is_dir() => Err(FsErrorKind::IsADirectory.message()),
        Ok(n) if !sh.charge_read(n.size()) => Err(crate::sh::budget::BudgetKind::Read.message()),
        Ok(_) => sh
            .fs
            .read_file(&path)
            .map(|c| c.to_vec())
            .map_err(|e| e.kind.message()),
        Err(e) => Err(e.kind.message()),
    }
}

/// Splits bytes into lines, each without its newline; a last line without a newline counts.
pub fn lines(data: &[u8]) -> Vec<&[u8]> {
    let mut out: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if data.is_empty() || data.ends_with(b"\n") {
        out.pop();
    }
    out
}

/// Every user (uid → name) and group (gid → name) of the image, for listings.
pub fn id_names(
    sh: &Shell<'_>,
) -> (
    std::collections::BTreeMap<u32, String>,
    std::collections::BTreeMap<u32, String>,
) {
    let table = |path: &str| {
        let mut m = std::collections::BTreeMap::new();
        for r in db(sh, path) {
            if let (Some(name), Some(id)) =
                (r.first(), r.get(2).and_then(|i| i.parse::<u32>().ok()))
            {
                m.entry(id).or_insert_with(|| name.clone());
            }
        }
        m
    };
    (table("/etc/passwd"), table("/etc/group"))
}

/// The path an operand names. An empty operand names nothing (as `open("")` fails with
/// ENOENT), not the working directory: it maps to a path under a directory that can never
/// exist, so reads say "No such file or directory" and creations fail the same way.
pub fn arg_path(sh: &Shell<'_>, arg: &str) -> FsPath {
    if arg.is_empty() {
        FsPath::new("/\0/\0")
    } else {
        sh.path(arg)
    }
}

/// What `find -exec` and `xargs` do before running a command: they exec it, so a name that
/// is no executable on `PATH` fails with the utility's own complaint (not the shell's).
/// Returns the status to give up with (127 missing, 126 not executable).
pub fn exec_check(sh: &Shell<'_>, io: &mut Io, prog: &str, name: &str) -> Option<i32> {
    let status = crate::sh::exec::find_program(sh, name).err()?;
    let why = if status == 126 {
        "Permission denied"
    } else {
        "No such file or directory"
    };
    match (gnu(sh), prog) {
        (true, "find") => io.eprint(format!("find: {}: {why}\n", q(name))),
        (true, _) => io.eprint(format!("{prog}: {name}: {why}\n")),
        (false, _) => io.eprint(format!("{prog}: can't execute '{name}': {why}\n")),
    }
    Some(status)
}

/// Sizes as busybox's `make_human_readable_str` prints them (`ls -h`, `du -h`): plain
/// below 1024, else one rounded tenth and a unit (`4.0K`, `13.6K`, `1.0M`).
pub fn human_bb(bytes: u64) -> String {
    if bytes < 1024 {
        return bytes.to_string();
    }
    let units = ['K', 'M', 'G', 'T', 'P', 'E'];
    let (mut val, mut frac, mut unit) = (bytes, 0u64, 0usize);
    while val >= 1024 && unit < units.len() {
        frac = ((val % 1024) * 10 + 512) / 1024;
        val /= 1024;
        unit += 1;
    }
    if frac >= 10 {
        val += 1;
        frac = 0;
    }
    let u = units.get(unit.wrapping_sub(1)).copied().unwrap_or('E');
    format!("{val}.{frac}{u}")
}

/// `to` relative to the directory `from` (`/usr/local/bin`, `/usr/bin/env` →
/// `../../bin/env`); `.` for the same path.
pub fn relative_path(from: &FsPath, to: &FsPath) -> String {
    let a: Vec<&str> = from.components().collect();
    let b: Vec<&str> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<&str> = vec![".."; a.len() - common];
    parts.extend(&b[common..]);
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}
