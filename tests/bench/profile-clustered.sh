#!/usr/bin/env bash
# Where the CPU of the clustered uncached product GET goes: a gateway JVM and a product JVM in a cluster
# of their own on loopback (in-memory store, demo catalogue, every policy on, the access log written to a
# file), each seeing CLUSTER_CORES cores (-XX:ActiveProcessorCount, as run.sh's clustered system), wrk
# with Cache-Control: no-cache after a warm-up, async-profiler on both JVMs. Prints each JVM's CPU per
# request, the gateway's samples by kind of work (which event-loop task, socket reads, the JIT, other
# threads) and what the JIT compiled meanwhile; leaves both profiles (collapsed stacks) in $WORK.
#
#   bash tests/bench/profile-clustered.sh
#   JAR=/tmp/other.jar NAME=before bash tests/bench/profile-clustered.sh   # another build, for a before/after
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-32}
CLUSTER_CORES=${CLUSTER_CORES:-1}
NAME=${NAME:-current}
JAR=${JAR:-verticles/launcher/target/emporium.jar}
WORK=${TMPDIR:-/tmp}/emporium-profile
log() { printf '[profile-clustered] %s\n' "$*" >&2; }
. tests/bench/lib.sh
need_wrk
need_jar
need_async_profiler "$WORK"

own_cluster "emporium-profile-$$" 63 "$WORK/cluster.xml"
start() { # name port roles extra...: prints the pid
  local name=$1 p=$2 roles=$3; shift 3
  EMPORIUM_RATELIMIT_POLICIES="$RELAXED_POLICIES" EMPORIUM_CLUSTER_SECRET=profile-cluster-secret-0123456789abcdef \
    EMPORIUM_JWT_SECRET=profile-jwt-secret-0123456789abcdef0123456789 \
    java -XX:ActiveProcessorCount="$CLUSTER_CORES" -Dhazelcast.socket.bind.any=false -jar "$JAR" \
    --http.host=127.0.0.1 --http.port="$p" --roles="$roles" --store=memory \
    --log.levels=ROOT=WARN,emporium.access=INFO --cluster.enabled=true --cluster.config="$WORK/cluster.xml" \
    --cluster.host=127.0.0.1 "$@" > "$WORK/$NAME-$name.log" 2>&1 &
  echo $!
}
http=$(port)
product_pid=$(start product 0 product,user --catalogue.demo=true)
gateway_pid=$(start gateway "$http" gateway)
trap 'kill "$gateway_pid" "$product_pid" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
id=
for _ in $(seq 1 120); do  # the gateway answers once it has discovered the product JVM
  id=$(curl -fs "http://127.0.0.1:$http/api/products?size=1" 2>/dev/null | sed -nE 's/.*"id":"([0-9a-f-]{36})".*/\1/p' || true)
  [[ "$id" =~ ^[0-9a-f-]{36}$ ]] && break
  sleep 1
done
[[ "$id" =~ ^[0-9a-f-]{36}$ ]] || { tail -n 20 "$WORK/$NAME-gateway.log" >&2; log "the clustered system does not answer"; exit 1; }
url="http://127.0.0.1:$http/api/products/$id"
export WRK_HEADER='Cache-Control: no-cache'
log "warming up (${WARMUP}s), then profiling ${DURATION}s of uncached GETs through the gateway JVM"
wrk_rps "$url" "${WARMUP}s" >/dev/null
compiles() { jcmd "$gateway_pid" PerfCounter.print | awk -F= '/^sun.ci.totalCompiles=/ {c=$2} /^java.ci.totalTime=/ {t=$2} /^sun.os.hrt.frequency=/ {f=$2} END {print c, t / f}'; }
for pid in "$gateway_pid" "$product_pid"; do
  jcmd "$pid" JVMTI.agent_load "$library" '"start,event=cpu,interval=1ms"' >/dev/null
done
read -r compiles0 jit0 <<<"$(compiles)"
g0=$(cpu_ticks "$gateway_pid"); p0=$(cpu_ticks "$product_pid")
read -r rps requests <<<"$(wrk_run "$url" "${DURATION}s")"
g1=$(cpu_ticks "$gateway_pid"); p1=$(cpu_ticks "$product_pid")
read -r compiles1 jit1 <<<"$(compiles)"
jcmd "$gateway_pid" JVMTI.agent_load "$library" "\"stop,file=$WORK/$NAME-gateway.collapsed,collapsed\"" >/dev/null
jcmd "$product_pid" JVMTI.agent_load "$library" "\"stop,file=$WORK/$NAME-product.collapsed,collapsed\"" >/dev/null
ticks=$(getconf CLK_TCK)
python3 - "$WORK/$NAME-gateway.collapsed" "$NAME" "$rps" "$requests" "$ticks" "$g0" "$g1" "$p0" "$p1" \
  "$compiles0" "$compiles1" "$jit0" "$jit1" "$DURATION" <<'PY'
import collections, sys
path, name, rps, n, ticks = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
g0, g1, p0, p1, c0, c1 = (float(v) for v in sys.argv[6:12])
jit0, jit1, seconds = float(sys.argv[12]), float(sys.argv[13]), float(sys.argv[14])
print(f"{name}: {rps:.0f} requests/s; CPU per request: gateway JVM {(g1 - g0) * 1e6 / ticks / n:.1f} us, "
      f"product JVM {(p1 - p0) * 1e6 / ticks / n:.1f} us")
print(f"gateway JIT while profiling: {c1 - c0:.0f} compilations, {jit1 - jit0:.2f} s of compiler time "
      f"({100 * (jit1 - jit0) / seconds:.1f} % of one core)")
# Each sample goes to the kind of work it was part of, by the outermost frame that tells.
kinds = [('answer: bus reply -> HTTP answer (the breaker completion task)', ('CircuitBreakerImpl$Completion',)),
         ('request: HTTP read, policies, bus send', ('Http1xServerConnection', 'HttpObjectDecoder', 'Http1xServerRequestHandler')),
         ('bus inbound (other than replies)', ('eventbus',)),
         ('bus sends flushed (one writev per batch)', ('FlushConsolidationHandler',)),
         ('socket reads (syscall and copy)', ('NioSocketChannel.doReadBytes',)),
         ('selector', ('NioIoHandler.select', 'SelectorImpl')),
         ('JIT compiler threads', ('CompileBroker',)), ('GC and VM threads', ('VMThread', 'GCTask', 'G1', 'Serial')),
         ('access log writer thread', ('AccessLog.drain',)), ('Hazelcast threads', ('com/hazelcast',))]
shares = collections.Counter(); total = 0
for line in open(path):
    stack, _, count = line.rstrip().rpartition(' ')
    count = int(count); total += count
    loop = 'SingleThreadIoEventLoop' in stack or 'vert.x-eventloop' in stack
    label = next((k for k, keys in kinds if any(key in stack for key in keys)
                  and (loop or not k.startswith(('answer', 'request', 'bus', 'socket', 'selector')))), None)
    shares[label or ('other event-loop work' if loop else 'other threads')] += count
print(f"gateway samples: {total}")
for label, count in shares.most_common():
    print(f"  {100 * count / max(total, 1):5.1f} %  {label}")
PY
log "profiles: $WORK/$NAME-gateway.collapsed and $WORK/$NAME-product.collapsed (collapsed stacks)"
