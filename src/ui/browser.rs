//! Browser services: the only place that touches localStorage, dialogs, downloads and the
//! event loop (yielding between build steps).
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

/// Milliseconds since the page loaded, or since the epoch (only differences are used).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Resolves on a later turn of the event loop, so input events (a click on Cancel) run
/// between two build steps. A MessageChannel message, not `setTimeout(0)`: nested timeouts
/// are clamped to 4 ms.
pub async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| turn_then(resolve));
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves once the browser has painted (an animation frame, then one turn), or after
/// 50 ms when the tab is hidden and paints no frames.
pub async fn after_paint() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let on_frame = resolve.clone();
        let frame = Closure::once_into_js(move || turn_then(on_frame));
        let _ = gloo::utils::window().request_animation_frame(frame.unchecked_ref());
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Calls `f` on the next turn of the event loop.
fn turn_then(f: js_sys::Function) {
    TURNS.with(|turns| match turns {
        Some(turns) => turns.post(f),
        None => {
            let _ =
                gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(&f, 0);
        }
    });
}

thread_local! {
    static TURNS: Option<Turns> = Turns::new();
}

/// One MessageChannel for every [`next_turn`]: a message per waiting function, answered in
/// order.
struct Turns {
    port: web_sys::MessagePort,
    waiting: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<js_sys::Function>>>,
    _channel: web_sys::MessageChannel,
    _on_message: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Turns {
    fn new() -> Option<Turns> {
        use wasm_bindgen::JsCast;
        let channel = web_sys::MessageChannel::new().ok()?;
        let waiting = std::rc::Rc::new(std::cell::RefCell::new(std::collections::VecDeque::<
            js_sys::Function,
        >::new()));
        let queue = waiting.clone();
        let on_message = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            let next = queue.borrow_mut().pop_front();
            if let Some(f) = next {
                let _ = f.call0(&wasm_bindgen::JsValue::NULL);
            }
        });
        channel
            .port1()
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Turns {
            port: channel.port2(),
            waiting,
            _channel: channel,
            _on_message: on_message,
        })
    }

    fn post(&self, f: js_sys::Function) {
        self.waiting.borrow_mut().push_back(f);
        if self
            .port
            .post_message(&wasm_bindgen::JsValue::NULL)
            .is_err()
        {
            let f = self.waiting.borrow_mut().pop_back();
            if let Some(f) = f {
                let _ = f.call0(&wasm_bindgen::JsValue::NULL);
            }
        }
    }
}
