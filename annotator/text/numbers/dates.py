"""Dates: month names of every series, years, parts of years, from/to intervals."""

from __future__ import annotations

import datetime

from annotator.text.numbers.tokens import Cursor, Match, analyses, digits_value, lookup
from annotator.text.numbers.units import UNIT_FORMS
from annotator.text.numbers.words import ORDINALS

#: Month names (single words) -> month number.  Levantine/Iraqi, Egyptian/
#: Gulf and Maghrebi series.  Two-word names are in ``TWO_WORD_MONTHS``.
MONTHS: dict[str, int] = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "يونيه": 6, "يوليه": 7, "اغسطوس": 8,
    "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9,
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8,
}
TWO_WORD_MONTHS: dict[tuple[str, str], int] = {
    ("كانون", "الثاني"): 1, ("كانون", "الاول"): 12,
    ("تشرين", "الاول"): 10, ("تشرين", "الثاني"): 11,
}
# Month words that are ordinary words too: a month only next to a year, a
# day or another month name (أغسطس/آب 2023).
AMBIGUOUS_MONTHS = frozenset({"اب", "ماي", "مارس"})

YEAR_WORDS = frozenset({"عام", "العام", "سنه", "السنه", "عامي"})
DATE_PREPOSITIONS = frozenset({"في", "منذ", "حتي", "قبل", "بعد", "خلال", "مطلع", "اواخر", "اوائل", "منتصف", "نهايه", "بدايه"})
RANGE_FROM = frozenset({"من"})
RANGE_TO = frozenset({"الي", "حتي", "لغايه"})


class DateRules(Cursor):
    """Date matchers (a mixin of ``parser.Parser``)."""

    def year_at(self, k: int) -> int | None:
        if 0 <= k < len(self.toks) and self.toks[k].kind == "num":
            v = digits_value(self.toks[k].text)
            if isinstance(v, int) and len(self.toks[k].text) == 4 and 1000 <= v <= 2999:
                return v
        return None

    def month_at(self, k: int) -> tuple[int, int, int] | None:
        """(month, token after, clitic length) of a month name at k."""
        w = self.word(k)
        if w is None:
            return None
        for clen, is_def, base in analyses(w):
            if is_def:
                continue
            nxt = self.word(k + 1)
            for (a, b), month in TWO_WORD_MONTHS.items():
                if base == a and nxt == b:
                    return month, k + 2, clen
            if base in MONTHS and base not in ("كانون", "تشرين"):
                return MONTHS[base], k + 1, clen
        return None

    def numeric_date(self, i: int) -> Match | None:
        """12/05/2024 (day first, as Arabic writes it), 2024-05-12, 2024/05/12, 05/2024, and the
        year range 2014-2017: numbers and one kind of separator, with no space between."""
        toks = self.toks
        if self.sym(i - 1) in ("/", "-", "\u2013") and self.adjacent(i - 1) and self.adjacent(i - 2) \
                and toks[i - 2].kind == "num":
            return None  # inside 31/02/2024, which is no date: 02/2024 is not one either
        parts, seps, k = [i], [], i
        while len(parts) < 3 and self.adjacent(k) and self.sym(k + 1) in ("/", "-", "\u2013") \
                and self.adjacent(k + 1) and toks[k + 2].kind == "num":
            seps.append(self.sym(k + 1))
            parts.append(k + 2)
            k += 2
        texts = [toks[p].text for p in parts]
        if len(parts) < 2 or len(set(seps)) != 1 or not all(s.isdigit() for s in texts):
            return None
        nums = [int(s) for s in texts]
        year: int | None
        if len(parts) == 3:
            if len(texts[0]) == 4 and len(texts[2]) <= 2:
                year, month, day = nums
            elif len(texts[2]) == 4 and len(texts[0]) <= 2:
                day, month, year = nums
            else:
                return None
            try:
                value = datetime.date(year, month, day).isoformat()
            except ValueError:
                return None
        elif seps[0] == "/" and len(texts[0]) <= 2 and len(texts[1]) == 4 and 1 <= nums[0] <= 12:
            year = nums[1]
            value = f"{year:04d}-{nums[0]:02d}"
        elif seps[0] != "/" and self.year_at(i) and self.year_at(parts[1]) and nums[0] < nums[1]:
            year = nums[1]
            value = f"{nums[0]:04d}/{nums[1]:04d}"
        else:
            return None
        return Match(i, parts[-1] + 1, toks[i].start, toks[parts[-1]].end, value, "date", year=year)

    def date_point(self, i: int, *, in_range: bool = False, paired: bool = False) -> Match | None:
        """A single date: [day] month[/month] [year] | عام YEAR | (bare) YEAR | 12/05/2024."""
        toks = self.toks
        if i >= len(toks):
            return None
        numeric = self.numeric_date(i) if toks[i].kind == "num" else None
        if numeric is not None:
            return numeric
        # عام 2019 / وعام 2019
        yw = lookup(toks[i], YEAR_WORDS) if toks[i].kind == "word" else None
        if yw is not None:
            year = self.year_at(i + 1)
            if year is not None:
                return Match(i, i + 2, toks[i].start + yw[0], toks[i + 1].end, str(year), "date", year=year)
            return None
        day = None
        k = i
        nth = lookup(toks[i], ORDINALS, definite=True) if toks[i].kind == "word" else None
        if nth is not None and self.word(i + 1) == "من" and self.month_at(i + 2):
            day, k = ORDINALS[nth[2]], i + 2  # الأول من مايو
        elif self.word(i) == "ال" and self.day_at(i + 1) and self.word(i + 2) == "من" and self.month_at(i + 3):
            day, k = self.day_at(i + 1), i + 3  # الـ15 من مايو
        elif toks[i].kind == "num":
            v = digits_value(toks[i].text)
            if isinstance(v, int) and 1 <= v <= 31 and len(toks[i].text) <= 2 and self.month_at(i + 1):
                day, k = v, i + 1
            else:
                year = self.year_at(i)
                prev = self.word(i - 1)
                if prev is not None and prev[:1] in ("و", "ف") and prev[1:] in DATE_PREPOSITIONS:
                    prev = prev[1:]
                plausible = in_range or prev in DATE_PREPOSITIONS or (not self.strict and 1900 <= (year or 0) <= 2100)
                if year is not None and plausible \
                        and self.unit_after(i + 1) is None:
                    return Match(i, i + 1, toks[i].start, toks[i].end, str(year), "date", year=year)
                return None
        mon = self.month_at(k)
        if mon is None:
            return None
        month, j, clen = mon
        first_word = self.word(k)
        # a second name of the same month: أغسطس/آب, كانون الثاني/يناير
        if self.sym(j) == "/":
            mon2 = self.month_at(j + 1)
            if mon2 is not None:
                j = mon2[1]
        year = None
        if self.year_at(j) is not None:
            year = self.year_at(j)
            j += 1
        elif self.word(j) == "من" and self.word(j + 1) in YEAR_WORDS and self.year_at(j + 2) is not None:
            year = self.year_at(j + 2)
            j += 3
        elif self.word(j) in YEAR_WORDS and self.year_at(j + 1) is not None:
            year = self.year_at(j + 1)
            j += 2
        if first_word in AMBIGUOUS_MONTHS and j - k == 1 and year is None and day is None and not paired \
                and not (in_range and self.month_range_from(j)):
            return None  # a bare آب / ماي is not a date, unless another month pairs with it
        start = toks[i].start + (clen if day is None else 0)
        return Match(i, j, start, toks[j - 1].end, (month, day), "date", year=year)

    def month_range_from(self, j: int) -> bool:
        """Does a month range go on at j (إلى مايو, و مايو, ومايو)?"""
        w = self.word(j) or ""
        if w in RANGE_TO or w == "و":
            return self.month_at(j + 1) is not None
        return w.startswith("و") and self.month_at(j) is not None

    def day_at(self, k: int) -> int | None:
        """A day of the month (1-31, one or two digits) at token k."""
        if 0 <= k < len(self.toks) and self.toks[k].kind == "num" and self.toks[k].text.isdigit() \
                and len(self.toks[k].text) <= 2 and 1 <= int(self.toks[k].text) <= 31:
            return int(self.toks[k].text)
        return None

    def first_day(self, i: int) -> Match | None:
        """The bare day that opens a range within one month (من 1 إلى 15 يناير), kind "day"."""
        day = self.day_at(i)
        if day is None or (self.word(i + 1) not in RANGE_TO and self.word(i + 1) != "و"):
            return None
        return Match(i, i + 1, self.toks[i].start, self.toks[i].end, day, "day")

    def unit_after(self, k: int) -> str | None:
        w = self.word(k)
        if w is not None and w in UNIT_FORMS:
            return UNIT_FORMS[w][0]
        return None

    def iso(self, m: Match, year: int | None) -> str | None:
        if isinstance(m.value, str):
            return m.value
        month, day = m.value  # type: ignore[misc]
        y = m.year or year
        if y is None:
            return None
        out = f"{y:04d}-{month:02d}"
        return out if day is None else f"{out}-{day:02d}"

    def m_date(self, i: int) -> Match | None:
        toks = self.toks
        # النصف الأول من عام 2024 / الربع الثالث من 2023
        part = lookup(toks[i], {"نصف": 2, "ربع": 4}, definite=True)
        if part is not None and i + 1 < len(toks):
            ordn = lookup(toks[i + 1], {**ORDINALS, "اخير": 0, "اخيره": 0}, clitic=False, definite=True)
            if ordn is not None:
                k = i + 2
                if self.word(k) == "من":
                    k += 1
                if self.word(k) in YEAR_WORDS:
                    k += 1
                year = self.year_at(k)
                n = ORDINALS.get(ordn[2], 2 if part[2] == "نصف" else 4)  # الأخير: the last part
                size = 12 // (2 if part[2] == "نصف" else 4)
                if year is not None and 1 <= n <= 12 // size:
                    a, b = (n - 1) * size + 1, n * size
                    value = f"{year:04d}-{a:02d}/{year:04d}-{b:02d}"
                    return Match(i, k + 1, toks[i].start + part[0], toks[k].end, value, "date", year=year)
        # من ... إلى ... / بين ... و...
        opener = self.word(i)
        if opener in ("من", "بين", "ومن", "وبين"):
            clen = 1 if opener.startswith("و") else 0
            a = self.date_point(i + 1, in_range=True) or self.first_day(i + 1)
            if a is not None:
                k = a.j
                b = None
                if a.kind == "day":  # من 1 إلى 15 يناير 2024: the month and year of the end
                    b = self.date_point(k + 1, in_range=True)
                    if b is None or not isinstance(b.value, tuple) or b.value[1] is None:
                        return None
                    a = Match(a.i, a.j, a.start, a.end, (b.value[0], a.value), "date", year=b.year)
                elif self.word(k) in RANGE_TO or self.word(k) == "و":
                    b = self.date_point(k + 1, in_range=True, paired=isinstance(a.value, tuple))
                elif isinstance(a.value, tuple) and self.month_range_from(k):  # بين يناير ومارس
                    b = self.date_point(k, in_range=True, paired=True)
                elif self.word(k) in ("وعام", "وسنه"):
                    year = self.year_at(k + 1)
                    if year is not None:
                        b = Match(k, k + 2, toks[k].start, toks[k + 1].end, str(year), "date", year=year)
                if b is not None:
                    ctx = b.year or a.year or self.year
                    av, bv = self.iso(a, a.year or ctx), self.iso(b, b.year or ctx)
                    value = f"{av}/{bv}" if av and bv else None
                    year = b.year or a.year
                    return Match(i, b.j, toks[i].start + clen, toks[b.j - 1].end, value, "date", year=year)
        point = self.date_point(i)
        if point is None:
            return None
        value = self.iso(point, self.year)
        return Match(point.i, point.j, point.start, point.end, value, "date", year=point.year)

