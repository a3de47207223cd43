"""The fix list: every problem as a spreadsheet row that a coordinator can send back to a section."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from impactagg.render.validation import escaped
from impactagg.validation import Report

FIX_LIST_COLUMNS = [
    "file",
    "sheet",
    "row",
    "column",
    "cell",
    "value",
    "problem",
    "suggestion",
    "severity",
    "code",
]
# Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# What a workbook cannot hold (XML forbids the control characters but tab and line breaks), and
# what UTF-8 cannot write: the bytes of a file name that were not UTF-8, which os.fsdecode keeps
# as lone surrogates (U+DC80 to U+DCFF stand for bytes 0x80 to 0xFF).
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def neutralise(text: str) -> str:
    """Prefix a value a spreadsheet would run as a formula with ', so it shows as text."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def writable(text: str) -> str:
    """``text`` with each character a spreadsheet cannot hold shown as an escape, as the terminal
    report shows control characters (a file name's byte that is not UTF-8: that byte, \\xff)."""
    return _UNWRITABLE.sub(escaped, text)


def fix_list_rows(report: Report) -> list[dict[str, str]]:
    """One row per problem, in the report's order, with every cell as text."""
    rows = []
    for _, problems in report.by_file:
        for problem in problems:
            rows.append(
                {
                    "file": problem.path,
                    "sheet": problem.sheet or "",
                    "row": "" if problem.line is None else str(problem.line),
                    "column": problem.field or "",
                    "cell": problem.cell or "",
                    "value": problem.value or "",
                    "problem": problem.message,
                    "suggestion": problem.suggestion or "",
                    "severity": str(problem.severity),
                    "code": problem.code,
                }
            )
    return rows


def fix_list_csv(rows: list[dict[str, str]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows every script correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIX_LIST_COLUMNS)
    for row in rows:
        writer.writerow([neutralise(writable(row[column])) for column in FIX_LIST_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def fix_list_xlsx(rows: list[dict[str, str]]) -> bytes:
    """One sheet, written row by row (openpyxl's write-only mode: a fix list of 100,000 problems
    does not hold a million cell objects, and is written in about two thirds of the time)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("fix list")
    # Set before the first row: a write-only sheet writes its widths and panes ahead of its rows.
    for letter, width in zip("ABCDEFGHIJ", (30, 10, 6, 18, 6, 24, 80, 18, 9, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:J{len(rows) + 1}"
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.append([_styled(sheet, name, font=bold) for name in FIX_LIST_COLUMNS])
    problem = FIX_LIST_COLUMNS.index("problem")
    for row in rows:
        values: list[Any] = [neutralise(writable(row[column])) for column in FIX_LIST_COLUMNS]
        values[problem] = _styled(sheet, values[problem], alignment=wrapped)  # long: wrapped
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _styled(sheet: Any, value: str, **style: object) -> Any:
    """A cell of a write-only sheet with a style (``font``, ``alignment``)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
