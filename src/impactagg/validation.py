"""Validate submission files: the core behind ``impactagg validate``."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain
from pathlib import Path
from typing import TYPE_CHECKING

from impactagg import __version__
from impactagg.bulk import collector_paused
from impactagg.checks import (
    CheckedSubmission,
    DeferredSubmissions,
    SubmissionSequence,
    check_across,
    check_submission,
)
from impactagg.limits import DEFAULT_LIMITS, MEGABYTE, Limits
from impactagg.problems import RULES, Category, Problem, Rule, Severity
from impactagg.readers import STDIN, discover, read_bytes, read_file
from impactagg.registry import Registry, check_against_registry, find_registry, load_registry

if TYPE_CHECKING:
    import pandas as pd

    from impactagg.readers.columnar import ColumnarTable


def _columnar_from() -> int:
    """The size from which CSV files are read by columns: 4 MB, or IMPACTAGG_COLUMNAR_FROM bytes.

    Below 4 MB (about 8,000 rows) the row-by-row reader is done before polars would be imported;
    from there reading by columns is faster (alternating runs: a 6 MB file 0.95 s row by row,
    0.67 s by columns; 2 to 3 MB the same). The variable is for tuning and for testing (CI runs
    the tests again with 0, every CSV file by columns).
    """
    value = os.environ.get("IMPACTAGG_COLUMNAR_FROM", "").strip()
    return int(value) if value.isdigit() else 4 * MEGABYTE


COLUMNAR_FROM = _columnar_from()


@dataclass(slots=True)
class FileReport:
    """A file's submissions and every problem found in it."""

    path: str
    format: str
    submissions: Sequence[CheckedSubmission] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    silenced: frozenset[str] = frozenset()  # warning codes the file's own comment silences
    sha256: str | None = None  # of the bytes read (None: the file could not be read)
    ignored: int = 0  # warnings left out, by that comment or by --ignore

    def drop_ignored(self, codes: frozenset[str]) -> None:
        """Leave out the warnings of ``codes``, counting them."""
        if not codes:
            return

        def keep(problem: Problem) -> bool:
            return not (problem.severity is Severity.WARNING and problem.code in codes)

        for problems in [self.file_problems, *(checked.problems for checked in _made(self.submissions))]:
            kept = [problem for problem in problems if keep(problem)]
            self.ignored += len(problems) - len(kept)
            problems[:] = kept

    @property
    def problems(self) -> list[Problem]:
        found = [*self.file_problems]
        for submission in _made(self.submissions):
            if submission.problems:
                found.extend(submission.problems)
        return sorted(found, key=Problem.sort_key)

    @property
    def valid(self) -> bool:
        return _no_errors(self.problems)

    def is_valid(self, strict: bool) -> bool:
        """Valid, and with ``strict`` free of warnings too."""
        return _is_valid(self.problems, strict)

    def to_dict(self, strict: bool = False, problems: list[Problem] | None = None) -> dict[str, object]:
        """The file's part of the JSON report; ``problems`` are its problems when known already
        (``Report.by_file`` gathers and sorts them once)."""
        if problems is None:
            problems = self.problems
        submissions = self.submissions
        if isinstance(submissions, DeferredSubmissions):  # a large table's: from its columns
            ids, years, counts, valid = submissions.summaries()
        else:
            ids = [checked.entity_id for checked in submissions]
            years = [checked.year for checked in submissions]
            counts = [checked.outcome_count for checked in submissions]
            valid = [checked.valid for checked in submissions]
        return {
            "path": self.path,
            "format": self.format,
            "valid": _is_valid(problems, strict),
            "submissions": [
                {"entity_id": entity_id, "year": year, "outcomes": count, "valid": is_valid}
                for entity_id, year, count, is_valid in zip(ids, years, counts, valid, strict=True)
            ],
            "problems": [problem.to_dict() for problem in problems],
        }

    @property
    def outcomes(self) -> int:
        submissions = self.submissions
        if isinstance(submissions, DeferredSubmissions):
            return submissions.outcome_total()
        return sum(checked.outcome_count for checked in submissions)


class _Joined(SubmissionSequence):
    """Several files' submissions as one sequence, in order, without making a large table's
    (the checks across files look up the few they need by position)."""

    def __init__(self, parts: list[Sequence[CheckedSubmission]]) -> None:
        self._parts = parts
        self._starts = [0, *accumulate(len(part) for part in parts)]  # where each part starts

    def __len__(self) -> int:
        return self._starts[-1]

    def _at(self, number: int) -> CheckedSubmission:
        part = bisect_right(self._starts, number) - 1
        return self._parts[part][number - self._starts[part]]

    def __iter__(self) -> Iterator[CheckedSubmission]:
        return chain.from_iterable(self._parts)


def _made(submissions: Sequence[CheckedSubmission]) -> Sequence[CheckedSubmission]:
    """The submissions that may hold problems: all, but of a large table those made so far."""
    return submissions.made() if isinstance(submissions, DeferredSubmissions) else submissions


def _no_errors(problems: list[Problem]) -> bool:
    return not any(problem.severity is Severity.ERROR for problem in problems)


def _is_valid(problems: list[Problem], strict: bool) -> bool:
    return _no_errors(problems) and not (strict and problems)


@dataclass(slots=True)
class Report:
    """The result of validating a set of files together."""

    files: list[FileReport]
    strict: bool = False
    registry: Registry | None = None  # the registry checked against, when there was a valid one
    _by_file: list[tuple[FileReport, list[Problem]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _problems: list[Problem] | None = field(default=None, init=False, repr=False, compare=False)
    _tally: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def by_file(self) -> list[tuple[FileReport, list[Problem]]]:
        """Each file's report and its problems, in order."""
        # Gathered once: a report is final when validate() returns, and a million-row table
        # has many submissions to walk.
        if self._by_file is None:
            self._by_file = [(report, report.problems) for report in self.files]
        return self._by_file

    @property
    def problems(self) -> list[Problem]:
        if self._problems is None:
            self._problems = [problem for _, problems in self.by_file for problem in problems]
        return self._problems

    @property
    def submissions(self) -> list[CheckedSubmission]:
        return [checked for report in self.files for checked in report.submissions]

    @property
    def submission_count(self) -> int:
        return sum(len(report.submissions) for report in self.files)

    @property
    def errors(self) -> int:
        return self._severities()[0]

    @property
    def warnings(self) -> int:
        return self._severities()[1]

    def _severities(self) -> tuple[int, int]:
        """The errors and warnings, counted once (a report names both, and is valid by the first)."""
        if self._tally is None:
            severities = Counter(problem.severity for problem in self.problems)
            self._tally = severities[Severity.ERROR], severities[Severity.WARNING]
        return self._tally

    @property
    def ignored(self) -> int:
        return sum(report.ignored for report in self.files)

    @property
    def outcomes(self) -> int:
        return sum(report.outcomes for report in self.files)

    @property
    def valid(self) -> bool:
        return self.errors == 0 and not (self.strict and self.warnings)

    @property
    def exit_code(self) -> int:
        """0 all valid, 1 invalid data, 2 a file could not be read (that wins: the check is incomplete)."""
        if any(problem.category is Category.IO for problem in self.problems):
            return 2
        return 0 if self.valid else 1

    def to_frame(self) -> pd.DataFrame:
        """Every problem as a row of a pandas DataFrame (the fields of the JSON report)."""
        import pandas as pd

        columns = ["path", "line", "column", "field", "code", "severity", "message", "sheet", "cell"]
        return pd.DataFrame([problem.to_dict() for problem in self.problems], columns=columns)

    def to_dict(self) -> dict[str, object]:
        return {
            "impactagg_version": __version__,
            "valid": self.valid,
            "strict": self.strict,
            "counts": {
                "files": len(self.files),
                "submissions": self.submission_count,
                "outcomes": self.outcomes,
                "errors": self.errors,
                "warnings": self.warnings,
                "ignored_warnings": self.ignored,
            },
            "files": [report.to_dict(self.strict, problems) for report, problems in self.by_file],
        }


def validate(
    paths: str | Path | Iterable[str | Path],
    *,
    stdin: bytes | None = None,
    stdin_format: str = "yaml",
    strict: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    ignore: Iterable[str] = (),
    registry: str | Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    columnar: bool | None = None,
    fingerprints: bool = True,
) -> Report:
    """Validate every submission file in ``paths`` (files and folders) together.

    ``-`` in ``paths`` stands for ``stdin``, read as ``stdin_format``. Nothing is
    raised for bad input: every problem is in the returned report. Warnings
    whose code is in ``ignore``, or that a file silences with a comment, are
    left out and counted as ignored; errors cannot be ignored.

    Submissions are checked against the registry of expected entities at
    ``registry``, or else at ``entities.yaml`` in the first folder given that
    has one; without a registry, any entity may report.

    CSV files of :data:`COLUMNAR_FROM` bytes or more are read by columns, with the same
    result; ``columnar`` True reads every CSV file so when it can, False never (the row-by-row
    reader is the reference). The outcomes and models of a table read by columns are built
    when first asked for (``CheckedSubmission.submission``), from the file: if it is gone or
    has changed by then, :class:`~impactagg.errors.SourceChangedError` is raised.

    ``fingerprints`` False leaves out each file's SHA-256 (``FileReport.sha256`` is None), the
    provenance that figures carry and that a validation alone does not need.

    ``progress``, when given, is called as ``progress(done, total, path)`` before each file is
    read, and as ``progress(bytes read, bytes in the file, path)`` while a large table is read
    by columns, so that a caller can show progress; the core itself never prints.
    """
    run_ignored = frozenset(ignore)
    unknown = sorted(code for code in run_ignored if RULES.get(code, _ERROR).severity is not Severity.WARNING)
    if unknown:
        raise ValueError(f"only warnings can be ignored, not: {', '.join(unknown)}")
    paths = [paths] if isinstance(paths, str | Path) else list(paths)
    registry_path = str(registry) if registry is not None else find_registry(paths)
    # The registry may sit among the submissions under any name: it is not one of them.
    files, missing = discover(paths, skip=[registry_path] if registry_path is not None else [])
    reports = [FileReport(problem.path, "unknown", file_problems=[problem]) for problem in missing]
    loaded = load_registry(registry_path, limits) if registry_path is not None else None
    if loaded is not None:
        reports.append(
            FileReport(loaded.path, "registry", file_problems=loaded.problems, sha256=loaded.sha256)
        )
    tables: list[ColumnarTable] = []
    with collector_paused():
        for done, path in enumerate(files):
            if progress is not None:
                progress(done, len(files), path)
            table = _read_columnar(path, limits, columnar, fingerprints, progress, len(files) == 1)
            if table is not None:
                tables.append(table)
                reports.append(
                    FileReport(path, "csv", table.submissions, list(table.problems), sha256=table.sha256)
                )
                continue
            if path == STDIN:
                result = read_bytes(stdin or b"", STDIN, stdin_format, limits)
            else:
                result = read_file(path, limits)
            report = FileReport(result.path, result.format, file_problems=list(result.problems))
            report.submissions = [check_submission(result.path, raw) for raw in result.submissions]
            report.silenced = result.ignored
            report.sha256 = result.sha256 if fingerprints else None
            reports.append(report)
        if progress is not None:
            progress(len(files), len(files), "")
        # Together, without making a large table's submissions (see DeferredSubmissions).
        submissions = _Joined([report.submissions for report in reports])
        check_across(submissions, tables)
        if loaded is not None and loaded.registry is not None:
            check_against_registry(loaded.registry, submissions)
        for report in reports:
            report.drop_ignored(run_ignored | report.silenced)
    return Report(
        sorted(reports, key=lambda report: report.path),
        strict=strict,
        registry=loaded.registry if loaded is not None else None,
    )


def _read_columnar(
    path: str,
    limits: Limits,
    columnar: bool | None,
    fingerprint: bool,
    progress: Callable[[int, int, str], None] | None,
    alone: bool,
) -> ColumnarTable | None:
    """The file read by columns, when it is a CSV file that should and can be; ``alone``: whether
    it is the only file validated (see ``read_columnar``)."""
    if columnar is False or path == STDIN or not path.lower().endswith(".csv"):
        return None
    try:
        size = Path(path).stat().st_size
    except OSError:
        return None  # the row-by-row reader reports it
    if size > limits.file_size or (columnar is None and size < COLUMNAR_FROM):
        return None
    from impactagg.readers.columnar import read_columnar  # with polars: only for large tables

    # A large table takes seconds: say how far through it the reading is, in bytes.
    def bytes_read(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, path)

    return read_columnar(path, limits, fingerprint, bytes_read if progress is not None else None, alone)


_ERROR = Rule("", "", "")  # stands for an unknown code: not a warning, so it cannot be ignored
