"""The Typer application every command registers on."""

from __future__ import annotations

from typing import Annotated

import typer

from impactagg import __version__

app = typer.Typer(
    name="impactagg",
    help="Validate and aggregate the yearly outcome submissions of sections and international projects.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"impactagg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Validate and aggregate the yearly outcome submissions of sections and international projects."""
