#!/usr/bin/env bash
# Every check `make test` runs, in order, with a summary of what passed and how long it took.
# Stops at the first failing step (its output is above the summary).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/wasm-env.sh

results=()
total_start=$(date +%s)
step() { # step NAME COMMAND...
    local name=$1; shift
    echo
    echo "==> $name"
    local t0; t0=$(date +%s)
    if "$@"; then
        results+=("ok    $(( $(date +%s) - t0 ))s  $name")
    else
        results+=("FAIL  $(( $(date +%s) - t0 ))s  $name")
        summary 1
    fi
}
summary() {
    echo
    echo "make test summary"
    printf '  %s\n' "${results[@]}"
    echo "  total $(( $(date +%s) - total_start ))s"
    if [ "$1" -ne 0 ]; then echo "make test: FAILED"; exit 1; fi
    echo "make test: all steps passed"
    exit 0
}

wasm=(--target wasm32-unknown-unknown)
step "cargo fmt --check"                     cargo fmt --all -- --check
step "clippy (native core)"                  cargo clippy --all-targets -- -D warnings
step "clippy (native, --features web)"       cargo clippy --all-targets --features web -- -D warnings
step "clippy (wasm32, --features web)"       cargo clippy --lib --bins --features web "${wasm[@]}" -- -D warnings
step "cargo test (native)"                   cargo test -- --show-output
step "wasm-bindgen-test (node + chromium)"   env CHROMEDRIVER=/usr/bin/chromedriver \
    cargo test --features web "${wasm[@]}" --test wasm_node --test wasm_browser
step "trunk build --release"                 trunk build --release
step "end-to-end (playwright, chromium)"     node --test --test-concurrency=1 tests/e2e/
summary 0
