#!/usr/bin/env bash
# The demo, once `docker compose up -d --build` has started the services: creates the three
# connectors through the worker's REST API, then shows the access-log lines in the Kafka topic
# `weblogs`, in the file sink's output and in HDFS.
#
#   ./demo.sh
#
# Run it again at any time: connectors that exist already get the config of their file. The
# addresses are those docker-compose.yml publishes on the host; to run it elsewhere:
#   SLUICE_URL      the worker's REST API (default http://localhost:8083)
#   WEBHDFS_URL     the namenode's web port (default http://localhost:9870)
#   CONNECTORS_DIR  the folder holding file-source.json, file-sink.json and hdfs-sink.json
#                   (default connectors)
set -euo pipefail
cd "$(dirname "$0")"

url=${SLUICE_URL:-http://localhost:8083}
webhdfs_url=${WEBHDFS_URL:-http://localhost:9870}
connectors_dir=${CONNECTORS_DIR:-connectors}
response=$(mktemp)
trap 'rm -f "$response"' EXIT

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
else
  echo "demo: neither 'docker compose' nor 'docker-compose' is installed" >&2
  exit 1
fi

# Runs "$@" every second until it succeeds; fails after $1 seconds.
retry_for() {
  local seconds=$1
  shift
  for ((i = 0; i < seconds; i++)); do
    if "$@"; then return 0; fi
    sleep 1
  done
  return 1
}

healthy() { curl -fsS "$url/health" >/dev/null 2>&1; }

# Prints the "config" object of a connector file: PUT /connectors/<name>/config takes the config
# alone, not the {"name": ..., "config": {...}} of POST /connectors. The host may lack jq; python3
# reads any JSON. Without python3, sed relies on the layout of connectors/*.json: the config is a
# flat object of strings whose closing brace is the first "}" after the line with `"config": {`
# (tests/deploy/check_compose.py holds the files to that layout).
connector_config() {
  if command -v python3 >/dev/null; then
    python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["config"]))' "$1"
  else
    sed -n '/"config": *{/,/}/{s/^.*"config": *//;p;}' "$1"
  fi
}

# Prints the failed request's status and the worker's answer, and fails.
request_failed() {
  echo "demo: $1 failed with HTTP $2:" >&2
  cat "$response" >&2
  echo >&2
  return 1
}

# POSTs a connector file. A connector that exists already (409: a second run, or a worker that
# kept it in its state volume) gets the file's config through PUT /connectors/<name>/config, so
# that an edited file takes effect.
create_connector() {
  local file=$1 name status
  name=$(sed -n 's/^ *"name": *"\([^"]*\)".*/\1/p' "$file" | head -n 1)
  status=$(curl -sS -o "$response" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' --data-binary "@$file" "$url/connectors")
  case $status in
    201) echo "created $name" ;;
    409)
      status=$(connector_config "$file" | curl -sS -o "$response" -w '%{http_code}' -X PUT \
        -H 'Content-Type: application/json' --data-binary @- "$url/connectors/$name/config")
      case $status in
        200) echo "updated $name" ;;
        # Deleted between the two requests, and created by the PUT.
        201) echo "created $name" ;;
        *) request_failed "updating $name from $file" "$status" ;;
      esac ;;
    *) request_failed "creating $name from $file" "$status" ;;
  esac
}

sink_has_lines() { "${compose[@]}" exec -T sluice test -s /data/out/weblogs.txt; }

hdfs_has_files() {
  "${compose[@]}" exec -T namenode hdfs dfs -ls -R /sluice/topics/weblogs 2>/dev/null |
    grep -q '^-'
}

echo "== waiting for the worker at $url/health"
if ! retry_for 180 healthy; then
  echo "demo: the worker did not become healthy; see '${compose[*]} logs sluice'" >&2
  exit 1
fi
curl -sS "$url/" && echo

echo "== creating the connectors"
for connector in file-source file-sink hdfs-sink; do
  create_connector "$connectors_dir/$connector.json"
done

echo "== connector plugins"
curl -sS "$url/connector-plugins" && echo

echo "== waiting for records in the file sink's output"
if ! retry_for 60 sink_has_lines; then
  echo "demo: no output after 60 s; status of the connectors:" >&2
  curl -sS "$url/connectors?expand=status" >&2
  exit 1
fi

echo "== status"
curl -sS "$url/connectors?expand=status" && echo

echo "== Kafka: the first 5 records of topic weblogs (kafka-console-consumer.sh)"
"${compose[@]}" exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh \
  --bootstrap-server kafka:9092 --topic weblogs --from-beginning --max-messages 5 \
  --timeout-ms 20000

lines=$("${compose[@]}" exec -T sluice wc -l /data/out/weblogs.txt | awk '{print $1}')
echo "== file sink: the last 5 of the $lines lines in /data/out/weblogs.txt"
"${compose[@]}" exec -T sluice tail -n 5 /data/out/weblogs.txt

echo "== HDFS: waiting for the first committed file (flush.size=100, or 60 s at the latest)"
if ! retry_for 120 hdfs_has_files; then
  echo "demo: nothing committed to HDFS after 120 s; status of the sink:" >&2
  curl -sS "$url/connectors/weblogs-hdfs-sink/status" >&2
  exit 1
fi
echo "== HDFS: hdfs dfs -ls -R /sluice/topics (in the namenode container)"
"${compose[@]}" exec -T namenode hdfs dfs -ls -R /sluice/topics
echo "== HDFS: WebHDFS LISTSTATUS of /sluice/topics/weblogs"
curl -sS "$webhdfs_url/webhdfs/v1/sluice/topics/weblogs?op=LISTSTATUS&user.name=hadoop"
echo
first_file=$("${compose[@]}" exec -T namenode hdfs dfs -ls -R /sluice/topics/weblogs |
  awk '/^-/ && !found {print $NF; found = 1}')
echo "== HDFS: the first 3 lines of $first_file"
# head stops reading early; the cat's broken pipe is expected.
"${compose[@]}" exec -T namenode hdfs dfs -cat "$first_file" | head -n 3 || true

echo "== done: the worker keeps running; '${compose[*]} down -v' stops everything"
