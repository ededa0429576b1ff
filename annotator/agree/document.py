"""One document annotated by several annotators: every pair compared with the scorer, and
the additive tallies that the coefficients are computed from.

A pair (A, B) is scored by :func:`annotator.score.document.score_document` with A's record
as gold and B's as prediction: the scorer's one-to-one matching and its schemes are the one
definition of a match in the toolkit. A's spans are the ``possible`` and B's the ``actual``
of the scorer's counts, so ``F1 = 2 credit / (|A| + |B|)``, which does not depend on which
of the two is taken as gold (the matching maximises a symmetric objective).

The tallies of a document are a flat ``{key: number}`` dict (see :data:`SEP`); summed over
documents they give the report, summed over a bootstrap sample of documents its interval.
"""

from collections.abc import Iterable
from itertools import combinations
from typing import Any

from annotator.agree.coefficients import coincidences, fleiss_item
from annotator.agree.units import GAP, runs
from annotator.score.attributes import normalize_iso
from annotator.score.document import LAYER_LABEL, LAYERS, DocScore, score_document
from annotator.score.schemes import CORRECT, PARTIAL, SCHEMES

SEP = "\x1f"  # joins the parts of a tally key (never in a label or an annotator's name)
#: Categorical attributes of matched spans, for the kappas: name -> (layer, value of a span).
CATEGORICAL = {
    "entities.label": ("entities", lambda s: s["label"]),
    "quotes.kind": ("quotes", lambda s: s["kind"]),
    "claims.kind": ("claims", lambda s: s["kind"]),
    "claims.unit": ("claims", lambda s: s["unit"] or GAP),
}
#: Attributes compared on matched pairs (the scorer's own rules, plus a claim's time and place).
ATTRIBUTES = ("quotes.speaker", "quotes.cue", "quotes.kind", "claims.value", "claims.unit", "claims.kind", "claims.approx", "claims.time", "claims.place", "claims.source")


def key(*parts: Any) -> str:
    return SEP.join(str(p) for p in parts)


def pair_name(a: str, b: str) -> str:
    return f"{a}~{b}"


def _layer_spans(record: dict[str, Any], layer: str) -> list[tuple[int, int, str]]:
    if layer == "entities":
        return [(e["start"], e["end"], e["label"]) for e in record["entities"]]
    return [(s["start"], s["end"], LAYER_LABEL[layer]) for s in record[layer]]


def _where(record: dict[str, Any], ids: list[str | None]) -> frozenset[tuple[int, int]]:
    """Entity references as offsets (the same entity whatever its id)."""
    where = {e["id"]: (e["start"], e["end"]) for e in record["entities"]}
    return frozenset(where[p] for p in ids if p in where)


def compare_pair(a: dict[str, Any], b: dict[str, Any], text: str, tally: dict[str, float], pair: str, options: Any = None) -> DocScore:
    """Score B against A and add the pair's tallies; returns the scorer's DocScore."""
    score = score_document(a, b, text, options)
    for layer in LAYERS:
        result = score.layers.get(layer)
        if result is None:
            continue
        for i, v in enumerate(result.flat_counts()):
            if v:
                tally[key("f", pair, layer, i)] = tally.get(key("f", pair, layer, i), 0) + v
        if layer == "entities":
            _label_credit(result, tally, pair)
    for name, acc in score.attributes.items():
        tally[key("att", pair, name, "ok")] = tally.get(key("att", pair, name, "ok"), 0) + acc.correct
        tally[key("att", pair, name, "n")] = tally.get(key("att", pair, name, "n"), 0) + acc.total
    claims = score.layers.get("claims")
    if claims is not None:
        for gi, pi in claims.matched:
            ga, pb = a["claims"][gi], b["claims"][pi]
            same_time = (ga["time"] is None and pb["time"] is None) or (
                ga["time"] is not None and pb["time"] is not None and normalize_iso(ga["time"]) == normalize_iso(pb["time"])
            )
            same_place = _where(a, ga["place"]) == _where(b, pb["place"])
            same_source = _where(a, [ga["source"]]) == _where(b, [pb["source"]])
            checks = (("claims.approx", ga["approx"] == pb["approx"]), ("claims.time", same_time), ("claims.place", same_place), ("claims.source", same_source))
            for name, ok in checks:
                tally[key("att", pair, name, "ok")] = tally.get(key("att", pair, name, "ok"), 0) + ok
                tally[key("att", pair, name, "n")] = tally.get(key("att", pair, name, "n"), 0) + 1
    for name, (layer, value) in CATEGORICAL.items():
        result = score.layers.get(layer)
        if result is None:
            continue
        for gi, pi in _matched_records(result, a, b, layer):
            k = key("ck", pair, name, value(a[layer][gi]), value(b[layer][pi]))
            tally[k] = tally.get(k, 0) + 1
    return score


def _matched_records(result: Any, a: dict[str, Any], b: dict[str, Any], layer: str) -> list[tuple[int, int]]:
    """Matched pairs as positions in the records' lists (entities are matched as plain
    spans, whose positions are their first occurrence in each list)."""
    if layer != "entities":
        return result.matched
    ga = {(e["start"], e["end"], e["label"]): i for i, e in reversed(list(enumerate(a["entities"])))}
    pb = {(e["start"], e["end"], e["label"]): i for i, e in reversed(list(enumerate(b["entities"])))}
    return [(ga[result.gold[g]], pb[result.pred[p]]) for g, p in result.matched]


def _label_credit(result: Any, tally: dict[str, float], pair: str) -> None:
    """Per entity label: spans of A and of B with that label, and per scheme the credit of the
    matched pairs where both have it (a pair across two labels agrees on neither)."""
    for g in result.gold:
        tally[key("lab", pair, g[2], "a")] = tally.get(key("lab", pair, g[2], "a"), 0) + 1
    for p in result.pred:
        tally[key("lab", pair, p[2], "b")] = tally.get(key("lab", pair, p[2], "b"), 0) + 1
    for label in result.correct_labels:
        for k in range(len(SCHEMES)):
            tally[key("lab", pair, label, k)] = tally.get(key("lab", pair, label, k), 0) + 1
    for g, p, outcome in result.judged:
        if g[2] != p[2]:
            continue
        for k, o in enumerate(outcome):
            credit = 1.0 if o == CORRECT else 0.5 if o == PARTIAL else 0.0
            if credit:
                tally[key("lab", pair, g[2], k)] = tally.get(key("lab", pair, g[2], k), 0) + credit


def compare_document(records: dict[str, dict[str, Any]], text: str, options: Any = None) -> dict[str, float]:
    """The tallies of one document annotated by the annotators in ``records`` (name -> record):
    every pair, the unitized coincidences of every layer, and Fleiss' items."""
    tally: dict[str, float] = {}
    names = sorted(records)
    matched: dict[tuple[str, str], DocScore] = {}
    for x, y in combinations(names, 2):
        matched[(x, y)] = compare_pair(records[x], records[y], text, tally, pair_name(x, y), options)
    for layer in LAYERS:
        coders = [_layer_spans(records[n], layer) for n in names]
        for (c, k), o in coincidences(runs(len(text), coders)).items():
            tally[key("al", layer, c, k)] = tally.get(key("al", layer, c, k), 0) + o
    for name, (layer, value) in CATEGORICAL.items():
        for categories in _items(records, names, matched, layer):
            item = fleiss_item(value(records[n][layer][i]) for n, i in categories)
            if item is None:
                continue
            p_i, one, counts = item
            tally[key("fk", name, "p")] = tally.get(key("fk", name, "p"), 0) + p_i
            tally[key("fk", name, "items")] = tally.get(key("fk", name, "items"), 0) + one
            for c, n in counts.items():
                tally[key("fk", name, "cat", c)] = tally.get(key("fk", name, "cat", c), 0) + n
    return tally


def _items(records: dict[str, dict[str, Any]], names: list[str], matched: dict[tuple[str, str], DocScore], layer: str) -> Iterable[list[tuple[str, int]]]:
    """Fleiss' items of a layer: the connected components of the pairwise matchings in which
    no annotator has two spans (such a component is ambiguous and left out)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (x, y), score in matched.items():
        result = score.layers.get(layer)
        if result is None:
            continue
        for gi, pi in _matched_records(result, records[x], records[y], layer):
            ra, rb = find((x, gi)), find((y, pi))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    for members in sorted(groups.values()):
        if len({n for n, _ in members}) == len(members):
            yield sorted(members)
