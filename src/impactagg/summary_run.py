"""The core behind ``impactagg summarize``: validate the data, select a year, aggregate it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from impactagg import __version__
from impactagg.aggregate import Filters, Summary, share_changes, summarize
from impactagg.limits import DEFAULT_LIMITS, Limits
from impactagg.selection import Selection, SourceFile, select
from impactagg.validation import validate


@dataclass(frozen=True, slots=True)
class SummaryRun:
    """What summarize found: the selection it made, and the summary when there is one to make.

    ``summary`` is None when there is no year to summarize (no valid submissions
    of the requested year, or several years and none chosen). Whether invalid
    submissions block the summary is the caller's decision (``--skip-invalid``).
    """

    selection: Selection
    summary: Summary | None
    previous: Summary | None = None  # the year compared with (--compare)
    explained: dict[str, object] | None = None  # the outcome ids behind each figure (--explain)
    status: dict[str, object] | None = None  # who reported, when a registry is known

    def to_dict(self) -> dict[str, object]:
        """The JSON document of ``summarize --format json``."""
        if self.summary is None:
            raise ValueError("no summary to serialise")
        document: dict[str, object] = {"impactagg_version": __version__, **self.summary.to_dict()}
        if self.status is not None:
            document["status"] = self.status
        if self.previous is not None:
            current, before = self.summary.to_dict(), self.previous.to_dict()
            document["compare"] = {
                "year": self.previous.year,
                "figures": {key: value for key, value in before.items() if key not in ("year", "filters")},
                "change_pp": share_changes(current, before),
            }
        if self.explained is not None:
            document["explain"] = self.explained
        document["inputs"] = self.selection.inputs_dict()
        keeps = self.summary.filters.keeps
        document["sources"] = sources_dict(
            self.selection, lambda source: sum(map(keeps, source.counts().outcomes))
        )
        return document


def run_summary(
    paths: Iterable[str | Path],
    year: int | None,
    filters: Filters | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> SummaryRun:
    """Validate every file in ``paths`` and summarize the valid submissions of ``year``."""
    selection = select(validate(paths, limits=limits), year)
    if selection.year is None or not selection.checked:
        return SummaryRun(selection, None)
    return SummaryRun(selection, summarize(selection.counts(), selection.year, filters))


def sources_dict(selection: Selection, taken: Callable[[SourceFile], int]) -> dict[str, object]:
    """Provenance: which files (by SHA-256) a figure came from, and how many outcomes each gave
    (``taken``: how many of a file's outcomes the figure counts).

    Paths are as given on the command line, in a stable order, and nothing depends on the
    time of the run, so the same files give byte-identical output.
    """
    files = []
    for source in selection.sources:
        files.append({"path": source.path, "sha256": source.sha256, "outcomes": taken(source)})
    return {"impactagg_version": __version__, "files": files}
