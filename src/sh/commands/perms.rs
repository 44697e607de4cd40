//! Permissions and ownership: `chmod` (octal and symbolic modes like `u+x`, `go-w`,
//! `u=rwx,g=rx,o=`, `+X`, `-R`, `-v`), `chown` and `chgrp` (`-R`, `-h`, `user`, `user:group`,
//! `:group`, numeric ids; names from the image's `/etc/passwd` and `/etc/group`).

use super::util::{gnu, group_id, group_name, parse, q, user_id, user_name};
use super::CommandFn;
use crate::fs::{FsPath, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("chmod", chmod), ("chown", chown), ("chgrp", chgrp)];

/// A parsed mode: octal, or symbolic clauses applied to the old mode.
#[derive(Debug, Clone)]
pub enum Mode {
    /// `755`.
    Octal(u32),
    /// `u+x,go-w`: (who mask or 0 for "all, minus the umask", operator, permission letters).
    Symbolic(Vec<(u32, char, String)>),
}

impl Mode {
    /// The new mode of a node whose mode is `old`.
    pub fn apply(&self, old: u32, is_dir: bool) -> u32 {
        self.apply_umask(old, is_dir, 0o022)
    }

    /// The new mode with clauses that name nobody (`+x`) filtered by `umask`.
    pub fn apply_umask(&self, old: u32, is_dir: bool, umask: u32) -> u32 {
        match self {
            Mode::Octal(m) => {
                // Like GNU chmod: a directory keeps set-id bits an octal mode does not mention.
                if is_dir && *m <= 0o777 {
                    (old & 0o6000) | m
                } else {
                    *m
                }
            }
            Mode::Symbolic(clauses) => {
                let mut mode = old & 0o7777;
                for (who, op, perms) in clauses {
                    let (mask, umask) = if *who == 0 {
                        (0o7777, umask)
                    } else {
                        (*who, 0)
                    };
                    let mut bits = 0u32;
                    for p in perms.chars() {
                        bits |= match p {
                            'r' => 0o444,
                            'w' => 0o222,
                            'x' => 0o111,
                            'X' if is_dir || mode & 0o111 != 0 => 0o111,
                            's' => 0o6000,
                            't' => 0o1000,
                            'u' => (mode >> 6 & 7) * 0o111,
                            'g' => (mode >> 3 & 7) * 0o111,
                            'o' => (mode & 7) * 0o111,
                            _ => 0,
                        };
                    }
                    let bits = bits & mask & !umask;
                    match op {
                        '+' => mode |= bits,
                        '-' => mode &= !bits,
                        _ => {
                            let clear = if *who == 0 { 0o777 } else { mask & !0o1000 };
                            mode = (mode & !clear) | bits;
                        }
                    }
                }
                mode
            }
        }
    }
}

/// Parses a mode (`755`, `u+x,go-w`, `a=r`, `+x`).
pub fn parse_mode(spec: &str) -> Option<Mode> {
    if !spec.is_empty() && spec.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return u32::from_str_radix(spec, 8)
            .ok()
            .filter(|m| *m <= 0o7777)
            .map(Mode::Octal);
    }
    let mut clauses = Vec::new();
    for clause in spec.split(',') {
        let mut chars = clause.chars().peekable();
        let mut who = 0u32;
        while let Some(&c) = chars.peek() {
            who |= match c {
                'u' => 0o4700,
                'g' => 0o2070,
                'o' => 0o1007,
                'a' => 0o7777,
                _ => break,
            };
            chars.next();
        }
        let mut any = false;
        while let Some(op) = chars.next() {
            if !"+-=".contains(op) {
                return None;
            }
            let mut perms = String::new();
            while let Some(&c) = chars.peek() {
                if "+-=".contains(c) {
                    break;
                }
                if !"rwxXstugo".contains(c) {
                    return None;
                }
                perms.push(c);
                chars.next();
            }
            clauses.push((who, op, perms));
            any = true;
        }
        if !any {
            return None;
        }
    }
    Some(Mode::Symbolic(clauses))
}

/// The paths below `root` (not following symlinks), for `-R`.
fn subtree(sh: &Shell<'_>, root: &FsPath) -> Vec<FsPath> {
    match sh.fs.lstat(root) {
        Ok(n) if n.is_dir() => sh.fs.walk(root).into_iter().map(|(p, _, _)| p).collect(),
        _ => Vec::new(),
    }
}

fn chmod(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    // `chmod -x file`: a mode that looks like an option.
    let mut argv = argv.to_vec();
    let mut dash_mode = None;
    if let Some(i) = argv.iter().skip(1).position(|a| {
        a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| "rwxXst".contains(c))
    }) {
        dash_mode = Some(argv.remove(i + 1));
    }
    let longs = [
        ("recursive", 'R'),
        ("verbose", 'v'),
        ("changes", 'c'),
        ("silent", 'f'),
        ("quiet", 'f'),
    ];
    let Ok(args) = parse(sh, io, &argv, "Rvcf", "", &longs, 1) else {
        return 1;
    };
    let g = gnu(sh);
    let mut ops = args.operands.clone();
    if let Some(m) = dash_mode {
        ops.insert(0, m);
    }
    if ops.len() < 2 {
        return match ops.first() {
            Some(m) if g => io.fail(
                "chmod",
                format!(
                    "missing operand after {}\nTry 'chmod --help' for more information.",
                    q(m)
                ),
                1,
            ),
            None if g => io.fail(
                "chmod",
                "missing operand\nTry 'chmod --help' for more information.",
                1,
            ),
            _ => io.fail("chmod", "missing operand", 1),
        };
    }
    let spec = ops.remove(0);
    let Some(mode) = parse_mode(&spec) else {
        if g {
            return io.fail(
                "chmod",
                format!(
                    "invalid mode: {}\nTry 'chmod --help' for more information.",
                    q(&spec)
                ),
                1,
            );
        }
        return io.fail("chmod", format!("invalid mode '{spec}'"), 1);
    };
    let mut status = 0;
    for op in &ops {
        let path = super::util::arg_path(sh, op);
        let node = match sh.fs.stat(&path) {
            Ok(n) => n,
            Err(e) => {
                if !args.has('f') {
                    if g {
                        io.eprint(format!(
                            "chmod: cannot access {}: {}\n",
                            q(op),
                            e.kind.message()
                        ));
                    } else {
                        io.eprint(format!("chmod: {op}: {}\n", e.kind.message()));
                    }
                }
                status = 1;
                continue;
            }
        };
        let mut targets = vec![(path.clone(), op.clone())];
        if args.has('R') {
            let base = sh.fs.resolve(&path, true).unwrap_or(path.clone());
            for p in subtree(sh, &base) {
                let rel = p.as_str().get(base.as_str().len()..).unwrap_or_default();
                targets.push((p.clone(), format!("{}{rel}", op.trim_end_matches('/'))));
            }
        }
        let _ = node;
        for (p, shown) in targets {
            let Ok(n) = sh.fs.lstat(&p) else { continue };
            if matches!(n.kind, NodeKind::Symlink(_)) && p != path {
                continue;
            }
            let Ok(n) = sh.fs.stat(&p) else { continue };
            let new = mode.apply(n.mode, n.is_dir());
            if let Err(e) = sh.fs.chmod(&p, new) {
                io.eprint(format!("chmod: {shown}: {}\n", e.kind.message()));
                status = 1;
                continue;
            }
            // GNU warns when the umask kept `chmod -w` from doing what it says.
            let naive = mode.apply_umask(n.mode, n.is_dir(), 0);
            if g && new & !naive != 0 {
                let str_of =
                    |m: u32| crate::fs::Node::file(Vec::new(), m).mode_string()[1..].to_string();
                io.eprint(format!(
                    "chmod: {}: new permissions are {}, not {}\n",
                    super::util::qf(&shown),
                    str_of(new),
                    str_of(naive)
                ));
                status = 1;
            }
            let changed = new != n.mode & 0o7777;
            if args.has('v') || (args.has('c') && changed) {
                let str_of =
                    |m: u32| crate::fs::Node::file(Vec::new(), m).mode_string()[1..].to_string();
                io.print(if changed {
                    format!(
                        "mode of {} changed from {:04o} ({}) to {:04o} ({})\n",
                        q(&shown),
                        n.mode & 0o7777,
                        str_of(n.mode),
                        new,
                        str_of(new)
                    )
                } else {
                    format!(
                        "mode of {} retained as {:04o} ({})\n",
                        q(&shown),
                        new,
                        str_of(new)
                    )
                });
            }
        }
    }
    status
}

/// `chown` and `chgrp`: `group_only` takes a group operand.
fn owner_change(sh: &mut Shell<'_>, argv: &[String], io: &mut Io, group_only: bool) -> i32 {
    let prog = if group_only { "chgrp" } else { "chown" };
    let longs = [
        ("recursive", 'R'),
        ("no-dereference", 'h'),
        ("verbose", 'v'),
        ("changes", 'c'),
        ("silent", 'f'),
        ("quiet", 'f'),
        ("dereference", 'D'),
    ];
    let Ok(args) = parse(sh, io, argv, "RhvcfHLP", "", &longs, 1) else {
        return 1;
    };
    let g = gnu(sh);
    let mut ops = args.operands.clone();
    if ops.len() < 2 {
        return match ops.first() {
            Some(m) if g => io.fail(
                prog,
                format!(
                    "missing operand after {}\nTry '{prog} --help' for more information.",
                    q(m)
                ),
                1,
            ),
            None if g => io.fail(
                prog,
                format!("missing operand\nTry '{prog} --help' for more information."),
                1,
            ),
            _ => io.fail(prog, "missing operand", 1),
        };
    }
    let spec = ops.remove(0);
    let (user, group) = if group_only {
        (None, Some(spec.clone()))
    } else {
        match spec.split_once(':').or_else(|| {
            spec.split_once('.')
                .filter(|_| user_id(sh, &spec).is_none())
        }) {
            Some((u, gr)) => (
                Some(u.to_string()).filter(|u| !u.is_empty()),
                Some(gr.to_string()),
            ),
            None => (Some(spec.clone()), None),
        }
    };
    let mut uid = None;
    let mut login_gid = None;
    if let Some(u) = &user {
        match user_id(sh, u) {
            Some((id, gid)) => {
                uid = Some(id);
                login_gid = gid;
            }
            None => {
                if g {
                    return io.fail(prog, format!("invalid user: {}", q(&spec)), 1);
                }
                return io.fail(prog, format!("unknown user {u}"), 1);
            }
        }
    }
    let gid = match &group {
        // `user:` means the user's login group.
        Some(gr) if gr.is_empty() => login_gid,
        Some(gr) => match group_id(sh, gr) {
            Some(id) => Some(id),
            None => {
                if g {
                    let what = if group_only { q(gr) } else { q(&spec) };
                    return io.fail(prog, format!("invalid group: {what}"), 1);
                }
                return io.fail(prog, format!("unknown group {gr}"), 1);
            }
        },
        None => None,
    };
    let recursive = args.has('R');
    let no_deref =
        args.has('h') || (recursive && !args.has('D') && !args.has('L') && !args.has('H'));
    let mut status = 0;
    for op in &ops {
        let path = super::util::arg_path(sh, op);
        let exists = if no_deref {
            sh.fs.lstat(&path).is_ok()
        } else {
            sh.fs.stat(&path).is_ok()
        };
        if !exists {
            let msg = sh
                .fs
                .stat(&path)
                .err()
                .map_or("No such file or directory", |e| e.kind.message());
            if !args.has('f') {
                if g {
                    io.eprint(format!("{prog}: cannot access {}: {msg}\n", q(op)));
                } else {
                    io.eprint(format!("{prog}: {op}: {msg}\n"));
                }
            }
            status = 1;
            continue;
        }
        let mut targets = vec![path.clone()];
        let base = sh.fs.resolve(&path, !no_deref).unwrap_or(path.clone());
        if recursive {
            targets.extend(subtree(sh, &base));
        }
        for p in targets {
            let shown = match p.as_str().strip_prefix(base.as_str()) {
                Some(rel) if p != path && p != base => format!("{}{rel}", op.trim_end_matches('/')),
                _ => op.clone(),
            };
            let deref = !no_deref;
            let Ok(n) = (if deref {
                sh.fs.stat(&p)
            } else {
                sh.fs.lstat(&p)
            }) else {
                continue;
            };
            let (u, gr) = (uid.unwrap_or(n.uid), gid.unwrap_or(n.gid));
            let r = if deref {
                sh.fs.chown(&p, u, gr)
            } else {
                sh.fs.lchown(&p, u, gr)
            };
            if let Err(e) = r {
                io.eprint(format!("{prog}: {}: {}\n", p, e.kind.message()));
                status = 1;
            } else if args.has('v') || args.has('c') {
                let name = |uid: bool, id: u32| {
                    let n = if uid {
                        user_name(sh, id)
                    } else {
                        group_name(sh, id)
                    };
                    n.unwrap_or_else(|| id.to_string())
                };
                let owner = |u: u32, gr: u32| {
                    if group_only {
                        name(false, gr)
                    } else {
                        format!("{}:{}", name(true, u), name(false, gr))
                    }
                };
                let what = if group_only { "group" } else { "ownership" };
                let (before, after) = (owner(n.uid, n.gid), owner(u, gr));
                if before != after {
                    io.print(format!(
                        "changed {what} of {} from {before} to {after}\n",
                        q(&shown)
                    ));
                } else if args.has('v') {
                    io.print(format!("{what} of {} retained as {after}\n", q(&shown)));
                }
            }
        }
    }
    status
}

fn chown(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    owner_change(sh, argv, io, false)
}

fn chgrp(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    owner_change(sh, argv, io, true)
}
