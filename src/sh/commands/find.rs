//! `find`: paths (default `.`), `-name -iname -path -type -maxdepth -mindepth -empty -newer
//! -perm -user -group -size -mtime`, `-print -print0 -printf -delete -prune -quit`,
//! `-exec … \;` and `-exec … {} +` (run through [`Shell::run_argv`] into the same streams),
//! `!`, `-not`, `-a`, `-o`, parentheses; a depth-first walk in name order.

use super::findexpr::{Expr, Parser};
use super::fnmatch::fnmatch;
use super::util::{exec_check, gnu, q};
use super::CommandFn;
use crate::fs::{FsPath, Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("find", find)];

/// The state of one `find` run.
struct Find {
    batches: Vec<(Vec<String>, Vec<String>)>,
    status: i32,
    quit: bool,
    prune: bool,
    follow: bool,
    out: Vec<u8>,
}

impl Find {
    fn eval(
        &mut self,
        sh: &mut Shell<'_>,
        io: &mut Io,
        e: &Expr,
        path: &FsPath,
        shown: &str,
        node: &Node,
    ) -> bool {
        let name = if shown.ends_with('/') && shown.len() > 1 {
            shown.trim_end_matches('/')
        } else {
            shown
        };
        let base = name
            .rsplit('/')
            .next()
            .filter(|b| !b.is_empty())
            .unwrap_or(name);
        match e {
            Expr::And(all) => all.iter().all(|x| self.eval(sh, io, x, path, shown, node)),
            Expr::Or(alts) => alts.iter().any(|x| self.eval(sh, io, x, path, shown, node)),
            Expr::Not(a) => !self.eval(sh, io, a, path, shown, node),
            Expr::Name(p, fold) => fnmatch(p, base, *fold),
            Expr::Regex(re) => re.is_match(shown),
            Expr::Access(bit) => {
                let n = match &node.kind {
                    NodeKind::Symlink(_) => sh.fs.stat(path).unwrap_or_else(|_| node.clone()),
                    _ => node.clone(),
                };
                if sh.uid == 0 {
                    // root reads and writes anything; executes what has an x bit.
                    *bit != 1 || n.is_dir() || n.mode & 0o111 != 0
                } else if n.uid == sh.uid {
                    n.mode >> 6 & bit != 0
                } else if n.gid == sh.gid {
                    n.mode >> 3 & bit != 0
                } else {
                    n.mode & bit != 0
                }
            }
            Expr::Path(p, fold) => fnmatch(p, shown, *fold),
            Expr::Type(t) => {
                let c = match node.kind {
                    NodeKind::Dir => "d",
                    NodeKind::Symlink(_) => "l",
                    _ => "f",
                };
                t.split(',').any(|x| x == c)
            }
            Expr::Empty => match &node.kind {
                NodeKind::Dir => sh.fs.read_dir(path).is_ok_and(|k| k.is_empty()),
                NodeKind::File(c) => c.is_empty(),
                _ => false,
            },
            Expr::Newer(t) => node.mtime > *t,
            Expr::Perm(kind, m) => match kind {
                '-' => node.mode & m == *m,
                '/' => *m == 0 || node.mode & m != 0,
                _ => node.mode & 0o7777 == *m,
            },
            Expr::Uid(u) => node.uid == *u,
            Expr::Gid(g) => node.gid == *g,
            Expr::Size(sign, n, unit) => {
                let size = match &node.kind {
                    NodeKind::Dir => 4096,
                    NodeKind::Symlink(t) => t.len() as u64,
                    _ => node.size(),
                };
                let units = size.div_ceil(*unit);
                match sign {
                    '+' => units > *n,
                    '-' => units < *n,
                    _ => units == *n,
                }
            }
            Expr::Mtime(sign, n, unit) => {
                let age = (sh.now - node.mtime).div_euclid(*unit);
                match sign {
                    '+' => age > *n,
                    '-' => age < *n,
                    _ => age == *n,
                }
            }
            Expr::Const(b) => *b,
            Expr::Print(zero) => {
                self.out.extend_from_slice(shown.as_bytes());
                self.out.push(if *zero { 0 } else { b'\n' });
                true
            }
            Expr::Printf(f) => {
                let text = printf(f, shown, base, node);
                self.out.extend_from_slice(text.as_bytes());
                true
            }
            Expr::Delete => {
                let r = sh.fs.remove(path, false);
                if let Err(e) = r {
                    self.flush(io);
                    io.eprint(format!(
                        "find: cannot delete {}: {}\n",
                        q(shown),
                        e.kind.message()
                    ));
                    self.status = 1;
                    return false;
                }
                true
            }
            Expr::Prune => {
                self.prune = true;
                true
            }
            Expr::Quit => {
                self.quit = true;
                true
            }
            Expr::Exec(cmd, batch) => {
                if *batch {
                    match self.batches.iter_mut().find(|(c, _)| c == cmd) {
                        Some((_, paths)) => paths.push(shown.to_string()),
                        None => self.batches.push((cmd.clone(), vec![shown.to_string()])),
                    }
                    return true;
                }
                let argv: Vec<String> = cmd.iter().map(|a| a.replace("{}", shown)).collect();
                self.flush(io);
                if exec_check(sh, io, "find", &argv[0]).is_some() {
                    self.status = 1;
                    return false;
                }
                sh.run_argv(&argv, io) == 0
            }
        }
    }

    fn flush(&mut self, io: &mut Io) {
        io.print(std::mem::take(&mut self.out));
    }

    #[allow(clippy::too_many_arguments)]
    /// Visits `start` and what is below it, depth first in name order, with an explicit
    /// stack (a deep tree never deepens the call stack). Post-order with `-depth`/`-delete`.
    fn walk(
        &mut self,
        sh: &mut Shell<'_>,
        io: &mut Io,
        e: &Expr,
        start: (&FsPath, &str),
        lim: (usize, usize, bool),
    ) {
        let (min, max, post) = lim;
        // (path, shown, depth, node when this is the post-order visit)
        let mut stack: Vec<(FsPath, String, usize, Option<Node>)> =
            vec![(start.0.clone(), start.1.to_string(), 0, None)];
        while let Some((path, shown, depth, done)) = stack.pop() {
            if self.quit || sh.abort.is_some() {
                return;
            }
            if let Some(node) = done {
                self.eval(sh, io, e, &path, &shown, &node);
                continue;
            }
            let node = if self.follow {
                sh.fs.stat(&path).or_else(|_| sh.fs.lstat(&path))
            } else {
                sh.fs.lstat(&path)
            };
            let Ok(node) = node else { continue };
            self.prune = false;
            if !post && depth >= min {
                self.eval(sh, io, e, &path, &shown, &node);
            }
            let pruned = std::mem::take(&mut self.prune);
            if post && depth >= min {
                stack.push((path.clone(), shown.clone(), depth, Some(node.clone())));
            }
            // -L through a symlink loop: the path grows without end; stop like ELOOP.
            if node.is_dir()
                && depth < max
                && !pruned
                && !self.quit
                && !(self.follow && path.depth() >= 256)
            {
                let kids = sh.fs.read_dir(&path).unwrap_or_default();
                let sep = if shown.ends_with('/') { "" } else { "/" };
                for (name, _) in kids.into_iter().rev() {
                    stack.push((
                        path.join(&name),
                        format!("{shown}{sep}{name}"),
                        depth + 1,
                        None,
                    ));
                }
            }
        }
    }
}

fn printf(f: &str, shown: &str, base: &str, node: &Node) -> String {
    let mut out = String::new();
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('0') => out.push('\0'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            },
            '%' => match chars.next() {
                Some('p') => out.push_str(shown),
                Some('f') => out.push_str(base),
                Some('P') => out.push_str(shown.split_once('/').map_or("", |(_, r)| r)),
                Some('h') => out.push_str(shown.rsplit_once('/').map_or(".", |(d, _)| d)),
                Some('s') => out.push_str(&node.size().to_string()),
                Some('m') => out.push_str(&format!("{:o}", node.mode & 0o7777)),
                Some('y') => out.push(match node.kind {
                    NodeKind::Dir => 'd',
                    NodeKind::Symlink(_) => 'l',
                    _ => 'f',
                }),
                Some('%') => out.push('%'),
                Some(o) => {
                    out.push('%');
                    out.push(o);
                }
                None => out.push('%'),
            },
            c => out.push(c),
        }
    }
    out
}

fn find(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let g = gnu(sh);
    let mut i = 1;
    let mut follow = false;
    while let Some(a) = argv
        .get(i)
        .filter(|a| matches!(a.as_str(), "-L" | "-H" | "-P"))
    {
        follow = a == "-L";
        i += 1;
    }
    let mut paths = Vec::new();
    while let Some(a) = argv
        .get(i)
        .filter(|a| !a.starts_with('-') && *a != "(" && *a != "!")
    {
        paths.push(a.clone());
        i += 1;
    }
    if paths.is_empty() {
        paths.push(".".to_string());
    }
    let rest = &argv[i.min(argv.len())..];
    let (mut min, mut max, mut post) = (0usize, usize::MAX, false);
    let mut k = 0;
    // findutils warns about a global option placed after a test (it applies to all).
    let mut first_test: Option<&str> = None;
    while k < rest.len() {
        match rest[k].as_str() {
            "-maxdepth" | "-mindepth" => {
                if let (true, Some(t)) = (g, first_test) {
                    let o = &rest[k];
                    io.eprint(format!(
                        "find: warning: you have specified the global option {o} after the argument {t}, but global options are not positional, i.e., {o} affects tests specified before it as well as those specified after it.  Please specify global options before other arguments.\n"
                    ));
                }
                let v = rest.get(k + 1).and_then(|v| v.parse::<usize>().ok());
                let Some(v) = v else {
                    let what = rest.get(k + 1).cloned().unwrap_or_default();
                    return io.fail(
                        "find",
                        if g {
                            format!("invalid argument {} to {}", q(&what), q(&rest[k]))
                        } else {
                            format!("invalid number '{what}'")
                        },
                        1,
                    );
                };
                if rest[k] == "-maxdepth" {
                    max = v
                } else {
                    min = v
                }
                k += 1;
            }
            "-depth" => post = true,
            "-delete" => {
                post = true;
                first_test.get_or_insert("-delete");
            }
            t if t.starts_with('-') || t == "(" || t == "!" => {
                first_test.get_or_insert(&rest[k]);
            }
            _ => {}
        }
        k += 1;
    }
    let mut p = Parser {
        args: rest,
        pos: 0,
        has_action: false,
        depth: 0,
        regextype: "emacs".to_string(),
        gnu: g,
    };
    let expr = if rest.is_empty() {
        Expr::Const(true)
    } else {
        match p.or(sh) {
            Ok(e) if p.pos == rest.len() => e,
            Ok(_) => {
                let t = rest.get(p.pos).cloned().unwrap_or_default();
                return io.fail(
                    "find",
                    if g {
                        format!("unexpected extra predicate {}", q(&t))
                    } else {
                        format!("unrecognized: {t}")
                    },
                    1,
                );
            }
            Err(msg) => return io.fail("find", msg, 1),
        }
    };
    let expr = if p.has_action {
        expr
    } else {
        Expr::And(vec![expr, Expr::Print(false)])
    };
    let mut f = Find {
        batches: Vec::new(),
        status: 0,
        quit: false,
        prune: false,
        follow,
        out: Vec::new(),
    };
    for start in &paths {
        let path = super::util::arg_path(sh, start);
        let exists = if follow {
            sh.fs.stat(&path)
        } else {
            sh.fs.resolve(&path, false).and_then(|r| sh.fs.lstat(&r))
        };
        if let Err(e) = exists {
            f.flush(io);
            if g {
                io.eprint(format!("find: {}: {}\n", q(start), e.kind.message()));
            } else {
                io.eprint(format!("find: {start}: {}\n", e.kind.message()));
            }
            f.status = 1;
            continue;
        }
        // A start path that is a symlink to a directory is followed only with -L / -H.
        let real = if follow {
            sh.fs.resolve(&path, true).unwrap_or(path.clone())
        } else {
            path.clone()
        };
        f.walk(sh, io, &expr, (&real, start), (min, max, post));
    }
    f.flush(io);
    for (cmd, paths) in std::mem::take(&mut f.batches) {
        for chunk in paths.chunks(5000) {
            let mut argv = cmd.clone();
            argv.extend(chunk.iter().cloned());
            if exec_check(sh, io, "find", &argv[0]).is_some() {
                f.status = 1;
                break;
            }
            if sh.run_argv(&argv, io) != 0 {
                f.status = 1;
            }
        }
    }
    f.status
}
