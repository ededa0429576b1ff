"""Baseline entity finder: a small gazetteer plus three patterns.

1. Gazetteer: well-known countries, cities, regions and organisations of
   Middle-East news (normalised spelling), matched as whole words with an
   optional proclitic (و ف ب ل ك) that stays outside the span.  ``للأمم``
   (ل + article with elided alif) gives the span ``لأمم ...`` as the
   guidelines ask.
2. ORG keywords (وزارة، قوات، القيادة، مجلس، وكالة، لجنة ...) followed by a
   chain of definite words (الدفاع الأمريكية) form an organisation name.
3. Titles (وزير، اللواء، الرئيس ...) followed by optional definite
   modifiers, then one or two name words, form a person; so does a name
   between a reporting verb and an appositive title (قال X Y، المبعوث ...).
   A person's last name is then tagged wherever it recurs alone, and a name
   found in quotation marks after عملية is an EVENT, tagged wherever it recurs.

It knows nothing of the seed article beyond general knowledge of the
region; what it misses (named meetings, short names such as التحالف,
descriptions) is left to better extractors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.extract.lexicon import REPORTING_STEMS
from annotator.extract.tokens import Text, strip_clitic

GAZETTEER: dict[str, str] = {
    # GPE: countries
    "العراق": "GPE", "سوريا": "GPE", "سوريه": "GPE", "الولايات المتحده": "GPE", "الولايات المتحده الامريكيه": "GPE",
    "امريكا": "GPE", "ايران": "GPE", "تركيا": "GPE", "لبنان": "GPE", "الاردن": "GPE", "السعوديه": "GPE",
    "المملكه العربيه السعوديه": "GPE", "مصر": "GPE", "روسيا": "GPE", "الصين": "GPE", "اسرائيل": "GPE",
    "فلسطين": "GPE", "اليمن": "GPE", "الكويت": "GPE", "قطر": "GPE", "الامارات": "GPE", "البحرين": "GPE",
    "سلطنه عمان": "GPE", "ليبيا": "GPE", "تونس": "GPE", "الجزائر": "GPE", "المغرب": "GPE", "السودان": "GPE",
    "افغانستان": "GPE", "باكستان": "GPE", "فرنسا": "GPE", "بريطانيا": "GPE", "المانيا": "GPE",
    # GPE: cities and governed regions
    "واشنطن": "GPE", "بغداد": "GPE", "دمشق": "GPE", "بيروت": "GPE", "طهران": "GPE", "انقره": "GPE",
    "موسكو": "GPE", "لندن": "GPE", "باريس": "GPE", "نيويورك": "GPE", "القاهره": "GPE", "عمان": "GPE",
    "الرياض": "GPE", "اربيل": "GPE", "الموصل": "GPE", "البصره": "GPE", "كركوك": "GPE", "الرقه": "GPE",
    "دير الزور": "GPE", "حلب": "GPE", "ادلب": "GPE", "الانبار": "GPE", "نينوي": "GPE", "الفلوجه": "GPE",
    "غزه": "GPE", "قطاع غزه": "GPE", "الضفه الغربيه": "GPE", "اقليم كردستان": "GPE", "كردستان": "GPE",
    "اقليم كردستان العراق": "GPE",
    # LOC
    "الشرق الاوسط": "LOC", "البحر الاحمر": "LOC", "الخليج": "LOC", "نهر الفرات": "LOC", "الباديه السوريه": "LOC",
    # ORG
    "داعش": "ORG", "الامم المتحده": "ORG", "مجلس الامن": "ORG", "مجلس الامن الدولي": "ORG", "الناتو": "ORG",
    "حلف شمال الاطلسي": "ORG", "حزب الله": "ORG", "حماس": "ORG", "القاعده": "ORG", "الحشد الشعبي": "ORG",
    "البنتاغون": "ORG", "الاتحاد الاوروبي": "ORG", "جامعه الدول العربيه": "ORG", "الحوثيين": "ORG",
    "قسد": "ORG", "قوات سوريا الديمقراطيه": "ORG", "البيشمركه": "ORG", "التحالف الدولي": "ORG",
    "التحالف الدولي ضد داعش": "ORG", "التحالف العالمي ضد داعش": "ORG", "هيئه تحرير الشام": "ORG",
    "الدوله الاسلاميه": "ORG", "تنظيم الدوله الاسلاميه": "ORG",
}

ORG_KEYWORDS = frozenset({
    "وزاره", "قوات", "القوات", "القياده", "قياده", "مجلس", "وكاله", "اللجنه", "لجنه", "هيئه", "منظمه",
    "جامعه", "مكتب", "حزب", "الجيش", "جيش", "جهاز", "مديريه", "رئاسه", "محكمه", "شركه", "بنك", "البنك",
})

PERSON_TITLES = frozenset({
    "وزير", "الوزير", "اللواء", "لواء", "العميد", "العقيد", "الفريق", "الجنرال", "الرئيس", "رئيس",
    "السفير", "السكرتير", "المتحدث", "الناطق", "المبعوث", "الشيخ", "الدكتور", "السيد", "السيده",
    "النائب", "القائد", "قائد", "المدير", "مدير", "الملك", "الامير", "المستشار",
})

_NAME_STOP = frozenset({
    "في", "من", "الي", "علي", "عن", "مع", "ان", "انه", "انها", "الذي", "التي", "قد", "لقد", "كما", "هو",
    "هي", "ذلك", "هذا", "هذه", "بعد", "قبل", "خلال", "حيث", "او", "ثم", "لا", "لم", "لن", "ما", "بين", "ضد",
    "نحو", "عبر", "حول", "منذ", "حتي", "الا", "و", "كان", "كانت", "يكون", "باسم",
})
_AMBIGUOUS_NAMES = frozenset({"علي", "باسم"})
_COMPOUND_FIRST = frozenset({"عبد", "ابو", "ابي", "ابن", "بن", "ام"})
_WORD = r"[^\W\d_]"


@dataclass(frozen=True, slots=True)
class Found:
    start: int  # normalised offsets
    end: int
    label: str


def _gazetteer_regex() -> re.Pattern[str]:
    names = sorted(GAZETTEER, key=len, reverse=True)
    alternatives = []
    for name in names:
        alternatives.append(re.escape(name))
    body = "|".join(alternatives)
    # optional proclitic outside the span; (?!\w) keeps العراق out of العراقيه
    return re.compile(rf"(?<!\w)(?:[وف]?[بلك]?)({body})(?!\w)")


def _elided_regex() -> re.Pattern[str]:
    # ل + article with elided alif: للامم المتحده -> span لامم المتحده
    names = sorted((n for n in GAZETTEER if n.startswith("ال")), key=len, reverse=True)
    body = "|".join(re.escape(n[1:]) for n in names)
    return re.compile(rf"(?<!\w)[وف]?ل({body})(?!\w)")


_GAZ = _gazetteer_regex()
_ELIDED = _elided_regex()


def _gazetteer(text: Text) -> list[Found]:
    out = []
    for regex in (_GAZ, _ELIDED):
        for m in regex.finditer(text.norm):
            name = m.group(1)
            label = GAZETTEER.get(name) or GAZETTEER["ا" + name]
            out.append(Found(m.start(1), m.end(1), label))
    # a name inside a longer gazetteer name (داعش in التحالف الدولي ضد داعش)
    for outer in list(out):
        if outer.label != "ORG":  # إقليم كردستان: the inner name is the same place
            continue
        inner_text = text.norm[outer.start : outer.end]
        for name, label in GAZETTEER.items():
            if len(name) >= len(inner_text) or name not in inner_text:
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", inner_text):
                out.append(Found(outer.start + m.start(), outer.start + m.end(), label))
    return out


def _org_keywords(text: Text) -> list[Found]:
    toks = text.tokens
    out = []
    for i, tok in enumerate(toks):
        hit = strip_clitic(tok.text, ORG_KEYWORDS)
        if hit is None:
            continue
        clen, _ = hit
        j = i + 1
        while j < len(toks) and j - i <= 4 and toks[j].sentence == tok.sentence:
            w = toks[j].text
            if w in _NAME_STOP or not (w.startswith("ال") or w.startswith("لل")) or w in PERSON_TITLES:
                break
            j += 1
        if j == i + 1:
            continue
        out.append(Found(tok.start + clen, toks[j - 1].end, "ORG"))
    return out


def _name_after(text: Text, k: int, *, after_title: bool = False) -> tuple[int, int] | None:
    """One or two name words at token k: (first token, token after)."""
    toks = text.tokens
    if k >= len(toks) or not toks[k].is_word:
        return None
    first = toks[k].text
    # after a title, علي / باسم may be the names Ali / Basim, not على / "in the name of"
    ambiguous = after_title and first in _AMBIGUOUS_NAMES
    if (first in _NAME_STOP and not ambiguous) or first in REPORTING_STEMS or len(first) < 2:
        return None
    if first.startswith(("ال", "لل")) or (first[:1] in "وفبلك" and first[1:3] == "ال"):
        return None  # a definite noun, not a given name
    if strip_clitic(first, ORG_KEYWORDS) or strip_clitic(first, PERSON_TITLES):
        return None
    size = 3 if first in _COMPOUND_FIRST else 2
    j = k + 1
    while j < len(toks) and j - k < size and toks[j].sentence == toks[k].sentence:
        w = toks[j].text
        if not toks[j].is_word or w in _NAME_STOP or strip_clitic(w, PERSON_TITLES) or strip_clitic(w, REPORTING_STEMS):
            break
        # a nisba surname (العباسي) or the second part of عبد الخالق may take the article
        if w.startswith("ال") and not w.endswith("ي") and not (j == k + 1 and first in _COMPOUND_FIRST):
            break
        if w[:1] in "بل" and len(w) > 4 and w[1:3] != "ال" and j - k >= 1 and w.endswith("ه"):
            break  # بنظيره، لوزارة: a prepositional phrase, not a name
        j += 1
    # a third part when it is a nisba with the article: محمد شياع السوداني
    if j - k == 2 and size == 2 and j < len(toks) and toks[j].sentence == toks[k].sentence:
        w = toks[j].text
        if w.startswith("ال") and w.endswith("ي") and len(w) > 4 and not toks[j - 1].text.startswith("ال"):
            j += 1
    if ambiguous and j - k < 2:
        return None  # المتحدث باسم الحكومة: a preposition after all
    return k, j


def _titles(text: Text) -> list[Found]:
    toks = text.tokens
    out = []
    for i, tok in enumerate(toks):
        if strip_clitic(tok.text, PERSON_TITLES) is None:
            continue
        k = i + 1
        while k < len(toks) and k - i <= 3 and toks[k].text.startswith("ال") and toks[k].text not in _NAME_STOP:
            if strip_clitic(toks[k].text, PERSON_TITLES):
                break
            k += 1
        name = _name_after(text, k, after_title=True)
        if name is not None:
            a, b = name
            out.append(Found(toks[a].start, toks[b - 1].end, "PER"))
    return out


def _appositives(text: Text) -> list[Found]:
    """قال X Y، المبعوث ...: a name between a reporting verb and a comma + title."""
    toks = text.tokens
    out = []
    for i, tok in enumerate(toks):
        if strip_clitic(tok.text, REPORTING_STEMS) is None:
            continue
        name = _name_after(text, i + 1)
        if name is None:
            continue
        a, b = name
        if b + 1 < len(toks) and toks[b].text in ("،", ",") and strip_clitic(toks[b + 1].text, PERSON_TITLES | {"المبعوث", "ممثل"}):
            out.append(Found(toks[a].start, toks[b - 1].end, "PER"))
    return out


def _propagate(text: Text, found: list[Found]) -> list[Found]:
    """Tag later bare re-mentions: a person's last name, a quoted operation name."""
    out = list(found)
    taken = [(f.start, f.end) for f in found]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    names: dict[str, str] = {}
    for f in found:
        words = text.norm[f.start : f.end].split()
        if f.label == "PER" and len(words) >= 2 and len(words[-1]) >= 3:
            names[words[-1]] = "PER"
        if f.label == "EVENT":
            names[text.norm[f.start : f.end]] = "EVENT"
    for name, label in sorted(names.items()):
        for m in re.finditer(rf"(?<!\w)(?:[وف]?[بلك]?)({re.escape(name)})(?!\w)", text.norm):
            if free(m.start(1), m.end(1)):
                out.append(Found(m.start(1), m.end(1), label))
                taken.append((m.start(1), m.end(1)))
    return out


_OPERATION = re.compile(rf"(?<!\w)[وبل]?عمليه\s*[\"«“]\s*({_WORD}[^\"»”\n]{{0,40}}?)\s*[\"»”]")


def _operations(text: Text) -> list[Found]:
    return [Found(m.start(1), m.end(1), "EVENT") for m in _OPERATION.finditer(text.norm)]


_REGION_HEADS = frozenset({"محافظه", "اقليم", "ولايه", "قضاء", "ناحيه"})


def _regions(text: Text) -> list[Found]:
    """محافظة ديالى، إقليم كردستان: a governed region's head noun and its name (GPE)."""
    toks = text.tokens
    out = []
    for i, tok in enumerate(toks[:-1]):
        hit = strip_clitic(tok.text, _REGION_HEADS)
        if hit is None:
            continue
        name = toks[i + 1]
        if not name.is_word or name.sentence != tok.sentence or name.text in _NAME_STOP or len(name.text) < 3:
            continue
        if name.text.startswith("ال") and name.text.endswith(("يه", "ي")):
            continue  # an adjective (الولاية الأمريكية، المحافظة الجنوبية)
        if strip_clitic(name.text, REPORTING_STEMS) or strip_clitic(name.text, ORG_KEYWORDS) \
                or strip_clitic(name.text, PERSON_TITLES):
            continue  # ولاية الرئيس: a term of office, not a state
        out.append(Found(tok.start + hit[0], name.end, "GPE"))
    return out


def find_entities(text: Text) -> list[Found]:
    """All entity candidates, deduplicated, in text order (nested spans allowed)."""
    found = _gazetteer(text) + _org_keywords(text) + _operations(text)
    found += [r for r in _regions(text) if all(r.end <= f.start or r.start >= f.end or (r.start, r.end) == (f.start, f.end) for f in found)]
    people = _titles(text) + _appositives(text)
    # a person span may not overlap an organisation or place: drop the person
    found += [p for p in people if all(p.end <= f.start or p.start >= f.end for f in found)]
    found = _propagate(text, found)
    unique: dict[tuple[int, int], Found] = {}
    for f in found:
        unique.setdefault((f.start, f.end), f)
    return sorted(unique.values(), key=lambda f: (f.start, -f.end))


__all__ = ["GAZETTEER", "ORG_KEYWORDS", "PERSON_TITLES", "Found", "find_entities"]
