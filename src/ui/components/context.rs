//! The build-context panel: the Dockerfile and the context files, which ones `.dockerignore`
//! keeps out, and creating, renaming, deleting and dropping files in.

use crate::session::ContextEntry;
use crate::ui::browser;
use std::rc::Rc;
use web_sys::DragEvent;
use yew::prelude::*;

/// Props of [`ContextPanel`].
#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    /// The context files.
    pub entries: Rc<Vec<ContextEntry>>,
    /// The file open in the editor (`None`: the Dockerfile).
    pub open: Option<String>,
    /// A `.dockerignore` error to show.
    pub ignore_error: Option<String>,
    /// Open a file (`None`: the Dockerfile).
    pub on_open: Callback<Option<String>>,
    /// Add files (path, text).
    pub on_add: Callback<Vec<(String, String)>>,
    /// Rename a file.
    pub on_rename: Callback<(String, String)>,
    /// Delete a file.
    pub on_delete: Callback<String>,
    /// A dropped `.tar`/`.tar.gz`/`.tgz`: import it as a workspace (name, bytes or error).
    #[prop_or_default]
    pub on_import: Callback<(String, Result<Vec<u8>, String>)>,
}

/// The build-context panel.
#[component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let dragging = use_state(|| false);
    let readers = use_mut_ref(Vec::new);

    let on_new = {
        let on_add = props.on_add.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(path) =
                browser::prompt("New file in the build context (e.g. src/index.js):", "")
            {
                on_add.emit(vec![(path, String::new())]);
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_add = props.on_add.clone();
        let on_import = props.on_import.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let Some(list) = e.data_transfer().and_then(|d| d.files()) else {
                return;
            };
            for i in 0..list.length() {
                let Some(file) = list.get(i) else { continue };
                let lower = file.name().to_ascii_lowercase();
                if [".tar", ".tar.gz", ".tgz"]
                    .iter()
                    .any(|x| lower.ends_with(x))
                {
                    let max = crate::ui::components::workspaces::MAX_IMPORT_FILE;
                    browser::read_file(file, max, on_import.clone());
                    continue;
                }
                let file = gloo::file::File::from(file);
                let name = file.name();
                let on_add = on_add.clone();
                let reader = gloo::file::callbacks::read_as_text(&file, move |text| {
                    if let Ok(text) = text {
                        on_add.emit(vec![(name, text)]);
                    }
                });
                readers.borrow_mut().push(reader);
            }
        })
    };

    let dockerfile_class = if props.open.is_none() {
        "file open"
    } else {
        "file"
    };
    let on_dockerfile = {
        let on_open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(None))
    };
    let rows = props.entries.iter().map(|entry| {
        let path = entry.path.clone();
        let open = props.open.as_deref() == Some(entry.path.as_str());
        let class = classes!("file", open.then_some("open"), entry.ignored.then_some("ignored"));
        let on_open = {
            let on_open = props.on_open.clone();
            let path = path.clone();
            Callback::from(move |_: MouseEvent| on_open.emit(Some(path.clone())))
        };
        let on_rename = {
            let on_rename = props.on_rename.clone();
            let path = path.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(to) = browser::prompt(&format!("Rename {path} to:"), &path) {
                    on_rename.emit((path.clone(), to));
                }
            })
        };
        let on_delete = {
            let on_delete = props.on_delete.clone();
            let path = path.clone();
            Callback::from(move |_: MouseEvent| {
                if browser::confirm(&format!("Delete {path} from the build context?")) {
                    on_delete.emit(path.clone());
                }
            })
        };
        let title = if entry.ignored { "Excluded by .dockerignore: not sent to the build" } else { "" };
        html! {
            <li class={class} title={title}>
                <button type="button" class="name" onclick={on_open} aria-current={open.then_some("true")}>
                    { &entry.path }
                    if entry.ignored { <span class="badge">{ "ignored" }</span> }
                </button>
                <span class="size">{ format!("{} B", entry.size) }</span>
                <button type="button" class="icon" onclick={on_rename} aria-label={format!("Rename {path}")}>{ "✎" }</button>
                <button type="button" class="icon" onclick={on_delete} aria-label={format!("Delete {path}")}>{ "×" }</button>
            </li>
        }
    });

    html! {
        <section class={classes!("panel", "context", (*dragging).then_some("dragging"))}
            aria-label="Build context" {ondragover} {ondragleave} {ondrop}>
            <div class="panel-head">
                <h2>{ "Build context" }</h2>
                <button type="button" id="new-file" onclick={on_new}>{ "New file" }</button>
            </div>
            <ul class="files" role="list">
                <li class={dockerfile_class}>
                    <button type="button" class="name" onclick={on_dockerfile}
                        aria-current={props.open.is_none().then_some("true")}>{ "Dockerfile" }</button>
                </li>
                { for rows }
            </ul>
            if let Some(err) = &props.ignore_error { <p class="error-text" role="alert">{ err }</p> }
            <p class="muted small">{ "Drop files here to add them to the context (a .tar opens as a new workspace)." }</p>
        </section>
    }
}
