"""The reporting status as a table, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from impactagg.codes import EntityType, Region
from impactagg.render.fixlist import neutralise
from impactagg.render.outcomes import markdown_text
from impactagg.render.summary import percent
from impactagg.status import Rate, State, Status


def headline(status: Status) -> str:
    rate = status.rate()
    return (
        f"Reporting status {status.year}: {rate.submitted:,} of {rate.expected:,} expected entities "
        "submitted "
        f"({percent(rate.submitted, rate.expected)}): {rate.counts[State.VALID]:,} valid, "
        f"{rate.counts[State.INVALID]:,} invalid; {rate.counts[State.MISSING]:,} missing."
    )


def _rows(status: Status) -> list[tuple[str, Rate]]:
    labels = {region.value: region.label for region in Region} | {
        kind.value: kind.label + "s" for kind in EntityType
    }
    rows = [("All", status.rate())]
    rows += [(labels[key], rate) for key, rate in status.by_region().items() if rate.expected]
    rows += [(labels[key], rate) for key, rate in status.by_type().items() if rate.expected]
    return rows


COLUMNS = ["Entities", "Expected", "Valid", "Invalid", "Missing", "Submitted"]


def status_cells(label: str, rate: Rate) -> list[str]:
    """A row of the status table: the group, expected, valid, invalid, missing, share submitted."""
    return [
        label,
        f"{rate.expected:,}",
        f"{rate.counts[State.VALID]:,}",
        f"{rate.counts[State.INVALID]:,}",
        f"{rate.counts[State.MISSING]:,}",
        percent(rate.submitted, rate.expected),
    ]


def render_rich(status: Status, console: Console) -> None:
    console.print(Text(headline(status), style="bold"))
    table = Table()
    for index, column in enumerate(COLUMNS):
        table.add_column(column, justify="left" if index == 0 else "right")
    for label, rate in _rows(status):
        table.add_row(*status_cells(label, rate))
    console.print(table)
    for state, title in ((State.MISSING, "Missing"), (State.INVALID, "Submitted, but invalid")):
        items = status.of(state)
        if items:
            console.print(Text(f"{title} ({len(items)}):", style="bold"))
            for item in items:
                where = f" ({', '.join(item.paths)})" if item.paths else ""
                console.print(Text(f"  {item.entity.id}  {item.entity.name}{where}"), soft_wrap=True)
    if status.unexpected:
        console.print(Text(f"Submitted but not expected: {', '.join(status.unexpected)}", style="yellow"))


def render_markdown(status: Status) -> str:
    lines = [f"**{headline(status)}**", "", "| " + " | ".join(COLUMNS) + " |", "| --- |" + " ---: |" * 5]
    lines += ["| " + " | ".join(status_cells(label, rate)) + " |" for label, rate in _rows(status)]
    missing = status.of(State.MISSING)
    if missing:
        names = ", ".join(f"{markdown_text(i.entity.id)} ({markdown_text(i.entity.name)})" for i in missing)
        lines += ["", f"Missing ({len(missing)}): {names}"]
    return "\n".join(lines) + "\n"


def render_csv(status: Status) -> str:
    """One row per expected entity, with its state."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["year", "entity_id", "entity_name", "entity_type", "region", "state", "paths"])
    for item in status.entities:
        entity = item.entity
        cells = [
            entity.id,
            entity.name,
            entity.type.value,
            entity.region.value,
            item.state.value,
            ";".join(item.paths),
        ]
        writer.writerow([status.year, *(neutralise(cell) for cell in cells)])
    return out.getvalue()
