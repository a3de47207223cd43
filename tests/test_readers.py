"""The YAML and CSV readers: what they keep, what they refuse, where they say things are."""

from __future__ import annotations

import codecs

import pytest

from impactagg.limits import DEFAULT_LIMITS
from impactagg.problems import Problem
from impactagg.readers import read_bytes
from impactagg.readers.yaml_reader import read_yaml
from impactagg.validation import validate
from tests.conftest import VALID

MAX_DEPTH = DEFAULT_LIMITS.depth


def test_yaml_scalars_stay_text_so_norway_is_not_false() -> None:
    document = read_yaml("country: NO\ngoal: 2\nflag: yes\nempty:\nquoted: ''\n", "x.yaml")
    assert not isinstance(document, Problem)
    assert document.data == {"country": "NO", "goal": "2", "flag": "yes", "empty": None, "quoted": ""}


def test_yaml_positions_of_keys_and_values() -> None:
    document = read_yaml("a:\n  b: [x, y]\n  c: |\n    text\n", "x.yaml")
    assert not isinstance(document, Problem)
    assert document.locator.key(("a", "b")).line == 2
    assert (document.locator.value(("a", "b", 1)).line, document.locator.value(("a", "b", 1)).column) == (
        2,
        10,
    )
    assert document.locator.value(("a", "c")).line == 3
    assert document.locator.missing(("a", "zzz")).line == 1  # the line of the `a:` key


def test_yaml_nesting_beyond_the_limit_is_refused() -> None:
    result = read_yaml("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), "deep.yaml")
    assert isinstance(result, Problem)
    assert result.code == "too-deep"


def test_yaml_several_documents_are_refused() -> None:
    result = read_yaml("a: 1\n---\na: 2\n", "two.yaml")
    assert isinstance(result, Problem) and result.code == "yaml-multiple-documents"
    assert result.line == 2


def test_yaml_control_character_is_located() -> None:
    result = read_yaml("a: 1\nb: x\x07y\n", "bell.yaml")
    assert isinstance(result, Problem) and result.code == "yaml-syntax"
    assert (result.line, result.column) == (2, 5)


def test_yaml_comment_only_file_is_empty() -> None:
    result = read_bytes(b"# nothing here\n", "c.yaml", "yaml")
    assert [p.code for p in result.problems] == ["empty-file"]


def test_nul_byte_is_binary_content() -> None:
    result = read_bytes(b"a: 1\nb: \x00\n", "bin.yaml", "yaml")
    assert [(p.code, p.line) for p in result.problems] == [("binary-content", 2)]


CSV = (VALID / "kenya-2016.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "encoded",
    [
        CSV.encode("utf-8"),
        codecs.BOM_UTF8 + CSV.encode("utf-8"),
        CSV.encode("utf-16"),  # with its byte-order mark, as Excel's "Unicode text" writes it
        CSV.replace("\n", "\r\n").encode("utf-8"),
        CSV.replace(",", ";").encode("utf-8"),
        CSV.replace(",", "\t").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "crlf", "semicolon", "tab"],
)
def test_csv_as_spreadsheets_save_it(encoded: bytes) -> None:
    result = read_bytes(encoded, "x.csv", "csv")
    assert result.problems == []
    assert len(result.submissions) == 1
    outcomes = result.submissions[0].data["outcomes"]
    assert [o["id"] for o in outcomes] == ["AI-UG-2016-01", "AI-UG-2016-02"]
    assert outcomes[0]["description"].replace("\r\n", "\n") == "Officials agreed\nto review the barriers."


def test_csv_lines_are_physical_lines_after_multiline_cells_and_blank_lines(tmp_path: object) -> None:
    header, row1a, row1b, row2 = CSV.splitlines(keepends=True)
    text = header + "\n" + row1a + row1b + "\n\n" + row2.replace(",exceeded,", ",exceded,")
    result = read_bytes(text.encode(), "x.csv", "csv")
    from impactagg.checks import check_submission

    checked = check_submission("x.csv", result.submissions[0])
    assert [(p.code, p.line, p.field) for p in checked.problems] == [("unknown-code", 7, "expectation")]


def test_csv_lists_are_split_on_semicolons(tmp_path: object) -> None:
    text = CSV.replace("KE,2016-05-12,,,", "KE,2016-05-12,,Minutes; Report ;,Partner A;Partner B")
    text = text.replace("UG,2016-05-12,,,", "UG,2016-05-12,,Minutes; Report ;,Partner A;Partner B")
    from pathlib import Path

    path = Path(str(tmp_path)) / "lists.csv"
    path.write_text(text, encoding="utf-8")
    report = validate([path])
    assert report.problems == []
    outcome = report.submissions[0].submission.outcomes[0]  # type: ignore[union-attr]
    assert outcome.sources == ["Minutes", "Report"]
    assert outcome.corroborated_by == ["Partner A", "Partner B"]


def test_csv_rows_of_empty_cells_are_skipped() -> None:
    result = read_bytes((CSV + ",,,,,,,,,,,,,,,,\n" * 3).encode(), "x.csv", "csv")
    assert result.problems == []
    assert len(result.submissions[0].data["outcomes"]) == 2


def test_csv_with_several_entities_is_several_submissions() -> None:
    result = read_bytes((VALID / "projects-2016.csv").read_bytes(), "p.csv", "csv")
    assert [s.data["entity"]["id"] for s in result.submissions] == ["IP-AFR-DEFENDERS", "IP-MENA-REFUGEES"]
    assert [s.line for s in result.submissions] == [2, 5]


def test_csv_headers_are_read_loosely() -> None:
    header, rest = CSV.split("\n", 1)
    loose = ",".join(f" {name.upper().replace('_', ' ')} " for name in header.split(","))
    result = read_bytes((loose + "\n" + rest).encode(), "x.csv", "csv")
    assert result.problems == []


def test_csv_with_old_mac_line_endings() -> None:
    result = read_bytes(CSV.replace("\n", "\r").encode(), "mac.csv", "csv")
    assert result.problems == []
    assert [s.line for s in result.submissions] == [2]
    assert result.submissions[0].locator.outcome_lines == [2, 4]  # type: ignore[attr-defined]
