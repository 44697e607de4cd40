//! The package managers and runtimes of the RUN sandbox (`src/sh/pkg/`), called directly
//! on catalog images: apt-get/dpkg, apk, npm/yarn/node, pip/python, offline network tools.
#![allow(clippy::unwrap_used)]

use layercake::catalog;
use layercake::fs::{FsPath, Rootfs};
use layercake::sh::budget::Limits;
use layercake::sh::commands;
use layercake::sh::io::{Io, Stdin};
use layercake::sh::shell::Shell;

/// What one command did.
#[derive(Debug)]
struct Out {
    status: i32,
    stdout: String,
    stderr: String,
}

/// A sandbox on a catalog image.
struct Env {
    fs: Rootfs,
    env: Vec<String>,
    cwd: String,
}

impl Env {
    fn new(image: &str) -> Env {
        let img = catalog::resolve(image).unwrap();
        Env {
            fs: Rootfs::new(img.layers.clone()),
            env: img.config.env.clone(),
            cwd: "/".into(),
        }
    }

    fn with_env(mut self, kv: &str) -> Env {
        self.env.push(kv.to_string());
        self
    }

    fn run_stdin(&mut self, line: &str, stdin: &str) -> Out {
        let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let mut sh = Shell::new(
            &mut self.fs,
            &self.env,
            FsPath::new(&self.cwd),
            (0, 0),
            Limits::default(),
        );
        sh.now = 1_790_000_000;
        let mut io = Io::new(Stdin::from_bytes(stdin.as_bytes().to_vec()));
        let f = commands::program(&argv[0]).unwrap_or_else(|| panic!("no program {}", argv[0]));
        let status = f(&mut sh, &argv, &mut io);
        Out {
            status,
            stdout: String::from_utf8(io.stdout).unwrap(),
            stderr: String::from_utf8(io.stderr).unwrap(),
        }
    }

    fn run(&mut self, line: &str) -> Out {
        self.run_stdin(line, "")
    }

    fn write(&mut self, path: &str, text: &str) {
        let p = FsPath::new(path);
        self.fs.mkdir_all(&p.parent(), 0o755).unwrap();
        self.fs
            .write_file(
                &p,
                layercake::fs::Content::Bytes(text.as_bytes().to_vec().into()),
                0o644,
            )
            .unwrap();
    }

    fn exists(&self, path: &str) -> bool {
        self.fs.lstat(&FsPath::new(path)).is_ok()
    }

    fn read(&self, path: &str) -> String {
        String::from_utf8(self.fs.read_file(&FsPath::new(path)).unwrap().to_vec()).unwrap()
    }

    fn size(&self, path: &str) -> u64 {
        self.fs.stat(&FsPath::new(path)).unwrap().size()
    }

    fn du(&self, dir: &str) -> u64 {
        self.fs
            .walk(&FsPath::new(dir))
            .iter()
            .filter(|(_, n, _)| !n.is_dir())
            .map(|(_, n, _)| n.size())
            .sum()
    }
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

// ---------- apt ----------

#[test]
fn apt_install_before_update_cannot_locate() {
    let mut e = Env::new("ubuntu:16.04");
    let o = e.run("apt-get install -y nginx");
    assert_eq!(o.status, 100);
    assert_eq!(o.stderr, "E: Unable to locate package nginx\n");
    assert!(o.stdout.ends_with("Reading state information...\n"));
    assert!(!e.exists("/usr/sbin/nginx"));
}

#[test]
fn apt_update_then_install_nginx_on_xenial() {
    let mut e = Env::new("ubuntu:16.04");
    let u = e.run("apt-get update");
    assert_eq!(u.status, 0);
    assert!(u
        .stdout
        .starts_with("Get:1 http://archive.ubuntu.com/ubuntu xenial InRelease ["));
    assert!(u.stdout.ends_with("Reading package lists...\n"));
    assert!(e.exists(
        "/var/lib/apt/lists/archive.ubuntu.com_ubuntu_dists_xenial_main_binary-amd64_Packages.gz"
    ));
    let o = e.run("apt-get install -y nginx");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o
        .stdout
        .contains("0 upgraded, 30 newly installed, 0 to remove and 0 not upgraded.\n"));
    assert!(o
        .stdout
        .contains("Setting up nginx-core (1.10.3-0ubuntu0.16.04.5) ...\n"));
    assert!(o
        .stdout
        .contains("Unpacking libssl1.0.0:amd64 (1.0.2g-1ubuntu4.20) ...\n"));
    assert!(o
        .stdout
        .contains(" xenial/main amd64 fonts-dejavu-core all 2.35-1 ["));
    assert_eq!(
        o.stderr,
        "debconf: delaying package configuration, since apt-utils is not installed\n"
    );
    assert!(e.exists("/usr/sbin/nginx"));
    assert!(e
        .read("/etc/nginx/nginx.conf")
        .starts_with("user www-data;\n"));
    assert!(e
        .read("/var/www/html/index.nginx-debian.html")
        .contains("<h1>Welcome to nginx!</h1>"));
    assert!(e
        .read("/var/lib/dpkg/status")
        .contains("Package: nginx\nStatus: install ok installed\n"));
    assert!(e
        .read("/var/lib/dpkg/info/nginx-core.list")
        .contains("/usr/share/doc/nginx-core\n"));
    assert!(e
        .read("/var/lib/apt/extended_states")
        .contains("Package: libgd3\nArchitecture: amd64\nAuto-Installed: 1\n"));
    // docker-clean: no .deb kept.
    assert_eq!(e.du("/var/cache/apt/archives"), 0);
    let again = e.run("apt-get install -y nginx");
    assert!(again
        .stdout
        .contains("nginx is already the newest version (1.10.3-0ubuntu0.16.04.5).\n"));
}

#[test]
fn apt_lists_are_about_twenty_megabytes_on_bookworm() {
    let mut e = Env::new("debian:bookworm-slim");
    let o = e.run("apt-get update");
    assert_eq!(
        lines(&o.stdout)[..3],
        [
            "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]",
            "Get:2 http://deb.debian.org/debian bookworm-updates InRelease [55.4 kB]",
            "Get:3 http://deb.debian.org/debian-security bookworm-security InRelease [48.0 kB]",
        ]
    );
    let lists = e.du("/var/lib/apt/lists");
    assert!((18_000_000..23_000_000).contains(&lists), "{lists}");
    assert_eq!(
        e.size("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"),
        151_075
    );
    // docker-clean disables the binary caches.
    assert!(!e.exists("/var/cache/apt/pkgcache.bin"));
    let q = e.run("apt-get -qq update");
    assert_eq!(q.stdout, "");
}

#[test]
fn apt_without_yes_aborts_and_yes_on_stdin_continues() {
    let mut e = Env::new("debian:bookworm-slim");
    e.run("apt-get update");
    let o = e.run("apt-get install curl");
    assert_eq!(o.status, 1);
    assert!(o
        .stdout
        .ends_with("Do you want to continue? [Y/n] Abort.\n"));
    assert!(o
        .stdout
        .contains("0 upgraded, 22 newly installed, 0 to remove and 0 not upgraded.\n"));
    assert!(!e.exists("/usr/bin/curl"));
    let y = e.run_stdin("apt-get install curl", "y\n");
    assert_eq!(y.status, 0);
    assert!(e.exists("/usr/bin/curl"));
    assert!(y
        .stdout
        .contains("Processing triggers for ca-certificates (20250419~deb12u2) ...\n"));
}

#[test]
fn apt_no_install_recommends_lists_what_it_leaves_out() {
    let mut e = Env::new("debian:bookworm-slim");
    e.run("apt-get update");
    let o = e.run("apt-get install -y --no-install-recommends curl");
    assert!(o.stdout.contains("Recommended packages:\n"));
    assert!(!e.exists("/etc/ssl/certs/ca-certificates.crt"));
    assert!(e.exists("/usr/bin/curl"));
}

#[test]
fn apt_unknown_package_and_already_installed() {
    let mut e = Env::new("ubuntu:24.04");
    e.run("apt-get update");
    let o = e.run("apt-get install -y nosuchthing");
    assert_eq!(
        (o.status, o.stderr.as_str()),
        (100, "E: Unable to locate package nosuchthing\n")
    );
    let b = e.run("apt-get install -y bash");
    assert_eq!(b.status, 0);
    assert!(b
        .stdout
        .contains("bash is already the newest version (5.2.21-2ubuntu4).\n"));
}

#[test]
fn apt3_summary_on_trixie() {
    let mut e = Env::new("debian:trixie-slim");
    e.run("apt-get update");
    let o = e.run("apt-get install -y --no-install-recommends curl");
    assert!(
        o.stdout
            .contains("Installing:\n  curl\n\nInstalling dependencies:\n"),
        "{}",
        o.stdout
    );
    assert!(o
        .stdout
        .contains("\nSummary:\n  Upgrading: 0, Installing: "));
    let n = e.run("apt-get install wget");
    assert!(n.stdout.ends_with("Continue? [Y/n] Abort.\n"));
}

#[test]
fn apt_purge_autoremove_and_dist_clean() {
    let mut e = Env::new("debian:trixie-slim");
    e.run("apt-get update");
    e.run("apt-get install -y --no-install-recommends wget");
    assert!(e.exists("/usr/bin/wget"));
    let o = e.run("apt-get purge -y --auto-remove wget");
    assert_eq!(o.status, 0);
    assert!(o.stdout.contains("REMOVING:\n  libpsl5t64*  libssl3t64*  wget*\n\nSummary:\n  Upgrading: 0, Installing: 0, Removing: 3, Not Upgrading: 0\n"), "{}", o.stdout);
    assert!(o.stdout.contains("Removing wget (1.25.0-2) ...\n"));
    assert!(o
        .stdout
        .contains("Purging configuration files for wget (1.25.0-2) ...\n"));
    assert!(!e.exists("/usr/bin/wget"));
    assert!(!e.read("/var/lib/dpkg/status").contains("Package: wget\n"));
    let d = e.run("apt-get dist-clean");
    assert_eq!(d.status, 0);
    assert_eq!(e.du("/var/lib/apt/lists"), 0);
}

#[test]
fn apt_front_end_warns_and_dpkg_answers() {
    let mut e = Env::new("debian:bookworm-slim");
    let o = e.run("apt update");
    assert!(o.stderr.contains(
        "WARNING: apt does not have a stable CLI interface. Use with caution in scripts."
    ));
    assert!(o.stdout.ends_with("All packages are up to date.\n"));
    assert_eq!(e.run("dpkg --print-architecture").stdout, "amd64\n");
    let s = e.run("dpkg -s curl");
    assert_eq!(s.status, 1);
    assert!(s
        .stderr
        .starts_with("dpkg-query: package 'curl' is not installed"));
    let l = e.run("dpkg -l");
    assert!(l
        .stdout
        .starts_with("Desired=Unknown/Install/Remove/Purge/Hold\n"));
    assert!(l.stdout.contains("\nii  bash "));
}

// ---------- apk ----------

#[test]
fn apk_add_no_cache_curl() {
    let mut e = Env::new("alpine:3.20");
    let o = e.run("apk add --no-cache curl");
    assert_eq!(o.status, 0);
    let l = lines(&o.stdout);
    assert_eq!(
        l[0],
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz"
    );
    assert_eq!(l[2], "(1/10) Installing ca-certificates (20241121-r1)");
    assert!(l.contains(&"(10/10) Installing curl (8.12.1-r0)"));
    assert!(l.contains(&"Executing busybox-1.36.1-r29.trigger"));
    assert!(l.last().unwrap().starts_with("OK: 13 MiB in 24 packages"));
    assert!(e.exists("/usr/bin/curl"));
    assert!(e.read("/etc/apk/world").lines().any(|l| l == "curl"));
    assert!(e
        .read("/lib/apk/db/installed")
        .contains("P:curl\nV:8.12.1-r0\n"));
    assert_eq!(e.du("/var/cache/apk"), 0);
}

#[test]
fn apk_without_no_cache_keeps_the_index() {
    let mut e = Env::new("alpine:3.22");
    let o = e.run("apk add bash");
    assert!(o.stdout.starts_with("fetch "));
    let cached = e.du("/var/cache/apk");
    assert!(cached > 1_500_000, "{cached}");
    let again = e.run("apk add jq");
    assert!(!again.stdout.contains("fetch "), "{}", again.stdout);
    let u = e.run("apk update");
    assert!(u.stdout.contains("distinct packages available"));
}

#[test]
fn apk_unknown_package_fails() {
    let mut e = Env::new("alpine:3.20");
    let o = e.run("apk add --no-cache nosuchpkg");
    assert_eq!(o.status, 1);
    assert_eq!(o.stderr, "ERROR: unable to select packages:\n  nosuchpkg (no such package):\n    required by: world[nosuchpkg]\n");
    assert!(!e.read("/etc/apk/world").contains("nosuchpkg"));
}

#[test]
fn apk_virtual_then_del_restores_the_world() {
    let mut e = Env::new("alpine:3.20");
    let world = e.read("/etc/apk/world");
    let o = e.run("apk add --no-cache --virtual .build-deps gcc make");
    assert!(
        o.stdout.contains(") Installing .build-deps (2026"),
        "{}",
        o.stdout
    );
    assert!(e.exists("/usr/bin/gcc"));
    assert!(e.read("/etc/apk/world").contains(".build-deps"));
    let d = e.run("apk del .build-deps");
    assert_eq!(d.status, 0);
    assert!(d.stdout.starts_with("(1/"));
    assert!(d.stdout.contains("Purging gcc ("));
    assert!(!e.exists("/usr/bin/gcc"));
    assert_eq!(e.read("/etc/apk/world"), world);
    assert_eq!(e.run("apk --print-arch").stdout, "x86_64\n");
}

#[test]
fn apk_keeps_what_the_world_still_needs() {
    let mut e = Env::new("alpine:3.20");
    e.run("apk add --no-cache curl");
    e.run("apk add --no-cache --virtual .deps git");
    e.run("apk del .deps");
    assert!(e.exists("/usr/bin/curl"));
    assert!(e.exists("/usr/lib/libcurl.so.4.8.0"));
    assert!(!e.exists("/usr/bin/git"));
}

// ---------- npm, yarn, node ----------

const EXPRESS_APP: &str = r#"{
  "name": "app",
  "version": "1.0.0",
  "scripts": {
    "build": "echo built",
    "start": "node server.js"
  },
  "dependencies": {
    "express": "^4.18.2"
  }
}
"#;

#[test]
fn npm_install_lays_out_express() {
    let mut e = Env::new("node:20-alpine");
    e.cwd = "/app".into();
    e.write("/app/package.json", EXPRESS_APP);
    let o = e.run("npm install");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .starts_with("\nadded 69 packages, and audited 70 packages in 2s\n"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.ends_with("\nfound 0 vulnerabilities\n"));
    assert!(e
        .read("/app/node_modules/express/package.json")
        .contains("\"version\": \"4.21.2\""));
    // send needs an older encodeurl than express: nested.
    assert!(e
        .read("/app/node_modules/send/node_modules/encodeurl/package.json")
        .contains("\"version\": \"1.0.2\""));
    assert!(e
        .read("/app/node_modules/encodeurl/package.json")
        .contains("\"version\": \"2.0.0\""));
    let lock = e.read("/app/package-lock.json");
    assert!(lock.contains("\"lockfileVersion\": 3"));
    assert!(lock.contains("\"node_modules/send/node_modules/ms\": {"));
    let modules = e.du("/app/node_modules");
    assert!((1_800_000..5_000_000).contains(&modules), "{modules}");
    let cache = e.du("/root/.npm/_cacache");
    assert!((3_500_000..7_500_000).contains(&cache), "{cache}");
    let again = e.run("npm install");
    assert!(
        again
            .stdout
            .starts_with("\nup to date, audited 70 packages in 2s\n"),
        "{}",
        again.stdout
    );
}

#[test]
fn npm_ci_needs_a_lock_and_starts_clean() {
    let mut e = Env::new("node:22-alpine");
    e.cwd = "/app".into();
    e.write("/app/package.json", EXPRESS_APP);
    let o = e.run("npm ci");
    assert_eq!(o.status, 1);
    assert!(o.stderr.starts_with("npm error code EUSAGE\nnpm error\nnpm error The `npm ci` command can only install with an existing package-lock.json or\n"));
    assert!(o
        .stderr
        .contains("npm error A complete log of this run can be found in: /root/.npm/_logs/"));
    e.run("npm install");
    e.write("/app/node_modules/stale.txt", "x");
    let c = e.run("npm ci");
    assert_eq!(c.status, 0, "{}", c.stderr);
    assert!(c.stdout.contains("added 69 packages"));
    assert!(!e.exists("/app/node_modules/stale.txt"));
}

#[test]
fn npm_install_pkg_updates_package_json_in_order() {
    let mut e = Env::new("node:20-alpine");
    e.cwd = "/app".into();
    e.write("/app/package.json", EXPRESS_APP);
    let o = e.run("npm install cors --save");
    assert_eq!(o.status, 0, "{}", o.stderr);
    let pj = e.read("/app/package.json");
    let name = pj.find("\"name\"").unwrap();
    let scripts = pj.find("\"scripts\"").unwrap();
    assert!(name < scripts);
    assert!(
        pj.contains("\"cors\": \"^2.8.5\",\n    \"express\": \"^4.18.2\""),
        "{pj}"
    );
    let d = e.run("npm install -D nodemon");
    assert_eq!(d.status, 0);
    assert!(e
        .read("/app/package.json")
        .contains("\"devDependencies\": {\n    \"nodemon\": \"^3.1.10\"\n  }"));
    assert!(e
        .fs
        .lstat(&FsPath::new("/app/node_modules/.bin/nodemon"))
        .is_ok());
}

#[test]
fn npm_unknown_package_is_a_404() {
    let mut e = Env::new("node:20-alpine");
    e.cwd = "/app".into();
    let o = e.run("npm install left-padz");
    assert_eq!(o.status, 1);
    assert!(o.stderr.starts_with("npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/left-padz - Not found\n"));
    assert!(!e.exists("/app/package.json"));
}

#[test]
fn npm_run_runs_scripts_and_node_fails_honestly() {
    let mut e = Env::new("node:20-alpine").with_env("NODE_VERSION=20.11.0");
    e.cwd = "/app".into();
    e.write("/app/package.json", EXPRESS_APP);
    let o = e.run("npm run build");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "\n> app@1.0.0 build\n> echo built\n\nbuilt\n");
    let m = e.run("npm run lint");
    assert_eq!(m.status, 1);
    assert!(m.stderr.starts_with("npm error Missing script: \"lint\"\n"));
    assert_eq!(e.run("node --version").stdout, "v20.11.0\n");
    let n = e.run("node -e 1");
    assert_eq!(n.status, 1);
    assert!(n.stderr.contains("cannot execute JavaScript"));
    let c = e.run("npm cache clean --force");
    assert_eq!(c.status, 0);
    assert!(!e.exists("/root/.npm/_cacache"));
}

#[test]
fn npm_production_skips_dev_dependencies() {
    let mut e = Env::new("node:20-alpine").with_env("NODE_ENV=production");
    e.cwd = "/app".into();
    e.write("/app/package.json", r#"{"name":"w","version":"1.0.0","dependencies":{"react":"^18.2.0","react-dom":"^18.2.0"},"devDependencies":{"typescript":"^5.0.0"}}"#);
    let o = e.run("npm install");
    assert!(
        o.stdout
            .contains("added 5 packages, and audited 6 packages"),
        "{}",
        o.stdout
    );
    assert!(!e.exists("/app/node_modules/typescript"));
}

#[test]
fn yarn_install_writes_a_v1_lockfile() {
    let mut e = Env::new("node:22-alpine");
    e.cwd = "/app".into();
    e.write("/app/package.json", EXPRESS_APP);
    let o = e.run("yarn install");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o.stdout.starts_with(
        "yarn install v1.22.22\ninfo No lockfile found.\n[1/4] Resolving packages...\n"
    ));
    assert!(o.stdout.contains("success Saved lockfile.\n"));
    let lock = e.read("/app/yarn.lock");
    assert!(lock.starts_with(
        "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n"
    ));
    assert!(lock.contains("\nexpress@^4.18.2:\n  version \"4.21.2\"\n"));
    assert_eq!(e.run("yarn --version").stdout, "1.22.22\n");
}

// ---------- pip, python ----------

#[test]
fn pip_install_flask_on_python_slim() {
    let mut e = Env::new("python:3.12-slim");
    let o = e.run("pip install flask");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o
        .stdout
        .starts_with("Collecting flask\n  Downloading flask-3.1.1-py3-none-any.whl.metadata ("));
    assert!(o.stdout.contains("\nSuccessfully installed blinker-1.9.0 click-8.2.1 flask-3.1.1 itsdangerous-2.2.0 jinja2-3.1.6 markupsafe-3.0.2 werkzeug-3.1.3\n"));
    assert!(o
        .stderr
        .starts_with("WARNING: Running pip as the 'root' user"));
    let site = "/usr/local/lib/python3.12/site-packages";
    assert!(e.exists(&format!("{site}/flask-3.1.1.dist-info/METADATA")));
    assert!(e
        .read("/usr/local/bin/flask")
        .starts_with("#!/usr/local/bin/python3.12\n"));
    let size = e.du(&format!("{site}/flask"))
        + e.du(&format!("{site}/werkzeug"))
        + e.du(&format!("{site}/jinja2"));
    assert!(size > 1_500_000, "{size}");
    assert!(e.du("/root/.cache/pip") > 500_000);
    let again = e.run("pip install flask");
    assert!(again.stdout.starts_with(
        "Requirement already satisfied: flask in /usr/local/lib/python3.12/site-packages (3.1.1)\n"
    ));
}

#[test]
fn pip_no_cache_dir_and_requirements() {
    let mut e = Env::new("python:3.12-slim");
    e.cwd = "/app".into();
    e.write(
        "/app/requirements.txt",
        "# web\nrequests==2.32.4\ngunicorn>=20  # server\n\n",
    );
    let o = e.run("pip install --no-cache-dir -r requirements.txt");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o
        .stdout
        .starts_with("Collecting requests==2.32.4 (from -r requirements.txt (line 2))\n"));
    assert!(o.stdout.contains("Successfully installed certifi-2025.6.15 charset_normalizer-3.4.2 gunicorn-23.0.0 idna-3.10 packaging-25.0 requests-2.32.4 urllib3-2.5.0\n"), "{}", o.stdout);
    assert!(!e.exists("/root/.cache/pip"));
    assert!(e.exists("/usr/local/bin/gunicorn"));
    let bad = e.run("pip install nosuchpkg");
    assert_eq!(bad.status, 1);
    assert!(bad.stderr.starts_with("ERROR: Could not find a version that satisfies the requirement nosuchpkg (from versions: none)\nERROR: No matching distribution found for nosuchpkg\n"));
}

#[test]
fn pip_refuses_externally_managed_debian_python() {
    let mut e = Env::new("debian:bookworm-slim");
    e.run("apt-get update");
    e.run("apt-get install -y --no-install-recommends python3-pip");
    let o = e.run("pip install flask");
    assert_eq!(o.status, 1);
    assert!(o
        .stderr
        .starts_with("error: externally-managed-environment\n"));
    let b = e.run("pip install --break-system-packages flask");
    assert_eq!(b.status, 0, "{}", b.stderr);
    assert!(e.exists("/usr/local/lib/python3.11/dist-packages/flask/__init__.py"));
    assert_eq!(e.run("python3 --version").stdout, "Python 3.11.2\n");
}

#[test]
fn python_versions_and_honest_failures() {
    let mut e = Env::new("python:3.12-slim");
    assert_eq!(e.run("python --version").stdout, "Python 3.12.13\n");
    assert_eq!(
        e.run("pip --version").stdout,
        "pip 25.0.1 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n"
    );
    let c = e.run("python3 -c 1");
    assert_eq!(c.status, 1);
    assert!(c.stderr.contains("cannot execute Python code"));
    let f = e.run("python3 app.py");
    assert_eq!(f.status, 2);
    assert_eq!(
        f.stderr,
        "python3: can't open file '/app.py': [Errno 2] No such file or directory\n"
    );
}

// ---------- network tools and versions ----------

#[test]
fn curl_wget_git_fail_offline() {
    let mut e = Env::new("node:24");
    let c = e.run("curl -fsSL https://deb.nodesource.com/setup_20.x -o setup.sh");
    assert_eq!(c.status, 6);
    assert_eq!(c.stderr, "curl: (6) Could not resolve host: deb.nodesource.com\nlayercake: the playground is offline; put the file in the build context and COPY it\n");
    assert!(!e.exists("/setup.sh"));
    let q = e.run("curl -s https://example.com");
    assert_eq!(
        q.stderr,
        "layercake: the playground is offline; put the file in the build context and COPY it\n"
    );
    let w = e.run("wget https://example.com/a.tgz");
    assert_eq!(w.status, 4);
    assert!(w
        .stderr
        .contains("wget: unable to resolve host address 'example.com'\n"));
    let g = e.run("git clone https://github.com/x/y.git");
    assert_eq!(g.status, 128);
    assert_eq!(lines(&g.stderr)[..2], ["Cloning into 'y'...", "fatal: unable to access 'https://github.com/x/y.git/': Could not resolve host: github.com"]);
    assert!(e.run("git --version").stdout.starts_with("git version 2."));
}

#[test]
fn busybox_wget_wording_on_alpine() {
    let mut e = Env::new("alpine:3.20");
    let w = e.run("wget http://example.com/x");
    assert_eq!(w.status, 1);
    assert!(w.stderr.starts_with("wget: bad address 'example.com'\n"));
}

#[test]
fn server_and_toolchain_versions() {
    let mut e = Env::new("nginx:latest");
    let o = e.run("nginx -v");
    assert_eq!(
        (o.status, o.stdout.as_str(), o.stderr.as_str()),
        (0, "", "nginx version: nginx/1.31.3\n")
    );
    let mut h = Env::new("httpd:2.4");
    assert!(h
        .run("httpd -v")
        .stdout
        .starts_with("Server version: Apache/2.4.68 (Unix)\n"));
    let mut g = Env::new("golang:1.26-alpine");
    assert_eq!(
        g.run("go version").stdout,
        "go version go1.26.8 linux/amd64\n"
    );
}

#[test]
fn no_input_panics() {
    let weird = [
        "",
        "-",
        "--",
        "-o",
        "-t",
        "-r",
        "@",
        "@/",
        "é",
        "=",
        "-qqqqq",
        "--virtual",
        "install",
        "add",
        "del",
        "-y",
        "ci",
        "run",
        "clone",
        "-c",
        "-m",
        "pip",
        "venv",
        "-e",
        "http://",
        "://",
        "[",
        "a@",
        "x==",
        "x[",
        ">=1",
    ];
    let programs = [
        (
            "debian:bookworm-slim",
            &["apt-get", "apt", "dpkg", "dpkg-query", "curl", "wget"][..],
        ),
        ("alpine:3.20", &["apk", "wget"][..]),
        ("node:20-alpine", &["npm", "npx", "yarn", "node"][..]),
        ("python:3.12-slim", &["pip", "python3"][..]),
        ("node:24", &["git", "curl"][..]),
        ("nginx:latest", &["nginx"][..]),
        ("golang:1.26-alpine", &["go"][..]),
    ];
    for (image, progs) in programs {
        let mut e = Env::new(image);
        for p in progs {
            for a in weird {
                for b in ["", "install", "-y", "x"] {
                    let line = format!("{p} {a} {b}");
                    let argv: Vec<String> = std::iter::once(p.to_string())
                        .chain(
                            [a, b]
                                .iter()
                                .filter(|s| !s.is_empty())
                                .map(|s| s.to_string()),
                        )
                        .collect();
                    let _ = line;
                    let mut sh = Shell::new(
                        &mut e.fs,
                        &e.env,
                        FsPath::new("/"),
                        (0, 0),
                        Limits::default(),
                    );
                    let mut io = Io::new(Stdin::default());
                    let f = commands::program(p).unwrap();
                    let _ = f(&mut sh, &argv, &mut io);
                }
            }
        }
    }
}

#[test]
fn every_catalog_package_installs() {
    // apt: every package of every release, one at a time on a fresh image.
    for (image, letter) in [
        ("ubuntu:16.04", 'x'),
        ("ubuntu:22.04", 'j'),
        ("ubuntu:24.04", 'n'),
        ("debian:bookworm-slim", 'b'),
        ("debian:trixie-slim", 't'),
    ] {
        let mut base = Env::new(image);
        base.run("apt-get update");
        let names: Vec<String> = layercake::sh::pkg::catalog::deb_packages()
            .iter()
            .filter(|p| p.version(letter).is_some())
            .map(|p| p.name.clone())
            .collect();
        let line = format!("apt-get install -y {}", names.join(" "));
        let o = base.run(&line);
        assert_eq!(o.status, 0, "{image}: {}", o.stderr);
        assert!(
            o.stdout.contains("newly installed") || o.stdout.contains("\nSummary:\n"),
            "{image}"
        );
        assert!(o.stdout.contains("Setting up "), "{image}");
    }
    // apk on every alpine branch.
    for image in ["alpine:3.9", "alpine:3.20", "alpine:3.22", "alpine:3.24"] {
        let mut e = Env::new(image);
        let names: Vec<String> = layercake::sh::pkg::catalog::apk_packages()
            .iter()
            .map(|p| p.name.clone())
            .collect();
        let o = e.run(&format!("apk add --no-cache {}", names.join(" ")));
        assert_eq!(o.status, 0, "{image}: {}", o.stderr);
    }
    // pip: every distribution.
    let mut p = Env::new("python:3.12-slim");
    let names: Vec<String> = layercake::sh::pkg::pip::catalog()
        .iter()
        .map(|p| p.name.clone())
        .filter(|n| n != "pip")
        .collect();
    let o = p.run(&format!("pip install --no-cache-dir {}", names.join(" ")));
    assert_eq!(o.status, 0, "{}", o.stderr);
    // npm: the newest version of every package.
    let mut n = Env::new("node:22-alpine");
    n.cwd = "/app".into();
    let mut seen = std::collections::BTreeSet::new();
    let names: Vec<String> = layercake::sh::pkg::npm::catalog()
        .iter()
        .filter(|p| seen.insert(p.name.clone()))
        .map(|p| p.name.clone())
        .collect();
    let o = n.run(&format!("npm install {}", names.join(" ")));
    assert_eq!(o.status, 0, "{}", o.stderr);
}

#[test]
fn hostile_package_json_and_recursive_scripts_on_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let base = catalog::resolve("node:20-alpine").unwrap();
            let mut fs = Rootfs::new(base.layers.clone());
            let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
            let p = FsPath::new("/app/package.json");
            fs.mkdir_all(&p.parent(), 0o755).unwrap();
            fs.write_file(
                &p,
                layercake::fs::Content::Bytes(deep.into_bytes().into()),
                0o644,
            )
            .unwrap();
            let out = layercake::sh::run_script(
                &mut fs,
                "npm install",
                &base.config.env,
                FsPath::new("/app"),
            );
            assert_eq!(out.status, 1);
            assert!(out.stream(2).contains("EJSONPARSE"), "{}", out.stream(2));
            let rec = r#"{"name":"r","version":"1.0.0","scripts":{"a":"npm run a"}}"#;
            fs.write_file(
                &p,
                layercake::fs::Content::Bytes(rec.as_bytes().to_vec().into()),
                0o644,
            )
            .unwrap();
            let out = layercake::sh::run_script(
                &mut fs,
                "npm run a",
                &base.config.env,
                FsPath::new("/app"),
            );
            assert_ne!(out.status, 0);
        })
        .unwrap();
    handle.join().expect("no panic, no stack overflow");
}

#[test]
fn apt3_columns_like_ls() {
    let mut e = Env::new("debian:trixie-slim");
    e.run("apt-get update");
    let o = e.run("apt-get install -y curl");
    let deps = o
        .stdout
        .split("Installing dependencies:\n")
        .nth(1)
        .and_then(|r| r.split("\n\n").next())
        .unwrap();
    assert!(
        deps.lines().all(|l| l.starts_with("  ") && l.len() <= 80),
        "{deps}"
    );
    assert!(deps.lines().count() < 10, "{deps}");
}

#[test]
fn apt_mark_and_gpg() {
    let mut e = Env::new("debian:bookworm-slim");
    e.run("apt-get update");
    e.run("apt-get install -y --no-install-recommends wget");
    let manual = e.run("apt-mark showmanual");
    assert!(manual.stdout.lines().any(|l| l == "wget"));
    assert!(!manual.stdout.lines().any(|l| l == "libpsl5"));
    let a = e.run("apt-mark auto .*");
    assert!(a.stdout.contains("wget set to automatically installed.\n"));
    assert!(e.run("apt-mark showmanual").stdout.is_empty());
    let m = e.run("apt-mark manual wget");
    assert_eq!(m.stdout, "wget set to manually installed.\n");
    let p = e.run("apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false");
    assert_eq!(p.status, 0);
    assert!(e.exists("/usr/bin/wget"));
    let mut n = Env::new("node:24");
    let g = n.run("gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys 6A010C5166006599AA17F08146C2130DFD2497F5");
    assert_eq!(g.status, 2);
    assert!(
        g.stderr
            .contains("gpg: keyserver receive failed: No name\n"),
        "{}",
        g.stderr
    );
    assert!(g
        .stderr
        .starts_with("gpg: directory '/root/.gnupg' created\n"));
}

#[test]
fn apk_so_dependencies_are_provided() {
    let mut e = Env::new("alpine:3.20");
    let o = e.run("apk add --no-cache --virtual .rundeps so:libc.musl-x86_64.so.1 so:libz.so.1");
    assert_eq!(o.status, 0, "{}", o.stderr);
    assert!(o.stdout.contains("Installing .rundeps ("));
}

#[test]
fn pip_local_projects_fail_honestly() {
    let mut e = Env::new("python:3.12-slim");
    for line in [
        "pip install .",
        "pip install -e .",
        "pip install git+https://github.com/x/y.git",
    ] {
        let o = e.run(line);
        assert_eq!(o.status, 1, "{line}");
        assert!(o.stderr.contains("not simulated"), "{line}: {}", o.stderr);
    }
}
