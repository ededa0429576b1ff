"""The Python API for engines: score any iterable of ``(gold record, prediction record,
text)`` into a mergeable partial report; merge partial reports with
:func:`annotator.score.merge.merge_reports`.

    from annotator.score.partial import score_records
    from annotator.score.merge import merge_reports

    parts = [score_records(chunk, part=i) for i, chunk in enumerate(chunks)]   # anywhere
    report = merge_reports(parts, bootstrap=1000, seed=0)                      # anywhere

Records are JSON objects as dicts (``json.loads`` of a JSONL line); they are validated by
the models' rules and the semantic checks that ``annotator score`` applies. A partial report
is plain JSON data (it pickles, serialises and travels between processes and machines) and
has the format of ``annotator score --report json`` (it validates against its schema). ``part`` numbers the parts: documents
and errors of the merged report are listed by (part, index in the part), so give each part
its own number to get the order in which you would read them all.
"""

import time
from collections.abc import Iterable
from typing import Any

from annotator.model import Annotation, LabelSet, Prediction, text_sha256
from annotator.model.plain import plain_validator
from annotator.score.aggregate import MAX_ERRORS, FirstByKey, Totals
from annotator.score.document import Options, score_document
from annotator.io.corpus import DocText
from annotator.score.engine import ScoreInputError, Scored, build_report, options_provenance
from annotator.score.merge import PART_SHIFT
from annotator.score.provenance import now_utc, run_section
from annotator.validate.semantic import check_record


def _checked(kind: str, model: Any, record: Any, doc: DocText, labels: LabelSet | None, where: str) -> dict[str, Any]:
    from pydantic import ValidationError

    try:
        plain = plain_validator(model).validate_python(record)
    except ValidationError as e:
        first = e.errors()[0]
        path = ".".join(map(str, first["loc"]))
        raise ScoreInputError([f"{where}: {kind}: {path}: {first['msg']}"]) from None
    issues = [f"{where}: {kind}: {path}: {msg}" for path, msg, warn in check_record(plain, doc, labels, warnings=False) if not warn]
    if issues:
        raise ScoreInputError(issues)
    return plain


def score_records(
    items: Iterable[tuple[dict[str, Any], dict[str, Any] | None, str]],
    *,
    options: Options | None = None,
    part: int = 0,
    labels: LabelSet | None = None,
    max_errors: int = MAX_ERRORS,
    keys: Iterable[int] | None = None,
) -> dict[str, Any]:
    """Score ``(gold record, prediction record or None, document text)`` triples into a partial
    report (a dict; merge with ``merge_reports``). ``labels``: check entity labels against
    this label set (None: any label). ``keys``: each item's place in the whole corpus (an
    int; default ``part << 32 | index``), which orders documents and errors when merged.
    Raises ScoreInputError on an invalid record."""
    options = options or Options()
    started, date = time.perf_counter(), now_utc()
    totals = Totals(max_errors=max_errors)
    positions: dict[str, int] = {}
    key_of = iter(keys) if keys is not None else None
    for index, (gold, pred, text) in enumerate(items):
        doc_id = gold.get("doc_id") if isinstance(gold, dict) else None
        where = f"part {part}, item {index}" + (f" ({doc_id})" if isinstance(doc_id, str) else "")
        doc = DocText(str(doc_id), text, text_sha256(text))
        g = _checked("gold", Annotation, gold, doc, labels, where)
        p = _checked("prediction", Prediction, pred, doc, None, where) if pred is not None else None
        if p is not None and p["doc_id"] != g["doc_id"]:
            raise ScoreInputError([f"{where}: prediction: doc_id: {p['doc_id']!r} is not the gold record's {g['doc_id']!r}"])
        if g["doc_id"] in positions:
            raise ScoreInputError([f"{where}: gold: doc_id: document {g['doc_id']!r} given twice"])
        positions[g["doc_id"]] = position = next(key_of) if key_of is not None else part << PART_SHIFT | index
        if p is None:
            totals.missing_predictions.append(g["doc_id"])
        totals.add(score_document(g, p, text, options), position)
    data = build_report(Scored(totals, positions, [], FirstByKey(0)), options_provenance(options))
    data["gates"] = []
    data["run"] = run_section(date, time.perf_counter() - started)
    return data


__all__ = ["score_records"]
