"""The outcome data standard, version 1, as pydantic models.

These models are the single source of truth: validation, the JSON Schema in
``schemas/``, the docs and the messages are all derived from them and from the
coded lists in :mod:`impactagg.codes`.

Input is forgiving where people are predictably inconsistent and strict where
a guess could change a figure: codes are case-insensitive and stripped,
impact types may be given by number, an empty optional value counts as absent;
but an unknown code, field or country is an error, never a silent default.
Every validator raises a :class:`PydanticCustomError` whose type is a code of
the problem catalogue, so the messages that reach people are ours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from impactagg.codes import (
    MAX_YEAR,
    MIN_YEAR,
    CodeList,
    EntityType,
    Expectation,
    ImpactType,
    Region,
    StrategicGoal,
    Target,
)
from impactagg.suggest import closest

SCHEMA_VERSION = 1

MAX_ID_LENGTH = 100
# An identifier: a letter or digit, then letters, digits, '.', '_' and '-'.
ID_FIRST, ID_REST = "[A-Za-z0-9]", "[A-Za-z0-9._-]"
_ID_PATTERN = rf"^{ID_FIRST}{ID_REST}*$"
_ID_RE = re.compile(_ID_PATTERN)
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# A date with a time of day: a spreadsheet's date-and-time cell (2016-05-12 13:30:00), or ISO 8601.
_DATE_TIME_RE = re.compile(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?$"
)


def _problem(code: str, message: str, suggestion: str | None = None) -> PydanticCustomError:
    # The message goes through the context so that braces in user values are not
    # read as format fields; the suggestion travels with it for fix lists.
    return PydanticCustomError(code, "{message}", {"message": message, "suggestion": suggestion})


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, bool):
        return "true/false"
    return f"a {type(value).__name__}"


def _text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    raise _problem("wrong-type", f"Expected text, found {_kind(value)}.")


def _identifier(value: object) -> str:
    text = _text(value)
    if not _ID_RE.match(text) or len(text) > MAX_ID_LENGTH:
        raise _problem(
            "invalid-id",
            f"'{_shorten(text)}' is not a valid identifier: use letters, digits, '-', '_' and "
            f"'.', starting with a letter or digit, at most {MAX_ID_LENGTH} characters (for example "
            "AI-KE-2016-01).",
        )
    return text


def parse_whole_number(value: object) -> int:
    """An integer given as a number or as text; '2.0' (as spreadsheets write it) is 2."""
    if isinstance(value, str):  # first: tables give every number as text
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) < 10:  # the common case, without a regex
            return int(text)
        # ASCII digits only: int() would also take full-width or Arabic-Indic digits.
        match = re.fullmatch(r"[+-]?([0-9]{1,9})(?:\.0+)?", text)
        if match:
            return int(text.split(".")[0])
        raise _problem("invalid-number", f"Expected a whole number, found '{_shorten(text)}'.")
    if isinstance(value, bool):
        raise _problem("invalid-number", f"Expected a whole number, found {_kind(value)}.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _problem("invalid-number", f"Expected a whole number, found {_kind(value)}.")


def _year(value: object) -> int:
    year = parse_whole_number(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _problem(
            "out-of-range", f"Year {year} is not plausible: give a year from {MIN_YEAR} to {MAX_YEAR}."
        )
    return year


def _schema_version(value: object) -> int:
    version = parse_whole_number(value)
    if version != SCHEMA_VERSION:
        raise _problem(
            "unsupported-schema-version",
            f"schema_version {version} is not supported: this impactagg reads version {SCHEMA_VERSION}.",
        )
    return version


_GOALS = frozenset(goal.number for goal in StrategicGoal)
_GOALS_ALLOWED = ", ".join(goal.value for goal in StrategicGoal)


def _strategic_goal(value: object) -> int:
    allowed = _GOALS_ALLOWED
    try:
        goal = parse_whole_number(value)
    except PydanticCustomError:
        shown = value.strip() if isinstance(value, str) else _kind(value)
        raise _problem(
            "unknown-code",
            f"Strategic goal '{_shorten(str(shown))}' is not a goal number. Allowed: {allowed}.",
        ) from None
    if goal not in _GOALS:
        raise _problem("unknown-code", f"Strategic goal {goal} does not exist. Allowed: {allowed}.")
    return goal


def _code_parser(enum: type[CodeList], noun: str) -> Callable[[object], CodeList]:
    """A validator that reads a code of ``enum`` case-insensitively."""
    by_code = {member.value: member for member in enum}
    allowed = ", ".join(by_code)

    def parse(value: object) -> CodeList:
        found = by_code.get(value) if type(value) is str else None
        if found is not None:
            return found  # the code as the standard writes it: most values, at once
        if isinstance(value, enum):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # impact types by number, from Python or a typed spreadsheet cell
        text = _text(value)  # shown as given in messages; looked up case-insensitively
        code = text.lower()
        if code in by_code:
            return by_code[code]
        number = re.fullmatch(r"([1-9])(?:\.0+)?", code)  # impact types by number, '2' or '2.0'
        if enum is ImpactType and number and int(number[1]) <= len(by_code):
            return list(enum)[int(number[1]) - 1]
        guess = closest(code, by_code)
        hint = f" Did you mean '{guess}'?" if guess else ""
        raise _problem(
            "unknown-code",
            f"{noun} '{_shorten(text)}' is not a known code.{hint} Allowed: {allowed}.",
            guess,
        )

    return parse


@cache
def _country_codes() -> dict[str, str]:
    import pycountry  # imported late: only needed once a country is checked

    return {country.alpha_2: country.name for country in pycountry.countries}


def known_country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code the standard accepts."""
    return frozenset(_country_codes())


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code."""
    return _country_codes().get(code, code)


# Codes people commonly use that ISO 3166-1 reserves for other purposes (EU and UK usage):
# suggested, never accepted, since a figure by country must use one code per country.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


def _country(value: object) -> str:
    text = _text(value)
    code = text.upper()
    if code in _country_codes():
        return code
    hint, guess = "", None
    import pycountry

    try:
        found = pycountry.countries.lookup(_COUNTRY_ALIASES.get(code, text))
    except LookupError:
        found = None
    if found is not None:
        guess = found.alpha_2
        hint = f" Did you mean '{found.alpha_2}' ({found.name})?"
    raise _problem(
        "unknown-country",
        f"Country '{_shorten(text)}' is not an ISO 3166-1 alpha-2 code.{hint} Use the "
        "two-letter code (for example KE for Kenya), or leave it empty for a regional or "
        "global outcome.",
        guess,
    )


def _real_date(text: str) -> dt.date | None:
    """The day ``text`` names, when it is a real one (``text`` matched as YYYY-MM-DD: Python's
    ISO reader takes other forms too)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if _DATE_RE.match(text) and (day := _real_date(text)) is not None:
        return day
    timed = _DATE_TIME_RE.match(text)
    if timed and (day := _real_date(timed[1])) is not None:
        # The standard takes the day alone: a submitter who typed a time in Excel is told so.
        raise _problem(
            "invalid-date",
            f"Date '{text}' holds a time of day as well: write the day alone, {day} (YYYY-MM-DD).",
            day.isoformat(),
        )
    raise _problem(
        "invalid-date",
        f"Date '{_shorten(text)}' is not a real date written as YYYY-MM-DD (for example 2016-05-12).",
    )


def _text_list(value: object) -> list[str]:
    if isinstance(value, str):
        raise _problem(
            "wrong-type",
            'Expected a list, found text: write it as a list (- item, or ["a", "b"]).',
        )
    if not isinstance(value, list):
        raise _problem("wrong-type", f"Expected a list of text, found {_kind(value)}.")
    items: list[str] = []
    for item in value:
        if item is None:
            continue
        if not isinstance(item, str):
            raise _problem("wrong-type", f"Expected a list of text, found an item that is {_kind(item)}.")
        if item.strip():
            items.append(item.strip())
    return items


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# The length constraint before the validator: pydantic then checks it in its own string schema;
# after it, it wraps the field in a Python function (the same error, a call per value).
Text = Annotated[str, Field(min_length=1), BeforeValidator(_text)]
Identifier = Annotated[
    str,
    BeforeValidator(_identifier),
    WithJsonSchema({"type": "string", "pattern": _ID_PATTERN, "minLength": 1, "maxLength": MAX_ID_LENGTH}),
]
IdentifierList = Annotated[list[Identifier], BeforeValidator(_text_list)]
Year = Annotated[
    int, BeforeValidator(_year), WithJsonSchema({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR})
]
Country = Annotated[
    str,
    BeforeValidator(_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$"}),
]
Date = Annotated[dt.date, BeforeValidator(parse_date)]
TextList = Annotated[list[str], BeforeValidator(_text_list)]
EntityTypeCode = Annotated[EntityType, BeforeValidator(_code_parser(EntityType, "Entity type"))]
RegionCode = Annotated[Region, BeforeValidator(_code_parser(Region, "Region"))]
ImpactTypeCode = Annotated[ImpactType, BeforeValidator(_code_parser(ImpactType, "Impact type"))]
ExpectationCode = Annotated[Expectation, BeforeValidator(_code_parser(Expectation, "Expectation"))]
TargetCode = Annotated[Target, BeforeValidator(_code_parser(Target, "Target"))]
Goal = Annotated[
    int,
    BeforeValidator(_strategic_goal),
    WithJsonSchema(
        {
            "type": "integer",
            "enum": [goal.number for goal in StrategicGoal],
            "enumDescriptions": [f"{goal.label}: {goal.meaning}" for goal in StrategicGoal],
        }
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Fields whose empty value means something (an empty list of outcomes).
    _keep_when_empty: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        return drop_empty(data, cls._keep_when_empty) if isinstance(data, dict) else data


def drop_empty(data: dict[str, Any], keep: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The values of ``data`` that the models see: an empty value counts as absent (so a required
    one is reported as missing); an empty list too, unless its field is in ``keep``."""
    # Spelt out without calls: this runs for every field of every outcome.
    kept = {}
    for key, value in data.items():
        if value is None:
            continue
        if type(value) is str:
            if not value or value.isspace():
                continue
        elif isinstance(value, str):
            if not value.strip():
                continue
        elif isinstance(value, list) and not value and key not in keep:
            continue
        kept[key] = value
    return kept


class Entity(_Strict):
    """The reporting entity: a national section or an international project."""

    id: Identifier = Field(description="Stable code of the reporting entity, e.g. AI-KE.")
    name: Text = Field(description="The entity's full name.")
    type: EntityTypeCode = Field(description="section or international_project.")
    region: RegionCode = Field(description="The region the entity reports under.")


class Outcome(_Strict):
    """One significant outcome: a change the entity contributed to."""

    id: Identifier = Field(
        description="Unique id of the outcome within the year, across all submissions, e.g. AI-KE-2016-01."
    )
    title: Text = Field(description="One line saying what changed.")
    description: Text = Field(description="What changed, who changed it, when and where.")
    impact_type: ImpactTypeCode = Field(
        description="Which of the six types of impact this is (the numbers 1-6 are accepted too)."
    )
    strategic_goal: Goal = Field(description="The strategic goal (1-5) the outcome serves.")
    expectation: ExpectationCode = Field(description="How the outcome compares with the minimum expectation.")
    target: TargetCode = Field(description="Who was influenced.")
    country: Country | None = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code of the country of focus; leave out for regional "
        "or global outcomes.",
    )
    date: Date | None = Field(default=None, description="When the change happened (YYYY-MM-DD).")
    contribution: Text | None = Field(default=None, description="How the entity contributed to it.")
    sources: TextList = Field(
        default_factory=list, description="Evidence: links, documents, minutes of meetings."
    )
    corroborated_by: TextList = Field(
        default_factory=list,
        description="Stakeholders (partners, communities) who confirmed the claim.",
    )
    related_outcomes: IdentifierList = Field(
        default_factory=list,
        description="Ids of other entities' reports of the same change (a change claimed by a section "
        "and a project); each report should link back.",
    )


class Submission(_Strict):
    """One entity's outcomes for one year: the content of one submission file."""

    model_config = ConfigDict(title="impactagg submission")

    # ``outcomes: []`` is a valid submission with nothing to claim; a missing
    # ``outcomes`` key is not.
    _keep_when_empty: ClassVar[frozenset[str]] = frozenset({"outcomes"})

    schema_version: Annotated[Literal[1], BeforeValidator(_schema_version)] = Field(
        description="Version of the data standard; always 1."
    )
    entity: Entity = Field(description="Who reports.")
    year: Year = Field(description="The reporting year.")
    outcomes: list[Outcome] = Field(
        description="The significant outcomes of the year; `outcomes: []` when there is nothing to claim."
    )


# The coded fields of each model and their lists: the source for messages,
# documentation, templates and drop-down lists.
CODED_FIELDS: dict[type[BaseModel], dict[str, type[CodeList]]] = {
    Entity: {"type": EntityType, "region": Region},
    Outcome: {
        "impact_type": ImpactType,
        "strategic_goal": StrategicGoal,
        "expectation": Expectation,
        "target": Target,
    },
    Submission: {},
}


@cache  # a validator built once per field (each costs a schema build)
def field_parser(model: type[BaseModel], name: str) -> Callable[[Any], Any]:
    """The model's own validation of one of its fields, alone: what the model makes of a value
    given for it (not empty: the model leaves out empty values before its fields see them).

    For reading many values of one field (a column) without building whole models.
    """
    info = model.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation).validate_python
