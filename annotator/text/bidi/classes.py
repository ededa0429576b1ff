"""Bidi_Class of characters (UAX #9 / UAX #44 defaults), as class numbers and as one-letter
"type strings"; paired brackets (BD16) and mirrored glyphs (L4); the direction argument."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import regex

from ..ucd_data import BRACKETS, MIRRORS

CLASS_NAMES = (
    "L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON",
    "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI",
)  # fmt: skip
(L, R, AL, EN, ES, ET, AN, CS, NSM, BN, B, S, WS, ON,
 LRE, LRO, RLE, RLO, PDF, LRI, RLI, FSI, PDI) = range(23)  # fmt: skip
CLASS_BY_NAME = {name: i for i, name in enumerate(CLASS_NAMES)}

MAX_DEPTH = 125  # BD2
MAX_BRACKET_PAIRS = 63  # BD16

# Classes grouped for quick membership tests (indexable by class number).
REMOVED = tuple(c == BN or LRE <= c <= PDF for c in range(23))  # X9
NEUTRAL_OR_ISOLATE = tuple(c in (B, S, WS, ON, LRI, RLI, FSI, PDI) for c in range(23))
STRONG_DIR = tuple(  # direction of a resolved type for N0/N1 (EN, AN count as R)
    L if c == L else R if c in (R, AL, EN, AN) else -1 for c in range(23)
)

_DIRECTIONS = {"auto": None, "ltr": 0, "rtl": 1}


# UAX #44 / DerivedBidiClass.txt @missing defaults for unassigned code points.
_DEFAULT_RANGES = (
    (0x0590, 0x05FF, R), (0x0600, 0x07BF, AL), (0x07C0, 0x085F, R),
    (0x0860, 0x08FF, AL), (0x20A0, 0x20CF, ET), (0xFB1D, 0xFB4F, R),
    (0xFB50, 0xFDCF, AL), (0xFDF0, 0xFDFF, AL), (0xFE70, 0xFEFF, AL),
    (0x10800, 0x10CFF, R), (0x10D00, 0x10D3F, AL), (0x10D40, 0x10EBF, R),
    (0x10EC0, 0x10EFF, AL), (0x10F00, 0x10F2F, R), (0x10F30, 0x10F6F, AL),
    (0x10F70, 0x10FFF, R), (0x1E800, 0x1EC6F, R), (0x1EC70, 0x1ECBF, AL),
    (0x1ECC0, 0x1ECFF, R), (0x1ED00, 0x1ED4F, AL), (0x1ED50, 0x1EDFF, R),
    (0x1EE00, 0x1EEFF, AL), (0x1EF00, 0x1EFFF, R),
)  # fmt: skip


def _default_class(cp: int) -> int:
    for lo, hi, cls in _DEFAULT_RANGES:
        if lo <= cp <= hi:
            return cls
    # Noncharacters and unassigned default-ignorable code points are BN.
    if (cp & 0xFFFE) == 0xFFFE or 0xFDD0 <= cp <= 0xFDEF:
        return BN
    if 0x2060 <= cp <= 0x206F or 0xFFF0 <= cp <= 0xFFF8 or 0xE0000 <= cp <= 0xE0FFF:
        return BN
    return L


_CLASS_CACHE: dict[str, int] = {}


def bidi_class(ch: str) -> int:
    """Bidi_Class of one character, as a class number (index into CLASS_NAMES)."""
    cls = _CLASS_CACHE.get(ch)
    if cls is None:
        name = unicodedata.bidirectional(ch)
        cls = CLASS_BY_NAME[name] if name else _default_class(ord(ch))
        _CLASS_CACHE[ch] = cls
    return cls


# One letter per Bidi_Class (index = class number): the "type string" form.
TYPE_CHAR = "LRAESTaCMbBsWOxyzuvIJFP"
CHAR_TYPE = {c: i for i, c in enumerate(TYPE_CHAR)}


class _TypeTable(dict):
    """str.translate table: code point -> type letter, filled on first use."""

    def __missing__(self, cp: int) -> str:
        letter = TYPE_CHAR[bidi_class(chr(cp))]
        self[cp] = letter
        return letter


_TYPE_TABLE = _TypeTable()


def clear_caches() -> None:
    """Forget cached character classes (benchmarks use it to measure cold layout)."""
    _CLASS_CACHE.clear()
    _TYPE_TABLE.clear()


def bidi_types(text: str) -> str:
    """The Bidi_Class of every code point of ``text`` as one letter per code point
    (``"LRAESTaCMbBsWOxyzuvIJFP"[class number]``)."""
    return text.translate(_TYPE_TABLE)


def bidi_classes(text: str) -> list[int]:
    """Bidi_Class numbers of every code point of ``text``."""
    return list(map(CHAR_TYPE.__getitem__, bidi_types(text)))


def mirror(ch: str) -> str:
    """Bidi_Mirroring_Glyph of ``ch`` (rule L4), or ``ch`` itself."""
    m = MIRRORS.get(ord(ch))
    return chr(m) if m is not None else ch


# Canonical equivalents among paired brackets (BD16 compares canonically).
_CANONICAL_BRACKET = {0x3008: 0x2329, 0x3009: 0x232A}


_BRACKET_RE = regex.compile("[" + "".join(regex.escape(chr(cp)) for cp in sorted(BRACKETS)) + "]")


def bracket_info(text: str) -> dict[int, tuple[int, bool]] | None:
    """index -> (canonical opening bracket, is_opening) for paired brackets in text."""
    info: dict[int, tuple[int, bool]] = {}
    for m in _BRACKET_RE.finditer(text):
        ch = m.group()
        pair, kind = BRACKETS[ord(ch)]
        if kind == "o":
            opener = ord(ch)
            info[m.start()] = (_CANONICAL_BRACKET.get(opener, opener), True)
        else:
            info[m.start()] = (_CANONICAL_BRACKET.get(pair, pair), False)
    return info or None


def parse_direction(direction: str | int | None) -> int | None:
    if direction is None:
        return None
    if isinstance(direction, int) and direction in (0, 1):
        return direction
    key = str(direction).lower()
    if key not in _DIRECTIONS:
        raise ValueError(f"direction must be 'auto', 'ltr' or 'rtl', not {direction!r}")
    return _DIRECTIONS[key]


def class_numbers(classes: Sequence[int | str]) -> list[int]:
    out = []
    for c in classes:
        if isinstance(c, str):
            try:
                out.append(CLASS_BY_NAME[c])
            except KeyError:
                raise ValueError(f"unknown Bidi_Class {c!r}") from None
        else:
            if not 0 <= c < len(CLASS_NAMES):
                raise ValueError(f"unknown Bidi_Class number {c!r}")
            out.append(c)
    return out
