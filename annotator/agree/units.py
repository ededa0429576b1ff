"""The units of the unitized alpha: the code points of a document, coded by each annotator.

Each annotator codes every code point of the text, for one layer, with the labels of its
spans that cover that code point (sorted and joined with ``+``, so that a nested ORG inside
an ORG codes ``ORG+ORG``), or ``∅`` when none does. Code points between two consecutive
span boundaries (of any annotator) carry the same values, so they are one run, given with
its length as weight: the work is proportional to the number of spans, not of code points.
"""

from collections.abc import Sequence

GAP = "∅"

Span = tuple[int, int, str]


def runs(length: int, coders: Sequence[Sequence[Span]]) -> list[tuple[list[str], float]]:
    """(values of every coder, number of code points) for each run of ``[0, length)``."""
    if length <= 0:
        return []
    cuts = {0, length}
    for spans in coders:
        for start, end, _ in spans:
            cuts.add(max(0, min(start, length)))
            cuts.add(max(0, min(end, length)))
    edges = sorted(cuts)
    out: list[tuple[list[str], float]] = []
    for lo, hi in zip(edges, edges[1:]):
        values = []
        for spans in coders:
            labels = sorted(label for start, end, label in spans if start <= lo and hi <= end)
            values.append("+".join(labels) if labels else GAP)
        out.append((values, float(hi - lo)))
    return out
