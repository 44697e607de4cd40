//! The layer stack of the last built image, for the UI: one row per history entry (empty
//! layers included), each with its layer's diff_id and size, the cache hit or miss of the
//! step that made it in this build (with the miss reason), whether the layer is new or reused
//! compared to the previous build of the same tag, and which other stored images share it.
//!
//! History entries map to layers as docker does: the non-empty entries, in order, are the
//! image's layers bottom first. The steps of the final stage map to the last history entries
//! (every instruction but `FROM` and `ONBUILD` writes exactly one entry).

use super::builder::{BuildView, Builder, StepStatus, StepView};
use crate::build::store::StoredImage;
use crate::oci::Digest;
use serde::Serialize;

/// What [`Builder`] keeps of its last successful build.
#[derive(Debug, Clone)]
pub struct LastBuild {
    /// The tag it was built as.
    pub tag: String,
    /// The image ID.
    pub image: Digest,
    /// The image the tag named before this build, if any.
    pub previous: Option<Digest>,
    /// The steps of the final stage that wrote a history entry, in order.
    pub steps: Vec<StepView>,
}

impl LastBuild {
    /// Records a successful build of `image` as `tag` from its log `view`; `previous` is what
    /// the tag named before.
    pub fn new(
        tag: &str,
        image: &StoredImage,
        previous: Option<Digest>,
        view: &BuildView,
    ) -> LastBuild {
        let start = view
            .steps
            .iter()
            .rposition(|s| is_from(&s.name))
            .map_or(0, |i| i + 1);
        let steps = view.steps[start..]
            .iter()
            .filter(|s| !instruction(&s.name).eq_ignore_ascii_case("ONBUILD"))
            .cloned()
            .collect();
        LastBuild {
            tag: tag.to_string(),
            image: image.id,
            previous,
            steps,
        }
    }
}

/// The instruction keyword of a progress name (`[2/3] WORKDIR /x` → `WORKDIR`).
fn instruction(name: &str) -> &str {
    let rest = match name.strip_prefix('[') {
        Some(r) => r.split_once("] ").map_or(r, |(_, after)| after),
        None => name,
    };
    rest.split_whitespace().next().unwrap_or("")
}

fn is_from(name: &str) -> bool {
    instruction(name).eq_ignore_ascii_case("FROM")
}

/// The cache outcome of the step that made a row, in this build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CacheMark {
    /// Reused from the build cache (`CACHED`), else built.
    pub hit: bool,
    /// Why it missed, or which entry it reused.
    pub reason: Option<String>,
}

/// Whether a layer is new compared to the previous build of the same tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LayerChange {
    /// The previous image had the same layers up to and including this one.
    Reused,
    /// This layer, or one below it, differs from the previous image.
    Changed,
}

/// One row of the layer stack: one history entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerRow {
    /// The instruction (`created_by`, as `docker history --no-trunc` shows it).
    pub created_by: String,
    /// The entry made no layer.
    pub empty: bool,
    /// Bytes of the layer (0 for an empty entry).
    pub size: u64,
    /// The layer's index, bottom first (`None` for an empty entry).
    pub layer: Option<usize>,
    /// The layer's diff_id (`sha256:…`).
    pub diff_id: Option<String>,
    /// Its first 12 hex digits.
    pub short: Option<String>,
    /// The step's progress name, when the row came from a step of this build.
    pub step: Option<String>,
    /// The step's cache outcome, for filesystem steps of this build.
    pub cache: Option<CacheMark>,
    /// Changed or reused against the previous build of the tag (layers only, and only after
    /// a rebuild).
    pub change: Option<LayerChange>,
    /// Other stored images with this layer: tags, or short IDs of untagged images.
    pub shared_with: Vec<String>,
    /// The row comes from the base image (it precedes the final stage's steps).
    pub from_base: bool,
}

/// The layer stack of the last built image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerStack {
    /// The tag built.
    pub tag: String,
    /// The image ID.
    pub image_id: String,
    /// Rows newest first, as `docker history` lists them.
    pub rows: Vec<LayerRow>,
    /// The largest layer's size (for proportional bars).
    pub max_size: u64,
    /// Total bytes of the layers.
    pub total_size: u64,
    /// Whether a previous build of the tag exists to compare with.
    pub rebuilt: bool,
}

impl Builder {
    /// The layer stack of the last successful build, if any.
    pub fn layer_stack(&self) -> Option<LayerStack> {
        let last = self.last.as_ref()?;
        let image = self.store.get(&last.image)?;
        let previous = last.previous.and_then(|id| self.store.get(&id));
        let ids = &image.config.rootfs.diff_ids;
        let history = &image.config.history;
        let first_step = history.len().saturating_sub(last.steps.len());
        let mut layer = 0;
        let mut rows = Vec::with_capacity(history.len());
        for (i, h) in history.iter().enumerate() {
            let step = (i >= first_step)
                .then(|| last.steps.get(i - first_step))
                .flatten();
            let cache = step.filter(|s| s.layer.is_some()).map(|s| CacheMark {
                hit: s.status == StepStatus::Cached,
                reason: s.reason.clone(),
            });
            let mut row = LayerRow {
                created_by: h.created_by.clone().unwrap_or_default(),
                empty: h.empty_layer,
                size: 0,
                layer: None,
                diff_id: None,
                short: None,
                step: step.map(|s| s.name.clone()),
                cache,
                change: None,
                shared_with: Vec::new(),
                from_base: i < first_step,
            };
            if !h.empty_layer {
                if let (Some(d), Some(l)) = (ids.get(layer), image.layers.get(layer)) {
                    row.size = l.size();
                    row.layer = Some(layer);
                    row.diff_id = Some(d.to_string());
                    row.short = Some(d.short());
                    row.change = previous.as_ref().map(|p| {
                        let prev = &p.config.rootfs.diff_ids;
                        if prev.len() > layer && prev[..=layer] == ids[..=layer] {
                            LayerChange::Reused
                        } else {
                            LayerChange::Changed
                        }
                    });
                    row.shared_with = self.sharing(d, &image.id);
                }
                layer += 1;
            }
            rows.push(row);
        }
        rows.reverse();
        Some(LayerStack {
            tag: crate::build::store::normalize_tag(&last.tag),
            image_id: image.id.to_string(),
            max_size: rows.iter().map(|r| r.size).max().unwrap_or(0),
            total_size: image.size(),
            rows,
            rebuilt: previous.is_some(),
        })
    }

    /// Other stored images holding the layer `diff_id`: tagged ones by tag first, then
    /// untagged ones by short ID.
    fn sharing(&self, diff_id: &Digest, except: &Digest) -> Vec<String> {
        let mut tagged = Vec::new();
        let mut untagged = Vec::new();
        for id in self.store.ids().filter(|id| *id != except) {
            let Some(other) = self.store.get(id) else {
                continue;
            };
            if !other.config.rootfs.diff_ids.contains(diff_id) {
                continue;
            }
            let tags = self.store.tags_of(id);
            if tags.is_empty() {
                untagged.push(format!("{} (untagged)", id.short()));
            } else {
                tagged.extend(tags);
            }
        }
        tagged.extend(untagged);
        tagged
    }
}

#[cfg(test)]
mod layer_tests {
    use super::*;
    use std::collections::BTreeMap;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    const DOCKERFILE: &str = "FROM alpine:3.20\nENV A=1\nWORKDIR /app\nCOPY a.txt .\nRUN echo hi > /app/b.txt\nCMD [\"sh\"]\n";

    fn row<'a>(stack: &'a LayerStack, created_by: &str) -> &'a LayerRow {
        stack
            .rows
            .iter()
            .find(|r| r.created_by.starts_with(created_by))
            .unwrap_or_else(|| panic!("no row {created_by}: {stack:#?}"))
    }

    #[test]
    fn rows_follow_history_with_cache_marks_and_empty_entries() {
        let mut b = Builder::new();
        assert!(b.layer_stack().is_none());
        let view = b.build(
            DOCKERFILE,
            &files(&[("a.txt", "a\n")]),
            "t",
            &Default::default(),
        );
        assert!(view.image_id.is_some(), "{view:?}");
        let stack = b.layer_stack().expect("stack");
        assert_eq!(stack.tag, "t:latest");
        assert_eq!(stack.rows.len(), view.history.len());
        assert!(!stack.rebuilt);
        assert_eq!(stack.rows[0].created_by, "CMD [\"sh\"]");
        assert!(stack.rows[0].empty && stack.rows[0].diff_id.is_none());
        assert!(
            stack.rows[0].cache.is_none(),
            "metadata steps have no cache mark"
        );
        let env = row(&stack, "ENV A=1");
        assert!(env.empty && !env.from_base);
        let copy = row(&stack, "COPY a.txt .");
        assert_eq!(copy.size, 2);
        let cache = copy.cache.as_ref().expect("cache mark");
        assert!(!cache.hit);
        assert_eq!(copy.step.as_deref(), Some("[3/4] COPY a.txt ."));
        let diff = copy.diff_id.as_deref().expect("diff_id");
        assert!(diff.starts_with("sha256:") && diff.len() == 71);
        assert_eq!(copy.short.as_deref(), Some(&diff[7..19]));
        assert!(copy.change.is_none(), "no previous build");
        let base = stack.rows.last().expect("base row");
        assert!(base.from_base && base.cache.is_none() && base.layer == Some(0));
        let layers: Vec<usize> = stack.rows.iter().rev().filter_map(|r| r.layer).collect();
        assert_eq!(layers, (0..layers.len()).collect::<Vec<_>>());
        assert_eq!(
            stack.max_size,
            stack.rows.iter().map(|r| r.size).max().expect("rows")
        );
    }

    #[test]
    fn a_rebuild_after_an_edit_marks_copy_onward_changed() {
        let mut b = Builder::new();
        b.build(
            DOCKERFILE,
            &files(&[("a.txt", "a\n")]),
            "t",
            &Default::default(),
        );
        b.build(
            DOCKERFILE,
            &files(&[("a.txt", "a\n")]),
            "t",
            &Default::default(),
        );
        let same = b.layer_stack().expect("stack");
        assert!(same.rebuilt);
        assert!(same
            .rows
            .iter()
            .filter(|r| r.layer.is_some())
            .all(|r| r.change == Some(LayerChange::Reused)));
        assert!(row(&same, "COPY").cache.as_ref().is_some_and(|c| c.hit));

        b.build(
            DOCKERFILE,
            &files(&[("a.txt", "edited\n")]),
            "t",
            &Default::default(),
        );
        let stack = b.layer_stack().expect("stack");
        let copy = row(&stack, "COPY a.txt .");
        assert_eq!(copy.change, Some(LayerChange::Changed));
        let cache = copy.cache.as_ref().expect("cache");
        assert!(!cache.hit);
        assert!(cache.reason.as_deref().is_some_and(|r| r.contains("a.txt")));
        let run = row(&stack, "RUN");
        assert_eq!(
            run.change,
            Some(LayerChange::Changed),
            "above a changed layer"
        );
        assert_eq!(row(&stack, "WORKDIR").change, Some(LayerChange::Reused));
        assert!(row(&stack, "WORKDIR").cache.as_ref().is_some_and(|c| c.hit));
        assert_eq!(
            stack.rows.last().expect("base row").change,
            Some(LayerChange::Reused)
        );
        // The previous build (now untagged) shares the base and WORKDIR layers only.
        assert!(row(&stack, "WORKDIR")
            .shared_with
            .iter()
            .any(|s| s.ends_with("(untagged)")));
        assert!(copy.shared_with.is_empty());
    }

    #[test]
    fn layers_shared_between_tags_are_named() {
        let mut b = Builder::new();
        b.build(
            DOCKERFILE,
            &files(&[("a.txt", "a\n")]),
            "one",
            &Default::default(),
        );
        b.build(
            "FROM alpine:3.20\nENV A=1\nWORKDIR /app\nCOPY a.txt .\nCMD [\"true\"]\n",
            &files(&[("a.txt", "a\n")]),
            "two",
            &Default::default(),
        );
        let stack = b.layer_stack().expect("stack");
        assert_eq!(stack.tag, "two:latest");
        assert_eq!(row(&stack, "COPY").shared_with, ["one:latest"]);
        assert_eq!(
            stack.rows.last().expect("base row").shared_with,
            ["one:latest"]
        );
        assert!(stack.rows[0].shared_with.is_empty(), "CMD is empty");
    }

    #[test]
    fn progress_names_give_their_instruction() {
        assert_eq!(instruction("[2/3] WORKDIR /x"), "WORKDIR");
        assert_eq!(instruction("[build 1/4] FROM docker.io/x"), "FROM");
        assert!(is_from("from build AS final"));
        assert_eq!(instruction("CMD [\"x\"]"), "CMD");
    }
}
