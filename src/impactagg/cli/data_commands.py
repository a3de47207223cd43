"""The commands that count a year's submissions: ``summarize``, ``outcomes`` and ``status``."""

from __future__ import annotations

from typing import Annotated

import typer

from impactagg import __version__
from impactagg.cli.app import app
from impactagg.cli.common import (
    EXIT_INVALID,
    EXIT_USAGE,
    CompareOption,
    DataOption,
    EntityTypeOption,
    GoalOption,
    MaxDepth,
    MaxFileSize,
    MaxOutcomes,
    MaxValueLength,
    QuietOption,
    RegionOption,
    RegistryOption,
    SkipInvalidOption,
    YearOption,
    checked_selection,
    compared_selections,
    data_paths,
    fail,
    filters_from,
    progress_bar,
    settings,
    stderr,
    stdout,
    write_stdout,
)
from impactagg.codes import Expectation, ImpactType, Target
from impactagg.render.formats import SummaryFormat

FormatOption = Annotated[
    SummaryFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        show_default=False,
        help="table (default), json, csv or markdown.",
    ),
]


@app.command()
def summarize(
    year: YearOption = None,
    data: DataOption = None,
    region: RegionOption = None,
    goal: GoalOption = None,
    entity_type: EntityTypeOption = None,
    registry: RegistryOption = None,
    skip_invalid: SkipInvalidOption = None,
    format: FormatOption = None,
    no_charts: Annotated[
        bool, typer.Option("--no-charts", help="Tables only: no bar chart under each (format table).")
    ] = False,
    compare: CompareOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="JSON: add the outcome ids behind every figure.")
    ] = False,
    max_file_size: MaxFileSize = None,
    max_value_length: MaxValueLength = None,
    max_outcomes: MaxOutcomes = None,
    max_depth: MaxDepth = None,
    quiet: QuietOption = False,
) -> None:
    """Answer the review's three questions for one year: who, what type of impact, expectations met.

    Invalid submissions are never counted silently: by default summarize refuses to run (exit 1)
    and lists them; --skip-invalid leaves them out and reports what that dropped.
    """
    from impactagg.aggregate import explain as explain_figures
    from impactagg.aggregate import summarize
    from impactagg.render import summary as render
    from impactagg.render.status import headline
    from impactagg.status import filtered_status
    from impactagg.summary_run import SummaryRun

    filters = filters_from(region, goal, entity_type)
    found = settings(
        data=data,
        registry=registry,
        skip_invalid=skip_invalid,
        summary_format=format,
        file_size_mb=max_file_size,
        value_length=max_value_length,
        outcomes=max_outcomes,
        depth=max_depth,
    )
    output_format = found.summary_format.value
    if explain and output_format is not SummaryFormat.JSON:
        fail("--explain adds the outcome ids to the JSON output: use it with --format json.", EXIT_USAGE)
    # Only the JSON output names the files' SHA-256 (sources): the other formats need not hash
    # every byte read (0.6 CPU-s on a 540 MB export).
    selection, earlier = compared_selections(
        found,
        year,
        compare,
        "summarize",
        "summarized",
        quiet,
        fingerprints=output_format is SummaryFormat.JSON,
    )
    assert selection.year is not None and selection.report is not None
    previous = summarize(earlier.counts(), earlier.year, filters) if earlier and earlier.year else None
    # Who reported, narrowed by the region and entity-type filters as the figures are.
    status = filtered_status(selection.report, selection.year, filters)
    counts = selection.counts()
    result = SummaryRun(
        selection,
        summarize(counts, selection.year, filters),
        previous=previous,
        explained=explain_figures(counts, selection.year, filters) if explain else None,
        status=status.to_dict() if status is not None else None,
    )
    assert result.summary is not None
    # What a saved table must say about itself: who reported, and what was left out.
    preamble = [headline(status)] if status is not None else []
    if selection.blocking:
        preamble.append(
            f"Left out: {len(selection.blocking):,} invalid submission(s), {selection.dropped_outcomes:,} "
            "outcome(s) (--skip-invalid); impactagg validate lists their problems."
        )
    if output_format is SummaryFormat.TABLE:
        console = stdout()
        for line in preamble:
            console.print(line, markup=False)
        if preamble:
            console.print()
        render.render_rich(result.summary, console, charts=not no_charts, previous=previous)
    elif output_format is SummaryFormat.JSON:
        write_stdout(render.render_json(result.to_dict()))
    elif output_format is SummaryFormat.CSV:
        write_stdout(render.render_csv(result.summary, previous, excluded=selection.blocking))
    else:
        write_stdout(render.render_markdown(result.summary, previous, preamble))


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
    skip_invalid: SkipInvalidOption = None,
    format: FormatOption = None,
    max_file_size: MaxFileSize = None,
    max_value_length: MaxValueLength = None,
    max_outcomes: MaxOutcomes = None,
    max_depth: MaxDepth = None,
    quiet: QuietOption = False,
) -> None:
    """List the outcomes behind a figure (id, entity, country, type, rating, title).

    This is how to find the examples a review quotes, for example:
    --impact-type concrete_action_broad --region africa --expectation exceeded.
    """
    from impactagg.drilldown import OutcomeQuery, find_in_files, merged
    from impactagg.render import outcomes as render
    from impactagg.render.summary import render_json
    from impactagg.summary_run import sources_dict

    settings_found = settings(
        data=data,
        registry=registry,
        skip_invalid=skip_invalid,
        summary_format=format,
        file_size_mb=max_file_size,
        value_length=max_value_length,
        outcomes=max_outcomes,
        depth=max_depth,
    )
    output_format = settings_found.summary_format.value
    selection = checked_selection(
        data_paths(settings_found),
        year,
        settings_found.skip_invalid.value,
        settings_found.limits,
        "list outcomes",
        settings_found.registry.value,
        quiet=quiet,
    )
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
    per_file = find_in_files([source.checked for source in selection.sources], query)
    found = merged(per_file)
    taken = {id(source): len(part) for source, part in zip(selection.sources, per_file, strict=True)}
    if output_format is SummaryFormat.TABLE:
        render.render_rich(found, stdout())
    elif output_format is SummaryFormat.JSON:
        document: dict[str, object] = {
            "impactagg_version": __version__,
            "year": selection.year,
            "query": query.to_dict(),
            "count": len(found),
            "outcomes": [item.to_dict() for item in found],
            "sources": sources_dict(selection, lambda source: taken[id(source)]),
        }
        write_stdout(render_json(document))
    elif output_format is SummaryFormat.CSV:
        write_stdout(render.render_csv(found))
    else:
        write_stdout(render.render_markdown(found))


@app.command()
def status(
    year: YearOption = None,
    data: DataOption = None,
    registry: RegistryOption = None,
    format: FormatOption = None,
    max_file_size: MaxFileSize = None,
    max_value_length: MaxValueLength = None,
    max_outcomes: MaxOutcomes = None,
    max_depth: MaxDepth = None,
    quiet: QuietOption = False,
) -> None:
    """Who has reported: expected entities (from the registry), submitted valid, submitted invalid,
    missing, overall and by region and entity type, with the missing ones listed."""
    from impactagg.registry import find_registry
    from impactagg.render import status as render
    from impactagg.render.summary import render_json
    from impactagg.selection import select
    from impactagg.status import reporting_status
    from impactagg.summary_run import sources_dict
    from impactagg.validation import validate as run_validate

    found = settings(
        data=data,
        registry=registry,
        summary_format=format,
        file_size_mb=max_file_size,
        value_length=max_value_length,
        outcomes=max_outcomes,
        depth=max_depth,
    )
    output_format = found.summary_format.value
    paths = data_paths(found)
    registry_path = found.registry.value
    if registry_path is None and find_registry(paths) is None:
        fail(
            "status needs the registry of expected entities: give --registry FILE, or put entities.yaml "
            "at the top of the data folder.",
            EXIT_USAGE,
        )
    with progress_bar(quiet) as progress:
        report = run_validate(paths, limits=found.limits, registry=registry_path, progress=progress)
    registry_file = next(file for file in report.files if file.format == "registry")
    if report.registry is None:
        for problem in registry_file.problems:
            stderr().print(f"{problem.path}:{problem.line or ''}: {problem.message}", markup=False)
        fail(
            f"the registry {registry_file.path} is invalid (impactagg validate lists every problem).",
            EXIT_INVALID,
        )
    selection = select(report, year)
    for problem in selection.io_problems:
        stderr().print(f"impactagg: {problem.path}: {problem.message}", markup=False)
    if selection.io_problems:
        fail("some data could not be read, so who reported cannot be known.", EXIT_USAGE)
    if selection.year is None:
        fail("choose the year with --year: the data holds several years, or none.", EXIT_INVALID)
    unreadable = [item for item in selection.blocking if item.entity_id is None]
    for item in unreadable:
        # A file whose entity cannot be read leaves its entity "missing": say which file that may be.
        stderr().print(f"Could not read an entity from {item.path}: {item.first_problem}", markup=False)
    result = reporting_status(report, report.registry, selection.year)
    if output_format is SummaryFormat.TABLE:
        render.render_rich(result, stdout())
    elif output_format is SummaryFormat.JSON:
        document: dict[str, object] = {
            "impactagg_version": __version__,
            **result.to_dict(),
            "registry": {"path": registry_file.path, "sha256": registry_file.sha256},
            "sources": sources_dict(
                selection, lambda source: sum(item.outcome_count for item in source.checked)
            ),
        }
        write_stdout(render_json(document))
    elif output_format is SummaryFormat.CSV:
        write_stdout(render.render_csv(result))
    else:
        write_stdout(render.render_markdown(result))
