//! The results column: one tab strip over the build's views (the build log, the image, and
//! the panels that inspect the built image). Tabs follow the WAI-ARIA tabs pattern: a
//! `tablist` of `tab` buttons, arrow keys move between them, each controls one `tabpanel`.

use yew::prelude::*;

/// The views of the results column, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The BuildKit-style build log.
    Log,
    /// The layer stack: one row per history entry, cache marks, sharing.
    Layers,
    /// The image: config, history, downloads.
    Image,
    /// A container of the image: a shell prompt, copy-on-write, diff, commit.
    Container,
    /// The filesystem explorer.
    Files,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 5] = [
        Tab::Log,
        Tab::Layers,
        Tab::Files,
        Tab::Container,
        Tab::Image,
    ];

    /// The label on the tab.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Log => "Build log",
            Tab::Layers => "Layers",
            Tab::Files => "Files",
            Tab::Image => "Image",
            Tab::Container => "Container",
        }
    }

    /// The id stem of the tab and its panel (`tab-log`, `panel-log`).
    pub fn id(self) -> &'static str {
        match self {
            Tab::Log => "log",
            Tab::Layers => "layers",
            Tab::Files => "files",
            Tab::Image => "image",
            Tab::Container => "container",
        }
    }
}

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// The tab shown.
    pub tab: Tab,
    /// Show another tab.
    pub on_tab: Callback<Tab>,
    /// The Build button's action.
    pub on_build: Callback<()>,
    /// Whether a build is running (the button then reads Cancel and stops it).
    #[prop_or_default]
    pub building: bool,
    /// Controls shown beside the Build button (build options).
    #[prop_or_default]
    pub controls: Html,
    /// The content of the shown tab.
    pub children: Html,
}

/// The results column.
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let onclick = props.on_build.reform(|_: MouseEvent| ());
    let current = props.tab;
    let tabs = Tab::ALL.iter().map(|&tab| {
        let selected = tab == current;
        let onclick = props.on_tab.reform(move |_: MouseEvent| tab);
        let onkeydown = {
            let on_tab = props.on_tab.clone();
            Callback::from(move |e: KeyboardEvent| {
                let i = Tab::ALL.iter().position(|&t| t == tab).unwrap_or(0);
                let n = Tab::ALL.len();
                let next = match e.key().as_str() {
                    "ArrowRight" => Tab::ALL[(i + 1) % n],
                    "ArrowLeft" => Tab::ALL[(i + n - 1) % n],
                    "Home" => Tab::ALL[0],
                    "End" => Tab::ALL[n - 1],
                    _ => return,
                };
                e.prevent_default();
                on_tab.emit(next);
                crate::ui::browser::focus_soon(&format!("tab-{}", next.id()));
            })
        };
        html! {
            <button type="button" role="tab" id={format!("tab-{}", tab.id())}
                aria-selected={selected.to_string()} aria-controls={format!("panel-{}", tab.id())}
                tabindex={if selected { "0" } else { "-1" }} class={classes!("tab", selected.then_some("selected"))}
                {onclick} {onkeydown}>{ tab.label() }</button>
        }
    });
    html! {
        <section class="panel results" aria-label="Results">
            <div class="panel-head results-head">
                <div class="tabs" role="tablist" aria-label="Build results">{ for tabs }</div>
                <button type="button" class={classes!("primary", props.building.then_some("cancel"))} id="build" {onclick}
                    title={if props.building { "Stop the build at its next step" } else { "Build the image (Ctrl+Enter in the editor)" }}>
                    { if props.building { "Cancel" } else { "Build" } }</button>
            </div>
            { props.controls.clone() }
            <div class="tab-panel" role="tabpanel" tabindex="0" id={format!("panel-{}", current.id())}
                aria-labelledby={format!("tab-{}", current.id())}>
                { props.children.clone() }
            </div>
        </section>
    }
}
