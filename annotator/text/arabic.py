"""Arabic text helpers: normalisation and matching (:mod:`annotator.text.matching`,
re-exported here), and boundary-lenient trimming of spans (proclitics, quotation marks).

Offsets everywhere are code-point offsets into the text as given
(half-open ``[start, end)``), never into a shaped or normalised copy.
"""

from __future__ import annotations

import unicodedata

from annotator.text.matching import _LETTER_FOLD, NormalizedIndex, find_all, is_dropped, normalize, normalize_with_map

__all__ = [
    "PROCLITICS",
    "QUOTE_PAIRS",
    "NormalizedIndex",
    "enclosing_quotes",
    "find_all",
    "is_dropped",
    "normalize",
    "normalize_with_map",
    "trim_lenient",
]


# --- boundary-lenient trimming --------------------------------------------

#: Proclitics removed from the start of a span by ``trim_lenient``, longest
#: first.  ``لل`` is ل + the article with its alif elided (للأمم = ل + الأمم).
PROCLITICS: tuple[str, ...] = (
    "وال",
    "بال",
    "فال",
    "كال",
    "لل",
    "ال",
    "و",
    "ف",
    "ب",
    "ك",
    "ل",
)

_PROCLITICS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _p in PROCLITICS:
    _PROCLITICS_BY_FIRST[_p[0]] = (*_PROCLITICS_BY_FIRST.get(_p[0], ()), _p)

#: Opening quotation mark -> the closing mark that pairs with it.  Both the
#: typographic pairs and the reversed pairs that right-to-left editors
#: produce (» ... «, ” ... “) are accepted.
QUOTE_PAIRS: dict[str, str] = {
    '"': '"',
    "'": "'",
    "«": "»",
    "»": "«",
    "“": "”",
    "”": "“",
    "„": "“",
    "‘": "’",
    "’": "‘",
    "‚": "‘",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
    "＂": "＂",
}

# Characters that look like punctuation but carry meaning in a numeric span.
_KEPT_SYMBOLS = frozenset("%٪‰؉")


def _trimmable(ch: str) -> bool:
    if ch in _KEPT_SYMBOLS:
        return False
    if ch.isspace() or ch in QUOTE_PAIRS:
        return True
    cat = unicodedata.category(ch)
    return cat[0] in "PZ" or cat == "Cf"


_TRIMMABLE: dict[str, bool] = {}


def _is_trimmable(ch: str) -> bool:
    """Memoised per character: spans are many, the characters of a text few."""
    found = _TRIMMABLE.get(ch)
    if found is None:
        found = _TRIMMABLE[ch] = _trimmable(ch)
    return found


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _trim_ends(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _is_trimmable(text[start]):
        start += 1
    while end > start and _is_trimmable(text[end - 1]):
        end -= 1
    # Never leave a span that starts on a combining mark of a trimmed letter.
    while start < end and unicodedata.combining(text[start]):
        start += 1
    return start, end


def _word_letters_from(text: str, pos: int, end: int) -> int:
    """Letters in the word that starts at ``pos`` (marks/tatweel skipped)."""
    count = 0
    while pos < end:
        ch = text[pos]
        if is_dropped(ch) or unicodedata.combining(ch):
            pos += 1
            continue
        if not _is_letter(ch):
            break
        count += 1
        pos += 1
    return count


def _match_prefix(text: str, start: int, end: int, prefix: str) -> int | None:
    """Offset just after ``prefix`` at ``start`` (marks inside skipped), or None."""
    pos = start
    for want in prefix:
        if pos >= end or _LETTER_FOLD.get(text[pos], text[pos]) != want:
            return None
        pos += 1
        while pos < end and (is_dropped(text[pos]) or unicodedata.combining(text[pos])):
            pos += 1
    return pos


def trim_lenient(text: str, start: int, end: int) -> tuple[int, int]:
    """Canonical core of the span ``[start, end)`` for boundary-lenient matching.

    Strips whitespace, punctuation and quotation marks at both ends, then
    one proclitic from ``PROCLITICS`` (longest first) at the start when what
    remains of the first word still has at least two letters, then trims
    punctuation again.  A clitic glued to an opening quotation mark is
    dropped with the mark and the rule applies again to what follows
    (``و"الانتقال"`` -> ``الانتقال`` -> ``انتقال``).  The same
    function is applied to both sides of a comparison, so a span and the
    same span with an attached ``و``/``ل`` reduce to the same core.
    Returns ``(start, end)``; an all-punctuation span returns an empty span.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) outside text of length {len(text)}")
    start, end = _trim_ends(text, start, end)
    if start == end:
        return start, end
    # only the proclitics that begin with the span's first letter can match (longest first, as in PROCLITICS)
    for prefix in _PROCLITICS_BY_FIRST.get(_LETTER_FOLD.get(text[start], text[start]), ()):
        after = _match_prefix(text, start, end, prefix)
        if after is None:
            continue
        if after < end and text[after] in QUOTE_PAIRS:
            # A clitic on quoted material (و"الانتقال"): drop it and the mark,
            # then treat the quoted word like any other span start.
            return trim_lenient(text, after, end)
        if after < end and not _is_letter(text[after]):
            continue  # the "proclitic" was a whole word such as و or ال
        if _word_letters_from(text, after, end) >= 2:
            start = after
            break
    return _trim_ends(text, start, end)


def enclosing_quotes(text: str, start: int, end: int) -> bool:
    """Is ``[start, end)`` directly enclosed in a pair of quotation marks?

    Whitespace between the marks and the span is allowed.  A selection that
    itself begins with an opening mark and ends with its closing mark counts
    too (the annotator may have selected the marks with the content).
    """
    if not 0 <= start <= end <= len(text) or start == end:
        return False
    if end - start >= 2:
        first, last = text[start], text[end - 1]
        if first in QUOTE_PAIRS and QUOTE_PAIRS[first] == last:
            return True
    left = start - 1
    while left >= 0 and text[left].isspace():
        left -= 1
    right = end
    while right < len(text) and text[right].isspace():
        right += 1
    if left < 0 or right >= len(text):
        return False
    opening = text[left]
    return opening in QUOTE_PAIRS and text[right] == QUOTE_PAIRS[opening]
