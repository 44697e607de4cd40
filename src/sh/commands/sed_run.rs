//! Running a parsed `sed` script over input lines: addresses and ranges, the pattern and
//! hold spaces, the append queue, `q`/`Q` exit codes.

use super::{Addr, Cmd, Kind, Repl};
use crate::sh::io::Io;
use crate::sh::shell::{Abort, Shell};
use regex_lite::Regex;

pub(super) struct Input {
    /// `(name, lines, whether the last line ended with a newline)`.
    pub(super) files: Vec<(String, Vec<String>, bool)>,
}

pub(super) struct Run<'a> {
    pub(super) cmds: &'a [Cmd],
    pub(super) quiet: bool,
    /// Range state per command: `Some(end line)` or `Some(0)` for a regex end.
    pub(super) active: Vec<Option<usize>>,
    pub(super) last_re: Option<Regex>,
    pub(super) hold: String,
    pub(super) out: String,
    pub(super) writes: Vec<(String, String)>,
    /// `regex::whole` of each substitution regex used so far, by pattern text.
    pub(super) wholes: Vec<(String, Option<Regex>)>,
}

impl Run<'_> {
    fn matches_one(&mut self, a: &Addr, line: usize, last: bool, ps: &str) -> bool {
        match a {
            Addr::Line(n) => *n == line,
            Addr::Last => last,
            Addr::Step(f, s) => {
                if *s == 0 {
                    line == *f
                } else {
                    line >= *f && (line - *f).is_multiple_of(*s)
                }
            }
            Addr::Plus(_) => false,
            Addr::Re(re) => {
                if let Some(r) = re {
                    self.last_re = Some(r.clone());
                }
                self.last_re.as_ref().is_some_and(|r| r.is_match(ps))
            }
        }
    }

    fn selected(&mut self, k: usize, line: usize, last: bool, ps: &str) -> bool {
        let cmd = &self.cmds[k];
        let hit = match (&cmd.a1, &cmd.a2) {
            (None, _) => true,
            (Some(a1), None) => self.matches_one(&a1.clone(), line, last, ps),
            (Some(a1), Some(a2)) => {
                let (a1, a2) = (a1.clone(), a2.clone());
                if let Some(end) = self.active[k] {
                    let done = match &a2 {
                        Addr::Line(_) | Addr::Plus(_) => line >= end,
                        _ => self.matches_one(&a2, line, last, ps),
                    };
                    if done {
                        self.active[k] = None;
                    }
                    true
                } else {
                    let start = match a1 {
                        Addr::Line(0) => line == 1,
                        _ => self.matches_one(&a1, line, last, ps),
                    };
                    let zero = matches!(a1, Addr::Line(0));
                    if !start {
                        false
                    } else {
                        match a2 {
                            Addr::Line(n) if n > line => self.active[k] = Some(n),
                            Addr::Line(_) => {}
                            Addr::Plus(n) if n > 0 => self.active[k] = Some(line + n),
                            Addr::Plus(_) => {}
                            _ if zero && self.matches_one(&a2, line, last, ps) => {}
                            _ if last => {}
                            _ => self.active[k] = Some(0),
                        }
                        true
                    }
                }
            }
        };
        hit != cmd.neg
    }
}

pub(super) fn substitute(
    re: &Regex,
    whole: Option<&Regex>,
    repl: &[Repl],
    global: bool,
    nth: usize,
    ps: &str,
) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut count = 0;
    let mut done = false;
    let mut pos = 0;
    let mut prev_end: Option<usize> = None;
    while pos <= ps.len() {
        let Some(caps) = re.captures_at(ps, pos) else {
            break;
        };
        let Some(m) = caps.get(0) else { break };
        let (start, mut end) = (m.start(), m.end());
        let step = |at: usize| at + ps[at..].chars().next().map_or(1, char::len_utf8);
        // An empty match right where the previous match ended does not count.
        if start == end && prev_end == Some(start) {
            pos = step(start);
            continue;
        }
        // POSIX: the longest of the leftmost matches, with its groups.
        let mut groups: Vec<Option<(usize, usize)>> = (0..caps.len())
            .map(|i| caps.get(i).map(|g| (g.start(), g.end())))
            .collect();
        if let Some(w) = whole {
            let longer = crate::sh::commands::regex::longest_end(w, ps, start, end);
            if longer > end {
                if let Some(c) = w.captures(&ps[start..longer]) {
                    groups = (0..c.len())
                        .map(|i| c.get(i).map(|g| (start + g.start(), start + g.end())))
                        .collect();
                    end = longer;
                }
            }
        }
        prev_end = Some(end);
        pos = if end > start { end } else { step(end) };
        count += 1;
        if count < nth {
            continue;
        }
        out.push_str(&ps[last..start]);
        let mut case: Option<char> = None;
        let mut one: Option<char> = None;
        for r in repl {
            let piece = match r {
                Repl::Lit(s) => s.as_str(),
                Repl::Group(n) => groups
                    .get(*n)
                    .copied()
                    .flatten()
                    .map_or("", |(a, b)| &ps[a..b]),
                Repl::Case(k) => {
                    match k {
                        'L' | 'U' => case = Some(*k),
                        'E' => case = None,
                        _ => one = Some(*k),
                    }
                    continue;
                }
            };
            for ch in piece.chars() {
                let ch: String = match (one.take(), case) {
                    (Some('u'), _) | (None, Some('U')) => ch.to_uppercase().collect(),
                    (Some('l'), _) | (None, Some('L')) => ch.to_lowercase().collect(),
                    _ => ch.to_string(),
                };
                out.push_str(&ch);
            }
        }
        last = end;
        done = true;
        if !global {
            break;
        }
    }
    if !done {
        return None;
    }
    out.push_str(&ps[last..]);
    Some(out)
}

/// Runs the script over the lines; returns the exit code when `q`/`Q` stopped it.
pub(super) fn execute(
    run: &mut Run<'_>,
    sh: &mut Shell<'_>,
    lines: &[String],
    last_file: bool,
    lineno: &mut usize,
    io: &mut Io,
) -> Option<i32> {
    let mut idx = 0;
    // `D` restarts the cycle with what is left of the pattern space, reading no line.
    let mut restart: Option<String> = None;
    while idx < lines.len() || restart.is_some() {
        let mut ps = match restart.take() {
            Some(rest) => rest,
            None => {
                idx += 1;
                *lineno += 1;
                lines[idx - 1].clone()
            }
        };
        let mut append = String::new();
        let mut k = 0;
        let mut deleted = false;
        let mut quit = None;
        // `t`: whether a substitution succeeded since this cycle began or the last `t`.
        let mut substituted = false;
        while k < run.cmds.len() {
            let is_last = last_file && idx == lines.len();
            if !run.selected(k, *lineno, is_last, &ps) {
                k = match run.cmds[k].kind {
                    Kind::Block(end) => end,
                    _ => k + 1,
                };
                continue;
            }
            let kind = run.cmds[k].kind.clone();
            k += 1;
            match kind {
                Kind::Block(_) | Kind::End | Kind::Label(_) => {}
                Kind::Branch(c, _, target) => {
                    let taken = match c {
                        'b' => true,
                        't' => substituted,
                        _ => !substituted,
                    };
                    if c != 'b' {
                        substituted = false;
                    }
                    if taken {
                        // Every jump costs a step: `:a;ba` ends with the step budget.
                        if let Err(kind) = sh.budget.step() {
                            sh.abort = Some(Abort::Budget(kind));
                            io.eprint(format!("sed: {}\n", kind.message()));
                            return Some(4);
                        }
                        k = target;
                    }
                }
                Kind::Subst {
                    re,
                    repl,
                    global,
                    nth,
                    print,
                    write,
                } => {
                    let re = match re {
                        Some(r) => {
                            run.last_re = Some(r.clone());
                            r
                        }
                        None => match run.last_re.clone() {
                            Some(r) => r,
                            None => {
                                io.eprint("sed: no previous regular expression\n");
                                return Some(1);
                            }
                        },
                    };
                    let key = re.as_str().to_string();
                    let whole = match run.wholes.iter().find(|(k, _)| *k == key) {
                        Some((_, w)) => w.clone(),
                        None => {
                            let w = crate::sh::commands::regex::whole(&re);
                            run.wholes.push((key, w.clone()));
                            w
                        }
                    };
                    if let Some(new) = substitute(&re, whole.as_ref(), &repl, global, nth, &ps) {
                        ps = new;
                        substituted = true;
                        for _ in 0..print {
                            run.out.push_str(&ps);
                            run.out.push('\n');
                        }
                        if let Some(w) = write {
                            push_write(run, &w, &ps);
                        }
                    }
                }
                Kind::Text('a', t) => {
                    append.push_str(&t);
                    append.push('\n');
                }
                Kind::Text('i', t) => {
                    run.out.push_str(&t);
                    run.out.push('\n');
                }
                Kind::Text(_, t) => {
                    let cmd = &run.cmds[k - 1];
                    if cmd.a2.is_none() || run.active[k - 1].is_none() || cmd.neg {
                        run.out.push_str(&t);
                        run.out.push('\n');
                    }
                    deleted = true;
                    break;
                }
                Kind::Quit(print, code) => {
                    if !print {
                        deleted = true;
                    }
                    quit = Some(code);
                    break;
                }
                Kind::Trans(map) => {
                    ps = ps
                        .chars()
                        .map(|c| map.iter().find(|(f, _)| *f == c).map_or(c, |(_, t)| *t))
                        .collect();
                }
                Kind::Write(name) => push_write(run, &name, &ps),
                Kind::Read(name) => {
                    if let Ok(data) = sh.read_file(&name) {
                        let text = String::from_utf8_lossy(&data).into_owned();
                        append.push_str(&text);
                        if !text.is_empty() && !text.ends_with('\n') {
                            append.push('\n');
                        }
                    }
                }
                Kind::Simple(c) => match c {
                    'd' => {
                        deleted = true;
                        break;
                    }
                    'D' => {
                        // Each restart drops a line of the pattern space: bounded by input.
                        if let Some(n) = ps.find('\n') {
                            restart = Some(ps[n + 1..].to_string());
                        }
                        deleted = true;
                        break;
                    }
                    'p' => {
                        run.out.push_str(&ps);
                        run.out.push('\n');
                    }
                    'P' => {
                        run.out.push_str(ps.split('\n').next().unwrap_or(""));
                        run.out.push('\n');
                    }
                    '=' => run.out.push_str(&format!("{lineno}\n")),
                    'l' => {
                        let mut s = String::new();
                        for ch in ps.chars() {
                            match ch {
                                '\\' => s.push_str("\\\\"),
                                '\n' => s.push_str("\\n"),
                                '\t' => s.push_str("\\t"),
                                c if (c as u32) < 32 || c as u32 == 127 => {
                                    s.push_str(&format!("\\{:03o}", c as u32))
                                }
                                c => s.push(c),
                            }
                        }
                        run.out.push_str(&s);
                        run.out.push_str("$\n");
                    }
                    'z' => ps.clear(),
                    'h' => run.hold = ps.clone(),
                    'H' => {
                        run.hold.push('\n');
                        run.hold.push_str(&ps);
                    }
                    'g' => ps = run.hold.clone(),
                    'G' => {
                        ps.push('\n');
                        ps.push_str(&run.hold);
                    }
                    'x' => std::mem::swap(&mut ps, &mut run.hold),
                    'n' | 'N' => {
                        if idx >= lines.len() {
                            // No next line: GNU prints the pattern space and exits.
                            quit = Some(0);
                            break;
                        }
                        if c == 'n' {
                            if !run.quiet {
                                run.out.push_str(&ps);
                                run.out.push('\n');
                            }
                            ps = lines[idx].clone();
                        } else {
                            ps.push('\n');
                            ps.push_str(&lines[idx]);
                        }
                        run.out.push_str(&append);
                        append.clear();
                        idx += 1;
                        *lineno += 1;
                    }
                    _ => {}
                },
            }
        }
        if !deleted && !run.quiet {
            run.out.push_str(&ps);
            run.out.push('\n');
        }
        run.out.push_str(&append);
        if let Some(code) = quit {
            return Some(code);
        }
    }
    None
}

pub(super) fn push_write(run: &mut Run<'_>, name: &str, text: &str) {
    let line = format!("{text}\n");
    if name == "/dev/stdout" {
        // Interleaved with the normal output, as GNU sed writes it.
        run.out.push_str(&line);
        return;
    }
    match run.writes.iter_mut().find(|(n, _)| n == name) {
        Some((_, buf)) => buf.push_str(&line),
        None => run.writes.push((name.to_string(), line)),
    }
}
