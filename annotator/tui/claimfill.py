"""Textual-free prefill of a claim's context fields (guidelines §3.6), beside the number
parser's value, kind, unit and approx (:func:`annotator.tui.prefill.claim_fields`).

* ``time``: the parser's reading, else the value of a date claim of the record in the same
  clause, else of the nearest date claim before it in the same sentence (never for a date);
* ``place``: the GPE/LOC mentions that follow في in the claim's clause, with the ones
  coordinated to them by و (``153 هجوماً في العراق وسوريا`` → [العراق, سوريا]);
* ``source``: the speaker of the innermost quote that contains the claim (narration: null).
"""

from __future__ import annotations

from typing import Any

import regex

from annotator.model import Annotation, Claim
from annotator.tui.prefill import bounds, claim_fields, clause_bounds

PLACE_LABELS = ("GPE", "LOC")
_IN = regex.compile(r"(?:^|\s)(?:و?في|و)\s*$")


def _time(record: Annotation, text: str, start: int, end: int) -> str | None:
    dates = [c for c in record.claims if c.kind == "date" and isinstance(c.value, str) and not (c.start == start and c.end == end)]
    c_lo, c_hi = clause_bounds(text, start, end)
    in_clause = [c for c in dates if c_lo <= c.start and c.end <= c_hi]
    if in_clause:
        return min(in_clause, key=lambda c: abs(c.start - start)).value
    s_lo, _ = bounds(text, start, end)
    before = [c for c in dates if s_lo <= c.start and c.end <= start]
    return max(before, key=lambda c: c.end).value if before else None


def _places(record: Annotation, text: str, start: int, end: int) -> list[str]:
    lo, hi = clause_bounds(text, start, end)
    mentions = sorted(
        (e for e in record.entities if e.label in PLACE_LABELS and lo <= e.start and e.end <= hi and not (e.start < end and e.end > start)),
        key=lambda e: e.start,
    )
    places: list[str] = []
    previous_end: int | None = None
    for e in mentions:
        lead = text[lo if previous_end is None else previous_end : e.start]
        after_fi = regex.search(r"(?:^|\s)و?في\s*$", lead) is not None
        coordinated = previous_end is not None and places and regex.fullmatch(r"\s*و", lead) is not None
        if after_fi or coordinated:
            places.append(e.id)
            previous_end = e.end
    return places


def _source(record: Annotation, start: int, end: int) -> str | None:
    around = [q for q in record.quotes if q.start <= start and end <= q.end]
    return min(around, key=lambda q: q.end - q.start).speaker if around else None


def claim_prefill(record: Annotation, text: str, start: int, end: int) -> dict[str, Any]:
    """Every field of the claim form for a new claim on ``[start, end)``."""
    fields = claim_fields(text[start:end], doc_text=text, start=start)
    if fields["kind"] != "date" and not fields.get("time"):
        fields["time"] = _time(record, text, start, end)
    fields["place"] = _places(record, text, start, end)
    fields["source"] = _source(record, start, end)
    return fields


def claim_candidates_equal(claim: Claim, fields: dict[str, Any]) -> dict[str, bool]:
    """Which prefilled fields equal the claim's (the measure of issue 11, item 7)."""
    return {name: fields.get(name) == getattr(claim, name) and type(fields.get(name)) is type(getattr(claim, name))
            for name in ("value", "unit", "kind", "time", "place", "source")}
