"""The core behind ``impactagg report``: what the impact review report shows beyond the summary.

The summary (:mod:`impactagg.aggregate`) answers the review's three questions. A report for
managers, boards and the accountability panel also says how complete and how corroborated the
data is (and, when the data has a registry of expected entities, who has not reported), and
shows a few real outcomes behind the numbers. This module works those out from the same
submissions and filters as the summary, so every figure agrees with ``summarize``. With a year to
compare with, the same is worked out for that year. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from impactagg import __version__
from impactagg.aggregate import Filters, Summary
from impactagg.codes import EntityType, Expectation, ImpactType, Region
from impactagg.models import Outcome, Submission, country_name
from impactagg.selection import Excluded
from impactagg.status import Status, filtered_status
from impactagg.summary_run import SummaryRun

EXAMPLES_PER_TYPE = 3


@dataclass(frozen=True, slots=True)
class Example:
    """One outcome shown as an example of its impact type."""

    outcome_id: str
    title: str
    description: str
    entity_name: str
    entity_type: EntityType
    region: Region
    country: str | None  # ISO 3166-1 alpha-2; None for a regional or global outcome
    impact_type: ImpactType
    strategic_goal: int
    expectation: Expectation
    corroborated_by: tuple[str, ...]

    @property
    def place(self) -> str:
        """The country's name, or what stands for it when the outcome has none."""
        return country_name(self.country) if self.country else "Regional or global"


@dataclass(frozen=True, slots=True)
class Ratio:
    """A count out of a total (corroborated outcomes out of outcomes, for example)."""

    count: int
    total: int


@dataclass(frozen=True, slots=True)
class Coverage:
    """Who reported, and what was read but not counted."""

    # Submissions counted, by region and entity type (after the entity filters).
    submissions: dict[Region, dict[EntityType, int]]
    outcomes: dict[Region, int]  # outcomes counted, by the region of their entity
    without_outcomes: list[str]  # names of entities whose submission claims no outcome
    files: int
    excluded: list[Excluded]  # invalid submissions left out with --skip-invalid

    @property
    def excluded_outcomes(self) -> int:
        return sum(item.outcomes for item in self.excluded)


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the impact review report shows, for one year.

    ``previous`` is the same data for the year compared with (``--compare YEAR``), under the same
    filters, without examples; the renderers show each share beside its value that year.
    """

    summary: Summary
    coverage: Coverage
    # Corroborated outcomes by impact type and entity type; the key None holds all impact types.
    corroboration: dict[ImpactType | None, dict[EntityType, Ratio]]
    examples: dict[ImpactType, list[Example]]
    version: str = field(default=__version__)
    # Who reported, against the registry of expected entities (None without a registry),
    # narrowed to the regions and entity types the filters keep.
    status: Status | None = None
    previous: ReportData | None = None

    @property
    def year(self) -> int:
        return self.summary.year


def build_report(
    run: SummaryRun, examples_per_type: int = EXAMPLES_PER_TYPE, previous: SummaryRun | None = None
) -> ReportData:
    """The report's data for a summary run that has a summary (raises ValueError otherwise);
    with ``previous``, a run of another year under the same filters, to compare with."""
    if run.summary is None:
        raise ValueError("no summary to report on")
    summary = run.summary
    if previous is not None and previous.summary is not None:
        if previous.summary.year == summary.year:
            raise ValueError("the year compared with is the year reported on")
        if previous.summary.filters != summary.filters:
            raise ValueError("the years compared must have the same filters")
    kept = _kept(run.selection.submissions, summary.year, summary.filters)
    rows = [(s, o) for s in kept for o in s.outcomes if summary.filters.outcome_passes(o)]
    return ReportData(
        summary=summary,
        coverage=_coverage(kept, rows, run),
        corroboration=_corroboration(rows),
        examples=choose_examples(rows, examples_per_type),
        status=filtered_status(run.selection.report, summary.year, summary.filters),
        previous=build_report(previous, examples_per_type=0) if previous is not None else None,
    )


def _kept(submissions: Iterable[Submission], year: int, filters: Filters) -> list[Submission]:
    """The submissions the summary counted (the same rule as :func:`impactagg.aggregate.summarize`)."""
    return [s for s in submissions if s.year == year and filters.entity_passes(s)]


def _coverage(kept: list[Submission], rows: list[tuple[Submission, Outcome]], run: SummaryRun) -> Coverage:
    return Coverage(
        submissions={
            region: {
                kind: sum(s.entity.region is region and s.entity.type is kind for s in kept)
                for kind in EntityType
            }
            for region in Region
        },
        outcomes={region: sum(s.entity.region is region for s, _ in rows) for region in Region},
        without_outcomes=sorted(s.entity.name for s in kept if not s.outcomes),
        files=run.selection.files,
        excluded=list(run.selection.blocking),
    )


def _corroboration(
    rows: list[tuple[Submission, Outcome]],
) -> dict[ImpactType | None, dict[EntityType, Ratio]]:
    def ratio(impact_type: ImpactType | None, kind: EntityType) -> Ratio:
        chosen = [
            o
            for s, o in rows
            if s.entity.type is kind and (impact_type is None or o.impact_type is impact_type)
        ]
        return Ratio(sum(bool(o.corroborated_by) for o in chosen), len(chosen))

    keys: list[ImpactType | None] = [*ImpactType, None]
    return {key: {kind: ratio(key, kind) for kind in EntityType} for key in keys}


_EXPECTATION_RANK = {Expectation.EXCEEDED: 0, Expectation.MET: 1, Expectation.NEGATIVE: 2}


def _rank(row: tuple[Submission, Outcome]) -> tuple[int, int, int, str]:
    """Best first: corroborated (the panel values stakeholder validation), exceeded before met
    before negative, with a country before without; the outcome id settles ties."""
    _, outcome = row
    return (
        0 if outcome.corroborated_by else 1,
        _EXPECTATION_RANK[outcome.expectation],
        0 if outcome.country else 1,
        outcome.id,
    )


def choose_examples(
    rows: Iterable[tuple[Submission, Outcome]], per_type: int = EXAMPLES_PER_TYPE
) -> dict[ImpactType, list[Example]]:
    """Up to ``per_type`` example outcomes of each impact type, chosen deterministically.

    Outcomes are taken best first (see :func:`_rank`), each from another entity and, while
    possible, from another region, so the examples show the breadth of the movement's work. Two
    reports of the same change (``related_outcomes``) are never both shown.
    """
    ranked = sorted(rows, key=_rank)
    chosen: dict[ImpactType, list[Example]] = {}
    for impact_type in ImpactType:
        candidates = [(s, o) for s, o in ranked if o.impact_type is impact_type]
        picked: list[tuple[Submission, Outcome]] = []
        for distinct_region in (True, False):
            for candidate in candidates:
                if len(picked) < per_type and _adds_breadth(candidate, picked, distinct_region):
                    picked.append(candidate)
        chosen[impact_type] = [_example(s, o) for s, o in sorted(picked, key=_rank)]
    return chosen


def _adds_breadth(
    candidate: tuple[Submission, Outcome], picked: list[tuple[Submission, Outcome]], distinct_region: bool
) -> bool:
    """Whether ``candidate`` shows something the examples picked so far do not."""
    submission, outcome = candidate
    return all(
        other.entity.id != submission.entity.id
        and not (distinct_region and other.entity.region is submission.entity.region)
        and not _same_change(outcome, other_outcome)
        for other, other_outcome in picked
    )


def _same_change(one: Outcome, other: Outcome) -> bool:
    """Whether two outcomes are linked as reports of one change (either way; ids ignore case)."""
    links = {i.casefold() for i in one.related_outcomes} | {i.casefold() for i in other.related_outcomes}
    return one.id.casefold() in links or other.id.casefold() in links


def _example(submission: Submission, outcome: Outcome) -> Example:
    return Example(
        outcome_id=outcome.id,
        title=outcome.title,
        description=outcome.description,
        entity_name=submission.entity.name,
        entity_type=submission.entity.type,
        region=submission.entity.region,
        country=outcome.country,
        impact_type=outcome.impact_type,
        strategic_goal=outcome.strategic_goal,
        expectation=outcome.expectation,
        corroborated_by=tuple(outcome.corroborated_by),
    )
