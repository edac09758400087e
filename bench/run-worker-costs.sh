#!/usr/bin/env bash
# What an idle worker costs: exec to REST ready, RSS and CPU at rest, RSS with 100 idle
# connectors, REST create and delete latency. See bench/README.md.
#
#   bench/run-worker-costs.sh [--runs 3] [--idle 60] [--starts 10] [--rest 20]
set -euo pipefail
exec python3 "$(dirname "$0")/py/worker_costs.py" "$@"
