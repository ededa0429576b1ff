"""``annotator add``: register text files as documents of a corpus (a thin wrapper)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from annotator.io.corpus import CorpusError, add_documents, find_corpus_dir
from annotator.text.visible import visible


def add_command(
    files: Annotated[list[Path], typer.Argument(help="UTF-8 text files to register.", show_default=False)],
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus directory (default: the corpus found from here).")] = None,
    doc_id: Annotated[str | None, typer.Option("--id", help="Document id (default: the file name without extension).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="BCP-47 language tag.")] = "ar",
) -> None:
    directory = corpus or find_corpus_dir()
    try:
        added, notes = add_documents(directory, files, lang=lang, doc_id=doc_id)
    except (CorpusError, ValueError) as e:
        # 1: the registry holds invalid records; 2: a file that cannot be read, a bad id or option
        sys.stderr.write(f"{visible(str(e).splitlines()[0])}\n")
        raise typer.Exit(e.exit_code if isinstance(e, CorpusError) else 2) from None
    for note in notes:
        sys.stderr.write(visible(note) + "\n")
    for doc in added:
        typer.echo(visible(f"added {doc.doc_id} ({len(doc.text)} code points) to {directory / 'documents.jsonl'}"))
