"""The impact review report: one self-contained HTML page, or Markdown with chart files beside it.

Pure functions of :class:`impactagg.report.ReportData`. The page holds everything it shows:
inline CSS, inline SVG charts, no script, no font or image from elsewhere, and a
Content-Security-Policy that forbids the browser to fetch anything, so it can be e-mailed,
archived and opened offline years later. Every piece of text that comes from a submission (or
from the registry) is escaped. The same data gives the same bytes.

With a year to compare with (``ReportData.previous``), every share is followed by its value that
year and the change in percentage points: in the headline figures, the tables and the charts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import NamedTuple

from impactagg.aggregate import Breakdown, ExpectationRow, Summary, Tally
from impactagg.codes import EntityType, Expectation, ImpactType, Region, StrategicGoal, Target
from impactagg.render.charts import (
    ENTITY_SWATCHES,
    EXPECTATION_SWATCHES,
    STATE_SWATCHES,
    Chart,
    ChartKind,
    Row,
    Series,
    description,
    svg,
    value,
    was_share,
)
from impactagg.render.status import COLUMNS as STATUS_COLUMNS
from impactagg.render.status import headline as status_headline
from impactagg.render.status import status_cells
from impactagg.render.summary import Table, count_and_percent, header_lines, percent, points
from impactagg.render.summary import tables as summary_tables
from impactagg.report import Coverage, Example, ReportData
from impactagg.status import Rate, State, Status

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

_STATE_LABELS = {
    State.VALID: "Submitted valid",
    State.INVALID: "Submitted invalid",
    State.MISSING: "Missing",
}
_STATE_SERIES = tuple(
    Series(state.value, _STATE_LABELS[state], STATE_SWATCHES[state.value]) for state in State
)


def _compare(data: ReportData) -> int | None:
    """The year compared with, if any."""
    return data.previous.year if data.previous is not None else None


def _of(tally: Tally | None, code: str) -> tuple[int, int] | None:
    """A code's count and the total in ``tally`` (last year's), or None without one."""
    return None if tally is None else (tally.counts[code], tally.total)


def _breakdown_chart(
    data: ReportData,
    slug: str,
    title: str,
    breakdown: Breakdown,
    before: Breakdown | None,
    codes: Iterable[Target | ImpactType],
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
                    breakdown.by_entity_type[s.key].counts[code.value],
                    breakdown.by_entity_type[s.key].total,
                    before=_of(before.by_entity_type[s.key] if before else None, code.value),
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
        compare=_compare(data),
    )


def _government_action_chart(data: ReportData) -> Chart:
    series = _entity_series(data)
    figures = data.summary.government_action
    earlier = data.previous.summary.government_action if data.previous is not None else None
    row = Row(
        "At least one concrete action",
        tuple(
            value(
                figures[s.key].with_action,
                figures[s.key].entities,
                of=True,
                before=(earlier[s.key].with_action, earlier[s.key].entities) if earlier else None,
            )
            for s in series
        ),
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
        compare=_compare(data),
    )


def _expectation_chart(
    data: ReportData, slug: str, title: str, rows: Iterable[tuple[str, Tally, Tally | None]]
) -> Chart:
    """Stacked bars of the ratings; each row is (label, this year's tally, last year's)."""
    return Chart(
        slug,
        title,
        ChartKind.STACKED,
        _EXPECTATION_SERIES,
        tuple(
            Row(
                label,
                tuple(
                    value(now.counts[s.key], now.total, before=_of(then, s.key)) for s in _EXPECTATION_SERIES
                ),
            )
            for label, now, then in rows
        ),
        "Share of outcomes",
        f"{title}: outcomes that exceeded, met or fell short of (negative) the minimum expectation.",
        compare=_compare(data),
    )


def _expectation_rows(
    data: ReportData, labels: dict[str, str], pick: Callable[[Summary], dict[str, ExpectationRow]]
) -> list[tuple[str, Tally, Tally | None]]:
    earlier = pick(data.previous.summary) if data.previous is not None else None
    return [
        (label, pick(data.summary)[key].counts, earlier[key].counts if earlier is not None else None)
        for key, label in labels.items()
    ]


def _corroboration_chart(data: ReportData) -> Chart:
    kinds = _entity_kinds(data)
    keys: list[ImpactType | None] = [*ImpactType, None]
    earlier = data.previous.corroboration if data.previous is not None else None

    def before(key: ImpactType | None, kind: EntityType) -> tuple[int, int] | None:
        if earlier is None:
            return None
        ratio = earlier[key][kind]
        return (ratio.count, ratio.total)

    rows = tuple(
        Row(
            key.label if key else "All impact types",
            tuple(
                value(ratio.count, ratio.total, of=True, before=before(key, kind))
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
        compare=_compare(data),
    )


def _status_rows(status: Status) -> list[tuple[str, str, Rate]]:
    """(key, label, rate): all expected entities, then each region and entity type that has any."""
    labels = {region.value: region.label for region in Region} | {
        kind.value: kind.label + "s" for kind in EntityType
    }
    rows = [("all", "All", status.rate())]
    rows += [(key, labels[key], rate) for key, rate in status.by_region().items() if rate.expected]
    rows += [(key, labels[key], rate) for key, rate in status.by_type().items() if rate.expected]
    return rows


def _status_rates(status: Status | None) -> dict[str, Rate]:
    """Every group's rate by key (groups with no expected entity included)."""
    if status is None:
        return {}
    return {"all": status.rate(), **status.by_region(), **status.by_type()}


def _previous_status(data: ReportData) -> Status | None:
    return data.previous.status if data.previous is not None else None


def _reporting_chart(data: ReportData, status: Status) -> Chart:
    earlier = _status_rates(_previous_status(data)) if data.previous is not None else None
    rows = tuple(
        Row(
            label,
            tuple(
                value(
                    rate.counts[state],
                    rate.expected,
                    before=(earlier[key].counts[state], earlier[key].expected)
                    if earlier is not None
                    else None,
                )
                for state in State
            ),
        )
        for key, label, rate in _status_rows(status)
    )
    return Chart(
        "reporting",
        "Reporting rate: the expected entities that submitted",
        ChartKind.STACKED,
        _STATE_SERIES,
        rows,
        "Share of expected entities",
        f"Entities the registry expects to report for {status.year}: submitted and valid, submitted "
        "but invalid (not counted), or missing.",
        compare=_compare(data) if earlier is not None else None,
        unit="expected entities",
    )


def report_charts(data: ReportData) -> list[Chart]:
    """Every chart of the report, in page order (the slugs name them, in HTML and as files)."""
    summary = data.summary
    before = data.previous.summary if data.previous is not None else None
    goals = {goal.value: f"Goal {goal.value}: {goal.label}" for goal in StrategicGoal}
    charts = [
        _breakdown_chart(
            data,
            "targets",
            "Who was influenced, by entity type",
            summary.by_target,
            before.by_target if before else None,
            Target,
        ),
        _government_action_chart(data),
        _breakdown_chart(
            data,
            "impact-types",
            "Types of impact, by entity type",
            summary.by_impact_type,
            before.by_impact_type if before else None,
            ImpactType,
        ),
        _expectation_chart(
            data,
            "expectations",
            "Outcomes against expectations",
            [("All outcomes", summary.expectation, before.expectation if before else None)],
        ),
        _expectation_chart(
            data,
            "expectations-by-goal",
            "Outcomes against expectations, by strategic goal",
            _expectation_rows(data, goals, lambda s: s.by_goal),
        ),
        _expectation_chart(
            data,
            "expectations-by-region",
            "Outcomes against expectations, by region",
            _expectation_rows(data, {r.value: r.label for r in Region}, lambda s: s.by_region),
        ),
    ]
    if data.status is not None:
        charts.append(_reporting_chart(data, data.status))
    charts.append(_corroboration_chart(data))
    return charts


# --- Tables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportTable:
    """A table, and for each of its cells after the first column what it was in the year
    compared with ("" where there is nothing to say); ``was`` is None without a comparison."""

    table: Table
    was: list[list[str]] | None = None

    def __post_init__(self) -> None:
        if self.was is not None and [len(row) for row in self.was] != [
            len(row) - 1 for row in self.table.rows
        ]:
            raise ValueError(f"the comparison of {self.table.title!r} does not fit its table")


def _was_count(year: int, count: int, of: int | None = None) -> str:
    return f"{year}: {count:,}" + (f" of {of:,}" if of is not None else "")


def _was_tally(year: int, now: Tally, then: Tally, code: str) -> str:
    return was_share(year, now.counts[code], now.total, then.counts[code], then.total)


def _was_breakdown(
    year: int, now: Breakdown, then: Breakdown, codes: Iterable[Target | ImpactType]
) -> list[list[str]]:
    kinds = [EntityType.SECTION.value, EntityType.INTERNATIONAL_PROJECT.value]
    pairs = [(now.by_entity_type[kind], then.by_entity_type[kind]) for kind in kinds] + [(now.all, then.all)]
    rows = [[_was_tally(year, a, b, code.value) for a, b in pairs] for code in codes]
    rows.append([_was_count(year, b.total) for _, b in pairs])
    return rows


def _was_expectations(
    year: int, now: dict[str, ExpectationRow], then: dict[str, ExpectationRow]
) -> list[list[str]]:
    return [
        [_was_count(year, then[key].outcomes)]
        + [_was_tally(year, row.counts, then[key].counts, code.value) for code in Expectation]
        for key, row in now.items()
    ]


def _was_action(year: int, now: Summary, then: Summary) -> list[list[str]]:
    rows = []
    for kind in EntityType:
        a, b = now.government_action[kind.value], then.government_action[kind.value]
        rows.append(
            [
                _was_count(year, b.with_action, b.entities),
                was_share(year, a.with_action, a.entities, b.with_action, b.entities),
            ]
        )
    return rows


def _tables(data: ReportData) -> dict[str, ReportTable]:
    """The summary's tables by chart slug (the same tables ``summarize`` prints), and the
    reporting rate's when there is a registry; compared, each cell says what it was."""
    s = data.summary
    influence, action, impact, overall, by_goal, by_region = summary_tables(s)
    found = {
        "targets": influence,
        "government-action": action,
        "impact-types": impact,
        "expectations": overall,
        "expectations-by-goal": by_goal,
        "expectations-by-region": by_region,
    }
    was: dict[str, list[list[str]]] = {}
    if data.previous is not None:
        year, p = data.previous.year, data.previous.summary
        was = {
            "targets": _was_breakdown(year, s.by_target, p.by_target, Target),
            "government-action": _was_action(year, s, p),
            "impact-types": _was_breakdown(year, s.by_impact_type, p.by_impact_type, ImpactType),
            "expectations": _was_expectations(
                year, {"all": ExpectationRow(s.expectation)}, {"all": ExpectationRow(p.expectation)}
            ),
            "expectations-by-goal": _was_expectations(year, s.by_goal, p.by_goal),
            "expectations-by-region": _was_expectations(year, s.by_region, p.by_region),
        }
    tables = {slug: ReportTable(table, was.get(slug)) for slug, table in found.items()}
    if data.status is not None:
        tables["reporting"] = _status_table(data, data.status)
    return tables


def _status_table(data: ReportData, status: Status) -> ReportTable:
    rows = [status_cells(label, rate) for _, label, rate in _status_rows(status)]
    table = Table("Reporting rate", STATUS_COLUMNS, rows, [])
    earlier = _previous_status(data)
    if data.previous is None or earlier is None:
        return ReportTable(table)
    year, rates = data.previous.year, _status_rates(earlier)
    was = [
        [
            _was_count(year, then.expected),
            *(_was_count(year, then.counts[state]) for state in State),
            was_share(year, rate.submitted, rate.expected, then.submitted, then.expected),
        ]
        for key, _, rate in _status_rows(status)
        for then in [rates[key]]
    ]
    return ReportTable(table, was)


def _chart_section(slug: str) -> str:
    return {
        "targets": "who",
        "government-action": "who",
        "impact-types": "what",
        "reporting": "coverage",
        "corroboration": "coverage",
    }.get(slug, "expectations")


def _coverage_table(data: ReportData) -> ReportTable:
    def cells(coverage: Coverage) -> list[list[str]]:
        rows = [
            [
                *(f"{coverage.submissions[region][kind]:,}" for kind in EntityType),
                f"{coverage.outcomes[region]:,}",
            ]
            for region in Region
        ]
        rows.append(
            [
                *(f"{sum(coverage.submissions[r][kind] for r in Region):,}" for kind in EntityType),
                f"{sum(coverage.outcomes.values()):,}",
            ]
        )
        return rows

    labels = [region.label for region in Region] + ["Total"]
    rows = [[label, *row] for label, row in zip(labels, cells(data.coverage), strict=True)]
    table = Table("Submissions counted, by region", _COVERAGE_COLUMNS, rows, [])
    if data.previous is None:
        return ReportTable(table)
    year = data.previous.year
    return ReportTable(table, [[f"{year}: {cell}" for cell in row] for row in cells(data.previous.coverage)])


_COVERAGE_COLUMNS = ["Region", "Sections", "International projects", "Outcomes"]


# --- Words shared by both formats -----------------------------------------------------------


def title(data: ReportData) -> str:
    return header_lines(data.summary)[0]


def _filters_line(data: ReportData) -> str | None:
    # The line after the title, submissions and outcomes, when there are filters (the lines
    # after it say other things).
    return header_lines(data.summary)[3] if data.summary.filters.active else None


def compare_line(data: ReportData) -> str | None:
    """The sentence that says what the year is compared with, if anything."""
    if data.previous is None:
        return None
    p = data.previous.summary
    return (
        f"Compared with {p.year} ({_plural(sum(p.submissions.values()), 'submission')}, "
        f"{_plural(p.outcomes, 'outcome')}): "
        f"each share is followed by its value in {p.year} and the change in percentage points (pp)."
    )


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class KeyFigure(NamedTuple):
    """One headline figure: a stable key (for programs and tests), the number, what it means,
    and, compared, its value in the other year and the change (None otherwise)."""

    key: str
    number: str
    caption: str
    was: str | None = None


def key_figures(data: ReportData) -> list[KeyFigure]:
    """The headline figures, with last year's beside them when the report compares years."""
    s = data.summary
    before = data.previous.summary if data.previous is not None else None
    year = data.previous.year if data.previous is not None else 0

    def share(count: int, total: int, then: tuple[int, int] | None) -> str | None:
        return None if then is None else was_share(year, count, total, *then)

    figures = [
        KeyFigure(
            "outcomes",
            f"{s.outcomes:,}",
            "significant outcomes",
            _was_count(year, before.outcomes) if before else None,
        ),
        KeyFigure(
            "submissions",
            f"{sum(s.submissions.values()):,}",
            f"submissions: {_plural(s.submissions['section'], 'section')}, "
            f"{_plural(s.submissions['international_project'], 'international project')}",
            _was_count(year, sum(before.submissions.values())) if before else None,
        ),
    ]
    for kind in _entity_kinds(data):  # a kind the filters leave out has no figure to show
        action = s.government_action[kind.value]
        then = before.government_action[kind.value] if before else None
        figures.append(
            KeyFigure(
                f"government_action.{kind.value}",
                percent(action.with_action, action.entities),
                f"of {kind.label.lower()}s ({action.with_action:,} of {action.entities:,}) reported "
                "tangible government action",
                share(
                    action.with_action, action.entities, (then.with_action, then.entities) if then else None
                ),
            )
        )
    wording = {
        Expectation.EXCEEDED: "of outcomes exceeded the minimum expectation",
        Expectation.MET: "of outcomes met the minimum expectation",
        Expectation.NEGATIVE: "of outcomes were negative",
    }
    figures += [
        KeyFigure(
            f"expectation.{code.value}",
            percent(s.expectation.counts[code.value], s.expectation.total),
            wording[code],
            share(
                s.expectation.counts[code.value],
                s.expectation.total,
                _of(before.expectation if before else None, code.value),
            ),
        )
        for code in Expectation
    ]
    figures.append(
        KeyFigure(
            "corroborated",
            percent(s.corroborated, s.outcomes),
            f"of outcomes ({s.corroborated:,}) corroborated by at least one stakeholder",
            share(s.corroborated, s.outcomes, (before.corroborated, before.outcomes) if before else None),
        )
    )
    return figures


def _coverage_sentences(data: ReportData) -> list[str]:
    """Plain sentences (no submission text) on what was counted and what was not."""
    s, coverage = data.summary, data.coverage
    counted = sum(s.submissions.values())
    corroborated = (
        f"{count_and_percent(s.corroborated, s.outcomes)} of the outcomes were corroborated by at least one "
        "stakeholder (a partner, a community, an independent body) named in the submission"
    )
    if data.previous is not None:
        p = data.previous.summary
        corroborated += f"; {was_share(p.year, s.corroborated, s.outcomes, p.corroborated, p.outcomes)}"
    sentences = [
        f"{counted:,} submissions were counted ({s.submissions['section']:,} from sections, "
        f"{s.submissions['international_project']:,} from international projects), read from "
        f"{coverage.files:,} files, with {s.outcomes:,} significant outcomes.",
        f"{corroborated}.",
    ]
    if data.previous is not None:
        p = data.previous.summary
        sentences.insert(
            1,
            f"In {p.year}, {sum(p.submissions.values()):,} submissions were counted "
            f"({p.submissions['section']:,} from sections, {p.submissions['international_project']:,} from "
            f"international projects), with {p.outcomes:,} significant outcomes.",
        )
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


def reporting_sentence(data: ReportData, status: Status) -> str:
    """The reporting status's headline (status's own words), and last year's rate when compared."""
    sentence = status_headline(status)
    if data.summary.filters.regions or data.summary.filters.entity_types:
        sentence += " Only the entities of the regions and types the filters keep are counted."
    earlier = _previous_status(data)
    if data.previous is not None and earlier is not None:
        now, then = status.rate(), earlier.rate()
        if not then.expected:
            sentence += f" In {earlier.year}, the registry expected no entity of these."
        else:
            sentence += (
                f" In {earlier.year}, {then.submitted:,} of {then.expected:,} expected entities submitted "
                f"({percent(then.submitted, then.expected)}): "
                f"{points(now.submitted, now.expected, then.submitted, then.expected)}."
            )
    return sentence


_LISTS = ((State.MISSING, "Missing"), (State.INVALID, "Submitted, but invalid"))


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


def _terms(data: ReportData) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(term, meaning)]) for the codes a reader meets in the report."""
    terms = [
        ("Who was influenced", [(c.label, c.meaning) for c in Target]),
        ("Types of impact", [(c.label, c.meaning) for c in ImpactType]),
        ("Expectations", [(c.label, c.meaning) for c in Expectation]),
        ("Strategic goals", [(f"Goal {g.value}: {g.label}", g.meaning) for g in StrategicGoal]),
    ]
    if data.status is not None:
        terms.append(("Reporting rate", [(_STATE_LABELS[state], STATE_MEANINGS[state]) for state in State]))
    return terms


STATE_MEANINGS = {
    State.VALID: "The registry expects a submission from the entity for the year, and a valid one came.",
    State.INVALID: "The entity sent a submission for the year, but none of its submissions is valid, so "
    "nothing of it is counted.",
    State.MISSING: "The registry expects a submission from the entity for the year, and none was found.",
}

EXAMPLES_NOTE = (
    "Up to three outcomes of each type, each from a different entity and, where possible, region. "
    "Outcomes corroborated by a stakeholder come first, then those that exceeded expectations, then "
    "those with a country; the outcome id settles ties, so the same data always shows the same examples."
)

FOOTER_NOTE = (
    "Shares are whole percents, rounded half up; – means there was nothing to count. An outcome counts "
    "for the entity that reported it."
)

COMPARE_NOTE = (
    "A change in pp (percentage points) is this year's share minus the other year's, rounded half away "
    "from zero; – pp means that one of the years had nothing to count."
)


def _footer_notes(data: ReportData) -> list[str]:
    return [FOOTER_NOTE, COMPARE_NOTE] if data.previous is not None else [FOOTER_NOTE]


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
.compare { font-weight: bold; }
.was { display: block; font-size: .8em; font-weight: normal; color: #555; white-space: nowrap; }
.figure .was { font-size: .85rem; margin-top: .2rem; }
ul.missing, ul.invalid { columns: 2; padding-left: 1.2rem; }
ul.missing .id, ul.invalid .id { font-family: monospace; }
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


def _was_html(was: str | None) -> str:
    # The space keeps the two apart for screen readers and in copied text; CSS puts it on a line.
    return f' <span class="was">{_e(was)}</span>' if was else ""


def _html_table(shown: ReportTable, caption: str) -> str:
    table = shown.table
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in table.columns)
    was = shown.was or [[""] * (len(row) - 1) for row in table.rows]
    body = []
    for row, before in zip(table.rows, was, strict=True):
        css = ' class="total"' if row[0] == "Total" else ""
        cells = f'<th scope="row">{_e(row[0])}</th>' + "".join(
            f"<td>{_e(c)}{_was_html(b)}</td>" for c, b in zip(row[1:], before, strict=True)
        )
        body.append(f"<tr{css}>{cells}</tr>")
    notes = "".join(f'<p class="note">{_e(note)}</p>' for note in table.notes)
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{notes}"
    )


def _html_chart(chart: Chart, table: ReportTable | None) -> str:
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
    compared = compare_line(data)
    if compared:
        parts.append(f'<p class="compare">{_e(compared)}</p>')
    parts.append("</header>")
    figures = "".join(
        f'<li class="figure" data-figure="{_e(figure.key)}"><span class="number">{_e(figure.number)}</span>'
        f'<span class="caption">{_e(figure.caption)}</span>{_was_html(figure.was)}</li>'
        for figure in key_figures(data)
    )
    parts.append(f'<section aria-label="Key figures"><ul class="figures">{figures}</ul></section>')
    links = "".join(f'<li><a href="#{anchor}">{_e(heading)}</a></li>' for anchor, heading in SECTIONS)
    parts.append(f'<nav aria-label="Contents"><ul>{links}</ul></nav>')
    return "\n".join(parts)


def _html_reporting(data: ReportData, status: Status, block: str) -> str:
    """Who reported: the status's headline, the chart and table of the rate, who is missing."""
    parts = ['<h3 id="reporting">Who reported</h3>', f"<p>{_e(reporting_sentence(data, status))}</p>", block]
    for state, heading in _LISTS:
        items = status.of(state)
        if items:
            listed = "".join(
                f'<li data-entity="{_e(item.entity.id)}"><span class="id">{_e(item.entity.id)}</span> '
                f"{_e(item.entity.name)}</li>"
                for item in items
            )
            parts.append(f"<p><strong>{_e(heading)} ({len(items):,}):</strong></p>")
            parts.append(f'<ul class="{state.value}">{listed}</ul>')
    if status.unexpected:
        parts.append(f"<p>Submitted without being in the registry: {_e(', '.join(status.unexpected))}.</p>")
    return "\n".join(parts)


def _html_coverage(data: ReportData) -> str:
    parts = ['<h3 id="counted">What was counted</h3>']
    parts += [f"<p>{_e(sentence)}</p>" for sentence in _coverage_sentences(data)]
    if data.coverage.excluded:
        parts.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in _excluded_items(data)) + "</ul>")
    if data.coverage.without_outcomes:
        parts.append(
            f"<p>Submissions that claim no significant outcome this year: "
            f"{_e(', '.join(data.coverage.without_outcomes))}.</p>"
        )
    table = _coverage_table(data)
    parts.append(_html_table(table, table.table.title))
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


def _html_terms(data: ReportData) -> str:
    parts = []
    for heading, terms in _terms(data):
        items = "".join(f"<div><dt>{_e(name)}</dt><dd>{_e(meaning)}</dd></div>" for name, meaning in terms)
        parts.append(f'<h3>{_e(heading)}</h3><dl class="terms">{items}</dl>')
    return "\n".join(parts)


def render_html(data: ReportData) -> str:
    """The report as one self-contained HTML page."""
    tables = _tables(data)
    body: dict[str, list[str]] = {anchor: [] for anchor, _ in SECTIONS}
    for chart in report_charts(data):
        block = _html_chart(chart, tables.get(chart.slug))
        if chart.slug == "reporting" and data.status is not None:
            block = _html_reporting(data, data.status, block)
        elif chart.slug == "corroboration":
            block = f'<h3 id="corroborated">Corroboration</h3>\n{block}'
        body[_chart_section(chart.slug)].append(block)
    body["coverage"].insert(1 if data.status is not None else 0, _html_coverage(data))
    body["examples"].append(_html_examples(data))
    body["terms"].append(_html_terms(data))
    sections = "\n".join(
        f'<section id="{anchor}"><h2>{_e(heading)}</h2>\n' + "\n".join(body[anchor]) + "\n</section>"
        for anchor, heading in SECTIONS
    )
    notes = "".join(f"<p>{_e(note)}</p>" for note in _footer_notes(data))
    footer = (
        f"<footer>{notes}<p>Made with impactagg {_e(data.version)} from "
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


def _md_table(shown: ReportTable) -> list[str]:
    """A table; compared, each cell is followed by what it was (``68 (29%); 2015: 26%, +3 pp``)."""
    columns, rows = shown.table.columns, shown.table.rows
    was = shown.was or [[""] * (len(row) - 1) for row in rows]
    lines = ["| " + " | ".join(_md_cell(c) for c in columns) + " |"]
    lines.append("| " + " | ".join(["---"] + ["---:"] * (len(columns) - 1)) + " |")
    for row, before in zip(rows, was, strict=True):
        cells = [row[0]] + [f"{c}; {b}" if b else c for c, b in zip(row[1:], before, strict=True)]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return lines


def markdown_name(data: ReportData) -> str:
    """The Markdown file's name in the output folder."""
    return f"impact-review-{data.year}.md"


def _md_reporting(data: ReportData, status: Status, block: list[str]) -> list[str]:
    lines = ["", "### Who reported", "", reporting_sentence(data, status), *block]
    for state, heading in _LISTS:
        items = status.of(state)
        if items:
            lines += ["", f"{heading} ({len(items):,}):", ""]
            lines += [
                f"- {markdown_text(item.entity.id)} {markdown_text(item.entity.name)}" for item in items
            ]
    if status.unexpected:
        names = ", ".join(markdown_text(key) for key in status.unexpected)
        lines += ["", f"Submitted without being in the registry: {names}."]
    return lines


def _md_coverage(data: ReportData) -> list[str]:
    lines = ["", "### What was counted", ""]
    lines += [line for sentence in _coverage_sentences(data) for line in (sentence, "")][:-1]
    if data.coverage.excluded:
        lines += [""] + [f"- {markdown_text(item)}" for item in _excluded_items(data)]
    if data.coverage.without_outcomes:
        names = ", ".join(markdown_text(name) for name in data.coverage.without_outcomes)
        lines += ["", f"Submissions that claim no significant outcome this year: {names}."]
    return [*lines, "", *_md_table(_coverage_table(data))]


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
    compared = compare_line(data)
    if compared:
        lines += [compared, ""]
    lines += [
        f"- **{figure.number}** {figure.caption}" + (f" ({figure.was})" if figure.was else "")
        for figure in key_figures(data)
    ]
    # Each section is a list of blocks, each a list of lines that starts with a blank one.
    blocks: dict[str, list[list[str]]] = {anchor: [] for anchor, _ in SECTIONS}
    for chart in charts:
        name = f"{chart.slug}.svg"
        files[name] = svg(chart) + "\n"
        block = ["", f"![{description(chart)}]({name})"]
        table = tables.get(chart.slug)
        if table is not None:
            block += ["", *_md_table(table)]
            block += ["", *table.table.notes] if table.table.notes else []
        if chart.slug == "reporting" and data.status is not None:
            block = _md_reporting(data, data.status, block)
        elif chart.slug == "corroboration":
            block = ["", "### Corroboration", *block]
        blocks[_chart_section(chart.slug)].append(block)
    blocks["coverage"].insert(1 if data.status is not None else 0, _md_coverage(data))
    by_section = {anchor: [line for block in found for line in block] for anchor, found in blocks.items()}
    by_section["examples"] += ["", EXAMPLES_NOTE]
    for impact_type, examples in data.examples.items():
        by_section["examples"] += ["", f"### {impact_type.label}", ""]
        by_section["examples"] += [
            f"- **{markdown_text(e.title)}** — {markdown_text(e.entity_name)}, {markdown_text(e.place)}. "
            f"{markdown_text(e.description)} *{markdown_text(_example_meta(e))}*"
            for e in examples
        ] or ["No outcome of this type."]
    for heading, terms in _terms(data):
        by_section["terms"] += ["", f"### {heading}", ""] + [
            f"- **{name}**: {meaning}" for name, meaning in terms
        ]
    for anchor, heading in SECTIONS:
        lines += ["", f"## {heading}", *by_section[anchor]]
    lines += ["", "---"]
    for note in _footer_notes(data):
        lines += ["", note]
    lines += ["", f"Made with impactagg {data.version} from {data.coverage.files:,} files."]
    return {markdown_name(data): "\n".join(lines) + "\n", **files}
