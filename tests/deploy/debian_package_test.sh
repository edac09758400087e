#!/usr/bin/env bash
# The Debian package: builds it with `cpack -G DEB` from the build's CPack config (into a
# temporary folder), then reads it back with dpkg-deb: its control fields, conffiles and
# maintainer scripts, its files, and the consistency of the packaged config and systemd unit
# with those files. Skips (77) where cpack, dpkg-deb or dpkg-shlibdeps are missing.
#
#   usage: debian_package_test.sh <sluice build dir>
set -euo pipefail
build_dir=$(cd "$1" && pwd)

for tool in cpack dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed"
    exit 77
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/sluice-deb-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== cpack -G DEB --config $build_dir/CPackConfig.cmake"
if ! cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1
then
  cat "$work/cpack.log" >&2
  fail "cpack failed (every installed target must be built: target sluice_installables)"
fi
debs=("$work"/out/*.deb)
if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ]; then
  fail "expected one .deb, found: ${debs[*]}"
fi
deb=${debs[0]}
echo "== $(basename "$deb")"

field() { dpkg-deb -f "$deb" "$1"; }
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")
[ "$(field Package)" = sluice ] || fail "Package is '$(field Package)', not sluice"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[[ "$(field Description)" != *";"* ]] || fail "the Description has list separators: $(field Description)"
depends=$(field Depends)
echo "Depends: $depends"
# dpkg-shlibdeps found the libraries; adduser is for postinst.
depends_names=$(tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/ .*//')
for package in adduser libc6 libstdc++6 librdkafka1 libboost-filesystem1.74.0; do
  grep -qxF "$package" <<<"$depends_names" || fail "Depends lacks $package: $depends"
done
# The SDK's CMake package needs nlohmann/json (find_dependency in SluiceConfig.cmake): apt installs
# Recommends by default, so find_package(Sluice) works after a plain install. The worker does not
# need it, so it must not be a Depends.
recommends=$(field Recommends)
echo "Recommends: $recommends"
tr ',' '\n' <<<"$recommends" | sed 's/^ *//; s/ .*//' | grep -qxF nlohmann-json3-dev ||
  fail "Recommends lacks nlohmann-json3-dev (SluiceConfig.cmake needs it): '$recommends'"
if grep -qxF nlohmann-json3-dev <<<"$depends_names"; then
  fail "Depends has nlohmann-json3-dev, which only building plugins needs: $depends"
fi

dpkg-deb -e "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/sluice/worker.properties ] ||
  fail "conffiles is not exactly /etc/sluice/worker.properties: $(cat "$work/control/conffiles")"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "no executable $script"
  sh -n "$work/control/$script" || fail "$script is not valid sh"
done
grep -q 'adduser --system .* sluice' "$work/control/postinst" ||
  fail "postinst does not create the sluice system user"

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/files"
for file in /usr/bin/sluice /usr/lib/sluice/plugins/file-source.so \
            /usr/lib/sluice/plugins/file-sink.so /usr/include/sluice/plugin_abi.h \
            /usr/include/sluice/sdk.h /usr/lib/cmake/Sluice/SluiceConfig.cmake \
            /usr/lib/cmake/Sluice/SluicePlugin.cmake /etc/sluice/worker.properties \
            /usr/lib/systemd/system/sluice.service; do
  grep -qx "$file" "$work/files" || fail "the package lacks $file"
done
if [ -x "$build_dir/bin/sluicectl" ]; then
  grep -qx /usr/bin/sluicectl "$work/files" || fail "the package lacks /usr/bin/sluicectl"
fi
stray=$(grep -Ev '^/(usr|etc)(/|$)|^/$' "$work/files" || true)
[ -z "$stray" ] || fail "files outside /usr and /etc: $stray"

dpkg-deb -x "$deb" "$work/root"
root=$work/root
"$root/usr/bin/sluice" --version || fail "the packaged sluice does not run"
if readelf -S "$root/usr/bin/sluice" | grep -q '\.symtab'; then
  fail "the packaged sluice is not stripped"
fi

# The packaged config names the packaged plugin folder, and the unit the packaged binary and config.
plugin_path=$(sed -n 's/^plugin.path=//p' "$root/etc/sluice/worker.properties")
[ "$plugin_path" = /usr/lib/sluice/plugins ] || fail "packaged plugin.path is '$plugin_path'"
ls "$root$plugin_path"/*.so >/dev/null || fail "no plugin in $plugin_path"
for key in log.dirs offset.storage.file.filename; do
  grep -Eq "^$key=/var/lib/sluice/" "$root/etc/sluice/worker.properties" ||
    fail "the packaged $key is not under /var/lib/sluice"
done
unit=$root/usr/lib/systemd/system/sluice.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[ "$exec_start" = "/usr/bin/sluice standalone /etc/sluice/worker.properties" ] ||
  fail "ExecStart is '$exec_start'"
for setting in User=sluice StateDirectory=sluice WorkingDirectory=/var/lib/sluice \
               Restart=on-failure WantedBy=multi-user.target; do
  grep -qx "$setting" "$unit" || fail "sluice.service lacks $setting"
done
if command -v systemd-analyze >/dev/null; then
  # The unit's syntax, with ExecStart pointed at the extracted binary (not installed here). Any
  # remark (an unknown key, say) counts as a failure.
  mkdir "$work/unit"
  sed "s|^ExecStart=/usr/bin/sluice |ExecStart=$root/usr/bin/sluice |" "$unit" \
    >"$work/unit/sluice.service"
  if ! systemd-analyze verify --man=no "$work/unit/sluice.service" >"$work/verify.log" 2>&1 ||
     [ -s "$work/verify.log" ]; then
    cat "$work/verify.log" >&2
    fail "systemd-analyze verify rejected sluice.service"
  fi
fi
echo "== the package holds $(wc -l <"$work/files") entries; control, files and config agree"
