#!/usr/bin/env bash
# bench/fuzz/run.sh — runs each libFuzzer target of a -DUMIND_FUZZ=ON build
# for SECONDS on its seed corpus (fuzz/corpus/TARGET, read only) plus a
# working corpus that grows across runs (BUILD_DIR/fuzz-work/TARGET), one
# target after another on one core, and prints executions per target.
#   bench/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]    (TARGET: address_routing, ...)
# Exit 1 if any target found a crash, a leak, a timeout or a failed check;
# the input is in BUILD_DIR/fuzz-work/artifacts/ (reproduce: run the target
# binary with that file as its argument). docs/FUZZING.md says more.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2; exit 2; }
build=$(cd "$1" && pwd); seconds=$2; shift 2
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$build/fuzz-work
mkdir -p "$work/artifacts"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in "$build"/fuzz/fuzz_*; do [ -x "$f" ] && targets+=("$(basename "$f" | sed 's/^fuzz_//')"); done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $build/fuzz (configure with -DUMIND_FUZZ=ON)" >&2; exit 2; }

# ASan/UBSan: stop at the first report so libFuzzer keeps the input.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
summary=()
for t in "${targets[@]}"; do
  bin=$build/fuzz/fuzz_$t
  mkdir -p "$work/$t"
  log=$work/$t.log
  echo "== fuzz $t for ${seconds}s"
  rc=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$t-" "$work/$t" "$src/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(find "$work/$t" -type f | wc -l)
  if [ "$rc" -ne 0 ]; then
    failed=1
    echo "!! fuzz $t FAILED (exit $rc); last lines of $log:"
    tail -40 "$log"
  fi
  summary+=("$(printf '%-18s %12s execs %8s/s  cov %6s  corpus %6s  %s' "$t" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "$corpus" "$([ "$rc" -eq 0 ] && echo ok || echo FAILED)")")
done
echo "== fuzz summary (${seconds}s each)"
printf '%s\n' "${summary[@]}"
exit $failed
