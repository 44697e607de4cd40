//! Which Dockerfile instructions BuildKit expands, which of their arguments, in which mode.
//!
//! Source: BuildKit `frontend/dockerfile/instructions/commands.go` (the commands implementing
//! `SupportsSingleWordExpansion` / `SupportsSingleWordExpansionRaw`, called from `dispatch`
//! in `dockerfile2llb/convert.go` with the stage's environment: its `ENV`s plus the `ARG`s
//! declared so far), `dispatchExpose` (word-list mode) and the `FROM` handling in
//! `toDispatchState` (only the `ARG`s declared before the first `FROM`, plus the automatic
//! platform args).

/// How an instruction's arguments are expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpansionMode {
    /// Never expanded by the frontend (`RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `HEALTHCHECK`,
    /// `MAINTAINER`, `ONBUILD`): a shell expands `RUN` at run time, or the text is stored.
    None,
    /// Each argument is one word after expansion (BuildKit's `ProcessWord`).
    SingleWord,
    /// Each argument may become several words (BuildKit's `ProcessWords`): `EXPOSE` only.
    WordList,
}

/// One row of the table: an instruction, how it expands, and what exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpansionRule {
    /// Lower-case keyword.
    pub keyword: &'static str,
    /// How its arguments are expanded.
    pub mode: ExpansionMode,
    /// Which parts are expanded, and against which variables.
    pub what: &'static str,
}

/// BuildKit's expansion rules, one row per instruction.
pub const EXPANSION_RULES: &[ExpansionRule] = &[
    ExpansionRule {
        keyword: "from",
        mode: ExpansionMode::SingleWord,
        what: "image name and --platform, with only the ARGs declared before the first FROM \
               (and BUILDPLATFORM/TARGETPLATFORM...); the stage name after AS is not expanded",
    },
    ExpansionRule {
        keyword: "arg",
        mode: ExpansionMode::SingleWord,
        what: "each name and default value",
    },
    ExpansionRule {
        keyword: "env",
        mode: ExpansionMode::SingleWord,
        what: "each key and value, all against the environment from before the instruction",
    },
    ExpansionRule {
        keyword: "label",
        mode: ExpansionMode::SingleWord,
        what: "each key and value",
    },
    ExpansionRule {
        keyword: "workdir",
        mode: ExpansionMode::SingleWord,
        what: "the path",
    },
    ExpansionRule {
        keyword: "user",
        mode: ExpansionMode::SingleWord,
        what: "the user[:group]",
    },
    ExpansionRule {
        keyword: "volume",
        mode: ExpansionMode::SingleWord,
        what: "each path",
    },
    ExpansionRule {
        keyword: "stopsignal",
        mode: ExpansionMode::SingleWord,
        what: "the signal",
    },
    ExpansionRule {
        keyword: "expose",
        mode: ExpansionMode::WordList,
        what: "each port; one argument may expand to several ports",
    },
    ExpansionRule {
        keyword: "copy",
        mode: ExpansionMode::SingleWord,
        what: "sources, destination, --chown and --chmod; heredoc bodies only when the \
               delimiter is unquoted, with quotes kept (SkipProcessQuotes)",
    },
    ExpansionRule {
        keyword: "add",
        mode: ExpansionMode::SingleWord,
        what: "sources, destination, --chown and --chmod; heredoc bodies as for COPY",
    },
    ExpansionRule {
        keyword: "run",
        mode: ExpansionMode::None,
        what: "the command is left to the shell; only --mount option values are expanded",
    },
    ExpansionRule {
        keyword: "cmd",
        mode: ExpansionMode::None,
        what: "stored as written",
    },
    ExpansionRule {
        keyword: "entrypoint",
        mode: ExpansionMode::None,
        what: "stored as written",
    },
    ExpansionRule {
        keyword: "shell",
        mode: ExpansionMode::None,
        what: "stored as written",
    },
    ExpansionRule {
        keyword: "healthcheck",
        mode: ExpansionMode::None,
        what: "stored as written",
    },
    ExpansionRule {
        keyword: "onbuild",
        mode: ExpansionMode::None,
        what: "the trigger is stored as text and expanded when a child image runs it",
    },
    ExpansionRule {
        keyword: "maintainer",
        mode: ExpansionMode::None,
        what: "stored as written",
    },
];

/// The expansion rule of an instruction (keyword in any case), if it is a known one.
pub fn expansion_rule(keyword: &str) -> Option<&'static ExpansionRule> {
    EXPANSION_RULES
        .iter()
        .find(|r| r.keyword.eq_ignore_ascii_case(keyword))
}

/// Whether BuildKit expands variables in the arguments of this instruction (keyword in any
/// case): ADD, ARG, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR. RUN,
/// CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD and MAINTAINER are never expanded by the
/// frontend (see [`EXPANSION_RULES`] for the details per instruction).
pub fn expands_arguments(keyword: &str) -> bool {
    expansion_rule(keyword).is_some_and(|r| r.mode != ExpansionMode::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_is_not_expanded_but_copy_is() {
        assert!(!expands_arguments("RUN"));
        assert!(!expands_arguments("cmd"));
        assert!(expands_arguments("copy"));
        assert!(expands_arguments("Workdir"));
        assert_eq!(
            expansion_rule("expose").map(|r| r.mode),
            Some(ExpansionMode::WordList)
        );
        assert!(!expands_arguments("nonsense"));
    }
}
