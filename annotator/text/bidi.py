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
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from itertools import compress
from operator import ne

import regex

from .ucd_data import BRACKETS, MIRRORS

__all__ = [
    "CLASS_NAMES",
    "bidi_class",
    "bidi_classes",
    "line_levels",
    "mirror",
    "resolve_levels",
    "resolve_levels_from_classes",
    "resolve_paragraph",
    "visual_order",
]

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
_REMOVED = tuple(c == BN or LRE <= c <= PDF for c in range(23))  # X9
_NEUTRAL_OR_ISOLATE = tuple(c in (B, S, WS, ON, LRI, RLI, FSI, PDI) for c in range(23))
_STRONG_DIR = tuple(  # direction of a resolved type for N0/N1 (EN, AN count as R)
    L if c == L else R if c in (R, AL, EN, AN) else -1 for c in range(23)
)

_DIRECTIONS = {"auto": None, "ltr": 0, "rtl": 1}

# --------------------------------------------------------------------------- classes

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
_TYPE_CHAR = "LRAESTaCMbBsWOxyzuvIJFP"
_CHAR_TYPE = {c: i for i, c in enumerate(_TYPE_CHAR)}


class _TypeTable(dict):
    """str.translate table: code point -> type letter, filled on first use."""

    def __missing__(self, cp: int) -> str:
        letter = _TYPE_CHAR[bidi_class(chr(cp))]
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
    return list(map(_CHAR_TYPE.__getitem__, bidi_types(text)))


def mirror(ch: str) -> str:
    """Bidi_Mirroring_Glyph of ``ch`` (rule L4), or ``ch`` itself."""
    m = MIRRORS.get(ord(ch))
    return chr(m) if m is not None else ch


# Canonical equivalents among paired brackets (BD16 compares canonically).
_CANONICAL_BRACKET = {0x3008: 0x2329, 0x3009: 0x232A}


_BRACKET_RE = regex.compile("[" + "".join(regex.escape(chr(cp)) for cp in sorted(BRACKETS)) + "]")


def _bracket_info(text: str) -> dict[int, tuple[int, bool]] | None:
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


# --------------------------------------------------------------------------- helpers


def _parse_direction(direction: str | int | None) -> int | None:
    if direction is None:
        return None
    if isinstance(direction, int) and direction in (0, 1):
        return direction
    key = str(direction).lower()
    if key not in _DIRECTIONS:
        raise ValueError(f"direction must be 'auto', 'ltr' or 'rtl', not {direction!r}")
    return _DIRECTIONS[key]


def _matching_pdis(cls: Sequence[int]) -> dict[int, int]:
    """BD9: isolate initiator index -> index of its matching PDI."""
    match: dict[int, int] = {}
    stack: list[int] = []
    for i, t in enumerate(cls):
        if t >= LRI:
            if t == PDI:
                if stack:
                    match[stack.pop()] = i
            else:
                stack.append(i)
        elif t == B:
            stack.clear()
    return match


def _first_strong(cls: Sequence[int], start: int, end: int, match: dict[int, int]) -> int | None:
    """P2: 0 for L, 1 for R/AL of the first strong character skipping isolates, else None."""
    i = start
    while i < end:
        t = cls[i]
        if t == L:
            return 0
        if t == R or t == AL:
            return 1
        if t == B:
            return None
        if LRI <= t <= FSI:
            j = match.get(i)
            if j is None:
                return None
            i = j
        i += 1
    return None


# --------------------------------------------------------------------------- core


def _explicit_levels(
    cls: Sequence[int], para: int, match: dict[int, int]
) -> tuple[list[int], list[int]]:
    """X1-X8: embedding levels and types after overrides."""
    n = len(cls)
    levels = [para] * n
    types = list(cls)
    # stack entries: (level, override (-1 neutral, L, R), isolate)
    stack: list[tuple[int, int, bool]] = [(para, -1, False)]
    level, override, _ = stack[-1]
    overflow_isolate = overflow_embedding = valid_isolate = 0
    for i in range(n):
        t = cls[i]
        if t < LRE:
            if t == B:  # X8
                levels[i] = para
                stack = [(para, -1, False)]
                level, override = para, -1
                overflow_isolate = overflow_embedding = valid_isolate = 0
            elif t != BN:
                levels[i] = level
                if override >= 0:
                    types[i] = override
            else:
                levels[i] = level
        elif t <= RLO:  # X2-X5: LRE LRO RLE RLO
            levels[i] = level
            new = (level + 1) | 1 if t >= RLE else (level + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolate == 0 and overflow_embedding == 0:
                ov = L if t == LRO else R if t == RLO else -1
                stack.append((new, ov, False))
                level, override = new, ov
            elif overflow_isolate == 0:
                overflow_embedding += 1
        elif t == PDF:  # X7
            levels[i] = level
            if overflow_isolate:
                pass
            elif overflow_embedding:
                overflow_embedding -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
                level, override, _ = stack[-1]
        elif t == PDI:  # X6a
            if overflow_isolate:
                overflow_isolate -= 1
            elif valid_isolate:
                overflow_embedding = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolate -= 1
                level, override, _ = stack[-1]
            levels[i] = level
            if override >= 0:
                types[i] = override
        else:  # X5a-X5c: LRI RLI FSI
            levels[i] = level
            if override >= 0:
                types[i] = override
            if t == FSI:
                rtl = _first_strong(cls, i + 1, match.get(i, n), match) == 1
            else:
                rtl = t == RLI
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolate == 0 and overflow_embedding == 0:
                valid_isolate += 1
                stack.append((new, -1, True))
                level, override = new, -1
            else:
                overflow_isolate += 1
    return levels, types


def _isolating_run_sequences(
    cls: Sequence[int], levels: list[int], match: dict[int, int]
) -> list[list[int]]:
    """X10 (BD13): isolating run sequences as lists of indices (X9-removed skipped)."""
    removed = _REMOVED
    runs: list[list[int]] = []
    run: list[int] = []
    run_level = -1
    for i, t in enumerate(cls):
        if removed[t]:
            continue
        lv = levels[i]
        if lv != run_level and run:
            runs.append(run)
            run = []
        run.append(i)
        run_level = lv
    if run:
        runs.append(run)
    if not match:
        return runs
    run_by_start = {r[0]: r for r in runs}
    chained_starts = set()
    for r in runs:
        last = r[-1]
        if last in match and match[last] in run_by_start:
            chained_starts.add(match[last])
    sequences = []
    for r in runs:
        if r[0] in chained_starts:
            continue
        seq = list(r)
        while True:
            last = seq[-1]
            pdi = match.get(last)
            if pdi is None or pdi not in run_by_start:
                break
            seq.extend(run_by_start[pdi])
        sequences.append(seq)
    return sequences


def _resolve_brackets(
    ts: list[int],
    idx: Sequence[int],
    cls: Sequence[int],
    brackets: dict[int, tuple[int, bool]],
    rtl: bool,
    sos: int,
) -> None:
    """Rule N0 on the types ``ts`` of one isolating run sequence (indices ``idx``)."""
    m = len(ts)
    e_dir = R if rtl else L
    stack: list[tuple[int, int]] = []
    pairs: list[tuple[int, int]] = []
    for k in range(m):
        if ts[k] != ON:
            continue
        info = brackets.get(idx[k])
        if info is None:
            continue
        cid, is_open = info
        if is_open:
            if len(stack) == MAX_BRACKET_PAIRS:
                break
            stack.append((cid, k))
        else:
            for s in range(len(stack) - 1, -1, -1):
                if stack[s][0] == cid:
                    pairs.append((stack[s][1], k))
                    del stack[s:]
                    break
    if not pairs:
        return
    pairs.sort()
    sdir = _STRONG_DIR
    for o, c in pairs:
        found_e = found_opp = False
        for k in range(o + 1, c):
            d = sdir[ts[k]]
            if d < 0:
                continue
            if d == e_dir:
                found_e = True
                break
            found_opp = True
        if found_e:
            new = e_dir
        elif found_opp:
            new = sos
            for k in range(o - 1, -1, -1):
                d = sdir[ts[k]]
                if d >= 0:
                    new = d
                    break
        else:
            continue
        for b in (o, c):
            ts[b] = new
            k = b + 1
            while k < m and cls[idx[k]] == NSM:
                ts[k] = new
                k += 1


def _resolve_sequence(
    idx: list[int],
    cls: Sequence[int],
    types: list[int],
    levels: list[int],
    para: int,
    n: int,
    brackets: dict[int, tuple[int, bool]] | None,
    out: list[int],
) -> None:
    """W1-W7, N0-N2 and I1-I2 for one isolating run sequence; ``levels`` are the
    explicit levels (read only), resolved levels are written to ``out``."""
    removed = _REMOVED
    m = len(idx)
    first, last = idx[0], idx[-1]
    level = levels[first]
    # sos / eos (X10)
    j = first - 1
    while j >= 0 and removed[cls[j]]:
        j -= 1
    prev_level = levels[j] if j >= 0 else para
    sos = R if max(prev_level, level) & 1 else L
    if LRI <= cls[last] <= FSI:
        next_level = para
    else:
        j = last + 1
        while j < n and removed[cls[j]]:
            j += 1
        next_level = levels[j] if j < n else para
    eos = R if max(next_level, level) & 1 else L

    ts = [types[i] for i in idx]

    # W1-W7 in one or two passes.
    prev = sos
    strong = sos
    has_weak = False
    for k in range(m):
        t = ts[k]
        if t == NSM:  # W1
            t = ts[k] = prev
        else:
            prev = ON if t >= LRI else t
        if t == EN:  # W2
            if strong == AL:
                ts[k] = AN
            has_weak = True
        elif t == AL:  # W3
            strong = AL
            ts[k] = R
        elif t == L or t == R:
            strong = t
        elif t == ES or t == CS or t == ET or t == AN:
            has_weak = True
    if has_weak:
        # W4
        for k in range(1, m - 1):
            t = ts[k]
            if t == ES or t == CS:
                a = ts[k - 1]
                if a == ts[k + 1] and (a == EN or (a == AN and t == CS)):
                    ts[k] = a
        # W5
        k = 0
        while k < m:
            if ts[k] == ET:
                e = k
                while e < m and ts[e] == ET:
                    e += 1
                if (k > 0 and ts[k - 1] == EN) or (e < m and ts[e] == EN):
                    for x in range(k, e):
                        ts[x] = EN
                k = e
            else:
                k += 1
        # W6, W7
        strong = sos
        for k in range(m):
            t = ts[k]
            if t == ES or t == ET or t == CS:
                ts[k] = ON
            elif t == EN:
                if strong == L:
                    ts[k] = L
            elif t == L or t == R:
                strong = t

    e_dir = R if level & 1 else L

    # N0: paired brackets
    if brackets is not None:
        _resolve_brackets(ts, idx, cls, brackets, e_dir == R, sos)

    # N1, N2
    ni = _NEUTRAL_OR_ISOLATE
    sdir = _STRONG_DIR
    k = 0
    while k < m:
        if ni[ts[k]]:
            e = k + 1
            while e < m and ni[ts[e]]:
                e += 1
            before = sdir[ts[k - 1]] if k > 0 else sos
            after = sdir[ts[e]] if e < m else eos
            new = before if before == after else e_dir
            for x in range(k, e):
                ts[x] = new
            k = e
        else:
            k += 1

    # I1, I2
    if level & 1:
        up = level + 1
        for k in range(m):
            if ts[k] != R:
                out[idx[k]] = up
    else:
        for k in range(m):
            t = ts[k]
            if t == R:
                out[idx[k]] = level + 1
            elif t == AN or t == EN:
                out[idx[k]] = level + 2


# --------------------------------------------------------------------------- fast path
#
# A paragraph without explicit formatting characters and without Boundary Neutrals
# is one isolating run sequence at the paragraph level with sos = eos = the
# paragraph direction.  Rules W1-W7, N1-N2 and I1-I2 are then applied to a string
# holding one letter per character type, with regular-expression substitutions
# (the ``regex`` module allows the variable-length look-behinds used here), which
# is several times faster than the per-character loops of the general path.  The
# conformance suites run through both paths (BidiTest.txt is mostly sequences
# without explicit formatting characters).

_SLOW_RE = regex.compile("[bxyzuvIJFP]")  # BN and explicit formatting: general path
_P2_RE = regex.compile("[LRAB]")
_W1_RE = regex.compile("(?<=([^M])M*)M")  # NSM -> type of the char before its run
_W2_RE = regex.compile("(?<=A[^LRA]*)E")
_W4_EN_RE = regex.compile("(?<=E)[SC](?=E)")
_W4_AN_RE = regex.compile("(?<=a)C(?=a)")
_W5_RE = regex.compile("T+(?=E)|(?<=E)T+")
_W6_TABLE = str.maketrans("STC", "OOO")
_W7_RE = regex.compile("(?<=L[^LR]*)E")
_N1_R_RE = regex.compile("[BsWO](?<=[REa][BsWO]+)(?=[BsWO]*[REa])")
_N1_L_RE = regex.compile("[BsWO](?<=L[BsWO]+)(?=[BsWO]*L)")
_N2_TABLES = (str.maketrans("BsWO", "LLLL"), str.maketrans("BsWO", "RRRR"))
# I1/I2: resolved type letter -> chr(level) at paragraph level 0 / 1
_I_TABLES = (
    str.maketrans({"L": "\x00", "R": "\x01", "E": "\x02", "a": "\x02"}),
    str.maketrans({"L": "\x02", "R": "\x01", "E": "\x02", "a": "\x02"}),
)


def _w5(m: regex.Match) -> str:
    return "E" * len(m.group())


def _resolve_fast(
    types: str, para_dir: int | None, brackets: dict[int, tuple[int, bool]] | None
) -> tuple[int, list[int | None]]:
    tchar = _TYPE_CHAR
    s = types
    if para_dir is None:
        m = _P2_RE.search(s)
        para = 1 if m is not None and m.group() in "RA" else 0
    else:
        para = para_dir
    e = "R" if para else "L"
    if "M" in s:  # W1
        s = _W1_RE.sub(r"\1", e + s)[1:]
    if "E" in s:
        if "A" in s:  # W2
            s = _W2_RE.sub("a", s)
    s = s.replace("A", "R")  # W3
    if "S" in s or "C" in s:  # W4
        s = _W4_EN_RE.sub("E", s)
        if "C" in s:
            s = _W4_AN_RE.sub("a", s)
    if "T" in s:  # W5
        s = _W5_RE.sub(_w5, s)
    s = s.translate(_W6_TABLE)  # W6
    if "E" in s and (e == "L" or "L" in s):  # W7 (needs an L, or sos = L)
        s = _W7_RE.sub("L", e + s)[1:]
    if brackets is not None:  # N0, on class numbers with the general code
        ts = list(map(_CHAR_TYPE.__getitem__, s))
        cls = list(map(_CHAR_TYPE.__getitem__, types))
        _resolve_brackets(ts, range(len(cls)), cls, brackets, e == "R", L if para == 0 else R)
        s = "".join([tchar[t] for t in ts])
    if e == "R" and "L" not in s:
        # no L anywhere (sos = eos = R): every neutral is between R-like types
        t = s.translate(_N2_TABLES[1])
    elif e == "L" and "R" not in s and "E" not in s and "a" not in s:
        t = s.translate(_N2_TABLES[0])
    else:
        t = e + s + e  # sos and eos
        t = _N1_R_RE.sub("R", t)  # N1
        t = _N1_L_RE.sub("L", t)
        t = t[1:-1].translate(_N2_TABLES[para])  # N2
    return para, list(t.translate(_I_TABLES[para]).encode("latin-1"))


def _resolve(
    types: str, para_dir: int | None, brackets: dict[int, tuple[int, bool]] | None
) -> tuple[int, list[int | None]]:
    n = len(types)
    if n == 0:
        return (para_dir or 0), []
    if _SLOW_RE.search(types) is None:
        return _resolve_fast(types, para_dir, brackets)
    cls = list(map(_CHAR_TYPE.__getitem__, types))
    has_explicit = max(cls) >= LRE
    match = _matching_pdis(cls) if has_explicit else {}
    if para_dir is None:
        para = _first_strong(cls, 0, n, match) or 0
    else:
        para = para_dir
    if has_explicit:
        levels, types = _explicit_levels(cls, para, match)
    else:
        levels = [para] * n
        types = list(cls)
    resolved = list(levels)
    for seq in _isolating_run_sequences(cls, levels, match):
        _resolve_sequence(seq, cls, types, levels, para, n, brackets, resolved)
    removed = _REMOVED
    out: list[int | None] = [None if removed[t] else lv for t, lv in zip(cls, resolved)]
    return para, out


def resolve_paragraph(
    text_or_classes: str | Sequence[int], direction: str | int | None = "auto"
) -> tuple[int, list[int | None], str]:
    """Levels of one paragraph BEFORE rule L1: (paragraph_level, levels, types) where
    ``types`` is the paragraph's type string (see :func:`bidi_types`), which
    :func:`line_levels` takes.  Accepts text or a sequence of class numbers."""
    para_dir = _parse_direction(direction)
    if isinstance(text_or_classes, str):
        types = bidi_types(text_or_classes)
        brackets = _bracket_info(text_or_classes)
    else:
        types = "".join([_TYPE_CHAR[c] for c in _class_numbers(text_or_classes)])
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
        types = "".join([_TYPE_CHAR[c] for c in types])
    if end is None:
        end = len(levels)
    out = list(levels[start:end])
    removed = _REMOVED_TYPES
    trailing = _TRAILING
    i = end - 1
    while i >= start:
        c = types[i]
        if c in trailing:
            out[i - start] = para
        elif c not in removed:
            break
        i -= 1
    if i >= start:
        reset = _RESET_BEFORE_SEPARATOR
        for sep in "sB":
            j = types.find(sep, start, i + 1)
            while j >= 0:
                out[j - start] = para
                k = j - 1
                while k >= start:
                    c = types[k]
                    if c in reset:
                        out[k - start] = para
                    elif c not in removed:
                        break
                    k -= 1
                j = types.find(sep, j + 1, i + 1)
    return out


def _class_numbers(classes: Sequence[int | str]) -> list[int]:
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
    types = "".join([_TYPE_CHAR[c] for c in _class_numbers(classes)])
    para, levels = _resolve(types, _parse_direction(direction), None)
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
