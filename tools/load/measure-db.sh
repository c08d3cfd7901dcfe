#!/usr/bin/env bash
# Bytes a finished interview takes in the database (docs/performance.md, "Memory and database").
# Starts `mock-interviewer serve` on a fresh database, holds whole interviews with the load
# generator for DURATION_MS, stops the server, keeps only the finished interviews (VACUUM packs
# the file) and prints the file's bytes per finished interview, its answers, and what each event
# type stores per finished interview.
# Usage: tools/load/measure-db.sh [BUILD_DIR] [PLAN_JSON] [DURATION_MS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
default_plan='{"role":"backend-developer","seniority":"mid","seed":42,"questions_per_stage":5,"follow_ups_per_question":1}'
plan="${2:-$default_plan}"
duration="${3:-20000}"
connections="${4:-20}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$build/mock-interviewer" serve --host 127.0.0.1 --port 0 --db "$dir/load.db" --content content --web /nonexistent \
  --log-level warn --max-messages-per-second 1000 --rate-limit-strikes 1000 --max-connections 1000000 \
  --max-connections-per-address 1000000 --max-interviews-per-minute 1000000 > "$dir/stdout" &
server=$!
for _ in $(seq 200); do grep -q '^listening on' "$dir/stdout" && break; sleep 0.1; done
port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$dir/stdout")
"$build/tools/load/mock-interviewer-load" --port "$port" --server-pid "$server" -c "$connections" \
  --duration-ms "$duration" --plan "$plan" | tail -n +2
kill -TERM "$server"
wait "$server" || true
sqlite3 "$dir/load.db" <<'SQL'
DELETE FROM client_messages WHERE interview_id IN (SELECT id FROM interviews WHERE status <> 'finished');
DELETE FROM interview_events WHERE interview_id IN (SELECT id FROM interviews WHERE status <> 'finished');
DELETE FROM interviews WHERE status <> 'finished';
VACUUM;
SQL
finished=$(sqlite3 "$dir/load.db" "SELECT count(*) FROM interviews")
bytes=$(stat -c %s "$dir/load.db")
echo "finished interviews: $finished, database file: $bytes bytes, $(( bytes / (finished > 0 ? finished : 1) / 1024 )) KiB per finished interview"
sqlite3 -header -column "$dir/load.db" "
  SELECT type, count(*) * 1.0 / $finished AS per_interview, sum(length(payload_json)) / $finished / 1024.0 AS kib_per_interview
  FROM interview_events GROUP BY type ORDER BY kib_per_interview DESC"
echo "pages by table and index (KiB per finished interview):"
sqlite3 -column "$dir/load.db" "
  SELECT name, sum(pgsize) / $finished / 1024.0 AS kib, sum(unused) / $finished / 1024.0 AS unused_kib
  FROM dbstat GROUP BY name HAVING kib > 0.1 ORDER BY kib DESC"
