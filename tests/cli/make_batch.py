#!/usr/bin/python3
"""Writes a JSON Lines batch of issues on the built-in England graph.

usage: make_batch.py ENGLAND_JSON OUT.jsonl LINES [BAD_LINE=KIND ...]

Every line is an issue that routes without error, except the listed bad
lines (1-based), each of one KIND:
  bad_json          malformed JSON
  truncated         JSON cut short
  unknown_employer  an affected id that is not in the graph
  blank             an empty line
  spaces            a line of blanks
  unknown_kind      an issue kind that does not exist
  bad_date          a date that does not exist
  not_object        a JSON array
  missing_id        no "id"
  too_long          a line longer than 1 MiB (read_limits::max_line_length)
Deterministic (fixed seed). Standard library only.
"""
import json
import random
import sys


def main():
    england, out, lines = sys.argv[1], sys.argv[2], int(sys.argv[3])
    bad = {}
    for arg in sys.argv[4:]:
        n, kind = arg.split("=", 1)
        bad[int(n)] = kind
    graph = json.load(open(england, encoding="utf-8"))
    employers = [b for b in graph["bodies"] if b["kind"] == "employer" and "valid_to" not in b
                 and b.get("valid_from", "0000") < "2025-01-01"]
    systems = [b["id"] for b in graph["bodies"] if b["kind"] == "system"]
    kinds = ["restructure", "relocation", "redeployment", "new_roles", "new_technology", "role_change",
             "staff_transfer", "redundancy", "service_change", "workforce_plan"]
    rng = random.Random(20261122)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for n in range(1, lines + 1):
            issue_id = "batch-%06d" % n
            kind = bad.get(n)
            if kind == "blank":
                f.write("\n")
                continue
            if kind == "spaces":
                f.write("   \t \n")
                continue
            if kind == "bad_json":
                f.write('{"id": "%s", "title": "broken" "kind": "restructure"}\n' % issue_id)
                continue
            if kind == "truncated":
                f.write('{"id": "%s", "title": "cut short", "kind": "restr\n' % issue_id)
                continue
            if kind == "not_object":
                f.write('["%s", "restructure"]\n' % issue_id)
                continue
            if kind == "too_long":
                f.write('{"id": "%s", "title": "%s"}\n' % (issue_id, "x" * (1 << 20)))
                continue
            day = "2026-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
            r = rng.random()
            issue = {"id": issue_id, "title": "Batch issue %d" % n, "kind": rng.choice(kinds),
                     "origin": "employer", "date": day}
            if r < 0.7:
                e = rng.choice(employers)
                issue["affected"] = [e["id"]]
                if issue["kind"] == "redundancy":
                    issue["redundancies"] = {e["id"]: rng.randint(1, 150)}
                    issue["first_dismissal"] = "2027-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
            elif r < 0.9:
                issue["origin"] = "system"
                issue["affected"] = [rng.choice(systems)]
                issue["system_process_agreed"] = rng.random() < 0.5
            else:
                issue["affected"] = sorted({rng.choice(employers)["id"] for _ in range(3)})
            if kind == "unknown_employer":
                issue["affected"] = ["NO-SUCH-%d" % n]
            elif kind == "unknown_kind":
                issue["kind"] = "reorganisation"
            elif kind == "bad_date":
                issue["date"] = "2026-02-30"
            elif kind == "missing_id":
                del issue["id"]
            elif kind is not None:
                sys.exit("unknown bad-line kind: " + kind)
            f.write(json.dumps(issue) + "\n")


if __name__ == "__main__":
    main()
