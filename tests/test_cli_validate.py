"""``impactagg validate`` and ``impactagg schema`` as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from impactagg.render.formats import ReportFormat
from impactagg.render.validation import render_github, render_json
from impactagg.validation import validate
from tests.conftest import INVALID, REPO, VALID, run_cli


def test_valid_files_exit_0_with_a_counts_line() -> None:
    result = run_cli("validate", str(VALID))
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1] == (
        "3 files, 4 submissions, 7 outcomes: 0 errors, 0 warnings; valid."
    )


def test_invalid_file_exit_1_with_editor_style_locations() -> None:
    result = run_cli("validate", str(INVALID / "unknown-impact-type.yaml"))
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{INVALID / 'unknown-impact-type.yaml'}:12:18: error [unknown-code] ")
    assert "outcomes[0].impact_type: Impact type 'concrete_action' is not a known code." in first
    assert "1 error, 0 warnings; INVALID." in result.stdout


def test_csv_problems_name_the_line_and_the_column() -> None:
    result = run_cli("validate", str(INVALID / "invalid-date.csv"))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(
        f"{INVALID / 'invalid-date.csv'}:4: error [invalid-date] column 'date': Date '2016-13-01'"
    )


def test_missing_file_and_unreadable_encoding_exit_2() -> None:
    assert run_cli("validate", "no/such/file.yaml").exit_code == 2
    assert run_cli("validate", str(INVALID / "not-utf8.yaml")).exit_code == 2


def test_a_file_that_is_not_a_submission_type_exits_2(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    result = run_cli("validate", str(other))
    assert result.exit_code == 2
    assert "not a submission file" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert run_cli("validate").exit_code == 2
    assert run_cli("validate", "--format", "xml", str(VALID)).exit_code == 2


def test_warnings_pass_unless_strict() -> None:
    path = str(INVALID / "date-outside-year.yaml")
    assert run_cli("validate", path).exit_code == 0
    strict = run_cli("validate", "--strict", path)
    assert strict.exit_code == 1
    assert "warnings fail" in strict.stdout


def test_json_output_is_what_the_library_returns() -> None:
    paths = [str(INVALID / "misspelt-field.yaml"), str(VALID / "projects-2016.csv")]
    result = run_cli("validate", "--format", "json", *paths)
    assert result.exit_code == 1
    assert result.stdout == render_json(validate(paths))
    document = json.loads(result.stdout)
    assert document["counts"] == {
        "files": 2,
        "submissions": 3,
        "outcomes": 4,
        "errors": 1,
        "warnings": 0,
        "ignored_warnings": 0,
    }
    problem = document["files"][0]["problems"][0]
    assert problem == {
        "path": str(INVALID / "misspelt-field.yaml"),
        "line": 14,
        "column": 5,
        "field": "outcomes[0].expection",
        "code": "unknown-field",
        "severity": "error",
        "message": "Unknown field 'expection'. Did you mean 'expectation'?",
    }


def test_github_annotations_escape_their_properties_and_data() -> None:
    result = run_cli("validate", "--format", "github", str(INVALID / "duplicate-key.yaml"))
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file={INVALID / 'duplicate-key.yaml'},line=18,col=5,title=duplicate-key::"
        "outcomes[0].target: Key 'target' appears twice in this mapping (first on line 15); "
        "keep one of them.\n"
    )
    assert result.stderr == "1 file, 1 submission, 1 outcome: 1 error, 0 warnings; INVALID.\n"


def test_github_escaping_of_commas_colons_and_newlines(tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c.yaml"
    odd.write_text("- 1\n")
    text = render_github(validate([odd]))
    assert "file=" + str(tmp_path).replace(":", "%3A").replace(",", "%2C") + "/a%2Cb%3Ac.yaml" in text


def test_every_report_format_is_rendered() -> None:
    for report_format in ReportFormat:
        result = run_cli("validate", "--format", report_format.value, str(VALID))
        assert result.exit_code == 0, report_format
        assert (result.stdout + result.stderr).strip(), report_format


def test_stdin_is_read_as_yaml_or_csv() -> None:
    yaml_bytes = (VALID / "kenya-2016.yaml").read_bytes()
    assert run_cli("validate", "-", stdin=yaml_bytes).exit_code == 0
    csv_bytes = (VALID / "kenya-2016.csv").read_bytes()
    assert run_cli("validate", "--input-format", "csv", "-", stdin=csv_bytes).exit_code == 0
    bad = run_cli("validate", "-", stdin=(INVALID / "unknown-goal.yaml").read_bytes())
    assert bad.exit_code == 1
    assert bad.stdout.startswith("-:13:21: error [unknown-code]")


def test_folders_are_searched_for_yaml_and_csv_and_hidden_folders_skipped(tmp_path: Path) -> None:
    (tmp_path / "2016" / "sections").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(VALID / "kenya-2016.yaml", tmp_path / "2016" / "sections" / "AI-KE.yml")
    shutil.copy(INVALID / "unknown-goal.yaml", tmp_path / ".git" / "broken.yaml")
    (tmp_path / "README.md").write_text("not data")
    report = validate([tmp_path])
    assert [Path(f.path).name for f in report.files] == ["AI-KE.yml"]


def test_schema_command_matches_the_committed_schema() -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    committed = (REPO / "schemas" / "submission.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, (
        "schemas/ is stale: run `impactagg schema -o schemas/submission.schema.json`"
    )


def test_installed_entry_point_runs_without_a_traceback() -> None:
    executable = Path(sys.executable).with_name("impactagg")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "impactagg"]
    done = subprocess.run(
        [*command, "validate", str(INVALID / "python-tag.yaml")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "yaml-tag" in done.stdout


def test_strict_json_report_is_consistent_about_validity() -> None:
    document = json.loads(
        run_cli("validate", "--strict", "--format", "json", str(INVALID / "date-outside-year.yaml")).stdout
    )
    assert document["valid"] is False
    assert document["files"][0]["valid"] is False


def test_github_annotations_give_no_character_column_for_tables() -> None:
    text = render_github(validate([INVALID / "invalid-date.csv"]))
    assert text.startswith(f"::error file={INVALID / 'invalid-date.csv'},line=4,title=invalid-date::date: ")


def test_closed_standard_input_is_an_empty_submission() -> None:
    executable = Path(sys.executable).with_name("impactagg")
    closed = subprocess.run(
        [str(executable), "validate", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert closed.returncode == 1  # empty standard input: an empty submission


# GitHub annotations of valid data are nothing at all (nothing to write, nothing lost): invalid
# data's are written, and exit 2 (not 1) when they cannot be.
@pytest.mark.parametrize(("report_format", "data"), [("text", VALID), ("json", VALID), ("github", INVALID)])
def test_a_report_that_cannot_be_written_exits_2(report_format: str, data: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    executable = Path(sys.executable).with_name("impactagg")
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, not a path to manipulate
        done = subprocess.run(
            [str(executable), "validate", "--format", report_format, str(data)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert "cannot write output" in done.stderr
    assert "Traceback" not in done.stderr


class _ExitCalledError(Exception):
    """os._exit, caught: the code the process would have ended with."""


@pytest.mark.parametrize(
    ("failure", "code", "said"),
    [(None, 1, ""), (OSError(28, "No space left on device"), 2, "No space left"), (BrokenPipeError(), 2, "")],
)
def test_the_command_line_ends_at_once_once_its_output_is_flushed(
    monkeypatch: pytest.MonkeyPatch, failure: OSError | None, code: int, said: str
) -> None:
    # run() leaves by os._exit (no freeing of a million objects one by one), after flushing the
    # standard streams: what could not be written still ends in exit 2 and a message.
    import io
    import os

    from impactagg import cli

    class Stdout(io.StringIO):
        def flush(self) -> None:
            if failure is not None:
                raise failure

    def ended(status: int) -> None:
        raise _ExitCalledError(status)

    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", Stdout())
    monkeypatch.setattr(sys, "stderr", errors)
    monkeypatch.setattr(os, "_exit", ended)
    with pytest.raises(_ExitCalledError) as leaving:
        cli._leave(1)
    assert leaving.value.args == (code,)
    assert said in errors.getvalue() and ("cannot write output" in errors.getvalue()) == bool(said)


def test_text_lists_the_first_thousand_problems_of_a_file_and_counts_the_rest(tmp_path: Path) -> None:
    header, first = (
        (VALID / "kenya-2016.csv").read_text().splitlines()[0],
        (VALID / "kenya-2016.csv").read_text().splitlines()[3],
    )
    rows = [
        first.replace("AI-UG-2016-02", f"AI-UG-2016-{n:04d}").replace(",exceeded,", ",exceded,")
        for n in range(1200)
    ]
    path = tmp_path / "many.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    out = run_cli("validate", str(path)).stdout
    assert out.count("error [unknown-code]") == 1000
    assert f"{path}: … and 200 more problems; --format json or --fix-list FILE lists every one." in out
    assert "1,200 errors" in out
    assert (
        len(json.loads(run_cli("validate", "--format", "json", str(path)).stdout)["files"][0]["problems"])
        == 1200
    )


def test_the_core_reports_progress_per_file_and_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[tuple[int, int, str]] = []
    # Read row by row: a CSV file read by columns also reports its bytes (tests/test_columnar.py).
    validate(
        [VALID],
        progress=lambda done, total, path: calls.append((done, total, Path(path).name)),
        columnar=False,
    )
    assert calls == [
        (0, 3, "kenya-2016.csv"),
        (1, 3, "kenya-2016.yaml"),
        (2, 3, "projects-2016.csv"),
        (3, 3, ""),
    ]
    assert capsys.readouterr() == ("", "")


def test_a_progress_bar_only_on_a_terminal_and_never_with_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from impactagg.cli import common

    screen = io.StringIO()
    monkeypatch.setattr(common, "stderr", lambda: Console(file=screen, force_terminal=True, width=80))
    monkeypatch.setattr(common, "_may_be_terminal", lambda stream: True)  # pytest captures stderr
    monkeypatch.setattr(common, "PROGRESS_FROM_FILES", 1)
    with common.progress_bar(quiet=False) as progress:
        assert progress is not None
        progress(0, 2, "data/a.yaml")
    assert "Reading a.yaml" in screen.getvalue()
    with common.progress_bar(quiet=True) as progress:
        assert progress is None
    monkeypatch.setattr(common, "stderr", lambda: Console(file=io.StringIO(), force_terminal=False))
    with common.progress_bar(quiet=False) as progress:
        assert progress is None  # piped or in CI logs: no bar
    assert run_cli("validate", "--quiet", str(VALID)).exit_code == 0
    assert run_cli("summarize", "-q", "--data", str(VALID)).exit_code == 0


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals on this system")
def test_whether_standard_error_is_a_terminal_is_known_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    # Asked before any console is made, so that a run writing to a pipe or a CI log never imports
    # rich: a terminal, or whatever rich is told is one, may be; anything else is not.
    from impactagg.cli.common import _may_be_terminal

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    leader, follower = os.openpty()
    with os.fdopen(follower, "w") as terminal, open(os.devnull, "w") as nowhere:  # noqa: PTH123 - a device
        assert _may_be_terminal(terminal)
        assert not _may_be_terminal(nowhere)
        for name, value in [("FORCE_COLOR", "1"), ("TTY_COMPATIBLE", "1"), ("TTY_COMPATIBLE", "0")]:
            with monkeypatch.context() as told:
                told.setenv(name, value)
                assert _may_be_terminal(nowhere)  # rich reads the variable: its console decides
    os.close(leader)
    assert not _may_be_terminal(terminal)  # closed
    assert not _may_be_terminal(object())  # type: ignore[arg-type]  # no isatty at all


@pytest.mark.parametrize("report_format", ["text", "json", "github"])
def test_a_file_name_that_is_not_utf8_is_reported_as_its_bytes(tmp_path: Path, report_format: str) -> None:
    # os.fsdecode turns the name's byte 0xe9 into a lone surrogate; it is printed as the byte it
    # came from, even when the terminal's encoding is strict (many desktop locales are).
    name = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.yaml"))
    name.write_text(
        "schema_version: 1\nentity: {id: AI-KE, name: Amnesty Kenya, type: sectoin, region: africa}\n"
        "year: 2016\noutcomes: []\n",
        encoding="utf-8",
    )
    executable = Path(sys.executable).with_name("impactagg")
    done = subprocess.run(
        [str(executable), "validate", "--format", report_format, str(tmp_path)],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert done.returncode == 1, done.stderr
    assert b"caf\xe9.yaml" in done.stdout
    assert b"unknown-code" in done.stdout
    if report_format == "json":
        assert json.loads(done.stdout.decode("utf-8", "surrogateescape"))["valid"] is False
