"""spfgov's typed errors: every error the library raises is an spfgov.Error."""
from __future__ import annotations

import os
import re
import sys
import warnings
from typing import Optional

__all__ = ["Error", "IssueError", "GraphError", "PolicyError", "ParseError", "DateError", "UnknownKeyWarning"]

# A JSON pointer in a message ("... /redundancies/RRK: ...") or a policy key
# path ("... custom_rules[0].add.of ...").
_POINTER = re.compile(r"(?<![\w.:])(/[A-Za-z0-9_\-./~]*)")
_KEY_PATH = re.compile(r"\b([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)+)\b")


class Error(Exception):
    """An error of the spfgov library.

    Attributes:
        code: the stable code (``unknown_id``, ``policy.unknown_key``...), as
            in the command's error lines and docs/formats.md.
        message: the whole message (``code: text naming file, line, path``).
        pointer: the JSON pointer (``/affected/0``) or policy key path the
            message names, or None.
    """

    def __init__(self, code: str, message: str, pointer: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.pointer = pointer

    def __reduce__(self):  # picklable, for Dask
        return (type(self), (self.code, self.message, self.pointer))


class UnknownKeyWarning(UserWarning):
    """An issue has a key the issue format does not have: it is ignored, as
    the contract says, but a misspelt optional key ("system_process_agred")
    changes the route. One warning a key a batch, at its first line, naming
    the nearest key; silence it with ``warnings.simplefilter("ignore",
    spfgov.UnknownKeyWarning)``."""


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _warn_unknown_key(message: str) -> None:
    """Warns as the user's own line: past every frame of this package (the
    core calls this from route_many -> route_lines -> the core, and others)."""
    level = 2
    frame = sys._getframe(1)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame = frame.f_back
        level += 1
    warnings.warn(message, UnknownKeyWarning, stacklevel=level)


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


def _pointer_of(kind: str, message: str) -> Optional[str]:
    if kind == "policy":
        m = _KEY_PATH.search(message)
        return m.group(1) if m else None
    m = _POINTER.search(message)
    return m.group(1) if m else None


def from_core(kind: str, code: str, message: str) -> Error:
    """The exception for a C++ spfgov::error (called by the core)."""
    return _KINDS.get(kind, Error)(code, message, _pointer_of(kind, message))
