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
import re
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import itemgetter

import regex

from . import bidi as _bidi
from .clusters import SIMPLE_MARKS, glyphs_of, is_simple, split_clusters_simple, widths_of
from .shaping import shape as _shape
from .ucd_data import MIRRORS

__all__ = ["DisplayCell", "DisplayLine", "DocumentLayout", "layout_field"]


@dataclass(frozen=True)
class DisplayCell:
    """One drawn cluster: ``glyph`` at screen column ``col`` taking ``width`` cells;
    it stands for the logical document range ``[start, end)``."""

    col: int
    width: int
    glyph: str
    start: int
    end: int


@dataclass(frozen=True)
class DisplayLine:
    """One displayed row.  ``cells`` are in visual left-to-right order."""

    row: int
    paragraph: int
    start: int
    end: int
    rtl: bool
    cells: tuple[DisplayCell, ...]


_SPACES = frozenset(" \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000")
_WORD_CHAR_RE = regex.compile(r"[\p{L}\p{M}\p{N}\u200c\u200d]")
_DIRECTIONS = ("auto", "ltr", "rtl")
_PARA_CACHE_MAX = 256  # paragraphs whose clusters / bidi / glyphs are kept
_ROWS_CACHE_MAX = 1024  # (paragraph, width) whose laid-out rows are kept

_new = object.__new__
_MIRRORED_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(MIRRORS)) + "]")


class _Clusters:
    """Width-independent cluster data of one paragraph: cluster strings, their
    start offsets (plus the paragraph length), unshaped glyphs and widths."""

    __slots__ = ("texts", "bounds", "widths", "simple", "atomic", "_glyphs")

    def __init__(self, text: str) -> None:
        texts, simple = split_clusters_simple(text)
        self.texts = texts
        self.simple = simple
        self.atomic = len(texts) == len(text)  # one code point per cluster
        if self.atomic:
            self.bounds = list(range(len(text) + 1))
        else:
            self.bounds = list(accumulate(map(len, texts), initial=0))
        self.widths = [1] * len(texts) if simple else widths_of(texts)
        self._glyphs: list[str] | None = None

    @property
    def glyphs(self) -> list[str]:
        if self._glyphs is None:
            self._glyphs = self.simple_glyphs(self.texts) if self.simple else glyphs_of(self.texts)
        return self._glyphs

    def simple_glyphs(self, texts: list[str]) -> list[str]:
        """Glyphs of the clusters of a simple paragraph (or of its shaped text):
        the cluster itself, a leading run of marks on a dotted circle."""
        if texts and texts[0][0] in SIMPLE_MARKS:
            texts = list(texts)
            texts[0] = glyphs_of([texts[0]])[0]
        return texts


def _wrap(texts: list[str], widths: list[int], width: int) -> list[int]:
    """Greedy wrap in logical order: cluster indices where rows start (first is 0).

    Each row takes as many clusters as fit; when the first cluster that does not
    fit is a space, the next row starts with it; otherwise the row ends after the
    last space of the row (a break opportunity) or, in a word wider than the row,
    before that cluster.  A cluster wider than the row (a wide character at width 1)
    counts as 1: it is drawn as "\u2026".
    Works on prefix sums with binary search: O(rows * log n) after O(n) C-level
    preparation."""
    n = len(texts)
    if widths and max(widths) > width:
        widths = [w if w <= width else 1 for w in widths]
    if n <= width and widths.count(1) == n:  # fits; the common short paragraph
        return [0]
    prefix = list(accumulate(widths, initial=0))
    if prefix[-1] <= width:
        return [0]
    is_space = list(map(_SPACES.__contains__, map(_first_char, texts)))
    breaks = [i + 1 for i in compress(range(n), is_space)]  # a row may start here
    starts = [0]
    a = 0
    while True:
        e = bisect_right(prefix, prefix[a] + width) - 1  # clusters [a, e) fit
        if e >= n:
            return starts
        if not is_space[e]:
            j = bisect_right(breaks, e) - 1
            if j >= 0 and breaks[j] > a:
                e = breaks[j]
        if e <= a:  # (defensive) always make progress
            e = a + 1
        starts.append(e)
        a = e


_first_char = itemgetter(0)
_DELETE_SIMPLE_MARKS = str.maketrans(dict.fromkeys(map(ord, SIMPLE_MARKS)))


def _wrap_simple(text: str, width: int) -> list[int]:
    """:func:`_wrap` for a simple paragraph (see clusters.is_simple) straight from its
    text: there every cluster is a base character plus its marks (or a leading run
    of marks) and is one cell wide, the only space is U+0020, so deleting the marks
    leaves one character per cluster and rows are found with ``str.rfind``."""
    bases = text.translate(_DELETE_SIMPLE_MARKS)
    if text and text[0] in SIMPLE_MARKS:  # a leading run of marks is a cluster too
        bases = "\u25cc" + bases
    n = len(bases)
    starts = [0]
    a = 0
    while a + width < n:
        e = a + width  # clusters [a, e) fit, cluster e does not
        if bases[e] != " ":
            j = bases.rfind(" ", a, e)
            if j >= 0:
                e = j + 1
        starts.append(e)
        a = e
    return starts


class _Para:
    """Display data of one paragraph (width-independent): bidi and glyphs."""

    __slots__ = ("level", "levels", "classes", "glyphs", "special", "mirrorable")

    def __init__(self, text: str, cl: _Clusters, direction: str, shape: bool) -> None:
        level, levels, classes = _bidi.resolve_paragraph(text, direction)
        self.level = level
        self.levels = levels
        self.classes = classes
        bounds = cl.bounds
        # clusters whose level is not simply that of their first code point:
        # zero-width ones (no cell) and drawn ones starting with an X9-removed char
        widths = cl.widths
        if not cl.simple or _bidi.has_removed(classes):
            self.special = [i for i, w in enumerate(widths) if w == 0 or levels[bounds[i]] is None]
        else:
            self.special = []
        # clusters whose base character has a mirrored glyph (rule L4)
        if _MIRRORED_RE.search(text):
            self.mirrorable = [i for i, c in enumerate(cl.texts) if ord(c[0]) in MIRRORS]
        else:
            self.mirrorable = []
        shaped = _shape(text) if shape else None
        if shaped is None or shaped == text:
            self.glyphs = cl.glyphs
            return
        texts = cl.texts
        if cl.simple:
            # presentation forms are simple one-cell characters and the marks are
            # untouched, so the shaped text splits into the same clusters
            shaped_clusters = split_clusters_simple(shaped)[0]
            if len(shaped_clusters) == len(texts):
                self.glyphs = cl.simple_glyphs(shaped_clusters)
                return
        if len(texts) == len(text):
            shaped_clusters = list(shaped)
        else:
            b = cl.bounds
            shaped_clusters = list(map(shaped.__getitem__, map(slice, b, b[1:])))
        glyphs = glyphs_of(shaped_clusters)
        widths = cl.widths
        shaped_widths = widths_of(shaped_clusters)
        if shaped_widths != widths:  # (never seen) a presentation form of another width
            plain = cl.glyphs
            glyphs = [g if sw == w else pg for g, sw, w, pg in zip(glyphs, shaped_widths, widths, plain)]
        self.glyphs = glyphs


class _Row:
    """A laid-out row plus the maps the cursor code needs."""

    __slots__ = ("line", "first", "last", "order", "_cell_of", "end_col", "is_last", "stops")

    def __init__(self, line: DisplayLine, first: int, last: int, order: list[int], end_col: int, is_last: bool):
        self.line = line
        self.first = first  # first cluster index (paragraph clusters)
        self.last = last  # one past the last cluster index
        self.order = order  # visual order of the drawn clusters (index - first)
        self._cell_of: list[int] | None = None
        self.end_col = end_col  # column of the paragraph-end stop (last row only)
        self.is_last = is_last
        self.stops: list[tuple[int, int]] | None = None  # cursor stops, built on use

    @property
    def cell_of(self) -> list[int]:
        """cluster index - first -> index of its cell, or -1 (no cell)."""
        if self._cell_of is None:
            cell_of = [-1] * (self.last - self.first)
            for n, k in enumerate(self.order):
                cell_of[k] = n
            self._cell_of = cell_of
        return self._cell_of


def _check_width(width: int) -> int:
    if not isinstance(width, int) or isinstance(width, bool) or width < 1:
        raise ValueError(f"width must be a positive integer, not {width!r}")
    return width


def _check_direction(direction: str) -> str:
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction must be 'auto', 'ltr' or 'rtl', not {direction!r}")
    return direction


def _layout_row(
    cl: _Clusters,
    para: _Para,
    first: int,
    last: int,
    width: int,
    offset: int,
    row: int,
    paragraph: int,
    align_width: int | None,
) -> tuple[DisplayLine, list[int], int]:
    """Reorder clusters [first, last) of a paragraph into a DisplayLine."""
    bounds = cl.bounds
    widths = cl.widths
    s, e = bounds[first], bounds[last]
    plevel = para.level
    rtl = bool(plevel & 1)
    # Rule L1 on this row, then one level per cluster: the level of its first code
    # point, or of the first one X9 did not remove (None if X9 removed them all).
    # Zero-width clusters (RLM, LRI, PDI...) take part in the reordering with their
    # level -- an isolate initiator between two runs keeps them apart -- and are
    # dropped from the visual order afterwards: they have no cell.
    lv = _bidi.line_levels(para.classes, para.levels, plevel, s, e)
    clevels: list[int | None] = lv if cl.atomic else [lv[b - s] for b in bounds[first:last]]
    hidden = False
    for i in para.special:
        if first <= i < last:
            k = i - first
            if widths[i] == 0:
                hidden = True
            if clevels[k] is None:
                level = None
                for j in range(bounds[i] + 1 - s, bounds[i + 1] - s):
                    level = lv[j]
                    if level is not None:
                        break
                if level is None and widths[i] > 0:
                    # a drawn character removed by X9 (ESC and other controls are
                    # BN): like UAX #9 section 5.2, it takes the level of the
                    # character before it, so it does not split the run it sits in
                    level = plevel
                    for j in range(k - 1, -1, -1):
                        if clevels[j] is not None:
                            level = clevels[j]
                            break
                clevels[k] = level
    order = _bidi.visual_order(clevels)
    if hidden:
        order = [k for k in order if widths[first + k] > 0]
    row_widths = widths[first:last]
    too_wide = bool(row_widths) and max(row_widths) > width
    if too_wide:
        row_widths = [w if w <= width else 1 for w in row_widths]
    total = sum(row_widths)
    if rtl:
        base = (align_width if align_width is not None else width) - total
        if base < 0:
            base = 0
    else:
        base = 0
    row_glyphs = para.glyphs[first:last]
    for i in para.mirrorable:
        if first <= i < last and clevels[i - first] is not None and clevels[i - first] & 1:
            g = row_glyphs[i - first]
            row_glyphs[i - first] = _bidi.mirror(g[0]) + g[1:]
    if too_wide:
        row_glyphs = [g if w <= width else "\u2026" for g, w in zip(row_glyphs, widths[first:last])]
    cells = []
    add = cells.append
    new = _new
    Cell = DisplayCell
    starts = range(offset + s, offset + e + 1) if cl.atomic else [offset + b for b in bounds[first : last + 1]]
    m = len(order)
    if m:
        pick = itemgetter(*order) if m > 1 else (lambda seq: (seq[order[0]],))
        ends = starts[1:]
        row_glyphs = pick(row_glyphs)
        row_starts = pick(starts)
        row_ends = pick(ends)
        row_widths = pick(row_widths)
        if total == m:  # every cell one column wide
            cols = range(base, base + m)
        else:
            cols = list(accumulate(row_widths, initial=base))
        # DisplayCell(col, w, glyph, start, end), built without the frozen __init__
        # (five object.__setattr__ calls): several times faster, same object.
        for col, w, g, st, en in zip(cols, row_widths, row_glyphs, row_starts, row_ends):
            cell = new(Cell)
            d = cell.__dict__
            d["col"] = col
            d["width"] = w
            d["glyph"] = g
            d["start"] = st
            d["end"] = en
            add(cell)
    if rtl:
        end_col = base - 1
    else:
        end_col = base + total
    line = DisplayLine(row, paragraph, offset + s, offset + e, rtl, tuple(cells))
    return line, order, end_col


class DocumentLayout:
    """Lazy terminal layout of a whole document at one width (see module docstring)."""

    def __init__(self, text: str, width: int, *, shape: bool = True, direction: str = "auto") -> None:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        self._text = text
        self._width = _check_width(width)
        self.shape = bool(shape)
        self.direction = _check_direction(direction)
        self._paras = text.split("\n")
        starts = [0] * len(self._paras)
        pos = 0
        for i, p in enumerate(self._paras):
            starts[i] = pos
            pos += len(p) + 1
        self._pstarts = starts
        self._clusters: OrderedDict[int, _Clusters] = OrderedDict()
        self._display: OrderedDict[int, _Para] = OrderedDict()
        self._wraps: dict[tuple[int, int], list[int]] = {}  # (paragraph, width) -> row starts
        # (paragraph, width) -> laid-out rows, for the most recently used paragraphs
        self._rows: OrderedDict[tuple[int, int], list[_Row | None]] = OrderedDict()
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
        self._width = _check_width(value)

    # ------------------------------------------------------------------ internals

    # The three LRU lookups below (_cl, _para, _row) are written out on purpose: they run for
    # every drawn row, and a shared helper taking a factory measured ~15% slower per screen.

    def _cl(self, p: int) -> _Clusters:
        cache = self._clusters
        cl = cache.get(p)
        if cl is None:
            cl = _Clusters(self._paras[p])
            cache[p] = cl
            if len(cache) > _PARA_CACHE_MAX:
                cache.popitem(last=False)
        else:
            cache.move_to_end(p)
        return cl

    def _para(self, p: int) -> _Para:
        cache = self._display
        para = cache.get(p)
        if para is None:
            para = _Para(self._paras[p], self._cl(p), self.direction, self.shape)
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
            return _wrap_simple(text, self._width)
        cl = self._cl(p)
        return _wrap(cl.texts, cl.widths, self._width)

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

    def _row(self, p: int, r: int) -> _Row:
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

    def _build_row(self, p: int, r: int, wrap: list[int]) -> _Row:
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
            line, order, end_col = _layout_row(
                cl, para, first, last, self._width, self._pstarts[p], grow, p, None
            )
            if end_col >= self._width:
                end_col = self._width - 1
            if end_col < 0:
                end_col = 0
            return _Row(line, first, last, order, end_col, r + 1 == len(wrap))
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

    def _stops(self, row: _Row) -> list[tuple[int, int]]:
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

    def _row_of_offset(self, offset: int) -> _Row:
        p, r, _ = self._locate_offset(offset)
        return self._row(p, r)

    def _logical_end_stop(self, row: int) -> int:
        """Offset of the paragraph-direction end of a row (cursor "end of row")."""
        p, r = self._locate_row(row)
        rw = self._row(p, r)
        if rw.is_last or not rw.line.cells:
            return rw.line.end
        # wrapped row: its end is drawn on the next row, so use its last cluster
        cl = self._cl(p)
        for i in range(rw.last - 1, rw.first - 1, -1):
            if rw.cell_of[i - rw.first] >= 0:
                return self._pstarts[p] + cl.bounds[i]
        return rw.line.start

    def _cursor_stop(self, offset: int) -> tuple[_Row, list[tuple[int, int]], int]:
        """The row of ``offset``, its stops and the index of the stop the cursor is
        drawn at (-1 / len(stops) past the logical end of a wrapped row)."""
        p, r, k = self._locate_offset(offset)
        rw = self._row(p, r)
        stops = self._stops(rw)
        cells = rw.line.cells
        for i in range(k, rw.last):
            n = rw.cell_of[i - rw.first]
            if n >= 0:
                return rw, stops, n + (1 if rw.is_last and rw.line.rtl else 0)
        if rw.is_last:
            return rw, stops, 0 if rw.line.rtl else len(stops) - 1
        return rw, stops, -1 if rw.line.rtl else len(cells)

    def move_visual(self, offset: int, step: int) -> int:
        """Offset one cluster to the left (step -1) or right (+1) on screen,
        continuing onto the next / previous row at the row edges."""
        if step not in (-1, 1):
            raise ValueError(f"step must be -1 or 1, not {step!r}")
        offset = self.cluster_at(offset)[0]  # an offset inside a cluster snaps back
        rw, stops, idx = self._cursor_stop(offset)
        row_no = rw.line.row
        target = idx + step
        if 0 <= target < len(stops):
            return stops[target][1]
        forward = (step == 1) != rw.line.rtl  # moving towards the row's logical end
        if forward:
            if row_no + 1 >= self.line_count:
                return offset
            return self.line(row_no + 1).start
        if row_no == 0:
            return offset
        return self._logical_end_stop(row_no - 1)

    def move_vertical(self, offset: int, rows: int, goal_col: int | None = None) -> int:
        """Offset ``rows`` rows down (negative: up) at ``goal_col`` (default: the
        current column); clamped to the first / last row."""
        row, col = self.offset_to_cell(offset)
        target = min(max(row + rows, 0), self.line_count - 1)
        return self.cell_to_offset(target, col if goal_col is None else goal_col)

    def line_edge(self, offset: int, side: str) -> int:
        """Offset at the "left" or "right" visual edge of the row of ``offset``."""
        if side not in ("left", "right"):
            raise ValueError(f"side must be 'left' or 'right', not {side!r}")
        rw = self._row_of_offset(offset)
        stops = self._stops(rw)
        if not stops:
            return rw.line.start
        return stops[0][1] if side == "left" else stops[-1][1]

    def word_at(self, offset: int) -> tuple[int, int]:
        """[start, end) of the word (letters, marks, digits) containing ``offset``,
        else the word ending at ``offset``, else (offset, offset).  The edges are
        cluster boundaries."""
        self._check_offset(offset)
        p = self._para_of(offset)
        base = self._pstarts[p]
        text = self._paras[p]
        rel = offset - base
        match = _WORD_CHAR_RE.match
        if rel < len(text) and match(text, rel):
            a = rel
        elif rel > 0 and match(text, rel - 1):
            a = rel - 1
        else:
            return offset, offset
        b = a + 1
        while a > 0 and match(text, a - 1):
            a -= 1
        while b < len(text) and match(text, b):
            b += 1
        start = self.cluster_at(base + a)[0]
        end = base + b
        if end < base + len(text):
            cs, ce = self.cluster_at(end)
            if cs < end:
                end = ce
        return start, end

    def _is_word_start(self, offset: int) -> bool:
        text = self._text
        if offset >= len(text) or not _WORD_CHAR_RE.match(text, offset):
            return False
        return offset == 0 or not _WORD_CHAR_RE.match(text, offset - 1)

    def move_word(self, offset: int, step: int) -> int:
        """Ctrl+left / ctrl+right: the visually previous / next word start (or
        paragraph end, or document edge)."""
        if step not in (-1, 1):
            raise ValueError(f"step must be -1 or 1, not {step!r}")
        cur = self.cluster_at(offset)[0]
        for _ in range(len(self.text) + 2):
            nxt = self.move_visual(cur, step)
            if nxt == cur:
                return cur
            cur = nxt
            if self._is_word_start(cur):
                return cur
            p = self._para_of(cur)
            if cur == self._pstarts[p] + len(self._paras[p]):
                return cur
        return cur

    def cluster_at(self, offset: int) -> tuple[int, int]:
        """[start, end) of the grapheme cluster containing ``offset`` (a paragraph's
        "\\n" is its own cluster; at the document end: (len, len))."""
        self._check_offset(offset)
        p = self._para_of(offset)
        base = self._pstarts[p]
        cl = self._cl(p)
        rel = offset - base
        if rel >= cl.bounds[-1]:
            if offset < len(self.text):
                return offset, offset + 1
            return offset, offset
        k = bisect_right(cl.bounds, rel) - 1
        return base + cl.bounds[k], base + cl.bounds[k + 1]

    def next_cluster(self, offset: int) -> int:
        """Logical start of the cluster after the one containing ``offset``."""
        return self.cluster_at(offset)[1]

    def prev_cluster(self, offset: int) -> int:
        """Logical start of the cluster before ``offset``."""
        self._check_offset(offset)
        if offset == 0:
            return 0
        return self.cluster_at(offset - 1)[0]


def layout_field(text: str, width: int, shape: bool = True) -> DisplayLine:
    """Lay out a short string on ONE row (row 0, offsets relative to ``text``), for
    input fields.  Nothing wraps: control characters including "\\n" are drawn as
    control pictures.  An RTL string is right-aligned when it fits in ``width``;
    when it does not fit, cells run from column 0 past ``width`` and horizontal
    scrolling is left to the widget."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    _check_width(width)
    cl = _Clusters(text)
    para = _Para(text, cl, "auto", shape)
    big = max(width, sum(cl.widths) + 1)
    line, _, _ = _layout_row(cl, para, 0, len(cl.texts), big, 0, 0, 0, width)
    return line
