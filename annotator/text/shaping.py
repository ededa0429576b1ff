"""Display-only contextual shaping of Arabic letters (presentation forms).

Terminals that do not shape draw Arabic letters in their isolated forms.  ``shape``
maps each letter to the presentation form its logical neighbours call for, exactly
as arabic-reshaper does with ligatures off, harakat kept in place and tatweel kept,
so that there is one code point out for one code point in (one cell per cluster).

For speed, ``shape`` runs arabic-reshaper's joining loop over arabic-reshaper's own
letter table (``arabic_reshaper.letters.LETTERS_ARABIC``) without its per-call
configuration parsing and per-letter regex; ``reshape_reference`` calls the real
``ArabicReshaper.reshape`` with the configuration above, and the tests assert that
both agree.  The one difference is deliberate: arabic-reshaper drops ZWJ from its
output (changing the length); ``shape`` keeps each ZWJ in place (it takes no cell).
When the output does not line up with the input code point for code point, the
caller draws the paragraph unshaped (``shape`` returns None).  Stored text and
offsets are never shaped.
"""

from __future__ import annotations

import re
import unicodedata

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.letters import FINAL, INITIAL, ISOLATED, LETTERS_ARABIC, MEDIAL, ZWJ

__all__ = ["needs_shaping", "reshape_reference", "shape"]

RESHAPER_CONFIGURATION = {
    "language": "Arabic",
    "delete_harakat": False,
    "shift_harakat_position": False,
    "delete_tatweel": False,
    "support_zwj": True,
    "use_unshaped_instead_of_isolated": False,
    "support_ligatures": False,
}
_RESHAPER = ArabicReshaper(configuration=RESHAPER_CONFIGURATION)

# arabic-reshaper's HARAKAT_RE character set (marks that keep their position).
_HARAKAT = frozenset(
    chr(c)
    for lo, hi in (
        (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC),
        (0x06DF, 0x06E8), (0x06EA, 0x06ED), (0x08D4, 0x08ED), (0x08E3, 0x08FF),
    )  # fmt: skip
    for c in range(lo, hi + 1)
)
_LETTERS = LETTERS_ARABIC
_JOINS_BEFORE = frozenset(ch for ch, f in _LETTERS.items() if f[FINAL] or f[MEDIAL])
_JOINS_AFTER = frozenset(ch for ch, f in _LETTERS.items() if f[INITIAL] or f[MEDIAL])
_JOINS_BOTH = frozenset(ch for ch, f in _LETTERS.items() if f[MEDIAL])

# Runs of characters the joining loop looks at; anything else breaks joining.
_RUN_RE = re.compile(
    "([" + "".join(sorted(re.escape(c) for c in set(_LETTERS) | _HARAKAT)) + "]+)"
)
_SHAPEABLE_RE = re.compile("[" + "".join(sorted(re.escape(c) for c in _LETTERS if c != ZWJ)) + "]")

_NOT_SUPPORTED = -1
_RUN_CACHE: dict[str, str] = {}
_RUN_CACHE_MAX = 50_000


def needs_shaping(text: str) -> bool:
    """True if ``text`` holds a letter that shaping could change."""
    return _SHAPEABLE_RE.search(text) is not None


def _shape_run(run: str) -> str:
    """arabic-reshaper's loop for one run of letters/harakat, ZWJ kept in place."""
    out = list(run)
    # entries: [index in run, letter, form]
    entries: list[list] = []
    for i, ch in enumerate(run):
        if ch in _HARAKAT:
            continue
        if not entries:
            entries.append([i, ch, ISOLATED])
        else:
            prev = entries[-1]
            pform = prev[2]
            if (
                ch not in _JOINS_BEFORE
                or prev[1] not in _JOINS_AFTER
                or (pform == FINAL and prev[1] not in _JOINS_BOTH)
            ):
                entries.append([i, ch, ISOLATED])
            elif pform == ISOLATED:
                prev[2] = INITIAL
                entries.append([i, ch, FINAL])
            else:
                prev[2] = MEDIAL
                entries.append([i, ch, FINAL])
        if len(entries) > 1 and entries[-2][1] == ZWJ:
            del entries[-2]
    for i, ch, form in entries:
        if ch != ZWJ:
            out[i] = _LETTERS[ch][form]
    return "".join(out)


def _shape_and_cache(run: str) -> str:
    shaped = _shape_run(run)
    if len(_RUN_CACHE) < _RUN_CACHE_MAX:
        _RUN_CACHE[run] = shaped
    return shaped


def clear_cache() -> None:
    """Forget shaped runs (benchmarks use it to measure cold layout)."""
    _RUN_CACHE.clear()


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def shape(text: str) -> str | None:
    """``text`` with Arabic letters replaced by contextual presentation forms, one
    code point for one code point; ``text`` itself if there is nothing to shape;
    None if the result cannot be aligned with the input."""
    if not needs_shaping(text):
        return text
    parts = _RUN_RE.split(text)  # odd items are the runs
    runs = parts[1::2]
    get = _RUN_CACHE.get
    shaped_runs = [get(r) for r in runs]
    if None in shaped_runs:
        shaped_runs = [s if s is not None else _shape_and_cache(r) for s, r in zip(shaped_runs, runs)]
    parts[1::2] = shaped_runs
    shaped = "".join(parts)
    if len(shaped) != len(text):
        return None
    return shaped


def reshape_reference(text: str) -> str:
    """The real ``ArabicReshaper.reshape`` with the configuration ``shape`` follows."""
    return _RESHAPER.reshape(text)


def check_alignment(text: str, shaped: str) -> bool:
    """True if ``shaped`` changes only Arabic letters, into non-mark forms, 1:1."""
    if len(shaped) != len(text):
        return False
    for a, b in zip(text, shaped):
        if a != b and (a not in _LETTERS or _is_mark(b)):
            return False
    return True
