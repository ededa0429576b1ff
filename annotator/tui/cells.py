"""Drawing text through the layout engine: a one-line Arabic-safe strip.

Every piece of document text the UI shows outside the document view (side panel rows,
status line, form fields, the search box) goes through :func:`field_segments`, which lays
it out with ``annotator.text.layout.layout_field`` (bidi reordering, shaping, control
pictures) and builds rich Segments from the cell glyphs - never a markup string, never a
Textual widget that would lay the text out left to right.
"""

from __future__ import annotations

import unicodedata

from rich.segment import Segment
from rich.style import Style

from annotator.text.layout import DisplayLine, layout_field
from annotator.text.visible import visible

SHAPE = {"on": True}  # the --no-shape switch (display only: stored text is never shaped)


def set_shaping(on: bool) -> None:
    SHAPE["on"] = on


def shaping() -> bool:
    return SHAPE["on"]


def flatten(text: str) -> str:
    """One display line: line breaks and tabs become spaces (offsets are kept one for one)."""
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ")


def field_line(text: str, width: int) -> DisplayLine:
    return layout_field(flatten(text), max(1, width), shape=shaping())


def field_segments(
    text: str,
    width: int,
    style: Style | None = None,
    *,
    align: str = "natural",
    cursor: int | None = None,
    cursor_style: Style | None = None,
) -> list[Segment]:
    """Exactly ``width`` cells showing ``text`` laid out by the engine.

    ``align`` ``natural`` keeps the engine's placement (RTL text right-aligned);
    ``left`` moves the glyphs to the left edge (for lists). ``cursor`` (a logical offset
    into ``text``) is drawn in ``cursor_style``; at the end of the text it is drawn just
    past the last character in reading order.
    """
    if width <= 0:
        return []
    style = style or Style()
    line = field_line(text, width) if text else None
    cells = list(line.cells) if line else []
    shift = 0
    if cells:
        left = min(c.col for c in cells)
        right = max(c.col + c.width for c in cells)
        if right - left > width:  # too long: show the start of the text (right end of RTL) ...
            shift = width - right if line is not None and line.rtl else -left
            if cursor is not None:  # ... unless the cursor is elsewhere
                at = next((c.col for c in cells if c.start <= cursor < c.end), None)
                if at is None:
                    at = left - 1 if line is not None and line.rtl else right
                if at + shift < 0:
                    shift = -at
                elif at + shift >= width:
                    shift = width - 1 - at
        elif align == "left":
            shift = -left
    # a list row cut short says so: an ellipsis in the cell where the text goes on
    cut = cursor is None and bool(cells) and right - left > width
    lo, hi = (1, width) if cut and line is not None and line.rtl else (0, width - 1 if cut else width)
    by_col: dict[int, tuple[str, int, bool]] = {}
    if cut:
        by_col[0 if lo else width - 1] = ("…", 1, False)
    for c in cells:
        col = c.col + shift
        if lo <= col and col + c.width <= hi:
            on_cursor = cursor is not None and c.start <= cursor < c.end
            by_col[col] = (c.glyph, c.width, on_cursor)
    cursor_col: int | None = None
    if cursor is not None and not any(v[2] for v in by_col.values()):
        if not cells:
            cursor_col = width - 1 if (line and line.rtl) else 0
        elif line is not None and line.rtl:
            cursor_col = min(c.col for c in cells) + shift - 1
        else:
            cursor_col = max(c.col + c.width for c in cells) + shift
        cursor_col = max(0, min(width - 1, cursor_col))
    segments: list[Segment] = []
    col = 0
    cstyle = cursor_style or Style(reverse=True)
    while col < width:
        if col in by_col:
            glyph, w, on_cursor = by_col[col]
            segments.append(Segment(glyph, style + cstyle if on_cursor else style))
            col += w
        else:
            segments.append(Segment(" ", style + cstyle if col == cursor_col else style))
            col += 1
    return segments


def _safe(text: str) -> str:
    """UI text with controls shown as visible escapes (``\\x1b``, as on the command line) and
    the remaining format characters replaced (nothing invisible reaches the terminal)."""
    return "".join("\ufffd" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in visible(text))


def ascii_segments(text: str, width: int, style: Style | None = None) -> list[Segment]:
    """Plain ASCII/UI text (never document text), cut or padded to ``width`` cells."""
    text = _safe(text)[:width]
    return [Segment(text + " " * (width - len(text)), style or Style())]


def visual_text(text: str) -> str:
    """A short UI string that may hold Arabic (an annotator name, a path), in screen order:
    the engine's glyphs left to right, without the alignment padding."""
    if not text:
        return ""
    line = field_line(text, 2 * len(text) + 2)
    cells = sorted(line.cells, key=lambda c: c.col)
    out: list[str] = []
    col = cells[0].col if cells else 0
    for c in cells:
        out.append(" " * max(0, c.col - col) + c.glyph)
        col = c.col + c.width
    return "".join(out)
