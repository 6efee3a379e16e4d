#!/usr/bin/env bash
# Installs the Debian 12 packages spfgov needs to build, test and benchmark,
# only those not yet installed (so running it twice does nothing the second time).
#   bash scripts/setup.sh          everything: build, tests, benchmarks, Python
#   bash scripts/setup.sh --build  only what building the library and the
#                                  command needs (scripts/route-sample.sh)
set -euo pipefail

# Building the library and the spfgov command (preset release), its man page.
build_packages=(
  g++ cmake ninja-build pkg-config
  libboost-dev libboost-date-time-dev libboost-graph-dev
  librange-v3-dev nlohmann-json3-dev libcli11-dev libyaml-cpp-dev libsimdjson-dev
  help2man
)

packages=(
  g++ clang cmake ninja-build pkg-config
  libboost-dev libboost-date-time-dev libboost-graph-dev
  librange-v3-dev nlohmann-json3-dev libcli11-dev doctest-dev libbenchmark-dev
  libyaml-cpp-dev                     # policy and scenario files (YAML 1.2)
  libsimdjson-dev                     # the issue reader's fast path (src/issue_reader_simd.cpp)
  libclang-rt-14-dev                  # libFuzzer and sanitizer runtimes for clang 14
  graphviz python3 python3-networkx python3-icalendar   # export and .ics checks in the tests
  libical-dev                         # .ics files checked by libical's parser and RFC 5545 restrictions (tests)
  chromium                            # the HTML report opened headless in the tests (tests/html)
  python3-dev python3-pybind11 pybind11-dev         # the Python module (docs/analysts.md)
  python3-pandas python3-pytest python3-dask python3-distributed python3-matplotlib
  help2man man-db                     # the man page, generated from --help; man -l checks it
  dpkg-dev file                       # cpack -G DEB (dpkg-shlibdeps) in scripts/package-test.sh
)

case "${1:-}" in
  "") ;;
  --build) packages=("${build_packages[@]}") ;;
  *) echo "setup: unknown option '$1' (use --build, or nothing for every package)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed" >&2
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
