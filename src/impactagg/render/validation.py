"""Validation reports as text (rich), JSON and GitHub Actions annotations."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from impactagg.problems import RULES, Problem, Severity
from impactagg.validation import FileReport, Report

if TYPE_CHECKING:  # rich is imported for text output only (JSON and annotations need none of it)
    from rich.console import Console


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# Control characters from a file (an escape sequence in a cell, a carriage return) must not reach a
# terminal or a CI log, where they could erase or forge lines: they are shown as \xNN.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (line breaks and tabs become spaces)."""
    return _CONTROL.sub(escaped, text.replace("\n", " ").replace("\t", " "))


def escaped(match: re.Match[str]) -> str:
    """A character a report cannot show, as an escape: \\xNN or \\uNNNN; a lone surrogate (a
    file name's byte that is not UTF-8, kept by os.fsdecode: U+DC80 to U+DCFF) as that byte."""
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        code -= 0xDC00
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def counts_line(report: Report) -> str:
    """The closing line: what was checked and what was found."""
    verdict = "valid" if report.valid else "INVALID"
    strict = " (strict: warnings fail)" if report.strict and report.warnings else ""
    ignored = f" ({report.ignored:,} ignored)" if report.ignored else ""
    return (
        f"{_plural(len(report.files), 'file')}, {_plural(report.submission_count, 'submission')}, "
        f"{_plural(report.outcomes, 'outcome')}: {_plural(report.errors, 'error')}, "
        f"{_plural(report.warnings, 'warning')}{ignored}; {verdict}{strict}."
    )


def _location(problem: Problem, file_format: str) -> str:
    if problem.sheet is not None:
        row = f"{problem.line}:{problem.line}" if problem.line is not None else ""
        return f"{problem.path}:{problem.sheet}!{problem.cell or row}"
    place = problem.path
    if problem.line is not None:
        place += f":{problem.line}"
        # A CSV column is named, not counted in characters, so it is not part of the
        # editor-style location.
        if problem.column is not None and file_format in ("yaml", "registry"):
            place += f":{problem.column}"
    return place


def _field(problem: Problem, file_format: str) -> str:
    if problem.field is None:
        return ""
    if file_format in ("csv", "xlsx"):
        return f"column '{problem.field}'"
    return problem.field


GROUP_ABOVE = 5  # with more problems than this, a summary by rule comes first
# A person reads the first problems of a file and fixes them; the rest are counted, and listed in
# full by --format json and --fix-list (which scripts and coordinators use).
LISTED_PER_FILE = 1000
_FIRST_PLACES = 3


def rule_summary(report: Report) -> list[tuple[str, str, int, list[str]]]:
    """(code, title, count, first places) for each rule broken, most frequent first."""
    places: dict[str, list[str]] = {}
    for file_report, problems in report.by_file:
        for problem in problems:
            places.setdefault(problem.code, []).append(_location(problem, file_report.format))
    ordered = sorted(places.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(code, RULES[code].title, len(found), found[:_FIRST_PLACES]) for code, found in ordered]


def render_text(report: Report, console: Console) -> None:
    """Write the report for people: a summary by rule when there are many problems, then one line
    per problem, located the way editors read it."""
    from rich.text import Text

    if len(report.problems) > GROUP_ABOVE:
        console.print(Text("Problems by rule:", style="bold"))
        for code, title, count, first in rule_summary(report):
            more = ", …" if count > len(first) else ""
            console.print(Text(f"  {count:>6,}  {code} ({title}): {', '.join(first)}{more}"), soft_wrap=True)
        console.print()
    for file_report, problems in report.by_file:
        _render_file(file_report, problems, console)
        hidden = len(problems) - LISTED_PER_FILE
        if hidden > 0:
            console.print(
                Text(
                    f"{file_report.path}: … and {hidden:,} more problems; --format json or --fix-list FILE "
                    "lists every one.",
                    style="bold",
                ),
                soft_wrap=True,
            )
    style = "green" if report.valid else "bold red"
    console.print(Text(counts_line(report), style=style))


def _plain_line(problem: Problem, file_format: str) -> str:
    severity = "error" if problem.severity is Severity.ERROR else "warning"
    field = _field(problem, file_format)
    shown = f"{field}: " if field else ""
    return printable(
        f"{_location(problem, file_format)}: {severity} [{problem.code}] {shown}{problem.message}"
    )


def _render_file(file_report: FileReport, problems: list[Problem], console: Console) -> None:
    from rich.text import Text

    listed = problems[:LISTED_PER_FILE]
    if not console.is_terminal or console.no_color:
        # No styling to do: plain lines, written at once (rich takes ~0.5 ms a styled line).
        text = "".join(_plain_line(problem, file_report.format) + "\n" for problem in listed)
        try:
            console.file.write(text)
        except BrokenPipeError:  # the reader went away: what the console does then, as rich would
            console.on_broken_pipe()
        return
    for problem in listed:
        line = Text()
        line.append(printable(_location(problem, file_report.format)), style="bold")
        line.append(": ")
        if problem.severity is Severity.ERROR:
            line.append("error", style="red")
        else:
            line.append("warning", style="yellow")
        line.append(f" [{problem.code}] ", style="dim")
        field = _field(problem, file_report.format)
        if field:
            line.append(printable(f"{field}: "), style="cyan")
        line.append(printable(problem.message))
        console.print(line, soft_wrap=True)


def render_json(report: Report) -> str:
    """``json.dumps(report, indent=2, ensure_ascii=False)`` and a line break, byte for byte."""
    return json_report(report).decode("utf-8", "surrogateescape")


def json_report(report: Report) -> bytes:
    """What :func:`render_json` gives, in UTF-8, to be written as it is: the report of a
    million-row export is tens of megabytes, and a str of it would be built, copied and encoded.

    Written by orjson where it can: the standard encoder is pure Python once it indents, and the
    report of a million-row export took it a second. The two agree on every string and integer
    (a report holds no floats, where their spellings differ: 1e-05 and 0.00001). A path that is
    not UTF-8 reaches the report with lone surrogates (os.fsdecode), which orjson refuses: the
    standard encoder writes those, and they go out as the bytes they came from.
    """
    import orjson

    document = report.to_dict()
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        return text.encode("utf-8", "surrogateescape")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    lines = []
    problems = [(problem, file.format) for file, found in report.by_file for problem in found]
    for problem, file_format in problems:
        command = "error" if problem.severity is Severity.ERROR else "warning"
        properties = [f"file={_escape_property(printable(problem.path))}"]
        if problem.line is not None:
            properties.append(f"line={problem.line}")
        if problem.column is not None and file_format in (
            "yaml",
            "registry",
        ):  # GitHub reads col as a character
            properties.append(f"col={problem.column}")
        properties.append(f"title={_escape_property(problem.code)}")
        where = f"{problem.field}: " if problem.field else ""
        if problem.sheet is not None:  # a workbook has no lines to annotate: name the cell
            where = f"{problem.sheet}!{problem.cell or problem.line} {where}"
        text = printable(where + problem.message)
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(text)}")
    return "".join(line + "\n" for line in lines)
