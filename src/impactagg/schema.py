"""JSON Schemas generated from the models (the committed files in ``schemas/`` are their output)."""

from __future__ import annotations

import json
from typing import Any

from impactagg.codes import CodeList, EntityType, Expectation, ImpactType, Region, Target

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_CODE_LISTS: list[type[CodeList]] = [EntityType, Region, ImpactType, Expectation, Target]


def submission_schema() -> dict[str, Any]:
    """The JSON Schema of a YAML submission, with each code's meaning for editors."""
    from impactagg.models import Submission

    schema = Submission.model_json_schema()
    for code_list in _CODE_LISTS:
        definition = schema["$defs"][code_list.__name__]
        # VS Code and the YAML language server show these beside each code.
        definition["enumDescriptions"] = [f"{code.label}: {code.meaning}" for code in code_list]
    # Impact types may also be given by their number in the framework.
    impact_type = schema["$defs"]["Outcome"]["properties"]["impact_type"]
    reference = {"$ref": impact_type.pop("$ref")}
    impact_type["anyOf"] = [reference, {"type": "integer", "minimum": 1, "maximum": len(ImpactType)}]
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$comment": "Generated from impactagg's models by `impactagg schema`; do not edit by hand.",
        **schema,
    }


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
