//! `echo`: dash's always interprets backslash escapes and knows only `-n`; busybox's and
//! bash's know `-n -e -E` and interpret escapes only with `-e`. Also the backslash-escape
//! reader `printf` shares.

use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("echo", echo)];

/// Appends the escape starting after a backslash at `s[i]` to `out`; returns the index after
/// it and whether `\c` (stop all output) was seen. `zero_octal`: octal needs a leading `0`
/// (`echo`'s `\0NNN`); otherwise `\NNN` (`printf`'s format).
pub(super) fn escape(
    s: &[u8],
    i: usize,
    out: &mut Vec<u8>,
    zero_octal: bool,
    hex: bool,
) -> (usize, bool) {
    let Some(&c) = s.get(i) else {
        out.push(b'\\');
        return (i, false);
    };
    let simple = match c {
        b'a' => Some(7),
        b'b' => Some(8),
        b'e' if hex => Some(27),
        b'f' => Some(12),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(11),
        b'\\' => Some(b'\\'),
        _ => None,
    };
    if let Some(b) = simple {
        out.push(b);
        return (i + 1, false);
    }
    if c == b'c' {
        return (i + 1, true);
    }
    let octal = |start: usize, max: usize| -> (usize, u32) {
        let mut v = 0u32;
        let mut j = start;
        while j < s.len() && j < start + max && (b'0'..=b'7').contains(&s[j]) {
            v = v * 8 + u32::from(s[j] - b'0');
            j += 1;
        }
        (j, v)
    };
    if zero_octal && c == b'0' {
        let (j, v) = octal(i + 1, 3);
        out.push(v as u8);
        return (j, false);
    }
    if !zero_octal && (b'0'..=b'7').contains(&c) {
        let (j, v) = octal(i, 3);
        out.push(v as u8);
        return (j, false);
    }
    if hex && c == b'x' {
        let mut v = 0u32;
        let mut j = i + 1;
        while j < s.len() && j < i + 3 && s[j].is_ascii_hexdigit() {
            v = v * 16 + (s[j] as char).to_digit(16).unwrap_or(0);
            j += 1;
        }
        if j > i + 1 {
            out.push(v as u8);
            return (j, false);
        }
    }
    if !zero_octal && (c == b'"' || c == b'\'') {
        out.push(c);
        return (i + 1, false);
    }
    out.push(b'\\');
    out.push(c);
    (i + 1, false)
}

/// `s` with echo-style escapes interpreted; `true` when `\c` cut it.
pub(super) fn echo_escapes(s: &str, hex: bool) -> (Vec<u8>, bool) {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let (j, stop) = escape(b, i + 1, &mut out, true, hex);
            if stop {
                return (out, true);
            }
            i = j;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    (out, false)
}

fn echo(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut args = argv.get(1..).unwrap_or_default();
    let mut newline = true;
    // dash's echo (the /bin/sh of Debian and Ubuntu); bash's and busybox's take -e -E.
    let dash = sh.os.dash && !sh.bash;
    let mut escapes = dash;
    if dash {
        if args.first().is_some_and(|a| a == "-n") {
            newline = false;
            args = &args[1..];
        }
    } else {
        while let Some(a) = args.first() {
            let flags = a
                .strip_prefix('-')
                .filter(|f| !f.is_empty() && f.chars().all(|c| "neE".contains(c)));
            let Some(flags) = flags else { break };
            for c in flags.chars() {
                match c {
                    'n' => newline = false,
                    'e' => escapes = true,
                    _ => escapes = false,
                }
            }
            args = &args[1..];
        }
    }
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        if escapes {
            let (bytes, stop) = echo_escapes(a, !dash);
            out.extend_from_slice(&bytes);
            if stop {
                io.print(out);
                return 0;
            }
        } else {
            out.extend_from_slice(a.as_bytes());
        }
    }
    if newline {
        out.push(b'\n');
    }
    io.print(out);
    0
}
