"""``impactagg report``: the impact review as a self-contained HTML page, or Markdown with charts.

The command reads data exactly as ``summarize`` does (the same options, settings, sources,
filters, limits and handling of invalid data, through the same helpers), so its figures are
summarize's. Like the commands of :mod:`impactagg.cli`, it registers itself on the app when
its module is imported.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from impactagg.cli.app import app
from impactagg.cli.common import (
    EXIT_USAGE,
    CompareOption,
    DataOption,
    EntityTypeOption,
    GoalOption,
    MaxDepth,
    MaxFileSize,
    MaxOutcomes,
    MaxValueLength,
    RegionOption,
    RegistryOption,
    SkipInvalidOption,
    YearOption,
    compared_selections,
    emit,
    fail,
    filters_from,
    settings,
    stderr,
    write_output,
)


class ReviewFormat(StrEnum):
    """Formats of ``report``'s output."""

    HTML = "html"
    MARKDOWN = "markdown"


@app.command()
def report(
    year: YearOption = None,
    data: DataOption = None,
    region: RegionOption = None,
    goal: GoalOption = None,
    entity_type: EntityTypeOption = None,
    registry: RegistryOption = None,
    skip_invalid: SkipInvalidOption = None,  # None: impactagg.toml or the default decides
    format: Annotated[
        ReviewFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="html (one self-contained page) or markdown (a .md file and one .svg per chart, "
            "written into the --output folder).",
        ),
    ] = ReviewFormat.HTML,
    compare: CompareOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="html: the file to write (default: standard output). markdown: the folder to write "
            "into (created if missing; required).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files that exist.")] = False,
    max_file_size: MaxFileSize = None,
    max_value_length: MaxValueLength = None,
    max_outcomes: MaxOutcomes = None,
    max_depth: MaxDepth = None,
) -> None:
    """Write the impact review report: the three questions as charts and tables, coverage and
    corroboration, and example outcomes of each type of impact.

    The HTML page needs nothing else to open (no network, no script) and prints cleanly to PDF.
    Data, filters, --compare, --skip-invalid and exit codes are summarize's. With a registry of
    expected entities, the coverage section shows who has reported.
    """
    from impactagg.aggregate import summarize
    from impactagg.report import build_report
    from impactagg.summary_run import SummaryRun

    if format is ReviewFormat.MARKDOWN and output is None:
        fail("--format markdown needs --output FOLDER for the .md file and its chart images.", EXIT_USAGE)
    filters = filters_from(region, goal, entity_type)
    found = settings(
        data=data,
        registry=registry,
        skip_invalid=skip_invalid,
        file_size_mb=max_file_size,
        value_length=max_value_length,
        outcomes=max_outcomes,
        depth=max_depth,
    )
    # The report does not name the files' SHA-256: no need to hash every byte read.
    selection, earlier = compared_selections(
        found, year, compare, "report", "reported on", fingerprints=False
    )
    assert selection.year is not None  # checked_selection exits when there is no year
    previous = None
    if earlier is not None and earlier.year is not None:
        # The same filters apply to both years.
        previous = SummaryRun(earlier, summarize(earlier.counts(), earlier.year, filters))
    document = build_report(
        SummaryRun(selection, summarize(selection.counts(), selection.year, filters)), previous=previous
    )
    if format is ReviewFormat.HTML:
        from impactagg.render.report_html import render_html

        emit(render_html(document), output, force)
        if output is not None:
            stderr().print(f"Wrote {output}.", markup=False)
    else:
        from impactagg.render.report_html import render_markdown

        assert output is not None  # checked before the data was read
        _markdown(render_markdown(document), output, force)


def _markdown(files: dict[str, str], folder: Path, force: bool) -> None:
    """Write every file into ``folder``, having first checked that none would be overwritten,
    so a refused run leaves the folder as it was."""
    if folder.exists() and not folder.is_dir():
        fail(f"--output {folder} is a file; --format markdown writes into a folder.", EXIT_USAGE)
    existing = [name for name in files if (folder / name).exists()]
    if existing and not force:
        fail(f"{folder / existing[0]} already exists; use --force to replace it.", EXIT_USAGE)
    try:
        folder.mkdir(exist_ok=True)  # not its parents: a mistyped path should fail, not grow folders
    except OSError as error:
        fail(f"cannot create the folder {folder}: {error.strerror or error}.", EXIT_USAGE)
    for name, content in files.items():
        write_output(folder / name, content.encode("utf-8"), force)
    stderr().print(
        f"Wrote {folder / next(iter(files))} and {len(files) - 1} chart(s) beside it.", markup=False
    )
