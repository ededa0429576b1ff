"""The public bidi API: resolve_levels, resolve_levels_from_classes, visual_order."""

import pytest

from annotator.text.bidi import (
    CLASS_NAMES,
    bidi_class,
    line_levels,
    mirror,
    resolve_levels,
    resolve_levels_from_classes,
    resolve_paragraph,
    visual_order,
)

AR = "\u0627\u0644\u0639\u0631\u0627\u0642"


def test_arabic_paragraph_with_number_and_latin():
    text = f"{AR} 2023 abc"
    para, levels = resolve_levels(text)
    assert para == 1
    assert levels == [1] * 6 + [1] + [2] * 4 + [1] + [2] * 3
    order = visual_order(levels)
    assert "".join(text[i] for i in order) == "abc 2023 " + AR[::-1]


def test_direction_argument():
    assert resolve_levels("abc", "rtl") == (1, [2, 2, 2])
    assert resolve_levels(AR, "ltr")[0] == 0
    assert resolve_levels("123")[0] == 0  # no strong character: LTR
    with pytest.raises(ValueError, match="direction must be"):
        resolve_levels("abc", "sideways")


def test_removed_characters_have_no_level_and_no_position():
    text = "a\u202bb\u202c"  # a RLE b PDF
    para, levels = resolve_levels(text)
    assert levels[1] is None and levels[3] is None
    assert visual_order(levels) == [0, 2]


def test_class_sequence_form_accepts_names_and_numbers():
    assert resolve_levels_from_classes(["AL", "EN"], "auto") == (1, [1, 2])
    numbers = [CLASS_NAMES.index("R"), CLASS_NAMES.index("L")]
    assert resolve_levels_from_classes(numbers, "ltr") == (0, [1, 0])
    with pytest.raises(ValueError, match="unknown Bidi_Class 'XX'"):
        resolve_levels_from_classes(["L", "XX"])
    with pytest.raises(ValueError, match="unknown Bidi_Class number 99"):
        resolve_levels_from_classes([99])


def test_l1_per_line_resets_trailing_whitespace_only_at_line_end():
    text = f"abc def {AR}"
    para, levels, classes = resolve_paragraph(text, "rtl")
    assert para == 1
    # as one line the space between "abc" and "def" is between L runs: level 2
    assert line_levels(classes, levels, para)[3] == 2
    # as the end of a line [0, 4) it is trailing whitespace: paragraph level
    assert line_levels(classes, levels, para, 0, 4) == [2, 2, 2, 1]


def test_bracket_pairs_take_the_embedding_direction():
    # N0: "(" and ")" enclose only R text in an LTR paragraph, preceded by R -> R
    text = f"{AR}({AR})b"
    _, levels = resolve_levels(text, "ltr")
    assert levels[6] == levels[13] == 1
    # with an L inside (the embedding direction) they take L
    text = f"{AR}(b{AR})"
    _, levels = resolve_levels(text, "ltr")
    assert levels[6] == levels[14] == 0


def test_classes_and_mirroring_helpers():
    assert CLASS_NAMES[bidi_class("\u0627")] == "AL"
    assert CLASS_NAMES[bidi_class("\u200f")] == "R"
    assert CLASS_NAMES[bidi_class("\u2067")] == "RLI"
    assert mirror("(") == ")" and mirror("\u00ab") == "\u00bb" and mirror("a") == "a"


def test_visual_order_rule_l2():
    assert visual_order([0, 1, 1, 0]) == [0, 2, 1, 3]
    assert visual_order([1, 2, 2, 1]) == [3, 1, 2, 0]
    assert visual_order([]) == []
    assert visual_order([None, None]) == []
