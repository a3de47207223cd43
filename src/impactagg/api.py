"""The Python API for notebooks: the same objects the command line renders.

>>> import impactagg
>>> data = impactagg.load(["sample_data"], year=2016)
>>> summary = impactagg.summarize(data, region="africa")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from impactagg.aggregate import Filters, Summary
from impactagg.aggregate import summarize as aggregate
from impactagg.codes import CodeList, EntityType, Expectation, ImpactType, Region, StrategicGoal, Target
from impactagg.models import Submission
from impactagg.problems import Problem
from impactagg.selection import counted
from impactagg.tabular import ENTITY_COLUMNS, OUTCOME_COLUMNS
from impactagg.validation import Report
from impactagg.validation import validate as validate_files

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Dataset:
    """Valid submissions (of one year, when one was asked for) and every problem found on the way."""

    submissions: list[Submission]
    report: Report
    year: int | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.report.problems

    @property
    def outcomes(self) -> pd.DataFrame:
        """One row per outcome with its entity's fields, coded columns categorical in the standard's order."""
        import pandas as pd

        records = []
        for submission in self.submissions:
            entity = {
                column: str(getattr(submission.entity, name)) for name, column in ENTITY_COLUMNS.items()
            }
            for outcome in submission.outcomes:
                row: dict[str, object] = {**entity, "year": submission.year}
                for name, column in OUTCOME_COLUMNS.items():
                    value = getattr(outcome, name)
                    row[column] = value.value if hasattr(value, "value") else value
                records.append(row)
        frame = pd.DataFrame.from_records(
            records, columns=[*ENTITY_COLUMNS.values(), "year", *OUTCOME_COLUMNS.values()]
        )
        categories: dict[str, list[object]] = {
            ENTITY_COLUMNS["type"]: [code.value for code in EntityType],
            ENTITY_COLUMNS["region"]: [code.value for code in Region],
            "impact_type": [code.value for code in ImpactType],
            "strategic_goal": [goal.number for goal in StrategicGoal],
            "expectation": [code.value for code in Expectation],
            "target": [code.value for code in Target],
        }
        for column, order in categories.items():
            frame[column] = pd.Categorical(frame[column], categories=order, ordered=True)
        frame["date"] = pd.to_datetime(frame["date"])
        return frame


def validate(paths: str | Path | Iterable[str | Path]) -> Report:
    """Validate files and folders together, as ``impactagg validate`` does."""
    return validate_files(paths)


def load(paths: str | Path | Iterable[str | Path], year: int | None = None) -> Dataset:
    """Read and validate ``paths``; keep the valid submissions (of ``year``, when given).

    Invalid submissions are left out and their problems are in ``Dataset.problems``: check
    ``dataset.report.valid`` before publishing a figure.
    """
    report = validate_files(paths)
    # The command line's rule: a valid submission counts unless its file has a file-wide error.
    kept = [submission for submission in counted(report) if year is None or submission.year == year]
    return Dataset(kept, report, year)


def summarize(
    dataset: Dataset,
    year: int | None = None,
    *,
    region: str | Iterable[str] = (),
    goal: int | Iterable[int] = (),
    entity_type: str | Iterable[str] = (),
) -> Summary:
    """The review's figures for one year of ``dataset`` (its year, or the only one it holds)."""
    if year is not None and dataset.year is not None and year != dataset.year:
        raise ValueError(f"the dataset was loaded for {dataset.year}, not {year}")
    chosen = year or dataset.year
    if chosen is None:
        years = sorted({submission.year for submission in dataset.submissions})
        if len(years) != 1:
            raise ValueError(f"the dataset holds the years {years}; choose one with year=")
        chosen = years[0]
    filters = Filters(
        regions=frozenset(_code(Region, value) for value in _many(region)),
        goals=frozenset(_goal(value) for value in _many(goal)),
        entity_types=frozenset(_code(EntityType, value) for value in _many(entity_type)),
    )
    return aggregate(dataset.submissions, chosen, filters)


C = TypeVar("C", bound=CodeList)


def _code(codes: type[C], value: str | int) -> C:
    by_value = {code.value: code for code in codes}
    key = str(value).strip().lower()
    if key not in by_value:
        raise ValueError(f"'{value}' is not a {codes.__name__} code; codes: {', '.join(by_value)}")
    return by_value[key]


def _goal(value: str | int) -> int:
    number = int(value)
    if not 1 <= number <= len(StrategicGoal):
        raise ValueError(f"strategic goal {value} does not exist; goals: 1-{len(StrategicGoal)}")
    return number


def _many(value: str | int | Iterable[str] | Iterable[int] | None) -> list[str | int]:
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [value]
    return list(value)
