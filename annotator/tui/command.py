"""``annotator annotate``: open the terminal annotator.

This module must not import textual at import time (the CLI imports it): the app is
imported inside :func:`annotate`.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_OUT = "annotations.jsonl"

# CSI 8 l: explicit bidi mode (the terminal draws cells as sent: we reorder ourselves).
# CSI 8 h: back to the terminal's implicit mode. (ECMA-48 BDSM; VTE honours it.)
BIDI_EXPLICIT = "\x1b[8l"
BIDI_IMPLICIT = "\x1b[8h"


class BidiMode:
    """Switch the terminal to explicit bidi mode and make sure it is switched back:
    on a normal exit, an exception, ``atexit`` and SIGTERM/SIGHUP."""

    def __init__(self, stream=None) -> None:
        self.stream = stream if stream is not None else sys.__stdout__
        self.active = False
        self._old: dict[int, object] = {}
        # called with the signal number on SIGTERM/SIGHUP after the mode is restored; True when
        # it arranged a clean exit
        self.on_signal = None

    def _write(self, sequence: str) -> None:
        try:
            self.stream.write(sequence)
            self.stream.flush()
        except (OSError, ValueError, AttributeError):
            pass

    def enter(self) -> None:
        if self.active:
            return
        self._write(BIDI_EXPLICIT)
        self.active = True
        atexit.register(self.exit)
        for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is None:
                continue
            try:
                self._old[signum] = signal.getsignal(signum)
                signal.signal(signum, self._on_signal)
            except (ValueError, OSError):  # not the main thread
                pass

    def exit(self) -> None:
        if not self.active:
            return
        self._write(BIDI_IMPLICIT)
        self.active = False
        for signum, handler in self._old.items():
            try:
                signal.signal(signum, handler)  # type: ignore[arg-type]
            except (ValueError, OSError, TypeError):
                pass
        self._old.clear()

    def _on_signal(self, signum, frame) -> None:
        self.exit()
        if self.on_signal is not None and self.on_signal(signum):
            return
        raise SystemExit(128 + signum)

    def __enter__(self) -> BidiMode:
        self.enter()
        return self

    def __exit__(self, *exc) -> None:
        self.exit()


def open_session(corpus: Path | None, doc: str | None, out: Path | None, annotator: str | None, only: list[str] | None = None):
    """The session for the CLI's arguments (raises SessionError / CorpusError with one plain line);
    ``only``: the documents to step through (a team member's assigned ones), in that order."""
    from annotator.io.corpus import Corpus, CorpusError, find_corpus_dir
    from annotator.tui.session import Session, SessionError

    directory = corpus or find_corpus_dir()
    if not (directory / "documents.jsonl").is_file():
        raise SessionError(f"{directory}: no documents.jsonl here (give --corpus DIR)")
    try:
        loaded = Corpus.load(directory)
    except CorpusError as e:
        raise SessionError(str(e), e.exit_code) from None
    if only:
        missing = [d for d in only if d not in loaded.documents]
        if missing:
            raise SessionError(f"{directory}: document {missing[0]!r} is assigned but not in the corpus registry (documents.jsonl)", 1)
        loaded.documents = {d: loaded.documents[d] for d in only}
    return Session.open(loaded, out or Path(DEFAULT_OUT), doc_id=doc, annotator=annotator)


def annotate_command(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus directory (documents.jsonl, labels.toml); default: ./corpus or the bundled one.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Document id to open (default: where you left off, else the first).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help=f"Annotation file to write (default: ./{DEFAULT_OUT}).")] = None,
    annotator: Annotated[str | None, typer.Option("--annotator", help="Your name in the records (default: your login name). Without --out: your next "
                                                  "assigned document (corpus assignments.toml), saved to CORPUS/annotations/NAME.jsonl.")] = None,
    no_shape: Annotated[bool, typer.Option("--no-shape", help="Do not shape Arabic letters (for terminals that shape by themselves).")] = False,
    review: Annotated[list[Path] | None, typer.Option("--review", help="Review these predictions (JSONL, as score reads them) against --out (a gold file or directory), read-only; see docs/review.md.")] = None,
    review_with: Annotated[str | None, typer.Option("--review-with", help="Review what this extractor predicts (baseline, an entry point, or module:function).")] = None,
    suggest: Annotated[Path | None, typer.Option("--suggest", help="Prediction JSONL whose spans are offered as suggestions to accept (a) or reject (x).")] = None,
    suggest_with: Annotated[str | None, typer.Option("--suggest-with", help="Run this extractor (a registered name, or module:function) for suggestions.")] = None,
) -> None:
    """Open the terminal annotator (default: the seed article of the bundled corpus)."""
    if (review or review_with) and (suggest is not None or suggest_with is not None):
        typer.echo("annotator annotate: --review and --suggest are two modes; give one of them", err=True)
        raise typer.Exit(2)
    if review or review_with:
        from annotator.tui.review_command import review_main

        raise typer.Exit(review_main(corpus, doc, out, review or [], shape=not no_shape, extractor=review_with))
    from annotator.text.visible import visible
    from annotator.tui.closing import exit_report
    from annotator.tui.session import SessionError

    only = None
    if annotator is not None and out is None:  # a team member: next assigned document, own file (docs/team.md)
        from annotator.team.pick import open_for

        code, doc, out, only = open_for(corpus, annotator, doc)
        if code is not None:
            raise typer.Exit(code)
    try:
        session = open_session(corpus, doc, out, annotator, only)
    except SessionError as e:
        typer.echo(visible(e), err=True)
        raise typer.Exit(e.exit_code) from None  # 1: invalid records in the file; 2: usage, unreadable
    from annotator.tui.app import AnnotateApp

    app, later = AnnotateApp(session, shape=not no_shape), list
    if suggest is not None or suggest_with is not None:
        from annotator.tui.suggest_command import suggest_app

        app, later = suggest_app(session, suggest, suggest_with, shape=not no_shape)
    try:
        code = run(session, shape=not no_shape, app=app)
    finally:
        lock_problem = session.close()
    printed, problems = exit_report(session, app.outcome)
    for line in printed:
        typer.echo(line)
    for line in later() + problems + ([f"annotator: {visible(lock_problem)}"] if lock_problem else []):
        typer.echo(line, err=True)
    code = code or (1 if problems or lock_problem else 0)
    if code:
        raise typer.Exit(code)


def run(session, *, shape: bool = True, stream=None, app=None) -> int:
    """Run the app (default: the annotator on ``session``; a mode passes its own) inside
    explicit bidi mode (when ``stream``, default the real stdout, is a terminal); returns an
    exit code (how the session ended is in ``app.outcome``, a ``closing.Outcome``)."""
    from annotator.tui.app import AnnotateApp
    from annotator.tui.cells import set_shaping
    from annotator.tui.closing import exit_watchdog

    set_shaping(shape)
    app = app or AnnotateApp(session, shape=shape)
    stream = stream if stream is not None else sys.__stdout__
    interactive = stream is not None and stream.isatty() and not os.environ.get("ANNOTATOR_NO_BIDI_MODE")
    mode = BidiMode(stream)

    def on_signal(signum: int) -> bool:
        if not app.request_quit():
            return False
        exit_watchdog(app, session, 128 + signum)
        return True

    mode.on_signal = on_signal
    try:
        if interactive:
            mode.enter()
        app.run()
    finally:
        mode.exit()
    return app.return_code or 0
