"""Did-you-mean suggestions for misspelt codes, fields and columns."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``value``, or None when nothing is close enough."""
    options = list(choices)
    lowered = value.strip().lower()
    by_lower = {option.lower(): option for option in options}
    matches = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=0.75)
    return by_lower[matches[0]] if matches else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """ " Did you mean 'x'?" (with a leading space), or an empty string."""
    match = closest(value, choices)
    return f" Did you mean '{match}'?" if match else ""
