"""Commands that write files or describe the tool: ``schema``, ``template``, ``config``, ``init``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from impactagg.cli.app import app
from impactagg.cli.common import EXIT_USAGE, emit, fail, settings, stderr, stdout, write_output, write_stdout
from impactagg.codes import MAX_YEAR, MIN_YEAR, EntityType, Region


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
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Print a JSON Schema generated from the data standard's models."""
    from impactagg.schema import dumps, submission_schema

    if kind is SchemaKind.SUBMISSION:
        emit(dumps(submission_schema()), output, force)
    else:
        from impactagg.summary_schema import summary_schema

        emit(dumps(summary_schema()), output, force)


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
            fail("an xlsx template needs --output FILE.xlsx.", EXIT_USAGE)
        write_output(output, templates.xlsx_template(defaults), force)
    elif format is TemplateFormat.YAML:
        emit(templates.yaml_template(defaults, schema), output, force)
    else:
        emit(templates.csv_template(), output, force)
    if output is not None:
        stderr().print(f"Wrote {output}. Check it once filled in: impactagg validate {output}", markup=False)


class ConfigFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def config(
    format: Annotated[
        ConfigFormat, typer.Option("--format", "-f", case_sensitive=False, help="text or json.")
    ] = ConfigFormat.TEXT,
) -> None:
    """Print the settings in force and where each came from (impactagg.toml, [tool.impactagg] in
    pyproject.toml, the environment, or the default)."""
    found = settings()
    rows = found.rows()
    if format is ConfigFormat.JSON:
        document = {
            "config_file": found.config_file,
            "settings": {name: {"value": value, "origin": origin} for name, value, origin in rows},
        }
        write_stdout(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    console = stdout()
    console.print(f"Configuration file: {found.config_file or 'none (defaults)'}", markup=False)
    from rich.table import Table

    table = Table("setting", "value", "from")
    for row in rows:
        table.add_row(*row)
    console.print(table)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create the data repository.")] = Path(),
    year: Annotated[
        int, typer.Option("--year", "-y", min=MIN_YEAR, max=MAX_YEAR, help="The first reporting year.")
    ] = 2016,
    force: Annotated[bool, typer.Option("--force", help="Replace files that already exist.")] = False,
) -> None:
    """Create a working data repository: data/<year>/ with an example submission, a registry,
    impactagg.toml, a pre-commit hook, a GitHub Actions workflow and a README for submitters."""
    from impactagg.scaffold import scaffold

    files = scaffold(year)
    existing = [name for name in files if (folder / name).exists()]
    if existing and not force:
        fail(f"{', '.join(existing)} already exist in {folder}; use --force to replace them.", EXIT_USAGE)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_output(path, text.encode("utf-8"), force=True)
    stderr().print(
        f"Created a data repository in {folder}: {len(files)} files. Next: impactagg validate, then "
        "impactagg summarize, from that folder.",
        markup=False,
    )
