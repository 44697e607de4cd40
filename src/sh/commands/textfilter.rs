//! Line and character filters: `tr` (sets, ranges, classes, `-d -s -c`), `cut` (`-b -c -f`
//! with `-d`, `-s`, lists like `1,3-5,7-`), `sort` (`-n -r -u -f -b -V -k -t -o`) in the C
//! locale's byte order, and `uniq` (`-c -d -u -i`).

use super::util::{gnu, lines, parse, q, qf, read_input};
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::cmp::Ordering;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("tr", tr), ("cut", cut), ("sort", sort), ("uniq", uniq)];

/// Expands a `tr` set: escapes, ranges, `[:class:]`, `[=c=]`, `[c*n]`.
fn tr_set(s: &str) -> Result<Vec<u8>, String> {
    let b = s.as_bytes();
    // First pass: escapes to (byte, literal) tokens.
    let mut toks: Vec<(u8, bool)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            let c = b[i + 1];
            let (v, n) = match c {
                b'n' => (b'\n', 2),
                b't' => (b'\t', 2),
                b'r' => (b'\r', 2),
                b'a' => (7, 2),
                b'b' => (8, 2),
                b'f' => (12, 2),
                b'v' => (11, 2),
                b'0'..=b'7' => {
                    let mut v = 0u32;
                    let mut j = i + 1;
                    while j < b.len() && j < i + 4 && (b'0'..=b'7').contains(&b[j]) {
                        v = v * 8 + u32::from(b[j] - b'0');
                        j += 1;
                    }
                    (v as u8, j - i)
                }
                other => (other, 2),
            };
            toks.push((v, true));
            i += n;
        } else {
            toks.push((b[i], false));
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let (c, lit) = toks[k];
        if c == b'[' && !lit {
            let rest: Vec<u8> = toks[k..].iter().map(|t| t.0).collect();
            if let Some(end) = find(&rest, b":]").filter(|&e| e >= 2 && rest.get(1) == Some(&b':')) {
                let name = String::from_utf8_lossy(&rest[2..end]).into_owned();
                let set: Vec<u8> = (0u8..=255)
                    .filter(|&x| match name.as_str() {
                        "upper" => x.is_ascii_uppercase(),
                        "lower" => x.is_ascii_lowercase(),
                        "digit" => x.is_ascii_digit(),
                        "alpha" => x.is_ascii_alphabetic(),
                        "alnum" => x.is_ascii_alphanumeric(),
                        "space" => matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 11 | 12),
                        "blank" => x == b' ' || x == b'\t',
                        "punct" => x.is_ascii_punctuation(),
                        "print" => (32..127).contains(&x),
                        "graph" => (33..127).contains(&x),
                        "cntrl" => x < 32 || x == 127,
                        "xdigit" => x.is_ascii_hexdigit(),
                        _ => false,
                    })
                    .collect();
                if set.is_empty() {
                    return Err(format!("invalid character class {}", q(&name)));
                }
                out.extend(set);
                k += end + 2;
                continue;
            }
            if rest.len() >= 4 && rest[2] == b'*' {
                if let Some(end) = rest.iter().position(|&x| x == b']').filter(|&e| e >= 3) {
                    let n: usize = std::str::from_utf8(&rest[3..end]).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
                    // `[c*]` fills: marked by a zero count, expanded by the caller.
                    out.extend(std::iter::repeat_n(rest[1], n.clamp(1, 256)));
                    k += end + 1;
                    continue;
                }
            }
            if rest.len() >= 5 && rest[1] == b'=' && rest[3] == b'=' && rest[4] == b']' {
                out.push(rest[2]);
                k += 5;
                continue;
            }
        }
        if k + 2 < toks.len() && toks[k + 1] == (b'-', false) {
            let hi = toks[k + 2].0;
            if hi < c {
                return Err(format!(
                    "range-endpoints of '{}-{}' are in reverse collating sequence order",
                    c as char, hi as char
                ));
            }
            out.extend(c..=hi);
            k += 3;
            continue;
        }
        out.push(c);
        k += 1;
    }
    Ok(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn tr(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("delete", 'd'), ("squeeze-repeats", 's'), ("complement", 'c'), ("truncate-set1", 't')];
    let Ok(args) = parse(sh, io, argv, "dscCt", "", &longs, 1) else { return 1 };
    let (delete, squeeze, complement) = (args.has('d'), args.has('s'), args.has('c') || args.has('C'));
    let ops = &args.operands;
    let need = if delete && squeeze { 2 } else if delete || squeeze { 1 } else { 2 };
    if ops.len() < need {
        if !gnu(sh) {
            return io.fail("tr", "missing operand", 1);
        }
        let msg = match ops.first() {
            None => "missing operand".to_string(),
            Some(a) if !delete && !squeeze => format!("missing operand after {}\nTwo strings must be given when translating.", q(a)),
            Some(a) => format!("missing operand after {}\nTwo strings must be given when both deleting and squeezing repeats.", q(a)),
        };
        return io.fail("tr", format!("{msg}\nTry 'tr --help' for more information."), 1);
    }
    if ops.len() > 2 || (delete && !squeeze && ops.len() > 1) {
        let extra = &ops[if delete && !squeeze { 1 } else { 2 }];
        let mut msg = format!("extra operand {}", q(extra));
        if delete && !squeeze {
            msg.push_str("\nOnly one string may be given when deleting without squeezing repeats.");
        }
        return io.fail("tr", format!("{msg}\nTry 'tr --help' for more information."), 1);
    }
    let set1 = match tr_set(&ops[0]) {
        Ok(s) => s,
        Err(e) => return io.fail("tr", e, 1),
    };
    let set2 = match ops.get(1).map(|s| tr_set(s)) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => return io.fail("tr", e, 1),
        None => None,
    };
    let mut in1 = [false; 256];
    for &c in &set1 {
        in1[usize::from(c)] = true;
    }
    if complement {
        for v in &mut in1 {
            *v = !*v;
        }
    }
    let set1_order: Vec<u8> = if complement { (0u8..=255).filter(|&c| in1[usize::from(c)]).collect() } else { set1.clone() };
    let data = io.read_stdin();
    let mut out = Vec::with_capacity(data.len());
    let mut map: [Option<u8>; 256] = [None; 256];
    let translate = !delete && set2.is_some();
    let mut squeeze_set = [false; 256];
    if let (true, Some(s2)) = (translate, &set2) {
        if s2.is_empty() && !set1_order.is_empty() {
            return io.fail("tr", "when not truncating set1, string2 must be non-empty", 1);
        }
        for (i, &c) in set1_order.iter().enumerate() {
            let to = s2.get(i).or(s2.last()).copied().unwrap_or(c);
            map[usize::from(c)] = Some(to);
        }
    }
    if squeeze {
        let s = if translate || delete { set2.as_deref().unwrap_or(&[]) } else { &set1_order[..] };
        for &c in s {
            squeeze_set[usize::from(c)] = true;
        }
        if !translate && !delete && complement {
            squeeze_set = in1;
        }
    }
    let mut last: Option<u8> = None;
    for &b in &data {
        if delete && in1[usize::from(b)] {
            continue;
        }
        let c = map[usize::from(b)].unwrap_or(b);
        if squeeze && squeeze_set[usize::from(c)] && last == Some(c) {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    io.print(out);
    0
}

/// A cut list: inclusive 1-based ranges (`usize::MAX` for open ends).
fn cut_list(s: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut out = Vec::new();
    for part in s.split([',', ' ']) {
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (
                if a.is_empty() { 1 } else { a.parse().map_err(|_| part.to_string())? },
                if b.is_empty() { usize::MAX } else { b.parse().map_err(|_| part.to_string())? },
            ),
            None => {
                let n: usize = part.parse().map_err(|_| part.to_string())?;
                (n, n)
            }
        };
        if lo == 0 || hi == 0 {
            return Err("0".into());
        }
        if hi < lo {
            return Err("decreasing".into());
        }
        out.push((lo, hi));
    }
    Ok(out)
}

fn cut(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("delimiter", 'd'), ("fields", 'f'), ("characters", 'c'), ("bytes", 'b'), ("only-delimited", 's'), ("output-delimiter", 'O')];
    let Ok(args) = parse(sh, io, argv, "dfcbsnO", "dfcbO", &longs, 1) else { return 1 };
    let mode = args.flags.iter().rev().find(|(f, _)| "fcb".contains(*f)).map(|(f, v)| (*f, v.clone().unwrap_or_default()));
    let Some((mode, list)) = mode else {
        if gnu(sh) {
            return io.fail("cut", "you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.", 1);
        }
        return io.fail("cut", "expected a list of bytes, characters, or fields", 1);
    };
    let ranges = match cut_list(&list) {
        Ok(r) => r,
        Err(e) => {
            let what = if mode == 'f' { "fields" } else if mode == 'c' { "characters" } else { "bytes" };
            let msg = match e.as_str() {
                "0" if gnu(sh) => format!("{what} are numbered from 1"),
                "0" => "fields and positions are numbered from 1".to_string(),
                "decreasing" => "invalid decreasing range".to_string(),
                _ if gnu(sh) => format!("invalid field value {}", q(&e)),
                _ => format!("invalid number '{e}'"),
            };
            return io.fail("cut", format!("{msg}{}", if gnu(sh) { "\nTry 'cut --help' for more information." } else { "" }), 1);
        }
    };
    let delim = args.value('d').unwrap_or("\t").to_string();
    if delim.chars().count() != 1 && mode == 'f' {
        return io.fail("cut", if gnu(sh) { "the delimiter must be a single character\nTry 'cut --help' for more information." } else { "delimiter must be one character" }, 1);
    }
    let out_delim = args.value('O').map(String::from).unwrap_or_else(|| delim.clone());
    let selected = |i: usize| ranges.iter().any(|&(lo, hi)| i >= lo && i <= hi);
    let mut out = Vec::new();
    let mut status = 0;
    let files = if args.operands.is_empty() { vec!["-".to_string()] } else { args.operands.clone() };
    for f in &files {
        let data = match read_input(sh, io, f) {
            Ok(d) => d,
            Err(msg) => {
                if gnu(sh) {
                    io.eprint(format!("cut: {}: {msg}\n", qf(f)));
                } else {
                    io.eprint(format!("cut: can't open '{f}': {msg}\n"));
                }
                status = 1;
                continue;
            }
        };
        for line in lines(&data) {
            match mode {
                'f' => {
                    let text = String::from_utf8_lossy(line);
                    if !text.contains(delim.as_str()) {
                        if !args.has('s') {
                            out.extend_from_slice(line);
                            out.push(b'\n');
                        }
                        continue;
                    }
                    let picked: Vec<&str> = text.split(delim.as_str()).enumerate().filter(|(i, _)| selected(i + 1)).map(|(_, f)| f).collect();
                    out.extend_from_slice(picked.join(&out_delim).as_bytes());
                }
                'c' if !gnu(sh) => {
                    let text = String::from_utf8_lossy(line);
                    let s: String = text.chars().enumerate().filter(|(i, _)| selected(i + 1)).map(|(_, c)| c).collect();
                    out.extend_from_slice(s.as_bytes());
                }
                _ => {
                    let picked: Vec<u8> = line.iter().enumerate().filter(|(i, _)| selected(i + 1)).map(|(_, &b)| b).collect();
                    out.extend_from_slice(&picked);
                }
            }
            out.push(b'\n');
        }
    }
    io.print(out);
    status
}

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
        let end = p.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(p.len());
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
    let mut key = Key { f1, c1: c1.max(1), ..Key::default() };
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
    if end <= begin { &[] } else { &line[begin..end] }
}

fn numeric(s: &[u8]) -> f64 {
    let t = String::from_utf8_lossy(s);
    let t = t.trim_start();
    let end = t
        .char_indices()
        .take_while(|&(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'))
        .count();
    t[..end].parse().unwrap_or(0.0)
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
        numeric(a).partial_cmp(&numeric(b)).unwrap_or(Ordering::Equal)
    } else if flags.contains('V') {
        version_cmp(a, b)
    } else if flags.contains('f') {
        fold(a).cmp(&fold(b))
    } else if flags.contains('b') {
        let t = |s: &[u8]| s.iter().position(|c| *c != b' ' && *c != b'\t').map_or(0, |p| p);
        a[t(a)..].cmp(&b[t(b)..])
    } else {
        a.cmp(b)
    };
    if flags.contains('r') { o.reverse() } else { o }
}

fn sort(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("numeric-sort", 'n'), ("reverse", 'r'), ("unique", 'u'), ("key", 'k'), ("field-separator", 't'), ("ignore-case", 'f'), ("version-sort", 'V'), ("output", 'o'), ("ignore-leading-blanks", 'b'), ("human-numeric-sort", 'h'), ("stable", 's'), ("general-numeric-sort", 'g')];
    let Ok(args) = parse(sh, io, argv, "nruktfVobhsgcz", "kto", &longs, 2) else { return 2 };
    let global: String = "nrfVbhg".chars().filter(|&c| args.has(c)).collect();
    let sep = match args.value('t') {
        Some(t) if t.len() == 1 => Some(t.as_bytes()[0]),
        Some(t) => {
            let msg = if t.is_empty() { "empty tab".to_string() } else { format!("multi-character tab {}", q(t)) };
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
                    return io.fail("sort", format!("invalid number at field start: invalid count at start of {}", q(&v)), 2);
                }
                return io.fail("sort", format!("invalid number '{v}'"), 1);
            };
            let own: String = k.flags.chars().filter(|c| "nrfVbhg".contains(*c)).collect();
            k.flags = if own.is_empty() { global.clone() } else { own };
            keys.push(k);
        }
    }
    let files = if args.operands.is_empty() { vec!["-".to_string()] } else { args.operands.clone() };
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
    all.sort_by(|a, b| {
        let o = key_cmp(a, b);
        if o != Ordering::Equal || !last_resort || (keys.is_empty() && global.chars().all(|c| c == 'r')) {
            return o;
        }
        if reverse { b.cmp(a) } else { a.cmp(b) }
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
    let longs = [("count", 'c'), ("repeated", 'd'), ("unique", 'u'), ("ignore-case", 'i'), ("skip-fields", 'f'), ("skip-chars", 's')];
    let Ok(args) = parse(sh, io, argv, "cduifs", "fs", &longs, 1) else { return 1 };
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
        if args.has('i') { rest.to_ascii_lowercase() } else { rest.to_vec() }
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
