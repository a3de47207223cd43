# The compiled part of the CSV reader (_rowscan.c); see readers/columnar.py.
from collections.abc import Sequence

from typing_extensions import Buffer

# The rows of CSV text: starts, stops, lines, quotes, breaks (each native int64 bytes), plain (a
# byte per row, 1 or 0), and the bytes used; None for text the columns cannot read.
def scan(data: bytes, final: bool, /) -> tuple[bytes, bytes, bytes, bytes, bytes, bytes, int] | None: ...

# A copy of native numbers of Arrow format "l" (int64), "L" (uint64) or "C" (uint8), as an
# Arrow column in (arrow_schema, arrow_array) capsules.
def column(data: Buffer, format: str, /) -> tuple[object, object]: ...

# Those rows' cells tested by the columns' rules: the cells of each KEEP column stripped, as an
# Arrow large UTF-8 column in (arrow_schema, arrow_array) capsules (null where the row repeats the
# row before's REPEAT cells), a LOWER column's followed by a copy with ASCII letters lowercased;
# a native uint64 per row, bit n set where its cell of column n fails
# (every bit where the row is not split; at most 64 columns); one byte per row, whether it repeats
# those cells; whether a cell is too long. None when the text is not UTF-8.
def cells(
    data: bytes,
    starts: Buffer,
    stops: Buffer,
    breaks: Buffer,
    plain: Buffer,
    rules: Sequence[tuple[int, tuple[bytes, ...], int]],
    spaces: bytes,
    digits: bytes,
    id_first: bytes,
    id_rest: bytes,
    id_longest: int,
    first_year: int,
    last_year: int,
    year_column: int,
    example: bytes,
    longest: int,
    /,
) -> tuple[tuple[tuple[object, object], ...], bytes, bytes, bool] | None: ...

# One bit per code point (bit code % 8 of byte code // 8): str.isspace() and str.isdecimal().
def classes() -> tuple[bytes, bytes]: ...
