"""Scoring the entities of many documents at once (the fast lane's scorer, :mod:`.lane`).

The same matching and judgement as :func:`annotator.score.schemes.score_layer`, over the
spans of a whole batch of documents: spans become ``(document, start, end, label)``, so
that identical pairs of every document are found by one set intersection, and what is left
is matched in one sweep, each document's spans shifted to a stretch of a line of their own
(spans of two documents never overlap, so every connected component of the overlap graph
lies in one document and is matched exactly as it would be alone: its spans keep their
order, lengths and overlaps). The result per document is its flat count vector, as
``LayerResult.flat_counts`` gives it; the label counts are summed over the batch.

For documents whose every layer but entities is empty. String-anchored predictions are
placed first (:func:`placed`, the alignment ``score_document`` uses); those not found are
spurious. A document with a span given twice in a record is left out (``skipped``): the
caller scores it on its own.
"""

from collections import _count_elements, deque  # type: ignore[attr-defined]  # Counter.update's C loop
from collections.abc import Iterable
from itertools import accumulate, chain, compress, filterfalse, repeat
from operator import itemgetter, ne, not_
from typing import Any, NamedTuple

from annotator.score.align import BatchStats, align_batch
from annotator.validate.batch import Columns
from annotator.score.schemes import OVERLAP_OTHER_LABEL, SAME_BOUNDS_OTHER_LABEL, SCHEMES, add_outcomes, choose, judge, sorted_pairs

_TEXT = itemgetter("text")
_NONE: tuple[str, ...] = ()  # the labels of a document's predictions not found, when none is missing
_DOC = itemgetter(0)
_LABEL_OF = itemgetter(3)
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


class Bulk(NamedTuple):
    """A batch scored: per document its flat vector (None: no entity on either side, the
    layer is not scored; documents with the same counts share one list), and the label
    counts Totals keeps."""

    flats: list[list[int] | None]
    skipped: set[int]  # documents with a span given twice: not scored here
    gold_labels: list[str]  # every gold span
    missed_labels: list[str]
    spurious_labels: list[str]
    judged: list[tuple[str, str, tuple[int, ...]]]  # (gold label, predicted label, outcome per scheme)


def _given_twice(spans: list[tuple[int, int, int, str]]) -> set[int]:
    """The documents in which a span is given twice."""
    seen: dict[tuple[int, int, int, str], int] = {}
    _count_elements(seen, spans)
    return {span[0] for span, n in seen.items() if n > 1}


def placed(preds: list[dict[str, Any]], texts: list[str], columns: Columns | None = None) -> tuple[Columns, list[list[str]], BatchStats]:
    """The predictions' entities where they are placed: given offsets kept, string-anchored
    ones aligned to their document's text (``align_batch``: ``align_spans`` of each document,
    as ``score_document`` does); the labels of those not found (unplaced: spurious), and the
    alignment counts of each document. ``columns``: those of ``preds`` if already read."""
    if columns is None:
        columns = Columns.of(preds)
    counts, docs, labels = columns.counts, columns.docs, columns.labels
    starts, ends, stats = align_batch(texts, counts, docs, (columns.starts, columns.ends), list(map(_TEXT, columns.spans)))
    if -1 not in starts:  # every span placed (the usual case)
        return Columns([], counts, docs, starts, ends, labels), [_NONE] * len(preds), stats  # type: ignore[arg-type]
    found = list(map(ne, starts, repeat(-1)))
    unplaced: list[list[str]] = [_NONE] * len(preds)  # type: ignore[list-item]
    for d in set(compress(docs, map(not_, found))):
        unplaced[d] = []
    for d, label in compress(zip(docs, labels), map(not_, found)):
        unplaced[d].append(label)
    counts = [k - len(u) for k, u in zip(counts, unplaced)]
    placed_columns = Columns([], counts, list(compress(docs, found)), list(compress(starts, found)), list(compress(ends, found)), list(compress(labels, found)))
    return placed_columns, unplaced, stats  # type: ignore[arg-type]


def score_entities(gold_columns: Columns, pred_columns: Columns, texts: list[str], min_iou: float, unplaced: list[list[str]] | None = None) -> Bulk:
    """The entities of a batch of documents scored (see the module's docstring); ``unplaced``:
    per document the labels of string-anchored predictions that were not found (spurious)."""
    gold = list(zip(gold_columns.docs, gold_columns.starts, gold_columns.ends, gold_columns.labels))
    pred = list(zip(pred_columns.docs, pred_columns.starts, pred_columns.ends, pred_columns.labels))
    g_set, p_set = set(gold), set(pred)
    skipped: set[int] = set()
    if len(g_set) != len(gold) or len(p_set) != len(pred):
        # identical spans of one record must be told apart (by their attributes): the
        # general path scores those documents
        skipped = _given_twice(gold) | _given_twice(pred)
        gold = [span for span in gold if span[0] not in skipped]
        pred = [span for span in pred if span[0] not in skipped]
        g_set, p_set = set(gold), set(pred)
    # what is left, in the order given, then sorted (measured: the records' order is often
    # nearly sorted, string-anchored predictions in each document's, which the sort's runs
    # use; sorting the set differences, in hash order, cost a third more)
    g_left = sorted(filterfalse(p_set.__contains__, gold))
    p_left = sorted(filterfalse(g_set.__contains__, pred))
    # each document on a stretch of its own: offsets shifted past the texts before it
    shift = [0, *accumulate(len(t) + 1 for t in texts)]
    g_line = [(shift[d] + s, shift[d] + e, label) for d, s, e, label in g_left]
    p_line = [(shift[d] + s, shift[d] + e, label) for d, s, e, label in p_left]
    chosen = choose(sorted_pairs(g_line, p_line), g_line, p_line) if g_line and p_line else []
    outcomes: dict[int, list[tuple[int, ...]]] = {}
    judged = []
    for gi, pi in chosen:
        d, gs, ge, gl = g_left[gi]
        _, ps, pe, pl = p_left[pi]
        if gl != pl:  # judge()'s first case, inline (most pairs left over are label confusions)
            outcome = SAME_BOUNDS_OTHER_LABEL if gs == ps and ge == pe else OVERLAP_OTHER_LABEL
        else:
            outcome = judge((gs, ge, gl), (ps, pe, pl), texts[d], min_iou)
        judged.append((gl, pl, outcome))
        if d in outcomes:
            outcomes[d].append(outcome)
        else:
            outcomes[d] = [outcome]
    if chosen:
        # what was not chosen, by masks set in C (measured: a third of a test per span)
        g_free, p_free = [True] * len(g_left), [True] * len(p_left)
        deque(map(g_free.__setitem__, map(_FIRST, chosen), repeat(False)), 0)
        deque(map(p_free.__setitem__, map(_SECOND, chosen), repeat(False)), 0)
        missed, spurious = list(compress(g_left, g_free)), list(compress(p_left, p_free))
    else:
        missed, spurious = g_left, p_left
    spurious_labels = list(map(_LABEL_OF, spurious))
    not_found = list(map(len, unplaced)) if unplaced else repeat(0)
    if unplaced:
        spurious_labels += chain.from_iterable(labels for d, labels in enumerate(unplaced) if d not in skipped)
    flats = _flats(gold_columns.counts, pred_columns.counts, not_found, missed, spurious, outcomes, skipped)
    return Bulk(flats, skipped, list(map(_LABEL_OF, gold)), list(map(_LABEL_OF, missed)), spurious_labels, judged)


def _flats(g_counts: list[int], p_counts: list[int], not_found: Iterable[int], missed: list, spurious: list,
           outcomes: dict[int, list[tuple[int, ...]]], skipped: set[int]) -> list[list[int] | None]:
    """The flat vector of each document (a measured hot path, once per document: documents
    with the same counts share one vector, built once); ``not_found``: unplaced predictions
    per document (spurious too). A document's gold spans left after its identical pairs are
    its missed ones and those of its outcomes (not counted again)."""
    n_missed: dict[int, int] = {}
    _count_elements(n_missed, map(_DOC, missed))
    n_spurious: dict[int, int] = {}
    _count_elements(n_spurious, map(_DOC, spurious))
    made: dict[tuple, list[int]] = {}
    flats: list[list[int] | None] = []
    for d, (ng, np, nu) in enumerate(zip(g_counts, p_counts, not_found)):
        if (not ng and not np and not nu) or d in skipped:
            flats.append(None)
            continue
        outs = outcomes.get(d)
        missed_here = n_missed.get(d, 0)
        base = (ng - missed_here - (len(outs) if outs else 0), missed_here, n_spurious.get(d, 0) + nu)
        key = (*base, *sorted(outs)) if outs else base
        flat = made.get(key)
        if flat is None:
            flat = made[key] = [key[0], 0, 0, key[1], key[2]] * len(SCHEMES)
            if outs:
                tally: dict[tuple[int, ...], int] = {}
                _count_elements(tally, outs)
                add_outcomes(flat, tally)
        flats.append(flat)
    return flats


__all__ = ["Bulk", "placed", "score_entities"]
