"""The coded lists of the data standard: the one place their codes and meanings live.

Every other artefact (validation, JSON Schema, docs, templates, messages) reads
these enumerations, so a code is added or reworded here and nowhere else.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

# The range of plausible reporting years (a year outside it is a typing slip).
MIN_YEAR = 1900
MAX_YEAR = 2100


class CodeList(StrEnum):
    """A string enumeration whose members carry a short label and a plain-language meaning."""

    label: str
    meaning: str

    def __new__(cls, code: str, label: str, meaning: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.meaning = meaning
        return member

    def __str__(self) -> str:
        return str(self.value)


class ImpactType(CodeList):
    """The six types of impact, in the framework's order (1-6)."""

    CONCRETE_ACTION_SPECIFIC = (
        "concrete_action_specific",
        "Concrete action on a specific violation",
        "Concrete action by the power holder in the country of focus on a specific, "
        "narrow or isolated violation.",
    )
    CONCRETE_ACTION_BROAD = (
        "concrete_action_broad",
        "Concrete action with broad effect",
        "Concrete action with broad effect by the power holder in the country of focus.",
    )
    ENHANCED_CAPACITY = (
        "enhanced_capacity",
        "Enhanced capacity",
        "Enhanced capacity of civil society organisations, human rights defenders or "
        "rights-holders to address a violation or claim their rights.",
    )
    STRENGTHENED_CALLS = (
        "strengthened_calls",
        "Strengthened calls",
        "Strengthened calls or recommendations by a second-country government or other international actors.",
    )
    INFLUENCED_STANDARDS = (
        "influenced_standards",
        "Influenced standards",
        "Influenced guidelines, policies or standards of a regional or international body.",
    )
    INCREASED_DIALOGUE = (
        "increased_dialogue",
        "Increased dialogue",
        "Increased engagement or dialogue on violations by the power holder in the country of focus.",
    )

    @property
    def number(self) -> int:
        """The type's number in the framework (1-6), also accepted as input."""
        return list(ImpactType).index(self) + 1


# An outcome of one of these types is "tangible government action" in the review.
GOVERNMENT_ACTION_TYPES = frozenset({ImpactType.CONCRETE_ACTION_SPECIFIC, ImpactType.CONCRETE_ACTION_BROAD})


class StrategicGoal(CodeList):
    """The five strategic goals. Their codes are the digits 1-5."""

    RECLAIMING_FREEDOMS = (
        "1",
        "Reclaiming freedoms",
        "Everyone knows and can claim their rights.",
    )
    EQUAL_RIGHTS = (
        "2",
        "Securing equal rights for all",
        "Human rights and justice are enjoyed without discrimination.",
    )
    RESPONDING_TO_CRISES = (
        "3",
        "Responding to crises",
        "People are protected during conflict and crises.",
    )
    ENSURING_ACCOUNTABILITY = (
        "4",
        "Ensuring accountability",
        "Human rights abusers are held accountable.",
    )
    MAXIMISING_RESOURCES = (
        "5",
        "Maximising resources and engagement",
        "A truly global human rights movement.",
    )

    @property
    def number(self) -> int:
        return int(self.value)

    @classmethod
    def from_number(cls, number: int) -> StrategicGoal:
        return {goal.number: goal for goal in cls}[number]


class Expectation(CodeList):
    """How the outcome compares with what the entity expected when it planned the work."""

    EXCEEDED = ("exceeded", "Exceeded", "The outcome went beyond the minimum expectation.")
    MET = ("met", "Met", "The outcome is in line with the minimum expectation.")
    NEGATIVE = (
        "negative",
        "Negative",
        "The outcome fell short of the minimum expectation, or the situation got worse.",
    )


class Target(CodeList):
    """Who was influenced: the actor whose behaviour, policy or capacity changed."""

    GOVERNMENT = (
        "government",
        "Government",
        "The power holder in the country of focus (government, authorities, courts, security forces).",
    )
    OTHER_GOVERNMENT = (
        "other_government",
        "Other government",
        "A government of another country than the country of focus.",
    )
    REGIONAL_BODY = (
        "regional_body",
        "Regional body",
        "A regional intergovernmental body or mechanism (for example the African Union, "
        "the Council of Europe).",
    )
    INTERNATIONAL_BODY = (
        "international_body",
        "International body",
        "An international body or mechanism (for example the UN and its special procedures).",
    )
    CIVIL_SOCIETY = (
        "civil_society",
        "Civil society",
        "Civil society organisations, human rights defenders and the wider movement.",
    )
    RIGHTS_HOLDERS = (
        "rights_holders",
        "Rights-holders",
        "The people whose rights are at stake, and their communities.",
    )
    GENERAL_PUBLIC = ("general_public", "General public", "Public opinion at large.")
    CORPORATE = ("corporate", "Corporate", "Companies and other business actors.")


class EntityType(CodeList):
    """The two kinds of reporting entity."""

    SECTION = ("section", "Section", "A national section of the movement.")
    INTERNATIONAL_PROJECT = (
        "international_project",
        "International project",
        "A project coordinated by the international secretariat or a regional office.",
    )


class Region(CodeList):
    """The five regions the movement reports by."""

    AFRICA = ("africa", "Africa", "Sub-Saharan Africa.")
    AMERICAS = ("americas", "Americas", "North, Central and South America and the Caribbean.")
    ASIA_PACIFIC = ("asia_pacific", "Asia and the Pacific", "Asia and the Pacific.")
    EUROPE_CENTRAL_ASIA = (
        "europe_central_asia",
        "Europe and Central Asia",
        "Europe and Central Asia.",
    )
    MIDDLE_EAST_NORTH_AFRICA = (
        "middle_east_north_africa",
        "Middle East and North Africa",
        "The Middle East and North Africa.",
    )
