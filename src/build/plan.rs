//! The stage graph: global `ARG`s before the first `FROM`, `FROM` lines expanded with them,
//! `FROM <stage>` and `COPY --from` dependencies, the `--target` stage, and the stages BuildKit
//! would skip because the target does not need them. Also BuildKit's progress numbering
//! (`[2/3]`, `[build 1/4]`).

use super::error::{BuildError, BuildErrorKind};
use crate::dockerfile::instruction::{Dockerfile, Instruction};
use crate::words::Lexer;
use std::collections::BTreeMap;

/// The platform being built for (and built on: the playground builds natively).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Platform {
    /// `linux`.
    pub os: String,
    /// `amd64`, `arm64`.
    pub architecture: String,
    /// `v8`, or empty.
    pub variant: String,
}

impl Default for Platform {
    fn default() -> Platform {
        Platform {
            os: "linux".into(),
            architecture: "amd64".into(),
            variant: String::new(),
        }
    }
}

impl Platform {
    /// `linux/amd64`, `linux/arm64/v8`.
    pub fn text(&self) -> String {
        if self.variant.is_empty() {
            format!("{}/{}", self.os, self.architecture)
        } else {
            format!("{}/{}/{}", self.os, self.architecture, self.variant)
        }
    }
}

/// Build args every Dockerfile may use without declaring them in the global scope: the
/// platform args BuildKit defines (`TARGETPLATFORM`, `BUILDARCH`, …).
pub fn platform_args(platform: &Platform) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for prefix in ["BUILD", "TARGET"] {
        out.insert(format!("{prefix}PLATFORM"), platform.text());
        out.insert(format!("{prefix}OS"), platform.os.clone());
        out.insert(format!("{prefix}ARCH"), platform.architecture.clone());
        out.insert(format!("{prefix}VARIANT"), platform.variant.clone());
    }
    out
}

/// The proxy args: usable by RUN without an `ARG`, and left out of the history.
pub const PROXY_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// What a stage starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`.
    Scratch,
    /// `FROM <earlier stage>`.
    Stage(usize),
    /// `FROM <image>` (expanded reference).
    Image(String),
}

/// One stage of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStage {
    /// Index among the Dockerfile's stages.
    pub index: usize,
    /// The progress prefix: the stage name, `stage-N`, or empty for a one-stage Dockerfile.
    pub display: String,
    /// What it starts from.
    pub base: Base,
    /// Number of progress vertices (BuildKit's `cmdTotal`): FROM of an image, RUN, COPY, ADD,
    /// WORKDIR.
    pub vertices: usize,
}

/// The plan: the stages to build, in order, and the global args.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Stages to build, dependencies first (the target last).
    pub stages: Vec<PlannedStage>,
    /// Index of the target stage.
    pub target: usize,
    /// Global args (declared before the first FROM, plus the platform args) with their values.
    pub global_args: BTreeMap<String, String>,
    /// Names of the global args declared in the Dockerfile.
    pub declared_global: Vec<String>,
    /// Stages left out because the target does not need them.
    pub skipped: Vec<usize>,
}

/// Whether an instruction is a progress vertex in BuildKit.
pub fn is_vertex(instruction: &Instruction) -> bool {
    matches!(
        instruction,
        Instruction::Run(_) | Instruction::Copy(_) | Instruction::Add(_) | Instruction::Workdir(_)
    )
}

/// Finds the stage a name refers to (case-insensitive name, or index), among the stages
/// before `before`.
pub fn find_stage(df: &Dockerfile, name: &str, before: usize) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    if let Some(i) = df.stages[..before.min(df.stages.len())]
        .iter()
        .position(|s| s.from.value.name.as_deref() == Some(lower.as_str()))
    {
        return Some(i);
    }
    match name.parse::<usize>() {
        Ok(i) if i < before => Some(i),
        _ => None,
    }
}

/// Plans a build of `df`.
pub fn plan(
    df: &Dockerfile,
    build_args: &BTreeMap<String, String>,
    target: Option<&str>,
    platform: &Platform,
) -> Result<Plan, BuildError> {
    let lexer = Lexer::new(df.escape);
    let mut global_args = platform_args(platform);
    let mut declared_global = Vec::new();
    for located in &df.global_args {
        for decl in &located.value {
            let value = match build_args.get(&decl.name) {
                Some(v) => Some(v.clone()),
                None => match &decl.default {
                    Some(d) => Some(lexer.expand_word(d, &global_args).map_err(|e| {
                        BuildError::new(BuildErrorKind::Expansion(e.to_string()))
                            .at(located.span, &located.original)
                    })?),
                    None => None,
                },
            };
            declared_global.push(decl.name.clone());
            if let Some(v) = value {
                global_args.insert(decl.name.clone(), v);
            }
        }
    }
    if df.stages.is_empty() {
        return Err(BuildError::new(BuildErrorKind::Parse(
            "the Dockerfile has no FROM instruction".into(),
        )));
    }
    let target_index = match target {
        Some(t) => df
            .stages
            .iter()
            .position(|s| s.from.value.name.as_deref() == Some(t.to_ascii_lowercase().as_str()))
            .ok_or_else(|| BuildError::new(BuildErrorKind::UnknownTarget(t.to_string())))?,
        None => df.stages.len() - 1,
    };
    let mut bases = Vec::new();
    let mut deps: Vec<Vec<usize>> = Vec::new();
    for (i, stage) in df.stages.iter().enumerate() {
        let from = &stage.from;
        let image = lexer
            .expand_word(&from.value.image, &global_args)
            .map_err(|e| {
                BuildError::new(BuildErrorKind::Expansion(e.to_string()))
                    .at(from.span, &from.original)
            })?;
        if image.is_empty() {
            return Err(BuildError::new(BuildErrorKind::InvalidArgument(
                "base name (".to_string() + &from.value.image + ") should not be blank",
            ))
            .at(from.span, &from.original));
        }
        let base = if image.eq_ignore_ascii_case("scratch") {
            Base::Scratch
        } else if let Some(s) = df.stages[..i]
            .iter()
            .position(|s| s.from.value.name.as_deref() == Some(image.to_ascii_lowercase().as_str()))
        {
            Base::Stage(s)
        } else {
            Base::Image(image)
        };
        let mut d = Vec::new();
        if let Base::Stage(s) = base {
            d.push(s);
        }
        for ins in &stage.instructions {
            let from = match &ins.value {
                Instruction::Copy(c) => c.from.as_deref(),
                Instruction::Run(r) => {
                    for m in &r.mounts {
                        for part in m.split(',') {
                            if let Some(v) = part.strip_prefix("from=") {
                                if let Some(s) = find_stage(df, v, i) {
                                    d.push(s);
                                }
                            }
                        }
                    }
                    None
                }
                _ => None,
            };
            if let Some(name) = from {
                let name = lexer.expand_word(name, &global_args).unwrap_or_default();
                if let Some(s) = find_stage(df, &name, i) {
                    d.push(s);
                }
            }
        }
        bases.push(base);
        deps.push(d);
    }
    let mut needed = vec![false; df.stages.len()];
    let mut todo = vec![target_index];
    while let Some(s) = todo.pop() {
        if needed[s] {
            continue;
        }
        needed[s] = true;
        todo.extend(deps[s].iter().copied());
    }
    let multi = df.stages.len() > 1;
    let mut stages = Vec::new();
    let mut skipped = Vec::new();
    for (i, stage) in df.stages.iter().enumerate() {
        if !needed[i] {
            skipped.push(i);
            continue;
        }
        let display = if !multi {
            String::new()
        } else {
            stage
                .from
                .value
                .name
                .clone()
                .unwrap_or_else(|| format!("stage-{i}"))
        };
        let from_vertex = usize::from(matches!(bases[i], Base::Image(_) | Base::Scratch));
        let vertices = from_vertex
            + stage
                .instructions
                .iter()
                .filter(|ins| is_vertex(&ins.value))
                .count();
        stages.push(PlannedStage {
            index: i,
            display,
            base: bases[i].clone(),
            vertices,
        });
    }
    Ok(Plan {
        stages,
        target: target_index,
        global_args,
        declared_global,
        skipped,
    })
}

/// BuildKit's progress prefix: `[2/3] `, `[build 1/4] `, `[ 3/10] ` (numbers padded to the
/// width of the total).
pub fn progress_prefix(display: &str, index: usize, total: usize) -> String {
    let width = total.to_string().len();
    let name = if display.is_empty() {
        String::new()
    } else {
        format!("{display} ")
    };
    format!("[{name}{index:>width$}/{total}] ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn df(text: &str) -> Dockerfile {
        crate::dockerfile::parse(text).expect("valid").dockerfile
    }

    #[test]
    fn target_skips_unused_stages() {
        let d = df(
            "FROM alpine AS a\nRUN x\nFROM alpine AS b\nRUN y\nFROM a AS c\nCOPY --from=0 /x /x\n",
        );
        let p = plan(&d, &BTreeMap::new(), None, &Platform::default()).expect("plans");
        let built: Vec<usize> = p.stages.iter().map(|s| s.index).collect();
        assert_eq!(built, [0, 2]);
        assert_eq!(p.skipped, [1]);
        assert_eq!(p.stages[1].base, Base::Stage(0));
        let p = plan(&d, &BTreeMap::new(), Some("b"), &Platform::default()).expect("plans");
        assert_eq!(p.stages.len(), 1);
        assert!(plan(&d, &BTreeMap::new(), Some("nope"), &Platform::default()).is_err());
    }

    #[test]
    fn global_args_expand_from() {
        let d = df("ARG TAG=20\nFROM node:${TAG}-alpine\n");
        let mut args = BTreeMap::new();
        let p = plan(&d, &args, None, &Platform::default()).expect("plans");
        assert_eq!(p.stages[0].base, Base::Image("node:20-alpine".into()));
        args.insert("TAG".to_string(), "22".to_string());
        let p = plan(&d, &args, None, &Platform::default()).expect("plans");
        assert_eq!(p.stages[0].base, Base::Image("node:22-alpine".into()));
    }

    #[test]
    fn prefixes() {
        assert_eq!(progress_prefix("", 2, 3), "[2/3] ");
        assert_eq!(progress_prefix("build", 1, 10), "[build  1/10] ");
    }
}
