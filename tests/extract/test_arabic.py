"""Table-driven tests for annotator.text.arabic (normalisation, search, trimming)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.arabic import (
    PROCLITICS,
    QUOTE_PAIRS,
    enclosing_quotes,
    find_all,
    normalize,
    normalize_with_map,
    trim_lenient,
)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9cb6c4488f67ca16.txt"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أوستن", "اوستن"),
        ("إقليم", "اقليم"),
        ("آذار", "اذار"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("القيادة", "القياده"),
        ("هجوماً", "هجوما"),
        ("وصرّح", "وصرح"),
        ("أُنشئ", "انشئ"),
        ("يعنِ", "يعن"),
        ("مُحَمَّدٌ", "محمد"),
        ("العـــراق", "العراق"),  # tatweel
        ("سوريا\u200f", "سوريا"),  # RLM dropped
        ("کردستان", "كردستان"),  # Persian kaf
        ("ايران\u06cc", "ايراني"),  # Persian ya
        ("اللهٰ", "الله"),  # superscript alif
        ("Austin 2024", "Austin 2024"),  # non-Arabic untouched
        ("", ""),
    ],
)
def test_normalize_table(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_keeps_hamza_on_waw_and_ya() -> None:
    # ؤ and ئ are distinct letters, not spelling variants of و / ي.
    assert normalize("مسؤول") == "مسؤول"
    assert normalize("رئيس") == "رئيس"


def test_normalize_with_map_offsets() -> None:
    s = "هُجُوماً"
    norm, m = normalize_with_map(s)
    assert norm == "هجوما"
    assert m == [0, 2, 4, 5, 6, len(s)]
    assert len(m) == len(norm) + 1


@given(st.text(alphabet=st.sampled_from(list("ابتةىأإآـًٌٍَُِّْٰ و1%\"«»")), max_size=30))
def test_normalize_with_map_is_consistent(s: str) -> None:
    norm, m = normalize_with_map(s)
    assert norm == normalize(s)
    assert len(m) == len(norm) + 1
    assert m[-1] == len(s)
    assert m == sorted(m)
    for i, ch in enumerate(norm):
        assert normalize(s[m[i]]) == ch


def test_find_all_ignores_marks_and_hamza() -> None:
    text = "قال أوستن إن أُوستِن وصل. ثم غادر اوستن"
    hits = find_all(text, "اوستن")
    assert [text[a:b] for a, b in hits] == ["أوستن", "أُوستِن", "اوستن"]


def test_find_all_keeps_trailing_marks_with_letter() -> None:
    text = "شنّ هجوماً واحداً"
    (hit,) = find_all(text, "هجوما")
    assert text[hit[0] : hit[1]] == "هجوماً"  # tanween stays with its alif


def test_find_all_inside_clitic_and_non_overlapping() -> None:
    text = "لداعش وداعش"
    assert find_all(text, "داعش") == [(1, 5), (7, 11)]
    assert find_all("ااااا", "اا") == [(0, 2), (2, 4)]


def test_find_all_empty_and_mark_only_queries() -> None:
    assert find_all("نص", "") == []
    assert find_all("نص", "َ") == []
    assert find_all("", "داعش") == []


def test_find_all_counts_in_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert len(find_all(text, "داعش")) == 14
    assert len(find_all(text, "الولايات المتحدة")) == 5
    # القيادة with ة is found by a query typed with ه
    assert len(find_all(text, "القياده المركزيه")) == 3


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("لداعش", None, "داعش"),
        ("وداعش", None, "داعش"),
        ("للأمم المتحدة", None, "أمم المتحدة"),
        ("الأمم المتحدة", None, "أمم المتحدة"),
        ("والولايات المتحدة", None, "ولايات المتحدة"),
        ("الولايات المتحدة", None, "ولايات المتحدة"),
        ("بالعراق", None, "عراق"),
        ("العراق،", None, "عراق"),
        (' "الانتقال" ', None, "انتقال"),
        ('و"الانتقال"', None, "انتقال"),
        ("«العزم الصلب»", None, "عزم الصلب"),
        ("153 هجوماً.", None, "153 هجوماً"),
        ("50٪", None, "50٪"),
        ("بات رايدر", None, "ات رايدر"),  # deterministic: both sides trim alike
        ("لي", None, "لي"),  # would leave a 1-letter word: kept
        ("و داعش", None, "و داعش"),  # a lone و is a word, not a proclitic
        ("...", None, ""),
    ],
)
def test_trim_lenient_table(text: str, span: tuple[int, int] | None, expected: str) -> None:
    start, end = span or (0, len(text))
    a, b = trim_lenient(text, start, end)
    assert text[a:b] == expected


def test_trim_lenient_equalises_clitic_variants() -> None:
    text = "قال لداعش ثم داعش"
    a = trim_lenient(text, 4, 9)
    b = trim_lenient(text, 13, 17)
    assert text[a[0] : a[1]] == text[b[0] : b[1]] == "داعش"


def test_trim_lenient_rejects_bad_span() -> None:
    with pytest.raises(ValueError, match="outside text"):
        trim_lenient("abc", 2, 9)


def test_proclitics_longest_first() -> None:
    lengths = [len(p) for p in PROCLITICS]
    assert lengths == sorted(lengths, reverse=True)
    for p in ("و", "ف", "ب", "ك", "ل", "ال", "وال", "بال", "لل"):
        assert p in PROCLITICS


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ('قال "لقد تطور التهديد" ثم', "لقد تطور التهديد", True),
        ("قال « لقد تطور » ثم", "لقد تطور", True),
        ("قال “نص” ثم", "نص", True),
        ("قال „نص“ ثم", "نص", True),
        ('قال "لقد تطور" ثم', '"لقد تطور"', True),  # marks selected too
        ("قال لقد تطور ثم", "لقد تطور", False),
        ('قال "لقد تطور ثم', "لقد تطور", False),  # unclosed
        ("قال «لقد تطور\" ثم", "لقد تطور", False),  # mismatched pair
    ],
)
def test_enclosing_quotes(text: str, needle: str, expected: bool) -> None:
    start = text.index(needle)
    assert enclosing_quotes(text, start, start + len(needle)) is expected


def test_enclosing_quotes_edges() -> None:
    assert enclosing_quotes('"x"', 1, 2) is True
    assert enclosing_quotes("x", 0, 1) is False
    assert enclosing_quotes("x", 0, 0) is False
    assert enclosing_quotes("x", 0, 5) is False


def test_quote_pairs_cover_common_marks() -> None:
    assert QUOTE_PAIRS["«"] == "»"
    assert QUOTE_PAIRS["“"] == "”"
    assert QUOTE_PAIRS['"'] == '"'


def test_enclosing_quotes_on_seed_quotes() -> None:
    text = SEED.read_text(encoding="utf-8")
    needle = "يعود إلى الظهور"
    start = text.index(needle)
    assert enclosing_quotes(text, start, start + len(needle))
    needle = "حوار التعاون"
    start = text.index(needle)
    assert not enclosing_quotes(text, start, start + len(needle))


def test_normalized_index_matches_find_all_and_normalises_once():
    from pathlib import Path

    from annotator.io.corpus import load_documents
    from annotator.text.arabic import NormalizedIndex

    text = load_documents(Path(__file__).resolve().parents[2] / "corpus" / "documents.jsonl")["000_9cb6c4488f67ca16"].text
    index = NormalizedIndex(text)
    for query in ("داعش", "اوستن", "أوستن", "الولايات المتحدة", "ة", "ـ", "2023", "ى", "xyz", "", "ُ"):
        assert index.find_all(query) == find_all(text, query), query
    hay = index._hay
    assert len(index.find_all("داعش")) == 14 and index._hay is hay  # normalised once, reused


# --- search: canonical equivalence, invisible controls, digits (issue 11) ---------------

_HAMZA_WORDS = ["سئل", "مسؤول", "أُنشئ", "إيران", "آذار", "رئيسُ", "ضوْء", "ۀ"]


@pytest.mark.parametrize("word", _HAMZA_WORDS)
def test_canonically_equivalent_text_matches(word: str) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", word)
    assert decomposed != word or word == "ضوْء"
    text = f"وقد {unicodedata.normalize('NFC', word)} أمس"
    start = text.index(unicodedata.normalize("NFC", word))
    assert normalize(decomposed) == normalize(word)
    # the query is typed decomposed, the document is NFC (as every stored document)
    assert find_all(text, decomposed) == [(start, start + len(unicodedata.normalize("NFC", word)))]
    # and a text that is not NFC is matched by a composed query, offsets into that text
    raw = f"وقد {decomposed} أمس"
    assert find_all(raw, word) == [(4, 4 + len(decomposed))]


_PIECES = [*"اويىهسئؤأإآۀءٕٔٓـًَُّْ \u200f\u2067\u2069\u0301\u0316", "e\u0301", "\u00e9", "\u1100\u1161", "\uac00"]


@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_normalize_is_the_same_for_canonically_equivalent_text(s: str) -> None:
    import unicodedata

    for form in ("NFC", "NFD"):
        other = unicodedata.normalize(form, s)
        assert normalize(other) == normalize(s)
        norm, m = normalize_with_map(other)
        assert norm == normalize(other)
        assert len(m) == len(norm) + 1 and m[-1] == len(other) and m == sorted(m)


@pytest.mark.parametrize("control", ["\u200e", "\u200f", "\u2066", "\u2067", "\u2068", "\u2069", "\u202b", "\u202c", "\u00ad", "\ufeff", "\u061c", "\u2060"])
def test_invisible_controls_are_ignored_in_text_and_query(control: str) -> None:
    text = f"قال س{control}ئل ثم"
    assert find_all(text, "سئل") == [(4, 8)]
    assert find_all("قال سئل ثم", f"س{control}ئل") == [(4, 7)]
    assert find_all("قال سئل ثم", f"{control}سئل{control}") == [(4, 7)]


@pytest.mark.parametrize("control", ["\u200f", "\u200e", "\u2069", "\u202c", "\u061c"])
def test_a_match_never_ends_on_an_invisible_control(control: str) -> None:
    text = f"\u2067داعش{control}{control} و\u2067داعشً{control}"
    assert find_all(text, "داعش") == [(1, 5), (10, 15)]  # the tanwin stays, the control does not
    assert text[10:15] == "داعشً"


@pytest.mark.parametrize(
    ("text", "query"),
    [("قتل ١٥٣ شخصاً", "153"), ("قتل 153 شخصاً", "١٥٣"), ("قتل ۱۵۳ شخصاً", "153"), ("قتل 153 شخصاً", "۱۵۳"),
     ("عام ٢٠٢٤", "عام 2024")],
)
def test_arabic_indic_and_european_digits_match(text: str, query: str) -> None:
    (hit,) = find_all(text, query)
    assert normalize(text[hit[0] : hit[1]]) == normalize(query)
