"""spfgov's typed errors: every error the library raises is an spfgov.Error."""
from __future__ import annotations

import os
import sys
import warnings
from typing import Optional

__all__ = ["Error", "IssueError", "GraphError", "PolicyError", "ParseError", "DateError", "UnknownKeyWarning",
           "IdleRuleWarning"]

class Error(Exception):
    """An error of the spfgov library.

    Attributes:
        code: the stable code (``unknown_id``, ``policy.unknown_key``...), as
            in the command's error lines and docs/formats.md.
        message: the whole message (``code: text naming file, line, path``).
        pointer: the JSON pointer to the value (``/affected/0``); in a
            policy or scenario file, the key path in the same form
            (``/custom_rules/0/add/of``); or None.
        file: the file as it was named (``policy.yaml``, ``<issue>``), or None.
        line, column: 1-based (the column in characters), or None.
    """

    def __init__(self, code: str, message: str, pointer: Optional[str] = None, file: Optional[str] = None,
                 line: Optional[int] = None, column: Optional[int] = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.pointer = pointer
        self.file = file
        self.line = line
        self.column = column

    def __reduce__(self):  # picklable, for Dask
        return (type(self), (self.code, self.message, self.pointer, self.file, self.line, self.column))


class UnknownKeyWarning(UserWarning):
    """An issue has a key the issue format does not have: it is ignored, as
    the contract says, but a misspelt optional key ("system_process_agred")
    changes the route. One warning a key a batch, at its first line, naming
    the nearest key; silence it with ``warnings.simplefilter("ignore",
    spfgov.UnknownKeyWarning)``."""


class UnroutedIssueWarning(UserWarning):
    """Issues of a batch could not be routed, so a table made from the
    routes (agenda_frame) has no rows for them, as `spfgov agenda` leaves
    them out: the table's ``attrs["errors"]`` says which and why."""


class RedundancyWarning(UserWarning):
    """What `spfgov redundancies` warns of on stderr, from
    redundancies_frame: an issue whose counts are skipped (and why: the
    text ends "; skipped"), routing's own warnings (a date outside the
    graph's cover: counted), an issue id given on two lines (both counted),
    a window whose deadline came before some of its proposals were made
    (s.188(3)). The frame's ``attrs["warnings"]`` lists them all."""


class RepeatedIdWarning(UserWarning):
    """Issue ids given on more than one line of a batch (routes_frame,
    memberships_frame): each line is routed and has its own rows, so a count
    of issues by id (``nunique()``) counts them once. The frame's
    ``attrs["repeated_ids"]`` maps each such id to its lines."""


class ScenarioWarning(UserWarning):
    """A scenario file tests less than it seems, as `spfgov test` warns: no
    cases, a case that expects nothing (it passes whenever its issue routes),
    two cases of one name."""


class IdleRuleWarning(UserWarning):
    """A policy's custom rule can never add a body on the graph it routes on
    (its ids name no body valid there, or the wrong kind): routing goes on
    without it, as `spfgov route --policy` warns. Once a rule, policy and
    graph."""


class StatutoryTableWarning(IdleRuleWarning):
    """A policy's statutory tables leave earlier dates without one (a file
    giving only a new law's table): R10 gives a redundancy proposed before
    the first no statutory date (Policy.table_gap). Once a Policy object, as
    `spfgov route --policy` warns once a run. An IdleRuleWarning, so that
    Dask's workers, which leave it to the client, stay quiet."""


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _warn_as_user(message: str, category: type) -> None:
    """Warns as the user's own line: past every frame of this package (the
    core calls this from route_many -> route_lines -> the core, and others)."""
    level = 2
    frame = sys._getframe(1)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def _warn_unknown_key(message: str) -> None:
    _warn_as_user(message, UnknownKeyWarning)


class IssueError(Error):
    """An issue that cannot be read or routed (bad field, unknown id...)."""


class GraphError(Error):
    """A graph that cannot be read or used (malformed file, cycle...)."""


class PolicyError(Error):
    """A policy file that cannot be loaded or used."""


class ParseError(Error):
    """Malformed input text (JSON) or a file that cannot be read."""


class DateError(Error):
    """A malformed date, or one outside the range the calendars cover."""


_KINDS = {"issue": IssueError, "graph": GraphError, "policy": PolicyError, "parse": ParseError, "date": DateError}


def from_core(kind: str, code: str, message: str, file: Optional[str] = None, line: Optional[int] = None,
              column: Optional[int] = None, pointer: Optional[str] = None) -> Error:
    """The exception for a C++ spfgov::error (called by the core), its
    position taken from the error's fields, not parsed from its text."""
    return _KINDS.get(kind, Error)(code, message, pointer, file, line, column)
