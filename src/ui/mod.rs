//! The browser UI (feature `web`): the only code that uses yew, web-sys, gloo or
//! wasm-bindgen.
//!
//! State lives in one reducer ([`state::AppState`], changed only by dispatching an
//! [`state::Action`]); components get plain data and callbacks through props. Browser APIs
//! (localStorage, dialogs) are used only in [`browser`]; the core is reached only through
//! [`crate::session`] and [`crate::examples`].

pub mod browser;
pub mod components;
pub mod shelf;
pub mod state;

use crate::session::StepStatus;
use components::{
    build_options::BuildOptionsBar,
    container::{use_container, ContainerPanel},
    context::ContextPanel,
    editor::Editor,
    explorer::Explorer,
    header::Header,
    image::ImagePanel,
    layers::LayerStackView,
    panels::BuildLog,
    results::{Results, Tab},
    workspaces::WorkspaceBar,
};
use state::{Action, AppState};
use std::rc::Rc;
use yew::prelude::*;

/// The tag of the playground's image.
const TAG: &str = "playground:latest";

/// Which build may run: each build has a number; a newer one (or Cancel) stops the older at
/// its next step.
#[derive(Default)]
struct BuildRuns {
    current: u64,
    cancel: bool,
}

/// Runs a build step by step. A fast build (web-ping: seven steps in a few ms) runs in one
/// go, as a synchronous build would. Otherwise it yields to the event loop after every 8 ms
/// of work (so the page stays responsive and Cancel can be clicked), and before a RUN step
/// (which may take long) or after 50 ms without a paint it shows the progress (the log so
/// far, the next step running, "Building… step 3/7") and waits for a paint.
fn spawn_build(
    state: UseReducerHandle<AppState>,
    builder: Rc<std::cell::RefCell<crate::session::Builder>>,
    runs: Rc<std::cell::RefCell<BuildRuns>>,
    request: crate::session::BuildRequest,
) {
    let me = {
        let mut runs = runs.borrow_mut();
        runs.current += 1;
        runs.cancel = false;
        runs.current
    };
    yew::platform::spawn_local(async move {
        let mut job = builder.borrow().start(request);
        let mut painted = browser::now_ms();
        let mut slice = painted;
        let mut wait = Wait::No;
        loop {
            match wait {
                Wait::No => {}
                Wait::Turn => {
                    browser::next_turn().await;
                    slice = browser::now_ms();
                }
                Wait::Paint => {
                    browser::after_paint().await;
                    painted = browser::now_ms();
                    slice = painted;
                }
            }
            {
                let runs = runs.borrow();
                if runs.current != me {
                    return; // a newer build took over
                }
                if runs.cancel {
                    state.dispatch(Action::Built(Rc::new(job.cancel())));
                    return;
                }
            }
            let step = job.step(&mut builder.borrow_mut());
            let Some(p) = step else {
                state.dispatch(Action::Built(Rc::new(job.into_view())));
                let b = builder.borrow();
                let (stack, files) = (b.layer_stack(), b.image_files());
                state.dispatch(Action::Inspected(stack.map(Rc::new), files.map(Rc::new)));
                return;
            };
            let now = browser::now_ms();
            let next_runs = p
                .view
                .steps
                .last()
                .is_some_and(|s| s.status == StepStatus::Running && s.name.contains("RUN "));
            wait = if next_runs || now - painted > 50.0 {
                state.dispatch(Action::BuildProgress(Rc::new(p.view), p.started, p.total));
                Wait::Paint
            } else if now - slice > 8.0 {
                Wait::Turn
            } else {
                Wait::No
            };
        }
    });
}

/// What a running build waits for before its next step.
#[derive(Clone, Copy)]
enum Wait {
    /// Nothing: the time slice goes on.
    No,
    /// A turn of the event loop (input events run).
    Turn,
    /// A paint (the progress just dispatched shows).
    Paint,
}

/// Mounts the app on the page body.
pub fn start() {
    yew::Renderer::<App>::new().render();
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
    let state = use_reducer(shelf::restore);

    // Autosave: every change of a workspace (or of which one is open) is written to
    // localStorage at once; a failure is reported once.
    {
        let deps = (
            state.name.clone(),
            state.workspace.clone(),
            state.others.clone(),
        );
        let state = state.clone();
        use_effect_with(deps, move |(name, workspace, others)| {
            if let Err(e) = browser::save(&crate::session::encode(name, workspace, others)) {
                let text = format!("Your workspaces could not be saved in this browser ({e}): export them as .tar to keep them.");
                if state.notice.as_deref() != Some(text.as_str()) {
                    state.dispatch(Action::Notice(text));
                }
            }
        });
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
    let runs = use_mut_ref(BuildRuns::default);
    // Switching workspaces abandons a running build: its result belongs to the old one.
    {
        let runs = runs.clone();
        use_effect_with(state.name.clone(), move |_| {
            runs.borrow_mut().current += 1;
        });
    }
    // Build (the editor's Ctrl+Enter): starts a build; during one, starts over with the
    // current text (the running build stops at its next step).
    let on_build = {
        let state = state.clone();
        let builder = builder.clone();
        let runs = runs.clone();
        Callback::from(move |_: ()| {
            let ws = &state.workspace;
            let request = crate::session::BuildRequest::new(&ws.dockerfile, &ws.files, TAG)
                .with_options(&ws.options);
            spawn_build(state.clone(), builder.clone(), runs.clone(), request);
        })
    };
    // The Build button turns into Cancel while a build runs.
    let on_build_button = {
        let on_build = on_build.clone();
        let runs = runs.clone();
        let building = state.building.is_some();
        Callback::from(move |_: ()| {
            if building {
                runs.borrow_mut().cancel = true;
            } else {
                on_build.emit(());
            }
        })
    };
    // Auto-rebuild: 400 ms after the last change of what a build reads, if the Dockerfile has
    // no errors (a new change restarts the wait).
    {
        let ws = &state.workspace;
        let deps = (
            ws.auto_rebuild,
            ws.dockerfile.clone(),
            ws.files.clone(),
            ws.options.clone(),
            state.name.clone(),
        );
        let ready = ws.auto_rebuild && !state.problems.iter().any(|p| p.is_error);
        let on_build = on_build.clone();
        use_effect_with(deps, move |_| {
            let timer =
                ready.then(|| gloo::timers::callback::Timeout::new(400, move || on_build.emit(())));
            move || drop(timer)
        });
    }
    let on_shelf = dispatcher(&state, Action::Shelf);
    let on_options = dispatcher(&state, Action::SetOptions);
    let on_auto = dispatcher(&state, Action::SetAutoRebuild);
    let on_jump = dispatcher(&state, Action::JumpTo);
    let on_export = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            let result =
                crate::session::export_workspace_tar(&state.workspace, browser::now_seconds())
                    .and_then(|tar| {
                        browser::download(&shelf::tar_name(&state.name), &tar, "application/x-tar")
                    });
            if let Err(e) = result {
                state.dispatch(Action::Notice(format!(
                    "Could not export the workspace: {e}"
                )));
            }
        })
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |(file, bytes): (String, Result<Vec<u8>, String>)| {
            let read = bytes.and_then(|b| {
                crate::session::import_workspace_tar(&b, crate::session::TarLimits::default())
            });
            state.dispatch(match read {
                Ok(imported) => Action::Shelf(shelf::ShelfAction::Import {
                    name: shelf::import_name(&file),
                    imported,
                }),
                Err(e) => Action::Notice(format!(
                    "Could not import {file}: {e}. Nothing was changed."
                )),
            });
        })
    };
    let stages = {
        let dockerfile = state.workspace.dockerfile.clone();
        use_memo(dockerfile, |d| crate::session::stage_names(d))
    };
    let names = Rc::new(shelf::names(&state));
    let download_error = use_state(|| None::<AttrValue>);
    let on_download = {
        let builder = builder.clone();
        let download_error = download_error.clone();
        Callback::from(move |_: ()| {
            let result = builder
                .borrow()
                .save(TAG)
                .and_then(|tar| browser::download("playground.tar", &tar, "application/x-tar"));
            download_error.set(result.err().map(AttrValue::from));
        })
    };
    let on_download_oci = {
        let builder = builder.clone();
        let download_error = download_error.clone();
        Callback::from(move |_: ()| {
            let result = builder
                .borrow()
                .save_oci("playground:latest")
                .and_then(|tar| browser::download("playground-oci.tar", &tar, "application/x-tar"));
            download_error.set(result.err().map(AttrValue::from));
        })
    };
    let container = use_container(builder.clone(), "playground:latest");
    let built = state.build.as_ref().is_some_and(|b| b.image_id.is_some());
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

    let failed = state
        .build
        .as_ref()
        .and_then(|b| b.error.as_ref())
        .and_then(|(message, _, line)| line.map(|l| (l, AttrValue::from(message.clone()))));
    let controls = html! {
        <BuildOptionsBar options={ws.options.clone()} auto_rebuild={ws.auto_rebuild}
            stages={stages.clone()} on_change={on_options} {on_auto} />
    };

    html! {
        <div class="app">
            <Header {on_example} />
            <WorkspaceBar name={AttrValue::from(state.name.clone())} {names}
                origin={ws.origin().map(|e| AttrValue::from(e.title))}
                on_action={on_shelf} {on_export} on_import={on_import.clone()} />
            if let Some(notice) = &state.notice {
                <div class="notice" role="status">
                    { notice }
                    if state.previous.is_some() || state.deleted.is_some() {
                        <button type="button" id="undo-example" onclick={on_undo}>{ "Undo" }</button>
                    }
                </div>
            }
            <main class="workspace">
                <ContextPanel entries={state.context.clone()} open={ws.open.clone()}
                    ignore_error={state.ignore_error.clone()} {on_open} {on_add} {on_rename} {on_delete} {on_import} />
                <Editor name={open_name} text={AttrValue::from(ws.open_text().to_string())} {problems} {on_edit}
                    lint={ws.open.is_none()} on_build={on_build.clone()} {failed} jump={state.jump} />
                <Results tab={state.tab} {on_tab} on_build={on_build_button} building={state.building.is_some()} {controls}>
                    { match state.tab {
                        Tab::Log => html! { <BuildLog build={state.build.clone()} progress={state.building} {on_jump} /> },
                        Tab::Layers => html! {
                            <LayerStackView stack={state.layers.clone()} failed={build_failed} on_files={on_layer_files} />
                        },
                        Tab::Files => html! {
                            <Explorer files={state.files.clone()} layer={state.files_layer} {on_layer} />
                        },
                        Tab::Image => match &state.build {
                            Some(build) if build.image_id.is_some() => html! {
                                <ImagePanel build={build.clone()} {on_download} {on_download_oci}
                                    inspect={builder.borrow().inspect("playground:latest").map(Rc::new)}
                                    download_error={(*download_error).clone()} />
                            },
                            _ => html! { <p class="muted">{ "Build the image first: its ID, config and history appear here." }</p> },
                        },
                        Tab::Container => html! { <ContainerPanel {built} handle={container.clone()} /> },
                    } }
                </Results>
            </main>
        </div>
    }
}
