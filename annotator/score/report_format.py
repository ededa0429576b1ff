"""The JSON score report's format without its pydantic model (:mod:`annotator.score.report_model`,
the one source of the schema): its identifiers, the order of its top-level keys, and the
per-document vectors, compact in memory and labelled in the file. What a scoring run needs
to write a report, without the cost of building the report's models (about 20 ms of start-up
for a run that never reads a report back)."""

import json
from typing import Any

from annotator.score.counts import COUNT_FIELDS
from annotator.score.schemes import SCHEMES

REPORT_FORMAT = "annotator-score-report"
REPORT_VERSION = 1
COMPARISON_FORMAT = "annotator-comparison"
COMPARISON_VERSION = 1

#: Top-level keys in the order of the model's fields (``ScoreReport.model_fields``; the JSON
#: writer follows it). Kept by hand so that writing a report needs no pydantic model:
#: ``report_model`` refuses to load, and a test fails, when the two differ.
REPORT_KEYS = ("format", "version", "provenance", "documents", "layers", "errors", "errors_total", "per_document",
               "document_positions", "shard", "bootstrap", "comparison", "gates", "run")


# --- per-document vectors: compact in memory, labelled in the file -----------------------


def label_vector(vector: dict[str, list[int]]) -> dict[str, dict[str, Any]]:
    """A per-document vector of ``aggregate.Totals`` with names instead of positions."""
    out: dict[str, dict[str, Any]] = {}
    for key, values in vector.items():
        layer, _, name = key.partition(".")
        body = out.setdefault(layer, {})
        if not name:
            body["schemes"] = {s: dict(zip(COUNT_FIELDS, values[5 * k : 5 * k + 5])) for k, s in enumerate(SCHEMES)}
        elif name == "end_to_end":
            body["end_to_end"] = dict(zip(("correct", "actual", "possible"), values))
        else:
            body.setdefault("attributes", {})[name] = dict(zip(("correct", "total"), values))
    return out


# The same, written straight to JSON text: a report holds one vector per document, and
# building dicts for 10,000 documents cost five times their compact encoding (measured 1.5 s
# against 0.3 s); formatting ints into a fixed template costs about as little as the compact form.
_COUNTS = "{" + ",".join(f'"{f}":%d' for f in COUNT_FIELDS) + "}"
_SCHEMES = "{" + ",".join(f'"{s}":{_COUNTS}' for s in SCHEMES) + "}"
_ATTRIBUTE = '"%s":{"correct":%d,"total":%d}'
_END_TO_END = '{"correct":%d,"actual":%d,"possible":%d}'
_SAFE_NAME = frozenset("abcdefghijklmnopqrstuvwxyz_-")


def label_vector_json(vector: dict[str, list[int]]) -> str:
    """``json.dumps(label_vector(vector), separators=(",", ":"))``, fast (a test checks they agree)."""
    parts: dict[str, list[Any]] = {}
    for key, values in vector.items():
        layer, _, name = key.partition(".")
        if not _SAFE_NAME.issuperset(layer) or not _SAFE_NAME.issuperset(name):
            return json.dumps(label_vector(vector), ensure_ascii=False, separators=(",", ":"))
        part = parts.setdefault(layer, [None, [], None])
        if not name:
            part[0] = _SCHEMES % tuple(values)
        elif name == "end_to_end":
            part[2] = _END_TO_END % tuple(values)
        else:
            part[1].append(_ATTRIBUTE % (name, *values))
    out = []
    for layer, (schemes, attributes, end_to_end) in parts.items():
        fields = []
        if schemes is not None:
            fields.append('"schemes":' + schemes)
        if attributes:
            fields.append('"attributes":{' + ",".join(attributes) + "}")
        if end_to_end is not None:
            fields.append('"end_to_end":' + end_to_end)
        out.append(f'"{layer}":{{{",".join(fields)}}}')
    return "{" + ",".join(out) + "}"


def flat_vector(labelled: dict[str, dict[str, Any]]) -> dict[str, list[int]]:
    """The inverse of :func:`label_vector`."""
    out: dict[str, list[int]] = {}
    for layer, body in labelled.items():
        schemes = body.get("schemes")
        if schemes is not None:
            out[layer] = [schemes.get(s, {}).get(f, 0) for s in SCHEMES for f in COUNT_FIELDS]
        for name, row in (body.get("attributes") or {}).items():
            out[f"{layer}.{name}"] = [row["correct"], row["total"]]
        e2e = body.get("end_to_end")
        if e2e is not None:
            out[f"{layer}.end_to_end"] = [e2e["correct"], e2e["actual"], e2e["possible"]]
    return out


def report_dict(
    provenance: dict[str, Any],
    scored: int,
    missing: list[str],
    unscored: list[str],
    layers: dict[str, Any],
    errors: list[dict[str, Any]],
    errors_total: int,
    per_document: dict[str, dict[str, list[int]]],
    positions: list[int],
) -> dict[str, Any]:
    """The report's keys (one place for the engine and the merge)."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "provenance": provenance,
        "documents": {
            "scored": scored,
            "missing_predictions": missing,
            "unscored_predictions": unscored,
        },
        "layers": layers,
        "errors": errors,
        "errors_total": errors_total,
        "per_document": per_document,
        # additive (issue 16): the order key of each document of per_document, for merge-reports
        "document_positions": positions,
    }
