//! Canonical JSON bytes for configs, manifests and indexes, encoded the way Go's
//! `encoding/json` does, because the image ID and manifest digest are hashes of these bytes.
//!
//! What makes the bytes deterministic: struct fields are written in declaration order (the spec
//! structs in `spec.rs` declare them in the order Docker and BuildKit emit), maps are
//! `BTreeMap`s (Go sorts map keys too), no insignificant whitespace. What makes them look like
//! Docker's: Go escapes `<`, `>`, `&`, U+2028 and U+2029 in strings as `\u003c`, `\u003e`,
//! `\u0026`, `\u2028`, `\u2029` (HTML-safe encoding is on by default in `json.Marshal`), so a
//! BuildKit config says `"RUN /bin/sh -c echo hi \u003e /x # buildkit"`. serde_json would write
//! those characters raw; `GoFormatter` escapes them.

use serde::Serialize;
use std::io::{self, Write};

/// Serializes `value` as compact JSON with Go's string escaping.
pub fn to_canonical_vec<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoFormatter);
    value
        .serialize(&mut ser)
        .expect("spec structs serialize without error into a Vec");
    out
}

/// A compact `serde_json` formatter that escapes strings like Go's `encoding/json`.
pub struct GoFormatter;

impl serde_json::ser::Formatter for GoFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escape = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escape.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn escapes_like_go() {
        let s = "echo <a> && b \u{2028}\n\t\"\\ é";
        let bytes = to_canonical_vec(&s);
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            r#""echo \u003ca\u003e \u0026\u0026 b \u2028\n\t\"\\ é""#
        );
    }

    #[test]
    fn maps_are_sorted_and_compact() {
        let mut m = BTreeMap::new();
        m.insert("b", 1);
        m.insert("a", 2);
        assert_eq!(to_canonical_vec(&m), br#"{"a":2,"b":1}"#);
    }
}
