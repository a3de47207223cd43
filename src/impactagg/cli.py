"""The command line: parse options, call the core, format what it returns."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from impactagg import __version__
from impactagg.codes import EntityType, Region
from impactagg.load import STDIN
from impactagg.models import MAX_YEAR, MIN_YEAR
from impactagg.render.formats import ReportFormat, SummaryFormat

app = typer.Typer(
    name="impactagg",
    help="Validate and aggregate the yearly outcome submissions of sections and international projects.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _stdout() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"impactagg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Validate and aggregate the yearly outcome submissions of sections and international projects."""


class InputFormat(StrEnum):
    YAML = "yaml"
    CSV = "csv"


@app.command()
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Submission files and folders (every .yaml, .yml and .csv below them); "
            "- reads standard input.",
            metavar="PATH",
            show_default=False,
        ),
    ],
    format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="text (for people), json (for programs) or github (Actions annotations).",
        ),
    ] = ReportFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", case_sensitive=False, help="Format of standard input."),
    ] = InputFormat.YAML,
) -> None:
    """Check submissions against the data standard and report every problem with its location.

    Exit codes: 0 all valid, 1 invalid data, 2 a file could not be read or the command was misused.
    """
    from impactagg.render.validation import counts_line, render_github, render_json, render_text
    from impactagg.validate import validate as run_validate

    stdin = sys.stdin.buffer.read() if STDIN in paths else None
    report = run_validate(paths, stdin=stdin, stdin_format=input_format.value, strict=strict)
    if format is ReportFormat.TEXT:
        render_text(report, _stdout())
    elif format is ReportFormat.JSON:
        sys.stdout.write(render_json(report))
    else:
        sys.stdout.write(render_github(report))
        _stderr().print(counts_line(report), markup=False)
    raise typer.Exit(report.exit_code)


def _data_paths(given: list[str] | None) -> list[str]:
    """--data, else $IMPACTAGG_DATA (os.pathsep-separated), else ./data when it exists."""
    if given:
        return given
    from_env = os.environ.get("IMPACTAGG_DATA", "")
    if from_env.strip():
        return [part for part in from_env.split(os.pathsep) if part.strip()]
    if Path("data").is_dir():
        return ["data"]
    _fail(
        "no data to summarize. Point at submissions with --data PATH (repeatable; files or folders), "
        "set IMPACTAGG_DATA, or run from a folder that has a data/ folder. To try it out: "
        "impactagg summarize --data sample_data",
        EXIT_USAGE,
    )
    return []


@app.command()
def summarize(
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="The reporting year (default: the only year in the data).",
            min=MIN_YEAR,
            max=MAX_YEAR,
        ),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            help="Submission files or folders (repeatable). Default: $IMPACTAGG_DATA, else ./data.",
            show_default=False,
        ),
    ] = None,
    region: Annotated[
        list[Region] | None,
        typer.Option(
            "--region",
            case_sensitive=False,
            help="Only entities of this region (repeatable).",
            show_default=False,
        ),
    ] = None,
    goal: Annotated[
        list[int] | None,
        typer.Option(
            "--goal",
            min=1,
            max=5,
            help="Only outcomes serving this strategic goal (repeatable).",
            show_default=False,
        ),
    ] = None,
    entity_type: Annotated[
        list[EntityType] | None,
        typer.Option(
            "--entity-type",
            case_sensitive=False,
            help="Only this kind of entity (repeatable).",
            show_default=False,
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Leave invalid submissions out (and say so) instead of refusing."
        ),
    ] = False,
    format: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="table, json, csv or markdown."),
    ] = SummaryFormat.TABLE,
) -> None:
    """Answer the review's three questions for one year: who, what type of impact, expectations met.

    Invalid submissions are never counted silently: by default summarize refuses to run (exit 1)
    and lists them; --skip-invalid leaves them out and reports what that dropped.
    """
    from impactagg.aggregate import Filters
    from impactagg.render import summary as render
    from impactagg.summarize import run_summary

    paths = _data_paths(data)
    filters = Filters(
        regions=frozenset(region or []),
        goals=frozenset(goal or []),
        entity_types=frozenset(entity_type or []),
    )
    result = run_summary(paths, year, filters)
    selection, err = result.selection, _stderr()
    for problem in selection.io_problems:
        err.print(f"impactagg: {problem.path}: {problem.message}", markup=False)
    if selection.io_problems:
        raise typer.Exit(EXIT_USAGE)
    if selection.year is None:
        years = ", ".join(map(str, selection.years)) or "none"
        _fail(f"the data holds several years ({years}); choose one with --year.", EXIT_INVALID)
    if selection.blocking:
        dropped = selection.dropped_outcomes
        err.print(
            f"{'Left out' if skip_invalid else 'Found'} {len(selection.blocking)} invalid submission(s) "
            f"for {selection.year} ({dropped:,} outcome(s)):",
            markup=False,
        )
        for item in selection.blocking:
            who = f" {item.entity_id}" if item.entity_id else ""
            err.print(
                f"  {item.path}{who}: {item.errors} error(s), first: {item.first_problem}", markup=False
            )
        if not skip_invalid:
            _fail(
                "refusing to summarize while submissions are invalid. Fix them (impactagg validate "
                "shows every problem) or leave them out with --skip-invalid.",
                EXIT_INVALID,
            )
    if selection.other_years:
        err.print(
            f"Ignored {len(selection.other_years)} invalid submission(s) of other years "
            f"({', '.join(sorted({item.path for item in selection.other_years}))}).",
            markup=False,
        )
    if result.summary is None:
        found = ", ".join(map(str, selection.years)) or "none"
        _fail(
            f"no valid submissions for {selection.year} in {', '.join(paths)} (years with valid "
            f"submissions: {found}).",
            EXIT_INVALID,
        )
        return
    if format is SummaryFormat.TABLE:
        render.render_rich(result.summary, _stdout())
    elif format is SummaryFormat.JSON:
        sys.stdout.write(render.render_json(result.to_dict()))
    elif format is SummaryFormat.CSV:
        sys.stdout.write(render.render_csv(result.summary))
    else:
        sys.stdout.write(render.render_markdown(result.summary))


class SchemaKind(StrEnum):
    SUBMISSION = "submission"
    SUMMARY = "summary"


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Option(
            "--kind",
            case_sensitive=False,
            help="submission (the data standard) or summary (the output of summarize --format json).",
        ),
    ] = SchemaKind.SUBMISSION,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output.", metavar="FILE"),
    ] = None,
) -> None:
    """Print a JSON Schema generated from the data standard's models."""
    from impactagg.schema import dumps, submission_schema

    if kind is SchemaKind.SUBMISSION:
        _emit(dumps(submission_schema()), output)
    else:
        from impactagg.summary_schema import summary_schema

        _emit(dumps(summary_schema()), output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror or error}", EXIT_USAGE)


def _fail(message: str, code: int) -> None:
    _stderr().print(f"impactagg: {message}", markup=False)
    raise typer.Exit(code)


def run() -> None:
    """Console entry point: never show a traceback to a user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("impactagg: interrupted\n")
        sys.exit(130)
    except Exception as error:
        if os.environ.get("IMPACTAGG_DEBUG"):
            raise
        sys.stderr.write(
            f"impactagg: internal error ({type(error).__name__}: {error}). This is a bug in impactagg, "
            "not in your data; please report it with the command you ran. Set IMPACTAGG_DEBUG=1 "
            "to see the details.\n"
        )
        sys.exit(3)
