"""Reading a YAML submission safely, keeping the position of every key and value.

We build the document from the parser's events instead of calling
``yaml.safe_load`` because the safe loader silently keeps the last of two
duplicate keys, expands aliases (the way to blow a small file up to gigabytes),
turns ``NO`` (Norway) into ``False`` and forgets where each value was. Here
every scalar stays text (the models do the typing, exactly as for CSV), and
anchors, aliases, merge keys and non-standard tags are rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from impactagg.limits import DEFAULT_LIMITS, Limits
from impactagg.problems import Problem
from impactagg.readers.locate import DataPath, YamlLocator, dotted

# A submission's largest mapping (an outcome) has 15 fields; thousands of keys are an attack.
MAX_KEYS = 1000
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STANDARD_TAGS = frozenset(
    {
        None,
        "!",
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:timestamp",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:map",
    }
)
try:
    _Loader: type = yaml.CSafeLoader  # libyaml: several times faster
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class YamlDocument:
    data: Any
    locator: YamlLocator
    problems: list[Problem]  # non-fatal problems (duplicate keys)


class _FatalError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: DataPath
    key: str | None = None  # a mapping's pending key, until its value arrives
    key_pos: tuple[int, int] | None = None
    start: yaml.Event | None = None  # the event that opened the container


def read_yaml(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> YamlDocument | Problem:
    """Parse one YAML document; return it with positions, or the problem that stopped it."""
    locator = YamlLocator()
    problems: list[Problem] = []
    try:
        data = _build(text, path, locator, problems, limits)
    except _FatalError as fatal:
        return fatal.problem
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or "not well-formed YAML"
        return Problem(
            path,
            "yaml-syntax",
            f"YAML syntax error: {reason}"
            + (f" ({error.context})" if error.context else "")
            + ". Check the indentation and quoting around this line.",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        )
    except yaml.reader.ReaderError as error:  # control characters and the like
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        return Problem(
            path,
            "yaml-syntax",
            f"YAML syntax error: {error.reason} (character #x{error.character:04x} is not allowed "
            "in YAML text).",
            line=line,
            column=column,
        )
    except yaml.YAMLError as error:  # pragma: no cover - every YAMLError subclass is handled above
        return Problem(path, "yaml-syntax", f"YAML syntax error: {error}.")
    return YamlDocument(data, locator, problems)


def _position(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _build(text: str, path: str, locator: YamlLocator, problems: list[Problem], limits: Limits) -> Any:
    stack: list[_Frame] = []
    root: Any = None
    documents = 0

    def fatal(code: str, message: str, event: yaml.Event) -> _FatalError:
        line, column = _position(event)
        return _FatalError(Problem(path, code, message, line=line, column=column))

    def place(value: Any, event: yaml.Event) -> None:
        """Attach a finished value to its parent, or make it the root."""
        nonlocal root
        position = _position(event)
        if not stack:
            root = value
            locator.values[()] = position
            return
        frame = stack[-1]
        if isinstance(frame.container, list):
            child_path = (*frame.path, len(frame.container))
            if len(frame.container) >= limits.outcomes:
                raise fatal(
                    "too-many-outcomes",
                    f"This list has more than {limits.outcomes:,} items, the limit; reading stopped here. "
                    "Split the file, or raise the limit with --max-outcomes.",
                    event,
                )
            frame.container.append(value)
            locator.values.setdefault(child_path, position)
            return
        if frame.key is None:  # this value is a key
            if not isinstance(value, str):
                raise fatal("yaml-complex-key", "Keys must be plain text.", event)
            if value == "<<":
                raise fatal(
                    "yaml-anchor",
                    "Merge keys (<<) are not allowed in submissions: write each field out in full.",
                    event,
                )
            frame.key, frame.key_pos = value, position
            return
        key, key_pos = frame.key, frame.key_pos
        frame.key = frame.key_pos = None
        child_path = (*frame.path, key)
        assert key_pos is not None
        if key in frame.container:
            first_line = locator.keys[child_path][0]
            problems.append(
                Problem(
                    path,
                    "duplicate-key",
                    f"Key '{key}' appears twice in this mapping (first on line {first_line}); "
                    "keep one of them.",
                    line=key_pos[0],
                    column=key_pos[1],
                    field=dotted(child_path),
                )
            )
            return  # keep the first value, and the file stays invalid
        if len(frame.container) >= MAX_KEYS:
            raise fatal(
                "too-many-keys",
                f"This mapping has more than {MAX_KEYS} keys; no part of a submission has more than 20.",
                event,
            )
        frame.container[key] = value
        # setdefault: the children of a dropped duplicate block were recorded under the same
        # paths and must not take the place of the kept block's.
        locator.keys.setdefault(child_path, key_pos)
        locator.values.setdefault(child_path, position)

    def child_path() -> DataPath:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        if frame.key is None:
            return (*frame.path, "<key>")
        return (*frame.path, frame.key)

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise fatal(
                "yaml-anchor",
                "Anchors (&name) and aliases (*name) are not allowed in submissions: write each "
                "value out in full.",
                event,
            )
        tag = getattr(event, "tag", None)
        if tag not in _STANDARD_TAGS:
            raise fatal("yaml-tag", f"The YAML tag '{tag}' is not allowed in submissions.", event)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise fatal(
                    "yaml-multiple-documents",
                    "The file holds more than one YAML document ('---'); a submission file "
                    "holds exactly one.",
                    event,
                )
        elif isinstance(event, yaml.ScalarEvent):
            if len(event.value) > limits.value_length:
                raise fatal(
                    "value-too-long",
                    f"This value is {len(event.value):,} characters long, more than the limit of "
                    f"{limits.value_length:,}; raise it with --max-value-length if it is genuine.",
                    event,
                )
            plain = event.implicit[0] and not event.style
            value = None if plain and event.value in _NULLS else event.value
            place(value, event)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if stack and isinstance(stack[-1].container, dict) and stack[-1].key is None:
                raise fatal("yaml-complex-key", "Keys must be plain text.", event)
            if len(stack) >= limits.depth:
                raise fatal(
                    "too-deep",
                    f"Values are nested more than {limits.depth} levels deep, the limit; a submission "
                    "needs 4.",
                    event,
                )
            container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
            new_path = child_path()
            locator.values.setdefault(new_path, _position(event))
            stack.append(_Frame(container, new_path, start=event))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            assert frame.start is not None
            place(frame.container, frame.start)
    return root
