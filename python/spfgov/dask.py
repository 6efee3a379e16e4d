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
from typing import List, Optional, Sequence, Union

import dask
import dask.bag as db

import spfgov

__all__ = ["route_bag", "route_files"]


def _route_part(lines, graph, as_of, policy, file_name, first_line):
    return spfgov.route_lines(list(lines), graph=graph, as_of=as_of, policy=policy,
                              file_name=file_name, first_line=first_line)


def route_bag(bag: db.Bag, graph: Optional["spfgov.Graph"] = None, as_of=None,
              policy: Optional["spfgov.Policy"] = None, file_name: str = "<issues>") -> db.Bag:
    """Routes a bag of issues (dicts or JSON texts) to a bag of output lines
    (route or error line, no newline) in the same order. Line numbers count
    over the whole bag (the partitions' lengths are computed first)."""
    graph = graph or spfgov.Graph.england()
    as_of = spfgov._as_of(as_of)
    texts = bag.map(spfgov._issue_text)
    lengths = texts.map_partitions(lambda p: [len(list(p))]).compute()
    parts = texts.to_delayed()
    routed = []
    first = 1
    for part, n in zip(parts, lengths):
        routed.append(dask.delayed(_route_part)(part, graph, as_of, policy, file_name, first))
        first += n
    return db.from_delayed(routed)


def _count_lines(path: str) -> int:
    n, last = 0, b"\n"
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
            last = block[-1:]
    return n + (0 if last == b"\n" else 1)


def _route_chunk(path, start, count, graph, as_of, policy, name):
    lines = spfgov._core.read_lines(path)[start:start + count]
    return spfgov.route_lines(lines, graph=graph, as_of=as_of, policy=policy, file_name=name,
                              first_line=start + 1)


def route_files(paths: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]],
                graph: Optional["spfgov.Graph"] = None, as_of=None, policy: Optional["spfgov.Policy"] = None,
                lines_per_partition: int = 10000) -> db.Bag:
    """Routes JSON Lines files (each on a path every worker can read) to a
    bag of output lines: for each file in order, its lines in order, as
    `spfgov route --issues FILE` writes them. Messages name each file as
    given; line numbers count within each file."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    graph = graph or spfgov.Graph.england()
    as_of = spfgov._as_of(as_of)
    parts = []
    for p in paths:
        name = os.fspath(p)
        total = _count_lines(name)
        for start in range(0, total, lines_per_partition):
            parts.append(dask.delayed(_route_chunk)(name, start, min(lines_per_partition, total - start),
                                                    graph, as_of, policy, name))
    return db.from_delayed(parts)
