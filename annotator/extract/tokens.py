"""Word tokens and sentences over normalised text, mapped back to the original offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.text.arabic import normalize_with_map

_WORD_RE = re.compile(r"[^\W_]+|[^\w\s]")
_SENTENCE_END = frozenset(".!?؟\n")
#: Proclitic prefixes (normalised) that may precede a name or a verb.
CLITIC_PREFIXES: tuple[str, ...] = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # normalised
    start: int  # offsets in the normalised text
    end: int
    sentence: int

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


class Text:
    """A document's text with its normalised form, offset map, tokens and sentences."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.norm, self.map = normalize_with_map(raw)
        self.tokens: list[Token] = []
        sentence = 0
        prev_end = 0
        for m in _WORD_RE.finditer(self.norm):
            if "\n" in self.norm[prev_end : m.start()]:
                sentence += 1
            self.tokens.append(Token(m.group(), m.start(), m.end(), sentence))
            if m.group() in _SENTENCE_END:
                sentence += 1
            prev_end = m.end()

    def span(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original [start, end) of the normalised [nstart, nend)."""
        return self.map[nstart], self.map[nend]

    def raw_span(self, nstart: int, nend: int) -> dict[str, object]:
        start, end = self.span(nstart, nend)
        return {"start": start, "end": end, "text": self.raw[start:end]}

    def token_at(self, nstart: int) -> int:
        """Index of the first token that ends after the normalised offset."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].end <= nstart:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def norm_offset(self, raw_offset: int) -> int:
        """Normalised offset of the first kept character at or after a raw offset."""
        lo, hi = 0, len(self.map) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.map[mid] < raw_offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


def strip_clitic(word: str, stems: frozenset[str] | dict[str, object]) -> tuple[int, str] | None:
    """(prefix length, stem) when ``word`` is a stem of ``stems`` with an optional proclitic."""
    if word in stems:
        return 0, word
    for prefix in CLITIC_PREFIXES:
        if word.startswith(prefix) and word[len(prefix):] in stems:
            return len(prefix), word[len(prefix):]
    return None
