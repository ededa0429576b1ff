"""Reading GOLD and PRED (files or directories of JSONL), streaming document by document,
and scoring them into a report.

Both inputs are validated exactly as ``annotator validate`` validates them; every error is
collected and the run fails with all of them (exit 1). The two inputs are read in lockstep
and a document is scored as soon as both of its records have been seen, so when the files
list documents in the same order memory stays flat however long they are. They are read in
batches of lines: a batch of the same documents in both, all valid, goes through the fast
lane (:mod:`annotator.score.lane`), any other line by line (:mod:`annotator.score.inputs`),
with the same result.
"""

import time
from operator import itemgetter
from sys import intern
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from concurrent.futures import Future
from typing import Any

from annotator.model import Document, LabelSet
from annotator.score.aggregate import FirstByKey, Totals
from annotator.score.document import DocScore, Options, score_document
from annotator.io.chunks import Ranges
from annotator.io.corpus import DocText
from annotator.io.gcpause import paused_gc
from annotator.report.progress import count_lines
from annotator.score.positions import where
from annotator.score.provenance import completed, hash_in_background, now_utc, options_provenance, run_section
from annotator.score.report_format import report_dict
from annotator.score.shard import selector
from annotator.score import lane
from annotator.score.inputs import (DocLookup, Line, ScoreInputError, Selector, UnreadableInput, checked, clean_data, expand_paths,
                                    is_unknown_doc, line_size, load_registry, read_lines, recheck, registry_path)
from annotator.validate import Finding
from annotator.validate.batch import BATCH, decode_batch, take
from annotator.validate.run import is_stdin

_DOC_ID = itemgetter("doc_id")

MAX_INPUT_ERRORS = 200


@dataclass
class ScoreReport:
    """The JSON form of a report (what ``--report json`` writes and ``--baseline`` reads)."""

    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scored:
    """What one pass over the inputs (all documents, or one shard) leaves: the totals, each
    scored document's position, the predictions without gold, and the input errors (the
    first ``MAX_INPUT_ERRORS`` by position, gold before prediction on the same line)."""

    totals: Totals
    positions: dict[str, int]
    unscored: list[str]
    errors: FirstByKey
    errors_total: int = 0
    gold_records: int = 0

    def error_lines(self) -> list[str]:
        more = ["... (further errors not shown)"] if self.errors_total > len(self.errors.items) else []
        return self.errors.items + more


def score_stream(
    gold_files: list[Path],
    pred_files: list[Path],
    registry: dict[str, Document],
    labels: LabelSet,
    options: Options,
    *,
    select: Selector | Sequence[Ranges] | None = None,
    progress: Callable[[int], None] | None = None,
    max_errors: int = 1000,
    pred_select: Selector | Sequence[Ranges] | None = None,
    keep: Callable[[dict[str, Any], dict[str, Any] | None, str, DocScore], None] | None = None,
    hashes: dict[str, dict[str, Any]] | None = None,
) -> Scored:
    """Read, validate and score GOLD and PRED in lockstep (the lines ``select`` keeps, or the
    chunks it takes; of PRED, those of ``pred_select`` when it is given). Raises
    ScoreInputError only for an unreadable file; invalid records are in the result. ``keep(gold, pred, text, scored)``
    sees each document as it is scored (the review's hook); ``progress(documents)`` is told
    how many are scored so far. ``hashes`` (no chunks) gets the provenance of each small file
    read, by name (:func:`annotator.score.inputs.read_lines`)."""
    lookup = DocLookup(registry)
    totals = Totals(max_errors=max_errors)
    out = Scored(totals, {}, [], FirstByKey(MAX_INPUT_ERRORS))
    pending_gold: dict[str, tuple[Any, str]] = {}
    pending_pred: dict[str, tuple[Any, int, list[Finding]]] = {}
    seen_gold = out.positions  # doc_id -> position of its gold record (ints: small, memory stays flat)
    seen_pred: dict[str, int] = {}

    def error(pos: int, stream: int, lines: list[str]) -> None:
        out.errors_total += len(lines)
        out.errors.extend((pos, stream), lines)

    def gold_at(pos: int) -> str:
        return where(gold_files, pos)

    def pred_at(pos: int) -> str:
        return where(pred_files, pos)

    def duplicate(what: str, seen: dict[str, int], at: Callable[[int], str], pos: int, doc_id: str, stream: int) -> None:
        """A second record of a document is an error (the first is in ``seen``)."""
        error(pos, stream, [f"{at(pos)}: doc_id: duplicate {what} record for document {doc_id!r} (first at {at(seen[doc_id])})"])

    def score(gold: dict[str, Any], text: str, pred: dict[str, Any] | None) -> None:
        doc_id = gold["doc_id"]
        lookup.embedded.pop(doc_id, None)  # its prediction has come: the text is no longer needed
        if out.errors_total:
            return  # the run fails anyway; keep reading only to report every error
        scored = score_document(gold, pred, text, options)
        totals.add(scored, seen_gold[doc_id])
        if keep is not None:
            keep(gold, pred, text, scored)
        if progress:
            progress(totals.documents)

    def on_gold(pos: int, rec: dict[str, Any] | None, findings: list[Finding]) -> None:
        if findings:
            error(pos, 0, [f.format() for f in findings])
        if rec is None or findings:
            return
        out.gold_records += 1
        doc_id = rec["doc_id"] = intern(rec["doc_id"])  # one string per document in every table
        if doc_id in seen_gold:
            duplicate("gold", seen_gold, gold_at, pos, doc_id, 0)
            return
        seen_gold[doc_id] = pos
        text = rec["text"]
        if text is not None:
            if doc_id not in registry:
                lookup.embedded[doc_id] = DocText(doc_id, text, rec["text_sha256"])
        else:
            text = registry[doc_id].text  # validation guarantees the document is known
        waiting = pending_pred.pop(doc_id, None)
        if waiting is None:
            pending_gold[doc_id] = (rec, text)
            return
        pred, ppos, deferred = waiting
        if deferred and not recheck(pred, pred_at(ppos), lookup, lambda line: error(ppos, 1, [line])):
            return
        score(rec, text, pred)

    def on_pred(pos: int, rec: dict[str, Any] | None, findings: list[Finding]) -> None:
        unknown = [f for f in findings if is_unknown_doc(f)]
        if len(unknown) != len(findings):
            error(pos, 1, [f.format() for f in findings if not is_unknown_doc(f)])
        if rec is None or len(unknown) != len(findings):
            return
        doc_id = rec["doc_id"] = intern(rec["doc_id"])
        if doc_id in seen_pred:
            duplicate("prediction", seen_pred, pred_at, pos, doc_id, 1)
            return
        seen_pred[doc_id] = pos
        waiting = pending_gold.pop(doc_id, None)
        if waiting is None:
            pending_pred[doc_id] = (rec, pos, unknown)
            return
        if unknown and not recheck(rec, pred_at(pos), lookup, lambda line: error(pos, 1, [line])):
            return
        score(waiting[0], waiting[1], rec)

    def batch(golds: list[Line], preds: list[Line]) -> bool:
        """The fast lane (:mod:`.lane`): the whole batch at once, when the lockstep below is
        known to score each pair as it is read, without an error."""
        if out.errors_total or pending_gold or pending_pred or len(golds) != len(preds):
            return False
        gold_data, pred_data = clean_data(golds), clean_data(preds)
        if gold_data is None or pred_data is None:
            return False
        gold_recs = decode_batch("annotation", gold_data)
        pred_recs = decode_batch("prediction", pred_data) if gold_recs is not None else None
        if pred_recs is None:
            return False
        doc_ids = list(map(intern, map(_DOC_ID, gold_recs)))
        if len(set(doc_ids)) != len(doc_ids) or any(map(seen_gold.__contains__, doc_ids)) or any(map(seen_pred.__contains__, doc_ids)):
            return False
        valid = lane.records_ok(gold_recs, pred_recs, registry, labels)
        if valid is None:
            return False
        positions = [pos for pos, _, _ in golds]
        for doc_id, gold, pred, gpos, (ppos, _, _) in zip(doc_ids, gold_recs, pred_recs, positions, preds):
            gold["doc_id"] = pred["doc_id"] = doc_id
            seen_gold[doc_id], seen_pred[doc_id] = gpos, ppos
        out.gold_records += len(doc_ids)
        lane.add_batch(totals, gold_recs, pred_recs, valid, positions, options)
        if progress:
            progress(totals.documents)
        return True

    gold_lines = read_lines(gold_files, select, hashes)
    pred_lines = read_lines(pred_files, pred_select or select, hashes)
    fast = keep is None and lane.ENABLED
    carried: list[Line] = []
    with paused_gc():
        while True:
            golds = carried or take(gold_lines, line_size)
            preds = take(pred_lines, line_size, len(golds) or BATCH)  # bounded too: a prediction line may be long
            if not golds and not preds:
                break
            # as many lines of each (the rest of the gold lines come with the next predictions)
            golds, carried = (golds[: len(preds)], golds[len(preds):]) if 0 < len(preds) < len(golds) else (golds, [])
            if fast and batch(golds, preds):
                continue
            # in lockstep: one gold line is handled (its text registered) before the next
            # prediction line, so a prediction is checked as soon as its gold has come
            for i in range(max(len(golds), len(preds))):
                if i < len(golds):
                    on_gold(*checked(golds[i], "annotation", lookup, labels))
                if i < len(preds):
                    on_pred(*checked(preds[i], "prediction", lookup, None))
    for doc_id, (pred, ppos, deferred) in pending_pred.items():
        if deferred:
            error(ppos, 1, [f.format() for f in deferred])
        else:
            out.unscored.append(doc_id)
    for doc_id, (gold, text) in pending_gold.items():
        totals.missing_predictions.append(doc_id)
        score(gold, text, None)
    return out


def score_files(
    gold_paths: list[Path],
    pred_paths: list[Path],
    *,
    docs: Path | None = None,
    options: Options | None = None,
    bootstrap: int = 0,
    seed: int = 0,
    progress: Callable[[int, int | None], None] | None = None,
    max_errors: int = 1000,
    shard: tuple[int, int] | None = None,
    jobs: int = 1,
) -> ScoreReport:
    """Score every gold document against its prediction record. Raises ScoreInputError.

    ``shard`` (index, count) scores only the documents of that shard (:mod:`.shard`);
    ``jobs`` > 1 scores in that many processes (:mod:`.parallel`), with the same result."""
    options = options or Options()
    started, date = time.perf_counter(), now_utc()
    gold_files, pred_files = expand_paths(gold_paths), expand_paths(pred_paths)
    if sum(map(is_stdin, gold_files + pred_files)) > 1:
        raise UnreadableInput(["annotator score: standard input (-) can be read only once"])
    if jobs > 1 and not all(p.is_file() for p in gold_files + pred_files):
        jobs = 1  # a pipe or standard input can be read only once, by one process
    shards = (shard,) if shard else ()
    registry, labels = load_registry(docs)
    registry_file = registry_path(docs) if registry else None
    hashed = [*gold_files, *pred_files, *([registry_file] if registry_file else [])]
    hashes: list[Future[list[dict[str, Any] | None]]] = []
    read_hashes: dict[str, dict[str, Any]] = {}  # small files, hashed from the bytes scored (--jobs 1)

    def start_hashing(by_reader: int = 0) -> None:
        # after the workers are forked: with a thread alive, --jobs would need the slower fork server
        hashes.append(hash_in_background(hashed, by_reader))
        if bootstrap and jobs > 1:  # numpy (0.06-0.15 s) loaded while the workers score, not after them
            from annotator.score.stats import numpy_module

            numpy_module()

    if jobs > 1:
        from annotator.score.parallel import score_in_processes

        data, gold_records = score_in_processes(gold_files, pred_files, docs, options, shards, jobs, max_errors,
                                                loaded=(registry, labels), forked=start_hashing, progress=progress)
    else:
        start_hashing(len(gold_files) + len(pred_files))
        select = selector(shards) if shards else None
        total = count_lines(gold_files) if progress else None
        counted = (lambda done: progress(done, total)) if progress else None
        scored = score_stream(gold_files, pred_files, registry, labels, options, select=select, progress=counted,
                              max_errors=max_errors, hashes=read_hashes)
        if scored.errors_total:
            raise ScoreInputError(scored.error_lines())
        data, gold_records = build_report(scored, {}), scored.gold_records
    if not gold_records and not shard:  # a shard may hold no document
        raise ScoreInputError([f"{', '.join(map(str, gold_paths))}: no gold records to score"])
    if not hashes:  # defensive: the process pool returned without starting a worker
        start_hashing()
    files = completed(hashed, hashes[0].result(), read_hashes)
    inputs = {"gold": files[: len(gold_files)], "pred": files[len(gold_files) : len(gold_files) + len(pred_files)],
              "documents": files[-1] if registry_file else None, "baseline": None}
    data["provenance"] = options_provenance(options, inputs, bootstrap, seed)
    if shard:
        data["shard"] = {"index": shard[0] + 1, "count": shard[1]}
    if bootstrap:
        from annotator.score.stats import bootstrap_intervals

        data["bootstrap"] = bootstrap_intervals(data["per_document"], bootstrap, seed)
    data["gates"] = []
    data["run"] = run_section(date, time.perf_counter() - started)
    return ScoreReport(data)


def build_report(scored: Scored, provenance: dict[str, Any]) -> dict[str, Any]:
    """The report of one pass (see :mod:`annotator.score.report_model`), per-document vectors
    kept compact. Documents are listed in the order of their gold records
    (``document_positions`` keeps that order, so that reports of shards merge exactly)."""
    totals, positions = scored.totals, scored.positions
    per_document = totals.per_document
    order = [positions[d] for d in per_document]
    if any(a > b for a, b in zip(order, order[1:])):  # predictions came out of order
        per_document = dict(sorted(per_document.items(), key=lambda item: positions[item[0]]))
        order.sort()
    missing = sorted(totals.missing_predictions, key=positions.__getitem__)
    return report_dict(provenance, totals.documents, missing, sorted(scored.unscored), totals.to_dict(),
                       totals.errors, totals.errors_total, per_document, order)


__all__ = ["DocLookup", "ScoreInputError", "ScoreReport", "Scored", "UnreadableInput", "build_report", "expand_paths", "load_registry", "options_provenance",
           "report_dict", "score_files", "score_stream"]
