//! The build engine: a Dockerfile and a build context in, an image and an explained stream
//! of events out, the way BuildKit builds.
//!
//! - [`plan`]: stages, `--target`, skipped stages, global ARGs.
//! - [`step`]: one function per instruction.
//! - [`cache`]: cache keys as BuildKit derives them, the [`Cache`] the caller owns, the
//!   explanation of every hit and miss.
//! - [`context`]: the build context filtered by `.dockerignore`.
//! - [`image`]: history strings and config as BuildKit writes them; layer → tar adapter.
//! - [`store`]: the image store (images, tags, shared layers).
//! - [`base`]: base images for `FROM` (store, then catalog).
//! - [`container`]: `docker run` / `exec` / `diff` / `commit` on a built image.
//! - [`event`], [`error`]: what the UI and the CLI see.
//! - `progress`: [`Build::progress`], how far a build is between steps (for progress bars).
//!
//! [`Build`] is steppable: `Build::new(inputs, &store)` then `step(&mut cache)` runs one
//! step and returns its events, until it returns `None`. The core reads no clock: timestamps
//! come from `BuildInputs::epoch`, durations are measured by the caller.

pub mod base;
pub mod cache;
pub mod container;
pub mod context;
pub mod copy;
pub mod error;
pub mod event;
pub mod image;
pub mod mount;
pub mod plan;
mod progress;
pub mod stage;
pub mod step;
pub mod store;

pub use cache::{Cache, MissReason};
pub use context::{BuildContext, ContextFile};
pub use error::{BuildError, BuildErrorKind};
pub use event::Event;
pub use plan::Platform;
pub use progress::Progress;
pub use store::{ImageStore, StoredImage};

use crate::dockerfile::instruction::{Dockerfile, Instruction, Located};
use crate::oci::spec::rfc3339;
use crate::words::Lexer;
use cache::CacheRecord;
use plan::{progress_prefix, Base, Plan};
use stage::StageState;
use std::collections::BTreeMap;

/// Everything a build depends on.
#[derive(Debug, Clone)]
pub struct BuildInputs {
    /// The Dockerfile text.
    pub dockerfile: String,
    /// Its path in the context (`Dockerfile`), for `<path>.dockerignore`.
    pub dockerfile_path: String,
    /// The context files, unfiltered (path → bytes + mode).
    pub files: BTreeMap<String, ContextFile>,
    /// `--build-arg K=V`.
    pub build_args: BTreeMap<String, String>,
    /// `--target`.
    pub target: Option<String>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// Timestamp of the build, seconds since the epoch (`SOURCE_DATE_EPOCH`).
    pub epoch: i64,
    /// The platform.
    pub platform: Platform,
}

impl BuildInputs {
    /// Inputs with defaults: `Dockerfile`, no args, epoch 0, linux/amd64.
    pub fn new(dockerfile: &str, files: BTreeMap<String, ContextFile>) -> BuildInputs {
        BuildInputs {
            dockerfile: dockerfile.to_string(),
            dockerfile_path: "Dockerfile".into(),
            files,
            build_args: BTreeMap::new(),
            target: None,
            no_cache: false,
            epoch: 0,
            platform: Platform::default(),
        }
    }
}

/// Where the build is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Start,
    /// Stage `n` of the plan, before instruction `i` (`None`: its FROM).
    Stage(usize, Option<usize>),
    Export,
    Done,
}

/// A build in progress.
pub struct Build {
    inputs: BuildInputs,
    store: ImageStore,
    dockerfile: Option<Dockerfile>,
    plan: Option<Plan>,
    context: BuildContext,
    stages: BTreeMap<usize, StageState>,
    current: Option<StageState>,
    phase: Phase,
    step_index: usize,
    build_number: u64,
    result: Option<Result<StoredImage, BuildError>>,
    /// Full references of the base images, by stage (for progress names).
    base_refs: BTreeMap<usize, String>,
    pending_trigger: Vec<Located<Instruction>>,
}

impl Build {
    /// A build of `inputs`; `FROM` looks images up in `store` first, then the catalog.
    pub fn new(inputs: BuildInputs, store: &ImageStore) -> Build {
        Build {
            inputs,
            store: store.clone(),
            dockerfile: None,
            plan: None,
            context: BuildContext::default(),
            stages: BTreeMap::new(),
            current: None,
            phase: Phase::Start,
            step_index: 0,
            build_number: 0,
            result: None,
            base_refs: BTreeMap::new(),
            pending_trigger: Vec::new(),
        }
    }

    /// The result once the build is over: the image, or the error.
    pub fn result(&self) -> Option<&Result<StoredImage, BuildError>> {
        self.result.as_ref()
    }

    /// Whether the build is over.
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// Runs the next step; `None` once the build is over.
    pub fn step(&mut self, cache: &mut Cache) -> Option<Vec<Event>> {
        if self.phase == Phase::Done {
            return None;
        }
        let mut events = Vec::new();
        if let Err(error) = self.advance(cache, &mut events) {
            events.push(Event::Failed {
                error: error.clone(),
            });
            self.result = Some(Err(error));
            self.phase = Phase::Done;
        }
        Some(events)
    }

    /// Runs the build to the end; returns every event and the result.
    pub fn run(mut self, cache: &mut Cache) -> (Vec<Event>, Result<StoredImage, BuildError>) {
        let mut all = Vec::new();
        while let Some(events) = self.step(cache) {
            all.extend(events);
        }
        let result = self
            .result
            .take()
            .unwrap_or_else(|| Err(BuildError::new(BuildErrorKind::Export("no result".into()))));
        (all, result)
    }

    fn advance(&mut self, cache: &mut Cache, events: &mut Vec<Event>) -> Result<(), BuildError> {
        match self.phase {
            Phase::Start => self.start(cache, events),
            Phase::Stage(n, i) => self.stage_step(n, i, cache, events),
            Phase::Export => self.export(events),
            Phase::Done => Ok(()),
        }
    }

    fn start(&mut self, cache: &mut Cache, events: &mut Vec<Event>) -> Result<(), BuildError> {
        self.build_number = cache.begin_build();
        let parsed = crate::dockerfile::parse(&self.inputs.dockerfile).map_err(|e| {
            let mut err = BuildError::new(BuildErrorKind::Parse(e.to_string()));
            err.span = Some(e.span);
            err
        })?;
        for w in &parsed.warnings {
            events.push(Event::Log {
                step: None,
                line: format!("WARN: {} (line {})", w.message, w.span.start.line),
            });
        }
        let df = parsed.dockerfile;
        let plan = plan::plan(
            &df,
            &self.inputs.build_args,
            self.inputs.target.as_deref(),
            &self.inputs.platform,
        )?;
        self.context = BuildContext::load(&self.inputs.files, &self.inputs.dockerfile_path)?;
        events.push(Event::ContextLoaded {
            files: self.context.file_count(),
            bytes: self.context.size(),
            ignore_file: self.context.ignore_file.clone(),
            excluded: self.context.excluded.clone(),
        });
        self.dockerfile = Some(df);
        self.plan = Some(plan);
        self.phase = Phase::Stage(0, None);
        Ok(())
    }

    fn resolve_image(&self, reference: &str) -> Result<(StoredImage, String), BuildError> {
        if let Some(image) = self.store.find(reference) {
            let full = crate::oci::layout::parse_ref(reference)
                .map(|r| r.full)
                .unwrap_or_else(|_| reference.to_string());
            return Ok((image, full));
        }
        let base = base::resolve(reference)?;
        Ok((base.image, base.reference))
    }

    fn next_step_index(&mut self) -> usize {
        let i = self.step_index;
        self.step_index += 1;
        i
    }

    fn stage_step(
        &mut self,
        n: usize,
        i: Option<usize>,
        cache: &mut Cache,
        events: &mut Vec<Event>,
    ) -> Result<(), BuildError> {
        let (df, plan) = match (&self.dockerfile, &self.plan) {
            (Some(d), Some(p)) => (d.clone(), p.clone()),
            _ => {
                return Err(BuildError::new(BuildErrorKind::Export(
                    "build not started".into(),
                )))
            }
        };
        let planned = &plan.stages[n];
        let stage_src = &df.stages[planned.index];
        let Some(i) = i else {
            return self.base_step(n, &plan, &df, events);
        };
        // ONBUILD triggers of the base run right after FROM.
        if let Some(trigger) = self.pending_trigger.first().cloned() {
            self.pending_trigger.remove(0);
            return self.instruction_step(&df, &trigger, cache, events);
        }
        if i >= stage_src.instructions.len() {
            let Some(stage) = self.current.take() else {
                return Err(BuildError::new(BuildErrorKind::Export("no stage".into())));
            };
            self.stages.insert(planned.index, stage);
            self.phase = if n + 1 < plan.stages.len() {
                Phase::Stage(n + 1, None)
            } else {
                Phase::Export
            };
            return Ok(());
        }
        let located = stage_src.instructions[i].clone();
        self.phase = Phase::Stage(n, Some(i + 1));
        self.instruction_step(&df, &located, cache, events)
    }

    fn base_step(
        &mut self,
        n: usize,
        plan: &Plan,
        df: &Dockerfile,
        events: &mut Vec<Event>,
    ) -> Result<(), BuildError> {
        let planned = &plan.stages[n];
        let from = &df.stages[planned.index].from;
        let at = |e: BuildError| e.at(from.span, &from.original);
        let step = self.next_step_index();
        let (image, reference) = match &planned.base {
            Base::Scratch => {
                let config = image::empty_config(
                    &self.inputs.platform.architecture,
                    &self.inputs.platform.os,
                );
                (StoredImage::new(config, Vec::new()), "scratch".to_string())
            }
            Base::Stage(s) => match self.stages.get(s) {
                Some(st) => (st.image(), String::new()),
                None => {
                    return Err(at(BuildError::new(BuildErrorKind::Fs(
                        "stage not built".into(),
                    ))))
                }
            },
            Base::Image(r) => self.resolve_image(r).map_err(at)?,
        };
        let mut state = StageState::new(planned.index, &planned.display, &image, planned.vertices);
        if let Base::Stage(s) = planned.base {
            if let Some(parent) = self.stages.get(&s) {
                state.key = parent.key;
                state.args.clear();
            }
        }
        let vertex = !matches!(planned.base, Base::Stage(_));
        let name = if vertex {
            state.vertex_index += 1;
            format!(
                "{}FROM {}",
                progress_prefix(&state.display, state.vertex_index, state.vertex_total),
                reference
            )
        } else {
            from.original.clone()
        };
        self.base_refs.insert(planned.index, reference);
        events.push(Event::StepStarted {
            step,
            name,
            vertex,
            span: Some(from.span),
        });
        // ONBUILD triggers of the base image.
        let triggers = std::mem::take(&mut state.config.config.on_build);
        for t in triggers {
            let text = format!("FROM scratch\n{t}\n");
            let parsed = crate::dockerfile::parse(&text).map_err(|e| {
                at(BuildError::new(BuildErrorKind::Parse(format!(
                    "ONBUILD trigger `{t}`: {e}"
                ))))
            })?;
            if let Some(s) = parsed.dockerfile.stages.first() {
                for mut ins in s.instructions.clone() {
                    ins.span = from.span;
                    self.pending_trigger.push(ins);
                }
            }
        }
        events.push(Event::StepDone {
            step,
            cached: false,
        });
        self.current = Some(state);
        self.phase = Phase::Stage(n, Some(0));
        Ok(())
    }

    fn instruction_step(
        &mut self,
        df: &Dockerfile,
        located: &Located<Instruction>,
        cache: &mut Cache,
        events: &mut Vec<Event>,
    ) -> Result<(), BuildError> {
        let at = |e: BuildError| e.at(located.span, &located.original);
        let step = self.next_step_index();
        let Some(mut state) = self.current.take() else {
            return Err(BuildError::new(BuildErrorKind::Export("no stage".into())));
        };
        let vertex = plan::is_vertex(&located.value)
            && !matches!(&located.value, Instruction::Workdir(w) if w == "/");
        let lexer = Lexer::new(df.escape);
        let shown = display_name(&lexer, &state, &located.original);
        let name = if vertex {
            state.vertex_index += 1;
            format!(
                "{}{}",
                progress_prefix(
                    &state.display,
                    state.vertex_index,
                    state.vertex_total.max(state.vertex_index)
                ),
                shown
            )
        } else {
            shown
        };
        events.push(Event::StepStarted {
            step,
            name,
            vertex,
            span: Some(located.span),
        });
        let stage_names: Vec<Option<String>> = df
            .stages
            .iter()
            .map(|s| s.from.value.name.clone())
            .collect();
        let plan = self.plan.clone();
        let global = plan
            .as_ref()
            .map(|p| p.global_args.clone())
            .unwrap_or_default();
        let store = &self.store;
        let images = |r: &str| -> Result<StoredImage, BuildError> {
            match store.find(r) {
                Some(i) => Ok(i),
                None => base::resolve(r).map(|b| b.image),
            }
        };
        let env = step::StepEnv {
            lexer,
            build_args: &self.inputs.build_args,
            global_args: &global,
            epoch: self.inputs.epoch,
            context: self.context.tree(),
            stages: &self.stages,
            stage_names: &stage_names,
            images: &images,
        };
        let outcome = step::dispatch(&env, &mut state, &located.value);
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) => {
                self.current = Some(state);
                return Err(at(e));
            }
        };
        let result = match outcome {
            step::Outcome::Meta => {
                events.push(Event::StepDone {
                    step,
                    cached: false,
                });
                Ok(())
            }
            step::Outcome::Fs {
                op,
                created_by,
                work,
            } => self.fs_step(
                step, &mut state, located, op, created_by, *work, cache, events,
            ),
        };
        self.current = Some(state);
        result.map_err(at)
    }

    #[allow(clippy::too_many_arguments)]
    fn fs_step(
        &mut self,
        step: usize,
        state: &mut StageState,
        located: &Located<Instruction>,
        op: cache::Operation,
        created_by: String,
        work: step::Work,
        cache: &mut Cache,
        events: &mut Vec<Event>,
    ) -> Result<(), BuildError> {
        let parent = state.key;
        let key = op.key(&parent);
        let hit = if self.inputs.no_cache {
            None
        } else {
            cache.lookup(&key).map(|(r, l)| (r.clone(), l))
        };
        let epoch = self.inputs.epoch;
        match hit {
            Some((record, layer)) => {
                events.push(Event::CacheHit {
                    step,
                    key,
                    reused: record.instruction.clone(),
                    built_in: record.build,
                });
                state.push_cached_layer(layer.clone(), record.diff_id);
                state
                    .config
                    .history
                    .push(image::history(&created_by, layer.is_empty(), epoch));
                events.push(Event::LayerCommitted {
                    step,
                    diff_id: record.diff_id,
                    size: layer.size(),
                    files_changed: layer.len(),
                });
                events.push(Event::StepDone { step, cached: true });
            }
            None => {
                let reason = if self.inputs.no_cache {
                    MissReason::NoCache
                } else {
                    cache.explain_miss(&parent, &op, state.first_miss.as_ref())
                };
                events.push(Event::CacheMiss { step, key, reason });
                if state.first_miss.is_none() {
                    state.first_miss = Some((state.vertex_index, located.original.clone()));
                }
                let rootfs = state.rootfs();
                rootfs.set_mtime(epoch);
                rootfs.set_owner(0, 0);
                let (logs, result) = step::execute(&work, rootfs, &mut cache.mounts);
                for line in logs {
                    events.push(Event::Log {
                        step: Some(step),
                        line,
                    });
                }
                result?;
                let fs_events = state.rootfs().take_events();
                if !fs_events.is_empty() {
                    events.push(Event::FsEvents {
                        step,
                        events: fs_events,
                    });
                }
                // The layer as `commit` will record it (parents copied up but left unchanged
                // are not part of it).
                let diff_id = image::diff_id(&state.rootfs().pending_layer())?;
                let layer = state.commit(diff_id);
                state
                    .config
                    .history
                    .push(image::history(&created_by, layer.is_empty(), epoch));
                cache.insert(
                    CacheRecord {
                        key,
                        parent,
                        op,
                        diff_id,
                        instruction: located.original.clone(),
                        build: self.build_number,
                    },
                    layer.clone(),
                );
                events.push(Event::LayerCommitted {
                    step,
                    diff_id,
                    size: layer.size(),
                    files_changed: layer.len(),
                });
                events.push(Event::StepDone {
                    step,
                    cached: false,
                });
            }
        }
        state.key = key;
        Ok(())
    }

    fn export(&mut self, events: &mut Vec<Event>) -> Result<(), BuildError> {
        let plan = self
            .plan
            .clone()
            .ok_or_else(|| BuildError::new(BuildErrorKind::Export("no plan".into())))?;
        let stage = self.stages.get(&plan.target).ok_or_else(|| {
            BuildError::new(BuildErrorKind::Export("target stage not built".into()))
        })?;
        let mut config = stage.config.clone();
        config.created = Some(rfc3339(self.inputs.epoch));
        config.architecture = self.inputs.platform.architecture.clone();
        config.os = self.inputs.platform.os.clone();
        let image = StoredImage::new(config, stage.layers.clone());
        // Build args nobody declared.
        let mut declared: Vec<&str> = plan.declared_global.iter().map(String::as_str).collect();
        for s in self.stages.values() {
            declared.extend(s.args.iter().map(|(k, _)| k.as_str()));
        }
        let unused: Vec<&String> = self
            .inputs
            .build_args
            .keys()
            .filter(|k| !declared.contains(&k.as_str()) && !plan::PROXY_ARGS.contains(&k.as_str()))
            .collect();
        if !unused.is_empty() {
            let names: Vec<&str> = unused.iter().map(|s| s.as_str()).collect();
            events.push(Event::Log {
                step: None,
                line: format!(
                    "[Warning] One or more build-args [{}] were not consumed",
                    names.join(" ")
                ),
            });
        }
        events.push(Event::Finished {
            image_id: image.id,
            layers: image.layers.len(),
        });
        self.result = Some(Ok(image));
        self.phase = Phase::Done;
        Ok(())
    }

    /// The full reference of each built stage's base image (`docker.io/library/node:latest`).
    pub fn base_references(&self) -> &BTreeMap<usize, String> {
        &self.base_refs
    }
}

/// BuildKit's progress name of an instruction: the keyword upper-cased, variables expanded
/// (`processCmdEnv`), the rest as written.
fn display_name(lexer: &Lexer, state: &StageState, original: &str) -> String {
    let trimmed = original.trim();
    let (keyword, rest) = match trimmed.find(char::is_whitespace) {
        Some(i) => (&trimmed[..i], &trimmed[i..]),
        None => (trimmed, ""),
    };
    let env = state.expansion_env();
    let rest = if rest.contains('$') {
        lexer
            .process(rest.trim_start(), &env)
            .map(|e| format!(" {}", e.result))
            .unwrap_or_else(|_| rest.to_string())
    } else {
        rest.to_string()
    };
    format!("{}{}", keyword.to_ascii_uppercase(), rest)
}
