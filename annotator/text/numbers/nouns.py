"""Numbers said by a noun: duals, ordinals, fractions, multipliers and periods before now."""

from __future__ import annotations

import datetime

from annotator.text.numbers.tokens import Cursor, Match, digits_value, lookup
from annotator.text.numbers.units import (
    CALENDAR_UNITS,
    DUAL_FORMS,
    OVER_PHRASES,
    PLURAL_FORMS,
    RELATIVE_NEXT,
    RELATIVE_PAST,
    RELATIVE_THIS,
    UNIT_FORMS,
    UNIT_NOUNS,
)
from annotator.text.numbers.words import (
    AMBIGUOUS_FRACTIONS,
    AND_FRACTIONS,
    CARDINAL_WORDS,
    FRACTIONS,
    MULTIPLIERS,
    ORDINALS,
    TEN,
    TENS,
)

_TEENS_ORDINALS = frozenset({"حادي", "حاديه", "ثاني", "ثانيه", "ثالث", "ثالثه", "رابع", "رابعه", "خامس", "خامسه",
                             "سادس", "سادسه", "سابع", "سابعه", "ثامن", "ثامنه", "تاسع", "تاسعه"})


class NounRules(Cursor):
    """Matchers of numbers that a noun carries (a mixin of ``parser.Parser``)."""

    def and_fraction(self, j: int) -> tuple[int, float]:
        """``ونصف`` / ``وربع`` at j: (token after, the fraction), else (j, 0)."""
        w = self.word(j)
        return (j + 1, AND_FRACTIONS[w]) if w in AND_FRACTIONS else (j, 0.0)

    def m_dual(self, i: int) -> Match | None:
        """يومين = 2 day; ساعتين ونصف = 2.5 hour."""
        tok = self.toks[i]
        hit = lookup(tok, DUAL_FORMS)
        if hit is None:
            return None
        clen, _, base = hit
        unit, kind, value = UNIT_FORMS[base]
        j = i + 1
        if self.word(j) in ("اثنين", "اثنتين", "اثنان", "اثنتان"):
            j += 1  # يومين اثنين
        j, frac = self.and_fraction(j)
        return Match(i, j, tok.start + clen, self.toks[j - 1].end, value + frac if frac else value, kind, unit)

    def m_one_and_fraction(self, i: int) -> Match | None:
        """ساعة ونصف = 1.5 hour, سنة ونصف = 1.5 year (a singular duration noun and a fraction)."""
        tok = self.toks[i]
        hit = lookup(tok, UNIT_NOUNS, definite=False)
        j, frac = self.and_fraction(i + 1)
        if hit is None or not frac or UNIT_NOUNS[hit[2]][1] != "duration":
            return None
        return Match(i, j, tok.start + hit[0], self.toks[j - 1].end, 1 + frac, "duration", UNIT_NOUNS[hit[2]][0])

    def m_relative(self, i: int) -> Match | None:
        """A period named from now: على مدى العقد الماضي (a duration of one decade), الأسبوع
        الماضي / الشهر المقبل / هذا العام (a relative date, resolved against ``ref`` when the
        caller has a document date), السنوات الخمس الماضية (a duration of five years)."""
        toks = self.toks
        tok = toks[i]
        plural = lookup(tok, PLURAL_FORMS, clitic=False, definite=True)
        if plural is not None:  # السنوات الخمس الماضية, الساعات الـ24 الماضية
            k, count = i + 1, None
            if self.word(k) == "ال" and k + 1 < len(toks) and toks[k + 1].kind == "num":
                count, k = digits_value(toks[k + 1].text), k + 2
            else:
                hit = lookup(toks[k], CARDINAL_WORDS, clitic=False, definite=True) if k < len(toks) else None
                if hit is not None:
                    count, k = CARDINAL_WORDS[hit[2]], k + 1
            unit, kind, _ = UNIT_FORMS[plural[2]]
            if count is None or kind != "duration" or self.word(k) not in RELATIVE_PAST:
                return None
            return Match(i, k + 1, tok.start, toks[k].end, count, "duration", unit)
        noun, after = i, self.word(i + 1)
        if self.word(i) in ("هذا", "هذه"):  # هذا العام, هذه السنة = العام الجاري
            noun, after = i + 1, "الجاري"
        hit = lookup(toks[noun], UNIT_NOUNS, clitic=False, definite=True) if noun < len(toks) else None
        if hit is None or UNIT_NOUNS[hit[2]][1] != "duration" or after not in RELATIVE_PAST | RELATIVE_NEXT | RELATIVE_THIS:
            return None
        unit = UNIT_NOUNS[hit[2]][0]
        over = any(self.seq(i - len(p), p) for p in OVER_PHRASES)
        if after in RELATIVE_PAST and (over or (unit not in CALENDAR_UNITS and not self.strict)):
            return Match(i, i + 2, tok.start, toks[i + 1].end, 1, "duration", unit)
        value = self.relative_date(unit, -1 if after in RELATIVE_PAST else 1 if after in RELATIVE_NEXT else 0)
        if unit not in CALENDAR_UNITS or (self.strict and value is None):
            return None  # in a document, an unresolved relative date is no claim (guidelines §3.1)
        return Match(i, i + 2, tok.start, toks[i + 1].end, value, "date")

    def relative_date(self, unit: str, step: int) -> str | None:
        """The ISO date of the year, month or day ``step`` units from the reference date, if
        there is one. Weeks stay unresolved: where a week starts differs between countries."""
        ref = self.ref
        if ref is None:
            return None
        if unit == "year":
            return f"{ref.year + step:04d}"
        if unit == "month":
            months = ref.year * 12 + ref.month - 1 + step
            return f"{months // 12:04d}-{months % 12 + 1:02d}"
        if unit == "day":
            return (ref + datetime.timedelta(days=step)).isoformat()
        return None

    def ordinal_after(self, k: int, definite: bool | None) -> tuple[int, int] | None:
        """An ordinal adjective at k, with its teen or tens part: (token after, value)."""
        toks = self.toks
        adj = lookup(toks[k], ORDINALS, clitic=False, definite=definite) if k < len(toks) else None
        if adj is None:
            tens = lookup(toks[k], TENS, clitic=False, definite=True) if k < len(toks) and definite else None
            return (k + 1, TENS[tens[2]]) if tens is not None else None  # القرن العشرين
        value, j = ORDINALS[adj[2]], k + 1
        if adj[2] in _TEENS_ORDINALS and self.word(j) in TEN:
            return j + 1, value + 10  # الحادية عشرة
        tens = lookup(toks[j], TENS, definite=None) if j < len(toks) and (self.word(j) or "").startswith("و") else None
        if tens is not None and tens[0] == 1:
            return j + 1, value + TENS[tens[2]]  # الحادي والعشرين
        return j, value

    def m_ordinal(self, i: int) -> Match | None:
        toks = self.toks
        noun = lookup(toks[i], UNIT_FORMS)
        if noun is not None:
            # جولة ثانية / الجولة الأولى / القرن الحادي والعشرين
            adj = self.ordinal_after(i + 1, noun[1])
            if adj is not None and adj[1] >= 20 and noun[2] in PLURAL_FORMS:
                adj = None  # الأيام العشرين: twenty days, not the twentieth
            if adj is not None and UNIT_FORMS[noun[2]][2] is None:
                j, value = adj
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
        """النصف, ثلثي, الثلثين, خُمس; a duration noun after it: نصف ساعة = 0.5 hour."""
        toks = self.toks
        tok = toks[i]
        hit = lookup(tok, FRACTIONS)
        if hit is None:
            return None
        clen, definite, base = hit
        if base in AMBIGUOUS_FRACTIONS and not (definite and base == "خمس") and not self.fraction_marked(i, base):
            return None  # خمس سنوات: the cardinal 5
        value = FRACTIONS[base]
        noun = lookup(toks[i + 1], UNIT_NOUNS, clitic=False, definite=False) if i + 1 < len(toks) else None
        if noun is not None and not definite and UNIT_NOUNS[noun[2]][1] == "duration":
            return Match(i, i + 2, tok.start + clen, toks[i + 1].end, value, "duration", UNIT_NOUNS[noun[2]][0])
        return Match(i, i + 1, tok.start + clen, tok.end, value, "ratio", None)

    def m_multiplier(self, i: int) -> Match | None:
        tok = self.toks[i]
        hit = lookup(tok, MULTIPLIERS, definite=False)
        if hit is None:
            return None
        return Match(i, i + 1, tok.start + hit[0], tok.end, MULTIPLIERS[hit[2]], "ratio", None)
