"""What every command shares: exit codes, consoles, options, settings and data selection."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from impactagg.codes import MAX_YEAR, MIN_YEAR, EntityType, Region
from impactagg.limits import DEFAULT_LIMITS, MEGABYTE

if TYPE_CHECKING:
    from rich.console import Console

    from impactagg.aggregate import Filters
    from impactagg.config import Settings
    from impactagg.limits import Limits
    from impactagg.selection import Selection
    from impactagg.validation import Report

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# Options shared by several commands, written once.
MaxFileSize = Annotated[
    int | None,
    typer.Option(
        "--max-file-size",
        metavar="MB",
        min=1,
        show_default=False,
        help=f"Largest file read, in MB (default {DEFAULT_LIMITS.file_size // MEGABYTE:,}).",
    ),
]
MaxValueLength = Annotated[
    int | None,
    typer.Option(
        "--max-value-length",
        metavar="CHARS",
        min=1,
        show_default=False,
        help=f"Longest value, in characters (default {DEFAULT_LIMITS.value_length:,}).",
    ),
]
MaxOutcomes = Annotated[
    int | None,
    typer.Option(
        "--max-outcomes",
        metavar="N",
        min=1,
        show_default=False,
        help=f"Most outcomes (rows) in one file (default {DEFAULT_LIMITS.outcomes:,}).",
    ),
]
MaxDepth = Annotated[
    int | None,
    typer.Option(
        "--max-depth",
        metavar="N",
        min=4,
        show_default=False,
        help=f"Deepest YAML nesting (default {DEFAULT_LIMITS.depth}).",
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        min=MIN_YEAR,
        max=MAX_YEAR,
        metavar="YEAR",
        help="The reporting year (default: the only year in the data).",
    ),
]
DataOption = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        "-d",
        metavar="PATH",
        show_default=False,
        help="Submission files or folders (repeatable). Default: $IMPACTAGG_DATA, else the data setting "
        "of impactagg.toml, else ./data.",
    ),
]
RegionOption = Annotated[
    list[Region] | None,
    typer.Option(
        "--region",
        case_sensitive=False,
        show_default=False,
        help="Only entities of this region (repeatable).",
    ),
]
GoalOption = Annotated[
    list[int] | None,
    typer.Option(
        "--goal",
        min=1,
        max=5,
        metavar="N",
        show_default=False,
        help="Only outcomes serving this strategic goal (repeatable).",
    ),
]
EntityTypeOption = Annotated[
    list[EntityType] | None,
    typer.Option(
        "--entity-type",
        case_sensitive=False,
        show_default=False,
        help="Only this kind of entity (repeatable).",
    ),
]
CompareOption = Annotated[
    int | None,
    typer.Option(
        "--compare",
        min=MIN_YEAR,
        max=MAX_YEAR,
        metavar="YEAR",
        show_default=False,
        help="Show each share beside this year's, with the change in percentage points.",
    ),
]
RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        metavar="FILE",
        show_default=False,
        help="The registry of expected entities (default: entities.yaml in the data folder).",
    ),
]
SkipInvalidOption = Annotated[
    bool | None,
    typer.Option(
        "--skip-invalid/--no-skip-invalid",
        show_default=False,
        help="Leave invalid submissions out (and say so) instead of refusing.",
    ),
]


def stdout() -> Console:
    from impactagg.cli.consoles import QuietConsole

    return QuietConsole(highlight=False, soft_wrap=True)


def stderr() -> Console:
    from impactagg.cli.consoles import QuietConsole

    return QuietConsole(stderr=True, highlight=False, soft_wrap=True)


def write_stdout(data: str | bytes) -> None:
    """Output written whole to standard output (bytes as they are)."""
    try:
        if isinstance(data, bytes):
            sys.stdout.flush()  # what was written as text before goes first
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
    except BrokenPipeError:
        reader_gone()


def write_stderr(line: str) -> None:
    """A line of plain text on standard error, as a console would print it unstyled (without
    importing rich: a run that writes only this and JSON or annotations need not)."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except BrokenPipeError:
        reader_gone(sys.stderr)


def reader_gone(stream: IO[str] | None = None) -> NoReturn:
    """The reader of ``stream`` (standard output unless given) went away (`impactagg ... | head`):
    stop without a word, and exit 2 (the output is lost: neither success nor invalid data).
    Click and rich would exit 1."""
    discard(stream if stream is not None else sys.stdout)
    raise SystemExit(EXIT_USAGE)


def discard(stream: IO[str]) -> None:
    """Send what is still buffered for ``stream`` nowhere, once writing to it has failed: the last
    flush, on the way out, would fail again (and Python would exit 120)."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        # An in-memory stream (the app run in process, its output captured): no descriptor to
        # point elsewhere, and run() calls this while handling an error, where raising would
        # show a traceback.
        return
    with open(os.devnull, "wb") as devnull:  # noqa: PTH123 - a device, not a path to manipulate
        os.dup2(devnull.fileno(), descriptor)


def fail(message: str, code: int) -> NoReturn:
    """Say what went wrong on standard error and exit with ``code``."""
    stderr().print(f"impactagg: {message}", markup=False)
    raise typer.Exit(code)


def write_output(output: Path, data: bytes, force: bool) -> None:
    from impactagg.output import OutputError, write_file

    try:
        write_file(output, data, force=force)
    except OutputError as error:
        fail(str(error), EXIT_USAGE)


def emit(text: str, output: Path | None, force: bool) -> None:
    """Text to standard output, or to a file written safely."""
    if output is None:
        write_stdout(text)
        return
    write_output(output, text.encode("utf-8"), force)


def read_stdin(limit: int) -> bytes:
    try:
        data = sys.stdin.buffer.read(limit + 1)  # one byte more tells that the limit is passed
    except (AttributeError, OSError, ValueError) as error:  # closed or missing standard input
        fail(f"cannot read standard input: {getattr(error, 'strerror', None) or error}", EXIT_USAGE)
    if len(data) > limit:
        fail(
            f"standard input is larger than the limit of {limit // MEGABYTE:,} MB; raise it with "
            "--max-file-size.",
            EXIT_USAGE,
        )
    return data


QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar on standard error while files are read.")
]
# Below this many files there is nothing to wait for, and no bar.
PROGRESS_FROM_FILES = 20


@contextmanager
def progress_bar(quiet: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    """A rich progress bar on standard error while many files are read, only on a terminal."""
    # Most runs write elsewhere (CI logs, pipes): known without importing rich.
    console = stderr() if not quiet and _may_be_terminal(sys.stderr) else None
    if console is None or not console.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Reading submissions", total=None, visible=False)

        def advance(done: int, total: int, path: str) -> None:
            # Files read so far, or bytes of a large table (a count far above any file count).
            bar.update(
                task,
                completed=done,
                total=total,
                visible=total >= PROGRESS_FROM_FILES,
                description=f"Reading {Path(path).name}" if path else "Checking",
            )

        yield advance


def _may_be_terminal(stream: IO[str]) -> bool:
    """Whether rich may take ``stream`` for a terminal: only when it is one, unless TTY_COMPATIBLE
    or FORCE_COLOR says otherwise (rich reads them; its answer is then the one that counts)."""
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or closed
        return False


def settings(**command_line: Any) -> Settings:
    """The settings in force for this run (command line, environment, impactagg.toml, defaults)."""
    from impactagg.config import ConfigError, resolve

    try:
        return resolve(command_line)
    except ConfigError as error:
        fail(str(error), EXIT_USAGE)


def data_paths(found: Settings) -> list[str]:
    """The data to read; a clear message when nothing says where it is."""
    if found.data.origin == "default" and not Path(found.data.value[0]).exists():
        fail(
            "no data to read. Name the files or folders (impactagg validate PATH..., or --data PATH for "
            "the other commands), set IMPACTAGG_DATA, set data in impactagg.toml, or run from a folder "
            "that has a data/ folder. To try it out: impactagg summarize --data sample_data",
            EXIT_USAGE,
        )
    return found.data.value


def checked_selection(
    paths: list[str],
    year: int | None,
    skip_invalid: bool,
    limits: Limits,
    verb: str,
    registry: str | Path | None = None,
    report: Report | None = None,
    quiet: bool = False,
    fingerprints: bool = True,
) -> Selection:
    """Validate the data and select a year's valid submissions, or exit with a clear message.

    Shared by every command that counts submissions: invalid data of the year is listed and
    refused (exit 1) unless ``skip_invalid``; unreadable data exits 2. ``fingerprints`` False
    leaves out each file's SHA-256, for outputs that do not show where figures came from.
    """
    from impactagg.selection import select
    from impactagg.validation import validate as run_validate

    if report is None:
        with progress_bar(quiet) as progress:
            report = run_validate(
                paths, limits=limits, registry=registry, fingerprints=fingerprints, progress=progress
            )
    selection = select(report, year)
    err = stderr()
    for problem in selection.io_problems:
        err.print(f"impactagg: {problem.path}: {problem.message}", markup=False)
    if selection.io_problems:
        raise typer.Exit(EXIT_USAGE)
    if selection.blocking:
        dropped = selection.dropped_outcomes
        err.print(
            f"{'Left out' if skip_invalid else 'Found'} {len(selection.blocking)} invalid submission(s) "
            f"for {selection.year or 'an unknown year'} ({dropped:,} outcome(s)):",
            markup=False,
        )
        for item in selection.blocking:
            who = f" {item.entity_id}" if item.entity_id else ""
            err.print(
                f"  {item.path}{who}: {item.errors} error(s), first: {item.first_problem}", markup=False
            )
        if not skip_invalid:
            fail(
                f"refusing to {verb} while submissions are invalid. Fix them (impactagg validate "
                "shows every problem) or leave them out with --skip-invalid.",
                EXIT_INVALID,
            )
    if selection.year is None:
        years = ", ".join(map(str, selection.years))
        if not years:
            fail(f"no valid submissions in {', '.join(paths)}.", EXIT_INVALID)
        fail(f"the data holds several years ({years}); choose one with --year.", EXIT_INVALID)
    if selection.other_years:
        err.print(
            f"Ignored {len(selection.other_years)} invalid submission(s) of other years "
            f"({', '.join(sorted({item.path for item in selection.other_years}))}).",
            markup=False,
        )
    if not selection.checked:
        found = ", ".join(map(str, selection.years)) or "none"
        fail(
            f"no valid submissions for {selection.year} in {', '.join(paths)} (years with valid "
            f"submissions: {found}).",
            EXIT_INVALID,
        )
    return selection


def compared_selections(
    found: Settings,
    year: int | None,
    compare: int | None,
    verb: str,
    subject: str,
    quiet: bool = False,
    fingerprints: bool = True,
) -> tuple[Selection, Selection | None]:
    """The year's selection and, with ``--compare``, the other year's: one validation of the
    data, the other year chosen by the same rules (its invalid submissions block too)."""
    paths, skip = data_paths(found), found.skip_invalid.value
    selection = checked_selection(
        paths, year, skip, found.limits, verb, found.registry.value, quiet=quiet, fingerprints=fingerprints
    )
    if compare is not None and compare == selection.year:
        fail(f"--compare {compare} is the year {subject}; give another year.", EXIT_USAGE)
    if compare is None:
        return selection, None
    return selection, checked_selection(
        paths, compare, skip, found.limits, "compare", report=selection.report
    )


def filters_from(
    region: list[Region] | None, goal: list[int] | None, entity_type: list[EntityType] | None
) -> Filters:
    """The figures' filters from the command line's repeatable options."""
    from impactagg.aggregate import Filters

    return Filters(
        regions=frozenset(region or []),
        goals=frozenset(goal or []),
        entity_types=frozenset(entity_type or []),
    )
