//! Small argument-only utilities: `basename` (suffix, `-a`, `-s`), `dirname` and `seq`
//! (`seq N`, `seq A B`, `seq A STEP B`, `-s`, `-w`, decimals as GNU formats them).

use super::util::{gnu, parse, q};
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] =
    &[("basename", basename), ("dirname", dirname), ("seq", seq)];

fn base_of(name: &str) -> &str {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return if name.is_empty() { "" } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

fn missing(sh: &Shell<'_>, io: &mut Io, prog: &str) -> i32 {
    if gnu(sh) {
        io.eprint(format!(
            "{prog}: missing operand\nTry '{prog} --help' for more information.\n"
        ));
    } else {
        io.eprint(format!(
            "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: {prog} {}\n",
            if prog == "basename" {
                "FILE [SUFFIX]"
            } else {
                "FILENAME"
            }
        ));
    }
    1
}

fn basename(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let longs = [("multiple", 'a'), ("suffix", 's'), ("zero", 'z')];
    let Ok(args) = parse(sh, io, argv, "asz", "s", &longs, 1) else {
        return 1;
    };
    let ops = &args.operands;
    if ops.is_empty() {
        return missing(sh, io, "basename");
    }
    let suffix = args.value('s').map(String::from);
    let (names, suffix): (Vec<&String>, Option<String>) = if args.has('a') || suffix.is_some() {
        (ops.iter().collect(), suffix)
    } else if ops.len() > 2 {
        if gnu(sh) {
            return io.fail(
                "basename",
                format!(
                    "extra operand {}\nTry 'basename --help' for more information.",
                    q(&ops[2])
                ),
                1,
            );
        }
        return missing(sh, io, "basename");
    } else {
        (vec![&ops[0]], ops.get(1).cloned())
    };
    let end = if args.has('z') { "\0" } else { "\n" };
    let mut out = String::new();
    for n in names {
        let mut b = base_of(n).to_string();
        if let Some(s) = &suffix {
            if !s.is_empty() && b.len() > s.len() && b.ends_with(s.as_str()) {
                b.truncate(b.len() - s.len());
            }
        }
        out.push_str(&b);
        out.push_str(end);
    }
    io.print(out);
    0
}

fn dir_of(name: &str) -> String {
    let trimmed = name.trim_end_matches('/');
    if trimmed.is_empty() {
        return if name.starts_with('/') {
            "/".into()
        } else {
            ".".into()
        };
    }
    match trimmed.rfind('/') {
        None => ".".into(),
        Some(i) => {
            let d = trimmed[..i].trim_end_matches('/');
            if d.is_empty() {
                "/".into()
            } else {
                d.to_string()
            }
        }
    }
}

fn dirname(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let Ok(args) = parse(sh, io, argv, "z", "", &[("zero", 'z')], 1) else {
        return 1;
    };
    if args.operands.is_empty() {
        return missing(sh, io, "dirname");
    }
    let ops = if gnu(sh) {
        &args.operands[..]
    } else {
        &args.operands[..1]
    };
    let end = if args.has('z') { "\0" } else { "\n" };
    let out: String = ops.iter().map(|n| format!("{}{end}", dir_of(n))).collect();
    io.print(out);
    0
}

fn seq(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut sep = "\n".to_string();
    let mut width = false;
    let mut nums: Vec<&str> = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].as_str();
        i += 1;
        let looks_numeric = a.parse::<f64>().is_ok();
        if a.starts_with('-') && !looks_numeric && nums.is_empty() {
            match a {
                "-w" | "--equal-width" => width = true,
                "-s" => {
                    sep = argv.get(i).cloned().unwrap_or_default();
                    i += 1;
                }
                _ if a.starts_with("-s") => sep = a[2..].to_string(),
                "--" => {}
                _ => {
                    if gnu(sh) {
                        return io.fail(
                            "seq",
                            format!(
                                "invalid option -- '{}'\nTry 'seq --help' for more information.",
                                a.chars().nth(1).unwrap_or('-')
                            ),
                            1,
                        );
                    }
                    return io.fail(
                        "seq",
                        format!("unrecognized option: {}", a.chars().nth(1).unwrap_or('-')),
                        1,
                    );
                }
            }
            continue;
        }
        nums.push(a);
    }
    if nums.is_empty() || nums.len() > 3 {
        if nums.is_empty() {
            return missing(sh, io, "seq");
        }
        return io.fail(
            "seq",
            format!(
                "extra operand {}\nTry 'seq --help' for more information.",
                q(nums[3])
            ),
            1,
        );
    }
    let mut vals = Vec::new();
    for n in &nums {
        match n.trim().parse::<f64>() {
            Ok(v) if v.is_finite() || gnu(sh) => vals.push(v),
            _ => {
                if gnu(sh) {
                    return io.fail("seq", format!("invalid floating point argument: {}\nTry 'seq --help' for more information.", q(n)), 1);
                }
                return io.fail("seq", format!("invalid '{n}'"), 1);
            }
        }
    }
    let (first, step, last) = match vals[..] {
        [l] => (1.0, 1.0, l),
        [f, l] => (f, 1.0, l),
        [f, s, l] => (f, s, l),
        _ => (1.0, 1.0, 0.0),
    };
    if step == 0.0 {
        if gnu(sh) {
            return io.fail(
                "seq",
                format!(
                    "invalid Zero increment value: {}\nTry 'seq --help' for more information.",
                    q(nums[1])
                ),
                1,
            );
        }
        return 0;
    }
    let decimals = |s: &str| s.split_once('.').map_or(0, |(_, f)| f.len());
    let prec = nums
        .iter()
        .take(if nums.len() == 3 { 2 } else { 1 })
        .map(|s| decimals(s))
        .max()
        .unwrap_or(0);
    let prec = if nums.len() == 1 { 0 } else { prec };
    let fmt = |v: f64| format!("{v:.prec$}");
    // -w: as wide as the wider of the two ends.
    let w = if width {
        fmt(first).len().max(fmt(last).len())
    } else {
        0
    };
    let pad = |s: String| -> String {
        if s.len() >= w {
            return s;
        }
        let (sign, digits) = match s.strip_prefix('-') {
            Some(d) => ("-", d),
            None => ("", s.as_str()),
        };
        format!("{sign}{}{digits}", "0".repeat(w - s.len()))
    };
    // Written as generated; a runaway sequence stops at 16 MiB of text (the build log
    // keeps 1 MiB, and no file written this way is useful beyond that).
    let mut out = String::new();
    let mut k = 0u64;
    loop {
        let v = first + step * k as f64;
        if (step > 0.0 && v > last + 1e-10)
            || (step < 0.0 && v < last - 1e-10)
            || out.len() > 16 << 20
        {
            break;
        }
        if k > 0 {
            out.push_str(&sep);
        }
        out.push_str(&pad(fmt(v)));
        k += 1;
    }
    if k == 0 {
        return 0;
    }
    out.push('\n');
    io.print(out);
    0
}
