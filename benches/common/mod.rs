//! Shared helpers for the benchmarks in `benches/` (each a `harness = false` program).
//!
//! Every benchmark runs natively (`cargo bench`) and in wasm (`wasm32-wasip1` under Node's
//! WASI, see `scripts/bench.sh`), so benchmarks read no files: data comes from
//! `include_bytes!` or is generated. Each measurement warms up first and reports the best of
//! several rounds: V8 runs a long first call in its baseline compiler, which would make wasm
//! look several times slower than it is in a page that has been used for a moment.

#![allow(dead_code)] // each bench uses a part

use std::time::Instant;

/// Which build is running, printed with every line so native and wasm numbers can be told apart.
pub const TARGET: &str = if cfg!(target_arch = "wasm32") {
    "wasm"
} else {
    "native"
};

/// Runs `f` until about `budget_ms` have passed (at least 3 rounds, after one warm-up round)
/// and returns the best time of one round in seconds.
pub fn best_seconds(budget_ms: u64, mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    let mut best = f64::INFINITY;
    let mut rounds = 0;
    while rounds < 3 || start.elapsed().as_millis() < u128::from(budget_ms) {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
        rounds += 1;
    }
    best
}

/// Prints the throughput of `f` over `bytes` input bytes, as `[target] name: N MB/s`.
pub fn report_throughput(name: &str, bytes: usize, f: impl FnMut()) {
    let s = best_seconds(1500, f);
    println!(
        "[{TARGET}] {name}: {:.1} MB/s ({} bytes in {:.3} ms)",
        bytes as f64 / s / 1e6,
        bytes,
        s * 1e3
    );
}

/// Prints the time of one run of `f`, as `[target] name: N ms`.
pub fn report_time(name: &str, f: impl FnMut()) {
    let s = best_seconds(1500, f);
    println!("[{TARGET}] {name}: {:.3} ms", s * 1e3);
}
