"""``annotator annotate --review PRED.jsonl``: open the review (see :mod:`annotator.tui.review`).

This module must not import textual at import time (``annotate`` dispatches to it)."""

from __future__ import annotations

from pathlib import Path

import typer

from annotator.tui.command import DEFAULT_OUT


def review_main(corpus: Path | None, doc: str | None, out: Path | None, preds: list[Path], *, shape: bool = True) -> int:
    """Load the review (every input problem: one ``FILE:LINE: message`` each, exit 2), then
    run the app; returns the exit code."""
    from annotator.io.corpus import Corpus, CorpusError, find_corpus_dir
    from annotator.review.load import ScoreInputError, load_review
    from annotator.text.visible import visible
    from annotator.tui.session import SessionError

    gold = out or Path(DEFAULT_OUT)
    directory = corpus or find_corpus_dir()
    try:
        if not (directory / "documents.jsonl").is_file():
            raise SessionError(f"{directory}: no documents.jsonl here (give --corpus DIR)")
        try:
            loaded = Corpus.load(directory)
        except CorpusError as e:
            raise SessionError(str(e)) from None
        review = load_review(gold, preds, documents=directory / "documents.jsonl")
        from annotator.tui.review import ReviewSession

        if doc is None:  # the first document with a gold record
            doc = next((d for d in loaded.documents if d in review.docs), None)
        session = ReviewSession.open(loaded, gold, doc_id=doc, lock=False)
    except ScoreInputError as e:
        for line in e.lines:
            typer.echo(visible(line), err=True)
        return 2
    except SessionError as e:
        typer.echo(visible(str(e)), err=True)
        return 2
    from annotator.tui.review import run_review

    try:
        run_review(session, review, shape=shape)
    finally:
        session.close()
    counts = review.counts()
    typer.echo("reviewed " + ", ".join(f"{n} {name}" for name, n in counts.items() if n) + f" in {len(review.docs)} document(s); nothing written")
    return 0
