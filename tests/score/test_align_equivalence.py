"""Aligning string-anchored spans by distinct text (issue 16) places every span exactly as the
span-by-span definition does: the same ``(start, end)`` or None, the same aligned / ambiguous
/ not_found counts, on random texts and spans (Arabic with harakat, tatweel and letter folds,
invisible controls, repeated words, texts that do not occur, overlapping candidates, offsets
given by other spans, text that is not NFC).

The reference is the aligner as it was before (``normalize_with_map`` and a full offset table,
each span in turn taking the first occurrence of its text that no span of the layer holds),
written out plainly here."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.score import align
from annotator.score.align import AlignStats, Finder, align_spans
from annotator.text.arabic import NormalizedIndex, is_dropped, normalize, normalize_with_map

INVISIBLE = {chr(c) for c in range(0x10000) if is_dropped(chr(c)) and unicodedata.category(chr(c)) == "Cf"}


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of a normalised text, left to right, mapped back to the
    text by the full offset table; a match never ends on an invisible control."""
    hay, offsets = normalize_with_map(text)
    out: list[tuple[int, int]] = []
    pos = hay.find(needle) if needle else -1
    while pos != -1:
        start, stop = offsets[pos], offsets[pos + len(needle)]
        while text[stop - 1] in INVISIBLE:
            stop -= 1
        out.append((start, stop))
        pos = hay.find(needle, pos + len(needle))
    return out


def reference(text: str, spans: list[tuple[int | None, int | None, str]]) -> tuple[list, dict[str, int]]:
    """Each string-anchored span in order takes the first occurrence of its text that no span
    of the layer holds; aligned when the text occurs once, ambiguous when more often."""
    taken = {(s, e) for s, e, _ in spans if s is not None and e is not None}
    stats = {"aligned": 0, "ambiguous": 0, "not_found": 0}
    out: list[tuple[int, int] | None] = []
    for s, e, t in spans:
        if s is not None and e is not None:
            out.append((s, e))
            continue
        occ = occurrences(text, normalize(t))
        free = [o for o in occ if o not in taken]
        if not free:
            stats["not_found"] += 1
            out.append(None)
            continue
        stats["aligned" if len(occ) == 1 else "ambiguous"] += 1
        taken.add(free[0])
        out.append(free[0])
    return out, stats


#: Pieces of text: words that contain one another (بغداد in لبغداد, ان in الان), hamza forms,
#: ta marbuta / ha, alif maqsura / ya, harakat, tatweel, invisible controls, both kinds of
#: digits, a hamza written as a combining mark (not NFC) and a character that NFC turns into two.
WORDS = ["بغداد", "لبغداد", "بغدادُ", "بغـداد", "ال", "الان", "الآن", "ان", "إن", "أن", "مدينة", "مدينه", "على", "علي"]
PIECES = WORDS + [" ", " ", " ", "ا", "ن", "ا", "َ", "ّ", "ـ", "\u200f", "\u200d", "\u2067", "\u2069", "٣", "3", "ا\u0654", "\u0958", "\0"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@st.composite
def layers(draw, text: str) -> list[tuple[int | None, int | None, str]]:
    """The spans of one layer: slices of the text (they occur, often more than once), words
    (repeated, contained in others), texts that do not occur or normalise to nothing, and a
    few spans with given offsets (which take their place in advance)."""
    spans: list[tuple[int | None, int | None, str]] = []
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["slice", "slice", "word", "word", "words", "absent", "given"]))
        if kind in ("slice", "given") and text:
            i = draw(st.integers(0, len(text) - 1))
            j = draw(st.integers(i + 1, min(len(text), i + 12)))
            spans.append((i, j, text[i:j]) if kind == "given" else (None, None, text[i:j]))
        elif kind == "words":
            spans.append((None, None, " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))))
        elif kind == "absent":
            spans.append((None, None, draw(st.sampled_from(["غير موجود", "", "ُ", "ـ\u200f", "x\0y"]))))
        else:
            spans.append((None, None, draw(st.sampled_from(WORDS))))
    return spans


@settings(max_examples=400, deadline=None)
@given(data=st.data(), text=texts, index=st.booleans())
def test_alignment_by_text_equals_the_span_by_span_definition(data, text, index):
    """Two layers on one Finder (what was found for the first is reused for the second), with
    str.find per text or the prefix index (FIND_LIMIT 0): the reference's placements and counts."""
    finder = Finder(text)
    limit = align.FIND_LIMIT
    align.FIND_LIMIT = 0 if index else limit
    try:
        for _ in range(2):
            spans = data.draw(layers(text))
            stats = AlignStats()
            got = align_spans(finder, spans, stats)
            want, want_stats = reference(text, spans)
            assert got == want, (text, spans)
            assert stats.as_dict() == want_stats, (text, spans)
    finally:
        align.FIND_LIMIT = limit


@settings(max_examples=300, deadline=None)
@given(text=texts, queries=st.lists(st.sampled_from(PIECES + ["بغداد ال", "ن ا", "ّ"]), min_size=1, max_size=3).map("".join))
def test_the_index_maps_matches_back_as_the_offset_table_does(text, queries):
    """The run-based map of ``NormalizedIndex`` (no list entry per character) gives every match
    the offsets that the full table of ``normalize_with_map`` gives."""
    assert NormalizedIndex(text).find_all(queries) == occurrences(text, normalize(queries))


@pytest.mark.parametrize(
    ("text", "spans", "placed", "counts"),
    [
        # a text's spans take its occurrences in order; a third finds none left
        ("بغداد ثم بغداد", [(None, None, "بغداد")] * 3, [(0, 5), (9, 14), None], (0, 2, 1)),
        # offsets given by a span of the layer are taken first, whatever their order
        ("بغداد ثم بغداد", [(None, None, "بغداد"), (0, 5, "بغداد")], [(9, 14), (0, 5)], (0, 1, 0)),
        # a text that occurs inside another one's occurrence (overlapping candidates)
        ("لبغداد بغداد", [(None, None, "لبغداد"), (None, None, "بغداد"), (None, None, "بغداد")], [(0, 6), (1, 6), (7, 12)], (1, 2, 0)),
        # harakat, tatweel and a hamza form: the marks stay with their letters, an RLM is left out
        ("قال إنّ الرئيـسُ\u200f", [(None, None, "ان"), (None, None, "الرئيس")], [(4, 7), (8, 16)], (2, 0, 0)),
        # occurrences do not overlap: اا occurs once in ااا (whether there is a second is
        # looked for after the first), twice in اااا
        ("ااا", [(None, None, "اا")], [(0, 2)], (1, 0, 0)),
        ("اااا", [(None, None, "اا")], [(0, 2)], (0, 1, 0)),
        # a text that normalises to nothing, and one that does not occur
        ("بغداد", [(None, None, "ُ"), (None, None, "البصرة")], [None, None], (0, 0, 2)),
        # text that is not NFC (hamza as a combining mark) matches its composed spelling
        ("قال ا\u0654ن", [(None, None, "أن")], [(4, 7)], (1, 0, 0)),
    ],
)
def test_cases(text, spans, placed, counts):
    stats = AlignStats()
    assert align_spans(Finder(text), spans, stats) == placed
    assert (stats.aligned, stats.ambiguous, stats.not_found) == counts
    assert reference(text, spans) == (placed, dict(zip(("aligned", "ambiguous", "not_found"), counts)))


def test_text_that_nfc_expands_goes_span_by_span():
    """A character that NFC turns into two gives two normalised positions one offset, so two
    different texts could end on one ``(start, end)``: such a text is placed span by span."""
    text = "\u0958 \u0958"
    finder = Finder(text)
    spans = [(None, None, "\u0915\u093c"), (None, None, "\u0915"), (None, None, "\u0958")]
    stats = AlignStats()
    assert align_spans(finder, spans, stats) == reference(text, spans)[0]
    assert not finder._strict
    assert stats.as_dict() == reference(text, spans)[1]
