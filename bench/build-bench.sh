#!/usr/bin/env bash
# Builds bench/'s own programs (and whatever else is named) in a Release build directory of
# their own, configured on first use: SLUICE_BENCH_BUILD, default <repo>/build-bench. Two jobs at
# most, as these machines have two cores.
#
#   bench/build-bench.sh sluice-mock-kafka sluice-micro-benchmarks
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${SLUICE_BENCH_BUILD:-$repo/build-bench}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
if ! cmake --build "$build" --target "$@" -j2 >"$build/bench-build.log" 2>&1; then
  tail -30 "$build/bench-build.log" >&2
  echo "bench: building $* failed; see $build/bench-build.log" >&2
  exit 1
fi
for target in "$@"; do
  case $target in
    sluice-micro-benchmarks) continue ;;  # a group of targets, not a program
  esac
  [ -x "$build/bin/$target" ] || { echo "bench: $build/bin/$target was not built" >&2; exit 1; }
done
