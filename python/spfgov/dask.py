"""Routing batches with Dask (docs/analysts.md), partition by partition.

Each worker process loads the graph (and policy) once: a spfgov.Graph
pickles as the names it was loaded from, and loading is cached per process.
Error lines keep their global line numbers (1-based over the whole batch,
or over each file), so the lines equal `spfgov route --issues` byte for byte.

    import dask.bag as db, spfgov, spfgov.dask
    lines = spfgov.dask.route_files(["a.jsonl"], graph=spfgov.Graph.england())
    lines.compute()          # or lines.to_textfiles("out/*.jsonl")
"""
from __future__ import annotations

import os
import warnings
from typing import List, Optional, Sequence, Tuple, Union

import dask
import dask.bag as db
from dask.base import tokenize
from dask.highlevelgraph import HighLevelGraph

import spfgov

__all__ = ["route_bag", "route_files", "routes_frame"]


def _route_part(lines, graph, as_of, policy, file_name, first_line):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", spfgov.IdleRuleWarning)  # warned once, on the client
        return spfgov.route_lines(list(lines), graph=graph, as_of=as_of, policy=policy,
                                  file_name=file_name, first_line=first_line)


def _next_first_line(first_line: int, length: int) -> int:
    return first_line + length


def route_bag(bag: db.Bag, graph: Optional["spfgov.GraphLike"] = None, as_of=None,
              policy: Optional["spfgov.PolicyLike"] = None, file_name: str = "<issues>") -> db.Bag:
    """Routes a bag of issues (dicts or JSON texts) to a bag of output lines
    (route or error line, no newline) in the same order. Line numbers count
    over the whole bag. Nothing is computed until the result is: each
    partition's first line number is a task after the partitions before it."""
    graph = spfgov._graph_object(graph)
    graph._core.require_routable()  # GraphError now, not on every worker
    policy = spfgov._policy_object(policy)  # loaded (and checked) once, here
    spfgov._run(graph, policy)  # its idle rules warned of here, on the client
    as_of = spfgov._as_of(as_of)
    texts = bag.map(spfgov._issue_text)
    name = "spfgov-route-" + tokenize(texts, graph, as_of, policy, file_name)
    # A raw task graph, built in linear time: partition i's first line is
    # partition i-1's plus its length, a chain of n small tasks (summing
    # every earlier length, or chaining Delayed objects, grows as n^2).
    dsk = {}
    for i in range(texts.npartitions):
        dsk[(name + "-len", i)] = (len, (texts.name, i))
        dsk[(name + "-first", i)] = (1 if i == 0 else
                                     (_next_first_line, (name + "-first", i - 1), (name + "-len", i - 1)))
        dsk[(name, i)] = (_route_part, (texts.name, i), graph, as_of, policy, file_name, (name + "-first", i))
    return db.Bag(HighLevelGraph.from_collections(name, dsk, dependencies=[texts]), name, texts.npartitions)


def _frame_part(part, memberships, graph, as_of, policy, partition_info=None):
    number = partition_info["number"] if partition_info else 0
    make = spfgov.memberships_frame if memberships else spfgov.routes_frame
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", spfgov.IdleRuleWarning)  # warned once, on the client
        return make(part, graph=graph, as_of=as_of, policy=policy, threads=1,
                    file_name="<partition %d>" % number)


def routes_frame(frame, graph: Optional["spfgov.GraphLike"] = None, as_of=None,
                 policy: Optional["spfgov.PolicyLike"] = None, memberships: bool = False):
    """The flat table of a Dask DataFrame of issues (a row an issue), as a
    Dask DataFrame: spfgov.routes_frame (or, with memberships=True,
    spfgov.memberships_frame) of each partition, with the same columns and
    dtypes. Rows keep the input's index, so `frame.join(result)` joins each
    issue to its own route; `line` counts within each partition, and error
    messages name it ("<partition 3>:5"). One thread a task: Dask's workers
    are the parallelism."""
    graph = spfgov._graph_object(graph)
    graph._core.require_routable()  # GraphError now, not on every worker
    policy = spfgov._policy_object(policy)
    spfgov._run(graph, policy)  # its idle rules warned of here, on the client
    as_of = spfgov._as_of(as_of)
    meta = _frame_part(frame._meta, memberships, graph, as_of, policy)
    return frame.map_partitions(_frame_part, memberships, graph, as_of, policy, meta=meta,
                                token="spfgov-routes-frame-" + tokenize(frame, memberships, graph, as_of, policy))


def _partition_starts(path: str, lines_per_partition: int) -> List[Tuple[int, int, int]]:
    """(byte offset, first line's index, line count) of each partition of a
    file, in one pass: a worker then reads only its own lines."""
    try:
        f = open(path, "rb")
    except OSError as e:
        raise spfgov.ParseError("cannot_open", "cannot_open: %s: cannot open the file (%s)" % (path, e.strerror),
                                file=path) from None
    starts = [0]  # the byte offsets of lines 0, n, 2n...
    lines, size, last = 0, 0, b""
    with f:
        for block in iter(lambda: f.read(1 << 20), b""):
            newlines = block.count(b"\n")
            if lines // lines_per_partition != (lines + newlines) // lines_per_partition:
                at = -1
                for _ in range(newlines):  # a partition starts in this block: find where
                    at = block.find(b"\n", at + 1)
                    lines += 1
                    if lines % lines_per_partition == 0:
                        starts.append(size + at + 1)
            else:
                lines += newlines
            size += len(block)
            last = block[-1:]
    total = lines + (0 if last in (b"", b"\n") else 1)
    starts = [byte for byte in starts if byte < size]  # none after the final newline, none for an empty file
    return [(byte, i * lines_per_partition, min(lines_per_partition, total - i * lines_per_partition))
            for i, byte in enumerate(starts)]


def _route_chunk(path, offset, first, count, graph, as_of, policy, name):
    return _route_part(spfgov._core.read_lines(path, offset, count), graph, as_of, policy, name, first + 1)


def route_files(paths: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]],
                graph: Optional["spfgov.GraphLike"] = None, as_of=None, policy: Optional["spfgov.PolicyLike"] = None,
                lines_per_partition: int = 10000) -> db.Bag:
    """Routes JSON Lines files (each on a path every worker can read) to a
    bag of output lines: for each file in order, its lines in order, as
    `spfgov route --issues FILE` writes them. Messages name each file as
    given; line numbers count within each file. Each file is read once here
    to find where its partitions start; each worker reads its own lines.
    Raises ParseError (cannot_open) for a file that cannot be read."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if lines_per_partition < 1:
        raise ValueError("lines_per_partition must be at least 1, not %r" % (lines_per_partition,))
    graph = spfgov._graph_object(graph)
    graph._core.require_routable()  # GraphError now, not on every worker
    policy = spfgov._policy_object(policy)  # loaded (and checked) once, here
    spfgov._run(graph, policy)  # its idle rules warned of here, on the client
    as_of = spfgov._as_of(as_of)
    parts = []
    for p in paths:
        name = os.fspath(p)
        # Workers may run elsewhere in the file system's tree: give them the absolute path.
        absolute = os.path.abspath(name)
        for offset, first, count in _partition_starts(absolute, lines_per_partition):
            parts.append(dask.delayed(_route_chunk)(absolute, offset, first, count, graph, as_of, policy, name))
    return db.from_delayed(parts)
