#!/usr/bin/env bash
# Where the CPU of the gateway's cached GET path goes with metrics on: a CPU profile (async-profiler,
# fetched from Maven Central) of one JVM under wrk load, after a warm-up, and the share of the event
# loops' samples spent in metrics code (Micrometer, vertx-micrometer, Emporium's metrics classes).
# A share of samples does not depend on how fast a shared machine happens to be this minute, which
# the throughput ratio of metrics-overhead.sh does; the two together say what metrics cost.
#
#   bash tests/bench/metrics-profile.sh             # 20 s profile, metrics on
#   METRICS=false bash tests/bench/metrics-profile.sh   # the same with metrics off (the floor)
set -euo pipefail
cd "$(dirname "$0")/../.."

METRICS=${METRICS:-true}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18482}
PROFILER_VERSION=4.0
JAR=${JAR:-verticles/launcher/target/emporium.jar}
WORK=${TMPDIR:-/tmp}/emporium-metrics-profile
POLICIES='{"policies": {"ip": {"key": "ip", "rate": 1000000, "burst": 10000000}}, "groups": {"read": ["ip"], "write": ["ip"], "auth": ["ip"], "admin": ["ip"]}}'

log() { printf '[metrics-profile] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null 2>&1; then
  log "wrk is not installed: installing it with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
[ -f "$JAR" ] || { log "building the jar"; mvn -B -ntp -q -DskipTests package; }

mkdir -p "$WORK"
library="$WORK/libasyncProfiler.so"
if [ ! -f "$library" ]; then
  case "$(uname -m)" in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) log "no async-profiler for $(uname -m)"; exit 1 ;; esac
  log "fetching async-profiler $PROFILER_VERSION from Maven Central"
  mvn -B -ntp -q dependency:copy -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION" -DoutputDirectory="$WORK"
  unzip -o -q -j "$WORK/async-profiler-$PROFILER_VERSION.jar" "$arch/libasyncProfiler.so" -d "$WORK"
fi

out="$WORK/jvm.log"
EMPORIUM_RATELIMIT_POLICIES="$POLICIES" \
java -Xmx512m -jar "$JAR" --http.port="$PORT" --http.host=127.0.0.1 --catalogue.demo=true \
  --metrics.enabled="$METRICS" --log.levels=ROOT=WARN >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q 'Emporium ready' "$out" && break
  kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; log "the JVM exited"; exit 1; }
  sleep 0.5
done
product=$(curl -sf "http://127.0.0.1:$PORT/api/products?size=1" | sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/')
[[ "$product" =~ ^[0-9a-f-]{36}$ ]] || { log "no product id from the demo catalogue"; exit 1; }
url="http://127.0.0.1:$PORT/api/products/$product"

log "warming up ($WARMUP), then profiling $DURATION of load with metrics.enabled=$METRICS"
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
profile="$WORK/profile-$METRICS.collapsed"
rm -f "$profile"
# jcmd splits its arguments at '=': the quotes keep the profiler's options in one piece.
jcmd "$pid" JVMTI.agent_load "$library" '"start,event=cpu,interval=1ms"' >/dev/null
report=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$url")
jcmd "$pid" JVMTI.agent_load "$library" "\"stop,file=$profile,collapsed\"" >/dev/null
if grep -q 'Non-2xx' <<<"$report"; then echo "$report" >&2; log "answers other than 2xx"; exit 1; fi
echo "throughput while profiling: $(awk '/^Requests\/sec:/ {print $2}' <<<"$report") requests/s (metrics.enabled=$METRICS)"

python3 - "$profile" <<'PY'
import collections, re, sys
metrics = re.compile(r'io/micrometer/|io/vertx/micrometer/|io/emporium/platform/metrics/|RequestMetrics\.lambda')
event_loop = total = in_metrics = 0
entries = collections.Counter()
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip().rpartition(' ')
    count = int(count)
    total += count
    if 'SingleThreadIoEventLoop' not in stack:
        continue
    event_loop += count
    frames = stack.split(';')
    for i, frame in enumerate(frames):
        if metrics.search(frame):
            in_metrics += count
            entries[frame.split('.')[0].split('/')[-1] + '.' + frame.rsplit('.', 1)[-1]] += count
            break
print(f"samples: {total} in all, {event_loop} on the event loops")
print(f"metrics code on the event loops: {in_metrics} samples, {100 * in_metrics / max(event_loop, 1):.1f} % of the event loops' CPU")
for entry, count in entries.most_common(6):
    print(f"  {count:6d}  {entry}")
PY
