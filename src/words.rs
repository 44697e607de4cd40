//! Dockerfile word expansion (BuildKit's shell lexer): `$VAR`, `${VAR:-x}` and friends,
//! quotes and escapes, one word or a word list.
//!
//! Not written yet: see issue 3. The conformance suite `words` is listed as pending.
