#!/usr/bin/env bash
# Metrics on vs off: throughput of the gateway's GET path (GET /api/products/{id}; the GET cache serves
# it) in two JVMs started side by side, one with metrics.enabled=true and one with =false, same flags,
# on loopback. Only one is loaded at a time: short runs alternate between them in pairs (on-off, then
# off-on), so that a shared machine whose speed drifts (this one varies by half from minute to minute)
# slows both alike. Each JVM's JIT also makes it faster or slower by some per cent for its whole life
# (two metrics-off JVMs measured this way differ by ~5 %), so the pairs are spread over several rounds
# of fresh JVMs, each warmed up for 60 s in 10 s turns: after 20 s of load the JIT still took 14-21 % of
# the CPU samples in a profile (more with metrics on, which has more code to compile), and a JVM left
# idle for the other's whole warm-up ran slower in its next run. Prints each pair, each round, the
# ratio of the sums and the median pair (target: on >= 95 % of off), and the JVM's CPU time per request
# (from /proc): wrk shares the two cores, so the throughput ratio also carries wrk's share; the CPU
# ratio does not. TOGGLE=access-log measures the access log the same way (metrics on in both).
#
#   bash tests/bench/metrics-overhead.sh              # 3 rounds of 6 pairs of 5 s runs, 60 s warm-up each (~10 min)
#   ROUNDS=5 PAIRS=4 WARMUP=90 CONNECTIONS=64 bash tests/bench/metrics-overhead.sh
#   TOGGLE=access-log bash tests/bench/metrics-overhead.sh   # the same pairs, access log on (to a file) vs off,
#                                                              # metrics on in both
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
PAIRS=${PAIRS:-6}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT_ON=${PORT_ON:-18480}
PORT_OFF=${PORT_OFF:-18481}
JAR=${JAR:-verticles/launcher/target/emporium.jar}
TOGGLE=${TOGGLE:-metrics}
log() { printf '[metrics-overhead] %s\n' "$*" >&2; }
case "$TOGGLE" in metrics|access-log) ;; *) log "TOGGLE is metrics or access-log, not $TOGGLE"; exit 2 ;; esac
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
clock_ticks=$(getconf CLK_TCK)
# micros TICKS REQUESTS: the JVM's CPU time per request, in microseconds.
micros() { awk -v t="$1" -v n="$2" -v hz="$clock_ticks" 'BEGIN {printf "%.1f", 1e6 * t / hz / n}'; }

# Sums by key "<scope>_<figure>": scope on/off for the current round, total_on/total_off for the run;
# figure rps (requests/s of each run, summed), ticks (JVM CPU) and requests.
declare -A sum jvm_pid jvm_url
sum_of() { echo "${sum[$1]:-0}"; }

# measure NAME: one wrk run against the JVM NAME (on/off); adds to its sums and sets $rps and $cpu (us per request).
measure() {
  local name=$1 before figures requests ticks scope
  before=$(cpu_ticks "${jvm_pid[$name]}")
  figures=$(wrk_run "${jvm_url[$name]}" "$DURATION")
  ticks=$(( $(cpu_ticks "${jvm_pid[$name]}") - before ))
  rps=${figures%% *}
  requests=${figures##* }
  cpu=$(micros "$ticks" "$requests")
  for scope in "$name" "total_$name"; do
    sum[${scope}_rps]=$(add "$(sum_of "${scope}_rps")" "$rps")
    sum[${scope}_ticks]=$(( $(sum_of "${scope}_ticks") + ticks ))
    sum[${scope}_requests]=$(( $(sum_of "${scope}_requests") + requests ))
  done
}

# cpu_of SCOPE: the JVM CPU per request over SCOPE's runs.
cpu_of() { micros "$(sum_of "${1}_ticks")" "$(sum_of "${1}_requests")"; }

log_dir=$(mktemp -d)
rounds=()
pair_ratios=()
for round in $(seq 1 "$ROUNDS"); do
  # Which JVM starts first alternates too.
  order=(on off)
  (( round % 2 )) || order=(off on)
  for name in "${order[@]}"; do
    if [ "$name" = on ]; then port=$PORT_ON; else port=$PORT_OFF; fi
    metrics=true levels=ROOT=WARN
    if [ "$TOGGLE" = metrics ]; then
      [ "$name" = on ] || metrics=false
    elif [ "$name" = on ]; then
      levels=ROOT=WARN,emporium.access=INFO  # written to the JVM's log file, as a container's stdout is
    fi
    LOG_LEVELS=$levels start_emporium "$metrics" "$port" "$log_dir/$name.log"
    pids+=("$emporium_pid"); jvm_pid[$name]=$emporium_pid; jvm_url[$name]=$product_url
  done
  log "round $round: warming up both JVMs (${WARMUP}s each, in turns of 10 s)"
  # In turns: a JVM left idle while the other warmed for a minute measured slower in its next run.
  for _ in $(seq 1 $(( WARMUP / 10 ))); do
    wrk_rps "${jvm_url[on]}" 10s >/dev/null
    wrk_rps "${jvm_url[off]}" 10s >/dev/null
  done
  for key in on_rps on_ticks on_requests off_rps off_ticks off_requests; do sum[$key]=0; done
  for pair in $(seq 1 "$PAIRS"); do
    if (( pair % 2 )); then
      measure on; on=$rps on_cpu=$cpu
      measure off; off=$rps off_cpu=$cpu
    else
      measure off; off=$rps off_cpu=$cpu
      measure on; on=$rps on_cpu=$cpu
    fi
    pair_ratios+=("$(percent "$on" "$off")")
    log "round $round, pair $pair: $TOGGLE on $on, off $off requests/s ($(percent "$on" "$off") %);" \
      "CPU per request on $on_cpu, off $off_cpu us"
  done
  stop_jvms
  rounds+=("$(percent "$(sum_of on_rps)" "$(sum_of off_rps)")")
  log "round $round: throughput on/off ${rounds[-1]} %; CPU per request on $(cpu_of on), off $(cpu_of off) us"
done

runs=$((ROUNDS * PAIRS))
on_cpu=$(cpu_of total_on)
off_cpu=$(cpu_of total_off)
mean() { awk -v s="$(sum_of "${1}_rps")" -v n="$runs" 'BEGIN {printf "%.0f", s / n}'; }
echo "$TOGGLE on : mean $(mean total_on) requests/s, $on_cpu us of JVM CPU per request, over $runs runs of $DURATION in $ROUNDS pairs of JVMs"
echo "$TOGGLE off: mean $(mean total_off) requests/s, $off_cpu us of JVM CPU per request, over $runs runs of $DURATION in $ROUNDS pairs of JVMs"
echo "throughput on/off: $(percent "$(sum_of total_on_rps)" "$(sum_of total_off_rps)") % of the sums; by round: ${rounds[*]} (target >= 95 %)"
# A 5 s run that the machine slowed (this one has such minutes) weighs on a sum, not on a median.
median=$(printf '%s\n' "${pair_ratios[@]}" | sort -n | awk '{v[NR] = $1} END {printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
echo "throughput on/off, median of the $runs pairs: $median %"
echo "CPU per request off/on: $(percent "$off_cpu" "$on_cpu") % (the throughput ratio a JVM alone on its cores would show)"
