"""``impactagg report``: the report's core, the command, and the page as a browser shows it."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import itertools
import json
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

from impactagg.aggregate import Filters
from impactagg.codes import EntityType, Expectation, ImpactType, Region
from impactagg.render.charts import ENTITY_SWATCHES, EXPECTATION_SWATCHES, STATE_SWATCHES, description
from impactagg.render.charts import svg as svg_of
from impactagg.render.report_html import (
    CSP,
    key_figures,
    markdown_name,
    markdown_text,
    render_html,
    render_markdown,
    report_charts,
)
from impactagg.render.summary import percent
from impactagg.report import ReportData, build_report
from impactagg.summary_run import run_summary
from tests.builders import KNOWN, submission_data, write_yaml
from tests.conftest import INVALID, SAMPLE_DATA, Result, run_cli

# Would retitle the page and add an element, if it ever ran.
SCRIPT = (
    "<script>"
    'document.title="pwned";document.body.insertAdjacentHTML("beforeend","<p id=ran>ran</p>")'
    "</script>"
)
INJECTED = '<b id="injected">bold</b>'


def run_report(*args: str) -> Result:
    return run_cli("report", *args)


@pytest.fixture
def known(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for entity in KNOWN:
        write_yaml(folder, submission_data(*entity))
    return folder


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A year whose submission text tries to become markup and script."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    data = submission_data(
        "S1", "section", "africa", [("concrete_action_specific", 1, "met", "government", True)]
    )
    data["entity"]["name"] = f"Section {INJECTED} & co"
    outcome = data["outcomes"][0]
    outcome["title"] = f"Title {SCRIPT}"
    outcome["description"] = f"Description {SCRIPT} {INJECTED} [link](http://example.invalid) *stars*"
    outcome["corroborated_by"] = [f"Partner {INJECTED}"]
    write_yaml(folder, data)
    return folder


@cache  # the report's data is frozen: one read of the sample data serves every test
def _sample() -> ReportData:
    return build_report(run_summary([str(SAMPLE_DATA)], 2016))


# --- The core -------------------------------------------------------------------------------


def test_the_page_is_the_same_bytes_for_the_same_data() -> None:
    again = build_report(run_summary([str(SAMPLE_DATA)], 2016))  # read afresh
    assert render_html(again) == render_html(_sample())
    assert render_markdown(again) == render_markdown(_sample())


def test_the_page_needs_nothing_from_elsewhere() -> None:
    page = render_html(_sample())
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert "<script" not in page.lower()
    # The only URL is the SVG namespace, which names and never fetches; every link is in-page.
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}
    assert all(target.startswith("#") for target in re.findall(r'(?:href|src)="([^"]*)"', page))
    assert "@media print" in page and "break-inside: avoid" in page


def test_every_chart_has_a_title_a_text_alternative_and_its_numbers() -> None:
    data = _sample()
    page = render_html(data)
    charts = report_charts(data)
    assert [c.slug for c in charts] == [
        "targets",
        "government-action",
        "impact-types",
        "expectations",
        "expectations-by-goal",
        "expectations-by-region",
        "reporting",  # sample_data has a registry of expected entities
        "corroboration",
    ]
    for chart in charts:
        match = re.search(rf'<svg [^>]*id="chart-{chart.slug}".*?</svg>', page)
        assert match, chart.slug
        svg = match.group(0)
        assert 'role="img"' in svg and f'aria-labelledby="{chart.slug}-title {chart.slug}-desc"' in svg
        assert f'<title id="{chart.slug}-title">' in svg and f'<desc id="{chart.slug}-desc">' in svg
        assert ">0%</text>" in svg  # a labelled axis
    by_goal = re.search(r'<svg [^>]*id="chart-expectations-by-goal".*?</svg>', page)
    assert by_goal is not None
    # The text alternative carries every number; the bars show them too.
    assert "Goal 1: Reclaiming freedoms: 85 outcomes; exceeded 37 (44%), met 45 (53%), negative 3 (4%)." in (
        by_goal.group(0)
    )
    assert ">53%</text>" in by_goal.group(0)


def test_each_rating_has_one_colour_everywhere_and_the_colours_differ_in_lightness() -> None:
    page = render_html(_sample())
    for slug in ("expectations", "expectations-by-goal", "expectations-by-region"):
        svg = re.search(rf'<svg [^>]*id="chart-{slug}".*?</svg>', page)
        assert svg is not None
        assert EXPECTATION_SWATCHES["exceeded"].fill in svg.group(0)
        assert EXPECTATION_SWATCHES["met"].fill in svg.group(0)

    def lightness(colour: str) -> float:
        red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    # Told apart in greyscale: each pair of a chart's fills differs clearly in lightness.
    for swatches in (EXPECTATION_SWATCHES, ENTITY_SWATCHES, STATE_SWATCHES):
        values = sorted(lightness(s.fill) for s in swatches.values())
        assert all(b - a > 0.15 for a, b in itertools.pairwise(values)), values
    for one, other in itertools.combinations((EXPECTATION_SWATCHES, ENTITY_SWATCHES, STATE_SWATCHES), 2):
        assert {s.fill for s in one.values()}.isdisjoint(s.fill for s in other.values())


def test_headline_figures_are_summarize_figures() -> None:
    data = _sample()
    figures = {figure.key: figure.number for figure in key_figures(data)}
    assert all(figure.was is None for figure in key_figures(data))  # nothing compared
    assert figures == {
        "outcomes": "350",
        "submissions": "80",
        "government_action.section": "70%",
        "government_action.international_project": "43%",
        "expectation.exceeded": "49%",
        "expectation.met": "44%",
        "expectation.negative": "7%",
        "corroborated": "33%",
    }


def test_coverage_and_corroboration_agree_with_the_summary() -> None:
    data = _sample()
    summary = data.summary
    coverage = data.coverage
    for kind in EntityType:
        assert sum(coverage.submissions[region][kind] for region in Region) == summary.submissions[kind.value]
    assert sum(coverage.outcomes.values()) == summary.outcomes
    assert {region.value: coverage.outcomes[region] for region in Region} == {
        key: row.outcomes for key, row in summary.by_region.items()
    }
    everything = data.corroboration[None]
    assert sum(r.count for r in everything.values()) == summary.corroborated
    assert sum(r.total for r in everything.values()) == summary.outcomes
    for impact_type in ImpactType:
        assert (
            sum(r.total for r in data.corroboration[impact_type].values())
            == (summary.by_impact_type.all.counts[impact_type.value])
        )
    assert coverage.without_outcomes == ["Amnesty International Mongolia"]


def test_examples_are_the_best_outcomes_of_distinct_entities() -> None:
    data = _sample()
    for impact_type, examples in data.examples.items():
        assert len(examples) == 3
        assert all(e.impact_type is impact_type for e in examples)
        assert len({e.entity_name for e in examples}) == 3
        assert len({e.region for e in examples}) == 3
        assert all(e.corroborated_by for e in examples)  # sample data has corroborated ones of every type
    page = render_html(data)
    first = data.examples[ImpactType.CONCRETE_ACTION_SPECIFIC][0]
    assert f'<li data-outcome="{first.outcome_id}"><strong>' in page


def test_examples_follow_the_filters(known: Path) -> None:
    run = run_summary([str(known)], 2016, Filters(goals=frozenset({3})))
    examples = build_report(run).examples
    chosen = [e for found in examples.values() for e in found]
    assert {e.outcome_id for e in chosen} == {"P1-2016-01", "P1-2016-02"}
    assert examples[ImpactType.ENHANCED_CAPACITY] == []
    assert "No outcome of this type." in render_html(build_report(run))


def test_examples_prefer_corroborated_then_exceeded(tmp_path: Path) -> None:
    rows = [
        ("increased_dialogue", 1, "negative", "government", False),
        ("increased_dialogue", 1, "exceeded", "government", False),
        ("increased_dialogue", 1, "met", "government", True),
    ]
    for index, row in enumerate(rows):
        write_yaml(tmp_path, submission_data(f"S{index}", "section", "africa", [row]))
    examples = build_report(run_summary([str(tmp_path)], 2016)).examples[ImpactType.INCREASED_DIALOGUE]
    assert [e.outcome_id for e in examples] == ["S2-2016-01", "S1-2016-01", "S0-2016-01"]
    assert [e.expectation for e in examples] == [Expectation.MET, Expectation.EXCEEDED, Expectation.NEGATIVE]


def test_two_reports_of_one_change_are_not_both_examples(tmp_path: Path) -> None:
    row = ("concrete_action_broad", 3, "exceeded", "government", True)
    section = submission_data("S1", "section", "africa", [row])
    project = submission_data("P1", "international_project", "americas", [row])
    section["outcomes"][0]["related_outcomes"] = ["p1-2016-01"]  # ids match whatever their case
    project["outcomes"][0]["related_outcomes"] = ["S1-2016-01"]
    write_yaml(tmp_path, section)
    write_yaml(tmp_path, project)
    data = build_report(run_summary([str(tmp_path)], 2016))
    assert [e.outcome_id for e in data.examples[ImpactType.CONCRETE_ACTION_BROAD]] == ["P1-2016-01"]
    assert "2 of the outcomes are linked reports of a shared change, and all 2 describe 1 distinct" in (
        render_html(data)
    )


def test_an_empty_selection_still_renders(known: Path) -> None:
    run = run_summary([str(known)], 2016, Filters(regions=frozenset({Region.ASIA_PACIFIC})))
    page = render_html(build_report(run))
    assert "no outcomes" in page
    assert '<span class="number">0</span>' in page
    assert "Filtered to: region asia_pacific." in page


def test_submission_text_is_escaped_in_html(hostile: Path) -> None:
    page = render_html(build_report(run_summary([str(hostile)], 2016)))
    assert "<script" not in page and "<b id=" not in page
    assert "Title &lt;script&gt;document.title=&quot;pwned&quot;;" in page
    assert "Section &lt;b id=&quot;injected&quot;&gt;bold&lt;/b&gt; &amp; co" in page


def test_submission_text_is_literal_in_markdown(hostile: Path) -> None:
    files = render_markdown(build_report(run_summary([str(hostile)], 2016)))
    text = files[markdown_name(build_report(run_summary([str(hostile)], 2016)))]
    assert re.search(r"(?<!\\)<", text) is None  # every < is a literal one: no tag, no script
    assert "\\<script\\>" in text and "\\[link\\](http://example.invalid) \\*stars\\*" in text
    assert markdown_text("a_b *c*\nd") == "a\\_b \\*c\\* d"


def test_markdown_refers_to_one_standalone_svg_per_chart() -> None:
    data = _sample()
    files = render_markdown(data)
    names = list(files)
    assert names[0] == "impact-review-2016.md"
    slugs = [chart.slug for chart in report_charts(data)]
    assert names[1:] == [f"{slug}.svg" for slug in slugs]
    markdown = files[names[0]]
    for slug in slugs:
        assert f"]({slug}.svg)" in markdown
        assert files[f"{slug}.svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        ElementTree.fromstring(files[f"{slug}.svg"])  # well-formed XML, as an .svg file must be
    assert markdown.startswith("# Impact review 2016\n\n- **350** significant outcomes\n")
    assert "| Goal 1: Reclaiming freedoms | 85 | 37 (44%) | 45 (53%) | 3 (4%) |" in markdown
    assert "## Example outcomes" in markdown


# --- The command ----------------------------------------------------------------------------


def test_report_writes_the_library_page(known: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = run_report("--data", str(known), "--year", "2016", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"Wrote {out}." in result.stderr
    assert out.read_text(encoding="utf-8") == render_html(build_report(run_summary([str(known)], 2016)))
    assert run_report("--data", str(known), "-o", str(out)).exit_code == 2  # exists, no --force
    assert run_report("--data", str(known), "-o", str(out), "--force").exit_code == 0


def test_report_prints_the_page_without_output(known: Path) -> None:
    result = run_report("--data", str(known))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>\n")


def test_report_takes_summarize_filters(known: Path) -> None:
    result = run_report("--data", str(known), "--region", "africa", "--goal", "1", "--entity-type", "section")
    assert result.exit_code == 0, result.stderr
    assert "Filtered to: region africa; goal 1; entity_type section." in result.stdout
    assert '<li class="figure" data-figure="outcomes"><span class="number">1</span>' in result.stdout


def test_markdown_goes_into_a_folder(known: Path, tmp_path: Path) -> None:
    folder = tmp_path / "review"
    result = run_report("--data", str(known), "--format", "markdown", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    expected = render_markdown(build_report(run_summary([str(known)], 2016)))
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    assert (folder / "impact-review-2016.md").read_text(encoding="utf-8") == expected["impact-review-2016.md"]
    (folder / "targets.svg").write_text("mine", encoding="utf-8")
    again = run_report("--data", str(known), "--format", "markdown", "-o", str(folder))
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr
    assert (folder / "targets.svg").read_text(encoding="utf-8") == "mine"  # nothing written
    assert run_report("--data", str(known), "-f", "markdown", "-o", str(folder), "--force").exit_code == 0
    assert (folder / "targets.svg").read_text(encoding="utf-8") == expected["targets.svg"]


def test_markdown_needs_a_folder(known: Path, tmp_path: Path) -> None:
    assert run_report("--data", str(known), "--format", "markdown").exit_code == 2
    a_file = tmp_path / "file.md"
    a_file.write_text("", encoding="utf-8")
    result = run_report("--data", str(known), "--format", "markdown", "-o", str(a_file))
    assert result.exit_code == 2 and "is a file" in result.stderr
    missing = tmp_path / "no" / "such"
    assert run_report("--data", str(known), "--format", "markdown", "-o", str(missing)).exit_code == 2


def test_invalid_data_blocks_the_report_unless_skipped(known: Path, tmp_path: Path) -> None:
    broken = known / "unknown-goal.yaml"
    broken.write_bytes((INVALID / "unknown-goal.yaml").read_bytes())
    result = run_report("--data", str(known))
    assert result.exit_code == 1
    assert "refusing to report while submissions are invalid" in result.stderr
    assert result.stdout == ""
    skipped = run_report("--data", str(known), "--skip-invalid", "--year", "2016")
    assert skipped.exit_code == 0, skipped.stderr
    assert "Left out 1 invalid submission(s)" in skipped.stderr
    assert "invalid submissions (1 outcomes) were left out" in skipped.stdout.replace(
        "1 invalid", "1 invalid"
    )


def test_data_sources_and_exit_codes_are_summarize_ones(tmp_path: Path) -> None:
    assert run_report("--data", str(tmp_path / "missing")).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    write_yaml(empty, submission_data("S1", "section", "africa", [], year=2015))
    result = run_report("--data", str(empty), "--year", "2016")
    assert result.exit_code == 1 and "no valid submissions for 2016" in result.stderr


def test_report_help_names_its_options() -> None:
    result = run_report("--help")
    assert result.exit_code == 0
    for option in ("--year", "--data", "--region", "--goal", "--entity-type", "--skip-invalid", "--format"):
        assert option in result.stdout
    assert "--output" in result.stdout and "--force" in result.stdout


# --- Compared with another year ---------------------------------------------------------------


def _two_years(folder: Path) -> Path:
    """2016 is the known year; 2015 has S1 (Africa, four outcomes), P1 (Americas, none) and S4
    (Asia and the Pacific, one outcome). So the Middle East and North Africa has outcomes only in
    2016, and Asia and the Pacific only in 2015.

    2016: 5 outcomes, exceeded 1 (20%), met 2 (40%), negative 2 (40%), corroborated 1 (20%);
    sections with government action 1 of 3, projects 1 of 1.
    2015: 5 outcomes, exceeded 2 (40%), met 2 (40%), negative 1 (20%), corroborated 2 (40%);
    sections with government action 1 of 2, projects 0 of 1.
    """
    folder.mkdir(exist_ok=True)
    for entity in KNOWN:
        write_yaml(folder, submission_data(*entity))
    rows_2015 = [
        ("concrete_action_specific", 1, "exceeded", "government", False),
        ("increased_dialogue", 2, "met", "government", False),
        ("increased_dialogue", 2, "met", "general_public", True),
        ("enhanced_capacity", 2, "negative", "civil_society", False),
    ]
    write_yaml(folder, submission_data("S1", "section", "africa", rows_2015, year=2015))
    write_yaml(folder, submission_data("P1", "international_project", "americas", [], year=2015))
    asia = [("strengthened_calls", 4, "exceeded", "other_government", True)]
    write_yaml(folder, submission_data("S4", "section", "asia_pacific", asia, year=2015))
    return folder


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    return _two_years(tmp_path / "two-years")


def _compared(folder: Path, filters: Filters | None = None) -> ReportData:
    return build_report(
        run_summary([str(folder)], 2016, filters), previous=run_summary([str(folder)], 2015, filters)
    )


def _cells(page: str, caption: str, label: str) -> list[str]:
    """The cells (inner HTML) of a row of the table with this caption."""
    table = re.search(rf"<caption>{re.escape(caption)}</caption>.*?</table>", page)
    assert table, caption
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', table.group(0))
    assert row, label
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def _was(text: str) -> str:
    return f'<span class="was">{text}</span>'


def _pp(change: float) -> str:
    whole = int(abs(change) + 0.5)
    return "±0 pp" if whole == 0 else f"{'+' if change > 0 else '−'}{whole} pp"


def _expected_figures(document: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """The headline figures as (number, what it was) the page should show, worked out from
    summarize's JSON and its "compare" block (``was`` is None when nothing is compared)."""
    totals, expectation, action = document["totals"], document["expectation"], document["government_action"]
    compare = document.get("compare")
    then = compare["figures"] if compare else {}
    change = compare["change_pp"] if compare else {}

    def was(count: int, total: int, pp: float | None) -> str | None:
        if not compare:
            return None
        if not total:
            return f"{compare['year']}: –"
        return f"{compare['year']}: {percent(count, total)}, {'– pp' if pp is None else _pp(pp)}"

    def counted(key: str) -> str | None:
        return f"{compare['year']}: {then['totals'][key]:,}" if compare else None

    figures: dict[str, tuple[str, str | None]] = {
        "outcomes": (f"{totals['outcomes']:,}", counted("outcomes")),
        "submissions": (f"{totals['submissions']:,}", counted("submissions")),
    }
    for kind in ("section", "international_project"):
        earlier = then["government_action"][kind] if compare else {"with_action": 0, "entities": 0}
        figures[f"government_action.{kind}"] = (
            percent(action[kind]["with_action"], action[kind]["entities"]),
            was(
                earlier["with_action"],
                earlier["entities"],
                change["government_action"][kind]["share"] if compare else None,
            ),
        )
    outcomes_then = then["totals"]["outcomes"] if compare else 0
    for code in Expectation:
        figures[f"expectation.{code.value}"] = (
            percent(expectation[code.value]["count"], totals["outcomes"]),
            was(
                then["expectation"][code.value]["count"] if compare else 0,
                outcomes_then,
                change["expectation"][code.value]["share"] if compare else None,
            ),
        )
    figures["corroborated"] = (
        percent(totals["corroborated"], totals["outcomes"]),
        was(
            then["totals"]["corroborated"] if compare else 0,
            outcomes_then,
            change["totals"]["corroborated_share"] if compare else None,
        ),
    )
    return figures


def _summarize_json(*args: str) -> dict[str, Any]:
    result = run_cli("summarize", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_compared_headline_figures_show_last_years_share_and_the_change(two_years: Path) -> None:
    data = _compared(two_years)
    figures = {figure.key: (figure.number, figure.was) for figure in key_figures(data)}
    assert figures == {
        "outcomes": ("5", "2015: 5"),
        "submissions": ("4", "2015: 3"),
        "government_action.section": ("33%", "2015: 50%, −17 pp"),
        "government_action.international_project": ("100%", "2015: 0%, +100 pp"),
        "expectation.exceeded": ("20%", "2015: 40%, −20 pp"),
        "expectation.met": ("40%", "2015: 40%, ±0 pp"),
        "expectation.negative": ("40%", "2015: 20%, +20 pp"),
        "corroborated": ("20%", "2015: 40%, −20 pp"),
    }
    # The same as summarize --compare's JSON says.
    document = _summarize_json("--data", str(two_years), "--year", "2016", "--compare", "2015")
    assert figures == _expected_figures(document)
    page = render_html(data)
    assert (
        '<li class="figure" data-figure="expectation.exceeded"><span class="number">20%</span>'
        '<span class="caption">of outcomes exceeded the minimum expectation</span> '
        '<span class="was">2015: 40%, −20 pp</span></li>'
    ) in page
    assert (
        "Compared with 2015 (3 submissions, 5 outcomes): each share is followed by its value in 2015" in page
    )


def test_compared_tables_show_last_years_share_even_for_a_group_empty_in_one_year(two_years: Path) -> None:
    page = render_html(_compared(two_years))
    by_region = "Table: Outcomes against expectations, by region"
    # Outcomes in 2016 only: there was no share in 2015, so no change either.
    assert _cells(page, by_region, "Middle East and North Africa") == [
        f"1 {_was('2015: 0')}",
        f"0 (0%) {_was('2015: –')}",
        f"0 (0%) {_was('2015: –')}",
        f"1 (100%) {_was('2015: –')}",
    ]
    # Outcomes in 2015 only: last year's shares, and no change.
    assert _cells(page, by_region, "Asia and the Pacific") == [
        f"0 {_was('2015: 1')}",
        f"0 (–) {_was('2015: 100%, – pp')}",
        f"0 (–) {_was('2015: 0%, – pp')}",
        f"0 (–) {_was('2015: 0%, – pp')}",
    ]
    assert _cells(page, "Table: Outcomes against expectations", "All") == [
        f"5 {_was('2015: 5')}",
        f"1 (20%) {_was('2015: 40%, −20 pp')}",
        f"2 (40%) {_was('2015: 40%, ±0 pp')}",
        f"2 (40%) {_was('2015: 20%, +20 pp')}",
    ]
    # International projects claimed nothing in 2015: every share of theirs was nothing.
    assert _cells(page, "Table: Who was influenced, by entity type", "Government") == [
        f"1 (33%) {_was('2015: 40%, −7 pp')}",
        f"0 (0%) {_was('2015: –')}",
        f"1 (20%) {_was('2015: 40%, −20 pp')}",
    ]
    assert _cells(page, "Table: Entities reporting tangible government action", "Sections") == [
        f"1 of 3 {_was('2015: 1 of 2')}",
        f"33% {_was('2015: 50%, −17 pp')}",
    ]
    assert _cells(page, "Submissions counted, by region", "Asia and the Pacific") == [
        f"0 {_was('2015: 1')}",
        f"0 {_was('2015: 0')}",
        f"0 {_was('2015: 1')}",
    ]
    assert (
        "1 (20%) of the outcomes were corroborated" in page
        and "named in the submission; 2015: 40%, −20 pp." in page
    )
    assert "In 2015, 3 submissions were counted (2 from sections, 1 from international projects)" in page
    assert "A change in pp (percentage points)" in page


def test_compared_charts_mark_last_year(two_years: Path) -> None:
    data = _compared(two_years)
    charts = {chart.slug: chart for chart in report_charts(data)}
    assert all(chart.compare == 2015 for chart in charts.values())
    page = render_html(data)

    def drawn(slug: str) -> str:
        found = re.search(rf'<svg [^>]*id="chart-{slug}".*?</svg>', page)
        assert found, slug
        return found.group(0)

    targets = drawn("targets")
    assert ">2015 share</text>" in targets  # the marker's legend
    assert ">1 (33%, −7 pp)</text>" in targets  # the label says the change
    # A marker (a dark tick in a white halo) wherever 2015 had a share: sections only.
    assert targets.count('stroke="#222222" stroke-width="2"/>') == 1 + 8  # the legend's, and one per target
    by_region = drawn("expectations-by-region")
    assert ">thin bar: 2015</text>" in by_region
    assert ">2015: n = 4</text>" in by_region  # Africa
    assert ">2015: no outcomes</text>" in by_region  # the Middle East and North Africa
    assert "<title>Asia and the Pacific, Exceeded, 2015: 1 (100%)</title>" in by_region
    assert (
        "Middle East and North Africa: 1 outcomes (2015: 0); exceeded 0 (0%; 2015: –), met 0 (0%; 2015: –), "
        "negative 1 (100%; 2015: –)." in description(charts["expectations-by-region"])
    )
    assert "Asia and the Pacific: no outcomes (2015: 1)." in description(charts["expectations-by-region"])
    assert (
        "At least one concrete action: sections 1 of 3 (33%; 2015: 50%, −17 pp), international projects "
        "1 of 1 (100%; 2015: 0%, +100 pp)." in description(charts["government-action"])
    )
    for chart in charts.values():
        ElementTree.fromstring(svg_of(chart))  # still well-formed


def test_compared_markdown(two_years: Path) -> None:
    data = _compared(two_years)
    markdown = render_markdown(data)[markdown_name(data)]
    assert "- **20%** of outcomes exceeded the minimum expectation (2015: 40%, −20 pp)\n" in markdown
    assert (
        "| All | 5; 2015: 5 | 1 (20%); 2015: 40%, −20 pp | 2 (40%); 2015: 40%, ±0 pp "
        "| 2 (40%); 2015: 20%, +20 pp |\n"
    ) in markdown
    assert (
        "| Middle East and North Africa | 1; 2015: 0 | 0 (0%); 2015: – | 0 (0%); 2015: – "
        "| 1 (100%); 2015: – |\n"
    ) in markdown
    assert markdown.startswith(
        "# Impact review 2016\n\nCompared with 2015 (3 submissions, 5 outcomes): each share is followed by"
    )


def test_compared_reports_are_the_same_bytes(two_years: Path) -> None:
    assert render_html(_compared(two_years)) == render_html(_compared(two_years))
    assert render_markdown(_compared(two_years)) == render_markdown(_compared(two_years))


def test_report_compare_writes_the_compared_page(two_years: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = run_report("--data", str(two_years), "--year", "2016", "--compare", "2015", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == render_html(_compared(two_years))
    folder = tmp_path / "md"
    result = run_report(
        "--data", str(two_years), "--year", "2016", "--compare", "2015", "-f", "markdown", "-o", str(folder)
    )
    assert result.exit_code == 0, result.stderr
    expected = render_markdown(_compared(two_years))
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == expected


def test_report_compare_applies_the_filters_to_both_years(two_years: Path) -> None:
    result = run_report(
        "--data", str(two_years), "--year", "2016", "--compare", "2015", "--region", "asia_pacific"
    )
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "Filtered to: region asia_pacific." in page
    assert "Compared with 2015 (1 submission, 1 outcome)" in page
    assert page == render_html(_compared(two_years, Filters(regions=frozenset({Region.ASIA_PACIFIC}))))
    assert '<span class="number">0</span><span class="caption">significant outcomes</span> ' in page
    africa = run_report(
        "--data", str(two_years), "--compare", "2015", "--year", "2016", "--region", "africa", "--goal", "2"
    )
    assert "Compared with 2015 (1 submission, 3 outcomes)" in africa.stdout


def test_report_compare_with_a_year_without_data_is_summarize_message(
    two_years: Path, tmp_path: Path
) -> None:
    out = tmp_path / "review.html"
    result = run_report("--data", str(two_years), "--year", "2016", "--compare", "2014", "-o", str(out))
    summarized = run_cli("summarize", "--data", str(two_years), "--year", "2016", "--compare", "2014")
    assert result.exit_code == summarized.exit_code == 1
    assert f"no valid submissions for 2014 in {two_years} (years with valid submissions: 2015, 2016)." in (
        result.stderr
    )
    assert result.stderr == summarized.stderr
    assert not out.exists() and result.stdout == ""
    same = run_report("--data", str(two_years), "--year", "2016", "--compare", "2016")
    assert same.exit_code == 2 and "--compare 2016 is the year reported on" in same.stderr
    outside = run_report("--data", str(two_years), "--year", "2016", "--compare", "1899")
    assert outside.exit_code == 2  # not a year of the standard


def test_report_compare_refuses_invalid_data_of_the_other_year(two_years: Path) -> None:
    broken = submission_data(
        "S9",
        "section",
        "europe_central_asia",
        [("increased_dialogue", 1, "meet", "government", False)],
        year=2015,
    )
    write_yaml(two_years, broken)
    result = run_report("--data", str(two_years), "--year", "2016", "--compare", "2015")
    assert result.exit_code == 1 and "refusing to compare while submissions are invalid" in result.stderr
    skipped = run_report("--data", str(two_years), "--year", "2016", "--compare", "2015", "--skip-invalid")
    assert skipped.exit_code == 0, skipped.stderr
    assert "Compared with 2015 (3 submissions, 5 outcomes)" in skipped.stdout


def test_build_report_compares_like_with_like(two_years: Path) -> None:
    this_year = run_summary([str(two_years)], 2016)
    with pytest.raises(ValueError, match="same filters"):
        build_report(this_year, previous=run_summary([str(two_years)], 2015, Filters(goals=frozenset({1}))))
    with pytest.raises(ValueError, match="is the year reported on"):
        build_report(this_year, previous=this_year)


# --- Who reported: the registry -------------------------------------------------------------------


def test_coverage_shows_who_reported_against_the_registry() -> None:
    data = _sample()
    page = render_html(data)
    assert (
        "Reporting status 2016: 80 of 84 expected entities submitted (95%): 80 valid, 0 invalid; 4 missing."
        in page
    )
    caption = "Table: Reporting rate: the expected entities that submitted"
    assert _cells(page, caption, "All") == ["84", "80", "0", "4", "95%"]
    # Every figure is impactagg status's.
    status = json.loads(run_cli("status", "--data", str(SAMPLE_DATA), "--format", "json").stdout)
    labels = {region.value: region.label for region in Region} | {
        kind.value: kind.label + "s" for kind in EntityType
    }
    for group in ("by_region", "by_entity_type"):
        for key, rate in status[group].items():
            if rate["expected"]:
                assert _cells(page, caption, labels[key]) == [
                    str(rate["expected"]),
                    str(rate["valid"]),
                    str(rate["invalid"]),
                    str(rate["missing"]),
                    percent(rate["valid"] + rate["invalid"], rate["expected"]),
                ]
    missing = re.findall(r'<li data-entity="([^"]+)"><span class="id">[^<]+</span> ([^<]+)</li>', page)
    assert missing == [(item["id"], item["name"]) for item in status["missing"]]
    assert [entity_id for entity_id, _ in missing] == ["AI-BD", "AI-CO", "AI-LB", "IP-EUR-SURVEILLANCE"]
    assert "<strong>Missing (4):</strong>" in page and "Submitted, but invalid" not in page
    # The reporting rate's chart, in the coverage section, before what was counted.
    coverage = page[page.index('<section id="coverage">') :]
    assert (
        coverage.index('id="chart-reporting"')
        < coverage.index("What was counted")
        < coverage.index('id="chart-corroboration"')
    )
    chart = next(chart for chart in report_charts(data) if chart.slug == "reporting")
    assert (
        "All: 84 expected entities; submitted valid 80 (95%), submitted invalid 0 (0%), missing 4 (5%)."
        in (description(chart))
    )
    markdown = render_markdown(data)[markdown_name(data)]
    assert "| All | 84 | 80 | 0 | 4 | 95% |" in markdown
    assert "Missing (4):\n\n- AI-BD Amnesty International Bangladesh\n" in markdown
    assert "- **Missing**: The registry expects a submission" in markdown


REGISTRY: dict[str, list[dict[str, Any]]] = {
    "entities": [
        {"id": "AI-KE", "name": "Amnesty International Kenya", "type": "section", "region": "africa"},
        {"id": "AI-ZA", "name": "Amnesty International South Africa", "type": "section", "region": "africa"},
        {
            "id": "AI-LB",
            "name": f"Lebanon {INJECTED}",
            "type": "section",
            "region": "middle_east_north_africa",
        },
        {"id": "IP-AFR", "name": "Africa project", "type": "international_project", "region": "africa"},
        {
            "id": "IP-OLD",
            "name": "Closed project",
            "type": "international_project",
            "region": "americas",
            "active_until": 2015,
        },
    ]
}
ROW = [("increased_dialogue", 2, "met", "government", False)]


def _registered(folder: Path, entity_id: str, year: int = 2016, **changes: str) -> None:
    entity = next(e for e in REGISTRY["entities"] if e["id"] == entity_id)
    data = submission_data(entity_id, str(entity["type"]), str(entity["region"]), ROW, year=year)
    data["entity"]["name"] = entity["name"]
    data["outcomes"][0].update(changes)
    write_yaml(folder, data)


@pytest.fixture
def registered(tmp_path: Path) -> Path:
    """2016 against a registry: AI-KE and IP-AFR valid, AI-ZA invalid, AI-LB missing, IP-OLD no
    longer expected, and AI-XX, which the registry does not know (so invalid too)."""
    folder = tmp_path / "registered"
    folder.mkdir()
    (folder / "entities.yaml").write_text(yaml.safe_dump(REGISTRY, sort_keys=False), encoding="utf-8")
    _registered(folder, "AI-KE")
    _registered(folder, "AI-ZA", expectation="meet")
    _registered(folder, "IP-AFR")
    write_yaml(folder, submission_data("AI-XX", "section", "africa", ROW))
    return folder


def test_coverage_counts_valid_invalid_missing_and_unexpected(registered: Path) -> None:
    assert run_report("--data", str(registered)).exit_code == 1  # invalid data blocks, as ever
    result = run_report("--data", str(registered), "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    caption = "Table: Reporting rate: the expected entities that submitted"
    assert (
        "Reporting status 2016: 3 of 4 expected entities submitted (75%): 2 valid, 1 invalid; 1 missing."
        in page
    )
    assert _cells(page, caption, "All") == ["4", "2", "1", "1", "75%"]
    assert _cells(page, caption, "Africa") == ["3", "2", "1", "0", "100%"]
    assert _cells(page, caption, "Middle East and North Africa") == ["1", "0", "0", "1", "0%"]
    assert _cells(page, caption, "Sections") == ["3", "1", "1", "1", "67%"]
    assert _cells(page, caption, "International projects") == ["1", "1", "0", "0", "100%"]
    reporting = re.search(rf"<caption>{caption}</caption>.*?</table>", page)
    assert reporting is not None
    assert "Americas" not in reporting.group(0)  # IP-OLD is no longer expected
    # The registry's text is escaped like the submissions'.
    assert (
        '<li data-entity="AI-LB"><span class="id">AI-LB</span> Lebanon &lt;b id=&quot;injected&quot;&gt;bold'
        "&lt;/b&gt;</li>"
    ) in page
    assert "<b id=" not in page
    assert '<ul class="invalid"><li data-entity="AI-ZA">' in page
    assert "Submitted without being in the registry: AI-XX." in page
    # The filters narrow the expected entities as they narrow everything else.
    mena = run_report(
        "--data", str(registered), "--skip-invalid", "--region", "middle_east_north_africa"
    ).stdout
    assert _cells(mena, caption, "All") == ["1", "0", "0", "1", "0%"]
    assert "Only the entities of the regions and types the filters keep are counted." in mena
    assert "AI-XX" not in mena.split('id="counted"')[0] and "AI-ZA" not in mena.split('id="counted"')[0]
    projects = run_report(
        "--data", str(registered), "--skip-invalid", "--entity-type", "international_project"
    )
    assert _cells(projects.stdout, caption, "All") == ["1", "1", "0", "0", "100%"]
    assert "<strong>Missing" not in projects.stdout
    markdown = render_markdown(build_report(run_summary([str(registered)], 2016)))["impact-review-2016.md"]
    assert '- AI-LB Lebanon \\<b id="injected"\\>bold\\</b\\>' in markdown
    assert re.search(r"(?<!\\)<", markdown) is None


def test_compared_coverage_shows_last_years_reporting_rate(registered: Path) -> None:
    _registered(registered, "AI-KE", year=2015)  # 2015: 1 of 5 expected (IP-OLD still was)
    result = run_report("--data", str(registered), "--skip-invalid", "--year", "2016", "--compare", "2015")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "In 2015, 1 of 5 expected entities submitted (20%): +55 pp." in page
    caption = "Table: Reporting rate: the expected entities that submitted"
    assert _cells(page, caption, "All") == [
        f"4 {_was('2015: 5')}",
        f"2 {_was('2015: 1')}",
        f"1 {_was('2015: 0')}",
        f"1 {_was('2015: 4')}",
        f"75% {_was('2015: 20%, +55 pp')}",
    ]
    assert ">2015: n = 5</text>" in page  # the thin bar under "All"


def test_without_a_registry_there_is_no_reporting_rate(known: Path) -> None:
    data = build_report(run_summary([str(known)], 2016))
    assert data.status is None
    assert "reporting" not in [chart.slug for chart in report_charts(data)]
    page = render_html(data)
    assert 'id="reporting"' not in page and "Reporting status" not in page
    assert "Reporting rate" not in render_markdown(data)[markdown_name(data)]


# --- In a browser ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
# Quiet and offline: no background services, and every host name resolves to nothing, so a test
# run never reaches the network whatever the page or the browser tries.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
]


def _above_nine(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe: the standard library only.

    Chromium reads commands on its file descriptor 3 and writes replies and events on 4, each a
    JSON message ended by a NUL byte.
    """

    def __init__(self, profile: Path, timeout: float = 30) -> None:
        self.timeout = timeout
        to_chrome_read, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_write = os.pipe()
        # Moved above 9 so that putting one on 3 or 4 cannot overwrite the other.
        to_chrome_read, from_chrome_write = _above_nine(to_chrome_read), _above_nine(from_chrome_write)
        # A tiny Python puts the pipe ends on 3 and 4 and then becomes the browser (a POSIX shell
        # cannot name descriptors above 9, and below 10 one end could land on the other's place).
        command = [
            sys.executable,
            "-c",
            "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
            "os.execv(sys.argv[3], sys.argv[3:])",
            str(to_chrome_read),
            str(from_chrome_write),
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={profile}",
            "about:blank",
        ]
        self.process = subprocess.Popen(
            command,
            pass_fds=(to_chrome_read, from_chrome_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
                "sessionId"
            ]
            for domain in ("Page", "Network", "Runtime", "Log"):
                self.call(f"{domain}.enable", session=True)
            metrics = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
            self.call("Emulation.setDeviceMetricsOverride", metrics, session=True)
        except BaseException:
            self.close()
            raise

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._from_chrome], [], [], remaining)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise ConnectionError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def call(self, method: str, params: dict[str, Any] | None = None, session: bool = False) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def open(self, path: Path) -> list[str]:
        """Load a file and wait for its load event; the URLs the page requested."""
        self.events.clear()
        self.call("Page.navigate", {"url": path.as_uri()}, session=True)
        deadline = time.monotonic() + self.timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._receive(deadline))
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def console(self) -> list[str]:
        """What the page logged (a CSP violation, a failed load) since it was opened."""
        return [e["params"]["entry"]["text"] for e in self.events if e.get("method") == "Log.entryAdded"]

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True
        )
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        """The whole page as a PNG."""
        size = self.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": 1280, "height": size["height"], "scale": 1}
        shot = self.call(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
            session=True,
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError, OSError):
            self.call("Browser.close")  # a browser that is already gone is closed enough
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chromium
    finally:
        chromium.close()


_CHARTS_JS = """[...document.querySelectorAll('svg.chart')].map(svg => ({
  id: svg.id, title: svg.querySelector('title').textContent,
  width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height,
  bars: svg.querySelectorAll('rect > title').length}))"""
_FIGURES_JS = """Object.fromEntries([...document.querySelectorAll('[data-figure]')].map(
  item => [item.dataset.figure, item.querySelector('.number').textContent]))"""


@needs_chromium
def test_the_browser_check_sees_a_request_leave_the_page(browser: Browser, tmp_path: Path) -> None:
    """The check below means something: a page that fetches something is caught."""
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><img src="http://example.invalid/logo.png">', encoding="utf-8")
    assert "http://example.invalid/logo.png" in browser.open(page)


@needs_chromium
def test_the_report_opens_offline_in_a_browser_with_every_chart_and_figure(
    browser: Browser, tmp_path: Path
) -> None:
    page = tmp_path / "review-2016.html"
    result = run_report("--data", str(SAMPLE_DATA), "--year", "2016", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    requests = browser.open(page)
    assert requests and all(url.startswith(("file://", "data:")) for url in requests), requests
    assert browser.console() == []  # no violation of the page's policy, nothing failed to load

    charts = {chart["id"]: chart for chart in browser.evaluate(_CHARTS_JS)}
    expected = report_charts(_sample())
    assert list(charts) == [f"chart-{chart.slug}" for chart in expected]
    for chart in expected:
        drawn = charts[f"chart-{chart.slug}"]
        assert drawn["title"] == chart.title
        assert drawn["width"] > 600 and drawn["height"] > 80, drawn
        assert drawn["bars"] >= len(chart.rows), drawn

    document = json.loads(
        run_cli("summarize", "--data", str(SAMPLE_DATA), "--year", "2016", "-f", "json").stdout
    )
    totals, expectation, action = document["totals"], document["expectation"], document["government_action"]
    assert browser.evaluate(_FIGURES_JS) == {
        "outcomes": f"{totals['outcomes']:,}",
        "submissions": f"{totals['submissions']:,}",
        "government_action.section": percent(action["section"]["with_action"], action["section"]["entities"]),
        "government_action.international_project": percent(
            action["international_project"]["with_action"], action["international_project"]["entities"]
        ),
        **{
            f"expectation.{code.value}": percent(expectation[code.value]["count"], totals["outcomes"])
            for code in Expectation
        },
        "corroborated": percent(totals["corroborated"], totals["outcomes"]),
    }
    assert browser.evaluate("document.title") == f"Impact review {document['year']}"

    screenshot = tmp_path / "review-2016.png"
    browser.screenshot(screenshot)
    assert screenshot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert screenshot.stat().st_size > 50_000


@needs_chromium
def test_a_script_in_a_description_is_shown_as_text_and_never_run(
    browser: Browser, hostile: Path, tmp_path: Path
) -> None:
    page = tmp_path / "hostile.html"
    assert run_report("--data", str(hostile), "-o", str(page)).exit_code == 0
    requests = browser.open(page)
    assert all(url.startswith(("file://", "data:")) for url in requests), requests
    assert browser.evaluate("document.title") == "Impact review 2016"
    assert browser.evaluate("document.scripts.length") == 0
    assert browser.evaluate("document.getElementById('ran') === null")
    assert browser.evaluate("document.getElementById('injected') === null")
    text = browser.evaluate("document.body.innerText")
    assert f"Description {SCRIPT} {INJECTED}" in text
    assert f"Section {INJECTED} & co" in text
    # Not even an attempt: a script that reached the page would be refused and logged.
    assert browser.console() == []


_FIGURES_WAS_JS = """Object.fromEntries([...document.querySelectorAll('[data-figure]')].map(item => [
  item.dataset.figure,
  [item.querySelector('.number').textContent, item.querySelector('.was')?.textContent ?? null]]))"""
_WAS_SHOWN_JS = (
    """[...document.querySelectorAll('.was')].map(item => item.getBoundingClientRect().height > 0)"""
)


@needs_chromium
def test_a_compared_report_shows_last_years_figures_in_a_browser(
    browser: Browser, two_years: Path, tmp_path: Path
) -> None:
    page = tmp_path / "compared.html"
    result = run_report("--data", str(two_years), "--year", "2016", "--compare", "2015", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    requests = browser.open(page)
    assert requests and all(url.startswith(("file://", "data:")) for url in requests), requests
    assert browser.console() == []
    drawn = [chart["id"] for chart in browser.evaluate(_CHARTS_JS)]
    assert drawn == [f"chart-{chart.slug}" for chart in report_charts(_compared(two_years))]
    document = _summarize_json("--data", str(two_years), "--year", "2016", "--compare", "2015")
    shown = {key: (number, was) for key, (number, was) in browser.evaluate(_FIGURES_WAS_JS).items()}
    assert shown == _expected_figures(document)
    visible = browser.evaluate(_WAS_SHOWN_JS)
    assert visible and all(visible)  # every "2015: …" is on the page, not hidden
