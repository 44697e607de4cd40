//! Text, user, archive and system commands of the RUN sandbox, called directly (without the
//! interpreter): exact stdout, stderr, status and resulting files.

use layercake::fs::{FsPath, Rootfs};
use layercake::sh::budget::Limits;
use layercake::sh::commands;
use layercake::sh::io::{Io, Stdin};
use layercake::sh::shell::Shell;

fn image(name: &str) -> Rootfs {
    let base = layercake::catalog::resolve(name).expect("catalog image");
    Rootfs::new(base.layers)
}

struct Out {
    status: i32,
    stdout: String,
    stderr: String,
}

/// Runs one command with `stdin` on `fs`.
fn run_on(fs: &mut Rootfs, argv: &[&str], stdin: &str) -> Out {
    let env = vec![
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
        "HOME=/root".to_string(),
    ];
    let mut sh = Shell::new(fs, &env, FsPath::new("/"), (0, 0), Limits::default());
    sh.now = 1_700_000_000;
    let mut io = Io::new(Stdin::from_bytes(stdin.as_bytes().to_vec()));
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let f = commands::program(&argv[0]).unwrap_or_else(|| panic!("no program {}", argv[0]));
    let status = f(&mut sh, &argv, &mut io);
    Out {
        status,
        stdout: String::from_utf8_lossy(&io.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&io.stderr).into_owned(),
    }
}

fn write(fs: &mut Rootfs, path: &str, text: &str) {
    let p = FsPath::new(path);
    fs.mkdir_all(&p.parent(), 0o755).expect("mkdir");
    fs.write_file(
        &p,
        layercake::fs::Content::Bytes(text.as_bytes().to_vec().into()),
        0o644,
    )
    .expect("write");
}

fn read(fs: &Rootfs, path: &str) -> String {
    String::from_utf8_lossy(&fs.read_file(&FsPath::new(path)).expect("read").to_vec()).into_owned()
}

fn check(o: &Out, status: i32, stdout: &str, stderr: &str) {
    assert_eq!(
        (o.status, o.stdout.as_str(), o.stderr.as_str()),
        (status, stdout, stderr)
    );
}

// ---------------------------------------------------------------- grep

#[test]
fn grep_basics() {
    let mut fs = image("debian:bookworm-slim");
    write(&mut fs, "/a.txt", "alpha\nBeta\ngamma beta\n");
    write(&mut fs, "/b.txt", "beta\n");
    check(
        &run_on(&mut fs, &["grep", "beta", "/a.txt"], ""),
        0,
        "gamma beta\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-i", "-n", "beta", "/a.txt"], ""),
        0,
        "2:Beta\n3:gamma beta\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-c", "beta", "/a.txt", "/b.txt"], ""),
        0,
        "/a.txt:1\n/b.txt:1\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-v", "a", "/b.txt"], ""),
        1,
        "",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-q", "zzz", "/a.txt"], ""),
        1,
        "",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "x", "/nope"], ""),
        2,
        "",
        "grep: /nope: No such file or directory\n",
    );
    check(
        &run_on(&mut fs, &["grep", "-s", "x", "/nope"], ""),
        2,
        "",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-o", "[a-z]*ta", "/a.txt"], ""),
        0,
        "eta\nbeta\n",
        "",
    );
    check(
        &run_on(
            &mut fs,
            &["grep", "-E", "^(alpha|beta)$", "/a.txt", "/b.txt"],
            "",
        ),
        0,
        "/a.txt:alpha\n/b.txt:beta\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-w", "bet", "/a.txt"], ""),
        1,
        "",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-x", "beta", "/a.txt", "/b.txt"], ""),
        0,
        "/b.txt:beta\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-l", "beta", "/a.txt", "/b.txt"], ""),
        0,
        "/a.txt\n/b.txt\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-F", "a.", "-"], "a.b\naxb\n"),
        0,
        "a.b\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-e", "x", "-e", "b$"], "a.b\naxc\n"),
        0,
        "a.b\naxc\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "a\\(b"], ""),
        2,
        "",
        "grep: Unmatched ( or \\(\n",
    );
    check(
        &run_on(&mut fs, &["grep", "[[:digit:]]\\{2\\}"], "a1\nb22\n"),
        0,
        "b22\n",
        "",
    );
}

#[test]
fn grep_recursive() {
    let mut fs = image("alpine:3.20");
    write(&mut fs, "/app/src/a.js", "const PORT = 3000;\n");
    write(&mut fs, "/app/src/lib/b.js", "// no port\nPORT=1\n");
    check(
        &run_on(&mut fs, &["grep", "-rn", "PORT", "/app"], ""),
        0,
        "/app/src/a.js:1:const PORT = 3000;\n/app/src/lib/b.js:2:PORT=1\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-rl", "PORT", "/app/src/"], ""),
        0,
        "/app/src/a.js\n/app/src/lib/b.js\n",
        "",
    );
}

// ---------------------------------------------------------------- sed

#[test]
fn sed_substitute() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["sed", "s/a/b/"], "aaa\n"),
        0,
        "baa\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/a/b/g"], "aaa\n"),
        0,
        "bbb\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/a/b/2"], "aaa\n"),
        0,
        "aba\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-n", "s/a/b/p"], "a\nc\n"),
        0,
        "b\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s|/usr|[&]|"], "/usr/bin\n"),
        0,
        "[/usr]/bin\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/\\(a\\)\\(b\\)/\\2\\1/"], "ab\n"),
        0,
        "ba\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-E", "s/(a+)(b)/<\\2\\1>/"], "aab\n"),
        0,
        "<baa>\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/x/\\n/"], "axb\n"),
        0,
        "a\nb\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/.*/\\U&/"], "abc\n"),
        0,
        "ABC\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/A/x/gI"], "aA\n"),
        0,
        "xx\n",
        "",
    );
    check(&run_on(&mut fs, &["sed", "s/a/b/"], "a"), 0, "b", "");
}

#[test]
fn sed_commands_and_addresses() {
    let mut fs = image("debian:bookworm-slim");
    let five = "1\n2\n3\n4\n5\n";
    check(
        &run_on(&mut fs, &["sed", "2d"], five),
        0,
        "1\n3\n4\n5\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-n", "2,4p"], five),
        0,
        "2\n3\n4\n",
        "",
    );
    check(&run_on(&mut fs, &["sed", "-n", "$p"], five), 0, "5\n", "");
    check(&run_on(&mut fs, &["sed", "/3/,$d"], five), 0, "1\n2\n", "");
    check(
        &run_on(&mut fs, &["sed", "/2/,/4/!d"], five),
        0,
        "2\n3\n4\n",
        "",
    );
    check(&run_on(&mut fs, &["sed", "3q"], five), 0, "1\n2\n3\n", "");
    check(&run_on(&mut fs, &["sed", "-n", "/4/="], five), 0, "4\n", "");
    check(
        &run_on(&mut fs, &["sed", "2i\\hello"], "a\nb\n"),
        0,
        "a\nhello\nb\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "1a hello"], "a\nb\n"),
        0,
        "a\nhello\nb\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "/b/c\\changed"], "a\nb\n"),
        0,
        "a\nchanged\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "y/abc/xyz/"], "aabbcc\n"),
        0,
        "xxyyzz\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-e", "s/a/b/", "-e", "s/b/c/"], "a\n"),
        0,
        "c\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "/x/{s/x/y/;s/a/b/}"], "xa\na\n"),
        0,
        "yb\na\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-n", "1~2p"], five),
        0,
        "1\n3\n5\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "0,/[0-9]/s//X/"], five),
        0,
        "X\n2\n3\n4\n5\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "$!N;s/\\n/-/"], "a\nb\nc\n"),
        0,
        "a-b\nc\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-n", "/2/,+1p"], five),
        0,
        "2\n3\n",
        "",
    );
}

#[test]
fn sed_errors() {
    let mut fs = image("debian:bookworm-slim");
    let e = |s: &str| format!("sed: -e expression #1, {s}\n");
    check(
        &run_on(&mut fs, &["sed", "s/a/b"], ""),
        1,
        "",
        &e("char 5: unterminated `s' command"),
    );
    check(
        &run_on(&mut fs, &["sed", "s/a/b/x"], ""),
        1,
        "",
        &e("char 7: unknown option to `s'"),
    );
    check(
        &run_on(&mut fs, &["sed", "k"], ""),
        1,
        "",
        &e("char 1: unknown command: `k'"),
    );
    check(
        &run_on(&mut fs, &["sed", "/x/"], ""),
        1,
        "",
        &e("char 3: missing command"),
    );
    check(
        &run_on(&mut fs, &["sed", "/x/{p"], ""),
        1,
        "",
        &e("char 0: unmatched `{'"),
    );
    check(
        &run_on(&mut fs, &["sed", "}"], ""),
        1,
        "",
        &e("char 1: unexpected `}'"),
    );
    check(
        &run_on(&mut fs, &["sed", "y/ab/c/"], ""),
        1,
        "",
        &e("char 7: strings for `y' command are different lengths"),
    );
    check(
        &run_on(&mut fs, &["sed", "s/a/\\1/"], ""),
        1,
        "",
        &e("char 8: invalid reference \\1 on `s' command's RHS"),
    );
    check(
        &run_on(&mut fs, &["sed", "p", "/nope"], ""),
        2,
        "",
        "sed: can't read /nope: No such file or directory\n",
    );
}

#[test]
fn sed_in_place() {
    let mut fs = image("alpine:3.20");
    write(
        &mut fs,
        "/etc/nginx/conf.d/default.conf",
        "server {\n    listen 80;\n}\n",
    );
    let o = run_on(
        &mut fs,
        &[
            "sed",
            "-i",
            "s/listen 80/listen 8080/",
            "/etc/nginx/conf.d/default.conf",
        ],
        "",
    );
    check(&o, 0, "", "");
    assert_eq!(
        read(&fs, "/etc/nginx/conf.d/default.conf"),
        "server {\n    listen 8080;\n}\n"
    );
    let o = run_on(
        &mut fs,
        &[
            "sed",
            "-i.bak",
            "-e",
            "1d",
            "/etc/nginx/conf.d/default.conf",
        ],
        "",
    );
    check(&o, 0, "", "");
    assert_eq!(
        read(&fs, "/etc/nginx/conf.d/default.conf"),
        "    listen 8080;\n}\n"
    );
    assert_eq!(
        read(&fs, "/etc/nginx/conf.d/default.conf.bak"),
        "server {\n    listen 8080;\n}\n"
    );
}

// ---------------------------------------------------------------- system

#[test]
fn id_and_whoami() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["id"], ""),
        0,
        "uid=0(root) gid=0(root) groups=0(root)\n",
        "",
    );
    check(&run_on(&mut fs, &["id", "-un"], ""), 0, "root\n", "");
    check(
        &run_on(&mut fs, &["id", "-u", "nobody"], ""),
        0,
        "65534\n",
        "",
    );
    check(
        &run_on(&mut fs, &["id", "x"], ""),
        1,
        "",
        "id: 'x': no such user\n",
    );
    check(&run_on(&mut fs, &["whoami"], ""), 0, "root\n", "");
    let mut fs = image("alpine:3.20");
    check(
        &run_on(&mut fs, &["id"], ""),
        0,
        "uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n",
        "",
    );
    check(
        &run_on(&mut fs, &["id", "x"], ""),
        1,
        "",
        "id: unknown user x\n",
    );
    let mut fs = image("ubuntu:24.04");
    check(
        &run_on(&mut fs, &["id", "ubuntu"], ""),
        0,
        "uid=1000(ubuntu) gid=1000(ubuntu) groups=1000(ubuntu)\n",
        "",
    );
}

#[test]
fn uname_date_and_friends() {
    let mut fs = image("debian:bookworm-slim");
    check(&run_on(&mut fs, &["uname"], ""), 0, "Linux\n", "");
    check(&run_on(&mut fs, &["uname", "-m"], ""), 0, "x86_64\n", "");
    check(
        &run_on(&mut fs, &["uname", "-sr"], ""),
        0,
        "Linux 6.10.14-linuxkit\n",
        "",
    );
    check(
        &run_on(&mut fs, &["uname", "-a"], ""),
        0,
        "Linux buildkitsandbox 6.10.14-linuxkit #1 SMP PREEMPT_DYNAMIC Fri Nov 29 17:24:06 UTC 2024 x86_64 GNU/Linux\n",
        "",
    );
    check(
        &run_on(&mut fs, &["hostname"], ""),
        0,
        "buildkitsandbox\n",
        "",
    );
    check(
        &run_on(&mut fs, &["date"], ""),
        0,
        "Tue Nov 14 22:13:20 UTC 2023\n",
        "",
    );
    check(
        &run_on(&mut fs, &["date", "-u", "+%Y%m%d-%H%M%S"], ""),
        0,
        "20231114-221320\n",
        "",
    );
    check(
        &run_on(&mut fs, &["date", "-d", "@0", "+%F %T %Z"], ""),
        0,
        "1970-01-01 00:00:00 UTC\n",
        "",
    );
    check(
        &run_on(&mut fs, &["date", "-R"], ""),
        0,
        "Tue, 14 Nov 2023 22:13:20 +0000\n",
        "",
    );
    check(
        &run_on(&mut fs, &["date", "-Iseconds"], ""),
        0,
        "2023-11-14T22:13:20+00:00\n",
        "",
    );
    check(
        &run_on(&mut fs, &["date", "-d", "bogus"], ""),
        1,
        "",
        "date: invalid date 'bogus'\n",
    );
    check(&run_on(&mut fs, &["nproc"], ""), 0, "2\n", "");
    check(
        &run_on(&mut fs, &["getconf", "_NPROCESSORS_ONLN"], ""),
        0,
        "2\n",
        "",
    );
    check(
        &run_on(&mut fs, &["getconf", "LONG_BIT"], ""),
        0,
        "64\n",
        "",
    );
    check(&run_on(&mut fs, &["sleep", "0.5"], ""), 0, "", "");
    check(
        &run_on(&mut fs, &["sleep", "x"], ""),
        1,
        "",
        "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n",
    );
    check(
        &run_on(&mut fs, &["which", "sh", "nope"], ""),
        1,
        "/usr/bin/sh\n",
        "",
    );
    check(
        &run_on(&mut fs, &["printenv", "HOME"], ""),
        0,
        "/root\n",
        "",
    );
    let o = run_on(&mut fs, &["env"], "");
    assert!(o.stdout.contains("HOME=/root\n") && o.stdout.contains("PATH=/usr/local/sbin"));
    check(&run_on(&mut fs, &["false"], ""), 1, "", "");
}

#[test]
fn mktemp_is_deterministic() {
    let mut fs = image("debian:bookworm-slim");
    let a = run_on(&mut fs, &["mktemp"], "");
    assert_eq!(a.status, 0);
    assert!(
        a.stdout.starts_with("/tmp/tmp.") && a.stdout.len() == "/tmp/tmp.".len() + 11,
        "{}",
        a.stdout
    );
    assert!(fs.exists(&FsPath::new(a.stdout.trim())));
    let mut fs2 = image("debian:bookworm-slim");
    assert_eq!(run_on(&mut fs2, &["mktemp"], "").stdout, a.stdout);
    let d = run_on(&mut fs, &["mktemp", "-d"], "");
    assert!(fs.is_dir(&FsPath::new(d.stdout.trim())));
    check(
        &run_on(&mut fs, &["mktemp", "fooXX"], ""),
        1,
        "",
        "mktemp: too few X's in template 'fooXX'\n",
    );
    let mut fs = image("alpine:3.20");
    let a = run_on(&mut fs, &["mktemp"], "");
    assert_eq!(a.stdout.len(), "/tmp/tmp.".len() + 7);
}

#[test]
fn expr_cases() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["expr", "1", "+", "2", "*", "3"], ""),
        0,
        "7\n",
        "",
    );
    check(&run_on(&mut fs, &["expr", "5", "-", "5"], ""), 1, "0\n", "");
    check(
        &run_on(&mut fs, &["expr", "abc", ":", "a\\(.*\\)"], ""),
        0,
        "bc\n",
        "",
    );
    check(
        &run_on(&mut fs, &["expr", "abc", ":", "a.*"], ""),
        0,
        "3\n",
        "",
    );
    check(
        &run_on(&mut fs, &["expr", "length", "hello"], ""),
        0,
        "5\n",
        "",
    );
    check(
        &run_on(&mut fs, &["expr", "1", "/", "0"], ""),
        2,
        "",
        "expr: division by zero\n",
    );
    check(
        &run_on(&mut fs, &["expr", "a", "+", "1"], ""),
        2,
        "",
        "expr: non-integer argument\n",
    );
    check(
        &run_on(&mut fs, &["expr", "(", "1"], ""),
        2,
        "",
        "expr: syntax error\n",
    );
    check(&run_on(&mut fs, &["expr", "b", ">", "a"], ""), 0, "1\n", "");
    check(
        &run_on(&mut fs, &["expr", "substr", "hello", "2", "3"], ""),
        0,
        "ell\n",
        "",
    );
}

// ---------------------------------------------------------------- users

fn tail(fs: &Rootfs, path: &str, n: usize) -> String {
    let text = read(fs, path);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[test]
fn busybox_users() {
    let mut fs = image("alpine:3.20");
    check(&run_on(&mut fs, &["addgroup", "-S", "app"], ""), 0, "", "");
    check(
        &run_on(&mut fs, &["adduser", "-S", "app", "-G", "app"], ""),
        0,
        "",
        "",
    );
    assert_eq!(tail(&fs, "/etc/group", 1), "app:x:101:app");
    assert_eq!(
        tail(&fs, "/etc/passwd", 1),
        "app:x:100:101:Linux User,,,:/home/app:/bin/false"
    );
    let home = fs.stat(&FsPath::new("/home/app")).expect("home");
    assert_eq!((home.mode, home.uid, home.gid), (0o2755, 100, 101));
    check(
        &run_on(&mut fs, &["addgroup", "-g", "1000", "node"], ""),
        0,
        "",
        "",
    );
    check(
        &run_on(
            &mut fs,
            &[
                "adduser", "-u", "1000", "-G", "node", "-s", "/bin/sh", "-D", "node",
            ],
            "",
        ),
        0,
        "",
        "",
    );
    assert_eq!(
        tail(&fs, "/etc/passwd", 1),
        "node:x:1000:1000:Linux User,,,:/home/node:/bin/sh"
    );
    assert_eq!(tail(&fs, "/etc/group", 1), "node:x:1000:node");
    assert!(tail(&fs, "/etc/shadow", 1).starts_with("node:!:19675:0:99999:7:::"));
    check(
        &run_on(&mut fs, &["adduser", "-D", "node"], ""),
        1,
        "",
        "adduser: user 'node' in use\n",
    );
    check(
        &run_on(&mut fs, &["addgroup", "node"], ""),
        1,
        "",
        "addgroup: group 'node' in use\n",
    );
    check(
        &run_on(&mut fs, &["addgroup", "-g", "1000", "x"], ""),
        1,
        "",
        "addgroup: gid '1000' in use\n",
    );
    check(&run_on(&mut fs, &["adduser", "-D", "bob"], ""), 0, "", "");
    assert_eq!(
        tail(&fs, "/etc/passwd", 1),
        "bob:x:1001:1001:Linux User,,,:/home/bob:/bin/sh"
    );
    assert_eq!(tail(&fs, "/etc/group", 1), "bob:x:1001:");
    check(
        &run_on(&mut fs, &["addgroup", "bob", "wheel"], ""),
        0,
        "",
        "",
    );
    assert!(read(&fs, "/etc/group").contains("\nwheel:x:10:root,bob\n"));
    check(
        &run_on(&mut fs, &["adduser", "-G", "nope", "-D", "x"], ""),
        1,
        "",
        "adduser: unknown group nope\n",
    );
    check(&run_on(&mut fs, &["deluser", "bob"], ""), 0, "", "");
    assert!(!read(&fs, "/etc/passwd").contains("bob"));
    assert!(!read(&fs, "/etc/group").contains("bob"));
    check(
        &run_on(&mut fs, &["id", "node"], ""),
        0,
        "uid=1000(node) gid=1000(node) groups=1000(node)\n",
        "",
    );
}

#[test]
fn shadow_users() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["groupadd", "--gid", "1000", "node"], ""),
        0,
        "",
        "",
    );
    check(
        &run_on(
            &mut fs,
            &[
                "useradd",
                "--uid",
                "1000",
                "--gid",
                "node",
                "--shell",
                "/bin/bash",
                "--create-home",
                "node",
            ],
            "",
        ),
        0,
        "",
        "",
    );
    assert_eq!(
        tail(&fs, "/etc/passwd", 1),
        "node:x:1000:1000::/home/node:/bin/bash"
    );
    assert_eq!(tail(&fs, "/etc/group", 1), "node:x:1000:");
    assert!(fs.exists(&FsPath::new("/etc/passwd-")));
    let home = fs.stat(&FsPath::new("/home/node")).expect("home");
    assert_eq!((home.mode, home.uid, home.gid), (0o755, 1000, 1000));
    let rc = fs
        .stat(&FsPath::new("/home/node/.bashrc"))
        .expect("skel copied");
    assert_eq!((rc.uid, rc.gid), (1000, 1000));
    check(
        &run_on(&mut fs, &["groupadd", "node"], ""),
        9,
        "",
        "groupadd: group 'node' already exists\n",
    );
    check(
        &run_on(&mut fs, &["useradd", "-u", "1000", "x"], ""),
        4,
        "",
        "useradd: UID 1000 is not unique\n",
    );
    check(
        &run_on(&mut fs, &["useradd", "node"], ""),
        9,
        "",
        "useradd: user 'node' already exists\n",
    );
    check(
        &run_on(&mut fs, &["useradd", "-g", "nope", "y"], ""),
        6,
        "",
        "useradd: group 'nope' does not exist\n",
    );
    check(&run_on(&mut fs, &["useradd", "-r", "svc"], ""), 0, "", "");
    assert_eq!(
        tail(&fs, "/etc/passwd", 1),
        "svc:x:999:999::/home/svc:/bin/sh"
    );
    check(&run_on(&mut fs, &["useradd", "app"], ""), 0, "", "");
    assert_eq!(
        tail(&fs, "/etc/passwd", 1),
        "app:x:1001:1001::/home/app:/bin/sh"
    );
    assert!(!fs.exists(&FsPath::new("/home/app")));
    check(
        &run_on(&mut fs, &["usermod", "-aG", "sudo", "app"], ""),
        0,
        "",
        "",
    );
    assert!(read(&fs, "/etc/group").contains("\nsudo:x:27:app\n"));
    check(
        &run_on(&mut fs, &["id", "app"], ""),
        0,
        "uid=1001(app) gid=1001(app) groups=1001(app),27(sudo)\n",
        "",
    );
    check(
        &run_on(&mut fs, &["usermod", "-aG", "sudo", "zz"], ""),
        6,
        "",
        "usermod: user 'zz' does not exist\n",
    );
    check(
        &run_on(&mut fs, &["groupdel", "node"], ""),
        8,
        "",
        "groupdel: cannot remove the primary group of user 'node'\n",
    );
    check(&run_on(&mut fs, &["userdel", "app"], ""), 0, "", "");
    assert!(!read(&fs, "/etc/group").contains("app"));
    check(
        &run_on(&mut fs, &["userdel", "app"], ""),
        6,
        "",
        "userdel: user 'app' does not exist\n",
    );
}

#[test]
fn ubuntu_has_user_1000() {
    let mut fs = image("ubuntu:24.04");
    check(
        &run_on(&mut fs, &["groupadd", "--gid", "1000", "node"], ""),
        4,
        "",
        "groupadd: GID '1000' already exists\n",
    );
    check(
        &run_on(&mut fs, &["useradd", "-u", "1000", "x"], ""),
        4,
        "",
        "useradd: UID 1000 is not unique\n",
    );
    check(&run_on(&mut fs, &["useradd", "-m", "app"], ""), 0, "", "");
    assert_eq!(
        tail(&fs, "/etc/passwd", 1),
        "app:x:1001:1001::/home/app:/bin/sh"
    );
    assert_eq!(
        fs.stat(&FsPath::new("/home/app")).expect("home").mode,
        0o750
    );
}

// ---------------------------------------------------------------- archives

fn bytes_of(fs: &Rootfs, path: &str) -> Vec<u8> {
    fs.read_file(&FsPath::new(path)).expect("read").to_vec()
}

/// Runs with binary stdin, returning stdout bytes too.
fn run_bin(fs: &mut Rootfs, argv: &[&str], stdin: Vec<u8>) -> (i32, Vec<u8>, String) {
    let env = vec!["PATH=/usr/bin:/bin".to_string()];
    let mut sh = Shell::new(fs, &env, FsPath::new("/"), (0, 0), Limits::default());
    let mut io = Io::new(Stdin::from_bytes(stdin));
    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
    let f = commands::program(&argv[0]).expect("program");
    let status = f(&mut sh, &argv, &mut io);
    (
        status,
        io.stdout,
        String::from_utf8_lossy(&io.stderr).into_owned(),
    )
}

#[test]
fn tar_roundtrip() {
    let mut fs = image("debian:bookworm-slim");
    write(&mut fs, "/src/app/index.js", "console.log(1)\n");
    write(&mut fs, "/src/app/lib/a.js", "a\n");
    fs.symlink("index.js", &FsPath::new("/src/app/main.js"))
        .expect("symlink");
    check(
        &run_on(
            &mut fs,
            &["tar", "-czf", "/tmp/app.tgz", "-C", "/src", "app"],
            "",
        ),
        0,
        "",
        "",
    );
    check(
        &run_on(&mut fs, &["tar", "tzf", "/tmp/app.tgz"], ""),
        0,
        "app/\napp/index.js\napp/lib/\napp/lib/a.js\napp/main.js\n",
        "",
    );
    fs.mkdir_all(&FsPath::new("/opt/app"), 0o755)
        .expect("mkdir");
    check(
        &run_on(
            &mut fs,
            &[
                "tar",
                "xzf",
                "/tmp/app.tgz",
                "-C",
                "/opt/app",
                "--strip-components=1",
            ],
            "",
        ),
        0,
        "",
        "",
    );
    assert_eq!(read(&fs, "/opt/app/index.js"), "console.log(1)\n");
    assert_eq!(read(&fs, "/opt/app/lib/a.js"), "a\n");
    assert_eq!(read(&fs, "/opt/app/main.js"), "console.log(1)\n");
    check(
        &run_on(&mut fs, &["tar", "-xf", "/nope.tar"], ""),
        2,
        "",
        "tar: /nope.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n",
    );
    check(
        &run_on(&mut fs, &["tar", "-cf", "/tmp/x.tar", "/src/app/index.js", "/nope"], ""),
        2,
        "",
        "tar: Removing leading `/' from member names\ntar: /nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n",
    );
    check(
        &run_on(&mut fs, &["tar", "-tvf", "/tmp/x.tar"], ""),
        0,
        "-rw-r--r-- root/root        15 1970-01-01 00:00 src/app/index.js\n",
        "",
    );
    // Through stdin/stdout.
    let (st, out, _) = run_bin(
        &mut fs,
        &["tar", "-cf", "-", "-C", "/src", "app/lib"],
        vec![],
    );
    assert_eq!(st, 0);
    let (st, _, err) = run_bin(&mut fs, &["tar", "-xvf", "-", "-C", "/tmp"], out);
    assert_eq!((st, err.as_str()), (0, ""));
    assert_eq!(read(&fs, "/tmp/app/lib/a.js"), "a\n");
}

#[test]
fn tar_refuses_dotdot() {
    let mut fs = image("alpine:3.20");
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(3);
    h.set_mode(0o644);
    // Write the raw name by hand: the tar crate refuses `..` in set_path.
    {
        let name = b"../evil";
        let old = h.as_old_mut();
        old.name[..name.len()].copy_from_slice(name);
    }
    h.set_cksum();
    b.append(&h, &b"bad"[..]).expect("append");
    let mut h2 = tar::Header::new_gnu();
    h2.set_size(2);
    h2.set_mode(0o644);
    h2.set_path("ok").expect("path");
    h2.set_cksum();
    b.append(&h2, &b"ok"[..]).expect("append");
    let data = b.into_inner().expect("tar");
    fs.write_file(
        &FsPath::new("/x.tar"),
        layercake::fs::Content::Bytes(data.clone().into()),
        0o644,
    )
    .expect("w");
    fs.mkdir_all(&FsPath::new("/d"), 0o755).expect("mkdir");
    let mut deb = image("debian:bookworm-slim");
    deb.write_file(
        &FsPath::new("/x.tar"),
        layercake::fs::Content::Bytes(data.clone().into()),
        0o644,
    )
    .expect("w");
    deb.mkdir_all(&FsPath::new("/d"), 0o755).expect("mkdir");
    check(
        &run_on(&mut deb, &["tar", "-xf", "/x.tar", "-C", "/d"], ""),
        2,
        "",
        "tar: ../evil: Member name contains '..'\ntar: Exiting with failure status due to previous errors\n",
    );
    assert!(!deb.exists(&FsPath::new("/evil")));
    assert_eq!(read(&deb, "/d/ok"), "ok");
    // busybox strips the unsafe prefix instead.
    check(
        &run_on(&mut fs, &["tar", "-xf", "/x.tar", "-C", "/d"], ""),
        0,
        "",
        "tar: removing leading '../' from member names\n",
    );
    assert!(!fs.exists(&FsPath::new("/evil")));
    assert_eq!(read(&fs, "/d/evil"), "bad");
}

#[test]
fn gzip_and_sums() {
    let mut fs = image("debian:bookworm-slim");
    write(&mut fs, "/data.txt", "hello\n");
    check(&run_on(&mut fs, &["gzip", "/data.txt"], ""), 0, "", "");
    assert!(!fs.exists(&FsPath::new("/data.txt")));
    let gz = bytes_of(&fs, "/data.txt.gz");
    assert_eq!(&gz[..4], &[0x1f, 0x8b, 8, 0]);
    check(
        &run_on(&mut fs, &["zcat", "/data.txt.gz"], ""),
        0,
        "hello\n",
        "",
    );
    check(
        &run_on(&mut fs, &["gunzip", "-k", "/data.txt.gz"], ""),
        0,
        "",
        "",
    );
    assert_eq!(read(&fs, "/data.txt"), "hello\n");
    check(
        &run_on(&mut fs, &["gunzip", "/data.txt"], ""),
        2,
        "",
        "gzip: /data.txt: unknown suffix -- ignored\n",
    );
    check(
        &run_on(&mut fs, &["gzip", "/nope"], ""),
        1,
        "",
        "gzip: /nope: No such file or directory\n",
    );
    let sum = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
    check(
        &run_on(&mut fs, &["sha256sum", "/data.txt"], ""),
        0,
        &format!("{sum}  /data.txt\n"),
        "",
    );
    check(
        &run_on(
            &mut fs,
            &["sha256sum", "-c", "-"],
            &format!("{sum}  /data.txt\n"),
        ),
        0,
        "/data.txt: OK\n",
        "",
    );
    let bad = format!("{}  /data.txt\n", "0".repeat(64));
    check(
        &run_on(&mut fs, &["sha256sum", "-c", "-"], &bad),
        1,
        "/data.txt: FAILED\n",
        "sha256sum: WARNING: 1 computed checksum did NOT match\n",
    );
}

// ---------------------------------------------------------------- robustness

/// Odd argument lists and inputs never panic (deterministic pseudo-random combinations).
#[test]
fn no_panics_on_odd_input() {
    const TOKENS: &[&str] = &[
        "-",
        "--",
        "-e",
        "-E",
        "-n",
        "-i",
        "-c",
        "-f",
        "-C",
        "-u",
        "-d",
        "-x",
        "-z",
        "-v",
        "-r",
        "-o",
        "-w",
        "-k",
        "-g",
        "-G",
        "-S",
        "-D",
        "-H",
        "-m",
        "-s",
        "-a",
        "-t",
        "-p",
        "--x=",
        "--strip-components=x",
        "--file",
        "s/a/b/",
        "s/a/b",
        "s|a|\\1|g",
        "y/ab/c/",
        "1,$p",
        "$!N",
        "/re/,/x/{p;d}",
        "{",
        "}",
        "a\\",
        "i text",
        "0,/a/d",
        "1~0p",
        "[",
        "[[:foo:]]",
        "\\(",
        "\\",
        "a\\{2,1\\}",
        "*",
        "^*$",
        "(",
        ")",
        "|",
        "é",
        "-é",
        "\u{1F600}",
        "",
        "/",
        ".",
        "..",
        "/etc/passwd",
        "/etc/shadow",
        "/nope",
        "/tmp",
        "x",
        "0",
        "-1",
        "99999999999999999999",
        "+%Y%%%",
        "@-5",
        "@99999999999999",
        "length",
        "substr",
        ":",
        "index",
        "match",
        "+",
        "/",
        "%",
        "=",
        "xXXXXXX",
        "XXX",
        "root",
        "nogroup",
        "1000",
        "a:b",
        "app",
        "K=V",
        "PATH=",
    ];
    const PROGRAMS: &[&str] = &[
        "grep",
        "egrep",
        "sed",
        "env",
        "printenv",
        "id",
        "whoami",
        "hostname",
        "uname",
        "getconf",
        "which",
        "sleep",
        "mktemp",
        "date",
        "expr",
        "tar",
        "gzip",
        "gunzip",
        "zcat",
        "sha256sum",
        "addgroup",
        "adduser",
        "delgroup",
        "deluser",
        "groupadd",
        "useradd",
        "usermod",
        "userdel",
        "groupdel",
    ];
    let inputs: &[&[u8]] = &[
        b"",
        b"a\nb\n",
        b"\x1f\x8b\x08\x00garbage",
        b"\xff\xfe\x00x",
        b"abc",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for image_name in ["alpine:3.20", "debian:bookworm-slim"] {
        let base = image(image_name);
        for round in 0..3000 {
            let mut fs = base.clone();
            let prog = PROGRAMS[round % PROGRAMS.len()];
            let mut argv = vec![prog.to_string()];
            for _ in 0..next(6) {
                argv.push(TOKENS[next(TOKENS.len())].to_string());
            }
            let stdin = inputs[next(inputs.len())].to_vec();
            let env = vec!["PATH=/usr/bin:/bin".to_string()];
            let mut sh = Shell::new(&mut fs, &env, FsPath::new("/"), (0, 0), Limits::default());
            let mut io = Io::new(Stdin::from_bytes(stdin));
            let f = commands::program(prog).expect("program");
            let status = f(&mut sh, &argv, &mut io);
            assert!((0..=255).contains(&status), "{argv:?} gave {status}");
        }
    }
}

#[test]
fn sed_in_place_replaces_a_symlink() {
    let mut fs = image("debian:bookworm-slim");
    write(
        &mut fs,
        "/etc/nginx/sites-available/default",
        "listen 80;\n",
    );
    fs.mkdir_all(&FsPath::new("/etc/nginx/sites-enabled"), 0o755)
        .expect("mkdir");
    fs.symlink(
        "../sites-available/default",
        &FsPath::new("/etc/nginx/sites-enabled/default"),
    )
    .expect("symlink");
    let o = run_on(
        &mut fs,
        &[
            "sed",
            "-i",
            "s/80/8080/",
            "/etc/nginx/sites-enabled/default",
        ],
        "",
    );
    check(&o, 0, "", "");
    let node = fs
        .lstat(&FsPath::new("/etc/nginx/sites-enabled/default"))
        .expect("lstat");
    assert!(matches!(node.kind, layercake::fs::NodeKind::File(_)));
    assert_eq!(
        read(&fs, "/etc/nginx/sites-enabled/default"),
        "listen 8080;\n"
    );
    assert_eq!(
        read(&fs, "/etc/nginx/sites-available/default"),
        "listen 80;\n"
    );
}

#[test]
fn grep_context() {
    let mut fs = image("debian:bookworm-slim");
    let text = "a\nb\nX\nc\nd\ne\nX\nf\n";
    check(
        &run_on(&mut fs, &["grep", "-A1", "X"], text),
        0,
        "X\nc\n--\nX\nf\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-B", "1", "-n", "X"], text),
        0,
        "2-b\n3:X\n--\n6-e\n7:X\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-C2", "X"], text),
        0,
        "a\nb\nX\nc\nd\ne\nX\nf\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-A", "x", "X"], text),
        2,
        "",
        "grep: x: invalid context length argument\n",
    );
    let mut bin = b"ELF\x00\x01hello world\n".to_vec();
    bin.extend_from_slice(b"more\n");
    fs.write_file(
        &FsPath::new("/bin.dat"),
        layercake::fs::Content::Bytes(bin.into()),
        0o644,
    )
    .expect("w");
    check(
        &run_on(&mut fs, &["grep", "hello", "/bin.dat"], ""),
        0,
        "",
        "grep: /bin.dat: binary file matches\n",
    );
    check(
        &run_on(&mut fs, &["grep", "-c", "zzz", "/bin.dat"], ""),
        1,
        "0\n",
        "",
    );
    // Synthetic binaries of the base image never match.
    check(
        &run_on(&mut fs, &["grep", "-q", "a", "/usr/bin/bash"], ""),
        1,
        "",
        "",
    );
}

#[test]
fn su_runs_as_the_user() {
    let mut fs = image("alpine:3.20");
    check(&run_on(&mut fs, &["adduser", "-D", "app"], ""), 0, "", "");
    let o = run_on(&mut fs, &["su", "app", "-c", "echo hi > /tmp/f; id -u"], "");
    check(&o, 0, "1000\n", "");
    let n = fs.stat(&FsPath::new("/tmp/f")).expect("written");
    assert_eq!((n.uid, n.gid), (1000, 1000));
    check(
        &run_on(&mut fs, &["su", "ghost"], ""),
        1,
        "",
        "su: unknown user ghost\n",
    );
    check(
        &run_on(&mut fs, &["getent", "passwd", "app"], ""),
        0,
        "app:x:1000:1000:Linux User,,,:/home/app:/bin/sh\n",
        "",
    );
    check(
        &run_on(&mut fs, &["getent", "group", "nope"], ""),
        2,
        "",
        "",
    );
}

#[test]
fn grep_include_exclude() {
    let mut fs = image("alpine:3.20");
    write(&mut fs, "/app/a.js", "TODO js\n");
    write(&mut fs, "/app/b.py", "TODO py\n");
    write(&mut fs, "/app/node_modules/x/c.js", "TODO dep\n");
    check(
        &run_on(
            &mut fs,
            &[
                "grep",
                "-r",
                "--include=*.js",
                "--exclude-dir=node_modules",
                "TODO",
                "/app",
            ],
            "",
        ),
        0,
        "/app/a.js:TODO js\n",
        "",
    );
    check(
        &run_on(
            &mut fs,
            &["grep", "-rh", "--exclude", "*.js", "TODO", "/app"],
            "",
        ),
        0,
        "TODO py\n",
        "",
    );
}

#[test]
fn sed_multiline_idioms() {
    let mut fs = image("debian:bookworm-slim");
    // Join pairs of lines, sliding window, reverse (tac).
    check(
        &run_on(&mut fs, &["sed", "N;s/\\n/+/"], "1\n2\n3\n4\n"),
        0,
        "1+2\n3+4\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-n", "$!N;P;D"], "a\nb\nc\n"),
        0,
        "a\nb\nc\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "1!G;h;$!d"], "a\nb\nc\n"),
        0,
        "c\nb\na\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "$!N;s/\\n/ /;P;D"], "a\nb\nc\n"),
        0,
        "a b\nc\n",
        "",
    );
}

/// Random sed scripts and grep patterns over a small alphabet never panic.
#[test]
fn no_panics_on_random_scripts() {
    const ALPHABET: &[char] = &[
        's', '/', 'y', '{', '}', '!', ';', ',', '$', '0', '1', '2', 'a', 'b', 'p', '\\', 'n', '.',
        '*', '[', ']', '(', ')', '&', 'g', 'I', '=', 'q', 'd', 'N', 'D', 'G', 'h', 'x', '+', '?',
        '|', '^', ' ', '\n', ':', '~', 'é', 'c', 'i', 'w', 'r', 'l', '#', '-', 'E', 't', 'T',
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let base = image("debian:bookworm-slim");
    for round in 0..4000 {
        let len = next(14);
        let script: String = (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
        let prog = ["sed", "grep", "expr"][round % 3];
        let mut fs = base.clone();
        let env = vec!["PATH=/usr/bin:/bin".to_string()];
        let mut sh = Shell::new(&mut fs, &env, FsPath::new("/"), (0, 0), Limits::default());
        let mut io = Io::new(Stdin::from_bytes(b"ab\nb.a\n\nxyz\n".to_vec()));
        let argv: Vec<String> = match prog {
            "expr" => std::iter::once("expr".to_string())
                .chain(script.split(' ').map(String::from))
                .collect(),
            _ if round % 2 == 0 => vec![prog.into(), "-E".into(), script],
            _ => vec![prog.into(), script],
        };
        let f = commands::program(prog).expect("program");
        let status = f(&mut sh, &argv, &mut io);
        assert!((0..=255).contains(&status), "{argv:?}");
    }
}

#[test]
fn grep_perl() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["grep", "-oP", "\\d+\\.\\d+"], "node v20.11 ok\n"),
        0,
        "20.11\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-oP", "(?<=v)\\d+"], "v20\n"),
        2,
        "",
        "grep: look-around assertions are not supported in the Layercake sandbox\n",
    );
    let mut fs = image("alpine:3.20");
    let o = run_on(&mut fs, &["grep", "-P", "x"], "x\n");
    assert_eq!(o.status, 2);
    assert!(
        o.stderr.starts_with("grep: invalid option -- 'P'\n"),
        "{}",
        o.stderr
    );
}

#[test]
fn ubuntu_rename_user_1000() {
    let mut fs = image("ubuntu:24.04");
    check(
        &run_on(&mut fs, &["usermod", "-l", "node", "ubuntu"], ""),
        0,
        "",
        "",
    );
    check(
        &run_on(&mut fs, &["groupmod", "-n", "node", "ubuntu"], ""),
        0,
        "",
        "",
    );
    check(
        &run_on(&mut fs, &["usermod", "-d", "/home/node", "-m", "node"], ""),
        0,
        "",
        "",
    );
    assert_eq!(
        tail(&fs, "/etc/passwd", 1),
        "node:x:1000:1000:Ubuntu:/home/node:/bin/bash"
    );
    assert_eq!(tail(&fs, "/etc/group", 1), "node:x:1000:");
    assert!(fs.is_dir(&FsPath::new("/home/node")));
    assert!(!fs.exists(&FsPath::new("/home/ubuntu")));
    check(
        &run_on(&mut fs, &["id", "node"], ""),
        0,
        "uid=1000(node) gid=1000(node) groups=1000(node)\n",
        "",
    );
    check(
        &run_on(&mut fs, &["groupmod", "-g", "0", "node"], ""),
        4,
        "",
        "groupmod: GID '0' already exists\n",
    );
    check(
        &run_on(&mut fs, &["groupmod", "nope"], ""),
        6,
        "",
        "groupmod: group 'nope' does not exist\n",
    );
}

#[test]
fn directories_as_files() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["sed", "p", "/tmp"], ""),
        2,
        "",
        "sed: read error on /tmp: Is a directory\n",
    );
    check(
        &run_on(&mut fs, &["sed", "-i", "p", "/tmp"], ""),
        4,
        "",
        "sed: couldn't edit /tmp: not a regular file\n",
    );
    check(
        &run_on(&mut fs, &["gzip", "/tmp"], ""),
        2,
        "",
        "gzip: /tmp is a directory -- ignored\n",
    );
    check(
        &run_on(&mut fs, &["grep", "x", "/tmp"], ""),
        2,
        "",
        "grep: /tmp: Is a directory\n",
    );
}

#[test]
fn sed_branches() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["sed", ":a;N;$!ba;s/\\n/ /g"], "a\nb\nc\n"),
        0,
        "a b c\n",
        "",
    );
    check(
        &run_on(
            &mut fs,
            &["sed", "-e", ":a", "-e", "$!N;s/\\n//;ta"],
            "a\nb\nc\n",
        ),
        0,
        "abc\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/x/y/;T;s/$/!/"], "x\nz\n"),
        0,
        "y!\nz\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "/skip/b;s/a/b/"], "skip a\na\n"),
        0,
        "skip a\nb\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "bnowhere"], "a\n"),
        1,
        "",
        "sed: can't find label for jump to `nowhere'\n",
    );
    let o = run_on(&mut fs, &["sed", ":a;ba"], "a\n");
    assert_eq!(o.status, 4);
    assert!(
        o.stderr.starts_with("sed: step budget exceeded"),
        "{}",
        o.stderr
    );
}

#[test]
fn sed_more_commands() {
    let mut fs = image("debian:bookworm-slim");
    let five = "1\n2\n3\n4\n5\n";
    check(
        &run_on(&mut fs, &["sed", "1r /etc/hostname"], "a\nb\n"),
        0,
        "a\nlocalhost\nb\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-n", "/b/w /tmp/out"], "a\nb\n"),
        0,
        "",
        "",
    );
    assert_eq!(read(&fs, "/tmp/out"), "b\n");
    check(
        &run_on(&mut fs, &["sed", "-n", "l"], "a\tb\\\n"),
        0,
        "a\\tb\\\\$\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "2,3c\\X"], five),
        0,
        "1\nX\n4\n5\n",
        "",
    );
    check(&run_on(&mut fs, &["sed", "2!d"], five), 0, "2\n", "");
    check(
        &run_on(&mut fs, &["sed", "-n", "2{p;q}"], five),
        0,
        "2\n",
        "",
    );
    check(&run_on(&mut fs, &["sed", "$!d"], five), 0, "5\n", "");
    check(&run_on(&mut fs, &["sed", "n;d"], five), 0, "1\n3\n5\n", "");
    check(&run_on(&mut fs, &["sed", "0~2d"], five), 0, "1\n3\n5\n", "");
    check(
        &run_on(&mut fs, &["sed", "G"], "1\n2\n"),
        0,
        "1\n\n2\n\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-n", "x;p"], "1\n2\n"),
        0,
        "\n1\n",
        "",
    );
    check(&run_on(&mut fs, &["sed", "3q5"], five), 5, "1\n2\n3\n", "");
    check(&run_on(&mut fs, &["sed", "3Q"], five), 0, "1\n2\n", "");
    check(
        &run_on(&mut fs, &["sed", "s/[^\\n]*\\n//;N"], "a\nb\n"),
        0,
        "a\nb\n",
        "",
    );
    write(&mut fs, "/f1", "a\nb\n");
    write(&mut fs, "/f2", "c\nd\n");
    check(
        &run_on(&mut fs, &["sed", "-s", "-n", "$p", "/f1", "/f2"], ""),
        0,
        "b\nd\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "-n", "$p", "/f1", "/f2"], ""),
        0,
        "d\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "=", "/f1"], ""),
        0,
        "1\na\n2\nb\n",
        "",
    );
}

#[test]
fn grep_more_options() {
    let mut fs = image("debian:bookworm-slim");
    write(&mut fs, "/a", "Foo bar\nfoo\nbaz\n");
    write(&mut fs, "/b", "nothing\n");
    check(
        &run_on(&mut fs, &["grep", "-H", "baz", "/a"], ""),
        0,
        "/a:baz\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-h", "o", "/a", "/b"], ""),
        0,
        "Foo bar\nfoo\nnothing\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-L", "foo", "/a", "/b"], ""),
        0,
        "/b\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-oi", "FOO", "/a"], ""),
        0,
        "Foo\nfoo\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-cv", "foo", "/a"], ""),
        0,
        "2\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-nw", "foo", "/a"], ""),
        0,
        "2:foo\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-m", "1", "o", "/a"], ""),
        0,
        "Foo bar\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-x", "-e", "foo", "-e", "baz", "/a"], ""),
        0,
        "foo\nbaz\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "", "/b"], ""),
        0,
        "nothing\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-E", "a{2,}|z$", "/a"], ""),
        0,
        "baz\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-q", "x", "/nope", "/a"], ""),
        2,
        "",
        "grep: /nope: No such file or directory\n",
    );
    check(
        &run_on(&mut fs, &["grep", "-q", "foo", "/nope", "/a"], ""),
        0,
        "",
        "grep: /nope: No such file or directory\n",
    );
    check(
        &run_on(&mut fs, &["grep"], ""),
        2,
        "",
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
    );
}

#[test]
fn tar_owners_and_members() {
    let mut fs = image("debian:bookworm-slim");
    write(&mut fs, "/src/a.txt", "a\n");
    write(&mut fs, "/src/b.log", "b\n");
    fs.chown(&FsPath::new("/src/a.txt"), 1000, 1000)
        .expect("chown");
    check(
        &run_on(
            &mut fs,
            &["tar", "-cf", "/t.tar", "-C", "/src", "a.txt", "b.log"],
            "",
        ),
        0,
        "",
        "",
    );
    fs.mkdir_all(&FsPath::new("/x"), 0o755).expect("mkdir");
    check(
        &run_on(&mut fs, &["tar", "-xf", "/t.tar", "-C", "/x"], ""),
        0,
        "",
        "",
    );
    assert_eq!(fs.stat(&FsPath::new("/x/a.txt")).expect("a").uid, 1000);
    fs.mkdir_all(&FsPath::new("/y"), 0o755).expect("mkdir");
    check(
        &run_on(
            &mut fs,
            &[
                "tar",
                "--no-same-owner",
                "-xf",
                "/t.tar",
                "-C",
                "/y",
                "*.txt",
            ],
            "",
        ),
        0,
        "",
        "",
    );
    assert_eq!(fs.stat(&FsPath::new("/y/a.txt")).expect("a").uid, 0);
    assert!(!fs.exists(&FsPath::new("/y/b.log")));
    check(
        &run_on(&mut fs, &["tar", "-xf", "/t.tar", "-C", "/y", "nope"], ""),
        2,
        "",
        "tar: nope: Not found in archive\ntar: Exiting with failure status due to previous errors\n",
    );
    check(
        &run_on(&mut fs, &["tar", "-xOf", "/t.tar", "b.log"], ""),
        0,
        "b\n",
        "",
    );
    check(
        &run_on(&mut fs, &["tar", "-tvf", "/t.tar", "a.txt"], ""),
        0,
        "-rw-r--r-- 1000/1000         2 1970-01-01 00:00 a.txt\n",
        "",
    );
}

#[test]
fn sed_write_to_stdout_interleaves() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["sed", "s/a/A/w /dev/stdout"], "a\nb\n"),
        0,
        "A\nA\nb\n",
        "",
    );
}

#[test]
fn posix_leftmost_longest() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["sed", "-E", "s/a|ab/X/"], "abc\n"),
        0,
        "Xc\n",
        "",
    );
    check(
        &run_on(
            &mut fs,
            &["sed", "s/\\(a\\|ab\\)\\(c*\\)/[\\1|\\2]/"],
            "abcc\n",
        ),
        0,
        "[ab|cc]\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-oE", "foo|foobar"], "foobar\n"),
        0,
        "foobar\n",
        "",
    );
    // Empty matches, as GNU sed places them.
    check(
        &run_on(&mut fs, &["sed", "s/x*/-/g"], "abc\n"),
        0,
        "-a-b-c-\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/a*/x/g"], "baaac\n"),
        0,
        "xbxcx\n",
        "",
    );
    check(
        &run_on(&mut fs, &["sed", "s/b*/x/2"], "abc\n"),
        0,
        "axc\n",
        "",
    );
}

#[test]
fn expr_match_is_longest() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["expr", "ab", ":", "a\\|ab"], ""),
        0,
        "2\n",
        "",
    );
    check(
        &run_on(&mut fs, &["expr", "abc", ":", "\\(a\\|ab\\)"], ""),
        0,
        "ab\n",
        "",
    );
    check(
        &run_on(&mut fs, &["expr", "xyz", ":", "a"], ""),
        1,
        "0\n",
        "",
    );
    check(
        &run_on(&mut fs, &["expr", "xyz", ":", "\\(a\\)"], ""),
        1,
        "\n",
        "",
    );
}

#[test]
fn grep_newline_separated_patterns() {
    let mut fs = image("debian:bookworm-slim");
    check(
        &run_on(&mut fs, &["grep", "-e", "a\nc"], "a\nb\nc\n"),
        0,
        "a\nc\n",
        "",
    );
    check(
        &run_on(&mut fs, &["grep", "-F", "x\nb"], "a\nb\nc\n"),
        0,
        "b\n",
        "",
    );
}
