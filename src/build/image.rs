//! Image config accumulation and history entries exactly as BuildKit's Dockerfile frontend
//! writes them (`commitToHistory` in `dockerfile2llb/convert.go`), and the adapter from a
//! filesystem [`Layer`] to an OCI layer tar (diff_id, blob).

use super::error::{BuildError, BuildErrorKind};
use crate::fs::{Change, Layer, NodeKind};
use crate::oci::{self, Digest, History, ImageConfig, LayerBlob};
use std::borrow::Cow;

/// The comment BuildKit puts on every history entry of a Dockerfile step.
pub const HISTORY_COMMENT: &str = "buildkit.dockerfile.v0";

/// BuildKit's default `PATH` for an image without one (`system.DefaultPathEnv`).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A history entry for a Dockerfile step at `epoch`.
pub fn history(created_by: &str, empty_layer: bool, epoch: i64) -> History {
    History {
        created: Some(oci::spec::rfc3339(epoch)),
        created_by: Some(created_by.to_string()),
        author: None,
        comment: Some(HISTORY_COMMENT.to_string()),
        empty_layer,
    }
}

/// Go's `%q` of one string (double quotes, Go escapes).
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%q` of a string list: `["node" "app.js"]`.
pub fn go_quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| go_quote(s)).collect();
    format!("[{}]", quoted.join(" "))
}

/// Go's `%v` of a string list: `[/bin/bash -c]`.
pub fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// Go's `time.Duration` text for nanoseconds: `30s`, `1m30s`, `100ms`, `0s`.
pub fn go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".to_string();
    }
    let neg = ns < 0;
    let n = ns.unsigned_abs();
    let mut out = String::new();
    if n < 1_000_000_000 {
        let (unit, div) = if n < 1_000 {
            ("ns", 1)
        } else if n < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&fraction(n, div));
        out.push_str(unit);
    } else {
        let hours = n / 3_600_000_000_000;
        let mins = (n / 60_000_000_000) % 60;
        let secs_ns = n % 60_000_000_000;
        if hours > 0 {
            out.push_str(&format!("{hours}h"));
        }
        if hours > 0 || mins > 0 {
            out.push_str(&format!("{mins}m"));
        }
        out.push_str(&fraction(secs_ns, 1_000_000_000));
        out.push('s');
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

fn fraction(n: u64, div: u64) -> String {
    let whole = n / div;
    let rest = n % div;
    if rest == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let frac = format!("{rest:0width$}");
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

/// Parses a Go duration (`30s`, `1m30s`, `100ms`, `1.5h`) into nanoseconds.
pub fn parse_go_duration(text: &str) -> Option<i64> {
    let mut rest = text;
    let mut total: f64 = 0.0;
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let number: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number * scale;
    }
    Some(total.round() as i64)
}

/// Sets `KEY=value` in an env list: replaces the existing entry in place, else appends.
pub fn set_env(env: &mut Vec<String>, key: &str, value: &str) {
    let entry = format!("{key}={value}");
    for existing in env.iter_mut() {
        if existing.split('=').next() == Some(key) {
            *existing = entry;
            return;
        }
    }
    env.push(entry);
}

/// The value of `key` in an env list.
pub fn get_env<'a>(env: &'a [String], key: &str) -> Option<&'a str> {
    env.iter()
        .rev()
        .find_map(|e| e.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v))
}

/// The config of `FROM scratch`: the platform and BuildKit's default `PATH`.
pub fn empty_config(architecture: &str, os: &str) -> ImageConfig {
    let mut config = ImageConfig {
        architecture: architecture.to_string(),
        os: os.to_string(),
        ..ImageConfig::default()
    };
    config.config.env = vec![format!("PATH={DEFAULT_PATH}")];
    config
}

/// The layer's tar entries (adapter from `fs::Change` to `oci::LayerEntry`).
pub fn layer_entries(layer: &Layer) -> Vec<oci::LayerEntry<'_>> {
    let mut out = Vec::with_capacity(layer.len());
    for (path, change) in layer.changes() {
        if path.is_root() {
            continue;
        }
        let rel = path.relative().to_string();
        match change {
            Change::Whiteout => out.push(oci::LayerEntry {
                path: rel,
                meta: oci::EntryMeta::default(),
                kind: oci::EntryKind::Whiteout,
            }),
            Change::Put(node) | Change::Opaque(node) => {
                let meta = oci::EntryMeta {
                    mode: node.mode,
                    uid: u64::from(node.uid),
                    gid: u64::from(node.gid),
                    mtime: node.mtime.max(0) as u64,
                };
                let kind = match &node.kind {
                    NodeKind::Dir => oci::EntryKind::Dir,
                    NodeKind::File(c) => oci::EntryKind::File(match c.bytes() {
                        Some(b) => oci::Content::Bytes(Cow::Borrowed(b)),
                        None => oci::Content::Reader {
                            size: c.len(),
                            reader: Box::new(c.reader()),
                        },
                    }),
                    NodeKind::Symlink(t) => oci::EntryKind::Symlink(t.clone()),
                    NodeKind::Hardlink(p) => oci::EntryKind::Hardlink(p.relative().to_string()),
                };
                out.push(oci::LayerEntry {
                    path: rel.clone(),
                    meta,
                    kind,
                });
                if matches!(change, Change::Opaque(_)) {
                    out.push(oci::LayerEntry {
                        path: rel,
                        meta: oci::EntryMeta::default(),
                        kind: oci::EntryKind::Opaque,
                    });
                }
            }
        }
    }
    out
}

/// The diff_id of a layer (sha256 of its deterministic tar).
pub fn diff_id(layer: &Layer) -> Result<Digest, BuildError> {
    let (digest, _, _) = oci::tar::write_layer_tar(layer_entries(layer), std::io::sink())
        .map_err(|e| BuildError::new(BuildErrorKind::Export(e.to_string())))?;
    Ok(digest)
}

/// The layer as a blob (tar or gzip).
pub fn layer_blob(layer: &Layer, compression: oci::Compression) -> Result<LayerBlob, BuildError> {
    oci::layer_blob(layer_entries(layer), compression)
        .map_err(|e| BuildError::new(BuildErrorKind::Export(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_formats() {
        assert_eq!(
            go_quote_list(&["node".into(), "/web-ping/app.js".into()]),
            "[\"node\" \"/web-ping/app.js\"]"
        );
        assert_eq!(
            go_list(&["/bin/bash".into(), "-c".into()]),
            "[/bin/bash -c]"
        );
        assert_eq!(go_duration(90_000_000_000), "1m30s");
        assert_eq!(go_duration(100_000_000), "100ms");
        assert_eq!(go_duration(30_000_000_000), "30s");
        assert_eq!(go_duration(0), "0s");
        assert_eq!(parse_go_duration("1m30s"), Some(90_000_000_000));
        assert_eq!(parse_go_duration("100ms"), Some(100_000_000));
        assert_eq!(parse_go_duration("x"), None);
    }

    #[test]
    fn empty_layer_is_dockers_empty_tar() {
        assert_eq!(
            diff_id(&Layer::new()).expect("empty tar").to_string(),
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
        );
    }

    #[test]
    fn env_is_replaced_in_place() {
        let mut env = vec!["PATH=/bin".to_string(), "A=1".to_string()];
        set_env(&mut env, "PATH", "/usr/bin");
        set_env(&mut env, "B", "2");
        assert_eq!(env, ["PATH=/usr/bin", "A=1", "B=2"]);
    }
}
