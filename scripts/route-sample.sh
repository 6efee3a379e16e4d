#!/usr/bin/env bash
# The main job: builds the spfgov command (preset release) and routes a sample
# issue on the built-in England graph, printing the route as a report.
# Installs the Debian packages it lacks first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# Parallel jobs are not fixed in CMakePresets.json: 2 unless set (a shared machine).
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} CTEST_PARALLEL_LEVEL=${CTEST_PARALLEL_LEVEL:-2}
bash scripts/setup.sh --build  # only what the build needs (not the tests' chromium, Python...)
cmake --preset release >/dev/null
cmake --build --preset release >&2
exec build/release/spfgov route --issue "${1:-examples/issues/uhb-restructure.json}" --format text
