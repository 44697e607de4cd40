//! `.dockerignore` patterns and the matcher that filters a build context (moby/patternmatcher
//! semantics).
//!
//! Not written yet: see issue 3. The conformance suite `dockerignore` is listed as pending.
