"""Each scheme's rule, the overlap IoU threshold and the Arabic-aware schemes."""

import pytest

from annotator.score.counts import Counts, prf
from helpers import counts

AR = "زار الوزير والعراق ثم «بغداد» يوم الأحد وقال: لقد حضرتُ"


def span(word, label="GPE", text=AR):
    s = text.index(word)
    return (s, s + len(word), label)


def test_strict_needs_boundaries_and_label():
    got = counts([(0, 10, "PER")], [(0, 10, "PER")])
    assert got["strict"] == (1, 0, 0, 0, 0)
    assert counts([(0, 10, "PER")], [(0, 10, "ORG")])["strict"] == (0, 1, 0, 0, 0)
    assert counts([(0, 10, "PER")], [(0, 9, "PER")])["strict"] == (0, 1, 0, 0, 0)


def test_overlap_scheme_uses_the_iou_threshold():
    # gold [0,10), prediction [0,6): IoU 0.6
    assert counts([(0, 10, "PER")], [(0, 6, "PER")], min_iou=0.5)["overlap"] == (1, 0, 0, 0, 0)
    assert counts([(0, 10, "PER")], [(0, 6, "PER")], min_iou=0.7)["overlap"] == (0, 1, 0, 0, 0)
    assert counts([(0, 10, "PER")], [(0, 10, "ORG")])["overlap"] == (0, 1, 0, 0, 0)


def test_boundary_lenient_ignores_proclitics_and_quotation_marks():
    assert counts([span("العراق")], [span("والعراق")], text=AR)["boundary-lenient"] == (1, 0, 0, 0, 0)
    assert counts([span("بغداد")], [span("«بغداد»")], text=AR)["boundary-lenient"] == (1, 0, 0, 0, 0)
    # the standard schemes are not changed by it
    assert counts([span("العراق")], [span("والعراق")], text=AR)["strict"] == (0, 1, 0, 0, 0)


def test_boundary_lenient_still_needs_the_label_and_the_same_core():
    assert counts([span("العراق")], [span("والعراق", "LOC")], text=AR)["boundary-lenient"] == (0, 1, 0, 0, 0)
    # "الوزير والعراق" vs "والعراق": different cores
    assert counts([span("الوزير والعراق")], [span("والعراق")], text=AR)["boundary-lenient"] == (0, 1, 0, 0, 0)


def test_normalized_ignores_harakat_at_the_edge():
    gold, pred = span("حضرتُ", "PER"), span("حضرت", "PER")
    got = counts([gold], [pred], text=AR)
    assert got["normalized"] == (1, 0, 0, 0, 0)
    assert got["boundary-lenient"] == (0, 1, 0, 0, 0)


def test_counts_and_metrics():
    c = Counts(correct=3, incorrect=1, partial=2, missed=1, spurious=2)
    assert (c.possible, c.actual) == (7, 8)
    p, r, f = c.metrics()
    assert p == pytest.approx(4 / 8) and r == pytest.approx(4 / 7)
    assert f == pytest.approx(2 * p * r / (p + r))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert set(c.as_dict()) == {"correct", "incorrect", "partial", "missed", "spurious", "possible", "actual", "precision", "recall", "f1"}


def test_cores_of_a_span_depend_on_its_own_text_only():
    """``schemes.cores`` remembers the cores of short span texts, relative to the span: that
    must give the cores ``trim_lenient`` and ``normalized_core`` give in the whole text, for
    every span of texts with clitics, quotation marks, harakat, tatweel and punctuation, and
    for spans longer than what is remembered."""
    import random

    from annotator.score import schemes
    from annotator.text.arabic import trim_lenient

    pieces = ["و", "ل", "ب", "ال", "لل", "داعش", "«", "»", '"', "ـ", "\u064e", "\u0651", " ", "،", ".", "وال", "مدينة", "2024", "ك", "ف"]
    rng = random.Random(16)
    for i in range(150):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30 if i % 10 else 60)))
        for start in range(len(text)):
            for end in range(start, len(text) + 1):
                lenient = trim_lenient(text, start, end)
                expected = (*lenient, *schemes.normalized_core(text, start, end, lenient))
                assert schemes.cores(text, start, end) == expected, (text, start, end)
                assert schemes.cores(text, start, end) == expected  # the remembered answer too
