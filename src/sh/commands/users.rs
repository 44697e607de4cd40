//! User and group management, editing the image's `/etc/passwd`, `/etc/group`,
//! `/etc/shadow` and `/etc/gshadow` (the last two only when present) the way the real tools
//! do: busybox `addgroup`/`adduser`/`delgroup`/`deluser` (Alpine) and shadow-utils
//! `groupadd`/`useradd`/`usermod`/`userdel`/`groupdel` (Debian, Ubuntu), with their id
//! allocation, messages and exit statuses. Shadow-utils leaves `/etc/passwd-`-style backups.
//! A base image's `/etc/shadow` is synthetic (no readable lines): it is rebuilt from
//! `/etc/passwd` with locked entries before the first edit.

use super::accounts::{Group, User};
use super::CommandFn;
use crate::fs::{FsPath, NodeKind};
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("addgroup", busybox::addgroup),
    ("adduser", busybox::adduser),
    ("delgroup", busybox::delgroup),
    ("deluser", busybox::deluser),
    ("groupadd", shadow::groupadd),
    ("useradd", shadow::useradd),
    ("usermod", shadow::usermod),
    ("userdel", shadow::userdel),
    ("groupdel", shadow::groupdel),
    ("groupmod", shadow::groupmod),
];

const FILES: [&str; 4] = ["/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow"];

/// The four files, as lines (`None`: the file is absent).
pub(crate) struct Db {
    files: [Option<Vec<String>>; 4],
    orig: [Option<Vec<u8>>; 4],
    changed: [bool; 4],
}

impl Db {
    pub(crate) fn load(sh: &Shell<'_>) -> Db {
        let mut files: [Option<Vec<String>>; 4] = Default::default();
        let mut orig: [Option<Vec<u8>>; 4] = Default::default();
        for (i, f) in FILES.iter().enumerate() {
            if let Ok(c) = sh.fs.read_file(&FsPath::new(f)) {
                orig[i] = Some(c.to_vec());
                files[i] = Some(match c.bytes() {
                    Some(b) => String::from_utf8_lossy(b)
                        .lines()
                        .map(String::from)
                        .collect(),
                    None => Vec::new(),
                });
                if c.bytes().is_none() {
                    files[i] = Some(Db::rebuilt(sh, i, &files));
                }
            }
        }
        Db {
            files,
            orig,
            changed: [false; 4],
        }
    }

    /// Shadow lines for a synthetic `/etc/shadow` or `/etc/gshadow`.
    fn rebuilt(sh: &Shell<'_>, i: usize, files: &[Option<Vec<String>>; 4]) -> Vec<String> {
        let alpine = matches!(sh.os.family, Family::Alpine | Family::Busybox);
        let days = sh.now.div_euclid(86_400);
        let names: Vec<String> = files[if i == 2 { 0 } else { 1 }]
            .iter()
            .flatten()
            .filter_map(|l| l.split(':').next().map(String::from))
            .collect();
        names
            .into_iter()
            .map(|n| match (i, alpine) {
                (2, true) if n == "root" => format!("{n}:*::0:::::"),
                (2, true) => format!("{n}:!::0:::::"),
                (2, false) => format!("{n}:*:{days}:0:99999:7:::"),
                _ => format!("{n}:*::"),
            })
            .collect()
    }

    pub(crate) fn users(&self) -> Vec<User> {
        self.files[0]
            .iter()
            .flatten()
            .filter_map(|l| User::parse(l))
            .collect()
    }

    pub(crate) fn groups(&self) -> Vec<Group> {
        self.files[1]
            .iter()
            .flatten()
            .filter_map(|l| Group::parse(l))
            .collect()
    }

    pub(crate) fn user(&self, name: &str) -> Option<User> {
        self.users().into_iter().find(|u| u.name == name)
    }

    pub(crate) fn group(&self, name: &str) -> Option<Group> {
        self.groups().into_iter().find(|g| g.name == name)
    }

    /// A group by name, or by number.
    pub(crate) fn group_ref(&self, r: &str) -> Option<Group> {
        self.group(r).or_else(|| {
            let n: u32 = r.parse().ok()?;
            self.groups().into_iter().find(|g| g.gid == n)
        })
    }

    /// Whether file `i` (0 passwd, 1 group, 2 shadow, 3 gshadow) exists.
    pub(crate) fn has(&self, i: usize) -> bool {
        self.files[i].is_some()
    }

    /// The line of file `i` whose first field is `name`.
    pub(crate) fn line(&self, i: usize, name: &str) -> Option<String> {
        self.files[i]
            .iter()
            .flatten()
            .find(|l| l.split(':').next() == Some(name))
            .cloned()
    }

    /// Sets (or, with `None`, removes) the line for `name` in file `i`, when that file exists.
    pub(crate) fn set(&mut self, i: usize, name: &str, line: Option<String>) {
        if let Some(lines) = self.files[i].as_mut() {
            let pos = lines.iter().position(|l| l.split(':').next() == Some(name));
            match (pos, line) {
                (Some(p), Some(l)) => lines[p] = l,
                (Some(p), None) => {
                    lines.remove(p);
                }
                (None, Some(l)) => lines.push(l),
                (None, None) => return,
            }
            self.changed[i] = true;
        }
    }

    /// Edits the member list (field 4 of `/etc/group`, field 4 of `/etc/gshadow`).
    pub(crate) fn members(&mut self, group: &str, f: &dyn Fn(&mut Vec<String>)) {
        for i in [1, 3] {
            let Some(lines) = self.files[i].as_mut() else {
                continue;
            };
            for l in lines.iter_mut() {
                let mut fields: Vec<String> = l.split(':').map(String::from).collect();
                if fields.first().map(String::as_str) != Some(group) || fields.len() < 4 {
                    continue;
                }
                let last = fields.len() - 1;
                let mut m: Vec<String> = fields[last]
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                let before = m.clone();
                f(&mut m);
                if m != before {
                    fields[last] = m.join(",");
                    *l = fields.join(":");
                    self.changed[i] = true;
                }
            }
        }
    }

    /// Writes the changed files back; with `backups`, the old content goes to `file-`.
    pub(crate) fn save(&mut self, sh: &mut Shell<'_>, backups: bool) -> Result<(), String> {
        for (i, file) in FILES.iter().enumerate() {
            if !self.changed[i] {
                continue;
            }
            let Some(lines) = &self.files[i] else {
                continue;
            };
            if backups {
                if let Some(old) = self.orig[i].clone() {
                    let backup = format!("{file}-");
                    sh.write_file(&backup, old, false)?;
                    let mode = sh
                        .fs
                        .stat(&FsPath::new(file))
                        .map(|n| (n.mode, n.uid, n.gid));
                    if let Ok((mode, uid, gid)) = mode {
                        let p = FsPath::new(&backup);
                        let _ = sh.fs.chmod(&p, mode);
                        let _ = sh.fs.chown(&p, uid, gid);
                    }
                }
            }
            let mut text = lines.join("\n");
            text.push('\n');
            sh.write_file(file, text.into_bytes(), false)?;
        }
        Ok(())
    }
}

/// Creates a home directory owned by the user, copying `skel` into it when it exists.
pub(crate) fn make_home(
    sh: &mut Shell<'_>,
    home: &str,
    skel: &str,
    uid: u32,
    gid: u32,
    mode: u32,
) -> Result<(), String> {
    let path = FsPath::new(home);
    let existed = sh.fs.exists(&path);
    if !existed {
        sh.fs
            .mkdir_all(&path, 0o755)
            .map_err(|e| format!("{home}: {}", e.kind.message()))?;
        let skel = FsPath::new(skel);
        if sh.fs.is_dir(&skel) {
            for (p, node, _) in sh.fs.walk(&skel) {
                let rel = &p.as_str()[skel.as_str().len()..];
                let dest = FsPath::new(&format!("{}{rel}", path.as_str()));
                let node = match node.kind {
                    NodeKind::Hardlink(_) => match sh.fs.stat(&p) {
                        Ok(n) => n,
                        Err(_) => continue,
                    },
                    _ => node,
                };
                if let Err(k) = sh.budget.charge_write(node.size()) {
                    return Err(k.message().to_string());
                }
                let node = node.owned(uid, gid);
                sh.fs
                    .place(&dest, node)
                    .map_err(|e| format!("{dest}: {}", e.kind.message()))?;
            }
        }
    }
    let _ = sh.fs.chown(&path, uid, gid);
    let _ = sh.fs.chmod(&path, mode);
    Ok(())
}

/// A non-root caller cannot lock the account files: the tool's own refusal and status.
pub(crate) fn need_root(sh: &Shell<'_>, io: &mut Io, prog: &str) -> Option<i32> {
    if sh.uid == 0 {
        return None;
    }
    Some(match prog {
        "addgroup" | "adduser" | "delgroup" | "deluser" | "chpasswd" => {
            io.fail(prog, "permission denied (are you root?)", 1)
        }
        "groupadd" | "groupdel" => {
            io.eprint(format!("{prog}: Permission denied.\n"));
            io.fail(prog, "cannot lock /etc/group; try again later.", 10)
        }
        _ => {
            io.eprint(format!("{prog}: Permission denied.\n"));
            io.fail(prog, "cannot lock /etc/passwd; try again later.", 1)
        }
    })
}

/// Parsed options: `(letter, value)` pairs and operands.
pub(crate) type Parsed = (Opts, Vec<String>);

/// Options given, in order, as `(letter, value)` (an empty value for flags).
#[derive(Debug, Default)]
pub(crate) struct Opts(Vec<(char, String)>);

impl Opts {
    /// The value of the last `-c` given.
    pub(crate) fn value(&self, c: char) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find(|(o, _)| *o == c)
            .map(|(_, v)| v.clone())
    }

    /// Whether `-c` was given.
    pub(crate) fn has(&self, c: char) -> bool {
        self.0.iter().any(|(o, _)| *o == c)
    }

    /// Whether no option was given.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// getopt_long as the user tools use it: `flags` are the letters without a value, `valued`
/// those with one, `long` maps long names to letters; errors are getopt's messages.
pub(crate) fn getopt_long(
    argv: &[String],
    flags: &str,
    valued: &str,
    long: &[(&str, char)],
) -> Result<Parsed, String> {
    let mut opts = Vec::new();
    let mut rest = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if a == "--" {
            rest.extend(argv[i..].iter().cloned());
            break;
        }
        if let Some(l) = a.strip_prefix("--") {
            let (name, val) = match l.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (l, None),
            };
            let Some(c) = long_option(long, name) else {
                return Err(format!("unrecognized option '{a}'"));
            };
            let v = if valued.contains(c) {
                match val {
                    Some(v) => v,
                    None => {
                        i += 1;
                        argv.get(i - 1)
                            .cloned()
                            .ok_or_else(|| format!("option '{a}' requires an argument"))?
                    }
                }
            } else {
                String::new()
            };
            opts.push((c, v));
            continue;
        }
        if a.len() < 2 || !a.starts_with('-') {
            rest.push(a.clone());
            continue;
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k];
            k += 1;
            if valued.contains(c) {
                let inline: String = chars[k..].iter().collect();
                let v = if !inline.is_empty() {
                    inline
                } else {
                    i += 1;
                    argv.get(i - 1)
                        .cloned()
                        .ok_or_else(|| format!("option requires an argument -- '{c}'"))?
                };
                opts.push((c, v));
                break;
            } else if flags.contains(c) {
                opts.push((c, String::new()));
            } else {
                return Err(format!("invalid option -- '{c}'"));
            }
        }
    }
    Ok((Opts(opts), rest))
}

/// getopt_long's lookup: an exact name, or an unambiguous prefix (`--home` for `--home-dir`).
pub(crate) fn long_option(long: &[(&str, char)], name: &str) -> Option<char> {
    if let Some(&(_, c)) = long.iter().find(|(n, _)| *n == name) {
        return Some(c);
    }
    let mut hits = long
        .iter()
        .filter(|(n, _)| !name.is_empty() && n.starts_with(name));
    let (_, c) = *hits.next()?;
    hits.all(|&(_, other)| other == c).then_some(c)
}

/// Valid user and group names (shadow's default rule, which busybox's check follows too).
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && !name.starts_with('-')
        && name != "."
        && name != ".."
        && !name.chars().all(|c| c.is_ascii_digit())
        && name.chars().enumerate().all(|(i, c)| {
            c.is_ascii_alphanumeric()
                || c == '_'
                || c == '.'
                || c == '-'
                || (c == '$' && i + 1 == name.len())
        })
}

#[path = "users_busybox.rs"]
mod busybox;
#[path = "users_passwd.rs"]
pub mod passwd;
#[path = "users_session.rs"]
pub mod session;
#[path = "users_shadow.rs"]
mod shadow;
