"""One suggestion, and how a (validated) prediction record becomes suggestions.

String-anchored spans are placed with the scorer's own alignment
(:func:`annotator.score.align.align_spans`, layer by layer, as ``annotator score`` does);
a cue, speaker, source or place given only as text goes to the occurrence (found by the
same :class:`~annotator.score.align.Finder`) nearest its quote or claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.score.align import AlignStats, Finder, align_spans
from annotator.text.arabic import enclosing_quotes, normalize
from annotator.text.visible import visible

LAYERS = {"entities": "entity", "quotes": "quote", "claims": "claim"}
#: A mention (speaker, source, place): offsets, text, and the label of the predicted entity (None: not known).
Mention = tuple[int, int, str, str | None]


@dataclass(frozen=True)
class Suggestion:
    """A predicted span placed in the document.

    ``key`` identifies it across runs (``entity:48:64:GPE``, ``quote:304:456``,
    ``claim:102:107``: the same scheme as adjudication candidates); ``label`` is the
    entity label, or the quote's or claim's kind; ``attrs`` the attributes it is accepted
    with (quote: kind, speaker, cue; claim: kind, value, unit, approx, time, place, source;
    mentions as :data:`Mention`, a cue as (start, end, text)); ``where`` its ``FILE:LINE``."""

    key: str
    layer: str
    start: int
    end: int
    text: str
    label: str
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    where: str = field(default="", compare=False)

    @property
    def norm(self) -> str:
        """The text as the search compares it (identical mentions share it)."""
        return normalize(self.text).strip()

    def comparable(self) -> tuple:
        """What an annotation equal to this suggestion has (see :func:`annotator.suggest.meta.comparable`)."""
        a = self.attrs
        if self.layer == "entity":
            return ("entity", self.label)
        if self.layer == "quote":
            return ("quote", a["kind"], _offsets(a["speaker"]), _offsets(a["cue"]))
        return ("claim", a["kind"], a["value"], a["unit"], a["approx"], a["time"],
                tuple(sorted(_offsets(p) for p in a["place"])), _offsets(a["source"]))


def _offsets(m: Any) -> tuple[int, int] | None:
    return (m[0], m[1]) if m is not None else None


def make_key(layer: str, start: int, end: int, label: str = "") -> str:
    return f"{layer}:{start}:{end}" + (f":{label}" if layer == "entity" else "")


def key_span(key: str) -> tuple[str, int, int] | None:
    """(layer, start, end) of a suggestion key (None: not a key)."""
    parts = key.split(":")
    if len(parts) < 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return parts[0], int(parts[1]), int(parts[2])


def _short(text: str, limit: int = 30) -> str:
    return visible(text if len(text) <= limit else text[: limit - 1] + "…")


class _Placer:
    """Places the spans of one record in one document text."""

    def __init__(self, text: str, where: str, problems: list[str]) -> None:
        self.text = text
        self.finder = Finder(text)
        self.where = where
        self.problems = problems

    def layer(self, name: str, spans: list[dict[str, Any]], skip: set[int]) -> list[tuple[int, dict[str, Any], tuple[int, int]]]:
        """(position in the record, span, offsets) of the spans of one layer that could be
        placed (all of them aligned together, as the scorer does); ``skip``: positions left out."""
        kept = [(i, s) for i, s in enumerate(spans) if i not in skip]
        placed = align_spans(self.finder, [(s["start"], s["end"], s["text"]) for _, s in kept], AlignStats())
        out = []
        for (i, span), at in zip(kept, placed):
            if at is None:
                self.problems.append(visible(f"{self.where}: {name}[{i}].text: {_short(span['text'])!r} does not occur in the document (or every occurrence is taken); not suggested"))
            else:
                out.append((i, span, at))
        return out

    def near(self, ref: dict[str, Any], anchor: tuple[int, int], path: str) -> tuple[int, int] | None:
        """A mention or cue: its offsets, or its text's occurrence nearest ``anchor``."""
        if ref["start"] is not None and ref["end"] is not None:
            return ref["start"], ref["end"]
        hits = self.finder.find(ref["text"])
        if not hits:
            self.problems.append(visible(f"{self.where}: {path}.text: {_short(ref['text'])!r} does not occur in the document; left out"))
            return None
        s, e = anchor
        return min(hits, key=lambda h: (max(s - h[1], h[0] - e, 0), h[0]))


def suggestions_of(record: dict[str, Any], text: str, where: str, problems: list[str], skip: dict[str, set[int]] | None = None) -> list[Suggestion]:
    """The suggestions of one prediction record (a plain dict, validated) in reading order;
    spans that cannot be placed are left out with a line in ``problems``, those at the
    positions in ``skip`` (per layer) silently."""
    skip = skip or {}
    placer = _Placer(text, where, problems)
    out: dict[str, Suggestion] = {}
    by_id: dict[str, Mention] = {}
    by_span: dict[tuple[int, int], str] = {}
    for _, e, at in placer.layer("entities", record["entities"], skip.get("entities", set())):
        if e["id"] is not None:
            by_id[e["id"]] = (at[0], at[1], text[at[0]:at[1]], e["label"])
        by_span.setdefault(at, e["label"])
        key = make_key("entity", *at, e["label"])
        out.setdefault(key, Suggestion(key, "entity", at[0], at[1], text[at[0]:at[1]], e["label"], {}, where))

    def mention(ref: Any, anchor: tuple[int, int], path: str) -> Mention | None:
        if ref is None:
            return None
        if isinstance(ref, str):
            return by_id.get(ref)  # validation checked that the id exists; it may not have been placed
        at = placer.near(ref, anchor, path)
        return (at[0], at[1], text[at[0]:at[1]], by_span.get(at)) if at else None

    for i, q, at in placer.layer("quotes", record["quotes"], skip.get("quotes", set())):
        cue = placer.near(q["cue"], at, f"quotes[{i}].cue") if q["cue"] is not None else None
        kind = q["kind"] or ("direct" if enclosing_quotes(text, *at) else "indirect")
        attrs = {"kind": kind, "speaker": mention(q["speaker"], at, f"quotes[{i}].speaker"),
                 "cue": (cue[0], cue[1], text[cue[0]:cue[1]]) if cue else None}
        key = make_key("quote", *at)
        out.setdefault(key, Suggestion(key, "quote", at[0], at[1], text[at[0]:at[1]], kind, attrs, where))
    for i, c, at in placer.layer("claims", record["claims"], skip.get("claims", set())):
        places = [mention(p, at, f"claims[{i}].place[{j}]") for j, p in enumerate(c["place"])]
        kind = c["kind"] or "other"
        attrs = {"kind": kind, "value": c["value"], "unit": c["unit"], "approx": bool(c["approx"]), "time": c["time"],
                 "place": tuple(p for p in places if p is not None), "source": mention(c["source"], at, f"claims[{i}].source")}
        key = make_key("claim", *at)
        out.setdefault(key, Suggestion(key, "claim", at[0], at[1], text[at[0]:at[1]], kind, attrs, where))
    rank = {"quote": 0, "claim": 1, "entity": 2}
    return sorted(out.values(), key=lambda s: (s.start, -s.end, rank[s.layer], s.key))
