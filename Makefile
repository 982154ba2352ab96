# conduct-engine: build, test and benchmark the crate and its npm package.
#
#   make setup     fresh-machine set-up (Rust target, wasm-bindgen CLI, npm devDependencies)
#   make pkg       build the npm package into pkg/
#   make example   judge examples/ with the packaged CLI
#   make test      everything CI runs
#   make bench     benchmark the packaged engine in Node, compiled against the VM (make bench NATIVE_US=…)
#   make bench-peers  the same four rules compiled, on the VM, and in json-logic-js, json-rules-engine, cedar-wasm and raw regorus-Wasm
#   make bench-size / bench-cold / bench-opt  bytes per entry, cold start per entry, and where they go
#   make bench-batch  1,000,000 incidents through the CLI (1 and 2 workers) and the library API
#   make bench-boundary  what the JavaScript boundary's checks cost on evaluate
#   make demo      build the incident-form demo (examples/incident-form) into dist/incident-form, to host as is
#   make test-embed   the demo built by each bundler, in Chromium (part of make test)
#   make bench-embed  the demo in Chromium: keystroke to findings, first verdict, bytes per bundler

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

NODE_TESTS := $(sort $(wildcard tests/node/*.test.mjs))
BROWSER_TESTS := $(sort $(wildcard tests/browser/*.test.mjs))
CLI := .scratch/node-consumer/node_modules/.bin/conduct-engine

.PHONY: setup setup-browser pkg build-pkg packed example demo test test-rust test-node test-browser test-embed bench bench-peers bench-size bench-cold bench-opt bench-batch bench-boundary bench-embed docs fuzz conformance clean

setup:
	@bash scripts/setup.sh

setup-browser:
	@bash scripts/setup.sh --browser

build-pkg:
	@bash scripts/build-pkg.sh

pkg: setup build-pkg

# pkg/ packed and installed into .scratch/node-consumer, as a user would.
packed: pkg
	@node tests/node/pack.mjs

# Exit 1 (some example is a violation) is what the examples are for; 2 is not.
example: packed
	@status=0; $(CLI) evaluate examples/ || status=$$?; test $$status -le 1

# The incident-form demo, without a bundler: static files to host as is
# (node examples/incident-form/build.mjs --bundler vite|webpack|esbuild|rollup for the others).
demo: packed
	@node examples/incident-form/build.mjs

test-rust:
	cargo fmt --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --quiet -- -D warnings
	cargo clippy --lib --target wasm32-wasip1 --no-default-features --features rego --quiet -- -D warnings
	cargo test --workspace --quiet
	cargo test --quiet --release --test differential --test sessions

test-node: packed
	node --test $(NODE_TESTS)

test-browser: setup-browser packed
	node --test $(BROWSER_TESTS)

test-embed: setup-browser packed
	node --test tests/browser/embed.test.mjs

# One node --test run for the Node and browser suites: one summary.
# The Node and browser suites run last, so their summary closes the output.
test: setup-browser test-rust packed
	node tests/conformance/run.mjs $(CONFORMANCE_DIR)
	node --test $(NODE_TESTS) $(BROWSER_TESTS)

FUZZ_SECONDS ?= 60
# Bounded fuzzing (cargo-fuzz on stable via RUSTC_BOOTSTRAP=1); fails on a crash.
fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

# Rego conformance cases through the native build and the packed Wasm side by side.
CONFORMANCE_DIR ?= ../shared/conformance
conformance: packed
	node tests/conformance/run.mjs $(CONFORMANCE_DIR)

# docs/rules.md from the catalogue; tests/docs.rs fails while it is stale.
docs:
	UPDATE_DOCS=1 cargo test --quiet --test docs

# The native figures first (compiled and VM), so the Wasm/native ratios
# compare one run's builds; then the default entry against conduct-engine/rego
# compiled and on the VM, interleaved in one process.
bench: packed
	cargo bench --quiet --bench evaluate -- "full catalogue/(vm: )?evaluate_json \+ to_json$$"
	node tests/bench/node-bench.mjs

# The same four rules (B2, B3, B4, B12) in conduct-engine (compiled, and on
# the VM through conduct-engine/rego) and four peers; all must agree on every
# verdict before anything is timed (tests/bench/peers/).
bench-peers: packed
	bash tests/bench/peers/build-raw-regorus.sh
	node tests/bench/peers/peers.mjs

# The bytes of each entry, where the default entry's go, and what regorus
# features cost the partner entry (SIZE_PROBES=0 skips the probe builds;
# SIZE_FAMILIES=all and SIZE_OPT_LEVELS=s,z add rows). Fails over the size
# budget of the default browser entry (tests/bench/budget.json).
bench-size: packed
	node tests/bench/size.mjs

# Cold start in fresh processes: the default entry against conduct-engine/rego
# (compiled and on the VM), first evaluations, V8 flags and loaders, the
# TurboFan jobs Node waits for at exit, a profile of construction.
bench-cold: packed
	node tests/bench/cold-start.mjs

# wasm-opt settings side by side: size, cold start, warm speed.
bench-opt: packed
	node tests/bench/opt-variants.mjs

# 1,000,000 generated incidents (BATCH_COUNT=… for another number) as JSON
# Lines: wall time, incidents/s, CPU and peak RSS of the CLI at 1 and 2
# workers and of the library API on one thread (tests/bench/batch.mjs).
bench-batch: packed
	node tests/bench/batch.mjs

# What the boundary's checks cost on evaluate: the package's ConductEngine
# against wasm-bindgen's class it wraps, in one run.
bench-boundary: packed
	node tests/bench/boundary-cost.mjs

# The demo in Chromium per bundler: keystroke to findings rendered, first
# verdict after navigation, bytes transferred (EMBED_BUNDLERS, EMBED_BENCH_KEYS,
# EMBED_BENCH_NAVS narrow or widen it).
bench-embed: setup-browser packed
	node tests/bench/embed-bench.mjs

clean:
	rm -rf pkg .scratch dist
