#!/usr/bin/env bash
# Runs `specsmith diff` and oasdiff side by side on oasdiff's own breaking-change
# test pairs (data/checker/*_base.yaml + *_revision.yaml of the pinned oasdiff
# module, read from the Go module cache; nothing is copied into this repo) and
# prints how often the two verdicts agree, then every pair where they differ.
#
#   scripts/oasdiff-cases.sh            # summary table + disagreements
#
# Verdicts: specsmith exit code under the default profile (0 ok, 1 breaking,
# 2 refused to judge), with --no-version-check because the pairs never bump
# info.version; oasdiff `breaking --fail-on ERR` (0 ok, 1 breaking).
# A disagreement is not automatically specsmith's error: docs/compat.md says
# where the two tools differ by design.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^VERSION=//p' "$root/scripts/install-oasdiff.sh")"
bash "$root/scripts/install-oasdiff.sh"
oasdiff="$root/.tools/bin/oasdiff"
(cd "$root" && cargo build --release --quiet)
specsmith="$root/target/release/specsmith"
dir="$(cd "$root" && go mod download -json "github.com/oasdiff/oasdiff@$version" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
data="$dir/data/checker"
[ -d "$data" ] || { echo "oasdiff-cases: no $data" >&2; exit 2; }

rows=()
for base in "$data"/*_base.yaml; do
  name="$(basename "$base" _base.yaml)"
  rev="$data/${name}_revision.yaml"
  [ -f "$rev" ] || continue
  s=0; "$specsmith" diff "$base" "$rev" --no-version-check >/dev/null 2>&1 || s=$?
  o=0; "$oasdiff" breaking "$base" "$rev" --fail-on ERR >/dev/null 2>&1 || o=$?
  rows+=("$name $s $o")
done

printf '%s\n' "${rows[@]}" | awk -v v="$version" '
  { n++; k = $2 "/" $3; c[k]++ }
  END {
    printf "oasdiff %s checker pairs: %d\n\n", v, n
    print "| specsmith | oasdiff ok | oasdiff breaking |"
    print "|---|---:|---:|"
    printf "| ok (0) | %d | %d |\n", c["0/0"], c["0/1"]
    printf "| breaking (1) | %d | %d |\n", c["1/0"], c["1/1"]
    printf "| refused (2) | %d | %d |\n", c["2/0"], c["2/1"]
  }'
echo
echo "disagreements (specsmith/oasdiff):"
printf '%s\n' "${rows[@]}" | awk '{ if (($2 != $3)) printf "  %s %s/%s\n", $1, $2, $3 }'
