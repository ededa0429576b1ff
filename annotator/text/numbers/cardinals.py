"""Cardinals: digits and number words, compounds, scales and the fractions of a scale."""

from __future__ import annotations

from annotator.text.numbers.tokens import Cursor, digits_value, lookup
from annotator.text.numbers.words import (
    AMBIGUOUS_FRACTIONS,
    AND_FRACTIONS,
    CARDINAL_WORDS,
    HUNDREDS,
    ONLY_IN_TEENS,
    SCALE_ALONE,
    SCALE_DUALS,
    SCALE_FRACTIONS,
    SCALES,
    TEN,
    TENS,
    UNITS_1_9,
)


class CardinalRules(Cursor):
    """The cardinal reader (a mixin of ``parser.Parser``)."""

    def scale_word(self, k: int, scale: int) -> bool:
        """Is token k the scale word ``scale`` again, bare or definite (مليون ونصف المليون)?"""
        hit = lookup(self.toks[k], SCALES, clitic=False) if k < len(self.toks) else None
        return hit is not None and SCALES[hit[2]] == scale

    def cardinal(self, i: int) -> tuple[int, int | float, int] | None:
        """A cardinal at token i: (token after it, value, clitic length)."""
        toks = self.toks
        if i >= len(toks):
            return None
        tok = toks[i]
        clen = 0
        digits = False
        scale = 0  # the last scale word read (1000, 1e6 ...), for "and a half" and "و500"
        j = i + 1
        if tok.kind == "num":
            current: int | float = digits_value(tok.text)
            digits = True
            last = "digits"
        else:
            frac = lookup(tok, SCALE_FRACTIONS, definite=False)
            of = lookup(toks[i + 1], SCALE_ALONE, clitic=False) if frac and i + 1 < len(toks) else None
            if frac is not None and of is not None:  # نصف مليون, ربع المليون
                clen, scale = frac[0], SCALE_ALONE[of[2]]
                current, last, j = SCALE_FRACTIONS[frac[2]] * scale, "scale", i + 2
            else:
                hit = lookup(tok, CARDINAL_WORDS, definite=False)
                if hit is None:
                    return None
                clen, _, base = hit
                if base in ONLY_IN_TEENS and self.word(i + 1) not in TEN:
                    return None
                if base in ("اثنين", "اثنان") and self.word(i - 1) in ("يوم", "ويوم"):
                    return None  # يوم الاثنين is Monday
                if base in AMBIGUOUS_FRACTIONS and self.fraction_marked(i, base):
                    return None  # خُمس, خمس السكان: a fraction
                if base in UNITS_1_9:
                    current, last = UNITS_1_9[base], "unit"
                elif base in TENS:
                    current, last = TENS[base], "tens"
                elif base in HUNDREDS:
                    current, last = HUNDREDS[base], "hundreds"
                elif base in SCALE_DUALS:
                    current, last, scale = SCALE_DUALS[base], "scale", SCALE_DUALS[base] // 2
                elif base in SCALE_ALONE:
                    current, last, scale = SCALE_ALONE[base], "scale", SCALE_ALONE[base]
                else:
                    current, last = 10, "ten"
        total: int | float = 0
        while j < len(toks):
            w = self.word(j)
            if w is None:
                break
            if last == "unit" and w in TEN:
                current += 10
                last = "ten"
            elif last in ("unit", "ten", "tens", "hundreds", "digits") and w in SCALES:
                scale = SCALES[w]
                total += current * scale
                current = 0
                last = "scale"
            elif last == "unit" and w in ("مئه", "مائه") and 3 <= current <= 9:
                current *= 100
                last = "hundreds"
            elif last == "scale" and w in AND_FRACTIONS:
                # مليار ونصف, مليون ونصف المليون, ثلاثة ملايين ونصف
                current += AND_FRACTIONS[w] * scale
                j += 2 if self.scale_word(j + 1, scale) else 1
                break
            elif last == "scale" and w == "و" and j + 1 < len(toks) \
                    and toks[j + 1].kind == "num":
                # 3 آلاف و500, مليون و200 ألف: a smaller number after the scale
                rest = self.cardinal(j + 1)
                if rest is None or rest[1] >= scale:
                    break
                current += rest[1]
                j = rest[0]
                break
            elif not digits and w.startswith("و") and w[1:] in UNITS_1_9 and w[1:] not in ONLY_IN_TEENS \
                    and last in ("hundreds", "scale"):
                current += UNITS_1_9[w[1:]]
                last = "unit"
            elif not digits and w.startswith("و") and w[1:] in TENS and last in ("unit", "hundreds", "scale", "ten"):
                current += TENS[w[1:]]
                last = "tens"
            elif not digits and w.startswith("و") and w[1:] in HUNDREDS and last == "scale":
                current += HUNDREDS[w[1:]]
                last = "hundreds"
            else:
                break
            j += 1
        value = total + current
        if isinstance(value, float) and value.is_integer() and not (digits and last == "digits"):
            value = int(value)
        return j, value, clen
