"""Placeholder: ``annotator annotate`` lives here (owned by the UI's author).

This module must not import textual at import time: the CLI imports it.
"""

import typer


def annotate_command() -> None:
    """Not built yet."""
    typer.echo("annotator annotate: not built yet", err=True)
    raise typer.Exit(2)
