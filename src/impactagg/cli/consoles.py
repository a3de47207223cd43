"""rich's consoles as the commands write to them. Imported when a command first writes through
one: rich takes about 0.035 s to import, which a run writing JSON or nothing need not pay."""

from __future__ import annotations

from rich.console import Console

from impactagg.cli.common import reader_gone


class QuietConsole(Console):
    """A console that stops quietly with exit 2 when its reader goes away."""

    def on_broken_pipe(self) -> None:
        """Rich exits 1 when its reader goes away: here that would mean invalid data."""
        self.quiet = True
        reader_gone(self.file)
