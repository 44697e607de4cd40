//! `RUN --mount=…` as BuildKit parses and mounts it: `type=cache` (a directory kept between
//! builds in the [`Cache`](super::cache::Cache), never in a layer), `type=bind` (files of the
//! context, a stage or an image, visible only during the step), `type=tmpfs` (an empty
//! directory), `type=secret` and `type=ssh` (the playground has none: optional ones are
//! simply absent, required ones fail). Whatever a mount shows at its target is put back to
//! the step's own changes after the process ends, and mount points that did not exist
//! before are removed again when empty, as BuildKit's `MountStubsCleaner` does.

use super::context::SourceTree;
use super::error::{BuildError, BuildErrorKind};
use crate::fs::{Change, FsPath, Layer, Node, NodeKind, Rootfs};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Mount points created for a step, removed again afterwards when they are still empty
/// (BuildKit's `MountStubsCleaner`).
pub type Stubs = Vec<FsPath>;

/// What is mounted.
#[derive(Debug, Clone)]
pub enum MountKind {
    /// `type=cache`: the cache directory called `id` (default: the target).
    Cache {
        /// The cache's id.
        id: String,
        /// Owner and mode of the directory.
        uid: u32,
        /// Group.
        gid: u32,
        /// Permission bits.
        mode: u32,
    },
    /// `type=bind`: `source` of a file tree.
    Bind {
        /// The tree (context, stage or image).
        tree: Arc<SourceTree>,
        /// The path in it (`""`: all of it).
        source: String,
    },
    /// `type=tmpfs`.
    Tmpfs,
    /// `type=secret` / `type=ssh`: nothing to mount offline.
    Absent,
}

/// One parsed mount.
#[derive(Debug, Clone)]
pub struct Mount {
    /// What.
    pub kind: MountKind,
    /// Where.
    pub target: FsPath,
}

fn invalid(msg: String) -> BuildError {
    BuildError::new(BuildErrorKind::InvalidArgument(msg))
}

/// The fields of one `--mount` value (`type=cache,target=/root/.npm`).
pub fn fields(spec: &str) -> Result<BTreeMap<String, String>, BuildError> {
    let mut out = BTreeMap::new();
    for field in spec.split(',').filter(|f| !f.is_empty()) {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), v.to_string()),
            None => (field.to_ascii_lowercase(), "true".to_string()),
        };
        let key = match key.as_str() {
            "dst" | "destination" => "target".to_string(),
            "src" => "source".to_string(),
            "ro" => "readonly".to_string(),
            "rw" => "readwrite".to_string(),
            _ => key,
        };
        const KNOWN: &[&str] = &[
            "type",
            "target",
            "source",
            "from",
            "readonly",
            "readwrite",
            "id",
            "sharing",
            "mode",
            "uid",
            "gid",
            "required",
            "size",
            "env",
        ];
        if !KNOWN.contains(&key.as_str()) {
            return Err(invalid(format!("unexpected key '{key}' in '{field}'")));
        }
        out.insert(key, value);
    }
    Ok(out)
}

/// Gives the files a bind mount's `from` names (`None`: the build context).
pub type TreeOf<'a> = dyn FnMut(Option<&str>) -> Result<Arc<SourceTree>, BuildError> + 'a;

/// Parses a mount; `tree_of(from)` gives the files a bind mount's `from` names.
pub fn parse(spec: &str, workdir: &FsPath, tree_of: &mut TreeOf<'_>) -> Result<Mount, BuildError> {
    let f = fields(spec)?;
    let kind = f.get("type").map(String::as_str).unwrap_or("bind");
    let target = match (f.get("target"), kind) {
        (Some(t), _) => workdir.join(t),
        (None, "secret") => {
            FsPath::new("/run/secrets").join(f.get("id").map_or("", String::as_str))
        }
        (None, "ssh") => FsPath::new("/run/buildkit/ssh_agent.0"),
        (None, _) => {
            return Err(invalid(format!(
                "mount type {kind}: target is required (--mount={spec})"
            )))
        }
    };
    let number = |key: &str, default: u32, radix: u32| -> Result<u32, BuildError> {
        match f.get(key) {
            None => Ok(default),
            Some(v) => u32::from_str_radix(v, radix)
                .map_err(|_| invalid(format!("invalid value for {key}: {v}"))),
        }
    };
    let kind = match kind {
        "cache" => MountKind::Cache {
            id: f
                .get("id")
                .cloned()
                .unwrap_or_else(|| target.as_str().to_string()),
            uid: number("uid", 0, 10)?,
            gid: number("gid", 0, 10)?,
            mode: number("mode", 0o755, 8)?,
        },
        "bind" => MountKind::Bind {
            tree: tree_of(f.get("from").map(String::as_str))?,
            source: f
                .get("source")
                .map(|s| FsPath::new(s).relative().to_string())
                .unwrap_or_default(),
        },
        "tmpfs" => MountKind::Tmpfs,
        "secret" | "ssh" => {
            if f.get("required").is_some_and(|v| v == "true") {
                let id = f.get("id").cloned().unwrap_or_else(|| "default".into());
                return Err(BuildError::new(BuildErrorKind::Unsupported(format!(
                    "{kind} {id}: the playground has no {kind}s to mount (required={})",
                    f["required"]
                ))));
            }
            MountKind::Absent
        }
        other => return Err(invalid(format!("unsupported mount type \"{other}\""))),
    };
    Ok(Mount { kind, target })
}

/// Mounts: shows each mount's contents at its target. Returns the upper layer as it was and
/// the mount points it creates, to put back with [`unmount`].
pub fn mount(
    mounts: &[Mount],
    rootfs: &mut Rootfs,
    caches: &BTreeMap<String, Layer>,
) -> Result<(Layer, Stubs), BuildError> {
    let saved = rootfs.upper().clone();
    let mut stubs = Vec::new();
    for m in mounts {
        let mut p = m.target.clone();
        while !p.is_root() && rootfs.lstat(&p).is_err() {
            stubs.push(p.clone());
            p = p.parent();
        }
    }
    let err = |e: crate::fs::FsError| BuildError::new(BuildErrorKind::Fs(e.to_string()));
    for m in mounts {
        if rootfs.exists(&m.target) && !m.target.is_root() {
            rootfs.remove(&m.target, true).map_err(err)?;
        }
        match &m.kind {
            MountKind::Absent => continue,
            MountKind::Tmpfs => rootfs.mkdir_all(&m.target, 0o1777).map_err(err)?,
            MountKind::Cache { id, uid, gid, mode } => {
                rootfs
                    .place(&m.target, Node::dir(*mode).owned(*uid, *gid))
                    .map_err(err)?;
                if let Some(content) = caches.get(id) {
                    for (rel, change) in content.changes() {
                        if let Change::Put(node) = change {
                            rootfs
                                .place(&m.target.join(rel.relative()), node.clone())
                                .map_err(err)?;
                        }
                    }
                }
            }
            MountKind::Bind { tree, source } => {
                let prefix = format!("{source}/");
                let mut any = false;
                for (path, node) in tree.iter() {
                    let rel = if path == source {
                        ""
                    } else if source.is_empty() {
                        path.as_str()
                    } else if let Some(r) = path.strip_prefix(&prefix) {
                        r
                    } else {
                        continue;
                    };
                    any = true;
                    let dest = if rel.is_empty() {
                        m.target.clone()
                    } else {
                        m.target.join(rel)
                    };
                    rootfs.place(&dest, node.clone()).map_err(err)?;
                }
                if !any && !source.is_empty() {
                    return Err(BuildError::new(BuildErrorKind::SourceNotFound(
                        source.clone(),
                    )));
                }
                if source.is_empty() {
                    rootfs.mkdir_all(&m.target, 0o755).map_err(err)?;
                }
            }
        }
    }
    Ok((saved, stubs))
}

/// Unmounts: keeps what the process left in each cache mount, then puts every target back
/// to the step's own changes (the target directory stays, as BuildKit creates it).
pub fn unmount(
    mounts: &[Mount],
    rootfs: &mut Rootfs,
    (saved, stubs): &(Layer, Stubs),
    caches: &mut BTreeMap<String, Layer>,
) -> Result<(), BuildError> {
    for m in mounts.iter().rev() {
        if let MountKind::Cache { id, .. } = &m.kind {
            let base = m.target.as_str().len();
            let content =
                Layer::from_changes(rootfs.walk(&m.target).into_iter().filter_map(|(p, n, _)| {
                    let rel = FsPath::new(&p.as_str()[base..]);
                    (!matches!(n.kind, NodeKind::Hardlink(_))).then_some((rel, Change::Put(n)))
                }));
            caches.insert(id.clone(), content);
        }
    }
    for m in mounts.iter().rev() {
        rootfs.restore_subtree(&m.target, saved);
    }
    // Deepest first: a stub goes when nothing was left in it.
    let mut stubs = stubs.clone();
    crate::sorting::sort_by_key(&mut stubs, |p| std::cmp::Reverse(p.depth()));
    for stub in stubs {
        let empty = match rootfs.lstat(&stub) {
            Ok(n) if n.is_dir() => rootfs
                .read_dir(&stub)
                .map(|d| d.is_empty())
                .unwrap_or(false),
            Ok(n) => n.size() == 0,
            Err(_) => false,
        };
        if empty {
            rootfs.restore_subtree(&stub, saved);
        }
    }
    Ok(())
}
