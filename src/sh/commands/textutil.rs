//! Whole-file text utilities: `cat` (`-n -b -E -s`, `-` for standard input), `head` and
//! `tail` (`-n N`, `-N`, `-c N`, `-n +N`, `-n -N`, `==> f <==` headers), `wc` (`-l -w -c -m -L`
//! in coreutils' or busybox's column format) and `tee` (`-a`).

use super::util::{gnu, parse, q, qf, read_input};
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("cat", cat),
    ("head", head),
    ("tail", tail),
    ("wc", wc),
    ("tee", tee),
];

fn operands(ops: Vec<String>) -> Vec<String> {
    if ops.is_empty() {
        vec!["-".to_string()]
    } else {
        ops
    }
}

/// The "can't open" complaint of `prog` about `arg`.
fn open_error(sh: &Shell<'_>, io: &mut Io, prog: &str, arg: &str, msg: &str) {
    if gnu(sh) {
        match prog {
            "head" | "tail" => io.eprint(format!(
                "{prog}: cannot open {} for reading: {msg}\n",
                q(arg)
            )),
            _ => io.eprint(format!("{prog}: {}: {msg}\n", qf(arg))),
        }
    } else if msg == "Is a directory" && prog == "cat" {
        io.eprint(format!("{prog}: read error: {msg}\n"));
    } else {
        io.eprint(format!("{prog}: can't open '{arg}': {msg}\n"));
    }
}

fn cat(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("number", 'n'),
        ("number-nonblank", 'b'),
        ("show-ends", 'E'),
        ("squeeze-blank", 's'),
    ];
    let Ok(args) = parse(sh, io, argv, "nbEsuAvte", "", &longs, 1) else {
        return 1;
    };
    let (number, nonblank) = (args.has('n'), args.has('b'));
    let ends = args.has('E') || args.has('A') || args.has('e');
    let squeeze = args.has('s');
    let mut status = 0;
    let mut out = Vec::new();
    let mut n = 0u64;
    let mut last_blank = false;
    for arg in operands(args.operands) {
        let data = match read_input(sh, io, &arg) {
            Ok(d) => d,
            Err(msg) => {
                open_error(sh, io, "cat", &arg, msg);
                status = 1;
                continue;
            }
        };
        if !(number || nonblank || ends || squeeze) {
            out.extend_from_slice(&data);
            continue;
        }
        for chunk in data.split_inclusive(|&b| b == b'\n') {
            let line = chunk.strip_suffix(b"\n").unwrap_or(chunk);
            let blank = line.is_empty();
            if squeeze && blank && last_blank {
                continue;
            }
            last_blank = blank;
            if nonblank && !blank || number && !nonblank {
                n += 1;
                out.extend_from_slice(format!("{n:>6}\t").as_bytes());
            }
            out.extend_from_slice(line);
            if chunk.ends_with(b"\n") {
                if ends {
                    out.push(b'$');
                }
                out.push(b'\n');
            }
        }
    }
    io.print(out);
    status
}

/// `-5` → `-n 5` (the historical form head and tail still accept).
fn legacy_count(argv: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(argv.len() + 1);
    for (i, a) in argv.iter().enumerate() {
        let digits = a
            .strip_prefix('-')
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        match digits {
            Some(d)
                if i > 0
                    && !matches!(argv[i - 1].as_str(), "-n" | "-c" | "--lines" | "--bytes") =>
            {
                out.push("-n".to_string());
                out.push(d.to_string());
            }
            _ => out.push(a.clone()),
        }
    }
    out
}

/// A count for head/tail (`10`, `+3`, `-2`, `1k`): sign and magnitude.
fn count(s: &str) -> Option<(char, u64)> {
    let (sign, body) = match s.as_bytes().first() {
        Some(b'+') => ('+', &s[1..]),
        Some(b'-') => ('-', &s[1..]),
        _ => (' ', s),
    };
    let (digits, mult) = match body.char_indices().last() {
        Some((i, 'k')) => (&body[..i], 1024),
        Some((i, 'b')) => (&body[..i], 512),
        Some((i, 'M')) => (&body[..i], 1 << 20),
        _ => (body, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .map(|n| (sign, n.saturating_mul(mult)))
}

fn head_tail(sh: &mut Shell<'_>, argv: &[String], io: &mut Io, tail: bool) -> i32 {
    let prog = if tail { "tail" } else { "head" };
    let argv = legacy_count(argv);
    let longs = [
        ("lines", 'n'),
        ("bytes", 'c'),
        ("quiet", 'q'),
        ("silent", 'q'),
        ("verbose", 'v'),
        ("follow", 'f'),
    ];
    let Ok(args) = parse(sh, io, &argv, "ncqvfF", "nc", &longs, 1) else {
        return 1;
    };
    let bytes_mode = args
        .flags
        .iter()
        .rev()
        .find(|(f, _)| *f == 'n' || *f == 'c')
        .map(|(f, _)| *f)
        == Some('c');
    let spec = args
        .value(if bytes_mode { 'c' } else { 'n' })
        .unwrap_or("10")
        .to_string();
    let Some((sign, n)) = count(&spec) else {
        let what = if bytes_mode { "bytes" } else { "lines" };
        if gnu(sh) {
            return io.fail(prog, format!("invalid number of {what}: {}", q(&spec)), 1);
        }
        return io.fail(prog, format!("invalid number '{spec}'"), 1);
    };
    let files = operands(args.operands.clone());
    let headers = (files.len() > 1 || args.has('v')) && !args.has('q');
    let mut status = 0;
    let mut out = Vec::new();
    let mut first = true;
    for arg in &files {
        let data = match read_input(sh, io, arg) {
            Ok(d) => d,
            Err(msg) => {
                if gnu(sh) && tail {
                    io.eprint(format!("tail: cannot open {} for reading: {msg}\n", q(arg)));
                } else {
                    open_error(sh, io, prog, arg, msg);
                }
                status = 1;
                continue;
            }
        };
        if headers {
            let name = if arg == "-" {
                "standard input"
            } else {
                arg.as_str()
            };
            let sep = if first { "" } else { "\n" };
            out.extend_from_slice(format!("{sep}==> {name} <==\n").as_bytes());
        }
        first = false;
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        if bytes_mode {
            let len = data.len();
            let range = match (tail, sign) {
                (false, '-') => 0..len.saturating_sub(n),
                (false, _) => 0..n.min(len),
                (true, '+') => n.saturating_sub(1).min(len)..len,
                (true, _) => len.saturating_sub(n)..len,
            };
            out.extend_from_slice(&data[range]);
            continue;
        }
        let chunks: Vec<&[u8]> = data.split_inclusive(|&b| b == b'\n').collect();
        let len = chunks.len();
        let range = match (tail, sign) {
            (false, '-') => 0..len.saturating_sub(n),
            (false, _) => 0..n.min(len),
            (true, '+') => n.saturating_sub(1).min(len)..len,
            (true, _) => len.saturating_sub(n)..len,
        };
        for c in &chunks[range] {
            out.extend_from_slice(c);
        }
    }
    io.print(out);
    status
}

fn head(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    head_tail(sh, argv, io, false)
}

fn tail(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    head_tail(sh, argv, io, true)
}

fn wc(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("lines", 'l'),
        ("words", 'w'),
        ("chars", 'm'),
        ("bytes", 'c'),
        ("max-line-length", 'L'),
    ];
    let Ok(args) = parse(sh, io, argv, "lwmcL", "", &longs, 1) else {
        return 1;
    };
    let mut which: Vec<usize> = "lwmcL"
        .chars()
        .enumerate()
        .filter(|(_, c)| args.has(*c))
        .map(|(i, _)| i)
        .collect();
    if which.is_empty() {
        which = vec![0, 1, 3];
    }
    let named = !args.operands.is_empty();
    let files = operands(args.operands);
    let mut status = 0;
    let mut rows: Vec<([u64; 5], String)> = Vec::new();
    let mut regular_total = 0u64;
    let mut from_stdin = false;
    for arg in &files {
        let data = match read_input(sh, io, arg) {
            Ok(d) => d,
            Err(msg) => {
                if gnu(sh) {
                    io.eprint(format!("wc: {}: {msg}\n", qf(arg)));
                } else {
                    io.eprint(format!("wc: can't open '{arg}': {msg}\n"));
                }
                status = 1;
                continue;
            }
        };
        if arg == "-" {
            from_stdin = true;
        } else {
            regular_total += data.len() as u64;
        }
        // Containers run in the C locale: characters are bytes; -L expands tabs to 8.
        let mut c = [0u64; 5];
        c[0] = data.iter().filter(|&&b| b == b'\n').count() as u64;
        c[1] = data
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .count() as u64;
        c[2] = data.len() as u64;
        c[3] = data.len() as u64;
        let mut col = 0u64;
        for &b in &data {
            match b {
                b'\n' | b'\r' | 12 => col = 0,
                b'\t' => col = (col | 7) + 1,
                32..=126 => col += 1,
                _ => {}
            }
            c[4] = c[4].max(col);
        }
        let name = if named { arg.clone() } else { String::new() };
        rows.push((c, name));
    }
    if files.len() > 1 {
        let mut t = [0u64; 5];
        for (c, _) in &rows {
            for i in 0..4 {
                t[i] += c[i];
            }
            t[4] = t[4].max(c[4]);
        }
        rows.push((t, "total".to_string()));
    }
    let width = if gnu(sh) {
        if files.len() == 1 && which.len() == 1 {
            1
        } else {
            let w = regular_total.to_string().len();
            if from_stdin {
                w.max(7)
            } else {
                w
            }
        }
    } else {
        9
    };
    let plain_first = !gnu(sh) && files.len() == 1 && which.len() == 1;
    let mut out = String::new();
    for (c, name) in rows {
        for (k, &i) in which.iter().enumerate() {
            if k == 0 && plain_first {
                out.push_str(&c[i].to_string());
            } else if k == 0 && gnu(sh) {
                out.push_str(&format!("{:>width$}", c[i]));
            } else {
                out.push_str(&format!(
                    "{}{:>width$}",
                    if k == 0 { "" } else { " " },
                    c[i]
                ));
            }
        }
        if !name.is_empty() {
            out.push(' ');
            out.push_str(&name);
        }
        out.push('\n');
    }
    io.print(out);
    status
}

fn tee(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("append", 'a'), ("ignore-interrupts", 'i')];
    let Ok(args) = parse(sh, io, argv, "ai", "", &longs, 1) else {
        return 1;
    };
    let data = io.read_stdin();
    let mut status = 0;
    for f in &args.operands {
        if f == "-" && !gnu(sh) {
            io.print(&data);
            continue;
        }
        match super::util::arg_path(sh, f).as_str() {
            "/dev/null" => continue,
            "/dev/stdout" => {
                io.print(&data);
                continue;
            }
            "/dev/stderr" => {
                io.eprint(&data);
                continue;
            }
            _ => {}
        }
        if let Err(e) = sh.write_file(f, data.clone(), args.has('a')) {
            let msg = e.rsplit(": ").next().unwrap_or(&e).to_string();
            if gnu(sh) {
                io.eprint(format!("tee: {}: {msg}\n", qf(f)));
            } else {
                io.eprint(format!("tee: can't open '{f}': {msg}\n"));
            }
            status = 1;
        }
    }
    io.print(data);
    status
}
