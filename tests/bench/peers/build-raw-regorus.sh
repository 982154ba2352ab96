#!/usr/bin/env bash
# Builds tests/bench/peers/raw-regorus (regorus's interpreter with none of
# conduct-engine's layers) the way scripts/build-pkg.sh builds the package:
# cargo for wasm32, wasm-bindgen --target nodejs, wasm-opt -O3 with the same
# feature flags. Output: .scratch/raw-regorus-pkg/raw_regorus.js + _bg.wasm.
# Skips wasm-bindgen and wasm-opt when the cargo output and tools are unchanged.
# Run scripts/setup.sh first (Rust target, wasm-bindgen CLI, npm's wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

fail() { echo "build-raw-regorus.sh: $*" >&2; exit 1; }

crate=tests/bench/peers/raw-regorus
out=.scratch/raw-regorus-pkg
wasm_opt=node_modules/.bin/wasm-opt
[ -x "$wasm_opt" ] || fail "no $wasm_opt: run scripts/setup.sh first"
command -v wasm-bindgen >/dev/null || fail "no wasm-bindgen on PATH: run scripts/setup.sh first"

# The CLI must match the crate's wasm-bindgen, which the root's Cargo.lock pins.
lock_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
cli_version=$(wasm-bindgen --version | awk '{print $2}')
[ "$lock_version" = "$cli_version" ] \
  || fail "wasm-bindgen CLI is $cli_version but Cargo.lock has $lock_version"

# The root's lockfile (gitignored copy), so regorus and everything under it
# are the very versions conduct-engine builds with; cargo drops the rest.
cp Cargo.lock "$crate/Cargo.lock"
# A target folder of its own: sharing the root's would make each build
# evict the other's artefacts.
export CARGO_TARGET_DIR="$PWD/.scratch/raw-regorus-target"
cargo build --release --target wasm32-unknown-unknown --quiet \
  --manifest-path "$crate/Cargo.toml" || fail "cargo build failed"
wasm=$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/raw_regorus.wasm
[ -f "$wasm" ] || fail "cargo produced no $wasm"

stamp=$( { sha256sum "$wasm" "$0" "$wasm_opt"; echo "$cli_version"; } | sha256sum | cut -d' ' -f1)
if [ -f "$out/.build-stamp" ] && [ "$(cat "$out/.build-stamp")" = "$stamp" ]; then
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/raw-regorus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target nodejs --out-dir "$tmp" --out-name raw_regorus "$wasm" \
  || fail "wasm-bindgen failed"
# The flags of scripts/build-pkg.sh: what rustc enables for wasm32 by default.
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)
"$wasm_opt" -O3 "${features[@]}" --strip-producers "$tmp/raw_regorus_bg.wasm" -o "$tmp/opt.wasm" \
  || fail "wasm-opt failed"
mv "$tmp/opt.wasm" "$tmp/raw_regorus_bg.wasm"
# The glue is CommonJS, and the root package.json says "type": "module".
echo '{ "name": "raw-regorus", "private": true, "type": "commonjs", "main": "raw_regorus.js" }' >"$tmp/package.json"
# Loads and answers before it counts as built.
node -e '
  const { RawRegorus } = require(process.argv[1]);
  const e = new RawRegorus(["t.rego"], ["package t\nx := input.a + 1"], "{}", "data.t.x");
  if (e.evaluate("{\"a\": 1}") !== "2") process.exit(1);
' "$tmp/raw_regorus.js" || fail "the built module does not load or evaluate"

echo "$stamp" >"$tmp/.build-stamp"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp" "$out"
chmod 755 "$out"
trap - EXIT
