//! The offline base-image catalog: names, sizes against the published images, shared
//! layers, the real alpine listing, key files, history/config consistency, and errors.
#![allow(clippy::unwrap_used)]

use layercake::catalog::{self, alpine, BaseImage, CatalogErrorKind, CATALOG};
use layercake::fs::{Content, FsPath, NodeKind, Rootfs};
use std::sync::Arc;

fn read(img: &BaseImage, path: &str) -> String {
    let fs = Rootfs::new(img.layers.clone());
    let content = fs.read_file(&FsPath::new(path)).unwrap();
    String::from_utf8(content.bytes().unwrap().to_vec()).unwrap()
}

/// (name, on-disk bytes of the published image: base-images.md §14, the seed for diamol).
const SIZES: &[(&str, u64, usize)] = &[
    ("busybox", 4_450_000, 1),
    ("alpine:3.20", 7_800_000, 1),
    ("alpine:3.22", 8_300_000, 1),
    ("alpine", 8_500_000, 1),
    ("debian:bookworm-slim", 74_830_000, 1),
    ("debian:trixie-slim", 78_640_000, 1),
    ("ubuntu:22.04", 78_000_000, 1),
    ("ubuntu:24.04", 78_160_000, 1),
    ("ubuntu:16.04", 135_000_000, 4),
    ("node:20-alpine", 135_660_000, 4),
    ("node:22-alpine", 167_630_000, 4),
    ("node:lts", 1_230_000_000, 8),
    ("node", 1_230_000_000, 8),
    ("node:20", 1_100_000_000, 8),
    ("nginx", 161_330_000, 7),
    ("nginx:alpine", 62_940_000, 8),
    ("python:3.12-slim", 119_200_000, 4),
    ("httpd:2.4", 116_840_000, 6),
    ("golang:1.26-alpine", 241_360_000, 5),
    ("diamol/node", 75_330_116, 4),
    ("diamol/ch03-web-ping", 75_330_962, 6),
];

#[test]
fn every_name_resolves_under_all_aliases() {
    for entry in CATALOG {
        for name in entry.names {
            let (repo, tag) = name.rsplit_once(':').unwrap();
            let mut forms = vec![name.to_string(), format!("docker.io/{}", qualified(name))];
            if tag == "latest" {
                forms.push(repo.to_string());
            }
            if !repo.contains('/') {
                forms.push(format!("library/{name}"));
            }
            for form in forms {
                let img = catalog::resolve(&form).unwrap_or_else(|e| panic!("{form}: {e}"));
                assert_eq!(img.name, entry.names[0], "{form}");
            }
        }
    }
    assert_eq!(catalog::resolve("scratch").unwrap().layers.len(), 0);
}

fn qualified(name: &str) -> String {
    if name.contains('/') {
        name.to_string()
    } else {
        format!("library/{name}")
    }
}

#[test]
fn sizes_and_layer_counts_match_the_published_images() {
    for (name, bytes, layers) in SIZES {
        let img = catalog::resolve(name).unwrap();
        let size = img.size() as f64;
        let ratio = size / *bytes as f64;
        assert!((0.9..=1.1).contains(&ratio), "{name}: {size} vs {bytes}");
        assert_eq!(img.layers.len(), *layers, "{name}");
    }
}

#[test]
fn images_built_on_each_other_share_layers() {
    let pairs = [
        ("alpine:3.23", "node:20-alpine", 1),
        ("alpine:3.24", "nginx:alpine", 1),
        ("alpine:3.24", "golang:alpine", 1),
        ("debian:trixie-slim", "nginx", 1),
        ("debian:trixie-slim", "python:3.12-slim", 1),
        ("debian:trixie-slim", "httpd", 1),
        ("nginx:alpine-slim", "nginx:alpine", 7),
        ("buildpack-deps:trixie", "node:20", 4),
        ("diamol/node", "diamol/ch03-web-ping", 4),
    ];
    for (base, child, n) in pairs {
        let b = catalog::resolve(base).unwrap();
        let c = catalog::resolve(child).unwrap();
        for i in 0..n {
            assert!(
                Arc::ptr_eq(&b.layers[i], &c.layers[i]),
                "{base} / {child} layer {i}"
            );
        }
    }
    // The five COPY layers of nginx are the same in the Debian and Alpine images.
    let deb = catalog::resolve("nginx").unwrap();
    let alp = catalog::resolve("nginx:alpine").unwrap();
    for i in 2..7 {
        assert!(Arc::ptr_eq(&deb.layers[i], &alp.layers[i]));
    }
    // node:20 and node:22 share all but the node layer (and what follows it on the top).
    let a = catalog::resolve("node:20").unwrap();
    let b = catalog::resolve("node:22").unwrap();
    assert!(Arc::ptr_eq(&a.layers[4], &b.layers[4]));
    assert!(!Arc::ptr_eq(&a.layers[5], &b.layers[5]));
    // Same layer, same diff_id; small layers hashed for real.
    assert_eq!(
        catalog::diff_id(&deb.layers[2]),
        catalog::diff_id(&alp.layers[2])
    );
}

#[test]
fn alpine_layer_is_the_real_minirootfs_listing() {
    let img = catalog::resolve("alpine:3.20").unwrap();
    let layer = &img.layers[0];
    let listing = alpine::listing();
    assert_eq!(layer.len() + 1, listing.len(), "every entry but / itself");
    for e in &listing {
        if e.path == "/" {
            continue;
        }
        let Some(layercake::fs::Change::Put(node)) = layer.get(&FsPath::new(&e.path)) else {
            panic!("{} missing", e.path)
        };
        assert_eq!(node.mode, e.mode, "{}", e.path);
        match (&node.kind, e.kind) {
            (NodeKind::Dir, 'd') => {}
            (NodeKind::Symlink(t), 'l') => assert_eq!(t, &e.target, "{}", e.path),
            (NodeKind::File(c), '-') => {
                if !alpine::SIZE_DIFFERS.contains(&e.path.as_str()) {
                    assert_eq!(c.len(), e.size, "{}", e.path);
                }
            }
            other => panic!("{}: {other:?}", e.path),
        }
    }
    let fs = Rootfs::new(img.layers.clone());
    assert_eq!(
        fs.resolve(&FsPath::new("/bin/sh"), true).unwrap().as_str(),
        "/bin/busybox"
    );
}

#[test]
fn os_release_and_users() {
    let a = catalog::resolve("alpine:3.22").unwrap();
    let osr = read(&a, "/etc/os-release");
    assert!(
        osr.contains("VERSION_ID=3.22.6\n") && osr.contains("PRETTY_NAME=\"Alpine Linux v3.22\"")
    );
    assert!(read(&a, "/etc/apk/repositories").contains("/v3.22/main"));
    let u = catalog::resolve("ubuntu:24.04").unwrap();
    assert!(read(&u, "/etc/os-release").contains("VERSION=\"24.04.3 LTS (Noble Numbat)\""));
    assert!(read(&u, "/etc/passwd").contains("ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n"));
    assert!(!read(&catalog::resolve("ubuntu:22.04").unwrap(), "/etc/passwd").contains("ubuntu:"));
    let fs = Rootfs::new(u.layers.clone());
    assert_eq!(
        fs.resolve(&FsPath::new("/bin/sh"), true).unwrap().as_str(),
        "/usr/bin/dash"
    );
    assert!(fs.is_dir(&FsPath::new("/var/lib/apt/lists")));
    let old = catalog::resolve("ubuntu:16.04").unwrap();
    assert!(read(&old, "/etc/os-release").contains("VERSION_ID=\"16.04\""));
    assert_eq!(
        Rootfs::new(old.layers.clone())
            .resolve(&FsPath::new("/bin/sh"), true)
            .unwrap()
            .as_str(),
        "/bin/dash"
    );
    let d = catalog::resolve("debian:bookworm-slim").unwrap();
    assert!(read(&d, "/etc/os-release").contains("VERSION_CODENAME=bookworm"));
    assert!(read(&d, "/etc/passwd").contains("www-data:x:33:33:"));
    assert!(read(&d, "/var/lib/dpkg/status").contains("Package: dash\n"));
    for name in ["node:20", "node:20-alpine", "diamol/node"] {
        let p = read(&catalog::resolve(name).unwrap(), "/etc/passwd");
        assert!(p.contains("node:x:1000:1000:"), "{name}");
    }
    assert!(read(&catalog::resolve("nginx").unwrap(), "/etc/passwd")
        .contains("nginx:x:101:101:nginx user:/nonexistent:/bin/false"));
    assert!(
        read(&catalog::resolve("nginx:alpine").unwrap(), "/etc/passwd")
            .contains("nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin")
    );
}

#[test]
fn key_files() {
    let n = catalog::resolve("nginx").unwrap();
    assert_eq!(read(&n, "/usr/share/nginx/html/index.html").len(), 615);
    assert!(read(&n, "/etc/nginx/nginx.conf").contains("user  nginx;"));
    assert!(read(&n, "/etc/nginx/conf.d/default.conf").contains("listen       80;"));
    let fs = Rootfs::new(catalog::resolve("node:lts-alpine").unwrap().layers);
    let node = fs.stat(&FsPath::new("/usr/local/bin/node")).unwrap();
    assert!(matches!(
        node.kind,
        NodeKind::File(Content::Synthetic { .. })
    ));
    assert!(node.size() > 90_000_000);
    assert!(fs.exists(&FsPath::new("/usr/local/bin/npm")));
    let ep = fs
        .read_file(&FsPath::new("/usr/local/bin/docker-entrypoint.sh"))
        .unwrap();
    assert_eq!(ep.len(), 388);
    let py = Rootfs::new(catalog::resolve("python:3.12-slim").unwrap().layers);
    assert_eq!(
        py.resolve(&FsPath::new("/usr/local/bin/python"), true)
            .unwrap()
            .as_str(),
        "/usr/local/bin/python3.12"
    );
    let h = catalog::resolve("httpd").unwrap();
    assert_eq!(read(&h, "/usr/local/apache2/htdocs/index.html").len(), 45);
}

#[test]
fn history_and_config_agree() {
    for entry in CATALOG {
        let img = catalog::resolve(entry.names[0]).unwrap();
        let non_empty = img.history.iter().filter(|h| !h.empty_layer).count();
        assert_eq!(non_empty, img.layers.len(), "{}", img.name);
        assert!(
            img.config.env.iter().any(|e| e.starts_with("PATH=")),
            "{}",
            img.name
        );
        assert!(!img.config.cmd.is_empty(), "{}", img.name);
    }
    let n = catalog::resolve("nginx").unwrap();
    assert_eq!(n.config.entrypoint, ["/docker-entrypoint.sh"]);
    assert_eq!(n.config.cmd, ["nginx", "-g", "daemon off;"]);
    assert_eq!(n.config.stop_signal, "SIGQUIT");
    assert!(n.config.exposed_ports.contains_key("80/tcp"));
    assert_eq!(
        catalog::resolve("httpd").unwrap().config.working_dir,
        "/usr/local/apache2"
    );
    let node = catalog::resolve("node:20-alpine").unwrap();
    assert_eq!(node.config.entrypoint, ["docker-entrypoint.sh"]);
    assert!(node
        .config
        .env
        .contains(&"NODE_VERSION=20.20.1".to_string()));
    let web = catalog::resolve("diamol/ch03-web-ping").unwrap();
    assert_eq!(web.config.working_dir, "/web-ping");
    assert_eq!(web.config.cmd, ["node", "/web-ping/app.js"]);
    assert!(web.history[0]
        .created_by
        .as_deref()
        .unwrap()
        .starts_with("/bin/sh -c #(nop) ADD file:"));
    let u = catalog::resolve("ubuntu:24.04").unwrap();
    assert_eq!(u.config.labels["org.opencontainers.image.version"], "24.04");
    assert_eq!(u.config.cmd, ["/bin/bash"]);
    let cfg = catalog::resolve("alpine:3.20").unwrap().image_config();
    assert_eq!(cfg.rootfs.diff_ids.len(), 1);
    assert_eq!(cfg.config.cmd, ["/bin/sh"]);
}

#[test]
fn layers_are_deterministic() {
    let a =
        catalog::build::layer_fingerprint(&catalog::alpine::rootfs(&catalog::images::ALPINE[1]));
    let b = catalog::build::layer_fingerprint(&catalog::resolve("alpine:3.20").unwrap().layers[0]);
    assert_eq!(a, b);
}

#[test]
fn errors_read_like_docker() {
    let e = catalog::resolve("Node").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid reference format: repository name (library/Node) must be lowercase"
    );
    let e = catalog::resolve("nodee").unwrap_err();
    assert_eq!(
        e.to_string(),
        "pull access denied for nodee, repository does not exist or may require 'docker login'"
    );
    let hint = e.hint().unwrap();
    assert!(hint.contains("offline") && hint.contains("node:"), "{hint}");
    let e = catalog::resolve("node:99").unwrap_err();
    assert_eq!(
        e.to_string(),
        "manifest for node:99 not found: manifest unknown: manifest unknown"
    );
    assert!(matches!(e.kind, CatalogErrorKind::UnknownTag { .. }));
    let e = catalog::resolve("ghcr.io/x/y").unwrap_err();
    assert_eq!(e.kind, CatalogErrorKind::OtherRegistry);
    let e = catalog::resolve(&format!("alpine@sha256:{}", "0".repeat(64))).unwrap_err();
    assert_eq!(e.kind, CatalogErrorKind::DigestNotSupported);
    assert!(catalog::resolve("alpine:").is_err());
    assert!(catalog::resolve_for_platform("alpine", "linux/arm64").is_err());
    assert!(catalog::resolve_for_platform("alpine", "linux/amd64").is_ok());
}

/// Pins the synthetic content, the layer builder and the tar writer together: the same
/// digest natively and in wasm, release after release (change it only on purpose).
#[test]
fn alpine_diff_id_is_pinned() {
    let img = catalog::resolve("alpine:3.20").unwrap();
    assert_eq!(
        catalog::diff_id(&img.layers[0]).to_string(),
        "sha256:c0abf1cec2159f09865232fff329463458db035683a712fb824c065169f1fd07"
    );
}

fn check_known_diff_ids(max_size: u64) {
    for entry in CATALOG {
        catalog::resolve(entry.names[0]).unwrap();
    }
    let built = catalog::build::built_layers();
    assert_eq!(
        built.len(),
        catalog::digests::KNOWN_DIFF_IDS.len(),
        "every layer has a known diff_id"
    );
    let mut fresh = String::new();
    let mut stale = Vec::new();
    for (key, layer) in &built {
        let known = catalog::digests::KNOWN_DIFF_IDS
            .iter()
            .find(|(k, _)| k == key);
        if layer.size() > max_size {
            assert!(known.is_some(), "{key} has no known diff_id");
            continue;
        }
        let d = catalog::compute_diff_id(layer).hex();
        fresh.push_str(&format!("    (\"{key}\", \"{d}\"),\n"));
        if known.map(|(_, h)| *h) != Some(d.as_str()) {
            stale.push(key.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "stale diff_ids {stale:?}; fresh table:\n{fresh}"
    );
}

/// The known diff_ids of every layer up to 10 MB are recomputed (the big ones use the same
/// generator and tar writer; see the ignored test for all of them).
#[test]
fn known_diff_ids_of_small_layers_are_true() {
    check_known_diff_ids(10_000_000);
}

/// All 3 GB: `cargo test --release --test catalog -- --ignored`.
#[test]
#[ignore = "hashes 3 GB of synthetic content; run in release"]
fn known_diff_ids_are_all_true() {
    check_known_diff_ids(u64::MAX);
}
