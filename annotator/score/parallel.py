"""``annotator score --jobs N``: N processes (this one and N - 1 workers), each scoring one shard of the documents
(:mod:`annotator.score.shard`), their partial reports merged exactly
(:mod:`annotator.score.merge`). The result is the one of ``--jobs 1``: the same report, the
same input errors in the same order, the same bootstrap for the same seed (it is computed
once, from the merged per-document vectors, by the caller).

Each process parses and validates only its own lines. When GOLD and PRED list documents in
the same order (each side one file or several, read one after the other), they are cut into
chunks of lines that hold the same documents (:mod:`annotator.score.split`: the parent finds
the cuts with a few byte searches; a chunk that spans files is a piece of each) and each
chunk goes to the first process that reaches it, so that the processes end together however
busy each one is; a process reads only the chunks it takes, from their byte offsets
(positions of documents are the file's base plus the piece's offset plus the line's number
in the piece, in the order of the files; the parent turns them into line numbers, each
process counting the lines of its pieces). The result is used only when no document turned
up in two processes and every record was valid (so no message that names a line comes from
it).
Otherwise (and with ``--shard``) every process keeps the lines of its shard by a hash of
``doc_id`` (a regular-expression search per line), which gives the single pass's result
whatever the order, and is the one run that lists input errors. Processes are forked where
the platform allows it and no other thread runs (no re-import: the command's usual case);
otherwise they come from a fork server that has imported the scorer once (a fork with other
threads alive may deadlock), or are spawned.
"""

from bisect import bisect_left
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.io.chunks import Claims, Pieces, Ranges, chunk_cuts, line_numbers, process_context
from annotator.io.gcpause import paused_gc
from annotator.report.progress import count_lines
from annotator.score.document import Options
from annotator.score.engine import MAX_INPUT_ERRORS, ScoreInputError, build_report, load_registry, options_provenance, score_stream
from annotator.score.inputs import input_error
from annotator.score.merge import first_by_key, merge_reports
from annotator.score.shard import Shards, selector
from annotator.score.positions import file_base
from annotator.score.split import Chunks, chunk_pieces


def _context() -> Any:
    return process_context(__name__)


#: (--docs path, registry, labels) as this process loaded them: forked workers inherit them
#: instead of reading the registry again (it can be as large as the gold)
_LOADED: tuple[Any, ...] | None = None


#: What one process scores: ("hash", shards), or ("chunks", gold pieces, prediction pieces)
#: (:data:`annotator.score.split.Chunks`: the chunks' pieces of each file).
Selection = tuple[Any, ...]


#: The chunks' owners (see :class:`annotator.io.chunks.Claims`), shared by the processes of one run
_TABLE: Any = None
#: Documents scored so far by all the processes of a run (for the progress bar), or None
_SCORED: Any = None


def _share(table: Any, scored: Any) -> None:
    """A worker's start: the table of the chunks' owners and the count of documents scored
    (inherited through a fork, pickled to a spawned process)."""
    global _TABLE, _SCORED
    _TABLE, _SCORED = table, scored


class _Counted:
    """A part's progress: what it scored added to the run's shared count; in this process,
    the bar shows that count."""

    def __init__(self, bar: Callable[[int, int | None], None] | None, total: int | None) -> None:
        self.bar, self.total, self.mine = bar, total, 0

    def __call__(self, documents: int) -> None:
        with _SCORED.get_lock():
            _SCORED.value += documents - self.mine
            everyone = _SCORED.value
        self.mine = documents
        if self.bar is not None:
            self.bar(everyone, self.total)


def _score_shard(gold: list[Path], pred: list[Path], docs: Path | None, options: Options, selection: Selection, max_errors: int,
                 me: int, bar: Any = None, total: int | None = None) -> tuple:
    """One part (``me``: its id among the run's parts, for the chunks it claims: a pool's
    worker may run two parts, one after the other); ``bar``: this process's progress bar."""
    try:
        registry, labels = _LOADED[1:] if _LOADED is not None and _LOADED[0] == docs else load_registry(docs)
        if selection[0] == "hash":
            select, pred_select, claims = selector(selection[1]), None, None
        else:
            claims = Claims(_TABLE, me)
            select, pred_select = ([Ranges(starts, claims, ids=ids) for starts, ids in side] for side in selection[1:])
        progress = _Counted(bar, total) if _SCORED is not None else None
        scored = score_stream(gold, pred, registry, labels, options, select=select, pred_select=pred_select, max_errors=max_errors,
                              progress=progress)
    except ScoreInputError as e:
        return ("unreadable", (e.lines, e.exit_code), 0)
    if scored.errors_total:
        return ("invalid", (scored.errors.keys, scored.errors.items, scored.errors_total), scored.gold_records)
    report = build_report(scored, options_provenance(options))
    if claims is not None:  # the chunks taken and their gold lines, for the parent's check and line numbers
        report = {**report, "_chunks": (claims.taken(), [ranges.counts for ranges in select])}
    return ("ok", report, scored.gold_records)


def score_in_processes(
    gold: list[Path], pred: list[Path], docs: Path | None, options: Options, shards: Shards, jobs: int, max_errors: int,
    *, loaded: tuple[Any, Any] | None = None, forked: Callable[[], None] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[dict[str, Any], int]:
    """The report of ``shards`` of GOLD and PRED, scored in ``jobs`` processes, and the number
    of gold records read (the report's ``provenance`` and ``run`` are the caller's). Raises
    ScoreInputError. ``loaded``: (registry, labels) already loaded from ``docs``;
    ``forked`` is called once the workers have started (then other threads may start);
    ``progress(documents scored by all processes, gold lines)`` is called by this process."""
    with paused_gc():  # no cycles made; collections cost 10-40 ms here (a full one while a worker's report is unpickled)
        return _score_in_processes(gold, pred, docs, options, shards, jobs, max_errors, loaded, forked, progress)


def _score_in_processes(
    gold: list[Path], pred: list[Path], docs: Path | None, options: Options, shards: Shards, jobs: int, max_errors: int,
    loaded: tuple[Any, Any] | None, forked: Callable[[], None] | None, progress: Callable[[int, int | None], None] | None,
) -> tuple[dict[str, Any], int]:
    global _LOADED, _TABLE, _SCORED
    _LOADED = (docs, *(loaded or load_registry(docs)))  # ScoreInputError: no worker started yet
    cut: Chunks | None = chunk_pieces(gold, pred, chunk_cuts(jobs)) if not shards else None
    context = _context()
    _TABLE = context.Array("i", cut[2]) if cut else None
    _SCORED = context.Value("q", 0) if progress else None
    total: int | None = None
    try:
        # jobs - 1 workers; this process scores its part meanwhile (no fork, no copy back)
        with ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_share, initargs=(_TABLE, _SCORED)) as pool:

            def run(selections: list[Selection]) -> list[tuple]:
                nonlocal total
                if _SCORED is not None:
                    _SCORED.value = 0  # (a second run, by hash, starts the count again)
                futures = [pool.submit(_score_shard, gold, pred, docs, options, s, max_errors, me) for me, s in enumerate(selections[1:], 2)]
                if forked and not started:
                    forked()  # the pool forks all its workers on the first submit
                    started.append(True)
                if progress and total is None:  # (the bar's total: while the workers score, not before they start)
                    total = count_lines(gold)
                mine = _score_shard(gold, pred, docs, options, selections[0], max_errors, 1, progress, total)
                results = [mine] + [f.result() for f in futures]
                if progress:
                    progress(_SCORED.value, total)  # every part's last documents
                return results

            started: list[bool] = []
            results = run([("chunks", cut[0], cut[1])] * jobs) if cut else None
            counts = _partition(results, cut[2], cut[0]) if cut and results is not None else None
            if counts is None:
                results = None  # the parts of the failed try are freed before the second run
            if results is None:
                results = run([("hash", (*shards, (k, jobs))) for k in range(jobs)])
    finally:
        _LOADED = _TABLE = _SCORED = None
    for status, value, _ in results:
        if status == "unreadable":
            raise input_error(*value)
    invalid = [value for status, value, _ in results if status == "invalid"]
    if invalid:
        first = first_by_key((pair for keys, lines, _ in invalid for pair in zip(keys, lines)), MAX_INPUT_ERRORS)
        more = sum(count for _, _, count in invalid) > len(first)
        raise ScoreInputError(first + (["... (further errors not shown)"] if more else []))
    data = merge_reports([value for _, value, _ in results], max_errors=max_errors)
    del data["run"]
    if counts is not None:
        data["document_positions"] = _line_numbers(data["document_positions"], cut[0], counts)  # type: ignore[index]
    return data, sum(n for _, _, n in results)


def _partition(results: list[tuple], chunks: int, pieces: Pieces) -> list[dict[int, int]] | None:
    """The number of lines of each piece of each gold file (``pieces``) when every part is
    valid, the processes took each chunk once, and no document is in two parts (scored,
    missing its prediction, or a prediction without gold): then the parts merge into the
    single pass's report; else None."""
    if any(status != "ok" for status, _, _ in results):
        return None
    parts = [report.pop("_chunks") for _, report, _ in results]
    if sorted(c for mine, _ in parts for c in mine) != list(range(chunks)):
        return None
    counts = [{k: n for _, lines in parts for k, n in lines[i].items()} for i in range(len(pieces))]
    if any(len(counted) != len(starts) for counted, (starts, _) in zip(counts, pieces)):
        return None
    seen: set[str] = set()
    total = 0
    for _, report, _ in results:
        ids = [*report["per_document"], *report["documents"]["unscored_predictions"]]
        seen.update(ids)
        total += len(ids)
        if len(seen) != total:
            return None
    return counts


def _line_numbers(positions: list[int], pieces: Pieces, counts: list[dict[int, int]]) -> list[int]:
    """Positions of gold lines in a chunked run (ascending: each file's lines numbered from
    their piece's offset) as the positions of one pass (:func:`annotator.io.chunks.line_numbers`
    for each file)."""
    if len(pieces) == 1:  # the whole position is the line, of any size
        return line_numbers(positions, pieces[0][0], counts[0])
    out: list[int] = []
    lo = 0
    for index, ((starts, _), counted) in enumerate(zip(pieces, counts)):
        base = file_base(index)
        hi = bisect_left(positions, file_base(index + 1), lo)
        if hi > lo:
            out += [base + n for n in line_numbers([p - base for p in positions[lo:hi]], starts, counted)]
        lo = hi
    return out


__all__ = ["score_in_processes"]
