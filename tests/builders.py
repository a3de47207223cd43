"""Small hand-made submissions whose figures are known, for aggregation tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from impactagg.models import Submission

# (impact_type, goal, expectation, target, corroborated)
Row = tuple[str, int, str, str, bool]


def submission_data(
    entity_id: str, kind: str, region: str, rows: list[Row], year: int = 2016
) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "entity": {"id": entity_id, "name": f"Entity {entity_id}", "type": kind, "region": region},
        "year": year,
        "outcomes": [
            {
                "id": f"{entity_id}-{year}-{index:02d}",
                "title": f"Outcome {index} of {entity_id}",
                "description": "What changed.",
                "impact_type": impact_type,
                "strategic_goal": goal,
                "expectation": expectation,
                "target": target,
                **({"corroborated_by": ["Partner"]} if corroborated else {}),
            }
            for index, (impact_type, goal, expectation, target, corroborated) in enumerate(rows, start=1)
        ],
    }


def submission(entity_id: str, kind: str, region: str, rows: list[Row], year: int = 2016) -> Submission:
    return Submission.model_validate(submission_data(entity_id, kind, region, rows, year))


def write_yaml(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / f"{data['entity']['id']}-{data['year']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# A year whose every figure is worked out by hand in test_aggregate.py.
KNOWN: list[tuple[str, str, str, list[Row]]] = [
    (
        "S1",
        "section",
        "africa",
        [
            ("concrete_action_specific", 1, "met", "government", True),
            ("increased_dialogue", 2, "exceeded", "general_public", False),
        ],
    ),
    (
        "S2",
        "section",
        "middle_east_north_africa",
        [
            ("enhanced_capacity", 2, "negative", "civil_society", False),
        ],
    ),
    ("S3", "section", "europe_central_asia", []),
    (
        "P1",
        "international_project",
        "americas",
        [
            ("concrete_action_broad", 3, "met", "regional_body", False),
            ("influenced_standards", 3, "negative", "international_body", False),
        ],
    ),
]


def known_year() -> list[Submission]:
    return [submission(*entity) for entity in KNOWN]
