//! `sleep`: validates its operands like coreutils or busybox and returns at once (a build
//! has no clock). (`mktemp` lives with `install`.)

use super::busybox;
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
