#!/usr/bin/env bash
# Authenticated API requests while bad logins flood the obtain-token endpoint (issue 11):
# measures the API's throughput alone, then again during a flood of wrong passwords for many
# usernames from one address (the throttle's 429 per address, 400s for the few it lets through,
# the bounded password verification's 503 when they pile up), and prints the ratio (target ≥ 80 %).
# Not part of CI. Every step is bounded in time; the server is stopped on exit.
#
# FROM=one (the default): wrk floods from 127.0.0.1, as one attacking host would: the throttle
# answers 429 after 30 attempts a minute, before any password is verified. FROM=many: a Python
# flooder spreads the same flood over ADDRESSES source addresses (127.0.0.2 …, a botnet), so that
# each gets its 30 verifications a minute and they queue: then the bounded verification's 503s.
#
#   benchmarks/login-flood.sh                       # 30 s warm-up, 20 s unflooded, 60 s flood
#   FROM=many ADDRESSES=500 benchmarks/login-flood.sh
#   WARMUP=5s BASELINE=5s FLOOD=10 benchmarks/login-flood.sh   # a look at the harness only
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-30s}
BASELINE=${BASELINE:-20s}
FLOOD=${FLOOD:-60}                       # seconds of flood; the API is measured in its middle
CONNECTIONS=${CONNECTIONS:-8}            # the API's clients
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-32}
FROM=${FROM:-one}
ADDRESSES=${ADDRESSES:-500}
JAR=${JAR:-token-auth-example/target/token-auth-example.jar}
PASSWORD=flood-test-password-$RANDOM$RANDOM

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -f "$JAR" ] || mvn -B -q -DskipTests package   # README's build of the example

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp)
FLOOD_OUT=$(mktemp)
WORK=$(mktemp -d)   # the server secret of this run
# Hashed mode: the example leaves DRF mode unthrottled, as the tutorial's DRF is.
java -Xmx1g -jar "$JAR" --host 127.0.0.1 --port "$PORT" --demo-password "$PASSWORD" --hashed-tokens \
  --token-secret-file "$WORK/token-secret" >"$LOG" 2>&1 &
SERVER=$!
FLOODER=
stop() {
  local status=$?
  [ -n "$FLOODER" ] && kill "$FLOODER" 2>/dev/null || true
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -f "$LOG" "$FLOOD_OUT"
  rm -rf "$WORK"
  exit "$status"
}
trap stop EXIT INT TERM

for _ in $(seq 1 60); do
  curl -s -o /dev/null "$BASE/accounts/auth/" && break
  sleep 1
done
TOKEN=$(curl -s -d username=admin -d "password=$PASSWORD" "$BASE/accounts/get_auth_token/" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
API=(-H "Authorization: Token $TOKEN" "$BASE/polls/api/questions/")

rps() { awk '/Requests\/sec/ {print $2}'; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2)"
echo "# API: wrk -t2 -c$CONNECTIONS GET /polls/api/questions/ with a valid token; flood: $FLOOD_CONNECTIONS connections POST /accounts/get_auth_token/ from $FROM address(es)"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${API[@]}" >/dev/null
# The flood's own warm-up: the password hashing and the throttle's code paths get compiled too.
timeout 40 wrk -t2 -c"$FLOOD_CONNECTIONS" -d5s -s benchmarks/login-flood.lua "$BASE" >/dev/null
sleep 2

BEFORE=$(timeout 120 wrk -t2 -c"$CONNECTIONS" -d"$BASELINE" --latency "${API[@]}")
BASE_RPS=$(rps <<<"$BEFORE")
echo "unflooded: $BASE_RPS req/s, p99 $(awk '/ 99%/ {print $2}' <<<"$BEFORE")"

if [ "$FROM" = many ]; then
  timeout $((FLOOD + 60)) python3 benchmarks/login-flood.py "$PORT" "$FLOOD" "$ADDRESSES" "$FLOOD_CONNECTIONS" >"$FLOOD_OUT" 2>&1 &
else
  timeout $((FLOOD + 30)) wrk -t2 -c"$FLOOD_CONNECTIONS" -d"${FLOOD}s" --latency -s benchmarks/login-flood.lua "$BASE" >"$FLOOD_OUT" 2>&1 &
fi
FLOODER=$!
MEASURE=$((FLOOD * 2 / 3))
sleep $(((FLOOD - MEASURE) / 2))
DURING=$(timeout $((MEASURE + 30)) wrk -t2 -c"$CONNECTIONS" -d"${MEASURE}s" --latency "${API[@]}")
wait "$FLOODER" || true
FLOODER=
FLOOD_RPS=$(rps <<<"$DURING")
echo "flooded:   $FLOOD_RPS req/s, p99 $(awk '/ 99%/ {print $2}' <<<"$DURING"), non-2xx: $(awk '/Non-2xx/ {print $NF}' <<<"$DURING")"
if [ "$FROM" = many ]; then
  echo "flood:     from $ADDRESSES addresses, $(grep 'flood answers' "$FLOOD_OUT")"
else
  echo "flood:     from one address, $(rps <"$FLOOD_OUT") logins/s; $(grep 'flood answers' "$FLOOD_OUT")"
fi
python3 - "$BASE_RPS" "$FLOOD_RPS" <<'PY'
import sys
before, during = float(sys.argv[1]), float(sys.argv[2])
ratio = during / before
print(f"ratio:     {ratio:.0%} of unflooded throughput ({'PASS' if ratio >= 0.8 else 'FAIL'}: target >= 80%)")
PY
