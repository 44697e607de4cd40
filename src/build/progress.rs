//! How far a [`Build`] is, for a progress display between steps: how many steps have
//! started, how many the plan has, and the name of the step that runs next (the name its
//! `StepStarted` event will carry, as closely as it can be known before the step runs).

use super::plan::{is_vertex, progress_prefix, Base};
use super::{display_name, Build, Phase};
use crate::dockerfile::instruction::Instruction;
use crate::words::Lexer;

/// A build's progress between two steps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress {
    /// Steps started so far (each FROM and each instruction is one step).
    pub started: usize,
    /// Steps in the plan (at least `started`; 0 before the Dockerfile is parsed).
    pub total: usize,
    /// The step that runs next, e.g. `[3/5] RUN apt-get update`; `None` when the next call
    /// to `step` runs no instruction (parsing, export, or the build is over).
    pub next: Option<String>,
}

impl Build {
    /// The progress of the build: what has run and what runs next.
    pub fn progress(&self) -> Progress {
        let (Some(df), Some(plan)) = (&self.dockerfile, &self.plan) else {
            return Progress::default();
        };
        let planned: usize = plan
            .stages
            .iter()
            .map(|p| 1 + df.stages.get(p.index).map_or(0, |s| s.instructions.len()))
            .sum();
        let started = self.step_index;
        let total = (planned + self.pending_trigger.len()).max(started);
        let next = match self.phase {
            Phase::Stage(n, None) => plan.stages.get(n).and_then(|p| {
                let from = &df.stages.get(p.index)?.from;
                let reference = match &p.base {
                    Base::Stage(_) => return Some(from.original.clone()),
                    Base::Scratch => "scratch".to_string(),
                    Base::Image(r) => crate::oci::layout::parse_ref(r)
                        .map(|r| r.full)
                        .unwrap_or_else(|_| r.clone()),
                };
                let prefix = progress_prefix(&p.display, 1, p.vertices);
                Some(format!("{prefix}FROM {reference}"))
            }),
            Phase::Stage(n, Some(i)) => {
                let state = self.current.as_ref();
                let located = match self.pending_trigger.first() {
                    Some(t) => Some(t),
                    None => plan
                        .stages
                        .get(n)
                        .and_then(|p| df.stages.get(p.index))
                        .and_then(|s| s.instructions.get(i)),
                };
                match (located, state) {
                    (Some(l), Some(state)) => {
                        let shown = display_name(&Lexer::new(df.escape), state, &l.original);
                        let vertex = is_vertex(&l.value)
                            && !matches!(&l.value, Instruction::Workdir(w) if w == "/");
                        Some(if vertex {
                            let index = state.vertex_index + 1;
                            let total = state.vertex_total.max(index);
                            format!("{}{shown}", progress_prefix(&state.display, index, total))
                        } else {
                            shown
                        })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        Progress {
            started,
            total,
            next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildInputs, Cache, Event, ImageStore};

    /// The announced next step is the name the step then starts with.
    #[test]
    fn the_next_step_is_named_as_it_then_starts() {
        let df = "FROM alpine:3.20 AS base\nARG V=1\nWORKDIR /app\nRUN echo $V\n\
                  FROM base\nCOPY --from=base /app /x\nENV A=b\n";
        let mut build = Build::new(
            BuildInputs::new(df, Default::default()),
            &ImageStore::default(),
        );
        let mut cache = Cache::default();
        let mut last = Progress::default();
        let mut names = 0;
        while let Some(events) = build.step(&mut cache) {
            for e in &events {
                if let Event::StepStarted { name, .. } = e {
                    assert_eq!(last.next.as_deref(), Some(name.as_str()), "{events:?}");
                    names += 1;
                }
            }
            let now = build.progress();
            assert!(now.started <= now.total, "{now:?}");
            last = now;
        }
        assert_eq!(names, 7);
        assert_eq!((last.started, last.total, last.next), (7, 7, None));
        assert!(matches!(build.result(), Some(Ok(_))));
    }
}
