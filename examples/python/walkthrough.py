#!/usr/bin/python3
"""An analyst's walkthrough of the spfgov Python module (docs/analysts.md).

1. Generate a national batch: issues at trusts, systems and groups of
   trusts all over England (deterministic; no file needed).
2. Route it into a DataFrame and plot the issues per forum and the
   statutory deadlines per month (matplotlib, Agg backend: no display).
3. What-if: the same batch on the graph with a hypothetical ICB merger
   overlay, issue by issue (spfgov.diff).

usage: walkthrough.py [--out DIR] [--issues N]
Writes DIR/issues_per_forum.png and DIR/deadlines_per_month.png (the
copies in docs/images/ come from this script) and prints what it found.
"""
import argparse
import json
import os
import pathlib
import random

import matplotlib

matplotlib.use("Agg")  # headless: files only
import matplotlib.pyplot as plt  # noqa: E402

import spfgov  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
OVERLAY = HERE.parent / "overlays" / "hypothetical-bsbc-icb-merger.json"
KINDS = ["restructure", "relocation", "redeployment", "new_roles", "new_technology", "role_change",
         "staff_transfer", "redundancy", "service_change", "workforce_plan"]


def national_batch(graph, count, seed=2026):
    """`count` issues over 2026-2027 on the graph's current employers and systems."""
    bodies = json.loads(graph.to_json(as_of="2026-01-01"))["bodies"]
    employers = sorted(b["id"] for b in bodies if b["kind"] == "employer")
    systems = sorted(b["id"] for b in bodies if b["kind"] == "system")
    rng = random.Random(seed)
    issues = []
    for n in range(1, count + 1):
        issue = {"id": "nat-%05d" % n, "title": "Issue %d" % n, "kind": rng.choice(KINDS), "origin": "employer",
                 "date": "%d-%02d-%02d" % (rng.choice((2026, 2027)), rng.randint(1, 12), rng.randint(1, 28))}
        r = rng.random()
        if r < 0.7:
            employer = rng.choice(employers)
            issue["affected"] = [employer]
            if issue["kind"] == "redundancy":
                issue["redundancies"] = {employer: rng.randint(1, 150)}
                year, month = int(issue["date"][:4]), int(issue["date"][5:7])
                month += rng.randint(2, 6)
                issue["first_dismissal"] = "%d-%02d-%02d" % (year + (month - 1) // 12, (month - 1) % 12 + 1,
                                                             rng.randint(1, 28))
        elif r < 0.9:
            issue["origin"] = "system"
            issue["affected"] = [rng.choice(systems)]
            issue["system_process_agreed"] = rng.random() < 0.5
        else:
            issue["affected"] = sorted({rng.choice(employers) for _ in range(3)})
        issues.append(issue)
    return issues


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=".", help="where the PNGs go")
    ap.add_argument("--issues", type=int, default=5000, help="issues in the batch")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    # 1. A national batch on the built-in England graph.
    england = spfgov.Graph.england()
    issues = national_batch(england, args.issues)

    # 2. Routes and memberships as DataFrames (routed on every core).
    routes = spfgov.routes_frame(issues, graph=england)
    members = spfgov.memberships_frame(issues, graph=england)
    failed = routes["error_code"].notna().sum()
    print("%d issues routed, %d failed; scopes: %s" % (len(routes), failed,
          ", ".join("%s %d" % kv for kv in routes["scope"].value_counts().sort_index().items())))

    forums = members[members["kind"].str.endswith("forum")]
    per_forum = forums.groupby("body")["issue"].nunique().sort_values(ascending=False).head(20)
    fig, ax = plt.subplots(figsize=(9, 6))
    per_forum.sort_values().plot.barh(ax=ax, color="#005eb8")
    ax.set_xlabel("issues")
    ax.set_ylabel("")
    ax.set_title("Issues per forum (top 20 of %d forums), %d issues" % (forums["body"].nunique(), len(routes)))
    fig.tight_layout()
    fig.savefig(out / "issues_per_forum.png", dpi=80)
    plt.close(fig)
    print("busiest forum: %s (%d issues)" % (per_forum.index[0], per_forum.iloc[0]))

    deadlines = routes.dropna(subset=["earliest_deadline"])
    per_month = deadlines.groupby(deadlines["earliest_deadline"].dt.to_period("M")).size()
    late = deadlines[deadlines["late"].fillna(False)]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    per_month.plot.bar(ax=ax, color="#005eb8", label="earliest statutory deadline")
    ax.set_xlabel("month")
    ax.set_ylabel("issues")
    ax.set_title("Statutory deadlines per month (%d issues with deadlines, %d already late)" % (len(deadlines), len(late)))
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "deadlines_per_month.png", dpi=80)
    plt.close(fig)
    print("%d issues have deadlines, in %d months" % (len(deadlines), len(per_month)))

    # 3. What-if: the hypothetical merger of two ICBs from 2027-04-01.
    merged = spfgov.Graph.load("england", overlays=[OVERLAY])
    d = spfgov.diff(issues, graph=england, vs_graph=merged)
    print("what-if (%s):" % os.path.basename(OVERLAY))
    print(d.attrs["summary"], end="")
    if len(d):
        print(d[["line", "issue", "consult_added", "consult_removed"]].head(5).to_string(index=False))


if __name__ == "__main__":
    main()
