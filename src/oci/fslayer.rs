//! The bridge between `fs` and the tar model: an `fs::Layer` → `LayerEntry`s (synthetic file
//! content is streamed into the tar, never materialized) → `LayerBlob`; and an imported layer
//! → an `fs::Layer` (whiteouts and opaque markers become `Change::Whiteout`/`Change::Opaque`).

use super::error::OciError;
use super::import::ImportedImage;
use super::layout::Image;
use super::spec::ImageConfig;
use super::tar::{layer_blob, Compression, Content, EntryKind, EntryMeta, LayerBlob, LayerEntry};
use super::untar::{ImportedEntry, ImportedKind};
use crate::fs::{self, Change, FsPath, Node, NodeKind};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

fn meta_of(node: &Node) -> EntryMeta {
    EntryMeta {
        mode: node.mode & 0o7777,
        uid: u64::from(node.uid),
        gid: u64::from(node.gid),
        // Tar mtimes are unsigned here; a pre-1970 time is written as the epoch.
        mtime: u64::try_from(node.mtime).unwrap_or(0),
    }
}

fn node_entry<'a>(path: &FsPath, node: &'a Node) -> LayerEntry<'a> {
    let kind = match &node.kind {
        NodeKind::Dir => EntryKind::Dir,
        NodeKind::File(content) => EntryKind::File(match content.bytes() {
            Some(b) => Content::Bytes(Cow::Borrowed(b)),
            None => Content::Reader {
                size: content.len(),
                reader: Box::new(content.reader()),
            },
        }),
        NodeKind::Symlink(target) => EntryKind::Symlink(target.clone()),
        NodeKind::Hardlink(target) => EntryKind::Hardlink(target.relative().to_string()),
    };
    LayerEntry {
        path: path.relative().to_string(),
        meta: meta_of(node),
        kind,
    }
}

/// The tar entries of an `fs::Layer`. An opaque directory gives its directory entry plus the
/// `.wh..wh..opq` marker; the root directory's own metadata is not written (layers made by
/// Docker carry no `./` entry).
pub fn layer_entries(layer: &fs::Layer) -> Vec<LayerEntry<'_>> {
    let mut out = Vec::new();
    for (path, change) in layer.changes() {
        match change {
            Change::Put(node) => {
                if !path.is_root() {
                    out.push(node_entry(path, node));
                }
            }
            Change::Whiteout => {
                if !path.is_root() {
                    out.push(LayerEntry {
                        path: path.relative().to_string(),
                        meta: EntryMeta::default(),
                        kind: EntryKind::Whiteout,
                    });
                }
            }
            Change::Opaque(node) => {
                if !path.is_root() {
                    out.push(node_entry(path, node));
                }
                out.push(LayerEntry {
                    path: path.relative().to_string(),
                    meta: EntryMeta {
                        mtime: meta_of(node).mtime,
                        ..EntryMeta::default()
                    },
                    kind: EntryKind::Opaque,
                });
            }
        }
    }
    out
}

/// An image to export from `fs` layers: each layer becomes a blob, `config.rootfs.diff_ids` is
/// set from them (the rest of the config, history included, is the caller's).
pub fn image_from_fs_layers(
    mut config: ImageConfig,
    layers: &[Arc<fs::Layer>],
    tags: Vec<String>,
    compression: Compression,
) -> Result<Image, OciError> {
    let blobs = layers
        .iter()
        .map(|l| fs_layer_blob(l, compression))
        .collect::<Result<Vec<_>, _>>()?;
    config.rootfs.diff_ids = blobs.iter().map(|b| b.diff_id).collect();
    Ok(Image {
        config,
        layers: blobs,
        tags,
    })
}

/// The deterministic layer blob (diff_id, digest, bytes) of an `fs::Layer`.
pub fn fs_layer_blob(layer: &fs::Layer, compression: Compression) -> Result<LayerBlob, OciError> {
    layer_blob(layer_entries(layer), compression)
}

fn node_of(e: &ImportedEntry) -> Option<Node> {
    let kind = match &e.kind {
        ImportedKind::Dir => NodeKind::Dir,
        ImportedKind::File(b) => NodeKind::File(fs::Content::Bytes(Arc::from(&b[..]))),
        ImportedKind::Symlink(t) => NodeKind::Symlink(t.clone()),
        ImportedKind::Hardlink(t) => NodeKind::Hardlink(FsPath::new(t)),
        ImportedKind::Whiteout | ImportedKind::Opaque => return None,
    };
    Some(Node {
        kind,
        mode: e.meta.mode & 0o7777,
        uid: u32::try_from(e.meta.uid).unwrap_or(u32::MAX),
        gid: u32::try_from(e.meta.gid).unwrap_or(u32::MAX),
        mtime: i64::try_from(e.meta.mtime).unwrap_or(i64::MAX),
    })
}

/// An imported layer's entries as an `fs::Layer`. A whiteout and a new directory at the same
/// path (delete, then recreate, in one layer) become an opaque directory; a whiteout and a
/// new non-directory become a plain put (it replaces the lower version anyway).
pub fn to_fs_layer(entries: &[ImportedEntry]) -> fs::Layer {
    let mut changes: BTreeMap<FsPath, Change> = BTreeMap::new();
    // Path → true for a whiteout, false for an opaque marker.
    let mut markers: BTreeMap<FsPath, bool> = BTreeMap::new();
    for e in entries {
        let path = FsPath::new(&e.path);
        match node_of(e) {
            Some(node) => {
                changes.insert(path, Change::Put(node));
            }
            None => {
                markers.insert(path, e.kind == ImportedKind::Whiteout);
            }
        }
    }
    for (path, is_whiteout) in markers {
        let put = match changes.remove(&path) {
            Some(Change::Put(n)) => Some(n),
            _ => None,
        };
        let change = match (is_whiteout, put) {
            (true, None) => Change::Whiteout,
            (_, Some(n)) if n.is_dir() => Change::Opaque(n),
            (true, Some(n)) => Change::Put(n),
            // An opaque marker on a directory that has no entry of its own in the layer (or
            // on a non-directory, which the marker cannot apply to): the directory keeps
            // default metadata, as an extractor would create it.
            (false, _) => Change::Opaque(Node::dir(0o755)),
        };
        changes.insert(path, change);
    }
    fs::Layer::from_changes(changes)
}

/// The layers of an imported image as shared `fs::Layer`s, bottom first.
pub fn image_fs_layers(image: &ImportedImage) -> Vec<Arc<fs::Layer>> {
    image
        .layers
        .iter()
        .map(|l| Arc::new(to_fs_layer(&l.entries)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, kind: ImportedKind) -> ImportedEntry {
        ImportedEntry {
            path: path.into(),
            meta: EntryMeta {
                mode: 0o750,
                ..EntryMeta::default()
            },
            kind,
        }
    }

    #[test]
    fn markers_combine_with_puts() {
        let layer = to_fs_layer(&[
            entry("gone", ImportedKind::Whiteout),
            entry("redo", ImportedKind::Whiteout),
            entry("swap", ImportedKind::Whiteout),
            entry("opq", ImportedKind::Opaque),
            entry("bare", ImportedKind::Opaque),
            entry("redo", ImportedKind::Dir),
            entry("swap", ImportedKind::File(b"x".to_vec())),
            entry("opq", ImportedKind::Dir),
        ]);
        let get = |p: &str| layer.get(&FsPath::new(p)).cloned();
        assert_eq!(get("/gone"), Some(Change::Whiteout));
        assert!(matches!(get("/redo"), Some(Change::Opaque(n)) if n.mode == 0o750));
        assert!(matches!(get("/swap"), Some(Change::Put(n)) if !n.is_dir()));
        assert!(matches!(get("/opq"), Some(Change::Opaque(n)) if n.mode == 0o750));
        assert!(matches!(get("/bare"), Some(Change::Opaque(n)) if n.mode == 0o755));
    }

    #[test]
    fn fs_layer_entries_stream_synthetic_content() {
        let layer = fs::Layer::from_changes([
            (
                FsPath::new("/big"),
                Change::Put(Node::synthetic(5000, 1, 0o644)),
            ),
            (FsPath::new("/d"), Change::Opaque(Node::dir(0o700))),
            (FsPath::new("/w"), Change::Whiteout),
        ]);
        let entries = layer_entries(&layer);
        let kinds: Vec<String> = entries
            .iter()
            .map(|e| format!("{} {:?}", e.path, std::mem::discriminant(&e.kind)))
            .collect();
        assert_eq!(entries.len(), 4, "{kinds:?}");
        assert!(matches!(
            entries[0].kind,
            EntryKind::File(Content::Reader { size: 5000, .. })
        ));
        let blob = fs_layer_blob(&layer, Compression::None).expect("blob");
        let mut a = ::tar::Archive::new(&blob.bytes[..]);
        let names: Vec<String> = a
            .entries()
            .expect("tar")
            .map(|e| String::from_utf8_lossy(&e.expect("entry").path_bytes()).into_owned())
            .collect();
        // Sorted by tar name: the whiteout `.wh.w` sorts first.
        assert_eq!(names, [".wh.w", "big", "d/", "d/.wh..wh..opq"]);
    }
}
