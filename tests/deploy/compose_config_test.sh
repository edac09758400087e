#!/usr/bin/env bash
# Validates deploy/docker-compose.yml with Compose itself (`config -q` parses the file, checks it
# against the Compose schema and resolves env files, build contexts and volumes) without a Docker
# engine. Skips (77) when neither `docker compose` nor `docker-compose` is installed.
#
#   compose_config_test.sh <deploy dir>
set -euo pipefail
deploy_dir=$1

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
else
  echo "SKIP: neither 'docker compose' nor 'docker-compose' is installed"
  exit 77
fi

echo "== ${compose[*]} -f $deploy_dir/docker-compose.yml config -q"
"${compose[@]}" -f "$deploy_dir/docker-compose.yml" --project-directory "$deploy_dir" config -q
echo "== services"
"${compose[@]}" -f "$deploy_dir/docker-compose.yml" --project-directory "$deploy_dir" \
  config --services | sort | tr '\n' ' '
echo
