#!/usr/bin/env bash
# Soak test (not part of the test command): a small cluster on loopback — one gateway, one user and
# two product JVMs on PostgreSQL — under mixed traffic for a chosen time, reporting throughput,
# latency percentiles, errors, and each JVM's heap after a full GC and open file descriptors at the
# start and at the end, so that a leak shows as drift.
#
#   bash tests/soak.sh [minutes=30] [clients=8]
#
# Needs what `bash tests/run.sh` sets up: PostgreSQL on 127.0.0.1:5432 (it creates and drops the
# database emporium_soak; EMPORIUM_SOAK_PG_URL names another server) and a built jar (built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=${1:-30}
CLIENTS=${2:-8}
PG_BASE=${EMPORIUM_SOAK_PG_URL:-postgresql://postgres:${EMPORIUM_TEST_PG_PASSWORD:-emporium}@127.0.0.1:5432}
PG_URL="$PG_BASE/emporium_soak"
JAR=verticles/launcher/target/emporium.jar
WORK=$(mktemp -d /tmp/emporium-soak.XXXXXX)
ADMIN_EMAIL=soak-admin@example.com
ADMIN_PASSWORD="soak-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')-Pw1"
export EMPORIUM_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
export EMPORIUM_CLUSTER_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
PIDS=()

log() { printf '[soak] %s\n' "$*"; }

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS emporium_soak WITH (FORCE)" >/dev/null 2>&1 || true
  log "logs kept in $WORK"
}
trap cleanup EXIT

if [ ! -f "$JAR" ]; then
  log "building the jar"
  mvn -B -ntp -q -pl verticles/launcher -am package -DskipTests
fi
psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS emporium_soak WITH (FORCE)" >/dev/null
psql "$PG_BASE/postgres" -qc "CREATE DATABASE emporium_soak" >/dev/null

# A cluster of its own: the loopback configuration under a unique cluster name.
sed "s|<cluster-name>[^<]*</cluster-name>|<cluster-name>emporium-soak-$$</cluster-name>|" \
  cluster-config/loopback.xml > "$WORK/hazelcast.xml"

start() { # name, then --key=value arguments
  local name=$1; shift
  java -Xmx256m -jar "$JAR" --cluster.enabled=true --cluster.config="$WORK/hazelcast.xml" "$@" \
    > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  echo $! > "$WORK/$name.pid"
  for _ in $(seq 1 120); do
    grep -q "Emporium ready" "$WORK/$name.log" && return 0
    kill -0 "$(cat "$WORK/$name.pid")" 2>/dev/null || { tail -20 "$WORK/$name.log"; exit 1; }
    sleep 1
  done
  log "$name did not start"; tail -20 "$WORK/$name.log"; exit 1
}

log "starting 2 product, 1 user and 1 gateway JVM (logs in $WORK)"
EMPORIUM_PG_URL=$PG_URL start product-1 --roles=product --store=postgres --catalogue.demo=true
EMPORIUM_PG_URL=$PG_URL start product-2 --roles=product --store=postgres
EMPORIUM_PG_URL=$PG_URL EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
  start user-1 --roles=user --store=postgres
start gateway-1 --roles=gateway --http.port=0 --http.host=127.0.0.1 --ratelimit.enabled=false
PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$WORK/gateway-1.log" | grep -o '[0-9]*$')
GATEWAY=http://127.0.0.1:$PORT
for _ in $(seq 1 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$GATEWAY/api/health/ready")" = 200 ] && break; sleep 1
done

# Heap used after a full GC (KiB) and open file descriptors, per JVM.
state() {
  for name in product-1 product-2 user-1 gateway-1; do
    pid=$(cat "$WORK/$name.pid")
    jcmd "$pid" GC.run >/dev/null 2>&1 || true
    heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*')
    fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
    printf '[soak] %-10s %-5s heap after GC %6s KiB, open fds %4s\n' "$name" "$1" "${heap:-?}" "$fds"
  done
}

log "warming up for 30 s"
java tests/tools/Soak.java "$GATEWAY" 30 "$CLIENTS" "$ADMIN_EMAIL" "$ADMIN_PASSWORD" > "$WORK/warmup.log"
state start
log "mixed traffic for $MINUTES minute(s), $CLIENTS clients"
java tests/tools/Soak.java "$GATEWAY" $((MINUTES * 60)) "$CLIENTS" "$ADMIN_EMAIL" "$ADMIN_PASSWORD" \
  | tee "$WORK/soak.log" | sed 's/^soak: /[soak] /'
state end
