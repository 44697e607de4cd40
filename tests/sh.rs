//! The RUN sandbox suite: every case under `tests/data/sh/<case>/` runs its `script.sh` on a
//! catalog image and compares status, stdout, stderr and the `docker diff` of the step with
//! `expected` (format: `tests/data/sh/README.md`). `BLESS=1` rewrites the expectations.

#[path = "conformance/harness.rs"]
#[allow(dead_code)]
mod harness;

use layercake::fs::{diff, FsPath, Rootfs};
use layercake::sh::{self, budget::Limits, RunRequest};

/// The build timestamp every case runs at (2024-05-01T12:00:00Z).
const NOW: i64 = 1_714_564_800;

fn check(case: &harness::Case) -> String {
    let text = String::from_utf8_lossy(&case.input).into_owned();
    let mut image = "debian:bookworm-slim".to_string();
    let mut cwd = "/".to_string();
    let mut owner = (0, 0);
    let mut extra_env = Vec::new();
    let mut exec_form = false;
    let mut body = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("#% ") {
            Some(h) if body.is_empty() => {
                let (key, value) = h.split_once(':').unwrap_or((h, ""));
                let value = value.trim().to_string();
                match key {
                    "image" => image = value,
                    "cwd" => cwd = value,
                    "env" => extra_env.push(value),
                    "argv" => exec_form = value == "exec",
                    "user" => {
                        let (u, g) = value.split_once(':').unwrap_or((&value, &value));
                        owner = (u.parse().unwrap_or(0), g.parse().unwrap_or(0));
                    }
                    other => panic!("unknown header {other}"),
                }
            }
            _ => body.push(line),
        }
    }
    let script = body.join("\n");
    let base = layercake::catalog::resolve(&image).unwrap_or_else(|e| panic!("image {image}: {e}"));
    let mut fs = Rootfs::new(base.layers.clone());
    let workdir = FsPath::new(&cwd);
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
    env.extend(extra_env);
    let argv: Vec<String> = if exec_form {
        serde_json::from_str(script.trim()).expect("argv: exec needs a JSON array")
    } else {
        vec!["/bin/sh".into(), "-c".into(), script]
    };
    let outcome = sh::run(
        &mut fs,
        &RunRequest {
            argv: &argv,
            env: &env,
            workdir,
            owner,
            now: NOW,
            limits: Limits::default(),
        },
    );
    let mut out = format!("status: {}\n", outcome.status);
    if let Some(e) = &outcome.exec_error {
        out.push_str(&format!("exec error: {e}\n"));
    }
    if let Some(b) = outcome.budget {
        out.push_str(&format!("budget: {}\n", b.name()));
    }
    for (name, fd) in [("stdout", 1), ("stderr", 2)] {
        let s = outcome.stream(fd);
        out.push_str(&format!("--- {name}\n{s}"));
        if !s.is_empty() && !s.ends_with('\n') {
            out.push_str("\n(no newline at end)\n");
        }
    }
    out.push_str("--- changes\n");
    out.push_str(&diff::render(&diff::changes(&fs)));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[test]
fn sh_cases() {
    let cases = harness::dir_cases(&harness::data_dir("sh"), "script.sh", "expected", true);
    harness::run("sh", cases, check);
}
