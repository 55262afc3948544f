#!/usr/bin/env bash
# Installs the pinned oasdiff into .tools/bin (gitignored), for the diff benchmark.
set -euo pipefail
VERSION=v1.35.0
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
if [ -x "$bin/oasdiff" ] && "$bin/oasdiff" --version 2>/dev/null | grep -q "${VERSION#v}"; then
  exit 0
fi
mkdir -p "$bin"
GOBIN="$bin" go install "github.com/oasdiff/oasdiff@$VERSION"
