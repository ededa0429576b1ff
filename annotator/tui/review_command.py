"""``annotator annotate --review PRED.jsonl`` (or ``--review-with EXTRACTOR``): open the
review (see :mod:`annotator.tui.review`).

This module must not import textual at import time (``annotate`` dispatches to it)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import typer

from annotator.tui.command import DEFAULT_OUT


class ReviewInputError(Exception):
    """What keeps a review from opening: one plain ``FILE:LINE: message`` per line;
    ``exit_code`` 2 (usage, unreadable input) or 1 (invalid data)."""

    def __init__(self, lines: list[str], exit_code: int = 2) -> None:
        super().__init__("\n".join(lines))
        self.lines, self.exit_code = lines, exit_code


def prepare(corpus: Path | None, doc: str | None, out: Path | None, preds: list[Path], extractor: str | None = None):
    """The (session, review) of a review: the gold is ``out`` (a file or a directory of them,
    as ``annotator score`` reads it; default ``./annotations.jsonl``),
    the predictions ``preds`` or what ``extractor`` predicts for the corpus (written to a
    private temporary file, read back through the scorer's reader like any file). Raises
    ReviewInputError."""
    from annotator.io.corpus import Corpus, CorpusError, find_corpus_dir
    from annotator.review.load import ScoreInputError, load_review
    from annotator.tui.review import ReviewSession
    from annotator.tui.session import SessionError

    if extractor is not None and preds:
        raise ReviewInputError(["annotator annotate: give --review FILE or --review-with NAME, not both"])
    if any(str(p) == "-" for p in preds):
        raise ReviewInputError(["annotator annotate --review: standard input is the terminal here; give a file"])
    gold = out or Path(DEFAULT_OUT)
    directory = corpus or find_corpus_dir()
    if not (directory / "documents.jsonl").is_file():
        raise ReviewInputError([f"{directory}: no documents.jsonl here (give --corpus DIR)"])
    try:
        loaded = Corpus.load(directory)
    except CorpusError as e:
        raise ReviewInputError([str(e)], e.exit_code) from None
    try:
        with tempfile.TemporaryDirectory(prefix="annotator-review-") as scratch:
            if extractor is not None:
                preds = [_extract(directory, extractor, Path(scratch))]
            review = load_review(gold, preds, documents=directory / "documents.jsonl")
        review.outside = [d for d in review.docs if d not in loaded.documents]
        if doc is None:  # the first document with a gold record
            doc = next((d for d in loaded.documents if d in review.docs), None)
        session = ReviewSession.of(loaded, gold, doc)
    except ScoreInputError as e:
        raise ReviewInputError(e.lines, e.exit_code) from None
    except SessionError as e:
        raise ReviewInputError([str(e)], e.exit_code) from None
    return session, review


def _extract(corpus: Path, extractor: str, scratch: Path) -> Path:
    from annotator.extract.command import run_extract

    path = scratch / f"{extractor.replace(':', '.').replace('/', '_')}.predictions.jsonl"
    log = io.StringIO()
    if run_extract(corpus, path, extractor, stdout=log, stderr=log, quiet=True):
        raise ReviewInputError(log.getvalue().splitlines() or [f"annotator annotate: extractor {extractor!r} failed"])
    return path


def review_main(corpus: Path | None, doc: str | None, out: Path | None, preds: list[Path], *, shape: bool = True,
                extractor: str | None = None) -> int:
    """Open the review and run it; every input problem is one line on stderr, then exit 2
    (usage, unreadable input) or 1 (invalid data: the last line says so)."""
    from annotator.text.visible import visible

    try:
        session, review = prepare(corpus, doc, out, preds, extractor)
    except ReviewInputError as e:
        for line in e.lines:
            typer.echo(visible(line), err=True)
        if e.exit_code == 1:
            typer.echo("annotator annotate --review: invalid input (above): nothing to review", err=True)
        return e.exit_code
    from annotator.tui.review import run_review

    try:
        run_review(session, review, shape=shape)
    finally:
        session.close()
    counts = review.counts()
    typer.echo("reviewed " + ", ".join(f"{n} {name}" for name, n in counts.items() if n) + f" in {len(review.docs)} document(s); nothing written")
    return 0
