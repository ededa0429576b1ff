"""What an annotation record keeps about suggestions, in ``meta["suggest"]``::

    "suggest": {
      "sources": [{"name": "baseline-0.1", "file": "pred.jsonl", "sha256": "9f2c..."}],
      "spans": {"e1": {"source": 0, "key": "entity:48:64:GPE", "digest": "5d41402a", "edited": false}},
      "rejected": ["entity:66:72:GPE", "claim:102:107"]
    }

* ``sources``: each extractor whose suggestions were accepted or rejected in this record:
  its name, and the prediction file with its sha256, or ``extractor`` (the
  ``--suggest-with`` spec) when it was run directly;
* ``spans``: every annotation that came from a suggestion: the source (index into
  ``sources``), the suggestion's key, a digest of the annotation as accepted, and
  ``edited``: whether it differs from that now (label, kind, speaker, cue, value ...);
* ``rejected``: the keys of rejected suggestions, so that they are not offered again.

Keys are ``layer:start:end`` (and ``:LABEL`` for entities). An entry of ``spans`` whose
annotation was deleted (or whose id now names a span elsewhere) is dropped when the record
is written; a deleted suggestion is then offered again.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from annotator.suggest.suggestion import key_span

META = "suggest"


def comparable(layer: str, span: Any, record: Any) -> tuple:
    """An annotation's label and attributes, entity references as offsets (as
    :meth:`Suggestion.comparable` gives them for a suggestion)."""
    ents = {e.id: (e.start, e.end) for e in record.entities}
    if layer == "entity":
        return ("entity", span.label)
    if layer == "quote":
        return ("quote", span.kind, ents.get(span.speaker) if span.speaker else None, (span.cue.start, span.cue.end) if span.cue else None)
    return ("claim", span.kind, span.value, span.unit, span.approx, span.time,
            tuple(sorted(ents[p] for p in span.place if p in ents)), ents.get(span.source) if span.source else None)


def digest(value: tuple) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()[:8]


def read(record: Any) -> dict[str, Any]:
    """``meta["suggest"]`` of a record in a usable shape (anything malformed is ignored)."""
    raw = (record.meta or {}).get(META)
    raw = raw if isinstance(raw, dict) else {}
    sources = [s for s in raw.get("sources") or [] if isinstance(s, dict)]
    spans = {k: v for k, v in (raw.get("spans") or {}).items() if isinstance(v, dict) and isinstance(v.get("key"), str)} if isinstance(raw.get("spans"), dict) else {}
    rejected = [k for k in raw.get("rejected") or [] if isinstance(k, str)] if isinstance(raw.get("rejected"), list) else []
    return {"sources": sources, "spans": spans, "rejected": rejected}


def annotations(record: Any) -> dict[str, tuple[str, Any]]:
    """Annotation id -> (layer, span) of every entity, quote and claim of the record."""
    out: dict[str, tuple[str, Any]] = {e.id: ("entity", e) for e in record.entities}
    out.update({q.id: ("quote", q) for q in record.quotes})
    out.update({c.id: ("claim", c) for c in record.claims})
    return out


def live_spans(record: Any, spans: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The entries of ``spans`` whose annotation is still there, at the suggestion's place."""
    anns = annotations(record)
    out = {}
    for ident, entry in spans.items():
        where = key_span(entry["key"])
        layer_span = anns.get(ident)
        if where is None or layer_span is None:
            continue
        layer, span = layer_span
        if (layer, span.start, span.end) == where:
            out[ident] = entry
    return out


def source_index(sources: list[dict[str, Any]], source: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """``sources`` with ``source`` in it (appended when new) and its index."""
    for i, s in enumerate(sources):
        if s == source:
            return sources, i
    return [*sources, source], len(sources)


def finished(record: Any) -> dict[str, Any] | None:
    """``meta["suggest"]`` as written: stale span entries dropped, ``edited`` brought up to
    date (None: the record has nothing about suggestions)."""
    raw = (record.meta or {}).get(META)
    if raw is None:
        return None
    m = read(record)
    anns = annotations(record)
    spans = {}
    for ident, entry in sorted(live_spans(record, m["spans"]).items()):
        layer, span = anns[ident]
        spans[ident] = {**entry, "edited": digest(comparable(layer, span, record)) != entry.get("digest")}
    return {"sources": m["sources"], "spans": spans, "rejected": sorted(set(m["rejected"]))}
