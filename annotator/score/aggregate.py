"""Adding document scores up into the report (streaming: nothing per span is kept)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.score.align import AlignStats
from annotator.score.counts import Accuracy, Counts, EndToEnd, prf
from annotator.score.document import ATTRIBUTES, LAYERS, DocScore
from annotator.score.schemes import SCHEMES

MAX_ERRORS = 1000
NONE_LABEL = "∅"


def _span(item: Any) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"start": item.start, "end": item.end, "label": item.label, "text": item.text[item.start : item.end]}


@dataclass
class Totals:
    """Running sums over documents, and the compact per-document vectors."""

    max_errors: int = MAX_ERRORS
    counts: dict[str, dict[str, Counts]] = field(default_factory=dict)  # layer -> scheme -> counts
    by_label: dict[str, dict[str, dict[str, Counts]]] = field(default_factory=dict)  # layer -> scheme -> label
    attributes: dict[str, Accuracy] = field(default_factory=dict)
    end_to_end: dict[str, EndToEnd] = field(default_factory=dict)
    alignment: dict[str, AlignStats] = field(default_factory=dict)
    confusion: Counter = field(default_factory=Counter)
    per_document: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0
    documents: int = 0
    missing_predictions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for layer in LAYERS:
            self.counts[layer] = {s: Counts() for s in SCHEMES}
            self.by_label[layer] = {s: {} for s in SCHEMES}
            self.alignment[layer] = AlignStats()
        for layer, names in ATTRIBUTES.items():
            for name in names:
                self.attributes[f"{layer}.{name}"] = Accuracy()
            self.end_to_end[layer] = EndToEnd()

    def add(self, doc: DocScore) -> None:
        self.documents += 1
        vector: dict[str, list[int]] = {}
        for layer, result in doc.layers.items():
            totals, labels = self.counts[layer], self.by_label[layer]
            for scheme, c in result.counts.items():
                totals[scheme].add(c)
                vector[f"{layer}.{scheme}"] = c.as_list()
                rows = labels[scheme]
                for label, lc in result.by_label[scheme].items():
                    row = rows.get(label)
                    if row is None:
                        row = rows[label] = Counts()
                    row.add(lc)
            self.alignment[layer].add(doc.alignment[layer])
            for outcome, g, p in result.strict_outcomes:
                if outcome == "correct":
                    continue
                self.errors_total += 1
                if len(self.errors) < self.max_errors:
                    self.errors.append({"doc_id": doc.doc_id, "layer": layer, "outcome": outcome, "gold": _span(g), "pred": _span(p)})
        for name, acc in doc.attributes.items():
            self.attributes[name].add(acc)
            vector[name] = [acc.correct, acc.total]
        for layer, e2e in doc.end_to_end.items():
            self.end_to_end[layer].add(e2e)
            vector[f"{layer}.end_to_end"] = [e2e.correct, e2e.actual, e2e.possible]
        self.confusion.update(doc.confusion)
        self.per_document[doc.doc_id] = vector

    def to_dict(self) -> dict[str, Any]:
        layers: dict[str, Any] = {}
        for layer in LAYERS:
            schemes = {}
            for scheme in SCHEMES:
                entry = self.counts[layer][scheme].as_dict()
                rows = self.by_label[layer][scheme]
                per_label = [rows[k].metrics() for k in sorted(rows)]
                n = len(per_label)
                entry["macro"] = {
                    "precision": sum(m[0] for m in per_label) / n if n else 0.0,
                    "recall": sum(m[1] for m in per_label) / n if n else 0.0,
                    "f1": sum(m[2] for m in per_label) / n if n else 0.0,
                }
                entry["labels"] = {k: rows[k].as_dict() for k in sorted(rows)}
                schemes[scheme] = entry
            body: dict[str, Any] = {"schemes": schemes, "alignment": self.alignment[layer].as_dict()}
            if layer in ATTRIBUTES:
                body["attributes"] = {n: self.attributes[f"{layer}.{n}"].as_dict() for n in ATTRIBUTES[layer]}
                body["end_to_end"] = self.end_to_end[layer].as_dict()
            layers[layer] = body
        labels = sorted({g for g, _ in self.confusion if g} | {p for _, p in self.confusion if p})
        matrix = {
            (g or NONE_LABEL): {(p or NONE_LABEL): n for (gg, p), n in sorted(self.confusion.items(), key=_conf_key) if gg == g}
            for g in [*labels, None]
        }
        layers["entities"]["confusion"] = {"labels": labels, "none": NONE_LABEL, "matrix": {k: v for k, v in matrix.items() if v}}
        return layers


def _conf_key(item: tuple[tuple[str | None, str | None], int]) -> tuple[str, str]:
    (g, p), _ = item
    return (g or "\uffff", p or "\uffff")


def f1_of(family: str, values: list[int]) -> float:
    """The F1 (or accuracy) of one per-document family vector (summed over documents)."""
    if len(values) == 5:
        c = Counts.from_list(values)
        return c.metrics()[2]
    if len(values) == 3:
        return prf(values[0], values[1], values[2])[2]
    return values[0] / values[1] if values[1] else 0.0
