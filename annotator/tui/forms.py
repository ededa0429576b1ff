"""Modal forms: entity label, quote (kind, speaker, cue) and numeric claim.

Every row is one line: a choice (``Cycler``: left/right or space change it) or a text
field (``ArabicField``). up/down or tab move between rows, ``enter`` accepts the form as
shown, ``escape`` cancels. Values that show document text are drawn through the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from annotator.model import CLAIM_KINDS, QUOTE_KINDS
from annotator.tui.cells import ascii_segments, field_segments
from annotator.tui.field import ArabicField
from annotator.tui.placelist import PlaceList
from annotator.tui.prefill import Candidate, coerce_value, format_value, parse_value

LABEL_WIDTH = 10


@dataclass(frozen=True)
class Option:
    """A choice: ``value`` is what the form returns, ``text`` what it shows (may be Arabic),
    ``note`` an ASCII hint after it."""

    value: Any
    text: str
    note: str = ""


class Cycler(Widget, can_focus=True):
    """``label: < choice >`` - left/right (or space) cycle through the options."""

    DEFAULT_CSS = """
    Cycler { height: 1; width: 1fr; }
    """

    def __init__(self, label: str, options: list[Option], index: int = 0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.options = options or [Option(None, "none")]
        self.index = max(0, min(index, len(self.options) - 1))

    @property
    def value(self) -> Any:
        return self.options[self.index].value

    def select_value(self, value: Any) -> None:
        for i, option in enumerate(self.options):
            if option.value == value:
                self.index = i
                self.refresh()
                return

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        option = self.options[self.index]
        label = ascii_segments(f"{self.label}:", LABEL_WIDTH, base + Style(bold=self.has_focus))
        box = base + Style(bgcolor="#303040" if self.has_focus else "#202028")
        count = f" {self.index + 1}/{len(self.options)}"
        note = f" {option.note}" if option.note else ""
        room = max(1, width - LABEL_WIDTH - 4 - len(count) - len(note))
        segments: list[Segment] = [*label, Segment("< ", box)]
        segments += field_segments(option.text, room, box, align="left")
        segments += [Segment(" >", box)]
        segments += ascii_segments(note + count, width - LABEL_WIDTH - 4 - room, base + Style(dim=True))
        return Strip(segments, width)

    def cycle(self, step: int) -> None:
        self.index = (self.index + step) % len(self.options)
        self.refresh()

    async def _on_key(self, event: events.Key) -> None:
        if event.key in ("left", "right", "space"):
            self.cycle(-1 if event.key == "left" else 1)
            event.stop()
            event.prevent_default()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class SpanLine(Widget):
    """The span a form is about, drawn through the engine."""

    DEFAULT_CSS = """
    SpanLine { height: 1; width: 1fr; }
    """

    def __init__(self, label: str, text: str) -> None:
        super().__init__()
        self.label = label
        self.text = text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        segments = ascii_segments(f"{self.label}:", LABEL_WIDTH, base + Style(bold=True))
        segments += field_segments(self.text, width - LABEL_WIDTH, base + Style(color="#ffffff"))
        return Strip(segments, width)


class Form(ModalScreen[dict[str, Any] | None]):
    """Base of the forms: enter accepts, escape cancels, up/down move between rows."""

    DEFAULT_CSS = """
    Form { align: center middle; }
    Form > Vertical { width: 76; height: auto; max-height: 90%; border: thick $accent; padding: 0 1; background: $panel; }
    Form .title { text-style: bold; }
    Form .hint { color: $text-muted; }
    Form .error { color: $error; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "accept", "Accept", priority=False),
        Binding("down", "move(1)", "Next field", show=False),
        Binding("up", "move(-1)", "Previous field", show=False),
        Binding("f2", "app.guidelines", "Guidelines", show=False),  # over the form (a modal screen: app keys stop here)
    ]

    title_text = "Form"
    hint_text = "enter accept  escape cancel  up/down/tab field  left/right change"

    def rows(self) -> list[Widget]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title")
            yield from self.rows()
            yield Static(self.hint_text, classes="hint")

    def on_mount(self) -> None:
        focusable = [w for w in self.query("Cycler, ArabicField, PlaceList") if w.can_focus]
        if focusable:
            focusable[0].focus()

    def action_move(self, step: int) -> None:
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_accept(self) -> None:
        result = self.result()
        if result is None:
            return
        problem = self.check(result) if getattr(self, "check", None) else None
        if problem:
            self.show_error(problem)
            return
        self.dismiss(result)

    def show_error(self, message: str) -> None:
        pass

    def on_arabic_field_submitted(self, event: ArabicField.Submitted) -> None:
        event.stop()
        self.action_accept()

    def result(self) -> dict[str, Any] | None:
        raise NotImplementedError


class EntityForm(Form):
    title_text = "Entity"

    def __init__(self, text: str, labels: list[str], label: str) -> None:
        super().__init__()
        self.text = text
        self.labels = labels
        self.label = label

    def rows(self) -> list[Widget]:
        options = [Option(name, name) for name in self.labels]
        return [
            SpanLine("text", self.text),
            Cycler("label", options, self.labels.index(self.label) if self.label in self.labels else 0, id="label"),
        ]

    def result(self) -> dict[str, Any] | None:
        return {"label": self.query_one("#label", Cycler).value}


def _span_options(candidates: list[Candidate], none_text: str, *, first_none: bool = False) -> list[Option]:
    options = [Option((c.ref, c.start, c.end), c.text, f"{c.ref or ''} @{c.start}".strip()) for c in candidates]
    none = Option(None, none_text)
    return [none, *options] if first_none else [*options, none]


class QuoteForm(Form):
    """Kind, speaker and cue, opened on the prefill (new quote) or the saved values (edit)."""

    title_text = "Quote"

    def __init__(
        self,
        text: str,
        kind: str,
        speakers: list[Candidate],
        cues: list[Candidate],
        *,
        speaker: str | None = None,
        cue: tuple[int, int] | None = None,
        editing: bool = False,
        note: str = "",
    ) -> None:
        super().__init__()
        self.text = text
        self.kind = kind
        self.speakers = speakers
        self.cues = cues
        self.speaker = speaker
        self.cue = cue
        self.note = note
        if editing:
            self.title_text = "Edit quote"

    def rows(self) -> list[Widget]:
        kinds = [Option(k, k) for k in QUOTE_KINDS]
        speaker = Cycler("speaker", _span_options(self.speakers, "none (unknown speaker)"), id="speaker")
        speaker.index = next((i for i, c in enumerate(self.speakers) if c.ref == self.speaker), len(self.speakers))
        cue_options = _span_options(self.cues, "none (or mark it later: select the verb, press c)")
        cue = Cycler("cue", cue_options, id="cue")
        cue.index = next((i for i, c in enumerate(self.cues) if (c.start, c.end) == self.cue), len(self.cues))
        rows: list[Widget] = [
            SpanLine("quote", self.text),
            Cycler("kind", kinds, QUOTE_KINDS.index(self.kind), id="kind"),
            speaker,
            cue,
        ]
        if self.note:
            rows.append(Static(self.note, classes="error", id="note", markup=False))
        return rows

    def result(self) -> dict[str, Any] | None:
        speaker = self.query_one("#speaker", Cycler).value
        cue = self.query_one("#cue", Cycler).value
        return {
            "kind": self.query_one("#kind", Cycler).value,
            "speaker": speaker[0] if speaker else None,
            "cue": (cue[1], cue[2]) if cue else None,
        }


class ClaimForm(Form):
    """Value, kind, unit, approx, time, places and source, prefilled by the number parser.
    A field left as shown keeps the value it was opened with (type included)."""

    title_text = "Numeric claim"
    hint_text = "enter accept  esc cancel  up/down field  left/right change  + add place"

    def __init__(
        self,
        text: str,
        fields: dict[str, Any],
        places: list[Candidate],
        sources: list[Candidate],
        *,
        editing: bool = False,
        check: Any = None,
    ) -> None:
        super().__init__()
        self.check = check
        self.text = text
        self.fields = fields
        self.places = places
        self.sources = sources
        self.error: Static | None = None
        if editing:
            self.title_text = "Edit numeric claim"

    def rows(self) -> list[Widget]:
        f = self.fields
        kinds = [Option(k, k) for k in CLAIM_KINDS]
        source = Cycler("source", _span_options(self.sources, "none", first_none=True), id="source")
        source.index = next((i + 1 for i, c in enumerate(self.sources) if c.ref == f.get("source")), 0)
        self.error = Static("", classes="error", id="error", markup=False)
        return [
            SpanLine("claim", self.text),
            ArabicField("value", format_value(f.get("value")), placeholder="number, or ISO date for a date", label_width=LABEL_WIDTH, id="value"),
            Cycler("kind", kinds, CLAIM_KINDS.index(f.get("kind") or "other"), id="kind"),
            ArabicField("unit", f.get("unit") or "", placeholder="e.g. attack, day, usd", label_width=LABEL_WIDTH, id="unit"),
            Cycler("approx", [Option(False, "no"), Option(True, "yes")], 1 if f.get("approx") else 0, id="approx"),
            ArabicField("time", f.get("time") or "", placeholder="ISO date, interval or duration", label_width=LABEL_WIDTH, id="time"),
            PlaceList("places", list(f.get("place") or []), self.places, label_width=LABEL_WIDTH, id="place"),
            source,
            self.error,
        ]

    def _kept(self, name: str, shown: str, typed: str) -> Any:
        """The opened value when the field still shows it, else what was typed."""
        return self.fields.get(name) if typed == shown else (typed.strip() or None)

    def result(self) -> dict[str, Any] | None:
        f = self.fields
        source = self.query_one("#source", Cycler).value
        kind = self.query_one("#kind", Cycler).value
        raw_value = self.query_one("#value", ArabicField).value
        if raw_value == format_value(f.get("value")):
            value = coerce_value(f.get("value"), kind)
        else:
            value = parse_value(raw_value, kind)
        unit = self._kept("unit", f.get("unit") or "", self.query_one("#unit", ArabicField).value)
        return {
            "value": value,
            "kind": kind,
            "unit": unit.lower() if isinstance(unit, str) else unit,
            "approx": bool(self.query_one("#approx", Cycler).value),
            "time": self._kept("time", f.get("time") or "", self.query_one("#time", ArabicField).value),
            "place": self.query_one("#place", PlaceList).value,
            "source": source[0] if source else None,
        }

    def show_error(self, message: str) -> None:
        if self.error is not None:
            self.error.update(message)
