#!/usr/bin/env python3
"""Light public headers must not include Boost.Graph or range-v3
(docs/architecture.md "Public headers: light and heavy").

  check_light_headers.py CXX SOURCE_DIR BINARY_DIR HEADER...
Preprocesses each header alone and fails if any file under boost/graph/ or
range/ is among what it includes.
"""
import pathlib
import re
import subprocess
import sys

HEAVY = re.compile(r'^# \d+ "([^"]*(?:/boost/graph/|/range/v3/)[^"]*)"', re.M)


def main():
    cxx, source, binary, headers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    failed = False
    for header in headers:
        text = '#include <spfgov/%s>\n' % header
        r = subprocess.run([cxx, "-std=c++20", "-E", "-I", str(pathlib.Path(source) / "include"),
                            "-I", str(pathlib.Path(binary) / "include"), "-x", "c++", "-"],
                           input=text, capture_output=True, text=True)
        if r.returncode != 0:
            print("%s does not compile alone:\n%s" % (header, r.stderr))
            failed = True
            continue
        heavy = sorted(set(HEAVY.findall(r.stdout)))
        if heavy:
            print("%s is a light header but includes %s" % (header, ", ".join(heavy[:3])))
            failed = True
        else:
            print("%s: light" % header)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
