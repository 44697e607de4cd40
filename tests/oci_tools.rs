//! The real tools judge our OCI export: the demo image (three layers built in code with
//! whiteouts, an opaque directory, symlinks, hard links, odd modes, a long path and a
//! streamed 3 MB synthetic file) is exported as an OCI archive, then
//! - `skopeo inspect oci-archive:FILE` must report our manifest digest and layer digests, and
//!   `skopeo inspect --raw` must return our manifest bytes;
//! - `umoci unpack --rootless` of the extracted layout must produce, file by file, the merged
//!   view of the layers as `fs::Rootfs` computes it (type, content, permission bits, symlink targets, hard-link groups).
//!
//! Owners are not compared: a rootless unpack maps every file to the current user.
//! The tools are installed by `make test`; when they are missing this test fails and says so.

#![allow(clippy::unwrap_used)]

#[path = "support/tools.rs"]
mod tools;

use layercake::fs::{NodeKind, Rootfs};
use layercake::oci::demo::{demo_image, demo_layers};
use layercake::oci::layout::manifest_of;
use layercake::oci::{export, ArchiveFormat, Compression, Digest};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;
use tools::{run, tool, Scratch};

/// What a path is in the merged image.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Dir,
    File(Digest),
    Symlink(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    kind: Kind,
    mode: u32,
}

/// The merged view of the demo layers as `fs::Rootfs` computes it, plus the hard-link groups
/// (paths that must share an inode). A hard link's mode is its target's (one inode).
fn merged_view() -> (BTreeMap<String, Expected>, Vec<Vec<String>>) {
    let rootfs = Rootfs::new(demo_layers());
    let mut tree = BTreeMap::new();
    let mut groups = Vec::new();
    for (path, node, _) in rootfs.merged_view() {
        let expected = match &node.kind {
            NodeKind::Dir => Expected {
                kind: Kind::Dir,
                mode: node.mode,
            },
            NodeKind::File(c) => Expected {
                kind: Kind::File(Digest::of(&c.to_vec())),
                mode: node.mode,
            },
            NodeKind::Symlink(t) => Expected {
                kind: Kind::Symlink(t.clone()),
                mode: 0o777,
            },
            NodeKind::Hardlink(target) => {
                groups.push(vec![
                    path.relative().to_string(),
                    target.relative().to_string(),
                ]);
                let inode = rootfs.stat(&path).unwrap();
                let content = rootfs.read_file(&path).unwrap();
                Expected {
                    kind: Kind::File(Digest::of(&content.to_vec())),
                    mode: inode.mode,
                }
            }
        };
        tree.insert(path.relative().to_string(), expected);
    }
    (tree, groups)
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, (Expected, u64)>) {
    let mut children: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    children.sort();
    for path in children {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let kind = if meta.file_type().is_symlink() {
            Kind::Symlink(
                std::fs::read_link(&path)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            )
        } else if meta.is_dir() {
            Kind::Dir
        } else {
            Kind::File(Digest::of(&std::fs::read(&path).unwrap()))
        };
        let mode = if meta.file_type().is_symlink() {
            0o777
        } else {
            meta.mode() & 0o7777
        };
        out.insert(rel, (Expected { kind, mode }, meta.ino()));
        if meta.is_dir() {
            walk(root, &path, out);
        }
    }
}

#[test]
fn skopeo_and_umoci_accept_our_oci_archive() {
    let image = demo_image(Compression::Gzip).unwrap();
    let bytes = export(std::slice::from_ref(&image), ArchiveFormat::Oci).unwrap();
    let manifest = manifest_of(&image.config.to_bytes(), &image.layers).to_bytes();

    let scratch = Scratch::new("oci-tools");
    let dir = scratch.path().to_path_buf();
    let archive = dir.join("demo.tar");
    std::fs::write(&archive, &bytes).unwrap();

    // skopeo: digests and raw manifest.
    let target = format!("oci-archive:{}", archive.display());
    let inspect: serde_json::Value =
        serde_json::from_str(&run(tool("skopeo").args(["inspect", &target]))).unwrap();
    assert_eq!(
        inspect["Digest"],
        Digest::of(&manifest).to_string(),
        "{inspect:#}"
    );
    let layers: Vec<String> = image.layers.iter().map(|l| l.digest.to_string()).collect();
    assert_eq!(inspect["Layers"], serde_json::json!(layers), "{inspect:#}");
    assert_eq!(inspect["Architecture"], "amd64");
    assert_eq!(inspect["Os"], "linux");
    let raw = run(tool("skopeo").args(["inspect", "--raw", &target]));
    assert_eq!(
        raw.as_bytes(),
        &manifest[..],
        "skopeo --raw returns our manifest bytes"
    );
    let config = run(tool("skopeo").args(["inspect", "--config", "--raw", &target]));
    assert_eq!(
        config.as_bytes(),
        &image.config.to_bytes()[..],
        "config bytes"
    );

    // umoci: unpack the extracted layout, compare with the merged view.
    let layout = dir.join("layout");
    std::fs::create_dir_all(&layout).unwrap();
    run(Command::new("tar")
        .arg("-xf")
        .arg(&archive)
        .arg("-C")
        .arg(&layout));
    let bundle = dir.join("bundle");
    run(tool("umoci")
        .args(["unpack", "--rootless", "--image"])
        .arg(format!("{}:latest", layout.display()))
        .arg(&bundle));
    let rootfs = bundle.join("rootfs");
    let mut got = BTreeMap::new();
    walk(&rootfs, &rootfs, &mut got);
    let (want, groups) = merged_view();

    let mut problems = Vec::new();
    for (path, w) in &want {
        match got.get(path) {
            None => problems.push(format!("{path}: missing in umoci's rootfs")),
            Some((g, _)) if g != w => problems.push(format!("{path}: want {w:?}, umoci has {g:?}")),
            _ => {}
        }
    }
    for path in got.keys() {
        if !want.contains_key(path) {
            problems.push(format!(
                "{path}: in umoci's rootfs but not in the merged view"
            ));
        }
    }
    for group in &groups {
        let inodes: Vec<u64> = group
            .iter()
            .filter_map(|p| got.get(p).map(|x| x.1))
            .collect();
        if inodes.len() != group.len() || inodes.windows(2).any(|w| w[0] != w[1]) {
            problems.push(format!("{group:?}: not hard-linked in umoci's rootfs"));
        }
    }
    assert!(
        problems.is_empty(),
        "umoci disagrees:\n{}",
        problems.join("\n")
    );
    assert!(
        want.len() > 20,
        "the demo image has content ({} paths)",
        want.len()
    );
    assert!(!groups.is_empty());
    drop(scratch);
}

/// The docker archive: skopeo reads it as `docker-archive:` (layers = our diff_ids) and copies
/// it (reading and checking every blob); and an archive skopeo writes imports back here with
/// the same image ID and diff_ids.
#[test]
fn skopeo_reads_our_docker_archive_and_we_read_skopeos() {
    let image = demo_image(Compression::None).unwrap();
    let oci = export(
        &[demo_image(Compression::Gzip).unwrap()],
        ArchiveFormat::Oci,
    )
    .unwrap();
    let bytes = export(std::slice::from_ref(&image), ArchiveFormat::Docker).unwrap();
    let scratch = Scratch::new("docker-tools");
    let dir = scratch.path().to_path_buf();
    let archive = dir.join("demo-docker.tar");
    std::fs::write(&archive, &bytes).unwrap();
    let oci_archive = dir.join("demo-oci.tar");
    std::fs::write(&oci_archive, &oci).unwrap();

    let target = format!("docker-archive:{}", archive.display());
    let inspect: serde_json::Value =
        serde_json::from_str(&run(tool("skopeo").args(["inspect", &target]))).unwrap();
    let diff_ids: Vec<String> = image
        .config
        .rootfs
        .diff_ids
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        inspect["Layers"],
        serde_json::json!(diff_ids),
        "{inspect:#}"
    );
    let copy_dir = format!("oci:{}:copy", dir.join("copied").display());
    run(tool("skopeo").args(["copy", "--quiet", &target, &copy_dir]));

    // skopeo's own docker archive, written from our OCI archive, imports with the same ID.
    let theirs = dir.join("theirs.tar");
    run(tool("skopeo").args([
        "copy",
        "--quiet",
        &format!("oci-archive:{}", oci_archive.display()),
        &format!("docker-archive:{}:demo/theirs:1", theirs.display()),
    ]));
    let imported =
        layercake::oci::import(&std::fs::read(&theirs).unwrap(), Default::default()).unwrap();
    assert_eq!(imported.images.len(), 1);
    assert_eq!(imported.images[0].id, image.config.id());
    assert_eq!(
        imported.images[0].config.rootfs.diff_ids,
        image.config.rootfs.diff_ids
    );
    assert!(imported.images[0]
        .tags
        .iter()
        .any(|t| t.ends_with("demo/theirs:1")));
}
