"""The status line (two rows) and the search bar."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.containers import Horizontal
from textual.strip import Strip
from textual.widget import Widget

from annotator.tui.cells import ascii_segments, field_segments, visual_text
from annotator.tui.field import ArabicField


@dataclass
class StatusInfo:
    doc_id: str = ""
    position: str = ""
    annotator: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    status: str = "draft"
    saved: str = "saved"
    out: str = ""
    selection: tuple[int, int] | None = None
    cursor: int = 0
    selected_text: str = ""
    message: str = ""
    current: str = ""  # the current span, e.g. "[e1 PER, tab: 1 more]"
    read_only: bool = False
    labels: list[tuple[str, str, str]] = field(default_factory=list)  # (key, name, colour)
    mode: str = ""  # a mode's own counts (adjudication: unresolved disagreements)


class StatusLine(Widget):
    """Row 1: document, position, annotator, counts, status, saved state, output file.
    Row 2: the selection (offsets and text, drawn by the engine) and the label keys."""

    DEFAULT_CSS = """
    StatusLine { height: 2; background: $boost; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = StatusInfo()

    def update_info(self, info: StatusInfo) -> None:
        self.info = info
        self.refresh()

    def _fit(self, parts: list[tuple[str, Style]], width: int, base: Style) -> Strip:
        parts = _fit_parts(parts, width)
        segments = [Segment(text, base + style) for text, style in parts]
        used = sum(len(t) for t, _ in parts)
        segments.append(Segment(" " * max(0, width - used), base))
        return Strip(segments, width).crop(0, width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        i = self.info
        if y == 0:
            c = i.counts
            saved_style = Style(color="#87d787") if i.saved == "saved" else Style(color="#ff5f5f", bold=True)
            out = visual_text(i.out)
            parts: list[tuple[str, Style]] = [
                (f" {i.doc_id} ({i.position})", Style(bold=True)),
                (f"  {visual_text(i.annotator)}", Style()),
                (f"  E {c.get('entity', 0)}  Q {c.get('quote', 0)}  C {c.get('claim', 0)}", Style()),
                (f"  [{i.status}]", Style(color="#87d787") if i.status == "done" else Style(color="#d7af5f")),
                *([(f"  {i.mode}", Style(bold=True, color="#ff87af"))] if i.mode else []),
                (f"  {i.saved}", saved_style),
            ]
            if i.read_only:
                parts.append(("  READ-ONLY", Style(bold=True, color="#ffffff", bgcolor="#af0000")))
            parts.append((f"  -> {out}", Style(dim=True)))
            return self._fit(parts, width, base)
        if y == 1:
            if i.message:
                message = " " + i.message
                if len(message) > width - 1:  # cut visibly, never into the last column
                    message = message[: max(0, width - 2)] + "…"
                return Strip(ascii_segments(message, width, base + Style(color="#ffd75f")), width)
            if i.selection:
                s, e = i.selection
                head = f" sel {s}-{e} ({e - s}) "
            else:
                head = f" cursor {i.cursor} {i.current} " if i.current else f" cursor {i.cursor} "
            legend: list[Segment] = []
            legend_w = 0
            for key, name, colour in i.labels:
                legend += [Segment(f" {key}", base + Style(bold=True)), Segment(f"{name}", base + Style(color=colour))]
                legend_w += len(key) + len(name) + 1
            legend += [Segment("  ? help ", base + Style(dim=True))]
            legend_w += 9
            room = width - len(head) - legend_w - 1
            segments = ascii_segments(head, len(head), base + Style(bold=True))
            if room > 0:
                segments += field_segments(i.selected_text, room, base + Style(color="#ffffff"), align="left")
                segments += [Segment(" ", base)]
                segments += legend
            return Strip(segments, width).crop(0, width)
        return Strip.blank(width, base)


def _fit_parts(parts: list[tuple[str, Style]], width: int) -> list[tuple[str, Style]]:
    """The status parts that fit in ``width - 1`` cells (the last column stays free): the
    output path shrinks to its file name, then goes, then the annotator; the document id
    is cut with an ellipsis only when nothing else is left to drop."""
    room = width - 1
    parts = list(parts)

    def used() -> int:
        return sum(len(t) for t, _ in parts)

    out_index = len(parts) - 1
    if used() > room:
        text, style = parts[out_index]
        name = text.rsplit("/", 1)[-1]
        parts[out_index] = (f"  -> {name}" if "/" in text else text, style)
    if used() > room:
        parts.pop(out_index)
    if used() > room:
        parts.pop(1)  # the annotator
    if used() > room:
        head, style = parts[0]
        cut = max(1, len(head) - (used() - room) - 1)
        parts[0] = (head[:cut] + "…", style)
    return parts


class SearchBar(Horizontal):
    """``/``: an Arabic field; matches update as one types, enter jumps, escape closes."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $boost; }
    SearchBar.open { display: block; }
    """

    BINDINGS = [Binding("escape", "close", "Close search")]

    def compose(self):
        yield ArabicField("search", placeholder="type to search", id="search-field")

    @property
    def field(self) -> ArabicField:
        return self.query_one("#search-field", ArabicField)

    def open(self) -> None:
        self.add_class("open")
        self.field.set_value("")
        self.field.focus()

    def action_close(self) -> None:
        self.remove_class("open")
        self.app.query_one("DocView").focus()
