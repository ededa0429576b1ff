"""Chunks of lines of a file, each taken by the first of N processes that reaches it: the
machinery ``score --jobs`` (:mod:`annotator.score.split`, :mod:`annotator.score.parallel`)
and ``validate --jobs`` (:mod:`annotator.validate.parallel`) share.

The parent picks where chunks start (:func:`chunk_cuts`: byte shares of the file that get
smaller towards its end) and names each start by the bytes of its first line (a marker).
Every process is offered every line of the file in order (so line numbers and file-level
findings are those of a single pass) and keeps those of the chunks it takes
(:class:`Chunks`); a chunk goes to the first process that reaches it (:class:`Claims`, a
table shared by the processes), so a process that is slowed down simply takes fewer chunks
and every process ends within about one (last, small) chunk of the others.
"""

import multiprocessing
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

#: Chunks get smaller towards the end of the files (guided self-scheduling): each is this
#: fraction of what is left, per process, down to ``LAST_CHUNK`` of a process's share. The
#: processes end within about one last chunk of each other, and each chunk costs a few
#: lookups before the workers start (about 30 chunks with 2 processes).
CHUNK_OF_REST = 1 / 4
LAST_CHUNK = 1 / 64

#: One process per this many bytes of input at most (starting one and merging its result
#: costs about as much as scoring a megabyte).
BYTES_PER_JOB = 2_000_000

_BLOCK = 1 << 20
#: the first read of a search: lines are a few kB, most searches end in the first block
_FIRST_BLOCK = 1 << 15


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


def process_context(preload: str) -> Any:
    """How to start worker processes: forked where the platform allows it and no other thread
    runs (no re-import); otherwise from a fork server that has imported ``preload`` once (a
    fork with other threads alive may deadlock), or spawned."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([preload])
        return context
    return multiprocessing.get_context("spawn")


class ByteFile:
    """``find``, ``rfind`` (of a line end), ``len`` and slices of a file, by reads of at most
    a block: no ``mmap``, whose pages would count in the resident memory of the process (a
    search for a document that is not where it should be goes through a whole file)."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.size = os.fstat(f.fileno()).st_size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, span: slice) -> bytes:
        self.f.seek(span.start)
        return self.f.read(max(0, min(span.stop, self.size) - span.start))

    def find(self, sub: bytes, start: int, end: int | None = None) -> int:
        end = self.size if end is None else min(end, self.size)
        block = _FIRST_BLOCK
        while start < end:
            chunk = self[start : min(end, start + block + len(sub) - 1)]
            i = chunk.find(sub)
            if i >= 0:
                return start + i
            start += block
            block = min(2 * block, _BLOCK)
        return -1

    def rfind(self, sub: bytes, start: int, end: int) -> int:
        assert len(sub) == 1  # a line end: no match across blocks
        while end > start:
            lo = max(start, end - _FIRST_BLOCK)
            i = self[lo:end].rfind(sub)
            if i >= 0:
                return lo + i
            end = lo
        return -1

    def line(self, start: int) -> tuple[bytes, int]:
        """The line starting at ``start`` (without its end, as the reader gives it) and the
        offset of the next line."""
        end = self.find(b"\n", start)
        end = self.size if end < 0 else end
        line = self[start:end]
        return (line[:-1] if line.endswith(b"\r") else line), end + 1


def chunk_cuts(jobs: int) -> list[float]:
    """Where chunks for ``jobs`` processes end, as fractions of a file (the last, 1, left out)."""
    cuts, done = [], 0.0
    while True:
        done += max((1 - done) * CHUNK_OF_REST, LAST_CHUNK) / jobs
        if done > 1 - LAST_CHUNK / jobs / 2:
            return cuts
        cuts.append(done)


def line_markers(path: Path, cuts: list[float], usable: Callable[[bytes], bool]) -> list[bytes]:
    """The first lines of the chunks after the first of one file: at each of ``cuts``
    (fractions of the file), the first line after it that ``usable`` accepts (the reader
    offers it to the selector as these bytes), none twice. Fewer when the file has fewer
    lines, none when it cannot be read (its reader then reports that as a single pass does)."""
    markers: list[bytes] = []
    try:
        with path.open("rb") as f:
            file = ByteFile(f)
            start = 0
            for fraction in cuts:
                target = int(len(file) * fraction)
                if target < start:
                    continue  # the previous marker already passed it (long lines)
                nl = file.find(b"\n", target)
                start = len(file) if nl < 0 else nl + 1
                while start < len(file):
                    line, after = file.line(start)
                    if usable(line):
                        break
                    start = after
                if start >= len(file):
                    break
                markers.append(line)
                start = after
    except (OSError, ValueError):
        return []
    return markers


class Claims:
    """Which chunks this process takes. A chunk goes to the first process that reaches its
    first line: ``table`` (shared by the processes, one slot per chunk: 0 or the id of its
    owner) says whether another took it. The answer is kept, so that several selectors of
    one process (the scorer's gold and predictions) agree on every chunk. ``me``: an id
    other than 0 and unique to this part of the work (default: the process id; give one per
    task when a pool's worker may run two tasks of one run, one after the other)."""

    def __init__(self, table: Any, me: int | None = None) -> None:
        self.table = table  # a multiprocessing.Array of ints, with its lock
        self.me = me or os.getpid()
        self.owned: dict[int, bool] = {}

    def __call__(self, chunk: int) -> bool:
        mine = self.owned.get(chunk)
        if mine is None:
            with self.table.get_lock():
                owner = self.table[chunk]
                if owner == 0:
                    self.table[chunk] = owner = self.me
            mine = self.owned[chunk] = owner == self.me
        return mine

    def taken(self) -> list[int]:
        return sorted(c for c, mine in self.owned.items() if mine)


_END = object()  # no line equals it


class Chunks:
    """A line selector (see :func:`annotator.validate.iter_records`, offered every line of a
    file in order) keeping the lines of the chunks ``claims`` gives this process. Chunk 0
    starts at the first line, chunk k at the first line after the start of chunk k - 1 equal
    to ``markers[k - 1]``: every process sees the same chunks, so whatever the markers match,
    the processes' lines tile the file. ``starts`` are the numbers of the chunks' first lines.
    ``first`` is the number of the file's first chunk in ``claims`` (several files, one table)."""

    __slots__ = ("markers", "claims", "first", "n", "chunk", "next", "keep", "starts")

    def __init__(self, markers: list[bytes], claims: Callable[[int], bool], first: int = 0) -> None:
        self.markers, self.claims, self.first = markers, claims, first
        self.n = self.chunk = 0
        self.next: Any = markers[0] if markers else _END
        self.keep = claims(first)
        self.starts = [1]

    def __call__(self, data: bytes | None) -> bool:
        self.n += 1
        if data == self.next:
            self.chunk += 1
            self.starts.append(self.n)
            self.next = self.markers[self.chunk] if self.chunk < len(self.markers) else _END
            self.keep = self.claims(self.first + self.chunk)
        return self.keep


__all__ = ["BYTES_PER_JOB", "ByteFile", "Chunks", "Claims", "available_cores", "chunk_cuts", "default_jobs", "line_markers", "process_context"]
