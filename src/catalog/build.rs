//! Small builders the catalog's image definitions are written with: `LayerBuilder` (a layer's
//! files, with parent directories added and synthetic content seeded from layer id + path)
//! and `ImageBuilder` (history steps, config changes, layers bottom first), plus the
//! process-wide memo that makes every shared layer one `Arc<Layer>`.

use crate::fs::{Change, FsPath, Layer, Node};
use crate::oci::spec::rfc3339;
use crate::oci::{ExecConfig, History};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The `PATH` every image has unless it overrides it.
pub const DEFAULT_PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// BuildKit's history comment.
pub const BUILDKIT: &str = "buildkit.dockerfile.v0";

/// FNV-1a 64 of the parts, separated by NUL: the seed of a synthetic file.
pub fn seed_of(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Builds one layer's changes. Every put also puts its missing parent directories (0755,
/// root), as a tar made from a real container diff carries them.
pub struct LayerBuilder {
    id: String,
    mtime: i64,
    changes: BTreeMap<FsPath, Change>,
}

impl LayerBuilder {
    /// A layer named `id` (the synthetic seeds depend on it) whose nodes have `mtime`.
    pub fn new(id: &str, mtime: i64) -> LayerBuilder {
        LayerBuilder {
            id: id.to_string(),
            mtime,
            changes: BTreeMap::new(),
        }
    }

    /// Puts `node` at `path` (parents added as needed).
    pub fn put(&mut self, path: &str, node: Node) -> &mut Self {
        let path = FsPath::new(path);
        for parent in path.ancestors() {
            if !parent.is_root() && !self.changes.contains_key(&parent) {
                let dir = Node {
                    mtime: self.mtime,
                    ..Node::dir(0o755)
                };
                self.changes.insert(parent, Change::Put(dir));
            }
        }
        let node = Node {
            mtime: self.mtime,
            ..node
        };
        self.changes.insert(path, Change::Put(node));
        self
    }

    /// A directory.
    pub fn dir(&mut self, path: &str, mode: u32) -> &mut Self {
        self.put(path, Node::dir(mode))
    }

    /// Several 0755 directories.
    pub fn dirs(&mut self, paths: &[&str]) -> &mut Self {
        for p in paths {
            self.dir(p, 0o755);
        }
        self
    }

    /// A file with literal text.
    pub fn text(&mut self, path: &str, mode: u32, text: &str) -> &mut Self {
        self.put(path, Node::file(text.as_bytes(), mode))
    }

    /// A file of `size` synthetic bytes seeded from this layer's id and the path.
    pub fn synth(&mut self, path: &str, mode: u32, size: u64) -> &mut Self {
        let seed = seed_of(&[&self.id, path]);
        self.put(path, Node::synthetic(size, seed, mode))
    }

    /// Synthetic executables (0755) from a table of `(path, size)`.
    pub fn bins(&mut self, table: &[(&str, u64)]) -> &mut Self {
        for (p, size) in table {
            self.synth(p, 0o755, *size);
        }
        self
    }

    /// A symlink.
    pub fn link(&mut self, path: &str, target: &str) -> &mut Self {
        self.put(path, Node::symlink(target))
    }

    /// Symlinks from a table of `(path, target)`.
    pub fn links(&mut self, table: &[(&str, &str)]) -> &mut Self {
        for (p, t) in table {
            self.link(p, t);
        }
        self
    }

    /// Changes the owner of an already-put path.
    pub fn chown(&mut self, path: &str, uid: u32, gid: u32) -> &mut Self {
        if let Some(Change::Put(n)) = self.changes.get_mut(&FsPath::new(path)) {
            n.uid = uid;
            n.gid = gid;
        }
        self
    }

    /// Spreads `total` synthetic bytes over `files` (0644, or 0755 for `.so` names) in
    /// proportion to their weights: the bulk of a distribution's libraries and data.
    pub fn spread(&mut self, total: u64, files: &[(&str, u64)]) -> &mut Self {
        let weights: u64 = files.iter().map(|(_, w)| w).sum::<u64>().max(1);
        let mut left = total;
        for (i, (p, w)) in files.iter().enumerate() {
            let size = if i + 1 == files.len() {
                left
            } else {
                (total as u128 * u128::from(*w) / u128::from(weights)) as u64
            };
            let size = size.min(left);
            left -= size;
            let mode = if p.contains(".so") || p.contains("/bin/") {
                0o755
            } else {
                0o644
            };
            self.synth(p, mode, size);
        }
        self
    }

    /// Bytes of file content so far.
    pub fn size(&self) -> u64 {
        self.changes
            .values()
            .map(|c| match c {
                Change::Put(n) | Change::Opaque(n) => n.size(),
                Change::Whiteout => 0,
            })
            .sum()
    }

    /// The finished layer.
    pub fn build(self) -> Layer {
        Layer::from_changes(self.changes)
    }
}

/// Returns the layer memoized under `key`, building it once per process. Layers shared by
/// several images are therefore the same `Arc` (same pointer, same digest).
pub fn shared_layer(key: &str, build: impl FnOnce() -> Layer) -> Arc<Layer> {
    let memo = layer_memo();
    if let Some(l) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
        return l.clone();
    }
    // Built outside the lock: a layer's builder may ask for other shared layers.
    let layer = Arc::new(build());
    memo.lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key.to_string())
        .or_insert(layer)
        .clone()
}

/// A cheap stand-in for the sha256 the classic builder prints in `ADD file:<sha> in /`: the
/// sha256 of the layer's listing (path, mode, owner, size and seed or bytes of every entry),
/// computed without generating synthetic content.
pub fn layer_fingerprint(layer: &Layer) -> crate::oci::Digest {
    let mut text = Vec::new();
    for (path, change) in layer.changes() {
        text.extend_from_slice(path.as_str().as_bytes());
        match change {
            Change::Put(n) | Change::Opaque(n) => {
                text.extend_from_slice(format!(" {:o} {}:{} ", n.mode, n.uid, n.gid).as_bytes());
                match &n.kind {
                    crate::fs::NodeKind::File(crate::fs::Content::Bytes(b)) => {
                        text.extend_from_slice(b)
                    }
                    crate::fs::NodeKind::File(crate::fs::Content::Synthetic { size, seed }) => {
                        text.extend_from_slice(format!("{size}/{seed}").as_bytes())
                    }
                    crate::fs::NodeKind::Dir => text.push(b'd'),
                    crate::fs::NodeKind::Symlink(t) => text.extend_from_slice(t.as_bytes()),
                    crate::fs::NodeKind::Hardlink(t) => {
                        text.extend_from_slice(t.as_str().as_bytes())
                    }
                }
            }
            Change::Whiteout => text.extend_from_slice(b" wh"),
        }
        text.push(b'\n');
    }
    crate::oci::Digest::of(&text)
}

fn layer_memo() -> &'static Mutex<BTreeMap<String, Arc<Layer>>> {
    static MEMO: OnceLock<Mutex<BTreeMap<String, Arc<Layer>>>> = OnceLock::new();
    MEMO.get_or_init(|| Mutex::new(BTreeMap::new()))
}

/// Every layer built so far, by key (the layers of the images resolved so far).
pub fn built_layers() -> Vec<(String, Arc<Layer>)> {
    let memo = layer_memo().lock().unwrap_or_else(|e| e.into_inner());
    memo.iter().map(|(k, l)| (k.clone(), l.clone())).collect()
}

/// The memo key of a catalog layer (`alpine-3.20.3`, `node-24.21.0-trixie`, …).
pub fn layer_key(layer: &Arc<Layer>) -> Option<String> {
    let memo = layer_memo().lock().unwrap_or_else(|e| e.into_inner());
    memo.iter()
        .find(|(_, l)| Arc::ptr_eq(l, layer))
        .map(|(k, _)| k.clone())
}

/// An image under construction: config, history and layers, bottom first.
#[derive(Clone, Default)]
pub struct ImageBuilder {
    /// Execution config.
    pub config: ExecConfig,
    /// History, oldest first.
    pub history: Vec<History>,
    /// Layers, bottom first.
    pub layers: Vec<Arc<Layer>>,
    /// Time of the last step (the image's `created`).
    pub created: i64,
    buildkit: bool,
}

impl ImageBuilder {
    /// An empty image (`FROM scratch`); steps are recorded as BuildKit (`true`) or the classic
    /// builder (`/bin/sh -c #(nop)` for metadata steps, no comment) would write them.
    pub fn scratch(buildkit: bool) -> ImageBuilder {
        ImageBuilder {
            buildkit,
            ..ImageBuilder::default()
        }
    }

    /// Continues from `base` (`FROM base`), switching the step style.
    pub fn from(base: &ImageBuilder, buildkit: bool) -> ImageBuilder {
        ImageBuilder {
            buildkit,
            ..base.clone()
        }
    }

    fn entry(&mut self, at: i64, created_by: String, empty_layer: bool) {
        self.created = at;
        self.history.push(History {
            created: Some(rfc3339(at)),
            created_by: Some(created_by),
            author: None,
            comment: self.buildkit.then(|| BUILDKIT.to_string()),
            empty_layer,
        });
    }

    /// A step that adds `layer`, recorded with `created_by` as written (for BuildKit e.g.
    /// `RUN /bin/sh -c … # buildkit`; for the classic builder `/bin/sh -c …`).
    pub fn layer(&mut self, at: i64, created_by: &str, layer: Arc<Layer>) -> &mut Self {
        self.entry(at, created_by.to_string(), false);
        self.layers.push(layer);
        self
    }

    /// A metadata step (`CMD`, `ENV`, …): the instruction text as BuildKit writes it
    /// (`CMD ["/bin/sh"]`, `ENV K=v`), prefixed with `/bin/sh -c #(nop)  ` for the classic
    /// builder, and its effect on the config.
    pub fn meta(&mut self, at: i64, text: &str, change: impl FnOnce(&mut ExecConfig)) -> &mut Self {
        let created_by = if self.buildkit {
            text.to_string()
        } else {
            format!("/bin/sh -c #(nop)  {text}")
        };
        self.entry(at, created_by, true);
        change(&mut self.config);
        self
    }

    /// `ENV key=value` (replacing an earlier value of `key`).
    pub fn env(&mut self, at: i64, key: &str, value: &str) -> &mut Self {
        let text = format!("ENV {key}={value}");
        self.meta(at, &text, |c| set_env(&mut c.env, key, value))
    }

    /// `CMD [...]` in exec form.
    pub fn cmd(&mut self, at: i64, args: &[&str]) -> &mut Self {
        let text = format!("CMD {}", json_list(args));
        self.meta(at, &text, |c| c.cmd = strings(args))
    }

    /// `ENTRYPOINT [...]` in exec form.
    pub fn entrypoint(&mut self, at: i64, args: &[&str]) -> &mut Self {
        let text = format!("ENTRYPOINT {}", json_list(args));
        self.meta(at, &text, |c| c.entrypoint = strings(args))
    }
}

/// Sets `key=value` in an env list, replacing an existing entry in place.
pub fn set_env(env: &mut Vec<String>, key: &str, value: &str) {
    let entry = format!("{key}={value}");
    match env
        .iter_mut()
        .find(|e| e.split_once('=').is_some_and(|(k, _)| k == key))
    {
        Some(e) => *e = entry,
        None => env.push(entry),
    }
}

/// `["a","b"]` as BuildKit writes exec-form commands in history.
pub fn json_list(args: &[&str]) -> String {
    serde_json::to_string(args).unwrap_or_default()
}

/// Owned strings.
pub fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// Seconds since the epoch of a UTC date (`days_from_civil`), for the catalog's fixed dates.
pub const fn epoch(year: i64, month: i64, day: i64, hour: i64, min: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hour * 3600 + min * 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epochs_match_rfc3339() {
        assert_eq!(rfc3339(epoch(2024, 9, 6, 12, 5)), "2024-09-06T12:05:00Z");
        assert_eq!(rfc3339(epoch(2000, 2, 29, 0, 0)), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn env_replaces_in_place() {
        let mut env = vec![DEFAULT_PATH.to_string(), "A=1".to_string()];
        set_env(&mut env, "PATH", "/x");
        set_env(&mut env, "B", "2");
        assert_eq!(env, ["PATH=/x", "A=1", "B=2"]);
    }
}
