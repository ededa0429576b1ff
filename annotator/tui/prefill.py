"""Textual-free defaults of the quote and claim forms.

* quote kind: ``direct`` when the span is enclosed in quotation marks, else ``indirect``;
* speaker candidates: the document's PER/ORG entity mentions, nearest to the span first;
* cue candidates: reporting verbs (قال، أكد، أوضح ...) near the span, nearest first;
* claim fields: the Arabic number parser's reading of the selected text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from annotator.model import Annotation, Entity
from annotator.text.arabic import enclosing_quotes, normalize

SPEAKER_LABELS = ("PER", "ORG")
CUE_WINDOW = 120  # code points searched before and after a quote for its reporting verb

# Reporting verbs in normalised spelling (ا for أ/إ/آ, ي for ى, ه for ة), without و/ف.
REPORTING_STEMS = (
    "قال", "قالت", "قائلا", "قاله", "يقول", "تقول", "اكد", "اكدت", "يؤكد", "مؤكدا", "اوضح", "اوضحت", "يوضح",
    "صرح", "صرحت", "اشار", "اشارت", "يشير", "اضاف", "اضافت", "ذكر", "ذكرت", "اعلن", "اعلنت", "اعرب", "اعربت",
    "خلص", "خلصت", "زعم", "زعمت", "نقل", "نقلت", "افاد", "افادت", "شدد", "شددت", "لفت", "لفتت", "تابع", "تابعت",
    "اعتبر", "اعتبرت", "راي", "رات", "كشف", "كشفت", "ورد", "اكدا", "بين", "بينت", "نفى", "نفي", "نفت", "حذر", "حذرت",
)
_STEMS = frozenset(REPORTING_STEMS)
_WORD = regex.compile(r"[\p{L}\p{M}]+")


@dataclass(frozen=True)
class Candidate:
    """A span offered by a form (a speaker mention or a cue verb)."""

    start: int
    end: int
    text: str
    ref: str | None = None  # the entity id of a speaker candidate


def quote_kind(text: str, start: int, end: int) -> str:
    return "direct" if enclosing_quotes(text, start, end) else "indirect"


def _distance(start: int, end: int, s: int, e: int) -> int:
    if e <= start:
        return start - e
    if s >= end:
        return s - end
    return 0


def speaker_candidates(record: Annotation, start: int, end: int) -> list[Candidate]:
    """PER/ORG mentions, nearest first, those before the span winning ties."""
    mentions: list[Entity] = [e for e in record.entities if e.label in SPEAKER_LABELS]
    mentions.sort(key=lambda e: (_distance(start, end, e.start, e.end), e.start > start, e.start))
    return [Candidate(e.start, e.end, e.text, e.id) for e in mentions]


def cue_candidates(text: str, start: int, end: int, window: int = CUE_WINDOW) -> list[Candidate]:
    """Reporting verbs within ``window`` code points of the span and in its paragraph:
    those before the span first (Arabic news mostly puts the verb first), nearest first."""
    lo, hi = max(0, start - window), min(len(text), end + window)
    lo = max(lo, text.rfind("\n", 0, start) + 1)
    newline = text.find("\n", end)
    hi = min(hi, newline if newline != -1 else len(text))
    found: list[Candidate] = []
    for m in _WORD.finditer(text, lo, hi):
        s, e = m.span()
        if s < end and e > start:
            continue  # inside the quote itself
        word = normalize(m.group())
        stem = word[1:] if word[:1] in ("و", "ف") and word[1:] in _STEMS else word
        if stem in _STEMS:
            found.append(Candidate(s, e, text[s:e]))
    found.sort(key=lambda c: (c.start > start, _distance(start, end, c.start, c.end)))
    return found


def claim_fields(span_text: str, *, doc_text: str = "", start: int = 0) -> dict[str, Any]:
    """The claim form's prefill from the number parser (``kind`` ``other`` when it reads nothing).
    A date without a year (من يناير إلى يونيو) takes the latest year the document states before it."""
    from annotator.text.numbers import context_year, parse_number

    fields: dict[str, Any] = {"kind": "other", "value": None, "unit": None, "approx": False, "time": None}
    parsed = parse_number(span_text, year=context_year(doc_text, start) if doc_text else None)
    if parsed is None:
        return fields
    fields.update(kind=parsed.kind, value=parsed.value, unit=parsed.unit, approx=parsed.approx, time=parsed.time)
    return fields


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_value(raw: str) -> int | float | str | None:
    """A claim value typed in the form: a number (Western or Arabic-Indic digits) or an ISO date."""
    raw = raw.strip()
    if not raw:
        return None
    digits = raw.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")).replace(",", "")
    try:
        return int(digits)
    except ValueError:
        pass
    try:
        return float(digits)
    except ValueError:
        return raw
