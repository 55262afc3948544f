#!/usr/bin/env bash
# Type-check / compile a generated tree with each language's real compiler.
#
#   scripts/verify-generated.sh ROOT [TARGET...]
#
# ROOT may hold any of python/ typescript/ go/ kotlin/ csharp/ rust/ rust-server/;
# missing ones are skipped (and said so). TARGET limits the run to those names.
# For each target it prints `verify <target>: ok` or `verify <target>: FAILED`
# followed by the commands run and the compiler output, then a summary line
# `verify: N passed, N failed, N skipped`. Exit status 1 if any check failed,
# 2 on bad usage or when ROOT holds none of the targets.
#
# Checks (toolchains from scripts/install-toolchains.sh, pinned in verify/):
#   python       mypy --strict on the package (the subfolder with __init__.py),
#                then import it and all its submodules with ROOT/python on sys.path
#   typescript   tsc --noEmit with a temporary strict tsconfig (ES2020, ESNext,
#                bundler resolution) over ROOT/typescript/**/*.ts
#   go           gofmt -l (must list nothing), go vet ./..., go build ./...
#   kotlin       kotlinc via Maven (offline), kotlinx-serialization plugin on;
#                warnings are fine, errors fail
#   csharp       tree-sitter-c-sharp parse of every .cs file (syntax only: no .NET SDK)
#   rust,        cargo build, then cargo clippy --all-targets -- -D warnings,
#   rust-server  with CARGO_TARGET_DIR=verify/.work/cargo-target (shared)
#
# VERIFY_CARGO_NO_BUILD="rust ..." runs only the clippy step (a full type check)
# for those targets: for a caller that builds the crate itself right after (the
# conformance driver's harness depends on it), so it is not compiled twice.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERIFY="$REPO/verify"
WORK="$VERIFY/.work"
VENV="$WORK/venv"
M2_REPO="${VERIFY_M2_REPO:-$WORK/m2}"
TSC="$VERIFY/typescript/node_modules/.bin/tsc"
ALL_TARGETS=(python typescript go kotlin csharp rust rust-server)

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then usage; [ $# -ge 1 ]; exit $((2 * $?)); fi
if [ ! -d "$1" ]; then echo "verify: ROOT '$1' is not a directory" >&2; exit 2; fi
ROOT="$(cd "$1" && pwd)"
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=("${ALL_TARGETS[@]}"); fi
for t in "${targets[@]}"; do
  case " ${ALL_TARGETS[*]} " in *" $t "*) ;; *) echo "verify: unknown target '$t' (known: ${ALL_TARGETS[*]})" >&2; exit 2 ;; esac
done

mkdir -p "$WORK/tmp"
TMP="$(mktemp -d "$WORK/tmp/run.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# Echo a command (relative to ROOT where possible), then run it.
run() { printf '+ %s\n' "$*" | sed "s|$ROOT/||g; s|$REPO/||g"; "$@"; }
missing_tool() { echo "$1 not found: run scripts/install-toolchains.sh"; return 1; }

check_python() {
  [ -x "$VENV/bin/mypy" ] || missing_tool "$VENV/bin/mypy" || return 1
  local pkgs=() d
  for d in python/*/; do
    [ -f "$d/__init__.py" ] && pkgs+=("${d%/}")
  done
  if [ ${#pkgs[@]} -eq 0 ]; then echo "python/: no package folder (a subfolder with __init__.py)"; return 1; fi
  [ ${#pkgs[@]} -gt 1 ] && echo "note: ${#pkgs[@]} packages: ${pkgs[*]}"
  run "$VENV/bin/mypy" --strict --no-color-output --cache-dir "$WORK/mypy-cache" "${pkgs[@]}" || return 1
  local names=("${pkgs[@]#python/}")
  echo "+ python: import ${names[*]} and every submodule, with python/ on sys.path"
  PYTHONDONTWRITEBYTECODE=1 "$VENV/bin/python" -c '
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
for name in sys.argv[2:]:
    pkg = importlib.import_module(name)
    for info in pkgutil.walk_packages(pkg.__path__, name + "."):
        importlib.import_module(info.name)
' "$ROOT/python" "${names[@]}"
}

check_typescript() {
  [ -x "$TSC" ] || missing_tool "$TSC" || return 1
  local cfg="$TMP/tsconfig.json"
  node -e '
const [cfg, root] = process.argv.slice(1);
require("fs").writeFileSync(cfg, JSON.stringify({
  compilerOptions: {
    target: "ES2020", module: "ESNext", moduleResolution: "bundler",
    strict: true, noEmit: true, skipLibCheck: true, types: [],
    forceConsistentCasingInFileNames: true,
  },
  include: [root + "/typescript/**/*.ts"],
}, null, 2));
' "$cfg" "$ROOT" || return 1
  run "$TSC" --project "$cfg" --pretty false
}

check_go() {
  command -v go >/dev/null 2>&1 || missing_tool go || return 1
  [ -f go/go.mod ] || { echo "go/go.mod is missing"; return 1; }
  (
    cd go || exit 1
    export GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off
    echo "+ cd go"
    local unformatted
    unformatted="$(gofmt -l .)" || exit 1
    if [ -n "$unformatted" ]; then
      echo "+ gofmt -l . (must list nothing)"
      echo "$unformatted"
      gofmt -d . | head -n 60
      exit 1
    fi
    run go vet ./... && run go build ./...
  )
}

check_kotlin() {
  command -v mvn >/dev/null 2>&1 || missing_tool mvn || return 1
  [ -d "$M2_REPO" ] || missing_tool "$M2_REPO" || return 1
  find kotlin -name '*.kt' | grep -q . || { echo "kotlin/: no .kt files"; return 1; }
  # A build dir of its own per run: no stale classes from another tree.
  # C1-only JIT halves the time of this short-lived JVM (kotlinc runs in-process).
  # Maven's closing boilerplate ("[ERROR] -> [Help 1]", "Re-run Maven ...") is dropped.
  MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=1" \
  run mvn -o -q -B -Dstyle.color=never -f "$VERIFY/kotlin/pom.xml" -Dmaven.repo.local="$M2_REPO" \
    -Dsrc.dir="$ROOT/kotlin" -Dverify.build.dir="$TMP/kotlin-build" compile \
    | { grep -v -E '^\[ERROR\] *($|-> \[Help|To see the full stack|Re-run Maven|For more information about the errors|\[Help 1\])' || true; }
}

check_csharp() {
  [ -x "$VENV/bin/python" ] || missing_tool "$VENV/bin/python" || return 1
  run "$VENV/bin/python" "$REPO/scripts/parse_csharp.py" csharp
}

check_cargo() {
  local dir="$1" had_lock=0 rc=0
  command -v cargo >/dev/null 2>&1 || missing_tool cargo || return 1
  [ -f "$dir/Cargo.toml" ] || { echo "$dir/Cargo.toml is missing"; return 1; }
  [ -f "$dir/Cargo.lock" ] && had_lock=1
  (
    cd "$dir" || exit 1
    echo "+ cd $dir"
    export CARGO_TARGET_DIR="$WORK/cargo-target" CARGO_TERM_COLOR=never
    case " ${VERIFY_CARGO_NO_BUILD:-} " in
      *" $dir "*) echo "+ (no cargo build: the caller builds $dir itself)" ;;
      *) run cargo build --quiet || exit 1 ;;
    esac
    run cargo clippy --quiet --all-targets -- -D warnings
  ) || rc=1
  # Leave the generated tree as it was: drop a Cargo.lock that cargo wrote.
  [ "$had_lock" = 1 ] || rm -f "$dir/Cargo.lock"
  return $rc
}

passed=0 failed=0 skipped=0
failed_names=() timings=()
start_all=$SECONDS
cd "$ROOT" || exit 2
for t in "${targets[@]}"; do
  if [ ! -d "$ROOT/$t" ]; then
    echo "verify $t: skipped (no $t/ in $ROOT)"
    skipped=$((skipped + 1))
    continue
  fi
  log="$TMP/$t.log"
  start=$SECONDS
  case "$t" in
    rust|rust-server) check_cargo "$t" >"$log" 2>&1 ;;
    *) "check_$t" >"$log" 2>&1 ;;
  esac
  rc=$?
  timings+=("$t=$((SECONDS - start))s")
  if [ $rc -eq 0 ]; then
    echo "verify $t: ok"
    passed=$((passed + 1))
  else
    echo "verify $t: FAILED"
    sed 's/\x1b\[[0-9;]*m//g; s/^/    /' "$log"
    failed=$((failed + 1))
    failed_names+=("$t")
  fi
done

echo "verify timings: ${timings[*]:-none} total=$((SECONDS - start_all))s"
if [ $((passed + failed)) -eq 0 ]; then
  echo "verify: nothing to check in $ROOT (none of: ${targets[*]})" >&2
  exit 2
fi
echo "verify: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ] || { echo "verify failed: ${failed_names[*]}" >&2; exit 1; }
