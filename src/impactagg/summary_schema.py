"""The JSON Schema of ``summarize --format json``, built from the same code lists as the output.

The output itself is produced by :meth:`impactagg.summary_run.SummaryRun.to_dict`;
these models only describe it (tests check every output against the schema).
Every code of every list is a required key, because the output always lists
every code, with zero where nothing was reported.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from impactagg.codes import CodeList, EntityType, Expectation, ImpactType, Region, StrategicGoal, Target
from impactagg.schema import JSON_SCHEMA_DIALECT
from impactagg.selection import Excluded

Share = float | None  # None: the denominator is zero


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CountShare(_Closed):
    count: int = Field(ge=0)
    share: Share = Field(description="count / total, unrounded; null when the total is 0.")


def _keyed(name: str, codes: type[CodeList], value: Any, doc: str) -> type[BaseModel]:
    fields: dict[str, Any] = {code.value: (value, Field(description=code.meaning)) for code in codes}
    return create_model(name, __base__=_Closed, __doc__=doc, **fields)


ExpectationShares = _keyed("ExpectationShares", Expectation, Share, "Share of each rating in the group.")


class ExpectationRow(_Closed):
    outcomes: int = Field(ge=0)
    exceeded: int = Field(ge=0)
    met: int = Field(ge=0)
    negative: int = Field(ge=0)
    shares: ExpectationShares  # type: ignore[valid-type]


class BreakdownRow(_Closed):
    count: int = Field(ge=0)
    share: Share
    section: CountShare = Field(description="Among the outcomes of sections.")
    international_project: CountShare = Field(description="Among the outcomes of international projects.")


class GovernmentAction(_Closed):
    entities: int = Field(ge=0, description="Entities of this type whose submissions pass the filters.")
    with_action: int = Field(ge=0, description="Of those, how many reported at least one concrete action.")
    share: Share


class Totals(_Closed):
    outcomes: int
    submissions: int
    section: int
    international_project: int
    corroborated: int = Field(description="Outcomes with at least one stakeholder in corroborated_by.")
    corroborated_share: Share
    distinct_changes: int = Field(
        description="Changes behind the outcomes: reports linked by related_outcomes count once."
    )
    linked_reports: int = Field(description="Outcomes linked to at least one other counted outcome.")


class Filters(_Closed):
    region: list[Region]
    goal: list[int]
    entity_type: list[EntityType]


class Highlights(_Closed):
    least_deviation_goals: list[int] = Field(
        description="Goal(s) with the highest share met (ties all listed)."
    )
    most_negative_goals: list[int] = Field(
        description="Goal(s) with the highest share negative (ties all listed)."
    )


class Inputs(_Closed):
    files: int
    submissions_counted: int
    outcomes_read: int = Field(description="Outcomes in the counted submissions, before filters.")
    excluded: list[Excluded] = Field(description="Invalid submissions of the year left out (--skip-invalid).")


class SourceEntry(_Closed):
    path: str = Field(description="The file, as given.")
    sha256: str | None = Field(description="SHA-256 of the bytes read; null when the file could not be read.")
    outcomes: int = Field(ge=0, description="Outcomes taken from this file into the figures.")


class Sources(_Closed):
    """Provenance: exactly which files a figure came from."""

    impactagg_version: str
    files: list[SourceEntry]


class Compare(_Closed):
    year: int = Field(description="The year compared with.")
    figures: dict[str, Any] = Field(description="That year's figures, in the same shape as this document's.")
    change_pp: dict[str, Any] = Field(
        description="Every share's change since that year, in percentage points (null without both shares)."
    )


class SummaryDocument(_Closed):
    """The output of ``impactagg summarize --format json``."""

    model_config = ConfigDict(title="impactagg summary")

    impactagg_version: str
    year: int
    filters: Filters
    totals: Totals
    expectation: _keyed("ExpectationCounts", Expectation, CountShare, "Outcomes by rating.")  # type: ignore[valid-type]
    by_impact_type: _keyed("ByImpactType", ImpactType, BreakdownRow, "Outcomes by impact type.")  # type: ignore[valid-type]
    by_target: _keyed("ByTarget", Target, BreakdownRow, "Outcomes by target.")  # type: ignore[valid-type]
    by_goal: _keyed("ByGoal", StrategicGoal, ExpectationRow, "Ratings by strategic goal.")  # type: ignore[valid-type]
    by_region: _keyed("ByRegion", Region, ExpectationRow, "Ratings by the entity's region.")  # type: ignore[valid-type]
    government_action: _keyed(  # type: ignore[valid-type]
        "GovernmentActionByType", EntityType, GovernmentAction, "Entities with tangible government action."
    )
    highlights: Highlights
    status: dict[str, Any] | None = Field(
        default=None,
        description="Who reported (as `impactagg status --format json`), when there is a registry.",
    )
    compare: Compare | None = Field(default=None, description="With --compare YEAR: that year's figures.")
    explain: dict[str, Any] | None = Field(
        default=None,
        description="With --explain: the sorted outcome ids behind every count, in the shape of the figures "
        "(government_action lists entity ids and the outcome ids that qualified them).",
    )
    inputs: Inputs
    sources: Sources


def summary_schema() -> dict[str, Any]:
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$comment": "Generated by `impactagg schema --kind summary`; do not edit by hand.",
        **SummaryDocument.model_json_schema(),
    }
