#!/usr/bin/env bash
# Builds spfgov (preset dev: Debug, warnings as errors) and runs every test.
# Installs the Debian packages it lacks first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# Parallel jobs are not fixed in CMakePresets.json: 2 unless set (a shared machine).
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} CTEST_PARALLEL_LEVEL=${CTEST_PARALLEL_LEVEL:-2}
bash scripts/setup.sh
cmake --preset dev
cmake --build --preset dev
ctest --preset dev
