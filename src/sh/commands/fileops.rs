//! Creating and removing files: `mkdir` (`-p -m -v`), `rmdir` (`-p`), `touch`, `rm`
//! (`-r -f -d -v`) and `ln` (`-s -f -n -T -v`, hard links), worded like coreutils or busybox.

use super::perms::parse_mode;
use super::util::{gnu, parse, q};
use super::CommandFn;
use crate::fs::{FsErrorKind, FsPath, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("mkdir", mkdir),
    ("rmdir", rmdir),
    ("touch", touch),
    ("rm", rm),
    ("ln", ln),
];

/// The umask every sandboxed process runs with.
pub(super) const UMASK: u32 = 0o022;

pub(super) fn missing(sh: &Shell<'_>, io: &mut Io, prog: &str, after: Option<&str>) -> i32 {
    if gnu(sh) {
        let msg = match after {
            Some(a) => format!("missing destination file operand after {}", q(a)),
            None if prog == "cp" || prog == "mv" => "missing file operand".to_string(),
            None => "missing operand".to_string(),
        };
        return io.fail(
            prog,
            format!("{msg}\nTry '{prog} --help' for more information."),
            1,
        );
    }
    io.fail(prog, "missing operand", 1)
}

/// The last component of an operand as written (`a/b/` → `b`).
pub(super) fn base(op: &str) -> &str {
    let t = op.trim_end_matches('/');
    if t.is_empty() {
        return "/";
    }
    t.rsplit('/').next().unwrap_or(t)
}

fn mkdir(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("parents", 'p'), ("mode", 'm'), ("verbose", 'v')];
    let Ok(args) = parse(sh, io, argv, "pmv", "m", &longs, 1) else {
        return 1;
    };
    if args.operands.is_empty() {
        return missing(sh, io, "mkdir", None);
    }
    let mode = match args.value('m') {
        Some(m) => match parse_mode(m) {
            Some(mode) => Some(mode.apply(0o777, true)),
            None => {
                if gnu(sh) {
                    return io.fail("mkdir", format!("invalid mode {}", q(m)), 1);
                }
                return io.fail("mkdir", format!("invalid mode '{m}'"), 1);
            }
        },
        None => None,
    };
    let g = gnu(sh);
    let mut status = 0;
    for op in &args.operands {
        if op.is_empty() {
            if g {
                io.eprint("mkdir: cannot create directory '': No such file or directory\n");
            } else {
                io.eprint("mkdir: can't create directory '': No such file or directory\n");
            }
            status = 1;
            continue;
        }
        let mut steps: Vec<String> = Vec::new();
        if args.has('p') {
            let mut prefix = String::new();
            for (i, part) in op.split('/').enumerate() {
                if i > 0 {
                    prefix.push('/');
                }
                prefix.push_str(part);
                if !part.is_empty() && part != "." && part != ".." {
                    steps.push(prefix.clone());
                }
            }
        } else {
            steps.push(op.clone());
        }
        let last = steps.len();
        for (i, step) in steps.iter().enumerate() {
            let path = super::util::arg_path(sh, step);
            if args.has('p') && sh.fs.is_dir(&path) {
                continue;
            }
            match sh.fs.mkdir(&path, 0o777 & !UMASK) {
                Ok(()) => {
                    if i + 1 == last {
                        if let Some(m) = mode {
                            let _ = sh.fs.chmod(&path, m);
                        }
                    }
                    if args.has('v') {
                        io.print(format!("mkdir: created directory {}\n", q(step)));
                    }
                }
                Err(e) => {
                    let kind =
                        if args.has('p') && e.kind == FsErrorKind::AlreadyExists && i + 1 < last {
                            FsErrorKind::NotADirectory
                        } else {
                            e.kind
                        };
                    if g {
                        io.eprint(format!(
                            "mkdir: cannot create directory {}: {}\n",
                            q(step),
                            kind.message()
                        ));
                    } else {
                        io.eprint(format!(
                            "mkdir: can't create directory '{step}': {}\n",
                            kind.message()
                        ));
                    }
                    status = 1;
                    break;
                }
            }
        }
    }
    status
}

fn rmdir(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("parents", 'p'),
        ("verbose", 'v'),
        ("ignore-fail-on-non-empty", 'I'),
    ];
    let Ok(args) = parse(sh, io, argv, "pvI", "", &longs, 1) else {
        return 1;
    };
    if args.operands.is_empty() {
        return missing(sh, io, "rmdir", None);
    }
    let mut status = 0;
    for op in &args.operands {
        let mut cur = op.trim_end_matches('/').to_string();
        loop {
            let path = super::util::arg_path(sh, &cur);
            let result = match sh.fs.lstat(&path) {
                Ok(n) if !n.is_dir() => Err(FsErrorKind::NotADirectory),
                Ok(_) => sh.fs.remove(&path, false).map_err(|e| e.kind),
                Err(e) => Err(e.kind),
            };
            if let Err(kind) = result {
                if !(args.has('I') && kind == FsErrorKind::DirectoryNotEmpty) {
                    if gnu(sh) {
                        io.eprint(format!(
                            "rmdir: failed to remove {}: {}\n",
                            q(&cur),
                            kind.message()
                        ));
                    } else {
                        io.eprint(format!("rmdir: '{cur}': {}\n", kind.message()));
                    }
                    status = 1;
                }
                break;
            }
            if args.has('v') {
                io.print(format!("rmdir: removing directory, {}\n", q(&cur)));
            }
            match cur.rfind('/') {
                Some(i) if args.has('p') && i > 0 => cur.truncate(i),
                _ => break,
            }
        }
    }
    status
}

fn touch(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("no-create", 'c'), ("date", 'd'), ("reference", 'r')];
    let Ok(args) = parse(sh, io, argv, "cdrtamh", "drt", &longs, 1) else {
        return 1;
    };
    if args.operands.is_empty() {
        if gnu(sh) {
            return io.fail(
                "touch",
                "missing file operand\nTry 'touch --help' for more information.",
                1,
            );
        }
        return io.fail("touch", "missing operand", 1);
    }
    let mut status = 0;
    for op in &args.operands {
        let path = super::util::arg_path(sh, op);
        if args.has('c') && !sh.fs.exists(&path) {
            continue;
        }
        if let Err(e) = sh.fs.touch(&path) {
            if gnu(sh) {
                io.eprint(format!(
                    "touch: cannot touch {}: {}\n",
                    q(op),
                    e.kind.message()
                ));
            } else {
                io.eprint(format!("touch: {op}: {}\n", e.kind.message()));
            }
            status = 1;
        }
    }
    status
}

fn rm(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("force", 'f'),
        ("recursive", 'r'),
        ("dir", 'd'),
        ("verbose", 'v'),
        ("interactive", 'i'),
        ("no-preserve-root", 'N'),
        ("one-file-system", 'x'),
    ];
    let Ok(args) = parse(sh, io, argv, "frRdviIx", "", &longs, 1) else {
        return 1;
    };
    let force = args
        .flags
        .iter()
        .rev()
        .find(|(f, _)| *f == 'f' || *f == 'i')
        .is_some_and(|(f, _)| *f == 'f');
    let recursive = args.has('r') || args.has('R');
    let g = gnu(sh);
    if args.operands.is_empty() {
        return if force {
            0
        } else {
            missing(sh, io, "rm", None)
        };
    }
    let mut status = 0;
    let cant = |io: &mut Io, op: &str, msg: &str| {
        if g {
            io.eprint(format!("rm: cannot remove {}: {msg}\n", q(op)));
        } else {
            io.eprint(format!("rm: can't remove '{op}': {msg}\n"));
        }
    };
    for op in &args.operands {
        let b = base(op);
        if b == "." || b == ".." {
            if g {
                io.eprint(format!(
                    "rm: refusing to remove '.' or '..' directory: skipping {}\n",
                    q(op)
                ));
            } else {
                io.eprint("rm: can't remove '.' or '..'\n");
            }
            status = 1;
            continue;
        }
        let path = super::util::arg_path(sh, op);
        if path.is_root() && recursive {
            if g {
                io.eprint("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
            } else {
                io.eprint("rm: can't remove '/'\n");
            }
            status = 1;
            continue;
        }
        let node = match sh.fs.resolve(&path, false).and_then(|p| sh.fs.lstat(&p)) {
            Ok(n) => n,
            Err(e) => {
                if !(force && e.kind == FsErrorKind::NotFound) {
                    cant(io, op, e.kind.message());
                    status = 1;
                }
                continue;
            }
        };
        if node.is_dir() && !recursive {
            let empty = sh.fs.read_dir(&path).is_ok_and(|k| k.is_empty());
            if !args.has('d') {
                cant(io, op, "Is a directory");
                status = 1;
                continue;
            }
            if !empty {
                cant(io, op, "Directory not empty");
                status = 1;
                continue;
            }
        }
        if args.has('v') {
            let mut lines = String::new();
            if node.is_dir() {
                let real = sh.fs.resolve(&path, false).unwrap_or(path.clone());
                let mut sub = sh.fs.walk(&real);
                crate::sorting::sort_by(&mut sub, |a, b| b.0.cmp(&a.0));
                for (p, n, _) in sub {
                    let rel = p.as_str().get(real.as_str().len()..).unwrap_or_default();
                    let shown = format!("{}{rel}", op.trim_end_matches('/'));
                    lines.push_str(&removed(g, &shown, n.is_dir()));
                }
            }
            lines.push_str(&removed(g, op, node.is_dir()));
            io.print(lines);
        }
        if let Err(e) = sh.fs.remove(&path, true) {
            cant(io, op, e.kind.message());
            status = 1;
        }
    }
    status
}

fn removed(gnu: bool, name: &str, dir: bool) -> String {
    match (dir, gnu) {
        (true, true) => format!("removed directory {}\n", q(name)),
        (true, false) => format!("removed directory: '{name}'\n"),
        (false, _) => format!("removed {}\n", q(name)),
    }
}

fn ln(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("symbolic", 's'),
        ("force", 'f'),
        ("no-dereference", 'n'),
        ("no-target-directory", 'T'),
        ("verbose", 'v'),
        ("target-directory", 't'),
        ("relative", 'r'),
    ];
    let Ok(args) = parse(sh, io, argv, "sfnTvtLPr", "t", &longs, 1) else {
        return 1;
    };
    let g = gnu(sh);
    let symbolic = args.has('s');
    let mut ops = args.operands.clone();
    if ops.is_empty() {
        if g {
            return io.fail(
                "ln",
                "missing file operand\nTry 'ln --help' for more information.",
                1,
            );
        }
        return io.fail("ln", "missing operand", 1);
    }
    let (targets, dest) = match args.value('t') {
        Some(t) => (ops, Some(t.to_string())),
        None if ops.len() == 1 => (ops, None),
        None => {
            let d = ops.pop();
            (ops, d)
        }
    };
    let dest_dir = |sh: &Shell<'_>, d: &str| -> bool {
        if args.has('T') {
            return false;
        }
        let p = super::util::arg_path(sh, d);
        let link = sh
            .fs
            .lstat(&p)
            .is_ok_and(|n| matches!(n.kind, NodeKind::Symlink(_)));
        sh.fs.is_dir(&p) && !(args.has('n') && link)
    };
    let into_dir = match &dest {
        None => true,
        Some(d) => dest_dir(sh, d),
    };
    if targets.len() > 1 && !into_dir {
        let d = dest.unwrap_or_default();
        return io.fail(
            "ln",
            if g {
                format!("target {} is not a directory", q(&d))
            } else {
                format!("'{d}' is not a directory")
            },
            1,
        );
    }
    let mut status = 0;
    for t in &targets {
        let link = match (&dest, into_dir) {
            (None, _) => base(t).to_string(),
            (Some(d), true) => format!("{}/{}", d.trim_end_matches('/'), base(t)),
            (Some(d), false) => d.clone(),
        };
        let link_path = super::util::arg_path(sh, &link);
        let what = if symbolic {
            "symbolic link"
        } else {
            "hard link"
        };
        let report = |io: &mut Io, msg: &str| {
            if g {
                io.eprint(format!("ln: failed to create {what} {}: {msg}\n", q(&link)));
            } else {
                io.eprint(format!("ln: {link}: {msg}\n"));
            }
        };
        if !symbolic {
            match sh.fs.lstat(&super::util::arg_path(sh, t)) {
                Ok(n) if n.is_dir() => {
                    if g {
                        io.eprint(format!(
                            "ln: {}: hard link not allowed for directory\n",
                            super::util::qf(t)
                        ));
                    } else {
                        io.eprint(format!("ln: {t}: Operation not permitted\n"));
                    }
                    status = 1;
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    if g {
                        io.eprint(format!(
                            "ln: failed to access {}: {}\n",
                            q(t),
                            e.kind.message()
                        ));
                    } else {
                        io.eprint(format!("ln: {t}: {}\n", e.kind.message()));
                    }
                    status = 1;
                    continue;
                }
            }
        }
        if let Ok(existing) = sh
            .fs
            .resolve(&link_path, false)
            .and_then(|p| sh.fs.lstat(&p))
        {
            if !args.has('f') {
                report(io, "File exists");
                status = 1;
                continue;
            }
            if existing.is_dir() {
                report(io, "Is a directory");
                status = 1;
                continue;
            }
            if sh.fs.resolve(&link_path, true).ok()
                == sh.fs.resolve(&super::util::arg_path(sh, t), true).ok()
                && !symbolic
            {
                if g {
                    io.eprint(format!("ln: {} and {} are the same file\n", q(t), q(&link)));
                }
                status = 1;
                continue;
            }
            let _ = sh.fs.remove(&link_path, false);
        }
        // -r: the target relative to the link's directory (both canonicalized).
        let target = if symbolic && args.has('r') {
            let canon = |sh: &Shell<'_>, p: FsPath| sh.fs.resolve(&p, true).unwrap_or(p);
            let to = canon(sh, super::util::arg_path(sh, t));
            let from = canon(sh, link_path.parent());
            super::util::relative_path(&from, &to)
        } else {
            t.clone()
        };
        let result = if symbolic {
            sh.fs.symlink(&target, &link_path)
        } else {
            sh.fs.hardlink(&super::util::arg_path(sh, t), &link_path)
        };
        match result {
            Ok(()) => {
                if args.has('v') {
                    io.print(format!(
                        "{} {} {}\n",
                        q(&link),
                        if symbolic { "->" } else { "=>" },
                        q(t)
                    ));
                }
            }
            Err(e) => {
                report(io, e.kind.message());
                status = 1;
            }
        }
    }
    status
}
