//! The build engine: a Dockerfile and a build context in, an image and an explained stream
//! of events out, the way BuildKit builds.
//!
//! Not written yet: see issue 6.
