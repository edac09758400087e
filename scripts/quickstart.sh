#!/usr/bin/env bash
# Sluice's main job on one machine: installs what is missing, builds, starts a worker on the
# embedded log, creates a file -> topic -> file pipeline through the REST API with curl, appends
# lines to the input file and shows them arriving in the output file.
#
#   scripts/quickstart.sh               # runs the demo, then stops the worker
#   scripts/quickstart.sh --keep-running  # leaves the worker running (stop it with Ctrl-C)
set -euo pipefail
cd "$(dirname "$0")/.."
keep_running=false
[ "${1:-}" = "--keep-running" ] && keep_running=true

scripts/install-deps.sh
scripts/build.sh

work=$(mktemp -d /tmp/sluice-quickstart.XXXXXX)
port=${SLUICE_PORT:-8083}
cat > "$work/worker.properties" <<PROPS
# No bootstrap.servers: topics live in the embedded log under log.dirs.
log.dirs=$work/sluice-data
listeners=http://127.0.0.1:$port
grpc.listeners=127.0.0.1:${SLUICE_GRPC_PORT:-18083}
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
offset.storage.file.filename=$work/connect.offsets
offset.flush.interval.ms=1000
PROPS

echo "== starting the worker (logs: $work/worker.log)"
build/bin/sluice standalone "$work/worker.properties" >"$work/worker.log" 2>&1 &
worker=$!
stop_worker() { kill -TERM "$worker" 2>/dev/null && wait "$worker" 2>/dev/null || true; }
$keep_running || trap stop_worker EXIT

for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/" && echo

echo "== creating the pipeline: $work/input.log -> topic weblogs -> $work/output.log"
curl -sf -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$port/connectors" -d @- <<JSON
{"name": "local-file-source",
 "config": {"connector.class": "FileStreamSource", "file": "$work/input.log", "topic": "weblogs"}}
JSON
echo
curl -sf -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$port/connectors" -d @- <<JSON
{"name": "local-file-sink",
 "config": {"connector.class": "FileStreamSink", "file": "$work/output.log", "topics": "weblogs"}}
JSON
echo

echo "== appending lines to $work/input.log"
for i in 1 2 3 4 5; do
  echo "127.0.0.1 - - [$(date -u +%d/%b/%Y:%H:%M:%S) +0000] \"GET /page/$i HTTP/1.1\" 200 $((100 * i))" >> "$work/input.log"
done
for _ in $(seq 1 100); do
  [ -f "$work/output.log" ] && [ "$(wc -l < "$work/output.log")" -ge 5 ] && break
  sleep 0.1
done

echo "== $work/output.log"
cat "$work/output.log"
echo "== status"
curl -sf "http://127.0.0.1:$port/connectors?expand=status" && echo
if $keep_running; then
  echo "== the worker keeps running (pid $worker) on http://127.0.0.1:$port; append to $work/input.log"
  wait "$worker"
fi
