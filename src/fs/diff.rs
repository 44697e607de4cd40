//! `docker diff`: the changes of an upper layer as `A` (added), `C` (changed) and `D`
//! (deleted) lines, in path order.

use super::layer::{Change, Layer};
use super::path::FsPath;
use super::rootfs::Rootfs;

/// One line of `docker diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DiffKind {
    /// `A`: the path is new.
    Added,
    /// `C`: the path existed below and was changed (or a directory whose contents changed).
    Changed,
    /// `D`: the path existed below and was deleted.
    Deleted,
}

impl DiffKind {
    /// The letter docker prints.
    pub fn letter(self) -> char {
        match self {
            DiffKind::Added => 'A',
            DiffKind::Changed => 'C',
            DiffKind::Deleted => 'D',
        }
    }
}

/// The changes of `rootfs`'s upper layer against its lower layers, as `commit` would
/// record them (see [`Rootfs::pending_layer`]).
pub fn changes(rootfs: &Rootfs) -> Vec<(DiffKind, FsPath)> {
    let below = Rootfs::new(rootfs.lowers().to_vec());
    layer_changes(&rootfs.pending_layer(), &below)
}

/// The changes `layer` makes on top of the filesystem `below`, sorted by path as docker
/// prints them. A whiteout of something that did not exist is not listed; an opaque
/// directory over an existing one is `C`, and each child the old directory had that the
/// layer does not put back is `D`.
pub fn layer_changes(layer: &Layer, below: &Rootfs) -> Vec<(DiffKind, FsPath)> {
    let mut out = Vec::new();
    for (path, change) in layer.changes() {
        let existed = below.source_of(path).is_some();
        match change {
            Change::Whiteout if existed => out.push((DiffKind::Deleted, path.clone())),
            Change::Whiteout => {}
            Change::Put(_) | Change::Opaque(_) => {
                let kind = if existed {
                    DiffKind::Changed
                } else {
                    DiffKind::Added
                };
                out.push((kind, path.clone()));
                if matches!(change, Change::Opaque(_)) && existed {
                    for (child, _, _) in below.list_dir(path).unwrap_or_default() {
                        if !matches!(layer.get(&child), Some(Change::Put(_) | Change::Opaque(_))) {
                            out.push((DiffKind::Deleted, child));
                        }
                    }
                }
            }
        }
    }
    crate::sorting::sort_by(&mut out, |a, b| a.1.cmp(&b.1));
    out
}

/// `docker diff` output: one `X /path` line per change.
pub fn render(changes: &[(DiffKind, FsPath)]) -> String {
    changes
        .iter()
        .map(|(k, p)| format!("{} {}\n", k.letter(), p))
        .collect()
}
