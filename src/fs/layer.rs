//! `Layer`: an immutable changeset — path → put a node, white it out, or make a directory
//! opaque — shared by reference (`Arc`) between every image that uses it.

use super::node::Node;
use super::path::FsPath;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// One change of a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The path exists with this node (added, or replacing a lower version).
    Put(Node),
    /// The path was deleted: lower versions are hidden (OCI `.wh.<name>`).
    Whiteout,
    /// A directory whose lower contents are all hidden (OCI `.wh..wh..opq`), with its node.
    Opaque(Node),
}

/// A changeset, ordered by path (parents before children).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Layer {
    changes: BTreeMap<FsPath, Change>,
}

impl Layer {
    /// An empty layer.
    pub fn new() -> Layer {
        Layer::default()
    }

    /// A layer from a list of changes (later entries for the same path win).
    pub fn from_changes(changes: impl IntoIterator<Item = (FsPath, Change)>) -> Layer {
        Layer {
            changes: changes.into_iter().collect(),
        }
    }

    /// The change at `path`, if any.
    pub fn get(&self, path: &FsPath) -> Option<&Change> {
        self.changes.get(path)
    }

    /// Every change, in path order.
    pub fn changes(&self) -> impl Iterator<Item = (&FsPath, &Change)> {
        self.changes.iter()
    }

    /// Number of changes.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether the layer changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Bytes of file content the layer adds (what `docker history` shows as its size).
    pub fn size(&self) -> u64 {
        self.changes
            .values()
            .map(|c| match c {
                Change::Put(n) | Change::Opaque(n) => n.size(),
                Change::Whiteout => 0,
            })
            .sum()
    }

    /// Approximate heap bytes this layer holds (paths, nodes, stored content; synthetic
    /// content costs nothing).
    pub fn heap_bytes(&self) -> usize {
        self.changes
            .iter()
            .map(|(p, c)| {
                let content = match c {
                    Change::Put(n) | Change::Opaque(n) => match &n.kind {
                        super::NodeKind::File(super::Content::Bytes(b)) => b.len(),
                        super::NodeKind::Symlink(t) => t.len(),
                        _ => 0,
                    },
                    Change::Whiteout => 0,
                };
                p.as_str().len() + std::mem::size_of::<Change>() + 48 + content
            })
            .sum()
    }

    /// A SHA-256 over a canonical description of every change (path, kind, mode, owner,
    /// mtime, symlink or link target, and `Content::identity` of file content): equal layers
    /// have equal fingerprints, and it costs O(1) per synthetic file. Not an OCI digest (that
    /// is the sha256 of the layer tar).
    pub fn fingerprint(&self) -> [u8; 32] {
        use super::{Content, NodeKind};
        use sha2::{Digest as _, Sha256};
        let mut h = Sha256::new();
        for (path, change) in &self.changes {
            h.update(path.as_str().as_bytes());
            let node = match change {
                Change::Put(n) => Some(("\0put\0", n)),
                Change::Opaque(n) => Some(("\0opaque\0", n)),
                Change::Whiteout => None,
            };
            let Some((tag, n)) = node else {
                h.update(b"\0whiteout\0");
                continue;
            };
            h.update(tag.as_bytes());
            h.update(n.mode.to_le_bytes());
            h.update(n.uid.to_le_bytes());
            h.update(n.gid.to_le_bytes());
            h.update(n.mtime.to_le_bytes());
            match &n.kind {
                NodeKind::File(c) => {
                    h.update(b"f");
                    h.update(c.len().to_le_bytes());
                    h.update(Content::identity(c));
                }
                NodeKind::Dir => h.update(b"d"),
                NodeKind::Symlink(t) => {
                    h.update(b"l");
                    h.update((t.len() as u64).to_le_bytes());
                    h.update(t.as_bytes());
                }
                NodeKind::Hardlink(t) => {
                    h.update(b"h");
                    h.update((t.as_str().len() as u64).to_le_bytes());
                    h.update(t.as_str().as_bytes());
                }
            }
        }
        h.finalize().into()
    }

    pub(crate) fn map_mut(&mut self) -> &mut BTreeMap<FsPath, Change> {
        &mut self.changes
    }

    pub(crate) fn map(&self) -> &BTreeMap<FsPath, Change> {
        &self.changes
    }
}

/// Approximate heap bytes of a set of layers, counting a layer shared by several images (the
/// same `Arc`) once: 20 images over one base cost one base plus their own layers.
pub fn heap_bytes_of(layers: &[Arc<Layer>]) -> usize {
    let mut seen = HashSet::new();
    layers
        .iter()
        .filter(|l| seen.insert(Arc::as_ptr(l)))
        .map(|l| l.heap_bytes())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_tells_layers_apart() {
        let file = |text: &str| Change::Put(Node::file(text, 0o644));
        let a = Layer::from_changes([(FsPath::new("/a"), file("x"))]);
        let same = Layer::from_changes([(FsPath::new("/a"), file("x"))]);
        let other_content = Layer::from_changes([(FsPath::new("/a"), file("y"))]);
        let other_mode =
            Layer::from_changes([(FsPath::new("/a"), Change::Put(Node::file("x", 0o600)))]);
        let whiteout = Layer::from_changes([(FsPath::new("/a"), Change::Whiteout)]);
        assert_eq!(a.fingerprint(), same.fingerprint());
        for different in [&other_content, &other_mode, &whiteout, &Layer::new()] {
            assert_ne!(a.fingerprint(), different.fingerprint());
        }
    }

    #[test]
    fn shared_layers_count_once() {
        let base = Arc::new(Layer::from_changes([(
            FsPath::new("/big"),
            Change::Put(Node::file(vec![7u8; 10_000], 0o644)),
        )]));
        let one = heap_bytes_of(std::slice::from_ref(&base));
        assert!(one >= 10_000);
        assert_eq!(heap_bytes_of(&vec![Arc::clone(&base); 20]), one);
    }
}
