//! The page header: name, tagline, the example picker.

use crate::examples::EXAMPLES;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// Load the example with this id.
    pub on_example: Callback<String>,
}

/// The page header.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let onchange = {
        let on_example = props.on_example.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let id = select.value();
            select.set_value("");
            if !id.is_empty() {
                on_example.emit(id);
            }
        })
    };
    html! {
        <header class="header">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "▤" }</span>
                <h1>{ "Layercake" }</h1>
                <span class="tagline">{ "Docker image builds, layer by layer, in your browser" }</span>
            </div>
            <nav class="actions" aria-label="Workspace">
                <label class="visually-hidden" for="examples">{ "Load an example" }</label>
                <select id="examples" {onchange}>
                    <option value="" selected=true>{ "Load an example…" }</option>
                    { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                </select>
            </nav>
        </header>
    }
}
