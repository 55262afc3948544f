#!/usr/bin/env bash
# Benchmark (not a test; CI does not run it): how fast the Go models that
# specsmith generates decode JSON, side by side with oapi-codegen's models of
# the same spec decoding the same bytes, in one `go test -bench` run.
#
#   scripts/bench-go-decode.sh [COUNT]        (default 5: go test -count)
#
# Specs: specs/sandbox-lifecycle.yml and, when ../shared/corpus is beside the
# checkout (SPECSMITH_CORPUS overrides it), large/stripe-spec3.json. Payloads:
# for each type in CASES below, the largest vector that `specsmith vectors`
# accepts for it. oapi-codegen is the version pinned in verify/go-bench/go.mod
# (a `tool` of that module), fetched by the go command; its output and
# specsmith's are generated into verify/.work/go-bench at every run, never
# committed. Prints the median ns/op, B/op and allocs/op of each side, the
# ratios, and the load average before and after.
#
# SPECSMITH=path/to/specsmith benchmarks another binary's models (an older
# commit's, for a before/after); PROFILE=1 also writes cpu.out and mem.out of
# the specsmith side into the work folder.
set -euo pipefail
count="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${SPECSMITH_CORPUS:-$root/../shared/corpus}/large"
command -v go >/dev/null 2>&1 || { echo "needs go" >&2; exit 2; }
if [ -z "${SPECSMITH:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
  SPECSMITH="$root/target/release/specsmith"
fi
work="$root/verify/.work/go-bench"
rm -rf "$work"
mkdir -p "$work/payloads"
cp "$root/verify/go-bench/go.mod" "$root/verify/go-bench/go.sum" "$root/verify/go-bench/bench_test.go" "$work/"

# spec key, spec file, types: the Go type name, which both generators give
# the same type, or `schema=GoName` when the spec names the schema otherwise
# (Stripe's `account` is `Account` in both).
CASES=("lifecycle $root/specs/sandbox-lifecycle.yml ListSandboxesResponse Sandbox")
if [ -f "$corpus/stripe-spec3.json" ]; then
  CASES+=("stripe $corpus/stripe-spec3.json account=Account invoice=Invoice source=Source")
else
  echo "note: $corpus/stripe-spec3.json is absent; lifecycle spec only" >&2
fi

cases="$work/cases_test.go"
rows="$work/cases.rows"
: >"$rows"
kept=()
for c in "${CASES[@]}"; do
  set -- $c
  key="$1" spec="$2"; shift 2
  echo "generating $key: specsmith, oapi-codegen" >&2
  "$SPECSMITH" generate "$spec" --target go --out "$work/gen-$key" >/dev/null 2>&1 \
    || { echo "specsmith generate failed on $spec" >&2; exit 2; }
  mkdir -p "$work/specsmith/$key" "$work/oapi/$key"
  # The models as a package of this module: its go.mod and README stay out;
  # the `wire` subpackage (uuid, date, uri) moves along, imported by its new path.
  cp "$work/gen-$key/go/"*.go "$work/specsmith/$key/"
  if [ -d "$work/gen-$key/go/wire" ]; then
    module="$(sed -n 's/^module //p' "$work/gen-$key/go/go.mod")"
    cp -r "$work/gen-$key/go/wire" "$work/specsmith/$key/wire"
    sed -i "s#\"$module/wire\"#\"specsmith.invalid/gobench/specsmith/$key/wire\"#" "$work/specsmith/$key/"*.go
  fi
  (cd "$work" && nice go tool oapi-codegen -generate types -package "$key" \
    -o "oapi/$key/types.go" "$spec") || { echo "oapi-codegen refused $spec" >&2; exit 2; }
  # A side whose output does not build cannot be compared: say so, go on.
  for side in specsmith oapi; do
    if ! (cd "$work" && nice go build "./$side/$key/" >"$side-$key.log" 2>&1); then
      echo "skipped $key: the $side models do not build ($(grep -m1 -v -e '^#' -e '^go: downloading' "$work/$side-$key.log"))" >&2
      rm -rf "$work/specsmith/$key" "$work/oapi/$key"
      continue 2
    fi
  done
  "$SPECSMITH" vectors "$spec" --out "$work/vectors-$key" >/dev/null 2>&1 \
    || { echo "specsmith vectors failed on $spec" >&2; exit 2; }
  python3 - "$work/vectors-$key/vectors.json" "$work/payloads" "$key" "$@" <<'PY' >>"$rows"
import json, sys
vectors, out, key, cases = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
# Vectors name the spec's schema; the Go code names the type.
go_name = dict(c.split("=", 1) if "=" in c else (c, c) for c in cases)
best = {}
for v in json.load(open(vectors))["vectors"]:
    t = go_name.get(v["type"])
    if v["accept"] and t:
        data = json.dumps(v["value"], separators=(",", ":")).encode()
        if len(data) > len(best.get(t, b"")):
            best[t] = data
for schema, t in go_name.items():
    if t not in best:
        sys.exit(f"no accepted vector for {schema}")
    name = f"{key}-{t}.json"
    open(f"{out}/{name}", "wb").write(best[t])
    print(f'\t{{"{key}/{t}", "{name}", decodeInto[ss{key}.{t}](), decodeInto[oc{key}.{t}]()}},')
PY
  kept+=("$key")
done
[ ${#kept[@]} -gt 0 ] || { echo "no spec left to compare" >&2; exit 2; }
{
  echo "package gobench"
  echo
  echo "import ("
  for key in "${kept[@]}"; do
    echo "	ss$key \"specsmith.invalid/gobench/specsmith/$key\""
    echo "	oc$key \"specsmith.invalid/gobench/oapi/$key\""
  done
  echo ")"
  echo
  echo "var cases = []decodeCase{"
  cat "$rows"
  echo "}"
} >"$cases"

cd "$work"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
nice go test -run TestDecodes -count 1 . >&2
nice go test -run '^$' -bench . -benchmem -count "$count" . | tee bench.txt >&2
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${PROFILE:-0}" = 1 ]; then
  nice go test -run '^$' -bench '/.*/.*/specsmith$' -benchmem -count 1 \
    -cpuprofile cpu.out -memprofile mem.out . >/dev/null
  echo "profiles: $work/cpu.out, $work/mem.out (go tool pprof -top gobench.test cpu.out)" >&2
fi

echo
echo "Go decode, median of $count (go test -bench -benchmem); load average before $load_before, after $load_after"
echo
python3 - bench.txt <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"BenchmarkDecode/(\S+)/(specsmith|oapi-codegen)-\d+\s+\d+\s+(.*)", line)
    if not m:
        continue
    fields = dict((unit, float(n)) for n, unit in re.findall(r"([\d.]+) (\S+)", m.group(3)))
    runs.setdefault(m.group(1), {}).setdefault(m.group(2), []).append(fields)
def med(case, side, unit):
    return statistics.median(r[unit] for r in runs[case][side])
print("| payload | bytes | specsmith ns/op | oapi-codegen ns/op | time ratio | specsmith B/op | oapi-codegen B/op | memory ratio | specsmith allocs/op | oapi-codegen allocs/op |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for case in runs:
    s = lambda u: med(case, "specsmith", u)
    o = lambda u: med(case, "oapi-codegen", u)
    size = s("ns/op") * s("MB/s") / 1000
    print(f"| {case} | {size:,.0f} | {s('ns/op'):,.0f} | {o('ns/op'):,.0f} | {s('ns/op') / o('ns/op'):.2f}x "
          f"| {s('B/op'):,.0f} | {o('B/op'):,.0f} | {s('B/op') / o('B/op'):.2f}x "
          f"| {s('allocs/op'):,.0f} | {o('allocs/op'):,.0f} |")
PY
