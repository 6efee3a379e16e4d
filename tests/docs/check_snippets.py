#!/usr/bin/env python3
"""The C++ in the docs is code that is compiled and run: each ```cpp block of
a document below must appear, line for line (indentation aside), in the
example program named for it, which CTest builds and runs (example.NAME).
A block copied into a reader's program then compiles, as the example does:
docs/rules.md once showed a statutory band as {10, 30}, which does not
compile (a period is calendar_days, never a bare number).

    check_snippets.py SOURCE_DIR
"""
import pathlib
import re
import sys

# document -> the example programs its blocks are taken from
SNIPPETS = {
    "docs/rules.md": ["examples/local_rule.cpp"],
}


def code_lines(text):
    """Non-blank lines, stripped: a block is indented as its document needs."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def blocks(markdown):
    return [m.group(1) for m in re.finditer(r"^```cpp\n(.*?)^```", markdown, re.S | re.M)]


def contains(haystack, needle):
    return any(haystack[k:k + len(needle)] == needle for k in range(len(haystack) - len(needle) + 1))


def main():
    source = pathlib.Path(sys.argv[1])
    failures = 0
    for doc, programs in SNIPPETS.items():
        found = blocks((source / doc).read_text())
        if not found:
            print("FAIL %s: no ```cpp block (the table in %s is out of date)" % (doc, __file__))
            failures += 1
        program_lines = [code_lines((source / p).read_text()) for p in programs]
        for n, block in enumerate(found, 1):
            lines = code_lines(block)
            if any(contains(p, lines) for p in program_lines):
                print("PASS %s block %d (%d lines) is in %s" % (doc, n, len(lines), " or ".join(programs)))
                continue
            # Say which line first differs from the nearest program text.
            best = max(((p, k) for p in range(len(programs)) for k in range(len(program_lines[p]))),
                       key=lambda pk: sum(1 for a, b in zip(program_lines[pk[0]][pk[1]:], lines) if a == b),
                       default=None)
            print("FAIL %s block %d is not in %s: it compiles nowhere" % (doc, n, " or ".join(programs)))
            if best is not None:
                for a, b in zip(lines, program_lines[best[0]][best[1]:]):
                    if a != b:
                        print("  the document: %s\n  the program:  %s" % (a, b))
                        break
            failures += 1
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
