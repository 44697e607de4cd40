//! `--version` of the GNU tools this sandbox simulates (Debian 12 and Ubuntu 24.04 builds):
//! the first line scripts parse (`grep (GNU grep) 3.8`) and the usual FSF notice.

use crate::sh::os::Family;
use crate::sh::shell::Shell;

const FSF: &str = "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n";

/// `PROG … --version` where the image's tool has a version text: prints it, returns status 0.
pub fn answer(sh: &Shell<'_>, argv: &[String], io: &mut crate::sh::io::Io) -> Option<i32> {
    if !argv.iter().skip(1).any(|a| a == "--version") {
        return None;
    }
    let text = text(sh, &argv[0])?;
    io.print(text);
    Some(0)
}

/// The `--version` text of `prog` on this image, or `None` where the tool has none (busybox).
pub fn text(sh: &Shell<'_>, prog: &str) -> Option<String> {
    let noble = match sh.os.family {
        Family::Debian => false,
        Family::Ubuntu => true,
        _ => return None,
    };
    Some(match prog {
        "grep" | "egrep" | "fgrep" => {
            let (v, year) = if noble { ("3.11", "2023") } else { ("3.8", "2022") };
            format!("grep (GNU grep) {v}\nCopyright (C) {year} Free Software Foundation, Inc.\n{FSF}\nWritten by Mike Haertel and others; see\n<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.\n")
        }
        "sed" => format!("sed (GNU sed) 4.9\nPackaged by Debian\nCopyright (C) 2022 Free Software Foundation, Inc.\n{FSF}\nWritten by Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon.\n"),
        "tar" => {
            let (v, year) = if noble { ("1.35", "2023") } else { ("1.34", "2021") };
            format!("tar (GNU tar) {v}\nCopyright (C) {year} Free Software Foundation, Inc.\n{FSF}\nWritten by John Gilmore and Jay Fenlason.\n")
        }
        "gzip" | "gunzip" | "zcat" => "gzip 1.12\nCopyright (C) 2018 Free Software Foundation, Inc.\nCopyright (C) 1993 Jean-loup Gailly.\nThis is free software.  You may redistribute copies of it under the terms of\nthe GNU General Public License <https://www.gnu.org/licenses/gpl.html>.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by Jean-loup Gailly.\n".to_string(),
        _ => return None,
    })
}
