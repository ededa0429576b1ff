"""Arabic number parser: finds numeric expressions and normalises their values.

Shared by the annotator's claim form (``parse_number`` prefills value, kind,
unit and approx from a selected span) and the baseline extractor
(``find_numbers`` over a whole document).

The parser works on ``arabic.normalize``-d text (so أ/إ/آ, ة/ه, ى/ي and
harakat do not matter: هجوماً and هجوما are one word) and maps every match
back to offsets in the original text.  It is table-driven: digits (Western,
Arabic-Indic, Extended Arabic-Indic, with ٫ decimal and ٬ or , thousands
separators), cardinal number words with their case forms and compounds
(ثلاثة وعشرون، مئة وخمسون، خمسة آلاف، 2.5 مليار), duals of counted nouns
(يومين = 2 day), ordinals (الجولة الأولى), fractions (النصف), multipliers
(مضاعفة = ratio 2), dates (both month-name series, years, halves and
quarters of a year, from/to intervals), percentages, money and
approximate markers (نحو، حوالي، أكثر من).

Values: numbers for quantities (int when integral), ISO-8601 strings for
dates ("2023-08", "2024-01/2024-06").  A date whose year is not in the
span takes the year of the most recent explicit year before it in the same
text (``year=`` gives one from outside); without any, its value is None.
Relative expressions (هذا العام، العام الماضي، مؤخراً) are not resolved:
there is no document date to anchor them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from annotator.text.arabic import normalize_with_map

__all__ = [
    "CURRENCIES",
    "MONTHS",
    "NumberMention",
    "ParsedNumber",
    "UNIT_NOUNS",
    "context_year",
    "find_numbers",
    "parse_number",
]

Value = int | float | str | None


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


# --------------------------------------------------------------------------
# Tables (all keys in normalised spelling: ا for أ/إ/آ, ه for ة, ي for ى)
# --------------------------------------------------------------------------

_UNITS_1_9: dict[str, int] = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "ثلاث": 3, "ثلاثه": 3,
    "اربع": 4, "اربعه": 4,
    "خمس": 5, "خمسه": 5,
    "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7,
    "ثمان": 8, "ثماني": 8, "ثمانيه": 8,
    "تسع": 9, "تسعه": 9,
}
# Words that are numbers only inside a compound (احد عشر، اثنا عشر).
_ONLY_IN_TEENS = frozenset({"احد", "احدي", "اثنا", "اثني", "اثنتا", "اثنتي"})
_TEN = frozenset({"عشر", "عشره"})
_TENS: dict[str, int] = {
    "عشرون": 20, "عشرين": 20,
    "ثلاثون": 30, "ثلاثين": 30,
    "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50,
    "ستون": 60, "ستين": 60,
    "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90,
}
_HUNDREDS: dict[str, int] = {
    "مئه": 100, "مائه": 100,
    "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200, "مئتا": 200, "مائتا": 200, "مئتي": 200, "مائتي": 200,
}
for _stem, _n in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("ثماني", 8), ("تسع", 9)):
    _HUNDREDS[_stem + "مئه"] = _n * 100
    _HUNDREDS[_stem + "مائه"] = _n * 100
# Scale words after a number (خمسة آلاف، 2.5 مليون) and their duals (ألفين = 2000).
_SCALES: dict[str, int] = {
    "الف": 1_000, "الاف": 1_000, "الفا": 1_000,
    "مليون": 1_000_000, "ملايين": 1_000_000, "مليونا": 1_000_000,
    "مليار": 1_000_000_000, "مليارات": 1_000_000_000, "مليارا": 1_000_000_000,
    "بليون": 1_000_000_000, "بلايين": 1_000_000_000,
    "ترليون": 1_000_000_000_000, "تريليون": 1_000_000_000_000,
}
_SCALE_ALONE: dict[str, int] = {"الف": 1_000, "مليون": 1_000_000, "مليار": 1_000_000_000}
_SCALE_DUALS: dict[str, int] = {
    "الفان": 2_000, "الفين": 2_000, "الفا": 2_000, "الفي": 2_000,
    "مليونان": 2_000_000, "مليونين": 2_000_000, "مليونا": 2_000_000, "مليوني": 2_000_000,
    "ملياران": 2_000_000_000, "مليارين": 2_000_000_000, "مليارا": 2_000_000_000, "ملياري": 2_000_000_000,
}

_ORDINALS: dict[str, int] = {
    "اول": 1, "اولي": 1,
    "ثاني": 2, "ثانيه": 2,
    "ثالث": 3, "ثالثه": 3,
    "رابع": 4, "رابعه": 4,
    "خامس": 5, "خامسه": 5,
    "سادس": 6, "سادسه": 6,
    "سابع": 7, "سابعه": 7,
    "ثامن": 8, "ثامنه": 8,
    "تاسع": 9, "تاسعه": 9,
    "عاشر": 10, "عاشره": 10,
    "حادي": 1, "حاديه": 1,
}

_FRACTIONS: dict[str, float] = {
    "نصف": 0.5, "ثلث": 1 / 3, "ربع": 0.25, "خمس": 0.2,
    "ثلثي": 2 / 3, "ثلثا": 2 / 3,
}
_FRACTION_PLURALS: dict[str, int] = {"ارباع": 4, "اخماس": 5, "اثلاث": 3}

_MULTIPLIERS: dict[str, int] = {"مضاعفه": 2, "ضعف": 2, "ضعفي": 2, "ضعفين": 2, "ضعفا": 2}
_MULTIPLIER_PLURAL = "اضعاف"  # ثلاثة أضعاف = 3

#: Month names (single words) -> month number.  Levantine/Iraqi, Egyptian/
#: Gulf and Maghrebi series.  Two-word names are in ``_TWO_WORD_MONTHS``.
MONTHS: dict[str, int] = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "يونيه": 6, "يوليه": 7, "اغسطوس": 8,
    "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9,
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8,
}
_TWO_WORD_MONTHS: dict[tuple[str, str], int] = {
    ("كانون", "الثاني"): 1, ("كانون", "الاول"): 12,
    ("تشرين", "الاول"): 10, ("تشرين", "الثاني"): 11,
}
# Month words that are ordinary words too: a month only next to a year, a
# day or another month name (أغسطس/آب 2023).
_AMBIGUOUS_MONTHS = frozenset({"اب", "ماي", "مارس"})

_YEAR_WORDS = frozenset({"عام", "العام", "سنه", "السنه", "عامي"})
_DATE_PREPOSITIONS = frozenset({"في", "منذ", "حتي", "قبل", "بعد", "خلال", "مطلع", "اواخر", "اوائل", "منتصف", "نهايه", "بدايه"})
_RANGE_FROM = frozenset({"من"})
_RANGE_TO = frozenset({"الي", "حتي", "لغايه"})

#: Counted noun (normalised singular) -> (canonical English unit, kind,
#: plural forms).  Accusative (هجوماً) and dual (يومين) forms are derived.
UNIT_NOUNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "يوم": ("day", "duration", ("ايام",)),
    "اسبوع": ("week", "duration", ("اسابيع",)),
    "شهر": ("month", "duration", ("اشهر", "شهور")),
    "سنه": ("year", "duration", ("سنوات", "سنين")),
    "عام": ("year", "duration", ("اعوام",)),
    "عقد": ("decade", "duration", ("عقود",)),
    "قرن": ("century", "duration", ("قرون",)),
    "ساعه": ("hour", "duration", ("ساعات",)),
    "دقيقه": ("minute", "duration", ("دقائق",)),
    "هجوم": ("attack", "count", ("هجمات",)),
    "هجمه": ("attack", "count", ()),
    "اعتداء": ("attack", "count", ("اعتداءات",)),
    "عمليه": ("operation", "count", ("عمليات",)),
    "غاره": ("airstrike", "count", ("غارات",)),
    "تفجير": ("bombing", "count", ("تفجيرات",)),
    "انفجار": ("explosion", "count", ("انفجارات",)),
    "شخص": ("person", "count", ("اشخاص",)),
    "فرد": ("person", "count", ("افراد",)),
    "قتيل": ("fatality", "count", ("قتلي",)),
    "جريح": ("injury", "count", ("جرحي",)),
    "مدني": ("civilian", "count", ("مدنيين", "مدنيون")),
    "جندي": ("soldier", "count", ("جنود",)),
    "مقاتل": ("fighter", "count", ("مقاتلين", "مقاتلون")),
    "عنصر": ("member", "count", ("عناصر",)),
    "عضو": ("member", "count", ("اعضاء",)),
    "طفل": ("child", "count", ("اطفال",)),
    "امراه": ("woman", "count", ("نساء",)),
    "لاجئ": ("refugee", "count", ("لاجئين", "لاجئون")),
    "نازح": ("displaced person", "count", ("نازحين", "نازحون")),
    "معتقل": ("detainee", "count", ("معتقلين", "معتقلون")),
    "سجين": ("prisoner", "count", ("سجناء",)),
    "خليه": ("cell", "count", ("خلايا",)),
    "صاروخ": ("missile", "count", ("صواريخ",)),
    "طائره": ("aircraft", "count", ("طائرات",)),
    "مسيره": ("drone", "count", ("مسيرات",)),
    "جوله": ("round", "count", ("جولات",)),
    "مره": ("time", "count", ("مرات",)),
    "دوله": ("country", "count", ("دول",)),
    "بلد": ("country", "count", ("بلدان",)),
    "مدينه": ("city", "count", ("مدن",)),
    "قريه": ("village", "count", ("قري",)),
    "منزل": ("house", "count", ("منازل",)),
    "كيلومتر": ("km", "count", ("كيلومترات",)),
    "كلم": ("km", "count", ()),
    "كم": ("km", "count", ()),
    "متر": ("m", "count", ("امتار",)),
    "طن": ("tonne", "count", ("اطنان",)),
    "برميل": ("barrel", "count", ("براميل",)),
}

#: Currency noun -> ISO 4217 code (lowercase); an adjective can refine it.
CURRENCIES: dict[str, str] = {
    "دولار": "usd", "يورو": "eur", "دينار": "iqd", "جنيه": "egp", "ريال": "sar",
    "ليره": "try", "درهم": "aed", "ين": "jpy", "روبل": "rub", "يوان": "cny",
}
_CURRENCY_PLURALS: dict[str, str] = {
    "دولارات": "دولار", "دنانير": "دينار", "جنيهات": "جنيه", "ريالات": "ريال",
    "ليرات": "ليره", "دراهم": "درهم", "روبلات": "روبل",
}
_CURRENCY_ADJECTIVES: dict[tuple[str, str], str] = {
    ("دولار", "امريكي"): "usd", ("دولار", "كندي"): "cad", ("دولار", "استرالي"): "aud",
    ("دينار", "عراقي"): "iqd", ("دينار", "اردني"): "jod", ("دينار", "كويتي"): "kwd",
    ("دينار", "بحريني"): "bhd", ("دينار", "ليبي"): "lyd", ("دينار", "تونسي"): "tnd",
    ("دينار", "جزائري"): "dzd",
    ("جنيه", "مصري"): "egp", ("جنيه", "استرليني"): "gbp", ("جنيه", "سوداني"): "sdg",
    ("ريال", "سعودي"): "sar", ("ريال", "قطري"): "qar", ("ريال", "عماني"): "omr",
    ("ريال", "يمني"): "yer", ("ريال", "ايراني"): "irr",
    ("ليره", "تركيه"): "try", ("ليره", "سوريه"): "syp", ("ليره", "لبنانيه"): "lbp",
    ("درهم", "اماراتي"): "aed", ("درهم", "مغربي"): "mad",
}
_CURRENCY_SYMBOLS: dict[str, str] = {"$": "usd", "€": "eur", "£": "gbp"}

_PERCENT_SIGNS = frozenset({"%", "٪"})
_PERCENT_WORDS = frozenset({"بالمئه", "بالمائه", "بالميه"})
_PERCENT_AFTER_FI = frozenset({"المئه", "المائه"})

#: Approximate markers (normalised token sequences) before a number.
_APPROX_BEFORE: tuple[tuple[str, ...], ...] = (
    ("ما", "لا", "يقل", "عن"),
    ("ما", "يزيد", "عن"),
    ("ما", "يزيد", "علي"),
    ("ما", "يقرب", "من"),
    ("ما", "يقارب"),
    ("اكثر", "من"),
    ("اقل", "من"),
    ("ازيد", "من"),
    ("نحو",),
    ("حوالي",),
    ("قرابه",),
    ("زهاء",),
    ("تقريبا",),
)
_APPROX_AFTER = frozenset({"تقريبا"})

_RELATIVE_PAST = frozenset({"الماضي", "الماضيه", "الاخير", "الاخيره", "المنصرم", "المنصرمه"})
_OVER_PHRASES: tuple[tuple[str, ...], ...] = (("علي", "مدي"), ("علي", "مدار"), ("طوال",), ("طيله",))

_CLITICS: tuple[str, ...] = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك")


def _build_unit_forms() -> dict[str, tuple[str, str, int | None]]:
    """Every surface form of a counted noun -> (unit, kind, fixed value or None)."""
    forms: dict[str, tuple[str, str, int | None]] = {}
    for singular, (unit, kind, plurals) in UNIT_NOUNS.items():
        forms[singular] = (unit, kind, None)
        for plural in plurals:
            forms[plural] = (unit, kind, None)
        if singular.endswith("ه"):
            stem = singular[:-1] + "ت"
        else:
            stem = singular
            forms.setdefault(singular + "ا", (unit, kind, None))  # accusative هجوماً
        if len(singular) >= 3:  # كم، طن are too short to take a dual safely
            forms.setdefault(stem + "ين", (unit, kind, 2))
            forms.setdefault(stem + "ان", (unit, kind, 2))
    return forms


_UNIT_FORMS = _build_unit_forms()
_DUAL_FORMS = {k: v for k, v in _UNIT_FORMS.items() if v[2] == 2}
_CARDINAL_WORDS: dict[str, int] = {
    **_UNITS_1_9, **_TENS, **_HUNDREDS, **_SCALE_ALONE, **_SCALE_DUALS, "عشر": 10, "عشره": 10,
}

# --------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"(?P<num>\d+(?:[٬,]\d{3})+(?:[٫.]\d+)?|\d+(?:[٫.]\d+)?)|(?P<word>[^\W\d_]+)|(?P<sym>\S)")


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # num | word | sym
    text: str
    start: int  # offsets in the normalised text
    end: int


def _tokenize(norm: str) -> list[_Tok]:
    return [
        _Tok(m.lastgroup or "sym", m.group(), m.start(), m.end())
        for m in _TOKEN_RE.finditer(norm)
    ]


def _digits_value(s: str) -> int | float:
    cleaned = []
    for ch in s:
        if ch in "٬,":
            continue
        if ch in "٫.":
            cleaned.append(".")
        else:
            cleaned.append(str(unicodedata.digit(ch)))
    text = "".join(cleaned)
    return float(text) if "." in text else int(text)


@lru_cache(maxsize=8192)
def _analyses(word: str) -> tuple[tuple[int, bool, str], ...]:
    """(clitic length, definite, base) readings of a word, plainest first."""
    out: list[tuple[int, bool, str]] = []
    for clitic in _CLITICS:
        if not word.startswith(clitic):
            continue
        rest = word[len(clitic):]
        if len(rest) < 2:
            continue
        out.append((len(clitic), False, rest))
        if rest.startswith("ال") and len(rest) > 3:
            out.append((len(clitic), True, rest[2:]))
        if clitic.endswith("ل") and rest.startswith("ل") and len(rest) > 2:
            out.append((len(clitic), True, rest[1:]))  # للهجمات = ل + (ا)ل + هجمات
    return tuple(out)


def _lookup(tok: _Tok, table: dict[str, object] | frozenset[str], *, clitic: bool = True,
            definite: bool | None = None) -> tuple[int, bool, str] | None:
    """First reading of ``tok`` whose base is in ``table``."""
    if tok.kind != "word":
        return None
    for clen, is_def, base in _analyses(tok.text):
        if clen and not clitic:
            continue
        if definite is not None and is_def != definite:
            continue
        if base in table:
            return clen, is_def, base
    return None


@dataclass(frozen=True, slots=True)
class _Match:
    i: int  # first token
    j: int  # token after the match
    start: int  # normalised offsets (start is after any proclitic)
    end: int
    value: Value
    kind: str
    unit: str | None = None
    approx: bool = False
    year: int | None = None  # explicit year stated in the match (for context)


class _Parser:
    def __init__(self, norm: str, *, year: int | None, strict: bool) -> None:
        self.norm = norm
        self.toks = _tokenize(norm)
        self.year = year  # the context year for yearless dates
        self.strict = strict

    # -- helpers ---------------------------------------------------------
    def word(self, k: int) -> str | None:
        if 0 <= k < len(self.toks) and self.toks[k].kind == "word":
            return self.toks[k].text
        return None

    def sym(self, k: int) -> str | None:
        if 0 <= k < len(self.toks) and self.toks[k].kind == "sym":
            return self.toks[k].text
        return None

    def seq(self, k: int, words: tuple[str, ...], *, clitic_first: bool = False) -> tuple[int, int] | None:
        """Match a word sequence at k: (token after it, clitic length of the first)."""
        clen = 0
        for n, want in enumerate(words):
            w = self.word(k + n)
            if w is None:
                return None
            if w == want:
                continue
            if n == 0 and clitic_first:
                hit = next((c for c, d, b in _analyses(w) if not d and b == want), None)
                if hit is not None:
                    clen = hit
                    continue
            return None
        return k + len(words), clen

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
            current: int | float = _digits_value(tok.text)
            digits = True
            last = "digits"
        else:
            hit = _lookup(tok, _CARDINAL_WORDS, definite=False)
            if hit is None:
                return None
            clen, _, base = hit
            if base in _ONLY_IN_TEENS:
                nxt = self.word(i + 1)
                if nxt not in _TEN:
                    return None
            if base in ("اثنين", "اثنان") and self.word(i - 1) in ("يوم", "ويوم"):
                return None  # يوم الاثنين is Monday
            if base in _UNITS_1_9:
                current, last = _UNITS_1_9[base], "unit"
            elif base in _TENS:
                current, last = _TENS[base], "tens"
            elif base in _HUNDREDS:
                current, last = _HUNDREDS[base], "hundreds"
            elif base in _SCALE_DUALS:
                current, last = _SCALE_DUALS[base], "scale"
            elif base in _SCALE_ALONE:
                current, last = _SCALE_ALONE[base], "scale"
            else:
                current, last = 10, "ten"
        total: int | float = 0
        j = i + 1
        while j < len(toks):
            w = self.word(j)
            if w is None:
                break
            if last == "unit" and w in _TEN:
                current += 10
                last = "ten"
            elif last in ("unit", "ten", "tens", "hundreds", "digits") and w in _SCALES:
                total += current * _SCALES[w]
                current = 0
                last = "scale"
            elif last == "unit" and w in ("مئه", "مائه") and 3 <= current <= 9:
                current *= 100
                last = "hundreds"
            elif not digits and w.startswith("و") and w[1:] in _UNITS_1_9 and w[1:] not in _ONLY_IN_TEENS \
                    and last in ("hundreds", "scale"):
                current += _UNITS_1_9[w[1:]]
                last = "unit"
            elif not digits and w.startswith("و") and w[1:] in _TENS and last in ("unit", "hundreds", "scale", "ten"):
                current += _TENS[w[1:]]
                last = "tens"
            elif not digits and w.startswith("و") and w[1:] in _HUNDREDS and last == "scale":
                current += _HUNDREDS[w[1:]]
                last = "hundreds"
            else:
                break
            j += 1
        value = total + current
        if isinstance(value, float) and value.is_integer() and not (digits and last == "digits"):
            value = int(value)
        return j, value, clen

    # -- matchers (each returns a _Match or None) ------------------------
    def m_quantity(self, i: int) -> _Match | None:
        toks = self.toks
        currency_sym = None
        k = i
        if self.sym(i) in _CURRENCY_SYMBOLS:
            currency_sym = _CURRENCY_SYMBOLS[self.sym(i) or ""]
            k = i + 1
        card = self.cardinal(k)
        if card is None:
            return None
        j, value, clen = card
        start = toks[i].start + (clen if k == i else 0)
        kind, unit = "count", None
        if currency_sym:
            kind, unit = "money", currency_sym
        elif self.sym(j) in _PERCENT_SIGNS:
            kind, j = "percent", j + 1
        elif self.word(j) in _PERCENT_WORDS:
            kind, j = "percent", j + 1
        elif self.word(j) == "في" and self.word(j + 1) in _PERCENT_AFTER_FI:
            kind, j = "percent", j + 2
        elif self.sym(j) in _CURRENCY_SYMBOLS:
            kind, unit, j = "money", _CURRENCY_SYMBOLS[self.sym(j) or ""], j + 1
        else:
            money = self.currency(j)
            if money is not None:
                j, unit = money
                kind = "money"
            else:
                w = self.word(j)
                if w is not None and w in _UNIT_FORMS:
                    unit, kind, _ = _UNIT_FORMS[w]
                    j += 1
                elif w == _MULTIPLIER_PLURAL:
                    kind, j = "ratio", j + 1
                elif w in _FRACTION_PLURALS and isinstance(value, int) and value < _FRACTION_PLURALS[w]:
                    value, kind, j = value / _FRACTION_PLURALS[w], "ratio", j + 1
        approx = False
        if self.word(j) in _APPROX_AFTER:
            approx, j = True, j + 1
        return _Match(i, j, start, toks[j - 1].end, value, kind, unit, approx)

    def currency(self, j: int) -> tuple[int, str] | None:
        w = self.word(j)
        if w is None:
            return None
        base = None
        for form in (w, w[:-1] if w.endswith("ا") else None):
            if form in CURRENCIES:
                base = form
            elif form in _CURRENCY_PLURALS:
                base = _CURRENCY_PLURALS[form]
            if base:
                break
        if base is None:
            return None
        code = CURRENCIES[base]
        adj = self.word(j + 1)
        if adj is not None:
            for form in (adj, adj[:-1] if adj.endswith("ا") else adj, adj[:-1] if adj.endswith("ه") else adj):
                if (base, form) in _CURRENCY_ADJECTIVES:
                    return j + 2, _CURRENCY_ADJECTIVES[(base, form)]
        return j + 1, code

    def m_dual(self, i: int) -> _Match | None:
        tok = self.toks[i]
        hit = _lookup(tok, _DUAL_FORMS)
        if hit is None:
            return None
        clen, _, base = hit
        unit, kind, value = _UNIT_FORMS[base]
        j = i + 1
        if self.word(j) in ("اثنين", "اثنتين", "اثنان", "اثنتان"):
            j += 1  # يومين اثنين
        return _Match(i, j, tok.start + clen, self.toks[j - 1].end, value, kind, unit)

    def m_over_relative(self, i: int) -> _Match | None:
        """على مدى العقد الماضي: a duration of one unit."""
        if self.strict and not any(self.seq(i - len(p), p) for p in _OVER_PHRASES):
            return None  # العام الماضي alone is a (relative) date, not a duration
        tok = self.toks[i]
        hit = _lookup(tok, UNIT_NOUNS, clitic=False, definite=True)
        if hit is None or self.word(i + 1) not in _RELATIVE_PAST:
            return None
        unit, kind, _ = UNIT_NOUNS[hit[2]]
        if kind != "duration":
            return None
        return _Match(i, i + 2, tok.start, self.toks[i + 1].end, 1, "duration", unit)

    def m_ordinal(self, i: int) -> _Match | None:
        toks = self.toks
        noun = _lookup(toks[i], _UNIT_FORMS)
        if noun is not None:
            # جولة ثانية / الجولة الأولى
            adj = _lookup(toks[i + 1], _ORDINALS, clitic=False, definite=noun[1]) if i + 1 < len(toks) else None
            if adj is not None and _UNIT_FORMS[noun[2]][2] is None:
                value = _ORDINALS[adj[2]]
                j = i + 2
                if adj[2] in ("حادي", "حاديه", "ثاني", "ثانيه", "ثالث", "ثالثه") and self.word(j) in _TEN:
                    value, j = value + 10, j + 1
                return _Match(i, j, toks[i].start + noun[0], toks[j - 1].end, value, "ordinal", _UNIT_FORMS[noun[2]][0])
            return None
        first = _lookup(toks[i], {"اول": 1}, definite=False)
        if first is not None and i + 1 < len(toks):
            # أول جولة: ordinal before an indefinite noun
            nxt = _lookup(toks[i + 1], _UNIT_FORMS, clitic=False, definite=False)
            if nxt is not None:
                return _Match(i, i + 2, toks[i].start + first[0], toks[i + 1].end, 1, "ordinal", _UNIT_FORMS[nxt[2]][0])
        if self.strict:
            return None
        adj = _lookup(toks[i], _ORDINALS)
        if adj is None or adj[2] in ("حادي", "حاديه"):
            return None
        return _Match(i, i + 1, toks[i].start + adj[0], toks[i].end, _ORDINALS[adj[2]], "ordinal", None)

    def m_fraction(self, i: int) -> _Match | None:
        tok = self.toks[i]
        hit = _lookup(tok, _FRACTIONS)
        if hit is None:
            return None
        if hit[2] == "خمس" and not hit[1]:
            return None  # bare خمس is the cardinal 5
        return _Match(i, i + 1, tok.start + hit[0], tok.end, _FRACTIONS[hit[2]], "ratio", None)

    def m_multiplier(self, i: int) -> _Match | None:
        tok = self.toks[i]
        hit = _lookup(tok, _MULTIPLIERS, definite=False)
        if hit is None:
            return None
        return _Match(i, i + 1, tok.start + hit[0], tok.end, _MULTIPLIERS[hit[2]], "ratio", None)

    # -- dates -----------------------------------------------------------
    def year_at(self, k: int) -> int | None:
        if 0 <= k < len(self.toks) and self.toks[k].kind == "num":
            v = _digits_value(self.toks[k].text)
            if isinstance(v, int) and len(self.toks[k].text) == 4 and 1000 <= v <= 2999:
                return v
        return None

    def month_at(self, k: int) -> tuple[int, int, int] | None:
        """(month, token after, clitic length) of a month name at k."""
        w = self.word(k)
        if w is None:
            return None
        for clen, is_def, base in _analyses(w):
            if is_def:
                continue
            nxt = self.word(k + 1)
            for (a, b), month in _TWO_WORD_MONTHS.items():
                if base == a and nxt == b:
                    return month, k + 2, clen
            if base in MONTHS and base not in ("كانون", "تشرين"):
                return MONTHS[base], k + 1, clen
        return None

    def date_point(self, i: int, *, in_range: bool = False) -> _Match | None:
        """A single date: [day] month[/month] [year] | عام YEAR | (bare) YEAR."""
        toks = self.toks
        if i >= len(toks):
            return None
        # عام 2019 / وعام 2019
        yw = _lookup(toks[i], _YEAR_WORDS) if toks[i].kind == "word" else None
        if yw is not None:
            year = self.year_at(i + 1)
            if year is not None:
                return _Match(i, i + 2, toks[i].start + yw[0], toks[i + 1].end, str(year), "date", year=year)
            return None
        day = None
        k = i
        if toks[i].kind == "num":
            v = _digits_value(toks[i].text)
            if isinstance(v, int) and 1 <= v <= 31 and len(toks[i].text) <= 2 and self.month_at(i + 1):
                day, k = v, i + 1
            else:
                year = self.year_at(i)
                prev = self.word(i - 1)
                if prev is not None and prev[:1] in ("و", "ف") and prev[1:] in _DATE_PREPOSITIONS:
                    prev = prev[1:]
                plausible = in_range or prev in _DATE_PREPOSITIONS or (not self.strict and 1900 <= (year or 0) <= 2100)
                if year is not None and plausible \
                        and self.unit_after(i + 1) is None:
                    return _Match(i, i + 1, toks[i].start, toks[i].end, str(year), "date", year=year)
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
        elif self.word(j) == "من" and self.word(j + 1) in _YEAR_WORDS and self.year_at(j + 2) is not None:
            year = self.year_at(j + 2)
            j += 3
        elif self.word(j) in _YEAR_WORDS and self.year_at(j + 1) is not None:
            year = self.year_at(j + 1)
            j += 2
        if first_word in _AMBIGUOUS_MONTHS and j - k == 1 and year is None and day is None:
            return None  # a bare آب / ماي is not a date
        start = toks[i].start + (clen if day is None else 0)
        return _Match(i, j, start, toks[j - 1].end, (month, day), "date", year=year)

    def unit_after(self, k: int) -> str | None:
        w = self.word(k)
        if w is not None and w in _UNIT_FORMS:
            return _UNIT_FORMS[w][0]
        return None

    def iso(self, m: _Match, year: int | None) -> str | None:
        if isinstance(m.value, str):
            return m.value
        month, day = m.value  # type: ignore[misc]
        y = m.year or year
        if y is None:
            return None
        out = f"{y:04d}-{month:02d}"
        return out if day is None else f"{out}-{day:02d}"

    def m_date(self, i: int) -> _Match | None:
        toks = self.toks
        # النصف الأول من عام 2024 / الربع الثالث من 2023
        part = _lookup(toks[i], {"نصف": 2, "ربع": 4}, definite=True)
        if part is not None and i + 1 < len(toks):
            ordn = _lookup(toks[i + 1], _ORDINALS, clitic=False, definite=True)
            if ordn is not None:
                k = i + 2
                if self.word(k) == "من":
                    k += 1
                if self.word(k) in _YEAR_WORDS:
                    k += 1
                year = self.year_at(k)
                n = _ORDINALS[ordn[2]]
                size = 12 // (2 if part[2] == "نصف" else 4)
                if year is not None and 1 <= n <= 12 // size:
                    a, b = (n - 1) * size + 1, n * size
                    value = f"{year:04d}-{a:02d}/{year:04d}-{b:02d}"
                    return _Match(i, k + 1, toks[i].start + part[0], toks[k].end, value, "date", year=year)
        # من ... إلى ... / بين ... و...
        opener = self.word(i)
        if opener in ("من", "بين", "ومن", "وبين"):
            clen = 1 if opener.startswith("و") else 0
            a = self.date_point(i + 1, in_range=True)
            if a is not None:
                k = a.j
                b = None
                if self.word(k) in _RANGE_TO:
                    b = self.date_point(k + 1, in_range=True)
                elif self.word(k) == "و":
                    b = self.date_point(k + 1, in_range=True)
                elif self.word(k) in ("وعام", "وسنه"):
                    year = self.year_at(k + 1)
                    if year is not None:
                        b = _Match(k, k + 2, toks[k].start, toks[k + 1].end, str(year), "date", year=year)
                if b is not None:
                    ctx = b.year or a.year or self.year
                    av, bv = self.iso(a, a.year or ctx), self.iso(b, b.year or ctx)
                    value = f"{av}/{bv}" if av and bv else None
                    year = b.year or a.year
                    return _Match(i, b.j, toks[i].start + clen, toks[b.j - 1].end, value, "date", year=year)
        point = self.date_point(i)
        if point is None:
            return None
        value = self.iso(point, self.year)
        return _Match(point.i, point.j, point.start, point.end, value, "date", year=point.year)

    # -- driver ----------------------------------------------------------
    def match_at(self, i: int) -> _Match | None:
        matchers: tuple[Callable[[int], _Match | None], ...] = (
            self.m_date, self.m_quantity, self.m_dual, self.m_over_relative,
            self.m_ordinal, self.m_multiplier, self.m_fraction,
        )
        if i >= len(self.toks):
            return None
        best: _Match | None = None
        for matcher in matchers:
            m = matcher(i)
            if m is not None and (best is None or m.j > best.j):
                best = m
        return best

    def approx_at(self, i: int) -> tuple[int, int] | None:
        for marker in _APPROX_BEFORE:
            hit = self.seq(i, marker, clitic_first=True)
            if hit is not None:
                return hit
        return None

    def run(self) -> list[_Match]:
        out: list[_Match] = []
        i = 0
        while i < len(self.toks):
            approx = self.approx_at(i)
            m = None
            if approx is not None:
                inner = self.match_at(approx[0])
                if inner is not None and inner.kind != "date":
                    m = _Match(i, inner.j, self.toks[i].start + approx[1], inner.end, inner.value,
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


def find_numbers(text: str, *, year: int | None = None, strict: bool = True) -> list[NumberMention]:
    """All numeric expressions in ``text``, left to right, non-overlapping.

    ``year`` is the context year for dates that name no year before any
    explicit year appears in the text.  ``strict`` (the default, for running
    over documents) leaves out readings that are only plausible when a
    human has selected the span: an ordinal adjective with no counted noun
    (الأول) and a bare four-digit number not introduced by في/منذ/عام ...
    """
    norm, offsets = normalize_with_map(text)
    parser = _Parser(norm, year=year, strict=strict)
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
    parser = _Parser(norm, year=None, strict=True)
    parser.run()
    return parser.year


def parse_number(s: str, *, year: int | None = None) -> ParsedNumber | None:
    """Read the numeric expression in a selected span (the claim form's prefill).

    Returns None when ``s`` contains no number.  When the span holds a
    quantity and a date (``153 هجوماً في عام 2023``), the quantity is the
    value and the date becomes ``time``.
    """
    mentions = find_numbers(s, year=year, strict=False)
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
