//! The commands the sandbox knows. Two tables: shell builtins (found before `PATH`, like
//! dash's and ash's), and programs (found only when the image has an executable of that
//! name on `PATH` — so `apk` exists on Alpine and `apt-get` on Debian, as in real images).
//!
//! Every command is a [`CommandFn`]: it gets the shell (filesystem, working directory,
//! variables, user, [`Shell::run_argv`](super::shell::Shell::run_argv) for commands that run
//! commands), its argv (`argv[0]` is the name it was called by) and its standard streams;
//! it returns the exit status.

pub mod accounts;
pub mod archive;
pub mod builtins;
pub mod compress;
pub mod copy;
pub mod date;
pub mod echo;
pub mod expr;
pub mod fileops;
pub mod find;
mod findexpr;
mod fnmatch;
pub mod grep;
pub mod install;
pub mod listing;
pub mod ls;
pub mod more;
pub mod names;
pub mod perms;
pub mod printf;
pub mod regex;
pub mod sed;
pub mod sort;
pub mod system;
pub mod test;
pub mod textfilter;
pub mod textutil;
pub mod users;
pub mod util;
pub mod version;
pub mod xargs;

use super::io::Io;
use super::shell::Shell;

/// A command's entry point.
pub type CommandFn = fn(&mut Shell<'_>, &[String], &mut Io) -> i32;

/// Programs: looked up by the basename of the executable found on `PATH`.
const PROGRAM_TABLES: &[&[(&str, CommandFn)]] = &[
    echo::PROGRAMS,
    printf::PROGRAMS,
    test::PROGRAMS,
    textutil::PROGRAMS,
    names::PROGRAMS,
    textfilter::PROGRAMS,
    sort::PROGRAMS,
    ls::PROGRAMS,
    listing::PROGRAMS,
    fileops::PROGRAMS,
    copy::PROGRAMS,
    install::PROGRAMS,
    perms::PROGRAMS,
    find::PROGRAMS,
    xargs::PROGRAMS,
    more::PROGRAMS,
    grep::PROGRAMS,
    sed::PROGRAMS,
    system::PROGRAMS,
    date::PROGRAMS,
    expr::PROGRAMS,
    archive::PROGRAMS,
    compress::PROGRAMS,
    users::PROGRAMS,
    users::session::PROGRAMS,
    users::passwd::PROGRAMS,
    super::pkg::PROGRAMS,
];

/// The shell builtin called `name`.
pub fn builtin(name: &str) -> Option<CommandFn> {
    builtins::BUILTINS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .or_else(|| {
            builtins::BUILTIN_PROGRAMS
                .contains(&name)
                .then(|| program(name))
                .flatten()
        })
}

/// The simulated program called `name`.
pub fn program(name: &str) -> Option<CommandFn> {
    PROGRAM_TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
}

/// Every command name the sandbox simulates (for "did you mean" hints).
pub fn all_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = builtins::BUILTINS
        .iter()
        .map(|(n, _)| *n)
        .chain(
            PROGRAM_TABLES
                .iter()
                .flat_map(|t| t.iter().map(|(n, _)| *n)),
        )
        .collect();
    crate::sorting::sort(&mut names);
    names.dedup();
    names
}
