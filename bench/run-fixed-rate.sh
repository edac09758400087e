#!/usr/bin/env bash
# The Kafka path at a fixed rate (librdkafka's in-process cluster): Sluice and rsyslog
# (imfile -> omkafka -> topic -> imkafka -> omfile): lines delivered, CPU per million lines,
# latency from append to output. See bench/README.md.
#
#   bench/run-fixed-rate.sh [--rate 20000] [--seconds 30] [--runs 3] [--only sluice|rsyslog]
set -euo pipefail
here=$(dirname "$0")
"$here/build-bench.sh" sluice-mock-kafka
exec python3 "$here/py/fixed_rate.py" "$@"
