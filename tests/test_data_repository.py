"""``impactagg init``, the pre-commit hook definition, and a scaffolded repository used end to end."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import INVALID, REPO, SAMPLE_DATA, run_cli

EXECUTABLE = Path(sys.executable).with_name("impactagg")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(EXECUTABLE.parent), "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run(
        [str(EXECUTABLE), *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


def test_init_then_validate_then_summarize_through_the_entry_point(tmp_path: Path) -> None:
    created = _run("init", "repo", "--year", "2017", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    repo = tmp_path / "repo"
    assert sorted(str(p.relative_to(repo)) for p in repo.rglob("*") if p.is_file()) == [
        ".github/workflows/validate.yml",
        ".pre-commit-config.yaml",
        "README.md",
        "data/2017/EXAMPLE-2017.yaml",
        "entities.yaml",
        "impactagg.toml",
        "schemas/submission.schema.json",
    ]
    validated = _run("validate", cwd=repo)
    assert validated.returncode == 0, validated.stdout
    # Valid; the example outcome is flagged so that nobody counts it by mistake.
    assert "1 submission, 1 outcome: 0 errors, 1 warning; valid." in validated.stdout
    assert "[template-example]" in validated.stdout
    summarized = _run("summarize", cwd=repo)
    assert summarized.returncode == 0, summarized.stderr
    assert summarized.stdout.startswith("Reporting status 2017: 1 of 1 expected entities submitted (100%)")
    assert "\nImpact review 2017\n" in summarized.stdout
    assert _run("status", cwd=repo).returncode == 0


def test_init_refuses_to_overwrite_unless_told(tmp_path: Path) -> None:
    assert run_cli("init", str(tmp_path)).exit_code == 0
    (tmp_path / "README.md").write_text("ours")
    refused = run_cli("init", str(tmp_path))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert (tmp_path / "README.md").read_text() == "ours"
    assert run_cli("init", str(tmp_path), "--force").exit_code == 0
    assert (tmp_path / "README.md").read_text().startswith("# Outcome submissions")


def test_the_workflow_validates_every_pull_request_and_uploads_the_fix_list(tmp_path: Path) -> None:
    run_cli("init", str(tmp_path))
    workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / "validate.yml").read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = workflow["jobs"]["validate"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any(run.startswith("impactagg validate --format github --fix-list fix-list.csv") for run in runs)
    upload = next(step for step in steps if "upload-artifact" in step.get("uses", ""))
    assert upload["if"] == "always()" and upload["with"]["path"] == "fix-list.csv"


def test_the_scaffolded_pre_commit_config_runs_validate_on_data_files(tmp_path: Path) -> None:
    run_cli("init", str(tmp_path))
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "impactagg validate"
    pattern = re.compile(hooks[0]["files"])
    assert pattern.search("data/2016/AI-KE.xlsx") and not pattern.search("entities.yaml")


def test_the_shipped_hook_definition_runs_on_staged_files() -> None:
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    assert hook["id"] == "impactagg-validate"
    include, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    staged = [
        "sample_data/2016/sections/AI-KE.yaml",
        "sample_data/2016/international_projects.csv",
        "sample_data/entities.yaml",
        ".pre-commit-config.yaml",
        ".github/workflows/ci.yml",
        "README.md",
    ]
    chosen = [name for name in staged if include.search(name) and not exclude.search(name)]
    assert chosen == ["sample_data/2016/sections/AI-KE.yaml", "sample_data/2016/international_projects.csv"]
    entry = hook["entry"].split()
    assert entry[0] == "impactagg"
    done = subprocess.run(
        [str(EXECUTABLE), *entry[1:], *chosen], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("bad", ["unknown-goal.yaml", "misspelt-header.csv"])
def test_the_hook_fails_a_commit_with_a_bad_file(tmp_path: Path, bad: str) -> None:
    shutil.copy(INVALID / bad, tmp_path / bad)
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    done = subprocess.run(
        [str(EXECUTABLE), *hook["entry"].split()[1:], bad],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1


def test_sample_data_is_unchanged_by_the_hook() -> None:
    before = {p: p.read_bytes() for p in SAMPLE_DATA.rglob("*") if p.is_file()}
    _run("validate", str(SAMPLE_DATA), cwd=REPO)
    assert {p: p.read_bytes() for p in SAMPLE_DATA.rglob("*") if p.is_file()} == before
