//! The browser UI (feature `web`): the only code that uses yew, web-sys, gloo or
//! wasm-bindgen.
//!
//! State lives in one reducer ([`state::AppState`], changed only by dispatching an
//! [`state::Action`]); components get plain data and callbacks through props. Browser APIs
//! (localStorage, dialogs) are used only in [`browser`]; the core is reached only through
//! [`crate::session`] and [`crate::examples`].

pub mod browser;
pub mod components;
pub mod state;

use components::{
    context::ContextPanel,
    editor::Editor,
    explorer::Explorer,
    header::Header,
    image::ImagePanel,
    layers::LayerStackView,
    panels::BuildLog,
    results::{Results, Tab},
};
use state::{Action, AppState};
use std::rc::Rc;
use yew::prelude::*;

/// Mounts the app on the page body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

fn restore() -> AppState {
    match browser::load_workspace() {
        browser::Loaded::Saved(ws) => AppState::new(ws, None),
        browser::Loaded::Nothing => AppState::example(),
        browser::Loaded::Corrupt { kept_as } => {
            let mut s = AppState::example();
            s.notice = Some(format!(
                "Your saved workspace could not be read; it was kept in localStorage as \"{kept_as}\" and the example was loaded."
            ));
            s
        }
    }
}

/// A callback that dispatches `make(value)`.
fn dispatcher<T: 'static>(
    state: &UseReducerHandle<AppState>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |x| state.dispatch(make(x)))
}

/// The root component: header, build context, editor, panels.
#[component]
pub fn App() -> Html {
    let state = use_reducer(restore);

    // Autosave: every change of the workspace is written to localStorage at once.
    {
        let workspace = state.workspace.clone();
        use_effect_with(workspace, browser::save_workspace);
    }

    let on_edit = dispatcher(&state, Action::Edit);
    let on_open = dispatcher(&state, Action::Open);
    let on_add = dispatcher(&state, Action::AddFiles);
    let on_delete = dispatcher(&state, Action::Delete);
    let on_example = dispatcher(&state, Action::LoadExample);
    let on_tab = dispatcher(&state, Action::ShowTab);
    let on_rename = {
        let state = state.clone();
        Callback::from(move |(from, to)| state.dispatch(Action::Rename(from, to)))
    };
    let on_undo = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Undo))
    };
    let builder = use_mut_ref(crate::session::Builder::new);
    let on_build = {
        let state = state.clone();
        let builder = builder.clone();
        Callback::from(move |_: ()| {
            let ws = &state.workspace;
            let view = builder
                .borrow_mut()
                .build(&ws.dockerfile, &ws.files, "playground:latest");
            state.dispatch(Action::Built(Rc::new(view)));
            let b = builder.borrow();
            let (stack, files) = (b.layer_stack(), b.image_files());
            state.dispatch(Action::Inspected(stack.map(Rc::new), files.map(Rc::new)));
        })
    };
    let download_error = use_state(|| None::<AttrValue>);
    let on_download = {
        let builder = builder.clone();
        let download_error = download_error.clone();
        Callback::from(move |_: ()| {
            let result = builder
                .borrow()
                .save("playground:latest")
                .and_then(|tar| browser::download("playground.tar", &tar, "application/x-tar"));
            download_error.set(result.err().map(AttrValue::from));
        })
    };
    let on_layer = dispatcher(&state, Action::PickLayer);
    let on_layer_files = {
        let state = state.clone();
        Callback::from(move |layer: usize| {
            state.dispatch(Action::PickLayer(Some(layer)));
            state.dispatch(Action::ShowTab(Tab::Files));
        })
    };
    let build_failed = state.build.as_ref().is_some_and(|b| b.error.is_some());
    let ws = &state.workspace;
    let open_name = ws.open.clone().unwrap_or_else(|| "Dockerfile".to_string());
    let problems = if ws.open.is_none() {
        state.problems.clone()
    } else {
        Rc::new(Vec::new())
    };

    html! {
        <div class="app">
            <Header {on_example} />
            if let Some(notice) = &state.notice {
                <div class="notice" role="status">
                    { notice }
                    if state.previous.is_some() {
                        <button type="button" id="undo-example" onclick={on_undo}>{ "Undo" }</button>
                    }
                </div>
            }
            <main class="workspace">
                <ContextPanel entries={state.context.clone()} open={ws.open.clone()}
                    ignore_error={state.ignore_error.clone()} {on_open} {on_add} {on_rename} {on_delete} />
                <Editor name={open_name} text={AttrValue::from(ws.open_text().to_string())} {problems} {on_edit}
                    lint={ws.open.is_none()} on_build={on_build.clone()} />
                <Results tab={state.tab} {on_tab} {on_build}>
                    { match state.tab {
                        Tab::Log => html! { <BuildLog build={state.build.clone()} /> },
                        Tab::Layers => html! {
                            <LayerStackView stack={state.layers.clone()} failed={build_failed} on_files={on_layer_files} />
                        },
                        Tab::Files => html! {
                            <Explorer files={state.files.clone()} layer={state.files_layer} {on_layer} />
                        },
                        Tab::Image => match &state.build {
                            Some(build) if build.image_id.is_some() => html! {
                                <ImagePanel build={build.clone()} {on_download}
                                    download_error={(*download_error).clone()} />
                            },
                            _ => html! { <p class="muted">{ "Build the image first: its ID, config and history appear here." }</p> },
                        },
                    } }
                </Results>
            </main>
        </div>
    }
}
