//! wasm-bindgen-test suite run in headless Chromium: mounts the playground and edits.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlTextAreaElement, InputEvent};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

#[wasm_bindgen_test]
async fn editor_shows_the_example_and_autosaves_edits() {
    let storage = gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .expect("localStorage");
    storage.clear().expect("clear storage");
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");

    let _app = yew::Renderer::<layercake::ui::App>::with_root(root).render();
    settle().await;
    let area: HtmlTextAreaElement = document
        .get_element_by_id("dockerfile")
        .expect("#dockerfile")
        .dyn_into()
        .expect("textarea");
    assert!(
        area.value().starts_with("FROM diamol/node\n"),
        "{}",
        area.value()
    );

    area.set_value("FROM alpine\nRUN echo hi\n");
    let event = InputEvent::new("input").expect("input event");
    area.dispatch_event(&event).expect("dispatch");
    settle().await;

    let saved = storage
        .get_item(layercake::ui::browser::WORKSPACE_KEY)
        .expect("read")
        .expect("saved");
    assert!(saved.contains("FROM alpine\\nRUN echo hi\\n"), "{saved}");
    let summary = document
        .query_selector(".problems-summary")
        .ok()
        .flatten()
        .expect(".problems-summary")
        .text_content()
        .unwrap_or_default();
    assert_eq!(summary, "No problems");
}
