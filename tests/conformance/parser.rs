//! The parser suites: BuildKit's testfiles (dump must equal `result` byte for byte), the
//! negative testfiles, and the transcribed parser unit tables (`tests/data/parser/`).

use super::harness::{self, Case};
use layercake::dockerfile::{self, directives, heredoc, Arg};
use serde_json::Value;

/// Positive testfiles: `Dockerfile` → `result`.
pub fn testfile_cases() -> Vec<Case> {
    harness::dir_cases(
        &harness::data_dir("parser/testfiles"),
        "Dockerfile",
        "result",
        false,
    )
}

pub fn check_dump(case: &Case) -> String {
    let src = String::from_utf8_lossy(&case.input);
    match dockerfile::parse_ast(&src) {
        Ok(ast) => dockerfile::dump(&ast.instructions),
        Err(e) => format!("error: {e}\n"),
    }
}

/// Negative testfiles: each must fail with BuildKit's message.
pub fn negative_cases() -> Vec<Case> {
    let expected = [
        ("empty_dockerfile", "file with no instructions"),
        ("env_no_value", "ENV must have two arguments"),
        ("only_comments", "file with no instructions"),
        (
            "shykes-nested-json",
            "when using JSON array syntax, arrays must be comprised of strings only",
        ),
    ];
    let dir = harness::data_dir("parser/testfiles-negative");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("negative testfiles")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let input = std::fs::read(dir.join(&name).join("Dockerfile")).expect("Dockerfile");
            let message = expected
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("(no expectation listed)", |(_, m)| m);
            Case {
                name,
                input,
                expected: format!("error: {message}"),
                bless_path: None,
            }
        })
        .collect()
}

pub fn check_negative(case: &Case) -> String {
    match dockerfile::parse_ast(&String::from_utf8_lossy(&case.input)) {
        Ok(ast) => format!("parsed: {}", dockerfile::dump(&ast.instructions)),
        Err(e) => format!("error: {}", e.kind),
    }
}

fn unit() -> Value {
    let path = harness::data_dir("parser").join("parser-unit-cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("unit cases"))
        .expect("unit cases parse")
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn case(name: String, input: String, expected: String) -> Case {
    Case {
        name,
        input: input.into_bytes(),
        expected,
        bless_path: None,
    }
}

fn heredocs_text(docs: &[dockerfile::Heredoc]) -> String {
    if docs.is_empty() {
        return "null".into();
    }
    docs.iter()
        .map(|d| {
            format!(
                "{}|fd={}|expand={}|chomp={}|{:?}",
                d.name, d.file_descriptor, d.expand, d.chomp, d.content
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Every table of `parser-unit-cases.json` as cases whose input names the table.
pub fn unit_cases() -> Vec<Case> {
    let u = unit();
    let mut out = Vec::new();
    // heredoc_extract: the heredocs of each listed instruction.
    let he = &u["heredoc_extract"];
    for e in he["expected"].as_array().expect("expected") {
        let docs: Vec<dockerfile::Heredoc> = e["heredocs"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|h| dockerfile::Heredoc {
                        name: text(&h["name"]),
                        file_descriptor: h["file_descriptor"].as_u64().unwrap_or(0) as u32,
                        expand: h["expand"] == true,
                        chomp: h["chomp"] == true,
                        content: text(&h["content"]),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let index = e["child_index"].as_u64().unwrap_or(0);
        out.push(case(
            format!("heredoc_extract:{index}:{}", text(&e["instruction_line"])),
            format!("heredoc_extract\0{index}\0{}", text(&he["dockerfile"])),
            heredocs_text(&docs),
        ));
    }
    for i in u["heredoc_json_form"]["children_without_heredocs"]
        .as_array()
        .expect("list")
    {
        out.push(case(
            format!("heredoc_json_form:{i}"),
            format!(
                "heredoc_extract\0{i}\0{}",
                text(&u["heredoc_json_form"]["dockerfile"])
            ),
            "null".into(),
        ));
    }
    let hw = &u["heredoc_word"];
    for (table, expected) in [
        ("valid_name_is_EOF", "EOF"),
        ("error", "error"),
        ("not_a_heredoc", "no heredoc"),
    ] {
        for w in hw[table].as_array().expect("words") {
            out.push(case(
                format!("heredoc_word:{table}:{}", text(w)),
                format!("heredoc_word\0{}", text(w)),
                expected.into(),
            ));
        }
    }
    for c in u["heredocs_from_line"]["cases"].as_array().expect("cases") {
        let names = c.get("observed_names").unwrap_or(&c["heredoc_names"]);
        let expected: Vec<String> = names.as_array().expect("names").iter().map(text).collect();
        out.push(case(
            format!("heredocs_from_line:{}", text(&c["line"])),
            format!("heredocs_from_line\0{}", text(&c["line"])),
            expected.join(","),
        ));
    }
    for c in u["heredoc_chomp"]["cases"].as_array().expect("cases") {
        out.push(case(
            "heredoc_chomp".into(),
            format!("heredoc_chomp\0{}", text(&c["input"])),
            text(&c["output"]),
        ));
    }
    let ja = &u["json_array"];
    for c in ja["valid"].as_array().expect("valid") {
        let values: Vec<String> = c["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(text)
            .collect();
        out.push(case(
            format!("json_array:{}", text(&c["input"])),
            format!("json_array\0{}", text(&c["input"])),
            format!("{values:?}"),
        ));
    }
    for c in ja["not_string_array_error"].as_array().expect("errors") {
        out.push(case(
            format!("json_array:error:{}", text(c)),
            format!("json_array\0{}", text(c)),
            format!("error: {}", text(&ja["error_message"])),
        ));
    }
    for c in u["parse_words"]["cases"].as_array().expect("cases") {
        let words: Vec<String> = c["words"]
            .as_array()
            .expect("words")
            .iter()
            .map(text)
            .collect();
        out.push(case(
            format!("parse_words:{}", text(&c["input"])),
            format!("parse_words\0{}", text(&c["input"])),
            format!("{words:?}"),
        ));
    }
    for c in u["name_value"]["cases"].as_array().expect("cases") {
        let line = format!("{} {}", text(&c["instruction"]), text(&c["args"]));
        let expected = match c.get("error") {
            Some(e) => format!("error: {}", text(e)),
            None => format!(
                "{:?}",
                c["node_values"]
                    .as_array()
                    .expect("values")
                    .iter()
                    .map(text)
                    .collect::<Vec<_>>()
            ),
        };
        out.push(case(
            format!("name_value:{line}"),
            format!("name_value\0{line}"),
            expected,
        ));
    }
    let ln = &u["line_numbers"];
    let file = std::fs::read_to_string(harness::data_dir("parser").join(text(&ln["file"])))
        .expect("line file");
    out.push(case(
        "line_numbers".into(),
        format!("line_numbers\0{file}"),
        format!("{}|{}", ln["root_start_end"], ln["children_start_end"]).replace(' ', ""),
    ));
    let ec = &u["empty_continuation_warnings"];
    let observed: Vec<String> = ec["observed_short"]
        .as_array()
        .expect("observed")
        .iter()
        .map(text)
        .collect();
    out.push(case(
        "empty_continuation_warnings".into(),
        format!("warnings\0{}", text(&ec["dockerfile"])),
        observed.join("\n"),
    ));
    let long = text(&u["line_too_long"]["dockerfile_template"]).replace("%s", &"a".repeat(65536));
    out.push(case(
        "line_too_long".into(),
        format!("dockerfile\0{long}"),
        format!("error: {}", text(&u["line_too_long"]["error"])),
    ));
    let d = &u["directives"];
    for (i, c) in d["parse_all"]
        .as_array()
        .expect("parse_all")
        .iter()
        .enumerate()
    {
        let expected: Vec<String> = c["directives"]
            .as_array()
            .expect("list")
            .iter()
            .map(|x| format!("{}={}", text(&x["name"]), text(&x["value"])))
            .collect();
        out.push(case(
            format!("directives:parse_all:{i}"),
            format!("parse_all\0{}", text(&c["input"])),
            expected.join(","),
        ));
    }
    for (i, c) in d["detect"].as_array().expect("detect").iter().enumerate() {
        let mut input = text(&c["input"]);
        if c["input_starts_with_utf8_bom"] == true {
            input.insert(0, '\u{feff}');
        }
        let expected = if c["found"] == true {
            let mut s = format!("found {}", text(&c["value"]));
            if let Some(f) = c.get("full_value") {
                s.push_str(&format!(" full={}", text(f)));
            }
            if let Some(l) = c.get("line") {
                s.push_str(&format!(" line={l}"));
            }
            s
        } else {
            "not found".into()
        };
        let function = if text(&c["function"]) == "DetectSyntax" {
            "detect_syntax"
        } else {
            "parse_check"
        };
        let mut k = case(
            format!("directives:{function}:{i}"),
            format!("{function}\0{input}"),
            expected.clone(),
        );
        // Only compare the fields the table lists.
        k.input
            .extend_from_slice(format!("\0{}", c.get("full_value").is_some() as u8).as_bytes());
        k.input
            .extend_from_slice(format!("\0{}", c.get("line").is_some() as u8).as_bytes());
        out.push(k);
    }
    out
}

pub fn check_unit(case: &Case) -> String {
    let input = String::from_utf8_lossy(&case.input).into_owned();
    let (table, rest) = input.split_once('\0').expect("table name");
    match table {
        "heredoc_extract" => {
            let (index, src) = rest.split_once('\0').expect("index");
            let index: usize = index.parse().expect("index is a number");
            match dockerfile::parse_ast(src) {
                Ok(ast) => ast
                    .instructions
                    .get(index)
                    .map_or("missing".into(), |i| heredocs_text(&i.heredocs)),
                Err(e) => format!("error: {e}"),
            }
        }
        "heredoc_word" => match heredoc::parse_heredoc(rest) {
            Ok(Some(h)) => h.name,
            Ok(None) => "no heredoc".into(),
            Err(_) => "error".into(),
        },
        "heredocs_from_line" => match heredoc::heredocs_from_line(rest) {
            Ok(docs) => docs
                .into_iter()
                .map(|d| d.name)
                .collect::<Vec<_>>()
                .join(","),
            Err(e) => format!("error: {e}"),
        },
        "heredoc_chomp" => heredoc::chomp(rest),
        "json_array" => match dockerfile::args::parse_json_array(rest) {
            Ok(values) => format!("{values:?}"),
            Err(Some(e)) => format!("error: {e}"),
            Err(None) => "not json".into(),
        },
        "parse_words" => format!("{:?}", dockerfile::args::parse_words(rest, '\\')),
        "name_value" => match dockerfile::parse_ast(rest) {
            Ok(ast) => format!("{:?}", ast.instructions[0].values().collect::<Vec<_>>()),
            Err(e) => format!("error: {}", e.kind),
        },
        "line_numbers" => match dockerfile::parse_ast(rest) {
            Ok(ast) => {
                let spans: Vec<[u32; 2]> = ast
                    .instructions
                    .iter()
                    .map(|i| [i.span.start.line, i.span.end.line])
                    .collect();
                let first = spans.first().map_or(0, |s| s[0]);
                let last = spans.last().map_or(0, |s| s[1]);
                format!("[{first},{last}]|{spans:?}").replace(' ', "")
            }
            Err(e) => format!("error: {e}"),
        },
        "warnings" => match dockerfile::parse_ast(rest) {
            Ok(ast) => ast
                .warnings
                .iter()
                .map(|w| w.message.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            Err(e) => format!("error: {e}"),
        },
        "dockerfile" => match dockerfile::parse_ast(rest) {
            Ok(_) => "parsed".into(),
            Err(e) => format!("error: {}", e.kind),
        },
        "parse_all" => directives::DirectiveParser::default()
            .parse_all(rest)
            .map(|ds| {
                ds.iter()
                    .map(|d| format!("{}={}", d.name, d.value))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_else(|e| format!("error: {e}")),
        "detect_syntax" | "parse_check" => {
            let mut parts = rest.split('\0');
            let src = parts.next().unwrap_or_default();
            let want_full = parts.next() == Some("1");
            let want_line = parts.next() == Some("1");
            let found = if table == "detect_syntax" {
                directives::detect_syntax(src)
            } else {
                directives::parse_directive("check", src)
            };
            match found {
                Some(f) => {
                    let mut s = format!("found {}", f.value);
                    if want_full {
                        s.push_str(&format!(" full={}", f.full_value));
                    }
                    if want_line {
                        s.push_str(&format!(" line={}", f.line));
                    }
                    s
                }
                None => "not found".into(),
            }
        }
        other => panic!("unknown table {other}"),
    }
}

/// Keeps the `Arg` import used when the nested dump changes shape.
#[allow(dead_code)]
fn nested(arg: &Arg) -> bool {
    matches!(arg, Arg::Nested(_))
}

/// Our own suite: bad and suspicious Dockerfiles and the diagnostics a user sees, rendered
/// with the source line and caret (`tests/data/parser-errors/<case>/expected`, blessable).
pub fn diagnostic_cases() -> Vec<Case> {
    harness::dir_cases(
        &harness::data_dir("parser-errors"),
        "Dockerfile",
        "expected",
        true,
    )
}

pub fn check_diagnostics(case: &Case) -> String {
    let src = String::from_utf8_lossy(&case.input);
    let rendered: String = dockerfile::diagnostics(&src)
        .iter()
        .map(|d| d.render("Dockerfile", &src))
        .collect::<Vec<_>>()
        .join("\n");
    if rendered.is_empty() {
        "no problems\n".into()
    } else {
        rendered
    }
}
