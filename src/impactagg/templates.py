"""Blank submissions for people to fill in: YAML, CSV and an Excel workbook.

Everything a template says about the fields (comments, the guidance sheet, the
drop-down lists) comes from :mod:`impactagg.guidance`, i.e. from the models.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from impactagg.codes import EntityType, Region
from impactagg.example import EXAMPLE_OUTCOME
from impactagg.guidance import FieldGuide, code_lists, column_fields, entity_fields, outcome_fields
from impactagg.tabular import COLUMNS, ENTITY_COLUMNS

TEMPLATE_ROWS = 200  # rows prepared with drop-downs (and the entity pre-filled) in the workbook
DEFAULT_SCHEMA = "../../schemas/submission.schema.json"  # data/<year>/file.yaml beside schemas/


@dataclass(frozen=True, slots=True)
class EntityDefaults:
    """What a template is pre-filled with (all optional)."""

    id: str | None = None
    name: str | None = None
    type: EntityType | None = None
    region: Region | None = None
    year: int | None = None

    def value(self, name: str) -> str | None:
        found = getattr(self, name)
        return None if found is None else str(found)


def csv_template() -> str:
    """The header row (with a byte-order mark, so that Excel reads accents right)."""
    return "\ufeff" + ",".join(COLUMNS) + "\n"


def _comment(guide: FieldGuide, indent: str) -> str:
    required = "required" if guide.required else "optional"
    text = f"{indent}# {guide.meaning} ({required})"
    if guide.codes is not None:
        text += f"\n{indent}#   codes: {', '.join(code.value for code in guide.codes)}"
    return text


def _yaml_value(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid, always-quoted YAML string


def yaml_template(defaults: EntityDefaults, schema: str = DEFAULT_SCHEMA) -> str:
    """A commented submission with one example outcome to copy."""
    year = defaults.year if defaults.year is not None else ""
    entity_id = defaults.id or ""
    lines = [
        f"# yaml-language-server: $schema={schema}",
        "# An outcome submission (impactagg data standard, version 1). Fill in the entity and the year,",
        "# then one block per outcome (copy the example). Check the file with: impactagg validate FILE",
        "schema_version: 1",
        "entity:",
    ]
    for guide in entity_fields():
        lines += [_comment(guide, "  "), f"  {guide.name}: {_yaml_value(defaults.value(guide.name) or '')}"]
    lines += [
        "# The reporting year (required)",
        f"year: {year if year != '' else _yaml_value('')}",
        "outcomes:",
    ]
    example = {"id": f"{entity_id or 'ENTITY'}-{year or 'YEAR'}-01", **EXAMPLE_OUTCOME}
    first = True
    for guide in outcome_fields():
        value = example.get(guide.name)
        lines.append(_comment(guide, "    "))
        prefix = "  - " if first else "    "
        first = False
        if value is None:
            lines.append(f"    # {guide.name}: ")
        else:
            lines.append(f"{prefix}{guide.name}: {_yaml_value(value)}")
    return "\n".join(lines) + "\n"


def xlsx_template(defaults: EntityDefaults) -> bytes:
    """A workbook: the ``outcomes`` sheet with drop-downs, a ``guidance`` sheet, a hidden ``lists`` sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "outcomes"
    guidance = book.create_sheet("guidance")
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"

    required_fill = PatternFill("solid", fgColor="1F4E79")
    optional_fill = PatternFill("solid", fgColor="7F7F7F")
    guides = column_fields()
    last_row = TEMPLATE_ROWS + 1
    for position, guide in enumerate(guides, start=1):
        assert guide.column is not None
        cell = sheet.cell(row=1, column=position, value=guide.column)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = required_fill if guide.required else optional_fill
        cell.alignment = Alignment(vertical="top")
        cell.comment = Comment(
            f"{'Required' if guide.required else 'Optional'}. {guide.meaning}", "impactagg"
        )
        width = (
            40 if guide.column in ("title", "description", "contribution") else max(14, len(guide.column) + 4)
        )
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"

    positions = {guide.column: position for position, guide in enumerate(guides, start=1)}
    for list_column, (column, codes) in enumerate(code_lists(), start=1):
        letter = get_column_letter(list_column)
        lists.cell(row=1, column=list_column, value=column)
        for row, code in enumerate(codes, start=2):
            lists.cell(row=row, column=list_column, value=code.value)
        target = get_column_letter(positions[column])
        allowed = ", ".join(code.value for code in codes)
        validation = DataValidation(
            type="list",
            formula1=f"lists!${letter}$2:${letter}${len(codes) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"Not a {column} code",
            error=f"Choose a code from the list: {allowed}"[:255],
        )
        sheet.add_data_validation(validation)
        validation.add(f"{target}2:{target}{last_row}")
    date_column = get_column_letter(positions["date"])
    for row in range(2, last_row + 1):
        sheet[f"{date_column}{row}"].number_format = "yyyy-mm-dd"
        for name, column in (*ENTITY_COLUMNS.items(), ("year", "year")):
            value = defaults.year if name == "year" else defaults.value(name)
            if value is not None:
                sheet.cell(row=row, column=positions[column], value=value)

    _write_guidance(guidance, guides)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_guidance(sheet: object, guides: list[FieldGuide]) -> None:
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    bold = Font(bold=True)
    sheet.append(["How to fill in the outcomes sheet"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            "One row per outcome. Repeat the entity's details (the first five columns) on every row. "
            "Dark blue columns are required. Pick codes from the drop-down lists."
        ]
    )
    sheet.append([])
    sheet.append(["Column", "Required", "What to write", "Allowed codes"])
    for cell in sheet[4]:
        cell.font = bold
    for guide in guides:
        allowed = ", ".join(code.value for code in guide.codes) if guide.codes else ""
        sheet.append([guide.column, "yes" if guide.required else "no", guide.meaning, allowed])
    for column, codes in code_lists():
        sheet.append([])
        sheet.append([f"Codes for {column}"])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append(["Code", "Name", "Meaning"])
        for code in codes:
            sheet.append([code.value, code.label, code.meaning])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 90
    sheet.column_dimensions["D"].width = 60
