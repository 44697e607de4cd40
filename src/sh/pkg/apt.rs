//! `apt-get`, `apt`, `dpkg` and `dpkg-query` over the offline Debian/Ubuntu catalog
//! (`data/apt.tsv`): `update` writes `/var/lib/apt/lists/*` sized per release (Docker images
//! ship them empty, so `install` before `update` fails with `Unable to locate package`),
//! `install` resolves dependencies (recommends unless `--no-install-recommends`), prints
//! apt's and dpkg's lines and records `/var/lib/dpkg/status`, `info/<pkg>.list` and apt's
//! logs; `remove`/`purge`/`autoremove`/`clean`/`dist-clean`. The images' `docker-clean`
//! apt configuration is honoured (no `.deb` kept, no `pkgcache.bin`).

use super::catalog::{deb_packages, install_files, DebPkg};
use super::{civil, mkdir_p, read_text, remove, write_text};
use crate::fs::FsPath;
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::{BTreeMap, BTreeSet};

const LISTS: &str = "/var/lib/apt/lists";
const STATUS: &str = "/var/lib/dpkg/status";
const EXTENDED: &str = "/var/lib/apt/extended_states";

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

fn python_minor(r: char) -> &'static str {
    match r {
        'x' => "3.5",
        'j' => "3.10",
        'n' => "3.12",
        't' => "3.13",
        _ => "3.11",
    }
}

fn gcc_major(r: char) -> &'static str {
    match r {
        'x' => "5",
        'j' => "11",
        'n' => "13",
        't' => "14",
        _ => "12",
    }
}

fn libc_version(r: char) -> &'static str {
    match r {
        'x' => "2.23-0ubuntu11.3",
        'j' => "2.35-0ubuntu3.10",
        'n' => "2.39-0ubuntu8.5",
        't' => "2.41-12",
        _ => "2.36-9+deb12u13",
    }
}

/// Files and directories dpkg counts in the base image.
fn base_files(r: char) -> usize {
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

fn find_pkg(name: &str, r: char) -> Option<&'static DebPkg> {
    deb_packages()
        .iter()
        .find(|p| p.name == name && p.version(r).is_some())
}

/// One installed package of `/var/lib/dpkg/status`.
#[derive(Debug, Clone, Default)]
struct Installed {
    version: String,
    kib: u64,
    depends: Vec<String>,
}

fn parse_status(text: &str) -> BTreeMap<String, Installed> {
    let mut out = BTreeMap::new();
    for stanza in text.split("\n\n") {
        let field = |name: &str| {
            stanza
                .lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
                .map(str::to_string)
        };
        let Some(pkg) = field("Package") else { continue };
        if !field("Status").is_some_and(|s| s.ends_with(" installed")) {
            continue;
        }
        out.insert(
            pkg,
            Installed {
                version: field("Version").unwrap_or_default(),
                kib: field("Installed-Size").and_then(|s| s.parse().ok()).unwrap_or(0),
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

fn installed(sh: &Shell<'_>) -> BTreeMap<String, Installed> {
    parse_status(&read_text(sh, STATUS).unwrap_or_default())
}

/// The installed packages plus the base libraries, for dependency resolution.
fn satisfied(sh: &Shell<'_>) -> BTreeMap<String, Installed> {
    let mut have = installed(sh);
    for b in BASE_LIBS {
        have.entry((*b).to_string()).or_default();
    }
    have
}

fn auto_installed(sh: &Shell<'_>) -> BTreeSet<String> {
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

fn write_auto(sh: &mut Shell<'_>, auto: &BTreeSet<String>) -> Result<(), String> {
    let mut s = String::new();
    for p in auto {
        s.push_str(&format!(
            "Package: {p}\nArchitecture: amd64\nAuto-Installed: 1\n\n"
        ));
    }
    write_text(sh, EXTENDED, &s)
}

/// Whether `apt-get update` has run (an index file in the lists directory).
fn have_lists(sh: &Shell<'_>) -> bool {
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
            let w: Vec<&str> = line.split_whitespace().filter(|w| !w.starts_with('[')).collect();
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
struct Opts {
    yes: bool,
    quiet: u32,
    no_recommends: bool,
    purge: bool,
    auto_remove: bool,
    update: bool,
    dry_run: bool,
    command: Option<String>,
    packages: Vec<String>,
    bad: Option<String>,
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
fn wrap_list(names: &[String]) -> String {
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

fn reading(io: &mut Io, quiet: u32) {
    if quiet < 2 {
        io.print("Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
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
    io.eprint("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n");
    run(sh, o, io, true)
}

fn run(sh: &mut Shell<'_>, o: Opts, io: &mut Io, is_apt: bool) -> i32 {
    if sh.uid != 0 && !matches!(o.command.as_deref(), Some("-v" | "--version" | "help" | "--help" | "-h")) {
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

fn docker_clean(sh: &Shell<'_>) -> String {
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
        lines.push_str(&format!("Get:{n} {uri} {suite} InRelease [{}]\n", apt_size(size)));
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

/// Resolves what installing `wanted` adds: new packages in unpack order (dependencies
/// first) and the recommends left out.
fn resolve(
    wanted: &[&'static DebPkg],
    have: &BTreeMap<String, Installed>,
    r: char,
    recommends: bool,
) -> (Vec<&'static DebPkg>, Vec<String>) {
    fn visit(
        p: &'static DebPkg,
        have: &BTreeMap<String, Installed>,
        r: char,
        recommends: bool,
        seen: &mut BTreeSet<String>,
        order: &mut Vec<&'static DebPkg>,
        skipped: &mut BTreeSet<String>,
    ) {
        if !seen.insert(p.name.clone()) || have.contains_key(&p.name) {
            return;
        }
        let choose = |alts: &Vec<String>| -> Option<&'static DebPkg> {
            if alts.iter().any(|a| have.contains_key(a)) {
                return None;
            }
            alts.iter().find_map(|a| find_pkg(a, r))
        };
        for alts in &p.depends {
            if let Some(d) = choose(alts) {
                visit(d, have, r, recommends, seen, order, skipped);
            }
        }
        for alts in &p.recommends {
            if let Some(d) = choose(alts) {
                if recommends {
                    visit(d, have, r, recommends, seen, order, skipped);
                } else {
                    skipped.insert(d.name.clone());
                }
            }
        }
        order.push(p);
    }
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    let mut skipped = BTreeSet::new();
    for p in wanted {
        visit(p, have, r, recommends, &mut seen, &mut order, &mut skipped);
    }
    let skipped = skipped
        .into_iter()
        .filter(|s| !order.iter().any(|p| &p.name == s))
        .collect();
    (order, skipped)
}

/// `all` for architecture-independent packages (data, docs, Perl and Python code).
fn arch(p: &DebPkg) -> &'static str {
    const ALL: &[&str] = &[
        "geoip-database", "sgml-base", "xml-core", "ucf", "tzdata", "ca-certificates",
        "publicsuffix", "python3-setuptools", "python3-wheel", "python3-pip", "vim-runtime",
        "vim-common", "node-gyp", "npm", "gnupg", "libdpkg-perl", "liberror-perl",
        "software-properties-common", "lsb-release", "krb5-locales", "libldap-common",
        "git-man", "libx11-data", "fonts-dejavu-core", "fontconfig-config", "nginx-common",
        "dnsutils", "apt-transport-https", "libjpeg8", "build-essential",
    ];
    let suffix = ["-common", "-data", "-doc", "-man", "-perl", "-locales"];
    if ALL.contains(&p.name.as_str())
        || p.name.starts_with("perl-modules")
        || p.name.starts_with("fonts-")
        || suffix.iter().any(|x| p.name.ends_with(x)) && p.name != "binutils-common"
    {
        "all"
    } else {
        "amd64"
    }
}

/// Libraries every base image of the catalog has although its abridged dpkg status does
/// not list them (dependencies on them are satisfied).
const BASE_LIBS: &[&str] = &[
    "libcap2", "libmd0", "libselinux1", "libzstd1", "libgnutls30", "libidn2-0",
    "libunistring2", "libnettle8", "libuuid1", "libacl1", "libtinfo6", "libpcre2-8-0",
    "libbz2-1.0", "libcrypt1", "libdb5.3", "libgcc-s1", "libstdc++6", "libsystemd0",
    "libudev1", "liblzma5", "libgmp10", "libhogweed6", "libp11-kit0", "libffi8",
    "libtasn1-6", "libseccomp2", "libaudit1", "libattr1", "libblkid1", "libmount1",
    "libsmartcols1", "debconf", "lsb-base", "libgcrypt20", "libgpg-error0", "liblz4-1",
    "libxxhash0", "libsemanage2", "libpam0g", "libpam-modules", "libext2fs2",
];

fn qualified(p: &DebPkg) -> String {
    if p.name.starts_with("lib") && arch(p) == "amd64" && !p.name.ends_with("-bin") {
        format!("{}:amd64", p.name)
    } else {
        p.name.clone()
    }
}

fn archive_line(r: char, codename: &str, p: &DebPkg, v: &str) -> (String, String) {
    match r {
        'b' | 't' => {
            let security = v.contains("+deb12u") || v.contains("+deb13u");
            if security && super::seed(&p.name, "sec") % 3 == 0 {
                (
                    "http://deb.debian.org/debian-security".into(),
                    format!("{codename}-security/main"),
                )
            } else {
                ("http://deb.debian.org/debian".into(), format!("{codename}/main"))
            }
        }
        _ => {
            let updated = v.contains("ubuntu0.") || v.contains(&format!("~{}", match r {
                'x' => "16.04",
                'j' => "22.04",
                _ => "24.04",
            }));
            let suite = if updated {
                format!("{codename}-updates")
            } else {
                codename.to_string()
            };
            let comp = if matches!(p.section.as_str(), "javascript" | "web" if p.name == "jq") {
                "universe"
            } else {
                "main"
            };
            ("http://archive.ubuntu.com/ubuntu".into(), format!("{suite}/{comp}"))
        }
    }
}

fn confirm(io: &mut Io, yes: bool) -> bool {
    if yes {
        return true;
    }
    io.print("Do you want to continue? [Y/n] ");
    match io.stdin.read_line() {
        Some((line, _)) => {
            let l = String::from_utf8_lossy(&line).trim().to_ascii_lowercase();
            if l.is_empty() || l == "y" || l == "yes" {
                return true;
            }
            io.print("Abort.\n");
            false
        }
        None => {
            io.print("Abort.\n");
            false
        }
    }
}

fn install(sh: &mut Shell<'_>, o: &Opts, io: &mut Io) -> i32 {
    let r = release(sh);
    let codename = sh.os.codename.clone();
    let have = installed(sh);
    let lists = have_lists(sh);
    reading(io, o.quiet);
    if o.packages.is_empty() {
        if o.quiet < 2 {
            io.print("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        }
        return 0;
    }
    let mut wanted = Vec::new();
    let mut already = Vec::new();
    let mut errors = String::new();
    for spec in &o.packages {
        let name = spec.split(['=', ':']).next().unwrap_or(spec);
        let name = name.trim_end_matches(['+', '-']);
        if have.contains_key(name) {
            already.push(name.to_string());
            continue;
        }
        match find_pkg(name, r).filter(|_| lists) {
            Some(p) => wanted.push(p),
            None => errors.push_str(&format!("E: Unable to locate package {name}\n")),
        }
    }
    if !errors.is_empty() {
        io.eprint(errors);
        return 100;
    }
    let mut auto = auto_installed(sh);
    let mut marked = false;
    for name in &already {
        let v = find_pkg(name, r)
            .and_then(|p| p.version(r))
            .map(str::to_string)
            .or_else(|| have.get(name).map(|i| i.version.clone()))
            .unwrap_or_default();
        if o.quiet < 2 {
            io.print(format!("{name} is already the newest version ({v}).\n"));
        }
        if auto.remove(name) {
            marked = true;
            if o.quiet < 2 {
                io.print(format!("{name} set to manually installed.\n"));
            }
        }
    }
    if marked {
        let _ = write_auto(sh, &auto);
    }
    let (new, skipped) = resolve(&wanted, &satisfied(sh), r, !o.no_recommends);
    if new.is_empty() {
        if o.quiet < 2 {
            io.print("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        }
        return 0;
    }
    let mut sorted: Vec<String> = new.iter().map(|p| p.name.clone()).collect();
    sorted.sort();
    let extra: Vec<String> = sorted
        .iter()
        .filter(|n| !wanted.iter().any(|w| &w.name == *n))
        .cloned()
        .collect();
    let download: u64 = new.iter().map(|p| p.deb_bytes()).sum();
    let disk: u64 = new.iter().map(|p| p.kib * 1024).sum();
    if o.quiet < 2 {
        if !extra.is_empty() {
            io.print("The following additional packages will be installed:\n");
            io.print(wrap_list(&extra));
        }
        if !skipped.is_empty() {
            io.print("Recommended packages:\n");
            io.print(wrap_list(&skipped));
        }
        io.print("The following NEW packages will be installed:\n");
        io.print(wrap_list(&sorted));
        io.print(format!(
            "0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.\nNeed to get {} of archives.\nAfter this operation, {} of additional disk space will be used.\n",
            new.len(),
            apt_size(download),
            apt_size(disk)
        ));
    }
    if !confirm(io, o.yes) {
        return 1;
    }
    if o.dry_run {
        for p in &new {
            io.print(format!("Inst {} ({})\n", p.name, p.version(r).unwrap_or("")));
        }
        return 0;
    }
    for (i, p) in new.iter().enumerate() {
        let v = p.version(r).unwrap_or("");
        let (uri, dist) = archive_line(r, &codename, p, v);
        if o.quiet < 2 {
            io.print(format!(
                "Get:{} {uri} {dist} amd64 {} {} {v} [{}]\n",
                i + 1,
                p.name,
                arch(p),
                apt_size(p.deb_bytes())
            ));
        }
    }
    io.eprint("debconf: delaying package configuration, since apt-utils is not installed\n");
    if o.quiet < 2 {
        io.print(format!(
            "Fetched {} in {}s ({}/s)\n",
            apt_size(download),
            download / 8_000_000,
            apt_size(download / (download / 8_000_000).max(1))
        ));
    }
    let mut db_files = base_files(r) + count_listed(sh);
    let mut status_add = String::new();
    let vars = [("$PY", python_minor(r)), ("$GCC", gcc_major(r))];
    let mut log = String::new();
    let ((y, mo, d), (h, mi, s)) = civil(sh.now);
    let stamp = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
    let status_old = read_text(sh, STATUS).unwrap_or_default();
    for (i, p) in new.iter().enumerate() {
        let v = p.version(r).unwrap_or("");
        let q = qualified(p);
        io.print(format!("Selecting previously unselected package {q}.\n"));
        if i == 0 {
            io.print(format!(
                "(Reading database ... {db_files} files and directories currently installed.)\n"
            ));
        }
        io.print(format!(
            "Preparing to unpack .../{}{}_{}_{}.deb ...\nUnpacking {q} ({v}) ...\n",
            if new.len() > 1 { format!("{i:02}-") } else { String::new() },
            p.name,
            v.replace(':', "%3a"),
            arch(p)
        ));
        let rest = format!("/usr/share/doc/{}/changelog.Debian.gz", p.name);
        let files = match install_files(sh, &p.name, &p.files, p.kib * 1024, Some(&rest), &vars) {
            Ok(f) => f,
            Err(e) => {
                io.eprint(format!("dpkg: error processing archive {}: {e}\n", p.name));
                return 100;
            }
        };
        db_files += files.len();
        let mut list = String::from("/.\n");
        let mut dirs = BTreeSet::new();
        for f in &files {
            for a in FsPath::new(f).ancestors().into_iter().skip(1) {
                if !a.is_root() {
                    dirs.insert(a.as_str().to_string());
                }
            }
        }
        for d in &dirs {
            list.push_str(d);
            list.push('\n');
        }
        for f in &files {
            list.push_str(f);
            list.push('\n');
        }
        let info = format!("/var/lib/dpkg/info/{q}.list");
        if let Err(e) = write_text(sh, &info, &list) {
            return io.fail("E", e, 100);
        }
        let md5 = sh.path(&format!("/var/lib/dpkg/info/{q}.md5sums"));
        let _ = sh.write_synthetic(&md5, (files.len() * 70) as u64, super::seed(&p.name, "md5sums"), 0o644);
        let depends: Vec<String> = p
            .depends
            .iter()
            .filter_map(|alts| alts.iter().find(|a| find_pkg(a, r).is_some() || have.contains_key(*a)).cloned())
            .collect();
        status_add.push_str(&format!(
            "Package: {}\nStatus: install ok installed\nPriority: optional\nSection: {}\nInstalled-Size: {}\nArchitecture: amd64\nVersion: {v}\n{}\n",
            p.name,
            p.section,
            p.kib,
            if depends.is_empty() { String::new() } else { format!("Depends: {}\n", depends.join(", ")) }
        ));
        log.push_str(&format!("{stamp} install {q} <none> {v}\n"));
    }
    let mut triggers_libc = false;
    let mut ca = None;
    for p in &new {
        let v = p.version(r).unwrap_or("");
        io.print(format!("Setting up {} ({v}) ...\n", qualified(p)));
        triggers_libc |= p.name.starts_with("lib");
        match p.name.as_str() {
            "ca-certificates" => {
                io.print("Updating certificates in /etc/ssl/certs...\n146 added, 0 removed; done.\n");
                ca = Some(v.to_string());
            }
            // Services are not started in images that carry Docker's policy-rc.d.
            "nginx-core" | "nginx"
                if (p.name == "nginx-core") == matches!(r, 'x' | 'j')
                    && sh.exists("/usr/sbin/policy-rc.d") =>
            {
                io.print("invoke-rc.d: could not determine current runlevel\ninvoke-rc.d: policy-rc.d denied execution of start.\n");
            }
            "tzdata" => {
                let ((y, mo, d), (h, mi, s)) = civil(sh.now);
                let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
                let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
                let wd = days[sh.now.div_euclid(86_400).rem_euclid(7) as usize];
                let mon = months[(mo as usize).saturating_sub(1).min(11)];
                let when = format!("{wd} {mon} {d:>2} {h:02}:{mi:02}:{s:02} UTC {y}");
                io.print(format!("\nCurrent default time zone: 'Etc/UTC'\nLocal time is now:      {when}.\nUniversal Time is now:  {when}.\nRun 'dpkg-reconfigure tzdata' if you wish to change it.\n\n"));
            }
            _ => {}
        }
    }
    if triggers_libc {
        io.print(format!("Processing triggers for libc-bin ({}) ...\n", libc_version(r)));
    }
    if let Some(v) = ca {
        io.print(format!("Processing triggers for ca-certificates ({v}) ...\nUpdating certificates in /etc/ssl/certs...\n0 added, 0 removed; done.\nRunning hooks in /etc/ca-certificates/update.d...\ndone.\n"));
        let _ = sh.write_synthetic(&sh.path("/etc/ssl/certs/ca-certificates.crt"), 219_342, super::seed("ca-certificates", "bundle"), 0o644);
    }
    // dpkg's and apt's records.
    let _ = write_text(sh, "/var/lib/dpkg/status-old", &status_old);
    let mut status = status_old;
    if !status.ends_with("\n\n") && !status.is_empty() {
        status.push('\n');
    }
    status.push_str(&status_add);
    if let Err(e) = write_text(sh, STATUS, &status) {
        return io.fail("E", e, 100);
    }
    for p in &new {
        if !wanted.iter().any(|w| w.name == p.name) {
            auto.insert(p.name.clone());
        }
    }
    let _ = write_auto(sh, &auto);
    let _ = sh.write_file("/var/log/dpkg.log", log.into_bytes(), true);
    let history = format!(
        "\nStart-Date: {stamp}\nCommandline: apt-get install {}\nInstall: {}\nEnd-Date: {stamp}\n",
        o.packages.join(" "),
        new.iter()
            .map(|p| format!("{}:amd64 ({}{})", p.name, p.version(r).unwrap_or(""), if wanted.iter().any(|w| w.name == p.name) { "" } else { ", automatic" }))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = mkdir_p(sh, "/var/log/apt");
    let _ = sh.write_file("/var/log/apt/history.log", history.into_bytes(), true);
    let term = sh.path("/var/log/apt/term.log");
    let old_term = sh.fs.stat(&term).map(|n| n.size()).unwrap_or(0);
    let _ = sh.write_synthetic(&term, old_term + 120 * new.len() as u64, super::seed("term.log", &stamp), 0o640);
    let clean_conf = docker_clean(sh);
    if !clean_conf.contains("archives/*.deb") {
        for p in &new {
            let v = p.version(r).unwrap_or("").replace(':', "%3a");
            let path = sh.path(&format!("/var/cache/apt/archives/{}_{v}_amd64.deb", p.name));
            let _ = sh.write_synthetic(&path, p.deb_bytes(), super::seed(&p.name, "deb"), 0o644);
        }
    }
    if clean_conf.contains("/var/cache/apt/*.bin") {
        remove(sh, "/var/cache/apt/pkgcache.bin");
        remove(sh, "/var/cache/apt/srcpkgcache.bin");
    }
    0
}

/// Paths recorded in the `.list` files this sandbox wrote.
fn count_listed(sh: &Shell<'_>) -> usize {
    let dir = FsPath::new("/var/lib/dpkg/info");
    let names: Vec<String> = sh
        .fs
        .read_dir(&dir)
        .map(|e| e.into_iter().map(|(n, _)| n).filter(|n| n.ends_with(".list")).collect())
        .unwrap_or_default();
    names
        .iter()
        .filter_map(|n| read_text(sh, &format!("/var/lib/dpkg/info/{n}")))
        .map(|t| t.lines().count())
        .sum()
}

fn remove_cmd(sh: &mut Shell<'_>, o: &Opts, cmd: &str, io: &mut Io) -> i32 {
    let r = release(sh);
    let purge = o.purge || cmd == "purge" || cmd == "autopurge";
    let have = installed(sh);
    let lists = have_lists(sh);
    reading(io, o.quiet);
    let mut targets: Vec<String> = Vec::new();
    for spec in &o.packages {
        let name = spec.split(['=', ':']).next().unwrap_or(spec).to_string();
        if have.contains_key(&name) {
            targets.push(name);
        } else if lists && find_pkg(&name, r).is_some() || deb_packages().iter().any(|p| p.name == name) && lists {
            if o.quiet < 2 {
                io.print(format!("Package '{name}' is not installed, so not removed\n"));
            }
        } else {
            io.eprint(format!("E: Unable to locate package {name}\n"));
            return 100;
        }
    }
    let essential = ["apt", "base-files", "bash", "coreutils", "dash", "dpkg", "libc6", "grep", "sed", "tar", "perl-base", "login", "passwd", "util-linux", "findutils", "debianutils", "diffutils", "mawk", "gzip", "hostname", "init-system-helpers", "ncurses-bin", "sysvinit-utils", "bsdutils", "base-passwd", "mount", "libc-bin", "zlib1g"];
    if let Some(e) = targets.iter().find(|t| essential.contains(&t.as_str())) {
        io.print(format!("WARNING: The following essential packages will be removed.\nThis should NOT be done unless you know exactly what you are doing!\n  {e}\n"));
        io.eprint("E: Removing essential system-critical packages is not permitted. This might break the system.\n");
        return 100;
    }
    let mut auto = auto_installed(sh);
    if cmd.starts_with("auto") || o.auto_remove {
        // Auto-installed packages nothing left needs.
        loop {
            let keep: BTreeSet<String> = have
                .iter()
                .filter(|(n, _)| !targets.contains(n))
                .flat_map(|(_, i)| i.depends.clone())
                .collect();
            let more: Vec<String> = auto
                .iter()
                .filter(|a| have.contains_key(*a) && !targets.contains(a) && !keep.contains(*a))
                .cloned()
                .collect();
            if more.is_empty() {
                break;
            }
            targets.extend(more);
        }
    }
    if targets.is_empty() {
        if o.quiet < 2 {
            io.print("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        }
        return 0;
    }
    targets.sort();
    let freed: u64 = targets
        .iter()
        .map(|t| have.get(t).map_or(0, |i| i.kib * 1024))
        .sum();
    if o.quiet < 2 {
        io.print("The following packages will be REMOVED:\n");
        let shown: Vec<String> = targets
            .iter()
            .map(|t| if purge { format!("{t}*") } else { t.clone() })
            .collect();
        io.print(wrap_list(&shown));
        io.print(format!(
            "0 upgraded, 0 newly installed, {} to remove and 0 not upgraded.\nAfter this operation, {} disk space will be freed.\n",
            targets.len(),
            apt_size(freed)
        ));
    }
    if !confirm(io, o.yes) {
        return 1;
    }
    let db = base_files(r) + count_listed(sh);
    io.print(format!(
        "(Reading database ... {db} files and directories currently installed.)\n"
    ));
    let mut status = read_text(sh, STATUS).unwrap_or_default();
    for t in &targets {
        let v = have.get(t).map(|i| i.version.clone()).unwrap_or_default();
        io.print(format!("Removing {t} ({v}) ...\n"));
        for q in [t.clone(), format!("{t}:amd64")] {
            let list = format!("/var/lib/dpkg/info/{q}.list");
            if let Some(text) = read_text(sh, &list) {
                for line in text.lines().rev() {
                    let p = sh.path(line);
                    let is_dir = sh.fs.lstat(&p).map(|n| n.is_dir()).unwrap_or(false);
                    let empty = is_dir && sh.fs.read_dir(&p).map(|e| e.is_empty()).unwrap_or(false);
                    if !is_dir || empty && line.contains(t.as_str()) {
                        remove(sh, line);
                    }
                }
                remove(sh, &list);
                remove(sh, &format!("/var/lib/dpkg/info/{q}.md5sums"));
            }
        }
        status = status
            .split("\n\n")
            .filter(|s| !s.lines().any(|l| l == format!("Package: {t}")))
            .collect::<Vec<_>>()
            .join("\n\n");
        auto.remove(t);
    }
    if purge {
        for t in &targets {
            let conf = find_pkg(t, r).is_some_and(|p| p.files.iter().any(|f| f.path().starts_with("/etc/")));
            if conf {
                io.print(format!("Purging configuration files for {t} ({}) ...\n", have.get(t).map(|i| i.version.clone()).unwrap_or_default()));
            }
        }
    }
    if !status.ends_with('\n') {
        status.push('\n');
    }
    let _ = write_text(sh, STATUS, &status);
    let _ = write_auto(sh, &auto);
    0
}

fn dpkg_l(sh: &Shell<'_>, names: &[String], io: &mut Io) -> i32 {
    let r = release(sh);
    let have = installed(sh);
    let rows: Vec<(String, String)> = have
        .iter()
        .filter(|(n, _)| names.is_empty() || names.iter().any(|w| w == *n))
        .map(|(n, i)| {
            let v = if i.version.is_empty() {
                find_pkg(n, r).and_then(|p| p.version(r)).unwrap_or("").to_string()
            } else {
                i.version.clone()
            };
            (n.clone(), v)
        })
        .collect();
    if let Some(missing) = names.iter().find(|n| !have.contains_key(*n)) {
        io.eprint(format!("dpkg-query: no packages found matching {missing}\n"));
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
                            find_pkg(n, r).and_then(|p| p.version(r)).unwrap_or("").to_string()
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
