"""Finding submission files and reading them, one reader per format."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from impactagg.limits import DEFAULT_LIMITS, Limits
from impactagg.problems import Problem
from impactagg.readers.submission import RawSubmission, ReadResult
from impactagg.readers.text import decode, decode_windows_1252

_IGNORE_COMMENT = re.compile(r"^\s*#\s*impactagg:\s*ignore\s+([\w, -]+?)\s*$", re.MULTILINE)
REGISTRY_FILES = ("entities.yaml", "entities.yml")
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".xlsx": "xlsx"}
STDIN = "-"

__all__ = [
    "FORMATS",
    "STDIN",
    "RawSubmission",
    "ReadResult",
    "discover",
    "read_bytes",
    "read_file",
    "resolved",
]


def resolved(path: str | Path) -> Path:
    """``path`` made absolute with its links followed; as written (made absolute) when they loop,
    where Python before 3.13 raises RuntimeError (later ones follow them as far as they go)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path).absolute()


def _walk(folder: Path, skip: frozenset[Path]) -> tuple[list[Path], list[Path]]:
    """Submission files below ``folder`` (sorted), and the symbolic links met on the way.

    Links are not followed: in a pull request, a link could point anywhere on the CI machine,
    and its content would end up in messages and logs.
    """
    found: list[Path] = []
    links: list[Path] = []
    for root, folders, names in os.walk(folder, followlinks=False):
        here = Path(root)
        for name in list(folders):
            if name.startswith(".") or (here / name).is_symlink():
                if (here / name).is_symlink() and not name.startswith("."):
                    links.append(here / name)
                folders.remove(name)
        for name in names:
            candidate = here / name
            if (
                candidate.suffix.lower() not in FORMATS
                or name.startswith(".")
                or name.startswith("~$")  # Excel's lock file while a workbook is open
                or name.lower() in REGISTRY_FILES  # the registry, not a submission
                or resolved(candidate) in skip
            ):
                continue
            if candidate.is_symlink():
                links.append(candidate)
            elif candidate.is_file():
                found.append(candidate)
    return sorted(found), sorted(links)


def discover(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> tuple[list[str], list[Problem]]:
    """Expand folders into the submission files below them, in a stable order.

    Returns the files to read (as the user would write their paths) and a
    problem for each path that does not exist. Hidden files and folders (such
    as ``.git``) are skipped; a file named explicitly is always read.
    """
    files: list[str] = []
    problems: list[Problem] = []
    skipped = frozenset(resolved(other) for other in skip)
    seen: set[str] = set()

    def add(name: str) -> None:
        key = name if name == STDIN else str(resolved(name))
        if key not in seen:
            seen.add(key)
            files.append(name)

    for given in paths:
        name = str(given)
        if name == STDIN:
            add(name)
            continue
        path = Path(name)
        if path.is_dir():
            found, links = _walk(path, skipped)
            for link in links:
                problems.append(
                    Problem(
                        str(link),
                        "symlink-skipped",
                        f"{link} is a symbolic link and is not followed: "
                        "a data folder holds the files themselves. Name the file explicitly to read it.",
                    )
                )
            if not found:
                # A CI job pointed at a mistyped or empty folder must not pass.
                problems.append(
                    Problem(
                        name,
                        "no-files",
                        f"The folder {name} holds no submission files ({', '.join(FORMATS)}).",
                    )
                )
            for candidate in found:
                add(str(candidate))
        elif path.exists():
            add(name)
        elif path.is_symlink():
            message = f"{name} is a symbolic link that leads to no file: to a missing one, or back to itself."
            problems.append(Problem(name, "file-not-found", message))
        else:
            problems.append(Problem(name, "file-not-found", f"No such file or folder: {name}"))
    return files, problems


def read_file(path: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read one submission file from disk; problems reading it are returned, never raised."""
    file_format = FORMATS.get(Path(path).suffix.lower())
    if file_format is None:
        allowed = ", ".join(FORMATS)
        return ReadResult(
            path,
            "unknown",
            problems=[
                Problem(
                    path,
                    "unsupported-file-type",
                    f"'{Path(path).name}' is not a submission file: use {allowed}.",
                )
            ],
        )
    try:
        size = Path(path).stat().st_size
        if size > limits.file_size:  # refused before a byte is read
            return ReadResult(
                path,
                file_format,
                problems=[
                    Problem(
                        path,
                        "file-too-large",
                        f"The file is {limits.over_file_size(size)}",
                    )
                ],
            )
        data = Path(path).read_bytes()
    except IsADirectoryError:
        return ReadResult(
            path, file_format, problems=[Problem(path, "file-unreadable", "This is a folder, not a file.")]
        )
    except OSError as error:
        return ReadResult(
            path,
            file_format,
            problems=[
                Problem(path, "file-unreadable", f"The file cannot be read: {error.strerror or error}.")
            ],
        )
    return read_bytes(data, path, file_format, limits)


def read_bytes(data: bytes, path: str, file_format: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read submissions from bytes already in memory (a file's content, or standard input)."""
    result = _read(data, path, file_format, limits)
    result.sha256 = hashlib.sha256(data).hexdigest()
    return result


def _read(data: bytes, path: str, file_format: str, limits: Limits) -> ReadResult:
    result = ReadResult(path, file_format)
    if file_format == "xlsx":
        if not data:
            result.problems.append(Problem(path, "empty-file", "The file is empty: it holds no submission."))
            return result
        from impactagg.readers.xlsx_reader import read_xlsx  # loaded for the workbooks that need it

        return read_xlsx(data, path, limits)
    text = decode(data, path)
    if isinstance(text, Problem) and text.code == "encoding-error" and file_format == "csv":
        # Excel's plain "CSV" on Windows is Windows-1252: read it, and say so.
        guessed = decode_windows_1252(data)
        if guessed is not None:
            text = guessed
            result.problems.append(
                Problem(
                    path,
                    "encoding-guessed",
                    "The file is not UTF-8; it was read as Windows-1252 "
                    "(Excel's 'CSV' on Windows). Check that accented letters look right, and save it as "
                    "'CSV UTF-8' next time.",
                )
            )
    if isinstance(text, Problem):
        result.problems.append(text)
        return result
    if not text.strip():
        result.problems.append(Problem(path, "empty-file", "The file is empty: it holds no submission."))
        return result
    if file_format == "csv":
        from impactagg.readers.csv_reader import read_csv  # the table builder: not needed for YAML

        table = read_csv(text, path, limits)
        table.problems[:0] = result.problems
        return table
    result.ignored = frozenset(
        code for match in _IGNORE_COMMENT.finditer(text) for code in re.split(r"[\s,]+", match[1]) if code
    )
    from impactagg.readers.yaml_reader import read_yaml  # PyYAML: not needed to read a CSV file

    document = read_yaml(text, path, limits)
    if isinstance(document, Problem):
        result.problems.append(document)
    elif document.data is None:
        result.problems.append(
            Problem(path, "empty-file", "The file holds only comments: it holds no submission.")
        )
    elif not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else "a single value"
        result.problems.append(
            Problem(
                path,
                "yaml-not-mapping",
                f"The file holds {kind}, not a submission: it must start with the fields "
                "schema_version, entity, year and outcomes.",
                line=1,
                column=1,
            )
        )
    else:
        result.submissions.append(
            RawSubmission(document.data, document.locator, 1, problems=document.problems)
        )
    return result
