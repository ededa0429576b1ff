"""Grapheme clusters, widths and terminal-safe glyphs."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text import clusters
from annotator.text.clusters import (
    SIMPLE_BASES,
    SIMPLE_MARKS,
    cluster_bounds,
    cluster_glyph,
    cluster_width,
    is_simple,
    split_clusters,
)

simple_text = st.text(alphabet=st.sampled_from(SIMPLE_BASES + SIMPLE_MARKS), max_size=60)
any_text = st.text(max_size=40)


@settings(max_examples=500, deadline=None)
@given(simple_text)
def test_fast_path_equals_extended_grapheme_clusters(text):
    assert is_simple(text)
    assert split_clusters(text) == clusters._CLUSTER_RE.findall(text)
    assert all(cluster_width(c) == 1 for c in split_clusters(text))


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_clusters_cover_the_text(text):
    parts = split_clusters(text)
    assert "".join(parts) == text
    assert parts == clusters._CLUSTER_RE.findall(text)
    bounds = cluster_bounds(text)
    assert bounds[0] == 0 and bounds[-1] == len(text) and len(bounds) == len(parts) + 1


def test_every_simple_mark_is_zero_width_and_every_base_one_cell():
    assert all(unicodedata.category(m) in ("Mn", "Me") for m in SIMPLE_MARKS)
    assert "\u064e" in SIMPLE_MARKS and "\u0670" in SIMPLE_MARKS
    assert "\u0627" in SIMPLE_BASES and "\u00ad" not in SIMPLE_BASES  # soft hyphen is Cf
    assert not is_simple("a\u200cb") and not is_simple("\u4e2d") and not is_simple("a\tb")


def test_widths():
    assert cluster_width("\u0628\u064e") == 1
    assert cluster_width("\u4e2d") == 2
    assert cluster_width("\U0001f600") == 2
    for fmt in ("\u200f", "\u200e", "\u061c", "\u2066", "\u2069", "\u200d", "\u200c", "\ufeff", "\u00ad"):
        assert cluster_width(fmt) == 0, hex(ord(fmt))


def test_controls_become_pictures_and_nothing_unsafe_remains():
    assert cluster_glyph("\x1b") == "\u241b"
    assert cluster_glyph("\x00") == "\u2400"
    assert cluster_glyph("\x7f") == "\u2421"
    assert cluster_glyph("\x9b") == "\ufffd"  # C1 CSI
    assert cluster_glyph("\r\n") == "\u240d\u240a" and cluster_width("\r\n") == 2
    assert cluster_glyph("\u2028") == "\u2424" and cluster_glyph("\u2029") == "\u00b6"
    for cp in list(range(0x20)) + list(range(0x7F, 0xA0)):
        g = cluster_glyph(chr(cp))
        assert g and cluster_width(chr(cp)) == 1
        assert not any(unicodedata.category(ch) == "Cc" for ch in g)


def test_format_characters_are_dropped_from_glyphs():
    assert cluster_glyph("\u0628\u200c") == "\u0628"
    assert cluster_glyph("\u064e") == "\u25cc\u064e"
    # an emoji ZWJ sequence keeps its joiners
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert split_clusters(family) == [family]
    assert cluster_glyph(family) == family and cluster_width(family) == 2


def test_prepended_concatenation_marks_are_drawn():
    # U+0600 ARABIC NUMBER SIGN is a visible format character that prefixes digits
    cluster = split_clusters("\u0600123")[0]
    assert cluster == "\u06001"
    assert cluster_glyph(cluster) == "\u06001" and cluster_width(cluster) == 2
