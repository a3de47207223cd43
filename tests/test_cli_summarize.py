"""``impactagg summarize`` as a user runs it: data sources, invalid data, formats."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from impactagg.render.formats import SummaryFormat
from impactagg.render.summary import percent, render_json
from impactagg.summary_run import run_summary
from impactagg.summary_schema import summary_schema
from tests.builders import KNOWN, submission_data, write_yaml
from tests.conftest import INVALID, REPO, run_cli


@pytest.fixture
def known(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for entity in KNOWN:
        write_yaml(folder, submission_data(*entity))
    return folder


def test_json_output_is_the_library_result_and_matches_the_schema(known: Path) -> None:
    result = run_cli("summarize", "--data", str(known), "--year", "2016", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == render_json(run_summary([str(known)], 2016).to_dict())
    document = json.loads(result.stdout)
    jsonschema.validate(document, summary_schema())
    assert document["year"] == 2016
    assert document["totals"]["outcomes"] == 5
    assert document["inputs"] == {"files": 4, "submissions_counted": 4, "outcomes_read": 5, "excluded": []}


def test_committed_summary_schema_is_current() -> None:
    committed = (REPO / "schemas" / "summary.schema.json").read_text(encoding="utf-8")
    assert run_cli("schema", "--kind", "summary").stdout == committed


def test_table_output_answers_the_three_questions(known: Path) -> None:
    result = run_cli("summarize", "--data", str(known))  # the only year in the data is taken
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Submissions: 4 (3 sections, 1 international project)" in out
    assert "Outcomes: 5; corroborated by at least one stakeholder: 1 (20%)" in out
    for title in (
        "Who are we influencing?",
        "What type of impact?",
        "Did we meet expectations?",
        "Expectations by strategic goal",
        "Expectations by region",
        "Tangible government action",
    ):
        assert title in out
    assert "1 of 3" in out and "33%" in out
    assert "Least deviation from expectations (highest share met): goal 1 (Reclaiming freedoms)." in out
    assert "Largest share of negative outcomes: goals 2 and 3" in out


def test_markdown_and_csv_hold_the_same_figures(known: Path) -> None:
    markdown = run_cli("summarize", "--data", str(known), "--format", "markdown").stdout
    assert markdown.startswith("# Impact review 2016\n")
    assert "| Government | 1 (33%) | 0 (0%) | 1 (20%) |" in markdown
    table = list(
        csv.DictReader(io.StringIO(run_cli("summarize", "--data", str(known), "--format", "csv").stdout))
    )
    rows = {(r["figure"], r["group"], r["code"]): r for r in table}
    assert rows[("expectation", "all", "met")] == {
        "year": "2016",
        "filters": "",
        "figure": "expectation",
        "group": "all",
        "code": "met",
        "count": "2",
        "total": "5",
        "share": "0.4",
    }
    assert rows[("submissions", "all", "section")]["count"] == "3"
    assert rows[("least_deviation_goal", "1", "met")]["share"] == "1.0"
    assert {key[1] for key in rows if key[0] == "most_negative_goal"} == {"2", "3"}
    assert rows[("government_action", "section", "with_action")]["count"] == "1"
    assert rows[("by_goal", "4", "met")]["share"] == ""


def test_every_summary_format_is_rendered(known: Path) -> None:
    for summary_format in SummaryFormat:
        result = run_cli("summarize", "--data", str(known), "--format", summary_format.value)
        assert result.exit_code == 0 and result.stdout.strip(), summary_format


def test_filters_on_the_command_line(known: Path) -> None:
    result = run_cli(
        "summarize",
        "--data",
        str(known),
        "--goal",
        "2",
        "--region",
        "AFRICA",
        "--region",
        "middle_east_north_africa",
        "--format",
        "json",
    )
    document = json.loads(result.stdout)
    assert document["filters"] == {
        "region": ["africa", "middle_east_north_africa"],
        "goal": [2],
        "entity_type": [],
    }
    assert document["totals"]["outcomes"] == 2
    assert run_cli("summarize", "--data", str(known), "--goal", "6").exit_code == 2


def test_invalid_submission_of_the_year_blocks_unless_skipped(known: Path) -> None:
    shutil.copy(INVALID / "unknown-goal.yaml", known / "broken.yaml")
    refused = run_cli("summarize", "--data", str(known), "--year", "2016")
    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert "Found 1 invalid submission(s) for 2016 (1 outcome(s))" in refused.stderr
    assert "broken.yaml AI-KE: 1 error(s), first: " in refused.stderr
    assert "--skip-invalid" in refused.stderr

    skipped = run_cli(
        "summarize", "--data", str(known), "--year", "2016", "--skip-invalid", "--format", "json"
    )
    assert skipped.exit_code == 0
    assert "Left out 1 invalid submission(s) for 2016 (1 outcome(s))" in skipped.stderr
    document = json.loads(skipped.stdout)
    assert document["totals"]["outcomes"] == 5
    excluded = document["inputs"]["excluded"]
    assert [(Path(e["path"]).name, e["entity_id"], e["outcomes"]) for e in excluded] == [
        ("broken.yaml", "AI-KE", 1)
    ]


def test_unreadable_file_of_unknown_year_blocks(known: Path) -> None:
    (known / "garbage.yaml").write_text("entity: [unclosed\n")
    result = run_cli("summarize", "--data", str(known), "--year", "2016")
    assert result.exit_code == 1
    assert "garbage.yaml" in result.stderr


def test_invalid_submission_of_another_year_is_mentioned_not_blocking(known: Path) -> None:
    text = (INVALID / "unknown-goal.yaml").read_text().replace("year: 2016", "year: 2015")
    (known / "old.yaml").write_text(text.replace("2016-05-12", "2015-05-12"))
    result = run_cli("summarize", "--data", str(known), "--year", "2016")
    assert result.exit_code == 0
    assert "Ignored 1 invalid submission(s) of other years" in result.stderr


def test_two_files_for_one_entity_are_both_left_out(known: Path) -> None:
    data = submission_data(*KNOWN[0])
    data["outcomes"] = [dict(o, id=o["id"] + "b") for o in data["outcomes"]]
    (known / "again.yaml").write_text(json.dumps(data))
    refused = run_cli("summarize", "--data", str(known), "--year", "2016")
    assert refused.exit_code == 1
    assert "Found 2 invalid submission(s)" in refused.stderr
    skipped = json.loads(
        run_cli("summarize", "--data", str(known), "--skip-invalid", "--format", "json").stdout
    )
    assert skipped["totals"]["submissions"] == 3
    assert skipped["totals"]["outcomes"] == 3


def test_data_comes_from_the_environment_then_from_dot_data(
    known: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    via_env = run_cli("summarize", "--format", "json", env={"IMPACTAGG_DATA": str(known)})
    assert via_env.exit_code == 0 and json.loads(via_env.stdout)["totals"]["outcomes"] == 5
    monkeypatch.chdir(known.parent)
    via_folder = run_cli("summarize", "--format", "json", env={"IMPACTAGG_DATA": ""})
    assert via_folder.exit_code == 0 and json.loads(via_folder.stdout)["totals"]["outcomes"] == 5


def test_no_data_anywhere_says_how_to_point_at_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("summarize", env={"IMPACTAGG_DATA": ""})
    assert result.exit_code == 2
    assert "--data" in result.stderr and "sample_data" in result.stderr


def test_a_missing_data_path_exits_2(tmp_path: Path) -> None:
    result = run_cli("summarize", "--data", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "No such file or folder" in result.stderr


def test_a_year_without_data_is_a_clear_message(known: Path) -> None:
    result = run_cli("summarize", "--data", str(known), "--year", "2019")
    assert result.exit_code == 1
    assert "no valid submissions for 2019" in result.stderr
    assert "2016" in result.stderr


def test_several_years_need_a_choice(known: Path) -> None:
    write_yaml(known, submission_data("S1", "section", "africa", [], year=2017))
    result = run_cli("summarize", "--data", str(known))
    assert result.exit_code == 1
    assert "several years (2016, 2017)" in result.stderr
    assert run_cli("summarize", "--data", str(known), "--year", "2017").exit_code == 0


def test_repeated_runs_are_byte_identical(known: Path) -> None:
    for summary_format in SummaryFormat:
        first = run_cli("summarize", "--data", str(known), "--format", summary_format.value).stdout
        assert run_cli("summarize", "--data", str(known), "--format", summary_format.value).stdout == first


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (1, 3, "33%"),
        (2, 3, "67%"),
        (1, 8, "13%"),
        (1, 200, "1%"),
        (0, 5, "0%"),
        (5, 5, "100%"),
        (1, 0, "–"),
        (7, 200, "4%"),
    ],  # 3.5% rounds half up, with no float on the way
)
def test_whole_percents_round_half_up_exactly(count: int, total: int, expected: str) -> None:
    assert percent(count, total) == expected


def test_csv_rows_say_which_filters_made_them(known: Path) -> None:
    text = run_cli(
        "summarize", "--data", str(known), "--format", "csv", "--goal", "2", "--region", "africa"
    ).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["filters"] for row in rows} == {"region=africa; goal=2"}


def test_only_invalid_data_and_no_year_lists_the_invalid_files(tmp_path: Path) -> None:
    shutil.copy(INVALID / "unknown-goal.yaml", tmp_path / "broken.yaml")
    result = run_cli("summarize", "--data", str(tmp_path))
    assert result.exit_code == 1
    assert "Found 1 invalid submission(s) for 2016" in result.stderr
    assert "broken.yaml" in result.stderr
    (tmp_path / "broken.yaml").write_text("entity: [unclosed\n")
    unreadable = run_cli("summarize", "--data", str(tmp_path))
    assert unreadable.exit_code == 1
    assert "invalid submission(s) for an unknown year" in unreadable.stderr


def test_outcomes_read_before_a_csv_syntax_error_are_counted_as_dropped(known: Path) -> None:
    text = (
        (INVALID / "invalid-date.csv")
        .read_text()
        .replace("2016-13-01", "2016-06-01")
        .replace("AI-KE", "AI-UG")
    )
    (known / "broken.csv").write_text(text + 'AI-UG,x,section,africa,2016,AI-UG-2016-09,"never closed\n')
    result = run_cli("summarize", "--data", str(known), "--year", "2016", "--skip-invalid")
    assert result.exit_code == 0
    assert "Left out 1 invalid submission(s) for 2016 (2 outcome(s))" in result.stderr


def test_sources_name_every_file_with_its_sha256_and_outcomes_taken(known: Path) -> None:
    import hashlib

    shutil.copy(INVALID / "unknown-goal.yaml", known / "broken.yaml")
    document = json.loads(
        run_cli("summarize", "--data", str(known), "--skip-invalid", "--goal", "2", "--format", "json").stdout
    )
    files = document["sources"]["files"]
    assert [Path(f["path"]).name for f in files] == sorted(path.name for path in known.iterdir())
    for entry in files:
        assert entry["sha256"] == hashlib.sha256(Path(entry["path"]).read_bytes()).hexdigest()
    assert sum(entry["outcomes"] for entry in files) == document["totals"]["outcomes"] == 2
    assert {Path(f["path"]).name: f["outcomes"] for f in files}["broken.yaml"] == 0
    assert document["sources"]["impactagg_version"] == document["impactagg_version"]


def _two_years(folder: Path) -> None:
    for entity in KNOWN:
        write_yaml(folder, submission_data(*entity))
    # 2015: S1 and P1 only; MENA (S2) reported nothing, so its group is empty that year.
    write_yaml(
        folder,
        submission_data(
            "S1",
            "section",
            "africa",
            [
                ("concrete_action_specific", 1, "exceeded", "government", False),
                ("increased_dialogue", 2, "met", "government", False),
                ("increased_dialogue", 2, "met", "general_public", True),
                ("enhanced_capacity", 2, "negative", "civil_society", False),
            ],
            year=2015,
        ),
    )
    write_yaml(folder, submission_data("P1", "international_project", "americas", [], year=2015))


def test_compare_shows_last_years_shares_and_the_change(tmp_path: Path) -> None:
    _two_years(tmp_path)
    document = json.loads(
        run_cli(
            "summarize", "--data", str(tmp_path), "--year", "2016", "--compare", "2015", "--format", "json"
        ).stdout
    )
    jsonschema.validate(document, summary_schema())
    compare = document["compare"]
    assert compare["year"] == 2015
    assert compare["figures"]["totals"]["outcomes"] == 4
    assert compare["figures"]["expectation"]["met"] == {"count": 2, "share": 0.5}
    change = compare["change_pp"]
    assert change["expectation"]["met"]["share"] == pytest.approx(40 - 50)
    assert change["by_region"]["middle_east_north_africa"]["shares"]["negative"] is None  # empty in 2015
    assert change["government_action"]["section"]["share"] == pytest.approx(100 / 3 - 100)
    assert change["totals"]["corroborated_share"] == pytest.approx(20 - 25)


def test_compare_in_the_tables_and_csv(tmp_path: Path) -> None:
    _two_years(tmp_path)
    table = run_cli(
        "summarize", "--data", str(tmp_path), "--year", "2016", "--compare", "2015", "--no-charts"
    ).stdout
    assert "Compared with 2015 (4 outcomes)" in table
    assert "2 (40%, −10 pp)" in table  # met: 40% now, 50% in 2015
    assert "1 (100%, – pp)" in table  # MENA had no outcomes in 2015
    rows = list(
        csv.DictReader(
            io.StringIO(
                run_cli(
                    "summarize",
                    "--data",
                    str(tmp_path),
                    "--year",
                    "2016",
                    "--compare",
                    "2015",
                    "--format",
                    "csv",
                ).stdout
            )
        )
    )
    assert {row["year"] for row in rows} == {"2016", "2015"}


def test_compare_with_a_year_without_data_is_a_clear_message(known: Path) -> None:
    result = run_cli("summarize", "--data", str(known), "--year", "2016", "--compare", "2014")
    assert result.exit_code == 1
    assert "no valid submissions for 2014" in result.stderr
    assert run_cli("summarize", "--data", str(known), "--year", "2016", "--compare", "2016").exit_code == 2


def test_explain_lists_the_ids_behind_every_count(known: Path) -> None:
    document = json.loads(
        run_cli(
            "summarize", "--data", str(known), "--explain", "--format", "json", "--goal", "2", "--goal", "3"
        ).stdout
    )
    jsonschema.validate(document, summary_schema())
    explained = document["explain"]
    assert explained["totals"]["outcomes"] == ["P1-2016-01", "P1-2016-02", "S1-2016-02", "S2-2016-01"]
    assert len(explained["totals"]["corroborated"]) == document["totals"]["corroborated"]
    for code, figure in document["expectation"].items():
        assert len(explained["expectation"][code]) == figure["count"]
    for figure in ("by_target", "by_impact_type"):
        for code, row in document[figure].items():
            assert len(explained[figure][code]["all"]) == row["count"]
            for kind in ("section", "international_project"):
                assert len(explained[figure][code][kind]) == row[kind]["count"]
    for figure in ("by_goal", "by_region"):
        for group, row in document[figure].items():
            for code in ("exceeded", "met", "negative"):
                assert len(explained[figure][group][code]) == row[code]
    for kind, row in document["government_action"].items():
        assert len(explained["government_action"][kind]["entities"]) == row["entities"]
        assert len(explained["government_action"][kind]["with_action"]) == row["with_action"]
    assert explained["government_action"]["international_project"]["outcomes"] == ["P1-2016-01"]


def test_summarize_starts_with_the_reporting_status_when_there_is_a_registry(known: Path) -> None:
    import yaml

    registry = {
        "entities": [
            {"id": entity_id, "name": f"Entity {entity_id}", "type": kind, "region": region}
            for entity_id, kind, region, _ in KNOWN
        ]
        + [{"id": "S9", "name": "Entity S9", "type": "section", "region": "asia_pacific"}]
    }
    (known / "entities.yaml").write_text(yaml.safe_dump(registry))
    table = run_cli("summarize", "--data", str(known), "--no-charts").stdout
    assert table.startswith("Reporting status 2016: 4 of 5 expected entities submitted (80%)")
    document = json.loads(run_cli("summarize", "--data", str(known), "--format", "json").stdout)
    assert document["status"]["overall"]["missing"] == 1
    jsonschema.validate(document, summary_schema())


def test_saved_outputs_say_what_was_left_out(known: Path) -> None:
    shutil.copy(INVALID / "unknown-goal.yaml", known / "broken.yaml")
    common = ("summarize", "--data", str(known), "--year", "2016", "--skip-invalid")
    table = run_cli(*common, "--no-charts").stdout
    assert table.startswith("Left out: 1 invalid submission(s), 1 outcome(s) (--skip-invalid)")
    markdown = run_cli(*common, "--format", "markdown").stdout
    assert "- Left out: 1 invalid submission(s), 1 outcome(s)" in markdown
    rows = list(csv.DictReader(io.StringIO(run_cli(*common, "--format", "csv").stdout)))
    assert [(r["figure"], r["code"], r["count"]) for r in rows[:2]] == [
        ("excluded", "submissions", "1"),
        ("excluded", "outcomes", "1"),
    ]
