#!/usr/bin/env bash
# Appends Apache access-log lines (combined log format) to a file, as a busy web server would.
#
#   log-generator.sh /var/log/web/access.log    # LINES_PER_SECOND (default 5) lines a second
set -euo pipefail

log_file=${1:?usage: log-generator.sh <access.log>}
lines_per_second=${LINES_PER_SECOND:-5}
if ! [[ $lines_per_second =~ ^[1-9][0-9]*$ ]]; then
  echo "log-generator: LINES_PER_SECOND must be a positive integer, not '$lines_per_second'" >&2
  exit 2
fi
mkdir -p "$(dirname "$log_file")"

paths=(/ /index.html /about /products /products/42 /cart /checkout /api/orders /static/app.js
       /static/style.css /favicon.ico /login /search?q=sluice)
methods=(GET GET GET GET GET POST)
statuses=(200 200 200 200 200 200 304 301 404 500)
agents=("Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0" "curl/7.88.1"
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 13_4) Safari/605.1.15")

# One of its arguments, at random.
pick() { echo "${@:RANDOM % $# + 1:1}"; }

echo "log-generator: appending $lines_per_second lines a second to $log_file"
while true; do
  for ((i = 0; i < lines_per_second; i++)); do
    ip="10.$((RANDOM % 256)).$((RANDOM % 256)).$((RANDOM % 254 + 1))"
    printf '%s - - [%s] "%s %s HTTP/1.1" %s %d "-" "%s"\n' \
      "$ip" "$(date -u '+%d/%b/%Y:%H:%M:%S +0000')" "$(pick "${methods[@]}")" \
      "$(pick "${paths[@]}")" "$(pick "${statuses[@]}")" "$((RANDOM % 50000 + 200))" \
      "$(pick "${agents[@]}")"
  done >> "$log_file"
  sleep 1
done
