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
