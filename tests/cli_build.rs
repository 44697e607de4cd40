//! `layercake build/history/image ls/inspect/save` end to end: a state directory shared by
//! successive commands, BuildKit's plain progress, docker's tables, a docker-archive.

use std::path::{Path, PathBuf};
use std::process::Command;

fn layercake(state: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_layercake"))
        .arg("--state")
        .arg(state)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("layercake runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn build_twice_then_history_ls_inspect_save() {
    let dir = scratch_dir("cli-build-web-ping");
    let ctx = dir.join("ctx");
    std::fs::create_dir_all(&ctx).expect("ctx");
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/build/web-ping");
    std::fs::copy(case.join("Dockerfile"), ctx.join("Dockerfile")).expect("copy");
    std::fs::copy(case.join("context/app.js"), ctx.join("app.js")).expect("copy");
    let state = dir.join("state");
    let ctx_s = ctx.to_string_lossy().into_owned();

    let (code, out, err) = layercake(&state, &["build", "-t", "web-ping", &ctx_s]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("#4 [1/3] FROM docker.io/diamol/node:latest"),
        "{out}"
    );
    assert!(out.contains("#5 [2/3] WORKDIR /web-ping\n#5 DONE"), "{out}");
    assert!(
        out.contains("naming to docker.io/library/web-ping:latest done"),
        "{out}"
    );

    std::fs::write(ctx.join("app.js"), "console.log('changed')\n").expect("edit");
    let (code, out, _) = layercake(&state, &["build", "-t", "web-ping", "--explain", &ctx_s]);
    assert_eq!(code, 0);
    assert!(out.contains("#5 CACHED"), "{out}");
    assert!(
        out.contains("#6 cache miss: file app.js changed (sha256 "),
        "{out}"
    );

    let (code, out, _) = layercake(&state, &["history", "web-ping"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("IMAGE          CREATED"), "{out}");
    assert!(
        lines[1].contains("CMD [\"node\" \"/web-ping/app.js\"]"),
        "{out}"
    );
    assert!(lines[2].starts_with("<missing>"), "{out}");
    assert!(lines[2].contains("COPY app.js . # buildkit"), "{out}");
    assert!(out.contains("buildkit.dockerfile.v0"));

    let (code, out, _) = layercake(&state, &["image", "ls"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("REPOSITORY   TAG"), "{out}");
    assert!(out.contains("web-ping     latest"), "{out}");

    let (code, out, _) = layercake(&state, &["inspect", "web-ping"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("inspect prints JSON");
    assert_eq!(json[0]["Config"]["WorkingDir"], "/web-ping");
    assert_eq!(json[0]["RepoTags"][0], "web-ping:latest");

    let tar = dir.join("wp.tar");
    let (code, _, err) = layercake(&state, &["save", "-o", &tar.to_string_lossy(), "web-ping"]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&tar).expect("archive written");
    let archive = layercake::oci::import(&bytes, layercake::oci::ImportLimits::default())
        .expect("the archive imports");
    assert_eq!(archive.images.len(), 1);
}

#[test]
fn failing_build_shows_the_instruction_and_exits_1() {
    let dir = scratch_dir("cli-build-outside");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine\nCOPY ../secret /\n").expect("write");
    let (code, out, err) = layercake(&dir.join("state"), &["build", &dir.to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(out.contains(" > [2/2] COPY ../secret /:"), "{out}");
    assert!(out.contains("   2 | >>> COPY ../secret /"), "{out}");
    assert!(
        err.contains("forbidden path outside the build context"),
        "{err}"
    );
}
