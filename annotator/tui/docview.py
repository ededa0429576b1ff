"""The document view: draws the text from the layout engine's maps, row by row.

Only visible rows are drawn (``render_line`` with a per-row cache, as Textual's TextArea
and toolong do). Every glyph comes from a ``DisplayCell`` of ``DocumentLayout``: shaped,
mirrored, control characters as visible pictures - safe to send to the terminal. Document
text is never markup: segments are built from plain strings and rich ``Style`` objects.
The highlights and the drawing of a row are ``annotator.tui.docdraw``, the mouse
``annotator.tui.docmouse`` (mixins: Textual wants one widget class).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.text.layout import DocumentLayout
from annotator.tui.docdraw import Mark, RowDrawing
from annotator.tui.docmouse import DocMouse


class DocView(RowDrawing, DocMouse, ScrollView, can_focus=True):
    """Cursor, selection and highlights over a laid-out document."""

    DEFAULT_CSS = """
    DocView { padding: 0 1; }
    """

    class Moved(Message):
        """The cursor or the selection changed."""

    class Clicked(Message):
        """A mouse press placed the cursor."""

    def __init__(self, text: str = "", *, shape: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shape = shape
        self.text = text
        self.layout_engine: DocumentLayout | None = None
        self.cursor = 0
        self.sel_anchor: int | None = None
        self.goal_col: int | None = None
        self.marks: list[Mark] = []
        self._mark_starts: list[int] = []
        self._max_len = 0
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self.current: tuple[str, str] | None = None
        self._cache: dict[int, Strip] = {}
        self._width = 0
        self._last_rows: tuple[int, int] | None = None  # rows of the cursor/selection last drawn
        self.headings: set[int] = set()

    # -- content -----------------------------------------------------------------------

    def set_text(self, text: str, cursor: int = 0) -> None:
        self.text = text
        self.cursor = max(0, min(cursor, len(text)))
        self.sel_anchor = None
        self.goal_col = None
        self.matches, self._match_starts = [], []
        self.current = None
        self._width = 0
        self._last_rows = None
        self.layout_engine = None
        self._relayout()
        self.scroll_to_cursor(center=True)

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width)

    def _relayout(self) -> None:
        width = self._text_width() if self.is_mounted else 80
        if self.layout_engine is not None and width == self._width:
            return
        self._width = width
        if self.layout_engine is not None and self.layout_engine.text is self.text:
            self.layout_engine.width = width  # re-wraps lazily, keeps the per-paragraph caches
        else:
            self.layout_engine = DocumentLayout(self.text, width, shape=self.shape)
        self._find_headings()
        self._cache.clear()
        self.virtual_size = Size(width, self.layout_engine.line_count)
        self.refresh()

    def _find_headings(self) -> None:
        """Short paragraphs without final punctuation are drawn bold (titles, section heads)."""
        self.headings = set()
        pos = 0
        for para in self.text.split("\n"):
            stripped = para.strip()
            if stripped and len(stripped) < 80 and stripped[-1] not in ".!?؟:،,;؛\"»”)":
                self.headings.add(pos)
            pos += len(para) + 1

    def _paragraph_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self.scroll_to_cursor()

    def on_mount(self) -> None:
        self._relayout()
        self.scroll_to_cursor(center=True)

    @property
    def lay(self) -> DocumentLayout:
        if self.layout_engine is None:
            self._relayout()
        assert self.layout_engine is not None
        return self.layout_engine

    def invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    # -- selection ---------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.sel_anchor is None or self.sel_anchor == self.cursor:
            return None
        return (min(self.sel_anchor, self.cursor), max(self.sel_anchor, self.cursor))

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` with the cursor at its logical end (shift+motion extends the end)."""
        self.sel_anchor, self.cursor = start, end
        self.goal_col = None
        self._moved()

    def clear_selection(self) -> bool:
        had = self.sel_anchor is not None
        self.sel_anchor = None
        self._moved()
        return had

    def move_to(self, offset: int, *, extend: bool = False, keep_goal: bool = False) -> None:
        offset = max(0, min(offset, len(self.text)))
        if extend:
            if self.sel_anchor is None:
                self.sel_anchor = self.cursor
        else:
            self.sel_anchor = None
        self.cursor = offset
        if not keep_goal:
            self.goal_col = None
        self._moved()

    def _span_rows(self) -> tuple[int, int]:
        """First and last row touched by the cursor and the selection."""
        lay = self.lay
        lo = hi = lay.row_of(self.cursor)
        sel = self.selection
        if sel is not None:
            lo = min(lo, lay.row_of(sel[0]))
            hi = max(hi, lay.row_of(sel[1]))
        return lo, hi

    def _moved(self) -> None:
        """Redraw only the rows the old and new cursor/selection touch."""
        old_rows = self._last_rows
        new_lo, new_hi = self._span_rows()
        lo, hi = (min(old_rows[0], new_lo), max(old_rows[1], new_hi)) if old_rows else (0, 1 << 62)
        for row in [r for r in self._cache if lo <= r <= hi]:
            del self._cache[row]
        self._last_rows = (new_lo, new_hi)
        self.scroll_to_cursor()
        self.refresh()
        self.post_message(self.Moved())

    def scroll_to_cursor(self, center: bool = False) -> None:
        if not self.is_mounted or self.layout_engine is None:
            return
        row = self.lay.row_of(self.cursor)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if center and not (top <= row < top + height):
            self.scroll_to(y=max(0, row - height // 2), animate=False, immediate=True)
        elif row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    # -- motions (called by the app's actions) ------------------------------------------

    def motion(self, name: str, extend: bool = False) -> None:
        lay = self.lay
        cur = self.cursor
        height = max(1, self.scrollable_content_region.height)
        if name in ("left", "right"):
            target = lay.move_visual(cur, -1 if name == "left" else 1)
        elif name in ("word_left", "word_right"):
            # the engine moves on screen: -1 is the next word start to the left
            target = lay.move_word(cur, -1 if name == "word_left" else 1)
        elif name in ("up", "down", "page_up", "page_down"):
            rows = {"up": -1, "down": 1, "page_up": -(height - 1), "page_down": height - 1}[name]
            if self.goal_col is None:
                self.goal_col = lay.offset_to_cell(cur)[1]
            target = lay.move_vertical(cur, rows, self.goal_col)
            self.move_to(target, extend=extend, keep_goal=True)
            return
        elif name in ("home", "end"):
            target = lay.line_edge(cur, "left" if name == "home" else "right")
        else:
            raise ValueError(name)
        self.move_to(target, extend=extend)

    def select_word(self) -> bool:
        s, e = self.lay.word_at(self.cursor)
        if s >= e:
            return False
        self.select(s, e)
        return True

    def adjust_start(self, step: int) -> bool:
        """``]`` (+1) moves the selection's logical start one cluster later (shrinks it),
        ``[`` (-1) one cluster earlier (grows it)."""
        sel = self.selection
        if sel is None:
            return False
        start, end = sel
        lay = self.lay
        new = lay.next_cluster(start) if step > 0 else lay.prev_cluster(start)
        if not 0 <= new < end:
            return False
        if self.cursor == start:
            self.cursor = new
        else:
            self.sel_anchor = new
        self._moved()
        return True
