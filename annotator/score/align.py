"""Aligning string-anchored predictions (a ``text`` without offsets) to the document.

Each such span goes, in the order given, to the first occurrence of its text (compared
under :func:`annotator.text.arabic.normalize`) that no other prediction of the same layer
already holds. The alignment is reported: ``aligned`` (the text occurs once), ``ambiguous``
(several occurrences; the first free one was taken) or ``not_found`` (no free occurrence:
the prediction stays unplaced and counts as spurious).
"""

from dataclasses import dataclass

from annotator.text.arabic import NormalizedIndex


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


class Finder(NormalizedIndex):
    """Occurrences of a query in one document under ``normalize``, the document normalised
    once however many spans are looked up."""

    __slots__ = ()

    def find(self, query: str) -> list[tuple[int, int]]:
        return self.find_all(query)


def align_spans(
    finder: Finder, spans: list[tuple[int | None, int | None, str]], stats: AlignStats
) -> list[tuple[int, int] | None]:
    """Offsets for every span (given ones kept, string-anchored ones aligned, None if not found)."""
    taken = {(s, e) for s, e, _ in spans if s is not None and e is not None}
    out: list[tuple[int, int] | None] = []
    for start, end, text in spans:
        if start is not None and end is not None:
            out.append((start, end))
            continue
        occurrences = finder.find(text)
        free = [o for o in occurrences if o not in taken]
        if not free:
            stats.not_found += 1
            out.append(None)
            continue
        if len(occurrences) == 1:
            stats.aligned += 1
        else:
            stats.ambiguous += 1
        taken.add(free[0])
        out.append(free[0])
    return out
