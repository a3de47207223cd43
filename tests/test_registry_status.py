"""The registry of expected entities, the checks against it, and ``impactagg status``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from impactagg.validation import validate
from tests.builders import submission_data, write_yaml
from tests.conftest import INVALID, run_cli

REGISTRY = {
    "entities": [
        {"id": "AI-KE", "name": "Amnesty International Kenya", "type": "section", "region": "africa"},
        {"id": "AI-ZA", "name": "Amnesty International South Africa", "type": "section", "region": "africa"},
        {
            "id": "AI-LB",
            "name": "Amnesty International Lebanon",
            "type": "section",
            "region": "middle_east_north_africa",
        },
        {"id": "IP-AFR", "name": "Africa project", "type": "international_project", "region": "africa"},
        {
            "id": "IP-OLD",
            "name": "Closed project",
            "type": "international_project",
            "region": "americas",
            "active_until": 2015,
        },
    ]
}
ROW = [("increased_dialogue", 2, "met", "government", False)]


def _data(tmp_path: Path, registry: dict[str, object] = REGISTRY) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "entities.yaml").write_text(yaml.safe_dump(registry, sort_keys=False))
    ke = submission_data("AI-KE", "section", "africa", ROW)
    ke["entity"]["name"] = "Amnesty International Kenya"
    write_yaml(folder, ke)
    za = submission_data("AI-ZA", "section", "africa", ROW)
    za["entity"]["name"] = "Amnesty International South Africa"
    za["outcomes"][0]["expectation"] = "meet"  # submitted, invalid
    write_yaml(folder, za)
    project = submission_data("IP-AFR", "international_project", "africa", ROW)
    project["entity"]["name"] = "Africa project"
    write_yaml(folder, project)
    return folder


def test_the_registry_in_the_data_folder_is_used_and_is_not_a_submission(tmp_path: Path) -> None:
    report = validate([_data(tmp_path)])
    assert [Path(f.path).name for f in report.files if f.format == "registry"] == ["entities.yaml"]
    assert len(report.submissions) == 3
    assert report.registry is not None


def test_unknown_entity_gets_a_did_you_mean_and_mismatches_name_both_values(tmp_path: Path) -> None:
    folder = _data(tmp_path)
    stray = submission_data("AI-KEN", "section", "africa", ROW)
    stray["entity"]["name"] = "Kenya"
    write_yaml(folder, stray)
    odd = submission_data("AI-LB", "section", "africa", ROW)  # the registry says MENA
    odd["entity"]["name"] = "Amnesty International Lebanon"
    write_yaml(folder, odd)
    problems = {(Path(p.path).name, p.code): p for p in validate([folder]).problems}
    unknown = problems[("AI-KEN-2016.yaml", "unknown-entity")]
    assert (unknown.line, unknown.field, unknown.suggestion) == (3, "entity.id", "AI-KE")
    assert "Did you mean 'AI-KE'?" in unknown.message
    mismatch = problems[("AI-LB-2016.yaml", "registry-mismatch")]
    assert (mismatch.field, mismatch.value, mismatch.suggestion) == (
        "entity.region",
        "africa",
        "middle_east_north_africa",
    )
    assert "'middle_east_north_africa'" in mismatch.message and "'africa'" in mismatch.message


def test_an_entity_not_active_that_year_is_a_warning(tmp_path: Path) -> None:
    folder = _data(tmp_path)
    old = submission_data("IP-OLD", "international_project", "americas", ROW)
    old["entity"]["name"] = "Closed project"
    write_yaml(folder, old)
    found = [(p.code, str(p.severity)) for p in validate([folder]).problems if "IP-OLD" in p.path]
    assert found == [("inactive-entity", "warning")]


def test_a_broken_registry_is_reported_at_its_lines(tmp_path: Path) -> None:
    registry = {
        "entities": [
            *REGISTRY["entities"],
            {
                "id": "AI-KE",
                "name": "Again",
                "type": "sectoin",  # type: ignore[misc]
                "region": "africa",
            },
        ]
    }
    folder = _data(tmp_path, registry)
    problems = [(p.code, p.line) for p in validate([folder]).problems if p.path.endswith("entities.yaml")]
    assert problems == [("unknown-code", 25)]
    registry["entities"][-1]["type"] = "section"  # type: ignore[index]
    (folder / "entities.yaml").write_text(yaml.safe_dump(registry, sort_keys=False))
    problems = [(p.code, p.line) for p in validate([folder]).problems if p.path.endswith("entities.yaml")]
    assert problems == [("duplicate-entity", 23)]


@pytest.mark.parametrize(
    ("content", "code"),
    [("- id: AI-KE\n", "yaml-not-mapping"), ("AI-KE\n", "yaml-not-mapping"), ("# none yet\n", "empty-file")],
)
def test_a_registry_that_is_not_a_mapping_is_told_what_a_registry_holds(
    tmp_path: Path, content: str, code: str
) -> None:
    folder = _data(tmp_path)
    (folder / "entities.yaml").write_text(content)
    [problem] = [p for p in validate([folder]).problems if p.path.endswith("entities.yaml")]
    assert problem.code == code
    assert "it starts with 'entities:'" in problem.message and "submission" not in problem.message


def test_status_counts_expected_valid_invalid_and_missing(tmp_path: Path) -> None:
    folder = _data(tmp_path)
    result = run_cli("status", "--data", str(folder), "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["overall"] == {
        "expected": 4,
        "valid": 2,
        "invalid": 1,
        "missing": 1,
        "submitted_share": 0.75,
        "valid_share": 0.5,
    }
    assert document["by_region"]["middle_east_north_africa"]["missing"] == 1
    assert document["by_region"]["americas"]["expected"] == 0  # IP-OLD closed in 2015
    assert document["by_entity_type"]["section"] == {
        "expected": 3,
        "valid": 1,
        "invalid": 1,
        "missing": 1,
        "submitted_share": 2 / 3,
        "valid_share": 1 / 3,
    }
    assert [item["id"] for item in document["missing"]] == ["AI-LB"]
    assert [item["id"] for item in document["invalid"]] == ["AI-ZA"]
    assert (
        document["registry"]["path"].endswith("entities.yaml") and len(document["registry"]["sha256"]) == 64
    )
    assert len(document["sources"]["files"]) == 3


def test_status_table_lists_the_missing(tmp_path: Path) -> None:
    out = run_cli("status", "--data", str(_data(tmp_path))).stdout
    assert out.startswith(
        "Reporting status 2016: 3 of 4 expected entities submitted (75%): 2 valid, 1 invalid; 1 missing."
    )
    assert "Missing (1):\n  AI-LB  Amnesty International Lebanon" in out
    assert "Submitted, but invalid (1):" in out


def test_status_names_unexpected_submitters(tmp_path: Path) -> None:
    folder = _data(tmp_path)
    shutil.copy(INVALID / "date-outside-year.yaml", folder / "stray.yaml")  # AI-KE again, a duplicate
    stray = submission_data("AI-XX", "section", "africa", ROW)
    write_yaml(folder, stray)
    document = json.loads(run_cli("status", "--data", str(folder), "--format", "json").stdout)
    assert document["unexpected"] == ["AI-XX"]


def test_status_needs_a_registry(tmp_path: Path) -> None:
    write_yaml(tmp_path, submission_data("AI-KE", "section", "africa", ROW))
    result = run_cli("status", "--data", str(tmp_path))
    assert result.exit_code == 2
    assert "registry" in result.stderr
    elsewhere = tmp_path.parent / "registry.yaml"
    elsewhere.write_text(yaml.safe_dump(REGISTRY))
    assert run_cli("status", "--data", str(tmp_path), "--registry", str(elsewhere)).exit_code == 0


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_status_csv_and_markdown(tmp_path: Path, fmt: str) -> None:
    out = run_cli("status", "--data", str(_data(tmp_path)), "--format", fmt).stdout
    assert "AI-LB" in out


def test_status_and_outcomes_json_are_byte_identical_on_repeated_runs(tmp_path: Path) -> None:
    folder = _data(tmp_path)
    for command in (
        ["status", "--data", str(folder), "--format", "json"],
        ["outcomes", "--data", str(folder), "--format", "json", "--skip-invalid"],
    ):
        first = run_cli(*command).stdout
        assert first and run_cli(*command).stdout == first, command
