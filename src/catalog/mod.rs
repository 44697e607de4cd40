//! The offline base-image catalog: every image `FROM` can name without a registry, as
//! deterministic synthetic layers, config and history.
//!
//! Not written yet: see issue 6.
