"""Fixtures of the spfgov Python tests: the command (SPFGOV_CLI), the source
tree (SPFGOV_SOURCE_DIR) and a generated batch with bad lines."""
import os
import pathlib
import subprocess
import sys

import pytest

SOURCE = pathlib.Path(os.environ.get("SPFGOV_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def source_dir():
    return SOURCE


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("SPFGOV_CLI")
    if not path:
        pytest.skip("SPFGOV_CLI is not set (run the tests through CTest)")
    return path


# The command runs without the sanitizer runtime the ASan build preloads
# into the interpreter (python/CMakeLists.txt): it has its own, linked in.
_CLI_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def run(cli, *args, check_status=None):
    r = subprocess.run([cli, *map(str, args)], capture_output=True, env=_CLI_ENV)
    if check_status is not None:
        assert r.returncode == check_status, r.stderr.decode()
    return r


@pytest.fixture(scope="session")
def batch(tmp_path_factory):
    """600 issues on the England graph, lines 7, 100, 101 and 333 bad."""
    out = tmp_path_factory.mktemp("batch") / "batch.jsonl"
    subprocess.run([sys.executable, str(SOURCE / "tests/cli/make_batch.py"), str(SOURCE / "data/england.json"),
                    str(out), "600", "7=bad_json", "100=blank", "101=unknown_employer", "333=unknown_kind"],
                   check=True)
    return out
