//! `tar`: create (`-c`), list (`-t`) and extract (`-x`) archives on the image's filesystem,
//! plain or gzip (`-z`, detected on read), `-f FILE` or `-f -`, `-C DIR`, `-v`,
//! `--strip-components=N`, `--no-same-owner`, `--exclude=PATTERN`, old-style bundled options
//! (`tar xzf a.tgz`) and member operands. Extraction is careful like GNU tar: leading `/` is
//! removed (with its notice), members containing `..` are skipped with an error. Entries are
//! written in path order with the nodes' metadata; synthetic content is streamed into the
//! archive. Archives are read into memory and every byte written is charged to the budget.

use super::accounts::{group_name, user_name};
use super::date;
use super::CommandFn;
use crate::fs::{FsPath, Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::{Abort, Shell};
use std::io::Read;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("tar", tar)];

#[derive(Default)]
struct Opts {
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

struct Ctx {
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

fn excluded(o: &Opts, name: &str) -> bool {
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
        super::compress::gzip_bytes(&bytes, 6)
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
            io.eprint(listing);
            if let Err(k) = sh.budget.charge_output(bytes.len() as u64) {
                sh.abort = Some(Abort::Budget(k));
                return 2;
            }
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

/// One member name after GNU's rules: `None` to skip it (with a message for `..`).
fn member_name(
    raw: &str,
    o: &Opts,
    ctx: &mut Ctx,
    warned: &mut bool,
    io: &mut Io,
) -> Option<String> {
    if ctx.busybox {
        // busybox's strip_unsafe_prefix: drop everything up to the last `../`.
        let mut cut = 0;
        loop {
            let rest = &raw[cut..];
            if rest.starts_with('/') {
                cut += 1;
            } else if rest.starts_with("../") {
                cut += 3;
            } else if let Some(p) = rest.find("/../") {
                cut += p + 4;
            } else {
                break;
            }
        }
        if cut > 0 && !*warned {
            io.eprint(format!(
                "tar: removing leading '{}' from member names\n",
                &raw[..cut]
            ));
            *warned = true;
        }
        let parts: Vec<&str> = raw[cut..]
            .split('/')
            .filter(|c| !c.is_empty() && *c != "." && *c != "..")
            .collect();
        if parts.len() <= o.strip {
            return None;
        }
        return Some(parts[o.strip..].join("/"));
    }
    let trimmed = raw.trim_start_matches('/');
    if trimmed.len() != raw.len() && !*warned {
        io.eprint("tar: Removing leading `/' from member names\n");
        *warned = true;
    }
    if trimmed.split('/').any(|c| c == "..") {
        ctx.prog_fail(io, &format!("{raw}: Member name contains '..'"));
        return None;
    }
    let parts: Vec<&str> = trimmed
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    if parts.len() <= o.strip {
        return None;
    }
    Some(parts[o.strip..].join("/"))
}

fn read(
    sh: &mut Shell<'_>,
    o: &Opts,
    archive: Option<FsPath>,
    mode: char,
    ctx: &mut Ctx,
    io: &mut Io,
) -> i32 {
    let data = match &archive {
        Some(p) => match sh.fs.read_file(p) {
            Ok(c) => c.to_vec(),
            Err(e) => {
                let f = o.file.clone().unwrap_or_default();
                let msg = if ctx.busybox {
                    format!("can't open '{f}': {}", e.kind.message())
                } else {
                    format!("{f}: Cannot open: {}", e.kind.message())
                };
                return ctx.fatal(io, &msg);
            }
        },
        None => io.read_stdin(),
    };
    let gz = data.starts_with(&[0x1f, 0x8b]);
    if o.gzip && !gz {
        io.eprint("gzip: stdin: not in gzip format\n");
        return ctx.fatal(io, "Child returned status 1");
    }
    let data = if gz {
        let limit = sh.budget.limits.written.saturating_sub(sh.budget.written);
        match super::compress::gunzip_bytes(&data, limit) {
            Ok(d) => d,
            Err(e) => {
                io.eprint(format!("gzip: stdin: {e}\n"));
                return ctx.fatal(io, "Child returned status 1");
            }
        }
    } else {
        data
    };
    let mut ar = tar::Archive::new(&data[..]);
    let entries = match ar.entries() {
        Ok(e) => e,
        Err(_) => return ctx.fatal(io, "This does not look like a tar archive"),
    };
    let mut warned = false;
    let mut seen = vec![false; o.members.len()];
    let mut any = false;
    let mut out = String::new();
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(_) => {
                if !any {
                    ctx.prog_fail(io, "This does not look like a tar archive");
                } else {
                    ctx.prog_fail(io, "Unexpected EOF in archive");
                }
                break;
            }
        };
        any = true;
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if !o.members.is_empty() {
            let clean = raw.trim_start_matches("./").trim_end_matches('/');
            let hit = o.members.iter().position(|m| {
                let m = m.trim_start_matches("./").trim_end_matches('/');
                clean == m || clean.starts_with(&format!("{m}/"))
            });
            match hit {
                Some(k) => seen[k] = true,
                None => continue,
            }
        }
        if excluded(o, &raw) {
            continue;
        }
        let h = entry.header();
        let kind = h.entry_type();
        let (mode_bits, uid, gid, mtime, size) = (
            h.mode().unwrap_or(0o644) & 0o7777,
            h.uid().unwrap_or(0) as u32,
            h.gid().unwrap_or(0) as u32,
            h.mtime().unwrap_or(0) as i64,
            h.size().unwrap_or(0),
        );
        let link = entry
            .link_name_bytes()
            .map(|l| String::from_utf8_lossy(&l).into_owned());
        if mode == 't' {
            if o.verbose {
                let owner = format!(
                    "{}/{}",
                    h.username()
                        .ok()
                        .flatten()
                        .map_or(uid.to_string(), String::from),
                    h.groupname()
                        .ok()
                        .flatten()
                        .map_or(gid.to_string(), String::from)
                );
                let t = match kind {
                    tar::EntryType::Directory => 'd',
                    tar::EntryType::Symlink => 'l',
                    tar::EntryType::Link => 'h',
                    _ => '-',
                };
                let perms = Node::file(Vec::new(), mode_bits).mode_string();
                let when = date::format(mtime, "%Y-%m-%d %H:%M");
                let suffix = match (kind, &link) {
                    (tar::EntryType::Symlink, Some(l)) => format!(" -> {l}"),
                    (tar::EntryType::Link, Some(l)) => format!(" link to {l}"),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "{t}{} {owner} {size:>9} {when} {raw}{suffix}\n",
                    &perms[1..]
                ));
            } else {
                out.push_str(&raw);
                out.push('\n');
            }
            continue;
        }
        let Some(name) = member_name(&raw, o, ctx, &mut warned, io) else {
            continue;
        };
        if o.verbose {
            out.push_str(&raw);
            out.push('\n');
        }
        let (uid, gid) = if o.no_same_owner || sh.uid != 0 {
            (sh.uid, sh.gid)
        } else {
            (uid, gid)
        };
        let dest = sh.path(&name);
        if let Err(e) = sh.fs.mkdir_all(&dest.parent(), 0o755) {
            ctx.prog_fail(io, &format!("{name}: Cannot mkdir: {}", e.kind.message()));
            continue;
        }
        let result = match kind {
            tar::EntryType::Directory => {
                let node = Node {
                    mtime,
                    ..Node::dir(mode_bits).owned(uid, gid)
                };
                sh.fs
                    .place(&dest, node)
                    .map_err(|e| e.kind.message().to_string())
            }
            tar::EntryType::Symlink => {
                let node = Node {
                    mtime,
                    ..Node::symlink(link.as_deref().unwrap_or("")).owned(uid, gid)
                };
                sh.fs
                    .place(&dest, node)
                    .map_err(|e| e.kind.message().to_string())
            }
            tar::EntryType::Link => {
                let target = link.unwrap_or_default();
                match member_name(&target, o, ctx, &mut warned, io) {
                    Some(t) => {
                        let t = sh.path(&t);
                        let _ = sh.fs.remove(&dest, false);
                        sh.fs
                            .hardlink(&t, &dest)
                            .map_err(|e| e.kind.message().to_string())
                    }
                    None => continue,
                }
            }
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                if let Err(k) = sh.budget.charge_write(size) {
                    sh.abort = Some(Abort::Budget(k));
                    ctx.prog_fail(io, &format!("{raw}: {}", k.message()));
                    break;
                }
                let mut bytes = Vec::new();
                if entry.read_to_end(&mut bytes).is_err() {
                    ctx.prog_fail(io, "Unexpected EOF in archive");
                    break;
                }
                if o.to_stdout {
                    io.print(&bytes);
                    continue;
                }
                let node = Node {
                    mtime,
                    ..Node::file(bytes, mode_bits).owned(uid, gid)
                };
                sh.fs
                    .place(&dest, node)
                    .map_err(|e| e.kind.message().to_string())
            }
            _ => continue,
        };
        if let Err(e) = result {
            let msg = if ctx.busybox {
                format!("can't create '{name}': {e}")
            } else {
                format!("{name}: Cannot open: {e}")
            };
            ctx.prog_fail(io, &msg);
        }
    }
    io.print(out);
    for (k, m) in o.members.iter().enumerate() {
        if !seen[k] {
            ctx.prog_fail(io, &format!("{m}: Not found in archive"));
        }
    }
    ctx.finish(io)
}
