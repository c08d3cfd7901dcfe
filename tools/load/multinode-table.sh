#!/usr/bin/env bash
# The several-nodes load table (docs/performance.md#several-nodes): answers/s and p99 (answer to
# complete feedback) at N live interviews for SQLite on one node, PostgreSQL on one node and
# PostgreSQL on two nodes behind HAProxy (deploy/haproxy.cfg), side by side in one run, REPEAT times
# each in turn; then the median and the range of each.
#   tools/load/multinode-table.sh [BUILD_DIR] [REPEAT] [CONNECTIONS] [THINK_MS] [DURATION_MS]
# Starts everything itself: a throw-away PostgreSQL (scripts/pg-test-cluster.sh), the nodes on
# loopback ports, HAProxy; stops it all at the end. Every request goes to 127.0.0.1.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$repo/build}
repeat=${2:-3}
connections=${3:-1000}
think_ms=${4:-200}
duration_ms=${5:-10000}
ramp_ms=4000
binary=$build/mock-interviewer
load=$build/tools/load/mock-interviewer-load
work=$(mktemp -d "${TMPDIR:-/tmp}/mi-multinode-load.XXXXXX")
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$repo/scripts/pg-test-cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The limits that would refuse a load generator on one address are raised, as the generator does
# for the server it starts itself (tools/load/load_main.cpp).
server_args=(--log-level warn --max-messages-per-second 1000 --rate-limit-strikes 1000
             --max-connections 1000000 --max-connections-per-address 1000000
             --max-queued-writes 65536 --max-interviews-per-minute 1000000)
load_args=(-c "$connections" --think-ms "$think_ms" --duration-ms "$duration_ms" --ramp-ms "$ramp_ms"
           --content "$repo/content" --answers "$repo/tests/data/eval/real-dev.jsonl")

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'; }

# Starts a node on `db`; sets node_port and node_pid.
start_node() {
  local db=$1 log=$work/node-$RANDOM.log
  "$binary" serve --host 127.0.0.1 --port 0 --db "$db" --content "$repo/content" --web "$repo/web" \
    "${server_args[@]}" >"$log.out" 2>"$log" &
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 200); do
    if grep -q '^listening on' "$log.out" 2>/dev/null; then break; fi
    sleep 0.1
  done
  node_port=$(sed -n 's#^listening on http://127.0.0.1:\([0-9]*\)/#\1#p' "$log.out")
  [ -n "$node_port" ] || { echo "node did not start:"; cat "$log"; exit 1; }
}

stop_started() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

# One measurement: prints "answers/s p99_ms".
measure() {
  local output
  output=$("$load" "$@" "${load_args[@]}")
  echo "$output" >>"$work/raw.log"
  local rate p99
  rate=$(echo "$output" | sed -n 's/^[^:]*: \([0-9.]*\) answers\/s.*/\1/p' | head -1)
  p99=$(echo "$output" | sed -n 's/.*complete \([0-9.]*\)\/\([0-9.]*\)\/\([0-9.]*\)\/.*/\3/p' | head -1)
  echo "$rate $p99"
}

pg_url=$("$repo/scripts/pg-test-cluster.sh" start "$work/pg")
psql_admin() { psql "$pg_url" -v ON_ERROR_STOP=1 -XAtq -c "$1"; }

declare -A results
for run in $(seq 1 "$repeat"); do
  # SQLite, one node: the generator starts the server on a fresh file.
  results[sqlite,$run]=$(measure --server "$binary")

  # PostgreSQL, one node, on a fresh database.
  psql_admin "CREATE DATABASE load_one_$run"
  start_node "${pg_url%/*}/load_one_$run"
  results[pg1,$run]=$(measure --port "$node_port" --server-pid "$node_pid")
  stop_started

  # PostgreSQL, two nodes behind HAProxy, on a fresh database; CPU and memory are node A's.
  psql_admin "CREATE DATABASE load_two_$run"
  start_node "${pg_url%/*}/load_two_$run"; port_a=$node_port; pid_a=$node_pid
  start_node "${pg_url%/*}/load_two_$run"; port_b=$node_port
  lb_port=$(free_port)
  MI_LB_BIND=127.0.0.1:$lb_port MI_NODE_A=127.0.0.1:$port_a MI_NODE_B=127.0.0.1:$port_b \
    haproxy -db -f "$repo/deploy/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$lb_port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  results[pg2,$run]=$(measure --port "$lb_port" --server-pid "$pid_a")
  stop_started
  echo "run $run: sqlite ${results[sqlite,$run]} | pg one ${results[pg1,$run]} | pg two ${results[pg2,$run]}" >&2
done

# Median (lowest-highest) of field `field` (1 answers/s, 2 p99) over the runs of `setup`.
spread() {
  local setup=$1 field=$2
  for run in $(seq 1 "$repeat"); do echo "${results[$setup,$run]}" | cut -d' ' -f"$field"; done | sort -g |
    awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%.0f (%.0f–%.0f)", m, v[1], v[NR]}'
}

echo
echo "$connections live interviews, think $think_ms ms, $duration_ms ms window after a $ramp_ms ms ramp, $repeat runs each, median (lowest–highest)"
echo
echo "| setup | answers/s | p99 answer → complete feedback (ms) |"
echo "| --- | --- | --- |"
echo "| SQLite, one node | $(spread sqlite 1) | $(spread sqlite 2) |"
echo "| PostgreSQL, one node | $(spread pg1 1) | $(spread pg1 2) |"
echo "| PostgreSQL, two nodes behind HAProxy | $(spread pg2 1) | $(spread pg2 2) |"
