"""visible(): strings from files are safe to print (no escape sequences, no forged lines)."""

from annotator.text.visible import is_visible, visible


def test_escape_sequences_become_text():
    osc52 = "x\x1b]52;c;ZXZpbA==\x07y"
    out = visible(osc52)
    assert "\x1b" not in out and "\x07" not in out
    assert out == "x\\x1b]52;c;ZXZpbA==\\x07y"


def test_newlines_c1_and_del_are_escaped():
    assert visible("a\nb\rc\x85d\x9be\x7f") == "a\\x0ab\\x0dc\\x85d\\x9be\\x7f"


def test_bidi_controls_and_lone_surrogates_are_escaped():
    assert visible("\u202eabc\u2066\u200f") == "\\u202eabc\\u2066\\u200f"
    assert visible("k\udc80") == "k\\udc80"
    visible("k\udc80").encode("utf-8")  # printable as UTF-8


def test_arabic_harakat_joiners_and_emoji_are_kept():
    text = "لِداعشَ \u200d\u200c 👩\u200d👩\u200d👧 «قال»"
    assert visible(text) == text
    assert is_visible(text)
    assert not is_visible("a\tb")


def test_non_strings_are_converted():
    assert visible(12) == "12"
