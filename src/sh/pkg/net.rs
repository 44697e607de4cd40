//! Network tools, which fail honestly offline — `curl` (`Could not resolve host`, exit 6),
//! `wget` (GNU or busybox wording), `git clone` (exit 128), `gpg --recv-keys` — each
//! followed by the playground's hint, and the version answers of the images' servers and toolchains:
//! `nginx -v`, `httpd -v`, `go version`, `git --version`, `curl --version`.

use super::{civil, read_text, OFFLINE_HINT};
use crate::sh::io::Io;
use crate::sh::os::Family;
use crate::sh::shell::Shell;

/// The host of a URL (`https://user@example.com:8080/x` → `example.com`).
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    if let Some(v6) = rest.strip_prefix('[') {
        return v6.split(']').next().unwrap_or(v6).to_string();
    }
    rest.split(':').next().unwrap_or(rest).to_string()
}

fn is_local(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "0.0.0.0")
}

fn port_of(url: &str) -> u16 {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let hostport = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    hostport
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(if url.starts_with("https") { 443 } else { 80 })
}

/// A package's version in the installed databases (dpkg or apk), if any.
pub fn installed_version(sh: &Shell<'_>, name: &str) -> Option<String> {
    let dpkg = read_text(sh, "/var/lib/dpkg/status").unwrap_or_default();
    for stanza in dpkg.split("\n\n") {
        if stanza.lines().any(|l| l == format!("Package: {name}")) {
            if let Some(v) = stanza.lines().find_map(|l| l.strip_prefix("Version: ")) {
                return Some(v.to_string());
            }
        }
    }
    let apk = read_text(sh, "/lib/apk/db/installed").unwrap_or_default();
    for stanza in apk.split("\n\n") {
        if stanza.lines().any(|l| l == format!("P:{name}")) {
            if let Some(v) = stanza.lines().find_map(|l| l.strip_prefix("V:")) {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// The upstream part of a package version (`1:2.39.5-0+deb12u3` → `2.39.5`).
pub fn upstream(v: &str) -> String {
    let v = v.split_once(':').map_or(v, |(_, r)| r);
    let v = v.rsplit_once('-').map_or(v, |(u, _)| u);
    v.split(['+', '~']).next().unwrap_or(v).to_string()
}

/// The catalog version of a tool for this image (installed, else the release's).
fn tool_version(sh: &Shell<'_>, name: &str, fallback: &str) -> String {
    if let Some(v) = installed_version(sh, name) {
        return upstream(&v);
    }
    if sh.os.family == Family::Alpine {
        let m: u32 = sh
            .os
            .version_id
            .split('.')
            .nth(1)
            .and_then(|m| m.parse().ok())
            .unwrap_or(20);
        if let Some(p) = super::catalog::apk_packages()
            .iter()
            .find(|p| p.name == name)
        {
            return upstream(p.version(m));
        }
    } else if sh.os.is_debian_like() {
        let r = super::apt::release(sh);
        if let Some(v) = super::catalog::deb_packages()
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.version(r))
        {
            return upstream(v);
        }
    }
    fallback.to_string()
}

/// `curl`.
pub fn curl(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args = argv.get(1..).unwrap_or(&[]);
    let with_value = [
        "-o",
        "--output",
        "-H",
        "--header",
        "-X",
        "--request",
        "-d",
        "--data",
        "--data-raw",
        "--data-binary",
        "-u",
        "--user",
        "-A",
        "--user-agent",
        "-e",
        "--referer",
        "-m",
        "--max-time",
        "--connect-timeout",
        "--retry",
        "--retry-delay",
        "-w",
        "--write-out",
        "-T",
        "--upload-file",
        "-F",
        "--form",
        "--cacert",
        "-x",
        "--proxy",
        "-b",
        "--cookie",
        "-c",
        "--cookie-jar",
        "-r",
        "--range",
        "-K",
        "--config",
        "--resolve",
        "-E",
        "--cert",
        "--url",
        "-Y",
        "-y",
        "-z",
        "--output-dir",
        "--create-dirs-mode",
    ];
    let mut silent = false;
    let mut show_error = false;
    let mut urls = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if a == "-V" || a == "--version" {
            let v = tool_version(sh, "curl", "8.14.1");
            io.print(format!("curl {v} (x86_64-pc-linux-gnu) libcurl/{v} OpenSSL/3.0.17 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 nghttp2/1.52.0\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp\nFeatures: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n"));
            return 0;
        }
        if a == "--url" {
            if let Some(u) = args.get(i) {
                urls.push(u.clone());
            }
            i += 1;
            continue;
        }
        if with_value.contains(&a) {
            i += 1;
            continue;
        }
        if a.starts_with("--") {
            match a {
                "--silent" => silent = true,
                "--show-error" => show_error = true,
                _ => {}
            }
            continue;
        }
        if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            for (k, c) in flags.chars().enumerate() {
                match c {
                    's' => silent = true,
                    'S' => show_error = true,
                    'o' | 'H' | 'X' | 'd' | 'u' | 'A' | 'e' | 'm' | 'w' | 'T' | 'F' | 'x' | 'b'
                    | 'c' | 'r' | 'K' | 'E' => {
                        // The value is the rest of the cluster or the next argument.
                        if k + 1 == flags.len() {
                            i += 1;
                        }
                        break;
                    }
                    _ => {}
                }
            }
            continue;
        }
        urls.push(a.to_string());
    }
    let Some(url) = urls.first() else {
        io.eprint("curl: try 'curl --help' or 'curl --manual' for more information\n");
        return 2;
    };
    let quiet = silent && !show_error;
    if url.starts_with("file://") {
        return 0;
    }
    let host = host_of(url);
    let (code, msg) = if is_local(&host) {
        (7, format!("curl: (7) Failed to connect to {host} port {} after 0 ms: Couldn't connect to server\n", port_of(url)))
    } else {
        (6, format!("curl: (6) Could not resolve host: {host}\n"))
    };
    if !quiet {
        io.eprint(msg);
    }
    io.eprint(OFFLINE_HINT);
    code
}

fn busybox_wget(sh: &Shell<'_>) -> bool {
    if !matches!(sh.os.family, Family::Alpine | Family::Busybox) {
        return false;
    }
    !sh.fs
        .lstat(&crate::fs::FsPath::new("/usr/bin/wget"))
        .is_ok_and(|n| !matches!(n.kind, crate::fs::NodeKind::Symlink(_)))
}

/// `wget` (GNU wget, or busybox's applet on Alpine and busybox).
pub fn wget(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args = argv.get(1..).unwrap_or(&[]);
    let busybox = busybox_wget(sh);
    if args.iter().any(|a| a == "--version" || a == "-V") && !busybox {
        let v = tool_version(sh, "wget", "1.21.3");
        io.print(format!("GNU Wget {v} built on linux-gnu.\n\n-cares +digest -gpgme +https +ipv6 +iri +large-file -metalink +nls +ntlm +opie +psl +ssl/gnutls\n"));
        return 0;
    }
    let with_value = [
        "-O",
        "-o",
        "-P",
        "--header",
        "-U",
        "--user-agent",
        "-T",
        "--timeout",
        "-t",
        "--tries",
        "--output-document",
        "--directory-prefix",
        "-a",
        "-e",
        "--user",
        "--password",
        "-Y",
    ];
    let mut quiet = false;
    let mut urls = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if with_value.contains(&a) {
            i += 1;
        } else if a == "-q" || a == "--quiet" {
            quiet = true;
        } else if a.starts_with('-') && a.len() > 1 {
            if !a.starts_with("--") && a.contains('q') {
                quiet = true;
            }
            if !a.starts_with("--") && (a.ends_with('O') || a.ends_with('P')) {
                i += 1;
            }
        } else {
            urls.push(a.to_string());
        }
    }
    let Some(url) = urls.first() else {
        if busybox {
            io.eprint("BusyBox v1.36.1 (2024-06-12 11:52:11 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n");
            return 1;
        }
        io.eprint("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
        return 1;
    };
    let host = host_of(url);
    if busybox {
        if is_local(&host) {
            io.eprint(format!("Connecting to {host} (127.0.0.1:{})\nwget: can't connect to remote host (127.0.0.1): Connection refused\n", port_of(url)));
        } else {
            io.eprint(format!("wget: bad address '{host}'\n"));
        }
        io.eprint(OFFLINE_HINT);
        return 1;
    }
    let ((y, mo, d), (h, mi, s)) = civil(sh.now);
    let url_shown = if url.contains("://") {
        url.clone()
    } else {
        format!("http://{url}/")
    };
    if is_local(&host) {
        if !quiet {
            io.eprint(format!("--{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}--  {url_shown}\nResolving {host} ({host})... 127.0.0.1\nConnecting to {host} ({host})|127.0.0.1|:{}... failed: Connection refused.\n", port_of(url)));
        }
        io.eprint(OFFLINE_HINT);
        return 4;
    }
    if !quiet {
        io.eprint(format!("--{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}--  {url_shown}\nResolving {host} ({host})... failed: Name or service not known.\nwget: unable to resolve host address '{host}'\n"));
    }
    io.eprint(OFFLINE_HINT);
    4
}

/// `git`: `--version`, `init`, `config`; `clone`/`fetch`/`pull`/`push`/`ls-remote` fail
/// offline.
pub fn git(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') && args[i] != "--version" {
        if args[i] == "-c" || args[i] == "-C" {
            i += 1;
        }
        i += 1;
    }
    let sub = args.get(i).copied().unwrap_or("");
    let rest: Vec<&str> = args.iter().skip(i + 1).copied().collect();
    match sub {
        "--version" | "version" => {
            io.print(format!(
                "git version {}\n",
                tool_version(sh, "git", "2.47.3")
            ));
            0
        }
        "" => {
            io.print("usage: git [-v | --version] [-h | --help] [-C <path>] [-c <name>=<value>]\n           <command> [<args>]\n");
            1
        }
        "config" => 0,
        "init" => {
            let dir = rest
                .iter()
                .find(|a| !a.starts_with('-'))
                .copied()
                .unwrap_or(".");
            let git_dir = format!("{}/.git", dir.trim_end_matches('/'));
            for d in [
                "objects/info",
                "objects/pack",
                "refs/heads",
                "refs/tags",
                "hooks",
                "info",
            ] {
                if let Err(e) = super::mkdir_p(sh, &format!("{git_dir}/{d}")) {
                    return io.fail("fatal", e, 128);
                }
            }
            let _ = super::write_text(sh, &format!("{git_dir}/HEAD"), "ref: refs/heads/master\n");
            let _ = super::write_text(sh, &format!("{git_dir}/config"), "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n");
            let _ = super::write_text(
                sh,
                &format!("{git_dir}/description"),
                "Unnamed repository; edit this file 'description' to name the repository.\n",
            );
            let abs = sh.path(&git_dir);
            io.print(format!(
                "Initialized empty Git repository in {}/\n",
                abs.as_str()
            ));
            0
        }
        "clone" | "fetch" | "pull" | "push" | "ls-remote" | "submodule" => {
            let with_value = [
                "-b",
                "--branch",
                "--depth",
                "-o",
                "--origin",
                "--reference",
                "-c",
                "--config",
                "-j",
                "--jobs",
                "--filter",
            ];
            let mut ops = Vec::new();
            let mut k = 0;
            while k < rest.len() {
                if with_value.contains(&rest[k]) {
                    k += 1;
                } else if !rest[k].starts_with('-') {
                    ops.push(rest[k]);
                }
                k += 1;
            }
            let url = if sub == "clone" {
                match ops.first() {
                    Some(u) => u.to_string(),
                    None => {
                        io.eprint("fatal: You must specify a repository to clone.\n\nusage: git clone [<options>] [--] <repo> [<dir>]\n");
                        return 129;
                    }
                }
            } else {
                if !sh.exists(".git") {
                    io.eprint(
                        "fatal: not a git repository (or any of the parent directories): .git\n",
                    );
                    return 128;
                }
                "https://github.com/origin.git".to_string()
            };
            if sub == "clone" {
                let name = ops.get(1).map(|s| s.to_string()).unwrap_or_else(|| {
                    let last = url
                        .trim_end_matches('/')
                        .rsplit(['/', ':'])
                        .next()
                        .unwrap_or("repo");
                    last.trim_end_matches(".git").to_string()
                });
                io.eprint(format!("Cloning into '{name}'...\n"));
            }
            let scp = !url.contains("://") && url.contains(':');
            if scp || url.starts_with("ssh://") {
                let host = if scp {
                    url.split(':')
                        .next()
                        .unwrap_or("")
                        .rsplit('@')
                        .next()
                        .unwrap_or("")
                        .to_string()
                } else {
                    host_of(&url)
                };
                io.eprint(format!("ssh: Could not resolve hostname {host}: Name or service not known\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n"));
            } else {
                let shown = if url.ends_with('/') {
                    url.clone()
                } else {
                    format!("{url}/")
                };
                io.eprint(format!(
                    "fatal: unable to access '{shown}': Could not resolve host: {}\n",
                    host_of(&url)
                ));
            }
            io.eprint(OFFLINE_HINT);
            128
        }
        other => {
            io.eprint(format!("layercake: `git {other}` is not simulated in the playground (git init, config, clone and --version are)\n"));
            1
        }
    }
}

/// `nginx -v`/`-V`/`-t`; starting the server is left to `CMD`.
pub fn nginx(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let v = sh
        .var("NGINX_VERSION")
        .map(str::to_string)
        .or_else(|| installed_version(sh, "nginx").map(|v| upstream(&v)))
        .unwrap_or_else(|| "1.26.3".to_string());
    let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    if args.contains(&"-v") {
        io.eprint(format!("nginx version: nginx/{v}\n"));
        return 0;
    }
    if args.contains(&"-V") {
        io.eprint(format!("nginx version: nginx/{v}\nbuilt by gcc 14.2.0 (Debian 14.2.0-19)\nbuilt with OpenSSL 3.5.1 1 Jul 2025\nTLS SNI support enabled\nconfigure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx --modules-path=/usr/lib/nginx/modules --conf-path=/etc/nginx/nginx.conf --error-log-path=/var/log/nginx/error.log --http-log-path=/var/log/nginx/access.log --pid-path=/run/nginx.pid --with-http_ssl_module --with-http_v2_module --with-stream\n"));
        return 0;
    }
    if args.contains(&"-t") || args.contains(&"-T") {
        let conf = "/etc/nginx/nginx.conf";
        if sh.exists(conf) {
            io.eprint(format!("nginx: the configuration file {conf} syntax is ok\nnginx: configuration file {conf} test is successful\n"));
            return 0;
        }
        io.eprint(format!("nginx: [emerg] open() \"{conf}\" failed (2: No such file or directory)\nnginx: configuration file {conf} test failed\n"));
        return 1;
    }
    io.eprint("layercake: a server started in RUN stops when the step ends; start nginx from CMD (the playground does not run servers)\n");
    0
}

/// `httpd -v` (Apache).
pub fn httpd(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let v = sh.var("HTTPD_VERSION").unwrap_or("2.4.68").to_string();
    let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    if args.contains(&"-v") || args.contains(&"-V") || args.contains(&"-version") {
        io.print(format!(
            "Server version: Apache/{v} (Unix)\nServer built:   Sep 19 2026 00:00:00\n"
        ));
        return 0;
    }
    if args.contains(&"-t") || args.contains(&"configtest") {
        io.eprint("Syntax OK\n");
        return 0;
    }
    io.eprint("layercake: a server started in RUN stops when the step ends; start httpd from CMD (the playground does not run servers)\n");
    0
}

/// `go version` / `go env GOPATH`; building needs a compiler the playground does not have.
pub fn go(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let v = sh.var("GOLANG_VERSION").unwrap_or("1.26.8").to_string();
    match argv.get(1).map(String::as_str) {
        Some("version") => {
            io.print(format!("go version go{v} linux/amd64\n"));
            0
        }
        Some("env") => {
            let gopath = sh.var("GOPATH").unwrap_or("/root/go").to_string();
            for k in argv.iter().skip(2) {
                let val = match k.as_str() {
                    "GOPATH" => gopath.clone(),
                    "GOROOT" => "/usr/local/go".into(),
                    "GOOS" => "linux".into(),
                    "GOARCH" => "amd64".into(),
                    "GOVERSION" => format!("go{v}"),
                    "CGO_ENABLED" => sh.var("CGO_ENABLED").unwrap_or("1").to_string(),
                    _ => String::new(),
                };
                io.print(format!("{val}\n"));
            }
            0
        }
        Some("mod") if argv.get(2).map(String::as_str) == Some("download") => {
            io.eprint("go: github.com/…: Get \"https://proxy.golang.org/\": dial tcp: lookup proxy.golang.org on 127.0.0.11:53: no such host\n");
            io.eprint(OFFLINE_HINT);
            1
        }
        Some(cmd) => {
            io.eprint(format!("layercake: `go {cmd}` needs the Go toolchain, which the playground cannot run (it simulates the filesystem, not compilers)\n"));
            1
        }
        None => {
            io.eprint("Go is a tool for managing Go source code.\n\nUsage:\n\n\tgo <command> [arguments]\n");
            2
        }
    }
}

/// `gpg`/`gpg1`: `--version`; fetching keys fails offline; `--import` of a file from the
/// build context works; `--verify` without the key fails as gpg does.
pub fn gpg(sh: &mut Shell<'_>, argv: &[String], io: &mut Io) -> i32 {
    let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
    let name = argv.first().map(String::as_str).unwrap_or("gpg");
    if args.contains(&"--version") {
        let v = if name.ends_with('1') {
            "1.4.23"
        } else {
            "2.2.40"
        };
        io.print(format!("gpg (GnuPG) {v}\nlibgcrypt 1.10.1\nCopyright (C) 2022 g10 Code GmbH\nLicense GNU GPL-3.0-or-later <https://gnu.org/licenses/gpl.html>\n"));
        return 0;
    }
    // The keyring directory, created on first use as gpg announces it.
    let home = sh
        .var("GNUPGHOME")
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "{}/.gnupg",
                sh.var("HOME").unwrap_or("/root").trim_end_matches('/')
            )
        });
    if !sh.exists(&home) && super::mkdir_p(sh, &home).is_ok() {
        let p = sh.path(&home);
        let _ = sh.fs.chmod(&p, 0o700);
        io.eprint(format!("gpg: directory '{home}' created\n"));
    }
    let kbx = format!("{home}/pubring.kbx");
    if !sh.exists(&kbx) && !name.ends_with('1') {
        let p = sh.path(&kbx);
        let _ = sh.write_synthetic(&p, 32, super::seed("gpg", &home), 0o644);
        io.eprint(format!("gpg: keybox '{kbx}' created\n"));
    }
    let has = |f: &str| args.contains(&f);
    if has("--recv-keys") || has("--receive-keys") || has("--recv-key") || has("--fetch-keys") {
        io.eprint("gpg: keyserver receive failed: No name\n");
        io.eprint(OFFLINE_HINT);
        return 2;
    }
    if has("--import") {
        let files: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with('-'))
            .collect();
        for f in &files {
            if !sh.exists(f) {
                io.eprint(format!("gpg: can't open '{f}': No such file or directory\ngpg: Total number processed: 0\n"));
                return 2;
            }
        }
        let id = super::seed("gpg-key", files.first().copied().unwrap_or("-"));
        io.eprint(format!("gpg: key {:016X}: public key imported\ngpg: Total number processed: 1\ngpg:               imported: 1\n", id));
        return 0;
    }
    if has("--verify") {
        let files: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with('-'))
            .collect();
        if let Some(f) = files.iter().find(|f| !sh.exists(f)) {
            io.eprint(format!("gpg: can't open '{f}': No such file or directory\ngpg: verify signatures failed: No such file or directory\n"));
            return 2;
        }
        io.eprint("gpg: Signature made Mon Jan  1 00:00:00 2024 UTC\ngpg:                using RSA key 0000000000000000\ngpg: Can't check signature: No public key\n");
        return 2;
    }
    io.eprint(format!(
        "layercake: `{name} {}` is not simulated in the playground\n",
        args.join(" ")
    ));
    2
}
