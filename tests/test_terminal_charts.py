"""The bar charts ``summarize`` draws under its tables: shares, glyphs, widths, and turning them off."""

from __future__ import annotations

import io
from functools import cache

import pytest
from rich.console import Console

from impactagg.aggregate import Filters, Summary
from impactagg.codes import Region
from impactagg.render.summary import render_rich
from impactagg.render.terminal_charts import GLYPHS, MAX_WIDTH, bar, split
from impactagg.summary_run import run_summary
from tests.conftest import SAMPLE_DATA, run_cli


@cache  # summaries are frozen: one read of the sample data serves every test
def _sample(filters: Filters | None = None) -> Summary:
    summary = run_summary([str(SAMPLE_DATA)], 2016, filters).summary
    assert summary is not None
    return summary


def _render(summary: Summary, width: int = 120, charts: bool = True, colour: bool = False) -> str:
    out = io.StringIO()
    console = Console(
        width=width,
        file=out,
        record=True,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
        no_color=not colour,  # conftest sets NO_COLOR; the colour test wants colour
        soft_wrap=True,
    )
    render_rich(summary, console, charts=charts)
    if colour:
        return out.getvalue()
    return console.export_text()


def _chart_lines(text: str) -> list[str]:
    """The lines that hold a bar or a legend, not a table."""
    return [line for line in text.splitlines() if any(g in line for g in "█▒░▏▎▍▌▋▊▉") and "│" not in line]


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_charts_fit_80_columns(width: int) -> None:
    lines = _chart_lines(_render(_sample(), width))
    assert len(lines) == 30  # 8 targets, 2 entity types, 6 impact types, 3 legends, 1 + 5 + 5 groups
    assert max(len(line) for line in lines) <= MAX_WIDTH


def test_without_charts_the_tables_are_unchanged() -> None:
    summary = _sample()
    plain = _render(summary, charts=False)
    assert _chart_lines(plain) == []
    drawn = _render(summary)
    # Charts only add lines: the tables and notes are all there, in the same order.
    remaining = iter(drawn.splitlines())
    assert all(line in remaining for line in plain.splitlines())


def test_one_chart_under_each_table() -> None:
    text = _render(_sample())
    sections = text.split("\n\n")
    assert len(sections) == 7  # the header, then six tables each with its chart
    for section in sections[1:]:
        assert _chart_lines(section), section


def test_bars_are_proportional_to_the_shares() -> None:
    text = _render(_sample())
    rows = {line.split("  ")[0].strip(): line for line in _chart_lines(text)}
    # Sections: general public 39% is the largest share of either column, so it fills its bar.
    general_public = rows["General public"]
    assert "████████████████████████  39%" in general_public
    # Government 29% of sections is 29/39 of that bar: 17.8 columns.
    assert "██████████████████▏       29%" in rows["Government"]
    assert rows["Corporate"].endswith("0%")


def test_expectation_bars_split_exactly_and_read_without_colour() -> None:
    text = _render(_sample())
    legend = f"{GLYPHS['exceeded'] * 2} Exceeded  {GLYPHS['met'] * 2} Met  {GLYPHS['negative'] * 2} Negative"
    assert text.count(legend) == 3
    (everything,) = [line for line in text.splitlines() if line.startswith("All █")]
    bar_text = everything[4:]
    assert len(bar_text) == MAX_WIDTH - 4
    # 172, 154 and 24 of 350 outcomes over 76 columns: 37.3, 33.4, 5.2 -> 37, 34, 5.
    assert (bar_text.count("█"), bar_text.count("▒"), bar_text.count("░")) == (37, 34, 5)


def test_a_group_without_outcomes_says_so() -> None:
    text = _render(_sample(Filters(regions=frozenset({Region.AFRICA}))))
    assert "Americas                     no outcomes" in text


def test_charts_use_the_report_colours() -> None:
    coloured = _render(_sample(), colour=True)
    assert "38;2;0;68;136m" in coloured  # exceeded: #004488, as in the HTML report
    assert "38;2;17;119;51m" in coloured  # sections: #117733


def test_split_and_bar() -> None:
    assert split([172, 154, 24], 76) == [37, 34, 5]
    assert split([1, 1, 1], 10) == [4, 3, 3]  # the earlier segment wins a tie
    assert split([0, 0, 0], 10) == [0, 0, 0]
    assert sum(split([3, 5, 7, 11], 53)) == 53
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 3) == "█▌ "
    assert bar(0.0, 3) == "   "


def test_summarize_no_charts_leaves_the_tables() -> None:
    with_charts = run_cli("summarize", "--data", str(SAMPLE_DATA), "--year", "2016")
    without = run_cli("summarize", "--data", str(SAMPLE_DATA), "--year", "2016", "--no-charts")
    assert with_charts.exit_code == without.exit_code == 0
    assert len(_chart_lines(with_charts.stdout)) == 30
    assert _chart_lines(without.stdout) == []
    # The reporting status (sample_data has a registry) comes first, then the tables alone.
    status, tables = without.stdout.split("\n\n", 1)
    assert status.startswith("Reporting status 2016: 80 of 84")
    assert tables == _render(_sample(), charts=False)
