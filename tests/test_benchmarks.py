"""The benchmark scripts work, and the generator's bad cells are exactly what impactagg reports.

Benchmarks are not timed tests: nothing here asserts anything about speed. The first test runs
every benchmark case once at tiny sizes, so that a change that breaks the scripts (or a command
they run) is caught in CI. The others are correctness checks on generated data: valid data
validates with no problem at all, and a file with a bad cell of every kind gets exactly one
problem per bad cell, at its line and column, and nothing else. The fast path of issue 7 will
have to pass the same checks.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from benchmarks import generate

from tests.conftest import REPO

IMPACTAGG = Path(sys.executable).parent / "impactagg"


def _report(*paths: Path) -> dict[str, Any]:
    """What ``impactagg validate --format json`` prints: the interface the benchmarks rely on."""
    done = subprocess.run(
        [str(IMPACTAGG), "validate", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_every_case_runs_at_small_sizes(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--sizes",
            "small",
            "--repeat",
            "1",
            "--data-dir",
            str(tmp_path),
            "--markdown",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table = result.stdout
    for case in ("help", "validate-yaml-small", "validate-csv-2k", "validate-csv-2k-errors", "linearity"):
        assert f"| {case} " in table
    assert "FAILED" not in table
    assert "all 20 bad cells reported, nothing else" in table
    # The cases run the package as installed, its bytecode written first (not compiled each run).
    assert f"bytecode written for {REPO / 'src' / 'impactagg'}" in result.stderr


def test_the_header_names_the_code_measured(tmp_path: Path) -> None:
    # The cases run the impactagg that PYTHONPATH finds (another work tree, here a copy outside
    # any git work tree), not the checkout holding run.py: the header names that one.
    copy = tmp_path / "elsewhere" / "src"
    shutil.copytree(REPO / "src", copy, ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [
            *(sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "small", "--repeat", "1"),
            *("--only", "help", "--data-dir", str(tmp_path / "data")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(copy)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"bytecode written for {copy / 'impactagg'}" in result.stderr
    assert f"(no commit: {copy / 'impactagg'})" in result.stdout


def test_generated_valid_data_has_no_problem(tmp_path: Path) -> None:
    # Untidy but valid values in a fifth of the rows, to exercise every normalisation.
    csv_file = generate.write_csv(tmp_path / "outcomes.csv", 1500, 3, messy_share=0.2).path
    yaml_file = generate.write_yaml(tmp_path / "AI-KE.yaml", 40, messy_share=0.2)
    generate.write_folder(tmp_path / "repository", 2, 60)
    # Separately: the YAML file and the repository's 2016 both hold AI-KE's 2016 submission.
    for path, outcomes in [(csv_file, 1500), (yaml_file, 40), (tmp_path / "repository", None)]:
        report = _report(path)
        assert [problem for file in report["files"] for problem in file["problems"]] == []
        if outcomes is not None:
            assert report["counts"]["outcomes"] == outcomes


def test_every_injected_bad_cell_is_reported_and_nothing_else(tmp_path: Path) -> None:
    # 10% of 1,200 rows: about ten of each kind, over three years of entity-years.
    info = generate.write_csv(tmp_path / "bad.csv", 1200, 3, error_share=0.1, seed=7)
    sidecar = json.loads(info.sidecar.read_text(encoding="utf-8"))
    assert set(sidecar["kinds"]) == set(generate.ERROR_KINDS)
    assert len(sidecar["errors"]) == pytest.approx(120, rel=0.1)
    check = generate.check_report(_report(info.path), sidecar)
    assert check.ok, check.describe()


def test_a_missed_or_extra_problem_fails_the_check(tmp_path: Path) -> None:
    info = generate.write_csv(tmp_path / "bad.csv", 300, error_share=0.05)
    sidecar = json.loads(info.sidecar.read_text(encoding="utf-8"))
    report = _report(info.path)
    problems = report["files"][0]["problems"]
    dropped = problems.pop()
    assert not generate.check_report(report, sidecar).ok
    problems.append(dropped)
    problems.append({**dropped, "line": 1})
    assert not generate.check_report(report, sidecar).ok


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate.write_csv(tmp_path / "a.csv", 400, 2, error_share=0.05, seed=3)
    second = generate.write_csv(tmp_path / "b.csv", 400, 2, error_share=0.05, seed=3)
    valid = generate.write_csv(tmp_path / "c.csv", 400, 2, seed=3)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.injected == second.injected
    # The errors come from their own stream: the bad file is the valid one with some cells changed.
    bad_rows, good_rows = _rows(first.path), _rows(valid.path)
    changed = sum(bad != good for bad, good in zip(bad_rows, good_rows, strict=True))
    assert changed == len(first.injected) > 0


def test_the_profile_of_the_columnar_reader_runs(tmp_path: Path) -> None:
    info = generate.write_csv(tmp_path / "outcomes.csv", 300, 2, error_share=0.0, seed=3)
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "profile_columnar.py"), str(info.path), "--top", "5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "two cores: 300 rows in" in done.stdout
    assert "one core: 300 rows in" in done.stdout
    assert "ncalls  tottime" in done.stdout  # the profile's table follows


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind (.ci/run installs it)")
def test_instructions_are_counted_by_callgrind() -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from instructions import instructions
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    few, many = instructions(["seq", "10"]), instructions(["seq", "100000"])
    assert 0 < few < many
    assert instructions(["seq", "10"]) == few  # the same program, the same count
