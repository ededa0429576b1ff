"""``annotator score --jobs N``: N processes (this one and N - 1 workers), each scoring one shard of the documents
(:mod:`annotator.score.shard`), their partial reports merged exactly
(:mod:`annotator.score.merge`). The result is the one of ``--jobs 1``: the same report, the
same input errors in the same order, the same bootstrap for the same seed (it is computed
once, from the merged per-document vectors, by the caller).

Each process parses and validates only its own lines. When GOLD and PRED are one file each
and list documents in the same order, a process takes contiguous line ranges of both
(:mod:`annotator.score.split`: the parent finds the cuts with a few byte searches, and a
line is kept by counting, for free); the result is used only when no document turned up in
two ranges and every record was valid. Otherwise (and with ``--shard``) every process keeps
the lines of its shard by a hash of ``doc_id`` (a regular-expression search per line), which
gives the single pass's result whatever the order, and is the one run that lists input
errors. Processes are forked where the platform allows it and no other thread
runs (no re-import: the command's usual case); otherwise they come from a fork server that
has imported the scorer once (a fork with other threads alive may deadlock), or are spawned.
"""

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.score.aggregate import FirstByKey
from annotator.score.document import Options
from annotator.score.engine import MAX_INPUT_ERRORS, ScoreInputError, build_report, load_registry, options_provenance, score_stream
from annotator.score.merge import merge_reports
from annotator.score.shard import Shards, selector
from annotator.score.split import LineRange, line_ranges, tiled

#: One process per this many bytes of input at most (starting one and merging its report
#: costs about as much as scoring a megabyte).
BYTES_PER_JOB = 2_000_000


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_jobs(paths: list[Path]) -> int:
    """The number of cores, but at most one process per ``BYTES_PER_JOB`` of input, and one
    when an input is not a regular file or a directory of them (a pipe can be read only once)."""
    files = [f for p in paths for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
    if not files or not all(f.is_file() for f in files):
        return 1
    size = sum(f.stat().st_size for f in files)
    return max(1, min(available_cores(), size // BYTES_PER_JOB))


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


#: (--docs path, registry, labels) as this process loaded them: forked workers inherit them
#: instead of reading the registry again (it can be as large as the gold)
_LOADED: tuple[Any, ...] | None = None


#: What one process scores: ("hash", shards), or ("lines", gold markers, prediction markers).
Selection = tuple[Any, ...]


def parent_share(jobs: int) -> list[float]:
    """Shares of the input per process, this one first. This process also hashes the inputs
    (in a thread) and merges the reports, about ``PARENT_EXTRA`` of the scoring's work, so it
    takes that much less: every process then ends at about the same time."""
    first = max(0.1, (1 + PARENT_EXTRA) / jobs - PARENT_EXTRA)
    return [first] + [(1 - first) / (jobs - 1)] * (jobs - 1)


#: What only this process does (SHA-256 of the inputs, about 0.9 ms/MB; finding the cuts;
#: starting the pool; merging and writing the report) as a fraction of the scoring's CPU
#: time: 0.29 s against 2.4 s on the 10,000 x 50 corpus, measured on the development machine
PARENT_EXTRA = 0.1


def _score_shard(gold: list[Path], pred: list[Path], docs: Path | None, options: Options, selection: Selection, max_errors: int) -> tuple:
    try:
        registry, labels = _LOADED[1:] if _LOADED is not None and _LOADED[0] == docs else load_registry(docs)
        if selection[0] == "hash":
            select, pred_select, lines = selector(selection[1]), None, None
        else:
            select, pred_select = lines = LineRange(*selection[1]), LineRange(*selection[2])
        scored = score_stream(gold, pred, registry, labels, options, select=select, pred_select=pred_select, max_errors=max_errors)
    except ScoreInputError as e:
        return ("unreadable", e.lines, 0)
    if scored.errors_total:
        return ("invalid", (scored.errors.keys, scored.errors.items, scored.errors_total), scored.gold_records)
    report = build_report(scored, options_provenance(options))
    if lines is not None:  # where the ranges started and stopped, for the parent's check
        report = {**report, "_lines": [(r.started, r.stopped) for r in lines]}
    return ("ok", report, scored.gold_records)


def score_in_processes(
    gold: list[Path], pred: list[Path], docs: Path | None, options: Options, shards: Shards, jobs: int, max_errors: int,
    *, loaded: tuple[Any, Any] | None = None, forked: Callable[[], None] | None = None,
) -> tuple[dict[str, Any], int]:
    """The report of ``shards`` of GOLD and PRED, scored in ``jobs`` processes, and the number
    of gold records read (the report's ``provenance`` and ``run`` are the caller's). Raises
    ScoreInputError. ``loaded``: (registry, labels) already loaded from ``docs``;
    ``forked`` is called once the workers have started (then other threads may start)."""
    global _LOADED
    _LOADED = (docs, *(loaded or load_registry(docs)))  # ScoreInputError: no worker started yet
    ranges = line_ranges(gold[0], pred[0], parent_share(jobs)) if not shards and len(gold) == len(pred) == 1 else None
    try:
        # jobs - 1 workers; this process scores the first part meanwhile (no fork, no copy back)
        with ProcessPoolExecutor(jobs - 1, mp_context=_context()) as pool:

            def run(selections: list[Selection]) -> list[tuple]:
                futures = [pool.submit(_score_shard, gold, pred, docs, options, s, max_errors) for s in selections[1:]]
                if forked and not started:
                    forked()  # the pool forks all its workers on the first submit
                    started.append(True)
                return [_score_shard(gold, pred, docs, options, selections[0], max_errors)] + [f.result() for f in futures]

            started: list[bool] = []
            results = run([("lines", g, p) for g, p in ranges]) if ranges else None
            if results is not None and not _partition(results):
                results = None  # the parts of the failed try are freed before the second run
            if results is None:
                results = run([("hash", (*shards, (k, jobs))) for k in range(jobs)])
    finally:
        _LOADED = None
    for status, value, _ in results:
        if status == "unreadable":
            raise ScoreInputError(value)
    invalid = [value for status, value, _ in results if status == "invalid"]
    if invalid:
        first, total = FirstByKey(MAX_INPUT_ERRORS), 0
        for keys, lines, count in invalid:
            total += count
            for key, line in zip(keys, lines):
                first.extend(key, [line])
        raise ScoreInputError(first.items + (["... (further errors not shown)"] if total > len(first.items) else []))
    data = merge_reports([value for _, value, _ in results], max_errors=max_errors)
    del data["run"]
    return data, sum(n for _, _, n in results)


def _partition(results: list[tuple]) -> bool:
    """Every part valid, the line ranges tile both files, and no document is in two parts
    (scored, missing its prediction, or a prediction without gold): then the parts merge
    into the single pass's report."""
    if any(status != "ok" for status, _, _ in results):
        return False
    ranges = [report.pop("_lines") for _, report, _ in results]
    if not tiled([g for g, _ in ranges]) or not tiled([p for _, p in ranges]):
        return False
    seen: set[str] = set()
    total = 0
    for _, report, _ in results:
        ids = [*report["per_document"], *report["documents"]["unscored_predictions"]]
        seen.update(ids)
        total += len(ids)
        if len(seen) != total:
            return False
    return True


__all__ = ["available_cores", "default_jobs", "parent_share", "score_in_processes"]
