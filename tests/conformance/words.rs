//! The word-expansion suites: BuildKit's `envVarTest` and `wordsTest` tables and the
//! transcribed `lex_test.go` tables (`tests/data/shell/`).

use super::harness::{self, Case};
use layercake::words::{env_from_pairs, Lexer};
use serde_json::Value;
use std::collections::BTreeMap;

fn load(name: &str) -> Value {
    let path = harness::data_dir("shell").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn env_of(v: &Value) -> BTreeMap<String, String> {
    match v {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect(),
        _ => env_from_pairs(strings(v).iter().map(String::as_str)),
    }
}

/// A case whose input is `env` + NUL + `word`, so `check` can rebuild both.
fn case(name: String, env: &BTreeMap<String, String>, word: &str, expected: String) -> Case {
    let env = serde_json::to_string(env).expect("env serializes");
    Case {
        name,
        input: format!("{env}\0{word}").into_bytes(),
        expected,
        bless_path: None,
    }
}

fn split(case: &Case) -> (BTreeMap<String, String>, String) {
    let text = String::from_utf8_lossy(&case.input);
    let (env, word) = text.split_once('\0').expect("case input has env and word");
    (
        serde_json::from_str(env).expect("env parses"),
        word.to_string(),
    )
}

/// `envVarTest`: single-word expansion, Unix rows (`A` and `U`).
pub fn env_var_cases() -> Vec<Case> {
    let data = load("envVarTest.json");
    let env = env_of(&data["env"]);
    data["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| c["platform"] != "W")
        .map(|c| {
            let expected = if c["error"] == true {
                "error".to_string()
            } else {
                c["expected"].as_str().unwrap_or("").to_string()
            };
            case(
                format!("envVarTest:{}", c["line"]),
                &env,
                c["input"].as_str().unwrap_or(""),
                expected,
            )
        })
        .collect()
}

pub fn check_word(case: &Case) -> String {
    let (env, word) = split(case);
    Lexer::default()
        .expand_word(&word, &env)
        .unwrap_or_else(|_| "error".to_string())
}

/// `wordsTest`: expansion plus word splitting.
pub fn words_cases() -> Vec<Case> {
    let data = load("wordsTest.json");
    data["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let expected = if c["error"] == true {
                "error".to_string()
            } else {
                strings(&c["expected_words"]).join(",")
            };
            case(
                format!("wordsTest:{}", c["line"]),
                &env_of(&c["env"]),
                c["input"].as_str().unwrap_or(""),
                expected,
            )
        })
        .collect()
}

pub fn check_words(case: &Case) -> String {
    let (env, word) = split(case);
    Lexer::default()
        .expand_words(&word, &env)
        .map(|w| w.join(","))
        .unwrap_or_else(|_| "error".to_string())
}

/// `lex_test.go` tables: results, errors, and the matched/unmatched variable sets.
pub fn lex_unit_cases() -> Vec<Case> {
    let data = load("lex-unit-cases.json");
    let mut out = Vec::new();
    for table in [
        "process_word_with_matches",
        "mandatory_vars",
        "platform_release_name",
    ] {
        for (i, c) in data[table]["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .enumerate()
        {
            let expected = if c["error"] == true {
                "error".to_string()
            } else if let Some(part) = c["error_contains"].as_str() {
                format!("error containing {part:?}")
            } else {
                let mut s = c["expected"].as_str().unwrap_or("").to_string();
                if c.get("matched").is_some() {
                    let (mut m, mut u) = (strings(&c["matched"]), strings(&c["unmatched"]));
                    m.sort();
                    u.sort();
                    s = format!("{s}\nmatched={m:?}\nunmatched={u:?}");
                }
                s
            };
            let mut k = case(
                format!("{table}:{i}"),
                &env_of(&c["env"]),
                c["input"].as_str().unwrap_or(""),
                expected,
            );
            if let Some(part) = c["error_contains"].as_str() {
                k.input.extend_from_slice(format!("\0{part}").as_bytes());
            }
            out.push(k);
        }
    }
    out
}

pub fn check_lex_unit(case: &Case) -> String {
    let text = String::from_utf8_lossy(&case.input);
    let mut parts = text.splitn(3, '\0');
    let env: BTreeMap<String, String> =
        serde_json::from_str(parts.next().unwrap_or("{}")).expect("env parses");
    let word = parts.next().unwrap_or("");
    let wants_part = parts.next();
    match Lexer::default().process(word, &env) {
        Err(e) => match wants_part {
            Some(part) if e.to_string().contains(part) => format!("error containing {part:?}"),
            Some(_) => format!("error {e}"),
            None => "error".to_string(),
        },
        Ok(exp) if case.expected.contains("\nmatched=") => {
            let m: Vec<_> = exp.matched.into_iter().collect();
            let u: Vec<_> = exp.unmatched.into_iter().collect();
            format!("{}\nmatched={m:?}\nunmatched={u:?}", exp.result)
        }
        Ok(exp) => exp.result,
    }
}
