"""The impact review report: one self-contained HTML page, or Markdown with chart files beside it.

Pure functions of :class:`impactagg.report.ReportData`. The page holds everything it shows:
inline CSS, inline SVG charts, no script, no font or image from elsewhere, and a
Content-Security-Policy that forbids the browser to fetch anything, so it can be e-mailed,
archived and opened offline years later. Every piece of text that comes from a submission is
escaped. The same data gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

from impactagg.aggregate import Breakdown
from impactagg.codes import EntityType, Expectation, ImpactType, Region, StrategicGoal, Target
from impactagg.render.charts import (
    ENTITY_SWATCHES,
    EXPECTATION_SWATCHES,
    Chart,
    ChartKind,
    Row,
    Series,
    description,
    svg,
    value,
)
from impactagg.render.summary import Table, count_and_percent, header_lines, percent
from impactagg.render.summary import tables as summary_tables
from impactagg.report import Example, ReportData

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# (anchor, heading) of the page's sections, in the order the review asks its questions.
SECTIONS = (
    ("who", "1. Who are we influencing?"),
    ("what", "2. What type of impact do we have?"),
    ("expectations", "3. Did we meet our expectations?"),
    ("coverage", "Coverage and corroboration"),
    ("examples", "Example outcomes"),
    ("terms", "What the terms mean"),
)


# --- The charts -----------------------------------------------------------------------------


def _entity_kinds(data: ReportData) -> list[EntityType]:
    """Sections and international projects, or only those the entity-type filter kept."""
    chosen = data.summary.filters.entity_types
    return [kind for kind in EntityType if not chosen or kind in chosen]


def _entity_series(data: ReportData) -> tuple[Series, ...]:
    return tuple(
        Series(kind.value, kind.label + "s", ENTITY_SWATCHES[kind.value]) for kind in _entity_kinds(data)
    )


_EXPECTATION_SERIES = tuple(
    Series(code.value, code.label, EXPECTATION_SWATCHES[code.value]) for code in Expectation
)


def _breakdown_chart(
    data: ReportData, slug: str, title: str, breakdown: Breakdown, codes: Iterable[Target | ImpactType]
) -> Chart:
    series = _entity_series(data)
    totals = " and ".join(
        f"{s.label.lower()} ({breakdown.by_entity_type[s.key].total:,} outcomes)" for s in series
    )
    rows = tuple(
        Row(
            code.label,
            tuple(
                value(
                    breakdown.by_entity_type[s.key].counts[code.value], breakdown.by_entity_type[s.key].total
                )
                for s in series
            ),
        )
        for code in codes
    )
    return Chart(
        slug,
        title,
        ChartKind.GROUPED,
        series,
        rows,
        "Share of the entity type's outcomes",
        f"{title}: share of the outcomes of {totals}.",
    )


def _government_action_chart(data: ReportData) -> Chart:
    series = _entity_series(data)
    figures = data.summary.government_action
    row = Row(
        "At least one concrete action",
        tuple(value(figures[s.key].with_action, figures[s.key].entities, of=True) for s in series),
    )
    return Chart(
        "government-action",
        "Entities reporting tangible government action",
        ChartKind.GROUPED,
        series,
        (row,),
        "Share of entities",
        "Entities that reported at least one outcome of concrete action by a government "
        "(on a specific violation or with broad effect).",
    )


def _expectation_chart(slug: str, title: str, rows: Iterable[tuple[str, dict[str, int], int]]) -> Chart:
    return Chart(
        slug,
        title,
        ChartKind.STACKED,
        _EXPECTATION_SERIES,
        tuple(
            Row(label, tuple(value(counts[s.key], total) for s in _EXPECTATION_SERIES))
            for label, counts, total in rows
        ),
        "Share of outcomes",
        f"{title}: outcomes that exceeded, met or fell short of (negative) the minimum expectation.",
    )


def _corroboration_chart(data: ReportData) -> Chart:
    kinds = _entity_kinds(data)
    keys: list[ImpactType | None] = [*ImpactType, None]
    rows = tuple(
        Row(
            key.label if key else "All impact types",
            tuple(
                value(ratio.count, ratio.total, of=True)
                for kind in kinds
                for ratio in [data.corroboration[key][kind]]
            ),
        )
        for key in keys
    )
    series = _entity_series(data)
    return Chart(
        "corroboration",
        "Outcomes corroborated by a stakeholder, by impact type",
        ChartKind.GROUPED,
        series,
        rows,
        "Share of outcomes corroborated",
        "Outcomes corroborated by at least one stakeholder, out of the outcomes of each impact type "
        "and entity type.",
    )


def report_charts(data: ReportData) -> list[Chart]:
    """Every chart of the report, in page order (the slugs name them, in HTML and as files)."""
    summary = data.summary
    return [
        _breakdown_chart(data, "targets", "Who was influenced, by entity type", summary.by_target, Target),
        _government_action_chart(data),
        _breakdown_chart(
            data, "impact-types", "Types of impact, by entity type", summary.by_impact_type, ImpactType
        ),
        _expectation_chart(
            "expectations",
            "Outcomes against expectations",
            [("All outcomes", summary.expectation.counts, summary.expectation.total)],
        ),
        _expectation_chart(
            "expectations-by-goal",
            "Outcomes against expectations, by strategic goal",
            [
                (f"Goal {goal.value}: {goal.label}", row.counts.counts, row.outcomes)
                for goal in StrategicGoal
                for row in [summary.by_goal[goal.value]]
            ],
        ),
        _expectation_chart(
            "expectations-by-region",
            "Outcomes against expectations, by region",
            [
                (region.label, row.counts.counts, row.outcomes)
                for region in Region
                for row in [summary.by_region[region.value]]
            ],
        ),
        _corroboration_chart(data),
    ]


# --- Words shared by both formats -----------------------------------------------------------


def title(data: ReportData) -> str:
    return header_lines(data.summary)[0]


def _filters_line(data: ReportData) -> str | None:
    lines = header_lines(data.summary)
    return lines[3] if len(lines) > 3 else None


def key_figures(data: ReportData) -> list[tuple[str, str, str]]:
    """(key, number, caption) of the headline figures; the keys are stable for programs and tests."""
    s = data.summary
    figures = [
        ("outcomes", f"{s.outcomes:,}", "significant outcomes"),
        (
            "submissions",
            f"{sum(s.submissions.values()):,}",
            f"submissions: {s.submissions['section']:,} sections, "
            f"{s.submissions['international_project']:,} international projects",
        ),
    ]
    for kind in _entity_kinds(data):  # a kind the filters leave out has no figure to show
        action = s.government_action[kind.value]
        figures.append(
            (
                f"government_action.{kind.value}",
                percent(action.with_action, action.entities),
                f"of {kind.label.lower()}s ({action.with_action:,} of {action.entities:,}) reported "
                "tangible government action",
            )
        )
    wording = {
        Expectation.EXCEEDED: "of outcomes exceeded the minimum expectation",
        Expectation.MET: "of outcomes met the minimum expectation",
        Expectation.NEGATIVE: "of outcomes were negative",
    }
    figures += [
        (
            f"expectation.{code.value}",
            percent(s.expectation.counts[code.value], s.expectation.total),
            wording[code],
        )
        for code in Expectation
    ]
    figures.append(
        (
            "corroborated",
            percent(s.corroborated, s.outcomes),
            f"of outcomes ({s.corroborated:,}) corroborated by at least one stakeholder",
        )
    )
    return figures


def _tables(data: ReportData) -> dict[str, Table]:
    """The summary's tables by section anchor (the same tables ``summarize`` prints)."""
    influence, action, impact, overall, by_goal, by_region = summary_tables(data.summary)
    return {
        "targets": influence,
        "government-action": action,
        "impact-types": impact,
        "expectations": overall,
        "expectations-by-goal": by_goal,
        "expectations-by-region": by_region,
    }


def _chart_section(slug: str) -> str:
    return {
        "targets": "who",
        "government-action": "who",
        "impact-types": "what",
        "corroboration": "coverage",
    }.get(slug, "expectations")


def _coverage_rows(data: ReportData) -> list[list[str]]:
    coverage = data.coverage
    rows = [
        [
            region.label,
            *(f"{coverage.submissions[region][kind]:,}" for kind in EntityType),
            f"{coverage.outcomes[region]:,}",
        ]
        for region in Region
    ]
    rows.append(
        [
            "Total",
            *(f"{sum(coverage.submissions[r][kind] for r in Region):,}" for kind in EntityType),
            f"{sum(coverage.outcomes.values()):,}",
        ]
    )
    return rows


_COVERAGE_COLUMNS = ["Region", "Sections", "International projects", "Outcomes"]


def _coverage_sentences(data: ReportData) -> list[str]:
    """Plain sentences (no submission text) on what was counted and what was not."""
    s, coverage = data.summary, data.coverage
    counted = sum(s.submissions.values())
    sentences = [
        f"{counted:,} submissions were counted ({s.submissions['section']:,} from sections, "
        f"{s.submissions['international_project']:,} from international projects), read from "
        f"{coverage.files:,} files, with {s.outcomes:,} significant outcomes.",
        f"{count_and_percent(s.corroborated, s.outcomes)} of the outcomes were corroborated by at least one "
        "stakeholder (a partner, a community, an independent body) named in the submission.",
    ]
    if s.linked_reports:
        sentences.append(
            f"Some changes were reported by more than one entity: {s.linked_reports:,} of the outcomes are "
            f"linked reports of a shared change, and all {s.outcomes:,} describe {s.distinct_changes:,} "
            "distinct changes. Every figure counts reports, as the review does."
        )
    if coverage.excluded:
        sentences.append(
            f"{len(coverage.excluded):,} invalid submissions ({coverage.excluded_outcomes:,} outcomes) were "
            "left out and are not counted in any figure:"
        )
    return sentences


def _excluded_items(data: ReportData) -> list[str]:
    return [
        f"{item.entity_id or Path(item.path).name}: {item.outcomes:,} outcomes, {item.errors:,} errors"
        for item in data.coverage.excluded
    ]


def _example_meta(example: Example) -> str:
    parts = [
        f"{example.entity_type.label}, {example.region.label}",
        f"goal {example.strategic_goal}",
        f"{example.expectation.label.lower()} expectations"
        if example.expectation is not Expectation.NEGATIVE
        else "negative",
    ]
    if example.corroborated_by:
        parts.append(f"corroborated by {'; '.join(example.corroborated_by)}")
    return ". ".join(part[:1].upper() + part[1:] for part in parts) + "."


def _terms() -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(term, meaning)]) for the codes a reader meets in the report."""
    return [
        ("Who was influenced", [(c.label, c.meaning) for c in Target]),
        ("Types of impact", [(c.label, c.meaning) for c in ImpactType]),
        ("Expectations", [(c.label, c.meaning) for c in Expectation]),
        ("Strategic goals", [(f"Goal {g.value}: {g.label}", g.meaning) for g in StrategicGoal]),
    ]


EXAMPLES_NOTE = (
    "Up to three outcomes of each type, each from a different entity and, where possible, region. "
    "Outcomes corroborated by a stakeholder come first, then those that exceeded expectations, then "
    "those with a country; the outcome id settles ties, so the same data always shows the same examples."
)

FOOTER_NOTE = (
    "Shares are whole percents, rounded half up; – means there was nothing to count. An outcome counts "
    "for the entity that reported it."
)


# --- HTML -----------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: Helvetica, Arial, sans-serif; color: #222; background: #fff; line-height: 1.45;
  max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 2rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-bottom: .2rem; border-bottom: 2px solid #222; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.lede { font-size: 1.1rem; color: #444; margin: 0; }
.filters { font-weight: bold; }
nav ul { list-style: none; padding: 0; columns: 2; }
a { color: #004488; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11.5rem, 1fr)); gap: .75rem;
  list-style: none; margin: 1.5rem 0; padding: 0; }
.figure { border: 1px solid #ccc; border-left: 6px solid #004488; padding: .5rem .75rem; }
.figure .number { display: block; font-size: 1.8rem; font-weight: bold; }
.figure .caption { font-size: .9rem; }
figure.chart-block { margin: 1.25rem 0 .5rem; }
svg.chart { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .85rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .25rem; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid #ddd; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
tr.total td { font-weight: bold; border-top: 1px solid #222; }
.note { font-size: .9rem; color: #444; }
.examples { padding-left: 1.2rem; }
.examples li { margin-bottom: .8rem; }
.examples .what { display: block; }
.examples .meta { display: block; font-size: .85rem; color: #555; }
dl.terms dt { font-weight: bold; margin-top: .5rem; }
dl.terms dd { margin-left: 1.2rem; }
footer { margin-top: 3rem; border-top: 1px solid #ccc; padding-top: .5rem; font-size: .85rem; color: #555; }
@media print {
  @page { margin: 15mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure.chart-block, svg.chart, table, .figure, .examples li, dl.terms div {
    break-inside: avoid; page-break-inside: avoid; }
}
""".strip()


def _e(text: object) -> str:
    """Escape for HTML text and attribute values (quotes included)."""
    return escape(str(text), quote=True)


def _html_table(table: Table, caption: str) -> str:
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        css = ' class="total"' if row[0] == "Total" else ""
        cells = f'<th scope="row">{_e(row[0])}</th>' + "".join(f"<td>{_e(c)}</td>" for c in row[1:])
        body.append(f"<tr{css}>{cells}</tr>")
    notes = "".join(f'<p class="note">{_e(note)}</p>' for note in table.notes)
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{notes}"
    )


def _html_chart(chart: Chart, table: Table | None) -> str:
    parts = [f'<figure class="chart-block" data-chart="{_e(chart.slug)}">{svg(chart)}</figure>']
    if table is not None:
        parts.append(_html_table(table, f"Table: {chart.title}"))
    return "\n".join(parts)


def _html_header(data: ReportData) -> str:
    s = data.summary
    lede = (
        f"The significant outcomes reported by {s.submissions['section']:,} sections and "
        f"{s.submissions['international_project']:,} international projects, answering the review's "
        "three questions."
    )
    filters = _filters_line(data)
    parts = [f"<header><h1>{_e(title(data))}</h1>", f'<p class="lede">{_e(lede)}</p>']
    if filters:
        parts.append(f'<p class="filters">{_e(filters)}. Every figure counts only what the filters keep.</p>')
    parts.append("</header>")
    figures = "".join(
        f'<li class="figure" data-figure="{_e(key)}"><span class="number">{_e(number)}</span>'
        f'<span class="caption">{_e(caption)}</span></li>'
        for key, number, caption in key_figures(data)
    )
    parts.append(f'<section aria-label="Key figures"><ul class="figures">{figures}</ul></section>')
    links = "".join(f'<li><a href="#{anchor}">{_e(heading)}</a></li>' for anchor, heading in SECTIONS)
    parts.append(f'<nav aria-label="Contents"><ul>{links}</ul></nav>')
    return "\n".join(parts)


def _html_coverage(data: ReportData) -> str:
    parts = [f"<p>{_e(sentence)}</p>" for sentence in _coverage_sentences(data)]
    if data.coverage.excluded:
        parts.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in _excluded_items(data)) + "</ul>")
    if data.coverage.without_outcomes:
        parts.append(
            f"<p>Submissions that claim no significant outcome this year: "
            f"{_e(', '.join(data.coverage.without_outcomes))}.</p>"
        )
    table = Table("Submissions counted, by region", _COVERAGE_COLUMNS, _coverage_rows(data), [])
    parts.append(_html_table(table, table.title))
    return "\n".join(parts)


def _html_examples(data: ReportData) -> str:
    parts = [f'<p class="note">{_e(EXAMPLES_NOTE)}</p>']
    for impact_type, examples in data.examples.items():
        parts.append(f'<h3 id="examples-{_e(impact_type.value)}">{_e(impact_type.label)}</h3>')
        if not examples:
            parts.append('<p class="note">No outcome of this type.</p>')
            continue
        items = "".join(
            f'<li data-outcome="{_e(example.outcome_id)}"><strong>{_e(example.title)}</strong> '
            f"— {_e(example.entity_name)}, {_e(example.place)}"
            f'<span class="what">{_e(example.description)}</span>'
            f'<span class="meta">{_e(_example_meta(example))}</span></li>'
            for example in examples
        )
        parts.append(f'<ul class="examples">{items}</ul>')
    return "\n".join(parts)


def _html_terms() -> str:
    parts = []
    for heading, terms in _terms():
        items = "".join(f"<div><dt>{_e(name)}</dt><dd>{_e(meaning)}</dd></div>" for name, meaning in terms)
        parts.append(f'<h3>{_e(heading)}</h3><dl class="terms">{items}</dl>')
    return "\n".join(parts)


def render_html(data: ReportData) -> str:
    """The report as one self-contained HTML page."""
    tables = _tables(data)
    body: dict[str, list[str]] = {anchor: [] for anchor, _ in SECTIONS}
    for chart in report_charts(data):
        body[_chart_section(chart.slug)].append(_html_chart(chart, tables.get(chart.slug)))
    body["coverage"].insert(0, _html_coverage(data))
    body["examples"].append(_html_examples(data))
    body["terms"].append(_html_terms())
    sections = "\n".join(
        f'<section id="{anchor}"><h2>{_e(heading)}</h2>\n' + "\n".join(body[anchor]) + "\n</section>"
        for anchor, heading in SECTIONS
    )
    footer = (
        f"<footer><p>{_e(FOOTER_NOTE)}</p><p>Made with impactagg {_e(data.version)} from "
        f"{data.coverage.files:,} files.</p></footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="impactagg {_e(data.version)}">\n'
        f"<title>{_e(title(data))}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        f"{_html_header(data)}\n<main>\n{sections}\n</main>\n{footer}\n</body>\n</html>\n"
    )


# --- Markdown -------------------------------------------------------------------------------

# Characters that Markdown (CommonMark and GitHub's) would read as emphasis, code, a link, a table
# cell, an entity or raw HTML anywhere in a line; a backslash makes each one literal, so submission
# text shows as written and never becomes a tag or a link. (Text is flattened to one line that
# never starts with it, so markup that only counts at the start of a line cannot occur.)
_MARKDOWN_SPECIAL = set("\\`*_[]<>|&~")


def markdown_text(text: str) -> str:
    """Submission text made literal in Markdown, on one line."""
    flat = " ".join(text.split())
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in flat)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _md_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(c) for c in columns) + " |"]
    lines.append("| " + " | ".join(["---"] + ["---:"] * (len(columns) - 1)) + " |")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def markdown_name(data: ReportData) -> str:
    """The Markdown file's name in the output folder."""
    return f"impact-review-{data.year}.md"


def render_markdown(data: ReportData) -> dict[str, str]:
    """The report as Markdown, and each chart as an SVG file: {file name: content}, Markdown first.

    The Markdown refers to the charts by file name, so the folder can be moved as a whole.
    """
    tables, charts = _tables(data), report_charts(data)
    files: dict[str, str] = {}
    lines = [f"# {title(data)}", ""]
    filters = _filters_line(data)
    if filters:
        lines += [f"**{filters}.** Every figure counts only what the filters keep.", ""]
    lines += [f"- **{number}** {caption}" for _, number, caption in key_figures(data)]
    by_section: dict[str, list[str]] = {anchor: [] for anchor, _ in SECTIONS}
    for chart in charts:
        name = f"{chart.slug}.svg"
        files[name] = svg(chart) + "\n"
        block = ["", f"![{description(chart)}]({name})"]
        table = tables.get(chart.slug)
        if table is not None:
            block += ["", *_md_table(table.columns, table.rows)]
            block += ["", *table.notes] if table.notes else []
        by_section[_chart_section(chart.slug)] += block
    coverage = ["", *_coverage_sentences(data)]
    if data.coverage.excluded:
        coverage += [""] + [f"- {markdown_text(item)}" for item in _excluded_items(data)]
    if data.coverage.without_outcomes:
        names = ", ".join(markdown_text(name) for name in data.coverage.without_outcomes)
        coverage += ["", f"Submissions that claim no significant outcome this year: {names}."]
    coverage += ["", *_md_table(_COVERAGE_COLUMNS, _coverage_rows(data))]
    by_section["coverage"][:0] = coverage
    by_section["examples"] += ["", EXAMPLES_NOTE]
    for impact_type, examples in data.examples.items():
        by_section["examples"] += ["", f"### {impact_type.label}", ""]
        by_section["examples"] += [
            f"- **{markdown_text(e.title)}** — {markdown_text(e.entity_name)}, {markdown_text(e.place)}. "
            f"{markdown_text(e.description)} *{markdown_text(_example_meta(e))}*"
            for e in examples
        ] or ["No outcome of this type."]
    for heading, terms in _terms():
        by_section["terms"] += ["", f"### {heading}", ""] + [
            f"- **{name}**: {meaning}" for name, meaning in terms
        ]
    for anchor, heading in SECTIONS:
        lines += ["", f"## {heading}", *by_section[anchor]]
    lines += [
        "",
        "---",
        "",
        FOOTER_NOTE,
        "",
        f"Made with impactagg {data.version} from {data.coverage.files:,} files.",
    ]
    return {markdown_name(data): "\n".join(lines) + "\n", **files}
