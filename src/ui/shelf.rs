//! Named workspaces in the app state: restoring them from localStorage at start (with the
//! notices for migrated or unreadable data), and the reducer's part that creates, switches,
//! renames, duplicates, deletes (with Undo), resets and imports workspaces.
//!
//! The open workspace is `AppState::workspace` under `AppState::name`; the others wait in
//! `AppState::others`. Reading and writing the saved envelope is [`crate::session::decode`]
//! and [`crate::session::encode`]; this module only decides what the user sees.

use super::browser;
use super::state::{AppState, Workspace};
use crate::examples;
use crate::session::{self, Decoded, ImportedWorkspace};
use std::rc::Rc;

/// A change to the set of workspaces.
#[derive(Debug, Clone, PartialEq)]
pub enum ShelfAction {
    /// A new workspace named like `name` (made unique), from an example id or blank.
    New {
        /// The name asked for.
        name: String,
        /// The example to start from (`None`: blank).
        example: Option<String>,
    },
    /// A workspace read from a tar, named like `name`.
    Import {
        /// The name asked for (the file's name without `.tar`).
        name: String,
        /// What was read.
        imported: ImportedWorkspace,
    },
    /// Open another workspace.
    Switch(String),
    /// Rename the open workspace.
    Rename(String),
    /// Copy the open workspace under a new name and open the copy.
    Duplicate(String),
    /// Delete the open workspace (Undo brings it back).
    Delete,
    /// Put the open workspace back to the example it started from (Undo brings it back).
    Reset,
}

/// The state at start: the saved workspaces, or the first example.
pub fn restore() -> AppState {
    let Some(raw) = browser::load_saved() else {
        return fresh(None);
    };
    match session::decode(&raw) {
        Decoded::Read {
            shelf,
            migrated_from,
            unreadable,
        } => {
            if let Some(v) = migrated_from {
                browser::keep_copy(&raw, &format!("v{v}-backup"));
            }
            let notice = unreadable.map(|why| {
                let kept = browser::keep_aside(&raw);
                format!("Part of your saved data could not be read: {why}. All of it was kept in localStorage as \"{kept}\".")
            });
            let mut workspaces = shelf.workspaces;
            let workspace = workspaces.remove(&shelf.current).unwrap_or_default();
            let mut state = AppState::new(workspace, notice);
            state.name = shelf.current;
            state.others = Rc::new(workspaces);
            state
        }
        Decoded::Unreadable(why) => {
            let kept = browser::keep_aside(&raw);
            fresh(Some(format!(
                "Your saved workspace could not be read; it was kept in localStorage as \"{kept}\" and the example was loaded ({why})."
            )))
        }
    }
}

fn fresh(notice: Option<String>) -> AppState {
    let mut state = AppState::example();
    state.notice = notice;
    state
}

/// Every workspace name, sorted (the open one included).
pub fn names(state: &AppState) -> Vec<String> {
    let mut names: Vec<String> = state.others.keys().cloned().collect();
    names.push(state.name.clone());
    names.sort();
    names
}

impl AppState {
    fn taken(&self, name: &str) -> bool {
        name == self.name || self.others.contains_key(name)
    }

    /// Opens `workspace` as `name`; the open one goes to `others` unless `keep_current` is
    /// false (it was deleted).
    fn open_as(
        &self,
        name: String,
        workspace: Workspace,
        keep_current: bool,
        notice: String,
    ) -> Rc<AppState> {
        let mut others = (*self.others).clone();
        others.remove(&name);
        if keep_current {
            others.insert(self.name.clone(), self.workspace.clone());
        }
        let mut next = AppState::new(workspace, Some(notice));
        next.name = name;
        next.others = Rc::new(others);
        next.tab = self.tab;
        Rc::new(next)
    }

    fn notice(&self, text: String) -> Rc<AppState> {
        let mut next = self.clone();
        next.notice = Some(text);
        Rc::new(next)
    }

    /// The reducer's part for [`ShelfAction`]s.
    pub(super) fn shelf(self: Rc<Self>, action: ShelfAction) -> Rc<AppState> {
        match action {
            ShelfAction::New { name, example } => {
                let Some(clean) = session::clean_name(&name) else {
                    return self.notice(bad_name(&name));
                };
                let name = session::unique_name(&clean, |n| self.taken(n));
                let (workspace, from) = match example.as_deref().and_then(examples::find) {
                    Some(e) => (
                        Workspace::from_example(e),
                        format!("the example \u{201c}{}\u{201d}", e.title),
                    ),
                    None => (Workspace::blank(), "a blank Dockerfile".to_string()),
                };
                self.open_as(
                    name.clone(),
                    workspace,
                    true,
                    format!("Created the workspace \u{201c}{name}\u{201d} from {from}."),
                )
            }
            ShelfAction::Import { name, imported } => {
                let clean = session::clean_name(&name).unwrap_or_else(|| "Imported".into());
                let name = session::unique_name(&clean, |n| self.taken(n));
                let files = imported.workspace.files.len();
                let mut notice = format!(
                    "Imported the workspace \u{201c}{name}\u{201d}: the Dockerfile and {files} file{}.",
                    if files == 1 { "" } else { "s" }
                );
                if !imported.skipped.is_empty() {
                    notice.push_str(&format!(
                        " Left out (a workspace holds text files only): {}.",
                        imported.skipped.join(", ")
                    ));
                }
                self.open_as(name, imported.workspace, true, notice)
            }
            ShelfAction::Switch(name) => {
                let Some(workspace) = self.others.get(&name).cloned() else {
                    return self;
                };
                self.open_as(
                    name.clone(),
                    workspace,
                    true,
                    format!("Opened the workspace \u{201c}{name}\u{201d}."),
                )
            }
            ShelfAction::Rename(to) => {
                let Some(to) = session::clean_name(&to) else {
                    return self.notice(bad_name(&to));
                };
                if to == self.name {
                    return self;
                }
                if self.others.contains_key(&to) {
                    return self.notice(format!(
                        "There is already a workspace named \u{201c}{to}\u{201d}: pick another name."
                    ));
                }
                let mut next = (*self).clone();
                next.notice = Some(format!(
                    "Renamed the workspace \u{201c}{}\u{201d} to \u{201c}{to}\u{201d}.",
                    self.name
                ));
                next.name = to;
                Rc::new(next)
            }
            ShelfAction::Duplicate(name) => {
                let Some(clean) = session::clean_name(&name) else {
                    return self.notice(bad_name(&name));
                };
                let name = session::unique_name(&clean, |n| self.taken(n));
                let notice = format!(
                    "Copied \u{201c}{}\u{201d} to the workspace \u{201c}{name}\u{201d}.",
                    self.name
                );
                self.open_as(name, self.workspace.clone(), true, notice)
            }
            ShelfAction::Delete => {
                let deleted = (self.name.clone(), Rc::new(self.workspace.clone()));
                let notice = format!("Deleted the workspace \u{201c}{}\u{201d}.", self.name);
                let mut next = match self.others.iter().next() {
                    Some((name, ws)) => {
                        (*self.open_as(name.clone(), ws.clone(), false, notice)).clone()
                    }
                    None => {
                        let name = session::unique_name(session::DEFAULT_NAME, |n| n == deleted.0);
                        let example = Workspace::from_example(&examples::EXAMPLES[0]);
                        (*self.open_as(name, example, false, notice)).clone()
                    }
                };
                next.deleted = Some(deleted);
                Rc::new(next)
            }
            ShelfAction::Reset => {
                let Some(example) = self.workspace.origin() else {
                    return self.notice(
                        "This workspace did not start from an example: there is nothing to reset it to."
                            .into(),
                    );
                };
                let mut workspace = Workspace::from_example(example);
                workspace.options = self.workspace.options.clone();
                workspace.auto_rebuild = self.workspace.auto_rebuild;
                let mut next = AppState::new(
                    workspace,
                    Some(format!(
                        "Reset \u{201c}{}\u{201d} to the example \u{201c}{}\u{201d}.",
                        self.name, example.title
                    )),
                );
                next.previous = Some(Rc::new(self.workspace.clone()));
                next.name = self.name.clone();
                next.others = self.others.clone();
                next.tab = self.tab;
                Rc::new(next)
            }
        }
    }

    /// Undo of a deletion: the deleted workspace comes back (under a free name) and opens.
    pub(super) fn undo_delete(self: Rc<Self>) -> Rc<AppState> {
        let Some((name, workspace)) = self.deleted.clone() else {
            return self;
        };
        let name = session::unique_name(&name, |n| self.taken(n));
        let notice = format!("Restored the workspace \u{201c}{name}\u{201d}.");
        let mut next = (*self.open_as(name, (*workspace).clone(), true, notice)).clone();
        next.deleted = None;
        Rc::new(next)
    }
}

fn bad_name(name: &str) -> String {
    format!(
        "\u{201c}{}\u{201d} cannot name a workspace: use 1 to {} characters, no line breaks.",
        name.trim(),
        session::MAX_NAME_CHARS
    )
}

/// A file name for a workspace's tar: its name with anything but letters, digits, `.`, `_`
/// and `-` replaced by `-`.
pub fn tar_name(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-');
    format!("{}.tar", if stem.is_empty() { "workspace" } else { stem })
}

/// The workspace name for an imported file: its name without `.tar`, `.tar.gz` or `.tgz`.
pub fn import_name(file: &str) -> String {
    let stem = [".tar.gz", ".tgz", ".tar"]
        .iter()
        .find_map(|ext| file.strip_suffix(ext))
        .unwrap_or(file);
    stem.to_string()
}

/// The names of the others, for tests.
#[cfg(test)]
fn others(s: &AppState) -> Vec<&str> {
    s.others.keys().map(String::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::state::Action;
    use std::collections::BTreeMap;
    use yew::Reducible;

    fn start() -> Rc<AppState> {
        Rc::new(AppState::example())
    }

    fn shelf(s: Rc<AppState>, a: ShelfAction) -> Rc<AppState> {
        s.reduce(Action::Shelf(a))
    }

    #[test]
    fn new_switch_rename_duplicate_keep_every_edit() {
        let s = start().reduce(Action::Edit("FROM first\n".into()));
        let s = shelf(
            s,
            ShelfAction::New {
                name: "api".into(),
                example: Some("nginx-site".into()),
            },
        );
        assert_eq!(s.name, "api");
        assert!(s.workspace.dockerfile.starts_with("FROM nginx"));
        assert_eq!(others(&s), [session::DEFAULT_NAME]);
        let s = s.reduce(Action::Edit("FROM second\n".into()));
        let s = shelf(s, ShelfAction::Switch(session::DEFAULT_NAME.into()));
        assert_eq!(s.workspace.dockerfile, "FROM first\n");
        let s = shelf(s, ShelfAction::Switch("api".into()));
        assert_eq!(s.workspace.dockerfile, "FROM second\n");
        let s = shelf(s, ShelfAction::Rename(session::DEFAULT_NAME.into()));
        assert!(s.notice.as_deref().is_some_and(|n| n.contains("already")));
        let s = shelf(s, ShelfAction::Rename(" web ".into()));
        assert_eq!(s.name, "web");
        let s = shelf(s, ShelfAction::Duplicate("web".into()));
        assert_eq!(s.name, "web (2)");
        assert_eq!(s.workspace.dockerfile, "FROM second\n");
        assert_eq!(names(&s), [session::DEFAULT_NAME, "web", "web (2)"]);
    }

    #[test]
    fn delete_can_be_undone_and_the_last_one_leaves_an_example() {
        let s = start().reduce(Action::Edit("FROM mine\n".into()));
        let s = shelf(s, ShelfAction::Delete);
        assert_eq!(s.name, "My workspace (2)");
        assert!(s.others.is_empty());
        let s = s.reduce(Action::Undo);
        assert_eq!(s.name, session::DEFAULT_NAME);
        assert_eq!(s.workspace.dockerfile, "FROM mine\n");
        assert_eq!(others(&s), ["My workspace (2)"]);
        assert_eq!(s.deleted, None);
    }

    #[test]
    fn reset_goes_back_to_the_example_and_can_be_undone() {
        let s = start().reduce(Action::Edit("FROM mine\n".into()));
        let s = shelf(s, ShelfAction::Reset);
        assert_eq!(s.workspace.dockerfile, examples::EXAMPLES[0].dockerfile);
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.dockerfile, "FROM mine\n");
        let s = shelf(
            s,
            ShelfAction::New {
                name: "b".into(),
                example: None,
            },
        );
        let s = shelf(s, ShelfAction::Reset);
        assert!(s
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("nothing to reset")));
    }

    #[test]
    fn an_import_becomes_a_new_workspace_with_a_free_name() {
        let imported = ImportedWorkspace {
            workspace: Workspace {
                dockerfile: "FROM x\n".into(),
                files: BTreeMap::from([("a.js".to_string(), "a".to_string())]),
                ..Workspace::default()
            },
            skipped: vec!["logo.png (not UTF-8 text)".into()],
        };
        let s = shelf(
            start(),
            ShelfAction::Import {
                name: import_name(&format!("{}.tar", session::DEFAULT_NAME)),
                imported,
            },
        );
        assert_eq!(s.name, "My workspace (2)");
        assert_eq!(s.workspace.files["a.js"], "a");
        assert!(s.notice.as_deref().is_some_and(|n| n.contains("logo.png")));
        assert_eq!(tar_name("My app / v2"), "My-app---v2.tar");
        assert_eq!(import_name("x.tar.gz"), "x");
    }
}
