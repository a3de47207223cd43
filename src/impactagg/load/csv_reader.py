"""Reading the CSV form: one row per outcome, entity fields repeated, several entities allowed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from impactagg.load.locate import DataPath, Location
from impactagg.load.submission import RawSubmission, ReadResult
from impactagg.models import SCHEMA_VERSION
from impactagg.problems import Problem
from impactagg.suggest import closest
from impactagg.tabular import (
    COLUMNS,
    ENTITY_COLUMNS,
    LIST_FIELDS,
    LIST_SEPARATOR,
    OUTCOME_COLUMNS,
    REQUIRED_COLUMNS,
)

MAX_CELL_CHARACTERS = 1_000_000
_DELIMITERS = (",", ";", "\t")
# Entity details every row of an entity must repeat identically.
_ENTITY_DETAILS = [ENTITY_COLUMNS["name"], ENTITY_COLUMNS["type"], ENTITY_COLUMNS["region"], "year"]
_CODED_DETAILS = frozenset({ENTITY_COLUMNS["type"], ENTITY_COLUMNS["region"]})


@dataclass(slots=True)
class CsvLocator:
    """Maps a place in a submission to the row's first physical line and the column."""

    columns: dict[str, int]  # header -> 1-based position
    first_line: int
    outcome_lines: list[int] = field(default_factory=list)
    missing_columns: frozenset[str] = frozenset()

    def _at(self, line: int, column_name: str | None) -> Location:
        if column_name is None:
            return Location(line, None, None)
        return Location(line, self.columns.get(column_name), column_name)

    def value(self, path: DataPath) -> Location:
        if path[:1] == ("outcomes",) and len(path) >= 2 and isinstance(path[1], int):
            line = self.outcome_lines[path[1]]
            name = path[2] if len(path) >= 3 else None
            return self._at(line, OUTCOME_COLUMNS.get(str(name)) if name is not None else None)
        if path[:1] == ("entity",) and len(path) >= 2:
            return self._at(self.first_line, ENTITY_COLUMNS.get(str(path[1])))
        if path[:1] == ("year",):
            return self._at(self.first_line, "year")
        return Location(self.first_line, None, None)

    key = value
    missing = value

    def column_missing(self, path: DataPath) -> bool:
        """True when the value is missing because its whole column is (reported once)."""
        location = self.value(path)
        return location.field in self.missing_columns


def _normalise_header(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


def _pick_delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most known columns (',' by default)."""
    known = set(COLUMNS)

    def score(delimiter: str) -> int:
        return sum(_normalise_header(cell) in known for cell in first_line.split(delimiter))

    best = max(_DELIMITERS, key=score)
    return best if score(best) > 1 else ","


def read_csv(text: str, path: str) -> ReadResult:
    """Read every submission in a CSV text."""
    result = ReadResult(path, "csv")
    first_line = text.split("\n", 1)[0]
    csv.field_size_limit(MAX_CELL_CHARACTERS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_pick_delimiter(first_line), strict=True)
    previous_line = 0
    header: list[str] | None = None
    columns: dict[str, int] = {}
    groups: dict[str, RawSubmission] = {}
    first_rows: dict[str, dict[str, str]] = {}
    missing: frozenset[str] = frozenset()
    try:
        for row in reader:
            line = previous_line + 1
            previous_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank lines, and rows of empty cells that spreadsheets leave
            if header is None:
                header = [_normalise_header(cell) for cell in row]
                columns, missing, problems = _check_header(header, path, line)
                result.problems.extend(problems)
                continue
            _add_row(row, line, header, columns, missing, path, groups, first_rows)
    except csv.Error as error:
        reason = str(error)
        if "field larger than field limit" in reason:
            reason = f"a cell is longer than the limit of {MAX_CELL_CHARACTERS:,} characters"
        elif "unexpected end of data" in reason:
            reason = "a quoted value is never closed (a '\"' is missing)"
        result.problems.append(
            Problem(
                path,
                "csv-syntax",
                f"CSV syntax error in the row starting here: {reason}.",
                line=previous_line + 1,
            )
        )
        return result
    if header is None:
        result.problems.append(
            Problem(path, "empty-file", "The file holds no data: no header row, no outcomes.")
        )
    elif not groups:
        result.problems.append(
            Problem(
                path,
                "no-rows",
                "The file has a header row but no outcome rows, so no entity can be read from it.",
                line=1,
            )
        )
    result.submissions.extend(groups.values())
    return result


def _check_header(
    header: list[str], path: str, line: int
) -> tuple[dict[str, int], frozenset[str], list[Problem]]:
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name in columns:
            problems.append(
                Problem(
                    path,
                    "duplicate-column",
                    f"Column '{name}' appears twice (columns {columns[name]} and {position}); "
                    "only the first is read. Remove or rename the other.",
                    line=line,
                    column=position,
                    field=name,
                )
            )
        elif name:
            columns[name] = position
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    explained: set[str] = set()
    for name, position in columns.items():
        if name in COLUMNS:
            continue
        guess = closest(name, [c for c in COLUMNS if c not in columns])
        if guess:
            explained.add(guess)
            hint = f" Did you mean '{guess}'?"
        else:
            hint = f" The columns are: {', '.join(COLUMNS)}."
        problems.append(
            Problem(
                path,
                "unknown-column",
                f"Column '{name}' is not part of the standard and is not read.{hint}",
                line=line,
                column=position,
                field=name,
            )
        )
    for name in missing:
        if name not in explained:
            problems.append(
                Problem(
                    path,
                    "missing-column",
                    f"Required column '{name}' is missing from the header row.",
                    line=line,
                    field=name,
                )
            )
    return columns, frozenset(missing), problems


def _add_row(
    row: list[str],
    line: int,
    header: list[str],
    columns: dict[str, int],
    missing: frozenset[str],
    path: str,
    groups: dict[str, RawSubmission],
    first_rows: dict[str, dict[str, str]],
) -> None:
    cells = {
        name: row[position - 1].strip() if position <= len(row) else "" for name, position in columns.items()
    }
    entity_id = cells.get(ENTITY_COLUMNS["id"], "")
    group = groups.get(entity_id)
    if group is None:
        locator = CsvLocator(columns, line, missing_columns=missing)
        data: dict[str, Any] = {
            "schema_version": str(SCHEMA_VERSION),
            "entity": {field_: cells.get(column) for field_, column in ENTITY_COLUMNS.items()},
            "year": cells.get("year"),
            "outcomes": [],
        }
        group = groups[entity_id] = RawSubmission(data, locator, line)
        first_rows[entity_id] = cells
        first_line = line
    else:
        first_line = group.line
        first = first_rows[entity_id]
        for name in _ENTITY_DETAILS:
            if name not in columns:
                continue
            mine, theirs = cells[name], first[name]
            if name in _CODED_DETAILS:
                mine, theirs = mine.lower(), theirs.lower()
            if mine != theirs:
                group.problems.append(
                    Problem(
                        path,
                        "entity-mismatch",
                        f"This row gives {name} '{cells[name]}' but the first row of entity "
                        f"'{entity_id}' (line {first_line}) gives '{first[name]}'. Every row "
                        "of an entity repeats the same details.",
                        line=line,
                        column=columns[name],
                        field=name,
                    )
                )
    if len(row) != len(header):
        group.problems.append(
            Problem(
                path,
                "row-length",
                f"This row has {len(row)} cells but the header has {len(header)} columns; check "
                "for a stray delimiter or an unquoted value that contains one.",
                line=line,
            )
        )
    outcome: dict[str, object] = {}
    for field_, column in OUTCOME_COLUMNS.items():
        if column not in columns:
            continue
        value = cells[column]
        if field_ in LIST_FIELDS:
            outcome[field_] = [item for item in value.split(LIST_SEPARATOR)] if value else None
        else:
            outcome[field_] = value
    assert isinstance(group.locator, CsvLocator)
    group.locator.outcome_lines.append(line)
    group.data["outcomes"].append(outcome)
