//! The image store: images by ID, tags, and one pool of layers shared by `Arc` between every
//! image (and the cache). The CLI persists it in its state directory; the UI keeps it in memory.

use super::error::{BuildError, BuildErrorKind};
use super::image::layer_blob;
use crate::fs::Layer;
use crate::oci::{self, Digest, ImageConfig};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// An image: its config (whose `rootfs.diff_ids` name its layers) and its layers.
#[derive(Debug, Clone)]
pub struct StoredImage {
    /// The image ID (digest of the config bytes).
    pub id: Digest,
    /// The config.
    pub config: ImageConfig,
    /// The layers, bottom first (the same `Arc`s as in other images using them).
    pub layers: Vec<Arc<Layer>>,
}

/// A size as docker prints it (go-units `HumanSizeWithPrecision(size, 3)`: `5.1MB`, `582B`).
pub fn human_size(size: u64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut value = size as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < units.len() {
        value /= 1000.0;
        unit += 1;
    }
    let digits = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    let mut text = format!("{value:.digits$}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    format!("{text}{}", units[unit])
}

/// One row of `docker image history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryRow {
    /// The instruction (`RUN /bin/sh -c … # buildkit`, `CMD ["node"]`).
    pub created_by: String,
    /// Bytes of its layer (0 for an empty layer).
    pub size: u64,
    /// It made no layer (metadata instructions, steps that changed nothing).
    pub empty_layer: bool,
    /// When (RFC 3339), if recorded.
    pub created: Option<String>,
    /// `buildkit.dockerfile.v0` and the like.
    pub comment: String,
}

impl StoredImage {
    /// The history with each entry's layer size, newest first (as `docker history` lists
    /// it).
    pub fn history_rows(&self) -> Vec<HistoryRow> {
        let mut sizes = self.layers.iter().map(|l| l.size());
        let mut rows: Vec<HistoryRow> = self
            .config
            .history
            .iter()
            .map(|h| HistoryRow {
                created_by: h.created_by.clone().unwrap_or_default().replace('\t', " "),
                size: if h.empty_layer {
                    0
                } else {
                    sizes.next().unwrap_or(0)
                },
                empty_layer: h.empty_layer,
                created: h.created.clone(),
                comment: h.comment.clone().unwrap_or_default(),
            })
            .collect();
        rows.reverse();
        rows
    }

    /// Builds an image value from a config and its layers (the ID is computed).
    pub fn new(config: ImageConfig, layers: Vec<Arc<Layer>>) -> StoredImage {
        StoredImage {
            id: config.id(),
            config,
            layers,
        }
    }

    /// Total bytes of file content in all layers (what `docker image ls` shows as SIZE).
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size()).sum()
    }

    /// The `created_by` of the history entry that made each layer, bottom first (non-empty
    /// entries ↔ layers in order, as docker maps them; empty when history is missing).
    pub fn layer_created_by(&self) -> Vec<String> {
        let mut made_by = self
            .config
            .history
            .iter()
            .filter(|h| !h.empty_layer)
            .map(|h| h.created_by.clone().unwrap_or_default());
        self.layers
            .iter()
            .map(|_| made_by.next().unwrap_or_default())
            .collect()
    }
}

/// Images, tags and layers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImageStore {
    configs: BTreeMap<Digest, ImageConfig>,
    /// Tag (`web-ping:latest`) → image ID.
    tags: BTreeMap<String, Digest>,
    #[serde(with = "layer_pool")]
    layers: BTreeMap<Digest, Arc<Layer>>,
}

/// Normalizes a tag the way `docker images` shows it: `web-ping` → `web-ping:latest`,
/// `docker.io/library/node` → `node:latest`.
pub fn normalize_tag(tag: &str) -> String {
    match oci::layout::parse_ref(tag) {
        Ok(r) => r.familiar(),
        Err(_) => tag.to_string(),
    }
}

impl ImageStore {
    /// An empty store.
    pub fn new() -> ImageStore {
        ImageStore::default()
    }

    /// Adds an image (its layers join the pool) and returns its ID.
    pub fn insert(&mut self, image: &StoredImage) -> Digest {
        for (diff_id, layer) in image.config.rootfs.diff_ids.iter().zip(&image.layers) {
            self.layers.entry(*diff_id).or_insert_with(|| layer.clone());
        }
        self.configs.insert(image.id, image.config.clone());
        image.id
    }

    /// Points `tag` at `id` (moving it from another image, as docker does).
    pub fn tag(&mut self, tag: &str, id: Digest) {
        self.tags.insert(normalize_tag(tag), id);
    }

    /// Finds an image by tag, full ID, or ID prefix (12+ hex digits, with or without
    /// `sha256:`).
    pub fn find(&self, reference: &str) -> Option<StoredImage> {
        let id = self.resolve(reference)?;
        self.get(&id)
    }

    /// The image ID a reference names.
    pub fn resolve(&self, reference: &str) -> Option<Digest> {
        if let Some(id) = self.tags.get(&normalize_tag(reference)) {
            return Some(*id);
        }
        let hex = reference.strip_prefix("sha256:").unwrap_or(reference);
        if hex.len() >= 4 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let found: Vec<&Digest> = self
                .configs
                .keys()
                .filter(|d| d.hex().starts_with(&hex.to_ascii_lowercase()))
                .collect();
            if found.len() == 1 {
                return Some(*found[0]);
            }
        }
        None
    }

    /// The image with this ID.
    pub fn get(&self, id: &Digest) -> Option<StoredImage> {
        let config = self.configs.get(id)?;
        let layers = config
            .rootfs
            .diff_ids
            .iter()
            .map(|d| self.layers.get(d).cloned())
            .collect::<Option<Vec<_>>>()?;
        Some(StoredImage {
            id: *id,
            config: config.clone(),
            layers,
        })
    }

    /// Every image ID.
    pub fn ids(&self) -> impl Iterator<Item = &Digest> {
        self.configs.keys()
    }

    /// Every tag and the image it names.
    pub fn tags(&self) -> impl Iterator<Item = (&String, &Digest)> {
        self.tags.iter()
    }

    /// Tags pointing at `id`.
    pub fn tags_of(&self, id: &Digest) -> Vec<String> {
        self.tags
            .iter()
            .filter(|(_, d)| *d == id)
            .map(|(t, _)| t.clone())
            .collect()
    }

    /// An image as OCI blobs, for export (`save`): uncompressed layer tars, as `docker save`.
    pub fn export_image(&self, id: &Digest) -> Result<oci::Image, BuildError> {
        let image = self
            .get(id)
            .ok_or_else(|| BuildError::new(BuildErrorKind::UnknownImage(id.to_string())))?;
        let layers = image
            .layers
            .iter()
            .map(|l| layer_blob(l, oci::Compression::None))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(oci::Image {
            config: image.config.clone(),
            layers,
            tags: self.tags_of(id),
        })
    }
}

/// Serde for a pool of `Arc<Layer>` by digest (serde's `Arc` support needs a feature we do
/// not enable; layers are written once each).
pub mod layer_pool {
    use super::*;
    use serde::{Deserializer, Serializer};

    /// Writes the pool as a map digest → layer.
    pub fn serialize<S: Serializer>(
        pool: &BTreeMap<Digest, Arc<Layer>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let plain: BTreeMap<&Digest, &Layer> = pool.iter().map(|(d, l)| (d, l.as_ref())).collect();
        plain.serialize(s)
    }

    /// Reads a map digest → layer.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<Digest, Arc<Layer>>, D::Error> {
        let plain: BTreeMap<Digest, Layer> = BTreeMap::deserialize(d)?;
        Ok(plain.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}
