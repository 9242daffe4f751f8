#!/usr/bin/env bash
# Runs schemathesis against the real `sangam serve` on a fresh SQLite database, with an Admin's API token, and fails
# when any answer is a server error, has a status code the OpenAPI document does not list, or a body or content type
# that does not match its schema.
#
#   scripts/api-conformance.sh [path-to-sangam-binary]     # default: target/debug/sangam (built if absent)
#
# Bounded: SANGAM_FUZZ_EXAMPLES examples per operation (default 30), so a run takes a few minutes. schemathesis is
# installed from PyPI into .ci/cache (pinned), like the protocol peers.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CACHE="${SANGAM_PEERS_CACHE:-$PWD/.ci/cache}"
SCHEMATHESIS_VERSION="4.32.5"
EXAMPLES="${SANGAM_FUZZ_EXAMPLES:-30}"
# Set SANGAM_FUZZ_REPORT_DIR to keep a HAR file of every request and answer (e.g. to count answers by status).
REPORT_DIR="${SANGAM_FUZZ_REPORT_DIR:-}"
BIN="${1:-target/debug/sangam}"

log() { printf '   [api-conformance] %s\n' "$*" >&2; }

venv="$CACHE/schemathesis-$SCHEMATHESIS_VERSION"
if [[ ! -x "$venv/bin/schemathesis" ]]; then
    log "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
fi
if [[ ! -x "$BIN" ]]; then
    log "building $BIN"
    cargo build --bin sangam >&2
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port, chosen by the kernel.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
export SANGAM_DATABASE_URL="sqlite://$work/sangam.db"
export SANGAM_SECRET_KEY_FILE="$work/sangam.key"
export SANGAM_SANDBOX__PATH="$work/sandbox.db"
export SANGAM_LOG="warn"
email="admin@conformance.test"
password="conformance-password-1"

SANGAM_PASSWORD="$password" "$BIN" user add --email "$email" --name "Conformance Admin" --role admin \
    --workspace "Conformance" >&2
"$BIN" serve --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "$base/healthz" >/dev/null

# Sign in as the Admin and make a token, as a person would on their account page.
jar="$work/cookies"
curl -fsS -o /dev/null -c "$jar" -b "$jar" -H "Sec-Fetch-Site: same-origin" \
    --data-urlencode "email=$email" --data-urlencode "password=$password" "$base/login"
token="$(curl -fsS -c "$jar" -b "$jar" -H "Sec-Fetch-Site: same-origin" -H 'Content-Type: application/json' \
    -d '{"name":"conformance"}' "$base/api/v1/tokens" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"

# Deleting tokens is left out: fuzzed ids would delete the run's own token, and every later answer would be a 401.
log "schemathesis $SCHEMATHESIS_VERSION against $base/api/openapi.json ($EXAMPLES examples per operation)"
report=()
if [[ -n "$REPORT_DIR" ]]; then
    report=(--report har --report-dir "$REPORT_DIR")
fi
status=0
"$venv/bin/schemathesis" run "$base/api/openapi.json" \
    --url "$base" \
    -H "Authorization: Bearer $token" \
    --exclude-path '/api/v1/tokens/{id}' \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
    --max-examples "$EXAMPLES" \
    --seed 1 \
    --no-color "${report[@]}" || status=$?
if [[ $status -ne 0 ]]; then
    log "server log (last 40 lines):"
    tail -n 40 "$work/server.log" >&2 || true
fi
exit $status
