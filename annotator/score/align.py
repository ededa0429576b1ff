"""Aligning string-anchored predictions (a ``text`` without offsets) to the document.

Each such span goes, in the order given, to the first occurrence of its text (compared
under :func:`annotator.text.arabic.normalize`) that no other prediction of the same layer
already holds. The alignment is reported: ``aligned`` (the text occurs once), ``ambiguous``
(several occurrences; the first free one was taken) or ``not_found`` (no free occurrence:
the prediction stays unplaced and counts as spurious).
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.text.arabic import NormalizedIndex, match_span, normalize, normalize_with_map


@dataclass(slots=True)
class AlignStats:
    aligned: int = 0
    ambiguous: int = 0
    not_found: int = 0

    def add(self, other: "AlignStats") -> None:
        self.aligned += other.aligned
        self.ambiguous += other.ambiguous
        self.not_found += other.not_found

    def as_dict(self) -> dict[str, int]:
        return {"aligned": self.aligned, "ambiguous": self.ambiguous, "not_found": self.not_found}


#: Up to this many distinct texts of one prefix length are found with ``str.find`` (one
#: scan of the document each, in C); beyond, one pass over the document indexes the
#: positions of their prefixes, so aligning stays linear in the text however many spans
#: a document has (a Python pass costs about as much as a few hundred C scans).
FIND_LIMIT = 256
#: Prefix length of that index (long enough that a prefix rarely occurs where its text does not).
PREFIX = 8


class Finder(NormalizedIndex):
    """Occurrences of span texts in one document under ``normalize``: the document is
    normalised once, every distinct text is looked up once, and the work grows linearly
    with the text and the number of spans (see ``FIND_LIMIT``). Occurrences are found as far
    as they are asked for: aligning needs the first free one and whether there is a second."""

    __slots__ = ("_found", "identity")

    def __init__(self, text: str) -> None:
        super().__init__(text)
        #: normalising dropped nothing: an offset of the normalised text is one of the text
        self.identity = False
        #: normalised text -> [occurrences found so far, where to search on (-1: all found)]
        self._found: dict[str, list] = {}

    def find(self, query: str) -> list[tuple[int, int]]:
        return self.occurrences(normalize(query))

    def occurrences(self, needle: str) -> list[tuple[int, int]]:
        """Non-overlapping occurrences of a normalised text, left to right, as offsets into the text."""
        self.nth(needle, -1)
        return self._found[needle][0]

    def nth(self, needle: str, i: int) -> tuple[int, int] | None:
        """Occurrence number ``i`` of a normalised text (None: fewer; -1: find them all)."""
        entry = self._found.get(needle)
        if entry is None:
            self.prepare([needle])
            entry = self._found[needle]
        hits, pos = entry
        if pos != -1 and (i < 0 or i >= len(hits)):
            hay, offsets, n, text = self._hay, self._offsets, len(needle), self.text
            while pos != -1 and (i < 0 or i >= len(hits)):
                pos = hay.find(needle, pos)  # type: ignore[union-attr]
                if pos != -1:
                    hits.append(match_span(text, offsets, pos, pos + n))
                    pos += n
            entry[1] = pos
        return hits[i] if 0 <= i < len(hits) else None

    def prepare(self, needles: Iterable[str]) -> None:
        """Get ready to find each of ``needles`` (normalised texts): beyond ``FIND_LIMIT``
        texts of one prefix length, find all their occurrences in one pass."""
        if self._hay is None:
            self._hay, self._offsets = normalize_with_map(self.text)
            # (in NFC text normalising only drops characters and folds letters one for one)
            self.identity = len(self._hay) == len(self.text) and unicodedata.is_normalized("NFC", self.text)
        hay, offsets, found = self._hay, self._offsets, self._found
        by_prefix: dict[int, list[str]] = {}
        for needle in needles:
            if needle not in found:
                found[needle] = [[], 0 if needle else -1]
                if needle:
                    by_prefix.setdefault(min(len(needle), PREFIX), []).append(needle)
        for q, group in by_prefix.items():
            if len(group) <= FIND_LIMIT:
                continue  # str.find, as far as asked
            wanted = {needle[:q] for needle in group}
            starts: dict[str, list[int]] = {}
            for i in range(len(hay) - q + 1):
                key = hay[i : i + q]
                if key in wanted:
                    starts.setdefault(key, []).append(i)
            for needle in group:
                hits, n, last = found[needle][0], len(needle), 0
                for i in starts.get(needle[:q], ()):
                    if i >= last and (n == q or hay.startswith(needle, i)):
                        hits.append(match_span(self.text, offsets, i, i + n))
                        last = i + n  # non-overlapping, left to right, as str.find finds them
                found[needle][1] = -1


def _normalized(texts: list[str]) -> list[str]:
    """``normalize`` of every text, in one call (joined by NUL, which it keeps) when no text has a NUL."""
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        return [normalize(t) for t in texts]
    return normalize(joined).split("\0")


def align_spans(
    finder: Finder, spans: list[tuple[int | None, int | None, str]], stats: AlignStats
) -> list[tuple[int, int] | None]:
    """Offsets for every span (given ones kept, string-anchored ones aligned, None if not found)."""
    taken = {(s, e) for s, e, _ in spans if s is not None and e is not None}
    anchored = [i for i, (start, end, _) in enumerate(spans) if start is None or end is None]
    needles: list[str | None] = [None] * len(spans)
    for i, needle in zip(anchored, _normalized([spans[i][2] for i in anchored]) if anchored else ()):
        needles[i] = needle
    finder.prepare(n for n in needles if n is not None)
    found, hay, text, offsets = finder._found, finder._hay, finder.text, finder._offsets
    identity = finder.identity
    out: list[tuple[int, int] | None] = []
    first_free: dict[str, int] = {}  # per text: occurrences before this index are taken (taken only grows)
    for (start, end, _), needle in zip(spans, needles):
        if needle is None:
            out.append((start, end))  # type: ignore[arg-type]
            continue
        # Hot loop (every string-anchored span): the occurrences found so far are read in
        # place and the next one is searched for inline (str.find, in C), as far as needed:
        # the first free one, and whether there is a second. No call per span but those.
        entry = found[needle]
        hits = entry[0]
        i = first_free.get(needle, 0)
        while True:
            if i < len(hits):
                where = hits[i]
            elif entry[1] != -1:
                pos = hay.find(needle, entry[1])  # type: ignore[union-attr]
                if pos == -1:
                    entry[1] = -1
                    where = None
                else:
                    n = len(needle)
                    where = (pos, pos + n) if identity else match_span(text, offsets, pos, pos + n)
                    hits.append(where)
                    entry[1] = pos + n
            else:
                where = None
            if where is None or where not in taken:
                break
            i += 1
        first_free[needle] = i
        if where is None:
            stats.not_found += 1
            out.append(None)
            continue
        if len(hits) == 1 and entry[1] != -1:  # is there a second occurrence?
            pos = hay.find(needle, entry[1])  # type: ignore[union-attr]
            if pos == -1:
                entry[1] = -1
            else:
                n = len(needle)
                hits.append((pos, pos + n) if identity else match_span(text, offsets, pos, pos + n))
                entry[1] = pos + n
        if len(hits) > 1:
            stats.ambiguous += 1
        else:  # the text occurs once
            stats.aligned += 1
        taken.add(where)
        out.append(where)
    return out
