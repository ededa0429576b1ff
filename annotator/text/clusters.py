"""Grapheme clusters, terminal cell widths and terminal-safe glyphs.

A cluster is an extended grapheme cluster (UAX #29, ``regex``'s ``\\X``): harakat and
other combining marks stay with their base letter.  Widths are what a terminal
counts (``wcwidth``): 0 for clusters made only of format characters (RLM, ALM, LRM,
LRI/RLI/FSI/PDI, ZWJ, ZWNJ, soft hyphen, BOM...), 1 or 2 otherwise.

Nothing that could act on the terminal is ever returned as a glyph: C0/C1 controls,
DEL and ESC become visible control pictures of width 1 (U+2400 block; C1 codes and
lone surrogates become U+FFFD), line/paragraph separators become U+2424 / U+00B6,
format characters are dropped from glyphs (except the visible prepended concatenation
marks such as U+0600 ARABIC NUMBER SIGN), and a combining mark without a base is
drawn on a dotted circle (U+25CC).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from types import ModuleType
from typing import Any

from annotator.text.lazy_regex import LazyPattern

__all__ = [
    "clear_caches",
    "glyphs_of",
    "widths_of",
    "cluster_bounds",
    "cluster_glyph",
    "is_cluster_boundary",
    "cluster_width",
    "safe_char",
    "split_clusters",
]

# ``regex`` and ``wcwidth`` are imported on first use (about 15 ms of start-up together): a
# scoring run whose records pass the fast checks needs neither (the simple sets below come
# from the Unicode categories alone; a test checks that wcwidth agrees with them)
_CLUSTER_RE = LazyPattern(r"\X")


@cache
def _wcwidth() -> ModuleType:
    import wcwidth

    return wcwidth


ZWJ = "\u200d"
# Prepended_Concatenation_Mark=Yes: format characters with a visible glyph.
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd")
DOTTED_CIRCLE = "\u25cc"
REPLACEMENT = "\ufffd"


# Fast path.  Among "simple" characters -- letters, digits, punctuation, symbols and
# spaces of the Latin, Arabic and Arabic presentation-form blocks that are one cell
# wide (Grapheme_Cluster_Break=Other), and the nonspacing/enclosing marks of those
# blocks (Extend, zero width) -- the only UAX #29 rule that joins is GB9 (x Extend),
# so a cluster is a base plus its marks (or a leading run of marks) and is one cell
# wide.  Text made only of such characters is split with a plain ``re`` pattern,
# several times faster than ``\X``; the tests check both agree.
_SIMPLE_BLOCKS = (
    (0x0020, 0x007E), (0x00A0, 0x036F), (0x0600, 0x06FF), (0x0750, 0x077F),
    (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF),
)  # fmt: skip


def _simple_sets(width: Any = None) -> tuple[str, str]:
    """(bases, marks) of the fast path. In these blocks every letter, digit, punctuation,
    symbol and space is one cell wide and every nonspacing or enclosing mark zero cells, as
    ``wcwidth`` counts them: the categories alone make the sets, without importing wcwidth.
    With ``width`` (a test passes ``wcwidth.wcwidth``) a character is kept only when it
    has that width, so comparing both catches a wcwidth that counts otherwise."""
    bases, marks = [], []
    for lo, hi in _SIMPLE_BLOCKS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            cat = unicodedata.category(ch)
            if cat[0] in "LNPS" or cat == "Zs":
                if width is None or width(ch) == 1:
                    bases.append(ch)
            elif cat in ("Mn", "Me") and (width is None or width(ch) == 0):
                marks.append(ch)
    return "".join(bases), "".join(marks)


def _char_class(chars: str) -> str:
    """A ``re`` class of exactly ``chars``, runs of consecutive code points as ranges (a
    class of 2,000 single characters takes about 1 ms to compile, of 50 ranges a third)."""
    points = sorted(set(map(ord, chars)))
    parts = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        parts.append(re.escape(chr(points[i])) + ("-" + re.escape(chr(points[j])) if j > i else ""))
        i = j + 1
    return "[" + "".join(parts) + "]"


SIMPLE_BASES, SIMPLE_MARKS = _simple_sets()
_SIMPLE_MARK_RE = re.compile(_char_class(SIMPLE_MARKS))
_SIMPLE_TEXT_RE = re.compile(_char_class(SIMPLE_BASES + SIMPLE_MARKS) + "*")
_SIMPLE_CLUSTER_RE = re.compile(
    _char_class(SIMPLE_BASES) + _char_class(SIMPLE_MARKS) + "*|" + _char_class(SIMPLE_MARKS) + "+"
)


def is_simple(text: str) -> bool:
    """True if ``text`` only holds characters of the fast path (see above)."""
    return _SIMPLE_TEXT_RE.fullmatch(text) is not None


def split_clusters(text: str) -> list[str]:
    """The extended grapheme clusters of ``text``, in logical order."""
    if _SIMPLE_TEXT_RE.fullmatch(text) is not None:
        return _SIMPLE_CLUSTER_RE.findall(text)
    return _CLUSTER_RE.findall(text)


def split_clusters_simple(text: str) -> tuple[list[str], bool]:
    """(clusters, simple): ``simple`` is True when ``text`` only holds fast-path
    characters, so that every cluster is one cell wide and is its own glyph (but
    for a leading run of marks, drawn on a dotted circle)."""
    if _SIMPLE_TEXT_RE.fullmatch(text) is not None:
        if _SIMPLE_MARK_RE.search(text) is None:  # no marks: one code point each
            return list(text), True
        return _SIMPLE_CLUSTER_RE.findall(text), True
    return _CLUSTER_RE.findall(text), False


_SIMPLE_BASE_SET = frozenset(SIMPLE_BASES)
_SIMPLE_SET = frozenset(SIMPLE_BASES + SIMPLE_MARKS)
_REGIONAL = range(0x1F1E6, 0x1F200)


def is_cluster_boundary(text: str, offset: int) -> bool:
    """Does an extended grapheme cluster of ``text`` start (or end) at ``offset``? The same
    clusters as the layout's: a combining mark, an emoji ZWJ sequence, a flag (a pair of
    regional indicators) or a Hangul syllable is never cut."""
    n = len(text)
    if offset <= 0 or offset >= n:
        return True
    if text[offset] in _SIMPLE_BASE_SET and text[offset - 1] in _SIMPLE_SET:
        return True  # between simple characters only a mark joins (see above)
    # the clusters of a window around the offset, from a line break or space before it
    lo = max(text.rfind("\n", max(0, offset - 64), offset), text.rfind(" ", max(0, offset - 64), offset), offset - 64, 0)
    while lo and ord(text[lo - 1]) in _REGIONAL:  # flags pair up from the start of their run
        lo -= 1
    for match in _CLUSTER_RE.finditer(text, lo, min(n, offset + 64)):
        if match.end() >= offset:
            return match.end() == offset
    return True


def cluster_bounds(text: str) -> list[int]:
    """Start offsets of every cluster of ``text`` followed by ``len(text)``."""
    out = [0]
    pos = 0
    for c in _CLUSTER_RE.findall(text):
        pos += len(c)
        out.append(pos)
    return out


def safe_char(ch: str) -> str | None:
    """The visible replacement of a character that must not reach the terminal,
    "" for a format character that is drawn as nothing, or None if ``ch`` is safe."""
    cp = ord(ch)
    if cp < 0x20:
        return chr(0x2400 + cp)
    if cp == 0x7F:
        return "\u2421"
    if 0x80 <= cp < 0xA0:
        return REPLACEMENT
    if cp < 0xA0:
        return None
    cat = unicodedata.category(ch)
    if cat == "Cf":
        # visible format characters (prepended concatenation marks such as the
        # Arabic number sign) are drawn; the others (bidi controls, joiners, soft
        # hyphen, BOM, tags...) are not
        return None if ch in _VISIBLE_FORMAT else ""
    if cat == "Cs":
        return REPLACEMENT
    if cp == 0x2028:
        return "\u2424"
    if cp == 0x2029:
        return "\u00b6"
    return None


_GLYPH_CACHE: dict[str, tuple[str, int]] = {}


def _glyph_and_width(cluster: str) -> tuple[str, int]:
    cached = _GLYPH_CACHE.get(cluster)
    if cached is not None:
        return cached
    pictured = False
    parts = []
    for ch in cluster:
        rep = safe_char(ch)
        if rep is None:
            parts.append(ch)
        elif rep:
            parts.append(rep)
            pictured = True
        elif ch == ZWJ:
            parts.append(ch)  # kept for now: emoji ZWJ sequences; dropped below otherwise
    glyph = "".join(parts)
    if ZWJ in glyph and not _is_emoji_sequence(cluster):
        glyph = glyph.replace(ZWJ, "")
    if not glyph.strip(ZWJ):
        result = ("", 0)
    elif pictured:
        # control pictures and whatever is attached: one cell per visible char
        result = (glyph, max(1, _wcswidth(glyph)))
    else:
        if unicodedata.combining(glyph[0]) or unicodedata.category(glyph[0]) in ("Mn", "Me", "Mc"):
            glyph = DOTTED_CIRCLE + glyph
        width = _wcswidth(glyph)
        if width <= 0:
            result = ("", 0) if width == 0 else (REPLACEMENT, 1)
        else:
            result = (glyph, width)
    if len(_GLYPH_CACHE) < 100_000:
        _GLYPH_CACHE[cluster] = result
    return result


def _wcswidth(s: str) -> int:
    wcwidth = _wcwidth()
    w = wcwidth.wcswidth(s)
    if w < 0:  # a character wcwidth does not know how to draw: count it as 1
        w = sum(max(0, wcwidth.wcwidth(ch)) or (1 if safe_char(ch) is None else 0) for ch in s)
    return w


def _is_emoji_sequence(cluster: str) -> bool:
    return any(ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF for ch in cluster)


_WIDTHS: dict[str, int] = {}
_GLYPHS: dict[str, str] = {}
_LIST_CACHE_MAX = 100_000


def _cached(clusters: list[str], cache: dict[str, Any], which: int) -> list[Any]:
    """Item ``which`` of :func:`_glyph_and_width` for every cluster, through ``cache``
    (one C-level map when every cluster is known, which is nearly always)."""
    try:
        return list(map(cache.__getitem__, clusters))
    except KeyError:
        pass
    out = []
    for c in clusters:
        value = cache.get(c)
        if value is None:
            value = _glyph_and_width(c)[which]
            if len(cache) < _LIST_CACHE_MAX:
                cache[c] = value
        out.append(value)
    return out


def widths_of(clusters: list[str]) -> list[int]:
    """:func:`cluster_width` of every cluster (fast path over a dict cache)."""
    return _cached(clusters, _WIDTHS, 1)


def glyphs_of(clusters: list[str]) -> list[str]:
    """:func:`cluster_glyph` of every cluster (fast path over a dict cache)."""
    return _cached(clusters, _GLYPHS, 0)


def clear_caches() -> None:
    """Forget cached glyphs and widths (benchmarks use it to measure cold layout)."""
    _GLYPH_CACHE.clear()
    _WIDTHS.clear()
    _GLYPHS.clear()


def cluster_glyph(cluster: str) -> str:
    """What to draw for ``cluster`` (unshaped, unmirrored); "" if it takes no cell."""
    return _glyph_and_width(cluster)[0]


def cluster_width(cluster: str) -> int:
    """Terminal cells taken by ``cluster`` as drawn by :func:`cluster_glyph`."""
    return _glyph_and_width(cluster)[1]
