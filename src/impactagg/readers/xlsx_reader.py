"""Reading the spreadsheet form: a sheet ``outcomes`` with the CSV form's columns.

Section staff fill the template in Excel, so cells arrive typed: dates as
dates, goals as numbers (``2.0``), formulas as their cached values. Every cell
is turned into the text a CSV would hold, so that the same rules apply to both.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from defusedxml import DefusedXmlException

from impactagg.limits import DEFAULT_LIMITS, Limits
from impactagg.problems import Problem
from impactagg.readers.submission import ReadResult
from impactagg.readers.table import TableBuilder, column_letter, normalise_header
from impactagg.tabular import COLUMNS, OUTCOME_COLUMNS

SHEET = "outcomes"
_HEADER_SEARCH_ROWS = 20


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# What openpyxl and the XML parser under it raise on a damaged or hostile workbook: a broken zip,
# missing parts, cut or malicious XML (defusedxml refuses entity expansion), a chart sheet where a
# worksheet is expected. All mean the same to a submitter: the file cannot be read as a workbook.
DAMAGED_WORKBOOK = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    EOFError,
    IndexError,
    AttributeError,
    SyntaxError,  # xml.etree's ParseError
    zlib.error,  # a part's compressed data damaged
    RuntimeError,  # a part encrypted, or compressed by a method the zip module lacks (NotImplementedError)
    DefusedXmlException,
)


def _unreadable(path: str, error: Exception) -> Problem:
    detail = "it is not a zip archive" if isinstance(error, zipfile.BadZipFile) else "its content is damaged"
    return Problem(
        path,
        "not-a-workbook",
        f"This is not a readable Excel workbook (.xlsx): {detail}. Save it again from Excel as "
        "'Excel Workbook (.xlsx)'.",
    )


@contextmanager
def openpyxl_quiet() -> Iterator[None]:
    """openpyxl's warnings silenced: they are written for programmers ("Data Validation extension
    is not supported", "serial value outside the limits for dates", with a path into its source),
    and what they are about reaches the report as a located problem, or does not matter."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        yield


def read_xlsx(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read every submission on the ``outcomes`` sheet of a workbook."""
    with openpyxl_quiet():
        return _read_xlsx(data, path, limits)


def _read_xlsx(data: bytes, path: str, limits: Limits) -> ReadResult:
    result = ReadResult(path, "xlsx")
    try:
        unpacked = _unpacked_size(data)
        if unpacked > limits.file_size:
            # A workbook is a zip of XML, and the XML is what is read: a few megabytes can unpack
            # to gigabytes (of whitespace, say), which the size of the file does not tell.
            message = f"The workbook unpacks to {limits.over_file_size(unpacked)}"
            return ReadResult(path, "xlsx", problems=[Problem(path, "file-too-large", message)])
        return _read_workbook(data, path, limits, result)
    except DAMAGED_WORKBOOK as error:
        # Rows are read lazily, so damage deep in the sheet shows up only while reading them.
        return ReadResult(path, "xlsx", problems=[_unreadable(path, error)])


def _unpacked_size(data: bytes) -> int:
    """The size of a workbook's parts unpacked, as its zip directory declares them (the zip
    module never gives more than a part's declared size)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(member.file_size for member in archive.infolist())


def _read_workbook(data: bytes, path: str, limits: Limits, result: ReadResult) -> ReadResult:
    from openpyxl import load_workbook  # imported late: only spreadsheets need it

    values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    names = {name.lower(): name for name in values.sheetnames}
    if SHEET not in names:
        listed = ", ".join(f"'{name}'" for name in values.sheetnames)
        result.problems.append(
            Problem(
                path,
                "missing-sheet",
                f"The workbook has no sheet named '{SHEET}' (its sheets: {listed}). "
                f"Put the outcomes on a sheet named '{SHEET}', as in the template.",
            )
        )
        return result
    sheet = names[SHEET]
    builder = TableBuilder(result, sheet=sheet)
    for merged in _merged_ranges(data, getattr(values[sheet], "_worksheet_path", "")):
        first = merged.split(":")[0]
        row = int("".join(char for char in first if char.isdigit()) or 0)
        result.problems.append(
            Problem(
                path,
                "merged-cells",
                f"Cells {merged} are merged: only {first} holds a value, so the others read as empty. "
                "Unmerge them and give each cell its own value.",
                line=row or None,
                sheet=sheet,
                cell=first,
                value=merged,
            )
        )
    value_sheet, formula_sheet = values[sheet], formulas[sheet]
    for worksheet in (value_sheet, formula_sheet):
        # Without the sheet's declared size, each row is as wide as its own last cell and a missing
        # row is empty: with it, every row is padded to the widest and every missing row filled in,
        # and one stray cell at XFD1048576 makes seventeen billion empty cells to read.
        worksheet.reset_dimensions()
    rows = _rows(
        value_sheet.iter_rows(values_only=True),
        formula_sheet.iter_rows(values_only=True),
        limits.outcomes + 1,
    )
    try:
        if not _read_rows(builder, rows, path, sheet, limits):
            return result
    except _TooManyRowsError as error:
        result.problems.append(
            Problem(
                path,
                "too-many-outcomes",
                f"The sheet has more than {limits.outcomes:,} outcome rows, the limit; reading stopped at "
                f"row {error.row:,}. Split the file, or raise the limit with --max-outcomes.",
                line=error.row,
                sheet=sheet,
            )
        )
        return result
    finally:
        values.close()
        formulas.close()
    return builder.finish(1)


class _TooManyRowsError(Exception):
    def __init__(self, row: int) -> None:
        self.row = row


_MERGE_SCAN_LIMIT = 64 * 1024 * 1024  # a sheet's XML is read whole to find merged cells


def _merged_ranges(data: bytes, member: str) -> list[str]:
    """The merged ranges of a sheet (read-only workbooks do not expose them), from its XML."""
    if not member:
        return []
    from defusedxml.ElementTree import fromstring

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if member not in archive.namelist() or archive.getinfo(member).file_size > _MERGE_SCAN_LIMIT:
            return []
        with archive.open(member) as stream:
            head = stream.read()
    if b"mergeCell" not in head:  # most sheets: nothing to parse
        return []
    root = fromstring(head)
    return [element.attrib.get("ref", "") for element in root.iter() if element.tag.endswith("}mergeCell")]


def _rows(
    values: Iterator[tuple[Any, ...]], formulas: Iterator[tuple[Any, ...]], max_rows: int
) -> Iterator[tuple[int, tuple[Any, ...], tuple[Any, ...]]]:
    for number, (row, raw) in enumerate(zip(values, formulas, strict=False), start=1):
        if number > max_rows:
            raise _TooManyRowsError(number)
        yield number, row, raw


def _looks_like_header(cells: list[str]) -> bool:
    return sum(normalise_header(cell) in COLUMNS for cell in cells) >= 3


def _read_rows(
    builder: TableBuilder,
    rows: Iterator[tuple[int, tuple[Any, ...], tuple[Any, ...]]],
    path: str,
    sheet: str,
    limits: Limits,
) -> bool:
    """Feed the sheet's rows to the builder; False when the sheet cannot be read as a table."""
    for number, row, raw in rows:
        if not row and builder.header is not None:
            continue  # a row the sheet does not hold: between its rows, there may be a million
        cells = [cell_text(value) for value in row]
        for position, cell in enumerate(cells, start=1):
            if len(cell) > limits.value_length:
                reference = f"{column_letter(position)}{number}"
                builder.result.problems.append(
                    Problem(
                        path,
                        "value-too-long",
                        f"Cell {reference} holds {len(cell):,} characters, more than the limit of "
                        f"{limits.value_length:,}; raise it with --max-value-length if it is genuine. Only "
                        "the start of it is read.",
                        line=number,
                        column=position,
                        sheet=sheet,
                        cell=reference,
                    )
                )
                cells[position - 1] = cell[: limits.value_length]
        while cells and not cells[-1].strip():
            cells.pop()  # empty cells at the end of a row are not cells
        if builder.header is None:
            if number == 1 and not _looks_like_header(cells):
                found = _find_header(rows)
                if found is not None:
                    builder.result.problems.append(
                        Problem(
                            path,
                            "header-row",
                            f"The header row must be row 1 of sheet '{sheet}', but it is "
                            f"row {found}: delete the rows above it.",
                            line=found,
                            sheet=sheet,
                            cell=f"A{found}",
                        )
                    )
                    return False
            builder.add_header(cells, number)
            continue
        outcome_cells = [cells[i - 1] for i in _outcome_positions(builder) if i <= len(cells)]
        if not any(cell.strip() for cell in outcome_cells):
            # Blank rows, and the rows a template pre-fills with the entity's details only: no
            # outcome. A value beyond the table's last column there is a note typed beside it.
            if len(cells) > len(builder.header or []):
                builder.add_note(cells, number)
            continue
        for position, (value, formula) in enumerate(zip(row, raw, strict=False), start=1):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                builder.result.problems.append(
                    Problem(
                        path,
                        "formula-without-value",
                        f"Cell {column_letter(position)}{number} holds the formula {formula} but no "
                        "calculated value: open the file in Excel and save it again, or type the value.",
                        line=number,
                        column=position,
                        field=_header_at(builder, position),
                        sheet=sheet,
                        cell=f"{column_letter(position)}{number}",
                        value=formula,
                    )
                )
        builder.add_row(cells, number)
    return True


def _header_at(builder: TableBuilder, position: int) -> str | None:
    header = builder.header or []
    return header[position - 1] if position <= len(header) and header[position - 1] else None


def _outcome_positions(builder: TableBuilder) -> list[int]:
    outcome_columns = set(OUTCOME_COLUMNS.values())
    return [position for name, position in builder.columns.items() if name in outcome_columns]


def _find_header(rows: Iterator[tuple[int, tuple[Any, ...], tuple[Any, ...]]]) -> int | None:
    for number, row, _ in rows:
        if number > _HEADER_SEARCH_ROWS:
            return None
        if _looks_like_header([cell_text(value) for value in row]):
            return number
    return None
