"""Aligning string-anchored predictions (a ``text`` without offsets) to the document.

Each such span goes, in the order given, to the first occurrence of its text (compared
under :func:`annotator.text.arabic.normalize`) that no other prediction of the same layer
already holds. The alignment is reported: ``aligned`` (the text occurs once), ``ambiguous``
(several occurrences; the first free one was taken) or ``not_found`` (no free occurrence:
the prediction stays unplaced and counts as spurious).

How it is computed (the same placements, by text instead of span by span): the spans of
one text take its free occurrences in their order, and the spans of two different texts
never compete for one occurrence (different normalised texts never map to the same
``(start, end)`` when the map back to the text is strictly increasing, which it is for
NFC text); only offsets given by other predictions of the layer are taken in advance. So
each distinct text is searched for once, as far as its spans need (its first ``m`` free
occurrences, and whether there is a second), and the placements are handed out in the
record's order by C-level ``map``s. ``tests/score/test_align_equivalence.py`` compares this
with the span-by-span definition on random texts and spans.

The scorer's fast lane aligns a whole batch of documents at once (:func:`align_batch`: the
same placements and counts as :func:`align_spans` of each, by ``map``s over every span of the
batch; ``tests/score/test_align_batch.py``).
"""

from collections import Counter, _count_elements  # type: ignore[attr-defined]  # Counter.update's C loop
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import add, itemgetter, ne, not_
from typing import Any

from annotator.text.matching import NormalizedIndex, identity_normalized, normalize, normalize_all


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

_PLACES = itemgetter(0), itemgetter(1), itemgetter(2)  # of a (start, end, text) tuple
_KEYS = itemgetter("start"), itemgetter("end"), itemgetter("text")  # of a span dict
_NONE: Iterator = iter(())  # the placements of a text that does not occur (always empty)


class Finder(NormalizedIndex):
    """Occurrences of span texts in one document under ``normalize``: the document is
    normalised once, every distinct text is looked up once, and the work grows linearly
    with the text and the number of spans (see ``FIND_LIMIT``). Occurrences are found as far
    as they are asked for: aligning needs the first free ones and whether there is a second."""

    __slots__ = ("_found",)

    def __init__(self, text: str) -> None:
        super().__init__(text)
        #: normalised text -> [occurrences found so far, where to search on (-1: all found)]
        self._found: dict[str, list] = {}

    def find(self, query: str) -> list[tuple[int, int]]:
        return self.occurrences(normalize(query))

    def strict(self) -> bool:
        """Every character of the normalised text comes from its own place in the text (NFC
        text: two different texts never end on one occurrence; see the module docstring)."""
        self._normalized()
        return self._strict

    def occurrences(self, needle: str) -> list[tuple[int, int]]:
        """Non-overlapping occurrences of a normalised text, left to right, as offsets into the text."""
        self.prepare([needle])
        return self._more(needle, -1)

    def _entry(self, needle: str) -> list:
        entry = self._found.get(needle)
        if entry is None:
            entry = self._found[needle] = [[], 0 if needle else -1]
        return entry

    def _more(self, needle: str, want: int) -> list[tuple[int, int]]:
        """The occurrences of ``needle``, searched for until there are ``want`` (-1: all)."""
        entry = self._entry(needle)
        hits, pos = entry
        if pos != -1:
            find, span, n = self._normalized().find, self.span, len(needle)
            while want < 0 or len(hits) < want:
                pos = find(needle, pos)
                if pos == -1:
                    break
                hits.append(span(pos, pos + n))
                pos += n
            entry[1] = pos
        return hits

    def prepare(self, needles: Collection[str]) -> None:
        """Get ready to find each of ``needles`` (distinct normalised texts): beyond
        ``FIND_LIMIT`` texts of one prefix length, find all their occurrences in one pass."""
        hay = self._normalized()
        if len(needles) <= FIND_LIMIT:
            return  # no group can be over the limit: str.find, as far as asked
        found, span = self._found, self.span
        by_prefix: dict[int, list[str]] = {}
        for needle in needles:
            if needle and needle not in found:
                by_prefix.setdefault(min(len(needle), PREFIX), []).append(needle)
        for q, group in by_prefix.items():
            if len(group) <= FIND_LIMIT:
                continue
            wanted = {needle[:q] for needle in group}
            starts: dict[str, list[int]] = {}
            for i in range(len(hay) - q + 1):
                key = hay[i : i + q]
                if key in wanted:
                    starts.setdefault(key, []).append(i)
            for needle in group:
                hits, n, last = [], len(needle), 0
                for i in starts.get(needle[:q], ()):
                    if i >= last and (n == q or hay.startswith(needle, i)):
                        hits.append(span(i, i + n))
                        last = i + n  # non-overlapping, left to right, as str.find finds them
                found[needle] = [hits, -1]

    def place(self, needles: list[str], taken: Collection[tuple[int, int]], stats: AlignStats) -> list[tuple[int, int] | None]:
        """Where each of ``needles`` (normalised span texts, in the record's order) goes: the
        first occurrence of its text that neither ``taken`` (offsets given by other spans of
        the layer) nor an earlier span holds, or None."""
        hay = self._normalized()
        if not self._strict:
            return self._place_in_order(needles, taken, stats)
        once = len(set(needles)) == len(needles)  # no text has two spans (real extractors: most layers)
        counts = {} if once else Counter(needles)  # (counted in C) spans per distinct text
        if len(needles) > FIND_LIMIT:
            self.prepare(needles if once else counts)
        span, identity, find = self.span, self._runs is None, hay.find
        queues: dict[str, Iterator[tuple[int, int]]] = {}
        aligned = ambiguous = not_found = 0
        rest: Iterable[tuple[str, int]] = ()
        if not taken and (len(needles) if once else len(counts)) <= FIND_LIMIT:
            # Hot path (every layer of string-anchored spans): the texts of one span each,
            # most of them, without a Python step per text. Two finds each (C-level maps):
            # the first occurrence, and whether there is another after it (a text that does
            # not occur is found nowhere from position -1 + its length either).
            if once and "" not in needles:
                singles = needles
            else:  # (str.find finds the empty text everywhere: it goes the general way)
                counts = counts or Counter(needles)
                singles = [needle for needle, m in counts.items() if m == 1 and needle]
                rest = [(needle, m) for needle, m in counts.items() if m > 1 or not needle]
            firsts = list(map(find, singles))
            ends = list(map(add, firsts, map(len, singles)))
            missing = firsts.count(-1)
            unique = list(map(find, singles, ends)).count(-1) - missing
            aligned, ambiguous, not_found = unique, len(singles) - unique - missing, missing
            if missing:
                kept = [i for i, pos in enumerate(firsts) if pos != -1]
                singles = [singles[i] for i in kept]
                firsts, ends = [firsts[i] for i in kept], [ends[i] for i in kept]
            pairs = self.spans(firsts, ends)
            if not rest and not missing:  # every text once and found: in the record's order
                stats.aligned += aligned
                stats.ambiguous += ambiguous
                return list(pairs)
            queues = dict(zip(singles, map(iter, zip(pairs))))
        else:
            rest = (counts or Counter(needles)).items()
        # The other texts (several spans, offsets given in the layer, or very many texts):
        # the search is inline and stops as soon as the text's spans are placed and it is
        # known whether it occurs more than once.
        for needle, m in rest:
            entry = self._entry(needle)
            hits, pos = entry
            want = m if m > 1 else 2
            if pos != -1 and len(hits) < want:
                n = len(needle)
                while len(hits) < want:
                    pos = find(needle, pos)
                    if pos == -1:
                        break
                    hits.append((pos, pos + n) if identity else span(pos, pos + n))
                    pos += n
                entry[1] = pos
            free = hits
            if taken:
                free = [h for h in hits if h not in taken]
                while len(free) < m and entry[1] != -1:
                    free = [h for h in self._more(needle, len(hits) + m - len(free)) if h not in taken]
            k = m if len(free) >= m else len(free)
            not_found += m - k
            if len(hits) > 1:
                ambiguous += k
            else:
                aligned += k
            queues[needle] = iter(free)  # the text's spans take its free occurrences in order
        stats.aligned += aligned
        stats.ambiguous += ambiguous
        stats.not_found += not_found
        return list(map(next, map(queues.get, needles, repeat(_NONE)), repeat(None)))

    def _place_in_order(self, needles: list[str], taken: Collection[tuple[int, int]], stats: AlignStats) -> list[tuple[int, int] | None]:
        """``place`` span by span: when two positions of the normalised text map to one
        offset (text that is not NFC), two texts could compete for one occurrence."""
        held = set(taken)
        out: list[tuple[int, int] | None] = []
        for needle in needles:
            hits = self.occurrences(needle)
            where = next((h for h in hits if h not in held), None)
            if where is None:
                stats.not_found += 1
            elif len(hits) > 1:
                stats.ambiguous += 1
            else:
                stats.aligned += 1
            if where is not None:
                held.add(where)
            out.append(where)
        return out


def align_spans(
    finder: Finder, spans: list[tuple[int | None, int | None, str]] | list[dict[str, Any]], stats: AlignStats
) -> list[tuple[int, int] | None]:
    """Offsets for every span (given ones kept, string-anchored ones aligned, None if not found).
    ``spans`` are ``(start, end, text)`` tuples, or span dicts with those keys (as decoded)."""
    if not spans:
        return []
    start, end, text = _KEYS if isinstance(spans[0], dict) else _PLACES
    starts = list(map(start, spans))
    if starts.count(None) == len(spans):  # every span string-anchored (the usual case)
        return finder.place(finder.normalized(list(map(text, spans))), (), stats)
    out: list[tuple[int, int] | None] = list(zip(starts, map(end, spans)))  # type: ignore[arg-type]
    anchored = [i for i, (s, e) in enumerate(out) if s is None or e is None]  # type: ignore[misc]
    if anchored:
        taken = {where for where in out if None not in where}  # type: ignore[operator]
        placed = finder.place(finder.normalized([text(spans[i]) for i in anchored]), taken, stats)
        for i, where in zip(anchored, placed):
            out[i] = where
    return out


class BatchStats:
    """The alignment counts of the documents of a batch, read off the placements of
    ``align_batch`` when asked for (counting in C): a span is not found when its start is -1,
    ambiguous when a second occurrence was found (``seconds``), aligned otherwise; the
    documents aligned one by one have their own counts."""

    __slots__ = ("_bounds", "_own", "_seconds", "_starts")

    def __init__(self, starts: list[int], seconds: list[int], bounds: list[int], own: dict[int, AlignStats]) -> None:
        self._starts, self._seconds, self._bounds, self._own = starts, seconds, bounds, own

    def _read(self, a: int, b: int) -> AlignStats:
        """The counts of spans ``a`` to ``b`` as the placements say."""
        starts, seconds = self._starts, self._seconds
        if a == 0 and b == len(starts):
            found, second = b - starts.count(-1), b - seconds.count(-1)
        else:
            found, second = b - a - starts[a:b].count(-1), b - a - seconds[a:b].count(-1)
        return AlignStats(found - second, second, b - a - found)

    def of(self, doc: int) -> AlignStats:
        own = self._own.get(doc)
        if own is not None:
            return AlignStats(own.aligned, own.ambiguous, own.not_found)
        return self._read(self._bounds[doc], self._bounds[doc + 1])

    def total(self, skip: Collection[int] = ()) -> AlignStats:
        """The counts of every document but those of ``skip``."""
        out = self._read(0, len(self._starts))
        bounds = self._bounds
        for doc, own in self._own.items():
            _subtract(out, self._read(bounds[doc], bounds[doc + 1]))
            out.add(own)
        for doc in skip:
            _subtract(out, self.of(doc))
        return out


def _subtract(out: AlignStats, other: AlignStats) -> None:
    out.aligned -= other.aligned
    out.ambiguous -= other.ambiguous
    out.not_found -= other.not_found


_MISSING = repeat(-1)


def align_batch(texts: list[str], counts: list[int], docs: list[int], given: tuple[list[int | None], list[int | None]], span_texts: list[str]) -> tuple[list[int], list[int], BatchStats]:
    """``align_spans(Finder(texts[d]), <the spans of d>, ...)`` for every document ``d`` of a
    batch, given column by column for all the batch's spans: ``counts[d]`` of them in
    document ``d``, the document of each (``docs``), their starts and ends (``given``: None
    when string-anchored) and their texts. Returns the start and end of every span (start -1: not
    found) and the counts.

    Hot path (every batch of string-anchored predictions): the documents whose spans are all
    string-anchored and not very many (``FIND_LIMIT``) and whose text is NFC are aligned all
    at once, two ``str.find`` per span by C-level ``map``s over every span of the batch (the
    first occurrence, and whether there is another after it), with a Python step only for
    the later spans of a text given more than once in a document (the k-th takes the k-th
    occurrence). Their normalised texts are made in one call when the map back is the
    identity (nothing dropped: most news text); a text with harakat, tatweel or an RLM is
    normalised by its ``Finder``, which maps its matches back. The others go document by
    document (``align_spans``). The same placements and counts as ``align_spans`` of each
    document: ``tests/score/test_align_batch.py``."""
    n = len(span_texts)
    hays: list[str | None] = identity_normalized(texts)
    slow: dict[int, Finder] = {}  # documents aligned one by one
    mapped: dict[int, Finder] = {}  # found here in their normalised text, mapped back by their Finder
    if None in hays or max(counts, default=0) > FIND_LIMIT or given[0].count(None) != n:
        with_offsets = set(compress(docs, map(ne, given[0], repeat(None))))
        for d, (hay, k) in enumerate(zip(hays, counts)):
            if hay is not None and k <= FIND_LIMIT and d not in with_offsets:
                continue
            finder = Finder(texts[d])
            if k <= FIND_LIMIT and d not in with_offsets and finder.strict():  # (characters dropped: harakat, tatweel, an RLM...)
                mapped[d], hays[d] = finder, finder._normalized()
            else:
                slow[d], hays[d] = finder, ""  # found nowhere here (but the empty text: never placed), placed below
    needles = normalize_all(span_texts)
    lengths = list(map(len, needles))
    hay_of = list(chain.from_iterable(map(repeat, hays, counts)))
    starts = list(map(str.find, hay_of, needles))
    # whether there is another occurrence after the first (a text found nowhere is found
    # nowhere from its length - 1 either)
    seconds = list(map(str.find, hay_of, needles, map(add, starts, lengths)))
    bounds = [0, *accumulate(counts)]
    # A text with several spans in a document: the k-th span takes its k-th occurrence.
    keys = list(zip(docs, needles))
    spans_of: dict[tuple[int, str], int] = {}
    _count_elements(spans_of, keys)
    if len(spans_of) != n:
        taken: dict[tuple[int, str], int] = {}
        at: dict[tuple[int, str], int] = {}
        repeated = {key for key, m in spans_of.items() if m > 1}
        for i in compress(range(n), map(repeated.__contains__, keys)):
            key = keys[i]
            k = taken.get(key, 0)
            taken[key] = k + 1
            if k == 0:
                at[key] = starts[i]
                continue
            pos = seconds[i] if k == 1 else at[key]
            if k > 1 and pos != -1:
                pos = hay_of[i].find(needles[i], pos + lengths[i])
            starts[i] = at[key] = pos
            if pos == -1:
                seconds[i] = -1  # (not found: not counted as ambiguous)
    if 0 in lengths:  # the empty text (str.find finds it everywhere) is never placed
        for i in compress(range(n), map(not_, lengths)):
            starts[i] = seconds[i] = -1
    ends = list(map(add, starts, lengths))
    for d, finder in mapped.items():  # back from the normalised text, as Finder.place maps them
        placed = [i for i in range(bounds[d], bounds[d + 1]) if starts[i] != -1]
        for i, (start, end) in zip(placed, finder.spans([starts[i] for i in placed], [ends[i] for i in placed])):
            starts[i], ends[i] = start, end
    own: dict[int, AlignStats] = {}
    for d, finder in slow.items():
        doc_stats = own[d] = AlignStats()
        a, b = bounds[d], bounds[d + 1]
        spans = list(zip(given[0][a:b], given[1][a:b], span_texts[a:b]))
        for i, where in zip(range(a, b), align_spans(finder, spans, doc_stats)):  # type: ignore[arg-type]
            if where is None:
                starts[i] = -1
            else:
                starts[i], ends[i] = where
    return starts, ends, BatchStats(starts, seconds, bounds, own)
