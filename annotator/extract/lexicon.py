"""Reporting verbs shared by the entity and quote finders (normalised spelling)."""

from __future__ import annotations

#: Finite reporting verbs -> feminine form?  (قال / قالت ...)
FINITE_VERBS: dict[str, bool] = {}
for _masc in ("قال", "اوضح", "صرح", "اكد", "اضاف", "ذكر", "خلص", "اشار",
              "تابع", "افاد", "شدد", "لفت", "كشف", "اعتبر", "اردف"):
    FINITE_VERBS[_masc] = False
    FINITE_VERBS[_masc + "ت"] = True

#: Participles that introduce speech (قائلاً، مؤكداً ...), masculine and feminine.
PARTICIPLES: frozenset[str] = frozenset({
    "قائلا", "قائله", "مؤكدا", "مؤكده", "موضحا", "موضحه", "مضيفا", "مضيفه", "مشيرا", "مشيره",
    "مصرحا", "مشددا", "مشدده", "لافتا", "لافته", "معتبرا", "معتبره", "مردفا", "كاشفا",
})

REPORTING_STEMS: frozenset[str] = frozenset(FINITE_VERBS) | PARTICIPLES
