"""The candidates of an adjudication: every annotator's spans of one document, grouped by
the scorer's one-to-one matching.

For each layer, every pair of annotators is matched with
:func:`annotator.score.schemes.score_layer` (the one definition of a match in the toolkit);
the matched pairs join spans into groups (connected components). Within a group, spans
with the same boundaries (and, for entities, the same label: the strict scheme) are one
*candidate*, owned by the annotators who marked it. A candidate is *agreed* when it is
the only candidate of its group, every annotator owns it and, for quotes and claims, they
gave it the same attributes; everything else is a disagreement to resolve.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.score.document import LAYER_LABEL
from annotator.score.schemes import score_layer

#: record list -> layer name used by the session and the view
LAYERS = {"entities": "entity", "quotes": "quote", "claims": "claim"}
#: the attributes compared (and offered side by side) per layer
ATTRIBUTES = {
    "quote": ("kind", "speaker", "cue"),
    "claim": ("kind", "value", "unit", "approx", "time", "place", "source"),
}


@dataclass
class Candidate:
    """One version of a span, with who marked it."""

    key: str  # stable across runs: "entity:16:43:EVENT", "quote:100:180"
    layer: str  # entity | quote | claim
    start: int
    end: int
    text: str
    label: str  # entity label; a quote's or claim's kind as its first owner gave it
    group: int
    owners: tuple[str, ...]
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)  # owner -> attributes (offsets for references)
    agreed: bool = False

    def differing(self) -> list[str]:
        """The attributes on which the owners differ."""
        names = ATTRIBUTES.get(self.layer, ())
        values = list(self.versions.values())
        return [n for n in names if any(v.get(n) != values[0].get(n) for v in values[1:])]


def _mention(record: dict[str, Any], ident: str | None) -> tuple[int, int, str, str] | None:
    """An entity reference as (start, end, text, label): the same entity whatever its id."""
    for e in record["entities"]:
        if e["id"] == ident:
            return (e["start"], e["end"], e["text"], e["label"])
    return None


def attributes(layer: str, span: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """A quote's or claim's attributes with entity references as mentions (comparable across annotators)."""
    if layer == "quote":
        cue = span["cue"]
        return {"kind": span["kind"], "speaker": _mention(record, span["speaker"]), "cue": (cue["start"], cue["end"], cue["text"]) if cue else None}
    if layer == "claim":
        places = tuple(sorted(m for m in (_mention(record, p) for p in span["place"]) if m))
        return {"kind": span["kind"], "value": span["value"], "unit": span["unit"], "approx": span["approx"], "time": span["time"],
                "place": places, "source": _mention(record, span["source"])}
    return {}


def _spans(record: dict[str, Any], layer: str) -> list[tuple[int, int, str]]:
    if layer == "entities":
        return [(e["start"], e["end"], e["label"]) for e in record["entities"]]
    return [(s["start"], s["end"], LAYER_LABEL[layer]) for s in record[layer]]


def candidates(records: dict[str, dict[str, Any]], text: str) -> list[Candidate]:
    """The candidates of one document annotated by ``records`` (annotator -> record), in
    reading order."""
    names = sorted(records)
    out: list[Candidate] = []
    group_id = 0
    for rec_layer, layer in LAYERS.items():
        spans = {n: _spans(records[n], rec_layer) for n in names}
        parent: dict[tuple[str, int], tuple[str, int]] = {(n, i): (n, i) for n in names for i in range(len(spans[n]))}

        def find(x: tuple[str, int]) -> tuple[str, int]:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for x, y in combinations(names, 2):
            sx, sy = spans[x], spans[y]
            result = score_layer(sx, sy, text)
            gi = {s: i for i, s in reversed(list(enumerate(sx)))}
            pi = {s: i for i, s in reversed(list(enumerate(sy)))}
            for g, p in result.matched:
                a, b = find((x, gi[result.gold[g]])), find((y, pi[result.pred[p]]))
                if a != b:
                    parent[max(a, b)] = min(a, b)
        groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for node in parent:
            groups.setdefault(find(node), []).append(node)
        for members in sorted(groups.values(), key=lambda m: min(spans[n][i][:2] for n, i in m)):
            variants: dict[tuple[int, int, str], Candidate] = {}
            for n, i in sorted(members):
                start, end, label = spans[n][i]
                span = records[n][rec_layer][i]
                shown = span.get("label") or span.get("kind") or label
                cand = variants.get((start, end, label))
                if cand is None:
                    key = f"{layer}:{start}:{end}" + (f":{label}" if layer == "entity" else "")
                    cand = variants[(start, end, label)] = Candidate(key, layer, start, end, text[start:end], shown, group_id, ())
                if n not in cand.owners:
                    cand.owners = (*cand.owners, n)
                    cand.versions[n] = attributes(layer, span, records[n])
            for cand in variants.values():
                cand.agreed = len(variants) == 1 and len(cand.owners) == len(names) and not cand.differing()
            out.extend(variants.values())
            group_id += 1
    out.sort(key=lambda c: (c.start, -c.end, c.layer, c.key))
    return out
