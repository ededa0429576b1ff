"""The list of keys (one table: the help screen and docs/annotate.md show it) and the help screen."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from annotator.model import LabelSet
from annotator.tui.safe import ui

# (section, keys, what they do) - keep in step with the bindings (a test checks it)
KEYS: list[tuple[str, str, str]] = [
    ("Move", "left / right", "move the cursor one character left / right on the screen (in Arabic too)"),
    ("Move", "up / down", "previous / next displayed line"),
    ("Move", "ctrl+left / ctrl+right", "one word left / right on the screen"),
    ("Move", "home / end", "left / right end of the displayed line"),
    ("Move", "pageup / pagedown", "one screen up / down"),
    ("Move", "mouse", "click places the cursor, drag selects, double click selects a word; in the list: click jumps, double click edits"),
    ("Select", "shift+ any motion", "extend the selection"),
    ("Select", "w", "select the word under the cursor"),
    ("Select", "[", "shrink the selection by one character at its logical start (drop a proclitic: wa-, fa-, bi-, li-, al-)"),
    ("Select", "]", "grow the selection by one character at its logical start"),
    ("Select", "escape", "clear the selection (then the search highlights)"),
    ("Search", "/", "search (ignores harakat and tatweel; alef forms, alef maqsura / ya, ta marbuta / ha match); enter jumps and selects"),
    ("Search", "n / N", "next / previous match, selected"),
    ("Mark", "1 .. 9", "mark the selection as an entity with the label of that number"),
    ("Mark", "q", "mark the selection as a quote and open its form (kind, speaker, cue)"),
    ("Mark", "c", "mark the selection as the cue (reporting verb) of the quote at the cursor or the current quote"),
    ("Mark", "m", "mark the selection as a numeric claim and open its form (prefilled by the number parser)"),
    ("Edit", "tab", "cycle the current span among the spans under the cursor"),
    ("Edit", "enter", "edit the current span (label, quote or claim form)"),
    ("Edit", "delete", "delete the current span"),
    ("Edit", "ctrl+z / ctrl+y", "undo / redo (every change, also after saving)"),
    ("Edit", "d", "toggle the document's status draft / done"),
    ("Panel", "p", "go to the annotation list; up/down jump to a span, enter edits, delete removes, escape returns"),
    ("Forms", "enter", "accept the form as shown"),
    ("Forms", "escape", "cancel the form"),
    ("Forms", "up / down / tab", "next / previous field"),
    ("Forms", "left / right / space", "change a choice (kind, speaker, cue, source)"),
    ("Forms", "+ / - / shift+left / shift+right", "places of a claim: add the offered place (space offers another), remove the chosen one, move it"),
    ("File", "ctrl+s", "save now (every change is also saved automatically)"),
    ("File", "ctrl+pageup / ctrl+pagedown", "previous / next document of the corpus"),
    ("File", "ctrl+p", "command palette: every action by name"),
    ("File", "? or F1", "this help"),
    ("File", "g or F2", "the guidelines (docs/guidelines.md) at the section for the current span's entity label, quote kind, cue or claim, or for the open form; escape closes"),
    ("File", "ctrl+q", "save and quit (if the save fails, it asks first: save elsewhere, quit anyway or cancel)"),
    ("Layout", "Arabic (101) keyboard", "the same physical keys work without switching layouts: q w c m d n N p g [ ] / ?, the modes' a x i e f j, and the Arabic-Indic digits for 1 .. 9"),
]


def keys_markdown() -> str:
    """The key table as Markdown (docs/annotate.md, README)."""
    lines = ["| Keys | What they do |", "|---|---|"]
    section = ""
    for sec, keys, what in KEYS:
        if sec != section:
            lines.append(f"| **{sec}** | |")
            section = sec
        lines.append(f"| `{keys}` | {what} |")
    return "\n".join(lines) + "\n"


def keys_table(rows: list[tuple[str, str]] | None = None) -> Table:
    """Keys and what they do, two columns (plain Text, never markup)."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column(width=28, style="bold cyan", no_wrap=True)
    table.add_column(ratio=1)
    for keys, what in rows or []:
        table.add_row(Text(keys), Text(what))
    return table


def help_text(labels: LabelSet) -> Group:
    """Plain rich objects (Text, Table), never markup strings."""
    parts: list = [Text("annotator annotate - keys", style="bold")]
    table: Table | None = None
    section = ""
    for sec, keys, what in KEYS:
        if sec != section:
            table = keys_table()
            parts += [Text(""), Text(sec, style="bold underline"), table]
            section = sec
        assert table is not None
        table.add_row(Text(keys), Text(what))
    legend = Table(box=None, show_header=False, padding=(0, 1))
    legend.add_column(width=3, style="bold cyan")
    legend.add_column(width=8)
    legend.add_column()
    for key, label in labels.keymap().items():
        legend.add_row(Text(key), Text(f" {ui(label.name)} ", style=f"black on {label.color}"), Text(ui(label.description)))
    parts += [Text(""), Text("Labels", style="bold underline"), legend]
    marks = Text()
    marks.append("entity ", style="bold")
    marks.append("background in the label colour; ")
    marks.append("quote", style="underline")
    marks.append(" underlined; ")
    marks.append("claim", style="bold italic #ffd75f")
    marks.append(" bold italic (yellow outside entities); ")
    marks.append("cue", style="italic underline #ff87ff")
    marks.append(" italic magenta; current span reversed; selection blue; cursor white.")
    parts += [Text(""), Text("Highlights", style="bold underline"), marks, Text(""), Text("Press escape, ? or F1 to close.", style="dim")]
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 96; max-width: 100%; height: 90%; border: thick $accent; background: $panel; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("f1", "close", "Close", show=False),
    ]

    def __init__(self, labels: LabelSet) -> None:
        super().__init__()
        self.labels = labels

    def intro(self) -> list:
        """What a mode shows above the annotator's keys (rich objects)."""
        return []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            intro = self.intro()
            if intro:
                yield Static(Group(*intro), markup=False)
            yield Static(help_text(self.labels), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class ModeHelp(HelpScreen):
    """The help screen of a mode (adjudicate, suggest): its own keys and notes first, then
    every key of the annotator."""

    def __init__(self, labels: LabelSet, title: str, keys: list[tuple[str, str]], notes: list[str]) -> None:
        super().__init__(labels)
        self.title_text, self.keys, self.notes = title, keys, notes

    def intro(self) -> list:
        return [Text(self.title_text, style="bold"), keys_table(self.keys), Text(""), *map(Text, self.notes), Text("")]
