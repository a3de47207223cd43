"""Bar charts as SVG, written by hand so a report needs no library, script or font from elsewhere.

Two kinds, which between them draw every figure of the review: grouped horizontal bars (one bar
per series in each row, for example sections and international projects) and 100% stacked bars
(one bar per row split into segments, for example exceeded, met and negative).

When a chart compares two years (``Chart.compare``), every value also carries the same figure
for the earlier year: a grouped bar then shows a marker at last year's share and its label the
change in percentage points, and each stacked bar has a thin bar for the earlier year under it.

Every chart carries its own title, legend, axis, numbers and an SVG ``<title>``/``<desc>`` text
alternative, and defines its own patterns under ids prefixed by its slug, so the same markup
works inline in an HTML page and as a standalone ``.svg`` file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from html import escape

from impactagg.codes import EntityType, Expectation
from impactagg.render.summary import percent, points

WIDTH = 760
FONT = "Helvetica, Arial, sans-serif"
INK = "#222222"  # text and axis lines
GRID = "#d0d0d0"
EMPTY = "#f2f2f2"  # the outline of a bar with nothing to show
HALO = "#ffffff"  # around last year's marker, so it shows on any fill


@dataclass(frozen=True, slots=True)
class Swatch:
    """How one series is drawn: a fill, the text colour that reads on it, and an optional hatch.

    Fills differ in lightness as well as hue, so they stay apart in greyscale and for
    colour-blind readers; the hatch separates them once more on a black-and-white printer.
    """

    fill: str
    ink: str
    hatch: str | None = None  # the stripe colour, when the series is hatched


# Paul Tol's "high contrast" scheme for the three ratings (dark blue, yellow, red): built to be
# told apart in greyscale and by colour-blind readers. The same rating has this colour everywhere.
EXPECTATION_SWATCHES: dict[str, Swatch] = {
    Expectation.EXCEEDED.value: Swatch("#004488", "#ffffff"),
    Expectation.MET.value: Swatch("#ddaa33", "#000000"),
    Expectation.NEGATIVE.value: Swatch("#bb5566", "#ffffff", hatch="#ffffff"),
}

# Entity types take other hues than the ratings, so a reader never mistakes one for the other;
# dark against light, the lighter one hatched.
ENTITY_SWATCHES: dict[str, Swatch] = {
    EntityType.SECTION.value: Swatch("#117733", "#ffffff"),
    EntityType.INTERNATIONAL_PROJECT.value: Swatch("#88ccee", "#000000", hatch="#336688"),
}


# The reporting states of expected entities are not ratings: greys, far apart in lightness, the
# middle one hatched, so they are never mistaken for a rating or an entity type.
STATE_SWATCHES: dict[str, Swatch] = {
    "valid": Swatch("#444444", "#ffffff"),
    "invalid": Swatch("#888888", "#000000", hatch="#ffffff"),
    "missing": Swatch("#cccccc", "#000000"),
}


class ChartKind(Enum):
    GROUPED = "grouped"
    STACKED = "stacked"


@dataclass(frozen=True, slots=True)
class Series:
    key: str
    label: str
    swatch: Swatch


@dataclass(frozen=True, slots=True)
class Value:
    """One count out of a total, printed as ``68 (29%)`` or, with ``of``, ``35 of 50 (70%)``.

    ``before`` is the count and total of the same figure in the year compared with, if any.
    """

    count: int
    total: int
    of: bool = False
    before: tuple[int, int] | None = None

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def before_share(self) -> float | None:
        """Last year's share, or None when there is no comparison or nothing was counted then."""
        if self.before is None or not self.before[1]:
            return None
        return self.before[0] / self.before[1]

    def _shown(self) -> str:
        return f"{self.count:,} of {self.total:,}" if self.of else f"{self.count:,}"

    @property
    def text(self) -> str:
        """What the chart prints beside or on the bar: ``68 (29%)``, compared ``68 (29%, +3 pp)``."""
        change = "" if self.before is None else f", {points(self.count, self.total, *self.before)}"
        return f"{self._shown()} ({percent(self.count, self.total)}{change})"

    def spoken(self, year: int | None) -> str:
        """The value for the text alternative: ``68 (29%; 2015: 26%, +3 pp)`` when compared."""
        if self.before is None or year is None:
            return self.text
        was = was_share(year, self.count, self.total, *self.before)
        return f"{self._shown()} ({percent(self.count, self.total)}; {was})"


def was_share(year: int, count: int, total: int, before_count: int, before_total: int) -> str:
    """Last year's share and the change since: ``2015: 26%, +3 pp``; ``2015: –`` when nothing
    was counted that year (there is then no share, and no change)."""
    if not before_total:
        return f"{year}: –"
    return (
        f"{year}: {percent(before_count, before_total)}, {points(count, total, before_count, before_total)}"
    )


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    values: tuple[Value, ...]  # one per series, in the chart's series order


@dataclass(frozen=True, slots=True)
class Chart:
    """The data of one chart; :func:`svg` draws it."""

    slug: str  # unique in a report: the id prefix, and the file name in Markdown output
    title: str
    kind: ChartKind
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    axis_label: str
    summary: str  # one sentence saying what the chart shows, the start of its text alternative
    compare: int | None = None  # the year compared with; each value then has ``before``
    unit: str = "outcomes"  # what a stacked bar's total counts


def value(count: int, total: int, *, of: bool = False, before: tuple[int, int] | None = None) -> Value:
    """A value printed as ``68 (29%)``, or with ``of`` as ``35 of 50 (70%)``; ``before`` is the
    count and total of the year compared with."""
    return Value(count, total, of, before)


def description(chart: Chart) -> str:
    """The chart's text alternative: what it shows, then every number it draws."""
    parts = [chart.summary]
    if chart.compare is not None:
        parts.append(
            f"Each share is followed by its value in {chart.compare} and the change in percentage points."
        )
    for row in chart.rows:
        items = ", ".join(
            f"{s.label.lower()} {v.spoken(chart.compare)}"
            for s, v in zip(chart.series, row.values, strict=True)
        )
        if chart.kind is ChartKind.GROUPED:
            parts.append(f"{row.label}: {items}.")
            continue
        total = row.values[0].total if row.values else 0
        before = row.values[0].before if row.values else None
        was = "" if before is None else f" ({chart.compare}: {before[1]:,})"
        if total:
            parts.append(f"{row.label}: {total:,} {chart.unit}{was}; {items}.")
        else:
            parts.append(f"{row.label}: no {chart.unit}{was}.")
    return " ".join(parts)


def svg(chart: Chart) -> str:
    """The chart as one ``<svg>`` element (valid inline in HTML and as a file of its own)."""
    if chart.kind is ChartKind.STACKED:
        return _stacked(chart)
    return _grouped(chart)


# Text is measured by estimate: an average glyph of a 12px sans-serif face is under 7px wide.
# Columns are sized generously from it, since the reader's own fonts will be used.
def _text_width(text: str, size: float = 12) -> float:
    return len(text) * size * 0.56


def _num(number: float) -> str:
    """A coordinate with at most one decimal, written the same way on every run."""
    rounded = round(number, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def _text(x: float, y: float, content: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(str(v))}"' for name, v in attributes.items())
    return f'<text x="{_num(x)}" y="{_num(y)}"{extra}>{escape(content)}</text>'


def _fill(chart: Chart, series: Series) -> str:
    return f"url(#{chart.slug}-{series.key})" if series.swatch.hatch else series.swatch.fill


def _defs(chart: Chart) -> str:
    patterns = [
        f'<pattern id="{chart.slug}-{s.key}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{s.swatch.fill}"/>'
        f'<rect width="2" height="6" fill="{s.swatch.hatch}" fill-opacity="0.45"/></pattern>'
        for s in chart.series
        if s.swatch.hatch
    ]
    return f"<defs>{''.join(patterns)}</defs>" if patterns else ""


def _open(chart: Chart, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-{chart.slug}" role="img" '
        f'width="{WIDTH}" height="{_num(height)}" viewBox="0 0 {WIDTH} {_num(height)}" '
        f'aria-labelledby="{chart.slug}-title {chart.slug}-desc" font-family="{FONT}" '
        f'font-size="12" fill="{INK}">',
        f'<title id="{chart.slug}-title">{escape(chart.title)}</title>',
        f'<desc id="{chart.slug}-desc">{escape(description(chart))}</desc>',
        _defs(chart),
        f'<rect width="{WIDTH}" height="{_num(height)}" fill="#ffffff"/>',
        _text(0, 18, chart.title, font_size="15", font_weight="bold"),
    ]


def _marker(x: float, top: float, bottom: float) -> list[str]:
    """Last year's share on a grouped bar: a dark tick in a white halo, visible on any fill."""
    line = f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" y2="{_num(bottom)}" '
    return [f'{line}stroke="{HALO}" stroke-width="5"/>', f'{line}stroke="{INK}" stroke-width="2"/>']


def _legend(chart: Chart, y: float) -> list[str]:
    parts, x = [], 0.0
    for series in chart.series:
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y - 10)}" width="14" height="12" fill="{_fill(chart, series)}" '
            f'stroke="{INK}" stroke-width="0.5"/>'
        )
        parts.append(_text(x + 19, y, series.label))
        x += 19 + _text_width(series.label) + 22
    if chart.compare is not None:
        if chart.kind is ChartKind.GROUPED:
            parts += _marker(x + 7, y - 12, y + 3)
            label = f"{chart.compare} share"
        else:
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(y - 6)}" width="14" height="{_THIN}" fill="{GRID}" '
                f'stroke="{INK}" stroke-width="0.5"/>'
            )
            label = f"thin bar: {chart.compare}"
        parts.append(_text(x + 19, y, label))
    return parts


def _label_width(chart: Chart) -> float:
    return min(320.0, max(_text_width(row.label) for row in chart.rows) + 14) if chart.rows else 60.0


def _ticks(maximum: float) -> list[float]:
    step = 0.1 if maximum <= 0.5 else 0.2 if maximum < 1 else 0.25
    count = round(maximum / step)
    return [step * index for index in range(count + 1)]


def _axis(left: float, width: float, top: float, bottom: float, maximum: float, label: str) -> list[str]:
    """Vertical grid lines with their percents under the bars, and the axis label."""
    parts = []
    for tick in _ticks(maximum):
        x = left + width * tick / maximum
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(top)}" x2="{_num(x)}" y2="{_num(bottom)}" stroke="{GRID}" '
            'stroke-width="1"/>'
        )
        parts.append(_text(x, bottom + 14, f"{round(tick * 100)}%", text_anchor="middle", font_size="11"))
    parts.append(
        f'<line x1="{_num(left)}" y1="{_num(top)}" x2="{_num(left)}" y2="{_num(bottom)}" stroke="{INK}"/>'
    )
    parts.append(_text(left + width / 2, bottom + 32, label, text_anchor="middle", font_size="11"))
    return parts


_BAR, _BAR_GAP, _GROUP_GAP, _TOP = 14, 3, 12, 52


def _grouped(chart: Chart) -> str:
    left = _label_width(chart)
    value_width = max((_text_width(v.text, 11) for row in chart.rows for v in row.values), default=40.0)
    width = WIDTH - left - value_width - 12
    shares = [v.share for row in chart.rows for v in row.values]
    shares += [v.before_share or 0.0 for row in chart.rows for v in row.values]
    # The scale ends at the next tenth above the largest share, so small shares stay readable
    # while every bar of the chart keeps the same scale.
    maximum = min(1.0, max(0.1, math.ceil(max(shares, default=0) * 10 - 1e-9) / 10))
    group = len(chart.series) * (_BAR + _BAR_GAP) - _BAR_GAP
    bottom = _TOP + len(chart.rows) * (group + _GROUP_GAP)
    parts = _open(chart, bottom + 40)
    parts += _legend(chart, 38)
    parts += _axis(left, width, _TOP - 4, bottom - _GROUP_GAP + 4, maximum, chart.axis_label)
    for index, row in enumerate(chart.rows):
        y = _TOP + index * (group + _GROUP_GAP)
        parts.append(_text(left - 8, y + group / 2 + 4, row.label, text_anchor="end"))
        for position, (series, item) in enumerate(zip(chart.series, row.values, strict=True)):
            bar_y = y + position * (_BAR + _BAR_GAP)
            bar_width = width * min(item.share, maximum) / maximum
            parts.append(
                f'<rect x="{_num(left)}" y="{_num(bar_y)}" width="{_num(bar_width)}" height="{_BAR}" '
                f'fill="{_fill(chart, series)}"><title>{escape(f"{row.label}, {series.label}: {item.text}")}'
                "</title></rect>"
            )
            before = item.before_share
            if before is not None:
                x = left + width * min(before, maximum) / maximum
                parts += _marker(x, bar_y - 1, bar_y + _BAR + 1)
            parts.append(_text(left + bar_width + 5, bar_y + _BAR - 3, item.text, font_size="11"))
    parts.append("</svg>")
    return "".join(parts)


_STACK, _THIN = 22, 8


def _stacked(chart: Chart) -> str:
    left = _label_width(chart)
    note_width = 150
    width = WIDTH - left - note_width - 10
    step = _STACK + _GROUP_GAP + (_THIN + 3 if chart.compare is not None else 0)
    bottom = _TOP + len(chart.rows) * step
    parts = _open(chart, bottom + 40)
    parts += _legend(chart, 38)
    parts += _axis(left, width, _TOP - 4, bottom - _GROUP_GAP + 4, 1.0, chart.axis_label)
    for index, row in enumerate(chart.rows):
        y = _TOP + index * step
        parts.append(_text(left - 8, y + _STACK / 2 + 4, row.label, text_anchor="end"))
        parts += _stack(chart, row, left, y, width)
        if chart.compare is not None:
            parts += _thin_stack(chart, row, left, y + _STACK + 3, width)
    parts.append("</svg>")
    return "".join(parts)


def _thin_stack(chart: Chart, row: Row, left: float, y: float, width: float) -> list[str]:
    """The row's bar for the year compared with, thin and unlabelled (its title says the numbers)."""
    befores = [item.before or (0, 0) for item in row.values]
    total = befores[0][1] if befores else 0
    year = chart.compare
    parts = [_text(left - 8, y + _THIN, str(year), text_anchor="end", font_size="10")]
    if not total:
        parts.append(
            f'<rect x="{_num(left)}" y="{_num(y)}" width="{_num(width)}" height="{_THIN}" fill="{EMPTY}" '
            f'stroke="{GRID}"/>'
        )
        parts.append(_text(left + width + 8, y + _THIN, f"{year}: no {chart.unit}", font_size="10"))
        return parts
    done = 0
    for series, (count, _) in zip(chart.series, befores, strict=True):
        x0, x1 = left + width * done / total, left + width * (done + count) / total
        done += count
        if not count:
            continue
        tip = f"{row.label}, {series.label}, {year}: {count:,} ({percent(count, total)})"
        parts.append(
            f'<rect x="{_num(x0)}" y="{_num(y)}" width="{_num(x1 - x0)}" height="{_THIN}" '
            f'fill="{_fill(chart, series)}" stroke="#ffffff" stroke-width="1">'
            f"<title>{escape(tip)}</title></rect>"
        )
    parts.append(_text(left + width + 8, y + _THIN, f"{year}: n = {total:,}", font_size="10"))
    return parts


def _stack(chart: Chart, row: Row, left: float, y: float, width: float) -> list[str]:
    total = row.values[0].total if row.values else 0
    if not total:
        return [
            f'<rect x="{_num(left)}" y="{_num(y)}" width="{_num(width)}" height="{_STACK}" fill="{EMPTY}" '
            f'stroke="{GRID}"/>',
            _text(left + 6, y + _STACK / 2 + 4, f"no {chart.unit}", font_size="11"),
        ]
    parts, done, aside = [], 0, [f"n = {total:,}"]
    for series, item in zip(chart.series, row.values, strict=True):
        # Edges come from running totals, so segments meet exactly and the bar ends at 100%.
        x0, x1 = left + width * done / total, left + width * (done + item.count) / total
        done += item.count
        if not item.count:
            continue
        parts.append(
            f'<rect x="{_num(x0)}" y="{_num(y)}" width="{_num(x1 - x0)}" height="{_STACK}" '
            f'fill="{_fill(chart, series)}" stroke="#ffffff" stroke-width="1">'
            f"<title>{escape(f'{row.label}, {series.label}: {item.text}')}</title></rect>"
        )
        shown = percent(item.count, total)
        if x1 - x0 >= _text_width(shown, 11) + 6:
            # A halo of the segment's own colour keeps the number legible over a hatch.
            parts.append(
                _text(
                    (x0 + x1) / 2,
                    y + _STACK / 2 + 4,
                    shown,
                    text_anchor="middle",
                    font_size="11",
                    font_weight="bold",
                    fill=series.swatch.ink,
                    stroke=series.swatch.fill,
                    stroke_width="3",
                    paint_order="stroke",
                )
            )
        else:
            aside.append(f"{series.label.lower()} {shown}")  # too narrow: named beside the bar
    parts.append(_text(left + width + 8, y + _STACK / 2 + 4, " · ".join(aside), font_size="11"))
    return parts
