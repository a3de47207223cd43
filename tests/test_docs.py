"""The docs stay true: generated references are current, the README's commands are the ones CI runs."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from impactagg.cli import app
from impactagg.reference import DOCS
from tests.conftest import REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(DOCS))
def test_generated_reference_docs_are_current(name: str) -> None:
    committed = (REPO / "docs" / name).read_text(encoding="utf-8")
    assert committed == DOCS[name](), f"docs/{name} is stale: run `make docs`"


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^(python3 -m venv .+)$", section, flags=re.MULTILINE)


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    main_job, tests = commands
    assert "impactagg summarize" in main_job and "sample_data" in main_job
    assert tests in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_has_help_and_appears_in_the_readme() -> None:
    names = [command.name or command.callback.__name__ for command in app.registered_commands]  # type: ignore[union-attr]
    assert names
    for name in names:
        result = run_cli(name, "--help")
        assert result.exit_code == 0
        assert len(result.stdout.strip().splitlines()) > 3
        assert f"impactagg {name}" in README, name


def test_every_problem_code_is_documented() -> None:
    from impactagg.problems import RULES

    problems = (REPO / "docs" / "problems.md").read_text(encoding="utf-8")
    for code in RULES:
        assert f"`{code}`" in problems


def test_readme_shows_the_real_summarize_output() -> None:
    result = run_cli(
        "summarize", "--data", str(REPO / "sample_data"), "--year", "2016", env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0
    shown = README.split("Output on `sample_data/`", 1)[1].split("```text\n", 1)[1].split("\n```", 1)[0]
    assert [line.rstrip() for line in shown.splitlines()] == [
        line.rstrip() for line in result.stdout.splitlines()
    ]


def test_the_json_schema_accepts_every_sample_submission() -> None:
    import datetime as dt
    import json

    import jsonschema
    import yaml

    schema = json.loads((REPO / "schemas" / "submission.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((REPO / "sample_data" / "2016").rglob("*.yaml"))
    assert len(files) == 60
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for outcome in data["outcomes"]:
            if isinstance(outcome.get("date"), dt.date):  # YAML 1.1 types dates; JSON has none
                outcome["date"] = outcome["date"].isoformat()
        errors = [error.message for error in validator.iter_errors(data)]
        assert errors == [], path


def test_the_json_schema_rejects_what_validate_rejects() -> None:
    import json

    import jsonschema

    schema = json.loads((REPO / "schemas" / "submission.schema.json").read_text(encoding="utf-8"))
    good = {
        "schema_version": 1,
        "entity": {"id": "AI-KE", "name": "Kenya", "type": "section", "region": "africa"},
        "year": 2016,
        "outcomes": [
            {
                "id": "AI-KE-2016-01",
                "title": "t",
                "description": "d",
                "impact_type": 6,
                "strategic_goal": 2,
                "expectation": "met",
                "target": "government",
            }
        ],
    }
    jsonschema.validate(good, schema)
    for path, bad in (
        (("year",), 99999),
        (("entity", "id"), "AI KE"),
        (("outcomes", 0, "expectation"), "exceded"),
        (("outcomes", 0, "strategic_goal"), 7),
        (("outcomes", 0, "impact_type"), 9),
    ):
        broken = json.loads(json.dumps(good))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = bad
        assert not jsonschema.Draft202012Validator(schema).is_valid(broken), path


def test_the_readme_python_example_runs_as_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = README.split("## Use from Python", 1)[1].split("```python\n", 1)[1].split("\n```", 1)[0]
    monkeypatch.chdir(REPO)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "80 submissions; 0 problems"
    assert printed[1] == "{'exceeded': 172, 'met': 154, 'negative': 24}"
    assert printed[2] == "{'count': 20, 'share': 0.6451612903225806}"
    assert printed[-1] == "False [{'line': 13, 'column': 21, 'code': 'unknown-code'}]"


def test_the_lowest_versions_tested_are_the_declared_floors() -> None:
    """scripts/test-lowest runs the suite with scripts/lowest-versions.txt: every dependency of
    pyproject.toml pinned there at the lowest release its floor allows (pycountry>=23: 23.x.y)."""
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = (REPO / "scripts" / "lowest-versions.txt").read_text().splitlines()
    pins = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    pinned = {pin.name.lower(): Version(next(iter(pin.specifier)).version) for pin in pins}
    floors = {}
    for text in declared:
        requirement = Requirement(text)
        floor = next(spec for spec in requirement.specifier if spec.operator == ">=")
        floors[requirement.name.lower()] = Version(floor.version)
        assert pinned.get(requirement.name.lower()) in requirement.specifier, text
    assert sorted(pinned) == sorted(floors)
    for name, floor in floors.items():
        assert pinned[name].release[: len(floor.release)] == floor.release, (name, floor, pinned[name])
