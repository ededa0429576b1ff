"""The annotator's keys: the binding tables of the text and of the app, their Arabic-layout
twins, the command palette's entries, and :class:`AnnotatedDocView`, the document view that
carries the annotation keys (the modes extend its table).

The help screen's list of keys is ``annotator.tui.help.KEYS`` (a test keeps it in step).
"""

from __future__ import annotations

from textual.binding import Binding

from annotator.tui.docview import DocView

MOTIONS = [
    ("left", "left"), ("right", "right"), ("up", "up"), ("down", "down"),
    ("home", "home"), ("end", "end"), ("pageup", "page_up"), ("pagedown", "page_down"),
    ("ctrl+left", "word_left"), ("ctrl+right", "word_right"),
]


def _doc_bindings() -> list[Binding]:
    bindings = []
    for key, motion in MOTIONS:
        bindings.append(Binding(key, f"motion('{motion}')", motion.replace("_", " "), show=False))
        shift = "ctrl+shift+" + key[5:] if key.startswith("ctrl+") else "shift+" + key
        bindings.append(Binding(shift, f"motion('{motion}', True)", "extend " + motion.replace("_", " "), show=False))
    return bindings


# The same physical keys on the Arabic (101) keyboard layout, so that an annotator who just
# typed Arabic in the search box need not switch layouts to mark: q=ض w=ص c=ؤ m=ة d=ي n=ى g=ل
# N=آ p=ح [=ج ]=د /=ظ ?=؟, and the Arabic-Indic digits for the labels.
ARABIC_LAYOUT = {
    "q": "ض", "w": "ص", "c": "ؤ", "m": "ة", "d": "ي", "n": "ى", "N,shift+n": "آ", "p": "ح",
    "g": "ل", "a": "ش", "x": "ء", "i": "ه", "j": "ت", "e": "ث", "f": "ب", "left_square_bracket": "ج", "right_square_bracket": "د", "slash": "ظ", "question_mark": "arabic_question_mark",
}
ARABIC_DIGITS = "١٢٣٤٥٦٧٨٩"


def keys(key: str) -> str:
    """``key`` and its Arabic-layout twin."""
    twin = ARABIC_LAYOUT.get(key)
    return f"{key},{twin}" if twin else key


#: the app's own keys (they work wherever the focus is)
APP_BINDINGS = [
    Binding("ctrl+s", "save", "Save"),
    Binding("ctrl+q", "quit", "Quit", priority=True),
    Binding("ctrl+z", "undo", "Undo", show=False),
    Binding("ctrl+y", "redo", "Redo", show=False),
    Binding("ctrl+pageup", "switch_doc(-1)", "Prev doc", show=False),
    Binding("ctrl+pagedown", "switch_doc(1)", "Next doc", show=False),
    Binding("f1", "help", "Help", show=False),
    Binding("f2", "guidelines", "Guidelines", show=False),
    Binding(keys("question_mark"), "help", "Help"),
]


class AnnotatedDocView(DocView):
    """The document view with the annotation keys (active when the text has the focus)."""

    BINDINGS = [
        *_doc_bindings(),
        Binding(keys("w"), "app.select_word", "Select word", show=False),
        Binding(keys("left_square_bracket"), "app.trim(1)", "Shrink start", show=False),
        Binding(keys("right_square_bracket"), "app.trim(-1)", "Grow start", show=False),
        Binding(keys("slash"), "app.search", "Search"),
        Binding(keys("n"), "app.next_match(1)", "Next match", show=False),
        Binding(keys("N,shift+n"), "app.next_match(-1)", "Previous match", show=False),
        *[Binding(f"{k},{ARABIC_DIGITS[k - 1]}", f"app.mark_entity('{k}')", f"Label {k}", show=False) for k in range(1, 10)],
        Binding(keys("q"), "app.mark_quote", "Quote"),
        Binding(keys("c"), "app.mark_cue", "Cue", show=False),
        Binding(keys("m"), "app.mark_claim", "Claim"),
        Binding("tab", "app.cycle", "Next span", show=False),
        Binding("enter", "app.edit", "Edit", show=False),
        Binding("delete", "app.delete", "Delete", show=False),
        Binding(keys("d"), "app.toggle_status", "Draft/done", show=False),
        Binding("escape", "app.escape", "Clear", show=False),
        Binding(keys("p"), "app.panel", "List"),
        Binding(keys("g"), "app.guidelines", "Guidelines", show=False),
    ]

    def action_motion(self, name: str, extend: bool = False) -> None:
        self.motion(name, extend)


#: the command palette's entries: (title, help, action); one per label follows them
PALETTE = [
    ("Select word", "Select the word under the cursor (w)", "select_word"),
    ("Shrink selection start", "Drop one character at the selection's logical start ([)", "trim(1)"),
    ("Grow selection start", "Add one character at the selection's logical start (])", "trim(-1)"),
    ("Search", "Search the document (/)", "search"),
    ("Next match", "Select the next search match (n)", "next_match(1)"),
    ("Previous match", "Select the previous search match (N)", "next_match(-1)"),
    ("Mark quote", "Mark the selection as a quote (q)", "mark_quote"),
    ("Mark cue", "Mark the selection as the cue of the quote (c)", "mark_cue"),
    ("Mark numeric claim", "Mark the selection as a numeric claim (m)", "mark_claim"),
    ("Cycle current span", "Next span under the cursor (tab)", "cycle"),
    ("Edit span", "Edit the current span (enter)", "edit"),
    ("Delete span", "Delete the current span (delete)", "delete"),
    ("Undo", "Undo the last change (ctrl+z)", "undo"),
    ("Redo", "Redo (ctrl+y)", "redo"),
    ("Toggle draft/done", "Toggle the document status (d)", "toggle_status"),
    ("Save", "Save now (ctrl+s)", "save"),
    ("Previous document", "ctrl+pageup", "switch_doc(-1)"),
    ("Next document", "ctrl+pagedown", "switch_doc(1)"),
    ("Annotation list", "Focus the list of annotations (p)", "panel"),
    ("Help: every key", "Show every key (? or F1)", "help"),
    ("Save and quit", "ctrl+q", "quit"),
]


def palette(keymap) -> list[tuple[str, str, str]]:
    """The palette's entries with one "Mark entity" per label of ``keymap`` (key -> label)."""
    commands = list(PALETTE)
    for key, label in keymap.items():
        commands.append((f"Mark entity {label.name}", f"Mark the selection as {label.name} ({key})", f"mark_entity('{key}')"))
    return commands


__all__ = ["APP_BINDINGS", "ARABIC_DIGITS", "ARABIC_LAYOUT", "AnnotatedDocView", "MOTIONS", "PALETTE", "keys", "palette"]
