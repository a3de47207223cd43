"""sample_data/ reproduces the headline figures published in the 2016 impact review."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from impactagg.validation import validate
from tests.conftest import SAMPLE_DATA, run_cli


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    result = run_cli("summarize", "--data", str(SAMPLE_DATA), "--year", "2016", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_sample_data_is_valid_and_mixes_formats() -> None:
    report = validate([SAMPLE_DATA])
    assert report.problems == []
    assert {file.format for file in report.files} == {"yaml", "csv", "registry"}


def test_350_outcomes_from_50_sections_and_30_projects(document: dict[str, Any]) -> None:
    totals = document["totals"]
    assert (totals["outcomes"], totals["section"], totals["international_project"]) == (350, 50, 30)


def test_expectations_44_met_49_exceeded_7_negative(document: dict[str, Any]) -> None:
    counts = {code: figure["count"] for code, figure in document["expectation"].items()}
    assert counts == {"exceeded": 172, "met": 154, "negative": 24}
    shares = document["expectation"]
    assert [round(100 * shares[code]["share"]) for code in ("met", "exceeded", "negative")] == [44, 49, 7]


def test_government_action_70_percent_of_sections_43_percent_of_projects(document: dict[str, Any]) -> None:
    action = document["government_action"]
    sections, projects = action["section"], action["international_project"]
    assert (sections["with_action"], sections["entities"], sections["share"]) == (35, 50, 0.7)
    assert (projects["with_action"], projects["entities"]) == (13, 30)


def test_goal_1_least_deviation_goals_2_and_3_most_negative(document: dict[str, Any]) -> None:
    assert document["highlights"] == {"least_deviation_goals": [1], "most_negative_goals": [2, 3]}


def test_mena_almost_two_thirds_met_the_highest_of_any_region(document: dict[str, Any]) -> None:
    regions = document["by_region"]
    mena = regions["middle_east_north_africa"]
    assert Fraction(3, 5) < Fraction(mena["met"], mena["outcomes"]) < Fraction(2, 3)
    assert max(regions, key=lambda region: regions[region]["shares"]["met"]) == "middle_east_north_africa"


def test_sections_lean_to_public_opinion_projects_to_regional_mechanisms(document: dict[str, Any]) -> None:
    targets = document["by_target"]
    assert max(targets, key=lambda code: targets[code]["section"]["count"]) == "general_public"
    regional = targets["regional_body"]
    assert regional["international_project"]["share"] > regional["section"]["share"]
