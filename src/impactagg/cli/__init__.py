"""The command line: parse options, call the core, format what it returns.

One module per family of commands, all registered on the same Typer app.
"""

from __future__ import annotations

import copy
import gc
import io
import os
import sys
from typing import NoReturn

import typer

from impactagg.cli import data_commands, file_commands, report_command, validate_command  # noqa: F401 - registers them
from impactagg.cli.app import app
from impactagg.cli.common import EXIT_USAGE, discard
from impactagg.errors import SourceChangedError

__all__ = ["app", "app_for", "run"]


def run() -> None:
    """Console entry point: never show a traceback to a user."""
    # A command is one short process that builds up to millions of objects which live until it
    # ends: the cyclic collector would walk them again and again for nothing (bulk.py).
    gc.disable()
    _whole_writes()
    try:
        app_for(sys.argv[1:])()
    except SystemExit as done:  # how every command ends (typer exits with its code)
        if isinstance(done.code, int | None):
            _leave(done.code or 0)
        raise
    except KeyboardInterrupt:
        sys.stderr.write("impactagg: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`impactagg ... | head`): not an error worth a message.
        discard(sys.stdout)
        _leave(EXIT_USAGE)
    except SourceChangedError as error:  # a large table was changed while the command ran
        sys.stderr.write(f"impactagg: {error}\n")
        sys.exit(EXIT_USAGE)
    except OSError as error:  # the output could not be written (disk full, closed stdout)
        sys.stderr.write(f"impactagg: cannot write output: {error.strerror or error}\n")
        discard(sys.stdout)  # what is still buffered for it would fail again on the way out
        _leave(EXIT_USAGE)
    except Exception as error:  # the last line of defence, see the docstring
        if os.environ.get("IMPACTAGG_DEBUG"):
            raise
        sys.stderr.write(
            f"impactagg: internal error ({type(error).__name__}: {error}). This is a bug in impactagg, "
            "not in your data; please report it with the command you ran. Set IMPACTAGG_DEBUG=1 "
            "to see the details.\n"
        )
        sys.exit(3)


def _whole_writes() -> None:
    """Standard output and error as the commands need them: every write whole, or an error.

    A file name that is not UTF-8 reaches messages with lone surrogates (os.fsdecode): it is
    printed as the bytes it came from, as `ls` does, whatever the terminal's locale asks for.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, io.TextIOWrapper):
            continue
        # PYTHONUNBUFFERED=1 or python -u; only the process's own streams (not a test's capture)
        if isinstance(stream.buffer, io.RawIOBase) and stream is getattr(sys, f"__{name}__"):
            # Unbuffered, a write to the file descriptor may take only part of the text (a disk
            # that fills up, a reader that goes away) and the text stream drops the rest without
            # a word; a buffered writer writes the rest, or raises. Still written line by line.
            replaced = io.TextIOWrapper(
                io.BufferedWriter(stream.buffer),
                encoding=stream.encoding,
                errors="surrogateescape",
                line_buffering=True,
            )
            setattr(sys, name, replaced)
        else:
            stream.reconfigure(errors="surrogateescape")


def app_for(arguments: list[str]) -> typer.Typer:
    """The app, with only the command that the first of ``arguments`` names when it names one.

    Typer makes a click command of every registered command's signature at each start (for the
    nine, 82 million instructions: a thirteenth of validating a small file), and one command runs.
    Anything else (no command, an option first, a misspelt command) gets them all: the list of
    commands, the suggestions.
    """
    from typer.main import get_command_name

    if arguments:
        named = [
            info
            for info in app.registered_commands
            if (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == arguments[0]
        ]
        if len(named) == 1:
            narrowed = copy.copy(app)  # the app itself stays whole (tests invoke it in process)
            narrowed.registered_commands = named
            return narrowed
    return app


def _leave(code: int) -> NoReturn:
    """End the process now that the command is done and its output written.

    A command over a million rows leaves about a million objects behind; an ordinary exit frees
    them one by one (0.2 s). Everything the command wrote is in files it closed or in the two
    standard streams, flushed here: what cannot be written is said as for any other output.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `impactagg ... | head`: the reader went away
        os._exit(EXIT_USAGE)
    except OSError as error:  # disk full
        sys.stderr.write(f"impactagg: cannot write output: {error.strerror or error}\n")
        code = EXIT_USAGE
    try:
        sys.stderr.flush()
    except OSError:
        code = code or EXIT_USAGE
    os._exit(code)
