#!/usr/bin/env bash
# Metrics on vs off: throughput of the gateway's GET path (GET /api/products/{id}; the GET cache serves
# it) in two JVMs started side by side, one with metrics.enabled=true and one with =false, same flags,
# on loopback. Only one is loaded at a time: short runs alternate between them in pairs (on-off, then
# off-on), so that a shared machine whose speed drifts (this one varies by half from minute to minute)
# slows both alike. Prints each pair, the sums and the ratio (target: on >= 95 % of off).
#
#   bash tests/bench/metrics-overhead.sh              # 12 pairs of 5 s runs after a 15 s warm-up each
#   PAIRS=20 DURATION=5s CONNECTIONS=64 bash tests/bench/metrics-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PAIRS=${PAIRS:-12}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT_ON=${PORT_ON:-18480}
PORT_OFF=${PORT_OFF:-18481}
JAR=${JAR:-verticles/launcher/target/emporium.jar}
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

pids=()
stop_jvms() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_jvms EXIT

# Starts the jar with metrics on or off on a port and waits for it; sets $url to one product's.
start_jvm() {
  local metrics=$1 port=$2 out product
  out=$(mktemp)
  # Every policy stays on, with rate limits far above the load: otherwise most answers are 429s
  # and the run measures the rate limiter's refusals instead of the cached GET.
  EMPORIUM_RATELIMIT_POLICIES="$POLICIES" \
  java -Xmx512m -jar "$JAR" --http.port="$port" --http.host=127.0.0.1 --catalogue.demo=true \
    --metrics.enabled="$metrics" --log.levels=ROOT=WARN >"$out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    grep -q 'Emporium ready' "$out" && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$out" >&2; log "the JVM exited"; exit 1; }
    sleep 0.5
  done
  grep -q 'Emporium ready' "$out" || { cat "$out" >&2; log "the JVM did not start"; exit 1; }
  rm -f "$out"
  product=$(curl -sf "http://127.0.0.1:$port/api/products?size=1" | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')
  [[ "$product" =~ ^[0-9a-f-]{36}$ ]] || { log "no product id from the demo catalogue"; exit 1; }
  url="http://127.0.0.1:$port/api/products/$product"
}

# Requests per second of one wrk run; any answer but 2xx makes the figure meaningless, so it stops the script.
measure() {
  local url=$1 duration=$2 report
  report=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" "$url")
  if grep -q 'Non-2xx' <<<"$report"; then echo "$report" >&2; log "answers other than 2xx: the figure would not measure the GET path"; exit 1; fi
  awk '/^Requests\/sec:/ {print $2}' <<<"$report"
}

start_jvm true "$PORT_ON"; url_on=$url
start_jvm false "$PORT_OFF"; url_off=$url
log "warming up both JVMs ($WARMUP each)"
measure "$url_on" "$WARMUP" >/dev/null
measure "$url_off" "$WARMUP" >/dev/null

on_sum=0
off_sum=0
ratios=()
for pair in $(seq 1 "$PAIRS"); do
  if (( pair % 2 )); then
    on=$(measure "$url_on" "$DURATION"); off=$(measure "$url_off" "$DURATION")
  else
    off=$(measure "$url_off" "$DURATION"); on=$(measure "$url_on" "$DURATION")
  fi
  ratio=$(awk -v on="$on" -v off="$off" 'BEGIN {printf "%.1f", 100 * on / off}')
  ratios+=("$ratio")
  on_sum=$(awk -v a="$on_sum" -v b="$on" 'BEGIN {print a + b}')
  off_sum=$(awk -v a="$off_sum" -v b="$off" 'BEGIN {print a + b}')
  log "pair $pair: metrics on $on, off $off requests/s ($ratio %)"
done

median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "metrics on : mean $(awk -v s="$on_sum" -v n="$PAIRS" 'BEGIN {printf "%.0f", s / n}') requests/s over $PAIRS runs of $DURATION"
echo "metrics off: mean $(awk -v s="$off_sum" -v n="$PAIRS" 'BEGIN {printf "%.0f", s / n}') requests/s over $PAIRS runs of $DURATION"
echo "ratio on/off: $(awk -v on="$on_sum" -v off="$off_sum" 'BEGIN {printf "%.1f", 100 * on / off}') % of the sums, median of the pairs ${median} % (target >= 95 %)"
