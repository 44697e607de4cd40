//! Base images for `FROM`: the local image store first (like docker's local images), then
//! the offline catalog. Nothing is fetched.
//!
//! Until `crate::catalog` lands, this file holds a small provisional catalog: a few images
//! (alpine, busybox, ubuntu, node, diamol/node, nginx) with the files the seeds need
//! (`/etc/os-release`, `/etc/passwd`, `/bin/sh`, node and nginx as synthetic binaries) and
//! history and config shaped like the real ones. Sizes are scaled down.

use super::error::{BuildError, BuildErrorKind};
use super::image::{diff_id, get_env, DEFAULT_PATH};
use super::store::{normalize_tag, StoredImage};
use crate::fs::{Change, FsPath, Layer, Node};
use crate::oci::{spec::rfc3339, History, ImageConfig};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A base image and the reference `docker` prints for it (`docker.io/library/node:latest`).
#[derive(Debug, Clone)]
pub struct ResolvedBase {
    /// The image.
    pub image: StoredImage,
    /// The full reference.
    pub reference: String,
}

/// Resolves `reference` in the provisional catalog.
pub fn resolve(reference: &str) -> Result<ResolvedBase, BuildError> {
    let familiar = normalize_tag(reference);
    let full = match crate::oci::layout::parse_ref(reference) {
        Ok(r) => r.full,
        Err(_) => {
            return Err(BuildError::new(BuildErrorKind::UnknownImage(
                reference.into(),
            )))
        }
    };
    let image = match familiar.as_str() {
        "alpine:latest" | "alpine:3" | "alpine:3.20" | "alpine:3.20.3" => alpine(),
        "busybox:latest" => busybox(),
        "ubuntu:latest" | "ubuntu:24.04" | "ubuntu:22.04" | "ubuntu:16.04" => {
            ubuntu(familiar.trim_start_matches("ubuntu:"))
        }
        "diamol/node:latest" | "diamol/ch03-web-ping:latest" => diamol_node(),
        "node:latest" | "node:lts" | "node:20" | "node:22" | "node:20-alpine" | "node:alpine"
        | "node:lts-alpine" | "node:22-alpine" => node(familiar.ends_with("alpine")),
        "nginx:latest" | "nginx:alpine" | "nginx:stable" => nginx(),
        _ => {
            return Err(BuildError::new(BuildErrorKind::UnknownImage(
                reference.into(),
            )))
        }
    };
    Ok(ResolvedBase {
        image: image?,
        reference: full,
    })
}

struct Draft {
    layers: Vec<Arc<Layer>>,
    config: ImageConfig,
}

impl Draft {
    fn new() -> Draft {
        let mut config = ImageConfig {
            architecture: "amd64".into(),
            os: "linux".into(),
            ..ImageConfig::default()
        };
        config.config.env = vec![format!("PATH={DEFAULT_PATH}")];
        Draft {
            layers: Vec::new(),
            config,
        }
    }

    fn layer(mut self, when: i64, by: &str, files: Vec<(&str, Node)>) -> Result<Draft, BuildError> {
        let mut changes = BTreeMap::new();
        for (path, node) in files {
            let p = FsPath::new(path);
            for a in p.ancestors() {
                if !a.is_root() {
                    changes
                        .entry(a)
                        .or_insert_with(|| Change::Put(dated(Node::dir(0o755), when)));
                }
            }
            changes.insert(p, Change::Put(dated(node, when)));
        }
        let layer = Layer::from_changes(changes);
        self.config.rootfs.diff_ids.push(diff_id(&layer)?);
        self.layers.push(Arc::new(layer));
        self.config.history.push(History {
            created: Some(rfc3339(when)),
            created_by: Some(by.into()),
            ..History::default()
        });
        Ok(self)
    }

    fn meta(mut self, when: i64, by: &str, f: impl FnOnce(&mut ImageConfig)) -> Draft {
        f(&mut self.config);
        self.config.history.push(History {
            created: Some(rfc3339(when)),
            created_by: Some(by.into()),
            empty_layer: true,
            ..History::default()
        });
        self
    }

    fn done(mut self, when: i64) -> StoredImage {
        self.config.created = Some(rfc3339(when));
        StoredImage::new(self.config, self.layers)
    }
}

fn dated(mut node: Node, when: i64) -> Node {
    node.mtime = when;
    node
}

fn text(s: &str) -> Node {
    Node::file(s.as_bytes().to_vec(), 0o644)
}

fn bin(size: u64, seed: u64) -> Node {
    Node::synthetic(size, seed, 0o755)
}

const PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n";
const GROUP: &str = "root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nnogroup:x:65533:\nnobody:x:65534:\n";

fn alpine_files() -> Vec<(&'static str, Node)> {
    vec![
        ("/bin/busybox", bin(64 * 1024, 1)),
        ("/bin/sh", Node::symlink("/bin/busybox")),
        ("/bin/ls", Node::symlink("/bin/busybox")),
        ("/bin/cat", Node::symlink("/bin/busybox")),
        ("/bin/echo", Node::symlink("/bin/busybox")),
        ("/bin/mkdir", Node::symlink("/bin/busybox")),
        ("/lib/ld-musl-x86_64.so.1", bin(40 * 1024, 2)),
        ("/etc/os-release", text("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME=\"Alpine Linux v3.20\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n")),
        ("/etc/alpine-release", text("3.20.3\n")),
        ("/etc/passwd", text(PASSWD)),
        ("/etc/group", text(GROUP)),
        ("/etc/hostname", text("localhost\n")),
        ("/root", Node::dir(0o700)),
        ("/tmp", Node::dir(0o1777)),
        ("/usr/bin/env", Node::symlink("/bin/busybox")),
        ("/var/cache", Node::dir(0o755)),
        ("/home", Node::dir(0o755)),
    ]
}

const T_ALPINE: i64 = 1_725_975_600; // 2024-09-10
const T_UBUNTU: i64 = 1_726_000_000;
const T_NODE: i64 = 1_727_000_000;
const T_NGINX: i64 = 1_728_000_000;
const T_DIAMOL: i64 = 1_560_000_000; // 2019-06-08

fn alpine() -> Result<StoredImage, BuildError> {
    Ok(Draft::new()
        .layer(T_ALPINE, "/bin/sh -c #(nop) ADD file:5758b97d8301c84a204a6e516241275d785a7cb40f2c5ad5c8d0c1ae5ca13925 in / ", alpine_files())?
        .meta(T_ALPINE, "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", |c| {
            c.config.cmd = vec!["/bin/sh".into()]
        })
        .done(T_ALPINE))
}

fn busybox() -> Result<StoredImage, BuildError> {
    Ok(Draft::new()
        .layer(
            T_ALPINE,
            "BusyBox 1.36.1 (glibc), Debian 12",
            vec![
                ("/bin/busybox", bin(1024 * 1024, 3)),
                ("/bin/sh", Node::symlink("busybox")),
                ("/etc/passwd", text(PASSWD)),
                ("/etc/group", text(GROUP)),
                ("/tmp", Node::dir(0o1777)),
            ],
        )?
        .meta(T_ALPINE, "CMD [\"sh\"]", |c| {
            c.config.cmd = vec!["sh".into()]
        })
        .done(T_ALPINE))
}

fn ubuntu(version: &str) -> Result<StoredImage, BuildError> {
    let version = if version == "latest" {
        "24.04"
    } else {
        version
    };
    let os_release = format!("NAME=\"Ubuntu\"\nVERSION_ID=\"{version}\"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME=\"Ubuntu {version}\"\n");
    let mut passwd = PASSWD.replace("/bin/sh", "/bin/bash");
    passwd.push_str("_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n");
    Ok(Draft::new()
        .meta(T_UBUNTU, "/bin/sh -c #(nop)  ARG RELEASE", |_| {})
        .meta(T_UBUNTU, "/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH", |_| {})
        .meta(T_UBUNTU, "/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu", |c| {
            c.config.labels.insert("org.opencontainers.image.ref.name".into(), "ubuntu".into());
        })
        .meta(T_UBUNTU, &format!("/bin/sh -c #(nop)  LABEL org.opencontainers.image.version={version}"), |c| {
            c.config.labels.insert("org.opencontainers.image.version".into(), version.into());
        })
        .layer(T_UBUNTU, "/bin/sh -c #(nop) ADD file:d7b4f2b2a2e8d7b21e1a3e1c0f0e2e6f5b3a1c9e8d7f6a5b4c3d2e1f0a9b8c7d6 in / ", vec![
            ("/usr/bin/bash", bin(1024 * 1024, 10)),
            ("/bin", Node::symlink("usr/bin")),
            ("/usr/bin/sh", Node::symlink("dash")),
            ("/usr/bin/dash", bin(128 * 1024, 11)),
            ("/usr/bin/apt-get", bin(64 * 1024, 12)),
            ("/etc/os-release", text(&os_release)),
            ("/etc/passwd", text(&passwd)),
            ("/etc/group", text(GROUP)),
            ("/etc/debian_version", text("trixie/sid\n")),
            ("/root", Node::dir(0o700)),
            ("/tmp", Node::dir(0o1777)),
            ("/var/lib/apt/lists", Node::dir(0o755)),
        ])?
        .meta(T_UBUNTU, "/bin/sh -c #(nop)  CMD [\"/bin/bash\"]", |c| {
            c.config.cmd = vec!["/bin/bash".into()]
        })
        .done(T_UBUNTU))
}

fn node(alpine_variant: bool) -> Result<StoredImage, BuildError> {
    let mut passwd = PASSWD.to_string();
    passwd.push_str("node:x:1000:1000::/home/node:/bin/sh\n");
    let mut group = GROUP.to_string();
    group.push_str("node:x:1000:\n");
    let mut base = alpine_files();
    if !alpine_variant {
        base.push(("/etc/debian_version", text("12.7\n")));
    }
    let draft = Draft::new()
        .layer(T_NODE, "/bin/sh -c #(nop) ADD file:bd2e4d1aa6b1d9e0e4f5b2f8a3b5f1c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2 in / ", base)?
        .meta(T_NODE, "CMD [\"/bin/sh\"]", |c| c.config.cmd = vec!["/bin/sh".into()])
        .meta(T_NODE, "ENV NODE_VERSION=20.18.0", |c| {
            super::image::set_env(&mut c.config.env, "NODE_VERSION", "20.18.0")
        })
        .layer(T_NODE, "RUN /bin/sh -c addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node && apk add --no-cache libstdc++ # buildkit", vec![
            ("/usr/local/bin/node", bin(512 * 1024, 20)),
            ("/usr/local/bin/npm", Node::symlink("../lib/node_modules/npm/bin/npm-cli.js")),
            ("/usr/local/bin/npx", Node::symlink("../lib/node_modules/npm/bin/npx-cli.js")),
            ("/usr/local/lib/node_modules/npm/bin/npm-cli.js", Node::file(b"#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n".to_vec(), 0o755)),
            ("/usr/local/lib/node_modules/npm/bin/npx-cli.js", Node::file(b"#!/usr/bin/env node\n".to_vec(), 0o755)),
            ("/etc/passwd", text(&passwd)),
            ("/etc/group", text(&group)),
            ("/home/node", Node::dir(0o755).owned(1000, 1000)),
        ])?
        .meta(T_NODE, "ENV YARN_VERSION=1.22.22", |c| {
            super::image::set_env(&mut c.config.env, "YARN_VERSION", "1.22.22")
        })
        .layer(T_NODE, "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", vec![(
            "/usr/local/bin/docker-entrypoint.sh",
            Node::file(b"#!/bin/sh\nset -e\nexec \"$@\"\n".to_vec(), 0o755),
        )])?
        .meta(T_NODE, "ENTRYPOINT [\"docker-entrypoint.sh\"]", |c| {
            c.config.entrypoint = vec!["docker-entrypoint.sh".into()]
        })
        .meta(T_NODE, "CMD [\"node\"]", |c| c.config.cmd = vec!["node".into()]);
    Ok(draft.done(T_NODE))
}

fn diamol_node() -> Result<StoredImage, BuildError> {
    Ok(Draft::new()
        .layer(T_DIAMOL, "/bin/sh -c #(nop) ADD file:a86aea1f3a7d68f6ae03397b99ea77f2e9ee901c5c59e59f76f93adbb4035913 in / ", alpine_files())?
        .meta(T_DIAMOL, "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", |c| c.config.cmd = vec!["/bin/sh".into()])
        .meta(T_DIAMOL, "/bin/sh -c #(nop)  ENV NODE_VERSION=10.16.0", |c| {
            super::image::set_env(&mut c.config.env, "NODE_VERSION", "10.16.0")
        })
        .layer(T_DIAMOL, "/bin/sh -c addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node     && apk add --no-cache         libstdc++     && apk add --no-cache --virtual .build-deps         binutils-gold         curl         g++         gcc         gnupg         libgcc         linux-headers         make         python", vec![
            ("/usr/local/bin/node", bin(512 * 1024, 30)),
            ("/home/node", Node::dir(0o755).owned(1000, 1000)),
        ])?
        .meta(T_DIAMOL, "/bin/sh -c #(nop)  ENV YARN_VERSION=1.16.0", |c| {
            super::image::set_env(&mut c.config.env, "YARN_VERSION", "1.16.0")
        })
        .layer(T_DIAMOL, "/bin/sh -c apk add --no-cache --virtual .build-deps-yarn curl gnupg tar   && for key in     6A010C5166006599AA17F08146C2130DFD2497F5   ; do", vec![
            ("/opt/yarn-v1.16.0/bin/yarn", bin(16 * 1024, 31)),
        ])?
        .layer(T_DIAMOL, "/bin/sh -c #(nop) COPY file:238737301d47304174e4d24f4def935b29b3069c03c72ae8de97d94624382fce in /usr/local/bin/ ", vec![(
            "/usr/local/bin/docker-entrypoint.sh",
            Node::file(b"#!/bin/sh\nset -e\n\nif [ \"${1#-}\" != \"${1}\" ] || [ -z \"$(command -v \"${1}\")\" ]; then\n  set -- node \"$@\"\nfi\n\nexec \"$@\"\n".to_vec(), 0o755),
        )])?
        .meta(T_DIAMOL, "/bin/sh -c #(nop)  ENTRYPOINT [\"docker-entrypoint.sh\"]", |c| {
            c.config.entrypoint = vec!["docker-entrypoint.sh".into()]
        })
        .meta(T_DIAMOL, "/bin/sh -c #(nop)  CMD [\"node\"]", |c| c.config.cmd = vec!["node".into()])
        .done(T_DIAMOL))
}

fn nginx() -> Result<StoredImage, BuildError> {
    let mut passwd = PASSWD.to_string();
    passwd.push_str("nginx:x:101:101:nginx:/nonexistent:/bin/false\n");
    let mut group = GROUP.to_string();
    group.push_str("nginx:x:101:\n");
    let index = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n";
    let default_conf = "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n";
    let draft = Draft::new()
        .layer(T_NGINX, "/bin/sh -c #(nop) ADD file:90b9dd8f12120e8b2cd3ece45fcbe8af67e40565e2032a40f64bd921c43e2ce7 in / ", alpine_files())?
        .meta(T_NGINX, "CMD [\"/bin/sh\"]", |c| c.config.cmd = vec!["/bin/sh".into()])
        .meta(T_NGINX, "LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>", |c| {
            c.config.labels.insert("maintainer".into(), "NGINX Docker Maintainers <docker-maint@nginx.com>".into());
        })
        .meta(T_NGINX, "ENV NGINX_VERSION=1.27.2", |c| {
            super::image::set_env(&mut c.config.env, "NGINX_VERSION", "1.27.2")
        })
        .layer(T_NGINX, "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx && apk add --no-cache nginx # buildkit", vec![
            ("/usr/sbin/nginx", bin(256 * 1024, 40)),
            ("/etc/nginx/nginx.conf", text("user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n")),
            ("/etc/nginx/conf.d/default.conf", text(default_conf)),
            ("/usr/share/nginx/html/index.html", text(index)),
            ("/usr/share/nginx/html/50x.html", text("<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n")),
            ("/etc/passwd", text(&passwd)),
            ("/etc/group", text(&group)),
            ("/var/cache/nginx", Node::dir(0o755)),
            ("/var/log/nginx/access.log", Node::symlink("/dev/stdout")),
            ("/var/log/nginx/error.log", Node::symlink("/dev/stderr")),
        ])?
        .layer(T_NGINX, "COPY docker-entrypoint.sh / # buildkit", vec![(
            "/docker-entrypoint.sh",
            Node::file(b"#!/bin/sh\nset -e\nexec \"$@\"\n".to_vec(), 0o775),
        )])?
        .meta(T_NGINX, "ENTRYPOINT [\"/docker-entrypoint.sh\"]", |c| {
            c.config.entrypoint = vec!["/docker-entrypoint.sh".into()]
        })
        .meta(T_NGINX, "EXPOSE map[80/tcp:{}]", |c| {
            c.config.exposed_ports.insert("80/tcp".into(), Default::default());
        })
        .meta(T_NGINX, "STOPSIGNAL SIGQUIT", |c| c.config.stop_signal = "SIGQUIT".into())
        .meta(T_NGINX, "CMD [\"nginx\" \"-g\" \"daemon off;\"]", |c| {
            c.config.cmd = vec!["nginx".into(), "-g".into(), "daemon off;".into()]
        });
    Ok(draft.done(T_NGINX))
}

/// Whether an image defines `PATH` (BuildKit adds its default to RUN's env when not).
pub fn has_path(config: &ImageConfig) -> bool {
    get_env(&config.config.env, "PATH").is_some()
}
