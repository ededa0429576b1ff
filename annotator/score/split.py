"""Where to cut GOLD and PRED into chunks of lines that hold the same documents, so that
``--jobs N`` processes each parse only the chunks they take (:mod:`annotator.score.parallel`).

When both files list documents in the same order (the usual case: predictions written by
running an extractor over the gold's documents), the gold file is cut at byte shares that get
smaller towards its end (:func:`chunk_cuts`) and each prediction cut is the line of the
document that starts the gold chunk. The cuts
are only a guess that the two orders agree: a few documents of each chunk are looked up in
the other file first (a wrong guess found here costs nothing), and the caller checks the
result anyway (no document is in two processes, every record is valid) and otherwise scores
by a hash of ``doc_id`` (:mod:`annotator.score.shard`), which is always right.

A chunk is given by its first line (its bytes) and goes to the first process that reaches
it (:class:`Claims`): a process that is slowed down (the parent hashes the inputs and
merges; another program takes a core) simply takes fewer chunks, and every process ends
within about one (last, small) chunk of the others. Every process counts every line it is offered, so
positions of documents and errors are those of a single pass, and the parent never counts
lines.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from annotator.score.shard import DOC_ID_MEMBER, line_doc_id

#: gold lines looked at after a cut for one whose document has a prediction line
CUT_ATTEMPTS = 8
#: documents of each chunk looked up in the predictions before the cuts are trusted
SAMPLES = 2
#: Chunks get smaller towards the end of the files (guided self-scheduling): each is this
#: fraction of what is left, per process, down to ``LAST_CHUNK`` of a process's share. The
#: processes end within about one last chunk of each other, and each chunk costs a few
#: lookups before the workers start (about 30 chunks with 2 processes).
CHUNK_OF_REST = 1 / 4
LAST_CHUNK = 1 / 64

_BLOCK = 1 << 20
#: the first read of a search: lines are a few kB, most searches end in the first block
_FIRST_BLOCK = 1 << 15
#: how far before its expected place a prediction line is looked for first
_NEAR = 1 << 15


class _File:
    """``find``, ``rfind`` (of a line end), ``len`` and slices of a file, by reads of at most
    a block: no ``mmap``, whose pages would count in the resident memory of the process (a
    search for a document that is not where it should be goes through the predictions)."""

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


def _line(mm: _File, start: int) -> tuple[bytes, int]:
    """The line starting at ``start`` (without its end) and the offset of the next line."""
    end = mm.find(b"\n", start)
    end = len(mm) if end < 0 else end
    line = mm[start:end]
    return (line[:-1] if line.endswith(b"\r") else line), end + 1  # as the reader gives it


def _doc_key(line: bytes) -> tuple[str, bytes] | None:
    """The document of a line and its ``"doc_id": "..."`` member exactly as written (the
    bytes to look for in the other file), or None."""
    doc_id = line_doc_id(line)
    m = DOC_ID_MEMBER.search(line)
    if doc_id is None or m is None:
        return None
    return doc_id, m.group(0)


def _find(mm: _File, key: tuple[str, bytes], lo: int, hi: int, near: int | None = None) -> int | None:
    """The offset of the line in ``[lo, hi)`` whose document is ``key``'s, or None; looked
    for from a little before ``near`` first (where it should be), then from ``lo``.

    ``bytes.find`` (memchr speed) looks for the member as the gold line writes it; a match is
    checked to be the line's top-level ``doc_id`` (the same bytes may sit inside a text)."""
    if near is not None and near - _NEAR > lo:
        found = _find(mm, key, near - _NEAR, hi)
        return found if found is not None else _find(mm, key, lo, near - _NEAR + len(key[1]))
    doc_id, member = key
    at = lo
    for _ in range(4):
        at = mm.find(member, at, hi)
        if at < 0:
            return None
        start = mm.rfind(b"\n", 0, at) + 1
        line, _ = _line(mm, start)
        if line_doc_id(line) == doc_id:
            return start
        at += len(member)
    return None


#: the first line of each chunk but the first, as bytes: gold's and the predictions'
Markers = tuple[list[bytes], list[bytes]]


def chunk_cuts(jobs: int) -> list[float]:
    """Where chunks for ``jobs`` processes end, as fractions of the gold file (the last, 1, left out)."""
    cuts, done = [], 0.0
    while True:
        done += max((1 - done) * CHUNK_OF_REST, LAST_CHUNK) / jobs
        if done > 1 - LAST_CHUNK / jobs / 2:
            return cuts
        cuts.append(done)


def chunk_markers(gold: Path, pred: Path, cuts: list[float]) -> Markers | None:
    """The first lines of the chunks after the first of GOLD and of PRED (a chunk ending at
    each of ``cuts``, fractions of the gold file; fewer when the file has fewer lines), or None
    when the files do not seem to list documents in the same order or cannot be cut."""
    try:
        if gold.stat().st_size == 0 or pred.stat().st_size == 0:
            return None
        with gold.open("rb") as g, pred.open("rb") as p:
            gm, pm = _File(g), _File(p)
            offsets = _cuts(gm, pm, cuts)
            if not offsets:
                return None
            return [_line(gm, c)[0] for c, _ in offsets], [_line(pm, c)[0] for _, c in offsets]
    except (OSError, ValueError):  # unreadable: the hash-sharded run reports it as one pass does
        return None


def _cuts(gm: _File, pm: _File, fractions: list[float]) -> list[tuple[int, int]] | None:
    """(gold offset, prediction offset) of each cut between two chunks, checked by sampling."""
    cuts: list[tuple[int, int]] = []
    g_from = p_from = 0
    for fraction in fractions:
        target = int(len(gm) * fraction)
        if target < g_from:
            continue  # the previous cut already passed it (long lines)
        cut = _cut(gm, pm, target, g_from, p_from)
        if cut is None:
            return None
        if cut[0] == len(gm):
            break  # no gold line after it: the last chunk runs to the end
        if not _agree(gm, pm, (g_from, p_from), cut):
            return None
        cuts.append(cut)
        g_from, p_from = cut
    if not _agree(gm, pm, (g_from, p_from), (len(gm), len(pm))):
        return None
    return cuts


def _cut(gm: _File, pm: _File, target: int, g_from: int, p_from: int) -> tuple[int, int] | None:
    """The first gold line after ``target`` whose document has a prediction line after
    ``p_from`` (the previous cut: ``g_from`` in the gold); (len(GOLD), len(PRED)) when the gold file ends first; None when none has."""
    nl = gm.find(b"\n", target)
    start = len(gm) if nl < 0 else nl + 1
    for _ in range(CUT_ATTEMPTS):
        if start >= len(gm):
            return len(gm), len(pm)
        line, after = _line(gm, start)
        key = _doc_key(line)
        found = _find(pm, key, p_from, len(pm), _expect(gm, pm, start, g_from, p_from)) if key else None
        if found is not None and found > p_from:
            return start, found
        start = after
    return None


def _agree(gm: _File, pm: _File, lo: tuple[int, int], hi: tuple[int, int]) -> bool:
    """Some documents of a gold chunk (its last line among them) have their prediction, in
    order, in the matching prediction chunk, or none at all."""
    (g_lo, p_lo), (g_hi, p_hi) = lo, hi
    starts = sorted({gm.rfind(b"\n", 0, g_lo + (g_hi - g_lo) * k // SAMPLES - 1) + 1 for k in range(1, SAMPLES + 1)})
    at = p_lo
    for start in starts:
        if not g_lo <= start < g_hi:
            continue
        key = _doc_key(_line(gm, start)[0])
        if key is None:
            continue
        found = _find(pm, key, at, p_hi, _expect(gm, pm, start, g_lo, p_lo))
        if found is not None:
            at = found
        elif _find(pm, key, 0, len(pm)) is not None:
            return False  # its prediction is elsewhere: the orders differ
    return True


def _expect(gm: _File, pm: _File, g: int, g_from: int, p_from: int) -> int:
    """Where the prediction of the gold line at ``g`` should be, the line at ``g_from`` having
    its prediction at ``p_from``: as far into the rest of PRED as ``g`` is into the rest of GOLD."""
    return p_from + (g - g_from) * (len(pm) - p_from) // max(1, len(gm) - g_from)


class Claims:
    """Which chunks this process scores. A chunk goes to the first process that reaches its
    first line: ``table`` (shared by the processes, one slot per chunk: 0 or the process id
    of its owner) says whether another took it. The answer is kept, so that the gold and the
    prediction selectors of one process agree on every chunk."""

    def __init__(self, table: Any) -> None:
        self.table = table  # a multiprocessing.Array of ints, with its lock
        self.me = os.getpid()
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
    the processes' lines tile the file. ``starts`` are the numbers of the chunks' first lines
    (the parent checks that the processes agree)."""

    __slots__ = ("markers", "claims", "n", "chunk", "next", "keep", "starts")

    def __init__(self, markers: list[bytes], claims: Callable[[int], bool]) -> None:
        self.markers, self.claims = markers, claims
        self.n = self.chunk = 0
        self.next: Any = markers[0] if markers else _END
        self.keep = claims(0)
        self.starts = [1]

    def __call__(self, data: bytes | None) -> bool:
        self.n += 1
        if data == self.next:
            self.chunk += 1
            self.starts.append(self.n)
            self.next = self.markers[self.chunk] if self.chunk < len(self.markers) else _END
            self.keep = self.claims(self.chunk)
        return self.keep


__all__ = ["Chunks", "Claims", "chunk_cuts", "chunk_markers"]
