"""Counted nouns, currencies, percent words and approximate markers (normalised spelling)."""

from __future__ import annotations

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
    "نسمه": ("person", "count", ()),
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
CURRENCY_PLURALS: dict[str, str] = {
    "دولارات": "دولار", "دنانير": "دينار", "جنيهات": "جنيه", "ريالات": "ريال",
    "ليرات": "ليره", "دراهم": "درهم", "روبلات": "روبل",
}
CURRENCY_ADJECTIVES: dict[tuple[str, str], str] = {
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
CURRENCY_SYMBOLS: dict[str, str] = {"$": "usd", "€": "eur", "£": "gbp"}

PERCENT_SIGNS = frozenset({"%", "٪"})
PERCENT_WORDS = frozenset({"بالمئه", "بالمائه", "بالميه"})
PERCENT_AFTER_FI = frozenset({"المئه", "المائه"})

#: Approximate markers (normalised token sequences) before a number.
APPROX_BEFORE: tuple[tuple[str, ...], ...] = (
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
APPROX_AFTER = frozenset({"تقريبا"})

RELATIVE_PAST = frozenset({"الماضي", "الماضيه", "الاخير", "الاخيره", "المنصرم", "المنصرمه"})
RELATIVE_NEXT = frozenset({"المقبل", "المقبله", "القادم", "القادمه"})
RELATIVE_THIS = frozenset({"الجاري", "الجاريه", "الحالي", "الحاليه"})
#: Calendar units: "the last/next UNIT" is a date (الأسبوع الماضي = last week), not a duration;
#: "the last decade / century" is a span of time up to now (a duration).
CALENDAR_UNITS = frozenset({"day", "week", "month", "year"})
OVER_PHRASES: tuple[tuple[str, ...], ...] = (("علي", "مدي"), ("علي", "مدار"), ("طوال",), ("طيله",))

def build_unit_forms() -> dict[str, tuple[str, str, int | None]]:
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


UNIT_FORMS = build_unit_forms()
DUAL_FORMS = {k: v for k, v in UNIT_FORMS.items() if v[2] == 2}
PLURAL_FORMS = {plural: singular for singular, (_, _, plurals) in UNIT_NOUNS.items() for plural in plurals}
