//! Builds step by step, so a caller can yield between steps and show progress: a
//! [`BuildJob`] runs one build step per [`BuildJob::step`] and turns its events into the
//! [`BuildView`] the log shows. [`Builder::build`] runs a job to the end; the browser runs one
//! step per event-loop turn. Either way the view is assembled here, the same way.

use super::{BuildView, Builder, StepStatus, StepView};
use crate::build::{Build, BuildInputs, ContextFile, Event};
use std::collections::BTreeMap;

/// What to build: the Dockerfile, the context files (text) and the tag of the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildRequest {
    /// The Dockerfile.
    pub dockerfile: String,
    /// Context files: path → text.
    pub files: BTreeMap<String, String>,
    /// The tag the image gets, e.g. `playground:latest`.
    pub tag: String,
    /// `--build-arg`, `--target`, `--no-cache`.
    pub options: super::BuildOptions,
}

impl BuildRequest {
    /// A request with default build options.
    pub fn new(dockerfile: &str, files: &BTreeMap<String, String>, tag: &str) -> BuildRequest {
        BuildRequest {
            dockerfile: dockerfile.to_string(),
            files: files.clone(),
            tag: tag.to_string(),
            options: super::BuildOptions::default(),
        }
    }

    /// The same request with build options.
    pub fn with_options(mut self, options: &super::BuildOptions) -> BuildRequest {
        self.options = options.clone();
        self
    }

    fn inputs(&self) -> BuildInputs {
        let context = self
            .files
            .iter()
            .map(|(p, t)| (p.clone(), ContextFile::new(t.as_bytes().to_vec())))
            .collect();
        let mut inputs = BuildInputs::new(&self.dockerfile, context);
        self.options.apply(&mut inputs);
        inputs
    }
}

/// A running build, as shown between two steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildProgress {
    /// The log so far; its last step is the one about to run, marked `Running`.
    pub view: BuildView,
    /// Steps started (the running one included).
    pub started: usize,
    /// Steps planned (0 until the Dockerfile is parsed).
    pub total: usize,
}

/// A build in progress: call [`BuildJob::step`] until it returns `None`, then take the
/// result with [`BuildJob::into_view`].
pub struct BuildJob {
    build: Build,
    tag: String,
    view: BuildView,
    /// Step index of the build → index in `view.steps`.
    index: BTreeMap<usize, usize>,
}

impl Builder {
    /// Starts a build of `request` (nothing runs until the first [`BuildJob::step`]).
    pub fn start(&self, request: BuildRequest) -> BuildJob {
        BuildJob {
            build: Build::new(request.inputs(), &self.store),
            tag: request.tag,
            view: BuildView::default(),
            index: BTreeMap::new(),
        }
    }
}

impl BuildJob {
    /// Runs one step. While the build goes on, returns the log so far with the next step
    /// shown as running; once it is over, stores and tags the image in `builder` (on
    /// success) and returns `None`.
    pub fn step(&mut self, builder: &mut Builder) -> Option<BuildProgress> {
        let events = self.build.step(&mut builder.cache)?;
        for event in events {
            self.apply(event);
        }
        if self.build.is_done() {
            if let Some(Ok(image)) = self.build.result() {
                self.view.history = image.history_rows();
                self.view.size = image.size();
                builder.store.insert(image);
                let previous = builder.store.resolve(&self.tag);
                builder.last = Some(super::layers::LastBuild::new(
                    &self.tag, image, previous, &self.view,
                ));
                builder.store.tag(&self.tag, image.id);
            }
            return None;
        }
        let progress = self.build.progress();
        let mut view = self.view.clone();
        let mut started = progress.started;
        if let Some(name) = progress.next {
            started += 1;
            view.steps.push(StepView {
                name,
                status: StepStatus::Running,
                reason: None,
                logs: Vec::new(),
                line: None,
                layer: None,
                vertex: true,
            });
        }
        Some(BuildProgress {
            view,
            started,
            total: progress.total.max(started),
        })
    }

    /// The log and result of the finished build (or what ran so far, if it is not over).
    pub fn into_view(self) -> BuildView {
        self.view
    }

    /// Stops the build before its next step: the log of the steps that ran, and the error
    /// BuildKit reports for a canceled build (`ERROR: failed to solve: Canceled: context
    /// canceled`). Steps that completed stay in the build cache, as BuildKit keeps them.
    pub fn cancel(self) -> BuildView {
        let mut view = self.view;
        view.image_id = None;
        view.error = Some((
            "failed to solve: Canceled: context canceled".to_string(),
            Some("the build was canceled; press Build to start it again".to_string()),
            None,
        ));
        view
    }

    fn step_mut(&mut self, step: usize) -> Option<&mut StepView> {
        let i = *self.index.get(&step)?;
        self.view.steps.get_mut(i)
    }

    /// Folds one build event into the view.
    fn apply(&mut self, event: Event) {
        match event {
            Event::ContextLoaded {
                files,
                bytes,
                excluded,
                ..
            } => {
                self.view.context = Some(format!(
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
                step,
                name,
                span,
                vertex,
            } => {
                self.index.insert(step, self.view.steps.len());
                self.view.steps.push(StepView {
                    name,
                    status: StepStatus::Running,
                    reason: None,
                    logs: Vec::new(),
                    line: span.map(|s| s.start.line),
                    layer: None,
                    vertex,
                });
            }
            Event::CacheHit { step, reused, .. } => {
                if let Some(s) = self.step_mut(step) {
                    s.reason = Some(format!("reused the cache entry of `{reused}`"));
                }
            }
            Event::CacheMiss { step, reason, .. } => {
                if let Some(s) = self.step_mut(step) {
                    s.reason = Some(reason.to_string());
                }
            }
            Event::Log { step, line } => {
                // A line of an unknown step (or of none) goes to the last step.
                let i = step
                    .and_then(|st| self.index.get(&st).copied())
                    .or_else(|| self.view.steps.len().checked_sub(1));
                if let Some(s) = i.and_then(|i| self.view.steps.get_mut(i)) {
                    s.logs.push(line);
                }
            }
            Event::LayerCommitted {
                step,
                diff_id,
                size,
                ..
            } => {
                if let Some(s) = self.step_mut(step) {
                    s.layer = Some((diff_id.short().to_string(), size));
                }
            }
            Event::StepDone { step, cached } => {
                if let Some(s) = self.step_mut(step) {
                    s.status = if cached {
                        StepStatus::Cached
                    } else {
                        StepStatus::Done
                    };
                }
            }
            Event::Failed { error } => {
                if let Some(s) = self
                    .view
                    .steps
                    .iter_mut()
                    .rev()
                    .find(|s| s.status == StepStatus::Running)
                {
                    s.status = StepStatus::Failed;
                }
                let line = error.span.map(|s| s.start.line);
                self.view.error = Some((error.to_string(), error.hint(), line));
            }
            Event::Finished { image_id, .. } => self.view.image_id = Some(image_id.to_string()),
            Event::FsEvents { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    fn request(e: &examples::Example) -> BuildRequest {
        let files = e
            .files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        BuildRequest::new(e.dockerfile, &files, "t:latest")
    }

    /// Stepping gives the view `Builder::build` gives, and every snapshot on the way is a
    /// prefix of it with the next step, named as it will be, shown running.
    #[test]
    fn a_stepped_build_ends_as_the_run_to_end_build_and_grows_step_by_step() {
        // node-cache and static-web are left out: a debug build of their package installs takes
        // a minute; every other example runs (multi-stage has RUN steps).
        for e in examples::EXAMPLES
            .iter()
            .filter(|e| !matches!(e.id, "node-cache" | "static-web"))
        {
            let req = request(e);
            let mut whole = Builder::new();
            let expected = whole.build(&req.dockerfile, &req.files, &req.tag, &req.options);
            assert!(expected.image_id.is_some(), "{}: {expected:?}", e.id);

            let mut stepped = Builder::new();
            let mut job = stepped.start(req.clone());
            let mut snapshots = Vec::new();
            while let Some(p) = job.step(&mut stepped) {
                snapshots.push(p);
            }
            let view = job.into_view();
            assert_eq!(view, expected, "{}", e.id);
            assert_eq!(
                stepped.save("t:latest").map(|t| t.len()),
                whole.save("t:latest").map(|t| t.len())
            );
            let mut last_started = 0;
            for p in &snapshots {
                assert!(p.started >= last_started && p.started <= p.total, "{p:?}");
                last_started = p.started;
                let n = p.view.steps.len();
                assert!(n <= expected.steps.len(), "{}: {p:?}", e.id);
                for (i, step) in p.view.steps.iter().enumerate() {
                    if step.status == StepStatus::Running {
                        assert_eq!(i, n - 1, "{}: only the last step runs", e.id);
                        assert_eq!(step.name, expected.steps[i].name, "{}", e.id);
                    } else {
                        assert_eq!(*step, expected.steps[i], "{}", e.id);
                    }
                }
            }
            let total = snapshots.last().map_or(0, |p| p.total);
            assert_eq!(total, expected.steps.len(), "{}", e.id);
            assert!(snapshots.len() >= expected.steps.len(), "{}", e.id);
        }
    }

    /// A failing build ends with the failed step and the error, stepped or not.
    #[test]
    fn a_stepped_failing_build_keeps_the_error() {
        let files = BTreeMap::new();
        let df = "FROM alpine:3.20\nRUN true\nCOPY missing.txt /\n";
        let expected = Builder::new().build(df, &files, "t", &Default::default());
        let mut b = Builder::new();
        let mut job = b.start(BuildRequest::new(df, &files, "t"));
        while job.step(&mut b).is_some() {}
        let view = job.into_view();
        assert_eq!(view, expected);
        assert!(view.error.is_some() && view.image_id.is_none(), "{view:?}");
        assert_eq!(
            view.steps.last().map(|s| s.status),
            Some(StepStatus::Failed)
        );
        assert!(b.save("t").is_err());
    }

    /// Canceling keeps the steps that ran and reports the cancellation; no image is tagged.
    #[test]
    fn a_canceled_build_keeps_its_log_and_tags_nothing() {
        let e = examples::find("web-ping").expect("example");
        let req = request(e);
        let mut b = Builder::new();
        let mut job = b.start(req);
        for _ in 0..3 {
            assert!(job.step(&mut b).is_some());
        }
        let view = job.cancel();
        assert_eq!(view.steps.len(), 2, "{view:?}");
        assert!(view.steps.iter().all(|s| s.status != StepStatus::Running));
        assert!(view
            .error
            .as_ref()
            .is_some_and(|e| e.0.contains("Canceled")));
        assert!(b.save("t:latest").is_err());
    }
}
