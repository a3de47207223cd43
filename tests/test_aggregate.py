"""Every figure of the summary on small data whose answers are worked out by hand."""

from __future__ import annotations

from impactagg.aggregate import Filters, summarize
from impactagg.codes import EntityType, Region
from tests.builders import known_year, submission


def test_totals_and_corroboration() -> None:
    document = summarize(known_year(), 2016).to_dict()
    assert document["totals"] == {
        "outcomes": 5,
        "submissions": 4,
        "section": 3,
        "international_project": 1,
        "corroborated": 1,
        "corroborated_share": 0.2,
        "distinct_changes": 5,
        "linked_reports": 0,
    }


def test_expectation_overall() -> None:
    assert summarize(known_year(), 2016).to_dict()["expectation"] == {
        "exceeded": {"count": 1, "share": 0.2},
        "met": {"count": 2, "share": 0.4},
        "negative": {"count": 2, "share": 0.4},
    }


def test_by_target_lists_every_code_with_shares_per_entity_type() -> None:
    by_target = summarize(known_year(), 2016).to_dict()["by_target"]
    assert list(by_target) == [
        "government",
        "other_government",
        "regional_body",
        "international_body",
        "civil_society",
        "rights_holders",
        "general_public",
        "corporate",
    ]
    assert by_target["government"] == {
        "count": 1,
        "share": 0.2,
        "section": {"count": 1, "share": 1 / 3},
        "international_project": {"count": 0, "share": 0.0},
    }
    assert by_target["regional_body"]["international_project"] == {"count": 1, "share": 0.5}
    assert by_target["corporate"] == {
        "count": 0,
        "share": 0.0,
        "section": {"count": 0, "share": 0.0},
        "international_project": {"count": 0, "share": 0.0},
    }
    assert sum(row["count"] for row in by_target.values()) == 5


def test_by_impact_type() -> None:
    by_type = summarize(known_year(), 2016).to_dict()["by_impact_type"]
    assert {code: row["count"] for code, row in by_type.items()} == {
        "concrete_action_specific": 1,
        "concrete_action_broad": 1,
        "enhanced_capacity": 1,
        "strengthened_calls": 0,
        "influenced_standards": 1,
        "increased_dialogue": 1,
    }
    assert by_type["concrete_action_broad"]["international_project"] == {"count": 1, "share": 0.5}


def test_by_goal_with_empty_goals_and_highlights_naming_ties() -> None:
    summary = summarize(known_year(), 2016)
    by_goal = summary.to_dict()["by_goal"]
    assert by_goal["1"] == {
        "outcomes": 1,
        "exceeded": 0,
        "met": 1,
        "negative": 0,
        "shares": {"exceeded": 0.0, "met": 1.0, "negative": 0.0},
    }
    assert by_goal["2"] == {
        "outcomes": 2,
        "exceeded": 1,
        "met": 0,
        "negative": 1,
        "shares": {"exceeded": 0.5, "met": 0.0, "negative": 0.5},
    }
    assert by_goal["3"]["negative"] == 1 and by_goal["3"]["met"] == 1
    assert by_goal["4"] == {
        "outcomes": 0,
        "exceeded": 0,
        "met": 0,
        "negative": 0,
        "shares": {"exceeded": None, "met": None, "negative": None},
    }
    assert summary.least_deviation_goals == [1]
    assert summary.most_negative_goals == [2, 3]


def test_by_region_uses_the_entitys_region() -> None:
    by_region = summarize(known_year(), 2016).to_dict()["by_region"]
    assert {region: row["outcomes"] for region, row in by_region.items()} == {
        "africa": 2,
        "americas": 2,
        "asia_pacific": 0,
        "europe_central_asia": 0,
        "middle_east_north_africa": 1,
    }
    assert by_region["middle_east_north_africa"]["shares"]["negative"] == 1.0


def test_government_action_counts_entities_not_outcomes() -> None:
    action = summarize(known_year(), 2016).to_dict()["government_action"]
    assert action == {
        "section": {
            "entities": 3,
            "with_action": 1,
            "share": 1 / 3,
        },  # S3 reported nothing: counted, no action
        "international_project": {"entities": 1, "with_action": 1, "share": 1.0},
    }


def test_goal_filter_narrows_every_figure_including_government_action() -> None:
    summary = summarize(known_year(), 2016, Filters(goals=frozenset({2})))
    document = summary.to_dict()
    assert document["totals"]["outcomes"] == 2
    assert document["totals"]["submissions"] == 4  # the entity filters pass every entity
    assert document["government_action"]["section"] == {"entities": 3, "with_action": 0, "share": 0.0}
    assert document["by_goal"]["1"]["outcomes"] == 0
    assert document["filters"] == {"region": [], "goal": [2], "entity_type": []}
    assert summary.least_deviation_goals == [] and summary.most_negative_goals == [2]


def test_region_and_entity_type_filters_narrow_entities() -> None:
    africa = summarize(known_year(), 2016, Filters(regions=frozenset({Region.AFRICA}))).to_dict()
    assert africa["totals"]["submissions"] == 1 and africa["totals"]["outcomes"] == 2
    projects = summarize(
        known_year(), 2016, Filters(entity_types=frozenset({EntityType.INTERNATIONAL_PROJECT}))
    ).to_dict()
    assert projects["totals"] == {
        "outcomes": 2,
        "submissions": 1,
        "section": 0,
        "international_project": 1,
        "corroborated": 0,
        "corroborated_share": 0.0,
        "distinct_changes": 2,
        "linked_reports": 0,
    }
    assert projects["government_action"]["section"] == {"entities": 0, "with_action": 0, "share": None}


def test_an_empty_selection_has_zero_counts_and_no_shares() -> None:
    document = summarize(known_year(), 2016, Filters(regions=frozenset({Region.ASIA_PACIFIC}))).to_dict()
    assert document["totals"]["outcomes"] == 0
    assert document["expectation"]["met"] == {"count": 0, "share": None}
    assert document["highlights"] == {"least_deviation_goals": [], "most_negative_goals": []}


def test_other_years_are_ignored() -> None:
    extra = submission(
        "S9", "section", "africa", [("concrete_action_broad", 1, "met", "government", True)], year=2015
    )
    assert summarize([*known_year(), extra], 2016).to_dict() == summarize(known_year(), 2016).to_dict()
