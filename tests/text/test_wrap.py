"""Wrapping: the fast path for simple paragraphs breaks exactly where the general
per-cluster wrap does; rows break at spaces and never inside a cluster."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.clusters import SIMPLE_BASES, SIMPLE_MARKS, split_clusters, widths_of
from annotator.text.wrap import wrap as _wrap, wrap_simple as _wrap_simple

simple = st.text(
    alphabet=st.sampled_from(list(SIMPLE_BASES[:200]) + list(SIMPLE_MARKS[:20]) + [" "] * 20 + ["\u0627", "\u064e"]),
    max_size=120,
)


@settings(max_examples=500, deadline=None)
@given(simple, st.integers(1, 40))
def test_simple_wrap_equals_general_wrap(text, width):
    clusters = split_clusters(text)
    assert _wrap_simple(text, width) == _wrap(clusters, widths_of(clusters), width)


def test_seed_wraps_identically(seed_text):
    for para in seed_text.split("\n"):
        clusters = split_clusters(para)
        for width in (1, 7, 20, 40, 57, 80, 120, 200):
            assert _wrap_simple(para, width) == _wrap(clusters, widths_of(clusters), width)


def test_break_after_spaces_and_inside_long_words():
    texts = split_clusters("aaa bbb cccccccc d")
    assert _wrap(texts, widths_of(texts), 5) == [0, 4, 8, 13]
    # a space that does not fit starts the next row
    texts = split_clusters("aaaaa  b")
    assert _wrap(texts, widths_of(texts), 5) == [0, 5]
