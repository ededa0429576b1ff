"""DocumentLayout and layout_field: wrapping, reordering, alignment, glyphs, maps."""

import unicodedata

import pytest

from annotator.text import rows as rows_mod
from annotator.text.layout import DisplayCell, DisplayLine, DocumentLayout, layout_field

AR = "\u0627\u0644\u0639\u0631\u0627\u0642"  # العراق
BAIT = "\u0628\u064a\u062a"  # بيت
RLM, LRM, ZWJ, ZWNJ = "\u200f", "\u200e", "\u200d", "\u200c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def visual(line: DisplayLine) -> str:
    return "".join(c.glyph for c in line.cells)


def logical_of_cells(line: DisplayLine, text: str) -> list[str]:
    return [text[c.start : c.end] for c in line.cells]


# ---------------------------------------------------------------- structure


def test_empty_document_has_one_empty_row():
    lay = DocumentLayout("", 10)
    assert lay.line_count == 1
    line = lay.line(0)
    assert (line.start, line.end, line.cells) == (0, 0, ())
    assert lay.offset_to_cell(0) == (0, 0)
    assert lay.cell_to_offset(0, 5) == 0


def test_paragraphs_split_on_newline_and_empty_paragraph_is_one_row():
    text = "abc\n\n" + AR
    lay = DocumentLayout(text, 20)
    assert lay.line_count == 3
    assert [(lay.line(r).start, lay.line(r).end, lay.line(r).paragraph) for r in range(3)] == [
        (0, 3, 0),
        (4, 4, 1),
        (5, 11, 2),
    ]
    assert lay.line(1).cells == ()
    assert lay.line(2).rtl and not lay.line(0).rtl


def test_rtl_row_is_right_aligned_and_reversed():
    lay = DocumentLayout(AR, 10, shape=False)
    line = lay.line(0)
    assert line.rtl
    assert line.cells[0].col == 10 - 6
    assert visual(line) == AR[::-1]
    assert [c.col for c in line.cells] == list(range(4, 10))


def test_digits_and_latin_inside_arabic_read_left_to_right():
    text = f"{AR} 2023 abc {BAIT}"
    lay = DocumentLayout(text, 40, shape=False)
    line = lay.line(0)
    assert visual(line) == f"{BAIT[::-1]} abc 2023 {AR[::-1]}"


def test_brackets_are_mirrored_at_odd_levels():
    text = f"{AR} ({BAIT}) [x]"
    lay = DocumentLayout(text, 40, shape=False)
    vis = visual(lay.line(0))
    # logical "(" drawn as ")" on the left of the RTL word; Latin [x] keeps its glyphs
    assert vis == f"[x] ({BAIT[::-1]}) {AR[::-1]}"
    paren_cells = [c for c in lay.line(0).cells if text[c.start] in "()"]
    assert [(text[c.start], c.glyph) for c in paren_cells] == [(")", "("), ("(", ")")]


def test_explicit_direction_overrides_auto():
    lay = DocumentLayout("abc", 10, direction="rtl")
    line = lay.line(0)
    assert line.rtl and line.cells[0].col == 7
    assert visual(line) == "abc"


def test_width_setter_rewraps_and_keeps_caches():
    text = " ".join([AR] * 10)
    lay = DocumentLayout(text, 20)
    n20 = lay.line_count
    lay.width = 40
    assert lay.line_count < n20
    lay.width = 20
    assert lay.line_count == n20


# ---------------------------------------------------------------- wrapping


def test_wraps_at_spaces_in_logical_order():
    words = [AR, BAIT, AR, BAIT, AR]
    text = " ".join(words)
    lay = DocumentLayout(text, 11, shape=False)
    rows = [text[lay.line(r).start : lay.line(r).end] for r in range(lay.line_count)]
    assert "".join(rows) == text
    for row in rows[:-1]:
        assert row.endswith(" ")  # broken after a space, never inside a word
    for r in range(lay.line_count):
        line = lay.line(r)
        assert sum(c.width for c in line.cells) <= 11


def test_over_long_word_is_broken_between_clusters():
    word = "\u0628\u064e" * 15  # beh + fatha, 15 clusters, 30 code points
    lay = DocumentLayout(word, 4)
    assert lay.line_count == 4
    for r in range(lay.line_count):
        line = lay.line(r)
        assert (line.end - line.start) % 2 == 0  # never between a letter and its haraka
        assert sum(c.width for c in line.cells) <= 4


def test_wide_characters_take_two_cells_and_fit():
    text = "\u4e2d\u6587\u5b57abc"
    lay = DocumentLayout(text, 5)
    line = lay.line(0)
    assert [c.width for c in line.cells][:2] == [2, 2]
    assert sum(c.width for c in line.cells) <= 5
    narrow = DocumentLayout("\u4e2d", 1)
    assert narrow.line(0).cells[0].glyph == "\u2026" and narrow.line(0).cells[0].width == 1


# ---------------------------------------------------------------- clusters, marks, format and control chars


def test_harakat_stay_on_their_letter():
    text = "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f"  # مُحَمَّد
    lay = DocumentLayout(text, 20, shape=False)
    cells = lay.line(0).cells
    assert len(cells) == 4
    assert [text[c.start : c.end] for c in reversed(cells)] == ["\u0645\u064f", "\u062d\u064e", "\u0645\u0651\u064e", "\u062f"]
    assert cells[-1].glyph == "\u0645\u064f"
    # the cursor cannot stop between a letter and its marks
    assert lay.cluster_at(1) == (0, 2)
    assert lay.next_cluster(0) == 2 and lay.prev_cluster(7) == 4
    assert lay.offset_to_cell(1) == lay.offset_to_cell(0)


def test_format_characters_take_no_cell_but_keep_their_effect():
    # RLI ... PDI isolates the Arabic inside an LTR paragraph; RLM/ZWJ take no cells
    text = f"ab {RLI}{AR} 12{PDI} c{RLM}{ZWJ}"
    lay = DocumentLayout(text, 40, shape=False)
    line = lay.line(0)
    covered = {i for c in line.cells for i in range(c.start, c.end)}
    for i, ch in enumerate(text):
        if ch in (RLI, PDI, RLM):
            assert i not in covered
    assert visual(line) == f"ab 12 {AR[::-1]} c"
    assert not any(ch in c.glyph for c in line.cells for ch in (RLI, PDI, RLM, ZWJ))


def test_control_characters_are_drawn_as_control_pictures():
    text = "a\x1b[31mb\tc\x07\x7f\x85d"
    lay = DocumentLayout(text, 40)
    line = lay.line(0)
    glyphs = [c.glyph for c in line.cells]
    assert "\u241b" in glyphs and "\u2409" in glyphs and "\u2407" in glyphs and "\u2421" in glyphs
    assert "\ufffd" in glyphs  # C1 control
    for c in line.cells:
        assert c.width == 1
        assert not any(unicodedata.category(ch) == "Cc" for ch in c.glyph)
    assert [c.start for c in line.cells] == list(range(len(text)))  # offsets intact


def test_lone_mark_is_drawn_on_a_dotted_circle():
    lay = DocumentLayout("\u064e\u0628", 10, shape=False)
    glyphs = {c.glyph for c in lay.line(0).cells}
    assert "\u25cc\u064e" in glyphs


# ---------------------------------------------------------------- shaping


def test_shaping_draws_presentation_forms_one_cell_per_cluster():
    lay = DocumentLayout(BAIT, 10)
    cells = lay.line(0).cells
    assert len(cells) == 3
    # logical order: beh initial, yeh medial, teh final; drawn right to left
    assert [c.glyph for c in reversed(cells)] == ["\ufe91", "\ufef4", "\ufe96"]
    plain = DocumentLayout(BAIT, 10, shape=False).line(0)
    assert [c.glyph for c in reversed(plain.cells)] == list(BAIT)


def test_shaping_falls_back_to_unshaped_paragraph(monkeypatch):
    monkeypatch.setattr(rows_mod, "_shape", lambda text: None)
    lay = DocumentLayout(BAIT, 10)
    assert [c.glyph for c in reversed(lay.line(0).cells)] == list(BAIT)


def test_stored_text_is_never_shaped():
    lay = DocumentLayout(BAIT, 10)
    lay.line(0)
    assert lay.text == BAIT


# ---------------------------------------------------------------- maps and cursor motion


def test_offset_and_cell_maps_are_inverse_on_the_seed(seed_text):
    for width in (20, 57, 120):
        lay = DocumentLayout(seed_text, width)
        for row in range(lay.line_count):
            for c in lay.line(row).cells:
                assert lay.offset_to_cell(c.start) == (row, c.col)
                for col in range(c.col, c.col + c.width):
                    assert lay.cell_to_offset(row, col) == c.start


def test_paragraph_end_stop_and_padding():
    text = f"{AR}\nabc"
    lay = DocumentLayout(text, 10)
    # RTL: the paragraph end is drawn left of the row, padding there snaps to it
    assert lay.offset_to_cell(6) == (0, 3)
    assert lay.cell_to_offset(0, 0) == 6
    assert lay.cell_to_offset(0, 3) == 6
    # LTR: right of the row
    assert lay.offset_to_cell(10) == (1, 3)
    assert lay.cell_to_offset(1, 9) == 10
    assert lay.row_of(6) == 0 and lay.row_of(7) == 1


def test_move_visual_in_rtl_and_ltr_rows():
    text = f"{AR} abc"
    lay = DocumentLayout(text, 20)
    # RTL paragraph: offset 0 is the rightmost cell; moving left goes forward logically
    assert lay.move_visual(0, -1) == 1
    assert lay.move_visual(1, +1) == 0
    # in the LTR run "abc" (drawn left of the Arabic), moving right goes forward logically
    a = text.index("a")
    assert lay.move_visual(a, +1) == a + 1
    # the left edge of the last row is the paragraph end; from there, left stays
    assert lay.move_visual(len(text), -1) == len(text)


def test_move_visual_continues_on_the_next_and_previous_row():
    text = "abc def"
    lay = DocumentLayout(text, 4)  # rows "abc " and "def"
    assert lay.line_count == 2
    assert lay.move_visual(3, +1) == 4  # right of the trailing space: next row start
    assert lay.move_visual(4, -1) == 3  # back to the last cluster of the wrapped row
    rtl = f"{AR} {BAIT}"
    lay = DocumentLayout(rtl, 7)  # two RTL rows
    assert lay.line_count == 2
    assert lay.move_visual(6, -1) == 7  # left edge of an RTL row: next row, logical start


def test_move_vertical_keeps_goal_column():
    text = "abcdef\nab\nabcdef"
    lay = DocumentLayout(text, 10)
    assert lay.move_vertical(4, 1) == 9  # column 4 is padding right of "ab": its end
    assert lay.move_vertical(9, 1, goal_col=4) == 14
    assert lay.move_vertical(0, -5) == 0
    assert lay.move_vertical(0, 99) == lay.cell_to_offset(2, 0)


def test_line_edges_in_rtl_row():
    text = f"{AR} {BAIT}"
    lay = DocumentLayout(text, 40)
    assert lay.line_edge(3, "right") == 0
    assert lay.line_edge(3, "left") == len(text)


def test_word_at_and_move_word():
    text = f"{AR} \u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f 2023"
    lay = DocumentLayout(text, 40)
    assert lay.word_at(2) == (0, 6)
    assert lay.word_at(6) == (0, 6)  # word ending at the offset
    assert lay.word_at(9) == (7, 15)  # letters with harakat
    assert lay.word_at(16) == (16, 20)  # digits
    # ctrl+left in an RTL paragraph goes to the next word start (logically forward)
    assert lay.move_word(0, -1) == 7
    assert lay.move_word(7, +1) == 0


def test_cells_for_range_splits_at_direction_changes():
    text = f"{AR} abc {BAIT}"
    lay = DocumentLayout(text, 40, shape=False)
    line = lay.line(0)
    # screen: "تيب abc قارعلا"; the logical range "bc ب" covers "ب", the space,
    # "b" and "c" but not the "a" drawn between them
    start = text.index("b")
    end = text.index(BAIT[0]) + 1
    cols = lay.cells_for_range(start, end, 0, 0)[0]
    covered = [c for c in line.cells if start <= c.start < end]
    assert sorted(cols) == sorted(c.col for c in covered)
    assert cols != list(range(cols[0], cols[0] + len(cols)))  # split on screen
    assert lay.cells_for_range(3, 3, 0, 0) == {}


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("width", [0, -1, 2.5, "80", True])
def test_bad_width_is_rejected(width):
    with pytest.raises(ValueError, match="width must be a positive integer"):
        DocumentLayout("abc", width)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="direction must be"):
        DocumentLayout("abc", 10, direction="up")
    with pytest.raises(TypeError, match="text must be str"):
        DocumentLayout(b"abc", 10)
    lay = DocumentLayout("abc", 10)
    with pytest.raises(IndexError, match="offset 4 out of range"):
        lay.offset_to_cell(4)
    with pytest.raises(IndexError, match="row 1 out of range"):
        lay.line(1)
    with pytest.raises(ValueError, match="step must be -1 or 1"):
        lay.move_visual(0, 2)
    with pytest.raises(ValueError, match="side must be"):
        lay.line_edge(0, "top")


# ---------------------------------------------------------------- layout_field


def test_layout_field_one_row_rtl_right_aligned():
    line = layout_field(AR, 10, shape=False)
    assert isinstance(line, DisplayLine) and line.row == 0
    assert line.rtl and line.cells[0].col == 4
    assert visual(line) == AR[::-1]
    assert (line.start, line.end) == (0, 6)


def test_layout_field_does_not_wrap_and_shows_newline():
    text = f"{AR} abc\ndef"
    line = layout_field(text, 5)
    assert line.cells[0].col == 0
    assert sum(c.width for c in line.cells) == len(text)
    assert any(c.glyph == "\u240a" for c in line.cells)
    assert isinstance(line.cells[0], DisplayCell)


def test_cluster_wider_than_the_row_is_drawn_as_an_ellipsis():
    # three prepended number signs + a digit: one cluster that wcwidth counts 4 wide
    text = "\u0600\u0600\u06001 a"
    lay = DocumentLayout(text, 3)
    for row in range(lay.line_count):
        cells = lay.line(row).cells
        assert sum(c.width for c in cells) <= 3
    first = lay.line(0).cells
    assert any(c.glyph == "\u2026" and (c.start, c.end) == (0, 4) for c in first)
