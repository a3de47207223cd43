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
        unmarked = _utf16_without_bom(data)
        if unmarked is not None:
            return unmarked
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
    """The text, if the bytes are valid Windows-1252 (five byte values are not) and hold no NUL
    (no text saved as Windows-1252 does: UTF-16 text damaged, cut at an odd byte, holds many)."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: mostly-ASCII text has a NUL in every other byte."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None
