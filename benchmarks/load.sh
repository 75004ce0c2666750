#!/usr/bin/env bash
# Whole requests under load: the example app (embedded Jetty 12, H2, JpaTokenStore) driven by wrk
# over loopback. Every loop here is bounded in time; the server is stopped on exit.
#
#   benchmarks/load.sh                 # 30 s warm-up, then 20 s per scenario
#   WARMUP=40s DURATION=30s CONNECTIONS=32 benchmarks/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-30s}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
JAR=token-auth-example/target/token-auth-example.jar
PASSWORD=load-test-password-$RANDOM$RANDOM

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -f "$JAR" ] || mvn -B -q -DskipTests package   # README's build of the example

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp)
java -Xmx1g -jar "$JAR" --host 127.0.0.1 --port "$PORT" --demo-password "$PASSWORD" >"$LOG" 2>&1 &
SERVER=$!
stop() {
  local status=$?
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -f "$LOG"
  exit "$status"
}
trap stop EXIT

for _ in $(seq 1 60); do
  curl -s -o /dev/null "$BASE/accounts/auth/" && break
  sleep 1
done
TOKEN=$(curl -s -d username=admin -d "password=$PASSWORD" "$BASE/accounts/get_auth_token/" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

echo "# $(date -u +%FT%TZ) $(nproc) cores, java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2), wrk -t$THREADS -c$CONNECTIONS"
echo "# warm-up $WARMUP on the authenticated API root"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Token $TOKEN" "$BASE/polls/api/" >/dev/null

run() { # name, then wrk's arguments
  local name=$1; shift
  echo
  echo "## $name"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx|requests in'
}
run "valid token, API root (filter + token lookup + user lookup + tiny JSON)" \
    -H "Authorization: Token $TOKEN" "$BASE/polls/api/"
run "valid token, question list (the above + a JPA query of the polls)" \
    -H "Authorization: Token $TOKEN" "$BASE/polls/api/questions/"
run "unknown token: 401 Invalid token. (filter + token lookup)" \
    -H "Authorization: Token 0000000000000000000000000000000000000000" "$BASE/polls/api/"
run "no header: 401 not provided (filter only)" "$BASE/polls/api/"
