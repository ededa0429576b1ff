"""Table-driven tests for annotator.text.numbers (parse_number / find_numbers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model.base import ISO_DATE_PATTERN
from annotator.text.numbers import NumberMention, ParsedNumber, context_year, find_numbers, parse_number

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9cb6c4488f67ca16.txt"

# (text, value, kind, unit, approx)
SEED_NUMBERS = [
    ("يومين", 2, "duration", "day", False),
    ("جولة ثانية", 2, "ordinal", "round", False),
    ("الجولة الأولى", 1, "ordinal", "round", False),
    ("أغسطس/آب 2023", "2023-08", "date", None, False),
    ("سبتمبر/أيلول 2014", "2014-09", "date", None, False),
    ("العقد الماضي", 1, "duration", "decade", False),
    ("عام 2019", "2019", "date", None, False),
    ("النصف الأول من عام 2024", "2024-01/2024-06", "date", None, False),
    ("من يناير/كانون الثاني إلى يونيو/حزيران", "2024-01/2024-06", "date", None, False),
    ("153 هجوماً", 153, "count", "attack", False),
    ("مضاعفة", 2, "ratio", None, False),
    ("عام 2023", "2023", "date", None, False),
]


def test_every_number_of_the_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = find_numbers(text)
    got = [(m.text, m.value, m.kind, m.unit, m.approx) for m in found]
    assert got == SEED_NUMBERS
    for m in found:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(("text", "value", "kind", "unit", "approx"), SEED_NUMBERS)
def test_seed_spans_parse_alone(text: str, value: object, kind: str, unit: str | None, approx: bool) -> None:
    year = 2024 if text.startswith("من يناير") else None  # its year comes from context
    parsed = parse_number(text, year=year)
    assert parsed == ParsedNumber(value, kind, unit, approx)


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit", "approx"),
    [
        # digits in three scripts, separators
        ("153", 153, "count", None, False),
        ("١٥٣ هجوماً", 153, "count", "attack", False),
        ("۱۵۳ هجوما", 153, "count", "attack", False),
        ("١٢٬٥٠٠ شخص", 12500, "count", "person", False),
        ("12,500 شخص", 12500, "count", "person", False),
        ("٣٫٥ مليون دولار", 3_500_000, "money", "usd", False),
        ("2.5 مليار دولار", 2_500_000_000, "money", "usd", False),
        ("1.5", 1.5, "count", None, False),
        # number words, case forms, compounds
        ("ثلاثة أيام", 3, "duration", "day", False),
        ("خمس سنوات", 5, "duration", "year", False),
        ("عشرة أشخاص", 10, "count", "person", False),
        ("أحد عشر شخصاً", 11, "count", "person", False),
        ("اثنا عشر هجوماً", 12, "count", "attack", False),
        ("ثلاثة عشر عاماً", 13, "duration", "year", False),
        ("عشرون قتيلاً", 20, "count", "fatality", False),
        ("عشرين جريحاً", 20, "count", "injury", False),
        ("ثلاثة وعشرون", 23, "count", None, False),
        ("مئة وخمسون", 150, "count", None, False),
        ("مائة وخمسين مدنياً", 150, "count", "civilian", False),
        ("مئتا ألف", 200_000, "count", None, False),
        ("مائتي شخص", 200, "count", "person", False),
        ("ثلاثمئة جندي", 300, "count", "soldier", False),
        ("ثلاث مئة", 300, "count", None, False),
        ("خمسة آلاف لاجئ", 5000, "count", "refugee", False),
        ("ألف شخص", 1000, "count", "person", False),
        ("ألفين", 2000, "count", None, False),
        ("نحو ألفي مشارك", 2000, "count", None, True),
        ("مليونا شخص", 2_000_000, "count", "person", False),
        ("ثلاثة عشر ألفاً", 13_000, "count", None, False),
        ("مليون نازح", 1_000_000, "count", "displaced person", False),
        ("عشرة ملايين", 10_000_000, "count", None, False),
        ("ألف وخمسمائة", 1500, "count", None, False),
        ("وثلاثة أشهر", 3, "duration", "month", False),
        # duals
        ("يومين", 2, "duration", "day", False),
        ("شهرين", 2, "duration", "month", False),
        ("عامين", 2, "duration", "year", False),
        ("سنتين", 2, "duration", "year", False),
        ("أسبوعين", 2, "duration", "week", False),
        ("ساعتين", 2, "duration", "hour", False),
        ("هجومين", 2, "count", "attack", False),
        # ordinals
        ("الأول", 1, "ordinal", None, False),
        ("الثالثة", 3, "ordinal", None, False),
        ("المرة الثانية", 2, "ordinal", "time", False),
        ("أول جولة", 1, "ordinal", "round", False),
        ("الجولة الحادية عشرة", 11, "ordinal", "round", False),
        # fractions and multipliers
        ("النصف", 0.5, "ratio", None, False),
        ("ربع", 0.25, "ratio", None, False),
        ("ثلثي", 2 / 3, "ratio", None, False),
        ("ثلاثة أرباع", 0.75, "ratio", None, False),
        ("لمضاعفة", 2, "ratio", None, False),
        ("ضعف", 2, "ratio", None, False),
        ("ثلاثة أضعاف", 3, "ratio", None, False),
        # percentages
        ("20%", 20, "percent", None, False),
        ("٢٠٪", 20, "percent", None, False),
        ("15 بالمئة", 15, "percent", None, False),
        ("15 بالمائة", 15, "percent", None, False),
        ("خمسين في المائة", 50, "percent", None, False),
        ("12.5 في المئة", 12.5, "percent", None, False),
        # money
        ("500 دولار", 500, "money", "usd", False),
        ("خمسة ملايين دولار أمريكي", 5_000_000, "money", "usd", False),
        ("مليون دينار", 1_000_000, "money", "iqd", False),
        ("100 دينار أردني", 100, "money", "jod", False),
        ("300 يورو", 300, "money", "eur", False),
        ("50 جنيهاً إسترلينياً", 50, "money", "gbp", False),
        ("$5", 5, "money", "usd", False),
        ("مليار ليرة سورية", 1_000_000_000, "money", "syp", False),
        # approximate markers
        ("نحو 153 هجوماً", 153, "count", "attack", True),
        ("حوالي 20%", 20, "percent", None, True),
        ("حوالى ألف شخص", 1000, "count", "person", True),
        ("قرابة عشرة أيام", 10, "duration", "day", True),
        ("أكثر من 150 هجوماً", 150, "count", "attack", True),
        ("ما يقارب 300", 300, "count", None, True),
        ("ما لا يقل عن 12 قتيلاً", 12, "count", "fatality", True),
        ("بنحو 40 مليون دولار", 40_000_000, "money", "usd", True),
        ("500 شخص تقريباً", 500, "count", "person", True),
        # dates
        ("أغسطس/آب 2023", "2023-08", "date", None, False),
        ("آب/أغسطس 2023", "2023-08", "date", None, False),
        ("كانون الثاني/يناير 2024", "2024-01", "date", None, False),
        ("تشرين الأول 2023", "2023-10", "date", None, False),
        ("كانون الأول 2019", "2019-12", "date", None, False),
        ("15 يناير 2024", "2024-01-15", "date", None, False),
        ("٧ أكتوبر ٢٠٢٣", "2023-10-07", "date", None, False),
        ("شباط 2022", "2022-02", "date", None, False),
        ("يونيو من عام 2024", "2024-06", "date", None, False),
        ("عام 2019", "2019", "date", None, False),
        ("سنة 2003", "2003", "date", None, False),
        ("2019", "2019", "date", None, False),
        ("النصف الثاني من عام 2023", "2023-07/2023-12", "date", None, False),
        ("الربع الثالث من 2022", "2022-07/2022-09", "date", None, False),
        ("من عام 2014 إلى عام 2017", "2014/2017", "date", None, False),
        ("بين عامي 2014 و2017", "2014/2017", "date", None, False),
        ("من يناير إلى يونيو 2024", "2024-01/2024-06", "date", None, False),
        ("من مارس 2020 حتى أبريل 2021", "2020-03/2021-04", "date", None, False),
    ],
)
def test_parse_number_table(text: str, value: object, kind: str | None, unit: str | None, approx: bool | None) -> None:
    parsed = parse_number(text)
    if kind is None:
        assert parsed is None
        return
    assert parsed is not None, text
    assert (parsed.value, parsed.kind, parsed.unit, parsed.approx) == (value, kind, unit, approx)
    assert type(parsed.value) is type(value)


@pytest.mark.parametrize(
    "text",
    ["", "قال الوزير", "نحو علاقة أمنية ثنائية", "عدة سنوات", "آب", "أحد المسؤولين", "يوم الاثنين", "مئات"],
)
def test_no_number(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_quantity_with_time() -> None:
    parsed = parse_number("153 هجوماً في النصف الأول من عام 2024")
    assert parsed == ParsedNumber(153, "count", "attack", False, "2024-01/2024-06")


def test_yearless_date_without_context_has_no_value() -> None:
    assert parse_number("من يناير إلى يونيو") == ParsedNumber(None, "date", None, False)
    assert parse_number("من يناير إلى يونيو", year=2021) == ParsedNumber("2021-01/2021-06", "date", None, False)


def test_context_year_comes_from_the_latest_explicit_year() -> None:
    text = "في عام 2022 وقعت هجمات. وفي أبريل تراجعت، ثم في عام 2023. وفي مايو عادت."
    dates = [(m.text, m.value) for m in find_numbers(text) if m.kind == "date"]
    assert dates == [("عام 2022", "2022"), ("أبريل", "2022-04"), ("عام 2023", "2023"), ("مايو", "2023-05")]
    # an explicit year= is used only until the text states one
    assert [m.value for m in find_numbers("في أبريل ثم عام 2020 ثم يونيو", year=2019)] == ["2019-04", "2020", "2020-06"]


def test_relative_decade_needs_an_over_phrase_in_documents() -> None:
    assert [m.text for m in find_numbers("على مدى العقد الماضي")] == ["العقد الماضي"]
    assert find_numbers("في العام الماضي") == []


def test_find_numbers_offsets_exclude_proclitics_and_keep_marks() -> None:
    text = "وقال إن بثلاثةِ آلافٍ جنديٍّ، ولمضاعفةِ العدد"
    found = find_numbers(text)
    assert [m.text for m in found] == ["ثلاثةِ آلافٍ جنديٍّ", "مضاعفةِ"]
    for m in found:
        assert text[m.start : m.end] == m.text
    assert found[0].value == 3000 and found[0].unit == "soldier"


def test_find_numbers_strict_skips_bare_ordinals_and_bare_years() -> None:
    text = "المسؤول الأول قال إن 2019 كان صعباً وفي 2020 تحسن"
    found = find_numbers(text)
    assert [(m.text, m.kind) for m in found] == [("2019", "count"), ("2020", "date")]


def test_find_numbers_returns_mentions_in_order_without_overlap() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = find_numbers(text)
    assert all(isinstance(m, NumberMention) for m in found)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_find_numbers_keeps_approx_marker_in_span() -> None:
    text = "قتل نحو 20 شخصاً"
    (m,) = find_numbers(text)
    assert m.text == "نحو 20 شخصاً" and m.approx is True
    assert find_numbers("نحو علاقة أمنية") == []


_ALPHABET = list("0123456789٠١٢٣٤٥٦٧٨٩٫٬,.%٪/ ") + [
    "من ", "إلى ", "عام ", "نحو ", "ثلاثة ", "وعشرون ", "ألف ", "مليون ", "يومين ", "هجوماً ",
    "الأولى ", "الجولة ", "يناير ", "كانون ", "الثاني ", "آب ", "دولار ", "بالمئة ", "النصف ", "و",
    "-", "ونصف ", "بين ", "و30 ", "الماضي ", "الأسبوع ", "السنوات ", "الخمس ", "خُمس ", "مليار ", "ساعتين ",
]


@given(st.lists(st.sampled_from(_ALPHABET), max_size=25).map("".join))
@settings(max_examples=300, deadline=None)
def test_find_numbers_never_fails_and_offsets_hold(text: str) -> None:
    found = find_numbers(text)
    last = 0
    for m in found:
        assert last <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        last = m.end
    import datetime

    for m in [*found, *find_numbers(text, strict=False, ref=datetime.date(2024, 5, 12))]:
        # dates are ISO strings (or unresolved), every other kind a number (the model's rule)
        if m.kind == "date":
            assert m.value is None or (isinstance(m.value, str) and re.fullmatch(ISO_DATE_PATTERN, m.value)), m
        else:
            assert type(m.value) in (int, float), m
    parse_number(text)  # must not raise


def test_context_year_for_the_claim_form() -> None:
    text = SEED.read_text(encoding="utf-8")
    span = "من يناير/كانون الثاني إلى يونيو/حزيران"
    start = text.index(span)
    year = context_year(text, start)
    assert year == 2024
    assert parse_number(span, year=year) == ParsedNumber("2024-01/2024-06", "date", None, False)
    assert context_year(text, text.index("سبتمبر/أيلول 2014")) == 2023
    assert context_year(text, 0) is None
    assert context_year("", 10) is None


# --- issue 11: classes of news forms, in running text (find_numbers, as the baseline runs it) ---

def _read(text: str) -> list[tuple[str, object, str, str | None, bool]]:
    found = find_numbers(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.value, m.kind, m.unit, m.approx) for m in found]


def test_mixed_digits_and_scale_words_in_a_sentence() -> None:
    assert _read("وقتل 3 آلاف و500 شخص في الهجمات، ونزح مليون و200 ألف آخرون") == [
        ("3 آلاف و500 شخص", 3500, "count", "person", False),
        ("مليون و200 ألف", 1_200_000, "count", None, False),
    ]


def test_fractions_of_a_scale_and_and_a_half() -> None:
    assert _read("فر نصف مليون لاجئ وخصص مليار ونصف المليار دولار لمدة ساعتين ونصف") == [
        ("نصف مليون لاجئ", 500_000, "count", "refugee", False),
        ("مليار ونصف المليار دولار", 1_500_000_000, "money", "usd", False),
        ("ساعتين ونصف", 2.5, "duration", "hour", False),
    ]


def test_decimal_comma_sign_and_percent_sign_before_the_number() -> None:
    assert _read("بلغ العجز 1,5 مليون دولار، وتراجع النمو -3% بينما ارتفعت الأسعار ٪40") == [
        ("1,5 مليون دولار", 1_500_000, "money", "usd", False),
        ("-3%", -3, "percent", None, False),
        ("٪40", 40, "percent", None, False),
    ]
    # a comma followed by a space or by three digits is not a decimal comma
    assert [m.value for m in find_numbers("في 12,500 منزل و3, 4 منازل")] == [12500, 3, 4]
    # the dash between two numbers is not a sign
    assert _read("قتل 20-30 شخصاً") == [("20-30 شخصاً", 20, "count", "person", True)]


def test_numeric_dates_and_the_year_they_give_later_dates() -> None:
    assert _read("في 12/05/2024 أعلنت الوزارة، ثم في يونيو، وبتاريخ ٢٠٢٤-٠٧-٠١ وفي 2014-2017") == [
        ("12/05/2024", "2024-05-12", "date", None, False),
        ("يونيو", "2024-06", "date", None, False),
        ("٢٠٢٤-٠٧-٠١", "2024-07-01", "date", None, False),
        ("2014-2017", "2014/2017", "date", None, False),
    ]
    assert all(m.kind != "date" for m in find_numbers("في 31/02/2024"))  # no such day


def test_relative_periods_are_dates_not_durations() -> None:
    assert parse_number("الأسبوع الماضي") == ParsedNumber(None, "date", None, False)
    assert parse_number("الشهر المقبل") == ParsedNumber(None, "date", None, False)
    # in a document an unresolved relative date is no claim (guidelines 3.1) ...
    assert find_numbers("قالت الوزارة الأسبوع الماضي إن العام المقبل سيكون صعباً") == []
    # ... but "over the last year" is a duration, and so is "the last five years"
    assert _read("على مدى العام الماضي وخلال السنوات الخمس الماضية") == [
        ("العام الماضي", 1, "duration", "year", False),
        ("السنوات الخمس الماضية", 5, "duration", "year", False),
    ]


def test_ranges_with_bayna_in_documents_but_min_ila_is_a_change() -> None:
    assert _read("قتل بين 20 و30 شخصاً") == [("بين 20 و30 شخصاً", 20, "count", "person", True)]
    # ارتفع من 20 إلى 30: two figures, not a range, when reading a document
    assert [m.value for m in find_numbers("ارتفع العدد من 20 إلى 30 شخصاً")] == [20, 30]
    assert parse_number("من 20 إلى 30 شخصاً") == ParsedNumber(20, "count", "person", True)


def test_fraction_nouns_and_the_cardinal_they_look_like() -> None:
    assert _read("خمس سنوات، وخُمس السكان، وثلثي الأراضي، والثلثين") == [
        ("خمس سنوات", 5, "duration", "year", False),
        ("خُمس", 0.2, "ratio", None, False),
        ("ثلثي", 2 / 3, "ratio", None, False),
        ("الثلثين", 2 / 3, "ratio", None, False),
    ]


def test_a_document_date_resolves_relative_dates() -> None:
    import datetime

    ref = datetime.date(2024, 1, 12)
    assert parse_number("العام الماضي", ref=ref) == ParsedNumber("2023", "date", None, False)
    assert parse_number("الشهر الماضي", ref=ref) == ParsedNumber("2023-12", "date", None, False)
    assert parse_number("الشهر المقبل", ref=ref) == ParsedNumber("2024-02", "date", None, False)
    assert parse_number("هذا العام", ref=ref) == ParsedNumber("2024", "date", None, False)
    assert parse_number("العام الجاري", ref=ref) == ParsedNumber("2024", "date", None, False)
    # where a week starts differs between countries: left unresolved
    assert parse_number("الأسبوع الماضي", ref=ref) == ParsedNumber(None, "date", None, False)
    # a quantity takes the resolved date as its time
    assert parse_number("153 هجوماً العام الماضي", ref=ref) == ParsedNumber(153, "count", "attack", False, "2023")
    # in a document, a resolved relative date is a date mention
    assert [(m.text, m.value) for m in find_numbers("وقالت العام الماضي إن", ref=ref)] == [("العام الماضي", "2023")]
    assert find_numbers("وقالت العام الماضي إن") == []


def test_what_looks_like_a_range_or_a_fraction_but_is_not() -> None:
    assert find_numbers("ارتفع ثمن الخبز") == []  # the price, not an eighth
    assert parse_number("ثُمن الميزانية") == ParsedNumber(0.125, "ratio", None, False)
    assert [(m.text, m.approx) for m in find_numbers("فاز الفريق 1-0")] == [("1", False), ("0", False)]
    assert [m.text for m in find_numbers("في المادة 3-2 من القانون")] == ["3", "2"]
    assert [(m.text, m.value) for m in find_numbers("وصل 1,5 مليون و2,5 مليون")] == [
        ("1,5 مليون", 1_500_000), ("2,5 مليون", 2_500_000)]


def test_day_of_the_month_with_the_article() -> None:
    assert _read("في الـ15 من مايو 2024 وفي الأول من حزيران") == [
        ("الـ15 من مايو 2024", "2024-05-15", "date", None, False),
        ("الأول من حزيران", "2024-06-01", "date", None, False),
    ]


def test_a_month_name_that_is_also_a_word_opens_a_range() -> None:
    assert parse_number("من مارس إلى مايو 2020") == ParsedNumber("2020-03/2020-05", "date", None, False)
    assert parse_number("بين يناير ومارس 2024") == ParsedNumber("2024-01/2024-03", "date", None, False)
    assert parse_number("من آب إلى أيلول 2023") == ParsedNumber("2023-08/2023-09", "date", None, False)
    assert find_numbers("جاء من مارس") == [] and find_numbers("من أب إلى ابنه") == []
