#!/usr/bin/env bash
# Instructions the server runs per answer (docs/performance.md), a figure that does not move with
# the machine's load the way answers/s does. Starts `mock-interviewer serve` under callgrind with
# counting off, switches it on once the server listens, holds whole interviews with CONNECTIONS
# candidates in a closed loop for DURATION_MS, and divides every instruction the server ran by
# mi_answers_scored_total. Finishing interviews (report, merged segment) are part of the count.
# Needs valgrind. Usage: tools/load/count-instructions.sh [BINARY] [CONNECTIONS] [DURATION_MS]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-build/mock-interviewer}"
connections="${2:-20}"
duration="${3:-30000}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$dir/callgrind.out" "$bin" serve \
  --host 127.0.0.1 --port 0 --db "$dir/load.db" --content content --web /nonexistent --log-level warn \
  --max-messages-per-second 1000 --rate-limit-strikes 1000 --max-connections 1000000 \
  --max-connections-per-address 1000000 --max-interviews-per-minute 1000000 --idle-timeout-ms 3600000 \
  > "$dir/stdout" 2> "$dir/stderr" &
server=$!
for _ in $(seq 600); do grep -q '^listening on' "$dir/stdout" && break; sleep 0.2; done
port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$dir/stdout")
callgrind_control -i on "$server" > /dev/null
build/tools/load/mock-interviewer-load --port "$port" --server-pid "$server" -c "$connections" --think-ms 0 \
  --duration-ms "$duration" --ramp-ms 500 > "$dir/load.txt" 2>&1
answers=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^mi_answers_scored_total/ {print $2}')
callgrind_control -i off "$server" > /dev/null
kill -INT "$server"
wait "$server" || true
instructions=$(callgrind_annotate "$dir/callgrind.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
finished=$(grep -oE '[0-9]+ interviews finished' "$dir/load.txt" | head -1)
echo "$(basename "$bin"): $answers answers, $finished, $instructions instructions, $((instructions / answers)) per answer"
[ -n "${KEEP:-}" ] && cp "$dir/callgrind.out" "$KEEP"
exit 0
