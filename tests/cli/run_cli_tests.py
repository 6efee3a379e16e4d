#!/usr/bin/python3
"""Tests of the spfgov command line: each case runs the real binary on
fixture files and checks its exit status, stdout and stderr.

usage: run_cli_tests.py --spfgov BIN --source-dir DIR --work-dir DIR [--version V] CASE...
       run_cli_tests.py --list

CTest runs one case per test (tests/cli/CMakeLists.txt). A case prints what
it checked and fails with a message naming the command and its output.
Exit status 0 pass, 1 fail, 77 skipped (a tool the case needs is missing).
Standard library only, plus networkx and icalendar from /usr/bin/python3 for
the cases that check exported files with them.
"""
import argparse
import hashlib
import html as html_module
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77

ARGS = None
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


class Failure(Exception):
    pass


class Result:
    def __init__(self, argv, rc, out, err):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err

    def describe(self):
        def clip(s):
            return s if len(s) < 3000 else s[:1500] + "\n[...]\n" + s[-1500:]
        return ("command: %s\nexit status: %d\n--- stdout ---\n%s\n--- stderr ---\n%s"
                % (" ".join(self.argv), self.rc, clip(self.out), clip(self.err)))


def spfgov(*args, stdin=None, stdin_file=None, cwd=None, env=None):
    argv = [ARGS.spfgov] + list(args)
    environment = None
    if env is not None:
        environment = dict(os.environ)
        environment.update(env)
    if stdin_file is not None:
        with open(stdin_file, "rb") as f:
            p = subprocess.run(argv, stdin=f, capture_output=True, timeout=120, cwd=cwd, env=environment)
    else:
        p = subprocess.run(argv, input=stdin.encode() if isinstance(stdin, str) else stdin,
                           capture_output=True, timeout=120, cwd=cwd, env=environment)
    return Result(argv, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))


def check(cond, what, r=None):
    if not cond:
        raise Failure(what + ("\n" + r.describe() if r is not None else ""))


def expect(r, status, out=(), err=(), out_empty=False, out_not=(), err_not=()):
    """Exit status `status`; stdout holds every string of `out` (regexes
    when given as re.Pattern), stderr every string of `err`."""
    check(r.rc == status, "expected exit status %d, got %d" % (status, r.rc), r)
    for s in out:
        ok = s.search(r.out) if isinstance(s, re.Pattern) else s in r.out
        check(ok, "stdout should contain %r" % (s.pattern if isinstance(s, re.Pattern) else s), r)
    for s in err:
        ok = s.search(r.err) if isinstance(s, re.Pattern) else s in r.err
        check(ok, "stderr should contain %r" % (s.pattern if isinstance(s, re.Pattern) else s), r)
    for s in out_not:
        check(s not in r.out, "stdout should not contain %r" % s, r)
    for s in err_not:
        check(s not in r.err, "stderr should not contain %r" % s, r)
    if out_empty:
        check(r.out == "", "stdout should be empty (errors go to stderr)", r)
    return r


def fixture(name):
    return os.path.join(ARGS.source_dir, "tests", "cli", "fixtures", name)


def example(name):
    return os.path.join(ARGS.source_dir, "examples", "issues", name)


def work(name):
    return os.path.join(ARGS.work_dir, name)


def england():
    with open(os.path.join(ARGS.source_dir, "data", "england.json"), encoding="utf-8") as f:
        return json.load(f)


def sanitized_build():
    """Whether the command under test brings a sanitizer's allocator: g++
    links libasan/libtsan, clang links its runtime into the program."""
    ldd = subprocess.run(["ldd", ARGS.spfgov], capture_output=True, text=True).stdout
    if any(s in ldd for s in ("libasan", "libtsan")):
        return True
    with open(ARGS.spfgov, "rb") as f:
        binary = f.read()
    return b"__asan_init" in binary or b"__tsan_init" in binary


def valid_on(body, day):
    return body.get("valid_from", "0000-00-00") <= day and (not body.get("valid_to") or day < body["valid_to"])


def json_lines(text):
    return [json.loads(line) for line in text.splitlines()]


# ------------------------------------------------------------------ general

@case
def version():
    r = expect(spfgov("--version"), 0, out=["spfgov "], err_not=["error"])
    if ARGS.version:
        check(r.out == "spfgov %s\n" % ARGS.version, "--version prints 'spfgov VERSION'", r)


@case
def help():
    r = expect(spfgov("--help"), 0, out=["route", "validate", "export", "holidays", "generate", "Exit status"])
    check(r.err == "", "--help writes nothing on stderr", r)
    options = {
        "route": ["--graph", "--issue", "--issues", "--as-of", "--format"],
        "validate": ["--graph"],
        "export": ["--graph", "--format", "--as-of"],
        "holidays": ["--year"],
        "generate": ["--employers", "--seed", "--issues"],
    }
    for command, opts in options.items():
        expect(spfgov(command, "--help"), 0, out=["Usage: spfgov " + command] + opts)


@case
def help_command():
    """spfgov help COMMAND prints COMMAND --help; every --help has examples."""
    for command in ["route", "redundancies", "policy", "test", "validate", "export", "holidays", "generate"]:
        a = expect(spfgov("help", command), 0, out=["Usage: spfgov " + command, "Examples:", "spfgov " + command])
        b = expect(spfgov(command, "--help"), 0)
        check(a.out == b.out, "spfgov help %s prints what spfgov %s --help does" % (command, command), a)
        check("FILE FILE..." not in b.out and "COMMAND:COMMAND" not in b.out,
              "%s --help: no name printed twice" % command, b)
        check("Excludes:" not in b.out, "%s --help: no CLI11 'Excludes:' lists; the descriptions say it" % command, b)
        # The footer speaks of --graph only where the command has it.
        has_graph = "  --graph" in b.out
        check(("Without --graph" in b.out) == has_graph,
              "%s --help: 'Without --graph' in its footer only if it has --graph" % command, b)
    expect(spfgov("route", "--help"), 0, out=["  --issue FILE ", "  --issues FILE.jsonl ", "  stdin - ",
                                              "Give one of --issue, --issues and -"])
    expect(spfgov("help"), 0, out=["Subcommands:", "Examples:"])
    r = expect(spfgov("help", "--help"), 0, out=["  command COMMAND "])
    check("COMMAND:COMMAND" not in r.out, "help --help: the positional's type once", r)
    r = expect(spfgov("help", "nosuch"), 2, err=["nosuch", "Run 'spfgov --help'"], out_empty=True)
    check("spfgov help --help" not in r.err, "no 'spfgov help --help' hint", r)


@case
def validate_json():
    """validate --format json: one object with every finding, for tools."""
    r = expect(spfgov("validate", "--format", "json"), 0)
    d = json.loads(r.out)
    check(d["errors"] == 0 and d["diagnostics"] == [] and d["bodies"] > 1000, "the built-in graph in JSON", r)
    r = expect(spfgov("validate", "--format", "json", "--graph", fixture("dangling.json")), 1)
    d = json.loads(r.out)
    found = [x for x in d["diagnostics"] if x["code"] == "dangling_reference"]
    check(d["errors"] >= 1 and found and found[0]["severity"] == "error" and "dangling.json:5:" in found[0]["where"],
          "a dangling reference as a JSON finding", r)
    check(set(found[0]) == {"severity", "code", "subject", "where", "message", "file", "line", "column", "pointer"},
          "the fields of a finding", r)
    # The position as data, as its text says it: a tool need not parse "where".
    x = found[0]
    check(x["file"].endswith("dangling.json") and x["line"] == 5 and isinstance(x["column"], int)
          and x["pointer"] == "/bodies/3/system"
          and x["where"] == "%s:%d:%d %s" % (x["file"], x["line"], x["column"], x["pointer"]),
          "a finding's file, line, column and pointer as fields", r)


@case
def validate_summary_counts():
    """validate's summary counts bodies and links in good English: 1 body, 0 links, 2 bodies, 1 link."""
    one = '{"spfgov": 1, "bodies": [{"id": "N", "kind": "national_forum", "name": "N"}], "links": []}'
    expect(spfgov("validate", "--graph", "-", stdin=one), 0, err=["0 errors, 0 warnings (1 body, 0 links)"])
    two = ('{"spfgov": 1, "bodies": [{"id": "R", "kind": "region", "name": "R"}, '
           '{"id": "S", "kind": "system", "name": "S", "region": "R"}]}')
    expect(spfgov("validate", "--graph", "-", stdin=two), 0, err=["0 errors, 1 warning (2 bodies, 1 link)"])


def on_terminal(*args, env=None, stdout_too=True):
    """Runs spfgov with stderr (and stdout, unless not `stdout_too`) on a pseudo-terminal; returns what it wrote."""
    master, slave = os.openpty()
    proc = subprocess.Popen([ARGS.spfgov] + list(args), stdin=subprocess.DEVNULL,
                            stdout=slave if stdout_too else subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    data = b""
    # Read while it runs: a pseudo-terminal holds only a few KiB, and a full one would block spfgov.
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every slave end is closed
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    proc.wait(timeout=120)
    return data.decode("utf-8", "replace")


@case
def colour():
    """Colour on a terminal only, and never with NO_COLOR set."""
    r = spfgov("validate", "--graph", "no-such-file.json")
    check("\x1b" not in r.err, "no colour when stderr is not a terminal", r)
    r = spfgov("route", "--issue", example("uhb-restructure.json"), "--format", "text")
    check("\x1b" not in r.out, "no colour in a piped text report", r)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    out = on_terminal("validate", "--graph", "no-such-file.json", env=env)
    check("\x1b[1;31merror\x1b[0m" in out, "a red 'error' on a terminal: %r" % out)
    out = on_terminal("route", "--issue", example("uhb-restructure.json"), "--format", "text", env=env)
    check("\x1b[1mRoute for issue" in out, "bold headings in the text report on a terminal: %r" % out[:200])
    env["NO_COLOR"] = "1"
    out = on_terminal("validate", "--graph", "no-such-file.json", env=env)
    check("\x1b" not in out and "error" in out, "NO_COLOR=1: no colour on a terminal: %r" % out)


@case
def usage_errors():
    issue = example("uhb-restructure.json")
    cases = [
        ([], "A subcommand is required"),
        (["frobnicate"], "error"),
        (["route", "--format", "xml", "--issue", issue], "--format"),
        (["route", "--issue", issue, "--issues", issue], "--issue excludes --issues"),
        (["route", "--issues", issue, "-"], "excludes"),
        (["route", "--issue", issue, "--as-of", "2026-02-30"], "2026-02-30"),
        (["route", "--issue", issue, "--as-of", "tomorrow"], "tomorrow"),
        # Once, as a usage error, not every issue failing date_out_of_range on its /date.
        (["route", "--issue", issue, "--as-of", "1900-01-01"],
         "--as-of: 1900-01-01 is outside the England and Wales calendar: routing needs a date from 1978-01-01 to 2100-12-31"),
        (["route", "--issues", example("batch.jsonl"), "--as-of", "2101-01-01"], "2101-01-01 is outside"),
        (["diff", "--issues", example("batch.jsonl"), "--vs-as-of", "1977-12-31"], "--vs-as-of: 1977-12-31 is outside"),
        (["agenda", "--issues", example("batch.jsonl"), "--as-of", "1900-01-01"], "1900-01-01 is outside"),
        (["route"], "no issue given"),
        (["route", "not-a-dash"], "not-a-dash"),
        (["route", "--format", "ics", "-"], "--format ics needs a single issue"),
        (["route", "--no-such-option"], "--no-such-option"),
        (["export"], "--format is required"),
        (["export", "--format", "png"], "--format"),
        (["export", "--format", "dot", "--as-of", "2026-13-01"], "2026-13-01"),
        (["holidays"], "--year is required"),
        (["holidays", "--year", "twenty"], "--year"),
        (["generate", "--seed", "1"], "--employers is required"),
        (["generate", "--employers", "-5", "--seed", "1"], "--employers"),
        (["validate", "extra-argument"], "extra-argument"),
        (["bogus"], "unknown command 'bogus' (the commands: route, "),
        (["valdate"], "did you mean 'validate'?"),
        (["help", "rout"], "unknown command 'rout'; did you mean 'route'? (the commands: route, "),
        # Never "did you mean" the word typed: --version is the root's.
        (["route", "--version"], "--version is an option of spfgov itself: spfgov --version"),
        (["route", "--verison"], "did you mean 'spfgov --version'? (an option of spfgov itself)"),
        (["route", "--grpah", "england"], "did you mean '--graph'?"),
        (["holidays", "--year", "0x7e6"], "expected decimal digits"),
        (["generate", "--employers", "0x10", "--seed", "1"], "expected decimal digits"),
        # More than the option holds: refused, not made its largest value (two seeds, one output).
        (["generate", "--employers", "10", "--seed", "99999999999999999999999", "--issues", "1"],
         "--seed: '99999999999999999999999' is too large: expected a whole number up to 18446744073709551615"),
        (["holidays", "--year", "99999999999999999999"], "is too large: expected a whole number up to 2147483647"),
        (["export", "--format", "dot", "--around", "RRK", "--depth", "9" * 60],
         "'%s...' is too large" % ("9" * 40)),
    ]
    for argv, message in cases:
        r = spfgov(*argv, stdin="")
        expect(r, 2, err=[message, "--help"], out_empty=True)
        # The help to read is the command's own: CLI11's errors and ours alike.
        command = argv[0] if argv and argv[0] in {"route", "export", "holidays", "generate", "validate"} else None
        if command:
            check("Run 'spfgov %s --help'" % command in r.err, "points to spfgov %s --help" % command, r)


# ------------------------------------------------------------------ holidays

@case
def holidays():
    r = expect(spfgov("holidays", "--year", "2026"), 0)
    check(r.out == "2026-01-01\n2026-04-03\n2026-04-06\n2026-05-04\n2026-05-25\n2026-08-31\n2026-12-25\n2026-12-28\n",
          "the 2026 bank holidays of England and Wales", r)
    # A leading zero is decimal, not octal (CLI11 read 02026 as 1046).
    check(expect(spfgov("holidays", "--year", "02026"), 0).out == r.out, "--year 02026 is 2026", r)
    # Proclamations: 2022 had the platinum jubilee and the state funeral.
    r = expect(spfgov("holidays", "--year", "2022"), 0, out=["2022-06-02\n2022-06-03\n", "2022-09-19\n"],
               out_not=["2022-05-30"])
    expect(spfgov("holidays", "--year", "2026", "--names"), 0, out=["2026-04-03\tGood Friday\n"])
    for year in ["1977", "2101", "0"]:
        expect(spfgov("holidays", "--year", year), 1, err=[year, "1978", "2100"], out_empty=True)
    expect(spfgov("holidays", "--year", "1978"), 0, out=["1978-05-01\n"])
    expect(spfgov("holidays", "--year", "2100"), 0, out=["2100-12-27\n"])


# ------------------------------------------------------------------ validate

@case
def validate_builtin():
    r = expect(spfgov("validate"), 0, err=["0 errors", "built-in England graph"])
    check("error" not in r.out, "the built-in graph has no errors", r)


GRAPH_ERRORS = {
    # fixture: (what the messages must name, whether the file cannot be read at all)
    "malformed.json": (["json_syntax", "malformed.json:3:"], True),
    "truncated.json": (["json_syntax", "truncated.json:3:"], True),
    "empty.json": (["empty", "empty.json"], True),
    "unknown-kind.json": (["unknown_kind", "unknown-kind.json:4:", "/bodies/2/kind", "regional_board"], False),
    "unknown-relation.json": (["unknown_relation", "unknown-relation.json:8:", "/links/0/relation", "leads"], False),
    "dangling.json": (["dangling_reference", "dangling.json:5:", "/bodies/3/system", "QHX"], False),
    "duplicate.json": (["duplicate_id", "duplicate.json:7:", "/bodies/5", "RRK"], False),
    "cycle.json": (["escalation_cycle", "Y60-spf", "Y61-spf"], False),
    "reversed.json": (["reversed_validity", "reversed.json:5:", "/bodies/3", "RRK"], False),
    "bad-date.json": (["bad_date", "bad-date.json:5:", "/bodies/3/valid_from", "2026-02-30"], False),
    "bad-rrule.json": (["bad_meeting_rule", "Y60-spf", "FREQ=DAILY"], False),
}


def graph_error_case(name):
    expected, unreadable = GRAPH_ERRORS[name]
    path = fixture(name)
    issue = example("uhb-restructure.json")
    # route refuses the graph: exit 1, the problem on stderr, nothing on stdout.
    expect(spfgov("route", "--graph", path, "--issue", issue), 1, err=expected, out_empty=True)
    expect(spfgov("route", "--graph", path, "-", stdin=""), 1, err=expected, out_empty=True)
    expect(spfgov("export", "--graph", path, "--format", "json"), 1, err=expected, out_empty=True)
    r = spfgov("validate", "--graph", path)
    if unreadable:
        # The file cannot be read at all: the message is on stderr.
        expect(r, 1, err=expected, out_empty=True)
    else:
        # One diagnostic a line on stdout (severity, code, subject, where), a count on stderr.
        expect(r, 1, out=expected, err=["error"])
        for line in r.out.splitlines():
            check(re.match(r"^(error|warning) [a-z_]+ ", line) is not None, "diagnostic line format: " + line, r)


for _name in GRAPH_ERRORS:
    def _make(n):
        def f():
            graph_error_case(n)
        f.__name__ = "graph_error_" + n[:-5].replace("-", "_")
        return f
    case(_make(_name))


@case
def missing_graph_file():
    missing = work("no-such-graph.json")
    expect(spfgov("route", "--graph", missing, "--issue", example("uhb-restructure.json")), 1,
           err=["no-such-graph.json", "cannot open"], out_empty=True)
    expect(spfgov("validate", "--graph", missing), 1, err=["no-such-graph.json"], out_empty=True)


@case
def unreadable_input():
    # A file that opens but cannot be read: /proc/self/mem reads fail with EIO at address 0.
    if not os.path.exists("/proc/self/mem"):
        print("SKIP: no /proc/self/mem")
        sys.exit(SKIP)
    expect(spfgov("validate", "--graph", "/proc/self/mem"), 1, err=["cannot_read", "/proc/self/mem"], out_empty=True)


@case
def warnings_do_not_stop_routing():
    path = fixture("warnings-only.json")
    r = expect(spfgov("validate", "--graph", path), 0, out=["warning employer_without_jncc GPX"],
               err=["0 errors, 1 warning"])
    check(all(line.startswith("warning ") for line in r.out.splitlines()), "only warnings", r)
    issue = work("gpx-issue.json")
    with open(issue, "w") as f:
        json.dump({"id": "GPX-1", "title": "t", "kind": "restructure", "origin": "employer",
                   "affected": ["GPX", "RRK"], "date": "2026-03-02"}, f)
    r = expect(spfgov("route", "--graph", path, "--issue", issue), 0, out=['"issue": "GPX-1"'],
               err=["1 warning"])
    route = json.loads(r.out)
    check(route["consult"] == ["RRK-jncc"], "GPX has no jncc; RRK's is consulted", r)
    check(any("GPX" in w for w in route["warnings"]), "the route warns about GPX", r)


# ------------------------------------------------------------------ overlays

@case
def overlays():
    base, merger = fixture("small.json"), fixture("overlay-merger.json")
    issue = work("merger-issue.json")
    with open(issue, "w") as f:
        json.dump({"id": "M-1", "title": "t", "kind": "restructure", "origin": "employer",
                   "affected": ["RRK"], "date": "2026-10-01"}, f)
    # Without the overlay RRK is routed as it is; with it, by succession to NEW.
    r = expect(spfgov("route", "--graph", base, "--issue", issue), 0)
    check(json.loads(r.out)["consult"] == ["RRK-jncc"], "the base graph alone", r)
    r = expect(spfgov("route", "--graph", base, "--graph", merger, "--issue", issue), 0)
    check(json.loads(r.out)["consult"] == ["NEW-jncc"], "the overlay's successor is consulted", r)
    # Every command that takes --graph takes several.
    expect(spfgov("validate", "--graph", base, "--graph", merger), 0,
           err=["small.json + ", "overlay-merger.json: 0 errors"])
    r = expect(spfgov("export", "--graph", base, "--graph", merger, "--format", "json"), 0)
    g = json.loads(r.out)
    check(g["covers"] == {"from": "2026-01-01"}, "the overlay's covers", r)
    ids = [b["id"] for b in g["bodies"]]
    check(ids.count("RRK") == 1 and "NEW" in ids, "RRK changed in place, NEW added", r)
    rrk = next(b for b in g["bodies"] if b["id"] == "RRK")
    check(rrk["valid_to"] == "2026-09-01" and rrk["system"] == "QHL", "changed field by field", r)
    recognises = [l for l in g["links"] if l["relation"] == "recognises" and l["from"] == "RRK"]
    check(len(recognises) == 1, "a link given again counts once", r)
    # The built-in graph as the base, by name; a local overlay on it.
    local = work("local.json")
    with open(local, "w") as f:
        json.dump({"spfgov": 1, "bodies": [{"id": "QHL-icb", "kind": "employer", "valid_to": "2027-04-01"}]}, f)
    expect(spfgov("validate", "--graph", "england", "--graph", local), 0, err=["england + ", "0 errors"])
    r = expect(spfgov("export", "--graph", "england", "--graph", local, "--format", "json"), 0)
    icb = next(b for b in json.loads(r.out)["bodies"] if b["id"] == "QHL-icb")
    check(icb["valid_to"] == "2027-04-01" and icb["sector"] == "icb", "the built-in body changed by the overlay", r)
    expect(spfgov("export", "--graph", "england-gp", "--format", "json"), 0, out=['"kind": "employer"'])


@case
def overlay_errors():
    base, bad = fixture("small.json"), fixture("overlay-bad-kind.json")
    where = "overlay-bad-kind.json:5:27 /bodies/1/kind"
    r = expect(spfgov("validate", "--graph", base, "--graph", bad), 1, out=["overlay_kind_mismatch", where])
    check("small.json:" in r.out, "the message also names where the body was defined", r)
    expect(spfgov("route", "--graph", base, "--graph", bad, "--issue", example("uhb-restructure.json")), 1,
           err=["overlay_kind_mismatch", where, "--graph " + base + " --graph " + bad], out_empty=True)
    expect(spfgov("export", "--graph", base, "--graph", bad, "--format", "dot"), 1, err=[where], out_empty=True)
    # An overlay that cannot be read names that file, not the base.
    malformed = fixture("malformed.json")
    expect(spfgov("validate", "--graph", base, "--graph", malformed), 1, err=["malformed.json:3:"], out_empty=True)
    expect(spfgov("validate", "--graph", base, "--graph", work("no-such-overlay.json")), 1,
           err=["no-such-overlay.json"], out_empty=True)
    # "england" is the built-in graph; a file of that name is ./england.
    local = work("england")
    shutil.copyfile(bad, local)
    expect(spfgov("validate", "--graph", base, "--graph", "./england", cwd=ARGS.work_dir), 1,
           out=["./england:5:27"])


# ------------------------------------------------------------------ route: one issue

@case
def route_json():
    r = expect(spfgov("route", "--issue", example("uhb-restructure.json")), 0)
    check(r.out.endswith("}\n") and r.out.count("\n") == 1, "one JSON line and a newline", r)
    route = json.loads(r.out)
    check(route["issue"] == "UHB-estates-2027" and route["as_of"] == "2026-11-22", "issue and as_of", r)
    check(route["scope"] == "employer", "scope", r)
    check(route["consult"] == ["RRK-jncc"] and route["lead"] == ["RRK-jncc"], "RRK's JNCC leads and is consulted", r)
    check(route["escalation"] == [["RRK-jncc"], ["QHL-forum"], ["Y60-spf"], ["spf"]], "the ladder", r)
    check([(d["kind"], d["body"], d["date"], d["late"]) for d in route["deadlines"]] ==
          [("consultation_start", "RRK", "2027-01-30", False), ("hr1_notification", "RRK", "2027-01-30", False)],
          "the statutory deadlines of formats.md's example", r)
    check([e["rule"] for e in route["rationale"]][:3] == ["R1", "R2", "R3"], "rationale in rule order", r)
    check(r.err == "", "nothing on stderr", r)
    # Byte-identical output for the same input.
    check(spfgov("route", "--issue", example("uhb-restructure.json")).out == r.out, "deterministic", r)
    # The issue on stdin (--issue -).
    with open(example("uhb-restructure.json")) as f:
        text = f.read()
    check(spfgov("route", "--issue", "-", stdin=text).out == r.out, "--issue - reads stdin", r)


@case
def route_as_of():
    r = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--as-of", "2027-02-01"), 0)
    route = json.loads(r.out)
    check(route["as_of"] == "2027-02-01", "as_of shows the date used", r)
    check(all(d["late"] for d in route["deadlines"]), "deadlines before the as-of date are late", r)
    # An issue dated before an employer existed fails, with the employer and date named.
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--as-of", "1990-01-01"), 1,
           err=["RRK", "1990-01-01"], out_empty=True)


@case
def route_text():
    r = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--format", "text"), 0,
               out=["Route for issue UHB-estates-2027, as of 2026-11-22", "Scope: employer",
                    "RRK-jncc  University Hospitals Birmingham NHS Foundation Trust JNCC",
                    "Escalation ladder (levels 0-3;", "level 0: RRK-jncc", "level 3: spf", "Kind: redundancy", "Band: 20-99 proposed",
                    "First dismissal: 2027-03-01\n", "in any case before the first notice of dismissal",
                    "2027-01-30  consultation_start  RRK (University Hospitals Birmingham",
                    "Rationale:", "\n  R1   Scope is employer", "\n  R2   ", "\n  R10  The statutory minimum periods for proposals from 2013-04-06",
                    "Source: Principles for partnership in workforce change",
                    "Source: Trade Union and Labour Relations (Consolidation) Act 1992"])
    check(r.err == "", "nothing on stderr", r)
    r = expect(spfgov("route", "--issue", example("midlands-pathology.json"), "--format", "text"), 0,
               out=["Scope: region", "Lead (3):\n  QHL-forum", "QUA-forum", "QWU-forum", "Engage (", "Y60-spf"])
    # Contract 2: the regional forum keeps oversight and does not lead; the ICS
    # Transition Partnership Group covers CCG, ICB and CSU staff, not a trust transfer.
    check("Lead (1):\n  Y60-spf" not in r.out and "spf-tpg" not in r.out, "no regional lead, no TPG", r)


@case
def redundancies():
    """spfgov redundancies: proposals at one employer within 90 days count together (s.188(1))."""
    r = expect(spfgov("redundancies", "--issues", fixture("redundancies-two-proposals.jsonl")), 0)
    lines = [json.loads(line) for line in r.out.splitlines()]
    check(lines == [{"employer": "RRK", "from": "2027-03-01", "to": "2027-03-31", "issues": ["A", "B"],
                     "total": 30, "days": 30, "deadline": "2027-01-30", "combined": True}],
          "one combined window of 30 with its deadline", r)
    # 100 days apart: two windows of 15, below the lowest band: no deadline, not combined.
    path = work("redundancies-apart.jsonl")
    with open(fixture("redundancies-two-proposals.jsonl")) as f:
        text = f.read().replace("2027-03-31", "2027-06-09")
    with open(path, "w") as f:
        f.write(text)
    r = expect(spfgov("redundancies", "--issues", path), 0)
    lines = [json.loads(line) for line in r.out.splitlines()]
    check([(w["issues"], w["days"], "deadline" in w, w["combined"]) for w in lines] ==
          [(["A"], 0, False, False), (["B"], 0, False, False)], "two windows below the band", r)
    # A line that cannot be read gives its error line first, then the windows; exit 1.
    path = work("redundancies-bad.jsonl")
    with open(path, "w") as f:
        f.write(text + "{not json\n" + '{"id": "D", "kind": "redundancy", "origin": "employer", "affected": ["RRK"], '
                '"date": "2026-11-20", "redundancies": {"RRK": 30}}\n')
        f.write('{"id": "E", "kind": "redundancy", "origin": "employer", "affected": ["RRK", "RXX9"], '
                '"date": "2026-11-20", "redundancies": {"RRK": 30}, "first_dismissal": "2027-03-01"}\n')
    r = expect(spfgov("redundancies", "--issues", path), 1, err=["without first_dismissal"])
    lines = [json.loads(line) for line in r.out.splitlines()]
    check(lines[0].get("line") == 4 and "error" in lines[0] and len(lines) == 4, "the error lines first", r)
    # A routing error at its line and column, as route --issues writes it.
    check(lines[1] == {"issue": "E", "line": 6, "code": "unknown_id",
                       "error": 'unknown_id: ' + path + ':6:77: issue "E": /affected/1 = "RXX9": no body with this id in '
                                'the graph'}, "the unknown id located", r)
    # For people: each window in sentences, the errors on stderr (stdout holds no JSON).
    r = expect(spfgov("redundancies", "--issues", path, "--format", "text"), 1,
               out=["Redundancy windows (2), by employer:", "\nRRK (University Hospitals Birmingham NHS Foundation Trust)\n"
                    "  15 proposed redundancies in proposal A, first dismissal on 2027-03-01. Below\n"],
               err=['unknown_id: ' + path + ':6:77: issue "E"', "2 of 6 lines could not be read or counted (each error is above)"])
    check("{" not in r.out, "no JSON in the text", r)
    r = expect(spfgov("redundancies", "--issues", fixture("redundancies-two-proposals.jsonl"), "--format", "text"), 0,
               out=["by 2027-01-30 (30 days before 2027-03-01). It", "COMBINED: together they reach a band"])
    expect(spfgov("redundancies", "--issues", fixture("redundancies-two-proposals.jsonl"), "--format", "csv"), 2,
           err=["--format"], out_empty=True)


@case
def redundancies_warn_when_a_later_proposal_comes_after_the_deadline():
    """A second proposal that takes a window into a higher band after its deadline is warned of, naming it."""
    r = expect(spfgov("redundancies", "--issues", fixture("redundancies-two-proposals.jsonl")), 0)
    check("warning" not in r.err, "B (2026-11-20) came before the window's deadline (2027-01-30): no warning", r)
    path = work("redundancies-late.jsonl")
    with open(path, "w") as f:
        for issue, date, first, count in (("A", "2026-11-01", "2027-03-01", 60), ("B", "2027-01-20", "2027-03-20", 50),
                                          ("C", "2027-01-25", "2027-03-25", 5)):
            f.write(json.dumps({"id": issue, "kind": "redundancy", "origin": "employer", "affected": ["RRK"],
                                "date": date, "first_dismissal": first, "redundancies": {"RRK": count}}) + "\n")
    r = expect(spfgov("redundancies", "--issues", path), 0,
               err=["warning: %s: RRK: the window from 2027-03-01 (115 proposed redundancies) must begin collective "
                    "consultation by 2027-01-15, before B (2027-01-20) and C (2027-01-25) were proposed (unless "
                    "consultation on the earlier proposals had already begun when each was proposed: s.188(3) leaves "
                    "their employees out of the later count)" % path])
    window = json.loads(r.out.splitlines()[0])
    check(window["deadline"] == "2027-01-15" and window["days"] == 45 and window["combined"], "the window itself", r)
    check(r.err.count("warning") == 1, "one warning for the window (the windows inside it are dropped)", r)
    # However many proposals come late, the warning names ten and counts the rest.
    path = work("redundancies-many-late.jsonl")
    with open(path, "w") as f:
        f.write(json.dumps({"id": "A", "kind": "redundancy", "origin": "employer", "affected": ["RRK"], "date": "2026-11-01",
                            "first_dismissal": "2027-03-01", "redundancies": {"RRK": 60}}) + "\n")
        for k in range(200):
            f.write(json.dumps({"id": "L%03d" % k, "kind": "redundancy", "origin": "employer", "affected": ["RRK"],
                                "date": "2027-01-20", "first_dismissal": "2027-03-20", "redundancies": {"RRK": 1}}) + "\n")
    r = expect(spfgov("redundancies", "--issues", path), 0, err=["L009 (2027-01-20) and 190 more were proposed"])
    check("L010" not in r.err and len(r.err) < 2000, "ten late proposals named, not 200", r)


@case
def redundancies_warn_of_an_issue_given_twice():
    """The same issue on two lines (two monthly files joined): counted twice, as formats.md counts lines, and warned of."""
    path = work("redundancies-twice.jsonl")
    with open(fixture("redundancies-two-proposals.jsonl")) as f:
        once = f.read()
    with open(path, "w") as f:
        f.write(once + once)
    r = expect(spfgov("redundancies", "--issues", path), 0,
               err=['%s:4: issue "A" is given again (first on line 1): both lines are counted; if they are one '
                    'proposal, give it once' % path,
                    '%s:5: issue "B" is given again (first on line 2)' % path])
    lines = [json.loads(line) for line in r.out.splitlines()]
    check([(w["issues"], w["total"]) for w in lines] == [(["A", "A", "B", "B"], 60)],
          "every line counted, as formats.md says", r)
    # The largest counts a line may give add up exactly: no wrap round to "below the lowest band".
    path = work("redundancies-huge.jsonl")
    with open(path, "w") as f:
        for issue, first in (("A", "2027-03-01"), ("B", "2027-03-05")):
            f.write(json.dumps({"id": issue, "kind": "redundancy", "origin": "employer", "affected": ["RRK"],
                                "date": "2026-11-22", "first_dismissal": first,
                                "redundancies": {"RRK": 2147483647}}) + "\n")
    r = expect(spfgov("redundancies", "--issues", path), 0)
    window = json.loads(r.out.splitlines()[0])
    check((window["total"], window["days"], window["deadline"]) == (4294967294, 45, "2027-01-15"), "a 64-bit total", r)


@case
def redundancies_say_what_is_skipped_and_only_that():
    """An issue of another kind that gives counts is skipped with a warning naming s.188; an issue dated outside the
    graph's cover is counted, and its warning does not say it was skipped."""
    path = work("redundancies-kinds.jsonl")
    with open(path, "w") as f:
        f.write(json.dumps({"id": "R", "kind": "restructure", "origin": "employer", "affected": ["RRK"],
                            "date": "2026-11-23", "first_dismissal": "2027-03-01", "redundancies": {"RRK": 30}}) + "\n")
        f.write(json.dumps({"id": "OLD", "kind": "redundancy", "origin": "employer", "affected": ["RRK"],
                            "date": "2012-05-01", "first_dismissal": "2012-09-01", "redundancies": {"RRK": 110}}) + "\n")
    r = expect(spfgov("redundancies", "--issues", path), 0,
               err=['%s:1: issue "R": a restructure issue\'s redundancies are not counted: only redundancy issues '
                    'are; if it proposes dismissals as redundant, TULRCA s.188 applies whatever the change is called: '
                    'give it kind "redundancy"; skipped' % path, "%s:2: issue \"OLD\": the graph describes" % path])
    windows = [json.loads(line) for line in r.out.splitlines()]
    check([(w["issues"], w["total"], w["days"]) for w in windows] == [(["OLD"], 110, 90)],
          "the restructure is not counted; the 2012 proposal is, under the table then in force", r)
    line2 = [line for line in r.err.splitlines() if ":2: " in line]
    check(len(line2) == 1 and not line2[0].endswith("skipped"), "a counted issue's warning does not say skipped", r)


@case
def redundancies_say_when_the_employer_has_ended_by_the_first_dismissal():
    """Two trusts each propose fewer than 20 redundancies, then merge before the first dismissal: counted as each
    proposing trust's (s.188 binds the employer proposing), with a warning for each that the merged trust would
    dismiss; counted as of a date after the merger, they add up under the merged trust."""
    scenarios = os.path.join(ARGS.source_dir, "tests", "scenarios")
    graph = ["--graph", os.path.join(scenarios, "graphs", "two-regions.json"),
             "--graph", os.path.join(scenarios, "overlays", "two-trusts-merged.json")]  # merged on 2025-04-01
    path = work("redundancies-across-merger.jsonl")
    with open(path, "w") as f:
        for trust, n in (("PRE-A", 12), ("PRE-B", 25)):
            f.write(json.dumps({"id": trust + "-cuts", "kind": "redundancy", "origin": "employer",
                                "affected": [trust], "date": "2025-01-10", "first_dismissal": "2025-05-01",
                                "redundancies": {trust: n}}) + "\n")
    r = expect(spfgov("redundancies", *graph, "--issues", path), 0,
               err=['%s:1: issue "PRE-A-cuts": PRE-A has ended by the first dismissal on 2025-05-01 (its valid_to '
                    'is 2025-04-01): the dismissals would then be made by its successor POST; these dates are for '
                    'PRE-A\'s proposal as of 2025-01-10; with --as-of a date after it ends, the proposal counts with '
                    'its successor\'s'
                    % path, '%s:2: issue "PRE-B-cuts": PRE-B has ended by the first dismissal' % path])
    windows = [json.loads(line) for line in r.out.splitlines()]
    check([(w["employer"], w["total"]) for w in windows] == [("PRE-A", 12), ("PRE-B", 25)],
          "each proposing trust's count on its own date", r)
    r = expect(spfgov("redundancies", *graph, "--issues", path, "--as-of", "2025-05-01"), 0)
    check("has ended" not in r.err, "no warning once counted after the merger", r)
    windows = [json.loads(line) for line in r.out.splitlines()]
    check([(w["employer"], w["total"], w["deadline"]) for w in windows] == [("POST", 37, "2025-04-01")],
          "as of the first dismissal, the merged trust's 37 together (30 days before 2025-05-01)", r)


ICS_EVENTS = r"""
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for e in cal.walk('VEVENT'):
    rid = e.get('RECURRENCE-ID')
    alarms = [str(a['TRIGGER'].to_ical(), 'ascii') for a in e.walk('VALARM')]
    out.append({'uid': str(e['UID']), 'sequence': int(e['SEQUENCE']), 'dtstamp': e['DTSTAMP'].to_ical().decode(),
                'start': e['DTSTART'].dt.isoformat(), 'summary': str(e['SUMMARY']),
                'rrule': e['RRULE'].to_ical().decode() if 'RRULE' in e else None,
                'recurrence_id': rid.dt.isoformat() if rid is not None else None, 'alarms': alarms})
print(json.dumps(out))
"""


def ics_events(text, name):
    """The VEVENTs of a calendar as Python's icalendar reads them, after
    libical's checks (tests/ics_libical_check.c) have passed on it."""
    path = work(name)
    with open(path, "wb") as f:
        f.write(text.encode())
    python = "/usr/bin/python3"
    p = subprocess.run([python, "-c", "import icalendar"], capture_output=True)
    check(p.returncode == 0, "/usr/bin/python3 needs icalendar (python3-icalendar; scripts/setup.sh)")
    check(bool(ARGS.ics_validator), "run with --ics-validator (the libical checker built with the tests)")
    v = subprocess.run([ARGS.ics_validator, path], capture_output=True, text=True)
    check(v.returncode == 0, "libical accepts %s (status %d): %s" % (name, v.returncode, v.stderr))
    p = subprocess.run([python, "-c", ICS_EVENTS, path], capture_output=True, text=True)
    check(p.returncode == 0, "icalendar parses %s: %s" % (name, p.stderr))
    events = json.loads(p.stdout)
    check(len(v.stdout.splitlines()) == len(events), "libical and icalendar see the same events in " + name)
    return events


@case
def route_ics():
    small, issue = fixture("small.json"), fixture("small-issue.json")
    r = expect(spfgov("route", "--graph", small, "--issue", issue, "--format", "ics", "--dtstamp", "2026-05-01T08:00:00Z"),
               0, out=["BEGIN:VCALENDAR", "END:VCALENDAR", "DTSTAMP:20260501T080000Z"])
    route = json.loads(spfgov("route", "--graph", small, "--issue", issue).out)
    check(len(route["deadlines"]) == 4 and len(route["meetings"]) == 1, "4 deadlines and one meeting (QHL-forum leads)", r)
    events = ics_events(r.out, "route.ics")
    title = "Shared corporate services across Birmingham and Solihull"
    for e in events:
        check(e["summary"].endswith(" - " + title), "the issue's title ends every summary: " + e["summary"], r)
        check(e["sequence"] == 3329760, "SEQUENCE: minutes from 2020-01-01 to the DTSTAMP", r)
    days = [e["start"] for e in events]
    for d in route["deadlines"]:
        check(d["date"] in days, "an event on each deadline " + d["date"], r)
    deadlines = [e for e in events if e["summary"].startswith(("Statutory", "LATE"))]
    check(len(deadlines) == 4 and all(e["alarms"] == ["-P7D"] for e in deadlines), "a week's reminder per deadline", r)
    m = route["meetings"][0]
    papers = [e for e in events if e["summary"].startswith("Papers due")]
    check(len(papers) == 1 and papers[0]["start"] == m["papers_due"] and papers[0]["alarms"] == ["-P2D"],
          "the papers deadline, with a reminder two days before", r)
    series = [e for e in events if e["rrule"]]
    check(len(series) == 1 and series[0]["rrule"] == "FREQ=MONTHLY;BYDAY=-1TH" and series[0]["start"] == "2026-01-29",
          "the lead forum's meetings as one recurring event, from its rule and start", r)
    this = [e for e in events if e["recurrence_id"] == m["date"]]
    check(len(this) == 1 and this[0]["uid"] == series[0]["uid"] and this[0]["start"] == m["date"],
          "the issue's meeting overrides its instance of the series", r)
    keys = [(e["uid"], e["recurrence_id"]) for e in events]
    check(len(set(keys)) == len(keys), "UID (with RECURRENCE-ID) names one event", r)
    # Reproducible: the same --dtstamp, or SOURCE_DATE_EPOCH, gives the same bytes.
    again = spfgov("route", "--graph", small, "--issue", issue, "--format", "ics", "--dtstamp", "20260501T080000Z")
    check(again.out == r.out, "the same stamp gives the same calendar", again)
    epoch = spfgov("route", "--graph", small, "--issue", issue, "--format", "ics", env={"SOURCE_DATE_EPOCH": "1777622400"})
    check(epoch.out == r.out, "SOURCE_DATE_EPOCH=1777622400 is 2026-05-01T08:00:00Z", epoch)
    expect(spfgov("route", "--graph", small, "--issue", issue, "--format", "ics", env={"SOURCE_DATE_EPOCH": "soon"}),
           2, err=["SOURCE_DATE_EPOCH='soon'"], out_empty=True)
    expect(spfgov("route", "--graph", small, "--issue", issue, "--format", "ics", "--dtstamp", "2026-05-01 08:00"),
           2, err=["--dtstamp", "ics.bad_stamp"], out_empty=True)
    expect(spfgov("route", "--graph", small, "--issue", issue, "--dtstamp", "2026-05-01"), 2, err=["needs --format ics"],
           out_empty=True)


@case
def route_ics_resync():
    """Import a route's calendar, change the issue's first dismissal, import
    again: the same events (UIDs) with a higher SEQUENCE and the new dates."""
    small = fixture("small.json")
    with open(fixture("small-issue.json"), encoding="utf-8") as f:
        issue = json.load(f)
    first = work("first.json")
    with open(first, "w", encoding="utf-8") as f:
        json.dump(issue, f)
    issue["first_dismissal"] = "2026-07-15"
    changed = work("changed.json")
    with open(changed, "w", encoding="utf-8") as f:
        json.dump(issue, f)
    a = expect(spfgov("route", "--graph", small, "--issue", first, "--format", "ics", "--dtstamp", "2026-05-01T08:00:00Z"), 0)
    b = expect(spfgov("route", "--graph", small, "--issue", changed, "--format", "ics", "--dtstamp", "2026-05-04T10:15:00Z"), 0)
    before, after = ics_events(a.out, "before.ics"), ics_events(b.out, "after.ics")
    key = lambda e: (e["uid"], e["recurrence_id"] or "")
    check(sorted(map(key, before)) == sorted(map(key, after)), "the same UIDs after the date changed", b)
    old = {key(e): e for e in before}
    moved = 0
    for e in after:
        o = old[key(e)]
        check(e["sequence"] > o["sequence"], "SEQUENCE grows for %s: %d -> %d" % (e["uid"], o["sequence"], e["sequence"]), b)
        check(e["dtstamp"] > o["dtstamp"], "DTSTAMP is later", b)
        if e["summary"].startswith(("Statutory", "LATE")):
            check(e["start"] != o["start"], "a deadline follows the first dismissal: " + e["summary"], b)
            moved += 1
        else:
            check(e["start"] == o["start"], "meetings do not depend on the first dismissal", b)
    check(moved == 4, "all four statutory dates moved", b)


@case
def route_ics_no_dates():
    # A restructure has no statutory dates, and no leading or engaged body of
    # the built-in graph has a meeting rule: RFC 5545 forbids an empty calendar.
    path = work("no-dates.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"id": "NO-DATES-1", "title": "Estates restructure", "kind": "restructure", "origin": "employer",
                   "affected": ["RRK"], "date": "2026-11-22"}, f)
    expect(spfgov("route", "--issue", path, "--format", "ics", "--dtstamp", "2026-11-22"), 1,
           err=["ics.empty_calendar", "NO-DATES-1", "no dates to put in a calendar"], out_empty=True)


def meetings_overlay():
    return os.path.join(ARGS.source_dir, "examples", "overlays", "hypothetical-midlands-meetings.json")


def agenda(*args, env=None):
    return spfgov("agenda", "--graph", "england", "--graph", meetings_overlay(), "--issues", example("batch.jsonl"),
                  *args, env=env)


@case
def agenda_text():
    r = expect(agenda(), 0, out=["Y60-spf (Midlands Regional Social Partnership Forum): ", "QHL-forum (", "RRK-jncc ("])
    # Every route's bodies are there, with the issue in the roles it has.
    with open(example("batch.jsonl"), encoding="utf-8") as f:
        ids = [json.loads(line)["id"] for line in f]
    for issue_id in ids:
        check(issue_id in r.out, "every issue of the batch is on some agenda: " + issue_id, r)
    # The UHB redundancy reaches RRK's JNCC, which meets on the first Monday
    # (overlay): the next meeting whose papers are due on or after 2026-11-22.
    block = r.out[r.out.index("RRK-jncc ("):]
    block = block[:block.index("\n\n") + 1] if "\n\n" in block else block
    check("  Meeting 2026-12-07, papers due 2026-11-30:\n" in block, "RRK-jncc's next meeting", r)
    check("UHB-estates-2027 \"Estates restructure\", redundancy, raised 2026-11-22; roles: lead, negotiate, consult" in block,
          "the issue, kind, date raised and roles", r)
    check("statutory date 2027-01-30\n" in block, "the statutory date the meeting must come before", r)
    check(expect(agenda(), 0).out == r.out, "the same batch gives the same agenda", r)
    # Routed as of a later date: the day each issue was raised stays its own,
    # and a statutory date already past is past on the as-of date.
    later = expect(agenda("--body", "RRK-jncc", "--as-of", "2027-03-10"), 0,
                   out=["UHB-estates-2027 \"Estates restructure\", redundancy, raised 2026-11-22, routed as of "
                        "2027-03-10; roles: lead, negotiate, consult",
                        "statutory date 2027-01-30 (already past on 2027-03-10): this meeting comes AFTER it"])
    check("already past when raised" not in later.out, "not 'when raised': it was not past on 2026-11-22", later)
    # One body; a date window on the meeting dates.
    one = expect(agenda("--body", "QHL-forum"), 0, out=["QHL-forum ("], out_not=["Y60-spf (", "RRK-jncc ("])
    check(one.out.count(": ") >= 1 and one.out.startswith("QHL-forum ("), "only QHL-forum", one)
    window = expect(agenda("--body", "RRK-jncc", "--from", "2026-12-01", "--to", "2026-12-31"), 0)
    meetings = re.findall(r"^  Meeting (\S+),", window.out, re.M)
    check(meetings and all(m.startswith("2026-12") for m in meetings), "only December's meetings", window)
    expect(agenda("--body", "RRK-jncc", "--from", "2030-01-01"), 0,
           out=["No issue reaches any body in this period."])
    # Errors: an unknown body (1), a reversed window and a bad date (2), a bad line (1, the rest still shown).
    expect(agenda("--body", "NOPE"), 1, err=["--body NOPE", "no body has this id"], out_empty=True)
    expect(agenda("--body", "rrk-jnc"), 1, err=['(did you mean "RRK-jncc"?)'], out_empty=True)
    expect(agenda("--body", "RRK"), 0, err=["note: agenda: --body RRK is an employer", "its JNCCs (RRK-jncc)"])
    expect(agenda("--from", "2027-02-01", "--to", "2027-01-01"), 2, err=["--to 2027-01-01 is before --from"], out_empty=True)
    expect(agenda("--from", "2027-02-30"), 2, err=["2027-02-30"], out_empty=True)
    expect(agenda("--format", "text", "--dtstamp", "2026-12-01"), 2, err=["needs --format ics"], out_empty=True)
    bad = work("bad.jsonl")
    with open(example("batch.jsonl"), encoding="utf-8") as f, open(bad, "w", encoding="utf-8") as out:
        out.write(f.readline())
        out.write('{"id": "BROKEN", "kind": "restructure"\n')
        out.write('{"id": "STRAY", "kind": "restructure", "origin": "employer", "affected": ["RRK", "RXX9"], '
                  '"date": "2026-11-22"}\n')
    # Each error at its line and column, a routing error (unknown_id) as a reading error (json_syntax).
    r = expect(spfgov("agenda", "--issues", bad), 1, out=["UHB-estates-2027"],
               err=["json_syntax: " + bad + ":2:", 'unknown_id: ' + bad + ':3:82: issue "STRAY": /affected/1 = "RXX9"',
                    "2 of 3 lines could not be routed and are not on the agenda"])
    # A reading error does not name the issue: the line says which it was.
    check('(issue "BROKEN")\n' in r.err, "the unread issue named", r)
    check(r.err.count('issue "STRAY"') == 1, "a routing error names its issue once", r)


@case
def agenda_says_when_an_issue_id_is_given_on_more_than_one_line():
    """An issue id on two lines (a revised proposal appended) is listed once a line, but the calendar keeps one
    event for each of its statutory deadlines: the agenda says so on stderr and at the top of its text and HTML
    pages, as the Python frames' RepeatedIdWarning does, naming the first such id (JSON-quoted) and all its lines;
    only ids on the plan count (--body's, --from/--to's, not a line that could not be routed)."""
    with open(example("batch.jsonl"), encoding="utf-8") as f:
        lines = f.readlines()
    path = work("repeated.jsonl")
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(lines + [lines[0], lines[0], lines[1]])
    first = json.loads(lines[0])["id"]
    n = len(lines)
    said = ('2 issue ids on the agenda are given on more than one line (the first: "%s" on lines 1, %d and %d): each '
            "line is listed as its own proposal, so counting issues by id counts them once, and the calendar keeps "
            "one event for each of an id's statutory deadlines (the earlier date)" % (first, n + 1, n + 2))
    r = expect(spfgov("agenda", "--issues", path), 0, err=["warning: %s: %s\n" % (path, said)])
    check(r.err.count("more than one line") == 1, "said once, whatever the count of repeats", r)
    check(" ".join(r.out.split("\n\n")[0].split()) == "Warnings about the batch: - " + said,
          "the text page's head says it", r)
    expect(spfgov("agenda", "--issues", path, "--format", "html"), 0,
           out=["<li>" + said.replace('"', "&quot;").replace("'", "&#39;") + "</li>"])
    plain = expect(spfgov("agenda", "--issues", example("batch.jsonl")), 0)
    check("more than one line" not in plain.err + plain.out, "no word when every id comes once", plain)
    check(plain.out.count('- %s "' % first) >= 1, "the issue reaches some body", plain)
    check(r.out.count('- %s "' % first) == 3 * plain.out.count('- %s "' % first), "each of its lines listed apart", r)
    # A body the repeated issue reaches is told of it; one it does not reach is not.
    expect(spfgov("agenda", "--issues", path, "--body", "RRK-jncc"), 0, err=['(the first: "%s" on lines 1,' % first])
    reach = expect(spfgov("agenda", "--issues", path, "--body", "QKK-forum"), 0)
    check("more than one line" not in reach.err, "QKK-forum's plan is not told of %s" % first, reach)
    # Outside --from/--to, not on the plan: not said.
    late = expect(spfgov("agenda", "--issues", path, "--from", "2030-01-01"), 0)
    check("more than one line" not in late.err, "nothing on the plan after 2030", late)
    # A line that could not be routed is not on the plan: its id is not a repeat. An id with a quote is JSON-quoted.
    quoted = dict(json.loads(lines[0]), id='A "quoted" id')
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(dict(quoted, affected=["RXX9"])) + "\n" + json.dumps(quoted) + "\n")
    r = expect(spfgov("agenda", "--issues", path), 1)
    check("more than one line" not in r.err, "a line that failed is no repeat", r)
    # Past ten lines, the first ten and "and more".
    with open(path, "w", encoding="utf-8") as out:
        out.write(lines[0] * 12)
    expect(spfgov("agenda", "--issues", path), 0,
           err=['1 issue id on the agenda is given on more than one line ("%s" on lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 '
                "and more)" % first])
    with open(path, "w", encoding="utf-8") as out:
        out.write((json.dumps(quoted) + "\n") * 2)
    expect(spfgov("agenda", "--issues", path), 0,
           err=['1 issue id on the agenda is given on more than one line ("A \\"quoted\\" id" on lines 1 and 2)'])


@case
def agenda_csv():
    import csv
    import io
    r = expect(agenda("--format", "csv"), 0)
    check("\r\n" in r.out and r.out.count("\n") == r.out.count("\r\n"), "CRLF line ends (RFC 4180)", r)
    rows = list(csv.DictReader(io.StringIO(r.out, newline="")))
    check(list(rows[0].keys()) == ["body", "body_name", "meeting", "papers_due", "moved_from", "issue", "title", "kind",
                                   "roles", "statutory_date", "statutory_late", "meeting_after_statutory"], "the header", r)
    uhb = [row for row in rows if row["body"] == "RRK-jncc" and row["issue"] == "UHB-estates-2027"]
    check(len(uhb) == 1, "one row per body and issue", r)
    row = uhb[0]
    check((row["meeting"], row["papers_due"], row["moved_from"], row["roles"], row["statutory_date"],
           row["statutory_late"], row["meeting_after_statutory"]) ==
          ("2026-12-07", "2026-11-30", "", "lead;negotiate;consult", "2027-01-30", "false", "false"), "the row: %r" % row, r)
    check(all(row["meeting"] == "" or row["papers_due"] <= row["meeting"] for row in rows), "papers before meetings", r)
    text = expect(agenda(), 0)
    per_body = {}
    for row in rows:
        per_body[row["body"]] = per_body.get(row["body"], 0) + 1
    for body, n in per_body.items():
        check(re.search(r"^%s.*: %d issues?$" % (re.escape(body), n), text.out, re.M) is not None,
              "text and CSV agree on %s (%d)" % (body, n), text)


@case
def agenda_ics():
    r = expect(agenda("--body", "QHL-forum", "--format", "ics", "--dtstamp", "2026-12-01T09:00:00Z"), 0,
               out=["BEGIN:VCALENDAR", "X-WR-CALNAME:spfgov agenda", "DTSTAMP:20261201T090000Z"])
    events = ics_events(r.out, "agenda.ics")
    meetings = [e for e in events if e["summary"].startswith("Meeting: QHL-forum")]
    papers = [e for e in events if e["summary"].startswith("Papers due: QHL-forum")]
    check(meetings and len(meetings) == len(papers), "a meeting and a papers deadline per meeting", r)
    check(all(e["alarms"] == ["-P2D"] for e in papers), "a reminder before each papers deadline", r)
    check(len({e["uid"] for e in events}) == len(events), "distinct UIDs", r)
    csv_rows = expect(agenda("--body", "QHL-forum", "--format", "csv"), 0).out.splitlines()[1:]
    dates = sorted({line.split(",")[2] for line in csv_rows if line.split(",")[2]})
    check(sorted(e["start"] for e in meetings) == dates, "one event per meeting date of the CSV", r)
    again = agenda("--body", "QHL-forum", "--format", "ics", env={"SOURCE_DATE_EPOCH": "1796115600"})
    check(again.out == r.out, "SOURCE_DATE_EPOCH gives the same calendar", again)
    # A JNCC's calendar carries its employer's statutory deadlines with their
    # reminders, the same events (UIDs) as the issue's route calendar, so a
    # person importing both keeps one copy of each.
    jncc = expect(agenda("--body", "RRK-jncc", "--format", "ics", "--dtstamp", "2026-12-01T09:00:00Z"), 0)
    statutory = [e for e in ics_events(jncc.out, "agenda-jncc.ics") if "Statutory deadline" in e["summary"]]
    with open(example("batch.jsonl")) as f:
        uhb = next(line for line in f if '"UHB-estates-2027"' in line)
    with open(work("uhb.json"), "w") as f:
        f.write(uhb)
    route_ics = expect(spfgov("route", "--graph", "england", "--graph", meetings_overlay(), "--issue", work("uhb.json"),
                              "--format", "ics", "--dtstamp", "2026-12-01T09:00:00Z"), 0)
    route_statutory = [e for e in ics_events(route_ics.out, "route-uhb.ics") if "Statutory deadline" in e["summary"]]
    check(len(statutory) == 2 and all("(RRK)" in e["summary"] for e in statutory), "RRK's two statutory dates", jncc)
    check([(e["uid"], e["start"], e["summary"], e["alarms"]) for e in statutory] ==
          [(e["uid"], e["start"], e["summary"], e["alarms"]) for e in route_statutory],
          "the route calendar's statutory events, UIDs and reminders included", jncc)
    # No meeting rule in the built-in graph: the statutory dates alone, each once.
    dates = expect(spfgov("agenda", "--issues", example("batch.jsonl"), "--format", "ics", "--dtstamp", "2026-12-01"), 0)
    events = ics_events(dates.out, "agenda-dates.ics")
    check(len(events) == 6 and all("Statutory deadline" in e["summary"] and e["alarms"] == ["-P7D"] for e in events),
          "the batch's six statutory dates (R0A, RJ1, RRK), each with its reminder", dates)
    check(sum(e["summary"].startswith("LATE: ") for e in events) == 2, "RJ1's two dates already past", dates)
    # Nothing with a meeting or a statutory date: an error, not an empty calendar.
    expect(spfgov("agenda", "--issues", example("batch.jsonl"), "--body", "QHL-forum", "--format", "ics",
                  "--dtstamp", "2026-12-01"), 1, err=["ics.empty_calendar"], out_empty=True)


@case
def agenda_html():
    from html.parser import HTMLParser

    class Page(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.h2, self.rows, self.row, self.cell, self.external = [], [], [], None, None, []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag in ("script", "img", "link", "iframe") or any(k in a for k in ("src", "href")):
                self.external.append(tag)
            if tag not in ("meta", "br"):
                self.stack.append(tag)
            if tag == "tr":
                self.row = []
            if tag in ("td", "th") and self.row is not None:
                self.cell = ""

        def handle_endtag(self, tag):
            while self.stack and self.stack.pop() != tag:
                pass
            if tag in ("td", "th") and self.row is not None and self.cell is not None:
                self.row.append(self.cell.strip())
                self.cell = None
            if tag == "tr" and self.row is not None:
                self.rows.append((self.h2[-1] if self.h2 else None, self.row))
                self.row = None

        def handle_data(self, data):
            if self.stack and self.stack[-1] == "h2":
                self.h2.append(data)
            if self.cell is not None:
                self.cell += data

    r = expect(agenda("--format", "html"), 0, out=["<!DOCTYPE html>", "</html>"])
    page = Page()
    page.feed(r.out)
    check(not page.external, "self-contained: no script, image, stylesheet or link: %r" % page.external, r)
    check(not page.stack, "every element is closed", r)
    rows = [(h, cells) for h, cells in page.rows if cells and cells[0] != "Meeting"]
    csv_rows = expect(agenda("--format", "csv"), 0).out.splitlines()[1:]
    check(len(rows) == len(csv_rows), "one table row per CSV row (%d, %d)" % (len(rows), len(csv_rows)), r)
    uhb = [cells for h, cells in rows if h.startswith("RRK-jncc") and cells[2] == "UHB-estates-2027"]
    check(uhb == [["2026-12-07", "2026-11-30", "UHB-estates-2027", "Estates restructure", "redundancy",
                   "lead, negotiate, consult", "2027-01-30"]], "the UHB row under RRK-jncc's heading: %r" % uhb, r)
    one = expect(agenda("--format", "html", "--body", "QHL-forum"), 0, out=["<title>Forward plan: QHL-forum</title>"])
    check(one.out.count("<h2 ") == 1, "one body, one heading", one)


@case
def agenda_and_the_html_page_warn_when_proposals_together_need_longer():
    """Two proposals at one trust, 60 and 45 redundancies, first dismissals 75 days apart: each route dates
    consultation 30 days before its own first dismissal, but together (105 within 90 days, s.188(1)) they need 45
    days before the first; agenda and route's HTML page say so on stderr, as `redundancies` counts it."""
    path = work("combined.jsonl")
    with open(path, "w") as f:
        for issue, n, date, first in (("A-admin", 60, "2026-11-02", "2027-03-01"), ("B-estates", 45, "2026-12-01", "2027-05-15")):
            f.write(json.dumps({"id": issue, "kind": "redundancy", "origin": "employer", "affected": ["RHQ"],
                                "date": date, "redundancies": {"RHQ": n}, "first_dismissal": first}) + "\n")
    said = ("%s: RHQ: issues A-admin and B-estates, with first dismissals from 2027-03-01 to 2027-05-15 (within 90 "
            "days), together propose 105 redundancies, reaching a band with a longer period than any of them alone "
            "(TULRCA s.188(1)): collective consultation must begin, and form HR1 reach the Secretary of State, by "
            "2027-01-15 (45 days before the first dismissal, on 2027-03-01); their routes, each counted alone, give a "
            "later date or none (unless consultation on the earlier proposals had already begun when the later were "
            "made: s.188(3) leaves their employees out of the later count) ('spfgov redundancies' counts them)" % path)
    for argv in (("agenda", "--issues", path), ("route", "--issues", path, "--format", "html")):
        r = expect(spfgov(*argv), 0, err=["spfgov: warning: " + said])
        check(r.err.count("together propose") == 1, "one window, said once", r)
    # The text plan says it at its top too, wrapped (a printed plan keeps what stderr said).
    r = expect(spfgov("agenda", "--issues", path), 0)
    head = r.out.split("\n\n")[0]
    check(head.startswith("Warnings about the batch:\n  - RHQ: issues A-admin and B-estates,"), "the text plan's head", r)
    check(" ".join(head.split()) == "Warnings about the batch: - " + said[len(path) + 2:], "the whole warning, wrapped", r)
    check(all(len(line) <= 78 for line in head.splitlines()), "wrapped at 78 columns", r)
    windows = [json.loads(line) for line in expect(spfgov("redundancies", "--issues", path), 0).out.splitlines()]
    check([(w["total"], w["deadline"], w["combined"]) for w in windows] == [(105, "2027-01-15", True)],
          "the window the warning names", windows)
    # One body's plan: its own employer's windows (a JNCC), not another trust's.
    expect(spfgov("agenda", "--issues", path, "--body", "RHQ-jncc"), 0, err=["RHQ: issues A-admin and B-estates"])
    r = expect(spfgov("agenda", "--issues", path, "--body", "RFF-jncc"), 0)
    check("together propose" not in r.err, "RFF-jncc's plan is not told of RHQ's window", r)
    # Both proposals at two trusts: a JNCC's plan hears of its own employer's window, the system forum's of both.
    with open(path, "w") as f:
        for issue, n, date, first in (("A2", 60, "2026-11-02", "2027-03-01"), ("B2", 45, "2026-12-01", "2027-05-15")):
            f.write(json.dumps({"id": issue, "kind": "redundancy", "origin": "employer", "affected": ["RRK", "RQ3"],
                                "date": date, "redundancies": {"RRK": n, "RQ3": n}, "first_dismissal": first}) + "\n")
    r = expect(spfgov("agenda", "--issues", path, "--body", "RRK-jncc"), 0, err=["RRK: issues A2 and B2"])
    check("RQ3: issues" not in r.err, "RRK-jncc's plan is not told of RQ3's window", r)
    expect(spfgov("agenda", "--issues", path, "--body", "QHL-forum"), 0, err=["RRK: issues A2 and B2", "RQ3: issues A2 and B2"])
    # Twelve proposals of two (none alone in a band): ten are named, the rest counted.
    with open(path, "w") as f:
        for k in range(12):
            f.write(json.dumps({"id": "P%02d" % k, "kind": "redundancy", "origin": "employer", "affected": ["RHQ"],
                                "date": "2026-11-02", "redundancies": {"RHQ": 2},
                                "first_dismissal": "2027-03-%02d" % (k + 1)}) + "\n")
    r = expect(spfgov("agenda", "--issues", path), 0,
               err=["RHQ: issues P00, P01, P02, P03, P04, P05, P06, P07, P08, P09 and 2 more, with first dismissals "
                    "from 2027-03-01 to 2027-03-12 (within 90 days), together propose 24 redundancies",
                    "by 2027-01-30 (30 days before the first dismissal, on 2027-03-01); their routes, each counted "
                    "alone, give a later date or none"])
    # 15 and 25 at Leeds (helper-79): no band is longer together (40: 30 days, as 25 alone), but the
    # first dismissal is the estates posts', which have no date alone: consultation on all 40 must begin
    # 30 days before it (s.188(1A)), 45 days before catering's own date. Said by agenda, the HTML page and
    # redundancies (whose JSON line, keys fixed, says "combined": false).
    with open(path, "w") as f:
        for issue, n, first in (("A-estates", 15, "2027-02-15"), ("B-catering", 25, "2027-04-01")):
            f.write(json.dumps({"id": issue, "kind": "redundancy", "origin": "employer", "affected": ["RR8"],
                                "date": "2026-12-01", "redundancies": {"RR8": n}, "first_dismissal": first}) + "\n")
    earlier = ("RR8: issues A-estates and B-catering, with first dismissals from 2027-02-15 to 2027-04-01 (within 90 "
               "days), together propose 40 redundancies (TULRCA s.188(1)): collective consultation must begin, and form "
               "HR1 reach the Secretary of State, by 2027-01-16 (30 days before the first dismissal, on 2027-02-15), "
               "earlier than their routes give, each counted alone: A-estates (no date) and B-catering (2027-03-02)")
    for argv in (("agenda", "--issues", path), ("route", "--issues", path, "--format", "html"),
                 ("agenda", "--issues", path, "--format", "html")):
        r = expect(spfgov(*argv), 0, err=[earlier + " ('spfgov redundancies' counts them)"])
        check(r.err.count("together propose") == 1, "one window, said once", r)
        if "html" in argv:  # a printed page keeps what stderr said, at its top
            page = html_module.unescape(r.out)
            check("Warnings about the batch</h2>" in page and
                  earlier + " ('spfgov redundancies' counts them)</li>" in page, "the page says it too", r)
    r = expect(spfgov("agenda", "--issues", path, "--body", "RFF-jncc", "--format", "html"), 0)
    check("Warnings about the batch" not in r.out, "not on another trust's JNCC's page", r)
    r = expect(spfgov("redundancies", "--issues", path), 0, err=["spfgov: warning: %s: %s\n" % (path, earlier)])
    check(json.loads(r.out)["combined"] is False and json.loads(r.out)["deadline"] == "2027-01-16",
          "the window: not combined, dated 2027-01-16", r)
    expect(spfgov("redundancies", "--issues", path, "--format", "text"), 0,
           out=["EARLIER: consultation on them all"])
    # Apart by more than 90 days: nothing to say.
    with open(path, "w") as f:
        for issue, first in (("A-admin", "2027-03-01"), ("B-estates", "2027-06-15")):
            f.write(json.dumps({"id": issue, "kind": "redundancy", "origin": "employer", "affected": ["RHQ"],
                                "date": "2026-11-02", "redundancies": {"RHQ": 60}, "first_dismissal": first}) + "\n")
    r = expect(spfgov("agenda", "--issues", path), 0)
    check("together propose" not in r.err, "no warning for proposals 106 days apart", r)


@case
def agenda_long_batch_same_bytes_and_flat_memory():
    """agenda over a long batch: the whole plan of 10,000 generated issues is
    byte for byte the previous build's (cef9080^, which kept every route) in
    all four formats, across the writer's 1 MiB pieces; and since only a few
    bytes per body and issue are kept, one body's plan over 100,000 issues
    peaks at about the memory it takes over 10,000 (9 and 10 MB; before,
    289 against 99 MB), its issues in agenda order, each once."""
    graph, big, small = work("agenda-long-graph.json"), work("agenda-long-100k.jsonl"), work("agenda-long-10k.jsonl")
    with open(graph, "w") as f:
        f.write(expect(spfgov("generate", "--employers", "500", "--seed", "7"), 0).out)
    lines = expect(spfgov("generate", "--employers", "500", "--seed", "7", "--issues", "100000",
                          "--from", "2019-01-01", "--to", "2026-12-31"), 0).out.splitlines(keepends=True)
    with open(big, "w") as f:
        f.writelines(lines)
    with open(small, "w") as f:
        f.writelines(lines[:10000])

    # The outputs (7.7 MB of text, 7.7 MB CSV, 12.4 MB HTML, 1.3 MB calendar).
    # Since 2026-12-05 a JNCC's statutory date is its own employer's, not the
    # route's earliest (4,848 JNCC items of this batch lose another trust's
    # date, 28 get their own); the text without its "statutory date" lines is
    # still the previous build's (c62b6c60...) without them, byte for byte.
    # The HTML page has one more style rule since (dates kept on one line):
    # without it, the previous build's bytes (8e7d5045...). Since 2026-12-07
    # the calendar ends with the statutory deadlines: without them, the
    # previous build's bytes (db50688d...).
    previous = {"text": "45719c3bdf104faa16c36d65e986ef3aa3df67d423c7615894e50070180da50d",
                "csv": "96f79eb875603cd96cb8e0dccd6076d898f615a7e0437f7794128d1de246db8a",
                "html": "f7a5064bcd91cb9ca2c39013c4c9dbfb4704439d3976c012f53eda74e931f2aa",
                "ics": "503a71d3fbe7bbe71a056e4f137a6ebb99762154b99c9ec7edf4514c8f6a7360"}
    for form, digest in previous.items():
        argv = [ARGS.spfgov, "agenda", "--graph", graph, "--issues", small, "--format", form]
        if form == "ics":
            argv += ["--dtstamp", "2026-01-01T00:00:00Z"]
        p = subprocess.run(argv, capture_output=True, timeout=300)
        check(p.returncode == 0, "agenda --format %s exits 0: %s" % (form, p.stderr.decode(errors="replace")))
        body = p.stdout
        if form == "text":
            # Since 2026-12-08 the text page begins with the batch's warnings, as the HTML
            # page does (whose digest above has them): without that head, the same bytes.
            head, _, body = p.stdout.partition(b"\n\n")
            check(head.startswith(b"Warnings about the batch:\n  - ") and head.count(b"\n  - ") == 11,
                  "the text's head: ten windows said, the rest counted (%r)" % head[:200])
        check(hashlib.sha256(body).hexdigest() == digest,
              "agenda --format %s: the previous build's bytes (%d bytes written)" % (form, len(p.stdout)))
        if form == "text":
            # This batch's proposals combine in 198 windows ('redundancies'), and 203 more are dated
            # earlier than the own routes of issues proposed by then (401 in all): ten are said, the rest
            # counted.
            err = p.stderr.decode()
            check(err.count("together propose") == 10 and
                  "and 391 more such windows of proposals whose dates counted together are earlier" in err,
                  "ten such windows said, the others counted: " + err[-300:])
            kept = b"".join(line for line in body.splitlines(keepends=True)
                            if not line.startswith(b"      statutory date "))
            check(hashlib.sha256(kept).hexdigest() ==
                  "d095d62d6902a984876a4d108434be81ee2b819259b95cf7bba7530f88f7c872",
                  "agenda --format text: without statutory dates, the previous build's bytes")
        if form == "ics":
            # Every statutory deadline of the batch's routes, each once, after the meetings.
            head, _, rest = p.stdout.partition(b"BEGIN:VEVENT\r\n")
            events = [b"BEGIN:VEVENT\r\n" + e for e in rest.split(b"BEGIN:VEVENT\r\n")]
            events[-1] = events[-1][:events[-1].index(b"END:VCALENDAR\r\n")]
            statutory = [e for e in events if re.search(rb"^CATEGORIES:spfgov,(consultation_start|hr1_notification),", e, re.M)]
            meetings = events[:len(events) - len(statutory)]
            check(statutory == events[len(meetings):], "the statutory deadlines come after the meetings")
            routes = subprocess.run([ARGS.spfgov, "route", "--graph", graph, "--issues", small, "--rationale", "none"],
                                    capture_output=True, timeout=300)
            expected = {(r["issue"], d["kind"], d["body"]) for r in map(json.loads, routes.stdout.splitlines())
                        for d in r["deadlines"]}
            check(len(expected) > 1000 and len(statutory) == len(expected),
                  "each of the routes' %d statutory deadlines once: %d" % (len(expected), len(statutory)))
            check(hashlib.sha256(head + b"".join(meetings) + b"END:VCALENDAR\r\n").hexdigest() ==
                  "db50688dd892c16d87cb2a9bddb2d0e4c457d8be803ad83c19b6743e15e970a3",
                  "agenda --format ics: without the statutory deadlines, the previous build's bytes")
        if form == "html":
            # Since 2026-12-07 the page lists the batch's warnings (the stderr ones: ten windows and a count)
            # after its title: without them, the previous build's bytes (a64a8f53...).
            warned = re.search(rb'<section aria-labelledby="batch-warnings-title">\n<h2 id="batch-warnings-title">Warnings '
                               rb'about the batch</h2>\n.*?</section>\n', p.stdout, re.S)
            check(warned is not None and warned.group(0).count(b"<li>") == 11, "the page's eleven warnings")
            page = p.stdout[:warned.start()] + p.stdout[warned.end():]
            check(hashlib.sha256(page).hexdigest() == "a64a8f53323e1383545323ce9882e5d829bab070f1978f53057321409ae7be91",
                  "agenda --format html: without the warnings, the previous build's bytes")
            check(hashlib.sha256(page.replace(b"time{white-space:nowrap}\n", b"")).hexdigest() ==
                  "8e7d50458779aa5a94477b6d4293f7aa05ef7651ef5645aa2d5ae1222c2d8d56",
                  "agenda --format html: without the new style rule, the previous build's bytes")

    def run(issues):
        """Exit status, stdout, stderr and peak resident set (KiB) of one
        body's CSV plan, from the command's own rusage (os.wait4)."""
        out, err = work("agenda-long.csv"), work("agenda-long.err")
        with open(out, "wb") as o, open(err, "wb") as e:
            p = subprocess.Popen([ARGS.spfgov, "agenda", "--graph", graph, "--issues", issues,
                                  "--body", "S03-forum", "--format", "csv"], stdout=o, stderr=e)
            _, status, usage = os.wait4(p.pid, 0)
        with open(out, encoding="utf-8", newline="") as o, open(err, encoding="utf-8") as e:
            return os.waitstatus_to_exitcode(status), o.read(), e.read(), usage.ru_maxrss

    import csv as csv_module, io
    rc, text, err, small_peak = run(small)
    check(rc == 0, "one body's plan over 10,000 lines exits 0: " + err)
    rc, text, err, big_peak = run(big)
    check(rc == 0, "one body's plan over 100,000 lines exits 0: " + err)
    rows = list(csv_module.DictReader(io.StringIO(text)))
    check(len(rows) > 20 and all(r["body"] == "S03-forum" for r in rows), "one body's rows: %d" % len(rows))
    check(len({r["issue"] for r in rows}) == len(rows), "each issue once")
    # Agenda order: with a meeting first, by meeting date, then issue id
    # (without one, by the date raised, which the CSV does not show).
    with_meeting = [(r["meeting"], r["issue"]) for r in rows if r["meeting"]]
    check(len(with_meeting) > 20 and with_meeting == sorted(with_meeting), "rows in meeting order, then issue id")
    check(all(r["meeting"] for r in rows[:len(with_meeting)]), "rows with a meeting first")
    if sanitized_build():
        return  # a sanitizer's allocator keeps freed memory in quarantine
    check(big_peak < small_peak + 8 * 1024,
          "peak RSS flat in batch length: %d KiB over 100,000 lines, %d KiB over 10,000" % (big_peak, small_peak))

@case
def route_issue_errors():
    # An employer the graph does not have: exit 1, the issue and the id named.
    expect(spfgov("route", "--issue", fixture("unknown-employer-issue.json")), 1,
           err=["unknown-employer-issue.json", "GHOST-2026", "RZZ"], out_empty=True)
    # Malformed issue JSON: file, line and column.
    expect(spfgov("route", "--issue", fixture("malformed-issue.json")), 1,
           err=["malformed-issue.json:3:", "json_syntax"], out_empty=True)
    # A field with a bad value: file, line:col and JSON path.
    expect(spfgov("route", "--issue", fixture("bad-kind-issue.json")), 1,
           err=["bad-kind-issue.json:1:", "/kind", "reorganisation"], out_empty=True)
    expect(spfgov("route", "--issue", fixture("empty.json")), 1, err=["empty.json"], out_empty=True)
    expect(spfgov("route", "--issue", work("no-such-issue.json")), 1, err=["no-such-issue.json"], out_empty=True)


@case
def route_examples():
    """Every sample issue in examples/issues routes on the built-in graph."""
    directory = os.path.join(ARGS.source_dir, "examples", "issues")
    names = sorted(os.listdir(directory))
    check(any(n.endswith(".json") for n in names) and any(n.endswith(".jsonl") for n in names),
          "examples/issues has issues and a batch")
    for name in names:
        path = os.path.join(directory, name)
        if name.endswith(".json"):
            expect(spfgov("route", "--issue", path), 0, out=['"issue": '])
            expect(spfgov("route", "--issue", path, "--format", "text"), 0, out=["Rationale:"])
        elif name.endswith(".jsonl"):
            with open(path) as f:
                n = sum(1 for _ in f)
            r = expect(spfgov("route", "--issues", path), 0)
            check(len(r.out.splitlines()) == n and '"error"' not in r.out, "every line of %s routes" % name, r)


# ------------------------------------------------------------------ route: batches

@case
def batch_stdin():
    path = example("batch.jsonl")
    with open(path) as f:
        text = f.read()
    ids = [json.loads(line)["id"] for line in text.splitlines()]
    r = expect(spfgov("route", "-", stdin=text), 0)
    routes = json_lines(r.out)
    check([x["issue"] for x in routes] == ids, "one route a line, in input order", r)
    check(spfgov("route", "--issues", "-", stdin=text).out == r.out, "--issues - is the same as -", r)
    check(spfgov("route", "--issues", path).out == r.out, "a file gives the same as stdin", r)
    # Each line alone gives the same route as in the batch.
    first = spfgov("route", "--issue", example("uhb-restructure.json")).out
    check(r.out.splitlines()[0] + "\n" == first, "a batch line equals the single-issue output", r)
    # --as-of applies to every line.
    r2 = expect(spfgov("route", "-", "--as-of", "2026-12-01", stdin=text), 0)
    check(all(x["as_of"] == "2026-12-01" for x in json_lines(r2.out)), "--as-of in a batch", r2)
    # text format: one report per line.
    r3 = expect(spfgov("route", "-", "--format", "text", stdin=text), 0)
    check(r3.out.count("Route for issue ") == len(ids), "one text report per line", r3)
    # An empty batch: no output, success.
    expect(spfgov("route", "-", stdin=""), 0, out_empty=True)
    # CRLF line ends and a last line without a newline.
    crlf = "\r\n".join(text.splitlines())
    r4 = expect(spfgov("route", "-", stdin=crlf), 0)
    check(r4.out == r.out, "CRLF lines and no final newline route the same", r4)


@case
def batch_errors_in_place():
    lines = [
        '{"id": "ok-1", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-05-01"}',
        '{"id": "bad-json", "kind": ',
        '',
        '{"id": "ghost", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["RZZ"], "date": "2026-05-01"}',
        '{"id": "bad-kind", "title": "t", "kind": "reorganisation", "origin": "employer", "affected": ["RRK"], "date": "2026-05-01"}',
        '[1, 2, 3]',
        '{"id": "ok-2", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["RKB"], "date": "2026-05-01"}',
    ]
    path = work("errors.jsonl")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    r = expect(spfgov("route", "--issues", path), 1, err=["5 of 7 lines"])
    out = json_lines(r.out)
    check(len(out) == 7, "one output line per input line", r)
    check(out[0]["issue"] == "ok-1" and "error" not in out[0], "line 1 routes", r)
    check(out[6]["issue"] == "ok-2" and "error" not in out[6], "line 7 routes after the errors", r)
    # A line that is not JSON still names its issue when the "id" came before the error.
    expected = {2: ("bad-json", ["json_syntax", "errors.jsonl:2:"]),
                3: (None, ["errors.jsonl:3: blank line (expected one issue a line, as a JSON object)"]),
                4: ("ghost", ["unknown_id: " + path + ":4:" + str(lines[3].index('"RZZ"') + 1) + ": ", "RZZ"]),
                5: ("bad-kind", ["errors.jsonl:5:", "/kind", "reorganisation"]),
                6: (None, ["errors.jsonl:6:"])}
    for n, (issue_id, words) in expected.items():
        x = out[n - 1]
        check(set(x) == {"issue", "line", "code", "error"}, "an error line has issue, line, code and error: %r" % x, r)
        check(x["error"].startswith(x["code"] + ": "), "the code begins the message: %r" % x, r)
        check(x["line"] == n and x["issue"] == issue_id, "line %d: issue %r" % (n, issue_id), r)
        for w in words:
            check(w in x["error"], "line %d's error names %r" % (n, w), r)


@case
def route_csv():
    import csv
    import io
    lines = [
        '{"id": "ok-1", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-05-01"}',
        '{"id": "ghost", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["RZZ"], "date": "2026-05-01"}',
        '{"id": "a,\\"quoted\\" id", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["RKB"], "date": "2026-05-01"}',
    ]
    path = work("csv.jsonl")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    r = expect(spfgov("route", "--issues", path, "--format", "csv"), 1, err=["1 of 3 lines"])
    rows = list(csv.DictReader(io.StringIO(r.out, newline="")))
    check(len(rows) == 3, "one row per issue", r)
    check(rows[0]["issue"] == "ok-1" and rows[0]["scope"] == "employer" and rows[0]["error_code"] == "",
          "line 1 routes", r)
    check(rows[1]["line"] == "2" and rows[1]["error_code"] == "unknown_id" and "RZZ" in rows[1]["error"],
          "line 2's row holds its error code and message", r)
    check(rows[2]["issue"] == 'a,"quoted" id', "RFC 4180 quoting round-trips", r)
    check('"a,""quoted"" id"' in r.out, "quotes are doubled inside a quoted field", r)
    one = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--format", "csv"), 0)
    row = list(csv.DictReader(io.StringIO(one.out, newline="")))
    check(len(row) == 1 and row[0]["line"] == "" and row[0]["lead"] == "RRK-jncc", "a single issue: one row", one)
    m = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--format", "memberships-csv"), 0)
    members = list(csv.DictReader(io.StringIO(m.out, newline="")))
    route = json.loads(expect(spfgov("route", "--issue", example("uhb-restructure.json")), 0).out)
    expected = sorted((b, role) for role in ("lead", "negotiate", "consult", "engage", "inform") for b in route[role])
    if route["lead_union"]:
        expected.append((route["lead_union"], "lead_union"))
    check(sorted((x["body"], x["role"]) for x in members) == sorted(expected), "one row per body and role", m)
    # Every format writes the same bytes with --jobs 1 and --jobs 2 (bad lines included).
    graph, issues = work("csv-jobs-graph.json"), work("csv-jobs.jsonl")
    with open(graph, "w") as f:
        f.write(expect(spfgov("generate", "--employers", "200", "--seed", "3"), 0).out)
    batch = expect(spfgov("generate", "--employers", "200", "--seed", "3", "--issues", "3000"), 0).out.splitlines()
    batch[10], batch[2000] = "{", ""
    with open(issues, "w") as f:
        f.write("\n".join(batch) + "\n")
    for fmt in ("csv", "memberships-csv", "text", "json"):
        runs = [spfgov("route", "--graph", graph, "--issues", issues, "--format", fmt, "--jobs", jobs)
                for jobs in ("1", "2")]
        check(runs[0].rc == runs[1].rc == 1 and runs[0].out == runs[1].out and runs[0].err == runs[1].err,
              "--format %s: --jobs 1 and 2 give the same bytes" % fmt, runs[1])


@case
def hostile_output():
    """Closed or full outputs: --help to a full disk fails; a closed pipe ends
    a batch quietly by SIGPIPE (status 141 in a shell)."""
    if os.path.exists("/dev/full"):
        for argv in (["--help"], ["--version"], ["route", "--help"]):
            with open("/dev/full", "w") as full:
                p = subprocess.run([ARGS.spfgov] + argv, stdout=full, stderr=subprocess.PIPE, timeout=60)
            check(p.returncode == 1 and b"cannot write to standard output" in p.stderr,
                  "%s > /dev/full: status 1 with a message (got %d, %r)" % (argv, p.returncode, p.stderr))
    path = work("pipe.jsonl")
    with open(path, "w") as f:
        for i in range(20000):
            f.write(json.dumps({"id": "P%d" % i, "kind": "restructure", "origin": "employer",
                                "affected": ["RRK"], "date": "2026-11-22"}) + "\n")
    # The parent ignores SIGPIPE here (as Python does): spfgov restores the default.
    p = subprocess.Popen([ARGS.spfgov, "route", "--issues", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         restore_signals=False)
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read()
    rc = p.wait(timeout=60)
    check(rc == -13 and err == b"", "a closed pipe: killed by SIGPIPE, nothing on stderr (got %d, %r)" % (rc, err))


@case
def hostile_input():
    """Limits per input kind, NUL bytes, trailing text, numbers out of range."""
    r = expect(spfgov("route", "--issue", "/dev/zero"), 1, err=["too_large", "1048576 bytes for an issue file"])
    issue = ('{"id": "H", "kind": "redundancy", "origin": "employer", "affected": ["RRK"], "date": "2026-11-22", '
             '"first_dismissal": "2027-03-01", "redundancies": {"RRK": %s}}')
    r = expect(spfgov("route", "-", stdin="\n".join(issue % c for c in ["1e999", "1e-400", "-0", "-0.0"]) + "\n"), 1)
    out = json_lines(r.out)
    check(all(x["issue"] == "H" for x in out), "every error line names the issue", r)
    for x in out[:2]:
        check("number_out_of_range" in x["error"] and "/redundancies/RRK" in x["error"], "1e999, 1e-400: named", r)
    check("error" not in out[2] and "error" not in out[3], "-0 and -0.0 both mean 0", r)
    graph = work("nul.json")
    with open(graph, "wb") as f:
        f.write(b'{"spfgov": 1, "bodies": []}\0 GARBAGE')
    expect(spfgov("validate", "--graph", graph), 1, err=["nul_byte", "at byte 27"])
    r = expect(spfgov("route", "-", stdin='{"id": "N1", "kind": "restructure"}\0 more\n'), 1)
    check("nul_byte" in json_lines(r.out)[0]["error"] and json_lines(r.out)[0]["issue"] == "N1", "a NUL in a line", r)
    # A batch saved as UTF-16 (Notepad's "Unicode"): every line says so and what to do.
    batch = work("utf16.jsonl")
    with open(batch, "w", encoding="utf-16") as f:
        f.write('{"id": "A", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-11-22"}\n' * 2)
    r = expect(spfgov("route", "--issues", batch, "--no-progress"), 1)
    errors = [x["error"] for x in json_lines(r.out)]
    # (The last line, the zero byte of the last line break alone, is a NUL byte.)
    check(len(errors) == 3 and "the file is UTF-16 (it starts with a UTF-16 byte-order mark)" in errors[0]
          and "the file looks like UTF-16 (a zero byte beside each character)" in errors[1]
          and "a NUL byte" in errors[2], "a UTF-16 batch named as such", r)
    expect(spfgov("route", "--issue", "-", stdin='{"id": "T"} {}'), 1, err=["trailing_data", "at byte 12"])


@case
def hostile_ids():
    """Control characters in ids never reach the terminal raw."""
    graph = work("nl.json")
    with open(graph, "w") as f:
        json.dump({"spfgov": 1, "bodies": [{"id": "spf", "kind": "national_forum"}, {"id": "Y", "kind": "region"},
                   {"id": "S", "kind": "system", "region": "Y"}, {"id": "S-forum", "kind": "system_forum", "system": "S"},
                   {"id": "GP\nerror fake_code X: forged", "kind": "employer", "system": "S"}]}, f)
    r = spfgov("validate", "--graph", graph)
    check(all(line.startswith(("error ", "warning ")) for line in r.out.splitlines()), "no forged line", r)
    check("GP\\u000aerror fake_code" in r.out, "the newline is shown as \\u000a", r)
    issue = '{"id": "X\\u001b[31mRED\\nspfgov: note: all good", "kind": "restructure", "origin": "employer", "affected": ["NOPE"], "date": "2026-11-22"}'
    r = expect(spfgov("route", "--issue", "-", stdin=issue), 1, err=["X\\u001b[31mRED\\u000aspfgov: note"])
    check("\x1b" not in r.err and r.err.count("\n") == 1, "one stderr line, no ESC", r)
    r = spfgov("route", "-", "--format", "text", stdin='{"id": "X\\u001b]0;owned\\u0007\\nScope: national", "kind": "nope"}\n')
    check("\x1b" not in r.out and "\x07" not in r.out and "\nScope: national" not in r.out, "text report: escaped", r)


@case
def batch_too_long_line():
    ok = '{"id": "ok-%d", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-05-01"}'
    path = work("long.jsonl")
    with open(path, "w") as f:
        f.write(ok % 1 + "\n")
        f.write('{"id": "huge", "title": "' + "x" * (3 << 20) + '"}\n')
        f.write(ok % 3 + "\n")
        f.write('{"id": "huge-last", "title": "' + "y" * (2 << 20))  # no newline at the end
    r = expect(spfgov("route", "--issues", path), 1)
    out = json_lines(r.out)
    check(len(out) == 4, "4 lines in, 4 lines out", r)
    check(out[1]["line"] == 2 and "longer than the limit" in out[1]["error"], "line 2 is too long", r)
    check(out[2]["issue"] == "ok-3", "the line after a too-long line routes", r)
    check(out[3]["line"] == 4 and "longer than the limit" in out[3]["error"], "a too-long last line", r)


@case
def batch_big():
    """10,000 lines, 10 of them bad at known places: 10,000 output lines,
    errors exactly there, exit status 1."""
    bad = {17: "bad_json", 512: "unknown_employer", 1000: "blank", 2048: "truncated", 3333: "unknown_kind",
           4096: "bad_date", 5000: "not_object", 6789: "spaces", 8191: "missing_id", 10000: "unknown_employer"}
    path = work("big.jsonl")
    subprocess.run([sys.executable, os.path.join(ARGS.source_dir, "tests", "cli", "make_batch.py"),
                    os.path.join(ARGS.source_dir, "data", "england.json"), path, "10000"] +
                   ["%d=%s" % kv for kv in sorted(bad.items())], check=True)
    r = spfgov("route", "--issues", path)
    check(r.rc == 1, "exit status 1 when any line failed", r)
    out = r.out.splitlines()
    check(len(out) == 10000, "exactly 10,000 output lines (got %d)" % len(out), r)
    errors = {}
    for n, line in enumerate(out, 1):
        x = json.loads(line)
        if "error" in x:
            errors[n] = x
            check(x["line"] == n, "error line %d carries \"line\": %d (got %r)" % (n, n, x["line"]), r)
        else:
            check(x["issue"] == "batch-%06d" % n, "line %d routes issue batch-%06d" % (n, n), r)
    check(sorted(errors) == sorted(bad), "errors exactly at lines %s (got %s)" % (sorted(bad), sorted(errors)), r)
    check(errors[512]["issue"] == "batch-000512" and "NO-SUCH-512" in errors[512]["error"],
          "the unknown employer is named", r)
    check(errors[17]["issue"] == "batch-000017" and "big.jsonl:17:" in errors[17]["error"],
          "bad JSON: file:line:col, and the id read before the error", r)
    check(errors[3333]["issue"] == "batch-003333" and "/kind" in errors[3333]["error"], "the JSON path", r)
    expect(r, 1, err=["10 of 10000 lines"])
    check("spfgov route [" not in r.err and "\r" not in r.err, "no progress bar when stderr is not a terminal", r)


@case
def batch_jobs_identical():
    """route --jobs 1, --jobs 2 and --jobs 0 (all cores) write the same bytes on a
    100,000-line batch over seven years, bad lines included (same error lines,
    same line numbers), and the routed lines equal the previous build's (acb74ab) byte for
    byte; --rationale rules/none change only the rationale."""
    graph, issues = work("jobs-graph.json"), work("jobs-issues.jsonl")
    with open(graph, "w") as f:
        f.write(expect(spfgov("generate", "--employers", "500", "--seed", "7"), 0).out)
    lines = expect(spfgov("generate", "--employers", "500", "--seed", "7", "--issues", "100000",
                          "--from", "2019-01-01", "--to", "2026-12-31"), 0).out.splitlines()
    check(len(lines) == 100000, "100,000 generated issues")
    for at, bad in [(0, "{"), (777, ""), (5000, '{"id": "late", "kind": "restructure", "origin": "employer", '
                                                  '"affected": ["E00001"], "date": "5000-01-01"}'),
                    (99999, '{"id": "bad-kind", "kind": "nope"}')]:
        lines[at] = bad
    with open(issues, "w") as f:
        f.write("\n".join(lines) + "\n")
    runs = {}
    for jobs in ["1", "2", "0"]:
        argv = [ARGS.spfgov, "route", "--graph", graph, "--issues", issues, "--jobs", jobs]
        p = subprocess.run(argv, capture_output=True, timeout=900)
        check(p.returncode == 1, "exit 1 (some lines fail) with --jobs " + jobs)
        check(b"4 of 100000 lines could not be routed" in p.stderr, "the count of failed lines with --jobs " + jobs)
        runs[jobs] = p.stdout
    check(runs["1"] == runs["2"] == runs["0"], "--jobs 1, 2 and 0 write the same bytes")
    out = runs["1"].decode().splitlines()
    check(len(out) == 100000, "one output line per input line")
    # The routed lines, byte for byte, as the previous contract-2 build wrote
    # them (main at acb74ab, before issue 11's hot-path and loading work): the
    # speed work changes no route. Error lines are left out (they name this
    # run's file path). A rule change that moves this hash must say so:
    # 2026-12-04, the rationale's sentences agree in number ("RRK-jncc
    # negotiates", "system forums A, B ... are engaged"); putting the old
    # wording back gives acb74ab's bytes, so nothing else changed.
    # 2026-12-05: a one-level ladder says "Escalation has one level" (1,999
    # national lines); the old wording below puts it back too. 2026-12-07:
    # R10's warning that an employer has ended by the first dismissal (18 lines);
    # R10's "1 proposed redundancy" (867 lines, was "redundancies").
    routed = "".join(line + "\n" for at, line in enumerate(out) if at not in (0, 777, 5000, 99999))
    check(hashlib.sha256(routed.encode()).hexdigest() ==
          "91de1b17a65c3a6cddd14532ca3672a5952ac2ba2c144b5c8c68d172f95cb3aa",
          "the 99,996 routed lines equal this contract's routes byte for byte")
    old_wording = routed
    for new, old in [("system forums ", "system forum "), (" of affected systems ", " of affected system "),
                     ("Regional forums ", "Regional forum "),
                     (" are informed of this system-scope issue as part of their regular report",
                      " is informed of this system-scope issue as part of its regular report"),
                     (" are engaged: the issue reaches", " is engaged: the issue reaches"),
                     (" Regional people boards ", " Regional people board "), ("People boards ", "People board "),
                     (" are informed: their staff-side", " is informed: its staff-side"),
                     ("At national scope the national forums ", "At national scope the national forum "),
                     (" are engaged: no surprises.", " is engaged: no surprises."), ("Sub-groups ", "Sub-group "),
                     (", whose remits cover ", ", whose remit covers "),
                     ("where they name any) and whose parents cover this one, are engaged.",
                      "where it names any) and whose parent covers this one, is engaged."),
                     (" negotiates; no forum", " negotiate; no forum"),
                     (" negotiates (national terms", " negotiate (national terms"),
                     (" are engaged.", " is engaged."), (" are informed.", " is informed."),
                     ("so the system forum leads it: ", "so the forums of the affected systems lead it jointly: "),
                     (" An employer no system forum covers keeps its own JNCC in the lead: ",
                      " Employers no system forum covers keep their own JNCCs in the lead: "),
                     ("so the negotiating bodies lead: ", "so the negotiating body leads: "),
                     ("so the national forums lead: ", "so the national forum leads: "),
                     ('"text": "Regional people board', '"text": " Regional people board'),
                     (": 1 proposed redundancy, ", ": 1 proposed redundancies, ")]:
        old_wording = old_wording.replace(new, old)
    old_wording = re.sub(r'(each employer: [^"]*?) leads\.', r'\1 lead.', old_wording)
    old_wording = re.sub(r'Escalation has one level, as no escalates_to link leads on from it: ([^"]*)\."',
                         r'Escalation goes level by level along escalates_to links: \1."', old_wording)
    # 2026-12-07: R10 warns when an employer has ended by the first dismissal
    # (18 lines, the generator's mergers); taking the warning out gives acb74ab's bytes.
    old_wording = re.sub(r', "[^"]* has ended by the first dismissal [^"]*"', "", old_wording)
    old_wording = re.sub(r'"[^"]* has ended by the first dismissal [^"]*"(, )?', "", old_wording)
    check(hashlib.sha256(old_wording.encode()).hexdigest() ==
          "3b7b654968a0eb9ddef4838b601151c0a6e0c95ba69214790a4db79292721f1f",
          "with the old wording, the routed lines equal the previous build's (acb74ab) byte for byte")
    for at in [0, 777, 5000, 99999]:
        check(json.loads(out[at]).get("line") == at + 1, "an error line in place of line %d" % (at + 1))
    head = work("jobs-head.jsonl")
    with open(head, "w") as f:
        f.write("\n".join(lines[:2000]) + "\n")
    for detail in ["rules", "none"]:
        p = subprocess.run([ARGS.spfgov, "route", "--graph", graph, "--issues", head, "--jobs", "2",
                            "--rationale", detail], capture_output=True, timeout=900)
        other = p.stdout.decode().splitlines()
        check(len(other) == 2000, "one line per input line with --rationale " + detail)
        for a, b in zip(out[1:2000], other[1:2000]):
            # The same lines, read from another file: messages name that file.
            ra, rb = json.loads(a), json.loads(b.replace("jobs-head.jsonl", "jobs-issues.jsonl"))
            if "error" in ra:
                check(ra == rb, "error lines unchanged")
                continue
            want = [] if detail == "none" else [{"rule": e["rule"], "source": e["source"]} for e in ra["rationale"]]
            check(rb["rationale"] == want, "--rationale %s: %s" % (detail, rb["rationale"][:2]))
            ra["rationale"] = rb["rationale"] = None
            check(ra == rb, "--rationale changes only the rationale")
    expect(spfgov("route", "--rationale", "some", "-", stdin=""), 2, err=["--rationale"])


@case
def big_graph_huge_pages():
    """A --graph of 6 MiB or more, or an agenda batch of 1 MiB or more, is
    read with glibc's malloc on transparent huge pages (the command runs
    itself again with GLIBC_TUNABLES set) when the kernel gives them only on
    request (THP "madvise"); the arguments and standard input reach the
    relaunched command untouched, and a user's own glibc.malloc.hugetlb
    setting is left alone. A smaller graph, or a route batch (streamed),
    runs as it is, on a heap marked for huge pages."""
    small = fixture("small.json")
    with open(small, encoding="utf-8") as f:
        text = f.read().rstrip()
    big = work("big-graph.json")
    with open(big, "w", encoding="utf-8") as f:
        f.write(text[:-1] + " " * (6 << 20) + "}\n")  # the same graph, 6 MiB of spaces inside
    thp = "/sys/kernel/mm/transparent_hugepage/enabled"
    madvise = False
    if os.path.exists(thp):  # kernels without transparent huge pages have none
        with open(thp) as f:
            madvise = "[madvise]" in f.read()
    issue = json.dumps({"id": "one", "kind": "restructure", "origin": "employer",
                        "affected": [next(b["id"] for b in json.load(open(small))["bodies"] if b["kind"] == "employer")],
                        "date": "2026-06-01"})

    def run(graph, extra_env, want_relaunch=False, joined=False, want_marked=False):
        env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
        env.update(extra_env)
        graph_args = ["--graph=" + graph] if joined else ["--graph", graph]
        p = subprocess.Popen([ARGS.spfgov, "route"] + graph_args + ["--issues", "-"], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # The command waits for its first line once the graph is read; the
        # pid stays the same across exec, and /proc/PID/environ shows the
        # environment of the program now running.
        def environ():
            with open("/proc/%d/environ" % p.pid, "rb") as f:
                return f.read().split(b"\0")
        def running_spfgov():
            with open("/proc/%d/cmdline" % p.pid, "rb") as f:
                return f.read().split(b"\0")[0] == ARGS.spfgov.encode()
        deadline = time.time() + 60
        while not running_spfgov() and time.time() < deadline:
            time.sleep(0.01)
        while want_relaunch and not any(b"hugetlb" in e for e in environ()) and time.time() < deadline:
            time.sleep(0.05)
        seen = environ()
        # Once the graph is read (the command then waits for its line), its
        # heap: a mapping marked for huge pages ("hg" in VmFlags), unless
        # the build brings a sanitizer's malloc.
        marked = False
        sanitized = want_marked and sanitized_build()
        while want_marked and not (marked or sanitized) and time.time() < deadline:
            with open("/proc/%d/smaps" % p.pid, "rb") as f:
                smaps = f.read()
            marked = any(line.startswith(b"VmFlags:") and b" hg" in line for line in smaps.split(b"\n"))
            time.sleep(0.02)
        out, err = p.communicate(issue.encode() + b"\n", timeout=120)
        r = Result([ARGS.spfgov, "route", "--graph", graph, "--issues", "-"], p.returncode,
                   out.decode(), err.decode())
        return r, seen, marked or sanitized

    r, environ, _ = run(big, {}, want_relaunch=madvise)
    expect(r, 0, out=['"issue": "one"'])
    if madvise:
        check(b"GLIBC_TUNABLES=glibc.malloc.hugetlb=1" in environ, "relaunched with huge pages", r)
    r, environ, _ = run(big, {}, want_relaunch=madvise, joined=True)  # --graph=FILE counts too
    expect(r, 0, out=['"issue": "one"'])
    if madvise:
        check(b"GLIBC_TUNABLES=glibc.malloc.hugetlb=1" in environ, "relaunched with huge pages (--graph=FILE)", r)
    r, environ, _ = run(big, {"GLIBC_TUNABLES": "glibc.malloc.hugetlb=0"})
    expect(r, 0, out=['"issue": "one"'])
    check(b"GLIBC_TUNABLES=glibc.malloc.hugetlb=0" in environ, "the user's setting kept", r)
    r, environ, marked = run(small, {}, want_marked=os.path.exists(thp))
    expect(r, 0, out=['"issue": "one"'])
    check(not any(e.startswith(b"GLIBC_TUNABLES") for e in environ), "a small graph runs as it is", r)
    if os.path.exists(thp):
        check(marked, "a small graph's heap marked for huge pages", r)
    # A trim threshold of the user's under the reserve would give it back at
    # once: then nothing is marked, and the command runs as before.
    env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
    env["GLIBC_TUNABLES"] = "glibc.malloc.trim_threshold=131072"
    p = subprocess.Popen([ARGS.spfgov, "route", "--graph", small, "--issues", "-"], env=env,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    waiting = False  # blocked reading its first line (syscall 0, read, on fd 0): past the start
    while not waiting and p.poll() is None and time.time() < deadline:
        with open("/proc/%d/syscall" % p.pid) as f:
            waiting = f.read().startswith("0 0x0 ")
        time.sleep(0.02)
    with open("/proc/%d/smaps" % p.pid, "rb") as f:
        smaps = f.read()
    out, err = p.communicate(issue.encode() + b"\n", timeout=120)
    r = Result([ARGS.spfgov, "route", "--graph", small, "--issues", "-"], p.returncode, out.decode(), err.decode())
    expect(r, 0, out=['"issue": "one"'])
    check(waiting, "the command waited for its line", r)
    check(not any(line.startswith(b"VmFlags:") and b" hg" in line for line in smaps.split(b"\n")),
          "nothing marked under a small trim threshold", r)

    # Programs the command runs get the user's environment, not the malloc
    # settings of the relaunch: a stand-in for Graphviz's dot writes down
    # what it was given.
    fake_bin = work("fake-dot-bin")
    os.makedirs(fake_bin, exist_ok=True)
    seen_by_dot = work("fake-dot-environ")
    with open(os.path.join(fake_bin, "dot"), "w") as f:
        f.write('#!/bin/sh\nenv > "$SPFGOV_TEST_DOT_ENVIRON"\ncat > /dev/null\necho "<svg></svg>"\n')
    os.chmod(os.path.join(fake_bin, "dot"), 0o755)
    one_issue = work("big-graph-issue.json")
    with open(one_issue, "w", encoding="utf-8") as f:
        f.write(issue)

    def dot_environ(graph, extra_env):
        env = {k: v for k, v in os.environ.items() if k not in ("GLIBC_TUNABLES", "SPFGOV_TUNABLES_BEFORE_RELAUNCH")}
        env.update(extra_env, PATH=fake_bin + os.pathsep + os.environ.get("PATH", ""),
                   SPFGOV_TEST_DOT_ENVIRON=seen_by_dot)
        if os.path.exists(seen_by_dot):
            os.remove(seen_by_dot)
        argv = [ARGS.spfgov, "route", "--graph", graph, "--issue", one_issue, "--format", "svg"]
        p = subprocess.run(argv, env=env, capture_output=True, timeout=120)
        r = Result(argv, p.returncode, p.stdout.decode(), p.stderr.decode())
        expect(r, 0, out=["<svg></svg>"])
        with open(seen_by_dot) as f:
            return r, [line for line in f.read().splitlines()
                       if line.startswith(("GLIBC_TUNABLES=", "SPFGOV_TUNABLES_BEFORE_RELAUNCH="))]

    if madvise:  # where the big graph relaunches the command
        r, seen = dot_environ(big, {})
        check(seen == [], "dot gets no GLIBC_TUNABLES after a relaunch: %s" % seen, r)
        r, seen = dot_environ(big, {"GLIBC_TUNABLES": "glibc.malloc.arena_max=4"})
        check(seen == ["GLIBC_TUNABLES=glibc.malloc.arena_max=4"],
              "dot gets the user's own GLIBC_TUNABLES after a relaunch: %s" % seen, r)
    # A marker that the relaunch did not set leaves the user's setting alone.
    r, seen = dot_environ(small, {"GLIBC_TUNABLES": "glibc.malloc.hugetlb=0",
                                  "SPFGOV_TUNABLES_BEFORE_RELAUNCH": "unset"})
    check(seen == ["GLIBC_TUNABLES=glibc.malloc.hugetlb=0"], "a stray marker changes nothing: %s" % seen, r)
    os.remove(big)

    # A batch file of 1 MiB on the small graph: 129 lines, each with a long
    # title. The output of either command (route's 129 lines, ~190 KB;
    # agenda's list with the titles, ~1 MB) is more than a pipe holds
    # (64 KiB), and the pipe is not read until the environment is seen, so
    # the command waits.
    batch = work("big-batch.jsonl")
    lines = 129
    with open(batch, "w", encoding="utf-8") as f:
        for n in range(lines):
            f.write(issue.replace('"one"', '"b%d", "title": "%s"' % (n, "t" * 8200)) + "\n")
    check(os.path.getsize(batch) >= 1 << 20, "the batch file is 1 MiB", None)

    def run_batch(command):
        env = {k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"}
        argv = [ARGS.spfgov, command, "--graph", small, "--issues", batch]
        p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # A relaunch is the first thing the command does: once it has written
        # output it has happened or never will, and the command, its pipe
        # full, waits until we read: its environment is there to see.
        written, _, _ = select.select([p.stdout], [], [], 60)
        seen = []
        if written and p.poll() is None:
            with open("/proc/%d/environ" % p.pid, "rb") as f:
                seen = f.read().split(b"\0")
        check(bool(seen), "%s: environment read while the command waited on its output" % command, None)
        try:
            out, err = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            raise
        r = Result(argv, p.returncode, out.decode(), err.decode())
        expect(r, 0)
        return r, seen

    r, seen = run_batch("route")
    check(r.out.count('"issue": "b') == lines, "every line of the batch routed", r)
    check(not any(e.startswith(b"GLIBC_TUNABLES") for e in seen), "a route batch (streamed) runs as it is", r)
    r, seen = run_batch("agenda")
    check("%d issues" % lines in r.out, "every issue of the batch on the agenda", r)
    if madvise:
        check(b"GLIBC_TUNABLES=glibc.malloc.hugetlb=1" in seen, "a big agenda batch relaunched with huge pages", r)
    os.remove(batch)


@case
def batch_progress():
    """A long batch shows a progress bar when stderr is a terminal (a pty
    here), and not with --no-progress; stdout is the routes either way."""
    import pty
    import threading
    path = work("progress.jsonl")
    subprocess.run([sys.executable, os.path.join(ARGS.source_dir, "tests", "cli", "make_batch.py"),
                    os.path.join(ARGS.source_dir, "data", "england.json"), path, "60000"], check=True)

    def run_on_pty(*extra):
        master, slave = pty.openpty()
        chunks = []

        def drain():  # read the terminal side so the program never blocks on it
            while True:
                try:
                    data = os.read(master, 4096)
                except OSError:
                    return
                if not data:
                    return
                chunks.append(data)

        reader = threading.Thread(target=drain)
        reader.start()
        with open(work("progress.out"), "wb") as out:
            p = subprocess.run([ARGS.spfgov, "route", "--issues", path, *extra], stdout=out, stderr=slave,
                               stdin=subprocess.DEVNULL, timeout=600)
        os.close(slave)
        reader.join(timeout=30)
        os.close(master)
        with open(work("progress.out"), "rb") as f:
            lines = f.read().count(b"\n")
        return p.returncode, b"".join(chunks).decode(errors="replace"), lines

    rc, err, lines = run_on_pty()
    check(rc == 0 and lines == 60000, "60,000 routes on stdout, exit 0 (got %d lines, status %d)" % (lines, rc))
    check("spfgov route [" in err and "lines" in err, "a progress bar on the terminal; it showed: %r" % err[:300])
    rc, err, lines = run_on_pty("--no-progress")
    check(rc == 0 and lines == 60000, "--no-progress: 60,000 routes, exit 0")
    check("spfgov route [" not in err, "--no-progress shows no bar; it showed: %r" % err[:300])


# ------------------------------------------------------------------ export

@case
def export_dot():
    r = expect(spfgov("export", "--format", "dot"), 0,
               out=['digraph "spfgov" {', "subgraph cluster_legend", '"RRK" [label="RRK\\nUniversity Hospitals Birmingham',
                    '"RRK-jncc" -> "QHL-forum" [xlabel="escalates_to (derived)', 'style="dashed"'])
    dot = shutil.which("dot")
    if dot is None:
        print("SKIP: Graphviz dot is not installed")
        sys.exit(SKIP)
    for args in ([], ["--as-of", "2026-11-22"], ["--graph", fixture("small.json")]):
        r = expect(spfgov("export", "--format", "dot", *args), 0)
        p = subprocess.run([dot, "-Tsvg"], input=r.out.encode(), capture_output=True, timeout=120)
        check(p.returncode == 0, "dot -Tsvg renders it: " + p.stderr.decode(errors="replace")[:2000], r)
        check(b"<svg" in p.stdout, "dot produced an SVG", r)


@case
def export_graphml():
    g = england()
    day = "2026-11-22"
    n_all = len(g["bodies"])
    n_day = sum(1 for b in g["bodies"] if valid_on(b, day))
    path, path_day = work("england.graphml"), work("england-day.graphml")
    with open(path, "w") as f:
        f.write(expect(spfgov("export", "--format", "graphml"), 0, out=["<graphml"]).out)
    with open(path_day, "w") as f:
        f.write(expect(spfgov("export", "--format", "graphml", "--as-of", day), 0).out)
    program = r"""
import sys, networkx as nx
G = nx.read_graphml(sys.argv[1])
D = nx.read_graphml(sys.argv[2])
print(G.number_of_nodes(), D.number_of_nodes(), G.number_of_edges())
n = G.nodes['RRK']
print(n['kind'], n['sector'], n['valid_from'], n.get('valid_to', 'OPEN'), n['name'])
e = [d for _, t, d in G.out_edges('RRK-jncc', data=True) if t == 'QHL-forum']
print(e[0]['relation'], e[0]['origin'])
"""
    p = subprocess.run(["/usr/bin/python3", "-c", "import networkx"], capture_output=True)
    if p.returncode != 0:
        print("SKIP: /usr/bin/python3 has no networkx")
        sys.exit(SKIP)
    p = subprocess.run(["/usr/bin/python3", "-c", program, path, path_day], capture_output=True, text=True)
    check(p.returncode == 0, "networkx reads the GraphML: " + p.stderr[-2000:])
    lines = p.stdout.splitlines()
    counts = [int(x) for x in lines[0].split()]
    check(counts[0] == n_all, "every body is a node (%d, expected %d)" % (counts[0], n_all))
    check(counts[1] == n_day, "as of %s: the bodies valid then (%d, expected %d)" % (day, counts[1], n_day))
    check(lines[1].startswith("employer foundation_trust 1995-04-01 OPEN University Hospitals Birmingham"),
          "node attributes kind, sector, valid_from, no valid_to (open), name: " + lines[1])
    check(lines[2] == "escalates_to derived", "edge attributes relation and origin: " + lines[2])


@case
def export_json_round_trip():
    r = expect(spfgov("export", "--format", "json"), 0, out=['"spfgov": 1'])
    path = work("england-export.json")
    with open(path, "w") as f:
        f.write(r.out)
    expect(spfgov("validate", "--graph", path), 0, err=["0 errors"])
    # Routing on the exported graph gives the same bytes as on the built-in graph.
    for issue in ["uhb-restructure.json", "midlands-pathology.json"]:
        a = expect(spfgov("route", "--issue", example(issue)), 0)
        b = expect(spfgov("route", "--graph", path, "--issue", example(issue)), 0)
        check(a.out == b.out, "same route on the exported graph for " + issue, b)
    a = expect(spfgov("route", "--issues", example("batch.jsonl")), 0)
    b = expect(spfgov("route", "--graph", path, "--issues", example("batch.jsonl")), 0)
    check(a.out == b.out, "same batch routes on the exported graph", b)
    # Export of the export is the same text.
    check(spfgov("export", "--graph", path, "--format", "json").out == r.out, "export is a fixed point", r)
    # As of a date: only what is valid then.
    r = expect(spfgov("export", "--format", "json", "--as-of", "2026-11-22"), 0)
    check(json.loads(r.out)["spfgov"] == 1, "as-of export is a graph file", r)


# ------------------------------------------------------------------ generate

@case
def generate():
    r = expect(spfgov("generate", "--employers", "200", "--seed", "7"), 0, out=['"spfgov": 1'])
    check(r.out == spfgov("generate", "--employers", "200", "--seed", "7").out, "same seed, same graph", r)
    # Seeds are decimal: 010 is 10 (CLI11 alone read it as octal 8), and differs from 8.
    ten = spfgov("generate", "--employers", "20", "--seed", "10", "--issues", "5").out
    check(spfgov("generate", "--employers", "20", "--seed", "010", "--issues", "5").out == ten
          and spfgov("generate", "--employers", "20", "--seed", "8", "--issues", "5").out != ten, "--seed 010 is 10", r)
    graph = work("generated.json")
    with open(graph, "w") as f:
        f.write(r.out)
    expect(spfgov("validate", "--graph", graph), 0, err=["0 errors"])
    r = expect(spfgov("generate", "--employers", "200", "--seed", "7", "--issues", "300"), 0)
    lines = r.out.splitlines()
    check(len(lines) == 300, "300 issues, one a line", r)
    for line in lines:
        issue = json.loads(line)
        check({"id", "kind", "origin", "affected", "date"} <= set(issue), "an issue object", r)
    issues = work("generated.jsonl")
    with open(issues, "w") as f:
        f.write(r.out)
    r = expect(spfgov("route", "--graph", graph, "--issues", issues), 0)
    check(len(r.out.splitlines()) == 300 and '"error"' not in r.out, "every generated issue routes", r)


# ------------------------------------------------------------------ policy and test

@case
def policy_print():
    """spfgov policy prints the default policy; routing with it is byte-identical."""
    r = expect(spfgov("policy"), 0, out=["spfgov-policy: 1", "statutory_bands:", "papers_days: 5", "R11:", "custom_rules:"])
    check(r.err == "", "nothing on stderr", r)
    path = work("default.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(r.out)
    for issue in ("uhb-restructure.json", "midlands-pathology.json"):
        plain = expect(spfgov("route", "--issue", example(issue)), 0)
        mine = expect(spfgov("route", "--issue", example(issue), "--policy", path), 0)
        check(plain.out == mine.out, "the printed default policy routes byte-identically (%s)" % issue, mine)


@case
def route_policy():
    """--policy changes the route; a policy that cannot be loaded: exit 1, nothing on stdout."""
    plain = json.loads(expect(spfgov("route", "--issue", example("midlands-pathology.json")), 0).out)
    mine = json.loads(expect(spfgov("route", "--issue", example("midlands-pathology.json"),
                                    "--policy", fixture("policy-no-r4.yaml")), 0).out)
    check("R4" in [e["rule"] for e in plain["rationale"]], "R4 fires by default")
    check("R4" not in [e["rule"] for e in mine["rationale"]], "R4 switched off by the policy")
    # The reports say which policy made the route, and what it changes; without --policy they say nothing of it.
    said = "without system discussion (switches off R4)"
    expect(spfgov("route", "--issue", example("midlands-pathology.json"), "--policy", fixture("policy-no-r4.yaml"),
                  "--format", "text"), 0, out=["\nScope: region\nPolicy: " + said + "\n"])
    expect(spfgov("route", "--issue", example("midlands-pathology.json"), "--policy", fixture("policy-no-r4.yaml"),
                  "--format", "html"), 0, out=["<dt>Policy</dt><dd>" + said + "</dd>"])
    with open(example("batch.jsonl")) as f, open(work("two.jsonl"), "w") as two:
        two.writelines(f.readlines()[:2])
    r = expect(spfgov("route", "--issues", work("two.jsonl"), "--policy", fixture("policy-no-r4.yaml"), "--format", "text"), 0)
    check(r.out.count("Policy: " + said + "\n") == 2, "each route of a batch's text report names it", r)
    r = expect(spfgov("route", "--issues", work("two.jsonl"), "--policy", fixture("policy-no-r4.yaml"), "--format", "html"), 0)
    check(r.out.count("<dt>Policy</dt><dd>" + said + "</dd>") == 2, "and of the batch's page", r)
    for form in ("text", "html"):
        r = expect(spfgov("route", "--issue", example("midlands-pathology.json"), "--format", form), 0)
        check("Policy" not in r.out, "no policy line without --policy (%s)" % form, r)
    # A policy giving only a new law's table drops today's: said once, when it is loaded, by every command.
    future = work("future-only.yaml")
    with open(future, "w") as f:
        f.write("spfgov-policy: 1\nname: only the new law\nbased_on: default\nparameters:\n  statutory_bands:\n"
                "    - {from: 2027-04-06, authority: A hypothetical Order, bands: [{min: 10, days: 30}]}\n")
    gap = ("warning: policy %s: statutory_bands begins on 2027-04-06: a redundancy proposed before then gets no "
           "statutory date (R10); to keep the law before it, list the earlier tables too (`spfgov policy` prints the "
           "default ones)\n" % future)
    for argv in (("route", "--issue", example("uhb-restructure.json")), ("redundancies", "--issues", example("batch.jsonl")),
                 ("agenda", "--issues", example("batch.jsonl")), ("diff", "--issues", example("batch.jsonl"), "--vs-as-of",
                                                                 "2027-01-01")):
        r = expect(spfgov(*argv, "--policy", future), 0, err=[gap])
        check(r.err.count("statutory_bands begins") == 1, "said once (%s)" % argv[0], r)
    r = expect(spfgov("diff", "--issues", example("batch.jsonl"), "--policy", future, "--vs-policy", future), 0, err=[gap])
    check(r.err.count("statutory_bands begins") == 1, "the same file for both runs: said once", r)
    # The agenda's pages name the policy at their top, and why its items have no statutory date (a
    # printed plan keeps what stderr said); CSV and the calendar have no place for it.
    r = expect(spfgov("agenda", "--issues", example("batch.jsonl"), "--policy", future), 0)
    check(r.out.startswith("Policy: only the new law (has its own statutory tables (R10))\n  statutory_bands begins "
                           "on 2027-04-06: a redundancy proposed before then gets\n"), "the agenda's text names it", r)
    r = expect(spfgov("agenda", "--issues", example("batch.jsonl"), "--policy", future, "--format", "html"), 0,
               out=["</h1>\n<p><strong>Policy:</strong> only the new law (has its own statutory tables (R10))</p>\n"
                    "<p class=\"after\">statutory_bands begins on 2027-04-06: a redundancy proposed before then"])
    r = expect(spfgov("agenda", "--issues", example("batch.jsonl"), "--policy", fixture("policy-no-r4.yaml")), 0,
               out_not=["statutory_bands"])
    check(r.out.startswith("Policy: " + said + "\n\n"), "a policy keeping the default tables: named, nothing more", r)
    for form in ("text", "html"):
        r = expect(spfgov("agenda", "--issues", example("batch.jsonl"), "--format", form), 0)
        check("Policy" not in r.out, "no policy line without --policy (agenda, %s)" % form, r)
    expect(spfgov("agenda", "--issues", example("batch.jsonl"), "--policy", future, "--format", "csv"), 0,
           out_not=["Policy", "statutory_bands"])
    scenario = work("future-scenario.yaml")
    with open(scenario, "w") as f:
        f.write("spfgov-scenarios: 1\ngraph: england\npolicy: future-only.yaml\ncases:\n  - name: no date before the law\n"
                "    issue: {id: T1, kind: redundancy, origin: employer, affected: [RRK], date: 2026-11-22,\n"
                "            redundancies: {RRK: 25}, first_dismissal: 2027-03-01}\n    expect: {deadlines: []}\n")
    r = expect(spfgov("test", scenario), 0, out=["PASS no date before the law"],
               err=["%s:3:9: policy future-only.yaml: statutory_bands begins on 2027-04-06" % scenario])
    r = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--policy", fixture("policy-no-r4.yaml")), 0)
    check("statutory_bands" not in r.err, "nothing said of a policy keeping the default tables", r)
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--policy", fixture("policy-bad.yaml")), 1,
           err=["policy.unknown_selector", "policy-bad.yaml:6:", "custom_rules[0].add.of", "affected_trusts", "expected"],
           out_empty=True)
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--policy", work("missing.yaml")), 1,
           err=["policy.cannot_open", "missing.yaml"], out_empty=True)
    expect(spfgov("test", fixture("scenario-failing.yaml"), "--policy", fixture("policy-bad.yaml")), 1,
           err=["policy.unknown_selector"], out_empty=True)


def diff_lines(r):
    return [json.loads(x) for x in r.out.splitlines()]


@case
def diff_as_of():
    """diff --as-of A --vs-as-of B: the same batch on two dates; one JSON line per
    changed issue (its line number), the summary on stderr; --format text prints it."""
    lines = [
        # Before 2027-04-01 QHL-icb exists; with the merger overlay it ends then.
        '{"id": "same", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-05-01"}',
        '{"id": "icb", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["QHL-icb"], "date": "2027-05-01"}',
        '{"id": "broken", "kind": "nope"}',
    ]
    path = work("diff-as-of.jsonl")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    overlay = os.path.join(ARGS.source_dir, "examples", "overlays", "hypothetical-bsbc-icb-merger.json")
    r = expect(spfgov("diff", "--graph", "england", "--graph", overlay, "--issues", path,
                      "--as-of", "2027-03-01", "--vs-as-of", "2027-05-01"), 0,
               err=["1 of 3 routes changes (1 line could not be routed in either run, so was not compared)",
                    "  not routed in either run, the same error both times: 1 unknown_kind"])
    out = diff_lines(r)
    check(len(out) == 1 and out[0]["issue"] == "icb" and out[0]["line"] == 2, "only line 2 changes", r)
    check(out[0]["consult"] == {"added": ["BSBC-icb-jncc"], "removed": ["QHL-icb-jncc"]},
          "QHL-icb's JNCC gives way to the merged ICB's", r)
    check("error" not in out[0], "a line failing the same way in both runs is no change", r)
    text = expect(spfgov("diff", "--graph", "england", "--graph", overlay, "--issues", path,
                         "--as-of", "2027-03-01", "--vs-as-of", "2027-05-01", "--format", "text"), 0,
                  out=["1 of 3 routes changes (1 line could not be routed in either run, so was not compared): "
                       "1 gains BSBC-icb-jncc in consult, 1 loses QHL-icb-jncc from consult",
                       "  consult: 1 route changes"])
    check(text.err == "", "--format text: nothing on stderr", text)
    none = expect(spfgov("diff", "--issues", path, "--as-of", "2026-06-01", "--vs-as-of", "2026-06-01"), 0,
                  err=["0 of 3 routes change (1 line could not be routed"])
    check(none.out == "", "the same date twice: no lines", none)


@case
def an_overlay_given_alone_is_told_to_give_england_first():
    """An overlay given as the only graph names England's bodies it does not hold: the errors say so, and how to fix it."""
    overlay = os.path.join(ARGS.source_dir, "examples", "overlays", "hypothetical-bsbc-icb-merger.json")
    hint = ("names bodies it does not hold that the built-in England graph has (",
            "): if it is an overlay on England, give England first: --graph england --graph " + overlay)
    r = expect(spfgov("validate", "--graph", overlay), 1, err=list(hint))
    r = expect(spfgov("route", "--graph", overlay, "--issue", os.path.join(ARGS.source_dir, "examples", "issues",
                                                                           "uhb-restructure.json")), 1, err=list(hint))
    check("dangling_reference" in r.err, "the errors themselves are still listed", r)
    # With England first, or a graph of its own with a dangling id England lacks: no such note.
    expect(spfgov("validate", "--graph", "england", "--graph", overlay), 0)
    lone = work("lone-dangling.json")
    with open(lone, "w") as f:
        f.write('{"spfgov": 1, "bodies": [{"id": "S", "kind": "system", "region": "NOWHERE"}]}')
    r = expect(spfgov("validate", "--graph", lone), 1)
    check("built-in England graph has" not in r.err, "no England hint for ids England lacks", r)


@case
def diff_graph():
    """diff --graph G --vs-graph G --vs-graph OVERLAY: the what-if of an overlay, per issue."""
    path = work("diff-graph.jsonl")
    with open(path, "w") as f:
        for k, employer in enumerate(["QHL-icb", "QUA-icb", "RRK", "QHL-icb"]):
            f.write(json.dumps({"id": "G%d" % k, "title": "t", "kind": "restructure", "origin": "employer",
                                "affected": [employer], "date": "2027-06-01"}) + "\n")
    overlay = os.path.join(ARGS.source_dir, "examples", "overlays", "hypothetical-bsbc-icb-merger.json")
    r = expect(spfgov("diff", "--issues", path, "--vs-graph", "england", "--vs-graph", overlay), 0,
               err=["3 of 4 routes change", "2 lose QHL-icb-jncc from consult", "3 gain BSBC-icb-jncc in consult"])
    out = diff_lines(r)
    check([x["line"] for x in out] == [1, 2, 4], "lines 1, 2 and 4 change (RRK does not)", r)
    check(out[1]["consult"] == {"added": ["BSBC-icb-jncc"], "removed": ["QUA-icb-jncc"]}, "QUA-icb too", r)
    # Reversed, added and removed swap.
    back = diff_lines(expect(spfgov("diff", "--issues", path, "--graph", "england", "--graph", overlay,
                                    "--vs-graph", "england"), 0))
    check(back[0]["consult"] == {"added": ["QHL-icb-jncc"], "removed": ["BSBC-icb-jncc"]}, "reversed", r)
    expect(spfgov("diff", "--issues", path, "--vs-graph", fixture("malformed.json")), 1,
           err=["malformed.json"], out_empty=True)


@case
def diff_policy():
    """diff --policy P --vs-policy Q (or the default policy against Q)."""
    path = work("diff-policy.jsonl")
    with open(example("midlands-pathology.json")) as f:
        issue = json.load(f)
    with open(path, "w") as f:
        f.write(json.dumps(issue) + "\n")
    route = json.loads(expect(spfgov("route", "--issue", example("midlands-pathology.json")), 0).out)
    mine = json.loads(expect(spfgov("route", "--issue", example("midlands-pathology.json"),
                                    "--policy", fixture("policy-no-r4.yaml")), 0).out)
    r = expect(spfgov("diff", "--issues", path, "--vs-policy", fixture("policy-no-r4.yaml")), 0,
               err=["1 of 1 route changes"])
    out = diff_lines(r)
    check(len(out) == 1 and out[0]["issue"] == issue["id"], "the issue changes", r)
    for role in ("lead", "negotiate", "consult", "engage", "inform"):
        want = {"added": sorted(set(mine[role]) - set(route[role])), "removed": sorted(set(route[role]) - set(mine[role]))}
        if want["added"] or want["removed"]:
            check(out[0].get(role) == want, "%s: the set difference of the two routes" % role, r)
        else:
            check(role not in out[0], "%s unchanged: not in the line" % role, r)
    check(out[0].get("engage", {}).get("removed"), "R4's system forums leave engage", r)
    same = expect(spfgov("diff", "--issues", path, "--policy", fixture("policy-no-r4.yaml"),
                         "--vs-policy", fixture("policy-no-r4.yaml")), 0, err=["0 of 1 route changes"])
    check(same.out == "", "the same policy twice: no lines", same)
    expect(spfgov("diff", "--issues", path, "--vs-policy", fixture("policy-bad.yaml")), 1,
           err=["policy.unknown_selector"], out_empty=True)


@case
def diff_usage():
    """diff with nothing to compare, or two inputs on stdin: usage errors (exit 2)."""
    expect(spfgov("diff", "--issues", example("batch.jsonl")), 2, err=["nothing to compare"], out_empty=True)
    expect(spfgov("diff", "--issues", "-", "--vs-graph", "-"), 2, err=["standard input"], out_empty=True)
    expect(spfgov("diff", "--issues", example("batch.jsonl"), "--vs-as-of", "2026-02-30"), 2, out_empty=True)
    expect(spfgov("diff", "--issues", example("batch.jsonl"), "--vs-as-of", "2026-05-01", "--format", "csv"), 2,
           out_empty=True)


@case
def idle_custom_rule_warned():
    """A custom rule that can never add a body on the graph is a warning, not silence; routing goes on."""
    policy = os.path.join(ARGS.source_dir, "tests", "scenarios", "policies", "custom-inform.yaml")
    r = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--policy", policy), 0,
               err=["warning: policy", "custom rule X1 (regional_people_board of affected_regions) never adds a body: "
                    "the graph has no regional_people_board at any date"])
    check(json.loads(r.out)["issue"] == "UHB-estates-2027", "the route is still written", r)
    two_regions = os.path.join(ARGS.source_dir, "tests", "scenarios", "graphs", "two-regions.json")
    r = expect(spfgov("route", "--graph", two_regions, "--issue", example("uhb-restructure.json"), "--policy", policy), 0)
    check("never adds a body" not in r.err, "no warning on a graph with regional people boards", r)


@case
def unknown_issue_key_warned():
    """A single issue's unknown key is ignored, as the contract says, but with a warning naming the nearest key."""
    path = work("misspelt.json")
    with open(path, "w") as f:
        f.write('{"x-our-ref": "HR-12", "id": "T", "kind": "restructure", "origin": "system", "affected": ["RRK"], '
                '"date": "2026-11-22", "system_process_agred": true, "say \\"hi\\"": 1}')
    r = expect(spfgov("route", "--issue", path), 0,
               err=['warning: ' + path + ': unknown key "system_process_agred" is ignored (did you mean '
                    '"system_process_agreed"?)', 'unknown key "x-our-ref" is ignored',
                    'unknown key "say \\"hi\\"" is ignored'])
    check("x-our-ref\" is ignored (did you mean" not in r.err, "no suggestion for a key far from every key", r)
    check(r.err.index("x-our-ref") < r.err.index("system_process_agred"), "warnings in the file's order", r)
    check(json.loads(r.out)["lead"] == ["RRK-jncc"], "routed without the misspelt field (no system-led process)", r)
    # The route says it too, where a report's reader looks: the likely typo, not the team's own columns.
    said = ('the issue\'s key "system_process_agred" is not one spfgov reads and was ignored (did you mean '
            '"system_process_agreed"?): the route is made without it')
    check(json.loads(r.out)["warnings"] == [said], "the route's warnings name the misspelt key alone", r)
    text = expect(spfgov("route", "--issue", path, "--format", "text"), 0)
    check(re.sub(r"\s+", " ", text.out.split("Warnings (1):", 1)[-1]).strip() == "- " + said,
          "the text report's warnings name it", text)
    page = expect(spfgov("route", "--issue", path, "--format", "html"), 0)
    check(said in html_module.unescape(page.out), "the HTML report's warnings name it", page)
    many = work("many-keys.json")
    with open(many, "w") as f:
        f.write('{"id": "T", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-11-22", '
                + ", ".join('"extra%d": %d' % (n, n) for n in range(25)) + '}')
    r = expect(spfgov("route", "--issue", many), 0, err=["and 15 more unknown keys, ignored"])
    check(r.err.count("is ignored") == 10, "ten warnings, then a count", r)


@case
def batch_unknown_keys_warned_once_a_key():
    """A batch warns of each unknown key once, at its first line, with a count of its lines at the end."""
    path = work("misspelt.jsonl")
    lines = []
    for n in range(6):
        issue = {"id": "T%d" % n, "kind": "restructure", "origin": "system", "affected": ["RRK"], "date": "2026-11-22"}
        if n in (1, 3, 4):
            issue["system_process_agred"] = True
        if n == 4:
            issue["x-ref"] = "A"
        lines.append(json.dumps(issue))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    first = 'warning: %s:2: unknown key "system_process_agred" is ignored (did you mean "system_process_agreed"?)' % path
    count = 'warning: %s: unknown key "system_process_agred" was ignored on 3 lines' % path
    outputs = []
    for jobs in ("1", "2"):
        r = expect(spfgov("route", "--issues", path, "--jobs", jobs), 0,
                   err=[first, 'warning: %s:5: unknown key "x-ref" is ignored\n' % path, count])
        check(r.err.count("system_process_agred") == 2, "one warning for the key, and one count", r)
        check(r.err.index(":2: unknown key") < r.err.index(":5: unknown key") < r.err.index("on 3 lines"),
              "warnings in line order, the count at the end", r)
        outputs.append(r.out)
        routes = [json.loads(line) for line in r.out.splitlines()]
        check([len(x["warnings"]) for x in routes] == [0, 1, 0, 1, 1, 0] and
              all("system_process_agred" in x["warnings"][0] for x in routes if x["warnings"]),
              "each line with the misspelt key says so in its route; x-ref, a column of the team's own, does not", r)
    check(outputs[0] == outputs[1], "--jobs 1 and --jobs 2 route alike", outputs)
    expect(spfgov("agenda", "--issues", path), 0, err=[first, count])
    expect(spfgov("redundancies", "--issues", path), 0, err=[first, count])
    html = expect(spfgov("route", "--issues", path, "--format", "html"), 0, err=[first, count])
    check(html_module.unescape(html.out).count('the issue\'s key "system_process_agred"') == 3,
          "the page says it on each route", html)
    r = expect(spfgov("diff", "--issues", path, "--vs-as-of", "2026-11-23"), 0, err=[first, count])
    check(r.err.count("system_process_agred") == 2, "diff reads each line twice and warns once", r)
    # A line that reads but fails to route (unknown_id) is warned of too, by diff as by route.
    unrouted = work("unrouted-misspelt.jsonl")
    with open(unrouted, "w") as f:
        f.write(json.dumps({"id": "U", "kind": "restructure", "origin": "employer", "affected": ["NOPE"],
                            "date": "2026-11-22", "titel": "x"}) + "\n")
    warning = 'warning: %s:1: unknown key "titel" is ignored (did you mean "title"?)' % unrouted
    expect(spfgov("route", "--issues", unrouted), 1, err=[warning])
    expect(spfgov("diff", "--issues", unrouted, "--vs-as-of", "2026-11-23"), 0, err=[warning])
    # A typo after thousands of distinct stray keys (past the nearness cache's bound) is still said in its route.
    crowded = work("crowded-keys.jsonl")
    with open(crowded, "w") as f:
        for n in range(4200):
            f.write(json.dumps({"id": "K%d" % n, "kind": "restructure", "origin": "employer", "affected": ["RRK"],
                                "date": "2026-11-22", "stray_column_%05d" % n: 1}) + "\n")
        f.write(json.dumps({"id": "TYPO", "kind": "redundancy", "origin": "employer", "affected": ["RRK"],
                            "date": "2026-11-22", "redundancies": {"RRK": 25}, "first_dismisal": "2027-03-01"}) + "\n")
    r = expect(spfgov("route", "--issues", crowded, "--jobs", "1", "--rationale", "none"), 0)
    last = json.loads(r.out.splitlines()[-1])
    check(any('did you mean "first_dismissal"' in w for w in last["warnings"]), "the typo's route says it: %r" % last, r)
    # Stray keys galore: ten warned, the rest counted.
    many = work("many-keys.jsonl")
    with open(many, "w") as f:
        for n in range(3):
            f.write(json.dumps(dict({"id": "T%d" % n, "kind": "restructure", "origin": "employer", "affected": ["RRK"],
                                     "date": "2026-11-22"}, **{"stray%d_%d" % (n, k): k for k in range(6)})) + "\n")
    r = expect(spfgov("route", "--issues", many), 0, err=["and other unknown keys on 2 lines, ignored"])
    check(r.err.count(" is ignored") == 10, "ten keys warned of", r)
    # ... but a likely typo (near an issue key) is named after ten bookkeeping
    # columns: it changes who leads (an analyst's trial).
    typo = work("typo-after-columns.jsonl")
    with open(typo, "w") as f:
        for n in range(3):
            f.write(json.dumps(dict({"id": "T%d" % n, "kind": "restructure", "origin": "employer", "affected": ["RRK"],
                                     "date": "2026-11-22"}, **{"extra_col_%d" % k: k for k in range(12)},
                                    system_process_agred=True)) + "\n")
    r = expect(spfgov("route", "--issues", typo), 0,
               err=['%s:1: unknown key "system_process_agred" is ignored (did you mean "system_process_agreed"?)' % typo,
                    "and other unknown keys on 3 lines, ignored"])
    check(r.err.count(" is ignored") == 11 and '"extra_col_10"' not in r.err, "ten columns and the typo named", r)
    # A key of 100,000 bytes is named cut, with its length: not 100 KB of warning.
    huge = work("huge-key.jsonl")
    with open(huge, "w") as f:
        for n in range(2):
            f.write(json.dumps({"id": "H%d" % n, "kind": "restructure", "origin": "employer", "affected": ["RRK"],
                                "date": "2026-11-22", "k" * 100000: 1}) + "\n")
    r = expect(spfgov("route", "--issues", huge), 0,
               err=['unknown key "' + "k" * 256 + '..." (100000 bytes) is ignored',
                    'unknown key "' + "k" * 256 + '..." (100000 bytes) was ignored on 2 lines'])
    check(len(r.err) < 2000, "the warnings are short", len(r.err))
    # A line too long to read does not inherit the keys of the line before it
    # (its slot's last notes), on any number of jobs.
    long_after = work("long-after-misspelt.jsonl")
    with open(long_after, "w") as f:
        f.write(lines[1] + "\n" + json.dumps({"id": "L", "title": "x" * (1 << 20)}) + "\n")
    for argv in (["route", "--jobs", "1"], ["route", "--jobs", "2"], ["agenda"], ["redundancies"]):
        r = expect(spfgov(*argv, "--issues", long_after), 1, err=[long_after + ':1: unknown key "system_process_agred"'])
        check(r.err.count("system_process_agred") == 1 and "on 2 lines" not in r.err,
              "the key warned of once, on its one line, not counted on the long line: " + " ".join(argv), r)
    # A batch of known keys alone says nothing.
    r = expect(spfgov("route", "--issues", example("batch.jsonl")), 0)
    check("unknown key" not in r.err, "no warning for known keys", r)


@case
def progress_bar_makes_room_for_warnings_and_errors():
    """On a terminal, a warning or error in a long batch starts its own line: the progress bar is erased first."""
    path = work("long-batch.jsonl")
    plain = '{"id": "T%d", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-11-22"}\n'
    with open(path, "w") as f:
        for n in range(1, 60001):
            if n == 55000:
                f.write('{"id": "K", "kind": "restructure", "origin": "employer", "affected": ["RRK"], '
                        '"date": "2026-11-22", "titel": "x"}\n')
            elif n == 56000:
                f.write('{"id": "E", "kind": "restructure", "origin": "employer", "affected": ["NOPE"], "date": "2026-11-22"}\n')
            else:
                f.write(plain % n)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["NO_COLOR"] = "1"
    err = on_terminal("route", "--issues", path, "--format", "memberships-csv", "--jobs", "2", env=env, stdout_too=False)
    check("spfgov route: " in err or "spfgov route [" in err, "the bar was drawn (50,000 lines): %r" % err[-300:])
    for message in ("spfgov: warning: %s:55000: unknown key" % path, "spfgov: error: unknown_id"):
        at = err.find(message)
        check(at > 0, "%s on the terminal: %r" % (message, err[-600:]))
        check(err[max(0, at - 4):at] == "\r\x1b[K" or err[at - 1] == "\n",
              "%s starts its own line, the bar erased: %r" % (message, err[max(0, at - 80):at + 20]))


@case
def issue_and_batch_options_swapped_get_a_note():
    """An issue file given as a batch, a JSON array given as a batch, or a batch given as one issue: a note says what to do."""
    single = example("uhb-restructure.json")  # pretty-printed over 11 lines
    for command in (["route"], ["agenda"], ["redundancies"]):
        r = expect(spfgov(*command, "--issues", single), 1,
                   err=[single + " looks like one issue written over several lines", "jq -c . " + single,
                        "spfgov route --issue " + single, "11 of 11 lines could not be"])
    array = work("array.json")
    with open(example("batch.jsonl")) as f:
        issues = [json.loads(line) for line in f][:3]
    with open(array, "w") as f:
        json.dump(issues, f, indent=1)
    expect(spfgov("route", "--issues", array), 1, err=[array + " looks like a JSON array", "jq -c '.[]' " + array])
    expect(spfgov("route", "--issue", example("batch.jsonl")), 1,
           err=["trailing_data", example("batch.jsonl") + " holds more than one JSON value; a batch, one issue a line, "
                "is routed with --issues " + example("batch.jsonl")], out_empty=True)
    # Stray text after an issue is not a second issue: located where it starts, no batch note.
    stray = work("stray.json")
    with open(stray, "w") as f:
        f.write('{"id": "a"} trailing\n')
    r = expect(spfgov("route", "--issue", stray), 1,
               err=[stray + ':1:13: at byte 12: more text after the JSON value: "trailing"'], out_empty=True)
    check("note:" not in r.err, "no batch note for stray text", r)
    with open(stray, "w") as f:
        f.write('{"id": "a"} {"id": "b"}\n')  # two values on one line: --issues would refuse it too
    r = expect(spfgov("route", "--issue", stray), 1, err=["trailing_data"], out_empty=True)
    check("note:" not in r.err, "no batch note for two values on one line", r)
    # A batch whose lines merely fail gets no such note.
    bad = work("bad-lines.jsonl")
    with open(bad, "w") as f:
        f.write("{not json\n{\"id\": 1}\n")
    r = expect(spfgov("route", "--issues", bad), 1, err=["2 of 2 lines could not be routed"])
    check("note:" not in r.err, "no note for a batch whose lines fail", r)


@case
def an_overlay_given_without_its_own_graph_option_is_named():
    """--graph takes one file: `--graph base.json overlay.json` names the overlay and the fix, never the false
    "--issue excludes stdin" route said when an issue option came after it."""
    scenarios = os.path.join(ARGS.source_dir, "tests", "scenarios")
    base = os.path.join(scenarios, "graphs", "two-regions.json")
    overlay = os.path.join(scenarios, "overlays", "two-trusts-merged.json")
    fix = "an overlay needs its own --graph (--graph base.json --graph %s)" % overlay
    for option in ("--issue", "--issues"):
        r = expect(spfgov("route", "--graph", base, overlay, option, example("uhb-restructure.json")), 2,
                   err=["spfgov: error: unexpected argument '%s': %s; the issues come from --issue FILE" % (overlay, fix)],
                   out_empty=True)
        check("excludes" not in r.err, "no false clash", r)
    expect(spfgov("validate", "--graph", base, overlay), 2,
           err=["The following argument was not expected: %s; %s" % (overlay, fix)], out_empty=True)
    r = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "stray"), 2,
               err=["unexpected argument 'stray': the issues come from --issue FILE"], out_empty=True)
    check("overlay" not in r.err, "no overlay hint for a word that is not a .json file", r)
    # No --graph at all: a forgotten --graph or --issue, not an overlay.
    expect(spfgov("validate", base), 2,
           err=["The following argument was not expected: %s; a graph file comes after --graph (--graph %s)"
                % (base, base)], out_empty=True)
    r = expect(spfgov("route", example("uhb-restructure.json")), 2,
               err=["route: unexpected argument '%s': the issues come from --issue FILE"
                    % example("uhb-restructure.json")], out_empty=True)
    check("overlay" not in r.err, "no overlay hint without a --graph", r)
    expect(spfgov("route", "-", example("uhb-restructure.json"), stdin=""), 2,
           err=["The following argument was not expected: %s; the issues come from --issue FILE"
                % example("uhb-restructure.json")], out_empty=True)


@case
def a_trust_the_built_in_graph_lacks_is_said_to_be_missing_from_its_data():
    """TAH (a real trust whose ODS code begins with T) is not in the etr snapshot the built-in graph is made from:
    the error says what the graph holds and how to add it, rather than leave it looking like a typo; a file graph
    gets no such note."""
    path = work("tah.json")
    with open(path, "w") as f:
        f.write(json.dumps({"id": "X", "kind": "restructure", "origin": "employer", "affected": ["TAH"],
                            "date": "2026-11-02"}))
    expect(spfgov("route", "--issue", path), 1,
           err=['"TAH": no body with this id in the graph; the built-in England graph holds the NHS trusts of '
                "ODS's etr file (a 2025 snapshot; codes beginning R), with the CCGs, ICBs and regions: an organisation "
                "it lacks can be added in an overlay (--graph england --graph mine.json; docs/formats.md)"],
           out_empty=True)
    r = expect(spfgov("route", "--graph", os.path.join(ARGS.source_dir, "tests", "scenarios", "graphs",
                                                      "two-regions.json"), "--issue", path), 1, out_empty=True)
    check("built-in England graph" not in r.err, "no note for a graph file", r)
    # TAJ (Black Country Healthcare) is one letter from RAJ: the near id and the note, since a T code is a trust.
    with open(path, "w") as f:
        f.write(json.dumps({"id": "X", "kind": "restructure", "origin": "employer", "affected": ["TAJ"],
                            "date": "2026-11-02"}))
    expect(spfgov("route", "--issue", path), 1,
           err=['"TAJ": no body with this id in the graph (did you mean "RAJ"?); the built-in England graph holds'],
           out_empty=True)
    # A typo of an R code gets the near id alone.
    with open(path, "w") as f:
        f.write(json.dumps({"id": "X", "kind": "restructure", "origin": "employer", "affected": ["RHQQ"],
                            "date": "2026-11-02"}))
    r = expect(spfgov("route", "--issue", path), 1, err=['(did you mean "RHQ"?)'], out_empty=True)
    check("built-in England graph holds" not in r.err, "no data note for a near typo", r)
    # An id the graph has, in lower case: routing names it; no data note.
    with open(path, "w") as f:
        f.write(json.dumps({"id": "X", "kind": "restructure", "origin": "employer", "affected": ["rmc"],
                            "date": "2026-11-02"}))
    r = expect(spfgov("route", "--issue", path), 1, err=['(did you mean "RMC"?)'], out_empty=True)
    check("built-in England graph holds" not in r.err, "no data note for an id in the wrong case", r)


@case
def mistyped_words_suggest_nearest():
    """A mistyped option, command or built-in graph name names the nearest one; a word far from all names none."""
    r = expect(spfgov("route", "--grpah", "england", "--issue", example("uhb-restructure.json")), 2,
               err=["--grpah", "(did you mean '--graph'?)", "Run 'spfgov route --help'"], out_empty=True)
    r = expect(spfgov("agenda", "--bdy", "RRK"), 2,
               err=["--issues is required; --bdy is not an option (did you mean '--body'?)"], out_empty=True)
    # After --issue, the mistyped option is taken as the stdin argument: CLI11's
    # "--issue excludes stdin" would be false, so the hint is said alone.
    r = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--fromat", "text"), 2,
               err=["spfgov: error: --fromat is not an option (did you mean '--format'?)\n"], out_empty=True)
    check("excludes" not in r.err, "no false 'excludes stdin' for a mistyped option", r)
    # A real clash is still named, also beside a mistyped option.
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "-"), 2, err=["--issue excludes stdin"],
           out_empty=True)
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "-", "--fromat", "json"), 2,
           err=["--issue excludes stdin; --fromat is not an option (did you mean '--format'?)"], out_empty=True)
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--issues", example("uhb-restructure.json"),
                  "--fromat", "json"), 2,
           err=["--issue excludes --issues; --fromat is not an option (did you mean '--format'?)"], out_empty=True)
    r = expect(spfgov("route", "--frobnicate"), 2, err=["--frobnicate"], out_empty=True)
    check("did you mean" not in r.err, "no suggestion for an option far from every option", r)
    r = expect(spfgov("bogus"), 2, err=["unknown command 'bogus' (the commands: "], out_empty=True)
    check("did you mean" not in r.err, "no suggestion for a command far from every command", r)
    expect(spfgov("ruote"), 2, err=["unknown command 'ruote'; did you mean 'route'?"], out_empty=True)
    expect(spfgov("route", "--graph", "englnd", "--issue", example("uhb-restructure.json")), 1,
           err=['cannot_open: englnd: cannot open', '(did you mean "england"?)'], out_empty=True)
    r = expect(spfgov("route", "--graph", work("englnd"), "--issue", example("uhb-restructure.json")), 1,
               err=["cannot_open"], out_empty=True)
    check("did you mean" not in r.err, "no suggestion for a path", r)


@case
def cli11_errors_show_control_characters_visibly():
    """A value CLI11 rejects is quoted in its error: an escape sequence in it is shown, not sent to the terminal."""
    r = expect(spfgov("route", "--jobs", "\x1b[31mred", "--issues", "-", stdin=""), 2,
               err=["\\u001b[31mred"], out_empty=True)
    check("\x1b" not in r.err, "no ESC reaches stderr", r)
    r = expect(spfgov("route", "--\x1b]0;title\x07"), 2, err=["\\u001b]0;title\\u0007"], out_empty=True)
    check("\x1b" not in r.err and "\x07" not in r.err, "no ESC or BEL reaches stderr", r)


@case
def unknown_id_suggests_nearest():
    """A mistyped id in a single issue names the nearest id of the graph; a far one names none."""
    near = work("near.json")
    with open(near, "w") as f:
        f.write('{"id": "T", "kind": "restructure", "origin": "employer", "affected": ["rrk"], "date": "2026-11-22"}')
    # The file's line and column of the id too, not only its JSON pointer.
    expect(spfgov("route", "--issue", near), 1, err=[near + ':1:71: cannot route issue "T"', '/affected/0 = "rrk"',
                                                    '(did you mean "RRK"?)'], out_empty=True)
    expect(spfgov("route", "--issue", near, "--explain", "RRK"), 1, err=[near + ":1:71: cannot explain RRK"],
           out_empty=True)
    far = work("far.json")
    with open(far, "w") as f:
        f.write('{"id": "T", "kind": "restructure", "origin": "employer", "affected": ["ZZZZZZ"], "date": "2026-11-22"}')
    r = expect(spfgov("route", "--issue", far), 1, err=["unknown_id"], out_empty=True)
    check("did you mean" not in r.err, "no suggestion for an id far from every id", r)
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--explain", "rrk-jnc"), 1,
           err=['(did you mean "RRK-jncc"?)'], out_empty=True)


@case
def unknown_id_that_is_a_trusts_name_names_its_code():
    """A trust's name given for its ODS code names the code: an employer, system or region in /affected (not its JNCC)."""
    named = work("named.json")
    with open(named, "w") as f:
        f.write('{"id": "T", "kind": "restructure", "origin": "employer", '
                '"affected": ["bolton nhs foundation trust"], "date": "2026-11-22"}')
    r = expect(spfgov("route", "--issue", named), 1,
               err=['(an id is a code, not a name: did you mean "RMC" (Bolton NHS Foundation Trust)?)'], out_empty=True)
    check("RMC-jncc" not in r.err, "a JNCC cannot be affected: not suggested", r)
    # A word many names hold: three named, the rest counted.
    with open(named, "w") as f:
        f.write('{"id": "T", "kind": "restructure", "origin": "employer", "affected": ["Manchester"], "date": "2026-11-22"}')
    r = expect(spfgov("route", "--issue", named), 1, err=["an id is a code, not a name: did you mean ", "more whose names hold it?)"])
    check(r.err.count('" (') == 3, "three bodies named", r)
    # A closed trust's name is not offered (Heart of England NHS Foundation Trust, RR1, closed in 2018).
    with open(named, "w") as f:
        f.write('{"id": "T", "kind": "restructure", "origin": "employer", "affected": ["Heart of England"], '
                '"date": "2026-11-22"}')
    r = expect(spfgov("route", "--issue", named), 1, err=["unknown_id"], out_empty=True)
    check("RR1" not in r.err, "a body closed on the issue's date is not suggested", r)
    # export --region and --system offer bodies of that kind.
    r = expect(spfgov("export", "--format", "dot", "--region", "Midlands"), 1,
               err=['an id is a code, not a name: did you mean "Y60" (Midlands)?)'], out_empty=True)
    check("Y60-spf" not in r.err, "only regions for --region", r)
    # --body of the agenda: any body, its JNCC too.
    expect(spfgov("agenda", "--issues", example("batch.jsonl"), "--body", "Bolton NHS Foundation Trust JNCC"), 1,
           err=['did you mean "RMC-jncc" (Bolton NHS Foundation Trust JNCC)?)'], out_empty=True)


@case
def route_explain():
    r = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--explain", "RRK-jncc"), 0,
               out=["RRK-jncc", "R9: RRK-jncc is on level 0, the first, of the escalation ladder."])
    check("    Source: Principles for partnership in workforce change for ICSs (SPF, 2022)" in r.out,
          "each reason names the document its rule rests on", r)
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--explain", "RNA"), 0,
           out=["No rule of this policy routes an employer."])
    # The affected employer: no role, but its statutory dates and their law, said once.
    rrk = expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--explain", "RRK"), 0,
                 out=["RRK: affected by the issue; in no role of the route.",
                      "  R10: 2027-01-30: collective consultation must begin by this date",
                      "under Trade Union and Labour Relations (Consolidation) Act 1992 (Amendment) Order 2013, SI 2013/763",
                      "  No rule of this policy gives an employer a role of its own; the dates above bind it.\n"])
    check("Source: Trade Union" not in rrk.out, "a date's law is not repeated as its Source line", rrk)
    check("routes an employer" not in rrk.out, "an affected employer is not said to be routed by no rule", rrk)
    # A policy's source that the sentence happens to contain is still cited.
    own = work("source-in-sentence.yaml")
    with open(own, "w") as f:
        f.write('spfgov-policy: 1\nbased_on: default\nrules:\n  R2: {source: "JNCC"}\n')
    expect(spfgov("route", "--policy", own, "--issue", example("uhb-restructure.json"), "--explain", "RRK-jncc"), 0,
           out=["    Source: JNCC\n"])
    check("RNA: affected" not in spfgov("route", "--issue", example("uhb-restructure.json"), "--explain", "RNA").out,
          "an employer the issue does not touch is not called affected", rrk)
    check(r.out.strip() != "" and not r.out.startswith("{"), "an explanation, not a route", r)
    expect(spfgov("route", "--issue", example("uhb-restructure.json"), "--explain", "NO-SUCH-BODY"), 1,
           err=["NO-SUCH-BODY"], out_empty=True)
    expect(spfgov("route", "--issues", example("uhb-restructure.json"), "--explain", "RRK-jncc"), 2,
           err=["--explain"], out_empty=True)


@case
def test_failing_case():
    """A failing case prints the field, what was expected and what came, and exits 1."""
    r = expect(spfgov("test", fixture("scenario-failing.yaml")), 1,
               out=["PASS a restructure at one trust stays with that trust\n",
                    'FAIL deliberately wrong about the scope: scope: expected "system", got "employer"; '
                    'engage: expected ["QHL-forum"], got []\n',
                    "1 passed, 1 failed\n"])
    check(r.out.count("\n") == 3, "one line per case and the closing line", r)


@case
def test_unreadable():
    """Exit 2 for a file that cannot be read; the other files still run."""
    r = expect(spfgov("test", fixture("scenario-malformed.yaml"), work("missing.yaml"), fixture("scenario-failing.yaml")),
               2, out=["1 passed, 1 failed, 2 files could not be run\n"],
               err=["scenario.syntax", "scenario-malformed.yaml:4:", "scenario.cannot_open", "missing.yaml"])
    expect(spfgov("test", work("missing.yaml")), 2, out=["0 passed, 0 failed, 1 file could not be run\n"])
    expect(spfgov("test"), 2, err=["FILE is required"])
    # One case's slip fails that case on its own line, with its error; the file's other cases run, and
    # the exit status is still 2 (an input error), whatever the others did.
    typo = work("one-typo.yaml")
    with open(typo, "w") as f:
        f.write("spfgov-scenarios: 1\ngraph: england\ncases:\n"
                "  - name: a typo\n"
                "    issue: {id: T1, kind: restructure, origin: employer, affected: [RRK], date: 2026-11-22}\n"
                "    expect: {consul: [RRK-jncc]}\n"
                "  - name: still runs\n"
                "    issue: {id: T2, kind: restructure, origin: employer, affected: [RRK], date: 2026-11-22}\n"
                "    expect: {scope: employer}\n")
    r = expect(spfgov("test", typo, fixture("scenario-failing.yaml")), 2,
               out=["FAIL a typo: case: expected \"a case spfgov can read\", got ",
                    "PASS still runs\n", "2 passed, 2 failed (1 case could not be read)\n"])
    check(r.err == "", "nothing on stderr: the error is on its case's line", r)
    # formats.md's FIELD: expected X, got Y (joined by "; "), X and Y compact JSON: a parser that reads each
    # X and Y as a JSON value (a JSON string may hold "; ") reads every FAIL line, this one too.
    def fields(line):
        decode, rest, out = json.JSONDecoder().raw_decode, line.split(": ", 1)[1], []
        while rest:
            field, rest = rest.split(": expected ", 1)
            expected, at = decode(rest)
            assert rest[at:].startswith(", got ")
            got, end = decode(rest, at + len(", got "))
            out.append((field, expected, got))
            rest = rest[end:]
            if rest:
                assert rest.startswith("; ")
                rest = rest[2:]
        return out
    lines = {line.split(":", 1)[0]: line for line in r.out.splitlines() if line.startswith("FAIL ")}
    [(field, expected, got)] = fields(lines["FAIL a typo"])
    check((field, expected) == ("case", "a case spfgov can read") and
          got.startswith('scenario.unknown_key: %s:6:14: cases[0].expect.consul: unknown field "consul" '
                         '(did you mean "consult"?); expected one of: ' % typo), "the line parses: %r" % lines, r)
    check([f for f, _, _ in fields(lines["FAIL deliberately wrong about the scope"])] == ["scope", "engage"],
          "a line of two fields parses the same way: %r" % lines, r)


@case
def test_no_cases_warns():
    """A scenario file with no cases passes, but is said to test nothing."""
    empty = work("no-cases.yaml")
    with open(empty, "w") as f:
        f.write("spfgov-scenarios: 1\ngraph: england\ncases: []\n")
    expect(spfgov("test", empty), 0, out=["0 passed, 0 failed\n"],
           err=["spfgov: warning: " + empty + ": no cases: it tests nothing"])
    r = expect(spfgov("test", fixture("scenario-failing.yaml")), 1)
    check("no cases" not in r.err, "no warning for a file with cases", r)
    # A case that expects nothing passes whenever its issue routes: said, with where it is.
    nothing = work("expects-nothing.yaml")
    with open(nothing, "w") as f:
        f.write("spfgov-scenarios: 1\ngraph: england\ncases:\n  - name: routes\n"
                "    issue: {id: T1, kind: restructure, origin: employer, affected: [RRK], date: 2026-11-22}\n"
                "    expect: {}\n")
    expect(spfgov("test", nothing), 0, out=["PASS routes\n1 passed, 0 failed\n"],
           err=["spfgov: warning: " + nothing + ":6:13: cases[0].expect: case \"routes\" expects nothing"])


# ------------------------------------------------------------------ main
# ------------------------------------------------------------------ maps and pictures (issue 14)

def dot_without_warnings(r, what):
    """Renders DOT text with Graphviz; fails on a non-zero status or any stderr output."""
    p = subprocess.run(["dot", "-Tsvg", "-o", os.devnull], input=r.out.encode(), capture_output=True, timeout=300)
    err = p.stderr.decode(errors="replace")
    check(p.returncode == 0 and err.strip() == "", "%s: dot -Tsvg must render without warnings:\n%s" % (what, err[:2000]), r)


def need_dot():
    if shutil.which("dot") is None:
        print("SKIP: Graphviz dot is not installed")
        sys.exit(SKIP)


@case
def export_maps():
    need_dot()
    g = england()
    day = "2026-12-01"
    regions = [b["id"] for b in g["bodies"] if b["kind"] == "region"]
    check(len(regions) == 7, "seven regions")
    for region in regions:
        for args in ([], ["--as-of", day]):
            r = expect(spfgov("export", "--format", "dot", "--region", region, *args), 0,
                       out=['subgraph "cluster_', '"%s" [label=' % region])
            dot_without_warnings(r, "--region " + region + " " + " ".join(args))
    for args in ([], ["--as-of", day]):
        r = expect(spfgov("export", "--format", "dot", "--overview", *args), 0,
                   out=["overview (employers counted)", '"count:QHL" [label="'], out_not=['"RRK" [label='])
        dot_without_warnings(r, "--overview " + " ".join(args))
    # --around every trust open on the day, depth 2.
    trusts = [b["id"] for b in g["bodies"] if b["kind"] == "employer" and b.get("sector") in ("nhs_trust", "foundation_trust")
              and valid_on(b, day)]
    check(len(trusts) > 150, "the open trusts")
    # One dot run for them all (a DOT stream may hold many graphs): much faster than one each.
    maps = [expect(spfgov("export", "--format", "dot", "--around", t, "--depth", "2", "--as-of", day), 0) for t in trusts]
    dot_without_warnings(Result(["export --around each trust"], 0, "".join(m.out for m in maps), ""),
                         "--around each open trust, --depth 2")
    # The other built-in graph's regions and overview, and both whole graphs.
    maps = [expect(spfgov("export", "--graph", "england-gp", "--format", "dot", "--region", region), 0) for region in regions]
    maps.append(expect(spfgov("export", "--graph", "england-gp", "--format", "dot", "--overview"), 0))
    dot_without_warnings(Result(["export --graph england-gp --region each region, --overview"], 0,
                                "".join(m.out for m in maps), ""), "england-gp maps")
    for graph in ("england", "england-gp"):
        dot_without_warnings(expect(spfgov("export", "--graph", graph, "--format", "dot"), 0), "the whole " + graph)
    print("ok: %d regions, the overview and %d trusts at depth 2 render without warnings" % (len(regions), len(trusts)))
    # --system, and the SVG and GraphML formats.
    r = expect(spfgov("export", "--format", "dot", "--system", "QHL"), 0, out=['"QHL-forum" [label=', '"RRK" [label='],
               out_not=['"Y60" [label='])
    r = expect(spfgov("export", "--format", "svg", "--region", "Y60", "--as-of", day), 0, out=["<svg", "Midlands Regional Social Partnership Forum"])
    r = expect(spfgov("export", "--format", "graphml", "--around", "RRK"), 0, out=['<node id="RRK">', '<node id="QHL">'],
               out_not=['<node id="Y60">'])


@case
def export_map_errors():
    expect(spfgov("export", "--format", "dot", "--region", "NOPE"), 1,
           err=["unknown_id: --region NOPE: no body has this id"], out_empty=True)
    expect(spfgov("export", "--format", "dot", "--around", "NOPE"), 1, err=["unknown_id: --around NOPE"], out_empty=True)
    expect(spfgov("export", "--format", "dot", "--region", "QHL"), 1,
           err=["wrong_body_kind: --region QHL: this body is of kind system, not region"], out_empty=True)
    expect(spfgov("export", "--format", "graphml", "--system", "Y60"), 1,
           err=["wrong_body_kind: --system Y60: this body is of kind region, not system"], out_empty=True)
    closed = next(b["id"] for b in england()["bodies"] if b["kind"] == "employer" and b.get("valid_to"))
    expect(spfgov("export", "--format", "dot", "--around", closed, "--as-of", "2026-12-01"), 1,
           err=["not_valid_on_date: --around %s: this body is not valid on 2026-12-01" % closed], out_empty=True)
    expect(spfgov("export", "--format", "dot", "--around", "RRK", "--depth", "17"), 1,
           err=["bad_depth: --depth 17: expected 0 to 16"], out_empty=True)
    expect(spfgov("export", "--format", "dot", "--region", "Y60", "--overview"), 2,
           err=["give only one of --region, --system, --around and --overview"], out_empty=True)
    expect(spfgov("export", "--format", "dot", "--depth", "2"), 2, err=["--depth goes with --around"], out_empty=True)
    expect(spfgov("export", "--format", "dot", "--around", "RRK", "--depth", "-1"), 2, err=["--depth"], out_empty=True)
    expect(spfgov("export", "--format", "json", "--region", "Y60"), 2, err=["draw maps"], out_empty=True)


@case
def route_picture():
    need_dot()
    issue = os.path.join(ARGS.source_dir, "examples", "issues", "midlands-pathology.json")
    r = expect(spfgov("route", "--issue", issue, "--format", "dot"), 0,
               out=['digraph "route"', '"route:level:3" [label="level 3"', '"route:level:0" [label="level 0"', '"Y60-spf" [label=', '"RRK" [label='])
    dot_without_warnings(r, "route --format dot")
    expect(spfgov("route", "--issue", issue, "--format", "svg"), 0, out=["<svg", "Birmingham and Solihull", "level 3"])
    expect(spfgov("route", "--graph", fixture("small.json"), "--issue", fixture("small-issue.json"), "--format", "dot"), 0,
           out=['"route:legend:lead"'])
    expect(spfgov("route", "--issues", os.path.join(ARGS.source_dir, "examples", "issues", "batch.jsonl"),
                  "--format", "svg"), 2, err=["--format svg needs a single issue"], out_empty=True)


@case
def route_html():
    need_dot()
    issue = os.path.join(ARGS.source_dir, "examples", "issues", "uhb-restructure.json")
    r = expect(spfgov("route", "--issue", issue, "--format", "html"), 0,
               out=["<!DOCTYPE html>", "<h1>Route for issue UHB-estates-2027</h1>", "<svg", '<time datetime="2027-01-30">',
                    "<code>RRK-jncc</code>"])
    # A batch with a bad line: one page, the error in place, exit 1.
    batch = work("html-batch.jsonl")
    with open(os.path.join(ARGS.source_dir, "examples", "issues", "batch.jsonl")) as f:
        first = f.readline()
    with open(batch, "w") as f:
        f.write(first + '{"id": "BAD-1", "kind": "redundancy", "date": "2026-02-30"}\n')
        f.write('{"id": "BAD-2", "kind": "restructure", "origin": "employer", "affected": ["RRK", "RXX9"], '
                '"date": "2026-11-22"}\n')
    r = expect(spfgov("route", "--issues", batch, "--format", "html"), 1,
               out=['<a href="#issue-1">UHB-estates-2027', '<a href="#issue-2">Line 2 (issue BAD-1) (could not be routed)',
                    '<article id="issue-2">',
                    # A routing error at its line and column, as the text and JSON batches give it.
                    'unknown_id: ' + batch + ':3:82: issue &quot;BAD-2&quot;: /affected/1 = &quot;RXX9&quot;'],
               err=["2 of 3 lines could not be routed"])



def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--spfgov")
    parser.add_argument("--source-dir")
    parser.add_argument("--work-dir")
    parser.add_argument("--version", default="")
    parser.add_argument("--ics-validator", default="")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("cases", nargs="*")
    ARGS = parser.parse_args()
    if ARGS.list:
        print("\n".join(CASES))
        return 0
    if not ARGS.cases:
        ARGS.cases = list(CASES)
    os.makedirs(ARGS.work_dir or tempfile.gettempdir(), exist_ok=True)
    failed = []
    for name in ARGS.cases:
        if name not in CASES:
            print("unknown case " + name)
            return 1
        base = ARGS.work_dir or tempfile.gettempdir()
        ARGS.work_dir = tempfile.mkdtemp(prefix=name + ".", dir=base)
        try:
            CASES[name]()
            print("PASS " + name)
            shutil.rmtree(ARGS.work_dir, ignore_errors=True)
        except Failure as e:
            print("FAIL %s: %s" % (name, e))
            failed.append(name)
        ARGS.work_dir = base
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
