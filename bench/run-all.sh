#!/usr/bin/env bash
# Every benchmark of bench/README.md, one after the other (about 30 minutes on 2 cores), with
# their default settings; the tables also go to bench/results/latest.md.
#
#   bench/run-all.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
results=${SLUICE_BENCH_RESULTS:-$here/results}
mkdir -p "$results"
{
  echo "# Sluice benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM," \
       "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average" \
       "at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  # The fixed-rate run twice: with librdkafka's default fetch wait, and with a short one that
  # keeps the mock cluster's held fetches out of the latency (bench/README.md).
  for step in run-micro.sh run-e2e.sh run-fixed-rate.sh "run-fixed-rate.sh --fetch-wait-ms 10" \
              run-worker-costs.sh; do
    echo
    read -r -a command <<<"$step"
    "$here/${command[0]}" "${command[@]:1}"
  done
  echo
  echo "Profile: bench/results/profile-e2e.txt"
} | tee "$results/latest.md"
"$here/run-profile.sh" >/dev/null
