#!/usr/bin/env bash
# Runs every libFuzzer target of build-fuzz/ for SECONDS each (default 10: about a minute in all),
# starting from the committed seed corpus in fuzz/corpus/<target>/. New inputs land in
# build-fuzz/corpus/<target>/ (not committed); a crash leaves its input in build-fuzz/crashes/ and
# fails the run. Used by `make fuzz` (and so by CI).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
mkdir -p build-fuzz/crashes
status=0
for target in protocol_message plan_body role_pack scorer eval_corpus json_text event_segment; do
  mkdir -p "build-fuzz/corpus/$target"
  echo "fuzz: $target for ${seconds} s"
  if ! "build-fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$target-" \
       "build-fuzz/corpus/$target" "fuzz/corpus/$target" 2> "build-fuzz/fuzz-$target.log"; then
    echo "fuzz: $target FAILED (input and log: build-fuzz/crashes/$target-*, build-fuzz/fuzz-$target.log)"
    tail -40 "build-fuzz/fuzz-$target.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/fuzz-$target.log" | tr '\n' ' '
    echo
  fi
done
exit "$status"
