"""Bootstrap confidence intervals (resampling documents) and paired comparison of two reports.

Per-document count vectors are packed into one Python integer each (fixed-width bit fields),
so adding up a resample of documents is a sum of integers done in C, not a loop over fields.
"""

import random
from typing import Any

from annotator.score.aggregate import f1_of, families

LEVEL = 0.95


def family_metric(family: str) -> str:
    """The gate name of the headline metric of a per-document family."""
    layer, _, name = family.partition(".")
    if name in ("speaker", "cue", "kind", "value", "unit"):
        return f"{family}.accuracy"
    return f"{family}.f1"


class Packed:
    """Per-document vectors of several families packed into integers."""

    def __init__(self, per_document: dict[str, dict[str, list[int]]], doc_ids: list[str], families: list[str]) -> None:
        self.families = families
        per_document = {d: _split(per_document[d]) for d in doc_ids}
        widths = []
        for fam in families:
            widths.append(max((len(per_document[d].get(fam, ())) for d in doc_ids), default=0))
        self.layout = []  # (family, first field, number of fields)
        pos = 0
        for fam, w in zip(families, widths):
            self.layout.append((fam, pos, w))
            pos += w
        peak = 1
        for d in doc_ids:
            for vals in per_document[d].values():
                for v in vals:
                    peak = max(peak, v)
        self.width = pos  # fields per document
        self.bits = (peak * max(len(doc_ids), 1)).bit_length() + 1
        self.mask = (1 << self.bits) - 1
        self.values = []
        for d in doc_ids:
            vec = per_document[d]
            packed = 0
            for fam, first, w in self.layout:
                vals = vec.get(fam) or [0] * w
                for k, v in enumerate(vals):
                    packed |= v << (self.bits * (first + k))
            self.values.append(packed)

    def unpack(self, total: int) -> dict[str, float]:
        out = {}
        for fam, first, w in self.layout:
            vals = [(total >> (self.bits * (first + k))) & self.mask for k in range(w)]
            out[fam] = f1_of(fam, vals) if w else 0.0
        return out


def _resample_sum(rng: random.Random, values: list[int]) -> int:
    """The sum of ``len(values)`` values drawn with replacement.

    Indices come from 32 random bits each, reduced modulo n (a bias below n / 2**32,
    negligible for any corpus), and the whole draw runs in C: ``map`` over a memoryview."""
    n = len(values)
    if n == 0:
        return 0
    indices = map(n.__rmod__, memoryview(rng.randbytes(4 * n)).cast("I"))
    return sum(map(values.__getitem__, indices))


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    pos = q * (len(sorted_values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _split(vector: dict[str, list[int]]) -> dict[str, list[int]]:
    return families(vector)


def _families(per_document: dict[str, dict[str, list[int]]]) -> list[str]:
    names: set[str] = set()
    for vec in per_document.values():
        names.update(families(vec))
    return sorted(names)


def bootstrap_intervals(per_document: dict[str, dict[str, list[int]]], samples: int, seed: int = 0) -> dict[str, Any]:
    """95% percentile intervals of every F1 (and attribute accuracy), resampling documents."""
    doc_ids = list(per_document)
    families = _families(per_document)
    packed = Packed(per_document, doc_ids, families)
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {fam: [] for fam in families}
    values = packed.values
    for _ in range(samples):
        total = _resample_sum(rng, values)
        for fam, v in packed.unpack(total).items():
            draws[fam].append(v)
    alpha = (1 - LEVEL) / 2
    intervals = {}
    for fam in families:
        d = sorted(draws[fam])
        intervals[family_metric(fam)] = [_percentile(d, alpha), _percentile(d, 1 - alpha)]
    return {"samples": samples, "seed": seed, "level": LEVEL, "unit": "document", "intervals": intervals}


def compare_reports(a: dict[str, Any], b: dict[str, Any], samples: int = 1000, seed: int = 0) -> dict[str, Any]:
    """Paired difference B - A of every headline metric over the documents both reports scored,
    with a 95% bootstrap interval and a two-sided bootstrap p-value."""
    pa, pb = a.get("per_document") or {}, b.get("per_document") or {}
    common = [d for d in pa if d in pb]
    families = sorted(set(_families(pa)) & set(_families(pb)))
    result: dict[str, Any] = {
        "documents": len(common),
        "only_a": len([d for d in pa if d not in pb]),
        "only_b": len([d for d in pb if d not in pa]),
        "samples": samples,
        "seed": seed,
        "level": LEVEL,
        "metrics": {},
    }
    if not common:
        return result
    packed_a = Packed(pa, common, families)
    packed_b = Packed(pb, common, families)
    base_a = packed_a.unpack(sum(packed_a.values))
    base_b = packed_b.unpack(sum(packed_b.values))
    rng = random.Random(seed)
    diffs: dict[str, list[float]] = {fam: [] for fam in families}
    # A and B of one document side by side in one integer: one draw resamples both
    shift = packed_a.bits * packed_a.width
    both = [a | (b << shift) for a, b in zip(packed_a.values, packed_b.values)]
    mask = (1 << shift) - 1
    for _ in range(samples):
        total = _resample_sum(rng, both)
        ra = packed_a.unpack(total & mask)
        rb = packed_b.unpack(total >> shift)
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
