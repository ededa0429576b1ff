"""Fast shaping == arabic-reshaper (ligatures off, harakat kept), one code point for one."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.shaping import check_alignment, needs_shaping, reshape_reference, shape

ZWJ = "\u200d"
ALPHABET = (
    [chr(c) for c in range(0x0621, 0x064B)]
    + ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "\u0640", "\u06cc", "\u067e"]
    + [" ", "a", "1", "\u0661", "(", ZWJ, "\u200c", "."]
)


def test_seed_paragraphs_equal_arabic_reshaper(seed_text):
    for para in seed_text.split("\n"):
        shaped = shape(para)
        assert shaped == reshape_reference(para)
        assert check_alignment(para, shaped)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_random_arabic_equals_arabic_reshaper(text):
    shaped = shape(text)
    assert shaped is not None and len(shaped) == len(text)
    assert check_alignment(text, shaped)
    reference = reshape_reference(text)
    if ZWJ not in text:
        assert shaped == reference
    else:
        # arabic-reshaper drops each ZWJ (and loses the harakat that follow one);
        # shape() keeps them in place (ZWJ takes no cell): the letters agree
        def letters(s):
            return [c for c in s if c != ZWJ and unicodedata.category(c) not in ("Mn", "Me")]

        assert letters(shaped) == letters(reference)


def test_text_without_arabic_letters_is_returned_unchanged():
    assert shape("abc 123") == "abc 123"
    assert not needs_shaping("abc \u064e")


def test_check_alignment_rejects_misaligned_output():
    assert not check_alignment("\u0628\u064e", "\ufe8f")
    assert not check_alignment("ab", "ax")


def test_every_presentation_form_is_a_one_cell_simple_character():
    # the layout relies on it: a shaped simple paragraph keeps one cell per cluster
    from arabic_reshaper.letters import LETTERS_ARABIC

    from annotator.text.clusters import SIMPLE_BASES

    for letter, forms in LETTERS_ARABIC.items():
        if letter == ZWJ:
            continue
        assert letter in SIMPLE_BASES
        for form in forms:
            assert form == "" or form in SIMPLE_BASES, (hex(ord(letter)), form)
