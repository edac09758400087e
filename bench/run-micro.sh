#!/usr/bin/env bash
# Google Benchmark micro-benchmarks of the hot paths: line splitting, converters, record
# batches, the embedded log. Each runs 5 repetitions; the table shows medians (CPU time).
#
#   bench/run-micro.sh [--repetitions 5] [--filter REGEX]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repetitions=5
filter=.
while [ $# -gt 0 ]; do
  case $1 in
    --repetitions) repetitions=$2; shift 2 ;;
    --filter) filter=$2; shift 2 ;;
    *) echo "usage: bench/run-micro.sh [--repetitions N] [--filter REGEX]" >&2; exit 2 ;;
  esac
done
"$here/build-bench.sh" sluice-micro-benchmarks
build=${SLUICE_BENCH_BUILD:-$here/../build-bench}
results=${SLUICE_BENCH_RESULTS:-$here/results}
mkdir -p "$results"
outputs=()
for name in bench-line-splitter bench-converters bench-record-batch bench-embedded-log; do
  [ -x "$build/bin/$name" ] || { echo "bench: $build/bin/$name is missing (libbenchmark-dev?)" >&2; exit 1; }
  out="$results/micro-${name#bench-}.json"
  "$build/bin/$name" --benchmark_filter="$filter" --benchmark_repetitions="$repetitions" \
    --benchmark_report_aggregates_only=true --benchmark_out="$out" --benchmark_out_format=json \
    >/dev/null 2>"$build/micro-${name#bench-}.log" ||
    { echo "bench: $name failed; see $build/micro-${name#bench-}.log" >&2; exit 1; }
  outputs+=("$out")
done
python3 "$here/py/micro_report.py" "${outputs[@]}"
