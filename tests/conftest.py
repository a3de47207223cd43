"""Shared helpers: fixture paths and running the CLI as a user does."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from impactagg.cli import app

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
REPO = HERE.parent
SAMPLE_DATA = REPO / "sample_data"

# Deterministic rich output whatever terminal the tests run in.
os.environ["COLUMNS"] = "120"
os.environ["NO_COLOR"] = "1"
os.environ.pop("FORCE_COLOR", None)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Run ``impactagg ARGS`` in process, with stdout and stderr kept apart."""
    runner = CliRunner()
    result = runner.invoke(app, list(args), input=stdin, env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


# Property tests: a fixed, derandomised profile in CI (the same examples every run); run
# `pytest --hypothesis-profile=thorough` by hand for a long search.
settings.register_profile(
    "ci", max_examples=30, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile("ci")
