"""The rules of the standard applied to read submissions: per submission, then across files."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, get_args, overload

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from impactagg.codes import MAX_YEAR, MIN_YEAR, CodeList
from impactagg.example import EXAMPLE_TITLE
from impactagg.models import (
    CODED_FIELDS,
    Entity,
    Outcome,
    Submission,
    drop_empty,
    field_parser,
    parse_date,
    parse_whole_number,
)
from impactagg.problems import RULES, Problem, Severity
from impactagg.readers.locate import DataPath, Location
from impactagg.readers.submission import RawSubmission
from impactagg.suggest import closest

if TYPE_CHECKING:
    from impactagg.aggregate import Counted, Reporter


class CheckedSubmission:
    """One submission after validation. ``submission`` is None when the models rejected it.

    A submission read by columns from a large table (:mod:`impactagg.readers.columnar`) is
    checked without building its outcomes: made by :meth:`deferred`, it asks its source for its
    raw data and its model on first use, so that a million valid rows cost next to nothing
    until a figure needs them.
    """

    __slots__ = (
        "_accepted",
        "_loaded",
        "_number",
        "_raw",
        "_source",
        "_submission",
        "entity_id",
        "outcome_count",
        "path",
        "problems",
        "year",
    )

    def __init__(
        self,
        path: str,
        raw: RawSubmission,
        submission: Submission | None,
        problems: list[Problem] | None = None,
        accepted: bool | None = None,
    ) -> None:
        self.path = path
        self._raw: RawSubmission | None = raw
        self.problems = problems if problems is not None else []
        self._submission = submission
        # Accepted without its model where only some values were read (check_fields).
        self._accepted = submission is not None if accepted is None else accepted
        self._source: DeferredSource | None = None
        self._number = 0
        self._loaded: list[Any] | None = None
        # Read once from the raw data (cross-file checks ask for them many times).
        entity = raw.data.get("entity")
        value = entity.get("id") if isinstance(entity, dict) else None
        self.entity_id = value.strip() if isinstance(value, str) and value.strip() else None
        try:
            # The year as written, when it can be read at all (also for invalid submissions).
            self.year: int | None = parse_whole_number(raw.data.get("year"))
        except PydanticCustomError:
            self.year = None
        self.outcome_count = len(self._raw_list())

    @classmethod
    def deferred(
        cls,
        source: DeferredSource,
        number: int,
        path: str,
        entity_id: str | None,
        year: int | None,
        outcome_count: int,
        problems: list[Problem],
        accepted: bool,
    ) -> CheckedSubmission:
        """Submission ``number`` of ``source``, checked already, built when first asked for."""
        checked = cls.__new__(cls)
        checked.path, checked.problems, checked.entity_id, checked.year = path, problems, entity_id, year
        checked._accepted = accepted
        checked.defer(source, number, outcome_count)
        return checked

    def defer(self, source: DeferredSource, number: int, outcome_count: int) -> None:
        """Become submission ``number`` of ``source``, of ``outcome_count`` outcomes there, its
        problems and acceptance kept: its raw data, outcomes and model are then built from the
        source when first asked for (what was read of it so far may be only part of it)."""
        self._source, self._number, self.outcome_count = source, number, outcome_count
        self._raw = self._submission = self._loaded = None

    @property
    def raw(self) -> RawSubmission:
        if self._raw is None:
            assert self._source is not None
            self._raw = self._source.raw_of(self._number)
        return self._raw

    def __repr__(self) -> str:
        return f"CheckedSubmission({self.path!r}, entity_id={self.entity_id!r}, year={self.year!r})"

    def _raw_list(self) -> list[Any]:
        outcomes = self.raw.data.get("outcomes")
        return outcomes if isinstance(outcomes, list) else []

    def _load(self) -> None:
        if self._source is not None and self._loaded is None:
            self._source.load(self)

    def resolve(self, raw_outcomes: list[Any], submission: Submission | None) -> None:
        """Set what a deferred submission's source built (a source may build many at once)."""
        self._loaded, self._submission = raw_outcomes, submission

    @property
    def pending(self) -> bool:
        """Whether its outcomes and model are still to be built."""
        return self.deferred_place is not None

    @property
    def deferred_number(self) -> int:
        """Its number in its source (0 for a submission of no source)."""
        return self._number

    @property
    def deferred_place(self) -> tuple[DeferredSource, int] | None:
        """Its source and number there, while its outcomes and model are still to be built."""
        return (self._source, self._number) if self._source is not None and self._loaded is None else None

    @property
    def accepted(self) -> bool:
        """Whether the models accepted it (known without building a deferred submission)."""
        return self._accepted

    @property
    def submission(self) -> Submission | None:
        self._load()
        return self._submission

    @property
    def valid(self) -> bool:
        # Most submissions of a large table have no problem at all: no need to walk them.
        return self._accepted and not (
            self.problems and any(problem.severity is Severity.ERROR for problem in self.problems)
        )

    @property
    def raw_outcomes(self) -> list[Any]:
        self._load()
        return self._loaded if self._loaded is not None else self._raw_list()


class DeferredSource(Protocol):
    """Where deferred submissions come from: a large table read by columns."""

    def raw_of(self, number: int) -> RawSubmission:
        """The raw data of submission ``number`` (entity and year; outcomes come with load)."""
        ...

    def load(self, checked: CheckedSubmission) -> None:
        """Build the outcomes and model of ``checked`` (and may of others), through resolve()."""
        ...

    def load_many(self, numbers: Sequence[int]) -> None:
        """Build the outcomes and models of submissions ``numbers`` (those still pending) at once."""
        ...

    def counts(self, numbers: Sequence[int]) -> dict[int, tuple[Reporter, list[Counted]]]:
        """What the figures count of accepted submissions ``numbers``, without their models."""
        ...

    def details(self, numbers: Sequence[int], names: Sequence[str]) -> dict[int, list[dict[str, Any]]]:
        """Outcome fields ``names`` of accepted submissions ``numbers``, without their models:
        for each, its outcomes' values in the order of :meth:`counts`' outcomes."""
        ...


class SubmissionSequence(Sequence[CheckedSubmission]):
    """Submissions found by their position (``_at``), for sequences that make or find them on
    demand rather than hold them in a list."""

    @overload
    def __getitem__(self, index: int) -> CheckedSubmission: ...

    @overload
    def __getitem__(self, index: slice) -> list[CheckedSubmission]: ...

    def __getitem__(self, index: int | slice) -> CheckedSubmission | list[CheckedSubmission]:
        if isinstance(index, slice):
            return [self._at(number) for number in range(*index.indices(len(self)))]
        number = index + len(self) if index < 0 else index
        if not 0 <= number < len(self):
            raise IndexError(index)
        return self._at(number)

    def _at(self, number: int) -> CheckedSubmission:
        """Submission ``number``, from 0 to ``len(self) - 1``."""
        raise NotImplementedError


class DeferredSubmissions(SubmissionSequence):
    """The submissions of a large table, each made (``CheckedSubmission.deferred``) when first
    asked for, the same object each time after.

    A million-row table holds about 160,000 submissions, and a validation looks at few of them one
    by one: a report counts them and gives a line for each, which it takes from the columns here
    (``summaries``), and only the submissions made can hold problems (``made``): those read again
    are made from the start, with theirs, and the checks across files make those they add to.
    Iterating makes them all at once.
    """

    __slots__ = ("_all", "_counts", "_ids", "_made", "_path", "_source", "_years")

    def __init__(
        self,
        source: DeferredSource,
        path: str,
        ids: list[str | None],
        years: list[int | None],
        counts: list[int],
        made: dict[int, CheckedSubmission],
    ) -> None:
        self._source, self._path = source, path
        self._ids, self._years, self._counts = ids, years, counts  # each submission's, in order
        self._made = made  # by number
        self._all: list[CheckedSubmission] | None = None

    def __len__(self) -> int:
        return len(self._counts)

    def _at(self, number: int) -> CheckedSubmission:
        if self._all is not None:
            return self._all[number]
        found = self._made.get(number)
        if found is None:
            found = self._made[number] = self._make(number)
        return found

    def __iter__(self) -> Iterator[CheckedSubmission]:
        if self._all is None:  # all at once, as fast as a list of them
            made, deferred, source, path = self._made, CheckedSubmission.deferred, self._source, self._path
            self._all = [
                made.get(number) or deferred(source, number, path, entity_id, year, count, [], True)
                for number, (entity_id, year, count) in enumerate(
                    zip(self._ids, self._years, self._counts, strict=True)
                )
            ]
        return iter(self._all)

    def _make(self, number: int) -> CheckedSubmission:
        return CheckedSubmission.deferred(
            self._source,
            number,
            self._path,
            self._ids[number],
            self._years[number],
            self._counts[number],
            [],
            True,
        )

    def made(self) -> list[CheckedSubmission]:
        """The submissions made so far, in order: the others hold no problems."""
        if self._all is not None:
            return self._all
        return [self._made[number] for number in sorted(self._made)]

    def outcome_total(self) -> int:
        return sum(self._counts)

    def years(self) -> list[int | None]:
        """Each submission's year, in order, without making it (not to be changed)."""
        return self._years

    def summaries(self) -> tuple[list[str | None], list[int | None], list[int], list[bool]]:
        """Each submission's entity id, year, outcome count and validity, in order, without making
        it (one not made yet is accepted, with no problem)."""
        valid = [True] * len(self)
        for checked in self.made():
            valid[checked.deferred_number] = checked.valid
        return self._ids, self._years, self._counts, valid


def check_submission(path: str, raw: RawSubmission) -> CheckedSubmission:
    """Validate one submission against the models, locating every problem."""
    problems = list(raw.problems)
    try:
        submission: Submission | None = Submission.model_validate(raw.data)
    except ValidationError as error:
        submission = None
        problems.extend(problems_from_validation(path, raw, error, Submission))
    checked = CheckedSubmission(path, raw, submission, problems)
    problems.extend(_dates_outside_year(checked))
    problems.extend(_contact_details(checked))
    problems.extend(_template_examples(checked))
    return checked


FieldErrors = dict[tuple[str, Any], list[ErrorDetails]]  # (field, value) -> its validator's errors


def check_fields(
    path: str, raw: RawSubmission, fields: Sequence[frozenset[str]], seen: FieldErrors | None = None
) -> CheckedSubmission:
    """:func:`check_submission` for a submission whose schema version, entity and year the
    models surely accept, and whose outcome ``n`` only its values of ``fields[n]`` may make
    them refuse or warn about: the same problems, each value of ``fields`` read by the model's
    own validator of its field (what the model would do with it), and no other value read.

    For the rows of a large table that fail a test of a few cells (``readers/columnar.py``;
    values are text, or lists of text): reading a whole submission's model for each costs
    several times as much. Right only while no rule of the models reads two fields at once
    (``tests/test_columnar.py`` holds them to that). ``seen`` keeps
    what the validators said of each value, for the next submissions of the same table (a
    misspelt code comes back many times). Its model is not built (``submission`` is None,
    ``accepted`` says whether the models accept it): the table builds it when a command asks.
    """
    seen = {} if seen is None else seen
    errors: list[ErrorDetails] = []
    outcomes = raw.data["outcomes"]
    for index, (outcome, names) in enumerate(zip(outcomes, fields, strict=True)):
        given = drop_empty({name: outcome.get(name) for name in names})  # what the model's fields see
        for name in names:
            loc: DataPath = ("outcomes", index, name)
            if name in given:
                found = _field_errors(name, given[name], seen)
                errors.extend({**details, "loc": (*loc, *details["loc"])} for details in found)
            elif Outcome.model_fields[name].is_required():
                errors.append({"type": "missing", "loc": loc, "msg": "Field required", "input": outcome})
    problems = [*raw.problems, *_problems_from_errors(path, raw, errors, Submission)]
    checked = CheckedSubmission(path, raw, None, problems, accepted=not errors)
    year = checked.year
    for index, (outcome, names) in enumerate(zip(outcomes, fields, strict=True)):
        if not names & _MAY_WARN:
            continue
        if "date" in names and year is not None:
            problems.extend(_date_outside_year(checked, year, index, outcome))
        texts = [name for name in FREE_TEXT_FIELDS if name in names]
        problems.extend(_contact_details_in(checked, index, outcome, texts))
        if "title" in names:
            problems.extend(_template_example(checked, index, outcome))
    return checked


def _field_errors(name: str, value: Any, seen: FieldErrors) -> list[ErrorDetails]:
    """The errors of the model's validator of outcome field ``name`` on ``value`` (located
    within the field), each distinct value read once."""
    key = (name, tuple(value) if isinstance(value, list) else value)
    found = seen.get(key)
    if found is None:
        try:
            field_parser(Outcome, name)(value)
            found = []
        except ValidationError as error:
            found = error.errors(include_url=False)
        seen[key] = found
    return found


def _template_examples(checked: CheckedSubmission) -> list[Problem]:
    """Warn about the template's example outcome left in a submission: it would be counted."""
    problems = []
    for index, outcome in enumerate(checked.raw_outcomes):
        problems.extend(_template_example(checked, index, outcome))
    return problems


def _template_example(checked: CheckedSubmission, index: int, outcome: object) -> list[Problem]:
    if isinstance(outcome, dict) and str(outcome.get("title", "")).strip() == EXAMPLE_TITLE:
        where = checked.raw.locator.value(("outcomes", index, "title"))
        message = "This is the template's example outcome: replace it with your own, or delete it."
        return [_at(checked.path, "template-example", message, where, EXAMPLE_TITLE)]
    return []


def problems_from_validation(
    path: str, raw: RawSubmission, error: ValidationError, root: type[BaseModel]
) -> list[Problem]:
    """The located, plain-language problems behind a pydantic error on data of model ``root``."""
    return _problems_from_errors(path, raw, error.errors(include_url=False), root)


def _problems_from_errors(
    path: str, raw: RawSubmission, errors: list[ErrorDetails], root: type[BaseModel]
) -> list[Problem]:
    explained = _misspelt_fields(errors, root)
    problems = []
    for details in errors:
        if details["type"] == "missing" and tuple(details["loc"]) in explained:
            continue  # reported once, as the misspelt field that should have held it
        problem = _problem_from_error(path, raw, details, root)
        if problem is not None:
            problems.append(problem)
    return problems


def _misspelt_fields(errors: list[ErrorDetails], root: type[BaseModel]) -> set[DataPath]:
    """Missing fields whose value sits under a misspelt key next to them (``expection:``)."""
    missing = {tuple(d["loc"]) for d in errors if d["type"] == "missing"}
    explained = set()
    for details in errors:
        if details["type"] != "extra_forbidden":
            continue
        loc = tuple(details["loc"])
        guess = closest(str(loc[-1]), _model_for(loc, root).model_fields)
        if guess is not None and (*loc[:-1], guess) in missing:
            explained.add((*loc[:-1], guess))
    return explained


def _inner_model(annotation: object) -> type[BaseModel] | None:
    """The model a field holds, directly or as the items of a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        if isinstance(argument, type) and issubclass(argument, BaseModel):
            return argument
    return None


def _model_for(loc: DataPath, root: type[BaseModel]) -> type[BaseModel]:
    """The model whose field the last part of ``loc`` names."""
    model = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        inner = _inner_model(info.annotation) if info is not None else None
        if inner is None:
            return model
        model = inner
    return model


_NOUNS = {Entity: "the entity", Outcome: "an outcome", Submission: "a submission"}


def _coded_fields(model: type[BaseModel]) -> dict[str, type[CodeList]]:
    for base in model.__mro__:
        if base in CODED_FIELDS:
            return CODED_FIELDS[base]
    return {}


def _present(data: Any, loc: DataPath) -> bool:
    for part in loc:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return False
        elif not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def _allowed(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    if info is None:
        return ""
    text = f" {info.description}" if info.description else ""
    codes = _coded_fields(model).get(name)
    if codes is not None:
        text += f" Allowed: {', '.join(member.value for member in codes)}."
    return text


def _problem_from_error(
    path: str, raw: RawSubmission, details: ErrorDetails, root: type[BaseModel]
) -> Problem | None:
    loc: DataPath = tuple(details["loc"])
    kind = details["type"]
    locator = raw.locator
    if kind in RULES:
        where = locator.value(loc)
        context = details.get("ctx") or {}
        return _at(path, kind, details["msg"], where, _shown(details.get("input")), context.get("suggestion"))
    model = _model_for(loc, root)
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        column_missing = getattr(locator, "column_missing", None)
        if column_missing is not None and column_missing(loc):
            return None  # reported once, as a missing column
        where = locator.missing(loc)
        state = "is empty" if _present(raw.data, loc) else "is missing"
        # In a table, name the column people see ('entity_name'), not the field ('name').
        label = where.field if getattr(locator, "columns", None) is not None and where.field else name
        return _at(path, "missing-value", f"Required field '{label}' {state}.{_allowed(model, name)}", where)
    if kind == "extra_forbidden":
        where = locator.key(loc)
        fields = list(model.model_fields)
        guess = closest(name, fields)
        hint = (
            f" Did you mean '{guess}'?"
            if guess
            else f" The fields of {_NOUNS.get(model, 'this mapping')} are: {', '.join(fields)}."
        )
        return _at(path, "unknown-field", f"Unknown field '{name}'.{hint}", where, name, guess)
    where = locator.value(loc)
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        noun = "each outcome" if loc[:1] == ("outcomes",) else f"'{name}'"
        found = _describe(details.get("input"))
        message = f"Expected {noun} to be a set of fields (key: value pairs), found {found}."
        return _at(path, "wrong-type", message, where)
    if kind == "list_type":
        return _at(
            path,
            "wrong-type",
            f"Expected '{name}' to be a list, found {_describe(details.get('input'))}.",
            where,
        )
    return _at(path, "wrong-type", f"{details['msg']}.", where, _shown(details.get("input")))


def _at(
    path: str,
    code: str,
    message: str,
    where: Location,
    value: str | None = None,
    suggestion: str | None = None,
) -> Problem:
    return Problem(
        path, code, message, where.line, where.column, where.field, where.sheet, where.cell, value, suggestion
    )


def _shown(value: object) -> str | None:
    """The value found, as text for a fix list (None for lists and mappings)."""
    if isinstance(value, str):
        return value if len(value) <= 200 else value[:199] + "…"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _dates_outside_year(checked: CheckedSubmission) -> list[Problem]:
    """Warn about outcome dates outside the reporting year, read best-effort from raw data."""
    year = checked.year
    if year is None:
        return []  # no year to compare with (reported by validation)
    problems = []
    for index, outcome in enumerate(checked.raw_outcomes):
        problems.extend(_date_outside_year(checked, year, index, outcome))
    return problems


def _date_outside_year(checked: CheckedSubmission, year: int, index: int, outcome: object) -> list[Problem]:
    if not MIN_YEAR <= year <= MAX_YEAR or not isinstance(outcome, dict) or not outcome.get("date"):
        return []
    try:
        date = parse_date(outcome["date"])
    except PydanticCustomError:
        return []  # an invalid date is reported by validation
    if date.year == year:
        return []
    where = checked.raw.locator.value(("outcomes", index, "date"))
    message = (
        f"Outcome date {date.isoformat()} is not in the reporting year {year}. Check the date, "
        "or report the outcome in the submission for its own year."
    )
    return [_at(checked.path, "date-outside-year", message, where, date.isoformat())]


# An e-mail address, or a phone number written internationally (+254 ...) or nationally (0712 ...)
# with at least 8 digits. Numbers without a leading + or 0 are not matched: too many figures and
# dates would be.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The lookbehind (no letter, digit or '+' before the number) comes after the first character,
# not before it: a pattern that starts with a character set lets the regex engine skip to the
# next '+' or '0' (three times faster on a description than testing every position).
_PHONE = re.compile(r"[+0](?<![\w+][+0])\d(?:[\s().-]?\d){7,}")
FREE_TEXT_FIELDS = ("title", "description", "contribution", "corroborated_by")  # searched for contact details
_MAY_WARN = frozenset({"date", "title", *FREE_TEXT_FIELDS})  # the fields the warnings read (check_fields)


def _contact_details(checked: CheckedSubmission) -> list[Problem]:
    """Warn where free text holds an e-mail address or phone number (people at risk are named)."""
    problems = []
    for index, outcome in enumerate(checked.raw_outcomes):
        problems.extend(_contact_details_in(checked, index, outcome, FREE_TEXT_FIELDS))
    return problems


def _contact_details_in(
    checked: CheckedSubmission, index: int, outcome: object, names: Sequence[str]
) -> list[Problem]:
    """The contact details in fields ``names`` of an outcome (one warning a field at most)."""
    if not isinstance(outcome, dict):
        return []
    problems = []
    for name in names:
        value = outcome.get(name)
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if not isinstance(text, str):
                continue
            # Cheap tests first: most text has no '@' and no run of digits to look at.
            found = ("@" in text and _EMAIL.search(text)) or (
                ("+" in text or "0" in text) and _PHONE.search(text)
            )
            if found:
                kind = "an e-mail address" if "@" in found.group() else "a phone number"
                where = checked.raw.locator.value(("outcomes", index, name))
                message = (
                    f"The {name.replace('_', ' ')} contains {kind} ('{found.group()}'). Remove contact "
                    "details of people who may be at risk; keep them in your own secure records."
                )
                problems.append(_at(checked.path, "contact-details", message, where, found.group()))
                break
    return problems


@dataclass(frozen=True, slots=True)
class OutcomeRef:
    """One outcome as the cross-file checks see it: where it is, its id and the ids it links to."""

    checked: CheckedSubmission
    index: int  # its position among the submission's outcomes
    year: int
    id: str | None  # stripped; None when the id is not text
    own: str  # the id as a message names it
    links: list[str]


@dataclass(slots=True)
class CrossRefs:
    """What the id and link checks need: every outcome id used more than once in a year (in
    reading order), every outcome that names related outcomes, and the links each id holds."""

    duplicates: list[list[OutcomeRef]]
    linking: list[OutcomeRef]
    links_of: dict[tuple[int, str], list[str]]  # (year, casefolded id) -> that outcome's links


def outcome_refs(submissions: Sequence[CheckedSubmission]) -> CrossRefs:
    """The cross-references of submissions held as objects, in reading order."""
    seen: dict[tuple[int, str], list[OutcomeRef]] = defaultdict(list)
    linking: list[OutcomeRef] = []
    links_of: dict[tuple[int, str], list[str]] = {}
    for checked in submissions:
        for ref in refs_of(checked):
            if ref.id is not None:
                links_of.setdefault((ref.year, ref.id.casefold()), ref.links)
                if ref.id:
                    seen[(ref.year, ref.id.casefold())].append(ref)
            if ref.links:
                linking.append(ref)
    return CrossRefs([uses for uses in seen.values() if len(uses) > 1], linking, links_of)


def refs_of(checked: CheckedSubmission) -> Iterator[OutcomeRef]:
    """The outcomes of a submission held as objects, as the cross-file checks see them (none
    without a readable year: ids are unique within a year)."""
    year = checked.year
    if year is None:
        return
    for index, outcome in enumerate(checked.raw_outcomes):
        if isinstance(outcome, dict):
            value = outcome.get("id")
            yield OutcomeRef(
                checked,
                index,
                year,
                value.strip() if isinstance(value, str) else None,
                str(outcome.get("id", "")).strip(),
                linked_ids(outcome.get("related_outcomes")),
            )


def check_across(submissions: Sequence[CheckedSubmission], tables: Sequence[Any] = ()) -> None:
    """Add the problems that involve several submissions: duplicate submissions and outcome ids.

    Each problem is added to every submission involved, naming the other place,
    because we cannot know which file is right. ``tables`` are the large tables read by
    columns (:class:`impactagg.readers.columnar.ColumnarTable`), whose outcomes are compared
    by columns instead of one by one.
    """
    if tables:
        from impactagg.readers.columnar import cross_refs, repeated_submissions

        repeated = repeated_submissions(submissions, tables)
    else:
        by_entity_year: dict[tuple[str, int], list[CheckedSubmission]] = defaultdict(list)
        for checked in submissions:
            if checked.entity_id is not None and checked.year is not None:
                by_entity_year[(checked.entity_id.casefold(), checked.year)].append(checked)
        repeated = [group for group in by_entity_year.values() if len(group) > 1]
    for group in repeated:
        year = group[0].year
        for checked in group:
            others = [other for other in group if other is not checked]
            where = checked.raw.locator.value(("entity", "id"))
            names = _list_places(
                [_place(other.path, other.raw.locator.value(("entity", "id"))) for other in others]
            )
            message = (
                f"Entity '{checked.entity_id}' already has a submission for {year} in {names}. An entity "
                "sends one submission a year: remove or merge one of them; neither is counted until then."
            )
            checked.problems.append(
                _at(checked.path, "duplicate-submission", message, where, checked.entity_id)
            )
    refs = cross_refs(submissions, tables) if tables else outcome_refs(submissions)
    for uses in refs.duplicates:
        _report_duplicate_ids(uses)
    for ref in refs.linking:
        _report_links(ref, refs.links_of)


def _place(path: str, where: Location) -> str:
    """A place in a file as people write it: path:line, or path:sheet!cell in a spreadsheet."""
    if where.sheet and where.cell:
        return f"{path}:{where.sheet}!{where.cell}"
    return f"{path}:{where.line}" if where.line else path


def _list_places(places: Sequence[str], limit: int = 3) -> str:
    """The first few places, then how many more: a message stays readable with 100 copies."""
    shown = ", ".join(places[:limit])
    return shown if len(places) <= limit else f"{shown} and {len(places) - limit} more"


def _report_duplicate_ids(uses: list[OutcomeRef]) -> None:
    """Report the uses of one outcome id in one year, given in reading order."""
    for position, ref in enumerate(uses):
        checked = ref.checked
        # Within one file only the later uses are wrong; across files every use is.
        earlier_here = [use for use in uses[:position] if use.checked.path == checked.path]
        elsewhere = [use for use in uses if use.checked.path != checked.path]
        if not earlier_here and not elsewhere:
            continue
        where = checked.raw.locator.value(("outcomes", ref.index, "id"))
        places = [
            _place(other.checked.path, other.checked.raw.locator.value(("outcomes", other.index, "id")))
            for other in earlier_here + elsewhere
        ]
        message = (
            f"Outcome id '{ref.id}' is also used for {ref.year} at {_list_places(places)}. Outcome ids "
            "must be unique within a year: give this outcome a new id."
        )
        checked.problems.append(_at(checked.path, "duplicate-outcome-id", message, where, ref.id))


def linked_ids(value: object) -> list[str]:
    """The ids a raw related_outcomes value names (whatever its shape, best effort)."""
    items = value if isinstance(value, list) else []
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def _report_links(ref: OutcomeRef, links_of: dict[tuple[int, str], list[str]]) -> None:
    """Warn about the related outcomes of ``ref`` that name no known outcome, or that are not returned."""
    checked = ref.checked
    where = checked.raw.locator.value(("outcomes", ref.index, "related_outcomes"))
    for linked in ref.links:
        other = links_of.get((ref.year, linked.casefold()))
        if other is None:
            message = (
                f"Related outcome '{linked}' is not reported for {ref.year} in the files checked "
                "together: check the id, or validate it with the other entity's submission."
            )
            checked.problems.append(_at(checked.path, "unknown-link", message, where, linked))
        elif ref.own.casefold() not in {i.casefold() for i in other}:
            message = (
                f"Outcome '{linked}' does not name '{ref.own}' in its related_outcomes: links between "
                "reports of the same change go both ways, so ask its entity to add the link."
            )
            checked.problems.append(_at(checked.path, "one-way-link", message, where, linked))
