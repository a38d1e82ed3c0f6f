#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster on 127.0.0.1 for the `postgis` tests.
#
#   .ci/postgres.sh start   installs what is missing (Debian packages), starts a
#                           cluster under a temporary folder on a free port, creates
#                           the database with the postgis extension and writes a
#                           pg_service.conf entry `situation_mapper_test`
#   .ci/postgres.sh stop    stops that cluster and removes its folder
#   .ci/postgres.sh env     prints `export PGSERVICEFILE=...` for a running cluster
#
# Trust authentication on loopback only: the cluster has no password at all, and
# it only lives for one test run. The state (folder, port) is kept in
# build/postgis/state so `stop` finds what `start` made.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_VERSION=${PG_VERSION:-15}
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
PACKAGES="postgresql-$PG_VERSION postgresql-$PG_VERSION-postgis-3 postgresql-client-$PG_VERSION python3-psycopg2"
STATE_DIR=$PWD/build/postgis
STATE=$STATE_DIR/state
SERVICE=situation_mapper_test
DATABASE=situation_mapper_test
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

install_missing() {
  local missing=""
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "Installing Debian packages:$missing"
    $SUDO apt-get update -q
    # no cluster of its own: the package's default cluster is not used by the tests
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
  fi
}

free_port() {
  /usr/bin/python3 - <<'EOF'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
EOF
}

# run a command as the cluster owner: root cannot run initdb or postgres
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  if [ -f "$STATE" ]; then
    local old_root
    old_root=$(sed -n 's/^root=\([^ ]*\).*/\1/p' "$STATE")
    if [ -d "$old_root/data" ] && as_owner "$PG_BIN/pg_ctl" -D "$old_root/data" status >/dev/null 2>&1; then
      echo "A test cluster is already running (stop it first): $(cat "$STATE")" >&2
      exit 1
    fi
    stop  # a cluster that died with its machine: clean up, then start afresh
  fi
  install_missing
  mkdir -p "$STATE_DIR"
  local root port
  root=$(mktemp -d /tmp/situation_mapper_pg.XXXXXX)
  port=$(free_port)
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$root"
  fi
  as_owner "$PG_BIN/initdb" -D "$root/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$root/initdb.log"
  as_owner "$PG_BIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$root -c fsync=off" start
  echo "root=$root port=$port" >"$STATE"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE $DATABASE"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d "$DATABASE" -q -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION postgis"
  # Two roles, so provenance (created_by / changed_by) can tell analysts apart.
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d "$DATABASE" -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE analyst_a LOGIN SUPERUSER" -c "CREATE ROLE analyst_b LOGIN SUPERUSER"
  cat >"$STATE_DIR/pg_service.conf" <<EOF
# throwaway test cluster (trust auth on loopback, no password); removed by stop
[$SERVICE]
host=127.0.0.1
port=$port
dbname=$DATABASE
user=postgres

[${SERVICE}_b]
host=127.0.0.1
port=$port
dbname=$DATABASE
user=analyst_b
EOF
  echo "PostGIS test cluster on 127.0.0.1:$port ($root)."
  echo "export PGSERVICEFILE=$STATE_DIR/pg_service.conf"
}

stop() {
  if [ ! -f "$STATE" ]; then
    echo "No test cluster is running."
    return 0
  fi
  local root
  root=$(sed -n 's/^root=\([^ ]*\).*/\1/p' "$STATE")
  if [ -n "$root" ] && [ -d "$root/data" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$root/data" -m fast -w stop || true
    rm -rf "$root"
  fi
  rm -f "$STATE" "$STATE_DIR/pg_service.conf"
  echo "PostGIS test cluster stopped."
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) [ -f "$STATE" ] && echo "export PGSERVICEFILE=$STATE_DIR/pg_service.conf" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
