//! The app state and the one reducer that changes it.

use super::components::results::Tab;
use crate::examples::{self, Example};
use crate::session::{self, BuildView, ContextEntry, Problem};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

/// The Dockerfile and build context being edited: what is saved and restored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Workspace {
    /// The Dockerfile.
    pub dockerfile: String,
    /// Context files: path relative to the context → text.
    pub files: BTreeMap<String, String>,
    /// The file open in the editor: `None` for the Dockerfile.
    pub open: Option<String>,
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
            open: None,
        }
    }

    /// The text of the open file.
    pub fn open_text(&self) -> &str {
        match &self.open {
            None => &self.dockerfile,
            Some(p) => self.files.get(p).map_or("", String::as_str),
        }
    }
}

/// Everything the UI shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The workspace.
    pub workspace: Workspace,
    /// Problems of the Dockerfile, recomputed on every edit.
    pub problems: Rc<Vec<Problem>>,
    /// The context files with their `.dockerignore` status.
    pub context: Rc<Vec<ContextEntry>>,
    /// A `.dockerignore` error, if the file has one.
    pub ignore_error: Option<String>,
    /// A message about the workspace itself (an example loaded, saved data unreadable).
    pub notice: Option<String>,
    /// The workspace before the last example was loaded, for Undo.
    pub previous: Option<Rc<Workspace>>,
    /// The last build's log and result.
    pub build: Option<Rc<BuildView>>,
    /// The tab shown in the results column.
    pub tab: Tab,
    /// While a build runs: steps started and steps planned (0 until the Dockerfile is parsed).
    pub building: Option<(usize, usize)>,
}

/// Every change the UI can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user edited the open file.
    Edit(String),
    /// Open a context file (`None`: the Dockerfile).
    Open(Option<String>),
    /// Add or replace context files (new file, drag and drop).
    AddFiles(Vec<(String, String)>),
    /// Rename a context file.
    Rename(String, String),
    /// Delete a context file.
    Delete(String),
    /// Replace the workspace with an example (the old one is kept for Undo).
    LoadExample(String),
    /// Go back to the workspace before the last example was loaded.
    Undo,
    /// Show a message.
    Notice(String),
    /// A build ran a step: the log so far (its last step running), steps started, planned.
    BuildProgress(Rc<BuildView>, usize, usize),
    /// A build finished (or was canceled): show its log.
    Built(Rc<BuildView>),
    /// Show a tab of the results column.
    ShowTab(Tab),
}

impl AppState {
    /// A state showing `workspace`.
    pub fn new(workspace: Workspace, notice: Option<String>) -> AppState {
        let problems = Rc::new(session::problems(&workspace.dockerfile));
        let (context, ignore_error) = session::context_entries(&workspace.files);
        AppState {
            workspace,
            problems,
            context: Rc::new(context),
            ignore_error,
            notice,
            previous: None,
            build: None,
            tab: Tab::Log,
            building: None,
        }
    }

    /// The default workspace: the first example.
    pub fn example() -> AppState {
        AppState::new(Workspace::from_example(&examples::EXAMPLES[0]), None)
    }

    fn with(&self, workspace: Workspace) -> Rc<AppState> {
        let mut next = AppState::new(workspace, self.notice.clone());
        next.previous = self.previous.clone();
        next.build = self.build.clone();
        next.tab = self.tab;
        next.building = self.building;
        Rc::new(next)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut ws = self.workspace.clone();
        match action {
            Action::Edit(text) => {
                match &ws.open {
                    None => ws.dockerfile = text,
                    Some(p) => {
                        ws.files.insert(p.clone(), text);
                    }
                }
                self.with(ws)
            }
            Action::Open(path) => {
                ws.open = path.filter(|p| ws.files.contains_key(p));
                self.with(ws)
            }
            Action::AddFiles(files) => {
                let mut last = None;
                for (path, text) in files {
                    if let Some(clean) = session::clean_context_path(&path) {
                        ws.files.insert(clean.clone(), text);
                        last = Some(clean);
                    }
                }
                if last.is_some() {
                    ws.open = last;
                }
                self.with(ws)
            }
            Action::Rename(from, to) => {
                let Some(to) = session::clean_context_path(&to) else {
                    return self;
                };
                if let Some(text) = ws.files.remove(&from) {
                    ws.files.insert(to.clone(), text);
                    if ws.open.as_deref() == Some(from.as_str()) {
                        ws.open = Some(to);
                    }
                }
                self.with(ws)
            }
            Action::Delete(path) => {
                ws.files.remove(&path);
                if ws.open.as_deref() == Some(path.as_str()) {
                    ws.open = None;
                }
                self.with(ws)
            }
            Action::LoadExample(id) => {
                let Some(example) = examples::find(&id) else {
                    return self;
                };
                let mut next = AppState::new(
                    Workspace::from_example(example),
                    Some(format!(
                        "Loaded the example \u{201c}{}\u{201d}. {}",
                        example.title, example.lesson
                    )),
                );
                next.previous = Some(Rc::new(self.workspace.clone()));
                next.building = self.building;
                Rc::new(next)
            }
            Action::Undo => match &self.previous {
                Some(prev) => {
                    let mut next = AppState::new((**prev).clone(), None);
                    next.building = self.building;
                    Rc::new(next)
                }
                None => self,
            },
            Action::Notice(text) => {
                let mut next = (*self).clone();
                next.notice = Some(text);
                Rc::new(next)
            }
            Action::BuildProgress(view, started, total) => {
                let mut next = (*self).clone();
                next.build = Some(view);
                next.building = Some((started, total));
                Rc::new(next)
            }
            Action::Built(view) => {
                let mut next = (*self).clone();
                next.build = Some(view);
                next.building = None;
                Rc::new(next)
            }
            Action::ShowTab(tab) => {
                let mut next = (*self).clone();
                next.tab = tab;
                Rc::new(next)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<AppState> {
        Rc::new(AppState::example())
    }

    #[test]
    fn the_default_workspace_is_web_ping_with_its_app() {
        let s = state();
        assert!(s.workspace.dockerfile.starts_with("FROM diamol/node\n"));
        assert!(s.workspace.files.contains_key("app.js"));
        assert!(s.problems.is_empty(), "{:?}", s.problems);
    }

    #[test]
    fn edits_go_to_the_open_file_and_recompute_problems() {
        let s = state().reduce(Action::Edit("FROM a\nCOPPY x y\n".into()));
        assert_eq!(s.problems.len(), 1);
        let s = s
            .reduce(Action::Open(Some("app.js".into())))
            .reduce(Action::Edit("console.log(1)".into()));
        assert_eq!(s.workspace.files["app.js"], "console.log(1)");
        assert!(s.workspace.dockerfile.contains("COPPY"));
    }

    #[test]
    fn files_are_added_renamed_and_deleted_inside_the_context() {
        let s = state().reduce(Action::AddFiles(vec![
            ("./src//a.js".into(), "a".into()),
            ("../x".into(), "no".into()),
        ]));
        assert_eq!(
            s.workspace.files.keys().collect::<Vec<_>>(),
            ["app.js", "src/a.js"]
        );
        assert_eq!(s.workspace.open.as_deref(), Some("src/a.js"));
        let s = s.reduce(Action::Rename("src/a.js".into(), "lib/b.js".into()));
        assert_eq!(s.workspace.open.as_deref(), Some("lib/b.js"));
        let s = s.reduce(Action::Delete("lib/b.js".into()));
        assert_eq!(s.workspace.open, None);
        assert_eq!(s.workspace.files.keys().collect::<Vec<_>>(), ["app.js"]);
    }

    #[test]
    fn a_build_shows_progress_then_its_result() {
        let partial = Rc::new(BuildView::default());
        let s = state()
            .reduce(Action::BuildProgress(partial, 3, 5))
            .reduce(Action::Edit("FROM a\n".into()));
        assert_eq!(s.building, Some((3, 5)), "an edit keeps the build running");
        let s = s.reduce(Action::Built(Rc::new(BuildView::default())));
        assert_eq!(s.building, None);
        assert!(s.build.is_some());
    }

    #[test]
    fn loading_an_example_keeps_the_old_workspace_for_undo() {
        let s = state()
            .reduce(Action::Edit("FROM mine\n".into()))
            .reduce(Action::LoadExample("nginx-site".into()));
        assert!(s.workspace.dockerfile.starts_with("FROM nginx"));
        assert!(s.context.iter().any(|e| e.path == "NOTES.md" && e.ignored));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.workspace.dockerfile, "FROM mine\n");
    }
}
