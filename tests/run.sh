#!/usr/bin/env bash
# The test command (README): makes sure PostgreSQL and Redis run on 127.0.0.1 (installing them with
# apt-get on a fresh Debian machine), creates a clean test database, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PASSWORD=${EMPORIUM_TEST_PG_PASSWORD:-emporium}
PG_DB=${EMPORIUM_TEST_PG_DB:-emporium_test}  # another name lets parallel checkouts test side by side
export EMPORIUM_TEST_PG_URL=${EMPORIUM_TEST_PG_URL:-postgresql://postgres:${PG_PASSWORD}@127.0.0.1:5432/${PG_DB}}
export EMPORIUM_TEST_REDIS_URL=${EMPORIUM_TEST_REDIS_URL:-redis://127.0.0.1:6379}

log() { printf '[tests/run.sh] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then as_root apt-get update -qq; apt_updated=yes; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    log "PostgreSQL is not installed: installing it with apt-get"
    apt_install postgresql postgresql-client
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "PostgreSQL is not running: starting it"
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL did not start"; exit 1; }
  # With trust authentication any password works; with password authentication (a fresh install),
  # give the postgres role the test password through the local socket.
  if ! PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -U postgres -d postgres -qAtc 'SELECT 1' >/dev/null 2>&1; then
    log "setting the password of the postgres role for the tests"
    as_root runuser -u postgres -- psql -qc "ALTER ROLE postgres PASSWORD '${PG_PASSWORD}'" >/dev/null
  fi
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)" >/dev/null
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE ${PG_DB}" >/dev/null
  log "PostgreSQL ready, database ${PG_DB} created"
}

ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    log "Redis is not installed: installing it with apt-get"
    apt_install redis-server redis-tools
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    log "Redis is not running: starting it"
    mkdir -p /tmp/emporium-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /tmp/emporium-redis --logfile /tmp/emporium-redis/redis.log
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { log "Redis did not start"; exit 1; }
  log "Redis ready"
}

# The deployment tests check docker/ with the tools that would run it: docker-compose validates the
# Compose file, amtool the Alertmanager configuration (nothing is started).
ensure_deploy_tools() {
  if ! command -v docker-compose >/dev/null 2>&1; then
    log "docker-compose is not installed: installing it with apt-get (to check docker/compose.yaml)"
    apt_install docker-compose
  fi
  if ! command -v amtool >/dev/null 2>&1; then
    log "amtool is not installed: installing prometheus-alertmanager with apt-get (to check its configuration)"
    apt_install prometheus-alertmanager
  fi
}

# The Prometheus configuration and alert rules of docker/prometheus must pass promtool (the Debian
# package "prometheus" brings it, and the server the monitoring tests run); --syntax-only since the scrape
# token file exists only in Compose. The rules' unit tests (alerts.test.yml) run here and in OperationsConfigTest.
check_monitoring_config() {
  if ! command -v promtool >/dev/null 2>&1; then
    log "promtool is not installed: installing it with apt-get (package prometheus)"
    apt_install --no-install-recommends prometheus
  fi
  promtool check config --syntax-only docker/prometheus/prometheus.yml
  promtool check rules docker/prometheus/alerts.yml
  promtool test rules docker/prometheus/alerts.test.yml
  log "Prometheus configuration and alert rules pass promtool"
}

# The contract check (tests/.../contract/ContractCheckTest) replays a workload through Stoplight Prism and
# lints the served OpenAPI document with Redocly CLI: Node.js from Debian when it is missing, and the
# two npm packages at the versions of tests/contract/package-lock.json, into tests/contract/node_modules
# (git-ignored), again only when that lock file changed since the last install.
ensure_contract_tools() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "Node.js or npm is not installed: installing them with apt-get (for the contract check's npm tools)"
    apt_install nodejs npm
  fi
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$node_major" -lt 18 ]; then
    log "Node.js 18 or later is required for the contract check's tools, found $(node --version)"; exit 1
  fi
  local tools=tests/contract
  if ! cmp -s "$tools/package-lock.json" "$tools/node_modules/.installed-lock.json"; then
    log "installing the contract check's tools (Prism, Redocly CLI) into $tools/node_modules with npm ci"
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$tools/package-lock.json" "$tools/node_modules/.installed-lock.json"
  fi
  log "contract tools ready: prism $("$tools/node_modules/.bin/prism" --version), redocly $("$tools/node_modules/.bin/redocly" --version)"
}

command -v java >/dev/null || { log "a JDK (17 or later) is required"; exit 1; }
command -v mvn >/dev/null || { log "Maven is required"; exit 1; }
ensure_postgres
ensure_redis
ensure_deploy_tools
check_monitoring_config
ensure_contract_tools

log "building and running every test (mvn verify)"
mvn -B -ntp verify "$@"
