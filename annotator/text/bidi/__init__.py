"""The Unicode Bidirectional Algorithm (UAX #9, Unicode 15.0), rules P2-P3, X1-X10,
W1-W7, N0-N2, I1-I2 and L1-L2, for one paragraph.

Public API::

    resolve_levels(text, direction="auto") -> (paragraph_level, levels)
    resolve_levels_from_classes(classes, direction="auto") -> (paragraph_level, levels)
    visual_order(levels) -> logical indices in visual (left-to-right) order

``levels`` has one entry per code point, ``None`` for characters removed by rule X9
(embedding/override controls and Boundary Neutrals).  ``resolve_levels`` applies rule
L1 as if the whole text were one line (what the conformance files expect); the layout
engine uses :func:`resolve_paragraph` (levels before L1) and :func:`line_levels`
(L1 for one wrapped line) instead.

Bidi classes come from :mod:`unicodedata` (Python's own Unicode version), with the
UAX #44 default values for code points that version leaves unassigned.  Paired
brackets (N0) and mirrored glyphs (L4) come from the Unicode 15.0 tables in
:mod:`annotator.text.ucd_data`.

The rules by module: :mod:`.classes` (character classes, brackets, mirrors),
:mod:`.explicit` (P2, X1-X10), :mod:`.implicit` (W1-W7, N0-N2, I1-I2, the general path),
:mod:`.fast` (the same rules on type strings, for paragraphs without explicit formatting);
this module resolves a paragraph, applies L1 to a line and orders it (L2).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from operator import ne

import regex

from .classes import CHAR_TYPE, CLASS_NAMES, LRE, REMOVED, TYPE_CHAR, bidi_class, bidi_classes, bidi_types, bracket_info, class_numbers, clear_caches, mirror, parse_direction
from .explicit import explicit_levels, first_strong, isolating_run_sequences, matching_pdis
from .fast import SLOW_RE, resolve_fast
from .implicit import resolve_sequence

__all__ = [
    "CLASS_NAMES",
    "bidi_class",
    "bidi_classes",
    "bidi_types",
    "clear_caches",
    "has_removed",
    "line_levels",
    "mirror",
    "resolve_levels",
    "resolve_levels_from_classes",
    "resolve_paragraph",
    "visual_order",
]


def _resolve(
    types: str, para_dir: int | None, brackets: dict[int, tuple[int, bool]] | None
) -> tuple[int, list[int | None]]:
    n = len(types)
    if n == 0:
        return (para_dir or 0), []
    if SLOW_RE.search(types) is None:
        return resolve_fast(types, para_dir, brackets)
    cls = list(map(CHAR_TYPE.__getitem__, types))
    has_explicit = max(cls) >= LRE
    match = matching_pdis(cls) if has_explicit else {}
    if para_dir is None:
        para = first_strong(cls, 0, n, match) or 0
    else:
        para = para_dir
    if has_explicit:
        levels, types = explicit_levels(cls, para, match)
    else:
        levels = [para] * n
        types = list(cls)
    resolved = list(levels)
    for seq in isolating_run_sequences(cls, levels, match):
        resolve_sequence(seq, cls, types, levels, para, n, brackets, resolved)
    removed = REMOVED
    out: list[int | None] = [None if removed[t] else lv for t, lv in zip(cls, resolved)]
    return para, out


def resolve_paragraph(
    text_or_classes: str | Sequence[int], direction: str | int | None = "auto"
) -> tuple[int, list[int | None], str]:
    """Levels of one paragraph BEFORE rule L1: (paragraph_level, levels, types) where
    ``types`` is the paragraph's type string (see :func:`bidi_types`), which
    :func:`line_levels` takes.  Accepts text or a sequence of class numbers."""
    para_dir = parse_direction(direction)
    if isinstance(text_or_classes, str):
        types = bidi_types(text_or_classes)
        brackets = bracket_info(text_or_classes)
    else:
        types = "".join([TYPE_CHAR[c] for c in class_numbers(text_or_classes)])
        brackets = None
    para, levels = _resolve(types, para_dir, brackets)
    return para, levels, types


_REMOVED_RE = regex.compile("[bxyzuv]")


def has_removed(types: str) -> bool:
    """True if the type string holds a character that rule X9 removes."""
    return _REMOVED_RE.search(types) is not None


_TRAILING = frozenset("WIJFPsB")  # L1: whitespace, isolate controls, separators
_RESET_BEFORE_SEPARATOR = frozenset("WIJFP")
_REMOVED_TYPES = frozenset("bxyzuv")  # X9


def line_levels(
    types: str | Sequence[int],
    levels: Sequence[int | None],
    para: int,
    start: int = 0,
    end: int | None = None,
) -> list[int | None]:
    """Rule L1 for the line [start, end) of a paragraph: returns that line's levels.

    ``types`` is the paragraph's type string (or its class numbers).  Segment and
    paragraph separators, and any run of whitespace / isolate controls before them
    or at the end of the line, go to the paragraph level (characters removed by X9
    inside such a run are skipped; their level stays None)."""
    if not isinstance(types, str):
        types = "".join([TYPE_CHAR[c] for c in types])
    if end is None:
        end = len(levels)
    out = list(levels[start:end])
    i = _back_to_paragraph_level(out, types, end - 1, start, para, _TRAILING)
    if i >= start:
        for sep in "sB":
            j = types.find(sep, start, i + 1)
            while j >= 0:
                out[j - start] = para
                _back_to_paragraph_level(out, types, j - 1, start, para, _RESET_BEFORE_SEPARATOR)
                j = types.find(sep, j + 1, i + 1)
    return out


def _back_to_paragraph_level(out: list[int | None], types: str, i: int, start: int, para: int, reset: frozenset[str]) -> int:
    """L1 from ``i`` back to ``start``: characters of the ``reset`` types go to the paragraph
    level, X9-removed ones are skipped; the index of the first other character (or
    ``start - 1``)."""
    removed = _REMOVED_TYPES
    while i >= start:
        c = types[i]
        if c in reset:
            out[i - start] = para
        elif c not in removed:
            break
        i -= 1
    return i


def resolve_levels(text: str, direction: str = "auto") -> tuple[int, list[int | None]]:
    """Paragraph level and per-code-point levels (None = removed by X9), L1 applied
    to the whole text as one line.  ``direction`` is "auto", "ltr" or "rtl"."""
    para, levels, cls = resolve_paragraph(text, direction)
    return para, line_levels(cls, levels, para)


def resolve_levels_from_classes(
    classes: Sequence[int | str], direction: str = "auto"
) -> tuple[int, list[int | None]]:
    """Same as :func:`resolve_levels` for a sequence of Bidi_Class values (names such
    as "AL" or class numbers); no character is a paired bracket in this form."""
    types = "".join([TYPE_CHAR[c] for c in class_numbers(classes)])
    para, levels = _resolve(types, parse_direction(direction), None)
    return para, line_levels(types, levels, para)


def visual_order(levels: Sequence[int | None]) -> list[int]:
    """Rule L2: logical indices in visual left-to-right order (None levels omitted).

    Works on level runs: reversing every maximal sequence at level >= k, for k from
    the highest level down to the lowest odd level, moves whole runs and leaves each
    run reversed exactly when its level is odd."""
    n = len(levels)
    runs: list[tuple[int, int, int]] = []  # (level, start, end) over logical indices
    if None not in levels:
        # run boundaries found at C speed: indices where the level changes
        cuts = list(compress(range(1, n), map(ne, levels, levels[1:])))
        a = 0
        for c in cuts:
            runs.append((levels[a], a, c))
            a = c
        if n:
            runs.append((levels[a], a, n))
    else:
        i = 0
        while i < n:
            lv = levels[i]
            if lv is None:
                i += 1
                continue
            j = i + 1
            while j < n and (levels[j] == lv or levels[j] is None):
                j += 1
            runs.append((lv, i, j))
            i = j
    if not runs:
        return []
    if len(runs) > 1:
        highest = max(r[0] for r in runs)
        lowest = min(r[0] for r in runs)
        lowest_odd = lowest | 1
        m = len(runs)
        for level in range(highest, lowest_odd - 1, -1):
            k = 0
            while k < m:
                if runs[k][0] >= level:
                    e = k + 1
                    while e < m and runs[e][0] >= level:
                        e += 1
                    if e - k > 1:
                        runs[k:e] = runs[k:e][::-1]
                    k = e
                else:
                    k += 1
    order: list[int] = []
    extend = order.extend
    for lv, a, b in runs:
        if lv & 1:
            extend(range(b - 1, a - 1, -1))
        else:
            extend(range(a, b))
    if None in levels:  # drop the None entries swallowed by runs
        order = [i for i in order if levels[i] is not None]
    return order
