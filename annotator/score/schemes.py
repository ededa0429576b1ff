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

import re
from collections import Counter, _count_elements  # type: ignore[attr-defined]  # _count_elements: Counter.update's C loop
from functools import lru_cache
from operator import itemgetter

from annotator.score.counts import Counts
from annotator.score.match import SMALL, TINY, best_matching, components, overlapping_pairs
from annotator.text.arabic import PROCLITICS, is_dropped, trim_lenient

SCHEMES = ("strict", "exact", "partial", "type", "overlap", "boundary-lenient", "normalized")
STANDARD_SCHEMES = ("strict", "exact", "partial", "type")

CORRECT, PARTIAL, INCORRECT = 2, 1, 0
_OUTCOME = {CORRECT: "correct", PARTIAL: "partial", INCORRECT: "incorrect"}

Span = tuple[int, int, str]  # (start, end, label)


#: Letters a span may lose at its start under boundary-lenient trimming (the proclitics).
_PROCLITIC_LETTERS = frozenset("".join(PROCLITICS)) | frozenset("أإآ")


#: A letter or digit that boundary-lenient trimming never removes at a span's start / end.
_KEPT_AT_START = re.compile(f"[^\\W_{''.join(sorted(_PROCLITIC_LETTERS))}]")
_KEPT_AT_END = re.compile(r"[^\W_]")


def _may_share_core(text: str, g: tuple, p: tuple) -> bool:
    """A cheap necessary condition for equal lenient cores: what one span has beyond the
    other is no letter or digit, except proclitic letters at the start."""
    lo, hi = (g[0], p[0]) if g[0] < p[0] else (p[0], g[0])
    if lo < hi and _KEPT_AT_START.search(text, lo, hi):
        return False
    lo, hi = (g[1], p[1]) if g[1] < p[1] else (p[1], g[1])
    return not (lo < hi and _KEPT_AT_END.search(text, lo, hi))


def normalized_core(text: str, start: int, end: int, core: tuple[int, int]) -> tuple[int, int]:
    """The lenient ``core`` of ``[start, end)`` without the marks and tatweel at its edges
    (``is_dropped``): two spans of one text have the same normalised core text exactly when
    these agree (the letter folds of ``normalize`` cannot tell two positions of one text apart)."""
    s, e = core
    while s < e and is_dropped(text[s]):
        s += 1
    while e > s and is_dropped(text[e - 1]):
        e -= 1
    return s, e


def _cores_of(piece: str) -> tuple[int, int, int, int]:
    """The lenient and the normalised core of a span whose text is ``piece``, as offsets into
    it: both depend on the span's own characters only (``trim_lenient`` looks at nothing
    outside the span)."""
    core = trim_lenient(piece, 0, len(piece))
    return (*core, *normalized_core(piece, 0, len(piece), core))


#: A measured hot path: the pairs left to judge in a corpus repeat the same few span texts
#: (names, places), whose cores cost ~15 us each; spans up to this long are remembered
#: (quotes can be long and are rarely repeated).
_cached_cores = lru_cache(maxsize=1 << 14)(_cores_of)
_CACHED_LENGTH = 48


def cores(text: str, start: int, end: int) -> tuple[int, int, int, int]:
    """The lenient core (``trim_lenient``) and the normalised core (:func:`normalized_core`)
    of ``[start, end)`` in ``text``: (lenient start, end, normalised start, end)."""
    piece = text[start:end]
    s0, e0, s1, e1 = _cached_cores(piece) if end - start <= _CACHED_LENGTH else _cores_of(piece)
    return start + s0, start + e0, start + s1, start + e1


SAME_BOUNDS_OTHER_LABEL = (INCORRECT, CORRECT, CORRECT, INCORRECT, INCORRECT, INCORRECT, INCORRECT)
OVERLAP_OTHER_LABEL = (INCORRECT, INCORRECT, PARTIAL, INCORRECT, INCORRECT, INCORRECT, INCORRECT)
_IDENTICAL = (CORRECT,) * 7


def judge(g: tuple, p: tuple, text: str, min_iou: float) -> tuple[int, ...]:
    """The outcome of an overlapping pair of (start, end, label, ...) spans under each
    scheme, in SCHEMES order."""
    gs, ge, ps, pe = g[0], g[1], p[0], p[1]
    if g[2] != p[2]:
        return SAME_BOUNDS_OTHER_LABEL if gs == ps and ge == pe else OVERLAP_OTHER_LABEL
    if gs == ps and ge == pe:
        return _IDENTICAL
    inter = (ge if ge < pe else pe) - (gs if gs > ps else ps)
    union = (ge if ge > pe else pe) - (gs if gs < ps else ps)
    lenient = normalized = False
    if _may_share_core(text, g, p):
        gc, pc = cores(text, gs, ge), cores(text, ps, pe)
        lenient = gc[:2] == pc[:2] and gc[0] < gc[1]
        normalized = lenient or (gc[2:] == pc[2:] and gc[2] < gc[3])
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
    they are kept once; only the other matched pairs are judged per scheme.
    """

    __slots__ = ("gold", "pred", "n_correct", "_correct_labels", "left_gold", "judged", "missed", "spurious", "unplaced", "_matched")

    def __init__(self, gold: list[Span], pred: list[Span]) -> None:
        self.gold = gold
        self.pred = pred  # placed predictions
        self.n_correct = 0  # identical pairs
        self._correct_labels: list[str] | None = []  # their labels (None: all gold but left_gold)
        self.left_gold: list[Span] = []  # gold spans not in an identical pair
        self.judged: list[tuple[Span, Span, tuple[int, ...]]] = []  # other matched pairs and their outcomes
        self.missed: list[Span] = []
        self.spurious: list[Span] = []  # placed predictions left unmatched
        self.unplaced: list[str] = []  # labels of predictions without a span (spurious too)
        self._matched: list[tuple[int, int]] | None = None

    @property
    def matched(self) -> list[tuple[int, int]]:
        """(gold index, pred index) of every matched pair (for spans without duplicates)."""
        if self._matched is None:
            g_at = {span: i for i, span in enumerate(self.gold)}
            p_at = {span: j for j, span in enumerate(self.pred)}
            common = set(self.gold) & set(self.pred)
            self._matched = sorted([(g_at[s], p_at[s]) for s in common] + [(g_at[g], p_at[p]) for g, p, _ in self.judged])
        return self._matched

    @property
    def correct_labels(self) -> list[str]:
        """The label of each identical pair."""
        if self._correct_labels is None:
            left = Counter(span[2] for span in self.left_gold)
            labels = []
            for span in self.gold:
                if left[span[2]]:
                    left[span[2]] -= 1  # the same number of this label's spans are left, whichever they are
                else:
                    labels.append(span[2])
            self._correct_labels = labels
        return self._correct_labels

    @property
    def missed_labels(self) -> list[str]:
        return [span[2] for span in self.missed]

    @property
    def spurious_labels(self) -> list[str]:
        return [span[2] for span in self.spurious] + self.unplaced

    @property
    def correct(self) -> Counter:
        return Counter(self.correct_labels)

    @property
    def error_count(self) -> int:
        """How many entries ``errors()`` lists (strict incorrect, missed, placed spurious)."""
        incorrect = sum(1 for _, _, o in self.judged if o[0] != CORRECT) if self.judged else 0
        return incorrect + len(self.missed) + len(self.spurious)

    def errors(self) -> list[tuple[str, Span | None, Span | None]]:
        """Strict errors: (outcome, gold span or None, predicted span or None)."""
        out: list[tuple[str, Span | None, Span | None]] = [(_OUTCOME[o[0]], g, p) for g, p, o in self.judged if o[0] != CORRECT]
        out += [("missed", g, None) for g in self.missed]
        out += [("spurious", None, p) for p in self.spurious]
        return out

    def flat_counts(self) -> list[int]:
        """[correct, incorrect, partial, missed, spurious] of every scheme in SCHEMES order, one flat list."""
        out = [self.n_correct, 0, 0, len(self.missed), len(self.spurious) + len(self.unplaced)] * len(SCHEMES)
        if self.judged:
            tally: dict[tuple[int, ...], int] = {}
            _count_elements(tally, map(_THIRD, self.judged))
            add_outcomes(out, tally)
        return out

    @property
    def counts(self) -> dict[str, Counts]:
        flat = self.flat_counts()
        return {scheme: Counts(*flat[5 * k : 5 * k + 5]) for k, scheme in enumerate(SCHEMES)}

    @property
    def by_label(self) -> dict[str, dict[str, Counts]]:
        correct, missed, spurious = Counter(self.correct_labels), Counter(self.missed_labels), Counter(self.spurious_labels)
        labels = sorted(set(correct) | set(missed) | set(spurious) | {g[2] for g, _, _ in self.judged})
        out = {}
        for k, scheme in enumerate(SCHEMES):
            rows = {label: Counts(correct[label], 0, 0, missed[label], spurious[label]) for label in labels}
            for g, _, outcome in self.judged:
                row = rows[g[2]]
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
#: outcome per scheme -> its positions in a flat vector of every scheme's row (few distinct outcomes)
_SLOTS: dict[tuple[int, ...], tuple[int, ...]] = {}


def add_outcomes(flat: list[int], tally: dict[tuple[int, ...], int]) -> None:
    """Add ``tally`` (outcome per scheme -> matched pairs) to a flat vector of every scheme's row."""
    for outcome, n in tally.items():
        slots = _SLOTS.get(outcome)
        if slots is None:
            slots = _SLOTS[outcome] = tuple(5 * k + SLOT[o] for k, o in enumerate(outcome))
        for i in slots:
            flat[i] += n


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


def sorted_pairs(gold: list[Span], pred: list[Span]) -> list[tuple[int, int]]:
    """Overlapping (gold index, pred index) pairs of two lists sorted by start, in (gold, pred)
    order: for each gold span, the predicted spans from the first that may still be open up to
    the first that starts at or after its end."""
    pairs: list[tuple[int, int]] = []
    n = len(pred)
    lo = 0
    for i, g in enumerate(gold):
        gs, ge = g[0], g[1]
        while lo < n and pred[lo][1] <= gs:  # ended before this (and every later) gold span starts
            lo += 1
        j = lo
        while j < n:
            p = pred[j]
            if p[0] >= ge:
                break
            if p[1] > gs:
                pairs.append((i, j))
            j += 1
    return pairs


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_THIRD = itemgetter(2)


def match_rest(g_rest: list[Span], p_rest: list[Span]) -> list[tuple[int, int]]:
    """The optimal matching of the spans left after identical pairs (both lists in canonical order)."""
    if not g_rest or not p_rest:
        return []
    if len(p_rest) <= SMALL or len(g_rest) * len(p_rest) <= TINY:
        # both lists are sorted by start: the same pairs, in the same order, as overlapping_pairs
        pairs = sorted_pairs(g_rest, p_rest)
    else:
        pairs = overlapping_pairs(g_rest, p_rest)
    return choose(pairs, g_rest, p_rest)


def choose(pairs: list[tuple[int, int]], g_rest: list[Span], p_rest: list[Span]) -> list[tuple[int, int]]:
    """The optimal matching among the overlapping ``pairs`` of ``g_rest`` and ``p_rest``."""
    if len(set(map(_FIRST, pairs))) == len(pairs) == len(set(map(_SECOND, pairs))):
        return pairs  # the usual case: no span overlaps two on the other side
    # a pair whose spans overlap nothing else is a component of its own: only the others are
    # grouped (a batch of documents has many pairs, few of them in larger components)
    g_count: dict[int, int] = {}
    _count_elements(g_count, map(_FIRST, pairs))
    p_count: dict[int, int] = {}
    _count_elements(p_count, map(_SECOND, pairs))
    alone = [pair for pair in pairs if g_count[pair[0]] == 1 and p_count[pair[1]] == 1]
    rest = [pair for pair in pairs if g_count[pair[0]] != 1 or p_count[pair[1]] != 1]
    found = [(g, [(g, p)]) for g, p in alone]
    for gids, pids, edges in components(rest):
        found.append((gids[0], [edges[0]] if len(edges) == 1 else best_matching(gids, pids, edges, _weight(g_rest, p_rest, gids))))
    found.sort(key=_FIRST)  # components in the order of their first gold span, as components() lists them
    return [pair for _, chosen in found for pair in chosen]


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
    result = LayerResult(gold, pred)
    if unplaced:
        result.unplaced = list(unplaced)
    # 1. Identical spans (same boundaries and label) are matched first: they are correct
    #    under every scheme and any optimal matching contains as many of them as possible.
    if gold_keys is None and pred_keys is None:
        gset, pset = set(gold), set(pred)
        if len(gset) == len(gold) and len(pset) == len(pred):
            # the usual case, all in C: no duplicates, spans are their own identity
            g_left, p_left = gset - pset, pset - gset
            result.n_correct = len(gold) - len(g_left)
            result._correct_labels = None  # counted from gold and left_gold when needed
            g_rest = result.left_gold = sorted(g_left) if g_left else []
            p_rest = sorted(p_left) if p_left else []
            _judge_rest(result, g_rest, p_rest, text, min_iou)
            return result
    g_order = sorted(range(len(gold)), key=(lambda i: (gold[i], gold_keys[i])) if gold_keys else gold.__getitem__)
    p_order = sorted(range(len(pred)), key=(lambda i: (pred[i], pred_keys[i])) if pred_keys else pred.__getitem__)
    waiting: dict[Span, list[int]] = {}
    for i in g_order:
        waiting.setdefault(gold[i], []).append(i)
    matched: list[tuple[int, int]] = []
    rest_pred: list[int] = []
    for j in p_order:
        queue = waiting.get(pred[j])
        if queue:
            matched.append((queue.pop(0), j))
        else:
            rest_pred.append(j)
    remaining = {i for queue in waiting.values() for i in queue}
    rest_gold = [i for i in g_order if i in remaining]
    result._correct_labels = [gold[i][2] for i, _ in matched]
    result.n_correct = len(matched)
    chosen = _judge_rest(result, [gold[i] for i in rest_gold], [pred[j] for j in rest_pred], text, min_iou)
    result._matched = sorted(matched + [(rest_gold[g], rest_pred[p]) for g, p in chosen])
    return result


def _judge_rest(result: LayerResult, g_rest: list[Span], p_rest: list[Span], text: str, min_iou: float) -> list[tuple[int, int]]:
    """Match and judge the spans left after identical pairs; fill judged, missed, spurious."""
    chosen = match_rest(g_rest, p_rest)
    if not chosen:
        result.missed = g_rest
        result.spurious = p_rest
        return chosen
    judged = result.judged = []
    append = judged.append
    for g, p in chosen:
        a, b = g_rest[g], p_rest[p]
        if a[2] != b[2]:  # judge()'s first case, inline (a label confusion: most pairs left over)
            append((a, b, SAME_BOUNDS_OTHER_LABEL if a[0] == b[0] and a[1] == b[1] else OVERLAP_OTHER_LABEL))
        else:
            append((a, b, judge(a, b, text, min_iou)))
    if len(chosen) < len(g_rest):
        done_g = set(map(_FIRST, chosen))
        result.missed = [span for i, span in enumerate(g_rest) if i not in done_g]
    else:
        result.missed = []
    if len(chosen) < len(p_rest):
        done_p = set(map(_SECOND, chosen))
        result.spurious = [span for j, span in enumerate(p_rest) if j not in done_p]
    else:
        result.spurious = []
    return chosen
