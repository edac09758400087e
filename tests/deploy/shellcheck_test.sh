#!/usr/bin/env bash
# Lints the deployment's shell scripts and the Debian maintainer scripts with ShellCheck.
# Skips (77) when shellcheck is not installed.
#
#   usage: shellcheck_test.sh <sluice source dir>
set -euo pipefail
source_dir=$1

if ! command -v shellcheck >/dev/null; then
  echo "SKIP: shellcheck is not installed"
  exit 77
fi

scripts=(
  "$source_dir/deploy/demo.sh"
  "$source_dir/deploy/log-generator.sh"
  "$source_dir/packaging/debian/postinst"
  "$source_dir/packaging/debian/prerm"
  "$source_dir/packaging/debian/postrm"
  "$source_dir"/tests/deploy/*.sh
)
shellcheck --version | sed -n 2p
shellcheck "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
