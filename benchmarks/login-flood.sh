#!/usr/bin/env bash
# Authenticated API requests while bad logins flood the obtain-token endpoint (issue 11): for each
# scenario, the API's throughput alone, then again in the middle of a flood of wrong passwords for
# many usernames, and the ratio (target: at least 80 %, judged on the paced scenario). Not part of
# CI. Every step is bounded in time; the server is stopped on exit.
#
# Scenarios (SCENARIOS, in this order by default):
#   paced  the judged one: RATE (200) attempts a second on a fixed schedule, from ADDRESSES (500)
#          source addresses 127.1.x.y. Each address stays under its 30 a minute and each username
#          under its 10, so without the verification budget every attempt would be hashed; the
#          flood's own HTTP rate is fixed, whatever the load generator's speed.
#   many   a botnet at full speed: FLOOD_CONNECTIONS (32) attempts in flight from ADDRESSES
#          addresses 127.2.x.y, each sent as soon as the last is answered.
#   one    one host at full speed: wrk -cFLOOD_CONNECTIONS from 127.0.0.1; the throttle answers
#          429 before any hashing, so this measures the flood's HTTP rate on the shared cores.
#
#   benchmarks/login-flood.sh                       # 30 s warm-up; per scenario 20 s alone, 60 s flood
#   SCENARIOS=paced RATE=500 benchmarks/login-flood.sh
#   WARMUP=5s BASELINE=5s FLOOD=12 benchmarks/login-flood.sh   # a look at the harness only
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-120s}                   # on one processor the JIT shares it with the requests: give it time
BASELINE=${BASELINE:-20s}
FLOOD=${FLOOD:-60}                       # seconds of flood; the API is measured in its middle two thirds
CONNECTIONS=${CONNECTIONS:-8}            # the API's clients
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-32}
SCENARIOS=${SCENARIOS:-paced many one}
RATE=${RATE:-200}
ADDRESSES=${ADDRESSES:-500}
JAR=${JAR:-token-auth-example/target/token-auth-example.jar}
# The server on its own processor, the clients (the API's wrk and the flood) on the other: an
# attacker's machine is not the server's, and on two shared cores the flood's own client would take
# the API's CPU whatever the server does. PIN=0 shares all processors, as before.
PIN=${PIN:-1}
SERVER_CPUS=${SERVER_CPUS:-0}
CLIENT_CPUS=${CLIENT_CPUS:-1-$(($(nproc) - 1))}
ON_SERVER=()
ON_CLIENTS=()
if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  ON_SERVER=(taskset -c "$SERVER_CPUS")
  ON_CLIENTS=(taskset -c "$CLIENT_CPUS")
fi
PASSWORD=flood-test-password-$RANDOM$RANDOM

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
for scenario in $SCENARIOS; do
  case $scenario in paced|many|one) ;; *) echo "unknown scenario '$scenario' (paced, many, one)" >&2; exit 2 ;; esac
done
[ -f "$JAR" ] || mvn -B -q -DskipTests package   # README's build of the example

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp)
FLOOD_OUT=$(mktemp)
WORK=$(mktemp -d)   # the server secret of this run
# Hashed mode: the example leaves DRF mode unthrottled and without a verification budget, as the tutorial's DRF is.
"${ON_SERVER[@]}" java -Xmx1g -jar "$JAR" --host 127.0.0.1 --port "$PORT" --demo-password "$PASSWORD" --hashed-tokens \
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
p99() { awk '/ 99%/ {print $2}'; }

SERVER_PROCS=$("${ON_SERVER[@]}" nproc)
echo "# $(date -u +%FT%TZ) $(nproc) cores, the server on $SERVER_PROCS$([ ${#ON_SERVER[@]} -gt 0 ] && echo " (cpu $SERVER_CPUS; clients on cpu $CLIENT_CPUS)")," \
  "java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2)," \
  "verification budget $((30 * SERVER_PROCS))/minute (the default: 30 a minute per processor)"
echo "# API: wrk -t2 -c$CONNECTIONS GET /polls/api/questions/ with a valid token; scenarios: $SCENARIOS;" \
  "${FLOOD}s floods, the API measured in their middle $((FLOOD * 2 / 3))s"
"${ON_CLIENTS[@]}" wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${API[@]}" >/dev/null
# The flood's own warm-up, from addresses no scenario uses: the hashing, the throttle and the 503's code paths get compiled too.
timeout 60 "${ON_CLIENTS[@]}" python3 benchmarks/login-flood.py "$PORT" --seconds 5 --rate 50 --addresses 250 --block 3 >/dev/null
sleep 12   # the budget refills

SUMMARY=()
for scenario in $SCENARIOS; do
  echo "## $scenario"
  BEFORE=$(timeout 120 "${ON_CLIENTS[@]}" wrk -t2 -c"$CONNECTIONS" -d"$BASELINE" --latency "${API[@]}")
  BASE_RPS=$(rps <<<"$BEFORE")
  echo "unflooded: $BASE_RPS req/s, p99 $(p99 <<<"$BEFORE")"
  case $scenario in
    paced) timeout $((FLOOD + 60)) "${ON_CLIENTS[@]}" python3 benchmarks/login-flood.py "$PORT" --seconds "$FLOOD" --rate "$RATE" \
             --addresses "$ADDRESSES" --block 1 >"$FLOOD_OUT" 2>&1 & ;;
    many)  timeout $((FLOOD + 60)) "${ON_CLIENTS[@]}" python3 benchmarks/login-flood.py "$PORT" --seconds "$FLOOD" \
             --connections "$FLOOD_CONNECTIONS" --addresses "$ADDRESSES" --block 2 >"$FLOOD_OUT" 2>&1 & ;;
    one)   timeout $((FLOOD + 30)) "${ON_CLIENTS[@]}" wrk -t2 -c"$FLOOD_CONNECTIONS" -d"${FLOOD}s" -s benchmarks/login-flood.lua "$BASE" \
             >"$FLOOD_OUT" 2>&1 & ;;
  esac
  FLOODER=$!
  MEASURE=$((FLOOD * 2 / 3))
  sleep $(((FLOOD - MEASURE) / 2))
  DURING=$(timeout $((MEASURE + 30)) "${ON_CLIENTS[@]}" wrk -t2 -c"$CONNECTIONS" -d"${MEASURE}s" --latency "${API[@]}")
  wait "$FLOODER" || true
  FLOODER=
  FLOOD_RPS=$(rps <<<"$DURING")
  NON_2XX=$(awk '/Non-2xx/ {print $NF}' <<<"$DURING")
  echo "flooded:   $FLOOD_RPS req/s, p99 $(p99 <<<"$DURING"), non-2xx: ${NON_2XX:-0}"
  # A flooder that failed says so in the table rather than ending the run.
  FLOOD_LINE="$(grep 'flood answers' "$FLOOD_OUT" || echo "the flooder failed: $(tail -n 3 "$FLOOD_OUT" | tr '\n' ' ')")"
  [ "$scenario" = one ] && FLOOD_LINE="sent $(rps <"$FLOOD_OUT")/s from 127.0.0.1; $FLOOD_LINE"
  echo "flood:     $FLOOD_LINE"
  sleep 5   # queued logins drain
  # Unflooded again after the flood: the baseline is the mean of before and after, so that a server
  # still speeding up (the JIT) or slowing down does not pass for the flood's effect.
  AFTER=$(timeout 120 "${ON_CLIENTS[@]}" wrk -t2 -c"$CONNECTIONS" -d"$BASELINE" --latency "${API[@]}")
  AFTER_RPS=$(rps <<<"$AFTER")
  echo "after:     $AFTER_RPS req/s, p99 $(p99 <<<"$AFTER")"
  RATIO=$(python3 -c "import sys; b, a, f = map(float, sys.argv[1:]); print(f'{f / ((b + a) / 2):.0%}')" \
    "$BASE_RPS" "$AFTER_RPS" "$FLOOD_RPS")
  echo "ratio:     $RATIO of unflooded throughput (the mean of before and after)$([ "$scenario" = paced ] && echo ' (judged: target >= 80%)')"
  SUMMARY+=("| $scenario | $BASE_RPS / $AFTER_RPS req/s | $FLOOD_RPS req/s, p99 $(p99 <<<"$DURING") | **$RATIO** | $FLOOD_LINE |")
done

echo
echo "| scenario | unflooded, before / after | during the flood | ratio | the flood |"
echo "|---|---|---|---|---|"
printf '%s\n' "${SUMMARY[@]}"
