"""The driver: every matcher at each token, longest match first, and the public functions."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from annotator.text.arabic import normalize_with_map
from annotator.text.numbers.dates import DateRules
from annotator.text.numbers.nouns import NounRules
from annotator.text.numbers.quantities import QuantityRules
from annotator.text.numbers.tokens import Match, Value, tokenize
from annotator.text.numbers.units import APPROX_BEFORE


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """The normalised reading of one numeric expression."""

    value: Value
    kind: str  # count|date|duration|percent|money|ratio|ordinal|other
    unit: str | None = None
    approx: bool = False
    time: str | None = None


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A numeric expression found in a text: ``[start, end)`` code points."""

    start: int
    end: int
    text: str
    value: Value
    kind: str
    unit: str | None = None
    approx: bool = False
    time: str | None = None


class Parser(QuantityRules, NounRules, DateRules):
    """The matchers of every kind over one normalised text, and the left-to-right driver."""

    def __init__(self, norm: str, *, year: int | None, strict: bool, raw: str = "",
                 offsets: list[int] | None = None, ref: datetime.date | None = None) -> None:
        super().__init__(tokenize(norm), raw, offsets)
        self.ref = ref
        self.norm = norm
        self.year = year  # the context year for yearless dates
        self.strict = strict

    # -- driver ----------------------------------------------------------
    def match_at(self, i: int) -> Match | None:
        matchers: tuple[Callable[[int], Match | None], ...] = (
            self.m_date, self.m_quantity, self.m_range, self.m_dual, self.m_one_and_fraction, self.m_relative,
            self.m_ordinal, self.m_multiplier, self.m_fraction,
        )
        if i >= len(self.toks):
            return None
        best: Match | None = None
        for matcher in matchers:
            m = matcher(i)
            if m is not None and (best is None or m.j > best.j):
                best = m
        return best

    def approx_at(self, i: int) -> tuple[int, int] | None:
        for marker in APPROX_BEFORE:
            hit = self.seq(i, marker, clitic_first=True)
            if hit is not None:
                return hit
        return None

    def run(self) -> list[Match]:
        out: list[Match] = []
        i = 0
        while i < len(self.toks):
            approx = self.approx_at(i)
            m = None
            if approx is not None:
                inner = self.match_at(approx[0])
                if inner is not None and inner.kind != "date":
                    m = Match(i, inner.j, self.toks[i].start + approx[1], inner.end, inner.value,
                               inner.kind, inner.unit, True, inner.year)
            if m is None:
                m = self.match_at(i)
            if m is None:
                i += 1
                continue
            if m.year is not None:
                self.year = m.year
            out.append(m)
            i = m.j
        return out


def find_numbers(text: str, *, year: int | None = None, strict: bool = True,
                 ref: datetime.date | None = None) -> list[NumberMention]:
    """All numeric expressions in ``text``, left to right, non-overlapping.

    ``year`` is the context year for dates that name no year before any
    explicit year appears in the text.  ``strict`` (the default, for running
    over documents) leaves out readings that are only plausible when a
    human has selected the span: an ordinal adjective with no counted noun
    (الأول) and a bare four-digit number not introduced by في/منذ/عام ...,
    and a relative date (العام الماضي) that ``ref`` (the document's date) does not resolve.
    """
    norm, offsets = normalize_with_map(text)
    parser = Parser(norm, year=year, strict=strict, raw=text, offsets=offsets, ref=ref)
    mentions = []
    for m in parser.run():
        start, end = offsets[m.start], offsets[m.end]
        value = m.value
        if isinstance(value, tuple):  # a yearless date never resolved
            value = None
        mentions.append(NumberMention(start, end, text[start:end], value, m.kind, m.unit, m.approx))
    return mentions


def context_year(text: str, offset: int) -> int | None:
    """The latest year the text states explicitly before ``offset`` (for ``parse_number(year=)``).

    The claim form calls ``parse_number(span, year=context_year(doc_text, span_start))`` so
    that a selected ``من يناير إلى يونيو`` gets the year of the surrounding text.
    """
    norm, _ = normalize_with_map(text[: max(0, offset)])
    parser = Parser(norm, year=None, strict=True)
    parser.run()
    return parser.year


def parse_number(s: str, *, year: int | None = None, ref: datetime.date | None = None) -> ParsedNumber | None:
    """Read the numeric expression in a selected span (the claim form's prefill).

    Returns None when ``s`` contains no number.  When the span holds a
    quantity and a date (``153 هجوماً في عام 2023``), the quantity is the
    value and the date becomes ``time``.  ``ref`` is the document's date (its
    ``meta``), which resolves relative dates: العام الماضي = ``str(ref.year - 1)``.
    """
    mentions = find_numbers(s, year=year, strict=False, ref=ref)
    if not mentions:
        return None
    quantities = [m for m in mentions if m.kind != "date"]
    dates = [m for m in mentions if m.kind == "date" and m.value is not None]
    if quantities:
        main = max(quantities, key=lambda m: m.end - m.start)
        time = dates[0].value if dates else None
        return ParsedNumber(main.value, main.kind, main.unit, main.approx, time if isinstance(time, str) else None)
    main = max(mentions, key=lambda m: m.end - m.start)
    return ParsedNumber(main.value, main.kind, main.unit, main.approx)
