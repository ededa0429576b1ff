"""What every report format shows, as rows of cells: one place decides the content, the
formats (``render``, ``markdown``, ``html``) only lay it out.

Every string that comes from a file (labels, doc_ids, span texts, attribute values, file
names, gate names naming a label) goes through the ``esc`` function of the format
(:mod:`annotator.report.escape`); numbers and the scorer's own names do not need it.
"""

from collections.abc import Callable
from typing import Any

from annotator.score.aggregate import f1_of
from annotator.score.schemes import SCHEMES
from annotator.text.words import count

Esc = Callable[[object], str]
COLUMNS = ("correct", "incorrect", "partial", "missed", "spurious", "precision", "recall", "f1")
MAX_LISTED = 10


def num(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def ci(report: dict[str, Any], metric: str) -> str:
    interval = (report.get("bootstrap") or {}).get("intervals", {}).get(metric)
    return f"[{interval[0]:.3f}, {interval[1]:.3f}]" if interval else ""


def is_empty(report: dict[str, Any], layer: str) -> bool:
    strict = report["layers"][layer]["schemes"]["strict"]
    return not strict["possible"] and not strict["actual"]


def docs_line(report: dict[str, Any], esc: Esc) -> str:
    d = report["documents"]
    line = f"{d['scored']} document{'' if d['scored'] == 1 else 's'} scored"
    missing = d["missing_predictions"]
    if missing:
        line += f"; {len(missing)} without a prediction record (all missed): {', '.join(esc(m) for m in missing[:MAX_LISTED])}"
        if len(missing) > MAX_LISTED:
            line += ", ..."
    if d["unscored_predictions"]:
        line += f"; {count(len(d['unscored_predictions']), 'prediction')} for documents without gold (ignored)"
    return line


def alignment_line(report: dict[str, Any], layer: str) -> str | None:
    a = report["layers"][layer]["alignment"]
    if not any(a.values()):
        return None
    return f"string-anchored predictions: {a['aligned']} aligned, {a['ambiguous']} ambiguous, {a['not_found']} not found"


SCHEME_HEADER = ["scheme", *COLUMNS, "macro f1", "95% CI f1"]
ATTRIBUTE_HEADER = ["attribute", "correct", "of", "accuracy", "95% CI"]
LABEL_HEADER = ["label", *COLUMNS]


def scheme_rows(report: dict[str, Any], layer: str) -> list[list[str]]:
    body = report["layers"][layer]
    rows = []
    for scheme in SCHEMES:
        entry = body["schemes"][scheme]
        rows.append([scheme, *(num(entry[c]) for c in COLUMNS), num(entry["macro"]["f1"]), ci(report, f"{layer}.{scheme}.f1")])
    return rows


def attribute_rows(report: dict[str, Any], layer: str) -> list[list[str]]:
    body = report["layers"][layer]
    rows = [[name, str(a["correct"]), str(a["total"]), num(a["accuracy"]), ci(report, f"{layer}.{name}.accuracy")] for name, a in (body.get("attributes") or {}).items()]
    e2e = body.get("end_to_end")
    if e2e:
        rows.append(["end_to_end f1", str(e2e["correct"]), f"{e2e['actual']}/{e2e['possible']}", num(e2e["f1"]), ci(report, f"{layer}.end_to_end.f1")])
    return rows


def label_rows(report: dict[str, Any], esc: Esc, layer: str = "entities") -> list[list[str]]:
    labels = report["layers"][layer]["schemes"]["strict"]["labels"]
    return [[esc(k), *(num(v[c]) for c in COLUMNS)] for k, v in labels.items()]


def confusion(report: dict[str, Any]) -> tuple[list[str], list[list[int]]]:
    """(names, matrix): gold rows and predicted columns in the order of ``names`` (raw names)."""
    conf = report["layers"]["entities"].get("confusion") or {}
    names = [*conf.get("labels", []), conf.get("none", "∅")]
    matrix = conf.get("matrix", {})
    return names, [[matrix.get(g, {}).get(p, 0) for p in names] for g in names]


GATE_HEADER = ["gate", "value", "baseline", "result"]


def gate_rows(report: dict[str, Any], esc: Esc) -> list[list[str]]:
    return [
        [esc(g["name"]), f"{g['value']:.4f}", "" if g.get("baseline") is None else f"{g['baseline']:.4f}", "pass" if g["passed"] else "FAIL"]
        for g in report.get("gates") or []
    ]


COMPARISON_HEADER = ["metric", "baseline", "new", "difference", "95% CI", "p"]


def headline_metrics(report: dict[str, Any]) -> list[str]:
    """Strict F1 of every layer, the attribute accuracies and end-to-end F1s, then every gated metric."""
    names = [f"{layer}.strict.f1" for layer in report["layers"]]
    for layer, body in report["layers"].items():
        names += [f"{layer}.{a}.accuracy" for a in body.get("attributes") or {}]
        if body.get("end_to_end"):
            names.append(f"{layer}.end_to_end.f1")
    for g in report.get("gates") or []:
        if g["metric"] not in names:
            names.append(g["metric"])
    return names


def comparison_rows(report: dict[str, Any], esc: Esc) -> list[list[str]]:
    """Baseline, new value, difference, its interval and p-value of every headline and gated
    metric (a gated metric outside the comparison, a label's row say, without an interval)."""
    comparison = report.get("comparison")
    if not comparison:
        return []
    metrics = comparison["metrics"]
    gates = {g["metric"]: g for g in report.get("gates") or []}
    rows = []
    for name in headline_metrics(report):
        m = metrics.get(name)
        if m is not None:
            rows.append([esc(name), f"{m['a']:.4f}", f"{m['b']:.4f}", f"{m['difference']:+.4f}",
                         f"[{m['interval'][0]:+.4f}, {m['interval'][1]:+.4f}]", f"{m['p_value']:.3f}"])
        elif name in gates and gates[name].get("baseline") is not None:
            g = gates[name]
            rows.append([esc(name), f"{g['baseline']:.4f}", f"{g['value']:.4f}", f"{g['value'] - g['baseline']:+.4f}", "", ""])
    return rows


def comparison_lead(comparison: dict[str, Any]) -> str:
    return (f"{count(comparison['documents'], 'document')} in both reports ({comparison['only_a']} only in the baseline, "
            f"{comparison['only_b']} only in the new one); paired bootstrap, {count(comparison['samples'], 'sample')}, seed {comparison['seed']}")


ERROR_HEADER = ["document", "layer", "error", "gold", "predicted"]


def _where(span: dict[str, Any] | None) -> str:
    if not span or span.get("start") is None:
        return ""
    return f"[{span['start']}, {span['end']})"


def clip(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def error_cells(e: dict[str, Any], esc: Esc, sep: str = " — ", limit: int | None = None) -> list[str]:
    """One error as cells: document, layer, what is wrong, gold, predicted. A wrong attribute
    shows the value, then ``sep``, then the span it belongs to; span texts longer than
    ``limit`` are clipped."""

    def span(s: dict[str, Any] | None, with_label: bool) -> str:
        if not s:
            return "—"
        label = f" {esc(s['label'])}" if with_label else ""
        return f"{esc(clip(s['text'], limit))} {_where(s)}{label}".strip()

    if e["outcome"] != "attribute":
        return [esc(e["doc_id"]), e["layer"], e["outcome"], span(e.get("gold"), True), span(e.get("pred"), True)]
    return [esc(e["doc_id"]), e["layer"], f"wrong {e['attribute']}",
            f"{value(e.get('gold_value'), esc)}{sep}{span(e.get('gold'), False)}",
            f"{value(e.get('pred_value'), esc)}{sep}{span(e.get('pred'), False)}"]


def value(v: Any, esc: Esc) -> str:
    """An attribute value: a mention by its text and offsets, null as 'none'."""
    if v is None:
        return "none"
    if isinstance(v, dict):
        return f"{esc(v.get('text', ''))} {_where(v)}".strip()
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return esc(v)


def per_document_f1(report: dict[str, Any], layer: str = "entities") -> list[tuple[str, float]]:
    """(doc_id, strict F1 of ``layer``) of every document with something to score in it."""
    out = []
    for doc_id, vector in (report.get("per_document") or {}).items():
        values = vector.get(layer)
        if values:
            out.append((doc_id, f1_of(f"{layer}.strict", values[:5])))
    return out
