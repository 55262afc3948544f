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
#                then import it and all its submodules with ROOT/python on sys.path;
#                with a pyproject.toml: pip wheel (pinned flit_core, offline), pip
#                install of the wheel into a throwaway venv, import from there, pip check,
#                and verify/python-usage/*.py written for this API (`# for: <title>`) through
#                mypy --strict and pyright against the installed package, then run
#   typescript   tsc --noEmit with a temporary strict tsconfig (ES2020, ESNext,
#                bundler resolution) over ROOT/typescript/**/*.ts; with a
#                package.json: tsc with its tsconfig.json, npm pack, npm install of
#                the tarball into a temporary project, tsc on a file importing it by
#                name, and node importing it
#   go           gofmt -l (must list nothing), go vet ./..., go build ./..., then
#                go build of a temporary module that requires the module path
#   kotlin       the generated pom.xml (else verify/kotlin/pom.xml) compiled by Maven
#                (offline), kotlinx-serialization plugin on, models and client;
#                a compiler warning in a .kt file fails the check
#   csharp       tree-sitter-c-sharp parse of every .cs file (syntax only: no .NET SDK),
#                and the .csproj is XML with PackageId, Version and Description
#   rust,        cargo build, then cargo clippy --all-targets -- -D warnings,
#   rust-server  with CARGO_TARGET_DIR=verify/.work/cargo-target (shared); rust also
#                cargo package --no-verify --allow-dirty --offline (publishable)
#
# VERIFY_VERBOSE=1 prints the commands and output of passing checks too.
#
# VERIFY_RESULTS=FILE appends a line per target to FILE: ROOT's folder name,
# the target, ok / FAILED / skipped and the seconds taken, tab-separated
# (scripts/results-table.py prints them as a table).
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
PYRIGHT="$VERIFY/pyright/node_modules/.bin/pyright"
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

[ -n "${VERIFY_RESULTS:-}" ] && VERIFY_RESULTS="$(realpath -m "$VERIFY_RESULTS")"
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
' "$ROOT/python" "${names[@]}" || return 1
  [ -f python/pyproject.toml ] || return 0
  check_python_package "${names[@]}"
}

# Builds the wheel as pip would (the pinned flit_core, no network), installs it
# into a throwaway venv whose dependencies come from the verify venv (a .pth
# file: pydantic, httpx), imports it from there and runs pip check.
check_python_package() {
  local venv="$TMP/py-venv" dist="$TMP/py-dist" site
  run "$VENV/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-index \
    --no-build-isolation --no-deps --wheel-dir "$dist" "$ROOT/python" || return 1
  run "$VENV/bin/python" -m venv "$venv" || return 1
  site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  "$venv/bin/python" -c 'import sys, sysconfig; open(sysconfig.get_paths()["purelib"] + "/_verify_deps.pth", "w").write(sys.argv[1] + "\n")' "$site" || return 1
  run "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps "$dist"/*.whl || return 1
  echo "+ python (installed): import ${*} and ${*/%/.client} from site-packages"
  (cd "$TMP" && PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -c '
import importlib, sys
for name in sys.argv[1:]:
    pkg = importlib.import_module(name)
    if "site-packages" not in (pkg.__file__ or ""):
        sys.exit(f"{name} was imported from {pkg.__file__}, not the installed wheel")
    importlib.import_module(name + ".client")
    print(f"installed {name} from {pkg.__file__}")
' "$@") || return 1
  run "$venv/bin/python" -m pip check --disable-pip-version-check || return 1
  # A usage file says which API it is for (`# for: <info.title>`) and the
  # package name it imports (`# package: NAME`, replaced by the one here).
  local name usage title
  for name in "$@"; do
    for usage in "$VERIFY"/python-usage/*.py; do
      [ -f "$usage" ] || continue
      title="$(sed -n '1s/^# for: //p' "$usage")"
      grep -qF "\"\"\"Models of $title (version" "python/$name/models.py" || continue
      check_python_usage "$venv" "$name" "$usage" || return 1
    done
  done
}

# verify/python-usage/*.py is what a user writes: mypy --strict and
# pyright (strict, an unneeded ignore is an error) check it against the
# installed package, then it runs (its asserts check the wire form).
check_python_usage() {
  local venv="$1" name="$2" usage="$3" dir="$TMP/py-usage-$2"
  [ -x "$PYRIGHT" ] || missing_tool "$PYRIGHT" || return 1
  # Its `# package: NAME` (line 2) is renamed to the package generated here.
  local written
  written="$(sed -n '2s/^# package: \([A-Za-z0-9_]*\).*/\1/p' "$usage")"
  mkdir -p "$dir" || return 1
  if [ -n "$written" ]; then
    sed "s/\b$written\b/$name/g" "$usage" > "$dir/usage.py"
  else
    cp "$usage" "$dir/usage.py"
  fi || return 1
  cat > "$dir/pyrightconfig.json" <<'JSON'
{"include": ["usage.py"], "typeCheckingMode": "strict", "pythonVersion": "3.10",
 "enableTypeIgnoreComments": false, "reportUnnecessaryTypeIgnoreComment": "error"}
JSON
  echo "+ cd <temporary folder with ${usage#"$REPO/"} as usage.py>"
  (
    cd "$dir" || exit 1
    run "$VENV/bin/mypy" --strict --no-color-output --cache-dir "$WORK/mypy-cache" \
      --python-executable "$venv/bin/python" usage.py || exit 1
    run "$PYRIGHT" --pythonpath "$venv/bin/python" --project pyrightconfig.json || exit 1
    PYTHONDONTWRITEBYTECODE=1 run "$venv/bin/python" usage.py && echo "usage.py ran"
  )
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
  run "$TSC" --project "$cfg" --pretty false || return 1
  [ -f typescript/package.json ] || return 0
  check_typescript_package
}

# Builds the package with its own tsconfig.json (the pinned tsc), packs it,
# installs the tarball into a temporary project and compiles a file there
# that imports it by name, then imports it with node.
check_typescript_package() {
  local pkg="$TMP/ts-pkg" app="$TMP/ts-app" name tarball
  cp -r "$ROOT/typescript" "$pkg" && rm -rf "$pkg/dist" "$pkg/node_modules" || return 1
  name="$(node -p 'require(process.argv[1]).name' "$pkg/package.json")" || return 1
  echo "+ cd typescript (a copy)"
  (cd "$pkg" && run "$TSC" --project tsconfig.json --pretty false) || return 1
  tarball="$(cd "$pkg" && npm pack --ignore-scripts --silent --pack-destination "$TMP")" || return 1
  echo "+ npm pack: $tarball"
  mkdir -p "$app" && printf '{"name": "verify-app", "private": true, "type": "module"}\n' > "$app/package.json"
  (cd "$app" && run npm install --offline --no-audit --no-fund --loglevel=error "$TMP/$tarball") || return 1
  cat > "$app/usage.ts" <<TS
import * as models from "$name";
import * as client from "$name/client";
import type * as again from "$name/models";

export type Models = typeof models;
export type Again = keyof typeof again;
export const clientExports: string[] = Object.keys(client);
TS
  cat > "$app/tsconfig.json" <<'JSON'
{"compilerOptions": {"target": "ES2020", "module": "NodeNext", "moduleResolution": "NodeNext",
 "strict": true, "noEmit": true, "types": []}, "include": ["usage.ts"]}
JSON
  echo "+ cd <temporary project>"
  (cd "$app" && run "$TSC" --project tsconfig.json --pretty false) || return 1
  (cd "$app" && run node --input-type=module -e "await import('$name'); const c = await import('$name/client'); console.log('imported $name: ' + Object.keys(c).length + ' client exports')")
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
  ) || return 1
  check_go_module
}

# A module of the user's that requires the generated module by its path (a
# replace points at the folder) and imports it.
check_go_module() {
  local app="$TMP/go-app" module
  module="$(awk '$1 == "module" { print $2; exit }' go/go.mod)"
  [ -n "$module" ] || { echo "go/go.mod names no module"; return 1; }
  mkdir -p "$app"
  printf 'module verify.example/app\n\ngo 1.24\n\nrequire %s v0.0.0\n\nreplace %s => %s\n' \
    "$module" "$module" "$ROOT/go" > "$app/go.mod"
  printf 'package main\n\nimport _ "%s"\n\nfunc main() {}\n' "$module" > "$app/main.go"
  echo "+ a module requiring $module"
  (cd "$app" && GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off GOPROXY=off run go build -o /dev/null .)
}

check_kotlin() {
  command -v mvn >/dev/null 2>&1 || missing_tool mvn || return 1
  [ -d "$M2_REPO" ] || missing_tool "$M2_REPO" || return 1
  # -quit, not `| grep -q .`: grep stops at the first line and find, killed by
  # SIGPIPE, fails the pipeline (pipefail) once the list outgrows a pipe buffer.
  [ -n "$(find kotlin -name '*.kt' -print -quit)" ] || { echo "kotlin/: no .kt files"; return 1; }
  # A build dir of its own per run: no stale classes from another tree.
  # C1-only JIT halves the time of this short-lived JVM (kotlinc runs in-process).
  # Maven's closing boilerplate ("[ERROR] -> [Help 1]", "Re-run Maven ...") is dropped.
  # The package's own pom.xml is built in a copy (Maven writes target/ beside it).
  local pom="$VERIFY/kotlin/pom.xml"
  if [ -f kotlin/pom.xml ]; then
    cp -r "$ROOT/kotlin" "$TMP/kotlin-pkg" || return 1
    pom="$TMP/kotlin-pkg/pom.xml"
  fi
  # Maven runs without -q so the compiler's warnings show; only the [ERROR]
  # and [WARNING] lines are kept, and a warning in a .kt file fails the check.
  local log="$TMP/kotlin-mvn.log"
  MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=1" \
  run mvn -o -B -Dstyle.color=never -f "$pom" -Dmaven.repo.local="$M2_REPO" \
    -Dsrc.dir="$ROOT/kotlin" -Dverify.build.dir="$TMP/kotlin-build" \
    -Dkotlin.compiler.incremental=false -Dkotlin.compiler.daemon=false compile >"$log" 2>&1
  local rc=$?
  grep -E '^\[(ERROR|WARNING)\]' "$log" \
    | { grep -v -E '^\[ERROR\] *($|-> \[Help|To see the full stack|Re-run Maven|For more information about the errors|\[Help 1\])' || true; }
  if [ "$rc" = 0 ] && grep -q -E '^\[WARNING\] .*\.kt[:( ]' "$log"; then
    echo "kotlin: the compiler warned (generated code must compile without warnings)"
    rc=1
  fi
  [ "$rc" = 0 ] && [ -d "$TMP/kotlin-pkg/target/classes" ] &&
    echo "compiled $(find "$TMP/kotlin-pkg/target/classes" -name '*.class' | wc -l) classes with kotlin/pom.xml"
  return "$rc"
}

check_csharp() {
  [ -x "$VENV/bin/python" ] || missing_tool "$VENV/bin/python" || return 1
  run "$VENV/bin/python" "$REPO/scripts/parse_csharp.py" csharp || return 1
  echo "+ csharp/*.csproj: XML with PackageId, Version, Description"
  "$VENV/bin/python" -c '
import glob, sys
import xml.etree.ElementTree as ET
projects = glob.glob("csharp/*.csproj")
if not projects:
    sys.exit("no .csproj")
for path in projects:
    root = ET.parse(path).getroot()
    for tag in ("PackageId", "Version", "Description"):
        if not (root.findtext(f"PropertyGroup/{tag}") or "").strip():
            sys.exit(f"{path}: no {tag}")
    print(path, root.findtext("PropertyGroup/PackageId"), root.findtext("PropertyGroup/Version"))
'
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
    run cargo clippy --quiet --all-targets -- -D warnings || exit 1
    # The models crate is a library to publish: it must pack.
    if [ "$dir" = rust ]; then
      run cargo package --quiet --no-verify --allow-dirty --offline || exit 1
      echo "packed: $(ls -t "$CARGO_TARGET_DIR"/package/*.crate | head -n 1 | sed "s|$WORK/||")"
    fi
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
    [ -n "${VERIFY_RESULTS:-}" ] && printf '%s\t%s\tskipped\t0\n' "$(basename "$ROOT")" "$t" >> "$VERIFY_RESULTS"
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
  [ -n "${VERIFY_RESULTS:-}" ] && printf '%s\t%s\t%s\t%s\n' "$(basename "$ROOT")" "$t" \
    "$([ $rc -eq 0 ] && echo ok || echo FAILED)" "$((SECONDS - start))" >> "$VERIFY_RESULTS"
  if [ $rc -eq 0 ]; then
    echo "verify $t: ok"
    [ "${VERIFY_VERBOSE:-0}" = 1 ] && sed 's/\x1b\[[0-9;]*m//g; s/^/    /' "$log"
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
