#!/usr/bin/env bash
# The private development PostgreSQL cluster under var/pg.
#   pg.sh start    initialise (once) and start the cluster, create the arena role and database
#   pg.sh stop     stop it
#   pg.sh status   say whether it runs
#   pg.sh url      print the libpq connection string for the arena database
# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
# It listens on a Unix socket only (no TCP port to collide with), with trust authentication:
# the socket directory is private to the cluster's owner (and root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "pg: PostgreSQL server binaries not found (run scripts/deps.sh)" >&2; exit 1; }
dbname=${ARENA_DB_NAME:-arena}
port=${ARENA_PG_PORT:-5432}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# var/pg holds the cluster. When the checkout sits where the postgres user cannot reach
# (a parent directory closed to others, as /root is), the cluster lives under /var/tmp and
# var/pg links to it.
data_home() {
  mkdir -p "$root/var"
  if [ "$(id -u)" -eq 0 ] && [ ! -e "$root/var/pg" ]; then
    if ! runuser -u postgres -- test -x "$root/var" 2>/dev/null; then
      local alt="/var/tmp/arena-pg-$(echo -n "$root" | sha1sum | cut -c1-12)"
      mkdir -p "$alt"
      ln -s "$alt" "$root/var/pg"
    fi
  fi
  mkdir -p "$root/var/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$(readlink -f "$root/var/pg")"
  echo "$root/var/pg"
}

home=$(data_home)
data="$home/data"
sock="$home/run"
log="$home/postgresql.log"

running() { as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

psql_admin() { as_owner "$pgbin/psql" -X -q -h "$sock" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

start() {
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "pg: initialising a private cluster in $data"
    as_owner mkdir -p "$data" "$sock"
    as_owner "$pgbin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$home/initdb.log" 2>&1 \
      || { cat "$home/initdb.log" >&2; exit 1; }
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$sock'
unix_socket_permissions = 0777
port = $port
max_connections = 200
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  fi
  as_owner mkdir -p "$sock"
  if ! running; then
    as_owner "$pgbin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null || { tail -20 "$log" >&2; exit 1; }
  fi
  if ! psql_admin -tAc "select 1 from pg_roles where rolname='arena'" | grep -q 1; then
    psql_admin -c "create role arena login createdb"
  fi
  if ! psql_admin -tAc "select 1 from pg_database where datname='$dbname'" | grep -q 1; then
    psql_admin -c "create database \"$dbname\" owner arena"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) if running; then as_owner "$pgbin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi ;;
  status) if running; then echo "pg: running ($data)"; else echo "pg: stopped"; exit 3; fi ;;
  url) echo "host=$sock port=$port dbname=$dbname user=arena" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
