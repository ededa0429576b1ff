"""``agree_files``: read the annotators' files, compare every document, build the report;
``curation``: how often each annotator agreed with an adjudicated gold (``--against``)."""

from pathlib import Path
from typing import Any

from annotator.agree.document import compare_document
from annotator.agree.inputs import Annotations, load_annotations
from annotator.agree.report import build_report
from annotator.score.aggregate import Totals
from annotator.score.document import Options, score_document
from annotator.score.engine import ScoreInputError


def agree(annotations: Annotations, *, options: Options | None = None, bootstrap: int = 0, seed: int = 0) -> dict[str, Any]:
    per_doc = {d: compare_document(annotations.by_doc[d], annotations.texts[d], options) for d in annotations.shared}
    return build_report(annotations, per_doc, samples=bootstrap, seed=seed)


def agree_files(
    paths: list[Path],
    *,
    docs: Path | None = None,
    include_drafts: bool = False,
    options: Options | None = None,
    bootstrap: int = 0,
    seed: int = 0,
    against: Path | None = None,
) -> dict[str, Any]:
    """The agreement report of the annotation files ``paths``. Raises ScoreInputError."""
    annotations = load_annotations(paths, docs=docs, include_drafts=include_drafts)
    report = agree(annotations, options=options, bootstrap=bootstrap, seed=seed)
    if against is not None:
        gold = load_annotations([against], docs=docs, include_drafts=True)
        report["curation"] = curation(annotations, gold, options)
    return report


def curation(annotations: Annotations, gold: Annotations, options: Options | None = None) -> dict[str, Any]:
    """Each annotator scored against the adjudicated gold (the scorer, gold as gold): strict
    F1 per layer and per entity label, attribute accuracies, documents compared."""
    golds: dict[str, dict[str, Any]] = {}
    for doc_id, recs in gold.by_doc.items():
        if len(recs) > 1:
            raise ScoreInputError([f"{gold.where[(doc_id, sorted(recs)[1])]}: the gold has more than one record for {doc_id!r}"])
        golds[doc_id] = next(iter(recs.values()))
    out: dict[str, Any] = {"gold": [str(p) for p in gold.files], "annotators": {}}
    for name in annotations.annotators:
        totals = Totals(max_errors=0)
        for doc_id, recs in sorted(annotations.by_doc.items()):
            if name in recs and doc_id in golds:
                if gold.texts[doc_id] != annotations.texts[doc_id]:
                    raise ScoreInputError([f"{annotations.where[(doc_id, name)]}: annotates another text of {doc_id!r} than the gold"])
                totals.add(score_document(golds[doc_id], recs[name], annotations.texts[doc_id], options))
        layers = totals.to_dict()
        out["annotators"][name] = {
            "documents": totals.documents,
            "layers": {layer: _row(body["schemes"]["strict"]) for layer, body in layers.items()},
            "labels": {label: _row(row) for label, row in layers["entities"]["schemes"]["strict"]["labels"].items()},
            "attributes": {f"{layer}.{a}": row["accuracy"] for layer in ("quotes", "claims") for a, row in layers[layer]["attributes"].items()},
        }
    return out


def _row(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("correct", "possible", "actual", "precision", "recall", "f1")}
