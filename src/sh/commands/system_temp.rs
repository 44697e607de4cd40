//! `sleep` (validates its operands, returns at once: a build has no clock) and `mktemp`
//! (names from `Shell::next_temp` mixed into letters: different per call, the same per build).

use super::busybox;
use crate::fs::Content;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// Parses one `sleep` operand (`1`, `0.5`, `2m`, `1h`, `infinity`).
fn sleep_arg(a: &str, gnu: bool) -> bool {
    if gnu && (a == "inf" || a == "infinity") {
        return true;
    }
    let num = a.strip_suffix(['s', 'm', 'h', 'd']).unwrap_or(a);
    !num.is_empty()
        && num.chars().all(|c| c.is_ascii_digit() || c == '.')
        && num.chars().filter(|&c| c == '.').count() <= 1
        && num != "."
}

pub(super) fn sleep(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let bb = busybox(sh);
    if argv.len() < 2 {
        return if bb {
            io.fail("sleep", "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.\n\nUsage: sleep [N]...", 1)
        } else {
            io.fail(
                "sleep",
                "missing operand\nTry 'sleep --help' for more information.",
                1,
            )
        };
    }
    for a in &argv[1..] {
        if !sleep_arg(a, !bb) {
            return if bb {
                io.fail("sleep", format!("invalid number '{a}'"), 1)
            } else {
                io.fail(
                    "sleep",
                    format!(
                        "invalid time interval '{a}'\nTry 'sleep --help' for more information."
                    ),
                    1,
                )
            };
        }
    }
    0
}

const TEMP_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The `n` characters replacing a template's `X`s for counter value `c` (a fixed mix of the
/// counter: different for each call, the same for every build).
fn temp_chars(c: u64, n: usize) -> String {
    let mut x = c.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut out = String::new();
    for _ in 0..n {
        x ^= x >> 29;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 32;
        out.push(TEMP_CHARS[(x % TEMP_CHARS.len() as u64) as usize] as char);
    }
    out
}

pub(super) fn mktemp(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let bb = busybox(sh);
    let (mut dir, mut quiet, mut dry, mut tmpdir_flag) = (false, false, false, false);
    let mut parent: Option<String> = None;
    let mut template: Option<String> = None;
    let mut i = 1;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        match a.as_str() {
            "-d" | "--directory" => dir = true,
            "-q" | "--quiet" => quiet = true,
            "-u" | "--dry-run" => dry = true,
            "-t" => tmpdir_flag = true,
            "-p" | "--tmpdir" => {
                parent = argv.get(i).cloned();
                i += 1;
            }
            _ if a.starts_with("--tmpdir=") => parent = Some(a["--tmpdir=".len()..].to_string()),
            _ if a.starts_with('-') && a.len() > 1 => {
                for f in a[1..].chars() {
                    match f {
                        'd' => dir = true,
                        'q' => quiet = true,
                        'u' => dry = true,
                        't' => tmpdir_flag = true,
                        _ => return io.fail("mktemp", format!("invalid option -- '{f}'"), 1),
                    }
                }
            }
            _ => template = Some(a.clone()),
        }
    }
    let default = if bb { "tmp.XXXXXX" } else { "tmp.XXXXXXXXXX" };
    let in_tmp = template.is_none() || tmpdir_flag || parent.is_some();
    let template = template.unwrap_or_else(|| default.to_string());
    let xs = template.len() - template.trim_end_matches('X').len();
    if xs < 3 {
        let msg = if bb {
            "Invalid argument".to_string()
        } else {
            format!("too few X's in template '{template}'")
        };
        return if quiet { 1 } else { io.fail("mktemp", msg, 1) };
    }
    let base_dir = parent
        .filter(|p| !p.is_empty())
        .or_else(|| sh.var("TMPDIR").filter(|t| !t.is_empty()).map(String::from))
        .unwrap_or_else(|| "/tmp".into());
    let stem = &template[..template.len() - xs];
    let mut name = String::new();
    for _ in 0..100 {
        let candidate = format!("{stem}{}", temp_chars(sh.next_temp, xs));
        sh.next_temp += 1;
        let full = if in_tmp && !template.starts_with('/') {
            format!("{}/{candidate}", base_dir.trim_end_matches('/'))
        } else {
            candidate
        };
        if !sh.fs.exists(&sh.path(&full)) {
            name = full;
            break;
        }
    }
    if !dry {
        let path = sh.path(&name);
        let result = if dir {
            sh.fs.mkdir(&path, 0o700).map_err(|e| e.kind.message())
        } else {
            sh.budget
                .charge_write(0)
                .map_err(|k| k.message())
                .and_then(|_| {
                    sh.fs
                        .write_file(&path, Content::Bytes(Vec::new().into()), 0o600)
                        .map_err(|e| e.kind.message())
                })
        };
        if let Err(e) = result {
            let what = if dir { "directory" } else { "file" };
            let shown = if in_tmp && !template.starts_with('/') {
                format!("{}/{template}", base_dir.trim_end_matches('/'))
            } else {
                template.clone()
            };
            let msg = if bb {
                format!("{name}: {e}")
            } else {
                format!("failed to create {what} via template '{shown}': {e}")
            };
            return if quiet { 1 } else { io.fail("mktemp", msg, 1) };
        }
    }
    io.println(name);
    0
}
