"""An Arabic-capable single-line input: the text is laid out by the engine, not by Textual."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from annotator.tui.cells import ascii_segments, field_line, field_segments


class ArabicField(Widget, can_focus=True):
    """``label: value`` on one line. Typing inserts at the cursor; left/right move the cursor
    visually (on screen); home/end; backspace/delete; enter submits."""

    DEFAULT_CSS = """
    ArabicField { height: 1; width: 1fr; }
    """

    value: reactive[str] = reactive("", layout=False)

    class Changed(Message):
        def __init__(self, field: ArabicField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

    class Submitted(Message):
        def __init__(self, field: ArabicField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

    def __init__(self, label: str = "", value: str = "", *, placeholder: str = "", label_width: int = 0, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.placeholder = placeholder
        self.label_width = max(label_width, len(label) + 2 if label else 0)
        self.set_reactive(ArabicField.value, value)
        self.cursor = len(value)

    def set_value(self, value: str) -> None:
        self.value = value
        self.cursor = len(value)
        self.refresh()

    def watch_value(self, value: str) -> None:
        self.cursor = min(self.cursor, len(value))
        self.refresh()

    # -- drawing -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0 or width <= 0:
            return Strip.blank(width)
        base = self.rich_style
        label_style = base + Style(bold=self.has_focus)
        box = base + Style(bgcolor="#303040" if self.has_focus else "#202028", color="#ffffff")
        segments: list[Segment] = []
        lw = min(self.label_width, width)
        if lw:
            segments += ascii_segments(f"{self.label}:", lw, label_style)
        room = width - lw
        if not self.value and not self.has_focus:
            segments += ascii_segments(self.placeholder, room, box + Style(dim=True))
        else:
            segments += field_segments(
                self.value, room, box, cursor=self.cursor if self.has_focus else None
            )
        return Strip(segments, width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- editing -----------------------------------------------------------------------

    def _visual_step(self, step: int) -> None:
        """Move the cursor one character left (-1) or right (+1) on the screen."""
        text = self.value
        if not text:
            return
        room = max(1, self.size.width - self.label_width)
        line = field_line(text, room)
        cells = sorted(line.cells, key=lambda c: c.col)
        # positions: a cursor sits "on" a cell (its logical start); one more slot past the end
        at = next((i for i, c in enumerate(cells) if c.start <= self.cursor < c.end), None)
        if at is None:  # at the end of the text: the slot past the last character in reading order
            at = -1 if line.rtl else len(cells)
        target = at + step
        if 0 <= target < len(cells):
            self.cursor = cells[target].start
        elif (target < 0 and line.rtl) or (target >= len(cells) and not line.rtl):
            self.cursor = len(text)
        self.refresh()

    def _edit(self, value: str, cursor: int) -> None:
        self.cursor = cursor
        self.value = value
        self.post_message(self.Changed(self, value))

    async def _on_key(self, event: events.Key) -> None:
        key = event.key
        text, pos = self.value, self.cursor
        handled = True
        if key == "left":
            self._visual_step(-1)
        elif key == "right":
            self._visual_step(+1)
        elif key == "home":
            self.cursor = 0
        elif key == "end":
            self.cursor = len(text)
        elif key == "backspace":
            if pos > 0:
                self._edit(text[: pos - 1] + text[pos:], pos - 1)
        elif key == "delete":
            if pos < len(text):
                self._edit(text[:pos] + text[pos + 1 :], pos)
        elif key == "ctrl+u":
            self._edit("", 0)
        elif key == "enter":
            self.post_message(self.Submitted(self, text))
        elif event.is_printable and event.character and event.character.isprintable():
            self._edit(text[:pos] + event.character + text[pos:], pos + len(event.character))
        else:
            handled = False
        if handled:
            event.stop()
            event.prevent_default()
            self.refresh()

    async def _on_paste(self, event: events.Paste) -> None:
        chunk = "".join(ch for ch in event.text if ch.isprintable())
        self._edit(self.value[: self.cursor] + chunk + self.value[self.cursor :], self.cursor + len(chunk))
        event.stop()
