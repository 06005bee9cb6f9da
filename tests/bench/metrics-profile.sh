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
JAR=${JAR:-verticles/launcher/target/emporium.jar}
WORK=${TMPDIR:-/tmp}/emporium-metrics-profile
log() { printf '[metrics-profile] %s\n' "$*" >&2; }
. tests/bench/lib.sh
need_wrk
need_jar

need_async_profiler "$WORK"

start_emporium "$METRICS" "$PORT" "$WORK/jvm.log"
pid=$emporium_pid
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
url=$product_url

log "warming up ($WARMUP), then profiling $DURATION of load with metrics.enabled=$METRICS"
wrk_rps "$url" "$WARMUP" >/dev/null
profile="$WORK/profile-$METRICS.collapsed"
rm -f "$profile"
# jcmd splits its arguments at '=': the quotes keep the profiler's options in one piece.
jcmd "$pid" JVMTI.agent_load "$library" '"start,event=cpu,interval=1ms"' >/dev/null
rps=$(wrk_rps "$url" "$DURATION")
jcmd "$pid" JVMTI.agent_load "$library" "\"stop,file=$profile,collapsed\"" >/dev/null
echo "throughput while profiling: $rps requests/s (metrics.enabled=$METRICS)"

python3 - "$profile" <<'PY'
import collections, re, sys
metrics = re.compile(r'io/micrometer/|io/vertx/micrometer/|io/emporium/platform/metrics/')
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
