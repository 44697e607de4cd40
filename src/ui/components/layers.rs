//! The Layers tab: the last built image's layer stack, newest first, one row per history
//! entry (empty entries greyed), with a size bar, the short diff_id (a click copies the full
//! one), the instruction, the CACHED / BUILT badge with the miss reason, after a rebuild the
//! "changed" / "reused" mark, and the other images sharing the layer.

use crate::build::store::human_size;
use crate::session::{LayerChange, LayerRow, LayerStack};
use crate::ui::browser;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`LayerStackView`].
#[derive(Properties, PartialEq)]
pub struct LayerStackProps {
    /// The stack of the last successful build.
    pub stack: Option<Rc<LayerStack>>,
    /// The last build failed (the stack is the previous image's).
    #[prop_or_default]
    pub failed: bool,
    /// Show a layer's files (its index, bottom first).
    pub on_files: Callback<usize>,
}

/// The layer stack.
#[component]
pub fn LayerStackView(props: &LayerStackProps) -> Html {
    let copied = use_state(|| None::<(String, bool)>);
    let Some(stack) = &props.stack else {
        return html! {
            <p class="muted">{ "Build the image first: each instruction's layer appears here, with what came from the cache." }</p>
        };
    };
    let rows = stack
        .rows
        .iter()
        .map(|r| row(r, stack.max_size, &copied, &props.on_files));
    let layers = stack.rows.iter().filter(|r| !r.empty).count();
    let changed = stack
        .rows
        .iter()
        .filter(|r| r.change == Some(LayerChange::Changed))
        .count();
    let short = stack
        .image_id
        .trim_start_matches("sha256:")
        .get(..12)
        .unwrap_or("");
    html! {
        <div class="layer-stack">
            if props.failed {
                <p class="result err small">{ "The last build failed: this is the image of the last successful build." }</p>
            }
            <p class="stack-summary mono">
                { format!("{} · {short} · {layers} layers, {} entries · {}", stack.tag, stack.rows.len(), human_size(stack.total_size)) }
            </p>
            <p class="muted small">
                { if stack.rebuilt {
                    format!("Compared with the previous build of {}: {changed} layer{} changed, {} reused.",
                        stack.tag, if changed == 1 { "" } else { "s" }, layers - changed)
                } else {
                    "Newest first, as docker history lists them. Build again after an edit to see which layers change.".to_string()
                } }
            </p>
            <ol class="layer-rows" id="layer-rows" aria-label="Layers, newest first">{ for rows }</ol>
        </div>
    }
}

fn row(
    r: &LayerRow,
    max: u64,
    copied: &UseStateHandle<Option<(String, bool)>>,
    on_files: &Callback<usize>,
) -> Html {
    let class = classes!(
        "layer-row",
        r.empty.then_some("empty"),
        match r.change {
            Some(LayerChange::Changed) => Some("changed"),
            Some(LayerChange::Reused) => Some("reused"),
            None => None,
        }
    );
    let percent = if max == 0 || r.size == 0 {
        0.0
    } else {
        (r.size as f64 / max as f64 * 100.0).max(0.5)
    };
    let badge = r.cache.as_ref().map(|c| {
        let (cls, text) = if c.hit {
            ("badge cached", "CACHED")
        } else {
            ("badge built", "BUILT")
        };
        html! { <span class={cls} title={c.reason.clone().unwrap_or_default()}>{ text }</span> }
    });
    let mark = r.change.map(|c| match c {
        LayerChange::Changed => html! {
            <span class="mark changed" title="This layer, or one below it, differs from the previous build">{ "changed" }</span>
        },
        LayerChange::Reused => html! {
            <span class="mark reused" title="The previous build had the same layers up to here">{ "reused" }</span>
        },
    });
    let digest = match (&r.diff_id, &r.short) {
        (Some(full), Some(short)) => {
            let full = full.clone();
            let copied_now = copied
                .as_ref()
                .filter(|(d, _)| *d == full)
                .map(|(_, ok)| *ok);
            let onclick = {
                let copied = copied.clone();
                let full = full.clone();
                Callback::from(move |_: MouseEvent| {
                    let copied = copied.clone();
                    let digest = full.clone();
                    browser::copy_text(&full, move |ok| copied.set(Some((digest, ok))));
                })
            };
            html! {
                <>
                    <button type="button" class="digest mono" title={format!("Copy {full}")}
                        aria-label={format!("Copy diff_id {full}")} {onclick}>{ short }</button>
                    { match copied_now {
                        Some(true) => html! { <span class="copied" role="status">{ "copied" }</span> },
                        Some(false) => html! { <span class="copied err" role="status">{ "copy refused by the browser" }</span> },
                        None => Html::default(),
                    } }
                </>
            }
        }
        _ => html! { <span class="muted">{ "empty layer" }</span> },
    };
    let files = r.layer.map(|l| {
        let on_files = on_files.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_files.emit(l));
        html! {
            <button type="button" class="link files-link" {onclick}
                title={format!("Show the files layer L{l} adds, changes and deletes")}>{ "files →" }</button>
        }
    });
    let shared = (!r.shared_with.is_empty()).then(|| {
        let shown: Vec<&str> = r.shared_with.iter().take(3).map(String::as_str).collect();
        let more = r.shared_with.len().saturating_sub(3);
        let text = if more > 0 {
            format!("shared with {} and {more} more", shown.join(", "))
        } else {
            format!("shared with {}", shown.join(", "))
        };
        html! { <span class="shared" title={r.shared_with.join("\n")}>{ text }</span> }
    });
    let reason = r
        .cache
        .as_ref()
        .filter(|c| !c.hit)
        .and_then(|c| c.reason.clone());
    html! {
        <li class={class}>
            <div class="lr-head">
                <span class="lr-index mono">{ r.layer.map_or("—".to_string(), |l| format!("L{l}")) }</span>
                <code class="lr-created" title={r.created_by.clone()}>{ &r.created_by }</code>
                <span class="lr-size mono">{ if r.empty { "0B".to_string() } else { human_size(r.size) } }</span>
            </div>
            if !r.empty {
                <div class="size-bar" aria-hidden="true">
                    if percent > 0.0 { <span style={format!("width:{percent:.2}%")}></span> }
                </div>
            }
            <div class="lr-meta">
                { badge }{ mark }{ digest }{ shared }
                if r.from_base { <span class="muted">{ "from the base image" }</span> }
                { files }
            </div>
            if let Some(reason) = reason {
                <div class="lr-reason">{ reason }</div>
            }
        </li>
    }
}
