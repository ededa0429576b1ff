"""Chunks of lines of a file, each taken by the first of N processes that reaches it: the
machinery ``score --jobs`` (:mod:`annotator.score.split`, :mod:`annotator.score.parallel`)
and ``validate --jobs`` (:mod:`annotator.validate.parallel`) share.

The parent picks where chunks start (:func:`chunk_cuts`: byte shares of the file that get
smaller towards its end, each moved to the start of a line: :func:`stream_offsets`). Several
files are cut as one stream, read one after the other (:class:`ByteFiles`), so that many
small files make as few chunks as one large file; a chunk that spans files is a piece of
each, all taken by one claim (:func:`file_pieces`, :func:`file_chunks`). A process
reads only the chunks it takes, from their offsets (:class:`Ranges`, read by
:func:`annotator.validate.lines.read_ranges`); a chunk goes to the first process that reaches
it (:class:`Claims`, a table shared by the processes), so a process that is slowed down
simply takes fewer chunks and every process ends within about one (last, small) chunk of the
others. A process does not know the number of the line that starts a chunk: lines are
numbered from their chunk's offset, in order, and turned into line numbers by whoever has
every chunk's count of lines (:func:`line_numbers`, or the merge of ``validate --jobs``).
"""

import multiprocessing
import os
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, chain
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


class ByteFiles:
    """:class:`ByteFile`'s ``find``, ``rfind`` (of a line end), ``line`` and ``len`` over
    several files read as one stream, one after the other: an offset is one into their
    concatenation, and a file's start is a line's start (whether or not the file before ends
    with a line end), so no line, and no match, spans two files. Files are opened one at a
    time (a directory may hold more files than a process may open)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.sizes = [p.stat().st_size for p in paths]
        self.starts = list(accumulate(self.sizes, initial=0))[:-1]
        self.size = sum(self.sizes)
        self._open: tuple[int, BinaryIO, ByteFile] | None = None

    def __enter__(self) -> "ByteFiles":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def __len__(self) -> int:
        return self.size

    def _file(self, index: int) -> ByteFile:
        if self._open is None or self._open[0] != index:
            self.close()
            f = self.paths[index].open("rb")
            self._open = (index, f, ByteFile(f))
        return self._open[2]

    def _index(self, at: int) -> int:
        """The file that holds the byte at ``at`` (< len): empty files hold none."""
        return bisect_right(self.starts, at) - 1

    def find(self, sub: bytes, start: int, end: int | None = None) -> int:
        end = self.size if end is None else min(end, self.size)
        if start >= end:
            return -1
        for index in range(self._index(start), len(self.paths)):
            lo = self.starts[index]
            if lo >= end:
                break
            hi = min(end, lo + self.sizes[index])
            if hi > start:
                found = self._file(index).find(sub, max(start, lo) - lo, hi - lo)
                if found >= 0:
                    return lo + found
        return -1

    def rfind(self, sub: bytes, start: int, end: int) -> int:
        """The last ``sub`` (a line end) in ``[start, end)``; the byte before a file's start
        counts as one."""
        end = min(end, self.size)
        if end <= start:
            return -1
        index = self._index(end - 1)
        lo = self.starts[index]
        found = self._file(index).rfind(sub, max(start, lo) - lo, end - lo)
        if found >= 0:
            return lo + found
        return lo - 1 if lo - 1 >= start else -1

    def line(self, start: int) -> tuple[bytes, int]:
        """The line starting at ``start`` (< len) and the offset of the next line (a file's
        last line ends at the file's end)."""
        index = self._index(start)
        lo = self.starts[index]
        line, after = self._file(index).line(start - lo)
        return line, lo + min(after, self.sizes[index])


#: the pieces of chunks in each file of several read as one stream: the offset where each
#: starts in its file and the chunk it belongs to (one claim takes every piece of a chunk)
Pieces = list[tuple[list[int], list[int]]]


def file_pieces(sizes: list[int], starts: list[int]) -> Pieces:
    """Chunks of files read as one stream (of files of ``sizes``; ``starts``: where each chunk
    starts in it, ascending, the first at 0) as pieces of each file: (the offset of each piece
    in the file, the chunk it belongs to). A chunk that spans files is a piece of each (one
    claim takes them all); an empty file has none."""
    out: Pieces = []
    at = 0
    for size in sizes:
        if not size:
            out.append(([], []))
            continue
        first, end = bisect_right(starts, at) - 1, bisect_left(starts, at + size)
        out.append(([0, *(s - at for s in starts[first + 1 : end])], list(range(first, end))))
        at += size
    return out


def chunk_cuts(jobs: int) -> list[float]:
    """Where chunks for ``jobs`` processes end, as fractions of a file (the last, 1, left out)."""
    cuts, done = [], 0.0
    while True:
        done += max((1 - done) * CHUNK_OF_REST, LAST_CHUNK) / jobs
        if done > 1 - LAST_CHUNK / jobs / 2:
            return cuts
        cuts.append(done)


def stream_offsets(stream: ByteFiles, cuts: list[float]) -> list[int]:
    """Where the chunks after the first of ``stream`` start: at each of ``cuts`` (fractions of
    it), the start of the first line after it, none twice. Fewer when it has fewer lines."""
    offsets: list[int] = []
    for fraction in cuts:
        target = max(int(len(stream) * fraction), offsets[-1] if offsets else 0)
        if target >= len(stream):
            break
        _, start = stream.line(target)  # (from the middle of a line: the rest of it)
        if start >= len(stream):
            break
        offsets.append(start)
    return offsets


def file_chunks(paths: list[Path], cuts: list[float]) -> Pieces:
    """Chunks of ``paths`` read as one stream (:class:`ByteFiles`), ending at ``cuts``, as
    pieces of each file (:func:`file_pieces`): many small files make few chunks, and a large
    one among them gets its share. When a file cannot be read, each file is one chunk (its
    reader reports the error as a single pass does)."""
    try:
        with ByteFiles(paths) as stream:
            return file_pieces(stream.sizes, [0, *stream_offsets(stream, cuts)])
    except (OSError, ValueError):
        return [([0], [i]) for i in range(len(paths))]


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


class Ranges:
    """The chunks of one file that ``claims`` gives this process, read straight from their
    byte offsets (:func:`annotator.validate.lines.read_ranges`): the lines of the chunks other
    processes take are never read. ``offsets``: where each chunk starts (the first at 0, each
    at the start of a line). The k-th is claimed as chunk ``ids[k]`` (default: k; pieces of
    chunks of several files read as one stream, one table: :func:`file_pieces`). A process
    does not know the number of the line that starts a chunk: the lines of chunk k are
    numbered ``offsets[k] + 1, + 2, ...`` (positions in order, never more than the next
    chunk's offset) and ``counts`` holds the number of lines of each chunk read; the caller
    turns positions into line numbers once every chunk is counted (:func:`line_numbers`)."""

    __slots__ = ("offsets", "claims", "ids", "counts")

    def __init__(self, offsets: list[int], claims: Callable[[int], bool], ids: Sequence[int] | None = None) -> None:
        self.offsets, self.claims = offsets, claims
        self.ids = ids if ids is not None else range(len(offsets))
        self.counts: dict[int, int] = {}

    def taken(self) -> Iterator[tuple[int, int, int | None]]:
        """(chunk, its offset, its size in bytes or None for the rest of the file) of each
        chunk this process takes, claimed when the reader reaches it."""
        offsets, ids = self.offsets, self.ids
        for k, start in enumerate(offsets):
            if self.claims(ids[k]):
                yield k, start, (offsets[k + 1] - start if k + 1 < len(offsets) else None)

    def first_taken(self) -> Iterator[tuple[int, int, int | None]] | None:
        """:meth:`taken` once it has claimed the first chunk this process takes, or None when
        it takes none (every chunk claimed by others): then the file need not be opened (a
        measured hot path: a directory of many small files, each a piece of a larger chunk)."""
        taken = self.taken()
        first = next(taken, None)
        return None if first is None else chain([first], taken)


def line_numbers(positions: list[int], offsets: list[int], counts: dict[int, int]) -> list[int]:
    """Positions of the lines of a file's chunks (ascending; see :class:`Ranges`) as the
    numbers of the lines in the whole file; ``counts``: the lines of every chunk."""
    out: list[int] = []
    before = lo = 0
    for k, start in enumerate(offsets):
        hi = bisect_right(positions, offsets[k + 1], lo) if k + 1 < len(offsets) else len(positions)
        shift = before - start
        out += [p + shift for p in positions[lo:hi]] if shift else positions[lo:hi]
        before += counts[k]
        lo = hi
    return out


__all__ = ["BYTES_PER_JOB", "ByteFile", "ByteFiles", "Claims", "Pieces", "Ranges", "available_cores", "chunk_cuts", "default_jobs",
           "file_chunks", "file_pieces", "line_numbers", "process_context", "stream_offsets"]
