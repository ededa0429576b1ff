"""Bootstrap confidence intervals (resampling documents) and paired comparison of two reports.

The per-document count vectors form one matrix (documents x count fields). A bootstrap
sample draws ``n`` documents with replacement; its totals are its multiplicities (a row of
counts per document) times that matrix. numpy draws the indices, turns them into
multiplicities (``bincount``) and multiplies, a block of samples at a time, so the cost per
sample is a few vector operations instead of a Python-level step per document. Documents
with the same counts share one row of the matrix (most do: a hundred thousand documents
may have a few thousand distinct vectors), and the multiplicities of several blocks are
multiplied at once, so the matrix is read a few times instead of once per block. Every
total is a sum of integers, exact in float64 whatever the grouping. The metrics of each
sample's totals come from :func:`annotator.score.aggregate.f1_of`, the same function as the
report's.
"""

import os
import sys
from typing import Any

from annotator.score.aggregate import f1_of, families
from annotator.score.report_format import COMPARISON_FORMAT, COMPARISON_VERSION

LEVEL = 0.95
#: Comparisons over fewer documents carry a warning: a paired bootstrap over a handful of
#: documents gives a narrow interval and a small p-value that mean little.
MIN_COMPARED_DOCUMENTS = 10
#: Multiplicities made at once (samples x documents): 2**18 float64 = 2 MB, which stays in
#: the cache (measured faster than larger blocks).
_BLOCK = 1 << 18
#: Multiplicities of grouped documents multiplied at once: 2**21 float64 = 16 MB. Each
#: product reads the whole matrix; one per block read a matrix of 100,000 documents 500
#: times (2.2 s of a 1,000-sample bootstrap, now about 0.3 s with its 1,403 distinct rows).
_STACK = 1 << 21


def _numpy() -> Any:
    """numpy, imported on first use (about 60 ms, which only a bootstrap needs). Its matrix
    products here are small: more than one BLAS thread only burns CPU (idle threads spin),
    so unless the user chose a number, OpenBLAS gets one thread."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import numpy

    return numpy


def family_metric(family: str) -> str:
    """The gate name of the headline metric of a per-document family."""
    layer, _, name = family.partition(".")
    if name in ("speaker", "cue", "kind", "value", "unit"):
        return f"{family}.accuracy"
    return f"{family}.f1"


class CountMatrix:
    """Per-document vectors as one documents x fields matrix: the fields of each vector key
    (a layer's flat counts of every scheme, an attribute's or end-to-end counts) side by
    side, in the order of ``keys``."""

    def __init__(self, per_document: dict[str, dict[str, list[int]]], doc_ids: list[str], keys: list[str]) -> None:
        np = _numpy()
        vectors = [per_document[d] for d in doc_ids]
        widths = [max((len(vec.get(key, ())) for vec in vectors), default=0) for key in keys]
        layout: list[tuple[str, int, int]] = []  # (family, first field, number of fields)
        pos = 0
        for key, width in zip(keys, widths):
            # a family is what aggregate.families() makes of a vector key
            sample = {key: list(range(pos, pos + width))}
            layout += [(fam, fields[0] if fields else pos, len(fields)) for fam, fields in families(sample).items()]
            pos += width
        self.layout = sorted(layout)  # family order, as in the report
        self.families = [fam for fam, _, _ in self.layout]
        zeros = [[0] * width for width in widths]
        rows: dict[tuple[int, ...], int] = {}  # distinct row -> its number
        made: dict[int, int] = {}  # id of a vector -> its row's number (vectors are shared)
        group = []
        for vec in vectors:
            number = made.get(id(vec))
            if number is None:
                row: list[int] = []
                for key, empty in zip(keys, zeros):
                    row += vec.get(key) or empty
                number = made[id(vec)] = rows.setdefault(tuple(row), len(rows))
            group.append(number)
        # float64 holds every count exactly (sums stay far below 2**53) and multiplies with BLAS
        self.matrix = np.array(list(rows), dtype=np.float64).reshape(len(rows), pos)
        #: the row of each document
        self.group = np.array(group, dtype=np.intp)

    def metrics(self, totals: list[float]) -> dict[str, float]:
        """Each family's F1 (or accuracy) from one row of summed fields."""
        out = {}
        for fam, first, width in self.layout:
            out[fam] = f1_of(fam, [int(v) for v in totals[first : first + width]]) if width else 0.0
        return out

    def total(self) -> list[float]:
        np = _numpy()
        return (np.bincount(self.group, minlength=len(self.matrix)).astype(np.float64) @ self.matrix).tolist()


def _keys(per_document: dict[str, dict[str, list[int]]]) -> set[str]:
    """Every vector key of the per-document vectors."""
    keys: set[str] = set()
    for vec in per_document.values():
        keys.update(vec)
    return keys


def _resampled_totals(counts: list[Any], samples: int, seed: int):
    """For each bootstrap sample (documents drawn with replacement, seeded), the summed
    fields of every count matrix (all share the draw: a paired bootstrap). Yields one list
    of rows per matrix, a block of samples at a time. ``counts``: :class:`CountMatrix`
    objects, whose blocks are multiplied several at once (exact: their fields are integers),
    or plain documents x fields arrays (of any numbers), multiplied block by block."""
    np = _numpy()
    grouped = all(isinstance(c, CountMatrix) for c in counts)
    n = len(counts[0].group) if grouped else counts[0].shape[0]
    rng = np.random.default_rng(seed)
    block = max(1, _BLOCK // max(n, 1))
    ones = None if grouped else np.ones(min(block, samples) * n)  # bincount's weights: it then counts in float64
    stacked: list[list[Any]] = [[] for _ in counts]  # multiplicities not multiplied yet
    size = done = 0
    while done < samples:
        rows = min(block, samples - done)
        draws = rng.integers(0, n, size=(rows, n), dtype=np.int64)
        done += rows
        if not grouped:
            draws += np.arange(0, rows * n, n)[:, None]  # sample k's draws counted in its own row
            multiplicity = np.bincount(draws.ravel(), weights=ones[: rows * n], minlength=rows * n).reshape(rows, n)
            yield [(multiplicity @ m).tolist() for m in counts]
            continue
        for c, stack in zip(counts, stacked):
            distinct = len(c.matrix)
            drawn = c.group[draws]  # the row of each drawn document, counted in its sample's row
            drawn += np.arange(0, rows * distinct, distinct)[:, None]
            stack.append(np.bincount(drawn.ravel(), minlength=rows * distinct).reshape(rows, distinct))
            size += rows * distinct
        if size >= _STACK or done == samples:
            yield [(np.concatenate(stack).astype(np.float64) @ c.matrix).tolist() for c, stack in zip(counts, stacked)]
            stacked = [[] for _ in counts]
            size = 0


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    pos = q * (len(sorted_values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def bootstrap_intervals(per_document: dict[str, dict[str, list[int]]], samples: int, seed: int = 0) -> dict[str, Any]:
    """95% percentile intervals of every F1 (and attribute accuracy), resampling documents."""
    doc_ids = list(per_document)
    if not doc_ids:
        return {"samples": samples, "seed": seed, "level": LEVEL, "unit": "document", "intervals": {}}
    counts = CountMatrix(per_document, doc_ids, sorted(_keys(per_document)))
    draws: dict[str, list[float]] = {fam: [] for fam in counts.families}
    if samples:
        for (block,) in _resampled_totals([counts], samples, seed):
            for totals in block:
                for fam, v in counts.metrics(totals).items():
                    draws[fam].append(v)
    alpha = (1 - LEVEL) / 2
    intervals = {}
    for fam in counts.families:
        d = sorted(draws[fam])
        intervals[family_metric(fam)] = [_percentile(d, alpha), _percentile(d, 1 - alpha)]
    return {"samples": samples, "seed": seed, "level": LEVEL, "unit": "document", "intervals": intervals}


def compare_reports(a: dict[str, Any], b: dict[str, Any], samples: int = 1000, seed: int = 0) -> dict[str, Any]:
    """Paired difference B - A of every headline metric over the documents both reports scored,
    with a 95% bootstrap interval and a two-sided bootstrap p-value."""
    pa, pb = a.get("per_document") or {}, b.get("per_document") or {}
    common = [d for d in pa if d in pb]
    result: dict[str, Any] = {
        "format": COMPARISON_FORMAT,
        "version": COMPARISON_VERSION,
        "documents": len(common),
        "only_a": len([d for d in pa if d not in pb]),
        "only_b": len([d for d in pb if d not in pa]),
        "samples": samples,
        "seed": seed,
        "level": LEVEL,
        "warning": None,
        "metrics": {},
    }
    if not common:
        return result
    if len(common) < MIN_COMPARED_DOCUMENTS:
        result["warning"] = (f"only {len(common)} document{'' if len(common) == 1 else 's'} in common: with fewer than "
                             f"{MIN_COMPARED_DOCUMENTS} the interval and p-value of the paired bootstrap mean little")
    keys = sorted(_keys(pa) & _keys(pb))
    counts_a = CountMatrix(pa, common, keys)
    counts_b = CountMatrix(pb, common, keys)
    families = counts_a.families
    base_a = counts_a.metrics(counts_a.total())
    base_b = counts_b.metrics(counts_b.total())
    diffs: dict[str, list[float]] = {fam: [] for fam in families}
    # one draw of documents resamples A and B alike: the difference is paired
    for block_a, block_b in _resampled_totals([counts_a, counts_b], samples, seed):
        for totals_a, totals_b in zip(block_a, block_b):
            ra, rb = counts_a.metrics(totals_a), counts_b.metrics(totals_b)
            for fam in families:
                diffs[fam].append(rb[fam] - ra[fam])
    alpha = (1 - LEVEL) / 2
    for fam in families:
        d = sorted(diffs[fam])
        observed = base_b[fam] - base_a[fam]
        if samples:
            below = sum(1 for x in d if x <= 0) / samples
            above = sum(1 for x in d if x >= 0) / samples
            p = min(1.0, 2 * min(below, above))
        else:
            p = 1.0
        result["metrics"][family_metric(fam)] = {
            "a": base_a[fam],
            "b": base_b[fam],
            "difference": observed,
            "interval": [_percentile(d, alpha), _percentile(d, 1 - alpha)],
            "p_value": p,
        }
    return result


# The resampling and the percentile, shared with the agreement report (annotator.agree).
numpy_module = _numpy
resampled_totals = _resampled_totals
percentile = _percentile
