"""Documented limits on what a submission file may hold.

impactagg runs in CI on files anyone can propose. Each limit stops a file as
soon as it is passed (never after reading it whole), is far above what a real
submission needs, and can be raised from the command line when a genuine file
needs more.
"""

from __future__ import annotations

from dataclasses import dataclass

MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits in force; the defaults are documented in the README."""

    # A consolidated export of a million outcomes is about 500 MB of CSV.
    file_size: int = 1024 * MEGABYTE
    # One value (a description, a cell); a long outcome statement is a few thousand characters.
    value_length: int = 100_000
    # Outcomes (rows) in one file: a whole movement reports a few hundred a year.
    outcomes: int = 2_000_000
    # YAML nesting: a submission needs 4 levels.
    depth: int = 20

    def over_file_size(self, size: int) -> str:
        """How far ``size`` bytes pass the limit on a file's size, and how to raise it."""
        return (
            f"{size / MEGABYTE:,.1f} MB, more than the limit of {self.file_size / MEGABYTE:,.0f} MB; "
            "raise it with --max-file-size if the file is genuine."
        )


DEFAULT_LIMITS = Limits()
