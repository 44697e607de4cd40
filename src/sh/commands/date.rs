//! `date`: the build's fixed "now" (`Shell::now`, never the clock) in UTC, with `+FORMAT`
//! (`%Y %m %d %H %M %S %s %F %T %D %R %Z %z %a %A %b %B %h %e %j %y %C %u %w %p %I %k %l %N
//! %n %t %%`), `-u`, `-d @SECONDS`, `-d YYYY-MM-DD[ HH:MM[:SS]]`, `-R`, `-I[date|seconds]`.
//! Dates come from `crate::calendar`.

use super::CommandFn;
use crate::calendar::days_from_civil;
pub use crate::calendar::{civil, Civil};
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The programs of this file.
pub const PROGRAMS: &[(&str, CommandFn)] = &[("date", date)];

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Formats `t` with a `strftime` format (UTC).
pub fn format(t: i64, fmt: &str) -> String {
    let c = civil(t);
    let mut out = String::new();
    let mut it = fmt.chars().peekable();
    while let Some(ch) = it.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        // Flags `-` (no padding) and `_` (space padding), as GNU date allows.
        let mut pad: Option<char> = None;
        while let Some(&f) = it.peek() {
            if f == '-' || f == '_' || f == '0' {
                pad = Some(f);
                it.next();
            } else {
                break;
            }
        }
        let num = |n: i64, width: usize, default: char| -> String {
            match pad.unwrap_or(default) {
                '-' => n.to_string(),
                '_' => format!("{n:>width$}"),
                _ => format!("{n:0width$}"),
            }
        };
        let h12 = if c.hour.is_multiple_of(12) {
            12
        } else {
            c.hour % 12
        } as i64;
        let s = match it.next() {
            None => "%".to_string(),
            Some('Y') => c.year.to_string(),
            Some('C') => num(c.year.div_euclid(100), 2, '0'),
            Some('y') => num(c.year.rem_euclid(100), 2, '0'),
            Some('m') => num(c.month as i64, 2, '0'),
            Some('d') => num(c.day as i64, 2, '0'),
            Some('e') => num(c.day as i64, 2, '_'),
            Some('H') => num(c.hour as i64, 2, '0'),
            Some('k') => num(c.hour as i64, 2, '_'),
            Some('I') => num(h12, 2, '0'),
            Some('l') => num(h12, 2, '_'),
            Some('M') => num(c.minute as i64, 2, '0'),
            Some('S') => num(c.second as i64, 2, '0'),
            Some('j') => num(c.yday as i64, 3, '0'),
            Some('u') => (if c.weekday == 0 { 7 } else { c.weekday }).to_string(),
            Some('w') => c.weekday.to_string(),
            Some('s') => t.to_string(),
            Some('N') => "000000000".to_string(),
            Some('p') => (if c.hour < 12 { "AM" } else { "PM" }).to_string(),
            Some('P') => (if c.hour < 12 { "am" } else { "pm" }).to_string(),
            Some('a') => DAYS[c.weekday as usize][..3].to_string(),
            Some('A') => DAYS[c.weekday as usize].to_string(),
            Some('b' | 'h') => MONTHS[c.month as usize - 1][..3].to_string(),
            Some('B') => MONTHS[c.month as usize - 1].to_string(),
            Some('F') => format!("{}-{:02}-{:02}", c.year, c.month, c.day),
            Some('T') => format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second),
            Some('R') => format!("{:02}:{:02}", c.hour, c.minute),
            Some('D') => format!("{:02}/{:02}/{:02}", c.month, c.day, c.year.rem_euclid(100)),
            Some('c') => format(t, "%a %b %e %H:%M:%S %Y"),
            Some('x') => format(t, "%m/%d/%y"),
            Some('X') => format(t, "%H:%M:%S"),
            Some('Z') => "UTC".to_string(),
            Some('z') => "+0000".to_string(),
            Some('n') => "\n".to_string(),
            Some('t') => "\t".to_string(),
            Some('%') => "%".to_string(),
            Some(other) => format!("%{other}"),
        };
        out.push_str(&s);
    }
    out
}

/// `now`, `today`, `yesterday`, `tomorrow`, `N unit(s) ago`, `+N unit(s)`, `next week`.
fn relative(s: &str, now: i64) -> Option<i64> {
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        "now" | "today" => return Some(now),
        "yesterday" => return Some(now - 86_400),
        "tomorrow" => return Some(now + 86_400),
        _ => {}
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (n, unit, ago) = match words.as_slice() {
        [n, unit] => (*n, *unit, false),
        [n, unit, "ago"] => (*n, *unit, true),
        _ => return None,
    };
    let n: i64 = match n {
        "next" => 1,
        "last" => -1,
        _ => n.strip_prefix('+').unwrap_or(n).parse().ok()?,
    };
    let secs = match unit.trim_end_matches('s') {
        "sec" | "second" => 1,
        "min" | "minute" => 60,
        "hour" => 3600,
        "day" => 86_400,
        "week" => 7 * 86_400,
        "fortnight" => 14 * 86_400,
        _ => return None,
    };
    let delta = n.checked_mul(secs)?;
    if ago {
        now.checked_sub(delta)
    } else {
        now.checked_add(delta)
    }
}

/// Parses `-d` strings: `@N`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (also with `T`).
fn parse_date(s: &str, now: i64) -> Option<i64> {
    let s = s.trim();
    if let Some(n) = s.strip_prefix('@') {
        return n.trim().parse().ok();
    }
    if let Some(t) = relative(s, now) {
        return Some(t);
    }
    let (d, t) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim_end_matches('Z'))),
        None => (s, None),
    };
    let mut dp = d.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: u32 = dp.next()?.parse().ok()?;
    let day: u32 = dp.next()?.parse().ok()?;
    if dp.next().is_some() || !(1..=12).contains(&m) || day == 0 {
        return None;
    }
    let month_len = [
        31,
        if is_leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day > month_len[m as usize - 1] {
        return None;
    }
    let mut secs = 0i64;
    if let Some(t) = t {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return None;
        }
        let h: i64 = parts[0].parse().ok()?;
        let mi: i64 = parts[1].parse().ok()?;
        let se: i64 = parts.get(2).map_or(Some(0), |x| x.parse().ok())?;
        if h > 23 || mi > 59 || se > 60 {
            return None;
        }
        secs = h * 3600 + mi * 60 + se;
    }
    Some(days_from_civil(y, m, day) * 86_400 + secs)
}

fn date(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let mut t = sh.now;
    let mut fmt: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        let a = argv[i].clone();
        i += 1;
        if let Some(f) = a.strip_prefix('+') {
            if fmt.is_some() {
                return io.fail("date", format!("extra operand '{a}'"), 1);
            }
            fmt = Some(f.to_string());
            continue;
        }
        let value = |i: &mut usize, inline: Option<&str>| -> Option<String> {
            match inline {
                Some(v) if !v.is_empty() => Some(v.to_string()),
                _ => {
                    *i += 1;
                    argv.get(*i - 1).cloned()
                }
            }
        };
        match a.as_str() {
            "-u" | "--utc" | "--universal" => {}
            "-r" | "--reference" => {
                let Some(f) = value(&mut i, None) else {
                    return io.fail("date", "option requires an argument -- 'r'", 1);
                };
                match sh.fs.stat(&sh.path(&f)) {
                    Ok(n) => t = n.mtime,
                    Err(e) => return io.fail("date", format!("{f}: {}", e.kind.message()), 1),
                }
            }
            "-R" | "--rfc-2822" | "--rfc-email" => {
                fmt = Some("%a, %d %b %Y %H:%M:%S %z".into());
            }
            _ if a.starts_with("-I") || a.starts_with("--iso-8601") => {
                let what = a
                    .split_once('=')
                    .map(|(_, v)| v)
                    .unwrap_or(a.trim_start_matches("-I"));
                fmt = Some(
                    match what {
                        "" | "date" => "%Y-%m-%d",
                        "hours" => "%Y-%m-%dT%H+00:00",
                        "minutes" => "%Y-%m-%dT%H:%M+00:00",
                        "seconds" => "%Y-%m-%dT%H:%M:%S+00:00",
                        "ns" => "%Y-%m-%dT%H:%M:%S,%N+00:00",
                        _ => {
                            return io.fail(
                                "date",
                                format!("invalid argument '{what}' for '--iso-8601'"),
                                1,
                            )
                        }
                    }
                    .into(),
                );
            }
            _ if a.starts_with("-d") || a.starts_with("--date") => {
                let inline = a.strip_prefix("--date=").or_else(|| a.strip_prefix("-d"));
                let Some(v) = value(&mut i, inline) else {
                    return io.fail("date", "option requires an argument -- 'd'", 1);
                };
                match parse_date(&v, sh.now) {
                    Some(x) => t = x,
                    None => return io.fail("date", format!("invalid date '{v}'"), 1),
                }
            }
            _ => {
                return io.fail("date", format!("invalid date '{a}'"), 1);
            }
        }
    }
    let fmt = fmt.unwrap_or_else(|| "%a %b %e %H:%M:%S %Z %Y".into());
    io.println(format(t, &fmt));
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(format(0, "%F %T %a %j"), "1970-01-01 00:00:00 Thu 001");
        assert_eq!(format(1_700_000_000, "%c"), "Tue Nov 14 22:13:20 2023");
        assert_eq!(format(951_782_400, "%F %A %j"), "2000-02-29 Tuesday 060");
        assert_eq!(parse_date("2000-02-29 12:00", 0), Some(951_825_600));
        assert_eq!(parse_date("2001-02-29", 0), None);
        assert_eq!(parse_date("2 days ago", 200_000), Some(27_200));
        assert_eq!(parse_date("+1 hour", 0), Some(3600));
    }
}
