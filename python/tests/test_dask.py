"""spfgov.dask on a LocalCluster of two worker processes (loopback): the
lines equal `spfgov route --issues` byte for byte, error lines included."""
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
