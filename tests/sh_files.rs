//! The file and text utilities of the RUN sandbox, called directly (without the interpreter)
//! on catalog images: exact stdout, stderr, status and the filesystem afterwards, in the
//! coreutils wording on Debian and the busybox wording on Alpine.

use layercake::catalog;
use layercake::fs::{FsPath, NodeKind, Rootfs};
use layercake::sh::budget::Limits;
use layercake::sh::commands;
use layercake::sh::io::{Io, Stdin};
use layercake::sh::shell::Shell;

const DEBIAN: &str = "debian:bookworm-slim";
const ALPINE: &str = "alpine:3.20";

/// A container: an image's filesystem and a working directory.
struct Box {
    fs: Rootfs,
    cwd: String,
    uid: (u32, u32),
}

/// What one command did.
#[derive(Debug, PartialEq)]
struct Out {
    status: i32,
    stdout: String,
    stderr: String,
}

fn image(name: &str) -> Box {
    let base = catalog::resolve(name).expect("catalog image");
    let mut fs = Rootfs::new(base.layers);
    fs.set_mtime(1_700_000_000);
    Box {
        fs,
        cwd: "/".into(),
        uid: (0, 0),
    }
}

impl Box {
    fn run_in(&mut self, line: &str, stdin: &str) -> Out {
        let argv: Vec<String> = split(line);
        let env =
            vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()];
        let mut sh = Shell::new(
            &mut self.fs,
            &env,
            FsPath::new(&self.cwd),
            self.uid,
            Limits::default(),
        );
        sh.now = 1_700_000_000;
        let mut io = Io::new(Stdin::from_bytes(stdin.as_bytes().to_vec()));
        let f = commands::program(&argv[0]).unwrap_or_else(|| panic!("no program {}", argv[0]));
        let status = f(&mut sh, &argv, &mut io);
        Out {
            status,
            stdout: String::from_utf8_lossy(&io.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&io.stderr).into_owned(),
        }
    }

    fn run(&mut self, line: &str) -> Out {
        self.run_in(line, "")
    }

    /// Runs and expects success with this stdout.
    fn ok(&mut self, line: &str, stdout: &str) {
        let o = self.run(line);
        assert_eq!(
            o,
            Out {
                status: 0,
                stdout: stdout.into(),
                stderr: String::new()
            },
            "{line}"
        );
    }

    /// Runs and expects this status and stderr, no stdout.
    fn err(&mut self, line: &str, status: i32, stderr: &str) {
        let o = self.run(line);
        assert_eq!(
            o,
            Out {
                status,
                stdout: String::new(),
                stderr: stderr.into()
            },
            "{line}"
        );
    }

    fn read(&self, path: &str) -> String {
        let c = self.fs.read_file(&FsPath::new(path)).expect("file exists");
        String::from_utf8_lossy(&c.to_vec()).into_owned()
    }

    fn mode(&self, path: &str) -> u32 {
        self.fs.lstat(&FsPath::new(path)).expect("exists").mode
    }

    fn exists(&self, path: &str) -> bool {
        self.fs.lstat(&FsPath::new(path)).is_ok()
    }
}

/// Splits a command line on blanks, with '...' quoting (no other shell syntax).
fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                has = true;
            }
            ' ' if !quoted => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            c => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has {
        out.push(cur);
    }
    out
}

#[test]
fn echo_dash_and_busybox() {
    let mut d = image(DEBIAN);
    d.ok("echo hello world", "hello world\n");
    d.ok("echo -n hi", "hi");
    d.ok(r"echo a\tb\nc", "a\tb\nc\n");
    d.ok(r"echo -e x", "-e x\n");
    d.ok(r"echo ab\cde", "ab");
    d.ok(r"echo \0101", "A\n");
    let mut a = image(ALPINE);
    a.ok(r"echo a\tb", "a\\tb\n");
    a.ok(r"echo -e a\tb", "a\tb\n");
    a.ok("echo -n -e x", "x");
    a.ok("echo -x", "-x\n");
}

#[test]
fn printf_formats() {
    let mut d = image(DEBIAN);
    d.ok(r"printf %s\n a b c", "a\nb\nc\n");
    d.ok(r"printf %5s|%-5s|\n ab cd", "   ab|cd   |\n");
    d.ok(r"printf %d:%i:%u\n 42 -7 3", "42:-7:3\n");
    d.ok(r"printf %x:%X:%o:%#x\n 255 255 8 255", "ff:FF:10:0xff\n");
    d.ok(r"printf %05d|%+d|%.3d\n 42 5 7", "00042|+5|007\n");
    d.ok(
        r"printf %.2f|%8.3f|%e\n 3.14159 2.5 12345.678",
        "3.14|   2.500|1.234568e+04\n",
    );
    d.ok(r"printf %c%c\n hello world", "hw\n");
    d.ok(r"printf %b\n a\tb", "a\tb\n");
    d.ok(r"printf 100%%\n", "100%\n");
    d.ok(r"printf %s-%s\n a", "a-\n");
    d.ok(r"printf %d\n", "0\n");
    d.ok(r"printf %d\n 0x1f", "31\n");
    d.ok("printf %d\\n \"A", "65\n");
    let o = d.run(r"printf %d\n abc");
    assert_eq!(o.stdout, "0\n");
    assert_eq!(
        o.stderr,
        "/bin/sh: 1: printf: abc: expected numeric value\n"
    );
    assert_eq!(o.status, 1);
    let mut a = image(ALPINE);
    let o = a.run(r"printf %d\n 12x");
    assert_eq!(
        (o.status, o.stdout.as_str(), o.stderr.as_str()),
        (1, "0\n", "sh: invalid number '12x'\n")
    );
}

#[test]
fn test_and_bracket() {
    let mut d = image(DEBIAN);
    d.ok("test -d /etc", "");
    d.ok("[ -f /etc/passwd ]", "");
    d.err("[ -f /etc ]", 1, "");
    d.ok("[ -e /nope -o -d /tmp ]", "");
    d.err("[ -e /nope -a -d /tmp ]", 1, "");
    d.ok("[ ! -e /nope ]", "");
    d.ok("[ abc = abc ]", "");
    d.ok("[ abc != abd ]", "");
    d.ok("[ 3 -lt 10 ]", "");
    d.ok("[ a < b ]", "");
    d.ok("[ -n x ]", "");
    d.ok("[ -z '' ]", "");
    d.ok("[ ( 1 -eq 1 ) -a ( -d / ) ]", "");
    d.ok("[ -L /bin/sh ]", "");
    d.ok("[ -x /usr/bin/ls ]", "");
    d.ok("[ -r /etc/shadow ]", "");
    d.err("[ x -eq 1 ]", 2, "/bin/sh: 1: [: Illegal number: x\n");
    d.err("[ -d /", 2, "/bin/sh: 1: [: missing ]\n");
    d.err("[ a b ]", 2, "/bin/sh: 1: [: a: unexpected operator\n");
    d.err("[ a == a ]", 2, "/bin/sh: 1: [: a: unexpected operator\n");
    d.err("test", 1, "");
    let mut a = image(ALPINE);
    a.err("[ x -eq 1 ]", 2, "sh: x: bad number\n");
    a.ok("[ a == a ]", "");
    a.err("[ -d /", 2, "sh: missing ]\n");
    // Not root: permission bits count.
    a.uid = (1000, 1000);
    a.err("[ -w /etc/passwd ]", 1, "");
    a.ok("[ -r /etc/passwd ]", "");
}

#[test]
fn mkdir_rmdir_touch() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /app/src/lib", "");
    assert_eq!(d.mode("/app/src/lib"), 0o755);
    d.err(
        "mkdir /app",
        1,
        "mkdir: cannot create directory '/app': File exists\n",
    );
    d.err(
        "mkdir /x/y",
        1,
        "mkdir: cannot create directory '/x/y': No such file or directory\n",
    );
    d.ok("mkdir -p /app", "");
    d.ok("mkdir -m 700 /secret", "");
    assert_eq!(d.mode("/secret"), 0o700);
    d.ok("mkdir -m u=rwx,g=rx,o= /m2", "");
    assert_eq!(d.mode("/m2"), 0o750);
    d.ok(
        "mkdir -pv /v/w",
        "mkdir: created directory '/v'\nmkdir: created directory '/v/w'\n",
    );
    d.ok("touch /app/a.txt /app/b.txt", "");
    assert_eq!(d.read("/app/a.txt"), "");
    assert_eq!(d.mode("/app/a.txt"), 0o644);
    d.err(
        "touch /nope/x",
        1,
        "touch: cannot touch '/nope/x': No such file or directory\n",
    );
    d.err(
        "rmdir /app",
        1,
        "rmdir: failed to remove '/app': Directory not empty\n",
    );
    d.ok("rmdir -p /v/w", "");
    assert!(!d.exists("/v"));
    let mut a = image(ALPINE);
    a.err(
        "mkdir /etc",
        1,
        "mkdir: can't create directory '/etc': File exists\n",
    );
    a.err(
        "touch /nope/x",
        1,
        "touch: /nope/x: No such file or directory\n",
    );
    a.err(
        "rmdir /nope",
        1,
        "rmdir: '/nope': No such file or directory\n",
    );
}

#[test]
fn rm_cases() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /d/e", "");
    d.ok("touch /d/e/f /d/g", "");
    d.err("rm /d", 1, "rm: cannot remove '/d': Is a directory\n");
    d.err(
        "rm /nope",
        1,
        "rm: cannot remove '/nope': No such file or directory\n",
    );
    d.ok("rm -f /nope", "");
    d.ok("rm -f", "");
    d.err(
        "rm",
        1,
        "rm: missing operand\nTry 'rm --help' for more information.\n",
    );
    d.ok(
        "rm -rv /d",
        "removed '/d/g'\nremoved '/d/e/f'\nremoved directory '/d/e'\nremoved directory '/d'\n",
    );
    assert!(!d.exists("/d"));
    d.ok("mkdir /empty", "");
    d.ok("rm -d /empty", "");
    d.err("rm -rf /", 1, "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
    d.ok("rm -rf /var/lib/apt/lists /usr/share/doc", "");
    assert!(!d.exists("/usr/share/doc"));
    let mut a = image(ALPINE);
    a.err("rm /etc", 1, "rm: can't remove '/etc': Is a directory\n");
    a.err(
        "rm /nope",
        1,
        "rm: can't remove '/nope': No such file or directory\n",
    );
}

#[test]
fn cp_cases() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /src/sub /dst", "");
    d.fs.write_file(
        &FsPath::new("/src/a.sh"),
        layercake::fs::Content::Bytes(b"echo a\n".to_vec().into()),
        0o755,
    )
    .expect("write");
    d.ok("touch /src/sub/b", "");
    d.ok("cp /src/a.sh /tmp/x.sh", "");
    assert_eq!(d.read("/tmp/x.sh"), "echo a\n");
    assert_eq!(d.mode("/tmp/x.sh"), 0o755);
    d.ok("cp /src/a.sh /dst", "");
    assert!(d.exists("/dst/a.sh"));
    d.err(
        "cp /src /dst2",
        1,
        "cp: -r not specified; omitting directory '/src'\n",
    );
    d.ok("cp -r /src /dst", "");
    assert!(d.exists("/dst/src/sub/b"));
    d.ok("cp -r /src /new", "");
    assert!(d.exists("/new/sub/b") && d.exists("/new/a.sh"));
    d.ok("cp -r /src/. /dst", "");
    assert!(d.exists("/dst/sub/b"));
    d.err(
        "cp /nope /tmp",
        1,
        "cp: cannot stat '/nope': No such file or directory\n",
    );
    d.err(
        "cp /src/a.sh /src/sub/b /nodir",
        1,
        "cp: target '/nodir': No such file or directory\n",
    );
    d.ok("cp -v /src/a.sh /tmp/y", "'/src/a.sh' -> '/tmp/y'\n");
    d.ok("ln -s a.sh /src/link", "");
    d.ok("cp -a /src /arch", "");
    assert!(
        matches!(d.fs.lstat(&FsPath::new("/arch/link")).expect("link").kind, NodeKind::Symlink(ref t) if t == "a.sh")
    );
    d.ok("cp /src/link /tmp/deref", "");
    assert_eq!(d.read("/tmp/deref"), "echo a\n");
    assert!(matches!(
        d.fs.lstat(&FsPath::new("/tmp/deref")).expect("file").kind,
        NodeKind::File(_)
    ));
    d.err(
        "cp -r /src /src/sub",
        1,
        "cp: cannot copy a directory, '/src', into itself, '/src/sub/src'\n",
    );
    d.ok("chown 1000:1000 /src/a.sh", "");
    d.ok("cp -p /src/a.sh /tmp/p", "");
    assert_eq!(d.fs.lstat(&FsPath::new("/tmp/p")).expect("p").uid, 1000);
    d.ok("cp /src/a.sh /tmp/np", "");
    assert_eq!(d.fs.lstat(&FsPath::new("/tmp/np")).expect("np").uid, 0);
    let mut a = image(ALPINE);
    a.err("cp /etc /e2", 1, "cp: omitting directory '/etc'\n");
    a.err(
        "cp /nope /tmp",
        1,
        "cp: can't stat '/nope': No such file or directory\n",
    );
}

#[test]
fn mv_and_ln() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /a/b /dest", "");
    d.ok("touch /a/f", "");
    d.ok("mv /a/f /a/g", "");
    assert!(d.exists("/a/g") && !d.exists("/a/f"));
    d.ok("mv /a/g /dest", "");
    assert!(d.exists("/dest/g"));
    d.ok("mv /a /dest/", "");
    assert!(d.exists("/dest/a/b"));
    d.err(
        "mv /nope /x",
        1,
        "mv: cannot stat '/nope': No such file or directory\n",
    );
    d.err(
        "mv /dest /dest/a",
        1,
        "mv: cannot move '/dest' to a subdirectory of itself, '/dest/a/dest'\n",
    );
    d.ok("mv -v /dest/g /g2", "renamed '/dest/g' -> '/g2'\n");
    d.ok("ln -s /g2 /l1", "");
    d.ok("readlink /l1", "/g2\n");
    d.err(
        "ln -s /g2 /l1",
        1,
        "ln: failed to create symbolic link '/l1': File exists\n",
    );
    d.ok("ln -sf /etc/hostname /l1", "");
    d.ok("readlink /l1", "/etc/hostname\n");
    d.ok("ln /g2 /hard", "");
    d.err(
        "ln /etc /hd",
        1,
        "ln: /etc: hard link not allowed for directory\n",
    );
    d.err(
        "ln /nope /hd",
        1,
        "ln: failed to access '/nope': No such file or directory\n",
    );
    d.ok("ln -s /usr/share /dest/sharelink", "");
    // A symlink to a directory as destination: into the directory, unless -n.
    d.ok("mkdir /d2", "");
    d.ok("ln -s /d2 /cur", "");
    d.ok("ln -sf /etc /cur", "");
    assert!(d.exists("/d2/etc"));
    d.ok("ln -sfn /etc /cur", "");
    d.ok("readlink /cur", "/etc\n");
    d.cwd = "/usr/local/bin".into();
    d.ok("ln -s /usr/bin/env", "");
    d.ok("readlink -f env", "/usr/bin/env\n");
    let mut a = image(ALPINE);
    a.ok("ln -s /x /l", "");
    a.err("ln -s /x /l", 1, "ln: /l: File exists\n");
}

#[test]
fn chmod_chown() {
    let mut d = image(DEBIAN);
    d.ok("touch /f", "");
    d.ok("chmod 755 /f", "");
    assert_eq!(d.mode("/f"), 0o755);
    d.ok("chmod go-w,u+s /f", "");
    assert_eq!(d.mode("/f"), 0o4755);
    d.ok("chmod a=r /f", "");
    assert_eq!(d.mode("/f"), 0o444);
    d.ok("chmod 644 /f", "");
    d.ok("chmod +x /f", "");
    assert_eq!(d.mode("/f"), 0o755);
    d.ok("chmod -x /f", "");
    assert_eq!(d.mode("/f"), 0o644);
    d.ok("chmod u=rwx,g=rx,o= /f", "");
    assert_eq!(d.mode("/f"), 0o750);
    d.ok("chmod +w /f", "");
    assert_eq!(d.mode("/f"), 0o750);
    d.ok("mkdir -p /t/u", "");
    d.ok("touch /t/u/x", "");
    d.ok("chmod -R go-rx /t", "");
    assert_eq!(d.mode("/t/u"), 0o700);
    assert_eq!(d.mode("/t/u/x"), 0o600);
    d.ok("chmod -R a+X /t", "");
    assert_eq!(d.mode("/t/u"), 0o711);
    assert_eq!(d.mode("/t/u/x"), 0o600);
    d.err(
        "chmod 999 /f",
        1,
        "chmod: invalid mode: '999'\nTry 'chmod --help' for more information.\n",
    );
    d.err(
        "chmod 644 /nope",
        1,
        "chmod: cannot access '/nope': No such file or directory\n",
    );
    d.ok("chown www-data:www-data /f", "");
    let n = d.fs.lstat(&FsPath::new("/f")).expect("f");
    assert_eq!((n.uid, n.gid), (33, 33));
    d.ok("chown -R 1000:1000 /t", "");
    assert_eq!(d.fs.lstat(&FsPath::new("/t/u/x")).expect("x").uid, 1000);
    d.ok("chown :staff /f", "");
    assert_eq!(d.fs.lstat(&FsPath::new("/f")).expect("f").gid, 50);
    d.ok("chown nobody: /f", "");
    assert_eq!(d.fs.lstat(&FsPath::new("/f")).expect("f").gid, 65534);
    d.ok("chgrp root /f", "");
    d.err("chown bob /f", 1, "chown: invalid user: 'bob'\n");
    d.err(
        "chown root:nogroup2 /f",
        1,
        "chown: invalid group: 'root:nogroup2'\n",
    );
    let mut a = image(ALPINE);
    a.err("chown bob /etc", 1, "chown: unknown user bob\n");
    a.err(
        "chmod 644 /nope",
        1,
        "chmod: /nope: No such file or directory\n",
    );
}

#[test]
fn ls_listings() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /app/sub", "");
    d.ok("touch /app/b /app/a /app/.hidden", "");
    d.fs.write_file(
        &FsPath::new("/app/big"),
        layercake::fs::Content::Bytes(vec![b'x'; 5000].into()),
        0o644,
    )
    .expect("write");
    d.ok("ln -s b /app/lnk", "");
    d.ok("ls /app", "a\nb\nbig\nlnk\nsub\n");
    d.ok("ls -a /app", ".\n..\n.hidden\na\nb\nbig\nlnk\nsub\n");
    d.ok("ls -A /app", ".hidden\na\nb\nbig\nlnk\nsub\n");
    d.ok("ls -F /app", "a\nb\nbig\nlnk@\nsub/\n");
    d.ok("ls -d /app", "/app\n");
    d.ok(
        "ls -l /app",
        "total 12\n\
         -rw-r--r-- 1 root root    0 Nov 14 22:13 a\n\
         -rw-r--r-- 1 root root    0 Nov 14 22:13 b\n\
         -rw-r--r-- 1 root root 5000 Nov 14 22:13 big\n\
         lrwxrwxrwx 1 root root    1 Nov 14 22:13 lnk -> b\n\
         drwxr-xr-x 2 root root 4096 Nov 14 22:13 sub\n",
    );
    d.ok(
        "ls -lh /app/big",
        "-rw-r--r-- 1 root root 4.9K Nov 14 22:13 /app/big\n",
    );
    d.ok("ls -n /app/a", "-rw-r--r-- 1 0 0 0 Nov 14 22:13 /app/a\n");
    d.ok("ls /app/a /app/sub", "/app/a\n\n/app/sub:\n");
    d.ok("ls -R /app/sub", "/app/sub:\n");
    d.err(
        "ls /nope",
        2,
        "ls: cannot access '/nope': No such file or directory\n",
    );
    d.cwd = "/app".into();
    d.ok("ls -R", ".:\na\nb\nbig\nlnk\nsub\n\n./sub:\n");
    // An old base-image file: the year, not the time.
    let o = d.run("ls -l /etc/hostname");
    assert!(
        o.stdout.starts_with("-rw-r--r-- 1 root root 10 "),
        "{}",
        o.stdout
    );
    let mut a = image(ALPINE);
    a.ok("mkdir /app", "");
    a.ok("touch /app/f", "");
    a.ok(
        "ls -l /app",
        "total 0\n-rw-r--r--    1 root     root             0 Nov 14 22:13 f\n",
    );
    a.err("ls /nope", 1, "ls: /nope: No such file or directory\n");
}

#[test]
fn stat_du_readlink_realpath() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /app/d", "");
    d.fs.write_file(
        &FsPath::new("/app/d/f"),
        layercake::fs::Content::Bytes(vec![b'x'; 5000].into()),
        0o640,
    )
    .expect("write");
    d.ok(
        "stat -c %a:%U:%G:%s:%n:%F /app/d/f",
        "640:root:root:5000:/app/d/f:regular file\n",
    );
    d.ok("stat -c %A /app/d", "drwxr-xr-x\n");
    d.err(
        "stat /nope",
        1,
        "stat: cannot statx '/nope': No such file or directory\n",
    );
    d.ok("du -s /app", "16\t/app\n");
    d.ok("du /app", "12\t/app/d\n16\t/app\n");
    d.ok("du -a /app", "8\t/app/d/f\n12\t/app/d\n16\t/app\n");
    d.ok("du -sh /app", "16K\t/app\n");
    d.ok("ln -s d/f /app/l", "");
    d.ok("readlink /app/l", "d/f\n");
    d.err("readlink /app/d", 1, "");
    d.ok("readlink -f /app/l", "/app/d/f\n");
    d.ok("readlink -f /app/nope", "/app/nope\n");
    d.ok("realpath /app/l /usr/../etc", "/app/d/f\n/etc\n");
    d.ok("readlink -f /bin/sh", "/usr/bin/dash\n");
    d.err(
        "realpath /x/y",
        1,
        "realpath: /x/y: No such file or directory\n",
    );
}

#[test]
fn text_cat_head_tail_wc() {
    let mut d = image(DEBIAN);
    d.fs.write_file(
        &FsPath::new("/f"),
        layercake::fs::Content::Bytes(b"one\ntwo\nthree\nfour\nfive\n".to_vec().into()),
        0o644,
    )
    .expect("write");
    d.ok("cat /f", "one\ntwo\nthree\nfour\nfive\n");
    assert_eq!(d.run_in("cat", "in\n").stdout, "in\n");
    assert_eq!(
        d.run_in("cat - /etc/hostname", "in\n").stdout,
        "in\nlocalhost\n"
    );
    d.ok("cat -n /etc/hostname", "     1\tlocalhost\n");
    d.err("cat /nope", 1, "cat: /nope: No such file or directory\n");
    d.err("cat /etc", 1, "cat: /etc: Is a directory\n");
    d.ok("head -n 2 /f", "one\ntwo\n");
    d.ok("head -2 /f", "one\ntwo\n");
    d.ok("head -c 5 /f", "one\nt");
    d.ok("head -n -3 /f", "one\ntwo\n");
    d.ok("tail -n 2 /f", "four\nfive\n");
    d.ok("tail -1 /f", "five\n");
    d.ok("tail -n +4 /f", "four\nfive\n");
    d.ok("tail -c 5 /f", "five\n");
    d.ok(
        "head -n 1 /f /etc/hostname",
        "==> /f <==\none\n\n==> /etc/hostname <==\nlocalhost\n",
    );
    d.err(
        "head /nope",
        1,
        "head: cannot open '/nope' for reading: No such file or directory\n",
    );
    d.ok("wc -l /f", "5 /f\n");
    d.ok("wc /f", " 5  5 24 /f\n");
    d.ok(
        "wc -c /f /etc/hostname",
        "24 /f\n10 /etc/hostname\n34 total\n",
    );
    assert_eq!(d.run_in("wc -l", "a\nb\n").stdout, "2\n");
    assert_eq!(
        d.run_in("wc", "a b\nc\n").stdout,
        "      2       3       6\n"
    );
    assert_eq!(d.run_in("wc -w", "hello big world").stdout, "3\n");
    let mut a = image(ALPINE);
    assert_eq!(
        a.run_in("wc", "a b\nc\n").stdout,
        "        2         3         6\n"
    );
    assert_eq!(a.run_in("wc -l", "a b\nc\n").stdout, "2\n");
    a.err(
        "cat /nope",
        1,
        "cat: can't open '/nope': No such file or directory\n",
    );
    a.err(
        "head /nope",
        1,
        "head: can't open '/nope': No such file or directory\n",
    );
}

#[test]
fn text_filters() {
    let mut d = image(DEBIAN);
    assert_eq!(d.run_in("tr a-z A-Z", "hello\n").stdout, "HELLO\n");
    assert_eq!(
        d.run_in("tr [:upper:] [:lower:]", "Hello World\n").stdout,
        "hello world\n"
    );
    assert_eq!(d.run_in("tr -d [:digit:]", "a1b2c3\n").stdout, "abc\n");
    assert_eq!(d.run_in("tr -s ' '", "a   b    c\n").stdout, "a b c\n");
    assert_eq!(d.run_in("tr -cd [:alnum:]", "a-b_c!\n").stdout, "abc");
    assert_eq!(d.run_in("tr : \\n", "a:b:c").stdout, "a\nb\nc");
    assert_eq!(d.run_in("tr abc x", "aabbcc").stdout, "xxxxxx");
    let o = d.run_in("tr a", "");
    assert_eq!((o.status, o.stderr.as_str()), (1, "tr: missing operand after 'a'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n"));
    assert_eq!(
        d.run_in("cut -d : -f 1", "root:x:0\nbin:x:1\n").stdout,
        "root\nbin\n"
    );
    assert_eq!(d.run_in("cut -d : -f 1,3", "root:x:0\n").stdout, "root:0\n");
    assert_eq!(
        d.run_in("cut -d , -f 2-", "a,b,c,d\nnodelim\n").stdout,
        "b,c,d\nnodelim\n"
    );
    assert_eq!(d.run_in("cut -s -d , -f 2", "a,b\nnodelim\n").stdout, "b\n");
    assert_eq!(d.run_in("cut -c 1-3,5", "abcdefg\n").stdout, "abce\n");
    assert_eq!(d.run_in("cut -f 2", "a\tb\tc\n").stdout, "b\n");
    let o = d.run_in("cut -d :", "");
    assert_eq!((o.status, o.stderr.as_str()), (1, "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n"));
    assert_eq!(d.run_in("sort", "b\na\nC\n").stdout, "C\na\nb\n");
    assert_eq!(d.run_in("sort -r", "b\na\nc\n").stdout, "c\nb\na\n");
    assert_eq!(
        d.run_in("sort -n", "10\n9\n100\n-1\n").stdout,
        "-1\n9\n10\n100\n"
    );
    assert_eq!(d.run_in("sort -u", "b\na\nb\n").stdout, "a\nb\n");
    assert_eq!(
        d.run_in("sort -t : -k 3 -n", "a:x:10\nb:x:2\nc:x:33\n")
            .stdout,
        "b:x:2\na:x:10\nc:x:33\n"
    );
    assert_eq!(
        d.run_in("sort -k 2,2 -k 1r", "x 1\ny 2\nz 1\n").stdout,
        "z 1\nx 1\ny 2\n"
    );
    assert_eq!(
        d.run_in("sort -k2nr", "a 3\nb 10\nc 1\n").stdout,
        "b 10\na 3\nc 1\n"
    );
    assert_eq!(
        d.run_in("sort -V", "1.10\n1.2\n1.9\n").stdout,
        "1.2\n1.9\n1.10\n"
    );
    assert_eq!(d.run_in("uniq", "a\na\nb\na\n").stdout, "a\nb\na\n");
    assert_eq!(
        d.run_in("uniq -c", "a\na\nb\n").stdout,
        "      2 a\n      1 b\n"
    );
    assert_eq!(d.run_in("uniq -d", "a\na\nb\n").stdout, "a\n");
    assert_eq!(d.run_in("uniq -u", "a\na\nb\n").stdout, "b\n");
    let o = d.run_in("sort /nope", "");
    assert_eq!(
        (o.status, o.stderr.as_str()),
        (2, "sort: cannot read: /nope: No such file or directory\n")
    );
}

#[test]
fn small_text_tools() {
    let mut d = image(DEBIAN);
    d.ok("basename /usr/local/bin/", "bin\n");
    d.ok("basename /a/b.tar.gz .gz", "b.tar\n");
    d.ok("basename -s .c /x/a.c /y/b.c", "a\nb\n");
    d.ok("basename /", "/\n");
    d.ok("dirname /usr/local/bin", "/usr/local\n");
    d.ok("dirname file", ".\n");
    d.ok("dirname /", "/\n");
    d.ok("dirname a/b/ c", "a\n.\n");
    d.err(
        "basename",
        1,
        "basename: missing operand\nTry 'basename --help' for more information.\n",
    );
    d.ok("seq 3", "1\n2\n3\n");
    d.ok("seq 2 4", "2\n3\n4\n");
    d.ok("seq 10 -3 1", "10\n7\n4\n1\n");
    d.ok("seq -s , 3", "1,2,3\n");
    d.ok("seq -w 8 10", "08\n09\n10\n");
    d.ok("seq 0 0.5 1.5", "0.0\n0.5\n1.0\n1.5\n");
    d.ok("seq 5 1", "");
    d.err(
        "seq x",
        1,
        "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n",
    );
    let o = d.run_in("tee /tmp/t1 /tmp/t2", "data\n");
    assert_eq!(o.stdout, "data\n");
    assert_eq!(d.read("/tmp/t2"), "data\n");
    d.run_in("tee -a /tmp/t1", "more\n");
    assert_eq!(d.read("/tmp/t1"), "data\nmore\n");
    let o = d.run_in("tee /nope/x", "z");
    assert_eq!(
        (o.status, o.stdout.as_str(), o.stderr.as_str()),
        (1, "z", "tee: /nope/x: No such file or directory\n")
    );
}

#[test]
fn find_without_exec() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /app/src/lib /app/empty", "");
    d.ok(
        "touch /app/src/main.c /app/src/lib/util.c /app/README.md /app/src/lib/util.h",
        "",
    );
    d.ok("ln -s src /app/link", "");
    d.cwd = "/app".into();
    d.ok("find", ".\n./README.md\n./empty\n./link\n./src\n./src/lib\n./src/lib/util.c\n./src/lib/util.h\n./src/main.c\n");
    d.ok("find . -name *.c", "./src/lib/util.c\n./src/main.c\n");
    d.ok("find . -type d", ".\n./empty\n./src\n./src/lib\n");
    d.ok("find . -type l", "./link\n");
    d.ok("find src -maxdepth 1", "src\nsrc/lib\nsrc/main.c\n");
    d.ok(
        "find . -mindepth 2 -type f -name util*",
        "./src/lib/util.c\n./src/lib/util.h\n",
    );
    d.ok("find . -empty -type d", "./empty\n");
    d.ok("find . -path ./src/* -name *.h", "./src/lib/util.h\n");
    d.ok(
        "find . ! -name *.c -type f",
        "./README.md\n./src/lib/util.h\n",
    );
    d.ok(
        "find . -name *.md -o -name *.h",
        "./README.md\n./src/lib/util.h\n",
    );
    d.ok(
        "find . ( -name *.md -o -name main.c ) -print",
        "./README.md\n./src/main.c\n",
    );
    d.ok("find . -iname readme.MD", "./README.md\n");
    d.ok("find /app/src -name *.h -print0", "/app/src/lib/util.h\0");
    d.ok("find . -name src -prune -o -type f -print", "./README.md\n");
    d.ok("find . -type f -printf %f\\n -quit", "README.md\n");
    d.ok("find . -name *.c -delete", "");
    assert!(!d.exists("/app/src/main.c"));
    d.err(
        "find /nope",
        1,
        "find: '/nope': No such file or directory\n",
    );
    d.err("find . -bogus", 1, "find: unknown predicate '-bogus'\n");
    let mut a = image(ALPINE);
    a.err("find /nope", 1, "find: /nope: No such file or directory\n");
}

#[test]
fn no_input_panics() {
    let names = [
        "echo", "printf", "test", "[", "cat", "head", "tail", "wc", "tee", "basename", "dirname",
        "seq", "tr", "cut", "sort", "uniq", "ls", "stat", "du", "readlink", "realpath", "mkdir",
        "rmdir", "touch", "rm", "cp", "mv", "ln", "chmod", "chown", "chgrp", "find", "xargs",
    ];
    let args: &[&[&str]] = &[
        &[],
        &[""],
        &["", ""],
        &["-"],
        &["--"],
        &["-z"],
        &["--bogus"],
        &["/"],
        &["/nope", "/nope2"],
        &["-R", "/etc/apt"],
        &["%", "%d", "%.*f", "%*d"],
        &["[:", "]", "[:]", "[a*]", "z-a", "\\"],
        &["-k", "0", "-t", ""],
        &["-f", "0-", "-d", ""],
        &["-n", "-1", "/etc/hostname"],
        &["-c", "99999999999999999999", "/etc/hostname"],
        &["(", "!", "-o", ")"],
        &["-exec", "{}", "+"],
        &["-I", "{}"],
        &["-s", "1e308", "1e308"],
        &["/etc/..", "/bin/../.."],
        &["-m", "u+", "/x"],
        &["1", "-eq"],
        &["-a", "-o", "-a"],
    ];
    for img in [DEBIAN, ALPINE] {
        for name in names {
            for a in args {
                let mut b = image(img);
                let line: Vec<String> = std::iter::once(name.to_string())
                    .chain(a.iter().map(|s| s.to_string()))
                    .collect();
                let env = vec!["PATH=/usr/bin:/bin".to_string()];
                let mut sh =
                    Shell::new(&mut b.fs, &env, FsPath::new("/"), (0, 0), Limits::default());
                let mut io = Io::new(Stdin::from_bytes(b"a b\n'c\0d\n".to_vec()));
                let f = commands::program(name).expect("program");
                let _ = f(&mut sh, &line, &mut io);
            }
        }
    }
}

#[test]
fn empty_operand_is_not_the_working_directory() {
    let mut d = image(DEBIAN);
    d.cwd = "/etc".into();
    d.err("rm -rf ''", 0, "");
    assert!(d.exists("/etc/passwd"));
    d.err(
        "rm -r ''",
        1,
        "rm: cannot remove '': No such file or directory\n",
    );
    d.err(
        "ls ''",
        2,
        "ls: cannot access '': No such file or directory\n",
    );
    d.err(
        "mkdir ''",
        1,
        "mkdir: cannot create directory '': No such file or directory\n",
    );
    d.err(
        "touch ''",
        1,
        "touch: cannot touch '': No such file or directory\n",
    );
}

#[test]
fn paths_through_symlinked_parents() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /usr/lib/app/sub", "");
    d.ok("touch /usr/lib/app/sub/f", "");
    d.ok(
        "du -a /lib/app",
        "0\t/lib/app/sub/f\n4\t/lib/app/sub\n8\t/lib/app\n",
    );
    d.ok("rm -rv /lib/app", "removed '/lib/app/sub/f'\nremoved directory '/lib/app/sub'\nremoved directory '/lib/app'\n");
    assert!(!d.exists("/usr/lib/app"));
}

#[test]
fn find_exec_edge_cases() {
    let mut d = image(DEBIAN);
    d.err(
        "find /etc/hostname -exec ;",
        1,
        "find: missing argument to '-exec'\n",
    );
    d.err(
        "find /etc/hostname -exec {} +",
        1,
        "find: missing argument to '-exec'\n",
    );
    d.err(
        "find /etc/hostname -exec nosuchcmd {} ;",
        1,
        "find: 'nosuchcmd': No such file or directory\n",
    );
    d.err(
        "xargs nosuchcmd",
        127,
        "xargs: nosuchcmd: No such file or directory\n",
    );
    let mut a = image(ALPINE);
    a.err(
        "find /etc/hostname -exec nosuchcmd {} ;",
        1,
        "find: can't execute 'nosuchcmd': No such file or directory\n",
    );
}

#[test]
fn deep_and_long_inputs_stay_bounded() {
    let mut d = image(DEBIAN);
    // A long chain of tests and negations, and deep parentheses: no deep recursion.
    let many = vec!["-true"; 5_000].join(" ");
    let o = d.run(&format!("find /etc/hostname {many}"));
    assert_eq!(o.stdout, "/etc/hostname\n");
    let nots = vec!["!"; 5_001].join(" ");
    d.ok(
        &format!("find /etc/hostname {nots} -false"),
        "/etc/hostname\n",
    );
    d.err(&format!("test {nots} -n x"), 1, "");
    let parens = format!(
        "{} x {}",
        vec!["("; 5000].join(" "),
        vec![")"; 5000].join(" ")
    );
    assert_eq!(d.run(&format!("test {parens}")).status, 2);
    assert_eq!(d.run(&format!("find / {parens}")).status, 1);
    // A symlink loop under -L and cp -rL end.
    d.ok("mkdir -p /loop/a", "");
    d.ok("ln -s .. /loop/a/up", "");
    let o = d.run("find -L /loop -name nothing");
    assert_eq!(o.stdout, "");
    let o = d.run("cp -rL /loop /copy");
    assert_eq!(o.status, 1);
    assert!(
        o.stderr.starts_with("cp: cannot stat '/loop/a/up/a/up/"),
        "{}",
        o.stderr
    );
    // A deep tree: walked without recursion.
    let mut deep = String::from("/deep");
    for _ in 0..120 {
        deep.push_str("/d");
    }
    d.ok(&format!("mkdir -p {deep}"), "");
    let o = d.run("find /deep -type d");
    assert_eq!(o.stdout.lines().count(), 121);
}

#[test]
fn filter_extras() {
    let mut d = image(DEBIAN);
    assert_eq!(
        d.run_in("sort -h", "2M\n999\n1K\n10\n").stdout,
        "10\n999\n1K\n2M\n"
    );
    assert_eq!(
        d.run_in("sort -rh", "2M\n999\n1K\n").stdout,
        "2M\n1K\n999\n"
    );
    assert_eq!(d.run_in("tr -t abc xy", "aabbcc\n").stdout, "xxyycc\n");
    assert_eq!(
        d.run_in("cut -d , -f 2 --complement", "a,b,c\n").stdout,
        "a,c\n"
    );
}

#[test]
fn dev_null_and_ls_color() {
    let mut d = image(DEBIAN);
    d.ok("cp /dev/null /tmp/empty", "");
    assert_eq!(d.read("/tmp/empty"), "");
    d.ok("install -m 640 /dev/null /tmp/log", "");
    assert_eq!(d.mode("/tmp/log"), 0o640);
    d.ok("cat /dev/null", "");
    d.ok("ls --color=auto /tmp", "empty\nlog\n");
    d.ok("mkdir /tmp/zdir", "");
    d.ok("ls --group-directories-first /tmp", "zdir\nempty\nlog\n");
}

#[test]
fn find_regex() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /r/src", "");
    d.ok("touch /r/src/a.c /r/src/a.h /r/README.md /r/notes.txt", "");
    d.cwd = "/r".into();
    d.ok("find . -regex .*\\.\\(c\\|h\\)", "./src/a.c\n./src/a.h\n");
    d.ok(
        "find . -regextype posix-extended -regex .*\\.(md|txt)",
        "./README.md\n./notes.txt\n",
    );
    d.ok("find . -regex ./src/a.+", "./src/a.c\n./src/a.h\n");
    d.ok("find . -iregex .*readme.*", "./README.md\n");
    d.ok("find . -regex src", "");
}

#[test]
fn find_access_tests() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /x", "");
    d.ok("touch /x/run /x/data", "");
    d.ok("chmod 755 /x/run", "");
    d.ok("find /x -type f -executable", "/x/run\n");
    d.ok("find /x -type f -readable", "/x/data\n/x/run\n");
}

#[test]
fn relative_links_and_paths() {
    let mut d = image(DEBIAN);
    d.ok("ln -rs /usr/bin/env /usr/local/bin/env", "");
    d.ok("readlink /usr/local/bin/env", "../../bin/env\n");
    d.ok("readlink -f /usr/local/bin/env", "/usr/bin/env\n");
    d.ok(
        "realpath --relative-to=/usr/local /usr/bin/env /usr/local",
        "../bin/env\n.\n",
    );
    d.ok(
        "realpath --relative-base=/usr /usr/bin/env /etc",
        "bin/env\n/etc\n",
    );
}

#[test]
fn chown_verbose() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /v/w", "");
    d.ok(
        "chown -Rv www-data /v",
        "changed ownership of '/v' from root:root to www-data:root\nchanged ownership of '/v/w' from root:root to www-data:root\n",
    );
    d.ok("chown -c www-data:root /v", "");
    d.ok(
        "chgrp -v staff /v",
        "changed group of '/v' from root to staff\n",
    );
    d.ok(
        "chown -v www-data:staff /v",
        "ownership of '/v' retained as www-data:staff\n",
    );
}

#[test]
fn cp_parents() {
    let mut d = image(DEBIAN);
    d.ok("mkdir -p /src/a/b /dst", "");
    d.ok("touch /src/a/b/f", "");
    d.cwd = "/src".into();
    d.ok("cp --parents a/b/f /dst", "");
    assert!(d.exists("/dst/a/b/f"));
    d.err(
        "cp --parents a/b/f /nodir",
        1,
        "cp: with --parents, the destination must be a directory\n",
    );
}

#[test]
fn smaller_coreutils() {
    let mut d = image(DEBIAN);
    d.ok("sync", "");
    d.ok("touch /tmp/u", "");
    d.ok("unlink /tmp/u", "");
    assert!(!d.exists("/tmp/u"));
    d.err(
        "unlink /tmp",
        1,
        "unlink: cannot unlink '/tmp': Is a directory\n",
    );
    d.ok("truncate -s 10 /tmp/t", "");
    assert_eq!(d.read("/tmp/t"), "\0".repeat(10));
    d.ok("truncate -s 0 /tmp/t", "");
    assert_eq!(d.read("/tmp/t"), "");
    assert_eq!(d.run_in("tac", "a\nb\nc\n").stdout, "c\nb\na\n");
    assert_eq!(d.run_in("paste -sd, -", "a\nb\nc\n").stdout, "a,b,c\n");
    assert_eq!(
        d.run_in("nl", "a\n\nb\n").stdout,
        "     1\ta\n       \n     2\tb\n"
    );
    assert_eq!(d.run_in("fold -w 3", "abcdefg\n").stdout, "abc\ndef\ng\n");
    assert_eq!(
        d.run_in("base64", "hello world\n").stdout,
        "aGVsbG8gd29ybGQK\n"
    );
    assert_eq!(
        d.run_in("base64 -d", "aGVsbG8gd29ybGQK\n").stdout,
        "hello world\n"
    );
    assert_eq!(d.run_in("base64", "").stdout, "");
    assert_eq!(d.run_in("base64 -w 0", "hi\n").stdout, "aGkK");
    d.ok("timeout 10 echo hi", "hi\n");
    d.ok("nohup echo hi", "hi\n");
    d.err(
        "nice nosuch",
        127,
        "nice: 'nosuch': No such file or directory\n",
    );
    assert!(d.run("yes").stdout.starts_with("y\ny\n"));
    d.fs.write_file(
        &FsPath::new("/tmp/c1"),
        layercake::fs::Content::Bytes(b"a\nb\nd\n".to_vec().into()),
        0o644,
    )
    .expect("w");
    d.fs.write_file(
        &FsPath::new("/tmp/c2"),
        layercake::fs::Content::Bytes(b"b\nc\nd\n".to_vec().into()),
        0o644,
    )
    .expect("w");
    d.ok("comm /tmp/c1 /tmp/c2", "a\n\t\tb\n\tc\n\t\td\n");
    d.ok("comm -12 /tmp/c1 /tmp/c2", "b\nd\n");
}

#[test]
fn hard_link_counts() {
    let mut d = image(DEBIAN);
    d.ok("mkdir /h", "");
    d.ok("touch /h/a /h/other", "");
    d.ok("ln /h/a /h/b", "");
    d.ok("ln /h/a /h/c", "");
    let o = d.run("ls -l /h");
    let counts: Vec<&str> = o
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(1).unwrap_or(""))
        .collect();
    assert_eq!(counts, ["3", "3", "3", "1"], "{}", o.stdout);
    d.ok("stat -c %h /h/b", "3\n");
    let mut b = image("busybox:latest");
    let o = b.run("ls -l /bin/ls");
    assert!(o.stdout.starts_with("-rwxr-xr-x  "), "{}", o.stdout);
    let n: u64 = o
        .stdout
        .split_whitespace()
        .nth(1)
        .and_then(|x| x.parse().ok())
        .unwrap_or(0);
    assert!(n > 10, "{}", o.stdout);
}
