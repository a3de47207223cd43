"""Settings from ``impactagg.toml`` (or ``[tool.impactagg]`` in ``pyproject.toml``), the
environment and the command line, each with where it came from.

A data repository keeps its defaults in ``impactagg.toml`` at its root. The
command line overrides the environment, which overrides the file, which
overrides the built-in defaults. Unknown keys are errors, so a misspelt
setting cannot be silently ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from impactagg.limits import DEFAULT_LIMITS, MEGABYTE, Limits
from impactagg.render.formats import ReportFormat, SummaryFormat
from impactagg.suggest import closest

CONFIG_FILE = "impactagg.toml"
PYPROJECT = "pyproject.toml"
DATA_ENV = "IMPACTAGG_DATA"
DEFAULT_DATA = "data"

T = TypeVar("T")


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LimitSettings(_Closed):
    """The ``[limits]`` table (see the README's limits)."""

    file_size_mb: int | None = Field(default=None, ge=1, description="Largest file read, in MB.")
    value_length: int | None = Field(default=None, ge=1, description="Longest value, in characters.")
    outcomes: int | None = Field(default=None, ge=1, description="Most outcomes (rows) in one file.")
    depth: int | None = Field(default=None, ge=4, description="Deepest YAML nesting.")


class ConfigFile(_Closed):
    """What ``impactagg.toml`` (or ``[tool.impactagg]``) may hold; every key is optional."""

    data: list[str] | None = Field(default=None, description="Data folders or files, relative to the file.")
    registry: str | None = Field(default=None, description="The registry of expected entities.")
    strict: bool | None = Field(default=None, description="validate: fail on warnings too.")
    skip_invalid: bool | None = Field(default=None, description="Leave invalid submissions out of figures.")
    ignore: list[str] | None = Field(default=None, description="Warning codes to leave out.")
    validate_format: ReportFormat | None = Field(default=None, description="validate's output format.")
    summary_format: SummaryFormat | None = Field(
        default=None, description="Output format of the other commands."
    )
    limits: LimitSettings = Field(default_factory=LimitSettings)


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    value: T
    origin: str  # "default", "impactagg.toml", "environment (IMPACTAGG_DATA)", "command line" ...


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting in force, and where each came from."""

    config_file: str | None
    data: Setting[list[str]]
    registry: Setting[str | None]
    strict: Setting[bool]
    skip_invalid: Setting[bool]
    ignore: Setting[list[str]]
    validate_format: Setting[ReportFormat]
    summary_format: Setting[SummaryFormat]
    file_size_mb: Setting[int]
    value_length: Setting[int]
    outcomes: Setting[int]
    depth: Setting[int]

    @property
    def limits(self) -> Limits:
        return Limits(
            file_size=self.file_size_mb.value * MEGABYTE,
            value_length=self.value_length.value,
            outcomes=self.outcomes.value,
            depth=self.depth.value,
        )

    def rows(self) -> list[tuple[str, str, str]]:
        """(setting, value, origin) for display."""
        rows = []
        for name in (
            "data",
            "registry",
            "strict",
            "skip_invalid",
            "ignore",
            "validate_format",
            "summary_format",
            "file_size_mb",
            "value_length",
            "outcomes",
            "depth",
        ):
            setting: Setting[Any] = getattr(self, name)
            value = setting.value
            shown = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
            rows.append((name, shown, setting.origin))
        return rows


def find_config(start: Path) -> Path | None:
    """The nearest impactagg.toml, or pyproject.toml with [tool.impactagg], at or above ``start``."""
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and b"[tool.impactagg" in pyproject.read_bytes():
            return pyproject
    return None


def load_config(path: Path) -> ConfigFile:
    """Read and check a configuration file; a problem raises ConfigError naming the file and key."""
    import tomllib  # only where there is a file to read: most runs have none (start-up time)

    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    table: Any = document
    prefix = ""
    if path.name == PYPROJECT:
        table = document.get("tool", {}).get("impactagg", {})
        prefix = "tool.impactagg."
    try:
        return ConfigFile.model_validate(table)
    except ValidationError as error:
        raise ConfigError(_explain(path, prefix, error, text)) from error


def _explain(path: Path, prefix: str, error: ValidationError, text: str) -> str:
    lines = []
    for details in error.errors(include_url=False):
        loc = ".".join(str(part) for part in details["loc"])
        names = [part for part in details["loc"] if isinstance(part, str)]
        parent: type[BaseModel] = LimitSettings if names[:1] == ["limits"] and len(names) > 1 else ConfigFile
        key = names[-1] if names else ""
        if details["type"] == "extra_forbidden":
            guess = closest(key, parent.model_fields)
            hint = f" Did you mean '{guess}'?" if guess else f" Known keys: {', '.join(parent.model_fields)}."
            lines.append(f"unknown key '{prefix}{loc}'{_line_of(key, text)}.{hint}")
        else:
            info = parent.model_fields.get(key)
            meaning = f" ({key}: {info.description})" if info is not None and info.description else ""
            lines.append(f"'{prefix}{loc}'{_line_of(key, text)}: {details['msg']}.{meaning}")
    return f"{path}: " + " ".join(lines)


def _line_of(key: str, text: str) -> str:
    """Where ``key`` is set in the file, as ' (line N)'; tomllib does not say (its first setting
    when several tables set it)."""
    found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE) if key else None
    if found is None:
        return ""
    line = text.count("\n", 0, found.start()) + 1
    return f" (line {line})"


def resolve(
    command_line: Mapping[str, Any], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """The settings in force: ``command_line`` values that are not None win, then the environment,
    then the configuration file found from ``cwd``, then the defaults."""
    cwd = cwd or Path.cwd()
    env = os.environ if env is None else env
    path = find_config(cwd)
    config = load_config(path) if path is not None else ConfigFile()
    origin = path.name if path is not None else "default"
    base = path.parent if path is not None else cwd

    def pick(name: str, file_value: Any, default: Any) -> Setting[Any]:
        if command_line.get(name) not in (None, [], ()):
            return Setting(command_line[name], "command line")
        if file_value is not None:
            return Setting(file_value, origin)
        return Setting(default, "default")

    def relative(entry: str) -> str:
        return os.path.relpath(base / entry, cwd) if not Path(entry).is_absolute() else entry

    if command_line.get("data"):
        data = Setting(list(command_line["data"]), "command line")
    elif env.get(DATA_ENV, "").strip():
        data = Setting(
            [part for part in env[DATA_ENV].split(os.pathsep) if part.strip()], f"environment ({DATA_ENV})"
        )
    elif config.data is not None:
        data = Setting([relative(entry) for entry in config.data], origin)
    else:
        data = Setting([DEFAULT_DATA], "default")
    registry = pick("registry", relative(config.registry) if config.registry else None, None)
    if registry.value is not None:
        registry = Setting(str(registry.value), registry.origin)
    limits = config.limits
    return Settings(
        config_file=str(path) if path is not None else None,
        data=data,
        registry=registry,
        strict=pick("strict", config.strict, False),
        skip_invalid=pick("skip_invalid", config.skip_invalid, False),
        ignore=pick("ignore", config.ignore, []),
        validate_format=pick("validate_format", config.validate_format, ReportFormat.TEXT),
        summary_format=pick("summary_format", config.summary_format, SummaryFormat.TABLE),
        file_size_mb=pick("file_size_mb", limits.file_size_mb, DEFAULT_LIMITS.file_size // MEGABYTE),
        value_length=pick("value_length", limits.value_length, DEFAULT_LIMITS.value_length),
        outcomes=pick("outcomes", limits.outcomes, DEFAULT_LIMITS.outcomes),
        depth=pick("depth", limits.depth, DEFAULT_LIMITS.depth),
    )
