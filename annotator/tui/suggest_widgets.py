"""The suggestion mode's widgets: the list (annotations and suggestions, each with a
marker) and the help screen with the mode's keys first."""

from __future__ import annotations

from typing import Any

from rich.style import Style

from annotator.suggest.suggestion import Suggestion
from annotator.tui.help import ModeHelp
from annotator.tui.panel import TAG_WIDTH, AnnotationPanel
from annotator.tui.session import SpanRef

#: The suggestion mode's own keys (the help screen shows them above the annotator's;
#: docs/annotate.md lists them, a test checks it). They are fixed: measurements use them.
SUGGEST_KEYS = [
    ("a", "accept the current suggestion (the one at the cursor or selection, else the next one); it becomes an ordinary annotation with its attributes"),
    ("x", "reject the current suggestion (it is not offered again)"),
    ("A", "accept every open suggestion inside the selection, or in the whole document without one (one undo step; conflicts are left for a look)"),
    ("i", "accept every identical mention of the current suggestion: same normalised text, same label, across the document (one undo step)"),
    ("j / J", "jump to the next / previous open suggestion or conflict (the cursor lands on it, it becomes current)"),
    ("p", "the list: annotations and suggestions (enter on a suggestion accepts it, delete rejects it)"),
]
#: The list's markers (also in the status line).
ROW_MARKERS = {"open": "?", "conflict": "!", "accepted": "+", "edited": "~", "own": " "}
LEGEND = ("List and status line: ? suggestion (overlined in the text), ! conflict with an annotation on the same span "
          "(overlined and struck through; accepting it replaces the annotation), + annotation accepted from a suggestion, "
          "~ accepted and edited since; the current suggestion is in reverse video.")


class SuggestPanel(AnnotationPanel):
    """The record's annotations and the suggestions still to decide, in reading order, each
    row with a marker (``?`` suggestion, ``!`` conflict, ``+`` accepted, ``~`` accepted
    and edited, blank: made by hand)."""

    tag_width = TAG_WIDTH + 2

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.marker: dict[tuple[str, str], str] = {}
        self.suggestion_of: dict[str, Suggestion] = {}  # row id of a suggestion -> the suggestion

    def set_entries(self, spans: list[SpanRef], shown: list[Suggestion], states: dict[str, str],
                    provenance: dict[str, bool], colors: dict[str, str], current: tuple[str, str] | None) -> None:
        """``provenance``: annotation id -> edited since accepted, for those from a suggestion."""
        self.marker = {}
        self.suggestion_of = {}
        rows = list(spans)
        for sp in spans:
            ident = sp.id if sp.layer != "cue" else ""
            if ident in provenance:
                self.marker[sp.key] = ROW_MARKERS["edited" if provenance[ident] else "accepted"]
        for n, s in enumerate(shown, 1):
            row = SpanRef(s.layer, f"s{n}", s.start, s.end, s.text, s.label)
            self.suggestion_of[row.id] = s
            self.marker[row.key] = ROW_MARKERS[states.get(s.key, "open")]
            rows.append(row)
        rank = {"quote": 0, "claim": 1, "entity": 2, "cue": 3}
        rows.sort(key=lambda r: (r.start, -r.end, rank[r.layer], r.id in self.suggestion_of, r.id))
        self.set_rows(rows, colors, current)

    def row_key(self, s: Suggestion) -> tuple[str, str] | None:
        return next((r.key for r in self.rows if self.suggestion_of.get(r.id) is s), None)

    def tag(self, span: SpanRef) -> tuple[str, Style]:
        tag, style = super().tag(span)
        mark = self.marker.get(span.key, " ")
        if span.id in self.suggestion_of:
            style += Style(overline=True, strike=mark == ROW_MARKERS["conflict"])
        return f"{mark} {tag}", style


class SuggestHelp(ModeHelp):
    """The help screen with the suggestion keys and the markers first."""

    def __init__(self, labels: Any, source: str) -> None:
        super().__init__(labels, f"annotator annotate --suggest - suggestions of {source}", SUGGEST_KEYS,
                         [LEGEND, "Every ordinary key below works too: an accepted suggestion is an ordinary annotation."])
