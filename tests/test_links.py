"""Shared outcomes: the same change reported by several entities, linked by related_outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from impactagg.aggregate import Filters, summarize
from impactagg.models import Submission
from impactagg.validation import validate
from tests.builders import submission_data, write_yaml

SECTION = (
    "AI-ZA",
    "section",
    "africa",
    [
        ("increased_dialogue", 2, "met", "government", False),
        ("enhanced_capacity", 1, "met", "civil_society", False),
    ],
)
PROJECT = (
    "IP-AFR",
    "international_project",
    "africa",
    [("increased_dialogue", 2, "exceeded", "government", False)],
)


def _linked(section_links: list[str], project_links: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    section, project = submission_data(*SECTION), submission_data(*PROJECT)
    if section_links:
        section["outcomes"][0]["related_outcomes"] = section_links
    if project_links:
        project["outcomes"][0]["related_outcomes"] = project_links
    return section, project


def test_mutual_links_are_valid_and_count_as_one_change(tmp_path: Path) -> None:
    section, project = _linked(["IP-AFR-2016-01"], ["AI-ZA-2016-01"])
    write_yaml(tmp_path, section)
    write_yaml(tmp_path, project)
    assert validate([tmp_path]).problems == []
    summary = summarize([Submission.model_validate(section), Submission.model_validate(project)], 2016)
    assert (summary.outcomes, summary.distinct_changes, summary.linked_reports) == (3, 2, 2)
    assert summary.to_dict()["totals"]["distinct_changes"] == 2


def test_unknown_and_one_way_links_are_warnings_where_the_link_is(tmp_path: Path) -> None:
    section, project = _linked(["IP-AFR-2016-01", "IP-XX-2016-09"], [])
    section_path = write_yaml(tmp_path, section)
    write_yaml(tmp_path, project)
    report = validate([tmp_path])
    found = [(Path(p.path).name, p.code, p.field, p.value, str(p.severity)) for p in report.problems]
    assert found == [
        (section_path.name, "one-way-link", "outcomes[0].related_outcomes", "IP-AFR-2016-01", "warning"),
        (section_path.name, "unknown-link", "outcomes[0].related_outcomes", "IP-XX-2016-09", "warning"),
    ]
    assert report.exit_code == 0 and validate([tmp_path], strict=True).exit_code == 1


def test_links_in_csv_are_separated_by_semicolons(tmp_path: Path) -> None:
    header = (
        "entity_id,entity_name,entity_type,region,year,outcome_id,title,description,impact_type,"
        "strategic_goal,expectation,target,related_outcomes\n"
    )
    rows = (
        "AI-ZA,Section,section,africa,2016,AI-ZA-2016-01,T,D,increased_dialogue,2,met,government,IP-AFR-2016-01\n"
        "IP-AFR,Project,international_project,africa,2016,IP-AFR-2016-01,T,D,increased_dialogue,2,met,government,"
        "AI-ZA-2016-01; AI-ZA-2016-02\n"
    )
    path = tmp_path / "links.csv"
    path.write_text(header + rows)
    problems = validate([path]).problems
    assert [(p.code, p.line, p.field, p.value) for p in problems] == [
        ("unknown-link", 3, "related_outcomes", "AI-ZA-2016-02")
    ]


def test_a_chain_of_links_is_one_change_and_filters_cut_it() -> None:
    section, project = _linked(["IP-AFR-2016-01"], ["AI-ZA-2016-01", "AI-ZA-2016-02"])
    section["outcomes"][1]["related_outcomes"] = ["IP-AFR-2016-01"]
    submissions = [Submission.model_validate(section), Submission.model_validate(project)]
    whole = summarize(submissions, 2016)
    assert (whole.distinct_changes, whole.linked_reports) == (1, 3)
    goal_two = summarize(submissions, 2016, Filters(goals=frozenset({2})))  # AI-ZA-2016-02 is goal 1
    assert (goal_two.outcomes, goal_two.distinct_changes, goal_two.linked_reports) == (2, 1, 2)


def test_distinct_changes_are_the_link_graphs_connected_parts() -> None:
    # Against a plain graph search: random links (some to ids not counted, some to themselves,
    # ids in other cases) over outcomes of which a few link.
    import random

    from impactagg.aggregate import Counted, Reporter, _changes
    from impactagg.codes import EntityType, Expectation, ImpactType, Region, Target

    reporter = Reporter("AI-ZA", EntityType.SECTION, Region.AFRICA, 2016)
    generator = random.Random(3)
    for _ in range(200):
        count = generator.randint(1, 30)
        ids = [f"AI-ZA-2016-{n:02d}" for n in range(count)]
        links = {
            own: [generator.choice([*ids, "XX-1"]).lower() for _ in range(generator.randint(0, 3))]
            if generator.random() < 0.3
            else []
            for own in ids
        }
        outcomes = [
            Counted(
                reporter,
                own,
                ImpactType.INCREASED_DIALOGUE,
                1,
                Expectation.MET,
                Target.GOVERNMENT,
                False,
                tuple(links[own]),
            )
            for own in ids
        ]
        neighbours: dict[str, set[str]] = {own.casefold(): set() for own in ids}
        for own in ids:
            for other in links[own]:
                if other in neighbours and other != own.casefold():
                    neighbours[own.casefold()].add(other)
                    neighbours[other].add(own.casefold())
        seen: set[str] = set()
        parts = 0
        for start in neighbours:
            if start not in seen:
                parts += 1
                todo = [start]
                while todo:
                    key = todo.pop()
                    if key not in seen:
                        seen.add(key)
                        todo.extend(neighbours[key])
        expected = {"distinct_changes": parts, "linked_reports": sum(bool(n) for n in neighbours.values())}
        assert _changes(outcomes) == expected
