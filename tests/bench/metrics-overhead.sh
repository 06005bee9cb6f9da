#!/usr/bin/env bash
# Metrics on vs off: throughput of the gateway's GET path (GET /api/products/{id}; the GET cache serves
# it where the gateway has one) with metrics.enabled=true and =false, same JVM flags, on loopback.
# Rounds alternate on/off so that drift of a shared machine hits both alike; prints each round, the
# medians and the ratio (target: on >= 95 % of off).
#
#   bash tests/bench/metrics-overhead.sh            # 3 rounds of 15 s each way
#   ROUNDS=5 DURATION=20s CONNECTIONS=64 bash tests/bench/metrics-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-8s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18480}
JAR=verticles/launcher/target/emporium.jar
POLICIES='{"policies": {"ip": {"key": "ip", "rate": 1000000, "burst": 10000000}}, "groups": {"read": ["ip"], "write": ["ip"], "auth": ["ip"], "admin": ["ip"]}}'

log() { printf '[metrics-overhead] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null 2>&1; then
  log "wrk is not installed: installing it with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ ! -f "$JAR" ]; then
  log "building the jar"
  mvn -B -ntp -q -DskipTests package
fi

pid=
stop_jvm() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  pid=
}
trap stop_jvm EXIT

# Starts the jar with metrics on or off and waits for it; sets $pid and $product.
start_jvm() {
  local metrics=$1 out
  out=$(mktemp)
  # Every policy stays on, with rate limits far above the load: otherwise most answers are 429s
  # and the run measures the rate limiter's refusals instead of the cached GET.
  EMPORIUM_RATELIMIT_POLICIES="$POLICIES" \
  java -Xmx512m -jar "$JAR" --http.port="$PORT" --http.host=127.0.0.1 --catalogue.demo=true \
    --metrics.enabled="$metrics" --log.levels=ROOT=WARN >"$out" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    grep -q 'Emporium ready' "$out" && break
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; log "the JVM exited"; exit 1; }
    sleep 0.5
  done
  grep -q 'Emporium ready' "$out" || { cat "$out" >&2; log "the JVM did not start"; exit 1; }
  product=$(curl -sf "http://127.0.0.1:$PORT/api/products?size=1" | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')
  [[ "$product" =~ ^[0-9a-f-]{36}$ ]] || { log "no product id from the demo catalogue"; exit 1; }
  rm -f "$out"
}

# Requests per second of one wrk run (after a warm-up run on the same JVM); any answer but 2xx
# makes the figure meaningless, so it stops the script.
measure() {
  local url="http://127.0.0.1:$PORT/api/products/$product" report
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  report=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
  echo "$report" >&2
  if grep -q 'Non-2xx' <<<"$report"; then log "answers other than 2xx: the figure would not measure the GET path"; exit 1; fi
  awk '/^Requests\/sec:/ {print $2}' <<<"$report"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

on_results=()
off_results=()
for round in $(seq 1 "$ROUNDS"); do
  for metrics in true false; do
    start_jvm "$metrics"
    rps=$(measure)
    stop_jvm
    log "round $round, metrics.enabled=$metrics: $rps requests/s"
    if [ "$metrics" = true ]; then on_results+=("$rps"); else off_results+=("$rps"); fi
  done
done

on=$(printf '%s\n' "${on_results[@]}" | median)
off=$(printf '%s\n' "${off_results[@]}" | median)
ratio=$(awk -v on="$on" -v off="$off" 'BEGIN {printf "%.1f", 100 * on / off}')
echo "metrics on : ${on_results[*]} requests/s (median $on)"
echo "metrics off: ${off_results[*]} requests/s (median $off)"
echo "ratio on/off: ${ratio} % (target >= 95 %)"
