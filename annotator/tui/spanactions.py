"""The annotator's actions on spans: marking the selection as an entity, a quote (through
its form), a quote's cue or a numeric claim, and acting on the current span (the one under the
cursor that ``tab`` cycles: edit it, delete it); ``d`` toggles the document's status.

A mixin of :class:`annotator.tui.app.AnnotateApp` (Textual looks actions up on the app): it
uses the app's ``session``, ``doc``, ``current``, ``say``, ``bell``, ``edit``, ``after_edit``,
``refresh_all`` and ``push_screen``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.tui import formfill
from annotator.tui.forms import ClaimForm, EntityForm, QuoteForm
from annotator.tui.session import SpanRef


class SpanActions:
    """App mixin: the marking keys and the keys on the current span."""

    # -- the selection to mark ---------------------------------------------------------

    def _selection(self, what: str) -> tuple[int, int] | None:
        sel = self.doc.selection
        if sel is None:
            self.say(f"select the text to mark as {what} first (w: word, shift+arrows: extend, /: search)")
            self.bell()
            return None
        start, end = sel
        text = self.session.text
        while start < end and text[start].isspace():  # spans never start or end with white space
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            self.say("the selection is only white space")
            return None
        return start, end

    # -- actions: marking --------------------------------------------------------------

    def action_mark_entity(self, key: str) -> None:
        label = self.session.corpus.labels.keymap().get(key)
        if label is None:
            self.say(f"no label on key {key}")
            return
        sel = self._selection(label.name)
        if sel is None:
            return
        entity = self.edit(self.session.add_entity, sel[0], sel[1], label.name)
        if entity is not None:
            self.doc.move_to(sel[0])
            self.after_edit(f"{entity.id}: {label.name}", ("entity", entity.id))

    def _quote_form(self, start: int, end: int, quote=None) -> QuoteForm:
        return formfill.quote_form(self.session, start, end, quote)

    def _mark_with_form(self, what: str, form: Any, add: Any, describe: Any) -> None:
        """Mark the selection as a quote or claim through its form; ``add`` is the session's
        edit, ``describe`` the status message for the new span."""
        if self.session.read_only:
            self.say(self.session.read_only)
            return
        sel = self._selection(f"a {what}")
        if sel is None:
            return
        start, end = sel

        def done(result: dict | None) -> None:
            if result is None:
                self.say(f"{what} cancelled")
                return
            span = self.edit(add, start, end, **result)
            if span is not None:
                self.doc.move_to(start)
                self.after_edit(describe(span), (what, span.id))

        self.push_screen(form(start, end), done)

    def action_mark_quote(self) -> None:
        self._mark_with_form("quote", self._quote_form, self.session.add_quote, lambda q: f"{q.id}: {q.kind} quote")

    def action_mark_cue(self) -> None:
        sel = self._selection("the cue")
        if sel is None:
            return
        s = self.session
        quote = s.quote_at(self.doc.cursor) or s.quote_at(sel[0])
        if quote is None and self.current and self.current[0] in ("quote", "cue"):
            quote = s.quote(self.current[1])
        if quote is None and s.record.quotes:  # the nearest quote
            quote = min(s.record.quotes, key=lambda q: min(abs(q.start - sel[1]), abs(sel[0] - q.end)))
        if quote is None:
            self.say("no quote to attach a cue to: mark the quote first (q)")
            return
        updated = self.edit(s.set_cue, quote.id, *sel)
        if updated is not None:
            self.doc.move_to(sel[0])
            self.after_edit(f"cue of {quote.id}", ("cue", quote.id))

    def _claim_form(self, start: int, end: int, claim=None) -> ClaimForm:
        return formfill.claim_form(self.session, start, end, claim)

    def action_mark_claim(self) -> None:
        self._mark_with_form("claim", self._claim_form, self.session.add_claim, lambda c: f"{c.id}: {c.kind} {c.value}")

    # -- actions: the current span -----------------------------------------------------

    def _current_span(self) -> SpanRef | None:
        spans = self.session.spans_at(self.doc.cursor)
        for sp in spans:
            if sp.key == self.current:
                return sp
        return spans[0] if spans else None

    def action_cycle(self) -> None:
        spans = self.session.spans_at(self.doc.cursor)
        if not spans:
            self.say("no span under the cursor")
            return
        keys = [sp.key for sp in spans]
        index = (keys.index(self.current) + 1) % len(keys) if self.current in keys else 0
        self.current = keys[index]
        sp = spans[index]
        self.refresh_all()
        self.say(f"current: {sp.layer} {sp.id} {sp.label} [{sp.start}, {sp.end})  ({index + 1}/{len(keys)})")

    def action_edit(self) -> None:
        sp = self._current_span()
        if sp is None:
            self.say("no span under the cursor to edit")
            return
        self.edit_span(sp)

    def edit_span(self, sp: SpanRef) -> None:
        s = self.session
        if s.read_only:
            self.say(s.read_only)
            return
        if sp.layer == "entity":
            entity = s.entity(sp.id)

            def done_entity(result: dict | None) -> None:
                if result and result["label"] != entity.label:
                    if self.edit(s.relabel_entity, sp.id, result["label"]) is not None:
                        self.after_edit(f"{sp.id}: {result['label']}", ("entity", sp.id))

            self.push_screen(EntityForm(entity.text, s.corpus.labels.names, entity.label), done_entity)
        elif sp.layer in ("quote", "cue"):
            quote = s.quote(sp.id)
            self.push_screen(self._quote_form(quote.start, quote.end, quote), self._when_updated(s.update_quote, "quote", sp.id))
        else:
            claim = s.claim(sp.id)
            self.push_screen(self._claim_form(claim.start, claim.end, claim), self._when_updated(s.update_claim, "claim", sp.id))

    def _when_updated(self, update: Callable[..., Any], layer: str, span_id: str) -> Callable[[dict | None], None]:
        """What a quote or claim form's result does: ``update(span_id, **result)`` as one edit."""

        def done(result: dict | None) -> None:
            if result and self.edit(update, span_id, **result) is not None:
                self.after_edit(f"{span_id} updated", (layer, span_id))

        return done

    def action_delete(self) -> None:
        sp = self._current_span()
        if sp is None:
            self.say("no span under the cursor to delete")
            return
        self.delete_span(sp)

    def delete_span(self, sp: SpanRef) -> None:
        if self.edit(self.session.delete, sp.layer, sp.id) is not None:
            self.current = None
            self.after_edit(f"deleted {sp.layer} {sp.id}")

    def action_toggle_status(self) -> None:
        status = self.edit(self.session.toggle_status)
        if status:
            self.after_edit(f"document marked {status}")


__all__ = ["SpanActions"]
