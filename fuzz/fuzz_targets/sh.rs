//! Fuzzes the RUN sandbox: arbitrary bytes as a shell script, parsed and then run on a small
//! Alpine filesystem with tight budgets. Any panic, stack overflow or hang is a bug.
#![no_main]

use layercake::fs::{FsPath, Rootfs};
use layercake::sh::{self, budget::Limits, RunRequest};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn base() -> &'static Rootfs {
    static BASE: OnceLock<Rootfs> = OnceLock::new();
    BASE.get_or_init(|| {
        let image = layercake::catalog::resolve("alpine:3.20").expect("alpine");
        Rootfs::new(image.layers.clone())
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = sh::parse::parse(&text);
    let mut fs = base().clone();
    let argv = ["/bin/sh".to_string(), "-c".to_string(), text.into_owned()];
    let env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()];
    let out = sh::run(
        &mut fs,
        &RunRequest {
            argv: &argv,
            env: &env,
            workdir: FsPath::root(),
            owner: (0, 0),
            now: 0,
            limits: Limits {
                steps: 2_000,
                output: 64 << 10,
                written: 1 << 20,
                file_size: 1 << 20,
                depth: 20,
                read: 4 << 20,
            },
        },
    );
    assert!((0..=255).contains(&out.status) || out.status == 127);
});
