//! Browser services: the only place that touches localStorage and dialogs.
//!
//! The workspace is saved as JSON `{"version":2,"workspace":{…}}` under [`WORKSPACE_KEY`]
//! (version 1, `{"version":1,"dockerfile":"…"}`, is still read). Data that cannot be read is
//! never dropped: it is copied to a key of its own and reported.

use super::state::Workspace;
use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// The localStorage key of the current workspace.
pub const WORKSPACE_KEY: &str = "layercake.workspace";

#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    #[serde(default)]
    workspace: Option<Workspace>,
    #[serde(default)]
    dockerfile: Option<String>,
}

/// What was found in localStorage.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// A workspace was saved.
    Saved(Workspace),
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
    match serde_json::from_str::<Saved>(&raw) {
        Ok(Saved {
            version: 2,
            workspace: Some(ws),
            ..
        }) => Loaded::Saved(ws),
        Ok(Saved {
            version: 1,
            dockerfile: Some(dockerfile),
            ..
        }) => Loaded::Saved(Workspace {
            dockerfile,
            files: Default::default(),
            open: None,
        }),
        _ => {
            let kept_as = format!("{WORKSPACE_KEY}.unreadable-{}", js_sys::Date::now() as u64);
            let _ = LocalStorage::raw().set_item(&kept_as, &raw);
            Loaded::Corrupt { kept_as }
        }
    }
}

/// Saves the workspace; a full or disabled storage is ignored (the text stays in the page).
pub fn save_workspace(workspace: &Workspace) {
    let saved = Saved {
        version: 2,
        workspace: Some(workspace.clone()),
        dockerfile: None,
    };
    if let Ok(json) = serde_json::to_string(&saved) {
        let _ = LocalStorage::raw().set_item(WORKSPACE_KEY, &json);
    }
}

/// Asks the user for a line of text.
pub fn prompt(message: &str, default: &str) -> Option<String> {
    gloo::utils::window()
        .prompt_with_message_and_default(message, default)
        .ok()
        .flatten()
}

/// Asks the user to confirm.
pub fn confirm(message: &str) -> bool {
    gloo::utils::window()
        .confirm_with_message(message)
        .unwrap_or(false)
}

/// Offers `bytes` as a file download named `name`.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let js_err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let anchor: web_sys::HtmlAnchorElement = gloo::utils::document()
        .create_element("a")
        .map_err(js_err)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Give the browser time to start reading the blob before it is released.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Moves keyboard focus to the element with `id` once it is rendered.
pub fn focus_soon(id: &str) {
    let id = id.to_string();
    gloo::timers::callback::Timeout::new(0, move || {
        if let Some(el) = gloo::utils::document()
            .get_element_by_id(&id)
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    })
    .forget();
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`), then calls `done` with
/// whether it worked (the API is missing on insecure origins, and the browser may refuse).
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let get = |target: &JsValue, key: &str| Reflect::get(target, &JsValue::from_str(key)).ok();
    let window: JsValue = gloo::utils::window().into();
    let promise = get(&window, "navigator")
        .and_then(|n| get(&n, "clipboard"))
        .filter(|c| !c.is_undefined())
        .and_then(|c| {
            let write = get(&c, "writeText")?.dyn_into::<Function>().ok()?;
            write.call1(&c, &JsValue::from_str(text)).ok()
        })
        .and_then(|p| p.dyn_into::<Promise>().ok());
    let Some(promise) = promise else {
        done(false);
        return;
    };
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let ok = {
        let done = done.clone();
        Closure::once(move |_: JsValue| {
            if let Some(f) = done.take() {
                f(true)
            }
        })
    };
    let failed = Closure::once(move |_: JsValue| {
        if let Some(f) = done.take() {
            f(false)
        }
    });
    let _ = promise.then2(&ok, &failed);
    ok.forget();
    failed.forget();
}
