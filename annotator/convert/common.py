"""What every format shares: reading the records to export, the loss report, UTF-16 offsets,
and the canonical ids an import gives to formats that cannot hold ours.

Records are the plain dicts of :mod:`annotator.model.plain` (every field present), read and
validated exactly as ``annotator validate`` and ``annotator score`` read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from annotator.model import Document, LabelSet
from annotator.text.visible import visible

LAYERS = ("entities", "quotes", "claims")
ID_PREFIX = {"entities": "e", "quotes": "q", "claims": "c"}
MAX_EXAMPLES = 3


class ConvertError(Exception):
    """Input that cannot be converted, a finding about its data (exit 1): ``lines`` are one
    ``FILE:LINE: message`` each. :class:`ConvertUnreadable` is the other kind (exit 2)."""

    exit_code = 1

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class ConvertUnreadable(ConvertError):
    """Input that cannot be read at all (no such file, permission, a text file that is not
    UTF-8, no file of the format in a directory) or a usage error (an option value, an
    optional dependency not installed): exit 2."""

    exit_code = 2


@dataclass(slots=True)
class Item:
    """One record to export and the document text its offsets refer to."""

    record: dict[str, Any]
    text: str

    @property
    def doc_id(self) -> str:
        return self.record["doc_id"]


@dataclass
class Loss:
    """What an export could not write, and what it changed (snapped spans): counts and examples."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)  # reported, not loss (e.g. snapped spans)
    changed_examples: dict[str, list[str]] = field(default_factory=dict)

    def drop(self, what: str, example: str | None = None, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n
        if example is not None and len(ex := self.examples.setdefault(what, [])) < MAX_EXAMPLES:
            ex.append(example)

    def change(self, what: str, example: str | None = None, n: int = 1) -> None:
        self.changed[what] = self.changed.get(what, 0) + n
        if example is not None and len(ex := self.changed_examples.setdefault(what, [])) < MAX_EXAMPLES:
            ex.append(example)

    def __bool__(self) -> bool:
        return bool(self.counts)

    def lines(self) -> list[str]:
        out = []
        for what, n in self.counts.items():
            out.append(f"dropped {n} {what}" + _examples(self.examples.get(what)))
        for what, n in self.changed.items():
            out.append(f"note: {n} {what}" + _examples(self.changed_examples.get(what)))
        return out


def _examples(examples: list[str] | None) -> str:
    return f" (e.g. {'; '.join(examples)})" if examples else ""


def span_example(doc_id: str, span: dict[str, Any], note: str = "") -> str:
    """``doc:[s, e) 'text'`` made safe to print."""
    text = span["text"] if len(span["text"]) <= 30 else span["text"][:29] + "…"
    return visible(f"{doc_id}:[{span['start']}, {span['end']}) {text!r}{note}")


class Utf16:
    """Offsets of one text in code points and in UTF-16 code units (JavaScript, Java), both ways.

    A code point above U+FFFF (emoji, many CJK extensions) is two UTF-16 units; an offset that
    falls between the two halves of such a pair has no code-point position (None)."""

    __slots__ = ("_cp_to_u16", "_u16_to_cp")

    def __init__(self, text: str) -> None:
        self._cp_to_u16 = [0, *accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)]
        self._u16_to_cp: dict[int, int] | None = None if self._cp_to_u16[-1] != len(text) else {}

    def units(self, cp: int) -> int:
        return self._cp_to_u16[cp]

    def code_point(self, u16: int) -> int | None:
        if self._u16_to_cp is None:
            self._u16_to_cp = {u: i for i, u in enumerate(self._cp_to_u16)}
        elif not self._u16_to_cp:  # the text is all BMP: the offsets are equal
            return u16 if 0 <= u16 < len(self._cp_to_u16) else None
        return self._u16_to_cp.get(u16)


def load_items(paths: list[Path], docs_path: Path | None) -> tuple[list[Item], dict[str, Document], LabelSet]:
    """Annotation records of the files (a directory stands for its ``*.jsonl``), validated as
    ``annotator validate`` does; raises :class:`ConvertError` with every error."""
    from annotator.score.engine import DocLookup, ScoreInputError, expand_paths, load_registry
    from annotator.validate import iter_records
    from annotator.validate.run import UnreadableFile

    try:
        files = expand_paths(paths)
        registry, labels = load_registry(docs_path)
    except ScoreInputError as e:
        raise (ConvertUnreadable if e.exit_code == 2 else ConvertError)(e.lines) from None
    lookup = DocLookup(registry)
    items: list[Item] = []
    errors: list[str] = []
    unreadable = False  # (a file that cannot be read: exit 2, whatever the others hold)
    for path in files:
        try:
            for checked in iter_records(path, "annotation", lookup, labels, warnings=False):  # type: ignore[arg-type]
                errors.extend(f.format() for f in checked.findings if f.is_error)
                record = checked.record
                if record is None or checked.findings:
                    continue
                doc = registry.get(record["doc_id"])
                items.append(Item(record, doc.text if doc is not None else record["text"]))
        except UnreadableFile as e:
            errors.append(str(e))
            unreadable = True
    if errors:
        raise (ConvertUnreadable if unreadable else ConvertError)([visible(line) for line in errors])
    return items, registry, labels


def entity_labels(items: Iterable[Item], labels: LabelSet) -> list[str]:
    """The label set's names, then any other label the records use (in order of use)."""
    names = list(labels.names)
    for item in items:
        for entity in item.record["entities"]:
            if entity["label"] not in names:
                names.append(entity["label"])
    return names


def canonical_ids(record: dict[str, Any]) -> dict[str, Any]:
    """The record with ids renumbered in file order (``e1``.., ``q1``.., ``c1``..) and every
    reference to them rewritten: what an import from a format without our ids gives back."""
    rename: dict[str, str] = {}
    out = dict(record)
    for layer in LAYERS:
        spans = []
        for i, span in enumerate(record[layer], 1):
            new = f"{ID_PREFIX[layer]}{i}"
            rename[span["id"]] = new
            spans.append({**span, "id": new})
        out[layer] = spans
    out["quotes"] = [{**q, "speaker": rename.get(q["speaker"], q["speaker"]) if q["speaker"] else None} for q in out["quotes"]]
    out["claims"] = [
        {**c, "source": rename.get(c["source"], c["source"]) if c["source"] else None, "place": [rename.get(p, p) for p in c["place"]]}
        for c in out["claims"]
    ]
    return out


def ids_are_canonical(record: dict[str, Any]) -> bool:
    return all(span["id"] == f"{ID_PREFIX[layer]}{i}" for layer in LAYERS for i, span in enumerate(record[layer], 1))


def note_lost_record_fields(items: list[Item], loss: Loss, fmt: str, *, ids: bool = True, meta: bool = True, annotator: bool = False) -> None:
    """Record-level fields a format has no place for: ids (renumbered on import), meta, and
    the annotator name and status (given back by ``import --annotator/--status``)."""
    if annotator and items:
        loss.change(f"record(s) whose annotator and status are not stored ({fmt} has no place for them; `import --annotator NAME --status S` sets them)", n=len(items))
    for item in items:
        record = item.record
        if ids and not ids_are_canonical(record):
            loss.change(f"record(s) whose span ids are renumbered on import ({fmt} has no place for them)", visible(record["doc_id"]))
        if meta and record["meta"]:
            loss.drop(f"record meta object(s) ({fmt} has no place for them)", visible(record["doc_id"]))


@dataclass
class ExportOptions:
    labels: list[str]  # entity label names (the label set, then any other in use)
    snap: str | None = None  # spaCy / CoNLL: None (drop and report), "expand" or "contract"
    lang: str = "xx"  # spaCy: the blank tokenizer's language
    predictions: bool = False  # Label Studio: write predictions (pre-annotations) instead of annotations
    colors: dict[str, str] = field(default_factory=dict)  # label -> "#rrggbb" from the label set


def read_jsonl_objects(path: Path) -> list[tuple[int, Any]]:
    """(line number, parsed JSON value) of every line of a JSONL file, read with the
    toolkit's one line reader; raises :class:`ConvertError` for unreadable or invalid lines."""
    import json

    from annotator.validate.lines import read_lines

    out: list[tuple[int, Any]] = []
    errors: list[str] = []
    try:
        with path.open("rb") as f:
            for raw in read_lines(f):
                if raw.data is None:
                    if raw.problems and not raw.problems[0].startswith("blank line"):
                        errors.extend(f"{path}:{raw.lineno}: {p}" for p in raw.problems)
                    continue
                try:
                    out.append((raw.lineno, json.loads(raw.data.decode("utf-8"))))
                except (UnicodeDecodeError, ValueError) as e:
                    errors.append(f"{path}:{raw.lineno}: not valid JSON: {e}")
    except OSError as e:
        raise ConvertUnreadable([f"{path}: cannot read: {e.strerror or e}"]) from None
    if errors:
        raise ConvertError([visible(line) for line in errors])
    return out


def read_text_file(path: Path) -> str:
    """A UTF-8 text file exactly as stored (no newline translation); ConvertError if unreadable."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as e:
        raise ConvertUnreadable([f"{path}: cannot read: {e.strerror or e}"]) from None
    except UnicodeDecodeError as e:
        raise ConvertUnreadable([f"{path}: not UTF-8 (byte {e.start})"]) from None


def expect(cond: bool, where: str, message: str) -> None:
    """Raise one ``FILE:LINE: message`` ConvertError unless ``cond``."""
    if not cond:
        raise ConvertError([visible(f"{where}: {message}")])


_SAFE_STEM = re.compile(r"^[A-Za-z0-9_:-][A-Za-z0-9_.:-]*$")


def file_stems(items: list[Item], fmt: str) -> list[str]:
    """The file name stem of each record for formats with one file per document: the doc_id,
    which must be a safe file name and may occur once (these formats hold one record per
    document); raises :class:`ConvertError` otherwise."""
    errors, seen = [], {}
    for item in items:
        doc_id = item.doc_id
        if not _SAFE_STEM.match(doc_id):
            errors.append(f"{visible(repr(doc_id))}: not usable as a file name ({fmt} writes one file per document): letters, digits, _ . : - only")
        elif doc_id in seen:
            errors.append(f"{visible(repr(doc_id))}: two records for this document (annotators {visible(repr(seen[doc_id]))} and "
                          f"{visible(repr(item.record['annotator']))}); {fmt} holds one per document: export them to separate directories")
        else:
            seen[doc_id] = item.record["annotator"]
    if errors:
        raise ConvertError(errors)
    return [item.doc_id for item in items]
