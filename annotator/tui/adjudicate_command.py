"""``annotator adjudicate``: resolve several annotators' disagreements into one gold file.

This module must not import textual at import time (the CLI imports it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def adjudicate_command(
    files: Annotated[list[Path], typer.Argument(help="Two or more annotators' annotation files (or directories of them).")],
    out: Annotated[Path, typer.Option("--out", help="The adjudicated gold file to write (re-running resumes it).")],
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus directory (documents.jsonl, labels.toml); default: ./corpus or the bundled one.")] = None,
    annotator: Annotated[str | None, typer.Option("--annotator", help="The adjudicator's name in the result (default: your login name).")] = None,
    no_shape: Annotated[bool, typer.Option("--no-shape", help="Do not shape Arabic letters (for terminals that shape by themselves).")] = False,
) -> None:
    """Show every annotator's spans at once; accept, reject and edit them into GOLD."""
    from annotator.text.visible import visible
    from annotator.tui.adjudication import open_adjudication
    from annotator.tui.session import SessionError

    try:
        adjudication = open_adjudication(files, out, corpus=corpus, annotator=annotator)
    except SessionError as e:
        typer.echo(visible(str(e)), err=True)
        raise typer.Exit(e.exit_code) from None  # 1: invalid records; 2: usage, unreadable input
    from annotator.tui.adjudicate import run_adjudicate

    try:
        code = run_adjudicate(adjudication, shape=not no_shape)
    finally:
        adjudication.session.close()
    typer.echo(f"adjudicated gold: {adjudication.session.out.resolve()}")
    if code:
        raise typer.Exit(code)
