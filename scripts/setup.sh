#!/usr/bin/env bash
# Prepares a fresh machine to build and test conduct-engine. Idempotent and
# quiet: each step is skipped when already done, and a failing step prints
# its own output.
#
#   scripts/setup.sh            Rust targets, wasm-bindgen CLI, npm devDependencies
#   scripts/setup.sh --browser  the same, plus Chromium for the browser test
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument '$arg' (expected --browser)" >&2; exit 2 ;;
  esac
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# step NAME CMD...: runs CMD with its output captured; shows it only on failure.
step() {
  local name=$1; shift
  if ! "$@" >"$log" 2>&1; then
    echo "setup.sh: $name failed:" >&2
    cat "$log" >&2
    exit 1
  fi
}

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "setup.sh: '$1' is required but not on PATH${2:+ ($2)}" >&2; exit 1; }
}

need cargo "install Rust with rustup"
need rustup "install Rust with rustup"
need node "install Node.js 20 or later"
need npm "install Node.js 20 or later"

# 1. The Wasm targets: the default entry's, and WASI's for the partner entry.
for target in wasm32-unknown-unknown wasm32-wasip1; do
  if ! rustup target list --installed | grep -qx "$target"; then
    step "rustup target add $target" rustup target add "$target"
  fi
done

# 2. The wasm-bindgen CLI, exactly the version the crate links against: the CLI
#    and the library must agree or the generated glue refuses the module.
if [ ! -f Cargo.lock ]; then
  step "cargo generate-lockfile" cargo generate-lockfile
fi
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "setup.sh: no wasm-bindgen package in Cargo.lock" >&2
  exit 1
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
installed=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$installed" != "$bindgen_version" ]; then
  echo "setup.sh: installing wasm-bindgen-cli $bindgen_version (takes a few minutes)" >&2
  # Not --locked: the CLI's own lockfile pins crates the registry may lack.
  step "cargo install wasm-bindgen-cli $bindgen_version" \
    cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# 3. npm devDependencies (wasm-opt, playwright-core, typescript), reinstalled
#    when package-lock.json changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.setup-lock-hash
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  step "npm ci" npm ci --ignore-scripts --no-audit --no-fund
  echo "$lock_hash" >"$stamp"
fi

# 4. Chromium, only when the browser test is wanted.
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup.sh: /usr/bin/chromium is missing; install it as root: apt-get install -y chromium" >&2
    exit 1
  fi
  echo "setup.sh: installing chromium with apt-get" >&2
  step "apt-get update" apt-get update
  step "apt-get install chromium" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
