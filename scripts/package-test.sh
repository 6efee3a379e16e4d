#!/usr/bin/env bash
# Packaging test: install spfgov into a temporary prefix and build a consumer
# with find_package; then build the same consumer with add_subdirectory.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gen=(); command -v ninja >/dev/null && gen=(-G Ninja)

echo "== package: install into $work/prefix"
cmake -S "$here" -B "$work/build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$work/prefix" \
      -DSPFGOV_BUILD_TESTS=OFF -DSPFGOV_BUILD_EXAMPLES=OFF -DSPFGOV_BUILD_BENCH=OFF >/dev/null
cmake --build "$work/build" -j2
cmake --install "$work/build" >/dev/null
test -f "$work/prefix/lib/cmake/spfgov/spfgovConfig.cmake" || test -f "$work/prefix/lib/x86_64-linux-gnu/cmake/spfgov/spfgovConfig.cmake"

echo "== package: consumer with find_package"
cmake -S "$here/tests/package" -B "$work/consumer" "${gen[@]}" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" -j2
"$work/consumer/consumer"

echo "== package: consumer with add_subdirectory"
cmake -S "$here/tests/package" -B "$work/consumer-sub" "${gen[@]}" -DSPFGOV_SOURCE_DIR="$here" >/dev/null
cmake --build "$work/consumer-sub" -j2
"$work/consumer-sub/consumer"
echo "package test passed"
