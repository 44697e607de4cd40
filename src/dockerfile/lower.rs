//! Raw instructions → typed [`Dockerfile`]: flags checked per instruction (BuildKit's
//! `BFlags`), arity and form checked, stages formed, ONBUILD restrictions enforced.
//! One `lower_*` function per instruction, as BuildKit's `instructions/parse.go`.

use super::ast::{Arg, Heredoc, RawInstruction};
use super::error::{ParseError, ParseErrorKind};
use super::heredoc::parse_heredoc;
use super::instruction::*;
use crate::span::{Position, Span};

/// Every instruction keyword BuildKit knows (lower case).
pub const KEYWORDS: &[&str] = &[
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

const COPY_FLAGS: &[&str] = &["from", "chown", "chmod", "link", "parents", "exclude"];
const ADD_FLAGS: &[&str] = &[
    "chown",
    "chmod",
    "link",
    "keep-git-dir",
    "checksum",
    "exclude",
    "unpack",
];
const RUN_FLAGS: &[&str] = &["mount", "network", "security"];
const FROM_FLAGS: &[&str] = &["platform"];
const HEALTH_FLAGS: &[&str] = &[
    "interval",
    "timeout",
    "start-period",
    "start-interval",
    "retries",
];
const BOOL_FLAGS: &[&str] = &["link", "parents", "keep-git-dir", "unpack"];
const REPEATABLE_FLAGS: &[&str] = &["mount", "exclude"];

type Lowered<T> = Result<T, ParseErrorKind>;

/// Forms stages from raw instructions and checks every instruction; the first error wins.
pub fn lower(instructions: &[RawInstruction], escape: char) -> Result<Dockerfile, ParseError> {
    let (dockerfile, mut errors) = lower_all(instructions, escape);
    match errors.is_empty() {
        true => Ok(dockerfile),
        false => Err(errors.remove(0)),
    }
}

/// Like [`lower`], but goes on after an error: instructions that fail are left out and every
/// error is returned, in source order (for the editor, which shows them all).
pub fn lower_all(instructions: &[RawInstruction], escape: char) -> (Dockerfile, Vec<ParseError>) {
    let mut global_args = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    let mut errors = Vec::new();
    for raw in instructions {
        let fail = |kind: ParseErrorKind| ParseError {
            span: error_span(raw, &kind),
            kind,
        };
        if raw.name() == "from" {
            match lower_from(raw) {
                Ok(from) => stages.push(Stage {
                    from: locate(raw, from),
                    instructions: Vec::new(),
                }),
                Err(kind) => errors.push(fail(kind)),
            }
            continue;
        }
        match (stages.last_mut(), lower_instruction(raw)) {
            (_, Err(kind)) => errors.push(fail(kind)),
            (Some(stage), Ok(i)) => stage.instructions.push(locate(raw, i)),
            (None, Ok(Instruction::Arg(args))) => global_args.push(locate(raw, args)),
            (None, Ok(_)) => errors.push(fail(ParseErrorKind::NotAllowed(
                "no build stage in current context".into(),
            ))),
        }
    }
    if stages.is_empty() && errors.is_empty() {
        let span = instructions.last().map(|i| i.span).unwrap_or_default();
        let kind = ParseErrorKind::BadArguments("the Dockerfile has no FROM instruction".into());
        errors.push(ParseError { kind, span });
    }
    (
        Dockerfile {
            global_args,
            stages,
            escape,
        },
        errors,
    )
}

/// The most precise span for an error: the keyword for an unknown instruction, the flag for
/// a flag error (when the instruction is on one line), else the whole instruction.
fn error_span(raw: &RawInstruction, kind: &ParseErrorKind) -> Span {
    let flag = match kind {
        ParseErrorKind::UnknownInstruction { .. } => return raw.keyword_span,
        ParseErrorKind::UnknownFlag { flag, .. } => flag.clone(),
        ParseErrorKind::DuplicateFlag(name) | ParseErrorKind::BadFlagValue { flag: name, .. } => {
            format!("--{}", name.trim_start_matches('-'))
        }
        _ => return raw.span,
    };
    let single_line = raw.span.start.line == raw.span.end.line && raw.heredocs.is_empty();
    match raw.original.rfind(flag.as_str()) {
        Some(i) if single_line => {
            let at = |byte: usize| {
                let column =
                    raw.keyword_span.start.column + raw.original[..byte].chars().count() as u32;
                Position {
                    offset: raw.keyword_span.start.offset + byte,
                    line: raw.keyword_span.start.line,
                    column,
                }
            };
            let end = raw.original[i..]
                .find(char::is_whitespace)
                .map_or(raw.original.len(), |e| i + e);
            Span {
                start: at(i),
                end: at(end),
            }
        }
        _ => raw.keyword_span,
    }
}

fn locate<T>(raw: &RawInstruction, value: T) -> Located<T> {
    Located {
        value,
        span: raw.span,
        original: raw.original.clone(),
    }
}

/// The closest keyword to an unknown one, if it is close enough to be a typo.
pub fn suggest_keyword(word: &str) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase();
    KEYWORDS
        .iter()
        .map(|k| (edit_distance(&lower, k), *k))
        .filter(|(d, k)| *d <= 2 && *d < k.len())
        .min()
        .map(|(_, k)| upper(k))
}

fn upper(k: &str) -> &'static str {
    const UPPER: &[&str] = &[
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    ];
    KEYWORDS
        .iter()
        .position(|x| *x == k)
        .map_or("", |i| UPPER[i])
}

/// Levenshtein distance (small words only).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn lower_instruction(raw: &RawInstruction) -> Lowered<Instruction> {
    let name = raw.name();
    match name.as_str() {
        "run" => lower_run(raw),
        "cmd" => no_flags(raw).map(|_| Instruction::Cmd(command_line(raw))),
        "entrypoint" => no_flags(raw).map(|_| Instruction::Entrypoint(command_line(raw))),
        "shell" => lower_shell(raw),
        "env" => lower_key_values(raw, "ENV").map(Instruction::Env),
        "label" => lower_key_values(raw, "LABEL").map(Instruction::Label),
        "arg" => lower_arg(raw),
        "expose" => at_least_one(raw, "EXPOSE").map(Instruction::Expose),
        "workdir" => exactly_one(raw, "WORKDIR").map(Instruction::Workdir),
        "user" => exactly_one(raw, "USER").map(Instruction::User),
        "stopsignal" => exactly_one(raw, "STOPSIGNAL").map(Instruction::StopSignal),
        "maintainer" => exactly_one(raw, "MAINTAINER").map(Instruction::Maintainer),
        "volume" => lower_volume(raw),
        "copy" => lower_copy(raw, "COPY", COPY_FLAGS).map(Instruction::Copy),
        "add" => lower_copy(raw, "ADD", ADD_FLAGS).map(Instruction::Add),
        "healthcheck" => lower_healthcheck(raw),
        "onbuild" => lower_onbuild(raw),
        "from" => Err(ParseErrorKind::NotAllowed("FROM isn't allowed here".into())),
        _ => Err(ParseErrorKind::UnknownInstruction {
            keyword: raw.keyword.clone(),
            suggestion: suggest_keyword(&raw.keyword),
        }),
    }
}

/// Parsed flags: `(name, value)` with `None` for a bare `--name`.
struct Flags(Vec<(String, Option<String>)>);

impl Flags {
    fn parse(
        raw: &RawInstruction,
        instruction: &str,
        accepted: &'static [&'static str],
    ) -> Lowered<Flags> {
        let mut out: Vec<(String, Option<String>)> = Vec::new();
        for flag in &raw.flags {
            let body = flag
                .strip_prefix("--")
                .ok_or_else(|| ParseErrorKind::BadFlagValue {
                    flag: flag.clone(),
                    reason: format!("Arg {flag:?} must start with '--'"),
                })?;
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (body.to_string(), None),
            };
            if !accepted.contains(&name.as_str()) {
                return Err(ParseErrorKind::UnknownFlag {
                    flag: format!("--{name}"),
                    instruction: instruction.into(),
                    accepted,
                });
            }
            if out.iter().any(|(n, _)| *n == name) && !REPEATABLE_FLAGS.contains(&name.as_str()) {
                return Err(ParseErrorKind::DuplicateFlag(name));
            }
            if BOOL_FLAGS.contains(&name.as_str()) {
                if let Some(v) = &value {
                    if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") {
                        return Err(ParseErrorKind::BadFlagValue {
                            flag: format!("--{name}"),
                            reason: format!("expecting boolean value for flag {name}, not: {v}"),
                        });
                    }
                }
            } else if value.is_none() {
                return Err(ParseErrorKind::BadFlagValue {
                    flag: format!("--{name}"),
                    reason: format!("missing a value on flag: {name}"),
                });
            }
            out.push((name, value));
        }
        Ok(Flags(out))
    }

    fn string(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.clone())
    }

    fn strings(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.clone())
            .collect()
    }

    fn bool(&self, name: &str) -> bool {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .is_some_and(|(_, v)| v.as_deref().is_none_or(|v| v.eq_ignore_ascii_case("true")))
    }
}

fn no_flags(raw: &RawInstruction) -> Lowered<()> {
    Flags::parse(raw, &raw.keyword.to_ascii_uppercase(), &[]).map(|_| ())
}

fn values(raw: &RawInstruction) -> Vec<String> {
    raw.values().map(String::from).collect()
}

fn command_line(raw: &RawInstruction) -> CommandLine {
    if raw.json {
        CommandLine::Exec(values(raw))
    } else {
        CommandLine::Shell(values(raw).join(" "))
    }
}

fn lower_from(raw: &RawInstruction) -> Lowered<From> {
    let flags = Flags::parse(raw, "FROM", FROM_FLAGS)?;
    let args = values(raw);
    let name = match args.as_slice() {
        [_] => None,
        [_, as_word, name] if as_word.eq_ignore_ascii_case("as") => {
            let lower = name.to_ascii_lowercase();
            let valid = lower.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && lower
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
            if !valid {
                return Err(ParseErrorKind::BadArguments(format!(
                    "invalid name for build stage: {name:?}, name can't start with a number or contain symbols"
                )));
            }
            Some(lower)
        }
        _ => {
            return Err(ParseErrorKind::BadArguments(
                "FROM requires either one or three arguments".into(),
            ))
        }
    };
    Ok(From {
        image: args[0].clone(),
        name,
        platform: flags.string("platform"),
    })
}

fn lower_run(raw: &RawInstruction) -> Lowered<Instruction> {
    let flags = Flags::parse(raw, "RUN", RUN_FLAGS)?;
    Ok(Instruction::Run(Run {
        command: command_line(raw),
        mounts: flags.strings("mount"),
        network: flags.string("network"),
        security: flags.string("security"),
        heredocs: raw.heredocs.clone(),
    }))
}

fn lower_shell(raw: &RawInstruction) -> Lowered<Instruction> {
    no_flags(raw)?;
    if !raw.json {
        return Err(ParseErrorKind::BadArguments(
            "SHELL requires the arguments to be in JSON form".into(),
        ));
    }
    let args = values(raw);
    if args.is_empty() {
        return Err(ParseErrorKind::BadArguments(
            "SHELL requires at least one argument".into(),
        ));
    }
    Ok(Instruction::Shell(args))
}

fn lower_key_values(raw: &RawInstruction, keyword: &str) -> Lowered<Vec<KeyValue>> {
    no_flags(raw)?;
    let args = values(raw);
    if args.is_empty() {
        return Err(ParseErrorKind::BadArguments(format!(
            "{keyword} requires at least one argument"
        )));
    }
    if !args.len().is_multiple_of(3) {
        return Err(ParseErrorKind::BadArguments(format!(
            "Bad input to {keyword}, too many arguments"
        )));
    }
    Ok(args
        .chunks(3)
        .map(|c| KeyValue {
            key: c[0].clone(),
            value: c[1].clone(),
        })
        .collect())
}

fn lower_arg(raw: &RawInstruction) -> Lowered<Instruction> {
    no_flags(raw)?;
    let decls: Vec<ArgDecl> = raw
        .values()
        .filter(|a| !a.is_empty())
        .map(|a| match a.split_once('=') {
            Some((n, v)) => ArgDecl {
                name: n.to_string(),
                default: Some(v.to_string()),
            },
            None => ArgDecl {
                name: a.to_string(),
                default: None,
            },
        })
        .collect();
    if decls.is_empty() {
        return Err(ParseErrorKind::BadArguments(
            "ARG requires at least one argument".into(),
        ));
    }
    Ok(Instruction::Arg(decls))
}

fn at_least_one(raw: &RawInstruction, keyword: &str) -> Lowered<Vec<String>> {
    no_flags(raw)?;
    let args = values(raw);
    if args.is_empty() {
        return Err(ParseErrorKind::BadArguments(format!(
            "{keyword} requires at least one argument"
        )));
    }
    Ok(args)
}

fn exactly_one(raw: &RawInstruction, keyword: &str) -> Lowered<String> {
    no_flags(raw)?;
    let args = values(raw);
    match args.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(ParseErrorKind::BadArguments(format!(
            "{keyword} requires exactly one argument"
        ))),
    }
}

fn lower_volume(raw: &RawInstruction) -> Lowered<Instruction> {
    let args = at_least_one(raw, "VOLUME")?;
    if args.iter().any(|v| v.trim().is_empty()) {
        return Err(ParseErrorKind::BadArguments(
            "VOLUME specified can not be an empty string".into(),
        ));
    }
    Ok(Instruction::Volume(args))
}

fn lower_copy(
    raw: &RawInstruction,
    keyword: &str,
    accepted: &'static [&'static str],
) -> Lowered<CopySpec> {
    let flags = Flags::parse(raw, keyword, accepted)?;
    let mut args = values(raw);
    if args.len() < 2 {
        return Err(ParseErrorKind::BadArguments(format!(
            "{keyword} requires at least two arguments, but only one was provided. Destination could not be determined"
        )));
    }
    let dest = args.pop().unwrap_or_default();
    let mut spec = CopySpec {
        dest,
        from: flags.string("from"),
        chown: flags.string("chown"),
        chmod: flags.string("chmod"),
        link: flags.bool("link"),
        parents: flags.bool("parents"),
        exclude: flags.strings("exclude"),
        keep_git_dir: flags.bool("keep-git-dir"),
        checksum: flags.string("checksum"),
        ..CopySpec::default()
    };
    if !raw.json && matches!(parse_heredoc(&spec.dest), Ok(Some(_))) {
        return Err(ParseErrorKind::BadArguments(format!(
            "{keyword} cannot have a heredoc as its destination"
        )));
    }
    for src in args {
        match (raw.json, parse_heredoc(&src)) {
            (false, Ok(Some(marker))) => {
                let doc: Option<&Heredoc> = raw.heredocs.iter().find(|h| h.name == marker.name);
                spec.heredocs.push(doc.cloned().unwrap_or(marker));
            }
            _ => spec.sources.push(src),
        }
    }
    Ok(spec)
}

fn lower_healthcheck(raw: &RawInstruction) -> Lowered<Instruction> {
    let args = values(raw);
    let Some(kind) = args.first() else {
        return Err(ParseErrorKind::BadArguments(
            "HEALTHCHECK requires at least one argument".into(),
        ));
    };
    match kind.to_ascii_uppercase().as_str() {
        "NONE" => {
            no_flags(raw)?;
            if args.len() > 1 {
                return Err(ParseErrorKind::BadArguments(
                    "HEALTHCHECK NONE takes no arguments".into(),
                ));
            }
            Ok(Instruction::Healthcheck(Healthcheck::None))
        }
        "CMD" => {
            let flags = Flags::parse(raw, "HEALTHCHECK", HEALTH_FLAGS)?;
            let rest: Vec<String> = args[1..].to_vec();
            if rest.is_empty() || rest.iter().all(String::is_empty) {
                return Err(ParseErrorKind::BadArguments(
                    "Missing command after HEALTHCHECK CMD".into(),
                ));
            }
            let test = if raw.json {
                CommandLine::Exec(rest)
            } else {
                CommandLine::Shell(rest.join(" "))
            };
            let duration = |name: &str| -> Lowered<Option<String>> {
                match flags.string(name) {
                    Some(v) if parse_duration_ms(&v).is_none() => Err(ParseErrorKind::BadFlagValue {
                        flag: format!("--{name}"),
                        reason: format!("invalid duration {v:?} for --{name}: use a number with a unit, e.g. 30s or 1m30s"),
                    }),
                    other => Ok(other),
                }
            };
            let retries = match flags.string("retries") {
                Some(r) => Some(r.parse::<u32>().map_err(|_| ParseErrorKind::BadFlagValue {
                    flag: "--retries".into(),
                    reason: format!("Retries {r:?} cannot be parsed: use a whole number"),
                })?),
                None => None,
            };
            Ok(Instruction::Healthcheck(Healthcheck::Cmd {
                test,
                interval: duration("interval")?,
                timeout: duration("timeout")?,
                start_period: duration("start-period")?,
                start_interval: duration("start-interval")?,
                retries,
            }))
        }
        other => Err(ParseErrorKind::BadArguments(format!(
            "Unknown type {other:?} in HEALTHCHECK (try CMD)"
        ))),
    }
}

/// A Go duration (`90s`, `1m30s`, `500ms`) in milliseconds.
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    if s == "0" {
        return Some(0);
    }
    let mut total = 0f64;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ns" => 1e-6,
            "us" | "µs" => 1e-3,
            "ms" => 1.0,
            "s" => 1e3,
            "m" => 6e4,
            "h" => 3.6e6,
            _ => return None,
        };
        total += number * factor;
        rest = &rest[unit_len..];
    }
    Some(total as u64)
}

fn lower_onbuild(raw: &RawInstruction) -> Lowered<Instruction> {
    no_flags(raw)?;
    let Some(Arg::Nested(inner)) = raw.args.first() else {
        return Err(ParseErrorKind::BadArguments(
            "ONBUILD requires at least one argument".into(),
        ));
    };
    match inner.name().as_str() {
        "onbuild" => {
            return Err(ParseErrorKind::NotAllowed(
                "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into(),
            ));
        }
        "from" | "maintainer" => {
            return Err(ParseErrorKind::NotAllowed(format!(
                "{} isn't allowed as an ONBUILD trigger",
                inner.keyword.to_ascii_uppercase()
            )));
        }
        _ => {}
    }
    let mut nested = (**inner).clone();
    nested.heredocs = raw.heredocs.clone();
    let value = lower_instruction(&nested)?;
    Ok(Instruction::Onbuild(Box::new(Located {
        value,
        span: raw.span,
        original: inner.original.clone(),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keywords_only() {
        assert_eq!(suggest_keyword("COPPY"), Some("COPY"));
        assert_eq!(suggest_keyword("ENTRYPONT"), Some("ENTRYPOINT"));
        assert_eq!(suggest_keyword("BANANA"), None);
    }

    #[test]
    fn go_durations() {
        assert_eq!(parse_duration_ms("1m30s"), Some(90_000));
        assert_eq!(parse_duration_ms("500ms"), Some(500));
        assert_eq!(parse_duration_ms("10"), None);
    }
}
