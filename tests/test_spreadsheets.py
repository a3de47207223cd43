"""Excel submissions, templates, fix lists and annotated copies, built with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from impactagg.codes import EntityType, Expectation, ImpactType, Region, StrategicGoal, Target
from impactagg.guidance import code_lists
from impactagg.render.fixlist import fix_list_rows
from impactagg.tabular import COLUMNS
from impactagg.validation import validate
from tests.conftest import VALID, run_cli

ENTITY = ["AI-KE", "Amnesty International Kenya", "section", "africa", 2016]


def outcome_row(number: int, **changes: Any) -> list[Any]:
    values: dict[str, Any] = dict.fromkeys(COLUMNS)
    values.update(zip(COLUMNS, ENTITY, strict=False))
    values.update(
        outcome_id=f"AI-KE-2016-{number:02d}",
        title=f"Outcome {number}",
        description="What changed, who changed it, when and where.",
        impact_type="increased_dialogue",
        strategic_goal=2,
        expectation="met",
        target="government",
        country="KE",
    )
    values.update(changes)
    return [values[column] for column in COLUMNS]


def workbook(path: Path, rows: list[list[Any]], header: list[str] = COLUMNS, sheet: str = "outcomes") -> Path:
    book = openpyxl.Workbook()
    main = book.active
    assert main is not None
    main.title = sheet
    main.append(header)
    for row in rows:
        main.append(row)
    helper = book.create_sheet("helper")
    helper.sheet_state = "hidden"
    helper.append(["scratch", "=1/0"])
    book.save(path)
    return path


def test_typed_cells_are_read_as_the_standard_expects(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "typed.xlsx",
        [
            outcome_row(1, date=dt.datetime(2016, 5, 12), strategic_goal=2.0, sources="Minutes; Report"),
            outcome_row(2, date="2016-06-01", strategic_goal="3", year="2016", impact_type=1),
            [None] * len(COLUMNS),
            [None] * len(COLUMNS),
        ],
    )
    report = validate([path])
    assert report.problems == []
    submission = report.submissions[0].submission
    assert submission is not None
    first, second = submission.outcomes
    assert (first.date, first.strategic_goal, first.sources) == (
        dt.date(2016, 5, 12),
        2,
        ["Minutes", "Report"],
    )
    assert (second.date, second.strategic_goal, second.impact_type) == (
        dt.date(2016, 6, 1),
        3,
        ImpactType.CONCRETE_ACTION_SPECIFIC,
    )


def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula the cached value Excel would have stored when saving (openpyxl cannot)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(
        rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?', rf"\1\2<v>{value}</v>", sheet
    )
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_formulas_are_read_as_their_values(tmp_path: Path) -> None:
    path = workbook(tmp_path / "formula.xlsx", [outcome_row(1, strategic_goal="=1+1")])
    _with_cached_value(path, "J2", "2")
    report = validate([path])
    assert report.problems == []
    assert report.submissions[0].submission.outcomes[0].strategic_goal == 2  # type: ignore[union-attr]


def test_a_formula_never_calculated_is_reported_at_its_cell(tmp_path: Path) -> None:
    path = workbook(tmp_path / "uncalculated.xlsx", [outcome_row(1, strategic_goal="=1+1")])
    problems = validate([path]).problems
    assert [(p.code, p.sheet, p.cell) for p in problems] == [
        ("formula-without-value", "outcomes", "J2"),
        ("missing-value", "outcomes", "J2"),
    ]


def test_problems_are_located_by_sheet_and_cell_with_the_column_named(tmp_path: Path) -> None:
    path = workbook(tmp_path / "codes.xlsx", [outcome_row(1), outcome_row(2, expectation="exceded")])
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{path}:outcomes!K3: error [unknown-code] column 'expectation': Expectation 'exceded' is not a "
        "known code. Did you mean 'exceeded'?"
    )
    problem = validate([path]).problems[0]
    assert (problem.line, problem.column, problem.value, problem.suggestion) == (3, 11, "exceded", "exceeded")
    assert problem.to_dict()["cell"] == "K3"


def test_a_date_cell_holding_a_time_of_day_says_so_and_suggests_the_day(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "times.xlsx",
        [
            outcome_row(1, date=dt.datetime(2016, 5, 12)),  # midnight: a date cell, read as the day
            outcome_row(2, date=dt.datetime(2016, 5, 12, 13, 30)),
        ],
    )
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{path}:outcomes!N3: error [invalid-date] column 'date': Date '2016-05-12 13:30:00' holds a time "
        "of day as well: write the day alone, 2016-05-12 (YYYY-MM-DD)."
    )
    [problem] = validate([path]).problems
    assert (problem.cell, problem.value, problem.suggestion) == ("N3", "2016-05-12 13:30:00", "2016-05-12")


def test_a_misspelt_header_is_one_problem_at_the_header_cell(tmp_path: Path) -> None:
    header = [("expection" if c == "expectation" else c) for c in COLUMNS]
    path = workbook(tmp_path / "header.xlsx", [outcome_row(n) for n in range(1, 6)], header=header)
    problems = validate([path]).problems
    assert [(p.code, p.cell, p.suggestion) for p in problems] == [("unknown-column", "K1", "expectation")]


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p.write_bytes(b"this is not a workbook"), "not-a-workbook"),
        (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "a zip, not a workbook"), "not-a-workbook"),
        (lambda p: workbook(p, [outcome_row(1)], sheet="Sheet1"), "missing-sheet"),
        (lambda p: p.write_bytes(b""), "empty-file"),
    ],
    ids=["garbage", "other-zip", "no-outcomes-sheet", "empty"],
)
def test_unreadable_workbooks_get_a_clear_message(tmp_path: Path, make: Any, code: str) -> None:
    path = tmp_path / "broken.xlsx"
    make(path)
    result = run_cli("validate", str(path))
    assert result.exit_code == (2 if code == "not-a-workbook" else 1)  # a damaged file cannot be read
    assert f"error [{code}]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_header_below_row_1_is_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "outcomes"
    sheet.append(["Outcomes of Amnesty International Kenya, 2016"])
    sheet.append([])
    sheet.append(COLUMNS)
    sheet.append(outcome_row(1))
    book.save(tmp_path / "title.xlsx")
    problems = validate([tmp_path / "title.xlsx"]).problems
    assert [(p.code, p.line) for p in problems] == [("header-row", 3)]
    assert "delete the rows above it" in problems[0].message


def test_annotated_copy_marks_each_bad_cell_and_leaves_the_original_alone(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "submission.xlsx",
        [
            outcome_row(1, expectation="exceded"),
            outcome_row(2, country="Kenya", date="2015-12-31"),
        ],
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    out = tmp_path / "submission-annotated.xlsx"
    result = run_cli("validate", str(path), "--annotate", str(out))
    assert result.exit_code == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    sheet = openpyxl.load_workbook(out)["outcomes"]
    assert "Did you mean 'exceeded'?" in sheet["K2"].comment.text
    assert sheet["K2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "Did you mean 'KE' (Kenya)?" in sheet["M3"].comment.text
    assert sheet["N3"].comment.text.startswith("warning: Outcome date 2015-12-31")
    assert sheet["N3"].fill.fgColor.rgb.endswith("FFEB9C")
    assert sheet["A2"].comment is None
    assert run_cli("validate", str(path), "--annotate", str(out)).exit_code == 2  # exists: needs --force
    assert run_cli("validate", str(path), "--annotate", str(out), "--force").exit_code == 1


def test_annotate_needs_exactly_one_workbook(tmp_path: Path) -> None:
    result = run_cli("validate", str(VALID), "--annotate", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2
    assert "exactly one .xlsx" in result.stderr


def test_fix_list_as_csv_and_xlsx(tmp_path: Path) -> None:
    path = workbook(tmp_path / "s.xlsx", [outcome_row(1, expectation="@exceded", target="الحكومة")])
    fix_csv = tmp_path / "fix.csv"
    fix_xlsx = tmp_path / "fix.xlsx"
    assert run_cli("validate", str(path), "--fix-list", str(fix_csv)).exit_code == 1
    assert run_cli("validate", str(path), "--fix-list", str(fix_xlsx)).exit_code == 1
    rows = list(csv.DictReader(io.StringIO(fix_csv.read_text(encoding="utf-8-sig"))))
    assert [(r["sheet"], r["row"], r["column"], r["cell"], r["value"], r["suggestion"]) for r in rows] == [
        ("outcomes", "2", "expectation", "K2", "'@exceded", "exceeded"),  # neutralised: not run as a formula
        ("outcomes", "2", "target", "L2", "الحكومة", ""),
    ]
    assert rows[0]["severity"] == "error" and rows[0]["problem"].startswith("Expectation '@exceded'")
    sheet = openpyxl.load_workbook(fix_xlsx)["fix list"]
    assert [cell.value for cell in sheet[1]] == [
        "file",
        "sheet",
        "row",
        "column",
        "cell",
        "value",
        "problem",
        "suggestion",
        "severity",
        "code",
    ]
    assert [cell.value for cell in sheet[3]][5] == "الحكومة"
    assert sheet["F2"].value == "'@exceded" and sheet["F2"].data_type == "s"
    # Laid out for reading: a bold header that stays in view and filters every row, the long
    # messages wrapped, the columns as wide as what they hold; one sheet only.
    assert sheet.parent.sheetnames == ["fix list"]
    assert all(cell.font.b for cell in sheet[1]) and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J3" == sheet.dimensions
    assert [sheet[f"G{row}"].alignment.wrap_text for row in (2, 3)] == [True, True]
    assert not sheet["F2"].alignment.wrap_text
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"]
    assert widths == [30, 10, 6, 18, 6, 24, 80, 18, 9, 22]


def test_fix_list_rows_hold_every_problem(tmp_path: Path) -> None:
    report = validate([VALID, tmp_path / "missing.yaml"])
    assert len(fix_list_rows(report)) == len(report.problems) == 1


def test_many_problems_are_summarised_by_rule_first(tmp_path: Path) -> None:
    rows = [outcome_row(n, expectation="exceded", country="XX") for n in range(1, 5)]
    path = workbook(tmp_path / "many.xlsx", rows)
    out = run_cli("validate", str(path)).stdout
    head = out.split("\n\n", 1)[0]
    assert head.splitlines() == [
        "Problems by rule:",
        f"       4  unknown-code (Unknown code): {path}:outcomes!K2, {path}:outcomes!K3, "
        f"{path}:outcomes!K4, …",
        f"       4  unknown-country (Unknown country code): {path}:outcomes!M2, {path}:outcomes!M3, "
        f"{path}:outcomes!M4, …",
    ]
    assert out.count("error [unknown-code]") == 4  # then every problem is listed


# Templates


def _template(tmp_path: Path, fmt: str, *extra: str) -> Path:
    path = tmp_path / f"template.{fmt}"
    result = run_cli("template", "--format", fmt, "-o", str(path), *extra)
    assert result.exit_code == 0, result.stderr
    return path


ENTITY_OPTIONS = (
    "--entity-id",
    "AI-KE",
    "--entity-name",
    "Amnesty International Kenya",
    "--entity-type",
    "section",
    "--region",
    "africa",
    "--year",
    "2016",
)


def test_xlsx_template_filled_in_validates(tmp_path: Path) -> None:
    path = _template(tmp_path, "xlsx", *ENTITY_OPTIONS)
    book = openpyxl.load_workbook(path)
    sheet = book["outcomes"]
    assert sheet["A2"].value == "AI-KE" and sheet["E2"].value == 2016  # entity pre-filled
    for column, value in zip(
        "FGHIJKL",
        ["AI-KE-2016-01", "Title", "Description", "increased_dialogue", "2", "met", "government"],
        strict=True,
    ):
        sheet[f"{column}2"] = value
    sheet["N2"] = dt.date(2016, 3, 1)
    book.save(path)
    report = validate([path])
    assert report.problems == [] and report.outcomes == 1


def test_xlsx_template_reports_an_unfilled_required_cell_at_that_cell(tmp_path: Path) -> None:
    path = _template(tmp_path, "xlsx", *ENTITY_OPTIONS)
    book = openpyxl.load_workbook(path)
    sheet = book["outcomes"]
    for column, value in zip(
        "FHIJKL", ["AI-KE-2016-01", "Description", "1", "2", "met", "government"], strict=True
    ):
        sheet[f"{column}2"] = value
    book.save(path)
    problems = validate([path]).problems
    assert [(p.code, p.sheet, p.cell, p.field) for p in problems] == [
        ("missing-value", "outcomes", "G2", "title")
    ]


def test_xlsx_template_drop_downs_and_guidance_come_from_the_code_lists(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_template(tmp_path, "xlsx"))
    assert book.sheetnames == ["outcomes", "guidance", "lists"]
    assert book["lists"].sheet_state == "hidden"
    sheet = book["outcomes"]
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert sheet["A1"].comment.text.startswith("Required.")
    assert sheet["M1"].comment.text.startswith("Optional.")
    lists = book["lists"]
    by_column = {
        lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, lists.max_row + 1)]
        for c in range(1, lists.max_column + 1)
    }
    expected = {
        "entity_type": list(EntityType),
        "region": list(Region),
        "impact_type": list(ImpactType),
        "strategic_goal": list(StrategicGoal),
        "expectation": list(Expectation),
        "target": list(Target),
    }
    assert [column for column, _ in code_lists()] == list(expected)
    for column, codes in expected.items():
        assert [v for v in by_column[column] if v is not None] == [code.value for code in codes]
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    letters = {name: openpyxl.utils.get_column_letter(i) for i, name in enumerate(COLUMNS, start=1)}
    for column in expected:
        assert f"{letters[column]}2:{letters[column]}201" in validations, column
    guidance = "\n".join(str(c.value) for row in book["guidance"].iter_rows() for c in row if c.value)
    for column in COLUMNS:
        assert column in guidance
    for code in [*ImpactType, *Target]:
        assert code.meaning in guidance


def test_yaml_template_filled_in_validates(tmp_path: Path) -> None:
    text = _template(tmp_path, "yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/submission.schema.json\n")
    unfilled = validate([tmp_path / "template.yaml"])
    assert {p.code for p in unfilled.problems} == {"missing-value", "template-example"}
    filled = (
        text.replace('  id: ""', '  id: "AI-KE"', 1)
        .replace('  name: ""', '  name: "Amnesty International Kenya"')
        .replace('  type: ""', '  type: "section"')
        .replace('  region: ""', '  region: "africa"')
        .replace('year: ""', "year: 2016")
        .replace("ENTITY-YEAR-01", "AI-KE-2016-01")
    )
    (tmp_path / "filled.yaml").write_text(filled, encoding="utf-8")
    filled_in = validate([tmp_path / "filled.yaml"])
    assert [p.code for p in filled_in.problems] == ["template-example"]  # the example is still there
    assert filled_in.exit_code == 0


def test_yaml_template_with_the_entity_given_is_valid_at_once(tmp_path: Path) -> None:
    path = _template(tmp_path, "yaml", *ENTITY_OPTIONS)
    report = validate([path])
    assert report.exit_code == 0
    assert [(p.code, p.line) for p in report.problems] == [("template-example", 22)]
    own = path.read_text().replace(
        "Health officials agree to discuss barriers", "Officials agree to discuss barriers"
    )
    path.write_text(own)
    assert validate([path]).problems == []


def test_csv_template_is_the_header_row_and_filled_in_validates(tmp_path: Path) -> None:
    path = _template(tmp_path, "csv")
    text = path.read_text(encoding="utf-8-sig")
    assert text == ",".join(COLUMNS) + "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["" if v is None else str(v) for v in outcome_row(1)])
    path.write_text(text + out.getvalue(), encoding="utf-8")
    assert validate([path]).problems == []


def test_templates_refuse_to_overwrite_without_force(tmp_path: Path) -> None:
    path = _template(tmp_path, "csv")
    assert run_cli("template", "--format", "csv", "-o", str(path)).exit_code == 2
    assert run_cli("template", "--format", "csv", "-o", str(path), "--force").exit_code == 0
    assert run_cli("template", "--format", "xlsx").exit_code == 2  # a workbook needs a file


# Real-world CSV


def test_windows_1252_csv_is_read_with_a_warning_naming_the_encoding(tmp_path: Path) -> None:
    text = (VALID / "kenya-2016.csv").read_text(encoding="utf-8").replace("Uganda", "Ouganda Sécurité")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    report = validate([path])
    assert [(p.code, str(p.severity)) for p in report.problems] == [("encoding-guessed", "warning")]
    assert "Windows-1252" in report.problems[0].message
    assert report.submissions[0].submission.entity.name == "Amnesty International Ouganda Sécurité"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["الحكومة", "政府", "Правительство", "Gouvernement à Genève"])
def test_text_in_any_script_survives_to_every_output(tmp_path: Path, name: str) -> None:
    path = workbook(tmp_path / "s.xlsx", [outcome_row(1, target=name)])
    as_json = run_cli("validate", "--format", "json", str(path)).stdout
    assert name in as_json
    as_text = run_cli("validate", str(path)).stdout
    assert name in as_text
    run_cli("validate", str(path), "--fix-list", str(tmp_path / "f.csv"))
    assert name in (tmp_path / "f.csv").read_text(encoding="utf-8-sig")
