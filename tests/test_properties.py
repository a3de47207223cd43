"""Property tests: valid submissions always validate and round-trip; mutated ones never crash."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from impactagg.models import Submission
from impactagg.problems import Severity
from impactagg.readers import read_bytes
from impactagg.validation import validate
from tests.roundtrip import to_csv, to_xlsx, to_yaml
from tests.strategies import submission_data

# Problems about a whole file that has no line to point at.
_FILE_LEVEL = {"empty-file", "not-a-workbook", "missing-sheet"}


def _read(data: bytes, suffix: str) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"submission.{suffix}"
        path.write_bytes(data)
        report = validate([path])
        for checked in report.submissions:
            _ = checked.submission  # built while the file exists (a table read by columns reads it again)
        return report


@given(submission_data())
def test_a_valid_submission_validates_and_round_trips_through_every_format(data: dict[str, Any]) -> None:
    expected = Submission.model_validate(data)
    for suffix, content in (("yaml", to_yaml(data).encode()), ("csv", to_csv(data).encode())):
        if suffix == "csv" and not data["outcomes"]:
            continue  # a table with no rows holds no entity: CSV cannot say "nothing to report"
        report = _read(content, suffix)
        errors = [p for p in report.problems if p.severity is Severity.ERROR]
        assert errors == [], (suffix, errors)
        assert report.submissions[0].submission == expected, suffix
    if data["outcomes"]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "submission.xlsx"
            to_xlsx(data, path)
            report = validate([path])
            assert [p for p in report.problems if p.severity is Severity.ERROR] == []
            assert report.submissions[0].submission == expected


_WRONG_VALUES = st.sampled_from(
    [[], ["a", "b"], {"a": 1}, None, "", "x" * 3, "2016-02-30", "-1", "9999999999"]
)


@st.composite
def mutated_yaml(draw: st.DrawFn) -> bytes:
    data = draw(submission_data())
    kind = draw(st.sampled_from(["drop", "retype", "misspell", "duplicate", "corrupt"]))
    places: list[dict[str, Any]] = [data, data["entity"], *data["outcomes"]]
    target = draw(st.sampled_from(places))
    keys = list(target)
    key = draw(st.sampled_from(keys))
    if kind == "drop":
        del target[key]
    elif kind == "retype":
        target[key] = draw(_WRONG_VALUES)
    elif kind == "misspell":
        position = draw(st.integers(0, len(key)))
        target[key[:position] + draw(st.sampled_from("aex_")) + key[position:]] = target.pop(key)
    text = to_yaml(data).encode()
    if kind == "duplicate":
        lines = text.splitlines(keepends=True)
        line = draw(st.sampled_from(lines))
        text = text + line if not line.startswith((b" ", b"-")) else text.replace(line, line + line, 1)
    elif kind == "corrupt":
        position = draw(st.integers(0, max(0, len(text) - 1)))
        junk = draw(st.binary(min_size=1, max_size=4))
        text = text[:position] + junk + text[position + len(junk) :]
    return text


@given(mutated_yaml())
def test_a_mutated_submission_is_valid_or_rejected_with_a_located_problem(text: bytes) -> None:
    report = _read(text, "yaml")  # must not raise, whatever the bytes
    errors = [p for p in report.problems if p.severity is Severity.ERROR]
    if report.exit_code == 0:
        assert errors == []
    else:
        assert errors
        assert any(p.line is not None or p.code in _FILE_LEVEL for p in errors), errors


@given(st.binary(max_size=300), st.sampled_from(["yaml", "csv", "xlsx"]))
def test_arbitrary_bytes_never_raise(data: bytes, file_format: str) -> None:
    result = read_bytes(data, f"junk.{file_format}", file_format)
    assert result.problems or result.submissions


@given(submission_data(), st.integers(0, 10_000), st.binary(min_size=1, max_size=3))
def test_corrupted_csv_never_raises(data: dict[str, Any], position: int, junk: bytes) -> None:
    text = to_csv(data).encode()
    position %= max(1, len(text))
    report = _read(text[:position] + junk + text[position + len(junk) :], "csv")
    assert report.exit_code in (0, 1, 2)
