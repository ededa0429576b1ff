"""Where a line of GOLD or PRED is, as one int (its *position*): what orders documents and
input errors, and what a report's ``document_positions`` hold.

A position is ``file index << LINE_BITS | line``: the line's number in its file, and the
file's index among the inputs on its side (GOLD or PRED), in the order they were given. So
positions sort in reading order, and a report's values stay those of every earlier version
(``file index * 2**32 + line``: ``merge-reports`` merges reports of any version).

The index field exists only to order the lines of several files. With one file on a side it
is always 0, so the whole position is the line, of any size: under ``--jobs`` a chunked
file numbers its lines from their chunk's byte offset (:class:`annotator.io.chunks.Ranges`),
which passes ``2**LINE_BITS`` in a file of 4 GiB or more. With several files, a line number
must stay below ``2**LINE_BITS``: numbered from 1 in each file, a file would need four
billion lines; numbered from a chunk's byte offset, it must be smaller than 4 GiB, so
several files are chunked only then (:func:`annotator.score.split.chunk_pieces`).

``LINE_BITS`` is read when called, so that tests can make it small (positions beyond
``2**12`` in a file of a few kB).
"""

from collections.abc import Sequence
from pathlib import Path

#: bits of the line number in a position (the report's ``document_positions``: file index * 2**32 + line)
LINE_BITS = 32


def file_base(index: int) -> int:
    """The position of line 0 of input file ``index``: a line's position is this plus its number."""
    return index << LINE_BITS


def where(files: Sequence[Path | str], position: int) -> str:
    """``FILE:LINE`` of a position among ``files`` (one side's inputs); with one file the
    whole position is the line, of any size."""
    if len(files) == 1:
        return f"{files[0]}:{position}"
    return f"{files[position >> LINE_BITS]}:{position & ((1 << LINE_BITS) - 1)}"


__all__ = ["LINE_BITS", "file_base", "where"]
