#!/usr/bin/env python3
"""Consistency check for the built-in England graph.

    python3 scripts/check_england_graph.py

Python 3 standard library only. Checks that
  - data/raw/ files match data/raw/MANIFEST.sha256 (the upstream hashes), and
    that data/raw/derive.py, run on the raw copies, reproduces the derived
    tables kept in data/raw/ byte for byte;
  - data/england.json and data/england-gp.json are well formed (contract
    version 2): "spfgov": 1, top-level "covers" {"from": "2021-04-01"}
    (spec/domain.md 5.14), unique non-empty ids, known kinds and sectors
    (with "ccg"), valid ISO dates, valid_to after valid_from, remit and
    remit_sectors (non-empty, known sectors) on subgroups only, every
    structural reference (region, system, employer, parent) resolves to a
    body of a kind the relations table allows;
  - validity nests: a body with a structural field is valid only while its
    container is (a JNCC within its employer's life, an employer within its
    system's, ...);
  - succession: `succeeds` joins bodies of the same kind, has no loop, the
    succeeded body ends (valid_to) and its successor is valid from that day
    (no gap); every closed employer either has a recorded successor or not,
    as the data says: the 106 CCGs of 2022 are each succeeded by exactly
    their ICB, and no closed trust or CCG closed before 2022 has one (etr.csv
    and eccg.csv have no successor field);
  - the counts are right (7 regions, 42 systems, 42 ICB employers, 202 open
    trusts, 47 closed trusts, 248 CCGs of which 106 to 2022-07-01, 6,202 GP
    practices in the GP file only), every region has its regional forum,
    every system its forum, people board, ICB and ICB JNCC, every trust and
    CCG its JNCC with the same validity, and the trust/CCG/practice ids are
    exactly the data rows' codes;
  - re-derived independently from the raw ODS rows: every closed trust
    (etr.csv rows with a close date on or after the first CCG open date,
    2013-04-01) and every CCG (eccg.csv: the GP map's sub-ICB locations,
    which are exactly the open RO319 rows, and the closed rows with no role)
    with its system, validity (valid_to = the day after the ODS close date,
    or 2022-07-01) and name; every other eccg row has role RO327 or RO218;
  - the ICS Transition Partnership Group has remit_sectors ccg, icb, csu;
  - both files are byte-identical to what scripts/build_england_graph.py
    produces now.
Prints every failure and exits 1 if there is any; exits 0 and prints a
summary otherwise.
"""
import csv
import datetime
import hashlib
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
BUILD = ROOT / "scripts" / "build_england_graph.py"

GP_MAP = "glovs1_SSOT_PCN_Boundaries__gp-reg-pat-prac-map_Oct2025.csv"
EXPECT = {"regions": 7, "systems": 42, "icbs": 42, "trusts": 202,
          "foundation_trusts": 140, "nhs_trusts": 62, "closed_trusts": 47,
          "ccgs": 248, "ccgs_to_2022": 106, "ccgs_closed_earlier": 142, "practices": 6202}
# spec/domain.md 5.14: the built-in England graphs cover from 2021-04-01.
COVERS = {"from": "2021-04-01"}
# spec/domain.md section 1 and section 6 item 3.
TPG_REMIT_SECTORS = ["ccg", "icb", "csu"]
ETR = "jhau_nhs-spend__etr.csv"
OTHER_ECCG_ROLES = {"RO327", "RO218"}
# Health and Care Act 2022: ICBs established and CCGs abolished on this date.
ICB_ESTABLISHED = "2022-07-01"
ECCG = "jhau_nhs-spend__eccg.csv"

KINDS = {"national_forum", "subgroup", "negotiating_body", "region", "regional_forum",
         "regional_people_board", "system", "system_forum", "people_board", "employer",
         "jncc", "trade_union", "representative", "agreement"}
RELATIONS = {"part_of", "committee_of", "subgroup_of", "escalates_to", "reports_to",
             "seat_on", "deputy_for", "recognises", "lead_union", "party_to", "succeeds"}
SECTORS = {"nhs_trust", "foundation_trust", "icb", "csu", "primary_care", "local_authority",
           "independent", "voluntary", "social_enterprise", "ccg", "other"}
# structural field -> {kind of the body carrying it: allowed kinds of the target}
STRUCTURAL = {
    "region": {"system": {"region"}, "regional_forum": {"region"},
               "regional_people_board": {"region"}},
    "system": {"employer": {"system"}, "system_forum": {"system"}, "people_board": {"system"}},
    "employer": {"jncc": {"employer"}},
    "parent": {"subgroup": {"national_forum", "regional_forum", "regional_people_board",
                            "people_board"}},
}


def bid_of(b):
    return repr(b.get("id"))


def targets(value):
    """A structural field's targets: one id (a string) or an array of ids."""
    return value if isinstance(value, list) else [value]

failures = []


def fail(msg):
    failures.append(msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def is_date(s):
    try:
        return isinstance(s, str) and len(s) == 10 and \
            datetime.date.fromisoformat(s).isoformat() == s
    except ValueError:
        return False


def ods_date(yyyymmdd, plus_one=False):
    """An ODS YYYYMMDD date as ISO; with plus_one, the day after (the
    exclusive valid_to for an ODS close date, which is the last day)."""
    d = datetime.date(int(yyyymmdd[0:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    return (d + datetime.timedelta(days=1 if plus_one else 0)).isoformat()


def within(inner, outer):
    """Is the validity [valid_from, valid_to) of inner within outer's?"""
    lo_ok = "valid_from" not in outer or inner.get("valid_from", "") >= outer["valid_from"]
    hi_ok = "valid_to" not in outer or ("valid_to" in inner and inner["valid_to"] <= outer["valid_to"])
    return lo_ok and hi_ok


def check_raw():
    manifest = RAW / "MANIFEST.sha256"
    if not manifest.is_file():
        fail(f"{manifest}: missing")
        return
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        want, upstream_path = line.split(None, 1)
        local = RAW / pathlib.PurePosixPath(upstream_path.strip()).name
        if not local.is_file():
            fail(f"{local}: missing (listed in MANIFEST.sha256 as {upstream_path.strip()})")
            continue
        got = hashlib.sha256(local.read_bytes()).hexdigest()
        if got != want:
            fail(f"{local}: sha256 {got} differs from upstream {want}")

    # Re-run derive.py in the upstream layout and compare the derived copies.
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / "raw").mkdir()
        (tmp / "derived").mkdir()
        for name in (GP_MAP, "jhau_nhs-spend__etr.csv", "jhau_nhs-spend__eccg.csv",
                     "jhau_nhs-spend__icb_names_codes_dec_2024.csv"):
            if not (RAW / name).is_file():
                fail(f"{RAW / name}: missing, cannot re-run derive.py")
                return
            shutil.copyfile(RAW / name, tmp / "raw" / name)
        shutil.copyfile(RAW / "derive.py", tmp / "derive.py")
        r = subprocess.run([sys.executable, str(tmp / "derive.py")], cwd=tmp,
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"data/raw/derive.py failed: {r.stderr.strip()}")
            return
        for name in ("nhs_england_regions.csv", "icbs.csv", "trusts_open_england.csv"):
            if (tmp / "derived" / name).read_bytes() != (RAW / name).read_bytes():
                fail(f"{RAW / name}: differs from what derive.py produces from the raw files")


def check_graph(path, with_practices):
    where = path.relative_to(ROOT)
    try:
        g = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail(f"{where}: cannot load: {e}")
        return None
    if g.get("spfgov") != 1:
        fail(f"{where}: \"spfgov\" is {g.get('spfgov')!r}, expected 1")
    covers = g.get("covers")
    if not isinstance(covers, dict) or set(covers) - {"from", "to"} or \
            not all(is_date(v) for v in covers.values()):
        fail(f"{where}: /covers: expected {{\"from\": DATE, \"to\": DATE}}, either optional")
    elif covers != COVERS:
        fail(f"{where}: /covers is {covers!r}, expected {COVERS!r} (spec/domain.md 5.14)")
    bodies = g.get("bodies")
    if not isinstance(bodies, list):
        fail(f"{where}: /bodies is not an array")
        return None
    by_id = {}
    for i, b in enumerate(bodies):
        p = f"{where}: /bodies/{i}"
        bid = b.get("id")
        if not isinstance(bid, str) or not bid:
            fail(f"{p}/id: expected a non-empty string")
            continue
        if bid in by_id:
            fail(f"{p}/id: duplicate id {bid!r}")
        by_id[bid] = b
        if b.get("kind") not in KINDS:
            fail(f"{p}/kind: unknown kind {b.get('kind')!r}")
        if b.get("kind") == "employer" and b.get("sector") not in SECTORS:
            fail(f"{p}/sector: unknown sector {b.get('sector')!r}")
        for f in ("valid_from", "valid_to"):
            if f in b and not is_date(b[f]):
                fail(f"{p}/{f}: {b[f]!r} is not a YYYY-MM-DD date")
        if "valid_from" in b and "valid_to" in b and b["valid_to"] <= b["valid_from"]:
            fail(f"{p}: valid_to is not after valid_from")
        for f in ("remit", "remit_sectors"):
            if f in b and b.get("kind") != "subgroup":
                fail(f"{p}/{f}: only a subgroup has a {f}")
            if f in b and (not isinstance(b[f], list) or not b[f]):
                fail(f"{p}/{f}: expected a non-empty array")
        if isinstance(b.get("remit_sectors"), list):
            for sct in b["remit_sectors"]:
                if sct not in SECTORS:
                    fail(f"{p}/remit_sectors: unknown sector {sct!r}")
    for i, b in enumerate(bodies):
        for field, allowed in STRUCTURAL.items():
            if field not in b:
                continue
            p = f"{where}: /bodies/{i}/{field}"
            if b.get("kind") not in allowed:
                fail(f"{p}: a {b.get('kind')} cannot have a {field!r} field")
                continue
            target = by_id.get(b[field])
            if target is None:
                fail(f"{p}: {b[field]!r} does not name a body")
            elif target["kind"] not in allowed[b["kind"]]:
                fail(f"{p}: {b[field]!r} is a {target['kind']}, expected "
                     f"{' or '.join(sorted(allowed[b['kind']]))}")
            elif not within(b, target):
                fail(f"{p}: {bid_of(b)} [{b.get('valid_from')}, {b.get('valid_to')}) is not "
                     f"within {b[field]!r} [{target.get('valid_from')}, {target.get('valid_to')})")
        if "succeeds" in b:
            p = f"{where}: /bodies/{i}/succeeds"
            ts = targets(b["succeeds"])
            if not ts or not all(isinstance(t, str) for t in ts):
                fail(f"{p}: expected a body id or a non-empty array of body ids")
                continue
            for t in ts:
                target = by_id.get(t)
                if target is None:
                    fail(f"{p}: {t!r} does not name a body")
                elif target["kind"] != b.get("kind"):
                    fail(f"{p}: {t!r} is a {target['kind']}, expected a {b.get('kind')} "
                         f"(succeeds joins bodies of the same kind)")
                elif "valid_to" not in target:
                    fail(f"{p}: {t!r} never ends (no valid_to), yet {bid_of(b)} succeeds it")
                elif not (target.get("valid_from", "") < b.get("valid_from", "")
                          <= target["valid_to"]):
                    fail(f"{p}: {bid_of(b)} is valid from {b.get('valid_from')}, not within "
                         f"({t!r}'s start, its end {target['valid_to']}]: a gap or an overlap")
    # No succession loop (depth-first search over `succeeds`).
    state = {}

    def visit(bid, path):
        state[bid] = 1
        for t in targets(by_id[bid].get("succeeds", [])):
            if t not in by_id:
                continue
            if state.get(t) == 1:
                fail(f"{where}: succession loop {' -> '.join(path + [t])}")
            elif t not in state:
                visit(t, path + [t])
        state[bid] = 2

    for bid in sorted(by_id):
        if bid not in state:
            visit(bid, [bid])
    for i, link in enumerate(g.get("links", [])):
        p = f"{where}: /links/{i}"
        if link.get("relation") not in RELATIONS:
            fail(f"{p}/relation: unknown relation {link.get('relation')!r}")
        for end in ("from", "to"):
            if link.get(end) not in by_id:
                fail(f"{p}/{end}: {link.get(end)!r} does not name a body")

    def of(kind, sector=None):
        return [b for b in bodies if b.get("kind") == kind
                and (sector is None or b.get("sector") == sector)]

    regions, systems = of("region"), of("system")
    icbs = of("employer", "icb")
    all_trusts = of("employer", "foundation_trust") + of("employer", "nhs_trust")
    closed_trusts = [b for b in all_trusts if "valid_to" in b]
    fts = [b for b in of("employer", "foundation_trust") if "valid_to" not in b]
    nts = [b for b in of("employer", "nhs_trust") if "valid_to" not in b]
    practices = of("employer", "primary_care")
    ccgs = of("employer", "ccg")
    ccgs_2022 = [b for b in ccgs if b.get("valid_to") == ICB_ESTABLISHED]
    counts = {"regions": len(regions), "systems": len(systems), "icbs": len(icbs),
              "trusts": len(fts) + len(nts), "foundation_trusts": len(fts),
              "nhs_trusts": len(nts), "closed_trusts": len(closed_trusts),
              "ccgs": len(ccgs), "ccgs_to_2022": len(ccgs_2022),
              "ccgs_closed_earlier": len(ccgs) - len(ccgs_2022), "practices": len(practices)}
    for k, want in EXPECT.items():
        if k == "practices" and not with_practices:
            want = 0
        if counts[k] != want:
            fail(f"{where}: {counts[k]} {k}, expected {want}")

    def expect_body(bid, kind, **fields):
        b = by_id.get(bid)
        if b is None:
            fail(f"{where}: missing body {bid!r}")
        elif b["kind"] != kind or any(b.get(k) != v for k, v in fields.items()):
            fail(f"{where}: body {bid!r} is not a {kind} with {fields}")

    expect_body("spf", "national_forum")
    expect_body("nhs-staff-council", "negotiating_body")
    for b in of("subgroup"):
        if not b.get("source"):
            fail(f"{where}: subgroup {b['id']!r} does not cite its source")
    expect_body("spf-tpg", "subgroup", parent="spf", remit_sectors=TPG_REMIT_SECTORS)
    for r in regions:
        expect_body(f"{r['id']}-spf", "regional_forum", region=r["id"])
    for s in systems:
        c = s["id"]
        expect_body(f"{c}-forum", "system_forum", system=c)
        expect_body(f"{c}-people-board", "people_board", system=c)
        expect_body(f"{c}-icb", "employer", sector="icb", system=c,
                    valid_from=ICB_ESTABLISHED, valid_to=None)
        expect_body(f"{c}-icb-jncc", "jncc", employer=f"{c}-icb",
                    valid_from=ICB_ESTABLISHED, valid_to=None)
        icb = by_id.get(f"{c}-icb")
        want = sorted((b["id"] for b in ccgs_2022 if b.get("system") == c), key=str.encode)
        if icb is not None and sorted(targets(icb.get("succeeds", [])), key=str.encode) != want:
            fail(f"{where}: {c}-icb succeeds {icb.get('succeeds')!r}, expected the CCGs "
                 f"of its system {want}")
    # Successors as recorded: every succeeds target, with who succeeds it.
    successors = {}
    for b in bodies:
        for t in targets(b.get("succeeds", [])):
            successors.setdefault(t, []).append(b["id"])
    if sorted(successors) != sorted(b["id"] for b in ccgs_2022):
        fail(f"{where}: the succeeded bodies are not exactly the CCGs of 2022 "
             f"(the data records no other succession)")
    for b in ccgs_2022:
        if successors.get(b["id"]) != [f"{b.get('system')}-icb"]:
            fail(f"{where}: CCG {b['id']!r} is succeeded by {successors.get(b['id'])!r}, "
                 f"expected its system's ICB only")
    closed = [b for b in of("employer") if "valid_to" in b]
    with_succ = [b for b in closed if b["id"] in successors]
    for b in ccgs:
        if b.get("system") not in by_id:
            fail(f"{where}: CCG {b['id']!r} has no system")
        if not b.get("valid_from", "") < b.get("valid_to", "") <= ICB_ESTABLISHED:
            fail(f"{where}: CCG {b['id']!r} is not valid from a date before a "
                 f"valid_to on or before {ICB_ESTABLISHED}")
        expect_body(f"{b['id']}-jncc", "jncc", employer=b["id"],
                    valid_from=b.get("valid_from"), valid_to=b.get("valid_to"))
    for t in fts + nts + closed_trusts:
        if t.get("system") not in by_id:
            fail(f"{where}: trust {t['id']!r} has no system")
        expect_body(f"{t['id']}-jncc", "jncc", employer=t["id"],
                    valid_from=t.get("valid_from"), valid_to=t.get("valid_to"))
    for p in practices:
        if f"{p['id']}-jncc" in by_id:
            fail(f"{where}: practice {p['id']!r} has a JNCC, which the data does not give")
    jnccs = of("jncc")
    if len(jnccs) != len(icbs) + len(all_trusts) + len(ccgs):
        fail(f"{where}: {len(jnccs)} jnccs, expected one per ICB, trust and CCG")

    # The ids are exactly the data rows' codes.
    try:
        want_regions = {r["region_ods_code"] for r in read_csv(RAW / "nhs_england_regions.csv")}
        want_icbs = {r["icb_ods_code"] for r in read_csv(RAW / "icbs.csv")}
        trust_rows = read_csv(RAW / "trusts_open_england.csv")
        gp_rows = read_csv(RAW / GP_MAP)
        with open(RAW / ECCG, newline="", encoding="utf-8") as f:
            eccg_rows = list(csv.reader(f))
        with open(RAW / ETR, newline="", encoding="utf-8") as f:
            etr_rows = list(csv.reader(f))
    except OSError as e:
        fail(f"cannot read data rows: {e}")
        return g
    if {b["id"] for b in regions} != want_regions:
        fail(f"{where}: region ids differ from nhs_england_regions.csv")
    if {b["id"] for b in systems} != want_icbs:
        fail(f"{where}: system ids differ from icbs.csv")
    trust_sys = {r["trust_ods_code"]: r["icb_ods_code"] for r in trust_rows}
    if {b["id"]: b.get("system") for b in fts + nts} != trust_sys:
        fail(f"{where}: trusts (id -> system) differ from trusts_open_england.csv")
    sub_icb_sys = {r["SUB_ICB_LOCATION_CODE"]: r["ICB_CODE"] for r in gp_rows}
    if {b["id"]: b.get("system") for b in ccgs_2022} != sub_icb_sys:
        fail(f"{where}: CCGs (id -> system) differ from the GP map's sub-ICB locations")
    open_sub_icbs = {r[0]: r[3] for r in eccg_rows
                     if len(r) > 13 and not r[11] and "RO319" in r[13].split("|")}
    if open_sub_icbs != sub_icb_sys:
        fail(f"data/raw/{ECCG}: open RO319 rows (code -> ICB) differ from the GP map's "
             f"sub-ICB locations")
    # Every CCG from eccg.csv: (system, valid_from, valid_to, name in upper case
    # or None where the name is not the CCG's).
    want_ccgs, other_roles = {}, 0
    for r in eccg_rows:
        if len(r) <= 13:
            fail(f"data/raw/{ECCG}: short row {r[:2]}")
        elif r[0] in sub_icb_sys:
            want_ccgs[r[0]] = (r[3], ods_date(r[10]), ICB_ESTABLISHED, None)
        elif not r[13] and r[11] and r[1].endswith(" CCG"):
            want_ccgs[r[0]] = (r[3], ods_date(r[10]), ods_date(r[11], True), r[1])
        elif r[13] in OTHER_ECCG_ROLES:
            other_roles += 1
        else:
            fail(f"data/raw/{ECCG}: row {r[0]} is neither a sub-ICB location, a closed CCG, "
                 f"nor of role {' or '.join(sorted(OTHER_ECCG_ROLES))}")
    have_ccgs = {b["id"]: (b.get("system"), b.get("valid_from"), b.get("valid_to"),
                           None if b["id"] in sub_icb_sys else b.get("name", "").upper())
                 for b in ccgs}
    if have_ccgs != want_ccgs:
        bad = sorted(k for k in set(have_ccgs) | set(want_ccgs)
                     if have_ccgs.get(k) != want_ccgs.get(k))
        fail(f"{where}: CCGs (id -> system, validity, name) differ from eccg.csv: {bad[:10]}")
    # Closed English trusts from etr.csv, closed on or after the CCGs' start.
    history_from = min((v[1] for v in want_ccgs.values()), default="")
    want_closed = {r[0]: (r[3], ods_date(r[10]), ods_date(r[11], True), r[1])
                   for r in etr_rows if len(r) > 11 and r[2] and r[11]
                   and ods_date(r[11], True) > history_from}
    have_closed = {b["id"]: (b.get("system"), b.get("valid_from"), b.get("valid_to"),
                             b.get("name", "").upper()) for b in closed_trusts}
    if have_closed != want_closed:
        bad = sorted(k for k in set(have_closed) | set(want_closed)
                     if have_closed.get(k) != want_closed.get(k))
        fail(f"{where}: closed trusts (id -> system, validity, name) differ from etr.csv: "
             f"{bad[:10]}")
    sectors = {b["id"]: b.get("sector") for b in closed_trusts}
    want_sectors = {c: "foundation_trust" if "FOUNDATION TRUST" in v[3] else "nhs_trust"
                    for c, v in want_closed.items()}
    if sectors != want_sectors:
        fail(f"{where}: closed trusts' sectors differ from the FOUNDATION TRUST name rule")
    print(f"{where}: history from {history_from}: {len(closed)} closed employers, "
          f"{len(with_succ)} with a recorded successor, {len(closed) - len(with_succ)} with "
          f"none; {other_roles} other eccg rows left out", file=sys.stderr)
    if with_practices:
        gp_sys = {r["PRACTICE_CODE"]: r["ICB_CODE"] for r in gp_rows}
        if {b["id"]: b.get("system") for b in practices} != gp_sys:
            fail(f"{where}: practices (id -> system) differ from the GP map")
    print(f"{where}: {len(bodies)} bodies; " + ", ".join(f"{v} {k}" for k, v in counts.items()),
          file=sys.stderr)
    return g


def check_rebuild():
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([sys.executable, str(BUILD), "--out-dir", tmp],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"scripts/build_england_graph.py failed: {r.stderr.strip()}")
            return
        for name in ("england.json", "england-gp.json"):
            fresh = (pathlib.Path(tmp) / name).read_bytes()
            try:
                have = (DATA / name).read_bytes()
            except OSError as e:
                fail(f"data/{name}: {e}")
                continue
            if fresh != have:
                fail(f"data/{name}: differs from what scripts/build_england_graph.py "
                     f"produces; run `python3 scripts/build_england_graph.py`")


def main():
    check_raw()
    small = check_graph(DATA / "england.json", with_practices=False)
    big = check_graph(DATA / "england-gp.json", with_practices=True)
    if small and big:
        # The GP file is the England graph plus the practices, nothing else.
        rest = [b for b in big["bodies"] if b.get("sector") != "primary_care"]
        if rest != small["bodies"]:
            fail("data/england-gp.json: bodies other than practices differ from data/england.json")
        if small.get("links") != [] or big.get("links") != []:
            fail("links: expected [] in both files (structure is in structural fields)")
    check_rebuild()
    if failures:
        for f in failures:
            print(f"check_england_graph: FAIL: {f}", file=sys.stderr)
        print(f"check_england_graph: {len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("check_england_graph: OK", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
