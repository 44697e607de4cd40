//! `Rootfs`: read-only lower layers under one writable upper layer, the union mount a
//! container (or a build step) sees.
//!
//! Reads go through the stack; the first write to a lower file copies it up; deleting a lower
//! path writes a whiteout; recreating a deleted lower directory makes it opaque. Lookups use a
//! merged index of the lower layers (built once per stack), so a lookup costs O(path length ×
//! log files), the same for 2 layers as for 100. Symlinks are followed inside the root only:
//! absolute targets start again at the image's `/`, `..` stops at `/`, and more than 40 hops is
//! a loop.

use super::error::{FsError, FsErrorKind};
use super::layer::{Change, Layer};
use super::node::{Content, Node, NodeKind};
use super::path::FsPath;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Linux's limit on symlinks followed while resolving one path.
pub const MAX_SYMLINK_HOPS: usize = 40;

/// Which layer provides something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Lower layer number `n` (0 = the bottom layer).
    Lower(usize),
    /// The writable upper layer.
    Upper,
}

/// What a write did, for the UI's copy-on-write view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FsEventKind {
    /// A new path in the upper layer.
    Created,
    /// A lower file copied up before being changed.
    CopiedUp {
        /// The lower layer it came from.
        from_layer: usize,
    },
    /// A lower path's metadata (mode, owner) copied up and changed.
    MetadataCopiedUp {
        /// The lower layer it came from.
        from_layer: usize,
    },
    /// An upper file changed again.
    Modified,
    /// A lower path hidden by a whiteout.
    WhitedOut {
        /// The lower layer whose version is now hidden.
        from_layer: usize,
    },
    /// An upper-only path removed (no whiteout needed).
    Removed,
    /// A deleted lower directory recreated: its lower contents stay hidden.
    Opaque {
        /// The lower layer whose directory is hidden.
        from_layer: usize,
    },
    /// Moved to another path.
    Renamed {
        /// Where it went.
        to: String,
    },
}

/// One copy-on-write event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FsEvent {
    /// The path it happened to.
    pub path: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: FsEventKind,
}

/// A lower path in the merged index: its node and the layer providing it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    node: Node,
    layer: usize,
}

/// One version of a path in the stack, for "which layer provides this file".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// The layer.
    pub source: Source,
    /// `put`, `whiteout` or `opaque`.
    pub change: &'static str,
    /// Size of the version (0 for whiteouts and directories).
    pub size: u64,
}

/// Lower layers + one upper layer.
#[derive(Debug, Clone)]
pub struct Rootfs {
    lowers: Vec<Arc<Layer>>,
    merged: Arc<BTreeMap<FsPath, Entry>>,
    upper: Layer,
    events: Vec<FsEvent>,
    owner: (u32, u32),
    mtime: i64,
}

impl Default for Rootfs {
    fn default() -> Self {
        Rootfs::new(Vec::new())
    }
}

impl Rootfs {
    /// A root filesystem over `lowers` (bottom first) with an empty upper layer.
    pub fn new(lowers: Vec<Arc<Layer>>) -> Rootfs {
        let mut merged = BTreeMap::new();
        merged.insert(
            FsPath::root(),
            Entry {
                node: Node::dir(0o755),
                layer: 0,
            },
        );
        for (i, layer) in lowers.iter().enumerate() {
            apply(&mut merged, layer, i);
        }
        Rootfs {
            lowers,
            merged: Arc::new(merged),
            upper: Layer::new(),
            events: Vec::new(),
            owner: (0, 0),
            mtime: 0,
        }
    }

    /// The lower layers, bottom first.
    pub fn lowers(&self) -> &[Arc<Layer>] {
        &self.lowers
    }

    /// The upper layer as it is now.
    pub fn upper(&self) -> &Layer {
        &self.upper
    }

    /// Owner of files created from now on (the `USER` of a step).
    pub fn set_owner(&mut self, uid: u32, gid: u32) {
        self.owner = (uid, gid);
    }

    /// Modification time given to nodes written from now on.
    pub fn set_mtime(&mut self, mtime: i64) {
        self.mtime = mtime;
    }

    /// Takes the events recorded since the last call.
    pub fn take_events(&mut self) -> Vec<FsEvent> {
        std::mem::take(&mut self.events)
    }

    /// Ends the step: the upper layer becomes an immutable layer on top of the stack, and a
    /// new empty upper layer starts. Returns the committed layer.
    ///
    /// The committed layer is exactly the changeset (see [`Rootfs::pending_layer`]).
    pub fn commit(&mut self) -> Arc<Layer> {
        let layer = Arc::new(self.pending_layer());
        self.upper = Layer::new();
        let index = self.lowers.len();
        apply(Arc::make_mut(&mut self.merged), &layer, index);
        self.lowers.push(layer.clone());
        layer
    }

    /// The upper layer normalized to exactly its changeset, what `commit` would produce:
    /// parent directories copied up on the way but left unchanged with no change below them
    /// are dropped, and so are whiteouts that hide nothing (a path created and deleted in
    /// this layer, or one an opaque or deleted parent already hides).
    pub fn pending_layer(&self) -> Layer {
        let mut kept: BTreeMap<FsPath, Change> = BTreeMap::new();
        for (path, change) in self.upper.changes().collect::<Vec<_>>().into_iter().rev() {
            let lower = || -> Option<&Entry> {
                if self.hidden_by_upper(path) {
                    return None;
                }
                self.merged.get(path)
            };
            let keep = match change {
                Change::Whiteout => lower().is_some(),
                Change::Put(node) if node.is_dir() => {
                    let (start, end) = path.descendant_range();
                    let changed_below = kept.range(start..end).next().is_some();
                    changed_below || lower().is_none_or(|old| old.node != *node)
                }
                _ => true,
            };
            if keep {
                kept.insert(path.clone(), change.clone());
            }
        }
        link_to_first_name(&mut kept);
        Layer::from_changes(kept)
    }

    /// Drops the upper layer's changes.
    pub fn discard(&mut self) {
        self.upper = Layer::new();
    }

    // ---- reading -------------------------------------------------------------------------

    /// The node at `path` without following a final symlink, and where it comes from.
    fn lookup(&self, path: &FsPath) -> Option<(&Node, Source)> {
        match self.upper.get(path) {
            Some(Change::Put(n) | Change::Opaque(n)) => return Some((n, Source::Upper)),
            Some(Change::Whiteout) => return None,
            None => {}
        }
        if self.hidden_by_upper(path) {
            return None;
        }
        self.merged
            .get(path)
            .map(|e| (&e.node, Source::Lower(e.layer)))
    }

    /// Whether an upper-layer ancestor hides the lower versions of `path`.
    fn hidden_by_upper(&self, path: &FsPath) -> bool {
        if self.upper.is_empty() {
            return false;
        }
        let upper = self.upper.map();
        path.ancestor_strs().any(|a| match upper.get(a) {
            Some(Change::Whiteout | Change::Opaque(_)) => true,
            Some(Change::Put(n)) => !n.is_dir(),
            None => false,
        })
    }

    /// Resolves symlinks inside the root. With `follow_last`, a final symlink is followed too.
    /// A missing final component is fine (the path returned does not exist yet); a missing
    /// directory on the way is `NotFound`, a file on the way `NotADirectory`.
    pub fn resolve(&self, path: &FsPath, follow_last: bool) -> Result<FsPath, FsError> {
        let mut done = FsPath::root();
        let mut todo: Vec<String> = path.components().rev().map(String::from).collect();
        let mut hops = 0;
        while let Some(part) = todo.pop() {
            if part == ".." {
                done = done.parent();
                continue;
            }
            if part == "." || part.is_empty() {
                continue;
            }
            let next = done.join(&part);
            let last = todo.is_empty();
            match self.lookup(&next).map(|(n, _)| &n.kind) {
                None if last => return Ok(next),
                None => return Err(FsError::new(FsErrorKind::NotFound, &next)),
                Some(NodeKind::Symlink(target)) if !last || follow_last => {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return Err(FsError::new(FsErrorKind::SymlinkLoop, path));
                    }
                    if target.is_empty() {
                        return Err(FsError::new(FsErrorKind::NotFound, &next));
                    }
                    if target.starts_with('/') {
                        done = FsPath::root();
                    }
                    todo.extend(target.split('/').rev().map(String::from));
                }
                Some(NodeKind::Dir) => done = next,
                Some(_) if !last => return Err(FsError::new(FsErrorKind::NotADirectory, &next)),
                Some(_) => done = next,
            }
        }
        Ok(done)
    }

    /// The node at `path`, following symlinks (and hard links, which share their target's
    /// inode).
    pub fn stat(&self, path: &FsPath) -> Result<Node, FsError> {
        let real = self.resolve(path, true)?;
        let mut node = self
            .lookup(&real)
            .map(|(n, _)| n.clone())
            .ok_or_else(|| FsError::new(FsErrorKind::NotFound, path))?;
        for _ in 0..MAX_SYMLINK_HOPS {
            let NodeKind::Hardlink(target) = &node.kind else {
                return Ok(node);
            };
            let target = self.resolve(target, true)?;
            node = self
                .lookup(&target)
                .map(|(n, _)| n.clone())
                .ok_or_else(|| FsError::new(FsErrorKind::NotFound, path))?;
        }
        Err(FsError::new(FsErrorKind::SymlinkLoop, path))
    }

    /// The node at `path`, not following a final symlink (a hard link shows its file, as
    /// both names are the same inode).
    pub fn lstat(&self, path: &FsPath) -> Result<Node, FsError> {
        let real = self.resolve(path, false)?;
        let real = self.hardlink_file(&real);
        self.lookup(&real)
            .map(|(n, _)| n.clone())
            .ok_or_else(|| FsError::new(FsErrorKind::NotFound, path))
    }

    /// Whether `path` exists (following symlinks).
    pub fn exists(&self, path: &FsPath) -> bool {
        self.stat(path).is_ok()
    }

    /// Whether `path` is a directory (following symlinks).
    pub fn is_dir(&self, path: &FsPath) -> bool {
        self.stat(path).is_ok_and(|n| n.is_dir())
    }

    /// A file's content (following symlinks and hardlinks).
    pub fn read_file(&self, path: &FsPath) -> Result<Content, FsError> {
        match self.stat(path)?.kind {
            NodeKind::File(c) => Ok(c),
            NodeKind::Dir => Err(FsError::new(FsErrorKind::IsADirectory, path)),
            _ => Err(FsError::new(FsErrorKind::SymlinkLoop, path)),
        }
    }

    /// The entries of a directory (following symlinks), sorted by name.
    pub fn read_dir(&self, path: &FsPath) -> Result<Vec<(String, Node)>, FsError> {
        let dir = self.resolve(path, true)?;
        match self.lookup(&dir) {
            None => return Err(FsError::new(FsErrorKind::NotFound, path)),
            Some((n, _)) if !n.is_dir() => {
                return Err(FsError::new(FsErrorKind::NotADirectory, path))
            }
            Some(_) => {}
        }
        Ok(self
            .children(&dir)
            .into_iter()
            .map(|(p, n, _)| (p.name().to_string(), n))
            .collect())
    }

    /// The entries of a directory (following symlinks) with their full paths and the layer
    /// providing each, sorted by name.
    pub fn list_dir(&self, path: &FsPath) -> Result<Vec<(FsPath, Node, Source)>, FsError> {
        let dir = self.resolve(path, true)?;
        match self.lookup(&dir) {
            None => Err(FsError::new(FsErrorKind::NotFound, path)),
            Some((n, _)) if !n.is_dir() => Err(FsError::new(FsErrorKind::NotADirectory, path)),
            Some(_) => Ok(self.children(&dir)),
        }
    }

    /// The visible direct children of a directory path (already resolved), with sources.
    fn children(&self, dir: &FsPath) -> Vec<(FsPath, Node, Source)> {
        let mut out: BTreeMap<FsPath, (Node, Source)> = BTreeMap::new();
        let lower_hidden =
            matches!(self.upper.get(dir), Some(Change::Opaque(_))) || self.hidden_by_upper(dir);
        if !lower_hidden {
            for (p, e) in direct_children(&self.merged, dir) {
                out.insert(p.clone(), (e.node.clone(), Source::Lower(e.layer)));
            }
        }
        for (p, change) in direct_children(self.upper.map(), dir) {
            match change {
                Change::Put(n) | Change::Opaque(n) => {
                    out.insert(p.clone(), (n.clone(), Source::Upper));
                }
                Change::Whiteout => {
                    out.remove(p);
                }
            }
        }
        out.into_iter().map(|(p, (n, s))| (p, n, s)).collect()
    }

    /// Every visible path under `dir` (not included), depth first in path order.
    pub fn walk(&self, dir: &FsPath) -> Vec<(FsPath, Node, Source)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            let kids = self.children(&d);
            let start = out.len();
            for (p, n, s) in kids {
                out.push((p, n, s));
            }
            // Visit subdirectories in order: push in reverse.
            let dirs: Vec<FsPath> = out[start..]
                .iter()
                .filter(|(_, n, _)| n.is_dir())
                .map(|(p, _, _)| p.clone())
                .collect();
            stack.extend(dirs.into_iter().rev());
        }
        crate::sorting::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
        out
    }

    /// The merged view of the whole tree: every path, its node and the layer providing it.
    pub fn merged_view(&self) -> Vec<(FsPath, Node, Source)> {
        self.walk(&FsPath::root())
    }

    /// Every version of `path` in the stack, top first (upper, then lowers from the top).
    pub fn provenance(&self, path: &FsPath) -> Vec<Version> {
        let version = |source, change: &Change| match change {
            Change::Put(n) => Version {
                source,
                change: "put",
                size: n.size(),
            },
            Change::Opaque(n) => Version {
                source,
                change: "opaque",
                size: n.size(),
            },
            Change::Whiteout => Version {
                source,
                change: "whiteout",
                size: 0,
            },
        };
        let mut out = Vec::new();
        if let Some(c) = self.upper.get(path) {
            out.push(version(Source::Upper, c));
        }
        for (i, layer) in self.lowers.iter().enumerate().rev() {
            if let Some(c) = layer.get(path) {
                out.push(version(Source::Lower(i), c));
            }
        }
        out
    }

    /// Where the visible version of `path` comes from.
    pub fn source_of(&self, path: &FsPath) -> Option<Source> {
        self.lookup(path).map(|(_, s)| s)
    }

    // ---- writing -------------------------------------------------------------------------

    fn new_node(&self, kind: NodeKind, mode: u32) -> Node {
        Node {
            kind,
            mode: mode & 0o7777,
            uid: self.owner.0,
            gid: self.owner.1,
            mtime: self.mtime,
        }
    }

    fn event(&mut self, path: &FsPath, kind: FsEventKind) {
        self.events.push(FsEvent {
            path: path.to_string(),
            kind,
        });
    }

    /// Copies every ancestor directory of `path` into the upper layer (as overlayfs does when a
    /// child changes), so each layer carries the directories its changes live in.
    fn copy_up_parents(&mut self, path: &FsPath) -> Result<(), FsError> {
        for a in path.ancestors() {
            if a.is_root() || self.upper.get(&a).is_some() {
                continue;
            }
            match self.lookup(&a) {
                Some((n, _)) if n.is_dir() => {
                    let n = n.clone();
                    self.upper.map_mut().insert(a, Change::Put(n));
                }
                Some(_) => return Err(FsError::new(FsErrorKind::NotADirectory, &a)),
                None => return Err(FsError::new(FsErrorKind::NotFound, &a)),
            }
        }
        Ok(())
    }

    /// Puts `node` at `path` (already resolved), recording what happened.
    fn put(&mut self, path: &FsPath, node: Node) -> Result<(), FsError> {
        if path.is_root() {
            return Err(FsError::new(FsErrorKind::Busy, path));
        }
        self.copy_up_parents(path)?;
        let before = self.lookup(path).map(|(n, s)| (n.is_dir(), s));
        let lower_dir_hidden = matches!(self.upper.get(path), Some(Change::Whiteout))
            && self.merged.get(path).is_some_and(|e| e.node.is_dir());
        let kind = match before {
            None if lower_dir_hidden => {
                let layer = self.merged.get(path).map_or(0, |e| e.layer);
                FsEventKind::Opaque { from_layer: layer }
            }
            None => FsEventKind::Created,
            Some((_, Source::Upper)) => FsEventKind::Modified,
            Some((_, Source::Lower(l))) => FsEventKind::CopiedUp { from_layer: l },
        };
        let change = if lower_dir_hidden && node.is_dir() {
            Change::Opaque(node)
        } else {
            Change::Put(node)
        };
        // A non-directory replacing an upper directory drops what the upper had inside it.
        if !matches!(change, Change::Put(ref n) if n.is_dir()) {
            remove_descendants(self.upper.map_mut(), path);
        }
        self.upper.map_mut().insert(path.clone(), change);
        self.event(path, kind);
        Ok(())
    }

    /// Creates or truncates a file with `content` (following symlinks). A new file gets
    /// `mode` and the current owner; an existing one keeps its mode and owner.
    pub fn write_file(
        &mut self,
        path: &FsPath,
        content: Content,
        mode: u32,
    ) -> Result<(), FsError> {
        let real = self.resolve(path, true)?;
        let real = self.hardlink_file(&real);
        let node = match self.lookup(&real) {
            Some((n, _)) if n.is_dir() => {
                return Err(FsError::new(FsErrorKind::IsADirectory, path))
            }
            Some((n, _)) => Node {
                kind: NodeKind::File(content),
                mtime: self.mtime,
                ..n.clone()
            },
            None => self.new_node(NodeKind::File(content), mode),
        };
        self.put(&real, node)
    }

    /// Appends to a file, creating it (mode 0644) if missing.
    pub fn append_file(&mut self, path: &FsPath, bytes: &[u8]) -> Result<(), FsError> {
        let mut all = match self.read_file(path) {
            Ok(c) => c.to_vec(),
            Err(e) if e.kind == FsErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        all.extend_from_slice(bytes);
        self.write_file(path, Content::Bytes(all.into()), 0o644)
    }

    /// Creates a directory; the parent must exist. Fails if `path` exists.
    pub fn mkdir(&mut self, path: &FsPath, mode: u32) -> Result<(), FsError> {
        let real = self.resolve(path, false)?;
        if self.lookup(&real).is_some() {
            return Err(FsError::new(FsErrorKind::AlreadyExists, path));
        }
        match self.lookup(&real.parent()) {
            Some((n, _)) if n.is_dir() => {}
            Some(_) => return Err(FsError::new(FsErrorKind::NotADirectory, &real.parent())),
            None => return Err(FsError::new(FsErrorKind::NotFound, &real.parent())),
        }
        let node = self.new_node(NodeKind::Dir, mode);
        self.put(&real, node)
    }

    /// Creates a directory and its missing parents (`mkdir -p`); existing directories are fine.
    pub fn mkdir_all(&mut self, path: &FsPath, mode: u32) -> Result<(), FsError> {
        let mut done = FsPath::root();
        let depth = path.depth();
        for (i, part) in path.components().enumerate() {
            let next = self.resolve(&done.join(part), true)?;
            match self.lookup(&next) {
                Some((n, _)) if n.is_dir() => {}
                Some(_) if i + 1 == depth => {
                    return Err(FsError::new(FsErrorKind::AlreadyExists, path))
                }
                Some(_) => return Err(FsError::new(FsErrorKind::NotADirectory, &next)),
                None => {
                    let node = self.new_node(NodeKind::Dir, mode);
                    self.put(&next, node)?;
                }
            }
            done = next;
        }
        Ok(())
    }

    /// Creates a symlink at `path` pointing to `target` (stored as written).
    pub fn symlink(&mut self, target: &str, path: &FsPath) -> Result<(), FsError> {
        let real = self.resolve(path, false)?;
        if self.lookup(&real).is_some() {
            return Err(FsError::new(FsErrorKind::AlreadyExists, path));
        }
        let node = self.new_node(NodeKind::Symlink(target.to_string()), 0o777);
        self.put(&real, node)
    }

    /// Creates a hard link at `path` to the existing file `existing`.
    pub fn hardlink(&mut self, existing: &FsPath, path: &FsPath) -> Result<(), FsError> {
        let target = self.resolve(existing, false)?;
        match self.lookup(&target) {
            None => return Err(FsError::new(FsErrorKind::NotFound, existing)),
            Some((n, _)) if n.is_dir() => {
                return Err(FsError::new(FsErrorKind::NotPermitted, existing))
            }
            Some(_) => {}
        }
        let real = self.resolve(path, false)?;
        if self.lookup(&real).is_some() {
            return Err(FsError::new(FsErrorKind::AlreadyExists, path));
        }
        // A link to a link is a link to the same file.
        let target = self.hardlink_file(&target);
        let (node, source) = self
            .lookup(&target)
            .map(|(n, s)| (n.clone(), s))
            .ok_or_else(|| FsError::new(FsErrorKind::NotFound, existing))?;
        // A layer tar can only link to a name in the same layer (moby's overlay2 applies a
        // layer into an empty directory), so a lower file is copied up next to its new name,
        // as containerd's differ re-emits the old name.
        if let Source::Lower(_) = source {
            self.put(&target, node.clone())?;
        }
        self.put(
            &real,
            Node {
                kind: NodeKind::Hardlink(target),
                ..node
            },
        )
    }

    /// Puts the upper layer's changes at and under `path` back to what `saved` (an earlier
    /// copy of the upper layer) had there, and forgets the events there: what a mount
    /// (`RUN --mount`) showed at `path` never reaches the layer.
    pub fn restore_subtree(&mut self, path: &FsPath, saved: &Layer) {
        let map = self.upper.map_mut();
        remove_descendants(map, path);
        map.remove(path);
        let (start, end) = path.descendant_range();
        if let Some(c) = saved.map().get(path) {
            map.insert(path.clone(), c.clone());
        }
        for (p, c) in saved.map().range(start..end) {
            map.insert(p.clone(), c.clone());
        }
        let prefix = format!("{}/", path.as_str().trim_end_matches('/'));
        self.events
            .retain(|e| e.path != path.as_str() && !e.path.starts_with(&prefix));
    }

    /// Places `node` at `path` as is, creating missing parents (what COPY and tar extraction
    /// do). Replaces what was there, except that an existing directory stays a directory
    /// when `node` is one (its contents are kept and its metadata updated).
    pub fn place(&mut self, path: &FsPath, node: Node) -> Result<(), FsError> {
        let real = self.resolve(path, false)?;
        self.mkdir_all(&real.parent(), 0o755)?;
        if let Some((existing, _)) = self.lookup(&real) {
            if existing.is_dir() && !node.is_dir() {
                self.remove(&real, true)?;
            }
        }
        self.put(&real, node)
    }

    /// Changes the permission bits (following symlinks).
    pub fn chmod(&mut self, path: &FsPath, mode: u32) -> Result<(), FsError> {
        self.change_metadata(path, |n| n.mode = mode & 0o7777)
    }

    /// Changes the owner of a symlink itself (`chown -h`); other paths as `chown`.
    pub fn lchown(&mut self, path: &FsPath, uid: u32, gid: u32) -> Result<(), FsError> {
        let real = self.resolve(path, false)?;
        match self.lookup(&real) {
            Some((n, _)) if matches!(n.kind, NodeKind::Symlink(_)) => {}
            _ => return self.chown(path, uid, gid),
        }
        self.change_metadata_at(real, |n| {
            n.uid = uid;
            n.gid = gid;
        })
    }

    /// `touch`: creates an empty file (mode `0o644`, current owner) if nothing is there,
    /// otherwise sets the modification time to the current one (see `set_mtime`), which copies
    /// a lower entry up. Follows symlinks.
    pub fn touch(&mut self, path: &FsPath) -> Result<(), FsError> {
        if self
            .resolve(path, true)
            .is_ok_and(|real| self.lookup(&real).is_none())
        {
            return self.write_file(path, Content::Bytes(Vec::new().into()), 0o644);
        }
        let mtime = self.mtime;
        self.change_metadata(path, |n| n.mtime = mtime)
    }

    /// Changes the owner (following symlinks).
    pub fn chown(&mut self, path: &FsPath, uid: u32, gid: u32) -> Result<(), FsError> {
        self.change_metadata(path, |n| {
            n.uid = uid;
            n.gid = gid;
        })
    }

    fn change_metadata(&mut self, path: &FsPath, f: impl FnOnce(&mut Node)) -> Result<(), FsError> {
        let real = self.resolve(path, true)?;
        self.change_metadata_at(real, f)
    }

    /// Changes the metadata of the entry at a resolved path (a hard link's file).
    fn change_metadata_at(
        &mut self,
        real: FsPath,
        f: impl FnOnce(&mut Node),
    ) -> Result<(), FsError> {
        let path = &real.clone();
        let real = self.hardlink_file(&real);
        let (mut node, source) = match self.lookup(&real) {
            Some((n, s)) => (n.clone(), s),
            None => return Err(FsError::new(FsErrorKind::NotFound, path)),
        };
        f(&mut node);
        self.copy_up_parents(&real)?;
        let change = match self.upper.get(&real) {
            Some(Change::Opaque(_)) => Change::Opaque(node),
            _ => Change::Put(node),
        };
        self.upper.map_mut().insert(real.clone(), change);
        let kind = match source {
            Source::Upper => FsEventKind::Modified,
            Source::Lower(l) => FsEventKind::MetadataCopiedUp { from_layer: l },
        };
        self.event(&real, kind);
        Ok(())
    }

    /// Removes `path` (not following a final symlink). A directory must be empty unless
    /// `recursive`. A path that exists in a lower layer gets a whiteout.
    pub fn remove(&mut self, path: &FsPath, recursive: bool) -> Result<(), FsError> {
        let real = self.resolve(path, false)?;
        if real.is_root() {
            return Err(FsError::new(FsErrorKind::Busy, path));
        }
        let is_dir = match self.lookup(&real) {
            None => return Err(FsError::new(FsErrorKind::NotFound, path)),
            Some((n, _)) => n.is_dir(),
        };
        if is_dir && !recursive && !self.children(&real).is_empty() {
            return Err(FsError::new(FsErrorKind::DirectoryNotEmpty, path));
        }
        self.rehome_hardlinks(&real, None)?;
        // A lower version needs a whiteout unless an opaque or deleted parent hides it.
        let lower = if self.hidden_by_upper(&real) {
            None
        } else {
            self.merged.get(&real).map(|e| e.layer)
        };
        self.copy_up_parents(&real)?;
        remove_descendants(self.upper.map_mut(), &real);
        match lower {
            Some(layer) => {
                self.upper.map_mut().insert(real.clone(), Change::Whiteout);
                self.event(&real, FsEventKind::WhitedOut { from_layer: layer });
            }
            None => {
                self.upper.map_mut().remove(&real);
                self.event(&real, FsEventKind::Removed);
            }
        }
        Ok(())
    }

    /// Moves `from` to `to` (not following final symlinks). `to` must not be an existing
    /// non-empty directory, nor inside `from`. Directory renames copy the subtree up and
    /// white out the old path, as overlayfs does.
    pub fn rename(&mut self, from: &FsPath, to: &FsPath) -> Result<(), FsError> {
        let src = self.resolve(from, false)?;
        let dst = self.resolve(to, false)?;
        let node = self
            .lookup(&src)
            .map(|(n, _)| n.clone())
            .ok_or_else(|| FsError::new(FsErrorKind::NotFound, from))?;
        if src == dst {
            return Ok(());
        }
        // Two names of the same file: rename(2) does nothing.
        if !node.is_dir()
            && self.lookup(&dst).is_some()
            && self.hardlink_file(&src) == self.hardlink_file(&dst)
        {
            return Ok(());
        }
        if dst.is_inside(&src) || src.is_root() {
            return Err(FsError::new(FsErrorKind::InvalidArgument, to));
        }
        if let Some((existing, _)) = self.lookup(&dst) {
            if existing.is_dir() && !node.is_dir() {
                return Err(FsError::new(FsErrorKind::IsADirectory, to));
            }
            if existing.is_dir() && !self.children(&dst).is_empty() {
                return Err(FsError::new(FsErrorKind::DirectoryNotEmpty, to));
            }
            if !existing.is_dir() && node.is_dir() {
                return Err(FsError::new(FsErrorKind::NotADirectory, to));
            }
            self.remove(&dst, true)?;
        }
        let subtree = if node.is_dir() {
            self.walk(&src)
        } else {
            Vec::new()
        };
        self.rehome_hardlinks(&src, Some(&dst))?;
        self.put(&dst, retarget(node, &src, &dst))?;
        for (p, n, _) in subtree {
            let target = rebase(&p, &src, &dst);
            self.put(&target, retarget(n, &src, &dst))?;
        }
        self.remove(&src, true)?;
        self.event(
            &src,
            FsEventKind::Renamed {
                to: dst.to_string(),
            },
        );
        Ok(())
    }
}

impl Rootfs {
    /// For a hard link entry, the path of the file it names (links to links followed);
    /// any other path is returned as is.
    fn hardlink_file(&self, path: &FsPath) -> FsPath {
        let mut path = path.clone();
        for _ in 0..MAX_SYMLINK_HOPS {
            match self.lookup(&path).map(|(n, _)| &n.kind) {
                Some(NodeKind::Hardlink(target)) if *target != path => path = target.clone(),
                _ => break,
            }
        }
        path
    }

    /// Whether any visible layer holds a hard link (only then can a removal orphan one).
    fn has_hardlinks(&self) -> bool {
        let is_link =
            |c: &Change| matches!(c, Change::Put(n) if matches!(n.kind, NodeKind::Hardlink(_)));
        self.upper.changes().any(|(_, c)| is_link(c))
            || self
                .lowers
                .iter()
                .any(|l| l.changes().any(|(_, c)| is_link(c)))
    }

    /// Before `gone` (a file or a whole directory) is removed or moved to `moved_to`: hard
    /// links elsewhere that name a file under it are pointed at the new place, or, on
    /// removal, the first link takes over the file (data and metadata, as the inode lives on)
    /// and the others link to it. Scans the tree, but only when hard links exist.
    fn rehome_hardlinks(
        &mut self,
        gone: &FsPath,
        moved_to: Option<&FsPath>,
    ) -> Result<(), FsError> {
        if !self.has_hardlinks() {
            return Ok(());
        }
        let mut heirs: BTreeMap<FsPath, FsPath> = BTreeMap::new();
        for (path, node, _) in self.merged_view() {
            let NodeKind::Hardlink(target) = &node.kind else {
                continue;
            };
            let names_gone = target == gone || target.is_inside(gone);
            if !names_gone || path == *gone || path.is_inside(gone) {
                continue;
            }
            let new = match moved_to {
                Some(to) => Node {
                    kind: NodeKind::Hardlink(rebase(target, gone, to)),
                    ..node
                },
                None => match heirs.get(target) {
                    Some(heir) => Node {
                        kind: NodeKind::Hardlink(heir.clone()),
                        ..node
                    },
                    None => {
                        let Some((file, _)) = self.lookup(target) else {
                            continue;
                        };
                        let file = file.clone();
                        heirs.insert(target.clone(), path.clone());
                        file
                    }
                },
            };
            self.copy_up_parents(&path)?;
            self.upper.map_mut().insert(path, Change::Put(new));
        }
        Ok(())
    }
}

/// Within one layer, makes the first name (in path order) of each linked file hold the file
/// and every other name link to it, so a tar written in path order never links to a name that
/// comes later (tar extraction needs the target first).
fn link_to_first_name(changes: &mut BTreeMap<FsPath, Change>) {
    let mut names: BTreeMap<FsPath, Vec<FsPath>> = BTreeMap::new();
    for (path, change) in changes.iter() {
        if let Change::Put(Node {
            kind: NodeKind::Hardlink(target),
            ..
        }) = change
        {
            if matches!(changes.get(target), Some(Change::Put(n)) if matches!(n.kind, NodeKind::File(_)))
            {
                names.entry(target.clone()).or_default().push(path.clone());
            }
        }
    }
    for (file, links) in names {
        let Some(first) = links.iter().min().filter(|first| **first < file).cloned() else {
            continue;
        };
        let Some(Change::Put(file_node)) = changes.get(&file).cloned() else {
            continue;
        };
        let link_to_first = |node: Node| Node {
            kind: NodeKind::Hardlink(first.clone()),
            ..node
        };
        changes.insert(file.clone(), Change::Put(link_to_first(file_node.clone())));
        for link in links.iter().filter(|l| **l != first) {
            if let Some(Change::Put(node)) = changes.get(link).cloned() {
                changes.insert(link.clone(), Change::Put(link_to_first(node)));
            }
        }
        changes.insert(first, Change::Put(file_node));
    }
}

/// `path` (equal to or inside `from`) moved under `to`.
fn rebase(path: &FsPath, from: &FsPath, to: &FsPath) -> FsPath {
    let rest = &path.as_str()[from.as_str().len()..];
    FsPath::new(&format!("{}{}", to.as_str(), rest))
}

/// A moved node: a hard link naming a file inside the moved tree follows it.
fn retarget(node: Node, from: &FsPath, to: &FsPath) -> Node {
    match &node.kind {
        NodeKind::Hardlink(t) if t == from || t.is_inside(from) => Node {
            kind: NodeKind::Hardlink(rebase(t, from, to)),
            ..node
        },
        _ => node,
    }
}

/// The direct children of `dir` in a path-keyed map, skipping grandchildren by jumping past
/// each child's subtree: O(children × log n).
fn direct_children<'a, V>(map: &'a BTreeMap<FsPath, V>, dir: &FsPath) -> Vec<(&'a FsPath, &'a V)> {
    use std::ops::Bound::{Excluded, Included};
    let (start, end) = dir.descendant_range();
    let mut out = Vec::new();
    let mut lower = Included(start);
    while let Some((p, v)) = map
        .range((lower, Excluded(end.clone())))
        .find(|(p, _)| *p != dir)
    {
        if p.parent() == *dir {
            out.push((p, v));
            // Step to the next key: a sibling such as `busybox-again` sorts between
            // `busybox` and `busybox/…`, so jumping past the descendants here would skip it.
            lower = Excluded(p.clone());
        } else {
            // Jump past everything under this child (nothing else sorts in `child/`..`child0`).
            let child = dir.join(direct_name(dir, p));
            lower = Included(child.descendant_range().1);
        }
    }
    out
}

/// The name of the child of `dir` on the way to `path`.
fn direct_name<'a>(dir: &FsPath, path: &'a FsPath) -> &'a str {
    let rest = &path.as_str()[dir.as_str().len()..];
    rest.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
}

fn remove_descendants<V>(map: &mut BTreeMap<FsPath, V>, path: &FsPath) {
    let (start, end) = path.descendant_range();
    let doomed: Vec<FsPath> = map.range(start..end).map(|(p, _)| p.clone()).collect();
    for p in doomed {
        map.remove(&p);
    }
}

/// Applies one lower layer to the merged index.
fn apply(merged: &mut BTreeMap<FsPath, Entry>, layer: &Layer, index: usize) {
    for (path, change) in layer.changes() {
        match change {
            Change::Whiteout => {
                remove_descendants(merged, path);
                merged.remove(path);
            }
            Change::Opaque(node) => {
                remove_descendants(merged, path);
                merged.insert(
                    path.clone(),
                    Entry {
                        node: node.clone(),
                        layer: index,
                    },
                );
            }
            Change::Put(node) => {
                if !node.is_dir() {
                    remove_descendants(merged, path);
                }
                merged.insert(
                    path.clone(),
                    Entry {
                        node: node.clone(),
                        layer: index,
                    },
                );
            }
        }
    }
}
