#!/usr/bin/env bash
# Side by side: the same embedded Jetty 12 and the same tiny JSON servlet behind each authentication
# mode (CompareServer), loaded by wrk over loopback. Modes alternate within a round, each in a fresh
# JVM; each is warmed up until two consecutive chunks agree, then measured on a valid and on an
# unknown key. Results: a TSV of every measurement, a summary (medians over rounds, and each mode's
# req/s relative to `bare` in the same round) and a PNG chart. See benchmarks/README.md.
#
#   benchmarks/compare.sh                                   # 3 rounds, every mode (15-30 min)
#   MODES="bare memory spring" ROUNDS=5 benchmarks/compare.sh
#   KEYS=10000000 PG_KEYS=10000000 SPREAD=10000 MODES="bare pg" ROUNDS=1 benchmarks/compare.sh  # 10 M rows
#   PUBLISH=1 benchmarks/compare.sh                         # also copy chart and TSVs into benchmarks/
#
# Every step is bounded in time (server start, warm-up cap, wrk runs, seeding), and the server JVMs
# are stopped on exit, on Ctrl-C and on TERM; each JVM also ends itself after --max-seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

MODES=${MODES:-"bare memory pg pg-cached hashed hashed-cached spring"}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}          # seconds of each measured scenario (valid key, unknown key)
CHUNK=${CHUNK:-5}                 # seconds of one warm-up chunk
SETTLE=${SETTLE:-10}              # warm once two consecutive chunks' req/s differ by at most this %
WARMUP_MIN=${WARMUP_MIN:-20}      # seconds: no agreement counts before (an early C1 plateau is not warm)
WARMUP_MAX=${WARMUP_MAX:-90}      # seconds: stop warming up there, and say it did not settle
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
KEYS=${KEYS:-10000}               # keys (and users) of the in-memory modes; the valid user is KEYS/2
PG_KEYS=${PG_KEYS:-$KEYS}         # rows of the PostgreSQL tables (schema tokenauth_compare)
SPREAD=${SPREAD:-1}               # valid keys loaded: 1 (the valid user's, -H), or n spread over KEYS (compare.lua)
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
POOL=${POOL:-8}                   # HikariCP connections of the PostgreSQL modes
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
SEED_TIMEOUT=${SEED_TIMEOUT:-1800} # seconds: seeding the PostgreSQL tables (10 M rows: about 3 min)
START_TIMEOUT=${START_TIMEOUT:-120} # seconds: a server's start (hashed modes issue SPREAD keys then)
OUT=${OUT:-benchmarks/results/compare-$(date -u +%Y%m%dT%H%M%SZ)}
PUBLISH=${PUBLISH:-0}
NOTE=${NOTE:-}                    # a remark for run.txt and the chart, e.g. "short run, noisy"
JAR=benchmarks/target/benchmarks.jar
MAIN=org.tokenauth.benchmarks.compare.CompareServer

for tool in wrk gnuplot python3 curl "$JAVA"; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing (apt-get install wrk gnuplot-nox python3 curl)" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "compare.sh: $JAR is missing; build it first (see benchmarks/README.md)" >&2; exit 1; }
[ "$ROUNDS" -ge 1 ] && [ "$CHUNK" -ge 1 ] && [ "$DURATION" -ge 1 ] || { echo "compare.sh: ROUNDS, CHUNK, DURATION must be >= 1" >&2; exit 1; }
[ "$SPREAD" -ge 1 ] && [ "$SPREAD" -le "$KEYS" ] || { echo "compare.sh: SPREAD must be between 1 and KEYS" >&2; exit 1; }
[ "$PG_KEYS" -ge "$KEYS" ] || { echo "compare.sh: PG_KEYS ($PG_KEYS) must be >= KEYS ($KEYS)" >&2; exit 1; }
read -r -a MODE_LIST <<<"$MODES"

mkdir -p "$OUT/wrk" "$OUT/logs"
RESULTS=$OUT/results.tsv
SERVER=
WRK=

stop_server() {
  [ -n "$SERVER" ] || return 0
  kill "$SERVER" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$WRK" ] && kill "$WRK" 2>/dev/null || true
  stop_server
  exit "$status"
}
trap cleanup EXIT
trap 'echo "compare.sh: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

# wrk in the background so a signal reaches the trap at once; its output to $1.
run_wrk() {
  local out=$1 seconds=$2; shift 2
  timeout $((seconds + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" "$@" >"$out" 2>&1 &
  WRK=$!
  wait "$WRK" || { WRK=; echo "compare.sh: wrk failed, see $out" >&2; return 1; }
  WRK=
}
rps_of() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
# req/s, p50 ms, p99 ms, requests, non-2xx, socket errors of one wrk --latency output.
parse_wrk() {
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
       /^Requests\/sec:/ { rps = $2 }
       /^ +50%/ { p50 = ms($2) }
       /^ +99%/ { p99 = ms($2) }
       / requests in / { n = $1 }
       /Non-2xx or 3xx responses:/ { bad = $NF }
       /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i }
       END { printf "%s\t%.3f\t%.3f\t%d\t%d\t%d\n", rps, p50, p99, n, bad, errors }' "$1"
}

# The PostgreSQL tables, once per size (a seeded table of the same size is kept).
tables=
for mode in "${MODE_LIST[@]}"; do
  case $mode in pg*) tables="$tables,drf" ;; hashed*) tables="$tables,hashed" ;; esac
done
if [ -n "$tables" ]; then
  tables=$(tr ',' '\n' <<<"${tables#,}" | sort -u | paste -sd, -)
  echo "# seeding PostgreSQL ($tables, $PG_KEYS rows) at $PG_URL"
  timeout "$SEED_TIMEOUT" "$JAVA" -cp "$JAR" "$MAIN" seed --pg-url "$PG_URL" --keys "$PG_KEYS" --tables "$tables" \
    | tee "$OUT/logs/seed.log"
fi

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- 2>/dev/null || echo ' (with local changes)')"
  echo "host: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $("$JAVA" -version 2>&1 | head -n 1) $JAVA_OPTS"
  echo "wrk: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2) -t$THREADS -c$CONNECTIONS, ${DURATION} s per scenario"
  echo "warm-up: ${CHUNK} s chunks until two agree within ${SETTLE} % (from ${WARMUP_MIN} s on), at most ${WARMUP_MAX} s"
  [ -z "$NOTE" ] || echo "note: $NOTE"
  echo "modes: $MODES; rounds: $ROUNDS; keys: $KEYS in memory, $PG_KEYS in PostgreSQL (pool $POOL); valid keys loaded: $SPREAD"
} | tee "$OUT/run.txt"
printf 'round\tmode\tscenario\trps\tp50_ms\tp99_ms\trequests\tunexpected\twarmup_s\tsettled\n' >"$RESULTS"

max_server=$((START_TIMEOUT + WARMUP_MAX + 2 * DURATION + 120))
for round in $(seq 1 "$ROUNDS"); do
  # Each round starts one mode later, so no mode always runs first (or right after the same one).
  count=${#MODE_LIST[@]}
  for k in $(seq 0 $((count - 1))); do
    mode=${MODE_LIST[$(((k + round - 1) % count))]}
    tag=r$round-$mode
    info=$OUT/logs/$tag.info
    echo
    echo "## round $round/$ROUNDS, $mode"
    "$JAVA" $JAVA_OPTS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR" "$MAIN" serve --mode "$mode" \
      --info "$info" --keys "$KEYS" --pg-url "$PG_URL" --pool "$POOL" --max-seconds "$max_server" --spread "$SPREAD" \
      >"$OUT/logs/$tag.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 $((START_TIMEOUT * 5))); do
      [ -f "$info" ] && break
      kill -0 "$SERVER" 2>/dev/null || { echo "compare.sh: the $mode server died, see $OUT/logs/$tag.log" >&2; exit 1; }
      sleep 0.2
    done
    [ -f "$info" ] || { echo "compare.sh: the $mode server did not start in $START_TIMEOUT s, see $OUT/logs/$tag.log" >&2; exit 1; }
    port=$(sed -n 's/^port=//p' "$info")
    valid=$(sed -n 's/^valid=//p' "$info")
    unknown=$(sed -n 's/^unknown=//p' "$info")
    url=http://127.0.0.1:$port/
    if [ "$SPREAD" -gt 1 ]; then valid_arg=@$info.keys; else valid_arg=$valid; fi

    # Each mode must answer as expected before it is timed: the user on a valid key, 401 on an unknown one.
    body=$(curl -s -m 5 -H "Authorization: $valid" "$url")
    unknown_status=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H "Authorization: $unknown" "$url")
    if [ "$mode" = bare ]; then expect_body='"user":null'; expect_unknown=200; else expect_body="\"user\":\"user$((KEYS / 2))\""; expect_unknown=401; fi
    if [[ $body != *"$expect_body"* ]] || [ "$unknown_status" != "$expect_unknown" ]; then
      echo "compare.sh: $mode answered '$body' to the valid key and $unknown_status to the unknown one" >&2
      exit 1
    fi

    # Warm-up: chunks until two consecutive ones agree, or the cap.
    warm=0 previous=0 settled=no rates=
    while [ "$warm" -lt "$WARMUP_MAX" ]; do
      run_wrk "$OUT/wrk/$tag-warmup.txt" "$CHUNK" -s benchmarks/compare.lua "$url" -- 4 "$unknown" "$valid_arg"
      warm=$((warm + CHUNK))
      rate=$(rps_of "$OUT/wrk/$tag-warmup.txt")
      rates="$rates ${rate%.*}"
      if [ "$warm" -ge "$WARMUP_MIN" ] && awk -v a="$previous" -v b="$rate" -v p="$SETTLE" 'BEGIN { m = a > b ? a : b; d = a - b; if (d < 0) d = -d; exit !(a > 0 && d <= m * p / 100) }'; then
        settled=yes
        break
      fi
      previous=$rate
    done
    if [ "$settled" = yes ]; then
      echo "warm after $warm s (req/s of the chunks:$rates)"
    else
      echo "WARNING: $mode did not settle in $WARMUP_MAX s (req/s of the chunks:$rates); measuring anyway"
    fi

    for scenario in valid unknown; do
      wrk_out=$OUT/wrk/$tag-$scenario.txt
      if [ "$scenario" = valid ] && [ "$SPREAD" -gt 1 ]; then
        run_wrk "$wrk_out" "$DURATION" --latency -s benchmarks/compare.lua "$url" -- 0 "$unknown" "$valid_arg"
      elif [ "$scenario" = valid ]; then
        run_wrk "$wrk_out" "$DURATION" --latency -H "Authorization: $valid" "$url"
      else
        run_wrk "$wrk_out" "$DURATION" --latency -H "Authorization: $unknown" "$url"
      fi
      IFS=$'\t' read -r rps p50 p99 requests non2xx errors < <(parse_wrk "$wrk_out")
      # Unexpected answers: anything but 200 on a valid key (and on bare), anything but 4xx on an unknown one.
      if [ "$scenario" = valid ] || [ "$mode" = bare ]; then unexpected=$((non2xx + errors)); else unexpected=$((requests - non2xx + errors)); fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$scenario" "$rps" "$p50" "$p99" \
        "$requests" "$unexpected" "$warm" "$settled" >>"$RESULTS"
      printf '%-8s %10s req/s   p50 %8s ms   p99 %8s ms%s\n' "$scenario" "$rps" "$p50" "$p99" \
        "$([ "$unexpected" -eq 0 ] || echo "   WARNING: $unexpected unexpected answers")"
    done
    stop_server
  done
done

echo
python3 benchmarks/compare-summary.py "$RESULTS" "$OUT" | tee "$OUT/summary.md"
subtitle="$(sed -n 's/^date: //p' "$OUT/run.txt" | cut -c1-10), $(nproc) cores, $ROUNDS round(s), wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s per scenario"
[ "$SPREAD" -eq 1 ] || subtitle="$subtitle, $SPREAD valid keys"
gnuplot -e "data='$OUT/ratios.tsv'; out='$OUT/compare.png'; subtitle='$subtitle'; note='${NOTE//\'/}'" benchmarks/compare.gp
echo "chart: $OUT/compare.png"
if [ "$PUBLISH" = 1 ]; then
  cp "$OUT/compare.png" benchmarks/compare.png
  cp "$RESULTS" benchmarks/compare-results.tsv
  cp "$OUT/summary.tsv" benchmarks/compare-summary.tsv
  cp "$OUT/run.txt" benchmarks/compare-run.txt
  echo "published: benchmarks/compare.png, compare-results.tsv, compare-summary.tsv, compare-run.txt"
fi
