#!/usr/bin/env bash
# What a plugin author does, end to end: install the Sluice build into a fresh prefix, build
# examples/generator-source against that prefix alone, start the installed worker with the
# example's .so on plugin.path, and watch generated lines reach a file through a file sink.
# Then restart the worker and check that the generator carried on from its stored offset:
# every message number exactly once, none lost, none repeated.
#
#   installed_sdk_test.sh <sluice build dir> <sluice source dir> [cmake generator]
set -euo pipefail

build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
generator=${3:-Ninja}

work=$(mktemp -d "${TMPDIR:-/tmp}/sluice-sdk-test.XXXXXX")
prefix=$work/prefix
worker_pid=

cleanup() {
  if [ -n "$worker_pid" ]; then
    kill -KILL "$worker_pid" 2>/dev/null || true
    wait "$worker_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { echo "== $*"; }
fail() {
  echo "FAIL: $*" >&2
  if [ -f "$work/worker.log" ]; then
    echo "--- the last lines of the worker's log:" >&2
    tail -n 40 "$work/worker.log" >&2
  fi
  exit 1
}

step "installing $build_dir into $prefix"
if ! cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  fail "cmake --install failed; build the target sluice_installables first"
fi
for file in bin/sluice include/sluice/plugin_abi.h include/sluice/sdk.h \
            lib/cmake/Sluice/SluiceConfig.cmake lib/cmake/Sluice/SluiceConfigVersion.cmake \
            lib/cmake/Sluice/SluiceTargets.cmake lib/cmake/Sluice/SluicePlugin.cmake \
            lib/sluice/plugins/file-source.so lib/sluice/plugins/file-sink.so; do
  [ -e "$prefix/$file" ] || fail "the install lacks $file"
done

step "building examples/generator-source against $prefix alone"
example_build=$work/example-build
if ! cmake -S "$source_dir/examples/generator-source" -B "$example_build" -G "$generator" \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS=-Werror \
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/configure.log" 2>&1; then
  cat "$work/configure.log" >&2
  fail "configuring the example failed"
fi
sluice_dir=$(sed -n 's/^Sluice_DIR:PATH=//p' "$example_build/CMakeCache.txt")
[ "$sluice_dir" = "$prefix/lib/cmake/Sluice" ] ||
  fail "find_package(Sluice) found '$sluice_dir', not the installed $prefix/lib/cmake/Sluice"
if ! cmake --build "$example_build" >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  fail "building the example failed (warnings count: the SDK must build cleanly)"
fi
grep -q -- '-Wl,--no-undefined' "$example_build/build.ninja" 2>/dev/null ||
  [ "$generator" != "Ninja" ] || fail "the plugin was not linked with -Wl,--no-undefined"

plugin=$example_build/generator-source.so
[ -f "$plugin" ] || fail "no $plugin (sluice_add_plugin names the .so after the target, no lib prefix)"
# Hidden visibility: the one function the plugin defines for the world is its entry point (what
# the C++ standard library marks visible itself may show too).
functions=$(nm -D --defined-only "$plugin" | awk '$2 == "T" {print $3}')
[ "$functions" = "sluice_plugin_init" ] ||
  fail "the plugin exports functions besides sluice_plugin_init: $functions"
if nm -D --defined-only "$plugin" | grep -q 'generator'; then
  fail "the plugin exports its own symbols: $(nm -D --defined-only "$plugin" | grep generator)"
fi
# Nothing of the runtime: only the C and C++ runtime libraries.
needed=$(readelf -d "$plugin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
for lib in $needed; do
  case $lib in
    libstdc++.so.*|libm.so.*|libgcc_s.so.*|libc.so.*) ;;
    *) fail "the plugin links $lib; plugins link nothing but the C and C++ runtime" ;;
  esac
done

step "building the plugin of docs/plugin-guide.md from its code blocks"
# Prints the fenced code block of the guide whose first line names the file $1.
guide_block() {
  awk -v file="$1" '
    /^```/ { if (inside) { if (keep) exit; inside = 0 } else { inside = 1; first = 1 }; next }
    inside && first { first = 0; keep = ($0 ~ /^(#|\/\/) / && index($0, file) > 0) }
    inside && keep { print }' "$source_dir/docs/plugin-guide.md"
}
guide_dir=$work/guide
mkdir -p "$guide_dir"
guide_block CMakeLists.txt >"$guide_dir/CMakeLists.txt"
guide_block counter_source.cc >"$guide_dir/counter_source.cc"
guide_block redact.cc >"$guide_dir/redact.cc"
for file in CMakeLists.txt counter_source.cc redact.cc; do
  [ -s "$guide_dir/$file" ] || fail "docs/plugin-guide.md has no code block for $file"
done
# Section 9 adds the transformation to the same project.
echo 'sluice_add_plugin(redact redact.cc)' >>"$guide_dir/CMakeLists.txt"
if ! { cmake -S "$guide_dir" -B "$guide_dir/build" -G "$generator" -DCMAKE_BUILD_TYPE=Release \
         -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
         -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" &&
       cmake --build "$guide_dir/build"; } >"$work/guide.log" 2>&1; then
  cat "$work/guide.log" >&2
  fail "the guide's plugin does not build"
fi
[ -f "$guide_dir/build/counter-source.so" ] || fail "the guide's build made no counter-source.so"
[ -f "$guide_dir/build/redact.so" ] || fail "the guide's build made no redact.so"

cat >"$work/worker.properties" <<PROPS
listeners=http://127.0.0.1:0
grpc.listeners=127.0.0.1:0
plugin.path=$prefix/lib/sluice/plugins,$plugin,$guide_dir/build/counter-source.so,$guide_dir/build/redact.so
log.dirs=$work/data
offset.storage.file.filename=$work/connect.offsets
offset.flush.interval.ms=500
PROPS

port=
start_worker() {
  "$prefix/bin/sluice" standalone "$work/worker.properties" >>"$work/worker.log" 2>&1 &
  worker_pid=$!
  port=
  for _ in $(seq 1 200); do
    kill -0 "$worker_pid" 2>/dev/null || fail "the installed worker exited at start"
    port=$(sed -n 's|.*REST API listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' \
      "$work/worker.log" | tail -n 1)
    if [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1; then return; fi
    sleep 0.1
  done
  fail "the installed worker did not answer REST within 20 s"
}
stop_worker() {
  kill -TERM "$worker_pid"
  local status=0
  wait "$worker_pid" || status=$?
  worker_pid=
  [ "$status" -eq 0 ] || fail "the worker exited with status $status after SIGTERM"
}
post() {
  curl -sS -o "$work/response" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary "$2" "http://127.0.0.1:$port$1"
}
lines_in() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }
wait_for_lines() {
  for _ in $(seq 1 300); do
    [ "$(lines_in "$work/out.txt")" -ge "$1" ] && return
    sleep 0.1
  done
  fail "$work/out.txt has $(lines_in "$work/out.txt") lines after 30 s, expected $1 or more"
}

step "starting the installed worker"
start_worker
plugins=$(curl -fsS "http://127.0.0.1:$port/connector-plugins")
for cls in GeneratorSourceConnector CounterSourceConnector FileStreamSinkConnector \
           FileStreamSourceConnector; do
  grep -q "\"$cls\"" <<<"$plugins" || fail "GET /connector-plugins lacks $cls: $plugins"
done

all_plugins=$(curl -fsS "http://127.0.0.1:$port/connector-plugins?connectorsOnly=false")
grep -q '"class":"com.example.Redact","type":"transformation","version":"0.1.0"' \
  <<<"$all_plugins" || fail "GET /connector-plugins?connectorsOnly=false lacks the guide's Redact: $all_plugins"

step "creating a generator source and a file sink through REST"
# shellcheck disable=SC2016  # ${seq} and ${task} are the template's, not the shell's
status=$(post /connectors '{"name": "generator", "config": {
  "connector.class": "GeneratorSource", "topic": "generated", "rate.per.sec": "50",
  "message.template": "line ${seq} of task ${task}"}}')
[ "$status" = 201 ] || fail "creating the generator: HTTP $status $(cat "$work/response")"
status=$(post /connectors "{\"name\": \"generated-sink\", \"config\": {
  \"connector.class\": \"FileStreamSink\", \"topics\": \"generated\", \"file\": \"$work/out.txt\"}}")
[ "$status" = 201 ] || fail "creating the sink: HTTP $status $(cat "$work/response")"
# The plugin's declared definition is what the worker validates with.
status=$(curl -sS -o "$work/response" -w '%{http_code}' -X PUT \
  -H 'Content-Type: application/json' \
  --data-binary '{"connector.class": "GeneratorSource", "topic": "t", "rate.per.sec": "0"}' \
  "http://127.0.0.1:$port/connector-plugins/GeneratorSource/config/validate")
[ "$status" = 200 ] || fail "config/validate: HTTP $status $(cat "$work/response")"
grep -q 'Value must be at least 0.01' "$work/response" ||
  fail "config/validate did not reject rate.per.sec=0: $(cat "$work/response")"

# The guide's transformation on a second sink of the same topic.
status=$(post /connectors "{\"name\": \"redacted-sink\", \"config\": {
  \"connector.class\": \"FileStreamSink\", \"topics\": \"generated\",
  \"file\": \"$work/redacted.txt\", \"transforms\": \"r\", \"transforms.r.type\": \"Redact\"}}")
[ "$status" = 201 ] || fail "creating the redacting sink: HTTP $status $(cat "$work/response")"

wait_for_lines 25
for _ in $(seq 1 100); do [ "$(lines_in "$work/redacted.txt")" -ge 5 ] && break; sleep 0.1; done
[ "$(lines_in "$work/redacted.txt")" -ge 5 ] || fail "the redacting sink wrote nothing"
bad=$(grep -Ev '^line #+ of task #$' "$work/redacted.txt" | head -n 3 || true)
[ -z "$bad" ] || fail "the guide's Redact did not redact: $bad"
step "$(lines_in "$work/out.txt") lines so far; restarting the worker"
stop_worker
before=$(lines_in "$work/out.txt")
start_worker
wait_for_lines $((before + 25))
stop_worker

step "checking $(lines_in "$work/out.txt") lines"
bad=$(grep -Ev '^line [0-9]+ of task 0$' "$work/out.txt" | head -n 3 || true)
[ -z "$bad" ] || fail "lines not made from the template: $bad"
total=$(lines_in "$work/out.txt")
if ! diff <(awk '{print $2}' "$work/out.txt" | sort -n) <(seq 0 $((total - 1))) >"$work/diff"; then
  fail "message numbers are not 0..$((total - 1)) exactly once each (lost or repeated):
$(head -n 20 "$work/diff")"
fi
step "passed: the installed SDK built a plugin the installed worker ran and resumed"
