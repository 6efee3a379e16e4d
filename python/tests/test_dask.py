"""spfgov.dask on a LocalCluster of two worker processes (loopback): the
lines equal `spfgov route --issues` byte for byte, error lines included."""
import json

import pytest

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

import spfgov  # noqa: E402
import spfgov.dask  # noqa: E402
from conftest import run  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_route_files_equal_the_command(client, cli, batch):
    expected = run(cli, "route", "--issues", batch, "--no-progress", check_status=1).stdout
    lines = spfgov.dask.route_files([str(batch)], graph=spfgov.Graph.england(), lines_per_partition=97)
    assert lines.npartitions == 7
    got = "".join(x + "\n" for x in lines.compute()).encode()
    assert got == expected


def test_route_bag_keeps_global_line_numbers(client, cli, batch):
    texts = batch.read_text().split("\n")[:-1]
    bag = db.from_sequence(texts, npartitions=5)
    got = spfgov.dask.route_bag(bag, file_name=str(batch)).compute()
    assert got == run(cli, "route", "--issues", batch, "--no-progress").stdout.decode().splitlines()


def test_route_bag_is_lazy(client):
    def fails(_):
        raise RuntimeError("computed")

    bag = db.from_sequence(range(10), npartitions=3).map(fails)
    lines = spfgov.dask.route_bag(bag)  # builds the graph only: nothing is computed
    with pytest.raises(RuntimeError, match="computed"):
        lines.compute()


def test_route_files_partitions_read_their_own_lines(client, cli, tmp_path):
    # CRLF line ends, a blank line, and no newline after the last line.
    issue = '{"id": "T%d", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-11-22"}'
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(("\r\n".join([issue % i for i in range(5)] + [""] + [issue % i for i in range(5, 11)])).encode())
    expected = run(cli, "route", "--issues", path, "--no-progress", check_status=1).stdout
    for n in (1, 2, 3, 5, 12, 100):
        lines = spfgov.dask.route_files(path, lines_per_partition=n)
        assert lines.npartitions == -(-12 // n)
        assert "".join(x + "\n" for x in lines.compute()).encode() == expected, n
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert spfgov.dask.route_files(empty).npartitions == 0  # no lines, no partitions
    assert spfgov.dask.route_files(empty).compute() == []


def test_errors_come_when_the_bag_is_built(source_dir):
    with pytest.raises(spfgov.ParseError) as e:
        spfgov.dask.route_files("/no/such/batch.jsonl")
    assert e.value.code == "cannot_open" and e.value.file == "/no/such/batch.jsonl"
    with pytest.raises(spfgov.DateError):
        spfgov.dask.route_bag(db.from_sequence([]), as_of="2026-02-30")
    with pytest.raises(spfgov.DateError):
        spfgov.dask.route_files("/dev/null", as_of="1900-01-01")
    with pytest.raises(spfgov.GraphError):
        spfgov.dask.route_bag(db.from_sequence([]), graph=str(source_dir / "tests/cli/fixtures/overlay-bad-kind.json"))
    with pytest.raises(ValueError, match="lines_per_partition"):
        spfgov.dask.route_files("/dev/null", lines_per_partition=0)


def test_a_dask_dataframe_routes_through_to_bag(client, source_dir):
    # The recipe docs/analysts.md gives: a row an issue, as spfgov.route_lines(pandas frame).
    import pandas as pd
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.read_json(source_dir / "examples/issues/batch.jsonl", lines=True)
    bag = dd.from_pandas(frame, npartitions=3).to_bag(format="dict")
    assert spfgov.dask.route_bag(bag).compute() == spfgov.route_lines(frame)


def test_routes_frame_of_a_dask_dataframe_joins_back_to_it_by_its_index(client, source_dir):
    import pandas as pd
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.read_json(source_dir / "examples/issues/batch.jsonl", lines=True, dtype=False)
    frame.index = pd.Index(["r%d" % k for k in range(len(frame))], name="row")
    frame.loc["r7", "affected"] = ["NO-SUCH"]  # one error row
    parts = dd.from_pandas(frame, npartitions=3)
    got = spfgov.dask.routes_frame(parts).compute()
    expected = spfgov.routes_frame(frame)
    assert list(got.index) == list(frame.index) and got.index.name == "row"
    assert got.dtypes.equals(expected.dtypes)
    # The same rows but `line` (per partition) and the messages (naming the partition).
    pd.testing.assert_frame_equal(got.drop(columns=["line", "error"]), expected.drop(columns=["line", "error"]))
    assert got.loc["r7", "error_code"] == "unknown_id"
    assert got.loc["r7", "error"].startswith("unknown_id: <partition ")
    joined = frame.join(got[["issue", "scope"]])
    assert (joined["id"] == joined["issue"]).all()
    # Given to the pandas function by mistake: the message names the Dask one.
    with pytest.raises(TypeError, match=r"spfgov\.dask: routes_frame\(frame\) for a Dask DataFrame"):
        spfgov.routes_frame(parts)
    members = spfgov.dask.routes_frame(parts, memberships=True).compute()
    pd.testing.assert_frame_equal(members.drop(columns=["line"]),
                                  spfgov.memberships_frame(frame).drop(columns=["line"]))


def test_route_bag_of_lines_read_as_text_drops_their_newlines(client, cli, batch):
    got = spfgov.dask.route_bag(db.read_text(str(batch), blocksize=4096), file_name=str(batch)).compute()
    assert got == run(cli, "route", "--issues", batch, "--no-progress", check_status=1).stdout.decode().splitlines()


def test_route_bag_builds_a_graph_linear_in_its_partitions():
    # Each partition's first line comes from the one before: no task depends on every earlier partition.
    from dask.core import get_dependencies
    routed = spfgov.dask.route_bag(db.from_sequence(['{"id": "x"}'] * 200, npartitions=200))
    graph = dict(routed.__dask_graph__())
    assert max(len(get_dependencies(graph, key)) for key in graph) <= 2
    lines = routed.compute(scheduler="sync")
    assert [json.loads(x)["line"] for x in lines] == list(range(1, 201))
