//! `npm` (install/ci/run/start/test/init/cache clean/--version) over the offline npm
//! catalog (`data/npm.tsv`): semver ranges resolved to catalog versions, an npm-style
//! hoisted `node_modules` tree, `package-lock.json` (v3; v1 for npm 6), the download cache
//! under `~/.npm/_cacache` and npm's debug log. `yarn`, `node` and `npx` are `node.rs`.

use super::json::{self, Json};
use super::{civil, mkdir_p, read_text, remove, semver, write_text};
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::OnceLock;

/// One version of a package in the catalog.
#[derive(Debug, Clone)]
pub struct NpmPkg {
    /// Name (`express`, `@types/whatwg-url`).
    pub name: String,
    /// Version.
    pub version: String,
    /// Unpacked bytes.
    pub size: u64,
    /// Dependencies: (name, range).
    pub deps: Vec<(String, String)>,
    /// Executables: (name, path in the package).
    pub bins: Vec<(String, String)>,
    /// Whether it declares `funding`.
    pub funding: bool,
}

/// The npm catalog.
pub fn catalog() -> &'static [NpmPkg] {
    static CELL: OnceLock<Vec<NpmPkg>> = OnceLock::new();
    CELL.get_or_init(|| {
        include_str!("data/npm.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                let col = |i: usize| c.get(i).copied().unwrap_or("");
                NpmPkg {
                    name: col(0).to_string(),
                    version: col(1).to_string(),
                    size: col(2).parse().unwrap_or(10_000),
                    deps: col(3)
                        .split_whitespace()
                        .filter_map(|d| {
                            let at = d.get(1..)?.find('@')? + 1;
                            Some((d[..at].to_string(), d[at + 1..].replace('_', " ")))
                        })
                        .collect(),
                    bins: col(4)
                        .split_whitespace()
                        .filter_map(|b| b.split_once('='))
                        .map(|(a, b)| (a.to_string(), b.to_string()))
                        .collect(),
                    funding: col(5) == "1",
                }
            })
            .collect()
    })
}

/// Why a spec did not resolve.
pub(super) enum Miss {
    /// No such package.
    NotFound,
    /// No version matches.
    NoTarget,
}

pub(super) fn pick(name: &str, range: &str) -> Result<&'static NpmPkg, Miss> {
    let all: Vec<&NpmPkg> = catalog().iter().filter(|p| p.name == name).collect();
    if all.is_empty() {
        return Err(Miss::NotFound);
    }
    let versions: Vec<&str> = all.iter().map(|p| p.version.as_str()).collect();
    let best = semver::max_satisfying(&versions, range).ok_or(Miss::NoTarget)?;
    all.into_iter()
        .find(|p| p.version == best)
        .ok_or(Miss::NoTarget)
}

/// The Node.js version of the image (`20.20.1`), from `NODE_VERSION` or the distribution's
/// nodejs package.
pub fn node_version(sh: &Shell<'_>) -> String {
    if let Some(v) = sh.var("NODE_VERSION").filter(|v| !v.is_empty()) {
        return v.trim_start_matches('v').to_string();
    }
    super::net::installed_version(sh, "nodejs")
        .map(|v| super::net::upstream(&v))
        .unwrap_or_else(|| "20.20.1".to_string())
}

/// The npm version bundled with the image's Node.js.
fn npm_version(sh: &Shell<'_>) -> String {
    if sh.var("NODE_VERSION").is_none() {
        if let Some(v) = super::net::installed_version(sh, "npm") {
            return super::net::upstream(&v);
        }
    }
    let major: u32 = node_version(sh)
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(20);
    match major {
        0..=11 => "6.9.0",
        12..=15 => "6.14.16",
        16..=19 => "8.19.4",
        20 => "10.8.2",
        22 => "10.9.3",
        _ => "11.6.2",
    }
    .to_string()
}

fn npm_major(sh: &Shell<'_>) -> u32 {
    npm_version(sh)
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(10)
}

pub(super) fn home(sh: &Shell<'_>) -> String {
    sh.var("HOME")
        .unwrap_or("/root")
        .trim_end_matches('/')
        .to_string()
}

/// The log path npm names in its error footer.
fn log_path(sh: &Shell<'_>) -> String {
    let ((y, mo, d), (h, mi, s)) = civil(sh.now);
    format!(
        "{}/.npm/_logs/{y:04}-{mo:02}-{d:02}T{h:02}_{mi:02}_{s:02}_000Z-debug-0.log",
        home(sh)
    )
}

/// npm writes a debug log on every run (the `_logs` residue in image layers).
fn write_log(sh: &mut Shell<'_>, lines: u64) {
    let path = log_path(sh);
    let _ = mkdir_p(sh, &format!("{}/.npm/_logs", home(sh)));
    let p = sh.path(&path);
    let _ = sh.write_synthetic(&p, 1_200 + lines * 95, super::seed("npm-log", &path), 0o644);
}

/// Prints npm's error lines (`npm error …`, `npm ERR! …` for npm 6) with the log footer.
fn npm_error(sh: &mut Shell<'_>, io: &mut Io, lines: &[String]) {
    let prefix = if npm_major(sh) <= 6 {
        "npm ERR!"
    } else {
        "npm error"
    };
    for l in lines {
        if l.is_empty() {
            io.eprint(format!("{prefix}\n"));
        } else {
            io.eprint(format!("{prefix} {l}\n"));
        }
    }
    write_log(sh, 20);
    if npm_major(sh) <= 6 {
        io.eprint(format!(
            "\n{prefix} A complete log of this run can be found in:\n{prefix}     {}\n",
            log_path(sh)
        ));
    } else {
        io.eprint(format!(
            "{prefix} A complete log of this run can be found in: {}\n",
            log_path(sh)
        ));
    }
}

/// One package placed in the tree.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) path: String,
    pub(super) pkg: &'static NpmPkg,
    pub(super) dev: bool,
}

/// Resolves `roots` (name, range, dev) into a hoisted tree, like npm's arborist for the
/// simple cases: a dependency goes to the top unless a different version is already
/// there, then under its dependent.
pub(super) fn resolve(
    roots: &[(String, String, bool)],
) -> Result<Vec<Placed>, (String, String, Miss)> {
    let mut placed: BTreeMap<String, &'static NpmPkg> = BTreeMap::new();
    let mut edges: Vec<(String, String)> = Vec::new();
    let mut prod_roots = Vec::new();
    let mut queue: VecDeque<(String, String, String)> = VecDeque::new();
    for (name, range, dev) in roots {
        let p = pick(name, range).map_err(|m| (name.clone(), range.clone(), m))?;
        let path = format!("node_modules/{name}");
        if !placed.contains_key(&path) {
            placed.insert(path.clone(), p);
            for (d, r) in &p.deps {
                queue.push_back((path.clone(), d.clone(), r.clone()));
            }
        }
        if !dev {
            prod_roots.push(path);
        }
    }
    let mut guard = 0;
    while let Some((from, name, range)) = queue.pop_front() {
        guard += 1;
        if guard > 20_000 {
            break;
        }
        // Nearest existing copy, walking up from the dependent.
        let mut levels = vec![from.clone()];
        let mut cur = from.clone();
        while let Some(i) = cur.rfind("/node_modules/") {
            cur.truncate(i);
            levels.push(cur.clone());
        }
        let mut found = None;
        for (depth, lvl) in levels.iter().enumerate() {
            let cand = format!("{lvl}/node_modules/{name}");
            if let Some(p) = placed.get(&cand) {
                found = Some((depth, cand, *p));
                break;
            }
        }
        let top = format!("node_modules/{name}");
        if let Some(p) = placed.get(&top).filter(|_| found.is_none()) {
            found = Some((levels.len(), top.clone(), *p));
        }
        let target = match found {
            Some((_, path, p))
                if semver::parse(&p.version).is_some_and(|v| semver::satisfies(v, &range)) =>
            {
                edges.push((from, path));
                continue;
            }
            Some(_) => format!("{from}/node_modules/{name}"),
            None => top,
        };
        let p = pick(&name, &range).map_err(|m| (name.clone(), range.clone(), m))?;
        placed.insert(target.clone(), p);
        edges.push((from, target.clone()));
        for (d, r) in &p.deps {
            queue.push_back((target.clone(), d.clone(), r.clone()));
        }
    }
    let mut prod: BTreeSet<String> = BTreeSet::new();
    let mut stack = prod_roots;
    while let Some(p) = stack.pop() {
        if prod.insert(p.clone()) {
            for (f, t) in &edges {
                if *f == p {
                    stack.push(t.clone());
                }
            }
        }
    }
    Ok(placed
        .into_iter()
        .map(|(path, pkg)| Placed {
            dev: !prod.contains(&path),
            path,
            pkg,
        })
        .collect())
}

fn b64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(T[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(super) fn integrity(p: &NpmPkg) -> String {
    use sha2::{Digest, Sha512};
    let h = Sha512::digest(format!("{}@{}", p.name, p.version).as_bytes());
    format!("sha512-{}", b64(&h))
}

pub(super) fn tarball(p: &NpmPkg) -> String {
    let base = p.name.rsplit('/').next().unwrap_or(&p.name);
    format!(
        "https://registry.npmjs.org/{}/-/{base}-{}.tgz",
        p.name, p.version
    )
}

fn obj(pairs: Vec<(&str, Json)>) -> Json {
    Json::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn s(v: &str) -> Json {
    Json::Str(v.to_string())
}

fn deps_json(deps: &[(String, String)]) -> Json {
    Json::Obj(deps.iter().map(|(k, v)| (k.clone(), s(v))).collect())
}

/// `package-lock.json` for the tree.
fn lockfile(manifest: &Json, tree: &[Placed], major: u32) -> Json {
    let name = manifest.get("name").and_then(Json::as_str).unwrap_or("app");
    let version = manifest
        .get("version")
        .and_then(Json::as_str)
        .unwrap_or("1.0.0");
    if major <= 6 {
        let mut deps = Vec::new();
        for p in tree.iter().filter(|p| !p.path.contains("/node_modules/")) {
            let mut e = vec![
                ("version", s(&p.pkg.version)),
                ("resolved", s(&tarball(p.pkg))),
                ("integrity", s(&integrity(p.pkg))),
            ];
            if p.dev {
                e.push(("dev", Json::Bool(true)));
            }
            if !p.pkg.deps.is_empty() {
                e.push(("requires", deps_json(&p.pkg.deps)));
            }
            deps.push((p.pkg.name.clone(), obj(e)));
        }
        return obj(vec![
            ("name", s(name)),
            ("version", s(version)),
            ("lockfileVersion", Json::Num("1".into())),
            ("requires", Json::Bool(true)),
            ("dependencies", Json::Obj(deps)),
        ]);
    }
    let mut root = vec![("name", s(name)), ("version", s(version))];
    for key in ["dependencies", "devDependencies"] {
        let m = manifest.string_map(key);
        if !m.is_empty() {
            root.push((key, deps_json(&m)));
        }
    }
    let mut packages = vec![(String::new(), obj(root))];
    for p in tree {
        let mut e = vec![
            ("version", s(&p.pkg.version)),
            ("resolved", s(&tarball(p.pkg))),
            ("integrity", s(&integrity(p.pkg))),
        ];
        if p.dev {
            e.push(("dev", Json::Bool(true)));
        }
        e.push(("license", s("MIT")));
        if !p.pkg.deps.is_empty() {
            e.push(("dependencies", deps_json(&p.pkg.deps)));
        }
        if !p.pkg.bins.is_empty() {
            e.push((
                "bin",
                Json::Obj(p.pkg.bins.iter().map(|(k, v)| (k.clone(), s(v))).collect()),
            ));
        }
        if p.pkg.funding {
            e.push((
                "funding",
                obj(vec![(
                    "url",
                    s(&format!(
                        "https://github.com/sponsors/{}",
                        p.pkg
                            .name
                            .trim_start_matches('@')
                            .split('/')
                            .next()
                            .unwrap_or("")
                    )),
                )]),
            ));
        }
        packages.push((p.path.clone(), obj(e)));
    }
    obj(vec![
        ("name", s(name)),
        ("version", s(version)),
        ("lockfileVersion", Json::Num("3".into())),
        ("requires", Json::Bool(true)),
        ("packages", Json::Obj(packages)),
    ])
}

/// Lays the tree out under `dir`; returns how many packages were added (not already there
/// at the same version).
pub(super) fn write_tree(
    sh: &mut Shell<'_>,
    dir: &str,
    tree: &[Placed],
    link_bins: bool,
) -> Result<usize, String> {
    let mut added = 0;
    for p in tree {
        let base = format!("{dir}/{}", p.path);
        let manifest_path = format!("{base}/package.json");
        let same = read_text(sh, &manifest_path)
            .and_then(|t| json::parse(&t).ok())
            .and_then(|j| j.get("version").and_then(Json::as_str).map(str::to_string))
            .is_some_and(|v| v == p.pkg.version);
        if same {
            continue;
        }
        added += 1;
        remove(sh, &base);
        let mut m = vec![
            ("name", s(&p.pkg.name)),
            ("version", s(&p.pkg.version)),
            ("description", s(&format!("{} for Node.js", p.pkg.name))),
            ("license", s("MIT")),
            ("main", s("index.js")),
        ];
        if !p.pkg.deps.is_empty() {
            m.push(("dependencies", deps_json(&p.pkg.deps)));
        }
        if !p.pkg.bins.is_empty() {
            m.push((
                "bin",
                Json::Obj(p.pkg.bins.iter().map(|(k, v)| (k.clone(), s(v))).collect()),
            ));
        }
        let text = obj(m).pretty();
        write_text(sh, &manifest_path, &text)?;
        let mut rest = p.pkg.size.saturating_sub(text.len() as u64);
        for (bin, rel) in &p.pkg.bins {
            let target = format!("{base}/{rel}");
            let size = 1_500.min(rest);
            rest -= size;
            let path = sh.path(&target);
            sh.write_synthetic(&path, size, super::seed(&p.pkg.name, rel), 0o755)?;
            if link_bins && !p.path.contains("/node_modules/") {
                let link = format!("{dir}/node_modules/.bin/{bin}");
                super::symlink(sh, &link, &format!("../{}/{rel}", p.pkg.name))?;
            }
        }
        let readme = 2_000.min(rest);
        let license = 1_100.min(rest - readme);
        let rd = sh.path(&format!("{base}/README.md"));
        sh.write_synthetic(&rd, readme, super::seed(&p.pkg.name, "README.md"), 0o644)?;
        let lic = sh.path(&format!("{base}/LICENSE"));
        sh.write_synthetic(&lic, license, super::seed(&p.pkg.name, "LICENSE"), 0o644)?;
        // The code: index.js and, for bigger packages, modules under lib/ (a real package
        // has about one file per 3.5 kB).
        let code = rest - readme - license;
        let parts = (code / 3_500).clamp(1, 60);
        let each = code / parts;
        for i in 0..parts {
            let (name, size) = if i == 0 {
                ("index.js".to_string(), code - each * (parts - 1))
            } else {
                (format!("lib/module{i}.js"), each)
            };
            let path = sh.path(&format!("{base}/{name}"));
            sh.write_synthetic(&path, size, super::seed(&p.pkg.name, &name), 0o644)?;
        }
    }
    Ok(added)
}

/// The download cache (`~/.npm/_cacache`): per package the registry document (packument)
/// and the tarball, each with an index entry (about 6 MB for express@4, as measured).
fn write_cache(sh: &mut Shell<'_>, tree: &[Placed]) -> Result<(), String> {
    let root = format!("{}/.npm/_cacache", home(sh));
    for p in tree {
        let docs = [
            ("tgz", p.pkg.size * 35 / 100),
            ("packument", 20_000 + p.pkg.size * 9 / 10),
        ];
        for (kind, size) in docs {
            let key = format!("{kind}:{}@{}", p.pkg.name, p.pkg.version);
            let h = format!(
                "{:016x}{:016x}",
                super::seed("cacache", &key),
                super::seed(&key, "cacache")
            );
            let content = sh.path(&format!(
                "{root}/content-v2/sha512/{}/{}/{}",
                &h[..2],
                &h[2..4],
                &h[4..]
            ));
            sh.write_synthetic(&content, size, super::seed("cacache-content", &h), 0o644)?;
            let i = format!("{:016x}", super::seed("index", &h));
            let index = sh.path(&format!(
                "{root}/index-v5/{}/{}/{}",
                &i[..2],
                &i[2..4],
                &i[4..]
            ));
            sh.write_synthetic(
                &index,
                420 + p.pkg.name.len() as u64 * 2,
                super::seed("cacache-index", &h),
                0o644,
            )?;
        }
    }
    Ok(())
}

#[derive(Default)]
struct Flags {
    production: bool,
    save_dev: bool,
    global: bool,
    force: bool,
    silent: bool,
    ops: Vec<String>,
}

fn flags(args: &[String]) -> Flags {
    let mut f = Flags::default();
    for a in args {
        match a.as_str() {
            "--production" | "--omit=dev" | "--only=production" | "--only=prod" => {
                f.production = true
            }
            "-D" | "--save-dev" => f.save_dev = true,
            "-g" | "--global" => f.global = true,
            "-f" | "--force" => f.force = true,
            "-s" | "--silent" | "--quiet" | "-q" | "--loglevel=silent" => f.silent = true,
            _ if a.starts_with('-') => {}
            _ => f.ops.push(a.clone()),
        }
    }
    f
}

/// `npm`.
pub fn npm(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args = argv.get(1..).unwrap_or(&[]);
    let Some(cmd) = args.iter().find(|a| !a.starts_with('-')).cloned() else {
        if args.iter().any(|a| a == "-v" || a == "--version") {
            io.print(format!("{}\n", npm_version(sh)));
            return 0;
        }
        io.print(format!("npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project\nnpm install <foo>  add the <foo> dependency to your project\nnpm test           run this project's tests\nnpm run <foo>      run the script named <foo>\nnpm <command> -h   quick help on <command>\n\nnpm@{} {}/lib/node_modules/npm\n", npm_version(sh), "/usr/local"));
        return 1;
    };
    let pos = args.iter().position(|a| *a == cmd).unwrap_or(0);
    let rest: Vec<String> = args[pos + 1..].to_vec();
    let mut all = args[..pos].to_vec();
    all.extend(rest.iter().cloned());
    let f = flags(&all);
    match cmd.as_str() {
        "install" | "i" | "add" | "isntall" | "in" => install(sh, io, f, false),
        "ci" | "clean-install" | "install-clean" => install(sh, io, f, true),
        "run" | "run-script" | "rum" | "urn" => {
            let Some(script) = f.ops.first().cloned() else {
                return list_scripts(sh, io);
            };
            run_script(sh, io, &script, f.ops[1..].to_vec())
        }
        "start" | "test" | "t" | "tst" | "stop" | "restart" => {
            let name = if matches!(cmd.as_str(), "t" | "tst") {
                "test"
            } else {
                cmd.as_str()
            };
            run_script(sh, io, name, f.ops.clone())
        }
        "init" | "create" => init(sh, io),
        "cache" => {
            if f.ops.first().map(String::as_str) == Some("clean") {
                if !f.force {
                    let lines: Vec<String> = [
                        "As of npm@5, the npm cache self-heals from corruption issues",
                        "by treating integrity mismatches as cache misses.  As a result,",
                        "data extracted from the cache is guaranteed to be valid.  If you",
                        "want to make sure everything is consistent, use `npm cache verify`",
                        "instead.  Deleting the cache can only make npm go slower, and is",
                        "not likely to correct any problems you may be encountering!",
                        "",
                        "On the other hand, if you're debugging an issue with the installer,",
                        "or race conditions that depend on the timing of writing to an empty",
                        "cache, you can use `npm install --cache /tmp/empty-cache` to use a",
                        "temporary cache instead of nuking the actual one.",
                        "",
                        "If you're sure you want to delete the entire cache, rerun this command",
                        "with --force.",
                    ]
                    .iter()
                    .map(|l| l.to_string())
                    .collect();
                    npm_error(sh, io, &lines);
                    return 1;
                }
                io.eprint("npm warn using --force Recommended protections disabled.\n");
                let dir = format!("{}/.npm/_cacache", home(sh));
                remove(sh, &dir);
                return 0;
            }
            if f.ops.first().map(String::as_str) == Some("verify") {
                io.print(format!("Cache verified and compressed ({}/.npm/_cacache)\nContent verified: 0 (0 bytes)\nIndex entries: 0\nFinished in 0.01s\n", home(sh)));
                return 0;
            }
            npm_error(
                sh,
                io,
                &["Usage: npm cache <clean|verify|ls|add>".to_string()],
            );
            1
        }
        "config" | "set" | "get" => {
            if f.ops.first().map(String::as_str) == Some("get") {
                io.print("undefined\n");
            }
            0
        }
        "version" | "-v" | "--version" => {
            io.print(format!("{}\n", npm_version(sh)));
            0
        }
        "prune" | "dedupe" | "audit" | "fund" | "ls" | "list" | "outdated" | "update" | "up" => {
            io.print("\nup to date, audited 1 package in 1s\n\nfound 0 vulnerabilities\n");
            0
        }
        "exec" | "x" => super::node::npx(sh, argv, io),
        other => {
            npm_error(
                sh,
                io,
                &[
                    format!("Unknown command: \"{other}\""),
                    String::new(),
                    "To see a list of supported npm commands, run:".into(),
                    "  npm help".into(),
                ],
            );
            1
        }
    }
}

fn read_manifest(sh: &mut Shell<'_>, io: &mut Io) -> Result<Option<Json>, i32> {
    let Some(text) = read_text(sh, "package.json") else {
        return Ok(None);
    };
    match json::parse(&text) {
        Ok(j) => Ok(Some(j)),
        Err(e) => {
            let path = sh.path("package.json").as_str().to_string();
            npm_error(
                sh,
                io,
                &[
                    "code EJSONPARSE".into(),
                    format!("path {path}"),
                    format!(
                        "JSON.parse {e} while parsing near \"{}\"",
                        text.chars()
                            .take(20)
                            .collect::<String>()
                            .replace('\n', "\\n")
                    ),
                    "JSON.parse Failed to parse JSON data.".into(),
                    "JSON.parse Note: package.json must be actual JSON, not just JavaScript."
                        .into(),
                ],
            );
            Err(1)
        }
    }
}

fn install(sh: &mut Shell<'_>, io: &mut Io, f: Flags, ci: bool) -> i32 {
    let major = npm_major(sh);
    if f.global {
        return install_global(sh, io, &f);
    }
    let mut manifest = match read_manifest(sh, io) {
        Ok(m) => m,
        Err(st) => return st,
    };
    let production = f.production || sh.var("NODE_ENV") == Some("production");
    if ci {
        let lock =
            read_text(sh, "package-lock.json").or_else(|| read_text(sh, "npm-shrinkwrap.json"));
        let Some(lock) = lock else {
            let mut lines: Vec<String> = vec![
                "code EUSAGE".into(),
                String::new(),
                "The `npm ci` command can only install with an existing package-lock.json or"
                    .into(),
                "npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or"
                    .into(),
                "later to generate a package-lock.json file, then try again.".into(),
                String::new(),
                "Clean install a project".into(),
                String::new(),
                "Usage:".into(),
                "npm ci".into(),
                String::new(),
                "Options:".into(),
                "[--install-strategy <hoisted|nested|shallow|linked>] [--legacy-bundling]".into(),
                "[--global-style] [--omit <dev|optional|peer> [--omit <dev|optional|peer> ...]]"
                    .into(),
                "[--include <prod|dev|optional|peer> [--include <prod|dev|optional|peer> ...]]"
                    .into(),
                "[--strict-peer-deps] [--foreground-scripts] [--ignore-scripts] [--no-audit]"
                    .into(),
                "[--no-bin-links] [--no-fund] [--dry-run]".into(),
                "[-w|--workspace <workspace-name> [-w|--workspace <workspace-name> ...]]".into(),
                "[-ws|--workspaces] [--include-workspace-root] [--install-links]".into(),
                String::new(),
                "aliases: clean-install, ic, install-clean, isntall-clean".into(),
                String::new(),
                "Run \"npm help ci\" for more info".into(),
            ];
            if major <= 6 {
                lines = vec!["cipm can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.".into()];
            }
            npm_error(sh, io, &lines);
            return 1;
        };
        let lock = json::parse(&lock).unwrap_or(Json::Null);
        if let Some(m) = &manifest {
            let locked: Vec<(String, String)> = lock
                .get("packages")
                .and_then(|p| p.get(""))
                .map(|r| {
                    let mut v = r.string_map("dependencies");
                    v.extend(r.string_map("devDependencies"));
                    v
                })
                .unwrap_or_default();
            let mut wanted = m.string_map("dependencies");
            wanted.extend(m.string_map("devDependencies"));
            if let Some((n, r)) = wanted.iter().find(|w| !locked.contains(w)) {
                let v = pick(n, r)
                    .map(|p| p.version.clone())
                    .unwrap_or_else(|_| r.clone());
                npm_error(sh, io, &["code EUSAGE".into(), String::new(), "`npm ci` can only install packages when your package.json and package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file with `npm install` before continuing.".into(), String::new(), format!("Missing: {n}@{v} from lock file"), String::new()]);
                return 1;
            }
        }
        remove(sh, "node_modules");
    }
    // `npm install <pkg>…` adds to package.json.
    let mut new_specs = Vec::new();
    for op in &f.ops {
        let (name, range) = match op.get(1..).and_then(|r| r.find('@')) {
            Some(at) => (op[..at + 1].to_string(), op[at + 2..].to_string()),
            None => (op.clone(), "latest".to_string()),
        };
        new_specs.push((name, range));
    }
    if manifest.is_none() && !new_specs.is_empty() {
        manifest = Some(Json::Obj(Vec::new()));
    }
    let Some(mut manifest) = manifest else {
        if ci {
            npm_error(sh, io, &["code ENOENT".into(), "syscall open".into(), format!("path {}/package.json", sh.cwd.as_str().trim_end_matches('/')), "errno -2".into(), format!("enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{}/package.json'", sh.cwd.as_str().trim_end_matches('/')), "enoent This is related to npm not being able to find a file.".into(), "enoent".into()]);
            return 254;
        }
        let lock = lockfile(&obj(vec![("name", s(sh.cwd.name()))]), &[], major);
        let _ = write_text(sh, "package-lock.json", &lock.pretty());
        write_log(sh, 30);
        io.print("\nup to date, audited 1 package in 1s\n\nfound 0 vulnerabilities\n");
        return 0;
    };
    let key = if f.save_dev {
        "devDependencies"
    } else {
        "dependencies"
    };
    for (name, range) in &new_specs {
        let p = match pick(name, range) {
            Ok(p) => p,
            Err(m) => return report_miss(sh, io, name, range, m),
        };
        let saved = if range == "latest" || range == "*" {
            format!("^{}", p.version)
        } else {
            range.clone()
        };
        let mut deps = match manifest.get(key) {
            Some(j @ Json::Obj(_)) => j.clone(),
            _ => Json::Obj(Vec::new()),
        };
        deps.set(name, Json::Str(saved));
        if let Json::Obj(m) = &mut deps {
            crate::sorting::sort_by(m, |a, b| a.0.cmp(&b.0));
        }
        manifest.set(key, deps);
    }
    let mut roots: Vec<(String, String, bool)> = manifest
        .string_map("dependencies")
        .into_iter()
        .map(|(n, r)| (n, r, false))
        .collect();
    roots.extend(
        manifest
            .string_map("optionalDependencies")
            .into_iter()
            .map(|(n, r)| (n, r, false)),
    );
    if !production {
        roots.extend(
            manifest
                .string_map("devDependencies")
                .into_iter()
                .map(|(n, r)| (n, r, true)),
        );
    }
    let tree = match resolve(&roots) {
        Ok(t) => t,
        Err((n, r, m)) => return report_miss(sh, io, &n, &r, m),
    };
    let tree: Vec<Placed> = tree
        .into_iter()
        .filter(|p| !(production && p.dev))
        .collect();
    if !new_specs.is_empty() {
        if let Err(e) = write_text(sh, "package.json", &manifest.pretty()) {
            return io.fail("npm error", e, 1);
        }
    }
    let had_lock = sh.exists("package-lock.json");
    let added = match write_tree(sh, ".", &tree, true) {
        Ok(a) => a,
        Err(e) => return io.fail("npm error", e, 1),
    };
    // Packages in node_modules the tree no longer has (after removing a dependency).
    let lock = lockfile(&manifest, &tree, major);
    let _ = write_text(sh, "package-lock.json", &lock.pretty());
    if major > 6 && !tree.is_empty() {
        let mut hidden = lock.clone();
        if let Some(Json::Obj(pk)) = match &mut hidden {
            Json::Obj(m) => m.iter_mut().find(|(k, _)| k == "packages").map(|(_, v)| v),
            _ => None,
        } {
            pk.retain(|(k, _)| !k.is_empty());
        }
        hidden.remove("requires");
        let _ = write_text(sh, "node_modules/.package-lock.json", &hidden.pretty());
    }
    if let Err(e) = write_cache(sh, &tree) {
        return io.fail("npm error", e, 1);
    }
    write_log(sh, 40 + tree.len() as u64 * 3);
    let secs = 1 + tree.len() / 40;
    if f.silent {
        return 0;
    }
    if major <= 6 {
        if !had_lock {
            io.eprint("npm notice created a lockfile as package-lock.json. You should commit this file.\n");
        }
        let (name, version) = name_and_version(&manifest);
        if manifest.get("description").is_none() {
            io.eprint(format!("npm WARN {name}@{version} No description\n"));
        }
        if manifest.get("repository").is_none() {
            io.eprint(format!("npm WARN {name}@{version} No repository field.\n"));
        }
        io.eprint("\n");
        if added == 0 {
            io.print(format!(
                "audited {} packages in {secs}.{:03}s\nfound 0 vulnerabilities\n\n",
                tree.len(),
                100 + tree.len() * 7
            ));
        } else {
            io.print(format!("added {added} packages from {} contributors and audited {} packages in {secs}.{:03}s\nfound 0 vulnerabilities\n\n", added * 3 / 4 + 1, tree.len(), 100 + tree.len() * 7));
        }
        return 0;
    }
    let what = if added == 0 {
        "up to date".to_string()
    } else {
        format!(
            "added {added} package{}, and",
            if added == 1 { "" } else { "s" }
        )
    };
    let what = if added == 0 { format!("{what},") } else { what };
    io.print(format!(
        "\n{what} audited {} package{} in {secs}s\n",
        tree.len() + 1,
        if tree.is_empty() { "" } else { "s" }
    ));
    let funding = tree.iter().filter(|p| p.pkg.funding).count();
    if funding > 0 {
        io.print(format!(
            "\n{funding} package{} looking for funding\n  run `npm fund` for details\n",
            if funding == 1 { " is" } else { "s are" }
        ));
    }
    io.print("\nfound 0 vulnerabilities\n");
    let checked = format!("{}/.npm/_update-notifier-last-checked", home(sh));
    if major == 10 && !sh.exists(&checked) {
        let _ = write_text(sh, &checked, "");
        io.eprint("npm notice\nnpm notice New major version of npm available! 10.8.2 -> 11.6.2\nnpm notice Changelog: https://github.com/npm/cli/releases/tag/v11.6.2\nnpm notice To update run: npm install -g npm@11.6.2\nnpm notice\n");
    }
    0
}

fn report_miss(sh: &mut Shell<'_>, io: &mut Io, name: &str, range: &str, m: Miss) -> i32 {
    match m {
        Miss::NotFound => {
            npm_error(
                sh,
                io,
                &[
                    "code E404".into(),
                    format!(
                        "404 Not Found - GET https://registry.npmjs.org/{} - Not found",
                        name.replace('/', "%2f")
                    ),
                    "404".into(),
                    format!("404  '{name}@{range}' is not in this registry."),
                    "404".into(),
                    "404 Note that you can also install from a".into(),
                    "404 tarball, folder, http url, or git url.".into(),
                ],
            );
            io.eprint(format!("layercake: the playground is offline; its npm catalog has no package '{name}' (it has express, react, lodash, axios, nodemon, typescript, …)\n"));
        }
        Miss::NoTarget => {
            npm_error(
                sh,
                io,
                &[
                    "code ETARGET".into(),
                    format!("notarget No matching version found for {name}@{range}."),
                    "notarget In most cases you or one of your dependencies are requesting".into(),
                    "notarget a package version that doesn't exist.".into(),
                ],
            );
        }
    }
    1
}

fn install_global(sh: &mut Shell<'_>, io: &mut Io, f: &Flags) -> i32 {
    let mut total = 0;
    for op in &f.ops {
        let (name, range) = match op.get(1..).and_then(|r| r.find('@')) {
            Some(at) => (op[..at + 1].to_string(), op[at + 2..].to_string()),
            None => (op.clone(), "latest".to_string()),
        };
        if name == "npm" || name == "yarn" || name == "pnpm" || name == "corepack" {
            total += 1;
            continue;
        }
        let tree = match resolve(&[(name.clone(), range.clone(), false)]) {
            Ok(t) => t,
            Err((n, r, m)) => return report_miss(sh, io, &n, &r, m),
        };
        // The package at the top, its dependencies under it.
        let nested: Vec<Placed> = tree
            .into_iter()
            .map(|mut p| {
                if p.pkg.name != name || p.path.contains("/node_modules/") {
                    p.path = format!("node_modules/{name}/{}", p.path);
                }
                p
            })
            .collect();
        if let Err(e) = write_tree(sh, "/usr/local/lib", &nested, false) {
            return io.fail("npm error", e, 1);
        }
        if let Some(top) = nested.iter().find(|p| p.pkg.name == name) {
            for (bin, rel) in &top.pkg.bins {
                let _ = super::symlink(
                    sh,
                    &format!("/usr/local/bin/{bin}"),
                    &format!("../lib/node_modules/{name}/{rel}"),
                );
            }
        }
        total += nested.len();
        let _ = write_cache(sh, &nested);
    }
    write_log(sh, 40);
    io.print(format!(
        "\nadded {total} package{} in {}s\n",
        if total == 1 { "" } else { "s" },
        1 + total / 40
    ));
    0
}

fn list_scripts(sh: &mut Shell<'_>, io: &mut Io) -> i32 {
    let Ok(Some(m)) = read_manifest(sh, io) else {
        return 1;
    };
    let scripts = m.string_map("scripts");
    if scripts.is_empty() {
        return 0;
    }
    let name = m.get("name").and_then(Json::as_str).unwrap_or("app");
    io.print(format!(
        "Scripts available in {name}@{} via `npm run-script`:\n",
        m.get("version").and_then(Json::as_str).unwrap_or("1.0.0")
    ));
    for (k, v) in scripts {
        io.print(format!("  {k}\n    {v}\n"));
    }
    0
}

fn run_script(sh: &mut Shell<'_>, io: &mut Io, name: &str, extra: Vec<String>) -> i32 {
    let manifest = match read_manifest(sh, io) {
        Ok(Some(m)) => m,
        Ok(None) => {
            let dir = sh.cwd.as_str().trim_end_matches('/').to_string();
            npm_error(sh, io, &["code ENOENT".into(), "syscall open".into(), format!("path {dir}/package.json"), "errno -2".into(), format!("enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{dir}/package.json'"), "enoent This is related to npm not being able to find a file.".into(), "enoent".into()]);
            return 254;
        }
        Err(st) => return st,
    };
    let scripts = manifest.string_map("scripts");
    let mut cmd = scripts
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone());
    if cmd.is_none() && name == "start" && sh.exists("server.js") {
        cmd = Some("node server.js".into());
    }
    let Some(mut cmd) = cmd else {
        let lines = vec![
            format!("Missing script: \"{name}\""),
            String::new(),
            "To see a list of scripts, run:".into(),
            "  npm run".into(),
        ];
        npm_error(sh, io, &lines);
        return 1;
    };
    if !extra.is_empty() {
        cmd = format!("{cmd} {}", extra.join(" "));
    }
    let (pkg, version) = name_and_version(&manifest);
    io.print(format!("\n> {pkg}@{version} {name}\n> {cmd}\n\n"));
    let old_path = sh.var("PATH").map(str::to_string);
    let bin = sh.path("node_modules/.bin");
    let new_path = format!("{}:{}", bin.as_str(), old_path.clone().unwrap_or_default());
    sh.set_var("PATH", new_path);
    let argv = vec!["sh".to_string(), "-c".to_string(), cmd.clone()];
    let status = sh.run_argv(&argv, io);
    match old_path {
        Some(p) => sh.set_var("PATH", p),
        None => {
            sh.vars.remove("PATH");
        }
    }
    if status != 0 {
        let dir = sh.cwd.as_str().to_string();
        npm_error(
            sh,
            io,
            &[
                format!("code {status}"),
                format!("path {dir}"),
                "command failed".into(),
                format!("command sh -c {cmd}"),
            ],
        );
    }
    status
}

fn init(sh: &mut Shell<'_>, io: &mut Io) -> i32 {
    let name = sh.cwd.name().to_string();
    let name = if name.is_empty() {
        "root".to_string()
    } else {
        name.to_lowercase()
    };
    let m = obj(vec![
        ("name", s(&name)),
        ("version", s("1.0.0")),
        ("main", s("index.js")),
        (
            "scripts",
            obj(vec![(
                "test",
                s("echo \"Error: no test specified\" && exit 1"),
            )]),
        ),
        ("keywords", Json::Arr(Vec::new())),
        ("author", s("")),
        ("license", s("ISC")),
        ("description", s("")),
    ]);
    let text = m.pretty();
    if let Err(e) = write_text(sh, "package.json", &text) {
        return io.fail("npm error", e, 1);
    }
    let path = sh.path("package.json");
    io.print(format!(
        "Wrote to {}:\n\n{}\n\n",
        path.as_str(),
        text.trim_end()
    ));
    0
}

/// The package's `name` and `version` from package.json (npm's defaults when absent).
fn name_and_version(manifest: &Json) -> (String, String) {
    let field = |key: &str, default: &str| {
        manifest
            .get(key)
            .and_then(Json::as_str)
            .unwrap_or(default)
            .to_string()
    };
    (field("name", "app"), field("version", "1.0.0"))
}
