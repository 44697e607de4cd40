//! The page header: name, tagline and workspace actions.

use yew::prelude::*;

/// Props of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// Replace the Dockerfile with the example.
    pub on_reset: Callback<()>,
}

/// The page header.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    html! {
        <header class="header">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "▤" }</span>
                <h1>{ "Layercake" }</h1>
                <span class="tagline">{ "Docker image builds, layer by layer, in your browser" }</span>
            </div>
            <nav class="actions" aria-label="Workspace">
                <button type="button" id="reset-example" onclick={on_reset}>{ "Reset to example" }</button>
            </nav>
        </header>
    }
}
