"""Writing files safely: never half a file over a good one, never over a file without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """A file could not be written; the message says why, for the user."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    An interrupted run leaves the old file (or none), never a truncated one.
    An existing file is replaced only with ``force``.
    """
    # A symbolic link is there even when it leads nowhere (exists() follows it): like any file,
    # it is replaced (the link, not what it names) only with --force.
    if (path.exists() or path.is_symlink()) and not force:
        raise OutputError(f"{path} already exists; use --force to replace it.")
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            # mkstemp makes the file private (0600); give it the mode any new file would have.
            os.fchmod(handle, 0o666 & ~_umask())
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}.") from error
