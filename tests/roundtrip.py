"""Writing a submission (as plain data) in each format, as a section's tools would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl

from impactagg.tabular import COLUMNS, ENTITY_COLUMNS, LIST_SEPARATOR, OUTCOME_COLUMNS


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # JSON is YAML: quoted text, plain numbers


def _block(value: Any, indent: str) -> list[str]:
    """Block-style YAML for any mapping or list of scalars, lists and mappings (key order kept)."""
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and item:
                lines += [f"{indent}{key}:", *_block(item, indent + "  ")]
            elif isinstance(item, list) and item and any(isinstance(element, dict) for element in item):
                lines.append(f"{indent}{key}:")
                for element in item:
                    inner = _block(element, indent + "    ") if isinstance(element, dict) else []
                    if inner:
                        lines.append(f"{indent}  - {inner[0].strip()}")
                        lines += inner[1:]
                    else:
                        lines.append(
                            f"{indent}  - {_yaml_scalar(element) if not isinstance(element, dict) else '{}'}"
                        )
            else:
                lines.append(f"{indent}{key}: {'{}' if item == {} else _yaml_scalar(item)}")
    return lines


def to_yaml(data: dict[str, Any]) -> str:
    return "\n".join(_block(data, "")) + "\n"


def _rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for outcome in data["outcomes"]:
        row: dict[str, Any] = {column: data["entity"][name] for name, column in ENTITY_COLUMNS.items()}
        row["year"] = data["year"]
        for name, column in OUTCOME_COLUMNS.items():
            value = outcome.get(name)
            row[column] = LIST_SEPARATOR.join(value) if isinstance(value, list) else value
        rows.append(row)
    return rows


def to_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _rows(data):
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return out.getvalue()


def to_xlsx(data: dict[str, Any], path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "outcomes"
    sheet.append(COLUMNS)
    for row in _rows(data):
        # Text that starts like a formula is stored as text, as Excel does for typed-in text.
        values = [row[column] for column in COLUMNS]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    book.save(path)
