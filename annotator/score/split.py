"""Where to cut GOLD and PRED into chunks of lines that hold the same documents, so that
``--jobs N`` processes each parse only the chunks they take (:mod:`annotator.score.parallel`).

When both inputs list documents in the same order (the usual case: predictions written by
running an extractor over the gold's documents), the gold is cut at byte shares that get
smaller towards its end (:func:`chunk_cuts`) and each prediction cut is the line of the
document that starts the gold chunk. A side given as several files (a directory) is read as
one stream, its files one after the other (:class:`~annotator.io.chunks.ByteFiles`): the
files of the two sides need not pair up (their number and boundaries may differ), only the
order of the documents counts, and a chunk that spans files is a piece of each. The cuts
are only a guess that the two orders agree: a few documents of each chunk are looked up in
the other file first (a wrong guess found here costs nothing), and the caller checks the
result anyway (no document is in two processes, every record is valid) and otherwise scores
by a hash of ``doc_id`` (:mod:`annotator.score.shard`), which is always right.

A chunk is given by its byte offsets in both files and goes to the first process that
reaches it (:class:`~annotator.io.chunks.Claims`, :class:`~annotator.io.chunks.Ranges`,
shared with ``validate --jobs``): a process that is slowed down (the parent hashes the
inputs and merges; another program takes a core) simply takes fewer chunks, and every
process ends within about one (last, small) chunk of the others. A process seeks to the
chunks it takes and reads only their lines; the parent turns the positions of documents
into line numbers once it knows how many lines each chunk has.
"""

from pathlib import Path

from annotator.io.chunks import ByteFiles, Pieces, file_pieces
from annotator.score import positions
from annotator.score.shard import DOC_ID_MEMBER, line_doc_id

#: gold lines looked at after a cut for one whose document has a prediction line
CUT_ATTEMPTS = 8
#: documents of each chunk looked up in the predictions before the cuts are trusted
SAMPLES = 2
#: how far before its expected place a prediction line is looked for first
_NEAR = 1 << 15


def _doc_key(line: bytes) -> tuple[str, bytes] | None:
    """The document of a line and its ``"doc_id": "..."`` member exactly as written (the
    bytes to look for in the other file), or None."""
    doc_id = line_doc_id(line)
    m = DOC_ID_MEMBER.search(line)
    if doc_id is None or m is None:
        return None
    return doc_id, m.group(0)


def _find(mm: ByteFiles, key: tuple[str, bytes], lo: int, hi: int, near: int | None = None) -> int | None:
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
        line, _ = mm.line(start)
        if line_doc_id(line) == doc_id:
            return start
        at += len(member)
    return None


#: the byte offset of each chunk but the first (a line start): gold's and the predictions'
Offsets = tuple[list[int], list[int]]
#: a chunked run: the pieces of the gold files and of the prediction files, and the number of chunks
Chunks = tuple[Pieces, Pieces, int]


def chunk_pieces(gold: list[Path], pred: list[Path], cuts: list[float]) -> Chunks | None:
    """Where the chunks of GOLD and PRED start (a chunk ending at each of ``cuts``, fractions
    of the gold; fewer when it has fewer lines), as pieces of each file (a chunk may span
    files: each side is read as one stream, :class:`~annotator.io.chunks.ByteFiles`, so that
    their files need not pair up), or None when they do not seem to list documents in the
    same order or cannot be cut. A side of several files is cut only when each is smaller
    than ``2**LINE_BITS`` bytes: a line's position is its file's index and its number,
    counted from the chunk's offset in the file (:mod:`annotator.score.positions`)."""
    found = _stream_cuts(gold, pred, cuts)
    if found is None:
        return None
    (g, p), (gold_sizes, pred_sizes) = found
    return file_pieces(gold_sizes, [0, *g]), file_pieces(pred_sizes, [0, *p]), len(g) + 1


def _stream_cuts(gold: list[Path], pred: list[Path], cuts: list[float]) -> tuple[Offsets, tuple[list[int], list[int]]] | None:
    """The offsets of the chunks after the first into each side's stream, and the sizes of
    the files of each side."""
    try:
        with ByteFiles(gold) as gm, ByteFiles(pred) as pm:
            if not (len(gm) and len(pm)) or any(len(m.sizes) > 1 and max(m.sizes) >> positions.LINE_BITS for m in (gm, pm)):
                return None
            offsets = _cuts(gm, pm, cuts)
            if not offsets:
                return None
            return ([g for g, _ in offsets], [p for _, p in offsets]), (gm.sizes, pm.sizes)
    except (OSError, ValueError):  # unreadable: the hash-sharded run reports it as one pass does
        return None


def _cuts(gm: ByteFiles, pm: ByteFiles, fractions: list[float]) -> list[tuple[int, int]] | None:
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


def _cut(gm: ByteFiles, pm: ByteFiles, target: int, g_from: int, p_from: int) -> tuple[int, int] | None:
    """The first gold line after ``target`` whose document has a prediction line after
    ``p_from`` (the previous cut: ``g_from`` in the gold); (len(GOLD), len(PRED)) when the gold file ends first; None when none has."""
    nl = gm.find(b"\n", target)
    start = len(gm) if nl < 0 else nl + 1
    for _ in range(CUT_ATTEMPTS):
        if start >= len(gm):
            return len(gm), len(pm)
        line, after = gm.line(start)
        key = _doc_key(line)
        found = _find(pm, key, p_from, len(pm), _expect(gm, pm, start, g_from, p_from)) if key else None
        if found is not None and found > p_from:
            return start, found
        start = after
    return None


def _agree(gm: ByteFiles, pm: ByteFiles, lo: tuple[int, int], hi: tuple[int, int]) -> bool:
    """Some documents of a gold chunk (its last line among them) have their prediction, in
    order, in the matching prediction chunk, or none at all."""
    (g_lo, p_lo), (g_hi, p_hi) = lo, hi
    starts = sorted({gm.rfind(b"\n", 0, g_lo + (g_hi - g_lo) * k // SAMPLES - 1) + 1 for k in range(1, SAMPLES + 1)})
    at = p_lo
    for start in starts:
        if not g_lo <= start < g_hi:
            continue
        key = _doc_key(gm.line(start)[0])
        if key is None:
            continue
        found = _find(pm, key, at, p_hi, _expect(gm, pm, start, g_lo, p_lo))
        if found is not None:
            at = found
        elif _find(pm, key, 0, len(pm)) is not None:
            return False  # its prediction is elsewhere: the orders differ
    return True


def _expect(gm: ByteFiles, pm: ByteFiles, g: int, g_from: int, p_from: int) -> int:
    """Where the prediction of the gold line at ``g`` should be, the line at ``g_from`` having
    its prediction at ``p_from``: as far into the rest of PRED as ``g`` is into the rest of GOLD."""
    return p_from + (g - g_from) * (len(pm) - p_from) // max(1, len(gm) - g_from)


__all__ = ["Chunks", "chunk_pieces"]
