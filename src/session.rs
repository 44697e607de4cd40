//! The UI facade: plain data in the UI's vocabulary (lines, columns, text offsets), computed
//! by the core. The browser UI calls only this module, so UI code never handles core types.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile;
use serde::Serialize;

/// A problem to show under the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `true` for errors, `false` for warnings.
    pub is_error: bool,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Start of the span in UTF-16 code units (what a textarea's selection uses).
    pub start_utf16: u32,
    /// End of the span in UTF-16 code units.
    pub end_utf16: u32,
    /// The message.
    pub message: String,
    /// How to fix it, if known.
    pub hint: Option<String>,
    /// BuildKit's rule name, for warnings.
    pub code: Option<String>,
    /// The whole diagnostic rendered like a compiler does (for copying).
    pub rendered: String,
}

/// The problems of a Dockerfile text, in source order.
pub fn problems(text: &str) -> Vec<Problem> {
    dockerfile::diagnostics(text)
        .iter()
        .map(|d| problem(text, d))
        .collect()
}

fn problem(text: &str, d: &Diagnostic) -> Problem {
    Problem {
        is_error: d.severity == Severity::Error,
        line: d.span.start.line,
        column: d.span.start.column,
        start_utf16: utf16_offset(text, d.span.start.offset),
        end_utf16: utf16_offset(text, d.span.end.offset),
        message: d.message.clone(),
        hint: d.hint.clone(),
        code: d.code.clone(),
        rendered: d.render("Dockerfile", text),
    }
}

/// The UTF-16 offset of byte `offset` (clamped, moved back to a character boundary).
pub fn utf16_offset(text: &str, offset: usize) -> u32 {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[..offset].encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_point_at_textarea_offsets() {
        let text = "FROM é\nCOPPY a b\n";
        let p = problems(text);
        assert_eq!(p.len(), 1);
        assert!(p[0].is_error);
        assert_eq!((p[0].line, p[0].column), (2, 1));
        assert_eq!((p[0].start_utf16, p[0].end_utf16), (7, 12));
        assert_eq!(p[0].hint.as_deref(), Some("did you mean COPY?"));
    }

    #[test]
    fn a_clean_file_has_no_problems() {
        assert!(problems("FROM alpine\nCMD [\"sh\"]\n").is_empty());
    }
}

/// One file of the build context as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextEntry {
    /// Path relative to the context.
    pub path: String,
    /// Size in bytes.
    pub size: usize,
    /// Whether `.dockerignore` keeps it out of the build context.
    pub ignored: bool,
}

/// The context files with their `.dockerignore` status, and the ignore file's error if it has
/// one (then nothing is marked ignored: BuildKit would fail the build).
pub fn context_entries(
    files: &std::collections::BTreeMap<String, String>,
) -> (Vec<ContextEntry>, Option<String>) {
    use crate::dockerignore::{parse_ignore_file, Matcher};
    let patterns = files
        .get(".dockerignore")
        .map(|t| parse_ignore_file(t))
        .unwrap_or_default();
    let (matcher, error) = match Matcher::new(&patterns) {
        Ok(m) => (Some(m), None),
        Err(e) => (None, Some(format!(".dockerignore: {e}"))),
    };
    let entries = files
        .iter()
        .map(|(path, text)| ContextEntry {
            path: path.clone(),
            size: text.len(),
            ignored: matcher.as_ref().is_some_and(|m| m.matches(path)),
        })
        .collect();
    (entries, error)
}

/// A context path as typed by a user, cleaned (`./a//b` → `a/b`); `None` when it is empty or
/// leaves the context (`../x`).
pub fn clean_context_path(path: &str) -> Option<String> {
    let cleaned = crate::dockerignore::clean(path.trim().trim_start_matches('/'));
    if cleaned == "." || cleaned.starts_with("..") || cleaned.is_empty() {
        None
    } else {
        Some(cleaned)
    }
}

#[cfg(test)]
mod context_tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn dockerignore_marks_files() {
        let files: BTreeMap<String, String> =
            [(".dockerignore", "*.md\n"), ("a.md", "x"), ("b.js", "y")]
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
        let (entries, err) = context_entries(&files);
        assert_eq!(err, None);
        let ignored: Vec<&str> = entries
            .iter()
            .filter(|e| e.ignored)
            .map(|e| e.path.as_str())
            .collect();
        assert_eq!(ignored, ["a.md"]);
    }

    #[test]
    fn context_paths_stay_inside() {
        assert_eq!(
            clean_context_path("./src//app.js").as_deref(),
            Some("src/app.js")
        );
        assert_eq!(clean_context_path("../etc/passwd"), None);
        assert_eq!(clean_context_path("  "), None);
    }
}

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
    store: crate::build::ImageStore,
    cache: crate::build::Cache,
}

impl Builder {
    /// A builder with an empty store and cache.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Builds a Dockerfile with its context files (text) and tags the result `tag`.
    pub fn build(
        &mut self,
        dockerfile: &str,
        files: &std::collections::BTreeMap<String, String>,
        tag: &str,
    ) -> BuildView {
        use crate::build::{Build, BuildInputs, ContextFile, Event};
        let context = files
            .iter()
            .map(|(p, t)| (p.clone(), ContextFile::new(t.as_bytes().to_vec())))
            .collect();
        let build = Build::new(BuildInputs::new(dockerfile, context), &self.store);
        let (events, result) = build.run(&mut self.cache);
        let mut view = BuildView::default();
        let mut index: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for event in events {
            match event {
                Event::ContextLoaded {
                    files,
                    bytes,
                    excluded,
                    ..
                } => {
                    view.context = Some(format!(
                        "load build context: {files} file{}, {bytes} B{}",
                        if files == 1 { "" } else { "s" },
                        if excluded.is_empty() {
                            String::new()
                        } else {
                            format!(" ({} excluded by .dockerignore)", excluded.len())
                        }
                    ));
                }
                Event::StepStarted {
                    step, name, span, ..
                } => {
                    index.insert(step, view.steps.len());
                    view.steps.push(StepView {
                        name,
                        status: StepStatus::Running,
                        reason: None,
                        logs: Vec::new(),
                        line: span.map(|s| s.start.line),
                        layer: None,
                    });
                }
                Event::CacheHit { step, reused, .. } => {
                    if let Some(s) = index.get(&step).and_then(|i| view.steps.get_mut(*i)) {
                        s.reason = Some(format!("reused the cache entry of `{reused}`"));
                    }
                }
                Event::CacheMiss { step, reason, .. } => {
                    if let Some(s) = index.get(&step).and_then(|i| view.steps.get_mut(*i)) {
                        s.reason = Some(reason.to_string());
                    }
                }
                Event::Log { step, line } => match step
                    .and_then(|st| index.get(&st))
                    .and_then(|i| view.steps.get_mut(*i))
                {
                    Some(s) => s.logs.push(line),
                    None => view
                        .steps
                        .iter_mut()
                        .last()
                        .into_iter()
                        .for_each(|s| s.logs.push(line.clone())),
                },
                Event::LayerCommitted {
                    step,
                    diff_id,
                    size,
                    ..
                } => {
                    if let Some(s) = index.get(&step).and_then(|i| view.steps.get_mut(*i)) {
                        s.layer = Some((diff_id.short().to_string(), size));
                    }
                }
                Event::StepDone { step, cached } => {
                    if let Some(s) = index.get(&step).and_then(|i| view.steps.get_mut(*i)) {
                        s.status = if cached {
                            StepStatus::Cached
                        } else {
                            StepStatus::Done
                        };
                    }
                }
                Event::Failed { error } => {
                    if let Some(s) = view
                        .steps
                        .iter_mut()
                        .rev()
                        .find(|s| s.status == StepStatus::Running)
                    {
                        s.status = StepStatus::Failed;
                    }
                    let line = error.span.map(|s| s.start.line);
                    view.error = Some((error.to_string(), error.hint(), line));
                }
                Event::Finished { image_id, .. } => view.image_id = Some(image_id.to_string()),
                Event::FsEvents { .. } => {}
            }
        }
        if let Ok(image) = result {
            view.history = image.history_rows();
            view.size = image.size();
            self.store.insert(&image);
            self.store.tag(tag, image.id);
        }
        view
    }

    /// `docker save TAG`: a docker-archive tar of a built image (what `docker load` reads).
    pub fn save(&self, tag: &str) -> Result<Vec<u8>, String> {
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
        crate::oci::export(
            std::slice::from_ref(&image),
            crate::oci::ArchiveFormat::Docker,
        )
        .map_err(|e| e.to_string())
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
        let first = b.build(e.dockerfile, &files(e), "web-ping");
        assert!(first.image_id.is_some(), "{first:?}");
        let again = b.build(e.dockerfile, &files(e), "web-ping");
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
        let third = b.build(e.dockerfile, &edited, "web-ping");
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
