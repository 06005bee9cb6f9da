# Shared by the benchmark scripts (sourced, not run): wrk, the jar and async-profiler on demand, a free
# port, a cluster configuration of its own, and one Emporium JVM on loopback with the demo catalogue for the metrics benchmarks.

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs wrk with apt-get when it is missing.
need_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  log "wrk is not installed: installing it with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
}

# A free TCP port on 127.0.0.1.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# own_cluster NAME PREFIX OUT: writes to OUT a copy of cluster-config/loopback.xml for a cluster of its own, so
# that no other Emporium on this machine joins it: named NAME, its members on ports PREFIXxx instead of 57xx.
own_cluster() {
  sed -e "s|<cluster-name>[^<]*</cluster-name>|<cluster-name>$1</cluster-name>|" \
      -e "s|>57\([0-9][0-9]\)<|>$2\1<|g" -e "s|127.0.0.1:57|127.0.0.1:$2|g" cluster-config/loopback.xml > "$3"
  grep -q "<cluster-name>$1</cluster-name>" "$3" || { log "could not name the cluster $1"; exit 1; }
}

# need_async_profiler DIR: fetches async-profiler (PROFILER_VERSION, default 4.0) from Maven Central into DIR
# when it is not there; sets $library to its agent (libasyncProfiler.so).
need_async_profiler() {
  local dir=$1 version=${PROFILER_VERSION:-4.0} arch
  mkdir -p "$dir"
  library="$dir/libasyncProfiler.so"
  [ -f "$library" ] && return 0
  case "$(uname -m)" in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) log "no async-profiler for $(uname -m)"; exit 1 ;; esac
  log "fetching async-profiler $version from Maven Central"
  mvn -B -ntp -q dependency:copy -Dartifact="tools.profiler:async-profiler:$version" -DoutputDirectory="$dir"
  unzip -o -q -j "$dir/async-profiler-$version.jar" "$arch/libasyncProfiler.so" -d "$dir"
}

# Builds the jar ($JAR) when it is not there.
need_jar() {
  [ -f "$JAR" ] && return 0
  log "building the jar"
  mvn -B -ntp -q -DskipTests package
}

# The benchmark's own programs (bare ceiling servers, FixedRateLoad, GenerateCatalogue), in a jar of
# their own (tests/bench/tools) that need_bench_jar builds when it is not there.
BENCH_JAR=${BENCH_JAR:-tests/bench/tools/target/emporium-bench.jar}
need_bench_jar() {
  [ -f "$BENCH_JAR" ] && return 0
  log "building the benchmark tools"
  mvn -B -ntp -q -DskipTests package -pl tests/bench/tools -am
}

# Every policy stays on, with rate limits far above the load: otherwise most answers are 429s and a
# run measures the rate limiter's refusals instead of the cached GET.
RELAXED_POLICIES='{"policies": {"ip": {"key": "ip", "rate": 1000000, "burst": 10000000}}, "groups": {"read": ["ip"], "write": ["ip"], "auth": ["ip"], "admin": ["ip"]}}'

# start_emporium METRICS PORT LOG: starts the jar with metrics.enabled=METRICS on 127.0.0.1:PORT and the
# demo catalogue, waits until it is ready; sets $emporium_pid and $product_url (GET of one product).
start_emporium() {
  local metrics=$1 port=$2 out=$3 product
  EMPORIUM_RATELIMIT_POLICIES="$RELAXED_POLICIES" \
  java -Xmx512m -jar "$JAR" --http.port="$port" --http.host=127.0.0.1 --catalogue.demo=true \
    --metrics.enabled="$metrics" --log.levels="${LOG_LEVELS:-ROOT=WARN}" >"$out" 2>&1 &
  emporium_pid=$!
  local ready=false
  for _ in $(seq 1 120); do
    grep -q 'Emporium ready' "$out" && { ready=true; break; }
    kill -0 "$emporium_pid" 2>/dev/null || { cat "$out" >&2; log "the JVM exited"; exit 1; }
    sleep 0.5
  done
  # A JVM that fails to start here is stopped here: the caller's cleanup does not know it yet.
  $ready || { cat "$out" >&2; kill "$emporium_pid"; log "the JVM did not start"; exit 1; }
  # The first answers after "ready" can still be refusals (a service not yet discovered): try for 10 s.
  for _ in $(seq 1 20); do
    product=$(curl -s "http://127.0.0.1:$port/api/products?size=1" | sed -nE 's/.*"id":"([0-9a-f-]{36})".*/\1/p' || true)
    [[ "$product" =~ ^[0-9a-f-]{36}$ ]] && break
    sleep 0.5
  done
  if ! [[ "$product" =~ ^[0-9a-f-]{36}$ ]]; then
    log "no product id from the demo catalogue: $(curl -s "http://127.0.0.1:$port/api/products?size=1" | head -c 300)"
    kill "$emporium_pid"
    exit 1
  fi
  product_url="http://127.0.0.1:$port/api/products/$product"
}

# wrk_run URL DURATION: "requests/s requests" of one wrk run; any answer but 2xx makes the figure
# meaningless, so it stops the script.
wrk_run() {
  local report
  report=$(wrk -t"${THREADS:-2}" -c"${CONNECTIONS:-32}" -d"$2" ${WRK_HEADER:+-H "$WRK_HEADER"} "$1")
  if grep -q 'Non-2xx' <<<"$report"; then echo "$report" >&2; log "answers other than 2xx: the figure would not measure the GET path"; exit 1; fi
  awk '/^Requests\/sec:/ {rps = $2} / requests in / {n = $1} END {print rps, n}' <<<"$report"
}

# wrk_rps URL DURATION: requests per second of one wrk run.
wrk_rps() {
  local figures
  figures=$(wrk_run "$1" "$2")
  echo "${figures%% *}"
}

# cpu_ticks PID: the CPU time a process used so far (user + system), in clock ticks (getconf CLK_TCK).
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# Installs nginx (the light package) with apt-get when it is missing; it is started with a config of
# our own, never as a service.
need_nginx() {
  command -v nginx >/dev/null 2>&1 && return 0
  log "nginx is not installed: installing it with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null \
    || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
  # the package starts a default server on port 80: this benchmark wants none
  as_root service nginx stop >/dev/null 2>&1 || true
}
