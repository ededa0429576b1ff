"""The fast path of rules W1-W7, N0-N2 and I1-I2, on type strings with regular expressions."""

from __future__ import annotations

import regex

from .classes import CHAR_TYPE, L, R, TYPE_CHAR
from .implicit import resolve_brackets

# A paragraph without explicit formatting characters and without Boundary Neutrals
# is one isolating run sequence at the paragraph level with sos = eos = the
# paragraph direction.  Rules W1-W7, N1-N2 and I1-I2 are then applied to a string
# holding one letter per character type, with regular-expression substitutions
# (the ``regex`` module allows the variable-length look-behinds used here), which
# is several times faster than the per-character loops of the general path.  The
# conformance suites run through both paths (BidiTest.txt is mostly sequences
# without explicit formatting characters).

SLOW_RE = regex.compile("[bxyzuvIJFP]")  # BN and explicit formatting: general path
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


def resolve_fast(
    types: str, para_dir: int | None, brackets: dict[int, tuple[int, bool]] | None
) -> tuple[int, list[int | None]]:
    tchar = TYPE_CHAR
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
        ts = list(map(CHAR_TYPE.__getitem__, s))
        cls = list(map(CHAR_TYPE.__getitem__, types))
        resolve_brackets(ts, range(len(cls)), cls, brackets, e == "R", L if para == 0 else R)
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
