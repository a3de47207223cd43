"""Where a value of a submission sits in its file.

Validation errors come from pydantic with a location in the data
(``("outcomes", 2, "date")``); a locator turns that into the line and column a
person can open the file at, and the field name as the format spells it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

DataPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Location:
    line: int | None
    column: int | None
    field: str | None
    sheet: str | None = None  # spreadsheets: the sheet, and the cell ("K5")
    cell: str | None = None


class Locator(Protocol):
    def value(self, path: DataPath) -> Location:
        """Where the value at ``path`` is (for a wrong value)."""
        ...

    def key(self, path: DataPath) -> Location:
        """Where the key of ``path`` is (for an unknown or duplicated key)."""
        ...

    def missing(self, path: DataPath) -> Location:
        """Where to report that the field at ``path`` is missing."""
        ...


def dotted(path: DataPath) -> str:
    """``("outcomes", 2, "date")`` as ``outcomes[2].date``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(slots=True)
class YamlLocator:
    """Positions recorded while a YAML document was parsed (1-based line and column)."""

    values: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[DataPath, tuple[int, int]] = field(default_factory=dict)

    def _nearest(self, path: DataPath, table: dict[DataPath, tuple[int, int]]) -> tuple[int, int]:
        while path and path not in table:
            path = path[:-1]
        return table.get(path, (1, 1))

    def value(self, path: DataPath) -> Location:
        line, column = self._nearest(path, self.values)
        return Location(line, column, dotted(path) or None)

    def key(self, path: DataPath) -> Location:
        line, column = self.keys[path] if path in self.keys else self._nearest(path, self.values)
        return Location(line, column, dotted(path) or None)

    def missing(self, path: DataPath) -> Location:
        if path in self.keys:  # present but empty: point at the key itself
            return self.key(path)
        parent = path[:-1]
        if not parent:
            return Location(1, 1, dotted(path))
        if isinstance(parent[-1], str) and parent in self.keys:
            line, column = self.keys[parent]  # the `entity:` line
        else:
            line, column = self._nearest(parent, self.values)  # the outcome's `- id:` line
        return Location(line, column, dotted(path))
