"""Broken and hostile input: a clear, located message and the right exit code, never a traceback or a hang."""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from impactagg.checks import check_submission
from impactagg.limits import Limits
from impactagg.readers import read_bytes
from impactagg.tabular import COLUMNS
from impactagg.validation import validate
from tests.conftest import VALID, run_cli

VALID_YAML = (VALID / "kenya-2016.yaml").read_text(encoding="utf-8")
VALID_CSV = (VALID / "kenya-2016.csv").read_text(encoding="utf-8")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"


def _xlsx(path: Path, rows: list[list[Any]], sheet: str = "outcomes", merge: str | None = None) -> None:
    book = openpyxl.Workbook()
    main = book.active
    assert main is not None
    main.title = sheet
    for row in rows:
        main.append(row)
    if merge:
        main.merge_cells(merge)
    book.save(path)


ROW = [
    "AI-KE",
    "Kenya",
    "section",
    "africa",
    2016,
    "AI-KE-2016-01",
    "Title",
    "Description",
    "increased_dialogue",
    2,
    "met",
    "government",
    "KE",
    "2016-05-12",
    None,
    None,
    None,
]
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + "".join(
    f"{chr(99 + i)}: &{chr(99 + i)} [{', '.join([f'*{chr(98 + i)}'] * 9)}]\n" for i in range(7)
)

# name -> (file name, how to write it, expected (code, line) of the first problem, exit code)
CASES: dict[str, tuple[str, Callable[[Path], object], tuple[str, int | None], int]] = {
    "empty-yaml": ("e.yaml", lambda p: p.write_bytes(b""), ("empty-file", None), 1),
    "empty-csv": ("e.csv", lambda p: p.write_bytes(b"  \n\n"), ("empty-file", None), 1),
    "empty-xlsx": ("e.xlsx", lambda p: p.write_bytes(b""), ("empty-file", None), 1),
    "binary-as-yaml": ("image.yaml", lambda p: p.write_bytes(PNG), ("binary-content", 3), 2),
    "binary-as-csv": ("image.csv", lambda p: p.write_bytes(PNG), ("binary-content", 3), 2),
    "binary-as-xlsx": ("image.xlsx", lambda p: p.write_bytes(PNG), ("not-a-workbook", None), 2),
    "truncated-yaml": (
        "t.yaml",
        lambda p: p.write_text(VALID_YAML[: VALID_YAML.index("meeting, 12 May")]),
        ("yaml-syntax", 22),
        1,
    ),
    "truncated-csv": (
        "t.csv",
        lambda p: p.write_text(VALID_CSV[: VALID_CSV.index("to review the")]),
        ("csv-syntax", 2),
        1,
    ),
    "truncated-xlsx": (
        "t.xlsx",
        lambda p: (_xlsx(p, [COLUMNS, ROW]), p.write_bytes(p.read_bytes()[:900])),
        ("not-a-workbook", None),
        2,
    ),
    "zip-not-workbook": (
        "z.xlsx",
        lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "hello"),
        ("not-a-workbook", None),
        2,
    ),
    "invalid-utf8": (
        "bad.yaml",
        lambda p: p.write_bytes(VALID_YAML.encode()[:50] + b"\xff\xfe" + b"x\n"),
        ("encoding-error", 1),
        2,
    ),
    "invalid-cp1252-csv": (
        "bad.csv",
        lambda p: p.write_bytes(b"entity_id\n\x81\x8d\n"),
        ("encoding-error", 2),
        2,
    ),
    "nul-byte": (
        "nul.yaml",
        lambda p: p.write_bytes(VALID_YAML.encode().replace(b"Kenya\n", b"Ke\x00nya\n", 1)),
        ("binary-content", 5),
        2,
    ),
    "yaml-scalar": ("s.yaml", lambda p: p.write_text("just some text\n"), ("yaml-not-mapping", 1), 1),
    "yaml-list-at-top": ("l.yaml", lambda p: p.write_text("- a\n- b\n"), ("yaml-not-mapping", 1), 1),
    "billion-laughs": ("laughs.yaml", lambda p: p.write_text(BILLION_LAUGHS), ("yaml-anchor", 1), 1),
    "merge-key": (
        "m.yaml",
        lambda p: p.write_text("base: {a: 1}\nentity:\n  <<: {id: x}\n"),
        ("yaml-anchor", 3),
        1,
    ),
    "deep-nesting": (
        "d.yaml",
        lambda p: p.write_text("a: " + "[" * 100_000 + "]" * 100_000),
        ("too-deep", 1),
        1,
    ),
    "python-object-tag": (
        "tag.yaml",
        lambda p: p.write_text("a: !!python/object/apply:os.system ['touch /tmp/x']\n"),
        ("yaml-tag", 1),
        1,
    ),
    "duplicate-keys": (
        "dup.yaml",
        lambda p: p.write_text(VALID_YAML.replace("year: 2016\n", "year: 2016\nyear: 2017\n")),
        ("duplicate-key", 9),
        1,
    ),
    "ten-mb-value": (
        "big.yaml",
        lambda p: p.write_text(VALID_YAML.replace("title: Ministry", "title: " + "M" * 10_000_000, 1)),
        ("value-too-long", 11),
        1,
    ),
    "ten-mb-cell": (
        "big.csv",
        lambda p: p.write_text(VALID_CSV.replace("Ministry", "M" * 10_000_000, 1)),
        ("csv-syntax", 2),
        1,
    ),
    "csv-ragged": (
        "r.csv",
        lambda p: p.write_text(VALID_CSV.replace(",,,\n", ",,,,extra\n", 1)),
        ("row-length", 2),
        1,
    ),
    "csv-unterminated-quote": (
        "q.csv",
        lambda p: p.write_text(VALID_CSV.replace('barriers."', "barriers.")),
        ("csv-syntax", 2),
        1,
    ),
    "utf16-cut-short-csv": (  # not read as Windows-1252: that would be a header of NULs
        "u.csv",
        lambda p: p.write_bytes(VALID_CSV.encode("utf-16")[:-1]),
        ("encoding-error", None),
        2,
    ),
    "csv-header-only": ("h.csv", lambda p: p.write_text(",".join(COLUMNS) + "\n"), ("no-rows", 1), 1),
    "csv-two-header-rows": (
        "hh.csv",
        lambda p: p.write_text(VALID_CSV.splitlines()[0] + "\n" + VALID_CSV),
        ("repeated-header", 2),
        1,
    ),
    "csv-duplicate-columns": (
        "dc.csv",
        lambda p: p.write_text(VALID_CSV.replace(",corroborated_by", ",title", 1)),
        ("duplicate-column", 1),
        1,
    ),
    "csv-million-empty-lines": (
        "blank.csv",
        lambda p: p.write_text(",".join(COLUMNS) + "\n" + "\n" * 1_000_000),
        ("no-rows", 1),
        1,
    ),
    "xlsx-missing-sheet": (
        "ms.xlsx",
        lambda p: _xlsx(p, [COLUMNS, ROW], sheet="Sheet1"),
        ("missing-sheet", None),
        1,
    ),
    "xlsx-merged-cells": (
        "mc.xlsx",
        lambda p: _xlsx(p, [COLUMNS, ROW], merge="K2:L2"),
        ("merged-cells", 2),
        1,
    ),
    "xlsx-header-wrong-row": (
        "hw.xlsx",
        lambda p: _xlsx(p, [["Outcomes 2016"], [], COLUMNS, ROW]),
        ("header-row", 3),
        1,
    ),
    "wrong-types": (
        "w.yaml",
        lambda p: p.write_text(
            VALID_YAML.replace(
                "title: Ministry agrees to review barriers to abortion services", "title: {a: 1}"
            )
            .replace("strategic_goal: 2", "strategic_goal: .nan")
            .replace("expectation: met", "expectation: true")
            .replace("year: 2016", "year: .inf")
            .replace("date: 2016-05-12", "date: 2016-02-30")
        ),
        ("invalid-number", 8),
        1,
    ),
    "year-99999": (
        "y.yaml",
        lambda p: p.write_text(VALID_YAML.replace("year: 2016", "year: 99999")),
        ("out-of-range", 8),
        1,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_gets_a_located_message_and_exit_code(tmp_path: Path, name: str) -> None:
    file_name, write, (code, line), exit_code = CASES[name]
    path = tmp_path / file_name
    write(path)
    started = time.monotonic()
    result = run_cli("validate", "--format", "json", str(path))
    assert time.monotonic() - started < 30, "no hang"
    assert result.exit_code == exit_code, result.stdout[-500:]
    assert "Traceback" not in result.stdout + result.stderr
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert problems, name
    assert (problems[0]["code"], problems[0]["line"]) == (code, line)
    assert (
        problems[0]["message"] and len(problems[0]["message"]) < 1000
    )  # 10 MB values are never echoed whole


def test_wrong_types_are_each_reported() -> None:
    text = (
        VALID_YAML.replace("title: Ministry agrees to review barriers to abortion services", "title: {a: 1}")
        .replace("strategic_goal: 2", "strategic_goal: .nan")
        .replace("expectation: met", "expectation: true")
        .replace("date: 2016-05-12", "date: 2016-02-30")
        .replace("id: AI-KE-2016-01", "id: [1, 2]")
    )
    raw = read_bytes(text.encode(), "w.yaml", "yaml").submissions[0]
    found = [(p.code, p.field) for p in check_submission("w.yaml", raw).problems]
    assert found == [
        ("wrong-type", "outcomes[0].id"),
        ("wrong-type", "outcomes[0].title"),
        ("unknown-code", "outcomes[0].strategic_goal"),
        ("unknown-code", "outcomes[0].expectation"),
        ("invalid-date", "outcomes[0].date"),
    ]


def test_numbers_as_ids_are_read_as_text_ids(tmp_path: Path) -> None:
    # YAML scalars stay text, so `id: 123` is the id "123", exactly as in a CSV cell.
    path = tmp_path / "n.yaml"
    path.write_text(VALID_YAML.replace("id: AI-KE-2016-01", "id: 123"))
    report = validate([path])
    assert report.problems == []
    assert report.submissions[0].submission.outcomes[0].id == "123"  # type: ignore[union-attr]


def test_an_over_limit_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "large.csv"
    path.write_bytes(b"x" * (2 * 1024 * 1024))

    def forbidden(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", forbidden)
    problems = validate([path], limits=Limits(file_size=1024 * 1024)).problems
    assert [p.code for p in problems] == ["file-too-large"]
    assert "limit of 1 MB" in problems[0].message and "--max-file-size" in problems[0].message


def test_the_file_size_limit_is_raised_with_a_flag(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(VALID_CSV + ("," * 16 + "\n") * 80_000)  # about 1.3 MB, valid
    assert run_cli("validate", "--max-file-size", "1", str(path)).exit_code == 2
    assert run_cli("validate", "--max-file-size", "2", str(path)).exit_code == 0


@pytest.mark.parametrize("suffix", ["yaml", "csv", "xlsx"])
def test_too_many_outcomes_stops_at_the_limit(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"many.{suffix}"
    if suffix == "yaml":
        outcome = VALID_YAML.split("outcomes:\n", 1)[1].split("  - id: AI-KE-2016-02", 1)[0]
        path.write_text(VALID_YAML.split("outcomes:\n")[0] + "outcomes:\n" + outcome * 10)
        line = 10 + 5 * outcome.count("\n")
    elif suffix == "csv":
        header, row = VALID_CSV.splitlines()[0], VALID_CSV.splitlines()[3]
        path.write_text(header + "\n" + (row + "\n") * 10)
        line = 7
    else:
        _xlsx(path, [COLUMNS, *[ROW] * 10])
        line = 7
    result = run_cli("validate", "--max-outcomes", "5", "--format", "json", str(path))
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert [(p["code"], p["line"]) for p in problems if p["code"] == "too-many-outcomes"] == [
        ("too-many-outcomes", line)
    ]
    assert "--max-outcomes" in problems[-1]["message"] or any(
        "--max-outcomes" in p["message"] for p in problems
    )


def test_contact_details_are_a_warning_that_can_be_silenced(tmp_path: Path) -> None:
    text = VALID_YAML.replace(
        "We documented cases and requested the meetings.",
        "Call Jane on +254 712 345 678 or write to jane.doe@example.org.",
    ).replace("Kenya Human Rights Commission", "KHRC (0712-345678)")
    path = tmp_path / "contact.yaml"
    path.write_text(text)
    report = validate([path])
    assert [(p.code, p.line, p.field, p.value) for p in report.problems] == [
        ("contact-details", 21, "outcomes[0].contribution", "jane.doe@example.org"),
        ("contact-details", 23, "outcomes[0].corroborated_by", "0712-345678"),
    ]
    assert report.exit_code == 0 and validate([path], strict=True).exit_code == 1
    assert validate([path], ignore=["contact-details"]).problems == []
    path.write_text("# impactagg: ignore contact-details\n" + text)
    silenced = validate([path])
    assert silenced.problems == [] and silenced.ignored == 2
    assert "(2 ignored)" in run_cli("validate", str(path)).stdout


def test_dates_and_figures_are_not_taken_for_phone_numbers(tmp_path: Path) -> None:
    text = VALID_YAML.replace(
        "We documented cases and requested the meetings.",
        "Between 2016-05-12 and 2016-06-01, 84 children (ages 9-17) and 1,250,000 people; report 2016/0412.",
    )
    path = tmp_path / "figures.yaml"
    path.write_text(text)
    assert validate([path]).problems == []


def test_only_warnings_can_be_ignored() -> None:
    result = run_cli("validate", "--ignore", "unknown-code", str(VALID))
    assert result.exit_code == 2
    assert "ignore takes warning codes" in result.stderr
