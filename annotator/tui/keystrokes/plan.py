"""The planner: the keys a skilled annotator types to turn a record (empty, or what was
accepted from suggestions) into the gold record of a document, with the annotator's real
bindings (``annotator/tui/keymap.py``).

Order of work (what the prefills need first): labels fixed and missing entities marked in
reading order (select, the label's digit); quotes and claims that are not in the gold
deleted; every quote fixed (``enter`` on it, the form) or marked (select, ``q``, the form; a
cue the form does not offer is selected and marked with ``c``); the date claims, then the
others, fixed or marked (``m``; a claim's time is prefilled from the dates of its clause,
its source from the quote around it); entities not in the gold deleted; ``d`` when the gold
is done; ``ctrl+s``. Selections and cursor moves are the shortest key paths of
:mod:`.docmoves`; forms are filled by :mod:`.formkeys` from exactly what the app's forms show
at that moment: the planner runs the app's own session (``annotator.tui.session.Session``)
beside it, edit for edit, and each step records what the record holds after it, which the
replay compares with the app's.

What it assumes (the README says so): it knows where every gold span is and what it should
be, so it never hesitates, looks up or corrects a mistake; a person also reads.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.io.corpus import Corpus
from annotator.model import Annotation
from annotator.tui import formfill
from annotator.tui.keystrokes.docmoves import DocKeys, View
from annotator.tui.keystrokes.formkeys import claim_keys, cycle_keys, quote_keys
from annotator.tui.keystrokes.record import claim_fields, content, entity_key, quote_fields
from annotator.tui.session import Session


@dataclass
class Step:
    """One thing done (``what``), its keys, and the record's content after it."""

    what: str
    keys: list[str]
    expect: dict[str, set] | None = None


@dataclass
class Plan:
    doc_id: str
    steps: list[Step] = field(default_factory=list)
    strategy: str = "scratch"

    @property
    def keys(self) -> list[str]:
        return [k for step in self.steps for k in step.keys]


class Planner:
    """Plans against a shadow session of the document (never saved) that receives the same
    edits the replayed app will make, so that every form is planned on what it will show."""

    def __init__(self, corpus: Corpus, doc_id: str, width: int, *, shape: bool = True) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="annotator-keys-")
        self.corpus = corpus
        self.session = Session.open(corpus, Path(self._tmp.name) / "shadow.jsonl", doc_id=doc_id, annotator="planner", lock=False)
        self.text = self.session.text
        self.doc = DocKeys(self.text, width, shape=shape)
        self.view = View(0)
        self.current: tuple[str, str] | None = None  # the app's current span
        self.ids: dict[str, str] = {}  # gold entity id -> id in the session
        self.label_keys = {label.name: key for key, label in corpus.labels.keymap().items()}
        self.plan = Plan(doc_id)

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> Planner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, what: str, keys: list[str]) -> None:
        self.plan.steps.append(Step(what, list(keys), content(self.session.record.model_dump())))

    # -- the view and the current span ------------------------------------------------

    def follow(self, keys: list[str]) -> None:
        """The app's current span along the cursor moves of ``keys`` (``on_doc_view_moved``)."""
        for v in self.doc.views(self.view, keys):
            self.moved(v)

    def moved(self, view: View) -> None:
        self.view = view
        under = [sp.key for sp in self.session.spans_at(view.cursor)]
        if self.current not in under:
            self.current = under[0] if under else None

    def select(self, start: int, end: int) -> list[str]:
        before = self.view
        keys, after = self.doc.select(before, start, end)
        self.follow(keys)
        self.view = after
        return keys

    def marked(self, offset: int, current: tuple[str, str]) -> None:
        """After a mark the app makes the new span current and moves the cursor to its start."""
        self.current = current
        self.moved(View(offset, None, None, self.view.query))

    def goto(self, key: tuple[str, str], start: int, end: int) -> list[str]:
        """Keys that make the span ``key`` (layer, id) current: the cursor onto it, ``tab``
        until it is the current one."""
        spans_at = self.session.spans_at
        inside = [p for p in range(start, end + 1) if key in [sp.key for sp in spans_at(p)]]
        first = {p for p in inside if spans_at(p)[0].key == key}
        keys, after = self.doc.reach(self.view, start, end, first or set(inside))
        self.follow(keys)
        self.view = after
        self.moved(after)
        under = [sp.key for sp in spans_at(after.cursor)]
        while self.current != key:
            self.current = under[(under.index(self.current) + 1) % len(under)] if self.current in under else under[0]
            keys.append("tab")
        return keys

    # -- marking from scratch ---------------------------------------------------------

    def ref(self, gold_id: str | None) -> str | None:
        return self.ids[gold_id] if gold_id is not None else None

    def mark_entity(self, gold: dict[str, Any]) -> None:
        keys = self.select(gold["start"], gold["end"]) + [self.label_keys[gold["label"]]]
        made = self.session.add_entity(gold["start"], gold["end"], gold["label"])
        self.ids[gold["id"]] = made.id
        self.marked(gold["start"], ("entity", made.id))
        self.add(f"mark {gold['label']} {gold['text']}", keys)

    def mark_quote(self, gold: dict[str, Any]) -> None:
        s, e = gold["start"], gold["end"]
        kind, speaker, cue = quote_fields(gold, self.ref)
        keys = self.select(s, e) + ["q"]
        form = formfill.quote_form(self.session, s, e)
        form_keys, later = quote_keys(form, kind, speaker, cue)
        made = self.session.add_quote(s, e, kind=kind, speaker=speaker, cue=form.cue if later else cue)
        self.marked(s, ("quote", made.id))
        self.add(f"mark quote {gold['text'][:30]}", keys + form_keys)
        if later:
            self.mark_cue(made.id, cue)

    def mark_cue(self, quote_id: str, cue: tuple[int, int]) -> None:
        """Select the cue and press ``c``; checks that the app will give it to this quote."""
        keys = self.select(*cue) + ["c"]
        target = self.cue_target(cue)
        if target != quote_id:
            raise ValueError(f"c would give the cue {cue} to quote {target}, not {quote_id}")
        self.session.set_cue(quote_id, *cue)
        self.marked(cue[0], ("cue", quote_id))
        self.add(f"cue of {quote_id}", keys)

    def cue_target(self, sel: tuple[int, int]) -> str | None:
        """The quote ``c`` attaches a cue to (``AnnotateApp.action_mark_cue``)."""
        s = self.session
        quote = s.quote_at(self.view.cursor) or s.quote_at(sel[0])
        if quote is None and self.current and self.current[0] in ("quote", "cue"):
            quote = s.quote(self.current[1])
        if quote is None and s.record.quotes:
            quote = min(s.record.quotes, key=lambda q: min(abs(q.start - sel[1]), abs(sel[0] - q.end)))
        return quote.id if quote else None

    def mark_claim(self, gold: dict[str, Any]) -> None:
        s, e = gold["start"], gold["end"]
        wanted = claim_fields(gold, self.ref)
        keys = self.select(s, e) + ["m"]
        keys += claim_keys(formfill.claim_form(self.session, s, e), wanted)
        made = self.session.add_claim(s, e, **wanted)
        self.marked(s, ("claim", made.id))
        self.add(f"mark claim {gold['kind']} {gold['text'][:30]}", keys)

    # -- fixing what is there ---------------------------------------------------------

    def relabel(self, entity: Any, label: str) -> None:
        keys = self.goto(("entity", entity.id), entity.start, entity.end) + ["enter"]
        names = self.corpus.labels.names
        keys += cycle_keys(names.index(entity.label), names.index(label), len(names)) + ["enter"]
        self.session.relabel_entity(entity.id, label)
        self.add(f"relabel {entity.text} as {label}", keys)

    def delete(self, layer: str, span: Any) -> None:
        keys = self.goto((layer, span.id), span.start, span.end) + ["delete"]
        self.session.delete(layer, span.id)
        self.current = None
        self.moved(self.view)
        self.add(f"delete {layer} {span.text[:30]}", keys)

    def fix_quote(self, quote: Any, gold: dict[str, Any]) -> None:
        kind, speaker, cue = quote_fields(gold, self.ref)
        keys = self.goto(("quote", quote.id), quote.start, quote.end) + ["enter"]
        form = formfill.quote_form(self.session, quote.start, quote.end, quote)
        form_keys, later = quote_keys(form, kind, speaker, cue)
        self.session.update_quote(quote.id, kind=kind, speaker=speaker, cue=form.cue if later else cue)
        self.add(f"fix quote {quote.text[:30]}", keys + form_keys)
        if later:
            self.mark_cue(quote.id, cue)

    def fix_claim(self, claim: Any, gold: dict[str, Any]) -> None:
        wanted = claim_fields(gold, self.ref)
        keys = self.goto(("claim", claim.id), claim.start, claim.end) + ["enter"]
        keys += claim_keys(formfill.claim_form(self.session, claim.start, claim.end, claim), wanted)
        self.session.update_claim(claim.id, **wanted)
        self.add(f"fix claim {claim.text[:30]}", keys)

    # -- whole documents --------------------------------------------------------------

    def complete(self, gold: Annotation | dict[str, Any]) -> Plan:
        """Keys from whatever the record holds now to ``gold``, then ``d`` (when the gold is
        done) and ``ctrl+s``."""
        g = gold.model_dump() if isinstance(gold, Annotation) else gold
        rec = self.session.record
        for e in sorted(g["entities"], key=lambda x: (x["start"], x["end"])):
            same = [x for x in self.session.record.entities if (x.start, x.end) == (e["start"], e["end"])]
            hit = next((x for x in same if x.label == e["label"]), None)
            if hit is None:
                wrong = next((x for x in same if entity_key(x.model_dump()) not in {entity_key(y) for y in g["entities"]}), None)
                if wrong is not None:
                    self.relabel(wrong, e["label"])
                    hit = self.session.entity(wrong.id)
                else:
                    self.mark_entity(e)
                    continue
            self.ids[e["id"]] = hit.id
        gold_quotes = {(q["start"], q["end"]): q for q in g["quotes"]}
        gold_claims = {(c["start"], c["end"]): c for c in g["claims"]}
        rec = self.session.record
        for q in [q for q in rec.quotes if (q.start, q.end) not in gold_quotes]:
            self.delete("quote", q)
        for c in [c for c in rec.claims if (c.start, c.end) not in gold_claims]:
            self.delete("claim", c)
        for q in sorted(g["quotes"], key=lambda x: (x["start"], x["end"])):
            have = next((x for x in self.session.record.quotes if (x.start, x.end) == (q["start"], q["end"])), None)
            if have is None:
                self.mark_quote(q)
            elif self._quote_of(have) != quote_fields(q, self.ref):
                self.fix_quote(have, q)
        for c in sorted(g["claims"], key=lambda x: (x["kind"] != "date", x["start"], x["end"])):
            have = next((x for x in self.session.record.claims if (x.start, x.end) == (c["start"], c["end"])), None)
            if have is None:
                self.mark_claim(c)
            elif not _same_claim(have.model_dump(), claim_fields(c, self.ref)):
                self.fix_claim(have, c)
        wanted = {entity_key(e) for e in g["entities"]}
        for e in [e for e in self.session.record.entities if entity_key(e.model_dump()) not in wanted]:
            self.delete("entity", e)
        keys = ["d"] if g.get("status") == "done" and self.session.record.status != "done" else []
        if keys:
            self.session.toggle_status()
        self.add("done, save", keys + ["ctrl+s"])
        return self.plan

    def _quote_of(self, quote: Any) -> tuple:
        return quote.kind, quote.speaker, ((quote.cue.start, quote.cue.end) if quote.cue else None)


def _same_claim(have: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(have[k] == v and type(have[k]) is type(v) for k, v in wanted.items() if k not in ("place",)) and list(have["place"]) == list(wanted["place"])


def plan_from_scratch(corpus: Corpus, gold: Annotation | dict[str, Any], width: int, *, shape: bool = True) -> Plan:
    """The keys from an empty record to ``gold`` with the document view ``width`` columns wide."""
    doc_id = gold.doc_id if isinstance(gold, Annotation) else gold["doc_id"]
    with Planner(corpus, doc_id, width, shape=shape) as planner:
        return planner.complete(gold)
