#!/usr/bin/env bash
# Metrics on vs off: throughput of the gateway's GET path (GET /api/products/{id}; the GET cache serves
# it) in two JVMs started side by side, one with metrics.enabled=true and one with =false, same flags,
# on loopback. Only one is loaded at a time: short runs alternate between them in pairs (on-off, then
# off-on), so that a shared machine whose speed drifts (this one varies by half from minute to minute)
# slows both alike. Each JVM's JIT also makes it faster or slower by some per cent for its whole life
# (two metrics-off JVMs measured this way differ by ~5 %), so the pairs are spread over several rounds
# of fresh JVMs, each warmed up for 45 s: after 20 s of load the JIT still took 14-21 % of the CPU
# samples in a profile (more with metrics on, which has more code to compile), and that, not metrics,
# decided short runs. Prints each pair, each round and the ratio of the sums (target: on >= 95 % of off).
#
#   bash tests/bench/metrics-overhead.sh              # 3 rounds of 6 pairs of 5 s runs, 45 s warm-up each (~8 min)
#   ROUNDS=5 PAIRS=4 CONNECTIONS=64 bash tests/bench/metrics-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
PAIRS=${PAIRS:-6}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-45s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT_ON=${PORT_ON:-18480}
PORT_OFF=${PORT_OFF:-18481}
JAR=${JAR:-verticles/launcher/target/emporium.jar}
log() { printf '[metrics-overhead] %s\n' "$*" >&2; }
. tests/bench/lib.sh
need_wrk
need_jar

pids=()
stop_jvms() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_jvms EXIT

add() { awk -v a="$1" -v b="$2" 'BEGIN {print a + b}'; }
percent() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", 100 * a / b}'; }

log_dir=$(mktemp -d)
on_total=0
off_total=0
rounds=()
for round in $(seq 1 "$ROUNDS"); do
  # Which JVM starts first alternates too.
  if (( round % 2 )); then
    start_emporium true "$PORT_ON" "$log_dir/on.log"; pids+=("$emporium_pid"); url_on=$product_url
    start_emporium false "$PORT_OFF" "$log_dir/off.log"; pids+=("$emporium_pid"); url_off=$product_url
  else
    start_emporium false "$PORT_OFF" "$log_dir/off.log"; pids+=("$emporium_pid"); url_off=$product_url
    start_emporium true "$PORT_ON" "$log_dir/on.log"; pids+=("$emporium_pid"); url_on=$product_url
  fi
  log "round $round: warming up both JVMs ($WARMUP each)"
  wrk_rps "$url_on" "$WARMUP" >/dev/null
  wrk_rps "$url_off" "$WARMUP" >/dev/null
  on_sum=0
  off_sum=0
  for pair in $(seq 1 "$PAIRS"); do
    if (( pair % 2 )); then
      on=$(wrk_rps "$url_on" "$DURATION"); off=$(wrk_rps "$url_off" "$DURATION")
    else
      off=$(wrk_rps "$url_off" "$DURATION"); on=$(wrk_rps "$url_on" "$DURATION")
    fi
    on_sum=$(add "$on_sum" "$on")
    off_sum=$(add "$off_sum" "$off")
    log "round $round, pair $pair: metrics on $on, off $off requests/s ($(percent "$on" "$off") %)"
  done
  stop_jvms
  rounds+=("$(percent "$on_sum" "$off_sum")")
  log "round $round: on/off $(percent "$on_sum" "$off_sum") %"
  on_total=$(add "$on_total" "$on_sum")
  off_total=$(add "$off_total" "$off_sum")
done

runs=$((ROUNDS * PAIRS))
echo "metrics on : mean $(awk -v s="$on_total" -v n="$runs" 'BEGIN {printf "%.0f", s / n}') requests/s over $runs runs of $DURATION in $ROUNDS pairs of JVMs"
echo "metrics off: mean $(awk -v s="$off_total" -v n="$runs" 'BEGIN {printf "%.0f", s / n}') requests/s over $runs runs of $DURATION in $ROUNDS pairs of JVMs"
echo "ratio on/off: $(percent "$on_total" "$off_total") % of the sums; by round: ${rounds[*]} (target >= 95 %)"
