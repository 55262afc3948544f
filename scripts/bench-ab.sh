#!/usr/bin/env bash
# Two specsmith binaries on one command, run alternately (A, B, A, B …) so
# that both meet the same machine: medians of RUNS runs each, their ratio,
# and the load average before and after.
#
#   scripts/bench-ab.sh OLD NEW RUNS specsmith-arguments…
#
# `@OUT@` in the arguments becomes a new output folder per run, under
# $AB_DIR (default: a temporary folder; /dev/shm keeps the disk out of the
# figures), deleted at the end. Each run starts in `/`, so relative paths in
# the arguments must be absolute.
#
#   scripts/bench-ab.sh ./old ./target/release/specsmith 11 \
#     generate "$PWD/../shared/corpus/large/stripe-spec3.json" --out @OUT@
set -euo pipefail

if [ $# -lt 4 ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
a=$(realpath "$1") b=$(realpath "$2") runs=$3
shift 3
base=$(mktemp -d "${AB_DIR:-${TMPDIR:-/tmp}}/specsmith-ab.XXXXXX")
trap 'rm -rf "$base"' EXIT

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "load average at start: $(loadavg)"
: > "$base/a.txt"
: > "$base/b.txt"
for i in $(seq "$runs"); do
  for side in a b; do
    bin=$a
    [ "$side" = b ] && bin=$b
    args=("${@//@OUT@/$base/out-$side-$i}")
    start=$(date +%s%N)
    (cd / && "$bin" "${args[@]}" >/dev/null 2>&1) || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))" >> "$base/$side.txt"
  done
done
ma=$(median < "$base/a.txt")
mb=$(median < "$base/b.txt")
echo "load average at end: $(loadavg)"
echo
echo "| binary | median of $runs (ms) | fastest | slowest |"
echo "|---|---:|---:|---:|"
for side in a b; do
  bin=$a
  [ "$side" = b ] && bin=$b
  printf '| %s | %s | %s | %s |\n' "$bin" "$(median < "$base/$side.txt")" \
    "$(sort -n "$base/$side.txt" | head -1)" "$(sort -n "$base/$side.txt" | tail -1)"
done
awk -v a="$ma" -v b="$mb" 'BEGIN { if (b > 0) printf "\nB takes %.2fx the time of A\n", b / a }'
