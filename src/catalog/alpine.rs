//! Alpine root filesystems from the real `alpine-minirootfs-3.20.3-x86_64` listing
//! (`data/alpine-3.20.3-minirootfs-x86_64.tsv`: every path, type, mode, size and link target).
//! Files whose text we know are written literally; the rest (binaries, keys, certificates)
//! are synthetic content of the listed size. Other 3.x versions change the version strings and
//! adjust `/lib/libcrypto.so.3` so the layer has that version's size.

use super::build::LayerBuilder;
use crate::fs::{Layer, Node};

/// The listing: `type mode size path link_target`, tab-separated, with a header line.
pub const MINIROOTFS_TSV: &str = include_str!("data/alpine-3.20.3-minirootfs-x86_64.tsv");

/// One Alpine release the catalog has.
#[derive(Debug, Clone, Copy)]
pub struct AlpineRelease {
    /// `3.20.3`.
    pub version: &'static str,
    /// `3.20`.
    pub branch: &'static str,
    /// Total bytes of file content of the rootfs (`docker image ls` size).
    pub bytes: u64,
    /// Build time of the image (seconds since the epoch).
    pub created: i64,
}

/// Bytes of file content in the 3.20.3 listing.
pub const MINIROOTFS_BYTES: u64 = 7_792_915;

/// Files whose literal content does not have the listing's size (we know their meaning, not
/// their exact bytes): the test of the listing skips their size.
pub const SIZE_DIFFERS: &[&str] = &["/etc/group", "/lib/apk/db/installed"];

/// One parsed line of the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingEntry {
    /// `d`, `-` or `l`.
    pub kind: char,
    /// Permission bits.
    pub mode: u32,
    /// Size in bytes (files).
    pub size: u64,
    /// Absolute path without trailing slash (`/` for the root).
    pub path: String,
    /// Symlink target.
    pub target: String,
}

/// The listing's entries, in file order.
pub fn listing() -> Vec<ListingEntry> {
    MINIROOTFS_TSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = line.split('\t');
            let kind = f.next()?.chars().next()?;
            let mode = parse_mode(f.next()?);
            let size = f.next()?.parse().ok()?;
            let raw = f.next()?;
            let path = if raw == "/" {
                "/".to_string()
            } else {
                raw.trim_end_matches('/').to_string()
            };
            let target = f.next().unwrap_or("").to_string();
            Some(ListingEntry {
                kind,
                mode,
                size,
                path,
                target,
            })
        })
        .collect()
}

/// `-rwxr-xr-x` → `0o755` (with setuid/setgid/sticky from `s`/`t`).
pub fn parse_mode(s: &str) -> u32 {
    let b = s.as_bytes();
    let mut mode = 0;
    for (i, &c) in b.iter().enumerate().skip(1).take(9) {
        let bit = 1 << (9 - i);
        if c != b'-' && !(c == b'S' || c == b'T') {
            mode |= bit;
        }
    }
    let special =
        |i: usize, lower: u8, upper: u8| b.get(i).is_some_and(|&c| c == lower || c == upper);
    if special(3, b's', b'S') {
        mode |= 0o4000;
    }
    if special(6, b's', b'S') {
        mode |= 0o2000;
    }
    if special(9, b't', b'T') {
        mode |= 0o1000;
    }
    mode
}

/// `/etc/os-release` of a release.
pub fn os_release(r: &AlpineRelease) -> String {
    format!(
        "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID={}\nPRETTY_NAME=\"Alpine Linux v{}\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n",
        r.version, r.branch
    )
}

/// alpine-baselayout's `/etc/passwd`.
pub const PASSWD: &str = "root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
";

/// alpine-baselayout's `/etc/group` (`www-data` is gid 82 on Alpine).
pub const GROUP: &str = "root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin
adm:x:4:root,daemon
tty:x:5:
disk:x:6:root
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
console:x:17:
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
shadow:x:42:
www-data:x:82:
users:x:100:games
ntp:x:123:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
";

const MOTD: &str = "Welcome to Alpine!

The Alpine Wiki contains a large amount of how-to guides and general
information about administrating Alpine systems.
See <https://wiki.alpinelinux.org/>.

You can setup the system with the command: setup-alpine

You may change this message by editing /etc/motd.

";

/// The packages of a minirootfs: `(name, version, description)`.
pub const BASE_PACKAGES: &[(&str, &str, &str)] = &[
    (
        "alpine-baselayout",
        "3.6.5-r0",
        "Alpine base dir structure and init scripts",
    ),
    (
        "alpine-baselayout-data",
        "3.6.5-r0",
        "Alpine base dir structure and init scripts",
    ),
    (
        "alpine-keys",
        "2.4-r1",
        "Public keys for Alpine Linux packages",
    ),
    (
        "apk-tools",
        "2.14.4-r1",
        "Alpine Package Keeper - package manager for alpine",
    ),
    (
        "busybox",
        "1.36.1-r29",
        "Size optimized toolbox of many common UNIX utilities",
    ),
    ("busybox-binsh", "1.36.1-r29", "busybox ash /bin/sh"),
    (
        "ca-certificates-bundle",
        "20240705-r0",
        "Pre generated bundle of Mozilla certificates",
    ),
    ("libcrypto3", "3.3.2-r0", "Crypto library from openssl"),
    ("libssl3", "3.3.2-r0", "SSL shared libraries"),
    (
        "musl",
        "1.2.5-r0",
        "the musl c library (libc) implementation",
    ),
    (
        "musl-utils",
        "1.2.5-r0",
        "the musl c library (libc) implementation",
    ),
    ("scanelf", "1.3.7-r2", "Scan ELF binaries for stuff"),
    (
        "ssl_client",
        "1.36.1-r29",
        "EXternal ssl_client for busybox wget",
    ),
    ("zlib", "1.3.1-r1", "A compression/decompression Library"),
];

/// `/lib/apk/db/installed` for a package list (the fields `apk info` reads: P, V, A, T).
pub fn apk_installed(packages: &[(&str, &str, &str)]) -> String {
    let mut out = String::new();
    for (name, version, desc) in packages {
        out.push_str(&format!(
            "P:{name}\nV:{version}\nA:x86_64\nT:{desc}\no:{name}\n\n"
        ));
    }
    out
}

/// The root filesystem layer of `release` (`ADD alpine-minirootfs-<v>-x86_64.tar.gz /`).
pub fn rootfs(release: &AlpineRelease) -> Layer {
    let id = format!("alpine-{}", release.version);
    let mut b = LayerBuilder::new(&id, release.created);
    let crypto_delta = release.bytes as i64 - MINIROOTFS_BYTES as i64;
    for e in listing() {
        if e.path == "/" {
            continue;
        }
        match e.kind {
            'd' => {
                b.dir(&e.path, e.mode);
            }
            'l' => {
                b.link(&e.path, &e.target);
            }
            _ => {
                let size = if e.path == "/lib/libcrypto.so.3" {
                    (e.size as i64 + crypto_delta).max(1) as u64
                } else {
                    e.size
                };
                match literal(&e.path, release) {
                    Some(text) => b.text(&e.path, e.mode, &text),
                    None => b.synth(&e.path, e.mode, size),
                };
            }
        }
    }
    b.put(
        "/etc/shadow",
        Node::synthetic(260, 0x5eed, 0o640).owned(0, 42),
    );
    b.build()
}

/// Literal content of the files whose text is known.
fn literal(path: &str, r: &AlpineRelease) -> Option<String> {
    let repos = format!(
        "https://dl-cdn.alpinelinux.org/alpine/v{b}/main\nhttps://dl-cdn.alpinelinux.org/alpine/v{b}/community\n",
        b = r.branch
    );
    Some(match path {
        "/etc/os-release" => os_release(r),
        "/etc/alpine-release" => format!("{}\n", r.version),
        "/etc/apk/repositories" => repos,
        "/etc/apk/arch" => "x86_64\n".to_string(),
        "/etc/apk/world" => {
            "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nlibc-utils\n".to_string()
        }
        "/etc/hostname" => "localhost\n".to_string(),
        "/etc/shells" => "# valid login shells\n/bin/sh\n/bin/ash\n".to_string(),
        "/etc/hosts" => {
            "127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n"
                .to_string()
        }
        "/etc/motd" => MOTD.to_string(),
        "/etc/passwd" => PASSWD.to_string(),
        "/etc/group" => GROUP.to_string(),
        "/lib/apk/db/installed" => apk_installed(BASE_PACKAGES),
        "/usr/bin/ldd" => "#!/bin/sh\nexec /lib/ld-musl-x86_64.so.1 --list \"$@\"\n".to_string(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse() {
        assert_eq!(parse_mode("drwxrwxrwt"), 0o1777);
        assert_eq!(parse_mode("-rw-r-----"), 0o640);
        assert_eq!(parse_mode("-rwsr-xr-x"), 0o4755);
        assert_eq!(parse_mode("dr-xr-xr-x"), 0o555);
    }

    #[test]
    fn listing_has_every_line() {
        let l = listing();
        assert_eq!(l.len(), 518);
        let bytes: u64 = l.iter().filter(|e| e.kind == '-').map(|e| e.size).sum();
        assert_eq!(bytes, MINIROOTFS_BYTES);
    }
}
