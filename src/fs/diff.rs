//! `docker diff`: the changes of an upper layer as `A` (added), `C` (changed) and `D`
//! (deleted) lines, in path order.

use super::layer::Change;
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

/// The changes of `rootfs`'s upper layer against its lower layers.
pub fn changes(rootfs: &Rootfs) -> Vec<(DiffKind, FsPath)> {
    let below = Rootfs::new(rootfs.lowers().to_vec());
    rootfs
        .upper()
        .changes()
        .map(|(path, change)| {
            let existed = below.source_of(path).is_some();
            let kind = match change {
                Change::Whiteout => DiffKind::Deleted,
                Change::Put(_) | Change::Opaque(_) if existed => DiffKind::Changed,
                _ => DiffKind::Added,
            };
            (kind, path.clone())
        })
        .collect()
}

/// `docker diff` output: one `X /path` line per change.
pub fn render(changes: &[(DiffKind, FsPath)]) -> String {
    changes
        .iter()
        .map(|(k, p)| format!("{} {}\n", k.letter(), p))
        .collect()
}
