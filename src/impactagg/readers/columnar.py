"""Reading a large CSV table by columns, with exactly the problems of the row-by-row reader.

Why: a consolidated export of a million outcomes took 70 s row by row (the csv module, then
the models, for every row). Here the file is read in slices cut at row ends (a line break ends
a row when an even number of quotes precedes it), every cell of a slice is tested where it lies,
and the tests mark a row *clean* only when the standard surely accepts it as written. Each
test is narrower than the models, never wider (a goal written 1-5, a date YYYY-MM-DD inside
the row's year, no '@' in free text ...), and a row is split into cells only where its quotes
enclose whole cells; so a clean row is one the models would accept without a word, as the csv
module would read it. Where the compiled module ``_rowscan`` is built, it makes those tests on
each cell where it lies and hands polars only the few short cells kept, as Arrow columns (no
text for polars to parse); without it, polars reads and tests every cell (``_clean``), and
``tests/test_columnar.py`` holds the two to one answer.

Every row that is not clean is read again by the csv module from its own bytes and goes through
the row-by-row reader and the models, which write every message (blank and repeated header rows
are found there too); its entity's submission is opened from its first row, read again too
unless it is clean. The compiled pass also says which cells of such a row failed their tests:
where its submission's entity and year come from a row that passed them, the models' validators
read those cells alone (``checks.check_fields``), the others being sure to pass. Clean rows are
counted and cross-checked by columns; ``summarize`` counts them from their columns, each value
through the model's validator of its field, and their outcomes and models are built only when a
command shows outcomes. Whatever the columns cannot vouch for sends the whole file to the
row-by-row reader: a file that is not UTF-8 CSV with a header of the standard's columns, a NUL
byte, a lone carriage return, a quote never closed, a value beyond the length limit, or a row
that the csv module reads differently from the columns.

``tests/test_columnar.py`` proves the two readers give the same report and the same submissions
on generated data with every kind of problem, awkward tables and random bad cells; CI also runs
the whole test suite with every CSV file read by columns.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import IntFlag
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from impactagg.bulk import collector_paused
from impactagg.checks import (
    FREE_TEXT_FIELDS,
    CheckedSubmission,
    CrossRefs,
    DeferredSubmissions,
    FieldErrors,
    OutcomeRef,
    check_fields,
    check_submission,
    linked_ids,
    refs_of,
)
from impactagg.codes import (
    MAX_YEAR,
    MIN_YEAR,
    CodeList,
    ImpactType,
    StrategicGoal,
)
from impactagg.errors import SourceChangedError
from impactagg.example import EXAMPLE_TITLE
from impactagg.limits import MEGABYTE, Limits
from impactagg.models import (
    CODED_FIELDS,
    ID_FIRST,
    ID_REST,
    MAX_ID_LENGTH,
    SCHEMA_VERSION,
    Entity,
    Outcome,
    Submission,
    drop_empty,
    field_parser,
    known_country_codes,
)
from impactagg.problems import Problem
from impactagg.readers.csv_reader import field_limit, pick_delimiter, split_lines
from impactagg.readers.submission import RawSubmission, ReadResult
from impactagg.readers.table import TableBuilder, TableLocator, is_blank, normalise_header, repeats_header
from impactagg.tabular import (
    COLUMNS,
    ENTITY_COLUMNS,
    LIST_FIELDS,
    LIST_SEPARATOR,
    OUTCOME_COLUMNS,
    REQUIRED_COLUMNS,
)

_scan_rows: Callable[[bytes, bool], tuple[bytes, bytes, bytes, bytes, bytes, bytes, int] | None] | None
_cells: Callable[..., tuple[tuple[tuple[object, object], ...], bytes, bytes, bool] | None] | None
_numbers: Callable[[bytes, str], tuple[object, object]] | None
try:
    from impactagg.readers._rowscan import cells as _cells
    from impactagg.readers._rowscan import column as _numbers
    from impactagg.readers._rowscan import scan as _scan_rows
except ImportError:  # not built (no C compiler at install): numpy finds the rows, polars tests all
    _scan_rows = _cells = _numbers = None

if TYPE_CHECKING:
    import numpy as np
    import polars as pl
    from pydantic import BaseModel

    from impactagg.aggregate import Counted, Reporter

# Polars' allocator (jemalloc) keeps freed pages for reuse; returning them to the system at
# once holds a million-row validation under 1 GB at no measured cost in time. Read when polars
# loads, so set before any import of it; a setting of the user's own wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "muzzy_decay_ms:0")
# numpy starts a thread per core for linear algebra, which impactagg never does, and those
# threads spin for a while after startup (measured: ~2% of a million-row validation's CPU, on
# the two cores the reading needs). Read when numpy loads; a setting of the user's own wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


_CHUNK = 16 * MEGABYTE  # a slice of text read at once
# Two slices with polars at once: while one waits on its last, slowest part, the other keeps
# the second core busy (measured: a million rows 0.3-0.5 s sooner than one at a time, for
# about 50 MB more at the peak).
_IN_FLIGHT = 2
_ID = rf"{ID_FIRST}{ID_REST}{{0,{MAX_ID_LENGTH - 1}}}"  # the models' identifier, its length bounded
# A superset of checks._PHONE: any single character may separate the digits, and no look-behind
# (the Rust regex engine has none). Rows it matches are checked by the real expression.
_PHONE_SUPERSET = r"[+0]\d(?:\D?\d){7,}"
_CONTACT_SUPERSET = f"@|{_PHONE_SUPERSET}"


# What Python's str.strip() removes: polars' strip_chars() given these removes the same (without
# them, it keeps the four separators 0x1c-0x1f). tests/test_columnar.py checks the list.
_PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def _python_strip(text: pl.Expr) -> pl.Expr:
    """``str.strip()`` exactly."""
    return text.str.strip_chars(_PYTHON_WHITESPACE)


def _header(first_line: bytes) -> tuple[list[str], list[str]] | None:
    """The header row as written and its column names, when the columns can be read by columns."""
    try:
        text = first_line.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        return None
    if '"' in text or "\r" in text or pick_delimiter(text) != ",":
        return None  # quotes, or old Mac line ends: the row-by-row reader reads those
    try:
        cells = next(csv.reader([text]), [])
    except csv.Error:
        return None  # a header cell beyond the value limit: the row-by-row reader says so
    names = [normalise_header(cell) for cell in cells]
    if (
        len(set(names)) != len(names)
        or not set(names) <= set(COLUMNS)
        or not set(REQUIRED_COLUMNS) <= set(names)
    ):
        return None  # header problems are the row-by-row reader's to report
    return cells, names


class LineSlice(Sequence[int]):
    """The lines of one submission's rows: a view into the file's column, built on demand."""

    __slots__ = ("_lines", "_start", "_stop")

    def __init__(self, lines: pl.Series, start: int, stop: int) -> None:
        self._lines, self._start, self._stop = lines, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [int(line) for line in self._lines[self._start : self._stop][index]]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return int(self._lines[self._start + index % len(self)])


def _clean(names: list[str], limits: Limits) -> dict[str, pl.Expr]:
    """Per-row facts about a slice of the file: the clean test and the bookkeeping.

    Short columns are stripped as the row-by-row reader strips them (spreadsheets pad codes).
    Long free text is never copied: it is tested where it lies (not empty, no contact details).
    The compiled pass (``_rules``) makes the same tests where it is built.
    """
    import polars as pl

    raw = {name: pl.col(name) for name in names}
    text = {name: _python_strip(raw[name]) for name in names if name in _STRIPPED}

    def code(name: str) -> pl.Expr:
        found = text[name].is_in(_spellings(name))
        top = _NUMBERED.get(name)
        return found if top is None else found | text[name].str.contains(rf"^[1-{top}](\.0+)?$")

    def optional(name: str, test: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
        return (text[name] == "") | test(text[name]) if name in text else pl.lit(True)

    def written(name: str) -> pl.Expr:
        # Not empty once stripped: something that is not whitespace to Python.
        return raw[name].str.contains(r"[^\s\x1c-\x1f]")

    tests = [
        text["entity_id"].str.contains(f"^{_ID}$"),
        text["entity_name"] != "",
        code("entity_type"),
        code("region"),
        # Four bytes that parse as a year in range can only be four ASCII digits.
        (text["year"].str.len_bytes() == 4)
        & text["year"].cast(pl.Int32, strict=False).is_between(MIN_YEAR, MAX_YEAR),
        text["outcome_id"].str.contains(f"^{_ID}$"),
        code("impact_type"),
        code("strategic_goal"),
        code("expectation"),
        code("target"),
        optional("country", lambda _: code("country")),
        # A real day in the row's year: a row whose year differs from its entity's first row is
        # not clean anyway.
        optional(
            "date",
            lambda date: (
                date.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
                & date.str.to_date("%Y-%m-%d", strict=False).is_not_null()
                & date.str.starts_with(text["year"])
            ),
        ),
        optional("related_outcomes", lambda links: links.str.contains(f"^{_ID}(;{_ID})*$")),
    ]
    tests.extend(written(name) for name in _WRITTEN_TEXT)
    tests.append(~raw["title"].str.contains(EXAMPLE_TITLE, literal=True))
    # No '@' and nothing like a phone number (e-mail addresses need an '@').
    tests.extend(~raw[name].str.contains(_CONTACT_SUPERSET) for name in FREE_TEXT_FIELDS if name in raw)
    sizes = [raw[name].str.len_bytes() for name in names]
    return {
        "cell_bytes": pl.sum_horizontal(size.cast(pl.Int64) for size in sizes),
        # Bytes, not characters: a superset of the values the length limit stops.
        "too_long": pl.max_horizontal(sizes) >= limits.value_length,
        # A test that cannot tell (a null, from a cast that failed) does not vouch for the row.
        "clean": pl.all_horizontal(tests).fill_null(False),
        **_keys(text),
    }


def _keys(text: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    """The stripped cells kept of each row, and its entity's and outcome's keys: ASCII ids
    casefolded (polars' to_lowercase()); a row with another id is not clean, and the keys of
    rows that are not clean are the csv module's (_patched). The compiled pass makes the keys
    itself (_Rule.LOWER)."""
    return {
        **{key: text[name].str.to_lowercase() for name, key in _KEYS.items()},
        **{name: expression for name, expression in text.items() if name in _KEPT},
    }


_KEYS = {"entity_id": "key", "outcome_id": "outcome_key"}  # ids compared without case, and their keys


_ENTITY_FACTS = [*ENTITY_COLUMNS.values(), "year"]  # the entity details every row repeats
_KEPT = frozenset([*_ENTITY_FACTS, "outcome_id", "related_outcomes"])
_STRIPPED = _KEPT | {"impact_type", "strategic_goal", "expectation", "target", "country", "date"}
_WRITTEN_TEXT = ("title", "description")  # required free text: must not be blank
# Each coded column's list, as the models declare them (CODED_FIELDS).
_CODES: dict[str, type[CodeList]] = {
    (ENTITY_COLUMNS if model is Entity else OUTCOME_COLUMNS)[name]: codes
    for model in (Entity, Outcome)
    for name, codes in CODED_FIELDS[model].items()
}
_NUMBERED = {"impact_type": len(ImpactType), "strategic_goal": len(StrategicGoal)}  # 1 to n, 2.0 ...


@cache
def _spellings(name: str) -> tuple[str, ...]:
    """The spellings of column ``name``'s codes that a clean row may have, sorted."""
    if name == "country":
        countries = known_country_codes()
        return tuple(sorted({*countries, *map(str.lower, countries)}))
    # The spellings people use (met, Met, MET); other mixes of case are valid too, but rare
    # enough to leave to the models.
    codes: list[str] = [code.value for code in _CODES[name]] if name in _CODES else []
    return tuple(sorted({variant for code in codes for variant in (code, code.capitalize(), code.upper())}))


class _Rule(IntFlag):
    """What a column's rule asks of its cells in the compiled pass (the flags of _rowscan.c)."""

    KEEP = 1 << 0  # copy the stripped cell out, for polars
    WRITTEN = 1 << 1  # a character that is not whitespace
    CONTACT = 1 << 2  # no '@', nothing like a phone number (_CONTACT_SUPERSET)
    EXAMPLE = 1 << 3  # not containing the template's example title
    FILLED = 1 << 4  # not empty once stripped
    OPTIONAL = 1 << 5  # empty once stripped, or passing the tests below
    CODE = 1 << 6  # one of _spellings(), or a number 1 to _NUMBERED (2, 2.0 ...)
    ID = 1 << 7  # an identifier (_identifier_bytes, MAX_ID_LENGTH)
    IDS = 1 << 8  # identifiers separated by ';'
    YEAR = 1 << 9  # four digits, MIN_YEAR to MAX_YEAR
    DATE = 1 << 10  # YYYY-MM-DD, a real day, starting with the row's year
    REPEAT = 1 << 11  # copied out only when it differs from the row before (an entity's details)
    LOWER = 1 << 12  # copied out a second time, ASCII letters lowercased: its key (_KEYS)


_RULES = {  # the tests of _clean, column by column
    "entity_id": _Rule.ID,
    "entity_name": _Rule.FILLED,
    "entity_type": _Rule.CODE,
    "region": _Rule.CODE,
    "year": _Rule.YEAR,
    "outcome_id": _Rule.ID,
    "impact_type": _Rule.CODE,
    "strategic_goal": _Rule.CODE,
    "expectation": _Rule.CODE,
    "target": _Rule.CODE,
    "country": _Rule.OPTIONAL | _Rule.CODE,
    "date": _Rule.OPTIONAL | _Rule.DATE,
    "related_outcomes": _Rule.OPTIONAL | _Rule.IDS,
    "title": _Rule.EXAMPLE,
}


@cache
def _character_classes() -> tuple[bytes, bytes]:
    """Python's whitespace and decimal digits, one bit per code point, for ``_cells``."""
    from impactagg.readers._rowscan import classes

    return classes()


@lru_cache(maxsize=64)  # asked for each slice of a file: built once per header
def _rules(names: tuple[str, ...]) -> tuple[tuple[int, tuple[bytes, ...], int], ...]:
    """Each column's rule for the compiled pass: its flags, its accepted spellings (sorted as
    bytes) and the highest number it may be written as (0: none)."""
    rules = []
    for name in names:
        flags = _RULES.get(name, _Rule(0))
        flags |= _Rule.KEEP if name in _KEPT else 0
        flags |= _Rule.REPEAT if name in _ENTITY_FACTS else 0
        flags |= _Rule.LOWER if name in _KEYS else 0
        flags |= _Rule.WRITTEN if name in _WRITTEN_TEXT else 0
        flags |= _Rule.CONTACT if name in FREE_TEXT_FIELDS else 0
        accepted = tuple(sorted(spelling.encode() for spelling in _spellings(name)))
        rules.append((int(flags), accepted, _NUMBERED.get(name, 0)))
    return tuple(rules)


@cache
def _identifier_bytes() -> tuple[bytes, bytes]:
    """Which bytes may begin an identifier, and which may follow: the models' own patterns,
    byte by byte (no byte beyond ASCII)."""
    import re

    def allowed(pattern: str) -> bytes:
        return bytes(code < 0x80 and re.fullmatch(pattern, chr(code)) is not None for code in range(256))

    return allowed(ID_FIRST), allowed(ID_REST)


def _group(frame: pl.DataFrame) -> pl.DataFrame:
    """Number the submissions (rows of one entity id) in reading order, and choose the rows the
    row-by-row reader needs: every suspect row, every row whose entity details differ from its
    submission's first row (the row-by-row reader compares each row with that one), and the
    first row of a submission with such rows (given from the columns when it is clean)."""
    import polars as pl

    key = frame["key"]
    first = key.ne_missing(key.shift(1))
    if key.filter(first).is_unique().all():
        # Each entity's rows are together, as exports write them. A row that is the same as the
        # row before (see _check) has its first row's details: only the submissions with another
        # row are compared, each row with its first row's details filled down, one column at a
        # time (every column at once would double the memory).
        submission = (first.cum_sum() - 1).cast(pl.Int64)
        differs = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
        changing = submission.filter(~(frame["same"] | first)).unique()
        if len(changing):
            involved = submission.is_in(changing.implode())
            part, starts = frame.filter(involved), first.filter(involved)
            found = pl.repeat(False, part.height, dtype=pl.Boolean, eager=True)
            for name in _ENTITY_FACTS:
                column = part[name]
                firsts = pl.select(pl.when(starts).then(column).forward_fill()).to_series()
                found = found | column.ne_missing(firsts)
            differs = differs.scatter(involved.arg_true(), found)
        frame = frame.with_columns(first=first, submission=submission, suspect=frame["suspect"] | differs)
    else:
        frame = frame.with_columns(
            submission=(pl.col("row").min().over("key").rank("dense") - 1).cast(pl.Int64)
        )
        mismatch = pl.any_horizontal(
            pl.col(name) != pl.col(name).first().over("submission") for name in _ENTITY_FACTS
        )
        frame = frame.with_columns(
            suspect=pl.col("suspect") | mismatch,
            first=pl.col("row") == pl.col("row").min().over("submission"),
        )
    with_suspects = frame["submission"].filter(frame["suspect"]).unique()
    return frame.with_columns(
        reread=pl.col("suspect") | (pl.col("first") & pl.col("submission").is_in(with_suspects.implode()))
    )


@dataclass(slots=True)
class ColumnarTable:
    """A large CSV file read by columns: its submissions, and the columns the checks need.

    It is the source of its deferred submissions (:class:`impactagg.checks.DeferredSource`).
    """

    path: str
    names: list[str]
    frame: pl.DataFrame  # one row per outcome, by submission then line: row, index, ids, year
    firsts: pl.DataFrame  # one row per submission: its first row's entity details and line
    offsets: pl.Series  # where each submission's rows start in ``frame`` (and the end)
    reread: dict[int, dict[str, object]]  # row -> outcome, for the rows the csv module re-read
    partial: dict[int, dict[str, Any]]  # submission -> its data as re-read (outcomes: only those)
    sha256: str | None
    problems: list[Problem]  # problems of the whole file
    submissions: Sequence[CheckedSubmission] = field(default_factory=list)
    years: pl.Series | None = None  # each submission's year (None where it has none)
    alone: _Alone | None = None  # what cross_refs finds in ``frame`` when it is the only source
    _rows: list[tuple[Any, ...]] | None = None
    _details: pl.DataFrame | None = None  # the columns of ``firsts`` that _data_of gives
    _asked: int = 0  # submissions whose details were asked for one by one
    _lines: pl.Series | None = None
    _columns: dict[str, int] = field(default_factory=dict)  # header -> position, for locators

    def raw_of(self, number: int) -> RawSubmission:
        if self._lines is None:
            self._lines = self.frame["first_line"]
            self._columns = {column: position for position, column in enumerate(self.names, start=1)}
        data, line = self._data_of(number)
        lines = LineSlice(self._lines, int(self.offsets[number]), int(self.offsets[number + 1]))
        return RawSubmission(data, TableLocator(self._columns, line, outcome_lines=lines), line)

    def _data_of(self, number: int) -> tuple[dict[str, Any], int]:
        """Submission ``number``'s entity and year as the row-by-row reader gives them (from the
        csv module where its rows were read again), and the line of its first row."""
        if self._details is None:
            self._details = self.firsts.select(*_ENTITY_FACTS, "first_line")
        if self._rows is None and self._asked < _ONE_BY_ONE:
            # A few submissions (those named in problems across files): one row each, rather
            # than every submission's details as Python values (0.1 s for a million rows).
            self._asked += 1
            *details, line = self._details.row(number)
        else:
            if self._rows is None:
                self._rows = self._details.rows()
            *details, line = self._rows[number]
        data = self.partial.get(number)
        if data is not None:  # its entity and year as the csv module read them
            data = {name: value for name, value in data.items() if name != "outcomes"}
        else:
            *entity, year = details
            data = {
                "schema_version": str(SCHEMA_VERSION),
                "entity": dict(zip(ENTITY_COLUMNS, entity, strict=True)),
                "year": year,
            }
        return data, line

    def load(self, checked: CheckedSubmission) -> None:
        """Build the outcomes and models of every pending submission of ``checked``'s year.

        Their rows are read again, and only they: the first pass kept no free text, so that a
        million rows fit in memory.
        """
        with self._reading(), collector_paused():
            self._load(checked.year, checked)

    def load_many(self, numbers: Sequence[int]) -> None:
        """Build the outcomes and models of the pending submissions among ``numbers``, and only
        theirs (their rows read again once)."""
        submissions = self.submissions
        with self._reading(), collector_paused():
            self._build([number for number in numbers if submissions[number].pending])

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Reading the file again: if it is gone or has changed, say so."""
        import polars as pl
        from pydantic import ValidationError

        try:
            yield
        except (OSError, ValueError, ValidationError, pl.exceptions.PolarsError) as error:
            raise SourceChangedError(
                f"{self.path} is gone or has changed since it was checked ({type(error).__name__}); "
                "run impactagg again."
            ) from error

    def _outcomes(
        self, numbers: Sequence[int], fields: Sequence[str] | None = None, split: bool = True
    ) -> pl.DataFrame:
        """The raw outcomes of submissions ``numbers`` (only ``fields`` of them, if given), read
        again from the file, in file order, with their row and submission numbers; with
        ``split`` False, a list is left as its cell (stripped) for the caller to split."""
        import polars as pl

        rows = self.frame.filter(pl.col("submission").is_in(numbers)).sort("row")
        wanted = [
            field
            for field in _raw_outcome(self.names, split)
            if fields is None or field.meta.output_name() in fields
        ]
        cells = (
            _scan_csv(self._bytes_of(rows), self.names)
            .select(_python_strip(pl.col("outcome_id")).alias("_check"), *wanted)
            .collect()
        )
        if not cells["_check"].equals(rows["outcome_id"], check_names=False):
            raise ValueError("the outcome ids are not those read before")
        return cells.drop("_check").with_columns(row=rows["row"], submission=rows["submission"])

    def _load(self, year: int | None, checked: CheckedSubmission) -> None:
        self._build(
            [
                number
                for number, other in enumerate(self.submissions)
                if other.year == year and (other is checked or other.pending)
            ]
        )

    def _build(self, wanted: list[int]) -> None:
        if not wanted:
            return
        cells = self._outcomes(wanted)
        outcomes: dict[int, list[dict[str, object]]] = {number: [] for number in wanted}
        built = cells.drop("row", "submission").rows(named=True)
        for row, number, outcome in zip(
            cells["row"].to_list(), cells["submission"].to_list(), built, strict=True
        ):
            outcomes[number].append(self.reread.get(row, outcome))
        for number in wanted:
            other = self.submissions[number]
            data = {**other.raw.data, "outcomes": outcomes[number]}
            other.resolve(outcomes[number], Submission.model_validate(data) if other.accepted else None)

    def counts(self, numbers: Sequence[int]) -> dict[int, tuple[Reporter, list[Counted]]]:
        """What the figures count of accepted submissions ``numbers``, without their models.

        Each value is read by the model's own validator of its field (a code once per spelling),
        so the figures are those the models would give; only the columns they count are read
        again.
        """
        import polars as pl

        from impactagg.aggregate import Counted, Reporter

        with self._reading():
            cells = self._outcomes(numbers, _COUNTED, split=False)
            # Each submission's entity as its first row gives it (as the csv module read it,
            # where its rows were read again), read by the model's validators.
            entity = _Parsers(Entity)
            given = {
                name: self.firsts[ENTITY_COLUMNS[name]].gather(list(numbers)).to_list()
                for name in ("id", "type", "region")
            }
            for position, number in enumerate(numbers):
                if number in self.partial:
                    for name, column in given.items():
                        column[position] = self.partial[number]["entity"][name]
                    # Clean ids (ASCII letters, digits and '._-', stripped) are what the model
                    # makes of them: only those read again need its validator.
                    given["id"][position] = entity.parse("id", given["id"][position])
            years: list[int] = []
            for number in numbers:
                year = self.submissions[number].year
                assert year is not None  # accepted
                years.append(year)
            reporters = dict(
                zip(
                    numbers,
                    map(
                        Reporter,
                        given["id"],
                        entity.parse_all("type", given["type"]),
                        entity.parse_all("region", given["region"]),
                        years,
                    ),
                    strict=True,
                )
            )
            outcome = _Parsers(Outcome)
            columns = {
                name: cells[name].to_list() if name in cells.columns else [None] * cells.height
                for name in _COUNTED
            }
            # Each distinct cell once through the model (a list split as the row-by-row reader
            # splits it), then what the figures keep of it: a list's items, or whether it has any.
            kept: dict[str, Callable[[Any], Any]] = {"corroborated_by": bool, "related_outcomes": tuple}

            def value_of(name: str, raw: Any) -> Any:
                parsed = outcome.parse(name, raw)
                return kept[name](parsed) if name in kept else parsed

            values: dict[str, list[Any]] = {}
            for name in _COUNTED[1:]:
                found = dict.fromkeys(columns[name])
                for key in found:
                    split = name in LIST_FIELDS and key is not None
                    found[key] = value_of(name, key.split(LIST_SEPARATOR) if split else key)
                values[name] = list(map(found.__getitem__, columns[name]))
            # A row read again is a raw outcome as the row-by-row reader builds it: its empty
            # values are left out as the model leaves them out. Clean rows have none, and their
            # ids (ASCII letters, digits and '._-', stripped) are what the model makes of them.
            for position, fields in self._reread_fields(cells, _COUNTED):
                columns["id"][position] = outcome.parse("id", fields.get("id"))
                for name in _COUNTED[1:]:
                    values[name][position] = value_of(name, fields.get(name))
            owners = cells["submission"].to_list()
            items = list(
                map(
                    Counted,
                    [reporters[number] for number in owners],
                    columns["id"],
                    values["impact_type"],
                    values["strategic_goal"],
                    values["expectation"],
                    values["target"],
                    values["corroborated_by"],
                    values["related_outcomes"],
                )
            )
            counted: dict[int, list[Counted]] = {number: [] for number in numbers}
            if cells["submission"].is_sorted():  # each submission's rows together, as exports write them
                runs = cells.select(pl.col("submission").rle()).unnest("submission")
                start = 0
                for length, number in runs.iter_rows():
                    counted[number] = items[start : start + length]
                    start += length
            else:
                for number, item in zip(owners, items, strict=True):
                    counted[number].append(item)
            return {number: (reporters[number], counted[number]) for number in numbers}

    def details(self, numbers: Sequence[int], names: Sequence[str]) -> dict[int, list[dict[str, Any]]]:
        """Outcome fields ``names`` (not lists) of accepted submissions ``numbers``, without their
        models: for each submission, its outcomes' values in file order (that of :meth:`counts`),
        as the model reads them. Each distinct value is read once by the model's validator of its
        field, an empty one is the field's default; only those columns are read again."""
        assert not set(names) & LIST_FIELDS
        with self._reading():
            cells = self._outcomes(numbers, names)
            outcome = _Parsers(Outcome)
            columns = {
                # Stripped as the row-by-row reader strips: empty is what the model leaves out.
                name: outcome.parse_all(name, [value or None for value in cells[name].to_list()])
                if name in cells.columns
                else [None] * cells.height  # as in counts: no column, no value (never a required one)
                for name in names
            }
            for position, fields in self._reread_fields(cells, names):
                for name in names:
                    columns[name][position] = outcome.parse(name, fields.get(name))
            found: dict[int, list[dict[str, Any]]] = {number: [] for number in numbers}
            for number, *values in zip(cells["submission"].to_list(), *columns.values(), strict=True):
                found[number].append(dict(zip(names, values, strict=True)))
            return found

    def _reread_fields(
        self, cells: pl.DataFrame, names: Sequence[str]
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """For each of ``cells``' rows that was read again (its position), its values of fields
        ``names`` that the model sees: the raw outcome as the row-by-row reader built it, where
        the columns may read a row otherwise (an escaped quote, a missing delimiter)."""
        rows = cells["row"].to_list()
        for position in cells["row"].is_in(list(self.reread)).arg_true().to_list():
            yield position, drop_empty({name: self.reread[rows[position]].get(name) for name in names})

    def _bytes_of(self, rows: pl.DataFrame) -> bytes:
        """The bytes of ``rows`` (in file order), read in runs of neighbouring rows."""
        starts, stops = rows["start"], rows["stop"]
        # A run begins where a row does not begin where the one before it ended.
        begins = starts.ne(stops.shift(1)).fill_null(value=True)
        ends = begins.shift(-1).fill_null(value=True)
        runs = zip(starts.filter(begins).to_list(), stops.filter(ends).to_list(), strict=True)
        with Path(self.path).open("rb", buffering=0) as handle:
            return b"".join(_read_at(handle, start, stop) for start, stop in runs)


_ONE_BY_ONE = 2000  # submissions' details read one by one before all are read at once


def _read_at(handle: BinaryIO, start: int, stop: int) -> bytes:
    """The bytes from ``start`` to ``stop`` of an unbuffered file."""
    handle.seek(start)
    return handle.read(stop - start)


_COUNTED = (
    "id",
    "impact_type",
    "strategic_goal",
    "expectation",
    "target",
    "corroborated_by",
    "related_outcomes",
)
_UNSEEN = object()


class _Parsers:
    """A model's validators of its fields, each distinct value read once (they are pure)."""

    def __init__(self, model: type[BaseModel]) -> None:
        self._model = model
        self._parsers: dict[str, Callable[[Any], Any]] = {}
        self._seen: dict[tuple[str, object], Any] = {}

    def parse_all(self, name: str, values: list[Any]) -> list[Any]:
        """What the model makes of each of ``values`` (not lists) for field ``name``."""
        # A column has few distinct values: one parse per value, and per row only a lookup
        # (dict.fromkeys finds the distinct values without a Python step per row).
        found = dict.fromkeys(values)
        for key in found:
            found[key] = self.parse(name, key)
        return list(map(found.__getitem__, values))

    def parse(self, name: str, value: Any) -> Any:
        """What the model makes of ``value`` for field ``name``; its default for no value."""
        key = (name, tuple(value) if isinstance(value, list) else value)
        found = self._seen.get(key, _UNSEEN)
        if found is _UNSEEN:
            if value is None:  # looked up once: pydantic inspects a default factory each time
                found = self._model.model_fields[name].get_default(call_default_factory=True)
            else:
                if name not in self._parsers:
                    self._parsers[name] = field_parser(self._model, name)
                found = self._parsers[name](value)
            self._seen[key] = found
        return found


def _raw_outcome(names: list[str], split: bool = True) -> list[pl.Expr]:
    """The raw outcome of a row, as the row-by-row reader builds it (TableBuilder.add_row):
    every cell stripped, a list cell split at ';' (unless not ``split``), an empty one None."""
    import polars as pl

    fields = []
    for name, column in OUTCOME_COLUMNS.items():
        if column in names:
            value = _python_strip(pl.col(column))
            if name in LIST_FIELDS:
                value = (
                    pl.when(value == "")
                    .then(None)
                    .otherwise(value.str.split(LIST_SEPARATOR) if split else value)
                )
            fields.append(value.alias(name))
    return fields


def _scan_csv(source: bytes, names: list[str]) -> pl.LazyFrame:
    """Rows of a table without its header, every cell as text as written: a row with too many
    cells is cut, one with too few padded (the count of its bytes sees both)."""
    import polars as pl

    return pl.scan_csv(
        source,
        has_header=False,
        schema=dict.fromkeys(names, pl.String),
        missing_columns="insert",
        extra_columns="ignore",
        empty_string_is_null=False,
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )


def read_columnar(
    path: str,
    limits: Limits,
    fingerprint: bool = True,
    progress: Callable[[int, int], None] | None = None,
    alone: bool = True,
) -> ColumnarTable | None:
    """Read and check a CSV file by columns; None when only the row-by-row reader can read it.

    ``fingerprint`` False leaves out the file's SHA-256 (provenance for figures), which a
    validation alone does not need. ``progress``, when given, is called as
    ``progress(bytes read, bytes in the file)`` after each slice. ``alone``: whether the table
    may be the only source of outcomes in the checks across files (what they look for in it is
    then found while it is read; with other files they compare all together).
    """
    import polars as pl

    try:
        with field_limit(limits.value_length):  # for the rows the csv module reads
            read = _read_rows(path, limits, fingerprint, progress)
            return _check(path, read, limits, alone) if read is not None else None
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException, UnicodeDecodeError):
        return None  # malformed quoting, invalid UTF-8 ...: the row-by-row reader says what


# The failing cells of a row the compiled pass did not split: every bit (and so unknown).
_UNSPLIT = (1 << 64) - 1


@dataclass(slots=True)
class _Read:
    """What one pass over a file found (_read_rows)."""

    cells: list[str]  # the header row as written
    names: list[str]  # its column names
    frame: pl.DataFrame  # the facts about each row (_facts)
    parsed: dict[int, list[str]]  # the rows that are not clean, as the csv module reads them
    failing: dict[int, int]  # their cells that failed a test (_compiled; _UNSPLIT: unknown)
    sha256: str | None


@dataclass(slots=True)
class _Rows:
    """Where the rows of one stretch of the file are, found from its bytes alone: columns of
    native int64 as bytes (what the row scanner gives: numpy need not be loaded)."""

    base: int  # file offset of the stretch, which the offsets below are within
    starts: bytes  # byte offset of each row
    stops: bytes  # byte offset just past each row, its line break included
    lines: bytes  # physical lines of each row
    quotes: bytes  # '"' characters in each row
    breaks: bytes  # bytes of each row's line break: 2 (CRLF), 1 (LF) or 0 (end of file)
    plain: bytes  # a byte per row: 1 where its quotes only enclose whole cells (see _plain_quotes)

    def __len__(self) -> int:
        return len(self.plain)

    def line_count(self) -> int:
        return sum(memoryview(self.lines).cast("q"))


class _Scratch:
    """Two boolean buffers reused from slice to slice: a fresh array per step costs more in
    page faults than the step itself."""

    def __init__(self) -> None:
        self._buffers: tuple[np.ndarray, np.ndarray] | None = None

    def get(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        if self._buffers is None or len(self._buffers[0]) < size:
            self._buffers = (np.empty(size, np.bool_), np.empty(size, np.bool_))
        return self._buffers[0][:size], self._buffers[1][:size]


def _split_rows(data: bytes, base: int, final: bool, scratch: _Scratch) -> tuple[_Rows, int] | None:
    """The complete rows at the start of ``data`` (file offset ``base``), and their length.

    A line break ends a row when an even number of quotes comes before it: inside a quoted
    cell the count is odd (each '""' escape adds two). None for a NUL byte or a carriage
    return that does not end a line: the row-by-row reader reports or reads those.

    The compiled scanner (``_rowscan.c``, one pass, 16 bytes at a time) gives the same answer
    as ``_split_rows_numpy`` several times faster; the numpy one serves where it is not built.
    """
    if _scan_rows is None:
        return _split_rows_numpy(data, base, final, scratch)
    found = _scan_rows(data, final)
    if found is None:
        return None
    starts, stops, lines, quotes, breaks, plain, used = found
    return _Rows(base, starts, stops, lines, quotes, breaks, plain), used


def _split_rows_numpy(data: bytes, base: int, final: bool, scratch: _Scratch) -> tuple[_Rows, int] | None:
    """``_split_rows`` with numpy: the same rows, found by whole-array steps."""
    import numpy as np

    if b"\x00" in data:
        return None
    codes = np.frombuffer(data, np.uint8)
    found, other = scratch.get(len(codes))
    np.equal(codes, 10, out=found)
    np.equal(codes, 34, out=other)
    marks = np.flatnonzero(np.logical_or(found, other, out=found))  # line breaks and quotes
    is_newline = codes[marks] == 10
    newlines = marks[is_newline]
    quotes_before = np.cumsum(~is_newline)[is_newline]
    quote_count = len(marks) - len(newlines)
    after_return = codes[newlines[newlines > 0] - 1] == 13
    if b"\r" in data:
        returns = np.count_nonzero(np.equal(codes, 13, out=other)) - (not final and data.endswith(b"\r"))
        if returns != np.count_nonzero(after_return):
            return None  # a lone CR: old Mac line ends, or one inside a cell
    ends = np.flatnonzero(quotes_before % 2 == 0)  # indices into newlines of the row ends
    stops = newlines[ends] + 1
    line_counts = np.diff(np.concatenate([[-1], ends]))
    quote_totals = quotes_before[ends]
    used = int(stops[-1]) if len(stops) else 0
    if final and used < len(data):
        if quote_count % 2:
            return None  # a quote never closed: the csv module says where
        stops = np.append(stops, len(data))
        line_counts = np.append(line_counts, len(newlines) - (ends[-1] + 1 if len(ends) else 0) + 1)
        quote_totals = np.append(quote_totals, quote_count)
        used = len(data)
    starts = np.concatenate([[0], stops[:-1]]).astype(np.int64) if len(stops) else stops
    quote_counts = np.diff(np.concatenate([[0], quote_totals]))
    ends_line = stops <= (newlines[-1] + 1 if len(newlines) else 0)
    crlf = ends_line & (stops >= 2) & (codes[np.maximum(stops - 2, 0)] == 13)
    breaks = ends_line.astype(np.int64) + crlf.astype(np.int64)
    plain = _plain_quotes(codes, marks[~is_newline], stops)
    starts, stops, line_counts, quote_counts, breaks = (
        column.astype(np.int64) for column in (starts, stops, line_counts, quote_counts, breaks)
    )
    rows = _Rows(
        base,
        starts.tobytes(),
        stops.tobytes(),
        line_counts.tobytes(),
        quote_counts.tobytes(),
        breaks.tobytes(),
        plain.tobytes(),
    )
    return rows, used


def _plain_quotes(codes: np.ndarray, quotes: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """For each row ending at ``stops``, whether its quotes only enclose whole cells.

    Rows start at an even count of quotes, so a quote's place in ``quotes`` says its part: the
    even ones must open a cell (after a delimiter or a line break), the odd ones close it (before
    a delimiter or a line break), and no two may touch (an escaped '""'). Anything else (a
    quote inside an unquoted cell, text after a closing quote) is read differently by polars and
    by the csv module, and polars may even drop characters that the byte count would then miss:
    such rows are read again by the csv module.
    """
    import numpy as np

    plain = np.ones(len(stops), bool)
    if not len(quotes):
        return plain
    size = len(codes)
    before = np.where(quotes > 0, codes[np.maximum(quotes - 1, 0)], 10)
    after = np.where(quotes + 1 < size, codes[np.minimum(quotes + 1, size - 1)], 10)
    opens = (before == 44) | (before == 10)
    closes = (after == 44) | (after == 10) | (after == 13)
    odd = np.where(np.arange(len(quotes)) % 2 == 0, ~opens, ~closes)
    touching = np.diff(quotes) == 1
    odd[:-1] |= touching
    odd[1:] |= touching
    rows = np.searchsorted(stops, quotes[odd], side="right")
    plain[rows[rows < len(stops)]] = False
    return plain


def _compiled(
    data: bytes, rows: _Rows, names: list[str], limits: Limits
) -> tuple[pl.DataFrame, bytes, bytes] | None:
    """The compiled pass (``_rowscan.cells``) over ``rows`` of ``data``:
    their kept cells, stripped, as written between their quotes (null where a row repeats the
    entity details of the row before; empty in a row it does not split); for each row, the
    columns whose cells fail their tests (a native uint64, bit n for column n; every bit where
    the row is not split: a clean row has none); and a byte per row: whether it repeats those
    details. None where only the row-by-row reader can say what is wrong (not UTF-8, a value
    beyond the length limit)."""
    import polars as pl

    assert _cells is not None
    rules = _rules(tuple(names))
    found = _cells(
        data,  # read up to the end of the last row: the rest need not be cut off (a copy)
        rows.starts,
        rows.stops,
        rows.breaks,
        rows.plain,
        rules,
        *_character_classes(),
        *_identifier_bytes(),
        MAX_ID_LENGTH,
        MIN_YEAR,
        MAX_YEAR,
        names.index("year"),
        EXAMPLE_TITLE.encode(),
        limits.value_length,
    )
    if found is None or found[3]:
        return None
    columns, failed, repeats, _ = found
    kept = [
        kept_name
        for name, (flags, _, _) in zip(names, rules, strict=True)
        if flags & _Rule.KEEP
        for kept_name in ([name, _KEYS[name]] if flags & _Rule.LOWER else [name])
    ]
    cells = pl.DataFrame(
        [pl.Series(_ArrowColumn(column)).alias(name) for name, column in zip(kept, columns, strict=True)]
    )
    return cells, failed, repeats


def _facts(
    data: bytes, used: int, names: list[str], limits: Limits, rows: _Rows, row: int, line: int
) -> pl.DataFrame | None:
    """Facts about the rows in the first ``used`` bytes of ``data`` (at file offset ``rows.base``),
    beside their places; None when only the row-by-row reader can read them (text that is not
    UTF-8, a value beyond the length limit, rows polars splits differently).

    The compiled pass (``_rowscan.cells``) splits each row into cells (when its quotes only
    enclose whole cells: otherwise it is read again), makes the tests of ``_clean`` on them
    where they lie, and gives polars only the stripped cells that are kept. Without it, polars
    reads and tests every cell, and every byte of a row must be accounted for by its cells, its
    delimiters, its quotes and its line break: a short or long row (a missing or extra
    delimiter) does not add up. Such rows, and rows whose quotes do more than enclose whole
    cells (_plain_quotes), are read again.
    """
    import polars as pl

    unread: pl.Series | None = None  # rows that must be read again although clean
    if _cells is not None:
        compiled = _compiled(data, rows, names, limits)
        if compiled is None:
            return None  # not UTF-8, or a value beyond the limit that stops the row reader
        cells, failed, repeats = compiled
        failing = _numbers_of(failed, "L")
        # A row that repeats the entity details of the row before was given without them (null):
        # they are that row's (filled down, the entity's key too). The compiled pass has tested
        # every cell, split the rows itself and made the keys (the ids it keeps, lowercased).
        facts = cells.with_row_index("row", offset=row).select(
            "row",
            clean=failing == 0,
            failed=failing,
            same=_numbers_of(repeats, "C") != 0,
            **{
                name: pl.col(name).forward_fill() if name in _ENTITY_FACTS or name == "key" else pl.col(name)
                for name in cells.columns
            },
        )
    else:
        import numpy as np

        facts = (
            _scan_csv(data if used == len(data) else data[:used], names)
            .with_row_index("row", offset=row)
            .select("row", same=pl.lit(False), failed=pl.lit(_UNSPLIT, pl.UInt64), **_clean(names, limits))
            .collect()
        )
        if facts.height != len(rows) or facts["too_long"].any():
            return None  # split differently, or a value beyond the limit that stops the row reader
        starts, stops, quotes, breaks = (
            np.frombuffer(column, np.int64) for column in (rows.starts, rows.stops, rows.quotes, rows.breaks)
        )
        written = facts["cell_bytes"].to_numpy() + (len(names) - 1) + quotes + breaks
        unread = pl.Series((stops - starts != written) | ~np.frombuffer(rows.plain, np.bool_))
    lines = _numbers_of(rows.lines, "l")
    return facts.select(
        "row",
        *(name for name in facts.columns if name in _KEPT),
        first_line=lines.cum_sum() - lines + line,  # after the lines of the rows before
        start=_numbers_of(rows.starts, "l") + rows.base,
        stop=_numbers_of(rows.stops, "l") + rows.base,
        lines=lines,
        suspect=~pl.col("clean") if unread is None else ~pl.col("clean") | unread,
        failed="failed",
        same="same",
        key="key",
        outcome_key="outcome_key",
    )


def _numbers_of(data: bytes, kind: str) -> pl.Series:
    """A column of native numbers of Arrow format ``kind`` ("l" int64, "L" uint64, "C" uint8)
    as polars gets it from the compiled module, or else from numpy."""
    import polars as pl

    if _numbers is not None:
        return pl.Series(_ArrowColumn(_numbers(data, kind)))
    import numpy as np

    return pl.Series(np.frombuffer(data, {"l": np.int64, "L": np.uint64, "C": np.uint8}[kind]))


class _ArrowColumn:
    """A column the compiled pass made, for polars to take over (the Arrow PyCapsule interface:
    ``pl.Series`` of an object with ``__arrow_c_array__``); once only."""

    __slots__ = ("_capsules",)

    def __init__(self, capsules: tuple[object, object]) -> None:
        self._capsules = capsules

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self._capsules


def _slice(
    data: bytes, used: int, names: list[str], limits: Limits, rows: _Rows, row: int, line: int
) -> tuple[pl.DataFrame, dict[int, list[str]], dict[int, int]] | None:
    """The facts about a slice's rows (``_facts``); its rows that are not clean as the csv
    module reads them, by row number, their ids and entity details patched into the facts; and
    which of their cells failed the compiled pass's tests (``_compiled``).

    Done while the slice is at hand, on a worker: the rows need not be read from the file again,
    and their Python work overlaps the compiled and polars work on other slices.
    """
    import polars as pl

    facts = _facts(data, used, names, limits, rows, row, line)
    if facts is None:
        return None
    suspect = facts.filter(pl.col("suspect")).select("row", "start", "stop", "lines", "failed")
    facts = facts.drop("failed")
    parsed: dict[int, list[str]] = {}
    failing: dict[int, int] = {}
    for number, start, stop, count, failed in suspect.iter_rows():
        values = _parse_row(data[start - rows.base : stop - rows.base], count)
        if values is None:
            return None
        parsed[number] = values
        failing[number] = failed
    return (_patched(facts, parsed, names, row) if parsed else facts), parsed, failing


def _read_rows(
    path: str, limits: Limits, fingerprint: bool, progress: Callable[[int, int], None] | None = None
) -> _Read | None:
    """One pass over the file: its fingerprint, its rows' places, the facts about each, and the
    rows that are not clean as the csv module reads them.

    The file is read in slices cut at row ends, so that memory holds a few slices of text
    (and the short columns kept), never the whole file. While two workers test slices (the
    compiled pass and polars release the GIL), this thread finds the rows of the next, and
    another hashes it.
    """
    import polars as pl

    digest = hashlib.sha256() if fingerprint else None
    frames: list[Future[tuple[pl.DataFrame, dict[int, list[str]], dict[int, int]] | None]] = []
    header: tuple[list[str], list[str]] | None = None
    base = 0  # file offset of ``data``
    pending = b""  # the start of a row longer than a slice, waiting for its end
    line = 1  # the line ``data`` starts on
    row = 0
    hashed: Future[None] | None = None
    scratch = _Scratch()
    size = Path(path).stat().st_size

    def fingerprint_of(part: memoryview) -> None:
        """Hash the next bytes of the file, on the pool (one part at a time, in order)."""
        nonlocal hashed
        if digest is not None:
            if hashed is not None:
                hashed.result()
            hashed = pool.submit(digest.update, part)

    with Path(path).open("rb") as handle, ThreadPoolExecutor(_IN_FLIGHT + 1) as pool:
        while True:
            chunk = handle.read(_CHUNK)
            final = not chunk
            data = pending + chunk if pending else chunk
            if header is None:
                end = data.find(b"\n")
                if end < 0 and not final:
                    pending = data
                    continue
                header = _header(data[: end + 1] if end >= 0 else data)
                if header is None:
                    return None
                skip = end + 1 if end >= 0 else len(data)
                fingerprint_of(memoryview(data)[:skip])
                data, base, line = data[skip:], skip, 2
            split = _split_rows(data, base, final, scratch)
            if split is None:
                return None
            rows, used = split
            if used:
                if len(frames) >= _IN_FLIGHT and frames[-_IN_FLIGHT].result() is None:
                    return None  # a bounded number of slices at work keeps memory flat
                fingerprint_of(memoryview(data)[:used])
                # The worker cuts the slice's text out of the chunk: this thread only reads and
                # finds rows.
                frames.append(pool.submit(_slice, data, used, header[1], limits, rows, row, line))
                row += len(rows)
                line += rows.line_count()
                base += used
                if progress is not None:
                    progress(base, size)
                # The next slice starts at this row end: the rest of the chunk is read again
                # with it, rather than copied into a new string.
                handle.seek(base)
            pending = b"" if used else data  # no row end yet: a row longer than a slice
            if final:
                break
        if hashed is not None:
            hashed.result()
        done = [frame.result() for frame in frames]
    slices = [found for found in done if found is not None]
    if header is None or not done or len(slices) < len(done):
        return None
    # Whole columns now, once: a step on columns in many pieces would copy them all again.
    frame = pl.concat([facts for facts, _, _ in slices]).rechunk()
    parsed = {number: values for _, found, _ in slices for number, values in found.items()}
    failing = {number: failed for _, _, found in slices for number, failed in found.items()}
    sha256 = digest.hexdigest() if digest is not None else None
    return _Read(header[0], header[1], frame, parsed, failing, sha256)


def _check(path: str, read: _Read, limits: Limits, alone: bool = True) -> ColumnarTable | None:
    """From the per-row facts (and the rows that are not clean, as the csv module read them)
    to the file's submissions, re-reading the rows that need words."""
    import polars as pl

    names, frame, parsed = read.names, read.frame, read.parsed

    # Blank rows and repeated header rows are no outcomes: the row-by-row reader skips them (and
    # counts repeated headers against the limit on rows).
    skipped = {row for row, values in parsed.items() if is_blank(values)}
    headers = {row for row, values in parsed.items() if repeats_header(values, names)}
    header_lines = dict(
        frame.filter(pl.col("row").is_in(sorted(headers))).select("row", "first_line").iter_rows()
    )
    if frame.height - len(skipped) > limits.outcomes:
        return None  # the row-by-row reader stops there, and says so
    # A row has the entity details of the row before only if the compiled pass found them the
    # same and neither was read again (the csv module's reading replaced their details); done
    # before rows are left out, so that a row after a blank or header row is not "the same".
    suspect = frame["suspect"]
    frame = frame.with_columns(same=frame["same"] & ~suspect & ~suspect.shift(1, fill_value=True))
    if skipped or headers:
        frame = frame.filter(~pl.col("row").is_in(sorted(skipped | headers)))
    if frame.is_empty():
        return None
    frame = _group(frame)
    # The table's layout, and what cross_refs finds in the table alone, are polars work on every
    # row; the checks of the rows read again are Python work on a few: the first is done on a
    # thread while the second holds the GIL (polars releases it). Leaving the block waits for the
    # thread, also when the file is left to the row-by-row reader.
    with ThreadPoolExecutor(1) as pool:
        layout = pool.submit(_layout, frame)
        found = pool.submit(_alone, layout) if alone else None
        checked = _check_rows(path, read, frame, headers, header_lines)
        table = None if checked is None else _table(path, read.sha256, names, layout.result(), *checked)
        if table is not None and found is not None and table.frame is found.result().frame:
            table.alone = found.result()
        return table


def _check_rows(
    path: str, read: _Read, frame: pl.DataFrame, headers: set[int], header_lines: dict[int, int]
) -> tuple[dict[str, CheckedSubmission], dict[int, dict[str, object]], list[Problem]] | None:
    """The submissions with rows read again (by key), checked; those rows' raw outcomes (by row);
    and the problems of the file itself. None where the csv module reads rows differently."""
    import polars as pl

    names, parsed = read.names, read.parsed
    rows = frame.filter(pl.col("reread") & pl.col("suspect"))
    # A clean first row of a submission with rows to read again gives the builder its entity's
    # details, which the columns hold as the csv module reads them: it need not be read again,
    # and its outcome is built from the columns with the others.
    clean_firsts = {
        row: (line, dict(zip(_ENTITY_FACTS, details, strict=True)))
        for row, line, *details in frame.filter(pl.col("reread") & ~pl.col("suspect"))
        .select("row", "first_line", *_ENTITY_FACTS)
        .iter_rows()
    }
    # Rows clean in the first pass, read again for their entity details: the columns hold them as
    # the compiled pass read them, which the csv module must confirm (the others' ids were
    # patched in from the csv module's reading already).
    unread = rows.filter(~pl.col("row").is_in(list(parsed)))
    more = _reread(path, unread)
    if more is None or not _agree(unread, more, names):
        return None
    parsed.update(more)
    builder = TableBuilder(ReadResult(path, "csv"))
    builder.add_header(read.cells, 1)
    reread: dict[int, dict[str, object]] = {}
    lines_of = dict(zip(rows["row"].to_list(), rows["first_line"].to_list(), strict=True))
    failing = _Failing(names)
    entity_at, year_at = _position(names, ENTITY_COLUMNS["id"]), _position(names, "year")
    # For each submission, the fields of each of its outcomes that the models must read, or
    # None where they must read it whole (check_fields, check_submission).
    fields_of: dict[str, list[frozenset[str]] | None] = {}
    for row in sorted(set(rows["row"].to_list()) | headers | set(clean_firsts)):
        if row in clean_firsts:
            line, details = clean_firsts[row]
            builder.open_entity(details, line)
            fields_of[details[ENTITY_COLUMNS["id"]].casefold()] = []  # a clean row's entity and year
            continue
        values = parsed[row]
        if row in headers:
            builder.add_row(values, header_lines[row])
            continue
        key = _cell(values, entity_at).casefold()
        opens = key not in builder.groups
        builder.add_row(values, lines_of[row])
        group = builder.groups[key]
        reread[row] = group.data["outcomes"][-1]
        # A row clean in the first pass is here for its entity details alone: no cell failed.
        failed = read.failing.get(row, 0)
        if opens:  # its entity and year are the submission's
            fields_of[key] = [] if not failed & failing.entity_bits else None
        known = fields_of[key]
        # Another year in a later row would change what its date's test meant: the models read it.
        if known is None or failed == _UNSPLIT or _cell(values, year_at) != group.data["year"]:
            fields_of[key] = None
        else:
            known.append(failing.fields(failed))
    seen: FieldErrors = {}  # what the validators said of each failing value
    checked_groups = {
        key: check_fields(path, raw, fields, seen)
        if (fields := fields_of[key]) is not None
        else check_submission(path, raw)
        for key, raw in builder.groups.items()
    }
    return checked_groups, reread, builder.result.problems


class _Failing:
    """The fields behind the bits of a row's failing cells (``_compiled``), for check_fields."""

    def __init__(self, names: list[str]) -> None:
        field_of = {column: name for name, column in OUTCOME_COLUMNS.items()}
        self._fields = {position: field_of[name] for position, name in enumerate(names) if name in field_of}
        self.entity_bits = sum(1 << position for position, name in enumerate(names) if name in _ENTITY_FACTS)
        self._seen: dict[int, frozenset[str]] = {}

    def fields(self, failed: int) -> frozenset[str]:
        """The outcome fields whose cells failed (bits of entity details are not the outcome's:
        the first row's details are the submission's, and the builder compares the others)."""
        found = self._seen.get(failed)
        if found is None:
            found = self._seen[failed] = frozenset(
                name for position, name in self._fields.items() if failed >> position & 1
            )
        return found


def _patched(frame: pl.DataFrame, parsed: dict[int, list[str]], names: list[str], first: int) -> pl.DataFrame:
    """``frame`` with the ids and entity details of rows ``parsed`` as the csv module read them.

    The columns vouch only for clean rows: another row may be read differently by them (an
    escaped quote, a missing delimiter) or not at all (the compiled pass leaves the kept cells
    of such rows empty), and a key is casefolded here for ids that are not ASCII.
    """
    import polars as pl

    rows = list(parsed)  # row ``first + n`` is the frame's n-th: none is left out yet
    patch = {}
    for name in frame.columns:
        if name in _KEPT:  # a column of the header
            position = names.index(name)
            patch[name] = [_cell(parsed[row], position) for row in rows]
    for name, key in _KEYS.items():
        patch[key] = [value.casefold() for value in patch[name]]
    positions = pl.Series(rows, dtype=pl.Int64) - first
    return frame.with_columns(
        frame[name].scatter(positions, pl.Series(values, dtype=pl.String)) for name, values in patch.items()
    )


def _cell(values: list[str], position: int | None) -> str:
    """A row's cell at ``position`` as the row-by-row reader sees it (stripped; empty beyond a
    short row, or for a column the header does not have: None)."""
    if position is None:
        return ""
    return values[position].strip() if position < len(values) else ""


def _position(names: list[str], column: str) -> int | None:
    """Where ``column`` is in the header, if it is there."""
    return names.index(column) if column in names else None


def _reread(path: str, rows: pl.DataFrame) -> dict[int, list[str]] | None:
    """Rows read again by the csv module from their own bytes in the file, by row number; None
    when one of them is not exactly one row to it (``_parse_row``)."""
    found: dict[int, list[str]] = {}
    if rows.is_empty():
        return found
    # Read, not mapped: rows scattered over a mapped file would bring all of it into memory.
    with Path(path).open("rb", buffering=0) as handle:
        for row, start, stop, count in rows.select("row", "start", "stop", "lines").iter_rows():
            values = _parse_row(_read_at(handle, start, stop), count)
            if values is None:
                return None
            found[row] = values
    return found


def _parse_row(data: bytes, count: int) -> list[str] | None:
    """The cells of one row of ``count`` lines, as the csv module reads them; None when it does
    not read exactly one row over those lines: then only the row-by-row reader can say what
    the file holds."""
    reader = csv.reader(split_lines(data.decode("utf-8")), delimiter=",", strict=True)
    try:
        parsed = list(reader)
    except csv.Error:
        return None
    if len(parsed) != 1 or reader.line_num != count:
        return None
    return parsed[0]


def _agree(rows: pl.DataFrame, parsed: dict[int, list[str]], names: list[str]) -> bool:
    """Whether the csv module read the ids that polars read, on which the columns rely."""
    import polars as pl

    related = "related_outcomes" in rows.columns
    entity_at, outcome_at = _position(names, "entity_id"), _position(names, "outcome_id")
    related_at = _position(names, "related_outcomes")
    for row, entity_id, outcome_id, links in rows.select(
        "row",
        "entity_id",
        "outcome_id",
        pl.col("related_outcomes") if related else pl.lit(None, pl.String).alias("related_outcomes"),
    ).iter_rows():
        values = parsed[row]
        if (
            _cell(values, entity_at) != entity_id
            or _cell(values, outcome_at) != outcome_id
            or (related and _cell(values, related_at) != links)
        ):
            return False
    return True


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where each submission's rows lie among the grouped rows (``_layout``)."""

    frame: pl.DataFrame  # sorted by submission, with each row's index within its submission
    counts: pl.Series  # each submission's number of rows
    offsets: pl.Series  # where each submission's rows start in ``frame`` (and, last, where they end)
    firsts: pl.DataFrame  # each submission's first row: its key, entity details and line
    years: pl.Series  # each submission's year as its first row's cell gives it (None: not a number)
    kept: pl.DataFrame  # the columns the table keeps for the checks across rows, with those years


def _layout(frame: pl.DataFrame) -> _Layout:
    """The submissions' runs of rows in ``frame`` (numbered by ``_group``): polars work alone,
    which releases the GIL, so that it is done while the rows read again are checked."""
    import polars as pl

    if not frame["submission"].is_sorted():
        frame = frame.sort("submission", "row")
    # Submissions are numbered 0, 1, ... in order: each number's rows are a run.
    counts = frame["submission"].unique_counts().cast(pl.Int64)
    offsets = pl.concat([pl.Series([0], dtype=pl.Int64), counts.cum_sum()])
    index = pl.int_range(frame.height, dtype=pl.Int64, eager=True) - offsets.gather(frame["submission"])
    frame = frame.with_columns(index=index)
    firsts = frame.select("key", *_ENTITY_FACTS, "first_line").filter(frame["index"] == 0)
    years = firsts["year"].cast(pl.Int64, strict=False)
    keep = ["row", "submission", "index", "first_line", "start", "stop", "outcome_id", "outcome_key"]
    if "related_outcomes" in frame.columns:
        keep.append("related_outcomes")
    kept = frame.select(*keep).with_columns(year=years.gather(frame["submission"]))
    return _Layout(frame, counts, offsets, firsts, years, kept)


def _alone(layout: Future[_Layout]) -> _Alone:
    """What :func:`cross_refs` finds in the table when it is the only source of outcomes, as
    laid out (its years as its columns give them): polars work, done on the thread that laid it
    out, while the rows read again are checked."""
    kept = layout.result().kept
    outcomes = _outcome_rows(kept, 0, 0)
    return _Alone(kept, outcomes, *_repeats(outcomes))


def _table(
    path: str,
    sha256: str | None,
    names: list[str],
    layout: _Layout,
    checked_groups: dict[str, CheckedSubmission],
    reread: dict[int, dict[str, object]],
    file_problems: list[Problem],
) -> ColumnarTable | None:
    """The file's submissions in reading order, all deferred; those re-read carry their problems."""
    import polars as pl

    frame, counts, offsets, firsts = layout.frame, layout.counts, layout.offsets, layout.firsts
    # The submissions read again, by number (a submission is all of an entity's rows: its key
    # is found once), looked up by polars rather than over every submission in Python.
    found = firsts.select("key").with_row_index("number").filter(pl.col("key").is_in(list(checked_groups)))
    if found.height != len(checked_groups):
        return None  # the csv module grouped rows differently: leave the file to it
    partial = {number: checked_groups[key] for number, key in found.iter_rows()}
    table = ColumnarTable(
        path,
        names,
        frame,
        firsts,
        offsets,
        reread,
        {number: checked.raw.data for number, checked in partial.items()},
        sha256,
        file_problems,
    )
    years = layout.years.to_list()
    ids = [entity_id or None for entity_id in firsts["entity_id"].to_list()]
    sizes = counts.to_list()
    as_laid_out = True
    for number, known in partial.items():  # read again: as the row-by-row reader saw them
        as_laid_out = as_laid_out and known.year == years[number]
        ids[number], years[number] = known.entity_id, known.year
        known.defer(table, number, sizes[number])  # the rows read again were only some of its rows
    table.submissions = DeferredSubmissions(table, path, ids, years, sizes, partial)
    if as_laid_out:  # most tables: no year the row-by-row reader reads otherwise ("2016.0")
        table.years, table.frame = layout.years, layout.kept
    else:
        year_of = table.years = pl.Series(years, dtype=pl.Int64)
        table.frame = layout.kept.with_columns(year=year_of.gather(layout.kept["submission"]))
    return table


def _positions(
    submissions: Sequence[CheckedSubmission], tables: Sequence[ColumnarTable]
) -> tuple[dict[int, int], list[int]]:
    """Where each table's submissions start in ``submissions`` (they sit together, in order),
    and the positions of the submissions of no table."""
    starts = {id(table.submissions[0]): table for table in tables if table.submissions}
    offset: dict[int, int] = {}
    others: list[int] = []
    number = 0
    while number < len(submissions):
        table = starts.get(id(submissions[number]))
        if table is not None:
            offset[id(table)] = number
            number += len(table.submissions)
        else:
            others.append(number)
            number += 1
    return offset, others


def repeated_submissions(
    submissions: Sequence[CheckedSubmission], tables: Sequence[ColumnarTable]
) -> list[list[CheckedSubmission]]:
    """The submissions of one entity and year, for each that has several, in reading order."""
    import polars as pl

    offset, others = _positions(submissions, tables)
    rows = [
        (number, entity_id.casefold(), year)
        for number in others
        if (entity_id := submissions[number].entity_id) is not None
        and (year := submissions[number].year) is not None
    ]
    parts = [pl.DataFrame(rows, schema={"order": pl.Int64, "key": pl.String, "year": pl.Int64}, orient="row")]
    for table in tables:
        assert table.years is not None
        # A submission without an id has the key "" (its entity_id is None): never a repeat.
        parts.append(
            table.firsts.select(
                order=pl.int_range(pl.len(), dtype=pl.Int64) + offset.get(id(table), 0),
                key="key",
                year=table.years,
            ).filter((pl.col("key") != "") & pl.col("year").is_not_null())
        )
    keys = pl.concat(parts)
    repeated = keys.filter(pl.col("key").is_duplicated().over("year")).sort("order")
    groups: dict[tuple[str, int], list[CheckedSubmission]] = {}
    for order, key, year in repeated.iter_rows():
        groups.setdefault((key, year), []).append(submissions[order])
    return list(groups.values())


def cross_refs(submissions: Sequence[CheckedSubmission], tables: Sequence[ColumnarTable]) -> CrossRefs:
    """The cross-references of every submission, with the large tables compared by columns.

    Gives exactly what :func:`impactagg.checks.outcome_refs` gives for the same submissions.
    """
    import polars as pl

    offset, others = _positions(submissions, tables)
    objects: list[OutcomeRef] = []
    object_order: list[int] = []
    for number in others:
        for outcome_ref in refs_of(submissions[number]):
            objects.append(outcome_ref)
            object_order.append(number)
    # Only what finding the repeats needs, for every outcome; ids and links are looked up for
    # the few rows involved (a copy of every column would cost more memory than the table).
    schema = {
        "order": pl.Int64,
        "index": pl.Int64,
        "year": pl.Int64,
        "key": pl.String,
        "source": pl.Int64,
        "local": pl.Int64,
        "links": pl.Boolean,
    }
    parts = [
        pl.DataFrame(
            {
                "order": object_order,
                "index": [ref.index for ref in objects],
                "year": [ref.year for ref in objects],
                "key": [ref.id.casefold() if ref.id is not None else None for ref in objects],
                "source": [-1] * len(objects),
                "local": list(range(len(objects))),
                "links": [bool(ref.links) for ref in objects],
            },
            schema=schema,
        )
    ]
    alone = tables[0].alone if len(tables) == 1 and not objects and offset[id(tables[0])] == 0 else None
    if alone is not None and alone.frame is tables[0].frame:  # found while the table was read
        outcomes, repeated, linking_rows = alone.outcomes, alone.repeated, alone.linking_rows
    else:
        parts.extend(
            _outcome_rows(table.frame, offset[id(table)], number) for number, table in enumerate(tables)
        )
        parts = [part for part in parts if part.height]
        if not parts:
            return CrossRefs([], [], {})
        outcomes = pl.concat(parts) if len(parts) != 1 else parts[0]
        repeated, linking_rows = _repeats(outcomes)

    def ref(row: dict[str, Any]) -> OutcomeRef:
        if row["source"] < 0:
            found: OutcomeRef = objects[row["local"]]
            return found
        table = tables[row["source"]]
        place = table.frame.row(row["local"], named=True)
        checked = table.submissions[place["submission"]]
        # The table's cell, split as the row-by-row reader splits it.
        related = place.get("related_outcomes")
        links = linked_ids(related.split(LIST_SEPARATOR) if related else None)
        outcome_id = place["outcome_id"]
        return OutcomeRef(checked, row["index"], row["year"], outcome_id, outcome_id, links)

    duplicates: dict[tuple[int, str], list[OutcomeRef]] = {}
    for row in repeated.iter_rows(named=True):
        duplicates.setdefault((row["year"], row["key"]), []).append(ref(row))
    linking = [item for item in map(ref, linking_rows.iter_rows(named=True)) if item.links]
    targets = {(item.year, linked.casefold()) for item in linking for linked in item.links}
    links_of: dict[tuple[int, str], list[str]] = {}
    if targets:
        wanted = pl.DataFrame(
            {"year": [year for year, _ in targets], "key": [key for _, key in targets]},
            schema={"year": pl.Int64, "key": pl.String},
        )
        found = (
            outcomes.filter(pl.col("key").is_not_null())
            .join(wanted, on=["year", "key"], how="semi")
            .sort("order", "index")
            .unique(["year", "key"], keep="first", maintain_order=True)
        )
        for row in found.iter_rows(named=True):
            links_of[(row["year"], row["key"])] = ref(row).links
    return CrossRefs(list(duplicates.values()), linking, links_of)


def _outcome_rows(frame: pl.DataFrame, offset: int, source: int) -> pl.DataFrame:
    """A table's outcomes as :func:`cross_refs` compares them: the submission's place among all
    (``offset`` where the table's first is), the outcome's index and year, its id's key, the table
    (``source``) and the row in it, and whether its cell of related outcomes may name links."""
    import polars as pl

    related = "related_outcomes" in frame.columns
    part = frame.select(
        order=pl.col("submission") + offset,
        index="index",
        year="year",
        key="outcome_key",
        source=pl.lit(source, pl.Int64),
        local=pl.int_range(pl.len(), dtype=pl.Int64),
        # Whether the cell may name links: linked_ids() decides.
        links=pl.col("related_outcomes") != "" if related else pl.lit(False),
    )
    return part.filter(pl.col("year").is_not_null()) if part["year"].null_count() else part


def _repeats(outcomes: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The outcomes whose ids are used again within their year, and those that may name links,
    each in reading order."""
    import polars as pl

    # Empty ids are never repeats, and cannot equal a used id: one test over all rows.
    used = pl.col("key").is_not_null() & (pl.col("key") != "")
    # Ids repeated within a year: by year, a window needs a fifth of the memory of a struct key.
    repeated = outcomes.filter(used & pl.col("key").is_duplicated().over("year")).sort("order", "index")
    return repeated, outcomes.filter(pl.col("links")).sort("order", "index")


@dataclass(frozen=True, slots=True)
class _Alone:
    """What :func:`cross_refs` needs of a table that is the only source of outcomes, found in
    ``frame`` (the table's, while it is the same object)."""

    frame: pl.DataFrame
    outcomes: pl.DataFrame  # _outcome_rows
    repeated: pl.DataFrame  # _repeats
    linking_rows: pl.DataFrame
