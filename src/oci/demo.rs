//! A small demo image built from `fs` layers in code: three layers exercising every entry
//! kind (directories, files with odd modes and owners, a few-MB streamed synthetic file,
//! symlinks, hard links, a long path, whiteouts of a file and of a directory, an opaque
//! directory). Used by `layercake oci demo` and by the export/import and tool tests.

use super::error::OciError;
use super::fslayer::image_from_fs_layers;
use super::layout::Image;
use super::spec::{rfc3339, Empty, History, ImageConfig};
use super::tar::Compression;
use crate::fs::{Change, FsPath, Layer, Node, NodeKind};
use std::sync::Arc;

/// Size of the synthetic `bin/busybox` of the demo's base layer.
pub const DEMO_BIG_FILE: u64 = 3 * 1024 * 1024 + 123;

/// The demo's creation time (2024-01-01T00:00:00Z), fixed so its digests are stable.
pub const DEMO_EPOCH: u64 = 1_704_067_200;

fn at(node: Node) -> Node {
    Node {
        mtime: DEMO_EPOCH as i64,
        ..node
    }
}

fn put(path: &str, node: Node) -> (FsPath, Change) {
    (FsPath::new(path), Change::Put(at(node)))
}

fn dir(path: &str, mode: u32) -> (FsPath, Change) {
    put(path, Node::dir(mode))
}

fn file(path: &str, mode: u32, text: &str) -> (FsPath, Change) {
    put(path, Node::file(text.as_bytes(), mode))
}

fn link(path: &str, target: &str) -> (FsPath, Change) {
    put(path, Node::symlink(target))
}

fn hard(path: &str, target: &str, mode: u32) -> (FsPath, Change) {
    put(
        path,
        Node {
            kind: NodeKind::Hardlink(FsPath::new(target)),
            ..Node::dir(mode)
        },
    )
}

/// A path longer than 100 bytes, to exercise the USTAR prefix split.
pub const DEMO_LONG_DIR: &str =
    "/usr/share/a-rather-long-directory-name-for-the-ustar-prefix-field/and-another-level-to-pass-one-hundred";

/// The demo's layers, bottom first: a base (files, a 3 MB synthetic binary, symlinks, a hard
/// link, setuid and sticky modes, an owned file, a long path), an app layer (a modified file,
/// a whiteout, an opaque directory), and a top layer (a whited-out directory, a hard link to
/// a file of a lower layer, a relative symlink, a chmod).
pub fn demo_layers() -> Vec<Arc<Layer>> {
    let base = vec![
        dir("/bin", 0o755),
        put("/bin/busybox", Node::synthetic(DEMO_BIG_FILE, 42, 0o755)),
        link("/bin/sh", "busybox"),
        hard("/bin/ls", "/bin/busybox", 0o755),
        file("/bin/su", 0o4755, "#!/bin/sh\necho su\n"),
        dir("/data", 0o700),
        file("/data/cache.db", 0o600, "cached\n"),
        dir("/data/sub", 0o755),
        file("/data/sub/deep.txt", 0o644, "deep\n"),
        dir("/etc", 0o755),
        file("/etc/hosts", 0o644, "127.0.0.1 localhost\n"),
        file(
            "/etc/os-release",
            0o644,
            "NAME=\"Layercake demo\"\nID=demo\n",
        ),
        dir("/home", 0o755),
        dir("/home/user", 0o750),
        put(
            "/home/user/notes.txt",
            Node::file(&b"mine\n"[..], 0o640).owned(1000, 1000),
        ),
        dir("/tmp", 0o1777),
        dir("/usr", 0o755),
        dir("/usr/bin", 0o755),
        link("/usr/bin/env", "/bin/busybox"),
        dir("/usr/share", 0o755),
        dir(
            "/usr/share/a-rather-long-directory-name-for-the-ustar-prefix-field",
            0o755,
        ),
        dir(DEMO_LONG_DIR, 0o755),
        file(
            &format!("{DEMO_LONG_DIR}/file-with-a-long-name.txt"),
            0o644,
            "long\n",
        ),
        dir("/var", 0o755),
        dir("/var/cache", 0o755),
        file("/var/cache/old-1", 0o644, "old\n"),
        dir("/var/cache/old-dir", 0o755),
        file("/var/cache/old-dir/x", 0o644, "old x\n"),
    ];
    let app = vec![
        dir("/app", 0o755),
        file(
            "/app/main.sh",
            0o755,
            "#!/bin/sh\necho hello from layercake\n",
        ),
        dir("/etc", 0o755),
        file("/etc/hosts", 0o600, "127.0.0.1 localhost\n10.0.0.2 db\n"),
        (FsPath::new("/etc/os-release"), Change::Whiteout),
        dir("/var", 0o755),
        (
            FsPath::new("/var/cache"),
            Change::Opaque(at(Node::dir(0o755))),
        ),
        file("/var/cache/fresh", 0o644, "fresh\n"),
    ];
    let top = vec![
        dir("/app", 0o750),
        hard("/app/run", "/app/main.sh", 0o755),
        link("/app/hosts", "../etc/hosts"),
        (FsPath::new("/data"), Change::Whiteout),
        dir("/bin", 0o755),
        file("/bin/su", 0o755, "#!/bin/sh\necho su without setuid\n"),
        hard("/bin/busybox-again", "/bin/busybox", 0o755),
    ];
    [base, app, top]
        .into_iter()
        .map(|changes| Arc::new(Layer::from_changes(changes)))
        .collect()
}

/// The demo image (tag `layercake/demo:latest`), layers compressed as asked.
pub fn demo_image(compression: Compression) -> Result<Image, OciError> {
    let created = rfc3339(DEMO_EPOCH as i64);
    let step = |by: &str, empty: bool| History {
        created: Some(created.clone()),
        created_by: Some(by.to_string()),
        comment: Some("buildkit.dockerfile.v0".to_string()),
        empty_layer: empty,
        ..History::default()
    };
    let mut config = ImageConfig {
        architecture: "amd64".into(),
        os: "linux".into(),
        created: Some(created.clone()),
        ..ImageConfig::default()
    };
    config.config.env =
        vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into()];
    config.config.cmd = vec!["/app/main.sh".into()];
    config.config.working_dir = "/app".into();
    config
        .config
        .exposed_ports
        .insert("8080/tcp".into(), Empty {});
    config.config.labels.insert(
        "org.opencontainers.image.title".into(),
        "layercake demo".into(),
    );
    config.history = vec![
        History {
            created: Some(created.clone()),
            created_by: Some("/bin/sh -c #(nop) ADD file:demo in / ".into()),
            ..History::default()
        },
        step("COPY app/ /app/ # buildkit", false),
        step(
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            true,
        ),
        step(
            "RUN /bin/sh -c rm -rf /data \u{26}\u{26} chmod 750 /app # buildkit",
            false,
        ),
        step("EXPOSE [8080/tcp]", true),
        step("WORKDIR /app", false),
        step("CMD [\"/app/main.sh\"]", true),
    ];
    // WORKDIR /app made no change here: keep history and diff_ids consistent.
    config.history[5].empty_layer = true;
    image_from_fs_layers(
        config,
        &demo_layers(),
        vec!["layercake/demo:latest".into()],
        compression,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn demo_history_matches_layers() {
        let image = demo_image(Compression::None).unwrap();
        let non_empty = image
            .config
            .history
            .iter()
            .filter(|h| !h.empty_layer)
            .count();
        assert_eq!(non_empty, image.layers.len());
    }
}
