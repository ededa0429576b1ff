"""Terminal layout of a logical-order document: wrapping, bidi reordering, shaping
and the logical <-> visual maps a widget needs (cursor, hit-testing, selection).

``DocumentLayout(text, width)`` splits ``text`` into paragraphs on "\\n", wraps each
paragraph in logical order at ``width`` cells (at spaces where possible, breaking
over-long words between grapheme clusters), then reorders each displayed row with
the Unicode Bidirectional Algorithm (L1-L2 per row, L4 mirroring).  RTL rows are
right-aligned.  Every offset is a global code point offset into ``text``; every
cluster of non-zero width is drawn in exactly one cell (``DisplayCell``); clusters of
format characters only (RLM, LRI, ZWJ...) take no cell but keep their bidi effect.

Cursor model: a cursor at offset ``o`` is drawn on the cell of the cluster that
starts at ``o`` (the character after the cursor).  For a cluster without a cell it
is the next drawn cluster of the row in logical order.  The end of a paragraph has
its own stop, just past the paragraph-direction end of its last row (right of an
LTR row, left of an RTL row; clamped into ``[0, width - 1]``).  The end of a wrapped
row is the start of the next row, so it is drawn there.

Laziness: opening a document only finds the row breaks of each paragraph (for a
simple paragraph straight from its text, otherwise from its clusters and widths);
bidi levels, shaping and cells are computed for a paragraph when one of its rows is
asked for, and cached per (paragraph, width).  See docs/layout.md.
"""


from __future__ import annotations

import gc
from bisect import bisect_right
from collections import OrderedDict

from .clusters import is_simple
from .moves import CursorMoves
from .rows import Clusters, DisplayCell, DisplayLine, Para, Row, check_direction, check_width, layout_row
from .wrap import wrap, wrap_simple

__all__ = ["DisplayCell", "DisplayLine", "DocumentLayout", "layout_field"]

_PARA_CACHE_MAX = 256  # paragraphs whose clusters / bidi / glyphs are kept
_ROWS_CACHE_MAX = 1024  # (paragraph, width) whose laid-out rows are kept


class DocumentLayout(CursorMoves):
    """Lazy terminal layout of a whole document at one width (see module docstring)."""

    def __init__(self, text: str, width: int, *, shape: bool = True, direction: str = "auto") -> None:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        self._text = text
        self._width = check_width(width)
        self.shape = bool(shape)
        self.direction = check_direction(direction)
        self._paras = text.split("\n")
        starts = [0] * len(self._paras)
        pos = 0
        for i, p in enumerate(self._paras):
            starts[i] = pos
            pos += len(p) + 1
        self._pstarts = starts
        self._clusters: OrderedDict[int, Clusters] = OrderedDict()
        self._display: OrderedDict[int, Para] = OrderedDict()
        self._wraps: dict[tuple[int, int], list[int]] = {}  # (paragraph, width) -> row starts
        # (paragraph, width) -> laid-out rows, for the most recently used paragraphs
        self._rows: OrderedDict[tuple[int, int], list[Row | None]] = OrderedDict()
        self._row_starts: dict[int, list[int]] = {}  # width -> first global row per paragraph

    # ------------------------------------------------------------------ text, width

    @property
    def text(self) -> str:
        """The document text (logical order, never shaped); read-only."""
        return self._text

    @property
    def width(self) -> int:
        return self._width

    @width.setter
    def width(self, value: int) -> None:
        """Change the width; analysis and layouts at other widths stay cached."""
        self._width = check_width(value)

    # ------------------------------------------------------------------ internals

    # The three LRU lookups below (_cl, _para, _row) are written out on purpose: they run for
    # every drawn row, and a shared helper taking a factory measured ~15% slower per screen.

    def _cl(self, p: int) -> Clusters:
        cache = self._clusters
        cl = cache.get(p)
        if cl is None:
            cl = Clusters(self._paras[p])
            cache[p] = cl
            if len(cache) > _PARA_CACHE_MAX:
                cache.popitem(last=False)
        else:
            cache.move_to_end(p)
        return cl

    def _para(self, p: int) -> Para:
        cache = self._display
        para = cache.get(p)
        if para is None:
            para = Para(self._paras[p], self._cl(p), self.direction, self.shape)
            cache[p] = para
            if len(cache) > _PARA_CACHE_MAX:
                cache.popitem(last=False)
        else:
            cache.move_to_end(p)
        return para

    def _wrap_of(self, p: int) -> list[int]:
        key = (p, self._width)
        w = self._wraps.get(key)
        if w is None:
            w = self._compute_wrap(p)
            self._wraps[key] = w
        return w

    def _compute_wrap(self, p: int) -> list[int]:
        text = self._paras[p]
        if not text:
            return [0]
        if is_simple(text):
            return wrap_simple(text, self._width)
        cl = self._cl(p)
        return wrap(cl.texts, cl.widths, self._width)

    def _starts(self) -> list[int]:
        rs = self._row_starts.get(self._width)
        if rs is None:
            rs = [0] * (len(self._paras) + 1)
            total = 0
            width = self._width
            wraps = self._wraps
            for p in range(len(self._paras)):
                rs[p] = total
                w = wraps.get((p, width))
                if w is None:
                    w = self._compute_wrap(p)
                    wraps[(p, width)] = w
                total += len(w)
            rs[-1] = total
            self._row_starts[self._width] = rs
        return rs

    def _locate_row(self, row: int) -> tuple[int, int]:
        rs = self._starts()
        if not 0 <= row < rs[-1]:
            raise IndexError(f"row {row} out of range 0..{rs[-1] - 1}")
        p = bisect_right(rs, row) - 1
        while rs[p + 1] == rs[p]:  # (never: every paragraph has >= 1 row)
            p += 1
        return p, row - rs[p]

    def _row(self, p: int, r: int) -> Row:
        key = (p, self._width)
        rows = self._rows.get(key)
        wrap = self._wrap_of(p)
        if rows is None:
            rows = [None] * len(wrap)
            self._rows[key] = rows
            if len(self._rows) > _ROWS_CACHE_MAX:
                self._rows.popitem(last=False)
        else:
            self._rows.move_to_end(key)
        row = rows[r]
        if row is None:
            row = rows[r] = self._build_row(p, r, wrap)
        return row

    def _build_row(self, p: int, r: int, wrap: list[int]) -> Row:
        # A row allocates a few hundred small acyclic objects; pausing the cyclic
        # garbage collector meanwhile saves the collections they would trigger
        # (~10% of layout time).  It is switched back on before returning.
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            cl = self._cl(p)
            para = self._para(p)
            first = wrap[r]
            last = wrap[r + 1] if r + 1 < len(wrap) else len(cl.texts)
            grow = self._starts()[p] + r
            line, order, end_col = layout_row(
                cl, para, first, last, self._width, self._pstarts[p], grow, p, None
            )
            if end_col >= self._width:
                end_col = self._width - 1
            if end_col < 0:
                end_col = 0
            return Row(line, first, last, order, end_col, r + 1 == len(wrap))
        finally:
            if paused:
                gc.enable()

    def _check_offset(self, offset: int) -> int:
        if not isinstance(offset, int) or not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset!r} out of range 0..{len(self.text)}")
        return offset

    def _para_of(self, offset: int) -> int:
        return bisect_right(self._pstarts, offset) - 1

    def _locate_offset(self, offset: int) -> tuple[int, int, int]:
        """(paragraph, row within paragraph, cluster index) of a cursor offset; the
        cluster index is len(clusters) at the paragraph end."""
        self._check_offset(offset)
        p = self._para_of(offset)
        rel = offset - self._pstarts[p]
        cl = self._cl(p)
        k = bisect_right(cl.bounds, rel) - 1  # cluster containing rel (or == len at end)
        wrap = self._wrap_of(p)
        r = bisect_right(wrap, k) - 1
        return p, r, k

    def _global_row(self, p: int, r: int) -> int:
        return self._starts()[p] + r

    def _stops(self, row: Row) -> list[tuple[int, int]]:
        """Cursor stops of a row in visual order: (column, offset)."""
        stops = row.stops
        if stops is None:
            line = row.line
            stops = [(c.col, c.start) for c in line.cells]
            if row.is_last:
                if line.rtl:
                    stops.insert(0, (row.end_col, line.end))
                else:
                    stops.append((row.end_col, line.end))
            row.stops = stops
        return stops

    # ------------------------------------------------------------------ public API

    @property
    def line_count(self) -> int:
        """Total displayed rows at the current width."""
        return self._starts()[-1]

    def line(self, row: int) -> DisplayLine:
        """The displayed row ``row`` (laid out on first use, then cached)."""
        p, r = self._locate_row(row)
        return self._row(p, r).line

    def lines(self, first: int, last: int) -> list[DisplayLine]:
        """Displayed rows ``first..last-1`` (clamped to the document)."""
        first = max(0, first)
        last = min(self.line_count, last)
        return [self.line(r) for r in range(first, last)]

    def row_of(self, offset: int) -> int:
        """Row on which the cursor for ``offset`` is drawn."""
        p, r, _ = self._locate_offset(offset)
        return self._global_row(p, r)

    def offset_to_cell(self, offset: int) -> tuple[int, int]:
        """(row, col) where the cursor for logical ``offset`` is drawn."""
        p, r, k = self._locate_offset(offset)
        row = self._row(p, r)
        cells = row.line.cells
        for i in range(k, row.last):
            n = row.cell_of[i - row.first]
            if n >= 0:
                return row.line.row, cells[n].col
        return row.line.row, row.end_col

    def cell_to_offset(self, row: int, col: int) -> int:
        """Logical offset for a click at (row, col); padding snaps to the nearest
        cluster, or to the paragraph end on the paragraph-end side of its last row."""
        p, r = self._locate_row(row)
        rw = self._row(p, r)
        line = rw.line
        cells = line.cells
        if not cells:
            return line.start if not rw.is_last else line.end
        lo = 0
        hi = len(cells)
        while lo < hi:  # last cell with cell.col <= col
            mid = (lo + hi) // 2
            if cells[mid].col <= col:
                lo = mid + 1
            else:
                hi = mid
        idx = lo - 1
        if idx >= 0 and col < cells[idx].col + cells[idx].width:
            return cells[idx].start
        # padding (left of the first cell or right of the last one)
        if idx < 0:  # left of everything
            return line.end if (rw.is_last and line.rtl) else cells[0].start
        return line.end if (rw.is_last and not line.rtl) else cells[-1].start

    def cells_for_range(self, start: int, end: int, first_row: int, last_row: int) -> dict[int, list[int]]:
        """row -> sorted columns covered by the logical range [start, end), for rows
        first_row..last_row inclusive (rows without covered cells are left out)."""
        out: dict[int, list[int]] = {}
        if end <= start:
            return out
        first_row = max(0, first_row)
        last_row = min(self.line_count - 1, last_row)
        for row in range(first_row, last_row + 1):
            line = self.line(row)
            if line.start >= end or line.end <= start:
                continue
            cols = []
            for c in line.cells:
                if c.start < end and c.end > start:
                    cols.extend(range(c.col, c.col + c.width))
            if cols:
                cols.sort()
                out[row] = cols
        return out


def layout_field(text: str, width: int, shape: bool = True) -> DisplayLine:
    """Lay out a short string on ONE row (row 0, offsets relative to ``text``), for
    input fields.  Nothing wraps: control characters including "\\n" are drawn as
    control pictures.  An RTL string is right-aligned when it fits in ``width``;
    when it does not fit, cells run from column 0 past ``width`` and horizontal
    scrolling is left to the widget."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    check_width(width)
    cl = Clusters(text)
    para = Para(text, cl, "auto", shape)
    big = max(width, sum(cl.widths) + 1)
    line, _, _ = layout_row(cl, para, 0, len(cl.texts), big, 0, 0, 0, width)
    return line
