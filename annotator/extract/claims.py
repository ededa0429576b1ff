"""Baseline numeric claims: ``numbers.find_numbers`` plus time, place and source heuristics.

* time: for a non-date claim, the value of a date mention that follows within a
  few words in the same sentence (الجولة الأولى في أغسطس 2023), else of the
  latest date mention earlier in the sentence.
* place: places (GPE/LOC) that follow the claim in its sentence after في.
* source: the speaker of the quote the claim sits in; null in narration.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.extract.entities import Found
from annotator.extract.quotes import FoundQuote
from annotator.extract.tokens import Text
from annotator.text.numbers import NumberMention, find_numbers

_FOLLOWING_DATE_CHARS = 25  # "في سوريا خلال " and the like


@dataclass(frozen=True, slots=True)
class FoundClaim:
    mention: NumberMention
    time: str | None
    place: list[Found]
    source: Found | None


def _sentence(text: Text, raw_offset: int) -> int:
    k = text.token_at(text.norm_offset(raw_offset))
    return text.tokens[min(k, len(text.tokens) - 1)].sentence


def find_claims(text: Text, entities: list[Found], quotes: list[FoundQuote]) -> list[FoundClaim]:
    mentions = find_numbers(text.raw)
    places = [e for e in entities if e.label in ("GPE", "LOC")]
    out = []
    for m in mentions:
        sentence = _sentence(text, m.start)
        time = None
        if m.kind != "date":
            before = [d for d in mentions if d.kind == "date" and d.value and d.end <= m.start
                      and _sentence(text, d.start) == sentence]
            after = [d for d in mentions if d.kind == "date" and d.value and d.start >= m.end
                     and d.start - m.end <= _FOLLOWING_DATE_CHARS and _sentence(text, d.start) == sentence]
            if after:
                time = after[0].value
            elif before:
                time = before[-1].value
        place = []
        if m.kind != "date":
            for e in places:
                raw_start, raw_end = text.span(e.start, e.end)
                if raw_start >= m.end and raw_start - m.end <= 30 and _sentence(text, raw_start) == sentence \
                        and "في" in text.raw[m.end:raw_start]:
                    place.append(e)
        source = None
        for q in quotes:
            qs, qe = text.span(q.start, q.end)
            if qs <= m.start and m.end <= qe:
                source = q.speaker
                break
        out.append(FoundClaim(m, time if isinstance(time, str) else None, place, source))
    return out
