#!/usr/bin/env bash
# Checks an HTML API reference page in headless Chromium:
#
#   scripts/browser-test.sh HTMLFILE OUTDIR
#
# Loads HTMLFILE from file://, and fails on any console error or warning, any
# uncaught exception, any request that leaves file://, any in-page link
# (href="#...") without an element of that id, or a search box that does not
# filter: typing the first operation's operationId must hide the operations and
# schemas that do not contain it, and their sidebar entries. Writes screenshots
# (reference.png, reference-schema.png, reference-operation.png,
# reference-search.png) and the browser's own log (chromium.log) to OUTDIR.
#
# Needs Node.js 18+ (built-in modules only) and Chromium: `chromium` on PATH
# (scripts/install-toolchains.sh --chromium installs Debian's), or CHROMIUM=/path.
# Exit codes: 0 ok, 1 a check failed, 2 bad usage or missing tools.
set -euo pipefail

if [ $# -ne 2 ]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
command -v node >/dev/null 2>&1 || { echo "browser-test: node is not on PATH" >&2; exit 2; }
chromium="${CHROMIUM:-chromium}"
command -v "$chromium" >/dev/null 2>&1 || {
  echo "browser-test: $chromium is not on PATH (run scripts/install-toolchains.sh --chromium)" >&2
  exit 2
}
exec node "$(dirname "${BASH_SOURCE[0]}")/browser-test.mjs" "$1" "$2"
