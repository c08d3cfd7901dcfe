#!/usr/bin/env bash
# Runs the README's test command N times in a row on a fresh clone of HEAD, as CI would, and
# says how many runs passed. A flaky test shows up here as a run that failed; its log is kept.
#   scripts/repeat-tests.sh [N]        (default 10)
set -uo pipefail
runs=${1:-10}
case "$runs" in ''|*[!0-9]*) echo "repeat-tests.sh: N must be a whole number, not '$runs'" >&2; exit 2 ;; esac
repo_root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mi-repeat-XXXXXX")
git clone --quiet "$repo_root" "$work/clone"
echo "repeat-tests: $runs runs of 'make test' in $work/clone ($(git -C "$work/clone" rev-parse --short HEAD))"
passed=0
for run in $(seq 1 "$runs"); do
  log="$work/run-$run.log"
  started=$(date +%s)
  if (cd "$work/clone" && CI=true make test) >"$log" 2>&1; then
    passed=$((passed + 1))
    verdict=passed
  else
    verdict="FAILED (log: $log)"
  fi
  summary=$(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1)
  echo "run $run: $verdict in $(( $(date +%s) - started )) s; ${summary:-no ctest summary}"
  grep -E '^\s+[0-9]+ - .*\((Failed|Timeout)\)' "$log" | sed 's/^/    /'
done
echo "repeat-tests: $passed passed, $((runs - passed)) failed"
[ "$passed" = "$runs" ]
