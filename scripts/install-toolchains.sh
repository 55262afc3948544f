#!/usr/bin/env bash
# Install the pinned toolchains that scripts/verify-generated.sh uses, and the
# cargo-insta that `make test` uses.
#
#   scripts/install-toolchains.sh [--chromium | --chromium-only | --test-only | --fuzz | --bench] [--force]
#
# Everything lands in verify/.work/ (git-ignored), except:
#   - verify/typescript/node_modules, verify/pyright/node_modules and
#     verify/axe/node_modules (npm ci of the
#     committed package-lock.json; node_modules/ is git-ignored),
#   - the user-level download caches of pip, npm and cargo (~/.cache/pip, ~/.npm,
#     ~/.cargo/registry), and chromium from apt when asked for.
#
# Pins: verify/requirements.txt (pydantic, mypy, tree-sitter, tree-sitter-c-sharp, flit_core),
#       verify/typescript/package-lock.json (typescript),
#       verify/pyright/package-lock.json (pyright),
#       verify/kotlin/pom.xml (Kotlin, kotlinx-serialization, kotlinx-coroutines),
#       verify/chromium.version (Debian's chromium package; CHROMIUM_VERSION overrides),
#       verify/axe/package-lock.json (axe-core, installed with chromium),
#       Cargo.lock (cargo-insta, at the version of the insta crate the tests use;
#       into verify/.work/tools/bin, `cargo install --locked`).
# Go uses only the standard library and Rust uses cargo: nothing to install.
#
# Each toolchain has a stamp in verify/.work/stamps holding a hash of its pin
# file and tool versions, so a second run only checks and takes seconds.
# --force ignores the stamps. Chromium (for the docs browser test) is installed
# with apt only when INSTALL_CHROMIUM=1 or with --chromium (after the rest), or
# alone with --chromium-only; an installed chromium at the pinned version is kept.
# --test-only installs cargo-insta alone: all that `make test` needs.
# --fuzz installs cargo-fuzz alone (pinned below, into verify/.work/tools/bin)
# and the nightly toolchain it needs, for the fuzz target (docs/reliability.md);
# neither CI nor `make verify` runs it.
# --bench installs alone the peer generators scripts/bench-generate.sh runs
# beside specsmith: openapi-typescript (npm ci of verify/bench) and the
# openapi-generator CLI jar from Maven Central (version and SHA-256 pinned
# below, into verify/.work/bench-tools); neither CI nor `make verify` needs them.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERIFY="$REPO/verify"
WORK="$VERIFY/.work"
STAMPS="$WORK/stamps"
VENV="$WORK/venv"
M2_REPO="${VERIFY_M2_REPO:-$WORK/m2}"
PYTHON="${PYTHON:-python3}"

force=0
chromium=0
chromium_only=0
test_only=0
fuzz=0
bench=0
[ "${INSTALL_CHROMIUM:-0}" = 1 ] && chromium=1
for arg in "$@"; do
  case "$arg" in
    --chromium) chromium=1 ;;
    --chromium-only) chromium_only=1 ;;
    --test-only) test_only=1 ;;
    --fuzz) fuzz=1 ;;
    --bench) bench=1 ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-toolchains: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

mkdir -p "$STAMPS"

log() { printf 'install-toolchains: %s\n' "$*"; }
hash_of() { { for f in "$@"; do cat "$f"; done; } | sha256sum | cut -d' ' -f1; }
# fresh NAME KEY: true when the stamp for NAME says KEY (nothing to do).
fresh() { [ "$force" = 0 ] && [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
stamp() { printf '%s\n' "$2" > "$STAMPS/$1"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "install-toolchains: '$1' is not on PATH ($2)" >&2; exit 1; }; }

# ---------------------------------------------------------------- python
install_python() {
  need "$PYTHON" "Python 3.10+ is required"
  local key
  key="$(hash_of "$VERIFY/requirements.txt") $("$PYTHON" --version 2>&1)"
  if fresh python "$key" && [ -x "$VENV/bin/python" ] && [ -x "$VENV/bin/mypy" ]; then
    log "python: up to date ($VENV)"; return
  fi
  log "python: creating $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$VERIFY/requirements.txt"
  "$VENV/bin/python" -c 'import pydantic, mypy, tree_sitter, tree_sitter_c_sharp, httpx, flit_core'
  "$VENV/bin/python" -m pip check --disable-pip-version-check >/dev/null
  log "python: $("$VENV/bin/mypy" --version), pydantic $("$VENV/bin/python" -c 'import pydantic; print(pydantic.VERSION)')"
  stamp python "$key"
}

# ---------------------------------------------------------------- typescript
install_node() {
  need node "Node.js 18+ is required"
  need npm "npm is required"
  local dir="$VERIFY/typescript" key
  key="$(hash_of "$dir/package.json" "$dir/package-lock.json") $(node --version)"
  if fresh node "$key" && [ -x "$dir/node_modules/.bin/tsc" ]; then
    log "typescript: up to date ($dir/node_modules)"; return
  fi
  log "typescript: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  log "typescript: tsc $("$dir/node_modules/.bin/tsc" --version)"
  stamp node "$key"
}

# ---------------------------------------------------------------- pyright
# The second Python type checker, on verify/python-usage (verify/pyright).
install_pyright() {
  need node "Node.js 18+ is required"
  need npm "npm is required"
  local dir="$VERIFY/pyright" key
  key="$(hash_of "$dir/package.json" "$dir/package-lock.json") $(node --version)"
  if fresh pyright "$key" && [ -x "$dir/node_modules/.bin/pyright" ]; then
    log "pyright: up to date ($dir/node_modules)"; return
  fi
  log "pyright: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  log "pyright: $("$dir/node_modules/.bin/pyright" --version)"
  stamp pyright "$key"
}

# ---------------------------------------------------------------- axe-core
# The accessibility rules the browser test runs in the page (verify/axe).
install_axe() {
  need node "Node.js 18+ is required"
  need npm "npm is required"
  local dir="$VERIFY/axe" key
  key="$(hash_of "$dir/package.json" "$dir/package-lock.json")"
  if fresh axe "$key" && [ -f "$dir/node_modules/axe-core/axe.min.js" ]; then
    log "axe-core: up to date ($dir/node_modules)"; return
  fi
  log "axe-core: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  log "axe-core: $(node -p 'require(process.argv[1]).version' "$dir/node_modules/axe-core/package.json")"
  stamp axe "$key"
}

# ---------------------------------------------------------------- kotlin
install_kotlin() {
  need mvn "Maven is required"
  need java "a JDK (17+) is required"
  local pom="$VERIFY/kotlin/pom.xml" key build
  key="$(hash_of "$pom") $(mvn -v 2>/dev/null | head -1) $(java -version 2>&1 | head -1)"
  if fresh kotlin "$key" && [ -d "$M2_REPO" ]; then
    log "kotlin: up to date (maven repo $M2_REPO)"; return
  fi
  # Compiling the sample fetches exactly what a later `mvn -o ... compile` needs:
  # the plugins, the Kotlin compiler, the serialization plugin and the libraries.
  log "kotlin: fetching Maven dependencies into $M2_REPO (compiles verify/samples/kotlin)"
  build="$WORK/kotlin-build/install"
  rm -rf "$build"
  MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=1" \
  mvn -q -B -Dstyle.color=never -f "$pom" -Dmaven.repo.local="$M2_REPO" \
    -Dsrc.dir="$VERIFY/samples/kotlin" -Dverify.build.dir="$build" compile 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g'
  rm -rf "$build"
  stamp kotlin "$key"
}

# ---------------------------------------------------------------- go / rust
check_go() {
  if command -v go >/dev/null 2>&1; then
    log "go: $(go version) (standard library only, nothing to install)"
  else
    log "go: not on PATH; the go check will fail"
  fi
}

install_rust() {
  need cargo "Rust (cargo) is required"
  if ! cargo clippy --version >/dev/null 2>&1; then
    if command -v rustup >/dev/null 2>&1; then rustup component add clippy; fi
    cargo clippy --version >/dev/null 2>&1 || { echo "install-toolchains: cargo clippy is not available" >&2; exit 1; }
  fi
  local key crate
  key="$(hash_of "$VERIFY"/samples/rust/Cargo.* "$VERIFY"/samples/rust-server/Cargo.*) $(cargo --version)"
  if fresh rust "$key"; then
    log "rust: up to date ($(cargo --version))"; return
  fi
  # Download the crates the sample crates use (serde, serde_json, axum, tokio);
  # generated crates then build from the local cargo cache.
  for crate in rust rust-server; do
    cargo fetch --quiet --manifest-path "$VERIFY/samples/$crate/Cargo.toml"
  done
  log "rust: $(cargo --version), $(cargo clippy --version)"
  # Re-hash: the first fetch writes the samples' Cargo.lock.
  stamp rust "$(hash_of "$VERIFY"/samples/rust/Cargo.* "$VERIFY"/samples/rust-server/Cargo.*) $(cargo --version)"
}

# ---------------------------------------------------------------- cargo-insta
# `make test` runs `cargo insta test --unreferenced reject`: cargo-insta is
# released with the insta crate, so the pin is Cargo.lock's insta version.
install_cargo_insta() {
  need cargo "Rust (cargo) is required"
  local version key tools="$WORK/tools"
  version="$(awk '$0 == "name = \"insta\"" { getline; gsub(/version = |"/, ""); print; exit }' "$REPO/Cargo.lock")"
  [ -n "$version" ] || { echo "install-toolchains: no insta in Cargo.lock" >&2; exit 1; }
  key="$version $(cargo --version)"
  if fresh cargo-insta "$key" && [ -x "$tools/bin/cargo-insta" ]; then
    log "cargo-insta: up to date ($version)"; return
  fi
  log "cargo-insta: cargo install cargo-insta $version (a few minutes, once)"
  cargo install --quiet --locked --version "$version" --root "$tools" cargo-insta
  log "cargo-insta: $("$tools/bin/cargo-insta" --version)"
  stamp cargo-insta "$key"
}

# ---------------------------------------------------------------- cargo-fuzz
# Opt-in (--fuzz): `cargo +nightly fuzz run pipeline` (fuzz/). libFuzzer needs
# a nightly compiler for its sanitizer flags.
CARGO_FUZZ_VERSION=0.13.2
install_cargo_fuzz() {
  need cargo "Rust (cargo) is required"
  need rustup "rustup is required for the nightly toolchain cargo-fuzz needs"
  local key tools="$WORK/tools"
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  key="$CARGO_FUZZ_VERSION $(cargo --version)"
  if fresh cargo-fuzz "$key" && [ -x "$tools/bin/cargo-fuzz" ]; then
    log "cargo-fuzz: up to date ($CARGO_FUZZ_VERSION)"; return
  fi
  log "cargo-fuzz: cargo install cargo-fuzz $CARGO_FUZZ_VERSION (a few minutes, once)"
  cargo install --quiet --locked --version "$CARGO_FUZZ_VERSION" --root "$tools" cargo-fuzz
  log "cargo-fuzz: $("$tools/bin/cargo-fuzz" --version); put $tools/bin on PATH to run \`cargo fuzz\`"
  stamp cargo-fuzz "$key"
}

# ---------------------------------------------------------------- chromium
# Debian's chromium, at the version in verify/chromium.version. Debian's
# security archive keeps only the newest build, so when the pinned one is no
# longer offered the candidate is installed instead, loudly, and its version is
# what the stamp and the log record: update the pin file to match.
install_chromium() {
  local pin installed candidate sudo=""
  pin="${CHROMIUM_VERSION:-$(tr -d '[:space:]' < "$VERIFY/chromium.version")}"
  installed="$(dpkg-query -W -f='${Version}' chromium 2>/dev/null || true)"
  if [ "$installed" = "$pin" ] && command -v chromium >/dev/null 2>&1; then
    log "chromium: $installed (pinned) present"
    stamp chromium "$installed"; return
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    if command -v chromium >/dev/null 2>&1; then
      log "chromium: WARNING: no apt-get; using $(chromium --version 2>/dev/null), pin is $pin"; return
    fi
    echo "install-toolchains: chromium is missing and apt-get is not available" >&2; exit 1
  fi
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  if apt-cache madison chromium 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep -qxF "$pin"; then
    log "chromium: apt-get install chromium=$pin"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --allow-downgrades \
      "chromium=$pin" "chromium-common=$pin" >/dev/null
  else
    candidate="$(apt-cache policy chromium | awk '/Candidate:/ {print $2}')"
    log "chromium: WARNING: $pin is no longer offered by apt; installing the candidate $candidate (update verify/chromium.version)"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
  installed="$(dpkg-query -W -f='${Version}' chromium)"
  log "chromium: $installed ($(chromium --version 2>/dev/null || echo 'version unknown'))"
  stamp chromium "$installed"
}

# ---------------------------------------------------------------- bench tools
OPENAPI_GENERATOR_VERSION=7.25.0
OPENAPI_GENERATOR_SHA256=41ce4f6b07f196676439d710759fa1ced7a08066d06ff1bf314681470289efae
install_bench_tools() {
  need node "Node.js 18+ is required"
  need npm "npm is required"
  need java "a JDK (17+) is required"
  local dir="$VERIFY/bench" key
  key="$(hash_of "$dir/package.json" "$dir/package-lock.json") $(node --version)"
  if fresh bench-node "$key" && [ -x "$dir/node_modules/.bin/openapi-typescript" ]; then
    log "openapi-typescript: up to date ($dir/node_modules)"
  else
    log "openapi-typescript: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    stamp bench-node "$key"
  fi
  log "openapi-typescript: $(node "$dir/node_modules/.bin/openapi-typescript" --version 2>/dev/null | tr -d '\n')"
  local tools="$WORK/bench-tools" jar
  jar="$tools/openapi-generator-cli-$OPENAPI_GENERATOR_VERSION.jar"
  if ! { [ -f "$jar" ] && echo "$OPENAPI_GENERATOR_SHA256  $jar" | sha256sum -c --quiet - 2>/dev/null; }; then
    mkdir -p "$tools"
    log "openapi-generator: fetching $OPENAPI_GENERATOR_VERSION from Maven Central"
    curl -fsSL -o "$jar.part" "https://repo1.maven.org/maven2/org/openapitools/openapi-generator-cli/$OPENAPI_GENERATOR_VERSION/openapi-generator-cli-$OPENAPI_GENERATOR_VERSION.jar"
    echo "$OPENAPI_GENERATOR_SHA256  $jar.part" | sha256sum -c --quiet - \
      || { echo "install-toolchains: openapi-generator jar checksum mismatch" >&2; rm -f "$jar.part"; exit 1; }
    mv "$jar.part" "$jar"
  fi
  log "openapi-generator: $(java -jar "$jar" version 2>/dev/null) ($jar)"
}

start=$SECONDS
if [ "$chromium_only" = 1 ]; then install_chromium; install_axe; log "done in $((SECONDS - start))s"; exit 0; fi
if [ "$test_only" = 1 ]; then install_cargo_insta; exit 0; fi
if [ "$fuzz" = 1 ]; then install_cargo_fuzz; exit 0; fi
if [ "$bench" = 1 ]; then install_bench_tools; log "done in $((SECONDS - start))s"; exit 0; fi
install_python
install_node
install_pyright
install_kotlin
check_go
install_rust
install_cargo_insta
if [ "$chromium" = 1 ]; then install_chromium; install_axe; else log "chromium: skipped (set INSTALL_CHROMIUM=1 or pass --chromium)"; fi
log "done in $((SECONDS - start))s"
