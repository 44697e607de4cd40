//! The panel area beside the editor, where build output, layers and files will appear.

use yew::prelude::*;

/// Props of [`Panels`].
#[derive(Properties, PartialEq)]
pub struct PanelsProps {
    /// Number of lines in the Dockerfile, shown in the status line.
    pub line_count: usize,
}

/// The panels.
#[component]
pub fn Panels(props: &PanelsProps) -> Html {
    html! {
        <section class="panels" aria-label="Results">
            <div class="panel">
                <h2>{ "Build" }</h2>
                <p class="muted">
                    { "Building images in the browser is not available yet: the build engine is being written. The Dockerfile is already read exactly as BuildKit reads it (problems show under the editor as you type), and the build context follows .dockerignore." }
                </p>
                <p class="status" id="status">
                    { format!("{} line{} · saved in this browser", props.line_count, if props.line_count == 1 { "" } else { "s" }) }
                </p>
            </div>
        </section>
    }
}
