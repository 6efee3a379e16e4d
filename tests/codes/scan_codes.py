#!/usr/bin/env python3
"""The error codes spfgov can produce, found in src/ and include/spfgov/ by a scan, compared with
the catalogue in include/spfgov/error_codes.hpp (docs/formats.md "Errors").

  scan_codes.py SOURCE_DIR            check: catalogue == scan, no duplicates,
                                      and every code named by some test
  scan_codes.py SOURCE_DIR --list     print the codes the scan finds
A code is a string literal at a place that produces an error or diagnostic:
X_error("code", ...), fail("code", ...) (fail_at, failer), report("code", ...),
make_error("code", ...), {severity::..., "code", ...}, add(severity::..., "code",
...), read_enum/required_enum's unknown code, any "policy.*", "scenario.*",
"rrule.*", "calendar.*" or "ics.*" literal, or a use of a catalogue
constant (codes::name).
"""
import pathlib
import re
import sys

PATTERNS = [
    re.compile(r'_error\(\s*"([a-z][a-z0-9_.]*)"'),
    re.compile(r'\b(?:fail|fail_at|failer|report|make_error|diag)\(\s*"([a-z][a-z0-9_]*)"'),
    re.compile(r'\{\s*severity::\w+\s*,\s*"([a-z][a-z0-9_]*)"'),
    re.compile(r'\badd\(\s*severity::\w+\s*,\s*"([a-z][a-z0-9_]*)"'),
    re.compile(r'(?:read_enum|required_enum)<\w+>\([^;]*?,\s*"([a-z][a-z0-9_]*)"\s*\)(?=\s*[;)])'),
    re.compile(r'"((?:policy|scenario|rrule|calendar|ics)\.[a-z][a-z0-9_]*)"'),
]
CONSTANT = re.compile(r'\bcodes::([a-z][a-z0-9_]*)\b')
CATALOGUE_ENTRY = re.compile(
    r'inline constexpr std::string_view ([a-z][a-z0-9_]*)\s*=\s*"([a-z][a-z0-9_.]*)"\s*;')


def catalogue(root):
    text = (root / "include/spfgov/error_codes.hpp").read_text()
    return CATALOGUE_ENTRY.findall(text)


def scan(root, names):
    found = {}
    # src/ and the public headers (typed_builder.hpp throws from inline code),
    # the catalogue itself aside.
    for path in sorted([*(root / "src").rglob("*"), *(root / "include/spfgov").rglob("*")]):
        if path.suffix not in (".cpp", ".hpp") or path.name == "error_codes.hpp":
            continue
        text = path.read_text()
        if "include" in path.relative_to(root).parts[:1]:
            # A header's comments name files and examples ("policy.yaml"): its code only.
            text = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
        for pattern in PATTERNS:
            for m in pattern.finditer(text):
                found.setdefault(m.group(1), set()).add(str(path.relative_to(root)))
        for m in CONSTANT.finditer(text):
            code = names.get(m.group(1))
            if code is None:
                found.setdefault("codes::" + m.group(1), set()).add(str(path.relative_to(root)))
            else:
                found.setdefault(code, set()).add(str(path.relative_to(root)))
    return found


def tested(root, codes):
    """Codes some test names: the code itself as a word, or its constant codes::name."""
    texts = []
    for sub in ("tests",):
        for path in (root / sub).rglob("*"):
            if path.is_file() and path.suffix in (".cpp", ".py", ".yaml", ".json", ".txt", ".cmake", ".jsonl") \
                    and "compile_fail" not in path.parts and path.name != "scan_codes.py":
                texts.append(path.read_text(errors="replace"))
    blob = "\n".join(texts)
    missing = []
    for code in codes:
        literal = r'(?<![a-z0-9_.])' + re.escape(code) + r'(?![a-z0-9_])'
        constant = r'\bcodes::' + re.escape(code.replace(".", "_")) + r'\b'
        if not re.search(literal, blob) and not re.search(constant, blob):
            missing.append(code)
    return missing


def main():
    root = pathlib.Path(sys.argv[1])
    entries = catalogue(root)
    names = {name: code for name, code in entries}
    found = scan(root, names)
    if "--list" in sys.argv:
        for code in sorted(found):
            print(code, " ".join(sorted(found[code])))
        return 0
    failed = False
    codes = [code for _, code in entries]
    for dup in sorted({c for c in codes if codes.count(c) > 1}):
        print(f"error_codes.hpp lists {dup} more than once"); failed = True
    for dup in sorted({n for n, _ in entries if list(names).count(n) > 1}):
        print(f"error_codes.hpp names {dup} more than once"); failed = True
    for code in sorted(set(found) - set(codes)):
        print(f"{code} is produced in {', '.join(sorted(found[code]))} but is not in error_codes.hpp"); failed = True
    for code in sorted(set(codes) - set(found)):
        print(f"{code} is in error_codes.hpp but nothing in src/ or include/ produces it"); failed = True
    for code in tested(root, codes):
        print(f"{code} is in error_codes.hpp but no test names it"); failed = True
    if not failed:
        print(f"{len(codes)} codes: the catalogue matches src/ and include/, and every code is named by a test")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
