"""Quantities: a cardinal with its counted noun, percent sign or word, currency; ranges."""

from __future__ import annotations

from annotator.text.numbers.cardinals import CardinalRules
from annotator.text.numbers.tokens import Match
from annotator.text.numbers.units import (
    APPROX_AFTER,
    CURRENCIES,
    CURRENCY_ADJECTIVES,
    CURRENCY_PLURALS,
    CURRENCY_SYMBOLS,
    PERCENT_AFTER_FI,
    PERCENT_SIGNS,
    PERCENT_WORDS,
    UNIT_FORMS,
)
from annotator.text.numbers.words import (
    AND_FRACTIONS,
    FRACTION_PLURALS,
    MULTIPLIER_PLURAL,
    SCALES,
)

_MINUS = frozenset("-\u2212")  # hyphen-minus, minus sign
_DASHES = frozenset("-\u2013")  # hyphen-minus, en dash: 20-30


class QuantityRules(CardinalRules):
    """Quantity matchers (a mixin of ``parser.Parser``)."""

    def sign_before(self, i: int) -> bool:
        """A minus sign at i that belongs to the number after it (-3%, not the dash of 20-30)."""
        if self.sym(i) not in _MINUS or not self.adjacent(i) or self.toks[i + 1].kind != "num":
            return False
        return not (self.adjacent(i - 1) and self.toks[i - 1].kind in ("num", "word"))

    def m_quantity(self, i: int) -> Match | None:
        toks = self.toks
        prefix = None
        k = i
        if self.sym(i) in CURRENCY_SYMBOLS:
            prefix, k = "money", i + 1
        elif self.sym(i) in PERCENT_SIGNS and self.adjacent(i) and toks[i + 1].kind == "num":
            prefix, k = "percent", i + 1  # ٪40: the sign before the number, as typed right to left
        negative = self.sign_before(k)
        card = self.cardinal(k + 1 if negative else k)
        if card is None:
            return None
        j, value, clen = card
        if negative:
            value = -value
        start = toks[i].start + (clen if k == i and not negative else 0)
        kind, unit = "count", None
        if prefix == "money":
            kind, unit = "money", CURRENCY_SYMBOLS[self.sym(i) or ""]
        elif prefix == "percent":
            kind = "percent"
        elif self.sym(j) in PERCENT_SIGNS:
            kind, j = "percent", j + 1
        elif self.word(j) in PERCENT_WORDS:
            kind, j = "percent", j + 1
        elif self.word(j) == "في" and self.word(j + 1) in PERCENT_AFTER_FI:
            kind, j = "percent", j + 2
        elif self.sym(j) in CURRENCY_SYMBOLS:
            kind, unit, j = "money", CURRENCY_SYMBOLS[self.sym(j) or ""], j + 1
        else:
            money = self.currency(j)
            if money is not None:
                j, unit = money
                kind = "money"
            else:
                w = self.word(j)
                if w is not None and w in UNIT_FORMS:
                    unit, kind, _ = UNIT_FORMS[w]
                    j += 1
                    if kind == "duration" and self.word(j) in AND_FRACTIONS:  # ثلاث ساعات ونصف
                        value, j = value + AND_FRACTIONS[self.word(j) or ""], j + 1
                elif w == MULTIPLIER_PLURAL:
                    kind, j = "ratio", j + 1
                elif w in FRACTION_PLURALS and isinstance(value, int) and value < FRACTION_PLURALS[w]:
                    value, kind, j = value / FRACTION_PLURALS[w], "ratio", j + 1
        approx = False
        if self.word(j) in APPROX_AFTER:
            approx, j = True, j + 1
        return Match(i, j, start, toks[j - 1].end, value, kind, unit, approx)

    def currency(self, j: int) -> tuple[int, str] | None:
        w = self.word(j)
        if w is None:
            return None
        base = None
        for form in (w, w[:-1] if w.endswith("ا") else None):
            if form in CURRENCIES:
                base = form
            elif form in CURRENCY_PLURALS:
                base = CURRENCY_PLURALS[form]
            if base:
                break
        if base is None:
            return None
        code = CURRENCIES[base]
        adj = self.word(j + 1)
        if adj is not None:
            for form in (adj, adj[:-1] if adj.endswith("ا") else adj, adj[:-1] if adj.endswith("ه") else adj):
                if (base, form) in CURRENCY_ADJECTIVES:
                    return j + 2, CURRENCY_ADJECTIVES[(base, form)]
        return j + 1, code

    def m_range(self, i: int) -> Match | None:
        """بين 20 و30 شخصاً, 20-30 شخصاً (and, in a selected span, من 5 إلى 10 آلاف): the lower
        bound, with the scale and unit of the upper one, marked approximate."""
        toks = self.toks
        w = self.word(i)
        k, clen = i, 0
        if w == "ما" and self.word(i + 1) == "بين":
            k, w = i + 1, "بين"
        elif w in ("وبين", "ومن"):
            clen, w = 1, w[1:]
        if w in ("بين", "من") and not (w == "من" and self.strict):
            first, low = k + 1, self.cardinal(k + 1)
            if low is None:
                return None
            j = low[0] + (1 if self.sym(low[0]) in PERCENT_SIGNS else 0)
            if w == "بين" and self.word(j) == "و":
                high = self.m_quantity(j + 1)
            elif w == "بين" and (self.word(j) or "").startswith("و"):
                high = self.m_quantity(j)
                high = high if high is not None and high.start > toks[j].start else None  # و glued on
            elif w == "من" and self.word(j) in ("الي", "حتي"):
                high = self.m_quantity(j + 1)
            else:
                return None
        elif toks[i].kind == "num" and self.sym(i + 1) in _DASHES and self.adjacent(i) and self.adjacent(i + 1):
            first, low, high = i, self.cardinal(i), self.m_quantity(i + 2)
            if low is None or low[0] != i + 1:
                return None
        else:
            return None
        if high is None or high.value is None:
            return None
        value = low[1]
        if not any(self.word(t) in SCALES for t in range(first, low[0])):  # بين 3 و5 ملايين = 3e6
            scale = next((SCALES[s] for t in range(high.i, high.j) if (s := self.word(t) or "") in SCALES), 1)
            value = value * scale
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(high.value, (int, float)) or value >= high.value:
            return None  # 1-0, المادة 3-2: a score or a reference, not a range
        return Match(i, high.j, toks[i].start + clen, high.end, value, high.kind, high.unit, True)
