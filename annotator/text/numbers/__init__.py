"""Arabic number parser: finds numeric expressions and normalises their values.

Shared by the annotator's claim form (``parse_number`` prefills value, kind,
unit and approx from a selected span) and the baseline extractor
(``find_numbers`` over a whole document).

The parser works on ``arabic.normalize``-d text (so أ/إ/آ, ة/ه, ى/ي and
harakat do not matter: هجوماً and هجوما are one word) and maps every match
back to offsets in the original text.  It is table-driven: digits (Western,
Arabic-Indic, Extended Arabic-Indic, with ٫ or . decimal, ٬ or , thousands
separators, a decimal comma 1,5 and a sign -3), cardinal number words with
their case forms and compounds (ثلاثة وعشرون، مئة وخمسون، خمسة آلاف، 2.5
مليار، 3 آلاف و500), fractions of a scale and "and a half" (نصف مليون، مليار
ونصف المليار), duals of counted nouns (يومين = 2 day), ordinals (الجولة
الأولى، القرن الحادي والعشرين), fractions (النصف، الثلثين، خُمس), multipliers
(مضاعفة = ratio 2), ranges (بين 20 و30 = 20, approximate), dates (both
month-name series, numeric dates 12/05/2024 and 2024-05-12, years, halves
and quarters of a year, from/to intervals), periods before now (السنوات
الخمس الماضية = 5 year), percentages (% or ٪ on either side), money and
approximate markers (نحو، حوالي، أكثر من).

Values: numbers for quantities (int when integral), ISO-8601 strings for
dates ("2023-08", "2024-01/2024-06").  A date whose year is not in the
span takes the year of the most recent explicit year before it in the same
text (``year=`` gives one from outside); without any, its value is None.
Relative dates (الأسبوع الماضي، هذا العام، الشهر المقبل) are dates, not
durations; ``ref=`` (the document's date) resolves those of a year, month
or day; without it their value is None, and running text leaves them out.

Modules: ``words`` (number words), ``units`` (counted nouns, currencies,
markers), ``tokens`` (tokenizer, digit values, clitics, the token cursor),
``cardinals``, ``quantities``, ``nouns`` and ``dates`` (the matchers),
``parser`` (the driver and the functions below).
"""

from __future__ import annotations

from annotator.text.numbers.dates import MONTHS
from annotator.text.numbers.parser import NumberMention, ParsedNumber, context_year, find_numbers, parse_number
from annotator.text.numbers.units import CURRENCIES, UNIT_NOUNS

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

