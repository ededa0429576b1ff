"""Checking many records at once: does :func:`annotator.validate.semantic.check_record` find
nothing to say of any of them?

``annotator validate`` and the scorer's fast lane read lines in batches (:func:`take`). A
batch of valid records is the usual case, and for it the checks run over all the spans of
the batch at once, with C-level ``map``s, joins and set operations (a call per record and per
span costs more than the checks). These functions only ever answer "certainly nothing to
report" or "not sure": then the records are checked one by one by ``check_record``, which
words every finding. They must never answer "nothing" where ``check_record`` would report
something (``tests/foundation/test_batch_checks.py`` compares them on generated records).
"""

from collections.abc import Callable, Iterator, Mapping
from itertools import accumulate, chain, repeat
from operator import eq, itemgetter, sub
from typing import Any, NamedTuple, TypeVar
from unicodedata import is_normalized

import msgspec

from annotator.model import LabelSet, text_sha256
from annotator.model.fast import FastDecoder, fast_decoder
from annotator.validate.semantic import _NOT_SIMPLE, _NOT_SIMPLE_BASE, _joins_forward
from annotator.validate.structural import MODELS, _unusable

#: At most this many lines are taken at once, and a batch stops at the line that brings it past
#: ``BATCH_BYTES``: its records stay in the processor's caches (measured on the scorer: 512
#: records of 50 entities at once cost a fifth more than 16).
BATCH = 512
BATCH_BYTES = 128 * 1024

_ENTITIES = itemgetter("entities")
_START = itemgetter("start")
_END = itemgetter("end")
_TEXT = itemgetter("text")
_LABEL = itemgetter("label")
_ID = itemgetter("id")
_SHA = itemgetter("text_sha256")
_DOC_ID = itemgetter("doc_id")
_META = itemgetter("meta")
_QUOTES = itemgetter("quotes")
_CLAIMS = itemgetter("claims")
_COLON = repeat(b":")
_FIRST_CHAR = itemgetter(0)
_LAST_CHAR = itemgetter(-1)
_MINUS_ONE = (-1).__add__

T = TypeVar("T")


def take(lines: Iterator[T], size: Callable[[T], int], most: int | None = None) -> list[T]:
    """The next batch of ``lines`` (``size``: the bytes of one), of at most ``most`` lines
    (default ``BATCH``)."""
    batch: list[T] = []
    total = 0
    most = most or BATCH
    for line in lines:
        batch.append(line)
        total += size(line)
        if total >= BATCH_BYTES or len(batch) >= most:
            break
    return batch


class Columns(NamedTuple):
    """The entities of a batch of records, column by column (read once, for the checks and
    the scorer's bulk matching)."""

    spans: list[dict[str, Any]]  # every entity, record after record
    counts: list[int]  # entities per record
    docs: list[int]  # the record of each entity (its number in the batch)
    starts: list[int | None]
    ends: list[int | None]
    labels: list[str]

    @classmethod
    def of(cls, records: list[dict[str, Any]]) -> "Columns":
        lists = list(map(_ENTITIES, records))
        counts = list(map(len, lists))
        spans = list(chain.from_iterable(lists))
        docs = list(chain.from_iterable(map(repeat, range(len(records)), counts)))
        return cls(spans, counts, docs, list(map(_START, spans)), list(map(_END, spans)), list(map(_LABEL, spans)))


def simple(record: dict[str, Any]) -> bool:
    """Entities only (the records whose spans are checked here)."""
    return not record["quotes"] and not record["claims"]


def all_simple(records: list[dict[str, Any]]) -> bool:
    """Every record :func:`simple` (by C-level ``map``s: no call per record)."""
    return not any(map(_QUOTES, records)) and not any(map(_CLAIMS, records))


def spans_clean(spans: Columns, texts: list[str], labels: LabelSet | None, *, warnings: bool, bases_only: bool | None = None) -> bool:
    """Nothing to report of the entities of records without quotes or claims (``spans``:
    their columns; ``texts``: each record's document text): offsets ordered and in range,
    span text equal to the slice, ids unique per record, labels in the label set, and with
    ``warnings`` no white space at an edge and no grapheme cluster split. False when anything
    may fail. Spans without offsets (string-anchored predictions) only when every span of the
    batch has none and ``warnings`` is False. ``bases_only``: whether the texts hold simple
    base characters only, when the caller knows."""
    if not spans.spans:
        return True
    starts, ends = spans.starts, spans.ends
    anchored = starts.count(None)
    if anchored:
        # string-anchored spans (no offsets) have no error to give; a warning (a text that
        # does not occur) or a mix is left to check_record
        if warnings or anchored != len(starts) or ends.count(None) != anchored:
            return False
    else:
        span_texts = list(map(_TEXT, spans.spans))  # (string-anchored spans: nothing to compare)
        lengths = list(map(len, span_texts))
        try:
            # s < e, and text[s:e] == t: t is as long as the slice and occurs at s (so e <= len)
            if min(starts) < 0 or lengths != list(map(sub, ends, starts)) or 0 in lengths:  # type: ignore[arg-type]
                return False
        except TypeError:  # an end is None
            return False
        text_of = list(chain.from_iterable(map(repeat, texts, spans.counts)))
        if not all(map(str.startswith, text_of, span_texts, starts)):  # type: ignore[arg-type]
            return False
    ids = list(map(_ID, spans.spans))
    absent = ids.count(None)  # (predictions often give no ids at all)
    if not absent:  # unique per record: a set of each record's ids, as long as its list (slices of the column)
        bounds = list(accumulate(spans.counts, initial=0))
        if list(map(len, map(set, map(ids.__getitem__, map(slice, bounds, bounds[1:]))))) != spans.counts:
            return False
    elif absent != len(ids):
        pairs = [pair for pair in zip(spans.docs, ids) if pair[1] is not None]  # (record, id)
        if len(set(pairs)) != len(pairs):
            return False
    if labels is not None and not labels.name_set.issuperset(spans.labels):
        return False
    return not warnings or _edges_clean(text_of, span_texts, starts, ends, texts, bases_only)  # type: ignore[arg-type]  # (warnings: never anchored)


def _edges_clean(text_of: list[str], span_texts: list[str], starts: list[int], ends: list[int], texts: list[str], bases_only: bool | None = None) -> bool:
    """No white space at a span's edge and no cluster split, as ``semantic._suspects`` tells
    it for one record: certain between simple characters (``text.clusters``)."""
    # str.strip takes away every character semantic._WHITE calls white space (and four
    # separators, U+001C-U+001F, which then leave the batch to check_record): a span text it
    # leaves alone starts and ends with none (half the time of a regex over the joined texts)
    if not all(map(eq, span_texts, map(str.strip, span_texts))):
        return False
    if bases_only is None:
        bases_only = not any(map(_NOT_SIMPLE_BASE.search, texts))
    if bases_only:
        return True  # texts of simple bases only: every offset is a boundary
    firsts = "".join(map(_FIRST_CHAR, span_texts))  # text[s] of every span
    if _NOT_SIMPLE_BASE.search(firsts):
        return False
    # the character before an edge matters only after a Prepend character or a ZWJ (text[-1]
    # for a span at 0: at worst a needless look for one)
    before = "".join(map(str.__getitem__, text_of, map(_MINUS_ONE, starts)))
    lasts = "".join(map(_LAST_CHAR, span_texts))  # text[e - 1]
    if (_NOT_SIMPLE.search(before) or _NOT_SIMPLE.search(lasts)) and any(map(_joins_forward, texts)):
        return False
    try:
        after = "".join(map(str.__getitem__, text_of, ends))  # text[e]
    except IndexError:  # a span ends the text (always a boundary)
        after = "".join(t[e] for t, e in zip(text_of, ends) if e < len(t))
    return _NOT_SIMPLE_BASE.search(after) is None


def document_texts(records: list[dict[str, Any]], docs: Mapping[str, Any] | None, *, nfc: bool = False) -> tuple[list[str], list[str]] | None:
    """The text each record's offsets refer to, and its document's hash, when the document
    checks of ``check_record(record, docs.get(doc_id), ...)`` find nothing: every record embeds
    an NFC text that hashes to its ``text_sha256`` and none is registered, or every record
    is registered, embeds no text and gives its document's hash or none. None otherwise.
    ``nfc``: the embedded texts are known to be NFC (not scanned again)."""
    doc_ids = list(map(_DOC_ID, records))
    shas = list(map(_SHA, records))
    embedded = list(map(_TEXT, records))
    if not docs or not any(map(docs.__contains__, doc_ids)):
        if None in embedded or not (nfc or all(map(is_normalized, repeat("NFC"), embedded))) or list(map(text_sha256, embedded)) != shas:
            return None
        return embedded, shas
    if embedded.count(None) != len(embedded) or not all(map(docs.__contains__, doc_ids)):
        return None  # embedded texts of registered documents: compared one by one
    found = list(map(docs.__getitem__, doc_ids))
    doc_shas = [doc.text_sha256 for doc in found]
    if shas != doc_shas and any(s is not None and s != d for s, d in zip(shas, doc_shas)):
        return None
    return [doc.text for doc in found], doc_shas


def records_clean(records: list[dict[str, Any]], docs: Mapping[str, Any] | None, labels: LabelSet | None, *, warnings: bool = True) -> bool:
    """``check_record(record, docs.get(doc_id), labels, warnings=warnings)`` finds nothing in
    any record: records of entities only, with their texts as ``document_texts`` takes them.
    False for any other record."""
    if not all_simple(records):
        return False
    bases_only = None
    if warnings:  # the warnings look for characters other than simple bases in the texts anyway:
        # done first for embedded texts, a text of simple bases only is NFC (no pair of them
        # composes: tests/foundation/test_batch_checks.py), and is_normalized need not scan it
        embedded = list(map(_TEXT, records))
        if None not in embedded:
            bases_only = not any(map(_NOT_SIMPLE_BASE.search, embedded))
    found = document_texts(records, docs, nfc=bool(bases_only))
    return found is not None and spans_clean(Columns.of(records), found[0], labels, warnings=warnings, bases_only=bases_only)


def decode_batch(kind: str, lines: list[bytes]) -> list[dict[str, Any]] | None:
    """The records of ``lines`` as :func:`annotator.validate.structural.check_line` returns
    them, or None when one of them is not certainly valid by the fast path."""
    decoder = fast_decoder(MODELS[kind])
    if not isinstance(decoder, FastDecoder):
        return None
    try:
        records = list(map(decoder.decode_json, lines))
    except (msgspec.DecodeError, RecursionError):
        return None
    given = sum(map(len, records))
    keys = decoder.batch(records, given)
    if keys < 0:
        return None
    # every line has at least as many colons as keys decoded (see FastDecoder): equal sums
    # mean each line is equal; otherwise each line is decoded again on its own (its second chance)
    if sum(map(bytes.count, lines, _COLON)) != keys + given:
        records = list(map(decoder, lines))
        if None in records:
            return None
    if any(map(_META, records)):
        if any(meta and _unusable(meta) for meta in map(_META, records)):
            return None  # check_line sends these to pydantic
    return records




__all__ = ["BATCH", "BATCH_BYTES", "Columns", "all_simple", "decode_batch", "document_texts", "records_clean", "simple", "spans_clean", "take"]
