#!/usr/bin/env bash
# Builds the npm package `conduct-engine` into pkg/ (gitignored), from two
# builds of the crate:
#
#   the default entry: the compiled catalogue, no Rego runtime
#   (wasm32-unknown-unknown, --no-default-features), through wasm-bindgen:
#     pkg/node/   --target nodejs (CommonJS, loads the wasm synchronously)
#     pkg/web/    --target web (ES module, `await init()`), for browsers,
#                 workers and bundlers
#   the partner entry, conduct-engine/rego: the compiled catalogue plus
#   regorus, for wasm32-wasip1 with a plain JSON ABI (src/sandbox.rs); its
#   stack comes first in memory, so an overflow traps instead of corrupting:
#     pkg/rego/conduct_engine_rego.wasm
#
#   pkg/inline/wasm.js  the web build's wasm as base64, for conduct-engine/inline
#   pkg/…       everything in pkg-template/ (package.json, the API in lib/,
#               entries, types, bin/, README.md), with CommonJS twins of its
#               ES modules written by scripts/cjs-twin.mjs
#
# Each wasm goes through the npm binaryen's wasm-opt (Debian's binaryen 108
# emits modules that fail to load). Skips all but the cargo builds when
# nothing that goes into pkg/ changed. Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

fail() { echo "build-pkg.sh: $*" >&2; exit 1; }

wasm_opt=node_modules/.bin/wasm-opt
[ -x "$wasm_opt" ] || fail "no $wasm_opt: run scripts/setup.sh (or npm ci) first"
command -v wasm-bindgen >/dev/null || fail "no wasm-bindgen on PATH: run scripts/setup.sh first"

# 1. The two Wasm builds. cargo prints its own errors. DEFAULT_OPT_LEVEL sets
# rustc's opt-level for the default entry (benchmarks compare them).
CARGO_PROFILE_RELEASE_OPT_LEVEL="${DEFAULT_OPT_LEVEL:-3}" \
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --quiet \
  || fail "cargo build (the default entry, wasm32-unknown-unknown) failed"
wasm=target/wasm32-unknown-unknown/release/conduct_engine.wasm
[ -f "$wasm" ] || fail "cargo produced no $wasm"
# The stack first (an overflow runs off the bottom of memory and traps), 2 MiB
# of it, and a hard ceiling of 512 MiB under the sandbox's own memory cap.
export CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS="-C link-arg=--stack-first -C link-arg=-zstack-size=2097152 -C link-arg=--max-memory=536870912"
cargo build --release --target wasm32-wasip1 --lib --no-default-features --features rego --quiet \
  || fail "cargo build (the partner entry, wasm32-wasip1) failed"
rego_wasm=target/wasm32-wasip1/release/conduct_engine.wasm
[ -f "$rego_wasm" ] || fail "cargo produced no $rego_wasm"

# The CLI must be the version the crate links, or the glue rejects the module.
lock_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
cli_version=$(wasm-bindgen --version | awk '{print $2}')
[ "$lock_version" = "$cli_version" ] \
  || fail "wasm-bindgen CLI is $cli_version but Cargo.lock has $lock_version: run scripts/setup.sh"

crate_version=$(cargo metadata --no-deps --format-version 1 --offline \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="conduct-engine");process.stdout.write(p.version)})')

# 2. Skip the rest when its inputs are unchanged.
stamp=$( { sha256sum "$wasm" "$rego_wasm" "$0" "$wasm_opt" scripts/cjs-twin.mjs scripts/inline-wasm.mjs; echo "$cli_version $crate_version"; \
           find pkg-template -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1)
if [ -f pkg/.build-stamp ] && [ "$(cat pkg/.build-stamp)" = "$stamp" ]; then
  exit 0
fi

# 3. Build into a scratch folder and swap it in, so a failed build never
#    leaves a half package behind.
out=$(mktemp -d "${TMPDIR:-/tmp}/conduct-pkg.XXXXXX")
trap 'rm -rf "$out"' EXIT
log="$out/.log"

wasm-bindgen --target nodejs --out-dir "$out/node" --out-name conduct_engine "$wasm" \
  || fail "wasm-bindgen --target nodejs failed"
wasm-bindgen --target web --out-dir "$out/web" --out-name conduct_engine "$wasm" \
  || fail "wasm-bindgen --target web failed"

# -O3, except that a function with a single caller is inlined into it only
# when small (binaryen's default inlines every such function, whatever its
# size). V8 re-compiles hot Wasm functions with TurboFan in the background
# and Node waits for those jobs before the process exits; the giant
# functions that unlimited inlining builds (Engine::with_config grew to
# 46 KB, ~60-80 ms of TurboFan) held every short-lived process open.
# Measured with tests/bench/opt-variants.mjs (2 cores, Node 20, medians of
# 21): cold start 132 -> 99 ms over `node -e 0`, warm evaluation 0.99x,
# gzip 1.7 KiB smaller.
opt=(-O"${WASM_OPT_LEVEL:-3}" --one-caller-inline-max-function-size 100)
# The features rustc enables by default for wasm32-unknown-unknown, which
# the module's glue relies on (externref table, bulk memory, multi-value).
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)
optimise() {
  "$wasm_opt" "${opt[@]}" "${features[@]}" --strip-debug --strip-producers "$1" -o "$1.opt" >"$1.log" 2>&1 \
    && mv "$1.opt" "$1" && rm -f "$1.log"
}
mkdir -p "$out/rego"
cp "$rego_wasm" "$out/rego/conduct_engine_rego.wasm"
optimise "$out/node/conduct_engine_bg.wasm" & node_pid=$!
optimise "$out/web/conduct_engine_bg.wasm" & web_pid=$!
optimise "$out/rego/conduct_engine_rego.wasm" & rego_pid=$!
for pid in $node_pid $web_pid $rego_pid; do
  if ! wait "$pid"; then
    cat "$out"/*/*.wasm.log >&2 2>/dev/null || true
    fail "wasm-opt failed"
  fi
done

# 4. The hand-written parts, with the crate's version.
cp -R pkg-template/. "$out/"
node - "$out/package.json" "$crate_version" <<'EOF' || fail "could not set the package version"
const fs = require('fs');
const [file, version] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.version = version;
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
EOF

# 5. CommonJS twins of the ES modules the entries share.
node scripts/cjs-twin.mjs "$out/lib/api.js" "$out/lib/api.cjs" || fail "could not write lib/api.cjs"
node scripts/cjs-twin.mjs "$out/rego/host.js" "$out/rego/host.cjs" || fail "could not write rego/host.cjs"
chmod +x "$out/bin/conduct-engine.mjs"
# conduct-engine/inline: the web build's wasm as base64 in an ES module.
node scripts/inline-wasm.mjs "$out/web/conduct_engine_bg.wasm" "$out/inline/wasm.js" || fail "could not write inline/wasm.js"

# 6. Prove every build loads and evaluates alike before calling the package done.
node - "$out" >"$log" 2>&1 <<'EOF' || { cat "$log" >&2; fail "the built package does not load"; }
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const incident = { schemaVersion: '1', actions: [{ id: 'a1', consent: { prior: false } }] };
const node = require(path.join(dir, 'node/index.cjs'));
const v1 = new node.ConductEngine().evaluate(incident);
const rego = require(path.join(dir, 'rego/index.cjs'));
const v3 = new rego.ConductEngine().evaluate(incident);
(async () => {
  // inline/ first: its init() decodes the embedded wasm into the glue that web/ shares.
  const inline = await import(path.join(dir, 'inline/index.js'));
  await inline.default();
  const web = await import(path.join(dir, 'web/index.js'));
  web.initSync({ module: fs.readFileSync(path.join(dir, 'web/conduct_engine_bg.wasm')) });
  const v2 = new web.ConductEngine().evaluate(incident);
  if (JSON.stringify(v1) !== JSON.stringify(v2)) throw new Error('node and web builds disagree');
  if (JSON.stringify(v1) !== JSON.stringify(v3)) throw new Error('the default and partner entries disagree');
  if (JSON.stringify(new inline.ConductEngine().evaluate(incident)) !== JSON.stringify(v1)) throw new Error('the inline entry disagrees');
  if (!v1.outcome) throw new Error('no outcome in ' + JSON.stringify(v1));
})().catch((e) => { console.error(e); process.exit(1); });
EOF
rm -f "$log"

echo "$stamp" >"$out/.build-stamp"
rm -rf pkg
mv "$out" pkg
chmod 755 pkg
trap - EXIT
