"""The side panel: the document's annotations in reading order, drawn through the engine."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.tui.cells import ascii_segments, field_segments
from annotator.tui.session import SpanRef

TAG_WIDTH = 11  # "# duration" and a space: a claim kind is never cut


class AnnotationPanel(ScrollView, can_focus=True):
    """One row per span: ``TAG  text  id``. up/down choose, enter edits, delete removes."""

    DEFAULT_CSS = """
    AnnotationPanel { width: 36; border-left: solid $primary-darken-2; }
    AnnotationPanel:focus { border-left: thick $accent; }
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("enter", "choose", "Edit span"),
        Binding("delete", "remove", "Delete span"),
        Binding("escape", "leave", "Back to text"),
    ]

    class Chosen(Message):
        def __init__(self, span: SpanRef, edit: bool) -> None:
            super().__init__()
            self.span = span
            self.edit = edit

    class Remove(Message):
        def __init__(self, span: SpanRef) -> None:
            super().__init__()
            self.span = span

    class Leave(Message):
        pass

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[SpanRef] = []
        self.label_colors: dict[str, str] = {}
        self.index = 0
        self.current: tuple[str, str] | None = None

    def set_rows(self, rows: list[SpanRef], colors: dict[str, str], current: tuple[str, str] | None) -> None:
        self.rows = rows
        self.label_colors = colors
        self.current = current
        keys = [r.key for r in rows]
        if current in keys:
            self.index = keys.index(current)
        self.index = max(0, min(self.index, len(rows) - 1))
        self.virtual_size = Size(self.size.width, max(1, len(rows)))
        self.refresh()

    def tag(self, span: SpanRef) -> tuple[str, Style]:
        if span.layer == "entity":
            color = self.label_colors.get(span.label, "#888888")
            return span.label, Style(color=color, bold=True)
        if span.layer == "quote":
            return "Q " + span.label[:3], Style(underline=True)
        if span.layer == "cue":
            return "  cue", Style(italic=True, color="#ff87ff")
        return "# " + span.label, Style(bold=True, color="#ffd75f")

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width  # without the scrollbar, which would hide the ids
        row = int(self.scroll_offset.y) + y
        base = self.rich_style
        if not self.rows:
            if y == 0:
                return Strip(ascii_segments("no annotations yet", width, base + Style(dim=True)), width)
            return Strip.blank(width, base)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        span = self.rows[row]
        style = self.row_style(row, span.key == self.current and span.layer != "cue")
        tag, tag_style = self.tag(span)
        id_width = 1 + max(len(r.id) for r in self.rows)  # the longest id of the list, whole
        segments: list[Segment] = ascii_segments(tag, TAG_WIDTH, style + tag_style)
        text_w = max(1, width - TAG_WIDTH - id_width)
        segments += field_segments(span.text, text_w, style)
        segments += ascii_segments(" " + span.id.rjust(id_width - 1), id_width, style + Style(dim=True))
        return Strip(segments, width).crop(0, width)

    def row_style(self, row: int, current: bool) -> Style:
        """A row's style: reverse video for the chosen row while the list has the focus,
        a grey background for the current span."""
        if row == self.index and self.has_focus:
            return self.rich_style + Style(reverse=True)
        return self.rich_style + Style(bgcolor="#3a3a3a") if current else self.rich_style

    async def _on_click(self, event: events.Click) -> None:
        row = event.y + int(self.scroll_offset.y)
        if 0 <= row < len(self.rows):
            self.index = row
            self.refresh()
            self.post_message(self.Chosen(self.rows[row], edit=event.chain >= 2))
            event.stop()

    def action_cursor(self, step: int) -> None:
        if not self.rows:
            return
        self.index = max(0, min(len(self.rows) - 1, self.index + step))
        self.scroll_to_region_row()
        self.post_message(self.Chosen(self.rows[self.index], edit=False))
        self.refresh()

    def scroll_to_region_row(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if self.index < top:
            self.scroll_to(y=self.index, animate=False, immediate=True)
        elif self.index >= top + height:
            self.scroll_to(y=self.index - height + 1, animate=False, immediate=True)

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self.rows[self.index], edit=True))

    def action_remove(self) -> None:
        if self.rows:
            self.post_message(self.Remove(self.rows[self.index]))

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
