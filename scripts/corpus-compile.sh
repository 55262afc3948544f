#!/usr/bin/env bash
# The corpus compile table: `specsmith generate` with default settings on each
# of the 42 real specs (scripts/corpus-specs.sh), then each language's real
# toolchain on the result (scripts/verify-generated.sh, one target at a time),
# and a Markdown table spec × language of what passed.
#
#   scripts/corpus-compile.sh [TARGET...]
#
# TARGET limits the languages (default: python typescript go kotlin csharp rust
# rust-server). Environment:
#   SPECS=REGEX   only the specs whose corpus path matches (grep -E)
#   CORPUS=DIR    the corpus (default ../shared/corpus)
#   BIN=FILE      the specsmith binary (default: this checkout, built in release)
#   FRESH=1       forget earlier results; otherwise a spec × target already in
#                 the results file is not run again, so the run can be done in parts
#   TIMEOUT=S     cap per check in seconds (default 1800)
# The Rust targets are type-checked with clippy (-D warnings), not built
# (VERIFY_CARGO_NO_BUILD): what compiles is known without linking 42 crates.
# Results accumulate in verify/.work/corpus-compile/results.tsv, logs beside
# it; the table is printed from the results file at the end. It takes hours on
# a 2-core machine for every spec and language; CI does not run it.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CORPUS=${CORPUS:-../shared/corpus}
[ -d "$CORPUS" ] || { echo "skipped: no corpus at $CORPUS"; exit 0; }
CORPUS=$(cd "$CORPUS" && pwd)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(python typescript go kotlin csharp rust rust-server)
WORK="$ROOT/verify/.work/corpus-compile"
RESULTS="$WORK/results.tsv"
mkdir -p "$WORK/logs"
[ "${FRESH:-0}" = 1 ] && rm -f "$RESULTS"
touch "$RESULTS"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet || exit 2
  BIN="$ROOT/target/release/specsmith"
fi
echo "" > "$WORK/specsmith.toml"

done_already() { grep -q "^$1	$2	" "$RESULTS"; }
record() { # spec target status seconds
  grep -v "^$1	$2	" "$RESULTS" > "$RESULTS.new"; mv "$RESULTS.new" "$RESULTS"
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"
}

while IFS= read -r spec; do
  name=${spec#"$CORPUS"/}
  [ -n "${SPECS:-}" ] && ! echo "$name" | grep -qE "$SPECS" && continue
  todo=()
  for t in "${TARGETS[@]}"; do done_already "$name" "$t" || todo+=("$t"); done
  [ ${#todo[@]} -eq 0 ] && continue
  out="$WORK/out"
  rm -rf "$out"
  log="$WORK/logs/$(echo "$name" | tr '/' '_')"
  start=$(date +%s)
  args=()
  for t in "${todo[@]}"; do args+=(--target "$t"); done
  "$BIN" --config "$WORK/specsmith.toml" generate "$spec" --out "$out" "${args[@]}" > "$log.generate.log" 2>&1
  code=$?
  if [ "$code" != 0 ]; then
    for t in "${todo[@]}"; do record "$name" "$t" "not generated (exit $code)" $(( $(date +%s) - start )); done
    echo "$name: generate exited $code"
    continue
  fi
  for t in "${todo[@]}"; do
    start=$(date +%s)
    VERIFY_CARGO_NO_BUILD="rust rust-server" timeout "${TIMEOUT:-1800}" \
      bash scripts/verify-generated.sh "$out" "$t" > "$log.$t.log" 2>&1
    code=$?
    case $code in
      0) status=ok ;;
      124) status="timeout" ;;
      *) status="FAILED" ;;
    esac
    secs=$(( $(date +%s) - start ))
    record "$name" "$t" "$status" "$secs"
    echo "$name $t: $status (${secs} s)"
  done
  rm -rf "$out"
done < <(scripts/corpus-specs.sh "$CORPUS")

# The table, from every result so far.
python3 scripts/results-table.py "$RESULTS" "${TARGETS[@]}"
grep -qv '	ok	' "$RESULTS" && exit 1
exit 0
