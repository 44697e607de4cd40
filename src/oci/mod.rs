//! The OCI image model: digests, deterministic tar layers, image config, manifest and index,
//! export (OCI layout tar, `docker save` tar) and import (with hostile-archive checks).
//!
//! - `digest`: `Digest` (`sha256:<hex>`), `Sha256Writer`, chain IDs.
//! - `json`: canonical JSON bytes, escaped like Go's `encoding/json`.
//! - `spec`: serde structs with the spec's field names, in Docker's field order.
//! - `tar`: `LayerEntry`s → deterministic tar (diff_id) → gzip blob (`LayerBlob`).
//! - `layout`: export images as an OCI layout tar or a `docker save` tar.
//! - `import` + `untar`: read an OCI layout or `docker save` tar back, refusing hostile
//!   archives (`ImportLimits`, `OciError` naming the entry).
//! - `demo`: a small three-layer image built in code (CLI `oci demo`, tests).
//! - `fslayer`: `fs::Layer` ↔ tar entries (synthetic content streamed into the tar).
//! - `error`: `OciError { kind, entry }`.
//!
//! Everything here is pure: bytes in, bytes out, no IO, no clock.

pub mod demo;
pub mod digest;
pub mod error;
pub mod fslayer;
pub mod import;
pub mod json;
pub mod layout;
pub mod spec;
pub mod tar;
pub mod untar;

pub use digest::{chain_ids, Digest, Sha256Writer};
pub use error::{OciError, OciErrorKind};
pub use fslayer::{
    fs_layer_blob, image_from_fs_layers, image_fs_layers, layer_entries, to_fs_layer,
};
pub use import::{import, ImportedArchive, ImportedImage, ImportedLayer};
pub use layout::{export, ArchiveFormat, Image};
pub use spec::{
    Descriptor, ExecConfig, Healthcheck, History, ImageConfig, Index, Manifest, RootFs,
};
pub use tar::{layer_blob, Compression, Content, EntryKind, EntryMeta, LayerBlob, LayerEntry};
pub use untar::{ImportLimits, ImportedEntry, ImportedKind};
