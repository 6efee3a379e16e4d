#!/usr/bin/env bash
# Whole-command batch benchmark of `spfgov route` (see bench/README.md).
#
#   bench/batch.sh [PATH/TO/spfgov] [ISSUES]
#
# Builds nothing. Generates a 5,000-employer graph and ISSUES issues
# (default 400,000) with `spfgov generate`, then times
#   spfgov route --graph graph.json --issues issues.jsonl > /dev/null
# with /usr/bin/time -v (wall time, peak RSS) on the first 100,000 lines and
# on all of them, so that memory can be seen to stay flat as the batch grows.
# Beside it, in the same run, baselines that only read the same file:
# `cat > /dev/null`, `wc -l`, and a parse-only Python json.loads per line.
# Prints a Markdown table. Environment: SPFGOV_BATCH_DIR (work directory,
# default a fresh temporary one, removed afterwards), EMPLOYERS (5000),
# SEED (1), FROM and TO (issue dates, default 2020-01-01..2026-12-31: seven
# years, so that the routing index cache sees many dates and epochs),
# ROUTE_ARGS (extra arguments for `spfgov route`, e.g. "--jobs 1"),
# BASELINE_BIN (another spfgov, e.g. the previous release, run on the same
# files right after each route run, as a baseline row).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

bin="${1:-}"
if [[ -z "$bin" ]]; then
    for candidate in "$root/build/release/spfgov" "$root/build/bench/spfgov" "$root/build-bench/spfgov"; do
        if [[ -x "$candidate" ]]; then bin="$candidate"; break; fi
    done
fi
if [[ -z "$bin" || ! -x "$bin" ]]; then
    echo "batch.sh: no spfgov binary (give its path; build with: cmake --preset release && cmake --build --preset release)" >&2
    exit 2
fi
issues_total="${2:-400000}"
employers="${EMPLOYERS:-5000}"
seed="${SEED:-1}"
from="${FROM:-2020-01-01}"
to="${TO:-2026-12-31}"
read -r -a route_args <<< "${ROUTE_ARGS:-}"
small=100000
if (( issues_total < small )); then small=$issues_total; fi

if [[ ! -x /usr/bin/time ]]; then
    echo "batch.sh: /usr/bin/time is needed for peak memory (Debian: apt-get install time)" >&2
    exit 2
fi

if [[ -n "${SPFGOV_BATCH_DIR:-}" ]]; then
    work="$SPFGOV_BATCH_DIR"
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi

echo "batch.sh: $bin; work directory $work" >&2
echo "batch.sh: generating a $employers-employer graph and $issues_total issues (seed $seed, $from..$to)" >&2
"$bin" generate --employers "$employers" --seed "$seed" > "$work/graph.json"
"$bin" generate --employers "$employers" --seed "$seed" --issues "$issues_total" --from "$from" --to "$to" > "$work/issues.jsonl"
head -n "$small" "$work/issues.jsonl" > "$work/issues-small.jsonl"

# run LABEL FILE LINES COMMAND... : wall seconds (bash EPOCHREALTIME, to the
# microsecond) and peak RSS (kB, from /usr/bin/time -v) of COMMAND, stdout to
# /dev/null, appended to $work/results as "label file lines seconds kb status".
run() {
    local label="$1" file="$2" lines="$3"
    shift 3
    local status=0 start end
    start="$EPOCHREALTIME"
    /usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || status=$?
    end="$EPOCHREALTIME"
    local kb seconds
    kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")"
    seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')"
    echo "$label $file $lines $seconds $kb $status" >> "$work/results"
    if (( status != 0 )) && [[ "$label" == route ]]; then
        echo "batch.sh: $label exited with $status; first lines of stderr:" >&2
        head -n 5 "$work/stderr.txt" >&2
    fi
}

: > "$work/results"
py_parse='import json, sys
n = 0
with open(sys.argv[1]) as f:
    for line in f:
        json.loads(line); n += 1
print(n)'
for f in issues-small issues; do
    lines="$(wc -l < "$work/$f.jsonl")"
    run "cat" "$f" "$lines" cat "$work/$f.jsonl"
    run "wc_-l" "$f" "$lines" wc -l "$work/$f.jsonl"
    if [[ -x /usr/bin/python3 ]]; then
        run "python3_json.loads_(parse_only)" "$f" "$lines" /usr/bin/python3 -c "$py_parse" "$work/$f.jsonl"
    fi
    run "route" "$f" "$lines" "$bin" route --graph "$work/graph.json" --issues "$work/$f.jsonl" ${route_args[@]+"${route_args[@]}"}
    if [[ -n "${BASELINE_BIN:-}" ]]; then
        # Another build (e.g. the previous release) on the same files, right after.
        run "baseline_build" "$f" "$lines" "$BASELINE_BIN" route --graph "$work/graph.json" --issues "$work/$f.jsonl" \
            ${route_args[@]+"${route_args[@]}"}
    fi
done

# Table: issues/s, peak RSS, and each row's speed relative to the route run
# of the same batch (baseline seconds / route seconds: how many times slower
# routing is than merely reading or parsing the same lines).
echo
echo "| command | lines | wall s | lines/s | peak RSS MiB | route time / this time |"
echo "|---|---:|---:|---:|---:|---:|"
awk -v employers="$employers" '
    { label[NR] = $1; file[NR] = $2; lines[NR] = $3; secs[NR] = $4; kb[NR] = $5; status[NR] = $6
      if ($1 == "route") route_secs[$2] = $4 }
    END {
        for (i = 1; i <= NR; i++) {
            s = secs[i] > 0 ? secs[i] : 1e-6
            ratio = (file[i] in route_secs) ? route_secs[file[i]] / s : 0
            name = label[i]; gsub("_", " ", name)
            if (name == "route") name = "spfgov route --graph (" employers " employers) --issues"
            if (name == "baseline build") name = "baseline build: the same route command"
            flag = status[i] == 0 ? "" : " (exit " status[i] ")"
            printf "| %s%s | %d | %.3f | %.0f | %.1f | %.1f |\n", name, flag, lines[i], secs[i], lines[i] / s, kb[i] / 1024, ratio
        }
    }' "$work/results"

# Memory flat in batch length: peak RSS of the long batch over the short one.
awk '$1 == "route" { kb[++n] = $5; lines[n] = $3 }
     END { if (n == 2) printf "\npeak RSS, %d lines / %d lines: %.2f (flat is 1.00)\n", lines[2], lines[1], kb[2] / kb[1] }' "$work/results"
