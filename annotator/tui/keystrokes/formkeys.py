"""The keys that turn a quote or claim form, as it opens (prefilled: ``annotator.tui.prefill``,
``claimfill``, built by ``formfill``), into the gold values.

The forms' keys (``annotator/tui/forms.py``): the first row has the focus; ``down`` / ``up``
move to the next / previous row (the focus wraps around); in a choice (``Cycler``) ``right``
or ``left`` change it by one; in a text field (``ArabicField``, cursor at the end) every
character is one key, ``backspace`` deletes one, ``ctrl+u`` clears it; in the claim's list of
places (``PlaceList``) ``left`` moves to the previous item, ``minus`` removes it, ``space``
offers the next place and ``plus`` adds it; ``enter`` accepts the form. Rows already right
cost nothing; the rows to change are visited in the order with the fewest focus moves.
"""

from __future__ import annotations

from itertools import permutations
from typing import Any

from annotator.model import CLAIM_KINDS, QUOTE_KINDS
from annotator.tui.prefill import Candidate, coerce_value, format_value, parse_value

QUOTE_ROWS = ("kind", "speaker", "cue")
CLAIM_ROWS = ("value", "kind", "unit", "approx", "time", "place", "source")


class FormError(ValueError):
    """The gold value cannot be reached with the form's keys (a planner gap or a prefill bug)."""


def cycle_keys(index: int, target: int, count: int) -> list[str]:
    forward = (target - index) % count
    backward = (index - target) % count
    return ["right"] * forward if forward <= backward else ["left"] * backward


def text_keys(shown: str, wanted: str) -> list[str]:
    """From ``shown`` to ``wanted`` in a text field with the cursor at the end: delete back to
    the common prefix and type the rest, or clear (ctrl+u) and type it all."""
    common = 0
    while common < min(len(shown), len(wanted)) and shown[common] == wanted[common]:
        common += 1
    keep = ["backspace"] * (len(shown) - common) + list(wanted[common:])
    clear = (["ctrl+u"] if shown else []) + list(wanted)
    return keep if len(keep) <= len(clear) else clear


def route(rows: int, visits: dict[int, list[str]]) -> list[str]:
    """Visit the rows with edits (row index -> keys there), starting on row 0, with the
    fewest ``down`` / ``up`` presses (the focus wraps around ``rows`` rows)."""
    todo = [r for r in visits if visits[r]]
    best: list[str] | None = None
    for order in permutations(todo):
        keys: list[str] = []
        at = 0
        for r in order:
            forward = (r - at) % rows
            backward = (at - r) % rows
            keys += ["down"] * forward if forward <= backward else ["up"] * backward
            keys += visits[r]
            at = r
        if best is None or len(keys) < len(best):
            best = keys
    return best or []


def option_index(options: list[Any], value: Any) -> int:
    try:
        return options.index(value)
    except ValueError:
        raise FormError(f"{value!r} is not among the form's choices {options!r}") from None


def quote_keys(form: Any, kind: str, speaker: str | None, cue: tuple[int, int] | None) -> tuple[list[str], bool]:
    """Keys from the opened ``QuoteForm`` to ``kind``, ``speaker`` (entity id), ``cue``
    ((start, end) or None), ``enter`` included. The second value is True when the cue is not
    among the form's choices: the form keeps its own, the planner marks the cue with ``c``."""
    visits: dict[int, list[str]] = {}
    visits[0] = cycle_keys(QUOTE_KINDS.index(form.kind), QUOTE_KINDS.index(kind), len(QUOTE_KINDS))
    speakers = [c.ref for c in form.speakers] + [None]
    shown = option_index(speakers, form.speaker) if form.speaker in speakers else len(speakers) - 1
    visits[1] = cycle_keys(shown, option_index(speakers, speaker), len(speakers))
    cues: list[tuple[int, int] | None] = [(c.start, c.end) for c in form.cues] + [None]
    shown = cues.index(form.cue) if form.cue in cues else len(cues) - 1
    later = cue is not None and cue not in cues
    if not later:
        visits[2] = cycle_keys(shown, cues.index(cue), len(cues))
    return route(len(QUOTE_ROWS), visits) + ["enter"], later


def _value_text(value: Any, kind: str) -> str:
    """What to type for a gold value so that the form reads it back with its type."""
    text = value if isinstance(value, str) else (repr(value) if isinstance(value, float) else str(value))
    back = parse_value(text, kind)
    if back != value or type(back) is not type(value):
        raise FormError(f"the value {value!r} cannot be typed into the claim form")
    return text


def place_keys(chosen: list[str], candidates: list[Candidate], wanted: list[str]) -> list[str]:
    """Keys of the place list (see ``annotator/tui/placelist.py``), the focus on its + slot."""
    by_ref = {c.ref: c for c in candidates}
    items = [by_ref.get(ref) or Candidate(0, 0, "", ref) for ref in chosen]
    common = 0
    while common < min(len(chosen), len(wanted)) and chosen[common] == wanted[common]:
        common += 1
    keys: list[str] = []
    while len(items) > common:  # left onto the last item, minus removes it: back on the + slot
        items.pop()
        keys += ["left", "minus"]
    for ref in wanted[common:]:
        names = {c.text for c in items if c.text}
        taken = {c.ref for c in items}
        pool = [c for c in candidates if c.ref not in taken and c.text not in names]
        at = next((i for i, c in enumerate(pool) if c.ref == ref), None)
        if at is None:
            raise FormError(f"place {ref} is not offered by the place list")
        keys += ["space"] * at + ["plus"]
        items.append(pool[at])
    return keys


def claim_keys(form: Any, gold: dict[str, Any]) -> list[str]:
    """Keys from the opened ``ClaimForm`` to the gold fields (``value``, ``kind``, ``unit``,
    ``approx``, ``time``, ``place`` (entity ids), ``source`` (entity id)), ``enter`` included."""
    f = form.fields
    kind = gold["kind"]
    visits: dict[int, list[str]] = {}
    shown_value = format_value(f.get("value"))
    kept = coerce_value(f.get("value"), kind)
    if kept == gold["value"] and type(kept) is type(gold["value"]):
        visits[0] = []
    else:
        visits[0] = text_keys(shown_value, _value_text(gold["value"], kind))
    visits[1] = cycle_keys(CLAIM_KINDS.index(f.get("kind") or "other"), CLAIM_KINDS.index(kind), len(CLAIM_KINDS))
    for row, name in ((2, "unit"), (4, "time")):
        shown = f.get(name) or ""
        if f.get(name) == gold[name]:
            visits[row] = []
        else:
            wanted = gold[name] or ""
            if name == "unit" and wanted != wanted.lower():
                raise FormError(f"the form lowercases units: {wanted!r} cannot be typed")
            visits[row] = text_keys(shown, wanted) if wanted else ["ctrl+u"]
    visits[3] = [] if bool(f.get("approx")) == bool(gold["approx"]) else ["right"]
    visits[5] = place_keys(list(f.get("place") or []), form.places, list(gold["place"]))
    sources = [None] + [c.ref for c in form.sources]
    shown = sources.index(f.get("source")) if f.get("source") in sources else 0
    visits[6] = cycle_keys(shown, option_index(sources, gold["source"]), len(sources))
    return route(len(CLAIM_ROWS), visits) + ["enter"]
