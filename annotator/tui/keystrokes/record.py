"""What a record holds, independent of span ids (references resolved to spans), and the
gold's fields in the form the session's edits take them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def entity_key(e: dict[str, Any]) -> tuple[int, int, str]:
    return e["start"], e["end"], e["label"]


def quote_fields(gold: dict[str, Any], ref: Callable[[str | None], str | None]) -> tuple[str, str | None, tuple[int, int] | None]:
    """(kind, speaker id in the session, cue offsets) of a gold quote."""
    cue = (gold["cue"]["start"], gold["cue"]["end"]) if gold.get("cue") else None
    return gold["kind"], ref(gold.get("speaker")), cue


def claim_fields(gold: dict[str, Any], ref: Callable[[str | None], str | None]) -> dict[str, Any]:
    """The fields of a gold claim, references as ids in the session."""
    wanted = {name: gold[name] for name in ("value", "kind", "unit", "approx", "time")}
    wanted["place"] = [ref(p) for p in gold.get("place") or []]
    wanted["source"] = ref(gold.get("source"))
    return wanted


def _resolve(by_id: dict[str, Any], ref: str | None) -> tuple | None:
    e = by_id.get(ref) if ref is not None else None
    return entity_key(e) if e else None


def content(rec: dict[str, Any]) -> dict[str, set]:
    """A record's spans with every field, references resolved to spans (ids do not matter)."""
    by_id = {e["id"]: e for e in rec["entities"]}
    ents = {entity_key(e) for e in rec["entities"]}
    quotes = {
        (q["start"], q["end"], q["kind"], _resolve(by_id, q.get("speaker")),
         (q["cue"]["start"], q["cue"]["end"]) if q.get("cue") else None)
        for q in rec["quotes"]
    }
    claims = {
        (c["start"], c["end"], c["kind"], repr(c["value"]), type(c["value"]).__name__, c.get("unit"), bool(c.get("approx")),
         c.get("time"), tuple(_resolve(by_id, p) for p in c.get("place") or []), _resolve(by_id, c.get("source")))
        for c in rec["claims"]
    }
    return {"entities": ents, "quotes": quotes, "claims": claims, "status": {rec.get("status")}}


def differences(got: dict[str, set], want: dict[str, set]) -> list[str]:
    """What ``got`` lacks and has too many of, against ``want`` (both :func:`content`)."""
    out: list[str] = []
    for layer in want:
        for item in sorted(want[layer] - got[layer], key=repr):
            out.append(f"{layer}: missing {item!r}")
        for item in sorted(got[layer] - want[layer], key=repr):
            out.append(f"{layer}: not in the gold {item!r}")
    return out
