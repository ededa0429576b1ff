"""Search in the open document with ``annotator.text.arabic``'s matching, indexed once.

``find_all(text, query)`` normalises the whole text on every call (a quarter of a second
on a 1 MB document: too slow per keystroke). ``DocumentSearch`` normalises the document
once with ``normalize_with_map`` and then matches exactly as ``find_all`` does
(non-overlapping, left to right, offsets mapped back to the text); a test checks the two
agree.
"""

from __future__ import annotations

from annotator.text.arabic import normalize, normalize_with_map


class DocumentSearch:
    def __init__(self, text: str) -> None:
        self.text = text
        self._index: tuple[str, list[int]] | None = None

    def find_all(self, query: str) -> list[tuple[int, int]]:
        needle = normalize(query)
        if not needle:
            return []
        if self._index is None:
            self._index = normalize_with_map(self.text)
        hay, offsets = self._index
        found: list[tuple[int, int]] = []
        pos = hay.find(needle)
        while pos != -1:
            end = pos + len(needle)
            found.append((offsets[pos], offsets[end]))
            pos = hay.find(needle, end)
        return found
