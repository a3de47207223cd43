"""A command imports only what it needs (issue 7: start-up time): each run as a user runs it,
its imports listed by Python itself (``-X importtime``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import VALID


def _imported(folder: Path, *args: str, columnar: bool = False) -> set[str]:
    """The modules ``impactagg ARGS`` imports, from a fresh interpreter run in ``folder`` (no
    configuration file), CSV files read as their size says (not as CI's second pass asks:
    every one by columns), or every one by columns when ``columnar``."""
    environment = {name: value for name, value in os.environ.items() if name != "IMPACTAGG_COLUMNAR_FROM"}
    if columnar:
        environment["IMPACTAGG_COLUMNAR_FROM"] = "0"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "impactagg", *args],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}  # the first line is a heading


def _packages(modules: set[str]) -> set[str]:
    return {module.split(".")[0] for module in modules}


@pytest.mark.parametrize(
    ("args", "unwanted"),
    [
        (["--help"], {"pydantic", "pandas", "polars", "numpy", "yaml", "openpyxl", "tomllib"}),
        (
            ["validate", str(VALID / "kenya-2016.yaml")],
            {
                *("pandas", "polars", "numpy", "openpyxl", "defusedxml", "tomllib", "impactagg.templates"),
                *("impactagg.readers.csv_reader", "impactagg.readers.table"),  # for tables only
            },
        ),
        (
            ["validate", str(VALID / "kenya-2016.csv")],
            {"pandas", "polars", "numpy", "yaml", "openpyxl", "defusedxml", "tomllib", "impactagg.templates"},
        ),
    ],
    ids=["help", "validate-yaml", "validate-csv"],
)
def test_a_command_imports_only_what_it_needs(tmp_path: Path, args: list[str], unwanted: set[str]) -> None:
    modules = _imported(tmp_path, *args)
    assert "impactagg.cli" in modules  # the listing works
    assert not (modules | _packages(modules)) & unwanted


@pytest.mark.parametrize(
    "args",
    [["validate", "--format", "json"], ["summarize", "--year", "2016", "--format", "json", "--data"]],
    ids=["validate", "summarize"],
)
def test_a_table_read_by_columns_needs_no_numpy(tmp_path: Path, args: list[str]) -> None:
    # The compiled module hands polars its columns of numbers itself: numpy's import (and
    # numpy.ma's, which polars loads for numpy arrays) cost a million-row validation 2 to 3%.
    modules = _imported(tmp_path, *args, str(VALID / "kenya-2016.csv"), columnar=True)
    assert "impactagg.readers.columnar" in modules  # read by columns: the listing tells
    assert not _packages(modules) & {"numpy", "pandas"}


def _typer_imports_rich() -> bool:
    """Whether typer imports rich itself (its releases before 0.17 or so do, when it is there)."""
    found = subprocess.run(
        [sys.executable, "-c", "import sys, typer; print('rich' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip() == "True"


@pytest.mark.parametrize("report_format", ["json", "github"])
@pytest.mark.parametrize("data", ["kenya-2016.yaml", "kenya-2016.csv"])
def test_a_report_for_machines_needs_no_rich(tmp_path: Path, data: str, report_format: str) -> None:
    # rich writes text for people; its import (about 0.035 s) is no part of a JSON report's run or
    # of annotations' (their closing line on standard error is plain text), nor of the check
    # whether a progress bar is wanted when standard error is no terminal: no console is made.
    modules = _imported(tmp_path, "validate", "--format", report_format, str(VALID / data))
    assert "impactagg.render.validation" in modules  # the report was written: the listing tells
    assert "impactagg.cli.consoles" not in modules
    if not _typer_imports_rich():  # the lowest typer allowed (0.16) imports rich itself
        assert "rich" not in _packages(modules)
    text = _imported(tmp_path, "validate", str(VALID / data))
    assert "rich" in _packages(text) and "impactagg.cli.consoles" in text  # text: rich's console
