"""The annotator application: wires the session to the document view, panel, forms and keys.

:class:`AnnotateApp` holds the state of the screen (the current span, the status message,
the search matches), refreshes the view, list and status line, saves (and autosaves), and
has the keys on history, files and documents. Its other keys are mixins, because Textual
looks actions and handlers up on the app: ``selecting`` (selection and search) and
``spanactions`` (marking, the current span); the quit flow is ``closing``, the key tables
``keymap``. The modes (suggest, review, adjudicate) subclass it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer

from annotator.tui.docdraw import Mark
from annotator.tui.docview import DocView
from annotator.tui.help import HelpScreen
from annotator.tui.layers import layer_marks
from annotator.tui.panel import AnnotationPanel
from annotator.tui.closing import SafeQuit
from annotator.tui.keymap import APP_BINDINGS, AnnotatedDocView, palette
from annotator.tui.keys import OrderedKeys
from annotator.tui.safe import SafeTerminal
from annotator.tui.selecting import Selecting
from annotator.tui.session import ConflictError, Session, SessionError
from annotator.tui.spanactions import SpanActions
from annotator.tui.status import SearchBar, StatusInfo, StatusLine
from annotator.view.layers import SpanLayer, record_layer

AUTOSAVE_SECONDS = 0.5
START_HINT = "start: / search, w word, shift+arrows extend; 1-5 entity, q quote, m claim"


class AnnotateApp(OrderedKeys, SafeTerminal, SafeQuit, Selecting, SpanActions, App[None]):
    """``annotator annotate``."""

    CSS_PATH = "app.tcss"
    TITLE = "annotator"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = APP_BINDINGS

    def __init__(self, session: Session, *, shape: bool = True) -> None:
        super().__init__()
        self.session = session
        self.shape = shape
        self.current: tuple[str, str] | None = None
        self.message = ""
        self._sticky: tuple[int, str] | None = None  # a message kept while the cursor stays at that offset
        self.conflict = False
        self.matches: list[tuple[int, int]] = []
        self._saved_cursor = session.cursor
        self._loop: asyncio.AbstractEventLoop | None = None
        self._save_problem: str | None = None

    # -- layout ------------------------------------------------------------------------

    #: the document view and the list; a mode (suggest) gives its own
    doc_view_class: type[AnnotatedDocView] = AnnotatedDocView
    panel_class: type[AnnotationPanel] = AnnotationPanel

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield self.doc_view_class(self.session.text, shape=self.shape, id="doc")
            yield self.panel_class(id="panel")
        yield SearchBar(id="search")
        yield StatusLine(id="status")
        yield Footer(compact=True)  # every key fits at 80 columns

    @property
    def doc(self) -> AnnotatedDocView:
        return self.query_one("#doc", AnnotatedDocView)

    @property
    def panel(self) -> AnnotationPanel:
        return self.query_one("#panel", AnnotationPanel)

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.doc.set_text(self.session.text, self.session.cursor)
        self.doc.focus()
        spans = self.session.spans_at(self.session.cursor)
        self.current = spans[0].key if spans else None  # reopened inside a span: it is current
        self.refresh_all()
        self.set_interval(AUTOSAVE_SECONDS, self._autosave_tick)
        if self.session.read_only:
            self.notify(self.session.read_only, title="Read-only", severity="error", timeout=20, markup=False)
        elif not self.session.spans():
            self.say(START_HINT)
        self.mode_mounted()

    def mode_mounted(self) -> None:
        """A mode's own start-up, after the annotator's (Textual would call a subclass's
        ``on_mount`` *and* this class's: a mode overrides this instead)."""

    def mode_moved(self) -> None:
        """A mode's own reaction to a cursor move, after the annotator's (see mode_mounted)."""

    # -- refreshing --------------------------------------------------------------------

    def label_colors(self) -> dict[str, str]:
        return {label.name: label.color for label in self.session.corpus.labels.labels}

    def layers(self) -> list[SpanLayer]:
        """What the document view draws: the annotator's own spans (a mode adds its layers)."""
        return [record_layer(self.session.record, self.session.annotator)]

    def marks(self) -> list[Mark]:
        return layer_marks(self.layers(), self.label_colors())

    def refresh_all(self) -> None:
        self.doc.set_marks(self.marks(), self.current)
        self.panel.set_rows(self.session.spans(), self.label_colors(), self.current)
        self.refresh_status()

    def refresh_status(self) -> None:
        s = self.session
        doc = self.doc
        sel = doc.selection
        selected = s.text[sel[0] : sel[1]] if sel else ""
        if len(selected) > 200:
            selected = selected[:200]
        if self.conflict:
            saved = "NOT SAVED (file changed on disk)"
        elif s.read_only:
            saved = "read-only"
        else:
            saved = "unsaved" if s.dirty else "saved"
        info = StatusInfo(
            doc_id=s.doc_id,
            position=f"{s.doc_index + 1}/{len(s.corpus.documents)}",
            annotator=s.annotator,
            counts=s.counts(),
            status=s.record.status,
            saved=saved,
            out=str(s.out),
            selection=sel,
            cursor=doc.cursor,
            selected_text=selected,
            message=self.message,
            current=self._current_label(),
            read_only=bool(s.read_only),
            labels=[(k, label.name, label.color) for k, label in s.corpus.labels.keymap().items()],
        )
        self.query_one("#status", StatusLine).update_info(info)

    def _current_label(self) -> str:
        sp = self._current_span() if self.current else None
        if sp is None:
            return ""
        count = len(self.session.spans_at(self.doc.cursor))
        more = f", tab: {count - 1} more" if count > 1 else ""
        return f"[{sp.id} {sp.label}{more}]"

    def say(self, message: str, *, at: int | None = None) -> None:
        """A one-line message in the status line, cleared by the next motion; with ``at``, kept
        while the cursor stays at that offset (for a message said just before a move whose
        ``Moved`` event arrives later, such as a jump)."""
        self.message = message
        self._sticky = None if at is None else (at, message)
        self.refresh_status()

    def on_doc_view_moved(self, event: DocView.Moved) -> None:
        try:
            self._follow_cursor()
        except NoMatches:  # the app is shutting down: its widgets are going, in any order
            return

    def _follow_cursor(self) -> None:
        """The session, the current span, the message and the status line after a move."""
        self.session.cursor = self.doc.cursor
        sticky = self._sticky
        self.message = sticky[1] if sticky is not None and sticky[0] == self.doc.cursor else ""
        if not self.message:
            self._sticky = None
        keys = [sp.key for sp in self.session.spans_at(self.doc.cursor)]
        new = self.current if self.current in keys else (keys[0] if keys else None)
        if new != self.current:
            self.current = new
            self.doc.current = new
            self.doc.invalidate()
            self.panel.set_rows(self.panel.rows, self.panel.label_colors, new)
        self.refresh_status()
        self.mode_moved()

    # -- saving ------------------------------------------------------------------------

    def save(self, *, force: bool = False) -> bool:
        s = self.session
        if s.read_only and not s.dirty:
            return True
        s.cursor = self.doc.cursor
        try:
            s.save(force=force)
        except ConflictError as e:
            if not self.conflict:
                self.notify(str(e), title="Not saved", severity="error", timeout=30, markup=False)
            self.conflict = True
            self.refresh_status()
            return False
        except OSError as e:
            problem = f"{s.out}: cannot save: {e.strerror or e}"
            if problem != self._save_problem:  # once, not at every autosave retry
                self.notify(problem + " (ctrl+q will ask what to do)", severity="error", timeout=30, markup=False)
            self._save_problem = problem
            self.refresh_status()
            return False
        self._save_problem = None
        self._saved_cursor = s.cursor
        self.refresh_status()
        return True

    def _autosave_tick(self) -> None:
        if self.conflict or self.outcome is not None:
            return
        try:
            if self.session.dirty or self.doc.cursor != self._saved_cursor:
                self.save()
        except NoMatches:  # the app is shutting down: its widgets are going, in any order
            return

    def after_edit(self, message: str, current: tuple[str, str] | None = None) -> None:
        if current is not None:
            self.current = current
        self.refresh_all()
        self.save()
        self.say(message)

    def edit(self, func, *args: Any, **kwargs: Any) -> Any:
        """Run a session edit; show its error instead of raising."""
        try:
            result = func(*args, **kwargs)
            return True if result is None else result
        except SessionError as e:
            self.say(str(e))
            self.bell()
            return None

    # -- guards ------------------------------------------------------------------------

    def _in_modal(self) -> bool:
        return isinstance(self.screen, ModalScreen)

    # -- actions: history, files, documents --------------------------------------------

    def action_undo(self) -> None:
        self._step_history(self.session.undo, "undo", "undid")

    def action_redo(self) -> None:
        self._step_history(self.session.redo, "redo", "redid")

    def _step_history(self, step: Callable[[], str | None], verb: str, done: str) -> None:
        if self._in_modal():
            return
        what = step()
        if what is None:
            self.say(f"nothing to {verb}")
            return
        self.after_edit(f"{done}: {what}")

    def action_save(self) -> None:
        if self.session.read_only and not self.session.dirty:
            self.say(self.session.read_only)
            return
        if self.save():
            self.say(f"saved {self.session.out}")

    def action_switch_doc(self, step: int) -> None:
        if self._in_modal():
            return
        s = self.session
        s.cursor = self.doc.cursor
        if not s.switch(step):
            self.say("no previous document" if step < 0 else "no next document")
            return
        self.current = None
        self.matches = []
        self.doc.set_text(s.text, s.cursor)
        self.refresh_all()
        self.save()
        if s.read_only:
            self.notify(s.read_only, title="Read-only", severity="error", timeout=20, markup=False)
        self.say(f"document {s.doc_id}")

    def help_screen(self) -> HelpScreen:
        """The help screen of this mode (a mode shows its own keys first)."""
        return HelpScreen(self.session.corpus.labels)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(self.help_screen())

    def action_guidelines(self) -> None:
        from annotator.tui.guidelines import open_guidelines

        open_guidelines(self)

    def action_panel(self) -> None:
        if self.session.spans():
            self.panel.focus()
        else:
            self.say("no annotations yet")

    def request_quit(self) -> bool:
        """From a signal handler: save and quit at the next turn of the event loop."""
        loop = self._loop
        if loop is None or loop.is_closed() or not loop.is_running():
            return False
        loop.call_soon_threadsafe(lambda: self.call_later(self.quit_now))
        return True

    # ctrl+q (action_quit) is SafeQuit's: it never loses unsaved work silently

    # -- the panel ---------------------------------------------------------------------

    def on_annotation_panel_chosen(self, event: AnnotationPanel.Chosen) -> None:
        sp = event.span
        self.current = sp.key
        self.doc.move_to(sp.start)
        self.refresh_all()
        if event.edit:
            self.edit_span(sp)

    def on_annotation_panel_remove(self, event: AnnotationPanel.Remove) -> None:
        self.delete_span(event.span)

    def on_annotation_panel_leave(self, event: AnnotationPanel.Leave) -> None:
        self.doc.focus()

    # -- command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        commands = palette(self.session.corpus.labels.keymap())
        ours = {title for title, _, _ in commands} | {"Keys", "Quit"}  # Textual's Keys and Quit: ours say more
        yield from (c for c in super().get_system_commands(screen) if c.title not in ours)
        for title, help_text, action in commands:
            yield SystemCommand(title, help_text, lambda action=action: self.run_action(action))


def run_app(session: Session, *, shape: bool = True) -> None:
    AnnotateApp(session, shape=shape).run()


__all__ = ["AnnotateApp", "run_app"]
