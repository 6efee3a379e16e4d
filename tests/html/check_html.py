#!/usr/bin/python3
"""Opens spfgov's HTML route report in headless Chromium and checks the page
the browser built (its DOM, not our text): every body of the route in the
tables, every deadline, meeting and papers date as a <time>, the picture as
an inline <svg>, headings and captioned tables with scoped headers, nothing
fetched from the network; for a batch, an index linking to every issue; in
the agenda's page at 500 px, no date broken over two lines.
Then it removes one body and one date from a copy of the page and checks that
the same checks fail, so a missing body or date cannot pass. Saves a
screenshot (PNG) of the single-issue page.

usage: check_html.py --spfgov BIN --source-dir DIR --work-dir DIR [--screenshot OUT.png]
Exit status 0 pass, 1 fail, 77 skipped (no chromium; scripts/setup.sh installs it).
"""
import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


class Failure(Exception):
    pass


class Dom(html.parser.HTMLParser):
    """What the checks need from a DOM: text per tag, attributes, links."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.times = []          # datetime attributes of <time>
        self.cells = []          # text of each <td>/<th>
        self.codes = []          # text of each <code>
        self.headings = []       # (tag, text)
        self.captions = []
        self.th_scopes = []
        self.hrefs = []
        self.ids = set()
        self.svg = 0
        self.external = []       # src/href to the network
        self._text = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "time":
            self.times.append(a.get("datetime"))
        if tag == "svg":
            self.svg += 1
        if tag == "th":
            self.th_scopes.append(a.get("scope"))
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        for key in ("src", "href"):
            v = a.get(key, "")
            if v.startswith(("http:", "https:", "//")):
                self.external.append(v)
        if tag in ("td", "th", "code", "caption", "h1", "h2", "h3", "h4"):
            self._text[len(self.stack)] = (tag, [])
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()
            got = self._text.pop(len(self.stack), None)
            if got:
                t, parts = got
                text = "".join(parts).strip()
                if t in ("td", "th"):
                    self.cells.append(text)
                elif t == "code":
                    self.codes.append(text)
                elif t == "caption":
                    self.captions.append(text)
                else:
                    self.headings.append((t, text))
            if top == tag:
                break

    def handle_data(self, data):
        for _, parts in self._text.values():
            parts.append(data)


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browser(args, url, *extra):
    """Runs headless Chromium on `url`; returns stdout."""
    with tempfile.TemporaryDirectory() as profile:
        argv = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile, *extra, url]
        p = subprocess.run(argv, capture_output=True, timeout=120)
    if p.returncode != 0:
        raise Failure("chromium failed (%d): %s" % (p.returncode, p.stderr.decode(errors="replace")[-2000:]))
    return p.stdout.decode("utf-8", "replace")


def dom_of(args, path):
    return Dom(browser(args, "file://" + os.path.abspath(path), "--dump-dom"))


def spfgov(args, *argv):
    p = subprocess.run([args.spfgov, *argv], capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def expected(route):
    """Every body and every date the page must show, from the route's JSON."""
    bodies = set(route["affected"]) if "affected" in route else set()
    for key in ("lead", "negotiate", "consult", "engage", "inform"):
        bodies.update(route[key])
    for level in route["escalation"]:
        bodies.update(level)
    if route.get("lead_union"):
        bodies.add(route["lead_union"])
    dates = {route["as_of"]}
    for d in route["deadlines"]:
        dates.add(d["date"])
        bodies.add(d["body"])
    for m in route["meetings"]:
        dates.update((m["date"], m["papers_due"]))
        bodies.add(m["body"])
    return bodies, dates


def problems(dom, bodies, dates):
    """What is missing or wrong in the DOM; empty when the page is right."""
    out = []
    for b in sorted(bodies):
        if b not in dom.codes:
            out.append("body %s is not in the page's tables" % b)
    for d in sorted(dates):
        if d not in dom.times:
            out.append("date %s is not in the page (as <time datetime>)" % d)
    if dom.svg < 1:
        out.append("no inline <svg> picture")
    if not any(t == "h1" for t, _ in dom.headings):
        out.append("no <h1>")
    if not dom.captions:
        out.append("no table has a <caption>")
    if any(s not in ("col", "row") for s in dom.th_scopes):
        out.append("a <th> without scope=col|row")
    if dom.external:
        out.append("the page fetches from the network: %s" % dom.external[:3])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spfgov", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--screenshot")
    args = ap.parse_args()
    if chromium() is None:
        print("SKIP: chromium is not installed (bash scripts/setup.sh installs it)")
        return SKIP
    os.makedirs(args.work_dir, exist_ok=True)
    src = args.source_dir
    graph = os.path.join(src, "tests/cli/fixtures/small.json")
    issue = os.path.join(src, "tests/cli/fixtures/small-issue.json")

    # One issue: deadlines (some LATE), a meeting with its papers date.
    rc, page, err = spfgov(args, "route", "--graph", graph, "--issue", issue, "--format", "html")
    if rc != 0:
        raise Failure("route --format html failed: " + err)
    rc, js, err = spfgov(args, "route", "--graph", graph, "--issue", issue)
    route = json.loads(js)
    route["affected"] = json.load(open(issue))["affected"]
    bodies, dates = expected(route)
    if not route["deadlines"] or not route["meetings"]:
        raise Failure("the fixture route should have deadlines and meetings")
    path = os.path.join(args.work_dir, "route.html")
    with open(path, "w") as f:
        f.write(page)
    dom = dom_of(args, path)
    found = problems(dom, bodies, dates)
    if found:
        raise Failure("route.html:\n  " + "\n  ".join(found))
    print("ok: %d bodies and %d dates in the DOM, an inline SVG, captioned tables" % (len(bodies), len(dates)))

    # The checks fail when a body or a date is missing.
    body = sorted(bodies)[0]
    day = sorted(d["date"] for d in route["deadlines"])[0]
    broken = page.replace("<code>%s</code>" % body, "<code>gone</code>")
    broken = broken.replace('<time datetime="%s">' % day, '<time datetime="gone">')
    bpath = os.path.join(args.work_dir, "route-broken.html")
    with open(bpath, "w") as f:
        f.write(broken)
    found = problems(dom_of(args, bpath), bodies, dates)
    if not any(body in p for p in found) or not any(day in p for p in found):
        raise Failure("the checks did not notice a missing body (%s) and date (%s): %s" % (body, day, found))
    print("ok: a page without %s and %s fails the checks" % (body, day))

    # A batch: one page, an index linking to every issue, each section there.
    batch = os.path.join(src, "examples/issues/batch.jsonl")
    rc, page, err = spfgov(args, "route", "--issues", batch, "--format", "html")
    if rc != 0:
        raise Failure("route --issues --format html failed: " + err)
    bpath = os.path.join(args.work_dir, "batch.html")
    with open(bpath, "w") as f:
        f.write(page)
    dom = dom_of(args, bpath)
    lines = [l for l in open(batch) if l.strip()]
    links = [h for h in dom.hrefs if h.startswith("#issue-")]
    if len(links) != len(lines):
        raise Failure("batch.html: %d index links for %d issues" % (len(links), len(lines)))
    for h in links:
        if h[1:] not in dom.ids:
            raise Failure("batch.html: the index links to %s, which is not in the page" % h)
    rc, js, err = spfgov(args, "route", "--issues", batch)
    for line in js.splitlines():
        r = json.loads(line)  # the affected employers after expansion are not in the JSON: the rest is
        want_bodies, want_dates = expected(r)
        missing = [b for b in want_bodies if b not in dom.codes] + [d for d in want_dates if d not in dom.times]
        if missing:
            raise Failure("batch.html: issue %s lacks %s" % (r["issue"], missing[:5]))
    if dom.svg < len(lines):
        raise Failure("batch.html: %d pictures for %d issues" % (dom.svg, len(lines)))
    print("ok: batch page with %d issues, an index and every body and date" % len(lines))

    # The agenda, in a narrow window: no date broken over two lines
    # ("2027-01-" / "13"). A script in a copy of the page counts the dates
    # the browser laid out on more than one line.
    rc, page, err = spfgov(args, "agenda", "--issues", batch, "--format", "html")
    if rc != 0:
        raise Failure("agenda --format html failed: " + err)
    # (A range over an element's text has one rectangle per line it takes.)
    measure = ('<script>var n = 0, all = document.querySelectorAll("time");'
               'all.forEach(function (e) { var r = document.createRange(); r.selectNodeContents(e);'
               ' if (r.getClientRects().length > 1) n++; });'
               'document.body.setAttribute("data-wrapped", n + "/" + all.length);</script></body>')

    def wrapped(text, name):
        apath = os.path.join(args.work_dir, name)
        with open(apath, "w") as f:
            f.write(text.replace("</body>", measure))
        out = browser(args, "file://" + os.path.abspath(apath), "--dump-dom", "--window-size=500,900")
        got = out.split('data-wrapped="', 1)[1].split('"', 1)[0] if 'data-wrapped="' in out else ""
        if "/" not in got or got.endswith("/0"):
            raise Failure("%s: the measuring script gave %r" % (name, got))
        return int(got.split("/")[0]), got
    count, got = wrapped(page, "agenda-narrow.html")
    if count != 0:
        raise Failure("agenda.html at 500 px: %s dates broken over lines" % got)
    # Without the rule that keeps them whole, the same measure sees them break.
    count, got = wrapped(page.replace("time{white-space:nowrap}", ""), "agenda-narrow-broken.html")
    if count == 0:
        raise Failure("the measure did not notice dates broken over lines (%s)" % got)
    print("ok: agenda dates on one line at 500 px (%s break without the rule)" % got)

    shot = args.screenshot or os.path.join(args.work_dir, "route-report.png")
    browser(args, "file://" + os.path.abspath(path), "--screenshot=" + os.path.abspath(shot),
            "--window-size=1100,1900", "--hide-scrollbars")
    if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
        raise Failure("no screenshot written to " + shot)
    print("ok: screenshot " + shot)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print("FAIL: %s" % e)
        sys.exit(1)
