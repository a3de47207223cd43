"""The files of a new data repository, for ``impactagg init``. Pure: returns paths and contents."""

from __future__ import annotations

from impactagg.codes import EntityType, Region
from impactagg.guidance import code_lists
from impactagg.schema import dumps, submission_schema
from impactagg.templates import DEFAULT_SCHEMA, EntityDefaults, yaml_template

EXAMPLE_ENTITY = EntityDefaults(
    id="EXAMPLE",
    name="Example section (replace with your own)",
    type=EntityType.SECTION,
    region=Region.AFRICA,
)

_CONFIG = """\
# impactagg settings for this data repository; the command line overrides them.
# `impactagg config` shows the settings in force and where each comes from.
data = ["data"]
registry = "entities.yaml"
strict = false          # true: warnings fail validation too
skip_invalid = false    # true: summarize leaves invalid submissions out instead of refusing

[limits]
# file_size_mb = 1024
# value_length = 100000
# outcomes = 2000000
"""

_REGISTRY = """\
# The entities expected to report. `impactagg validate` checks each submission's entity against
# this list and `impactagg status` lists who has not reported yet. Add one entry per entity;
# active_from / active_until (years) are optional.
entities:
  - id: EXAMPLE
    name: Example section (replace with your own)
    type: section
    region: africa
"""

_PRE_COMMIT = """\
# Checks changed submission files before each commit: `pre-commit install` once, then commit as usual.
repos:
  - repo: local
    hooks:
      - id: impactagg-validate
        name: impactagg validate
        entry: impactagg validate
        language: system
        files: ^data/.*\\.(ya?ml|csv|xlsx)$
"""

_WORKFLOW = """\
name: Validate submissions
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # Install impactagg from where your organisation keeps it (a pinned release, a wheel, or a
      # git URL with a tag): never an unpinned name from a public index.
      - name: Install impactagg
        run: pip install "impactagg==0.1.0"
      - name: Validate every submission
        run: impactagg validate --format github --fix-list fix-list.csv
      - name: Upload the fix list
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: fix-list
          path: fix-list.csv
          if-no-files-found: ignore
"""


def _submitters_readme(year: int) -> str:
    lines = [
        "# Outcome submissions",
        "",
        "Each national section and international project sends one submission a year: the significant",
        f"outcomes of its work. Submissions live in `data/<year>/` (for example `data/{year}/`), one file",
        "per entity, as an Excel workbook, YAML or CSV.",
        "",
        "## Get a template",
        "",
        "```sh",
        f"impactagg template --format xlsx -o MY-ID-{year}.xlsx --entity-id MY-ID --year {year}",
        "```",
        "",
        "The workbook has drop-down lists for every coded column and a `guidance` sheet explaining each",
        "column and code. Fill in one row per outcome.",
        "",
        "## Check your file before sending it",
        "",
        "```sh",
        f"impactagg validate data/{year}/MY-ID-{year}.xlsx",
        "```",
        "",
        "Every problem is reported with its cell (or line) and how to fix it. To get a copy of your",
        "workbook with the problems highlighted: add `--annotate checked.xlsx`.",
        "",
        "## The codes",
        "",
    ]
    for column, codes in code_lists():
        lines.append(f"**{column}**")
        lines.append("")
        lines += [f"- `{code.value}`: {code.meaning}" for code in codes]
        lines.append("")
    return "\n".join(lines)


def scaffold(year: int) -> dict[str, str]:
    """Relative path -> content of every file of a new data repository."""
    example = EntityDefaults(
        EXAMPLE_ENTITY.id, EXAMPLE_ENTITY.name, EXAMPLE_ENTITY.type, EXAMPLE_ENTITY.region, year
    )
    return {
        f"data/{year}/EXAMPLE-{year}.yaml": yaml_template(example, DEFAULT_SCHEMA),
        "entities.yaml": _REGISTRY,
        "impactagg.toml": _CONFIG,
        ".pre-commit-config.yaml": _PRE_COMMIT,
        ".github/workflows/validate.yml": _WORKFLOW,
        "README.md": _submitters_readme(year),
        "schemas/submission.schema.json": dumps(submission_schema()),
    }
