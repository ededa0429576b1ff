"""Cursor moves over a laid-out document: visual left/right across rows and bidi runs, up and
down at a goal column, row edges, words and grapheme clusters. A mixin of
:class:`annotator.text.layout.DocumentLayout`, whose rows, stops and maps it walks."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from .rows import Row

_WORD_CHAR_RE = regex.compile(r"[\p{L}\p{M}\p{N}\u200c\u200d]")


class CursorMoves:
    """Moves of a cursor offset (see the cursor model in :mod:`annotator.text.layout`)."""

    def _row_of_offset(self, offset: int) -> Row:
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

    def _cursor_stop(self, offset: int) -> tuple[Row, list[tuple[int, int]], int]:
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
