//! The hint a failed RUN step carries: the right package manager, bash syntax under dash, a
//! program the image has but the sandbox does not simulate, a close command name, a budget.

use layercake::fs::{FsPath, Rootfs};
use layercake::sh;

fn hint(image: &str, script: &str) -> String {
    let base = layercake::catalog::resolve(image).expect("catalog image");
    let mut fs = Rootfs::new(base.layers.clone());
    let env = vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()];
    let out = sh::run_script(&mut fs, script, &env, FsPath::root());
    assert_ne!(out.status, 0, "{script} should fail");
    out.hint.unwrap_or_default()
}

#[test]
fn wrong_package_manager() {
    let h = hint("ubuntu:16.04", "apk add curl");
    assert!(
        h.contains("apk is not the package manager of Ubuntu 16.04"),
        "{h}"
    );
    assert!(h.contains("apt-get install"), "{h}");
    let h = hint("alpine:3.20", "apt-get install -y curl");
    assert!(h.contains("install packages with `apk add`"), "{h}");
}

#[test]
fn bash_syntax_under_dash() {
    let h = hint("debian:bookworm-slim", "[[ -n x ]] && echo y");
    assert!(
        h.contains("bash syntax") && h.contains("SHELL [\"/bin/bash\", \"-c\"]"),
        "{h}"
    );
    let h = hint("debian:bookworm-slim", "source /etc/os-release");
    assert!(h.contains("`source` is bash's name for `.`"), "{h}");
}

#[test]
fn a_program_the_image_has_but_the_sandbox_does_not_run() {
    let h = hint("debian:bookworm-slim", "perl -e 'print 1'");
    assert!(h.contains("the image has /usr/bin/perl"), "{h}");
}

#[test]
fn close_names_only_when_close() {
    let h = hint("alpine:3.20", "sedd -i s/a/b/ /etc/motd");
    assert!(h.contains("did you mean `sed`?"), "{h}");
    let h = hint("alpine:3.20", "kubectl apply");
    assert!(!h.contains("did you mean"), "{h}");
}

#[test]
fn budgets_say_so() {
    let h = hint("alpine:3.20", "while :; do :; done");
    assert!(h.contains("step budget exceeded"), "{h}");
}
