#!/usr/bin/env bash
# `make bench`: every benchmark prints what it measured. Numbers are reported, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== dist sizes (bytes)"
./scripts/size.sh
echo
echo "== native benchmarks (cargo bench, release)"
cargo bench --quiet
