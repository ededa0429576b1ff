"""Adding document scores up into the report (streaming: nothing per span is kept)."""

from collections import Counter, _count_elements  # type: ignore[attr-defined]  # _count_elements: Counter.update's C loop
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Any

from annotator.score.align import AlignStats
from annotator.score.counts import Accuracy, Counts, EndToEnd, prf
from annotator.score.document import ATTRIBUTES, LAYER_LABEL, LAYERS, DocScore
from annotator.score.schemes import SCHEMES, SLOT

MAX_ERRORS = 1000
_LABEL = itemgetter(2)
NONE_LABEL = "∅"


def _span(span: tuple[int, int, str] | None, text: str) -> dict[str, Any] | None:
    if span is None:
        return None
    start, end, label = span
    return {"start": start, "end": end, "label": label, "text": text[start:end]}


class FirstByKey:
    """The first ``limit`` items by key (stable among equal keys), whatever order they come
    in; items past the limit are dropped. Results listed this way merge exactly: the first
    items of a union are among the first items of its parts."""

    __slots__ = ("limit", "items", "keys")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: list[Any] = []
        self.keys: list[Any] = []  # sorted

    def full_for(self, key: Any) -> bool:
        """True when an item of this key would not be kept."""
        return len(self.items) >= self.limit and (not self.keys or key >= self.keys[-1])

    def extend(self, key: Any, items: list[Any]) -> None:
        if not items or self.full_for(key):
            return
        in_order = not self.keys or key >= self.keys[-1]
        self.items += items
        self.keys += [key] * len(items)
        if len(self.items) > self.limit or not in_order:
            order = sorted(range(len(self.items)), key=self.keys.__getitem__)[: self.limit]
            self.items = [self.items[i] for i in order]
            self.keys = [self.keys[i] for i in order]


@dataclass
class Totals:
    """Running sums over documents, and the compact per-document vectors."""

    max_errors: int = MAX_ERRORS
    #: layer -> label counts of (every gold span, missed, spurious); the identical pairs are
    #: the gold spans neither missed nor judged (see ``label_base``)
    label_totals: dict[str, tuple[Counter, Counter, Counter]] = field(default_factory=dict)
    #: layer -> (gold label, pred label, outcome per scheme) -> matched pairs other than identical ones
    judged: dict[str, Counter] = field(default_factory=dict)
    attributes: dict[str, Accuracy] = field(default_factory=dict)
    end_to_end: dict[str, EndToEnd] = field(default_factory=dict)
    alignment: dict[str, AlignStats] = field(default_factory=dict)
    per_document: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: the first ``max_errors`` errors by the position of their document (see ``add``)
    listed: FirstByKey = field(default_factory=lambda: FirstByKey(MAX_ERRORS))
    errors_total: int = 0
    documents: int = 0
    missing_predictions: list[str] = field(default_factory=list)
    #: one shared object per distinct per-document vector (documents repeat a few thousand
    #: vectors at most: memory stays near flat in the number of documents)
    _distinct: dict[tuple, dict[str, list[int]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.listed.limit = self.max_errors
        for layer in LAYERS:
            self.label_totals[layer] = (Counter(), Counter(), Counter())
            self.judged[layer] = Counter()
            self.alignment[layer] = AlignStats()
        for layer, names in ATTRIBUTES.items():
            for name in names:
                self.attributes[f"{layer}.{name}"] = Accuracy()
            self.end_to_end[layer] = EndToEnd()

    def add(self, doc: DocScore, position: int = 0) -> None:
        """Add one document. ``position`` orders documents (the place of its gold record in the
        input): the errors listed are the first ``max_errors`` by position, whatever order
        documents come in, so that partial results merge exactly (:mod:`annotator.score.merge`)."""
        self.documents += 1
        full = self.listed.full_for(position)
        vector: dict[str, list[int]] = {}
        for layer, result in doc.layers.items():
            flat = vector[layer] = result.flat_counts()
            gold, missed, spurious = self.label_totals[layer]
            # Counter.update without its Python-level dispatch: _count_elements is its C loop
            _count_elements(gold, map(_LABEL, result.gold))
            if result.missed:
                _count_elements(missed, map(_LABEL, result.missed))
            if result.spurious:
                _count_elements(spurious, map(_LABEL, result.spurious))
            if result.unplaced:
                _count_elements(spurious, result.unplaced)
            if result.judged:
                _count_elements(self.judged[layer], [(g[2], p[2], o) for g, p, o in result.judged])
            if full:
                self.errors_total += flat[1] + flat[3] + flat[4] - len(result.unplaced)  # as listed by errors()
                continue
            listed = result.errors()
            self.errors_total += len(listed)
            self.listed.extend(position, [
                {"doc_id": doc.doc_id, "layer": layer, "outcome": outcome, "gold": _span(g, doc.text), "pred": _span(p, doc.text)}
                for outcome, g, p in listed
            ])
        # wrong attributes after the document's span errors, under the same position (gold order, identical across --jobs)
        if doc.attribute_errors:
            self.errors_total += len(doc.attribute_errors)
        if doc.attribute_errors and not full:
            self.listed.extend(position, [
                {
                    "doc_id": doc.doc_id, "layer": layer, "outcome": "attribute", "attribute": name,
                    "gold": {"start": g[0], "end": g[1], "label": LAYER_LABEL[layer], "text": g[2]},
                    "pred": {"start": p[0], "end": p[1], "label": LAYER_LABEL[layer], "text": p[2]},
                    "gold_value": gv, "pred_value": pv,
                }
                for layer, name, g, p, gv, pv in doc.attribute_errors
            ])
        # a measured hot path (once per document; most documents have entities only): the
        # empty tables are skipped, and the vector's key is built in C, without a generator
        if doc.alignment:
            for layer, stats in doc.alignment.items():
                self.alignment[layer].add(stats)
        if doc.attributes:
            for name, acc in doc.attributes.items():
                self.attributes[name].add(acc)
                vector[name] = [acc.correct, acc.total]
            for layer, e2e in doc.end_to_end.items():
                self.end_to_end[layer].add(e2e)
                vector[f"{layer}.end_to_end"] = [e2e.correct, e2e.actual, e2e.possible]
        key = (*vector, *map(tuple, vector.values()))  # the names, then each one's values
        self.per_document[doc.doc_id] = self._distinct.setdefault(key, vector)

    def add_entity_counts(self, bulk: Any) -> None:
        """The label counts of a batch scored by :func:`annotator.score.bulk.score_entities`
        (its documents are added by ``add_entity_vector``)."""
        gold, missed, spurious = self.label_totals["entities"]
        _count_elements(gold, bulk.gold_labels)
        _count_elements(missed, bulk.missed_labels)
        _count_elements(spurious, bulk.spurious_labels)
        _count_elements(self.judged["entities"], bulk.judged)

    def add_entity_vectors(self, doc_ids: list[str], flats: list[list[int] | None], not_found: list[int] | None = None) -> None:
        """Documents of such a batch, whose errors are no longer listed (``listed`` is full):
        what ``add`` does with documents of entities only. Documents with equal counts come
        with one shared vector, which is looked at once; the documents are added in C (a
        measured hot path: once per document). ``not_found``: string-anchored predictions
        not placed, per document (spurious, but not an error listed)."""
        self.documents += len(doc_ids)
        keys = list(map(id, flats))  # the flats are alive in ``flats``: their ids are theirs
        vectors: dict[int, dict[str, list[int]]] = {}
        errors: dict[int, int] = {}
        for flat in {id(flat): flat for flat in flats}.values():
            if flat is None:
                vectors[id(flat)], errors[id(flat)] = self._distinct.setdefault((), {}), 0
            else:
                vectors[id(flat)] = self._distinct.setdefault(("entities", tuple(flat)), {"entities": flat})
                errors[id(flat)] = flat[1] + flat[3] + flat[4]
        self.per_document.update(zip(doc_ids, map(vectors.__getitem__, keys)))
        self.errors_total += sum(map(errors.__getitem__, keys)) - (sum(not_found) if not_found else 0)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.listed.items

    @property
    def rows(self) -> dict[str, list[int]]:
        """layer -> [correct, incorrect, partial, missed, spurious] of every scheme, flat:
        the sum of the per-document vectors (summed once, at the end, in C)."""
        out = {}
        for layer in LAYERS:
            vectors = [v[layer] for v in self.per_document.values() if layer in v]
            out[layer] = [sum(column) for column in zip(*vectors)] if vectors else [0] * (5 * len(SCHEMES))
        return out

    @property
    def label_base(self) -> dict[str, tuple[Counter, Counter, Counter]]:
        """layer -> label counts of (identical pairs, missed, spurious): the same under every scheme."""
        return {layer: self._label_base(layer) for layer in self.label_totals}

    def _label_base(self, layer: str) -> tuple[Counter, Counter, Counter]:
        # every gold span is in an identical pair, missed, or in a judged pair
        gold, missed, spurious = self.label_totals[layer]
        correct = Counter(gold)
        correct.subtract(missed)
        for (label, _, _), n in self.judged[layer].items():
            correct[label] -= n
        return correct, missed, spurious

    def label_rows(self, layer: str, k: int) -> dict[str, Counts]:
        """Per-label counts of scheme number ``k``: a matched pair counts under its gold label,
        a spurious prediction under its own, so the rows add up to the total."""
        correct, missed, spurious = self._label_base(layer)
        judged: dict[str, list[int]] = {}
        for (label, _, outcome), n in self.judged[layer].items():
            row = judged.setdefault(label, [0, 0, 0])
            row[SLOT[outcome[k]]] += n
        out = {}
        for label in sorted(set(correct) | set(missed) | set(spurious) | set(judged)):
            j = judged.get(label, (0, 0, 0))
            out[label] = Counts(correct[label] + j[0], j[1], j[2], missed[label], spurious[label])
        return out

    def confusion_counts(self) -> Counter:
        """(gold label, predicted label) -> entity pairs of the matching; None for a miss / spurious."""
        out: Counter = Counter()
        correct, missed, spurious = self._label_base("entities")
        for label, n in correct.items():
            if n:
                out[(label, label)] += n
        for label, n in missed.items():
            out[(label, None)] += n
        for label, n in spurious.items():
            out[(None, label)] += n
        for (g, p, _), n in self.judged["entities"].items():
            out[(g, p)] += n
        return out

    def to_dict(self) -> dict[str, Any]:
        layers: dict[str, Any] = {}
        all_rows = self.rows
        for layer in LAYERS:
            schemes = {}
            for k, scheme in enumerate(SCHEMES):
                schemes[scheme] = scheme_entry(Counts(*all_rows[layer][5 * k : 5 * k + 5]), self.label_rows(layer, k))
            body: dict[str, Any] = {"schemes": schemes, "alignment": self.alignment[layer].as_dict()}
            if layer in ATTRIBUTES:
                body["attributes"] = {n: self.attributes[f"{layer}.{n}"].as_dict() for n in ATTRIBUTES[layer]}
                body["end_to_end"] = self.end_to_end[layer].as_dict()
            layers[layer] = body
        layers["entities"]["confusion"] = confusion_dict(self.confusion_counts())
        return layers


def scheme_entry(total: Counts, rows: dict[str, Counts]) -> dict[str, Any]:
    """The report's entry of one scheme: its counts and metrics, macro averages, per-label rows
    (``rows`` sorted by label)."""
    entry = total.as_dict()
    per_label = [row.metrics() for row in rows.values()]
    n = len(per_label)
    entry["macro"] = {
        "precision": sum(m[0] for m in per_label) / n if n else 0.0,
        "recall": sum(m[1] for m in per_label) / n if n else 0.0,
        "f1": sum(m[2] for m in per_label) / n if n else 0.0,
    }
    entry["labels"] = {label: row.as_dict() for label, row in rows.items()}
    return entry


def confusion_dict(confusion: Counter) -> dict[str, Any]:
    """The report's label confusion from (gold label, predicted label) -> pairs (None: missed / spurious)."""
    labels = sorted({g for g, _ in confusion if g} | {p for _, p in confusion if p})
    matrix = {
        (g or NONE_LABEL): {(p or NONE_LABEL): n for (gg, p), n in sorted(confusion.items(), key=_conf_key) if gg == g}
        for g in [*labels, None]
    }
    return {"labels": labels, "none": NONE_LABEL, "matrix": {k: v for k, v in matrix.items() if v}}


def _conf_key(item: tuple[tuple[str | None, str | None], int]) -> tuple[str, str]:
    (g, p), _ = item
    return (g or "\uffff", p or "\uffff")


def families(vector: dict[str, list[int]]) -> dict[str, list[int]]:
    """A per-document vector by family: a layer's flat counts split into LAYER.SCHEME."""
    out = {}
    for key, values in vector.items():
        if "." in key:
            out[key] = values
        else:
            for k, scheme in enumerate(SCHEMES):
                out[f"{key}.{scheme}"] = values[5 * k : 5 * k + 5]
    return out


def f1_of(family: str, values: list[int]) -> float:
    """The F1 (or accuracy) of one per-document family vector (summed over documents)."""
    if len(values) == 5:
        c = Counts.from_list(values)
        return c.metrics()[2]
    if len(values) == 3:
        return prf(values[0], values[1], values[2])[2]
    return values[0] / values[1] if values[1] else 0.0
