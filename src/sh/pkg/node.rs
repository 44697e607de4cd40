//! `node` (`--version`; running JavaScript fails honestly: the playground has no JS
//! engine), `npx`, and `yarn` v1 (`install`/`add` with `yarn.lock` and yarn's cache,
//! `run`, `cache clean`, `--version`) over the npm catalog of `npm.rs`.

use super::json::{self, Json};
use super::npm::{home, integrity, node_version, pick, resolve, tarball, write_tree, NpmPkg};
use super::{read_text, remove, write_text};
use crate::sh::io::Io;
use crate::sh::shell::Shell;
use std::collections::BTreeMap;

/// The honest failure of running JavaScript.
fn no_js(io: &mut Io, what: &str) -> i32 {
    io.eprint(format!("layercake: the playground cannot execute JavaScript ({what}); it simulates the filesystem, not the Node.js runtime\n"));
    1
}

/// `npx`.
pub fn npx(_sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let what = argv
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    no_js(io, &format!("npx {what}"))
}

/// `node`: `--version` works; scripts and `-e` fail honestly.
pub fn node(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    match args.first() {
        Some(&"-v") | Some(&"--version") => {
            io.print(format!("v{}\n", node_version(sh)));
            0
        }
        None => {
            // No terminal: node reads the (empty) program from standard input.
            let input = io.read_stdin();
            if input.iter().all(u8::is_ascii_whitespace) {
                0
            } else {
                no_js(io, "node < script")
            }
        }
        Some(&"-e") | Some(&"--eval") | Some(&"-p") | Some(&"--print") => no_js(io, "node -e"),
        Some(script) => {
            let script = args
                .iter()
                .find(|a| !a.starts_with('-'))
                .copied()
                .unwrap_or(script);
            if !script.starts_with('-') && !sh.exists(script) && !sh.exists(&format!("{script}.js"))
            {
                let abs = sh.path(script);
                io.eprint(format!("node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '{}'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n    at node:internal/main/run_main_module:28:49 {{\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}}\n\nNode.js v{}\n", abs.as_str(), node_version(sh)));
                return 1;
            }
            no_js(io, &format!("node {script}"))
        }
    }
}

/// `yarn` (classic, v1).
pub fn yarn(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args: Vec<String> = argv.iter().skip(1).cloned().collect();
    let v = sh.var("YARN_VERSION").unwrap_or("1.22.22").to_string();
    if args.iter().any(|a| a == "--version" || a == "-v") && args.iter().all(|a| a.starts_with('-'))
    {
        io.print(format!("{v}\n"));
        return 0;
    }
    let cmd = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_else(|| "install".into());
    let frozen = args
        .iter()
        .any(|a| a == "--frozen-lockfile" || a == "--immutable");
    let production = args.iter().any(|a| a == "--production" || a == "--prod")
        || sh.var("NODE_ENV") == Some("production");
    match cmd.as_str() {
        "install" | "add" => {
            let ops: Vec<String> = if cmd == "add" {
                args.iter()
                    .skip_while(|a| *a != "add")
                    .skip(1)
                    .filter(|a| !a.starts_with('-'))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            io.print(format!("yarn {cmd} v{v}\n"));
            let had_lock = sh.exists("yarn.lock");
            let mut manifest = match read_text(sh, "package.json").map(|t| json::parse(&t)) {
                Some(Ok(m)) => m,
                Some(Err(e)) => {
                    io.eprint(format!(
                        "error {}/package.json: Unexpected token: {e}\n",
                        sh.cwd.as_str().trim_end_matches('/')
                    ));
                    return 1;
                }
                None => Json::Obj(Vec::new()),
            };
            let dev = args.iter().any(|a| a == "-D" || a == "--dev");
            let key = if dev {
                "devDependencies"
            } else {
                "dependencies"
            };
            for op in &ops {
                let (name, range) = match op.get(1..).and_then(|r| r.find('@')) {
                    Some(at) => (op[..at + 1].to_string(), op[at + 2..].to_string()),
                    None => (op.clone(), "latest".to_string()),
                };
                let p = match pick(&name, &range) {
                    Ok(p) => p,
                    Err(_) => {
                        io.eprint(format!("error An unexpected error occurred: \"https://registry.yarnpkg.com/{name}: Not found\".\n"));
                        io.print(format!("info If you think this is a bug, please open a bug report with the information provided in \"{}/yarn-error.log\".\ninfo Visit https://yarnpkg.com/en/docs/cli/add for documentation about this command.\n", sh.cwd.as_str().trim_end_matches('/')));
                        return 1;
                    }
                };
                let mut deps = match manifest.get(key) {
                    Some(j @ Json::Obj(_)) => j.clone(),
                    _ => Json::Obj(Vec::new()),
                };
                deps.set(
                    &name,
                    Json::Str(if range == "latest" {
                        format!("^{}", p.version)
                    } else {
                        range
                    }),
                );
                manifest.set(key, deps);
            }
            let mut roots: Vec<(String, String, bool)> = manifest
                .string_map("dependencies")
                .into_iter()
                .map(|(n, r)| (n, r, false))
                .collect();
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
                Err((n, _, _)) => {
                    io.print("[1/4] Resolving packages...\n");
                    io.eprint(format!("error An unexpected error occurred: \"https://registry.yarnpkg.com/{n}: Not found\".\n"));
                    return 1;
                }
            };
            if !had_lock {
                io.print("info No lockfile found.\n");
            }
            io.print("[1/4] Resolving packages...\n");
            // yarn 1 checks --frozen-lockfile only against an existing lockfile.
            if had_lock && frozen {
                let lock = read_text(sh, "yarn.lock").unwrap_or_default();
                let stale = roots.iter().any(|(n, r, _)| {
                    let spec = format!("{n}@{r}");
                    !lock.lines().any(|l| {
                        !l.starts_with(' ')
                            && l.trim_end_matches(':')
                                .split(", ")
                                .any(|x| x.trim_matches('"') == spec)
                    })
                });
                if stale {
                    io.eprint("error Your lockfile needs to be updated, but yarn was run with `--frozen-lockfile`.\n");
                    io.print("info Visit https://yarnpkg.com/en/docs/cli/install for documentation about this command.\n");
                    return 1;
                }
            }
            io.print("[2/4] Fetching packages...\n[3/4] Linking dependencies...\n[4/4] Building fresh packages...\n");
            if !ops.is_empty() {
                let _ = write_text(sh, "package.json", &manifest.pretty());
            }
            if let Err(e) = write_tree(sh, ".", &tree, true) {
                return io.fail("error", e, 1);
            }
            let mut lock = String::from("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n");
            let mut entries: BTreeMap<String, (Vec<String>, &NpmPkg)> = BTreeMap::new();
            let mut specs: Vec<(String, String)> = roots
                .iter()
                .map(|(n, r, _)| (n.clone(), r.clone()))
                .collect();
            for p in &tree {
                specs.extend(p.pkg.deps.iter().cloned());
            }
            for (n, r) in specs {
                if let Ok(p) = pick(&n, &r) {
                    let e = entries
                        .entry(format!("{}@{}", p.name, p.version))
                        .or_insert((Vec::new(), p));
                    let spec = format!("{n}@{r}");
                    if !e.0.contains(&spec) {
                        e.0.push(spec);
                    }
                }
            }
            for (_, (mut specs, p)) in entries {
                crate::sorting::sort(&mut specs);
                let quoted: Vec<String> = specs
                    .iter()
                    .map(|s| {
                        if s.contains([' ', ':']) || s.starts_with('@') {
                            format!("\"{s}\"")
                        } else {
                            s.clone()
                        }
                    })
                    .collect();
                lock.push_str(&format!(
                    "\n{}:\n  version \"{}\"\n  resolved \"{}#{:016x}\"\n  integrity {}\n",
                    quoted.join(", "),
                    p.version,
                    tarball(p).replace("registry.npmjs.org", "registry.yarnpkg.com"),
                    super::seed(&p.name, &p.version),
                    integrity(p)
                ));
                if !p.deps.is_empty() {
                    lock.push_str("  dependencies:\n");
                    for (d, r) in &p.deps {
                        lock.push_str(&format!("    {d} \"{r}\"\n"));
                    }
                }
            }
            if !frozen {
                let _ = write_text(sh, "yarn.lock", &lock);
            }
            // Yarn's cache for root lives under /usr/local/share/.cache/yarn.
            let cache = if sh.uid == 0 {
                "/usr/local/share/.cache/yarn/v6".to_string()
            } else {
                format!("{}/.cache/yarn/v6", home(sh))
            };
            for p in &tree {
                let path = sh.path(&format!(
                    "{cache}/npm-{}-{}-{:016x}-integrity/node_modules/{}/.yarn-tarball.tgz",
                    p.pkg.name.replace('/', "-"),
                    p.pkg.version,
                    super::seed(&p.pkg.name, "yarn"),
                    p.pkg.name
                ));
                let _ = sh.write_synthetic(
                    &path,
                    p.pkg.size * 2 / 5,
                    super::seed("yarn-cache", &p.pkg.name),
                    0o644,
                );
            }
            if !frozen && (!had_lock || !ops.is_empty()) {
                io.print("success Saved lockfile.\n");
            }
            if !ops.is_empty() {
                io.print(format!("success Saved {} new dependencies.\n", ops.len()));
            }
            io.print(format!(
                "Done in {}.{:02}s.\n",
                1 + tree.len() / 30,
                10 + tree.len() % 90
            ));
            0
        }
        "cache" => {
            io.print(format!(
                "yarn cache v{v}\nsuccess Cleared cache.\nDone in 0.05s.\n"
            ));
            remove(sh, "/usr/local/share/.cache/yarn");
            0
        }
        "global" => no_js(io, "yarn global"),
        other => {
            let name = if other == "run" {
                args.iter()
                    .skip_while(|a| *a != "run")
                    .nth(1)
                    .cloned()
                    .unwrap_or_default()
            } else {
                other.to_string()
            };
            let manifest = read_text(sh, "package.json").and_then(|t| json::parse(&t).ok());
            let script = manifest
                .as_ref()
                .and_then(|m| {
                    m.string_map("scripts")
                        .into_iter()
                        .find(|(k, _)| *k == name)
                })
                .map(|(_, v)| v);
            io.print(format!("yarn run v{v}\n"));
            let Some(cmd) = script else {
                io.eprint(format!("error Command \"{name}\" not found.\n"));
                io.print("info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.\n");
                return 1;
            };
            io.print(format!("$ {cmd}\n"));
            let old = sh.var("PATH").unwrap_or("").to_string();
            let bin = sh.path("node_modules/.bin");
            sh.set_var("PATH", format!("{}:{old}", bin.as_str()));
            let st = sh.run_argv(&["sh".to_string(), "-c".to_string(), cmd], io);
            sh.set_var("PATH", old);
            if st != 0 {
                io.eprint(format!("error Command failed with exit code {st}.\n"));
                io.print("info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.\n");
                return st;
            }
            io.print("Done in 0.35s.\n");
            0
        }
    }
}
