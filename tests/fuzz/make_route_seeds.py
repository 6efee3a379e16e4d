#!/usr/bin/env python3
"""Writes structured seeds for fuzz_route into tests/fuzz/corpus/route/.

fuzz_route reads its bytes one small number at a time (see fuzz_route.cpp);
this script speaks that encoding, so a seed is a known graph rather than
luck. `diamond-k21` is hostile reproducer r01/r02 (../shared/repro/hostile/):
E0 splits into A1 and B1, which merge into E1, which splits again ... 21 times,
then a redundancy of 300 on E0. Followed per path (spfgov 0.1) that is 2^21
paths: seconds and gigabytes, past the fuzzer's 5 s / 512 MB limits, and the
merged body appears twice (affected not strictly sorted). Resolved per body it
is 64 bodies' work. Run: python3 tests/fuzz/make_route_seeds.py
"""
import pathlib

MAX_BODIES, MAX_LINKS = 64, 128      # fuzz_route.cpp's below() bounds
EMPLOYER, SUCCEEDS = 9, 10           # body_kind::employer, relation::succeeds
FROM, TO, BOTH = 1, 2, 3             # period shapes


def diamond(k: int) -> bytes:
    out = []
    n = 1 + 3 * k
    assert n <= MAX_BODIES and 4 * k < MAX_LINKS
    out.append(n - 1)                                    # n = 1 + below(64)

    def body(shape, *days):
        out.extend([EMPLOYER, 0, shape, *days])          # kind; period follows (below(4) == 0)

    # Day bytes step 8 days each, and valid_to is exclusive: E0 ends at 1;
    # A_i and B_i live from 2i-1 to 2i; E_i from 2i to the next split at 2i+1
    # (the last one open).
    body(TO, 1)                                          # E0
    for i in range(1, k + 1):
        body(BOTH, 2 * i - 1, 2 * i)                     # A_i
        body(BOTH, 2 * i - 1, 2 * i)                     # B_i
        if i < k:
            body(BOTH, 2 * i, 2 * i + 1)                 # E_i
        else:
            body(FROM, 2 * i)                            # E_k, open
    out.append(4 * k)                                    # links = below(128)
    e = lambda i: 0 if i == 0 else 3 * i
    for i in range(1, k + 1):
        a, b = 3 * i - 2, 3 * i - 1
        for succ, pred in ((a, e(i - 1)), (b, e(i - 1)), (e(i), a), (e(i), b)):
            out.extend([succ, pred, SUCCEEDS, 1, 1])     # from succeeds to; explicit; no period
    # The issue: restructure from an employer, affected [E0], late date,
    # and a redundancy of 300 on E0 with a first dismissal 100 days on.
    out.extend([0, 0, 1, 0, 250, 0, 0, 100, 100])
    return bytes(out)


if __name__ == "__main__":
    here = pathlib.Path(__file__).resolve().parent / "corpus" / "route"
    here.mkdir(parents=True, exist_ok=True)
    (here / "diamond-k21").write_bytes(diamond(21))
    print("wrote", here / "diamond-k21")
