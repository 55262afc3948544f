#!/usr/bin/env bash
# Runs `specsmith generate` with default settings (every target, no config) on
# each of the 42 real specs of the corpus and prints one line per spec with its
# exit code and time, then how many generated (exit 0).
#
#   scripts/corpus-generate-defaults.sh [CORPUS_DIR] [SPECSMITH_BINARY]
#
# CORPUS_DIR defaults to ../shared/corpus; the binary to target/release/specsmith.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpus}"
bin="${2:-$root/target/release/specsmith}"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
[ -x "$bin" ] || { echo "no binary at $bin (cargo build --release)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "" > "$work/specsmith.toml"
ok=0
total=0
while IFS= read -r spec; do
  total=$((total + 1))
  start=$(date +%s.%N)
  "$bin" --config "$work/specsmith.toml" generate "$spec" --out "$work/out" >"$work/log" 2>&1
  code=$?
  end=$(date +%s.%N)
  rm -rf "$work/out"
  [ "$code" = 0 ] && ok=$((ok + 1))
  why=""
  if [ "$code" != 0 ]; then
    why=$(grep -o 'error\[[a-z0-9-]*\]' "$work/log" | sort | uniq -c | sort -rn | head -3 | awk '{printf "%s %s; ", $2, $1}')
    [ -z "$why" ] && why=$(grep -m1 '^error' "$work/log")
  fi
  printf '%-60s exit %s %6.1fs %s\n' "${spec#"$corpus"/}" "$code" "$(echo "$end - $start" | bc)" "$why"
done < <("$root/scripts/corpus-specs.sh" "$corpus")
echo "$ok of $total specs generate with default settings"
[ "$ok" = "$total" ]
