//! Import: an OCI layout tar or a `docker save` tar (gzip or not; layers gzip or not) → images
//! with their config, tags and layers as `ImportedEntry`s, every blob checked against its
//! digest and every layer against its diff_id. See `untar.rs` for the per-entry rules.
//!
//! Format: `manifest.json` at the top level means a `docker save` archive (read like
//! `docker load`: config and layer paths from `manifest.json`, tags from `RepoTags`, also the
//! legacy `<id>/layer.tar` form whose layers may be symlinks to other layers); otherwise
//! `index.json` means an OCI layout (tags from the `org.opencontainers.image.ref.name` or
//! `io.containerd.image.name` annotations; a nested index is followed one level, attestation
//! manifests with platform `unknown/unknown` are skipped).

use super::digest::Digest;
use super::error::{OciError, OciErrorKind};
use super::layout::ArchiveFormat;
use super::spec::{
    Descriptor, DockerManifestItem, ImageConfig, Index, Manifest, ANNOTATION_IMAGE_NAME,
    ANNOTATION_REF_NAME, MEDIA_TYPE_INDEX,
};
use super::untar::{
    is_gzip, maybe_gunzip, normalize_name, read_layer, tar_error, AppliedTree, Budget,
    ImportLimits, ImportedEntry,
};
use std::collections::BTreeMap;
use std::io::Read;

/// The result of an import.
#[derive(Debug, Clone)]
pub struct ImportedArchive {
    /// Which layout the archive had.
    pub format: ArchiveFormat,
    /// The images, in archive order.
    pub images: Vec<ImportedImage>,
    /// Things skipped (device nodes, FIFOs), one line each naming the entry.
    pub warnings: Vec<String>,
}

/// One imported image.
#[derive(Debug, Clone)]
pub struct ImportedImage {
    /// The image ID (digest of the config bytes).
    pub id: Digest,
    /// The parsed config.
    pub config: ImageConfig,
    /// The config bytes exactly as stored.
    pub config_bytes: Vec<u8>,
    /// Tags as found (`alpine:3.20`, or a full reference from an OCI annotation).
    pub tags: Vec<String>,
    /// Layers, bottom first.
    pub layers: Vec<ImportedLayer>,
}

/// One imported layer.
#[derive(Debug, Clone)]
pub struct ImportedLayer {
    /// Digest of the uncompressed tar (checked against the config).
    pub diff_id: Digest,
    /// Digest of the blob as stored.
    pub digest: Digest,
    /// Size of the blob as stored.
    pub size: u64,
    /// Size of the uncompressed tar.
    pub tar_size: u64,
    /// Whether the blob was gzip-compressed.
    pub gzip: bool,
    /// The changes: whiteouts and opaque markers first, then the other entries in tar order.
    pub entries: Vec<ImportedEntry>,
}

/// The files of the outer archive.
struct Outer {
    files: BTreeMap<String, Vec<u8>>,
    symlinks: BTreeMap<String, String>,
}

impl Outer {
    fn read(data: &[u8], budget: &mut Budget) -> Result<Outer, OciError> {
        let max = budget.limits.max_archive_bytes;
        let data = maybe_gunzip(data, max, "archive bytes", "archive")?;
        let mut outer = Outer {
            files: BTreeMap::new(),
            symlinks: BTreeMap::new(),
        };
        let mut archive = tar::Archive::new(&data[..]);
        let entries = archive
            .entries()
            .map_err(|e| OciError::new(OciErrorKind::CorruptTar(e.to_string())))?;
        let mut last = String::from("archive");
        let mut any = false;
        for entry in entries {
            let mut entry = entry.map_err(|e| {
                let at = if any {
                    format!("{last} (next entry)")
                } else {
                    "archive (first header)".to_string()
                };
                tar_error(e, &at)
            })?;
            any = true;
            let raw = entry.path_bytes().into_owned();
            let shown = String::from_utf8_lossy(&raw).into_owned();
            last = shown.clone();
            budget.count_entry(&shown)?;
            let Some(path) = normalize_name(&raw, &shown)? else {
                continue;
            };
            if outer.files.contains_key(&path) || outer.symlinks.contains_key(&path) {
                return Err(OciError::at(OciErrorKind::Duplicate, shown));
            }
            match entry.header().entry_type() {
                tar::EntryType::Regular | tar::EntryType::Continuous => {
                    let declared = entry.size();
                    let mut bytes = Vec::new();
                    entry
                        .read_to_end(&mut bytes)
                        .map_err(|e| tar_error(e, &shown))?;
                    if bytes.len() as u64 != declared {
                        return Err(OciError::at(OciErrorKind::Truncated, shown));
                    }
                    outer.files.insert(path, bytes);
                }
                tar::EntryType::Directory => {}
                tar::EntryType::Symlink | tar::EntryType::Link => {
                    let is_hard = entry.header().entry_type() == tar::EntryType::Link;
                    let target = entry
                        .link_name_bytes()
                        .map(|t| String::from_utf8_lossy(&t).into_owned())
                        .unwrap_or_default();
                    let dir = if is_hard {
                        ""
                    } else {
                        path.rfind('/').map_or("", |i| &path[..i])
                    };
                    let resolved = super::untar::join_inside(dir, &target)
                        .ok_or_else(|| OciError::at(OciErrorKind::LinkEscapes(target), &shown))?;
                    outer.symlinks.insert(path, resolved);
                }
                other => {
                    return Err(OciError::at(
                        OciErrorKind::UnsupportedEntry(format!(
                            "tar type {:?} in an image archive",
                            other.as_byte() as char
                        )),
                        shown,
                    ))
                }
            }
        }
        if !any {
            return Err(OciError::new(OciErrorKind::CorruptTar(
                "no entries (not a tar archive?)".into(),
            )));
        }
        Ok(outer)
    }

    /// The file at `path`, following archive symlinks (at most 8 hops, never outside).
    fn get(&self, path: &str) -> Result<&[u8], OciError> {
        let Some(mut p) = normalize_name(path.as_bytes(), path)? else {
            return Err(OciError::at(OciErrorKind::Missing, path));
        };
        for _ in 0..8 {
            if let Some(bytes) = self.files.get(&p) {
                return Ok(bytes);
            }
            match self.symlinks.get(&p) {
                Some(t) => p = t.clone(),
                None => return Err(OciError::at(OciErrorKind::Missing, path)),
            }
        }
        Err(OciError::at(
            OciErrorKind::LinkEscapes("too many levels of symlinks".into()),
            path,
        ))
    }

    /// A blob by descriptor: present, of the declared size and digest.
    fn blob(&self, d: &Descriptor) -> Result<&[u8], OciError> {
        let path = format!("blobs/sha256/{}", d.digest.hex());
        let bytes = self.get(&path)?;
        if bytes.len() as u64 != d.size {
            return Err(OciError::at(
                OciErrorKind::SizeMismatch {
                    expected: d.size,
                    actual: bytes.len() as u64,
                },
                path,
            ));
        }
        check_digest(bytes, d.digest, &path)?;
        Ok(bytes)
    }
}

fn check_digest(bytes: &[u8], expected: Digest, what: &str) -> Result<(), OciError> {
    let actual = Digest::of(bytes);
    if actual != expected {
        return Err(OciError::at(
            OciErrorKind::DigestMismatch { expected, actual },
            what,
        ));
    }
    Ok(())
}

/// The digest a path names, if it is `blobs/sha256/<hex>` or a legacy `<hex>.json`.
fn digest_in_path(path: &str) -> Option<Digest> {
    let name = path.trim_start_matches("./");
    if let Some(hex) = name.strip_prefix("blobs/sha256/") {
        return Digest::from_hex(hex).ok();
    }
    name.strip_suffix(".json")
        .and_then(|hex| Digest::from_hex(hex).ok())
}

fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, OciError> {
    serde_json::from_slice(bytes)
        .map_err(|e| OciError::at(OciErrorKind::InvalidJson(e.to_string()), what))
}

/// Imports an archive (see the module doc) within `limits`.
pub fn import(data: &[u8], limits: ImportLimits) -> Result<ImportedArchive, OciError> {
    let mut budget = Budget::new(limits);
    let outer = Outer::read(data, &mut budget)?;
    let mut warnings = Vec::new();
    if outer.files.contains_key("manifest.json") {
        let items: Vec<DockerManifestItem> =
            parse_json(outer.get("manifest.json")?, "manifest.json")?;
        let mut images = Vec::new();
        for item in &items {
            let config_bytes = outer.get(&item.config)?;
            if let Some(d) = digest_in_path(&item.config) {
                check_digest(config_bytes, d, &item.config)?;
            }
            let mut blobs = Vec::new();
            for path in &item.layers {
                let bytes = outer.get(path)?;
                if let Some(d) = digest_in_path(path) {
                    check_digest(bytes, d, path)?;
                }
                blobs.push((path.clone(), bytes));
            }
            let tags = item.repo_tags.clone().unwrap_or_default();
            images.push(build_image(
                config_bytes,
                &item.config,
                &blobs,
                tags,
                &mut budget,
                &mut warnings,
            )?);
        }
        return Ok(ImportedArchive {
            format: ArchiveFormat::Docker,
            images,
            warnings,
        });
    }
    if !outer.files.contains_key("index.json") {
        return Err(OciError::new(OciErrorKind::UnknownFormat));
    }
    let layout = outer.get("oci-layout")?;
    let version: serde_json::Value = parse_json(layout, "oci-layout")?;
    if version.get("imageLayoutVersion").is_none() {
        return Err(OciError::at(
            OciErrorKind::InvalidJson("no imageLayoutVersion".into()),
            "oci-layout",
        ));
    }
    let index: Index = parse_json(outer.get("index.json")?, "index.json")?;
    // Manifest digest → tags, in index order.
    let mut order: Vec<Descriptor> = Vec::new();
    let mut tags: BTreeMap<Digest, Vec<String>> = BTreeMap::new();
    collect_manifests(&outer, &index, 0, &mut order, &mut tags)?;
    let mut images = Vec::new();
    for d in &order {
        let what = format!("blobs/sha256/{}", d.digest.hex());
        let manifest: Manifest = parse_json(outer.blob(d)?, &what)?;
        let config_bytes = outer.blob(&manifest.config)?;
        let mut blobs = Vec::new();
        for l in &manifest.layers {
            if l.media_type.contains("zstd") {
                return Err(OciError::at(
                    OciErrorKind::NotSupported("zstd-compressed layers".into()),
                    format!("blobs/sha256/{}", l.digest.hex()),
                ));
            }
            blobs.push((format!("blobs/sha256/{}", l.digest.hex()), outer.blob(l)?));
        }
        let config_path = format!("blobs/sha256/{}", manifest.config.digest.hex());
        let t = tags.remove(&d.digest).unwrap_or_default();
        images.push(build_image(
            config_bytes,
            &config_path,
            &blobs,
            t,
            &mut budget,
            &mut warnings,
        )?);
    }
    Ok(ImportedArchive {
        format: ArchiveFormat::Oci,
        images,
        warnings,
    })
}

fn collect_manifests(
    outer: &Outer,
    index: &Index,
    depth: usize,
    order: &mut Vec<Descriptor>,
    tags: &mut BTreeMap<Digest, Vec<String>>,
) -> Result<(), OciError> {
    for d in &index.manifests {
        if d.media_type == MEDIA_TYPE_INDEX
            || d.media_type == "application/vnd.docker.distribution.manifest.list.v2+json"
        {
            if depth > 0 {
                return Err(OciError::at(
                    OciErrorKind::NotSupported("indexes nested more than one level".into()),
                    format!("blobs/sha256/{}", d.digest.hex()),
                ));
            }
            let what = format!("blobs/sha256/{}", d.digest.hex());
            let nested: Index = parse_json(outer.blob(d)?, &what)?;
            let before = order.len();
            collect_manifests(outer, &nested, depth + 1, order, tags)?;
            // Tags on the index apply to the manifests found inside it.
            let tag = tag_of(d);
            for m in &order[before..] {
                if let Some(t) = &tag {
                    tags.entry(m.digest).or_default().push(t.clone());
                }
            }
            continue;
        }
        if d.platform
            .as_ref()
            .is_some_and(|p| p.os == "unknown" && p.architecture == "unknown")
        {
            continue; // a BuildKit attestation manifest
        }
        if !order.iter().any(|o| o.digest == d.digest) {
            order.push(d.clone());
        }
        if let Some(t) = tag_of(d) {
            let list = tags.entry(d.digest).or_default();
            if !list.contains(&t) {
                list.push(t);
            }
        }
    }
    Ok(())
}

fn tag_of(d: &Descriptor) -> Option<String> {
    d.annotations
        .get(ANNOTATION_IMAGE_NAME)
        .or_else(|| d.annotations.get(ANNOTATION_REF_NAME))
        .cloned()
}

fn build_image(
    config_bytes: &[u8],
    config_path: &str,
    blobs: &[(String, &[u8])],
    tags: Vec<String>,
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<ImportedImage, OciError> {
    let config: ImageConfig = parse_json(config_bytes, config_path)?;
    let diff_ids = &config.rootfs.diff_ids;
    if diff_ids.len() != blobs.len() {
        return Err(OciError::at(
            OciErrorKind::Inconsistent(format!(
                "layers length mismatch: config has {} diff_ids, manifest {} layers",
                diff_ids.len(),
                blobs.len()
            )),
            config_path,
        ));
    }
    let non_empty = config.history.iter().filter(|h| !h.empty_layer).count();
    if !config.history.is_empty() && non_empty != diff_ids.len() {
        warnings.push(format!(
            "{config_path}: history has {non_empty} non-empty entries for {} layers \
             (`docker history` needs them to match)",
            diff_ids.len()
        ));
    }
    let mut tree = AppliedTree::default();
    let mut layers = Vec::new();
    for (i, ((path, blob), expected)) in blobs.iter().zip(diff_ids).enumerate() {
        let remaining = budget
            .limits
            .max_layer_bytes
            .saturating_sub(budget.layer_bytes);
        let tar = maybe_gunzip(blob, remaining, "layer bytes", path).map_err(|mut e| {
            if let OciErrorKind::LimitExceeded { max, .. } = &mut e.kind {
                *max = budget.limits.max_layer_bytes;
            }
            e
        })?;
        budget.layer_bytes += tar.len() as u64;
        check_digest(
            &tar,
            *expected,
            &format!("{path} (diff_id of layer {})", i + 1),
        )?;
        let entries = read_layer(
            &tar,
            &format!("layer {} ({})", i + 1, short_name(path)),
            &mut tree,
            budget,
            warnings,
        )?;
        layers.push(ImportedLayer {
            diff_id: *expected,
            digest: Digest::of(blob),
            size: blob.len() as u64,
            tar_size: tar.len() as u64,
            gzip: is_gzip(blob),
            entries,
        });
    }
    Ok(ImportedImage {
        id: Digest::of(config_bytes),
        config,
        config_bytes: config_bytes.to_vec(),
        tags,
        layers,
    })
}

fn short_name(path: &str) -> String {
    match path.strip_prefix("blobs/sha256/") {
        Some(hex) => hex.chars().take(12).collect(),
        None => path.to_string(),
    }
}
