#!/usr/bin/env bash
# Generation benchmark: specsmith on the lifecycle spec, on Stripe (every
# target, each Rust target alone, --check on an up-to-date tree) and on the
# synthetic 5,000 and 20,000 schema specs (scripts/synthetic-spec.py), side
# by side with openapi-typescript (and openapi-generator's python models)
# on the same Stripe file when installed, in the same run. Prints a
# Markdown table of medians over RUNS runs, the peak RSS of the largest
# run, and the load average before and after.
#
# Every run writes into a new empty folder (@OUT@ in a command). On a disk
# the folders are deleted only at the end: ext4 scans recently deleted
# inodes when it allocates new ones, so creating 9,400 files within ~30 s
# of deleting 9,400 others takes seconds longer, which is the disk, not the
# generator. In a tmpfs each is deleted as soon as its run is measured.
# Set SPECSMITH_TIMINGS=1 to see where one run spends its time.
# BENCH_DIR=/dev/shm/specsmith-bench (any folder, here a tmpfs) puts those
# folders there instead of under verify/.work/bench: the rows then leave
# the disk out, and the two "floor" rows show what the machine itself takes
# to create the files and to fault in the memory.
#
# BEFORE=path/to/an/older/specsmith adds its rows (marked "before") next to
# this checkout's, for before/after figures under the same load.
# SYNTHETIC=0 leaves out the synthetic rows (the 20,000 one takes longest).
# CRATES=0 leaves out the build of the generated Rust crates: `cargo build`
# (debug, as a user's first build) of Stripe's `rust` and `rust-server`
# crates, once each into a new target folder (cold), dependencies fetched
# beforehand and not timed; a few minutes per crate on 2 cores.
# ROWS=check measures only `generate --check` on up-to-date trees (Stripe and
# the lifecycle spec, every target), with BEFORE's rows beside them when
# given; both binaries run from / there, so neither reads this checkout's
# specsmith.toml. ROWS=crates measures only the generated crates' builds.
#   usage: scripts/bench-generate.sh [RUNS]   (needs ../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
STRIPE=${SPECSMITH_CORPUS:-../shared/corpus}/large/stripe-spec3.json
[ -f "$STRIPE" ] || { echo "skipped: $STRIPE not found"; exit 0; }
WORK=${BENCH_DIR:-verify/.work/bench}
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
STRIPE=$(realpath "$STRIPE")
# The peer generators come from `scripts/install-toolchains.sh --bench`
# (pinned): openapi-typescript in verify/bench/node_modules and the
# openapi-generator CLI jar in verify/.work/bench-tools. Without them their
# rows are left out, and the table says so.
OPENAPI_TS_BIN=""
[ -x verify/bench/node_modules/.bin/openapi-typescript ] && OPENAPI_TS_BIN=$(realpath verify/bench/node_modules/.bin/openapi-typescript)
OPENAPI_GENERATOR_JAR=""
for j in verify/.work/bench-tools/openapi-generator-cli-*.jar; do
  [ -f "$j" ] && OPENAPI_GENERATOR_JAR=$(realpath "$j")
done
# BIN=path/to/specsmith measures that binary instead of building this
# checkout with the `dist` profile (the build `cargo install` is told to
# make in the README; a few minutes).
if [ -z "${BIN:-}" ]; then
  cargo build --profile dist --quiet
  BIN=target/dist/specsmith
fi
BEFORE=${BEFORE:-}
if [ -n "$BEFORE" ]; then
  [ -x "$BEFORE" ] || { echo "BEFORE=$BEFORE is not an executable"; exit 2; }
  BEFORE=$(realpath "$BEFORE")
fi

rm -rf "$WORK/runs"
mkdir -p "$WORK/runs"
# In a tmpfs there is no disk to spare, and what is kept is memory: every
# run's folder is deleted once it is measured. Keeping them made the later
# rows slower (a 20,000-schema tree alone is 0.9 GB; by hand, that row took
# 5.8 to 6.1 s with the earlier trees kept against 5.2 to 5.8 s with each
# deleted before the next run: docs/benchmarks.md).
IN_MEMORY=0
[ "$(stat -f -c %T "$WORK/runs")" = tmpfs ] && IN_MEMORY=1
trap 'rm -rf "$WORK/runs"' EXIT
SEQ=0

# run_once TIMES PEAK CMD...: one run of CMD, @OUT@ in it a new empty folder;
# its wall time is appended to the array named TIMES and its peak RSS (KB)
# raises the variable named PEAK.
run_once() {
  local -n times_=$1 peak_=$2
  shift 2
  SEQ=$((SEQ + 1))
  local out="$WORK/runs/$SEQ" cmd=() t m
  mkdir -p "$out"
  for a in "$@"; do cmd+=("${a//@OUT@/$out}"); done
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "${cmd[@]}" >/dev/null 2>"$WORK/stderr.txt" || { tail -5 "$WORK/stderr.txt"; return 1; }
  read -r t m < "$WORK/time.txt"
  [ "$IN_MEMORY" = 1 ] && rm -rf "$out"
  times_+=("$t")
  [ "$m" -gt "$peak_" ] && peak_=$m
  return 0
}
# median: the median of the numbers on stdin, one a line.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# row NAME TIMES PEAK: prints "| NAME | median s | peak MB |".
row() {
  local name=$1 median
  local -n times_=$2
  median=$(printf '%s\n' "${times_[@]}" | median)
  PEAK_MB[$name]=$(printf '%.0f' "$(echo "$3/1024" | bc -l)")
  printf '| %s | %s | %s |\n' "$name" "$median" "${PEAK_MB[$name]}"
  MEDIAN[$name]=$median
}
# measure NAME CMD...: RUNS runs of CMD, as a row.
measure() {
  local name=$1; shift
  local times=() peak=0
  for _ in $(seq "$RUNS"); do
    run_once times peak "$@" || { echo "$name failed"; return 1; }
  done
  row "$name" times "$peak"
}
declare -A MEDIAN PEAK_MB

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average at start: $(loadavg)"
echo
echo "| command ($RUNS runs) | median wall s | peak RSS MB |"
echo "|---|---:|---:|"
SDK6=(--target python --target typescript --target go --target kotlin --target csharp --target rust)
# both NAME ARGS...: the row for this checkout, and for BEFORE when given
# (run outside the checkout: an older binary may not read its specsmith.toml).
# With BEFORE, the two binaries take turns run by run (this one, BEFORE, this
# one …), so that both meet the same disk and load: on a machine where they
# drift within a minute, all of one binary's runs and then all of the
# other's compare the minutes, not the binaries.
both() {
  local name=$1; shift
  if [ -z "$BEFORE" ]; then
    measure "$name" $BIN "$@"
    return
  fi
  local now=() before=() peak_now=0 peak_before=0
  for _ in $(seq "$RUNS"); do
    run_once now peak_now $BIN "$@" || { echo "$name failed"; return 1; }
    run_once before peak_before env -C / "$BEFORE" "$@" || { echo "$name (before) failed"; return 1; }
  done
  row "$name" now "$peak_now"
  row "$name (before)" before "$peak_before"
}
# check_rows NAME SPEC: `generate --check` on a tree the same binary just
# generated, for this checkout's binary and BEFORE's.
check_rows() {
  local name=$1 spec=$2 bin label
  for bin in "$BIN" ${BEFORE:+"$BEFORE"}; do
    label=""; [ "$bin" = "$BEFORE" ] && label=" (before)"
    SEQ=$((SEQ + 1))
    env -C / "$bin" generate "$spec" --out "$WORK/runs/tree-$SEQ" >/dev/null 2>&1
    measure "specsmith generate --check, every target, $name (tree up to date)$label" env -C / "$bin" generate "$spec" --out "$WORK/runs/tree-$SEQ" --check
  done
}
# crate_row TARGET BIN LABEL: generate Stripe's TARGET crate with BIN, then
# one cold `cargo build` of it.
crate_row() {
  local target=$1 bin=$2 label=$3
  SEQ=$((SEQ + 1))
  local out="$WORK/runs/crate-$SEQ"
  env -C / "$bin" generate "$STRIPE" --target "$target" --out "$out" >/dev/null 2>&1
  (cd "$out/$target" && cargo fetch --quiet) || { echo "| cargo fetch failed for $target$label | | |"; return 0; }
  if CARGO_TARGET_DIR="$out/target" /usr/bin/time -f "%e %M" -o "$WORK/time.txt" \
    cargo build --quiet --manifest-path "$out/$target/Cargo.toml" >/dev/null 2>"$WORK/stderr.txt"; then
    read -r t m < "$WORK/time.txt"
    printf '| cargo build (cold, debug) of the generated %s crate, stripe (1 run)%s | %s | %.0f |\n' "$target" "$label" "$t" "$(echo "$m/1024" | bc -l)"
  else
    echo "| cargo build of the generated $target crate failed$label: $(tail -1 "$WORK/stderr.txt") | | |"
  fi
  rm -rf "$out/target"
}
crate_rows() {
  local target
  for target in rust rust-server; do
    crate_row "$target" "$(realpath "$BIN")" ""
    if [ -n "$BEFORE" ]; then crate_row "$target" "$BEFORE" " (before)"; fi
  done
}
if [ "${ROWS:-all}" = crates ]; then
  crate_rows
  echo
  echo "load average at end: $(loadavg)"
  exit 0
fi
if [ "${ROWS:-all}" = check ]; then
  BIN=$(realpath "$BIN")
  check_rows "stripe" "$STRIPE"
  check_rows "lifecycle spec" "$(realpath specs/sandbox-lifecycle.yml)"
  echo
  echo "load average at end: $(loadavg)"
  exit 0
fi
measure "specsmith generate, six SDK targets, lifecycle spec" $BIN generate specs/sandbox-lifecycle.yml "${SDK6[@]}" --out @OUT@
measure "specsmith generate, every target, lifecycle spec" $BIN generate specs/sandbox-lifecycle.yml --out @OUT@
both "specsmith generate, every target, stripe-spec3.json" generate "$STRIPE" --out @OUT@
both "specsmith generate --target rust-server, stripe" generate "$STRIPE" --target rust-server --out @OUT@
both "specsmith generate --target rust, stripe" generate "$STRIPE" --target rust --out @OUT@
both "specsmith generate --target typescript, stripe" generate "$STRIPE" --target typescript --out @OUT@
both "specsmith generate --target python, stripe" generate "$STRIPE" --target python --out @OUT@
# CI's job: compare with a checked-in tree, writing nothing; and `make
# generate` when nothing changed.
$BIN generate "$STRIPE" --out "$WORK/runs/current" >/dev/null 2>&1
measure "specsmith generate --check, every target, stripe (tree up to date)" $BIN generate "$STRIPE" --out "$WORK/runs/current" --check
measure "specsmith generate, every target, stripe (tree up to date)" $BIN generate "$STRIPE" --out "$WORK/runs/current"
# What the machine itself takes for the every-target run's two largest
# costs outside specsmith's code, as floors for the rows above: creating the
# tree's files (`cp -r` of the tree just written into a new folder) and
# touching as much fresh memory as the run's peak RSS (each 4 KiB page is
# faulted in and zeroed by the kernel on first write: CPU time, shared by
# the cores in a run, all of it on one here).
FILES=$(find "$WORK/runs/current" -type f | wc -l)
TREE_MB=$(du -sm "$WORK/runs/current" | cut -f1)
measure "floor: cp -r of that tree ($FILES files, $TREE_MB MB) into a new folder" cp -r "$WORK/runs/current" @OUT@/copy
PEAK=${PEAK_MB["specsmith generate, every target, stripe-spec3.json"]:-}
if [ -n "$PEAK" ]; then
  touch_s=()
  for _ in $(seq "$RUNS"); do
    touch_s+=("$(python3 -c '
import mmap, sys, time
n = int(sys.argv[1]) << 20
m = mmap.mmap(-1, n)
t = time.perf_counter()
for i in range(0, n, 4096):
    m[i] = 1
print(f"{time.perf_counter() - t:.2f}")' "$PEAK")")
  done
  printf '| floor: first write to %s MB of fresh memory, one core (the every-target peak RSS) | %s | |\n' "$PEAK" \
    "$(printf '%s\n' "${touch_s[@]}" | median)"
fi
if [ -n "$BEFORE" ]; then
  rm -rf "$WORK/runs/current-before"
  env -C / "$BEFORE" generate "$STRIPE" --out "$WORK/runs/current-before" >/dev/null 2>&1
  measure "specsmith generate --check, every target, stripe (tree up to date) (before)" env -C / "$BEFORE" generate "$STRIPE" --out "$WORK/runs/current-before" --check
fi
if [ -n "$OPENAPI_TS_BIN" ]; then
  measure "openapi-typescript $(node "$OPENAPI_TS_BIN" --version 2>/dev/null | tr -d '\n'), stripe" node "$OPENAPI_TS_BIN" "$STRIPE" -o @OUT@/schema.ts
  peer=${MEDIAN["openapi-typescript $(node "$OPENAPI_TS_BIN" --version 2>/dev/null | tr -d '\n'), stripe"]}
  for row in "specsmith generate, every target, stripe-spec3.json" "specsmith generate --target typescript, stripe"; do
    printf '| ratio: openapi-typescript / %s | %.1fx | |\n' "$row" "$(echo "$peer / ${MEDIAN[$row]}" | bc -l)"
  done
else
  echo "| openapi-typescript: not installed (scripts/install-toolchains.sh --bench), skipped | | |"
fi
if [ -n "$OPENAPI_GENERATOR_JAR" ]; then
  measure "openapi-generator $(basename "$OPENAPI_GENERATOR_JAR" .jar | sed 's/.*-//') -g python (models only), stripe" java -jar "$OPENAPI_GENERATOR_JAR" generate -g python -i "$STRIPE" -o @OUT@ --global-property models,modelDocs=false,modelTests=false --skip-validate-spec
else
  echo "| openapi-generator: not installed (scripts/install-toolchains.sh --bench), skipped | | |"
fi
if [ "${SYNTHETIC:-1}" != 0 ]; then
  for n in 5000 20000; do
    python3 scripts/synthetic-spec.py "$n" > "$WORK/synthetic-$n.json"
    both "specsmith generate, every target, synthetic $n schemas" generate "$WORK/synthetic-$n.json" --out @OUT@
  done
fi
if [ "${CRATES:-1}" != 0 ]; then
  crate_rows
fi
echo
echo "load average at end: $(loadavg)"
