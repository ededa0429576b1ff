"""The matching schemes and the scoring of one layer of one document under all of them.

One optimal one-to-one matching per document and layer is computed first; each scheme
then judges the matched pairs (unmatched gold spans are missed, unmatched predictions
spurious, under every scheme). The matching maximises, in this order:

1. pairs with the same boundaries and the same label,
2. pairs with the same boundaries,
3. overlapping pairs with the same label,
4. overlapping pairs,
5. the total overlap (in code points),

and among equally good matchings takes the first in a canonical order of the spans
(start, end, label, attributes), so it never depends on the order of the predictions.

A matched pair is judged per scheme as correct, partial or incorrect:

==================  =========================================================
strict              same boundaries and same label
exact               same boundaries (label ignored)
partial             same boundaries is correct, any other overlap is partial (half credit)
type                overlap and same label
overlap             same label and intersection-over-union >= ``min_iou``
boundary-lenient    same label and the same core after ``trim_lenient`` (whitespace,
                    punctuation, quotation marks, a leading proclitic)
normalized          same label and the same core text after ``normalize`` (harakat and
                    tatweel ignored; for two spans of one text this means the same core up
                    to marks and tatweel at its edges)
==================  =========================================================
"""

from collections import Counter
from dataclasses import dataclass, field  # noqa: F401

from annotator.score.counts import Counts
from annotator.score.match import best_matching, components, overlapping_pairs
from annotator.text.arabic import PROCLITICS, is_dropped, trim_lenient

SCHEMES = ("strict", "exact", "partial", "type", "overlap", "boundary-lenient", "normalized")
STANDARD_SCHEMES = ("strict", "exact", "partial", "type")

CORRECT, PARTIAL, INCORRECT = 2, 1, 0
_OUTCOME = {CORRECT: "correct", PARTIAL: "partial", INCORRECT: "incorrect"}

Span = tuple[int, int, str]  # (start, end, label)


#: Letters a span may lose at its start under boundary-lenient trimming (the proclitics).
_PROCLITIC_LETTERS = frozenset("".join(PROCLITICS)) | frozenset("أإآ")


def _may_share_core(text: str, g: tuple, p: tuple) -> bool:
    """A cheap necessary condition for equal lenient cores: what one span has beyond the
    other is no letter or digit, except proclitic letters at the start."""
    lo, hi = (g[0], p[0]) if g[0] < p[0] else (p[0], g[0])
    for ch in text[lo:hi]:
        if ch.isalnum() and ch not in _PROCLITIC_LETTERS:
            return False
    lo, hi = (g[1], p[1]) if g[1] < p[1] else (p[1], g[1])
    for ch in text[lo:hi]:
        if ch.isalnum():
            return False
    return True


def lenient_core(text: str, start: int, end: int) -> tuple[int, int]:
    """The span after ``trim_lenient``."""
    return trim_lenient(text, start, end)


def normalized_core(text: str, start: int, end: int, core: tuple[int, int] | None = None) -> tuple[int, int]:
    """The lenient core without the marks and tatweel at its edges (``is_dropped``): two
    spans of one text have the same normalised core text exactly when these agree (the
    letter folds of ``normalize`` cannot tell two positions of one text apart)."""
    s, e = core or trim_lenient(text, start, end)
    while s < e and is_dropped(text[s]):
        s += 1
    while e > s and is_dropped(text[e - 1]):
        e -= 1
    return s, e


def judge(g: tuple, p: tuple, text: str, min_iou: float) -> tuple[int, ...]:
    """The outcome of an overlapping pair of (start, end, label, ...) spans under each
    scheme, in SCHEMES order."""
    same_label = g[2] == p[2]
    if g[0] == p[0] and g[1] == p[1]:
        c = CORRECT if same_label else INCORRECT
        return (c, CORRECT, CORRECT, c, c, c, c)
    if not same_label:
        return (INCORRECT, INCORRECT, PARTIAL, INCORRECT, INCORRECT, INCORRECT, INCORRECT)
    inter = min(g[1], p[1]) - max(g[0], p[0])
    union = max(g[1], p[1]) - min(g[0], p[0])
    lenient = normalized = False
    if _may_share_core(text, g, p):
        gc, pc = lenient_core(text, g[0], g[1]), lenient_core(text, p[0], p[1])
        lenient = gc == pc and gc[0] < gc[1]
        if lenient:
            normalized = True
        else:
            gn, pn = normalized_core(text, g[0], g[1], gc), normalized_core(text, p[0], p[1], pc)
            normalized = gn == pn and gn[0] < gn[1]
    return (
        INCORRECT,
        INCORRECT,
        PARTIAL,
        CORRECT,
        CORRECT if inter >= min_iou * union else INCORRECT,
        CORRECT if lenient else INCORRECT,
        CORRECT if normalized else INCORRECT,
    )


class LayerResult:
    """One layer of one document: the matching and its judgement under every scheme.

    Identical pairs, misses and spurious predictions are the same under every scheme, so
    they are kept once, per label; only the other matched pairs are judged per scheme.
    """

    __slots__ = ("correct", "missed_by_label", "spurious_by_label", "judged", "matched", "missed", "spurious", "gold", "pred", "judged_pairs")

    def __init__(self) -> None:
        self.correct: dict[str, int] = {}  # label -> identical pairs
        self.missed_by_label: dict[str, int] = {}
        self.spurious_by_label: dict[str, int] = {}
        self.judged: list[tuple[str, str, tuple[int, ...]]] = []  # (gold label, pred label, outcome per scheme)
        #: (gold index, pred index) of every matched pair, in the records' lists.
        self.matched: list[tuple[int, int]] = []
        self.missed: list[int] = []  # gold indices
        self.spurious: list[int] = []  # indices of placed predictions
        self.gold: list[Span] = []
        self.pred: list[Span] = []  # placed predictions
        self.judged_pairs: list[tuple[int, int, tuple[int, ...]]] = []

    @property
    def error_count(self) -> int:
        return sum(o[0] != CORRECT for _, _, o in self.judged_pairs) + len(self.missed) + len(self.spurious)

    def errors(self) -> list[tuple[str, Span | None, Span | None]]:
        """Strict errors: (outcome, gold span or None, predicted span or None)."""
        out: list[tuple[str, Span | None, Span | None]] = [
            (_OUTCOME[o[0]], self.gold[g], self.pred[p]) for g, p, o in self.judged_pairs if o[0] != CORRECT
        ]
        out += [("missed", self.gold[i], None) for i in self.missed]
        out += [("spurious", None, self.pred[j]) for j in self.spurious]
        return out

    def confusion(self) -> dict[tuple[str | None, str | None], int]:
        """(gold label, predicted label) -> pairs; None on the side of a miss or a spurious prediction."""
        out: dict[tuple[str | None, str | None], int] = {(label, label): n for label, n in self.correct.items()}
        for g, p, _ in self.judged:
            out[(g, p)] = out.get((g, p), 0) + 1
        for label, n in self.missed_by_label.items():
            out[(label, None)] = n
        for label, n in self.spurious_by_label.items():
            out[(None, label)] = n
        return out

    def base(self) -> tuple[int, int, int]:
        return sum(self.correct.values()), sum(self.missed_by_label.values()), sum(self.spurious_by_label.values())

    def flat_counts(self) -> list[int]:
        """[correct, incorrect, partial, missed, spurious] of every scheme in SCHEMES order, one flat list."""
        c, m, s = self.base()
        out = [c, 0, 0, m, s] * len(SCHEMES)
        for outcome, n in Counter(o for _, _, o in self.judged).items():
            base = 0
            for o in outcome:
                out[base + SLOT[o]] += n
                base += 5
        return out

    @property
    def counts(self) -> dict[str, Counts]:
        flat = self.flat_counts()
        return {scheme: Counts(*flat[5 * k : 5 * k + 5]) for k, scheme in enumerate(SCHEMES)}

    @property
    def by_label(self) -> dict[str, dict[str, Counts]]:
        labels = set(self.correct) | set(self.missed_by_label) | set(self.spurious_by_label) | {g for g, _, _ in self.judged}
        out = {}
        for k, scheme in enumerate(SCHEMES):
            rows = {
                label: Counts(self.correct.get(label, 0), 0, 0, self.missed_by_label.get(label, 0), self.spurious_by_label.get(label, 0))
                for label in sorted(labels)
            }
            for label, _, outcome in self.judged:
                row = rows[label]
                o = outcome[k]
                if o == CORRECT:
                    row.correct += 1
                elif o == PARTIAL:
                    row.partial += 1
                else:
                    row.incorrect += 1
            out[scheme] = rows
        return out


#: Position of an outcome in a [correct, incorrect, partial, missed, spurious] row.
SLOT = {CORRECT: 0, INCORRECT: 1, PARTIAL: 2}


def _weight(gold: list[tuple], pred: list[tuple], gids: list[int]):
    """Edge weight of the lexicographic objective (see the module docstring) as one integer."""
    k1 = sum(gold[g][1] - gold[g][0] for g in gids) + 1
    n = len(gids) + 1
    k2 = n * 2 * k1
    k3 = n * 2 * k2
    k4 = n * 2 * k3
    k5 = n * 2 * k4

    def weight(g: int, p: int) -> int:
        a, b = gold[g], pred[p]
        inter = min(a[1], b[1]) - max(a[0], b[0])
        same_bounds = a[0] == b[0] and a[1] == b[1]
        same_label = a[2] == b[2]
        return (same_bounds and same_label) * k5 + same_bounds * k4 + same_label * k3 + k2 + inter

    return weight


def _count(labels: list[str]) -> dict[str, int]:
    return Counter(labels) if labels else {}


def score_layer(
    gold: list[Span],
    pred: list[Span],
    text: str,
    *,
    min_iou: float = 0.5,
    unplaced: list[str] | None = None,
    gold_keys: list[tuple] | None = None,
    pred_keys: list[tuple] | None = None,
) -> LayerResult:
    """Score one layer of one document.

    ``gold`` and ``pred`` are (start, end, label) spans; ``unplaced`` the labels of predictions
    without a span (string-anchored, not found), which are spurious. ``*_keys`` are the
    canonical attribute values used to break ties between otherwise identical spans (without
    them identical spans are interchangeable and their order does not matter).
    """
    result = LayerResult()
    # 1. Identical spans (same boundaries and label) are matched first: they are correct
    #    under every scheme and any optimal matching contains as many of them as possible.
    matched: list[tuple[int, int]] = []
    rest_pred: list[int] = []
    position = dict(zip(gold, range(len(gold)))) if gold_keys is None and pred_keys is None else None
    if position is not None and len(position) == len(gold):
        pop = position.pop
        hits = [pop(span, -1) for span in pred]
        matched = [(i, j) for j, i in enumerate(hits) if i >= 0]
        if len(matched) < len(pred):
            rest_pred = sorted((j for j, i in enumerate(hits) if i < 0), key=pred.__getitem__)
        rest_gold = sorted(position.values(), key=gold.__getitem__) if position else []
    else:
        g_order = sorted(range(len(gold)), key=(lambda i: (gold[i], gold_keys[i])) if gold_keys else gold.__getitem__)
        p_order = sorted(range(len(pred)), key=(lambda i: (pred[i], pred_keys[i])) if pred_keys else pred.__getitem__)
        waiting: dict[Span, list[int]] = {}
        for i in g_order:
            waiting.setdefault(gold[i], []).append(i)
        for j in p_order:
            queue = waiting.get(pred[j])
            if queue:
                matched.append((queue.pop(0), j))
            else:
                rest_pred.append(j)
        remaining = {i for queue in waiting.values() for i in queue}
        rest_gold = [i for i in g_order if i in remaining]
    result.correct = Counter([gold[i][2] for i, _ in matched]) if matched else {}
    # 2. The rest: overlap graph, components, optimal assignment per component.
    judged: list[tuple[int, int, tuple[int, ...]]] = []  # (gold index, pred index, outcomes)
    missed, spurious = rest_gold, rest_pred
    if rest_gold and rest_pred:
        g_rest = [gold[i] for i in rest_gold]
        p_rest = [pred[j] for j in rest_pred]
        pairs = overlapping_pairs(g_rest, p_rest)
        if pairs:
            for gids, pids, edges in components(pairs):
                chosen = edges if len(edges) == 1 else best_matching(gids, pids, edges, _weight(g_rest, p_rest, gids))
                for g, p in chosen:
                    judged.append((rest_gold[g], rest_pred[p], judge(g_rest[g], p_rest[p], text, min_iou)))
            done_g = {g for g, _, _ in judged}
            done_p = {p for _, p, _ in judged}
            missed = [i for i in rest_gold if i not in done_g]
            spurious = [j for j in rest_pred if j not in done_p]
            matched += [(g, p) for g, p, _ in judged]
    result.matched = matched
    result.missed = missed
    result.spurious = spurious
    if missed:
        result.missed_by_label = Counter([gold[i][2] for i in missed])
    if spurious or unplaced:
        result.spurious_by_label = Counter([pred[j][2] for j in spurious] + list(unplaced or ()))
    if judged:
        result.judged = [(gold[g][2], pred[p][2], outcome) for g, p, outcome in judged]
    result.gold, result.pred, result.judged_pairs = gold, pred, judged
    return result
