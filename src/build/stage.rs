//! The state of one stage while it is built: its config and layers so far, its filesystem,
//! its cache chain, and its ARG scope.

use super::cache::from_key;
use super::store::StoredImage;
use crate::fs::{FsPath, Layer, Rootfs};
use crate::oci::{Digest, ImageConfig};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One stage being built.
#[derive(Debug, Clone)]
pub struct StageState {
    /// Index among the Dockerfile's stages.
    pub index: usize,
    /// Progress prefix name (may be empty).
    pub display: String,
    /// The config so far (history and diff_ids included).
    pub config: ImageConfig,
    /// The layers so far, bottom first.
    pub layers: Vec<Arc<Layer>>,
    rootfs: Option<Rootfs>,
    /// The cache key of the last filesystem step (or of FROM).
    pub key: Digest,
    /// The first step of this stage that missed the cache (label number, instruction).
    pub first_miss: Option<(usize, String)>,
    /// ARGs declared in the stage, in declaration order, with their values (None: declared
    /// without a value and none given).
    pub args: Vec<(String, Option<String>)>,
    /// Whether the stage set CMD (ENTRYPOINT resets an inherited CMD only).
    pub cmd_set: bool,
    /// Progress vertices started so far.
    pub vertex_index: usize,
    /// Progress vertices in total.
    pub vertex_total: usize,
    /// ONBUILD triggers of the base image still to run.
    pub triggers: Vec<String>,
}

impl StageState {
    /// A stage starting from `base` (its config and layers are inherited).
    pub fn new(index: usize, display: &str, base: &StoredImage, vertex_total: usize) -> StageState {
        StageState {
            index,
            display: display.to_string(),
            config: base.config.clone(),
            layers: base.layers.clone(),
            rootfs: None,
            key: from_key(&base.id),
            first_miss: None,
            args: Vec::new(),
            cmd_set: false,
            vertex_index: 0,
            vertex_total,
            triggers: Vec::new(),
        }
    }

    /// The stage's filesystem (rebuilt from the layers when cached steps added some).
    pub fn rootfs(&mut self) -> &mut Rootfs {
        let layers = &self.layers;
        self.rootfs
            .get_or_insert_with(|| Rootfs::new(layers.clone()))
    }

    /// Adds a layer that came from the cache (the filesystem is rebuilt when next needed).
    /// An empty layer is not added: BuildKit's exporter drops layers that change nothing
    /// and marks their history entry `empty_layer`.
    pub fn push_cached_layer(&mut self, layer: Arc<Layer>, diff_id: Digest) {
        if layer.is_empty() {
            return;
        }
        self.layers.push(layer);
        self.config.rootfs.diff_ids.push(diff_id);
        self.rootfs = None;
    }

    /// Commits the upper layer of the filesystem as a new layer (none if it is empty, as
    /// [`push_cached_layer`](Self::push_cached_layer)).
    pub fn commit(&mut self, diff_id: Digest) -> Arc<Layer> {
        let layer = self.rootfs().commit();
        if !layer.is_empty() {
            self.layers.push(layer.clone());
            self.config.rootfs.diff_ids.push(diff_id);
        }
        layer
    }

    /// The stage's ARG values (declared, with a value).
    pub fn arg_values(&self) -> BTreeMap<String, String> {
        self.args
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.clone(), v.clone())))
            .collect()
    }

    /// The environment words expand against: the stage's ARGs, overridden by ENV.
    pub fn expansion_env(&self) -> BTreeMap<String, String> {
        let mut env = self.arg_values();
        for entry in &self.config.config.env {
            if let Some((k, v)) = entry.split_once('=') {
                env.insert(k.to_string(), v.to_string());
            }
        }
        env
    }

    /// The working directory (`/` when unset).
    pub fn workdir(&self) -> FsPath {
        if self.config.config.working_dir.is_empty() {
            FsPath::root()
        } else {
            FsPath::new(&self.config.config.working_dir)
        }
    }

    /// A snapshot of the stage as an image.
    pub fn image(&self) -> StoredImage {
        StoredImage::new(self.config.clone(), self.layers.clone())
    }
}
