//! Browser services: the only place that touches localStorage, dialogs, files, downloads,
//! the clipboard and the event loop (yielding between build steps).
//!
//! The workspaces are saved under [`WORKSPACE_KEY`] in the envelope that
//! [`crate::session::encode`] writes (older formats are read by [`crate::session::decode`]).
//! Data that cannot be read is never dropped: it is copied to a key of its own and reported.

use gloo::storage::{LocalStorage, Storage};
use yew::Callback;

/// The localStorage key of the saved workspaces.
pub const WORKSPACE_KEY: &str = "layercake.workspace";

/// The saved data, if any.
pub fn load_saved() -> Option<String> {
    LocalStorage::raw().get_item(WORKSPACE_KEY).ok().flatten()
}

/// Copies `raw` to a new key `layercake.workspace.unreadable-<time>` and returns the key.
pub fn keep_aside(raw: &str) -> String {
    let kept_as = format!("{WORKSPACE_KEY}.unreadable-{}", js_sys::Date::now() as u64);
    let _ = LocalStorage::raw().set_item(&kept_as, raw);
    kept_as
}

/// Copies `raw` to `layercake.workspace.<suffix>` (a backup before a migration), unless that
/// key is already there.
pub fn keep_copy(raw: &str, suffix: &str) {
    let key = format!("{WORKSPACE_KEY}.{suffix}");
    let storage = LocalStorage::raw();
    if matches!(storage.get_item(&key), Ok(None)) {
        let _ = storage.set_item(&key, raw);
    }
}

/// Saves the workspaces (`json` from [`crate::session::encode`]); the error says why it
/// could not (storage full or disabled: the workspaces stay in the page).
pub fn save(json: &str) -> Result<(), String> {
    LocalStorage::raw()
        .set_item(WORKSPACE_KEY, json)
        .map_err(|e| format!("{e:?}"))
}

/// Seconds since the epoch (for the time stamps of an exported tar).
pub fn now_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Reads a file the user picked or dropped, if it is at most `max` bytes, and calls `done`
/// with its name and bytes (or why it could not be read).
pub fn read_file(file: web_sys::File, max: u64, done: Callback<(String, Result<Vec<u8>, String>)>) {
    let file = gloo::file::File::from(file);
    let name = file.name();
    if file.size() > max {
        done.emit((
            name,
            Err(format!(
                "it is {} bytes, more than the {} MB a workspace may have",
                file.size(),
                max >> 20
            )),
        ));
        return;
    }
    yew::platform::spawn_local(async move {
        let bytes = gloo::file::futures::read_as_bytes(&file)
            .await
            .map_err(|e| format!("the browser could not read it ({e})"));
        done.emit((name, bytes));
    });
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

/// Scrolls the element `node` refers to down to its end (a terminal after new output).
pub fn scroll_to_end(node: &yew::NodeRef) {
    if let Some(el) = node.cast::<web_sys::Element>() {
        el.set_scroll_top(el.scroll_height());
    }
}

/// Moves keyboard focus to the element `node` refers to.
pub fn focus_node(node: &yew::NodeRef) {
    if let Some(el) = node.cast::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
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

/// Moves keyboard focus to the first element matching the CSS `selector` once it is rendered.
pub fn focus_soon_selector(selector: &str) {
    let selector = selector.to_string();
    gloo::timers::callback::Timeout::new(0, move || {
        if let Some(el) = gloo::utils::document()
            .query_selector(&selector)
            .ok()
            .flatten()
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
