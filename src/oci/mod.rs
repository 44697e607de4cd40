//! The OCI image model: deterministic tar layers, digests, image config, export and import.
//!
//! Not written yet: see issue 4.
