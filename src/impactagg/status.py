"""Who has reported: the registry's expected entities against the submissions of a year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from impactagg.aggregate import Filters, share
from impactagg.codes import EntityType, Region
from impactagg.registry import RegisteredEntity, Registry
from impactagg.validation import Report


class State(StrEnum):
    VALID = "valid"  # at least one valid submission for the year
    INVALID = "invalid"  # submitted for the year, but nothing valid
    MISSING = "missing"  # nothing submitted for the year


@dataclass(frozen=True, slots=True)
class EntityStatus:
    entity: RegisteredEntity
    state: State
    paths: list[str]  # the files of its submissions for the year

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.entity.id,
            "name": self.entity.name,
            "type": self.entity.type.value,
            "region": self.entity.region.value,
            "state": self.state.value,
            "paths": self.paths,
        }


@dataclass(frozen=True, slots=True)
class Rate:
    """Expected entities of a group and what became of them."""

    counts: Counter[State] = field(default_factory=Counter)

    @property
    def expected(self) -> int:
        return sum(self.counts.values())

    @property
    def submitted(self) -> int:
        return self.counts[State.VALID] + self.counts[State.INVALID]

    def to_dict(self) -> dict[str, object]:
        return {
            "expected": self.expected,
            "valid": self.counts[State.VALID],
            "invalid": self.counts[State.INVALID],
            "missing": self.counts[State.MISSING],
            "submitted_share": share(self.submitted, self.expected),
            "valid_share": share(self.counts[State.VALID], self.expected),
        }


@dataclass(frozen=True, slots=True)
class Status:
    year: int
    entities: list[EntityStatus]
    unexpected: list[str]  # entity ids that submitted for the year but are not expected

    def rate(self) -> Rate:
        return Rate(Counter(item.state for item in self.entities))

    def by_region(self) -> dict[str, Rate]:
        return {
            region.value: Rate(Counter(item.state for item in self.entities if item.entity.region is region))
            for region in Region
        }

    def by_type(self) -> dict[str, Rate]:
        return {
            kind.value: Rate(Counter(item.state for item in self.entities if item.entity.type is kind))
            for kind in EntityType
        }

    def of(self, state: State) -> list[EntityStatus]:
        return [item for item in self.entities if item.state is state]

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "overall": self.rate().to_dict(),
            "by_region": {key: rate.to_dict() for key, rate in self.by_region().items()},
            "by_entity_type": {key: rate.to_dict() for key, rate in self.by_type().items()},
            "missing": [item.to_dict() for item in self.of(State.MISSING)],
            "invalid": [item.to_dict() for item in self.of(State.INVALID)],
            "unexpected": self.unexpected,
        }


def reporting_status(report: Report, registry: Registry, year: int) -> Status:
    """Match every entity the registry expects for ``year`` with its submissions in ``report``."""
    states: dict[str, list[tuple[str, bool]]] = {}
    spelled: dict[str, str] = {}  # an id as its submission writes it
    for file_report in report.files:
        if file_report.format == "registry":
            continue
        file_ok = not any(p.severity.value == "error" for p in file_report.file_problems)
        for checked in file_report.submissions:
            if checked.entity_id is None or checked.year not in (year, None):
                continue
            key = checked.entity_id.casefold()
            spelled.setdefault(key, checked.entity_id)
            states.setdefault(key, []).append((file_report.path, file_ok and checked.valid))
    expected = registry.expected(year)
    rows = []
    for entity in sorted(expected, key=lambda e: e.id.casefold()):
        found = states.get(entity.id.casefold(), [])
        if not found:
            state = State.MISSING
        elif any(valid for _, valid in found):
            state = State.VALID
        else:
            state = State.INVALID
        rows.append(EntityStatus(entity, state, sorted({path for path, _ in found})))
    known = {entity.id.casefold() for entity in expected}
    unexpected = sorted(spelled[key] for key in states if key not in known)
    return Status(year, rows, unexpected)


def filtered_status(report: Report | None, year: int, filters: Filters) -> Status | None:
    """The reporting status of ``year`` when the data has a valid registry, narrowed to the
    entities the region and entity-type filters keep (the goal filter chooses outcomes, not
    entities)."""
    if report is None or report.registry is None:
        return None
    found = reporting_status(report, report.registry, year)
    if not (filters.regions or filters.entity_types):
        return found
    regions = {region.value for region in filters.regions}
    kinds = {kind.value for kind in filters.entity_types}

    def passes(region: object, kind: object) -> bool:
        def plain(text: object) -> str:
            return text.strip().casefold() if isinstance(text, str) else ""

        return (not regions or plain(region) in regions) and (not kinds or plain(kind) in kinds)

    # An unexpected entity is in no registry: its region and type are those its submission gives.
    written: dict[str, tuple[object, object]] = {}
    for file_report in report.files:
        for checked in file_report.submissions:
            entity = checked.raw.data.get("entity")
            if checked.entity_id is not None and isinstance(entity, dict):
                written.setdefault(checked.entity_id.casefold(), (entity.get("region"), entity.get("type")))
    return Status(
        found.year,
        [item for item in found.entities if passes(item.entity.region.value, item.entity.type.value)],
        [key for key in found.unexpected if passes(*written.get(key.casefold(), (None, None)))],
    )
