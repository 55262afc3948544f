#!/usr/bin/env bash
# Checks an HTML API reference in headless Chromium:
#
#   scripts/browser-test.sh HTMLFILE OUTDIR
#
# Loads HTMLFILE (a one-page reference, or the index.html of a split one) from
# file://, and fails on any console error or warning, uncaught exception,
# dialog, script from the spec's text, request that leaves file://, link
# without its target, search that does not find, copy button that does not
# copy, page wider than the window at 1280 or 390 px, or serious or critical
# axe-core violation (light and dark theme). A changelog.html beside HTMLFILE
# (the docs bundle's release notes) gets the same checks of links, width and
# axe-core. Writes screenshots (reference.png, reference-390.png,
# reference-dark.png, changelog.png, changelog-390.png, ...) and chromium.log
# to OUTDIR.
# Details: docs/html-reference.md.
#
# Needs Node.js 18+ (built-in modules only) and Chromium: `chromium` on PATH
# (scripts/install-toolchains.sh --chromium installs Debian's), or CHROMIUM=/path.
# Exit codes: 0 ok, 1 a check failed, 2 bad usage or missing tools.
set -euo pipefail

if [ $# -ne 2 ]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
command -v node >/dev/null 2>&1 || { echo "browser-test: node is not on PATH" >&2; exit 2; }
chromium="${CHROMIUM:-chromium}"
command -v "$chromium" >/dev/null 2>&1 || {
  echo "browser-test: $chromium is not on PATH (run scripts/install-toolchains.sh --chromium)" >&2
  exit 2
}
exec node "$(dirname "${BASH_SOURCE[0]}")/browser-test.mjs" "$1" "$2"
