"""Flat JSONL for training: one line per document, its text joined in, references resolved
to spans, every field of one type in every record (so Arrow, pandas and Hugging Face
``datasets`` load it without a schema). Lossless: import gives back the original records.

Type-stable shapes (``docs/formats/flat.md``):
- a claim's value is ``value_number`` (a float or null), ``value_date`` (an ISO string or
  null) and ``value_text`` (the exact value as a string, or null);
- the free-form ``meta`` object is ``meta_json``, its JSON text (or null);
- a quote's ``speaker`` and a claim's ``source`` and ``place`` are entity spans
  ``{id, start, end, text, label}``, not ids.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from annotator.convert.build import Draft
from annotator.convert.common import ExportOptions, Item, Loss, expect, read_jsonl_objects

SUFFIX = ".jsonl"
_INT = re.compile(r"^-?[0-9]+$")


def _entity_span(entity: dict[str, Any]) -> dict[str, Any]:
    return {k: entity[k] for k in ("id", "start", "end", "text", "label")}


def flat_record(item: Item) -> dict[str, Any]:
    record = item.record
    by_id = {e["id"]: e for e in record["entities"]}

    def ref(ident: str | None) -> dict[str, Any] | None:
        return _entity_span(by_id[ident]) if ident is not None else None

    quotes = [
        {
            "id": q["id"], "start": q["start"], "end": q["end"], "text": q["text"], "kind": q["kind"],
            "speaker": ref(q["speaker"]),
            "cue": {k: q["cue"][k] for k in ("start", "end", "text")} if q["cue"] else None,
        }
        for q in record["quotes"]
    ]
    claims = []
    for c in record["claims"]:
        value = c["value"]
        is_date = isinstance(value, str)
        claims.append({
            "id": c["id"], "start": c["start"], "end": c["end"], "text": c["text"], "kind": c["kind"],
            "value_number": None if value is None or is_date else float(value),
            "value_date": value if is_date else None,
            "value_text": None if value is None else str(value),
            "unit": c["unit"], "approx": c["approx"], "time": c["time"],
            "place": [ref(p) for p in c["place"]],
            "source": ref(c["source"]),
        })
    return {
        "doc_id": record["doc_id"],
        "text": item.text,
        "text_sha256": record["text_sha256"],
        "annotator": record["annotator"],
        "status": record["status"],
        "meta_json": json.dumps(record["meta"], ensure_ascii=False, sort_keys=True) if record["meta"] is not None else None,
        "entities": [_entity_span(e) for e in record["entities"]],
        "quotes": quotes,
        "claims": claims,
    }


def export(items: list[Item], out: Path, opts: ExportOptions) -> Loss:
    from annotator.io.atomic import write_jsonl_atomic

    write_jsonl_atomic(out, [flat_record(item) for item in items])
    return Loss()


def _value(claim: dict[str, Any]) -> Any:
    if claim.get("value_date") is not None:
        return claim["value_date"]
    text = claim.get("value_text")
    if text is not None:
        return int(text) if _INT.match(text) else float(text)
    number = claim.get("value_number")
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _key(span: Any, by_offsets: dict[tuple[Any, Any], str]) -> Any:
    """A reference given as a span object becomes its id, or the id of the entity at its
    offsets when it has none (an id string stays as it is)."""
    if not isinstance(span, dict):
        return span
    return span.get("id") or by_offsets.get((span.get("start"), span.get("end")), f"{span.get('start')}:{span.get('end')}")


def read(path: Path, registry: dict | None = None) -> list[Draft]:
    drafts = []
    for lineno, obj in read_jsonl_objects(path):
        where = f"{path}:{lineno}"
        expect(isinstance(obj, dict) and isinstance(obj.get("doc_id"), str) and isinstance(obj.get("text"), str), where, "expected an object with string doc_id and text")
        meta = obj.get("meta_json")
        draft = Draft(obj["doc_id"], obj["text"], str(path), lineno, annotator=obj.get("annotator"), status=obj.get("status"),
                      meta=json.loads(meta) if isinstance(meta, str) else None, keep_ids=True)
        try:
            for e in obj.get("entities") or []:
                draft.entities.append({**_entity_span(e), "line": lineno})
            by_offsets = {(e["start"], e["end"]): e["id"] for e in draft.entities}
            for q in obj.get("quotes") or []:
                draft.quotes.append({"id": q["id"], "start": q["start"], "end": q["end"], "text": q["text"], "kind": q["kind"],
                                     "speaker": _key(q.get("speaker"), by_offsets), "cue": q.get("cue"), "line": lineno})
            for c in obj.get("claims") or []:
                draft.claims.append({"id": c["id"], "start": c["start"], "end": c["end"], "text": c["text"], "kind": c["kind"],
                                     "value": _value(c), "unit": c.get("unit"), "approx": c.get("approx", False), "time": c.get("time"),
                                     "place": [_key(p, by_offsets) for p in c.get("place") or []], "source": _key(c.get("source"), by_offsets), "line": lineno})
        except (KeyError, TypeError, ValueError) as e:
            expect(False, where, f"span without the field {e} (or of the wrong type)")
        drafts.append(draft)
    return drafts
