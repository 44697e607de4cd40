//! `apt-get install`/`remove`/`purge`/`autoremove`: dependency resolution over the catalog
//! (recommends unless `--no-install-recommends`), apt's and dpkg's console lines, the files
//! of each package, and dpkg's and apt's records (`/var/lib/dpkg/status`,
//! `info/<pkg>.list`, `extended_states`, `history.log`, `dpkg.log`).

use super::apt::{
    apt_size, base_files, docker_clean, find_pkg, gcc_major, have_lists, libc_version,
    python_minor, reading, release, wrap_list, Opts, STATUS,
};
use super::catalog::{deb_packages, install_files, DebPkg};
use super::dpkg::{auto_installed, count_listed, installed, satisfied, write_auto, Installed};
use super::{civil, mkdir_p, read_text, remove, write_text};
use crate::fs::FsPath;
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::{BTreeMap, BTreeSet};

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
        "geoip-database",
        "sgml-base",
        "xml-core",
        "ucf",
        "tzdata",
        "ca-certificates",
        "publicsuffix",
        "python3-setuptools",
        "python3-wheel",
        "python3-pip",
        "vim-runtime",
        "vim-common",
        "node-gyp",
        "npm",
        "gnupg",
        "libdpkg-perl",
        "liberror-perl",
        "software-properties-common",
        "lsb-release",
        "krb5-locales",
        "libldap-common",
        "git-man",
        "libx11-data",
        "fonts-dejavu-core",
        "fontconfig-config",
        "nginx-common",
        "dnsutils",
        "apt-transport-https",
        "libjpeg8",
        "build-essential",
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
pub(super) const BASE_LIBS: &[&str] = &[
    "libcap2",
    "libmd0",
    "libselinux1",
    "libzstd1",
    "libgnutls30",
    "libidn2-0",
    "libunistring2",
    "libnettle8",
    "libuuid1",
    "libacl1",
    "libtinfo6",
    "libpcre2-8-0",
    "libbz2-1.0",
    "libcrypt1",
    "libdb5.3",
    "libgcc-s1",
    "libstdc++6",
    "libsystemd0",
    "libudev1",
    "liblzma5",
    "libgmp10",
    "libhogweed6",
    "libp11-kit0",
    "libffi8",
    "libtasn1-6",
    "libseccomp2",
    "libaudit1",
    "libattr1",
    "libblkid1",
    "libmount1",
    "libsmartcols1",
    "debconf",
    "lsb-base",
    "libgcrypt20",
    "libgpg-error0",
    "liblz4-1",
    "libxxhash0",
    "libsemanage2",
    "libpam0g",
    "libpam-modules",
    "libext2fs2",
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
            if security && super::seed(&p.name, "sec").is_multiple_of(3) {
                (
                    "http://deb.debian.org/debian-security".into(),
                    format!("{codename}-security/main"),
                )
            } else {
                (
                    "http://deb.debian.org/debian".into(),
                    format!("{codename}/main"),
                )
            }
        }
        _ => {
            let updated = v.contains("ubuntu0.")
                || v.contains(&format!(
                    "~{}",
                    match r {
                        'x' => "16.04",
                        'j' => "22.04",
                        _ => "24.04",
                    }
                ));
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
            (
                "http://archive.ubuntu.com/ubuntu".into(),
                format!("{suite}/{comp}"),
            )
        }
    }
}

/// apt 3's package list: column-major like `ls`, two-space indent and gaps, as many
/// columns as fit in 80.
fn columns(names: &[String]) -> String {
    let n = names.len();
    let mut layout = (1, vec![names.iter().map(String::len).max().unwrap_or(0)]);
    for cols in (1..=n.max(1)).rev() {
        let rows = n.div_ceil(cols);
        let widths: Vec<usize> = names
            .chunks(rows.max(1))
            .map(|c| c.iter().map(String::len).max().unwrap_or(0))
            .collect();
        if 2 + widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1) <= 80 {
            layout = (rows.max(1), widths);
            break;
        }
    }
    let (rows, widths) = layout;
    let mut out = String::new();
    for r in 0..rows {
        let mut line = String::from("  ");
        for (c, w) in widths.iter().enumerate() {
            if let Some(name) = names.get(c * rows + r) {
                line.push_str(&format!("{name:w$}  "));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn confirm(io: &mut Io, yes: bool, apt3: bool) -> bool {
    if yes {
        return true;
    }
    io.print(if apt3 {
        "Continue? [Y/n] "
    } else {
        "Do you want to continue? [Y/n] "
    });
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

pub(super) fn install(sh: &mut Shell<'_>, o: &Opts, io: &mut Io) -> i32 {
    let r = release(sh);
    let codename = sh.os.codename.clone();
    let have = satisfied(sh);
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
    // Local .deb files (`apt-get install ./pkg.deb`): apt reads the archive itself.
    if let Some(deb) = o
        .packages
        .iter()
        .find(|p| p.ends_with(".deb") && p.contains('/'))
    {
        if sh.exists(deb) {
            io.eprint(format!("layercake: installing the local package file {deb} is not simulated (the playground cannot unpack .deb archives)\n"));
        } else {
            io.eprint(format!("E: Unsupported file {deb} given on commandline\n"));
        }
        return 100;
    }
    for spec in &o.packages {
        let name = spec.split(['=', ':']).next().unwrap_or(spec);
        // `pkg+` installs and `pkg-` removes in apt's syntax, but `g++` is a name.
        let name = if find_pkg(name, r).is_some() || have.contains_key(name) {
            name
        } else {
            name.strip_suffix(['+', '-']).unwrap_or(name)
        };
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
            if v.is_empty() {
                io.print(format!("{name} is already the newest version.\n"));
            } else {
                io.print(format!("{name} is already the newest version ({v}).\n"));
            }
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
    let (new, skipped) = resolve(&wanted, &have, r, !o.no_recommends);
    if new.is_empty() {
        if o.quiet < 2 && r == 't' {
            io.print("Summary:\n  Upgrading: 0, Installing: 0, Removing: 0, Not Upgrading: 0\n");
        } else if o.quiet < 2 {
            io.print("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        }
        return 0;
    }
    let mut sorted: Vec<String> = new.iter().map(|p| p.name.clone()).collect();
    crate::sorting::sort(&mut sorted);
    let extra: Vec<String> = sorted
        .iter()
        .filter(|n| !wanted.iter().any(|w| &w.name == *n))
        .cloned()
        .collect();
    let download: u64 = new.iter().map(|p| p.deb_bytes()).sum();
    let disk: u64 = new.iter().map(|p| p.kib * 1024).sum();
    if o.quiet < 2 && r == 't' {
        // apt 3.0 (trixie) prints its new summary.
        let requested: Vec<String> = sorted
            .iter()
            .filter(|n| !extra.contains(n))
            .cloned()
            .collect();
        io.print("Installing:\n");
        io.print(columns(&requested));
        if !extra.is_empty() {
            io.print("\nInstalling dependencies:\n");
            io.print(columns(&extra));
        }
        if !skipped.is_empty() {
            io.print("\nRecommended packages:\n");
            io.print(columns(&skipped));
        }
        io.print(format!(
            "\nSummary:\n  Upgrading: 0, Installing: {}, Removing: 0, Not Upgrading: 0\n  Download size: {}\n  Space needed: {} / 58.4 GB available\n\n",
            new.len(),
            apt_size(download),
            apt_size(disk)
        ));
    } else if o.quiet < 2 {
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
    if !confirm(io, o.yes, r == 't') {
        return 1;
    }
    if o.dry_run {
        for p in &new {
            io.print(format!(
                "Inst {} ({})\n",
                p.name,
                p.version(r).unwrap_or("")
            ));
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
            if new.len() > 1 {
                format!("{i:02}-")
            } else {
                String::new()
            },
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
        let _ = sh.write_synthetic(
            &md5,
            (files.len() * 70) as u64,
            super::seed(&p.name, "md5sums"),
            0o644,
        );
        let depends: Vec<String> = p
            .depends
            .iter()
            .filter_map(|alts| {
                alts.iter()
                    .find(|a| find_pkg(a, r).is_some() || have.contains_key(*a))
                    .cloned()
            })
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
                io.print(
                    "Updating certificates in /etc/ssl/certs...\n146 added, 0 removed; done.\n",
                );
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
                let months = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                let wd = days[sh.now.div_euclid(86_400).rem_euclid(7) as usize];
                let mon = months[(mo as usize).saturating_sub(1).min(11)];
                let when = format!("{wd} {mon} {d:>2} {h:02}:{mi:02}:{s:02} UTC {y}");
                io.print(format!("\nCurrent default time zone: 'Etc/UTC'\nLocal time is now:      {when}.\nUniversal Time is now:  {when}.\nRun 'dpkg-reconfigure tzdata' if you wish to change it.\n\n"));
            }
            _ => {}
        }
    }
    if triggers_libc {
        io.print(format!(
            "Processing triggers for libc-bin ({}) ...\n",
            libc_version(r)
        ));
    }
    if let Some(v) = ca {
        io.print(format!("Processing triggers for ca-certificates ({v}) ...\nUpdating certificates in /etc/ssl/certs...\n0 added, 0 removed; done.\nRunning hooks in /etc/ca-certificates/update.d...\ndone.\n"));
        let _ = sh.write_synthetic(
            &sh.path("/etc/ssl/certs/ca-certificates.crt"),
            219_342,
            super::seed("ca-certificates", "bundle"),
            0o644,
        );
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
            .map(|p| format!(
                "{}:amd64 ({}{})",
                p.name,
                p.version(r).unwrap_or(""),
                if wanted.iter().any(|w| w.name == p.name) {
                    ""
                } else {
                    ", automatic"
                }
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = mkdir_p(sh, "/var/log/apt");
    let _ = sh.write_file("/var/log/apt/history.log", history.into_bytes(), true);
    let term = sh.path("/var/log/apt/term.log");
    let old_term = sh.fs.stat(&term).map(|n| n.size()).unwrap_or(0);
    let _ = sh.write_synthetic(
        &term,
        old_term + 120 * new.len() as u64,
        super::seed("term.log", &stamp),
        0o640,
    );
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

pub(super) fn remove_cmd(sh: &mut Shell<'_>, o: &Opts, cmd: &str, io: &mut Io) -> i32 {
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
        } else if lists && deb_packages().iter().any(|p| p.name == name) {
            if o.quiet < 2 {
                io.print(format!(
                    "Package '{name}' is not installed, so not removed\n"
                ));
            }
        } else {
            io.eprint(format!("E: Unable to locate package {name}\n"));
            return 100;
        }
    }
    let essential = [
        "apt",
        "base-files",
        "bash",
        "coreutils",
        "dash",
        "dpkg",
        "libc6",
        "grep",
        "sed",
        "tar",
        "perl-base",
        "login",
        "passwd",
        "util-linux",
        "findutils",
        "debianutils",
        "diffutils",
        "mawk",
        "gzip",
        "hostname",
        "init-system-helpers",
        "ncurses-bin",
        "sysvinit-utils",
        "bsdutils",
        "base-passwd",
        "mount",
        "libc-bin",
        "zlib1g",
    ];
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
    crate::sorting::sort(&mut targets);
    let freed: u64 = targets
        .iter()
        .map(|t| have.get(t).map_or(0, |i| i.kib * 1024))
        .sum();
    let shown: Vec<String> = targets
        .iter()
        .map(|t| if purge { format!("{t}*") } else { t.clone() })
        .collect();
    if o.quiet < 2 && r == 't' {
        io.print("REMOVING:\n");
        io.print(columns(&shown));
        io.print(format!(
            "\nSummary:\n  Upgrading: 0, Installing: 0, Removing: {}, Not Upgrading: 0\n  Freed space: {}\n\n",
            targets.len(),
            apt_size(freed)
        ));
    } else if o.quiet < 2 {
        io.print("The following packages will be REMOVED:\n");
        io.print(wrap_list(&shown));
        io.print(format!(
            "0 upgraded, 0 newly installed, {} to remove and 0 not upgraded.\nAfter this operation, {} disk space will be freed.\n",
            targets.len(),
            apt_size(freed)
        ));
    }
    if !confirm(io, o.yes, r == 't') {
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
            let conf = find_pkg(t, r)
                .is_some_and(|p| p.files.iter().any(|f| f.path().starts_with("/etc/")));
            if conf {
                io.print(format!(
                    "Purging configuration files for {t} ({}) ...\n",
                    have.get(t).map(|i| i.version.clone()).unwrap_or_default()
                ));
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
