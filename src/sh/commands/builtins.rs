//! Shell builtins: `cd`, `export`, `set`, `exit`, `read`, `eval` … — the commands that
//! change the shell itself, plus the ones dash and ash build in.

use super::CommandFn;
use crate::sh::io::Io;
use crate::sh::shell::Shell;

/// The builtins, by name.
pub const BUILTINS: &[(&str, CommandFn)] = &[(":", colon), ("true", colon)];

fn colon(_: &mut Shell<'_>, _: &[String], _: &mut Io) -> i32 {
    0
}
