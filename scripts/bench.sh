#!/usr/bin/env bash
# `make bench`: every benchmark prints what it measured; numbers are reported, never asserted.
# Benchmarks in benches/ run natively (cargo bench) and in wasm (wasm32-wasip1 under Node).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== dist sizes (bytes)"
./scripts/size.sh

echo
echo "== UI timings (headless Chromium, dist/)"
node scripts/bench-ui.mjs

echo
echo "== native benchmarks (cargo bench, release)"
cargo bench --quiet --bench '*'

echo
echo "== wasm benchmarks (wasm32-wasip1 under Node $(node --version))"
if ! rustup target list --installed | grep -qx wasm32-wasip1; then
    echo "  installing the rustup target wasm32-wasip1"
    timeout 120 rustup target add wasm32-wasip1
fi
CARGO_PROFILE_BENCH_OPT_LEVEL=z cargo bench --quiet --bench '*' --no-run --target wasm32-wasip1 --message-format=json 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){if(!l)continue;const m=JSON.parse(l);if(m.reason==="compiler-artifact"&&m.target.kind.includes("bench")&&m.executable)console.log(m.executable)}})' \
    | while read -r wasm; do node scripts/run-wasi.mjs "$wasm"; done
