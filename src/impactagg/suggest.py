"""Did-you-mean suggestions for misspelt codes, fields and columns."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice ``value`` most likely stands for, or None when nothing is close enough.

    A shortened code ('europe' for 'europe_central_asia', 'goal' for
    'strategic_goal') is matched when it starts or sits inside exactly one
    choice; otherwise the closest spelling is taken (typing slips).
    """
    return _closest(value, tuple(choices))


# A large export repeats its slips (the same misspelt code in thousands of rows), and difflib
# is slow: each distinct question is answered once.
@lru_cache(maxsize=4096)
def _closest(value: str, choices: tuple[str, ...]) -> str | None:
    def normal(text: str) -> str:
        return text.strip().lower().replace(" ", "_").replace("-", "_")

    wanted = normal(value)
    by_lower = {normal(option): option for option in choices}
    if len(wanted) >= 3:
        for test in (str.startswith, str.__contains__):
            found = [option for lower, option in by_lower.items() if test(lower, wanted)]
            if len(found) == 1:
                return found[0]
    matches = difflib.get_close_matches(wanted, list(by_lower), n=1, cutoff=0.75)
    return by_lower[matches[0]] if matches else None
