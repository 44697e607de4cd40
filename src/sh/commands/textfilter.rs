//! Character and column filters: `tr` (sets, ranges, `[:class:]`, `[c*n]`, `-d -s -c`) and
//! `cut` (`-b -c -f` with `-d`, `-s`, `--output-delimiter`, lists like `1,3-5,7-`).

use super::util::{gnu, lines, parse, q, qf, read_input};
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("tr", tr), ("cut", cut)];

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
            if let Some(end) = find(&rest, b":]").filter(|&e| e >= 2 && rest.get(1) == Some(&b':'))
            {
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
                    let n: usize = std::str::from_utf8(&rest[3..end])
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
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
    let longs = [
        ("delete", 'd'),
        ("squeeze-repeats", 's'),
        ("complement", 'c'),
        ("truncate-set1", 't'),
    ];
    let Ok(args) = parse(sh, io, argv, "dscCt", "", &longs, 1) else {
        return 1;
    };
    let (delete, squeeze, complement) =
        (args.has('d'), args.has('s'), args.has('c') || args.has('C'));
    let ops = &args.operands;
    let need = if delete && squeeze {
        2
    } else if delete || squeeze {
        1
    } else {
        2
    };
    if ops.len() < need {
        if !gnu(sh) {
            return io.fail("tr", "missing operand", 1);
        }
        let msg = match ops.first() {
            None => "missing operand".to_string(),
            Some(a) if !delete && !squeeze => format!("missing operand after {}\nTwo strings must be given when translating.", q(a)),
            Some(a) => format!("missing operand after {}\nTwo strings must be given when both deleting and squeezing repeats.", q(a)),
        };
        return io.fail(
            "tr",
            format!("{msg}\nTry 'tr --help' for more information."),
            1,
        );
    }
    if ops.len() > 2 || (delete && !squeeze && ops.len() > 1) {
        let extra = &ops[if delete && !squeeze { 1 } else { 2 }];
        let mut msg = format!("extra operand {}", q(extra));
        if delete && !squeeze {
            msg.push_str("\nOnly one string may be given when deleting without squeezing repeats.");
        }
        return io.fail(
            "tr",
            format!("{msg}\nTry 'tr --help' for more information."),
            1,
        );
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
    let mut set1_order: Vec<u8> = if complement {
        (0u8..=255).filter(|&c| in1[usize::from(c)]).collect()
    } else {
        set1.clone()
    };
    // -t: translate only as many characters as set2 has.
    if let (true, Some(s2)) = (args.has('t'), &set2) {
        set1_order.truncate(s2.len());
    }
    let data = io.read_stdin();
    let mut out = Vec::with_capacity(data.len());
    let mut map: [Option<u8>; 256] = [None; 256];
    let translate = !delete && set2.is_some();
    let mut squeeze_set = [false; 256];
    if let (true, Some(s2)) = (translate, &set2) {
        if s2.is_empty() && !set1_order.is_empty() {
            return io.fail(
                "tr",
                "when not truncating set1, string2 must be non-empty",
                1,
            );
        }
        for (i, &c) in set1_order.iter().enumerate() {
            let to = s2.get(i).or(s2.last()).copied().unwrap_or(c);
            map[usize::from(c)] = Some(to);
        }
    }
    if squeeze {
        let s = if translate || delete {
            set2.as_deref().unwrap_or(&[])
        } else {
            &set1_order[..]
        };
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
                if a.is_empty() {
                    1
                } else {
                    a.parse().map_err(|_| part.to_string())?
                },
                if b.is_empty() {
                    usize::MAX
                } else {
                    b.parse().map_err(|_| part.to_string())?
                },
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
    let longs = [
        ("delimiter", 'd'),
        ("fields", 'f'),
        ("characters", 'c'),
        ("bytes", 'b'),
        ("only-delimited", 's'),
        ("output-delimiter", 'O'),
        ("complement", 'C'),
    ];
    let Ok(args) = parse(sh, io, argv, "dfcbsnOC", "dfcbO", &longs, 1) else {
        return 1;
    };
    let mode = args
        .flags
        .iter()
        .rev()
        .find(|(f, _)| "fcb".contains(*f))
        .map(|(f, v)| (*f, v.clone().unwrap_or_default()));
    let Some((mode, list)) = mode else {
        if gnu(sh) {
            return io.fail("cut", "you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.", 1);
        }
        return io.fail("cut", "expected a list of bytes, characters, or fields", 1);
    };
    let ranges = match cut_list(&list) {
        Ok(r) => r,
        Err(e) => {
            let what = if mode == 'f' {
                "fields"
            } else if mode == 'c' {
                "characters"
            } else {
                "bytes"
            };
            let msg = match e.as_str() {
                "0" if gnu(sh) => format!("{what} are numbered from 1"),
                "0" => "fields and positions are numbered from 1".to_string(),
                "decreasing" => "invalid decreasing range".to_string(),
                _ if gnu(sh) => format!("invalid field value {}", q(&e)),
                _ => format!("invalid number '{e}'"),
            };
            return io.fail(
                "cut",
                format!(
                    "{msg}{}",
                    if gnu(sh) {
                        "\nTry 'cut --help' for more information."
                    } else {
                        ""
                    }
                ),
                1,
            );
        }
    };
    let delim = args.value('d').unwrap_or("\t").to_string();
    if delim.chars().count() != 1 && mode == 'f' {
        return io.fail(
            "cut",
            if gnu(sh) {
                "the delimiter must be a single character\nTry 'cut --help' for more information."
            } else {
                "delimiter must be one character"
            },
            1,
        );
    }
    let out_delim = args
        .value('O')
        .map(String::from)
        .unwrap_or_else(|| delim.clone());
    let complement = args.has('C');
    let selected = |i: usize| ranges.iter().any(|&(lo, hi)| i >= lo && i <= hi) != complement;
    let mut out = Vec::new();
    let mut status = 0;
    let files = if args.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        args.operands.clone()
    };
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
                    let picked: Vec<&str> = text
                        .split(delim.as_str())
                        .enumerate()
                        .filter(|(i, _)| selected(i + 1))
                        .map(|(_, f)| f)
                        .collect();
                    out.extend_from_slice(picked.join(&out_delim).as_bytes());
                }
                _ => {
                    let picked: Vec<u8> = line
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| selected(i + 1))
                        .map(|(_, &b)| b)
                        .collect();
                    out.extend_from_slice(&picked);
                }
            }
            out.push(b'\n');
        }
    }
    io.print(out);
    status
}
