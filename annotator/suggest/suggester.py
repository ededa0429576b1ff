"""The state of every suggestion of the current document, and the edits that accept or
reject them, on top of the annotator's session (``annotator.tui.session.Session``, used
through its public edits only: undo, redo, the atomic writer and the lock are its own).

A suggestion is

* ``accepted`` when an annotation of the record came from it (``meta["suggest"]["spans"]``),
  even if it was edited since;
* ``rejected`` when its key is in ``meta["suggest"]["rejected"]``;
* ``present`` when the record already holds an equal annotation (same span, label and
  attributes): it is not shown again;
* ``conflict`` when the record holds an annotation of the same layer on the same span with
  another label or other attributes: accepting it replaces them;
* ``open`` otherwise.

Every accept and reject is one undo step (an accept that adds a speaker entity too, "accept
all" and "accept identical mentions" included), and changes ``meta["suggest"]`` in the same
step, so undo and redo keep the provenance right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.suggest import meta as M
from annotator.suggest.suggestion import Suggestion

SHOWN = ("open", "conflict")
ENTITY_FIRST = {"entity": 0, "quote": 1, "claim": 1}


class SuggestError(Exception):
    """An accept or reject that cannot be done (one plain line for the status line)."""


class Suggester:
    def __init__(self, session: Any, get: Callable[[str], list[Suggestion]], source: dict[str, Any], problems: list[str] | None = None) -> None:
        self.session = session
        self.get = get
        self.source = source
        self.problems = problems if problems is not None else []
        self._states: tuple[Any, list[Suggestion], dict[str, str]] | None = None
        self.notes: list[str] = []  # what the last accept could not carry over (a speaker with no entity ...)
        session.finish = self.finish

    # -- queries -----------------------------------------------------------------------

    def suggestions(self) -> list[Suggestion]:
        return self.get(self.session.doc_id)

    def states(self) -> dict[str, str]:
        """key -> state of every suggestion of the current document (cached per record version)."""
        rec, suggs = self.session.record, self.suggestions()
        if self._states is not None and self._states[0] is rec and self._states[1] is suggs:
            return self._states[2]
        m = M.read(rec)
        accepted = {entry["key"] for entry in M.live_spans(rec, m["spans"]).values()}
        rejected = set(m["rejected"])
        same: dict[tuple[str, int, int], list[tuple]] = {}
        for ident, (layer, span) in M.annotations(rec).items():
            same.setdefault((layer, span.start, span.end), []).append(M.comparable(layer, span, rec))
        states = {}
        for s in suggs:
            if s.key in accepted:
                states[s.key] = "accepted"
            elif s.key in rejected:
                states[s.key] = "rejected"
            elif (s.layer, s.start, s.end) in same:
                states[s.key] = "present" if s.comparable() in same[(s.layer, s.start, s.end)] else "conflict"
            else:
                states[s.key] = "open"
        self._states = (rec, suggs, states)
        return states

    def state(self, s: Suggestion) -> str:
        return self.states().get(s.key, "open")

    def shown(self) -> list[Suggestion]:
        """The suggestions still to decide (open and conflicts), in reading order."""
        states = self.states()
        return [s for s in self.suggestions() if states[s.key] in SHOWN]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("open", "conflict", "accepted", "rejected", "present"), 0)
        for st in self.states().values():
            out[st] += 1
        return out

    def find(self, key: str) -> Suggestion | None:
        return next((s for s in self.suggestions() if s.key == key), None)

    def at(self, cursor: int, selection: tuple[int, int] | None = None) -> Suggestion | None:
        """The suggestion to act on: the one equal to the selection, else one inside it,
        else the innermost one under the cursor (or ending right at it)."""
        shown = self.shown()
        if selection is not None:
            s0, e0 = selection
            exact = [s for s in shown if (s.start, s.end) == (s0, e0)]
            inside = [s for s in shown if s0 <= s.start and s.end <= e0]
            if exact or inside:
                return (exact or inside)[0]
            cursor = s0
        hits = [s for s in shown if s.start <= cursor < s.end] or [s for s in shown if s.end == cursor]
        return min(hits, key=lambda s: (s.end - s.start, ENTITY_FIRST[s.layer])) if hits else None

    def next_shown(self, offset: int, step: int = 1, inclusive: bool = False) -> Suggestion | None:
        """The next (step 1) or previous (-1) suggestion still to decide from ``offset``, wrapping around."""
        shown = self.shown()
        if not shown:
            return None
        if step > 0:
            after = [s for s in shown if s.start > offset or (inclusive and s.start == offset)]
            return after[0] if after else shown[0]
        before = [s for s in shown if s.start < offset]
        return before[-1] if before else shown[-1]

    def identical(self, s: Suggestion) -> list[Suggestion]:
        """Open suggestions of the document with the same normalised text, layer and label as ``s``."""
        states = self.states()
        return [t for t in self.suggestions() if states[t.key] == "open" and (t.layer, t.label, t.norm) == (s.layer, s.label, s.norm)]

    # -- edits -------------------------------------------------------------------------

    def _stack(self) -> list:
        return self.session.undo_stack.setdefault(self.session.doc_id, [])

    def _transaction(self, description: str, body: Callable[[], Any]) -> Any:
        """Run ``body`` (session edits) as one undo step; undo all of it if it fails."""
        s = self.session
        n0, dirty = len(self._stack()), s.dirty
        redo = list(s.redo_stack.get(s.doc_id) or [])
        try:
            result = body()
        except Exception:
            while len(self._stack()) > n0 and s.undo() is not None:
                pass
            s.redo_stack[s.doc_id] = redo
            s.dirty = dirty
            raise
        s.squash(len(self._stack()) - n0, description)
        return result

    def _entity_for(self, m: Any, accepted: dict[str, Suggestion]) -> str | None:
        """The record's entity at a mention (start, end, text, label), added when missing and
        its label known (an entity suggestion there gives it)."""
        if m is None:
            return None
        start, end, _, label = m
        for e in self.session.record.entities:
            if (e.start, e.end) == (start, end) and (label is None or e.label == label):
                return e.id
        for e in self.session.record.entities:
            if (e.start, e.end) == (start, end):
                return e.id
        here = [s for s in self.suggestions() if s.layer == "entity" and (s.start, s.end) == (start, end)]
        sugg = next((s for s in here if self.state(s) == "open" and label in (None, s.label)), None)
        label = label or (sugg.label if sugg else None)
        if label is None or self.session.corpus.labels.get(label) is None:
            self.notes.append(f"no entity at {start}-{end} to refer to")
            return None
        if any(s.label == label and self.state(s) == "rejected" for s in here):
            self.notes.append(f"the entity at {start}-{end} was rejected; not referred to")
            return None
        entity = self.session.add_entity(start, end, label)
        sugg = sugg if sugg is not None and sugg.label == label else self.find(f"entity:{start}:{end}:{label}")
        if sugg is not None:
            accepted[entity.id] = sugg
        return entity.id

    def _apply(self, s: Suggestion, accepted: dict[str, Suggestion]) -> None:
        """Add ``s`` to the record (or make the conflicting annotation equal to it)."""
        ses, a = self.session, s.attrs
        rec = ses.record
        if s.layer == "entity":
            other = next((e for e in rec.entities if (e.start, e.end) == (s.start, s.end)), None)
            if other is not None:
                ses.relabel_entity(other.id, s.label)
                accepted[other.id] = s
            else:
                accepted[ses.add_entity(s.start, s.end, s.label).id] = s
        elif s.layer == "quote":
            fields = {"kind": a["kind"], "speaker": self._entity_for(a["speaker"], accepted), "cue": a["cue"][:2] if a["cue"] else None}
            other = next((q for q in rec.quotes if (q.start, q.end) == (s.start, s.end)), None)
            accepted[(ses.update_quote(other.id, **fields) if other else ses.add_quote(s.start, s.end, **fields)).id] = s
        else:
            fields = {k: a[k] for k in ("kind", "value", "unit", "approx", "time")}
            fields["place"] = [p for p in (self._entity_for(m, accepted) for m in a["place"]) if p is not None]
            fields["source"] = self._entity_for(a["source"], accepted)
            other = next((c for c in rec.claims if (c.start, c.end) == (s.start, s.end)), None)
            accepted[(ses.update_claim(other.id, **fields) if other else ses.add_claim(s.start, s.end, **fields)).id] = s

    def _note(self, accepted: dict[str, Suggestion], rejected: list[str], description: str) -> None:
        """Record the accepted annotations and rejected keys in ``meta["suggest"]``."""
        ses = self.session
        rec = ses.record
        m = M.read(rec)
        sources, index = M.source_index(m["sources"], self.source)
        spans = dict(m["spans"])
        anns = M.annotations(rec)
        for ident, s in accepted.items():
            layer, span = anns[ident]
            spans[ident] = {"source": index, "key": s.key, "digest": M.digest(M.comparable(layer, span, rec)), "edited": False}
        value = {"sources": sources, "spans": dict(sorted(spans.items())), "rejected": sorted(set(m["rejected"]) | set(rejected))}
        ses.set_meta(M.META, value, description)

    def accept(self, s: Suggestion) -> str:
        state = self.state(s)
        if state not in SHOWN:
            raise SuggestError(f"this suggestion is {state} already")

        def body() -> None:
            accepted: dict[str, Suggestion] = {}
            self._apply(s, accepted)
            self._note(accepted, [], f"accept {s.key}")

        self.notes = []
        self._transaction(f"accept {s.key}", body)
        more = " (replaced the conflicting annotation)" if state == "conflict" else ""
        return f"accepted {s.layer} {s.label}{more}" + "".join(f"; {n}" for n in self.notes)

    def reject(self, s: Suggestion) -> str:
        state = self.state(s)
        if state not in SHOWN:
            raise SuggestError(f"this suggestion is {state} already" + ("; delete the annotation to take it back" if state == "accepted" else ""))
        self._note({}, [s.key], f"reject {s.key}")
        return f"rejected {s.layer} {s.label}"

    def accept_many(self, todo: list[Suggestion], description: str) -> tuple[int, list[str]]:
        """Accept every open suggestion of ``todo`` (entities first: quotes and claims refer
        to them) as one undo step; returns how many, and why the others could not be."""
        failed: list[str] = []
        done = 0

        def body() -> None:
            nonlocal done
            accepted: dict[str, Suggestion] = {}
            for s in sorted(todo, key=lambda s: (ENTITY_FIRST[s.layer], s.start, s.end)):
                if self.state(s) != "open":
                    continue  # accepted with an earlier one (a speaker), or a conflict: those need a look
                mine: dict[str, Suggestion] = {}
                try:
                    self._transaction(f"accept {s.key}", lambda s=s, mine=mine: self._apply(s, mine))
                except Exception as e:  # the session's EditError: that suggestion stays open
                    failed.append(f"{s.key}: {e}")
                    continue
                accepted.update(mine)
                done += 1
            if accepted:
                self._note(accepted, [], description)

        self._transaction(description, body)
        return done, failed

    def accept_all(self, selection: tuple[int, int] | None = None) -> tuple[int, list[str]]:
        """Accept every open suggestion inside ``selection`` (None: the whole document)."""
        states = self.states()
        todo = [s for s in self.suggestions() if states[s.key] == "open" and (selection is None or (selection[0] <= s.start and s.end <= selection[1]))]
        return self.accept_many(todo, "accept all suggestions" + (" in the selection" if selection else ""))

    def accept_identical(self, s: Suggestion) -> tuple[int, list[str]]:
        return self.accept_many(self.identical(s), f"accept every {s.label} {s.norm[:20]!r}")

    # -- written with each record -----------------------------------------------------

    def finish(self, record: Any) -> Any:
        """The record as written: ``meta["suggest"]`` brought up to date (only for documents
        edited in this session: the other records are written as they were read)."""
        if not self.session.undo_stack.get(record.doc_id):
            return record
        value = M.finished(record)
        if value is None:
            return record
        return record.model_copy(update={"meta": {**(record.meta or {}), M.META: value}})
