//! Reading untrusted tars: limits, gzip with a cap on decompressed bytes, entry-name
//! normalization, and one layer tar → `ImportedEntry`s with the hostile-archive checks.
//!
//! Decisions (documented in ARCHITECTURE.md):
//! - Names: a leading `./` and empty/`.` components are dropped; an absolute name or any `..`
//!   component is refused (`UnsafePath`), as is a non-UTF-8 name. The root entry (`./`) is
//!   skipped.
//! - Symlinks: a relative target that climbs above the root from the link's directory is
//!   refused (`LinkEscapes`), as Docker's `pkg/archive` does; absolute targets are kept (they
//!   resolve inside the root).
//! - Hard links: the target is a root-relative path (a leading `/` is dropped); it must not
//!   climb out and must be a regular file already present (earlier in this layer or below).
//! - Writes through a symlink (or under a file) are refused (`ThroughSymlink`): an entry's
//!   parent components must be directories in the image as applied so far.
//! - Device nodes and FIFOs are skipped with a warning (there are no devices in the
//!   playground; real base images rarely carry them and can still be explored).
//! - The same tar name twice in one layer is refused (`Duplicate`; image-spec layer.md: MUST
//!   NOT), except a directory listed twice, which older tools write: the later entry wins,
//!   with a warning. Whiteouts and opaque markers are applied before the other entries of
//!   their layer.

use super::error::{OciError, OciErrorKind};
use super::tar::{Content, EntryKind, EntryMeta, LayerEntry};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;

/// Limits for importing an archive; every count and size is checked before it can grow past
/// the limit, so a hostile archive costs at most these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Bytes of the outer archive after gunzip.
    pub max_archive_bytes: u64,
    /// Bytes of all layer tars together after gunzip.
    pub max_layer_bytes: u64,
    /// Entries of the outer archive and all layers together.
    pub max_entries: u64,
}

impl Default for ImportLimits {
    fn default() -> ImportLimits {
        ImportLimits {
            max_archive_bytes: 2 << 30,
            max_layer_bytes: 4 << 30,
            max_entries: 1_000_000,
        }
    }
}

/// What remains of the limits while an archive is read.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    pub limits: ImportLimits,
    pub layer_bytes: u64,
    pub entries: u64,
}

impl Budget {
    pub fn new(limits: ImportLimits) -> Budget {
        Budget {
            limits,
            layer_bytes: 0,
            entries: 0,
        }
    }

    pub fn count_entry(&mut self, name: &str) -> Result<(), OciError> {
        self.entries += 1;
        if self.entries > self.limits.max_entries {
            return Err(OciError::at(
                OciErrorKind::LimitExceeded {
                    limit: "entries",
                    max: self.limits.max_entries,
                },
                name,
            ));
        }
        Ok(())
    }
}

/// One entry of an imported layer (owned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEntry {
    /// Normalized path relative to the root (for `Whiteout`, the deleted path; for `Opaque`,
    /// the directory; `""` is the root).
    pub path: String,
    /// Metadata from the tar header.
    pub meta: EntryMeta,
    /// What it is.
    pub kind: ImportedKind,
}

/// The kind of an imported entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportedKind {
    /// A directory.
    Dir,
    /// A regular file with its bytes.
    File(Vec<u8>),
    /// A symlink and its target.
    Symlink(String),
    /// A hard link to a root-relative path.
    Hardlink(String),
    /// Deletes the path from lower layers.
    Whiteout,
    /// Hides the lower children of the directory.
    Opaque,
}

impl ImportedEntry {
    /// The entry as a `LayerEntry` borrowing its bytes, to write it back into a tar.
    pub fn as_layer_entry(&self) -> LayerEntry<'_> {
        let kind = match &self.kind {
            ImportedKind::Dir => EntryKind::Dir,
            ImportedKind::File(b) => EntryKind::File(Content::Bytes(Cow::Borrowed(b))),
            ImportedKind::Symlink(t) => EntryKind::Symlink(t.clone()),
            ImportedKind::Hardlink(t) => EntryKind::Hardlink(t.clone()),
            ImportedKind::Whiteout => EntryKind::Whiteout,
            ImportedKind::Opaque => EntryKind::Opaque,
        };
        LayerEntry {
            path: self.path.clone(),
            meta: self.meta,
            kind,
        }
    }
}

/// Whether `data` starts with the gzip magic.
pub(crate) fn is_gzip(data: &[u8]) -> bool {
    data.starts_with(&[0x1f, 0x8b])
}

/// Gunzips `data` (all members) into at most `max` bytes, or borrows it as is when it is not
/// gzip (no copy). `what` names the entry in errors.
pub(crate) fn maybe_gunzip<'a>(
    data: &'a [u8],
    max: u64,
    limit: &'static str,
    what: &str,
) -> Result<Cow<'a, [u8]>, OciError> {
    if !is_gzip(data) {
        if data.len() as u64 > max {
            return Err(OciError::at(
                OciErrorKind::LimitExceeded { limit, max },
                what,
            ));
        }
        return Ok(Cow::Borrowed(data));
    }
    let mut out = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(data);
    decoder
        .take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| {
            let kind = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                OciErrorKind::Truncated
            } else {
                OciErrorKind::CorruptGzip(e.to_string())
            };
            OciError::at(kind, what)
        })?;
    if out.len() as u64 > max {
        return Err(OciError::at(
            OciErrorKind::LimitExceeded { limit, max },
            what,
        ));
    }
    Ok(Cow::Owned(out))
}

/// Normalizes a tar entry name: `Ok(None)` for the root, `Err(UnsafePath)` for absolute names
/// and `..`.
pub(crate) fn normalize_name(raw: &[u8], shown: &str) -> Result<Option<String>, OciError> {
    let text = std::str::from_utf8(raw).map_err(|_| {
        OciError::at(
            OciErrorKind::NotSupported("entry names that are not UTF-8".into()),
            shown,
        )
    })?;
    if text.starts_with('/') || text.contains('\0') {
        return Err(OciError::at(OciErrorKind::UnsafePath, shown));
    }
    let mut parts = Vec::new();
    for c in text.split('/') {
        match c {
            "" | "." => {}
            ".." => return Err(OciError::at(OciErrorKind::UnsafePath, shown)),
            c => parts.push(c),
        }
    }
    Ok(if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    })
}

/// Lexically resolves `target` relative to `dir` (both root-relative); `None` when it climbs
/// above the root.
pub(crate) fn join_inside(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|c| !c.is_empty()).collect()
    };
    for c in target.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

fn parent_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// What a path is in the image applied so far (lower layers + this layer's earlier entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applied {
    Dir,
    File,
    Other,
}

/// The image's tree as applied so far, to check links and writes through symlinks.
#[derive(Debug, Default)]
pub(crate) struct AppliedTree {
    nodes: BTreeMap<String, Applied>,
}

impl AppliedTree {
    fn remove_subtree(&mut self, path: &str) {
        self.nodes.remove(path);
        let prefix = format!("{path}/");
        let doomed: Vec<String> = self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect();
        for k in doomed {
            self.nodes.remove(&k);
        }
    }

    fn clear_children(&mut self, dir: &str) {
        let keep = self.nodes.get(dir).copied();
        if dir.is_empty() {
            self.nodes.clear();
        } else {
            self.remove_subtree(dir);
        }
        if let Some(k) = keep {
            self.nodes.insert(dir.to_string(), k);
        }
    }

    /// Checks that every ancestor of `path` is a directory (or absent: created implicitly).
    fn check_parents(&mut self, path: &str, shown: &str) -> Result<(), OciError> {
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            let ancestor = &path[..end + i];
            match self.nodes.get(ancestor) {
                Some(Applied::Dir) => {}
                None => {
                    self.nodes.insert(ancestor.to_string(), Applied::Dir);
                }
                Some(_) => {
                    return Err(OciError::at(
                        OciErrorKind::ThroughSymlink(ancestor.to_string()),
                        shown,
                    ))
                }
            }
            end += i + 1;
        }
        Ok(())
    }

    fn put(&mut self, path: &str, kind: Applied) {
        if kind != Applied::Dir || self.nodes.get(path) != Some(&Applied::Dir) {
            self.remove_subtree(path);
        }
        self.nodes.insert(path.to_string(), kind);
    }
}

/// Reads one layer tar (already decompressed) into entries, applying it to `tree`.
/// `label` prefixes entry names in errors and warnings (`layer 2`).
pub(crate) fn read_layer(
    tar_bytes: &[u8],
    label: &str,
    tree: &mut AppliedTree,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<Vec<ImportedEntry>, OciError> {
    let mut archive = tar::Archive::new(tar_bytes);
    let entries = archive
        .entries()
        .map_err(|e| OciError::at(OciErrorKind::CorruptTar(e.to_string()), label))?;
    let mut seen: BTreeMap<String, bool> = BTreeMap::new();
    let mut markers: Vec<ImportedEntry> = Vec::new();
    let mut others: Vec<(String, ImportedEntry)> = Vec::new();
    let mut last = label.to_string();
    for entry in entries {
        let mut entry = entry.map_err(|e| tar_error(e, &format!("{last} (next entry)")))?;
        let raw = entry.path_bytes().into_owned();
        let shown = format!("{label}: {}", String::from_utf8_lossy(&raw));
        last = shown.clone();
        budget.count_entry(&shown)?;
        let Some(path) = normalize_name(&raw, &shown)? else {
            continue; // the root directory's own entry
        };
        let is_dir = entry.header().entry_type() == tar::EntryType::Directory;
        if let Some(was_dir) = seen.insert(path.clone(), is_dir) {
            if !(was_dir && is_dir) {
                return Err(OciError::at(OciErrorKind::Duplicate, shown));
            }
            // The same directory twice (some older tools write that): the later metadata
            // wins, as when extracting.
            warnings.push(format!(
                "{shown}: directory listed twice, the later entry wins"
            ));
            others.retain(|(_, e)| e.path != path);
        }
        let header = entry.header();
        let meta = EntryMeta {
            mode: header.mode().unwrap_or(0) & 0o7777,
            uid: header.uid().unwrap_or(0),
            gid: header.gid().unwrap_or(0),
            mtime: header.mtime().unwrap_or(0),
        };
        let kind = header.entry_type();
        let base = path.rsplit('/').next().unwrap_or(&path);
        if let Some(name) = base.strip_prefix(".wh.") {
            let dir = parent_of(&path).to_string();
            let marker = if name == ".wh..opq" {
                ImportedEntry {
                    path: dir,
                    meta,
                    kind: ImportedKind::Opaque,
                }
            } else if name.is_empty() || name == "." || name == ".." {
                return Err(OciError::at(OciErrorKind::BadWhiteout, shown));
            } else {
                let gone = if dir.is_empty() {
                    name.to_string()
                } else {
                    format!("{dir}/{name}")
                };
                ImportedEntry {
                    path: gone,
                    meta,
                    kind: ImportedKind::Whiteout,
                }
            };
            markers.push(marker);
            continue;
        }
        let imported = match kind {
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                let declared = entry.size();
                let mut data = Vec::new();
                entry
                    .read_to_end(&mut data)
                    .map_err(|e| tar_error(e, &shown))?;
                if data.len() as u64 != declared {
                    return Err(OciError::at(OciErrorKind::Truncated, shown));
                }
                ImportedKind::File(data)
            }
            tar::EntryType::Directory => ImportedKind::Dir,
            tar::EntryType::Symlink => {
                let target = link_target(&entry, &shown)?;
                if join_inside(parent_of(&path), &target).is_none() {
                    return Err(OciError::at(OciErrorKind::LinkEscapes(target), shown));
                }
                ImportedKind::Symlink(target)
            }
            tar::EntryType::Link => {
                let target = link_target(&entry, &shown)?;
                match join_inside("", &target) {
                    Some(t) if !t.is_empty() => ImportedKind::Hardlink(t),
                    _ => return Err(OciError::at(OciErrorKind::LinkEscapes(target), shown)),
                }
            }
            tar::EntryType::Char | tar::EntryType::Block | tar::EntryType::Fifo => {
                warnings.push(format!(
                    "{shown}: {} skipped (not supported in the playground)",
                    type_name(kind)
                ));
                continue;
            }
            other => {
                return Err(OciError::at(
                    OciErrorKind::UnsupportedEntry(format!(
                        "tar type {:?}",
                        other.as_byte() as char
                    )),
                    shown,
                ))
            }
        };
        others.push((
            shown,
            ImportedEntry {
                path,
                meta,
                kind: imported,
            },
        ));
    }
    // Opaque markers and whiteouts act on the lower layers, before this layer's entries.
    for m in &markers {
        match m.kind {
            ImportedKind::Opaque => tree.clear_children(&m.path),
            _ => tree.remove_subtree(&m.path),
        }
    }
    for (shown, e) in &others {
        tree.check_parents(&e.path, shown)?;
        let applied = match &e.kind {
            ImportedKind::Dir => Applied::Dir,
            ImportedKind::File(_) => Applied::File,
            ImportedKind::Hardlink(t) => {
                if tree.nodes.get(t.as_str()) != Some(&Applied::File) {
                    return Err(OciError::at(OciErrorKind::BadHardlink(t.clone()), shown));
                }
                Applied::File
            }
            _ => Applied::Other,
        };
        tree.put(&e.path, applied);
    }
    let mut out = markers;
    out.extend(others.into_iter().map(|(_, e)| e));
    Ok(out)
}

fn link_target<R: Read>(entry: &tar::Entry<'_, R>, shown: &str) -> Result<String, OciError> {
    let raw = entry.link_name_bytes().ok_or_else(|| {
        OciError::at(
            OciErrorKind::CorruptTar("link without a target".into()),
            shown,
        )
    })?;
    let t = std::str::from_utf8(&raw)
        .map_err(|_| {
            OciError::at(
                OciErrorKind::NotSupported("link targets that are not UTF-8".into()),
                shown,
            )
        })?
        .to_string();
    if t.is_empty() {
        return Err(OciError::at(
            OciErrorKind::CorruptTar("link without a target".into()),
            shown,
        ));
    }
    Ok(t)
}

fn type_name(t: tar::EntryType) -> &'static str {
    match t {
        tar::EntryType::Char => "character device",
        tar::EntryType::Block => "block device",
        _ => "fifo",
    }
}

pub(crate) fn tar_error(e: std::io::Error, shown: &str) -> OciError {
    let kind = if e.kind() == std::io::ErrorKind::UnexpectedEof {
        OciErrorKind::Truncated
    } else {
        // The tar crate quotes the garbage it found; keep the message one readable line.
        let text: String = e.to_string().chars().take(80).collect();
        OciErrorKind::CorruptTar(text)
    };
    OciError::at(kind, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalize_or_are_refused() {
        let ok = |raw: &str| normalize_name(raw.as_bytes(), raw).ok().flatten();
        assert_eq!(ok("./etc/passwd"), Some("etc/passwd".to_string()));
        assert_eq!(ok("etc//x/./y/"), Some("etc/x/y".to_string()));
        assert_eq!(ok("./"), None);
        for bad in ["/etc/passwd", "../x", "a/../../x", "a/.."] {
            assert_eq!(
                normalize_name(bad.as_bytes(), bad).map_err(|e| e.kind),
                Err(OciErrorKind::UnsafePath),
                "{bad}"
            );
        }
    }

    #[test]
    fn join_stays_inside() {
        assert_eq!(join_inside("a/b", "../c"), Some("a/c".into()));
        assert_eq!(join_inside("a/b", "/etc"), Some("etc".into()));
        assert_eq!(join_inside("a", "../../x"), None);
        assert_eq!(join_inside("", ".."), None);
    }
}
