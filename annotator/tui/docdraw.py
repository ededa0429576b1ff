"""How the document view draws a row: the highlight styles, :class:`Mark` (a highlighted
span), and :class:`RowDrawing`, the view's mixin that keeps the marks and search matches
(sorted, with their starts for bisection) and renders one row to a strip.

Highlights (nested spans stay distinguishable):
* entity  - background in its label colour (dark text);
* quote   - underline;
* claim   - bold italic, yellow text outside entities;
* cue     - italic, magenta text, underlined;
* current span (the one ``enter``/``delete`` act on) - reverse video;
* selection - blue background; search matches - brown background; cursor - reverse cell.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

SELECTION = Style(bgcolor="#1c5fa8", color="#ffffff")
MATCH = Style(bgcolor="#875f00", color="#ffffff")
CURSOR = Style(color="#000000", bgcolor="#ffffff", bold=True, reverse=False)
QUOTE = Style(underline=True)
CLAIM = Style(bold=True, italic=True)
CLAIM_FG = Style(color="#ffd75f")
CUE = Style(italic=True, underline=True, color="#ff87ff")
CURRENT = Style(reverse=True, bold=True)
HEADING = Style(bold=True)


@dataclass(frozen=True)
class Mark:
    """A highlighted span: ``layer`` entity|quote|claim|cue, ``color`` for entities; an
    ``overlay`` mark (another span layer: see ``annotator.tui.layers``) adds its ``style``."""

    layer: str
    start: int
    end: int
    color: str = ""
    key: tuple[str, str] = ("", "")
    style: Style | None = None


def _ink(color: str) -> str:
    """Black or white text, whichever reads better on ``color``."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 110 else "#ffffff"


class RowDrawing:
    """Mixin of :class:`annotator.tui.docview.DocView`: its highlights and ``render_line``
    (uses the view's ``lay``, ``cursor``, ``selection``, ``current``, ``headings`` and
    ``_paragraph_start``, its row cache and ``invalidate``)."""

    def set_marks(self, marks: list[Mark], current: tuple[str, str] | None = None) -> None:
        self.marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._mark_starts = [m.start for m in self.marks]
        self._max_len = max((m.end - m.start for m in self.marks), default=0)
        self.current = current
        self.invalidate()

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        self.matches = matches
        self._match_starts = [s for s, _ in matches]
        self.invalidate()

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        width = self.size.width
        lay = self.lay
        if row >= lay.line_count:
            return Strip.blank(width, self.rich_style)
        strip = self._cache.get(row)
        if strip is None:
            strip = self._render_row(row, width)
            self._cache[row] = strip
        return strip

    def _marks_between(self, start: int, end: int) -> list[Mark]:
        lo = bisect.bisect_left(self._mark_starts, start - self._max_len)
        hi = bisect.bisect_left(self._mark_starts, end + 1)
        return [m for m in self.marks[lo:hi] if m.start < max(end, start + 1) and m.end > start]

    def _matches_between(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = max(0, bisect.bisect_left(self._match_starts, start) - 1)
        hi = bisect.bisect_left(self._match_starts, end + 1)
        return [m for m in self.matches[lo:hi] if m[0] < end and m[1] > start]

    def _cell_style(self, start: int, end: int, marks: list[Mark], matches, sel, heading: bool, base: Style) -> Style:
        if not marks and not matches and (sel is None or end <= sel[0] or start >= sel[1]) and not (start <= self.cursor < end):
            return base + HEADING if heading else base
        style = base
        if heading:
            style += HEADING
        entity = quote = claim = cue = None
        current = False
        for m in marks:
            if m.start <= start and end <= m.end:
                if m.layer == "entity" and (entity is None or m.end - m.start <= entity.end - entity.start):
                    entity = m
                elif m.layer == "quote":
                    quote = m
                elif m.layer == "claim":
                    claim = m
                elif m.layer == "cue":
                    cue = m
                elif m.style is not None:
                    style += m.style
                if self.current is not None and m.key == self.current:
                    current = True
        if entity is not None:
            style += Style(bgcolor=entity.color, color=_ink(entity.color))
        if quote is not None:
            style += QUOTE
        if claim is not None:
            style += CLAIM if entity is not None else CLAIM + CLAIM_FG
        if cue is not None:
            style += CUE
        if any(s <= start and end <= e for s, e in matches):
            style += MATCH
        if sel is not None and sel[0] <= start and end <= sel[1]:
            style += SELECTION
        if current:
            style += CURRENT
        if start <= self.cursor < end:
            style += CURSOR
        return style

    def _render_row(self, row: int, width: int) -> Strip:
        lay = self.lay
        line = lay.line(row)
        marks = self._marks_between(line.start, line.end)
        matches = self._matches_between(line.start, line.end)
        sel = self.selection
        heading = self._paragraph_start(line.start) in self.headings
        base = self.rich_style
        segments: list[Segment] = []
        col = 0
        cursor_col = None
        if lay.row_of(self.cursor) == row:
            crow, ccol = lay.offset_to_cell(self.cursor)
            if crow == row:
                cursor_col = ccol
        for cell in sorted(line.cells, key=lambda c: c.col):
            if cell.col < col:
                continue
            if cell.col > col:
                gap = cell.col - col
                pad = base + CURSOR if cursor_col is not None and col <= cursor_col < cell.col else base
                if pad is not base:
                    segments.append(Segment(" " * (cursor_col - col), base))
                    segments.append(Segment(" ", pad))
                    if cell.col - cursor_col - 1 > 0:
                        segments.append(Segment(" " * (cell.col - cursor_col - 1), base))
                else:
                    segments.append(Segment(" " * gap, base))
                col = cell.col
            if col + cell.width > width:
                break
            style = self._cell_style(cell.start, cell.end, marks, matches, sel, heading, base)
            if cursor_col == cell.col and not (cell.start <= self.cursor < cell.end):
                style += CURSOR
            segments.append(Segment(cell.glyph, style))
            col += cell.width
        if col < width:
            if cursor_col is not None and col <= cursor_col < width:
                segments.append(Segment(" " * (cursor_col - col), base))
                segments.append(Segment(" ", base + CURSOR))
                col = cursor_col + 1
            if col < width:
                segments.append(Segment(" " * (width - col), base))
        return Strip(segments, width)


__all__ = ["Mark", "RowDrawing"]
