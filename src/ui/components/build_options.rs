//! The build options beside the Build button: `--target` (a picker of the Dockerfile's
//! stages), `--no-cache`, auto-rebuild, and the `--build-arg` rows. One compact row on wide
//! screens; behind an "Options" button on phones.

use crate::session::BuildOptions;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`BuildOptionsBar`].
#[derive(Properties, PartialEq)]
pub struct BuildOptionsBarProps {
    /// The workspace's options.
    pub options: BuildOptions,
    /// Whether auto-rebuild is on.
    pub auto_rebuild: bool,
    /// The Dockerfile's named stages.
    pub stages: Rc<Vec<String>>,
    /// New options.
    pub on_change: Callback<BuildOptions>,
    /// Auto-rebuild turned on or off.
    pub on_auto: Callback<bool>,
}

/// The build options.
#[component]
pub fn BuildOptionsBar(props: &BuildOptionsBarProps) -> Html {
    let expanded = use_state(|| false);
    let change = |edit: fn(&mut BuildOptions, Event)| {
        let on_change = props.on_change.clone();
        let options = props.options.clone();
        Callback::from(move |e: Event| {
            let mut next = options.clone();
            edit(&mut next, e);
            on_change.emit(next);
        })
    };
    let on_target = change(|o, e| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        let v = select.value();
        o.target = (!v.is_empty()).then_some(v);
    });
    let on_no_cache = change(|o, e| {
        let input: HtmlInputElement = e.target_unchecked_into();
        o.no_cache = input.checked();
    });
    let on_auto = {
        let on_auto = props.on_auto.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_auto.emit(input.checked());
        })
    };
    let on_add = {
        let on_change = props.on_change.clone();
        let options = props.options.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = options.clone();
            next.build_args.push((String::new(), String::new()));
            on_change.emit(next);
        })
    };
    let on_toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };

    let target = props.options.target.clone().unwrap_or_default();
    let mut stages: Vec<String> = props.stages.to_vec();
    let missing = !target.is_empty() && !stages.contains(&target);
    if missing {
        stages.push(target.clone());
    }
    let stage_options = stages.iter().map(|s| {
        let label = if missing && *s == target {
            format!("{s} (not in the Dockerfile)")
        } else {
            s.clone()
        };
        html! { <option value={s.clone()} selected={*s == target}>{ label }</option> }
    });
    let rows = props
        .options
        .build_args
        .iter()
        .enumerate()
        .map(|(i, (key, value))| arg_row(props, i, key, value));
    let summary = summary(&props.options, props.auto_rebuild);

    html! {
        <div class={classes!("build-options", (*expanded).then_some("expanded"))} id="build-options">
            <button type="button" class="options-toggle" aria-expanded={expanded.to_string()}
                aria-controls="build-options-body" onclick={on_toggle}>
                { "Options" }
                if !summary.is_empty() { <span class="muted">{ format!(" · {summary}") }</span> }
            </button>
            <div class="options-body" id="build-options-body">
                <label class="option">
                    <span>{ "Target" }</span>
                    <select id="build-target" onchange={on_target} title="--target: the stage to build">
                        <option value="" selected={target.is_empty()}>{ "last stage" }</option>
                        { for stage_options }
                    </select>
                </label>
                <label class="option check" title="--no-cache: run every step, reuse nothing">
                    <input type="checkbox" id="no-cache" checked={props.options.no_cache} onchange={on_no_cache} />
                    <code>{ "--no-cache" }</code>
                </label>
                <label class="option check" title="Build again 0.4 s after the last edit, when the Dockerfile has no errors">
                    <input type="checkbox" id="auto-rebuild" checked={props.auto_rebuild} onchange={on_auto} />
                    { "Auto-rebuild" }
                </label>
                <div class="build-args" role="group" aria-label="Build arguments">
                    { for rows }
                    <button type="button" id="add-build-arg" onclick={on_add} title="--build-arg KEY=value">{ "+ build-arg" }</button>
                </div>
            </div>
        </div>
    }
}

/// One `--build-arg` row: KEY = value, and a remove button.
fn arg_row(props: &BuildOptionsBarProps, i: usize, key: &str, value: &str) -> Html {
    let edit = |is_key: bool| {
        let on_change = props.on_change.clone();
        let options = props.options.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = options.clone();
            if let Some(row) = next.build_args.get_mut(i) {
                if is_key {
                    row.0 = input.value();
                } else {
                    row.1 = input.value();
                }
            }
            on_change.emit(next);
        })
    };
    let on_remove = {
        let on_change = props.on_change.clone();
        let options = props.options.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = options.clone();
            if i < next.build_args.len() {
                next.build_args.remove(i);
            }
            on_change.emit(next);
        })
    };
    let n = i + 1;
    html! {
        <span class="build-arg" key={i}>
            <input id={format!("build-arg-key-{i}")} class="arg-key" value={key.to_string()} placeholder="KEY"
                aria-label={format!("Build arg {n} name")} spellcheck="false" autocapitalize="off" oninput={edit(true)} />
            <span aria-hidden="true">{ "=" }</span>
            <input id={format!("build-arg-value-{i}")} class="arg-value" value={value.to_string()} placeholder="value"
                aria-label={format!("Build arg {n} value")} spellcheck="false" autocapitalize="off" oninput={edit(false)} />
            <button type="button" class="icon" onclick={on_remove} aria-label={format!("Remove build arg {n}")}>{ "×" }</button>
        </span>
    }
}

/// What is set, for the collapsed Options button: `--target build --no-cache 2 args auto`.
fn summary(o: &BuildOptions, auto: bool) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &o.target {
        parts.push(format!("--target {t}"));
    }
    if o.no_cache {
        parts.push("--no-cache".to_string());
    }
    let args = o.build_arg_map().len();
    if args > 0 {
        parts.push(format!("{args} arg{}", if args == 1 { "" } else { "s" }));
    }
    if auto {
        parts.push("auto".to_string());
    }
    parts.join(" ")
}
