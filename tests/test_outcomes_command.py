"""``impactagg outcomes``: every filter, every format, and the outcomes behind a figure."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from benchmarks import generate

from impactagg.checks import DeferredSubmissions
from impactagg.codes import EntityType, Expectation, ImpactType, Region, Target
from impactagg.drilldown import OutcomeQuery, find_in_files, find_outcomes, merged
from impactagg.readers.columnar import ColumnarTable
from impactagg.selection import Selection, select
from impactagg.validation import validate
from tests.builders import KNOWN, known_year, submission_data, write_yaml
from tests.conftest import run_cli


@pytest.fixture
def known(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for entity in KNOWN:
        data = submission_data(*entity)
        for outcome in data["outcomes"]:
            outcome["country"] = "KE" if entity[0] == "S1" else "LB"
        write_yaml(folder, data)
    return folder


def _ids(known: Path, *options: str) -> list[str]:
    result = run_cli("outcomes", "--data", str(known), "--format", "json", *options)
    assert result.exit_code == 0, result.stderr
    return [item["id"] for item in json.loads(result.stdout)["outcomes"]]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), ["P1-2016-01", "P1-2016-02", "S1-2016-01", "S1-2016-02", "S2-2016-01"]),
        (("--region", "africa"), ["S1-2016-01", "S1-2016-02"]),
        (("--goal", "2"), ["S1-2016-02", "S2-2016-01"]),
        (("--entity-type", "international_project"), ["P1-2016-01", "P1-2016-02"]),
        (
            ("--impact-type", "concrete_action_broad", "--impact-type", "concrete_action_specific"),
            ["P1-2016-01", "S1-2016-01"],
        ),
        (("--target", "civil_society"), ["S2-2016-01"]),
        (("--expectation", "negative"), ["P1-2016-02", "S2-2016-01"]),
        (("--entity", "s1"), ["S1-2016-01", "S1-2016-02"]),
        (("--country", "ke"), ["S1-2016-01", "S1-2016-02"]),
        (("--search", "OUTCOME 2 OF"), ["P1-2016-02", "S1-2016-02"]),
        (("--region", "americas", "--expectation", "met"), ["P1-2016-01"]),
        (("--region", "asia_pacific"), []),
    ],
)
def test_each_filter_narrows_the_list(known: Path, options: tuple[str, ...], expected: list[str]) -> None:
    assert _ids(known, *options) == expected


def test_json_has_the_query_and_sources(known: Path) -> None:
    document = json.loads(run_cli("outcomes", "--data", str(known), "--format", "json", "--goal", "3").stdout)
    assert document["count"] == 2
    assert document["query"]["goal"] == [3]
    assert sum(f["outcomes"] for f in document["sources"]["files"]) == 2
    first = document["outcomes"][0]
    assert (first["entity_id"], first["country"], first["country_name"], first["impact_type"]) == (
        "P1",
        "LB",
        "Lebanon",
        "concrete_action_broad",
    )


def test_table_csv_and_markdown(known: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = run_cli("outcomes", "--data", str(known), "--entity", "S2").stdout
    assert table.splitlines() == [
        "1 outcome",
        "S2-2016-01  LB  enhanced_capacity  goal 2  negative",
        "    Outcome 1 of S2 (Entity S2, S2)",
    ]
    # Every outcome: its codes, then its title, each line ended (printed many outcomes at a time).
    whole = run_cli("outcomes", "--data", str(known)).stdout
    lines = whole.splitlines()
    assert whole.endswith(")\n") and len(lines) == 1 + 2 * len(_ids(known))
    assert [line.split()[0] for line in lines[1::2]] == _ids(known)
    assert all(line.startswith("    Outcome ") for line in lines[2::2])
    monkeypatch.setattr("impactagg.render.outcomes._PRINTED_AT_ONCE", 2)  # printed a few at a time
    assert run_cli("outcomes", "--data", str(known)).stdout == whole
    rows = list(
        csv.DictReader(io.StringIO(run_cli("outcomes", "--data", str(known), "--format", "csv").stdout))
    )
    assert [row["id"] for row in rows] == _ids(known)
    markdown = run_cli("outcomes", "--data", str(known), "--format", "markdown", "--entity", "S2").stdout
    assert (
        markdown.splitlines()[2]
        == "| S2-2016-01 | S2 | LB | enhanced\\_capacity | negative | Outcome 1 of S2 |"
    )


def test_submission_text_is_neutralised_in_csv_and_escaped_in_markdown(tmp_path: Path) -> None:
    data = submission_data(
        "S1", "section", "africa", [("concrete_action_specific", 1, "met", "government", False)]
    )
    data["outcomes"][0]["title"] = '=HYPERLINK("http://x") <script>alert(1)</script> | *'
    write_yaml(tmp_path, data)
    rows = list(
        csv.DictReader(io.StringIO(run_cli("outcomes", "--data", str(tmp_path), "--format", "csv").stdout))
    )
    assert rows[0]["title"].startswith("'=HYPERLINK")
    as_json = json.loads(run_cli("outcomes", "--data", str(tmp_path), "--format", "json").stdout)
    assert as_json["outcomes"][0]["title"].startswith("=HYPERLINK")  # JSON says what the file says
    markdown = run_cli("outcomes", "--data", str(tmp_path), "--format", "markdown").stdout
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown and "\\| \\*" in markdown


def test_find_outcomes_is_ordered_and_pure() -> None:
    found = find_outcomes(known_year(), OutcomeQuery(goals=frozenset({2, 3})))
    assert [item.outcome.id for item in found] == ["P1-2016-01", "P1-2016-02", "S1-2016-02", "S2-2016-01"]


_NOTHING = "no such words anywhere"
_QUERIES = [
    OutcomeQuery(),
    OutcomeQuery(regions=frozenset({Region.AFRICA})),
    OutcomeQuery(entity_types=frozenset({EntityType.INTERNATIONAL_PROJECT}), goals=frozenset({2, 5})),
    OutcomeQuery(
        impact_types=frozenset({ImpactType.CONCRETE_ACTION_BROAD}),
        regions=frozenset({Region.AFRICA, Region.AMERICAS}),
        expectations=frozenset({Expectation.EXCEEDED}),
    ),
    OutcomeQuery(targets=frozenset({Target.GOVERNMENT}), countries=frozenset({"ke", "GB"})),
    OutcomeQuery(expectations=frozenset({Expectation.NEGATIVE}), search="prison"),
    OutcomeQuery(entities=frozenset({"ai-ke-g0001-2016", "IP-AFR-SAHEL-G0002-2016"})),
    OutcomeQuery(goals=frozenset({4}), search=_NOTHING),
    OutcomeQuery(countries=frozenset({"ke", "GB"})),  # written "ke" too, in the untidy rows
    OutcomeQuery(search="PRISON"),
    OutcomeQuery(search=_NOTHING),
]


@pytest.mark.parametrize("query", _QUERIES, ids=[str(number) for number in range(len(_QUERIES))])
def test_a_large_tables_outcomes_are_found_without_building_the_others(
    large_table: Selection, query: OutcomeQuery
) -> None:
    # The counted facts (entity and codes, as the models read them), and the country and text
    # asked for, choose which submissions of a table read by columns are built: the same
    # outcomes as building every one of them.
    selection = large_table
    fresh = select(validate([selection.sources[0].path], columnar=True), selection.year)
    pending = [checked for checked in fresh.checked if checked.pending]
    per_file = find_in_files([source.checked for source in fresh.sources], query)
    every = find_outcomes(selection.submissions, query)
    assert [item.to_dict() for item in merged(per_file)] == [item.to_dict() for item in every]
    assert [len(part) for part in per_file] == [len(every)]
    built = sum(not checked.pending for checked in pending)
    if not query.narrows_by_codes and not query.details:
        assert built == len(pending)
    elif query.entities:
        assert built <= len(query.entities)
    else:
        assert built < len(pending)  # the others' rows were never read again
    assert every or query.search == _NOTHING  # each other query finds something to compare


@pytest.fixture(scope="module")
def large_table(tmp_path_factory: pytest.TempPathFactory) -> Selection:
    """A consolidated export read by columns (untidy spellings, a few bad rows), its first year
    selected (the tests build its submissions)."""
    path = tmp_path_factory.mktemp("export") / "outcomes.csv"
    generate.write_csv(path, 6000, 2, error_share=0.01, messy_share=0.2, seed=5)
    report = validate([str(path)], columnar=True)
    assert isinstance(report.files[0].submissions, DeferredSubmissions)  # read by columns
    selection = select(report, generate.START_YEAR)
    assert selection.checked and selection.blocking  # accepted ones, and a few refused
    return selection


def test_the_text_of_a_large_table_is_read_only_where_the_codes_may_match(
    large_table: Selection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nearly every text is distinct, and each goes through a validator: a query for codes and
    # text reads the text of the submissions whose codes may match, not of all of them.
    codes = OutcomeQuery(regions=frozenset({Region.AFRICA}), expectations=frozenset({Expectation.EXCEEDED}))
    query = OutcomeQuery(regions=codes.regions, expectations=codes.expectations, search="prison")
    fresh = select(validate([large_table.sources[0].path], columnar=True), large_table.year)
    pending = {place[1] for checked in fresh.checked if (place := checked.deferred_place) is not None}
    models = {checked.deferred_number: checked.submission for checked in large_table.checked}
    coded = {
        number
        for number in pending
        if (model := models[number]) is not None
        and any(codes.matches(model, item) for item in model.outcomes)
    }
    assert 0 < len(coded) < len(pending)
    asked: list[int] = []
    read = ColumnarTable.details

    def details(self: ColumnarTable, numbers: Sequence[int], names: Sequence[str]) -> object:
        asked.extend(numbers)
        return read(self, numbers, names)

    monkeypatch.setattr(ColumnarTable, "details", details)
    found = find_in_files([source.checked for source in fresh.sources], query)
    assert sorted(asked) == sorted(coded)
    every = find_outcomes(large_table.submissions, query)
    assert [item.to_dict() for item in merged(found)] == [item.to_dict() for item in every] != []
