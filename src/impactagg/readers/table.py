"""The table form (CSV rows, spreadsheet rows) turned into submissions.

Both readers hand rows of text cells, with the line or sheet row each starts
on, to a :class:`TableBuilder`; it checks the header once, groups rows by
entity (one table may hold several submissions) and records where every cell
is, so a problem can be reported at its row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import PydanticCustomError

from impactagg.models import SCHEMA_VERSION, parse_whole_number
from impactagg.problems import Problem
from impactagg.readers.locate import DataPath, Location
from impactagg.readers.submission import RawSubmission, ReadResult
from impactagg.suggest import closest
from impactagg.tabular import (
    COLUMNS,
    ENTITY_COLUMNS,
    LIST_FIELDS,
    LIST_SEPARATOR,
    OUTCOME_COLUMNS,
    REQUIRED_COLUMNS,
)

# Entity details every row of an entity must repeat identically.
_ENTITY_DETAILS = [
    ENTITY_COLUMNS["id"],
    ENTITY_COLUMNS["name"],
    ENTITY_COLUMNS["type"],
    ENTITY_COLUMNS["region"],
    "year",
]
_CODED_DETAILS = frozenset({ENTITY_COLUMNS["type"], ENTITY_COLUMNS["region"]})


def _comparable(column: str, value: str) -> str:
    """A cell as the standard will read it, so that '2016' and '2016.0', 'Section' and 'section' agree."""
    if column in _CODED_DETAILS:
        return value.lower()
    if column == "year":
        try:
            return str(parse_whole_number(value))
        except PydanticCustomError:
            return value
    return value


def column_letter(position: int) -> str:
    """1 -> A, 27 -> AA: the spreadsheet name of a column."""
    letters = ""
    while position > 0:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def normalise_header(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


def is_blank(row: list[str]) -> bool:
    """A row of nothing but blank cells, as spreadsheets leave: no outcome, skipped."""
    return not any(cell.strip() for cell in row)


def repeats_header(row: list[str], header: list[str]) -> bool:
    """Whether ``row`` is the (normalised) ``header`` again, as concatenated exports hold it."""
    # Cheap test first: a repeated header starts with the header's first cell.
    return (
        bool(row) and normalise_header(row[0]) == header[0] and [normalise_header(c) for c in row] == header
    )


@dataclass(slots=True)
class TableLocator:
    """Maps a place in a submission to its row (first physical line, or sheet row) and column."""

    columns: dict[str, int]  # header -> 1-based position
    first_line: int
    sheet: str | None = None
    outcome_lines: Sequence[int] = field(default_factory=list)
    missing_columns: frozenset[str] = frozenset()

    def _at(self, line: int, column_name: str | None) -> Location:
        position = self.columns.get(column_name) if column_name else None
        cell = f"{column_letter(position)}{line}" if self.sheet and position else None
        return Location(line, position, column_name, self.sheet, cell)

    def value(self, path: DataPath) -> Location:
        if path[:1] == ("outcomes",) and len(path) >= 2 and isinstance(path[1], int):
            line = self.outcome_lines[path[1]]
            name = OUTCOME_COLUMNS.get(str(path[2])) if len(path) >= 3 else None
            return self._at(line, name)
        if path[:1] == ("entity",) and len(path) >= 2:
            return self._at(self.first_line, ENTITY_COLUMNS.get(str(path[1])))
        if path[:1] == ("year",):
            return self._at(self.first_line, "year")
        return self._at(self.first_line, None)

    key = value
    missing = value

    def column_missing(self, path: DataPath) -> bool:
        """True when the value is missing because its whole column is (reported once)."""
        return self.value(path).field in self.missing_columns


@dataclass(slots=True)
class TableBuilder:
    """Collects a table's rows into submissions, one per entity id."""

    result: ReadResult
    sheet: str | None = None
    header: list[str] | None = None
    header_line: int = 1
    unnamed: list[int] = field(default_factory=list)  # positions of columns without a header
    unnamed_reported: set[int] = field(default_factory=set)
    columns: dict[str, int] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()
    groups: dict[str, RawSubmission] = field(default_factory=dict)
    first_rows: dict[str, dict[str, str]] = field(default_factory=dict)
    # Set with the header: whether every column is named once (a row's cells are then its header's
    # names zipped with its values), and the outcome's fields it has (field, column, is a list).
    distinct: bool = False
    outcome_columns: list[tuple[str, str, bool]] = field(default_factory=list)

    def _problem(
        self,
        code: str,
        message: str,
        line: int | None,
        column: int | None = None,
        name: str | None = None,
        value: str | None = None,
        suggestion: str | None = None,
    ) -> Problem:
        cell = f"{column_letter(column)}{line}" if self.sheet and column and line else None
        return Problem(
            self.result.path,
            code,
            message,
            line,
            column,
            name,
            self.sheet if line else None,
            cell,
            value,
            suggestion,
        )

    def add_header(self, row: list[str], line: int) -> None:
        self.header = [normalise_header(cell) for cell in row]
        self.header_line = line
        for position, name in enumerate(self.header, start=1):
            if name in self.columns:
                self.result.problems.append(
                    self._problem(
                        "duplicate-column",
                        f"Column '{name}' appears twice (columns {self.columns[name]} and {position}); only "
                        "the first is read. Remove or rename the other.",
                        line,
                        position,
                        name,
                        name,
                    )
                )
            elif name:
                self.columns[name] = position
            else:
                self.unnamed.append(position)
        missing = [name for name in REQUIRED_COLUMNS if name not in self.columns]
        explained: set[str] = set()
        for name, position in self.columns.items():
            if name in COLUMNS:
                continue
            guess = closest(name, [c for c in COLUMNS if c not in self.columns])
            if guess:
                explained.add(guess)
                hint = f" Did you mean '{guess}'?"
            else:
                hint = f" The columns are: {', '.join(COLUMNS)}."
            self.result.problems.append(
                self._problem(
                    "unknown-column",
                    f"Column '{name}' is not part of the standard and is not read.{hint}",
                    line,
                    position,
                    name,
                    row[position - 1].strip(),
                    guess,
                )
            )
        for name in missing:
            if name not in explained:
                self.result.problems.append(
                    self._problem(
                        "missing-column",
                        f"Required column '{name}' is missing from the header row. Add it "
                        f"(the columns are: {', '.join(COLUMNS)}).",
                        line,
                        None,
                        name,
                    )
                )
        self.missing = frozenset(missing)
        self.distinct = list(self.columns) == self.header
        self.outcome_columns = [
            (name, column, name in LIST_FIELDS)
            for name, column in OUTCOME_COLUMNS.items()
            if column in self.columns
        ]

    def add_row(self, row: list[str], line: int) -> None:
        assert self.header is not None
        if repeats_header(row, self.header):
            self.result.problems.append(
                self._problem(
                    "repeated-header",
                    f"This row repeats the header row ({'row' if self.sheet else 'line'} "
                    f"{self.header_line}); delete it.",
                    line,
                )
            )
            return
        columns = self.columns
        if self.distinct and len(row) >= len(self.header):  # most rows: the same cells, sooner
            cells = dict(zip(self.header, map(str.strip, row), strict=False))
        else:
            cells = {
                name: row[position - 1].strip() if position <= len(row) else ""
                for name, position in columns.items()
            }
        entity_id = cells.get(ENTITY_COLUMNS["id"], "")
        key = entity_id.casefold()  # ids are compared without case everywhere
        group = self.groups.get(key)
        if group is None:
            group = self.open_entity(cells, line)
        else:
            self._compare_entity(group, cells, line, key)
            if not entity_id and ENTITY_COLUMNS["id"] in columns:
                # The first such row is reported by validation; the later ones would not be.
                position = columns[ENTITY_COLUMNS["id"]]
                group.problems.append(
                    self._problem(
                        "missing-value",
                        f"Required field '{ENTITY_COLUMNS['id']}' is empty: every row repeats its "
                        "entity's id.",
                        line,
                        position,
                        ENTITY_COLUMNS["id"],
                    )
                )
        for position in self.unnamed:
            if position <= len(row) and row[position - 1].strip() and position not in self.unnamed_reported:
                self.unnamed_reported.add(position)
                group.problems.append(
                    self._problem(
                        "unknown-column",
                        f"Column {position} has values (the first here) but no header, so they are not read: "
                        "give the column its name from the standard, or delete it.",
                        line,
                        position,
                        None,
                        row[position - 1].strip(),
                    )
                )
        if self.sheet is not None and len(row) > len(self.header):
            group.problems.append(self._beyond_header(row, line))
        elif self.sheet is None and len(row) != len(self.header):
            group.problems.append(
                self._problem(
                    "row-length",
                    f"This row has {len(row)} cells but the header has {len(self.header)} columns; check for "
                    "a stray delimiter or an unquoted value that contains one.",
                    line,
                )
            )
        outcome: dict[str, object] = {}
        for name, column, is_list in self.outcome_columns:
            value = cells[column]
            outcome[name] = (value.split(LIST_SEPARATOR) if value else None) if is_list else value
        assert isinstance(group.locator, TableLocator)
        assert isinstance(group.locator.outcome_lines, list)
        group.locator.outcome_lines.append(line)
        group.data["outcomes"].append(outcome)

    def add_note(self, row: list[str], line: int) -> None:
        """A sheet's row with values only beyond the header's last column (a note typed beside the
        table): no outcome, and the value reported where it is."""
        self.result.problems.append(self._beyond_header(row, line))

    def _beyond_header(self, row: list[str], line: int) -> Problem:
        position = len(row)
        return self._problem(
            "row-length",
            f"Cell {column_letter(position)}{line} holds a value beyond the header's last column, "
            "so it is not read: move it into the right column, or delete it.",
            line,
            position,
            None,
            row[-1],
        )

    def open_entity(self, cells: dict[str, str], line: int) -> RawSubmission:
        """Start the submission of the entity whose first row is at ``line``, from that row's
        stripped cells (its entity details at least), without adding its outcome."""
        data: dict[str, Any] = {
            "schema_version": str(SCHEMA_VERSION),
            "entity": {name: cells.get(column) for name, column in ENTITY_COLUMNS.items()},
            "year": cells.get("year"),
            "outcomes": [],
        }
        locator = TableLocator(self.columns, line, self.sheet, missing_columns=self.missing)
        key = cells.get(ENTITY_COLUMNS["id"], "").casefold()
        group = self.groups[key] = RawSubmission(data, locator, line)
        self.first_rows[key] = cells
        return group

    def _compare_entity(self, group: RawSubmission, cells: dict[str, str], line: int, key: str) -> None:
        first = self.first_rows[key]
        entity_id = first.get(ENTITY_COLUMNS["id"], "")
        for name in _ENTITY_DETAILS:
            # Most rows repeat the first row's details as written: no need to read them.
            if name not in self.columns or cells[name] == first[name]:
                continue
            mine, theirs = _comparable(name, cells[name]), _comparable(name, first[name])
            if mine != theirs:
                group.problems.append(
                    self._problem(
                        "entity-mismatch",
                        f"This row gives {name} '{cells[name]}' but the first row of entity '{entity_id}' "
                        f"({'row' if self.sheet else 'line'} {group.line}) gives '{first[name]}'. "
                        "Every row of an entity repeats the same details.",
                        line,
                        self.columns[name],
                        name,
                        cells[name],
                        first[name],
                    )
                )

    def finish(self, header_line: int = 1) -> ReadResult:
        if self.header is None:
            where = f"sheet '{self.sheet}'" if self.sheet else "file"
            self.result.problems.append(
                self._problem("empty-file", f"The {where} holds no data: no header row, no outcomes.", None)
            )
        elif not self.groups:
            self.result.problems.append(
                self._problem(
                    "no-rows",
                    "The table has a header row but no outcome rows, so no entity can be read from it.",
                    header_line,
                )
            )
        self.result.submissions.extend(self.groups.values())
        return self.result
