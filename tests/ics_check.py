#!/usr/bin/python3
r"""Check an .ics file written by spfgov with an independent parser.

Usage: ics_check.py FILE [--full]

Parses FILE with the `icalendar` module (Debian: python3-icalendar) and prints
one line per VEVENT, in file order:

    YYYY-MM-DD|summary|uid                      (default)
    YYYY-MM-DD|summary|uid|description|cat,...  (--full)

Backslashes and newlines in values are printed as \\ and \n so each event
stays on one line. Before that it checks what icalendar tolerates silently:
CRLF line endings, lines of at most 75 octets, each physical line valid UTF-8
(folding never splits a character), all-day DTSTART/DTEND one day apart.
Exit status: 0 good, 1 a problem in the file, 2 usage, 3 icalendar missing.
"""

import datetime
import sys


def show(value):
    return str(value).replace("\\", "\\\\").replace("\n", "\\n")


def main(argv):
    args = [a for a in argv[1:] if a != "--full"]
    full = "--full" in argv[1:]
    if len(args) != 1:
        print("usage: ics_check.py FILE [--full]", file=sys.stderr)
        return 2
    try:
        import icalendar
    except ImportError:
        print("ics_check: the Python module 'icalendar' is not available to "
              f"{sys.executable} (Debian: apt-get install python3-icalendar)",
              file=sys.stderr)
        return 3

    with open(args[0], "rb") as f:
        raw = f.read()

    problems = []
    if not raw.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    lines = raw.split(b"\r\n")
    if lines and not lines[-1]:
        lines.pop()  # after the final CRLF
    for number, line in enumerate(lines, start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: bare CR or LF (lines must end with CRLF)")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"line {number}: not valid UTF-8 on its own ({e.reason})")
        if number > 1 and not line:
            problems.append(f"line {number}: empty line")

    try:
        cal = icalendar.Calendar.from_ical(raw)
    except Exception as e:  # icalendar raises ValueError and others
        problems.append(f"icalendar cannot parse the file: {e}")
        cal = None

    out = []
    if cal is not None:
        for name, want in (("VERSION", "2.0"), ("PRODID", "-//spfgov//spfgov//EN"),
                           ("CALSCALE", "GREGORIAN")):
            if str(cal.get(name)) != want:
                problems.append(f"{name} is {cal.get(name)!r}, expected {want!r}")
        if cal.get("X-WR-CALNAME") is None:
            problems.append("no X-WR-CALNAME")
        for event in cal.walk("VEVENT"):
            uid = str(event.get("UID"))
            for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
                if event.get(required) is None:
                    problems.append(f"event {uid}: no {required}")
            if event.get("DTSTART") is None or event.get("DTEND") is None:
                continue
            start = event.decoded("DTSTART")
            end = event.decoded("DTEND")
            if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
                problems.append(f"event {uid}: DTSTART is not a DATE")
                continue
            if end != start + datetime.timedelta(days=1):
                problems.append(f"event {uid}: DTEND {end} is not the day after {start}")
            fields = [start.isoformat(), show(event.get("SUMMARY")), show(uid)]
            if full:
                fields.append(show(event.get("DESCRIPTION", "")))
                cats = event.get("CATEGORIES")
                values = []
                if cats is not None:
                    for item in (cats if isinstance(cats, list) else [cats]):
                        values.extend(str(c) for c in getattr(item, "cats", [item]))
                fields.append(",".join(show(c) for c in values))
            out.append("|".join(fields))

    if problems:
        for p in problems:
            print(f"ics_check: {args[0]}: {p}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write("".join(line + "\n" for line in out).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
