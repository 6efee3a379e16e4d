#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset, or SPFGOV_FUZZ_PRESET's:
# clang, ASan + UBSan) and runs each for SECONDS_PER_TARGET seconds (default
# 60), starting from the seed corpora in tests/fuzz/corpus/. The corpora are
# copied to a temporary directory first: nothing is ever written into the
# repository. Targets run SPFGOV_FUZZ_JOBS at a time (default:
# CMAKE_BUILD_PARALLEL_LEVEL, else the number of cores), each on its own copy
# of its corpus. Exits non-zero if any target crashed (the crashing input is
# kept and its path printed).
#
#   scripts/run-fuzz.sh [SECONDS_PER_TARGET]
#   SPFGOV_FUZZ_KEEP=1 scripts/run-fuzz.sh 600   # keep the grown corpora
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -eq 0 ]]; then
  echo "usage: $0 [SECONDS_PER_TARGET]  (a positive whole number; default 60)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# CI builds the tests and the fuzz targets in one tree (SPFGOV_FUZZ_PRESET=asan-clang).
preset="${SPFGOV_FUZZ_PRESET:-fuzz}"
cmake --preset "$preset"
# TARGET:CORPUS, each target fuzz_TARGET.
entries=(graph_reader:graph graph_stream:graph issue_reader:issue issue_fast_reader:issue rrule:rrule route:route policy_reader:policy)
targets=("${entries[@]%%:*}")
cmake --build --preset "$preset" -j2 --target "${targets[@]/#/fuzz_}"

bin_dir="$root/build/$preset/tests/fuzz"
work="$(mktemp -d "${TMPDIR:-/tmp}/spfgov-fuzz.XXXXXX")"
echo "fuzzing for ${seconds}s per target in $work"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# The targets are single-threaded: run as many at once as there are build
# jobs (2 here), so that the whole run takes half the time for the same
# fuzzing per target. Each reports in the order below once all have ended.
jobs="${SPFGOV_FUZZ_JOBS:-${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}}"
if ! [[ "$jobs" =~ ^[1-9][0-9]*$ ]]; then jobs=1; fi
# fuzz_route reads its bytes as a graph and an issue (structure-aware); any
# bytes will do as seeds, so it starts from the project's test data.
mkdir -p "$work/corpus/route"
cp tests/data/* tests/cli/fixtures/* "$work/corpus/route/"
# Two targets of one corpus would both write into it: each gets its own copy.
for entry in "${entries[@]}"; do
  target="fuzz_${entry%%:*}"
  corpus="${entry##*:}"
  mkdir -p "$work/corpus-$target" "$work/artifacts/$target"
  if [[ -d "$work/corpus/$corpus" ]]; then cp -R "$work/corpus/$corpus/." "$work/corpus-$target/"; fi
  if [[ -d "tests/fuzz/corpus/$corpus" ]]; then cp -R "tests/fuzz/corpus/$corpus/." "$work/corpus-$target/"; fi
done
running=0
for entry in "${entries[@]}"; do
  target="fuzz_${entry%%:*}"
  corpus="${entry##*:}"
  # Low limits: an input that takes more than 512 MB or 5 s is a finding.
  args=(-max_total_time="$seconds" -rss_limit_mb=512 -timeout=5 -print_final_stats=1
        -artifact_prefix="$work/artifacts/$target/")
  if [[ -f "tests/fuzz/$corpus.dict" ]]; then args+=(-dict="tests/fuzz/$corpus.dict"); fi
  if ((running >= jobs)); then wait -n || true; running=$((running - 1)); fi
  echo "== $target (started)"
  ( "$bin_dir/$target" "${args[@]}" "$work/corpus-$target" >"$work/$target.log" 2>&1; echo $? >"$work/$target.rc" ) &
  running=$((running + 1))
done
wait

failed=()
for entry in "${entries[@]}"; do
  target="fuzz_${entry%%:*}"
  log="$work/$target.log"
  echo "== $target"
  if [[ "$(cat "$work/$target.rc" 2>/dev/null)" == 0 ]]; then
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|cov: ' "$log" | tail -n 4 || true
  else
    echo "!! $target crashed; log: $log" >&2
    grep -E 'ERROR|SUMMARY|fuzz_[a-z_]+:|Test unit written' "$log" | head -n 20 >&2 || true
    ls -1 "$work/artifacts/$target/" | sed "s|^|   artifact: $work/artifacts/$target/|" >&2 || true
    failed+=("$target")
  fi
done

if ((${#failed[@]})); then
  echo "crashed: ${failed[*]} (inputs kept in $work/artifacts/)" >&2
  exit 1
fi
echo "no crashes"
if [[ "${SPFGOV_FUZZ_KEEP:-0}" == 1 ]]; then
  echo "corpora kept in $work/corpus-fuzz_*"
else
  rm -rf "$work"
fi
