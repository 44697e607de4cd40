//! dpkg's database (`/var/lib/dpkg/status`, `info/*.list`, apt's `extended_states`), the
//! `dpkg`/`dpkg-query` commands (`--print-architecture`, `-l`, `-s`, `-L`,
//! `--get-selections`, `-W`) and `apt-mark` (`showmanual`, `showauto`, `auto`, `manual`:
//! the official images' "remember what was installed by hand, purge the build tools" idiom).

use super::apt::{find_pkg, release, EXTENDED, STATUS};
use super::apt_install::BASE_LIBS;
use super::{read_text, write_text};
use crate::fs::FsPath;
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::{BTreeMap, BTreeSet};

/// One installed package of `/var/lib/dpkg/status`.
#[derive(Debug, Clone, Default)]
pub(super) struct Installed {
    pub(super) version: String,
    pub(super) kib: u64,
    pub(super) depends: Vec<String>,
}

pub(super) fn parse_status(text: &str) -> BTreeMap<String, Installed> {
    let mut out = BTreeMap::new();
    for stanza in text.split("\n\n") {
        let field = |name: &str| {
            stanza
                .lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
                .map(str::to_string)
        };
        let Some(pkg) = field("Package") else {
            continue;
        };
        if !field("Status").is_some_and(|s| s.ends_with(" installed")) {
            continue;
        }
        out.insert(
            pkg,
            Installed {
                version: field("Version").unwrap_or_default(),
                kib: field("Installed-Size")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0),
                depends: field("Depends")
                    .map(|d| {
                        d.split(',')
                            .filter_map(|x| x.split_whitespace().next())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
            },
        );
    }
    out
}

pub(super) fn installed(sh: &Shell<'_>) -> BTreeMap<String, Installed> {
    parse_status(&read_text(sh, STATUS).unwrap_or_default())
}

/// The installed packages plus the base libraries, for dependency resolution.
/// The installed packages plus the base libraries and the catalog packages whose programs
/// the image already has (the buildpack-deps images behind `node:24` carry curl, git, gcc …
/// without listing them in the catalog's abridged dpkg status): what dependency resolution
/// and "already the newest version" consider installed.
pub(super) fn satisfied(sh: &Shell<'_>) -> BTreeMap<String, Installed> {
    let mut have = installed(sh);
    for b in BASE_LIBS {
        have.entry((*b).to_string()).or_default();
    }
    let r = release(sh);
    for p in super::catalog::deb_packages() {
        let Some(v) = p.version(r) else { continue };
        if have.contains_key(&p.name) {
            continue;
        }
        let on_disk = p.files.iter().any(|f| {
            matches!(f, super::catalog::FileSpec::Synth(path, _)
                if (path.starts_with("/usr/bin/") || path.starts_with("/usr/sbin/"))
                    && sh.fs.exists(&FsPath::new(path)))
        });
        if on_disk {
            have.insert(
                p.name.clone(),
                Installed {
                    version: v.to_string(),
                    kib: p.kib,
                    depends: Vec::new(),
                },
            );
        }
    }
    have
}

pub(super) fn auto_installed(sh: &Shell<'_>) -> BTreeSet<String> {
    let text = read_text(sh, EXTENDED).unwrap_or_default();
    text.split("\n\n")
        .filter(|s| s.contains("Auto-Installed: 1"))
        .filter_map(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Package: "))
                .map(str::to_string)
        })
        .collect()
}

pub(super) fn write_auto(sh: &mut Shell<'_>, auto: &BTreeSet<String>) -> Result<(), String> {
    let mut s = String::new();
    for p in auto {
        s.push_str(&format!(
            "Package: {p}\nArchitecture: amd64\nAuto-Installed: 1\n\n"
        ));
    }
    write_text(sh, EXTENDED, &s)
}

/// Paths recorded in the `.list` files this sandbox wrote.
pub(super) fn count_listed(sh: &Shell<'_>) -> usize {
    let dir = FsPath::new("/var/lib/dpkg/info");
    let names: Vec<String> = sh
        .fs
        .read_dir(&dir)
        .map(|e| {
            e.into_iter()
                .map(|(n, _)| n)
                .filter(|n| n.ends_with(".list"))
                .collect()
        })
        .unwrap_or_default();
    names
        .iter()
        .filter_map(|n| read_text(sh, &format!("/var/lib/dpkg/info/{n}")))
        .map(|t| t.lines().count())
        .sum()
}

fn dpkg_l(sh: &Shell<'_>, names: &[String], io: &mut Io) -> i32 {
    let r = release(sh);
    let have = installed(sh);
    let rows: Vec<(String, String)> = have
        .iter()
        .filter(|(n, _)| names.is_empty() || names.iter().any(|w| w == *n))
        .map(|(n, i)| {
            let v = if i.version.is_empty() {
                find_pkg(n, r)
                    .and_then(|p| p.version(r))
                    .unwrap_or("")
                    .to_string()
            } else {
                i.version.clone()
            };
            (n.clone(), v)
        })
        .collect();
    if let Some(missing) = names.iter().find(|n| !have.contains_key(*n)) {
        io.eprint(format!(
            "dpkg-query: no packages found matching {missing}\n"
        ));
        return 1;
    }
    let nw = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(4).max(4);
    let vw = rows.iter().map(|(_, v)| v.len()).max().unwrap_or(7).max(7);
    io.print(format!("Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n||/ {:nw$} {:vw$} Architecture Description\n+++-{}-{}-============-{}\n", "Name", "Version", "=".repeat(nw), "=".repeat(vw), "=".repeat(80usize.saturating_sub(nw + vw + 19).max(12))));
    for (n, v) in rows {
        io.print(format!("ii  {n:nw$} {v:vw$} amd64        {n} package\n"));
    }
    0
}

/// `dpkg`: `--print-architecture`, `-l`, `-s`, `-L`, `--get-selections`.
pub fn dpkg(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args = argv.get(1..).unwrap_or(&[]);
    let Some(first) = args.first() else {
        io.eprint("dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n");
        return 2;
    };
    match first.as_str() {
        "--print-architecture" => {
            io.print("amd64\n");
            0
        }
        "--print-foreign-architectures" => 0,
        "--version" => {
            io.print("Debian 'dpkg' package management program version 1.21.22 (amd64).\n");
            0
        }
        _ => dpkg_query(sh, argv, io),
    }
}

/// `dpkg-query` (and dpkg's query actions).
pub fn dpkg_query(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args = argv.get(1..).unwrap_or(&[]);
    let action = args.first().map(String::as_str).unwrap_or("");
    let rest: Vec<String> = args.iter().skip(1).cloned().collect();
    let have = installed(sh);
    let r = release(sh);
    match action {
        "-l" | "--list" => dpkg_l(sh, &rest, io),
        "-s" | "--status" => {
            let mut st = 0;
            for n in &rest {
                match have.get(n) {
                    Some(i) => {
                        let v = if i.version.is_empty() {
                            find_pkg(n, r)
                                .and_then(|p| p.version(r))
                                .unwrap_or("")
                                .to_string()
                        } else {
                            i.version.clone()
                        };
                        io.print(format!("Package: {n}\nStatus: install ok installed\nInstalled-Size: {}\nArchitecture: amd64\nVersion: {v}\n", i.kib));
                        if !i.depends.is_empty() {
                            io.print(format!("Depends: {}\n", i.depends.join(", ")));
                        }
                    }
                    None => {
                        io.eprint(format!("dpkg-query: package '{n}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n"));
                        st = 1;
                    }
                }
            }
            st
        }
        "-L" | "--listfiles" => {
            let mut st = 0;
            for n in &rest {
                let text = read_text(sh, &format!("/var/lib/dpkg/info/{n}.list"))
                    .or_else(|| read_text(sh, &format!("/var/lib/dpkg/info/{n}:amd64.list")));
                match text {
                    Some(t) => io.print(t),
                    None if have.contains_key(n) => {}
                    None => {
                        io.eprint(format!("dpkg-query: package '{n}' is not installed\nUse dpkg --contents (= dpkg-deb --contents) to list archive files contents.\n"));
                        st = 1;
                    }
                }
            }
            st
        }
        "--get-selections" => {
            for n in have.keys() {
                let tabs = "\t".repeat((6usize.saturating_sub(n.len() / 8)).max(1));
                io.print(format!("{n}{tabs}install\n"));
            }
            0
        }
        "-W" | "--show" => {
            for (n, i) in &have {
                if rest.is_empty() || rest.contains(n) {
                    io.print(format!("{n}\t{}\n", i.version));
                }
            }
            0
        }
        _ => {
            let name = argv.first().map(String::as_str).unwrap_or("dpkg");
            io.eprint(format!("{name}: error: unknown option {action}\n\nType {name} --help for help about installing and deinstalling packages [*];\n"));
            2
        }
    }
}

/// `apt-mark showmanual|showauto|auto PKG…|manual PKG…` (patterns like `'.*'` match all).
pub fn apt_mark(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args: Vec<&str> = argv
        .iter()
        .skip(1)
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let have = installed(sh);
    let mut auto = auto_installed(sh);
    let matches = |pattern: &str, name: &str| {
        pattern == name || pattern == ".*" || pattern == "*" || pattern == "'.*'"
    };
    match args.first().copied() {
        Some("showmanual") => {
            for n in have.keys().filter(|n| !auto.contains(*n)) {
                io.print(format!("{n}\n"));
            }
            0
        }
        Some("showauto") => {
            for n in have.keys().filter(|n| auto.contains(*n)) {
                io.print(format!("{n}\n"));
            }
            0
        }
        Some(mode @ ("auto" | "manual")) => {
            if sh.uid != 0 {
                io.eprint("E: Could not create temporary file for /var/lib/apt/extended_states - mkstemp (13: Permission denied)\n");
                return 100;
            }
            for pattern in &args[1..] {
                let names: Vec<String> = have
                    .keys()
                    .filter(|n| matches(pattern, n))
                    .cloned()
                    .collect();
                if names.is_empty() {
                    io.eprint(format!("E: Unable to locate package {pattern}\n"));
                    return 100;
                }
                for n in names {
                    let changed = if mode == "auto" {
                        auto.insert(n.clone())
                    } else {
                        auto.remove(&n)
                    };
                    let word = if mode == "auto" {
                        "automatically"
                    } else {
                        "manually"
                    };
                    if changed {
                        io.print(format!("{n} set to {word} installed.\n"));
                    } else {
                        io.print(format!("{n} was already set to {word} installed.\n"));
                    }
                }
            }
            match write_auto(sh, &auto) {
                Ok(()) => 0,
                Err(e) => io.fail("E", e, 100),
            }
        }
        Some(other) => {
            io.eprint(format!("E: Invalid operation {other}\n"));
            100
        }
        None => {
            io.print(
                "apt 2.6.1 (amd64)\nUsage: apt-mark [options] {auto|manual} pkg1 [pkg2 ...]\n",
            );
            100
        }
    }
}
