"""The scorer's fast lane: a batch of gold lines and the prediction lines at the same places,
decoded, checked and scored together.

``score_stream`` reads GOLD and PRED in lockstep, a line of each in turn. When the inputs
list documents in the same order (predictions written by running an extractor over the
gold), line ``i`` of a batch of each input holds the same document, and every record of the
batch is valid, the result of that lockstep is known in advance: each pair is scored as
soon as it is read, in order, with no error. This module handles such a batch as a whole,
with C-level ``map``s, joins and set operations over all its records and spans instead of a
chain of calls per line and per document (measured: that chain cost more than decoding):

* :func:`decode_batch` decodes every line by the models' derived decoder
  (:mod:`annotator.model.fast`) and runs its checks after decoding over all records at once;
* :func:`records_ok` tells whether the batch's records pass every error check of
  ``annotator validate`` (:func:`annotator.validate.semantic.check_record`);
* :func:`score_entities` scores the entities of every document that has nothing else
  (no quotes, no claims, offsets everywhere) in one pass (:mod:`annotator.score.bulk`).

Each of them says "not sure" (None or False) for anything else, and the batch then goes
line by line through the usual path, which words every finding exactly as before: this lane
may send a clean batch there (slower, never different), and must never accept a batch that
path would refuse or count otherwise. ``tests/score/test_lane.py`` compares the reports of
both on generated corpora, valid and invalid.
"""

from collections.abc import Iterator
from itertools import chain, repeat
from operator import itemgetter, sub
from typing import Any, NamedTuple
from unicodedata import is_normalized

import msgspec

from annotator.model import LabelSet, text_sha256
from annotator.model.fast import FastDecoder, fast_decoder
from annotator.score.aggregate import Totals
from annotator.score.bulk import Columns, score_entities
from annotator.score.document import Options, score_document
from annotator.validate.lines import RawLine
from annotator.validate.semantic import check_record
from annotator.validate.structural import MODELS, _unusable

#: The lane is used (tests turn it off to compare it with the general path).
ENABLED = True
#: At most this many lines of each input are handled together, and a batch stops at the
#: line that brings its gold past ``BATCH_BYTES``: records stay in the processor's caches
#: (measured: 512 records of 50 entities at once cost a fifth more than 16).
BATCH = 512
BATCH_BYTES = 128 * 1024


def take(lines: Iterator[tuple[int, str, RawLine]]) -> list[tuple[int, str, RawLine]]:
    """The next batch of gold lines."""
    batch, size = [], 0
    for line in lines:
        batch.append(line)
        size += len(line[2].data or b"")
        if size >= BATCH_BYTES or len(batch) >= BATCH:
            break
    return batch

_DOC_ID = itemgetter("doc_id")
_TEXT = itemgetter("text")
_SHA = itemgetter("text_sha256")
_META = itemgetter("meta")
_ENTITIES = itemgetter("entities")
_QUOTES = itemgetter("quotes")
_CLAIMS = itemgetter("claims")
_START = itemgetter("start")
_END = itemgetter("end")
_ID = itemgetter("id")
_LABEL = itemgetter("label")
_COLON = repeat(b":")


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
    keys = decoder.batch(records)
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


def spans_ok(records: list[dict[str, Any]], spans: Columns, texts: list[str], labels: LabelSet | None) -> bool:
    """The entities of records without quotes or claims (``spans``: their columns), against
    their documents' texts: offsets ordered and in range, span text equal to the slice, ids
    unique per record, labels in the label set. False when anything fails (or a span has no
    offsets)."""
    if not spans.spans:
        return True
    starts, ends = spans.starts, spans.ends
    try:
        lengths = list(map(len, map(_TEXT, spans.spans)))
        # s < e, and text[s:e] == t: t is as long as the slice and occurs at s (so e <= len)
        if min(starts) < 0 or lengths != list(map(sub, ends, starts)) or 0 in lengths:
            return False
    except TypeError:  # an offset is None
        return False
    text_of = chain.from_iterable(map(repeat, texts, spans.counts))
    if not all(map(str.startswith, text_of, map(_TEXT, spans.spans), starts)):
        return False
    ids = list(zip(spans.docs, map(_ID, spans.spans)))  # (record, id): unique per record
    if None in map(_ID, spans.spans):
        ids = [pair for pair in ids if pair[1] is not None]
    if len(set(ids)) != len(ids):
        return False
    return labels is None or labels.name_set.issuperset(spans.labels)


def simple(record: dict[str, Any]) -> bool:
    """Entities only (the records the batched checks and scoring handle)."""
    return not record["quotes"] and not record["claims"]


def records_ok(
    golds: list[dict[str, Any]],
    preds: list[dict[str, Any]],
    registry: dict[str, Any],
    labels: LabelSet | None,
) -> "Batch | None":
    """The text each pair is scored against (and the columns of their entities when every
    record has entities only, with offsets), when every gold and prediction record passes the
    scorer's error checks (gold ``i`` checked as ``score_stream`` checks it, prediction ``i``
    against that gold's document); None otherwise."""
    doc_ids = list(map(_DOC_ID, golds))
    if doc_ids != list(map(_DOC_ID, preds)):
        return None
    embedded = list(map(_TEXT, golds))
    shas = list(map(_SHA, golds))
    if not any(map(registry.__contains__, doc_ids)):
        if None in embedded or not all(map(is_normalized, repeat("NFC"), embedded)) or list(map(text_sha256, embedded)) != shas:
            return None
        texts, doc_shas = embedded, shas
    elif embedded.count(None) == len(embedded) and all(map(registry.__contains__, doc_ids)):
        docs = list(map(registry.__getitem__, doc_ids))
        texts, doc_shas = [d.text for d in docs], [d.text_sha256 for d in docs]
        if shas.count(None) != len(shas) and any(s is not None and s != d for s, d in zip(shas, doc_shas)):
            return None
    else:
        return None  # embedded texts of registered documents: the general path compares them
    pred_shas = list(map(_SHA, preds))
    if pred_shas != doc_shas and any(s is not None and s != d for s, d in zip(pred_shas, doc_shas)):
        return None
    if any(map(_TEXT, preds)):
        return None  # a prediction embedding the text: the general path compares it
    if all(map(simple, golds)) and all(map(simple, preds)):
        gold_spans, pred_spans = Columns.of(golds), Columns.of(preds)
        if spans_ok(golds, gold_spans, texts, labels) and spans_ok(preds, pred_spans, texts, None):
            return Batch(texts, gold_spans, pred_spans)
    # quotes, claims, string-anchored spans, or a span that fails: the validator's own checks
    return Batch(texts, None, None) if _each_ok(golds, preds, texts, shas, registry, labels) else None


def _each_ok(golds: list[dict[str, Any]], preds: list[dict[str, Any]], texts: list[str], shas: list[str | None],
             registry: dict[str, Any], labels: LabelSet | None) -> bool:
    """Record by record, by the validator's own checks (records with quotes or claims)."""
    from annotator.score.engine import EmbeddedText

    for gold, pred, text, sha in zip(golds, preds, texts, shas):
        doc = registry.get(gold["doc_id"])
        if check_record(gold, doc, labels, warnings=False):
            return False
        if check_record(pred, doc or EmbeddedText(gold["doc_id"], text, sha), None, warnings=False):
            return False
    return True


class Batch(NamedTuple):
    """A batch that passed every check: the texts, and the columns of the entities of gold
    and predictions (None unless every record has entities only, with offsets)."""

    texts: list[str]
    gold: Columns | None
    pred: Columns | None


def add_batch(totals: Totals, golds: list[dict[str, Any]], preds: list[dict[str, Any]], batch: Batch, positions: list[int], options: Options) -> None:
    """Score the pairs of a checked batch into ``totals``, as ``Totals.add(score_document(...))``
    of each pair in turn would. Documents of entities only go through
    :func:`annotator.score.bulk.score_entities` once their errors are no longer listed (the
    first ``max_errors`` are, with their spans: the general path words them)."""
    texts = batch.texts
    if not totals.listed.full_for(positions[0]):  # positions grow: full for every later document
        for gold, pred, text, position in zip(golds, preds, texts, positions):
            totals.add(score_document(gold, pred, text, options), position)
        return
    if batch.gold is not None and batch.pred is not None:  # the usual case: every document
        bulk = score_entities(batch.gold, batch.pred, texts, options.min_iou)
        rows = range(len(golds))
    else:
        rows = [i for i, (gold, pred) in enumerate(zip(golds, preds)) if simple(gold) and simple(pred) and None not in map(_START, pred["entities"])]
        bulk = score_entities(Columns.of([golds[i] for i in rows]), Columns.of([preds[i] for i in rows]), [texts[i] for i in rows], options.min_iou)
    totals.add_entity_counts(bulk)
    flats = {rows[k]: flat for k, flat in enumerate(bulk.flats) if k not in bulk.skipped}
    if len(flats) == len(golds):
        totals.add_entity_vectors(list(map(_DOC_ID, golds)), bulk.flats)
        return
    for i, (gold, pred, text, position) in enumerate(zip(golds, preds, texts, positions)):
        if i in flats:
            totals.add_entity_vectors([gold["doc_id"]], [flats[i]])
        else:
            totals.add(score_document(gold, pred, text, options), position)


__all__ = ["BATCH", "ENABLED", "Batch", "add_batch", "decode_batch", "records_ok", "simple", "spans_ok"]
