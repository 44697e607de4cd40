#!/usr/bin/env bash
# Installs what `make serve` (setup.sh serve) or `make test` (setup.sh test) needs, and skips
# what is already there. Idempotent; prints one line per component. Run as root on a Debian
# machine (apt-get), or as a user who has the Debian packages already.
#
#   serve: rustup target wasm32-unknown-unknown (or Debian's toolchain as a fallback),
#          the crates (cargo fetch), wasm-bindgen-cli pinned to the wasm-bindgen version in
#          Cargo.lock, trunk 0.21.14, npm packages (binaryen's wasm-opt; playwright-core and
#          axe-core for the browser tests).
#   test:  all of the above, plus Debian chromium + chromium-driver (browser tests), skopeo and
#          umoci (OCI export checks), clippy and rustfmt.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-serve}
TRUNK_VERSION=0.21.14

say() { printf '  setup: %-24s %s\n' "$1" "$2"; }
start=$(date +%s)
echo "setup ($mode): checking what is installed"

# --- Debian packages: install only the missing ones ------------------------------------------
apt_updated=
apt_install() {
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "apt" "installing ${missing[*]}"
    if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- Rust for wasm32 -------------------------------------------------------------------------
# First choice: rustup's target. Fallback (no answer from rustup's server): Debian's rustc-web
# and a wasm32 std compiled from rust-web-src, named `debian-web` for rustup
# (scripts/wasm-env.sh picks whichever is installed).
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "rust wasm32 target" "present (rustup)"
elif timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    say "rust wasm32 target" "installed (rustup)"
else
    say "rust wasm32 target" "rustup gave no answer: using Debian's toolchain"
    apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
    sh scripts/build-wasm-std.sh
    rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
fi

if [ "$mode" = test ]; then
    if ! rustup component list --installed 2>/dev/null | grep -q '^clippy' \
       || ! rustup component list --installed 2>/dev/null | grep -q '^rustfmt'; then
        say "clippy, rustfmt" "installing"
        rustup component add clippy rustfmt
    else
        say "clippy, rustfmt" "present"
    fi
fi

# --- Crates ----------------------------------------------------------------------------------
cargo fetch --quiet
say "crates" "fetched"

# --- wasm-bindgen-cli, pinned to the crate in Cargo.lock -------------------------------------
wb_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; fi
if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version)" = "wasm-bindgen $wb_version" ]; then
    say "wasm-bindgen-cli" "$wb_version present"
else
    say "wasm-bindgen-cli" "installing $wb_version (about 4 minutes)"
    # Not --locked: its lock file pins a crate version the registry does not serve.
    cargo install --quiet wasm-bindgen-cli --version "$wb_version"
fi

# --- trunk -----------------------------------------------------------------------------------
if command -v trunk >/dev/null && [ "$(trunk --version)" = "trunk $TRUNK_VERSION" ]; then
    say "trunk" "$TRUNK_VERSION present"
else
    say "trunk" "installing $TRUNK_VERSION (about 10 minutes)"
    cargo install --quiet trunk --version "$TRUNK_VERSION" --locked
fi

# --- npm packages: wasm-opt (binaryen), playwright-core, axe-core, from package-lock.json ----
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.layercake-lock 2>/dev/null)" = "$lock_sum" ]; then
    say "npm packages" "present"
else
    say "npm packages" "installing from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$lock_sum" > node_modules/.layercake-lock
fi

# --- Browser and OCI tools for the tests -----------------------------------------------------
if [ "$mode" = test ]; then
    apt_install chromium chromium-driver skopeo umoci
    say "chromium, skopeo, umoci" "present"
fi

echo "setup ($mode): done in $(( $(date +%s) - start ))s"
