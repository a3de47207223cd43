"""A copy of a submitter's workbook with every problem marked on its cell.

The submitter's own file is read, never written: the copy goes to another path.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

from impactagg.problems import Problem, Severity
from impactagg.readers.xlsx_reader import openpyxl_quiet

_ERROR_FILL = "FFC7CE"  # Excel's own "bad" red
_WARNING_FILL = "FFEB9C"  # and its "neutral" yellow


def annotate_workbook(source: Path, problems: list[Problem]) -> bytes:
    """The workbook at ``source`` with each problem's cell filled and the problem as a comment."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    with openpyxl_quiet():
        book = load_workbook(source)  # not read-only: the copy keeps formulas, styles and drop-downs
    by_cell: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.sheet is None or problem.sheet not in book.sheetnames:
            continue
        place = problem.cell or (f"A{problem.line}" if problem.line else "A1")
        by_cell[(problem.sheet, place)].append(problem)
    for (sheet_name, reference), found in by_cell.items():
        sheet = book[sheet_name]
        target = sheet[reference]
        for merged in sheet.merged_cells.ranges:
            if reference in merged:  # only a merged range's first cell can carry a comment or a fill
                target = sheet.cell(row=merged.min_row, column=merged.min_col)
                break
        cell = target
        worst = Severity.ERROR if any(p.severity is Severity.ERROR for p in found) else Severity.WARNING
        colour = _ERROR_FILL if worst is Severity.ERROR else _WARNING_FILL
        cell.fill = PatternFill("solid", fgColor=colour)
        text = "\n".join(f"{p.severity}: {p.message}" for p in found)
        cell.comment = Comment(text, "impactagg", width=400, height=min(600, 60 + 40 * len(found)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
