"""Compact bar charts of a summary's shares for the terminal, drawn with rich's text alone.

One chart goes under each table ``summarize`` prints, in the same order as
:func:`impactagg.render.summary.tables`. Charts are at most 80 columns wide, use the report's
colours, and also differ by glyph, so they read the same without colour (``NO_COLOR``, a
greyscale printout, a colour-blind reader).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from impactagg.aggregate import Breakdown, ExpectationRow, Summary
from impactagg.codes import EntityType, Expectation, ImpactType, Region, StrategicGoal, Target
from impactagg.render.charts import ENTITY_SWATCHES, EXPECTATION_SWATCHES
from impactagg.render.summary import percent

MAX_WIDTH = 80
_EIGHTHS = " ▏▎▍▌▋▊▉"  # partial blocks: a bar's length in eighths of a column
_FULL = "█"

# Rating glyphs from dark to light, so the three stay apart without colour.
GLYPHS = {Expectation.EXCEEDED.value: "█", Expectation.MET.value: "▒", Expectation.NEGATIVE.value: "░"}

# Impact type labels short enough to leave the bars room in 80 columns; the table above the
# chart gives the full ones, row for row.
_SHORT = {
    ImpactType.CONCRETE_ACTION_SPECIFIC.value: "Concrete action (specific)",
    ImpactType.CONCRETE_ACTION_BROAD.value: "Concrete action (broad)",
}
_LABEL_LIMIT = 28


def _label(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def bar(fraction: float, width: int) -> str:
    """A bar of ``fraction`` (0-1) of ``width`` columns, to the nearest eighth of a column."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return (_FULL * full + (_EIGHTHS[rest] if rest else "")).ljust(width)


def split(counts: Sequence[int], width: int) -> list[int]:
    """Columns for each count, summing to ``width`` exactly (largest remainder first)."""
    total = sum(counts)
    if not total:
        return [0 for _ in counts]
    exact = [count * width / total for count in counts]
    cells = [int(value) for value in exact]
    # Earlier segments win ties, so the same counts always give the same bar.
    order = sorted(range(len(counts)), key=lambda index: (-(exact[index] - cells[index]), index))
    for index in order[: width - sum(cells)]:
        cells[index] += 1
    return cells


def _label_width(labels: Sequence[str]) -> int:
    return min(_LABEL_LIMIT, max(len(label) for label in labels))


def breakdown_chart(breakdown: Breakdown, labels: dict[str, str], width: int = MAX_WIDTH) -> Group:
    """Each code's share of the outcomes of sections and of international projects, side by side.

    Both columns share one scale (the largest share fills a bar), so their bars compare.
    """
    kinds = list(EntityType)
    label_width = _label_width(list(labels.values()))
    column = (min(width, MAX_WIDTH) - label_width) // len(kinds)  # a bar, a space, a percent, a gap
    bar_width = max(4, column - 7)
    shares = [breakdown.by_entity_type[kind.value].share(code) or 0.0 for code in labels for kind in kinds]
    top = max(shares, default=0.0) or 1.0
    head = Text(" " * label_width)
    for kind in kinds:
        head.append(" " + _label(kind.label + "s", column - 1).ljust(column - 1), style="bold")
    lines = [head]
    for code, label in labels.items():
        line = Text(_label(label, label_width).ljust(label_width))
        for kind in kinds:
            tally = breakdown.by_entity_type[kind.value]
            line.append(" ")
            line.append(
                bar((tally.share(code) or 0.0) / top, bar_width), style=ENTITY_SWATCHES[kind.value].fill
            )
            line.append(f" {percent(tally.counts[code], tally.total):>4} ")
        lines.append(line)
    return _group(lines)


def government_action_chart(summary: Summary, width: int = MAX_WIDTH) -> Group:
    """The share of sections and of international projects with tangible government action."""
    labels = {kind.value: kind.label + "s" for kind in EntityType}
    label_width = _label_width(list(labels.values()))
    bar_width = min(width, MAX_WIDTH) - label_width - 19  # room for " 999 of 999 (100%)"
    lines = []
    for kind, label in labels.items():
        figure = summary.government_action[kind]
        fraction = figure.with_action / figure.entities if figure.entities else 0.0
        line = Text(label.ljust(label_width) + " ")
        line.append(bar(fraction, bar_width), style=ENTITY_SWATCHES[kind].fill)
        line.append(
            f" {figure.with_action:,} of {figure.entities:,} ({percent(figure.with_action, figure.entities)})"
        )
        lines.append(line)
    return _group(lines)


def expectation_chart(
    rows: dict[str, ExpectationRow], labels: dict[str, str], width: int = MAX_WIDTH
) -> Group:
    """A 100% bar per row, split into exceeded, met and negative, with a legend."""
    codes = [code.value for code in Expectation]
    label_width = _label_width([labels[key] for key in rows])
    bar_width = min(width, MAX_WIDTH) - label_width - 1
    legend = Text(" " * (label_width + 1))
    for rating in Expectation:
        legend.append(GLYPHS[rating.value] * 2, style=EXPECTATION_SWATCHES[rating.value].fill)
        legend.append(f" {rating.label}  ")
    lines = [legend]
    for key, row in rows.items():
        line = Text(_label(labels[key], label_width).ljust(label_width) + " ")
        if not row.outcomes:
            line.append("no outcomes", style="dim")
        for code, cells in zip(codes, split([row.counts.counts[c] for c in codes], bar_width), strict=True):
            line.append(GLYPHS[code] * cells, style=EXPECTATION_SWATCHES[code].fill)
        lines.append(line)
    return _group(lines)


def _group(lines: list[Text]) -> Group:
    for line in lines:
        line.rstrip()  # in place: no trailing blanks for a terminal to wrap or a diff to show
    return Group(*lines)


def summary_charts(summary: Summary, width: int = MAX_WIDTH) -> list[RenderableType]:
    """One chart per table of :func:`impactagg.render.summary.tables`, in the same order."""
    targets = {code.value: code.label for code in Target}
    impact = {code.value: _SHORT.get(code.value, code.label) for code in ImpactType}
    goals = {goal.value: f"Goal {goal.value}" for goal in StrategicGoal}
    regions = {region.value: region.label for region in Region}
    return [
        breakdown_chart(summary.by_target, targets, width),
        government_action_chart(summary, width),
        breakdown_chart(summary.by_impact_type, impact, width),
        expectation_chart({"all": ExpectationRow(summary.expectation)}, {"all": "All"}, width),
        expectation_chart(summary.by_goal, goals, width),
        expectation_chart(summary.by_region, regions, width),
    ]
