//! Building for the UI: [`Builder`] keeps the image store and the build cache between builds,
//! the way a Docker engine does, and turns build events into a [`BuildView`] (the log, with
//! CACHED marks and the reason for every miss) and image exports. A build runs step by step
//! in [`super::stepping`].

use serde::Serialize;

/// How a build step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    /// Reused from the cache.
    Cached,
    /// Ran (cache miss).
    Done,
    /// The build failed here.
    Failed,
    /// Started but the build ended before it finished.
    Running,
}

/// One step of a build as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepView {
    /// BuildKit's progress name, e.g. `[2/3] WORKDIR /web-ping`.
    pub name: String,
    /// How it ended.
    pub status: StepStatus,
    /// Why it missed the cache, or which entry it reused.
    pub reason: Option<String>,
    /// Output lines.
    pub logs: Vec<String>,
    /// The Dockerfile line of the instruction.
    pub line: Option<u32>,
    /// For steps that made a layer: its short diff_id and size in bytes.
    pub layer: Option<(String, u64)>,
    /// Whether BuildKit lists the step in its progress (FROM, RUN, COPY, ADD, WORKDIR); the
    /// others (ENV, CMD, ARG …) only change the image config.
    pub vertex: bool,
}

/// A finished build as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct BuildView {
    /// `[internal] load build context` summary.
    pub context: Option<String>,
    /// The steps in order.
    pub steps: Vec<StepView>,
    /// The image ID when the build succeeded.
    pub image_id: Option<String>,
    /// The error (message, hint, line) when it failed.
    pub error: Option<(String, Option<String>, Option<u32>)>,
    /// The image's history, newest first (`docker image history`), when it succeeded.
    pub history: Vec<crate::build::store::HistoryRow>,
    /// The image's size in bytes (what `docker image ls` shows), when it succeeded.
    pub size: u64,
}

/// The largest image the browser exports: a tar is built in memory, and wasm memory is
/// limited (the CLI's `layercake save` has no such limit).
pub const MAX_DOWNLOAD_BYTES: u64 = 512 << 20;

/// Builds workspaces, keeping the image store and the build cache between builds, the way a
/// Docker engine keeps them.
#[derive(Default)]
pub struct Builder {
    pub(super) store: crate::build::ImageStore,
    pub(super) cache: crate::build::Cache,
    /// Containers created so far (`container.rs`), for their IDs.
    pub(super) containers: u64,
    /// The last successful build, for the layer stack and the explorer.
    pub(super) last: Option<super::layers::LastBuild>,
}

impl Builder {
    /// A builder with an empty store and cache.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Builds a Dockerfile with its context files (text) and `options`, and tags the result
    /// `tag`: runs a [`BuildJob`](super::BuildJob) to the end (the UI steps one itself, between
    /// frames).
    pub fn build(
        &mut self,
        dockerfile: &str,
        files: &std::collections::BTreeMap<String, String>,
        tag: &str,
        options: &super::BuildOptions,
    ) -> BuildView {
        let request = super::BuildRequest::new(dockerfile, files, tag).with_options(options);
        let mut job = self.start(request);
        while job.step(self).is_some() {}
        job.into_view()
    }

    /// `docker save TAG`: a docker-archive tar of a built image (what `docker load` reads).
    pub fn save(&self, tag: &str) -> Result<Vec<u8>, String> {
        self.export_tar(tag, crate::oci::ArchiveFormat::Docker)
    }

    /// A built image as an archive of `format`, tagged `tag`; refused over
    /// [`MAX_DOWNLOAD_BYTES`].
    pub(super) fn export_tar(
        &self,
        tag: &str,
        format: crate::oci::ArchiveFormat,
    ) -> Result<Vec<u8>, String> {
        let id = self
            .store
            .resolve(tag)
            .ok_or_else(|| format!("no image {tag}: build first"))?;
        let size = self.store.get(&id).map_or(0, |i| i.size());
        if size > MAX_DOWNLOAD_BYTES {
            return Err(format!(
                "the image is {} MB: too large to assemble in the browser; save it with the CLI (`layercake save`)",
                size / 1_000_000
            ));
        }
        let mut image = self.store.export_image(&id).map_err(|e| e.to_string())?;
        image.tags = vec![crate::build::store::normalize_tag(tag)];
        crate::oci::export(std::slice::from_ref(&image), format).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod build_tests {
    use super::*;
    use crate::examples;

    fn files(e: &examples::Example) -> std::collections::BTreeMap<String, String> {
        e.files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn rebuilding_after_an_app_edit_reuses_the_steps_before_copy() {
        let e = examples::find("web-ping").expect("example");
        let mut b = Builder::new();
        let first = b.build(e.dockerfile, &files(e), "web-ping", &Default::default());
        assert!(first.image_id.is_some(), "{first:?}");
        let again = b.build(e.dockerfile, &files(e), "web-ping", &Default::default());
        assert!(
            again
                .steps
                .iter()
                .filter(|s| s.layer.is_some() || s.name.contains("COPY"))
                .all(|s| s.status == StepStatus::Cached),
            "{again:?}"
        );
        assert!(first
            .history
            .iter()
            .any(|h| h.created_by == "COPY app.js . # buildkit"));
        let tar = b.save("web-ping").expect("saves");
        let archive =
            crate::oci::import(&tar, crate::oci::ImportLimits::default()).expect("imports");
        assert_eq!(archive.images.len(), 1);
        let mut edited = files(e);
        edited.insert("app.js".into(), "console.log('changed')\n".into());
        let third = b.build(e.dockerfile, &edited, "web-ping", &Default::default());
        let copy = third
            .steps
            .iter()
            .find(|s| s.name.contains("COPY"))
            .expect("COPY step");
        assert_eq!(copy.status, StepStatus::Done);
        assert!(
            copy.reason
                .as_deref()
                .is_some_and(|r| r.contains("file app.js changed")),
            "{copy:?}"
        );
        let workdir = third
            .steps
            .iter()
            .find(|s| s.name.contains("WORKDIR"))
            .expect("WORKDIR step");
        assert_eq!(workdir.status, StepStatus::Cached);
    }
}
