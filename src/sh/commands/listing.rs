//! Looking at one file: `stat` (the default report and `-c`/`--printf` formats), `du`
//! (`-s -h -k -m -a -c -d`), `readlink` (`-f -e -m -n`) and `realpath`.

use super::ls::shown_size;
use super::util::{arg_path, blocks_k, gnu, human, id_names, parse, q, stat_date};
use super::CommandFn;
use crate::fs::{FsPath, Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::BTreeMap;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("stat", stat),
    ("du", du),
    ("readlink", readlink),
    ("realpath", realpath),
];

fn file_type(n: &Node) -> &'static str {
    match &n.kind {
        NodeKind::Dir => "directory",
        NodeKind::Symlink(_) => "symbolic link",
        NodeKind::File(c) if c.is_empty() => "regular empty file",
        _ => "regular file",
    }
}

fn stat_format(
    sh: &Shell<'_>,
    fmt: &str,
    name: &str,
    n: &Node,
    ids: &(BTreeMap<u32, String>, BTreeMap<u32, String>),
    printf: bool,
) -> String {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && printf {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            }
            continue;
        }
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        let size = shown_size(n);
        let s = match d {
            '%' => "%".to_string(),
            'a' => format!("{:o}", n.mode & 0o7777),
            'A' => n.mode_string(),
            'b' => (blocks_k(size) * 2).to_string(),
            'B' => "512".to_string(),
            'd' => "2049".to_string(),
            'f' => {
                let t = match n.kind {
                    NodeKind::Dir => 0o040000,
                    NodeKind::Symlink(_) => 0o120000,
                    _ => 0o100000,
                };
                format!("{:x}", t | (n.mode & 0o7777))
            }
            'F' => file_type(n).to_string(),
            'g' => n.gid.to_string(),
            'G' => ids
                .1
                .get(&n.gid)
                .cloned()
                .unwrap_or_else(|| "UNKNOWN".into()),
            'h' => {
                if n.is_dir() {
                    // A directory's links: its name, its `.`, and each subdirectory's `..`.
                    let kids = sh.fs.read_dir(&arg_path(sh, name)).unwrap_or_default();
                    (2 + kids.iter().filter(|(_, k)| k.is_dir()).count()).to_string()
                } else if matches!(n.kind, NodeKind::Symlink(_)) {
                    "1".into()
                } else {
                    let path = arg_path(sh, name);
                    let path = sh.fs.resolve(&path, true).unwrap_or(path);
                    super::ls::Links::default().count(sh, &path).to_string()
                }
            }
            'i' => "0".to_string(),
            'n' => name.to_string(),
            'N' => match &n.kind {
                NodeKind::Symlink(t) => format!("{} -> {}", q(name), q(t)),
                _ => q(name),
            },
            'o' => "4096".to_string(),
            's' => size.to_string(),
            'u' => n.uid.to_string(),
            'U' => ids
                .0
                .get(&n.uid)
                .cloned()
                .unwrap_or_else(|| "UNKNOWN".into()),
            'x' | 'y' | 'z' => stat_date(n.mtime),
            'X' | 'Y' | 'Z' => n.mtime.to_string(),
            'w' => "-".to_string(),
            'W' => "0".to_string(),
            other => format!("?{other}"),
        };
        out.push_str(&s);
    }
    out
}

fn stat(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("format", 'c'),
        ("printf", 'P'),
        ("dereference", 'L'),
        ("terse", 't'),
    ];
    let Ok(args) = parse(sh, io, argv, "cPLtf", "cP", &longs, 1) else {
        return 1;
    };
    if args.operands.is_empty() {
        if gnu(sh) {
            return io.fail(
                "stat",
                "missing operand\nTry 'stat --help' for more information.",
                1,
            );
        }
        return io.fail("stat", "missing operand", 1);
    }
    let ids = id_names(sh);
    let mut status = 0;
    let mut out = String::new();
    for op in &args.operands {
        let path = super::util::arg_path(sh, op);
        let node = if args.has('L') {
            sh.fs.stat(&path)
        } else {
            sh.fs.lstat(&path)
        };
        let n = match node {
            Ok(n) => n,
            Err(e) => {
                if gnu(sh) {
                    io.eprint(format!(
                        "stat: cannot statx {}: {}\n",
                        q(op),
                        e.kind.message()
                    ));
                } else {
                    io.eprint(format!("stat: can't stat '{op}': {}\n", e.kind.message()));
                }
                status = 1;
                continue;
            }
        };
        if let Some(f) = args.value('c') {
            out.push_str(&stat_format(sh, f, op, &n, &ids, false));
            out.push('\n');
        } else if let Some(f) = args.value('P') {
            out.push_str(&stat_format(sh, f, op, &n, &ids, true));
        } else {
            let shown = match &n.kind {
                NodeKind::Symlink(t) if gnu(sh) => format!("{op} -> {t}"),
                NodeKind::Symlink(t) => format!("'{op}' -> '{t}'"),
                _ if gnu(sh) => op.clone(),
                _ => format!("'{op}'"),
            };
            let size = shown_size(&n);
            let user = ids
                .0
                .get(&n.uid)
                .cloned()
                .unwrap_or_else(|| "UNKNOWN".into());
            let group = ids
                .1
                .get(&n.gid)
                .cloned()
                .unwrap_or_else(|| "UNKNOWN".into());
            let date = stat_date(n.mtime);
            out.push_str(&format!(
                "  File: {shown}\n  Size: {size:<10}\tBlocks: {:<10} IO Block: 4096   {}\nDevice: 0,52\tInode: 0           Links: {}\nAccess: ({:04o}/{})  Uid: ({:>5}/{:>8})   Gid: ({:>5}/{:>8})\nAccess: {date}\nModify: {date}\nChange: {date}\n Birth: -\n",
                blocks_k(size) * 2,
                file_type(&n),
                stat_format(sh, "%h", op, &n, &ids, false),
                n.mode & 0o7777,
                n.mode_string(),
                n.uid,
                user,
                n.gid,
                group,
            ));
        }
    }
    io.print(out);
    status
}

fn du(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("summarize", 's'),
        ("human-readable", 'h'),
        ("all", 'a'),
        ("total", 'c'),
        ("max-depth", 'd'),
        ("bytes", 'b'),
    ];
    let Ok(args) = parse(sh, io, argv, "shkacdbmxL", "d", &longs, 1) else {
        return 1;
    };
    let max_depth: Option<usize> = if args.has('s') {
        Some(0)
    } else {
        args.value('d').and_then(|v| v.parse().ok())
    };
    let show = |k: u64| -> String {
        if args.has('h') {
            if gnu(sh) {
                human(k * 1024)
            } else {
                super::util::human_bb(k * 1024)
            }
        } else if args.has('m') {
            k.div_ceil(1024).to_string()
        } else {
            k.to_string()
        }
    };
    let ops = if args.operands.is_empty() {
        vec![".".to_string()]
    } else {
        args.operands.clone()
    };
    let mut out = String::new();
    let mut status = 0;
    let mut grand = 0u64;
    for op in &ops {
        let root = super::util::arg_path(sh, op);
        let node = match sh.fs.lstat(&root) {
            Ok(n) => n,
            Err(e) => {
                if gnu(sh) {
                    io.eprint(format!(
                        "du: cannot access {}: {}\n",
                        q(op),
                        e.kind.message()
                    ));
                } else {
                    io.eprint(format!("du: {op}: {}\n", e.kind.message()));
                }
                status = 1;
                continue;
            }
        };
        let own = |n: &Node| match n.kind {
            NodeKind::Dir => 4,
            NodeKind::Symlink(_) => 0,
            _ => blocks_k(n.size()),
        };
        // Walk the directory itself, not a path through a symlinked parent (`/lib/…`).
        let root = sh.fs.resolve(&root, false).unwrap_or(root);
        if !node.is_dir() {
            grand += own(&node);
            out.push_str(&format!("{}\t{op}\n", show(own(&node))));
            continue;
        }
        // Post-order totals: every directory's size is its own block plus its subtree.
        let walk = sh.fs.walk(&root);
        let mut totals: BTreeMap<FsPath, u64> = BTreeMap::new();
        totals.insert(root.clone(), own(&node));
        for (p, n, _) in &walk {
            let size = own(n);
            for a in p
                .ancestors()
                .into_iter()
                .filter(|a| *a == root || a.is_inside(&root))
            {
                *totals.entry(a).or_insert(0) += size;
            }
            if n.is_dir() {
                *totals.entry(p.clone()).or_insert(0) += size;
            }
        }
        let shown = |p: &FsPath| -> String {
            if *p == root {
                op.clone()
            } else {
                let rel = p.as_str().get(root.as_str().len()..).unwrap_or_default();
                let rel = rel.trim_start_matches('/');
                format!("{}/{rel}", op.trim_end_matches('/'))
            }
        };
        let depth_of = |p: &FsPath| p.depth() - root.depth();
        // Children before their parent, siblings in name order.
        let mut order: Vec<(FsPath, bool)> = walk
            .iter()
            .map(|(p, n, _)| (p.clone(), n.is_dir()))
            .collect();
        order.push((root.clone(), true));
        crate::sorting::sort_by(&mut order, |a, b| {
            let ka: Vec<&str> = a.0.components().collect();
            let kb: Vec<&str> = b.0.components().collect();
            let common = ka.iter().zip(&kb).take_while(|(x, y)| x == y).count();
            match (ka.get(common), kb.get(common)) {
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(_), None) => std::cmp::Ordering::Less,
                (Some(x), Some(y)) => x.as_bytes().cmp(y.as_bytes()),
                (None, None) => std::cmp::Ordering::Equal,
            }
        });
        for (p, is_dir) in order {
            if max_depth.is_some_and(|m| depth_of(&p) > m) {
                continue;
            }
            if !is_dir && !args.has('a') {
                continue;
            }
            let k = if is_dir {
                totals.get(&p).copied().unwrap_or(0)
            } else {
                sh.fs.lstat(&p).map(|n| own(&n)).unwrap_or(0)
            };
            out.push_str(&format!("{}\t{}\n", show(k), shown(&p)));
        }
        grand += totals.get(&root).copied().unwrap_or(0);
    }
    if args.has('c') {
        out.push_str(&format!("{}\ttotal\n", show(grand)));
    }
    io.print(out);
    status
}

/// Canonical path: `mode` 'f' (all but the last must exist), 'e' (all must), 'm' (none).
fn canonical(sh: &Shell<'_>, arg: &str, mode: char) -> Option<FsPath> {
    let path = super::util::arg_path(sh, arg);
    match sh.fs.resolve(&path, true) {
        Ok(p) if mode != 'e' || sh.fs.exists(&p) => Some(p),
        Ok(_) => None,
        Err(_) if mode == 'm' => Some(path),
        Err(_) => None,
    }
}

fn readlink(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("canonicalize", 'f'),
        ("canonicalize-existing", 'e'),
        ("canonicalize-missing", 'm'),
        ("no-newline", 'n'),
        ("quiet", 'q'),
        ("silent", 's'),
        ("verbose", 'v'),
    ];
    let Ok(args) = parse(sh, io, argv, "femnqsvz", "", &longs, 1) else {
        return 1;
    };
    if args.operands.is_empty() {
        if gnu(sh) {
            return io.fail(
                "readlink",
                "missing operand\nTry 'readlink --help' for more information.",
                1,
            );
        }
        return io.fail("readlink", "missing operand", 1);
    }
    let mode = args
        .flags
        .iter()
        .rev()
        .find(|(f, _)| "fem".contains(*f))
        .map(|(f, _)| *f);
    let mut status = 0;
    let mut out = String::new();
    for op in &args.operands {
        let result = match mode {
            Some(m) => canonical(sh, op, m).map(|p| p.to_string()),
            None => match sh
                .fs
                .resolve(&super::util::arg_path(sh, op), false)
                .and_then(|p| sh.fs.lstat(&p))
            {
                Ok(Node {
                    kind: NodeKind::Symlink(t),
                    ..
                }) => Some(t),
                _ => None,
            },
        };
        match result {
            Some(r) => {
                out.push_str(&r);
                if !(args.has('n') && args.operands.len() == 1) {
                    out.push('\n');
                }
            }
            None => {
                status = 1;
                if args.has('v') {
                    io.eprint(format!("readlink: {op}: No such file or directory\n"));
                }
            }
        }
    }
    io.print(out);
    status
}

fn realpath(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("canonicalize-existing", 'e'),
        ("canonicalize-missing", 'm'),
        ("quiet", 'q'),
        ("relative-to", 'R'),
        ("relative-base", 'B'),
    ];
    let Ok(args) = parse(sh, io, argv, "emqsz", "RB", &longs, 1) else {
        return 1;
    };
    if args.operands.is_empty() {
        if gnu(sh) {
            return io.fail(
                "realpath",
                "missing operand\nTry 'realpath --help' for more information.",
                1,
            );
        }
        return io.fail("realpath", "missing operand", 1);
    }
    let mode = if args.has('e') || !gnu(sh) {
        'e'
    } else if args.has('m') {
        'm'
    } else {
        'f'
    };
    let mut status = 0;
    let mut out = String::new();
    for op in &args.operands {
        match canonical(sh, op, mode) {
            Some(p) => {
                let base = args.value('R').or(args.value('B'));
                match base.and_then(|b| canonical(sh, b, 'm')) {
                    // --relative-base: only paths below the base become relative.
                    Some(b) if args.value('R').is_some() || p == b || p.is_inside(&b) => {
                        out.push_str(&super::util::relative_path(&b, &p));
                    }
                    _ => out.push_str(p.as_str()),
                }
                out.push('\n');
            }
            None => {
                status = 1;
                if !args.has('q') {
                    io.eprint(format!("realpath: {op}: No such file or directory\n"));
                }
            }
        }
    }
    io.print(out);
    status
}
