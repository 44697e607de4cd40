//! `grep`, `egrep`, `fgrep`: GNU grep's options and output (`file:line`, `-c`, `-l`, `-o`,
//! `-r`), exit status 0 (a line selected), 1 (none), 2 (an error). Files whose content is
//! synthetic (the binaries of base images) count as binary files that match nothing.

use super::regex::{self, Syntax};
use super::CommandFn;
use crate::fs::NodeKind;
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;
use regex_lite::Regex;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("grep", grep), ("egrep", grep), ("fgrep", grep)];

#[derive(Default)]
struct Opts {
    icase: bool,
    invert: bool,
    quiet: bool,
    number: bool,
    count: bool,
    word: bool,
    line: bool,
    only: bool,
    list: bool,
    list_missing: bool,
    recursive: bool,
    names: Option<bool>,
    silent: bool,
    max: Option<usize>,
    after: usize,
    before: usize,
    include: Vec<String>,
    exclude: Vec<String>,
    exclude_dir: Vec<String>,
}

struct Matcher {
    re: Regex,
    /// For POSIX leftmost-longest extension of `-o` matches (`regex::whole`).
    whole: Option<Regex>,
    word: bool,
}

impl Matcher {
    /// The matches of one line (for `-o` and `-w`): non-overlapping, word-checked.
    fn matches(&self, line: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= line.len() {
            let Some(m) = self.re.find_at(line, pos) else {
                break;
            };
            let (start, mut end) = (m.start(), m.end());
            if let Some(w) = &self.whole {
                end = regex::longest_end(w, line, start, end);
            }
            let ok = !self.word || {
                let before = line[..start].chars().next_back();
                let after = line[end..].chars().next();
                let w = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !w(before) && !w(after)
            };
            if ok {
                out.push((start, end));
            }
            let next = if end > start && ok {
                end
            } else {
                start + line[start..].chars().next().map_or(1, char::len_utf8)
            };
            pos = next;
        }
        out
    }

    fn is_match(&self, line: &str) -> bool {
        if self.word {
            !self.matches(line).is_empty()
        } else {
            self.re.is_match(line)
        }
    }
}

/// Long options without a value, as the short letter they mean.
const LONG_FLAGS: &[(&str, char)] = &[
    ("ignore-case", 'i'),
    ("invert-match", 'v'),
    ("quiet", 'q'),
    ("silent", 'q'),
    ("line-number", 'n'),
    ("count", 'c'),
    ("word-regexp", 'w'),
    ("line-regexp", 'x'),
    ("only-matching", 'o'),
    ("files-with-matches", 'l'),
    ("files-without-match", 'L'),
    ("recursive", 'r'),
    ("dereference-recursive", 'R'),
    ("no-filename", 'h'),
    ("with-filename", 'H'),
    ("no-messages", 's'),
    ("extended-regexp", 'E'),
    ("fixed-strings", 'F'),
    ("perl-regexp", 'P'),
    ("basic-regexp", 'G'),
];

/// Long options taking a value, as the short letter they mean (`\0`: no short form).
const LONG_VALUED: &[(&str, char)] = &[
    ("regexp", 'e'),
    ("file", 'f'),
    ("max-count", 'm'),
    ("after-context", 'A'),
    ("before-context", 'B'),
    ("context", 'C'),
    ("include", '\0'),
    ("exclude", '\0'),
    ("exclude-dir", '\0'),
];

/// Applies the flag `-f` (no value); `false` when it is not a flag.
fn set_flag(o: &mut Opts, syntax: &mut Syntax, f: char, busybox: bool) -> bool {
    match f {
        'i' | 'y' => o.icase = true,
        'v' => o.invert = true,
        'q' => o.quiet = true,
        'n' => o.number = true,
        'c' => o.count = true,
        'w' => o.word = true,
        'x' => o.line = true,
        'o' => o.only = true,
        'l' => o.list = true,
        'L' => o.list_missing = true,
        'r' | 'R' => o.recursive = true,
        'h' => o.names = Some(false),
        'H' => o.names = Some(true),
        's' => o.silent = true,
        'E' => *syntax = Syntax::Extended,
        'F' => *syntax = Syntax::Fixed,
        'P' if !busybox => *syntax = Syntax::Perl,
        'G' => *syntax = Syntax::Basic,
        _ => return false,
    }
    true
}

fn grep(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    if let Some(status) = super::version::answer(sh, argv, io) {
        return status;
    }
    let busybox = matches!(sh.os.family, Family::Alpine | Family::Busybox);
    if !busybox && (argv[0] == "egrep" || argv[0] == "fgrep") {
        // grep 3.8+ ships egrep/fgrep as scripts that warn before running `grep -E`/`-F`.
        io.eprint(format!(
            "{}: warning: {} is obsolescent\n",
            argv[0], argv[0]
        ));
    }
    let mut syntax = match argv[0].as_str() {
        "egrep" => Syntax::Extended,
        "fgrep" => Syntax::Fixed,
        _ => Syntax::Basic,
    };
    let mut o = Opts::default();
    let mut patterns: Vec<String> = Vec::new();
    let mut have_pattern = false;
    let mut files: Vec<String> = Vec::new();
    let mut i = 1;
    let mut options_done = false;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if options_done || !a.starts_with('-') || a == "-" {
            files.push(a.clone());
            continue;
        }
        if a == "--" {
            options_done = true;
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            if let Some(&(_, f)) = LONG_FLAGS.iter().find(|(n, _)| *n == name) {
                set_flag(&mut o, &mut syntax, f, false);
                continue;
            }
            if matches!(name, "color" | "colour" | "line-buffered" | "null") {
                continue;
            }
            let Some(&(_, f)) = LONG_VALUED.iter().find(|(n, _)| *n == name) else {
                return usage(io, &format!("unrecognized option '{a}'"), busybox);
            };
            let v = match value {
                Some(v) => v,
                None if i < argv.len() => {
                    i += 1;
                    argv[i - 1].clone()
                }
                None => {
                    return io.fail("grep", format!("option '--{name}' requires an argument"), 2)
                }
            };
            match name {
                "include" => o.include.push(v),
                "exclude" => o.exclude.push(v),
                "exclude-dir" => o.exclude_dir.push(v),
                _ => {
                    if let Err(status) =
                        value_option(sh, io, &mut o, &mut patterns, &mut have_pattern, f, v)
                    {
                        return status;
                    }
                }
            }
            continue;
        }
        let flags: Vec<char> = a[1..].chars().collect();
        let mut k = 0;
        while k < flags.len() {
            let f = flags[k];
            k += 1;
            if set_flag(&mut o, &mut syntax, f, busybox) {
                continue;
            }
            match f {
                'a' | 'I' | 'U' | 'z' => {}
                'e' | 'f' | 'm' | 'A' | 'B' | 'C' => {
                    let rest: String = flags[k..].iter().collect();
                    k = flags.len();
                    let v = if !rest.is_empty() {
                        rest
                    } else if i < argv.len() {
                        i += 1;
                        argv[i - 1].clone()
                    } else if busybox {
                        return usage(io, &format!("option requires an argument -- '{f}'"), true);
                    } else {
                        return usage(io, &format!("option requires an argument -- '{f}'"), false);
                    };
                    if let Err(status) =
                        value_option(sh, io, &mut o, &mut patterns, &mut have_pattern, f, v)
                    {
                        return status;
                    }
                }
                _ => return usage(io, &format!("invalid option -- '{f}'"), busybox),
            }
        }
    }
    if !have_pattern {
        if files.is_empty() {
            return usage(io, "", busybox);
        }
        let first = files.remove(0);
        patterns.extend(first.split('\n').map(String::from));
    }
    let matcher = match build_matcher(&patterns, syntax, &o) {
        Ok(m) => m,
        Err(e) => return io.fail("grep", e, 2),
    };
    if files.is_empty() {
        files.push(if o.recursive { ".".into() } else { "-".into() });
        if o.recursive && o.names.is_none() {
            o.names = Some(true);
        }
    }
    let show_names = o.names.unwrap_or(files.len() > 1 || o.recursive);
    let implicit_dot = o.recursive && files == ["."] && !argv.iter().any(|a| a == ".");
    let mut any = false;
    let mut error = false;
    for f in &files {
        let mut inputs: Vec<(String, Result<Vec<u8>, String>)> = Vec::new();
        if f == "-" {
            inputs.push(("(standard input)".into(), Ok(io.read_stdin())));
        } else if o.recursive && sh.fs.is_dir(&sh.path(f)) {
            let root = sh.path(f);
            for (p, node, _) in sh.fs.walk(&root) {
                if !matches!(node.kind, NodeKind::File(_) | NodeKind::Hardlink(_)) {
                    continue;
                }
                let rel = &p.as_str()[root.as_str().len()..];
                let rel = rel.trim_start_matches('/');
                let base = p.name();
                let glob = super::archive::wildcard;
                if (!o.include.is_empty() && !o.include.iter().any(|g| glob(g, base)))
                    || o.exclude.iter().any(|g| glob(g, base))
                    || rel.rsplit_once('/').is_some_and(|(dirs, _)| {
                        dirs.split('/')
                            .any(|d| o.exclude_dir.iter().any(|g| glob(g, d)))
                    })
                {
                    continue;
                }
                let name = if implicit_dot {
                    rel.to_string()
                } else if f.ends_with('/') {
                    format!("{f}{rel}")
                } else {
                    format!("{f}/{rel}")
                };
                inputs.push((name, read(sh, p.as_str())));
            }
        } else {
            let r = read(sh, f);
            inputs.push((f.clone(), r));
        }
        for (name, data) in inputs {
            let data = match data {
                Ok(d) => d,
                Err(e) => {
                    error = true;
                    if !o.silent {
                        io.eprint(format!("grep: {e}\n"));
                    }
                    continue;
                }
            };
            let found = search(&matcher, &o, &name, &data, show_names, io);
            any |= found;
            if found && o.quiet {
                return 0;
            }
        }
    }
    if error && !(o.quiet && any) {
        2
    } else if any {
        0
    } else {
        1
    }
}

fn usage(io: &mut Io, msg: &str, busybox: bool) -> i32 {
    if !msg.is_empty() {
        io.eprint(format!("grep: {msg}\n"));
    }
    if busybox {
        io.eprint("BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n");
    } else {
        io.eprint(
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        );
    }
    2
}

/// An option with a value (`-e P`, `-m N`, `-A/-B/-C N`, `-f FILE`), long or short.
fn value_option(
    sh: &Shell<'_>,
    io: &mut Io,
    o: &mut Opts,
    patterns: &mut Vec<String>,
    have_pattern: &mut bool,
    f: char,
    v: String,
) -> Result<(), i32> {
    match f {
        'e' => {
            patterns.push(v);
            *have_pattern = true;
        }
        'm' => o.max = v.parse().ok(),
        'A' | 'B' | 'C' => {
            let Ok(n) = v.parse::<usize>() else {
                return Err(io.fail("grep", format!("{v}: invalid context length argument"), 2));
            };
            if f != 'B' {
                o.after = n;
            }
            if f != 'A' {
                o.before = n;
            }
        }
        _ => match read_patterns(sh, &v, io) {
            Ok(p) => {
                patterns.extend(p);
                *have_pattern = true;
            }
            Err(e) => return Err(io.fail("grep", e, 2)),
        },
    }
    Ok(())
}

/// Reads a file for grep; synthetic content reads as a NUL (a binary file).
fn read(sh: &Shell<'_>, arg: &str) -> Result<Vec<u8>, String> {
    let path = sh.path(arg);
    if sh.fs.is_dir(&path) {
        return Err(format!("{arg}: Is a directory"));
    }
    match sh.fs.read_file(&path) {
        Ok(c) if c.is_synthetic() => Ok(vec![0]),
        Ok(c) => Ok(c.to_vec()),
        Err(e) => Err(format!("{arg}: {}", e.kind.message())),
    }
}

fn read_patterns(sh: &Shell<'_>, arg: &str, io: &mut Io) -> Result<Vec<String>, String> {
    let data = if arg == "-" {
        io.read_stdin()
    } else {
        sh.read_file(arg)?
    };
    let text = String::from_utf8_lossy(&data);
    Ok(text.lines().map(String::from).collect())
}

fn build_matcher(patterns: &[String], syntax: Syntax, o: &Opts) -> Result<Matcher, String> {
    let mut parts = Vec::new();
    // A newline separates patterns, in `-e` values too.
    for p in patterns.iter().flat_map(|p| p.split('\n')) {
        let t = regex::translate(p, syntax)?;
        parts.push(if o.line {
            format!("^(?:{t})$")
        } else {
            format!("(?:{t})")
        });
    }
    let text = if parts.is_empty() {
        "[^\\s\\S]".to_string()
    } else {
        parts.join("|")
    };
    let re = regex::build(&text, o.icase)?;
    let whole = if syntax == Syntax::Perl {
        None
    } else {
        regex::whole(&re)
    };
    Ok(Matcher {
        re,
        whole,
        word: o.word && !o.line,
    })
}

/// Searches one input; prints what the options ask for; whether a line was selected.
fn search(m: &Matcher, o: &Opts, name: &str, data: &[u8], show: bool, io: &mut Io) -> bool {
    let binary = data.contains(&0);
    let text = String::from_utf8_lossy(data);
    let mut lines: Vec<&str> = text.split('\n').collect();
    if text.ends_with('\n') || text.is_empty() {
        lines.pop();
    }
    let prefix = if show {
        format!("{name}:")
    } else {
        String::new()
    };
    let mut count = 0usize;
    if binary {
        // GNU grep only says whether a binary file matches (synthetic content never does).
        let hit = lines.iter().any(|l| m.is_match(l) != o.invert);
        if hit && !(o.quiet || o.list || o.list_missing || o.count) {
            io.eprint(format!("grep: {name}: binary file matches\n"));
        }
        count = hit as usize;
        lines.clear();
    }
    let context = o.after > 0 || o.before > 0;
    let mut last_printed: Option<usize> = None;
    let mut after_left = 0usize;
    let dash_prefix = if show {
        format!("{name}-")
    } else {
        String::new()
    };
    for (n, line) in lines.iter().enumerate() {
        if o.max.is_some_and(|max| count >= max) && after_left == 0 {
            break;
        }
        let selected = m.is_match(line) != o.invert && o.max.is_none_or(|max| count < max);
        if !selected {
            if context && after_left > 0 && !(o.quiet || o.list || o.list_missing || o.count) {
                let num = if o.number {
                    format!("{}-", n + 1)
                } else {
                    String::new()
                };
                io.println(format!("{dash_prefix}{num}{line}"));
                last_printed = Some(n);
                after_left -= 1;
            }
            continue;
        }
        count += 1;
        if context && !(o.quiet || o.list || o.list_missing || o.count) {
            let first = n
                .saturating_sub(o.before)
                .max(last_printed.map_or(0, |l| l + 1));
            if last_printed.is_some_and(|l| first > l + 1) {
                io.println("--");
            }
            for (k, l) in lines.iter().enumerate().take(n).skip(first) {
                let num = if o.number {
                    format!("{}-", k + 1)
                } else {
                    String::new()
                };
                io.println(format!("{dash_prefix}{num}{l}"));
            }
            last_printed = Some(n);
            after_left = o.after;
        }
        if o.quiet || o.list || o.list_missing || o.count {
            if o.quiet || o.list || o.list_missing {
                break;
            }
            continue;
        }
        let num = if o.number {
            format!("{}:", n + 1)
        } else {
            String::new()
        };
        if o.only && !o.invert {
            for (s, e) in m.matches(line) {
                if e > s {
                    io.println(format!("{prefix}{num}{}", &line[s..e]));
                }
            }
        } else if !o.only {
            io.println(format!("{prefix}{num}{line}"));
        }
    }
    if o.quiet {
        return count > 0;
    }
    if o.list {
        if count > 0 {
            io.println(name);
        }
    } else if o.list_missing {
        if count == 0 {
            io.println(name);
        }
    } else if o.count {
        io.println(format!("{prefix}{count}"));
    }
    count > 0
}
