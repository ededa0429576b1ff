"""``annotator annotate --review PRED.jsonl``: an extractor's predictions against the gold,
in the scorer's categories (:mod:`annotator.review`), drawn over the document view.

Read-only: the gold file is opened without a lock, nothing is ever written (no save, no
resume state), and every edit key says so. Keys (on the text):

* ``1`` - ``9`` show one category only (the list and ``j``/``J``); ``0`` every error again
* ``f`` / ``F`` next / previous filter, through every category (``kind`` and ``correct`` too)
* ``j`` / ``J`` next / previous item of the filter (no filter: of any error category)
* ``p`` the filtered list; ``ctrl+pageup`` / ``ctrl+pagedown`` switch documents
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer

from annotator.review.categories import CATEGORIES, DocReview, ReviewItem
from annotator.review.layers import review_layer
from annotator.review.load import Review
from annotator.text.visible import visible
from annotator.tui.app import AnnotateApp
from annotator.tui.keymap import ARABIC_DIGITS, AnnotatedDocView, keys
from annotator.tui.panel import AnnotationPanel
from annotator.tui.review_widgets import ReviewHelp, ReviewPanel, ReviewStatusLine
from annotator.io.corpus import Corpus
from annotator.tui.session import ReadOnlyError, Session, SessionError
from annotator.tui.status import SearchBar
from annotator.view.layers import SpanLayer

READ_ONLY = "read-only: a review shows the gold and the predictions; nothing is edited or saved"
#: the filters ``f`` cycles through: every error category (None), then each category
FILTERS: list[str | None] = [None, *(c.name for c in CATEGORIES)]


class ReviewSession(Session):
    """A session that never writes (no save, no resume state, no edit) and never opens the
    gold itself: the review read it, through the scorer's reader. No lock is taken, so an
    annotator can keep working on the gold meanwhile."""

    @classmethod
    def of(cls, corpus: Corpus, gold: Path, doc_id: str | None = None) -> ReviewSession:
        """The session of a review of ``gold`` (a file or a directory), at ``doc_id`` (default
        the first document)."""
        if not corpus.documents:
            raise SessionError(f"{corpus.directory}: the corpus has no documents")
        if doc_id is not None and doc_id not in corpus.documents:
            known = ", ".join(list(corpus.documents)[:5])
            raise SessionError(f"{corpus.directory}: no document {doc_id!r} in the corpus (known: {known})")
        session = cls(corpus=corpus, out=Path(gold), annotator="review")
        session.doc_id = doc_id or next(iter(corpus.documents))
        return session

    def save(self, *, force: bool = False):
        return self.out

    def save_resume(self) -> bool:
        return False

    def write_copy(self, path):
        raise OSError(READ_ONLY)

    def _commit(self, description, after) -> None:
        raise ReadOnlyError(READ_ONLY)


class ReviewDocView(AnnotatedDocView):
    BINDINGS = [
        *[Binding(f"{k},{ARABIC_DIGITS[k - 1]}", f"app.choose_category({k})", f"Category {k}", show=False) for k in range(1, 10)],
        Binding("0,٠", "app.choose_category(0)", "All errors", show=False),
        Binding(keys("f"), "app.cycle_filter(1)", "Filter"),
        Binding("F,shift+f", "app.cycle_filter(-1)", "Previous filter", show=False),
        Binding(keys("j"), "app.next_item(1)", "Next"),
        Binding("J,shift+j", "app.next_item(-1)", "Previous", show=False),
        # the edit keys stay bound (they say read-only) but leave the footer
        *[Binding(key, f"app.{action}", "Read-only", show=False) for key, action in (
            ("q,ض", "mark_quote"), ("m,ة", "mark_claim"), ("c,ؤ", "mark_cue"), ("enter", "edit"), ("delete", "delete"), ("d,ي", "toggle_status"))],
    ]


class ReviewApp(AnnotateApp):
    """The annotate app with the review layer instead of editable annotations."""

    TITLE = "annotator annotate --review"
    BINDINGS = [Binding("ctrl+s", "save", "Save", show=False)]

    def __init__(self, session: Session, review: Review, *, shape: bool = True) -> None:
        super().__init__(session, shape=shape)
        self.review = review
        self.filter: str | None = None
        self.item: ReviewItem | None = None
        self.position = ""  # "2/6 " of the item j/J jumped to (shown before it in the status line)

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield ReviewDocView(self.session.text, shape=self.shape, id="doc")
            yield ReviewPanel(id="panel")
        yield SearchBar(id="search")
        yield ReviewStatusLine(id="status")
        yield Footer(compact=True)

    def mode_mounted(self) -> None:
        self._pick_item()
        self.refresh_all()
        if self.review.unscored:
            self.notify(f"predictions without a gold record (skipped, as annotator score does): {len(self.review.unscored)} document(s)",
                        title="Not reviewed", severity="warning", timeout=10, markup=False)
        if self.review.outside:
            self.notify(f"{len(self.review.outside)} gold document(s) are not in this corpus and cannot be shown "
                        f"(first: {visible(self.review.outside[0])}); give --corpus DIR", title="Not shown", severity="warning",
                        timeout=15, markup=False)
        self.say(self._hello())

    def _hello(self) -> str:
        doc = self.doc_review
        if doc is None:
            return f"document {self.session.doc_id}: no gold record, nothing to review (ctrl+pagedown: next document)"
        return "review (read-only): j next error, 1-9 / f choose a category, p list, ? help"

    # -- what is shown ----------------------------------------------------------------

    @property
    def doc_review(self) -> DocReview | None:
        return self.review.docs.get(self.session.doc_id)

    def items(self, doc_id: str | None = None) -> list[ReviewItem]:
        """The items of the current filter (no filter: every error) in a document (default
        the current one)."""
        doc = self.review.docs.get(doc_id or self.session.doc_id)
        if doc is None:
            return []
        if self.filter is None:
            return [it for it in doc.items if it.is_error]
        return [it for it in doc.items if self.filter in it.categories]

    def _placed(self, doc_id: str | None = None) -> list[ReviewItem]:
        """The filter's items that have a place in the text, in text order (what j/J visit)."""
        return sorted((it for it in self.items(doc_id) if it.extent is not None), key=lambda it: (it.extent[0], it.index))

    def filter_title(self) -> str:
        if self.filter is None:
            return "all errors"
        c = next(c for c in CATEGORIES if c.name == self.filter)
        return f"{c.marker} {c.title}"

    def layers(self) -> list[SpanLayer]:
        return [review_layer(self.doc_review, self.filter)]  # no filter: every item, the correct ones dimmed

    def refresh_all(self) -> None:
        current = self.item.key if self.item else None
        self.doc.set_marks(self.marks(), current)
        empty = "no errors in this document" if self.filter is None else f"no {self.filter_title()[2:]} here"
        if self.doc_review is None:
            empty = "no gold record for this document"
        self.query_one("#panel", ReviewPanel).set_items(self.items(), current, empty)
        self.refresh_status()

    def refresh_status(self) -> None:
        doc = self.doc_review
        counts = doc.counts() if doc is not None else {}
        s = self.session
        self.query_one("#status", ReviewStatusLine).show(f"{s.doc_id} ({s.doc_index + 1}/{len(s.corpus.documents)})", counts,
                                                        self.filter_title(), self.message, self.item, self.position, s.text)

    def _pick_item(self) -> None:
        """The current item: one under the cursor that the text shows (with a category
        chosen, of that category), an error before a correct span, the shortest first."""
        here = self._items_here()
        if self.item in here:
            return
        here.sort(key=lambda it: (not it.is_error, it.extent[1] - it.extent[0]))
        self.item = here[0] if here else None

    def mode_moved(self) -> None:
        before = self.item
        self._pick_item()
        if self.item is not before:
            self.position = ""
            self.refresh_all()

    def _items_here(self) -> list[ReviewItem]:
        """The items under the cursor that the text shows (with a category chosen: of it)."""
        doc, cursor = self.doc_review, self.doc.cursor
        if doc is None:
            return []
        return [it for it in doc.items if it.extent and it.extent[0] <= cursor < max(it.extent[1], it.extent[0] + 1)
                and (self.filter is None or self.filter in it.categories)]

    def action_cycle(self) -> None:
        """``tab``: the next item under the cursor (nested spans: an entity inside a quote)."""
        here = self._items_here()
        if not here:
            self.say("no item under the cursor")
            return
        index = (here.index(self.item) + 1) % len(here) if self.item in here else 0
        self.item, self.position = here[index], ""
        self.refresh_all()

    # -- review keys ---------------------------------------------------------------------

    def _set_filter(self, name: str | None) -> None:
        self.filter = name
        n = len(self.items())
        self.item = None
        self._pick_item()
        self.refresh_all()
        self.say(f"showing {self.filter_title()}: {n} in this document (j next)")

    def action_choose_category(self, number: int) -> None:
        self._set_filter(None if number == 0 else CATEGORIES[number - 1].name)

    def action_cycle_filter(self, step: int) -> None:
        self._set_filter(FILTERS[(FILTERS.index(self.filter) + step) % len(FILTERS)])

    def action_next_item(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) item of the filter: in this document, then
        in the next document that has one (around the corpus), else around this document."""
        what = "error" if self.filter is None else self.filter_title()[2:]
        order = self._placed()
        cursor = self.doc.cursor
        if self.item in order:
            i = order.index(self.item) + step
        elif step > 0:
            i = next((k for k, it in enumerate(order) if it.extent[0] > cursor), len(order))
        else:
            i = max((k for k, it in enumerate(order) if it.extent[0] < cursor), default=-1)
        note = ""
        if not 0 <= i < len(order):
            other = self._next_doc_with_items(step)
            if other is not None:
                self._open_doc(other)
                order = self._placed()
                i = 0 if step > 0 else len(order) - 1
                note = f" (document {other})"
            elif not order:
                unplaced = " (only ones not found in the text: p lists them)" if self.items() else ""
                self.say(f"no {what} in this document{unplaced}")
                return
            else:
                note = " wrapped"
        target = order[i % len(order)]
        self.doc.move_to(target.extent[0])
        self.item = target  # moving picked the item under the cursor: the target stays current
        self.message = ""
        self.position = f"{order.index(target) + 1}/{len(order)}{note} "
        self.refresh_all()

    def _next_doc_with_items(self, step: int) -> str | None:
        """The nearest other document, in ``step``'s direction around the corpus, with items of
        the filter that have a place in the text."""
        ids = list(self.session.corpus.documents)
        here = ids.index(self.session.doc_id)
        for k in range(1, len(ids)):
            doc_id = ids[(here + k * step) % len(ids)]
            if self._placed(doc_id):
                return doc_id
        return None

    def _open_doc(self, doc_id: str) -> None:
        s = self.session
        s.cursor = self.doc.cursor
        s.go_to(doc_id)
        self.current, self.matches, self.item = None, [], None
        self.doc.set_text(s.text, s.cursor)

    # -- read-only: every edit key says so, nothing is written -------------------------

    def _read_only(self, *args, **kwargs) -> None:
        self.say(READ_ONLY)
        self.bell()

    action_mark_entity = action_mark_quote = action_mark_cue = action_mark_claim = _read_only
    action_edit = action_delete = action_toggle_status = action_undo = action_redo = _read_only

    def action_save(self) -> None:
        self._read_only()

    def save(self, *, force: bool = False) -> bool:
        return True  # nothing to save, ever

    def action_switch_doc(self, step: int) -> None:
        super().action_switch_doc(step)
        self.item = None
        self._pick_item()
        self.refresh_all()
        self.say(self._hello() if self.doc_review is None else f"document {self.session.doc_id}")

    def action_guidelines(self) -> None:
        """``g``: the guidelines' section for the current item's gold label (what the
        extractor should have found), else as in annotate."""
        from annotator.tui.guidelines import GuidelinesScreen, guidelines_screen

        item = self.item
        if item is None or isinstance(self.screen, GuidelinesScreen) or self.screen is not self.screen_stack[0]:
            super().action_guidelines()
            return
        label = None if item.kind == "claim" else item.label("gold") or item.label("pred")
        screen = guidelines_screen(self.session.corpus.directory, item.kind, label, visible(f"current item: {item.category} {item.kind} {label or ''}".strip()))
        if isinstance(screen, str):
            self.say(visible(screen))
            return
        self.push_screen(screen)

    def help_screen(self) -> ReviewHelp:
        return ReviewHelp(self.session.corpus.labels)

    def action_panel(self) -> None:
        if self.items():
            self.panel.focus()
        else:
            self.say(f"nothing to list: no {'error' if self.filter is None else self.filter_title()[2:]} in this document")

    def on_annotation_panel_chosen(self, event: AnnotationPanel.Chosen) -> None:
        event.prevent_default()
        item = next((it for it in self.items() if it.key == event.span.key), None)
        if item is None:
            return
        if item.extent is not None:
            self.doc.move_to(item.extent[0])
        self.item = item
        self.refresh_all()

    def on_annotation_panel_remove(self, event: AnnotationPanel.Remove) -> None:
        event.prevent_default()
        self._read_only()


def run_review(session: Session, review: Review, *, shape: bool = True) -> int:
    from annotator.tui.command import run

    return run(session, shape=shape, app=ReviewApp(session, review, shape=shape))


__all__ = ["ReviewApp", "ReviewSession", "run_review"]
