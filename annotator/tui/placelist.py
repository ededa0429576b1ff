"""The claim form's list of places: an ordered list of entity ids that can be added to,
removed from and reordered, on one line.

``place: [e53 العراق] [e54 سوريا] + < e4 واشنطن >``

left/right choose an item or the ``+`` slot at the end; on the ``+`` slot space cycles the
offered place and ``+`` (or ``insert``) adds it; on an item ``-`` (or delete/backspace)
removes it and shift+left/shift+right move it earlier/later in the list.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

from annotator.tui.cells import ascii_segments, field_line, field_segments
from annotator.tui.prefill import Candidate

HINT = "left/right item  + add  - remove  shift+left/right move  space other place"


def text_width(text: str) -> int:
    """Cells that ``text`` takes once laid out (shaping may join letters into one cell)."""
    cells = field_line(text, 2 * len(text) + 2).cells if text else []
    return max((c.col + c.width for c in cells), default=0) - min((c.col for c in cells), default=0)


class PlaceList(Widget, can_focus=True):
    """An ordered list of entity ids; ``value`` is the list (ids), as the record holds it."""

    DEFAULT_CSS = """
    PlaceList { height: 1; width: 1fr; }
    """

    def __init__(self, label: str, chosen: list[str], candidates: list[Candidate], *, label_width: int = 10, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.label_width = label_width
        by_ref = {c.ref: c for c in candidates}
        # an id the candidates do not know (another label, say) is kept and shown by its id
        self.items: list[Candidate] = [by_ref.get(ref) or Candidate(0, 0, "", ref) for ref in chosen]
        self.candidates = candidates
        self.index = len(self.items)  # the + slot
        self.offer = 0

    @property
    def value(self) -> list[str]:
        return [c.ref for c in self.items if c.ref is not None]

    def pool(self) -> list[Candidate]:
        """The places not in the list yet, nearest first (another mention of a chosen place,
        the same name, is not offered again)."""
        chosen = set(self.value)
        names = {c.text for c in self.items if c.text}
        return [c for c in self.candidates if c.ref not in chosen and c.text not in names]

    # -- editing -----------------------------------------------------------------------

    def add(self) -> bool:
        pool = self.pool()
        if not pool:
            return False
        self.items.append(pool[self.offer % len(pool)])
        self.offer = 0
        self.index = len(self.items)
        return True

    def remove(self) -> bool:
        if self.index >= len(self.items):
            return False
        del self.items[self.index]
        return True

    def move(self, step: int) -> bool:
        i, j = self.index, self.index + step
        if i >= len(self.items) or not 0 <= j < len(self.items):
            return False
        self.items[i], self.items[j] = self.items[j], self.items[i]
        self.index = j
        return True

    async def _on_key(self, event: events.Key) -> None:
        key = event.key
        done = True
        if key == "left":
            self.index = max(0, self.index - 1)
        elif key == "right":
            self.index = min(len(self.items), self.index + 1)
        elif key in ("plus", "insert"):
            done = self.add()
        elif key in ("minus", "delete", "backspace"):
            done = self.remove()
        elif key in ("shift+left", "shift+right"):
            done = self.move(-1 if key == "shift+left" else 1)
        elif key == "space" and self.index == len(self.items):
            self.offer += 1
        else:
            return
        event.stop()
        event.prevent_default()
        if not done:
            self.app.bell()
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing -----------------------------------------------------------------------

    def _item(self, c: Candidate, selected: bool, base: Style) -> list[Segment]:
        style = base + Style(bgcolor="#505070" if selected and self.has_focus else "#202028", color="#ffffff")
        head = f"[{c.ref} "
        segments = ascii_segments(head, len(head), style)
        if c.text:
            segments += field_segments(c.text, text_width(c.text), style, align="left")
        return segments + ascii_segments("]", 1, style)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        segments = ascii_segments(f"{self.label}:", self.label_width, base + Style(bold=self.has_focus))
        if not self.items:
            segments += ascii_segments("none ", 5, base + Style(dim=True))
        for i, c in enumerate(self.items):
            segments += self._item(c, i == self.index, base) + [Segment(" ", base)]
        pool = self.pool()
        on_plus = self.index == len(self.items)
        plus_style = base + Style(bold=True, reverse=on_plus and self.has_focus)
        if pool:
            offer = pool[self.offer % len(pool)]
            segments += [Segment("+", plus_style), Segment(" ", base)]
            segments += ascii_segments("< ", 2, base + Style(dim=not on_plus))
            segments += field_segments(offer.text, text_width(offer.text), base + Style(dim=not on_plus), align="left")
            segments += ascii_segments(f" {offer.ref} >", len(offer.ref or "") + 3, base + Style(dim=not on_plus))
        else:
            segments += [Segment("+", plus_style)] + ascii_segments(" (no other GPE/LOC mention)", 27, base + Style(dim=True))
        return Strip(segments).crop(0, width).extend_cell_length(width, base)
