//! Saved workspaces: the [`Workspace`] (a Dockerfile, its context files, its build options),
//! workspace names, and the versioned envelope the browser keeps in localStorage. The
//! browser code only moves strings in and out of storage; reading, migrating and writing the
//! envelope happen here, where native tests reach them.
//!
//! Formats, all JSON with a `version` (older ones are still read and rewritten as the newest):
//! - 1: `{"version":1,"dockerfile":"…"}` — one Dockerfile.
//! - 2: `{"version":2,"workspace":{…}}` — one workspace.
//! - 3: `{"version":3,"current":"name","workspaces":{"name":{…},…}}` — named workspaces.
//!
//! Data that cannot be read (not JSON, an unknown version, a workspace entry of the wrong
//! shape) is never dropped: [`decode`] says so and the caller keeps the raw text aside.

use super::BuildOptions;
use crate::examples::{self, Example};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format [`encode`] writes.
pub const SAVE_VERSION: u32 = 3;

/// The name given to a workspace saved before workspaces had names, and to the first one.
pub const DEFAULT_NAME: &str = "My workspace";

/// The longest workspace name, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// The Dockerfile and build context being edited, with its build options: what is saved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Workspace {
    /// The Dockerfile.
    pub dockerfile: String,
    /// Context files: path relative to the context → text.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// The file open in the editor: `None` for the Dockerfile.
    #[serde(default)]
    pub open: Option<String>,
    /// `--build-arg`, `--target`, `--no-cache`.
    #[serde(default)]
    pub options: BuildOptions,
    /// Build again by itself a moment after every edit.
    #[serde(default)]
    pub auto_rebuild: bool,
    /// The id of the example it started from, for "Reset to example".
    #[serde(default)]
    pub example: Option<String>,
}

impl Workspace {
    /// The workspace of an example.
    pub fn from_example(example: &Example) -> Workspace {
        Workspace {
            dockerfile: example.dockerfile.to_string(),
            files: example
                .files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
            example: Some(example.id.to_string()),
            ..Workspace::default()
        }
    }

    /// An empty workspace: a Dockerfile with one `FROM` line, no files.
    pub fn blank() -> Workspace {
        Workspace {
            dockerfile: "FROM alpine:3.20\n".to_string(),
            ..Workspace::default()
        }
    }

    /// The text of the open file.
    pub fn open_text(&self) -> &str {
        match &self.open {
            None => &self.dockerfile,
            Some(p) => self.files.get(p).map_or("", String::as_str),
        }
    }

    /// The example this workspace started from, if it is known.
    pub fn origin(&self) -> Option<&'static Example> {
        self.example.as_deref().and_then(examples::find)
    }
}

/// All saved workspaces and which one is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shelf {
    /// The name of the open workspace (a key of `workspaces`).
    pub current: String,
    /// Every workspace by name.
    pub workspaces: BTreeMap<String, Workspace>,
}

/// What [`decode`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// The workspaces (possibly only some of them: see `unreadable`).
    Read {
        /// The workspaces.
        shelf: Shelf,
        /// The older format they were read from, if not the newest.
        migrated_from: Option<u32>,
        /// Why part of the data could not be read (the caller keeps the raw text aside).
        unreadable: Option<String>,
    },
    /// Nothing could be read, and why (the caller keeps the raw text aside).
    Unreadable(String),
}

/// Reads saved data of any known format.
pub fn decode(raw: &str) -> Decoded {
    let value: serde_json::Value = match serde_json::from_str(raw) {
        Ok(v) => v,
        Err(e) => return Decoded::Unreadable(format!("it is not valid JSON ({e})")),
    };
    let version = value.get("version").and_then(serde_json::Value::as_u64);
    let single = |workspace: Workspace, from: u32| Decoded::Read {
        shelf: Shelf {
            current: DEFAULT_NAME.to_string(),
            workspaces: BTreeMap::from([(DEFAULT_NAME.to_string(), workspace)]),
        },
        migrated_from: Some(from),
        unreadable: None,
    };
    match version {
        Some(1) => match value.get("dockerfile").and_then(serde_json::Value::as_str) {
            Some(dockerfile) => single(
                Workspace {
                    dockerfile: dockerfile.to_string(),
                    ..Workspace::default()
                },
                1,
            ),
            None => Decoded::Unreadable("format 1 without a Dockerfile".into()),
        },
        Some(2) => match value
            .get("workspace")
            .map(|w| Workspace::deserialize(w).map_err(|e| e.to_string()))
        {
            Some(Ok(ws)) => single(ws, 2),
            Some(Err(e)) => Decoded::Unreadable(format!("format 2 with a bad workspace ({e})")),
            None => Decoded::Unreadable("format 2 without a workspace".into()),
        },
        Some(3) => decode_v3(&value),
        Some(v) => Decoded::Unreadable(format!(
            "it was saved in format {v}, which this version of Layercake does not know (it reads 1 to {SAVE_VERSION})"
        )),
        None => Decoded::Unreadable("it has no format version".into()),
    }
}

fn decode_v3(value: &serde_json::Value) -> Decoded {
    let Some(entries) = value.get("workspaces").and_then(|w| w.as_object()) else {
        return Decoded::Unreadable("format 3 without workspaces".into());
    };
    let mut workspaces = BTreeMap::new();
    let mut bad = Vec::new();
    for (name, entry) in entries {
        match (clean_name(name), Workspace::deserialize(entry)) {
            (Some(clean), Ok(ws)) if clean == *name => {
                workspaces.insert(clean, ws);
            }
            _ => bad.push(name.clone()),
        }
    }
    if workspaces.is_empty() {
        return Decoded::Unreadable(if bad.is_empty() {
            "format 3 with no workspace".into()
        } else {
            format!("no workspace could be read ({})", quoted(&bad))
        });
    }
    let current = value
        .get("current")
        .and_then(|c| c.as_str())
        .filter(|c| workspaces.contains_key(*c))
        .map(str::to_string)
        .or_else(|| workspaces.keys().next().cloned())
        .unwrap_or_default();
    Decoded::Read {
        shelf: Shelf {
            current,
            workspaces,
        },
        migrated_from: None,
        unreadable: (!bad.is_empty()).then(|| {
            format!(
                "the workspace{} {} could not be read",
                plural(bad.len()),
                quoted(&bad)
            )
        }),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\u{201c}{n}\u{201d}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the workspaces in the newest format: the open one (`current`, `workspace`) and the
/// others (an entry of `others` named `current` is left out).
pub fn encode(
    current: &str,
    workspace: &Workspace,
    others: &BTreeMap<String, Workspace>,
) -> String {
    struct All<'a>(&'a str, &'a Workspace, &'a BTreeMap<String, Workspace>);
    impl Serialize for All<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(
                self.2
                    .iter()
                    .filter(|(k, _)| k.as_str() != self.0)
                    .map(|(k, v)| (k.as_str(), v))
                    .chain(std::iter::once((self.0, self.1))),
            )
        }
    }
    #[derive(Serialize)]
    struct Envelope<'a> {
        version: u32,
        current: &'a str,
        workspaces: All<'a>,
    }
    serde_json::to_string(&Envelope {
        version: SAVE_VERSION,
        current,
        workspaces: All(current, workspace, others),
    })
    .unwrap_or_default()
}

/// A workspace name as typed, cleaned: spaces trimmed; `None` when empty, longer than
/// [`MAX_NAME_CHARS`] or holding control characters.
pub fn clean_name(name: &str) -> Option<String> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && !name.chars().any(char::is_control);
    ok.then(|| name.to_string())
}

/// `base`, or `base (2)`, `base (3)`, … : the first that `taken` says is free.
pub fn unique_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let base: String = base.chars().take(MAX_NAME_CHARS - 5).collect();
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base} ({n})"))
        .find(|n| !taken(n))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(dockerfile: &str) -> Workspace {
        Workspace {
            dockerfile: dockerfile.into(),
            ..Workspace::default()
        }
    }

    #[test]
    fn named_workspaces_round_trip() {
        let mut others = BTreeMap::new();
        others.insert("b".to_string(), ws("FROM b\n"));
        others.insert("a".to_string(), ws("FROM stale\n"));
        let mut a = ws("FROM a\n");
        a.options.build_args.push(("K".into(), "V".into()));
        a.options.target = Some("build".into());
        a.auto_rebuild = true;
        let raw = encode("a", &a, &others);
        let Decoded::Read {
            shelf,
            migrated_from,
            unreadable,
        } = decode(&raw)
        else {
            panic!("{raw}")
        };
        assert_eq!((migrated_from, unreadable), (None, None));
        assert_eq!(shelf.current, "a");
        assert_eq!(shelf.workspaces["a"], a);
        assert_eq!(shelf.workspaces["b"].dockerfile, "FROM b\n");
        assert_eq!(shelf.workspaces.len(), 2);
    }

    #[test]
    fn formats_1_and_2_are_migrated_into_a_named_workspace() {
        for (raw, from) in [
            (r#"{"version":1,"dockerfile":"FROM one\n"}"#, 1),
            (
                r#"{"version":2,"workspace":{"dockerfile":"FROM one\n","files":{"a.js":"x"},"open":"a.js"}}"#,
                2,
            ),
        ] {
            let Decoded::Read {
                shelf,
                migrated_from,
                ..
            } = decode(raw)
            else {
                panic!("{raw}")
            };
            assert_eq!(migrated_from, Some(from));
            assert_eq!(shelf.current, DEFAULT_NAME);
            assert_eq!(shelf.workspaces[DEFAULT_NAME].dockerfile, "FROM one\n");
            if from == 2 {
                assert_eq!(shelf.workspaces[DEFAULT_NAME].files["a.js"], "x");
                assert_eq!(
                    shelf.workspaces[DEFAULT_NAME].options,
                    BuildOptions::default()
                );
            }
        }
    }

    #[test]
    fn unreadable_data_is_reported_never_guessed() {
        for (raw, why) in [
            ("{not json", "not valid JSON"),
            (r#"{"version":9,"workspaces":{}}"#, "format 9"),
            (r#"{"dockerfile":"FROM a"}"#, "no format version"),
            (r#"{"version":2,"workspace":{"files":3}}"#, "bad workspace"),
            (
                r#"{"version":3,"workspaces":{"x":1}}"#,
                "no workspace could be read",
            ),
            (r#"[1,2]"#, "no format version"),
        ] {
            match decode(raw) {
                Decoded::Unreadable(reason) => assert!(reason.contains(why), "{raw}: {reason}"),
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn one_bad_workspace_is_reported_and_the_others_kept() {
        let raw = r#"{"version":3,"current":"gone","workspaces":{"ok":{"dockerfile":"FROM a"},"bad":{"dockerfile":7}}}"#;
        let Decoded::Read {
            shelf, unreadable, ..
        } = decode(raw)
        else {
            panic!()
        };
        assert_eq!(shelf.current, "ok");
        assert_eq!(shelf.workspaces.len(), 1);
        assert!(unreadable.is_some_and(|u| u.contains("\u{201c}bad\u{201d}")));
    }

    #[test]
    fn names_are_cleaned_and_made_unique() {
        assert_eq!(clean_name("  web  ").as_deref(), Some("web"));
        assert_eq!(clean_name("   "), None);
        assert_eq!(clean_name("a\nb"), None);
        assert_eq!(clean_name(&"x".repeat(61)), None);
        let taken = ["web", "web (2)"];
        assert_eq!(unique_name("web", |n| taken.contains(&n)), "web (3)");
        assert_eq!(unique_name("api", |n| taken.contains(&n)), "api");
    }

    #[test]
    fn examples_remember_where_they_came_from() {
        let w = Workspace::from_example(&examples::EXAMPLES[0]);
        assert_eq!(w.origin().map(|e| e.id), Some(examples::EXAMPLES[0].id));
        assert_eq!(Workspace::blank().origin(), None);
    }
}
