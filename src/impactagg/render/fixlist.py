"""The fix list: every problem as a spreadsheet row that a coordinator can send back to a section."""

from __future__ import annotations

import csv
import io

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


def neutralise(text: str) -> str:
    """Prefix a value a spreadsheet would run as a formula with ', so it shows as text."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def fix_list_rows(report: Report) -> list[dict[str, str]]:
    """One row per problem, in the report's order, with every cell as text."""
    rows = []
    for file_report in report.files:
        for problem in file_report.problems:
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
        writer.writerow([neutralise(row[column]) for column in FIX_LIST_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def fix_list_xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "fix list"
    sheet.append(FIX_LIST_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(row[column]) for column in FIX_LIST_COLUMNS])
    for letter, width in zip("ABCDEFGHIJ", (30, 10, 6, 18, 6, 24, 80, 18, 9, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    for cells in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
