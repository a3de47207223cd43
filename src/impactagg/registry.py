"""The registry of entities expected to report (``entities.yaml``) and the checks against it."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from impactagg.checks import CheckedSubmission, _at, problems_from_validation
from impactagg.limits import DEFAULT_LIMITS, Limits
from impactagg.models import Entity, Year, _Strict
from impactagg.problems import Problem
from impactagg.readers import REGISTRY_FILES, read_file
from impactagg.suggest import closest

REGISTRY_NAMES = REGISTRY_FILES


class RegisteredEntity(Entity):
    """An entity expected to report, in the years it is active (both ends included)."""

    active_from: Year | None = Field(default=None, description="First year the entity reports.")
    active_until: Year | None = Field(default=None, description="Last year the entity reports.")

    def active_in(self, year: int) -> bool:
        return (self.active_from is None or self.active_from <= year) and (
            self.active_until is None or year <= self.active_until
        )


class Registry(_Strict):
    """The content of ``entities.yaml``."""

    entities: list[RegisteredEntity] = Field(description="Every entity expected to report.")

    def expected(self, year: int) -> list[RegisteredEntity]:
        return [entity for entity in self.entities if entity.active_in(year)]

    def by_id(self) -> dict[str, RegisteredEntity]:
        return {entity.id.casefold(): entity for entity in self.entities}


@dataclass(slots=True)
class LoadedRegistry:
    path: str
    registry: Registry | None  # None when the file is invalid
    problems: list[Problem]
    sha256: str | None


def find_registry(paths: Sequence[str | Path]) -> str | None:
    """``entities.yaml`` at the top of the first folder given that has one."""
    for given in paths:
        folder = Path(given)
        if folder.is_dir():
            for name in REGISTRY_NAMES:
                if (folder / name).is_file():
                    return str(folder / name)
    return None


# The reader speaks of a submission where a file holds none; a registry holds something else.
_WHAT_A_REGISTRY_HOLDS = "it starts with 'entities:' and lists each entity below it (id, name, type, region)."
_NOT_A_REGISTRY = {
    "yaml-not-mapping": f"The registry is not a mapping: {_WHAT_A_REGISTRY_HOLDS}",
    "empty-file": f"The registry holds no entities: {_WHAT_A_REGISTRY_HOLDS}",
}


def _as_registry(problem: Problem) -> Problem:
    """A reader's problem with a file, said of a registry."""
    message = _NOT_A_REGISTRY.get(problem.code)
    return problem if message is None else dataclasses.replace(problem, message=message)


def load_registry(path: str, limits: Limits = DEFAULT_LIMITS) -> LoadedRegistry:
    """Read and validate a registry file; its problems are located like a submission's."""
    result = read_file(path, limits)
    problems = [_as_registry(problem) for problem in result.problems]
    if not result.submissions:
        return LoadedRegistry(path, None, problems, result.sha256)
    raw = result.submissions[0]
    problems.extend(raw.problems)
    try:
        registry: Registry | None = Registry.model_validate(raw.data)
    except ValidationError as error:
        registry = None
        problems.extend(problems_from_validation(path, raw, error, Registry))
    if registry is not None:
        first_line: dict[str, int | None] = {}
        for index, entity in enumerate(registry.entities):
            where = raw.locator.value(("entities", index, "id"))
            key = entity.id.casefold()
            if key in first_line:
                message = f"Entity '{entity.id}' is listed twice (first on line {first_line[key]}): keep one."
                problems.append(_at(path, "duplicate-entity", message, where, entity.id))
            first_line.setdefault(key, where.line)
        if any(problem.code == "duplicate-entity" for problem in problems):
            registry = None  # which of the two is right cannot be known
    return LoadedRegistry(path, registry, problems, result.sha256)


def check_against_registry(registry: Registry, submissions: Sequence[CheckedSubmission]) -> None:
    """Add to each submission the problems of its entity against the registry."""
    known = registry.by_id()
    ids = [entity.id for entity in registry.entities]
    for checked in submissions:
        entity_id = checked.entity_id
        if entity_id is None:
            continue
        where = checked.raw.locator.value(("entity", "id"))
        registered = known.get(entity_id.casefold())
        if registered is None:
            guess = closest(entity_id, ids)
            hint = f" Did you mean '{guess}'?" if guess else ""
            message = (
                f"Entity '{entity_id}' is not in the registry of entities expected to report.{hint} "
                "Check the id, or ask the Impact and Learning team to add the entity."
            )
            checked.problems.append(_at(checked.path, "unknown-entity", message, where, entity_id, guess))
            continue
        raw_entity: Any = checked.raw.data.get("entity")
        given = raw_entity if isinstance(raw_entity, dict) else {}
        for field in ("name", "type", "region"):
            value = given.get(field)
            expected = str(getattr(registered, field))
            if isinstance(value, str) and value.strip() and value.strip().casefold() != expected.casefold():
                spot = checked.raw.locator.value(("entity", field))
                message = (
                    f"The registry gives entity '{registered.id}' the {field} '{expected}', but this "
                    f"submission gives '{value.strip()}'. Use the registry's value, or ask for the registry "
                    "to be corrected."
                )
                checked.problems.append(
                    _at(checked.path, "registry-mismatch", message, spot, value.strip(), expected)
                )
        year = checked.year
        if year is not None and not registered.active_in(year):
            message = (
                f"Entity '{registered.id}' is not expected to report for {year} (active "
                f"{registered.active_from or '…'}–{registered.active_until or '…'} in the registry)."
            )
            checked.problems.append(_at(checked.path, "inactive-entity", message, where, str(year)))
