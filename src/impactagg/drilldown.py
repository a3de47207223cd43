"""Finding the outcomes behind a figure: the core of ``impactagg outcomes``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from impactagg.codes import EntityType, Expectation, ImpactType, Region, Target
from impactagg.models import Outcome, Submission, country_name

if TYPE_CHECKING:
    from impactagg.aggregate import Counted, Reporter
    from impactagg.checks import CheckedSubmission, DeferredSource

_TEXT_FIELDS = ("title", "description", "contribution")  # where --search looks


@dataclass(frozen=True, slots=True)
class OutcomeQuery:
    """What to look for; an empty set does not narrow, several values of one kind are alternatives."""

    regions: frozenset[Region] = frozenset()
    goals: frozenset[int] = frozenset()
    entity_types: frozenset[EntityType] = frozenset()
    impact_types: frozenset[ImpactType] = frozenset()
    targets: frozenset[Target] = frozenset()
    expectations: frozenset[Expectation] = frozenset()
    entities: frozenset[str] = frozenset()  # entity ids, compared without case
    countries: frozenset[str] = frozenset()  # ISO codes, compared without case
    search: str | None = None  # in title, description and contribution, without case
    # What each of _codes_match's values must be in (empty: anything), made once for every outcome.
    _wanted: tuple[frozenset[Any], ...] = field(init=False, repr=False, compare=False)
    _country_codes: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        entity_keys = frozenset(e.casefold() for e in self.entities)
        wanted = (self.regions, self.entity_types, entity_keys, self.goals, self.impact_types, self.targets)
        object.__setattr__(self, "_wanted", (*wanted, self.expectations))
        object.__setattr__(self, "_country_codes", frozenset(c.upper() for c in self.countries))

    def matches(self, submission: Submission, outcome: Outcome) -> bool:
        entity = submission.entity
        coded = (entity.region, entity.type, entity.id, outcome.strategic_goal, outcome.impact_type)
        if not self._codes_match(*coded, outcome.target, outcome.expectation):
            return False
        return self._details_match(outcome.country, outcome.title, outcome.description, outcome.contribution)

    def may_match(self, reporter: Reporter, outcome: Counted) -> bool:
        """Whether an outcome that the figures count so may match: what they do not hold (its
        country, its text) is left to :meth:`details_match` or :meth:`matches`."""
        coded = (reporter.region, reporter.type, reporter.id, outcome.strategic_goal, outcome.impact_type)
        return self._codes_match(*coded, outcome.target, outcome.expectation)

    @property
    def narrows_by_codes(self) -> bool:
        """Whether it asks for some entity, region, entity type or outcome code."""
        return any(self._wanted)

    @property
    def details(self) -> tuple[str, ...]:
        """The outcome fields it asks about that the figures do not count: the country, the text."""
        return (("country",) if self._country_codes else ()) + (_TEXT_FIELDS if self.search else ())

    def details_match(self, values: Mapping[str, Any]) -> bool:
        """Whether an outcome whose fields :attr:`details` have ``values`` (as its model reads
        them) matches in those: with :meth:`may_match`, what :meth:`matches` says of its model."""
        return self._details_match(*(values.get(name) for name in ("country", *_TEXT_FIELDS)))

    def _details_match(
        self, country: str | None, title: str | None, description: str | None, contribution: str | None
    ) -> bool:
        if self._country_codes and country not in self._country_codes:
            return False
        if self.search:
            needle = self.search.casefold()
            haystack = " ".join(filter(None, (title, description, contribution)))
            return needle in haystack.casefold()
        return True

    def _codes_match(
        self,
        region: Region,
        entity_type: EntityType,
        entity_id: str,
        goal: int,
        impact_type: ImpactType,
        target: Target,
        expectation: Expectation,
    ) -> bool:
        values = (region, entity_type, entity_id.casefold(), goal, impact_type, target, expectation)
        pairs = zip(self._wanted, values, strict=True)
        return not any(wanted and value not in wanted for wanted, value in pairs)

    def to_dict(self) -> dict[str, object]:
        return {
            "region": sorted(r.value for r in self.regions),
            "goal": sorted(self.goals),
            "entity_type": sorted(t.value for t in self.entity_types),
            "impact_type": sorted(t.value for t in self.impact_types),
            "target": sorted(t.value for t in self.targets),
            "expectation": sorted(e.value for e in self.expectations),
            "entity": sorted(self.entities),
            "country": sorted(c.upper() for c in self.countries),
            "search": self.search,
        }


@dataclass(frozen=True, slots=True)
class FoundOutcome:
    """An outcome with the entity that reported it."""

    submission: Submission
    outcome: Outcome = field()

    def to_dict(self) -> dict[str, object]:
        entity, outcome = self.submission.entity, self.outcome
        return {
            "id": outcome.id,
            "entity_id": entity.id,
            "entity_name": entity.name,
            "entity_type": entity.type.value,
            "region": entity.region.value,
            "country": outcome.country,
            "country_name": country_name(outcome.country) if outcome.country else None,
            "impact_type": outcome.impact_type.value,
            "strategic_goal": outcome.strategic_goal,
            "expectation": outcome.expectation.value,
            "target": outcome.target.value,
            "date": outcome.date.isoformat() if outcome.date else None,
            "title": outcome.title,
            "description": outcome.description,
            "contribution": outcome.contribution,
            "sources": outcome.sources,
            "corroborated_by": outcome.corroborated_by,
            "related_outcomes": outcome.related_outcomes,
        }


def find_outcomes(submissions: Iterable[Submission], query: OutcomeQuery) -> list[FoundOutcome]:
    """The matching outcomes, ordered by entity id then outcome id (stable across runs)."""
    found = [
        FoundOutcome(submission, outcome)
        for submission in submissions
        for outcome in submission.outcomes
        if query.matches(submission, outcome)
    ]
    return sorted(found, key=_order)


def _order(item: FoundOutcome) -> tuple[str, str]:
    return item.submission.entity.id.casefold(), item.outcome.id.casefold()


def find_in_files(
    files: Sequence[Sequence[CheckedSubmission]], query: OutcomeQuery
) -> list[list[FoundOutcome]]:
    """For each file's accepted submissions (``Selection.sources``' ``checked``), its outcomes
    that match ``query``, as :func:`find_outcomes` gives them.

    A large table's submissions are not built as models to be looked at one by one: what the
    figures count of them (their entity and codes), and the country and text asked for, read
    from the table's columns by the models' own validators of those fields, say which may hold
    a match, and only those are built.
    A consolidated export's year holds about 100,000 outcomes; a query for a region, a type and
    a rating matches a few thousand.
    """
    return [find_outcomes(map(_model, _candidates(file, query)), query) for file in files]


def _model(checked: CheckedSubmission) -> Submission:
    model = checked.submission
    assert model is not None  # only accepted submissions are selected
    return model


def merged(found: Iterable[list[FoundOutcome]]) -> list[FoundOutcome]:
    """The files' matching outcomes together, in :func:`find_outcomes`' order."""
    return sorted((item for part in found for item in part), key=_order)


def _candidates(checked: Sequence[CheckedSubmission], query: OutcomeQuery) -> list[CheckedSubmission]:
    """The submissions that may hold a match: all but the deferred ones that what their table's
    columns say of their outcomes rules out (the counted facts, when the query asks for codes;
    the country and text, when it asks for those; a query for none of them rules out none)."""
    if not query.narrows_by_codes and not query.details:
        return list(checked)
    by_source: dict[int, tuple[DeferredSource, list[int]]] = {}
    for item in checked:
        if (place := item.deferred_place) is not None:
            by_source.setdefault(id(place[0]), (place[0], []))[1].append(place[1])
    possible = {key: _possible(source, numbers, query) for key, (source, numbers) in by_source.items()}
    kept = []
    building: dict[int, list[int]] = {key: [] for key in by_source}
    for item in checked:
        place = item.deferred_place
        if place is not None:
            if place[1] not in possible[id(place[0])]:
                continue
            building[id(place[0])].append(place[1])
        kept.append(item)
    for key, numbers in building.items():
        by_source[key][0].load_many(numbers)  # only these, their rows read once
    return kept


def _possible(source: DeferredSource, numbers: list[int], query: OutcomeQuery) -> set[int]:
    """Which of submissions ``numbers`` of ``source`` hold an outcome that may match: by its
    counted facts, then by its country and text (asked for only of the submissions left: each
    distinct text goes through a validator, and nearly every text is distinct)."""
    coded: dict[int, list[bool]] = {}  # for each submission left, which outcomes may match so far
    if query.narrows_by_codes:
        for number, (reporter, outcomes) in source.counts(numbers).items():
            flags = [query.may_match(reporter, outcome) for outcome in outcomes]
            if any(flags):
                coded[number] = flags
        numbers = list(coded)
    if not query.details or not numbers:
        return set(numbers)
    found = set()
    for number, details in source.details(numbers, query.details).items():
        flags = coded[number] if query.narrows_by_codes else [True] * len(details)
        if any(flag and query.details_match(values) for flag, values in zip(flags, details, strict=True)):
            found.add(number)
    return found
