"""Plain-language guidance on every column and code, derived from the models.

The reference docs, the YAML template's comments and the spreadsheet
template's guidance sheet and drop-down lists all read this, so none of them
can drift from what validation accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from impactagg.codes import MAX_YEAR, MIN_YEAR, CodeList
from impactagg.models import CODED_FIELDS, Entity, Outcome, Submission
from impactagg.tabular import ENTITY_COLUMNS, OUTCOME_COLUMNS


@dataclass(frozen=True, slots=True)
class FieldGuide:
    """One field of the standard, as a person filling in a form needs it."""

    model: type[BaseModel]
    name: str  # the field's name in YAML
    column: str | None  # its column in CSV and spreadsheets (None: YAML only)
    required: bool
    meaning: str
    codes: type[CodeList] | None


def _guides(model: type[BaseModel], columns: dict[str, str] | None) -> list[FieldGuide]:
    guides = []
    for name, info in model.model_fields.items():
        guides.append(
            FieldGuide(
                model=model,
                name=name,
                column=columns[name] if columns else None,
                required=info.is_required(),
                meaning=info.description or "",
                codes=CODED_FIELDS[model].get(name),
            )
        )
    return guides


def submission_fields() -> list[FieldGuide]:
    return _guides(Submission, None)


def entity_fields() -> list[FieldGuide]:
    return _guides(Entity, ENTITY_COLUMNS)


def outcome_fields() -> list[FieldGuide]:
    return _guides(Outcome, OUTCOME_COLUMNS)


def column_fields() -> list[FieldGuide]:
    """Every column of the table form, in order, with ``year`` between entity and outcome."""
    year = next(guide for guide in submission_fields() if guide.name == "year")
    year = FieldGuide(Submission, "year", "year", True, f"{year.meaning} ({MIN_YEAR}-{MAX_YEAR}).", None)
    return [*entity_fields(), year, *outcome_fields()]


def code_lists() -> list[tuple[str, type[CodeList]]]:
    """Each coded column and its list, in column order (each list once)."""
    seen: list[tuple[str, type[CodeList]]] = []
    for guide in column_fields():
        if guide.codes is not None and guide.column is not None:
            seen.append((guide.column, guide.codes))
    return seen
