"""spfgov (the Python module): routing equals the command's output."""
import datetime
import decimal
import json
import os
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

import spfgov
from conftest import run

UHB = {"id": "UHB-estates-2027", "title": "Estates restructure", "kind": "redundancy", "origin": "employer",
       "affected": ["RRK"], "date": "2026-11-22", "redundancies": {"RRK": 25}, "first_dismissal": "2027-03-01",
       "system_process_agreed": False}


def test_route_equals_the_command(cli, source_dir):
    path = source_dir / "examples/issues/uhb-restructure.json"
    expected = json.loads(run(cli, "route", "--issue", path, check_status=0).stdout)
    assert spfgov.route(json.loads(path.read_text())) == expected
    assert spfgov.route(path.read_text(), graph=spfgov.Graph.england()) == expected


def test_route_as_of_and_policy(cli, source_dir, tmp_path):
    issue = tmp_path / "i.json"
    issue.write_text(json.dumps(UHB))
    policy = source_dir / "tests/cli/fixtures/policy-no-r4.yaml"
    expected = json.loads(run(cli, "route", "--issue", issue, "--as-of", "2026-12-01", "--policy", policy,
                              check_status=0).stdout)
    got = spfgov.route(UHB, as_of="2026-12-01", policy=spfgov.Policy.load(policy))
    assert got == expected and got["as_of"] == "2026-12-01"
    import datetime
    assert spfgov.route(UHB, as_of=datetime.date(2026, 12, 1), policy=spfgov.Policy.load(policy)) == expected


def test_graph_load_with_overlays(cli, source_dir, tmp_path):
    overlay = source_dir / "examples/overlays/hypothetical-bsbc-icb-merger.json"
    g = spfgov.Graph.load("england", overlays=[overlay])
    assert g.body_count > spfgov.Graph.england().body_count - 1
    assert not [d for d in g.validate() if d["severity"] == "error"]
    issue = tmp_path / "i.json"
    issue.write_text(json.dumps(UHB))
    expected = json.loads(run(cli, "route", "--graph", "england", "--graph", overlay, "--issue", issue,
                              check_status=0).stdout)
    assert spfgov.route(UHB, graph=g) == expected
    assert pickle.loads(pickle.dumps(g)).names == g.names


def test_typed_errors(source_dir):
    with pytest.raises(spfgov.IssueError) as e:
        spfgov.route(dict(UHB, affected=["NO-SUCH"]))
    assert e.value.code == "unknown_id" and "NO-SUCH" in e.value.message
    with pytest.raises(spfgov.Error) as e:
        spfgov.route(dict(UHB, kind="frobnicate"))
    assert e.value.pointer == "/kind", e.value.message
    with pytest.raises(spfgov.ParseError):
        spfgov.route('{"id": ')
    with pytest.raises(spfgov.PolicyError) as e:
        spfgov.Policy.load(source_dir / "tests/cli/fixtures/policy-bad.yaml")
    assert e.value.code.startswith("policy.")
    with pytest.raises(spfgov.ParseError) as e:
        spfgov.Graph.load("/no/such/graph.json")
    assert (e.value.file, e.value.pointer) == ("/no/such/graph.json", None)  # a path is not a pointer
    with pytest.raises(spfgov.DateError):
        spfgov.route(UHB, as_of="2026-02-30")
    assert issubclass(spfgov.IssueError, spfgov.Error)


def test_errors_carry_their_position_as_fields():
    # The key path of a policy, not its error code (policy.unknown_key looks like one).
    with pytest.raises(spfgov.PolicyError) as e:
        spfgov.Policy.from_text("spfgov-policy: 1\nbased_on: default\nrules:\n  R4: {enabled: maybe}\n", "mine.yaml")
    assert (e.value.file, e.value.line, e.value.pointer) == ("mine.yaml", 4, "/rules/R4/enabled"), e.value.message
    with pytest.raises(spfgov.PolicyError) as e:
        spfgov.Policy.from_text("spfgov-policy: 1\nbogus: 1\n", "mine.yaml")
    assert (e.value.code, e.value.line, e.value.column, e.value.pointer) == ("policy.unknown_key", 2, 1, "/bogus")
    with pytest.raises(spfgov.IssueError) as e:
        spfgov.route(dict(UHB, kind=5))
    assert (e.value.file, e.value.line, e.value.pointer) == ("<issue>", 1, "/kind")
    copy = pickle.loads(pickle.dumps(e.value))
    assert (type(copy), copy.code, copy.pointer, copy.line, copy.column) == (
        spfgov.IssueError, "wrong_type", "/kind", 1, e.value.column)


def test_a_bad_as_of_is_an_error_before_anything_is_routed():
    with pytest.raises(spfgov.DateError) as e:
        spfgov.route_lines([], as_of="2026-13-01")
    assert e.value.code == "bad_date"
    # In the right form, but no such day: the message says a day that exists.
    with pytest.raises(spfgov.DateError, match="a day that exists"):
        spfgov.route_lines([], as_of="2026-02-29")
    # A real day before spfgov's dates begin: the range, not "that exists".
    with pytest.raises(spfgov.DateError, match="a day from 1400-01-01 to 9999-12-31"):
        spfgov.redundancies_frame([], as_of="0001-01-01")
    with pytest.raises(spfgov.DateError) as e:
        spfgov.route_lines([], as_of="2026-02-2\x1b")
    assert "\x1b" not in str(e.value)  # shown visibly, not sent to a terminal


def test_an_as_of_outside_the_calendar_is_a_date_error_not_an_issue_error():
    for as_of in ("1900-01-01", "2101-01-01"):
        with pytest.raises(spfgov.DateError) as e:
            spfgov.route(UHB, as_of=as_of)
        assert e.value.code == "calendar_out_of_range" and "1978-01-01 to 2100-12-31" in e.value.message
        with pytest.raises(spfgov.DateError):
            spfgov.route_many([UHB], as_of=as_of)
    with pytest.raises(spfgov.IssueError) as e:  # the calendar's first day is a date; RRK is not yet open
        spfgov.route(UHB, as_of="1978-01-01")
    assert e.value.code == "not_yet_valid"


def test_routing_on_a_graph_with_errors_raises_graph_error(source_dir):
    # As `spfgov route` refuses it: a route on a broken graph would be wrong without saying so.
    g = spfgov.Graph.load(source_dir / "tests/cli/fixtures/overlay-bad-kind.json")
    assert any(d["severity"] == "error" for d in g.validate())  # loading and validating still work
    for call in (lambda: spfgov.route(UHB, graph=g), lambda: spfgov.route_many([UHB], graph=g),
                 lambda: spfgov.routes_frame([UHB], graph=g), lambda: spfgov.diff([UHB], vs_graph=g)):
        with pytest.raises(spfgov.GraphError) as e:
            call()
        assert e.value.code == "invalid_graph" and "forbidden_link" in e.value.message, e.value.message


def test_validate_gives_each_findings_position_as_data(source_dir):
    # As `spfgov validate --format json` does: file, line, column and JSON
    # pointer as fields (None when unknown), saying what "where" says.
    path = source_dir / "tests/cli/fixtures/dangling.json"
    found = [d for d in spfgov.Graph.load(path).validate() if d["code"] == "dangling_reference"]
    assert len(found) == 1
    d = found[0]
    assert (d["file"], d["line"], d["pointer"]) == (str(path), 5, "/bodies/3/system")
    assert d["where"] == "%s:%d:%d %s" % (d["file"], d["line"], d["column"], d["pointer"])


def test_a_file_name_that_is_not_utf8_is_no_unicode_error(tmp_path):
    # The name as os.fsdecode gives it in "file"; shown as \xe9 in the texts, as
    # spfgov.Error's message shows it; never a UnicodeDecodeError.
    name = tmp_path / os.fsdecode(b"caf\xe9.json")
    name.write_text('{"spfgov": 1, "bodies": [{"id": "a", "kind": "region"}, {"id": "a", "kind": "region"}]}')
    found = [d for d in spfgov.Graph.load(os.fsencode(name)).validate() if d["code"] == "duplicate_id"]
    assert len(found) == 1
    assert found[0]["file"] == str(name)
    assert "caf\\xe9.json" in found[0]["where"] and "caf\\xe9.json" in found[0]["message"]
    scenarios = tmp_path / os.fsdecode(b"s\xe9.yaml")
    scenarios.write_text("spfgov-scenarios: 1\ngraph: england\ncases:\n  - name: x\n"
                         "    issue: {id: T, kind: restructure, origin: employer, affected: [NO-SUCH], date: 2026-11-22}\n"
                         "    expect: {scope: employer}\n")
    case = spfgov.run_scenarios(os.fsencode(scenarios))[0]
    assert not case["passed"] and "unknown_id" in case["error"]


def test_graph_and_policy_may_be_named_by_path(source_dir):
    assert spfgov.route(UHB, graph="england") == spfgov.route(UHB)
    policy = source_dir / "tests/cli/fixtures/policy-no-r4.yaml"
    assert spfgov.route(UHB, graph="england", policy=str(policy)) == spfgov.route(UHB, policy=spfgov.Policy.load(policy))
    with pytest.raises(TypeError, match="graph file's path"):
        spfgov.route(UHB, graph=42)


def test_pickles_name_files_by_absolute_path(source_dir, tmp_path, monkeypatch):
    # A Dask worker's working directory is not the caller's.
    monkeypatch.chdir(source_dir)
    g = spfgov.Graph.load("england", overlays=["examples/overlays/hypothetical-bsbc-icb-merger.json"])
    p = spfgov.Policy.load("tests/cli/fixtures/policy-no-r4.yaml")
    graph_pickle, policy_pickle = pickle.dumps(g), pickle.dumps(p)
    monkeypatch.chdir(tmp_path)
    g2, p2 = pickle.loads(graph_pickle), pickle.loads(policy_pickle)
    assert g2.names[0] == "england" and g2.names[1] == str(source_dir / "examples/overlays/hypothetical-bsbc-icb-merger.json")
    assert spfgov.route(UHB, graph=g2, policy=p2) == spfgov.route(UHB, graph=g, policy=p)


def test_route_lines_equal_the_command_byte_for_byte(cli, batch):
    r = run(cli, "route", "--issues", batch, "--no-progress", check_status=1)
    expected = r.stdout.decode().splitlines()
    got = spfgov.route_lines(str(batch))
    assert got == expected
    assert spfgov.route_lines(str(batch), threads=1) == expected
    errors = [json.loads(x) for x in got if '"error"' in x]
    assert [e["line"] for e in errors] == [7, 100, 101, 333]
    assert errors[2]["code"] == "unknown_id"


def test_every_form_of_a_batch_routes_as_the_command_does(cli, batch):
    # The command's lines are the reference: each form of the same lines must give them.
    expected = run(cli, "route", "--issues", batch, "--no-progress", check_status=1).stdout.decode().splitlines()
    relabel = lambda lines, name: [x.replace(str(batch), name) for x in lines]  # noqa: E731
    data = batch.read_bytes()
    texts = data.decode().split("\n")[:-1]
    with open(batch) as text_file:
        assert spfgov.route_lines(text_file) == expected  # an open file: its name in messages
    with open(batch, "rb") as binary_file:
        assert spfgov.route_lines(binary_file) == expected
    assert relabel(expected, "<issues>") == spfgov.route_lines(data)  # bytes: lines, not ints
    assert relabel(expected, "<issues>") == spfgov.route_lines(pd.Series(texts))  # a column of JSON texts
    with open(batch) as f:  # lines as a file gives them, newline kept: line 100 is blank, not empty input
        assert spfgov.route_lines(list(f)) == relabel(expected, "<issues>")


def test_what_is_not_a_batch_is_a_type_error_not_a_misread(source_dir, batch):
    dd = pytest.importorskip("dask.dataframe")
    frame = dd.from_pandas(pd.read_json(source_dir / "examples/issues/batch.jsonl", lines=True), npartitions=2)
    with pytest.raises(TypeError, match="spfgov.dask"):  # not its column names as issues
        spfgov.route_many(frame)
    with pytest.raises(TypeError, match="not paths"):
        spfgov.route_many([batch])
    with pytest.raises(TypeError, match="not paths"):
        spfgov.route_many([str(batch)])


def test_a_custom_rule_that_can_never_add_a_body_is_warned_of(source_dir):
    # As `spfgov route --policy` warns (cli case idle_custom_rule_warned): routing goes on.
    policy = source_dir / "tests/scenarios/policies/custom-inform.yaml"
    with pytest.warns(spfgov.IdleRuleWarning, match="custom rule X1 .* never adds a body") as caught:
        assert spfgov.route(UHB, policy=policy)["issue"] == UHB["id"]
    assert caught[0].filename == __file__  # at the user's line
    p = spfgov.Policy.load(policy)
    with pytest.warns(spfgov.IdleRuleWarning, match="graph england"):
        spfgov.diff([UHB], vs_policy=p)  # the second run's policy too
    two_regions = spfgov.Graph.load(source_dir / "tests/scenarios/graphs/two-regions.json")
    with warnings.catch_warnings():
        warnings.simplefilter("error", spfgov.IdleRuleWarning)
        spfgov.route_many([], graph=two_regions, policy=p)  # the rule adds bodies there: no warning


def test_route_many_from_dicts(batch):
    lines = batch.read_text().splitlines()
    good = [json.loads(x) for n, x in enumerate(lines, 1) if n not in (7, 100, 101, 333)]
    routes = spfgov.route_many(good)
    assert len(routes) == len(good) and all("error" not in r for r in routes)
    assert routes[5] == spfgov.route(good[5])


def _misspelt_batch(count):
    """`count` issues; every third has a misspelt optional key, the fifth a stray one too."""
    issues = []
    for n in range(count):
        issue = {"id": "T%d" % n, "kind": "restructure", "origin": "system", "affected": ["RRK"], "date": "2026-11-22"}
        if n % 3 == 1:
            issue["system_process_agred"] = True
        if n == 4:
            issue["x-ref"] = "A"
        issues.append(issue)
    return issues


def test_two_threads_route_as_one_when_the_second_thread_takes_the_first_lines():
    # The pool's thread took lines 1-256 with a block-scope thread_local route
    # it had never constructed: a crash on 300 plain lines (not on the 600-line
    # batch, whose first lines the calling thread happened to take).
    issues = [json.dumps(i) for i in _misspelt_batch(300) if "system_process_agred" not in i and "x-ref" not in i]
    assert len(issues) == 200
    one = spfgov.route_lines(issues * 2, threads=1)
    for _ in range(3):
        assert spfgov.route_lines(issues * 2, threads=2) == one


def test_unknown_keys_warned_once_a_key_at_the_users_line():
    issues = _misspelt_batch(300)  # on two threads: lines read by either
    with pytest.warns(spfgov.UnknownKeyWarning) as caught:
        routes = spfgov.route_many(issues, threads=2)
    messages = [str(w.message) for w in caught]
    assert messages == [
        '<issues>:2: unknown key "system_process_agred" is ignored (did you mean "system_process_agreed"?); '
        "it is on 100 lines",
        '<issues>:5: unknown key "x-ref" is ignored',
    ]
    # Warned at the caller's line, past the package's own frames (route_many -> route_lines -> core).
    assert all(w.filename == __file__ for w in caught)
    # Ignored, as the contract says: the misspelt key does not make the process system-led. The route's
    # warnings say so, where a frame's reader looks.
    said = ('the issue\'s key "system_process_agred" is not one spfgov reads and was ignored (did you mean '
            '"system_process_agreed"?): the route is made without it')
    assert routes[1]["warnings"] == [said]
    assert dict(routes[1], warnings=[]) == spfgov.route({k: v for k, v in issues[1].items() if k != "system_process_agred"})
    with pytest.warns(spfgov.UnknownKeyWarning):
        assert spfgov.route(issues[1])["warnings"] == [said]
    with pytest.warns(spfgov.UnknownKeyWarning, match=r'^<issue>: unknown key "titel" is ignored \(did you mean "title"\?\)$'):
        spfgov.route(dict(issues[0], titel="Restructure"))
    # A diff reads the lines twice and warns once.
    with pytest.warns(spfgov.UnknownKeyWarning) as caught:
        spfgov.diff_lines(issues, as_of="2026-11-22", vs_as_of="2026-11-23")
    assert len(caught) == 2


def test_a_line_that_fails_to_route_still_warns_of_its_unknown_keys():
    line = json.dumps(dict(UHB, affected=["NOPE"], titel="x"))  # reads, then unknown_id
    for call in (lambda: spfgov.route_lines([line]), lambda: spfgov.diff([line], vs_as_of="2027-01-01")):
        with pytest.warns(spfgov.UnknownKeyWarning, match='unknown key "titel" is ignored'):
            call()


def test_unknown_keys_bounded_and_printable():
    issues = [dict({"id": "T%d" % n, "kind": "restructure", "origin": "employer", "affected": ["RRK"],
                    "date": "2026-11-22"}, **{"stray%d_%d" % (n, k): k for k in range(6)}) for n in range(3)]
    issues[0]["bell\x07"] = 1
    with pytest.warns(spfgov.UnknownKeyWarning) as caught:
        spfgov.route_many(issues)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 11
    assert messages[-1] == "<issues>: and 9 more unknown keys, ignored"
    assert '"bell\\u0007"' in messages[6] and "\x07" not in "".join(messages)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # known keys alone: no warning at all
        spfgov.route_many([{k: v for k, v in i.items() if not k.startswith(("stray", "bell"))} for i in issues])
    # A likely typo is named even after ten bookkeeping columns (an analyst's trial).
    frame = pd.DataFrame([dict(UHB, **{"extra_col_%d" % k: k for k in range(12)}, system_process_agred=True)] * 3)
    with pytest.warns(spfgov.UnknownKeyWarning) as caught:
        spfgov.routes_frame(frame)  # (one id on three lines: a RepeatedIdWarning too)
    messages = [str(w.message) for w in caught if issubclass(w.category, spfgov.UnknownKeyWarning)]
    assert len(messages) == 12 and messages[-1] == "<issues>: and 2 more unknown keys, ignored"
    assert ('<issues>:1: unknown key "system_process_agred" is ignored (did you mean "system_process_agreed"?); '
            'it is on 3 lines') in messages
    # ... even after more stray keys than a thread keeps (64), as the command does.
    wide = [dict(UHB, **{"extra_col_%d" % k: k for k in range(70)}, system_process_agred=True)] * 2
    with pytest.warns(spfgov.UnknownKeyWarning) as caught:
        spfgov.route_lines(wide, threads=1)
    assert any('"system_process_agred" is ignored (did you mean' in str(w.message) for w in caught)


def test_rows_of_a_dataframe_route_as_the_dicts_they_came_from(source_dir):
    # DataFrame.to_dict("records") gives NaN for a missing optional field,
    # Timestamps for a date column, numpy scalars for counts and flags.
    with open(source_dir / "examples/issues/batch.jsonl") as f:
        rows = [json.loads(line) for line in f]
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["first_dismissal"] = pd.to_datetime(frame["first_dismissal"])
    records = frame.to_dict("records")
    assert any(isinstance(r["redundancies"], float) for r in records)  # NaN where the issue has none
    assert isinstance(records[0]["date"], pd.Timestamp)
    expected = spfgov.route_many(rows)
    assert all("error" not in r for r in expected)
    assert spfgov.route_many(records) == expected
    assert spfgov.routes_frame(records).equals(spfgov.routes_frame(rows))
    # The DataFrame itself: a row an issue.
    assert spfgov.route_many(frame) == expected
    one = dict(rows[0], redundancies={"RRK": np.int64(25)}, system_process_agreed=np.bool_(False),
               first_dismissal=pd.NaT, title=pd.NA)
    assert spfgov.route(one) == spfgov.route({k: v for k, v in dict(rows[0], redundancies={"RRK": 25}).items()
                                              if k not in ("first_dismissal", "title")})


def test_a_flag_that_pandas_made_a_float_routes_as_true_or_false(source_dir, tmp_path):
    # pd.read_json(lines=True) reads a flag that some lines lack as 1.0 / 0.0 / NaN.
    path = source_dir / "examples/issues/batch.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    frame = pd.read_json(path, lines=True)
    assert frame["system_process_agreed"].dtype == np.float64
    expected = spfgov.route_many(rows)
    assert all("error" not in r for r in expected)
    assert spfgov.route_many(frame) == expected
    assert spfgov.route_many(frame.to_dict("records")) == expected
    # A float that is not 1 or 0 is still not a flag.
    bad = spfgov.route_many([dict(UHB, system_process_agreed=0.5)])[0]
    assert bad["code"] == "wrong_type" and "/system_process_agreed" in bad["error"]


def test_one_odd_cell_is_an_error_row_of_its_own_not_an_exception_for_the_batch():
    # Found by an analyst's trial: an infinite count (from a division), a lone
    # surrogate (a legacy file read with errors="surrogateescape") or a bytes
    # cell raised for the whole batch, or was routed as "b'...'".
    rows = [dict(UHB, id="ok"),
            dict(UHB, id="inf", redundancies={"RRK": np.inf}),
            dict(UHB, id="title-inf", title=float("-inf")),
            dict(UHB, id="surrogate", title="Caf\udce9 staff"),
            dict(UHB, id="lone", title="x\ud800y"),
            dict(UHB, id="bytes", title=b"Estates restructure"),
            dict(UHB, id="decimal", redundancies={"RRK": decimal.Decimal(25)}),
            dict(UHB, id="half", redundancies={"RRK": decimal.Decimal("25.5")})]
    frame = spfgov.routes_frame(pd.DataFrame(rows))
    assert list(frame["issue"]) == [r["id"] for r in rows]
    assert list(frame["error_code"].fillna("")) == ["", "number_out_of_range", "number_out_of_range", "json_syntax",
                                                    "json_syntax", "", "", "bad_count"]
    assert "/redundancies/RRK: number 1e999 is out of range" in frame["error"][1]
    assert "/title: number -1e999" in frame["error"][2]
    assert "\\xe9" in frame["error"][3] and "\\xed\\xa0" in frame["error"][4]  # the bytes, shown visibly
    routed = spfgov.route_many(rows)
    assert routed[5] == spfgov.route(dict(UHB, id="bytes"))  # the bytes' text, not "b'...'"
    assert routed[6] == spfgov.route(dict(UHB, id="decimal", redundancies={"RRK": 25}))
    assert "got number 25.5" in routed[7]["error"]
    # One issue: the error is raised for it.
    with pytest.raises(spfgov.ParseError, match="xe9"):
        spfgov.route(dict(UHB, title="Caf\udce9"))
    # With a flag column (pd.read_json makes it a float) the row is made plain
    # first: the infinite number is still 1e999, never its stand-in.
    flagged = [dict(UHB, id="flag-inf", system_process_agreed=1.0, redundancies={"RRK": np.inf}),
               dict(UHB, id="flag-title", system_process_agreed=0.0, title=-np.inf),
               dict(UHB, id="huge", redundancies={"RRK": decimal.Decimal("1e5000")})]  # not 5,000 digits
    errors = [r.get("error", "") for r in spfgov.route_many(flagged)]
    assert "/redundancies/RRK: number 1e999 is out of range" in errors[0]
    assert "/title: number -1e999 is out of range" in errors[1]
    assert "/redundancies/RRK: number 1e999 is out of range" in errors[2]
    assert not any("spfgov: " in e for e in errors)


def test_stray_text_after_one_issue_is_not_called_a_batch():
    with pytest.raises(spfgov.ParseError) as e:
        spfgov.route(json.dumps(UHB) + "\n trailing text")
    assert e.value.code == "trailing_data" and "batch" not in e.value.message
    with pytest.raises(spfgov.ParseError, match="route_many"):
        spfgov.route(json.dumps(UHB) + "\n" + json.dumps(UHB))


def test_a_row_of_a_dataframe_routes_as_one_issue(source_dir):
    path = source_dir / "examples/issues/batch.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    frame = pd.DataFrame(rows)
    for i in range(len(rows)):
        assert spfgov.route(frame.iloc[i]) == spfgov.route(rows[i])
    assert spfgov.route_many(frame.iloc[2]) == [spfgov.route(rows[2])]


def test_list_cells_may_be_numpy_arrays():
    # What pyarrow (read_parquet) gives for a list column.
    frame = pd.DataFrame([dict(UHB, affected=np.array(["RRK"], dtype=object), staff_groups=np.array(["estates"]))])
    assert spfgov.route_many(frame) == [spfgov.route(dict(UHB, staff_groups=["estates"]))]


def test_dict_keys_json_cannot_write_are_an_error_row_not_a_type_error():
    # A groupby's .to_dict() gives numpy integer keys: a key is an id, so
    # np.int64(5) is "5" (json writes an int key so), a tuple its text; the
    # batch goes on, the line an error row of its own.
    base = dict(UHB, kind="redundancy", first_dismissal="2027-03-01")
    frame = spfgov.routes_frame([base, dict(base, id="N", redundancies={np.int64(5): 25}),
                                 dict(base, id="T", redundancies={(1, 2): 25})])
    assert list(frame["issue"]) == [UHB["id"], "N", "T"]
    assert frame["error_code"].isna()[0]
    # A count for an employer the issue does not affect is a warning, not an error: routed.
    routed = spfgov.route_many([dict(base, id="N", redundancies={np.int64(5): 25}),
                                dict(base, id="B", redundancies={b"RRK": 25})])
    assert any("redundancies name 5," in w for w in routed[0]["warnings"])
    assert routed[1]["deadlines"] == spfgov.route(dict(base, id="B", redundancies={"RRK": 25}))["deadlines"]


def test_a_line_that_is_not_utf8_is_an_error_line_of_its_own(cli, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(json.dumps(UHB).encode() + b"\n" + json.dumps(dict(UHB, id="X")).encode()[:-2] + b"\xff\"}\r\n"
                     + json.dumps(dict(UHB, id="Y")).encode())
    expected = run(cli, "route", "--issues", path, "--no-progress", check_status=1).stdout
    lines = spfgov.route_lines(path)
    assert "".join(x + "\n" for x in lines).encode() == expected
    assert [json.loads(x).get("code") for x in lines] == [None, "json_syntax", None]


def test_a_line_too_long_is_an_error_line_and_is_not_held_whole(cli, tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_bytes(json.dumps(UHB).encode() + b"\n" + b'{"id": "' + b"x" * (3 << 20) + b'"}\n'
                     + json.dumps(dict(UHB, id="Y")).encode() + b"\n")
    assert [len(x) for x in spfgov._core.read_lines(str(path))][1] == (1 << 20) + 1  # the limit, and one byte
    expected = run(cli, "route", "--issues", path, "--no-progress", check_status=1).stdout
    lines = spfgov.route_lines(path)
    assert "".join(x + "\n" for x in lines).encode() == expected
    assert [json.loads(x).get("code") for x in lines] == [None, "line_too_long", None]


def test_a_directory_is_not_a_batch(tmp_path):
    with pytest.raises(spfgov.ParseError) as e:
        spfgov.route_lines(tmp_path)
    assert e.value.code == "cannot_open" and "it is a directory" in e.value.message and e.value.file == str(tmp_path)


def test_frames_of_a_batch_with_a_line_that_is_not_utf8_have_an_error_row(cli, tmp_path):
    # Not a UnicodeDecodeError for the whole batch: the bad byte shown as \xff, as the CSV shows it.
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(json.dumps(UHB).encode() + b"\n" + b'{"id": "\xff"}\n')
    frame = spfgov.routes_frame(path)
    assert list(frame["error_code"].fillna("")) == ["", "json_syntax"]
    assert "\\xff" in frame["error"][1]
    assert len(spfgov.memberships_frame(path)) > 0


def test_errors_quoting_bytes_that_are_not_utf8_keep_their_type(tmp_path):
    with pytest.raises(spfgov.ParseError) as e:
        spfgov.route(b"\xff")
    assert "\\xff" in e.value.message
    policy = tmp_path / "p.yaml"
    policy.write_bytes(b"spfgov-policy: 1\nbased_on: default\nrul\xffes: {}\n")
    with pytest.raises(spfgov.PolicyError) as e:
        spfgov.Policy.load(policy)
    # Refused at the byte (not read as a key), shown as \xff, and still a PolicyError.
    assert e.value.code == "policy.syntax" and (e.value.line, e.value.column) == (3, 4)
    assert "\\xff is not UTF-8" in e.value.message
    graph = tmp_path / "g.json"
    graph.write_bytes(b'{"spfgov": 1, "bodies": [{"id": "\xff"}]}')
    with pytest.raises(spfgov.ParseError):
        spfgov.Graph.load(graph)


def test_the_batch_note_is_for_the_issue_text_alone(tmp_path):
    with pytest.raises(spfgov.ParseError, match="route_many"):  # bytes as str
        spfgov.route(b'{"id": "a"}\n{"id": "b"}')
    graph = tmp_path / "trail.json"
    graph.write_text('{"spfgov": 1, "bodies": []}{"spfgov": 1, "bodies": []}')
    with pytest.raises(spfgov.ParseError) as e:  # the graph's own trailing data
        spfgov.route(json.dumps(UHB, indent=2), graph=graph)
    assert e.value.file == str(graph) and "route_many" not in e.value.message


def test_a_graph_name_means_the_file_it_names_now(tmp_path, monkeypatch):
    # Cached by the file, not the name: after chdir (or an edit), the same name is another graph,
    # and what a Dask worker loads from the pickle is what the client routed on.
    england = json.loads(spfgov.Graph.england().to_json())
    for directory, count in (("a", 3), ("b", 5)):
        (tmp_path / directory).mkdir()
        small = dict(england, bodies=england["bodies"][:count])
        (tmp_path / directory / "g.json").write_text(json.dumps(small))
    monkeypatch.chdir(tmp_path / "a")
    first = spfgov.Graph.load("g.json")
    monkeypatch.chdir(tmp_path / "b")
    second = spfgov.Graph.load("g.json")
    assert (first.body_count, second.body_count) == (3, 5)
    assert pickle.loads(pickle.dumps(second)).body_count == 5
    text = (tmp_path / "b" / "g.json").read_text()
    (tmp_path / "b" / "g.json").write_text(json.dumps(dict(england, bodies=england["bodies"][:4])) + " " * len(text))
    assert spfgov.Graph.load("g.json").body_count == 4


def test_a_flag_column_that_convert_dtypes_made_integer_routes_as_true_or_false(source_dir):
    frame = pd.read_json(source_dir / "examples/issues/batch.jsonl", lines=True)
    assert spfgov.route_many(frame.convert_dtypes()) == spfgov.route_many(frame)
    assert spfgov.route(dict(UHB, system_process_agreed=np.int64(1)))["lead"] == spfgov.route(
        dict(UHB, system_process_agreed=True))["lead"]
    with pytest.raises(spfgov.IssueError):  # 2 is no flag
        spfgov.route(dict(UHB, system_process_agreed=2))


def test_a_flag_that_is_a_decimal_one_or_zero_routes_as_true_or_false():
    # Found by a trial: Decimal(1) (a database driver's numeric column) was a
    # wrong_type error where 1 and 1.0 route as true.
    for one in (decimal.Decimal(1), decimal.Decimal("1.0")):
        assert spfgov.route(dict(UHB, system_process_agreed=one)) == spfgov.route(dict(UHB, system_process_agreed=True))
    assert spfgov.route(dict(UHB, system_process_agreed=decimal.Decimal(0))) == spfgov.route(
        dict(UHB, system_process_agreed=False))
    with pytest.raises(spfgov.IssueError, match="system_process_agreed"):  # 2, or 0.5, is still no flag
        spfgov.route(dict(UHB, system_process_agreed=decimal.Decimal(2)))
    with pytest.raises(spfgov.IssueError, match="system_process_agreed"):
        spfgov.route(dict(UHB, system_process_agreed=decimal.Decimal("0.5")))
    # A count that is a Decimal is still a count, not a flag.
    counted = spfgov.route(dict(UHB, redundancies={"RRK": decimal.Decimal(100)}))
    assert counted["deadlines"] and counted == spfgov.route(dict(UHB, redundancies={"RRK": 100}))


def test_a_decimal_that_is_not_whole_is_refused_not_rounded_to_a_flag_or_a_count():
    # Found in review: Decimal("0.99999999999999999999") became the float 1.0,
    # a true flag, and Decimal("25.0000000000000000001") a count of 25.
    with pytest.raises(spfgov.IssueError, match="system_process_agreed.*0.99999999999999999999"):
        spfgov.route(dict(UHB, system_process_agreed=decimal.Decimal("0.99999999999999999999")))
    with pytest.raises(spfgov.IssueError, match="/redundancies/RRK.*25.0000000000000000001") as e:
        spfgov.route(dict(UHB, redundancies={"RRK": decimal.Decimal("25.0000000000000000001")}))
    assert e.value.code == "bad_count"
    with pytest.raises(spfgov.IssueError, match="/redundancies/RRK"):
        spfgov.route(dict(UHB, redundancies={"RRK": decimal.Decimal("-2.5")}))
    # A tiny one is written as Decimal writes it (not 5,000 zeros), which no double holds.
    with pytest.raises(spfgov.ParseError, match="/redundancies/RRK: number 1E-5000 is too small") as tiny:
        spfgov.route(dict(UHB, redundancies={"RRK": decimal.Decimal("1E-5000")}))
    assert tiny.value.code == "number_out_of_range"


def test_json_lines_text_given_as_one_issue_says_it_is_a_batch(source_dir):
    text = (source_dir / "examples/issues/batch.jsonl").read_text()
    with pytest.raises(spfgov.ParseError) as e:
        spfgov.route(text)
    assert e.value.code == "trailing_data" and e.value.line == 2
    assert "route_many() or route_lines() routes them" in e.value.message
    with pytest.raises(spfgov.ParseError) as e:
        spfgov.route('{"id": "x"} {"id": "y"}')  # one line: no note
    assert "route_many" not in e.value.message


def test_json_lines_text_is_a_batch(batch):
    lines = batch.read_bytes().decode("utf-8", "replace").split("\n")[:50]
    text = "\n".join(lines) + "\n"
    assert spfgov.route_lines(text, file_name="b.jsonl") == spfgov.route_lines(lines, file_name="b.jsonl")
    pretty = json.dumps(UHB, indent=2)  # one issue, pretty-printed
    assert [json.loads(x) for x in spfgov.route_lines(pretty)] == [spfgov.route(UHB)]


def test_routes_frame(batch):
    df = spfgov.routes_frame(batch)
    assert list(df.columns) == [c[0] for c in spfgov.ROUTE_COLUMNS]
    assert len(df) == 600
    assert {k: str(v) for k, v in df.dtypes.items()} == spfgov.route_dtypes()
    assert df["error_code"].notna().sum() == 4
    ok = df[df["error_code"].isna()]
    assert ok["scope"].isin(["employer", "system", "region", "national"]).all()
    assert (ok["ladder_depth"] >= 1).all()
    routes = spfgov.route_many(batch)
    assert (ok["n_consult"].tolist() == [len(r["consult"]) for r in routes if "error" not in r])
    assert ok["lead"].tolist() == [";".join(r["lead"]) for r in routes if "error" not in r]


def test_memberships_frame(batch):
    m = spfgov.memberships_frame(batch)
    assert list(m.columns) == [c[0] for c in spfgov.MEMBERSHIP_COLUMNS]
    routes = [r for r in spfgov.route_many(batch) if "error" not in r]
    roles = ("lead", "negotiate", "consult", "engage", "inform")
    expected = sum(len(r[k]) for r in routes for k in roles) + sum(1 for r in routes if r["lead_union"])
    assert len(m) == expected
    assert set(m["role"]) <= set(roles) | {"lead_union"}


def test_csv_loads_with_the_documented_dtypes(cli, batch, tmp_path):
    out = tmp_path / "routes.csv"
    out.write_bytes(run(cli, "route", "--issues", batch, "--format", "csv", "--no-progress").stdout)
    csv = spfgov.read_csv(out)
    frame = spfgov.routes_frame(batch)
    pd.testing.assert_frame_equal(csv, frame)
    out = tmp_path / "members.csv"
    out.write_bytes(run(cli, "route", "--issues", batch, "--format", "memberships-csv", "--no-progress").stdout)
    pd.testing.assert_frame_equal(spfgov.read_csv(out, memberships=True), spfgov.memberships_frame(batch))


def documented_columns(source_dir):
    """The per-issue table of docs/analysts.md: {column: type}."""
    text = (source_dir / "docs/analysts.md").read_text()
    table = text.split("### One row per issue", 1)[1].split("###", 1)[0]
    out = {}
    for row in table.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for name in cells[0].split(","):
                out[name.strip().strip("`")] = cells[1]
    return out


def test_csv_loads_with_pandas_read_csv_and_the_documented_dtypes(cli, batch, tmp_path, source_dir):
    """pandas.read_csv itself, with the dtypes the documentation's table gives."""
    documented = documented_columns(source_dir)
    assert list(documented) == [c[0] for c in spfgov.ROUTE_COLUMNS]
    assert documented == {name: kind for name, kind, _ in spfgov.ROUTE_COLUMNS}
    out = tmp_path / "routes.csv"
    out.write_bytes(run(cli, "route", "--issues", batch, "--format", "csv", "--no-progress", check_status=1).stdout)
    pandas_type = {"text": "string", "integer": "Int64", "flag": "boolean"}
    frame = pd.read_csv(out, dtype={n: pandas_type[k] for n, k in documented.items() if k != "date"},
                        parse_dates=[n for n, k in documented.items() if k == "date"],
                        keep_default_na=False, na_values=[""])
    assert len(frame) == 600
    for name, kind in documented.items():
        want = "datetime64[ns]" if kind == "date" else pandas_type[kind]
        assert str(frame[name].dtype) == want, name
    assert frame["line"].tolist() == list(range(1, 601))
    assert set(frame.loc[frame["error_code"].notna(), "line"]) == {7, 100, 101, 333}
    assert frame.loc[frame["error_code"].isna(), "n_consult"].min() >= 1


def test_diff_as_of(cli, batch):
    d = spfgov.diff(batch, as_of="2026-04-01", vs_as_of="2027-06-01")
    assert list(d.columns) == [c[0] for c in spfgov.DIFF_COLUMNS]
    assert len(d) > 0
    assert str(d["line"].dtype) == "Int64" and str(d["escalation_changed"].dtype) == "boolean"
    same = spfgov.diff(batch, as_of="2026-04-01", vs_as_of="2026-04-01")
    assert len(same) == 0 and same.attrs["summary"].startswith("0 of 600 routes change")
    # The same lines and summary as the command.
    r = run(cli, "diff", "--issues", batch, "--as-of", "2026-04-01", "--vs-as-of", "2027-06-01", check_status=0)
    lines, summary = spfgov.diff_lines(batch, as_of="2026-04-01", vs_as_of="2027-06-01")
    assert "".join(x + "\n" for x in lines) == r.stdout.decode()
    assert summary == r.stderr.decode() == d.attrs["summary"]
    assert list(d["line"]) == [json.loads(x)["line"] for x in lines]


def test_a_diff_says_how_many_lines_neither_run_could_route():
    rows = [UHB, dict(UHB, id="nope", affected=["NOPE"]), "not json"]
    d = spfgov.diff(rows, as_of=UHB["date"], vs_as_of=UHB["date"])
    assert len(d) == 0
    assert d.attrs["summary"] == ("0 of 3 routes change (2 lines could not be routed in either run, so were not "
                                  "compared)\n  not routed in either run, the same error both times: 1 json_syntax "
                                  "and 1 unknown_id\n")


def test_text_read_from_a_file_with_a_byte_order_mark_or_a_json_array_is_issues_not_a_path(source_dir, tmp_path):
    # A file saved by Excel or Notepad as "UTF-8 with BOM", read as text: its
    # lines, not a file named by the whole text ("cannot_open").
    text = "\ufeff" + json.dumps(UHB) + "\n" + json.dumps(dict(UHB, id="B")) + "\n"
    assert [r["issue"] for r in spfgov.route_many(text)] == [UHB["id"], "B"]
    assert spfgov.route_many("\ufeff" + json.dumps(UHB)) == [spfgov.route(UHB)]
    # A JSON array of issues (json.dumps of a list): its items.
    assert [r["issue"] for r in spfgov.route_many(json.dumps([UHB, dict(UHB, id="C")]))] == [UHB["id"], "C"]
    assert spfgov.route_many("[not json")[0]["code"] == "json_syntax"
    # A file whose name starts with "[" or "{" is still a path.
    for name in ("[2026] batch.jsonl", "{draft}.jsonl"):
        named = tmp_path / name
        named.write_text(json.dumps(UHB) + "\n")
        assert spfgov.route_many(str(named)) == [spfgov.route(UHB)]
    # route() takes one issue: a path says so, rather than a JSON syntax error.
    path = source_dir / "examples/issues/uhb-restructure.json"
    for given in (path, str(path)):
        with pytest.raises(TypeError, match="route_many"):
            spfgov.route(given)
    # A file's name that is not there: said so, not "expected a value" at its first character.
    with pytest.raises(TypeError, match="there is no file 'no-such-issue.json' either"):
        spfgov.route("no-such-issue.json")
    # JSON text that happens to end so is still routed as JSON.
    with pytest.raises(spfgov.ParseError):
        spfgov.route('{"id": 1} x.json')


def test_a_diff_without_a_second_run_is_refused():
    # As `spfgov diff` refuses no --vs- option: a forgotten vs_as_of is not "nothing changes".
    for call in (lambda: spfgov.diff([UHB], as_of="2026-04-01"), lambda: spfgov.diff_lines([UHB])):
        with pytest.raises(ValueError, match="at least one of vs_graph, vs_as_of and vs_policy"):
            call()


def test_diff_overlay(source_dir):
    overlay = source_dir / "examples/overlays/hypothetical-bsbc-icb-merger.json"
    issues = [{"id": "Q%d" % k, "title": "t", "kind": "restructure", "origin": "employer", "affected": [e],
               "date": "2027-06-01"} for k, e in enumerate(["QHL-icb", "RRK", "QUA-icb"])]
    d = spfgov.diff(issues, vs_graph=spfgov.Graph.load("england", overlays=[overlay]))
    assert list(d["issue"]) == ["Q0", "Q2"]
    assert list(d["consult_added"]) == ["BSBC-icb-jncc", "BSBC-icb-jncc"]
    assert list(d["consult_removed"]) == ["QHL-icb-jncc", "QUA-icb-jncc"]
    assert d["scope_before"].isna().all()


def test_diff_policy(source_dir):
    issue = json.loads((source_dir / "examples/issues/midlands-pathology.json").read_text())
    policy = spfgov.Policy.load(source_dir / "tests/cli/fixtures/policy-no-r4.yaml")
    d = spfgov.diff([issue], vs_policy=policy)
    before, after = spfgov.route(issue), spfgov.route(issue, policy=policy)
    assert len(d) == 1
    assert d["engage_removed"][0] == ";".join(sorted(set(before["engage"]) - set(after["engage"])))
    assert d["engage_removed"][0] != ""


def test_policy_idle_rules(source_dir):
    policy = spfgov.Policy.load(source_dir / "tests/scenarios/policies/custom-inform.yaml")
    idle = policy.idle_rules(spfgov.Graph.england())
    assert idle == ["custom rule X1 (regional_people_board of affected_regions) never adds a body: "
                    "the graph has no regional_people_board at any date"]
    assert policy.idle_rules(spfgov.Graph([str(source_dir / "tests/scenarios/graphs/two-regions.json")])) == []
    assert spfgov.Policy.default().idle_rules(spfgov.Graph.england()) == []


def test_frames_of_a_dataframe_keep_its_index_so_they_join_back_to_it():
    # A filtered frame, as an analyst joins routes back to it: each row must
    # get its own issue's route, not the route at the same position.
    issues = [dict(UHB, id="U%d" % k, kind="redundancy" if k % 2 else "restructure",
                   redundancies={"RRK": 100 + k}) for k in range(6)]
    df = pd.DataFrame(issues, index=pd.Index(["r%d" % k for k in range(6)], name="row"))
    sub = df[df["kind"] == "redundancy"]
    routes = spfgov.routes_frame(sub)
    assert list(routes.index) == ["r1", "r3", "r5"] and routes.index.name == "row"
    joined = sub.join(routes[["issue", "n_deadlines"]], rsuffix="_routed")
    assert (joined["id"] == joined["issue"]).all()
    members = spfgov.memberships_frame(sub)
    assert set(members.index) == {"r1", "r3", "r5"}
    assert (members["issue"] == sub.loc[members.index, "id"].to_numpy()).all()
    changed = spfgov.diff(sub, as_of="2026-04-01", vs_as_of="2013-04-05")
    assert len(changed) > 0 and (changed["issue"] == sub.loc[changed.index, "id"].to_numpy()).all()
    # A list of dicts (no index) still gives 0..n-1.
    assert list(spfgov.routes_frame(issues).index) == list(range(6))


def test_a_timezone_aware_date_is_its_day_in_england():
    # 00:00 on 6 April 2013 in London, stored as UTC (5 April, 23:00): the
    # 2013 Order's 45 days apply to proposals from 6 April 2013 (R10).
    uk_midnight = pd.Timestamp("2013-04-06 00:00", tz="Europe/London").tz_convert("UTC")
    issue = dict(UHB, date=uk_midnight, redundancies={"RRK": 120}, first_dismissal="2013-09-01")
    route = spfgov.route_many([issue])[0]
    assert route["as_of"] == "2013-04-06", route
    assert route["deadlines"][0]["days"] == 45
    assert spfgov.route(UHB, as_of=uk_midnight)["as_of"] == "2013-04-06"
    import datetime
    utc_evening = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.timezone.utc)  # 00:30 BST on 2 July
    assert spfgov.route(UHB, as_of=utc_evening)["as_of"] == "2026-07-02"
    # A naive one is taken as written.
    assert spfgov.route(UHB, as_of=pd.Timestamp("2026-07-01 23:30"))["as_of"] == "2026-07-01"


def test_one_pretty_printed_issue_in_bytes_is_one_issue_as_in_text():
    pretty = json.dumps(UHB, indent=2)
    assert spfgov.route_lines(pretty.encode()) == spfgov.route_lines(pretty)
    assert len(spfgov.route_lines(pretty.encode())) == 1
    lines = (json.dumps(UHB) + "\n" + json.dumps(dict(UHB, id="U2")) + "\n").encode()
    assert len(spfgov.route_lines(lines)) == 2
    assert spfgov.route_lines(b"") == []


def test_diff_of_a_papers_days_policy_counts_the_meetings_it_moves(source_dir):
    # The hypothetical meeting rules: RRK-jncc's gives no papers_days, so the
    # policy's applies; a policy of 10 working days moves its papers deadline.
    g = spfgov.Graph.load("england", overlays=[source_dir / "examples/overlays/hypothetical-midlands-meetings.json"])
    issue = json.loads((source_dir / "examples/issues/uhb-restructure.json").read_text())
    ten = spfgov.Policy.from_text("spfgov-policy: 1\nbased_on: default\nparameters: {papers_days: 10}\n")
    d = spfgov.diff([issue], graph=g, vs_policy=ten)
    assert len(d) == 1, d.attrs["summary"]
    assert d["meetings_added"][0] == 1 and d["meetings_removed"][0] == 1
    assert "  meetings: 1 route changes\n" in d.attrs["summary"]
    before, after = spfgov.route(issue, graph=g), spfgov.route(issue, graph=g, policy=ten)
    assert before["meetings"][0]["papers_due"] != after["meetings"][0]["papers_due"]


def test_a_scenario_file_runs_as_spfgov_test_runs_it(cli, source_dir, tmp_path):
    path = source_dir / "tests/scenarios/policy-r6-off.yaml"
    cases = spfgov.run_scenarios(path)
    assert cases and all(c["passed"] for c in cases)
    assert [c["line"] for c in cases] == ["PASS " + c["name"] for c in cases]
    # The command's lines, case for case.
    shown = run(cli, "test", path, check_status=0).stdout.decode().splitlines()
    assert [c["line"] for c in cases] == [line for line in shown if line.startswith(("PASS ", "FAIL "))]
    # Another policy instead of the file's (spfgov test --policy): R6 is on again, so its cases fail,
    # each field that differs named with what was expected and what came.
    default = spfgov.run_scenarios(path, policy=source_dir / "tests/scenarios/policies/r4-recited.yaml")
    failed = [c for c in default if not c["passed"]]
    assert failed and all(c["differences"] for c in failed)
    assert {"field", "expected", "got"} == set(failed[0]["differences"][0])
    assert failed[0]["line"].startswith("FAIL " + failed[0]["name"] + ": ")
    # A file that cannot run raises, with the command's code and the file named.
    broken = tmp_path / "broken.yaml"
    broken.write_text("spfgov-scenarios: 1\ncases: [\n")
    with pytest.raises(spfgov.Error) as e:
        spfgov.run_scenarios(broken)
    assert e.value.code.startswith("scenario.") and "broken.yaml" in e.value.message
    # At the "[" left open (line 2), not where YAML noticed (the end, line 3).
    assert e.value.file == str(broken) and e.value.line == 2 and e.value.column == 8
    assert "the [ opened on line 2 is never closed" in e.value.message
    assert e.value.message.startswith("%s: %s:%d:%d: " % (e.value.code, broken, e.value.line, e.value.column))
    # A key the format lacks: its key path as a JSON pointer, as the C++ result has it.
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("spfgov-scenarios: 1\ngraph: england\ncases:\n  - name: x\n    issue: {}\n"
                       "    expect: {colour: blue}\n")
    # It fails that case alone (the others run), with the error and its place as data, and is warned of.
    unknown.write_text(unknown.read_text() + "  - name: still runs\n"
                       "    issue: {id: T1, kind: restructure, origin: employer, affected: [RRK], date: 2026-11-22}\n"
                       "    expect: {scope: employer}\n")
    with pytest.warns(spfgov.ScenarioWarning, match=r"case x cannot be read: scenario.unknown_key"):
        unread, ran = spfgov.run_scenarios(unknown)
    assert not unread["passed"] and unread["read_error"].startswith("scenario.unknown_key: %s:6:" % unknown)
    assert (unread["read_error_code"], unread["read_error_file"], unread["read_error_line"],
            unread["read_error_pointer"]) == ("scenario.unknown_key", str(unknown), 6, "/cases/0/expect/colour")
    head = 'FAIL x: case: expected "a case spfgov can read", got '
    assert unread["line"].startswith(head) and json.loads(unread["line"][len(head):]) == unread["read_error"]
    assert ran["passed"] and ran["read_error"] is None
    # A case that expects nothing passes, and is warned of as the command warns.
    nothing = tmp_path / "nothing.yaml"
    nothing.write_text("spfgov-scenarios: 1\ngraph: england\ncases:\n  - name: routes\n"
                       "    issue: {id: T1, kind: restructure, origin: employer, affected: [RRK], date: 2026-11-22}\n"
                       "    expect: {}\n")
    with pytest.warns(spfgov.ScenarioWarning, match="expects nothing, so it passes whenever its issue routes"):
        assert spfgov.run_scenarios(nothing)[0]["passed"]


def _agenda_csv_as_frame_text(csv_bytes):
    """The command's agenda CSV as rows of text, as agenda_frame's cells print."""
    import csv
    import io
    return [row for row in csv.reader(io.StringIO(csv_bytes.decode(), newline=""))]


def _frame_as_csv_rows(frame):
    header = list(frame.columns)
    rows = [header]
    for record in frame.itertuples(index=False):
        cells = []
        for value, (name, kind, _) in zip(record, spfgov.AGENDA_COLUMNS):
            if value is pd.NaT or value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append("")
            elif kind == "date":
                cells.append(value.strftime("%Y-%m-%d"))
            elif kind == "flag":
                cells.append("true" if value else "false")
            else:
                cells.append(str(value))
        rows.append(cells)
    return rows


def test_agenda_frame_is_the_agenda_commands_csv(cli, source_dir):
    # A forum secretary's forward plan in pandas: the same rows and cells as
    # `spfgov agenda --format csv`, with one body, a date window and --as-of.
    graph = spfgov.Graph.load("england", overlays=[source_dir / "examples/overlays/hypothetical-midlands-meetings.json"])
    batch = source_dir / "examples/issues/batch.jsonl"
    base = ["agenda", "--graph", "england", "--graph", source_dir / "examples/overlays/hypothetical-midlands-meetings.json",
            "--issues", batch, "--format", "csv"]
    for extra, kwargs in [([], {}),
                          (["--body", "RRK-jncc"], {"body": "RRK-jncc"}),
                          (["--from", "2026-07-01", "--to", "2026-10-31"],
                           {"from_date": datetime.date(2026, 7, 1), "to_date": "2026-10-31"}),
                          (["--as-of", "2027-01-10"], {"as_of": "2027-01-10"})]:
        expected = _agenda_csv_as_frame_text(run(cli, *base, *extra, check_status=0).stdout)
        frame = spfgov.agenda_frame(batch, graph=graph, **kwargs)
        assert [c[0] for c in spfgov.AGENDA_COLUMNS] == expected[0]
        assert _frame_as_csv_rows(frame) == expected, extra
        assert len(frame) > 0 and frame.attrs["errors"] == []
    assert str(frame["meeting"].dtype).startswith("datetime64") and str(frame["statutory_late"].dtype) == "boolean"


def test_agenda_frame_warns_of_an_unknown_key_once_however_many_chunks_it_routes():
    lines = [json.dumps(dict(UHB, id="U%d" % k, foo=1)) for k in range(9000)]  # two chunks of 8,192
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        spfgov.agenda_frame(lines)
    unknown = [str(w.message) for w in seen if issubclass(w.category, spfgov.UnknownKeyWarning)]
    assert len(unknown) == 1 and "9000 lines" in unknown[0], unknown


def test_memberships_frame_lists_the_lines_it_could_not_route():
    lines = [json.dumps(UHB), json.dumps(dict(UHB, id="X", affected=["NO-SUCH"]))]
    with pytest.warns(spfgov.UnroutedIssueWarning, match="1 of 2 lines could not be routed and have no membership rows"):
        m = spfgov.memberships_frame(lines)
    assert set(m["issue"]) == {UHB["id"]}
    assert [(e["line"], e["issue"], e["code"]) for e in m.attrs["errors"]] == [(2, "X", "unknown_id")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert spfgov.memberships_frame(lines[:1]).attrs["errors"] == []  # no warning when all route


def test_agenda_frame_lists_the_lines_it_could_not_route(source_dir):
    lines = [json.dumps(UHB), '{"id": "bad", "kind": "restructure"', json.dumps(dict(UHB, id="X", affected=["NO-SUCH"]))]
    with pytest.warns(spfgov.UnroutedIssueWarning, match="2 of 3 lines could not be routed"):
        frame = spfgov.agenda_frame(lines)
    assert set(frame["issue"]) == {UHB["id"]}
    errors = frame.attrs["errors"]
    assert [(e["line"], e["issue"], e["code"]) for e in errors] == [(2, "bad", "json_syntax"), (3, "X", "unknown_id")]
    assert errors[1]["pointer"] == "/affected/0" and "NO-SUCH" in errors[1]["error"]
    with pytest.raises(spfgov.GraphError) as e:
        spfgov.agenda_frame(lines[:1], body="NO-SUCH-BODY")
    assert e.value.code == "unknown_id"
    with pytest.raises(spfgov.DateError, match="from_date"):
        spfgov.agenda_frame(lines[:1], from_date="2026-02-30")
    with pytest.raises(ValueError, match="before from_date"):
        spfgov.agenda_frame(lines[:1], from_date="2026-03-01", to_date="2026-02-01")


def _proposal(issue_id, employer, count, date, first):
    return json.dumps({"id": issue_id, "kind": "redundancy", "origin": "employer", "affected": [employer],
                       "date": date, "redundancies": {employer: count}, "first_dismissal": first})


def test_a_policy_giving_only_a_new_laws_table_is_warned_of_once():
    future = spfgov.Policy.from_text("spfgov-policy: 1\nname: only the new law\nbased_on: default\nparameters:\n"
                                     "  statutory_bands:\n"
                                     "    - {from: 2027-04-06, authority: A hypothetical Order, bands: [{min: 10, days: 30}]}\n",
                                     "future.yaml")
    assert future.table_gap().startswith("statutory_bands begins on 2027-04-06: a redundancy proposed before then gets "
                                         "no statutory date (R10)")
    assert spfgov.Policy.default().table_gap() is None
    with pytest.warns(spfgov.StatutoryTableWarning, match=r"^policy future.yaml: statutory_bands begins on 2027-04-06") as seen:
        route = spfgov.route(UHB, policy=future)
        spfgov.route(UHB, policy=future)
    assert len([w for w in seen if "statutory_bands" in str(w.message)]) == 1  # once a policy
    assert route["deadlines"] == []
    assert issubclass(spfgov.StatutoryTableWarning, spfgov.IdleRuleWarning)  # quiet on Dask's workers too


def test_agenda_frame_warns_when_proposals_together_need_an_earlier_date_as_the_command_does(cli, tmp_path):
    # 60 and 45 at RHQ, first dismissals 75 days apart: each row dates consultation 30 days before its own
    # first dismissal, but together (105 within 90 days, s.188(1)) they need 45 days before the first. The
    # analyst hears it as the forum secretary does on stderr, in the same words.
    lines = [_proposal("A-admin", "RHQ", 60, "2026-11-02", "2027-03-01"),
             _proposal("B-estates", "RHQ", 45, "2026-12-01", "2027-05-15")]
    path = tmp_path / "combined.jsonl"
    path.write_text("\n".join(lines) + "\n")
    err = run(cli, "agenda", "--issues", path, check_status=0).stderr.decode()
    with pytest.warns(spfgov.RedundancyWarning) as seen:
        frame = spfgov.agenda_frame(path)
    said = [str(w.message) for w in seen if issubclass(w.category, spfgov.RedundancyWarning)]
    assert len(said) == 1 and said[0].endswith(" (spfgov.redundancies_frame counts them)"), said
    assert frame.attrs["warnings"] == [said[0][:-len(" (spfgov.redundancies_frame counts them)")]]
    assert frame.attrs["warnings"][0].startswith(str(path) + ": RHQ: issues A-admin and B-estates, with first "
                                                 "dismissals from 2027-03-01 to 2027-05-15")
    assert "by 2027-01-15 (45 days before the first dismissal" in said[0]
    assert frame.attrs["warnings"][0] + " ('spfgov redundancies' counts them)" in err
    # The rows keep each issue's own date: the warning is what tells.
    assert set(frame.loc[frame["body"] == "RHQ-jncc", "statutory_date"].dt.strftime("%Y-%m-%d")) == {"2027-01-30",
                                                                                                   "2027-04-15"}
    # One body's plan: its own employer's windows (a JNCC), not another trust's.
    with pytest.warns(spfgov.RedundancyWarning, match="RHQ: issues A-admin and B-estates"):
        assert len(spfgov.agenda_frame(path, body="RHQ-jncc").attrs["warnings"]) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert spfgov.agenda_frame(path, body="RFF-jncc").attrs["warnings"] == []
        # Apart by more than 90 days: nothing to say.
        assert spfgov.agenda_frame([lines[0], _proposal("B-estates", "RHQ", 60, "2026-11-02", "2027-06-15")]
                                   ).attrs["warnings"] == []
    # Twelve such windows: ten said, the rest counted; the frame holds them all.
    many = []
    for k in range(12):
        first = datetime.date(2027, 3, 1) + datetime.timedelta(days=200 * k)
        many += [_proposal("A%02d" % k, "RHQ", 60, "2026-11-02", first.isoformat()),
                 _proposal("B%02d" % k, "RHQ", 45, "2026-11-02", (first + datetime.timedelta(days=75)).isoformat())]
    with pytest.warns(spfgov.RedundancyWarning) as seen:
        frame = spfgov.agenda_frame(many)
    said = [str(w.message) for w in seen if issubclass(w.category, spfgov.RedundancyWarning)]
    assert len(said) == 11 and said[-1].startswith("and 2 more such windows"), said
    assert len(frame.attrs["warnings"]) == 12


def _redundancy_lines():
    """Two proposals at RRK that count together, a late third that lifts the window into the 45-day band, a
    restructure giving counts (skipped, said), an undated one (skipped, said), an id given again, a bad line
    and an unknown employer."""
    def proposal(issue_id, date, first, count, kind="redundancy", affected="RRK"):
        out = {"id": issue_id, "kind": kind, "origin": "employer", "affected": [affected], "date": date,
               "redundancies": {affected: count}}
        if first:
            out["first_dismissal"] = first
        return json.dumps(out)
    return [proposal("A", "2026-11-01", "2027-03-01", 60), proposal("B", "2027-01-20", "2027-03-20", 50),
            proposal("R", "2026-11-01", "2027-03-01", 30, kind="restructure"), proposal("U", "2026-11-01", None, 30),
            proposal("A", "2026-11-01", "2027-03-01", 60), '{"id": "bad", "kind": ',
            proposal("X", "2026-11-01", "2027-03-01", 30, affected="NO-SUCH"),
            proposal("C", "2026-11-01", "2027-03-01", 25, affected="RQ3")]


def test_redundancies_frame_is_the_redundancies_command(cli, tmp_path):
    # An HR analyst's 90-day windows in pandas: the same windows, warnings and error lines as
    # `spfgov redundancies`, the warnings as RedundancyWarning and in attrs, the errors in attrs.
    path = tmp_path / "month.jsonl"
    path.write_text("\n".join(_redundancy_lines()) + "\n")
    r = run(cli, "redundancies", "--issues", path)
    assert r.returncode == 1, r.stderr.decode()
    out = [json.loads(line) for line in r.stdout.decode().splitlines()]
    command_errors = [line for line in out if "error" in line]
    command_windows = [line for line in out if "error" not in line]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        frame = spfgov.redundancies_frame(path)
    assert [c[0] for c in spfgov.REDUNDANCY_COLUMNS] == list(frame.columns)
    as_lines = []
    for record in frame.to_dict("records"):
        line = {"employer": record["employer"], "from": record["from"].strftime("%Y-%m-%d"),
                "to": record["to"].strftime("%Y-%m-%d"), "issues": record["issues"], "total": record["total"],
                "days": record["days"]}
        if not pd.isna(record["deadline"]):
            line["deadline"] = record["deadline"].strftime("%Y-%m-%d")
        line["combined"] = bool(record["combined"])
        as_lines.append(line)
    assert as_lines == command_windows
    assert list(frame["employer"]) == ["RQ3", "RRK"]  # by employer
    assert frame.loc[1, "issues"] == ["A", "A", "B"] and frame.loc[1, "total"] == 170 and frame.loc[1, "days"] == 45
    assert str(frame["deadline"].dtype).startswith("datetime64") and str(frame["total"].dtype) == "Int64"
    # The warnings, as the command prints them (its lines are "spfgov: warning: TEXT").
    command_warnings = [line[len("spfgov: warning: "):] for line in r.stderr.decode().splitlines()
                        if line.startswith("spfgov: warning: ")]
    assert frame.attrs["warnings"] == command_warnings and len(command_warnings) == 4, command_warnings
    said = [str(w.message) for w in seen if issubclass(w.category, spfgov.RedundancyWarning)]
    assert said == command_warnings
    assert any("TULRCA s.188 applies whatever the change is called" in w for w in said)
    assert any('"A" is given again (first on line 1)' in w for w in said)
    assert any("before B (2027-01-20) was proposed" in w for w in said)
    # The lines that could not be read or counted, as data, with the command's messages.
    errors = frame.attrs["errors"]
    assert [(e["line"], e["issue"], e["code"]) for e in errors] == [(6, "bad", "json_syntax"), (7, "X", "unknown_id")]
    assert [e["error"] for e in errors] == [line["error"] for line in command_errors]
    assert errors[1]["pointer"] == "/affected/0" and errors[1]["column"] is not None
    assert any(issubclass(w.category, spfgov.UnroutedIssueWarning) for w in seen)


def test_redundancies_frame_warns_of_a_window_dated_earlier_than_its_routes():
    # 15 and 25 at Leeds within 90 days: 40, the 30-day band that 25 reaches alone, so not combined;
    # but the 15's first dismissal comes first, so consultation on all 40 must begin 30 days before
    # it, earlier than either route gives. The frame's row says combined False; its warning says why.
    lines = [json.dumps({"id": i, "kind": "redundancy", "origin": "employer", "affected": ["RR8"],
                         "date": "2026-12-01", "redundancies": {"RR8": n}, "first_dismissal": first})
             for i, n, first in (("A-estates", 15, "2027-02-15"), ("B-catering", 25, "2027-04-01"))]
    with pytest.warns(spfgov.RedundancyWarning, match=r"earlier than their routes give, each counted alone: "
                      r"A-estates \(no date\) and B-catering \(2027-03-02\)"):
        frame = spfgov.redundancies_frame(lines)
    assert not frame.loc[0, "combined"] and frame.loc[0, "deadline"] == pd.Timestamp("2027-01-16")
    assert len(frame.attrs["warnings"]) == 1 and "by 2027-01-16" in frame.attrs["warnings"][0]


def test_redundancies_frame_takes_a_policy_and_an_as_of_date():
    lines = [json.dumps({"id": "A", "kind": "redundancy", "origin": "employer", "affected": ["RRK"],
                         "date": "2026-11-01", "first_dismissal": "2027-03-01", "redundancies": {"RRK": 120}})]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert spfgov.redundancies_frame(lines).loc[0, "days"] == 45  # SI 2013/763
    # As of 2012 the table then in force gives 90 days for 100 or more; the England graph describes
    # governance from 2021, which is said (the count is still counted).
    with pytest.warns(spfgov.RedundancyWarning, match="outside it"):
        old = spfgov.redundancies_frame(lines, as_of="2012-06-01")
    assert old.loc[0, "days"] == 90 and not old.attrs["warnings"][0].endswith("skipped")
    policy = spfgov.Policy.from_text(
        "spfgov-policy: 1\nbased_on: default\nname: ours\nparameters:\n  statutory_bands:\n"
        "    - from: 2013-04-06\n      authority: ours\n      bands: [{min: 10, days: 60}]\n", "ours.yaml")
    frame = spfgov.redundancies_frame(lines, policy=policy)
    assert (frame.loc[0, "days"], frame.loc[0, "deadline"]) == (60, pd.Timestamp("2026-12-31"))
    empty = spfgov.redundancies_frame([json.dumps(dict(UHB, kind="restructure", redundancies={}))])
    assert len(empty) == 0 and list(empty.columns) == [c[0] for c in spfgov.REDUNDANCY_COLUMNS]
    assert empty.attrs["errors"] == [] and empty.attrs["warnings"] == []


def test_a_whole_dataframe_given_to_route_points_to_the_batch_functions():
    frame = pd.DataFrame([UHB])
    with pytest.raises(TypeError, match=r"routes_frame\(frame\).*route_many\(frame\)"):
        spfgov.route(frame)
    assert spfgov.route(frame.iloc[0]) == spfgov.route(UHB)  # a row is one issue


def test_threads_must_be_zero_or_a_count():
    for bad in (-1, -8):
        with pytest.raises(ValueError, match=r"threads: expected 0 \(every core\) or a number of threads up to 4096, got -"):
            spfgov.routes_frame([UHB], threads=bad)
    for bad in (1.5, "2", True, None):
        with pytest.raises(TypeError, match=r"threads: expected 0 \(every core\)"):
            spfgov.route_lines([UHB], threads=bad)
    assert spfgov.route_lines([UHB], threads=np.int64(2)) == spfgov.route_lines([UHB], threads=1)


def test_numpy_datetime64_dates_of_any_unit_are_their_day():
    want = spfgov.route(UHB)
    for unit in ("D", "s", "ns"):
        issue = dict(UHB, date=np.datetime64("2026-11-22T13:00:00").astype("datetime64[%s]" % unit))
        assert spfgov.route(issue) == want, unit
    # A frame's column of datetime64[ns] cells, as pandas holds dates.
    frame = pd.DataFrame([UHB])
    frame["date"] = frame["date"].astype("datetime64[ns]")
    assert spfgov.route_many(frame.to_dict("records")) == [want]
    # as_of: a datetime64 is its day; NaT, as a missing cell means, is no as_of (each issue's own date).
    assert spfgov.route(UHB, as_of=np.datetime64("2026-11-22T00:00:00.000000000")) == want
    assert spfgov.route(UHB, as_of=pd.NaT) == want
    assert spfgov.route(UHB, as_of=np.datetime64("NaT")) == want
    moved = spfgov.route(UHB, as_of=np.datetime64("2027-01-02"))
    assert moved["as_of"] == "2027-01-02"


def test_a_set_of_affected_ids_is_routed_as_its_ids():
    issue = dict(UHB, affected={"RRK"})
    assert spfgov.route(issue) == spfgov.route(UHB)
    two = spfgov.route(dict(UHB, kind="restructure", affected={"RRK", "RQ3"}, redundancies=None,
                            first_dismissal=None))
    assert two["issue"] == UHB["id"] and two["scope"] == "system"


def test_an_issue_id_on_two_lines_is_warned_of_with_its_lines_and_both_are_routed():
    other = dict(UHB, affected=["RQ3"], redundancies={"RQ3": 25})
    batch = [UHB, other, dict(UHB, id="another")]
    with pytest.warns(spfgov.RepeatedIdWarning, match=r"1 issue id of 3 lines is given on more than one line.*"
                                                      r"'UHB-estates-2027' on lines 1, 2"):
        table = spfgov.routes_frame(batch)
    assert len(table) == 3
    assert table.attrs["repeated_ids"] == {"UHB-estates-2027": [1, 2]}
    with pytest.warns(spfgov.RepeatedIdWarning):
        members = spfgov.memberships_frame(batch)
    assert members.attrs["repeated_ids"] == {"UHB-estates-2027": [1, 2]}
    assert set(members["line"]) == {1, 2, 3}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # distinct ids: no warning
        assert spfgov.routes_frame([UHB, dict(UHB, id="another")]).attrs["repeated_ids"] == {}


def test_the_issues_dataframe_docs_analysts_md_shows_routes_as_it_says(source_dir):
    import re
    text = (source_dir / "docs/analysts.md").read_text()
    block = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "issues = pd.DataFrame(" in b)
    scope = {"spfgov": spfgov}
    exec(block, scope)  # the block as a reader copies it
    table = scope["table"]
    assert list(table["scope"]) == ["employer", "system"]
    assert table["error"].isna().all()
    assert table.loc[0, "earliest_deadline"] == pd.Timestamp("2027-01-30")
    assert list(scope["issues"].join(table[["scope", "lead"]])["scope"]) == ["employer", "system"]


def test_a_frame_indexed_by_id_routes_with_those_ids_and_keeps_its_index():
    frame = pd.DataFrame([UHB, dict(UHB, id="another")]).set_index("id")
    table = spfgov.routes_frame(frame)
    assert list(table.index) == ["UHB-estates-2027", "another"]  # joins back to the frame
    assert list(table["issue"]) == ["UHB-estates-2027", "another"]
    assert table["error"].isna().all()
    assert spfgov.route_many(frame) == spfgov.route_many(frame.reset_index())


def test_a_frame_indexed_by_id_and_kind_keeps_both_fields():
    frame = pd.DataFrame([UHB, dict(UHB, id="another")]).set_index(["id", "kind"])
    assert spfgov.route_many(frame) == spfgov.route_many(frame.reset_index())
    assert spfgov.routes_frame(frame)["error"].isna().all()


def test_a_datetime64_of_a_month_names_no_day_and_is_refused():
    rows = spfgov.route_many([dict(UHB, date=np.datetime64("2026-11"))])
    assert rows[0]["code"] == "bad_date" and '"2026-11"' in rows[0]["error"]
    with pytest.raises(ValueError, match=r"up to 4096, got 100000"):
        spfgov.route_lines([UHB], threads=100000)


def test_an_issue_that_holds_itself_is_a_type_error_saying_so():
    issue = dict(UHB)
    issue["extra"] = issue
    with pytest.raises(TypeError, match="holds itself"):
        spfgov.route(issue)
