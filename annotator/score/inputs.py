"""The scorer's inputs: paths, the document registry, the lines of GOLD and PRED as
``score_stream`` reads them, and their checks one line at a time (the general path; the
fast lane, :mod:`annotator.score.lane`, checks batches of them)."""

import os
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from annotator.io.chunks import Ranges
from annotator.io.corpus import DOCUMENTS, CorpusError, DocText, find_corpus_dir, load_labels, load_texts
from annotator.model import LabelSet
from annotator.score.positions import file_base
from annotator.score.provenance import bytes_provenance
from annotator.validate import Finding
from annotator.validate.lines import RawLine
from annotator.validate.run import UnreadableFile, check_raw, display_name, is_stdin, open_input
from annotator.validate.semantic import check_record

Selector = Callable[[bytes | None], bool]


class ScoreInputError(Exception):
    """Invalid input, findings about the data (records that fail the checks, duplicates,
    unknown documents, no records at all): ``lines`` are one ``FILE:LINE: message`` each;
    ``exit_code`` 1. :class:`UnreadableInput` is the other kind (exit 2)."""

    exit_code = 1

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class UnreadableInput(ScoreInputError):
    """Input that cannot be read at all (no such file, permission, a directory without
    ``.jsonl`` files, a pipe stopped at the line limit) or a usage error (``-`` twice): exit 2."""

    exit_code = 2


def input_error(lines: list[str], exit_code: int) -> ScoreInputError:
    """The error of ``lines`` of that exit code (as a process hands them back to the parent)."""
    return UnreadableInput(lines) if exit_code == UnreadableInput.exit_code else ScoreInputError(lines)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given (``-``: standard input; pipes and devices are read once); a directory
    stands for its ``*.jsonl`` files, sorted by name."""
    files: list[Path] = []
    for path in paths:
        if is_stdin(path) or (path.exists() and not path.is_dir() and not path.is_file()):
            files.append(path)
        elif path.is_dir():
            found = jsonl_files(path)
            if not found:
                raise UnreadableInput([f"{path}: no .jsonl files in this directory"])
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise UnreadableInput([f"{path}: no such file or directory"])
    return files


def jsonl_files(directory: Path) -> list[Path]:
    """The regular files (or links to one) named ``*.jsonl`` in ``directory``, sorted by name:
    ``sorted(directory.glob("*.jsonl"))`` without a ``stat`` and a ``Path`` comparison per
    file (a measured hot path: 9 us a file, a tenth of that now; in one directory, paths sort
    as their names do)."""
    with os.scandir(directory) as entries:
        names = sorted(e.name for e in entries if e.name.endswith(".jsonl") and e.is_file())
    return [directory / name for name in names]


class DocLookup:
    """Document texts: the registry, then texts embedded in gold records seen so far."""

    def __init__(self, registry: dict[str, DocText]) -> None:
        self.registry = registry
        self.embedded: dict[str, DocText] = {}

    def __bool__(self) -> bool:
        return True

    def get(self, doc_id: str, default: Any = None) -> DocText | None:
        doc = self.registry.get(doc_id)
        if doc is None:
            doc = self.embedded.get(doc_id, default)
        return doc


def is_unknown_doc(f: Finding) -> bool:
    return f.path == "doc_id" and f.message.startswith("unknown document")


Line = tuple[int, str, RawLine]  # (position: annotator.score.positions, file name, the line)


def read_lines(
    paths: list[Path], select: Selector | Sequence[Ranges] | None, hashes: dict[str, dict[str, Any]] | None = None,
) -> Iterator[Line]:
    """The lines of the files (those ``select`` keeps), read once, front to back; with a
    ``Ranges`` per file, only the lines of the chunks it takes, numbered by their offset in
    the file (:mod:`annotator.score.positions`). ``hashes`` (lines of every file read) gets
    the provenance (:func:`annotator.score.provenance.input_file`) of each small file, by its
    name, from the bytes its lines are read from (it is not read a second time)."""
    ranges = select if isinstance(select, Sequence) else None
    assert ranges is None or len(ranges) == len(paths)
    assert ranges is None or hashes is None
    for index, path in enumerate(paths):
        name, base = display_name(path), file_base(index)
        whole = partial(_hashed, hashes, name) if hashes is not None else None
        try:
            if ranges is not None:
                with open_input(path, name, ranges[index]) as lines:
                    for raw in lines:
                        yield base + raw.lineno, name, raw
                continue
            with open_input(path, name, whole=whole) as lines:
                for raw in lines:
                    if select is None or select(raw.data):  # type: ignore[operator]
                        yield base + raw.lineno, name, raw
        except UnreadableFile as e:
            raise UnreadableInput([str(e)]) from None


def _hashed(hashes: dict[str, dict[str, Any]], name: str, data: bytes) -> None:
    hashes[name] = bytes_provenance(name, data)


def checked(line: Line, kind: str, docs: DocLookup, labels: LabelSet | None) -> tuple[int, Any, list[Finding]]:
    """(position, record or None, error findings) of one line, as ``annotator validate`` checks it."""
    pos, name, raw = line
    checked = check_raw(raw, name, kind, docs, labels, warnings=False)  # type: ignore[arg-type]
    errors = [f for f in checked.findings if f.is_error] if checked.findings else checked.findings
    return pos, checked.record, errors


def line_size(line: Line) -> int:
    return len(line[2].data or b"")


def clean_data(lines: list[Line]) -> list[bytes] | None:
    """The data of lines without a file-level problem (None if one has one)."""
    if any(raw.problems or raw.data is None or raw.last for _, _, raw in lines):
        return None
    return [raw.data for _, _, raw in lines]  # type: ignore[misc]


def registry_path(docs_path: Path | None) -> Path | None:
    """The document registry a run reads: ``--docs``, else the corpus's ``documents.jsonl``."""
    if docs_path is not None:
        return docs_path
    path = find_corpus_dir() / DOCUMENTS
    return path if path.is_file() else None


def load_registry(docs_path: Path | None) -> tuple[dict[str, DocText], LabelSet]:
    """The registry's texts (``--docs``, else the corpus's ``documents.jsonl``; every line
    checked) and the label set beside it. Raises ScoreInputError (UnreadableInput: a file
    that cannot be read)."""
    try:
        if docs_path is not None:
            return load_texts(docs_path), load_labels(docs_path.parent)
        corpus = find_corpus_dir()
        registry = load_texts(corpus / DOCUMENTS) if (corpus / DOCUMENTS).is_file() else {}
        return registry, load_labels(corpus)
    except CorpusError as e:
        raise input_error([str(e)], e.exit_code) from None


def recheck(pred: dict[str, Any], where: str, lookup: DocLookup, error: Callable[[str], None]) -> bool:
    """Validate a prediction again now that its document's text is known (from the gold record)."""
    doc = lookup.get(pred["doc_id"])
    file, _, line = where.rpartition(":")
    if doc is None:
        error(f"{where}: doc_id: unknown document {pred['doc_id']!r}: not in the document registry and no embedded text")
        return False
    ok = True
    for path, msg, warn in check_record(pred, doc, None, warnings=False):  # type: ignore[arg-type]
        if not warn:
            error(Finding(file, int(line), msg, path).format())
            ok = False
    return ok


__all__ = ["DocLookup", "Line", "ScoreInputError", "Selector", "UnreadableInput", "checked", "clean_data", "expand_paths", "input_error",
           "is_unknown_doc", "line_size", "load_registry", "read_lines", "recheck", "registry_path"]
