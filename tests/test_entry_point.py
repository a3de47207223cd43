"""The console entry point builds only the command it runs (issue 7: start-up time), and that
changes nothing a user sees."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from impactagg.cli import app, app_for
from tests.conftest import INVALID, VALID

COMMANDS = ["summarize", "outcomes", "status", "schema", "template", "config", "init", "report", "validate"]


def _names(built: object) -> list[str]:
    from typer.main import get_command

    group = get_command(built)  # type: ignore[arg-type]
    return sorted(getattr(group, "commands", {}))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_named_first_is_the_only_one_built(command: str) -> None:
    assert _names(app_for([command, "--some-option"])) == [command]
    assert _names(app) == sorted(COMMANDS)  # the app itself stays whole


@pytest.mark.parametrize("arguments", [[], ["--help"], ["--version", "validate"], ["valdate"], ["Validate"]])
def test_anything_else_gets_every_command(arguments: list[str]) -> None:
    assert app_for(arguments) is app


@pytest.mark.parametrize(
    "arguments",
    [
        ["validate", "--help"],
        ["summarize", "--help"],
        ["validate", "--no-such-option"],
        ["validate", str(INVALID / "python-tag.yaml")],
        ["validate", "--format", "json", str(VALID / "kenya-2016.yaml")],
        ["summarize", "-d", str(VALID / "kenya-2016.yaml"), "--format", "json"],
        ["schema", "--kind", "nothing"],
        ["valdate", "x"],
    ],
)
def test_the_command_built_alone_behaves_as_in_the_whole_app(arguments: list[str]) -> None:
    runner = CliRunner()
    environment = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    alone = runner.invoke(app_for(arguments), arguments, env=environment)
    whole = runner.invoke(app, arguments, env=environment)
    assert (alone.exit_code, alone.stdout, alone.stderr) == (whole.exit_code, whole.stdout, whole.stderr)
    assert alone.exit_code in (0, 1, 2)  # ran, not crashed


def test_the_installed_entry_point_runs_other_commands_too(tmp_path: Path) -> None:
    executable = Path(sys.executable).with_name("impactagg")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "impactagg"]
    done = subprocess.run(
        [*command, "summarize", "-d", str(VALID / "kenya-2016.yaml"), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert '"year": 2016' in done.stdout


class _EndedError(Exception):
    """os._exit, caught: how run() ends."""


def test_run_builds_the_command_named_first_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import os

    import typer.main

    from impactagg.cli import run

    built: list[list[str]] = []
    making = typer.main.get_command

    def recorded(typer_instance: typer.main.Typer) -> object:
        made = making(typer_instance)
        built.append(sorted(getattr(made, "commands", {})))
        return made

    def ended(status: int) -> None:
        raise _EndedError(status)

    monkeypatch.setattr(typer.main, "get_command", recorded)
    monkeypatch.setattr(os, "_exit", ended)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "argv", ["impactagg", "schema"])
    with pytest.raises(_EndedError) as leaving:
        run()
    assert leaving.value.args == (0,)
    assert ["schema"] in built and sorted(COMMANDS) not in built
