//! Build options as the UI edits them: `--build-arg`, `--target` and `--no-cache`
//! ([`BuildOptions`], saved with each workspace), and the stage names a `--target` can pick.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The options of `docker build` that the playground offers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BuildOptions {
    /// `--build-arg KEY=value`, in the order given. A row with an empty key is skipped; for
    /// a key given twice the later value wins, as with the docker CLI.
    #[serde(default)]
    pub build_args: Vec<(String, String)>,
    /// `--target`: the stage to build (`None`: the last stage).
    #[serde(default)]
    pub target: Option<String>,
    /// `--no-cache`: run every step, reuse nothing.
    #[serde(default)]
    pub no_cache: bool,
}

impl BuildOptions {
    /// The build args as the build takes them (empty keys dropped, surrounding spaces of the
    /// key trimmed; values kept as typed).
    pub fn build_arg_map(&self) -> BTreeMap<String, String> {
        self.build_args
            .iter()
            .filter(|(k, _)| !k.trim().is_empty())
            .map(|(k, v)| (k.trim().to_string(), v.clone()))
            .collect()
    }

    /// Sets the options on build inputs.
    pub(crate) fn apply(&self, inputs: &mut crate::build::BuildInputs) {
        inputs.build_args = self.build_arg_map();
        inputs.target = self
            .target
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        inputs.no_cache = self.no_cache;
    }
}

/// The names of the Dockerfile's named stages (`FROM … AS name`), in order, for a `--target`
/// picker. A Dockerfile with errors still lists the stages that could be read.
pub fn stage_names(dockerfile: &str) -> Vec<String> {
    use crate::dockerfile::{lower, parse_ast};
    let Ok(ast) = parse_ast(dockerfile) else {
        return Vec::new();
    };
    let (file, _errors) = lower::lower_all(&ast.instructions, ast.escape);
    file.stages
        .iter()
        .filter_map(|s| s.from.value.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_listed_by_name() {
        let text = "FROM alpine AS Build\nRUN true\nFROM build AS test\nFROM alpine\nCOPPY x y\n";
        assert_eq!(stage_names(text), ["build", "test"]);
        assert!(stage_names("").is_empty());
    }

    #[test]
    fn build_args_skip_empty_keys_and_the_last_value_wins() {
        let o = BuildOptions {
            build_args: vec![
                ("A".into(), "1".into()),
                (" ".into(), "x".into()),
                (" A ".into(), "2 ".into()),
                ("B".into(), String::new()),
            ],
            target: Some("  ".into()),
            no_cache: true,
        };
        let map = o.build_arg_map();
        assert_eq!(map.len(), 2);
        assert_eq!(map["A"], "2 ");
        assert_eq!(map["B"], "");
        let mut inputs = crate::build::BuildInputs::new("FROM scratch\n", BTreeMap::new());
        o.apply(&mut inputs);
        assert_eq!(inputs.target, None);
        assert!(inputs.no_cache);
    }

    #[test]
    fn options_reach_the_build() {
        use crate::session::{Builder, StepStatus};
        let df = "FROM alpine:3.20 AS one\nARG GREETING\nRUN echo \"one $GREETING\"\nFROM alpine:3.20 AS two\nRUN echo two\n";
        let files = BTreeMap::new();
        let mut b = Builder::new();
        let mut o = BuildOptions {
            build_args: vec![("GREETING".into(), "hello there".into())],
            target: Some("one".into()),
            no_cache: false,
        };
        let v = b.build(df, &files, "t", &o);
        assert!(v.image_id.is_some(), "{v:?}");
        let logs: Vec<&String> = v.steps.iter().flat_map(|s| &s.logs).collect();
        assert!(
            logs.iter().any(|l| l.contains("one hello there")),
            "{logs:?}"
        );
        assert!(
            !v.steps.iter().any(|s| s.name.contains("echo two")),
            "{v:?}"
        );
        let again = b.build(df, &files, "t", &o);
        assert!(again.steps.iter().any(|s| s.status == StepStatus::Cached));
        o.no_cache = true;
        let fresh = b.build(df, &files, "t", &o);
        assert!(
            fresh.steps.iter().all(|s| s.status != StepStatus::Cached),
            "{fresh:?}"
        );
        o.target = Some("nope".into());
        let bad = b.build(df, &files, "t", &o);
        assert!(bad
            .error
            .is_some_and(|e| e.0.contains("target stage \"nope\" could not be found")));
    }
}
