#!/usr/bin/python3
"""Python routing of a batch against the command, on the same machine and files.

usage: bench/python_batch.py --cli BUILD/spfgov --module-dir BUILD/python [--issues 100000]
                             [--employers 5000] [--seed 1] [--repeat 3]

Generates a graph and a batch with `spfgov generate` (as bench/batch.sh),
then times, best of --repeat, on the same files:
  command   spfgov route --graph graph.json --issues issues.jsonl > /dev/null
  route_lines   spfgov.route_lines(path, graph)   (the same JSON lines, as Python strings),
                also with the graph's loading counted, as the command's run counts it
  routes_frame  spfgov.routes_frame(path, graph)  (a pandas DataFrame)
and checks route_lines equals the command's output byte for byte. Prints a
Markdown table (issues/s and the ratio to the command) for
docs/performance.md. Build both with the bench preset (Release):
  cmake --preset bench && cmake --build --preset bench --target spfgov_cli spfgov_python
"""
import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time


def best(repeat, f):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--module-dir", required=True, help="the directory holding the spfgov package (BUILD/python)")
    ap.add_argument("--issues", type=int, default=100000)
    ap.add_argument("--employers", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, os.path.abspath(args.module_dir))
    import spfgov

    with tempfile.TemporaryDirectory() as work:
        graph_path, issues_path = os.path.join(work, "graph.json"), os.path.join(work, "issues.jsonl")
        gen = [args.cli, "generate", "--employers", str(args.employers), "--seed", str(args.seed)]
        with open(graph_path, "wb") as f:
            subprocess.run(gen, stdout=f, check=True)
        with open(issues_path, "wb") as f:
            subprocess.run(gen + ["--issues", str(args.issues), "--from", "2020-01-01", "--to", "2026-12-31"],
                           stdout=f, check=True)

        def command():
            return subprocess.run([args.cli, "route", "--graph", graph_path, "--issues", issues_path, "--no-progress"],
                                  stdout=subprocess.PIPE, check=True).stdout

        start = time.perf_counter()
        graph = spfgov.Graph.load(graph_path)  # loaded once, as a notebook would (the command loads it each run)
        t_load = time.perf_counter() - start
        t_cli, expected = best(args.repeat, command)
        t_lines, lines = best(args.repeat, lambda: spfgov.route_lines(issues_path, graph=graph))
        if "".join(x + "\n" for x in lines).encode() != expected:
            sys.exit("python_batch.py: route_lines differs from the command's output")
        t_frame, frame = best(args.repeat, lambda: spfgov.routes_frame(issues_path, graph=graph))
        assert len(frame) == args.issues

    n = args.issues
    print("Machine: %s, %d cores (os.cpu_count), Python %s; %s" % (platform.processor() or platform.machine(),
          os.cpu_count(), platform.python_version(), time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
    print("Batch: %d issues, %d-employer generated graph (seed %d), dates 2020-01-01..2026-12-31; best of %d"
          % (n, args.employers, args.seed, args.repeat))
    print()
    print("| what | seconds | issues/s | vs the command |")
    print("|---|---:|---:|---:|")
    for name, t in [("`spfgov route --issues` (all cores)", t_cli),
                    ("`spfgov.route_lines(path)` (same bytes)", t_lines),
                    ("`Graph.load` + `route_lines` (a cold start, as the command)", t_load + t_lines),
                    ("`spfgov.routes_frame(path)` (DataFrame)", t_frame)]:
        print("| %s | %.2f | %s | %.2f |" % (name, t, format(int(n / t), ","), t_cli / t))


if __name__ == "__main__":
    main()
