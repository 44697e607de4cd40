//! Events of a build, for the UI and the CLI: step started, cache hit or miss with the reason,
//! log lines, copy-on-write events, layer committed, finished or failed. The core reads no
//! clock: the caller measures how long each step took.

use super::cache::MissReason;
use super::error::BuildError;
use crate::fs::FsEvent;
use crate::oci::Digest;
use crate::span::Span;
use serde::Serialize;

/// One thing that happened during a build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The context was loaded (BuildKit's `[internal] load build context`).
    ContextLoaded {
        /// Files sent.
        files: usize,
        /// Bytes sent.
        bytes: u64,
        /// The ignore file used.
        ignore_file: Option<String>,
        /// Paths it excluded.
        excluded: Vec<String>,
    },
    /// A step begins.
    StepStarted {
        /// Index of the step in the plan (0-based).
        step: usize,
        /// BuildKit's progress name: `[2/3] WORKDIR /web-ping`, `[build 1/4] FROM …`;
        /// metadata steps (ENV, CMD, …) have no progress vertex and show the instruction.
        name: String,
        /// Whether BuildKit shows this step as a progress vertex (FROM, RUN, COPY, ADD,
        /// WORKDIR).
        vertex: bool,
        /// Where it is in the Dockerfile.
        span: Option<Span>,
    },
    /// The step's result was found in the cache.
    CacheHit {
        /// The step.
        step: usize,
        /// The key looked up.
        key: Digest,
        /// The instruction of the entry reused.
        reused: String,
        /// The build that made the entry.
        built_in: u64,
    },
    /// The step was not in the cache and runs now.
    CacheMiss {
        /// The step.
        step: usize,
        /// The key looked up.
        key: Digest,
        /// Why: what differs from the closest earlier entry.
        reason: MissReason,
    },
    /// A line of output (RUN's stdout/stderr, warnings).
    Log {
        /// The step, if any.
        step: Option<usize>,
        /// The line.
        line: String,
    },
    /// Copy-on-write events of the step's filesystem writes.
    FsEvents {
        /// The step.
        step: usize,
        /// The events.
        events: Vec<FsEvent>,
    },
    /// The step committed a layer.
    LayerCommitted {
        /// The step.
        step: usize,
        /// The layer's diff_id.
        diff_id: Digest,
        /// Bytes of content it adds.
        size: u64,
        /// Paths it changes (put, whiteout, opaque).
        files_changed: usize,
    },
    /// The step is done.
    StepDone {
        /// The step.
        step: usize,
        /// Whether its result came from the cache.
        cached: bool,
    },
    /// The build finished.
    Finished {
        /// The image ID.
        image_id: Digest,
        /// Number of layers of the image.
        layers: usize,
    },
    /// The build failed.
    Failed {
        /// The error, with the failing instruction's span.
        error: BuildError,
    },
}
