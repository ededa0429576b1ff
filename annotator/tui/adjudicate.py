"""``annotator adjudicate``: the annotator in adjudication mode.

The same document view, with every annotator's open candidates drawn as span layers over
the result (the adjudicator's own annotations, edited with the ordinary keys); the side
panel lists the candidates with a marker per annotator; the status line counts what is
still unresolved. Keys (on the text):

* ``A`` accept every candidate all annotators agree on (one undo step)
* ``a`` accept the current candidate (its other versions are rejected); when its annotators
  gave it different attributes, the version form shows them side by side (``e`` opens it)
* ``x`` reject the current candidate
* ``j`` / ``J`` next / previous unresolved disagreement
* ``d`` done: at once when nothing is unresolved, else after a question
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from annotator.adjudicate.candidates import Candidate
from annotator.adjudicate.layers import candidate_layers
from annotator.text.visible import visible
from annotator.tui.adjudicate_widgets import AdjudicateHelp, CandidatePanel, ConfirmDone, OwnersLine, VersionForm
from annotator.tui.adjudication import Adjudication
from annotator.tui.app import AnnotateApp
from annotator.tui.keymap import AnnotatedDocView, keys
from annotator.tui.layers import legend
from annotator.tui.panel import AnnotationPanel
from annotator.tui.status import SearchBar, StatusLine
from annotator.view.layers import SpanLayer, owner_markers


class AdjudicateDocView(AnnotatedDocView):
    BINDINGS = [
        Binding(keys("a"), "app.accept", "Accept"),
        Binding("A,shift+a", "app.accept_agreed", "Accept agreed"),
        Binding(keys("x"), "app.reject", "Reject"),
        Binding(keys("e"), "app.versions", "Versions", show=False),
        Binding(keys("j"), "app.next_open(1)", "Next open"),
        Binding("J,shift+j", "app.next_open(-1)", "Previous open", show=False),
    ]


class AdjudicateApp(AnnotateApp):
    """``annotator adjudicate``: the annotate app with candidate layers and resolution keys."""

    TITLE = "annotator adjudicate"

    def __init__(self, adjudication: Adjudication, *, shape: bool = True) -> None:
        super().__init__(adjudication.session, shape=shape)
        self.adj = adjudication
        self.markers = owner_markers(adjudication.annotators)
        self.candidate: Candidate | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield AdjudicateDocView(self.session.text, shape=self.shape, id="doc")
            with Vertical(id="side"):
                yield OwnersLine(self.markers, id="owners")
                yield CandidatePanel(id="panel")
        yield SearchBar(id="search")
        yield StatusLine(id="status")
        yield Footer()

    def mode_mounted(self) -> None:
        self._pick_candidate()
        self.refresh_all()
        self.say(f"{legend(self._layers())}   A accept agreed, a accept, x reject, j next")
        changed = self.adj.changed_sources()
        if changed:
            self.notify(f"changed since this result was last saved: {', '.join(map(visible, changed))}; the candidates come from the files as they are now",
                        title="Sources changed", severity="warning", timeout=20, markup=False)

    # -- drawing -----------------------------------------------------------------------

    def _layers(self):
        return candidate_layers(self.adj.candidates(), self.adj.annotators, self.adj.state)

    def layers(self) -> list[SpanLayer]:
        return super().layers() + self._layers()

    def refresh_all(self) -> None:
        current = ("cand", self.candidate.key) if self.candidate else self.current
        self.doc.set_marks(self.marks(), current)
        cands = self.adj.candidates()
        panel = self.query_one("#panel", CandidatePanel)
        panel.label_colors = self.label_colors()
        panel.set_candidates(cands, {c.key: self.adj.state(c) for c in cands}, self.markers, self.candidate.key if self.candidate else None)
        self.refresh_status()

    def refresh_status(self) -> None:
        super().refresh_status()
        c = self.adj.counts()
        line = self.query_one("#status", StatusLine)
        who = ""
        if self.candidate is not None:
            who = " [" + "".join(m if n in self.candidate.owners else "." for n, m in self.markers.items()) + "]"
        line.info.mode = f"{c['disagreements']} open, {c['agreed']} agreed{who}"  # fits 80 columns
        line.refresh()

    def _pick_candidate(self) -> None:
        """The current candidate: the open one under the cursor, if any."""
        here = [c for c in self.adj.at(self.doc.cursor) if self.adj.state(c) == "open"]
        keep = self.candidate is not None and any(c.key == self.candidate.key for c in here)
        self.candidate = self.candidate if keep else (here[0] if here else None)

    def mode_moved(self) -> None:
        before = self.candidate
        self._pick_candidate()
        if self.candidate is not before:
            self.refresh_all()

    # -- actions -----------------------------------------------------------------------

    def _edit(self, func, *args, **kwargs) -> None:
        message = self.edit(func, *args, **kwargs)
        if message is not None:
            self._pick_candidate()
            self.after_edit(str(message))

    def action_accept(self) -> None:
        cand = self.candidate
        if cand is None:
            self.say("no open candidate under the cursor (j: next unresolved)")
            return
        if cand.differing():
            self.action_versions()
            return
        self._edit(self.adj.accept, cand)

    def action_versions(self) -> None:
        cand = self.candidate
        if cand is None or not cand.differing():
            self.say("the annotators gave this candidate the same attributes" if cand else "no open candidate under the cursor")
            return

        def done(result: dict | None) -> None:
            if result is None:
                self.say("not accepted")
                return
            self._edit(self.adj.accept, cand, None, result["choices"])

        self.push_screen(VersionForm(cand, self.markers), done)

    def action_reject(self) -> None:
        if self.candidate is None:
            self.say("no open candidate under the cursor (j: next unresolved)")
            return
        self._edit(self.adj.reject, self.candidate)

    def action_accept_agreed(self) -> None:
        n = self.edit(self.adj.accept_agreed)
        if n is not None:
            self._pick_candidate()
            self.after_edit(f"accepted {n} agreed span(s)" if n else "no agreed span left to accept")

    def action_next_open(self, step: int) -> None:
        cand = self.adj.next_open(self.doc.cursor, step)
        if cand is None:
            self.say("no unresolved disagreement left in this document")
            return
        self.candidate = cand
        owners = ", ".join(f"{self.markers[n]}={visible(n)}" for n in cand.owners)
        self.doc.move_to(cand.start)
        self.refresh_all()
        self.say(f"{cand.layer} {visible(cand.label)} marked by {owners}" + (f"; differ on {', '.join(cand.differing())} (a/e: choose)" if cand.differing() else ""), at=cand.start)

    def action_toggle_status(self) -> None:
        left = self.adj.unresolved()
        if self.session.record.status == "done" or not left:
            super().action_toggle_status()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                super(AdjudicateApp, self).action_toggle_status()
            else:
                self.say(f"still draft: {left} unresolved")

        self.push_screen(ConfirmDone(left), answer)

    def action_switch_doc(self, step: int) -> None:
        super().action_switch_doc(step)
        self.candidate = None
        self._pick_candidate()
        self.refresh_all()
        missing = [n for n in self.adj.annotators if n not in self.adj.by_doc.get(self.session.doc_id, {})]
        if missing:  # "agreed" then means: by the annotators who did annotate it
            self.say(f"document {self.session.doc_id}: not annotated by {', '.join(map(visible, missing))}")

    def action_help(self) -> None:
        if isinstance(self.screen, AdjudicateHelp):
            self.screen.dismiss(None)
            return
        self.push_screen(AdjudicateHelp(self.session.corpus.labels, legend(self._layers())))

    def action_panel(self) -> None:
        if self.adj.candidates():
            self.panel.focus()
        else:
            self.say("no candidates in this document")

    def on_annotation_panel_chosen(self, event: AnnotationPanel.Chosen) -> None:
        event.prevent_default()  # the list holds candidates, not spans of the result
        cand = next((c for c in self.adj.candidates() if c.key == event.span.id), None)
        if cand is None:
            return
        self.candidate = cand
        self.doc.move_to(cand.start)
        self.refresh_all()
        if event.edit:
            self.action_accept()

    def on_annotation_panel_remove(self, event: AnnotationPanel.Remove) -> None:
        event.prevent_default()
        cand = next((c for c in self.adj.candidates() if c.key == event.span.id), None)
        if cand is not None and self.adj.state(cand) == "open":
            self.candidate = cand
            self.action_reject()


def run_adjudicate(adjudication: Adjudication, *, shape: bool = True) -> int:
    from annotator.tui.command import run

    return run(adjudication.session, shape=shape, app=AdjudicateApp(adjudication, shape=shape))


__all__ = ["AdjudicateApp", "run_adjudicate"]
