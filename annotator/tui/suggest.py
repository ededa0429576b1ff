"""``annotator annotate --suggest PRED.jsonl`` (or ``--suggest-with NAME``): the annotator
with an extractor's suggestions drawn as span layers over the annotator's own annotations.

The same document view and keys as ``annotate``; suggestions are overlined, conflicts with
an annotation on the same span overlined and struck through (and coloured), the current
suggestion in reverse video; the list marks them ``?`` and ``!``. Keys (on the text; they
are fixed, keystroke measurements rely on them):

* ``a`` accept the current suggestion (the one at the cursor or selection, else the next one)
* ``x`` reject it
* ``A`` accept every open suggestion in the selection, else in the whole document (one undo step)
* ``i`` accept every identical mention of the current suggestion (one undo step)
* ``j`` / ``J`` jump to the next / previous open suggestion (the cursor lands on it)

Accepting or rejecting puts the cursor on that span, so that ``enter`` edits what was just
accepted and the next ``a`` acts on the next suggestion. Everything is undone by ``ctrl+z``.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from annotator.suggest import meta as M
from annotator.suggest.layers import MARKERS, suggestion_layers
from annotator.suggest.suggester import SuggestError, Suggester
from annotator.suggest.suggestion import Suggestion
from annotator.text import words
from annotator.text.visible import visible
from annotator.tui.app import AnnotateApp
from annotator.tui.keymap import AnnotatedDocView, keys
from annotator.tui.docdraw import Mark
from annotator.tui.layers import CURRENT_SUGGESTION
from annotator.tui.panel import AnnotationPanel
from annotator.tui.session import Session, SessionError
from annotator.tui.status import StatusLine
from annotator.tui.suggest_widgets import SuggestHelp, SuggestPanel
from annotator.view.layers import SpanLayer


class SuggestDocView(AnnotatedDocView):
    BINDINGS = [
        # the footer shows this mode's keys (at 80 columns there is room for them or the
        # marking keys, not both); the marking keys work as ever, and ? lists them
        *[replace(b, show=False) for b in AnnotatedDocView.BINDINGS if isinstance(b, Binding) and b.show],
        Binding(keys("a"), "app.accept_suggestion", "Accept"),
        Binding(keys("x"), "app.reject_suggestion", "Reject"),
        Binding("A,shift+a", "app.accept_all_suggestions", "All"),
        Binding(keys("i"), "app.accept_identical", "Identical", show=False),
        Binding(keys("j"), "app.next_suggestion(1)", "Next"),
        Binding("J,shift+j", "app.next_suggestion(-1)", "Previous", show=False),
    ]


class SuggestApp(AnnotateApp):
    """The annotate app with suggestion layers and the keys that accept and reject them."""

    TITLE = "annotator annotate --suggest"
    doc_view_class = SuggestDocView
    panel_class = SuggestPanel

    def __init__(self, session: Session, suggester: Suggester, *, shape: bool = True) -> None:
        super().__init__(session, shape=shape)
        self.core = suggester
        self.sugg: Suggestion | None = None
        self._problems_shown = 0

    @property
    def source_name(self) -> str:
        return visible(str(self.core.source.get("name") or "the extractor"))

    def mode_mounted(self) -> None:
        self._pick()
        self.refresh_all()
        self._greet()

    def _greet(self) -> None:
        n = len(self.core.shown())
        if n:
            self.tell(f"{words.count(n, 'suggestion')} from {self.source_name}: a accept x reject A all i identical j next")
        else:
            self.tell(f"no suggestions from {self.source_name} for this document")
        self._report_problems()

    def _report_problems(self) -> None:
        problems = self.core.problems
        if len(problems) > self._problems_shown:
            new = problems[self._problems_shown:]
            self._problems_shown = len(problems)
            more = f"\n(and {len(new) - 3} more; all are printed when the annotator exits)" if len(new) > 3 else ""
            self.notify("\n".join(new[:3]) + more, title=f"{words.count(len(new), 'prediction problem')}: left out",
                        severity="warning", timeout=10, markup=False)

    # -- drawing -----------------------------------------------------------------------

    def layers(self) -> list[SpanLayer]:
        return super().layers() + suggestion_layers(self.core.suggestions(), self.core.states(), self.source_name)

    def marks(self) -> list[Mark]:
        marks = super().marks()
        if self.sugg is None:
            return marks
        key = ("sugg", self.sugg.key)
        return [replace(m, style=m.style + CURRENT_SUGGESTION) if m.key == key and m.style is not None else m for m in marks]

    def refresh_all(self) -> None:
        self.doc.set_marks(self.marks(), self.current)
        rec = self.session.record
        edited = {ident: M.digest(M.comparable(*M.annotations(rec)[ident], rec)) != entry.get("digest")
                  for ident, entry in M.live_spans(rec, M.read(rec)["spans"]).items()}
        panel = self.query_one("#panel", SuggestPanel)
        panel.set_entries(self.session.spans(), self.core.shown(), self.core.states(), edited, self.label_colors(), self.current)
        if self.sugg is not None and not self.current:
            panel.current = panel.row_key(self.sugg)
            panel.refresh()
        self.refresh_status()

    def refresh_status(self) -> None:
        super().refresh_status()
        c = self.core.counts()
        line = self.query_one("#status", StatusLine)
        line.info.mode = f"suggestions {MARKERS['open']}{c['open']} {MARKERS['conflict']}{c['conflict']}"
        line.refresh()

    def _current_label(self) -> str:
        label = super()._current_label()
        s = self.sugg
        if s is None:
            return label
        here = s.start <= self.doc.cursor < s.end
        return f"{label} {'' if here else 'next '}{self._next_label()}".strip()

    def _next_label(self) -> str:
        s = self.sugg
        if s is None:
            return "none"
        mark = MARKERS["conflict" if self.core.state(s) == "conflict" else "open"]
        return f"{mark} {s.layer} {visible(s.label)} {s.start}-{s.end}"

    def _pick(self, keep: bool = True) -> None:
        """The current suggestion: the one at the cursor or selection, else the next one."""
        cursor, sel = self.doc.cursor, self.doc.selection
        shown = self.core.shown()
        if keep and self.sugg in shown and sel is None and self.sugg.start <= cursor < self.sugg.end:
            return
        self.sugg = self.core.at(cursor, sel) or self.core.next_shown(cursor, 1, inclusive=True)

    def mode_moved(self) -> None:
        before = self.sugg
        self._pick()
        if self.sugg is not before:
            self.refresh_all()

    def tell(self, message: str) -> None:
        """A message that stays while the cursor stays where it is now (moving it clears it)."""
        self.say(message, at=self.doc.cursor)

    def after_edit(self, message: str, current: tuple[str, str] | None = None) -> None:
        self._pick(keep=False)
        super().after_edit(message, current)

    def edit(self, func, *args, **kwargs):
        try:
            return super().edit(func, *args, **kwargs)
        except SuggestError as e:
            self.say(str(e))
            self.bell()
            return None

    # -- actions -----------------------------------------------------------------------

    def _annotation_at(self, s: Suggestion) -> tuple[str, str] | None:
        spans = [sp for sp in self.session.spans() if sp.layer == s.layer and (sp.start, sp.end) == (s.start, s.end)]
        return spans[0].key if spans else None

    def _decide(self, func, verb: str) -> None:
        s = self.sugg
        if s is None:
            self.say(f"no suggestion left to {verb} in this document")
            return
        message = self.edit(func, s)
        if message is None:
            return
        self.doc.move_to(s.start)
        self.sugg = None
        self.after_edit(str(message), self._annotation_at(s) if verb == "accept" else None)
        self.tell(f"{message}; next: {self._next_label()}" if self.sugg is not None else f"{message}; no suggestion left")

    def action_accept_suggestion(self) -> None:
        self._decide(self.core.accept, "accept")

    def action_reject_suggestion(self) -> None:
        self._decide(self.core.reject, "reject")

    def _many(self, result, what: str) -> None:
        if result is None:
            return
        done, failed = result
        c = self.core.counts()
        more = f"; {len(failed)} could not be: {visible(failed[0])}" if failed else ""
        left = f"; {words.count(c['conflict'], 'conflict')} left for a look" if c["conflict"] else ""
        self.after_edit(f"accepted {words.count(done, 'suggestion')} {what}{more}{left}" if done or failed else f"no open suggestion {what}")
        self.tell(self.message)

    def action_accept_all_suggestions(self) -> None:
        sel = self.doc.selection
        self._many(self.edit(self.core.accept_all, sel), "in the selection" if sel else "in the document")

    def action_accept_identical(self) -> None:
        s = self.sugg
        if s is None:
            self.say("no suggestion left in this document")
            return
        self._many(self.edit(self.core.accept_identical, s), f"identical to this {s.layer} {visible(s.label)}")

    def action_next_suggestion(self, step: int) -> None:
        shown = self.core.shown()
        if not shown:
            self.say("no open suggestion left in this document")
            return
        s, cursor = self.sugg, self.doc.cursor
        if s in shown and s.start <= cursor < s.end:
            target = shown[(shown.index(s) + step) % len(shown)]
        else:
            target = self.core.next_shown(cursor, step, inclusive=step > 0)
        self.doc.move_to(target.start)
        self.sugg = target
        self.refresh_all()
        n = shown.index(target) + 1
        self.tell(f"suggestion {n}/{len(shown)}: {self._next_label()}")

    def action_switch_doc(self, step: int) -> None:
        super().action_switch_doc(step)
        self.sugg = None
        self._pick(keep=False)
        self.refresh_all()
        self._greet()

    def action_toggle_status(self) -> None:
        super().action_toggle_status()
        left = len(self.core.shown())
        if self.session.record.status == "done" and left:
            self.say(f"document marked done; {words.count(left, 'suggestion')} left undecided (not accepted; j: next)")

    def action_help(self) -> None:
        if isinstance(self.screen, SuggestHelp):
            self.screen.dismiss(None)
            return
        self.push_screen(SuggestHelp(self.session.corpus.labels, self.source_name))

    def action_panel(self) -> None:
        if self.session.spans() or self.core.shown():
            self.panel.focus()
        else:
            self.say("no annotations and no suggestions in this document")

    def on_annotation_panel_chosen(self, event: AnnotationPanel.Chosen) -> None:
        s = self.query_one("#panel", SuggestPanel).suggestion_of.get(event.span.id)
        if s is None:
            return  # an annotation: the base class's handler edits it
        event.prevent_default()
        self.doc.move_to(s.start)
        self.sugg = s
        self.refresh_all()
        if event.edit:
            self.action_accept_suggestion()

    def on_annotation_panel_remove(self, event: AnnotationPanel.Remove) -> None:
        s = self.query_one("#panel", SuggestPanel).suggestion_of.get(event.span.id)
        if s is None:
            return
        event.prevent_default()
        self.sugg = s
        self.action_reject_suggestion()


def run_suggest(session: Session, suggester: Suggester, *, shape: bool = True) -> tuple[int, SuggestApp]:
    from annotator.tui.command import run

    app = SuggestApp(session, suggester, shape=shape)
    return run(session, shape=shape, app=app), app


__all__ = ["SuggestApp", "SessionError", "run_suggest"]
