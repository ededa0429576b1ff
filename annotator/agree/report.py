"""The agreement report: metrics from summed tallies, per-pair tables, per-document ranking,
bootstrap intervals over documents.

Every metric is a function of tallies summed over documents (:mod:`annotator.agree.document`),
so a bootstrap sample (documents drawn with replacement, the scorer's own resampling in
:mod:`annotator.score.stats`) is one more sum, and its metrics come from the same function.
"""

from typing import Any

from annotator.agree.coefficients import cohen_kappa, fleiss_kappa, krippendorff_alpha
from annotator.agree.document import ATTRIBUTES, CATEGORICAL, SEP, key
from annotator.score.counts import Counts
from annotator.score.document import LAYERS
from annotator.score.schemes import SCHEMES

REPORT_FORMAT = "annotator-agree-report"


def _sum(tallies: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for t in tallies:
        for k, v in t.items():
            total[k] = total.get(k, 0) + v
    return total


def _mean(values: list[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def pair_counts(t: dict[str, float], pair: str, layer: str, k: int) -> Counts:
    return Counts(*(int(t.get(key("f", pair, layer, 5 * k + i), 0)) for i in range(5)))


def agreement_f1(c: Counts) -> float | None:
    """F1 of one pair's counts; None when neither annotator has a span (nothing to agree on)."""
    if not c.possible and not c.actual:
        return None
    return c.metrics()[2]


def _grouped(t: dict[str, float], prefix: str) -> dict[tuple[str, ...], float]:
    out = {}
    for k, v in t.items():
        parts = k.split(SEP)
        if parts[0] == prefix:
            out[tuple(parts[1:])] = v
    return out


def metrics(t: dict[str, float], pairs: list[str], labels: list[str], *, detail: bool = True) -> dict[str, float | None]:
    """Every named metric of summed tallies (the names ``--fail-under`` takes). Without
    ``detail`` only the headline metrics (the ones that get a bootstrap interval)."""
    out: dict[str, float | None] = {}
    for layer in LAYERS:
        for k, scheme in enumerate(SCHEMES):
            per_pair = {p: agreement_f1(pair_counts(t, p, layer, k)) for p in pairs}
            out[f"{layer}.{scheme}.f1"] = _mean(list(per_pair.values()))
            if detail:
                for p, v in per_pair.items():
                    out[f"pair.{p}.{layer}.{scheme}.f1"] = v
        coinc = {(c, kk): o for (lay, c, kk), o in _grouped(t, "al").items() if lay == layer}
        out[f"{layer}.alpha"] = krippendorff_alpha(coinc)
    if detail:
        for label in labels:
            for k, scheme in enumerate(SCHEMES):
                values = []
                for p in pairs:
                    n = t.get(key("lab", p, label, "a"), 0) + t.get(key("lab", p, label, "b"), 0)
                    values.append(2 * t.get(key("lab", p, label, k), 0) / n if n else None)
                out[f"entities.{scheme}.{label}.f1"] = _mean(values)
    tables = _grouped(t, "ck")
    for name in CATEGORICAL:
        per_pair = {}
        for p in pairs:
            per_pair[p] = cohen_kappa({(a, b): n for (pp, nm, a, b), n in tables.items() if pp == p and nm == name})
        out[f"{name}.cohen_kappa"] = _mean(list(per_pair.values()))
        if detail:
            for p, v in per_pair.items():
                out[f"pair.{p}.{name}.cohen_kappa"] = v
        cats = {c: n for (nm, what, *rest), n in _grouped(t, "fk").items() if nm == name and what == "cat" for c in rest}
        out[f"{name}.fleiss_kappa"] = fleiss_kappa(t.get(key("fk", name, "p"), 0), int(t.get(key("fk", name, "items"), 0)), cats)
    for name in ATTRIBUTES:
        per_pair = {}
        for p in pairs:
            n = t.get(key("att", p, name, "n"), 0)
            per_pair[p] = t.get(key("att", p, name, "ok"), 0) / n if n else None
        out[f"{name}.agreement"] = _mean(list(per_pair.values()))
        if detail:
            for p, v in per_pair.items():
                out[f"pair.{p}.{name}.agreement"] = v
    return out


def _labels(t: dict[str, float]) -> list[str]:
    return sorted({k.split(SEP)[2] for k in t if k.startswith("lab" + SEP)})


def document_row(doc_id: str, names: list[str], t: dict[str, float]) -> dict[str, Any]:
    """One document's line of the disagreement ranking: mean strict F1 over pairs (all layers
    pooled) and the strict disagreements per pair (different label or boundaries, or a span
    only one of the two has)."""
    pairs = [f"{a}~{b}" for i, a in enumerate(names) for b in names[i + 1 :]]
    f1s, disagreements = [], 0.0
    layers: dict[str, float | None] = {}
    for p in pairs:
        pooled = Counts()
        for layer in LAYERS:
            pooled.add(pair_counts(t, p, layer, 0))
        f1s.append(agreement_f1(pooled))
        disagreements += pooled.incorrect + pooled.partial + pooled.missed + pooled.spurious
    for layer in LAYERS:
        layers[layer] = _mean([agreement_f1(pair_counts(t, p, layer, 0)) for p in pairs])
    alpha = _mean([krippendorff_alpha({(c, k): o for (lay, c, k), o in _grouped(t, "al").items() if lay == layer}) for layer in LAYERS])
    return {
        "doc_id": doc_id,
        "annotators": names,
        "strict_f1": _mean(f1s),
        "disagreements": disagreements / len(pairs) if pairs else 0.0,
        "alpha": alpha,
        "layers": layers,
    }


def bootstrap(per_doc: list[dict[str, float]], pairs: list[str], samples: int, seed: int) -> dict[str, Any]:
    """95% percentile intervals of the headline metrics, resampling documents."""
    from annotator.score.stats import LEVEL, numpy_module, percentile, resampled_totals

    result: dict[str, Any] = {"samples": samples, "seed": seed, "level": LEVEL, "unit": "document", "intervals": {}}
    if not per_doc or not samples:
        return result
    np = numpy_module()
    keys = sorted({k for t in per_doc for k in t})
    matrix = np.array([[t.get(k, 0.0) for k in keys] for t in per_doc], dtype=np.float64).reshape(len(per_doc), len(keys))
    draws: dict[str, list[float]] = {}
    for (block,) in resampled_totals([matrix], samples, seed):
        for row in block:
            for name, value in metrics(dict(zip(keys, row)), pairs, [], detail=False).items():
                if value is not None:
                    draws.setdefault(name, []).append(value)
    alpha = (1 - LEVEL) / 2
    for name, values in sorted(draws.items()):
        values.sort()
        result["intervals"][name] = [percentile(values, alpha), percentile(values, 1 - alpha)]
    return result


def build_report(annotations: Any, per_doc: dict[str, dict[str, float]], *, samples: int = 0, seed: int = 0) -> dict[str, Any]:
    """The report of an agreement run (``annotations``: :class:`annotator.agree.inputs.Annotations`)."""
    total = _sum(list(per_doc.values()))
    names = annotations.annotators
    pairs = sorted({k.split(SEP)[1] for k in total if k.split(SEP)[0] in ("f", "att", "ck", "lab")} | _pairs_of(annotations))
    labels = _labels(total)
    values = metrics(total, pairs, labels)
    layers: dict[str, Any] = {}
    for layer in LAYERS:
        schemes = {}
        for k, scheme in enumerate(SCHEMES):
            schemes[scheme] = {
                "f1": values[f"{layer}.{scheme}.f1"],
                "pairs": {p: {**pair_counts(total, p, layer, k).as_dict(), "f1": values[f"pair.{p}.{layer}.{scheme}.f1"]} for p in pairs},
            }
        layers[layer] = {"alpha": values[f"{layer}.alpha"], "schemes": schemes}
    layers["entities"]["labels"] = {
        label: {
            "spans": {side: int(sum(total.get(key("lab", p, label, side), 0) for p in pairs)) for side in ("a", "b")},
            **{scheme: values[f"entities.{scheme}.{label}.f1"] for scheme in SCHEMES},
        }
        for label in labels
    }
    kappa = {
        name: {
            "cohen": values[f"{name}.cohen_kappa"],
            "fleiss": values[f"{name}.fleiss_kappa"],
            "items": int(total.get(key("fk", name, "items"), 0)),
            "pairs": {p: values[f"pair.{p}.{name}.cohen_kappa"] for p in pairs},
        }
        for name in CATEGORICAL
    }
    attributes = {
        name: {
            "agreement": values[f"{name}.agreement"],
            "pairs": {p: {"agree": int(total.get(key("att", p, name, "ok"), 0)), "total": int(total.get(key("att", p, name, "n"), 0)), "agreement": values[f"pair.{p}.{name}.agreement"]} for p in pairs},
        }
        for name in ATTRIBUTES
    }
    ranking = [document_row(d, sorted(annotations.by_doc[d]), per_doc[d]) for d in per_doc]
    ranking.sort(key=lambda r: (r["strict_f1"] if r["strict_f1"] is not None else 2.0, -r["disagreements"], r["doc_id"]))
    report: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "version": 1,
        "files": [str(p) for p in annotations.files],
        "annotators": names,
        "pairs": pairs,
        "documents": {
            "compared": len(per_doc),
            "single_annotator": annotations.single,
            "drafts_excluded": [list(x) for x in annotations.drafts],
        },
        "layers": layers,
        "kappa": kappa,
        "attributes": attributes,
        "per_document": ranking,
        "metrics": values,
    }
    if samples:
        report["bootstrap"] = bootstrap(list(per_doc.values()), pairs, samples, seed)
    return report


def _pairs_of(annotations: Any) -> set[str]:
    out = set()
    for recs in annotations.by_doc.values():
        names = sorted(recs)
        out |= {f"{a}~{b}" for i, a in enumerate(names) for b in names[i + 1 :]}
    return out


def check_gates(report: dict[str, Any], gates: list[Any]) -> list[Any]:
    """Evaluate ``--fail-under`` gates on the report's metrics (an undefined metric fails)."""
    from annotator.score.gates import GateError, GateResult, _suggest

    values = report["metrics"]
    results = []
    for gate in gates:
        if gate.metric not in values:
            raise GateError(f"unknown metric {gate.metric!r}{_suggest(gate.metric, {k: 0.0 for k in values})}")
        value = values[gate.metric]
        results.append(GateResult(gate, value is not None and value >= gate.threshold, value if value is not None else float("nan")))
    return results


__all__ = ["REPORT_FORMAT", "build_report", "check_gates", "metrics"]
