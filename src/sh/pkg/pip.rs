//! `pip`/`pip3` (install with `-r`, pins, `--no-cache-dir`, `--upgrade`, `--user`,
//! `--target`; uninstall; freeze/list; `--version`) over the offline PyPI catalog
//! (`data/pip.tsv`), and `python`/`python3` (`--version`, `-m pip`, `-m venv`; running
//! Python code fails honestly). Packages land in the image's site-packages (PEP 668
//! "externally managed" distributions refuse, as Debian 12+, Ubuntu 24.04 and Alpine do),
//! console scripts in the `bin` directory, wheels in `~/.cache/pip` unless `--no-cache-dir`.

use super::{mkdir_p, read_text, remove, write_text};
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// One distribution in the catalog.
#[derive(Debug, Clone)]
pub struct PyPkg {
    /// Project name.
    pub name: String,
    /// Version.
    pub version: String,
    /// Installed bytes.
    pub size: u64,
    /// Wheel bytes.
    pub wheel: u64,
    /// Requirements: (name, specifier).
    pub requires: Vec<(String, String)>,
    /// Console scripts.
    pub scripts: Vec<String>,
    /// Top-level import package.
    pub import: String,
    /// Bytes of the wheel's `.metadata` file pip downloads first.
    pub metadata: u64,
}

/// The pip catalog.
pub fn catalog() -> &'static [PyPkg] {
    static CELL: OnceLock<Vec<PyPkg>> = OnceLock::new();
    CELL.get_or_init(|| {
        include_str!("data/pip.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                let col = |i: usize| c.get(i).copied().unwrap_or("");
                PyPkg {
                    name: col(0).to_string(),
                    version: col(1).to_string(),
                    size: col(2).parse().unwrap_or(10_000),
                    wheel: col(3).parse().unwrap_or(10_000),
                    requires: col(4).split_whitespace().map(split_req).collect(),
                    scripts: col(5).split_whitespace().map(str::to_string).collect(),
                    import: col(6).to_string(),
                    metadata: col(7)
                        .parse()
                        .unwrap_or(1_500 + super::seed(col(0), "meta") % 4_000),
                }
            })
            .collect()
    })
}

/// `flask>=2.0` → (`flask`, `>=2.0`); extras dropped.
fn split_req(r: &str) -> (String, String) {
    let r = r.split(';').next().unwrap_or(r).trim();
    let end = r
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(r.len());
    let name = r[..end].to_string();
    let mut spec = r[end..].trim().to_string();
    if spec.starts_with('[') {
        spec = spec
            .split_once(']')
            .map_or(String::new(), |(_, s)| s.trim().to_string());
    }
    (name, spec)
}

/// PEP 503 normalisation (`Flask_SQLAlchemy` → `flask-sqlalchemy`).
fn normalize(name: &str) -> String {
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

fn find(name: &str) -> Option<&'static PyPkg> {
    let n = normalize(name);
    catalog().iter().find(|p| normalize(&p.name) == n)
}

/// The Python version of the image (`3.12.13`).
pub fn python_version(sh: &Shell<'_>) -> String {
    if let Some(v) = sh.var("PYTHON_VERSION").filter(|v| !v.is_empty()) {
        return v.to_string();
    }
    for pkg in [
        "python3.13",
        "python3.12",
        "python3.11",
        "python3.10",
        "python3.5",
        "python3",
    ] {
        if let Some(v) = super::net::installed_version(sh, pkg) {
            return super::net::upstream(&v);
        }
    }
    "3.12.13".to_string()
}

fn minor(sh: &Shell<'_>) -> String {
    let v = python_version(sh);
    let mut it = v.split('.');
    format!("{}.{}", it.next().unwrap_or("3"), it.next().unwrap_or("12"))
}

/// Where pip installs: (site-packages, scripts dir, externally managed, pip version).
struct Target {
    site: String,
    bin: String,
    managed: bool,
    pip: String,
    venv: bool,
}

fn target(sh: &Shell<'_>, prog: &str) -> Target {
    let m = minor(sh);
    // A virtual environment: the program's directory has ../pyvenv.cfg, or VIRTUAL_ENV.
    let found = crate::sh::exec::find_program(sh, prog).ok();
    let venv_root = found
        .as_ref()
        .map(|p| p.parent().parent())
        .filter(|root| sh.fs.exists(&root.join("pyvenv.cfg")))
        .map(|r| r.as_str().to_string())
        .or_else(|| sh.var("VIRTUAL_ENV").map(str::to_string));
    if let Some(root) = venv_root {
        return Target {
            site: format!("{root}/lib/python{m}/site-packages"),
            bin: format!("{root}/bin"),
            managed: false,
            pip: "25.0.1".into(),
            venv: true,
        };
    }
    if sh.var("PYTHON_VERSION").is_some() {
        return Target {
            site: format!("/usr/local/lib/python{m}/site-packages"),
            bin: "/usr/local/bin".into(),
            managed: false,
            pip: "25.0.1".into(),
            venv: false,
        };
    }
    let pip_pkg = if sh.os.family == Family::Alpine {
        "py3-pip"
    } else {
        "python3-pip"
    };
    let pip = super::net::installed_version(sh, pip_pkg)
        .map(|v| super::net::upstream(&v))
        .unwrap_or_else(|| "24.0".into());
    let managed = sh.fs.exists(&crate::fs::FsPath::new(&format!(
        "/usr/lib/python{m}/EXTERNALLY-MANAGED"
    ))) || match sh.os.family {
        Family::Alpine => {
            sh.os
                .version_id
                .split('.')
                .nth(1)
                .and_then(|x| x.parse::<u32>().ok())
                .unwrap_or(20)
                >= 19
        }
        Family::Debian => !matches!(sh.os.codename.as_str(), "bullseye" | "buster"),
        Family::Ubuntu => sh.os.codename == "noble",
        _ => false,
    };
    let site = if sh.os.family == Family::Alpine {
        format!("/usr/lib/python{m}/site-packages")
    } else {
        format!("/usr/local/lib/python{m}/dist-packages")
    };
    Target {
        site,
        bin: "/usr/local/bin".into(),
        managed,
        pip,
        venv: false,
    }
}

/// pip's `format_size`.
fn size(bytes: u64) -> String {
    if bytes > 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else if bytes > 10_000 {
        format!("{} kB", bytes / 1000)
    } else if bytes > 1000 {
        format!("{:.1} kB", bytes as f64 / 1000.0)
    } else {
        format!("{bytes} bytes")
    }
}

const COMPILED: &[&str] = &[
    "numpy",
    "pandas",
    "markupsafe",
    "charset_normalizer",
    "pydantic-core",
    "greenlet",
    "psycopg2-binary",
    "pyyaml",
    "sqlalchemy",
    "pillow",
    "scipy",
    "scikit-learn",
    "contourpy",
    "fonttools",
    "kiwisolver",
    "lxml",
];

fn wheel_name(p: &PyPkg, version: &str, py: &str, musl: bool) -> String {
    let dist = p.name.replace('-', "_");
    if COMPILED.contains(&p.name.as_str()) {
        let tag = py.replace('.', "");
        let plat = if musl {
            "musllinux_1_2_x86_64".to_string()
        } else {
            "manylinux_2_17_x86_64.manylinux2014_x86_64".to_string()
        };
        format!("{dist}-{version}-cp{tag}-cp{tag}-{plat}.whl")
    } else {
        format!("{dist}-{version}-py3-none-any.whl")
    }
}

fn satisfies(version: &str, spec: &str) -> bool {
    let v = super::semver::parse(version).unwrap_or((0, 0, 0));
    spec.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .all(|c| {
            let (op, rest) = ["==", ">=", "<=", "~=", "!=", ">", "<"]
                .iter()
                .find_map(|op| c.strip_prefix(op).map(|r| (*op, r.trim())))
                .unwrap_or(("==", c));
            if rest.ends_with(".*") {
                return version.starts_with(rest.trim_end_matches('*'));
            }
            let w = super::semver::parse(rest).unwrap_or((0, 0, 0));
            match op {
                "==" => version == rest || v == w,
                ">=" => v >= w,
                "<=" => v <= w,
                ">" => v > w,
                "<" => v < w,
                "!=" => v != w,
                _ => v >= w && v.0 == w.0,
            }
        })
}

/// The version installed in `site` (from its `.dist-info`).
fn installed(sh: &Shell<'_>, site: &str, name: &str) -> Option<String> {
    let want = normalize(name);
    let entries = sh.fs.read_dir(&crate::fs::FsPath::new(site)).ok()?;
    entries.iter().find_map(|(n, _)| {
        let stem = n.strip_suffix(".dist-info")?;
        let (dist, ver) = stem.rsplit_once('-')?;
        (normalize(dist) == want).then(|| ver.to_string())
    })
}

fn entry_point(p: &PyPkg, script: &str) -> String {
    match script {
        "flask" => "flask.cli:main".into(),
        "gunicorn" => "gunicorn.app.wsgiapp:run".into(),
        "uvicorn" => "uvicorn.main:main".into(),
        "django-admin" => "django.core.management:execute_from_command_line".into(),
        "pip" | "pip3" => "pip._internal.cli.main:main".into(),
        "fastapi" => "fastapi.cli:main".into(),
        "pytest" | "py.test" => "pytest:console_main".into(),
        _ => format!("{}.__main__:main", p.import),
    }
}

#[derive(Default)]
struct Opts {
    reqs: Vec<(String, String, String)>,
    no_cache: bool,
    upgrade: bool,
    quiet: bool,
    user: bool,
    target: Option<String>,
    break_system: bool,
    root_action_ignore: bool,
    files: Vec<String>,
}

fn pip_usage(io: &mut Io, cmd: &str) -> i32 {
    io.eprint(format!(
        "ERROR: You must give at least one requirement to {cmd} (see \"pip help {cmd}\")\n"
    ));
    1
}

/// `pip`/`pip3`.
pub fn pip(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let prog = argv
        .first()
        .map(String::as_str)
        .unwrap_or("pip")
        .to_string();
    pip_main(sh, &prog, argv.get(1..).unwrap_or(&[]), io)
}

fn pip_main(sh: &mut Shell<'_>, prog: &str, args: &[String], io: &mut Io) -> i32 {
    let t = target(sh, prog);
    let m = minor(sh);
    let Some(cmd) = args.iter().find(|a| !a.starts_with('-')).cloned() else {
        if args.iter().any(|a| a == "--version" || a == "-V") {
            io.print(format!("pip {} from {}/pip (python {m})\n", t.pip, t.site));
            return 0;
        }
        io.print("\nUsage:   \n  pip <command> [options]\n\nCommands:\n  install                     Install packages.\n  uninstall                   Uninstall packages.\n  freeze                      Output installed packages in requirements format.\n  list                        List installed packages.\n");
        return 0;
    };
    let pos = args.iter().position(|a| *a == cmd).unwrap_or(0);
    let rest: Vec<String> = args[pos + 1..].to_vec();
    let mut o = Opts::default();
    let mut i = 0;
    while i < rest.len() {
        let a = rest[i].as_str();
        i += 1;
        match a {
            "--no-cache-dir" => o.no_cache = true,
            "-U" | "--upgrade" => o.upgrade = true,
            "-q" | "--quiet" | "-qq" | "-qqq" => o.quiet = true,
            "--user" => o.user = true,
            "--break-system-packages" => o.break_system = true,
            "--root-user-action=ignore" => o.root_action_ignore = true,
            "--root-user-action" => {
                o.root_action_ignore = rest.get(i).map(String::as_str) == Some("ignore");
                i += 1;
            }
            "-r" | "--requirement" | "-c" | "--constraint" => {
                if let Some(f) = rest.get(i) {
                    if a == "-r" || a == "--requirement" {
                        o.files.push(f.clone());
                    }
                }
                i += 1;
            }
            "-t" | "--target" | "--prefix" | "--root" => {
                o.target = rest.get(i).cloned();
                i += 1;
            }
            "-i" | "--index-url" | "--extra-index-url" | "--trusted-host" | "-f"
            | "--find-links" | "--cache-dir" | "--progress-bar" | "--timeout" | "--retries"
            | "--default-timeout" | "--platform" | "--python-version" | "--only-binary"
            | "--no-binary" => i += 1,
            "-e" | "--editable" => {
                if let Some(target) = rest.get(i) {
                    o.reqs.push((String::new(), String::new(), target.clone()));
                }
                i += 1;
            }
            _ if a.starts_with('-') => {}
            _ => {
                let (n, s) = split_req(a);
                o.reqs.push((n, s, a.to_string()));
            }
        }
    }
    if sh
        .var("PIP_NO_CACHE_DIR")
        .is_some_and(|v| matches!(v, "1" | "true" | "on" | "yes" | "off" | "0"))
    {
        o.no_cache = true;
    }
    if sh.var("PIP_ROOT_USER_ACTION") == Some("ignore") {
        o.root_action_ignore = true;
    }
    match cmd.as_str() {
        "install" => install(sh, io, o, t, &m),
        "uninstall" => {
            let yes = rest.iter().any(|a| a == "-y" || a == "--yes");
            let mut st = 0;
            for (n, _, _) in &o.reqs {
                let Some(v) = installed(sh, &t.site, n) else {
                    io.print(format!("WARNING: Skipping {n} as it is not installed.\n"));
                    continue;
                };
                io.print(format!(
                    "Found existing installation: {n} {v}\nUninstalling {n}-{v}:\n"
                ));
                if !yes {
                    io.print(format!(
                        "  Would remove:\n    {}/{}\n    {}/{}-{v}.dist-info/*\nProceed (Y/n)? ",
                        t.site,
                        find(n).map_or(n.clone(), |p| p.import.clone()),
                        t.site,
                        n.replace('-', "_")
                    ));
                    io.eprint("ERROR: Exception:\nEOFError: EOF when reading a line\n");
                    st = 2;
                    break;
                }
                let p = find(n);
                remove(
                    sh,
                    &format!("{}/{}", t.site, p.map_or(n.clone(), |p| p.import.clone())),
                );
                remove(
                    sh,
                    &format!(
                        "{}/{}-{v}.dist-info",
                        t.site,
                        p.map_or(n.replace('-', "_"), |p| p.name.replace('-', "_"))
                    ),
                );
                for s in p.map(|p| p.scripts.clone()).unwrap_or_default() {
                    remove(sh, &format!("{}/{s}", t.bin));
                }
                io.print(format!("  Successfully uninstalled {n}-{v}\n"));
            }
            if st == 0 && o.reqs.is_empty() {
                return pip_usage(io, "uninstall");
            }
            st
        }
        "freeze" | "list" => {
            let mut rows: Vec<(String, String)> = sh
                .fs
                .read_dir(&crate::fs::FsPath::new(&t.site))
                .unwrap_or_default()
                .iter()
                .filter_map(|(n, _)| {
                    let (d, v) = n.strip_suffix(".dist-info")?.rsplit_once('-')?;
                    Some((d.replace('_', "-"), v.to_string()))
                })
                .collect();
            if cmd == "list" && !rows.iter().any(|(n, _)| n == "pip") {
                rows.push(("pip".into(), t.pip.clone()));
            }
            crate::sorting::sort_by_key(&mut rows, |(n, _)| n.to_ascii_lowercase());
            if cmd == "freeze" {
                for (n, v) in rows
                    .iter()
                    .filter(|(n, _)| n != "pip" && n != "setuptools" && n != "wheel")
                {
                    io.print(format!("{n}=={v}\n"));
                }
            } else {
                let w = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(7).max(7);
                let vw = rows.iter().map(|(_, v)| v.len()).max().unwrap_or(7).max(7);
                io.print(format!(
                    "{:w$} {:vw$}\n{} {}\n",
                    "Package",
                    "Version",
                    "-".repeat(w),
                    "-".repeat(vw)
                ));
                for (n, v) in rows {
                    io.print(format!("{n:w$} {v}\n"));
                }
            }
            0
        }
        "cache" => {
            if rest.first().map(String::as_str) == Some("purge") {
                remove(sh, &format!("{}/.cache/pip", home(sh)));
                io.print("Files removed: 0\n");
            }
            0
        }
        "config" => 0,
        other => {
            io.eprint(format!("ERROR: unknown command \"{other}\"\n"));
            1
        }
    }
}

fn home(sh: &Shell<'_>) -> String {
    sh.var("HOME")
        .unwrap_or("/root")
        .trim_end_matches('/')
        .to_string()
}

fn read_requirements(
    sh: &Shell<'_>,
    file: &str,
    out: &mut Vec<(String, String, String)>,
    depth: usize,
    io: &mut Io,
) -> bool {
    let Some(text) = read_text(sh, file) else {
        io.eprint(format!("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'\n"));
        return false;
    };
    for (number, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(f) = line
            .strip_prefix("-r ")
            .or_else(|| line.strip_prefix("--requirement "))
        {
            if depth < 10 && !read_requirements(sh, f.trim(), out, depth + 1, io) {
                return false;
            }
            continue;
        }
        if line.starts_with('-') {
            continue;
        }
        let (n, s) = split_req(line);
        out.push((n, s, format!("-r {file} (line {})", number + 1)));
    }
    true
}

fn install(sh: &mut Shell<'_>, io: &mut Io, mut o: Opts, t: Target, m: &str) -> i32 {
    for f in o.files.clone() {
        if !read_requirements(sh, &f, &mut o.reqs, 0, io) {
            return 1;
        }
    }
    if o.reqs.is_empty() {
        return pip_usage(io, "install");
    }
    // Local projects, archives and URLs would need a build or a download.
    let local = |r: &str| {
        r.starts_with('.')
            || r.starts_with('/')
            || r.contains("://")
            || r.starts_with("git+")
            || r.ends_with(".whl")
            || r.ends_with(".tar.gz")
            || r.ends_with(".zip")
    };
    if let Some((_, _, what)) = o.reqs.iter().find(|(n, _, w)| n.is_empty() || local(w)) {
        io.eprint(format!("layercake: pip cannot install '{what}' in the playground: building local projects and fetching URLs are not simulated (install the project's dependencies by name, e.g. from requirements.txt)\n"));
        return 1;
    }
    // Command-line requirements carry no "from".
    for r in o.reqs.iter_mut() {
        if !r.2.starts_with("-r ") {
            r.2.clear();
        }
    }
    if t.managed && !o.break_system && o.target.is_none() && !t.venv {
        let distro = if sh.os.family == Family::Alpine {
            "    The system-wide python installation should be maintained using the system\n    package manager (apk) only.\n    \n    If the package in question is not packaged already (and hence installable via\n    \"apk add py3-somepackage\"), please consider installing it inside a virtual\n    environment, e.g.:\n    \n    python3 -m venv /path/to/venv\n    . /path/to/venv/bin/activate\n    pip install mypackage\n    \n    To exit the virtual environment, run:\n    \n    deactivate\n    \n    The virtual environment is not deleted, and can be re-entered by re-sourcing\n    the activate file.\n    \n    To automatically manage virtual environments, consider using pipx (from the\n    pipx package).\n".to_string()
        } else {
            format!("    To install Python packages system-wide, try apt install\n    python3-xyz, where xyz is the package you are trying to\n    install.\n    \n    If you wish to install a non-Debian-packaged Python package,\n    create a virtual environment using python3 -m venv path/to/venv.\n    Then use path/to/venv/bin/python3 and path/to/venv/bin/pip. Make\n    sure you have python3-full installed.\n    \n    If you wish to install a non-Debian packaged Python application,\n    it may be easiest to use pipx install xyz, which will manage a\n    virtual environment for you. Make sure you have pipx installed.\n    \n    See /usr/share/doc/python{m}/README.venv for more information.\n")
        };
        io.eprint(format!("error: externally-managed-environment\n\n× This environment is externally managed\n╰─> {}\nnote: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.\nhint: See PEP 668 for the detailed specification.\n", distro.trim_start()));
        return 1;
    }
    let site = match &o.target {
        Some(d) => d.clone(),
        None if o.user => format!("{}/.local/lib/python{m}/site-packages", home(sh)),
        None => t.site.clone(),
    };
    let bin = match &o.target {
        Some(d) => format!("{d}/bin"),
        None if o.user => format!("{}/.local/bin", home(sh)),
        None => t.bin.clone(),
    };
    let musl = sh.os.family == Family::Alpine;
    // Resolve: requested first, then their requirements breadth-first.
    let mut plan: Vec<(&'static PyPkg, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut queue: std::collections::VecDeque<(String, String, String, bool)> = o
        .reqs
        .iter()
        .map(|(n, s, f)| (n.clone(), s.clone(), f.clone(), true))
        .collect();
    let mut out = String::new();
    let mut pip_upgrade_from = None;
    while let Some((name, spec, from, top)) = queue.pop_front() {
        let key = normalize(&name);
        if !seen.insert(key.clone()) {
            continue;
        }
        let Some(p) = find(&name) else {
            io.print(&out);
            io.eprint(format!("ERROR: Could not find a version that satisfies the requirement {name}{spec} (from versions: none)\nERROR: No matching distribution found for {name}{spec}\n"));
            io.eprint(format!("layercake: the playground is offline; its PyPI catalog has no '{name}' (it has flask, django, fastapi, requests, numpy, pandas, gunicorn, uvicorn, …)\n"));
            return 1;
        };
        // A pinned version the catalog does not list is taken at its word.
        let version = match spec.strip_prefix("==") {
            Some(v) if !v.contains('*') && !v.contains(',') => v.trim().to_string(),
            _ if satisfies(&p.version, &spec) => p.version.clone(),
            _ => {
                io.print(&out);
                io.eprint(format!("ERROR: Could not find a version that satisfies the requirement {name}{spec} (from versions: {})\nERROR: No matching distribution found for {name}{spec}\n", p.version));
                return 1;
            }
        };
        let have = if key == "pip" && o.target.is_none() && !o.user {
            installed(sh, &site, "pip").or(Some(t.pip.clone()))
        } else {
            installed(sh, &site, &name)
        };
        // pip names where a requirement comes from: the chain of dependents up to the
        // command line or the requirements file line.
        let via = if from.is_empty() {
            String::new()
        } else {
            format!(" (from {from})")
        };
        if let Some(h) = &have {
            let newer =
                o.upgrade && top && super::semver::parse(&version) > super::semver::parse(h);
            if !newer {
                if !o.quiet {
                    out.push_str(&format!(
                        "Requirement already satisfied: {name}{spec} in {site}{via} ({h})\n"
                    ));
                }
                continue;
            }
            if key == "pip" {
                pip_upgrade_from = Some(h.clone());
            }
        }
        if !o.quiet {
            out.push_str(&format!("Collecting {name}{spec}{via}\n"));
            out.push_str(&format!(
                "  Downloading {}.metadata ({})\n",
                wheel_name(p, &version, m, musl),
                size(p.metadata)
            ));
        }
        let chain = if from.is_empty() {
            format!("{name}{spec}")
        } else {
            format!("{name}{spec}->{from}")
        };
        for (r, s) in &p.requires {
            queue.push_back((r.clone(), s.clone(), chain.clone(), false));
        }
        plan.push((p, version));
    }
    if !o.quiet {
        for (p, v) in &plan {
            out.push_str(&format!(
                "Downloading {} ({})\n",
                wheel_name(p, v, m, musl),
                size(p.wheel)
            ));
            if p.wheel >= 512 * 1024 {
                let mb = p.wheel as f64 / 1e6;
                out.push_str(&format!("   ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ {mb:.1}/{mb:.1} MB 48.2 MB/s eta 0:00:00\n"));
            }
        }
    }
    if plan.is_empty() {
        io.print(&out);
        if !o.quiet {
            root_warning(sh, io, &o, &t);
        }
        return 0;
    }
    // Install order: dependencies before dependents (reverse of discovery).
    let order: Vec<&(&PyPkg, String)> = plan.iter().rev().collect();
    if !o.quiet {
        out.push_str(&format!(
            "Installing collected packages: {}\n",
            order
                .iter()
                .map(|(p, _)| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if let Some(old) = &pip_upgrade_from {
            out.push_str(&format!("  Attempting uninstall: pip\n    Found existing installation: pip {old}\n    Uninstalling pip-{old}:\n      Successfully uninstalled pip-{old}\n"));
        }
    }
    io.print(&out);
    let py = format!("python{m}");
    let interp = if t.venv {
        format!("{bin}/python")
    } else if sh.var("PYTHON_VERSION").is_some() {
        format!("/usr/local/bin/{py}")
    } else {
        format!("/usr/bin/{py}")
    };
    for (p, v) in &order {
        let dist = format!("{}/{}-{v}.dist-info", site, p.name.replace('-', "_"));
        if p.name == "pip" {
            remove(sh, &format!("{site}/pip"));
            if let Ok(entries) = sh.fs.read_dir(&crate::fs::FsPath::new(&site)) {
                for (n, _) in entries {
                    if n.starts_with("pip-") && n.ends_with(".dist-info") {
                        remove(sh, &format!("{site}/{n}"));
                    }
                }
            }
        }
        let meta = 2_000 + super::seed(&p.name, "METADATA") % 6_000;
        let record = 90 * (3 + p.size / 6_000).min(2_000);
        let body = p.size.saturating_sub(meta + record + 200).max(100);
        let r = (|| -> Result<(), String> {
            let init = sh.path(&format!("{site}/{}/__init__.py", p.import));
            sh.write_synthetic(&init, body, super::seed(&p.name, v), 0o644)?;
            let mp = sh.path(&format!("{dist}/METADATA"));
            sh.write_synthetic(&mp, meta, super::seed(&p.name, "METADATA"), 0o644)?;
            let rp = sh.path(&format!("{dist}/RECORD"));
            sh.write_synthetic(&rp, record, super::seed(&p.name, "RECORD"), 0o644)?;
            write_text(sh, &format!("{dist}/INSTALLER"), "pip\n")?;
            let tag = if COMPILED.contains(&p.name.as_str()) {
                format!("cp{0}-cp{0}-manylinux_2_17_x86_64", m.replace('.', ""))
            } else {
                "py3-none-any".into()
            };
            write_text(sh, &format!("{dist}/WHEEL"), &format!("Wheel-Version: 1.0\nGenerator: setuptools (80.9.0)\nRoot-Is-Purelib: true\nTag: {tag}\n\n"))?;
            if !p.scripts.is_empty() {
                let mut ep = String::from("[console_scripts]\n");
                for s in &p.scripts {
                    let e = entry_point(p, s);
                    ep.push_str(&format!("{s} = {e}\n"));
                    let (module, func) = e.split_once(':').unwrap_or((&e, "main"));
                    let script = format!("#!{interp}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom {module} import {func}\nif __name__ == '__main__':\n    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit({func}())\n");
                    write_text(sh, &format!("{bin}/{s}"), &script)?;
                    let sp = sh.path(&format!("{bin}/{s}"));
                    let _ = sh.fs.chmod(&sp, 0o755);
                }
                write_text(sh, &format!("{dist}/entry_points.txt"), &ep)?;
            }
            Ok(())
        })();
        if let Err(e) = r {
            io.eprint(format!(
                "ERROR: Could not install packages due to an OSError: {e}\n"
            ));
            return 1;
        }
    }
    if !o.no_cache {
        let cache = format!("{}/.cache/pip/http-v2", home(sh));
        for (p, v) in &order {
            let h = format!(
                "{:016x}{:016x}",
                super::seed(&p.name, v),
                super::seed(v, &p.name)
            );
            let dir = format!(
                "{cache}/{}/{}/{}/{}/{}",
                &h[0..1],
                &h[1..2],
                &h[2..3],
                &h[3..4],
                &h[4..5]
            );
            let body = sh.path(&format!("{dir}/{h}.body"));
            if let Err(e) = sh.write_synthetic(&body, p.wheel, super::seed("pip-cache", &h), 0o600)
            {
                return io.fail("ERROR", e, 1);
            }
            let head = sh.path(&format!("{dir}/{h}"));
            let _ = sh.write_synthetic(
                &head,
                1_100 + p.name.len() as u64,
                super::seed("pip-cache-head", &h),
                0o600,
            );
        }
        let _ = mkdir_p(sh, &format!("{}/.cache/pip/selfcheck", home(sh)));
    }
    let mut names: Vec<String> = order
        .iter()
        .map(|(p, v)| format!("{}-{v}", p.name))
        .collect();
    crate::sorting::sort_by_key(&mut names, |n| n.to_ascii_lowercase());
    if !o.quiet {
        io.print(format!("Successfully installed {}\n", names.join(" ")));
        root_warning(sh, io, &o, &t);
    }
    0
}

fn root_warning(sh: &Shell<'_>, io: &mut Io, o: &Opts, t: &Target) {
    if sh.uid == 0 && !o.root_action_ignore && !t.venv {
        io.eprint("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering your system unusable. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know what you are doing and want to suppress this warning.\n");
    }
    let current = installed(sh, &t.site, "pip").unwrap_or_else(|| t.pip.clone());
    if !o.quiet && current.starts_with("25.0") && !t.venv {
        io.eprint("\n[notice] A new release of pip is available: 25.0.1 -> 25.1.1\n[notice] To update, run: pip install --upgrade pip\n");
    }
}

fn no_python(io: &mut Io, what: &str) -> i32 {
    io.eprint(format!("layercake: the playground cannot execute Python code ({what}); it simulates the filesystem, not the interpreter\n"));
    1
}

/// `python`/`python3`.
pub fn python(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args: Vec<String> = argv.iter().skip(1).cloned().collect();
    let first = args.first().map(String::as_str);
    match first {
        Some("--version") | Some("-V") => {
            io.print(format!("Python {}\n", python_version(sh)));
            0
        }
        Some("-m") => match args.get(1).map(String::as_str) {
            Some("pip") => {
                let prog = argv
                    .first()
                    .map(String::as_str)
                    .unwrap_or("python3")
                    .to_string();
                let found = crate::sh::exec::find_program(sh, &prog).ok();
                let pip_prog = found
                    .map(|p| p.parent().join("pip").as_str().to_string())
                    .unwrap_or_else(|| "pip".into());
                pip_main(sh, &pip_prog, &args[2..], io)
            }
            Some("venv") => venv(sh, &args[2..], io),
            Some(m) => no_python(io, &format!("python -m {m}")),
            None => {
                io.eprint("Argument expected for the -m option\nusage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...\nTry `python -h' for more information.\n");
                2
            }
        },
        Some("-c") => no_python(io, "python -c"),
        None => {
            let input = io.read_stdin();
            if input.iter().all(u8::is_ascii_whitespace) {
                0
            } else {
                no_python(io, "python < script")
            }
        }
        Some(script) => {
            let script = args
                .iter()
                .find(|a| !a.starts_with('-'))
                .map(String::as_str)
                .unwrap_or(script);
            if !script.starts_with('-') && !sh.exists(script) {
                let abs = sh.path(script);
                let prog = argv.first().map(String::as_str).unwrap_or("python3");
                io.eprint(format!(
                    "{prog}: can't open file '{}': [Errno 2] No such file or directory\n",
                    abs.as_str()
                ));
                return 2;
            }
            no_python(io, &format!("python {script}"))
        }
    }
}

/// `python -m venv DIR`: the directory layout with pip inside.
fn venv(sh: &mut Shell<'_>, args: &[String], io: &mut Io) -> i32 {
    let Some(dir) = args.iter().find(|a| !a.starts_with('-')) else {
        io.eprint("usage: venv [-h] [--system-site-packages] [--symlinks | --copies] [--clear]\n            [--upgrade] [--without-pip] [--prompt PROMPT] [--upgrade-deps]\n            ENV_DIR [ENV_DIR ...]\nvenv: error: the following arguments are required: ENV_DIR\n");
        return 2;
    };
    let m = minor(sh);
    let root = sh.path(dir).as_str().to_string();
    let exe = if sh.var("PYTHON_VERSION").is_some() {
        format!("/usr/local/bin/python{m}")
    } else {
        format!("/usr/bin/python{m}")
    };
    let r = (|| -> Result<(), String> {
        mkdir_p(sh, &format!("{root}/include/python{m}"))?;
        mkdir_p(sh, &format!("{root}/lib/python{m}/site-packages"))?;
        super::symlink(sh, &format!("{root}/lib64"), "lib")?;
        write_text(sh, &format!("{root}/pyvenv.cfg"), &format!("home = {}\ninclude-system-site-packages = false\nversion = {}\nexecutable = {exe}\ncommand = {exe} -m venv {root}\n", crate::fs::FsPath::new(&exe).parent().as_str(), python_version(sh)))?;
        super::symlink(sh, &format!("{root}/bin/python"), &exe)?;
        super::symlink(sh, &format!("{root}/bin/python3"), "python")?;
        super::symlink(sh, &format!("{root}/bin/python{m}"), "python")?;
        write_text(sh, &format!("{root}/bin/activate"), &format!("# This file must be used with \"source bin/activate\" *from bash*\n# You cannot run it directly\n\ndeactivate () {{\n    if [ -n \"${{_OLD_VIRTUAL_PATH:-}}\" ] ; then\n        PATH=\"${{_OLD_VIRTUAL_PATH:-}}\"\n        export PATH\n        unset _OLD_VIRTUAL_PATH\n    fi\n    unset VIRTUAL_ENV\n}}\n\nVIRTUAL_ENV={root}\nexport VIRTUAL_ENV\n\n_OLD_VIRTUAL_PATH=\"$PATH\"\nPATH=\"$VIRTUAL_ENV/bin:$PATH\"\nexport PATH\n"))?;
        for p in ["pip", "pip3", &format!("pip{m}")] {
            let path = format!("{root}/bin/{p}");
            write_text(sh, &path, &format!("#!{root}/bin/python{m}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom pip._internal.cli.main import main\nif __name__ == '__main__':\n    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit(main())\n"))?;
            let pp = sh.path(&path);
            let _ = sh.fs.chmod(&pp, 0o755);
        }
        let pip_init = sh.path(&format!(
            "{root}/lib/python{m}/site-packages/pip/__init__.py"
        ));
        sh.write_synthetic(&pip_init, 12_400_000, super::seed("venv-pip", &root), 0o644)?;
        write_text(
            sh,
            &format!("{root}/lib/python{m}/site-packages/pip-25.0.1.dist-info/INSTALLER"),
            "pip\n",
        )?;
        Ok(())
    })();
    match r {
        Ok(()) => 0,
        Err(e) => {
            io.eprint(format!("Error: {e}\n"));
            1
        }
    }
}
