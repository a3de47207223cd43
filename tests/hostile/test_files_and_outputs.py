"""Damaged workbooks, links, control characters, and what impactagg writes: never a crash, never a leak."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import warnings
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
import yaml

import impactagg
from impactagg.readers import xlsx_reader
from impactagg.tabular import COLUMNS
from impactagg.validation import validate
from tests.conftest import INVALID, VALID, run_cli

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
]


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "outcomes"
    sheet.append(COLUMNS)
    sheet.append(ROW)
    book.save(path)
    return path


def _rewrite_sheet(path: Path, change: object) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])  # type: ignore[operator]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _assert_not_a_workbook(path: Path) -> None:
    """``validate`` reports ``path`` as one problem, not-a-workbook, and exits 2 (it cannot be read)."""
    result = run_cli("validate", "--format", "json", str(path))
    assert result.exit_code == 2
    assert [p["code"] for p in json.loads(result.stdout)["files"][0]["problems"]] == ["not-a-workbook"]


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr">'
    b"<is><t>&c;</t></is></c></row></sheetData></worksheet>"
)


@pytest.mark.parametrize(
    "damage",
    [lambda xml: xml[: len(xml) // 2], lambda xml: BOMB],
    ids=["xml-cut-short", "entity-expansion"],
)
def test_damaged_xml_inside_a_valid_zip_is_a_clear_problem(tmp_path: Path, damage: object) -> None:
    path = _workbook(tmp_path / "damaged.xlsx")
    _rewrite_sheet(path, damage)
    _assert_not_a_workbook(path)


def test_a_stray_value_in_a_sheets_last_cell_is_reported_without_reading_the_cells_between(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The sheet's size runs to its last cell: read as a grid, two rows and a value at XFD1048576
    # would be seventeen billion cells (a hang). Only the cells the sheet holds are read.
    path = _workbook(tmp_path / "far.xlsx")
    book = openpyxl.load_workbook(path)
    book["outcomes"]["XFD1048576"] = "x"
    book["outcomes"]["A1048575"] = "AI-KE"  # an entity's details alone, as a template pre-fills
    book.save(path)
    cells, cell_text = 0, xlsx_reader.cell_text

    def counted(value: object) -> str:
        nonlocal cells
        cells += 1
        assert cells < 100_000, "the empty cells between the rows are being read"
        return cell_text(value)

    monkeypatch.setattr(xlsx_reader, "cell_text", counted)
    report = validate([path])
    # A value in a row of its own beside the table is a note, not an outcome with every field missing.
    assert [(p.code, p.cell, p.line) for p in report.problems] == [("row-length", "XFD1048576", 1048576)]
    assert report.outcomes == 1


def test_a_note_beside_the_table_is_reported_where_it_is_not_read_as_an_outcome(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "note.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["outcomes"]
    sheet.append(ROW[:4])  # a row the template pre-fills with the entity's details, no outcome
    sheet.cell(3, len(COLUMNS) + 2, "ask Joseph about the date")
    book.save(path)
    report = validate([path])
    assert [(p.code, p.cell, p.value) for p in report.problems] == [
        ("row-length", "T3", "ask Joseph about the date")
    ]
    assert len(report.submissions) == 1 and report.outcomes == 1


def test_a_workbook_that_unpacks_beyond_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # 4 MB of spaces pack into a few kilobytes: the limit applies to what would be read.
    plain = _workbook(tmp_path / "plain.xlsx")
    path = tmp_path / "padded.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                part = part.replace(b"<sheetData>", b"<sheetData>" + b" " * 4 * 1024 * 1024)
            target.writestr(name, part)
    assert path.stat().st_size < 100_000
    refused = run_cli("validate", "--format", "json", "--max-file-size", "2", str(path))
    assert refused.exit_code == 2
    [problem] = json.loads(refused.stdout)["files"][0]["problems"]
    assert problem["code"] == "file-too-large"
    assert problem["message"].startswith("The workbook unpacks to 4.0 MB, more than the limit of 2 MB")
    assert run_cli("validate", "--max-file-size", "5", str(path)).exit_code == 0
    annotated = run_cli("validate", "--max-file-size", "2", "--annotate", str(tmp_path / "a.xlsx"), str(path))
    assert annotated.exit_code == 2 and "cannot annotate" in annotated.stderr
    assert not (tmp_path / "a.xlsx").exists()


def test_a_workbook_whose_compressed_data_is_damaged_is_not_a_crash(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(path) as archive:
        part = archive.getinfo("xl/workbook.xml")
    assert part.compress_type == zipfile.ZIP_DEFLATED
    data = bytearray(path.read_bytes())
    header = part.header_offset
    start = header + 30 + int.from_bytes(data[header + 26 : header + 28], "little")
    start += int.from_bytes(data[header + 28 : header + 30], "little")
    for offset in range(4, part.compress_size - 4):  # the first byte whose change breaks the stream
        damaged = bytearray(data)
        damaged[start + offset] ^= 0xFF
        try:
            zlib.decompress(bytes(damaged[start : start + part.compress_size]), -15)
        except zlib.error:
            break
    else:
        pytest.fail("no single byte breaks the compressed stream")
    path.write_bytes(damaged)
    _assert_not_a_workbook(path)


@pytest.mark.parametrize(
    ("field", "value"),
    [(8, 1), (10, 6)],  # in the zip directory: the flags (1: encrypted), the method (6: implode)
    ids=["part-encrypted", "compression-method-unknown"],
)
def test_a_workbook_part_that_the_zip_module_cannot_open_is_not_a_crash(
    tmp_path: Path, field: int, value: int
) -> None:
    path = _workbook(tmp_path / "plain.xlsx")
    data = bytearray(path.read_bytes())
    name = data.index(b"xl/workbook.xml", data.index(b"PK\x01\x02"))  # its entry in the directory
    entry = name - 46
    assert data[entry : entry + 4] == b"PK\x01\x02"
    data[entry + field : entry + field + 2] = value.to_bytes(2, "little")
    path.write_bytes(data)
    _assert_not_a_workbook(path)


@pytest.mark.parametrize(
    ("cell", "meaning"),
    [
        ("first part\rsecond part", "a value holds a line break (a lone carriage return) but is not in"),
        ('"quoted" and more', "a '\"' inside a value is written twice"),
    ],
)
def test_csv_syntax_errors_are_explained_in_a_spreadsheets_terms(
    tmp_path: Path, cell: str, meaning: str
) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(",".join(COLUMNS[:7]) + "\n" + ",".join([*map(str, ROW[:6]), cell]) + "\n", newline="")
    [syntax] = [problem for problem in validate([path]).problems if problem.code == "csv-syntax"]
    assert syntax.line == 2
    assert meaning in syntax.message and "universal-newline" not in syntax.message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_fix_list_shows_what_a_spreadsheet_cannot_hold_as_escapes(tmp_path: Path, suffix: str) -> None:
    # A control character in a reported value (a DOS end-of-file mark left in a CSV file), and a
    # file name that is not UTF-8: a workbook cannot hold the first, UTF-8 cannot write the second.
    data = tmp_path / "data"
    data.mkdir()
    (data / "kenya.csv").write_bytes((VALID / "kenya-2016.csv").read_bytes() + b"\x1a")
    (data / os.fsdecode(b"bad\xff.yaml")).write_text("x: [\n")
    fix_list = tmp_path / f"fix{suffix}"
    # As a user runs it: the entry point prints the name as its bytes (run_cli's stream cannot).
    executable = Path(sys.executable).with_name("impactagg")
    command = [str(executable), "validate", str(data), "--fix-list", str(fix_list)]
    result = subprocess.run(command, capture_output=True, check=False)
    assert result.returncode == 1, result.stderr
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(fix_list.read_text(encoding="utf-8-sig"))))
    else:
        rows = [[str(v or "") for v in row] for row in openpyxl.load_workbook(fix_list).active.values]
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.endswith("bad\\xff.yaml") for cell in cells)
    assert "\\x1a" in cells


def test_a_date_beyond_excels_calendar_is_a_located_problem_without_openpyxls_warning(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "date.xlsx")
    book = openpyxl.load_workbook(path)
    cell = book["outcomes"].cell(2, COLUMNS.index("date") + 1, 10**10)
    cell.number_format = "yyyy-mm-dd"
    book.save(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        problems = validate([path]).problems
    assert [str(warning.message) for warning in caught] == []
    assert [(p.code, p.cell) for p in problems] == [("invalid-date", "N2")]


def test_a_chart_sheet_named_outcomes_is_not_a_crash(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_chartsheet("outcomes")
    book.save(tmp_path / "chart.xlsx")
    result = run_cli("validate", str(tmp_path / "chart.xlsx"))
    assert result.exit_code in (1, 2) and "Traceback" not in result.stdout + result.stderr
    assert "error [" in result.stdout


def test_symbolic_links_in_a_data_folder_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("https://user:secret_token@example.org\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "leak.csv").symlink_to(secret)
    (data / "elsewhere").symlink_to(VALID, target_is_directory=True)
    result = run_cli("validate", "--format", "json", str(data))
    assert "secret_token" not in result.stdout
    codes = [p["code"] for file in json.loads(result.stdout)["files"] for p in file["problems"]]
    assert sorted(codes) == ["no-files", "symlink-skipped", "symlink-skipped"]


def test_links_that_loop_are_reported_not_a_crash(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "kenya-2016.yaml").write_bytes((VALID / "kenya-2016.yaml").read_bytes())
    (data / "self.yaml").symlink_to("self.yaml")  # resolving it loops
    (data / "a.csv").symlink_to("b.csv")
    (data / "b.csv").symlink_to("a.csv")
    in_folder = run_cli("validate", "--format", "json", str(data))
    assert in_folder.exit_code == 0, in_folder.stderr
    problems = [p for file in json.loads(in_folder.stdout)["files"] for p in file["problems"]]
    assert sorted(p["code"] for p in problems) == ["symlink-skipped"] * 3
    named = run_cli("validate", str(data / "self.yaml"))
    assert named.exit_code == 2
    assert "self.yaml is a symbolic link that leads to no file" in named.stdout
    assert run_cli("summarize", "--data", str(data)).exit_code == 0
    fix_list = run_cli("validate", str(data / "kenya-2016.yaml"), "--fix-list", str(data / "a.csv"))
    assert fix_list.exit_code == 2 and "a.csv already exists; use --force" in fix_list.stderr
    assert (data / "a.csv").is_symlink()


def test_a_mapping_with_thousands_of_keys_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text("entity:\n" + "".join(f"  k{n}: v\n" for n in range(50_000)))
    problems = validate([path]).problems
    assert [(p.code, p.line) for p in problems] == [("too-many-keys", 1002)]


def test_control_characters_never_reach_the_terminal_or_the_ci_log(tmp_path: Path) -> None:
    text = (VALID / "kenya-2016.csv").read_text().replace(",increased_dialogue,", ",\x1b[2K\x1b[1Amet,", 1)
    (tmp_path / "escape.csv").write_text(text)
    for output in ("text", "github"):
        out = run_cli("validate", "--format", output, str(tmp_path / "escape.csv")).stdout
        assert "\x1b" not in out and "\\x1b[2K" in out, output
    assert "\x1b" in run_cli(
        "validate", "--format", "json", str(tmp_path / "escape.csv")
    ).stdout.encode().decode("unicode_escape")


def test_a_value_under_a_blank_header_and_rows_without_an_entity_id_are_reported(tmp_path: Path) -> None:
    header, first, second, third = (VALID / "kenya-2016.csv").read_text().splitlines(keepends=True)
    blank = header.replace(",country,", ",,", 1)
    path = tmp_path / "blank.csv"
    path.write_text(
        blank
        + first
        + second
        + third.replace("AI-UG,", ",", 1)
        + third.replace("AI-UG,", ",", 1).replace("AI-UG-2016-02", "AI-UG-2016-03")
    )
    found = [(p.code, p.line, p.field) for p in validate([path]).problems]
    assert ("unknown-column", 2, None) in found  # the first value under the blank header
    assert [line for code, line, field in found if code == "missing-value" and field == "entity_id"] == [4, 5]


def test_an_overlong_spreadsheet_cell_obeys_the_limit(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "long.xlsx")
    book = openpyxl.load_workbook(path)
    book["outcomes"]["H2"] = "x" * 5_000  # Excel itself stops at 32,767 characters a cell
    book.save(path)
    result = run_cli("validate", "--max-value-length", "1000", "--format", "json", str(path))
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert [(p["code"], p["cell"]) for p in problems] == [("value-too-long", "H2")]


def test_annotating_a_workbook_with_merged_cells(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "merged.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["outcomes"]
    sheet.append([*ROW[:5], "AI-KE-2016-02", "T", None, "increased_dialogue", 2, "met", "government"])
    sheet.merge_cells("G2:H3")
    book.save(path)
    out = tmp_path / "checked.xlsx"
    result = run_cli("validate", str(path), "--annotate", str(out))
    assert result.exit_code == 1
    assert "missing-value" in result.stdout
    annotated = openpyxl.load_workbook(out)["outcomes"]
    assert annotated["G2"].comment is not None  # the merged range's first cell carries the note


def test_outputs_never_replace_inputs_or_each_other(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "s.xlsx")
    before = path.read_bytes()
    assert run_cli("validate", str(path), "--fix-list", str(path), "--force").exit_code == 2
    assert (
        run_cli(
            "validate",
            str(path),
            "--fix-list",
            str(tmp_path / "o.xlsx"),
            "--annotate",
            str(tmp_path / "o.xlsx"),
        ).exit_code
        == 2
    )
    assert path.read_bytes() == before
    schema = tmp_path / "schema.json"
    assert run_cli("schema", "-o", str(schema)).exit_code == 0
    assert run_cli("schema", "-o", str(schema)).exit_code == 2
    assert run_cli("schema", "-o", str(schema), "--force").exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(schema.stat().st_mode) == 0o666 & ~umask


def test_a_registry_under_another_name_inside_the_data_folder_is_not_a_submission(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "kenya.yaml").write_text((VALID / "kenya-2016.yaml").read_text())
    registry = {
        "entities": [
            {"id": "AI-KE", "name": "Amnesty International Kenya", "type": "section", "region": "africa"}
        ]
    }
    (data / "registry.yaml").write_text(yaml.safe_dump(registry))
    report = validate([data], registry=data / "registry.yaml")
    assert report.problems == []
    assert [f.format for f in report.files] == ["yaml", "registry"]


def test_status_refuses_missing_data_and_neutralises_its_csv(tmp_path: Path) -> None:
    registry = tmp_path / "entities.yaml"
    registry.write_text(
        yaml.safe_dump(
            {
                "entities": [
                    {
                        "id": "AI-KE",
                        "name": '=HYPERLINK("http://evil","x")',
                        "type": "section",
                        "region": "africa",
                    },
                    {
                        "id": "AI-MX",
                        "name": "<img src=x onerror=alert(1)> | x",
                        "type": "section",
                        "region": "americas",
                    },
                ]
            }
        )
    )
    missing = run_cli(
        "status", "--data", str(tmp_path / "nothing"), "--registry", str(registry), "--year", "2016"
    )
    assert missing.exit_code == 2
    data = tmp_path / "data"
    data.mkdir()
    (data / "kenya.yaml").write_text((VALID / "kenya-2016.yaml").read_text())
    rows = list(
        csv.reader(
            io.StringIO(
                run_cli(
                    "status",
                    "--data",
                    str(data),
                    "--registry",
                    str(registry),
                    "--year",
                    "2016",
                    "--format",
                    "csv",
                ).stdout
            )
        )
    )
    assert rows[1][2].startswith("'=HYPERLINK")
    markdown = run_cli(
        "status", "--data", str(data), "--registry", str(registry), "--year", "2016", "--format", "markdown"
    ).stdout
    assert "<img" not in markdown and "&lt;img" in markdown


def test_load_keeps_what_the_command_line_counts(tmp_path: Path) -> None:
    text = (VALID / "projects-2016.csv").read_text()
    last = text.splitlines()[-1]  # a one-line row
    bad = last.replace("2016", "2015").replace("concrete_action_broad", "nonsense") + "\n"
    (tmp_path / "consolidated.csv").write_text(text + bad.replace("IP-MENA-REFUGEES", "IP-OLD"))
    data = impactagg.load(str(tmp_path), year=2016)  # a single path as a string works too
    assert {s.entity.id for s in data.submissions} == {"IP-AFR-DEFENDERS", "IP-MENA-REFUGEES"}
    assert run_cli("summarize", "--data", str(tmp_path), "--year", "2016", "--format", "json").exit_code == 0


def test_explain_needs_json_and_outcomes_lists_every_field() -> None:
    assert run_cli("summarize", "--data", str(VALID), "--explain").exit_code == 2
    found = json.loads(
        run_cli("outcomes", "--data", str(VALID), "--format", "json", "--entity", "AI-UG").stdout
    )
    first = found["outcomes"][0]
    assert {"contribution", "sources", "corroborated_by", "related_outcomes", "description"} <= set(first)


def test_the_example_is_no_longer_counted_silently(tmp_path: Path) -> None:
    assert (
        run_cli(
            "template",
            "--format",
            "yaml",
            "-o",
            str(tmp_path / "t.yaml"),
            "--entity-id",
            "AI-KE",
            "--entity-name",
            "Kenya",
            "--entity-type",
            "section",
            "--region",
            "africa",
            "--year",
            "2016",
        ).exit_code
        == 0
    )
    assert "[template-example]" in run_cli("validate", str(tmp_path / "t.yaml")).stdout
    assert INVALID.exists()
