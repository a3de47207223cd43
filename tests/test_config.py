"""Settings from impactagg.toml and [tool.impactagg], overridden by the environment and the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from impactagg.config import ConfigError, resolve
from tests.conftest import INVALID, VALID, run_cli


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    found = resolve({}, cwd=tmp_path, env={})
    assert found.config_file is None
    assert (found.data.value, found.data.origin) == (["data"], "default")
    assert (found.strict.value, found.outcomes.value, found.depth.value) == (False, 2_000_000, 20)


def test_file_then_environment_then_command_line(tmp_path: Path) -> None:
    (tmp_path / "impactagg.toml").write_text(
        'data = ["submissions"]\nstrict = true\nsummary_format = "json"\n[limits]\noutcomes = 500\n'
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    found = resolve({}, cwd=sub, env={})  # found by walking up from a sub-folder
    assert found.config_file == str(tmp_path / "impactagg.toml")
    assert (found.data.value, found.data.origin) == (["../submissions"], "impactagg.toml")
    assert (found.strict.value, found.outcomes.value, found.summary_format.value) == (True, 500, "json")
    assert (
        resolve({}, cwd=tmp_path, env={"IMPACTAGG_DATA": "elsewhere"}).data.origin
        == "environment (IMPACTAGG_DATA)"
    )
    overridden = resolve(
        {"data": ["x"], "strict": False, "outcomes": 7}, cwd=tmp_path, env={"IMPACTAGG_DATA": "e"}
    )
    assert (overridden.data.value, overridden.strict.value, overridden.outcomes.value) == (["x"], False, 7)
    assert {overridden.data.origin, overridden.strict.origin, overridden.outcomes.origin} == {"command line"}


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "data"\n[tool.impactagg]\nregistry = "meta/entities.yaml"\n'
    )
    found = resolve({}, cwd=tmp_path, env={})
    assert (found.registry.value, found.registry.origin) == ("meta/entities.yaml", "pyproject.toml")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("strcit = true\n", "unknown key 'strcit' (line 1). Did you mean 'strict'?"),
        ("[limits]\noutcome = 3\n", "unknown key 'limits.outcome' (line 2). Did you mean 'outcomes'?"),
        ("strict = maybe\n", "not valid TOML"),
        ('summary_format = "pdf"\n', "'summary_format'"),
        (
            '# where the data is\ndata = "data"\n',
            "'data' (line 2): Input should be a valid list. (data: Data folders or files, relative",
        ),
        ("[limits]\n\noutcomes = 0\n", "'limits.outcomes' (line 3): Input should be greater than or equal"),
    ],
)
def test_bad_files_are_errors_naming_the_key(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "impactagg.toml").write_text(text)
    with pytest.raises(ConfigError, match=r"impactagg\.toml") as caught:
        resolve({}, cwd=tmp_path, env={})
    assert needle in str(caught.value)


def test_the_cli_uses_the_file_and_says_where_settings_come_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(VALID, tmp_path / "submissions")
    shutil.copy(INVALID / "date-outside-year.yaml", tmp_path / "submissions" / "late.yaml")
    (tmp_path / "impactagg.toml").write_text('data = ["submissions"]\nstrict = true\n')
    monkeypatch.chdir(tmp_path)
    # Duplicate entities make the data invalid; strict from the file makes the warning fail too.
    assert run_cli("validate", "submissions", env={"IMPACTAGG_DATA": ""}).exit_code == 1
    summary = run_cli("summarize", "--format", "json", "--skip-invalid", env={"IMPACTAGG_DATA": ""})
    assert summary.exit_code == 0, summary.stderr
    assert json.loads(summary.stdout)["inputs"]["files"] == 4
    shown = json.loads(run_cli("config", "--format", "json", env={"IMPACTAGG_DATA": ""}).stdout)
    assert shown["settings"]["data"] == {"value": "submissions", "origin": "impactagg.toml"}
    assert shown["settings"]["strict"] == {"value": "True", "origin": "impactagg.toml"}
    assert shown["settings"]["outcomes"]["origin"] == "default"
    text = run_cli("config", env={"IMPACTAGG_DATA": ""}).stdout
    assert "impactagg.toml" in text and "strict" in text


def test_a_bad_file_stops_every_command_with_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "impactagg.toml").write_text("dta = ['x']\n")
    monkeypatch.chdir(tmp_path)
    for command in (["config"], ["validate", str(VALID)], ["summarize"]):
        result = run_cli(*command)
        assert result.exit_code == 2, command
        assert "Did you mean 'data'?" in result.stderr
