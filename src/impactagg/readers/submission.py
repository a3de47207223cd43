"""What a reader hands to validation: raw submission data and where each part sits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from impactagg.problems import Problem
from impactagg.readers.locate import Locator


@dataclass(slots=True)
class RawSubmission:
    """One submission as read from a file, before validation.

    ``data`` holds text, lists, mappings and None only: typing is the models'
    job, so that YAML and CSV input are judged by exactly the same rules.
    ``problems`` are those the reader found in this submission's part of the
    file (duplicate keys, ragged rows ...).
    """

    data: Any
    locator: Locator
    line: int  # where the submission starts, for ordering and messages
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class ReadResult:
    """A file's submissions, and the problems that belong to no one submission."""

    path: str
    format: str
    submissions: list[RawSubmission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Warning codes the file itself silences ("# impactagg: ignore contact-details" in YAML).
    ignored: frozenset[str] = frozenset()
    sha256: str | None = None  # of the bytes read, for provenance; None when nothing could be read
