//! `apt-get` and `apt` over the offline Debian/Ubuntu catalog (`data/apt.tsv`): options,
//! the release of the image, `update` (writes `/var/lib/apt/lists/*` sized per release —
//! Docker images ship them empty, so `install` before `update` fails with `Unable to locate
//! package`), `clean`/`dist-clean`. Installing and removing is `apt_install.rs`; dpkg's
//! database and the `dpkg` command are `dpkg.rs`. The images' `docker-clean` apt
//! configuration is honoured (no `.deb` kept, no `pkgcache.bin`).

use super::apt_install::{install, remove_cmd};
use super::catalog::{deb_packages, DebPkg};
use super::{mkdir_p, read_text, remove};
use crate::fs::FsPath;
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::BTreeSet;

pub(super) const LISTS: &str = "/var/lib/apt/lists";
pub(super) const STATUS: &str = "/var/lib/dpkg/status";
pub(super) const EXTENDED: &str = "/var/lib/apt/extended_states";

/// The release letter of the catalog (`x` xenial, `j` jammy, `n` noble, `b` bookworm,
/// `t` trixie) for the shell's OS.
pub fn release(sh: &Shell<'_>) -> char {
    match sh.os.codename.as_str() {
        "xenial" => 'x',
        "jammy" => 'j',
        "noble" => 'n',
        "trixie" => 't',
        "bookworm" => 'b',
        _ => match sh.os.version_id.as_str() {
            "16.04" => 'x',
            "22.04" => 'j',
            "24.04" => 'n',
            "13" => 't',
            _ => 'b',
        },
    }
}

pub(super) fn python_minor(r: char) -> &'static str {
    match r {
        'x' => "3.5",
        'j' => "3.10",
        'n' => "3.12",
        't' => "3.13",
        _ => "3.11",
    }
}

pub(super) fn gcc_major(r: char) -> &'static str {
    match r {
        'x' => "5",
        'j' => "11",
        'n' => "13",
        't' => "14",
        _ => "12",
    }
}

pub(super) fn libc_version(r: char) -> &'static str {
    match r {
        'x' => "2.23-0ubuntu11.3",
        'j' => "2.35-0ubuntu3.10",
        'n' => "2.39-0ubuntu8.5",
        't' => "2.41-12",
        _ => "2.36-9+deb12u13",
    }
}

/// Files and directories dpkg counts in the base image.
pub(super) fn base_files(r: char) -> usize {
    match r {
        'x' => 4_768,
        'j' => 4_395,
        'n' => 4_381,
        't' => 5_830,
        _ => 6_090,
    }
}

/// apt's `SizeToStr`: `151 kB`, `55.4 kB`, `8792 kB`, `25.6 MB`.
pub fn apt_size(bytes: u64) -> String {
    let ext = ["", "k", "M", "G", "T", "P"];
    let mut v = bytes as f64;
    for (i, e) in ext.iter().enumerate() {
        if v < 100.0 && i != 0 {
            return format!("{v:.1} {e}B");
        }
        if v < 10_000.0 {
            return format!("{v:.0} {e}B");
        }
        v /= 1000.0;
    }
    format!("{v:.0} PB")
}

pub(super) fn find_pkg(name: &str, r: char) -> Option<&'static DebPkg> {
    deb_packages()
        .iter()
        .find(|p| p.name == name && p.version(r).is_some())
}

/// Whether `apt-get update` has run (an index file in the lists directory).
pub(super) fn have_lists(sh: &Shell<'_>) -> bool {
    sh.fs
        .read_dir(&FsPath::new(LISTS))
        .map(|entries| entries.iter().any(|(n, _)| n.contains("_Packages")))
        .unwrap_or(false)
}

/// `(uri, suite, components)` from the image's apt sources (one-line or deb822).
fn sources(sh: &Shell<'_>) -> Vec<(String, String, Vec<String>)> {
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut add = |uri: &str, suite: &str, comps: Vec<String>| {
        let uri = uri.trim_end_matches('/').to_string();
        match out.iter_mut().find(|(u, s, _)| *u == uri && s == suite) {
            Some((_, _, c)) => c.extend(comps),
            None => out.push((uri, suite.to_string(), comps)),
        }
    };
    if let Some(text) = read_text(sh, "/etc/apt/sources.list") {
        for line in text.lines() {
            let w: Vec<&str> = line.split_whitespace().collect();
            if w.first() == Some(&"deb") && w.len() >= 3 {
                add(w[1], w[2], w[3..].iter().map(|s| s.to_string()).collect());
            }
        }
    }
    let dir = FsPath::new("/etc/apt/sources.list.d");
    let names: Vec<String> = sh
        .fs
        .read_dir(&dir)
        .map(|e| e.into_iter().map(|(n, _)| n).collect())
        .unwrap_or_default();
    for name in names.iter().filter(|n| n.ends_with(".sources")) {
        let text = read_text(sh, &format!("/etc/apt/sources.list.d/{name}")).unwrap_or_default();
        for stanza in text.split("\n\n") {
            let field = |k: &str| {
                stanza
                    .lines()
                    .find_map(|l| l.strip_prefix(k)?.strip_prefix(':'))
                    .map(|v| v.trim().to_string())
                    .unwrap_or_default()
            };
            if !field("Types").split_whitespace().any(|t| t == "deb") {
                continue;
            }
            let comps: Vec<String> = field("Components")
                .split_whitespace()
                .map(str::to_string)
                .collect();
            for uri in field("URIs").split_whitespace() {
                for suite in field("Suites").split_whitespace() {
                    add(uri, suite, comps.clone());
                }
            }
        }
    }
    for name in names.iter().filter(|n| n.ends_with(".list")) {
        let text = read_text(sh, &format!("/etc/apt/sources.list.d/{name}")).unwrap_or_default();
        for line in text.lines() {
            let w: Vec<&str> = line
                .split_whitespace()
                .filter(|w| !w.starts_with('['))
                .collect();
            if w.first() == Some(&"deb") && w.len() >= 3 {
                add(w[1], w[2], w[3..].iter().map(|s| s.to_string()).collect());
            }
        }
    }
    out
}

/// (download bytes of `Packages`, stored bytes) for a suite's component.
fn index_size(r: char, suite: &str, comp: &str) -> (u64, u64) {
    let base: u64 = match (r, comp) {
        ('x', "main") => 1_558_000,
        ('x', "universe") => 9_827_000,
        ('x', "multiverse") => 176_000,
        ('x', _) => 14_100,
        ('j', "main") => 1_792_000,
        ('j', "universe") => 17_500_000,
        ('j', "multiverse") => 266_000,
        ('j', _) => 164_000,
        ('n', "main") => 1_808_000,
        ('n', "universe") => 19_300_000,
        ('n', "multiverse") => 331_000,
        ('n', _) => 117_000,
        ('t', "main") => 9_670_000,
        (_, "main") => 8_792_000,
        _ => 180_000,
    };
    let debian = matches!(r, 'b' | 't');
    let factor = if suite.ends_with("-updates") {
        if debian {
            0.0015
        } else {
            0.9
        }
    } else if suite.ends_with("-security") {
        if debian {
            0.028
        } else {
            0.6
        }
    } else if suite.ends_with("-backports") {
        0.01
    } else {
        1.0
    };
    let dl = (base as f64 * factor) as u64 + super::seed(suite, comp) % 900;
    let stored = if r == 'x' {
        dl * 13 / 10
    } else {
        dl * 214 / 100
    };
    (dl, stored)
}

fn inrelease_size(r: char, suite: &str) -> u64 {
    let release = !suite.contains('-');
    match (r, release) {
        ('b', true) => 151_075,
        ('t', true) => 138_000,
        ('x', true) => 247_000,
        ('j', true) => 270_000,
        ('n', true) => 256_000,
        ('b' | 't', false) if suite.ends_with("-updates") => 55_403,
        ('b' | 't', false) => 48_000,
        _ => 128_000 + super::seed(suite, "InRelease") % 2_000,
    }
}

/// The list file name of an index (`deb.debian.org_debian_dists_bookworm_InRelease`).
fn list_name(uri: &str, rest: &str) -> String {
    let host_path = uri
        .split_once("://")
        .map_or(uri, |(_, h)| h)
        .trim_end_matches('/');
    format!("{}_dists_{rest}", host_path.replace('/', "_"))
}

/// apt-get's options.
#[derive(Debug, Default)]
pub(super) struct Opts {
    pub(super) yes: bool,
    pub(super) quiet: u32,
    pub(super) no_recommends: bool,
    pub(super) purge: bool,
    pub(super) auto_remove: bool,
    pub(super) update: bool,
    pub(super) dry_run: bool,
    pub(super) command: Option<String>,
    pub(super) packages: Vec<String>,
    pub(super) bad: Option<String>,
}

fn parse_opts(args: &[String]) -> Opts {
    let mut o = Opts::default();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        match a {
            "-y" | "--yes" | "--assume-yes" | "--force-yes" => o.yes = true,
            "-q" | "--quiet" => o.quiet += 1,
            "-qq" => o.quiet += 2,
            "--no-install-recommends" => o.no_recommends = true,
            "--install-recommends" => o.no_recommends = false,
            "--purge" => o.purge = true,
            "--auto-remove" | "--autoremove" => o.auto_remove = true,
            "--update" => o.update = true,
            "-s" | "--simulate" | "--dry-run" | "--just-print" => o.dry_run = true,
            "-o" | "-t" | "-c" | "--target-release" | "--option" => i += 1,
            _ if a.starts_with("-q=") => o.quiet = a[3..].parse().unwrap_or(1),
            _ if a.starts_with("--") => {}
            _ if a.starts_with('-') && a.len() > 1 => {
                for c in a[1..].chars() {
                    match c {
                        'y' => o.yes = true,
                        'q' => o.quiet += 1,
                        's' => o.dry_run = true,
                        'f' | 'm' | 'V' | 'u' | 'd' | 'b' => {}
                        _ => o.bad = Some(format!("-{c}")),
                    }
                }
            }
            _ if o.command.is_none() => o.command = Some(a.to_string()),
            _ => o.packages.push(a.to_string()),
        }
    }
    o
}

/// Wraps package names as apt does: two-space indent, lines up to 79 columns.
pub(super) fn wrap_list(names: &[String]) -> String {
    let mut out = String::new();
    let mut line = String::from(" ");
    for n in names {
        if line.len() + 1 + n.len() > 79 && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(n);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

pub(super) fn reading(io: &mut Io, quiet: u32) {
    if quiet < 2 {
        io.print(
            "Reading package lists...\nBuilding dependency tree...\nReading state information...\n",
        );
    }
}

/// `apt-get`.
pub fn apt_get(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let o = parse_opts(argv.get(1..).unwrap_or(&[]));
    if let Some(bad) = o.bad {
        io.eprint(format!("E: Command line option '{}' [from {bad}] is not understood in combination with the other options.\n", bad.trim_start_matches('-')));
        return 100;
    }
    run(sh, o, io, false)
}

/// `apt` (the interactive front end: same actions, its warning on stderr).
pub fn apt(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let o = parse_opts(argv.get(1..).unwrap_or(&[]));
    if matches!(o.command.as_deref(), Some("--version" | "-v")) || o.command.is_none() {
        return apt_get(sh, argv, io);
    }
    io.eprint(
        "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n",
    );
    run(sh, o, io, true)
}

fn run(sh: &mut Shell<'_>, o: Opts, io: &mut Io, is_apt: bool) -> i32 {
    if sh.uid != 0
        && !matches!(
            o.command.as_deref(),
            Some("-v" | "--version" | "help" | "--help" | "-h")
        )
    {
        io.eprint("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n");
        return 100;
    }
    let cmd = o.command.clone().unwrap_or_default();
    match cmd.as_str() {
        "update" => {
            let st = update(sh, &o, io);
            if st == 0 && is_apt && o.quiet < 2 {
                io.print("All packages are up to date.\n");
            }
            st
        }
        "install" | "reinstall" => {
            if o.update {
                let st = update(sh, &o, io);
                if st != 0 {
                    return st;
                }
            }
            install(sh, &o, io)
        }
        "remove" | "purge" | "autoremove" | "autopurge" => remove_cmd(sh, &o, &cmd, io),
        "upgrade" | "dist-upgrade" | "full-upgrade" => {
            reading(io, o.quiet);
            if o.quiet < 2 {
                io.print("Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
            }
            0
        }
        "clean" | "autoclean" => {
            clean(sh, false);
            0
        }
        "dist-clean" | "distclean" => {
            clean(sh, true);
            0
        }
        "-v" | "--version" => {
            let v = match release(sh) {
                'x' => "1.2.35",
                'j' => "2.4.14",
                'n' => "2.8.3",
                't' => "3.0.3",
                _ => "2.6.1",
            };
            io.print(format!("apt {v} (amd64)\n"));
            0
        }
        "" => {
            io.eprint("E: Invalid operation \n");
            100
        }
        other => {
            io.eprint(format!("E: Invalid operation {other}\n"));
            100
        }
    }
}

fn clean(sh: &mut Shell<'_>, lists: bool) {
    let archives = FsPath::new("/var/cache/apt/archives");
    if let Ok(entries) = sh.fs.read_dir(&archives) {
        for (name, _) in entries.iter().filter(|(n, _)| n.ends_with(".deb")) {
            remove(sh, &format!("/var/cache/apt/archives/{name}"));
        }
    }
    remove(sh, "/var/cache/apt/pkgcache.bin");
    remove(sh, "/var/cache/apt/srcpkgcache.bin");
    if lists {
        if let Ok(entries) = sh.fs.read_dir(&FsPath::new(LISTS)) {
            for (name, _) in entries {
                if name != "partial" && name != "lock" {
                    remove(sh, &format!("{LISTS}/{name}"));
                }
            }
        }
    }
}

pub(super) fn docker_clean(sh: &Shell<'_>) -> String {
    read_text(sh, "/etc/apt/apt.conf.d/docker-clean").unwrap_or_default()
}

fn update(sh: &mut Shell<'_>, o: &Opts, io: &mut Io) -> i32 {
    let r = release(sh);
    let mut n = 0;
    let mut fetched = 0u64;
    let srcs = sources(sh);
    let mut lines = String::new();
    let mut files: Vec<(String, u64)> = Vec::new();
    for (uri, suite, _) in &srcs {
        n += 1;
        let size = inrelease_size(r, suite);
        fetched += size;
        lines.push_str(&format!(
            "Get:{n} {uri} {suite} InRelease [{}]\n",
            apt_size(size)
        ));
        files.push((list_name(uri, &format!("{suite}_InRelease")), size));
    }
    for (uri, suite, comps) in &srcs {
        let mut seen = BTreeSet::new();
        for comp in comps.iter().filter(|c| seen.insert(c.to_string())) {
            n += 1;
            let (dl, stored) = index_size(r, suite, comp);
            fetched += dl;
            lines.push_str(&format!(
                "Get:{n} {uri} {suite}/{comp} amd64 Packages [{}]\n",
                apt_size(dl)
            ));
            let ext = if r == 'x' { "gz" } else { "lz4" };
            files.push((
                list_name(uri, &format!("{suite}_{comp}_binary-amd64_Packages.{ext}")),
                stored,
            ));
        }
    }
    let secs = (fetched / 6_000_000).max(1);
    if o.quiet < 2 {
        io.print(&lines);
    }
    if o.quiet < 2 {
        io.print(format!(
            "Fetched {} in {secs}s ({}/s)\nReading package lists...\n",
            apt_size(fetched),
            apt_size(fetched / secs)
        ));
    }
    if let Err(e) = mkdir_p(sh, &format!("{LISTS}/partial")) {
        return io.fail("E", e, 100);
    }
    if r != 'x' {
        let _ = mkdir_p(sh, &format!("{LISTS}/auxfiles"));
    }
    for (name, size) in files {
        let path = sh.path(&format!("{LISTS}/{name}"));
        if let Err(e) = sh.write_synthetic(&path, size, super::seed("apt-lists", &name), 0o644) {
            return io.fail("E", e, 100);
        }
    }
    let _ = sh.write_file(&format!("{LISTS}/lock"), Vec::new(), false);
    if !docker_clean(sh).contains("pkgcache \"\"") {
        let size = if r == 'x' { 25_400_000 } else { 40_000_000 };
        for name in ["pkgcache.bin", "srcpkgcache.bin"] {
            let p = sh.path(&format!("/var/cache/apt/{name}"));
            let _ = sh.write_synthetic(&p, size, super::seed("apt-cache", name), 0o644);
        }
    }
    0
}
