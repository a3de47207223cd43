"""The output formats each command offers (kept apart so the CLI can import them cheaply)."""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    """Formats of ``validate``'s report."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


class SummaryFormat(StrEnum):
    """Formats of ``summarize``'s output."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
