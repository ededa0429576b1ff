"""Span layers: what the document view draws over the text, for every mode.

A mode (annotate, adjudicate; suggest and review to come) describes what it shows as
layers: the annotator's own spans, another annotator's spans, suggestions of an extractor,
the scorer's categories. Each layer has an *owner* and a one-character *marker*, so that
the view can tell layers apart without colour (the marker is drawn in the span list and
the status line; each owner also gets its own text attribute in the text), and a *role*
that says how the view treats it (``own`` spans are the editable result; the others are
overlays). Plain data: the core builds layers, ``annotator.tui.layers`` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("own", "other", "agreed", "suggestion", "review")
#: Markers of the owners of ``other`` layers, in order (one character each).
MARKERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
AGREED_MARKER = "="


@dataclass(frozen=True)
class LayerSpan:
    """One span of a layer: ``kind`` entity|quote|claim|cue, ``category`` its label, kind or
    scorer category, ``key`` its identity (what the current span is), ``state`` what the
    mode made of it (open, accepted, rejected ...)."""

    start: int
    end: int
    kind: str
    category: str
    key: tuple[str, str]
    state: str = ""


@dataclass
class SpanLayer:
    name: str
    owner: str
    role: str
    marker: str
    index: int = 0  # position among the layers of its role (picks the owner's text attribute)
    spans: list[LayerSpan] = field(default_factory=list)


def owner_markers(owners: list[str]) -> dict[str, str]:
    """A marker for each owner, in the given order (owners beyond the alphabet get ``*``)."""
    return {name: MARKERS[i] if i < len(MARKERS) else "*" for i, name in enumerate(owners)}


def record_layer(record: Any, owner: str) -> SpanLayer:
    """The spans of an annotation record (entities, quotes and their cues, claims) as the
    ``own`` layer: the annotator's editable annotations."""
    spans = [LayerSpan(e.start, e.end, "entity", e.label, ("entity", e.id)) for e in record.entities]
    for q in record.quotes:
        spans.append(LayerSpan(q.start, q.end, "quote", q.kind, ("quote", q.id)))
        if q.cue is not None:
            spans.append(LayerSpan(q.cue.start, q.cue.end, "cue", "cue", ("cue", q.id)))
    spans += [LayerSpan(c.start, c.end, "claim", c.kind, ("claim", c.id)) for c in record.claims]
    return SpanLayer("own", owner, "own", "*", spans=spans)
