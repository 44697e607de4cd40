//! The .dockerignore suites: moby/patternmatcher's tables, ignorefile.ReadAll, and the
//! context-walk cases from fsutil and BuildKit (`tests/data/dockerignore/`).

use super::harness::{self, Case};
use layercake::dockerignore::{parse_ignore_file, EntryKind, MatchType, Matcher};
use serde_json::Value;

fn load(name: &str) -> Value {
    let text =
        std::fs::read_to_string(harness::data_dir("dockerignore").join(name)).expect("data file");
    serde_json::from_str(&text).expect("data parses")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn case(name: String, input: &Value, expected: String) -> Case {
    Case {
        name,
        input: input.to_string().into_bytes(),
        expected,
        bless_path: None,
    }
}

fn input(case: &Case) -> Value {
    serde_json::from_slice(&case.input).expect("case input is JSON")
}

/// Every table, each case tagged with its table.
pub fn cases() -> Vec<Case> {
    let pm = load("patternmatcher-cases.json");
    let mut out = Vec::new();
    for (i, c) in pm["match_cases"]
        .as_array()
        .expect("match cases")
        .iter()
        .enumerate()
    {
        let expected = if c["error"] == true {
            "error".to_string()
        } else {
            c["match"].to_string()
        };
        let v = serde_json::json!({"t": "match", "patterns": c["patterns"], "path": c["path"]});
        out.push(case(
            format!("match:{i}:{}:{}", c["patterns"], c["path"]),
            &v,
            expected,
        ));
    }
    for (i, c) in pm["pattern_list_cases"]
        .as_array()
        .expect("list cases")
        .iter()
        .enumerate()
    {
        let expected = if c["error"] == true {
            "error".to_string()
        } else if let Some(n) = c.get("expect_pattern_count") {
            format!("count={n}")
        } else {
            format!("exclusions={}", c["expect_exclusions"])
        };
        let v = serde_json::json!({"t": "list", "patterns": c["patterns"], "want": expected});
        out.push(case(
            format!("pattern_list:{i}:{}", c["table"]),
            &v,
            expected,
        ));
    }
    for c in pm["compile_cases"].as_array().expect("compile cases") {
        let v = serde_json::json!({"t": "compile", "pattern": c["pattern"]});
        out.push(case(
            format!("compile:{}", c["pattern"]),
            &v,
            c["match_type"].as_str().unwrap_or_default().to_string(),
        ));
    }
    for (i, c) in load("ignorefile-readall-cases.json")
        .as_array()
        .expect("readall")
        .iter()
        .enumerate()
    {
        let v = serde_json::json!({"t": "readall", "input": c["input"]});
        out.push(case(
            format!("readall:{i}"),
            &v,
            format!("{:?}", strings(&c["expected_patterns"])),
        ));
    }
    for (i, c) in load("context-walk-cases.json")["cases"]
        .as_array()
        .expect("walk")
        .iter()
        .enumerate()
    {
        if let Some(walk) = c.get("expected_walk") {
            let v = serde_json::json!({"t": "walk", "tree": c["tree"], "patterns": c["exclude_patterns"]});
            out.push(case(format!("walk:{i}"), &v, walk.to_string()));
        }
        if let Some(open) = c.get("expected_open") {
            let v = serde_json::json!({"t": "open", "tree": c["tree"], "patterns": c["exclude_patterns"], "open": open});
            out.push(case(format!("open:{i}"), &v, open.to_string()));
        }
        let builds = match c.get("builds") {
            Some(b) => b.as_array().cloned().unwrap_or_default(),
            None if c.get("dockerignore").is_some() => vec![c.clone()],
            None => Vec::new(),
        };
        for (j, b) in builds.iter().enumerate() {
            let ignore = b.get("ignore_content").unwrap_or(&b["dockerignore"]);
            let expected = if b["expected_build_error"] == true {
                "build error".to_string()
            } else {
                format!(
                    "present={} absent={}",
                    b["expected_present_after_copy"], b["expected_absent_after_copy"]
                )
            };
            let v = serde_json::json!({"t": "copy", "tree": c["tree"], "ignore": ignore,
                "present": b["expected_present_after_copy"], "absent": b["expected_absent_after_copy"]});
            out.push(case(format!("copy:{i}:{j}"), &v, expected));
        }
    }
    out
}

fn tree(v: &Value) -> Vec<(String, EntryKind)> {
    let mut t: Vec<(String, EntryKind)> = v
        .as_array()
        .expect("tree")
        .iter()
        .map(|e| {
            let kind = if e[1] == "dir" {
                EntryKind::Dir
            } else {
                EntryKind::File
            };
            (e[0].as_str().unwrap_or_default().to_string(), kind)
        })
        .collect();
    // Walk order: lexical by path components, parents first.
    t.sort_by(|a, b| a.0.split('/').cmp(b.0.split('/')));
    t
}

pub fn check(case: &Case) -> String {
    let v = input(case);
    let patterns = strings(&v["patterns"]);
    match v["t"].as_str().unwrap_or_default() {
        "match" => match Matcher::new(&patterns) {
            Ok(m) => m
                .matches(v["path"].as_str().unwrap_or_default())
                .to_string(),
            Err(_) => "error".into(),
        },
        "list" => match Matcher::new(&patterns) {
            Err(_) => "error".into(),
            Ok(m) if v["want"].as_str().unwrap_or_default().starts_with("count") => {
                format!("count={}", m.patterns().len())
            }
            Ok(m) => format!("exclusions={}", m.has_exclusions()),
        },
        "compile" => match Matcher::new(&[v["pattern"].as_str().unwrap_or_default()]) {
            Ok(m) => match m.patterns()[0].match_type {
                MatchType::Exact => "exact",
                MatchType::Prefix => "prefix",
                MatchType::Suffix => "suffix",
                MatchType::Regexp => "regexp",
            }
            .into(),
            Err(e) => format!("error: {e}"),
        },
        "readall" => format!(
            "{:?}",
            v["input"]
                .as_str()
                .map(parse_ignore_file)
                .unwrap_or_default()
        ),
        "walk" => {
            let m = Matcher::new(&patterns).expect("valid patterns");
            let walked: Vec<Value> = m
                .filter_walk(&tree(&v["tree"]))
                .into_iter()
                .map(|(p, k)| {
                    serde_json::json!([if k == EntryKind::Dir { "dir" } else { "file" }, p])
                })
                .collect();
            Value::Array(walked).to_string()
        }
        "open" => {
            let m = Matcher::new(&patterns).expect("valid patterns");
            let kept = m.filter_walk(&tree(&v["tree"]));
            let mut result = serde_json::Map::new();
            for (path, _) in v["open"].as_object().expect("open map") {
                result.insert(
                    path.clone(),
                    Value::Bool(kept.iter().any(|(p, _)| p == path)),
                );
            }
            Value::Object(result).to_string()
        }
        "copy" => {
            let Ok(m) = Matcher::new(&parse_ignore_file(v["ignore"].as_str().unwrap_or_default()))
            else {
                return "build error".into();
            };
            let kept = m.filter_walk(&tree(&v["tree"]));
            let has = |p: &str| kept.iter().any(|(k, _)| k == p);
            let present: Vec<String> = strings(&v["present"])
                .into_iter()
                .filter(|p| has(p))
                .collect();
            let absent: Vec<String> = strings(&v["absent"])
                .into_iter()
                .filter(|p| !has(p))
                .collect();
            format!(
                "present={} absent={}",
                serde_json::json!(present),
                serde_json::json!(absent)
            )
        }
        other => panic!("unknown table {other}"),
    }
}
