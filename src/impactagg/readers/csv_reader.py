"""Reading the CSV form: one row per outcome, entity fields repeated, several entities allowed."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager

from impactagg.limits import DEFAULT_LIMITS, Limits
from impactagg.problems import Problem
from impactagg.readers.submission import ReadResult
from impactagg.readers.table import TableBuilder, is_blank, normalise_header
from impactagg.tabular import COLUMNS

_DELIMITERS = (",", ";", "\t")


def pick_delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most known columns (',' by default)."""
    known = set(COLUMNS)

    def score(delimiter: str) -> int:
        return sum(normalise_header(cell) in known for cell in first_line.split(delimiter))

    best = max(_DELIMITERS, key=score)
    return best if score(best) > 1 else ","


def split_lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, without a second copy of the text.

    io.StringIO would copy it, four bytes a character when the text holds any non-Latin-1
    letter: for a 500 MB export that is 2 GB more. CRLF endings stay on the line, as the csv
    module expects; a file of lone-CR endings (old Mac Excel) is split on CR.
    """
    # Old Mac spreadsheets end lines with a lone CR.
    ending = "\n" if "\n" in text or "\r" not in text else "\r"
    start = 0
    while True:
        end = text.find(ending, start)
        if end < 0:
            if start < len(text):
                yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


@contextmanager
def field_limit(characters: int) -> Iterator[None]:
    """The csv module's limit on a cell set to ``characters`` while a table is read, then put
    back: it is the whole process's, and a program that calls impactagg has its own."""
    previous = csv.field_size_limit(characters)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read every submission in a CSV text; lines are physical lines, right after multi-line cells."""
    with field_limit(limits.value_length):
        return _read_csv(text, path, limits)


def _read_csv(text: str, path: str, limits: Limits) -> ReadResult:
    builder = TableBuilder(ReadResult(path, "csv"))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(split_lines(text), delimiter=pick_delimiter(first_line), strict=True)
    previous_line = 0
    header_line = 1
    rows = 0
    try:
        for row in reader:
            line = previous_line + 1  # the row's first physical line
            previous_line = reader.line_num
            if is_blank(row):
                continue  # blank lines, and rows of empty cells that spreadsheets leave
            if builder.header is None:
                builder.add_header(row, line)
                header_line = line
                continue
            rows += 1
            if rows > limits.outcomes:
                builder.result.problems.append(
                    Problem(
                        path,
                        "too-many-outcomes",
                        f"The file has more than {limits.outcomes:,} outcome "
                        "rows, the limit; reading stopped here. Split the file, or raise the limit with "
                        "--max-outcomes.",
                        line=line,
                    )
                )
                return builder.result
            builder.add_row(row, line)
    except csv.Error as error:
        builder.result.problems.append(
            Problem(
                path,
                "csv-syntax",
                f"CSV syntax error in the row starting here: {_plain_reason(str(error), limits)}.",
                line=previous_line + 1,
            )
        )
        if not builder.groups:
            return builder.result
        # Keep the rows read so far, so that what the broken file would drop can be counted.
        return builder.finish(header_line)
    return builder.finish(header_line)


def _plain_reason(reason: str, limits: Limits) -> str:
    """What the csv module's error means, for someone who edits the file in a spreadsheet."""
    if "field larger than field limit" in reason:
        return (
            f"a cell is longer than the limit of {limits.value_length:,} characters (raise it with "
            "--max-value-length)"
        )
    if "unexpected end of data" in reason:
        return "a quoted value is never closed (a '\"' is missing)"
    if "new-line character seen in unquoted field" in reason:
        # The csv module's own words ask about Python's universal-newline mode.
        return (
            "a value holds a line break (a lone carriage return) but is not in quotes: quote the "
            "value, or remove the line break"
        )
    if "expected after" in reason:  # strict mode: ',' expected after '"'
        return (
            f"{reason}: a value in quotes ends at its closing '\"', and a '\"' inside a value is "
            "written twice ('\"\"')"
        )
    return reason
