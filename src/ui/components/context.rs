//! The build-context panel: the Dockerfile and the context files as a tree (directories
//! collapsible, arrow keys to move), which ones `.dockerignore` keeps out, and creating,
//! renaming, deleting and dropping files in.

use crate::session::{self, ContextEntry, ContextRow};
use crate::ui::browser;
use std::collections::BTreeSet;
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

/// Expands the directories holding `path` (as typed: it is cleaned first), so that a new or
/// renamed file shows.
fn expand_to(collapsed: &UseStateHandle<BTreeSet<String>>, path: &str) {
    let Some(path) = session::clean_context_path(path) else {
        return;
    };
    let mut set = (**collapsed).clone();
    let before = set.len();
    for dir in session::parent_dirs(&path) {
        set.remove(&dir);
    }
    if set.len() != before {
        collapsed.set(set);
    }
}

/// The inline style indenting a tree row `depth` levels.
fn indent(depth: usize) -> String {
    format!("--depth: {depth}")
}

/// The build-context panel.
#[component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let dragging = use_state(|| false);
    let readers = use_mut_ref(Vec::new);
    let collapsed = use_state(BTreeSet::<String>::new);

    let on_new = {
        let on_add = props.on_add.clone();
        let collapsed = collapsed.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(path) =
                browser::prompt("New file in the build context (e.g. src/index.js):", "")
            {
                expand_to(&collapsed, &path);
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

    // Row 0 is the Dockerfile; rows 1.. are the tree's rows. Arrow keys move the focus between
    // the rows' main buttons (marked `data-row=N`), Right/Left expand/collapse directories.
    let tree = session::context_tree(&props.entries, &collapsed);
    let row_id = |i: usize| i.to_string();
    let count = tree.len() + 1;
    let dir_index = |path: &str| {
        tree.iter()
            .position(|r| matches!(r, ContextRow::Dir { path: p, .. } if p == path))
            .map(|i| i + 1)
    };
    let onkeydown = |i: usize, dir: Option<(String, bool)>, parent: Option<usize>| {
        let collapsed = collapsed.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Whether a directory is open is read from the row itself at the moment of the
            // key press: a listener from an earlier render could otherwise act on stale state.
            let dir = dir.as_ref().map(|(path, expanded)| {
                let open = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    .and_then(|el| el.closest("[role=\"treeitem\"]").ok().flatten())
                    .and_then(|li| li.get_attribute("aria-expanded"))
                    .map_or(*expanded, |v| v == "true");
                (path.clone(), open)
            });
            let target = match e.key().as_str() {
                "ArrowDown" => Some(i + 1),
                "ArrowUp" => i.checked_sub(1),
                "Home" => Some(0),
                "End" => Some(count - 1),
                "ArrowRight" => match &dir {
                    Some((path, false)) => {
                        let mut set = (*collapsed).clone();
                        set.remove(path);
                        collapsed.set(set);
                        Some(i)
                    }
                    Some((_, true)) => Some(i + 1),
                    None => None,
                },
                "ArrowLeft" => match &dir {
                    Some((path, true)) => {
                        let mut set = (*collapsed).clone();
                        set.insert(path.clone());
                        collapsed.set(set);
                        Some(i)
                    }
                    _ => parent,
                },
                _ => return,
            };
            e.prevent_default();
            if let Some(t) = target {
                browser::focus_soon_selector(&format!(".files [data-row=\"{t}\"]"));
            }
        })
    };

    let dockerfile_open = props.open.is_none();
    let on_dockerfile = {
        let on_open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(None))
    };
    let rows = tree.iter().enumerate().map(|(n, row)| {
        let i = n + 1;
        match row {
            ContextRow::Dir { path, name, depth, files, all_ignored, expanded } => {
                let toggle = {
                    let collapsed = collapsed.clone();
                    let path = path.clone();
                    Callback::from(move |_: MouseEvent| {
                        let mut set = (*collapsed).clone();
                        if !set.remove(&path) {
                            set.insert(path.clone());
                        }
                        collapsed.set(set);
                    })
                };
                let parent = session::parent_dirs(path).last().and_then(|p| dir_index(p));
                let class = classes!("dir", all_ignored.then_some("ignored"));
                let title = if *all_ignored { "Every file in it is excluded by .dockerignore" } else { "" };
                let count = if *files == 1 { "1 file".to_string() } else { format!("{files} files") };
                html! {
                    <li key={format!("d:{path}")} class={class} role="treeitem" aria-level={(depth + 1).to_string()}
                        aria-expanded={expanded.to_string()} {title} style={indent(*depth)}
                        onkeydown={onkeydown(i, Some((path.clone(), *expanded)), parent)}>
                        <button type="button" class="dir-name" data-row={row_id(i)} onclick={toggle}
                            title={format!("{path}/")}>
                            <span class="twisty" aria-hidden="true">{ if *expanded { "▾" } else { "▸" } }</span>
                            { format!("{name}/") }
                            if *all_ignored { <span class="badge">{ "ignored" }</span> }
                        </button>
                        <span class="size">{ count }</span>
                    </li>
                }
            }
            ContextRow::File { entry, name, depth, parent } => {
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
                    let collapsed = collapsed.clone();
                    let path = path.clone();
                    Callback::from(move |_: MouseEvent| {
                        if let Some(to) = browser::prompt(&format!("Rename {path} to:"), &path) {
                            expand_to(&collapsed, &to);
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
                let parent = parent.as_deref().and_then(&dir_index);
                html! {
                    <li key={format!("f:{path}")} class={class} {title} role="treeitem" aria-level={(depth + 1).to_string()}
                        aria-selected={open.to_string()} style={indent(*depth)}
                        onkeydown={onkeydown(i, None, parent)}>
                        <button type="button" class="name" data-row={row_id(i)} onclick={on_open}
                            title={path.clone()}>
                            { name }
                            if entry.ignored { <span class="badge">{ "ignored" }</span> }
                        </button>
                        <span class="size">{ format!("{} B", entry.size) }</span>
                        <button type="button" class="icon" onclick={on_rename} aria-label={format!("Rename {path}")}>{ "✎" }</button>
                        <button type="button" class="icon" onclick={on_delete} aria-label={format!("Delete {path}")}>{ "×" }</button>
                    </li>
                }
            }
        }
    });

    html! {
        <section class={classes!("panel", "context", (*dragging).then_some("dragging"))}
            aria-label="Build context" {ondragover} {ondragleave} {ondrop}>
            <div class="panel-head">
                <h2>{ "Build context" }</h2>
                <button type="button" id="new-file" onclick={on_new}>{ "New file" }</button>
            </div>
            <ul class="files" role="tree" aria-label="Build context files">
                <li class={classes!("file", dockerfile_open.then_some("open"))} role="treeitem"
                    aria-level="1" aria-selected={dockerfile_open.to_string()}
                    onkeydown={onkeydown(0, None, None)}>
                    <button type="button" class="name" data-row={row_id(0)} onclick={on_dockerfile}>{ "Dockerfile" }</button>
                </li>
                { for rows }
            </ul>
            if let Some(err) = &props.ignore_error { <p class="error-text" role="alert">{ err }</p> }
            <p class="muted small">{ "Drop files here to add them to the context (a .tar opens as a new workspace)." }</p>
        </section>
    }
}
