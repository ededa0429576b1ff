"""The review as a span layer (role ``review``) for the document view.

Each item becomes up to two layer spans with the item's key: its gold extent
(``state="gold"``) and its predicted extent (``state="pred"``), so that where the two differ
(boundary errors) both are visible. ``category`` is what the item is drawn as: its span
category, or ``attribute`` for a span matched right whose attributes are wrong."""

from __future__ import annotations

from annotator.review.categories import DocReview, ReviewItem
from annotator.view.layers import LayerSpan, SpanLayer

REVIEW_MARKER = "R"


def drawn_category(item: ReviewItem) -> str:
    if item.category == "correct" and item.wrong:
        return "attribute"
    return item.category


def review_layer(doc: DocReview | None, only: str | None = None, owner: str = "review") -> SpanLayer:
    """The layer of a document's items (``only``: of that category alone)."""
    spans: list[LayerSpan] = []
    for item in doc.items if doc is not None else []:
        if only is not None and only not in item.categories:
            continue
        category = drawn_category(item)
        if item.gold_at is not None:
            spans.append(LayerSpan(*item.gold_at, item.kind, category, item.key, "gold"))
        if item.pred_at is not None:
            spans.append(LayerSpan(*item.pred_at, item.kind, category, item.key, "pred"))
    return SpanLayer("review", owner, "review", REVIEW_MARKER, spans=spans)
