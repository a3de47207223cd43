"""Finding the outcomes behind a figure: the core of ``impactagg outcomes``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from impactagg.codes import EntityType, Expectation, ImpactType, Region, Target
from impactagg.models import Outcome, Submission, country_name


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

    def matches(self, submission: Submission, outcome: Outcome) -> bool:
        entity = submission.entity
        checks = (
            (self.regions, entity.region),
            (self.entity_types, entity.type),
            (self.goals, outcome.strategic_goal),
            (self.impact_types, outcome.impact_type),
            (self.targets, outcome.target),
            (self.expectations, outcome.expectation),
            ({e.casefold() for e in self.entities}, entity.id.casefold()),
            ({c.upper() for c in self.countries}, outcome.country),
        )
        if any(wanted and value not in wanted for wanted, value in checks):
            return False
        if self.search:
            needle = self.search.casefold()
            haystack = " ".join(filter(None, (outcome.title, outcome.description, outcome.contribution)))
            return needle in haystack.casefold()
        return True

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
    return sorted(found, key=lambda item: (item.submission.entity.id.casefold(), item.outcome.id.casefold()))
