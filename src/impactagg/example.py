"""The example outcome the YAML template shows (a real kind of outcome from the 2016 review).

Its own module, so that validation (which warns where the example is left in a submission)
need not import the templates and their guidance.
"""

from __future__ import annotations

from typing import Any

EXAMPLE_TITLE = "Health officials agree to discuss barriers to abortion services"
EXAMPLE_OUTCOME: dict[str, Any] = {
    "title": EXAMPLE_TITLE,
    "description": "Senior officials of the health ministry met us twice in May and agreed to review "
    "the barriers women face in reaching legal abortion services.",
    "impact_type": "increased_dialogue",
    "strategic_goal": 2,
    "expectation": "met",
    "target": "government",
    "country": "ZA",
    "contribution": "We documented cases with partners and asked for the meetings.",
    "sources": ["Minutes of the meeting of 12 May"],
    "corroborated_by": ["Partner organisation"],
}
