#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests, from Debian's postgresql package (never one assumed to run).
#   scripts/pg-test-cluster.sh start STATE_DIR   initdb + start on a free loopback port; prints the URL
#   scripts/pg-test-cluster.sh stop STATE_DIR    stop it and delete its data
#   scripts/pg-test-cluster.sh url STATE_DIR     print the URL of the running cluster
#   scripts/pg-test-cluster.sh pause STATE_DIR   stop the server, keeping its data (a database outage)
#   scripts/pg-test-cluster.sh resume STATE_DIR  start it again on the same port
# STATE_DIR receives `url` (postgresql://postgres@127.0.0.1:PORT/postgres) and `data_dir`. The data
# itself lives in a fresh folder under ${TMPDIR:-/tmp}, because PostgreSQL refuses to run as root:
# as root, initdb and the server run as the `postgres` system user, which owns that folder (and
# could not reach a checkout under /root). CTest runs start and stop as a fixture
# (tests/server/CMakeLists.txt); tests read the URL from MI_TEST_PG_URL_FILE.
# The cluster trades durability for speed (fsync off): it holds test data only.
set -euo pipefail

pg_bin=${MI_PG_BIN:-/usr/lib/postgresql/15/bin}
usage() { sed -n '2,7p' "$0" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
state_dir=$2

as_cluster_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Two server nodes with their pools, plus the tests' own connections, fit in 200.
start_server() {
  as_cluster_owner "$pg_bin/pg_ctl" -D "$1/cluster" -l "$1/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$2 -c unix_socket_directories='$1' \
        -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
    start >"$state_dir/pg_ctl.log" 2>&1
}

recorded_data_dir() {
  if [ ! -f "$state_dir/data_dir" ]; then echo "pg-test-cluster: no cluster recorded in $state_dir" >&2; exit 1; fi
  cat "$state_dir/data_dir"
}

pause() {
  local data_dir
  data_dir=$(recorded_data_dir)
  as_cluster_owner "$pg_bin/pg_ctl" -D "$data_dir/cluster" -m fast -w -t 60 stop >/dev/null
}

resume() {
  local data_dir
  data_dir=$(recorded_data_dir)
  start_server "$data_dir" "$(cat "$state_dir/port")" || {
    echo "pg-test-cluster: could not start PostgreSQL again; see $data_dir/server.log" >&2
    exit 1
  }
}

start() {
  for tool in initdb pg_ctl; do
    if [ ! -x "$pg_bin/$tool" ]; then
      echo "pg-test-cluster: $pg_bin/$tool not found: install Debian's postgresql package (scripts/install-deps.sh --test)" >&2
      exit 1
    fi
  done
  if [ -f "$state_dir/data_dir" ]; then
    echo "pg-test-cluster: $state_dir already holds a cluster; stopping it first" >&2
    stop
  fi
  mkdir -p "$state_dir"
  local data_dir
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/mi-pg-test.XXXXXX")
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "pg-test-cluster: running as root needs the postgres system user (created by the postgresql package)" >&2
      exit 1
    fi
    chown postgres: "$data_dir"
  fi
  chmod 700 "$data_dir"
  echo "$data_dir" >"$state_dir/data_dir"
  if ! as_cluster_owner "$pg_bin/initdb" -D "$data_dir/cluster" -U postgres --auth=trust --encoding=UTF8 \
       --locale=C.UTF-8 --no-sync >"$state_dir/initdb.log" 2>&1; then
    echo "pg-test-cluster: initdb failed:" >&2
    cat "$state_dir/initdb.log" >&2
    exit 1
  fi
  # A random port, tried again when another process holds it (two test runs at once, say).
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then continue; fi
    if start_server "$data_dir" "$port"; then
      local url="postgresql://postgres@127.0.0.1:$port/postgres"
      echo "$url" >"$state_dir/url"
      echo "$port" >"$state_dir/port"
      echo "$url"
      return 0
    fi
    echo "pg-test-cluster: start on port $port failed (attempt $attempt):" >&2
    tail -n 5 "$data_dir/server.log" >&2 || true
  done
  echo "pg-test-cluster: could not start PostgreSQL; see $data_dir/server.log" >&2
  exit 1
}

stop() {
  if [ ! -f "$state_dir/data_dir" ]; then
    echo "pg-test-cluster: no cluster recorded in $state_dir (nothing to stop)" >&2
    return 0
  fi
  local data_dir
  data_dir=$(cat "$state_dir/data_dir")
  if [ -f "$data_dir/cluster/postmaster.pid" ]; then
    as_cluster_owner "$pg_bin/pg_ctl" -D "$data_dir/cluster" -m fast -w -t 60 stop >/dev/null 2>&1 || {
      echo "pg-test-cluster: pg_ctl stop failed; see $data_dir/server.log" >&2
      exit 1
    }
  fi
  case "$data_dir" in
    */mi-pg-test.*) rm -rf "$data_dir" ;;
  esac
  rm -f "$state_dir/data_dir" "$state_dir/url" "$state_dir/port" "$state_dir/initdb.log" "$state_dir/pg_ctl.log"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  pause) pause ;;
  resume) resume ;;
  url)
    if [ ! -f "$state_dir/url" ]; then echo "pg-test-cluster: no cluster running from $state_dir" >&2; exit 1; fi
    cat "$state_dir/url"
    ;;
  *) usage ;;
esac
