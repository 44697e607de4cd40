//! `tar`: create (`-c`), list (`-t`) and extract (`-x`) archives on the image's filesystem,
//! plain or gzip (`-z`, detected on read), `-f FILE` or `-f -`, `-C DIR`, `-v`,
//! `--strip-components=N`, `--no-same-owner`, `--exclude=PATTERN`, old-style bundled options
//! (`tar xzf a.tgz`) and member operands. Extraction is careful like GNU tar: leading `/` is
//! removed (with its notice), members containing `..` are skipped with an error. Entries are
//! written in path order with the nodes' metadata; synthetic content is streamed into the
//! archive. Archives are read into memory and every byte written is charged to the budget.

use super::accounts::{group_name, user_name};
use super::CommandFn;
use crate::fs::{FsPath, Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::{Abort, Shell};
use std::io::Read;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("tar", tar)];

#[path = "archive_read.rs"]
mod read;
use read::read;

#[derive(Default)]
pub(crate) struct Opts {
    mode: Option<char>,
    file: Option<String>,
    gzip: bool,
    verbose: bool,
    dir: Option<String>,
    strip: usize,
    no_same_owner: bool,
    to_stdout: bool,
    excludes: Vec<String>,
    members: Vec<String>,
}

pub(crate) struct Ctx {
    busybox: bool,
    errors: bool,
}

impl Ctx {
    fn prog_fail(&mut self, io: &mut Io, msg: &str) {
        io.eprint(format!("tar: {msg}\n"));
        self.errors = true;
    }
    /// Fatal error: GNU adds "Error is not recoverable" (status 2), busybox exits 1.
    fn fatal(&self, io: &mut Io, msg: &str) -> i32 {
        io.eprint(format!("tar: {msg}\n"));
        if self.busybox {
            1
        } else {
            io.eprint("tar: Error is not recoverable: exiting now\n");
            2
        }
    }
    fn finish(&self, io: &mut Io) -> i32 {
        match (self.errors, self.busybox) {
            (false, _) => 0,
            (true, true) => 1,
            (true, false) => {
                io.eprint("tar: Exiting with failure status due to previous errors\n");
                2
            }
        }
    }
}

/// Shell-style wildcard match (`*`, `?`), iterative, O(pattern × text).
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

pub(crate) fn excluded(o: &Opts, name: &str) -> bool {
    let name = name.trim_end_matches('/');
    o.excludes.iter().any(|pat| {
        let pat = pat.trim_end_matches('/');
        wildcard(pat, name)
            || name
                .rsplit('/')
                .next()
                .is_some_and(|base| wildcard(pat, base))
            || name.split('/').any(|c| wildcard(pat, c))
    })
}

fn parse_args(argv: &[String], io: &mut Io) -> Result<Opts, i32> {
    let mut o = Opts::default();
    let mut args: Vec<String> = argv[1..].to_vec();
    // Old style: a first word without `-` is a bundle of letters.
    if let Some(first) = args
        .first()
        .filter(|a| !a.starts_with('-') && !a.is_empty())
    {
        args[0] = format!("-{first}");
    }
    let mut i = 0;
    let mut pending: Vec<char> = Vec::new();
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        if let Some(long) = a.strip_prefix("--") {
            let (name, val) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let mut value = || -> Option<String> {
                val.clone().or_else(|| {
                    i += 1;
                    args.get(i - 1).cloned()
                })
            };
            match name {
                "create" => o.mode = Some('c'),
                "extract" | "get" => o.mode = Some('x'),
                "list" => o.mode = Some('t'),
                "gzip" | "gunzip" | "ungzip" => o.gzip = true,
                "verbose" => o.verbose = true,
                "to-stdout" => o.to_stdout = true,
                "no-same-owner" => o.no_same_owner = true,
                "file" => o.file = value(),
                "directory" => o.dir = value(),
                "exclude" => o.excludes.extend(value()),
                "strip-components" | "strip" => {
                    let v = value().unwrap_or_default();
                    match v.parse() {
                        Ok(n) => o.strip = n,
                        Err(_) => {
                            io.eprint(format!("tar: Invalid number of elements: '{v}'\n"));
                            return Err(2);
                        }
                    }
                }
                "same-owner"
                | "no-same-permissions"
                | "same-permissions"
                | "preserve-permissions"
                | "numeric-owner"
                | "overwrite"
                | "touch"
                | "wildcards"
                | "no-wildcards"
                | "dereference"
                | "keep-old-files"
                | "skip-old-files"
                | "sort"
                | "mtime"
                | "owner"
                | "group"
                | "mode"
                | "warning"
                | "anchored"
                | "no-anchored"
                | "recursion"
                | "ignore-zeros"
                | "no-overwrite-dir"
                | "unlink-first"
                | "keep-directory-symlink"
                | "delay-directory-restore" => {}
                "bzip2" | "xz" | "zstd" | "lzma" | "lzip" | "auto-compress" => {
                    io.eprint(format!(
                        "tar: --{name}: this sandbox only has gzip compression\n"
                    ));
                    return Err(2);
                }
                _ => {
                    io.eprint(format!("tar: unrecognized option '{a}'\nTry 'tar --help' or 'tar --usage' for more information.\n"));
                    return Err(2);
                }
            }
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let letters: Vec<char> = a[1..].chars().collect();
            for (k, c) in letters.iter().enumerate() {
                match c {
                    'c' | 'x' | 't' => o.mode = Some(*c),
                    'z' => o.gzip = true,
                    'v' => o.verbose = true,
                    'O' => o.to_stdout = true,
                    'o' => o.no_same_owner = true,
                    'p' | 'm' | 'h' | 'k' | 'P' | 'U' | 'a' => {}
                    'f' | 'C' | 'X' => {
                        // In a dash cluster the rest of the word is the value (`-fa.tar`).
                        let rest: String = letters[k + 1..].iter().collect();
                        if !rest.is_empty() && i > 1 {
                            match c {
                                'f' => o.file = Some(rest),
                                'C' => o.dir = Some(rest),
                                _ => {}
                            }
                            break;
                        }
                        pending.push(*c);
                    }
                    'j' | 'J' | 'Z' => {
                        io.eprint(format!(
                            "tar: -{c}: this sandbox only has gzip compression\n"
                        ));
                        return Err(2);
                    }
                    _ => {
                        io.eprint(format!("tar: invalid option -- '{c}'\nTry 'tar --help' or 'tar --usage' for more information.\n"));
                        return Err(2);
                    }
                }
            }
            // Values of bundled f/C/X come from the following words, in order.
            for c in std::mem::take(&mut pending) {
                let Some(v) = args.get(i).cloned() else {
                    io.eprint(format!("tar: option requires an argument -- '{c}'\nTry 'tar --help' or 'tar --usage' for more information.\n"));
                    return Err(2);
                };
                i += 1;
                match c {
                    'f' => o.file = Some(v),
                    'C' => o.dir = Some(v),
                    _ => {}
                }
            }
            continue;
        }
        o.members.push(a);
    }
    Ok(o)
}

fn tar(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = super::version::answer(sh, argv, io) {
        return status;
    }
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    let mut ctx = Ctx {
        busybox,
        errors: false,
    };
    let o = match parse_args(argv, io) {
        Ok(o) => o,
        Err(s) => return s,
    };
    let Some(mode) = o.mode else {
        io.eprint("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n");
        return 2;
    };
    let saved_cwd = sh.cwd.clone();
    let archive_path = o.file.clone().filter(|f| f != "-").map(|f| sh.path(&f));
    if let Some(d) = &o.dir {
        let p = sh.path(d);
        if !sh.fs.is_dir(&p) {
            let msg = if busybox {
                format!("can't change directory to '{d}': No such file or directory")
            } else {
                format!("{d}: Cannot open: No such file or directory")
            };
            return ctx.fatal(io, &msg);
        }
        sh.cwd = p;
    }
    let status = match mode {
        'c' => create(sh, &o, archive_path, &mut ctx, io),
        _ => read(sh, &o, archive_path, mode, &mut ctx, io),
    };
    sh.cwd = saved_cwd;
    status
}

fn create(
    sh: &mut Shell<'_>,
    o: &Opts,
    archive: Option<FsPath>,
    ctx: &mut Ctx,
    io: &mut Io,
) -> i32 {
    if o.members.is_empty() {
        if ctx.busybox {
            return io.fail("tar", "empty archive", 1);
        }
        io.eprint("tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.\n");
        return 2;
    }
    let mut builder = tar::Builder::new(Vec::new());
    let mut warned_abs = false;
    let mut listing = String::new();
    for m in &o.members {
        let top = sh.path(m);
        let Ok(node) = sh.fs.lstat(&top) else {
            let msg = if ctx.busybox {
                format!("{m}: No such file or directory")
            } else {
                format!("{m}: Cannot stat: No such file or directory")
            };
            ctx.prog_fail(io, &msg);
            continue;
        };
        let shown = m.trim_start_matches('/');
        if shown.len() != m.len() && !warned_abs && !ctx.busybox {
            io.eprint("tar: Removing leading `/' from member names\n");
            warned_abs = true;
        }
        let shown = shown.trim_end_matches('/').to_string();
        let shown = if shown.is_empty() {
            ".".to_string()
        } else {
            shown
        };
        let mut entries = vec![(top.clone(), shown.clone(), node.clone())];
        if node.is_dir() {
            for (p, n, _) in sh.fs.walk(&top) {
                let rel = p.as_str()[top.as_str().len()..].trim_start_matches('/');
                let name = if shown == "." {
                    format!("./{rel}")
                } else {
                    format!("{shown}/{rel}")
                };
                entries.push((p, name, n));
            }
        }
        for (path, name, node) in entries {
            if excluded(o, &name) {
                continue;
            }
            if let Err(e) = append(sh, &mut builder, &path, &name, &node) {
                ctx.prog_fail(io, &format!("{name}: {e}"));
                continue;
            }
            if o.verbose {
                let shown = if node.is_dir() {
                    format!("{name}/")
                } else {
                    name
                };
                listing.push_str(&shown);
                listing.push('\n');
            }
            if sh.abort.is_some() {
                return 2;
            }
        }
    }
    let bytes = match builder.into_inner() {
        Ok(b) => b,
        Err(e) => return ctx.fatal(io, &e.to_string()),
    };
    let bytes = if o.gzip {
        // gzip's default level, except for big archives (mostly synthetic, incompressible
        // binaries), where level 1 is several times faster and the bytes matter to nobody.
        let level = if bytes.len() > 8 << 20 { 1 } else { 6 };
        super::compress::gzip_bytes(&bytes, level)
    } else {
        bytes
    };
    match archive {
        Some(p) => {
            if o.verbose {
                io.print(listing);
            }
            if let Err(e) = sh.write_file(p.as_str(), bytes, false) {
                return ctx.fatal(io, &format!("{}: Cannot open: {e}", p.as_str()));
            }
        }
        None => {
            // The interpreter charges the output budget wherever the bytes go.
            io.eprint(listing);
            io.print(bytes);
        }
    }
    ctx.finish(io)
}

fn append(
    sh: &mut Shell<'_>,
    b: &mut tar::Builder<Vec<u8>>,
    path: &FsPath,
    name: &str,
    node: &Node,
) -> Result<(), String> {
    let mut h = tar::Header::new_gnu();
    h.set_mode(node.mode);
    h.set_uid(node.uid as u64);
    h.set_gid(node.gid as u64);
    h.set_mtime(node.mtime.max(0) as u64);
    let _ = h.set_username(&user_name(sh, node.uid).unwrap_or_default());
    let _ = h.set_groupname(&group_name(sh, node.gid).unwrap_or_default());
    let err = |e: std::io::Error| e.to_string();
    match &node.kind {
        NodeKind::Dir => {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_size(0);
            put(b, &mut h, &format!("{name}/"), std::io::empty())
        }
        NodeKind::Symlink(target) => {
            h.set_entry_type(tar::EntryType::Symlink);
            h.set_size(0);
            if name.len() < 100 && target.len() < 100 {
                let old = h.as_old_mut();
                old.linkname = [0; 100];
                old.linkname[..target.len()].copy_from_slice(target.as_bytes());
                put(b, &mut h, name, std::io::empty())
            } else {
                b.append_link(&mut h, name, target).map_err(err)
            }
        }
        NodeKind::File(_) | NodeKind::Hardlink(_) => {
            let content = sh
                .fs
                .read_file(path)
                .map_err(|e| e.kind.message().to_string())?;
            sh.budget.charge_write(content.len()).map_err(|k| {
                sh.abort = Some(Abort::Budget(k));
                k.message().to_string()
            })?;
            h.set_entry_type(tar::EntryType::Regular);
            h.set_size(content.len());
            put(b, &mut h, name, content.reader())
        }
    }
}

/// Appends an entry keeping its name as written (`./a.txt`: the tar crate would drop the
/// `./`); names too long for the header go through the crate's GNU long-name path.
fn put(
    b: &mut tar::Builder<Vec<u8>>,
    h: &mut tar::Header,
    name: &str,
    data: impl Read,
) -> Result<(), String> {
    if name.len() < 100 {
        let old = h.as_old_mut();
        old.name = [0; 100];
        old.name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_cksum();
        b.append(h, data).map_err(|e| e.to_string())
    } else {
        b.append_data(h, name, data).map_err(|e| e.to_string())
    }
}
