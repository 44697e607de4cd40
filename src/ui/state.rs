//! The app state and the one reducer that changes it.

use super::components::results::Tab;
use crate::examples;
use crate::session::{self, BuildOptions, BuildView, ContextEntry, Problem};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

pub use crate::session::Workspace;

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
    /// The name of the open workspace.
    pub name: String,
    /// The other saved workspaces, by name (see [`super::shelf`]).
    pub others: Rc<BTreeMap<String, Workspace>>,
    /// The last deleted workspace and its name, for Undo.
    pub deleted: Option<(String, Rc<Workspace>)>,
    /// A Dockerfile line to show in the editor, with a serial number (each request differs).
    pub jump: Option<(u32, u32)>,
    /// The layer stack of the last successful build.
    pub layers: Option<Rc<session::LayerStack>>,
    /// The files of the last successful build's image (computed on first look).
    pub files: Option<Rc<session::ImageFiles>>,
    /// The layer the Files tab shows the changes of (`None`: all layers merged).
    pub files_layer: Option<usize>,
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
    /// Create, switch, rename, duplicate, delete, reset or import a workspace.
    Shelf(super::shelf::ShelfAction),
    /// Change the build options of the workspace.
    SetOptions(BuildOptions),
    /// Turn auto-rebuild on or off.
    SetAutoRebuild(bool),
    /// Show a line of the Dockerfile in the editor.
    JumpTo(u32),
    /// The last successful build's layer stack and files (after `Built`).
    Inspected(
        Option<Rc<session::LayerStack>>,
        Option<Rc<session::ImageFiles>>,
    ),
    /// Show one layer's changes in the Files tab (`None`: the merged image).
    PickLayer(Option<usize>),
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
            name: session::DEFAULT_NAME.to_string(),
            others: Rc::default(),
            deleted: None,
            jump: None,
            layers: None,
            files: None,
            files_layer: None,
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
        next.name = self.name.clone();
        next.others = self.others.clone();
        next.deleted = self.deleted.clone();
        next.jump = self.jump;
        next.layers = self.layers.clone();
        next.files = self.files.clone();
        next.files_layer = self.files_layer;
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
                next.name = self.name.clone();
                next.others = self.others.clone();
                next.tab = self.tab;
                next.building = self.building;
                Rc::new(next)
            }
            Action::Undo if self.deleted.is_some() => self.undo_delete(),
            Action::Undo => match &self.previous {
                Some(prev) => {
                    let mut next = (*self.with((**prev).clone())).clone();
                    next.previous = None;
                    next.notice = None;
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
            Action::Shelf(action) => self.shelf(action),
            Action::SetOptions(options) => {
                ws.options = options;
                self.with(ws)
            }
            Action::SetAutoRebuild(on) => {
                ws.auto_rebuild = on;
                self.with(ws)
            }
            Action::JumpTo(line) => {
                ws.open = None;
                let serial = self.jump.map_or(1, |(_, n)| n.wrapping_add(1));
                let mut next = (*self.with(ws)).clone();
                next.jump = Some((line, serial));
                Rc::new(next)
            }
            Action::Inspected(layers, files) => {
                let mut next = (*self).clone();
                let layer_count = files.as_ref().map_or(0, |f| f.layers().len());
                next.files_layer = next.files_layer.filter(|&l| l < layer_count);
                next.layers = layers;
                next.files = files;
                Rc::new(next)
            }
            Action::PickLayer(layer) => {
                let mut next = (*self).clone();
                next.files_layer = layer;
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
