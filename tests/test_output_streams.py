"""What reaches standard output is all of it, or the exit code says it is not.

Run through the installed entry point, as a user or a CI job runs it: the standard streams of a
real process, with and without PYTHONUNBUFFERED (set in many container images, where Python
writes straight to the file descriptor and a short write was lost without a word).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import INVALID, VALID

# POSIX standard streams: pipes, signals, a file size limit (not on Windows).
resource = pytest.importorskip("resource")

LIMIT = 16 * 1024  # bytes a process may write to a file (RLIMIT_FSIZE): a disk that fills up
ROWS = 2000  # outputs of hundreds of kilobytes: more than a pipe holds (64 KB on Linux)


def _command() -> list[str]:
    executable = Path(sys.executable).with_name("impactagg")
    return [str(executable)] if executable.exists() else [sys.executable, "-m", "impactagg"]


def _table(folder: Path, misspelt: bool) -> Path:
    """A CSV file of ROWS outcomes, each with a misspelt expectation when ``misspelt``."""
    header, row = (VALID / "kenya-2016.csv").read_text().splitlines()[0:4:3]
    if misspelt:
        row = row.replace(",exceeded,", ",exceded,")
    rows = [row.replace("AI-UG-2016-02", f"AI-UG-2016-{n:04d}") for n in range(ROWS)]
    path = folder / ("invalid.csv" if misspelt else "valid.csv")
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


# Each way a command writes to standard output: rich consoles (text), bytes (validate's JSON),
# and text written whole (CSV, GitHub annotations, JSON of the other commands).
OUTPUTS = {
    "validate-text": (["validate"], True),
    "validate-json": (["validate", "--format", "json"], True),
    "validate-github": (["validate", "--format", "github"], True),
    "outcomes-text": (["outcomes", "--year", "2016", "--data"], False),
    "outcomes-csv": (["outcomes", "--year", "2016", "--format", "csv", "--data"], False),
    "outcomes-json": (["outcomes", "--year", "2016", "--format", "json", "--data"], False),
}


def _environment(unbuffered: bool) -> dict[str, str]:
    environment = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    environment.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"
    return environment


def _small_disk() -> None:
    """In the child: files may grow to LIMIT bytes; a write beyond is cut short, then fails
    (EFBIG), as on a disk that fills up (the signal that would kill the process is ignored)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("output", list(OUTPUTS))
def test_output_cut_short_ends_in_exit_2_and_says_so(tmp_path: Path, output: str, unbuffered: bool) -> None:
    arguments, misspelt = OUTPUTS[output]
    table = _table(tmp_path, misspelt)
    written = tmp_path / "out"
    with written.open("wb") as stdout:
        done = subprocess.run(
            [*_command(), *arguments, str(table)],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env=_environment(unbuffered),
            preexec_fn=_small_disk,  # the test runs no threads of its own
        )
    assert written.stat().st_size <= LIMIT  # the output was cut short ...
    assert done.returncode == 2, done.stderr  # ... and the exit code says so
    assert "impactagg: cannot write output: File too large" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("read", [10, 20_000], ids=["at-once", "later"])
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("output", list(OUTPUTS))
def test_a_reader_that_goes_away_ends_the_command_with_exit_2_and_no_message(
    tmp_path: Path, output: str, unbuffered: bool, read: int
) -> None:
    # `impactagg ... | head`: not invalid data (1), not success (0) either: the output is lost.
    # The reader stops at once (in a text report's summary by rule), or later (in its list of
    # problems, written otherwise); more than a pipe holds is still to come either way.
    arguments, misspelt = OUTPUTS[output]
    table = _table(tmp_path, misspelt)
    with subprocess.Popen(
        [*_command(), *arguments, str(table)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(unbuffered),
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert len(process.stdout.read(read)) == read
        process.stdout.close()
        said = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert code == 2, said
    assert said == ""


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_output_read_to_the_end_is_whole(tmp_path: Path, unbuffered: bool) -> None:
    table = _table(tmp_path, misspelt=False)
    done = subprocess.run(
        [*_command(), "outcomes", "--year", "2016", "--format", "csv", "--data", str(table)],
        capture_output=True,
        check=False,
        env=_environment(unbuffered),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(b"\n") == ROWS + 1  # the header and every outcome, nothing lost


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_annotations_whose_closing_line_cannot_be_written_end_in_exit_2(unbuffered: bool) -> None:
    # The annotations go whole to standard output; the closing line (written without rich) to a
    # standard error whose reader went away ends the run quietly with exit 2, as a console does.
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run(
            [*_command(), "validate", "--format", "github", str(INVALID / "duplicate-key.yaml")],
            stdout=subprocess.PIPE,
            stderr=writing,
            check=False,
            env=_environment(unbuffered),
        )
    finally:
        os.close(writing)
    assert done.returncode == 2
    assert done.stdout.startswith(b"::error file=") and done.stdout.endswith(b"keep one of them.\n")


def test_a_console_whose_reader_went_away_sends_the_rest_of_its_own_stream_nowhere() -> None:
    # The stream that broke is the one sent to /dev/null (standard error's, say), not standard
    # output, which may still be written whole to its file; and the command ends in exit 2.
    from impactagg.cli.consoles import QuietConsole

    standard_output = os.fstat(1)
    reading, writing = os.pipe()
    os.close(reading)  # the reader went away
    with os.fdopen(writing, "w") as broken:
        console = QuietConsole(file=broken, force_terminal=False)
        with pytest.raises(SystemExit) as ended:
            console.print("the first line of a report")
        assert ended.value.code == 2
        broken.write("still buffered")
        broken.flush()  # to /dev/null now: no error on the way out
        assert os.path.samestat(os.fstat(broken.fileno()), Path(os.devnull).stat())
    assert os.path.samestat(os.fstat(1), standard_output)  # standard output left alone
