//! The app state and the one reducer that changes it.

use super::browser;
use crate::session::{self, Problem};
use std::rc::Rc;
use yew::Reducible;

/// The example every new workspace starts from: the web-ping app of the seed notes.
pub const EXAMPLE_DOCKERFILE: &str = r#"FROM diamol/node
ENV TARGET="blog.sixeyed.com" METHOD="HEAD" INTERVAL="3000"
WORKDIR /web-ping
COPY app.js .
CMD ["node", "/web-ping/app.js"]
"#;

/// Everything the UI shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The Dockerfile being edited.
    pub dockerfile: String,
    /// Problems of the Dockerfile (errors and warnings), recomputed on every edit.
    pub problems: Rc<Vec<Problem>>,
    /// A message for the user about the workspace itself (e.g. saved data that could not be read).
    pub notice: Option<String>,
}

/// Every change the UI can make.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user edited the Dockerfile.
    Edit(String),
    /// Replace the Dockerfile with the example.
    ResetToExample,
}

impl AppState {
    /// The state saved in the browser, or the example when there is none.
    pub fn restore() -> AppState {
        match browser::load_workspace() {
            browser::Loaded::Saved(text) => AppState::with_text(text, None),
            browser::Loaded::Nothing => AppState::with_text(EXAMPLE_DOCKERFILE.to_string(), None),
            browser::Loaded::Corrupt { kept_as } => AppState::with_text(
                EXAMPLE_DOCKERFILE.to_string(),
                Some(format!(
                    "Your saved workspace could not be read; it was kept in localStorage as \"{kept_as}\" and the example was loaded."
                )),
            ),
        }
    }

    /// A state showing `text`, with its problems computed.
    pub fn with_text(text: String, notice: Option<String>) -> AppState {
        let problems = Rc::new(session::problems(&text));
        AppState {
            dockerfile: text,
            problems,
            notice,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => Rc::new(AppState::with_text(text, self.notice.clone())),
            Action::ResetToExample => {
                Rc::new(AppState::with_text(EXAMPLE_DOCKERFILE.to_string(), None))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(text: &str) -> Rc<AppState> {
        Rc::new(AppState::with_text(text.into(), Some("n".into())))
    }

    #[test]
    fn edit_replaces_the_text_and_keeps_the_notice() {
        let next = state("FROM a").reduce(Action::Edit("FROM b".into()));
        assert_eq!(next.dockerfile, "FROM b");
        assert_eq!(next.notice.as_deref(), Some("n"));
    }

    #[test]
    fn reset_loads_the_example() {
        let next = state("FROM a").reduce(Action::ResetToExample);
        assert_eq!(next.dockerfile, EXAMPLE_DOCKERFILE);
        assert_eq!(next.notice, None);
        assert!(next.problems.is_empty(), "{:?}", next.problems);
    }

    #[test]
    fn edits_recompute_problems() {
        let next = state("FROM a").reduce(Action::Edit("FROM a\nCOPPY x y\n".into()));
        assert_eq!(next.problems.len(), 1);
        assert_eq!(next.problems[0].hint.as_deref(), Some("did you mean COPY?"));
    }
}
