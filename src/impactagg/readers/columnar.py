"""Reading a large CSV table by columns, with exactly the problems of the row-by-row reader.

Why: a consolidated export of a million outcomes took 70 s row by row (the csv module, then
the models, for every row). Here polars reads every cell, and vectorised tests mark a row
*clean* only when the standard surely accepts it as written. Each test is narrower than the
models, never wider (a goal must be written 1-5, a date YYYY-MM-DD and inside the year, no
text may hold an '@' ...), so a clean row is one the models would accept without a word.

Every row that is not clean, with the first row of its entity, is read again by the csv
module from its own bytes and goes through the row-by-row reader and the models, which write
every message. Clean rows are counted and cross-checked by columns; their outcomes are built
only when a figure needs them (``summarize`` of one year). Whatever the columns cannot vouch
for sends the whole file to the row-by-row reader: a file that is not plain UTF-8 CSV with a
header of known columns, a NUL byte, a lone carriage return, a repeated header row, a value
beyond the length limit, or a row that the csv module reads differently from polars.

``tests/test_columnar.py`` proves the two readers give the same report on generated data with
every kind of problem.
"""

from __future__ import annotations

import csv
import hashlib
import mmap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from impactagg.checks import CheckedSubmission, CrossRefs, OutcomeRef, check_submission, linked_ids
from impactagg.codes import MAX_YEAR, MIN_YEAR, EntityType, Expectation, ImpactType, Region, Target
from impactagg.limits import MEGABYTE, Limits
from impactagg.models import SCHEMA_VERSION, Submission, known_country_codes
from impactagg.problems import Problem
from impactagg.readers.csv_reader import _lines, _pick_delimiter
from impactagg.readers.submission import RawSubmission, ReadResult
from impactagg.readers.table import TableBuilder, TableLocator, normalise_header
from impactagg.tabular import (
    COLUMNS,
    ENTITY_COLUMNS,
    LIST_FIELDS,
    LIST_SEPARATOR,
    OUTCOME_COLUMNS,
    REQUIRED_COLUMNS,
)

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

# Below this size the row-by-row reader finishes before polars has been imported.
COLUMNAR_FROM = 8 * MEGABYTE

_CHUNK = 8 * MEGABYTE
_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"  # models._ID_PATTERN with MAX_ID_LENGTH, unanchored
# A superset of checks._PHONE: any single character may separate the digits, and no look-behind
# (the Rust regex engine has none). Rows it matches are checked by the real expression.
_PHONE_SUPERSET = r"[+0]\d(?:\D?\d){7,}"
_FREE_TEXT = ("title", "description", "contribution", "corroborated_by")  # as checks._FREE_TEXT


# Python's str.strip() also removes these four separators; polars' strip_chars() does not (the
# two agree on every other character, as tests/test_columnar.py checks). A row holding one is
# not clean, so that polars strips a clean row exactly as Python would.
_SEPARATORS = "[\x1c-\x1f]"
_FREE_TEXT_COLUMNS = ("title", "description", "contribution", "sources", "corroborated_by")


def _python_strip(text: pl.Expr) -> pl.Expr:
    """``str.strip()`` exactly, separators included (for values that may hold them)."""
    return text.str.replace_all(r"^[\s\x1c-\x1f]+|[\s\x1c-\x1f]+$", "")


@dataclass(slots=True)
class _Bytes:
    """What one pass over a file's bytes found: where lines start, where quotes are."""

    size: int
    line_starts: np.ndarray  # byte offset of each line's start, then the file's size
    newlines: int
    quotes: np.ndarray  # byte offsets of '"'
    carriage_returns: np.ndarray  # byte offsets of '\r' (each followed by '\n')
    sha256: str
    first_line: bytes


def _scan(path: str) -> _Bytes | None:
    """Fingerprint the file and index its lines and quotes; None when it holds a NUL or lone CR."""
    import numpy as np

    digest = hashlib.sha256()
    newlines: list[np.ndarray] = []
    quotes: list[np.ndarray] = []
    returns: list[np.ndarray] = []
    base = 0
    first_line = b""
    pending_return = False  # the previous chunk ended with '\r'
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            if b"\x00" in chunk:
                return None
            if pending_return and chunk[:1] != b"\n":
                return None
            codes = np.frombuffer(chunk, np.uint8)
            found = np.flatnonzero(codes == 10)
            if base == 0:
                first_line = chunk[: found[0] + 1] if len(found) else chunk
            newlines.append(found + base)
            quotes.append(np.flatnonzero(codes == 34) + base)
            if b"\r" in chunk:
                at = np.flatnonzero(codes == 13)
                inside = at[at + 1 < len(chunk)]
                if np.any(codes[inside + 1] != 10):
                    return None  # a lone CR: old Mac line ends, or one inside a cell
                pending_return = bool(chunk.endswith(b"\r"))
                returns.append(at + base)
            else:
                pending_return = False
            base += len(chunk)
    if pending_return or base == 0:
        return None
    ends = np.concatenate(newlines)
    starts = [np.zeros(1, np.int64), ends + 1]
    if not len(ends) or ends[-1] != base - 1:
        starts.append(np.array([base], np.int64))  # the last line has no line break
    return _Bytes(
        base,
        np.concatenate(starts),
        len(ends),
        np.concatenate(quotes),
        np.concatenate(returns) if returns else np.zeros(0, np.int64),
        digest.hexdigest(),
        first_line,
    )


def _header(first_line: bytes) -> tuple[list[str], list[str]] | None:
    """The header row as written and its column names, when the columns can be read by columns."""
    try:
        text = first_line.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        return None
    if '"' in text or _pick_delimiter(text) != ",":
        return None
    cells = next(csv.reader([text]), [])
    names = [normalise_header(cell) for cell in cells]
    if (
        len(set(names)) != len(names)
        or not set(names) <= set(COLUMNS)
        or not set(REQUIRED_COLUMNS) <= set(names)
    ):
        return None  # header problems are the row-by-row reader's to report
    return cells, names


class LineSlice(Sequence[int]):
    """The lines of one submission's rows: a view into the file's array, built on demand."""

    __slots__ = ("_lines", "_start", "_stop")

    def __init__(self, lines: np.ndarray, start: int, stop: int) -> None:
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
    """Per-row facts, computed while polars streams the file: the clean test and the bookkeeping.

    Long free text is never copied: it is tested where it lies (not empty, no contact details),
    and only the short columns are stripped and kept.
    """
    import polars as pl

    raw = {name: pl.col(name) for name in names}
    short = [name for name in names if name not in _FREE_TEXT_COLUMNS]
    text = {name: raw[name].str.strip_chars() for name in short}

    def code(name: str, codes: Sequence[str]) -> pl.Expr:
        # ASCII only: Python's lower() and Rust's to_lowercase() agree there.
        return text[name].str.contains(r"^[A-Za-z_]+$") & text[name].str.to_lowercase().is_in(list(codes))

    def optional(name: str, test: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
        return (text[name] == "") | test(text[name]) if name in text else pl.lit(True)

    def written(name: str) -> pl.Expr:
        # Not empty once stripped: something that is not whitespace to Python.
        return raw[name].str.contains(r"[^\s\x1c-\x1f]")

    from impactagg.templates import EXAMPLE_TITLE

    tests = [
        *(~raw[name].str.contains(_SEPARATORS) for name in short),
        text["entity_id"].str.contains(f"^{_ID}$"),
        text["entity_name"] != "",
        code("entity_type", [kind.value for kind in EntityType]),
        code("region", [region.value for region in Region]),
        text["year"].str.contains(r"^[0-9]{4}$")
        & text["year"].cast(pl.Int32, strict=False).is_between(MIN_YEAR, MAX_YEAR),
        text["outcome_id"].str.contains(f"^{_ID}$"),
        written("title"),
        ~raw["title"].str.contains(EXAMPLE_TITLE, literal=True),
        written("description"),
        code("impact_type", [kind.value for kind in ImpactType])
        | text["impact_type"].str.contains(rf"^[1-{len(ImpactType)}](\.0+)?$"),
        text["strategic_goal"].str.contains(r"^[1-5](\.0+)?$"),
        code("expectation", [kind.value for kind in Expectation]),
        code("target", [kind.value for kind in Target]),
        optional(
            "country",
            lambda country: (
                country.str.contains(r"^[A-Za-z]{2}$")
                & country.str.to_uppercase().is_in(sorted(known_country_codes()))
            ),
        ),
        # The date's year must be the row's year: a row whose year differs from its entity's
        # first row is not clean anyway.
        optional(
            "date",
            lambda date: (
                date.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
                & date.str.to_date("%Y-%m-%d", strict=False).is_not_null()
                & (date.str.slice(0, 4) == text["year"])
            ),
        ),
        optional("related_outcomes", lambda links: links.str.contains(f"^{_ID}(;{_ID})*$")),
    ]
    for name in _FREE_TEXT:
        if name in raw:
            tests.append(~raw[name].str.contains("@", literal=True))
            tests.append(~raw[name].str.contains(_PHONE_SUPERSET))
    sizes = [raw[name].str.len_bytes() for name in names]
    facts = {
        # Line breaks are counted in free text only: one anywhere else makes the rows' lines
        # disagree with the file's, and the file goes to the row-by-row reader.
        "lines": 1
        + pl.sum_horizontal(
            raw[name].str.count_matches("\n", literal=True) for name in names if name in _FREE_TEXT_COLUMNS
        ),
        "cell_bytes": pl.sum_horizontal(size.cast(pl.Int64) for size in sizes),
        # Bytes, not characters: a superset of the values the length limit stops.
        "too_long": pl.max_horizontal(sizes) >= limits.value_length,
        "clean": pl.all_horizontal(tests),
        **{name: text[name] for name in _ENTITY_FACTS},
        "outcome_id": text["outcome_id"],
    }
    if "related_outcomes" in text:
        facts["related_outcomes"] = text["related_outcomes"]
    return facts


_ENTITY_FACTS = ["entity_id", "entity_name", "entity_type", "region", "year"]


def _casefolded(values: pl.Series, ascii_ok: pl.Series) -> pl.Series:
    """``str.casefold()`` of every value: polars lower-cases the ASCII ids, Python the rest."""
    import polars as pl

    lowered = values.str.to_lowercase()
    odd = (~ascii_ok).arg_true()
    if len(odd):
        folded = pl.Series([value.casefold() for value in values.gather(odd).to_list()], dtype=pl.String)
        lowered = lowered.scatter(odd, folded)
    return lowered


@dataclass(slots=True)
class ColumnarTable:
    """A large CSV file read by columns: its submissions, and the columns the checks need.

    It is the source of its deferred submissions (:class:`impactagg.checks.DeferredSource`).
    """

    path: str
    names: list[str]
    frame: pl.DataFrame  # one row per outcome, by submission then line: row, index, ids, year
    firsts: pl.DataFrame  # one row per submission: its first row's entity details and line
    offsets: np.ndarray  # where each submission's rows start in ``frame``
    reread: dict[int, dict[str, object]]  # row -> outcome, for the rows the csv module re-read
    partial: dict[int, dict[str, Any]]  # submission -> entity and year, for those re-read
    sha256: str
    problems: list[Problem]  # problems of the whole file
    submissions: list[CheckedSubmission] = field(default_factory=list)
    _rows: list[tuple[Any, ...]] | None = None
    _lines: np.ndarray | None = None

    def raw_of(self, number: int) -> RawSubmission:
        if self._rows is None:
            self._rows = self.firsts.select(*_ENTITY_FACTS, "first_line").rows()
            self._lines = self.frame["first_line"].to_numpy()
        entity_id, name, kind, region, year, line = self._rows[number]
        data = self.partial.get(number)
        if data is None:
            entity = {"id": entity_id, "name": name, "type": kind, "region": region}
            data = {"schema_version": str(SCHEMA_VERSION), "entity": entity, "year": year}
        assert self._lines is not None
        lines = LineSlice(self._lines, int(self.offsets[number]), int(self.offsets[number + 1]))
        columns = {column: position for position, column in enumerate(self.names, start=1)}
        return RawSubmission(data, TableLocator(columns, line, outcome_lines=lines), line)

    def load(self, checked: CheckedSubmission) -> None:
        """Build the outcomes and models of every pending submission of ``checked``'s year.

        A second pass over the file, keeping the rows of that year only: the first pass kept
        no free text, so that a million rows fit in memory.
        """
        import polars as pl

        year = checked.year
        wanted = [
            number
            for number, other in enumerate(self.submissions)
            if other.year == year and (other is checked or other.pending)
        ]
        rows = self.frame.filter(pl.col("submission").is_in(wanted)).sort("row")
        cells = (
            _scan_csv(self.path, self.names)
            .with_row_index("row")
            .filter(pl.col("row").is_in(rows["row"].implode()))
            .select("row", *(_python_strip(pl.col(name)) for name in self.names))
            .collect(engine="streaming")
        )
        if not (cells["row"].equals(rows["row"]) and cells["outcome_id"].equals(rows["outcome_id"])):
            raise RuntimeError(f"{self.path} changed while it was being read: run impactagg again.")
        outcomes: dict[int, list[dict[str, object]]] = {number: [] for number in wanted}
        present = [(name, column) for name, column in OUTCOME_COLUMNS.items() if column in self.names]
        for row, number, values in zip(
            cells["row"].to_list(),
            rows["submission"].to_list(),
            cells.select(self.names).iter_rows(named=True),
            strict=True,
        ):
            outcome = self.reread.get(row)
            if outcome is None:
                # As the row-by-row reader builds it (readers.table.TableBuilder.add_row).
                outcome = {}
                for name, column in present:
                    value = values[column]
                    outcome[name] = (
                        (value.split(LIST_SEPARATOR) if value else None) if name in LIST_FIELDS else value
                    )
            outcomes[number].append(outcome)
        for number in wanted:
            other = self.submissions[number]
            data = {**other.raw.data, "outcomes": outcomes[number]}
            other.resolve(outcomes[number], Submission.model_validate(data) if other.accepted else None)


def _scan_csv(path: str, names: list[str]) -> pl.LazyFrame:
    """Every cell as text, as written; rows with too many cells are cut (the byte count sees it)."""
    import polars as pl

    return pl.scan_csv(
        path,
        infer_schema=False,
        empty_string_is_null=False,
        truncate_ragged_lines=True,
        new_columns=names,
        raise_if_empty=False,
    )


def read_columnar(path: str, limits: Limits) -> ColumnarTable | None:
    """Read and check a CSV file by columns; None when only the row-by-row reader can read it."""
    scanned = _scan(path)
    if scanned is None:
        return None
    header = _header(scanned.first_line)
    if header is None:
        return None
    import polars as pl

    cells, names = header
    try:
        frame = (
            _scan_csv(path, names)
            .with_row_index("row")
            .select("row", **_clean(names, limits))
            .collect(engine="streaming")
        )
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException, OSError):
        return None  # malformed quoting, invalid UTF-8 ...: the row-by-row reader says what
    return _check(path, scanned, cells, names, frame, limits)


def _check(
    path: str, scanned: _Bytes, cells: list[str], names: list[str], frame: pl.DataFrame, limits: Limits
) -> ColumnarTable | None:
    """From the per-row facts to the file's submissions, re-reading the rows that need words."""
    import numpy as np
    import polars as pl

    if frame.is_empty():
        return None
    lines = frame["lines"].to_numpy().astype(np.int64)
    first = 2 + np.concatenate([np.zeros(1, np.int64), np.cumsum(lines)[:-1]])
    if 1 + int(lines.sum()) != len(scanned.line_starts) - 1 or frame["too_long"].any():
        return None  # rows and lines disagree (a line break outside free text ...), or a value too long
    # Every byte of a row must be accounted for by its cells, its delimiters, its quotes and its
    # line break. A short or long row (a missing or extra delimiter), or a cell holding a quote
    # character, does not add up, so it is re-read.
    starts = scanned.line_starts[first - 1]
    stops = scanned.line_starts[first - 1 + lines]
    ends_line = first - 1 + lines <= scanned.newlines
    returns = scanned.carriage_returns
    at = np.minimum(np.searchsorted(returns, stops - 2), max(len(returns) - 1, 0))
    crlf = ends_line & (returns[at] == stops - 2) if len(returns) else np.zeros(len(stops), bool)
    quotes = np.searchsorted(scanned.quotes, stops) - np.searchsorted(scanned.quotes, starts)
    expected = frame["cell_bytes"].to_numpy() + (len(names) - 1) + quotes + ends_line + crlf
    frame = frame.with_columns(
        first_line=pl.Series(first),
        start=pl.Series(starts),
        stop=pl.Series(stops),
        suspect=~pl.col("clean") | pl.Series(expected != stops - starts),
    )
    csv.field_size_limit(limits.value_length)
    parsed = _reread(path, frame.filter(pl.col("suspect")))
    if parsed is None:
        return None
    # Blank rows and repeated header rows are no outcomes: the row-by-row reader skips them.
    skipped = {row for row, values in parsed.items() if not any(cell.strip() for cell in values)}
    headers = {row for row, values in parsed.items() if [normalise_header(cell) for cell in values] == names}
    frame = frame.filter(~pl.col("row").is_in(sorted(skipped | headers)))
    if frame.is_empty() or frame.height > limits.outcomes:
        return None
    id_ok = frame["entity_id"].str.contains(f"^{_ID}$")
    outcome_ok = frame["outcome_id"].str.contains(f"^{_ID}$")
    frame = frame.with_columns(
        key=_casefolded(frame["entity_id"], id_ok), outcome_key=_casefolded(frame["outcome_id"], outcome_ok)
    )
    frame = frame.with_columns(submission=(pl.col("row").min().over("key").rank("dense") - 1).cast(pl.Int64))
    mismatch = pl.any_horizontal(
        pl.col(name) != pl.col(name).first().over("submission") for name in _ENTITY_FACTS
    )
    frame = frame.with_columns(suspect=pl.col("suspect") | mismatch)
    frame = frame.with_columns(
        reread=pl.col("suspect")
        | (
            (pl.col("row") == pl.col("row").min().over("submission"))
            & pl.col("suspect").any().over("submission")
        )
    )
    rows = frame.filter(pl.col("reread"))
    more = _reread(path, rows.filter(~pl.col("row").is_in(list(parsed))))
    if more is None:
        return None
    parsed.update(more)
    if not _agree(rows, parsed, names):
        return None
    builder = TableBuilder(ReadResult(path, "csv"))
    builder.add_header(cells, 1)
    reread: dict[int, dict[str, object]] = {}
    lines_of = dict(zip(frame["row"].to_list(), frame["first_line"].to_list(), strict=True))
    for row in sorted(set(rows["row"].to_list()) | headers):
        values = parsed[row]
        if row in headers:
            builder.add_row(values, int(first[row]))
            continue
        builder.add_row(values, lines_of[row])
        group = builder.groups[_cell(values, names, ENTITY_COLUMNS["id"]).casefold()]
        reread[row] = group.data["outcomes"][-1]
    checked_groups = {key: check_submission(path, raw) for key, raw in builder.groups.items()}
    return _table(path, scanned, names, frame, checked_groups, reread, builder.result.problems)


def _cell(values: list[str], names: list[str], column: str) -> str:
    """A cell of a row as the row-by-row reader sees it (stripped; empty beyond a short row)."""
    if column not in names:
        return ""
    position = names.index(column)
    return values[position].strip() if position < len(values) else ""


def _reread(path: str, rows: pl.DataFrame) -> dict[int, list[str]] | None:
    """Rows read again by the csv module from their own bytes, by row number.

    None when the csv module does not read exactly one row over the lines polars gave it:
    then only the row-by-row reader can say what the file holds.
    """
    found: dict[int, list[str]] = {}
    if rows.is_empty():
        return found
    with Path(path).open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for row, start, stop, count in rows.select("row", "start", "stop", "lines").iter_rows():
            reader = csv.reader(_lines(data[start:stop].decode("utf-8")), delimiter=",", strict=True)
            try:
                parsed = list(reader)
            except csv.Error:
                return None
            if len(parsed) != 1 or reader.line_num != count:
                return None
            found[row] = parsed[0]
    return found


def _agree(rows: pl.DataFrame, parsed: dict[int, list[str]], names: list[str]) -> bool:
    """Whether the csv module read the ids that polars read, on which the columns rely."""
    related = "related_outcomes" in rows.columns
    for row, entity_id, outcome_id, links in rows.select(
        "row",
        "entity_id",
        "outcome_id",
        "related_outcomes" if related else "outcome_id",
    ).iter_rows():
        values = parsed[row]
        if (
            _cell(values, names, "entity_id") != entity_id
            or _cell(values, names, "outcome_id") != outcome_id
            or (related and _cell(values, names, "related_outcomes") != links)
        ):
            return False
    return True


def _table(
    path: str,
    scanned: _Bytes,
    names: list[str],
    frame: pl.DataFrame,
    checked_groups: dict[str, CheckedSubmission],
    reread: dict[int, dict[str, object]],
    file_problems: list[Problem],
) -> ColumnarTable | None:
    """The file's submissions in reading order, all deferred; those re-read carry their problems."""
    import numpy as np
    import polars as pl

    frame = frame.sort("submission", "row").with_columns(
        index=(pl.col("row").rank("ordinal").over("submission") - 1).cast(pl.Int64)
    )
    firsts = frame.filter(pl.col("index") == 0).select("key", *_ENTITY_FACTS, "first_line")
    counts = frame.group_by("submission", maintain_order=True).len()["len"].to_numpy()
    if len(counts) != firsts.height:
        return None
    keys = firsts["key"].to_list()
    if not set(checked_groups) <= set(keys):
        return None  # the csv module grouped rows differently: leave the file to it
    partial = {number: checked_groups[key] for number, key in enumerate(keys) if key in checked_groups}
    table = ColumnarTable(
        path,
        names,
        frame,
        firsts,
        np.concatenate([np.zeros(1, np.int64), np.cumsum(counts)]),
        reread,
        {
            number: {name: value for name, value in checked.raw.data.items() if name != "outcomes"}
            for number, checked in partial.items()
        },
        scanned.sha256,
        file_problems,
    )
    years = firsts["year"].cast(pl.Int64, strict=False).to_list()
    for number, (entity_id, year, count) in enumerate(
        zip(firsts["entity_id"].to_list(), years, counts.tolist(), strict=True)
    ):
        known = partial.get(number)
        table.submissions.append(
            CheckedSubmission.deferred(
                table,
                number,
                path,
                (entity_id or None) if known is None else known.entity_id,
                year if known is None else known.year,
                count,
                [] if known is None else known.problems,
                known is None or known.accepted,
            )
        )
    year_of = pl.Series([checked.year for checked in table.submissions], dtype=pl.Int64)
    keep = ["row", "submission", "index", "first_line", "outcome_id", "outcome_key"]
    if "related_outcomes" in frame.columns:
        keep.append("related_outcomes")
    table.frame = frame.select(*keep).with_columns(year=year_of.gather(frame["submission"]))
    return table


def cross_refs(submissions: Sequence[CheckedSubmission], tables: Sequence[ColumnarTable]) -> CrossRefs:
    """The cross-references of every submission, with the large tables compared by columns.

    Gives exactly what :func:`impactagg.checks.outcome_refs` gives for the same submissions.
    """
    import polars as pl

    # Each table's submissions sit together in ``submissions``: find where each table starts.
    starts = {id(table.submissions[0]): table for table in tables if table.submissions}
    offset: dict[int, int] = {}
    objects: list[OutcomeRef] = []
    object_order: list[int] = []
    number = 0
    while number < len(submissions):
        checked = submissions[number]
        table = starts.get(id(checked))
        if table is not None:
            offset[id(table)] = number
            number += len(table.submissions)
            continue
        if checked.year is not None:
            for index, outcome in enumerate(checked.raw_outcomes):
                if isinstance(outcome, dict):
                    value = outcome.get("id")
                    objects.append(
                        OutcomeRef(
                            checked,
                            index,
                            checked.year,
                            value.strip() if isinstance(value, str) else None,
                            str(outcome.get("id", "")).strip(),
                            linked_ids(outcome.get("related_outcomes")),
                        )
                    )
                    object_order.append(number)
        number += 1
    links = pl.List(pl.String)
    parts = [
        pl.DataFrame(
            {
                "order": object_order,
                "index": [ref.index for ref in objects],
                "year": [ref.year for ref in objects],
                "id": [ref.id for ref in objects],
                "key": [ref.id.casefold() if ref.id is not None else None for ref in objects],
                "links": [ref.links for ref in objects],
                "source": [-1] * len(objects),
                "local": list(range(len(objects))),
            },
            schema={
                "order": pl.Int64,
                "index": pl.Int64,
                "year": pl.Int64,
                "id": pl.String,
                "key": pl.String,
                "links": links,
                "source": pl.Int64,
                "local": pl.Int64,
            },
        )
    ]
    for number, table in enumerate(tables):
        frame = table.frame.filter(pl.col("year").is_not_null())
        related = (
            frame["related_outcomes"].str.split(LIST_SEPARATOR).list.eval(_python_strip(pl.element()))
            if "related_outcomes" in frame.columns
            else pl.Series([[]] * frame.height, dtype=links)
        )
        parts.append(
            pl.DataFrame(
                {
                    "order": frame["submission"] + offset[id(table)],
                    "index": frame["index"],
                    "year": frame["year"],
                    "id": frame["outcome_id"],
                    "key": frame["outcome_key"],
                    "links": related.list.filter(pl.element() != ""),
                    "source": pl.Series([number] * frame.height, dtype=pl.Int64),
                    "local": frame["submission"],
                }
            )
        )
    outcomes = pl.concat(parts).sort("order", "index")

    def ref(row: dict[str, Any]) -> OutcomeRef:
        if row["source"] < 0:
            found: OutcomeRef = objects[row["local"]]
            return found
        checked = tables[row["source"]].submissions[row["local"]]
        return OutcomeRef(checked, row["index"], row["year"], row["id"], row["id"], row["links"])

    repeated = outcomes.filter(
        pl.col("id").is_not_null() & (pl.col("id") != "") & (pl.len().over("year", "key") > 1)
    )
    duplicates: dict[tuple[int, str], list[OutcomeRef]] = {}
    for row in repeated.iter_rows(named=True):
        duplicates.setdefault((row["year"], row["key"]), []).append(ref(row))
    linking = [ref(row) for row in outcomes.filter(pl.col("links").list.len() > 0).iter_rows(named=True)]
    targets = {(item.year, linked.casefold()) for item in linking for linked in item.links}
    links_of: dict[tuple[int, str], list[str]] = {}
    if targets:
        wanted = pl.DataFrame(
            {"year": [year for year, _ in targets], "key": [key for _, key in targets]},
            schema={"year": pl.Int64, "key": pl.String},
        )
        found = (
            outcomes.filter(pl.col("id").is_not_null())
            .join(wanted, on=["year", "key"], how="semi")
            .unique(["year", "key"], keep="first", maintain_order=True)
        )
        for year, key, linked in found.select("year", "key", "links").iter_rows():
            links_of[(year, key)] = linked
    return CrossRefs(list(duplicates.values()), linking, links_of)
