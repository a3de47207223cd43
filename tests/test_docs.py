"""The docs stay true: generated references are current, the README's commands are the ones CI runs."""

from __future__ import annotations

import re

import pytest

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
