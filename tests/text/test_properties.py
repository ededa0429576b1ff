"""Hypothesis properties of DocumentLayout over random mixes of Arabic letters,
harakat, digits, Latin, spaces, punctuation, brackets, format and control
characters: maps are mutual inverses, every cluster is displayed exactly once, no
cluster is split, no row exceeds the width."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.text.clusters import cluster_bounds, cluster_width
from annotator.text.layout import DocumentLayout, layout_field

ARABIC = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]
HARAKAT = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]
DIGITS = list("0123456789") + [chr(c) for c in range(0x0660, 0x066A)]
LATIN = list("abcXYZ")
SPACES = [" ", " ", " ", "\t", "\u00a0"]
PUNCT = list(".,:;!?\"'-/%+") + ["\u060c", "\u061b", "\u061f"]
BRACKETS = list("()[]{}") + ["\u00ab", "\u00bb"]
FORMAT = ["\u200f", "\u200e", "\u061c", "\u2066", "\u2067", "\u2068", "\u2069",
          "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u200d", "\u200c"]  # fmt: skip
OTHER = ["\n", "\x1b", "\x07", "\u4e2d", "\U0001f600"]

alphabet = st.sampled_from(ARABIC + HARAKAT + DIGITS + LATIN + SPACES + PUNCT + BRACKETS + FORMAT + OTHER)
texts = st.lists(alphabet, max_size=80).map("".join)
widths = st.integers(min_value=1, max_value=30)
directions = st.sampled_from(["auto", "ltr", "rtl"])
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _clusters(text):
    """Global [start, end) of every cluster, per paragraph."""
    out = []
    base = 0
    for para in text.split("\n"):
        b = cluster_bounds(para)
        out.extend((base + b[i], base + b[i + 1]) for i in range(len(b) - 1))
        base += len(para) + 1
    return out


def _all_lines(lay):
    return [lay.line(r) for r in range(lay.line_count)]


@SETTINGS
@given(texts, widths, directions, st.booleans())
def test_every_cluster_displayed_exactly_once_never_split(text, width, direction, shape):
    lay = DocumentLayout(text, width, shape=shape, direction=direction)
    lines = _all_lines(lay)
    drawn = [(c.start, c.end) for line in lines for c in line.cells]
    assert len(drawn) == len(set(drawn))
    clusters = _clusters(text)
    visible = [(s, e) for s, e in clusters if cluster_width(text[s:e]) > 0]
    assert sorted(drawn) == visible  # exactly the clusters with a width, whole


@SETTINGS
@given(texts, widths, directions)
def test_rows_fit_the_width_and_rtl_rows_are_right_aligned(text, width, direction):
    lay = DocumentLayout(text, width, direction=direction)
    for line in _all_lines(lay):
        col = line.cells[0].col if line.cells else 0
        for c in line.cells:
            assert c.col == col and c.width in (1, 2)
            col += c.width
        assert col <= width
        if line.rtl and line.cells:
            assert col == width
        if not line.rtl and line.cells:
            assert line.cells[0].col == 0


@SETTINGS
@given(texts, widths, directions)
def test_rows_partition_each_paragraph(text, width, direction):
    lay = DocumentLayout(text, width, direction=direction)
    pos = 0
    prev_paragraph = 0
    for line in _all_lines(lay):
        if line.paragraph != prev_paragraph:
            assert text[pos] == "\n"
            pos += 1
            prev_paragraph = line.paragraph
        assert line.start == pos
        pos = line.end
    assert pos == len(text)


@SETTINGS
@given(texts, widths, directions)
def test_offset_and_cell_maps_are_mutual_inverses(text, width, direction):
    lay = DocumentLayout(text, width, direction=direction)
    for line in _all_lines(lay):
        for c in line.cells:
            assert lay.offset_to_cell(c.start) == (line.row, c.col)
            for col in range(c.col, c.col + c.width):
                assert lay.cell_to_offset(line.row, col) == c.start
    for offset in range(len(text) + 1):
        row, col = lay.offset_to_cell(offset)
        assert 0 <= row < lay.line_count and 0 <= col < width
        assert lay.row_of(offset) == row
        start, end = lay.cluster_at(offset)
        assert start <= offset <= end
        assert lay.offset_to_cell(start) == (row, col) or offset == start


@SETTINGS
@given(texts, widths)
def test_glyphs_are_terminal_safe(text, width):
    lay = DocumentLayout(text, width)
    for line in _all_lines(lay):
        for c in line.cells:
            assert c.glyph
            for ch in c.glyph:
                assert unicodedata.category(ch) != "Cc"
                assert ch not in "\u200e\u200f\u061c\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"


@SETTINGS
@given(texts, widths, st.data())
def test_selection_cells_match_cluster_cells(text, width, data):
    lay = DocumentLayout(text, width)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    got = lay.cells_for_range(start, end, 0, lay.line_count - 1)
    expected = {}
    for line in _all_lines(lay):
        cols = [col for c in line.cells if c.start < end and c.end > start for col in range(c.col, c.col + c.width)]
        if cols and end > start:
            expected[line.row] = sorted(cols)
    assert got == expected


@SETTINGS
@given(texts, widths, directions)
def test_visual_motion_inside_a_row_steps_to_the_adjacent_cell(text, width, direction):
    lay = DocumentLayout(text, width, direction=direction)
    for line in _all_lines(lay):
        cells = line.cells
        for i in range(1, len(cells) - 1):
            assert lay.move_visual(cells[i].start, -1) == cells[i - 1].start
            assert lay.move_visual(cells[i].start, +1) == cells[i + 1].start
    # motion always lands on a cluster boundary and terminates at document edges
    offset = 0
    for _ in range(3 * (len(text) + 2)):
        nxt = lay.move_visual(offset, +1)
        assert nxt == len(text) or lay.cluster_at(nxt)[0] == nxt
        offset = nxt


@SETTINGS
@given(texts, widths)
def test_layout_field_displays_every_cluster_once_on_one_row(text, width):
    line = layout_field(text, width)
    drawn = sorted((c.start, c.end) for c in line.cells)
    bounds = cluster_bounds(text)
    visible = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if cluster_width(text[bounds[i] : bounds[i + 1]]) > 0]
    assert drawn == visible
    assert line.row == 0 and (line.start, line.end) == (0, len(text))


@SETTINGS
@given(texts, widths, st.data())
def test_words_and_other_motions_land_on_cluster_boundaries(text, width, data):
    lay = DocumentLayout(text, width)
    offset = data.draw(st.integers(0, len(text)))

    def boundary(o):
        return o == len(text) or lay.cluster_at(o)[0] == o

    start, end = lay.word_at(offset)
    assert start <= end
    if start < end:
        assert start <= offset <= end
        assert boundary(start) and boundary(end)
        assert "\n" not in text[start:end]
    else:
        assert start == offset
    for step in (-1, 1):
        assert boundary(lay.move_word(offset, step))
        assert boundary(lay.move_visual(offset, step))
    for side in ("left", "right"):
        edge = lay.line_edge(offset, side)
        assert boundary(edge) and lay.row_of(edge) == lay.row_of(offset)
    for rows in (-2, -1, 1, 2):
        moved = lay.move_vertical(offset, rows)
        assert boundary(moved)
        expected_row = min(max(lay.row_of(offset) + rows, 0), lay.line_count - 1)
        assert lay.row_of(moved) == expected_row


@SETTINGS
@given(texts, widths, directions)
def test_cluster_order_equals_code_point_reordering(text, width, direction):
    """Each row's cells are in the order rule L2 gives the code points of that row
    (with L1 applied to the row), a cluster sitting where its first code point goes."""
    from annotator.text.bidi import line_levels, resolve_paragraph, visual_order

    lay = DocumentLayout(text, width, direction=direction)
    for line in _all_lines(lay):
        if not line.cells:
            continue
        pstart = lay._pstarts[line.paragraph]
        paragraph = lay._paras[line.paragraph]
        para, levels, types = resolve_paragraph(paragraph, direction)
        s, e = line.start - pstart, line.end - pstart
        lv = line_levels(types, levels, para, s, e)
        rank = {s + k: n for n, k in enumerate(visual_order(lv))}

        def key(cell):
            firsts = [i for i in range(cell.start - pstart, cell.end - pstart) if i in rank]
            return rank[firsts[0]] if firsts else None

        keys = [key(c) for c in line.cells]
        drawn = [k for k in keys if k is not None]
        assert drawn == sorted(drawn)
