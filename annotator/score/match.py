"""One-to-one span matching: candidate pairs by a sweep, connected components, and an
optimal assignment per component.

Candidates are the overlapping (gold, predicted) pairs; half-open spans that only touch
do not overlap. A sweep over spans sorted by start finds them without comparing all pairs.
The overlap graph splits into connected components, almost always one gold and one
predicted span; only larger components go to the Hungarian algorithm (Kuhn-Munkres,
O(n^3) on the component), which finds a matching of maximum total weight. Every input
is sorted canonically first, so among equally good matchings the chosen one never
depends on the order the predictions came in.
"""

from collections.abc import Callable, Sequence
from bisect import bisect_left, bisect_right
from heapq import heappop, heappush
from operator import itemgetter

_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


def overlapping_pairs(gold: Sequence[tuple], pred: Sequence[tuple]) -> list[tuple[int, int]]:
    """All (gold index, pred index) pairs whose half-open spans share at least one position.

    Spans are tuples starting with (start, end, ...)."""
    if not gold or not pred:
        return []
    if len(gold) == 1:
        gs, ge = gold[0][0], gold[0][1]
        return [(0, j) for j, p in enumerate(pred) if p[0] < ge and gs < p[1]]
    if len(pred) == 1:
        ps, pe = pred[0][0], pred[0][1]
        return [(i, 0) for i, g in enumerate(gold) if g[0] < pe and ps < g[1]]
    if len(gold) * len(pred) <= TINY:  # a handful of spans: comparing them all is cheapest
        return [(i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if p[0] < g[1] and g[0] < p[1]]
    if len(pred) <= SMALL:
        return _windowed_pairs(gold, pred)
    events = [(g[0], 0, i, g[1]) for i, g in enumerate(gold)]
    events += [(p[0], 1, j, p[1]) for j, p in enumerate(pred)]
    events.sort()
    active: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])  # heaps of (end, index) per side
    pairs: list[tuple[int, int]] = []
    for start, side, index, end in events:
        other = active[1 - side]
        while other and other[0][0] <= start:  # ended before this span starts (touching is not overlapping)
            heappop(other)
        if other:
            if side == 0:
                pairs.extend([(index, k) for _, k in other])
            else:
                pairs.extend([(k, index) for _, k in other])
        heappush(active[side], (end, index))
    return pairs


#: Up to this many predicted spans, candidates are found by binary search over their sorted
#: starts (at most SMALL candidates per gold span, so still linear in the gold spans).
SMALL = 64
#: Up to this many (gold, predicted) combinations all of them are compared (bounded work).
TINY = 144


def _windowed_pairs(gold: Sequence[tuple], pred: Sequence[tuple]) -> list[tuple[int, int]]:
    """Overlapping pairs when ``pred`` is sorted by start: for each gold span only the predicted
    spans that start less than the longest predicted length before it can overlap it."""
    starts = [p[0] for p in pred]
    order = None
    if starts != sorted(starts):
        order = sorted(range(len(pred)), key=starts.__getitem__)
        pred = [pred[j] for j in order]
        starts = [p[0] for p in pred]
    longest = max(p[1] - p[0] for p in pred)
    pairs: list[tuple[int, int]] = []
    for i, g in enumerate(gold):
        gs = g[0]
        lo = bisect_right(starts, gs - longest)
        hi = bisect_left(starts, g[1], lo)
        for j in range(lo, hi):
            if pred[j][1] > gs:
                pairs.append((i, j))
    if order is not None:
        pairs = [(i, order[j]) for i, j in pairs]
    return pairs


def components(pairs: list[tuple[int, int]]) -> list[tuple[list[int], list[int], list[tuple[int, int]]]]:
    """Connected components of the bipartite overlap graph: (gold indices, pred indices, edges),
    in the order of their first gold span (each component has one), its edges in the order of
    ``pairs``."""
    golds, preds = len(set(map(_FIRST, pairs))), len(set(map(_SECOND, pairs)))
    if golds == len(pairs) == preds:
        return [([g], [p], [(g, p)]) for g, p in sorted(pairs)]  # the usual case: no span overlaps two
    if preds == len(pairs) or golds == len(pairs):
        # stars: each span of one side overlaps one span of the other, so a component is a
        # span and the spans that overlap it (measured: string-anchored predictions placed at
        # the first occurrence of their text leave many, and union-find cost twice this)
        return _stars(pairs, 0) if preds == len(pairs) else _stars(pairs, 1)
    return _linked(pairs)


def _linked(pairs: list[tuple[int, int]]) -> list[tuple[list[int], list[int], list[tuple[int, int]]]]:
    """``components`` of any graph, by union-find."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for g, p in pairs:
        a, b = (0, g), (1, p)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[tuple[int, int], tuple[list[int], list[int], list[tuple[int, int]]]] = {}
    for g, p in pairs:
        root = find((0, g))
        comp = groups.get(root)
        if comp is None:
            comp = groups[root] = ([], [], [])
        comp[2].append((g, p))
    for comp in groups.values():
        comp[0].extend(sorted({g for g, _ in comp[2]}))
        comp[1].extend(sorted({p for _, p in comp[2]}))
    return [groups[k] for k in sorted(groups)]


def _stars(pairs: list[tuple[int, int]], side: int) -> list[tuple[list[int], list[int], list[tuple[int, int]]]]:
    """``components`` when every span of the other side than ``side`` (0: gold, 1: predicted)
    is in one pair: one component per span of ``side``."""
    groups: dict[int, list[tuple[int, int]]] = {}
    for pair in pairs:
        edges = groups.get(pair[side])
        if edges is None:
            groups[pair[side]] = [pair]
        else:
            edges.append(pair)
    if side == 0:
        return [([g], sorted(map(_SECOND, edges)), edges) for g, edges in sorted(groups.items())]
    found = [(sorted(map(_FIRST, edges)), [p], edges) for p, edges in groups.items()]
    found.sort(key=lambda component: component[0][0])  # by first gold span
    return found


def hungarian_max(weights: list[list[int]]) -> list[int]:
    """Maximum-weight assignment of rows to columns (rows <= columns, weights >= 0).

    Returns, for each row, its column. Integer arithmetic throughout, so it is exact;
    ties are resolved by the order of rows and columns, which callers make canonical.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if n > m:
        raise ValueError("hungarian_max needs rows <= columns")
    top = max((max(row) for row in weights), default=0)
    cost = [[top - w for w in row] for row in weights]
    inf = float("inf")
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            row = cost[i0 - 1]
            ui0 = u[i0]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    result = [0] * n
    for j in range(1, m + 1):
        if p[j]:
            result[p[j] - 1] = j - 1
    return result


def best_matching(
    gold_ids: list[int], pred_ids: list[int], edges: list[tuple[int, int]], weight: Callable[[int, int], int]
) -> list[tuple[int, int]]:
    """The maximum-weight one-to-one matching of a component (edge weights > 0)."""
    if len(edges) == 1:
        return edges
    if len(gold_ids) == 1 or len(pred_ids) == 1:
        # A star: the single best edge; the first of equals in canonical order.
        best, best_w = edges[0], -1
        for edge in sorted(edges):
            w = weight(*edge)
            if w > best_w:
                best, best_w = edge, w
        return [best]
    edge_set = set(edges)
    transpose = len(gold_ids) > len(pred_ids)
    rows, cols = (pred_ids, gold_ids) if transpose else (gold_ids, pred_ids)
    matrix = []
    for r in rows:
        line = []
        for c in cols:
            g, p = (c, r) if transpose else (r, c)
            line.append(weight(g, p) if (g, p) in edge_set else 0)
        matrix.append(line)
    chosen = hungarian_max(matrix)
    out = []
    for ri, ci in enumerate(chosen):
        g, p = (cols[ci], rows[ri]) if transpose else (rows[ri], cols[ci])
        if (g, p) in edge_set:
            out.append((g, p))
    return sorted(out)
