"""The scorer's fast lane: a batch of gold lines and the prediction lines at the same places,
decoded, checked and scored together.

``score_stream`` reads GOLD and PRED in lockstep, a line of each in turn. When the inputs
list documents in the same order (predictions written by running an extractor over the
gold), line ``i`` of a batch of each input holds the same document, and every record of the
batch is valid, the result of that lockstep is known in advance: each pair is scored as
soon as it is read, in order, with no error. This module handles such a batch as a whole,
with C-level ``map``s, joins and set operations over all its records and spans instead of a
chain of calls per line and per document (measured: that chain cost more than decoding):

* :func:`annotator.validate.batch.decode_batch` decodes every line by the models' derived
  decoder (:mod:`annotator.model.fast`) and runs its checks after decoding over all records
  at once (as ``annotator validate`` does);
* :func:`records_ok` tells whether the batch's records pass every error check of
  ``annotator validate`` (:func:`annotator.validate.semantic.check_record`), pairing each
  prediction with its gold's document;
* :func:`score_entities` scores the entities of every document that has nothing else
  (no quotes, no claims, offsets everywhere) in one pass (:mod:`annotator.score.bulk`).

Each of them says "not sure" (None or False) for anything else, and the batch then goes
line by line through the usual path, which words every finding exactly as before: this lane
may send a clean batch there (slower, never different), and must never accept a batch that
path would refuse or count otherwise. ``tests/score/test_lane.py`` compares the reports of
both on generated corpora, valid and invalid.
"""

from operator import itemgetter
from typing import Any, NamedTuple

from annotator.io.corpus import DocText
from annotator.model import LabelSet
from annotator.score.aggregate import Totals
from annotator.score.bulk import placed, score_entities
from annotator.score.document import Options, score_document
from annotator.validate.batch import Columns, all_simple, document_texts, simple, spans_clean
from annotator.validate.semantic import check_record

#: The lane is used (tests turn it off to compare it with the general path).
ENABLED = True
_DOC_ID = itemgetter("doc_id")
_TEXT = itemgetter("text")
_SHA = itemgetter("text_sha256")


def records_ok(
    golds: list[dict[str, Any]],
    preds: list[dict[str, Any]],
    registry: dict[str, Any],
    labels: LabelSet | None,
) -> "Batch | None":
    """The text each pair is scored against (and the columns of their entities when every
    record has entities only), when every gold and prediction record passes the
    scorer's error checks (gold ``i`` checked as ``score_stream`` checks it, prediction ``i``
    against that gold's document); None otherwise."""
    doc_ids = list(map(_DOC_ID, golds))
    if doc_ids != list(map(_DOC_ID, preds)):
        return None
    found = document_texts(golds, registry)
    if found is None:
        return None
    texts, doc_shas = found
    pred_shas = list(map(_SHA, preds))
    if pred_shas != doc_shas and any(s is not None and s != d for s, d in zip(pred_shas, doc_shas)):
        return None
    if any(map(_TEXT, preds)):
        return None  # a prediction embedding the text: the general path compares it
    if all_simple(golds) and all_simple(preds):
        gold_spans, pred_spans = Columns.of(golds), Columns.of(preds)
        if spans_clean(gold_spans, texts, labels, warnings=False) and spans_clean(pred_spans, texts, None, warnings=False):
            return Batch(texts, gold_spans, pred_spans)
    # quotes, claims, string-anchored spans, or a span that fails: the validator's own checks
    return Batch(texts, None, None) if _each_ok(golds, preds, texts, list(map(_SHA, golds)), registry, labels) else None


def _each_ok(golds: list[dict[str, Any]], preds: list[dict[str, Any]], texts: list[str], shas: list[str | None],
             registry: dict[str, Any], labels: LabelSet | None) -> bool:
    """Record by record, by the validator's own checks (records with quotes or claims)."""
    for gold, pred, text, sha in zip(golds, preds, texts, shas):
        doc = registry.get(gold["doc_id"])
        if check_record(gold, doc, labels, warnings=False):
            return False
        if check_record(pred, doc or DocText(gold["doc_id"], text, sha), None, warnings=False):
            return False
    return True


class Batch(NamedTuple):
    """A batch that passed every check: the texts, and the columns of the entities of gold
    and predictions (None unless every record has entities only; the predictions' may all be
    string-anchored)."""

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
    not_found: list[int] | None = None
    if batch.gold is not None and batch.pred is not None and None not in batch.pred.starts:  # the usual case: every document
        bulk = score_entities(batch.gold, batch.pred, texts, options.min_iou)
        rows: range | list[int] = range(len(golds))
    else:  # quotes or claims in some documents (scored apart), or string-anchored predictions (aligned first)
        rows = [i for i, (gold, pred) in enumerate(zip(golds, preds)) if simple(gold) and simple(pred)]
        row_texts = [texts[i] for i in rows]
        pred_columns, unplaced, alignment = placed([preds[i] for i in rows], row_texts, batch.pred)  # (columns read: every row)
        gold_columns = batch.gold if batch.gold is not None else Columns.of([golds[i] for i in rows])  # (read once: every row)
        bulk = score_entities(gold_columns, pred_columns, row_texts, options.min_iou, unplaced)
        not_found = list(map(len, unplaced))
        totals.alignment["entities"].add(alignment.total(bulk.skipped))
    totals.add_entity_counts(bulk)
    kept = [k for k in range(len(rows)) if k not in bulk.skipped] if bulk.skipped else range(len(rows))
    if len(kept) == len(golds):
        totals.add_entity_vectors(list(map(_DOC_ID, golds)), bulk.flats, not_found)
        return
    flats = {rows[k]: k for k in kept}
    for i, (gold, pred, text, position) in enumerate(zip(golds, preds, texts, positions)):
        k = flats.get(i)
        if k is not None:
            totals.add_entity_vectors([gold["doc_id"]], [bulk.flats[k]], [not_found[k]] if not_found else None)
        else:
            totals.add(score_document(gold, pred, text, options), position)


__all__ = ["ENABLED", "Batch", "add_batch", "records_ok"]
