//! The shell corpus: real `RUN` bodies of official-image Dockerfiles, the seed lessons and the
//! parser-coverage cases, one per `tests/data/sh-corpus/<source>/<NN>-<name>.sh` (provenance,
//! licences and the header format in `tests/data/sh-corpus/SOURCES.md`).
//!
//! Every file must parse with `layercake::sh::parse::parse` (or fail to, when its header says
//! `#% parse: error`), without a panic and within a time limit. Then it runs with
//! `layercake::sh::run` as `/bin/sh -c` on its catalog image (with its `cwd` and `env`), on top
//! of the layers the earlier successful `RUN`s of the same Dockerfile made (the files of one
//! folder with the same image, in order), as in a build. A run must end without a panic, a hang
//! or a budget stop; it either succeeds or fails. A failure counts as honest when standard
//! error says why in the sandbox's words (not found, not simulated, offline, not supported, no
//! such file); other failures (e.g. a silent `[ -s file ]` under `set -e`, as real sh does) are
//! listed, not asserted.
//!
//! The outcome of each file is compared with `tests/data/sh-corpus/expected/<source>--<name>.txt`;
//! `BLESS=1 cargo test --test sh_corpus` rewrites those files. Expected format:
//!
//! ```text
//! parse: ok                      (or `parse: error: <message>`, and nothing else)
//! status: 127
//! exec error: …                  (only when the process could not start)
//! hint: …                        (only when the sandbox gave one)
//! --- stderr (first 5 lines, `set -x` trace lines left out; N lines in all)
//! …
//! ```
//!
//! The test prints `corpus: N parsed, M ran ok, K failed honestly`.

use layercake::fs::{FsPath, Layer, Rootfs};
use layercake::sh::{self, budget::Limits, RunRequest};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

/// Time one file may take to parse (a hang is a failure, not a wait).
const PARSE_LIMIT: Duration = Duration::from_secs(10);
/// Time one file may take to run (debug build).
const RUN_LIMIT: Duration = Duration::from_secs(60);
/// The build timestamp every file runs at (2024-05-01T12:00:00Z, as in `tests/sh.rs`).
const NOW: i64 = 1_714_564_800;
/// Lines of standard error kept in the expected file.
const STDERR_LINES: usize = 5;
/// What an honest failure says (in standard error).
const HONEST: &[&str] = &[
    "not found",
    "cannot run in the Layercake sandbox",
    "not simulate",
    "offline",
    "not supported",
    "unsupported",
    "No such file or directory",
    "Directory nonexistent",
    "can't open",
    "Could not resolve",
    "Temporary failure",
    "Unable to locate package",
    "unable to select packages",
    "network",
];

/// One corpus file.
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
        let source = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("source folder is readable")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "sh"))
            .collect();
        files.sort();
        for file in files {
            let name = file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
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
        let r = std::panic::catch_unwind(|| match layercake::sh::parse::parse(&body) {
            Ok(list) if list.0.is_empty() => Err("parsed to an empty list".to_string()),
            Ok(_) => Ok(()),
            Err(e) => Err(e.to_string()),
        });
        let _ = tx.send(r.map_err(|p| panic_text(&p)));
    });
    match rx.recv_timeout(PARSE_LIMIT) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(p)) => Err(format!("parser panicked: {p}")),
        Err(_) => Err(format!("parser did not finish in {PARSE_LIMIT:?}")),
    }
}

/// How a run ended.
struct Ran {
    status: i32,
    budget: Option<String>,
    exec_error: Option<String>,
    hint: Option<String>,
    stderr: String,
}

/// Runs the file on a worker thread so a panic or a hang is reported, not fatal. `prior` are
/// the layers the earlier RUN steps of the same Dockerfile (same folder, same image) made, so
/// a step sees the users and files they created, as in a build. Returns the layers with this
/// step's on top.
fn run_guarded(case: &Case, prior: Vec<Arc<Layer>>) -> Result<(Ran, Vec<Arc<Layer>>), String> {
    let (image, cwd, extra, body) = (
        case.image.clone(),
        case.cwd.clone(),
        case.env.clone(),
        case.body.clone(),
    );
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(move || {
            let base = layercake::catalog::resolve(&image)
                .unwrap_or_else(|e| panic!("image {image}: {e}"));
            let base_count = base.layers.len();
            let mut fs = Rootfs::new(base.layers.iter().cloned().chain(prior).collect());
            let dir = cwd.unwrap_or_else(|| match base.config.working_dir.as_str() {
                "" => "/".to_string(),
                w => w.to_string(),
            });
            let workdir = FsPath::new(&dir);
            fs.mkdir_all(&workdir, 0o755).expect("workdir");
            fs.commit();
            fs.set_mtime(NOW);
            let mut env = base.config.env.clone();
            if !env.iter().any(|e| e.starts_with("PATH=")) {
                env.insert(
                    0,
                    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
                );
            }
            for (k, v) in extra {
                let prefix = format!("{k}=");
                env.retain(|e| !e.starts_with(&prefix));
                env.push(format!("{k}={v}"));
            }
            let argv = vec!["/bin/sh".to_string(), "-c".to_string(), body];
            let outcome = sh::run(
                &mut fs,
                &RunRequest {
                    argv: &argv,
                    env: &env,
                    workdir,
                    owner: (0, 0),
                    now: NOW,
                    limits: Limits::default(),
                },
            );
            fs.commit();
            let layers = fs.lowers()[base_count..].to_vec();
            let ran = Ran {
                status: outcome.status,
                budget: outcome.budget.map(|b| b.name().to_string()),
                exec_error: outcome.exec_error.clone(),
                hint: outcome.hint.clone(),
                stderr: outcome.stream(2),
            };
            (ran, layers)
        });
        let _ = tx.send(r.map_err(|p| panic_text(&p)));
    });
    match rx.recv_timeout(RUN_LIMIT) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(p)) => Err(format!("run panicked: {p}")),
        Err(_) => Err(format!("run did not finish in {RUN_LIMIT:?}")),
    }
}

/// The expected-file text of a run.
fn render_run(ran: &Ran) -> String {
    let mut out = format!("status: {}\n", ran.status);
    if let Some(e) = &ran.exec_error {
        out.push_str(&format!("exec error: {e}\n"));
    }
    if let Some(b) = &ran.budget {
        out.push_str(&format!("budget: {b}\n"));
    }
    if let Some(h) = &ran.hint {
        out.push_str(&format!("hint: {h}\n"));
    }
    let lines: Vec<&str> = ran.stderr.lines().filter(|l| !l.starts_with('+')).collect();
    out.push_str(&format!(
        "--- stderr (first {STDERR_LINES} lines, `set -x` trace lines left out; {} lines in all)\n",
        lines.len()
    ));
    for l in lines.iter().take(STDERR_LINES) {
        out.push_str(l);
        out.push('\n');
    }
    out
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
    let (mut parsed, mut ran_ok, mut failed_honestly) = (0, 0, 0);
    let mut failed_otherwise = Vec::new();
    // (folder, image) → the layers its successful steps made so far.
    let mut chains: BTreeMap<(String, String), Vec<Arc<Layer>>> = BTreeMap::new();
    for case in &cases {
        let folder = case.rel.split('/').next().unwrap_or_default().to_string();
        let chain_key = (folder, case.image.clone());
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
                let prior = chains.get(&chain_key).cloned().unwrap_or_default();
                match run_guarded(case, prior) {
                    Err(fatal) => {
                        failures.push(format!("{}: {fatal}", case.rel));
                        continue;
                    }
                    Ok((ran, layers)) => {
                        if ran.status == 0 {
                            chains.insert(chain_key.clone(), layers);
                        }
                        if let Some(b) = &ran.budget {
                            failures.push(format!("{}: stopped by the {b} budget", case.rel));
                        } else if ran.status == 0 {
                            ran_ok += 1;
                        } else if HONEST.iter().any(|h| ran.stderr.contains(h))
                            || ran.exec_error.is_some()
                        {
                            failed_honestly += 1;
                        } else {
                            let last = ran.stderr.lines().rev().find(|l| !l.starts_with('+'));
                            failed_otherwise.push(format!(
                                "{}: status {}, {}",
                                case.rel,
                                ran.status,
                                last.map_or("no message".to_string(), |l| format!("{l:?}"))
                            ));
                        }
                        out.push_str(&render_run(&ran));
                    }
                }
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
    for f in &failed_otherwise {
        println!("failed without a sandbox message: {f}");
    }
    let otherwise = match failed_otherwise.len() {
        0 => String::new(),
        n => format!(", {n} failed otherwise (listed above)"),
    };
    println!(
        "corpus: {parsed} parsed, {ran_ok} ran ok, {failed_honestly} failed honestly{otherwise} ({} files)",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
