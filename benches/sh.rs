//! Benchmark: the RUN sandbox — commands interpreted per second (a counting loop of
//! builtins and arithmetic), and the typical install steps of the seed lessons:
//! `apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/*` on Debian and
//! `npm install` of express on node:20-alpine. Each step runs on a fresh copy of the base
//! filesystem, as a build step does.

mod common;

use layercake::fs::{FsPath, Rootfs};
use layercake::sh::{self, budget::Limits, RunRequest};

fn base(image: &str) -> (Rootfs, Vec<String>) {
    let img = layercake::catalog::resolve(image).expect("catalog image");
    let mut env = img.config.env.clone();
    if !env.iter().any(|e| e.starts_with("PATH=")) {
        env.push("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into());
    }
    (Rootfs::new(img.layers.clone()), env)
}

fn run(fs: &mut Rootfs, env: &[String], script: &str, cwd: &str) -> sh::RunOutcome {
    let argv = ["/bin/sh".to_string(), "-c".to_string(), script.to_string()];
    sh::run(
        fs,
        &RunRequest {
            argv: &argv,
            env,
            workdir: FsPath::new(cwd),
            owner: (0, 0),
            now: 0,
            limits: Limits {
                steps: 10_000_000,
                ..Limits::default()
            },
        },
    )
}

fn step(name: &str, image: &str, setup: &str, script: &str, cwd: &str) {
    let (mut prepared, env) = base(image);
    if !setup.is_empty() {
        let out = run(&mut prepared, &env, setup, "/");
        if out.status != 0 {
            println!(
                "[{}] {name}: setup failed ({})",
                common::TARGET,
                out.lines().join(" | ")
            );
            return;
        }
        prepared.commit();
    }
    let out = run(&mut prepared.clone(), &env, script, cwd);
    if out.status != 0 {
        let last = out.lines().last().cloned().unwrap_or_default();
        println!(
            "[{}] {name}: not runnable yet (status {}: {last})",
            common::TARGET,
            out.status
        );
        return;
    }
    common::report_time(name, || {
        let mut fs = prepared.clone();
        let out = run(&mut fs, &env, script, cwd);
        std::hint::black_box(fs.pending_layer().len());
        assert_eq!(out.status, 0);
    });
}

fn main() {
    let (fs, env) = base("alpine:3.20");
    let script = "i=0; while :; do i=$((i+1)); case $i in 20000) break;; esac; x=\"${i#1}\"; done";
    let mut steps = 0;
    let s = common::best_seconds(1500, || {
        let out = run(&mut fs.clone(), &env, script, "/");
        assert_eq!(out.status, 0, "{:?}", out.lines());
        steps = out.steps;
    });
    println!(
        "[{}] sh commands interpreted: {:.0} per second ({steps} commands in {:.3} ms)",
        common::TARGET,
        steps as f64 / s,
        s * 1e3
    );
    step(
        "RUN apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/* (debian:bookworm-slim)",
        "debian:bookworm-slim",
        "",
        "apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/*",
        "/",
    );
    step(
        "RUN npm install (express, node:20-alpine)",
        "node:20-alpine",
        "mkdir -p /app && cd /app && echo '{\"name\":\"app\",\"version\":\"1.0.0\",\"dependencies\":{\"express\":\"^4.18.2\"}}' > package.json",
        "npm install",
        "/app",
    );
}
