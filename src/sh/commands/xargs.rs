//! `xargs`: items from standard input (blanks and quotes, `-0`, `-d`, lines with `-I`), `-n`,
//! `-L`, `-I {}`, `-r`, `-t`, `echo` by default; commands run through [`Shell::run_argv`]
//! into the same streams, with GNU's exit statuses (123, 124, 126, 127).

use super::util::{exec_check, gnu, parse, q};
use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("xargs", xargs)];

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
    let longs = [
        ("null", '0'),
        ("no-run-if-empty", 'r'),
        ("max-args", 'n'),
        ("replace", 'I'),
        ("delimiter", 'd'),
        ("max-lines", 'L'),
        ("verbose", 't'),
        ("max-procs", 'P'),
        ("max-chars", 's'),
        ("arg-file", 'a'),
    ];
    let mut end = 1;
    while end < argv.len() && argv[end].starts_with('-') && argv[end] != "-" {
        let a = argv[end].as_str();
        end += 1;
        if a == "--" {
            break;
        }
        let takes = ['n', 'I', 'd', 'L', 'P', 's', 'a', 'E'];
        let short = a.len() == 2 && a.chars().nth(1).is_some_and(|c| takes.contains(&c));
        let long = [
            "--max-args",
            "--replace",
            "--delimiter",
            "--max-lines",
            "--max-procs",
            "--max-chars",
            "--arg-file",
        ]
        .contains(&a);
        if short || long {
            end += 1;
        }
    }
    let end = end.min(argv.len());
    let Ok(args) = parse(sh, io, &argv[..end], "0rnIdLtPsxaEi", "nIdLPsaE", &longs, 1) else {
        return 1;
    };
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
        text.split('\0')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
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
        text.lines()
            .map(|l| l.trim_start().to_string())
            .filter(|l| !l.is_empty())
            .collect()
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
                        return io.fail(
                            "xargs",
                            format!("invalid number {} for -n option", q(v)),
                            1,
                        );
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
                Some(r) => cmd
                    .iter()
                    .map(|a| a.replace(r.as_str(), &chunk[0]))
                    .collect(),
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
        if let Some(s) = exec_check(sh, io, "xargs", &argv[0]) {
            return s;
        }
        let s = sh.run_argv(&argv, io);
        if sh.abort.is_some() {
            return 1;
        }
        match s {
            0 => {}
            126 | 127 => return s,
            255 => {
                io.eprint(format!(
                    "xargs: {}: exited with status 255; aborting\n",
                    argv[0]
                ));
                return 124;
            }
            _ => status = 123,
        }
    }
    status
}
