//! Conformance and data-driven suites: one `#[test]` per suite under `tests/data/<suite>/`.
//!
//! Run `BLESS=1 cargo test --test conformance` to rewrite the expectations of our own suites.
//! Suites whose code is not written yet are `#[ignore]`d with the reason "pending: …", so the
//! test output lists them instead of skipping them silently.

#[path = "conformance/harness.rs"]
#[allow(dead_code)] // parts are used only once the suites below land
mod harness;

#[path = "conformance/parser.rs"]
mod parser;

#[test]
fn parser_testfiles() {
    harness::run(
        "parser/testfiles",
        parser::testfile_cases(),
        parser::check_dump,
    );
}

#[test]
fn parser_testfiles_negative() {
    harness::run(
        "parser/testfiles-negative",
        parser::negative_cases(),
        parser::check_negative,
    );
}

#[test]
fn parser_diagnostics() {
    harness::run(
        "parser-errors",
        parser::diagnostic_cases(),
        parser::check_diagnostics,
    );
}

#[test]
fn parser_unit_cases() {
    harness::run(
        "parser/parser-unit-cases",
        parser::unit_cases(),
        parser::check_unit,
    );
}

#[path = "conformance/words.rs"]
mod words;

#[test]
fn words_env_var_test() {
    harness::run(
        "words/envVarTest",
        words::env_var_cases(),
        words::check_word,
    );
}

#[test]
fn words_words_test() {
    harness::run("words/wordsTest", words::words_cases(), words::check_words);
}

#[test]
fn words_lex_unit_cases() {
    harness::run(
        "words/lex-unit-cases",
        words::lex_unit_cases(),
        words::check_lex_unit,
    );
}

#[path = "conformance/dockerignore.rs"]
mod dockerignore;

#[test]
fn dockerignore_patternmatcher_and_walk() {
    harness::run("dockerignore", dockerignore::cases(), dockerignore::check);
}

// The RUN sandbox suite (tests/data/sh/) runs from tests/sh.rs.

// The build suite (tests/data/build/) runs from tests/build.rs: each case builds twice with a
// shared cache, which needs more than one input file per case.

/// The harness itself: a case that differs fails, naming the case and the line.
#[test]
fn harness_reports_failing_cases_by_name() {
    let cases = vec![
        harness::Case {
            name: "same".into(),
            input: b"a".to_vec(),
            expected: "a\n".into(),
            bless_path: None,
        },
        harness::Case {
            name: "differs".into(),
            input: b"b".to_vec(),
            expected: "x\n".into(),
            bless_path: None,
        },
    ];
    let result = std::panic::catch_unwind(|| {
        harness::run("selftest", cases, |c| {
            format!("{}\n", String::from_utf8_lossy(&c.input))
        })
    });
    let err = result.expect_err("a differing case must fail the suite");
    let msg = err.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        msg.contains("differs: line 1: expected \"x\\n\", got \"b\\n\""),
        "{msg}"
    );
    assert!(!msg.contains("same:"), "{msg}");
}
