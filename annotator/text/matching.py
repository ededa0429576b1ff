"""Arabic normalisation and matching under it: pure functions over logical NFC text
(re-exported by :mod:`annotator.text.arabic`).

Offsets everywhere are code-point offsets into the text as given
(half-open ``[start, end)``), never into a shaped or normalised copy.

``normalize`` folds the spelling variation that Arabic news text shows for
one and the same word, so that searching and aligning ignore it:

* the text is taken in Unicode NFC first, so canonically equivalent spellings
  match (ئ typed as ي + hamza above, or composed);
* harakat and other combining marks are dropped (U+064B-U+065F, U+0670,
  U+0610-U+061A and the Quranic annotation marks U+06D6-U+06ED), as are
  tatweel (U+0640) and the invisible format characters that editors leave
  inside words (ZWSP, ZWNJ, ZWJ, LRM, RLM, ALM, the bidi embeddings and
  isolates LRE..RLO and LRI..PDI, word joiner, soft hyphen, BOM);
* the hamza/madda/wasla forms of alif (أ إ آ ٱ ٲ ٳ) become bare alif ا;
* alif maqsura ى becomes ya ي, and the Persian ya ی / kaf ک become ي / ك;
* ta marbuta ة becomes ha ه;
* Arabic-Indic (٠-٩) and Extended Arabic-Indic (۰-۹) digits become 0-9.

For NFC text (every document is stored NFC) every kept character maps to
exactly one output character, so the mapping back to the original text is a
simple offset table (kept as runs by :class:`NormalizedIndex`); text that is not NFC is composed one combining sequence
at a time, and each output character maps into its sequence.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate, compress, repeat
from operator import add, and_, is_, not_, sub

__all__ = [
    "NormalizedIndex",
    "find_all",
    "identity_normalized",
    "is_dropped",
    "normalize",
    "normalize_all",
    "normalize_with_map",
]

_LETTER_FOLD: dict[str, str] = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ
    "\u0672": "\u0627",  # ٲ
    "\u0673": "\u0627",  # ٳ
    "\u0649": "\u064a",  # ى -> ي
    "\u06cc": "\u064a",  # ی -> ي
    "\u06a9": "\u0643",  # ک -> ك
    "\u0629": "\u0647",  # ة -> ه
}
# Arabic-Indic and Extended Arabic-Indic (Persian) digits -> European digits.
_LETTER_FOLD.update({chr(base + d): str(d) for base in (0x0660, 0x06F0) for d in range(10)})

_DROPPED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0610, 0x061A),  # Arabic signs (honorifics, small high letters)
    (0x061C, 0x061C),  # ARABIC LETTER MARK
    (0x0640, 0x0640),  # tatweel
    (0x064B, 0x065F),  # harakat, shadda, sukun, madda/hamza above/below, ...
    (0x0670, 0x0670),  # superscript alif
    (0x06D6, 0x06DC),  # Quranic annotation marks
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x00AD, 0x00AD),  # soft hyphen
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # LRE, RLE, PDF, LRO, RLO
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x2069),  # LRI, RLI, FSI, PDI
    (0xFEFF, 0xFEFF),  # BOM / zero width no-break space
)


_DROPPED = frozenset(chr(cp) for lo, hi in _DROPPED_RANGES for cp in range(lo, hi + 1))
#: The dropped characters that are invisible format controls (not marks, not tatweel): a match
#: never ends with one of them.
_INVISIBLE = frozenset(ch for ch in _DROPPED if unicodedata.category(ch) == "Cf")


def is_dropped(ch: str) -> bool:
    """True for a character that ``normalize`` removes (marks, tatweel, ...)."""
    return ch in _DROPPED


_DROPPED_CLASS = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _DROPPED_RANGES)
#: A character that ``normalize`` drops or folds (most spans and many texts have none).
_CHANGED = re.compile(f"[{_DROPPED_CLASS}{''.join(_LETTER_FOLD)}]")
_DIGITS = "".join(chr(base + d) for base in (0x0660, 0x06F0) for d in range(10))
#: A character that ``normalize`` drops or an Arabic-Indic digit, which most texts have
#: neither of: one search for both (a one-character class is searched for about 3x faster
#: than the run pattern) before deleting runs and folding digits.
_RARE = re.compile(f"[{_DROPPED_CLASS}{_DIGITS}]")
#: A run of them (``[c][c]*`` rather than ``[c]+``: ``re`` finds its start by the first class,
#: 3x faster on text with a few marks, measured).
_DROPPED_RUN = re.compile(f"[{_DROPPED_CLASS}][{_DROPPED_CLASS}]*")
_DROPPED_ONE = re.compile(f"[{_DROPPED_CLASS}]")
#: A run of characters that ``normalize`` keeps (one per output character, in order).
_KEPT_RUN = re.compile(f"[^{_DROPPED_CLASS}]+")
_FOLDS = tuple((a, b) for a, b in _LETTER_FOLD.items() if a not in _DIGITS)
_DIGIT_FOLDS = tuple((a, b) for a, b in _LETTER_FOLD.items() if a in _DIGITS)


def normalize_with_map(s: str) -> tuple[str, list[int]]:
    """Normalise ``s`` and return, for each output character, its offset in ``s``.

    The offset list has one more entry than the normalised string: the last
    entry is ``len(s)``.  A match ``[i, j)`` in the normalised string maps
    back to ``[m[i], m[j])`` in ``s``; because dropped marks always sit
    *between* ``m[j-1]`` and ``m[j]``, that span keeps every letter together
    with its harakat and never starts or ends inside a letter's marks.

    Hot path of the scorer's alignment (every document with string-anchored predictions):
    for NFC text, :func:`normalize` and one ``range`` per run of kept characters do the
    per-character work in C, about 50x faster than a Python loop over the text.
    """
    if not unicodedata.is_normalized("NFC", s):
        return _normalize_composing(s)
    out = _normalize_nfc(s)
    if len(out) == len(s):  # nothing dropped (most news text): the identity map
        return out, list(range(len(s) + 1))
    offsets: list[int] = []
    extend = offsets.extend
    for m in _KEPT_RUN.finditer(s):
        extend(range(*m.span()))
    offsets.append(len(s))
    return out, offsets


def _normalize_composing(s: str) -> tuple[str, list[int]]:
    """``normalize_with_map`` for text that is not NFC: each combining sequence (a
    character and what composes or combines with it) is taken in NFC, and its k-th
    output character maps to the sequence's k-th code point (or its last)."""
    out: list[str] = []
    offsets: list[int] = []
    a = 0
    while a < len(s):
        b = a + 1
        while b < len(s) and (unicodedata.combining(s[b]) or not unicodedata.is_normalized("NFC", s[b - 1 : b + 1])):
            b += 1
        for k, ch in enumerate(unicodedata.normalize("NFC", s[a:b])):
            if not is_dropped(ch):
                out.append(_LETTER_FOLD.get(ch, ch))
                offsets.append(a + min(k, b - a - 1))
        a = b
    offsets.append(len(s))
    return "".join(out), offsets


def normalize(s: str) -> str:
    """The normalised form of ``s`` (see the module docstring)."""
    if not unicodedata.is_normalized("NFC", s):
        return _normalize_composing(s)[0]
    return _normalize_nfc(s)


def _normalize_nfc(s: str) -> str:
    """``normalize`` of NFC text. Hot path (every span text and document the scorer aligns):
    one regular-expression deletion and a ``str.replace`` per folded letter present, 5x
    faster than ``str.translate`` with a table (which looks every character up in a dict)."""
    if _CHANGED.search(s) is None:
        return s
    if _RARE.search(s) is not None:
        s = _fold_digits(_DROPPED_RUN.sub("", s))
    return _fold(s)


def normalize_all(texts: list[str]) -> list[str]:
    """``normalize`` of every one of ``texts``: in one call, joined by NUL (which it keeps and
    which composes with nothing), when none has a NUL (per-call costs weigh on short texts):
    then there are as many pieces as texts (measured: cheaper than counting the NULs first)."""
    out = normalize("\0".join(texts)).split("\0")
    if len(out) != len(texts):  # a text with a NUL (or no text): one by one
        return [normalize(t) for t in texts]
    return out


def identity_normalized(texts: list[str]) -> list[str | None]:
    """``normalize`` of each of ``texts`` whose normalised form maps back to it by the
    identity (NFC text of which nothing is dropped, only letters and digits folded: most news
    text), None for the others. Hot path (the scorer's alignment, a batch of documents at
    once): one call for all of them when each qualifies, the texts joined and the result cut
    at the same places (each character folded into one; measured: joining them by a NUL and
    counting the NULs, to split there, cost more)."""
    joined = "".join(texts)
    ends = list(accumulate(map(len, texts)))
    nfc = all(map(unicodedata.is_normalized, repeat("NFC"), texts))
    if nfc and _RARE.search(joined) is None:
        return _pieces(_fold(joined), ends)  # type: ignore[return-value]
    # the folds are made character by character: the joined text's pieces are its texts'
    out: list[str | None] = _pieces(_fold(_fold_digits(joined)), ends)  # type: ignore[assignment]
    if nfc and _DROPPED_ONE.search(joined) is None:
        return out
    # some texts drop characters (harakat, tatweel, an RLM...) or are not NFC: those are None,
    # found by C-level maps (a batch of news text often has a few)
    drops = map(_DROPPED_ONE.search, texts)
    kept = map(is_, drops, repeat(None)) if nfc else map(and_, map(unicodedata.is_normalized, repeat("NFC"), texts), map(is_, drops, repeat(None)))
    for i in compress(range(len(texts)), map(not_, kept)):
        out[i] = None
    return out


def _pieces(joined: str, ends: list[int]) -> list[str]:
    """``joined`` cut at ``ends`` (where each piece ends)."""
    return list(map(joined.__getitem__, map(slice, [0, *ends[:-1]], ends)))


def _fold_digits(s: str) -> str:
    """The digit folds of ``normalize``."""
    for digit, folded in _DIGIT_FOLDS:
        if digit in s:
            s = s.replace(digit, folded)
    return s


def _fold(s: str) -> str:
    """The letter folds of ``normalize`` (a ``str.replace`` per folded letter present)."""
    for letter, folded in _FOLDS:
        if letter in s:
            s = s.replace(letter, folded)
    return s


class NormalizedIndex:
    """A text normalised once (lazily) for repeated matching under ``normalize``: the search
    box matches on every keystroke and the scorer aligns many spans per document, and
    normalising a 1 MB text takes a quarter of a second.

    A position of the normalised text is mapped back to the text by the runs of kept
    characters, not by a list with an entry per character (building that list cost the
    scorer's alignment more than finding the spans): ``_runs`` holds where each run starts in
    the normalised text, and a last entry, its length; position ``p`` is at ``p +
    _shifts[bisect_right(_runs, p)]`` in the text (the last shift takes the end of the
    normalised text to the end of the text). ``_runs`` is None when the map is the identity
    (NFC text of which normalising drops nothing: most news text)."""

    __slots__ = ("_hay", "_invisible", "_runs", "_shifts", "_strict", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._hay: str | None = None
        self._runs: list[int] | None = None
        self._shifts: list[int] = []
        #: every normalised character comes from its own place in the text (always, unless
        #: composing text that is not NFC made one character into several)
        self._strict = True
        #: characters were dropped, an invisible control among them (a match may end before it)
        self._invisible = False

    def _normalized(self) -> str:
        """The normalised text (computed at the first call)."""
        if self._hay is None:
            text = self.text
            if unicodedata.is_normalized("NFC", text):
                self._normalize_nfc()
            else:
                hay, offsets = _normalize_composing(text)
                self._hay = hay
                self._set_runs(offsets)
        return self._hay  # type: ignore[return-value]

    def normalized(self, texts: list[str]) -> list[str]:
        """``normalize`` of every one of ``texts``: in one call, joined by NUL (which it keeps),
        when none has a NUL; the first time, with this text in the same call when nothing is
        to be dropped (per-call costs weigh on small documents: the scorer aligns the spans
        of every document)."""
        if self._hay is None:
            both = self.text + "\0" + "\0".join(texts)
            if both.count("\0") == len(texts) and unicodedata.is_normalized("NFC", both) and _RARE.search(both) is None:
                hay, _, rest = _fold(both).partition("\0")
                self._hay = hay
                return rest.split("\0")
        return normalize_all(texts)

    def _normalize_nfc(self) -> None:
        """Normalise the text, which is NFC, and keep the map back. When characters are
        dropped, one split at each of them gives both: the pieces between are the runs of
        kept characters, the run after ``k`` dropped characters is shifted by ``k``."""
        text = self.text
        if _RARE.search(text) is None:  # nothing dropped, no Arabic-Indic digit: the letter folds
            self._hay = _fold(text)
            return
        pieces = _DROPPED_ONE.split(text)
        hay = self._hay = _fold(_fold_digits("".join(pieces)))
        if len(pieces) == 1:  # nothing dropped (digits only): the identity map
            return
        self._invisible = any(map(text.__contains__, _INVISIBLE))
        self._runs = [*accumulate(map(len, pieces[:-1]), initial=0), len(hay)]
        self._shifts = [0, *range(len(pieces)), len(text) - len(hay)]

    def _set_runs(self, offsets: list[int]) -> None:
        """The runs of a full offset table (text that is not NFC: rare, a Python loop)."""
        self._invisible = True
        starts, origins = [], []
        prev = -2
        for i, o in enumerate(offsets[:-1]):
            if o != prev + 1:
                starts.append(i)
                origins.append(o)
                self._strict = self._strict and o > prev
            prev = o
        self._set_map(starts, origins)

    def _set_map(self, starts: list[int], origins: list[int]) -> None:
        """The map from the runs' starts in the normalised text and in the text."""
        self._runs = [*starts, len(self._hay)]  # type: ignore[arg-type]
        self._shifts = [0, *map(sub, origins, starts), len(self.text) - len(self._hay)]  # type: ignore[arg-type]

    def span(self, pos: int, end: int) -> tuple[int, int]:
        """The ``[start, stop)`` offsets into the text of the match ``[pos, end)`` of its
        normalised form: it ends on its last letter or mark, never on an RLM after it."""
        runs = self._runs
        if runs is None:
            return pos, end
        shifts, text = self._shifts, self.text
        stop = end + shifts[bisect_right(runs, end)]
        while text[stop - 1] in _INVISIBLE:
            stop -= 1
        return pos + shifts[bisect_right(runs, pos)], stop

    def spans(self, starts: list[int], ends: list[int]) -> Iterable[tuple[int, int]]:
        """``span`` of every match ``[starts[i], ends[i])``, without a Python step per match
        (hot path: every string-anchored span of a text with harakat or an RLM)."""
        runs = self._runs
        if runs is None:
            return zip(starts, ends)
        shifts, text = self._shifts, self.text
        lookup = shifts.__getitem__
        starts = list(map(add, starts, map(lookup, map(bisect_right, repeat(runs), starts))))
        stops = list(map(add, ends, map(lookup, map(bisect_right, repeat(runs), ends))))
        if self._invisible and any(map(_INVISIBLE.__contains__, map(text.__getitem__, map(sub, stops, repeat(1))))):
            for i, stop in enumerate(stops):  # a match followed by an RLM (rare): ends before it
                while text[stop - 1] in _INVISIBLE:
                    stop -= 1
                stops[i] = stop
        return zip(starts, stops)

    def find_all(self, query: str) -> list[tuple[int, int]]:
        """All non-overlapping matches of ``query``, left to right, as ``[start, end)``
        offsets into the text (never splitting a letter from its marks, never ending on
        an invisible control such as RLM)."""
        needle = normalize(query)
        if not needle:
            return []
        hay, span, n = self._normalized(), self.span, len(needle)
        found: list[tuple[int, int]] = []
        pos = hay.find(needle)
        while pos != -1:
            found.append(span(pos, pos + n))
            pos = hay.find(needle, pos + n)
        return found


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """All non-overlapping matches of ``query`` in ``text`` under ``normalize``.

    Returns ``[start, end)`` offsets into ``text``, left to right.  A query
    that normalises to the empty string (only marks, or nothing) matches
    nothing.  Matching is plain substring matching: ``داعش`` is found inside
    ``لداعش``; callers that want whole words check the neighbours.  To match
    the same text many times, keep a :class:`NormalizedIndex`.
    """
    return NormalizedIndex(text).find_all(query)
