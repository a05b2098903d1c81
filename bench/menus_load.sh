#!/bin/sh
# Times loading + validating a generated 5,000-screen menus file.
# Builds nothing: pass the benchmark binary of a Release build.
#
#   bench/menus_load.sh [BINARY] [RUNS] [SCREENS]
#   default BINARY build/bench/menus_load_bench, RUNS 20, SCREENS 5000
set -eu

here=$(cd "$(dirname "$0")" && pwd)
binary=${1:-build/bench/menus_load_bench}
runs=${2:-20}
screens=${3:-5000}

if [ ! -x "$binary" ]; then
  echo "menus_load.sh: no benchmark binary at $binary; build the menus_load_bench target first" >&2
  exit 2
fi

file=$(mktemp "${TMPDIR:-/tmp}/menus_bench.XXXXXX")
trap 'rm -f "$file"' EXIT INT TERM
python3 "$here/gen_menus.py" --screens "$screens" --out "$file"
echo "menus file: $screens screens, $(wc -c < "$file") bytes"
"$binary" "$file" "$runs"
