//! `find` (paths, `-name -iname -path -type -maxdepth -mindepth -empty -newer -perm -user
//! -group -size -mtime`, `-print -print0 -printf -delete -prune -quit -exec … \;` and
//! `-exec … {} +`, `!`, `-not`, `-a`, `-o`, parentheses) and `xargs` (`-n -I -0 -d -r -L -t`),
//! which run commands through [`Shell::run_argv`] into the same streams.

use super::util::{fnmatch, gnu, group_id, parse, q, user_id};
use super::CommandFn;
use crate::fs::{FsPath, Node, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("find", find), ("xargs", xargs)];

#[derive(Debug, Clone)]
enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Name(String, bool),
    Path(String, bool),
    Type(String),
    Empty,
    Newer(i64),
    Perm(char, u32),
    Uid(u32),
    Gid(u32),
    Size(char, u64, u64),
    Mtime(char, i64, i64),
    Const(bool),
    Print(bool),
    Printf(String),
    Delete,
    Prune,
    Quit,
    Exec(Vec<String>, bool),
}

/// The state of one `find` run.
struct Find {
    batches: Vec<(Vec<String>, Vec<String>)>,
    status: i32,
    quit: bool,
    prune: bool,
    follow: bool,
    out: Vec<u8>,
}

struct Parser<'a> {
    args: &'a [String],
    pos: usize,
    has_action: bool,
    gnu: bool,
}

fn num_arg(s: &str) -> Option<(char, &str)> {
    match s.as_bytes().first() {
        Some(b'+') => Some(('+', &s[1..])),
        Some(b'-') => Some(('-', &s[1..])),
        Some(_) => Some(('=', s)),
        None => None,
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(|s| s.as_str())
    }

    fn or(&mut self, sh: &Shell<'_>) -> Result<Expr, String> {
        let mut e = self.and(sh)?;
        while matches!(self.peek(), Some("-o" | "-or")) {
            self.pos += 1;
            let r = self.and(sh)?;
            e = Expr::Or(Box::new(e), Box::new(r));
        }
        Ok(e)
    }

    fn and(&mut self, sh: &Shell<'_>) -> Result<Expr, String> {
        let mut e = self.not(sh)?;
        loop {
            match self.peek() {
                Some("-a" | "-and") => self.pos += 1,
                Some("-o" | "-or" | ")") | None => return Ok(e),
                Some(_) => {}
            }
            let r = self.not(sh)?;
            e = Expr::And(Box::new(e), Box::new(r));
        }
    }

    fn not(&mut self, sh: &Shell<'_>) -> Result<Expr, String> {
        if matches!(self.peek(), Some("!" | "-not")) {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.not(sh)?)));
        }
        self.primary(sh)
    }

    fn value(&mut self, name: &str) -> Result<String, String> {
        let v = self.args.get(self.pos).cloned();
        self.pos += 1;
        v.ok_or_else(|| format!("missing argument to {}", if self.gnu { q(name) } else { name.to_string() }))
    }

    fn primary(&mut self, sh: &Shell<'_>) -> Result<Expr, String> {
        let Some(tok) = self.peek().map(String::from) else {
            return Err("expected an expression".into());
        };
        self.pos += 1;
        let bad_num = |v: &str, what: &str| format!("invalid argument {} to {}", q(v), q(what));
        Ok(match tok.as_str() {
            "(" => {
                let e = self.or(sh)?;
                if self.peek() != Some(")") {
                    return Err("missing ')'".into());
                }
                self.pos += 1;
                e
            }
            "-name" | "-iname" => Expr::Name(self.value(&tok)?, tok == "-iname"),
            "-path" | "-wholename" | "-ipath" => Expr::Path(self.value(&tok)?, tok == "-ipath"),
            "-type" | "-xtype" => {
                let v = self.value(&tok)?;
                if v.is_empty() || !v.split(',').all(|t| matches!(t, "f" | "d" | "l" | "b" | "c" | "p" | "s")) {
                    return Err(format!("Unknown argument to -type: {v}"));
                }
                Expr::Type(v)
            }
            "-empty" => Expr::Empty,
            "-true" => Expr::Const(true),
            "-false" => Expr::Const(false),
            "-newer" => {
                let v = self.value(&tok)?;
                match sh.fs.stat(&super::util::arg_path(sh, &v)) {
                    Ok(n) => Expr::Newer(n.mtime),
                    Err(e) => return Err(format!("{}: {}", q(&v), e.kind.message())),
                }
            }
            "-perm" => {
                let v = self.value(&tok)?;
                let (kind, m) = match v.as_bytes().first() {
                    Some(b'-') => ('-', &v[1..]),
                    Some(b'/') => ('/', &v[1..]),
                    _ => ('=', v.as_str()),
                };
                let mode = super::perms::parse_mode(m).map(|p| p.apply(0, false)).ok_or_else(|| format!("invalid mode {}", q(m)))?;
                Expr::Perm(kind, mode)
            }
            "-user" | "-uid" => {
                let v = self.value(&tok)?;
                let id = user_id(sh, &v).map(|(u, _)| u).ok_or_else(|| format!("{} is not the name of a known user", q(&v)))?;
                Expr::Uid(id)
            }
            "-group" | "-gid" => {
                let v = self.value(&tok)?;
                let id = group_id(sh, &v).ok_or_else(|| format!("{} is not the name of an existing group", q(&v)))?;
                Expr::Gid(id)
            }
            "-size" => {
                let v = self.value(&tok)?;
                let (sign, rest) = num_arg(&v).ok_or_else(|| bad_num(&v, "-size"))?;
                let (digits, unit) = match rest.chars().last() {
                    Some(c) if c.is_ascii_alphabetic() => (&rest[..rest.len() - 1], c),
                    _ => (rest, 'b'),
                };
                let unit = match unit {
                    'c' => 1,
                    'w' => 2,
                    'b' => 512,
                    'k' => 1024,
                    'M' => 1 << 20,
                    'G' => 1 << 30,
                    _ => return Err(bad_num(&v, "-size")),
                };
                let n = digits.parse().map_err(|_| bad_num(&v, "-size"))?;
                Expr::Size(sign, n, unit)
            }
            "-mtime" | "-mmin" => {
                let v = self.value(&tok)?;
                let (sign, rest) = num_arg(&v).ok_or_else(|| bad_num(&v, &tok))?;
                let n = rest.parse().map_err(|_| bad_num(&v, &tok))?;
                Expr::Mtime(sign, n, if tok == "-mtime" { 86_400 } else { 60 })
            }
            "-print" | "-print0" => {
                self.has_action = true;
                Expr::Print(tok == "-print0")
            }
            "-printf" => {
                self.has_action = true;
                Expr::Printf(self.value(&tok)?)
            }
            "-delete" => {
                self.has_action = true;
                Expr::Delete
            }
            "-prune" => Expr::Prune,
            "-quit" => Expr::Quit,
            "-exec" | "-execdir" | "-ok" => {
                self.has_action = true;
                let mut cmd = Vec::new();
                loop {
                    let Some(a) = self.peek().map(String::from) else {
                        return Err(format!("missing argument to {}", q(&tok)));
                    };
                    self.pos += 1;
                    if a == ";" {
                        break Expr::Exec(cmd, false);
                    }
                    if a == "+" && cmd.last().is_some_and(|l| l == "{}") {
                        cmd.pop();
                        break Expr::Exec(cmd, true);
                    }
                    cmd.push(a);
                }
            }
            "-maxdepth" | "-mindepth" | "-depth" | "-xdev" | "-mount" | "-follow" | "-noleaf" | "-ignore_readdir_race" => {
                // Options, read before the walk; here they are always true.
                if tok.ends_with("depth") && tok != "-depth" {
                    self.value(&tok)?;
                }
                Expr::Const(true)
            }
            "-readable" | "-writable" | "-executable" | "-nouser" | "-nogroup" => {
                Expr::Const(tok == "-readable" || tok == "-writable")
            }
            other if other.starts_with('-') => {
                return Err(if self.gnu { format!("unknown predicate {}", q(other)) } else { format!("unrecognized: {other}") })
            }
            other => {
                return Err(if self.gnu {
                    format!("paths must precede expression: {}", q(other))
                } else {
                    format!("unrecognized: {other}")
                })
            }
        })
    }
}

impl Find {
    fn eval(&mut self, sh: &mut Shell<'_>, io: &mut Io, e: &Expr, path: &FsPath, shown: &str, node: &Node) -> bool {
        let name = if shown.ends_with('/') && shown.len() > 1 { shown.trim_end_matches('/') } else { shown };
        let base = name.rsplit('/').next().filter(|b| !b.is_empty()).unwrap_or(name);
        match e {
            Expr::And(a, b) => self.eval(sh, io, a, path, shown, node) && self.eval(sh, io, b, path, shown, node),
            Expr::Or(a, b) => self.eval(sh, io, a, path, shown, node) || self.eval(sh, io, b, path, shown, node),
            Expr::Not(a) => !self.eval(sh, io, a, path, shown, node),
            Expr::Name(p, fold) => fnmatch(p, base, *fold),
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
                    io.eprint(format!("find: cannot delete {}: {}\n", q(shown), e.kind.message()));
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
                sh.run_argv(&argv, io) == 0
            }
        }
    }

    fn flush(&mut self, io: &mut Io) {
        io.print(std::mem::take(&mut self.out));
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(&mut self, sh: &mut Shell<'_>, io: &mut Io, e: &Expr, path: &FsPath, shown: &str, depth: usize, lim: (usize, usize, bool)) {
        let (min, max, post) = lim;
        if self.quit || sh.abort.is_some() {
            return;
        }
        let node = if self.follow { sh.fs.stat(path).or_else(|_| sh.fs.lstat(path)) } else { sh.fs.lstat(path) };
        let Ok(node) = node else { return };
        self.prune = false;
        if !post && depth >= min {
            self.eval(sh, io, e, path, shown, &node);
        }
        let pruned = std::mem::take(&mut self.prune);
        if node.is_dir() && depth < max && !pruned && !self.quit {
            let kids = sh.fs.read_dir(path).unwrap_or_default();
            let sep = if shown.ends_with('/') { "" } else { "/" };
            for (name, _) in kids {
                self.walk(sh, io, e, &path.join(&name), &format!("{shown}{sep}{name}"), depth + 1, lim);
            }
        }
        if post && depth >= min && !self.quit {
            self.eval(sh, io, e, path, shown, &node);
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
    while let Some(a) = argv.get(i).filter(|a| matches!(a.as_str(), "-L" | "-H" | "-P")) {
        follow = a == "-L";
        i += 1;
    }
    let mut paths = Vec::new();
    while let Some(a) = argv.get(i).filter(|a| !a.starts_with('-') && *a != "(" && *a != "!") {
        paths.push(a.clone());
        i += 1;
    }
    if paths.is_empty() {
        paths.push(".".to_string());
    }
    let rest = &argv[i.min(argv.len())..];
    let (mut min, mut max, mut post) = (0usize, usize::MAX, false);
    let mut k = 0;
    while k < rest.len() {
        match rest[k].as_str() {
            "-maxdepth" | "-mindepth" => {
                let v = rest.get(k + 1).and_then(|v| v.parse::<usize>().ok());
                let Some(v) = v else {
                    let what = rest.get(k + 1).cloned().unwrap_or_default();
                    return io.fail("find", if g { format!("invalid argument {} to {}", q(&what), q(&rest[k])) } else { format!("invalid number '{what}'") }, 1);
                };
                if rest[k] == "-maxdepth" { max = v } else { min = v }
                k += 1;
            }
            "-depth" | "-delete" => post = true,
            _ => {}
        }
        k += 1;
    }
    let mut p = Parser { args: rest, pos: 0, has_action: false, gnu: g };
    let expr = if rest.is_empty() {
        Expr::Const(true)
    } else {
        match p.or(sh) {
            Ok(e) if p.pos == rest.len() => e,
            Ok(_) => {
                let t = rest.get(p.pos).cloned().unwrap_or_default();
                return io.fail("find", if g { format!("unexpected extra predicate {}", q(&t)) } else { format!("unrecognized: {t}") }, 1);
            }
            Err(msg) => return io.fail("find", msg, 1),
        }
    };
    let expr = if p.has_action { expr } else { Expr::And(Box::new(expr), Box::new(Expr::Print(false))) };
    let mut f = Find { batches: Vec::new(), status: 0, quit: false, prune: false, follow, out: Vec::new() };
    for start in &paths {
        let path = super::util::arg_path(sh, start);
        let exists = if follow { sh.fs.stat(&path) } else { sh.fs.resolve(&path, false).and_then(|r| sh.fs.lstat(&r)) };
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
        let real = if follow { sh.fs.resolve(&path, true).unwrap_or(path.clone()) } else { path.clone() };
        f.walk(sh, io, &expr, &real, start, 0, (min, max, post));
    }
    f.flush(io);
    for (cmd, paths) in std::mem::take(&mut f.batches) {
        for chunk in paths.chunks(5000) {
            let mut argv = cmd.clone();
            argv.extend(chunk.iter().cloned());
            if sh.run_argv(&argv, io) != 0 {
                f.status = 1;
            }
        }
    }
    f.status
}

/// Splits xargs input the default way: blanks separate, quotes and backslashes group.
fn split_items(data: &str) -> Result<Vec<String>, String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut chars = data.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if has {
                    items.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            '\'' | '"' => {
                has = true;
                loop {
                    match chars.next() {
                        Some(x) if x == c => break,
                        Some('\n') | None => {
                            let kind = if c == '\'' { "single" } else { "double" };
                            return Err(format!("unmatched {kind} quote; by default quotes are special to xargs unless you use the -0 option"));
                        }
                        Some(x) => cur.push(x),
                    }
                }
            }
            '\\' => {
                has = true;
                if let Some(x) = chars.next() {
                    cur.push(x);
                }
            }
            c => {
                has = true;
                cur.push(c);
            }
        }
    }
    if has {
        items.push(cur);
    }
    Ok(items)
}

fn xargs(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let g = gnu(sh);
    // Options end at the command: parse only up to the first operand.
    let longs = [("null", '0'), ("no-run-if-empty", 'r'), ("max-args", 'n'), ("replace", 'I'), ("delimiter", 'd'), ("max-lines", 'L'), ("verbose", 't'), ("max-procs", 'P'), ("max-chars", 's'), ("arg-file", 'a')];
    let mut end = 1;
    while end < argv.len() && argv[end].starts_with('-') && argv[end] != "-" {
        let a = argv[end].as_str();
        end += 1;
        if a == "--" {
            break;
        }
        let takes = ['n', 'I', 'd', 'L', 'P', 's', 'a', 'E'];
        let short = a.len() == 2 && a.chars().nth(1).is_some_and(|c| takes.contains(&c));
        let long = ["--max-args", "--replace", "--delimiter", "--max-lines", "--max-procs", "--max-chars", "--arg-file"].contains(&a);
        if short || long {
            end += 1;
        }
    }
    let end = end.min(argv.len());
    let Ok(args) = parse(sh, io, &argv[..end], "0rnIdLtPsxaEi", "nIdLPsaE", &longs, 1) else { return 1 };
    let mut cmd: Vec<String> = argv[end..].to_vec();
    if cmd.is_empty() {
        cmd.push("echo".into());
    }
    let data = match args.value('a') {
        Some(f) => match super::util::read_input(sh, io, f) {
            Ok(d) => d,
            Err(msg) => return io.fail("xargs", format!("{f}: {msg}"), 1),
        },
        None => io.read_stdin(),
    };
    let text = String::from_utf8_lossy(&data).into_owned();
    let replace = args.value('I').map(String::from);
    let items: Vec<String> = if args.has('0') {
        text.split('\0').filter(|s| !s.is_empty()).map(String::from).collect()
    } else if let Some(d) = args.value('d') {
        let d = match d {
            "\\n" => '\n',
            "\\t" => '\t',
            "\\0" => '\0',
            _ => d.chars().next().unwrap_or('\n'),
        };
        let mut v: Vec<String> = text.split(d).map(String::from).collect();
        if v.last().is_some_and(|l| l.is_empty()) {
            v.pop();
        }
        v
    } else if replace.is_some() {
        text.lines().map(|l| l.trim_start().to_string()).filter(|l| !l.is_empty()).collect()
    } else {
        match split_items(&text) {
            Ok(v) => v,
            Err(msg) => return io.fail("xargs", msg, 1),
        }
    };
    let per: usize = if replace.is_some() {
        1
    } else {
        match args.value('n').or(args.value('L')) {
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n > 0 => n,
                _ => {
                    if g {
                        return io.fail("xargs", format!("invalid number {} for -n option", q(v)), 1);
                    }
                    return io.fail("xargs", format!("invalid number '{v}'"), 1);
                }
            },
            None => 5000,
        }
    };
    let mut runs: Vec<Vec<String>> = Vec::new();
    if items.is_empty() {
        if !args.has('r') && replace.is_none() {
            runs.push(cmd.clone());
        }
    } else {
        for chunk in items.chunks(per) {
            let argv = match &replace {
                Some(r) => cmd.iter().map(|a| a.replace(r.as_str(), &chunk[0])).collect(),
                None => cmd.iter().cloned().chain(chunk.iter().cloned()).collect(),
            };
            runs.push(argv);
        }
    }
    let mut status = 0;
    for argv in runs {
        if args.has('t') {
            io.eprint(format!("{}\n", argv.join(" ")));
        }
        let s = sh.run_argv(&argv, io);
        if sh.abort.is_some() {
            return 1;
        }
        match s {
            0 => {}
            126 | 127 => return s,
            255 => {
                io.eprint(format!("xargs: {}: exited with status 255; aborting\n", argv[0]));
                return 124;
            }
            _ => status = 123,
        }
    }
    status
}
