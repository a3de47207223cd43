"""``impactagg validate``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from impactagg.cli.app import app
from impactagg.cli.common import (
    EXIT_USAGE,
    MaxDepth,
    MaxFileSize,
    MaxOutcomes,
    MaxValueLength,
    QuietOption,
    RegistryOption,
    data_paths,
    fail,
    progress_bar,
    read_stdin,
    settings,
    stdout,
    write_output,
    write_stderr,
    write_stdout,
)
from impactagg.problems import RULES, Category, Severity
from impactagg.render.formats import ReportFormat

if TYPE_CHECKING:
    from impactagg.validation import Report


class InputFormat(StrEnum):
    YAML = "yaml"
    CSV = "csv"


@app.command()
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Submission files and folders (every .yaml, .yml, .csv and .xlsx below them); "
            "- reads standard input. Default: the data setting ($IMPACTAGG_DATA, impactagg.toml, ./data).",
            metavar="[PATH]...",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="text (for people), json (for programs) or github (Actions annotations).",
        ),
    ] = None,
    strict: Annotated[
        bool | None, typer.Option("--strict/--no-strict", show_default=False, help="Fail on warnings too.")
    ] = None,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", case_sensitive=False, help="Format of standard input."),
    ] = InputFormat.YAML,
    fix_list: Annotated[
        Path | None,
        typer.Option(
            "--fix-list",
            metavar="FILE",
            help="Also write every problem as a row of FILE (.csv or "
            ".xlsx): file, sheet, row, column, value, problem, suggestion, severity.",
        ),
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            metavar="OUT.xlsx",
            help="For one Excel submission: write a copy with each "
            "bad cell highlighted and its problem as a comment. The original is not changed.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --fix-list or --annotate file.")
    ] = False,
    registry: RegistryOption = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="CODE",
            show_default=False,
            help="Leave out warnings of this code (repeatable), e.g. contact-details.",
        ),
    ] = None,
    max_file_size: MaxFileSize = None,
    max_value_length: MaxValueLength = None,
    max_outcomes: MaxOutcomes = None,
    max_depth: MaxDepth = None,
    quiet: QuietOption = False,
) -> None:
    """Check submissions against the data standard and report every problem with its location.

    Exit codes: 0 all valid, 1 invalid data, 2 a file could not be read or the command was misused.
    """
    from impactagg.readers import STDIN, resolved
    from impactagg.render.validation import counts_line, json_report, render_github, render_text
    from impactagg.validation import validate as run_validate

    if fix_list is not None and fix_list.suffix.lower() not in (".csv", ".xlsx"):
        fail("--fix-list must name a .csv or .xlsx file.", EXIT_USAGE)
    if annotate is not None and annotate.suffix.lower() != ".xlsx":
        fail("--annotate must name an .xlsx file.", EXIT_USAGE)
    outputs = [resolved(output) for output in (fix_list, annotate) if output is not None]
    if len(outputs) == 2 and outputs[0] == outputs[1]:
        fail("--fix-list and --annotate must name different files.", EXIT_USAGE)
    found = settings(
        data=paths,
        registry=registry,
        strict=strict,
        ignore=ignore,
        validate_format=format,
        file_size_mb=max_file_size,
        value_length=max_value_length,
        outcomes=max_outcomes,
        depth=max_depth,
    )
    limits = found.limits
    paths = data_paths(found)
    stdin = read_stdin(limits.file_size) if STDIN in paths else None
    warnings = sorted(code for code, rule in RULES.items() if rule.severity is Severity.WARNING)
    for code in found.ignore.value:
        if code not in warnings:
            fail(
                f"ignore takes warning codes ({', '.join(warnings)}), not '{code}' ({found.ignore.origin}).",
                EXIT_USAGE,
            )
    with progress_bar(quiet) as progress:
        report = run_validate(
            paths,
            progress=progress,
            stdin=stdin,
            stdin_format=input_format.value,
            strict=found.strict.value,
            limits=limits,
            ignore=found.ignore.value,
            registry=found.registry.value,
            fingerprints=False,  # provenance is for figures; this report does not show it
        )
    read = {resolved(file.path) for file in report.files if file.path != STDIN}
    if any(output in read for output in outputs):
        fail(
            "an output file (--fix-list, --annotate) is one of the files being validated: choose another "
            "name; submitters' files are never changed.",
            EXIT_USAGE,
        )
    if fix_list is not None:
        from impactagg.render.fixlist import fix_list_csv, fix_list_rows, fix_list_xlsx

        rows = fix_list_rows(report)
        write_output(
            fix_list, fix_list_xlsx(rows) if fix_list.suffix.lower() == ".xlsx" else fix_list_csv(rows), force
        )
    if annotate is not None:
        annotate_copy(report, annotate, force)
    report_format = found.validate_format.value
    if report_format is ReportFormat.TEXT:
        render_text(report, stdout())
    elif report_format is ReportFormat.JSON:
        write_stdout(json_report(report))
    else:
        write_stdout(render_github(report))
        write_stderr(counts_line(report))
    raise typer.Exit(report.exit_code)


def annotate_copy(report: Report, output: Path, force: bool) -> None:
    from impactagg.annotate import annotate_workbook

    workbooks = [file for file in report.files if file.format == "xlsx"]
    if len(workbooks) != 1:
        fail(
            f"--annotate needs exactly one .xlsx submission among the files, found {len(workbooks)}.",
            EXIT_USAGE,
        )
    from impactagg.readers import resolved

    source = Path(workbooks[0].path)
    if resolved(output) == resolved(source):
        fail("--annotate must write to another file: the submitter's workbook is never changed.", EXIT_USAGE)
    problems = workbooks[0].problems  # gathered and sorted on each access: once here
    unread = [problem for problem in problems if problem.category is Category.IO]
    if unread:  # too large unpacked, or damaged: opening it whole to annotate would be worse
        fail(f"cannot annotate {source}: {unread[0].message}", EXIT_USAGE)
    from impactagg.readers.xlsx_reader import DAMAGED_WORKBOOK

    try:
        data = annotate_workbook(source, problems)
    except DAMAGED_WORKBOOK:  # what the reader itself treats as a damaged workbook
        fail(f"cannot annotate {source}: it could not be opened as a workbook.", EXIT_USAGE)
    write_output(output, data, force)
