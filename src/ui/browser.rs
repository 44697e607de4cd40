//! Browser services: the only place that touches localStorage (and, later, downloads and
//! URL sharing).
//!
//! The workspace is saved as JSON `{"version":1,"dockerfile":"…"}` under [`WORKSPACE_KEY`].
//! Data that cannot be read is never dropped: it is copied to a key of its own and reported.

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// The localStorage key of the current workspace.
pub const WORKSPACE_KEY: &str = "layercake.workspace";

/// The saved form of a workspace.
#[derive(Debug, Serialize, Deserialize)]
struct SavedWorkspace {
    version: u32,
    dockerfile: String,
}

/// What was found in localStorage.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// A workspace was saved: its Dockerfile text.
    Saved(String),
    /// Nothing was saved yet.
    Nothing,
    /// Something was saved but could not be read; it was copied to the key `kept_as`.
    Corrupt {
        /// Where the unreadable data was kept.
        kept_as: String,
    },
}

/// Reads the saved workspace.
pub fn load_workspace() -> Loaded {
    let raw: String = match LocalStorage::raw().get_item(WORKSPACE_KEY) {
        Ok(Some(raw)) => raw,
        _ => return Loaded::Nothing,
    };
    match serde_json::from_str::<SavedWorkspace>(&raw) {
        Ok(saved) if saved.version == 1 => Loaded::Saved(saved.dockerfile),
        _ => {
            let kept_as = format!("{WORKSPACE_KEY}.unreadable-{}", js_sys::Date::now() as u64);
            let _ = LocalStorage::raw().set_item(&kept_as, &raw);
            Loaded::Corrupt { kept_as }
        }
    }
}

/// Saves the workspace; a full or disabled storage is ignored (the text stays in the page).
pub fn save_workspace(dockerfile: &str) {
    let saved = SavedWorkspace {
        version: 1,
        dockerfile: dockerfile.to_string(),
    };
    if let Ok(json) = serde_json::to_string(&saved) {
        let _ = LocalStorage::raw().set_item(WORKSPACE_KEY, &json);
    }
}
