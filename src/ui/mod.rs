//! The browser UI (feature `web`): the only code that uses yew, web-sys, gloo or
//! wasm-bindgen.

use yew::prelude::*;

/// Mounts the app on the page body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The root component.
#[component]
pub fn App() -> Html {
    html! { <main><h1>{ "Layercake" }</h1></main> }
}
