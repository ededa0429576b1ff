"""Where the rows of a paragraph start: greedy wrapping in logical order, at spaces where
possible, between grapheme clusters in a word wider than the row (:class:`annotator.text.layout.DocumentLayout`)."""

from bisect import bisect_right
from itertools import accumulate, compress
from operator import itemgetter

from .clusters import SIMPLE_MARKS

SPACES = frozenset(" \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000")


def wrap(texts: list[str], widths: list[int], width: int) -> list[int]:
    """Greedy wrap in logical order: cluster indices where rows start (first is 0).

    Each row takes as many clusters as fit; when the first cluster that does not
    fit is a space, the next row starts with it; otherwise the row ends after the
    last space of the row (a break opportunity) or, in a word wider than the row,
    before that cluster.  A cluster wider than the row (a wide character at width 1)
    counts as 1: it is drawn as "\u2026".
    Works on prefix sums with binary search: O(rows * log n) after O(n) C-level
    preparation."""
    n = len(texts)
    if widths and max(widths) > width:
        widths = [w if w <= width else 1 for w in widths]
    if n <= width and widths.count(1) == n:  # fits; the common short paragraph
        return [0]
    prefix = list(accumulate(widths, initial=0))
    if prefix[-1] <= width:
        return [0]
    is_space = list(map(SPACES.__contains__, map(first_char, texts)))
    breaks = [i + 1 for i in compress(range(n), is_space)]  # a row may start here
    starts = [0]
    a = 0
    while True:
        e = bisect_right(prefix, prefix[a] + width) - 1  # clusters [a, e) fit
        if e >= n:
            return starts
        if not is_space[e]:
            j = bisect_right(breaks, e) - 1
            if j >= 0 and breaks[j] > a:
                e = breaks[j]
        if e <= a:  # (defensive) always make progress
            e = a + 1
        starts.append(e)
        a = e


first_char = itemgetter(0)
DELETE_SIMPLE_MARKS = str.maketrans(dict.fromkeys(map(ord, SIMPLE_MARKS)))


def wrap_simple(text: str, width: int) -> list[int]:
    """:func:`wrap` for a simple paragraph (see clusters.is_simple) straight from its
    text: there every cluster is a base character plus its marks (or a leading run
    of marks) and is one cell wide, the only space is U+0020, so deleting the marks
    leaves one character per cluster and rows are found with ``str.rfind``."""
    bases = text.translate(DELETE_SIMPLE_MARKS)
    if text and text[0] in SIMPLE_MARKS:  # a leading run of marks is a cluster too
        bases = "\u25cc" + bases
    n = len(bases)
    starts = [0]
    a = 0
    while a + width < n:
        e = a + width  # clusters [a, e) fit, cluster e does not
        if bases[e] != " ":
            j = bases.rfind(" ", a, e)
            if j >= 0:
                e = j + 1
        starts.append(e)
        a = e
    return starts
