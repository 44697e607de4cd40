//! Copying and moving: `cp` (`-r -R -a -p -f -n -v -L -P -t -T`: file→file, files→dir,
//! dir→dir, into an existing directory or creating it, `cp -a` keeping mode, owner and
//! symlinks) and `mv` (files and directories, into a directory, via `Rootfs::rename`).

use super::fileops::{base, missing, UMASK};
use super::util::{gnu, parse, q};
use super::CommandFn;
use crate::fs::{FsPath, Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("cp", cp), ("mv", mv)];

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
fn copy_node(
    sh: &mut Shell<'_>,
    io: &mut Io,
    o: &CpOpts,
    src: &FsPath,
    n: &Node,
    dst: &FsPath,
    shown: (&str, &str),
) -> Result<(), String> {
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
                sh.fs
                    .remove(dst, false)
                    .map_err(|e| fail(e, "symbolic link"))?;
            }
            sh.fs
                .symlink(target, dst)
                .map_err(|e| fail(e, "symbolic link"))?;
            if o.preserve {
                let _ = sh.fs.lchown(dst, n.uid, n.gid);
            }
        }
        // Copying recurses per level: bound it (and `cp -rL` through a symlink loop).
        NodeKind::Dir if src.depth() >= 256 || dst.depth() >= 256 => {
            return Err(format!("cannot copy {}: File name too long", q(shown.0)));
        }
        NodeKind::Dir => {
            match existing {
                Some(e) if e.is_dir() => {}
                Some(_) => {
                    return Err(if o.gnu {
                        format!(
                            "cannot overwrite non-directory {} with directory {}",
                            q(shown.1),
                            q(shown.0)
                        )
                    } else {
                        format!("can't create directory '{}': File exists", shown.1)
                    })
                }
                None => sh
                    .fs
                    .mkdir(dst, n.mode & !UMASK)
                    .map_err(|e| fail(e, "directory"))?,
            }
            let kids = sh
                .fs
                .read_dir(src)
                .map_err(|e| e.kind.message().to_string())?;
            let mut failed = false;
            for (name, _) in kids {
                let s = src.join(&name);
                let (a, b) = (
                    format!("{}/{name}", shown.0.trim_end_matches('/')),
                    format!("{}/{name}", shown.1.trim_end_matches('/')),
                );
                let kn = if o.deref {
                    sh.fs.stat(&s)
                } else {
                    sh.fs.lstat(&s)
                };
                let result = match kn {
                    Ok(kn) => copy_node(sh, io, o, &s, &kn, &dst.join(&name), (&a, &b)),
                    Err(e) if o.gnu => Err(format!("cannot stat {}: {}", q(&a), e.kind.message())),
                    Err(e) => Err(format!("can't stat '{a}': {}", e.kind.message())),
                };
                if let Err(e) = result {
                    // An empty message: already reported further down.
                    if !e.is_empty() {
                        io.eprint(format!("cp: {e}\n"));
                    }
                    failed = true;
                }
            }
            if o.preserve {
                let _ = sh.fs.place(dst, n.clone());
            }
            if failed {
                return Err(String::new());
            }
        }
        _ => {
            if existing.as_ref().is_some_and(|e| e.is_dir()) {
                return Err(if o.gnu {
                    format!(
                        "cannot overwrite directory {} with non-directory",
                        q(shown.1)
                    )
                } else {
                    format!("can't create '{}': Is a directory", shown.1)
                });
            }
            let content = if src.as_str() == "/dev/null" {
                crate::fs::Content::Bytes(Vec::new().into())
            } else {
                sh.fs
                    .read_file(src)
                    .map_err(|e| e.kind.message().to_string())?
            };
            if let Err(kind) = sh.budget.charge_write(content.len()) {
                sh.abort = Some(crate::sh::shell::Abort::Budget(kind));
                return Err(format!("{}: {}", shown.1, kind.message()));
            }
            let new = existing.is_none();
            let mode = n.mode & !UMASK;
            if o.preserve {
                if existing.is_some() {
                    sh.fs
                        .write_file(dst, content.clone(), mode)
                        .map_err(|e| fail(e, "regular file"))?;
                }
                let node = Node {
                    kind: NodeKind::File(content),
                    ..n.clone()
                };
                let real = sh
                    .fs
                    .resolve(dst, true)
                    .map_err(|e| fail(e, "regular file"))?;
                sh.fs
                    .place(&real, node)
                    .map_err(|e| fail(e, "regular file"))?;
            } else {
                sh.fs
                    .write_file(dst, content, mode)
                    .map_err(|e| fail(e, "regular file"))?;
                if new {
                    let _ = sh.fs.chmod(dst, mode);
                }
            }
        }
    }
    Ok(())
}

fn cp(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("recursive", 'r'),
        ("archive", 'a'),
        ("force", 'f'),
        ("verbose", 'v'),
        ("dereference", 'L'),
        ("no-dereference", 'P'),
        ("no-clobber", 'n'),
        ("target-directory", 't'),
        ("no-target-directory", 'T'),
        ("preserve", 'p'),
        ("update", 'u'),
        ("interactive", 'i'),
        // Accepted; nothing to do on this filesystem.
        ("no-preserve", '\u{1}'),
        ("remove-destination", '\u{1}'),
        ("sparse", '\u{1}'),
        ("reflink", '\u{1}'),
        ("backup", '\u{1}'),
        ("parents", '\u{4}'),
    ];
    let Ok(args) = parse(sh, io, argv, "rRafvLPHnptTudil", "t", &longs, 1) else {
        return 1;
    };
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
            return Err(format!(
                "cannot copy a directory, {}, into itself, {}",
                q(shown.0),
                q(shown.1)
            ));
        }
        let node = if o.deref {
            sh.fs.stat(src).unwrap_or(node)
        } else {
            node
        };
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
    mut each: impl FnMut(
        &mut Shell<'_>,
        &mut Io,
        &FsPath,
        Node,
        &FsPath,
        (&str, &str),
    ) -> Result<(), String>,
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
            // `cp /dev/null file`: the device every container has reads as empty.
            Err(_) if src.as_str() == "/dev/null" => Node::file(Vec::new(), 0o666),
            Err(e) => {
                if g {
                    io.eprint(format!(
                        "{prog}: cannot stat {}: {}\n",
                        q(op),
                        e.kind.message()
                    ));
                } else {
                    // busybox mv just tries rename(2) and reports that.
                    let what = if prog == "mv" { "rename" } else { "stat" };
                    io.eprint(format!(
                        "{prog}: can't {what} '{op}': {}\n",
                        e.kind.message()
                    ));
                }
                status = 1;
                continue;
            }
        };
        // cp --parents: the source's path as written, under the destination directory.
        let parents = prog == "cp" && args.has('\u{4}');
        if parents && !dest_is_dir {
            return io.fail(
                prog,
                "with --parents, the destination must be a directory",
                1,
            );
        }
        let (target, shown) = if parents {
            let rel = op.trim_start_matches('/');
            let target = dest_path.join(rel);
            if let Err(e) = sh.fs.mkdir_all(&target.parent(), 0o755) {
                io.eprint(format!(
                    "{prog}: cannot make directory {}: {}\n",
                    q(target.parent().as_str()),
                    e.kind.message()
                ));
                status = 1;
                continue;
            }
            (target, format!("{}/{rel}", dest.trim_end_matches('/')))
        } else if dest_is_dir {
            let b = base(op);
            (
                dest_path.join(b),
                format!("{}/{b}", dest.trim_end_matches('/')),
            )
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
    let longs = [
        ("force", 'f'),
        ("verbose", 'v'),
        ("no-clobber", 'n'),
        ("target-directory", 't'),
        ("no-target-directory", 'T'),
        ("interactive", 'i'),
        ("update", 'u'),
    ];
    let Ok(args) = parse(sh, io, argv, "fvntTiu", "t", &longs, 1) else {
        return 1;
    };
    let g = gnu(sh);
    let (verbose, no_clobber) = (args.has('v'), args.has('n'));
    transfer(sh, io, &args, "mv", |sh, io, src, node, dst, shown| {
        let existing = sh.fs.lstat(dst).ok();
        if no_clobber && existing.is_some() {
            return Ok(());
        }
        if dst == src {
            return Err(format!(
                "{} and {} are the same file",
                q(shown.0),
                q(shown.1)
            ));
        }
        if node.is_dir() && dst.is_inside(src) {
            return Err(format!(
                "cannot move {} to a subdirectory of itself, {}",
                q(shown.0),
                q(shown.1)
            ));
        }
        if let Some(e) = &existing {
            if e.is_dir() && !node.is_dir() {
                return Err(format!(
                    "cannot overwrite directory {} with non-directory",
                    q(shown.1)
                ));
            }
            if !e.is_dir() && node.is_dir() {
                return Err(format!(
                    "cannot overwrite non-directory {} with directory {}",
                    q(shown.1),
                    q(shown.0)
                ));
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
            Err(e) if g => Err(format!(
                "cannot move {} to {}: {}",
                q(shown.0),
                q(shown.1),
                e.kind.message()
            )),
            Err(e) => Err(format!("can't rename '{}': {}", shown.0, e.kind.message())),
        }
    })
}
