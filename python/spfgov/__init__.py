"""spfgov: route NHS England workforce-change issues over the governance graph.

The analysts' interface (docs/analysts.md)::

    import spfgov
    g = spfgov.Graph.england()
    r = spfgov.route({"id": "T1", ...}, graph=g)          # a dict equal to the route JSON
    df = spfgov.routes_frame("batch.jsonl", graph=g)       # one row per issue
    m = spfgov.memberships_frame("batch.jsonl", graph=g)   # one row per (issue, body, role)
    d = spfgov.diff("batch.jsonl", as_of="2026-04-01", vs_as_of="2026-05-01")

Routing many issues releases the GIL and uses every core. ``graph``
defaults to the built-in England graph, ``policy`` to the default policy.
"""
from __future__ import annotations

import functools
import json
import math
import numbers
import os
import re
import secrets
from decimal import Decimal
from typing import IO, Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _spfgov as _core
from ._errors import (DateError, Error, GraphError, IdleRuleWarning, IssueError, ParseError, PolicyError,
                      RedundancyWarning, RepeatedIdWarning, ScenarioWarning, StatutoryTableWarning,
                      UnknownKeyWarning, UnroutedIssueWarning, _warn_as_user)

__all__ = [
    "Graph", "Policy", "Error", "IssueError", "GraphError", "PolicyError", "ParseError", "DateError",
    "UnknownKeyWarning", "IdleRuleWarning", "UnroutedIssueWarning", "RedundancyWarning", "ScenarioWarning",
    "RepeatedIdWarning", "StatutoryTableWarning",
    "route", "route_many", "route_lines", "routes_frame", "memberships_frame", "agenda_frame", "redundancies_frame",
    "diff", "ROUTE_COLUMNS", "MEMBERSHIP_COLUMNS", "AGENDA_COLUMNS", "REDUNDANCY_COLUMNS", "route_dtypes", "membership_dtypes", "read_csv",
    "diff_lines", "DIFF_COLUMNS", "DIFF_ROLES", "run_scenarios",
]

#: The columns of routes_frame() and `spfgov route --format csv`:
#: (name, type, description); type is text, integer, flag or date.
ROUTE_COLUMNS: List[Tuple[str, str, str]] = [tuple(c) for c in _core.route_columns()]
#: The columns of memberships_frame() and `spfgov route --format memberships-csv`.
MEMBERSHIP_COLUMNS: List[Tuple[str, str, str]] = [tuple(c) for c in _core.membership_columns()]
#: The columns of agenda_frame() and `spfgov agenda --format csv`.
AGENDA_COLUMNS: List[Tuple[str, str, str]] = [tuple(c) for c in _core.agenda_columns()]

#: The columns of redundancies_frame(), the keys of `spfgov redundancies`' lines
#: (formats.md); type "list" is a list of issue ids in each cell.
REDUNDANCY_COLUMNS: List[Tuple[str, str, str]] = [
    ("employer", "text", "the employer (after succession) whose proposals the window totals"),
    ("from", "date", "the first first-dismissal date in the window"),
    ("to", "date", "the last first-dismissal date in the window (at most 89 days after from)"),
    ("issues", "list", "the window's issues, in window order, ties by id (an id given on two lines twice)"),
    ("total", "integer", "the proposed redundancies of the window's issues, summed"),
    ("days", "integer", "the band of the total in calendar days, under the table in force on the window's "
                        "earliest issue date (0 below the lowest band)"),
    ("deadline", "date", "from minus days: when collective consultation must begin and form HR1 reach the "
                         "Secretary of State; missing below the lowest band"),
    ("combined", "flag", "two or more issues whose total reaches a band with more days than any alone"),
]

_DTYPES = {"text": "string", "integer": "Int64", "flag": "boolean", "date": "datetime64[ns]", "list": "object"}


def _dtypes(columns: Sequence[Tuple[str, str, str]]) -> Dict[str, str]:
    return {name: _DTYPES[kind] for name, kind, _ in columns}


def route_dtypes() -> Dict[str, str]:
    """The pandas dtype of each column of routes_frame()."""
    return _dtypes(ROUTE_COLUMNS)


def membership_dtypes() -> Dict[str, str]:
    """The pandas dtype of each column of memberships_frame()."""
    return _dtypes(MEMBERSHIP_COLUMNS)


#: Graph names that are not files (domain.md: the built-in graphs).
_BUILT_IN_GRAPHS = ("england", "england-gp")


def _file_identity(name: str):
    """What makes a graph file the same file: its absolute path, size and
    modification time (a name relative to another directory, or a file
    edited since, is another graph)."""
    if name in _BUILT_IN_GRAPHS:
        return name
    path = os.path.abspath(name)
    try:
        st = os.stat(path)
    except OSError:
        return (path, None)  # the load reports it
    return (path, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _load_graph_cached(names: Tuple[str, ...], identity):
    if names == ("england",):
        return _core.Graph.england()
    if names == ("england-gp",):
        return _core.Graph.england_gp()
    return _core.Graph.load(list(names))


def _load_graph(names: Tuple[str, ...]):
    # Cached by the files' identity, not their names: after os.chdir, or an
    # edit, the same name is another graph (and a worker, given absolute
    # paths, must load what the client routed on).
    return _load_graph_cached(names, tuple(_file_identity(n) for n in names))


class Graph:
    """A governance graph: a built-in one, or a file with overlays.

    A Graph pickles as the names it was loaded from, so a Dask worker loads
    it once (per process) and reuses it.
    """

    def __init__(self, names: Sequence[str]) -> None:
        self._names = tuple(os.fspath(n) for n in names)
        self._core = _load_graph(self._names)
        # What a pickle holds: the files as absolute paths, taken now, so a
        # worker with another working directory (or a later os.chdir) loads
        # the same files.
        self._portable_names = tuple(n if n in _BUILT_IN_GRAPHS else os.path.abspath(n) for n in self._names)

    @staticmethod
    def england() -> "Graph":
        """The built-in England graph (regions, ICSs, trusts)."""
        return Graph(["england"])

    @staticmethod
    def england_gp() -> "Graph":
        """The built-in England graph with every GP practice."""
        return Graph(["england-gp"])

    @staticmethod
    def load(path: Union[str, os.PathLike], overlays: Sequence[Union[str, os.PathLike]] = ()) -> "Graph":
        """A graph file (or "england" / "england-gp") with overlays applied in order.

        Raises ParseError for a file that cannot be read or parsed. Content
        problems are listed by validate(); routing on a graph with errors
        raises GraphError (invalid_graph), as `spfgov route` refuses it.
        """
        return Graph([path, *overlays])

    @property
    def names(self) -> Tuple[str, ...]:
        """The base and overlays this graph was loaded from."""
        return self._names

    @property
    def body_count(self) -> int:
        """The number of bodies."""
        return self._core.body_count

    def validate(self) -> List[Dict[str, Union[str, int, None]]]:
        """Every error and warning (as `spfgov validate --format json`): dicts
        with severity, code, subject, where and message, and where's position
        as data: file, line, column and pointer (None when unknown)."""
        return self._core.validate()

    def to_json(self, as_of: Optional[str] = None) -> str:
        """The graph as a graph file (JSON); with as_of, only what is valid then."""
        return self._core.to_json(as_of)

    def __reduce__(self):
        return (Graph, (self._portable_names,))

    def __repr__(self) -> str:
        return "spfgov.Graph(%r)" % (list(self._names),)


class Policy:
    """A routing policy: the default one, or a policy file (YAML)."""

    def __init__(self, path: Optional[Union[str, os.PathLike]] = None, text: Optional[str] = None) -> None:
        self._path = None if path is None else os.fspath(path)
        self._text = text
        self._idle_warned: set = set()  # the graphs (their cores' ids) its idle rules were warned of on
        self._gap_warned = False  # its statutory tables' gap (table_gap), warned of once
        # A file is pickled as its absolute path (see Graph); text as itself.
        self._portable_path = self._path if text is not None or self._path is None else os.path.abspath(self._path)
        if text is not None:
            self._core = _core.Policy.from_text(text, self._path or "<policy>")
        elif self._path is not None:
            self._core = _core.Policy.load(self._path)
        else:
            self._core = _core.Policy.default_policy()

    @staticmethod
    def load(path: Union[str, os.PathLike]) -> "Policy":
        """A policy file. Raises PolicyError (with the key path) when it cannot be loaded."""
        return Policy(path=path)

    @staticmethod
    def default() -> "Policy":
        """The built-in policy (what `spfgov policy` prints)."""
        return Policy()

    @staticmethod
    def from_text(text: str, name: str = "<policy>") -> "Policy":
        """A policy from YAML text; `name` is used in error messages."""
        return Policy(path=name, text=text)

    @property
    def name(self) -> str:
        return self._core.name

    def to_yaml(self) -> str:
        """The policy as a complete policy file."""
        return self._core.to_yaml()

    def idle_rules(self, graph: "Graph") -> List[str]:
        """Why each custom rule that can never add a body on `graph` is idle (one sentence each)."""
        return list(self._core.idle_rules(graph._core))

    def table_gap(self) -> Optional[str]:
        """When the policy's statutory tables (R10) start after the dates routing supports (1978-01-01), or
        are empty: why, in one sentence (a redundancy proposed before the first gets no statutory date);
        else None. Warned of (StatutoryTableWarning) once a Policy object, as `spfgov route --policy` warns
        once a run (a path given as the policy makes a new object, and a new warning, each call)."""
        return self._core.table_gap()

    def __reduce__(self):
        return (Policy, (self._portable_path, self._text))


IssueLike = Union[Dict[str, Any], str, bytes]
#: A Graph, "england", "england-gp" or a graph file's path.
GraphLike = Union[Graph, str, os.PathLike]
#: A Policy or a policy file's path.
PolicyLike = Union[Policy, str, os.PathLike]
#: A JSON Lines path, open file or text (str or bytes), an iterable of issues,
#: a pandas DataFrame (a row an issue) or Series (of JSON texts or dicts).
Issues = Union[str, bytes, os.PathLike, IO, Iterable[IssueLike]]

_DEFAULT_GRAPH: Optional[Graph] = None


def _graph_object(graph) -> Graph:
    """The Graph a `graph=` argument names: None for the built-in England
    graph, a Graph, or (as policy= takes a path) "england", "england-gp" or
    a graph file's path."""
    global _DEFAULT_GRAPH
    if graph is None:
        if _DEFAULT_GRAPH is None:
            _DEFAULT_GRAPH = Graph.england()
        return _DEFAULT_GRAPH
    if isinstance(graph, (str, os.PathLike)):
        return Graph.load(graph)
    if not isinstance(graph, Graph):
        raise TypeError("graph must be an spfgov.Graph, a built-in graph's name or a graph file's path, not %s"
                        % type(graph).__name__)
    return graph


def _policy_object(policy) -> Optional[Policy]:
    if isinstance(policy, (str, os.PathLike)):
        return Policy.load(policy)
    if policy is not None and not isinstance(policy, Policy):
        raise TypeError("policy must be an spfgov.Policy or a policy file's path, not %s" % type(policy).__name__)
    return policy


def _run(graph, policy):
    """The cores of one routing run's graph and policy; warns (IdleRuleWarning)
    of each custom rule of the policy that can never add a body on the graph,
    once a policy and graph, as the command warns each run."""
    graph = _graph_object(graph)
    policy = _policy_object(policy)
    if policy is None:
        return graph._core, None
    if not policy._gap_warned:
        policy._gap_warned = True
        gap = policy._core.table_gap()
        if gap is not None:
            _warn_as_user("policy %s: %s" % (policy._path or policy.name, gap), StatutoryTableWarning)
    if id(graph._core) not in policy._idle_warned:
        policy._idle_warned.add(id(graph._core))
        for why in policy._core.idle_rules(graph._core):
            _warn_as_user("policy %s: %s (graph %s)" % (policy._path or policy.name, why, " + ".join(graph.names)),
                          IdleRuleWarning)
    return graph._core, policy._core


@functools.lru_cache(maxsize=1)
def _england_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/London")


def _date_text(value) -> str:
    """A date, datetime or Timestamp as "YYYY-MM-DD". A timezone-aware one is
    the day it is in England: midnight UK time stored as UTC (23:00 the day
    before, in summer) is that UK day, as the issue's date and the statutory
    tables in force on it mean (domain.md R10)."""
    if getattr(value, "tzinfo", None) is not None and hasattr(value, "astimezone"):
        value = value.astimezone(_england_zone())
    return value.isoformat()[:10]


def _is_datetime64(value) -> bool:
    """A numpy.datetime64 scalar, of any unit (item() would give nanoseconds
    since 1970 as an int for the "ns" unit pandas uses)."""
    return getattr(getattr(value, "dtype", None), "kind", None) == "M" and getattr(value, "ndim", 0) == 0


def _datetime64_text(value) -> str:
    """A numpy.datetime64 as "YYYY-MM-DD": its day (a naive time, as numpy's
    are). One of a year or month unit names no day: its own text ("2026-11"),
    which the reader refuses, rather than the first of the month."""
    import numpy
    if numpy.datetime_data(value.dtype)[0] in ("Y", "M"):
        return str(value)
    return str(value.astype("datetime64[D]"))


def _as_of(value) -> Optional[str]:
    if value is None:
        return None
    try:
        if value != value:  # NaT, NaN: no date given, so each issue's own, as a missing cell means
            return None
    except (TypeError, ValueError):  # pd.NA
        return None
    if _is_datetime64(value):
        value = _datetime64_text(value)
    elif hasattr(value, "isoformat"):
        value = _date_text(value)
    value = str(value)
    _core.check_date(value)  # DateError now, not when a Dask graph is computed
    return value


def _is_series(value) -> bool:
    """A pandas Series (a DataFrame's row), without importing pandas."""
    return hasattr(value, "to_dict") and hasattr(value, "index") and not hasattr(value, "columns")


#: The issue format's true/false fields.
_FLAG_KEYS = frozenset({"system_process_agreed"})


def _is_number(value) -> bool:
    """A number that is not a bool: a flag pandas made a float (1.0) or, by
    convert_dtypes(), an integer (Int64's 1), or numpy's own scalar."""
    if isinstance(value, bool) or value is None:
        return False
    return isinstance(value, (int, float)) or (hasattr(value, "item") and getattr(value, "ndim", 1) == 0)


def _plain_key(key):
    """A dict key as JSON can hold it: a numpy scalar (a groupby's integer
    key) as its Python value, bytes as their characters, any other key json
    cannot write (a tuple) as its text; the line is then routed, or is an
    error line of its own (an id no body has), never a TypeError for the batch."""
    if isinstance(key, str) or key is None or isinstance(key, (bool, int, float)):
        return key
    if isinstance(key, (bytes, bytearray)):
        return bytes(key).decode("utf-8", "surrogateescape")
    if hasattr(key, "item") and getattr(key, "ndim", 1) == 0:
        return _plain_key(key.item())
    return str(key)


def _plain(value, flag: bool = False):
    """A value as an issue's JSON has it, from what pandas and numpy give:
    NaN, NaT and pd.NA (a missing optional field) as null, which the issue
    format reads as absent; numpy scalars as Python ones, numpy arrays (a
    list cell read from Parquet) as lists; a date, datetime or Timestamp as
    "YYYY-MM-DD" (as `as_of` takes them; a timezone-aware one as its day in
    England, _date_text); a pandas Series (a row) as a dict;
    a flag that pandas made a number (1.0 or 0.0, as a column with a missing
    value must be; 1 or 0 after convert_dtypes()) as true or false."""
    if isinstance(value, dict):
        return {_plain_key(k): _plain(v, k in _FLAG_KEYS) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if flag and isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return value == 1  # an Int64 flag column (convert_dtypes) gives 0 and 1
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, (bytes, bytearray)):
        # Text as bytes (a binary Parquet column): its characters, not "b'...'";
        # a byte that is not UTF-8 makes the line an error line (_utf8).
        return bytes(value).decode("utf-8", "surrogateescape")
    if isinstance(value, Decimal):
        if value.is_nan():
            return None
        if value.is_finite() and value == value.to_integral_value() and abs(value) < 2**63:
            return _plain(int(value), flag)  # a count, not the text "25"; a flag's 1 or 0 as true or false
        if value.is_finite() and value != value.to_integral_value():
            # Written as it is, not as the float it rounds to: 0.99999999999999999999
            # was 1.0, a true flag, and 25.0000000000000000001 a count of 25.
            return _EXACT_NUMBER + str(value) + "\x00"
        value = float(value)  # a huge one is inf (1e999: number_out_of_range), not 5,000 digits
    if _is_series(value):  # one row of a DataFrame
        return _plain(value.to_dict())
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:  # a numpy array
        return _plain(value.tolist())
    try:
        if value != value:  # NaN, NaT
            return None
    except TypeError:  # pd.NA: its truth is ambiguous
        return None
    if hasattr(value, "isoformat"):
        return _date_text(value)
    if _is_datetime64(value):
        return _datetime64_text(value)
    if isinstance(value, (set, frozenset)):
        # A set of ids (affected={"RRK"}): its items, in a fixed order, not its repr.
        return sorted((_plain(v) for v in value), key=str)
    if hasattr(value, "item"):  # numpy.int64, numpy.bool_, numpy.float64
        return _plain(value.item(), flag)
    if isinstance(value, float):
        if flag and value in (0.0, 1.0):
            return value == 1.0
        if value.is_integer():
            return int(value)  # a count from a column that has NaN elsewhere is a float
        if math.isinf(value):
            return _INFINITE[value > 0]  # written as 1e999 (_issue_text)
    return value


#: What starts every stand-in below: a NUL and a token drawn when the module
#: loads, so that no string of the user's (even one with a NUL) can pass for
#: a stand-in and be written as a number.
_STAND_IN = "\x00spfgov-" + secrets.token_hex(8) + ": "
_STAND_IN_JSON = json.dumps(_STAND_IN, ensure_ascii=False)[1:-1]  # as json.dumps writes it in a string
#: Stand-ins for an infinite number while json.dumps writes an issue (it
#: writes no number for one), replaced by 1e999 or -1e999 in its text: the
#: line is then an error line of its own ("number_out_of_range", naming the
#: field), not a ValueError for the whole batch.
_INFINITE = {True: _STAND_IN + "+infinity\x00", False: _STAND_IN + "-infinity\x00"}
_INFINITE_TEXT = {json.dumps(v, ensure_ascii=False): "1e999" if positive else "-1e999"
                  for positive, v in _INFINITE.items()}
#: The stand-in for a Decimal that is not whole, followed by its text (digits,
#: a point, a sign, an exponent) and a NUL: written as that number, which
#: the reader then checks (a flag is no number; a count is whole).
_EXACT_NUMBER = _STAND_IN + "number "
_EXACT_NUMBER_TEXT = re.compile('"' + re.escape(_STAND_IN_JSON + "number ") + r'([-+.0-9Ee]+)\\u0000"')


def _utf8(text: str) -> bytes:
    """A line as UTF-8. A lone surrogate (what a file read with
    errors="surrogateescape" holds for a byte that is not UTF-8) becomes that
    byte again, or else its three bytes, which are not UTF-8 either: the line
    is an error line of its own, as a bytes line with that byte is, not a
    TypeError for the whole batch."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _issue_text(issue: IssueLike) -> bytes:
    if isinstance(issue, (str, bytes, bytearray)):
        # A line read from a file keeps its newline: without it, as the command reads the line.
        if issue[-1:] in ("\n", b"\n"):
            issue = issue[:-2] if issue[-2:] in ("\r\n", b"\r\n") else issue[:-1]
        return _utf8(issue) if isinstance(issue, str) else issue if isinstance(issue, bytes) else bytes(issue)
    if isinstance(issue, dict) and any(_is_number(issue.get(k)) for k in _FLAG_KEYS):
        issue = _plain(issue)  # 1.0 or 1 would be valid JSON, but not a flag
    try:
        # Most issues are plain Python already: no copy.
        text = json.dumps(issue, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        try:
            text = json.dumps(_plain(issue), ensure_ascii=False, allow_nan=False, default=str)
        except RecursionError:
            # A dict or list that holds itself (d["self"] = d), or nested
            # past Python's recursion limit: no issue's JSON.
            raise TypeError("an issue holds itself (a dict or list inside itself), or is nested too deeply: it "
                            "has no JSON form; pass plain dicts, lists, strings and numbers") from None
    # _plain's stand-ins for infinite numbers (from either path: a flag
    # column made the issue plain before the first).
    if _STAND_IN_JSON in text:
        for stand_in, number in _INFINITE_TEXT.items():
            text = text.replace(stand_in, number)
        text = _EXACT_NUMBER_TEXT.sub(r"\1", text)
    return _utf8(text)


def _split_lines(text):
    """JSON Lines text (str or bytes) as a file's lines: split at newlines, a
    carriage return before one dropped, no line after a final newline."""
    newline = "\n" if isinstance(text, str) else b"\n"
    lines = text.split(newline)
    if not lines[-1]:
        lines.pop()
    return [_issue_text(line) for line in lines]


def _is_row(series) -> bool:
    """A Series that is one issue (a DataFrame's row: its index is the issue's
    keys), not a column of issues (JSON texts or dicts)."""
    try:
        return "id" in series.index or "kind" in series.index
    except TypeError:
        return False


def _lines(issues: Issues) -> Tuple[List[Union[str, bytes]], str]:
    """The batch's lines and the file name its messages use."""
    if isinstance(issues, str) and issues.lstrip("\ufeff \t\r\n").startswith("[") and _is_json_text(issues):
        # A JSON array of issues (one text, as json.dumps(list) gives): its items.
        try:
            items = json.loads(issues.lstrip("\ufeff"))
        except ValueError:
            items = None
        if isinstance(items, list):
            return _lines(items)
    if isinstance(issues, os.PathLike) or (isinstance(issues, str) and not _is_json_text(issues)):
        path = os.fspath(issues)
        return _core.read_lines(path), path
    if hasattr(issues, "__dask_graph__"):
        raise TypeError("a Dask collection is routed by spfgov.dask: routes_frame(frame) for a Dask DataFrame "
                        "(a row an issue; memberships=True for one row per body and role), route_bag(bag) for "
                        "a bag of issues, route_files(paths) for JSON Lines files")
    if hasattr(issues, "read"):  # an open file, text or binary
        return _split_lines(issues.read()), str(getattr(issues, "name", "<issues>"))
    if isinstance(issues, bytearray):
        issues = bytes(issues)
    if isinstance(issues, (str, bytes)) and (b"\n" if isinstance(issues, bytes) else "\n") in issues.strip():
        try:
            json.loads(issues)  # one pretty-printed issue (json.loads reads UTF-8 bytes too)
            issues = [issues]
        except ValueError:  # JSON Lines text: a line an issue, numbered as in its file
            return _split_lines(issues), "<issues>"
    elif isinstance(issues, bytes):
        return _split_lines(issues), "<issues>"
    if isinstance(issues, (dict, str)):
        issues = [issues]
    elif hasattr(issues, "columns") and hasattr(issues, "to_dict"):
        # A DataFrame, a row an issue (iterating one gives its column names).
        index_keys = [n for n in (getattr(issues.index, "names", None) or []) if n is not None and n not in issues.columns]
        if "id" in index_keys and "id" not in issues.columns:
            # The ids kept as the index (set_index("id"), or with other keys):
            # they are still the issues' fields.
            issues = issues.reset_index(level=index_keys)
        issues = issues.to_dict("records")
    elif _is_series(issues):
        # A row is one issue; a column (of JSON texts or dicts) is a batch.
        issues = [issues] if _is_row(issues) else issues.tolist()
    texts = []
    for i in issues:
        if isinstance(i, os.PathLike) or (isinstance(i, str) and i.endswith((".jsonl", ".json"))
                                           and not i.lstrip().startswith("{") and os.path.isfile(i)):
            raise TypeError("a batch holds issues (dicts or JSON texts), not paths: route each JSON Lines file "
                            "on its own, or several with spfgov.dask.route_files(paths)")
        texts.append(_issue_text(i))
    return texts, "<issues>"


def _is_json_text(text: str) -> bool:
    """Whether a str given as issues is JSON text rather than a file's path:
    not the name of an existing file ("[2026] batch.jsonl" is one), and an
    object or array first (after a UTF-8 byte-order mark, as a file read
    with encoding="utf-8" keeps it, and blanks), or several lines."""
    if "\n" not in text and "\0" not in text and os.path.isfile(text):
        return False
    return text.lstrip("\ufeff \t\r\n").startswith(("{", "[")) or "\n" in text.strip()


def _row_labels(issues):
    """The index of a DataFrame of issues (or a Series of them), which the
    frames keep so that they join back to it; None for other batches."""
    if hasattr(issues, "columns") and hasattr(issues, "to_dict"):
        return issues.index
    if _is_series(issues) and not _is_row(issues):
        return issues.index
    return None


def _label_rows(frame, labels):
    """Gives `frame` the labels of the rows its `line` column names (1-based)."""
    if labels is not None:
        frame.index = labels.take(frame["line"].to_numpy(dtype="int64") - 1)
    return frame


def route(issue: IssueLike, graph: Optional[GraphLike] = None, as_of=None, policy: Optional[PolicyLike] = None) -> Dict[str, Any]:
    """Routes one issue (a dict, or its JSON text) to a dict equal to the
    route JSON of `spfgov route` (docs/formats.md).

    as_of: route as of this date (a "YYYY-MM-DD" string or a date) instead
    of the issue's own. Raises IssueError (unknown_id, not_yet_valid...),
    ParseError (malformed JSON), DateError (an as_of that is not a date, or
    outside 1978-2100: calendar_out_of_range) or GraphError (a graph with
    errors: invalid_graph).
    """
    # (A name check first: JSON text ends in "}", so no file is looked up for it.)
    if isinstance(issue, os.PathLike) or (isinstance(issue, str) and issue.endswith((".json", ".jsonl"))
                                           and os.path.isfile(issue)):
        raise TypeError("route() routes one issue (a dict or its JSON text), not a file: pass "
                        "json.load(open(path)), or route_many(path) for a JSON Lines batch")
    # A file's name that is not there (a typo, another directory): the JSON
    # reader would only say "expected a value" at its first character.
    if isinstance(issue, str) and issue.endswith((".json", ".jsonl")) and \
            not issue.lstrip("\ufeff \t\r\n").startswith("{"):
        raise TypeError("route() routes one issue (a dict or its JSON text), not a file, and there is no file "
                        "%r either (from %s): pass json.load(open(path)), or route_many(path) for a JSON Lines "
                        "batch" % (issue, os.getcwd()))
    if hasattr(issue, "columns") and hasattr(issue, "to_dict") or hasattr(issue, "__dask_graph__"):
        raise TypeError("route() routes one issue (a dict, a DataFrame's row, or its JSON text); a DataFrame of "
                        "issues goes to routes_frame(frame) or memberships_frame(frame) for tables, or "
                        "route_many(frame) for route dicts (spfgov.dask.routes_frame for a Dask DataFrame)")
    text = _issue_text(issue)
    graph_core, policy_core = _run(graph, policy)
    on = _as_of(as_of)
    try:
        return json.loads(_core.route_one(text, graph_core, on, policy_core))
    except ParseError as e:
        if e.code != "trailing_data" or e.file != "<issue>" or not _another_object_follows(text):
            raise
        # As the command's note for `route --issue batch.jsonl`.
        raise ParseError(e.code, e.message + "; several issues, one a line, are a batch: route_many() or "
                         "route_lines() routes them", e.pointer, e.file, e.line, e.column) from None


def _another_object_follows(text: bytes) -> bool:
    """Whether another JSON object follows the text's first value on a later
    line (JSON Lines given as one issue), not stray text nor a second value
    on the same line: as the command's note says."""
    body = text.decode("utf-8", "replace").lstrip()
    try:
        _, end = json.JSONDecoder().raw_decode(body)
    except ValueError:
        return False
    rest = body[end:]
    after = rest.lstrip()
    return after.startswith("{") and "\n" in rest[:len(rest) - len(after)]


def _threads(threads) -> int:
    """`threads` as the core takes it: 0 (every core) or a positive count."""
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral):
        raise TypeError("threads: expected 0 (every core) or a number of threads, got %r" % (threads,))
    if threads < 0 or threads > 4096:
        raise ValueError("threads: expected 0 (every core) or a number of threads up to 4096, got %d" % threads)
    return int(threads)


def _warn_repeated_ids(frame, issue_ids, lines_total: int):
    """Says which issue ids more than one line gives (frame.attrs["repeated_ids"]:
    id -> its lines), with a RepeatedIdWarning; the rows stay, a line each."""
    first_line = {}
    repeated = {}
    for line, issue_id in enumerate(issue_ids, start=1):
        if issue_id is None:
            continue
        seen = first_line.setdefault(issue_id, line)
        if seen != line:
            repeated.setdefault(issue_id, [seen]).append(line)
    frame.attrs["repeated_ids"] = repeated
    if repeated:
        issue_id, lines = next(iter(repeated.items()))
        _warn_as_user("%d issue id%s of %d lines %s given on more than one line (frame.attrs['repeated_ids']); "
                      "each line has its own rows, so counting issues by id counts them once; the first: %r on "
                      "lines %s" % (len(repeated), "" if len(repeated) == 1 else "s", lines_total,
                                    "is" if len(repeated) == 1 else "are", issue_id,
                                    ", ".join(str(n) for n in lines)), RepeatedIdWarning)
    return frame


def route_lines(issues: Issues, graph: Optional[GraphLike] = None, as_of=None, policy: Optional[PolicyLike] = None,
                threads: int = 0, first_line: int = 1, file_name: Optional[str] = None) -> List[str]:
    """Routes a batch to the lines `spfgov route --issues` writes (without
    newlines), byte for byte: a route, or an error line
    ``{"issue", "line", "code", "error"}`` in its place. Releases the GIL
    and uses `threads` threads (0: every core). Keys the issue format does
    not have are ignored with an UnknownKeyWarning, once a key."""
    lines, name = _lines(issues)
    graph_core, policy_core = _run(graph, policy)
    return _core.route_lines(lines, graph_core, _as_of(as_of), policy_core, file_name or name, first_line, _threads(threads))


def route_many(issues: Issues, graph: Optional[GraphLike] = None, as_of=None, policy: Optional[PolicyLike] = None,
               threads: int = 0) -> List[Dict[str, Any]]:
    """Routes a batch (an iterable of dicts or JSON texts, or a JSON Lines
    path) on every core: one dict per issue, in order, a route or an error
    dict ({"issue", "line", "code", "error"})."""
    return [json.loads(x) for x in route_lines(issues, graph, as_of, policy, threads)]


def _frame(columns: Sequence[Tuple[str, str, str]], data: Dict[str, list]):
    import pandas as pd

    out = {}
    for name, kind, _ in columns:
        values = data[name]
        if kind == "date":
            out[name] = pd.to_datetime(pd.Series(values, dtype="string"), format="%Y-%m-%d")
        elif kind == "list":
            out[name] = pd.Series(values, dtype="object")
        else:
            out[name] = pd.array(values, dtype=_DTYPES[kind])
    return pd.DataFrame(out, columns=[c[0] for c in columns])


def routes_frame(issues: Issues, graph: Optional[GraphLike] = None, as_of=None, policy: Optional[PolicyLike] = None,
                 threads: int = 0, file_name: Optional[str] = None):
    """A pandas DataFrame with one row per issue (ROUTE_COLUMNS, dtypes
    route_dtypes()): the same columns as `spfgov route --format csv`. A line
    that cannot be routed has a row with only line, issue, error_code and
    error. From a DataFrame (or a Series of issues), the frame has its
    index, so that it joins back to it; otherwise 0..n-1. `file_name`: the
    name error messages give the batch (default: the file's, or <issues>)."""
    lines, name = _lines(issues)
    graph_core, policy_core = _run(graph, policy)
    data = _core.route_flat(lines, graph_core, _as_of(as_of), policy_core, file_name or name, 1, _threads(threads), False)
    frame = _label_rows(_frame(ROUTE_COLUMNS, data["routes"]), _row_labels(issues))
    return _warn_repeated_ids(frame, data["routes"]["issue"], len(lines))


def memberships_frame(issues: Issues, graph: Optional[GraphLike] = None, as_of=None, policy: Optional[PolicyLike] = None,
                      threads: int = 0, file_name: Optional[str] = None):
    """A pandas DataFrame with one row per (issue, body, role)
    (MEMBERSHIP_COLUMNS): lead, lead_union, negotiate, consult, engage and
    inform. Issues that cannot be routed have no rows: the frame's
    ``attrs["errors"]`` lists each (dicts ``{"line", "issue", "code",
    "error"}``, in line order) and an UnroutedIssueWarning says how many.
    From a DataFrame (or a Series of issues), each row has the label of its
    issue's row."""
    lines, name = _lines(issues)
    graph_core, policy_core = _run(graph, policy)
    data = _core.route_flat(lines, graph_core, _as_of(as_of), policy_core, file_name or name, 1, _threads(threads), True)
    frame = _label_rows(_frame(MEMBERSHIP_COLUMNS, data["memberships"]), _row_labels(issues))
    routes = data["routes"]
    errors = [{"line": line, "issue": issue, "code": code, "error": error}
              for line, issue, code, error in zip(routes["line"], routes["issue"], routes["error_code"], routes["error"])
              if code is not None]
    _warn_repeated_ids(frame, routes["issue"], len(lines))
    return _with_unrouted(frame, errors, len(lines), "have no membership rows")


def _with_unrouted(frame, errors, total: int, what: str):
    """`frame` with the lines that could not be routed in attrs["errors"],
    and a warning when there are any: a table made from routes has no rows
    for them, and must not drop them without saying so."""
    frame.attrs["errors"] = errors
    if errors:
        _warn_as_user("%d of %d lines could not be routed and %s (frame.attrs['errors']); the first: %s"
                      % (len(errors), total, what, errors[0]["error"]), UnroutedIssueWarning)
    return frame


def agenda_frame(issues: Issues, graph: Optional[GraphLike] = None, as_of=None, policy: Optional[PolicyLike] = None,
                 body: Optional[str] = None, from_date=None, to_date=None, threads: int = 0,
                 file_name: Optional[str] = None):
    """Each body's forward plan from a batch, as `spfgov agenda --format csv`
    gives it (docs/agenda.md): a pandas DataFrame with one row per (body,
    issue) (AGENDA_COLUMNS; dates as datetime64, missing when unknown;
    roles joined by ";"), bodies by id, each body's items by meeting date
    (else the date raised) and issue id. `body` keeps one body's agenda (an
    id the graph lacks raises GraphError unknown_id); `from_date` and
    `to_date` (dates or "YYYY-MM-DD", inclusive) keep the items filed in
    that window. A line that cannot be routed has no row, as the command
    leaves it out: the frame's ``attrs["errors"]`` lists each one (dicts
    ``{"line", "issue", "code", "error", "pointer", "column"}``, in line
    order), and an UnroutedIssueWarning says how many there are.

    Each row's statutory date is its issue's alone. Proposals at one
    employer whose first dismissals fall within 90 days count together
    (TULRCA s.188(1)); where that gives an earlier date than the rows show,
    ``attrs["warnings"]`` has one text a window (with `body`, only the
    windows of that body's issues, as the command), and a RedundancyWarning
    says each of the first ten, then how many more. redundancies_frame gives
    the windows' dates."""
    lines, name = _lines(issues)
    graph_core, policy_core = _run(graph, policy)
    from_text = _date_text(from_date) if hasattr(from_date, "isoformat") else from_date
    to_text = _date_text(to_date) if hasattr(to_date, "isoformat") else to_date
    data = _core.agenda_flat(lines, graph_core, _as_of(as_of), policy_core, file_name or name, 1, _threads(threads),
                             body or "", None if from_text is None else str(from_text),
                             None if to_text is None else str(to_text))
    frame = _frame(AGENDA_COLUMNS, data["rows"])
    frame.attrs["warnings"] = list(data["warnings"])
    most_said = 10  # as the command: a long batch can have hundreds
    for warning in data["warnings"][:most_said]:
        _warn_as_user(warning + " (spfgov.redundancies_frame counts them)", RedundancyWarning)
    if len(data["warnings"]) > most_said:
        _warn_as_user("and %d more such windows of proposals whose dates counted together are earlier "
                      "(frame.attrs['warnings'] has them all)" % (len(data["warnings"]) - most_said),
                      RedundancyWarning)
    return _with_unrouted(frame, data["errors"], len(lines), "are not on the agenda")


def redundancies_frame(issues: Issues, graph: Optional[GraphLike] = None, as_of=None,
                       policy: Optional[PolicyLike] = None, file_name: Optional[str] = None):
    """What `spfgov redundancies` counts (docs/redundancies.md): proposals at
    one employer whose first dismissals fall within 90 days count together
    (TULRCA s.188(1)). A pandas DataFrame with one row per window
    (REDUNDANCY_COLUMNS), by employer then window start; ``issues`` holds a
    list of ids a row (``frame.explode("issues")`` gives one row an issue).
    ``policy`` chooses the statutory tables; ``as_of`` resolves succession
    and chooses tables as of that date instead of each issue's own.
    What the command says on stderr is said here too: each skipped issue,
    repeated id and late proposal as a RedundancyWarning (all of them in
    ``frame.attrs["warnings"]``), and the lines that could not be read or
    counted in ``frame.attrs["errors"]`` (dicts ``{"line", "issue", "code",
    "error", "pointer", "column"}``) with an UnroutedIssueWarning."""
    lines, name = _lines(issues)
    graph_core, policy_core = _run(graph, policy)
    data = _core.redundancies_flat(lines, graph_core, _as_of(as_of), policy_core, file_name or name, 1)
    frame = _frame(REDUNDANCY_COLUMNS, data["windows"])
    frame.attrs["warnings"] = list(data["warnings"])
    for warning in data["warnings"]:
        _warn_as_user(warning, RedundancyWarning)
    return _with_unrouted(frame, data["errors"], len(lines), "are not counted")


def read_csv(path, memberships: bool = False):
    """Reads `spfgov route --format csv` (or memberships-csv) output with the
    documented dtypes."""
    import pandas as pd

    columns = MEMBERSHIP_COLUMNS if memberships else ROUTE_COLUMNS
    dtypes = {n: _DTYPES[k] for n, k, _ in columns if k != "date"}
    dates = [n for n, k, _ in columns if k == "date"]
    return pd.read_csv(path, dtype=dtypes, parse_dates=dates, keep_default_na=False, na_values=[""])


#: The roles a diff compares, in route JSON order.
DIFF_ROLES: Tuple[str, ...] = ("lead", "lead_union", "negotiate", "consult", "engage", "inform")


def diff_lines(issues: Issues, graph: Optional[GraphLike] = None, as_of=None, policy: Optional[PolicyLike] = None,
               vs_graph: Optional[GraphLike] = None, vs_as_of=None, vs_policy: Optional[PolicyLike] = None,
               threads: int = 0) -> Tuple[List[str], str]:
    """What `spfgov diff` prints: the JSON line of each issue whose route
    changes from the first run (graph, as_of, policy) to the second (the
    vs_ ones, each defaulting to the first's), and the text summary. At
    least one vs_ argument is needed (ValueError otherwise), as `spfgov
    diff` needs a --vs- option: without one both runs are the same, and
    "nothing changes" would only say that."""
    if vs_graph is None and vs_as_of is None and vs_policy is None:
        raise ValueError("diff: give at least one of vs_graph, vs_as_of and vs_policy (the second run); "
                         "without one both runs are the same and no route can change")
    lines, name = _lines(issues)
    first_graph, first_policy = _run(graph, policy)
    # Each run's idle rules are warned of, as `spfgov diff` warns of both.
    second_graph, second_policy = _run(graph if vs_graph is None else vs_graph,
                                       policy if vs_policy is None else vs_policy)
    return tuple(_core.diff_lines(lines, first_graph, _as_of(as_of), first_policy, second_graph,
                                  _as_of(as_of if vs_as_of is None else vs_as_of), second_policy, name, 1, _threads(threads)))


def diff(issues: Issues, graph: Optional[GraphLike] = None, as_of=None, policy: Optional[PolicyLike] = None,
         vs_graph: Optional[GraphLike] = None, vs_as_of=None, vs_policy: Optional[PolicyLike] = None, threads: int = 0):
    """Routes the same batch twice, as `spfgov diff` does (graph/as_of/policy,
    then the vs_ ones, each defaulting to the first's), and returns a
    DataFrame with one row per issue whose route changes (DIFF_COLUMNS):
    line, issue; for each role of DIFF_ROLES the bodies added and removed
    (";"-joined, "" when none); scope before and after (null when
    unchanged); whether the escalation ladder changed; the number of
    deadlines and of meetings added and removed; each run's error code when the line fails
    differently. The summary text is in ``frame.attrs["summary"]``. From a
    DataFrame (or a Series of issues), each row has its issue's row label."""
    import pandas as pd

    changed, summary = diff_lines(issues, graph, as_of, policy, vs_graph, vs_as_of, vs_policy, threads)
    rows = []
    for text in changed:
        d = json.loads(text)
        row: Dict[str, Any] = {"line": d["line"], "issue": d["issue"]}
        for role in DIFF_ROLES:
            change = d.get(role, {"added": [], "removed": []})
            row[role + "_added"] = ";".join(change["added"])
            row[role + "_removed"] = ";".join(change["removed"])
        scope = d.get("scope")
        row["scope_before"] = scope["before"] if scope else None
        row["scope_after"] = scope["after"] if scope else None
        row["escalation_changed"] = "escalation" in d
        deadlines = d.get("deadlines", {"added": [], "removed": []})
        row["deadlines_added"] = len(deadlines["added"])
        row["deadlines_removed"] = len(deadlines["removed"])
        meetings = d.get("meetings", {"added": [], "removed": []})
        row["meetings_added"] = len(meetings["added"])
        row["meetings_removed"] = len(meetings["removed"])
        error = d.get("error")
        for side in ("before", "after"):
            failure = error[side] if error else None
            row["error_" + side] = None if failure is None else (failure["code"] or "error")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[c[0] for c in DIFF_COLUMNS])
    frame = frame.astype({name: _DTYPES[kind] for name, kind, _ in DIFF_COLUMNS})
    frame.attrs["summary"] = summary
    return _label_rows(frame, _row_labels(issues))


#: The columns of diff(): (name, type, description), as ROUTE_COLUMNS.
DIFF_COLUMNS: List[Tuple[str, str, str]] = (
    [("line", "integer", "the line of the batch (1-based)"), ("issue", "text", "the issue's id")]
    + [(role + "_" + way, "text", "bodies %s %s %s (;-joined)" % (way, "to" if way == "added" else "from", role))
       for role in DIFF_ROLES for way in ("added", "removed")]
    + [("scope_before", "text", "the first run's scope, when the scope changes"),
       ("scope_after", "text", "the second run's scope, when the scope changes"),
       ("escalation_changed", "flag", "the escalation ladder changes"),
       ("deadlines_added", "integer", "statutory dates only in the second run"),
       ("deadlines_removed", "integer", "statutory dates only in the first run"),
       ("meetings_added", "integer", "meetings (body, date, papers due) only in the second run"),
       ("meetings_removed", "integer", "meetings (body, date, papers due) only in the first run"),
       ("error_before", "text", "the first run's error code, when the line fails differently"),
       ("error_after", "text", "the second run's error code, when the line fails differently")])


def run_scenarios(path: Union[str, "os.PathLike[str]"], policy: Optional[PolicyLike] = None) -> List[Dict[str, Any]]:
    """Runs a scenario file (docs/scenarios.md) as `spfgov test FILE` does:
    one dict per case, in file order, ``{"name", "passed", "differences",
    "error", "warnings", "line"}``. ``differences`` lists ``{"field",
    "expected", "got"}`` (compact JSON) for each field that differs;
    ``error`` is the routing error of a case that expected none (or says
    the issue routed when an error was expected), else None; ``warnings``
    are the route's when a field differs (they often say why); ``line`` is
    the command's PASS/FAIL line. `policy` (a Policy or a policy file's
    path) is used instead of the file's own ``policy:``, as ``spfgov test
    --policy``. A file that cannot run (bad YAML, a graph or policy it names
    that cannot be read) raises spfgov.Error with the command's code and
    message, and its position as file, line, column and pointer (the key
    path); a failing case raises nothing. A case that cannot be read (an
    unknown key in its ``expect``, a misspelt scope) fails alone: its dict
    has ``passed`` False and ``read_error`` (else None) with
    ``read_error_code``, ``read_error_file``, ``read_error_line``,
    ``read_error_column`` and ``read_error_pointer``, it is a
    ScenarioWarning, and the other cases still run. What makes a file test
    less than it seems (no cases, a case that expects nothing, a name given
    twice) is a ScenarioWarning, as the command's warnings."""
    policy_object = _policy_object(policy)
    result = _core.run_scenario_file(os.fspath(path), None if policy_object is None else policy_object._core)
    if result["error"] is not None and not result["cases"]:
        # The position as data too, as every spfgov.Error has it.
        raise Error(result["error_code"] or "error", result["error"], pointer=result["error_pointer"],
                    file=result["error_file"], line=result["error_line"], column=result["error_column"])
    for warning in result["warnings"]:
        _warn_as_user(warning, ScenarioWarning)
    for case in result["cases"]:
        if case["read_error"] is not None:
            _warn_as_user("case %s cannot be read: %s" % (case["name"], case["read_error"]), ScenarioWarning)
    return result["cases"]
