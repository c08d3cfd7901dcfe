#!/usr/bin/env bash
# Memory per open interview (docs/performance.md, "Memory and database"). Starts `mock-interviewer
# serve` on a fresh database, notes its RSS, opens CONNECTIONS interviews with the load generator
# (each answers ANSWERS times, then is held open without answering, or, with ANSWERS 0, is only
# joined), and prints the growth of the server's highest RSS during the run per open interview. With --echo as
# the fourth argument the same connections go to the echo baseline instead.
# SERVE_ARGS adds flags to `serve` (say "--scoring-workspaces 1024 --malloc-arenas 0" for the
# server before the two were bounded).
# Usage: [DURATION_MS=5000] [SERVE_ARGS=...] tools/load/measure-memory.sh [BUILD_DIR] [CONNECTIONS] [ANSWERS] [--echo]
# (the window must be long enough for every interview to give its answers)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
connections="${2:-10000}"
answers="${3:-0}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ "${4:-}" = "--echo" ]; then
  "$build/tools/load/mock-interviewer-load" --serve-echo > "$dir/stdout" &
else
  "$build/mock-interviewer" serve --host 127.0.0.1 --port 0 --db "$dir/load.db" --content content --web /nonexistent \
    --log-level warn --max-messages-per-second 1000 --rate-limit-strikes 1000 --max-connections 1000000 \
    --max-connections-per-address 1000000 --max-interviews-per-minute 1000000 --idle-timeout-ms 3600000 \
    ${SERVE_ARGS:-} > "$dir/stdout" &
fi
server=$!
for _ in $(seq 200); do grep -q '^listening on' "$dir/stdout" && break; sleep 0.1; done
port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$dir/stdout")
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
# The server's RSS still moves for a moment after it listens, and its start-up peak (VmHWM) can be
# above what a few hundred interviews add, so: wait until RSS holds still, then sample RSS during
# the run and take the highest sample, not VmHWM.
before=$(rss)
for _ in $(seq 50); do
  sleep 0.2
  now=$(rss)
  [ $(( now > before ? now - before : before - now )) -lt 256 ] && break
  before=$now
done
before=$now
( highest=$before
  while kill -0 "$server" 2> /dev/null; do
    now=$(rss 2> /dev/null || echo 0)
    [ "${now:-0}" -gt "$highest" ] && highest=$now && echo "$highest" > "$dir/highest"
    sleep 0.1
  done ) &
sampler=$!
echo "$before" > "$dir/highest"
ramp=$(( connections * 4 ))
if [ "$answers" = 0 ]; then
  hold=(--think-ms 3600000)
else
  hold=(--answers-per-interview "$answers")
fi
"$build/tools/load/mock-interviewer-load" --port "$port" --server-pid "$server" -c "$connections" \
  --ramp-ms "$ramp" --duration-ms "${DURATION_MS:-5000}" "${hold[@]}" $([ "${4:-}" = "--echo" ] && echo --echo) | tail -n +2
kill "$sampler" 2> /dev/null || true
wait "$sampler" 2> /dev/null || true
peak=$(cat "$dir/highest")
kill -TERM "$server"
wait "$server" || true
echo "RSS before ${before} KiB, peak ${peak} KiB: $(( (peak - before) * 10 / connections )) (tenths of KiB) per open interview over $connections, $answers answers each"
