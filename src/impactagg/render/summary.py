"""A summary as tables (rich and Markdown), as CSV and as JSON. Pure functions of the summary."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from impactagg.aggregate import Breakdown, ExpectationRow, Summary, Tally
from impactagg.codes import CodeList, EntityType, Expectation, ImpactType, Region, StrategicGoal, Target


def percent(count: int, total: int) -> str:
    """A whole percent, rounded half up exactly (no float on the way), or '–' without a total."""
    if not total:
        return "–"
    return f"{(200 * count + total) // (2 * total)}%"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def count_and_percent(count: int, total: int) -> str:
    return f"{count:,} ({percent(count, total)})"


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


def header_lines(summary: Summary) -> list[str]:
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
    return lines


def _breakdown_table(title: str, first: str, breakdown: Breakdown, codes: type[CodeList]) -> Table:
    kinds = [EntityType.SECTION.value, EntityType.INTERNATIONAL_PROJECT.value]
    rows = []
    for code in codes:
        cells = [code.label]
        for kind in kinds:
            tally = breakdown.by_entity_type[kind]
            cells.append(count_and_percent(tally.counts[code.value], tally.total))
        cells.append(count_and_percent(breakdown.all.counts[code.value], breakdown.all.total))
        rows.append(cells)
    totals = [breakdown.by_entity_type[kind].total for kind in kinds]
    rows.append(["Total", *(f"{total:,}" for total in totals), f"{breakdown.all.total:,}"])
    return Table(title, [first, "Sections", "International projects", "All"], rows, [])


def _expectation_table(
    title: str, first: str, rows: dict[str, ExpectationRow], labels: dict[str, str]
) -> Table:
    table_rows = []
    for key, row in rows.items():
        cells = [labels[key], f"{row.outcomes:,}"]
        cells += [count_and_percent(row.counts.counts[code.value], row.outcomes) for code in Expectation]
        table_rows.append(cells)
    return Table(title, [first, "Outcomes", *(code.label for code in Expectation)], table_rows, [])


def _overall_row(tally: Tally) -> ExpectationRow:
    return ExpectationRow(tally)


def tables(summary: Summary) -> list[Table]:
    """The review's three questions as tables, in the order the review asks them."""
    influence = _breakdown_table("Who are we influencing?", "Target", summary.by_target, Target)
    action_rows = [
        [
            kind.label + "s",
            f"{figure.with_action:,} of {figure.entities:,}",
            percent(figure.with_action, figure.entities),
        ]
        for kind in EntityType
        for figure in [summary.government_action[kind.value]]
    ]
    action = Table(
        "Tangible government action",
        ["Entities", "Reported at least one", "Share"],
        action_rows,
        ["An entity counts when at least one of its outcomes is concrete action (specific or broad)."],
    )
    impact = _breakdown_table("What type of impact?", "Impact type", summary.by_impact_type, ImpactType)
    goals = {goal.value: f"Goal {goal.value}: {goal.label}" for goal in StrategicGoal}
    overall = _expectation_table(
        "Did we meet expectations?", "Outcomes of", {"all": _overall_row(summary.expectation)}, {"all": "All"}
    )
    by_goal = _expectation_table("Expectations by strategic goal", "Goal", summary.by_goal, goals)
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
    )
    return [influence, action, impact, overall, by_goal, by_region]


def render_rich(summary: Summary, console: Console, charts: bool = True) -> None:
    """The summary's tables for people; with ``charts``, a bar chart of the shares under each."""
    # Imported here: the chart modules import this one (for ``percent``).
    from impactagg.render.terminal_charts import summary_charts

    shown = tables(summary)
    drawn: list[RenderableType | None] = [*summary_charts(summary, console.width)] if charts else []
    for line in header_lines(summary):
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


def render_markdown(summary: Summary) -> str:
    lines = [f"# {header_lines(summary)[0]}", ""]
    lines += [f"- {line}" for line in header_lines(summary)[1:]]
    for table in tables(summary):
        lines += ["", f"## {table.title}", ""]
        lines.append("| " + " | ".join(_md_cell(c) for c in table.columns) + " |")
        lines.append("| " + " | ".join(["---"] + ["---:"] * (len(table.columns) - 1)) + " |")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        if table.notes:
            lines.append("")
            lines += table.notes
    return "\n".join(lines) + "\n"


def render_csv(summary: Summary) -> str:
    """One long table (figure, group, code, count, total, share) that pivots well in a spreadsheet.

    Every row repeats the year and the filters applied, so a row copied elsewhere keeps its meaning.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["year", "filters", "figure", "group", "code", "count", "total", "share"])
    filters = "; ".join(
        f"{key}={','.join(map(str, values))}" for key, values in summary.filters.to_dict().items() if values
    )

    def write(figure: str, group: str, code: str, count: int, total: int | None) -> None:
        shown = "" if not total else repr(count / total)
        writer.writerow(
            [summary.year, filters, figure, group, code, count, "" if total is None else total, shown]
        )

    for kind, submissions in summary.submissions.items():
        write("submissions", "all", kind, submissions, sum(summary.submissions.values()))
    write("outcomes", "all", "outcomes", summary.outcomes, None)
    write("corroborated", "all", "corroborated", summary.corroborated, summary.outcomes)
    for code, count in summary.expectation.counts.items():
        write("expectation", "all", code, count, summary.expectation.total)
    for figure, breakdown in (("by_target", summary.by_target), ("by_impact_type", summary.by_impact_type)):
        for group, tally in (("all", breakdown.all), *breakdown.by_entity_type.items()):
            for code, count in tally.counts.items():
                write(figure, group, code, count, tally.total)
    for figure, rows in (("by_goal", summary.by_goal), ("by_region", summary.by_region)):
        for group, row in rows.items():
            for code, count in row.counts.counts.items():
                write(figure, group, code, count, row.outcomes)
    for kind, action in summary.government_action.items():
        write("government_action", kind, "with_action", action.with_action, action.entities)
    for figure, goals, code in (
        ("least_deviation_goal", summary.least_deviation_goals, "met"),
        ("most_negative_goal", summary.most_negative_goals, "negative"),
    ):
        for goal in goals:
            row = summary.by_goal[str(goal)]
            write(figure, str(goal), code, row.counts.counts[code], row.outcomes)
    return out.getvalue()


def render_json(document: dict[str, object]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
