//! wasm-bindgen-test suite run in Node.js: the core gives the same answers in wasm as natively.
#![cfg(target_arch = "wasm32")]

use layercake::diagnostic::Diagnostic;
use layercake::span::{Position, Span};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn positions_match_native() {
    let src = "FROM a\nRUN é x\n";
    let x = src.find('x').expect("x is in the text");
    assert_eq!(
        Position::at(src, x),
        Position {
            offset: x,
            line: 2,
            column: 7
        }
    );
}

#[wasm_bindgen_test]
fn diagnostics_render_as_natively() {
    let src = "FROM alpine\nCOPPY app.js .\n";
    let d = Diagnostic::error(Span::of(src, 12, 17), "unknown instruction: COPPY")
        .with_hint("did you mean COPY?");
    assert_eq!(
        d.render("Dockerfile", src),
        "Dockerfile:2:1: error: unknown instruction: COPPY\n  |\n2 | COPPY app.js .\n  | ^^^^^\n  = hint: did you mean COPY?\n"
    );
}

#[wasm_bindgen_test]
fn oci_demo_image_digests_match_native() {
    use layercake::oci::demo::demo_image;
    use layercake::oci::{export, ArchiveFormat, Compression, Digest};
    let image = demo_image(Compression::Gzip).expect("demo image");
    assert_eq!(
        image.config.id().to_string(),
        "sha256:02aa8a21fe2df7124116b8afe5c2940ee5d0dd803ebecaacd754a060a6978c56"
    );
    assert_eq!(
        image.layers[0].digest.to_string(),
        "sha256:18fd563f3fc951681797368c7c28a6cdbbb30a2f67f14ac8c59d9df80debcb34"
    );
    let oci = export(std::slice::from_ref(&image), ArchiveFormat::Oci).expect("export");
    assert_eq!(
        Digest::of(&oci).to_string(),
        "sha256:967701095abac6ace34ee3fd702447953d97b1806b7616cc6633ccee61934f94"
    );
}

#[path = "golden/run_build.rs"]
mod run_build;

/// RUN steps (shell, coreutils, sed, adduser, apk, a cache mount) give the same image ID in
/// wasm as natively (`tests/sh_golden.rs`).
#[wasm_bindgen_test]
fn run_steps_give_the_native_image_id() {
    assert_eq!(run_build::build(), run_build::IMAGE_ID);
}
