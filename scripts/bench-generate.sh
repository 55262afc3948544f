#!/usr/bin/env bash
# Generation benchmark: specsmith (all targets) on the lifecycle spec and on
# Stripe, side by side with openapi-typescript and openapi-generator (python
# models) on the same Stripe file, in the same run. Prints a Markdown table of
# medians over RUNS runs and the peak RSS of the largest run.
#
# Every run writes into a new empty folder (@OUT@ in a command), and the
# folders are deleted only at the end: ext4 scans recently deleted inodes
# when it allocates new ones, so creating 9,400 files within ~30 s of
# deleting 9,400 others takes seconds longer, which is the disk, not the
# generator. Set SPECSMITH_TIMINGS=1 to see where one run spends its time.
#   usage: scripts/bench-generate.sh [RUNS]   (needs ../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
STRIPE=../shared/corpus/large/stripe-spec3.json
[ -f "$STRIPE" ] || { echo "skipped: $STRIPE not found"; exit 0; }
WORK=verify/.work/bench
mkdir -p "$WORK"
OPENAPI_TS=7.13.0
OPENAPI_GENERATOR=7.26.0
if [ ! -x "$WORK/node_modules/.bin/openapi-typescript" ]; then
  (cd "$WORK"
   [ -f package.json ] || echo '{"private":true}' > package.json
   npm install --silent --no-audit --no-fund "openapi-typescript@$OPENAPI_TS" >/dev/null)
fi
if [ ! -x "$WORK/venv/bin/openapi-generator-cli" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q "openapi-generator-cli==$OPENAPI_GENERATOR"
fi
cargo build --release --quiet
BIN=target/release/specsmith

rm -rf "$WORK/runs"
mkdir -p "$WORK/runs"
trap 'rm -rf "$WORK/runs"' EXIT
SEQ=0

# measure NAME CMD...: prints "NAME|median s|peak MB". @OUT@ in CMD becomes
# a new empty folder for every run.
measure() {
  local name=$1; shift
  local times=() peak=0
  for _ in $(seq "$RUNS"); do
    SEQ=$((SEQ + 1))
    local out="$WORK/runs/$SEQ" cmd=()
    mkdir -p "$out"
    for a in "$@"; do cmd+=("${a//@OUT@/$out}"); done
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "${cmd[@]}" >/dev/null 2>"$WORK/stderr.txt" || { echo "$name failed:"; tail -5 "$WORK/stderr.txt"; return 1; }
    read -r t m < "$WORK/time.txt"
    times+=("$t"); [ "$m" -gt "$peak" ] && peak=$m
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %s | %s | %.0f |\n' "$name" "$median" "$(echo "$peak/1024" | bc -l)"
}

echo "| command ($RUNS runs) | median wall s | peak RSS MB |"
echo "|---|---:|---:|"
SDK6=(--target python --target typescript --target go --target kotlin --target csharp --target rust)
measure "specsmith generate, six SDK targets, lifecycle spec" $BIN generate specs/sandbox-lifecycle.yml "${SDK6[@]}" --out @OUT@
measure "specsmith generate, every target, lifecycle spec" $BIN generate specs/sandbox-lifecycle.yml --out @OUT@
measure "specsmith generate, six SDK targets, stripe-spec3.json" $BIN generate "$STRIPE" "${SDK6[@]}" --out @OUT@
measure "specsmith generate, every target, stripe-spec3.json" $BIN generate "$STRIPE" --out @OUT@
# CI's job: compare with a checked-in tree, writing nothing; and `make
# generate` when nothing changed.
$BIN generate "$STRIPE" "${SDK6[@]}" --out "$WORK/runs/current" >/dev/null 2>&1
measure "specsmith generate --check, six SDK targets, stripe (tree up to date)" $BIN generate "$STRIPE" "${SDK6[@]}" --out "$WORK/runs/current" --check
measure "specsmith generate, six SDK targets, stripe (tree up to date)" $BIN generate "$STRIPE" "${SDK6[@]}" --out "$WORK/runs/current"
measure "specsmith generate --target typescript, stripe" $BIN generate "$STRIPE" --target typescript --out @OUT@
measure "specsmith generate --target python, stripe" $BIN generate "$STRIPE" --target python --out @OUT@
measure "openapi-typescript $OPENAPI_TS, stripe" node "$WORK/node_modules/.bin/openapi-typescript" "$STRIPE" -o @OUT@/schema.ts
measure "openapi-generator $OPENAPI_GENERATOR -g python (models only), stripe" "$WORK/venv/bin/openapi-generator-cli" generate -g python -i "$STRIPE" -o @OUT@ --global-property models,modelDocs=false,modelTests=false --skip-validate-spec
