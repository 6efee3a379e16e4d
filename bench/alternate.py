#!/usr/bin/env python3
"""Alternating whole-command timing of two binaries on the same arguments.

    python3 bench/alternate.py N BASELINE NEW -- ARGS...

On a noisy machine only runs interleaved in time are comparable, so this runs
`BASELINE ARGS` and `NEW ARGS` one after the other, N times each (stdout to
/dev/null), and prints each one's median and minimum wall time and, when
`perf` is installed, of task-clock (CPU ms, from a separate `perf stat` run
each round, so that perf's own start-up is not in the wall time).
See bench/README.md; results in docs/performance.md.
"""
import shutil
import statistics
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 5 or argv[4] != "--":
        sys.exit("usage: bench/alternate.py N BASELINE NEW -- ARGS...")
    n, binaries, args = int(argv[1]), {"baseline": argv[2], "new": argv[3]}, argv[5:]
    perf = shutil.which("perf")
    wall = {k: [] for k in binaries}
    clock = {k: [] for k in binaries}
    for _ in range(n):
        for which, binary in binaries.items():
            start = time.perf_counter()
            subprocess.run([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            wall[which].append((time.perf_counter() - start) * 1000)
            if perf:
                out = subprocess.run([perf, "stat", "-x,", "-e", "task-clock", binary, *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False).stderr
                for line in out.splitlines():
                    if "task-clock" in line:
                        clock[which].append(float(line.split(",")[0]))
    for which, binary in binaries.items():
        text = f"{which:8} {binary}: wall median {statistics.median(wall[which]):.2f} ms (min {min(wall[which]):.2f})"
        if clock[which]:
            text += f"; task-clock median {statistics.median(clock[which]):.2f} ms (min {min(clock[which]):.2f})"
        print(text + f", {n} runs")


if __name__ == "__main__":
    main(sys.argv)
