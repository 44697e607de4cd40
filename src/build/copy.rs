//! COPY and ADD: sources from the build context, another stage or an image (globs as Go's
//! `path.Match`, directory contents, `--exclude`, `--parents`), the destination rules
//! (trailing slash, existing directory, relative to WORKDIR), `--chown`/`--chmod`, heredoc
//! sources, ADD's local tar auto-extraction, and ADD of a URL failing as offline.

use super::cache::{file_checksums, Operation};
use super::context::SourceTree;
use super::error::{BuildError, BuildErrorKind};
use super::stage::StageState;
use super::step::{expand, fs_err, lookup_owner, CopyWork, Outcome, StepEnv, Work};
use crate::dockerfile::instruction::CopySpec;
use crate::fs::{FsPath, Node, NodeKind, Rootfs};
use crate::oci;
use std::collections::BTreeMap;
use std::sync::Arc;

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Go's `path.Match` for one path component.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    fn m(p: &[char], n: &[char]) -> bool {
        if p.is_empty() {
            return n.is_empty();
        }
        match p[0] {
            '*' => {
                let stop = n.iter().position(|c| *c == '/').unwrap_or(n.len());
                (0..=stop).any(|i| m(&p[1..], &n[i..]))
            }
            '?' => !n.is_empty() && m(&p[1..], &n[1..]),
            '[' => {
                if n.is_empty() {
                    return false;
                }
                let mut i = 1;
                let negate = i < p.len() && (p[i] == '^' || p[i] == '!');
                if negate {
                    i += 1;
                }
                let mut hit = false;
                let mut first = true;
                while i < p.len() && (first || p[i] != ']') {
                    first = false;
                    let mut lo = p[i];
                    if lo == '\\' && i + 1 < p.len() {
                        i += 1;
                        lo = p[i];
                    }
                    let mut hi = lo;
                    if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
                        hi = p[i + 2];
                        i += 2;
                    }
                    if lo <= n[0] && n[0] <= hi {
                        hit = true;
                    }
                    i += 1;
                }
                if i >= p.len() {
                    return false;
                }
                hit != negate && m(&p[i + 1..], &n[1..])
            }
            '\\' if p.len() > 1 => !n.is_empty() && p[1] == n[0] && m(&p[2..], &n[1..]),
            c => !n.is_empty() && c == n[0] && m(&p[1..], &n[1..]),
        }
    }
    m(&p, &n)
}

/// Paths of `tree` matching a `/`-separated glob, component by component.
fn glob(tree: &SourceTree, pattern: &str) -> Vec<String> {
    let mut current = vec![String::new()];
    for part in pattern.split('/') {
        let mut next = Vec::new();
        for dir in &current {
            for child in super::cache::children(tree, dir) {
                let name = child.rsplit('/').next().unwrap_or(child);
                if glob_match(part, name) {
                    next.push(child.to_string());
                }
            }
        }
        current = next;
    }
    current
}

/// Cleans a source path relative to the source root: `./a/../b` → `b`, `.` → `` (root).
/// `None` when it leaves the root.
fn clean_source(src: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in src.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn is_url(src: &str) -> bool {
    src.starts_with("http://")
        || src.starts_with("https://")
        || src.starts_with("git@")
        || src.starts_with("git://")
}

/// `COPY`/`ADD`: sources from the context (or `--from` a stage or image), checksummed for the
/// cache key; the destination relative to WORKDIR.
pub fn run_copy(
    env: &StepEnv<'_>,
    stage: &mut StageState,
    spec: &CopySpec,
    is_add: bool,
) -> Result<Outcome, BuildError> {
    let keyword = if is_add { "ADD" } else { "COPY" };
    let mut sources = Vec::new();
    for s in &spec.sources {
        sources.push(expand(env, stage, s)?);
    }
    let dest_text = expand(env, stage, &spec.dest)?;
    if is_add {
        if let Some(url) = sources.iter().find(|s| is_url(s)) {
            return Err(BuildError::new(BuildErrorKind::Offline(url.clone())));
        }
    }
    let (tree, from_context) = source_tree(env, stage, spec.from.as_deref())?;
    // BuildKit checks the destination rule before looking at any source.
    if sources.len() + spec.heredocs.len() > 1 && !dest_text.ends_with('/') {
        return Err(BuildError::new(BuildErrorKind::InvalidArgument(format!(
            "When using {keyword} with more than one source file, the destination must be a directory and end with a /"
        ))));
    }
    // Resolve sources.
    let mut matched: Vec<String> = Vec::new();
    let mut files: BTreeMap<String, oci::Digest> = BTreeMap::new();
    let mut wildcard = false;
    for src in &sources {
        let clean = match clean_source(src.trim_start_matches('/')) {
            Some(c) => c,
            None if from_context => {
                return Err(BuildError::new(BuildErrorKind::OutsideContext(src.clone())))
            }
            None => String::new(),
        };
        let found = if has_wildcard(&clean) {
            wildcard = true;
            glob(&tree, &clean)
        } else if clean.is_empty() || tree.contains_key(&clean) {
            vec![clean.clone()]
        } else {
            Vec::new()
        };
        if found.is_empty() {
            return Err(BuildError::new(BuildErrorKind::SourceNotFound(format!(
                "/{clean}"
            ))));
        }
        for f in found {
            file_checksums(&tree, &f, &mut files);
            matched.push(f);
        }
    }
    // Heredoc sources become files of their own tree.
    let mut tree = tree;
    for doc in &spec.heredocs {
        let content = if doc.expand {
            expand(env, stage, &doc.content)?
        } else {
            doc.content.clone()
        };
        let t = Arc::make_mut(&mut tree);
        t.insert(doc.name.clone(), Node::file(content.into_bytes(), 0o644));
        file_checksums(t, &doc.name, &mut files);
        matched.push(doc.name.clone());
    }
    let many = matched.len() > 1 || (wildcard && sources.len() > 1);
    if many && !dest_text.ends_with('/') {
        return Err(BuildError::new(BuildErrorKind::InvalidArgument(format!(
            "When using {keyword} with more than one source file, the destination must be a directory and end with a /"
        ))));
    }
    let dest_is_dir = dest_text.ends_with('/') || dest_text == "." || dest_text.ends_with("/.");
    let dest = stage.workdir().join(&dest_text);
    let owner = match &spec.chown {
        None => None,
        Some(c) => {
            let c = expand(env, stage, c)?;
            Some(lookup_owner(stage.rootfs(), &c)?)
        }
    };
    let chmod = match &spec.chmod {
        None => None,
        Some(m) => {
            let m = expand(env, stage, m)?;
            Some(
                u32::from_str_radix(&m, 8)
                    .ok()
                    .filter(|v| *v <= 0o7777)
                    .ok_or_else(|| {
                        BuildError::new(BuildErrorKind::InvalidArgument(format!(
                            "invalid chmod parameter: {m}"
                        )))
                    })?,
            )
        }
    };
    let exclude = if spec.exclude.is_empty() {
        None
    } else {
        Some(
            crate::dockerignore::Matcher::new(&spec.exclude)
                .map_err(|e| BuildError::new(BuildErrorKind::InvalidArgument(e.to_string())))?,
        )
    };
    let mut items = Vec::new();
    for m in &matched {
        let target = if spec.parents && !m.is_empty() {
            dest.join(m)
        } else {
            dest.clone()
        };
        items.push((m.clone(), target));
    }
    // History and key text: flags BuildKit shows, in its order.
    let mut flags = Vec::new();
    if spec.parents {
        flags.push("--parents".to_string());
    }
    if let Some(c) = &spec.chown {
        flags.push(format!("--chown={}", expand(env, stage, c)?));
    }
    if let Some(c) = &spec.chmod {
        flags.push(format!("--chmod={}", expand(env, stage, c)?));
    }
    let mut words: Vec<String> = flags;
    for doc in &spec.heredocs {
        words.push(format!("<<{}", doc.name));
    }
    words.extend(sources.iter().cloned());
    words.push(dest_text.clone());
    let shown = format!("{keyword} {}", words.join(" "));
    let mut key_text = shown.clone();
    if let Some(f) = &spec.from {
        key_text.push_str(&format!(" (from {f})"));
    }
    for e in &spec.exclude {
        key_text.push_str(&format!(" --exclude={e}"));
    }
    Ok(Outcome::Fs {
        op: Operation {
            kind: "file".into(),
            text: key_text,
            workdir: dest.as_str().to_string(),
            files,
            ..Operation::default()
        },
        created_by: format!("{shown} # buildkit"),
        work: Box::new(Work::Copy(CopyWork {
            items,
            tree,
            owner,
            chmod,
            exclude,
            unpack: is_add,
            dest_is_dir: dest_is_dir || many,
            mtime: env.epoch,
        })),
    })
}

/// A filesystem as a source tree (relative paths, directories included).
pub fn rootfs_tree(rootfs: &Rootfs) -> SourceTree {
    rootfs
        .walk(&FsPath::root())
        .into_iter()
        .map(|(p, n, _)| (p.relative().to_string(), n))
        .collect()
}

fn prepare(node: &Node, copy: &CopyWork, from_context: bool) -> Node {
    let mut n = node.clone();
    if let Some((u, g)) = copy.owner {
        n.uid = u;
        n.gid = g;
    }
    if let Some(m) = copy.chmod {
        n.mode = m;
    }
    if from_context || n.mtime == 0 {
        n.mtime = copy.mtime;
    }
    n
}

pub(super) fn execute_copy(copy: &CopyWork, rootfs: &mut Rootfs) -> Result<(), BuildError> {
    rootfs.set_mtime(copy.mtime);
    let owner = copy.owner.unwrap_or((0, 0));
    rootfs.set_owner(owner.0, owner.1);
    for (src, dest) in &copy.items {
        let node = match copy.tree.get(src) {
            Some(n) => n.clone(),
            None => Node::dir(0o755),
        };
        if node.is_dir() || src.is_empty() {
            // Directory: its contents go into dest.
            ensure_dir(rootfs, dest)?;
            let prefix = if src.is_empty() {
                String::new()
            } else {
                format!("{src}/")
            };
            for (path, child) in copy.tree.range(prefix.clone()..) {
                if !path.starts_with(&prefix) {
                    break;
                }
                let rel = &path[prefix.len()..];
                if rel.is_empty() {
                    continue;
                }
                if let Some(ex) = &copy.exclude {
                    if ex.matches(rel) {
                        continue;
                    }
                }
                let target = dest.join(rel);
                let prepared = prepare(child, copy, true);
                rootfs.place(&target, prepared).map_err(fs_err)?;
            }
            continue;
        }
        if let Some(ex) = &copy.exclude {
            if ex.matches(src) {
                continue;
            }
        }
        let name = src.rsplit('/').next().unwrap_or(src);
        let into_dir = copy.dest_is_dir || rootfs.is_dir(dest);
        if copy.unpack {
            if let NodeKind::File(content) = &node.kind {
                let bytes = content.to_vec();
                if let Some(entries) = read_archive(&bytes)? {
                    ensure_dir(rootfs, dest)?;
                    for (path, n) in entries {
                        rootfs.place(&dest.join(&path), n).map_err(fs_err)?;
                    }
                    continue;
                }
            }
        }
        let target = if into_dir {
            dest.join(name)
        } else {
            dest.clone()
        };
        if into_dir {
            ensure_dir(rootfs, dest)?;
        } else {
            ensure_dir(rootfs, &target.parent())?;
        }
        rootfs
            .place(&target, prepare(&node, copy, true))
            .map_err(fs_err)?;
    }
    Ok(())
}

fn ensure_dir(rootfs: &mut Rootfs, dir: &FsPath) -> Result<(), BuildError> {
    rootfs.mkdir_all(dir, 0o755).map_err(fs_err)
}

/// Reads a local tar archive (plain or gzip) for ADD's auto-extraction; `None` when the bytes
/// are not an archive.
pub fn read_archive(bytes: &[u8]) -> Result<Option<Vec<(String, Node)>>, BuildError> {
    use std::io::Read;
    let data: Vec<u8> = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let mut d = flate2::read::GzDecoder::new(bytes);
        if d.read_to_end(&mut out).is_err() {
            return Ok(None);
        }
        out
    } else {
        bytes.to_vec()
    };
    if data.len() < 512 || &data[257..262] != b"ustar" {
        return Ok(None);
    }
    let mut archive = tar::Archive::new(&data[..]);
    let bad = |e: std::io::Error| {
        BuildError::new(BuildErrorKind::Fs(format!("invalid tar archive: {e}")))
    };
    let mut out = Vec::new();
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        let path = entry.path().map_err(bad)?.to_string_lossy().into_owned();
        let Some(path) = clean_source(&path) else {
            continue;
        };
        if path.is_empty() {
            continue;
        }
        let h = entry.header().clone();
        let mode = h.mode().unwrap_or(0o644) & 0o7777;
        let kind = h.entry_type();
        let mut node = if kind.is_dir() {
            Node::dir(mode)
        } else if kind.is_symlink() {
            let target = entry
                .link_name()
                .map_err(bad)?
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            Node::symlink(&target)
        } else if kind.is_file() {
            let mut buf = Vec::new();
            entry.read_to_end(&mut buf).map_err(bad)?;
            Node::file(buf, mode)
        } else {
            continue;
        };
        node.uid = h.uid().unwrap_or(0) as u32;
        node.gid = h.gid().unwrap_or(0) as u32;
        node.mtime = h.mtime().unwrap_or(0) as i64;
        out.push((path, node));
    }
    Ok(Some(out))
}

/// The files a `--from` names (a stage or an image), or the build context; and whether it
/// is the context.
pub(super) fn source_tree(
    env: &StepEnv<'_>,
    stage: &StageState,
    from: Option<&str>,
) -> Result<(Arc<SourceTree>, bool), BuildError> {
    let Some(name) = from else {
        return Ok((Arc::new(env.context.clone()), true));
    };
    let name = env
        .lexer
        .expand_word(name, env.global_args)
        .map_err(|e| BuildError::new(BuildErrorKind::Expansion(e.to_string())))?;
    let lower = name.to_ascii_lowercase();
    let index = env
        .stage_names
        .iter()
        .position(|n| n.as_deref() == Some(lower.as_str()))
        .or_else(|| {
            name.parse::<usize>()
                .ok()
                .filter(|i| *i < env.stage_names.len())
        });
    let rootfs = match index {
        Some(i) if i < stage.index => match env.stages.get(&i) {
            Some(s) => Rootfs::new(s.layers.clone()),
            None => {
                return Err(BuildError::new(BuildErrorKind::Fs(format!(
                    "stage {name} was not built"
                ))))
            }
        },
        Some(_) => {
            return Err(BuildError::new(BuildErrorKind::InvalidArgument(format!(
                "circular dependency detected on stage: {name}"
            ))))
        }
        None => Rootfs::new((env.images)(&name)?.layers),
    };
    Ok((Arc::new(rootfs_tree(&rootfs)), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_go() {
        assert!(glob_match("package*.json", "package.json"));
        assert!(glob_match("package*.json", "package-lock.json"));
        assert!(!glob_match("*.json", "a/b.json"));
        assert!(glob_match("[a-c]?", "b1"));
        assert!(!glob_match("[^a-c]", "b"));
    }

    #[test]
    fn sources_outside_the_root_are_refused() {
        assert_eq!(clean_source("../x"), None);
        assert_eq!(clean_source("./a/../b").as_deref(), Some("b"));
        assert_eq!(clean_source(".").as_deref(), Some(""));
    }
}
