"""Tokens of normalised text, digit values, clitic analyses and the match record."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

Value = int | float | str | None

CLITICS: tuple[str, ...] = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك")

# A number: with thousands separators (12,500 / ١٢٬٥٠٠), with a decimal comma (1,5 مليون: one
# comma and one or two digits), or plain with an optional decimal point (٣٫٥ / 3.5).
TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:[٬,]\d{3})+(?!\d)(?:[٫.]\d+)?|\d+,\d{1,2}(?![\d,])|\d+(?:[٫.]\d+)?)"
    r"|(?P<word>[^\W\d_]+)|(?P<sym>\S)"
)


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str  # num | word | sym
    text: str
    start: int  # offsets in the normalised text
    end: int


def tokenize(norm: str) -> list[Tok]:
    return [
        Tok(m.lastgroup or "sym", m.group(), m.start(), m.end())
        for m in TOKEN_RE.finditer(norm)
    ]


def digits_value(s: str) -> int | float:
    decimal_comma = re.fullmatch(r"\d+,\d{1,2}", s) is not None
    cleaned = []
    for ch in s:
        if ch in "٬," and not decimal_comma:
            continue
        if ch in "٫.,":
            cleaned.append(".")
        else:
            cleaned.append(str(unicodedata.digit(ch)))
    text = "".join(cleaned)
    return float(text) if "." in text else int(text)


@lru_cache(maxsize=8192)
def analyses(word: str) -> tuple[tuple[int, bool, str], ...]:
    """(clitic length, definite, base) readings of a word, plainest first."""
    out: list[tuple[int, bool, str]] = []
    for clitic in CLITICS:
        if not word.startswith(clitic):
            continue
        rest = word[len(clitic):]
        if len(rest) < 2:
            continue
        out.append((len(clitic), False, rest))
        if rest.startswith("ال") and len(rest) > 3:
            out.append((len(clitic), True, rest[2:]))
        if clitic.endswith("ل") and rest.startswith("ل") and len(rest) > 2:
            out.append((len(clitic), True, rest[1:]))  # للهجمات = ل + (ا)ل + هجمات
    return tuple(out)


def lookup(tok: Tok, table: dict[str, object] | frozenset[str], *, clitic: bool = True,
            definite: bool | None = None) -> tuple[int, bool, str] | None:
    """First reading of ``tok`` whose base is in ``table``."""
    if tok.kind != "word":
        return None
    for clen, is_def, base in analyses(tok.text):
        if clen and not clitic:
            continue
        if definite is not None and is_def != definite:
            continue
        if base in table:
            return clen, is_def, base
    return None


@dataclass(frozen=True, slots=True)
class Match:
    i: int  # first token
    j: int  # token after the match
    start: int  # normalised offsets (start is after any proclitic)
    end: int
    value: Value
    kind: str
    unit: str | None = None
    approx: bool = False
    year: int | None = None  # explicit year stated in the match (for context)



class Cursor:
    """Token access shared by the matchers: ``toks`` and the words and symbols at an index."""

    def __init__(self, toks: list[Tok], raw: str = "", offsets: list[int] | None = None) -> None:
        self.toks = toks
        self.strict = True
        self.year: int | None = None
        self.ref: datetime.date | None = None  # the document's date, for relative dates
        self.raw = raw  # the original text and the offset map of the normalised one, for the marks
        self.offsets = offsets

    def damma_on(self, k: int) -> bool:
        """Does the letter at normalised offset ``k`` carry a damma in the original text?"""
        if self.offsets is None or k + 1 >= len(self.offsets):
            return False
        return "\u064f" in self.raw[self.offsets[k] + 1 : self.offsets[k + 1]]

    def fraction_marked(self, i: int, base: str) -> bool:
        """Is the ambiguous fraction noun ``base`` at token i a fraction (خُمس, خمس السكان)?"""
        tok = self.toks[i]
        if self.damma_on(tok.end - len(base)):
            return True
        nxt = self.word(i + 1)  # ثمن الخبز is the price of bread: ثمن only with its damma
        return base != "ثمن" and nxt is not None and nxt.startswith("ال") and len(nxt) > 3

    def adjacent(self, k: int) -> bool:
        """Do tokens ``k`` and ``k + 1`` touch (no space between them)?"""
        return 0 <= k and k + 1 < len(self.toks) and self.toks[k].end == self.toks[k + 1].start

    def word(self, k: int) -> str | None:
        if 0 <= k < len(self.toks) and self.toks[k].kind == "word":
            return self.toks[k].text
        return None

    def sym(self, k: int) -> str | None:
        if 0 <= k < len(self.toks) and self.toks[k].kind == "sym":
            return self.toks[k].text
        return None

    def seq(self, k: int, words: tuple[str, ...], *, clitic_first: bool = False) -> tuple[int, int] | None:
        """Match a word sequence at k: (token after it, clitic length of the first)."""
        clen = 0
        for n, want in enumerate(words):
            w = self.word(k + n)
            if w is None:
                return None
            if w == want:
                continue
            if n == 0 and clitic_first:
                hit = next((c for c, d, b in analyses(w) if not d and b == want), None)
                if hit is not None:
                    clen = hit
                    continue
            return None
        return k + len(words), clen
