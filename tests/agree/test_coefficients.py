"""The coefficients against published worked examples and hand-computed cases."""

from collections import Counter

import pytest

from annotator.agree.coefficients import alpha_of_table, coincidences, cohen_kappa, fleiss_item, fleiss_kappa, krippendorff_alpha
from annotator.agree.units import GAP, runs

N = None


def test_cohen_kappa_worked_example():
    """Wikipedia, "Cohen's kappa", simple example: 50 proposals, yes/yes 20, yes/no 5,
    no/yes 10, no/no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4."""
    assert cohen_kappa({("y", "y"): 20, ("y", "n"): 5, ("n", "y"): 10, ("n", "n"): 15}) == pytest.approx(0.4)


def test_fleiss_kappa_worked_example():
    """Fleiss (1971) as worked in Wikipedia, "Fleiss' kappa": 10 subjects, 14 raters,
    5 categories; P = 0.378, P_e = 0.213, kappa = 0.210."""
    table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
             [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    p_sum, items, totals = 0.0, 0, Counter()
    for row in table:
        p_i, one, counts = fleiss_item(str(j) for j, n in enumerate(row) for _ in range(n))
        p_sum, items = p_sum + p_i, items + one
        totals.update(counts)
    assert p_sum / items == pytest.approx(0.378, abs=5e-4)
    assert fleiss_kappa(p_sum, items, totals) == pytest.approx(0.210, abs=5e-4)


def test_krippendorff_alpha_wikipedia_example():
    """Wikipedia, "Krippendorff's alpha", a computational example: 3 coders, 15 units with
    missing values; nominal alpha = 0.691."""
    a = [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3]
    b = [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N]
    c = [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4]
    assert alpha_of_table([a, b, c]) == pytest.approx(0.691, abs=5e-4)


def test_krippendorff_alpha_2011_example():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the nominal example
    with 4 observers and 12 units (missing values): alpha = 0.743."""
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3]
    c = [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]
    assert alpha_of_table([a, b, c, d]) == pytest.approx(0.743, abs=5e-4)


def test_undefined_coefficients_are_none_not_one():
    assert cohen_kappa({}) is None
    assert cohen_kappa({("x", "x"): 5}) is None  # one category only: no chance correction possible
    assert fleiss_kappa(0.0, 0, {}) is None
    assert krippendorff_alpha({}) is None
    assert alpha_of_table([["x", "x"], ["x", "x"]]) is None
    assert fleiss_item(["x"]) is None  # one rating shows no agreement


def test_cohen_kappa_hand_computed_disagreement():
    # two raters who always disagree on two balanced categories: p_o = 0, p_e = 0.5, kappa = -1
    assert cohen_kappa({("x", "y"): 3, ("y", "x"): 3}) == pytest.approx(-1.0)


def _unitized(length, *coders):
    return krippendorff_alpha(coincidences(runs(length, coders)))


def test_unitized_alpha_identical():
    spans = [(0, 5, "X"), (7, 9, "Y")]
    assert _unitized(10, spans, list(spans)) == pytest.approx(1.0)


def test_unitized_alpha_disjoint_is_negative_not_one():
    """The INCEpTION report: alpha 1.0 for completely different annotations. Here A codes
    [0, 5) and B [5, 10): o(X, gap) = o(gap, X) = 10, n = 20, D_o = 20,
    D_e = (20^2 - 10^2 - 10^2) / 19, alpha = 1 - 20 * 19 / 200 = -0.9."""
    assert _unitized(10, [(0, 5, "X")], [(5, 10, "X")]) == pytest.approx(-0.9)


def test_unitized_alpha_one_coder_empty():
    """A codes [0, 5) X, B nothing: o(X, gap) = o(gap, X) = 5, o(gap, gap) = 10;
    n_X = 5, n_gap = 15; alpha = 1 - 10 * 19 / (400 - 25 - 225) = -4/15."""
    assert _unitized(10, [(0, 5, "X")], []) == pytest.approx(-4 / 15)


def test_unitized_alpha_no_spans_at_all_is_undefined():
    assert _unitized(10, [], []) is None
    assert _unitized(0, [], []) is None


def test_runs_code_nested_spans_as_joined_labels():
    out = runs(6, [[(0, 6, "ORG"), (2, 4, "ORG")], []])
    assert out == [(["ORG", GAP], 2.0), (["ORG+ORG", GAP], 2.0), (["ORG", GAP], 2.0)]
