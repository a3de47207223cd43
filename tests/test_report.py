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

from impactagg.aggregate import Filters
from impactagg.codes import EntityType, Expectation, ImpactType, Region
from impactagg.render.charts import ENTITY_SWATCHES, EXPECTATION_SWATCHES
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
    for swatches in (EXPECTATION_SWATCHES, ENTITY_SWATCHES):
        values = sorted(lightness(s.fill) for s in swatches.values())
        assert all(b - a > 0.15 for a, b in itertools.pairwise(values)), values
    assert {s.fill for s in EXPECTATION_SWATCHES.values()}.isdisjoint(
        s.fill for s in ENTITY_SWATCHES.values()
    )


def test_headline_figures_are_summarize_figures() -> None:
    data = _sample()
    figures = {key: number for key, number, _ in key_figures(data)}
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
