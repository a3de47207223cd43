"""A summary as tables (rich and Markdown), as CSV and as JSON. Pure functions of the summary."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from rich.console import Console, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from impactagg.aggregate import Breakdown, ExpectationRow, Summary, Tally
from impactagg.codes import CodeList, EntityType, Expectation, ImpactType, Region, StrategicGoal, Target
from impactagg.selection import Excluded


def percent(count: int, total: int) -> str:
    """A whole percent, rounded half up exactly (no float on the way), or '–' without a total."""
    if not total:
        return "–"
    return f"{(200 * count + total) // (2 * total)}%"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def count_and_percent(count: int, total: int, before: tuple[int, int] | None = None) -> str:
    """'172 (49%)', and with last year's count and total '172 (49%, +4 pp)'."""
    if before is None:
        return f"{count:,} ({percent(count, total)})"
    return f"{count:,} ({percent(count, total)}, {points(count, total, *before)})"


def points(count: int, total: int, before_count: int, before_total: int) -> str:
    """The change of a share in whole percentage points, exact and rounded half away from zero."""
    if not total or not before_total:
        return "– pp"
    change = Fraction(100 * count, total) - Fraction(100 * before_count, before_total)
    whole = int(abs(change) + Fraction(1, 2))
    if whole == 0:
        return "±0 pp"
    return f"{'+' if change > 0 else '−'}{whole} pp"


def _names(goals: Sequence[int]) -> str:
    if not goals:
        return "none"
    numbers = [str(goal) for goal in goals]
    joined = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"
    label = "goal" if len(numbers) == 1 else "goals"
    meanings = "; ".join(StrategicGoal.from_number(goal).label for goal in goals)
    return f"{label} {joined} ({meanings})"


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str]


def header_lines(summary: Summary, previous: Summary | None = None) -> list[str]:
    sections = summary.submissions[EntityType.SECTION.value]
    projects = summary.submissions[EntityType.INTERNATIONAL_PROJECT.value]
    lines = [
        f"Impact review {summary.year}",
        f"Submissions: {sections + projects:,} ({_plural(sections, 'section')}, "
        f"{_plural(projects, 'international project')})",
        f"Outcomes: {summary.outcomes:,}; corroborated by at least one stakeholder: "
        f"{count_and_percent(summary.corroborated, summary.outcomes)}",
    ]
    if summary.filters.active:
        chosen = [
            f"{key} {', '.join(map(str, values))}"
            for key, values in summary.filters.to_dict().items()
            if values
        ]
        lines.append(f"Filtered to: {'; '.join(chosen)}")
    if summary.linked_reports:
        lines.append(
            f"Distinct changes: {summary.distinct_changes:,} ({summary.linked_reports:,} reports linked as "
            "the same change by related_outcomes; the tables count reports)"
        )
    if previous is not None:
        lines.append(
            f"Compared with {previous.year} ({previous.outcomes:,} outcomes): each share is followed by its "
            "change in percentage points"
        )
    return lines


def _was(tally: Tally | None, code: str) -> tuple[int, int] | None:
    return None if tally is None else (tally.counts[code], tally.total)


def _breakdown_table(
    title: str, first: str, breakdown: Breakdown, codes: type[CodeList], before: Breakdown | None = None
) -> Table:
    kinds = [EntityType.SECTION.value, EntityType.INTERNATIONAL_PROJECT.value]
    rows = []
    for code in codes:
        cells = [code.label]
        for kind in kinds:
            tally = breakdown.by_entity_type[kind]
            earlier = before.by_entity_type[kind] if before is not None else None
            cells.append(count_and_percent(tally.counts[code.value], tally.total, _was(earlier, code.value)))
        earlier_all = before.all if before is not None else None
        cells.append(
            count_and_percent(
                breakdown.all.counts[code.value], breakdown.all.total, _was(earlier_all, code.value)
            )
        )
        rows.append(cells)
    totals = [breakdown.by_entity_type[kind].total for kind in kinds]
    rows.append(["Total", *(f"{total:,}" for total in totals), f"{breakdown.all.total:,}"])
    return Table(title, [first, "Sections", "International projects", "All"], rows, [])


def _expectation_table(
    title: str,
    first: str,
    rows: dict[str, ExpectationRow],
    labels: dict[str, str],
    before: dict[str, ExpectationRow] | None = None,
) -> Table:
    table_rows = []
    for key, row in rows.items():
        earlier = before[key].counts if before is not None else None
        cells = [labels[key], f"{row.outcomes:,}"]
        cells += [
            count_and_percent(row.counts.counts[code.value], row.outcomes, _was(earlier, code.value))
            for code in Expectation
        ]
        table_rows.append(cells)
    return Table(title, [first, "Outcomes", *(code.label for code in Expectation)], table_rows, [])


def _overall_row(tally: Tally) -> ExpectationRow:
    return ExpectationRow(tally)


def tables(summary: Summary, previous: Summary | None = None) -> list[Table]:
    """The review's three questions as tables, in the order the review asks them; with
    ``previous``, each share is followed by its change since that year."""
    influence = _breakdown_table(
        "Who are we influencing?",
        "Target",
        summary.by_target,
        Target,
        previous.by_target if previous else None,
    )
    action_rows = []
    for kind in EntityType:
        figure = summary.government_action[kind.value]
        shown = percent(figure.with_action, figure.entities)
        if previous is not None:
            was = previous.government_action[kind.value]
            shown += f" ({points(figure.with_action, figure.entities, was.with_action, was.entities)})"
        action_rows.append([kind.label + "s", f"{figure.with_action:,} of {figure.entities:,}", shown])
    action = Table(
        "Tangible government action",
        ["Entities", "Reported at least one", "Share"],
        action_rows,
        ["An entity counts when at least one of its outcomes is concrete action (specific or broad)."],
    )
    impact = _breakdown_table(
        "What type of impact?",
        "Impact type",
        summary.by_impact_type,
        ImpactType,
        previous.by_impact_type if previous else None,
    )
    goals = {goal.value: f"Goal {goal.value}: {goal.label}" for goal in StrategicGoal}
    overall = _expectation_table(
        "Did we meet expectations?",
        "Outcomes of",
        {"all": _overall_row(summary.expectation)},
        {"all": "All"},
        {"all": _overall_row(previous.expectation)} if previous else None,
    )
    by_goal = _expectation_table(
        "Expectations by strategic goal",
        "Goal",
        summary.by_goal,
        goals,
        previous.by_goal if previous else None,
    )
    by_goal.notes.extend(
        [
            "Least deviation from expectations (highest share met): "
            f"{_names(summary.least_deviation_goals)}.",
            f"Largest share of negative outcomes: {_names(summary.most_negative_goals)}.",
        ]
    )
    by_region = _expectation_table(
        "Expectations by region",
        "Region",
        summary.by_region,
        {region.value: region.label for region in Region},
        previous.by_region if previous else None,
    )
    return [influence, action, impact, overall, by_goal, by_region]


def render_rich(
    summary: Summary, console: Console, charts: bool = True, previous: Summary | None = None
) -> None:
    """The summary's tables for people; with ``charts``, a bar chart of the shares under each."""
    # Imported here: the chart modules import this one (for ``percent``).
    from impactagg.render.terminal_charts import summary_charts

    shown = tables(summary, previous)
    drawn: list[RenderableType | None] = [*summary_charts(summary, console.width)] if charts else []
    for line in header_lines(summary, previous):
        console.print(Text(line, style="bold" if line.startswith("Impact review") else ""))
    for table, chart in zip(shown, drawn or [None] * len(shown), strict=True):
        rich_table = RichTable(title=table.title, title_justify="left", title_style="bold")
        for index, column in enumerate(table.columns):
            rich_table.add_column(column, justify="left" if index == 0 else "right")
        for row in table.rows:
            rich_table.add_row(*row, style="bold" if row[0] == "Total" else None)
        console.print()
        console.print(rich_table)
        if chart is not None:
            console.print(chart)
        for note in table.notes:
            console.print(Text(note))


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(summary: Summary, previous: Summary | None = None, preamble: Sequence[str] = ()) -> str:
    header = header_lines(summary, previous)
    lines = [f"# {header[0]}", ""]
    lines += [f"- {_md_cell(line)}" for line in [*preamble, *header[1:]]]
    for table in tables(summary, previous):
        lines += ["", f"## {table.title}", ""]
        lines.append("| " + " | ".join(_md_cell(c) for c in table.columns) + " |")
        lines.append("| " + " | ".join(["---"] + ["---:"] * (len(table.columns) - 1)) + " |")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        if table.notes:
            lines.append("")
            lines += table.notes
    return "\n".join(lines) + "\n"


def render_csv(summary: Summary, previous: Summary | None = None, excluded: Sequence[Excluded] = ()) -> str:
    """One long table (year, filters, figure, group, code, count, total, share) that pivots well in a
    spreadsheet; with ``previous``, that year's rows follow.

    Every row repeats the year and the filters applied, so a row copied elsewhere keeps its meaning.
    """
    out = io.StringIO()
    columns = ["year", "filters", "figure", "group", "code", "count", "total", "share"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    if excluded:  # what the figures leave out, so a saved table says so itself
        for code, count in (
            ("submissions", len(excluded)),
            ("outcomes", sum(item.outcomes for item in excluded)),
        ):
            writer.writerow(
                {
                    "year": summary.year,
                    "filters": "",
                    "figure": "excluded",
                    "group": "invalid",
                    "code": code,
                    "count": count,
                    "total": "",
                    "share": "",
                }
            )
    for shown in (summary, previous):
        if shown is None:
            continue
        filters = "; ".join(
            f"{key}={','.join(map(str, values))}" for key, values in shown.filters.to_dict().items() if values
        )
        for row in shown.rows():
            share = row["share"]
            writer.writerow(
                {
                    **row,
                    "filters": filters,
                    "total": "" if row["total"] is None else row["total"],
                    "share": "" if share is None else repr(share),
                }
            )
    return out.getvalue()


def render_json(document: dict[str, object]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
