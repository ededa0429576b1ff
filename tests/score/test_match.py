"""Matching: the overlap sweep, components, the Hungarian algorithm, optimality and determinism."""

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.score.match import best_matching, components, hungarian_max, overlapping_pairs
from annotator.score.schemes import score_layer


def brute_pairs(gold, pred):
    return sorted((i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if max(g[0], p[0]) < min(g[1], p[1]))


def test_touching_spans_do_not_overlap():
    assert overlapping_pairs([(0, 5)], [(5, 9)]) == []
    assert overlapping_pairs([(5, 9)], [(0, 5)]) == []
    assert overlapping_pairs([(0, 5)], [(4, 9)]) == [(0, 0)]


spans = st.lists(st.tuples(st.integers(0, 400), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1])), max_size=90)


@given(spans, spans)
@settings(max_examples=300, deadline=None)
def test_sweep_finds_exactly_the_overlapping_pairs(gold, pred):
    assert sorted(overlapping_pairs(gold, pred)) == brute_pairs(gold, pred)


def test_components_split_the_overlap_graph():
    pairs = [(0, 0), (1, 0), (1, 1), (2, 2)]
    comps = components(pairs)
    assert [(g, p) for g, p, _ in comps] == [([0, 1], [0, 1]), ([2], [2])]


def brute_max(weights):
    n, m = len(weights), len(weights[0])
    return max(sum(weights[i][c] for i, c in enumerate(cols)) for cols in itertools.permutations(range(m), n))


def test_hungarian_matches_brute_force():
    rng = random.Random(5)
    for _ in range(300):
        n = rng.randint(1, 4)
        m = rng.randint(n, 5)
        w = [[rng.choice([0, 0, 1, 3, 7, 10]) for _ in range(m)] for _ in range(n)]
        cols = hungarian_max(w)
        assert len(set(cols)) == n
        assert sum(w[i][c] for i, c in enumerate(cols)) == brute_max(w)


def test_best_matching_prefers_the_heavier_edges():
    weights = {(0, 0): 5, (0, 1): 4, (1, 0): 4, (1, 1): 1}
    # greedy would take (0,0)=5 then (1,1)=1: 6; optimal takes (0,1)+(1,0)=8
    assert best_matching([0, 1], [0, 1], list(weights), lambda g, p: weights[(g, p)]) == [(0, 1), (1, 0)]


def test_exact_match_wins_over_first_overlap():
    # gold [0,10); predictions [0,6) first, then the exact [0,10): the exact one is matched
    result = score_layer([(0, 10, "PER")], [(0, 6, "PER"), (0, 10, "PER")], "x" * 20)
    assert result.matched == [(0, 1)] and result.spurious == [(0, 6, "PER")]


def test_more_matches_beat_a_bigger_overlap():
    # gold A [0,10), B [10,14); prediction P [5,14) overlaps both, Q [0,4) only A.
    # Optimal: A-Q and B-P (two matches), not A-P (bigger overlap, one match).
    result = score_layer([(0, 10, "PER"), (10, 14, "PER")], [(5, 14, "PER"), (0, 4, "PER")], "x" * 20)
    assert sorted(result.matched) == [(0, 1), (1, 0)]


def _canon(result, gold, pred):
    return (
        {k: c.as_list() for k, c in result.counts.items()},
        sorted((gold[g], pred[p]) for g, p in result.matched),
    )


labelled = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(["PER", "ORG"])).map(lambda t: (t[0], t[0] + t[1], t[2])), max_size=10)


@given(labelled, labelled, st.randoms(use_true_random=False))
@settings(max_examples=300, deadline=None)
def test_result_never_depends_on_the_order_of_predictions(gold, pred, rnd):
    shuffled = pred[:]
    rnd.shuffle(shuffled)
    text = "x" * 40
    assert _canon(score_layer(gold, pred, text), gold, pred) == _canon(score_layer(gold, shuffled, text), gold, shuffled)


@given(labelled, labelled)
@settings(max_examples=300, deadline=None)
def test_one_to_one_and_rows_add_up(gold, pred):
    result = score_layer(gold, pred, "x" * 40)
    gs = [g for g, _ in result.matched]
    ps = [p for _, p in result.matched]
    assert len(gs) == len(set(gs)) and len(ps) == len(set(ps))
    for scheme, total in result.counts.items():
        assert total.possible == len(gold) and total.actual == len(pred)
        rows = result.by_label[scheme].values()
        assert [sum(r.as_list()[i] for r in rows) for i in range(5)] == total.as_list()


@given(labelled, labelled)
@settings(max_examples=200, deadline=None)
def test_matching_is_optimal(gold, pred):
    """No one-to-one matching is better under the objective: identical pairs, then pairs with the
    same boundaries, then same-label pairs, then pairs (brute force over all matchings)."""
    if len(gold) > 6 or len(pred) > 6:
        return
    result = score_layer(gold, pred, "x" * 40)
    edges = brute_pairs(gold, pred)

    def key(matching):
        return (
            sum(gold[g] == pred[p] for g, p in matching),
            sum(gold[g][:2] == pred[p][:2] for g, p in matching),
            sum(gold[g][2] == pred[p][2] for g, p in matching),
            len(matching),
        )

    best = (0, 0, 0, 0)
    for r in range(min(len(gold), len(pred)) + 1):
        for combo in itertools.combinations(edges, r):
            if len({g for g, _ in combo}) == r and len({p for _, p in combo}) == r:
                best = max(best, key(combo))
    assert key(result.matched) == best


def test_every_candidate_path_agrees_with_brute_force():
    """Tiny inputs are compared pairwise, small ones by binary search, large ones by the sweep."""
    rng = random.Random(9)
    for n, m in ((3, 4), (12, 12), (20, 40), (30, 70), (100, 100)):
        for _ in range(20):
            gold = [(s, s + rng.randint(1, 40)) for s in (rng.randint(0, 500) for _ in range(n))]
            pred = [(s, s + rng.randint(1, 40)) for s in (rng.randint(0, 500) for _ in range(m))]
            assert sorted(overlapping_pairs(gold, pred)) == brute_pairs(gold, pred)
