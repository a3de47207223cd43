"""Turning a file's bytes into text, with a located message when that fails."""

from __future__ import annotations

import codecs

from impactagg.problems import Problem


def decode(data: bytes, path: str) -> str | Problem:
    """Decode UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return Problem(
                path, "encoding-error", "The file starts like UTF-16 text but is not valid UTF-16."
            )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return Problem(
            path,
            "binary-content",
            "The file contains a NUL byte: it is not a text file, or it is damaged.",
            line=line,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return Problem(
            path,
            "encoding-error",
            f"The file is not UTF-8 text (byte 0x{data[error.start]:02x} at line {line}). "
            "Save it again as UTF-8 (in Excel: 'CSV UTF-8').",
            line=line,
            column=column,
        )


def decode_windows_1252(data: bytes) -> str | None:
    """The text, if the bytes are valid Windows-1252 (five byte values are not)."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None
