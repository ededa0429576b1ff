"""``annotator validate --jobs N``: N processes (this one and N - 1 workers) each decode and
check only their share of the lines, with the output of ``--jobs 1``.

The files are cut into chunks of lines (:mod:`annotator.io.chunks`, the machinery of
``score --jobs``), read as one stream, so that many small files make few chunks: the parent
finds the byte offset where each chunk starts (a chunk that spans files is a piece of each,
and below, a chunk is a piece), and a process reads only the chunks it takes (a chunk goes
to the first process that reaches it), from their offsets. It does not know the number of
a chunk's first line: its lines are numbered from the chunk's offset
(:class:`~annotator.io.chunks.Ranges`), and it counts them. A process sends the result of each chunk as soon as it is done with it (:class:`Part`: its
findings in line order, at most ``max_errors`` of them: a finding left out has
``max_errors`` before it in the file, so a single pass would not show it either, and is
counted; the line and key of every record; its number of lines). This process takes the
chunks in the files' order as they come (between its own chunks, then until every process
is done): it numbers their lines (the lines of the chunks before are counted by then),
keeps the file's first CRLF finding only (each chunk reports its first), finds duplicate
records (a chunk's records against those of every earlier chunk and file, as a single pass
would meet them), puts each duplicate after its line's other findings, and feeds the
findings to the same per-file :class:`~annotator.validate.run.Sink` as a single pass. So the
same findings come out in the same order, with the same counts and limits, printed as the
chunks complete in order.

The registry (``--docs``) and the label set are loaded once, by the caller; forked workers
inherit them (other workers get them pickled when they start).
"""

import heapq
import queue
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from annotator.io.chunks import Claims, Pieces, Ranges, chunk_cuts, file_chunks, process_context
from annotator.model import LabelSet
from annotator.report.progress import count_lines
from annotator.validate.findings import Finding
from annotator.validate.lines import CRLF
from annotator.validate.run import (
    Checked, FirstSeen, Registry, Report, Sink, UnreadableFile, all_new, batches, check_lines, detect_kind, display_name, duplicate,
    open_input, record_key,
)

Key = tuple[str, str, str]
#: ("part", file, chunk, Part) | ("file", file): read to its end | ("end", message of an unreadable file or None)
Message = tuple[Any, ...]


@dataclass(slots=True)
class Part:
    """What one process found in one chunk: its first ``max_errors`` findings (0: all), in
    line order, the number of the others, the line and key of each record, the lines read,
    and the lines of the chunk (None when reading it failed). Lines are numbered from the
    chunk's offset (:class:`~annotator.io.chunks.Ranges`)."""

    findings: list[Finding] = field(default_factory=list)
    errors: int = 0  # findings left out
    warnings: int = 0
    lines: list[int] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    read: int = 0
    by: int = 0  # the task
    count: int | None = None
    #: CRLF findings kept: the chunk's first, not counted against the limit (the merge keeps the file's first)
    crlf: int = 0

    def add(self, findings: list[Finding], most: int) -> None:
        for finding in findings:
            if finding.message == CRLF and not self.crlf:
                self.findings.append(finding)
                self.crlf = 1
            elif most and len(self.findings) - self.crlf >= most:
                if finding.is_error:
                    self.errors += 1
                else:
                    self.warnings += 1
            else:
                self.findings.append(finding)


class _Chunked:
    """This process's results of one file, a :class:`Part` per chunk, each sent when the
    lines checked have passed it (lines come in order; the line numbered ``p`` is in the
    chunk k with ``offsets[k] < p <= offsets[k + 1]``)."""

    def __init__(self, send: Callable[[Message], None], file: int, select: Ranges, me: int) -> None:
        self.send, self.file, self.select, self.me = send, file, select, me
        self.chunk = -1
        self.part: Part | None = None

    def chunk_of(self, lineno: int) -> int:
        return bisect_left(self.select.offsets, lineno) - 1

    def at(self, lineno: int) -> Part:
        chunk = self.chunk_of(lineno)
        if chunk != self.chunk or self.part is None:
            self.close()
            self.chunk, self.part = chunk, Part(by=self.me)
        return self.part

    def close(self) -> None:
        if self.part is not None:
            self.part.count = self.select.counts.get(self.chunk)  # (read to its end by now, unless reading failed)
            self.send(("part", self.file, self.chunk, self.part))
            self.part = None


#: The chunks' owners (one table for every file) and (docs, labels), as a worker received them.
_SHARED: tuple[Any, ...] | None = None


def _share(*shared: Any) -> None:
    """A worker's start (inherited through a fork, pickled to a spawned process): the table,
    docs, labels and the queue of its messages. The worker does not wait at its exit for its
    messages to be read: when this process stops reading (an error, Ctrl-C here) the pool's
    shutdown would otherwise wait for ever; when all goes well they have been read by then."""
    global _SHARED
    _SHARED = shared
    shared[3].cancel_join_thread()


def _work(files: list[tuple[Path, str]], pieces: Pieces, engine: str, max_errors: int, me: int) -> None:
    """A worker: its chunks' results, through the queue."""
    assert _SHARED is not None
    _validate_part(files, pieces, engine, max_errors, _SHARED[3].put, me)


def _validate_part(files: list[tuple[Path, str]], pieces: Pieces, engine: str, max_errors: int,
                   send: Callable[[Message], None], me: int) -> None:
    """The chunks of ``files`` (path, kind) taken by ``me`` (a task's id: a pool's worker may
    run two tasks, one after the other, and they must not share their claims), each sent when
    done, ("file", i) after each file read to its end, then ("end", the message of a file that
    could not be read, or None). ``pieces``: where each piece of each file starts and the
    chunk it belongs to (:func:`~annotator.io.chunks.file_chunks`)."""
    assert _SHARED is not None
    table, docs, labels = _SHARED[:3]
    claims = Claims(table, me)
    try:
        for index, ((path, kind), (starts, ids)) in enumerate(zip(files, pieces)):
            select = Ranges(starts, claims, ids=ids)
            out = _Chunked(send, index, select, me)
            name = display_name(path)
            try:
                with open_input(path, name, select) as mine:
                    for batch, records in batches(mine, kind, docs, labels, engine, None):
                        if records:
                            lo, hi = batch[0].lineno, batch[-1].lineno
                            if out.chunk_of(lo) == out.chunk_of(hi):  # (usually) one chunk: at once
                                part = out.at(lo)
                                part.read += len(records)
                                part.lines += [raw.lineno for raw in batch]
                                part.keys += [record_key(kind, r) for r in records]
                                continue
                        checked_lines = [Checked(raw.lineno, r) for raw, r in zip(batch, records)] if records else check_lines(batch, name, kind, docs, labels, engine=engine)
                        for checked in checked_lines:
                            part = out.at(checked.lineno)
                            part.read += 1
                            if checked.findings:
                                part.add(checked.findings, max_errors)
                            if checked.record is not None:
                                part.lines.append(checked.lineno)
                                part.keys.append(record_key(kind, checked.record))
            finally:
                out.close()
            send(("file", index))
    except UnreadableFile as e:
        send(("end", str(e)))
        return
    send(("end", None))


_LINE = attrgetter("line")


class _Merge:
    """The processes' chunks, given to one :class:`Sink` per file in the order of a single
    pass as soon as every chunk before them is in (``offsets``: where each chunk of each file
    starts)."""

    def __init__(self, files: list[tuple[Path, str]], offsets: list[list[int]], processes: int, max_errors: int,
                 on_finding: Callable[[Finding], None] | None, progress: Callable[[int, int | None], None] | None, total: int | None) -> None:
        self.files, self.offsets, self.processes, self.max_errors = files, offsets, processes, max_errors
        self.on_finding, self.progress, self.total = on_finding, progress, total
        self.report = Report()
        self.first_seen: FirstSeen = {}
        self.parts: dict[tuple[int, int], Part] = {}
        self.finished: Counter[int] = Counter()  # processes that read a file to its end
        self.ended: list[str | None] = []  # the "end" of each process
        self.file = self.chunk = self.done = 0
        self.sink: Sink | None = None  # of the file being merged; its errors before it, its records so far
        self.errors_before = self.records = 0
        self.before = 0  # lines of the file's chunks merged so far
        self.crlf = False  # the file's first CRLF line end reported
        self.stopped = False  # a chunk whose reading failed merged: nothing after it (a single pass stops there)

    def receive(self, message: Message) -> None:
        if message[0] == "part":
            self.parts[message[1], message[2]] = message[3]
        elif message[0] == "file":
            self.finished[message[1]] += 1
        else:
            self.ended.append(message[1])
        self.advance()

    def advance(self, partial: bool = False) -> None:
        """Merge every chunk that is ready; with ``partial`` (every process has stopped), the
        chunks there are of the file none could read to its end, up to the first missing one
        or the one whose reading failed."""
        while self.file < len(self.files) and not self.stopped:
            name, kind = display_name(self.files[self.file][0]), self.files[self.file][1]
            if self.sink is None:
                self.sink = Sink(self.report, self.max_errors, self.on_finding)
                self.errors_before, self.records, self.before, self.crlf = self.report.errors, 0, 0, False
            part = self.parts.pop((self.file, self.chunk), None)
            complete = self.finished[self.file] == self.processes
            if part is not None:
                self.records += self._merge(name, kind, part)
                if part.count is None:
                    self.stopped = True
                    return
            elif not complete:
                self.stopped = partial
                return  # it may yet come
            if self.chunk + 1 < len(self.offsets[self.file]):
                self.chunk += 1
                continue
            if not complete:
                return
            self.sink.end(name, kind, self.records, self.errors_before)
            self.file, self.chunk, self.sink = self.file + 1, 0, None

    def _merge(self, name: str, kind: str, part: Part) -> int:
        """One chunk's lines numbered, duplicates found and findings given to the sink; its
        number of records."""
        assert self.sink is not None
        findings, lines = part.findings, part.lines
        shift = self.before - self.offsets[self.file][self.chunk]  # its lines are numbered from its offset
        self.before += part.count or 0
        if shift:
            findings = [replace(f, line=f.line + shift) for f in findings]  # type: ignore[operator]
            lines = [n + shift for n in lines]
        if part.crlf:
            if self.crlf:
                findings = [f for f in findings if f.message != CRLF]
            self.crlf = True
        duplicates: list[Finding] = []
        if not all_new(self.first_seen, name, part.keys, lines):
            for n, key in zip(lines, part.keys):
                repeated = duplicate(self.first_seen, name, n, kind, key)
                if repeated:
                    duplicates.append(repeated)
        # on a tie the earlier iterable comes first: a duplicate after its line's other findings
        for finding in heapq.merge(findings, duplicates, key=_LINE):
            self.sink(finding)
        self.sink.hidden(part.errors, part.warnings)
        if self.progress:
            self.done += part.read
            self.progress(self.done, self.total)
        return len(part.keys)


def validate_in_processes(
    paths: list[Path], jobs: int, docs: Registry | None, labels: LabelSet | None, kind: str | None, engine: str,
    max_errors: int, on_finding: Callable[[Finding], None] | None, progress: Callable[[int, int | None], None] | None,
) -> Report:
    """:func:`annotator.validate.run.validate_files` (its arguments) of regular files in
    ``jobs`` (>= 2) processes: the same report, and the same findings given to ``on_finding``
    in the same order (as the chunks complete in order). Raises :class:`UnreadableFile` after
    giving the findings of what was read before, as a single pass does."""
    files: list[tuple[Path, str]] = []
    unreadable: str | None = None
    for path in paths:
        try:
            files.append((path, kind or detect_kind(path)))
        except UnreadableFile as e:  # the files before it are reported first
            unreadable = str(e)
            break
    pieces = file_chunks([path for path, _ in files], chunk_cuts(jobs))
    merge = _Merge(files, [starts for starts, _ in pieces], jobs, max_errors, on_finding, progress, None)
    context = process_context(__name__)
    table = context.Array("i", max((k for _, ids in pieces for k in ids), default=0) + 1)  # a slot per chunk
    messages = context.Queue()
    global _SHARED
    _SHARED = (table, docs, labels, messages)
    try:
        with ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_share, initargs=_SHARED) as pool:
            futures = [pool.submit(_work, files, pieces, engine, max_errors, me) for me in range(2, jobs + 1)]
            if progress:  # the bar's total: while the workers check, not before they start
                merge.total = count_lines([p for p, _ in files])

            def take(message: Message) -> None:  # this process's own chunks, and those that came meanwhile
                merge.receive(message)
                _receive(messages, merge, futures, wait=False)

            _validate_part(files, pieces, engine, max_errors, take, 1)
            while len(merge.ended) < jobs:
                _receive(messages, merge, futures, wait=True)
    finally:
        _SHARED = None
    merge.advance(partial=True)
    failed = next((message for message in merge.ended if message is not None), None)
    if failed or unreadable:
        raise UnreadableFile(failed or unreadable)
    return merge.report


def _receive(messages: Any, merge: _Merge, futures: list[Future], wait: bool) -> None:
    """The workers' messages that are there (with ``wait``, at least one); a worker that
    failed raises its exception here."""
    while True:
        try:
            message = messages.get(timeout=0.1) if wait else messages.get_nowait()
        except queue.Empty:
            for future in futures:
                if future.done() and future.exception() is not None:
                    raise future.exception()  # type: ignore[misc]
            if wait:
                continue
            return
        merge.receive(message)
        wait = False


__all__ = ["validate_in_processes"]
