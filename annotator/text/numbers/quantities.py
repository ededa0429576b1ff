"""Quantities: cardinals, counted nouns, percentages, money, duals, ordinals, fractions."""

from __future__ import annotations

from annotator.text.numbers.tokens import Cursor, Match, digits_value, lookup
from annotator.text.numbers.units import (
    APPROX_AFTER,
    CURRENCIES,
    CURRENCY_ADJECTIVES,
    CURRENCY_PLURALS,
    CURRENCY_SYMBOLS,
    DUAL_FORMS,
    OVER_PHRASES,
    PERCENT_AFTER_FI,
    PERCENT_SIGNS,
    PERCENT_WORDS,
    RELATIVE_PAST,
    UNIT_FORMS,
    UNIT_NOUNS,
)
from annotator.text.numbers.words import (
    CARDINAL_WORDS,
    FRACTION_PLURALS,
    FRACTIONS,
    HUNDREDS,
    MULTIPLIER_PLURAL,
    MULTIPLIERS,
    ONLY_IN_TEENS,
    ORDINALS,
    SCALE_ALONE,
    SCALE_DUALS,
    SCALES,
    TEN,
    TENS,
    UNITS_1_9,
)


class QuantityRules(Cursor):
    """Quantity matchers (a mixin of ``parser.Parser``)."""

    # -- cardinals -------------------------------------------------------
    def cardinal(self, i: int) -> tuple[int, int | float, int] | None:
        """A cardinal at token i: (token after it, value, clitic length)."""
        toks = self.toks
        if i >= len(toks):
            return None
        tok = toks[i]
        clen = 0
        digits = False
        if tok.kind == "num":
            current: int | float = digits_value(tok.text)
            digits = True
            last = "digits"
        else:
            hit = lookup(tok, CARDINAL_WORDS, definite=False)
            if hit is None:
                return None
            clen, _, base = hit
            if base in ONLY_IN_TEENS:
                nxt = self.word(i + 1)
                if nxt not in TEN:
                    return None
            if base in ("اثنين", "اثنان") and self.word(i - 1) in ("يوم", "ويوم"):
                return None  # يوم الاثنين is Monday
            if base in UNITS_1_9:
                current, last = UNITS_1_9[base], "unit"
            elif base in TENS:
                current, last = TENS[base], "tens"
            elif base in HUNDREDS:
                current, last = HUNDREDS[base], "hundreds"
            elif base in SCALE_DUALS:
                current, last = SCALE_DUALS[base], "scale"
            elif base in SCALE_ALONE:
                current, last = SCALE_ALONE[base], "scale"
            else:
                current, last = 10, "ten"
        total: int | float = 0
        j = i + 1
        while j < len(toks):
            w = self.word(j)
            if w is None:
                break
            if last == "unit" and w in TEN:
                current += 10
                last = "ten"
            elif last in ("unit", "ten", "tens", "hundreds", "digits") and w in SCALES:
                total += current * SCALES[w]
                current = 0
                last = "scale"
            elif last == "unit" and w in ("مئه", "مائه") and 3 <= current <= 9:
                current *= 100
                last = "hundreds"
            elif not digits and w.startswith("و") and w[1:] in UNITS_1_9 and w[1:] not in ONLY_IN_TEENS \
                    and last in ("hundreds", "scale"):
                current += UNITS_1_9[w[1:]]
                last = "unit"
            elif not digits and w.startswith("و") and w[1:] in TENS and last in ("unit", "hundreds", "scale", "ten"):
                current += TENS[w[1:]]
                last = "tens"
            elif not digits and w.startswith("و") and w[1:] in HUNDREDS and last == "scale":
                current += HUNDREDS[w[1:]]
                last = "hundreds"
            else:
                break
            j += 1
        value = total + current
        if isinstance(value, float) and value.is_integer() and not (digits and last == "digits"):
            value = int(value)
        return j, value, clen

    # -- matchers (each returns a Match or None) ------------------------
    def m_quantity(self, i: int) -> Match | None:
        toks = self.toks
        currency_sym = None
        k = i
        if self.sym(i) in CURRENCY_SYMBOLS:
            currency_sym = CURRENCY_SYMBOLS[self.sym(i) or ""]
            k = i + 1
        card = self.cardinal(k)
        if card is None:
            return None
        j, value, clen = card
        start = toks[i].start + (clen if k == i else 0)
        kind, unit = "count", None
        if currency_sym:
            kind, unit = "money", currency_sym
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

    def m_dual(self, i: int) -> Match | None:
        tok = self.toks[i]
        hit = lookup(tok, DUAL_FORMS)
        if hit is None:
            return None
        clen, _, base = hit
        unit, kind, value = UNIT_FORMS[base]
        j = i + 1
        if self.word(j) in ("اثنين", "اثنتين", "اثنان", "اثنتان"):
            j += 1  # يومين اثنين
        return Match(i, j, tok.start + clen, self.toks[j - 1].end, value, kind, unit)

    def m_over_relative(self, i: int) -> Match | None:
        """على مدى العقد الماضي: a duration of one unit."""
        if self.strict and not any(self.seq(i - len(p), p) for p in OVER_PHRASES):
            return None  # العام الماضي alone is a (relative) date, not a duration
        tok = self.toks[i]
        hit = lookup(tok, UNIT_NOUNS, clitic=False, definite=True)
        if hit is None or self.word(i + 1) not in RELATIVE_PAST:
            return None
        unit, kind, _ = UNIT_NOUNS[hit[2]]
        if kind != "duration":
            return None
        return Match(i, i + 2, tok.start, self.toks[i + 1].end, 1, "duration", unit)

    def m_ordinal(self, i: int) -> Match | None:
        toks = self.toks
        noun = lookup(toks[i], UNIT_FORMS)
        if noun is not None:
            # جولة ثانية / الجولة الأولى
            adj = lookup(toks[i + 1], ORDINALS, clitic=False, definite=noun[1]) if i + 1 < len(toks) else None
            if adj is not None and UNIT_FORMS[noun[2]][2] is None:
                value = ORDINALS[adj[2]]
                j = i + 2
                if adj[2] in ("حادي", "حاديه", "ثاني", "ثانيه", "ثالث", "ثالثه") and self.word(j) in TEN:
                    value, j = value + 10, j + 1
                return Match(i, j, toks[i].start + noun[0], toks[j - 1].end, value, "ordinal", UNIT_FORMS[noun[2]][0])
            return None
        first = lookup(toks[i], {"اول": 1}, definite=False)
        if first is not None and i + 1 < len(toks):
            # أول جولة: ordinal before an indefinite noun
            nxt = lookup(toks[i + 1], UNIT_FORMS, clitic=False, definite=False)
            if nxt is not None:
                return Match(i, i + 2, toks[i].start + first[0], toks[i + 1].end, 1, "ordinal", UNIT_FORMS[nxt[2]][0])
        if self.strict:
            return None
        adj = lookup(toks[i], ORDINALS)
        if adj is None or adj[2] in ("حادي", "حاديه"):
            return None
        return Match(i, i + 1, toks[i].start + adj[0], toks[i].end, ORDINALS[adj[2]], "ordinal", None)

    def m_fraction(self, i: int) -> Match | None:
        tok = self.toks[i]
        hit = lookup(tok, FRACTIONS)
        if hit is None:
            return None
        if hit[2] == "خمس" and not hit[1]:
            return None  # bare خمس is the cardinal 5
        return Match(i, i + 1, tok.start + hit[0], tok.end, FRACTIONS[hit[2]], "ratio", None)

    def m_multiplier(self, i: int) -> Match | None:
        tok = self.toks[i]
        hit = lookup(tok, MULTIPLIERS, definite=False)
        if hit is None:
            return None
        return Match(i, i + 1, tok.start + hit[0], tok.end, MULTIPLIERS[hit[2]], "ratio", None)

