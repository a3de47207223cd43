"""Large CSV files read by columns give exactly what the row-by-row reader gives.

The row-by-row reader (csv module, TableBuilder, the models for every row) is the reference.
Each test validates the same files both ways and compares everything a caller can see: the
report (every problem with its line, column, value and suggestion), the submissions and their
outcomes as built by the models, and the raw outcomes.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import polars as pl
import pytest
from benchmarks import generate
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from impactagg.aggregate import counts_of, summarize
from impactagg.checks import CheckedSubmission, DeferredSubmissions
from impactagg.limits import DEFAULT_LIMITS, Limits
from impactagg.readers import columnar
from impactagg.readers.columnar import _PYTHON_WHITESPACE, ColumnarTable, _python_strip, read_columnar
from impactagg.readers.submission import RawSubmission
from impactagg.selection import select
from impactagg.summary_run import run_summary
from impactagg.tabular import COLUMNS
from impactagg.validation import COLUMNAR_FROM, Report, validate

IMPACTAGG = Path(sys.executable).parent / "impactagg"


def _both(*paths: Path) -> tuple[Report, Report]:
    files = [str(path) for path in paths]
    return validate(files, columnar=True), validate(files, columnar=False)


def assert_same(*paths: Path) -> Report:
    """Validate ``paths`` both ways and require the same result in every detail."""
    columns, rows = _both(*paths)
    assert columns.to_dict() == rows.to_dict()
    assert columns.problems == rows.problems  # every field, value and suggestion included
    assert [c.raw_outcomes for c in columns.submissions] == [r.raw_outcomes for r in rows.submissions]
    assert [c.submission for c in columns.submissions] == [r.submission for r in rows.submissions]
    assert [c.raw.data["entity"] for c in columns.submissions] == [
        r.raw.data["entity"] for r in rows.submissions
    ]
    return columns


@pytest.fixture(scope="session")
def byte_loops(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The compiled module as it is built where there is no SSE2 (ARM ...): its byte loops alone,
    which the installed module (SSE2 on x86-64) never runs. Built as Python builds extensions."""
    folder = tmp_path_factory.mktemp("byte-loops")
    source = Path(columnar.__file__).with_name("_rowscan.c")
    built = folder / f"_rowscan{sysconfig.get_config_var('EXT_SUFFIX')}"
    compile_flags = [sysconfig.get_config_var(name) or "" for name in ("CC", "CFLAGS", "CCSHARED")]
    subprocess.run(
        [
            *" ".join(compile_flags).split(),
            "-DROWSCAN_NO_SIMD",
            "-I",
            sysconfig.get_paths()["include"],
            "-c",
            str(source),
            "-o",
            str(folder / "_rowscan.o"),
        ],
        check=True,
    )
    link = str(sysconfig.get_config_var("LDSHARED")).split()
    subprocess.run([*link, str(folder / "_rowscan.o"), "-o", str(built)], check=True)
    spec = importlib.util.spec_from_file_location("impactagg.readers._rowscan", built)
    assert spec is not None and spec.loader is not None
    installed = sys.modules.get(spec.name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Loading an extension module puts it in sys.modules under its name: the installed one back.
    if installed is not None:
        sys.modules[spec.name] = installed
    else:
        del sys.modules[spec.name]
    return module


def _use(module: ModuleType | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read with ``module``'s compiled passes, or with none (numpy and polars alone)."""
    monkeypatch.setattr(columnar, "_scan_rows", module.scan if module is not None else None)
    monkeypatch.setattr(columnar, "_cells", module.cells if module is not None else None)
    monkeypatch.setattr(columnar, "_numbers", module.column if module is not None else None)


@pytest.fixture(params=["compiled", "compiled, byte loops", "without the extension"])
def extension(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every configuration of the reader: with the compiled module as installed, as built where
    there is no SSE2, and as installed without a C compiler (numpy finds the rows, polars tests
    every cell)."""
    if request.param == "compiled, byte loops":
        _use(request.getfixturevalue("byte_loops"), monkeypatch)
    elif request.param != "compiled":
        _use(None, monkeypatch)
    return str(request.param)


@pytest.fixture(params=["as installed", "byte loops"])
def compiled(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The compiled module as installed, and as built where there is no SSE2: the tests that
    hold it to numpy's and polars' answers run with both."""
    if request.param == "byte loops":
        _use(request.getfixturevalue("byte_loops"), monkeypatch)
    return str(request.param)


def test_generated_data_with_every_kind_of_bad_cell(tmp_path: Path, extension: str) -> None:
    info = generate.write_csv(tmp_path / "bad.csv", 3000, 3, error_share=0.05, messy_share=0.1, seed=11)
    table = read_columnar(str(info.path), DEFAULT_LIMITS)
    assert table is not None, "the file must be read by columns, or this test proves nothing"
    # The columns vouch for most rows: only a few are read again.
    assert 0 < len(table.reread) < 1000
    report = assert_same(info.path)
    sidecar = json.loads(info.sidecar.read_text(encoding="utf-8"))
    check = generate.check_report(report.to_dict(), sidecar)
    assert check.ok, check.describe()


HEADER = ",".join(COLUMNS)
_BLANK_OPTIONAL = ",,,,,"  # country, date, contribution, sources, corroborated_by, related: see _row


def _row(
    entity: str = "AI-KE",
    outcome: str = "AI-KE-2016-01",
    *,
    name: str = "Amnesty International Kenya",
    kind: str = "section",
    region: str = "africa",
    year: str = "2016",
    title: str = "Police stop evictions in Mombasa",
    description: str = "On 4 May 2016 the police in Mombasa stopped forced evictions.",
    impact: str = "concrete_action_specific",
    goal: str = "2",
    expectation: str = "met",
    target: str = "government",
    country: str = "KE",
    date: str = "2016-05-04",
    contribution: str = "We documented the evictions.",
    sources: str = "Field notes",
    corroborated: str = "Community leaders",
    related: str = "",
) -> dict[str, str]:
    return {
        "entity_id": entity,
        "entity_name": name,
        "entity_type": kind,
        "region": region,
        "year": year,
        "outcome_id": outcome,
        "title": title,
        "description": description,
        "impact_type": impact,
        "strategic_goal": goal,
        "expectation": expectation,
        "target": target,
        "country": country,
        "date": date,
        "contribution": contribution,
        "sources": sources,
        "corroborated_by": corroborated,
        "related_outcomes": related,
    }


def _line(cells: dict[str, str]) -> str:
    def quoted(value: str) -> str:
        if any(ch in value for ch in ',"\n\r') or value != value.strip():
            return '"' + value.replace('"', '""') + '"'
        return value

    return ",".join(quoted(cells[name]) for name in COLUMNS)


def _awkward_rows() -> list[str]:
    """One line (or more) for each thing a table can hold that the columns must not misread."""
    ug = dict(entity="AI-UG", name="Amnesty International Uganda", country="UG")
    lines = [
        _line(_row()),
        _line(_row(outcome="AI-KE-2016-02", expectation="Met", goal="2.0", impact="3", country="ke")),
        _line(_row(outcome="AI-KE-2016-03", target=" government ", expectation="mEt")),
        "",  # a blank line
        "   ",  # a line of spaces
        "," * (len(COLUMNS) - 1),  # a row of empty cells
        _line(_row(outcome="AI-KE-2016-04", description='He said "enough", twice.\nThen, a second line.')),
        _line(_row(outcome="AI-KE-2016-05", date="2016-02-30")),
        _line(_row(outcome="AI-KE-2016-06", date="2015-12-31")),
        _line(_row(outcome="AI-KE-2016-07", country="UK")),
        _line(_row(outcome="AI-KE-2016-08", contribution="Write to jane.doe@example.org for details.")),
        _line(_row(outcome="AI-KE-2016-09", description="Call +254 712 345 678 after 5 pm.")),
        _line(
            _row(
                outcome="AI-KE-2016-10",
                title="Health officials agree to discuss barriers to abortion services",
            )
        ),
        _line(_row(outcome="AI-KE-2016-01")),  # a duplicate id in the file
        # The same id in another year is no duplicate.
        _line(_row(entity="AI-TZ", name="Amnesty International Tanzania", year="2017", date="2017-03-01")),
        _line(_row(outcome="AI-KE-2016-11", name="Amnesty Kenya")),  # an entity detail that disagrees
        _line(_row(outcome="AI-KE-2016-12", goal="7", impact="nine", target="")),
        ",".join(_line(_row(outcome="AI-KE-2016-13")).split(",")[:-2]),  # a short row
        _line(_row(outcome="AI-KE-2016-14")) + ",extra",  # a long row
        HEADER.upper(),  # the header, repeated in the middle of an export
        _line(_row(**ug, outcome="AI-UG-2016-01", related="AI-KE-2016-01 ; AI-XX-2016-01")),
        _line(_row(outcome="AI-KE-2016-15", related="AI-UG-2016-01")),  # interleaved with Uganda
        _line(_row(**ug, outcome="AI-UG-2016-02", related="AI-KE-2016-15")),
        _line(_row(**ug, outcome="ai-ug-2016-02")),  # ids are compared without case
        _line(_row(entity="", outcome="NO-ENTITY-01")),
        _line(_row(entity="AI-\u212aE", outcome="AI-KE-2016-16")),  # KELVIN SIGN: casefolds to k
        _line(_row(entity="AI-GH ", name=" Amnesty International Ghana", outcome=" AI-GH-2016-01\u00a0")),
        _line(_row(entity="AI-GH", name="Amnesty International Ghana", outcome="AI-GH-2016-02\x1c")),
        _line(
            _row(entity="AI-GH", name="Amnesty International Ghana", outcome="AI-GH-2016-03", title="\x1d")
        ),
        _line(
            _row(entity="AI-GH", name="Amnesty International Ghana", outcome="AI-GH-2016-04", year="2016.0")
        ),
        _line(
            _row(entity="AI-SN", name="Amnesty International Sénégal", outcome="AI-SN-2016-01", year="1899")
        ),
        _line(
            _row(
                entity="AI-SN", name="Amnesty International Sénégal", outcome="AI-SN-2016-02", kind="Section"
            )
        ),
        _line(_row(entity="AI-SN", name="Amnesty International Sénégal", outcome="ÉTÉ-01", sources="")),
    ]
    return lines


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_awkward_tables_and_files_checked_together(tmp_path: Path, ending: str, extension: str) -> None:
    big = tmp_path / "export.csv"
    big.write_bytes((ending.join([HEADER, *_awkward_rows()]) + ending).encode("utf-8"))
    assert read_columnar(str(big), DEFAULT_LIMITS) is not None
    # A second table that repeats an entity-year and an outcome id, and links back to Kenya.
    other = tmp_path / "more.csv"
    other.write_text(
        "\n".join(
            [
                HEADER,
                _line(_row(outcome="AI-KE-2016-03")),
                _line(
                    _row(entity="AI-ZA", name="Amnesty International South Africa", outcome="AI-ZA-2016-01")
                ),
            ]
        ),
        encoding="utf-8",
    )
    # A YAML submission that links to outcomes of the tables, one way and both ways.
    yaml_file = tmp_path / "AI-NG.yaml"
    yaml_file.write_text(
        "schema_version: 1\n"
        "entity: {id: AI-NG, name: Amnesty International Nigeria, type: section, region: africa}\n"
        "year: 2016\n"
        "outcomes:\n"
        "  - id: AI-KE-2016-02\n"
        "    title: Lagos court frees protesters\n"
        "    description: On 3 June 2016 a court in Lagos freed 12 protesters.\n"
        "    impact_type: concrete_action_specific\n"
        "    strategic_goal: 1\n"
        "    expectation: exceeded\n"
        "    target: government\n"
        "    related_outcomes: [AI-UG-2016-01, AI-KE-2016-15]\n",
        encoding="utf-8",
    )
    report = assert_same(big, other, yaml_file)
    codes = {problem.code for problem in report.problems}
    # The table holds what it is meant to: a problem of each of these kinds.
    assert {
        "repeated-header",
        "row-length",
        "entity-mismatch",
        "duplicate-outcome-id",
        "duplicate-submission",
        "unknown-link",
        "one-way-link",
        "contact-details",
        "template-example",
        "date-outside-year",
        "invalid-date",
        "unknown-country",
        "unknown-code",
        "missing-value",
        "invalid-id",
        "out-of-range",
    } <= codes


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\x00", id="NUL byte"),
        pytest.param(b"old,mac\rline", id="lone CR"),
        pytest.param("caf\xe9".encode("latin-1"), id="Windows-1252"),
        pytest.param(b'"never closed', id="open quote"),
    ],
)
def test_files_the_columns_cannot_vouch_for_go_to_the_row_reader(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "export.csv"
    lines = [HEADER, _line(_row()), _line(_row(outcome="AI-KE-2016-02"))]
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\n" + content + b"\n")
    assert read_columnar(str(path), DEFAULT_LIMITS) is None
    assert_same(path)


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(HEADER.replace("expectation", "expection"), id="misspelt column"),
        pytest.param(HEADER.replace(",target", ""), id="missing column"),
        pytest.param(HEADER.replace(",", ";"), id="semicolons"),
        pytest.param("\ufeff" + HEADER, id="byte-order mark"),
        pytest.param(HEADER.replace("entity_id", "Entity ID"), id="spelt as people write it"),
    ],
)
def test_headers(tmp_path: Path, header: str) -> None:
    path = tmp_path / "export.csv"
    separator = ";" if ";" in header else ","
    rows = [line.replace(",", separator) for line in (_line(_row()), _line(_row(outcome="AI-KE-2016-02")))]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    assert_same(path)


def test_a_table_with_only_the_required_columns(tmp_path: Path) -> None:
    from impactagg.tabular import REQUIRED_COLUMNS

    path = tmp_path / "export.csv"
    rows = [_row(), _row(outcome="AI-KE-2016-02", goal="9"), _row(outcome="AI-KE-2016-01", title="")]
    lines = [",".join(REQUIRED_COLUMNS), *(",".join(row[name] for name in REQUIRED_COLUMNS) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_columnar(str(path), DEFAULT_LIMITS) is not None
    assert {problem.code for problem in assert_same(path).problems} == {
        "unknown-code",
        "missing-value",
        "duplicate-outcome-id",
    }


@pytest.mark.parametrize("change", ["delete", "rewrite"])
def test_a_table_that_changes_before_its_outcomes_are_built(tmp_path: Path, change: str) -> None:
    from impactagg.errors import SourceChangedError

    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, _line(_row()), _line(_row(outcome="AI-KE-2016-02"))]) + "\n")
    report = validate([str(path)], columnar=True)
    if change == "delete":
        path.unlink()
    else:
        path.write_text("\n".join([HEADER, _line(_row(outcome="AI-KE-2016-09"))] * 2) + "\n")
    with pytest.raises(SourceChangedError, match="gone or has changed"):
        _ = report.submissions[0].submission


@pytest.mark.parametrize("before", [0, 2])
def test_rows_that_disagree_with_their_entitys_first_row(tmp_path: Path, extension: str, before: int) -> None:
    # Each row is compared with its entity's first row, as the row-by-row reader compares it:
    # rows that repeat a changed detail disagree too, rows back to the first row's agree. Only
    # the entities whose rows change are compared: those around them are left as they are.
    uganda = [
        _row(entity="AI-UG", name="Amnesty International Uganda", outcome=f"AI-UG-2016-{n:02d}")
        for n in range(1, before + 1)
    ]
    names = ["Amnesty International Kenya", "AI Kenya", "AI Kenya", "Amnesty International Kenya", "AI Kenya"]
    rows = [_row(outcome=f"AI-KE-2016-{n:02d}", name=name) for n, name in enumerate(names, start=1)]
    tanzania = _row(entity="AI-TZ", name="Amnesty International Tanzania", outcome="AI-TZ-2016-01")
    rows = [*uganda, *rows, tanzania]
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    table = read_columnar(str(path), DEFAULT_LIMITS)
    assert table is not None
    assert sorted(table.reread) == [before + 1, before + 2, before + 4]  # the rows that disagree, no other
    report = assert_same(path)
    mismatches = [problem.line for problem in report.problems if problem.code == "entity-mismatch"]
    assert mismatches == [before + 3, before + 4, before + 6]


@pytest.mark.parametrize("limit", [2, 3, 4])
def test_the_limit_on_rows_counts_repeated_headers_as_the_row_reader_does(tmp_path: Path, limit: int) -> None:
    from impactagg.limits import Limits

    path = tmp_path / "export.csv"
    rows = [
        _line(_row()),
        HEADER,
        _line(_row(outcome="AI-KE-2016-02")),
        "",
        _line(_row(outcome="AI-KE-2016-03")),
    ]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    limits = Limits(outcomes=limit)
    columns = validate([str(path)], columnar=True, limits=limits)
    rows_read = validate([str(path)], columnar=False, limits=limits)
    assert columns.to_dict() == rows_read.to_dict()
    assert ("too-many-outcomes" in {problem.code for problem in columns.problems}) == (limit < 4)


def test_a_value_longer_than_the_limit_stops_the_row_reader_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    long = "x" * (DEFAULT_LIMITS.value_length + 1)
    path.write_text(
        "\n".join([HEADER, _line(_row()), _line(_row(description=long))]) + "\n", encoding="utf-8"
    )
    assert_same(path)


def test_a_header_cell_longer_than_the_limit_stops_the_row_reader_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, _line(_row())]) + "\n", encoding="utf-8")
    limits = Limits(value_length=len("entity_name"))  # shorter than 'description'
    before = csv.field_size_limit()
    columns, rows = (validate([str(path)], columnar=way, limits=limits) for way in (True, False))
    assert columns.to_dict() == rows.to_dict()
    assert [p.code for p in rows.problems] == ["csv-syntax"]
    assert csv.field_size_limit() == before  # the process's own limit, put back


# Values that each break one rule, or are valid in an unusual spelling.
_TRICKY = st.sampled_from(
    [
        "",
        " ",
        "Met",
        "MET",
        "2.0",
        "+2",
        "0",
        "٣",
        "2016",
        "２０１６",
        "xx",
        "KE",
        "ke",
        "2016-13-01",
        "a;b",
        " ; ",
        '"',
        '""',
        "é",
        "\u00a0x\u00a0",
        "\x1ex",
        "x\n y",
        "@",
        "0712345678",
        "AI-KE-2016-01",
    ]
)


@settings(max_examples=25, deadline=None)
@given(
    changes=st.lists(st.tuples(st.integers(0, 11), st.sampled_from(COLUMNS), _TRICKY), min_size=1, max_size=8)
)
def test_random_bad_cells(
    tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[int, str, str]]
) -> None:
    rows = [_row(outcome=f"AI-KE-2016-{n:02d}") for n in range(6)] + [
        _row(entity="AI-UG", name="Amnesty International Uganda", outcome=f"AI-UG-2016-{n:02d}")
        for n in range(6)
    ]
    for index, column, value in changes:
        rows[index][column] = value
    path = tmp_path_factory.mktemp("random") / "export.csv"
    path.write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    assert_same(path)


def test_the_columns_read_identifiers_as_the_models_do() -> None:
    import re

    from impactagg.models import _ID_RE, MAX_ID_LENGTH
    from impactagg.readers.columnar import _ID

    candidates = [
        "AI-KE",
        "a",
        "9",
        "AI_KE.2016-01",
        "-AI",
        ".x",
        "AI KE",
        "AÉ",
        "AI-\u212aE",
        "x" * 100,
        "x" * 101,
        "",
    ]
    for text in candidates:
        assert (re.fullmatch(_ID, text) is not None) == bool(
            _ID_RE.match(text) and len(text) <= MAX_ID_LENGTH
        )


_SHORT_HEADER = (
    b"entity_id,entity_name,entity_type,region,year,outcome_id,title,description,impact_type,"
    b"strategic_goal,expectation,target\n"
)


def _short_row(
    outcome: bytes = b"K-1", year: bytes = b"2016", title: bytes = b"T", entity: bytes = b"K"
) -> bytes:
    return entity + b",N,section,africa," + year + b"," + outcome + b"," + title + b",D,1,1,met,government"


@pytest.mark.parametrize(
    "content",
    [
        # Quotes that polars and the csv module read differently (found in review).
        pytest.param(
            _SHORT_HEADER + _short_row(title=b'"He said "no" today"') + b"\n", id="quote inside a quoted cell"
        ),
        pytest.param(
            _SHORT_HEADER + _short_row() + b"\n" + _short_row(b"K-2", title=b'5"" tall') + b",,\n",
            id="quotes in an unquoted cell and a long row",
        ),
        pytest.param(
            _SHORT_HEADER + _short_row() + b"\n" + _short_row(b"K-2", title=b'"a""b"') + b",\n",
            id="escaped quote and a long row",
        ),
        pytest.param(
            _SHORT_HEADER + _short_row(title=b' "padded" ') + b"\n", id="quoted cell with spaces around"
        ),
        pytest.param(
            _SHORT_HEADER + _short_row(title=b'"closed"late') + b"\n", id="text after a closing quote"
        ),
        # A year no test can read is not clean (a null is no vouching).
        pytest.param(
            _SHORT_HEADER + _short_row() + b"\n" + _short_row(b"U-1", b"2O16", entity=b"U") + b"\n",
            id="year 2O16",
        ),
        pytest.param(_SHORT_HEADER + _short_row(year=b"x") + b"\n", id="only row of no year"),
        pytest.param(
            _SHORT_HEADER
            + _short_row()
            + b"\n"
            + _short_row(b"U-1", entity=b"U")[: -len(b",government")]
            + b"\n",
            id="short row read again",
        ),
        pytest.param((_SHORT_HEADER + _short_row()).replace(b"\n", b"\r") + b"\r", id="old Mac line ends"),
        pytest.param(
            _SHORT_HEADER.replace(b"\n", b"\r \n") + _short_row() + b"\n", id="carriage return in the header"
        ),
    ],
)
def test_awkward_bytes(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    assert_same(path)


_NOISE = st.sampled_from([b'"', b",", b"\n", b"\r\n", b" ", b'""', b"x", b"2", b";", b"\xc3\xa9", b"@"])


@settings(max_examples=40, deadline=None)
@given(edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 3), _NOISE), min_size=1, max_size=6))
def test_random_damage_to_the_bytes(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[int, int, bytes]]
) -> None:
    # Characters inserted or overwritten anywhere, quoting or no quoting: both readers agree.
    rows = [_row(outcome=f"AI-KE-2016-{n:02d}", description=f"Line one, {n}\nline two") for n in range(5)]
    data = bytearray(("\n".join([HEADER, *map(_line, rows)]) + "\n").encode("utf-8"))
    for place, cut, noise in edits:
        at = len(HEADER) + 1 + place % (len(data) - len(HEADER) - 1)  # the header stays
        data[at : at + cut] = noise
    path = tmp_path_factory.mktemp("damaged") / "export.csv"
    path.write_bytes(bytes(data))
    assert_same(path)


def test_the_columns_strip_what_python_strips() -> None:
    # The columns strip cells with polars, given the characters str.strip() removes.
    import sys as system

    spaces = [chr(code) for code in range(system.maxunicode + 1) if chr(code).isspace()]
    assert sorted(_PYTHON_WHITESPACE) == spaces
    values = [f"{space}x{space}" for space in spaces] + ["\u200bx", " a  b\t", "", "\x1c\x1d"]
    stripped = pl.select(_python_strip(pl.lit(pl.Series(values)))).to_series().to_list()
    assert stripped == [value.strip() for value in values]


def test_summaries_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = generate.write_csv(tmp_path / "outcomes.csv", 2500, 3, error_share=0.01, seed=5)
    expected = run_summary([info.path], 2017)
    assert expected.summary is not None
    monkeypatch.setattr("impactagg.validation.COLUMNAR_FROM", 0)
    found = run_summary([info.path], 2017)
    assert found.to_dict() == expected.to_dict()
    assert found.selection.submissions == expected.selection.submissions


def test_the_command_reports_every_bad_cell_of_a_large_export(tmp_path: Path) -> None:
    # Large enough to be read by columns through the command people run.
    info = generate.write_csv(tmp_path / "export.csv", 9000, 2, error_share=0.01, seed=2)
    assert info.path.stat().st_size >= COLUMNAR_FROM
    done = subprocess.run(
        [str(IMPACTAGG), "validate", "--format", "json", str(info.path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    sidecar = json.loads(info.sidecar.read_text(encoding="utf-8"))
    check = generate.check_report(json.loads(done.stdout), sidecar)
    assert check.ok, check.describe()


def test_the_json_report_is_the_standard_encoders_byte_for_byte(tmp_path: Path) -> None:
    from impactagg.render.validation import render_json

    table = tmp_path / "export.csv"
    table.write_text("\n".join([HEADER, *_awkward_rows()]) + "\n", encoding="utf-8")
    # Control characters in values, and a file name that is not UTF-8: its path reaches the
    # report with a lone surrogate (os.fsdecode), which orjson refuses.
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.yaml"))
    odd.write_text(
        'schema_version: 1\nentity: {id: "AI-\\u0007KE", name: Amnistía, type: sección, region: africa}\n'
        "year: 2016\noutcomes: []\n",
        encoding="utf-8",
    )
    for paths in ([table], [table, odd]):
        report = validate([str(path) for path in paths])
        standard = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
        assert render_json(report) == standard
    assert "\udce9" in standard  # the surrogate reached the report: the fallback was taken


def test_progress_through_a_large_table_is_told_in_bytes(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, *map(_line, [_row(), _row(outcome="AI-KE-2016-02")])]) + "\n")
    calls: list[tuple[int, int, str]] = []
    validate([str(path)], columnar=True, progress=lambda done, total, name: calls.append((done, total, name)))
    size = path.stat().st_size
    assert (0, 1, str(path)) in calls  # the file, among the files
    assert calls[-2] == (size, size, str(path))  # then its bytes, to the last one
    assert calls[-1] == (1, 1, "")  # and the checks across files


@pytest.mark.parametrize("interleaved", [False, True])
def test_figures_counted_from_the_columns_are_the_models(tmp_path: Path, interleaved: bool) -> None:
    # Codes spelt every way the models accept, rows clean and rows read again (quotes, contact
    # details, a code in mixed case), lists with empty items, entities' rows together or not:
    # the counts read from the columns must be what the models give, value for value.
    ug = dict(
        entity="AI-UG", name="Amnesty International Uganda", kind="international_project", region="AFRICA"
    )
    ng = dict(
        entity="AI-NG", name="Amnesty International Nigeria", kind="Section", region="Africa", country="NG"
    )
    rows = [
        _row(),
        _row(outcome="AI-KE-2016-02", expectation="Met", goal="2.0", impact="3", country="ke"),
        _row(outcome="AI-KE-2016-03", target=" government ", expectation="mEt", corroborated="; ;"),
        _row(outcome="AI-KE-2016-04", description='He said "enough", twice.\nThen, a second line.'),
        _row(outcome="AI-KE-2016-05", contribution="Write to jane.doe@example.org.", corroborated=""),
        _row(outcome="AI-KE-2016-06", impact="6", goal="5", expectation="NEGATIVE", related="AI-UG-2016-01"),
        _row(**ug, outcome="AI-UG-2016-01", description="Call +254 712 345 678.", related="ai-ke-2016-06"),
        _row(**ug, outcome="AI-UG-2016-02", impact="Enhanced_Capacity", target="CORPORATE"),
        # Every row clean: this submission is counted from the columns alone.
        _row(**ng, outcome="AI-NG-2016-01", impact="2.0", goal="4", expectation="EXCEEDED", corroborated=";"),
        _row(**{**ng, "country": ""}, outcome="AI-NG-2016-02", target="CIVIL_SOCIETY", date="", sources=""),
    ]
    if interleaved:
        rows.insert(1, rows.pop())  # Nigeria's second row among Kenya's
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    report = validate([str(path)], columnar=True)
    assert report.errors == 0 and report.warnings == 2
    selection = select(report, 2016)
    places = [item.deferred_place for item in selection.checked]
    assert all(place is not None for place in places)  # nothing built yet
    table = places[0][0] if places[0] else None
    assert isinstance(table, ColumnarTable)
    read_again = {
        item.entity_id: number in table.partial
        for item, (_, number) in zip(selection.checked, filter(None, places), strict=True)
    }
    assert read_again == {"AI-KE": True, "AI-UG": True, "AI-NG": False}
    from_columns = selection.counts()
    assert len(from_columns.outcomes) == len(rows)
    assert from_columns == counts_of(selection.submissions)
    assert summarize(from_columns, 2016) == summarize(selection.submissions, 2016)


def test_what_summarize_selects_from_a_large_table_is_what_it_selects_row_by_row(tmp_path: Path) -> None:
    # The submissions a large table refuses are found among those made; the others are taken by
    # year from its columns, made only for the year counted. A year whose submissions are all
    # refused is no year of the valid data.
    ug = dict(entity="AI-UG", name="Amnesty International Uganda", country="UG")
    rows = [
        _row(),
        _row(outcome="AI-KE-2016-02"),
        _row(**ug, outcome="AI-UG-2017-01", year="2017", date="2017-03-01", goal="9"),  # refused
        _row(entity="AI-TZ", name="Amnesty International Tanzania", outcome="AI-TZ-2018-01", year="2018"),
        _row(entity="AI-NG", name="Amnesty International Nigeria", outcome="AI-NG-2016-01", date=""),
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    columns, by_rows = _both(path)
    for year in (2016, 2017, 2018, None):
        chosen, expected = select(columns, year), select(by_rows, year)
        assert chosen.years == expected.years == [2016, 2018]
        assert [(item.entity_id, item.year) for item in chosen.checked] == [
            (item.entity_id, item.year) for item in expected.checked
        ]
        assert chosen.blocking == expected.blocking and chosen.other_years == expected.other_years
    assert [item.entity_id for item in select(columns, 2016).checked] == ["AI-KE", "AI-NG"]
    fresh = validate([str(path)], columnar=True)
    assert [item.entity_id for item in select(fresh, 2018).checked] == ["AI-TZ"]
    submissions = fresh.files[0].submissions
    assert isinstance(submissions, DeferredSubmissions)
    # Made: where the table starts, the one read again, the one counted; not Nigeria's.
    assert [item.entity_id for item in submissions.made()] == ["AI-KE", "AI-UG", "AI-TZ"]


@pytest.mark.parametrize("chunk", [300, 4096])
def test_slices_cut_anywhere_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, extension: str
) -> None:
    # Large files are read in slices cut at row ends; small slices put every cut somewhere
    # awkward: inside a header, a quoted cell over two lines, a CRLF, a row longer than a slice.
    monkeypatch.setattr("impactagg.readers.columnar._CHUNK", chunk)
    awkward = tmp_path / "awkward.csv"
    awkward.write_bytes(("\r\n".join([HEADER, *_awkward_rows()]) + "\r\n").encode("utf-8"))
    generated = generate.write_csv(tmp_path / "generated.csv", 150, 2, error_share=0.05, seed=4).path
    for path in (awkward, generated):  # read by columns, in slices
        assert read_columnar(str(path), DEFAULT_LIMITS) is not None
    assert_same(awkward, generated)


@pytest.mark.parametrize("chunk", [4096, 65536])
def test_an_entitys_rows_far_apart_are_one_submission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # Some entities have a bad row among their first rows and another at the end of the file,
    # slices away: each is one submission, with both rows' problems and outcomes, as the
    # row-by-row reader makes it.
    monkeypatch.setattr("impactagg.readers.columnar._CHUNK", chunk)
    generated = generate.write_csv(tmp_path / "generated.csv", 600, 2, error_share=0.02, seed=5).path
    with generated.open(encoding="utf-8", newline="") as handle:
        header, *rows = csv.reader(handle)
    entity, impact, expectation = (header.index(name) for name in ("entity_id", "impact_type", "expectation"))
    by_entity: dict[str, list[list[str]]] = {}
    for row in rows:
        by_entity.setdefault(row[entity], []).append(row)
    moved = []
    for number, its_rows in enumerate(by_entity.values()):
        if number % 4 == 1 and len(its_rows) >= 3:
            its_rows[0][expectation] = "maybe"
            moved.append(its_rows.pop())
            moved[-1][impact] = "nonsense"
    assert len(moved) > 10
    path = tmp_path / "apart.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(
            [header, *(row for its_rows in by_entity.values() for row in its_rows), *moved]
        )
    assert read_columnar(str(path), DEFAULT_LIMITS) is not None, "read by columns, or this proves nothing"
    report = assert_same(path)
    assert report.errors >= 2 * len(moved)
    assert len(report.submissions) == len(by_entity)


def test_the_compiled_module_is_built() -> None:
    # setup.py builds it as optional (users without a C compiler still get a working reader);
    # here it must be present, or every other test would quietly run numpy and polars only.
    assert columnar._scan_rows is not None, "impactagg.readers._rowscan was not built: see pip's output"
    assert columnar._cells is not None


_SCANNED = [b"a", b",", b'"', b'""', b"\n", b"\r\n", b"x y", b"\xc3\xa9", b"0123456789abcdef", b"\r", b"\x00"]
_RARELY = [5] * 9 + [1, 1]  # a lone carriage return or a NUL makes a text unreadable by columns


def _rows_found(data: bytes, final: bool) -> tuple[list[list[int]], int] | None:
    found = columnar._split_rows(data, 100, final, columnar._Scratch())
    if found is None:
        return None
    rows, used = found
    numbers = (rows.starts, rows.stops, rows.lines, rows.quotes, rows.breaks)
    assert rows.base == 100 and len(rows.plain) == len(rows) == len(rows.starts) // 8
    return [list(memoryview(field).cast("q")) for field in numbers] + [list(rows.plain)], used


def test_the_compiled_row_scanner_finds_what_numpy_finds(
    monkeypatch: pytest.MonkeyPatch, compiled: str
) -> None:
    # Two scanners, one answer: random texts of every awkward byte, at lengths on both sides of
    # the compiled one's 16-byte blocks, as a middle slice and as the file's last.
    import random

    generator = random.Random(7)
    texts = [b"", b"\n", b'"', b"a\r", b'"a"b,"c""d"\n"e\n', b"a,b\r\n\r\n\n"]
    for _ in range(4000):
        texts.append(b"".join(generator.choices(_SCANNED, _RARELY, k=generator.randint(0, 30))))
    compiled = [_rows_found(text, final) for text in texts for final in (False, True)]
    monkeypatch.setattr(columnar, "_scan_rows", None)
    assert compiled == [_rows_found(text, final) for text in texts for final in (False, True)]
    kinds = Counter(
        "unreadable" if found is None else "rows" if found[1] else "no row end" for found in compiled
    )
    assert len(kinds) == 3 and min(kinds.values()) > len(compiled) // 20  # each kind well tried


def _facts_of(data: bytes, compiled: bool) -> pl.DataFrame | None:
    """The first pass's facts about a table's rows (after its header), by the compiled pass or
    by polars alone."""
    header, _, body = data.partition(b"\n")
    names = header.decode().split(",")
    with pytest.MonkeyPatch.context() as patch:
        if not compiled:
            patch.setattr(columnar, "_cells", None)
        found = columnar._split_rows(body, 0, True, columnar._Scratch())
        assert found is not None
        rows, used = found
        return columnar._facts(body, used, names, DEFAULT_LIMITS, rows, 0, 2)


# Cells that each test must tell apart, column by column: valid, valid in an unusual spelling, or
# invalid in a way only one character shows.
_CELLS: dict[str, list[str]] = {
    "entity_id": ["AI-KE", " AI-KE ", "ai.ke_1", "-AI", "AÉ", "AI\u00a0KE", "x" * 100, "x" * 101, ""],
    "entity_name": ["Amnesty International Kenya", " \u3000", "", "\u00a0N\u00a0", "Name, with comma"],
    "entity_type": ["section", "Section", "SECTION", "sEction", " section\u2003", "sections", ""],
    "region": ["africa", "Africa", "AFRICA", "americas", "afrika", ""],
    "year": ["2016", " 2016 ", "1899", "1900", "2100", "2101", "２０１６", "2O16", "+201", "16", ""],
    "outcome_id": ["AI-KE-2016-01", "AI-KE-2016-01 ", "ai-ke-2016-02", "AI KE", "Ω-1", ""],
    "impact_type": ["increased_dialogue", "Enhanced_Capacity", "3", "3.0", "3.00", "3.", "6", "7", "0", "٣"],
    "strategic_goal": ["1", "5", "6", "0", "2.0", "2.", "2.01", " 2 ", "٢", "two", ""],
    "expectation": ["met", "Met", "MET", "exceeded", "negative", "mEt", "partly", ""],
    "target": ["government", "general_public", "GENERAL_PUBLIC", "General_public", "public", ""],
    "country": ["KE", "ke", "Ke", " KE ", "XX", "K", "", " "],
    "date": [
        "",
        "2016-02-04",
        "2016-02-29",
        "2016-02-30",
        "2015-02-28",
        "2017-01-01",
        "2016-2-4",
        " 2016-05-01",
        "2016-13-01",
        "٢٠١٦-01-01",
    ],
    "related_outcomes": ["", "AI-KE-2016-02", "AI-KE-2016-02;AI-KE-2016-03", "a;", ";a", "a; b", " a ", " "],
    "title": [
        "Police stop evictions",
        "",
        " \u3000\u2028",
        "\x1c",
        "Health officials agree to discuss barriers to abortion services",
        "x@y",
        "Call +254 712 345 678",
    ],
    "description": [
        "Text",
        "",
        "\t",
        "On 4 May 2016, 0712345678",
        "٠٧١٢٣٤٥٦٧٨",
        "digits 012-345-6789",
        "0 1 2 3 4 5 6 7 8",
    ],
    "contribution": ["", "We met them", "mail: a@b.org", "+1 (555) 010-9999"],
    "sources": ["", "Minutes; https://example.org/a@b", "+1 555 010 9999"],
    "corroborated_by": ["", "A lawyer", "0-1-2-3-4-5-6-7-8"],
}


def test_rows_failing_a_few_cells_are_checked_by_those_cells(
    tmp_path: Path, compiled: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A row that fails the compiled pass's tests in a few cells, in a submission whose entity and
    # year a clean row gives, is checked by the models' validators of those cells alone
    # (checks.check_fields): every kind of bad cell, as the row-by-row reader reports it.
    from impactagg.example import EXAMPLE_TITLE

    def entity(number: int, **cells: str) -> dict[str, str]:
        return _row(entity=f"AI-X{number:03d}", outcome=f"AI-X{number:03d}-2016-01") | cells

    bad: list[dict[str, str]] = [
        {column: cell}
        for column, cells in _CELLS.items()
        if column not in columnar._ENTITY_FACTS
        for cell in cells[1:]
        if '"' not in cell
    ]
    bad += [
        {"title": EXAMPLE_TITLE},
        {"title": "", "date": "2015-01-01", "country": "UK"},  # three cells of one row
        {"entity_name": "Amnesty Kenya", "target": "govt"},  # and a detail that disagrees
        {"outcome_id": "AI-X-01", "related_outcomes": "AI-X-02;bad id"},
    ]
    lines = [HEADER]
    for number, cells in enumerate(bad):
        first = entity(number)
        second = first | {"outcome_id": f"AI-X{number:03d}-2016-02"} | cells
        lines += [_line(first), _line(second), _line(second | {"outcome_id": f"AI-X{number:03d}-2016-03"})]
    # Whole submissions to the models: one whose bad first row gives its entity, one whose row
    # gives another year (what a date's test meant changes), one with a row the pass cannot split.
    lines += [
        _line(entity(900, entity_type="sektion")),
        _line(entity(900, outcome_id="AI-X900-2016-02", date="2017-01-01")),
        _line(entity(901)),
        _line(entity(901, outcome_id="AI-X901-2016-02", year="2017", date="2016-02-01")),
        _line(entity(902)),
        _line(entity(902, outcome_id="AI-X902-2016-02", title='A "quoted" word', goal="9")),
    ]
    table = tmp_path / "export.csv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked: dict[str, list[str]] = {"check_fields": [], "check_submission": []}
    for name in checked:
        check = getattr(columnar, name)

        def counted(
            path: str, raw: RawSubmission, *fields: object, check: Any = check, name: str = name
        ) -> Any:
            checked[name].append(raw.data["entity"]["id"])
            return check(path, raw, *fields)

        monkeypatch.setattr(columnar, name, counted)
    report = assert_same(table)
    assert sorted(checked["check_submission"]) == ["AI-X900", "AI-X901", "AI-X902"]
    # Rows whose changed cell passes the tests (' KE ', 'Met' ...) need no words.
    assert len(checked["check_fields"]) > len(bad) / 2
    assert {problem.code for problem in report.problems} >= {
        "missing-value",
        "invalid-id",
        "unknown-code",
        "unknown-country",
        "invalid-date",
        "date-outside-year",
        "contact-details",
        "template-example",
        "entity-mismatch",
    }


def test_a_validation_makes_few_of_a_large_tables_submissions(tmp_path: Path) -> None:
    # The report counts a large table's submissions and lists a line for each from its columns;
    # only those with rows read again, and those the checks across files add problems to, are
    # made as objects, and the report is the row-by-row reader's all the same.
    rows = [
        _row(entity=f"AI-X{number:03d}", outcome=f"AI-X{number:03d}-2016-{index}")
        for number in range(40)
        for index in (1, 2)
    ]
    rows[5] = rows[5] | {"expectation": "partly"}  # AI-X002: a row read again
    rows[11] = rows[11] | {"outcome_id": "AI-X004-2016-1"}  # AI-X005: an id AI-X004 uses too
    table = tmp_path / "export.csv"
    table.write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    report = validate([str(table)], columnar=True)
    submissions = report.files[0].submissions
    assert isinstance(submissions, DeferredSubmissions)
    made = [checked.entity_id for checked in submissions.made()]
    assert made == ["AI-X000", "AI-X002", "AI-X004", "AI-X005"]  # the first: where the table starts
    assert report.submission_count == 40 and report.outcomes == 80
    assert_same(table)


@pytest.mark.parametrize("year", ["2016", "2016.0"])
def test_a_table_alone_is_compared_across_its_rows_while_it_is_read(tmp_path: Path, year: str) -> None:
    # The ids used again and the links of a table that is the only source of outcomes are found
    # on the thread that lays the table out, by the years its columns give, while the rows read
    # again are checked. A first row read again whose year the models read otherwise ("2016.0":
    # 2016 to them, no number to the columns) leaves them to cross_refs, with the models' years.
    rows = [
        _row(entity=f"AI-X{number:03d}", outcome=f"AI-X{number:03d}-2016-{index}")
        for number in range(12)
        for index in (1, 2)
    ]
    rows[2] = rows[2] | {"related_outcomes": "AI-X002-2016-1;AI-X099-2016-1"}  # one way; unknown
    rows[6] = rows[6] | {"related_outcomes": "AI-X006-2016-1"}  # AI-X003, both ways with AI-X006
    rows[12] = rows[12] | {"related_outcomes": "AI-X003-2016-1"}
    rows[11] = rows[11] | {"outcome_id": "AI-X004-2016-1"}  # AI-X005: an id AI-X004 uses too
    rows[14] = rows[14] | {"year": year, "expectation": "partly"}  # AI-X007's first row, read again
    rows[15] = rows[15] | {"year": year, "outcome_id": "AI-X008-2016-1"}  # and an id AI-X008 uses
    path = tmp_path / "export.csv"
    path.write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    table = read_columnar(str(path), DEFAULT_LIMITS)
    assert table is not None
    if year == "2016":
        assert table.alone is not None and table.alone.frame is table.frame
    else:
        assert table.alone is None
    report = assert_same(path)
    found = {(problem.code, problem.line) for problem in report.problems}
    # Both ids used again, at their later use (AI-X008's after AI-X007's in its year, however
    # written), and both faulty links.
    assert {("duplicate-outcome-id", 13), ("duplicate-outcome-id", 18)} <= found
    assert {("one-way-link", 4), ("unknown-link", 4)} <= found
    assert not {code for code, line in found if line in (8, 14)}  # the links both ways


def test_tables_validated_together_are_compared_together_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With other files, the checks across files compare all of them at once: what they would
    # look for in a table alone is not looked for while it is read (it would be work for nothing).
    asked: list[object] = []
    real = columnar._alone
    monkeypatch.setattr(columnar, "_alone", lambda layout: asked.append(layout) or real(layout))
    paths = []
    for entity in ("AI-X", "AI-Y"):
        rows = [
            _row(entity=f"{entity}{number:03d}", outcome=f"{entity}{number:03d}-2016-1")
            for number in range(12)
        ]
        rows[5] = rows[5] | {"outcome_id": "AI-X000-2016-1"}  # used by AI-X000 in the first file too
        paths.append(tmp_path / f"{entity}.csv")
        paths[-1].write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    validate([str(paths[0])], columnar=True)
    assert len(asked) == 1  # alone: looked for while read
    asked.clear()
    report = assert_same(*paths)
    assert not asked
    assert {problem.path for problem in report.problems if problem.code == "duplicate-outcome-id"} == {
        str(path) for path in paths
    }


def test_deferred_submissions_are_made_once_and_kept() -> None:
    made = CheckedSubmission.deferred(None, 1, "t.csv", "AI-B", 2016, 2, [], False)  # type: ignore[arg-type]
    submissions = DeferredSubmissions(
        None,  # type: ignore[arg-type]
        "t.csv",
        ["AI-A", "AI-B", None],
        [2016, 2016, None],
        [3, 2, 1],
        {1: made},
    )
    assert len(submissions) == 3 and submissions[1] is made and submissions[-2] is made
    first = submissions[0]
    assert first is submissions[0] and (first.entity_id, first.year, first.outcome_count) == ("AI-A", 2016, 3)
    assert submissions.made() == [first, made]
    assert submissions.summaries() == (
        ["AI-A", "AI-B", None],
        [2016, 2016, None],
        [3, 2, 1],
        [True, False, True],
    )
    with pytest.raises(IndexError):
        submissions[3]
    every = list(submissions)  # the rest made at once, those made before kept
    assert every[:2] == [first, made] and every[2].entity_id is None and submissions[2] is every[2]
    assert submissions.made() == every == submissions[0:3] and submissions.outcome_total() == 6


def test_several_files_submissions_are_one_sequence_in_order() -> None:
    from impactagg.validation import _Joined

    a, b, c = (CheckedSubmission.deferred(None, 0, f"{n}", n, 2016, 1, [], True) for n in "abc")  # type: ignore[arg-type]
    joined = _Joined([[], [a, b], [], [c], []])
    assert len(joined) == 3 and list(joined) == [a, b, c] and joined[1:] == [b, c]
    assert [joined[0], joined[1], joined[2], joined[-1]] == [a, b, c, c]
    for outside in (3, -4):
        with pytest.raises(IndexError):
            joined[outside]


def test_the_models_have_no_rule_that_reads_two_fields() -> None:
    # check_fields reads a row's failing cells by their fields' validators alone, which is what the
    # models do only while none of their rules looks at two fields at once; the one rule of a
    # whole model, leaving out empty values, check_fields applies itself (drop_empty). A rule
    # across fields added to the models must be added there too.
    from impactagg.models import Entity, Outcome, Submission

    for model in (Entity, Outcome, Submission):
        decorators = model.__pydantic_decorators__
        assert list(decorators.model_validators) == ["_drop_empty"]
        assert (
            not decorators.field_validators and not decorators.root_validators and not decorators.validators
        )


def test_rows_read_again_for_their_details_must_give_the_ids_the_columns_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A row that passed every test but gives other entity details than its entity's first row is
    # read again by the csv module; were its ids not those the compiled pass found, the columns
    # could not be trusted: the file goes to the row-by-row reader.
    table = tmp_path / "export.csv"
    rows = [_row(), _row(outcome="AI-KE-2016-02", name="Amnesty Kenya")]
    table.write_text("\n".join([HEADER, *map(_line, rows)]) + "\n", encoding="utf-8")
    assert read_columnar(str(table), DEFAULT_LIMITS) is not None
    reread = columnar._reread

    def misread(path: str, found: pl.DataFrame) -> dict[int, list[str]] | None:
        read = reread(path, found)
        assert read, "the row must be read again, or this test proves nothing"
        return {
            row: [values[0], values[1], *values[2:5], "AI-KE-2016-99", *values[6:]]
            for row, values in read.items()
        }

    monkeypatch.setattr(columnar, "_reread", misread)
    assert read_columnar(str(table), DEFAULT_LIMITS) is None


def _compared(rows: list[dict[str, str]]) -> pl.DataFrame:
    """The facts of ``rows`` by the compiled pass, once required to equal polars' own."""
    text = ("\n".join([HEADER, *map(_line, rows)]) + "\n").encode("utf-8")
    compiled, polars = _facts_of(text, True), _facts_of(text, False)
    assert compiled is not None and polars is not None
    assert compiled["suspect"].to_list() == polars["suspect"].to_list()
    clean = ~compiled["suspect"]
    # Which cells failed: only the compiled pass knows (polars' rows say "unknown").
    columns = [name for name in compiled.columns if name not in ("same", "failed")]
    assert compiled.filter(clean).select(columns).equals(polars.filter(clean).select(columns))
    assert (compiled["failed"] == 0).to_list() == clean.to_list()
    assert set(polars["failed"]) == {columnar._UNSPLIT}
    # A clean row found the same as the clean row before has the entity details polars reads in it.
    same = compiled["same"] & clean & clean.shift(1, fill_value=False)
    facts = polars.select(columnar._ENTITY_FACTS)
    assert facts.filter(same).equals(facts.shift(1).filter(same))
    return compiled


def test_the_compiled_pass_tests_each_cell_as_polars_does(compiled: str) -> None:
    # Two implementations of the clean test (_rowscan.cells where it is built, polars where it is
    # not), one answer: every cell above in an otherwise valid row.
    valid = {name: cells[0] for name, cells in _CELLS.items()}
    rows = [valid | {name: cell} for name, cells in _CELLS.items() for cell in cells]
    facts = _compared(rows)
    assert 0 < facts["suspect"].sum() < len(rows) - len(_CELLS)  # each kind well tried
    # And it says which cell failed: the one changed (the valid row's date is empty: no other
    # cell depends on it); every one where a quote inside a cell leaves the row to the csv module.
    expected = [
        columnar._UNSPLIT if '"' in cell else 1 << COLUMNS.index(name)
        for name, cells in _CELLS.items()
        for cell in cells
    ]
    assert facts["failed"].to_list() == [
        bit if suspect else 0 for bit, suspect in zip(expected, facts["suspect"], strict=True)
    ]


def test_the_compiled_pass_keys_ids_of_every_length_as_polars_does(compiled: str) -> None:
    # The compiled pass lowercases the ids it keeps eight bytes at a time, then byte by byte:
    # every length up to 40, every kind of character an id holds, each letter in both cases.
    alphabet = "AZaz09.-_QqMm"
    ids = [("X" + alphabet * 4)[:length] for length in range(1, 41)]
    rows = [_row(entity=f"E{identifier}", outcome=identifier) for identifier in ids]
    facts = _compared(rows)
    assert not facts["suspect"].any()
    assert facts["outcome_key"].to_list() == [identifier.lower() for identifier in ids]
    assert facts["key"].to_list() == [f"e{identifier}".lower() for identifier in ids]


# The fixture only chooses the module: nothing to reset between examples.
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_compiled_pass_tests_what_polars_tests(data: st.DataObject, compiled: str) -> None:
    # And any two cells of a row together (the date depends on the year).
    # Each row valid (every column's first cell) but for a cell or two, so that each test decides.
    rows = []
    for _ in range(data.draw(st.integers(1, 12))):
        row = {name: cells[0] for name, cells in _CELLS.items()}
        for name in data.draw(st.lists(st.sampled_from(COLUMNS), max_size=2)):
            row[name] = data.draw(st.sampled_from(_CELLS[name]))
        rows.append(row)
    _compared(rows)


_TEXT_PARTS = [
    "a",
    " ",
    "-",
    ".",
    "(",
    "+",
    "0",
    "1",
    "9",
    "٣",
    "３",
    "५",
    "\U0001d7ce",
    "\u00a0",
    "\u3000",
    "é",
    "中",
    "@",
    "\n",
    ",",
    "\x1d",
    "\t",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(_TEXT_PARTS), max_size=40))
@example(parts=["+", *"12345678"])  # the shortest numbers the superset takes ...
@example(parts=["0", *"1234567 8"])
@example(parts=["x+", *"1234567"])  # ... and one digit fewer
@example(parts=["0", *"12(34) 56.7"])
@example(parts=["00", *"1234-5-6-7"])
@example(parts=["+1", "  ", *"2345678"])  # two characters apart
@example(parts=["+", "٣", "1", "३", *"2345", "\U0001d7ce"])  # digits of other scripts
@example(parts=["\u3000", "\x1d", "\t"])  # only what Python strips
def test_the_compiled_pass_tests_free_text_as_python_does(parts: list[str], compiled: str) -> None:
    # A description is clean when it holds a character Python does not strip, no '@', and
    # nothing the phone superset matches with Python's digits; the superset must hold every
    # number that checks._PHONE finds.
    import re

    from impactagg.checks import _PHONE

    description = "".join(parts)
    phone = re.search(columnar._PHONE_SUPERSET, description) is not None
    assert phone or not _PHONE.search(description)
    text = ("\n".join([HEADER, _line(_row(description=description))]) + "\n").encode("utf-8")
    facts = _facts_of(text, True)
    assert facts is not None
    expected = bool(description.strip()) and "@" not in description and not phone
    assert facts["suspect"].to_list() == [not expected]


def test_the_compiled_pass_knows_pythons_spaces_and_digits() -> None:
    spaces, digits = columnar._character_classes()
    for bits, test in ((spaces, str.isspace), (digits, str.isdecimal)):
        members = {code for code in range(0x110000) if bits[code >> 3] >> (code & 7) & 1}
        assert members == {
            code for code in range(0x110000) if not 0xD800 <= code < 0xE000 and test(chr(code))
        }


def test_the_compiled_pass_hands_polars_the_kept_cells_as_arrow_columns(compiled: str) -> None:
    lines = [
        _line(_row(outcome=" Ai-Ke-2016-01 ", name="Amnesty, Kenya")),  # stripped inside its quotes
        _line(_row(outcome="AI-KE-2016-02", name="Amnesty, Kenya")),  # repeats the details: null
        _line(_row(outcome="AI-KE-2016-03", title='A "quoted" word')),  # not split: empty
        _line(_row(outcome="AI-KE-2016-04", related="AI-KE-2016-01;AI-KE-2016-02")),  # after it: given
        _line(_row(outcome="AI-KE-2016-05", impact="9")),  # not clean, still split and kept
    ]
    text = ("\n".join(lines) + "\n").encode("utf-8")
    found = columnar._split_rows(text, 0, True, columnar._Scratch())
    assert found is not None
    compiled = columnar._compiled(text, found[0], COLUMNS, DEFAULT_LIMITS)
    assert compiled is not None
    cells, failed, repeats = compiled
    # Each id is followed by its key, the id lowercased (polars need not do it for every row).
    kept = [name for name in COLUMNS if name in columnar._KEPT]
    assert cells.columns == [
        column
        for name in kept
        for column in ([name, columnar._KEYS[name]] if name in columnar._KEYS else [name])
    ]
    assert cells["outcome_id"].to_list() == [
        "Ai-Ke-2016-01",
        "AI-KE-2016-02",
        "",
        "AI-KE-2016-04",
        "AI-KE-2016-05",
    ]
    assert cells["outcome_key"].to_list() == [
        "ai-ke-2016-01",
        "ai-ke-2016-02",
        "",
        "ai-ke-2016-04",
        "ai-ke-2016-05",
    ]
    assert cells["key"].to_list() == ["ai-ke", None, "", "ai-ke", None]  # null where the details repeat
    assert cells["entity_name"].to_list() == ["Amnesty, Kenya", None, "", "Amnesty International Kenya", None]
    assert cells["year"].to_list() == ["2016", None, "", "2016", None]
    assert cells["related_outcomes"].to_list() == ["", "", "", "AI-KE-2016-01;AI-KE-2016-02", ""]
    unsplit, impact = columnar._UNSPLIT, 1 << COLUMNS.index("impact_type")
    assert np.frombuffer(failed, np.uint64).tolist() == [0, 0, unsplit, 0, impact]
    assert list(repeats) == [0, 1, 0, 0, 1]


@pytest.mark.parametrize(
    ("kind", "dtype", "values"),
    [
        ("l", np.int64, [0, 1, -1, 2**63 - 1, -(2**63), 540_440_541]),
        ("L", np.uint64, [0, 1, 2**64 - 1, 1 << 17]),
        ("C", np.uint8, [0, 1, 255]),
        ("l", np.int64, []),
    ],
)
def test_numbers_reach_polars_as_numpy_would_give_them(
    monkeypatch: pytest.MonkeyPatch, compiled: str, kind: str, dtype: type, values: list[int]
) -> None:
    # The row scanner's and the cell pass's columns of numbers, handed to polars by the compiled
    # module (numpy's import alone cost a large file's validation 2 to 3 percent), and by numpy
    # where the module is not built: the same columns.
    data = np.array(values, dtype=dtype).tobytes()
    given = columnar._numbers_of(data, kind)
    monkeypatch.setattr(columnar, "_numbers", None)
    expected = columnar._numbers_of(data, kind)
    assert given.dtype == expected.dtype and given.to_list() == expected.to_list() == values


def test_the_compiled_module_refuses_numbers_it_cannot_hand_over() -> None:
    from impactagg.readers import _rowscan

    with pytest.raises(ValueError, match="format"):
        _rowscan.column(bytes(8), "d")  # doubles: never made
    with pytest.raises(ValueError, match="whole numbers"):
        _rowscan.column(bytes(12), "l")  # a number and a half


def test_the_compiled_pass_grows_its_columns_for_long_cells(compiled: str) -> None:
    # A kept column starts with room for 16 bytes a row and grows as its cells need.
    related = [";".join(f"AI-KE-2016-{n:03d}-{m:02d}" for m in range(20)) for n in range(50)]
    names = [f"Amnesty International Kenya, office {n} of a long list of offices" for n in range(50)]
    rows = [
        _row(entity=f"AI-K{n:02d}", outcome=f"AI-K{n:02d}-2016-01", name=name, related=links)
        for n, (name, links) in enumerate(zip(names, related, strict=True))
    ]
    text = ("\n".join(map(_line, rows)) + "\n").encode("utf-8")
    found = columnar._split_rows(text, 0, True, columnar._Scratch())
    assert found is not None
    compiled = columnar._compiled(text, found[0], COLUMNS, DEFAULT_LIMITS)
    assert compiled is not None
    cells, _, repeats = compiled
    assert sum(map(len, related)) > 4 * (16 * len(rows) + 64)  # several times the first room
    assert cells["related_outcomes"].to_list() == related
    assert cells["entity_name"].to_list() == names
    assert not any(repeats)


def test_the_compiled_pass_refuses_rows_out_of_place() -> None:
    # cells() reads without the GIL from the places scan() gives; any others are refused before.
    from impactagg.models import MAX_ID_LENGTH
    from impactagg.readers import _rowscan

    names = COLUMNS
    text = ("\n".join([_line(_row()), _line(_row(outcome="AI-KE-2016-02"))]) + "\n").encode("utf-8")
    found = columnar._split_rows(text, 0, True, columnar._Scratch())
    assert found is not None
    rows, _ = found

    def cells(data: object, starts: object, stops: object, breaks: object, rules: object) -> object:
        return _rowscan.cells(
            data,
            starts,
            stops,
            breaks,
            rows.plain,
            rules,
            *columnar._character_classes(),
            *columnar._identifier_bytes(),
            MAX_ID_LENGTH,
            1900,
            2100,
            names.index("year"),
            b"example",
            1000,
        )

    rules = columnar._rules(tuple(names))
    result = cells(text, rows.starts, rows.stops, rows.breaks, iter(rules))  # any iterable of rules
    assert isinstance(result, tuple) and result[1] == bytes(16)  # two rows, no cell failed
    given = {name: np.frombuffer(getattr(rows, name), np.int64) for name in ("starts", "stops", "breaks")}
    moved = given["starts"].copy()
    moved[1] += 1  # not where a line ends
    beyond = given["stops"].copy()
    beyond[1] += 5  # past the text
    for starts, stops, breaks in [
        (moved, rows.stops, rows.breaks),
        (rows.starts, beyond, rows.breaks),
        (rows.starts, rows.stops, given["breaks"] * 3),
        (given["starts"][::-1].copy(), rows.stops, rows.breaks),
    ]:
        with pytest.raises(ValueError, match="out of place"):
            cells(text, starts, stops, breaks, rules)
    kept_text = [
        (flags | 2 if name == "entity_id" else flags, spellings, top)
        for name, (flags, spellings, top) in zip(names, rules, strict=True)
    ]
    with pytest.raises(ValueError, match="never kept"):
        cells(text, rows.starts, rows.stops, rows.breaks, kept_text)
    with pytest.raises(TypeError, match="bytes"):
        cells(bytearray(text), rows.starts, rows.stops, rows.breaks, rules)
    # A bit per column in a 64-bit mask: a table of more columns is refused (the standard has 18).
    with pytest.raises(ValueError, match="more than 64 columns"):
        cells(text, rows.starts, rows.stops, rows.breaks, [*rules, *[(0, (), 0)] * (65 - len(rules))])
