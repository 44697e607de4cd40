//! The build cache: how a step's key is derived (as BuildKit derives it), the store of earlier
//! results the caller owns, and the explanation of every hit and miss.
//!
//! Key derivation (BuildKit's solver, `solver/llbsolver/ops/{exec,file}.go`):
//! - `FROM`: the base image ID (its config digest).
//! - every filesystem step (RUN, COPY, ADD, WORKDIR): `sha256(parent key, operation)` — the
//!   parent is the previous filesystem step's key (a chain, not a content hash: when one step
//!   misses, every later step of the stage misses too).
//! - the operation of RUN is the command after SHELL wrapping, the environment (image ENV and
//!   the stage's ARG values: changing a build arg used in the stage invalidates later RUNs),
//!   the working directory, the user and the mounts.
//! - the operation of COPY/ADD is the instruction after expansion with its options (`--chown`,
//!   `--chmod`, `--exclude`, `--parents`, destination) plus a content checksum of every source
//!   file: BuildKit's `contenthash` (a tarsum-style header of mode, uid, gid, size, type and
//!   link target, then the bytes; directories as a Merkle tree of their children). The mtime
//!   is never part of it; context files have uid/gid 0.
//! - metadata instructions (ENV, LABEL, CMD, …) are not operations: they have no cache entry,
//!   they only change the config (and, through the environment, the key of later RUNs).
//!
//! The key bytes are a canonical JSON of these fields, not BuildKit's protobuf: the same inputs
//! give the same decision as BuildKit, not the same hex.

use super::context::SourceTree;
use crate::fs::{Layer, Node, NodeKind};
use crate::oci::json::to_canonical_vec;
use crate::oci::Digest;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// What entered a step's key: kept in the cache record so a later miss can say what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Operation {
    /// `exec` (RUN), `file` (COPY, ADD, WORKDIR).
    pub kind: String,
    /// The instruction after expansion (`COPY app.js .`, `RUN /bin/sh -c npm ci`).
    pub text: String,
    /// RUN: the process environment (ENV and ARG values).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// RUN: names in `env` that are build args (for "build-arg X changed").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// RUN: working directory; WORKDIR: the directory.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub workdir: String,
    /// RUN/WORKDIR: the user.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub user: String,
    /// COPY/ADD: content checksum of every source file, by source path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, Digest>,
}

impl Operation {
    /// The cache key of this operation on top of `parent`.
    pub fn key(&self, parent: &Digest) -> Digest {
        #[derive(Serialize)]
        struct Keyed<'a> {
            parent: &'a Digest,
            op: &'a Operation,
        }
        Digest::of(&to_canonical_vec(&Keyed { parent, op: self }))
    }
}

/// The key of a `FROM`: the base image's ID.
pub fn from_key(image_id: &Digest) -> Digest {
    Digest::of(format!("from {image_id}").as_bytes())
}

/// One cached step result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheRecord {
    /// The key.
    pub key: Digest,
    /// The parent key.
    pub parent: Digest,
    /// What entered the key.
    pub op: Operation,
    /// The layer it produced (diff_id; the layer itself is in the cache's layer pool).
    pub diff_id: Digest,
    /// The instruction as written, for "reused …" messages.
    pub instruction: String,
    /// The build (1, 2, …) that created it.
    pub build: u64,
}

/// The cache a caller owns and passes to every build: shared across builds and Dockerfiles,
/// serializable so the CLI can keep it in its state directory.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cache {
    records: BTreeMap<Digest, CacheRecord>,
    #[serde(with = "super::store::layer_pool")]
    layers: BTreeMap<Digest, Arc<Layer>>,
    builds: u64,
    /// `RUN --mount=type=cache` directories by id: kept between builds, never in a layer.
    #[serde(default)]
    pub mounts: BTreeMap<String, Layer>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Starts a build: returns its number (1 for the first build using this cache).
    pub fn begin_build(&mut self) -> u64 {
        self.builds += 1;
        self.builds
    }

    /// The record for `key` and its layer, if cached.
    pub fn lookup(&self, key: &Digest) -> Option<(&CacheRecord, Arc<Layer>)> {
        let record = self.records.get(key)?;
        let layer = self.layers.get(&record.diff_id)?.clone();
        Some((record, layer))
    }

    /// Stores a step result.
    pub fn insert(&mut self, record: CacheRecord, layer: Arc<Layer>) {
        self.layers.insert(record.diff_id, layer);
        self.records.insert(record.key, record);
    }

    /// Forgets everything (`docker builder prune`).
    pub fn clear(&mut self) {
        self.records.clear();
        self.layers.clear();
        self.mounts.clear();
    }

    /// Explains a miss of `op` on `parent`: compares with the closest earlier record.
    /// `parent_missed` is the step (1-based label, instruction) whose miss changed the parent
    /// in this build, if any.
    pub fn explain_miss(
        &self,
        parent: &Digest,
        op: &Operation,
        parent_missed: Option<&(usize, String)>,
    ) -> MissReason {
        let mut same_parent: Vec<&CacheRecord> = self
            .records
            .values()
            .filter(|r| &r.parent == parent && r.op.kind == op.kind)
            .collect();
        crate::sorting::sort_by_key(&mut same_parent, |r| std::cmp::Reverse(r.build));
        if let Some(r) = same_parent.iter().find(|r| r.op.text == op.text) {
            return diff_operations(&r.op, op);
        }
        if let Some(r) = same_parent.first() {
            return MissReason::InstructionChanged {
                before: r.op.text.clone(),
                after: op.text.clone(),
            };
        }
        if let Some((step, instruction)) = parent_missed {
            return MissReason::ParentMissed {
                step: *step,
                instruction: instruction.clone(),
            };
        }
        if self.records.values().any(|r| r.op.text == op.text) {
            return MissReason::ParentChanged;
        }
        MissReason::NotBuiltBefore
    }
}

fn diff_operations(before: &Operation, after: &Operation) -> MissReason {
    let mut files = Vec::new();
    for (path, new) in &after.files {
        match before.files.get(path) {
            Some(old) if old == new => {}
            old => files.push(FileChange {
                path: path.clone(),
                before: old.copied(),
                after: Some(*new),
            }),
        }
    }
    for (path, old) in &before.files {
        if !after.files.contains_key(path) {
            files.push(FileChange {
                path: path.clone(),
                before: Some(*old),
                after: None,
            });
        }
    }
    if !files.is_empty() {
        return MissReason::FilesChanged(files);
    }
    let names: std::collections::BTreeSet<&String> =
        before.env.keys().chain(after.env.keys()).collect();
    for name in names {
        let (b, a) = (before.env.get(name), after.env.get(name));
        if b != a {
            let change = ValueChange {
                name: name.clone(),
                before: b.cloned(),
                after: a.cloned(),
            };
            return if after.args.contains(name) || before.args.contains(name) {
                MissReason::BuildArgChanged(change)
            } else {
                MissReason::EnvChanged(change)
            };
        }
    }
    if before.workdir != after.workdir {
        return MissReason::OptionChanged(format!(
            "working directory changed ({} → {})",
            before.workdir, after.workdir
        ));
    }
    if before.user != after.user {
        return MissReason::OptionChanged(format!(
            "user changed ({} → {})",
            or_root(&before.user),
            or_root(&after.user)
        ));
    }
    MissReason::OptionChanged("options changed".to_string())
}

fn or_root(user: &str) -> &str {
    if user.is_empty() {
        "root"
    } else {
        user
    }
}

/// A file whose checksum differs from the closest earlier build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// The source path.
    pub path: String,
    /// The earlier checksum (None: the file is new).
    pub before: Option<Digest>,
    /// The new checksum (None: the file is gone).
    pub after: Option<Digest>,
}

/// A variable whose value differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueChange {
    /// The variable.
    pub name: String,
    /// The earlier value (None: unset).
    pub before: Option<String>,
    /// The new value (None: unset).
    pub after: Option<String>,
}

/// Why a step was not found in the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum MissReason {
    /// `--no-cache`.
    NoCache,
    /// Nothing like this step was ever built.
    NotBuiltBefore,
    /// An earlier step of this build missed, so this step's parent is new.
    ParentMissed {
        /// The step label number (`3` for `[3/5]`).
        step: usize,
        /// That step's instruction.
        instruction: String,
    },
    /// The same instruction was built before on another parent (another base image or
    /// earlier steps).
    ParentChanged,
    /// The instruction differs from the one built on this parent before.
    InstructionChanged {
        /// The earlier instruction.
        before: String,
        /// This one.
        after: String,
    },
    /// Source files of COPY/ADD changed.
    FilesChanged(Vec<FileChange>),
    /// A build arg used by RUN changed.
    BuildArgChanged(ValueChange),
    /// An environment variable seen by RUN changed.
    EnvChanged(ValueChange),
    /// Another option (user, working directory) changed.
    OptionChanged(String),
}

fn short(d: &Option<Digest>) -> String {
    match d {
        Some(d) => format!("sha256 {}…", &d.hex()[..8]),
        None => "none".to_string(),
    }
}

fn value(v: &Option<String>) -> String {
    match v {
        Some(v) => format!("\"{v}\""),
        None => "unset".to_string(),
    }
}

impl fmt::Display for MissReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MissReason::NoCache => write!(f, "--no-cache: the cache is not used"),
            MissReason::NotBuiltBefore => write!(f, "not built before: no cache entry for this step"),
            MissReason::ParentMissed { step, instruction } => write!(
                f,
                "parent layer changed because step {step} missed ({instruction})"
            ),
            MissReason::ParentChanged => write!(
                f,
                "parent layer changed: this instruction was cached on top of different earlier steps"
            ),
            MissReason::InstructionChanged { before, after } => {
                write!(f, "instruction text changed (`{before}` → `{after}`)")
            }
            MissReason::FilesChanged(all) => {
                // Directory checksums only matter when no file inside changed (a mode change).
                let plain: Vec<&FileChange> = all.iter().filter(|c| !c.path.ends_with('/')).collect();
                let files: Vec<&FileChange> = if plain.is_empty() {
                    all.iter().collect()
                } else {
                    plain
                };
                let shown: Vec<String> = files
                    .iter()
                    .take(5)
                    .map(|c| match (&c.before, &c.after) {
                        (None, _) => format!("file {} added ({})", c.path, short(&c.after)),
                        (_, None) => format!("file {} removed", c.path),
                        _ => format!(
                            "file {} changed ({} → {})",
                            c.path,
                            short(&c.before),
                            short(&c.after)
                        ),
                    })
                    .collect();
                write!(f, "{}", shown.join(", "))?;
                if files.len() > 5 {
                    write!(f, " and {} more", files.len() - 5)?;
                }
                Ok(())
            }
            MissReason::BuildArgChanged(c) => write!(
                f,
                "build-arg {} changed ({} → {})",
                c.name,
                value(&c.before),
                value(&c.after)
            ),
            MissReason::EnvChanged(c) => write!(
                f,
                "environment variable {} changed ({} → {})",
                c.name,
                value(&c.before),
                value(&c.after)
            ),
            MissReason::OptionChanged(m) => write!(f, "{m}"),
        }
    }
}

/// BuildKit's per-file content checksum: a tarsum-style header (mode, uid, gid, size, type,
/// link target; no name, no mtime) followed by the file's bytes.
pub fn node_checksum(node: &Node) -> Digest {
    use sha2::{Digest as _, Sha256};
    let (typeflag, linkname, mode) = match &node.kind {
        NodeKind::File(_) => ('0', String::new(), node.mode),
        NodeKind::Dir => ('5', String::new(), node.mode),
        NodeKind::Symlink(t) => ('2', t.clone(), node.mode | 0o777),
        NodeKind::Hardlink(p) => ('1', p.relative().to_string(), node.mode),
    };
    let header = format!(
        "name{}mode{}uid{}gid{}size{}typeflag{}linkname{}uname{}gname{}devmajor{}devminor{}",
        "",
        mode,
        node.uid,
        node.gid,
        node.size(),
        typeflag,
        linkname,
        "",
        "",
        0,
        0
    );
    let mut h = Sha256::new();
    h.update(header.as_bytes());
    if let NodeKind::File(content) = &node.kind {
        let mut w = HashWrite(&mut h);
        // Writing into a hasher cannot fail.
        let _ = content.write_to(&mut w);
    }
    Digest::from_bytes(h.finalize().into())
}

struct HashWrite<'a>(&'a mut sha2::Sha256);

impl std::io::Write for HashWrite<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest as _;
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The checksum of `path` in `tree` (`""` is the root): a file's [`node_checksum`], or for a
/// directory a Merkle hash over its own header and each child's name and checksum, in byte
/// order of names (BuildKit's `cache/contenthash`).
pub fn tree_checksum(tree: &SourceTree, path: &str) -> Digest {
    use sha2::{Digest as _, Sha256};
    let own = match tree.get(path) {
        Some(node) if !node.is_dir() => return node_checksum(node),
        Some(node) => node_checksum(node),
        None => node_checksum(&Node::dir(0o755)),
    };
    let mut h = Sha256::new();
    h.update(b"\0");
    h.update(own.to_string().as_bytes());
    for child in children(tree, path) {
        let name = child.rsplit('/').next().unwrap_or(child);
        h.update(b"\0");
        h.update(name.as_bytes());
        h.update(tree_checksum(tree, child).to_string().as_bytes());
    }
    Digest::from_bytes(h.finalize().into())
}

/// The direct children of `dir` in `tree` (`""` is the root), in byte order.
pub fn children<'a>(tree: &'a SourceTree, dir: &str) -> Vec<&'a str> {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    tree.range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(k, _)| k.as_str())
        .filter(|k| k.len() > prefix.len() && !k[prefix.len()..].contains('/'))
        .collect()
}

/// Per-file checksums of everything at or below `path` (for explanations), by path.
pub fn file_checksums(tree: &SourceTree, path: &str, out: &mut BTreeMap<String, Digest>) {
    match tree.get(path) {
        Some(node) if !node.is_dir() => {
            out.insert(path.to_string(), node_checksum(node));
        }
        _ => {
            let prefix = if path.is_empty() {
                String::new()
            } else {
                format!("{path}/")
            };
            for (k, node) in tree
                .range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
            {
                if !node.is_dir() {
                    out.insert(k.clone(), node_checksum(node));
                }
            }
            if path.is_empty() || tree.contains_key(path) {
                out.insert(
                    if path.is_empty() { "." } else { path }.to_string() + "/",
                    tree_checksum(tree, path),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_ignores_mtime_but_not_mode_or_content() {
        let a = Node::file(b"hi".to_vec(), 0o644);
        let mut touched = a.clone();
        touched.mtime = 1234;
        assert_eq!(node_checksum(&a), node_checksum(&touched));
        assert_ne!(
            node_checksum(&a),
            node_checksum(&Node::file(b"hi".to_vec(), 0o755))
        );
        assert_ne!(
            node_checksum(&a),
            node_checksum(&Node::file(b"ho".to_vec(), 0o644))
        );
    }

    #[test]
    fn directory_checksum_is_a_merkle_tree() {
        let mut t = SourceTree::new();
        t.insert("src".into(), Node::dir(0o755));
        t.insert("src/a.js".into(), Node::file(b"1".to_vec(), 0o644));
        let before = tree_checksum(&t, "src");
        t.insert("src/b.js".into(), Node::file(b"2".to_vec(), 0o644));
        assert_ne!(before, tree_checksum(&t, "src"));
        assert_eq!(children(&t, ""), ["src"]);
    }

    #[test]
    fn miss_names_the_changed_file() {
        let parent = Digest::of(b"p");
        let mut op = Operation {
            kind: "file".into(),
            text: "COPY app.js .".into(),
            ..Operation::default()
        };
        op.files.insert("app.js".into(), Digest::of(b"1"));
        let mut cache = Cache::new();
        let record = CacheRecord {
            key: op.key(&parent),
            parent,
            op: op.clone(),
            diff_id: Digest::of(b"layer"),
            instruction: "COPY app.js .".into(),
            build: 1,
        };
        cache.insert(record, Arc::new(Layer::new()));
        op.files.insert("app.js".into(), Digest::of(b"2"));
        let reason = cache.explain_miss(&parent, &op, None);
        assert!(reason
            .to_string()
            .starts_with("file app.js changed (sha256 "));
    }
}
