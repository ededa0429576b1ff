"""One paragraph's display data (grapheme clusters, bidi levels, shaped glyphs) and one laid-out
row: the cells of a row in visual order with the logical range each stands for
(:class:`annotator.text.layout.DocumentLayout` caches and maps them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter

from . import bidi as _bidi
from .clusters import SIMPLE_MARKS, glyphs_of, split_clusters_simple, widths_of
from .shaping import shape as _shape
from .ucd_data import MIRRORS


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


_DIRECTIONS = ("auto", "ltr", "rtl")
_new = object.__new__
_MIRRORED_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(MIRRORS)) + "]")


class Clusters:
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


class Para:
    """Display data of one paragraph (width-independent): bidi and glyphs."""

    __slots__ = ("level", "levels", "classes", "glyphs", "special", "mirrorable")

    def __init__(self, text: str, cl: Clusters, direction: str, shape: bool) -> None:
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


class Row:
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


def check_width(width: int) -> int:
    if not isinstance(width, int) or isinstance(width, bool) or width < 1:
        raise ValueError(f"width must be a positive integer, not {width!r}")
    return width


def check_direction(direction: str) -> str:
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction must be 'auto', 'ltr' or 'rtl', not {direction!r}")
    return direction


def layout_row(
    cl: Clusters,
    para: Para,
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
