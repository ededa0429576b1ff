"""Planning with an extractor's suggestions (``annotator annotate --suggest PRED.jsonl``).

Two ways a skilled annotator works through suggestions, both with the suggestion mode's
real keys (``annotator/tui/suggest.py``) on the app's own suggestion state
(``annotator.suggest.suggester.Suggester``, run on the planner's shadow session):

* ``walk``: decide each suggestion in reading order: ``a`` accepts the current one, ``x``
  rejects it (the next one becomes current, no ``j`` needed), ``i`` accepts an entity with
  all its identical mentions when every one of them is in the gold. An entity is accepted
  when it is in the gold; a quote or claim when every attribute is the gold's, else it is
  rejected and marked again with the form's prefills (fewer keys, over both gold sets,
  than accepting it and fixing its attributes: 159 against 163 keys on the held-out text,
  101 against 104 on the seed article, both replayed).
* ``accept-all``: ``A`` accepts everything at once; what is wrong is fixed or deleted.

Then the planner's :meth:`~.plan.Planner.complete` fixes labels and attributes, marks what
the extractor missed and deletes what is not in the gold. The plan with fewer keys is kept
(the planner knows the gold; a person would pick one way after a look at the suggestions).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.io.corpus import Corpus
from annotator.suggest.load import read_prediction_file
from annotator.suggest.suggester import Suggester
from annotator.suggest.suggestion import Suggestion
from annotator.tui.keystrokes.docmoves import View
from annotator.tui.keystrokes.plan import Plan, Planner
from annotator.tui.keystrokes.record import entity_key

STRATEGIES = ("walk", "accept-all")


def suggester_for(session: Any, pred: Path, corpus: Corpus) -> Suggester:
    loaded = read_prediction_file(pred, corpus)
    return Suggester(session, loaded.get, loaded.source, loaded.problems)


class SuggestPlanner(Planner):
    def __init__(self, corpus: Corpus, doc_id: str, width: int, pred: Path, *, shape: bool = True) -> None:
        super().__init__(corpus, doc_id, width, shape=shape)
        self.core = suggester_for(self.session, pred, corpus)
        self.sugg: Suggestion | None = None
        self.pick(keep=False)

    def pick(self, keep: bool = True) -> None:
        """The app's current suggestion (``SuggestApp._pick``)."""
        cursor, sel = self.view.cursor, self.view.selection
        if keep and self.sugg in self.core.shown() and sel is None and self.sugg.start <= cursor < self.sugg.end:
            return
        self.sugg = self.core.at(cursor, sel) or self.core.next_shown(cursor, 1, inclusive=True)

    def moved(self, view: View) -> None:
        super().moved(view)
        if hasattr(self, "core"):
            self.pick()

    def _annotation_key(self, s: Suggestion) -> tuple[str, str] | None:
        spans = [sp for sp in self.session.spans() if sp.layer == s.layer and (sp.start, sp.end) == (s.start, s.end)]
        return spans[0].key if spans else None

    def decide(self, key: str) -> None:
        """``a`` or ``x`` on the current suggestion (``SuggestApp._decide``)."""
        s = self.sugg
        assert s is not None
        (self.core.accept if key == "a" else self.core.reject)(s)
        self.view = View(s.start, None, None, self.view.query)
        self.sugg = None
        self.pick(keep=False)
        if key == "a":
            self.current = self._annotation_key(s)
        self.moved(self.view)
        self.add(f"{'accept' if key == 'a' else 'reject'} {s.layer} {s.label} {s.text[:30]}", [key])

    def many(self, key: str) -> None:
        """``A`` (every open suggestion) or ``i`` (identical mentions of the current one)."""
        if key == "A":
            self.core.accept_all(None)
        else:
            assert self.sugg is not None
            self.core.accept_identical(self.sugg)
        self.pick(keep=False)
        self.moved(self.view)
        self.add("accept all" if key == "A" else "accept identical mentions", [key])

    def walk(self, gold: dict[str, Any], *, exact: bool = False) -> None:
        """Decide every suggestion in reading order; with ``exact``, a quote or claim is
        accepted only when all its attributes are the gold's (else it is marked again, with
        the prefills), otherwise whenever its span is the gold's (and fixed afterwards)."""
        entities = {entity_key(e) for e in gold["entities"]}
        spans = {(q["start"], q["end"]) for q in gold["quotes"]} | {(c["start"], c["end"]) for c in gold["claims"]}
        exact_ones = {_comparable(layer, x, gold) for layer in ("quotes", "claims") for x in gold[layer]}

        def good(s: Suggestion) -> bool:
            if s.layer == "entity":
                return (s.start, s.end, s.label) in entities
            if exact:
                return (s.start, s.end, s.comparable()) in exact_ones
            return (s.start, s.end) in spans

        while self.core.shown():
            s = self.sugg
            if s is None:
                break
            if not good(s):
                self.decide("x")
            elif s.layer == "entity" and len(same := self.core.identical(s)) > 1 and all(map(good, same)):
                self.many("i")
            else:
                self.decide("a")


def _comparable(layer: str, x: dict[str, Any], gold: dict[str, Any]) -> tuple:
    """A gold quote or claim as :meth:`Suggestion.comparable` describes a suggestion."""
    by_id = {e["id"]: (e["start"], e["end"]) for e in gold["entities"]}
    ref = by_id.get
    if layer == "quotes":
        cue = (x["cue"]["start"], x["cue"]["end"]) if x.get("cue") else None
        return x["start"], x["end"], ("quote", x["kind"], ref(x["speaker"]) if x.get("speaker") else None, cue)
    return x["start"], x["end"], ("claim", x["kind"], x["value"], x["unit"], x["approx"], x["time"],
                                  tuple(sorted(ref(p) for p in x["place"])), ref(x["source"]) if x.get("source") else None)


def plan_with_suggestions(corpus: Corpus, gold: dict[str, Any], width: int, pred: Path, *, shape: bool = True,
                          strategies: tuple[str, ...] = STRATEGIES) -> Plan:
    """The shortest of the strategies' plans from ``pred``'s suggestions to ``gold``
    (``plan.strategy`` names it)."""
    best: Plan | None = None
    for strategy in strategies:
        with SuggestPlanner(corpus, gold["doc_id"], width, pred, shape=shape) as planner:
            if strategy == "walk":
                planner.walk(gold, exact=True)
            else:
                planner.many("A")
            plan = planner.complete(gold)
            plan.strategy = strategy
        if best is None or len(plan.keys) < len(best.keys):
            best = plan
    assert best is not None
    return best
