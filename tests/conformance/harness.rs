//! The data-driven test harness: a suite is a list of named cases, each with an input and an
//! expected output; one `check` function turns an input into the actual output.
//!
//! Every failing case is reported by name with the first differing line. `BLESS=1` rewrites
//! the expected files of our own suites with the actual output; upstream data (BuildKit's
//! testfiles, moby's tables) is never rewritten.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// One test case.
pub struct Case {
    /// Name shown in reports, unique within the suite.
    pub name: String,
    /// The input handed to `check`.
    pub input: Vec<u8>,
    /// The expected output.
    pub expected: String,
    /// Where `BLESS=1` writes the actual output; `None` for upstream data.
    pub bless_path: Option<PathBuf>,
}

/// The directory of a suite's data: `tests/data/<name>`.
pub fn data_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Cases from a directory of case directories: each `<dir>/<case>/` holds the file
/// `input_name` and the file `expected_name` (a missing expected file counts as empty, so a
/// new case can be blessed). `blessable` says whether `BLESS=1` may rewrite expectations.
pub fn dir_cases(dir: &Path, input_name: &str, expected_name: &str, blessable: bool) -> Vec<Case> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read suite directory {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let case_dir = dir.join(&name);
            let input = std::fs::read(case_dir.join(input_name))
                .unwrap_or_else(|e| panic!("case {name}: cannot read {input_name}: {e}"));
            let expected_path = case_dir.join(expected_name);
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            Case {
                name,
                input,
                expected,
                bless_path: blessable.then_some(expected_path),
            }
        })
        .collect()
}

/// Runs every case of a suite through `check`, prints `suite NAME: N passed, M failed`, and
/// panics listing every failing case. A panic inside `check` fails that case only.
pub fn run(suite: &str, cases: Vec<Case>, check: impl Fn(&Case) -> String) {
    assert!(
        !cases.is_empty(),
        "suite {suite} has no cases: its data is missing"
    );
    let bless = std::env::var_os("BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut blessed = 0;
    for case in &cases {
        let actual = match catch_unwind(AssertUnwindSafe(|| check(case))) {
            Ok(actual) => actual,
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}: check panicked: {msg}", case.name));
                continue;
            }
        };
        if actual == case.expected {
            continue;
        }
        if bless {
            if let Some(path) = &case.bless_path {
                std::fs::write(path, &actual)
                    .unwrap_or_else(|e| panic!("bless {}: {e}", path.display()));
                blessed += 1;
                continue;
            }
        }
        failures.push(format!(
            "{}: {}",
            case.name,
            first_difference(&case.expected, &actual)
        ));
    }
    let passed = cases.len() - failures.len() - blessed;
    println!(
        "suite {suite}: {passed} passed, {} failed{}",
        failures.len(),
        if blessed > 0 {
            format!(", {blessed} blessed")
        } else {
            String::new()
        }
    );
    if !failures.is_empty() {
        panic!(
            "suite {suite}: {} of {} cases failed:\n  {}",
            failures.len(),
            cases.len(),
            failures.join("\n  ")
        );
    }
}

/// The first line where `expected` and `actual` differ, both shown quoted.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut exp = expected.split_inclusive('\n');
    let mut act = actual.split_inclusive('\n');
    let mut line = 1;
    loop {
        match (exp.next(), act.next()) {
            (Some(e), Some(a)) if e == a => line += 1,
            (e, a) => {
                return format!(
                    "line {line}: expected {:?}, got {:?}",
                    e.unwrap_or("<end>"),
                    a.unwrap_or("<end>")
                )
            }
        }
    }
}
