"""Reading GOLD and PRED (files or directories of JSONL), streaming document by document,
and scoring them into a report.

Both inputs are validated line by line exactly as ``annotator validate`` does
(:func:`annotator.validate.iter_records`); every error is collected and the run fails
with all of them (exit 2). The two inputs are read in lockstep and a document is scored
as soon as both of its records have been seen, so when the files list documents in the
same order memory stays flat however long they are.
"""

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from annotator.io.corpus import DOCUMENTS, CorpusError, find_corpus_dir, load_documents, load_labels
from annotator.model import Document, LabelSet
from annotator.score.aggregate import Totals
from annotator.score.document import Options, score_document
from annotator.report.progress import count_lines
from annotator.score.provenance import hash_in_background, now_utc, provenance, run_section
from annotator.score.report_model import REPORT_FORMAT, REPORT_VERSION
from annotator.validate import Finding, iter_records
from annotator.validate.run import UnreadableFile, is_stdin
from annotator.validate.semantic import check_record

MAX_INPUT_ERRORS = 200


class ScoreInputError(Exception):
    """Invalid or unreadable input: ``lines`` are one ``FILE:LINE: message`` each (exit 2)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while records stream through.

    Parsing and scoring allocate many short-lived objects and no reference cycles, so the
    collector's repeated passes over the (growing) heap are pure overhead; reference counting
    still frees everything as it goes. The previous state is restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given (``-``: standard input; pipes and devices are read once); a directory
    stands for its ``*.jsonl`` files, sorted by name."""
    files: list[Path] = []
    for path in paths:
        if is_stdin(path) or (path.exists() and not path.is_dir() and not path.is_file()):
            files.append(path)
        elif path.is_dir():
            found = sorted(p for p in path.glob("*.jsonl") if p.is_file())
            if not found:
                raise ScoreInputError([f"{path}: no .jsonl files in this directory"])
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ScoreInputError([f"{path}: no such file or directory"])
    return files


class EmbeddedText(NamedTuple):
    """A document text embedded in a gold record (what the checks read of a Document)."""

    doc_id: str
    text: str
    text_sha256: str


class DocLookup:
    """Document texts: the registry, then texts embedded in gold records seen so far."""

    def __init__(self, registry: dict[str, Document]) -> None:
        self.registry = registry
        self.embedded: dict[str, EmbeddedText] = {}

    def __bool__(self) -> bool:
        return True

    def get(self, doc_id: str, default: Any = None) -> Document | EmbeddedText | None:
        doc = self.registry.get(doc_id)
        if doc is None:
            doc = self.embedded.get(doc_id, default)
        return doc


def _is_unknown_doc(f: Finding) -> bool:
    return f.path == "doc_id" and f.message.startswith("unknown document")


def _records(paths: list[Path], kind: str, docs: DocLookup, labels: LabelSet | None) -> Iterator[tuple[int, Any, list[Finding]]]:
    """(position, record or None, error findings) per line; position = file index << 32 | line."""
    for index, path in enumerate(paths):
        try:
            for checked in iter_records(path, kind, docs, labels, warnings=False):  # type: ignore[arg-type]
                errors = [f for f in checked.findings if f.is_error] if checked.findings else checked.findings
                yield index << 32 | checked.lineno, checked.record, errors
        except UnreadableFile as e:
            raise ScoreInputError([str(e)]) from None


@dataclass
class ScoreReport:
    """The JSON form of a report (what ``--report json`` writes and ``--baseline`` reads)."""

    data: dict[str, Any] = field(default_factory=dict)


def registry_path(docs_path: Path | None) -> Path | None:
    """The document registry a run reads: ``--docs``, else the corpus's ``documents.jsonl``."""
    if docs_path is not None:
        return docs_path
    path = find_corpus_dir() / DOCUMENTS
    return path if path.is_file() else None


def load_registry(docs_path: Path | None) -> tuple[dict[str, Document], LabelSet]:
    try:
        if docs_path is not None:
            return load_documents(docs_path), load_labels(docs_path.parent)
        corpus = find_corpus_dir()
        registry = load_documents(corpus / DOCUMENTS) if (corpus / DOCUMENTS).is_file() else {}
        return registry, load_labels(corpus)
    except CorpusError as e:
        raise ScoreInputError([str(e)]) from None


def score_files(
    gold_paths: list[Path],
    pred_paths: list[Path],
    *,
    docs: Path | None = None,
    options: Options | None = None,
    bootstrap: int = 0,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    max_errors: int = 1000,
) -> ScoreReport:
    """Score every gold document against its prediction record. Raises ScoreInputError."""
    options = options or Options()
    gold_files, pred_files = expand_paths(gold_paths), expand_paths(pred_paths)
    if sum(map(is_stdin, gold_files + pred_files)) > 1:
        raise ScoreInputError(["annotator score: standard input (-) can be read only once"])
    registry, labels = load_registry(docs)
    lookup = DocLookup(registry)
    totals = Totals(max_errors=max_errors)
    errors: list[str] = []
    pending_gold: dict[str, tuple[Any, str]] = {}
    pending_pred: dict[str, tuple[Any, int, list[Finding]]] = {}
    seen_gold: dict[str, int] = {}  # doc_id -> position (ints: small, memory stays flat)
    seen_pred: dict[str, int] = {}
    unscored: list[str] = []
    total_docs = count_lines(gold_files) if progress else 0
    started, date = time.perf_counter(), now_utc()
    registry_file = registry_path(docs) if registry else None
    hashes = hash_in_background([*gold_files, *pred_files, *([registry_file] if registry_file else [])])

    def error(line: str) -> None:
        if len(errors) < MAX_INPUT_ERRORS:
            errors.append(line)
        elif len(errors) == MAX_INPUT_ERRORS:
            errors.append("... (further errors not shown)")

    def gold_at(pos: int) -> str:
        return f"{gold_files[pos >> 32]}:{pos & 0xFFFFFFFF}"

    def pred_at(pos: int) -> str:
        return f"{pred_files[pos >> 32]}:{pos & 0xFFFFFFFF}"

    def first_record(what: str, seen: dict[str, int], at: Callable[[int], str], pos: int, doc_id: str) -> bool:
        """Remember the first record of a document; a second one is an error."""
        if doc_id in seen:
            error(f"{at(pos)}: doc_id: duplicate {what} record for document {doc_id!r} (first at {at(seen[doc_id])})")
            return False
        seen[doc_id] = pos
        return True

    def score(gold: dict[str, Any], text: str, pred: dict[str, Any] | None) -> None:
        lookup.embedded.pop(gold["doc_id"], None)  # its prediction has come: the text is no longer needed
        if errors:
            return  # the run fails anyway; keep reading only to report every error
        totals.add(score_document(gold, pred, text, options))
        if progress:
            progress(totals.documents, total_docs)

    def on_gold(pos: int, rec: dict[str, Any] | None, findings: list[Finding]) -> None:
        for f in findings:
            error(f.format())
        if rec is None or findings:
            return
        doc_id = rec["doc_id"]
        if not first_record("gold", seen_gold, gold_at, pos, doc_id):
            return
        text = rec["text"]
        if text is not None:
            if doc_id not in registry:
                lookup.embedded[doc_id] = EmbeddedText(doc_id, text, rec["text_sha256"])
        else:
            text = registry[doc_id].text  # validation guarantees the document is known
        waiting = pending_pred.pop(doc_id, None)
        if waiting is None:
            pending_gold[doc_id] = (rec, text)
            return
        pred, ppos, deferred = waiting
        if deferred and not _recheck(pred, pred_at(ppos), lookup, error):
            return
        score(rec, text, pred)

    def on_pred(pos: int, rec: dict[str, Any] | None, findings: list[Finding]) -> None:
        unknown = [f for f in findings if _is_unknown_doc(f)]
        for f in findings:
            if not _is_unknown_doc(f):
                error(f.format())
        if rec is None or len(unknown) != len(findings):
            return
        doc_id = rec["doc_id"]
        if not first_record("prediction", seen_pred, pred_at, pos, doc_id):
            return
        waiting = pending_gold.pop(doc_id, None)
        if waiting is None:
            pending_pred[doc_id] = (rec, pos, unknown)
            return
        if unknown and not _recheck(rec, pred_at(pos), lookup, error):
            return
        score(waiting[0], waiting[1], rec)

    gold_it = _records(gold_files, "annotation", lookup, labels)
    pred_it = _records(pred_files, "prediction", lookup, None)
    with paused_gc():
        # in lockstep: one gold line is handled (its text registered) before the next
        # prediction line is read, so a prediction is checked as soon as its gold has come
        gold_open = pred_open = True
        while gold_open or pred_open:
            if gold_open:
                gold_open = _handle_next(gold_it, on_gold)
            if pred_open:
                pred_open = _handle_next(pred_it, on_pred)
    for doc_id, (pred, _, deferred) in pending_pred.items():
        if deferred:
            for f in deferred:
                error(f.format())
        else:
            unscored.append(doc_id)
    for doc_id, (gold, text) in pending_gold.items():
        totals.missing_predictions.append(doc_id)
        score(gold, text, None)
    if errors:
        raise ScoreInputError(errors)
    if not seen_gold:
        raise ScoreInputError([f"{', '.join(map(str, gold_paths))}: no gold records to score"])
    files = hashes.result()
    inputs = {"gold": files[: len(gold_files)], "pred": files[len(gold_files) : len(gold_files) + len(pred_files)],
              "documents": files[-1] if registry_file else None, "baseline": None}
    settings = {"min_iou": options.min_iou, "rel_tol": options.rel_tol, "bootstrap": bootstrap, "seed": seed}
    data = build_report(totals, provenance(inputs, settings), unscored)
    if bootstrap:
        from annotator.score.stats import bootstrap_intervals

        data["bootstrap"] = bootstrap_intervals(data["per_document"], bootstrap, seed)
    data["gates"] = []
    data["run"] = run_section(date, time.perf_counter() - started)
    return ScoreReport(data)


def _handle_next(records: Iterator[tuple[int, Any, list[Finding]]], handle: Callable[..., None]) -> bool:
    """Handle the next line of one input; False once it has ended."""
    item = next(records, None)
    if item is None:
        return False
    handle(*item)
    return True


def _recheck(pred: dict[str, Any], where: str, lookup: DocLookup, error: Callable[[str], None]) -> bool:
    """Validate a prediction again now that its document's text is known (from the gold record)."""
    doc = lookup.get(pred["doc_id"])
    file, _, line = where.rpartition(":")
    if doc is None:
        error(f"{where}: doc_id: unknown document {pred['doc_id']!r}: not in the document registry and no embedded text")
        return False
    ok = True
    for path, msg, warn in check_record(pred, doc, None, warnings=False):  # type: ignore[arg-type]
        if not warn:
            error(Finding(file, int(line), msg, path).format())
            ok = False
    return ok


def build_report(totals: Totals, provenance: dict[str, Any], unscored: list[str]) -> dict[str, Any]:
    """The report (see :mod:`annotator.score.report_model`) with per-document vectors kept compact."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "provenance": provenance,
        "documents": {
            "scored": totals.documents,
            "missing_predictions": totals.missing_predictions,
            "unscored_predictions": unscored,
        },
        "layers": totals.to_dict(),
        "errors": totals.errors,
        "errors_total": totals.errors_total,
        "per_document": totals.per_document,
    }


__all__ = ["ScoreInputError", "ScoreReport", "build_report", "expand_paths", "score_files"]
