#!/usr/bin/env bash
# Prints the 42 real specs of the corpus, one path per line: the large ones,
# the other OpenSandbox specs, the last lifecycle version and BoxLite. The
# corpus scripts (corpus-generate-defaults.sh, corpus-compile.sh) read this list.
#
#   scripts/corpus-specs.sh [CORPUS_DIR]      (default ../shared/corpus)
set -u
corpus="${1:-$(cd "$(dirname "$0")/.." && pwd)/../shared/corpus}"
for spec in "$corpus"/large/* "$corpus"/opensandbox-other/* "$corpus"/opensandbox-lifecycle/040-*.yml "$corpus"/boxlite/openapi.yaml; do
  [ -f "$spec" ] && echo "$spec"
done
exit 0
