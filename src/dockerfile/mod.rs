//! The Dockerfile front end: text → logical lines → raw instructions → typed instructions.
//!
//! Not written yet: see issue 3. The conformance suite `parser` is listed as pending.
