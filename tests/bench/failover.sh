#!/usr/bin/env bash
# Failover under load, on loopback only, bounded (a few minutes per policy mode). Builds the jar when
# missing, creates a PostgreSQL database of its own (emporium_failover), starts a cluster of its own (a
# gateway JVM with the user service, two product JVMs on PostgreSQL), sets the product service's mesh
# policy through the admin API and, under a steady uncached read load at a fixed rate (FixedRateLoad,
# measured from each read's intended start), runs one after the other:
#   kill    kill -9 of one product JVM, then a replacement started
#   stop    SIGSTOP of one product JVM for STOP_SECONDS (15), then SIGCONT; also the time from SIGCONT
#           until the gateway's /api/mesh/stats lists two product instances again
#   rolling SIGTERM of each product JVM in turn, started again, waited for until discovered, then the next
# and prints for each: reads sent, ok, errors (answers >= 400 or none), p50/p99/max latency; for kill and stop
# also the reads cut into windows around the signal (tests/bench/read-windows.py: before, its first 100 ms,
# then until SIGCONT, after it) with the reads over 100 ms by half second, and the mesh's hedging, retry and
# ejection counters summed over the gateway's verticles: where a tail comes from.
#   bash tests/bench/failover.sh   (MODES="on" by default; MODES="off on" adds the shipped policy first, for a
#                                   before/after; SCENARIOS="kill stop rolling" by default; RATE=200 CONNECTIONS=8
#                                   STOP_SECONDS=15; WARM_SECONDS=5, longer when kill does not run first and warm
#                                   the JVMs; JVM_OPTS for the cluster's JVMs, e.g. "-Xlog:gc:file=/tmp/gc-%p.log";
#                                   JAR=path for another build)
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${RATE:-200}
CONNECTIONS=${CONNECTIONS:-8}
STOP_SECONDS=${STOP_SECONDS:-15}
WARM_SECONDS=${WARM_SECONDS:-5}
MODES=${MODES:-on}
SCENARIOS=${SCENARIOS:-kill stop rolling}
PG_PASSWORD=${EMPORIUM_TEST_PG_PASSWORD:-emporium}
PG_DB=${EMPORIUM_FAILOVER_PG_DB:-emporium_failover}
PG_URL="postgresql://postgres:${PG_PASSWORD}@127.0.0.1:5432/${PG_DB}"
JAR=${JAR:-verticles/launcher/target/emporium.jar}
WORK=$(mktemp -d /tmp/emporium-failover.XXXXXX)
log() { printf '[failover %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
. tests/bench/lib.sh

# Warnings, and the steps of discovery, membership and rejoin (a few lines per event): the logs explain a run.
STEPS=ROOT=WARN,io.emporium.platform.discovery=INFO,io.emporium.launcher=INFO,io.emporium.platform.mesh=INFO

declare -A PID
cleanup() {
  for name in "${!PID[@]}"; do kill -CONT "${PID[$name]}" 2>/dev/null || true; kill "${PID[$name]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL must run on 127.0.0.1:5432"; exit 1; }
if [ ! -f "$JAR" ]; then
  log "building the jar"
  mvn -B -ntp -q -DskipTests package -pl verticles/launcher -am
fi
need_bench_jar

ADMIN_EMAIL=failover@example.org
ADMIN_PASSWORD='Kx7-failover-Qm2v-Lr9t'
# Product policy with the issue-19 tools on (as HungProductClusterTest): a per-attempt timeout below the
# call's, hedged reads and latency-based ejection.
POLICY_ON='{"retry": {"maxAttempts": 2, "attemptTimeoutMs": 1000},
 "hedge": {"enabled": true, "minDelayMs": 10, "maxDelayMs": 50, "budgetPercent": 20},
 "latencyOutlier": {"enabled": true, "factor": 3, "minLatencyMs": 30, "intervals": 2, "baseEjectionMs": 1000, "maxEjectionMs": 10000}}'
# The shipped values, for the "off" mode (a fresh cluster each mode, so only the defaults matter).
POLICY_OFF='{"retry": {"attemptTimeoutMs": 0}, "hedge": {"enabled": false}, "latencyOutlier": {"enabled": false}}'

own_cluster "emporium-failover-$$" 58 "$WORK/cluster.xml"

start_jvm() { # name extra...: a clustered JVM, its pid in PID[name], its output in $WORK/name.log (appended)
  local name=$1; shift
  EMPORIUM_RATELIMIT_POLICIES="$RELAXED_POLICIES" EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
    EMPORIUM_JWT_SECRET=failover-secret-0123456789abcdef0123456789 EMPORIUM_CLUSTER_SECRET=failover-cluster-0123456789abcdef \
    java -Xmx384m ${JVM_OPTS:-} -Dhazelcast.socket.bind.any=false -jar "$JAR" --cluster.enabled=true --cluster.config="$WORK/cluster.xml" \
    --cluster.host=127.0.0.1 --store=postgres --pg.url="$PG_URL" --log.levels="${LEVELS:-$STEPS,emporium.access=WARN}" "$@" \
    >> "$WORK/$name.log" 2>&1 &
  PID[$name]=$!
}
wait_log() { # name pattern seconds
  for _ in $(seq 1 $(($3 * 2))); do
    grep -q "$2" "$WORK/$1.log" && return 0
    kill -0 "${PID[$1]}" 2>/dev/null || { tail -30 "$WORK/$1.log" >&2; log "$1 exited"; exit 1; }
    sleep 0.5
  done
  tail -30 "$WORK/$1.log" >&2; log "$1: no '$2' within $3 s"; exit 1
}
stop_jvm() { # name: SIGTERM, wait until the process is gone (bounded)
  local pid=${PID[$1]}
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && { log "$1 did not stop within 30 s of SIGTERM: kill -9"; kill -9 "$pid"; }
  wait "$pid" 2>/dev/null || true
}
api() { curl -s -m 5 -H "Authorization: Bearer $TOKEN" "$@"; }
product_instances() { # the fewest product instances any gateway verticle's mesh lists (-1: no answer)
  api "http://127.0.0.1:$GW_PORT/api/mesh/stats" | python3 -c '
import json, sys
try: print(min(len(v["services"]["product"]["instances"]) for v in json.load(sys.stdin)["verticles"]))
except Exception: print(-1)'
}
# Two answers in a row: one answer could be a moment's.
wait_instances() { # count seconds: seconds waited, or "none" past the bound
  local start=$SECONDS hits=0
  while [ $((SECONDS - start)) -lt "$2" ]; do
    if [ "$(product_instances)" = "$1" ]; then hits=$((hits + 1)); [ $hits -ge 2 ] && { echo $((SECONDS - start)); return 0; }
    else hits=0; fi
    sleep 0.5
  done
  echo none
}
now_ms() { date +%s%3N; }

# load SECONDS: starts FixedRateLoad in the background (5 s unrecorded warm-up first), output $WORK/load.out
load() {
  java -Xmx256m -Dreads="$WORK/reads.log" -cp "$BENCH_JAR" io.emporium.bench.FixedRateLoad "$READ_URL" "$RATE" "$1" \
    "$CONNECTIONS" 'Cache-Control: no-cache' > "$WORK/load.out" 2>&1 &
  LOAD_PID=$!
  LOG_FROM=$(wc -l < "$WORK/gateway.log")
  sleep 5  # the warm-up; what follows is recorded
}
report() { # mode scenario extra: prints the load's figures
  wait "$LOAD_PID" || true
  local line; line=$(grep '^RESULT' "$WORK/load.out" || true)
  [ -n "$line" ] || { cat "$WORK/load.out" >&2; log "no RESULT from the load"; exit 1; }
  # The gateway's answers to the reads during this scenario (warm-up included), by status, from its access log.
  local statuses
  statuses=$(tail -n +$((LOG_FROM + 1)) "$WORK/gateway.log" | awk '/emporium.access - GET \/api\/products\/:id / {
      for (i = 1; i < NF; i++) if ($i == "/api/products/:id") { c[$(i + 1)]++; break } }
    END { for (s in c) printf "%s%s=%d", (n++ ? " " : ""), s, c[s] }')
  set -- "$1" "$2" "$3" $line
  # RESULT rate sent ok errors p50 p90 p99 p999 max
  printf 'FIGURES policies=%-3s %-8s reads %6d ok %6d errors %5d  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms  %s\n' \
    "$1" "$2" "$6" "$7" "$8" "$9" "${11}" "${13}" "$3; gateway answers by status: ${statuses:-none logged}" | tee -a "$WORK/figures.txt"
}

windows() { # event_ms [recovery_ms]: the last load's reads around the event, and the mesh's counters
  python3 tests/bench/read-windows.py "$WORK/reads.log" "$@" | tee -a "$WORK/figures.txt"
  api "http://127.0.0.1:$GW_PORT/api/mesh/stats" | python3 -c '
import json, sys
views = json.load(sys.stdin)["verticles"]
total = {}
for view in views:
    p = view["services"]["product"]
    for k, v in p["totals"].items(): total[k] = total.get(k, 0) + v
    for k in ("sent", "won"): total["hedges " + k] = total.get("hedges " + k, 0) + p["hedging"][k]
    total["hedges denied"] = total.get("hedges denied", 0) + p["hedging"]["budget"]["denied"]
    total["retries denied"] = total.get("retries denied", 0) + p["retryBudget"]["denied"]
    for k, v in p["ejections"].items(): total["ejected for " + k] = total.get("ejected for " + k, 0) + v
print("MESH (product, summed over %d gateway verticles, since the cluster started): %s" % (len(views),
      ", ".join("%s %s" % (k, v) for k, v in total.items())))' | tee -a "$WORK/figures.txt"
}

run_mode() { # on|off
  local mode=$1
  log "policies $mode: creating $PG_DB"
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)" >/dev/null
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE ${PG_DB}" >/dev/null
  GW_PORT=$(port)
  # The first product JVM loads the demo catalogue; the second starts after it, on the filled database.
  start_jvm product-a --roles=product --catalogue.demo=true
  wait_log product-a 'Emporium ready' 120
  start_jvm product-b --roles=product --catalogue.demo=false
  # The gateway writes its access log (to its log file): each scenario's answers are counted by status.
  LEVELS=$STEPS,emporium.access=INFO start_jvm gateway --roles=gateway,user --http.host=127.0.0.1 --http.port="$GW_PORT"
  wait_log product-b 'Emporium ready' 120
  wait_log gateway 'Emporium ready' 120
  local login; TOKEN=
  for _ in $(seq 1 60); do
    login=$(curl -s -m 10 -H 'Content-Type: application/json' \
      -d '{"email": "'$ADMIN_EMAIL'", "password": "'$ADMIN_PASSWORD'"}' "http://127.0.0.1:$GW_PORT/api/auth/login" || true)
    TOKEN=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["accessToken"])' "$login" 2>/dev/null) && break
    sleep 1
  done
  [ -n "${TOKEN:-}" ] || { log "no admin login: $login"; exit 1; }
  [ "$(wait_instances 2 60)" != none ] || { log "the gateway does not see two product instances:" \
    "$(api "http://127.0.0.1:$GW_PORT/api/mesh/stats" | python3 -c '
import json, sys
for v in json.load(sys.stdin)["verticles"]:
    print(v["meshId"], [(i["nodeId"][:8], i["available"], i["unavailableBecause"]) for i in v["services"]["product"]["instances"]])')"
    exit 1; }
  local policy=$POLICY_ON; [ "$mode" = off ] && policy=$POLICY_OFF
  local status
  status=$(api -o "$WORK/policy.json" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' -d "$policy" \
    "http://127.0.0.1:$GW_PORT/api/admin/mesh/services/product/policy")
  [ "$status" = 200 ] || { log "policy refused ($status): $(cat "$WORK/policy.json")"; exit 1; }
  local id
  id=$(curl -s -m 5 "http://127.0.0.1:$GW_PORT/api/products?size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  READ_URL="http://127.0.0.1:$GW_PORT/api/products/$id"
  # Warm both paths (connections, JIT) before the first recorded run.
  java -Xmx256m -cp "$BENCH_JAR" io.emporium.bench.FixedRateLoad "$READ_URL" "$RATE" "$WARM_SECONDS" "$CONNECTIONS" \
    'Cache-Control: no-cache' \
    | sed 's/^RESULT/warm-up RESULT/'

  local back
  if [[ " $SCENARIOS " == *" kill "* ]]; then
  log "policies $mode: kill -9 of product-b under $RATE reads/s, replacement started 5 s later"
  load 40
  sleep 5
  local killed; killed=$(now_ms)
  kill -9 "${PID[product-b]}"; wait "${PID[product-b]}" 2>/dev/null || true
  sleep 5
  start_jvm product-b --roles=product --catalogue.demo=false
  back=$(wait_instances 2 90)
  report "$mode" kill "replacement in the gateway's view ${back} s after its start"
  windows "$killed"
  fi

  if [[ " $SCENARIOS " == *" stop "* ]]; then
  log "policies $mode: SIGSTOP of product-b for ${STOP_SECONDS} s under $RATE reads/s"
  load $((STOP_SECONDS + 25))
  sleep 5
  local stopped; stopped=$(now_ms)
  kill -STOP "${PID[product-b]}"
  sleep "$STOP_SECONDS"
  local frozen_view; frozen_view=$(product_instances)
  kill -CONT "${PID[product-b]}"
  local thawed; thawed=$(now_ms)
  back=$(wait_instances 2 120)
  local seen=none; [ "$back" != none ] && seen=$(( ($(now_ms) - thawed) / 1000 ))
  report "$mode" stop "two product instances in the gateway's view again ${seen} s after SIGCONT (${frozen_view} listed just before it)"
  windows "$stopped" "$thawed"
  fi

  if [[ " $SCENARIOS " == *" rolling "* ]]; then
  log "policies $mode: rolling restart of product-a and product-b under $RATE reads/s"
  load 120
  local started; started=$(now_ms)
  sleep 5
  for name in product-a product-b; do
    stop_jvm "$name"
    start_jvm "$name" --roles=product --catalogue.demo=false
    wait_log "$name" 'Emporium ready' 120
    [ "$(wait_instances 2 60)" != none ] || log "$name: not back in the gateway's view within 60 s"
  done
  local took=$(( ($(now_ms) - started) / 1000 ))
  # The load goes on to its end (a fixed length); the restarts took the seconds printed.
  report "$mode" rolling "both restarted in ${took} s of the 120 s recorded"
  fi

  for name in gateway product-a product-b; do stop_jvm "$name"; unset "PID[$name]"; done
}

log "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; logs in $WORK"
for mode in $MODES; do run_mode "$mode"; done
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/figures.txt"
