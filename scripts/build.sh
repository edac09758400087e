#!/usr/bin/env bash
# Configures and builds Sluice (Release) into build/. Extra arguments go to the build tool.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset default >/dev/null
cmake --build build -j "$(nproc)" "$@"
