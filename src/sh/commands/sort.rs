//! `sort` (`-n -r -u -f -b -V -h -g -s -k POS1[,POS2] -t SEP -o FILE`, keys with their own
//! flags, GNU's last-resort whole-line comparison) in the C locale's byte order, and `uniq`
//! (`-c -d -u -i -f -s`, optional output file).

use super::util::{gnu, lines, parse, q, qf, read_input};
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::cmp::Ordering;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("sort", sort), ("uniq", uniq)];

/// One `-k` key: fields (1-based) and characters, with its own flags.
#[derive(Clone, Default)]
struct Key {
    f1: usize,
    c1: usize,
    f2: Option<usize>,
    c2: usize,
    flags: String,
}

fn parse_key(s: &str) -> Option<Key> {
    let (a, b) = match s.split_once(',') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let pos = |p: &str| -> Option<(usize, usize, String)> {
        let end = p
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(p.len());
        let (num, flags) = p.split_at(end);
        let (f, c) = match num.split_once('.') {
            Some((f, c)) => (f.parse().ok()?, c.parse().ok()?),
            None => (num.parse().ok()?, 0),
        };
        Some((f, c, flags.to_string()))
    };
    let (f1, c1, mut flags) = pos(a)?;
    if f1 == 0 {
        return None;
    }
    let mut key = Key {
        f1,
        c1: c1.max(1),
        ..Key::default()
    };
    if let Some(b) = b {
        let (f2, c2, fl) = pos(b)?;
        key.f2 = Some(f2);
        key.c2 = c2;
        flags.push_str(&fl);
    }
    key.flags = flags;
    Some(key)
}

/// The bytes of `line` a key covers.
fn key_text<'a>(line: &'a [u8], key: &Key, sep: Option<u8>) -> &'a [u8] {
    // Field start offsets and ends.
    let mut fields: Vec<(usize, usize)> = Vec::new();
    match sep {
        Some(t) => {
            let mut start = 0;
            for (i, &b) in line.iter().enumerate() {
                if b == t {
                    fields.push((start, i));
                    start = i + 1;
                }
            }
            fields.push((start, line.len()));
        }
        None => {
            let mut i = 0;
            while i < line.len() {
                let start = i;
                while i < line.len() && (line[i] == b' ' || line[i] == b'\t') {
                    i += 1;
                }
                while i < line.len() && line[i] != b' ' && line[i] != b'\t' {
                    i += 1;
                }
                fields.push((start, i));
            }
        }
    }
    let blanks = key.flags.contains('b');
    let begin = match fields.get(key.f1 - 1) {
        Some(&(s, e)) => {
            let mut s = s;
            if blanks {
                while s < e && (line[s] == b' ' || line[s] == b'\t') {
                    s += 1;
                }
            }
            (s + key.c1 - 1).min(e)
        }
        None => return &[],
    };
    let end = match key.f2 {
        None => line.len(),
        Some(f2) => match fields.get(f2.saturating_sub(1)) {
            Some(&(s, e)) if key.c2 == 0 => e.max(s),
            Some(&(s, e)) => (s + key.c2).min(e),
            None => line.len(),
        },
    };
    if end <= begin {
        &[]
    } else {
        &line[begin..end]
    }
}

fn numeric(s: &[u8], human: bool) -> f64 {
    let t = String::from_utf8_lossy(s);
    let t = t.trim_start();
    let end = t
        .char_indices()
        .take_while(|&(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'))
        .count();
    let v: f64 = t[..end].parse().unwrap_or(0.0);
    if !human {
        return v;
    }
    // -h: a K/M/G/… suffix outranks any number without one (1K > 999).
    let power = match t[end..].chars().next() {
        Some('K' | 'k') => 1,
        Some('M') => 2,
        Some('G') => 3,
        Some('T') => 4,
        Some('P') => 5,
        Some('E') => 6,
        _ => 0,
    };
    v * 1024f64.powi(power)
}

fn version_cmp(a: &[u8], b: &[u8]) -> Ordering {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let split = |s: &str| -> Vec<(bool, String)> {
        let mut v: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let d = c.is_ascii_digit();
            match v.last_mut() {
                Some((kd, text)) if *kd == d => text.push(c),
                _ => v.push((d, c.to_string())),
            }
        }
        v
    };
    for (x, y) in split(&a).iter().zip(split(&b).iter()) {
        let o = if x.0 && y.0 {
            let (p, q) = (x.1.trim_start_matches('0'), y.1.trim_start_matches('0'));
            p.len().cmp(&q.len()).then(p.cmp(q))
        } else {
            x.1.cmp(&y.1)
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

fn compare(a: &[u8], b: &[u8], flags: &str) -> Ordering {
    let fold = |s: &[u8]| -> Vec<u8> { s.iter().map(|c| c.to_ascii_uppercase()).collect() };
    let o = if flags.contains('n') || flags.contains('g') || flags.contains('h') {
        let human = flags.contains('h');
        numeric(a, human)
            .partial_cmp(&numeric(b, human))
            .unwrap_or(Ordering::Equal)
    } else if flags.contains('V') {
        version_cmp(a, b)
    } else if flags.contains('f') {
        fold(a).cmp(&fold(b))
    } else if flags.contains('b') {
        let t = |s: &[u8]| {
            s.iter()
                .position(|c| *c != b' ' && *c != b'\t')
                .map_or(0, |p| p)
        };
        a[t(a)..].cmp(&b[t(b)..])
    } else {
        a.cmp(b)
    };
    if flags.contains('r') {
        o.reverse()
    } else {
        o
    }
}

fn sort(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("numeric-sort", 'n'),
        ("reverse", 'r'),
        ("unique", 'u'),
        ("key", 'k'),
        ("field-separator", 't'),
        ("ignore-case", 'f'),
        ("version-sort", 'V'),
        ("output", 'o'),
        ("ignore-leading-blanks", 'b'),
        ("human-numeric-sort", 'h'),
        ("stable", 's'),
        ("general-numeric-sort", 'g'),
    ];
    let Ok(args) = parse(sh, io, argv, "nruktfVobhsgcz", "kto", &longs, 2) else {
        return 2;
    };
    let global: String = "nrfVbhg".chars().filter(|&c| args.has(c)).collect();
    let sep = match args.value('t') {
        Some(t) if t.len() == 1 => Some(t.as_bytes()[0]),
        Some(t) => {
            let msg = if t.is_empty() {
                "empty tab".to_string()
            } else {
                format!("multi-character tab {}", q(t))
            };
            return io.fail("sort", msg, 2);
        }
        None => None,
    };
    let mut keys = Vec::new();
    for (f, v) in &args.flags {
        if *f == 'k' {
            let v = v.clone().unwrap_or_default();
            let Some(mut k) = parse_key(&v) else {
                if gnu(sh) {
                    return io.fail(
                        "sort",
                        format!(
                            "invalid number at field start: invalid count at start of {}",
                            q(&v)
                        ),
                        2,
                    );
                }
                return io.fail("sort", format!("invalid number '{v}'"), 1);
            };
            let own: String = k.flags.chars().filter(|c| "nrfVbhg".contains(*c)).collect();
            k.flags = if own.is_empty() { global.clone() } else { own };
            keys.push(k);
        }
    }
    let files = if args.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        args.operands.clone()
    };
    let mut all: Vec<Vec<u8>> = Vec::new();
    for f in &files {
        match read_input(sh, io, f) {
            Ok(d) => all.extend(lines(&d).into_iter().map(|l| l.to_vec())),
            Err(msg) => {
                if gnu(sh) {
                    return io.fail("sort", format!("cannot read: {}: {msg}", qf(f)), 2);
                }
                return io.fail("sort", format!("can't open '{f}': {msg}"), 1);
            }
        }
    }
    let key_cmp = |a: &Vec<u8>, b: &Vec<u8>| -> Ordering {
        if keys.is_empty() {
            return compare(a, b, &global);
        }
        for k in &keys {
            let o = compare(key_text(a, k, sep), key_text(b, k, sep), &k.flags);
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    };
    let unique = args.has('u');
    let last_resort = !unique && !args.has('s');
    let reverse = global.contains('r');
    crate::sorting::sort_by(&mut all, |a, b| {
        let o = key_cmp(a, b);
        if o != Ordering::Equal
            || !last_resort
            || (keys.is_empty() && global.chars().all(|c| c == 'r'))
        {
            return o;
        }
        if reverse {
            b.cmp(a)
        } else {
            a.cmp(b)
        }
    });
    if unique {
        all.dedup_by(|b, a| key_cmp(a, b) == Ordering::Equal);
    }
    let mut out = Vec::new();
    for l in all {
        out.extend_from_slice(&l);
        out.push(b'\n');
    }
    if let Some(o) = args.value('o') {
        return match sh.write_file(o, out, false) {
            Ok(()) => 0,
            Err(e) => io.fail("sort", format!("open failed: {e}"), 2),
        };
    }
    io.print(out);
    0
}

fn uniq(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [
        ("count", 'c'),
        ("repeated", 'd'),
        ("unique", 'u'),
        ("ignore-case", 'i'),
        ("skip-fields", 'f'),
        ("skip-chars", 's'),
    ];
    let Ok(args) = parse(sh, io, argv, "cduifs", "fs", &longs, 1) else {
        return 1;
    };
    let input = args.operands.first().cloned().unwrap_or_else(|| "-".into());
    let data = match read_input(sh, io, &input) {
        Ok(d) => d,
        Err(msg) => {
            if gnu(sh) {
                return io.fail("uniq", format!("{}: {msg}", qf(&input)), 1);
            }
            return io.fail("uniq", format!("can't open '{input}': {msg}"), 1);
        }
    };
    let skip_f: usize = args.value('f').and_then(|v| v.parse().ok()).unwrap_or(0);
    let skip_c: usize = args.value('s').and_then(|v| v.parse().ok()).unwrap_or(0);
    let key = |l: &[u8]| -> Vec<u8> {
        let mut i = 0;
        for _ in 0..skip_f {
            while i < l.len() && (l[i] == b' ' || l[i] == b'\t') {
                i += 1;
            }
            while i < l.len() && l[i] != b' ' && l[i] != b'\t' {
                i += 1;
            }
        }
        let rest = &l[(i + skip_c).min(l.len())..];
        if args.has('i') {
            rest.to_ascii_lowercase()
        } else {
            rest.to_vec()
        }
    };
    let mut groups: Vec<(&[u8], usize)> = Vec::new();
    for l in lines(&data) {
        match groups.last_mut() {
            Some((first, n)) if key(first) == key(l) => *n += 1,
            _ => groups.push((l, 1)),
        }
    }
    let mut out = Vec::new();
    for (l, n) in groups {
        if (args.has('d') && n < 2) || (args.has('u') && n > 1) {
            continue;
        }
        if args.has('c') {
            out.extend_from_slice(format!("{n:>7} ").as_bytes());
        }
        out.extend_from_slice(l);
        out.push(b'\n');
    }
    if let Some(o) = args.operands.get(1) {
        return match sh.write_file(o, out, false) {
            Ok(()) => 0,
            Err(e) => io.fail("uniq", e, 1),
        };
    }
    io.print(out);
    0
}
