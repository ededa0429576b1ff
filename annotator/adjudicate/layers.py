"""Adjudication candidates as span layers: one layer per annotator (its open candidates)
and one for the candidates every annotator agrees on."""

from __future__ import annotations

from collections.abc import Callable

from annotator.adjudicate.candidates import Candidate
from annotator.view.layers import AGREED_MARKER, LayerSpan, SpanLayer, owner_markers


def candidate_layers(cands: list[Candidate], annotators: list[str], state: Callable[[Candidate], str]) -> list[SpanLayer]:
    """The open candidates drawn as layers (accepted ones are in the result, rejected ones hidden)."""
    markers = owner_markers(annotators)
    agreed = SpanLayer("agreed", "all", "agreed", AGREED_MARKER)
    layers = {n: SpanLayer(n, n, "other", markers[n], i) for i, n in enumerate(annotators)}
    for c in cands:
        st = state(c)
        if st != "open":
            continue
        span = LayerSpan(c.start, c.end, c.layer, c.label, ("cand", c.key), st)
        if c.agreed:
            agreed.spans.append(span)
        else:
            for owner in c.owners:
                layers[owner].spans.append(span)
    return [agreed, *layers.values()]
