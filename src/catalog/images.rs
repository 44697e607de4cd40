//! The catalog's images: each a function that starts from its parent image (so shared
//! layers are the same `Arc`) and replays the published image's steps — history text,
//! config changes and layers with their key files. Sizes and facts:
//! /work/shared/notes/base-images.md (copied facts are cited there).

use super::alpine::{self, AlpineRelease};
use super::build::layer_fingerprint;
use super::build::{epoch, shared_layer, ImageBuilder, LayerBuilder, DEFAULT_PATH};
use super::debian::{self, DebianRelease};
use super::files;
use crate::fs::Layer;
use crate::oci::{spec::Empty, Digest};
use std::sync::Arc;

const MB: u64 = 1_000_000;

/// Alpine releases: (tag, release).
pub const ALPINE: &[AlpineRelease] = &[
    AlpineRelease {
        version: "3.9.4",
        branch: "3.9",
        bytes: 5_530_000,
        created: epoch(2019, 5, 11, 0, 20),
    },
    AlpineRelease {
        version: "3.20.3",
        branch: "3.20",
        bytes: alpine::MINIROOTFS_BYTES,
        created: epoch(2024, 9, 6, 12, 5),
    },
    AlpineRelease {
        version: "3.21.3",
        branch: "3.21",
        bytes: 7_830_000,
        created: epoch(2025, 2, 14, 3, 28),
    },
    AlpineRelease {
        version: "3.22.6",
        branch: "3.22",
        bytes: 8_300_000,
        created: epoch(2026, 9, 17, 9, 0),
    },
    AlpineRelease {
        version: "3.23.6",
        branch: "3.23",
        bytes: 8_440_000,
        created: epoch(2026, 9, 17, 9, 0),
    },
    AlpineRelease {
        version: "3.24.2",
        branch: "3.24",
        bytes: 8_500_000,
        created: epoch(2026, 9, 17, 9, 0),
    },
];

fn alpine_release(branch: &str) -> &'static AlpineRelease {
    ALPINE
        .iter()
        .find(|r| r.branch == branch)
        .expect("catalog asks only for branches it lists")
}

/// `alpine:<branch>`: one `ADD` layer and `CMD ["/bin/sh"]`. 3.9 was built by the classic
/// builder (`ADD file:<sha> in /`), the others by BuildKit.
pub fn alpine(branch: &str) -> ImageBuilder {
    let r = alpine_release(branch);
    let layer = shared_layer(&format!("alpine-{}", r.version), || alpine::rootfs(r));
    let buildkit = branch != "3.9";
    let mut img = ImageBuilder::scratch(buildkit);
    let add = if buildkit {
        format!(
            "ADD alpine-minirootfs-{}-x86_64.tar.gz / # buildkit",
            r.version
        )
    } else {
        format!(
            "/bin/sh -c #(nop) ADD file:{} in / ",
            layer_fingerprint(&layer).hex()
        )
    };
    img.layer(r.created, &add, layer);
    img.meta(r.created, r#"CMD ["/bin/sh"]"#, |c| {
        c.env = vec![DEFAULT_PATH.to_string()];
        c.cmd = vec!["/bin/sh".to_string()];
    });
    img
}

/// `busybox:1.38.0` (glibc).
pub fn busybox() -> ImageBuilder {
    let at = epoch(2026, 9, 1, 0, 0);
    let mut img = ImageBuilder::scratch(true);
    img.layer(
        at,
        "RUN BusyBox 1.38.0 (glibc), Debian 13",
        shared_layer("busybox", || debian::busybox_rootfs(at)),
    );
    img.meta(at, r#"CMD ["sh"]"#, |c| {
        c.env = vec![DEFAULT_PATH.to_string()];
        c.cmd = vec!["sh".to_string()];
    });
    img
}

const DEBIAN_SOURCES_BOOKWORM: &str = "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";
const DEBIAN_SOURCES_TRIXIE: &str = "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie trixie-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.pgp\n\nTypes: deb\nURIs: http://deb.debian.org/debian-security\nSuites: trixie-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.pgp\n";

const BOOKWORM_OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n";
const TRIXIE_OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"13\"\nVERSION=\"13 (trixie)\"\nVERSION_CODENAME=trixie\nDEBIAN_VERSION_FULL=13.1\nID=debian\nHOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n";

const BOOKWORM_SLIM: DebianRelease = DebianRelease {
    id: "debian-bookworm-slim",
    os_release: BOOKWORM_OS_RELEASE,
    debian_version: "12.12\n",
    merged_usr: true,
    ubuntu_user: false,
    apt_uid: 42,
    sources: (
        "/etc/apt/sources.list.d/debian.sources",
        DEBIAN_SOURCES_BOOKWORM,
    ),
    bytes: 74_830_000,
    created: epoch(2026, 8, 3, 0, 0),
};

const TRIXIE_SLIM: DebianRelease = DebianRelease {
    id: "debian-trixie-slim",
    os_release: TRIXIE_OS_RELEASE,
    debian_version: "13.1\n",
    merged_usr: true,
    ubuntu_user: false,
    apt_uid: 42,
    sources: (
        "/etc/apt/sources.list.d/debian.sources",
        DEBIAN_SOURCES_TRIXIE,
    ),
    bytes: 78_640_000,
    created: epoch(2026, 8, 3, 0, 0),
};

/// The full (non-slim) trixie rootfs under buildpack-deps and the full node images.
const TRIXIE_FULL: DebianRelease = DebianRelease {
    id: "debian-trixie",
    bytes: 120 * MB,
    created: epoch(2026, 7, 13, 0, 0),
    ..TRIXIE_SLIM
};

fn debian_image(r: &'static DebianRelease, suite: &str, epoch_arg: i64) -> ImageBuilder {
    let mut img = ImageBuilder::scratch(true);
    let layer = shared_layer(r.id, || debian::rootfs(r));
    img.layer(
        r.created,
        &format!("RUN # debian.sh --arch 'amd64' out/ '{suite}' '@{epoch_arg}'"),
        layer,
    );
    img.meta(r.created, r#"CMD ["bash"]"#, |c| {
        c.env = vec![DEFAULT_PATH.to_string()];
        c.cmd = vec!["bash".to_string()];
    });
    img
}

/// `debian:bookworm-slim`.
pub fn bookworm_slim() -> ImageBuilder {
    debian_image(&BOOKWORM_SLIM, "bookworm", 1_785_715_200)
}

/// `debian:trixie-slim` (the base of nginx, python-slim and httpd).
pub fn trixie_slim() -> ImageBuilder {
    debian_image(&TRIXIE_SLIM, "trixie", 1_785_715_200)
}

const UBUNTU_2404: DebianRelease = DebianRelease {
    id: "ubuntu-24.04",
    os_release: "PRETTY_NAME=\"Ubuntu 24.04.3 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04.3 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nPRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n",
    debian_version: "trixie/sid\n",
    merged_usr: true,
    ubuntu_user: true,
    apt_uid: 42,
    sources: ("/etc/apt/sources.list.d/ubuntu.sources", "Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\nSuites: noble noble-updates noble-backports\nComponents: main universe restricted multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n\nTypes: deb\nURIs: http://security.ubuntu.com/ubuntu/\nSuites: noble-security\nComponents: main universe restricted multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n"),
    bytes: 78_160_000,
    created: epoch(2026, 9, 11, 0, 0),
};

const UBUNTU_2204: DebianRelease = DebianRelease {
    id: "ubuntu-22.04",
    os_release: "PRETTY_NAME=\"Ubuntu 22.04.5 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nVERSION=\"22.04.5 LTS (Jammy Jellyfish)\"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nPRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\nUBUNTU_CODENAME=jammy\n",
    debian_version: "bookworm/sid\n",
    merged_usr: true,
    ubuntu_user: false,
    apt_uid: 100,
    sources: ("/etc/apt/sources.list", "deb http://archive.ubuntu.com/ubuntu/ jammy main restricted\ndeb http://archive.ubuntu.com/ubuntu/ jammy-updates main restricted\ndeb http://archive.ubuntu.com/ubuntu/ jammy universe\ndeb http://archive.ubuntu.com/ubuntu/ jammy multiverse\ndeb http://security.ubuntu.com/ubuntu/ jammy-security main restricted\n"),
    bytes: 77_900_000,
    created: epoch(2026, 7, 31, 0, 0),
};

const UBUNTU_1604: DebianRelease = DebianRelease {
    id: "ubuntu-16.04",
    os_release: "NAME=\"Ubuntu\"\nVERSION=\"16.04.7 LTS (Xenial Xerus)\"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME=\"Ubuntu 16.04.7 LTS\"\nVERSION_ID=\"16.04\"\nHOME_URL=\"http://www.ubuntu.com/\"\nSUPPORT_URL=\"http://help.ubuntu.com/\"\nBUG_REPORT_URL=\"http://bugs.launchpad.net/ubuntu/\"\nVERSION_CODENAME=xenial\nUBUNTU_CODENAME=xenial\n",
    debian_version: "stretch/sid\n",
    merged_usr: false,
    ubuntu_user: false,
    apt_uid: 100,
    sources: ("/etc/apt/sources.list", "deb http://archive.ubuntu.com/ubuntu/ xenial main restricted\ndeb http://archive.ubuntu.com/ubuntu/ xenial-updates main restricted\ndeb http://archive.ubuntu.com/ubuntu/ xenial universe\ndeb http://security.ubuntu.com/ubuntu/ xenial-security main restricted\n"),
    bytes: 134_800_000,
    created: epoch(2021, 8, 31, 1, 21),
};

/// `ubuntu:<version>`: 22.04 and 24.04 as Launchpad builds them (two ARGs, a LABEL, one
/// `ADD`, `CMD`); 16.04 is the last classic-builder image with its four layers.
pub fn ubuntu(version: &str) -> ImageBuilder {
    let r: &'static DebianRelease = match version {
        "16.04" => &UBUNTU_1604,
        "22.04" => &UBUNTU_2204,
        _ => &UBUNTU_2404,
    };
    let at = r.created;
    let root = shared_layer(r.id, || debian::rootfs(r));
    let sha = layer_fingerprint(&root).hex();
    if version == "16.04" {
        let mut img = ImageBuilder::scratch(false);
        img.layer(at, &format!("/bin/sh -c #(nop) ADD file:{sha} in / "), root);
        let policy = shared_layer("ubuntu-16.04-policy", || {
            let mut b = LayerBuilder::new("ubuntu-16.04-policy", at);
            b.text("/usr/sbin/policy-rc.d", 0o755, "#!/bin/sh\nexit 101\n");
            b.text(
                "/etc/dpkg/dpkg.cfg.d/docker-apt-speedup",
                0o644,
                "force-unsafe-io\n",
            );
            b.text(
                "/etc/apt/apt.conf.d/docker-no-languages",
                0o644,
                "Acquire::Languages \"none\";\n",
            );
            b.text(
                "/etc/apt/apt.conf.d/docker-gzip-indexes",
                0o644,
                "Acquire::GzipIndexes \"true\";\nAcquire::CompressionTypes::Order:: \"gz\";\n",
            );
            b.text(
                "/etc/apt/apt.conf.d/docker-autoremove-suggests",
                0o644,
                "Apt::AutoRemove::SuggestsImportant \"false\";\n",
            );
            b.build()
        });
        img.layer(at, "/bin/sh -c set -xe \t\t&& echo '#!/bin/sh' > /usr/sbin/policy-rc.d \t&& echo 'exit 101' >> /usr/sbin/policy-rc.d \t&& chmod +x /usr/sbin/policy-rc.d \t\t&& dpkg-divert --local --rename --add /sbin/initctl \t&& cp -a /usr/sbin/policy-rc.d /sbin/initctl \t&& sed -i 's/^exit.*/exit 0/' /sbin/initctl \t\t&& echo 'force-unsafe-io' > /etc/dpkg/dpkg.cfg.d/docker-apt-speedup \t\t&& echo 'DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };' > /etc/apt/apt.conf.d/docker-clean \t&& echo 'Acquire::Languages \"none\";' > /etc/apt/apt.conf.d/docker-no-languages \t\t&& echo 'Acquire::GzipIndexes \"true\"; Acquire::CompressionTypes::Order:: \"gz\";' > /etc/apt/apt.conf.d/docker-gzip-indexes \t\t&& echo 'Apt::AutoRemove::SuggestsImportant \"false\";' > /etc/apt/apt.conf.d/docker-autoremove-suggests", policy);
        let lists = shared_layer("ubuntu-16.04-lists", || {
            let mut b = LayerBuilder::new("ubuntu-16.04-lists", at);
            b.dir("/var/lib/apt/lists", 0o755);
            b.build()
        });
        img.layer(at, "/bin/sh -c rm -rf /var/lib/apt/lists/*", lists);
        let systemd = shared_layer("ubuntu-16.04-systemd", || {
            let mut b = LayerBuilder::new("ubuntu-16.04-systemd", at);
            b.text("/run/systemd/container", 0o644, "docker\n");
            b.build()
        });
        img.layer(
            at,
            "/bin/sh -c mkdir -p /run/systemd && echo 'docker' > /run/systemd/container",
            systemd,
        );
        img.meta(at, r#"CMD ["/bin/bash"]"#, |c| {
            c.env = vec![DEFAULT_PATH.to_string()];
            c.cmd = vec!["/bin/bash".to_string()];
        });
        return img;
    }
    let mut img = ImageBuilder::scratch(false);
    img.meta(at, "ARG RELEASE", |_| {});
    img.meta(at, "ARG LAUNCHPAD_BUILD_ARCH", |_| {});
    let label = format!("LABEL org.opencontainers.image.version={version}");
    let version = version.to_string();
    img.meta(at, &label, |c| {
        c.labels
            .insert("org.opencontainers.image.version".into(), version);
    });
    img.layer(at, &format!("/bin/sh -c #(nop) ADD file:{sha} in / "), root);
    img.meta(at, r#"CMD ["/bin/bash"]"#, |c| {
        c.env = vec![DEFAULT_PATH.to_string()];
        c.cmd = vec!["/bin/bash".to_string()];
    });
    img
}

/// A Node.js release the catalog has.
#[derive(Debug, Clone, Copy)]
pub struct NodeRelease {
    /// `20.20.1`.
    pub version: &'static str,
    /// Yarn version of the image.
    pub yarn: &'static str,
    /// Bytes of the node layer on Alpine.
    pub alpine_layer: u64,
    /// Bytes of the node layer on Debian.
    pub debian_layer: u64,
    /// Alpine branch of the `-alpine` variant.
    pub alpine: &'static str,
}

/// Node 20, 22 and 24 (lts, latest).
pub const NODE: &[NodeRelease] = &[
    NodeRelease {
        version: "20.20.1",
        yarn: "1.22.22",
        alpine_layer: 121_900_000,
        debian_layer: 170 * MB,
        alpine: "3.23",
    },
    NodeRelease {
        version: "22.23.2",
        yarn: "1.22.22",
        alpine_layer: 153_900_000,
        debian_layer: 200 * MB,
        alpine: "3.23",
    },
    NodeRelease {
        version: "24.21.0",
        yarn: "1.22.22",
        alpine_layer: 146_300_000,
        debian_layer: 235 * MB,
        alpine: "3.23",
    },
];

fn node_release(major: &str) -> &'static NodeRelease {
    NODE.iter()
        .find(|n| n.version.split('.').next() == Some(major))
        .expect("catalog asks only for majors it lists")
}

/// The files of Node's tarball under `/usr/local`, filling `bytes` (the binary takes what the
/// npm/corepack/headers files leave).
fn node_files(b: &mut LayerBuilder, bytes: u64) {
    b.links(&[
        ("/usr/local/bin/nodejs", "/usr/local/bin/node"),
        (
            "/usr/local/bin/npm",
            "../lib/node_modules/npm/bin/npm-cli.js",
        ),
        (
            "/usr/local/bin/npx",
            "../lib/node_modules/npm/bin/npx-cli.js",
        ),
        (
            "/usr/local/bin/corepack",
            "../lib/node_modules/corepack/dist/corepack.js",
        ),
    ]);
    b.text(
        "/usr/local/lib/node_modules/npm/package.json",
        0o644,
        "{\n  \"name\": \"npm\",\n  \"description\": \"a package manager for JavaScript\"\n}\n",
    );
    b.synth("/usr/local/lib/node_modules/npm/bin/npm-cli.js", 0o755, 54);
    b.synth(
        "/usr/local/lib/node_modules/npm/bin/npx-cli.js",
        0o755,
        2_922,
    );
    b.synth(
        "/usr/local/lib/node_modules/corepack/dist/corepack.js",
        0o755,
        341,
    );
    b.spread(
        17 * MB,
        &[
            ("/usr/local/lib/node_modules/npm/lib/npm.js", 14),
            ("/usr/local/lib/node_modules/npm/lib/commands/install.js", 6),
            ("/usr/local/lib/node_modules/npm/node_modules/@npmcli/arborist/lib/arborist/reify.js", 50),
            ("/usr/local/lib/node_modules/npm/node_modules/pacote/lib/fetcher.js", 15),
            ("/usr/local/lib/node_modules/npm/node_modules/node-gyp/gyp/pylib/gyp/input.py", 120),
            ("/usr/local/lib/node_modules/npm/docs/content/commands/npm-install.md", 20),
            ("/usr/local/lib/node_modules/npm/man/man1/npm-install.1", 20),
            ("/usr/local/lib/node_modules/corepack/dist/lib/corepack.cjs", 2_400),
            ("/usr/local/include/node/v8.h", 30),
            ("/usr/local/include/node/openssl/archs/linux-x86_64/asm/include/openssl/opensslconf.h", 6_000),
            ("/usr/local/include/node/node.h", 60),
            ("/usr/local/share/doc/node/gdbinit", 10),
            ("/usr/local/share/man/man1/node.1", 20),
        ],
    );
    let rest = bytes.saturating_sub(b.size());
    b.synth("/usr/local/bin/node", 0o755, rest);
}

fn yarn_layer(id: &str, version: &str, at: i64) -> Layer {
    let mut b = LayerBuilder::new(id, at);
    let dir = format!("/opt/yarn-v{version}");
    b.link("/usr/local/bin/yarn", &format!("{dir}/bin/yarn"));
    b.link("/usr/local/bin/yarnpkg", &format!("{dir}/bin/yarnpkg"));
    b.synth(&format!("{dir}/bin/yarn"), 0o755, 1_015);
    b.synth(&format!("{dir}/bin/yarn.js"), 0o755, 153);
    b.synth(&format!("{dir}/bin/yarnpkg"), 0o755, 42);
    b.synth(&format!("{dir}/package.json"), 0o644, 337);
    b.synth(&format!("{dir}/lib/cli.js"), 0o644, 5_300_000 - 1_547);
    b.build()
}

fn entrypoint_layer(id: &str, text: &str, at: i64) -> Layer {
    let mut b = LayerBuilder::new(id, at);
    b.text("/usr/local/bin/docker-entrypoint.sh", 0o755, text);
    b.build()
}

/// Adds user and group lines to an `/etc/passwd`/`/etc/group` pair.
fn with_user(passwd: &str, group: &str, user_line: &str, group_line: &str) -> (String, String) {
    (
        format!("{passwd}{user_line}\n"),
        format!("{group}{group_line}\n"),
    )
}

/// `node:<major>-alpine`: alpine + the node RUN + the yarn RUN + docker-entrypoint.sh.
pub fn node_alpine(major: &str) -> ImageBuilder {
    let n = node_release(major);
    let base = alpine(n.alpine);
    let at = base.created + 86_400;
    let mut img = ImageBuilder::from(&base, true);
    img.env(at, "NODE_VERSION", n.version);
    let id = format!("node-{}-alpine{}", n.version, n.alpine);
    let node = shared_layer(&id, || {
        let mut b = LayerBuilder::new(&id, at);
        let (passwd, group) = with_user(
            alpine::PASSWD,
            alpine::GROUP,
            "node:x:1000:1000:Linux User,,,:/home/node:/bin/sh",
            "node:x:1000:node",
        );
        b.text("/etc/passwd", 0o644, &passwd)
            .text("/etc/group", 0o644, &group);
        b.synth("/etc/shadow", 0o640, 290)
            .chown("/etc/shadow", 0, 42);
        b.dir("/home/node", 0o2755).chown("/home/node", 1000, 1000);
        let mut pkgs = alpine::BASE_PACKAGES.to_vec();
        pkgs.push(("libgcc", "14.2.0-r6", "GNU C compiler runtime libraries"));
        pkgs.push(("libstdc++", "14.2.0-r6", "GNU C++ standard runtime library"));
        b.text(
            "/lib/apk/db/installed",
            0o644,
            &alpine::apk_installed(&pkgs),
        );
        b.synth("/usr/lib/libstdc++.so.6.0.33", 0o755, 2_803_712);
        b.link("/usr/lib/libstdc++.so.6", "libstdc++.so.6.0.33");
        b.synth("/usr/lib/libgcc_s.so.1", 0o644, 173_056);
        node_files(&mut b, n.alpine_layer);
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node     && apk add --no-cache         libstdc++     && apk add --no-cache --virtual .build-deps         curl     && ARCH= OPENSSL_ARCH='linux*' && alpineArch=\"$(apk --print-arch)\"       && case \"${alpineArch##*-}\" in         x86_64) ARCH='x64' OPENSSL_ARCH=linux-x86_64;;         *) ;;       esac   && curl -fsSLO --compressed \"https://unofficial-builds.nodejs.org/download/release/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz\"   && tar -xJf \"node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner   && ln -s /usr/local/bin/node /usr/local/bin/nodejs   && apk del .build-deps   && rm -rf /tmp/*   && node --version   && npm --version # buildkit", node);
    img.env(at, "YARN_VERSION", n.yarn);
    let yid = format!("yarn-{}-alpine{}", n.yarn, n.alpine);
    img.layer(at, "RUN /bin/sh -c apk add --no-cache --virtual .build-deps-yarn curl gnupg tar   && for key in     6A010C5166006599AA17F08146C2130DFD2497F5   ; do     gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys \"$key\" ||     gpg --batch --keyserver keyserver.ubuntu.com --recv-keys \"$key\" ;   done   && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz\"   && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz.asc\"   && gpg --batch --verify yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && mkdir -p /opt   && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg   && rm yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && apk del .build-deps-yarn   && yarn --version   && rm -rf /tmp/* # buildkit", shared_layer(&yid, || yarn_layer(&yid, n.yarn, at)));
    img.layer(
        at,
        "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit",
        shared_layer("node-entrypoint", || {
            entrypoint_layer(
                "node-entrypoint",
                files::NODE_ENTRYPOINT,
                epoch(2024, 1, 1, 0, 0),
            )
        }),
    );
    img.entrypoint(at, &["docker-entrypoint.sh"]);
    img.cmd(at, &["node"]);
    img
}

fn buildpack_layer(
    id: &str,
    at: i64,
    bytes: u64,
    bins: &[(&str, u64)],
    spread: &[(&str, u64)],
) -> Arc<Layer> {
    shared_layer(id, || {
        let mut b = LayerBuilder::new(id, at);
        b.bins(bins);
        b.spread(bytes.saturating_sub(b.size()), spread);
        b.build()
    })
}

/// `buildpack-deps:trixie` (debian:trixie + curl + scm + the build tools): the base of the
/// full node images.
pub fn buildpack_deps() -> ImageBuilder {
    let mut img = ImageBuilder::scratch(true);
    let at = TRIXIE_FULL.created;
    img.layer(
        at,
        "RUN # debian.sh --arch 'amd64' out/ 'trixie' '@1783900800'",
        shared_layer(TRIXIE_FULL.id, || debian::rootfs(&TRIXIE_FULL)),
    );
    img.meta(at, r#"CMD ["bash"]"#, |c| {
        c.env = vec![DEFAULT_PATH.to_string()];
        c.cmd = vec!["bash".to_string()];
    });
    img.layer(at, "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget \t; \tapt-get dist-clean # buildkit",
        buildpack_layer("buildpack-curl", at, 60 * MB, &[("/usr/bin/curl", 309_360), ("/usr/bin/wget", 547_944), ("/usr/bin/gpg", 1_188_984), ("/usr/bin/sq", 14_000_000)],
            &[("/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0", 800), ("/usr/lib/x86_64-linux-gnu/libssl.so.3", 700), ("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", 5_300), ("/etc/ssl/certs/ca-certificates.crt", 220), ("/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt", 2), ("/usr/lib/x86_64-linux-gnu/libgnutls.so.30.40.0", 2_100), ("/usr/lib/x86_64-linux-gnu/libldap.so.2.0.200", 380)]));
    img.layer(at, "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\t\t\tprocps \t; \tapt-get dist-clean # buildkit",
        buildpack_layer("buildpack-scm", at, 190 * MB, &[("/usr/bin/git", 4_116_632), ("/usr/bin/hg", 1_000), ("/usr/bin/svn", 297_648), ("/usr/bin/ssh", 1_216_632), ("/usr/bin/ps", 141_432), ("/usr/bin/python3.13", 8_051_368)],
            &[("/usr/lib/git-core/git-remote-http", 1_700), ("/usr/lib/python3/dist-packages/mercurial/localrepo.py", 2_000), ("/usr/lib/python3.13/lib-dynload/_ssl.cpython-313-x86_64-linux-gnu.so", 200), ("/usr/lib/python3.13/encodings/cp1252.py", 60), ("/usr/lib/x86_64-linux-gnu/libsvn_subr-1.so.1.0.0", 1_500), ("/usr/lib/x86_64-linux-gnu/libperl.so.5.40.1", 4_000), ("/usr/share/perl/5.40.1/unicore/Name.pm", 1_000)]));
    img.layer(at, "RUN /bin/sh -c set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tautoconf \t\tautomake \t\tbzip2 \t\tdefault-libmysqlclient-dev \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\timagemagick \t\tlibbz2-dev \t\tlibc6-dev \t\tlibcurl4-openssl-dev \t\tlibdb-dev \t\tlibevent-dev \t\tlibffi-dev \t\tlibgdbm-dev \t\tlibglib2.0-dev \t\tlibgmp-dev \t\tlibjpeg-dev \t\tlibkrb5-dev \t\tliblzma-dev \t\tlibmagickcore-dev \t\tlibmagickwand-dev \t\tlibmaxminddb-dev \t\tlibncurses5-dev \t\tlibncursesw5-dev \t\tlibpng-dev \t\tlibpq-dev \t\tlibreadline-dev \t\tlibsqlite3-dev \t\tlibssl-dev \t\tlibtool \t\tlibwebp-dev \t\tlibxml2-dev \t\tlibxslt-dev \t\tlibyaml-dev \t\tmake \t\tpatch \t\tunzip \t\txz-utils \t\tzlib1g-dev \t; \tapt-get dist-clean # buildkit",
        buildpack_layer("buildpack-build", at, 620 * MB, &[("/usr/bin/x86_64-linux-gnu-gcc-14", 1_010_224), ("/usr/bin/x86_64-linux-gnu-g++-14", 1_014_320), ("/usr/bin/make", 256_232), ("/usr/bin/patch", 203_264), ("/usr/bin/unzip", 182_024), ("/usr/bin/xz", 84_576)],
            &[("/usr/libexec/gcc/x86_64-linux-gnu/14/cc1", 36_000), ("/usr/libexec/gcc/x86_64-linux-gnu/14/cc1plus", 39_000), ("/usr/lib/x86_64-linux-gnu/libMagickCore-7.Q16HDRI.so.10.0.2", 4_000), ("/usr/lib/x86_64-linux-gnu/libLLVM.so.19.1", 120_000), ("/usr/lib/x86_64-linux-gnu/libicudata.so.76.1", 31_000), ("/usr/lib/gcc/x86_64-linux-gnu/14/libstdc++.a", 7_000), ("/usr/include/c++/14/bits/stl_algo.h", 200), ("/usr/lib/x86_64-linux-gnu/libc.a", 6_000), ("/usr/lib/x86_64-linux-gnu/libglib-2.0.a", 3_000), ("/usr/share/doc/gcc-14-base/changelog.gz", 500), ("/usr/lib/x86_64-linux-gnu/libssl.a", 1_500), ("/usr/lib/x86_64-linux-gnu/libpq.so.5.17", 400)]));
    img
}

/// `node:<major>` (Debian trixie, on buildpack-deps).
pub fn node_debian(major: &str) -> ImageBuilder {
    let n = node_release(major);
    let base = buildpack_deps();
    let at = epoch(2026, 9, 2, 0, 0);
    let mut img = ImageBuilder::from(&base, true);
    let user = shared_layer("node-user-debian", || {
        let mut b = LayerBuilder::new("node-user-debian", at);
        let (passwd, group) = with_user(
            &debian::passwd(&TRIXIE_FULL),
            &debian::group(&TRIXIE_FULL),
            "node:x:1000:1000::/home/node:/bin/bash",
            "node:x:1000:",
        );
        b.text("/etc/passwd", 0o644, &passwd)
            .text("/etc/group", 0o644, &group);
        b.synth("/etc/shadow", 0o640, 530)
            .chown("/etc/shadow", 0, 42);
        b.dir("/home/node", 0o755).chown("/home/node", 1000, 1000);
        for (f, size) in [(".bashrc", 3_526), (".profile", 807), (".bash_logout", 220)] {
            let p = format!("/home/node/{f}");
            b.synth(&p, 0o644, size).chown(&p, 1000, 1000);
        }
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit", user);
    img.env(at, "NODE_VERSION", n.version);
    let id = format!("node-{}-trixie", n.version);
    let node = shared_layer(&id, || {
        let mut b = LayerBuilder::new(&id, at);
        node_files(&mut b, n.debian_layer);
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c ARCH= && dpkgArch=\"$(dpkg --print-architecture)\"   && case \"${dpkgArch##*-}\" in     amd64) ARCH='x64';;     *) echo \"unsupported architecture\"; exit 1 ;;   esac   && curl -fsSLO --compressed \"https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz\"   && tar -xJf \"node-v$NODE_VERSION-linux-$ARCH.tar.xz\" -C /usr/local --strip-components=1 --no-same-owner   && rm \"node-v$NODE_VERSION-linux-$ARCH.tar.xz\"   && ln -s /usr/local/bin/node /usr/local/bin/nodejs   && node --version   && npm --version   && rm -rf /tmp/* # buildkit", node);
    img.env(at, "YARN_VERSION", n.yarn);
    let yid = format!("yarn-{}-trixie", n.yarn);
    img.layer(at, "RUN /bin/sh -c set -ex   && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz\"   && mkdir -p /opt   && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg   && rm yarn-v$YARN_VERSION.tar.gz   && yarn --version   && rm -rf /tmp/* # buildkit", shared_layer(&yid, || yarn_layer(&yid, n.yarn, at)));
    img.layer(
        at,
        "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit",
        shared_layer("node-entrypoint", || {
            entrypoint_layer(
                "node-entrypoint",
                files::NODE_ENTRYPOINT,
                epoch(2024, 1, 1, 0, 0),
            )
        }),
    );
    img.entrypoint(at, &["docker-entrypoint.sh"]);
    img.cmd(at, &["node"]);
    img
}

const NGINX_SCRIPTS: &[(&str, u64)] = &[
    ("10-listen-on-ipv6-by-default.sh", 2_125),
    ("15-local-resolvers.envsh", 389),
    ("20-envsubst-on-templates.sh", 3_018),
    ("30-tune-worker-processes.sh", 4_619),
];

/// The five `COPY` steps of the nginx images (shared by nginx and nginx:alpine). Their files
/// carry one fixed mtime, whichever image is resolved first: a shared layer must not depend
/// on the order of resolution.
fn nginx_copies(img: &mut ImageBuilder, at: i64) {
    let files_at = epoch(2026, 7, 15, 0, 0);
    let ep = shared_layer("nginx-entrypoint", || {
        let mut b = LayerBuilder::new("nginx-entrypoint", files_at);
        b.synth("/docker-entrypoint.sh", 0o775, 1_620);
        b.build()
    });
    img.layer(at, "COPY docker-entrypoint.sh / # buildkit", ep);
    for (name, size) in NGINX_SCRIPTS {
        let id = format!("nginx-{name}");
        let layer = shared_layer(&id, || {
            let mut b = LayerBuilder::new(&id, files_at);
            b.synth(&format!("/docker-entrypoint.d/{name}"), 0o775, *size);
            b.build()
        });
        img.layer(
            at,
            &format!("COPY {name} /docker-entrypoint.d # buildkit"),
            layer,
        );
    }
}

fn nginx_config(img: &mut ImageBuilder, at: i64) {
    img.entrypoint(at, &["/docker-entrypoint.sh"]);
    img.meta(at, "EXPOSE map[80/tcp:{}]", |c| {
        c.exposed_ports.insert("80/tcp".into(), Empty {});
    });
    img.meta(at, "STOPSIGNAL SIGQUIT", |c| {
        c.stop_signal = "SIGQUIT".into()
    });
    img.cmd(at, &["nginx", "-g", "daemon off;"]);
}

/// nginx's own files (conf, html, binaries, log links, cache dir), owned as the packages
/// install them.
fn nginx_files(b: &mut LayerBuilder, modules_dir: &str) {
    b.text("/etc/nginx/nginx.conf", 0o644, files::NGINX_CONF);
    b.text(
        "/etc/nginx/conf.d/default.conf",
        0o644,
        files::NGINX_DEFAULT_CONF,
    );
    b.synth("/etc/nginx/mime.types", 0o644, 5_349);
    b.synth("/etc/nginx/fastcgi_params", 0o644, 1_007);
    b.synth("/etc/nginx/scgi_params", 0o644, 636);
    b.synth("/etc/nginx/uwsgi_params", 0o644, 664);
    b.link("/etc/nginx/modules", modules_dir);
    b.text(
        "/usr/share/nginx/html/index.html",
        0o644,
        files::NGINX_INDEX_HTML,
    );
    b.synth("/usr/share/nginx/html/50x.html", 0o644, 497);
    b.dir("/var/cache/nginx", 0o755);
    b.link("/var/log/nginx/access.log", "/dev/stdout");
    b.link("/var/log/nginx/error.log", "/dev/stderr");
    b.dir("/docker-entrypoint.d", 0o755);
}

/// `nginx:1.31.3` (latest, Debian trixie).
pub fn nginx() -> ImageBuilder {
    let base = trixie_slim();
    let at = epoch(2026, 7, 15, 0, 0);
    let mut img = ImageBuilder::from(&base, true);
    img.meta(
        at,
        "LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>",
        |c| {
            c.labels.insert(
                "maintainer".into(),
                "NGINX Docker Maintainers <docker-maint@nginx.com>".into(),
            );
        },
    );
    for (k, v) in [
        ("NGINX_VERSION", "1.31.3"),
        ("NJS_VERSION", "1.0.0"),
        ("NJS_RELEASE", "1~trixie"),
        ("ACME_VERSION", "0.4.1"),
        ("PKG_RELEASE", "1~trixie"),
        ("DYNPKG_RELEASE", "1~trixie"),
    ] {
        img.env(at, k, v);
    }
    let layer = shared_layer("nginx-1.31.3-trixie", || {
        let mut b = LayerBuilder::new("nginx-1.31.3-trixie", at);
        let (passwd, group) = with_user(
            &debian::passwd(&TRIXIE_SLIM),
            &debian::group(&TRIXIE_SLIM),
            "nginx:x:101:101:nginx user:/nonexistent:/bin/false",
            "nginx:x:101:",
        );
        b.text("/etc/passwd", 0o644, &passwd)
            .text("/etc/group", 0o644, &group);
        b.synth("/etc/shadow", 0o640, 530)
            .chown("/etc/shadow", 0, 42);
        nginx_files(&mut b, "/usr/lib/nginx/modules");
        b.bins(&[
            ("/usr/sbin/nginx", 1_485_928),
            ("/usr/sbin/nginx-debug", 1_595_424),
            ("/usr/bin/curl", 309_360),
            ("/usr/bin/envsubst", 35_384),
        ]);
        b.spread(
            82_700_000u64.saturating_sub(b.size()),
            &[
                ("/usr/lib/nginx/modules/ngx_http_js_module.so", 3_900),
                ("/usr/lib/nginx/modules/ngx_stream_js_module.so", 3_800),
                ("/usr/lib/nginx/modules/ngx_http_acme_module.so", 4_200),
                ("/usr/lib/nginx/modules/ngx_http_image_filter_module.so", 30),
                ("/usr/lib/nginx/modules/ngx_http_xslt_filter_module.so", 30),
                ("/usr/lib/nginx/modules/ngx_http_geoip_module.so", 30),
                ("/usr/lib/x86_64-linux-gnu/libgd.so.3.0.11", 420),
                ("/usr/lib/x86_64-linux-gnu/libxml2.so.2.12.7", 1_900),
                ("/usr/lib/x86_64-linux-gnu/libicudata.so.76.1", 31_000),
                ("/usr/lib/x86_64-linux-gnu/libicui18n.so.76.1", 3_600),
                ("/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0", 800),
                ("/usr/lib/x86_64-linux-gnu/libaom.so.3.12.1", 6_500),
                ("/usr/lib/x86_64-linux-gnu/libx265.so.215", 20_000),
                ("/usr/share/GeoIP/GeoIP.dat", 1_400),
                ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 750),
            ],
        );
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates     && NGINX_GPGKEYS='573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62 8540A6F18833A80E9C1653A42FD21310B49F6B46 9E9BE90EACBCDE69FE9B204CBCDCD8A38D88A2B3'     && apt-get remove --purge --auto-remove -y gnupg1 && rm -rf /var/lib/apt/lists/*     && echo \"deb [signed-by=$NGINX_GPGKEY_PATH] https://nginx.org/packages/mainline/debian/ trixie nginx\" >> /etc/apt/sources.list.d/nginx.list     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y $nginxPackages gettext-base curl     && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d # buildkit", layer);
    nginx_copies(&mut img, at);
    nginx_config(&mut img, at);
    img
}

/// `nginx:1.31.6-alpine` (alpine-slim's seven layers + the modules RUN).
pub fn nginx_alpine(slim: bool) -> ImageBuilder {
    let base = alpine("3.24");
    let at = epoch(2026, 9, 22, 0, 0);
    let mut img = ImageBuilder::from(&base, true);
    img.meta(
        at,
        "LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>",
        |c| {
            c.labels.insert(
                "maintainer".into(),
                "NGINX Docker Maintainers <docker-maint@nginx.com>".into(),
            );
        },
    );
    for (k, v) in [
        ("NGINX_VERSION", "1.31.6"),
        ("PKG_RELEASE", "1"),
        ("DYNPKG_RELEASE", "1"),
    ] {
        img.env(at, k, v);
    }
    let layer = shared_layer("nginx-1.31.6-alpine-slim", || {
        let mut b = LayerBuilder::new("nginx-1.31.6-alpine-slim", at);
        let (passwd, group) = with_user(
            alpine::PASSWD,
            alpine::GROUP,
            "nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin",
            "nginx:x:101:nginx",
        );
        b.text("/etc/passwd", 0o644, &passwd)
            .text("/etc/group", 0o644, &group);
        b.synth("/etc/shadow", 0o640, 290)
            .chown("/etc/shadow", 0, 42);
        nginx_files(&mut b, "/usr/lib/nginx/modules");
        b.bins(&[
            ("/usr/sbin/nginx", 1_331_264),
            ("/usr/sbin/nginx-debug", 1_420_344),
            ("/usr/bin/envsubst", 43_040),
        ]);
        b.spread(
            4_700_000u64.saturating_sub(b.size()),
            &[
                ("/usr/lib/libpcre2-8.so.0.14.0", 640),
                ("/usr/share/zoneinfo/tzdata.zi", 110),
                ("/usr/share/zoneinfo/Europe/London", 3),
                ("/usr/lib/libintl.so.8.4.2", 60),
                ("/lib/apk/db/installed", 20),
            ],
        );
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c set -x     && addgroup -g 101 -S nginx     && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx     && apkArch=\"$(cat /etc/apk/arch)\"     && nginxPackages=\"         nginx=${NGINX_VERSION}-r${PKG_RELEASE}     \"     && apk add --no-cache --virtual .checksum-deps         openssl     && apk add -X \"https://nginx.org/packages/mainline/alpine/v$(egrep -o '^[0-9]+\\.[0-9]+' /etc/alpine-release)/main\" --no-cache $nginxPackages     && apk del --no-network .checksum-deps     && apk add --no-cache gettext-envsubst     && apk add --no-cache tzdata     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d # buildkit", layer);
    nginx_copies(&mut img, at);
    nginx_config(&mut img, at);
    if slim {
        return img;
    }
    for (k, v) in [
        ("NJS_VERSION", "1.0.1"),
        ("NJS_RELEASE", "1"),
        ("ACME_VERSION", "0.4.1"),
    ] {
        img.env(at, k, v);
    }
    let modules = shared_layer("nginx-1.31.6-alpine-modules", || {
        let mut b = LayerBuilder::new("nginx-1.31.6-alpine-modules", at);
        b.bins(&[("/usr/bin/curl", 264_264)]);
        b.spread(
            49_700_000u64.saturating_sub(b.size()),
            &[
                ("/usr/lib/nginx/modules/ngx_http_js_module.so", 4_200),
                ("/usr/lib/nginx/modules/ngx_stream_js_module.so", 4_100),
                ("/usr/lib/nginx/modules/ngx_http_acme_module.so", 4_300),
                ("/usr/lib/nginx/modules/ngx_http_image_filter_module.so", 30),
                ("/usr/lib/nginx/modules/ngx_http_xslt_filter_module.so", 30),
                ("/usr/lib/nginx/modules/ngx_http_geoip_module.so", 30),
                ("/usr/lib/libaom.so.3.12.1", 8_180),
                ("/usr/lib/libavif.so.16.3.0", 300),
                ("/usr/lib/libgd.so.3.0.11", 400),
                ("/usr/lib/libX11.so.6.4.0", 1_300),
                ("/usr/lib/libcurl.so.4.8.0", 725),
                ("/usr/lib/libxml2.so.2.13.4", 1_400),
                ("/usr/lib/libdav1d.so.7.0.0", 1_900),
                ("/usr/lib/libheif.so.1.19.5", 1_200),
                ("/usr/lib/libjxl.so.0.11.1", 3_000),
                ("/usr/lib/libx265.so.215", 18_000),
                ("/etc/ssl/certs/ca-certificates.crt", 210),
            ],
        );
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c set -x     && apkArch=\"$(cat /etc/apk/arch)\"     && nginxPackages=\"         nginx=${NGINX_VERSION}-r${PKG_RELEASE}         nginx-module-xslt=${NGINX_VERSION}-r${DYNPKG_RELEASE}         nginx-module-geoip=${NGINX_VERSION}-r${DYNPKG_RELEASE}         nginx-module-image-filter=${NGINX_VERSION}-r${DYNPKG_RELEASE}         nginx-module-njs=${NGINX_VERSION}.${NJS_VERSION}-r${NJS_RELEASE}         nginx-module-acme=${NGINX_VERSION}.${ACME_VERSION}-r${DYNPKG_RELEASE}     \"     && apk add --no-cache --virtual .checksum-deps         openssl     && apk add -X \"https://nginx.org/packages/mainline/alpine/v$(egrep -o '^[0-9]+\\.[0-9]+' /etc/alpine-release)/main\" --no-cache $nginxPackages     && apk del --no-network .checksum-deps     && apk add --no-cache curl ca-certificates # buildkit", modules);
    img
}

/// `python:3.12.13-slim` (trixie).
pub fn python_slim() -> ImageBuilder {
    let base = trixie_slim();
    let at = epoch(2026, 8, 5, 0, 0);
    let mut img = ImageBuilder::from(&base, true);
    img.env(
        at,
        "PATH",
        "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    );
    img.env(at, "LANG", "C.UTF-8");
    let deps = shared_layer("python-3.12-deps", || {
        let mut b = LayerBuilder::new("python-3.12-deps", at);
        b.spread(
            4 * MB,
            &[
                ("/etc/ssl/certs/ca-certificates.crt", 220),
                ("/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt", 2),
                ("/usr/share/zoneinfo/tzdata.zi", 110),
                ("/usr/share/zoneinfo/Europe/London", 3),
                ("/usr/share/zoneinfo/America/New_York", 3),
                ("/etc/services", 12),
                ("/usr/lib/x86_64-linux-gnu/libssl.so.3", 700),
                ("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", 2_950),
            ],
        );
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tnetbase \t\ttzdata \t; \tapt-get dist-clean # buildkit", deps);
    img.env(at, "GPG_KEY", "7169605F62C751356D054A26A821E680E5FA6305");
    img.env(at, "PYTHON_VERSION", "3.12.13");
    img.env(at, "PYTHON_SHA256", "c08bc65a");
    let python = shared_layer("python-3.12.13", || {
        let mut b = LayerBuilder::new("python-3.12.13", at);
        b.bins(&[
            ("/usr/local/bin/python3.12", 14_424),
            ("/usr/local/bin/pip3", 233),
            ("/usr/local/bin/pip3.12", 233),
            ("/usr/local/bin/idle3.12", 102),
            ("/usr/local/bin/pydoc3.12", 87),
            ("/usr/local/bin/python3.12-config", 3_079),
            ("/usr/local/lib/libpython3.12.so.1.0", 27_845_208),
        ]);
        b.links(&[
            ("/usr/local/bin/python3", "python3.12"),
            ("/usr/local/bin/idle3", "idle3.12"),
            ("/usr/local/bin/pydoc3", "pydoc3.12"),
            ("/usr/local/bin/python3-config", "python3.12-config"),
            ("/usr/local/lib/libpython3.12.so", "libpython3.12.so.1.0"),
            ("/usr/local/lib/libpython3.so", "libpython3.12.so.1.0"),
        ]);
        b.spread(36_600_000u64.saturating_sub(b.size()), &[("/usr/local/lib/python3.12/os.py", 40), ("/usr/local/lib/python3.12/typing.py", 130), ("/usr/local/lib/python3.12/asyncio/base_events.py", 80), ("/usr/local/lib/python3.12/lib-dynload/_ssl.cpython-312-x86_64-linux-gnu.so", 700), ("/usr/local/lib/python3.12/lib-dynload/_decimal.cpython-312-x86_64-linux-gnu.so", 1_300), ("/usr/local/lib/python3.12/site-packages/pip/_internal/cli/main.py", 3_000), ("/usr/local/lib/python3.12/site-packages/pip/_vendor/rich/console.py", 2_000), ("/usr/local/lib/python3.12/pydoc_data/topics.py", 800), ("/usr/local/lib/python3.12/config-3.12-x86_64-linux-gnu/libpython3.12.a", 100)]);
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c set -eux; \t\tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tdpkg-dev \t\tgcc \t\tgnupg \t\tlibbluetooth-dev \t\tlibbz2-dev \t\tlibc6-dev \t\tlibdb-dev \t\tlibffi-dev \t\tlibgdbm-dev \t\tliblzma-dev \t\tlibncursesw5-dev \t\tlibreadline-dev \t\tlibsqlite3-dev \t\tlibssl-dev \t\tmake \t\ttk-dev \t\tuuid-dev \t\twget \t\txz-utils \t\tzlib1g-dev \t; \t\twget -O python.tar.xz \"https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz\"; \techo \"$PYTHON_SHA256 *python.tar.xz\" | sha256sum -c -; \t./configure \t\t--enable-loadable-sqlite-extensions \t\t--enable-optimizations \t\t--enable-option-checking=fatal \t\t--enable-shared \t\t--with-lto \t\t--with-ensurepip \t; \tmake -j \"$nproc\"; \tmake install; \tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \tapt-get dist-clean; \t\tpython3 --version; \tpip3 --version # buildkit", python);
    let links = shared_layer("python-3.12-links", || {
        let mut b = LayerBuilder::new("python-3.12-links", at);
        b.links(&[
            ("/usr/local/bin/idle", "idle3"),
            ("/usr/local/bin/pip", "pip3"),
            ("/usr/local/bin/pydoc", "pydoc3"),
            ("/usr/local/bin/python", "python3"),
            ("/usr/local/bin/python-config", "python3-config"),
        ]);
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do \t\tdst=\"$(echo \"$src\" | tr -d 3)\"; \t\t[ -s \"/usr/local/bin/$src\" ]; \t\t[ ! -e \"/usr/local/bin/$dst\" ]; \t\tln -svT \"$src\" \"/usr/local/bin/$dst\"; \tdone # buildkit", links);
    img.cmd(at, &["python3"]);
    img
}

/// `httpd:2.4.68` (trixie).
pub fn httpd() -> ImageBuilder {
    let base = trixie_slim();
    let at = epoch(2026, 9, 19, 0, 0);
    let mut img = ImageBuilder::from(&base, true);
    img.env(at, "HTTPD_PREFIX", "/usr/local/apache2");
    img.env(
        at,
        "PATH",
        "/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    );
    let mkdir = shared_layer("httpd-prefix", || {
        let mut b = LayerBuilder::new("httpd-prefix", at);
        b.dir("/usr/local/apache2", 0o755)
            .chown("/usr/local/apache2", 33, 33);
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c mkdir -p \"$HTTPD_PREFIX\" \t&& chown www-data:www-data \"$HTTPD_PREFIX\" # buildkit", mkdir);
    img.layer(
        at,
        "WORKDIR /usr/local/apache2",
        shared_layer("empty", Layer::new),
    );
    img.config.working_dir = "/usr/local/apache2".into();
    let deps = shared_layer("httpd-deps", || {
        let mut b = LayerBuilder::new("httpd-deps", at);
        b.spread(
            6 * MB,
            &[
                ("/etc/ssl/certs/ca-certificates.crt", 220),
                ("/usr/lib/x86_64-linux-gnu/libaprutil-1.so.0.6.3", 250),
                ("/usr/lib/x86_64-linux-gnu/apr-util-1/apr_ldap-1.so", 30),
                ("/usr/lib/x86_64-linux-gnu/libldap.so.2.0.200", 380),
                ("/usr/lib/x86_64-linux-gnu/libssl.so.3", 700),
                ("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", 4_400),
            ],
        );
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c set -eux; \tapt-get install --update -y --no-install-recommends \t\tca-certificates \t\tlibaprutil1-ldap \t\tlibldap-common \t; \tapt-get dist-clean # buildkit", deps);
    img.env(at, "HTTPD_VERSION", "2.4.68");
    img.env(at, "HTTPD_SHA256", "68c74d4d");
    img.env(at, "HTTPD_PATCHES", "");
    let build = shared_layer("httpd-2.4.68", || {
        let mut b = LayerBuilder::new("httpd-2.4.68", at);
        b.bins(&[
            ("/usr/local/apache2/bin/httpd", 2_598_160),
            ("/usr/local/apache2/bin/apachectl", 3_437),
            ("/usr/local/apache2/bin/ab", 152_632),
            ("/usr/local/apache2/bin/htpasswd", 85_936),
        ]);
        b.synth("/usr/local/apache2/conf/httpd.conf", 0o644, 20_936);
        b.synth("/usr/local/apache2/conf/mime.types", 0o644, 60_847);
        b.text(
            "/usr/local/apache2/htdocs/index.html",
            0o644,
            files::HTTPD_INDEX_HTML,
        );
        b.dir("/usr/local/apache2/logs", 0o755);
        b.spread(
            32_200_000u64.saturating_sub(b.size()),
            &[
                ("/usr/local/apache2/modules/mod_ssl.so", 1_000),
                ("/usr/local/apache2/modules/mod_proxy.so", 500),
                ("/usr/local/apache2/modules/mod_rewrite.so", 300),
                ("/usr/local/apache2/modules/mod_http2.so", 1_000),
                ("/usr/local/apache2/modules/mod_lua.so", 600),
                ("/usr/local/apache2/include/httpd.h", 100),
                ("/usr/local/apache2/error/HTTP_NOT_FOUND.html.var", 15),
                ("/usr/local/apache2/icons/apache_pb.png", 10),
                ("/usr/lib/x86_64-linux-gnu/libapr-1.so.0.7.5", 300),
                ("/usr/lib/x86_64-linux-gnu/libnghttp2.so.14.28.3", 200),
                ("/usr/lib/x86_64-linux-gnu/liblua5.4.so.0.0.0", 300),
                ("/usr/lib/x86_64-linux-gnu/libxml2.so.2.12.7", 1_900),
                ("/usr/lib/x86_64-linux-gnu/libicudata.so.76.1", 31_000),
            ],
        );
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c set -eux; \t\tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get install --update -y --no-install-recommends \t\tbzip2 \t\tdpkg-dev \t\tgcc \t\tgnupg \t\tlibapr1-dev \t\tlibaprutil1-dev \t\tlibbrotli-dev \t\tlibcurl4-openssl-dev \t\tlibjansson-dev \t\tliblua5.4-dev \t\tlibnghttp2-dev \t\tlibpcre2-dev \t\tlibssl-dev \t\tlibxml2-dev \t\tmake \t\tpatch \t\twget \t\tzlib1g-dev \t; \t./configure \t\t--build=\"$gnuArch\" \t\t--prefix=\"$HTTPD_PREFIX\" \t\t--enable-mods-shared=reallyall \t\t--enable-mpms-shared=all \t\t--enable-pie \t; \tmake -j \"$(nproc)\"; \tmake install; \trm -r src man manual; \tsed -ri \t\t-e 's!^(\\s*CustomLog)\\s+\\S+!\\1 /proc/self/fd/1!g' \t\t-e 's!^(\\s*ErrorLog)\\s+\\S+!\\1 /proc/self/fd/2!g' \t\t\"$HTTPD_PREFIX/conf/httpd.conf\"; \tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \tapt-get dist-clean; \thttpd -v # buildkit", build);
    img.meta(at, "STOPSIGNAL SIGWINCH", |c| {
        c.stop_signal = "SIGWINCH".into()
    });
    let fg = shared_layer("httpd-foreground", || {
        let mut b = LayerBuilder::new("httpd-foreground", at);
        b.text(
            "/usr/local/bin/httpd-foreground",
            0o755,
            files::HTTPD_FOREGROUND,
        );
        b.build()
    });
    img.layer(at, "COPY httpd-foreground /usr/local/bin/ # buildkit", fg);
    img.meta(at, "EXPOSE map[80/tcp:{}]", |c| {
        c.exposed_ports.insert("80/tcp".into(), Empty {});
    });
    img.cmd(at, &["httpd-foreground"]);
    img
}

/// `golang:1.26.8-alpine3.24`.
pub fn golang_alpine() -> ImageBuilder {
    let base = alpine("3.24");
    let at = epoch(2026, 9, 1, 0, 0);
    let mut img = ImageBuilder::from(&base, true);
    let certs = shared_layer("golang-alpine-certs", || {
        let mut b = LayerBuilder::new("golang-alpine-certs", at);
        b.synth("/etc/ssl/certs/ca-certificates.crt", 0o644, 220_093);
        b.synth(
            "/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt",
            0o644,
            1_939,
        );
        b.synth("/usr/sbin/update-ca-certificates", 0o755, 43_096);
        b.spread(
            700_000u64.saturating_sub(b.size()),
            &[
                (
                    "/usr/share/ca-certificates/mozilla/DigiCert_Global_Root_G2.crt",
                    1,
                ),
                ("/lib/apk/db/installed", 1),
            ],
        );
        b.build()
    });
    img.layer(
        at,
        "RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit",
        certs,
    );
    img.env(at, "GOLANG_VERSION", "1.26.8");
    img.env(at, "GOTOOLCHAIN", "local");
    img.env(at, "GOPATH", "/go");
    img.env(
        at,
        "PATH",
        "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    );
    let go = shared_layer("go-1.26.8", || {
        let mut b = LayerBuilder::new("go-1.26.8", at);
        b.bins(&[
            ("/usr/local/go/bin/go", 14_722_000),
            ("/usr/local/go/bin/gofmt", 3_338_000),
            ("/usr/local/go/pkg/tool/linux_amd64/compile", 27_000_000),
            ("/usr/local/go/pkg/tool/linux_amd64/link", 8_000_000),
            ("/usr/local/go/pkg/tool/linux_amd64/asm", 5_000_000),
            ("/usr/local/go/pkg/tool/linux_amd64/vet", 9_000_000),
            ("/usr/local/go/pkg/tool/linux_amd64/cgo", 5_000_000),
        ]);
        b.text(
            "/usr/local/go/VERSION",
            0o644,
            "go1.26.8\ntime 2026-09-01T00:00:00Z\n",
        );
        b.spread(
            232 * MB - b.size(),
            &[
                ("/usr/local/go/src/runtime/proc.go", 250),
                ("/usr/local/go/src/net/http/server.go", 130),
                (
                    "/usr/local/go/src/cmd/compile/internal/ssa/rewriteAMD64.go",
                    2_000,
                ),
                (
                    "/usr/local/go/src/crypto/internal/fips140/sha256/sha256.go",
                    10,
                ),
                (
                    "/usr/local/go/src/vendor/golang.org/x/net/http2/hpack/tables.go",
                    10,
                ),
                ("/usr/local/go/lib/time/zoneinfo.zip", 400),
                (
                    "/usr/local/go/src/cmd/vendor/golang.org/x/tools/go/analysis/analysis.go",
                    10,
                ),
                ("/usr/local/go/test/fixedbugs/issue10000.go", 50),
                ("/usr/local/go/src/testdata/bulk.txt", 180_000),
            ],
        );
        b.build()
    });
    img.layer(at, "COPY /target/ / # buildkit", go);
    let gopath = shared_layer("golang-gopath", || {
        let mut b = LayerBuilder::new("golang-gopath", at);
        b.dir("/go", 0o1777)
            .dir("/go/src", 0o1777)
            .dir("/go/bin", 0o1777);
        b.build()
    });
    img.layer(at, "RUN /bin/sh -c mkdir -p \"$GOPATH/src\" \"$GOPATH/bin\" && chmod -R 1777 \"$GOPATH\" # buildkit", gopath);
    img.layer(at, "WORKDIR /go", shared_layer("empty", Layer::new));
    img.config.working_dir = "/go".into();
    img
}

/// `diamol/node` = node:10.16.0-alpine (2019, classic builder): the history the seed's
/// `docker image history web-ping` shows (5.53 MB, 64.7 MB, 5.1 MB, 116 B).
pub fn diamol_node() -> ImageBuilder {
    let base = alpine("3.9");
    let at = epoch(2019, 7, 31, 21, 10);
    let mut img = ImageBuilder::from(&base, false);
    img.env(at, "NODE_VERSION", "10.16.0");
    let node = shared_layer("node-10.16.0-alpine3.9", || {
        let mut b = LayerBuilder::new("node-10.16.0-alpine3.9", at);
        let (passwd, group) = with_user(
            alpine::PASSWD,
            alpine::GROUP,
            "node:x:1000:1000:Linux User,,,:/home/node:/bin/sh",
            "node:x:1000:node",
        );
        b.text("/etc/passwd", 0o644, &passwd)
            .text("/etc/group", 0o644, &group);
        b.dir("/home/node", 0o2755).chown("/home/node", 1000, 1000);
        b.synth("/usr/lib/libstdc++.so.6.0.25", 0o755, 1_596_808);
        b.synth("/usr/lib/libgcc_s.so.1", 0o644, 100_832);
        node_files(&mut b, 64_700_000);
        b.build()
    });
    img.layer(at, "/bin/sh -c addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node     && apk add --no-cache         libstdc++     && apk add --no-cache --virtual .build-deps         binutils-gold         curl         g++         gcc         gnupg         libgcc         linux-headers         make         python   && for key in     94AE36675C464D64BAFA68DD7434390BDBE9B9C5   ; do     gpg --batch --keyserver hkp://p80.pool.sks-keyservers.net:80 --recv-keys \"$key\" ;   done     && curl -fsSLO --compressed \"https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION.tar.xz\"     && tar -xf \"node-v$NODE_VERSION.tar.xz\"     && cd \"node-v$NODE_VERSION\"     && ./configure     && make -j$(getconf _NPROCESSORS_ONLN) V=     && make install     && apk del .build-deps     && cd ..     && rm -Rf \"node-v$NODE_VERSION\"     && rm \"node-v$NODE_VERSION.tar.xz\" SHASUMS256.txt.asc SHASUMS256.txt", node);
    img.env(at, "YARN_VERSION", "1.16.0");
    let yarn = shared_layer("yarn-1.16.0-alpine3.9", || {
        let mut b = LayerBuilder::new("yarn-1.16.0-alpine3.9", at);
        b.link("/usr/local/bin/yarn", "/opt/yarn-v1.16.0/bin/yarn");
        b.link("/usr/local/bin/yarnpkg", "/opt/yarn-v1.16.0/bin/yarnpkg");
        b.synth("/opt/yarn-v1.16.0/bin/yarn", 0o755, 1_003);
        b.synth("/opt/yarn-v1.16.0/bin/yarn.js", 0o755, 42);
        b.synth("/opt/yarn-v1.16.0/lib/cli.js", 0o644, 5_100_000 - 1_045);
        b.build()
    });
    img.layer(at, "/bin/sh -c apk add --no-cache --virtual .build-deps-yarn curl gnupg tar   && for key in     6A010C5166006599AA17F08146C2130DFD2497F5   ; do     gpg --batch --keyserver hkp://p80.pool.sks-keyservers.net:80 --recv-keys \"$key\" ;   done   && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz\"   && mkdir -p /opt   && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg   && rm yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && apk del .build-deps-yarn", yarn);
    let ep = shared_layer("node-10-entrypoint", || {
        entrypoint_layer("node-10-entrypoint", files::NODE10_ENTRYPOINT, at)
    });
    let sha = Digest::of(files::NODE10_ENTRYPOINT.as_bytes()).hex();
    img.layer(
        at,
        &format!("/bin/sh -c #(nop) COPY file:{sha} in /usr/local/bin/ "),
        ep,
    );
    img.entrypoint(at, &["docker-entrypoint.sh"]);
    img.cmd(at, &["node"]);
    img
}

/// `diamol/ch03-web-ping`: the book's chapter 3 image on diamol/node (WORKDIR and COPY
/// layers; `app.js` is synthetic content of its real size, 846 bytes).
pub fn diamol_web_ping() -> ImageBuilder {
    let base = diamol_node();
    let at = epoch(2019, 8, 10, 14, 2);
    let mut img = ImageBuilder::from(&base, false);
    img.env(at, "TARGET", "blog.sixeyed.com");
    img.env(at, "METHOD", "HEAD");
    img.env(at, "INTERVAL", "3000");
    let wd = shared_layer("web-ping-workdir", || {
        let mut b = LayerBuilder::new("web-ping-workdir", at);
        b.dir("/web-ping", 0o755);
        b.build()
    });
    img.layer(at, "/bin/sh -c #(nop) WORKDIR /web-ping", wd);
    img.config.working_dir = "/web-ping".into();
    let app = shared_layer("web-ping-app", || {
        let mut b = LayerBuilder::new("web-ping-app", at);
        b.synth("/web-ping/app.js", 0o644, 846);
        b.build()
    });
    let sha = layer_fingerprint(&app).hex();
    img.layer(at, &format!("/bin/sh -c #(nop) COPY file:{sha} in . "), app);
    img.cmd(at, &["node", "/web-ping/app.js"]);
    img
}
