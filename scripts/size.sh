#!/usr/bin/env bash
# Prints the raw and gzip -9 size of every file in dist/ and the totals.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] || { echo "size: dist/ is missing; run make dist" >&2; exit 1; }
raw_total=0; gz_total=0
printf '%-48s %12s %12s\n' "dist asset" "raw bytes" "gzip bytes"
while IFS= read -r f; do
    raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    raw_total=$((raw_total + raw)); gz_total=$((gz_total + gz))
    printf '%-48s %12d %12d\n' "${f#dist/}" "$raw" "$gz"
done < <(find dist -type f | sort)
printf '%-48s %12d %12d\n' "total" "$raw_total" "$gz_total"

# Where the wasm's bytes go: the cargo output before wasm-bindgen and wasm-opt (it keeps the
# function names; wasm-opt -Oz then shrinks code by roughly a fifth, evenly enough that the
# shares hold).
raw=target/wasm32-unknown-unknown/release/playground.wasm
if [ -f "$raw" ] && [ "$raw" -nt Cargo.toml ]; then
    echo
    echo "== top contributors (node scripts/wasm-top.mjs $raw)"
    node scripts/wasm-top.mjs "$raw" 12
fi

# The data files compiled into the wasm (include_str!): gzip already shrinks them in transit,
# so compressing them at build time would save raw bytes but hardly any gzip bytes.
echo
echo "== embedded data files (in the wasm's data section)"
printf '  %-52s %10s %10s\n' "file" "raw" "gzip -9"
for f in src/sh/pkg/data/* src/catalog/data/*; do
    printf '  %-52s %10d %10d\n' "$f" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)"
done
