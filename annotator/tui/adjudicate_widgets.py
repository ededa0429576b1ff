"""The adjudication mode's widgets: the candidate list, the version form (each annotator's
attribute values side by side, selectable) and the "mark done with open disagreements?" question."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from annotator.adjudicate.candidates import Candidate
from annotator.text.visible import visible
from annotator.tui.cells import ascii_segments, field_segments, visual_text
from annotator.tui.help import HelpScreen, keys_table
from annotator.tui.forms import LABEL_WIDTH, Cycler, Form, Option, SpanLine
from annotator.tui.panel import AnnotationPanel
from annotator.tui.session import SpanRef

STATE_MARK = {"accepted": "+", "rejected": "x", "open": "?"}
#: The adjudication mode's own keys (the help screen shows them above the annotator's;
#: docs/agreement.md lists them, a test checks it).
ADJUDICATE_KEYS = [
    ("A", "accept every candidate all annotators agree on (one undo step)"),
    ("a", "accept the current candidate (its other versions are rejected); if its annotators gave different attributes, the version form opens"),
    ("e", "the version form: every annotator's value of each differing attribute, side by side; left/right choose, enter accepts"),
    ("x", "reject the current candidate"),
    ("j / J", "next / previous unresolved disagreement"),
    ("p", "the candidate list (up/down, enter accepts, delete rejects)"),
    ("d", "mark the document done: at once when nothing is unresolved, otherwise it asks"),
]


class CandidatePanel(AnnotationPanel):
    """One row per candidate: ``state owners tag text``, e.g. ``? A.C ORG وزير الدفاع``:
    ``?`` open, ``+`` accepted, ``x`` rejected, ``=`` agreed by all; one marker per annotator
    who marked it (``.`` for one who did not)."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cands: list[Candidate] = []
        self.states: dict[str, str] = {}
        self.markers: dict[str, str] = {}

    def set_candidates(self, cands: list[Candidate], states: dict[str, str], markers: dict[str, str], current: str | None) -> None:
        self.cands, self.states, self.markers = cands, states, markers
        rows = [SpanRef(c.layer, c.key, c.start, c.end, c.text, c.label) for c in cands]
        self.set_rows(rows, self.label_colors, ("cand", current) if current else None)

    def set_rows(self, rows: list[SpanRef], colors: dict[str, str], current: tuple[str, str] | None) -> None:
        if current and current[0] == "cand":
            current = (next((r.layer for r in rows if r.id == current[1]), ""), current[1])
        super().set_rows(rows, colors, current)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = int(self.scroll_offset.y) + y
        base = self.rich_style
        if not self.cands:
            return Strip(ascii_segments("no candidates" if y == 0 else "", width, base + Style(dim=True)), width)
        if row >= len(self.cands):
            return Strip.blank(width, base)
        c = self.cands[row]
        style = self.row_style(row, self.current is not None and c.key == self.current[1])
        state = self.states.get(c.key, "open")
        mark = "=" if c.agreed and state == "open" else STATE_MARK[state]
        owners = "".join(m if n in c.owners else "." for n, m in self.markers.items())
        head = f"{mark} {owners} "
        tag = f"{c.layer[0].upper()}:{visible(c.label)[:5]} "
        segments: list[Segment] = ascii_segments(head, len(head), style + Style(bold=True, dim=state != "open"))
        segments += ascii_segments(tag, len(tag), style + Style(dim=state != "open"))
        segments += field_segments(c.text, max(1, width - len(head) - len(tag)), style + Style(dim=state != "open"))
        return Strip(segments, width).crop(0, width)


class OwnersLine(Widget):
    """Above the candidate list: each annotator's marker and name, e.g. ``A=alice  B=bob``."""

    DEFAULT_CSS = """
    OwnersLine { height: 1; width: 36; border-left: solid $primary-darken-2; }
    """

    def __init__(self, markers: dict[str, str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.markers = markers

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style + Style(bold=True)
        if y != 0:
            return Strip.blank(width, base)
        text = "  ".join(f"{m}={visual_text(visible(n))}" for n, m in self.markers.items())
        return Strip(ascii_segments(" " + text, width, base), width)


def show_value(value: Any) -> str:
    """An attribute value as text: mentions and cues by their text, places joined."""
    if value is None or value == ():
        return "none"
    if isinstance(value[0] if isinstance(value, tuple) else None, tuple):
        return "، ".join(v[2] for v in value)
    if isinstance(value, tuple):
        return value[2]
    return str(value)


class SideBySide(Cycler):
    """``label: A value  B|C value`` - every annotator's value at once, the chosen one in
    reverse video; left/right (or space) choose."""

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        segments: list[Segment] = ascii_segments(f"{self.label}:", LABEL_WIDTH, base + Style(bold=self.has_focus))
        room = width - LABEL_WIDTH
        each = max(4, room // max(1, len(self.options)))
        for i, option in enumerate(self.options):
            chosen = i == self.index
            style = base + (Style(reverse=True, bold=True) if chosen else Style(dim=not self.has_focus))
            head = f" {option.note} "
            text_w = max(1, each - len(head) - 1)
            segments += ascii_segments(head, len(head), style)
            segments += field_segments(option.text, text_w, style, align="left")
            segments += [Segment(" ", base)]
        return Strip(segments, width).crop(0, width)


class VersionForm(Form):
    """A candidate's attributes on which its annotators differ, each annotator's value selectable."""

    title_text = "Choose each attribute (annotators differ)"
    hint_text = "enter accept into the result  escape cancel  up/down attribute  left/right annotator's value"

    def __init__(self, cand: Candidate, markers: dict[str, str]) -> None:
        super().__init__()
        self.cand = cand
        self.markers = markers

    def rows(self) -> list[Widget]:
        out: list[Widget] = [SpanLine("span", self.cand.text)]
        for name in self.cand.differing():
            options: list[Option] = []
            for owner, version in self.cand.versions.items():
                value = version.get(name)
                existing = next((o for o in options if o.value == value), None)
                if existing is not None:
                    options[options.index(existing)] = Option(value, existing.text, existing.note + "|" + self.markers.get(owner, "*"))
                else:
                    options.append(Option(value, show_value(value), self.markers.get(owner, "*")))
            out.append(SideBySide(name, options, id=f"attr-{name}"))
        return out

    def result(self) -> dict[str, Any] | None:
        return {"choices": {c.label: c.value for c in self.query(Cycler)}}


class AdjudicateHelp(HelpScreen):
    """The help screen with the adjudication keys and the list's markers first."""

    def __init__(self, labels: Any, legend: str) -> None:
        super().__init__(labels)
        self.legend = legend

    def intro(self) -> list:
        return [Text("annotator adjudicate - keys of the mode", style="bold"), keys_table(ADJUDICATE_KEYS), Text(""),
                Text("List: = agreed, ? open, + accepted, x rejected; one marker per annotator (. = did not mark it)."),
                Text(self.legend), Text("")]


class ConfirmDone(ModalScreen[bool]):
    """``N unresolved: mark done anyway?`` y / n."""

    DEFAULT_CSS = """
    ConfirmDone { align: center middle; }
    ConfirmDone > Vertical { width: 64; height: auto; border: thick $warning; padding: 0 1; background: $panel; }
    """
    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, unresolved: int) -> None:
        super().__init__()
        self.unresolved = unresolved

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.unresolved} candidate(s) of this document are unresolved.", markup=False)
            yield Static("Mark the document done anyway? y: yes, n / escape: no (j jumps to the next one)", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
