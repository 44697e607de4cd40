//! The shell corpus: real `RUN` bodies of official-image Dockerfiles, the seed lessons and the
//! parser-coverage cases, one per `tests/data/sh-corpus/<source>/<NN>-<name>.sh` (provenance,
//! licences and the header format in `tests/data/sh-corpus/SOURCES.md`).
//!
//! Every file must parse with `layercake::sh::parse::parse` (or fail to, when its header says
//! `#% parse: error`), without a panic and within a time limit. The outcome of each file is
//! compared with `tests/data/sh-corpus/expected/<source>--<name>.txt`; `BLESS=1 cargo test
//! --test sh_corpus` rewrites those files. Expected format:
//!
//! ```text
//! parse: ok                      or  parse: error: <message>
//! ```
//!
//! The test prints `corpus: N parsed, M ran ok, K failed honestly`.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Time one file may take to parse (a hang is a failure, not a wait).
const PARSE_LIMIT: Duration = Duration::from_secs(10);

/// One corpus file.
#[allow(dead_code)] // image, cwd and env are for running, wired once the runner lands
struct Case {
    /// `<source>/<NN>-<name>.sh`.
    rel: String,
    /// `#% image:`.
    image: String,
    /// `#% cwd:`.
    cwd: Option<String>,
    /// `#% env:` lines, in order.
    env: Vec<(String, String)>,
    /// `#% parse: error`.
    parse_error: bool,
    /// The shell text as `/bin/sh -c` gets it.
    body: String,
}

impl Case {
    fn expected_path(&self) -> PathBuf {
        let name = self.rel.trim_end_matches(".sh").replace('/', "--");
        root().join("expected").join(format!("{name}.txt"))
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sh-corpus")
}

fn read_case(path: &Path, rel: String) -> Case {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut case = Case {
        rel,
        image: String::new(),
        cwd: None,
        env: Vec::new(),
        parse_error: false,
        body: String::new(),
    };
    let mut rest = text.as_str();
    while let Some(line) = rest.strip_prefix("#% ") {
        let (line, after) = line.split_once('\n').unwrap_or((line, ""));
        rest = after;
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{}: bad header line {line:?}", case.rel));
        let value = value.trim_start();
        match key {
            "image" => case.image = value.to_string(),
            "cwd" => case.cwd = Some(value.to_string()),
            "env" => {
                let (k, v) = value
                    .split_once('=')
                    .unwrap_or_else(|| panic!("{}: bad env {value:?}", case.rel));
                case.env.push((k.to_string(), v.to_string()));
            }
            "parse" => case.parse_error = value == "error",
            _ => panic!("{}: unknown header {key:?}", case.rel),
        }
    }
    assert!(!case.image.is_empty(), "{}: no `#% image:` line", case.rel);
    case.body = rest.strip_suffix('\n').unwrap_or(rest).to_string();
    case
}

fn cases() -> Vec<Case> {
    let root = root();
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/data/sh-corpus exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.ends_with("expected"))
        .collect();
    dirs.sort();
    for dir in dirs {
        let source = dir.file_name().unwrap_or_default().to_string_lossy().to_string();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("source folder is readable")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "sh"))
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap_or_default().to_string_lossy().to_string();
            out.push(read_case(&file, format!("{source}/{name}")));
        }
    }
    out
}

/// Parses on a worker thread so a panic or a hang is reported, not fatal.
/// `Ok(Ok(()))`: parsed (to at least one command); `Ok(Err(msg))`: syntax error (or an
/// empty parse); `Err(msg)`: panic or timeout.
fn parse_guarded(body: &str) -> Result<Result<(), String>, String> {
    let body = body.to_string();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| {
            match layercake::sh::parse::parse(&body) {
                Ok(list) if list.0.is_empty() => Err("parsed to an empty list".to_string()),
                Ok(_) => Ok(()),
                Err(e) => Err(e.to_string()),
            }
        });
        let _ = tx.send(r.map_err(|p| panic_text(&p)));
    });
    match rx.recv_timeout(PARSE_LIMIT) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(p)) => Err(format!("parser panicked: {p}")),
        Err(_) => Err(format!("parser did not finish in {PARSE_LIMIT:?}")),
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic)".to_string())
}

#[test]
fn corpus() {
    let bless = std::env::var_os("BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 50, "corpus shrank: {} files", cases.len());
    let mut failures = Vec::new();
    let (mut parsed, ran_ok, failed_honestly) = (0, 0, 0);
    for case in &cases {
        let mut out = String::new();
        match parse_guarded(&case.body) {
            Err(fatal) => {
                failures.push(format!("{}: {fatal}", case.rel));
                continue;
            }
            Ok(Ok(())) if case.parse_error => {
                failures.push(format!("{}: parsed, but must be rejected", case.rel));
                out.push_str("parse: ok\n");
            }
            Ok(Ok(())) => {
                parsed += 1;
                out.push_str("parse: ok\n");
            }
            Ok(Err(msg)) if case.parse_error => out.push_str(&format!("parse: error: {msg}\n")),
            Ok(Err(msg)) => {
                failures.push(format!("{}: syntax error: {msg}", case.rel));
                out.push_str(&format!("parse: error: {msg}\n"));
            }
        }
        let path = case.expected_path();
        if bless {
            std::fs::create_dir_all(path.parent().expect("expected/ has a parent"))
                .expect("expected/ is writable");
            std::fs::write(&path, &out).expect("expected file is writable");
        } else {
            match std::fs::read_to_string(&path) {
                Ok(want) if want == out => {}
                Ok(want) => failures.push(format!(
                    "{}: differs from {}\n--- expected\n{want}--- got\n{out}",
                    case.rel,
                    path.display()
                )),
                Err(_) => failures.push(format!(
                    "{}: no {} (run with BLESS=1)",
                    case.rel,
                    path.display()
                )),
            }
        }
    }
    println!(
        "corpus: {parsed} parsed, {ran_ok} ran ok, {failed_honestly} failed honestly ({} files; running is pending: layercake::sh::run is not on main yet)",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
