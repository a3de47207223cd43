"""The table form of the standard (CSV, and spreadsheets later): its columns.

The columns are derived from the models: the entity's fields (prefixed
``entity_``, except ``region``, which the standard names plainly), ``year``,
then the outcome's fields (``id`` becomes ``outcome_id``).
"""

from __future__ import annotations

from impactagg.models import Entity, Outcome

LIST_SEPARATOR = ";"

# Submission fields as (section, field) -> column header.
ENTITY_COLUMNS: dict[str, str] = {
    name: name if name == "region" else f"entity_{name}" for name in Entity.model_fields
}
OUTCOME_COLUMNS: dict[str, str] = {
    name: "outcome_id" if name == "id" else name for name in Outcome.model_fields
}
COLUMNS: list[str] = [*ENTITY_COLUMNS.values(), "year", *OUTCOME_COLUMNS.values()]
LIST_FIELDS = frozenset(name for name, info in Outcome.model_fields.items() if info.default_factory is list)
REQUIRED_COLUMNS: list[str] = [
    *ENTITY_COLUMNS.values(),
    "year",
    *(OUTCOME_COLUMNS[name] for name, info in Outcome.model_fields.items() if info.is_required()),
]
