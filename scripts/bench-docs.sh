#!/usr/bin/env bash
# Measures how fast the HTML reference opens in headless Chromium:
#
#   scripts/bench-docs.sh [SPEC...]
#
# For each spec (default: the project spec, the kitchen sink, and the large
# specs of ../shared/corpus/large that are present) writes the reference with
# the docs target's default layout (`auto`) and, for comparison, as one page
# (`single`), loads it from file:// three times and prints a Markdown table of
# the median first contentful paint, load event, renderer process memory (RSS),
# JS heap and DOM nodes, for index.html and, when the reference is split, its
# largest page.
#
# Needs what scripts/browser-test.sh needs (node, chromium, verify/axe).
# A benchmark, not a test: it never fails on a figure.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
RUNS="${RUNS:-3}"
CORPUS="${CORPUS:-$REPO/../shared/corpus/large}"
if [ $# -gt 0 ]; then
  specs=("$@")
else
  specs=(specs/sandbox-lifecycle.yml tests/emit/kitchen-sink.yaml)
  for f in stripe-spec3.json github-api-v1.1.4-3.0.json; do
    [ -f "$CORPUS/$f" ] && specs+=("$CORPUS/$f")
  done
fi
cargo build --quiet --release --example reference_html
ref="$REPO/target/release/examples/reference_html"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "-")}'; }
measure() { # HTMLFILE → "fcp load rss heap nodes" (medians)
  local out="$work/runs" i
  : > "$out"
  for ((i = 0; i < RUNS; i++)); do
    node scripts/browser-test.mjs --measure "$1" >> "$out"
  done
  for key in fcp load rssMB heapMB nodes; do
    node -e 'const k=process.argv[1];for (const l of require("fs").readFileSync(0,"utf8").trim().split("\n")) console.log(JSON.parse(l)[k])' "$key" < "$out" | median
  done | paste -sd' '
}

echo "| spec | spec size | layout | page | page size | first paint (ms) | load (ms) | renderer memory (MB) | JS heap (MB) | DOM nodes |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for spec in "${specs[@]}"; do
  name="$(basename "$spec")"
  size="$(du -k "$spec" | cut -f1) KB"
  for layout in auto single; do
    dir="$work/$name-$layout"
    "$ref" "$spec" "$dir" "$layout"
    pages=(index.html)
    if [ -f "$dir/search-index.js" ]; then
      shown="split ($(ls "$dir"/*.html | wc -l) pages)"
      pages+=("$(ls -S "$dir"/*.html | grep -v '/index.html$' | head -1 | xargs basename)")
    else
      shown="single"
    fi
    [ "$layout" = auto ] && shown="auto: $shown"
    for page in "${pages[@]}"; do
      read -r fcp load rss heap nodes < <(measure "$dir/$page")
      psize="$(du -k "$dir/$page" | cut -f1) KB"
      echo "| $name | $size | $shown | $page | $psize | $fcp | $load | $rss | $heap | $nodes |"
    done
    # A small spec is one page either way: measure it once.
    if [ ! -f "$dir/search-index.js" ] && [ "$layout" = auto ]; then break; fi
  done
done
