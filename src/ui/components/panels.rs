//! The build log, BuildKit style: per-step status, CACHED marks and the reason for every
//! cache miss, each step's output, and the result (image ID, or the error with its hint).

use crate::session::{BuildView, StepStatus};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`BuildLog`].
#[derive(Properties, PartialEq)]
pub struct BuildLogProps {
    /// The last build, if any (while one runs: its log so far).
    pub build: Option<Rc<BuildView>>,
    /// Show a Dockerfile line in the editor (the failing step's).
    #[prop_or_default]
    pub on_jump: Callback<u32>,
    /// While a build runs: steps started and steps planned (0 before the Dockerfile is read).
    #[prop_or_default]
    pub progress: Option<(usize, usize)>,
}

/// The build log (or, before the first build, what the Build button does).
#[component]
pub fn BuildLog(props: &BuildLogProps) -> Html {
    let status = props.progress.map(|(started, total)| {
        let text = if total == 0 {
            "Building…".to_string()
        } else {
            format!("Building… step {started}/{total}")
        };
        html! { <p class="build-status" id="build-status" role="status">{ text }</p> }
    });
    match props.build.as_deref() {
        Some(view) => html! { <>{ for status }{ log(view, &props.on_jump) }</> },
        None if status.is_some() => html! { <>{ for status }</> },
        None => placeholder(),
    }
}

fn placeholder() -> Html {
    html! {
        <p class="muted">
            { "Press Build (or Ctrl+Enter in the editor) to build the image from the Dockerfile and the build context. Build again after an edit to see which steps come from the cache, and why the others do not." }
        </p>
    }
}

fn log(view: &BuildView, on_jump: &Callback<u32>) -> Html {
    // BuildKit numbers its progress vertices (#1 is the context); config-only steps (ENV,
    // CMD …) are not vertices: they are listed, unnumbered, as what they are.
    let mut number = 1;
    let steps = view.steps.iter().map(|s| {
        let (class, badge) = match s.status {
            StepStatus::Failed => ("step failed", "ERROR"),
            StepStatus::Running => ("step running", "…"),
            _ if !s.vertex => ("step meta", "config"),
            StepStatus::Cached => ("step cached", "CACHED"),
            StepStatus::Done => ("step done", "DONE"),
        };
        let num = if s.vertex {
            number += 1;
            format!("#{number}")
        } else {
            String::new()
        };
        let title = (!s.vertex).then_some(
            "Changes only the image config (no filesystem step): BuildKit's log does not list it",
        );
        html! {
            <li class={class} {title}>
                <div class="step-head">
                    <span class="num">{ num }</span>
                    <span class="name">{ &s.name }</span>
                    <span class="badge">{ badge }</span>
                </div>
                if let Some(reason) = &s.reason {
                    <div class="reason">{ reason }</div>
                }
                if let Some((digest, size)) = &s.layer {
                    <div class="layer">{ format!("layer {digest} · {size} B") }</div>
                }
                if !s.logs.is_empty() {
                    <pre class="logs" tabindex="0" aria-label={format!("output of {}", s.name)}>
                        { s.logs.join("\n") }
                    </pre>
                }
            </li>
        }
    });
    html! {
        <div class="build-log" role="log" aria-live="polite">
            if let Some(ctx) = &view.context { <div class="context-line">{ format!("#1 {ctx}") }</div> }
            <ol class="steps">{ for steps }</ol>
            if let Some(id) = &view.image_id {
                <div class="result ok" id="build-result">{ format!("writing image {id} done") }</div>
            }
            if let Some((message, hint, line)) = &view.error {
                <div class="result err" id="build-result" role="alert">
                    if let Some(l) = *line {
                        <button type="button" class="jump" id="error-line" onclick={on_jump.reform(move |_: MouseEvent| l)}
                            title="Show this line in the editor">{ format!("Dockerfile:{l}") }</button>{ ": " }
                    }
                    { message }
                    if let Some(h) = hint { <div class="hint">{ format!("hint: {h}") }</div> }
                </div>
            }
        </div>
    }
}
