"""Score reports of disjoint sets of documents merged into the report of all of them, exactly.

A JSON score report is its own mergeable partial result: every figure in it is a sum of
integer counts (per scheme, per label, per attribute, the confusion, the alignment) or is
derived from such sums, and the per-document vectors are kept. Merging sums the counts,
derives the metrics with the same functions as the engine, lists documents and errors in the
order of ``document_positions`` and recomputes the bootstrap from the merged per-document
vectors: the result equals scoring all the documents at once (a property test checks it).

``score_records`` is the entry point for engines (Dask, Spark, a CI matrix): it scores any
iterable of ``(gold record, prediction record, text)`` into such a report; ``merge_reports``
combines them. See ``docs/scale.md``.
"""

from collections import Counter
from collections.abc import Iterable
from itertools import chain
from operator import itemgetter
from typing import Any

from annotator.score.aggregate import MAX_ERRORS, NONE_LABEL, confusion_dict, scheme_entry
from annotator.score.counts import COUNT_FIELDS, Accuracy, Counts, EndToEnd
from annotator.score.document import ATTRIBUTES, LAYERS, Options

#: positions of documents scored through ``score_records``: part << PART_SHIFT | index
PART_SHIFT = 32


class MergeError(ValueError):
    """Reports that cannot be merged (one plain message): not score reports of this version,
    or scored with other options (exit 2)."""


class ReportsOverlap(MergeError):
    """A document in two of the reports: the shards were not disjoint (a finding, exit 1)."""


def _counts(entry: dict[str, Any]) -> list[int]:
    return [entry[f] for f in COUNT_FIELDS]


def _sum_into(target: list[int], values: list[int]) -> None:
    for i, v in enumerate(values):
        target[i] += v


def _merge_layer(layer: str, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    schemes: dict[str, Any] = {}
    for scheme in bodies[0]["schemes"]:
        total = [0] * len(COUNT_FIELDS)
        labels: dict[str, list[int]] = {}
        for body in bodies:
            entry = body["schemes"][scheme]
            _sum_into(total, _counts(entry))
            for label, row in entry["labels"].items():
                _sum_into(labels.setdefault(label, [0] * len(COUNT_FIELDS)), _counts(row))
        schemes[scheme] = scheme_entry(Counts(*total), {label: Counts(*labels[label]) for label in sorted(labels)})
    alignment = {key: sum(b["alignment"][key] for b in bodies) for key in bodies[0]["alignment"]}
    out: dict[str, Any] = {"schemes": schemes, "alignment": alignment}
    if layer in ATTRIBUTES:
        out["attributes"] = {
            name: Accuracy(sum(b["attributes"][name]["correct"] for b in bodies), sum(b["attributes"][name]["total"] for b in bodies)).as_dict()
            for name in ATTRIBUTES[layer]
        }
        out["end_to_end"] = EndToEnd(*(sum(b["end_to_end"][k] for b in bodies) for k in ("correct", "actual", "possible"))).as_dict()
    if layer == "entities":
        confusion: Counter = Counter()
        for body in bodies:
            none = body["confusion"]["none"]
            for g, row in body["confusion"]["matrix"].items():
                for p, n in row.items():
                    confusion[(None if g == none else g, None if p == none else p)] += n
        out["confusion"] = confusion_dict(confusion)
    return out


def _union_files(lists: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Input files of several reports, each once (by path and content), in order."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for files in lists:
        for f in files:
            seen.setdefault((f.get("path"), f.get("sha256")), f)
    return list(seen.values())


def _scoring_options(i: int, report: dict[str, Any]) -> dict[str, Any]:
    """The options that change the scores (``provenance.options`` without the bootstrap's)."""
    options = (report.get("provenance") or {}).get("options") if isinstance(report.get("provenance"), dict) else None
    if not isinstance(options, dict) or "min_iou" not in options or "rel_tol" not in options:
        raise MergeError(f"report {i + 1}: no provenance.options (min_iou, rel_tol): not a score report of this version")
    return {"min_iou": options["min_iou"], "rel_tol": options["rel_tol"]}


def _twice(reports: list[dict[str, Any]]) -> str:
    """The message for the first document found in two reports."""
    owner: dict[str, int] = {}
    for i, r in enumerate(reports):
        for doc_id in r["per_document"]:
            if doc_id in owner:
                return f"document {doc_id!r} is in report {owner[doc_id] + 1} and in report {i + 1}: merge reports of disjoint documents (shards)"
            owner[doc_id] = i
    raise AssertionError("no document in two reports")


def first_by_key(keyed: Iterable[tuple[Any, Any]], limit: int) -> list[Any]:
    """The first ``limit`` items of (key, item) pairs by key, stable among equal keys: what
    :class:`annotator.score.aggregate.FirstByKey` keeps, in one sort (the parts of ``--jobs``
    take chunks in turns, so their items come interleaved, and ``FirstByKey`` sorts again at
    each such item: 0.1 s for two reports of 1,000 errors)."""
    pairs = sorted(keyed, key=_KEY)  # stable
    return [item for _, item in pairs[:limit]]


_KEY = itemgetter(0)


def merge_reports(reports: list[dict[str, Any]], *, bootstrap: int = 0, seed: int = 0, max_errors: int = MAX_ERRORS) -> dict[str, Any]:
    """The report of all the documents of ``reports`` (disjoint sets of documents, scored with
    the same options). ``bootstrap`` > 0 recomputes the intervals from the merged
    per-document vectors. Raises MergeError."""
    import time

    from annotator.score.provenance import now_utc, options_provenance, run_section
    from annotator.score.report_format import REPORT_FORMAT, REPORT_VERSION, report_dict

    started, date = time.perf_counter(), now_utc()

    if not reports:
        raise MergeError("no reports to merge")
    for i, r in enumerate(reports):
        if not isinstance(r, dict) or r.get("format") != REPORT_FORMAT or r.get("version") != REPORT_VERSION:
            raise MergeError(f"report {i + 1}: not an annotator score report of version {REPORT_VERSION}")
    scoring = [_scoring_options(i, r) for i, r in enumerate(reports)]
    for i, opts in enumerate(scoring):
        if opts != scoring[0]:
            raise MergeError(f"report {i + 1}: scored with options {opts}, report 1 with {scoring[0]}: scores of different options do not add up")
    # every document's id, position and vector, report after report; then in the order of
    # their positions (a stable sort: equal positions in the order of the reports)
    ids = list(chain.from_iterable(r["per_document"] for r in reports))
    if len(set(ids)) != len(ids):
        raise ReportsOverlap(_twice(reports))
    positions = list(chain.from_iterable(r.get("document_positions") or [i << 48 | k for k in range(len(r["per_document"]))]
                                         for i, r in enumerate(reports)))
    vectors = list(chain.from_iterable(r["per_document"].values() for r in reports))
    order = sorted(range(len(ids)), key=positions.__getitem__)
    position = dict(zip(ids, positions)).get  # (a measured hot path: 100,000 documents under --jobs)
    listed = first_by_key(((position(e["doc_id"], 0), e) for r in reports for e in r["errors"]), max_errors)
    options = Options(scoring[0]["min_iou"], scoring[0]["rel_tol"])
    inputs = [r["provenance"].get("inputs") or {} for r in reports]
    merged_inputs = {
        "gold": _union_files(i.get("gold", []) for i in inputs),
        "pred": _union_files(i.get("pred", []) for i in inputs),
        "documents": next((i["documents"] for i in inputs if i.get("documents")), None),
        "baseline": None,
    }
    missing = sorted((d for r in reports for d in r["documents"]["missing_predictions"]), key=lambda d: position(d, 0))
    data = report_dict(
        options_provenance(options, merged_inputs, bootstrap, seed),
        sum(r["documents"]["scored"] for r in reports),
        missing,
        sorted(d for r in reports for d in r["documents"]["unscored_predictions"]),
        {layer: _merge_layer(layer, [r["layers"][layer] for r in reports]) for layer in LAYERS},
        listed,
        sum(r["errors_total"] for r in reports),
        dict(zip(map(ids.__getitem__, order), map(vectors.__getitem__, order))),
        list(map(positions.__getitem__, order)),
    )
    if bootstrap:
        from annotator.score.stats import bootstrap_intervals

        data["bootstrap"] = bootstrap_intervals(data["per_document"], bootstrap, seed)
    data["gates"] = []
    # the scoring time of every part and the merge itself
    elapsed = sum((r.get("run") or {}).get("elapsed_seconds", 0.0) for r in reports) + time.perf_counter() - started
    data["run"] = run_section(date, elapsed)
    return data


__all__ = ["NONE_LABEL", "PART_SHIFT", "MergeError", "ReportsOverlap", "merge_reports"]
