//! Build checks: the warnings BuildKit's linter emits, with its rule names and messages
//! (`frontend/dockerfile/linter/ruleset.go`). Checks that need the build's variables
//! (`UndefinedVar`) run in the build; the ones here need only the text.

use super::ast::RawInstruction;
use super::instruction::{Dockerfile, Instruction};
use super::parse::Ast;
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use crate::words::{Lexer, NoEnv};
use std::collections::BTreeMap;

/// ARGs BuildKit defines without a declaration (usable in FROM).
pub const PREDEFINED_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
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
    "BUILDKIT_SYNTAX",
];

fn warn(span: Span, rule: &str, message: String) -> Diagnostic {
    Diagnostic::warning(span, message).with_code(rule)
}

/// Every text-level warning for a parsed Dockerfile, in source order.
pub fn check(ast: &Ast, dockerfile: &Dockerfile) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = ast
        .warnings
        .iter()
        .map(|w| {
            warn(
                w.span,
                "NoEmptyContinuation",
                "Empty continuation line".into(),
            )
        })
        .collect();
    instruction_casing(&ast.instructions, &mut out);
    for raw in &ast.instructions {
        per_instruction(raw, &mut out);
    }
    stages(ast, dockerfile, &mut out);
    crate::sorting::sort_by_key(&mut out, |d| d.span.start.offset);
    out
}

fn case_of(word: &str) -> Option<bool> {
    if word.chars().all(|c| !c.is_ascii_lowercase()) {
        Some(true)
    } else if word.chars().all(|c| !c.is_ascii_uppercase()) {
        Some(false)
    } else {
        None
    }
}

/// ConsistentInstructionCasing: every keyword should use the case most keywords use.
fn instruction_casing(instructions: &[RawInstruction], out: &mut Vec<Diagnostic>) {
    let upper = instructions
        .iter()
        .filter(|i| case_of(&i.keyword) == Some(true))
        .count();
    let lower = instructions
        .iter()
        .filter(|i| case_of(&i.keyword) == Some(false))
        .count();
    let majority_upper = upper >= lower;
    let name = if majority_upper {
        "uppercase"
    } else {
        "lowercase"
    };
    for i in instructions {
        if case_of(&i.keyword) != Some(majority_upper) {
            let message = format!(
                "Command '{}' should match the case of the command majority ({name})",
                i.keyword
            );
            out.push(warn(i.keyword_span, "ConsistentInstructionCasing", message));
        }
    }
}

fn per_instruction(raw: &RawInstruction, out: &mut Vec<Diagnostic>) {
    let name = raw.name();
    match name.as_str() {
        "maintainer" => out.push(
            warn(
                raw.keyword_span,
                "MaintainerDeprecated",
                "Maintainer instruction is deprecated in favor of using label".into(),
            )
            .with_hint("use LABEL org.opencontainers.image.authors=\"name\""),
        ),
        "cmd" | "entrypoint" if !raw.json && !raw.args.is_empty() => {
            let keyword = name.to_ascii_uppercase();
            let text = raw.values().next().unwrap_or_default();
            let hint = if text.trim_start().starts_with('[') {
                format!("this is not valid JSON, so it runs through /bin/sh -c; JSON arrays need double quotes: {keyword} [\"executable\", \"arg\"]")
            } else {
                format!("write {keyword} [\"executable\", \"arg\"] so the process gets signals directly")
            };
            out.push(
                warn(
                    raw.span,
                    "JSONArgsRecommended",
                    format!("JSON arguments recommended for {keyword} to prevent unintended behavior related to OS signals"),
                )
                .with_hint(hint),
            );
        }
        "env" | "label" if raw.values().nth(2) == Some("") => {
            let keyword = name.to_ascii_uppercase();
            out.push(warn(
                raw.span,
                "LegacyKeyValueFormat",
                format!("\"{keyword} key=value\" should be used instead of legacy \"{keyword} key value\" format"),
            ));
        }
        "from" => from_as_casing(raw, out),
        _ => {}
    }
    if matches!(name.as_str(), "env" | "arg") {
        for key in secret_keys(raw) {
            out.push(warn(
                raw.span,
                "SecretsUsedInArgOrEnv",
                format!(
                    "Do not use ARG or ENV instructions for sensitive data ({} {key:?})",
                    name.to_ascii_uppercase()
                ),
            ));
        }
    }
}

/// FromAsCasing: `FROM x as y` or `from x AS y`.
fn from_as_casing(raw: &RawInstruction, out: &mut Vec<Diagnostic>) {
    let values: Vec<&str> = raw.values().collect();
    if let [_, as_word, _] = values.as_slice() {
        if as_word.eq_ignore_ascii_case("as") {
            let (from_case, as_case) = (case_of(&raw.keyword), case_of(as_word));
            if from_case.is_some() && as_case.is_some() && from_case != as_case {
                let message = format!(
                    "'{as_word}' and '{}' keywords' casing do not match",
                    raw.keyword
                );
                out.push(warn(raw.span, "FromAsCasing", message));
            }
        }
    }
}

/// Keys that look like secrets (BuildKit's `SecretsUsedInArgOrEnv` word list).
fn secret_keys(raw: &RawInstruction) -> Vec<String> {
    const WORDS: &[&str] = &[
        "apikey",
        "auth",
        "credential",
        "credentials",
        "key",
        "password",
        "pass",
        "pword",
        "passwd",
        "secret",
        "token",
    ];
    let keys: Vec<String> = if raw.name() == "env" {
        raw.values().step_by(3).map(String::from).collect()
    } else {
        raw.values()
            .map(|a| a.split('=').next().unwrap_or_default().to_string())
            .collect()
    };
    keys.into_iter()
        .filter(|k| {
            k.to_ascii_lowercase()
                .split('_')
                .any(|part| WORDS.contains(&part))
        })
        .collect()
}

fn stages(ast: &Ast, dockerfile: &Dockerfile, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    let froms = ast.instructions.iter().filter(|i| i.name() == "from");
    let global: Vec<&str> = dockerfile
        .global_args
        .iter()
        .flat_map(|a| a.value.iter().map(|d| d.name.as_str()))
        .collect();
    for (stage, raw) in dockerfile.stages.iter().zip(froms) {
        if let Some(name) = &stage.from.value.name {
            let written = raw.values().nth(2).unwrap_or_default();
            if written != written.to_ascii_lowercase() {
                out.push(warn(
                    raw.span,
                    "StageNameCasing",
                    format!("Stage name '{written}' should be lowercase"),
                ));
            }
            if name == "scratch" || name == "context" {
                out.push(warn(
                    raw.span,
                    "ReservedStageName",
                    format!("Stage name should not use the same name as reserved stage {name:?}"),
                ));
            }
            if seen.insert(name.clone(), ()).is_some() {
                out.push(warn(
                    raw.span,
                    "DuplicateStageName",
                    format!("Duplicate stage name {name:?}, stage names should be unique"),
                ));
            }
        }
        undefined_args_in_from(raw, &stage.from.value.image, &global, out);
        let mut absolute_workdir = false;
        let mut last_of: BTreeMap<&str, Vec<Span>> = BTreeMap::new();
        for i in &stage.instructions {
            match &i.value {
                Instruction::Workdir(dir) => {
                    if dir.starts_with('/') || dir.starts_with('$') {
                        absolute_workdir = true;
                    } else if !absolute_workdir {
                        out.push(warn(
                            i.span,
                            "WorkdirRelativePath",
                            format!("Relative workdir {dir:?} can have unexpected results if the base image changes"),
                        ));
                    }
                }
                Instruction::Cmd(_) | Instruction::Entrypoint(_) | Instruction::Healthcheck(_) => {
                    last_of.entry(i.value.keyword()).or_default().push(i.span);
                }
                _ => {}
            }
        }
        for (keyword, spans) in last_of {
            for span in &spans[..spans.len() - 1] {
                out.push(warn(
                    *span,
                    "MultipleInstructionsDisallowed",
                    format!("Multiple {keyword} instructions should not be used in the same stage because only the last one will be used"),
                ));
            }
        }
    }
}

/// UndefinedArgInFrom: `FROM $X` where X is neither a global ARG nor predefined.
fn undefined_args_in_from(
    raw: &RawInstruction,
    image: &str,
    global: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    if !image.contains('$') {
        return;
    }
    let Ok(expansion) = Lexer::default().process(image, &NoEnv) else {
        return;
    };
    for name in expansion.unmatched {
        if global.contains(&name.as_str()) || PREDEFINED_ARGS.contains(&name.as_str()) {
            continue;
        }
        let suggestion = global
            .iter()
            .find(|g| {
                super::lower::edit_distance(&g.to_ascii_lowercase(), &name.to_ascii_lowercase())
                    <= 2
            })
            .map(|g| format!(" (did you mean {g}?)"))
            .unwrap_or_default();
        out.push(warn(
            raw.span,
            "UndefinedArgInFrom",
            format!("FROM argument '{name}' is not declared{suggestion}"),
        ));
    }
}
