//! `install` (`-d`, `-D`, `-m MODE`, `-o USER`, `-g GROUP`, `-t DIR`, `-v`: copy with a
//! mode, 0755 by default) and `mktemp` (`-d`, `-p DIR`, `-t`, templates with `X`s): names
//! come from [`Shell::next_temp`], never from randomness.

use super::fileops::{base, missing};
use super::perms::parse_mode;
use super::util::{arg_path, gnu, group_id, parse, q, user_id};
use super::CommandFn;
use crate::fs::{FsPath, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::{Abort, Shell};

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("install", install), ("mktemp", mktemp)];

/// Owner and mode settings of one `install`.
struct Target {
    mode: u32,
    uid: Option<u32>,
    gid: Option<u32>,
}

impl Target {
    fn apply(&self, sh: &mut Shell<'_>, path: &FsPath) {
        let _ = sh.fs.chmod(path, self.mode);
        if self.uid.is_some() || self.gid.is_some() {
            if let Ok(n) = sh.fs.stat(path) {
                let _ = sh
                    .fs
                    .chown(path, self.uid.unwrap_or(n.uid), self.gid.unwrap_or(n.gid));
            }
        }
    }
}

fn install(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("directory", 'd'),
        ("mode", 'm'),
        ("owner", 'o'),
        ("group", 'g'),
        ("target-directory", 't'),
        ("verbose", 'v'),
        ("no-target-directory", 'T'),
        ("preserve-timestamps", 'p'),
        ("strip", 's'),
        ("compare", 'C'),
    ];
    let Ok(args) = parse(sh, io, argv, "dDmogtvTpsCb", "mogt", &longs, 1) else {
        return 1;
    };
    let g = gnu(sh);
    let dirs = args.has('d');
    let mode = match args.value('m') {
        Some(m) => match parse_mode(m) {
            Some(p) => p.apply(0, dirs) & 0o7777,
            None => {
                if g {
                    return io.fail("install", format!("invalid mode {}", q(m)), 1);
                }
                return io.fail("install", format!("invalid mode '{m}'"), 1);
            }
        },
        None => 0o755,
    };
    let uid = match args.value('o') {
        Some(u) => match user_id(sh, u) {
            Some((id, _)) => Some(id),
            None => {
                let msg = if g {
                    format!("invalid user {}", q(u))
                } else {
                    format!("unknown user {u}")
                };
                return io.fail("install", msg, 1);
            }
        },
        None => None,
    };
    let gid = match args.value('g') {
        Some(gr) => match group_id(sh, gr) {
            Some(id) => Some(id),
            None => {
                let msg = if g {
                    format!("invalid group {}", q(gr))
                } else {
                    format!("unknown group {gr}")
                };
                return io.fail("install", msg, 1);
            }
        },
        None => None,
    };
    let target = Target { mode, uid, gid };
    let verbose = args.has('v');
    let mut status = 0;
    if dirs {
        if args.operands.is_empty() {
            return missing(sh, io, "install", None);
        }
        for op in &args.operands {
            let path = arg_path(sh, op);
            let mut created = Vec::new();
            for a in path
                .ancestors()
                .into_iter()
                .chain(std::iter::once(path.clone()))
            {
                if !a.is_root() && !sh.fs.exists(&a) {
                    created.push(a);
                }
            }
            if let Err(e) = sh.fs.mkdir_all(&path, 0o755) {
                let msg = if g {
                    format!("cannot create directory {}: {}", q(op), e.kind.message())
                } else {
                    format!("can't create directory '{op}': {}", e.kind.message())
                };
                io.fail("install", msg, 1);
                status = 1;
                continue;
            }
            if verbose && g {
                for c in &created {
                    io.print(format!("install: creating directory {}\n", q(c.as_str())));
                }
            }
            target.apply(sh, &path);
        }
        return status;
    }
    let mut ops = args.operands.clone();
    let dest = match args.value('t') {
        Some(t) => t.to_string(),
        None => match ops.pop() {
            Some(d) if !ops.is_empty() => d,
            Some(d) => return missing(sh, io, "install", Some(&d)),
            None => return missing(sh, io, "install", None),
        },
    };
    let dest_path = arg_path(sh, &dest);
    if args.has('D') {
        let parent = if args.value('t').is_some() {
            dest_path.clone()
        } else {
            dest_path.parent()
        };
        if let Err(e) = sh.fs.mkdir_all(&parent, 0o755) {
            return io.fail(
                "install",
                format!(
                    "cannot create directory {}: {}",
                    q(parent.as_str()),
                    e.kind.message()
                ),
                1,
            );
        }
    }
    let into_dir = !args.has('T') && sh.fs.is_dir(&dest_path);
    if ops.len() > 1 && !into_dir {
        return io.fail(
            "install",
            format!("target {} is not a directory", q(&dest)),
            1,
        );
    }
    for op in &ops {
        let src = arg_path(sh, op);
        let stat = if src.as_str() == "/dev/null" {
            Ok(NodeKind::File(crate::fs::Content::Bytes(Vec::new().into())))
        } else {
            sh.fs.stat(&src).map(|n| n.kind)
        };
        let content = match stat {
            Ok(NodeKind::File(c)) => c,
            Ok(NodeKind::Dir) => {
                io.fail("install", format!("omitting directory {}", q(op)), 1);
                status = 1;
                continue;
            }
            Ok(_) => continue,
            Err(e) => {
                let msg = if g {
                    format!("cannot stat {}: {}", q(op), e.kind.message())
                } else {
                    format!("can't stat '{op}': {}", e.kind.message())
                };
                io.fail("install", msg, 1);
                status = 1;
                continue;
            }
        };
        let (to, shown) = if into_dir {
            (
                dest_path.join(base(op)),
                format!("{}/{}", dest.trim_end_matches('/'), base(op)),
            )
        } else {
            (dest_path.clone(), dest.clone())
        };
        if let Err(kind) = sh.budget.charge_write(content.len()) {
            sh.abort = Some(Abort::Budget(kind));
            return io.fail("install", kind.message(), 1);
        }
        // install unlinks the destination first: a fresh file, not a write through a link.
        if sh.fs.lstat(&to).is_ok_and(|n| !n.is_dir()) {
            let _ = sh.fs.remove(&to, false);
        }
        if let Err(e) = sh.fs.write_file(&to, content, mode) {
            let msg = if g {
                format!(
                    "cannot create regular file {}: {}",
                    q(&shown),
                    e.kind.message()
                )
            } else {
                format!("can't create '{shown}': {}", e.kind.message())
            };
            io.fail("install", msg, 1);
            status = 1;
            continue;
        }
        target.apply(sh, &to);
        if verbose {
            io.print(format!("{} -> {}\n", q(op), q(&shown)));
        }
    }
    status
}

/// `count` deterministic name characters for the `n`th temporary name.
fn temp_chars(n: u64, count: usize) -> String {
    const CHARS: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut state = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            CHARS[(state % 62) as usize] as char
        })
        .collect()
}

fn mktemp(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("directory", 'd'),
        ("tmpdir", 'p'),
        ("dry-run", 'u'),
        ("quiet", 'q'),
    ];
    let Ok(args) = parse(sh, io, argv, "dpqtu", "p", &longs, 1) else {
        return 1;
    };
    let g = gnu(sh);
    let default_x = if g { 10 } else { 6 };
    let template = args
        .operands
        .first()
        .cloned()
        .unwrap_or_else(|| format!("tmp.{}", "X".repeat(default_x)));
    let xs = template.len() - template.trim_end_matches('X').len();
    if xs < 3 {
        let msg = if g {
            format!("too few X's in template {}", q(&template))
        } else {
            "invalid template".to_string()
        };
        return io.fail("mktemp", msg, 1);
    }
    let in_tmpdir = args.operands.is_empty() || args.has('t') || args.has('p');
    let dir = args
        .value('p')
        .map(String::from)
        .or_else(|| sh.var("TMPDIR").filter(|v| !v.is_empty()).map(String::from))
        .unwrap_or_else(|| "/tmp".to_string());
    let stem = &template[..template.len() - xs];
    for _ in 0..100 {
        sh.next_temp += 1;
        let name = format!("{stem}{}", temp_chars(sh.next_temp, xs));
        let shown = if in_tmpdir {
            format!("{}/{name}", dir.trim_end_matches('/'))
        } else {
            name
        };
        let path = arg_path(sh, &shown);
        if sh.fs.lstat(&path).is_ok() {
            continue;
        }
        let made = if args.has('u') {
            Ok(())
        } else if args.has('d') {
            sh.fs
                .mkdir(&path, 0o700)
                .and_then(|()| sh.fs.chmod(&path, 0o700))
        } else {
            sh.fs
                .write_file(&path, crate::fs::Content::Bytes(Vec::new().into()), 0o600)
        };
        return match made {
            Ok(()) => {
                io.print(format!("{shown}\n"));
                0
            }
            Err(e) => {
                if args.has('q') {
                    return 1;
                }
                let what = if args.has('d') { "directory" } else { "file" };
                if g {
                    io.fail(
                        "mktemp",
                        format!(
                            "failed to create {what} via template {}: {}",
                            q(&shown_template(in_tmpdir, &dir, &template)),
                            e.kind.message()
                        ),
                        1,
                    )
                } else {
                    io.fail("mktemp", format!("{}: {}", shown, e.kind.message()), 1)
                }
            }
        };
    }
    io.fail("mktemp", "too many temporary files", 1)
}

fn shown_template(in_tmpdir: bool, dir: &str, template: &str) -> String {
    if in_tmpdir {
        format!("{}/{template}", dir.trim_end_matches('/'))
    } else {
        template.to_string()
    }
}
