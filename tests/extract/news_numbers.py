"""Numeric expressions as Arabic news writes them, with the value a careful annotator gives.

The expected readings were written from the Arabic and the guidelines (docs/guidelines.md
§3), not from the parser's output: (text, value, kind, unit, approx); kind None means "no
numeric claim here" (parse_number returns None). Dates are ISO-8601 strings; a relative
date that no document date resolves has the value None. A range of quantities (بين 20
و30) is its lower bound, marked approximate.

Run from the repository root to print the parser's accuracy on the table (the figure in
the README's "Arabic number parser" section):

    .venv/bin/python tests/extract/news_numbers.py
"""

from __future__ import annotations

Row = tuple[str, object, str | None, str | None, bool | None]

ROWS: list[Row] = [
    # --- counts in digits of every script, separators --------------------------------------
    ("قتل 25 شخصاً", 25, "count", "person", False),
    ("١٥٣ هجوماً", 153, "count", "attack", False),
    ("۲۵ شخصاً", 25, "count", "person", False),
    ("۱۲۰۰ لاجئ", 1200, "count", "refugee", False),
    ("١٬٢٠٠ جندي", 1200, "count", "soldier", False),
    ("12,500 نازح", 12500, "count", "displaced person", False),
    ("٢٬٥٠٠٬٠٠٠ نسمة", 2_500_000, "count", "person", False),
    ("1,200,000 لاجئ", 1_200_000, "count", "refugee", False),
    ("40 غارة", 40, "count", "airstrike", False),
    ("٣ صواريخ", 3, "count", "missile", False),
    ("17 طفلاً", 17, "count", "child", False),
    ("12 مدنياً", 12, "count", "civilian", False),
    ("300 معتقل", 300, "count", "detainee", False),
    ("٥٠ قتيلاً", 50, "count", "fatality", False),
    ("80 جريحاً", 80, "count", "injury", False),
    # --- counts in words: case forms and compounds -----------------------------------------
    ("ثلاثة جنود", 3, "count", "soldier", False),
    ("سبعة عشر قتيلاً", 17, "count", "fatality", False),
    ("أحد عشر شخصاً", 11, "count", "person", False),
    ("ثلاثة وعشرون طفلاً", 23, "count", "child", False),
    ("خمسة وثلاثين ألف لاجئ", 35_000, "count", "refugee", False),
    ("مئتان وخمسون مدنياً", 250, "count", "civilian", False),
    ("تسعمئة جندي", 900, "count", "soldier", False),
    ("ألف وتسعمائة شخص", 1900, "count", "person", False),
    ("خمسة عشر ألف نازح", 15_000, "count", "displaced person", False),
    ("عشرة آلاف مقاتل", 10_000, "count", "fighter", False),
    ("ثلاثمائة ألف لاجئ", 300_000, "count", "refugee", False),
    ("مليونا شخص", 2_000_000, "count", "person", False),
    ("ألفي جندي", 2000, "count", "soldier", False),
    # --- scales: mixed digits and words, fractions of a scale, "and a half" -----------------
    ("3 آلاف و500 شخص", 3500, "count", "person", False),
    ("3 آلاف و 500 شخص", 3500, "count", "person", False),
    ("مليون و200 ألف نازح", 1_200_000, "count", "displaced person", False),
    ("2 مليون و500 ألف", 2_500_000, "count", None, False),
    ("ألفين و500 جندي", 2500, "count", "soldier", False),
    ("1.2 مليون لاجئ", 1_200_000, "count", "refugee", False),
    ("نصف مليون لاجئ", 500_000, "count", "refugee", False),
    ("ربع مليون نازح", 250_000, "count", "displaced person", False),
    ("ثلث مليار", 1_000_000_000 / 3, "count", None, False),
    ("مليار ونصف", 1_500_000_000, "count", None, False),
    ("مليون ونصف المليون نازح", 1_500_000, "count", "displaced person", False),
    ("ثلاثة ملايين ونصف", 3_500_000, "count", None, False),
    ("مليونان ونصف مليون", 2_500_000, "count", None, False),
    ("ألف ونصف", 1500, "count", None, False),
    ("1,5 مليون", 1_500_000, "count", None, False),
    ("2,75 مليار", 2_750_000_000, "count", None, False),
    ("٢٫٥ مليون نسمة", 2_500_000, "count", "person", False),
    # --- money ------------------------------------------------------------------------------
    ("500 دولار", 500, "money", "usd", False),
    ("2.5 مليار دولار", 2_500_000_000, "money", "usd", False),
    ("٢٫٥ مليار دولار", 2_500_000_000, "money", "usd", False),
    ("مليون يورو", 1_000_000, "money", "eur", False),
    ("10 ملايين دينار عراقي", 10_000_000, "money", "iqd", False),
    ("50 ألف ريال سعودي", 50_000, "money", "sar", False),
    ("3 مليارات جنيه مصري", 3_000_000_000, "money", "egp", False),
    ("مئة ألف درهم إماراتي", 100_000, "money", "aed", False),
    ("20 مليون ليرة تركية", 20_000_000, "money", "try", False),
    ("1500 دولار أمريكي", 1500, "money", "usd", False),
    ("مليونا دولار", 2_000_000, "money", "usd", False),
    ("١٠٠ دولار", 100, "money", "usd", False),
    ("20 جنيهاً إسترلينياً", 20, "money", "gbp", False),
    ("$1.5 مليار", 1_500_000_000, "money", "usd", False),
    ("نصف مليون دولار", 500_000, "money", "usd", False),
    ("مليار ونصف المليار دولار", 1_500_000_000, "money", "usd", False),
    ("1,5 مليار يورو", 1_500_000_000, "money", "eur", False),
    ("خمسة آلاف دينار أردني", 5000, "money", "jod", False),
    ("300 مليون دولار", 300_000_000, "money", "usd", False),
    ("4 مليارات ريال قطري", 4_000_000_000, "money", "qar", False),
    # --- percentages -------------------------------------------------------------------------
    ("40%", 40, "percent", None, False),
    ("٤٠٪", 40, "percent", None, False),
    ("٪40", 40, "percent", None, False),
    ("٪٤٠", 40, "percent", None, False),
    ("%15", 15, "percent", None, False),
    ("-3%", -3, "percent", None, False),
    ("\u200e-0.5%", -0.5, "percent", None, False),
    ("3.5%", 3.5, "percent", None, False),
    ("٣٫٥٪", 3.5, "percent", None, False),
    ("1,5%", 1.5, "percent", None, False),
    ("بنسبة 40 في المئة", 40, "percent", None, False),
    ("عشرة بالمئة", 10, "percent", None, False),
    ("خمسة في المائة", 5, "percent", None, False),
    ("ثلاثين بالمئة", 30, "percent", None, False),
    ("25 بالمائة", 25, "percent", None, False),
    ("0.5%", 0.5, "percent", None, False),
    # --- ranges ------------------------------------------------------------------------------
    ("بين 20 و30 شخصاً", 20, "count", "person", True),
    ("ما بين 100 و150 قتيلاً", 100, "count", "fatality", True),
    ("من 5 إلى 10 آلاف", 5000, "count", None, True),
    ("بين 3 و5 ملايين دولار", 3_000_000, "money", "usd", True),
    ("20-30 شخصاً", 20, "count", "person", True),
    ("بين 10 و15%", 10, "percent", None, True),
    # --- approximations and bounds -----------------------------------------------------------
    ("نحو 200 شخص", 200, "count", "person", True),
    ("قرابة 50 قتيلاً", 50, "count", "fatality", True),
    ("أكثر من 300 ألف", 300_000, "count", None, True),
    ("حوالي 15 مليون دولار", 15_000_000, "money", "usd", True),
    ("ما يقرب من 40%", 40, "percent", None, True),
    ("زهاء ألفي شخص", 2000, "count", "person", True),
    ("أقل من 10%", 10, "percent", None, True),
    ("ما لا يقل عن 70 شخصاً", 70, "count", "person", True),
    ("ما يزيد على 5 آلاف", 5000, "count", None, True),
    ("قرابة نصف مليون", 500_000, "count", None, True),
    ("أكثر من ثلث السكان", 1 / 3, "ratio", None, True),
    ("نحو مليار ونصف دولار", 1_500_000_000, "money", "usd", True),
    ("حوالى 3 آلاف و500 نازح", 3500, "count", "displaced person", True),
    ("أكثر من 1,5 مليون", 1_500_000, "count", None, True),
    ("نحو ٪30", 30, "percent", None, True),
    # --- dates: both month-name series, days, numeric dates ---------------------------------
    ("15 يناير 2024", "2024-01-15", "date", None, False),
    ("15 كانون الثاني 2024", "2024-01-15", "date", None, False),
    ("3 آذار 2022", "2022-03-03", "date", None, False),
    ("أيار/مايو 2021", "2021-05", "date", None, False),
    ("تشرين الثاني/نوفمبر 2023", "2023-11", "date", None, False),
    ("كانون الأول/ديسمبر 2019", "2019-12", "date", None, False),
    ("حزيران 2014", "2014-06", "date", None, False),
    ("في يوليو 2022", "2022-07", "date", None, False),
    ("٧ أكتوبر ٢٠٢٣", "2023-10-07", "date", None, False),
    ("الأول من مايو 2023", "2023-05-01", "date", None, False),
    ("منذ عام 2011", "2011", "date", None, False),
    ("عام ٢٠٢٠", "2020", "date", None, False),
    ("سنة 1990", "1990", "date", None, False),
    ("12/05/2024", "2024-05-12", "date", None, False),
    ("١٢/٠٥/٢٠٢٤", "2024-05-12", "date", None, False),
    ("2024-05-12", "2024-05-12", "date", None, False),
    ("2024/05/12", "2024-05-12", "date", None, False),
    ("1-3-2023", "2023-03-01", "date", None, False),
    ("05/2024", "2024-05", "date", None, False),
    ("من 2014 إلى 2017", "2014/2017", "date", None, False),
    ("2014-2017", "2014/2017", "date", None, False),
    ("بين عامي 2014 و2017", "2014/2017", "date", None, False),
    ("من 1 إلى 15 يناير 2024", "2024-01-01/2024-01-15", "date", None, False),
    ("النصف الأول من عام 2024", "2024-01/2024-06", "date", None, False),
    ("الربع الأخير من 2023", "2023-10/2023-12", "date", None, False),
    # relative dates: a date, not a duration; no document date resolves them here
    ("الأسبوع الماضي", None, "date", None, False),
    ("العام الماضي", None, "date", None, False),
    ("الشهر المقبل", None, "date", None, False),
    ("العام المقبل", None, "date", None, False),
    ("الأسبوع القادم", None, "date", None, False),
    # --- durations ---------------------------------------------------------------------------
    ("ثلاثة أيام", 3, "duration", "day", False),
    ("خمس سنوات", 5, "duration", "year", False),
    ("عشر سنوات", 10, "duration", "year", False),
    ("48 ساعة", 48, "duration", "hour", False),
    ("30 دقيقة", 30, "duration", "minute", False),
    ("ستة أشهر", 6, "duration", "month", False),
    ("أسبوعين", 2, "duration", "week", False),
    ("عقدين", 2, "duration", "decade", False),
    ("ثلاثة عقود", 3, "duration", "decade", False),
    ("ساعة ونصف", 1.5, "duration", "hour", False),
    ("ساعتين ونصف", 2.5, "duration", "hour", False),
    ("عامين ونصف", 2.5, "duration", "year", False),
    ("سنة ونصف", 1.5, "duration", "year", False),
    ("نصف ساعة", 0.5, "duration", "hour", False),
    ("ربع قرن", 0.25, "duration", "century", False),
    ("السنوات الخمس الماضية", 5, "duration", "year", False),
    ("الأيام الثلاثة الماضية", 3, "duration", "day", False),
    ("الأشهر الستة الأخيرة", 6, "duration", "month", False),
    ("العقد الماضي", 1, "duration", "decade", False),
    ("قرابة عامين", 2, "duration", "year", True),
    # --- ordinals ----------------------------------------------------------------------------
    ("الجولة الثانية", 2, "ordinal", "round", False),
    ("المرة الأولى", 1, "ordinal", "time", False),
    ("للمرة الثالثة", 3, "ordinal", "time", False),
    ("اليوم الثالث", 3, "ordinal", "day", False),
    ("الأسبوع الثاني", 2, "ordinal", "week", False),
    ("الجولة الحادية عشرة", 11, "ordinal", "round", False),
    ("القرن الحادي والعشرين", 21, "ordinal", "century", False),
    ("المرة الحادية والعشرين", 21, "ordinal", "time", False),
    ("القرن العشرين", 20, "ordinal", "century", False),
    ("أول مرة", 1, "ordinal", "time", False),
    # --- fractions and multipliers -----------------------------------------------------------
    ("الثلثين", 2 / 3, "ratio", None, False),
    ("ثلثي السكان", 2 / 3, "ratio", None, False),
    ("خُمس", 0.2, "ratio", None, False),
    ("خُمس السكان", 0.2, "ratio", None, False),
    ("عُشر", 0.1, "ratio", None, False),
    ("ثلاثة أرباع", 0.75, "ratio", None, False),
    ("نصف السكان", 0.5, "ratio", None, False),
    ("الربع", 0.25, "ratio", None, False),
    ("ثلاثة أضعاف", 3, "ratio", None, False),
    ("ضعفي", 2, "ratio", None, False),
    # --- not a numeric claim -----------------------------------------------------------------
    ("مئات القتلى", None, None, None, None),
    ("عشرات الآلاف", None, None, None, None),
    ("عدة أيام", None, None, None, None),
    ("ملايين الدولارات", None, None, None, None),
    ("يوم الاثنين", None, None, None, None),
    ("نحو تسوية سياسية", None, None, None, None),
]


#: Written after the parser was fixed against ROWS, run once, and never used to change the
#: parser: an estimate of its accuracy on forms nobody tuned it for.
HELDOUT_ROWS: list[Row] = [
    ("أكثر من 4 آلاف قتيل", 4000, "count", "fatality", True),
    ("٦٠٠ ألف نازح", 600_000, "count", "displaced person", False),
    ("ستة ملايين لاجئ", 6_000_000, "count", "refugee", False),
    ("ثمانية عشر شهراً", 18, "duration", "month", False),
    ("أربعة وعشرين ساعة", 24, "duration", "hour", False),
    ("خمسين عاماً", 50, "duration", "year", False),
    ("مئة يوم", 100, "duration", "day", False),
    ("7 سنوات ونصف", 7.5, "duration", "year", False),
    ("شهر ونصف", 1.5, "duration", "month", False),
    ("نحو ثلث", 1 / 3, "ratio", None, True),
    ("ربع السكان", 0.25, "ratio", None, False),
    ("الثلث", 1 / 3, "ratio", None, False),
    ("أربعة أضعاف", 4, "ratio", None, False),
    ("١٫٢ مليار دولار", 1_200_000_000, "money", "usd", False),
    ("750 مليون يورو", 750_000_000, "money", "eur", False),
    ("مليار دولار", 1_000_000_000, "money", "usd", False),
    ("ربع مليار دولار", 250_000_000, "money", "usd", False),
    ("ثلاثة مليارات ونصف المليار دولار", 3_500_000_000, "money", "usd", False),
    ("15 ألف دينار", 15_000, "money", "iqd", False),
    ("٢٠٠ مليون ليرة لبنانية", 200_000_000, "money", "lbp", False),
    ("12.5%", 12.5, "percent", None, False),
    ("٪١٢٫٥", 12.5, "percent", None, False),
    ("سبعين في المئة", 70, "percent", None, False),
    ("-1.2%", -1.2, "percent", None, False),
    ("قرابة 60 في المائة", 60, "percent", None, True),
    ("بين 5 و7 آلاف", 5000, "count", None, True),
    ("بين خمسين وستين قتيلاً", 50, "count", "fatality", True),
    ("10-15 دقيقة", 10, "duration", "minute", True),
    ("حوالي 30 طائرة", 30, "count", "aircraft", True),
    ("ما لا يقل عن 200 غارة", 200, "count", "airstrike", True),
    ("1 نيسان 2023", "2023-04-01", "date", None, False),
    ("20 تموز/يوليو 2024", "2024-07-20", "date", None, False),
    ("آذار/مارس 2011", "2011-03", "date", None, False),
    ("أيلول 2001", "2001-09", "date", None, False),
    ("31/12/2023", "2023-12-31", "date", None, False),
    ("٣١/١٢/٢٠٢٣", "2023-12-31", "date", None, False),
    ("2023-12-31", "2023-12-31", "date", None, False),
    ("عام 1948", "1948", "date", None, False),
    ("من عام 2011 حتى عام 2020", "2011/2020", "date", None, False),
    ("النصف الثاني من 2022", "2022-07/2022-12", "date", None, False),
    ("الشهر الماضي", None, "date", None, False),
    ("اليوم الأول", 1, "ordinal", "day", False),
    ("المرة العاشرة", 10, "ordinal", "time", False),
    ("الجولة الخامسة عشرة", 15, "ordinal", "round", False),
    ("ثالث مرة", 3, "ordinal", "time", False),
    ("عشرات الجرحى", None, None, None, None),
    # a second batch, written later in the same way (run once, not used to change the parser)
    ("أسفر القصف عن مقتل 14 مدنياً", 14, "count", "civilian", False),
    ("اعتقال ٢٣ شخصاً", 23, "count", "person", False),
    ("إطلاق 70 صاروخاً", 70, "count", "missile", False),
    ("ثلاث غارات", 3, "count", "airstrike", False),
    ("أربع طائرات مسيرة", 4, "count", "drone", False),
    ("نحو 400 عنصر", 400, "count", "member", True),
    ("تسعة قتلى", 9, "count", "fatality", False),
    ("عشرين دولة", 20, "count", "country", False),
    ("خمس قرى", 5, "count", "village", False),
    ("1,300 منزل", 1300, "count", "house", False),
    ("٣٥٠ ألف برميل", 350_000, "count", "barrel", False),
    ("مليونين ونصف المليون", 2_500_000, "count", None, False),
    ("نصف مليار", 500_000_000, "count", None, False),
    ("9,5 مليار دولار", 9_500_000_000, "money", "usd", False),
    ("ثلاثمئة مليون دينار", 300_000_000, "money", "iqd", False),
    ("7 آلاف و200 يورو", 7200, "money", "eur", False),
    ("مئتي مليون درهم مغربي", 200_000_000, "money", "mad", False),
    ("أكثر من مليار ريال", 1_000_000_000, "money", "sar", True),
    ("٪٧٫٥", 7.5, "percent", None, False),
    ("−2%", -2, "percent", None, False),
    ("ستين بالمئة", 60, "percent", None, False),
    ("15 في المئة تقريباً", 15, "percent", None, True),
    ("زهاء 80%", 80, "percent", None, True),
    ("بين 40 و50 في المئة", 40, "percent", None, True),
    ("ما بين 200 و300 مقاتل", 200, "count", "fighter", True),
    ("10 تشرين الثاني/نوفمبر 2023", "2023-11-10", "date", None, False),
    ("شباط/فبراير 2022", "2022-02", "date", None, False),
    ("27 رمضان", None, None, None, None),
    ("25/12/2019", "2019-12-25", "date", None, False),
    ("٢٠٢٢/٠٣/١٥", "2022-03-15", "date", None, False),
    ("منتصف عام 2021", "2021", "date", None, False),
    ("بين عامي 2003 و2011", "2003/2011", "date", None, False),
    ("من مارس إلى مايو 2020", "2020-03/2020-05", "date", None, False),
    ("الربع الثاني من عام 2024", "2024-04/2024-06", "date", None, False),
    ("العام الحالي", None, "date", None, False),
    ("أربعة أسابيع", 4, "duration", "week", False),
    ("عشرة أعوام", 10, "duration", "year", False),
    ("72 ساعة", 72, "duration", "hour", False),
    ("ثلاثة أشهر ونصف", 3.5, "duration", "month", False),
    ("الأشهر الثلاثة الماضية", 3, "duration", "month", False),
    ("على مدار يومين", 2, "duration", "day", False),
    ("الجولة الرابعة", 4, "ordinal", "round", False),
    ("المرة الثانية عشرة", 12, "ordinal", "time", False),
    ("القرن التاسع عشر", 19, "ordinal", "century", False),
    ("ثلثا السكان", 2 / 3, "ratio", None, False),
    ("ضعف", 2, "ratio", None, False),
    ("عشرة أضعاف", 10, "ratio", None, False),
    ("نحو ربع", 0.25, "ratio", None, True),
    ("آلاف المدنيين", None, None, None, None),
    ("بضعة أيام", None, None, None, None),
]


def reading(text: str) -> tuple[object, str | None, str | None, bool | None]:
    """What the parser reads in ``text``, in the table's form."""
    from annotator.text.numbers import parse_number

    parsed = parse_number(text)
    if parsed is None:
        return None, None, None, None
    return parsed.value, parsed.kind, parsed.unit, parsed.approx


def same(got: tuple, row: Row) -> bool:
    value, kind, unit, approx = got
    want_value = row[1]
    if (kind, unit, approx) != row[2:]:
        return False
    if isinstance(want_value, float) and isinstance(value, float):
        return abs(value - want_value) <= 1e-9 * max(1.0, abs(want_value))
    return value == want_value and type(value) is type(want_value)


def accuracy(rows: list[Row]) -> tuple[int, int, list[tuple[Row, tuple]]]:
    """(right, total, misses) of the parser over ``rows``."""
    misses = [(row, got) for row in rows if not same(got := reading(row[0]), row)]
    return len(rows) - len(misses), len(rows), misses


def summary() -> str:
    """The README's line: the accuracy on the development table and on the held-out one."""
    right, total, _ = accuracy(ROWS)
    held_right, held_total, _ = accuracy(HELDOUT_ROWS)
    return (f"{right}/{total} expressions of the development table ({100 * right / total:.1f}%), "
            f"{held_right}/{held_total} held out ({100 * held_right / held_total:.1f}%)")


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for rows in (ROWS, HELDOUT_ROWS):
        for row, got in accuracy(rows)[2]:
            print(f"miss: {row[0]!r}: expected {row[1:]}, got {got}")
    print(f"parser accuracy: {summary()}")
