#!/usr/bin/env bash
# Re-fetch the vendored front-end libraries in crates/web/assets/vendor from the npm registry.
# Versions are pinned here and in crates/web/assets/vendor/README.md; bump both together.
# Usage: scripts/fetch-vendor.sh        (run from anywhere; needs npm and tar)
set -euo pipefail

HTMX_VERSION=2.0.11
UPLOT_VERSION=1.6.32
SWAGGER_VERSION=5.35.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/crates/web/assets/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm pack --silent "htmx.org@$HTMX_VERSION" "uplot@$UPLOT_VERSION" "swagger-ui-dist@$SWAGGER_VERSION" >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done

mkdir -p "$dest/swagger-ui"
h="htmx.org-$HTMX_VERSION/package"
cp "$h/dist/htmx.min.js" "$dest/htmx.min.js"
cp "$h/LICENSE" "$dest/htmx.LICENSE.txt"

u="uplot-$UPLOT_VERSION/package"
cp "$u/dist/uPlot.iife.min.js" "$u/dist/uPlot.min.css" "$dest/"
cp "$u/LICENSE" "$dest/uplot.LICENSE.txt"

# Only the bundle and stylesheet: index.html / swagger-initializer.js use inline scripts, which our CSP forbids.
s="swagger-ui-dist-$SWAGGER_VERSION/package"
cp "$s/swagger-ui-bundle.js" "$s/swagger-ui.css" "$s/LICENSE" "$s/NOTICE" \
   "$s/swagger-ui-bundle.js.LICENSE.txt" "$dest/swagger-ui/"

echo "vendored htmx.org $HTMX_VERSION, uplot $UPLOT_VERSION, swagger-ui-dist $SWAGGER_VERSION into $dest"
(cd "$dest" && find . -type f ! -name README.md | sort | xargs sha256sum)
