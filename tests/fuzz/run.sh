#!/usr/bin/env bash
# Builds the libFuzzer targets (clang++, ASan+UBSan, a separate CMake build in
# build-fuzz/) and runs them.
#
#   tests/fuzz/run.sh TARGET SECONDS     one of: form session_path menus render
#   tests/fuzz/run.sh all SECONDS        each target in turn, SECONDS each
#
# New interesting inputs go to build-fuzz/corpus/TARGET (the seeds in
# tests/fuzz/corpus/TARGET are only read). A crash stops the run with exit 1 and
# leaves the input in build-fuzz/crashes/TARGET/; fix the bug, then keep the input
# as tests/fuzz/corpus/TARGET/crash-<what> so fuzz_regression_tests replays it.
# Environment: FUZZ_BUILD (build dir), FUZZ_JOBS (build parallelism, default 2).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
all_targets=(form session_path menus render)
if [ $# -ne 2 ]; then
  echo "usage: $0 TARGET|all SECONDS   (targets: ${all_targets[*]})" >&2
  exit 2
fi
if [ "$1" = all ]; then targets=("${all_targets[@]}"); else targets=("$1"); fi
seconds="$2"
build="${FUZZ_BUILD:-$root/build-fuzz}"
for target in "${targets[@]}"; do
  [ -d "$root/tests/fuzz/corpus/$target" ] || { echo "unknown target '$target'" >&2; exit 2; }
done

CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDIALGRAPH_FUZZ=ON -DDIALGRAPH_TESTS=OFF \
  -DDIALGRAPH_EXAMPLES=OFF -DDIALGRAPH_BENCH=OFF >/dev/null
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for target in "${targets[@]}"; do
  work="$build/corpus/$target"
  crashes="$build/crashes/$target"
  mkdir -p "$work" "$crashes"
  max_len=4096
  [ "$target" = menus ] && max_len=16384
  echo "== fuzz_$target for ${seconds}s"
  if ! "$build/fuzz_$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
      "$work" "$root/tests/fuzz/corpus/$target" 2>"$build/fuzz_$target.log"; then
    tail -n 60 "$build/fuzz_$target.log"
    echo "fuzz_$target FOUND A CRASH: see $crashes/ (keep it as tests/fuzz/corpus/$target/crash-*)" >&2
    status=1
  else
    grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE" "$build/fuzz_$target.log" || true
  fi
done
exit $status
