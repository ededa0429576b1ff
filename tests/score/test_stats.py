"""Bootstrap intervals and the paired comparison of two reports."""

import pytest

from annotator.score.stats import bootstrap_intervals, compare_reports, family_metric


def doc(correct, incorrect=0, partial=0, missed=0, spurious=0):
    return {"entities": [correct, incorrect, partial, missed, spurious] * 7}


def test_identical_documents_give_a_degenerate_interval():
    per_doc = {f"d{i}": doc(3, missed=1) for i in range(20)}
    result = bootstrap_intervals(per_doc, 200, seed=1)
    lo, hi = result["intervals"]["entities.strict.f1"]
    assert lo == hi == pytest.approx(2 * 1 * 0.75 / 1.75)
    assert result["samples"] == 200 and result["level"] == 0.95


def test_interval_brackets_the_estimate_and_is_seeded():
    per_doc = {f"d{i}": doc(i % 4, missed=(i * 7) % 3, spurious=i % 2) for i in range(60)}
    a = bootstrap_intervals(per_doc, 300, seed=2)
    b = bootstrap_intervals(per_doc, 300, seed=2)
    c = bootstrap_intervals(per_doc, 300, seed=3)
    assert a == b and a != c
    total = [sum(v["entities"][k] for v in per_doc.values()) for k in range(5)]
    p = total[0] / (total[0] + total[1] + total[2] + total[4])
    r = total[0] / (total[0] + total[1] + total[2] + total[3])
    lo, hi = a["intervals"]["entities.strict.f1"]
    assert lo < 2 * p * r / (p + r) < hi


def test_paired_comparison_sees_a_consistent_improvement():
    a = {"per_document": {f"d{i}": doc(2, missed=2) for i in range(40)}}
    b = {"per_document": {f"d{i}": doc(3, missed=1) for i in range(40)}}
    result = compare_reports(a, b, samples=300, seed=0)
    m = result["metrics"]["entities.strict.f1"]
    assert m["difference"] > 0 and m["interval"][0] > 0 and m["p_value"] < 0.01
    assert result["documents"] == 40 and result["only_a"] == result["only_b"] == 0


def test_paired_comparison_of_noise_is_not_significant():
    a = {"per_document": {f"d{i}": doc(2 + i % 2, missed=1 + (i + 1) % 2) for i in range(40)}}
    b = {"per_document": {f"d{i}": doc(2 + (i + 1) % 2, missed=1 + i % 2) for i in range(40)}}
    m = compare_reports(a, b, samples=300, seed=0)["metrics"]["entities.strict.f1"]
    assert m["interval"][0] <= 0 <= m["interval"][1] and m["p_value"] > 0.05


def test_only_shared_documents_are_paired():
    a = {"per_document": {"x": doc(1), "y": doc(1)}}
    b = {"per_document": {"y": doc(1), "z": doc(1)}}
    result = compare_reports(a, b, samples=10)
    assert (result["documents"], result["only_a"], result["only_b"]) == (1, 1, 1)


def test_family_metric_names():
    assert family_metric("entities.strict") == "entities.strict.f1"
    assert family_metric("quotes.speaker") == "quotes.speaker.accuracy"
    assert family_metric("claims.end_to_end") == "claims.end_to_end.f1"


def test_interval_has_the_width_of_resampling_documents():
    """400 documents, half with a right speaker and half with a wrong one: resampling
    documents makes the accuracy a binomial proportion, whose 95% interval is about
    0.5 +- 1.96 * sqrt(0.25 / 400) = [0.451, 0.549]."""
    per_doc = {f"d{i}": {"quotes.speaker": [i % 2, 1]} for i in range(400)}
    lo, hi = bootstrap_intervals(per_doc, 2000, seed=4)["intervals"]["quotes.speaker.accuracy"]
    assert 0.43 < lo < 0.47 and 0.53 < hi < 0.57



def _rows(per_doc, keys):
    """One plain row per document: its fields key after key, zeros for a key it lacks."""
    width = {k: max(len(v.get(k, ())) for v in per_doc.values()) for k in keys}
    return [[x for k in keys for x in (v.get(k) or [0] * width[k])] for v in per_doc.values()]


@pytest.mark.parametrize("stack", [1, 1 << 21], ids=["a-product-per-block", "blocks-stacked"])
def test_documents_grouped_by_their_counts_resample_exactly_as_one_row_each(monkeypatch, stack):
    """Documents with equal counts share a row of the bootstrap's matrix (vectors shared or
    merely equal, keys missing in some), and several blocks of samples are multiplied at once:
    every sample's totals are those of one row per document, multiplied block by block."""
    import numpy as np

    from annotator.score import stats

    monkeypatch.setattr(stats, "_STACK", stack)
    shared = {"entities": [2, 0, 1, 1, 0] * 7, "quotes.speaker": [1, 2]}
    per_doc = {}
    for i in range(700):  # 700 documents: blocks of 374 samples, so 1,000 samples take 3 blocks
        if i % 3 == 0:
            per_doc[f"d{i}"] = shared
        elif i % 3 == 1:
            per_doc[f"d{i}"] = {"entities": [i % 4, i % 2, 0, (i * 7) % 3, i % 5] * 7}
        else:
            per_doc[f"d{i}"] = {"quotes.speaker": [i % 2, 1 + i % 2]}
    keys = sorted({k for v in per_doc.values() for k in v})
    counts = stats.CountMatrix(per_doc, list(per_doc), keys)
    assert len(counts.matrix) < 100  # documents did share rows
    plain = np.array(_rows(per_doc, keys), dtype=np.float64)
    grouped = [row for (block,) in stats._resampled_totals([counts], 1000, 9) for row in block]
    assert grouped == [row for (block,) in stats._resampled_totals([plain], 1000, 9) for row in block]
    assert counts.total() == plain.sum(axis=0).tolist()
