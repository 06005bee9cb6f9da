#!/usr/bin/env bash
# Where the CPU of the gateway's cached product GET goes, every policy on and the access log on
# (written to a file, as a container's stdout is): an async-profiler CPU profile of one JVM under wrk
# load after a warm-up, the share of the event loops' samples per component, and a flame graph.
#
#   bash tests/bench/profile.sh                  # writes /tmp/emporium-profile/flame.html
#   JAR=/tmp/other.jar NAME=before bash tests/bench/profile.sh   # another build, for a before/after
#   WRK_HEADER='Cache-Control: no-cache' bash tests/bench/profile.sh   # the uncached path (memory store)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18483}
NAME=${NAME:-current}
JAR=${JAR:-verticles/launcher/target/emporium.jar}
WORK=${TMPDIR:-/tmp}/emporium-profile
log() { printf '[profile] %s\n' "$*" >&2; }
. tests/bench/lib.sh
need_wrk
need_jar
need_async_profiler "$WORK"
LOG_LEVELS='ROOT=WARN,emporium.access=INFO' start_emporium true "$PORT" "$WORK/$NAME-jvm.log"
pid=$emporium_pid
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
log "warming up ($WARMUP), then profiling $DURATION of cached GETs"
wrk_rps "$product_url" "$WARMUP" >/dev/null
jcmd "$pid" JVMTI.agent_load "$library" '"start,event=cpu,interval=1ms"' >/dev/null
rps=$(wrk_rps "$product_url" "$DURATION")
jcmd "$pid" JVMTI.agent_load "$library" "\"stop,file=$WORK/$NAME.collapsed,collapsed\"" >/dev/null
echo "$NAME: $rps requests/s while profiling; access log lines: $(grep -c 'GET /api/products' "$WORK/$NAME-jvm.log" || true)"
python3 - "$WORK/$NAME.collapsed" <<'PY'
import collections, sys
# A sample belongs to the innermost library or Emporium frame on its stack (what called into the JDK),
# unless it is in the transport under it (netty, Vert.x's HTTP and socket code, the kernel): writing an
# answer costs the same whoever writes it, so it counts as transport, as in the bare server.
components = [('access log (logback)', ('ch/qos/logback',)), ('access log', ('RequestLog.lambda', 'AccessLog')),
              ('tracing (OpenTelemetry)', ('opentelemetry',)),
              ('metrics', ('io/micrometer', 'io/vertx/micrometer', 'emporium/platform/metrics')),
              ('rate limiting', ('gateway/policy/ratelimit',)), ('cache', ('gateway/policy/cache',)),
              ('jackson', ('com/fasterxml',)), ('vertx-web', ('io/vertx/ext/web',)),
              ('other Emporium code', ('io/emporium',))]
layers = [('kernel (system calls)', ('_[k]',)), ('vertx-core', ('io/vertx/core',)), ('netty', ('io/netty',))]
TRANSPORT = ('io/netty', 'io/vertx/core/http/impl', 'io/vertx/core/net/impl', '_[k]')
def owner(frames, table):
    return next((label for f in reversed(frames) for label, keys in table if any(k in f for k in keys)), None)
def component(frames):
    for f in reversed(frames):
        if any(t in f for t in TRANSPORT):
            return None
        label = next((label for label, keys in components if any(k in f for k in keys)), None)
        if label:
            return label
    return None
loop = total = 0
shares = collections.Counter()
for line in open(sys.argv[1]):
    stack, _, count = line.rstrip().rpartition(' ')
    count = int(count); total += count
    if 'SingleThreadIoEventLoop' not in stack and 'vert.x-eventloop' not in stack:
        continue
    loop += count
    frames = stack.split(';')
    shares[component(frames) or owner(frames, layers) or 'other (JDK, native)'] += count
print(f"samples: {total}, on the event loops: {loop} ({100 * loop / max(total, 1):.0f} %)")
for name, count in shares.most_common():
    print(f"  {100 * count / max(loop, 1):5.1f} %  {name}")
PY
