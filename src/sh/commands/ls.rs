//! `ls`: `-l -a -A -1 -d -R -h -F -p -n -r -t -S -L`, names sorted in the C locale's byte
//! order, one per line (the build log is not a terminal), coreutils' aligned long format on
//! Debian/Ubuntu and busybox's fixed columns elsewhere, `total` lines, owners from the
//! image's `/etc/passwd` and `/etc/group`, dates from each node's mtime and `Shell::now`.

use super::util::{blocks_k, gnu, human, id_names, ls_date, parse, q};
use super::CommandFn;
use crate::fs::{FsPath, Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::BTreeMap;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("ls", ls)];

/// What `ls` shows of one entry.
struct Entry {
    name: String,
    path: FsPath,
    node: Node,
}

/// The size `ls -l` and `stat` show: content for files, 4096 for directories, the target's
/// length for symlinks.
pub(super) fn shown_size(n: &Node) -> u64 {
    match &n.kind {
        NodeKind::Dir => 4096,
        NodeKind::Symlink(t) => t.len() as u64,
        _ => n.size(),
    }
}

/// Hard links per file, counted within each listed file's directory (where an image keeps
/// its links: busybox's applets in `/bin`, `perl` beside `perl5.36.0`): the file's own name
/// plus every other name in that directory that is a hard link to it.
#[derive(Default)]
pub(super) struct Links(BTreeMap<FsPath, BTreeMap<String, FsPath>>);

impl Links {
    /// The link count of a non-directory at `path` (as listed, possibly via symlinked parents).
    pub(super) fn count(&mut self, sh: &Shell<'_>, path: &FsPath) -> u64 {
        let Ok(real) = sh.fs.resolve(path, false) else {
            return 1;
        };
        let dir = real.parent();
        let names = self.0.entry(dir.clone()).or_insert_with(|| {
            sh.fs
                .read_dir(&dir)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(name, n)| match n.kind {
                    NodeKind::Hardlink(t) => Some((name, t)),
                    _ => None,
                })
                .collect()
        });
        if names.is_empty() {
            return 1;
        }
        // The inode: the file a link names, or the file itself.
        let file = names.get(real.name()).cloned().unwrap_or(real);
        1 + names.values().filter(|t| **t == file).count() as u64
    }
}

fn nlink(sh: &Shell<'_>, e: &Entry, links: &mut Links) -> u64 {
    if e.node.is_dir() {
        let subdirs = sh
            .fs
            .read_dir(&e.path)
            .map(|kids| kids.iter().filter(|(_, n)| n.is_dir()).count())
            .unwrap_or(0);
        2 + subdirs as u64
    } else if matches!(e.node.kind, NodeKind::Symlink(_)) {
        1
    } else {
        links.count(sh, &e.path)
    }
}

fn classify(n: &Node) -> &'static str {
    match &n.kind {
        NodeKind::Dir => "/",
        NodeKind::Symlink(_) => "@",
        _ if n.mode & 0o111 != 0 => "*",
        _ => "",
    }
}

struct Ls {
    long: bool,
    all: bool,
    almost: bool,
    human: bool,
    classify: bool,
    numeric: bool,
    reverse: bool,
    by_time: bool,
    by_size: bool,
    dirs_first: bool,
    gnu: bool,
    users: BTreeMap<u32, String>,
    groups: BTreeMap<u32, String>,
}

impl Ls {
    fn sort(&self, v: &mut [Entry]) {
        crate::sorting::sort_by(v, |a, b| {
            let o = if self.by_size {
                shown_size(&b.node).cmp(&shown_size(&a.node))
            } else if self.by_time {
                b.node.mtime.cmp(&a.node.mtime)
            } else {
                std::cmp::Ordering::Equal
            };
            o.then_with(|| a.name.as_bytes().cmp(b.name.as_bytes()))
        });
        if self.reverse {
            v.reverse();
        }
        if self.dirs_first {
            // A stable sort keeps the order within each group.
            let is_dir = |e: &Entry| match &e.node.kind {
                NodeKind::Symlink(_) => false,
                _ => e.node.is_dir(),
            };
            crate::sorting::sort_by_key(v, |e| !is_dir(e));
        }
    }

    fn show(&self, sh: &Shell<'_>, entries: &[Entry], out: &mut String) {
        if !self.long {
            for e in entries {
                out.push_str(&e.name);
                if self.classify {
                    out.push_str(classify(&e.node));
                }
                out.push('\n');
            }
            return;
        }
        // Names are left-aligned, numeric ids (with -n, or without a name) right-aligned.
        let named = |e: &Entry| {
            (
                !self.numeric && self.users.contains_key(&e.node.uid),
                !self.numeric && self.groups.contains_key(&e.node.gid),
            )
        };
        let mut links = Links::default();
        let rows: Vec<[String; 5]> = entries
            .iter()
            .map(|e| {
                let owner = match (self.numeric, self.users.get(&e.node.uid)) {
                    (false, Some(n)) => n.clone(),
                    _ => e.node.uid.to_string(),
                };
                let group = match (self.numeric, self.groups.get(&e.node.gid)) {
                    (false, Some(n)) => n.clone(),
                    _ => e.node.gid.to_string(),
                };
                let size = shown_size(&e.node);
                let size = if self.human {
                    if self.gnu {
                        human(size)
                    } else {
                        super::util::human_bb(size)
                    }
                } else {
                    size.to_string()
                };
                [
                    e.node.mode_string(),
                    nlink(sh, e, &mut links).to_string(),
                    owner,
                    group,
                    size,
                ]
            })
            .collect();
        let w = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
        let (wl, wo, wg, ws) = (w(1), w(2), w(3), w(4));
        // busybox: `%9llu` for sizes, `%7s` (HUMAN_READABLE_MAX_WIDTH) for -h.
        let bw = if self.human { 7 } else { 9 };
        for (e, r) in entries.iter().zip(&rows) {
            let date = ls_date(e.node.mtime, sh.now);
            if self.gnu {
                let (un, gn) = named(e);
                let owner = if un {
                    format!("{:<wo$}", r[2])
                } else {
                    format!("{:>wo$}", r[2])
                };
                let group = if gn {
                    format!("{:<wg$}", r[3])
                } else {
                    format!("{:>wg$}", r[3])
                };
                out.push_str(&format!(
                    "{} {:>wl$} {owner} {group} {:>ws$} {date} {}",
                    r[0], r[1], r[4], e.name
                ));
            } else if self.numeric {
                out.push_str(&format!(
                    "{:<10} {:>4} {:<8} {:<8} {:>bw$} {date} {}",
                    r[0], r[1], r[2], r[3], r[4], e.name
                ));
            } else {
                let cut = |s: &str| s.chars().take(8).collect::<String>();
                out.push_str(&format!(
                    "{:<10} {:>4} {:<8} {:<8} {:>bw$} {date} {}",
                    r[0],
                    r[1],
                    cut(&r[2]),
                    cut(&r[3]),
                    r[4],
                    e.name
                ));
            }
            if let NodeKind::Symlink(t) = &e.node.kind {
                out.push_str(" -> ");
                out.push_str(t);
                if self.classify {
                    if let Ok(target) = sh.fs.stat(&e.path) {
                        out.push_str(classify(&target));
                    }
                }
            } else if self.classify {
                out.push_str(classify(&e.node));
            }
            out.push('\n');
        }
    }

    fn entries(&self, sh: &Shell<'_>, dir: &FsPath, shown: &str) -> Vec<Entry> {
        let mut v = Vec::new();
        if self.all {
            for (name, p) in [(".", dir.clone()), ("..", dir.parent())] {
                if let Ok(node) = sh.fs.stat(&p) {
                    v.push(Entry {
                        name: name.into(),
                        path: p,
                        node,
                    });
                }
            }
        }
        let _ = shown;
        for (name, _) in sh.fs.read_dir(dir).unwrap_or_default() {
            if name.starts_with('.') && !self.all && !self.almost {
                continue;
            }
            let path = dir.join(&name);
            if let Ok(node) = sh.fs.lstat(&path) {
                v.push(Entry { name, path, node });
            }
        }
        self.sort(&mut v);
        v
    }
}

fn ls(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("all", 'a'),
        ("almost-all", 'A'),
        ("directory", 'd'),
        ("recursive", 'R'),
        ("human-readable", 'h'),
        ("classify", 'F'),
        ("numeric-uid-gid", 'n'),
        ("reverse", 'r'),
        // Accepted and ignored: the build log is not a terminal.
        ("color", '\u{1}'),
        ("group-directories-first", '\u{2}'),
    ];
    let g = gnu(sh);
    let fail = if g { 2 } else { 1 };
    let Ok(args) = parse(sh, io, argv, "laA1dRhFnrtSCxpgoiLH", "", &longs, fail) else {
        return fail;
    };
    let (users, groups) = id_names(sh);
    let ls = Ls {
        long: args.has('l') || args.has('n') || args.has('g') || args.has('o'),
        all: args.has('a'),
        almost: args.has('A'),
        human: args.has('h'),
        classify: args.has('F') || args.has('p'),
        numeric: args.has('n'),
        reverse: args.has('r'),
        by_time: args.has('t'),
        by_size: args.has('S'),
        dirs_first: args.has('\u{2}'),
        gnu: g,
        users,
        groups,
    };
    let (dir_only, recursive) = (args.has('d'), args.has('R') && !args.has('d'));
    let ops = if args.operands.is_empty() {
        vec![".".to_string()]
    } else {
        args.operands.clone()
    };
    let follow = !(ls.long || ls.classify || dir_only) || args.has('L') || args.has('H');
    let mut status = 0;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for op in &ops {
        let path = super::util::arg_path(sh, op);
        let node = if follow {
            sh.fs.stat(&path).or_else(|_| sh.fs.lstat(&path))
        } else {
            sh.fs.lstat(&path)
        };
        match node {
            Ok(node) if node.is_dir() && !dir_only => dirs.push(Entry {
                name: op.clone(),
                path,
                node,
            }),
            Ok(node) => files.push(Entry {
                name: op.clone(),
                path,
                node,
            }),
            Err(e) => {
                if g {
                    io.eprint(format!(
                        "ls: cannot access {}: {}\n",
                        q(op),
                        e.kind.message()
                    ));
                } else {
                    io.eprint(format!("ls: {op}: {}\n", e.kind.message()));
                }
                status = fail;
            }
        }
    }
    ls.sort(&mut files);
    ls.sort(&mut dirs);
    let mut out = String::new();
    ls.show(sh, &files, &mut out);
    let headers = ops.len() > 1 || recursive;
    let mut first = files.is_empty();
    let mut queue: Vec<Entry> = dirs;
    queue.reverse();
    while let Some(d) = queue.pop() {
        if headers {
            if !first {
                out.push('\n');
            }
            out.push_str(&format!("{}:\n", d.name));
        }
        first = false;
        let kids = ls.entries(sh, &d.path, &d.name);
        if ls.long {
            let total: u64 = kids
                .iter()
                .filter(|e| e.name != "." && e.name != "..")
                .map(|e| match e.node.kind {
                    NodeKind::Dir => 4,
                    NodeKind::Symlink(_) => 0,
                    _ => blocks_k(e.node.size()),
                })
                .sum::<u64>()
                + if ls.all { 8 } else { 0 };
            // busybox prints the total in 1K blocks even with -h.
            let total = if ls.human && g {
                human(total * 1024)
            } else {
                total.to_string()
            };
            out.push_str(&format!("total {total}\n"));
        }
        ls.show(sh, &kids, &mut out);
        if recursive {
            let base = d.name.trim_end_matches('/');
            let sub: Vec<Entry> = kids
                .into_iter()
                .filter(|e| e.node.is_dir() && e.name != "." && e.name != "..")
                .map(|e| Entry {
                    name: if d.name == "/" {
                        format!("/{}", e.name)
                    } else {
                        format!("{base}/{}", e.name)
                    },
                    ..e
                })
                .collect();
            queue.extend(sub.into_iter().rev());
        }
        if out.len() > 8 << 20 {
            break;
        }
    }
    io.print(out);
    status
}
