#!/bin/sh
# HTTP load benchmark: whole USSD sessions against `dialgraph serve`, next to a
# bare Beast server (the ceiling) on the same machine in the same run.
# Builds nothing: expects build/dialgraph and build/bench/bench_ceiling
# (cmake --preset dev && cmake --build --preset dev). Needs wrk and python3.
#
#   bench/http_bench.sh [--duration S] [--connections N] [--repeat N] [--help ...]
#
# Defaults (10 s per flow, 8 sessions) take about a minute. See bench/README.md.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${DIALGRAPH_BUILD:-$root/build}

missing=""
[ -x "$build/dialgraph" ] || missing="$missing $build/dialgraph"
[ -x "$build/bench/bench_ceiling" ] || missing="$missing $build/bench/bench_ceiling"
if [ -n "$missing" ]; then
  echo "http_bench.sh: missing$missing" >&2
  echo "build first: cmake --preset dev && cmake --build --preset dev" >&2
  exit 2
fi
command -v wrk >/dev/null 2>&1 || { echo "http_bench.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "http_bench.sh: python3 not found" >&2; exit 2; }

# The Python driver starts the servers and wrk and stops them itself (SIGTERM
# and SIGHUP included); the trap passes our signals on and waits for it.
child=""
stop() {
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null && wait "$child" 2>/dev/null
  exit 130
}
trap stop INT TERM HUP
python3 "$here/http_bench.py" --build "$build" "$@" &
child=$!
wait "$child"
status=$?
child=""
exit $status
