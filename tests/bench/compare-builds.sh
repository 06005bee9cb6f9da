#!/usr/bin/env bash
# Two builds of Emporium side by side, for the before and after of a change on a hot path: each build's
# server JVMs run at the same time, wrk drives them in alternating rounds, and the figure compared is the
# CPU the servers spent per request (user + system time from /proc, all threads), which drifts far less
# with the machine's speed and with other work than requests per second do. Loopback only, bounded
# (about 2 minutes with the defaults).
#
#   A=/tmp/before.jar B=verticles/launcher/target/emporium.jar bash tests/bench/compare-builds.sh
#   PATH_KIND=cached|uncached (default uncached: Cache-Control: no-cache, through mesh, bus and service)
#   CLUSTERED=true: each build as a gateway JVM and a product JVM in a cluster of its own (CPU per JVM)
#   EXTRA_A / EXTRA_B: more options for one side only (e.g. EXTRA_B=--instances.product=2 with A = B)
#   ROUNDS=6 DURATION=8 WARMUP=25 CONNECTIONS=16
set -euo pipefail
cd "$(dirname "$0")/../.."
A=${A:?A=the jar of the first build}
B=${B:-verticles/launcher/target/emporium.jar}
PATH_KIND=${PATH_KIND:-uncached}
CLUSTERED=${CLUSTERED:-false}
ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-25}
CONNECTIONS=${CONNECTIONS:-16}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/emporium-compare.XXXXXX")
log() { printf '[compare-builds] %s\n' "$*" >&2; }
. tests/bench/lib.sh
need_wrk
for jar in "$A" "$B"; do [ -f "$jar" ] || { log "no jar at $jar"; exit 1; }; done
A=$(realpath "$A"); B=$(realpath "$B")

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; sleep 1; rm -rf "$WORK"; }
trap cleanup EXIT

# start SIDE JAR PORT ROLES [options...]: one JVM, every policy on with room for the load, the access log
# written to a file; prints its pid.
start() {
  local side=$1 jar=$2 p=$3 roles=$4; shift 4
  # Each JVM runs in a folder of its own without conf/, so each build reads the defaults inside its jar
  # (a checkout's conf/emporium.json may name keys the other build does not know).
  mkdir -p "$WORK/run-$side"
  (cd "$WORK/run-$side" && EMPORIUM_RATELIMIT_POLICIES="$RELAXED_POLICIES" \
    EMPORIUM_CLUSTER_SECRET=compare-cluster-secret-0123456789abcdef \
    EMPORIUM_JWT_SECRET=compare-jwt-secret-0123456789abcdef0123456789 \
    exec java -Dhazelcast.socket.bind.any=false -jar "$jar" --http.host=127.0.0.1 --http.port="$p" --roles="$roles" \
    --log.levels=ROOT=WARN,emporium.access=INFO --store=memory --catalogue.demo=true "$@" \
    > "$WORK/$side-${roles%%,*}.log" 2>&1) &
  echo $!
}

# The first product's id once the gateway answers (a clustered gateway answers once it found the product JVM).
product_id() {
  local id
  for _ in $(seq 1 120); do
    id=$(curl -fs "http://127.0.0.1:$1/api/products?size=1" 2>/dev/null | sed -nE 's/.*"id":"([0-9a-f-]{36})".*/\1/p' || true)
    [[ "$id" =~ ^[0-9a-f-]{36}$ ]] && { echo "$id"; return; }
    sleep 1
  done
  log "no answer from the gateway on port $1; the ends of the JVMs' logs:"
  tail -n 5 "$WORK"/*.log >&2; exit 1
}

declare -A GATEWAY SERVICE URL
for side in A B; do
  jar=${!side}; extra_var=EXTRA_$side; extra=${!extra_var:-}
  http=$(port)
  if [ "$CLUSTERED" = true ]; then
    # a cluster of its own per side (name and ports), so the two builds never join each other
    own_cluster "compare-$side-$$" "$([ "$side" = A ] && echo 61 || echo 62)" "$WORK/$side.xml"
    cluster=(--cluster.enabled=true --cluster.config="$WORK/$side.xml" --cluster.host=127.0.0.1)
    # shellcheck disable=SC2086
    SERVICE[$side]=$(start "$side" "$jar" 0 product,user "${cluster[@]}" $extra)
    PIDS+=("${SERVICE[$side]}")
    # shellcheck disable=SC2086
    GATEWAY[$side]=$(start "$side" "$jar" "$http" gateway "${cluster[@]}" $extra)
  else
    # shellcheck disable=SC2086
    GATEWAY[$side]=$(start "$side" "$jar" "$http" gateway,product,user,order $extra)
  fi
  PIDS+=("${GATEWAY[$side]}")
  URL[$side]=$http
done
for side in A B; do URL[$side]="http://127.0.0.1:${URL[$side]}/api/products/$(product_id "${URL[$side]}")"; done

header=()
[ "$PATH_KIND" = uncached ] && header=(-H 'Cache-Control: no-cache')
TICKS=$(getconf CLK_TCK)
# measure SIDE SECONDS: "SIDE requests/s gateway-us/request service-us/request" (service: 0 in one JVM)
measure() {
  local side=$1 seconds=$2 g0 s0=0 g1 s1=0 report n
  g0=$(cpu_ticks "${GATEWAY[$side]}"); [ "$CLUSTERED" = true ] && s0=$(cpu_ticks "${SERVICE[$side]}")
  report=$(wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" "${header[@]}" "${URL[$side]}")
  g1=$(cpu_ticks "${GATEWAY[$side]}"); [ "$CLUSTERED" = true ] && s1=$(cpu_ticks "${SERVICE[$side]}")
  if grep -q 'Non-2xx' <<<"$report"; then echo "$report" >&2; log "answers other than 2xx on $side"; exit 1; fi
  n=$(awk '/ requests in / {print $1}' <<<"$report")
  python3 -c "print('$side %.0f %.1f %.1f' % ($n / $seconds, ($g1 - $g0) * 1e6 / $TICKS / $n, ($s1 - $s0) * 1e6 / $TICKS / $n))"
}

log "warming up (${WARMUP}s per side), then $ROUNDS alternating rounds of ${DURATION}s ($PATH_KIND, clustered: $CLUSTERED)"
measure A "$WARMUP" >/dev/null
measure B "$WARMUP" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order=(A B); else order=(B A); fi
  for side in "${order[@]}"; do measure "$side" "$DURATION"; done
done | tee "$WORK/rounds.txt"

python3 - "$WORK/rounds.txt" "$CLUSTERED" <<'PY'
import statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    side, *figures = line.split()
    rounds.setdefault(side, []).append([float(f) for f in figures])
clustered = sys.argv[2] == "true"
def median(side, i):
    return statistics.median(r[i] for r in rounds[side])
names = ["requests/s", "gateway JVM us/request" if clustered else "JVM us/request", "product JVM us/request"]
for i, name in enumerate(names if clustered else names[:2]):
    a, b = median("A", i), median("B", i)
    print(f"{name:26s} A {a:9.1f}   B {b:9.1f}   B/A {b / a:.3f}")
PY
