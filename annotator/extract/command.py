"""``annotator extract``: run an extractor over a corpus and write prediction JSONL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer
from pydantic import ValidationError

from annotator.extract.plugins import ExtractorNotFound, load_extractor
from annotator.io.atomic import write_jsonl_atomic
from annotator.io.corpus import Corpus, CorpusError
from annotator.io.jsonl import dumps_line
from annotator.model import Prediction
from annotator.report.progress import progress_bar


def run_extract(corpus: Path | None, out: Path | None, extractor: str = "baseline",
                stdout: TextIO | None = None, stderr: TextIO | None = None, quiet: bool = False) -> int:
    """Load the corpus, run the extractor, write the predictions; return the exit code (0; 1 an
    invalid corpus registry or label set, or an invalid record from the extractor; 2 usage,
    unreadable input, an unknown extractor)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        loaded = Corpus.load(corpus)
    except CorpusError as e:
        stderr.write(f"{e}\n")
        return e.exit_code
    try:
        func = load_extractor(extractor)
    except ExtractorNotFound as e:
        stderr.write(f"annotator extract: {e}\n")
        return 2
    records: list[Prediction] = []
    documents = list(loaded.documents.values())
    with progress_bar(f"extracting ({extractor})", stream=stderr, quiet=quiet) as progress:
        for n, raw in enumerate(func(documents), 1):
            try:
                records.append(raw if isinstance(raw, Prediction) else Prediction.model_validate(raw))
            except ValidationError as e:
                first = str(e).splitlines()
                stderr.write(f"{extractor}:{n}: invalid prediction record: {' '.join(first[1:3]).strip()}\n")
                return 1
            if progress:
                progress(n, len(documents))
    if out is None:
        for record in records:
            stdout.write(dumps_line(record) + "\n")
    else:
        try:
            write_jsonl_atomic(out, records, backup=False)
        except OSError as e:
            stderr.write(f"{out}: cannot write: {e.strerror or e}\n")
            return 2
        stderr.write(f"{out}: {len(records)} prediction record(s) from {extractor}\n")
    return 0


def extract_command(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus directory holding documents.jsonl (default: ./corpus or the bundled one).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Prediction JSONL to write (default: standard output).")] = None,
    extractor: Annotated[str, typer.Option("--extractor", help="'baseline', an 'annotator.extractors' entry point, or module:function.")] = "baseline",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on a terminal.")] = False,
) -> None:
    """Run an extractor (default: the baseline) over the corpus and write prediction JSONL."""
    code = run_extract(corpus, out, extractor, quiet=quiet)
    if code:
        raise typer.Exit(code)


__all__ = ["extract_command", "run_extract"]
