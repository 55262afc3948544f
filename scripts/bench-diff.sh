#!/usr/bin/env bash
# Benchmark (not a test): `specsmith diff` against oasdiff on the same pair of
# large specs, in the same run. Wall time and peak memory come from
# /usr/bin/time -v; the table shows the median of RUNS runs of each.
#
#   scripts/bench-diff.sh [RUNS]        (default 5)
#
# Needs ../shared/corpus/large/stripe-spec3.{json,yaml} (SPECSMITH_CORPUS overrides
# ../shared/corpus); installs the pinned oasdiff into .tools/bin (gitignored) with
# scripts/install-oasdiff.sh.
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${SPECSMITH_CORPUS:-$root/../shared/corpus}/large"
base="$corpus/stripe-spec3.json"
head="$corpus/stripe-spec3.yaml"
if [ ! -f "$base" ] || [ ! -f "$head" ]; then
  echo "skipped: $corpus is absent" >&2
  exit 0
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
"$root/scripts/install-oasdiff.sh"
oasdiff="$root/.tools/bin/oasdiff"
(cd "$root" && cargo build --release --quiet)
specsmith="$root/target/release/specsmith"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# measure NAME CMD...: appends "seconds kilobytes" per run to $tmp/NAME
measure() {
  local name="$1"; shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" >/dev/null 2>"$tmp/err" || true
    local wall rss
    wall="$(grep 'Elapsed (wall clock)' "$tmp/err" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')"
    rss="$(grep 'Maximum resident set size' "$tmp/err" | awk '{print $NF}')"
    echo "$wall $rss" >> "$tmp/$name"
  done
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure specsmith "$specsmith" diff "$base" "$head" --format json --fail-on never
measure oasdiff-breaking "$oasdiff" breaking "$base" "$head" --format json
measure oasdiff-changelog "$oasdiff" changelog "$base" "$head" --format json

echo "stripe-spec3.json (2022) -> stripe-spec3.yaml (2023), median of $runs runs"
printf '%-20s %10s %14s %10s\n' tool "wall (s)" "peak RSS (MB)" findings
count_specsmith="$("$specsmith" diff "$base" "$head" --format json --fail-on never | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')"
count_breaking="$("$oasdiff" breaking "$base" "$head" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d or []))')"
count_changelog="$("$oasdiff" changelog "$base" "$head" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d or []))')"
for name in specsmith oasdiff-breaking oasdiff-changelog; do
  wall="$(awk '{print $1}' "$tmp/$name" | median)"
  rss="$(awk '{print $2}' "$tmp/$name" | median)"
  case "$name" in
    specsmith) n="$count_specsmith" ;;
    oasdiff-breaking) n="$count_breaking" ;;
    *) n="$count_changelog" ;;
  esac
  printf '%-20s %10.2f %14.1f %10s\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)" "$n"
done
echo "specsmith $("$specsmith" --version | awk "{print \$2}") (release build), oasdiff $(grep -m1 "^VERSION=" "$root/scripts/install-oasdiff.sh" | cut -d= -f2)"
