#!/usr/bin/env bash
# Bounded fuzzing of conduct-engine with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 60 s each for parse_validate, evaluate, session
#
# Installs cargo-fuzz when missing. cargo-fuzz needs nightly compiler flags
# (-Zsanitizer=address); on a stable toolchain RUSTC_BOOTSTRAP=1 unlocks them.
# The corpus starts from examples/*.json (copied in, never committed) and
# grows in fuzz/corpus/<target>/. Prints executions and exec/s per target;
# exits non-zero on a crash, leaving the input in fuzz/artifacts/<target>/.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_validate evaluate session)

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

echo "== building fuzz targets"
for t in "${targets[@]}"; do cargo fuzz build "$t"; done

summary=()
failed=0
for t in "${targets[@]}"; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus"
  if [ "$t" = session ]; then
    # A pointer line, then the new value (a leading `-` removes instead).
    printf '%s\n%s' /actions/0/justification/legal/explanation '"n/a"' >"$corpus/field"
    printf '%s\n%s' /actions/- '{"consent":{"prior":false}}' >"$corpus/append"
    printf '%s' -/actions/1 >"$corpus/remove"
  else
    cp examples/*.json "$corpus"/
    printf '%s' '{"schemaVersion":"1"}' >"$corpus/minimal.json"
  fi
  log=$(mktemp)
  echo "== fuzzing $t for ${seconds}s"
  status=0
  cargo fuzz run "$t" "$corpus" -- \
    -max_total_time="$seconds" -timeout=20 -dict=fuzz/incident.dict \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    line="$t: ${execs:-?} executions, ${rate:-?} exec/s, no crash"
  else
    failed=1
    line="$t: CRASH after ${execs:-?} executions (exit $status)"
    grep -E -A1 '^(==[0-9]+==|thread .* panicked|SUMMARY|artifact_prefix)' "$log" | head -n 20 || true
    echo "   full log: $log"
    echo "   reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run $t fuzz/artifacts/$t/<crash-file>"
  fi
  echo "$line"
  summary+=("$line")
  [ "$status" -ne 0 ] || rm -f "$log"
done

echo "== fuzz summary (${seconds}s per target)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
