"""Errors impactagg raises to its callers (bad input is never one: it is a problem in a report)."""

from __future__ import annotations


class SourceChangedError(RuntimeError):
    """A file read earlier in the run is gone or different when its outcomes are built.

    Large tables are read twice (:mod:`impactagg.readers.columnar`): once to check every row,
    and again for the rows a figure needs, when it needs them.
    """
