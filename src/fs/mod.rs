//! The layered copy-on-write filesystem: immutable lower layers, one writable upper layer.
//!
//! Not written yet: see issue 4.
