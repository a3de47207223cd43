"""Each rule of the standard, on YAML and CSV, with the exact place reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from impactagg.problems import RULES
from impactagg.validation import validate
from tests.conftest import INVALID, VALID

# fixture -> the problems it must produce: (code, line, column, field)
EXPECTED: dict[str, list[tuple[str, int | None, int | None, str | None]]] = {
    "unknown-impact-type.yaml": [("unknown-code", 12, 18, "outcomes[0].impact_type")],
    "misspelt-field.yaml": [("unknown-field", 14, 5, "outcomes[0].expection")],
    "missing-title.yaml": [("missing-value", 9, 5, "outcomes[0].title")],
    "empty-title.yaml": [("missing-value", 10, 5, "outcomes[0].title")],
    "missing-entity-name.yaml": [("missing-value", 2, 1, "entity.name")],
    "missing-year.yaml": [("missing-value", 1, 1, "year")],
    "unknown-country.yaml": [("unknown-country", 16, 14, "outcomes[0].country")],
    "invalid-date.yaml": [("invalid-date", 17, 11, "outcomes[0].date")],
    "date-outside-year.yaml": [("date-outside-year", 17, 11, "outcomes[0].date")],
    "duplicate-key.yaml": [("duplicate-key", 18, 5, "outcomes[0].target")],
    "duplicate-outcome-id.yaml": [("duplicate-outcome-id", 18, 9, "outcomes[1].id")],
    "unknown-goal.yaml": [("unknown-code", 13, 21, "outcomes[0].strategic_goal")],
    "misspelt-region.yaml": [("unknown-code", 6, 11, "entity.region")],
    "unsupported-schema-version.yaml": [("unsupported-schema-version", 1, 17, "schema_version")],
    "year-out-of-range.yaml": [("out-of-range", 7, 7, "year")],
    "list-as-title.yaml": [("wrong-type", 10, 12, "outcomes[0].title")],
    "invalid-id.yaml": [("invalid-id", 9, 9, "outcomes[0].id")],
    "anchor-and-alias.yaml": [("yaml-anchor", 4, 9, None)],
    "merge-key.yaml": [("yaml-anchor", 4, 3, None)],
    "python-tag.yaml": [("yaml-tag", 10, 12, None)],
    "syntax-error.yaml": [("yaml-syntax", 7, 5, None)],
    "list-at-top.yaml": [("yaml-not-mapping", 1, 1, None)],
    "empty.yaml": [("empty-file", None, None, None)],
    "outcomes-empty-value.yaml": [("missing-value", 8, 1, "outcomes")],
    "not-utf8.yaml": [("encoding-error", 10, 18, None)],
    # CSV: the row's first physical line (row 1 spans lines 2-3), the column's position and name
    "misspelt-expectation.csv": [("unknown-code", 4, 11, "expectation")],
    "misspelt-header.csv": [("unknown-column", 1, 11, "expection")],
    "missing-column.csv": [("missing-column", 1, None, "target")],
    "invalid-date.csv": [("invalid-date", 4, 14, "date")],
    "entity-mismatch.csv": [("entity-mismatch", 4, 4, "region")],
    "ragged-row.csv": [("row-length", 4, None, None)],
    "header-only.csv": [("no-rows", 1, None, None)],
    "unterminated-quote.csv": [("csv-syntax", 2, None, None)],
    "duplicate-outcome-id.csv": [("duplicate-outcome-id", 4, 6, "outcome_id")],
    "empty-title.csv": [("missing-value", 4, 7, "title")],
    "duplicate-column.csv": [("duplicate-column", 1, 17, "title")],
    "unknown-country.csv": [("unknown-country", 4, 13, "country")],
    "date-outside-year.csv": [("date-outside-year", 4, 14, "date")],
}


def test_every_invalid_fixture_has_expectations() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in INVALID.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_reports_exactly_its_problems(name: str) -> None:
    report = validate([INVALID / name])
    found = [(p.code, p.line, p.column, p.field) for p in report.problems]
    assert found == EXPECTED[name]
    for problem in report.problems:
        assert problem.code in RULES
        assert problem.message.strip()
        assert problem.path == str(INVALID / name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exit_code_follows_the_kind_of_problem(name: str) -> None:
    report = validate([INVALID / name])
    if name == "not-utf8.yaml":
        assert report.exit_code == 2
    elif name.startswith("date-outside-year"):  # a warning only
        assert report.exit_code == 0
        assert validate([INVALID / name], strict=True).exit_code == 1
    else:
        assert report.exit_code == 1


def test_valid_fixtures_are_valid() -> None:
    report = validate([VALID])
    assert report.problems == []
    assert report.exit_code == 0
    assert len(report.submissions) == 4  # one YAML, and a CSV of two entities plus one of one
    assert report.outcomes == 7


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("misspelt-region.yaml", "Region 'afrika' is not a known code. Did you mean 'africa'?"),
        ("misspelt-field.yaml", "Unknown field 'expection'. Did you mean 'expectation'?"),
        (
            "misspelt-header.csv",
            "Column 'expection' is not part of the standard and is not read. Did you mean 'expectation'?",
        ),
        ("misspelt-expectation.csv", "Allowed: exceeded, met, negative."),
        ("unknown-country.yaml", "Country 'XX' is not an ISO 3166-1 alpha-2 code."),
        ("unknown-country.csv", "Did you mean 'KE' (Kenya)?"),
        ("empty-title.yaml", "Required field 'title' is empty."),
        ("missing-title.yaml", "Required field 'title' is missing."),
        ("duplicate-key.yaml", "Key 'target' appears twice in this mapping (first on line 15)"),
        ("duplicate-outcome-id.yaml", f"is also used for 2016 at {INVALID / 'duplicate-outcome-id.yaml'}:9"),
    ],
)
def test_messages_say_what_is_wrong_and_what_is_allowed(name: str, needle: str) -> None:
    messages = [problem.message for problem in validate([INVALID / name]).problems]
    assert any(needle in message for message in messages), messages


def test_an_empty_list_of_outcomes_is_a_valid_submission(tmp_path: Path) -> None:
    text = (INVALID / "outcomes-empty-value.yaml").read_text().replace("outcomes:", "outcomes: []")
    report = validate([_write(tmp_path, "nothing.yaml", text)])
    assert report.problems == []
    assert (len(report.submissions), report.outcomes) == (1, 0)


def test_a_misspelt_header_is_one_problem_not_one_per_row() -> None:
    report = validate([INVALID / "misspelt-header.csv"])
    assert [p.code for p in report.problems] == ["unknown-column"]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_same_entity_and_year_in_two_files_is_an_error_in_both(tmp_path: Path) -> None:
    yaml_text = (VALID / "kenya-2016.yaml").read_text()
    first = _write(tmp_path, "a.yaml", yaml_text)
    second = _write(tmp_path, "b.yaml", yaml_text.replace("AI-KE-2016-0", "AI-KE-2016-1"))
    report = validate([tmp_path])
    duplicates = [p for p in report.problems if p.code == "duplicate-submission"]
    assert [(p.path, p.line, p.column) for p in duplicates] == [(str(first), 4, 7), (str(second), 4, 7)]
    assert f"{second}:4" in duplicates[0].message
    assert f"{first}:4" in duplicates[1].message
    assert report.exit_code == 1


def test_same_entity_and_year_in_yaml_and_csv_is_an_error_in_both(tmp_path: Path) -> None:
    _write(tmp_path, "kenya.yaml", (VALID / "kenya-2016.yaml").read_text())
    csv_text = (VALID / "kenya-2016.csv").read_text().replace("AI-UG,", "AI-KE,").replace("AI-UG-", "AI-KE-9")
    _write(tmp_path, "kenya.csv", csv_text)
    duplicates = [p for p in validate([tmp_path]).problems if p.code == "duplicate-submission"]
    assert [(Path(p.path).name, p.line, p.field) for p in duplicates] == [
        ("kenya.csv", 2, "entity_id"),
        ("kenya.yaml", 4, "entity.id"),
    ]
    assert f"{tmp_path / 'kenya.yaml'}:4" in duplicates[0].message


def test_same_outcome_id_across_yaml_and_csv_names_the_other_file(tmp_path: Path) -> None:
    _write(tmp_path, "kenya.yaml", (VALID / "kenya-2016.yaml").read_text())
    csv_text = (VALID / "kenya-2016.csv").read_text().replace("AI-UG-2016-02", "AI-KE-2016-02")
    csv_path = _write(tmp_path, "uganda.csv", csv_text)
    problems = [p for p in validate([tmp_path]).problems if p.code == "duplicate-outcome-id"]
    assert [(Path(p.path).name, p.line, p.field) for p in problems] == [
        ("kenya.yaml", 24, "outcomes[1].id"),
        ("uganda.csv", 4, "outcome_id"),
    ]
    assert f"{csv_path}:4" in problems[0].message


def test_same_outcome_id_in_another_year_is_fine(tmp_path: Path) -> None:
    text = (VALID / "kenya-2016.yaml").read_text()
    _write(tmp_path, "2016.yaml", text)
    _write(
        tmp_path, "2017.yaml", text.replace("year: 2016", "year: 2017").replace("2016-05-12", "2017-05-12")
    )
    assert validate([tmp_path]).problems == []


def test_errors_in_several_files_are_all_collected(tmp_path: Path) -> None:
    report = validate([INVALID / "unknown-goal.yaml", INVALID / "invalid-date.csv"])
    assert {Path(p.path).name for p in report.problems if p.code in {"unknown-code", "invalid-date"}} == {
        "unknown-goal.yaml",
        "invalid-date.csv",
    }


# Edge cases found in review


def test_an_empty_folder_is_not_a_pass(tmp_path: Path) -> None:
    report = validate([tmp_path])
    assert [p.code for p in report.problems] == ["no-files"]
    assert report.exit_code == 2


def test_a_duplicated_block_key_keeps_the_first_blocks_locations(tmp_path: Path) -> None:
    text = (
        (VALID / "kenya-2016.yaml")
        .read_text()
        .replace("    country: KE\n", "    country: KE\n    foo: 1\n", 1)
    )
    text += "outcomes:\n  - id: X\n    bar: 2\n"
    problems = validate([_write(tmp_path, "d.yaml", text)]).problems
    assert [(p.code, p.line, p.field) for p in problems] == [
        ("unknown-field", 20, "outcomes[0].foo"),
        ("duplicate-key", 33, "outcomes"),
    ]


def test_csv_entity_ids_differing_in_case_are_one_entity_and_a_mismatch(tmp_path: Path) -> None:
    text = (VALID / "kenya-2016.csv").read_text()
    header, first, second, third = text.splitlines(keepends=True)
    path = _write(tmp_path, "case.csv", header + first + second + third.replace("AI-UG,", "ai-ug,", 1))
    problems = validate([path]).problems
    assert [(p.code, p.line, p.field, p.value) for p in problems] == [
        ("entity-mismatch", 4, "entity_id", "ai-ug")
    ]


def test_csv_years_written_as_2016_0_agree_with_2016(tmp_path: Path) -> None:
    text = (VALID / "kenya-2016.csv").read_text()
    header, first, second, third = text.splitlines(keepends=True)
    path = _write(tmp_path, "y.csv", header + first + second + third.replace(",2016,", ",2016.0,", 1))
    assert validate([path]).problems == []


def test_semicolon_csv_with_a_blank_first_line(tmp_path: Path) -> None:
    text = "\n" + (VALID / "kenya-2016.csv").read_text().replace(",", ";")
    assert validate([_write(tmp_path, "semi.csv", text)]).problems == []


def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes((VALID / "kenya-2016.csv").read_text().encode("utf-16-le"))
    assert validate([path]).problems == []


def test_a_binary_file_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01")
    report = validate([path])
    assert [p.code for p in report.problems] == ["binary-content"]
    assert report.exit_code == 2


@pytest.mark.parametrize(
    ("field", "value", "code", "suggestion"),
    [
        ("region", "europe", "unknown-code", "europe_central_asia"),
        ("region", "middle east", "unknown-code", "middle_east_north_africa"),
        ("type", "project", "unknown-code", "international_project"),
        ("country", "UK", "unknown-country", "GB"),
        ("impact_type", '"²"', "unknown-code", None),
        ("impact_type", "7", "unknown-code", None),
    ],
)
def test_near_misses_get_a_suggestion_and_odd_digits_no_crash(
    tmp_path: Path, field: str, value: str, code: str, suggestion: str | None
) -> None:
    text = (INVALID / "unknown-goal.yaml").read_text().replace("strategic_goal: 7", "strategic_goal: 2")
    old = {
        "region": "region: africa",
        "type": "type: section",
        "country": "country: KE",
        "impact_type": "impact_type: increased_dialogue",
    }[field]
    text = text.replace(old, f"{old.split(':')[0]}: {value}")
    problems = validate([_write(tmp_path, "near.yaml", text)]).problems
    assert [(p.code, p.suggestion) for p in problems] == [(code, suggestion)]


@pytest.mark.parametrize(
    ("written", "suggestion", "needle"),
    [
        ("2016-05-12 10:30:00", "2016-05-12", "holds a time of day as well: write the day alone, 2016-05-12"),
        ("2016-05-12T10:30", "2016-05-12", "holds a time of day as well"),
        ("2016-05-12 10:30:59.5", "2016-05-12", "holds a time of day as well"),
        ("2016-02-30 10:30", None, "is not a real date"),  # no such day: the general message
        ("2016-05-12 24:30", None, "is not a real date"),  # no such time
        ("12/05/2016", None, "is not a real date written as YYYY-MM-DD"),
    ],
)
def test_a_date_with_a_time_of_day_is_told_to_keep_the_day(
    tmp_path: Path, written: str, suggestion: str | None, needle: str
) -> None:
    valid = (VALID / "kenya-2016.yaml").read_text()
    text = valid.replace("date: 2016-05-12", f'date: "{written}"', 1)
    assert text != valid
    [problem] = validate([_write(tmp_path, "t.yaml", text)]).problems
    assert (problem.code, problem.suggestion) == ("invalid-date", suggestion)
    assert needle in problem.message


def test_numbers_in_other_scripts_are_not_numbers(tmp_path: Path) -> None:
    text = (VALID / "kenya-2016.yaml").read_text().replace("year: 2016", "year: ２０１６")
    problems = validate([_write(tmp_path, "fw.yaml", text)]).problems
    assert [p.code for p in problems] == ["invalid-number"]


def test_impact_type_by_number_written_as_a_decimal(tmp_path: Path) -> None:
    text = (VALID / "kenya-2016.yaml").read_text().replace("impact_type: 1", "impact_type: 1.0")
    assert validate([_write(tmp_path, "n.yaml", text)]).problems == []


def test_misspelt_field_names_get_a_suggestion(tmp_path: Path) -> None:
    text = (VALID / "kenya-2016.yaml").read_text().replace("    strategic_goal: 1\n", "    goal: 1\n")
    problems = validate([_write(tmp_path, "g.yaml", text)]).problems
    assert [(p.code, p.suggestion) for p in problems] == [("unknown-field", "strategic_goal")]


@pytest.mark.parametrize(
    ("contribution", "found"),
    [
        ("Call +254 712 345 678 after 5 pm.", "+254 712 345 678"),
        ("Call 0712-345678.", "0712-345678"),
        ("Call 0712.345.678 today.", "0712.345.678"),
        ("Call (0712) 345 678 today.", None),  # two characters between digits end a number
        ("On 4 May 2016, 0712345678 answered.", "0712345678"),
        ("Reference A0712345678 in the file.", None),  # a letter before: a code, not a number
        ("Reference 90712345678 in the file.", None),  # a digit before: a longer figure
        ("Reference ++254712345678 in the file.", None),
        ("Call 0712 345 6.", None),  # seven digits after the 0: too short
        ("A budget of 1,000,000 in 2016.", None),
    ],
)
def test_what_counts_as_a_phone_number(tmp_path: Path, contribution: str, found: str | None) -> None:
    text = (VALID / "kenya-2016.yaml").read_text()
    text = text.replace("We documented cases and requested the meetings.", contribution)
    report = validate([_write(tmp_path, "contact.yaml", text)])
    assert [(p.code, p.field, p.value) for p in report.problems] == (
        [("contact-details", "outcomes[0].contribution", found)] if found else []
    )
