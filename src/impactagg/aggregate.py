"""From valid submissions to the figures of the impact review. Pure functions, no I/O.

Every figure is a count of outcomes (or of entities) and a share of a stated
denominator. Shares are exact fractions turned into floats only at the end;
a share whose denominator is zero is None ("no data"), never 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from impactagg.codes import (
    GOVERNMENT_ACTION_TYPES,
    EntityType,
    Expectation,
    ImpactType,
    Region,
    StrategicGoal,
    Target,
)
from impactagg.models import Outcome, Submission

if TYPE_CHECKING:
    import pandas as pd


def share(count: int, total: int) -> float | None:
    """count / total as a float, or None when there is nothing to divide by."""
    return count / total if total else None


class Reporter(NamedTuple):
    """A counted submission as the figures see it: who reported, for which year."""

    id: str
    type: EntityType
    region: Region
    year: int


class Counted(NamedTuple):
    """A counted outcome as the figures see it: who reported it, its codes and its links."""

    reporter: Reporter
    id: str
    impact_type: ImpactType
    strategic_goal: int
    expectation: Expectation
    target: Target
    corroborated: bool
    related_outcomes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Counts:
    """What the figures are counted from: the submissions and their outcomes, in reading order.

    Made from the models (:func:`counts_of`), or from the columns of a large table without
    building them (:meth:`impactagg.readers.columnar.ColumnarTable.counts`).
    """

    reporters: list[Reporter]
    outcomes: list[Counted]


def counts_of(submissions: Iterable[Submission]) -> Counts:
    """The counts of validated submissions."""
    reporters: list[Reporter] = []
    outcomes: list[Counted] = []
    for submission in submissions:
        entity = submission.entity
        reporter = Reporter(entity.id, entity.type, entity.region, submission.year)
        reporters.append(reporter)
        outcomes.extend(
            Counted(
                reporter,
                outcome.id,
                outcome.impact_type,
                outcome.strategic_goal,
                outcome.expectation,
                outcome.target,
                bool(outcome.corroborated_by),
                tuple(outcome.related_outcomes),
            )
            for outcome in submission.outcomes
        )
    return Counts(reporters, outcomes)


@dataclass(frozen=True, slots=True)
class Filters:
    """What to narrow the summary to; an empty set means no narrowing on that axis."""

    regions: frozenset[Region] = frozenset()
    goals: frozenset[int] = frozenset()
    entity_types: frozenset[EntityType] = frozenset()

    def entity_passes(self, submission: Submission | Reporter) -> bool:
        entity = submission.entity if isinstance(submission, Submission) else submission
        return (not self.regions or entity.region in self.regions) and (
            not self.entity_types or entity.type in self.entity_types
        )

    def outcome_passes(self, outcome: Outcome | Counted) -> bool:
        return not self.goals or outcome.strategic_goal in self.goals

    def passes(self, submission: Submission | Reporter, outcome: Outcome | Counted) -> bool:
        """Whether an outcome of this submission is counted."""
        return self.entity_passes(submission) and self.outcome_passes(outcome)

    def keeps(self, counted: Counted) -> bool:
        """Whether a counted outcome passes (its submission's filters and its own)."""
        return self.passes(counted.reporter, counted)

    @property
    def active(self) -> bool:
        return bool(self.regions or self.goals or self.entity_types)

    def to_dict(self) -> dict[str, list[str] | list[int]]:
        return {
            "region": sorted(region.value for region in self.regions),
            "goal": sorted(self.goals),
            "entity_type": sorted(kind.value for kind in self.entity_types),
        }


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts of codes over a total."""

    counts: dict[str, int]
    total: int

    def share(self, code: str) -> float | None:
        return share(self.counts[code], self.total)

    def to_dict(self) -> dict[str, dict[str, int | float | None]]:
        return {
            code: {"count": count, "share": share(count, self.total)} for code, count in self.counts.items()
        }


def _tally(values: Iterable[str], codes: Sequence[str]) -> Tally:
    counter = Counter(values)
    return Tally({code: counter[code] for code in codes}, sum(counter[code] for code in codes))


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A tally for all outcomes, and one for each entity type."""

    all: Tally
    by_entity_type: dict[str, Tally]

    def to_dict(self) -> dict[str, dict[str, object]]:
        result: dict[str, dict[str, object]] = {}
        for code, count in self.all.counts.items():
            row: dict[str, object] = {"count": count, "share": self.all.share(code)}
            for kind, tally in self.by_entity_type.items():
                row[kind] = {"count": tally.counts[code], "share": tally.share(code)}
            result[code] = row
        return result


@dataclass(frozen=True, slots=True)
class ExpectationRow:
    """How the outcomes of one group (a goal, a region) compare with expectations."""

    counts: Tally

    @property
    def outcomes(self) -> int:
        return self.counts.total

    def fraction(self, code: Expectation) -> Fraction | None:
        return Fraction(self.counts.counts[code.value], self.outcomes) if self.outcomes else None

    def to_dict(self) -> dict[str, object]:
        return {
            "outcomes": self.outcomes,
            **self.counts.counts,
            "shares": {code: self.counts.share(code) for code in self.counts.counts},
        }


@dataclass(frozen=True, slots=True)
class GovernmentAction:
    """How many entities of a type reported at least one tangible government action."""

    entities: int
    with_action: int

    def to_dict(self) -> dict[str, int | float | None]:
        return {
            "entities": self.entities,
            "with_action": self.with_action,
            "share": share(self.with_action, self.entities),
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """The answers to the review's three questions for one year."""

    year: int
    filters: Filters
    submissions: dict[str, int]  # per entity type
    outcomes: int
    corroborated: int
    expectation: Tally
    by_target: Breakdown
    by_impact_type: Breakdown
    by_goal: dict[str, ExpectationRow]
    by_region: dict[str, ExpectationRow]
    government_action: dict[str, GovernmentAction]
    least_deviation_goals: list[int] = field(default_factory=list)
    most_negative_goals: list[int] = field(default_factory=list)
    # Reports of the same change by several entities are counted as reports everywhere, as the
    # review does; these say how many changes they are.
    distinct_changes: int = 0
    linked_reports: int = 0

    def rows(self) -> list[dict[str, object]]:
        """Every figure as a row (figure, group, code, count, total, share): the long table that
        ``summarize --format csv`` prints and that pivots well in a spreadsheet or pandas."""
        rows: list[dict[str, object]] = []

        def add(figure: str, group: str, code: str, count: int, total: int | None) -> None:
            rows.append(
                {
                    "year": self.year,
                    "figure": figure,
                    "group": group,
                    "code": code,
                    "count": count,
                    "total": total,
                    "share": share(count, total) if total is not None else None,
                }
            )

        for kind, submissions in self.submissions.items():
            add("submissions", "all", kind, submissions, sum(self.submissions.values()))
        add("outcomes", "all", "outcomes", self.outcomes, None)
        add("corroborated", "all", "corroborated", self.corroborated, self.outcomes)
        add("distinct_changes", "all", "distinct_changes", self.distinct_changes, None)
        for code, count in self.expectation.counts.items():
            add("expectation", "all", code, count, self.expectation.total)
        for figure, breakdown in (("by_target", self.by_target), ("by_impact_type", self.by_impact_type)):
            for group, tally in (("all", breakdown.all), *breakdown.by_entity_type.items()):
                for code, count in tally.counts.items():
                    add(figure, group, code, count, tally.total)
        for figure, groups in (("by_goal", self.by_goal), ("by_region", self.by_region)):
            for group, row in groups.items():
                for code, count in row.counts.counts.items():
                    add(figure, group, code, count, row.outcomes)
        for kind, action in self.government_action.items():
            add("government_action", kind, "with_action", action.with_action, action.entities)
        for figure, goals, code in (
            ("least_deviation_goal", self.least_deviation_goals, "met"),
            ("most_negative_goal", self.most_negative_goals, "negative"),
        ):
            for goal in goals:
                goal_row = self.by_goal[str(goal)]
                add(figure, str(goal), code, goal_row.counts.counts[code], goal_row.outcomes)
        return rows

    def to_frame(self) -> pd.DataFrame:
        """The figures as a pandas DataFrame, one row per figure (see :meth:`rows`)."""
        import pandas as pd

        frame = pd.DataFrame(self.rows())
        frame["total"] = frame["total"].astype("Int64")  # whole numbers, with <NA> where there is none
        return frame

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "filters": self.filters.to_dict(),
            "totals": {
                "outcomes": self.outcomes,
                "submissions": sum(self.submissions.values()),
                **self.submissions,
                "corroborated": self.corroborated,
                "corroborated_share": share(self.corroborated, self.outcomes),
                "distinct_changes": self.distinct_changes,
                "linked_reports": self.linked_reports,
            },
            "expectation": self.expectation.to_dict(),
            "by_impact_type": self.by_impact_type.to_dict(),
            "by_target": self.by_target.to_dict(),
            "by_goal": {goal: row.to_dict() for goal, row in self.by_goal.items()},
            "by_region": {region: row.to_dict() for region, row in self.by_region.items()},
            "government_action": {kind: figure.to_dict() for kind, figure in self.government_action.items()},
            "highlights": {
                "least_deviation_goals": self.least_deviation_goals,
                "most_negative_goals": self.most_negative_goals,
            },
        }


_EXPECTATIONS = [code.value for code in Expectation]
_ENTITY_TYPES = [code.value for code in EntityType]


Key = tuple[str, str, str]  # (figure, group, code), as in Summary.rows()
# What the figures read of an outcome and its submission: entity type, region, impact type,
# strategic goal, expectation, target, and whether a stakeholder corroborated it.
Profile = tuple[EntityType, Region, ImpactType, int, Expectation, Target, bool]


def _profile(counted: Counted) -> Profile:
    reporter = counted.reporter
    return (
        reporter.type,
        reporter.region,
        counted.impact_type,
        counted.strategic_goal,
        counted.expectation,
        counted.target,
        counted.corroborated,
    )


@cache
def _keys(profile: Profile) -> list[Key]:
    """Every outcome-count figure an outcome of this profile adds one to. Counting and explaining
    both use this one list, so an explained id list always adds up to its count."""
    kind_code, region_code, impact_type, goal, expectation_code, target_code, corroborated = profile
    kind, region = kind_code.value, region_code.value
    expectation, target = expectation_code.value, target_code.value
    keys: list[Key] = [
        ("outcomes", "all", "outcomes"),
        ("expectation", "all", expectation),
        ("by_target", "all", target),
        ("by_target", kind, target),
        ("by_impact_type", "all", impact_type.value),
        ("by_impact_type", kind, impact_type.value),
        ("by_goal", str(goal), expectation),
        ("by_region", region, expectation),
    ]
    if corroborated:
        keys.append(("corroborated", "all", "corroborated"))
    if impact_type in GOVERNMENT_ACTION_TYPES:
        keys.append(("government_action", kind, "with_action"))
    return keys


def _selected(
    data: Counts | Iterable[Submission], year: int, filters: Filters
) -> tuple[list[Reporter], list[Counted]]:
    counts = data if isinstance(data, Counts) else counts_of(s for s in data if s.year == year)
    kept = [r for r in counts.reporters if r.year == year and filters.entity_passes(r)]
    if len(kept) == len(counts.reporters) and not filters.goals:
        return kept, counts.outcomes  # every submission kept, every outcome of theirs with it
    chosen = set(kept)  # a submission's outcomes share its Reporter: one test each
    rows = [c for c in counts.outcomes if c.reporter in chosen and filters.outcome_passes(c)]
    return kept, rows


def summarize(data: Counts | Iterable[Submission], year: int, filters: Filters | None = None) -> Summary:
    """Aggregate valid submissions of ``year`` (others are ignored) into the review's figures.

    ``data``: the submissions, or their :class:`Counts` (the same figures, without the models).
    """
    filters = filters or Filters()
    kept, rows = _selected(data, year, filters)
    # Outcomes share a few hundred profiles: count those, then the figures each adds to.
    counts: Counter[Key] = Counter()
    for profile, number in Counter(map(_profile, rows)).items():
        for key in _keys(profile):
            counts[key] += number

    def tally(figure: str, group: str, codes: Sequence[str]) -> Tally:
        found = {code: counts[(figure, group, code)] for code in codes}
        return Tally(found, sum(found.values()))

    def breakdown(figure: str, codes: Sequence[str]) -> Breakdown:
        return Breakdown(
            tally(figure, "all", codes), {kind: tally(figure, kind, codes) for kind in _ENTITY_TYPES}
        )

    by_goal = {
        goal.value: ExpectationRow(tally("by_goal", goal.value, _EXPECTATIONS)) for goal in StrategicGoal
    }
    by_region = {
        region.value: ExpectationRow(tally("by_region", region.value, _EXPECTATIONS)) for region in Region
    }
    acting = {c.reporter.id for c in rows if c.impact_type in GOVERNMENT_ACTION_TYPES}
    # By code: str() of a str enum is its code, without the enum's slower .value.
    entities = Counter(str(r.type) for r in kept)
    with_action = Counter(str(r.type) for r in kept if r.id in acting)
    government_action = {
        kind: GovernmentAction(entities=entities[kind], with_action=with_action[kind])
        for kind in _ENTITY_TYPES
    }
    return Summary(
        year=year,
        filters=filters,
        submissions={kind: entities[kind] for kind in _ENTITY_TYPES},
        outcomes=counts[("outcomes", "all", "outcomes")],
        corroborated=counts[("corroborated", "all", "corroborated")],
        expectation=tally("expectation", "all", _EXPECTATIONS),
        by_target=breakdown("by_target", [code.value for code in Target]),
        by_impact_type=breakdown("by_impact_type", [code.value for code in ImpactType]),
        by_goal=by_goal,
        by_region=by_region,
        government_action=government_action,
        least_deviation_goals=_leaders(by_goal, Expectation.MET),
        most_negative_goals=_leaders(by_goal, Expectation.NEGATIVE),
        **_changes(rows),
    )


def explain(
    data: Counts | Iterable[Submission], year: int, filters: Filters | None = None
) -> dict[str, object]:
    """The outcome ids behind every count of :func:`summarize`, in the shape of its JSON.

    ``government_action`` lists, for each entity type, the entities counted, those with action,
    and the ids of the concrete-action outcomes that qualified them.
    """
    filters = filters or Filters()
    kept, rows = _selected(data, year, filters)
    ids: dict[Key, list[str]] = {}
    for counted in rows:
        for key in _keys(_profile(counted)):
            ids.setdefault(key, []).append(counted.id)

    def listed(figure: str, group: str, code: str) -> list[str]:
        return sorted(ids.get((figure, group, code), []))

    def codes_of(figure: str, group: str, codes: Sequence[str]) -> dict[str, list[str]]:
        return {code: listed(figure, group, code) for code in codes}

    def breakdown(figure: str, codes: Sequence[str]) -> dict[str, dict[str, list[str]]]:
        return {
            code: {group: listed(figure, group, code) for group in ("all", *_ENTITY_TYPES)} for code in codes
        }

    acting = {c.reporter.id for c in rows if c.impact_type in GOVERNMENT_ACTION_TYPES}
    return {
        "totals": {
            "outcomes": listed("outcomes", "all", "outcomes"),
            "corroborated": listed("corroborated", "all", "corroborated"),
        },
        "expectation": codes_of("expectation", "all", _EXPECTATIONS),
        "by_impact_type": breakdown("by_impact_type", [code.value for code in ImpactType]),
        "by_target": breakdown("by_target", [code.value for code in Target]),
        "by_goal": {goal.value: codes_of("by_goal", goal.value, _EXPECTATIONS) for goal in StrategicGoal},
        "by_region": {region.value: codes_of("by_region", region.value, _EXPECTATIONS) for region in Region},
        "government_action": {
            kind: {
                "entities": sorted(r.id for r in kept if r.type.value == kind),
                "with_action": sorted(r.id for r in kept if r.type.value == kind and r.id in acting),
                "outcomes": listed("government_action", kind, "with_action"),
            }
            for kind in _ENTITY_TYPES
        },
    }


def share_changes(current: object, previous: object) -> object:
    """The figures' tree with every share replaced by its change in percentage points since
    ``previous`` (None when either year has no share); counts are left out."""
    if not isinstance(current, dict):
        return None
    before: dict[str, object] = previous if isinstance(previous, dict) else {}
    tree: dict[str, object] = {}
    for key, value in current.items():
        if key == "shares" and isinstance(value, dict):
            old = before.get(key)
            old_shares: dict[str, object] = old if isinstance(old, dict) else {}
            tree[key] = {code: _points(now, old_shares.get(code)) for code, now in value.items()}
        elif key.endswith("share"):
            tree[key] = _points(value, before.get(key))
        elif isinstance(value, dict):
            changed = share_changes(value, before.get(key))
            if changed:
                tree[key] = changed
    return tree


def _points(now: object, then: object) -> float | None:
    if isinstance(now, float | int) and isinstance(then, float | int):
        return (now - then) * 100
    return None


def _changes(outcomes: Sequence[Counted]) -> dict[str, int]:
    """Distinct changes among the counted reports: linked reports (either way) count once."""
    ids = {outcome.id.casefold() for outcome in outcomes}
    # Union-find over the few linked reports only: every other report is a change of its own.
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while (up := parent.get(key, key)) != key:
            parent[key] = parent.get(up, up)
            key = up
        return key

    linked: set[str] = set()
    merged = 0
    for outcome in outcomes:
        if not outcome.related_outcomes:
            continue
        own = outcome.id.casefold()
        for other in (related.casefold() for related in outcome.related_outcomes):
            if other in ids and other != own:
                linked.update((own, other))
                mine, theirs = root(own), root(other)
                if mine != theirs:
                    parent[mine] = theirs
                    merged += 1
    return {"distinct_changes": len(ids) - merged, "linked_reports": len(linked)}


def _leaders(rows: dict[str, ExpectationRow], code: Expectation) -> list[int]:
    """The goals with the highest share of ``code`` (ties all named; none when that share is 0)."""
    fractions = {int(goal): row.fraction(code) for goal, row in rows.items()}
    known = {goal: value for goal, value in fractions.items() if value is not None}
    if not known:
        return []
    best = max(known.values())
    if best == 0:
        return []
    return sorted(goal for goal, value in known.items() if value == best)
