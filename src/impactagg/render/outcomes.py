"""Lists of outcomes as a table, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io

from rich.console import Console
from rich.text import Text

from impactagg.drilldown import FoundOutcome
from impactagg.render.fixlist import neutralise

COLUMNS = ["id", "entity_id", "country", "impact_type", "expectation", "title"]
_PRINTED_AT_ONCE = 500  # outcomes a text holds (render_rich)


def _cells(item: FoundOutcome) -> list[str]:
    row = item.to_dict()
    return ["" if row[column] is None else str(row[column]) for column in COLUMNS]


def render_rich(found: list[FoundOutcome], console: Console) -> None:
    """Two lines an outcome (codes, then title and entity), readable at any terminal width."""
    console.print(Text(f"{len(found):,} outcome{'' if len(found) == 1 else 's'}", style="bold"))
    # A text of many outcomes printed at once: a print for each line cost rich 0.13 ms (27 s for
    # 100,000 outcomes); a few hundred at a time keep what rich renders at once small.
    for start in range(0, len(found), _PRINTED_AT_ONCE):
        listing = Text()
        for item in found[start : start + _PRINTED_AT_ONCE]:
            outcome, entity = item.outcome, item.submission.entity
            listing.append(outcome.id, style="bold")
            codes = f"{outcome.country or '--'}  {outcome.impact_type.value}  goal {outcome.strategic_goal}"
            listing.append(f"  {codes}  ")
            listing.append(outcome.expectation.value, style="cyan")
            listing.append(f"\n    {outcome.title} ({entity.name}, {entity.id})\n")
        console.print(listing, soft_wrap=True, end="")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))  # as the CSV form writes its list columns
    return str(value)


def render_csv(found: list[FoundOutcome]) -> str:
    """Every field of each outcome; text a spreadsheet would run as a formula is neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if not found:
        return ""
    header = list(found[0].to_dict())
    writer.writerow(header)
    for item in found:
        row = item.to_dict()
        writer.writerow([neutralise(_cell(row[key])) for key in header])
    return out.getvalue()


def markdown_text(text: str) -> str:
    """Escape what Markdown would read as markup or HTML, so submission text shows as written."""
    escaped = (
        text.replace("&", "&amp;")
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    for char in "`*_[]#":
        escaped = escaped.replace(char, "\\" + char)
    return " ".join(escaped.split())


def render_markdown(found: list[FoundOutcome]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    lines += ["| " + " | ".join(markdown_text(cell) for cell in _cells(item)) + " |" for item in found]
    return "\n".join(lines) + "\n"
