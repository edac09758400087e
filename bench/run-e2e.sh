#!/usr/bin/env bash
# End to end on the embedded log: file-source -> topic -> file-sink with StringConverter and
# JsonConverter, beside `cat` and `kcat -P` in the same rounds. See bench/README.md.
#
#   bench/run-e2e.sh [--lines 1000000] [--runs 3] [--keep]
set -euo pipefail
exec python3 "$(dirname "$0")/py/e2e.py" "$@"
