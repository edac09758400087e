#!/usr/bin/env bash
# A profile of the end-to-end StringConverter run: perf (cpu-clock samples, by thread) on 1M
# lines and callgrind (instruction counts) on 100k lines. Writes bench/results/profile-e2e.txt.
#
#   bench/run-profile.sh [--perf-lines 1000000] [--callgrind-lines 100000] [--keep]
set -euo pipefail
exec python3 "$(dirname "$0")/py/profile_e2e.py" "$@"
