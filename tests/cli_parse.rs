//! `layercake parse` end to end: the built binary, real files, stdout, stderr, exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

fn layercake(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_layercake"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("layercake runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("layercake finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn dump_matches_buildkit_for_a_testfile() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/parser/testfiles/znc"
    );
    let (code, out, _) = layercake(&["parse", &format!("{dir}/Dockerfile")], "");
    assert_eq!(code, 0);
    assert_eq!(
        out,
        std::fs::read_to_string(format!("{dir}/result")).expect("result")
    );
}

#[test]
fn errors_go_to_stderr_with_a_caret_and_exit_1() {
    let (code, out, err) = layercake(
        &["parse", "--format", "json", "-"],
        "FROM alpine\nCOPPY a b\n",
    );
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert_eq!(err, "Dockerfile:2:1: error: unknown instruction: COPPY\n  |\n2 | COPPY a b\n  | ^^^^^\n  = hint: did you mean COPY?\n");
}

#[test]
fn json_has_stages_and_spans() {
    let (code, out, err) = layercake(
        &["parse", "--format", "json", "-"],
        "FROM alpine AS base\nRUN echo hi\nCMD [\"sh\"]\nENV A=1 B=\"two words\"\nARG V=1\nLABEL a=b\nEXPOSE 80\nVOLUME /data\nSHELL [\"/bin/bash\", \"-c\"]\n",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["stages"][0]["from"]["value"]["name"], "base");
    assert_eq!(
        v["stages"][0]["instructions"][0]["value"]["instruction"],
        "run"
    );
    assert_eq!(
        v["stages"][0]["instructions"][1]["span"]["start"]["line"],
        3
    );
    // Instructions whose arguments are lists (ENV, ARG, LABEL, …) serialize too.
    let env = &v["stages"][0]["instructions"][2]["value"];
    assert_eq!(env["instruction"], "env");
    assert_eq!(env["args"][1]["value"], "\"two words\"", "{env}");
}
