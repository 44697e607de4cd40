//! The smaller coreutils a Dockerfile reaches for now and then: `sync`, `unlink`, `link`,
//! `truncate -s`, `tac`, `paste` (`-d -s`), `nl`, `fold` (`-w -s`), `base64` (`-d -w`),
//! `comm` (`-1 -2 -3`), `yes` (bounded: the sandbox buffers a pipeline), and the wrappers
//! `nohup`, `nice`, `timeout` that just run their command.

use super::util::{arg_path, gnu, lines, parse, q, qf, read_input};
use super::CommandFn;
use crate::fs::{Content, NodeKind};
use crate::sh::io::Io;
use crate::sh::shell::{Abort, Shell};

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[
    ("sync", sync),
    ("unlink", unlink),
    ("link", link),
    ("truncate", truncate),
    ("tac", tac),
    ("paste", paste),
    ("nl", nl),
    ("fold", fold),
    ("base64", base64),
    ("comm", comm),
    ("yes", yes),
    ("nohup", wrapper),
    ("nice", wrapper),
    ("timeout", wrapper),
];

fn sync(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 {
    0
}

fn operand_count(sh: &Shell<'_>, io: &mut Io, prog: &str, ops: &[String], n: usize) -> bool {
    if ops.len() == n {
        return true;
    }
    let msg = match ops.get(n) {
        Some(extra) => format!("extra operand {}", q(extra)),
        None if ops.is_empty() => "missing operand".to_string(),
        None => format!("missing operand after {}", q(&ops[ops.len() - 1])),
    };
    if gnu(sh) {
        io.fail(
            prog,
            format!("{msg}\nTry '{prog} --help' for more information."),
            1,
        );
    } else {
        io.fail(prog, msg, 1);
    }
    false
}

fn unlink(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let Ok(args) = parse(sh, io, argv, "", "", &[], 1) else {
        return 1;
    };
    if !operand_count(sh, io, "unlink", &args.operands, 1) {
        return 1;
    }
    let op = &args.operands[0];
    let path = arg_path(sh, op);
    let result = match sh.fs.resolve(&path, false).and_then(|p| sh.fs.lstat(&p)) {
        Ok(n) if n.is_dir() => Err("Is a directory"),
        Ok(_) => sh.fs.remove(&path, false).map_err(|e| e.kind.message()),
        Err(e) => Err(e.kind.message()),
    };
    match result {
        Ok(()) => 0,
        Err(msg) if gnu(sh) => io.fail("unlink", format!("cannot unlink {}: {msg}", q(op)), 1),
        Err(msg) => io.fail("unlink", format!("can't remove file '{op}': {msg}"), 1),
    }
}

fn link(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let Ok(args) = parse(sh, io, argv, "", "", &[], 1) else {
        return 1;
    };
    if !operand_count(sh, io, "link", &args.operands, 2) {
        return 1;
    }
    let (from, to) = (&args.operands[0], &args.operands[1]);
    let (a, b) = (arg_path(sh, from), arg_path(sh, to));
    match sh.fs.hardlink(&a, &b) {
        Ok(()) => 0,
        Err(e) => io.fail(
            "link",
            format!(
                "cannot create link {} to {}: {}",
                q(to),
                q(from),
                e.kind.message()
            ),
            1,
        ),
    }
}

/// `truncate -s SIZE` (`N`, `+N`, `-N`, `K`/`M`/`G` suffixes): grows with zeros.
fn truncate(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("size", 's'), ("no-create", 'c')];
    let Ok(args) = parse(sh, io, argv, "sc", "s", &longs, 1) else {
        return 1;
    };
    let Some(spec) = args.value('s').map(String::from) else {
        return io.fail(
            "truncate",
            "you must specify either '--size' or '--reference'",
            1,
        );
    };
    let (sign, body) = match spec.chars().next() {
        Some(c @ ('+' | '-')) => (Some(c), &spec[1..]),
        _ => (None, spec.as_str()),
    };
    let (digits, mult) = match body.char_indices().last() {
        Some((i, 'K' | 'k')) => (&body[..i], 1u64 << 10),
        Some((i, 'M')) => (&body[..i], 1 << 20),
        Some((i, 'G')) => (&body[..i], 1 << 30),
        _ => (body, 1),
    };
    let Some(n) = digits.parse::<u64>().ok().map(|n| n.saturating_mul(mult)) else {
        return io.fail("truncate", format!("Invalid number: {}", q(&spec)), 1);
    };
    if args.operands.is_empty() {
        return io.fail("truncate", "missing file operand", 1);
    }
    let mut status = 0;
    for op in &args.operands {
        let path = arg_path(sh, op);
        let old = match sh.fs.stat(&path).map(|n| n.kind) {
            Ok(NodeKind::File(c)) => c,
            Ok(_) => {
                io.fail(
                    "truncate",
                    format!("cannot open {} for writing: Is a directory", q(op)),
                    1,
                );
                status = 1;
                continue;
            }
            Err(_) if args.has('c') => continue,
            Err(_) => Content::Bytes(Vec::new().into()),
        };
        let size = match sign {
            Some('+') => old.len().saturating_add(n),
            Some(_) => old.len().saturating_sub(n),
            None => n,
        };
        if let Err(kind) = sh.budget.check_file(size) {
            sh.abort = Some(Abort::Budget(kind));
            return io.fail("truncate", kind.message(), 1);
        }
        let mut bytes = old.to_vec();
        bytes.resize(usize::try_from(size).unwrap_or(0), 0);
        if let Err(e) = sh.write_file(op, bytes, false) {
            io.fail(
                "truncate",
                format!("cannot open {} for writing: {e}", q(op)),
                1,
            );
            status = 1;
        }
    }
    status
}

/// Reads every operand (default `-`), reporting failures as `prog: NAME: error`.
fn inputs(sh: &Shell<'_>, io: &mut Io, prog: &str, ops: &[String]) -> (Vec<Vec<u8>>, i32) {
    let ops = if ops.is_empty() {
        vec!["-".to_string()]
    } else {
        ops.to_vec()
    };
    let mut out = Vec::new();
    let mut status = 0;
    for op in &ops {
        match read_input(sh, io, op) {
            Ok(d) => out.push(d),
            Err(msg) => {
                if gnu(sh) {
                    io.eprint(format!("{prog}: {}: {msg}\n", qf(op)));
                } else {
                    io.eprint(format!("{prog}: can't open '{op}': {msg}\n"));
                }
                status = 1;
            }
        }
    }
    (out, status)
}

fn tac(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let Ok(args) = parse(sh, io, argv, "", "", &[], 1) else {
        return 1;
    };
    let (files, status) = inputs(sh, io, "tac", &args.operands);
    let mut out = Vec::new();
    for data in files {
        for l in lines(&data).into_iter().rev() {
            out.extend_from_slice(l);
            out.push(b'\n');
        }
    }
    io.print(out);
    status
}

fn paste(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("delimiters", 'd'), ("serial", 's')];
    let Ok(args) = parse(sh, io, argv, "ds", "d", &longs, 1) else {
        return 1;
    };
    let delims: Vec<char> = match args.value('d') {
        Some(d) => d
            .replace("\\t", "\t")
            .replace("\\n", "\n")
            .replace("\\0", "")
            .chars()
            .collect(),
        None => vec!['\t'],
    };
    let delim = |i: usize| {
        delims
            .get(i % delims.len().max(1))
            .map(|c| c.to_string())
            .unwrap_or_default()
    };
    let (files, status) = inputs(sh, io, "paste", &args.operands);
    let cols: Vec<Vec<String>> = files
        .iter()
        .map(|d| {
            lines(d)
                .into_iter()
                .map(|l| String::from_utf8_lossy(l).into_owned())
                .collect()
        })
        .collect();
    let mut out = String::new();
    if args.has('s') {
        for c in &cols {
            for (i, l) in c.iter().enumerate() {
                if i > 0 {
                    out.push_str(&delim(i - 1));
                }
                out.push_str(l);
            }
            out.push('\n');
        }
    } else {
        let rows = cols.iter().map(|c| c.len()).max().unwrap_or(0);
        for r in 0..rows {
            for (i, c) in cols.iter().enumerate() {
                if i > 0 {
                    out.push_str(&delim(i - 1));
                }
                out.push_str(c.get(r).map_or("", |s| s.as_str()));
            }
            out.push('\n');
        }
    }
    io.print(out);
    status
}

/// `nl`: numbers non-empty lines (`-b a` numbers all), `%6d\t`.
fn nl(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("body-numbering", 'b'),
        ("number-width", 'w'),
        ("number-separator", 's'),
    ];
    let Ok(args) = parse(sh, io, argv, "bws", "bws", &longs, 1) else {
        return 1;
    };
    let all = args.value('b') == Some("a");
    let width: usize = args
        .value('w')
        .and_then(|w| w.parse().ok())
        .unwrap_or(6)
        .min(64);
    let sep = args.value('s').unwrap_or("\t").to_string();
    let (files, status) = inputs(sh, io, "nl", &args.operands);
    let mut out = String::new();
    let mut n = 0;
    for data in files {
        for l in lines(&data) {
            let text = String::from_utf8_lossy(l);
            if all || !l.is_empty() {
                n += 1;
                out.push_str(&format!("{n:>width$}{sep}{text}\n"));
            } else {
                out.push_str(&format!("{}{text}\n", " ".repeat(width + sep.len())));
            }
        }
    }
    io.print(out);
    status
}

fn fold(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("width", 'w'), ("spaces", 's'), ("bytes", 'b')];
    let Ok(args) = parse(sh, io, argv, "wsb", "w", &longs, 1) else {
        return 1;
    };
    let width: usize = match args.value('w').map(|w| w.parse::<usize>()) {
        Some(Ok(w)) if w > 0 => w,
        Some(_) => return io.fail("fold", "invalid number of columns", 1),
        None => 80,
    };
    let (files, status) = inputs(sh, io, "fold", &args.operands);
    let mut out = Vec::new();
    for data in files {
        for chunk in data.split_inclusive(|&b| b == b'\n') {
            let (line, nl) = match chunk.strip_suffix(b"\n") {
                Some(l) => (l, true),
                None => (chunk, false),
            };
            let mut rest = line;
            while rest.len() > width {
                let mut cut = width;
                if args.has('s') {
                    if let Some(sp) = rest[..width].iter().rposition(|&b| b == b' ') {
                        cut = sp + 1;
                    }
                }
                out.extend_from_slice(&rest[..cut]);
                out.push(b'\n');
                rest = &rest[cut..];
            }
            out.extend_from_slice(rest);
            if nl {
                out.push(b'\n');
            }
        }
    }
    io.print(out);
    status
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("decode", 'd'), ("wrap", 'w'), ("ignore-garbage", 'i')];
    let Ok(args) = parse(sh, io, argv, "dwi", "w", &longs, 1) else {
        return 1;
    };
    let (files, status) = inputs(sh, io, "base64", &args.operands);
    if status != 0 {
        return status;
    }
    let data: Vec<u8> = files.concat();
    if args.has('d') {
        let mut out = Vec::new();
        let (mut acc, mut bits) = (0u32, 0);
        for &b in &data {
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' | b'\n' | b'\r' => continue,
                _ if args.has('i') => continue,
                _ => {
                    io.print(out);
                    return io.fail("base64", "invalid input", 1);
                }
            };
            acc = acc << 6 | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        io.print(out);
        return 0;
    }
    let wrap: usize = args.value('w').and_then(|w| w.parse().ok()).unwrap_or(76);
    let mut enc = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                enc.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                enc.push('=');
            }
        }
    }
    let mut out = String::new();
    if wrap == 0 {
        out.push_str(&enc);
    } else {
        for (i, c) in enc.chars().enumerate() {
            if i > 0 && i % wrap == 0 {
                out.push('\n');
            }
            out.push(c);
        }
    }
    // -w 0: one line without a newline.
    if !out.is_empty() && wrap != 0 {
        out.push('\n');
    }
    io.print(out);
    0
}

fn comm(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let Ok(args) = parse(sh, io, argv, "123", "", &[], 1) else {
        return 1;
    };
    if !operand_count(sh, io, "comm", &args.operands, 2) {
        return 1;
    }
    let (files, status) = inputs(sh, io, "comm", &args.operands);
    if status != 0 || files.len() != 2 {
        return 1;
    }
    let (a, b) = (lines(&files[0]), lines(&files[1]));
    let show = [!args.has('1'), !args.has('2'), !args.has('3')];
    let indent = |col: usize| -> String { (0..col).filter(|&c| show[c]).map(|_| "\t").collect() };
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let (col, line) = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
                (2, *x)
            }
            (Some(x), Some(y)) if x < y => {
                i += 1;
                (0, *x)
            }
            (Some(x), None) => {
                i += 1;
                (0, *x)
            }
            (_, Some(y)) => {
                j += 1;
                (1, *y)
            }
            (None, None) => break,
        };
        if show[col] {
            out.extend_from_slice(indent(col).as_bytes());
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    io.print(out);
    0
}

/// `yes [STRING]`: its reader never finishes it here (a pipeline is buffered), so it writes
/// 64 KiB of lines — more than any `yes | cmd` prompt loop reads — and stops.
fn yes(_: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let line = if argv.len() > 1 {
        argv[1..].join(" ")
    } else {
        "y".to_string()
    };
    let line = format!("{line}\n");
    let mut out = String::new();
    while out.len() < 64 << 10 {
        out.push_str(&line);
    }
    io.print(out);
    0
}

/// `nohup CMD`, `nice [-n N] CMD`, `timeout [-s SIG] [-k T] DURATION CMD`: run CMD.
fn wrapper(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let prog = argv.first().map_or("nohup", |s| s.as_str()).to_string();
    let mut i = 1;
    while let Some(a) = argv.get(i).filter(|a| a.starts_with('-') && a.len() > 1) {
        let takes = matches!(
            a.as_str(),
            "-n" | "-s" | "-k" | "--signal" | "--kill-after" | "--adjustment"
        );
        i += if takes { 2 } else { 1 };
        if a == "--" {
            break;
        }
    }
    if prog == "timeout" {
        i += 1; // the duration
    }
    let cmd = argv.get(i..).unwrap_or_default();
    if cmd.is_empty() {
        if prog == "nice" {
            io.println("0");
            return 0;
        }
        return io.fail(&prog, "missing operand", 125);
    }
    // Nothing is a terminal in a build, so nohup says nothing and redirects nothing.
    if let Err(s) = crate::sh::exec::find_program(sh, &cmd[0]) {
        let why = if s == 126 {
            "Permission denied"
        } else {
            "No such file or directory"
        };
        let msg = match (gnu(sh), prog.as_str()) {
            (true, "nice") => format!("{}: {why}", q(&cmd[0])),
            (true, _) => format!("failed to run command {}: {why}", q(&cmd[0])),
            (false, _) => format!("can't execute '{}': {why}", cmd[0]),
        };
        return io.fail(&prog, msg, s);
    }
    sh.run_argv(cmd, io)
}
