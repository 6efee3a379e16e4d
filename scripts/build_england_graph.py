#!/usr/bin/env python3
"""Build the built-in England graph (data/england.json) and its GP-practice
variant (data/england-gp.json) from the files in data/raw/.

    python3 scripts/build_england_graph.py [--out-dir DIR]

Python 3 standard library only. The output is deterministic: the same inputs
give byte-identical files. Every region, ICB, trust and GP practice comes from
a row of a data file in data/raw/ (see data/PROVENANCE.md); nothing
organisational is typed by hand here. The only hand-written bodies are the
national Social Partnership Forum, its sub-groups (each citing the seed
document that names it) and the NHS Staff Council (domain knowledge,
docs: spec/domain.md section 1).

The history since the CCGs began (2013-04-01, the earliest CCG open date in
the ODS eccg file) is in the graph too, all from the ODS files:
  - the clinical commissioning groups (sector "ccg"): the 106 that the ICBs
    replaced on 1 July 2022 (each of the 106 open sub-ICB locations in eccg
    keeps its CCG's code; valid from its eccg open date until 2022-07-01, the
    statutory date of the Health and Care Act 2022; its ICB employer, valid
    from 2022-07-01, `succeeds` it), and the CCGs that closed before 2022
    (eccg rows with a close date; valid from the open date until the day
    after the close date, with their eccg names);
  - the NHS trusts that closed since then (etr rows with a close date on or
    after 2013-04-01; valid until the day after the close date);
each with a JNCC of the same validity. Neither file records a successor, so a
CCG or trust that closed before 2022 succeeds into nothing: an issue naming it
after its close date fails (spec/domain.md R11).

Hand-typed, each from a cited source: 2022-07-01 (the Act), the graph's
coverage from 2021-04-01 and the TPG's remit_sectors (spec/domain.md 5.14
and 1). Facts that are not in the data (meeting rules, union recognition,
lead unions, regional people boards, regional SPF names, trust and pre-2022
CCG successions, the names of the 106 CCGs of 2022, ICB changes after the
October 2025 snapshot) are left out rather than made up.
"""
import argparse
import csv
import datetime
import hashlib
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"

GP_MAP = "glovs1_SSOT_PCN_Boundaries__gp-reg-pat-prac-map_Oct2025.csv"
REGIONS = "nhs_england_regions.csv"
ICBS = "icbs.csv"
TRUSTS = "trusts_open_england.csv"
ECCG = "jhau_nhs-spend__eccg.csv"
ETR = "jhau_nhs-spend__etr.csv"

# Upstream provenance of each input (data/raw/UPSTREAM-README.md).
UPSTREAM = {
    GP_MAP: "glovs1/SSOT_PCN_Boundaries@7c225b92b25a3a8b62059b43a1a295446716644d:Data/gp-reg-pat-prac-map.csv",
    REGIONS: "derived by derive.py from " + GP_MAP,
    ICBS: "derived by derive.py from " + GP_MAP + " and jhau_nhs-spend__icb_names_codes_dec_2024.csv",
    TRUSTS: "derived by derive.py from jhau_nhs-spend__etr.csv "
            "(jhau/nhs-spend@e602ea98154e694e9afddca87e50caef0b8488b9:data/etr.csv)",
    ECCG: "jhau/nhs-spend@e602ea98154e694e9afddca87e50caef0b8488b9:data/eccg.csv",
    ETR: "jhau/nhs-spend@e602ea98154e694e9afddca87e50caef0b8488b9:data/etr.csv",
}

SEED_SUPPORTING = "Supporting system change (seeds/001_7495c904c200ee23.txt)"
SEED_HOW = "How we do partnership (seeds/004_e5c96cf89b67a39f.txt)"

# The Health and Care Act 2022 (c. 31) established the ICBs and abolished the
# CCGs; its commencement date for both was 1 July 2022. ICBs took over the
# CCGs' functions and staff on that date. This is the one hand-typed fact of
# the CCG history (data/PROVENANCE.md).
ICB_ESTABLISHED = "2022-07-01"

# The dates the built-in graphs describe (spec/domain.md 5.14: "The built-in
# England graphs cover from 2021-04-01 (every part of England in an
# integrated care system)"). Written as the top-level "covers".
COVERS_FROM = "2021-04-01"

# The employer sectors the ICS Transition Partnership Group covers
# (spec/domain.md section 1, subgroup, and section 6 item 3: "the ICS
# Transition Partnership Group covers transfers of CCG, ICB and CSU staff").
TPG_REMIT_SECTORS = ["ccg", "icb", "csu"]

# eccg.csv and etr.csv positional fields (no header; data/raw/UPSTREAM-README.md).
ECCG_CODE, ECCG_NAME, ECCG_REGION, ECCG_ICB, ECCG_OPEN, ECCG_CLOSE, ECCG_ROLE = 0, 1, 2, 3, 10, 11, 13
ETR_CODE, ETR_NAME, ETR_REGION, ETR_ICB, ETR_POSTCODE, ETR_OPEN, ETR_CLOSE = 0, 1, 2, 3, 9, 10, 11
SUB_ICB_ROLE = "RO319"  # ODS role: Sub-ICB location
# eccg rows that are neither a CCG nor a sub-ICB location: left out.
OTHER_ECCG_ROLES = {
    "RO327": "sub-ICB reporting entity (opened 2024)",
    "RO218": "NHS England commissioning hub",
}

ICB_PREFIX = "NHS "
ICB_SUFFIX = " Integrated Care Board"

# Words kept lower case inside a title-cased trust name (never as first word).
SMALL_WORDS = {"and", "of", "the", "for", "upon", "on", "in", "at", "by", "to"}
# Words kept upper case.
ACRONYMS = {"NHS", "CCG"}


class DataError(Exception):
    pass


def read_rows(name):
    """A CSV file without a header row, as lists of fields."""
    with open(RAW / name, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def read_csv(name):
    path = RAW / name
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def sha256(name):
    return hashlib.sha256((RAW / name).read_bytes()).hexdigest()


def iso(yyyymmdd, what):
    if not re.fullmatch(r"\d{8}", yyyymmdd):
        raise DataError(f"{what}: date {yyyymmdd!r} is not YYYYMMDD")
    try:
        return datetime.date(int(yyyymmdd[0:4]), int(yyyymmdd[4:6]),
                             int(yyyymmdd[6:8])).isoformat()
    except ValueError:
        raise DataError(f"{what}: {yyyymmdd!r} is not a calendar date") from None


def day_after(yyyymmdd, what):
    """The exclusive valid_to for an ODS close date. The ODS close date is the
    organisation's last day: the data shows it, e.g. 74 CCGs closed on
    20200331 and the CCGs formed from them opened on 20200401."""
    d = datetime.date.fromisoformat(iso(yyyymmdd, what)) + datetime.timedelta(days=1)
    return d.isoformat()


def _cap_part(part):
    """The first letter upper, the rest lower; leading punctuation kept, so
    GUY'S -> Guy's, THOMAS' -> Thomas' and (WESTMINSTER) -> (Westminster)."""
    for i, ch in enumerate(part):
        if ch.isalpha():
            return part[:i] + ch.upper() + part[i + 1:].lower()
    return part


def _cap_word(word):
    """Capitalise one upper-case word, each hyphen part on its own; a small
    word after a hyphen stays lower case (STOCKTON-ON-TEES -> Stockton-on-Tees)."""
    parts = word.split("-")
    return "-".join(_cap_part(p) if i == 0 or p.lower() not in SMALL_WORDS else p.lower()
                    for i, p in enumerate(parts))


def title_case(name):
    """Mechanical readable case for an upper-case ODS name."""
    out = []
    for i, word in enumerate(name.split()):
        core = word.strip(",.()")
        if core.upper() in ACRONYMS:
            out.append(word)
        elif i > 0 and core.lower() in SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(_cap_word(word))
    return " ".join(out)


def icb_core(icb_name):
    """'NHS Birmingham and Solihull Integrated Care Board' -> 'Birmingham and Solihull'."""
    if not (icb_name.startswith(ICB_PREFIX) and icb_name.endswith(ICB_SUFFIX)):
        raise DataError(f"ICB name {icb_name!r} is not 'NHS ... Integrated Care Board'")
    return icb_name[len(ICB_PREFIX):-len(ICB_SUFFIX)]


def body(id_, kind, name=None, **fields):
    """A body with a fixed key order: id, kind, name, then the rest as given."""
    b = {"id": id_, "kind": kind}
    if name is not None:
        b["name"] = name
    for k, v in fields.items():
        if v is not None:
            b[k] = v
    return b


def national_bodies():
    return [
        body("spf", "national_forum", "Social Partnership Forum",
             source=SEED_HOW),
        # Remit: the seed says the TPG was set up "to enable partners to get
        # involved in the organisational change arising from the establishment
        # of statutory ICSs" and produced the HR Framework, "the mechanism of
        # transfer for staff moving to statutory ICBs". staff_transfer is what
        # it clearly supports; a generic "restructure" remit would engage it on
        # every trust restructure in England, which the seed does not say.
        # remit_sectors: the CCG, ICB and CSU staff it exists for
        # (spec/domain.md section 1 and section 6 item 3).
        body("spf-tpg", "subgroup", "ICS Transition Partnership Group",
             parent="spf", remit=["staff_transfer"], remit_sectors=TPG_REMIT_SECTORS,
             valid_from="2021-04-01", source=SEED_SUPPORTING),
        # The seed names these sub-groups but gives no remit: no remit field,
        # so R7 never engages them (domain.md settled reading 9).
        body("spf-wig", "subgroup", "Workforce Issues Group",
             parent="spf", formerly="staff passport group",
             source=SEED_HOW),
        body("spf-francis", "subgroup", "Francis sub-group",
             parent="spf", source=SEED_HOW),
        body("nhs-staff-council", "negotiating_body", "NHS Staff Council",
             source="domain knowledge (spec/domain.md section 1: negotiating_body)"),
    ]


def read_eccg():
    """eccg.csv by code (codes unique, rows complete)."""
    eccg = {}
    for r in read_rows(ECCG):
        if len(r) <= ECCG_ROLE or not r[ECCG_CODE] or r[ECCG_CODE] in eccg:
            raise DataError(f"{ECCG}: short, blank or duplicate row {r[:2]}")
        eccg[r[ECCG_CODE]] = r
    return eccg


def ccg_history(gp_rows, icb_codes):
    """The clinical commissioning groups, one employer (sector "ccg") and one
    JNCC each, with: per ICB, the sorted list of the CCG codes it succeeds;
    the earliest CCG open date (where the graph's history starts); and the
    count of eccg rows left out, by role.

    Every eccg row is one of three things, or the build fails:
      - one of the 106 sub-ICB locations of the GP map (open, role RO319,
        same ICB, region and name, opened before 2022-07-01): the CCG of that
        code, valid until 2022-07-01, succeeded by its ICB;
      - a closed row with no role whose name ends in " CCG": a CCG that
        closed before the ICBs came, valid until the day after its close
        date, with its eccg name; eccg has no successor field, so it has no
        recorded successor;
      - a row with a role of OTHER_ECCG_ROLES: not a CCG, left out."""
    eccg = read_eccg()
    subs = {}
    for r in gp_rows:
        code = r["SUB_ICB_LOCATION_CODE"]
        seen = (r["SUB_ICB_LOCATION_NAME"], r["ICB_CODE"], r["COMM_REGION_CODE"])
        if subs.setdefault(code, seen) != seen:
            raise DataError(f"{GP_MAP}: sub-ICB location {code} has differing name/ICB/region")
    ccgs, jnccs, succeeded = [], [], {}

    def add(code, label, jncc_label, icb, since, until, **extra):
        ccgs.append(body(code, "employer", label, sector="ccg", system=icb,
                         valid_from=since, valid_to=until, **extra))
        jnccs.append(body(f"{code}-jncc", "jncc", jncc_label, employer=code,
                          valid_from=since, valid_to=until))

    for code in sorted(subs, key=lambda c: c.encode("utf-8")):
        name, icb, region = subs[code]
        e = eccg.get(code)
        if e is None:
            raise DataError(f"{ECCG}: no row for sub-ICB location {code}")
        if e[ECCG_CLOSE] or SUB_ICB_ROLE not in e[ECCG_ROLE].split("|"):
            raise DataError(f"{ECCG}: {code} is not an open sub-ICB location ({SUB_ICB_ROLE})")
        if (e[ECCG_ICB], e[ECCG_REGION]) != (icb, region) or e[ECCG_NAME] != name.upper():
            raise DataError(f"{ECCG}: {code} differs from the GP map (name, ICB or region)")
        if icb not in icb_codes:
            raise DataError(f"{GP_MAP}: sub-ICB location {code} has unknown ICB {icb!r}")
        since = iso(e[ECCG_OPEN], f"{ECCG}: {code} open date")
        if since >= ICB_ESTABLISHED:
            raise DataError(f"{ECCG}: {code} opened on {since}, after the CCGs were abolished")
        # eccg now holds the sub-ICB location's name ("NHS <ICB> ICB - <code>"),
        # not the CCG's: the CCG name is not in the data, so the label says what
        # the code is and what it became.
        add(code, f"CCG {code} (now {name})", f"CCG {code} JNCC", icb, since, ICB_ESTABLISHED,
            sub_icb_name=name)
        succeeded.setdefault(icb, []).append(code)

    left_out = {}
    for code in sorted(eccg, key=lambda c: c.encode("utf-8")):
        e = eccg[code]
        if code in subs:
            continue
        role = e[ECCG_ROLE]
        if role in OTHER_ECCG_ROLES:
            left_out[role] = left_out.get(role, 0) + 1
            continue
        if role or not e[ECCG_CLOSE] or not e[ECCG_NAME].endswith(" CCG"):
            raise DataError(f"{ECCG}: row {code} ({e[ECCG_NAME]!r}, role {role!r}) is neither "
                            f"a GP-map sub-ICB location, a closed CCG nor a known other role")
        icb, region = e[ECCG_ICB], e[ECCG_REGION]
        if icb_codes.get(icb) != region:
            raise DataError(f"{ECCG}: closed CCG {code} has ICB {icb!r} and region {region!r}, "
                            f"not a known ICB in that region")
        since = iso(e[ECCG_OPEN], f"{ECCG}: {code} open date")
        until = day_after(e[ECCG_CLOSE], f"{ECCG}: {code} close date")
        if not since < until <= ICB_ESTABLISHED:
            raise DataError(f"{ECCG}: closed CCG {code} open {since}, closed before {until}: "
                            f"not a period ending by {ICB_ESTABLISHED}")
        name = title_case(e[ECCG_NAME])
        add(code, name, f"{name} JNCC", icb, since, until)
    history_from = min(b["valid_from"] for b in ccgs)
    return ccgs + jnccs, succeeded, history_from, left_out


def closed_trusts(open_codes, icb_codes, history_from):
    """The English NHS trusts in etr.csv with a close date on or after
    `history_from` (i.e. still open on the day the CCGs began), one employer
    and one JNCC each, valid from the open date until the day after the close
    date. etr.csv has no successor field: none is given. Also checks that the
    open English rows of etr.csv are exactly `open_codes` (the derived
    trusts_open_england.csv). Returns the bodies and the count of closed
    English trusts left out because they closed before `history_from`."""
    bodies, open_rows, earlier = [], set(), 0
    seen = set()
    for r in read_rows(ETR):
        if len(r) <= ETR_CLOSE or not r[ETR_CODE] or r[ETR_CODE] in seen:
            raise DataError(f"{ETR}: short, blank or duplicate row {r[:2]}")
        code = r[ETR_CODE]
        seen.add(code)
        if not r[ETR_REGION]:
            if not r[ETR_CLOSE] and r[ETR_ICB]:
                raise DataError(f"{ETR}: {code} has an ICB but no region")
            continue  # not English (the Welsh trusts)
        if not r[ETR_CLOSE]:
            open_rows.add(code)
            continue
        icb = r[ETR_ICB]
        if icb_codes.get(icb) != r[ETR_REGION]:
            raise DataError(f"{ETR}: closed trust {code} has ICB {icb!r} and region "
                            f"{r[ETR_REGION]!r}, not a known ICB in that region")
        since = iso(r[ETR_OPEN], f"{ETR}: {code} open date")
        until = day_after(r[ETR_CLOSE], f"{ETR}: {code} close date")
        if until <= since:
            raise DataError(f"{ETR}: trust {code} closes before it opens")
        if until <= history_from:
            earlier += 1
            continue
        # The same rule as derive.py's ft_flag_from_name.
        sector = "foundation_trust" if "FOUNDATION TRUST" in r[ETR_NAME] else "nhs_trust"
        name = title_case(r[ETR_NAME])
        bodies.append(body(code, "employer", name, sector=sector, system=icb,
                           valid_from=since, valid_to=until, postcode=r[ETR_POSTCODE]))
        bodies.append(body(f"{code}-jncc", "jncc", f"{name} JNCC", employer=code,
                           valid_from=since, valid_to=until))
    if open_rows != set(open_codes):
        raise DataError(f"{ETR}: the open English trusts differ from {TRUSTS}")
    return bodies, earlier


def build(with_practices):
    regions = read_csv(REGIONS)
    icbs = read_csv(ICBS)
    trusts = read_csv(TRUSTS)
    gp_rows = read_csv(GP_MAP)

    region_codes = set()
    regional = []
    for r in regions:
        code, name = r["region_ods_code"], r["region_name"]
        if not code or not name or code in region_codes:
            raise DataError(f"{REGIONS}: bad or duplicate region row {r}")
        region_codes.add(code)
        regional.append(body(code, "region", name, ons_code=r["region_ons_code"]))
        regional.append(body(f"{code}-spf", "regional_forum",
                             f"{name} Regional Social Partnership Forum", region=code))

    icb_codes = {r["icb_ods_code"]: r["region_ods_code"] for r in icbs}
    ccg_bodies, succeeded, history_from, eccg_left_out = ccg_history(gp_rows, icb_codes)
    icb_codes = {}
    systems = []
    for r in icbs:
        code, name, region = r["icb_ods_code"], r["icb_name"], r["region_ods_code"]
        if not code or code in icb_codes:
            raise DataError(f"{ICBS}: bad or duplicate ICB row {r}")
        if region not in region_codes:
            raise DataError(f"{ICBS}: ICB {code} has unknown region {region!r}")
        icb_codes[code] = region
        core = icb_core(name)
        ccgs = succeeded.get(code)
        if not ccgs:
            raise DataError(f"{ICBS}: ICB {code} has no sub-ICB location (CCG) to succeed")
        systems += [
            body(code, "system", f"{core} ICS", region=region,
                 ons_code=r["icb_ons_code"]),
            body(f"{code}-forum", "system_forum",
                 f"{core} System Partnership Forum", system=code),
            body(f"{code}-people-board", "people_board",
                 f"{core} ICS People Board", system=code),
            # One CCG: a string, several: an array (as spfgov's writer does).
            body(f"{code}-icb", "employer", name, sector="icb", system=code,
                 succeeds=ccgs[0] if len(ccgs) == 1 else ccgs,
                 valid_from=ICB_ESTABLISHED, ods_code=code),
            body(f"{code}-icb-jncc", "jncc", f"{name} JNCC", employer=f"{code}-icb",
                 valid_from=ICB_ESTABLISHED),
        ]

    trust_codes = set()
    employers = []
    for r in trusts:
        code, icb = r["trust_ods_code"], r["icb_ods_code"]
        if not code or code in trust_codes:
            raise DataError(f"{TRUSTS}: bad or duplicate trust row {r}")
        if icb not in icb_codes:
            raise DataError(f"{TRUSTS}: trust {code} has unknown ICB {icb!r}")
        if icb_codes[icb] != r["region_ods_code"]:
            raise DataError(f"{TRUSTS}: trust {code} region {r['region_ods_code']} "
                            f"is not its ICB's region {icb_codes[icb]}")
        flag = r["ft_flag_from_name"]
        sector = {"FOUNDATION TRUST": "foundation_trust", "NHS TRUST": "nhs_trust"}.get(flag)
        if sector is None:
            raise DataError(f"{TRUSTS}: trust {code} has unknown ft_flag_from_name {flag!r}")
        trust_codes.add(code)
        name = title_case(r["trust_name"])
        since = iso(r["open_date"], f"{TRUSTS}: trust {code} open_date")
        employers.append(body(code, "employer", name, sector=sector, system=icb,
                              valid_from=since, postcode=r["hq_postcode"]))
        employers.append(body(f"{code}-jncc", "jncc", f"{name} JNCC",
                              employer=code, valid_from=since))

    closed, closed_before_history = closed_trusts(trust_codes, icb_codes, history_from)
    employers += closed
    closed_codes = {b["id"] for b in closed if b["kind"] == "employer"}

    practices = []
    if with_practices:
        seen = set()
        for r in gp_rows:
            code, icb = r["PRACTICE_CODE"], r["ICB_CODE"]
            if not code or code in seen or code in trust_codes or code in closed_codes:
                raise DataError(f"{GP_MAP}: bad or duplicate practice code {code!r}")
            if icb not in icb_codes:
                raise DataError(f"{GP_MAP}: practice {code} has unknown ICB {icb!r}")
            if icb_codes[icb] != r["COMM_REGION_CODE"]:
                raise DataError(f"{GP_MAP}: practice {code} region differs from its ICB's")
            seen.add(code)
            practices.append(body(code, "employer", r["PRACTICE_NAME"],
                                  sector="primary_care", system=icb,
                                  pcn=r["PCN_CODE"], postcode=r["PRACTICE_POSTCODE"]))

    def by_id(bs):
        return sorted(bs, key=lambda b: b["id"].encode("utf-8"))

    bodies = (national_bodies() + by_id(regional) + by_id(systems)
              + by_id(employers) + by_id(ccg_bodies) + by_id(practices))
    ids = [b["id"] for b in bodies]
    if len(ids) != len(set(ids)):
        raise DataError("duplicate body ids")

    inputs = [REGIONS, ICBS, TRUSTS, ECCG, ETR, GP_MAP]
    ccg_employers = [b for b in ccg_bodies if b["kind"] == "employer"]
    source = {
        "generator": "scripts/build_england_graph.py",
        "provenance": "data/PROVENANCE.md",
        "inputs": [{"file": f"data/raw/{n}", "sha256": sha256(n), "upstream": UPSTREAM[n]}
                   for n in inputs],
        "history_from": history_from,
        "snapshots": {
            "regions_icbs": "NHS England GP registration mapping, EXTRACT_DATE 01Oct2025; "
                            "ICB names from ONS 'ICB names and codes (December 2024)'",
            "trusts": "ODS etr.csv, snapshot January 2025 or later (latest open date "
                      "2024-11-01, latest close date 2024-12-31)",
            "ccgs": "ODS eccg.csv (latest open date 2024-07-24): its closed CCG rows, and "
                    "the 106 sub-ICB locations of the GP map (October 2025)",
        },
        "counts": {
            "regions": len(region_codes),
            "systems": len(icb_codes),
            "trusts": len(trust_codes),
            "closed_trusts": len(closed_codes),
            "closed_trusts_left_out_closed_before_history_from": closed_before_history,
            "ccgs": len(ccg_employers),
            "ccgs_abolished_2022": sum(1 for b in ccg_employers
                                       if b["valid_to"] == ICB_ESTABLISHED),
            "ccgs_closed_before_2022": sum(1 for b in ccg_employers
                                           if b["valid_to"] < ICB_ESTABLISHED),
            "eccg_rows_left_out": {f"{role} {OTHER_ECCG_ROLES[role]}": n
                                   for role, n in sorted(eccg_left_out.items())},
            **({"gp_practices": len(practices)} if with_practices else {}),
        },
        "caveats": [
            f"covers from {COVERS_FROM} (spec/domain.md 5.14): the graph also holds the "
            f"CCGs from {history_from} and the trusts closed since, but before {COVERS_FROM} "
            "their systems, forums and regions are today's.",
            "A trust's or CCG's system is the ICB where its headquarters sits (ODS High "
            "Level Health Geography as ODS records it now, also for closed ones), not every "
            "system it serves.",
            "Trust and CCG valid_from is the ODS open date; valid_to the day after the ODS "
            "close date. etr.csv and eccg.csv have no successor field: a closed trust, and a "
            "CCG closed before 2022, has no successor in the graph.",
            "Forum, people board and JNCC names are descriptive labels, not official titles.",
            "Not in the data and so left out: meeting rules, union recognition, lead "
            "unions, regional people boards, regional SPF names and membership, CSUs, "
            "ICB mergers or clusters after October 2025.",
            "ICB employers and their JNCCs are valid from 2022-07-01 (Health and Care Act "
            "2022); each succeeds the CCGs whose codes are its sub-ICB locations.",
            "The 106 CCGs of 2022: one per sub-ICB location code, valid from its eccg "
            "open date to 2022-07-01; eccg holds the sub-ICB location's name for these "
            "codes, not the CCG's, so the label is built from the code and the sub-ICB name. "
            "Earlier CCGs have their eccg names.",
        ] + ([
            "GP practices: names as published (upper case); pcn 'U' means unallocated; "
            "no JNCC is given for a practice (not in the data).",
        ] if with_practices else []),
    }
    return {"spfgov": 1, "covers": {"from": COVERS_FROM}, "source": source,
            "bodies": bodies, "links": []}


def dumps(graph):
    """JSON text with one body per line (readable, diff-friendly), UTF-8,
    trailing newline."""
    def j(v, indent=None):
        return json.dumps(v, ensure_ascii=False, indent=indent)
    src = j(graph["source"], 1).replace("\n", "\n ")
    lines = ["{", ' "spfgov": 1,', f' "covers": {j(graph["covers"])},',
             f' "source": {src},', ' "bodies": [']
    bodies = graph["bodies"]
    for i, b in enumerate(bodies):
        lines.append("  " + j(b) + ("," if i + 1 < len(bodies) else ""))
    lines.append(" ],")
    lines.append(' "links": []' if not graph["links"] else ' "links": ' + j(graph["links"]))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    if json.loads(text) != graph:
        raise DataError("internal error: serialised graph does not round-trip")
    return text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", default=str(ROOT / "data"),
                    help="where to write england.json and england-gp.json (default: data/)")
    args = ap.parse_args(argv)
    out = pathlib.Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    try:
        for fname, with_gp in (("england.json", False), ("england-gp.json", True)):
            text = dumps(build(with_gp))
            (out / fname).write_bytes(text.encode("utf-8"))
            print(f"wrote {out / fname} ({len(text.encode('utf-8'))} bytes)", file=sys.stderr)
    except (DataError, OSError, KeyError) as e:
        print(f"build_england_graph: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
