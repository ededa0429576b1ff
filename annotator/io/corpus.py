"""The corpus: ``documents.jsonl`` (the registry) and ``labels.toml`` (the label set)."""

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from annotator.io.gcpause import paused_gc
from annotator.model import DEFAULT_LABELS, DOC_ID, Document, LabelSet

DOCUMENTS = "documents.jsonl"
LABELS = "labels.toml"


class CorpusError(Exception):
    """An invalid corpus (a bad record or label set); ``str()`` is one ``FILE:LINE: message``
    line. ``exit_code``: what a command exits with (1 invalid data; the subclasses 2)."""

    exit_code = 1


class CorpusUnreadable(CorpusError):
    """A corpus file that cannot be opened or read at all (exit 2)."""

    exit_code = 2


class CorpusUsageError(CorpusError):
    """A request the corpus cannot carry out (an id already taken, ``--id`` for several files): exit 2."""

    exit_code = 2


def bundled_corpus_dir() -> Path:
    """The corpus shipped with the toolkit: the checkout's ``corpus/`` (editable install)
    or the copy packaged inside the wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "corpus", here / "_bundled" / "corpus"):
        if (candidate / DOCUMENTS).is_file():
            return candidate
    return here.parent / "corpus"


def find_corpus_dir(start: Path | None = None) -> Path:
    """``$ANNOTATOR_CORPUS``, else a ``corpus/documents.jsonl`` in the working directory or a
    parent of it, else the bundled corpus."""
    env = os.environ.get("ANNOTATOR_CORPUS")
    if env:
        return Path(env)
    start = (start or Path.cwd()).resolve()
    for directory in (start, *start.parents):
        if (directory / "corpus" / DOCUMENTS).is_file():
            return directory / "corpus"
        if (directory / DOCUMENTS).is_file() and directory.name == "corpus":
            return directory
    return bundled_corpus_dir()


class DocText(NamedTuple):
    """What the checks and the scorer read of a registered document: the fields of
    :class:`Document` of the same names (``tests/score/test_registry.py`` holds them to it),
    without the rest of the model (building a ``Document`` cost more than decoding its line)."""

    doc_id: str
    text: str
    text_sha256: str


_DOC_ID = itemgetter("doc_id")
_TEXT = itemgetter("text")
_SHA = itemgetter("text_sha256")

T = TypeVar("T")


def load_documents(path: Path) -> dict[str, Document]:
    """Read a document registry, in file order; raises CorpusError on the first bad line."""
    # (model_construct: _load has just validated each record, by the model's rules)
    return _load(path, lambda ids, records: [Document.model_construct(**record) for record in records])


def load_texts(path: Path) -> dict[str, DocText]:
    """The texts of a document registry (each line checked as ``load_documents`` checks it,
    the same first problem reported), as what the checks and the scorer read of them. A
    measured hot path: ``annotator score --docs`` reads 100,000 documents before it scores."""
    return _load(path, lambda ids, records: map(DocText, ids, map(_TEXT, records), map(_SHA, records)))


def _load(path: Path, entries: Callable[[list[str], list[dict[str, Any]]], Iterable[T]]) -> dict[str, T]:
    """The registry's entries by doc_id (``entries(ids, records)``: those of a batch of valid
    records), in file order; raises CorpusError on the first bad line."""
    try:
        with path.open("rb") as f:
            raws = f.readlines()  # each with its line end, which the decoders skip (half the time of read + split)
    except OSError as e:
        raise CorpusUnreadable(f"{path}: cannot read: {e.strerror or e}") from None
    linenos: Sequence[int] = range(1, len(raws) + 1)
    if any(map(bytes.isspace, raws)):  # blank lines are skipped (found without a copy of each line)
        linenos = [n for n, raw in zip(linenos, raws) if not raw.isspace()]
        raws = [raws[n - 1] for n in linenos]
    with paused_gc():  # collections cost a fifth more here (0.06-0.14 s on 100,000 documents)
        return _entries(path, raws, linenos, entries)


def _entries(path: Path, raws: list[bytes], linenos: Sequence[int], entries: Callable[[list[str], list[dict[str, Any]]], Iterable[T]]) -> dict[str, T]:
    from annotator.validate.batch import BATCH, decode_batch

    docs: dict[str, T] = {}
    for at in range(0, len(raws), BATCH):
        chunk = raws[at : at + BATCH]
        # a batch at once (validate.batch: the same rules) ...
        records = decode_batch("document", chunk)
        if records is not None:
            ids = list(map(_DOC_ID, records))
            if not any(map(docs.__contains__, ids)) and len(set(ids)) == len(ids):
                docs.update(zip(ids, entries(ids, records)))
                continue
        # ... else line by line, for the first problem in file order in the validator's words
        for lineno, raw in zip(linenos[at : at + BATCH], chunk):
            record = _checked(path, lineno, raw.removesuffix(b"\n"))  # (the validator's positions are those of the line alone)
            doc_id = record["doc_id"]
            if doc_id in docs:
                raise CorpusError(f"{path}:{lineno}: duplicate doc_id {doc_id!r}")
            docs.update(zip([doc_id], entries([doc_id], [record])))
    return docs


def _checked(path: Path, lineno: int, raw: bytes) -> dict[str, Any]:
    """A document record checked on its own: the validator's own words for what is wrong
    (deep nesting, duplicate keys, huge numbers ...)."""
    from annotator.text.visible import visible
    from annotator.validate.structural import check_line

    record, problems = check_line(raw, "document")
    if problems:
        where, msg = problems[0]
        raise CorpusError(visible(f"{path}:{lineno}: invalid document record: {where + ': ' if where else ''}{msg}"))
    return record  # type: ignore[return-value]


def load_labels(corpus_dir: Path | None) -> LabelSet:
    """The corpus's ``labels.toml`` or the default label set."""
    if corpus_dir is not None and (corpus_dir / LABELS).is_file():
        try:
            return LabelSet.load(corpus_dir / LABELS)
        except (ValueError, OSError) as e:
            error = CorpusUnreadable if isinstance(e, OSError) else CorpusError
            raise error(f"{corpus_dir / LABELS}: invalid label set: {str(e).splitlines()[0]}") from None
    return DEFAULT_LABELS


@dataclass
class Corpus:
    directory: Path
    documents: dict[str, Document] = field(default_factory=dict)
    labels: LabelSet = field(default_factory=lambda: DEFAULT_LABELS)

    @classmethod
    def load(cls, directory: Path | None = None) -> "Corpus":
        directory = directory or find_corpus_dir()
        return cls(directory, load_documents(directory / DOCUMENTS), load_labels(directory))

    @property
    def doc_ids(self) -> list[str]:
        return list(self.documents)


def document_from_file(path: Path, doc_id: str | None = None, lang: str = "ar", source: str | None = None) -> Document:
    """Register a text file as a document (NFC is checked by validation, not applied silently)."""
    from annotator.model import text_sha256

    text = path.read_text(encoding="utf-8")
    return Document(
        doc_id=doc_id or path.stem,
        text=text,
        text_sha256=text_sha256(text),
        lang=lang,
        source=source or str(path),
    )



def _read_text(path: Path) -> str:
    """A text file (or pipe, or device) as UTF-8, read once and never more than the limit of one
    registry line: ``/dev/zero`` stops at the limit instead of filling the memory."""
    from annotator.validate.lines import MAX_LINE_BYTES, too_long

    try:
        with path.open("rb") as f:
            data = f.read(MAX_LINE_BYTES + 1)
    except OSError as e:
        raise CorpusUnreadable(f"{path}: cannot read as UTF-8 text: {e.strerror or e}") from None
    if len(data) > MAX_LINE_BYTES:
        raise CorpusUnreadable(f"{path}: {too_long(what='one document')}; not added")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CorpusUnreadable(f"{path}: cannot read as UTF-8 text: invalid UTF-8 at byte {e.start + 1}") from None


def add_documents(corpus_dir: Path, files: list[Path], *, lang: str = "ar", doc_id: str | None = None) -> tuple[list[Document], list[str]]:
    """Register text files in ``corpus_dir/documents.jsonl`` (created when missing).

    The text is stored NFC (offsets count code points of the NFC text) with ``\\n`` line
    ends; returns the documents added and notes on what was changed on the way in. Raises
    CorpusError for an unreadable file or an id that is already registered."""
    import unicodedata

    from annotator.io.atomic import write_jsonl_atomic
    from annotator.model import text_sha256

    if doc_id is not None and len(files) != 1:
        raise CorpusUsageError("--id names one document: give exactly one file")
    registry = corpus_dir / DOCUMENTS
    docs = load_documents(registry) if registry.is_file() else {}
    added, notes = [], []
    for path in files:
        raw = _read_text(path)
        text = raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        if text != raw:
            notes.append(f"{path}: removed a BOM or CR line ends")
        nfc = unicodedata.normalize("NFC", text)
        if nfc != text:
            notes.append(f"{path}: normalised to NFC")
        ident = doc_id or path.stem
        if not DOC_ID.fullmatch(ident):
            raise CorpusUsageError(f"{path}: {ident!r} is not a valid doc_id (letters, digits and _ . : - only); give one with --id")
        if ident in docs:
            raise CorpusUsageError(f"{path}: doc_id {ident!r} is already in {registry}")
        source = str(path.resolve().relative_to(corpus_dir.resolve().parent)) if path.resolve().is_relative_to(corpus_dir.resolve().parent) else str(path)
        doc = Document(doc_id=ident, text=nfc, text_sha256=text_sha256(nfc), lang=lang, source=source)
        docs[ident] = doc
        added.append(doc)
    write_jsonl_atomic(registry, docs.values())
    return added, notes
