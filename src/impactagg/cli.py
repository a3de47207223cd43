"""The command line: parse options, call the core, format what it returns."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from impactagg import __version__
from impactagg.codes import EntityType, Expectation, ImpactType, Region, Target
from impactagg.limits import DEFAULT_LIMITS, MEGABYTE, Limits
from impactagg.load import STDIN
from impactagg.models import MAX_YEAR, MIN_YEAR
from impactagg.problems import RULES, Severity
from impactagg.render.formats import ReportFormat, SummaryFormat

if TYPE_CHECKING:
    from impactagg.selection import Selection
    from impactagg.validate import Report as ValidationReport

app = typer.Typer(
    name="impactagg",
    help="Validate and aggregate the yearly outcome submissions of sections and international projects.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# The documented limits, as options shared by every command that reads submissions.
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
        help="Submission files or folders (repeatable). Default: $IMPACTAGG_DATA, else ./data.",
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
    bool,
    typer.Option("--skip-invalid", help="Leave invalid submissions out (and say so) instead of refusing."),
]


def _limits(
    file_size: int | None, value_length: int | None, outcomes: int | None, depth: int | None
) -> Limits:
    defaults = DEFAULT_LIMITS
    return Limits(
        file_size=file_size * MEGABYTE if file_size else defaults.file_size,
        value_length=value_length or defaults.value_length,
        outcomes=outcomes or defaults.outcomes,
        depth=depth or defaults.depth,
    )


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
            help="Submission files and folders (every .yaml, .yml, .csv and .xlsx below them); "
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
) -> None:
    """Check submissions against the data standard and report every problem with its location.

    Exit codes: 0 all valid, 1 invalid data, 2 a file could not be read or the command was misused.
    """
    from impactagg.render.validation import counts_line, render_github, render_json, render_text
    from impactagg.validate import validate as run_validate

    if fix_list is not None and fix_list.suffix.lower() not in (".csv", ".xlsx"):
        _fail("--fix-list must name a .csv or .xlsx file.", EXIT_USAGE)
    if annotate is not None and annotate.suffix.lower() != ".xlsx":
        _fail("--annotate must name an .xlsx file.", EXIT_USAGE)
    limits = _limits(max_file_size, max_value_length, max_outcomes, max_depth)
    stdin = _read_stdin(limits.file_size) if STDIN in paths else None
    warnings = sorted(code for code, rule in RULES.items() if rule.severity is Severity.WARNING)
    for code in ignore or []:
        if code not in warnings:
            _fail(f"--ignore takes a warning code ({', '.join(warnings)}), not '{code}'.", EXIT_USAGE)
    report = run_validate(
        paths,
        stdin=stdin,
        stdin_format=input_format.value,
        strict=strict,
        limits=limits,
        ignore=ignore or (),
        registry=registry,
    )
    if fix_list is not None:
        from impactagg.render.fixlist import fix_list_csv, fix_list_rows, fix_list_xlsx

        rows = fix_list_rows(report)
        _write(
            fix_list, fix_list_xlsx(rows) if fix_list.suffix.lower() == ".xlsx" else fix_list_csv(rows), force
        )
    if annotate is not None:
        _annotate(report, annotate, force)
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


def _checked_selection(
    paths: list[str],
    year: int | None,
    skip_invalid: bool,
    limits: Limits,
    verb: str,
    registry: Path | None = None,
) -> Selection:
    """Validate the data and select a year's valid submissions, or exit with a clear message.

    Shared by every command that counts submissions: invalid data of the year is listed and
    refused (exit 1) unless ``skip_invalid``; unreadable data exits 2.
    """
    from impactagg.selection import select
    from impactagg.validate import validate as run_validate

    selection = select(run_validate(paths, limits=limits, registry=registry), year)
    err = _stderr()
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
            _fail(
                f"refusing to {verb} while submissions are invalid. Fix them (impactagg validate "
                "shows every problem) or leave them out with --skip-invalid.",
                EXIT_INVALID,
            )
    if selection.year is None:
        years = ", ".join(map(str, selection.years))
        if not years:
            _fail(f"no valid submissions in {', '.join(paths)}.", EXIT_INVALID)
        _fail(f"the data holds several years ({years}); choose one with --year.", EXIT_INVALID)
    if selection.other_years:
        err.print(
            f"Ignored {len(selection.other_years)} invalid submission(s) of other years "
            f"({', '.join(sorted({item.path for item in selection.other_years}))}).",
            markup=False,
        )
    if not selection.submissions:
        found = ", ".join(map(str, selection.years)) or "none"
        _fail(
            f"no valid submissions for {selection.year} in {', '.join(paths)} (years with valid "
            f"submissions: {found}).",
            EXIT_INVALID,
        )
    return selection


@app.command()
def summarize(
    year: YearOption = None,
    data: DataOption = None,
    region: RegionOption = None,
    goal: GoalOption = None,
    entity_type: EntityTypeOption = None,
    registry: RegistryOption = None,
    skip_invalid: SkipInvalidOption = False,
    format: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="table, json, csv or markdown."),
    ] = SummaryFormat.TABLE,
    max_file_size: MaxFileSize = None,
    max_value_length: MaxValueLength = None,
    max_outcomes: MaxOutcomes = None,
    max_depth: MaxDepth = None,
) -> None:
    """Answer the review's three questions for one year: who, what type of impact, expectations met.

    Invalid submissions are never counted silently: by default summarize refuses to run (exit 1)
    and lists them; --skip-invalid leaves them out and reports what that dropped.
    """
    from impactagg.aggregate import Filters, summarize
    from impactagg.render import summary as render
    from impactagg.summarize import SummaryRun

    filters = Filters(
        regions=frozenset(region or []),
        goals=frozenset(goal or []),
        entity_types=frozenset(entity_type or []),
    )
    limits = _limits(max_file_size, max_value_length, max_outcomes, max_depth)
    selection = _checked_selection(_data_paths(data), year, skip_invalid, limits, "summarize", registry)
    assert selection.year is not None
    result = SummaryRun(selection, summarize(selection.submissions, selection.year, filters))
    assert result.summary is not None
    if format is SummaryFormat.TABLE:
        render.render_rich(result.summary, _stdout())
    elif format is SummaryFormat.JSON:
        sys.stdout.write(render.render_json(result.to_dict()))
    elif format is SummaryFormat.CSV:
        sys.stdout.write(render.render_csv(result.summary))
    else:
        sys.stdout.write(render.render_markdown(result.summary))


@app.command()
def outcomes(
    year: YearOption = None,
    data: DataOption = None,
    region: RegionOption = None,
    goal: GoalOption = None,
    entity_type: EntityTypeOption = None,
    impact_type: Annotated[
        list[ImpactType] | None,
        typer.Option(
            "--impact-type",
            case_sensitive=False,
            help="Only this impact type (repeatable).",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        list[Target] | None,
        typer.Option(
            "--target",
            case_sensitive=False,
            help="Only outcomes influencing this target (repeatable).",
            show_default=False,
        ),
    ] = None,
    expectation: Annotated[
        list[Expectation] | None,
        typer.Option(
            "--expectation", case_sensitive=False, help="Only this rating (repeatable).", show_default=False
        ),
    ] = None,
    entity: Annotated[
        list[str] | None,
        typer.Option("--entity", metavar="ID", help="Only this entity (repeatable).", show_default=False),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", metavar="CODE", help="Only this country, ISO code (repeatable).", show_default=False
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            metavar="TEXT",
            help="Only outcomes whose title, description or contribution contains TEXT (any case).",
        ),
    ] = None,
    registry: RegistryOption = None,
    skip_invalid: SkipInvalidOption = False,
    format: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="table, json, csv or markdown."),
    ] = SummaryFormat.TABLE,
    max_file_size: MaxFileSize = None,
    max_value_length: MaxValueLength = None,
    max_outcomes: MaxOutcomes = None,
    max_depth: MaxDepth = None,
) -> None:
    """List the outcomes behind a figure (id, entity, country, type, rating, title).

    This is how to find the examples a review quotes, for example:
    --impact-type concrete_action_broad --region africa --expectation exceeded.
    """
    from impactagg.drilldown import OutcomeQuery, find_outcomes
    from impactagg.render import outcomes as render
    from impactagg.render.summary import render_json
    from impactagg.summarize import sources_dict

    limits = _limits(max_file_size, max_value_length, max_outcomes, max_depth)
    selection = _checked_selection(_data_paths(data), year, skip_invalid, limits, "list outcomes", registry)
    query = OutcomeQuery(
        regions=frozenset(region or []),
        goals=frozenset(goal or []),
        entity_types=frozenset(entity_type or []),
        impact_types=frozenset(impact_type or []),
        targets=frozenset(target or []),
        expectations=frozenset(expectation or []),
        entities=frozenset(entity or []),
        countries=frozenset(country or []),
        search=search,
    )
    found = find_outcomes(selection.submissions, query)
    if format is SummaryFormat.TABLE:
        render.render_rich(found, _stdout())
    elif format is SummaryFormat.JSON:
        document: dict[str, object] = {
            "impactagg_version": __version__,
            "year": selection.year,
            "query": query.to_dict(),
            "count": len(found),
            "outcomes": [item.to_dict() for item in found],
            "sources": sources_dict(selection, query.matches),
        }
        sys.stdout.write(render_json(document))
    elif format is SummaryFormat.CSV:
        sys.stdout.write(render.render_csv(found))
    else:
        sys.stdout.write(render.render_markdown(found))


@app.command()
def status(
    year: YearOption = None,
    data: DataOption = None,
    registry: RegistryOption = None,
    format: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="table, json, csv or markdown."),
    ] = SummaryFormat.TABLE,
    max_file_size: MaxFileSize = None,
    max_value_length: MaxValueLength = None,
    max_outcomes: MaxOutcomes = None,
    max_depth: MaxDepth = None,
) -> None:
    """Who has reported: expected entities (from the registry), submitted valid, submitted invalid,
    missing, overall and by region and entity type, with the missing ones listed."""
    from impactagg.registry import find_registry
    from impactagg.render import status as render
    from impactagg.render.summary import render_json
    from impactagg.selection import select
    from impactagg.status import reporting_status
    from impactagg.summarize import sources_dict
    from impactagg.validate import validate as run_validate

    paths = _data_paths(data)
    if registry is None and find_registry(paths) is None:
        _fail(
            "status needs the registry of expected entities: give --registry FILE, or put entities.yaml "
            "at the top of the data folder.",
            EXIT_USAGE,
        )
    limits = _limits(max_file_size, max_value_length, max_outcomes, max_depth)
    report = run_validate(paths, limits=limits, registry=registry)
    registry_file = next(file for file in report.files if file.format == "registry")
    if report.registry is None:
        for problem in registry_file.problems:
            _stderr().print(f"{problem.path}:{problem.line or ''}: {problem.message}", markup=False)
        _fail(
            f"the registry {registry_file.path} is invalid (impactagg validate lists every problem).",
            EXIT_INVALID,
        )
        return
    selection = select(report, year)
    if selection.year is None:
        _fail("choose the year with --year: the data holds several years, or none.", EXIT_USAGE)
        return
    result = reporting_status(report, report.registry, selection.year)
    if format is SummaryFormat.TABLE:
        render.render_rich(result, _stdout())
    elif format is SummaryFormat.JSON:
        document: dict[str, object] = {
            "impactagg_version": __version__,
            **result.to_dict(),
            "registry": {"path": registry_file.path, "sha256": registry_file.sha256},
            "sources": sources_dict(selection, lambda submission, outcome: True),
        }
        sys.stdout.write(render_json(document))
    elif format is SummaryFormat.CSV:
        sys.stdout.write(render.render_csv(result))
    else:
        sys.stdout.write(render.render_markdown(result))


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


def _read_stdin(limit: int) -> bytes:
    try:
        data = sys.stdin.buffer.read(limit + 1)  # one byte more tells that the limit is passed
    except (AttributeError, OSError, ValueError) as error:  # closed or missing standard input
        _fail(f"cannot read standard input: {getattr(error, 'strerror', None) or error}", EXIT_USAGE)
        return b""
    if len(data) > limit:
        _fail(
            f"standard input is larger than the limit of {limit // MEGABYTE:,} MB; raise it with "
            "--max-file-size.",
            EXIT_USAGE,
        )
    return data


def _emit(text: str, output: Path | None, force: bool = True) -> None:
    """Text to standard output, or to a file written safely."""
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, text.encode("utf-8"), force)


def _write(output: Path, data: bytes, force: bool) -> None:
    from impactagg.output import OutputError, write_file

    try:
        write_file(output, data, force=force)
    except OutputError as error:
        _fail(str(error), EXIT_USAGE)


def _annotate(report: ValidationReport, output: Path, force: bool) -> None:
    from impactagg.annotate import annotate_workbook

    workbooks = [file for file in report.files if file.format == "xlsx"]
    if len(workbooks) != 1:
        _fail(
            f"--annotate needs exactly one .xlsx submission among the files, found {len(workbooks)}.",
            EXIT_USAGE,
        )
        return
    source = Path(workbooks[0].path)
    if output.resolve() == source.resolve():
        _fail("--annotate must write to another file: the submitter's workbook is never changed.", EXIT_USAGE)
    try:
        data = annotate_workbook(source, workbooks[0].problems)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged workbook
        _fail(f"cannot annotate {source}: it could not be opened as a workbook.", EXIT_USAGE)
        return
    _write(output, data, force)


class TemplateFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    YAML = "yaml"


@app.command()
def template(
    format: Annotated[
        TemplateFormat, typer.Option("--format", "-f", case_sensitive=False, help="xlsx, csv or yaml.")
    ] = TemplateFormat.XLSX,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write it (csv and yaml: default standard output; xlsx: required).",
        ),
    ] = None,
    entity_id: Annotated[str | None, typer.Option("--entity-id", help="Pre-fill the entity's id.")] = None,
    entity_name: Annotated[
        str | None, typer.Option("--entity-name", help="Pre-fill the entity's name.")
    ] = None,
    entity_type: Annotated[
        EntityType | None,
        typer.Option("--entity-type", case_sensitive=False, help="Pre-fill the entity's type."),
    ] = None,
    region: Annotated[
        Region | None, typer.Option("--region", case_sensitive=False, help="Pre-fill the entity's region.")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", "-y", min=MIN_YEAR, max=MAX_YEAR, help="Pre-fill the year.")
    ] = None,
    schema: Annotated[
        str,
        typer.Option(
            "--schema",
            metavar="LOCATION",
            help="yaml: where editors find the JSON Schema, relative to the file.",
        ),
    ] = "../../schemas/submission.schema.json",
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write a blank submission to fill in: an Excel workbook with drop-down lists and guidance, a commented
    YAML file with an example outcome, or a CSV header row."""
    from impactagg import templates

    defaults = templates.EntityDefaults(entity_id, entity_name, entity_type, region, year)
    if format is TemplateFormat.XLSX:
        if output is None:
            _fail("an xlsx template needs --output FILE.xlsx.", EXIT_USAGE)
            return
        _write(output, templates.xlsx_template(defaults), force)
    elif format is TemplateFormat.YAML:
        _emit(templates.yaml_template(defaults, schema), output, force)
    else:
        _emit(templates.csv_template(), output, force)
    if output is not None:
        _stderr().print(f"Wrote {output}. Check it once filled in: impactagg validate {output}", markup=False)


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
    except BrokenPipeError:
        # The reader went away (`impactagg ... | head`): not an error worth a message.
        sys.stderr.close()
        sys.exit(EXIT_USAGE)
    except OSError as error:  # the output could not be written (disk full, closed stdout)
        sys.stderr.write(f"impactagg: cannot write output: {error.strerror or error}\n")
        sys.exit(EXIT_USAGE)
    except Exception as error:
        if os.environ.get("IMPACTAGG_DEBUG"):
            raise
        sys.stderr.write(
            f"impactagg: internal error ({type(error).__name__}: {error}). This is a bug in impactagg, "
            "not in your data; please report it with the command you ran. Set IMPACTAGG_DEBUG=1 "
            "to see the details.\n"
        )
        sys.exit(3)
