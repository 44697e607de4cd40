//! The browser UI (feature `web`): the only code that uses yew, web-sys, gloo or
//! wasm-bindgen.
//!
//! State lives in one reducer ([`state::AppState`], changed only by dispatching an
//! [`state::Action`]); components get plain data and callbacks through props. Browser APIs
//! (localStorage, downloads) are used only in [`browser`].

pub mod browser;
pub mod components;
pub mod state;

use components::{editor::Editor, header::Header, panels::Panels};
use state::{Action, AppState};
use yew::prelude::*;

/// Mounts the app on the page body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The root component: header, editor, panels.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::restore);

    // Autosave: every change of the Dockerfile text is written to localStorage at once.
    {
        let dockerfile = state.dockerfile.clone();
        use_effect_with(dockerfile, |text| {
            browser::save_workspace(text);
        });
    }

    let on_edit = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ResetToExample))
    };

    html! {
        <div class="app">
            <Header on_reset={on_reset} />
            if let Some(notice) = &state.notice {
                <div class="notice" role="status">{ notice }</div>
            }
            <main class="workspace">
                <Editor text={state.dockerfile.clone()} problems={state.problems.clone()} on_edit={on_edit} />
                <Panels line_count={state.dockerfile.lines().count()} />
            </main>
        </div>
    }
}
