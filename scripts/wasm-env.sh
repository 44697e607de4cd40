# Sourced by the Makefile's wasm steps: selects the toolchain that has a wasm32 std
# (rustup's target if installed, else the Debian `debian-web` toolchain) and puts
# node_modules/.bin (wasm-opt 132) first on PATH so Trunk never looks for another one.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
   && rustup toolchain list 2>/dev/null | grep -q '^debian-web'; then
    export RUSTUP_TOOLCHAIN=debian-web
fi
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
