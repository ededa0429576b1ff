"""Textual-free defaults of the quote and claim forms.

* quote kind: ``direct`` when the span is enclosed in quotation marks, ``mixed`` when only
  part of it is quoted (a quoted passage of two words or more inside it; a quoted single
  term is a scare quote or a name, guidelines §2.7), else ``indirect``;
* cue: the reporting verb that introduces the quote, without proclitics (guidelines §2.4):
  a postposed ``كما أوضح`` right after the quote, else the nearest verb before it (a finite
  verb whose only other word before the participle is its subject wins over قائلاً);
* speaker: never a mention inside the quote or inside other quoted words; the subject of
  the cue (the first PER/ORG after the verb in its clause, not after a preposition ل/ب,
  agreeing with a feminine verb), else the first PER/ORG of the sentence before the cue,
  else the nearest preceding PER/ORG (guidelines §2.5); else nothing, and the form says so;
* claim fields: the Arabic number parser's reading of the selected text (``claimfill``
  adds time, place and source from the context).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from annotator.model import Annotation, Entity
from annotator.text.arabic import QUOTE_PAIRS, enclosing_quotes, normalize

SPEAKER_LABELS = ("PER", "ORG")
CUE_WINDOW = 120  # code points searched before and after a quote for its reporting verb

# Reporting verbs in normalised spelling (ا for أ/إ/آ, ي for ى, ه for ة), without و/ف.
REPORTING_STEMS = (
    "قال", "قالت", "قائلا", "قاله", "يقول", "تقول", "اكد", "اكدت", "يؤكد", "مؤكدا", "اوضح", "اوضحت", "يوضح",
    "صرح", "صرحت", "اشار", "اشارت", "يشير", "اضاف", "اضافت", "ذكر", "ذكرت", "اعلن", "اعلنت", "اعرب", "اعربت",
    "خلص", "خلصت", "زعم", "زعمت", "نقل", "نقلت", "افاد", "افادت", "شدد", "شددت", "لفت", "لفتت", "تابع", "تابعت",
    "اعتبر", "اعتبرت", "راي", "رات", "كشف", "كشفت", "ورد", "اكدا", "بين", "بينت", "نفى", "نفي", "نفت", "حذر", "حذرت",
    "مضيفا", "موضحا", "مشيرا", "معتبرا", "قوله",
    "قائله", "مؤكده", "مضيفه", "موضحه", "مشيره", "معتبره",  # feminine participles (قائلة، مشيرة ...)
)
PARTICIPLES = frozenset({"قائلا", "مؤكدا", "مضيفا", "موضحا", "مشيرا", "معتبرا", "قائله", "مؤكده", "مضيفه", "موضحه", "مشيره", "معتبره"})
NOT_POSTPOSED = frozenset({"ورد"})  # كما ورد في: the source of a report, not its speaker (§2.7)
_STEMS = frozenset(REPORTING_STEMS)
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_SENTENCE_END = regex.compile(r"[.!?؟](?=\s|[\"»”]|$)|\n")
_CLAUSE_END = regex.compile(r"[.!?؟،,;؛:](?=\s|[\"»”]|$)|\n")
_CLAUSE_BREAK_WORDS = frozenset({"ان", "انه", "انها", "بان", "بانه"})  # a content clause starts: the subject is before it
NO_SPEAKER = "no PER/ORG mention outside the quote fits: speaker left empty"


@dataclass(frozen=True)
class Candidate:
    """A span offered by a form (a speaker mention or a cue verb)."""

    start: int
    end: int
    text: str
    ref: str | None = None  # the entity id of a speaker candidate


def with_current(candidates: list[Candidate], current: Candidate | None) -> list[Candidate]:
    """``candidates`` with the value a form was opened with (first when it was missing), so
    that accepting the form unchanged keeps it."""
    if current is None:
        return candidates
    same = (lambda c: c.ref == current.ref) if current.ref is not None else (lambda c: (c.start, c.end) == (current.start, current.end))
    return candidates if any(same(c) for c in candidates) else [current, *candidates]


# -- text structure -------------------------------------------------------------------


def bounds(text: str, start: int, end: int, pattern: regex.Pattern = _SENTENCE_END) -> tuple[int, int]:
    """The sentence (or clause, with ``_CLAUSE_END``) around ``[start, end)``."""
    lo = 0
    for m in pattern.finditer(text, 0, start):
        lo = m.end()
    m = pattern.search(text, end)
    return lo, (m.start() if m else len(text))


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    return bounds(text, start, end, _CLAUSE_END)


def quoted_passages(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every passage in quotation marks (marks included) of two words or
    more: quoted speech, not a scare quote or a quoted name."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        close = QUOTE_PAIRS.get(ch)
        if close is None or ch in "'’‘":  # apostrophes are not quotation marks here
            i += 1
            continue
        j = text.find(close, i + 1)
        newline = text.find("\n", i + 1)
        if j == -1 or (newline != -1 and newline < j):
            i += 1
            continue
        if len(_WORD.findall(text, i + 1, j)) >= 2:
            out.append((i, j + 1))
        i = j + 1
    return out


def _inside(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= s and e <= b for a, b in spans)


# -- kind -----------------------------------------------------------------------------


def quote_kind(text: str, start: int, end: int) -> str:
    if enclosing_quotes(text, start, end):
        return "direct"
    span = text[start:end]
    if any(True for _ in quoted_passages(span)):
        return "mixed"
    marks = [ch for ch in span if ch in QUOTE_PAIRS and ch not in "'’‘"]
    if len(marks) % 2 == 1 and len(_WORD.findall(span)) >= 2:  # a quoted part that runs past the span's edge
        return "mixed"
    return "indirect"


# -- cue ------------------------------------------------------------------------------


def _stem(word: str) -> tuple[str, int]:
    """The normalised reporting stem of ``word`` and the length of its proclitic (0 or 1)."""
    w = normalize(word)
    if w in _STEMS:
        return w, 0
    if w[:1] in ("و", "ف") and w[1:] in _STEMS:
        return w[1:], 1
    return "", 0


def _verbs(text: str, lo: int, hi: int, start: int, end: int) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _WORD.finditer(text, lo, hi):
        s, e = m.span()
        if s < end and e > start:
            continue  # inside the quote itself
        stem, clitic = _stem(m.group())
        if stem:
            found.append(Candidate(s + clitic, e, text[s + clitic : e]))
    return found


def _distance(start: int, end: int, s: int, e: int) -> int:
    if e <= start:
        return start - e
    if s >= end:
        return s - end
    return 0


def cue_candidates(text: str, start: int, end: int, window: int = CUE_WINDOW, mentions: list[Entity] | None = None) -> list[Candidate]:
    """Reporting verbs within ``window`` code points of the span and in its paragraph, the
    one that introduces the quote first (see the module's docstring), without proclitics.
    ``mentions`` (the record's entities) let a finite verb followed only by its subject
    win over the participle after it (وصرّح أوستن قائلاً → صرّح)."""
    lo, hi = max(0, start - window), min(len(text), end + window)
    lo = max(lo, text.rfind("\n", 0, start) + 1)
    newline = text.find("\n", end)
    hi = min(hi, newline if newline != -1 else len(text))
    found = _verbs(text, lo, hi, start, end)
    sentence = bounds(text, start, end)

    def postposed(c: Candidate) -> bool:  # "..., كما أوضح أوستن"
        between = text[end : c.start]
        return c.start >= end and normalize(c.text) not in NOT_POSTPOSED and regex.fullmatch(r"[\s\"»”،,]*كما\s+", between) is not None

    def rank(c: Candidate) -> tuple:
        return (not postposed(c), c.start > start, not sentence[0] <= c.start < sentence[1], _distance(start, end, c.start, c.end))

    found.sort(key=rank)
    if len(found) >= 2 and normalize(found[0].text) in PARTICIPLES:
        participle = found[0]
        before = [c for c in found[1:] if c.end <= participle.start and normalize(c.text) not in PARTICIPLES]
        if before:
            verb = max(before, key=lambda c: c.end)
            gap = text[verb.end : participle.start]
            for e in mentions or []:
                if verb.end <= e.start and e.end <= participle.start:
                    gap = gap.replace(e.text, " ", 1)
            if not gap.strip(" \u200f\u200e"):
                found.remove(verb)
                found.insert(0, verb)
    return found


# -- speaker --------------------------------------------------------------------------


def _feminine_verb(cue: str) -> bool:
    w = normalize(cue)
    return (w.endswith("ت") and w[:-1] in _STEMS) or (w.startswith("ت") and ("ي" + w[1:]) in _STEMS)


def _feminine(e: Entity) -> bool:
    first = normalize(e.text.split()[0]) if e.text.split() else ""
    return first.endswith("ه") or first.endswith("ات")


def _after_preposition(text: str, e: Entity) -> bool:
    """A mention attached to ل/ب (لوزارة الدفاع, بالعراق): a complement, not a subject."""
    return e.start > 0 and text[e.start - 1] in "لب" and (e.start < 2 or not text[e.start - 2].isalpha())


def speaker_choice(record: Annotation, text: str, start: int, end: int, cue: Candidate | None) -> Entity | None:
    """The prefilled speaker (see the module's docstring), or None."""
    quoted = quoted_passages(text)
    outside = [
        e for e in record.entities
        if e.label in SPEAKER_LABELS and not (e.start < end and e.end > start) and not _inside(e.start, e.end, quoted)
    ]
    outer = [e for e in outside if not any(o is not e and o.start <= e.start and e.end <= o.end for o in outside)]
    feminine = cue is not None and _feminine_verb(cue.text)
    agrees = [e for e in outer if not feminine or _feminine(e)]
    s_lo, s_hi = bounds(text, start, end)
    if cue is not None and normalize(cue.text) == "قوله":
        # a relayed quote, نقلت الوكالة عن الوزير X قوله: the speaker is X, not the outlet (§2.4)
        c_lo, _ = clause_bounds(text, cue.start, cue.end)
        relayed = [e for e in outer if c_lo <= e.start and e.end <= cue.start and not _after_preposition(text, e)]
        if relayed:
            return max(relayed, key=lambda e: e.end)
    if cue is not None:
        c_lo, c_hi = clause_bounds(text, cue.start, cue.end)
        stop = min(c_hi, start if cue.end <= start else c_hi)
        for m in _WORD.finditer(text, cue.end, stop):  # a content clause (أن ...) ends the subject's room
            if normalize(m.group()) in _CLAUSE_BREAK_WORDS:
                stop = m.start()
                break
        after = [e for e in agrees if cue.end <= e.start and e.end <= stop and not _after_preposition(text, e)]
        if after:
            return min(after, key=lambda e: e.start)
        before = [e for e in agrees if s_lo <= e.start and e.end <= cue.start and not _after_preposition(text, e)]
        if before:
            return min(before, key=lambda e: e.start)
    else:
        before = [e for e in agrees if s_lo <= e.start and e.end <= start]
        if before:
            return max(before, key=lambda e: e.end)
    origin = cue.start if cue is not None and cue.start < start else start
    preceding = [e for e in agrees if e.end <= origin]
    return max(preceding, key=lambda e: e.end) if preceding else None


def speaker_candidates(record: Annotation, start: int, end: int, text: str | None = None, cue: Candidate | None = None) -> list[Candidate]:
    """PER/ORG mentions outside the quote, nearest first; with ``text``, the prefilled
    speaker (:func:`speaker_choice`) first."""
    mentions: list[Entity] = [
        e for e in record.entities if e.label in SPEAKER_LABELS and not (e.start < end and e.end > start)
    ]
    mentions.sort(key=lambda e: (_distance(start, end, e.start, e.end), e.start > start, e.start))
    if text is not None:
        best = speaker_choice(record, text, start, end, cue)
        mentions.sort(key=lambda e: e is not best)
    return [Candidate(e.start, e.end, e.text, e.id) for e in mentions]


def claim_fields(span_text: str, *, doc_text: str = "", start: int = 0) -> dict[str, Any]:
    """The claim form's prefill from the number parser (``kind`` ``other`` when it reads nothing).
    A date without a year (من يناير إلى يونيو) takes the latest year the document states before it."""
    from annotator.text.numbers import context_year, parse_number

    fields: dict[str, Any] = {"kind": "other", "value": None, "unit": None, "approx": False, "time": None}
    parsed = parse_number(span_text, year=context_year(doc_text, start) if doc_text else None)
    if parsed is None:
        return fields
    fields.update(kind=parsed.kind, value=coerce_value(parsed.value, parsed.kind), unit=parsed.unit, approx=parsed.approx, time=parsed.time)
    return fields


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


def parse_value(raw: str, kind: str | None = None) -> int | float | str | None:
    """A claim value typed in the form (Western, Arabic-Indic or Persian digits): the ISO
    string for a ``date`` claim, a number for every other kind (the text itself when it
    is not one, for the model to refuse with a message)."""
    raw = raw.strip().translate(_DIGITS)
    if not raw:
        return None
    if kind == "date":
        return raw
    digits = raw.replace(",", "")
    try:
        return int(digits)
    except ValueError:
        pass
    try:
        return float(digits)
    except ValueError:
        return raw


def coerce_value(value: Any, kind: str) -> Any:
    """``value`` in the type its claim ``kind`` requires: a whole number is the ISO year of a
    date (2019 -> "2019"), a numeric string the number of a count; anything else unchanged."""
    if kind == "date" and isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))
    if kind != "date" and isinstance(value, str):
        return parse_value(value, kind)
    return value
