"""Attributes judged on matched pairs: a quote's speaker, cue and kind; a claim's value, unit and kind."""

import math
from typing import Any

from annotator.text.arabic import normalize, trim_lenient

Mention = tuple[int | None, int | None, str]  # (start, end, text); offsets None when only the text is known


def _norm_text(text: str) -> str:
    return normalize(text).strip()


def resolve_ref(ref: Any, entities: dict[str, Mention]) -> Mention | None:
    """A speaker/source reference (entity id, mention dict or None) as a mention."""
    if ref is None:
        return None
    if isinstance(ref, str):
        return entities.get(ref)
    return (ref["start"], ref["end"], ref["text"])


def speaker_correct(gold: Mention | None, pred: Mention | None, gold_mentions: list[Mention]) -> bool:
    """Right speaker: both unknown, or the predicted mention overlaps the gold speaker's mention,
    or any gold mention with the same normalised text, or its text is the same after normalisation."""
    if gold is None or pred is None:
        return gold is None and pred is None
    name = _norm_text(gold[2])
    if _norm_text(pred[2]) == name:
        return True
    ps, pe = pred[0], pred[1]
    if ps is None or pe is None:
        return False
    for s, e, text in (gold, *gold_mentions):
        if s is not None and e is not None and s < pe and ps < e and (text is gold[2] or _norm_text(text) == name):
            return True
    return False


def cue_correct(gold: Any, pred: Any, text: str) -> bool:
    """Right cue: both absent, or the same span after boundary-lenient trimming
    (or, for a cue given only as text, the same normalised text)."""
    if gold is None or pred is None:
        return gold is None and pred is None
    ps, pe, gs, ge = pred["start"], pred["end"], gold["start"], gold["end"]
    if ps is None or pe is None:
        return _norm_text(pred["text"]) == _norm_text(gold["text"])
    if (ps, pe) == (gs, ge):
        return True
    return trim_lenient(text, gs, ge) == trim_lenient(text, ps, pe)


def value_correct(gold: Any, pred: Any, rel_tol: float = 1e-9) -> bool:
    """Numbers equal within a relative tolerance; dates equal as ISO strings; null equals null."""
    if gold is None or pred is None:
        return gold is None and pred is None
    gold_num = isinstance(gold, int | float) and not isinstance(gold, bool)
    pred_num = isinstance(pred, int | float) and not isinstance(pred, bool)
    if gold_num and pred_num:
        return gold == pred or math.isclose(gold, pred, rel_tol=rel_tol, abs_tol=0.0)
    if isinstance(gold, str) and isinstance(pred, str):
        return normalize_iso(gold) == normalize_iso(pred)
    return False


def normalize_iso(value: str) -> str:
    """ISO-8601 date or interval in one spelling: no surrounding space, upper-case designators."""
    return "/".join(part.strip().upper() for part in value.strip().split("/"))


def entity_mentions(entities: list[Any], placed: list[tuple[int, int] | None] | None = None) -> dict[str, Mention]:
    """Entity id -> mention; ``placed`` gives aligned offsets of string-anchored entities."""
    out: dict[str, Mention] = {}
    for i, e in enumerate(entities):
        ident = e["id"]
        if ident is not None:
            where = placed[i] if placed is not None else (e["start"], e["end"])
            out[ident] = (where[0], where[1], e["text"]) if where else (None, None, e["text"])
    return out
