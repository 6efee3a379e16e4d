#!/usr/bin/env bash
# Start-up and big-graph load of `spfgov`, beside baselines in the same run
# (issue 11 targets; see bench/README.md and docs/performance.md).
#
#   bench/startup.sh PATH/TO/spfgov [PATH/TO/baseline-spfgov]
#
# 1. Built-in England graph, one issue, whole process: `perf stat -r 30 -e
#    task-clock` of `spfgov route --issue ONE` beside `/bin/true` and
#    `spfgov --version` (the floor: exec, dynamic linking, relocation).
# 2. EMPLOYERS (default 1000000) generated employers: wall time, CPU time and
#    peak RSS of `spfgov validate --graph` (read, build, validate) and of
#    `spfgov route --graph ... --issues ONE-LINE` (the above plus one routing
#    index), with peak RSS per body. Set EMPLOYERS=0 to skip.
# Each command runs for the build under test and, when given, the baseline,
# one after the other. Environment: SPFGOV_STARTUP_DIR (work directory kept
# between runs: the big graph is generated once), EMPLOYERS, SEED (1).
set -euo pipefail

bin="${1:?usage: bench/startup.sh PATH/TO/spfgov [PATH/TO/baseline-spfgov]}"
base="${2:-}"
employers="${EMPLOYERS:-1000000}"
seed="${SEED:-1}"
work="${SPFGOV_STARTUP_DIR:-$(mktemp -d)}"
mkdir -p "$work"
command -v perf >/dev/null || { echo "startup.sh: perf is needed (Debian: linux-perf)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "startup.sh: /usr/bin/time is needed (Debian: time)" >&2; exit 2; }

echo "# spfgov start-up and load, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "build: $bin${base:+; baseline: $base}"

cat > "$work/one-england.json" <<'JSON'
{"id": "one", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-06-01"}
JSON

task_clock() {  # ms of CPU (task-clock) per run, mean of 30
    perf stat -r 30 -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { printf "%.2f", $1 }'
}
echo
echo "| command (England, built-in graph) | task-clock ms, mean of 30 |"
echo "|---|---:|"
echo "| /bin/true | $(task_clock /bin/true) |"
for b in "$bin" ${base:+"$base"}; do
    echo "| $b --version | $(task_clock "$b" --version) |"
    echo "| $b route --issue one-england.json | $(task_clock "$b" route --issue "$work/one-england.json") |"
done

(( employers > 0 )) || exit 0
graph="$work/gen$employers-seed$seed.json"
if [[ ! -s "$graph" ]]; then
    echo "startup.sh: generating $employers employers into $graph" >&2
    "$bin" generate --employers "$employers" --seed "$seed" > "$graph.tmp" && mv "$graph.tmp" "$graph"
    "$bin" generate --employers "$employers" --seed "$seed" --issues 1 --from 2026-06-01 --to 2026-06-01 > "$work/one-$employers.jsonl"
fi
bodies="$(grep -o '"kind"' "$graph" | wc -l)"  # one "kind" per body; links have "rel"
echo
echo "$employers employers: $(du -m "$graph" | cut -f1) MB of JSON, about $bodies bodies"
echo
echo "| command | wall s | user s | sys s | peak RSS MiB | peak RSS B/body |"
echo "|---|---:|---:|---:|---:|---:|"
measure() {
    local label="$1"; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || true
    read -r wall user sys kb < <(tail -1 "$work/time.txt")
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v kb="$kb" -v n="$bodies" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.0f | %.0f |\n", l, w, u, s, kb / 1024, kb * 1024 / n }'
}
for b in "$bin" ${base:+"$base"}; do
    measure "$b validate --graph" "$b" validate --graph "$graph"
    measure "$b route --graph --issues (one line)" "$b" route --graph "$graph" --issues "$work/one-$employers.jsonl"
done
