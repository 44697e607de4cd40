//! `apk` (apk-tools 2.14 wording) over the offline Alpine catalog (`data/apk.tsv`): `add`
//! (`--no-cache`, `--virtual`/`-t`, `--update`/`-U`), `del` (removing what nothing in
//! `/etc/apk/world` still needs, so `apk del .build-deps` undoes a virtual package),
//! `update`, `info`, `--print-arch`. Indexes go to `/var/cache/apk/` unless `--no-cache`;
//! `/lib/apk/db/installed` and `/etc/apk/world` are kept up to date.

use super::catalog::{apk_packages, install_files, ApkPkg};
use super::{read_text, remove, write_text};
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::BTreeSet;

const DB: &str = "/lib/apk/db/installed";
const WORLD: &str = "/etc/apk/world";

/// One package of the installed database.
#[derive(Debug, Clone, Default)]
struct Entry {
    name: String,
    version: String,
    size: Option<u64>,
    depends: Vec<String>,
    files: Vec<String>,
    raw: String,
}

fn parse_db(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    for stanza in text.split("\n\n").filter(|s| !s.trim().is_empty()) {
        let mut e = Entry {
            raw: stanza.trim_matches('\n').to_string(),
            ..Entry::default()
        };
        let mut dir = String::new();
        for line in stanza.lines() {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            match k {
                "P" => e.name = v.to_string(),
                "V" => e.version = v.to_string(),
                "I" => e.size = v.parse().ok(),
                "D" => e.depends = v.split_whitespace().map(dep_name).collect(),
                "F" => dir = v.to_string(),
                "R" => e.files.push(format!("/{dir}/{v}")),
                _ => {}
            }
        }
        if !e.name.is_empty() {
            out.push(e);
        }
    }
    out
}

fn dep_name(d: &str) -> String {
    d.split(['=', '<', '>', '~'])
        .next()
        .unwrap_or(d)
        .trim_start_matches('!')
        .to_string()
}

/// The Alpine minor version (`3.20.3` → 20).
fn minor(sh: &Shell<'_>) -> u32 {
    sh.os
        .version_id
        .split('.')
        .nth(1)
        .and_then(|m| m.parse().ok())
        .unwrap_or(20)
}

fn find(name: &str) -> Option<&'static ApkPkg> {
    let pkgs = apk_packages();
    pkgs.iter()
        .find(|p| p.name == name)
        .or_else(|| pkgs.iter().find(|p| p.provides.iter().any(|x| x == name)))
}

fn repositories(sh: &Shell<'_>) -> Vec<String> {
    read_text(sh, "/etc/apk/repositories")
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn index_name(repo: &str) -> String {
    format!(
        "APKINDEX.{:08x}.tar.gz",
        super::seed("apkindex", repo) as u32
    )
}

fn index_size(repo: &str, m: u32) -> u64 {
    let base = if repo.ends_with("/community") {
        1_563_000
    } else {
        483_000
    };
    base + u64::from(m.saturating_sub(9)) * 9_000 + super::seed(repo, "size") % 5_000
}

/// Prints the `fetch` lines (and caches the indexes unless `no_cache`). With a cached
/// index nothing is fetched, as apk does within the index's lifetime.
fn fetch(sh: &mut Shell<'_>, io: &mut Io, no_cache: bool, force: bool, quiet: bool) {
    let m = minor(sh);
    for repo in repositories(sh) {
        let cached = format!("/var/cache/apk/{}", index_name(&repo));
        if !force && !no_cache && sh.exists(&cached) {
            continue;
        }
        // apk-tools 3 (Alpine 3.23+) fetches silently.
        if !quiet && m < 23 {
            io.print(format!("fetch {repo}/x86_64/APKINDEX.tar.gz\n"));
        }
        if !no_cache {
            let _ = super::mkdir_p(sh, "/var/cache/apk");
            let p = sh.path(&cached);
            let _ = sh.write_synthetic(
                &p,
                index_size(&repo, m),
                super::seed("apkindex", &repo),
                0o644,
            );
        }
    }
}

/// `OK: 12 MiB in 20 packages`.
fn ok_line(db: &[Entry]) -> String {
    let bytes: u64 = 8_400_000
        + db.iter()
            .map(|e| {
                e.size
                    .unwrap_or_else(|| find(&e.name).map_or(0, |p| p.kib * 1024))
            })
            .sum::<u64>();
    format!("OK: {} MiB in {} packages\n", bytes >> 20, db.len())
}

#[derive(Default)]
struct Opts {
    no_cache: bool,
    update: bool,
    quiet: bool,
    virtual_name: Option<String>,
    command: Option<String>,
    args: Vec<String>,
}

fn parse(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        match a {
            "--no-cache" => o.no_cache = true,
            "-U" | "--update-cache" | "--update" => o.update = true,
            "-q" | "--quiet" => o.quiet = true,
            "-t" | "--virtual" => {
                o.virtual_name = args.get(i).cloned();
                i += 1;
            }
            "-X"
            | "--repository"
            | "--repositories-file"
            | "--root"
            | "-p"
            | "--cache-dir"
            | "--arch" => i += 1,
            _ if a.starts_with("--virtual=") => o.virtual_name = Some(a[10..].to_string()),
            _ if a.starts_with("--") => {}
            _ if a.starts_with('-') && a.len() > 1 => {
                for c in a[1..].chars() {
                    match c {
                        'U' => o.update = true,
                        'q' => o.quiet = true,
                        'u' | 'v' | 'i' | 'f' | 's' | 'e' | 'a' | 'd' | 'w' | 'r' | 'R' | 'L'
                        | 'W' => {}
                        't' => {
                            o.virtual_name = args.get(i).cloned();
                            i += 1;
                        }
                        _ => return Err(format!("apk: unrecognized option: {c}")),
                    }
                }
            }
            _ if o.command.is_none() => o.command = Some(a.to_string()),
            _ => o.args.push(a.to_string()),
        }
    }
    Ok(o)
}

/// `apk`.
pub fn apk(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args = argv.get(1..).unwrap_or(&[]);
    if args.iter().any(|a| a == "--print-arch") {
        io.print("x86_64\n");
        return 0;
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        io.print("apk-tools 2.14.4, compiled for x86_64.\n");
        return 0;
    }
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            io.eprint(format!("{e}\n"));
            return 1;
        }
    };
    let cmd = o.command.clone().unwrap_or_default();
    let writes = matches!(cmd.as_str(), "add" | "del" | "update" | "upgrade" | "fix");
    if writes && sh.uid != 0 {
        io.eprint("ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n");
        return 99;
    }
    match cmd.as_str() {
        "add" => add(sh, &o, io),
        "del" => del(sh, &o, io),
        "update" => {
            fetch(sh, io, o.no_cache, true, o.quiet);
            let m = minor(sh);
            let rel = read_text(sh, "/etc/alpine-release").unwrap_or_default();
            let rel = rel.trim();
            for repo in repositories(sh) {
                io.print(format!(
                    "v{rel}-{}-g{:010x} [{repo}]\n",
                    100 + m * 7,
                    super::seed("desc", &repo) & 0xff_ffff_ffff
                ));
            }
            io.print(format!(
                "OK: {} distinct packages available\n",
                24_000 + m * 130
            ));
            0
        }
        "upgrade" => {
            fetch(sh, io, o.no_cache, o.update, o.quiet);
            let db = parse_db(&read_text(sh, DB).unwrap_or_default());
            io.print(ok_line(&db));
            0
        }
        "info" => info(sh, args, io),
        "list" => {
            let db = parse_db(&read_text(sh, DB).unwrap_or_default());
            for e in db {
                io.print(format!(
                    "{}-{} x86_64 {{{}}} (unknown) [installed]\n",
                    e.name, e.version, e.name
                ));
            }
            0
        }
        "cache" => {
            if o.args.first().map(String::as_str) == Some("clean")
                || o.args.first().map(String::as_str) == Some("purge")
            {
                0
            } else {
                io.eprint("ERROR: Package cache is not enabled.\n");
                1
            }
        }
        "" => {
            io.print("apk-tools 2.14.4, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n\nPackage installation and removal:\n  add        Add packages to WORLD and commit changes\n  del        Remove packages from WORLD and commit changes\n\nThis apk has coffee making abilities.\n");
            1
        }
        other => {
            io.eprint(format!(
                "apk: {other}: command not implemented in the playground\n"
            ));
            1
        }
    }
}

fn info(sh: &mut Shell<'_>, args: &[String], io: &mut Io) -> i32 {
    let db = parse_db(&read_text(sh, DB).unwrap_or_default());
    let flags: Vec<&str> = args
        .iter()
        .skip(1)
        .filter(|a| a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let names: Vec<&str> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    if flags.contains(&"-e") || flags.contains(&"--installed") {
        let mut st = 0;
        for n in names {
            if db.iter().any(|e| e.name == n) {
                io.print(format!("{n}\n"));
            } else {
                st = 1;
            }
        }
        return st;
    }
    if names.is_empty() {
        for e in &db {
            if flags.contains(&"-v") || flags.contains(&"-vv") {
                io.print(format!("{}-{}\n", e.name, e.version));
            } else {
                io.print(format!("{}\n", e.name));
            }
        }
        return 0;
    }
    let m = minor(sh);
    for n in names {
        let (v, desc, kib) = match (db.iter().find(|e| e.name == n), find(n)) {
            (Some(e), p) => (
                e.version.clone(),
                p.map_or(String::new(), |p| p.desc.clone()),
                e.size.map(|s| s / 1024).or(p.map(|p| p.kib)).unwrap_or(0),
            ),
            (None, Some(p)) => (p.version(m).to_string(), p.desc.clone(), p.kib),
            (None, None) => continue,
        };
        io.print(format!("{n}-{v} description:\n{desc}\n\n{n}-{v} webpage:\nhttps://pkgs.alpinelinux.org/package/v3.{m}/main/x86_64/{n}\n\n{n}-{v} installed size:\n{kib} KiB\n\n"));
    }
    0
}

fn add(sh: &mut Shell<'_>, o: &Opts, io: &mut Io) -> i32 {
    let m = minor(sh);
    fetch(sh, io, o.no_cache, o.update, o.quiet);
    let db_text = read_text(sh, DB).unwrap_or_default();
    let mut db = parse_db(&db_text);
    let mut world: Vec<String> = read_text(sh, WORLD)
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    // `so:libfoo.so.1`, `cmd:foo` and `pc:foo` name what a package provides; the
    // libraries and commands they name are taken as present.
    let requested: Vec<String> = o
        .args
        .iter()
        .filter(|a| !(a.starts_with("so:") || a.starts_with("cmd:") || a.starts_with("pc:")))
        .map(|a| dep_name(a))
        .collect();
    // Unknown names fail the whole transaction.
    let missing: Vec<&String> = requested
        .iter()
        .filter(|n| find(n).is_none() && !db.iter().any(|e| &e.name == *n))
        .collect();
    if !missing.is_empty() {
        io.eprint("ERROR: unable to select packages:\n");
        for n in &missing {
            if m >= 23 {
                // apk-tools 3's shorter wording.
                io.eprint(format!("  {n} (no such package)\n"));
            } else {
                io.eprint(format!(
                    "  {n} (no such package):\n    required by: world[{n}]\n"
                ));
            }
        }
        return missing.len() as i32;
    }
    // Resolve in install order (dependencies first).
    let mut order: Vec<&'static ApkPkg> = Vec::new();
    let mut seen = BTreeSet::new();
    fn visit(
        name: &str,
        db: &[Entry],
        seen: &mut BTreeSet<String>,
        order: &mut Vec<&'static ApkPkg>,
    ) {
        let Some(p) = find(name) else { return };
        if !seen.insert(p.name.clone()) || db.iter().any(|e| e.name == p.name) {
            return;
        }
        for d in &p.depends {
            visit(d, db, seen, order);
        }
        order.push(p);
    }
    for n in &requested {
        visit(n, &db, &mut seen, &mut order);
    }
    let virt = o.virtual_name.clone();
    let total = order.len() + usize::from(virt.is_some());
    let vars = [(
        "$PY",
        match m {
            0..=9 => "3.6",
            24.. => "3.13",
            _ => "3.12",
        },
    )];
    let mut trigger_busybox = false;
    let mut ca = None;
    let mut new_db = db_text.trim_end_matches('\n').to_string();
    for (i, p) in order.iter().enumerate() {
        let v = p.version(m);
        if !o.quiet {
            io.print(format!("({}/{total}) Installing {} ({v})\n", i + 1, p.name));
        }
        if p.name == "nginx" {
            if !o.quiet {
                io.print(format!("Executing nginx-{v}.pre-install\n"));
            }
            add_nginx_user(sh);
        }
        let files = match install_files(sh, &p.name, &p.files, p.kib * 1024, None, &vars) {
            Ok(f) => f,
            Err(e) => {
                io.eprint(format!("ERROR: {}-{v}: {e}\n", p.name));
                return 1;
            }
        };
        trigger_busybox |= files.iter().any(|f| f.contains("bin/"));
        if p.name == "bash" && !o.quiet {
            io.print(format!("Executing bash-{v}.post-install\n"));
        }
        if p.name == "icu-data-en" && !o.quiet {
            io.print(format!("Executing icu-data-en-{v}.post-install\n*\n* If you need ICU with non-English locales and legacy charset support, install\n* package icu-data-full.\n*\n"));
        }
        if p.name == "ca-certificates" {
            ca = Some(v.to_string());
        }
        let mut stanza = format!(
            "P:{}\nV:{v}\nA:x86_64\nS:{}\nI:{}\nT:{}\no:{}\nt:{}\n",
            p.name,
            p.kib * 1024 * 2 / 5,
            p.kib * 1024,
            p.desc,
            p.name,
            sh.now
        );
        if !p.depends.is_empty() {
            stanza.push_str(&format!("D:{}\n", p.depends.join(" ")));
        }
        let mut last_dir = String::new();
        for f in &files {
            let (dir, name) = f
                .trim_start_matches('/')
                .rsplit_once('/')
                .unwrap_or(("", f));
            if dir != last_dir {
                stanza.push_str(&format!("F:{dir}\n"));
                last_dir = dir.to_string();
            }
            stanza.push_str(&format!("R:{name}\n"));
        }
        if !new_db.is_empty() {
            new_db.push_str("\n\n");
        }
        new_db.push_str(stanza.trim_end_matches('\n'));
        db.push(Entry {
            name: p.name.clone(),
            version: v.to_string(),
            size: Some(p.kib * 1024),
            depends: p.depends.clone(),
            files,
            raw: String::new(),
        });
    }
    let mut want: Vec<String> = requested.clone();
    if let Some(vname) = &virt {
        let ((y, mo, d), (h, mi, s)) = super::civil(sh.now);
        let vv = format!("{y:04}{mo:02}{d:02}.{h:02}{mi:02}{s:02}");
        if !o.quiet {
            io.print(format!("({total}/{total}) Installing {vname} ({vv})\n"));
        }
        db.retain(|e| &e.name != vname);
        new_db = parse_db(&new_db)
            .into_iter()
            .filter(|e| &e.name != vname)
            .map(|e| e.raw)
            .collect::<Vec<_>>()
            .join("\n\n");
        new_db.push_str(&format!(
            "\n\nP:{vname}\nV:{vv}\nA:noarch\nS:0\nI:0\nT:virtual meta package\no:{vname}\nt:{}\nD:{}",
            sh.now,
            requested.join(" ")
        ));
        db.push(Entry {
            name: vname.clone(),
            version: vv,
            size: Some(0),
            depends: requested.clone(),
            files: Vec::new(),
            raw: String::new(),
        });
        want = vec![vname.clone()];
    }
    if trigger_busybox && !o.quiet {
        let bb = db
            .iter()
            .find(|e| e.name == "busybox")
            .map_or("1.36.1-r29".to_string(), |e| e.version.clone());
        io.print(format!("Executing busybox-{bb}.trigger\n"));
    }
    if let Some(v) = ca {
        if !o.quiet {
            io.print(format!("Executing ca-certificates-{v}.trigger\n"));
        }
        let p = sh.path("/etc/ssl/certs/ca-certificates.crt");
        let _ = sh.write_synthetic(&p, 219_342, super::seed("ca-certificates", "bundle"), 0o644);
    }
    for w in want {
        if !world.contains(&w) {
            world.push(w);
        }
    }
    crate::sorting::sort(&mut world);
    new_db.push_str("\n\n");
    if !order.is_empty() || virt.is_some() {
        if let Err(e) = write_text(sh, DB, &new_db) {
            return io.fail("ERROR", e, 1);
        }
    }
    let _ = write_text(sh, WORLD, &format!("{}\n", world.join("\n")));
    if !o.quiet {
        io.print(ok_line(&db));
    }
    0
}

fn add_nginx_user(sh: &mut Shell<'_>) {
    let passwd = read_text(sh, "/etc/passwd").unwrap_or_default();
    if !passwd.lines().any(|l| l.starts_with("nginx:")) {
        let _ = sh.write_file(
            "/etc/passwd",
            b"nginx:x:100:101:nginx:/var/lib/nginx:/sbin/nologin\n".to_vec(),
            true,
        );
    }
    let group = read_text(sh, "/etc/group").unwrap_or_default();
    if !group.lines().any(|l| l.starts_with("nginx:")) {
        let _ = sh.write_file("/etc/group", b"nginx:x:101:nginx\n".to_vec(), true);
    }
}

fn del(sh: &mut Shell<'_>, o: &Opts, io: &mut Io) -> i32 {
    let db = parse_db(&read_text(sh, DB).unwrap_or_default());
    let mut world: Vec<String> = read_text(sh, WORLD)
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let names: Vec<String> = o.args.iter().map(|a| dep_name(a)).collect();
    world.retain(|w| !names.contains(w));
    // What the remaining world needs.
    let mut needed = BTreeSet::new();
    let mut stack: Vec<String> = world.clone();
    while let Some(n) = stack.pop() {
        let Some(e) = db
            .iter()
            .find(|e| e.name == n || find(&n).is_some_and(|p| p.name == e.name))
        else {
            continue;
        };
        if needed.insert(e.name.clone()) {
            stack.extend(e.depends.iter().cloned());
            if let Some(p) = find(&e.name) {
                stack.extend(p.depends.iter().cloned());
            }
        }
    }
    // Only packages the catalog knows (or virtual ones) are removed; the base set stays.
    let purge: Vec<Entry> = db
        .iter()
        .rev()
        .filter(|e| !needed.contains(&e.name))
        .filter(|e| find(&e.name).is_some() || e.name.starts_with('.') || names.contains(&e.name))
        .cloned()
        .collect();
    let total = purge.len();
    let mut busybox = false;
    for (i, e) in purge.iter().enumerate() {
        if !o.quiet {
            io.print(format!(
                "({}/{total}) Purging {} ({})\n",
                i + 1,
                e.name,
                e.version
            ));
        }
        for f in &e.files {
            busybox |= f.contains("bin/");
            remove(sh, f);
        }
    }
    let keep: Vec<String> = db
        .iter()
        .filter(|e| !purge.iter().any(|p| p.name == e.name))
        .map(|e| e.raw.clone())
        .collect();
    if total > 0 {
        let _ = write_text(sh, DB, &format!("{}\n\n", keep.join("\n\n")));
    }
    if busybox && !o.quiet {
        let bb = db
            .iter()
            .find(|e| e.name == "busybox")
            .map_or("1.36.1-r29".to_string(), |e| e.version.clone());
        io.print(format!("Executing busybox-{bb}.trigger\n"));
    }
    let _ = write_text(sh, WORLD, &format!("{}\n", world.join("\n")));
    let left: Vec<Entry> = db
        .into_iter()
        .filter(|e| !purge.iter().any(|p| p.name == e.name))
        .collect();
    if !o.quiet {
        io.print(ok_line(&left));
    }
    0
}
