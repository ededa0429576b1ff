"""English words for counts on the screen and in reports: ``1 match``, ``2 matches``."""

from __future__ import annotations

_IRREGULAR = {"match": "matches", "quote": "quotes", "entity": "entities", "gate": "gates", "sample": "samples"}


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun in the number it takes (``1 document``, ``0 documents``)."""
    if n == 1:
        return f"{n} {singular}"
    return f"{n} {plural or _IRREGULAR.get(singular) or singular + 's'}"
