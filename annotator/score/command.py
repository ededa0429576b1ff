"""Placeholder: the scorer's command lives here (owned by the scorer's author)."""

import typer


def score_command() -> None:
    """Not built yet."""
    typer.echo("annotator score: not built yet", err=True)
    raise typer.Exit(2)


def compare_command() -> None:
    """Not built yet."""
    typer.echo("annotator compare: not built yet", err=True)
    raise typer.Exit(2)
