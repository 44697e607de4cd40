//! Debian and Ubuntu root filesystems (debuerreotype / Ubuntu cloud images) and busybox:
//! the real layout (merged `/usr` or not), `/bin/sh -> dash`, bash, apt and dpkg, users and
//! groups, `os-release`, apt sources, Docker's apt settings, an empty `/var/lib/apt/lists`,
//! a `dpkg` status of the essential packages; the bulk as synthetic libraries of real names.

use super::build::LayerBuilder;
use crate::fs::Layer;

/// What differs between the Debian-family releases the catalog has.
#[derive(Debug, Clone, Copy)]
pub struct DebianRelease {
    /// Layer id (`debian-bookworm-slim`).
    pub id: &'static str,
    /// Full `/etc/os-release` text.
    pub os_release: &'static str,
    /// `/etc/debian_version`.
    pub debian_version: &'static str,
    /// `/` merged into `/usr` (`/bin -> usr/bin`): Debian 12+, Ubuntu 22.04+.
    pub merged_usr: bool,
    /// Ubuntu 24.04's `ubuntu` user (1000).
    pub ubuntu_user: bool,
    /// Uid of `_apt`.
    pub apt_uid: u32,
    /// Apt sources file path and content.
    pub sources: (&'static str, &'static str),
    /// Bytes of file content of the layer.
    pub bytes: u64,
    /// Build time.
    pub created: i64,
}

const BASE_PASSWD: &str = "root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
";

const BASE_GROUP: &str = "root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
";

/// `/etc/passwd` of a release.
pub fn passwd(r: &DebianRelease) -> String {
    let mut s = BASE_PASSWD.to_string();
    s.push_str(&format!(
        "_apt:x:{}:65534::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
        r.apt_uid
    ));
    if r.ubuntu_user {
        s.push_str("ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n");
    }
    s
}

/// `/etc/group` of a release.
pub fn group(r: &DebianRelease) -> String {
    let mut s = BASE_GROUP.to_string();
    if r.ubuntu_user {
        s.push_str("ubuntu:x:1000:\n");
    }
    s
}

/// Essential packages listed in `/var/lib/dpkg/status`: `(name, installed KiB)`.
const PACKAGES: &[(&str, u32)] = &[
    ("apt", 4_178),
    ("base-files", 341),
    ("base-passwd", 243),
    ("bash", 7_164),
    ("bsdutils", 394),
    ("coreutils", 18_457),
    ("dash", 191),
    ("debconf", 512),
    ("debianutils", 243),
    ("diffutils", 1_551),
    ("dpkg", 6_425),
    ("findutils", 1_734),
    ("gpgv", 875),
    ("grep", 1_176),
    ("gzip", 240),
    ("hostname", 45),
    ("init-system-helpers", 130),
    ("libc-bin", 2_405),
    ("libc6", 12_986),
    ("login", 2_519),
    ("mawk", 268),
    ("mount", 479),
    ("ncurses-base", 393),
    ("ncurses-bin", 646),
    ("passwd", 2_839),
    ("perl-base", 7_710),
    ("sed", 958),
    ("sysvinit-utils", 105),
    ("tar", 3_083),
    ("tzdata", 3_425),
    ("util-linux", 3_577),
    ("zlib1g", 156),
];

/// `/var/lib/dpkg/status` (the fields `dpkg -l` and `dpkg -s` read).
pub fn dpkg_status() -> String {
    let mut s = String::new();
    for (name, kib) in PACKAGES {
        s.push_str(&format!(
            "Package: {name}\nStatus: install ok installed\nPriority: required\nInstalled-Size: {kib}\nArchitecture: amd64\n\n"
        ));
    }
    s
}

const BINS: &[(&str, u64)] = &[
    ("/usr/bin/bash", 1_265_648),
    ("/usr/bin/dash", 125_560),
    ("/usr/bin/apt", 18_824),
    ("/usr/bin/apt-get", 84_536),
    ("/usr/bin/apt-cache", 88_664),
    ("/usr/bin/apt-config", 22_936),
    ("/usr/bin/apt-mark", 55_320),
    ("/usr/bin/dpkg", 326_904),
    ("/usr/bin/dpkg-query", 154_936),
    ("/usr/bin/dpkg-deb", 158_768),
    ("/usr/bin/perl", 3_974_496),
    ("/usr/bin/ls", 151_344),
    ("/usr/bin/cat", 44_016),
    ("/usr/bin/cp", 151_152),
    ("/usr/bin/mv", 147_152),
    ("/usr/bin/rm", 72_752),
    ("/usr/bin/mkdir", 97_552),
    ("/usr/bin/chmod", 64_400),
    ("/usr/bin/chown", 72_624),
    ("/usr/bin/ln", 76_688),
    ("/usr/bin/echo", 35_632),
    ("/usr/bin/env", 48_536),
    ("/usr/bin/sleep", 35_632),
    ("/usr/bin/touch", 97_552),
    ("/usr/bin/head", 43_888),
    ("/usr/bin/tail", 64_464),
    ("/usr/bin/sort", 118_456),
    ("/usr/bin/uname", 35_600),
    ("/usr/bin/id", 48_144),
    ("/usr/bin/whoami", 35_632),
    ("/usr/bin/date", 109_808),
    ("/usr/bin/pwd", 39_728),
    ("/usr/bin/true", 35_600),
    ("/usr/bin/false", 35_600),
    ("/usr/bin/test", 48_016),
    ("/usr/bin/[", 52_112),
    ("/usr/bin/wc", 48_144),
    ("/usr/bin/tr", 52_112),
    ("/usr/bin/cut", 48_048),
    ("/usr/bin/tee", 39_760),
    ("/usr/bin/sha256sum", 52_080),
    ("/usr/bin/grep", 203_152),
    ("/usr/bin/sed", 121_288),
    ("/usr/bin/gzip", 93_536),
    ("/usr/bin/tar", 531_984),
    ("/usr/bin/find", 224_848),
    ("/usr/bin/xargs", 72_304),
    ("/usr/bin/hostname", 22_760),
    ("/usr/bin/mawk", 158_760),
    ("/usr/bin/su", 72_000),
    ("/usr/bin/mount", 59_704),
    ("/usr/sbin/useradd", 147_776),
    ("/usr/sbin/groupadd", 84_488),
    ("/usr/sbin/usermod", 143_720),
    ("/usr/sbin/userdel", 97_936),
    ("/usr/sbin/ldconfig", 1_064_200),
    // The rest of GNU coreutils 9.1 (sizes of bookworm's amd64 binaries, rounded).
    ("/usr/bin/arch", 35_592),
    ("/usr/bin/b2sum", 60_912),
    ("/usr/bin/base32", 39_728),
    ("/usr/bin/base64", 39_728),
    ("/usr/bin/basename", 35_696),
    ("/usr/bin/basenc", 52_016),
    ("/usr/bin/chcon", 64_432),
    ("/usr/bin/chgrp", 64_368),
    ("/usr/bin/cksum", 105_104),
    ("/usr/bin/comm", 39_792),
    ("/usr/bin/csplit", 105_072),
    ("/usr/bin/dd", 72_776),
    ("/usr/bin/df", 85_968),
    ("/usr/bin/dir", 151_344),
    ("/usr/bin/dircolors", 47_888),
    ("/usr/bin/dirname", 35_664),
    ("/usr/bin/du", 97_616),
    ("/usr/bin/expand", 39_760),
    ("/usr/bin/expr", 51_920),
    ("/usr/bin/factor", 72_656),
    ("/usr/bin/fmt", 39_760),
    ("/usr/bin/fold", 39_728),
    ("/usr/bin/groups", 35_664),
    ("/usr/bin/hostid", 35_600),
    ("/usr/bin/install", 155_344),
    ("/usr/bin/join", 52_016),
    ("/usr/bin/link", 35_600),
    ("/usr/bin/logname", 35_600),
    ("/usr/bin/md5sum", 44_016),
    ("/usr/bin/mkfifo", 64_336),
    ("/usr/bin/mknod", 64_336),
    ("/usr/bin/mktemp", 39_824),
    ("/usr/bin/nice", 35_728),
    ("/usr/bin/nl", 43_920),
    ("/usr/bin/nohup", 35_664),
    ("/usr/bin/nproc", 35_696),
    ("/usr/bin/numfmt", 64_336),
    ("/usr/bin/od", 64_432),
    ("/usr/bin/paste", 39_760),
    ("/usr/bin/pathchk", 35_664),
    ("/usr/bin/pinky", 35_760),
    ("/usr/bin/pr", 72_880),
    ("/usr/bin/printenv", 35_632),
    ("/usr/bin/printf", 52_048),
    ("/usr/bin/ptx", 64_528),
    ("/usr/bin/readlink", 39_760),
    ("/usr/bin/realpath", 39_824),
    ("/usr/bin/rmdir", 43_888),
    ("/usr/bin/runcon", 35_696),
    ("/usr/bin/seq", 48_048),
    ("/usr/bin/sha1sum", 44_016),
    ("/usr/bin/sha224sum", 52_208),
    ("/usr/bin/sha384sum", 84_976),
    ("/usr/bin/sha512sum", 84_976),
    ("/usr/bin/shred", 56_176),
    ("/usr/bin/shuf", 48_112),
    ("/usr/bin/split", 56_208),
    ("/usr/bin/stat", 84_904),
    ("/usr/bin/stdbuf", 48_080),
    ("/usr/bin/stty", 76_528),
    ("/usr/bin/sum", 39_760),
    ("/usr/bin/sync", 35_664),
    ("/usr/bin/tac", 39_760),
    ("/usr/bin/timeout", 39_728),
    ("/usr/bin/truncate", 39_760),
    ("/usr/bin/tsort", 39_696),
    ("/usr/bin/tty", 35_632),
    ("/usr/bin/unexpand", 39_760),
    ("/usr/bin/uniq", 43_888),
    ("/usr/bin/unlink", 35_632),
    ("/usr/bin/users", 35_632),
    ("/usr/bin/vdir", 151_344),
    ("/usr/bin/who", 52_112),
    ("/usr/bin/yes", 35_632),
    ("/usr/sbin/chroot", 39_760),
    // grep's and gzip's wrapper scripts, debianutils' `which`, libc-bin's lookups and the rest
    // of the passwd package (approximate bookworm sizes), so the sandbox's grep, gzip, system
    // and account commands are found on PATH as in the real images.
    ("/usr/bin/egrep", 86),
    ("/usr/bin/fgrep", 86),
    ("/usr/bin/gunzip", 2_346),
    ("/usr/bin/zcat", 1_984),
    ("/usr/bin/which", 1_073),
    ("/usr/bin/getconf", 35_336),
    ("/usr/bin/getent", 35_328),
    ("/usr/bin/passwd", 68_248),
    ("/usr/sbin/chpasswd", 64_640),
    ("/usr/sbin/groupdel", 76_248),
    ("/usr/sbin/groupmod", 84_504),
];

const LIBS: &[(&str, u64)] = &[
    ("/usr/lib/x86_64-linux-gnu/libc.so.6", 1_922),
    ("/usr/lib/x86_64-linux-gnu/libm.so.6", 907),
    ("/usr/lib/x86_64-linux-gnu/libapt-pkg.so.6.0.0", 2_150),
    ("/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30", 2_260),
    ("/usr/lib/x86_64-linux-gnu/libsystemd.so.0.35.0", 920),
    ("/usr/lib/x86_64-linux-gnu/libgnutls.so.30.34.3", 2_010),
    ("/usr/lib/x86_64-linux-gnu/libp11-kit.so.0.3.0", 1_330),
    ("/usr/lib/x86_64-linux-gnu/libunistring.so.2.2.0", 1_780),
    ("/usr/lib/x86_64-linux-gnu/libdb-5.3.so", 1_780),
    ("/usr/lib/x86_64-linux-gnu/libzstd.so.1.5.4", 780),
    ("/usr/lib/x86_64-linux-gnu/liblzma.so.5.4.1", 170),
    ("/usr/lib/x86_64-linux-gnu/perl-base/unicore/Name.pm", 1_300),
    ("/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache", 27),
    ("/usr/share/zoneinfo/zone.tab", 19),
    ("/usr/share/zoneinfo/tzdata.zi", 110),
    ("/usr/share/i18n/charmaps/UTF-8.gz", 2_600),
    ("/usr/share/perl5/Debconf/Template.pm", 13),
    ("/usr/share/common-licenses/GPL-3", 35),
    ("/usr/lib/locale/C.utf8/LC_CTYPE", 350),
    ("/var/cache/debconf/templates.dat", 600),
    ("/usr/share/doc/libc6/changelog.Debian.gz", 60),
    ("/var/lib/dpkg/info/libc6:amd64.md5sums", 15),
    ("/usr/lib/udev/hwdb.bin", 9_000),
    ("/usr/share/misc/pci.ids", 1_300),
];

/// The rootfs layer of a Debian-family release.
pub fn rootfs(r: &DebianRelease) -> Layer {
    let mut b = LayerBuilder::new(r.id, r.created);
    b.dirs(&[
        "/boot",
        "/dev",
        "/etc",
        "/home",
        "/media",
        "/mnt",
        "/opt",
        "/run",
        "/srv",
        "/usr",
        "/usr/bin",
        "/usr/sbin",
        "/usr/lib",
        "/usr/local/bin",
        "/usr/local/sbin",
        "/usr/local/lib",
        "/usr/local/share",
        "/usr/share",
        "/var/cache",
        "/var/log",
        "/var/mail",
        "/var/opt",
        "/var/spool",
        "/var/backups",
        "/var/local",
        "/var/lib/dpkg",
        "/var/lib/apt/lists/partial",
        "/var/cache/apt/archives/partial",
        "/etc/apt/apt.conf.d",
        "/etc/apt/sources.list.d",
        "/etc/apt/preferences.d",
        "/etc/apt/trusted.gpg.d",
        "/etc/skel",
    ]);
    b.dir("/proc", 0o555).dir("/sys", 0o555).dir("/root", 0o700);
    b.dir("/tmp", 0o1777).dir("/var/tmp", 0o1777);
    b.link("/var/run", "/run").link("/var/lock", "/run/lock");
    if r.merged_usr {
        b.links(&[
            ("/bin", "usr/bin"),
            ("/sbin", "usr/sbin"),
            ("/lib", "usr/lib"),
            ("/lib64", "usr/lib64"),
        ]);
        b.link(
            "/usr/lib64/ld-linux-x86-64.so.2",
            "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
        );
        b.bins(BINS);
        b.link("/usr/bin/sh", "dash");
        b.link("/usr/bin/rbash", "bash");
    } else {
        // Before the /usr merge the essential binaries are in /bin and /sbin.
        for (p, size) in BINS {
            let essential = [
                "bash", "dash", "ls", "cat", "cp", "mv", "rm", "mkdir", "chmod", "chown", "ln",
                "echo", "sleep", "touch", "uname", "date", "pwd", "true", "false", "grep", "sed",
                "gzip", "tar", "hostname", "su", "mount", "chgrp", "dd", "df", "dir", "mknod",
                "mktemp", "readlink", "rmdir", "stty", "sync", "vdir", "egrep", "fgrep", "gunzip",
                "zcat", "which",
            ];
            let name = p.rsplit('/').next().unwrap_or(p);
            let path = if essential.contains(&name) {
                format!("/bin/{name}")
            } else if p.starts_with("/usr/sbin/ldconfig") {
                "/sbin/ldconfig".to_string()
            } else {
                p.to_string()
            };
            b.synth(&path, 0o755, *size);
        }
        b.link("/bin/sh", "dash");
        b.link("/bin/rbash", "bash");
    }
    b.text("/etc/os-release", 0o644, r.os_release);
    b.text("/etc/debian_version", 0o644, r.debian_version);
    b.text("/etc/passwd", 0o644, &passwd(r));
    b.text("/etc/group", 0o644, &group(r));
    b.synth("/etc/shadow", 0o640, 501)
        .chown("/etc/shadow", 0, 42);
    b.text("/etc/shells", 0o644, "# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/rbash\n/usr/bin/rbash\n/usr/bin/dash\n");
    b.text("/etc/hostname", 0o644, "localhost\n");
    b.text(r.sources.0, 0o644, r.sources.1);
    b.text("/etc/apt/apt.conf.d/docker-clean", 0o644, "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };\nAPT::Update::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };\nDir::Cache::pkgcache \"\";\nDir::Cache::srcpkgcache \"\";\n");
    b.text(
        "/etc/apt/apt.conf.d/docker-autoremove-suggests",
        0o644,
        "Apt::AutoRemove::SuggestsImportant \"false\";\n",
    );
    b.text(
        "/etc/apt/apt.conf.d/docker-gzip-indexes",
        0o644,
        "Acquire::GzipIndexes \"true\";\n",
    );
    b.text(
        "/etc/apt/apt.conf.d/docker-no-languages",
        0o644,
        "Acquire::Languages \"none\";\n",
    );
    b.text("/etc/profile", 0o644, "if [ \"$(id -u)\" -eq 0 ]; then\n  PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nelse\n  PATH=\"/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\"\nfi\nexport PATH\n");
    b.synth("/etc/bash.bashrc", 0o644, 1994);
    b.synth("/root/.bashrc", 0o644, 571);
    b.synth("/root/.profile", 0o644, 161);
    b.synth("/etc/skel/.bashrc", 0o644, 3526);
    b.synth("/etc/skel/.profile", 0o644, 807);
    b.text("/var/lib/dpkg/status", 0o644, &dpkg_status());
    if r.ubuntu_user {
        b.dir("/home/ubuntu", 0o750)
            .chown("/home/ubuntu", 1000, 1000);
        b.synth("/home/ubuntu/.bashrc", 0o644, 3771)
            .chown("/home/ubuntu/.bashrc", 1000, 1000);
    }
    let rest = r.bytes.saturating_sub(b.size());
    b.spread(rest, LIBS);
    b.build()
}

/// busybox:1.38.0 (glibc): `/bin/busybox` with its applets as hard links in `/bin`, minimal
/// `/etc/passwd` and `/etc/group`, no package manager.
pub fn busybox_rootfs(created: i64) -> Layer {
    let mut b = LayerBuilder::new("busybox-1.38.0-glibc", created);
    b.dirs(&[
        "/bin",
        "/dev",
        "/etc",
        "/home",
        "/lib",
        "/usr/sbin",
        "/var/spool/mail",
        "/var/www",
    ]);
    b.dir("/root", 0o700).dir("/tmp", 0o1777);
    b.link("/lib64", "lib");
    b.synth("/bin/busybox", 0o755, 1_142_208);
    for applet in BUSYBOX_APPLETS {
        b.put(
            &format!("/bin/{applet}"),
            crate::fs::Node {
                kind: crate::fs::NodeKind::Hardlink(crate::fs::FsPath::new("/bin/busybox")),
                ..crate::fs::Node::dir(0o755)
            },
        );
    }
    b.text("/etc/passwd", 0o644, "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n");
    b.text("/etc/group", 0o644, "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nwheel:x:10:root\nmail:x:8:\nwww-data:x:33:\noperator:x:37:\nstaff:x:50:\nusers:x:100:\nnogroup:x:65534:\n");
    b.synth("/etc/shadow", 0o600, 243);
    b.spread(
        4_450_000u64.saturating_sub(b.size()),
        &[
            ("/lib/libc.so.6", 1_922),
            ("/lib/libm.so.6", 907),
            ("/lib/libresolv.so.2", 68),
            ("/lib/libnss_files.so.2", 14),
            ("/lib/libnss_dns.so.2", 14),
            ("/lib/ld-linux-x86-64.so.2", 210),
        ],
    );
    b.build()
}

/// The applets linked to `/bin/busybox` (a representative subset of the ~400).
pub const BUSYBOX_APPLETS: &[&str] = &[
    "[",
    "[[",
    "addgroup",
    "adduser",
    "ash",
    "awk",
    "base64",
    "basename",
    "cat",
    "chgrp",
    "chmod",
    "chown",
    "clear",
    "cmp",
    "cp",
    "cut",
    "date",
    "dd",
    "df",
    "diff",
    "dirname",
    "du",
    "echo",
    "env",
    "expr",
    "false",
    "find",
    "free",
    "grep",
    "gunzip",
    "gzip",
    "head",
    "hostname",
    "httpd",
    "id",
    "kill",
    "less",
    "ln",
    "ls",
    "md5sum",
    "mkdir",
    "mktemp",
    "more",
    "mv",
    "nc",
    "nslookup",
    "ping",
    "printf",
    "ps",
    "pwd",
    "readlink",
    "realpath",
    "rm",
    "rmdir",
    "sed",
    "seq",
    "sh",
    "sha256sum",
    "sleep",
    "sort",
    "stat",
    "tail",
    "tar",
    "tee",
    "test",
    "top",
    "touch",
    "tr",
    "true",
    "uname",
    "uniq",
    "unzip",
    "uptime",
    "vi",
    "wc",
    "wget",
    "which",
    "whoami",
    "xargs",
    "yes",
    "zcat",
];
