"""Hypothesis strategies for submissions, built from the models' own fields and code lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from impactagg.models import CODED_FIELDS, Entity, Outcome

# Text as people write it, in several scripts; no control characters and no surrounding spaces
# (stripped on input), no ';' in list items (the CSV list separator).
_ALPHABET = st.characters(categories=["L", "N", "P", "Zs"], exclude_characters=";\u2028\u2029\x85")
text = st.text(_ALPHABET, min_size=1, max_size=30).map(str.strip).filter(bool)
identifier = st.from_regex(r"\A[A-Z][A-Z0-9-]{1,10}\Z")
country = st.sampled_from(
    ["KE", "ZA", "NO", "LB", "GT", "MW", "AR", "IQ", "CM", "GR", "RW", "BF", "IE", "TR", "MY"]
)


def _code(model: Any, name: str) -> st.SearchStrategy[Any]:
    codes = CODED_FIELDS[model][name]
    if name == "strategic_goal":
        return st.sampled_from([int(code.value) for code in codes])
    return st.sampled_from([code.value for code in codes])


@st.composite
def submission_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid submission as plain data (what a YAML file holds), every optional field sometimes absent."""
    year = draw(st.integers(2000, 2030))
    entity_id = draw(identifier)
    entity = {
        name: draw(_code(Entity, name)) if name in CODED_FIELDS[Entity] else None
        for name in Entity.model_fields
    }
    entity.update(id=entity_id, name=draw(text))
    outcomes = []
    for number in range(draw(st.integers(0, 4))):
        outcome: dict[str, Any] = {
            "id": f"{entity_id}-{year}-{number + 1:02d}",
            "title": draw(text),
            "description": draw(text),
        }
        for name in CODED_FIELDS[Outcome]:
            outcome[name] = draw(_code(Outcome, name))
        optional = {
            "country": country,
            "date": st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            "contribution": text,
            "sources": st.lists(text, min_size=1, max_size=3),
            "corroborated_by": st.lists(text, min_size=1, max_size=3),
            "related_outcomes": st.lists(identifier, min_size=1, max_size=2),
        }
        assert set(optional) | set(outcome) == set(Outcome.model_fields)
        for name, strategy in optional.items():
            if draw(st.booleans()):
                outcome[name] = draw(strategy)
        outcomes.append(outcome)
    return {"schema_version": 1, "entity": entity, "year": year, "outcomes": outcomes}
