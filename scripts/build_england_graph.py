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

The clinical commissioning groups (CCGs) that the ICBs replaced on
1 July 2022 are in the graph too: each of the 106 open sub-ICB locations in
the ODS eccg file keeps its CCG's code, so each becomes an employer valid from
its eccg open date until 2022-07-01 (the statutory date of the Health and Care
Act 2022), with a JNCC of the same validity, and its ICB employer (valid from
2022-07-01) `succeeds` it. The only hand-typed fact is that date.

Facts that are not in the data (meeting rules, union recognition, lead
unions, regional people boards, trust successions, CCG names, CCGs merged
before 2022) are left out rather than made up.
"""
import argparse
import csv
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

# Upstream provenance of each input (data/raw/UPSTREAM-README.md).
UPSTREAM = {
    GP_MAP: "glovs1/SSOT_PCN_Boundaries@7c225b92b25a3a8b62059b43a1a295446716644d:Data/gp-reg-pat-prac-map.csv",
    REGIONS: "derived by derive.py from " + GP_MAP,
    ICBS: "derived by derive.py from " + GP_MAP + " and jhau_nhs-spend__icb_names_codes_dec_2024.csv",
    TRUSTS: "derived by derive.py from jhau_nhs-spend__etr.csv "
            "(jhau/nhs-spend@e602ea98154e694e9afddca87e50caef0b8488b9:data/etr.csv)",
    ECCG: "jhau/nhs-spend@e602ea98154e694e9afddca87e50caef0b8488b9:data/eccg.csv",
}

SEED_SUPPORTING = "Supporting system change (seeds/001_7495c904c200ee23.txt)"
SEED_HOW = "How we do partnership (seeds/004_e5c96cf89b67a39f.txt)"

# The Health and Care Act 2022 (c. 31) established the ICBs and abolished the
# CCGs; its commencement date for both was 1 July 2022. ICBs took over the
# CCGs' functions and staff on that date. This is the one hand-typed fact of
# the CCG history (data/PROVENANCE.md).
ICB_ESTABLISHED = "2022-07-01"
# The dates the graph's structure describes (spec/domain.md section 5.14):
# from 2021-04-01, when every part of England was in an integrated care
# system. The CCGs (from 2013) and closed trusts are history inside it; an
# issue dated earlier is routed through today's systems, with a warning.
COVERS = {"from": "2021-04-01"}

# eccg.csv positional fields (no header; data/raw/UPSTREAM-README.md).
ECCG_CODE, ECCG_NAME, ECCG_REGION, ECCG_ICB, ECCG_OPEN, ECCG_CLOSE, ECCG_ROLE = 0, 1, 2, 3, 10, 11, 13
SUB_ICB_ROLE = "RO319"  # ODS role: Sub-ICB location

ICB_PREFIX = "NHS "
ICB_SUFFIX = " Integrated Care Board"

# Words kept lower case inside a title-cased trust name (never as first word).
SMALL_WORDS = {"and", "of", "the", "for", "upon", "on", "in", "at", "by", "to"}
# Words kept upper case.
ACRONYMS = {"NHS"}


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
    return f"{yyyymmdd[0:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:8]}"


def _cap_word(word):
    """Capitalise one upper-case word: the first letter of each hyphen part
    upper, the rest lower, so GUY'S -> Guy's and THOMAS' -> Thomas'."""
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


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
        # remit_sectors: the employers it exists for (spec/domain.md section
        # 1 names them): the CCGs, the ICBs that replaced them, and the CSUs.
        body("spf-tpg", "subgroup", "ICS Transition Partnership Group",
             parent="spf", remit=["staff_transfer"], remit_sectors=["ccg", "icb", "csu"],
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


def ccg_history(gp_rows, icb_codes):
    """The CCGs that became sub-ICB locations on 1 July 2022: one employer and
    one JNCC each, and, per ICB, the sorted list of the CCG codes it succeeds.

    The 106 sub-ICB locations are the distinct SUB_ICB_LOCATION_CODEs of the
    GP map (as derive.py's sub_icb_locations.csv has them); each must be an
    open eccg row with role RO319, the same ICB and region, the same name
    (ignoring case), and an open date before 2022-07-01."""
    eccg = {}
    for r in read_rows(ECCG):
        if len(r) <= ECCG_ROLE or not r[ECCG_CODE] or r[ECCG_CODE] in eccg:
            raise DataError(f"{ECCG}: short, blank or duplicate row {r[:2]}")
        eccg[r[ECCG_CODE]] = r
    subs = {}
    for r in gp_rows:
        code = r["SUB_ICB_LOCATION_CODE"]
        seen = (r["SUB_ICB_LOCATION_NAME"], r["ICB_CODE"], r["COMM_REGION_CODE"])
        if subs.setdefault(code, seen) != seen:
            raise DataError(f"{GP_MAP}: sub-ICB location {code} has differing name/ICB/region")
    ccgs, jnccs, succeeded = [], [], {}
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
        label = f"CCG {code} (now {name})"
        ccgs.append(body(code, "employer", label, sector="ccg", system=icb,
                         valid_from=since, valid_to=ICB_ESTABLISHED,
                         ods_role="CCG", sub_icb_name=name))
        jnccs.append(body(f"{code}-jncc", "jncc", f"CCG {code} JNCC", employer=code,
                          valid_from=since, valid_to=ICB_ESTABLISHED))
        succeeded.setdefault(icb, []).append(code)
    return ccgs + jnccs, succeeded


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
    ccg_bodies, succeeded = ccg_history(gp_rows, icb_codes)
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

    practices = []
    if with_practices:
        seen = set()
        for r in gp_rows:
            code, icb = r["PRACTICE_CODE"], r["ICB_CODE"]
            if not code or code in seen or code in trust_codes:
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

    inputs = [REGIONS, ICBS, TRUSTS, ECCG, GP_MAP]
    source = {
        "generator": "scripts/build_england_graph.py",
        "provenance": "data/PROVENANCE.md",
        "inputs": [{"file": f"data/raw/{n}", "sha256": sha256(n), "upstream": UPSTREAM[n]}
                   for n in inputs],
        "snapshots": {
            "regions_icbs": "NHS England GP registration mapping, EXTRACT_DATE 01Oct2025; "
                            "ICB names from ONS 'ICB names and codes (December 2024)'",
            "trusts": "ODS etr.csv, snapshot January 2025 or later (latest open date "
                      "2024-11-01, latest close date 2024-12-31)",
            "ccgs": "the 106 sub-ICB locations of the GP map (October 2025), with open "
                    "dates from ODS eccg.csv (latest open date 2024-07-24)",
        },
        "counts": {
            "regions": len(region_codes),
            "systems": len(icb_codes),
            "trusts": len(trust_codes),
            "ccgs": sum(1 for b in ccg_bodies if b["kind"] == "employer"),
            **({"gp_practices": len(practices)} if with_practices else {}),
        },
        "caveats": [
            "A trust's system is the ICB where its headquarters sits (ODS High Level "
            "Health Geography), not every system it serves.",
            "Trust valid_from is the ODS open date; closed trusts and successions are "
            "left out (the data has no succession field).",
            "Forum, people board and JNCC names are descriptive labels, not official titles.",
            "Not in the data and so left out: meeting rules, union recognition, lead "
            "unions, regional people boards, regional SPF membership.",
            "ICB employers and their JNCCs are valid from 2022-07-01 (Health and Care Act "
            "2022); each succeeds the CCGs whose codes are its sub-ICB locations.",
            "CCGs: one per sub-ICB location code, valid from its eccg open date to "
            "2022-07-01, in its sub-ICB location's current ICB's system; the CCG name is "
            "not in the data (the label is built from the code and the sub-ICB name); "
            "CCGs merged or closed before 2022 are left out.",
        ] + ([
            "GP practices: names as published (upper case); pcn 'U' means unallocated; "
            "no JNCC is given for a practice (not in the data).",
        ] if with_practices else []),
    }
    return {"spfgov": 1, "covers": COVERS, "source": source, "bodies": bodies, "links": []}


def dumps(graph):
    """JSON text with one body per line (readable, diff-friendly), UTF-8,
    trailing newline."""
    def j(v, indent=None):
        return json.dumps(v, ensure_ascii=False, indent=indent)
    src = j(graph["source"], 1).replace("\n", "\n ")
    lines = ["{", ' "spfgov": 1,', f' "covers": {j(graph["covers"])},', f' "source": {src},', ' "bodies": [']
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
