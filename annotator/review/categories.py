"""The scorer's categories, span by span: what ``annotator annotate --review`` shows.

Nothing here matches spans: every category is read off the scorer's own result for the
document (:func:`annotator.score.document.score_document`): its one-to-one matching
(``LayerResult.matched``), its judgement of each matched pair under every scheme
(``LayerResult.judged``), its missed and spurious spans, the alignment of string-anchored
predictions (``DocScore.placed``) and its wrong attributes (``DocScore.attribute_errors``).
So the counts of a review are the counts of ``annotator score`` (a test holds this).

Span categories (one per item): a matched pair is ``correct`` (same boundaries and label:
strict), ``label`` (same boundaries, other label: correct under ``exact`` only),
``boundary`` (same label, other boundaries: correct under ``type``) or ``label+boundary``;
an unmatched gold span is ``missed``, an unmatched (or unplaced) prediction ``spurious``.
Attribute categories (on matched quote and claim pairs, as the scorer's attribute accuracy
judges them): ``speaker``, ``cue``, ``kind``, ``value``, ``unit``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.score.document import LAYER_LABEL, LAYERS, DocScore, span_label
from annotator.score.schemes import CORRECT, SCHEMES


class Category(NamedTuple):
    name: str
    marker: str  # one letter: drawn in the list panel and the status line (no colour needed)
    title: str


#: Every category in the order of the keys that choose them (1-9, then ``f`` for the rest).
CATEGORIES = (
    Category("boundary", "B", "boundary error"),
    Category("label", "L", "wrong label"),
    Category("label+boundary", "X", "wrong label and boundary"),
    Category("missed", "M", "missed"),
    Category("spurious", "S", "spurious"),
    Category("speaker", "P", "wrong speaker"),
    Category("cue", "Q", "wrong cue"),
    Category("value", "V", "wrong value"),
    Category("unit", "U", "wrong unit"),
    Category("kind", "K", "wrong kind"),
    Category("correct", "C", "correct"),
)
BY_NAME = {c.name: c for c in CATEGORIES}
_EXACT, _TYPE = SCHEMES.index("exact"), SCHEMES.index("type")
KIND = {"entities": "entity", "quotes": "quote", "claims": "claim"}


@dataclass
class ReviewItem:
    """One gold span, one prediction, or a matched pair of both, with its categories.

    ``gold`` / ``pred`` are the records' span dicts; ``gold_at`` / ``pred_at`` where they
    lie (a prediction that could not be aligned has ``pred_at`` None); ``outcomes`` the
    scorer's outcome of a non-identical pair under every scheme (SCHEMES order);
    ``wrong`` the wrong attributes as (name, gold value, predicted value)."""

    layer: str
    category: str
    index: int  # position among the document's items (the item's identity)
    gold: dict[str, Any] | None = None
    pred: dict[str, Any] | None = None
    gold_at: tuple[int, int] | None = None
    pred_at: tuple[int, int] | None = None
    outcomes: tuple[int, ...] | None = None
    wrong: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return ("review", str(self.index))

    @property
    def kind(self) -> str:
        return KIND[self.layer]

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category, *(name for name, _, _ in self.wrong))

    @property
    def is_error(self) -> bool:
        return self.category != "correct" or bool(self.wrong)

    @property
    def extent(self) -> tuple[int, int] | None:
        """Where the item lies: the union of its gold and predicted extents (None: nowhere)."""
        places = [p for p in (self.gold_at, self.pred_at) if p is not None]
        if not places:
            return None
        return min(p[0] for p in places), max(p[1] for p in places)

    def label(self, side: str) -> str | None:
        """The gold or predicted label (an entity's label, a quote's or claim's kind)."""
        span = self.gold if side == "gold" else self.pred
        if span is None:
            return None
        return span["label"] if self.layer == "entities" else (span.get("kind") or LAYER_LABEL[self.layer].lower())

    def lenient_schemes(self) -> list[str]:
        """The schemes under which the scorer still counts this pair correct."""
        if self.outcomes is None:
            return list(SCHEMES) if self.category == "correct" else []
        return [s for s, o in zip(SCHEMES, self.outcomes) if o == CORRECT]


@dataclass
class DocReview:
    doc_id: str
    text: str
    items: list[ReviewItem]

    def counts(self) -> dict[str, int]:
        """Items per category (an item with a wrong attribute counts under each of its categories)."""
        out = {c.name: 0 for c in CATEGORIES}
        for item in self.items:
            for name in item.categories:
                out[name] += 1
        return out


def review_document(gold: dict[str, Any], pred: dict[str, Any] | None, text: str, score: DocScore) -> DocReview:
    """The items of one document from its scorer result (``gold`` and ``pred`` are the plain
    records the scorer read; ``score`` what ``score_document`` made of them)."""
    items: list[ReviewItem] = []
    placed_all = score.placed or {}
    for layer in LAYERS:
        result = score.layers.get(layer)
        if result is None:
            continue
        g_spans = gold[layer]
        p_spans = pred[layer] if pred is not None else []
        placed = placed_all.get(layer)
        if placed is None:
            placed = [(p["start"], p["end"]) for p in p_spans]
        # the scorer's matched indices: entities index its placed predictions; quotes and
        # claims the record's predictions (see score_document)
        placed_index = [i for i, where in enumerate(placed) if where is not None]
        to_record = placed_index if layer == "entities" else None
        outcome = {(g, p): o for g, p, o in result.judged}
        wrong = _attribute_errors(score, layer)
        matched_g: set[int] = set()
        matched_p: set[int] = set()
        for gi, pj in result.matched:
            pi = to_record[pj] if to_record is not None else pj
            matched_g.add(gi)
            matched_p.add(pi)
            g, p = g_spans[gi], p_spans[pi]
            gold_at, pred_at = (g["start"], g["end"]), placed[pi]
            gs, ps = result.gold[gi], (*pred_at, span_label(layer, p))
            item = ReviewItem(layer, "correct", len(items), g, p, gold_at, pred_at)
            if gs != ps:
                item.outcomes = outcome[(gs, ps)]
                item.category = _pair_category(item.outcomes)
            item.wrong = wrong.take(gold_at, pred_at)
            items.append(item)
        for gi, g in enumerate(g_spans):
            if gi not in matched_g:
                items.append(ReviewItem(layer, "missed", len(items), gold=g, gold_at=(g["start"], g["end"])))
        for pi, p in enumerate(p_spans):
            if pi not in matched_p:
                items.append(ReviewItem(layer, "spurious", len(items), pred=p, pred_at=placed[pi]))
    items.sort(key=_reading_order)
    for i, item in enumerate(items):
        item.index = i
    return DocReview(gold["doc_id"], text, items)


def _pair_category(outcomes: tuple[int, ...]) -> str:
    """A matched, non-identical pair by the scorer's judgement: same boundaries (correct under
    ``exact``) means the label is wrong; same label (correct under ``type``), the boundaries."""
    if outcomes[_EXACT] == CORRECT:
        return "label"
    if outcomes[_TYPE] == CORRECT:
        return "boundary"
    return "label+boundary"


def _reading_order(item: ReviewItem) -> tuple:
    extent = item.extent
    return (extent is None, extent[0] if extent else 0, -(extent[1] if extent else 0), LAYERS.index(item.layer), item.index)


class _AttributeErrors:
    """The scorer's wrong attributes of one layer, handed to its matched pairs in the order
    the scorer judged them (``result.matched`` order; each pair's errors in attribute order).
    Two matched pairs with the very same gold and predicted extents are told apart only by
    that order."""

    def __init__(self, errors: list[tuple]) -> None:
        self.errors = errors
        self.at = 0

    def take(self, gold_at: tuple[int, int], pred_at: tuple[int, int] | None) -> list[tuple[str, Any, Any]]:
        out: list[tuple[str, Any, Any]] = []
        names: list[str] = []
        while self.at < len(self.errors):
            _, name, g, p, gv, pv = self.errors[self.at]
            where = (p[0], p[1]) if p[0] is not None else None
            if (g[0], g[1]) != gold_at or where != pred_at or name in names:
                break
            names.append(name)
            out.append((name, gv, pv))
            self.at += 1
        return out


def _attribute_errors(score: DocScore, layer: str) -> _AttributeErrors:
    return _AttributeErrors([e for e in score.attribute_errors if e[0] == layer])
