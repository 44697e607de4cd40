//! The real tools judge our OCI export: the demo image (three layers built in code with
//! whiteouts, an opaque directory, symlinks, hard links, odd modes, a long path and a
//! streamed 3 MB synthetic file) is exported as an OCI archive, then
//! - `skopeo inspect oci-archive:FILE` must report our manifest digest and layer digests, and
//!   `skopeo inspect --raw` must return our manifest bytes;
//! - `umoci unpack --rootless` of the extracted layout must produce, file by file, the merged
//!   view of the layers (type, content, permission bits, symlink targets, hard-link groups).
//!
//! Owners are not compared: a rootless unpack maps every file to the current user.
//! The tools are installed by `make test`; when they are missing this test fails and says so.

#![allow(clippy::unwrap_used)]

use layercake::oci::demo::{demo_image, demo_layers};
use layercake::oci::layout::manifest_of;
use layercake::oci::{export, ArchiveFormat, Compression, Content, Digest, EntryKind};
use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(name: &str) -> Command {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "`{name}` is not installed: `make test` installs skopeo and umoci \
         (Debian: apt-get install skopeo umoci); this test needs the real tools"
    );
    Command::new(name)
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A scratch directory removed at the end.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

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

/// The merged view of the demo layers, applied as image-spec layer.md says (opaque markers and
/// whiteouts first, then entries; directory over directory keeps children), plus the hard-link
/// groups (paths that must share an inode).
fn merged_view() -> (BTreeMap<String, Expected>, Vec<Vec<String>>) {
    let mut tree: BTreeMap<String, Expected> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let remove_subtree = |tree: &mut BTreeMap<String, Expected>, p: &str, keep_self: bool| {
        let prefix = format!("{p}/");
        tree.retain(|k, _| !(k.starts_with(&prefix) || (!keep_self && k == p)));
    };
    for layer in demo_layers() {
        for e in &layer {
            match e.kind {
                EntryKind::Opaque => remove_subtree(&mut tree, &e.path, true),
                EntryKind::Whiteout => {
                    remove_subtree(&mut tree, &e.path, false);
                    links.retain(|(a, b)| a != &e.path && b != &e.path);
                }
                _ => {}
            }
        }
        for e in layer {
            let kind = match e.kind {
                EntryKind::Dir => Kind::Dir,
                EntryKind::File(Content::Bytes(b)) => Kind::File(Digest::of(&b)),
                EntryKind::File(Content::Reader { mut reader, .. }) => {
                    let mut data = Vec::new();
                    reader.read_to_end(&mut data).unwrap();
                    Kind::File(Digest::of(&data))
                }
                EntryKind::Symlink(t) => Kind::Symlink(t),
                EntryKind::Hardlink(t) => {
                    links.push((e.path.clone(), t.clone()));
                    tree[&t].kind.clone()
                }
                EntryKind::Whiteout | EntryKind::Opaque => continue,
            };
            if kind != Kind::Dir || tree.get(&e.path).map(|x| &x.kind) != Some(&Kind::Dir) {
                remove_subtree(&mut tree, &e.path, false);
            }
            tree.insert(
                e.path.clone(),
                Expected {
                    kind,
                    mode: e.meta.mode,
                },
            );
        }
    }
    // A hard link shares the inode, so the mode is the one written last for either name.
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (a, b) in links {
        if !tree.contains_key(&a) || !tree.contains_key(&b) {
            continue;
        }
        let mode = tree[&a].mode;
        tree.get_mut(&b).unwrap().mode = mode;
        groups.push(vec![a, b]);
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

    let dir = std::env::temp_dir().join(format!("layercake-oci-tools-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let scratch = Scratch(dir.clone());
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
