"""Suggestions as span layers (``annotator.view.layers``): one layer of open suggestions
(marker ``?``) and one of conflicts with the record (marker ``!``); accepted, rejected and
present ones are not drawn (accepted ones are annotations now)."""

from __future__ import annotations

from annotator.suggest.suggestion import Suggestion
from annotator.view.layers import LayerSpan, SpanLayer

MARKERS = {"open": "?", "conflict": "!", "accepted": "+"}


def suggestion_layers(suggestions: list[Suggestion], states: dict[str, str], owner: str) -> list[SpanLayer]:
    open_ = SpanLayer("suggestions", owner, "suggestion", MARKERS["open"], 0)
    conflicts = SpanLayer("conflicts", owner, "suggestion", MARKERS["conflict"], 1)
    for s in suggestions:
        state = states.get(s.key, "open")
        if state in ("open", "conflict"):
            layer = open_ if state == "open" else conflicts
            layer.spans.append(LayerSpan(s.start, s.end, s.layer, s.label, ("sugg", s.key), state))
    return [open_, conflicts]
