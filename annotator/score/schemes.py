"""The matching schemes and the scoring of one layer of one document under all of them.

A pair of overlapping spans is judged per scheme as correct, partial or incorrect:

==================  =========================================================
strict              same boundaries and same label
exact               same boundaries (label ignored)
partial             same boundaries is correct, any other overlap is partial (half credit)
type                overlap and same label
overlap             same label and intersection-over-union >= ``min_iou``
boundary-lenient    same label and the same core after ``trim_lenient`` (whitespace,
                    punctuation, quotation marks, a leading proclitic)
normalized          same label and the same core text after ``normalize`` (harakat,
                    tatweel, alif/ya/ta-marbuta variants), cores overlapping
==================  =========================================================

Each scheme has its own optimal one-to-one matching: it maximises, in this order, the
credit (correct = 2, partial = 1), the number of matched pairs and the total overlap.
"""

from dataclasses import dataclass, field

from annotator.score.counts import Counts
from annotator.score.match import best_matching, components, overlapping_pairs
from annotator.text.arabic import normalize, trim_lenient

SCHEMES = ("strict", "exact", "partial", "type", "overlap", "boundary-lenient", "normalized")
STANDARD_SCHEMES = ("strict", "exact", "partial", "type")
#: The scheme whose matching is used for attributes, the confusion matrix and the error listing:
#: it maximises exact matches, then overlapping pairs, then overlap.
ATTRIBUTE_SCHEME = "partial"

CORRECT, PARTIAL, INCORRECT = 2, 1, 0


class Item:
    """One span of a layer, with lazily computed lenient core and normalised core text."""

    __slots__ = ("start", "end", "label", "index", "text", "_core", "_norm")

    def __init__(self, start: int, end: int, label: str, index: int, text: str) -> None:
        self.start = start
        self.end = end
        self.label = label
        self.index = index  # position in the record's list
        self.text = text  # the document text (shared, not copied)
        self._core: tuple[int, int] | None = None
        self._norm: str | None = None

    @property
    def core(self) -> tuple[int, int]:
        if self._core is None:
            self._core = trim_lenient(self.text, self.start, self.end)
        return self._core

    @property
    def norm(self) -> str:
        if self._norm is None:
            s, e = self.core
            self._norm = normalize(self.text[s:e])
        return self._norm


def _judge(g: Item, p: Item, min_iou: float) -> tuple[int, ...]:
    """The outcome of the pair under each scheme, in SCHEMES order."""
    same_label = g.label == p.label
    if g.start == p.start and g.end == p.end:
        c = CORRECT if same_label else INCORRECT
        return (c, CORRECT, CORRECT, c, c, c, c)
    inter = min(g.end, p.end) - max(g.start, p.start)
    union = max(g.end, p.end) - min(g.start, p.start)
    if not same_label:
        return (INCORRECT, INCORRECT, PARTIAL, INCORRECT, INCORRECT, INCORRECT, INCORRECT)
    gc, pc = g.core, p.core
    lenient = gc == pc and gc[0] < gc[1]
    if lenient:
        normalized = True
    else:
        normalized = bool(g.norm) and g.norm == p.norm and gc[0] < pc[1] and pc[0] < gc[1]
    return (
        INCORRECT,
        INCORRECT,
        PARTIAL,
        CORRECT,
        CORRECT if inter >= min_iou * union else INCORRECT,
        CORRECT if lenient else INCORRECT,
        CORRECT if normalized else INCORRECT,
    )


@dataclass
class LayerResult:
    """One layer of one document scored under every scheme."""

    counts: dict[str, Counts] = field(default_factory=dict)
    by_label: dict[str, dict[str, Counts]] = field(default_factory=dict)  # scheme -> label -> counts
    #: (gold item, pred item) pairs of the attribute matching (ATTRIBUTE_SCHEME).
    matched: list[tuple[Item, Item]] = field(default_factory=list)
    #: (outcome, gold item or None, pred item or None) under strict, for the error listing.
    strict_outcomes: list[tuple[str, Item | None, Item | None]] = field(default_factory=list)


_OUTCOME = {CORRECT: "correct", PARTIAL: "partial", INCORRECT: "incorrect"}


def _canonical(items: list[Item], keys: list[tuple]) -> list[Item]:
    order = sorted(range(len(items)), key=lambda i: (items[i].start, items[i].end, items[i].label, keys[i]))
    return [items[i] for i in order]


def score_layer(
    gold: list[Item],
    pred: list[Item],
    *,
    min_iou: float = 0.5,
    unplaced: list[str] | None = None,
    gold_keys: list[tuple] | None = None,
    pred_keys: list[tuple] | None = None,
) -> LayerResult:
    """Score one layer. ``unplaced`` are labels of predictions that have no span (spurious).

    ``*_keys`` are tie-break keys (canonical attribute values), so that even predictions with
    the same span but different attributes are matched independently of their order.
    """
    gold = _canonical(gold, gold_keys or [()] * len(gold))
    pred = _canonical(pred, pred_keys or [()] * len(pred))
    pairs = overlapping_pairs(gold, pred)
    judged: dict[tuple[int, int], tuple[int, ...]] = {pair: _judge(gold[pair[0]], pred[pair[1]], min_iou) for pair in pairs}
    result = LayerResult()
    nschemes = len(SCHEMES)
    gold_done: list[list[int | None]] = [[None] * len(gold) for _ in range(nschemes)]  # outcome per gold
    pred_done: list[list[bool]] = [[False] * len(pred) for _ in range(nschemes)]
    attr_index = SCHEMES.index(ATTRIBUTE_SCHEME)
    attr_pairs: list[tuple[int, int]] = []
    strict_pairs: list[tuple[int, int]] = []
    for gids, pids, edges in components(pairs):
        single = len(edges) == 1
        for s in range(nschemes):
            if single:
                chosen = edges
            else:
                chosen = best_matching(gids, pids, edges, _weight(gold, pred, judged, s))
            for g, p in chosen:
                gold_done[s][g] = judged[(g, p)][s]
                pred_done[s][p] = True
                if s == attr_index:
                    attr_pairs.append((g, p))
                elif s == 0:
                    strict_pairs.append((g, p))
    for s, scheme in enumerate(SCHEMES):
        total = Counts()
        labels: dict[str, Counts] = {}
        for g, outcome in zip(gold, gold_done[s]):
            row = labels.get(g.label)
            if row is None:
                row = labels[g.label] = Counts()
            if outcome is None:
                row.missed += 1
            elif outcome == CORRECT:
                row.correct += 1
            elif outcome == PARTIAL:
                row.partial += 1
            else:
                row.incorrect += 1
        for p, done in zip(pred, pred_done[s]):
            if not done:
                row = labels.get(p.label)
                if row is None:
                    row = labels[p.label] = Counts()
                row.spurious += 1
        for label in unplaced or ():
            row = labels.get(label)
            if row is None:
                row = labels[label] = Counts()
            row.spurious += 1
        for row in labels.values():
            total.add(row)
        result.counts[scheme] = total
        result.by_label[scheme] = labels
    result.matched = [(gold[g], pred[p]) for g, p in sorted(attr_pairs)]
    matched_g = {g for g, _ in strict_pairs}
    matched_p = {p for _, p in strict_pairs}
    outcomes = [(_OUTCOME[judged[(g, p)][0]], gold[g], pred[p]) for g, p in strict_pairs]
    outcomes += [("missed", g, None) for i, g in enumerate(gold) if i not in matched_g]
    outcomes += [("spurious", None, p) for i, p in enumerate(pred) if i not in matched_p]
    result.strict_outcomes = outcomes
    return result


def _weight(gold: list[Item], pred: list[Item], judged: dict[tuple[int, int], tuple[int, ...]], s: int):
    """Edge weight for scheme ``s``: credit first, then one per matched pair, then overlap."""
    lengths = sum(g.end - g.start for g in gold) + 1
    pair_unit = lengths
    credit_unit = (len(gold) + 1) * (lengths + pair_unit)

    def weight(g: int, p: int) -> int:
        a, b = gold[g], pred[p]
        inter = min(a.end, b.end) - max(a.start, b.start)
        return judged[(g, p)][s] * credit_unit + pair_unit + inter

    return weight
