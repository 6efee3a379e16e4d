#!/usr/bin/env bash
# Builds spfgov (preset dev: Debug, warnings as errors) and runs every test.
# Installs the Debian packages it lacks first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset dev
cmake --build --preset dev
ctest --preset dev
