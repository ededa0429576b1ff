"""Chance-corrected agreement coefficients: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha.

Every coefficient is computed from additive tallies (sums over documents), so the same
function gives the point estimate and each bootstrap sample (:mod:`annotator.agree.report`).
A coefficient whose chance agreement is total (no variation at all: every value the same
category, or no values) is undefined and returned as ``None``, never as 1.0 or 0.0.

* Cohen's kappa (two raters): from the contingency table ``{(a, b): n}``,
  ``kappa = (p_o - p_e) / (1 - p_e)`` with ``p_o`` the share of items on the diagonal and
  ``p_e = sum_c p_a(c) p_b(c)`` from each rater's own marginals (Cohen 1960).
* Fleiss' kappa (any number of raters, Fleiss 1971), in the form that allows a varying
  number of ratings per item: ``P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1))``,
  ``P = mean_i P_i``, ``p_j = sum_i n_ij / sum_i n_i``, ``P_e = sum_j p_j^2``,
  ``kappa = (P - P_e) / (1 - P_e)``. Tallies: (sum of P_i, items, category totals).
* Krippendorff's alpha, nominal (Krippendorff 2011, "Computing Krippendorff's
  Alpha-Reliability"): from the coincidence matrix ``o_ck`` (each unit with ``m_u >= 2``
  values adds, for every ordered pair of its values from different raters, ``1 / (m_u - 1)``),
  ``n_c = sum_k o_ck``, ``n = sum_c n_c``, ``D_o = sum_{c != k} o_ck``,
  ``D_e = sum_{c != k} n_c n_k / (n - 1)``, ``alpha = 1 - D_o / D_e``.
"""

from collections import Counter
from collections.abc import Iterable, Mapping


def cohen_kappa(table: Mapping[tuple[str, str], float]) -> float | None:
    """Cohen's kappa of a contingency table ``{(category of A, category of B): count}``."""
    total = sum(table.values())
    if total <= 0:
        return None
    row: Counter = Counter()
    col: Counter = Counter()
    agree = 0.0
    for (a, b), n in table.items():
        row[a] += n
        col[b] += n
        if a == b:
            agree += n
    p_o = agree / total
    p_e = sum(row[c] * col[c] for c in row) / (total * total)
    if p_e >= 1.0 - 1e-12:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def fleiss_item(categories: Iterable[str]) -> tuple[float, int, Counter] | None:
    """The tallies of one item rated with ``categories`` (one per rater): (P_i, 1, n_ij);
    None for an item with fewer than two ratings (it cannot show agreement)."""
    counts = Counter(categories)
    n = sum(counts.values())
    if n < 2:
        return None
    return (sum(v * v for v in counts.values()) - n) / (n * (n - 1)), 1, counts


def fleiss_kappa(p_sum: float, items: int, totals: Mapping[str, float]) -> float | None:
    """Fleiss' kappa from the summed tallies of its items."""
    ratings = sum(totals.values())
    if items <= 0 or ratings <= 0:
        return None
    p_bar = p_sum / items
    p_e = sum((v / ratings) ** 2 for v in totals.values())
    if p_e >= 1.0 - 1e-12:
        return None
    return (p_bar - p_e) / (1.0 - p_e)


def coincidences(units: Iterable[tuple[Iterable[str], float]]) -> Counter:
    """The coincidence matrix ``{(c, k): o_ck}`` of units given as (values of the raters who
    coded the unit, weight); a weight > 1 stands for that many identical units."""
    out: Counter = Counter()
    for values, weight in units:
        counts = Counter(values)
        m = sum(counts.values())
        if m < 2:
            continue  # a unit coded once is not pairable
        share = weight / (m - 1)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nc - 1) if c == k else nc * nk
                if pairs:
                    out[(c, k)] += pairs * share
    return out


def krippendorff_alpha(matrix: Mapping[tuple[str, str], float]) -> float | None:
    """Nominal Krippendorff's alpha of a coincidence matrix."""
    n_c: Counter = Counter()
    observed = 0.0
    for (c, k), o in matrix.items():
        n_c[c] += o
        if c != k:
            observed += o
    n = sum(n_c.values())
    if n <= 1:
        return None
    expected = (n * n - sum(v * v for v in n_c.values())) / (n - 1)
    if expected <= 1e-12:
        return None
    return 1.0 - observed / expected


def alpha_of_table(rows: list[list[str | None]]) -> float | None:
    """Nominal alpha of a raters x units table (``None``: the rater did not code the unit)."""
    units = []
    for u in range(max((len(r) for r in rows), default=0)):
        values = [r[u] for r in rows if u < len(r) and r[u] is not None]
        units.append((values, 1.0))
    return krippendorff_alpha(coincidences(units))  # type: ignore[arg-type]
