//! The container panel: "Run container" starts a container of the last built image; a small
//! terminal runs the lines typed at its prompt (`#container-input`: Enter runs, Up/Down walk
//! the history) and lists under each line the copy-on-write events it caused; "Diff" prints
//! `docker container diff`, "Commit" makes a new image (`docker commit`), "Stop" removes the
//! container (`docker rm -f`).
//!
//! [`use_container`] keeps the container session outside the panel (the panel unmounts when
//! another tab is shown; the container and its transcript live on).

use crate::session::{Builder, ContainerSession, ContainerView, TermBlock};
use crate::ui::browser;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The container state and its actions, owned by the app.
#[derive(Clone, PartialEq)]
pub struct ContainerHandle {
    /// The running container's transcript, if one runs.
    pub view: Option<Rc<ContainerView>>,
    /// Why the last action failed.
    pub error: Option<AttrValue>,
    /// `docker run`.
    pub on_run: Callback<()>,
    /// A line typed at the prompt.
    pub on_exec: Callback<String>,
    /// `docker container diff`.
    pub on_diff: Callback<()>,
    /// `docker commit` with an optional `repository:tag`.
    pub on_commit: Callback<String>,
    /// `docker rm -f`.
    pub on_stop: Callback<()>,
}

/// The container of `tag`'s image, kept across tab changes.
#[hook]
pub fn use_container(builder: Rc<RefCell<Builder>>, tag: &'static str) -> ContainerHandle {
    let session = use_mut_ref(|| None::<ContainerSession>);
    let view = use_state(|| None::<Rc<ContainerView>>);
    let error = use_state(|| None::<AttrValue>);
    let on_run = {
        let (session, view, error, builder) = (
            session.clone(),
            view.clone(),
            error.clone(),
            builder.clone(),
        );
        Callback::from(move |_: ()| match builder.borrow_mut().run_container(tag) {
            Ok(s) => {
                view.set(Some(Rc::new(s.view())));
                *session.borrow_mut() = Some(s);
                error.set(None);
            }
            Err(e) => error.set(Some(e.into())),
        })
    };
    let on_exec = {
        let (session, view) = (session.clone(), view.clone());
        Callback::from(move |line: String| {
            if let Some(s) = session.borrow_mut().as_mut() {
                view.set(Some(Rc::new(s.exec(&line))));
            }
        })
    };
    let on_diff = {
        let (session, view) = (session.clone(), view.clone());
        Callback::from(move |_: ()| {
            if let Some(s) = session.borrow_mut().as_mut() {
                s.diff();
                view.set(Some(Rc::new(s.view())));
            }
        })
    };
    let on_commit = {
        let (session, view, error) = (session.clone(), view.clone(), error.clone());
        Callback::from(move |reference: String| {
            if let Some(s) = session.borrow_mut().as_mut() {
                match builder.borrow_mut().commit_container(s, &reference) {
                    Ok(_) => error.set(None),
                    Err(e) => error.set(Some(e.into())),
                }
                view.set(Some(Rc::new(s.view())));
            }
        })
    };
    let on_stop = {
        let (session, view, error) = (session.clone(), view.clone(), error.clone());
        Callback::from(move |_: ()| {
            *session.borrow_mut() = None;
            view.set(None);
            error.set(None);
        })
    };
    ContainerHandle {
        view: (*view).clone(),
        error: (*error).clone(),
        on_run,
        on_exec,
        on_diff,
        on_commit,
        on_stop,
    }
}

/// Props: whether an image was built, and the container handle.
#[derive(Properties, PartialEq)]
pub struct ContainerProps {
    /// The last build succeeded (a container can be run).
    pub built: bool,
    /// The container and its actions.
    pub handle: ContainerHandle,
}

/// The short label of an event kind.
fn badge(kind: &str) -> &'static str {
    match kind {
        "created" => "new",
        "copied-up" => "copy-up",
        "metadata" => "copy-up",
        "modified" => "changed",
        "whiteout" => "whiteout",
        "removed" => "removed",
        "opaque" => "opaque",
        _ => "moved",
    }
}

fn block(b: &TermBlock) -> Html {
    let host = b.prompt == "$";
    let lines = b.output.iter().map(|l| {
        html! { <span class={classes!("term-line", l.err.then_some("err"))}>{ &l.text }{ "\n" }</span> }
    });
    let events = b.events.iter().map(|e| {
        html! {
            <li class={classes!("cow-event", format!("cow-{}", e.kind))}>
                <span class="cow-badge">{ badge(e.kind) }</span>
                <code class="cow-path">{ &e.path }</code>
                <span class="cow-text">{ &e.text }</span>
            </li>
        }
    });
    html! {
        <div class={classes!("term-block", host.then_some("host"), (b.status != 0).then_some("failed"))}>
            <div class="term-cmd"><span class="term-prompt">{ &b.prompt }</span>{ " " }{ &b.command }</div>
            if !b.output.is_empty() {
                <pre class="term-out">{ for lines }</pre>
            }
            if b.more_output > 0 {
                <div class="term-more">{ format!("… {} more lines not shown", b.more_output) }</div>
            }
            if !host && b.status != 0 {
                <div class="term-status">{ format!("exit status {}", b.status) }</div>
            }
            if let Some(h) = &b.hint {
                <div class="term-hint">{ h }</div>
            }
            if !b.events.is_empty() {
                <ul class="cow-events" aria-label="Copy-on-write in the container's writable layer">
                    { for events }
                    if b.more_events > 0 {
                        <li class="cow-more">{ format!("… and {} more paths", b.more_events) }</li>
                    }
                </ul>
            }
        </div>
    }
}

/// The panel.
#[component]
pub fn ContainerPanel(props: &ContainerProps) -> Html {
    let input = use_state(String::new);
    let tag = use_state(String::new);
    // Position in the command history while walking it with Up/Down (None: a new line).
    let recall = use_state(|| None::<usize>);
    let log_ref = use_node_ref();
    let input_ref = use_node_ref();
    let h = &props.handle;
    {
        let log_ref = log_ref.clone();
        let count = h.view.as_ref().map_or(0, |v| v.blocks.len());
        use_effect_with(count, move |_| browser::scroll_to_end(&log_ref));
    }
    {
        let input_ref = input_ref.clone();
        let id = h.view.as_ref().map(|v| v.id.clone());
        use_effect_with(id, move |_| browser::focus_node(&input_ref));
    }
    let run = h.on_run.reform(|_: MouseEvent| ());
    let Some(view) = &h.view else {
        return html! {
            <div class="container-panel">
                <div class="panel-head">
                    <h2>{ "Container" }</h2>
                    <button type="button" class="primary" id="run-container" onclick={run} disabled={!props.built}>{ "Run container" }</button>
                </div>
                <p class="muted">{ "A container is the image's layers, read-only, under one writable layer of its own. Run one, change files at its prompt, and watch every write copy a file up from the layer that had it." }</p>
                if !props.built {
                    <p class="muted">{ "Build the image first." }</p>
                }
                if let Some(e) = &h.error {
                    <p class="result err" role="alert">{ e.clone() }</p>
                }
            </div>
        };
    };
    let history: Vec<String> = view
        .blocks
        .iter()
        .filter(|b| b.prompt != "$")
        .map(|b| b.command.clone())
        .collect();
    let oninput = {
        let input = input.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            input.set(el.value());
        })
    };
    let onkeydown = {
        let (input, recall, on_exec) = (input.clone(), recall.clone(), h.on_exec.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                let line = (*input).clone();
                if !line.trim().is_empty() {
                    on_exec.emit(line);
                }
                input.set(String::new());
                recall.set(None);
            }
            "ArrowUp" if !history.is_empty() => {
                e.prevent_default();
                let i = recall.map_or(history.len() - 1, |i| i.saturating_sub(1));
                input.set(history[i].clone());
                recall.set(Some(i));
            }
            "ArrowDown" => {
                e.prevent_default();
                match *recall {
                    Some(i) if i + 1 < history.len() => {
                        input.set(history[i + 1].clone());
                        recall.set(Some(i + 1));
                    }
                    _ => {
                        input.set(String::new());
                        recall.set(None);
                    }
                }
            }
            _ => {}
        })
    };
    let diff = h.on_diff.reform(|_: MouseEvent| ());
    let stop = h.on_stop.reform(|_: MouseEvent| ());
    let on_tag = {
        let tag = tag.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            tag.set(el.value());
        })
    };
    let commit = {
        let (tag, cb) = (tag.clone(), h.on_commit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            cb.emit((*tag).clone());
        })
    };
    let blocks = view.blocks.iter().map(|b| block(b));
    html! {
        <div class="container-panel">
            <div class="panel-head">
                <h2>{ "Container " }<span class="mono muted">{ &view.short_id }</span></h2>
                <div class="container-actions">
                    <button type="button" id="container-diff" onclick={diff}
                        title="docker container diff: what the writable layer changed">{ "Diff" }</button>
                    <button type="button" id="container-stop" onclick={stop}
                        title="docker rm -f: the container and its writable layer are gone">{ "Stop" }</button>
                    <button type="button" id="run-container" onclick={run} disabled={!props.built}
                        title="Remove this container and run a new one of the last built image">{ "New container" }</button>
                </div>
            </div>
            <div class="terminal">
                <div class="term-log" id="container-log" role="log" aria-label="Container terminal" ref={log_ref}>
                    { for blocks }
                </div>
                if view.exited {
                    <p class="term-exited">{ "The shell exited. Diff and Commit still work; New container starts another." }</p>
                } else {
                    <div class="term-input-row">
                        <label for="container-input" class="term-prompt">{ &view.prompt }</label>
                        <input id="container-input" type="text" ref={input_ref} value={(*input).clone()}
                            autocomplete="off" autocapitalize="off" spellcheck="false"
                            aria-describedby="container-help" {oninput} {onkeydown} />
                    </div>
                }
            </div>
            <p class="muted small" id="container-help">{ "Enter runs the line; ↑/↓ recall earlier lines. Try: echo hi > /etc/motd, rm /etc/hostname, then Diff." }</p>
            <form class="commit-form" onsubmit={commit}>
                <label for="commit-tag">{ "docker commit as" }</label>
                <input id="commit-tag" type="text" placeholder="repository:tag (optional)" value={(*tag).clone()}
                    oninput={on_tag} autocomplete="off" autocapitalize="off" spellcheck="false" />
                <button type="submit" id="commit">{ "Commit" }</button>
            </form>
            if let Some(id) = &view.committed {
                <p class="result ok" id="commit-result" role="status">
                    { format!("New image {id}") }
                    <span class="hint">{ " — it is in the image store now; committed with a repository:tag, a Dockerfile can start FROM it." }</span>
                </p>
            }
            if let Some(e) = &h.error {
                <p class="result err" role="alert">{ e.clone() }</p>
            }
        </div>
    }
}
