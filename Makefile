# Layercake. Two commands do all set-up on a fresh machine:
#   make serve   install what is missing, build the playground, serve it on http://127.0.0.1:8080
#   make test    install what is missing, run every check and test (see scripts/test.sh)
.PHONY: serve test dist size bench setup-serve setup-test dev clean-dist

serve: setup-serve dist
	./scripts/serve.sh

test: setup-test
	./scripts/test.sh

# Release bundle into dist/ (Trunk, wasm-bindgen, wasm-opt -Oz; relative URLs).
dist: setup-serve
	. scripts/wasm-env.sh && trunk build --release

# Raw and gzip size of every dist asset.
size: dist
	./scripts/size.sh

# Benchmarks: print what they measure (sizes now; more as the core lands).
bench: dist
	./scripts/bench.sh

# Rebuild on every change (trunk's dev server), for working on the UI.
dev: setup-serve
	. scripts/wasm-env.sh && trunk serve --address 127.0.0.1 --port 8080

setup-serve:
	./scripts/setup.sh serve

setup-test:
	./scripts/setup.sh test
