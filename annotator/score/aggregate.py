"""Adding document scores up into the report (streaming: nothing per span is kept)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.score.align import AlignStats
from annotator.score.counts import Accuracy, Counts, EndToEnd, prf
from annotator.score.document import ATTRIBUTES, LAYERS, DocScore
from annotator.score.schemes import SCHEMES, SLOT

MAX_ERRORS = 1000
NONE_LABEL = "∅"


def _span(span: tuple[int, int, str] | None, text: str) -> dict[str, Any] | None:
    if span is None:
        return None
    start, end, label = span
    return {"start": start, "end": end, "label": label, "text": text[start:end]}


@dataclass
class Totals:
    """Running sums over documents, and the compact per-document vectors."""

    max_errors: int = MAX_ERRORS
    rows: dict[str, list[list[int]]] = field(default_factory=dict)  # layer -> per scheme [c, i, p, m, s]
    #: layer -> label -> [identical pairs, missed, spurious] (the same under every scheme)
    label_base: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: layer -> label -> per scheme [c, i, p, 0, 0] of the other matched pairs
    label_judged: dict[str, dict[str, list[list[int]]]] = field(default_factory=dict)
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
            self.rows[layer] = [[0] * 5 for _ in SCHEMES]
            self.label_base[layer] = {}
            self.label_judged[layer] = {}
            self.alignment[layer] = AlignStats()
        for layer, names in ATTRIBUTES.items():
            for name in names:
                self.attributes[f"{layer}.{name}"] = Accuracy()
            self.end_to_end[layer] = EndToEnd()

    def add(self, doc: DocScore) -> None:
        self.documents += 1
        vector: dict[str, list[int]] = {}
        for layer, result in doc.layers.items():
            rows = result.scheme_counts()
            for scheme, total, row in zip(SCHEMES, self.rows[layer], rows):
                total[0] += row[0]
                total[1] += row[1]
                total[2] += row[2]
                total[3] += row[3]
                total[4] += row[4]
                vector[f"{layer}.{scheme}"] = row
            base = self.label_base[layer]
            for slot, counts in ((0, result.correct), (1, result.missed_by_label), (2, result.spurious_by_label)):
                for label, n in counts.items():
                    row = base.get(label)
                    if row is None:
                        row = base[label] = [0, 0, 0]
                    row[slot] += n
            judged = self.label_judged[layer]
            for label, _, outcome in result.judged:
                per_scheme = judged.get(label)
                if per_scheme is None:
                    per_scheme = judged[label] = [[0] * 5 for _ in SCHEMES]
                for row, o in zip(per_scheme, outcome):
                    row[SLOT[o]] += 1
            self.errors_total += len(result.errors)
            for outcome, g, p in result.errors:
                if len(self.errors) >= self.max_errors:
                    break
                self.errors.append({"doc_id": doc.doc_id, "layer": layer, "outcome": outcome, "gold": _span(g, doc.text), "pred": _span(p, doc.text)})
        for layer, stats in doc.alignment.items():
            self.alignment[layer].add(stats)
        for name, acc in doc.attributes.items():
            self.attributes[name].add(acc)
            vector[name] = [acc.correct, acc.total]
        for layer, e2e in doc.end_to_end.items():
            self.end_to_end[layer].add(e2e)
            vector[f"{layer}.end_to_end"] = [e2e.correct, e2e.actual, e2e.possible]
        entities = doc.layers.get("entities")
        if entities is not None:
            self.confusion.update(entities.confusion())
        self.per_document[doc.doc_id] = vector

    def label_rows(self, layer: str, k: int) -> dict[str, Counts]:
        """Per-label counts of scheme number ``k``."""
        base, judged = self.label_base[layer], self.label_judged[layer]
        out = {}
        for label in sorted(set(base) | set(judged)):
            c, m, s = base.get(label, (0, 0, 0))
            j = judged[label][k] if label in judged else [0] * 5
            out[label] = Counts(c + j[0], j[1], j[2], m, s)
        return out

    def to_dict(self) -> dict[str, Any]:
        layers: dict[str, Any] = {}
        for layer in LAYERS:
            schemes = {}
            for k, scheme in enumerate(SCHEMES):
                entry = Counts(*self.rows[layer][k]).as_dict()
                rows = self.label_rows(layer, k)
                per_label = [row.metrics() for row in rows.values()]
                n = len(per_label)
                entry["macro"] = {
                    "precision": sum(m[0] for m in per_label) / n if n else 0.0,
                    "recall": sum(m[1] for m in per_label) / n if n else 0.0,
                    "f1": sum(m[2] for m in per_label) / n if n else 0.0,
                }
                entry["labels"] = {k2: row.as_dict() for k2, row in rows.items()}
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
