//! The workspace bar: which named workspace is open (a picker to switch), New (blank or from
//! an example), Rename, Duplicate, Delete, Reset to example, Export .tar and Import .tar.

use crate::examples::EXAMPLES;
use crate::ui::browser;
use crate::ui::shelf::ShelfAction;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`WorkspaceBar`].
#[derive(Properties, PartialEq)]
pub struct WorkspaceBarProps {
    /// The open workspace's name.
    pub name: AttrValue,
    /// Every workspace name, sorted.
    pub names: Rc<Vec<String>>,
    /// The title of the example the open workspace started from, if any.
    pub origin: Option<AttrValue>,
    /// A change to the workspaces.
    pub on_action: Callback<ShelfAction>,
    /// Export the open workspace as a tar.
    pub on_export: Callback<()>,
    /// A tar file picked for import: its name and bytes (or why it could not be read).
    pub on_import: Callback<(String, Result<Vec<u8>, String>)>,
}

/// The workspace bar.
#[component]
pub fn WorkspaceBar(props: &WorkspaceBarProps) -> Html {
    let file_input = use_node_ref();
    let on_switch = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on_action.emit(ShelfAction::Switch(select.value()));
        })
    };
    let on_new = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let from = select.value();
            select.set_value("");
            if from.is_empty() {
                return;
            }
            let example = (from != "blank").then_some(from);
            let suggested = example.as_deref().unwrap_or("Untitled");
            if let Some(name) = browser::prompt("Name of the new workspace:", suggested) {
                on_action.emit(ShelfAction::New { name, example });
            }
        })
    };
    let on_rename = {
        let on_action = props.on_action.clone();
        let name = props.name.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(to) = browser::prompt(&format!("Rename the workspace {name} to:"), &name) {
                on_action.emit(ShelfAction::Rename(to));
            }
        })
    };
    let on_duplicate = {
        let on_action = props.on_action.clone();
        let name = props.name.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(to) = browser::prompt("Name of the copy:", &format!("{name} copy")) {
                on_action.emit(ShelfAction::Duplicate(to));
            }
        })
    };
    let on_delete = {
        let on_action = props.on_action.clone();
        let name = props.name.clone();
        Callback::from(move |_: MouseEvent| {
            if browser::confirm(&format!(
                "Delete the workspace {name}, its Dockerfile and its files?"
            )) {
                on_action.emit(ShelfAction::Delete);
            }
        })
    };
    let on_reset = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(ShelfAction::Reset))
    };
    let on_export = props.on_export.reform(|_: MouseEvent| ());
    let on_pick = {
        let input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                browser::read_file(file, MAX_IMPORT_FILE, on_import.clone());
            }
            input.set_value("");
        })
    };
    let options = props.names.iter().map(|n| {
        html! { <option value={n.clone()} selected={n.as_str() == props.name.as_str()}>{ n }</option> }
    });
    let reset_title = match &props.origin {
        Some(t) => {
            format!("Put this workspace back to the example \u{201c}{t}\u{201d} (Undo is offered)")
        }
        None => "This workspace did not start from an example".to_string(),
    };
    html! {
        <nav class="workspace-bar" aria-label="Workspaces">
            <label for="workspace-select">{ "Workspace" }</label>
            <select id="workspace-select" onchange={on_switch}>{ for options }</select>
            <label class="visually-hidden" for="new-workspace">{ "New workspace" }</label>
            <select id="new-workspace" onchange={on_new}>
                <option value="" selected=true>{ "New…" }</option>
                <option value="blank">{ "Blank" }</option>
                { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ format!("From {}", e.title) }</option> }) }
            </select>
            <button type="button" id="rename-workspace" onclick={on_rename}>{ "Rename" }</button>
            <button type="button" id="duplicate-workspace" onclick={on_duplicate}>{ "Duplicate" }</button>
            <button type="button" id="delete-workspace" onclick={on_delete}>{ "Delete" }</button>
            <button type="button" id="reset-workspace" onclick={on_reset} title={reset_title}
                disabled={props.origin.is_none()}>{ "Reset to example" }</button>
            <button type="button" id="export-workspace" onclick={on_export}
                title="Download the Dockerfile and the context files as a tar">{ "Export .tar" }</button>
            <button type="button" id="import-workspace" onclick={on_pick}
                title="Open a tar of a Dockerfile and its context as a new workspace (or drop it on the build context)">{ "Import .tar" }</button>
            <input type="file" id="import-file" class="visually-hidden" tabindex="-1" aria-hidden="true"
                accept=".tar,.tgz,.gz,application/x-tar,application/gzip" ref={file_input} onchange={on_file} />
        </nav>
    }
}

/// The largest file read for an import (a gzipped tar is checked again once unpacked).
pub const MAX_IMPORT_FILE: u64 = 8 << 20;
