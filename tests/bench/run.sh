#!/usr/bin/env bash
# Benchmark of the gateway's paths against their ceilings, on loopback only, bounded in time.
# Installs wrk with apt-get when missing, builds the jar, loads 100,000 products into a PostgreSQL
# database of its own (emporium_bench), starts the system and two bare ceiling servers, drives each
# path with wrk, prints req/s, latency percentiles and each path's ratio to its ceiling, and writes
# tests/bench/RESULTS.md and tests/bench/results.svg (shown by the README).
#   bash tests/bench/run.sh            (DURATION=10 CONNECTIONS=32 THREADS=2 to change the load)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PG_PASSWORD=${EMPORIUM_TEST_PG_PASSWORD:-emporium}
PG_DB=${EMPORIUM_BENCH_PG_DB:-emporium_bench}
PG_URL="postgresql://postgres:${PG_PASSWORD}@127.0.0.1:5432/${PG_DB}"
OUT=tests/bench
WORK=$(mktemp -d /tmp/emporium-bench.XXXXXX)
log() { printf '[bench] %s\n' "$*"; }
. tests/bench/lib.sh
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

need_wrk
pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL must run on 127.0.0.1:5432 (bash tests/run.sh starts it)"; exit 1; }

log "building the jar"
mvn -B -ntp -q -DskipTests package -pl verticles/launcher -am
JAR=verticles/launcher/target/emporium.jar

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 120); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done; log "no answer from $1"; exit 1; }

log "creating ${PG_DB} with 100,000 generated products"
PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)" >/dev/null
PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE ${PG_DB}" >/dev/null
java -cp "$JAR" io.emporium.product.demo.GenerateCatalogue --pg-url="$PG_URL" --count=100000 > "$WORK/generate.log" 2>&1
# As after any bulk load: fresh planner statistics and visibility map, instead of measuring whatever
# autovacuum has reached (right after the load the planner still thinks the table is nearly empty).
PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U postgres -d "$PG_DB" -qc "VACUUM ANALYZE product.products" >/dev/null

# Every policy stays on (rate limits with room for the load, cache, input limits, stats); the access
# log line is written at INFO, so it is turned off here: console output would measure the terminal.
cat > "$WORK/logback.xml" <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %-5level %logger{30} - %msg%n</pattern></encoder></appender>
  <logger name="emporium.access" level="WARN"/>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
XML
POLICIES='{"policies": {"ip": {"key": "ip", "rate": 1000000, "burst": 10000000}}, "groups": {"read": ["ip"], "write": ["ip"], "auth": ["ip"], "admin": ["ip"]}}'
ADMIN_EMAIL=bench@example.org
ADMIN_PASSWORD='Kx7-bench-Qm2v-Lr9t-Zp4w'
start_system() { # name port store extra...
  local name=$1 p=$2 store=$3; shift 3
  EMPORIUM_RATELIMIT_POLICIES="$POLICIES" EMPORIUM_ADMIN_EMAIL=$ADMIN_EMAIL EMPORIUM_ADMIN_PASSWORD=$ADMIN_PASSWORD \
    EMPORIUM_JWT_SECRET=bench-secret-0123456789abcdef0123456789 \
    java -Dlogback.configurationFile="$WORK/logback.xml" -jar "$JAR" --http.host=127.0.0.1 --http.port="$p" \
    --instances.gateway=2 \
    --store="$store" "$@" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}
PG_PORT=$(port); MEM_PORT=$(port); BARE_PORT=$(port); BAREPG_PORT=$(port)
start_system pg "$PG_PORT" postgres --pg.url="$PG_URL" --pg.pool-size=16
start_system memory "$MEM_PORT" memory --catalogue.demo=true
wait_http "http://127.0.0.1:$PG_PORT/api/health/live"
wait_http "http://127.0.0.1:$MEM_PORT/api/health/live"

ID=$(curl -fs "http://127.0.0.1:$PG_PORT/api/products?size=1&sort=name" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
MEM_ID=$(curl -fs "http://127.0.0.1:$MEM_PORT/api/products?size=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
CATEGORY=$(curl -fs "http://127.0.0.1:$PG_PORT/api/products/$ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["category"] or "")')
curl -fs "http://127.0.0.1:$PG_PORT/api/products/$ID" > "$WORK/product.json"
java -cp "$JAR" io.emporium.launcher.bench.BareHttpServer "$BARE_PORT" "$WORK/product.json" > "$WORK/bare.log" 2>&1 &
PIDS+=($!)
java -cp "$JAR" io.emporium.launcher.bench.BarePgServer "$BAREPG_PORT" "$PG_URL" 16 > "$WORK/barepg.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$BARE_PORT/"
wait_http "http://127.0.0.1:$BAREPG_PORT/products/$ID"

LOGIN='{"email": "'$ADMIN_EMAIL'", "password": "'$ADMIN_PASSWORD'"}'
status=$(curl -s -o "$WORK/login.json" -w '%{http_code}' -H 'Content-Type: application/json' -d "$LOGIN" \
  "http://127.0.0.1:$PG_PORT/api/auth/login")
[ "$status" = 200 ] || { log "login does not work ($status): $(cat "$WORK/login.json")"; exit 1; }

cat > "$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
LUA
cat > "$WORK/nocache.lua" <<'LUA'
wrk.headers["Cache-Control"] = "no-cache"
LUA
cat "$WORK/report.lua" >> "$WORK/nocache.lua"
cat > "$WORK/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email": "$ADMIN_EMAIL", "password": "$ADMIN_PASSWORD"}'
LUA
cat "$WORK/report.lua" >> "$WORK/login.lua"

RESULTS="$WORK/results.txt"; : > "$RESULTS"
run() { # name script url [connections]
  local name=$1 script=$2 url=$3 conns=${4:-$CONNECTIONS}
  wrk -t"$THREADS" -c"$conns" -d5s -s "$script" "$url" > /dev/null 2>&1 || true  # warm-up
  local line
  line=$(wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" -s "$script" "$url" | grep '^RESULT')
  echo "$name ${line#RESULT }" | tee -a "$RESULTS"
}
log "driving each path for ${DURATION}s (${THREADS} threads, ${CONNECTIONS} connections, after a 5 s warm-up)"
run bare-http "$WORK/report.lua" "http://127.0.0.1:$BARE_PORT/"
run cached-get "$WORK/report.lua" "http://127.0.0.1:$PG_PORT/api/products/$ID"
run bare-pg "$WORK/report.lua" "http://127.0.0.1:$BAREPG_PORT/products/$ID"
run uncached-get-pg "$WORK/nocache.lua" "http://127.0.0.1:$PG_PORT/api/products/$ID"
run uncached-get-memory "$WORK/nocache.lua" "http://127.0.0.1:$MEM_PORT/api/products/$MEM_ID"
# queries over 100,000 rows and password hashes: latency is what matters, at a client's concurrency
run filtered-list "$WORK/nocache.lua" "http://127.0.0.1:$PG_PORT/api/products?category=$CATEGORY&minPrice=10&maxPrice=500&inStock=true&sort=price&currency=EUR&size=20" 4
run search-100k "$WORK/nocache.lua" "http://127.0.0.1:$PG_PORT/api/products/search/porcelain%20cup?size=20" 4
run login "$WORK/login.lua" "http://127.0.0.1:$PG_PORT/api/auth/login" 4

python3 - "$RESULTS" "$OUT" "$DURATION" "$CONNECTIONS" <<'PY'
import sys, datetime
rows = {}
for line in open(sys.argv[1]):
    name, rps, p50, p95, p99, errors, total = line.split()
    rows[name] = dict(rps=float(rps), p50=float(p50), p95=float(p95), p99=float(p99), errors=int(errors))
ceiling = {'cached-get': 'bare-http', 'uncached-get-pg': 'bare-pg', 'uncached-get-memory': 'bare-http'}
target = {'cached-get': '>= 0.75 of bare HTTP', 'uncached-get-pg': '>= 0.7 of bare pg', 'search-100k': 'p95 <= 20 ms'}
out, lines = sys.argv[2], []
lines.append('| Path | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to ceiling | target |')
lines.append('|---|---:|---:|---:|---:|---:|---:|---|')
for name, r in rows.items():
    ratio = f"{r['rps'] / rows[ceiling[name]]['rps']:.2f} of {ceiling[name]}" if name in ceiling else ''
    lines.append(f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p95']:.2f} | {r['p99']:.2f} | {r['errors']} | {ratio} | {target.get(name, '')} |")
table = '\n'.join(lines)
print(table)
with open(f'{out}/RESULTS.md', 'w') as f:
    f.write(f"# Benchmark results\n\nMeasured by `bash tests/bench/run.sh` on {datetime.date.today()} (loopback, "
            f"{sys.argv[3]} s per path after a 5 s warm-up, {sys.argv[4]} connections; filtered list, search and login 4). "
            f"Two gateway verticle instances; every gateway policy is on (rate limits with room for the load); the "
            f"per-request access log line is off.\n\n{table}\n\n![requests per second](results.svg)\n")
width, bar_h, left = 640, 22, 170
top = max(r['rps'] for r in rows.values())
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{len(rows) * (bar_h + 8) + 30}" font-family="sans-serif" font-size="12">',
       f'<text x="4" y="16">requests per second (loopback, {sys.argv[4]} connections)</text>']
for i, (name, r) in enumerate(rows.items()):
    y = 26 + i * (bar_h + 8)
    w = max(1, int((width - left - 80) * r['rps'] / top))
    colour = '#888' if name.startswith('bare') else '#2a6fdb'
    svg.append(f'<text x="4" y="{y + 15}">{name}</text><rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="{colour}"/>'
               f'<text x="{left + w + 4}" y="{y + 15}">{r["rps"]:.0f}</text>')
svg.append('</svg>')
open(f'{out}/results.svg', 'w').write('\n'.join(svg) + '\n')
PY
log "wrote $OUT/RESULTS.md and $OUT/results.svg"
