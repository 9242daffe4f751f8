#!/usr/bin/env bash
# Sign-in time for a known and an unknown email (issue 12, finding 7): both should cost one argon2 verification.
# Usage: scripts/sign-in-timing.sh [path/to/sangam] [tries]. Starts its own server on a temporary SQLite file; each
# try comes from its own forwarded address (127.0.0.1 is a trusted proxy here), so sign-in limiting stays out of it.
set -euo pipefail
bin=${1:-target/release/sangam}
tries=${2:-40}
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
export SANGAM_DATABASE_URL="sqlite://$dir/sangam.db" SANGAM_SECRET_KEY_FILE="$dir/sangam.key" \
  SANGAM_SANDBOX__PATH="$dir/sandbox.db" SANGAM_ENGINE__ENABLED=false SANGAM_LOG=warn \
  SANGAM_TRUSTED_PROXIES='["127.0.0.1"]'
SANGAM_PASSWORD='a long enough password' "$bin" user add --email known@team.test --name Known --role admin >/dev/null
"$bin" serve --listen 127.0.0.1:0 >"$dir/out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$dir/out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^Sangam is listening on //p' "$dir/out")
measure() { # email -> median and mean milliseconds over $tries wrong-password sign-ins
  for i in $(seq "$tries"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "X-Forwarded-For: 10.$((RANDOM % 250)).$((i / 250)).$((i % 250))" \
      --data-urlencode "email=$1" --data-urlencode "password=wrong password $i" "$base/login"
  done | sort -n | awk '{ a[NR] = $1 * 1000; s += $1 * 1000 } END { printf "median %.1f ms, mean %.1f ms (n=%d)\n", a[int((NR + 1) / 2)], s / NR, NR }'
}
measure known@team.test >/dev/null # warm-up
echo "known email:   $(measure known@team.test)"
echo "unknown email: $(measure nobody-$RANDOM@team.test)"
