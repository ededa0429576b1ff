"""The edits of a session's current record: marking, relabelling and deleting entities,
quotes and their cues, claims; the document's status. Each edit checks its span against
the document text, builds the new record through the models and commits it as one undo
step (``Session._commit``); a refused edit raises :class:`EditError` and changes nothing.
A mixin of :class:`annotator.tui.session.Session`, which holds the state and the history."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from annotator.model import Claim, Cue, Entity, Quote
from annotator.tui.explain import explain
from annotator.tui.sessionfile import EditError


class SpanEdits:
    def _check_span(self, start: int, end: int) -> str:
        text = self.text
        if not 0 <= start < end <= len(text):
            raise EditError(f"empty or out-of-range span [{start}, {end})")
        span = text[start:end]
        if not span.strip():
            raise EditError("the selection is only white space")
        return span

    def _next_id(self, prefix: str) -> str:
        rec = self.record
        used = {e.id for e in rec.entities} | {q.id for q in rec.quotes} | {c.id for c in rec.claims}
        n = 1
        for ident in used:
            if ident.startswith(prefix) and ident[len(prefix):].isdigit():
                n = max(n, int(ident[len(prefix):]) + 1)
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def add_entity(self, start: int, end: int, label: str) -> Entity:
        span = self._check_span(start, end)
        if self.corpus.labels.get(label) is None:
            raise EditError(f"unknown label {label!r}")
        rec = self.record
        if any(e.start == start and e.end == end and e.label == label for e in rec.entities):
            raise EditError(f"already marked as {label}")
        entity = Entity(start=start, end=end, text=span, id=self._next_id("e"), label=label)
        entities = sorted([*rec.entities, entity], key=lambda e: (e.start, e.end, e.id))
        self._commit(f"mark {label} {span!r}", rec.model_copy(update={"entities": entities}))
        return entity

    def relabel_entity(self, entity_id: str, label: str) -> None:
        rec = self.record
        if self.corpus.labels.get(label) is None:
            raise EditError(f"unknown label {label!r}")
        entities = [e.model_copy(update={"label": label}) if e.id == entity_id else e for e in rec.entities]
        self._commit(f"relabel {entity_id} as {label}", rec.model_copy(update={"entities": entities}))

    def add_quote(
        self,
        start: int,
        end: int,
        *,
        kind: str = "indirect",
        speaker: str | None = None,
        cue: tuple[int, int] | None = None,
    ) -> Quote:
        span = self._check_span(start, end)
        rec = self.record
        if any(q.start == start and q.end == end for q in rec.quotes):
            raise EditError("this span is already a quote")
        quote = Quote(
            start=start, end=end, text=span, id=self._next_id("q"), kind=kind,
            speaker=self._entity_ref(speaker), cue=self._cue(cue),
        )
        quotes = sorted([*rec.quotes, quote], key=lambda q: (q.start, q.end, q.id))
        self._commit(f"mark quote {span[:20]!r}", rec.model_copy(update={"quotes": quotes}))
        return quote

    def update_quote(self, quote_id: str, **changes: Any) -> Quote:
        """Change ``kind``, ``speaker`` (entity id or None) or ``cue`` ((start, end) or None)."""
        rec = self.record
        old = self.quote(quote_id)
        if old is None:
            raise EditError(f"no quote {quote_id}")
        update: dict[str, Any] = {}
        if "kind" in changes:
            update["kind"] = changes["kind"]
        if "speaker" in changes:
            update["speaker"] = self._entity_ref(changes["speaker"])
        if "cue" in changes:
            update["cue"] = self._cue(changes["cue"])
        new = Quote.model_validate({**old.model_dump(), **{k: v.model_dump() if hasattr(v, "model_dump") else v for k, v in update.items()}})
        quotes = [new if q.id == quote_id else q for q in rec.quotes]
        self._commit(f"edit quote {quote_id}", rec.model_copy(update={"quotes": quotes}))
        return new

    def set_cue(self, quote_id: str, start: int, end: int) -> Quote:
        return self.update_quote(quote_id, cue=(start, end))

    def _cue(self, cue: tuple[int, int] | None) -> Cue | None:
        if cue is None:
            return None
        start, end = cue
        return Cue(start=start, end=end, text=self._check_span(start, end))

    def _entity_ref(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        if self.entity(entity_id) is None:
            raise EditError(f"no entity {entity_id} in this document")
        return entity_id

    def add_claim(self, start: int, end: int, **fields: Any) -> Claim:
        span = self._check_span(start, end)
        rec = self.record
        if any(c.start == start and c.end == end for c in rec.claims):
            raise EditError("this span is already a claim")
        claim = self._claim({"start": start, "end": end, "text": span, "id": self._next_id("c")}, fields)
        claims = sorted([*rec.claims, claim], key=lambda c: (c.start, c.end, c.id))
        self._commit(f"mark claim {span[:20]!r}", rec.model_copy(update={"claims": claims}))
        return claim

    def update_claim(self, claim_id: str, **fields: Any) -> Claim:
        rec = self.record
        old = self.claim(claim_id)
        if old is None:
            raise EditError(f"no claim {claim_id}")
        new = self._claim(old.model_dump(), fields)
        claims = [new if c.id == claim_id else c for c in rec.claims]
        self._commit(f"edit claim {claim_id}", rec.model_copy(update={"claims": claims}))
        return new

    def claim_problem(self, start: int, end: int, fields: dict[str, Any]) -> str | None:
        """Why a claim with these fields could not be saved (for the form), or None."""
        try:
            self._claim({"start": start, "end": end, "text": self.text[start:end], "id": "c0"}, fields)
        except EditError as e:
            return str(e)
        return None

    def _claim(self, base: dict[str, Any], fields: dict[str, Any]) -> Claim:
        data = {"kind": "other", "value": None, "unit": None, "approx": False, "time": None, "place": [], "source": None}
        data.update({k: v for k, v in base.items() if k in Claim.model_fields})
        unknown = set(fields) - {"kind", "value", "unit", "approx", "time", "place", "source"}
        if unknown:
            raise EditError(f"unknown claim fields: {', '.join(sorted(unknown))}")
        data.update(fields)
        data["place"] = [self._entity_ref(p) for p in data["place"]]
        data["source"] = self._entity_ref(data["source"])
        try:
            return Claim.model_validate(data)
        except ValidationError as e:
            raise EditError(explain(e, data)) from None

    def delete(self, layer: str, span_id: str) -> None:
        """Remove a span; deleting an entity also clears the references to it."""
        rec = self.record
        if layer == "entity":
            if self.entity(span_id) is None:
                raise EditError(f"no entity {span_id}")
            quotes = [q.model_copy(update={"speaker": None}) if q.speaker == span_id else q for q in rec.quotes]
            claims = [
                c.model_copy(update={"place": [p for p in c.place if p != span_id], "source": None if c.source == span_id else c.source})
                for c in rec.claims
            ]
            entities = [e for e in rec.entities if e.id != span_id]
            after = rec.model_copy(update={"entities": entities, "quotes": quotes, "claims": claims})
        elif layer == "quote":
            after = rec.model_copy(update={"quotes": [q for q in rec.quotes if q.id != span_id]})
        elif layer == "cue":
            after = rec.model_copy(update={"quotes": [q.model_copy(update={"cue": None}) if q.id == span_id else q for q in rec.quotes]})
        elif layer == "claim":
            after = rec.model_copy(update={"claims": [c for c in rec.claims if c.id != span_id]})
        else:
            raise EditError(f"unknown layer {layer!r}")
        self._commit(f"delete {layer} {span_id}", after)

    def set_meta(self, name: str, value: Any, description: str) -> None:
        """Set ``meta[name]`` of the current record as an undoable edit."""
        rec = self.record
        self._commit(description, rec.model_copy(update={"meta": {**(rec.meta or {}), name: value}}))

    def toggle_status(self) -> str:
        rec = self.record
        status = "done" if rec.status == "draft" else "draft"
        self._commit(f"status {status}", rec.model_copy(update={"status": status}))
        return status
