"""Where to cut GOLD and PRED into contiguous line ranges that hold the same documents, so
that ``--jobs N`` processes each parse only their own lines (:mod:`annotator.score.parallel`).

When both files list documents in the same order (the usual case: predictions written by
running an extractor over the gold's documents), the gold file is cut near the wanted byte
shares and each prediction cut is the line of the document that starts the gold range. The
cut is only a guess that the two orders agree: a few documents of each range are looked up
in the other file first (a wrong guess found here costs nothing), and the caller checks the
result anyway (the ranges tile both files, no document is in two of them, every record is
valid) and otherwise scores by a hash of ``doc_id`` (:mod:`annotator.score.shard`), which
is always right.

A range is given by the lines that start it and the next one (their bytes): a process counts
every line it is offered, so positions of documents and errors are those of a single pass,
and the parent never counts lines.
"""

import os
from pathlib import Path
from typing import BinaryIO

from annotator.score.shard import DOC_ID_MEMBER, line_doc_id

#: gold lines looked at after a cut for one whose document has a prediction line
CUT_ATTEMPTS = 8
#: documents of each range looked up in the predictions before the ranges are trusted
SAMPLES = 6


_BLOCK = 1 << 20


class _File:
    """``find``, ``rfind`` (of a line end), ``len`` and slices of a file, by reads of at most
    a block: no ``mmap``, whose pages would count in the resident memory of the process (the
    scan goes through most of the predictions)."""

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
        while start < end:
            chunk = self[start : min(end, start + _BLOCK + len(sub) - 1)]
            i = chunk.find(sub)
            if i >= 0:
                return start + i
            start += _BLOCK
        return -1

    def rfind(self, sub: bytes, start: int, end: int) -> int:
        assert len(sub) == 1  # a line end: no match across blocks
        while end > start:
            lo = max(start, end - (1 << 16))
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


def _find(mm: _File, key: tuple[str, bytes], lo: int, hi: int) -> int | None:
    """The offset of the line in ``[lo, hi)`` whose document is ``key``'s, or None.

    ``bytes.find`` (memchr speed) looks for the member as the gold line writes it; a match is
    checked to be the line's top-level ``doc_id`` (the same bytes may sit inside a text)."""
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


#: a range's first line and the line after its end, as bytes (None: the file's start / end)
Markers = tuple[bytes | None, bytes | None]


def line_ranges(gold: Path, pred: Path, shares: list[float]) -> list[tuple[Markers, Markers]] | None:
    """Per share (fractions of the gold file, adding up to 1): the gold and prediction line
    ranges of one process, or None when the files do not seem to list documents in the same
    order (or are too small to cut)."""
    try:
        if gold.stat().st_size == 0 or pred.stat().st_size == 0:
            return None
        with gold.open("rb") as g, pred.open("rb") as p:
            gm, pm = _File(g), _File(p)
            cuts = _cuts(gm, pm, shares)
            if cuts is None:
                return None
            g_marks = [None, *(_line(gm, c)[0] for c, _ in cuts), None]
            p_marks = [None, *(_line(pm, c)[0] for _, c in cuts), None]
    except (OSError, ValueError):  # unreadable: the hash-sharded run reports it as one pass does
        return None
    return [((g_marks[k], g_marks[k + 1]), (p_marks[k], p_marks[k + 1])) for k in range(len(shares))]


def _cuts(gm: _File, pm: _File, shares: list[float]) -> list[tuple[int, int]] | None:
    """(gold offset, prediction offset) of each cut between two ranges, checked by sampling.
    Lookups go forward through the predictions (documents in the same order): about one pass."""
    cuts: list[tuple[int, int]] = []
    g_from = p_from = 0
    done = 0.0
    for share in shares[:-1]:
        done += share
        cut = _cut(gm, pm, max(int(len(gm) * done), g_from), p_from)
        if cut is None or not _agree(gm, pm, (g_from, p_from), cut):
            return None
        cuts.append(cut)
        g_from, p_from = cut
    if not _agree(gm, pm, (g_from, p_from), (len(gm), len(pm))):
        return None
    return cuts


def _cut(gm: _File, pm: _File, target: int, p_from: int) -> tuple[int, int] | None:
    """The first gold line after ``target`` whose document has a prediction line after ``p_from``."""
    nl = gm.find(b"\n", target)
    if nl < 0:
        return None
    start = nl + 1
    for _ in range(CUT_ATTEMPTS):
        if start >= len(gm):
            return None
        line, after = _line(gm, start)
        key = _doc_key(line)
        found = _find(pm, key, p_from, len(pm)) if key else None
        if found is not None and found > p_from:
            return start, found
        start = after
    return None


def _agree(gm: _File, pm: _File, lo: tuple[int, int], hi: tuple[int, int]) -> bool:
    """Some documents of a gold range (its last line among them) have their prediction, in
    order, in the matching prediction range, or none at all."""
    (g_lo, p_lo), (g_hi, p_hi) = lo, hi
    starts = sorted({gm.rfind(b"\n", 0, g_lo + (g_hi - g_lo) * k // SAMPLES - 1) + 1 for k in range(1, SAMPLES + 1)})
    at = p_lo
    for start in starts:
        if not g_lo <= start < g_hi:
            continue
        key = _doc_key(_line(gm, start)[0])
        if key is None:
            continue
        found = _find(pm, key, at, p_hi)
        if found is not None:
            at = found
        elif _find(pm, key, 0, len(pm)) is not None:
            return False  # its prediction is elsewhere: the orders differ
    return True


class LineRange:
    """A line selector (see :func:`annotator.validate.iter_records`, offered every line of a
    file in order) keeping the lines from the one equal to ``first`` (None: the first line)
    to the next one equal to ``stop`` (excluded; None: to the end). ``started`` and
    ``stopped`` are the numbers of those lines, once seen: the parent checks that the ranges
    of all processes tile the file."""

    __slots__ = ("first", "stop", "n", "started", "stopped")

    def __init__(self, first: bytes | None, stop: bytes | None) -> None:
        self.first, self.stop = first, stop
        self.n = 0
        self.started: int | None = None
        self.stopped: int | None = None

    def __call__(self, data: bytes | None) -> bool:
        self.n += 1
        if self.started is None:
            if self.first is not None and data != self.first:
                return False
            self.started = self.n
            return True
        if self.stopped is not None:
            return False
        if self.stop is not None and data == self.stop:
            self.stopped = self.n
            return False
        return True


def tiled(ranges: list[tuple[int | None, int | None]]) -> bool:
    """(started, stopped) of each process's range, in order, cover every line once."""
    if not ranges or ranges[0][0] != 1 or ranges[-1][1] is not None:
        return False
    return all(a[1] is not None and a[1] == b[0] for a, b in zip(ranges, ranges[1:]))


__all__ = ["LineRange", "line_ranges", "tiled"]
