//! Layercake: a Docker image build playground that runs entirely in the browser.
//!
//! The core turns a Dockerfile and a build context into a real OCI image, step by step,
//! the way BuildKit does, and explains what it did. It is a pure function of its inputs:
//! no IO, no clock, no randomness, so a build gives identical digests natively and in wasm.
//!
//! Reading order follows the pipeline:
//! text → [`dockerfile`] (parse) → [`words`] (expand) → [`dockerignore`] (filter context)
//! → [`sh`] (run `RUN` steps) on [`fs`] (layered copy-on-write filesystem)
//! → [`oci`] (tar layers, digests, image config, export/import).
//!
//! The browser UI lives in `ui` behind the `web` feature and is the only code that may use
//! web crates (checked by `tests/tidy.rs`).

pub mod build;
pub mod calendar;
pub mod catalog;
pub mod diagnostic;
pub mod dockerfile;
pub mod dockerignore;
pub mod examples;
pub mod fs;
pub mod oci;
pub mod session;
pub mod sh;
pub mod sorting;
pub mod span;
pub mod words;

#[cfg(feature = "web")]
pub mod ui;
