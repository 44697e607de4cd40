//! The filesystem explorer of the last built image, for the UI: the merged tree listed one
//! directory at a time (an image can hold 30,000 files), each entry with the layer providing
//! it; one layer's own changes (`docker diff` letters, whiteouts, opaque directories); a file
//! opened as text (capped) or described (binary, synthetic content); the stack of versions a
//! path has in the layers; and the bytes wasted by file versions that later layers overwrite
//! or delete.
//!
//! [`ImageFiles`] holds the image's layers (shared `Arc`s) and computes the merged view, the
//! directory sizes and the wasted bytes on first use, once.

use super::builder::Builder;
use crate::fs::diff::{layer_changes, DiffKind};
use crate::fs::{Change, FsPath, Layer, Node, NodeKind, Rootfs, Source};
use crate::oci::Digest;
use serde::Serialize;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The most bytes of a file shown as text.
pub const MAX_TEXT_BYTES: usize = 64 << 10;

/// What a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// A hard link (a second name of a file).
    Hardlink,
}

impl EntryKind {
    fn of(node: &Node) -> EntryKind {
        match node.kind {
            NodeKind::File(_) => EntryKind::File,
            NodeKind::Dir => EntryKind::Dir,
            NodeKind::Symlink(_) => EntryKind::Symlink,
            NodeKind::Hardlink(_) => EntryKind::Hardlink,
        }
    }
}

/// One entry of a directory in the merged tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    /// Full path.
    pub path: String,
    /// Last component.
    pub name: String,
    /// What it is.
    pub kind: EntryKind,
    /// Bytes: a file's content, or everything under a directory.
    pub size: u64,
    /// `ls -l` mode, e.g. `-rw-r--r--`.
    pub mode: String,
    /// The layer providing the visible version (0 = bottom).
    pub layer: usize,
    /// The content is synthetic (a base image's binary, generated on demand).
    pub synthetic: bool,
    /// A symlink's target, a hard link's file.
    pub target: Option<String>,
    /// Bytes of this path's versions that later layers overwrote or deleted.
    pub wasted: u64,
}

/// One change of one layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeRow {
    /// The path.
    pub path: String,
    /// `A` (added), `C` (changed) or `D` (deleted), as `docker diff` prints.
    pub letter: char,
    /// What is there after the layer (`None` when deleted).
    pub kind: Option<EntryKind>,
    /// Bytes the layer stores for it.
    pub size: u64,
    /// The whiteout entry the layer tar holds for a deletion (`/etc/.wh.motd`).
    pub whiteout: Option<String>,
    /// The layer makes this directory opaque (`.wh..wh..opq`): lower contents hidden.
    pub opaque: bool,
    /// Deleted because an opaque directory of the layer hides it (no whiteout of its own).
    pub hidden_by_opaque: bool,
}

/// One layer's own changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct LayerChanges {
    /// The layer (0 = bottom).
    pub layer: usize,
    /// Changes shown (at most the limit asked for).
    pub rows: Vec<ChangeRow>,
    /// Every change of the layer.
    pub total: usize,
    /// How many are A, C and D.
    pub counts: [usize; 3],
}

/// A layer as the layer picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickerLayer {
    /// 0 = bottom.
    pub index: usize,
    /// The history `created_by` of the entry that made it.
    pub created_by: String,
    /// Bytes of content.
    pub size: u64,
    /// Paths it changes.
    pub changes: usize,
    /// Short diff_id.
    pub short: String,
}

/// One version of a path in the layer stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRow {
    /// The layer.
    pub layer: usize,
    /// `put`, `whiteout` or `opaque`.
    pub change: &'static str,
    /// Bytes of this version.
    pub size: u64,
    /// This is the version the image shows.
    pub visible: bool,
}

/// A file opened in the explorer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileView {
    /// The path.
    pub path: String,
    /// What it is (`None` when the image no longer has it: deleted by a later layer).
    pub kind: Option<EntryKind>,
    /// Bytes.
    pub size: u64,
    /// `ls -l` mode.
    pub mode: String,
    /// The layer providing it.
    pub layer: Option<usize>,
    /// The text, when the content is UTF-8 text (at most [`MAX_TEXT_BYTES`]).
    pub text: Option<String>,
    /// The text was cut at [`MAX_TEXT_BYTES`].
    pub truncated: bool,
    /// What is shown instead of text: `binary`, `synthetic content`, `directory`, a link.
    pub note: Option<String>,
    /// Every version of the path, top layer first.
    pub versions: Vec<VersionRow>,
}

/// Bytes of file versions hidden by later layers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Wasted {
    /// Total bytes.
    pub total: u64,
    /// Paths with hidden versions, most bytes first: (path, bytes, hidden versions).
    pub paths: Vec<(String, u64, usize)>,
}

/// The files of one built image, computed lazily.
#[derive(Debug)]
pub struct ImageFiles {
    id: Digest,
    layers: Vec<Arc<Layer>>,
    infos: Vec<PickerLayer>,
    merged: OnceCell<Rootfs>,
    dir_sizes: OnceCell<HashMap<String, u64>>,
    wasted: OnceCell<(Wasted, HashMap<String, u64>)>,
}

impl PartialEq for ImageFiles {
    fn eq(&self, other: &ImageFiles) -> bool {
        self.id == other.id
    }
}

impl Builder {
    /// The files of the last successful build's image.
    pub fn image_files(&self) -> Option<ImageFiles> {
        let last = self.last.as_ref()?;
        let image = self.store.get(&last.image)?;
        let mut created = image.layer_created_by().into_iter();
        let infos = image
            .layers
            .iter()
            .zip(&image.config.rootfs.diff_ids)
            .enumerate()
            .map(|(index, (l, d))| PickerLayer {
                index,
                created_by: created.next().unwrap_or_default(),
                size: l.size(),
                changes: l.len(),
                short: d.short(),
            })
            .collect();
        Some(ImageFiles {
            id: image.id,
            layers: image.layers,
            infos,
            merged: OnceCell::new(),
            dir_sizes: OnceCell::new(),
            wasted: OnceCell::new(),
        })
    }
}

fn layer_of(source: Source) -> usize {
    match source {
        Source::Lower(n) => n,
        Source::Upper => usize::MAX,
    }
}

fn target_of(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Symlink(t) => Some(t.clone()),
        NodeKind::Hardlink(p) => Some(p.to_string()),
        _ => None,
    }
}

fn synthetic(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::File(c) if c.is_synthetic())
}

impl ImageFiles {
    /// The image ID.
    pub fn image_id(&self) -> String {
        self.id.to_string()
    }

    /// The layers, bottom first.
    pub fn layers(&self) -> &[PickerLayer] {
        &self.infos
    }

    fn merged(&self) -> &Rootfs {
        self.merged.get_or_init(|| Rootfs::new(self.layers.clone()))
    }

    fn dir_sizes(&self) -> &HashMap<String, u64> {
        self.dir_sizes.get_or_init(|| {
            let mut sizes: HashMap<String, u64> = HashMap::new();
            for (path, node, _) in self.merged().merged_view() {
                let size = node.size();
                if size == 0 {
                    continue;
                }
                for a in path.ancestor_strs() {
                    match sizes.get_mut(a) {
                        Some(s) => *s += size,
                        None => {
                            sizes.insert(a.to_string(), size);
                        }
                    }
                }
            }
            sizes
        })
    }

    fn waste(&self) -> &(Wasted, HashMap<String, u64>) {
        self.wasted.get_or_init(|| {
            let merged = self.merged();
            let mut per_path: BTreeMap<&FsPath, (u64, usize)> = BTreeMap::new();
            for (i, layer) in self.layers.iter().enumerate() {
                for (path, change) in layer.changes() {
                    let Change::Put(node) = change else { continue };
                    let size = node.size();
                    if size == 0 || merged.source_of(path) == Some(Source::Lower(i)) {
                        continue;
                    }
                    let slot = per_path.entry(path).or_default();
                    slot.0 += size;
                    slot.1 += 1;
                }
            }
            let mut paths: Vec<(String, u64, usize)> = per_path
                .into_iter()
                .map(|(p, (b, n))| (p.to_string(), b, n))
                .collect();
            paths.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let total = paths.iter().map(|p| p.1).sum();
            let by_path = paths.iter().map(|(p, b, _)| (p.clone(), *b)).collect();
            (Wasted { total, paths }, by_path)
        })
    }

    /// Bytes hidden by later layers: the total and the `limit` paths with the most.
    pub fn wasted(&self, limit: usize) -> Wasted {
        let (w, _) = self.waste();
        Wasted {
            total: w.total,
            paths: w.paths.iter().take(limit).cloned().collect(),
        }
    }

    /// Number of paths with hidden versions.
    pub fn wasted_paths(&self) -> usize {
        self.waste().0.paths.len()
    }

    /// The entries of directory `dir` in the merged image, by name or (with `by_size`)
    /// largest first.
    pub fn list(&self, dir: &str, by_size: bool) -> Result<Vec<FileEntry>, String> {
        let merged = self.merged();
        let entries = merged
            .list_dir(&FsPath::new(dir))
            .map_err(|e| e.to_string())?;
        let sizes = self.dir_sizes();
        let wasted = &self.waste().1;
        let mut out: Vec<FileEntry> = entries
            .into_iter()
            .map(|(path, node, source)| {
                let p = path.to_string();
                FileEntry {
                    name: path.name().to_string(),
                    kind: EntryKind::of(&node),
                    size: if node.is_dir() {
                        sizes.get(&p).copied().unwrap_or(0)
                    } else {
                        node.size()
                    },
                    mode: node.mode_string(),
                    layer: layer_of(source),
                    synthetic: synthetic(&node),
                    target: target_of(&node),
                    wasted: wasted.get(&p).copied().unwrap_or(0),
                    path: p,
                }
            })
            .collect();
        if by_size {
            out.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.name.cmp(&b.name)));
        }
        Ok(out)
    }

    /// The changes `layer` makes on the layers below it, at most `limit` rows (in path
    /// order, or largest first with `by_size`).
    pub fn layer_changes(&self, layer: usize, by_size: bool, limit: usize) -> LayerChanges {
        let Some(this) = self.layers.get(layer) else {
            return LayerChanges::default();
        };
        let below = Rootfs::new(self.layers[..layer].to_vec());
        let mut counts = [0; 3];
        let mut rows: Vec<ChangeRow> = layer_changes(this, &below)
            .into_iter()
            .map(|(kind, path)| {
                counts[kind as usize] += 1;
                let change = this.get(&path);
                let (node_kind, size, opaque) = match change {
                    Some(Change::Put(n)) => (Some(EntryKind::of(n)), n.size(), false),
                    Some(Change::Opaque(n)) => (Some(EntryKind::of(n)), n.size(), true),
                    _ => (None, 0, false),
                };
                let whiteout = matches!(change, Some(Change::Whiteout)).then(|| {
                    let parent = path.parent();
                    let dir = parent.as_str().trim_end_matches('/');
                    format!("{dir}/.wh.{}", path.name())
                });
                ChangeRow {
                    letter: kind.letter(),
                    kind: if kind == DiffKind::Deleted {
                        None
                    } else {
                        node_kind
                    },
                    size,
                    hidden_by_opaque: kind == DiffKind::Deleted && whiteout.is_none(),
                    whiteout,
                    opaque,
                    path: path.to_string(),
                }
            })
            .collect();
        let total = rows.len();
        if by_size {
            rows.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.path.cmp(&b.path)));
        }
        rows.truncate(limit);
        LayerChanges {
            layer,
            rows,
            total,
            counts,
        }
    }

    /// Opens `path`: its text (when it is UTF-8 text) or what it is, and its versions.
    pub fn open(&self, path: &str) -> FileView {
        let merged = self.merged();
        let fs_path = FsPath::new(path);
        let visible = merged.source_of(&fs_path).map(layer_of);
        let versions = merged
            .provenance(&fs_path)
            .into_iter()
            .map(|v| {
                let layer = layer_of(v.source);
                VersionRow {
                    layer,
                    change: v.change,
                    size: v.size,
                    visible: Some(layer) == visible && v.change != "whiteout",
                }
            })
            .collect();
        let mut view = FileView {
            path: fs_path.to_string(),
            kind: None,
            size: 0,
            mode: String::new(),
            layer: visible,
            text: None,
            truncated: false,
            note: None,
            versions,
        };
        let Ok(node) = merged.lstat(&fs_path) else {
            view.note = Some("not in the image (deleted by a later layer)".into());
            return view;
        };
        view.kind = Some(EntryKind::of(&node));
        view.size = node.size();
        view.mode = node.mode_string();
        match &node.kind {
            NodeKind::Dir => view.note = Some("directory".into()),
            NodeKind::Symlink(t) => view.note = Some(format!("symbolic link to {t}")),
            NodeKind::Hardlink(t) => view.note = Some(format!("hard link to {t}")),
            NodeKind::File(content) => match content.bytes() {
                None => view.note = Some("synthetic content".into()),
                Some(bytes) => match as_text(bytes) {
                    Some((text, cut)) => {
                        view.text = Some(text);
                        view.truncated = cut;
                    }
                    None => view.note = Some("binary".into()),
                },
            },
        }
        view
    }
}

/// The bytes as text when they are UTF-8 without NUL, cut at [`MAX_TEXT_BYTES`] on a
/// character boundary; `None` for binary.
fn as_text(bytes: &[u8]) -> Option<(String, bool)> {
    let cut = bytes.len() > MAX_TEXT_BYTES;
    let head = &bytes[..bytes.len().min(MAX_TEXT_BYTES)];
    if head.contains(&0) {
        return None;
    }
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // A character cut at the cap is fine; anything else is not text.
        Err(e) if cut && e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    Some((text.to_string(), cut))
}

#[cfg(test)]
mod explore_tests {
    use super::*;
    use std::collections::BTreeMap;

    const DOCKERFILE: &str = "FROM alpine:3.20
COPY a.txt big.txt /data/
COPY keep/ /keep/
RUN rm /data/a.txt && echo new > /data/big.txt && rm /etc/motd
RUN rm -rf /keep && mkdir /keep && echo x > /keep/fresh
";

    fn built() -> (Builder, ImageFiles) {
        let files: BTreeMap<String, String> = [
            ("a.txt", "a".repeat(100)),
            ("big.txt", "é".repeat(40_000)),
            ("keep/old", "old\n".to_string()),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b))
        .collect();
        let mut b = Builder::new();
        let view = b.build(DOCKERFILE, &files, "x", &Default::default());
        assert!(view.image_id.is_some(), "{view:?}");
        let f = b.image_files().expect("files");
        (b, f)
    }

    #[test]
    fn the_merged_tree_lists_one_directory_with_layers_and_sizes() {
        let (_, f) = built();
        let n = f.layers().len();
        assert!(n >= 5, "{:?}", f.layers());
        assert!(f.layers()[n - 2]
            .created_by
            .starts_with("RUN /bin/sh -c rm /data/a.txt"));
        let root = f.list("/", false).expect("root");
        let data = root.iter().find(|e| e.name == "data").expect("/data");
        assert_eq!(data.kind, EntryKind::Dir);
        assert_eq!(data.size, 4, "only big.txt's new content remains");
        let inside = f.list("/data", false).expect("/data");
        assert_eq!(inside.len(), 1);
        assert_eq!(inside[0].path, "/data/big.txt");
        assert_eq!(inside[0].layer, n - 2);
        assert_eq!(inside[0].mode, "-rw-r--r--");
        assert_eq!(inside[0].wasted, 80_000);
        let by_size = f.list("/", true).expect("root");
        assert!(by_size.windows(2).all(|w| w[0].size >= w[1].size));
        assert!(f.list("/data/big.txt", false).is_err());
        assert!(f.list("/nope", false).is_err());
        let busybox = f.list("/bin", false).expect("/bin");
        assert!(
            busybox.iter().any(|e| e.synthetic && e.layer == 0),
            "{busybox:?}"
        );
    }

    #[test]
    fn a_layer_shows_its_whiteouts_and_opaque_directories() {
        let (_, f) = built();
        let n = f.layers().len();
        let rm = f.layer_changes(n - 2, false, 100);
        let row = |c: &LayerChanges, p: &str| {
            c.rows
                .iter()
                .find(|r| r.path == p)
                .cloned()
                .unwrap_or_else(|| panic!("no {p} in {c:#?}"))
        };
        let a = row(&rm, "/data/a.txt");
        assert_eq!(a.letter, 'D');
        assert_eq!(a.whiteout.as_deref(), Some("/data/.wh.a.txt"));
        assert_eq!(
            row(&rm, "/etc/motd").whiteout.as_deref(),
            Some("/etc/.wh.motd")
        );
        let big = row(&rm, "/data/big.txt");
        assert_eq!((big.letter, big.size), ('C', 4));
        assert_eq!(rm.counts[2], 2, "{rm:#?}");
        let opaque = f.layer_changes(n - 1, false, 100);
        let keep = row(&opaque, "/keep");
        assert!(keep.opaque && keep.letter == 'C', "{keep:?}");
        let old = row(&opaque, "/keep/old");
        assert!(old.hidden_by_opaque && old.whiteout.is_none() && old.letter == 'D');
        assert_eq!(row(&opaque, "/keep/fresh").letter, 'A');
        let capped = f.layer_changes(0, true, 3);
        assert_eq!(capped.rows.len(), 3);
        assert!(capped.total > 3);
        assert!(capped.rows[0].size >= capped.rows[2].size);
        assert_eq!(f.layer_changes(99, false, 10), LayerChanges::default());
    }

    #[test]
    fn wasted_bytes_count_overwritten_and_deleted_versions() {
        let (_, f) = built();
        let w = f.wasted(10);
        let get = |p: &str| w.paths.iter().find(|x| x.0 == p).map(|x| x.1);
        assert_eq!(get("/data/a.txt"), Some(100));
        assert_eq!(get("/data/big.txt"), Some(80_000));
        assert_eq!(get("/keep/old"), Some(4));
        let motd = get("/etc/motd").expect("motd wasted");
        assert!(motd > 0);
        assert_eq!(w.total, 100 + 80_000 + 4 + motd);
        assert_eq!(w.paths[0].0, "/data/big.txt");
        assert_eq!(f.wasted(1).paths.len(), 1);
        assert_eq!(f.wasted_paths(), 4);
    }

    #[test]
    fn opening_shows_text_capped_binary_synthetic_and_the_version_stack() {
        let (_, f) = built();
        let n = f.layers().len();
        let big = f.open("/data/big.txt");
        assert_eq!(big.text.as_deref(), Some("new\n"));
        assert!(!big.truncated);
        let layers: Vec<(usize, &str, bool)> = big
            .versions
            .iter()
            .map(|v| (v.layer, v.change, v.visible))
            .collect();
        assert_eq!(layers, [(n - 2, "put", true), (1, "put", false)]);
        assert_eq!(big.versions[1].size, 80_000);
        let gone = f.open("/data/a.txt");
        assert_eq!(gone.kind, None);
        assert_eq!(gone.versions[0].change, "whiteout");
        assert!(gone.versions.iter().all(|v| !v.visible));
        assert!(gone.note.is_some_and(|n| n.contains("deleted")));
        let busybox = f.open("/bin/busybox");
        assert_eq!(busybox.note.as_deref(), Some("synthetic content"));
        assert!(busybox.text.is_none() && busybox.size > 0);
        assert_eq!(f.open("/etc").note.as_deref(), Some("directory"));

        let long = "é".repeat(40_000);
        let (text, cut) = as_text(long.as_bytes()).expect("text");
        assert!(cut && text.len() <= MAX_TEXT_BYTES && text.len() > MAX_TEXT_BYTES - 2);
        assert_eq!(as_text(b"a\0b"), None);
        assert_eq!(as_text(&[0xff, 0x41]), None);
        assert_eq!(as_text(b"ok\n"), Some(("ok\n".into(), false)));
    }

    #[test]
    fn thirty_thousand_files_are_listed_and_measured_quickly() {
        let put = |p: String, n: u64| (FsPath::new(&p), Change::Put(Node::synthetic(n, n, 0o644)));
        let dir = |p: String| (FsPath::new(&p), Change::Put(Node::dir(0o755)));
        let dirs = ["/usr".to_string(), "/usr/share".to_string()]
            .into_iter()
            .chain((0..300).map(|d| format!("/usr/share/d{d}")))
            .map(dir);
        let base =
            Layer::from_changes(dirs.chain(
                (0..30_000u64).map(|i| put(format!("/usr/share/d{}/f{i}", i % 300), 100 + i)),
            ));
        let top = Layer::from_changes(
            (0..1_000u64).map(|i| put(format!("/usr/share/d{}/f{i}", i % 300), 1)),
        );
        let f = ImageFiles {
            id: Digest::of(b"test"),
            layers: vec![Arc::new(base), Arc::new(top)],
            infos: Vec::new(),
            merged: OnceCell::new(),
            dir_sizes: OnceCell::new(),
            wasted: OnceCell::new(),
        };
        let started = std::time::Instant::now();
        let root = f.list("/", true).expect("root");
        let first = started.elapsed();
        let dirs = f.list("/usr/share", true).expect("share");
        let w = f.wasted(20);
        let all = started.elapsed();
        eprintln!("30,000 files: first listing {first:?}; with a 300-entry directory and wasted bytes {all:?}");
        assert_eq!(root.len(), 1);
        assert_eq!(dirs.len(), 300);
        assert_eq!(w.total, (0..1_000u64).map(|i| 100 + i).sum::<u64>());
        assert_eq!(f.wasted_paths(), 1_000);
        assert!(dirs.windows(2).all(|d| d[0].size >= d[1].size));
    }

    #[test]
    fn the_static_web_image_lists_its_directories() {
        let e = crate::examples::find("static-web").expect("example");
        let files = e
            .files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let mut b = Builder::new();
        assert!(b
            .build(e.dockerfile, &files, "s", &Default::default())
            .image_id
            .is_some());
        let f = b.image_files().expect("files");
        let root = f.list("/", true).expect("root");
        assert!(root.iter().any(|e| e.name == "usr" && e.size > 1_000_000));
        let html = f.open("/var/www/html/index.html");
        assert_eq!(html.text.as_deref(), Some("Hi, I am in your container\n"));
        assert_eq!(html.layer, Some(f.layers().len() - 1));
    }
}
