"""``annotator annotate --suggest PRED.jsonl`` / ``--suggest-with NAME``: the hook of the
annotate command (no textual import here: the app is imported when it runs)."""

from __future__ import annotations

from pathlib import Path

import typer


def suggest_app(session, pred: Path | None, spec: str | None, *, shape: bool = True):
    """The suggestion app for ``session`` and a function giving the lines to print at exit
    (the prediction problems). On unreadable predictions or bad options: one plain line,
    the session closed, exit 2."""
    from annotator.suggest.load import SuggestInputError, read_prediction_file, run_extractor
    from annotator.suggest.suggester import Suggester
    from annotator.text.visible import visible

    try:
        if pred is not None and spec is not None:
            raise SuggestInputError("annotator annotate: give --suggest PRED.jsonl or --suggest-with NAME, not both")
        loaded = read_prediction_file(pred, session.corpus) if pred is not None else run_extractor(spec or "", session.corpus)
    except SuggestInputError as e:
        session.close()
        typer.echo(visible(e), err=True)
        raise typer.Exit(2) from None
    from annotator.tui.suggest import SuggestApp

    suggester = Suggester(session, loaded.get, loaded.source, loaded.problems)
    return SuggestApp(session, suggester, shape=shape), lambda: list(loaded.problems)
