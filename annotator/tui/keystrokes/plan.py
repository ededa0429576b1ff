"""The planner: the keys a skilled annotator types to turn an empty record into the gold
record of a document, with the annotator's real bindings (``annotator/tui/app.py``).

Order of work (what the prefills need first): every entity in reading order (select it,
press its label's digit); every quote (select, ``q``, fix the prefilled form, ``enter``;
a cue the form does not offer is selected and marked with ``c``); the date claims, then the
other claims (select, ``m``, fix the form, ``enter``: a claim's time is prefilled from the
dates of its clause, its source from the quote around it); ``d`` when the gold is done;
``ctrl+s``. Selections are the shortest key paths of :mod:`.docmoves`; forms are filled by
:mod:`.formkeys` from exactly what the app's forms show at that moment: the planner runs
the app's own session (``annotator.tui.session.Session``) beside it, edit for edit.

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
from annotator.tui.keystrokes.formkeys import claim_keys, quote_keys
from annotator.tui.session import Session


@dataclass
class Step:
    """One thing done (``what``) and its keys."""

    what: str
    keys: list[str]
    span: tuple[str, int, int] | None = None  # (layer, start, end) the step makes



@dataclass
class Plan:
    doc_id: str
    steps: list[Step] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [k for step in self.steps for k in step.keys]

    def add(self, what: str, keys: list[str], span: tuple[str, int, int] | None = None) -> None:
        self.steps.append(Step(what, list(keys), span))


class Planner:
    """Plans against a shadow session of the document (never saved) that receives the same
    edits the replayed app will make, so that every form is planned on what it will show."""

    def __init__(self, corpus: Corpus, doc_id: str, width: int, *, shape: bool = True) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="annotator-keys-")
        self.session = Session.open(corpus, Path(self._tmp.name) / "shadow.jsonl", doc_id=doc_id, annotator="planner", lock=False)
        self.text = self.session.text
        self.doc = DocKeys(self.text, width, shape=shape)
        self.view = View(0)
        self.ids: dict[str, str] = {}  # gold entity id -> id in the session
        self.label_keys = {label.name: key for key, label in corpus.labels.keymap().items()}
        self.plan = Plan(doc_id)

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> Planner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- selections -------------------------------------------------------------------

    def select(self, start: int, end: int) -> list[str]:
        keys, self.view = self.doc.select(self.view, start, end)
        return keys

    def moved_to(self, offset: int) -> None:
        """After a mark the app moves the cursor to the span's start (no selection)."""
        self.view = View(offset, None, None, self.view.query)

    # -- the layers -------------------------------------------------------------------

    def entity(self, gold: dict[str, Any]) -> None:
        keys = self.select(gold["start"], gold["end"]) + [self.label_keys[gold["label"]]]
        made = self.session.add_entity(gold["start"], gold["end"], gold["label"])
        self.ids[gold["id"]] = made.id
        self.moved_to(gold["start"])
        self.plan.add(f"entity {gold['label']} {gold['text']}", keys, ("entity", gold["start"], gold["end"]))

    def ref(self, gold_id: str | None) -> str | None:
        return self.ids[gold_id] if gold_id is not None else None

    def quote(self, gold: dict[str, Any]) -> None:
        s, e = gold["start"], gold["end"]
        cue = (gold["cue"]["start"], gold["cue"]["end"]) if gold.get("cue") else None
        keys = self.select(s, e) + ["q"]
        form = formfill.quote_form(self.session, s, e)
        form_keys, later = quote_keys(form, gold["kind"], self.ref(gold["speaker"]), cue)
        made = self.session.add_quote(s, e, kind=gold["kind"], speaker=self.ref(gold["speaker"]), cue=form.cue if later else cue)
        self.moved_to(s)
        self.plan.add(f"quote {gold['text'][:30]}", keys + form_keys, ("quote", s, e))
        if later:
            assert cue is not None
            self.cue(made.id, cue)

    def cue(self, quote_id: str, cue: tuple[int, int]) -> None:
        """Select the cue and press ``c``; checks that the app will give it to this quote."""
        keys = self.select(*cue) + ["c"]
        target = self.cue_target(cue, quote_id)
        if target != quote_id:
            raise ValueError(f"c would give the cue {cue} to quote {target}, not {quote_id}")
        self.session.set_cue(quote_id, *cue)
        self.moved_to(cue[0])
        self.plan.add(f"cue of {quote_id}", keys, ("cue", *cue))

    def cue_target(self, sel: tuple[int, int], quote_id: str) -> str | None:
        """The quote ``c`` attaches a cue to (``AnnotateApp.action_mark_cue``)."""
        s = self.session
        quote = s.quote_at(self.view.cursor) or s.quote_at(sel[0])
        under = [sp.key for sp in s.spans_at(self.view.cursor)]
        current = (("quote", quote_id) if ("quote", quote_id) in under else under[0]) if under else None
        if quote is None and current and current[0] in ("quote", "cue"):
            quote = s.quote(current[1])
        if quote is None and s.record.quotes:
            quote = min(s.record.quotes, key=lambda q: min(abs(q.start - sel[1]), abs(sel[0] - q.end)))
        return quote.id if quote else None

    def claim(self, gold: dict[str, Any]) -> None:
        s, e = gold["start"], gold["end"]
        wanted = {name: gold[name] for name in ("value", "kind", "unit", "approx", "time")}
        wanted["place"] = [self.ids[p] for p in gold.get("place") or []]
        wanted["source"] = self.ref(gold.get("source"))
        keys = self.select(s, e) + ["m"]
        form = formfill.claim_form(self.session, s, e)
        keys += claim_keys(form, wanted)
        self.session.add_claim(s, e, **wanted)
        self.moved_to(s)
        self.plan.add(f"claim {gold['kind']} {gold['text'][:30]}", keys, ("claim", s, e))

    def finish(self, gold: dict[str, Any]) -> None:
        keys = ["d"] if gold.get("status") == "done" else []
        if keys:
            self.session.toggle_status()
        self.plan.add("done, save", keys + ["ctrl+s"])

    # -- whole documents --------------------------------------------------------------

    def from_scratch(self, gold: Annotation | dict[str, Any]) -> Plan:
        g = gold.model_dump() if isinstance(gold, Annotation) else gold
        for entity in sorted(g["entities"], key=lambda x: (x["start"], x["end"])):
            self.entity(entity)
        for quote in sorted(g["quotes"], key=lambda x: (x["start"], x["end"])):
            self.quote(quote)
        for claim in sorted(g["claims"], key=lambda x: (x["kind"] != "date", x["start"], x["end"])):
            self.claim(claim)
        self.finish(g)
        return self.plan


def plan_from_scratch(corpus: Corpus, gold: Annotation | dict[str, Any], width: int, *, shape: bool = True) -> Plan:
    """The keys from an empty record to ``gold`` with the document view ``width`` columns wide."""
    doc_id = gold.doc_id if isinstance(gold, Annotation) else gold["doc_id"]
    with Planner(corpus, doc_id, width, shape=shape) as planner:
        return planner.from_scratch(gold)
