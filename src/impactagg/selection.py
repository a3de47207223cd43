"""Choosing what ``summarize`` counts: the valid submissions of one year, and what was left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from impactagg.aggregate import Counts, counts_of
from impactagg.checks import CheckedSubmission, DeferredSource, DeferredSubmissions
from impactagg.models import Submission
from impactagg.problems import Category, Problem, Severity
from impactagg.validation import FileReport, Report


@dataclass(frozen=True, slots=True)
class Excluded:
    """A submission (or an unreadable file) that is not counted, and why."""

    path: str
    line: int | None
    entity_id: str | None
    year: int | None
    outcomes: int
    errors: int
    first_problem: str

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "entity_id": self.entity_id,
            "year": self.year,
            "outcomes": self.outcomes,
            "errors": self.errors,
            "first_problem": self.first_problem,
        }


@dataclass(slots=True)
class SourceFile:
    """An input file, its fingerprint, and the submissions of the selected year counted from it."""

    path: str
    sha256: str | None
    checked: list[CheckedSubmission]
    _counts: Counts | None = field(default=None, repr=False)

    @property
    def submissions(self) -> list[Submission]:
        """Its counted submissions as models (built on first use)."""
        return _models(self.checked)

    def counts(self) -> Counts:
        """What the figures count of it: from the models, or from a large table's columns."""
        if self._counts is None:
            self._counts = _counts_of(self.checked)
        return self._counts


@dataclass(slots=True)
class Selection:
    year: int | None
    checked: list[CheckedSubmission] = field(default_factory=list)  # the counted submissions
    # Invalid, and of the requested year or of no readable year: summarize refuses these.
    blocking: list[Excluded] = field(default_factory=list)
    # Invalid, of another year: mentioned, never counted, never blocking.
    other_years: list[Excluded] = field(default_factory=list)
    io_problems: list[Problem] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # years with at least one valid submission
    files: int = 0
    report: Report | None = None  # the validation the selection was made from
    sources: list[SourceFile] = field(default_factory=list)  # every file read, in path order

    @property
    def submissions(self) -> list[Submission]:
        """The counted submissions as models (built on first use: a large table read by columns
        builds them from the file again; figures need only :meth:`counts`)."""
        return _models(self.checked)

    def counts(self) -> Counts:
        """What the figures count, file by file in reading order."""
        parts = [source.counts() for source in self.sources]
        return Counts(
            [reporter for part in parts for reporter in part.reporters],
            [counted for part in parts for counted in part.outcomes],
        )

    @property
    def dropped_outcomes(self) -> int:
        return sum(item.outcomes for item in self.blocking)

    def inputs_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "submissions_counted": len(self.checked),
            "outcomes_read": sum(checked.outcome_count for checked in self.checked),
            "excluded": [item.to_dict() for item in self.blocking],
        }


def _models(checked: list[CheckedSubmission]) -> list[Submission]:
    models = [item.submission for item in checked]
    assert all(model is not None for model in models)  # only accepted submissions are counted
    return cast(list[Submission], models)


def _counts_of(checked: list[CheckedSubmission]) -> Counts:
    """The counts of accepted submissions: those still deferred from their table's columns (one
    reading per table), the others from their models."""
    deferred: dict[int, tuple[DeferredSource, list[int]]] = {}
    for item in checked:
        if (place := item.deferred_place) is not None:
            deferred.setdefault(id(place[0]), (place[0], []))[1].append(place[1])
    from_columns = {key: source.counts(numbers) for key, (source, numbers) in deferred.items()}
    counts = Counts([], [])
    for item in checked:
        if (place := item.deferred_place) is not None:
            reporter, outcomes = from_columns[id(place[0])][place[1]]
            counts.reporters.append(reporter)
            counts.outcomes.extend(outcomes)
        else:
            assert item.submission is not None
            model = counts_of([item.submission])
            counts.reporters.extend(model.reporters)
            counts.outcomes.extend(model.outcomes)
    return counts


def _errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def _excluded(report: FileReport, checked: CheckedSubmission | None, errors: list[Problem]) -> Excluded:
    first = errors[0]
    where = f"{first.path}:{first.line}" if first.line else first.path
    return Excluded(
        path=report.path,
        line=checked.raw.line if checked else None,
        entity_id=checked.entity_id if checked else None,
        year=checked.year if checked else None,
        outcomes=checked.outcome_count if checked else 0,
        errors=len(errors),
        first_problem=f"{where}: {first.message}",
    )


def counted(report: Report) -> list[Submission]:
    """Every submission a figure may count, of any year: valid, in a file without a file-wide error."""
    return [
        checked.submission
        for file_report in report.files
        if file_report.format != "registry" and not _errors(file_report.file_problems)
        for checked in file_report.submissions
        if checked.submission is not None and not _errors(checked.problems)
    ]


class _Listed(list[CheckedSubmission]):
    """A file's accepted submissions."""

    def years(self) -> set[int]:
        return {checked.year for checked in self if checked.year is not None}

    def of_year(self, year: int | None) -> list[CheckedSubmission]:
        return [checked for checked in self if checked.year == year]


@dataclass(slots=True)
class _TableAccepted:
    """A large table's accepted submissions: all but those ``refused`` (by number), made only
    when counted (the others are never looked at one by one)."""

    submissions: DeferredSubmissions
    refused: set[int] = field(default_factory=set)

    def years(self) -> set[int]:
        refused = self.refused
        return {
            year
            for number, year in enumerate(self.submissions.years())
            if year is not None and number not in refused
        }

    def of_year(self, year: int | None) -> list[CheckedSubmission]:
        refused, submissions = self.refused, self.submissions
        return [
            submissions[number]
            for number, found in enumerate(submissions.years())
            if found == year and number not in refused
        ]


_Accepted = _Listed | _TableAccepted


def select(report: Report, year: int | None) -> Selection:
    """Split the validated files into what counts for ``year`` and what does not.

    With ``year`` None, the year is taken from the data when it holds exactly one.
    """
    # No model is built here: a table read by columns defers them until asked for.
    valid: dict[str, _Accepted] = {}  # by file (each file is read once: discover() drops repeats)
    invalid: list[Excluded] = []
    io_problems = [p for p in report.problems if p.category is Category.IO]
    for file_report in report.files:
        if file_report.format == "registry":
            continue  # not a submission: its problems are the registry's, reported by validate
        file_errors = _errors(file_report.file_problems)
        if file_errors and not file_report.submissions:
            invalid.append(_excluded(file_report, None, file_errors))
        submissions = file_report.submissions
        if isinstance(submissions, DeferredSubmissions) and not file_errors:
            # A large table's: only those made can hold problems; the others are not made here.
            table = valid[file_report.path] = _TableAccepted(submissions)
            for checked in submissions.made():
                errors = _errors(checked.problems) if checked.problems else []
                if errors or not checked.accepted:
                    invalid.append(_excluded(file_report, checked, errors))
                    table.refused.add(checked.deferred_number)
            continue
        accepted = valid[file_report.path] = _Listed()
        for checked in submissions:
            # A problem of the whole file (a bad header) spoils every submission in it.
            errors = file_errors + _errors(checked.problems) if checked.problems else file_errors
            if errors or not checked.accepted:
                invalid.append(_excluded(file_report, checked, errors))
            else:
                accepted.append(checked)
    years = sorted({found_year for found in valid.values() for found_year in found.years()})
    if year is None:
        # Invalid submissions count here too: a year whose only file is broken is still that year.
        candidates = set(years) | {item.year for item in invalid if item.year is not None}
        if len(candidates) == 1:
            year = candidates.pop()
    read = [file for file in report.files if file.format != "registry"]
    selection = Selection(year=year, io_problems=io_problems, years=years, files=len(read), report=report)
    chosen = {path: found.of_year(year) for path, found in valid.items()}
    selection.checked = [checked for found in chosen.values() for checked in found]
    selection.sources = [
        SourceFile(file.path, file.sha256, chosen.get(file.path, []))
        for file in report.files
        if file.format != "registry"
    ]
    for item in invalid:
        if item.year is None or item.year == year:
            selection.blocking.append(item)
        else:
            selection.other_years.append(item)
    return selection
