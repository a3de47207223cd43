"""The Python API: the same objects the command line renders, typed and documented."""

from __future__ import annotations

import json

import pytest

import impactagg
from impactagg.codes import ImpactType
from impactagg.summary_run import run_summary
from tests.conftest import INVALID, SAMPLE_DATA, VALID


def test_public_names_are_the_functions_not_modules_of_the_same_name() -> None:
    # Importing submodules must not shadow the API functions of the same package.
    import impactagg.readers
    import impactagg.validation

    for name in ("load", "validate", "summarize"):
        assert callable(getattr(impactagg, name)), name
    assert impactagg.__version__
    with pytest.raises(AttributeError):
        impactagg.nothing_here  # noqa: B018 - the attribute lookup itself is what is tested


def test_outcomes_frame_has_categorical_columns_in_the_standards_order() -> None:
    frame = impactagg.load([SAMPLE_DATA], year=2016).outcomes
    assert len(frame) == 350
    assert list(frame["impact_type"].cat.categories) == [code.value for code in ImpactType]
    assert list(frame["strategic_goal"].cat.categories) == [1, 2, 3, 4, 5]
    assert frame["impact_type"].cat.ordered
    assert (
        frame.loc[frame["outcome_id"] == "AI-KE-2016-01", "entity_name"].item()
        == "Amnesty International Kenya"
    )


def test_summarize_returns_what_the_cli_prints() -> None:
    data = impactagg.load([SAMPLE_DATA])
    summary = impactagg.summarize(data)  # the only year in the data
    expected = run_summary([str(SAMPLE_DATA)], 2016).to_dict()
    document = summary.to_dict()
    assert json.dumps(document) == json.dumps({k: v for k, v in expected.items() if k in document})
    frame = summary.to_frame()
    row = frame[(frame["figure"] == "expectation") & (frame["code"] == "met")].iloc[0]
    assert (row["count"], row["total"]) == (154, 350)


def test_load_keeps_valid_submissions_and_the_problems() -> None:
    data = impactagg.load([VALID, INVALID / "unknown-goal.yaml"], year=2016)
    assert {s.entity.id for s in data.submissions} == {"AI-UG", "IP-AFR-DEFENDERS", "IP-MENA-REFUGEES"}
    assert {p.code for p in data.problems} >= {"unknown-code", "duplicate-submission"}
    assert not data.report.valid


def test_summarize_says_which_codes_it_takes() -> None:
    data = impactagg.load([SAMPLE_DATA])
    assert impactagg.summarize(data, region="AFRICA", goal=[1, 2]).filters.goals == frozenset({1, 2})
    with pytest.raises(ValueError, match="afrika"):
        impactagg.summarize(data, region="afrika")
