//! Creating, removing and moving files: `mkdir` (`-p -m -v`), `rmdir` (`-p`), `touch`,
//! `rm` (`-r -f -d -v`), `cp` (`-r -a -p -f -n -v -L -P`, file→file, files→dir, dir→dir),
//! `mv` and `ln` (`-s -f -n -T -v`, hard links), worded like coreutils or busybox.

use super::perms::parse_mode;
use super::util::{gnu, parse, q};
use super::CommandFn;
use crate::fs::{FsErrorKind, FsPath, Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("mkdir", mkdir),
    ("rmdir", rmdir),
    ("touch", touch),
    ("rm", rm),
    ("cp", cp),
    ("mv", mv),
    ("ln", ln),
];

/// The umask every sandboxed process runs with.
const UMASK: u32 = 0o022;

fn missing(sh: &Shell<'_>, io: &mut Io, prog: &str, after: Option<&str>) -> i32 {
    if gnu(sh) {
        let msg = match after {
            Some(a) => format!("missing destination file operand after {}", q(a)),
            None if prog == "cp" || prog == "mv" => "missing file operand".to_string(),
            None => "missing operand".to_string(),
        };
        return io.fail(prog, format!("{msg}\nTry '{prog} --help' for more information."), 1);
    }
    io.fail(prog, "missing operand", 1)
}

/// The last component of an operand as written (`a/b/` → `b`).
fn base(op: &str) -> &str {
    let t = op.trim_end_matches('/');
    if t.is_empty() {
        return "/";
    }
    t.rsplit('/').next().unwrap_or(t)
}

fn mkdir(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("parents", 'p'), ("mode", 'm'), ("verbose", 'v')];
    let Ok(args) = parse(sh, io, argv, "pmv", "m", &longs, 1) else { return 1 };
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
                    let kind = if args.has('p') && e.kind == FsErrorKind::AlreadyExists && i + 1 < last {
                        FsErrorKind::NotADirectory
                    } else {
                        e.kind
                    };
                    if g {
                        io.eprint(format!("mkdir: cannot create directory {}: {}\n", q(step), kind.message()));
                    } else {
                        io.eprint(format!("mkdir: can't create directory '{step}': {}\n", kind.message()));
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
    let longs = [("parents", 'p'), ("verbose", 'v'), ("ignore-fail-on-non-empty", 'I')];
    let Ok(args) = parse(sh, io, argv, "pvI", "", &longs, 1) else { return 1 };
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
                        io.eprint(format!("rmdir: failed to remove {}: {}\n", q(&cur), kind.message()));
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
    let Ok(args) = parse(sh, io, argv, "cdrtamh", "drt", &longs, 1) else { return 1 };
    if args.operands.is_empty() {
        if gnu(sh) {
            return io.fail("touch", "missing file operand\nTry 'touch --help' for more information.", 1);
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
                io.eprint(format!("touch: cannot touch {}: {}\n", q(op), e.kind.message()));
            } else {
                io.eprint(format!("touch: {op}: {}\n", e.kind.message()));
            }
            status = 1;
        }
    }
    status
}

fn rm(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("force", 'f'), ("recursive", 'r'), ("dir", 'd'), ("verbose", 'v'), ("interactive", 'i'), ("no-preserve-root", 'N'), ("one-file-system", 'x')];
    let Ok(args) = parse(sh, io, argv, "frRdviIx", "", &longs, 1) else { return 1 };
    let force = args.flags.iter().rev().find(|(f, _)| *f == 'f' || *f == 'i').is_some_and(|(f, _)| *f == 'f');
    let recursive = args.has('r') || args.has('R');
    let g = gnu(sh);
    if args.operands.is_empty() {
        return if force { 0 } else { missing(sh, io, "rm", None) };
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
                io.eprint(format!("rm: refusing to remove '.' or '..' directory: skipping {}\n", q(op)));
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
                sub.sort_by(|a, b| b.0.cmp(&a.0));
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

/// Options of one `cp`.
struct CpOpts {
    recursive: bool,
    preserve: bool,
    deref: bool,
    no_clobber: bool,
    verbose: bool,
    gnu: bool,
}

/// Copies `src` (node `n`) to `dst` (which must not be a directory unless `n` is one).
fn copy_node(sh: &mut Shell<'_>, io: &mut Io, o: &CpOpts, src: &FsPath, n: &Node, dst: &FsPath, shown: (&str, &str)) -> Result<(), String> {
    let existing = sh.fs.lstat(dst).ok();
    if o.no_clobber && existing.is_some() && !n.is_dir() {
        return Ok(());
    }
    if o.verbose {
        io.print(format!("{} -> {}\n", q(shown.0), q(shown.1)));
    }
    let fail = |e: crate::fs::FsError, what: &str| -> String {
        if o.gnu {
            format!("cannot create {what} {}: {}", q(shown.1), e.kind.message())
        } else {
            format!("can't create {what} '{}': {}", shown.1, e.kind.message())
        }
    };
    match &n.kind {
        NodeKind::Symlink(target) if !o.deref => {
            if existing.is_some() {
                sh.fs.remove(dst, false).map_err(|e| fail(e, "symbolic link"))?;
            }
            sh.fs.symlink(target, dst).map_err(|e| fail(e, "symbolic link"))?;
            if o.preserve {
                let _ = sh.fs.lchown(dst, n.uid, n.gid);
            }
        }
        NodeKind::Dir => {
            match existing {
                Some(e) if e.is_dir() => {}
                Some(_) => {
                    return Err(if o.gnu {
                        format!("cannot overwrite non-directory {} with directory {}", q(shown.1), q(shown.0))
                    } else {
                        format!("can't create directory '{}': File exists", shown.1)
                    })
                }
                None => sh.fs.mkdir(dst, n.mode & !UMASK).map_err(|e| fail(e, "directory"))?,
            }
            let kids = sh.fs.read_dir(src).map_err(|e| e.kind.message().to_string())?;
            let mut first_err = None;
            for (name, _) in kids {
                let s = src.join(&name);
                let Ok(kn) = (if o.deref { sh.fs.stat(&s) } else { sh.fs.lstat(&s) }) else { continue };
                let (a, b) = (format!("{}/{name}", shown.0.trim_end_matches('/')), format!("{}/{name}", shown.1.trim_end_matches('/')));
                if let Err(e) = copy_node(sh, io, o, &s, &kn, &dst.join(&name), (&a, &b)) {
                    io.eprint(format!("cp: {e}\n"));
                    first_err.get_or_insert(String::new());
                }
            }
            if o.preserve {
                let _ = sh.fs.place(dst, n.clone());
            }
            if first_err.is_some() {
                return Err(String::new());
            }
        }
        _ => {
            if existing.as_ref().is_some_and(|e| e.is_dir()) {
                return Err(if o.gnu {
                    format!("cannot overwrite directory {} with non-directory", q(shown.1))
                } else {
                    format!("can't create '{}': Is a directory", shown.1)
                });
            }
            let content = sh.fs.read_file(src).map_err(|e| e.kind.message().to_string())?;
            if let Err(kind) = sh.budget.charge_write(content.len()) {
                sh.abort = Some(crate::sh::shell::Abort::Budget(kind));
                return Err(format!("{}: {}", shown.1, kind.message()));
            }
            let new = existing.is_none();
            let mode = n.mode & !UMASK;
            if o.preserve {
                if existing.is_some() {
                    sh.fs.write_file(dst, content.clone(), mode).map_err(|e| fail(e, "regular file"))?;
                }
                let node = Node { kind: NodeKind::File(content), ..n.clone() };
                let real = sh.fs.resolve(dst, true).map_err(|e| fail(e, "regular file"))?;
                sh.fs.place(&real, node).map_err(|e| fail(e, "regular file"))?;
            } else {
                sh.fs.write_file(dst, content, mode).map_err(|e| fail(e, "regular file"))?;
                if new {
                    let _ = sh.fs.chmod(dst, mode);
                }
            }
        }
    }
    Ok(())
}

fn cp(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("recursive", 'r'), ("archive", 'a'), ("force", 'f'), ("verbose", 'v'), ("dereference", 'L'), ("no-dereference", 'P'), ("no-clobber", 'n'), ("target-directory", 't'), ("no-target-directory", 'T'), ("preserve", 'p'), ("update", 'u'), ("interactive", 'i')];
    let Ok(args) = parse(sh, io, argv, "rRafvLPHnptTudil", "t", &longs, 1) else { return 1 };
    let g = gnu(sh);
    let recursive = args.has('r') || args.has('R') || args.has('a');
    let o = CpOpts {
        recursive,
        preserve: args.has('a') || args.has('p'),
        deref: args.has('L') || (!recursive && !args.has('P') && !args.has('d')),
        no_clobber: args.has('n'),
        verbose: args.has('v'),
        gnu: g,
    };
    transfer(sh, io, &args, "cp", |sh, io, src, node, dst, shown| {
        if node.is_dir() && !o.recursive {
            return Err(if g {
                format!("-r not specified; omitting directory {}", q(shown.0))
            } else {
                format!("omitting directory '{}'", shown.0)
            });
        }
        if node.is_dir() && (dst == src || dst.is_inside(src)) {
            return Err(format!("cannot copy a directory, {}, into itself, {}", q(shown.0), q(shown.1)));
        }
        let node = if o.deref { sh.fs.stat(src).unwrap_or(node) } else { node };
        copy_node(sh, io, &o, src, &node, dst, shown)
    })
}

/// The shared shape of `cp` and `mv`: sources and a destination (a directory when there are
/// several sources, or `-t DIR`).
fn transfer(
    sh: &mut Shell<'_>,
    io: &mut Io,
    args: &super::util::Args,
    prog: &str,
    mut each: impl FnMut(&mut Shell<'_>, &mut Io, &FsPath, Node, &FsPath, (&str, &str)) -> Result<(), String>,
) -> i32 {
    let g = gnu(sh);
    let mut ops = args.operands.clone();
    let dest = match args.value('t') {
        Some(t) => t.to_string(),
        None => match ops.pop() {
            Some(d) if !ops.is_empty() => d,
            Some(d) => return missing(sh, io, prog, Some(&d)),
            None => return missing(sh, io, prog, None),
        },
    };
    let dest_path = super::util::arg_path(sh, &dest);
    let dest_is_dir = !args.has('T') && sh.fs.is_dir(&dest_path);
    if ops.len() > 1 && !dest_is_dir {
        let msg = if !g {
            format!("'{dest}' is not a directory")
        } else {
            let why = match sh.fs.stat(&dest_path) {
                Ok(_) => "Not a directory",
                Err(e) => e.kind.message(),
            };
            format!("target {}: {why}", q(&dest))
        };
        return io.fail(prog, msg, 1);
    }
    let mut status = 0;
    for op in &ops {
        let src = super::util::arg_path(sh, op);
        let node = match sh.fs.resolve(&src, false).and_then(|p| sh.fs.lstat(&p)) {
            Ok(n) => n,
            Err(e) => {
                if g {
                    io.eprint(format!("{prog}: cannot stat {}: {}\n", q(op), e.kind.message()));
                } else {
                    io.eprint(format!("{prog}: can't stat '{op}': {}\n", e.kind.message()));
                }
                status = 1;
                continue;
            }
        };
        let (target, shown) = if dest_is_dir {
            let b = base(op);
            (dest_path.join(b), format!("{}/{b}", dest.trim_end_matches('/')))
        } else {
            (dest_path.clone(), dest.clone())
        };
        if let Err(msg) = each(sh, io, &src, node, &target, (op, &shown)) {
            if !msg.is_empty() {
                io.eprint(format!("{prog}: {msg}\n"));
            }
            status = 1;
        }
        if sh.abort.is_some() {
            return 1;
        }
    }
    status
}

fn mv(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("force", 'f'), ("verbose", 'v'), ("no-clobber", 'n'), ("target-directory", 't'), ("no-target-directory", 'T'), ("interactive", 'i'), ("update", 'u')];
    let Ok(args) = parse(sh, io, argv, "fvntTiu", "t", &longs, 1) else { return 1 };
    let g = gnu(sh);
    let (verbose, no_clobber) = (args.has('v'), args.has('n'));
    transfer(sh, io, &args, "mv", |sh, io, src, node, dst, shown| {
        let existing = sh.fs.lstat(dst).ok();
        if no_clobber && existing.is_some() {
            return Ok(());
        }
        if dst == src {
            return Err(format!("{} and {} are the same file", q(shown.0), q(shown.1)));
        }
        if node.is_dir() && dst.is_inside(src) {
            return Err(format!("cannot move {} to a subdirectory of itself, {}", q(shown.0), q(shown.1)));
        }
        if let Some(e) = &existing {
            if e.is_dir() && !node.is_dir() {
                return Err(format!("cannot overwrite directory {} with non-directory", q(shown.1)));
            }
            if !e.is_dir() && node.is_dir() {
                return Err(format!("cannot overwrite non-directory {} with directory {}", q(shown.1), q(shown.0)));
            }
        }
        match sh.fs.rename(src, dst) {
            Ok(()) => {
                if verbose {
                    io.print(if g {
                        format!("renamed {} -> {}\n", q(shown.0), q(shown.1))
                    } else {
                        format!("'{}' -> '{}'\n", shown.0, shown.1)
                    });
                }
                Ok(())
            }
            Err(e) if g => Err(format!("cannot move {} to {}: {}", q(shown.0), q(shown.1), e.kind.message())),
            Err(e) => Err(format!("can't rename '{}': {}", shown.0, e.kind.message())),
        }
    })
}

fn ln(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("symbolic", 's'), ("force", 'f'), ("no-dereference", 'n'), ("no-target-directory", 'T'), ("verbose", 'v'), ("target-directory", 't'), ("relative", 'r')];
    let Ok(args) = parse(sh, io, argv, "sfnTvtLPr", "t", &longs, 1) else { return 1 };
    let g = gnu(sh);
    let symbolic = args.has('s');
    let mut ops = args.operands.clone();
    if ops.is_empty() {
        if g {
            return io.fail("ln", "missing file operand\nTry 'ln --help' for more information.", 1);
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
        let link = sh.fs.lstat(&p).is_ok_and(|n| matches!(n.kind, NodeKind::Symlink(_)));
        sh.fs.is_dir(&p) && !(args.has('n') && link)
    };
    let into_dir = match &dest {
        None => true,
        Some(d) => dest_dir(sh, d),
    };
    if targets.len() > 1 && !into_dir {
        let d = dest.unwrap_or_default();
        return io.fail("ln", if g { format!("target {} is not a directory", q(&d)) } else { format!("'{d}' is not a directory") }, 1);
    }
    let mut status = 0;
    for t in &targets {
        let link = match (&dest, into_dir) {
            (None, _) => base(t).to_string(),
            (Some(d), true) => format!("{}/{}", d.trim_end_matches('/'), base(t)),
            (Some(d), false) => d.clone(),
        };
        let link_path = super::util::arg_path(sh, &link);
        let what = if symbolic { "symbolic link" } else { "hard link" };
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
                        io.eprint(format!("ln: {}: hard link not allowed for directory\n", super::util::qf(t)));
                    } else {
                        io.eprint(format!("ln: {t}: Operation not permitted\n"));
                    }
                    status = 1;
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    if g {
                        io.eprint(format!("ln: failed to access {}: {}\n", q(t), e.kind.message()));
                    } else {
                        io.eprint(format!("ln: {t}: {}\n", e.kind.message()));
                    }
                    status = 1;
                    continue;
                }
            }
        }
        if let Ok(existing) = sh.fs.resolve(&link_path, false).and_then(|p| sh.fs.lstat(&p)) {
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
            if sh.fs.resolve(&link_path, true).ok() == sh.fs.resolve(&super::util::arg_path(sh, t), true).ok() && !symbolic {
                if g {
                    io.eprint(format!("ln: {} and {} are the same file\n", q(t), q(&link)));
                }
                status = 1;
                continue;
            }
            let _ = sh.fs.remove(&link_path, false);
        }
        let result = if symbolic {
            sh.fs.symlink(t, &link_path)
        } else {
            sh.fs.hardlink(&super::util::arg_path(sh, t), &link_path)
        };
        match result {
            Ok(()) => {
                if args.has('v') {
                    io.print(format!("{} {} {}\n", q(&link), if symbolic { "->" } else { "=>" }, q(t)));
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
