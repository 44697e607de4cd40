//! A committed container judged by the real tools: build an alpine image, run a container,
//! overwrite a file, delete one from the base layer and add one, `docker commit`, then
//! "Download OCI layout" (`Builder::save_oci`). `skopeo copy oci-archive:FILE oci:DIR:t` must
//! read it (checking every blob), and `umoci unpack` must show the container's filesystem:
//! the deleted file gone (the whiteout applied), the new and changed files with their content.
//! The tools are installed by `make test`; when they are missing this test fails and says so.

#![allow(clippy::unwrap_used)]

#[path = "support/tools.rs"]
mod tools;

use layercake::session::Builder;
use tools::{run, tool, Scratch};

#[test]
fn skopeo_and_umoci_read_a_committed_container() {
    let mut b = Builder::new();
    let view = b.build(
        "FROM alpine:3.20\nRUN echo built > /etc/motd\n",
        &Default::default(),
        "playground",
        &Default::default(),
    );
    assert!(view.image_id.is_some(), "{view:?}");
    let mut c = b.run_container("playground").unwrap();
    c.exec(
        "echo changed > /etc/motd && rm /etc/hostname && mkdir /data && echo new > /data/new.txt",
    );
    b.commit_container(&mut c, "mine:v1").unwrap();
    let tar = b.save_oci("mine:v1").unwrap();

    let scratch = Scratch::new("container-oci");
    let archive = scratch.path().join("mine.tar");
    std::fs::write(&archive, &tar).unwrap();
    let layout = scratch.path().join("layout");
    run(tool("skopeo").args([
        "copy",
        "--quiet",
        &format!("oci-archive:{}", archive.display()),
        &format!("oci:{}:t", layout.display()),
    ]));
    let bundle = scratch.path().join("bundle");
    run(tool("umoci").args([
        "unpack",
        "--rootless",
        "--image",
        &format!("{}:t", layout.display()),
        &bundle.display().to_string(),
    ]));
    let rootfs = bundle.join("rootfs");
    let read = |p: &str| std::fs::read_to_string(rootfs.join(p)).unwrap();
    assert_eq!(read("etc/motd"), "changed\n");
    assert_eq!(read("data/new.txt"), "new\n");
    assert!(
        !rootfs.join("etc/hostname").exists(),
        "the whiteout hides it"
    );
    assert!(
        rootfs.join("etc/passwd").exists(),
        "the rest of the base is there"
    );
}
