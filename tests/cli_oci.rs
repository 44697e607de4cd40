//! `layercake oci demo` and `layercake oci check` end to end: the built binary, real files,
//! stdout, stderr, exit codes.

#![allow(clippy::unwrap_used)]

use std::process::Command;

fn layercake(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_layercake"))
        .args(args)
        .output()
        .expect("layercake runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn demo_then_check_in_both_formats() {
    let dir = std::env::temp_dir().join(format!("layercake-cli-oci-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (format, kind, tag) in [
        ("oci", "OCI image layout", "docker.io/layercake/demo:latest"),
        ("docker", "docker save archive", "layercake/demo:latest"),
    ] {
        let file = dir.join(format!("demo-{format}.tar"));
        let file = file.to_str().unwrap();
        let (code, out, err) = layercake(&["oci", "demo", "-o", file, "--format", format]);
        assert_eq!(code, 0, "{err}");
        let id = out.split("image ").nth(1).unwrap().trim().to_string();
        let (code, out, err) = layercake(&["oci", "check", file]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(kind), "{out}");
        assert!(out.contains(&format!("image {id}")), "{out}");
        assert!(out.contains(&format!("tags: {tag}")), "{out}");
        assert!(out.contains("layer 3: diff_id sha256:"), "{out}");
        assert!(out.contains("merged view: 26 paths, 10 files"), "{out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_refuses_a_hostile_archive_naming_the_entry() {
    let dir = std::env::temp_dir().join(format!("layercake-cli-oci-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("evil.tar");
    let mut h = tar::Header::new_ustar();
    h.as_old_mut().name[..12].copy_from_slice(b"../../escape");
    h.set_size(0);
    h.set_mode(0o644);
    h.set_cksum();
    let mut bytes = h.as_bytes().to_vec();
    bytes.extend_from_slice(&[0u8; 1024]);
    std::fs::write(&file, bytes).unwrap();
    let (code, out, err) = layercake(&["oci", "check", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("../../escape: unsafe path"), "{err}");
    let (code, _, err) = layercake(&["oci", "check", "/nonexistent/archive.tar"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
