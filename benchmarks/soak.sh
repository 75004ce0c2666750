#!/usr/bin/env bash
# A soak test of the example on PostgreSQL (issue 11): DURATION seconds (10 minutes by default) of
# mixed traffic — valid tokens and unknown ones on the API (wrk), and accounts being registered,
# logging in, voting and logging out (soak-client.py) — then the errors (target 0), the heap after
# a full GC at minute 1 and at the end, and the server's open connections and threads at the end.
# Not part of CI. Every step is bounded in time; the server and the database are removed on exit.
#
#   benchmarks/soak.sh                    # 10 minutes
#   DURATION=60 benchmarks/soak.sh        # a check of the harness
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-600}
PACE=${PACE:-3}                          # seconds per account cycle: 20 logins a minute, under the throttle
PG=${PG:-"-h 127.0.0.1 -p 5432 -U postgres"}
JAR=${JAR:-token-auth-example/target/token-auth-example.jar}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx512m"}
DB=tokenauth_soak_$$
PASSWORD=soak-test-password-$RANDOM$RANDOM

for tool in wrk psql jcmd python3 curl ss; do
  command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
[ -f "$JAR" ] || mvn -B -q -DskipTests package   # README's build of the example

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp)
OUT=$(mktemp -d)
SERVER=
PIDS=()
# shellcheck disable=SC2086
psql $PG -d postgres -qAtc "create database $DB" >/dev/null
stop() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  # shellcheck disable=SC2086
  psql $PG -d postgres -qAtc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$LOG" "$OUT"
  exit "$status"
}
trap stop EXIT INT TERM

# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" --host 127.0.0.1 --port "$PORT" --demo-password "$PASSWORD" \
  --db-url "jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres" >"$LOG" 2>&1 &
SERVER=$!
for _ in $(seq 1 90); do
  curl -s -o /dev/null "$BASE/accounts/auth/" && break
  sleep 1
done
TOKEN=$(curl -s -d username=admin -d "password=$PASSWORD" "$BASE/accounts/get_auth_token/" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

heap_after_gc() { # used heap in MB after a full GC
  jcmd "$SERVER" GC.run >/dev/null
  jcmd "$SERVER" GC.heap_info | awk '/ used / || /used [0-9]/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.1f MB\n", v / 1024; exit } }'
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, java $(java -version 2>&1 | head -n 1 | cut -d'"' -f2), $JAVA_OPTS, PostgreSQL database $DB, ${DURATION} s"
DEADLINE=$(( $(date +%s) + DURATION ))
timeout $((DURATION + 30)) wrk -t1 -c3 -d"${DURATION}s" -s benchmarks/soak.lua \
  -H "Authorization: Token $TOKEN" "$BASE/polls/api/questions/" >"$OUT/valid" 2>&1 &
PIDS+=($!)
timeout $((DURATION + 30)) wrk -t1 -c1 -d"${DURATION}s" -s benchmarks/soak.lua \
  -H "Authorization: Token 0000000000000000000000000000000000000000" "$BASE/polls/api/questions/" >"$OUT/unknown" 2>&1 &
PIDS+=($!)
timeout $((DURATION + 60)) python3 benchmarks/soak-client.py "$BASE" "$DEADLINE" "$PACE" >"$OUT/accounts" 2>&1 &
PIDS+=($!)

FIRST=$(( DURATION < 120 ? DURATION / 2 : 60 ))
sleep "$FIRST"
HEAP_FIRST=$(heap_after_gc)
for pid in "${PIDS[@]}"; do wait "$pid" || true; done
PIDS=()
sleep 2
HEAP_END=$(heap_after_gc)
CONNECTIONS=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
# shellcheck disable=SC2086
DB_CONNECTIONS=$(psql $PG -d postgres -qAtc "select count(*) from pg_stat_activity where datname = '$DB'")
THREADS=$(awk '/^Threads:/ {print $2}' "/proc/$SERVER/status")

echo "valid token:   $(awk '/Requests\/sec/ {print $2}' "$OUT/valid") req/s; $(grep -h 'statuses\|socket errors' "$OUT/valid" | paste -sd ';')"
echo "unknown token: $(awk '/Requests\/sec/ {print $2}' "$OUT/unknown") req/s; $(grep -h 'statuses\|socket errors' "$OUT/unknown" | paste -sd ';')"
cat "$OUT/accounts"
python3 - "$OUT/valid" "$OUT/unknown" "$OUT/accounts" <<'PY'
import re, sys
def statuses(path):
    text = open(path).read()
    line = re.search(r"statuses:(.*)", text)
    counts = dict(pair.split("=") for pair in line.group(1).split()) if line else {}
    sockets = int(re.search(r"socket errors: (\d+)", text).group(1)) if "socket errors" in text else 1
    return {int(k): int(v) for k, v in counts.items()}, sockets
valid, valid_sockets = statuses(sys.argv[1])
unknown, unknown_sockets = statuses(sys.argv[2])
accounts = int(re.search(r"(\d+) unexpected", open(sys.argv[3]).read() or "1 unexpected").group(1))
errors = sum(v for k, v in valid.items() if k != 200) + sum(v for k, v in unknown.items() if k != 401) \
    + valid_sockets + unknown_sockets + accounts
print(f"errors:        {errors} (target 0)")
PY
echo "heap after GC: ${HEAP_FIRST} at $FIRST s, ${HEAP_END} at the end"
echo "at the end:    $CONNECTIONS open client connections, $DB_CONNECTIONS PostgreSQL connections, $THREADS threads"
if grep -qE 'ERROR|Exception' "$LOG"; then
  echo "server log has errors:"; grep -E 'ERROR|Exception' "$LOG" | head -n 5
fi
