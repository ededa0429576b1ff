"""The guidelines pane (``g`` in the document, F2 anywhere): the section of the guidelines for
the current span's layer, scrollable, closed by escape.

The text is laid out by the project's own engine (``annotator.text.layout``: bidi reordering
per row, shaping, wrapping to the pane) like the document view, never by a Textual widget
that would lay Arabic out left to right; styles are applied per cell from logical offsets.
"""

from __future__ import annotations

from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from annotator.guide.guidelines import Guide, Heading, find_guidelines, parse, section_for
from annotator.text.layout import DocumentLayout
from annotator.tui.cells import field_segments, shaping

STYLES = {"heading": Style(bold=True, underline=True), "bold": Style(bold=True), "em": Style(italic=True), "code": Style(color="#87d7ff")}


def load_guide(corpus_dir: Path | None) -> tuple[Path | None, Guide | None, str]:
    """The guidelines for ``corpus_dir``: (path, parsed guide, problem line or "")."""
    path = find_guidelines(corpus_dir)
    if path is None:
        return None, None, "no guidelines found: put guidelines.md in the corpus directory"
    try:
        return path, parse(path.read_text(encoding="utf-8", errors="replace")), ""
    except OSError as e:
        return path, None, f"{path}: cannot read: {e.strerror or e}"


class GuideView(ScrollView, can_focus=True):
    """The guidelines text, laid out by the engine, one row per screen line."""

    BINDINGS = [
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]

    def __init__(self, guide: Guide, start: int = 0) -> None:
        super().__init__()
        self.guide = guide
        self.start = start  # offset to show at the top first
        self.lay: DocumentLayout | None = None
        self._cache: dict[int, Strip] = {}

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or (self.lay is not None and self.lay.width == width):
            return  # not laid out on the screen yet (a Resize follows), or nothing changed
        top = self.start if self.lay is None else self.lay.line(min(self.top_row, self.lay.line_count - 1)).start
        self.lay = DocumentLayout(self.guide.text, max(10, width), shape=shaping())
        self._cache.clear()
        self.virtual_size = Size(width, self.lay.line_count)
        self.refresh()
        self.show_offset(top)  # the same text stays at the top

    def on_mount(self) -> None:
        self._relayout()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def show_offset(self, offset: int) -> None:
        """Scroll so that the row of ``offset`` is the top row."""
        if self.lay is not None:
            self.scroll_to(y=self.lay.row_of(offset), animate=False, immediate=True)

    @property
    def top_row(self) -> int:
        return int(self.scroll_offset.y)

    def render_line(self, y: int) -> Strip:
        row = self.top_row + y
        width = self.size.width
        if self.lay is None or row >= self.lay.line_count:
            return Strip.blank(width, self.rich_style)
        strip = self._cache.get(row)
        if strip is None:
            strip = self._cache[row] = self._row(row, width)
        return strip

    def _row(self, row: int, width: int) -> Strip:
        line = self.lay.line(row)  # type: ignore[union-attr]
        base = self.rich_style
        spans = [(s, e, STYLES[k]) for s, e, k in self.guide.styles if s < line.end and e > line.start]
        segments: list[Segment] = []
        col = 0
        for cell in line.cells:  # visual order, left to right
            if cell.col < col or cell.col + cell.width > width:
                continue
            if cell.col > col:
                segments.append(Segment(" " * (cell.col - col), base))
            style = base
            for s, e, extra in spans:
                if s <= cell.start and cell.end <= e:
                    style += extra
            segments.append(Segment(cell.glyph, style))
            col = cell.col + cell.width
        if col < width:
            segments.append(Segment(" " * (width - col), base))
        return Strip(segments, width)


class GuideTitle(Widget):
    """One row naming the section and why it was chosen, drawn by the engine."""

    DEFAULT_CSS = "GuideTitle { height: 1; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        return Strip(field_segments(self.text, width, self.rich_style + Style(bold=True), align="left"), width)


class GuidelinesScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    GuidelinesScreen { align: center middle; }
    GuidelinesScreen > Vertical { width: 100; max-width: 100%; height: 90%; border: thick $accent; background: $panel; padding: 0 1; }
    GuidelinesScreen GuideView { height: 1fr; overflow-y: scroll; }
    GuidelinesScreen GuideTitle.hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("g,f2", "close", "Close", show=False),
    ]

    def __init__(self, guide: Guide, heading: Heading | None, title: str, source: str = "") -> None:
        super().__init__()
        self.guide = guide
        self.heading = heading
        self.title_text = title
        self.source = source

    def compose(self) -> ComposeResult:
        with Vertical():
            yield GuideTitle(self.title_text)
            yield GuideView(self.guide, self.heading.offset if self.heading else 0)
            hint = GuideTitle(f"up/down pageup/pagedown: scroll  escape: close  {self.source}".rstrip())
            hint.add_class("hint")
            yield hint

    def on_mount(self) -> None:
        self.query_one(GuideView).focus()

    def action_close(self) -> None:
        self.dismiss(None)


def guidelines_screen(corpus_dir: Path | None, layer: str | None, label: str | None, why: str) -> GuidelinesScreen | str:
    """The pane for a span of ``layer`` / ``label`` (``why`` names it in the title), or the
    one-line reason there is none."""
    path, guide, problem = load_guide(corpus_dir)
    if guide is None:
        return problem
    heading = section_for(guide, layer, label)
    where = f"§{heading.title}" if heading else "(no section for this layer)"
    return GuidelinesScreen(guide, heading, f"Guidelines {where}  ({why})", _shown(path))


def _shown(path: Path | None) -> str:
    """The file as the user's shell would name it: relative to the working directory when
    it lies below it (the same on every checkout), else absolute."""
    if path is None:
        return ""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def open_guidelines(app) -> None:  # type: ignore[no-untyped-def]
    """``g`` / F2 in the annotator: the pane for the form being filled in, else the current
    span, else the first section (and a word in the status line when there are no guidelines)."""
    from annotator.text.visible import visible
    from annotator.tui.forms import ClaimForm, EntityForm, QuoteForm

    if isinstance(app.screen, GuidelinesScreen):
        app.screen.dismiss(None)
        return
    form = {EntityForm: "entity", QuoteForm: "quote", ClaimForm: "claim"}.get(type(app.screen))
    layer = label = None
    if form is not None:
        layer, why = form, f"the {form} form"
        label = getattr(app.screen, {"entity": "label", "quote": "kind"}.get(form, ""), None)
    elif isinstance(app.screen, ModalScreen):
        return  # help, a question: not over those
    elif app.current is not None:
        span = next((sp for sp in app.session.spans() if sp.key == app.current), None)
        if span is not None:
            layer, label = span.layer, (None if span.layer in ("cue", "claim") else span.label)
            why = visible(f"current span {span.id} {span.label}")
    if layer is None and form is None:
        why = "no current span"
    screen = guidelines_screen(app.session.corpus.directory, layer, label, why)
    if isinstance(screen, str):
        app.say(visible(screen))
        return
    app.push_screen(screen)
