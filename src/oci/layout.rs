//! Export: images (config + layer blobs + tags) → one tar, either an OCI image layout
//! (`oci-layout`, `index.json`, `blobs/sha256/…`) or a `docker save` archive, byte for byte the
//! same for the same inputs.
//!
//! The docker archive is what `docker save` writes since Docker 25: an OCI layout (blobs named
//! by digest, `index.json` with `io.containerd.image.name` and `org.opencontainers.image.ref.name`
//! annotations, `oci-layout` written as `{"imageLayoutVersion": "1.0.0"}`) plus the legacy
//! `manifest.json` (`[{"Config","RepoTags","Layers"}]`, Go's encoder adds a newline) and
//! `repositories` (`{"name":{"tag":"<top layer diff_id hex>"}}`, only when some image is
//! tagged). `docker load` reads `manifest.json`; blobs may be plain or gzip tars.
//!
//! The outer tar uses the same deterministic writer as layers: entries sorted, mode 0644 for
//! files and 0755 for directories, uid/gid 0, mtime 0.

use super::digest::Digest;
use super::error::{OciError, OciErrorKind};
use super::json::to_canonical_vec;
use super::spec::{
    Descriptor, DockerManifestItem, ImageConfig, Index, Manifest, ANNOTATION_IMAGE_NAME,
    ANNOTATION_REF_NAME, MEDIA_TYPE_CONFIG, MEDIA_TYPE_INDEX, MEDIA_TYPE_MANIFEST,
    OCI_LAYOUT_BYTES,
};
use super::tar::{write_layer_tar, Content, EntryKind, EntryMeta, LayerBlob, LayerEntry};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// An image to export: its config (whose `rootfs.diff_ids` must be the layers' diff_ids), its
/// layer blobs bottom first, and its tags (`name`, `name:tag`, `registry/name:tag`).
#[derive(Debug, Clone)]
pub struct Image {
    /// The image config.
    pub config: ImageConfig,
    /// Layer blobs, bottom first.
    pub layers: Vec<LayerBlob>,
    /// Tags; `alpine` means `alpine:latest`.
    pub tags: Vec<String>,
}

/// The archive formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFormat {
    /// An OCI image layout in a tar (`skopeo … oci-archive:`, `umoci` after extraction).
    Oci,
    /// A `docker save` archive (`docker load`), which is also an OCI layout.
    Docker,
}

/// A tag split into Docker's normalized parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// `docker.io/library/alpine:3.20`.
    pub full: String,
    /// `alpine` (the familiar repository name).
    pub familiar_name: String,
    /// `3.20`.
    pub tag: String,
}

impl ImageRef {
    /// `alpine:3.20`, as `docker images` and `manifest.json`'s `RepoTags` show it.
    pub fn familiar(&self) -> String {
        format!("{}:{}", self.familiar_name, self.tag)
    }
}

/// Normalizes a tag like `distribution/reference.ParseNormalizedNamed` + `TagNameOnly`:
/// a missing tag is `latest`, a name without registry is on `docker.io`, a one-part name on
/// Docker Hub is under `library/`. Digest references (`@sha256:`) are refused.
pub fn parse_ref(text: &str) -> Result<ImageRef, OciError> {
    let bad = || OciError::at(OciErrorKind::InvalidTag, text);
    if text.is_empty() || text.contains('@') || text.contains(char::is_whitespace) {
        return Err(bad());
    }
    let last_slash = text.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match text[last_slash..].find(':') {
        Some(i) => (&text[..last_slash + i], &text[last_slash + i + 1..]),
        None => (text, "latest"),
    };
    let tag_ok = !tag.is_empty()
        && tag.len() <= 128
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        && !tag.starts_with(['.', '-']);
    if !tag_ok || name.is_empty() {
        return Err(bad());
    }
    let (domain, path) = match name.split_once('/') {
        Some((d, rest)) if d.contains(['.', ':']) || d == "localhost" => (d, rest.to_string()),
        _ => ("docker.io", name.to_string()),
    };
    let path_ok = path.split('/').all(|c| {
        !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch))
    });
    if !path_ok {
        return Err(bad());
    }
    let path = if domain == "docker.io" && !path.contains('/') {
        format!("library/{path}")
    } else {
        path
    };
    let familiar_name = if domain == "docker.io" {
        path.strip_prefix("library/").unwrap_or(&path).to_string()
    } else {
        format!("{domain}/{path}")
    };
    Ok(ImageRef {
        full: format!("{domain}/{path}:{tag}"),
        familiar_name,
        tag: tag.to_string(),
    })
}

/// The manifest of an image: its config blob and layer blobs.
pub fn manifest_of(config_bytes: &[u8], layers: &[LayerBlob]) -> Manifest {
    Manifest {
        schema_version: 2,
        media_type: MEDIA_TYPE_MANIFEST.to_string(),
        config: Descriptor {
            media_type: MEDIA_TYPE_CONFIG.to_string(),
            digest: Digest::of(config_bytes),
            size: config_bytes.len() as u64,
            annotations: BTreeMap::new(),
            platform: None,
        },
        layers: layers
            .iter()
            .map(|l| Descriptor {
                media_type: l.media_type.to_string(),
                digest: l.digest,
                size: l.size,
                annotations: BTreeMap::new(),
                platform: None,
            })
            .collect(),
        annotations: BTreeMap::new(),
    }
}

/// Writes the images as one archive. Blobs shared between images are written once.
pub fn export(images: &[Image], format: ArchiveFormat) -> Result<Vec<u8>, OciError> {
    let mut blobs: BTreeMap<Digest, Cow<'_, [u8]>> = BTreeMap::new();
    let mut index = Index {
        schema_version: 2,
        media_type: MEDIA_TYPE_INDEX.to_string(),
        manifests: Vec::new(),
        annotations: BTreeMap::new(),
    };
    let mut docker_manifest: Vec<DockerManifestItem> = Vec::new();
    let mut repositories: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();

    for image in images {
        check_consistent(image)?;
        let config_bytes = image.config.to_bytes();
        let manifest = manifest_of(&config_bytes, &image.layers);
        let manifest_bytes = manifest.to_bytes();
        let manifest_digest = Digest::of(&manifest_bytes);
        let refs = image
            .tags
            .iter()
            .map(|t| parse_ref(t))
            .collect::<Result<Vec<_>, _>>()?;
        let descriptor = |annotations| Descriptor {
            media_type: MEDIA_TYPE_MANIFEST.to_string(),
            digest: manifest_digest,
            size: manifest_bytes.len() as u64,
            annotations,
            platform: Some(image.config.platform()),
        };
        if refs.is_empty() {
            index.manifests.push(descriptor(BTreeMap::new()));
        }
        for r in &refs {
            let mut annotations = BTreeMap::new();
            annotations.insert(ANNOTATION_IMAGE_NAME.to_string(), r.full.clone());
            annotations.insert(ANNOTATION_REF_NAME.to_string(), r.tag.clone());
            index.manifests.push(descriptor(annotations));
            if let Some(top) = image.config.rootfs.diff_ids.last() {
                repositories
                    .entry(r.familiar_name.clone())
                    .or_default()
                    .insert(r.tag.clone(), top.hex());
            }
        }
        docker_manifest.push(DockerManifestItem {
            config: blob_path(&Digest::of(&config_bytes)),
            repo_tags: if refs.is_empty() {
                None
            } else {
                Some(refs.iter().map(ImageRef::familiar).collect())
            },
            layers: image.layers.iter().map(|l| blob_path(&l.digest)).collect(),
        });
        blobs.insert(Digest::of(&config_bytes), Cow::Owned(config_bytes));
        blobs.insert(manifest_digest, Cow::Owned(manifest_bytes));
        for layer in &image.layers {
            blobs.insert(layer.digest, Cow::Borrowed(&layer.bytes));
        }
    }

    let dir = |path: &str| LayerEntry {
        path: path.to_string(),
        meta: EntryMeta {
            mode: 0o755,
            ..EntryMeta::default()
        },
        kind: EntryKind::Dir,
    };
    let mut entries = vec![dir("blobs"), dir("blobs/sha256")];
    entries.push(file("oci-layout".into(), Cow::Borrowed(OCI_LAYOUT_BYTES)));
    entries.push(file("index.json".into(), Cow::Owned(index.to_bytes())));
    if format == ArchiveFormat::Docker {
        let mut m = to_canonical_vec(&docker_manifest);
        m.push(b'\n');
        entries.push(file("manifest.json".into(), Cow::Owned(m)));
        if !repositories.is_empty() {
            let mut r = to_canonical_vec(&repositories);
            r.push(b'\n');
            entries.push(file("repositories".into(), Cow::Owned(r)));
        }
    }
    for (digest, bytes) in blobs {
        entries.push(file(blob_path(&digest), bytes));
    }
    let (_, _, out) = write_layer_tar(entries, Vec::new())?;
    Ok(out)
}

fn file(path: String, bytes: Cow<'_, [u8]>) -> LayerEntry<'_> {
    LayerEntry {
        path,
        meta: EntryMeta {
            mode: 0o644,
            ..EntryMeta::default()
        },
        kind: EntryKind::File(Content::Bytes(bytes)),
    }
}

/// `blobs/sha256/<hex>`.
pub fn blob_path(digest: &Digest) -> String {
    format!("blobs/sha256/{}", digest.hex())
}

fn check_consistent(image: &Image) -> Result<(), OciError> {
    let diff_ids = &image.config.rootfs.diff_ids;
    if diff_ids.len() != image.layers.len() {
        return Err(OciError::at(
            OciErrorKind::Inconsistent(format!(
                "config lists {} diff_ids but the image has {} layers",
                diff_ids.len(),
                image.layers.len()
            )),
            "rootfs.diff_ids",
        ));
    }
    for (i, (d, l)) in diff_ids.iter().zip(&image.layers).enumerate() {
        if *d != l.diff_id {
            return Err(OciError::at(
                OciErrorKind::DigestMismatch {
                    expected: *d,
                    actual: l.diff_id,
                },
                format!("rootfs.diff_ids[{i}]"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn refs_normalize_like_docker() {
        let cases = [
            ("alpine", "docker.io/library/alpine:latest", "alpine:latest"),
            ("user/app:1.0", "docker.io/user/app:1.0", "user/app:1.0"),
            (
                "localhost:5000/x/y:dev",
                "localhost:5000/x/y:dev",
                "localhost:5000/x/y:dev",
            ),
            ("ghcr.io/o/r", "ghcr.io/o/r:latest", "ghcr.io/o/r:latest"),
        ];
        for (input, full, familiar) in cases {
            let r = parse_ref(input).unwrap();
            assert_eq!(r.full, full, "{input}");
            assert_eq!(r.familiar(), familiar, "{input}");
        }
        for bad in ["", "Upper", "a b", "x:", "x@sha256:00", "x:-bad", "a//b"] {
            assert!(parse_ref(bad).is_err(), "{bad}");
        }
    }
}
