"""doccano JSONL, the "sequence labeling with relations" form: one line per document,
``{"text", "entities": [{id, label, start_offset, end_offset}], "relations": [{id, from_id, to_id, type}]}``.

Mapping (``docs/formats/doccano.md``): entities keep their label; quotes are spans labelled
``Quote:KIND``, claims ``Claim:KIND``, cues ``Cue``; speakers, cues, places and sources are
the relations ``Speaker``, ``HasCue``, ``Place``, ``Source``. A claim's value, unit, approx and
time go in the extra key ``claim_attributes`` (keyed ``"START:END"``; doccano keeps extra keys
as the example's metadata and writes them back on export), as do ``doc_id``, ``annotator``,
``status`` and ``meta``. Offsets are code points (doccano's backend counts Python string
indices). Span ids are doccano's integers: import renumbers ours (``e1``.., ``q1``.., ``c1``..).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.convert.build import Draft
from annotator.convert.common import ExportOptions, Item, Loss, expect, note_lost_record_fields, read_jsonl_objects

QUOTE, CLAIM, CUE = "Quote", "Claim", "Cue"
ATTRS = ("value", "unit", "approx", "time")


def doccano_line(item: Item) -> dict[str, Any]:
    record = item.record
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    num: dict[str, int] = {}

    def add(label: str, span: dict[str, Any]) -> int:
        spans.append({"id": len(spans) + 1, "label": label, "start_offset": span["start"], "end_offset": span["end"]})
        return len(spans)

    def relate(kind: str, a: int, b: int) -> None:
        relations.append({"id": len(relations) + 1, "from_id": a, "to_id": b, "type": kind})

    for entity in record["entities"]:
        num[entity["id"]] = add(entity["label"], entity)
    for quote in record["quotes"]:
        q = add(f"{QUOTE}:{quote['kind']}", quote)
        if quote["speaker"] is not None:
            relate("Speaker", q, num[quote["speaker"]])
        if quote["cue"] is not None:
            relate("HasCue", q, add(CUE, quote["cue"]))
    attributes = {}
    for claim in record["claims"]:
        c = add(f"{CLAIM}:{claim['kind']}", claim)
        attributes[f"{claim['start']}:{claim['end']}"] = {k: claim[k] for k in ATTRS}
        for place in claim["place"]:
            relate("Place", c, num[place])
        if claim["source"] is not None:
            relate("Source", c, num[claim["source"]])
    return {
        "text": item.text, "entities": spans, "relations": relations,
        "doc_id": record["doc_id"], "annotator": record["annotator"], "status": record["status"], "meta": record["meta"],
        "claim_attributes": attributes,
    }


def export(items: list[Item], out: Path, opts: ExportOptions) -> Loss:
    from annotator.io.atomic import write_jsonl_atomic

    loss = Loss()
    note_lost_record_fields(items, loss, "doccano", meta=False)
    for item in items:
        claims = item.record["claims"]
        if len({(c["start"], c["end"]) for c in claims}) < len(claims):
            loss.drop("claim attribute set(s) of claims sharing their offsets with another claim", item.doc_id)
    write_jsonl_atomic(out, [doccano_line(item) for item in items])
    return loss


def read(path: Path, registry: dict | None = None) -> list[Draft]:
    drafts = []
    for number, (lineno, obj) in enumerate(read_jsonl_objects(path), 1):
        where = f"{path}:{lineno}"
        expect(isinstance(obj, dict) and isinstance(obj.get("text"), str), where, "expected an object with a string text")
        spans = obj.get("entities") or obj.get("label") or []
        doc_id = obj.get("doc_id") if isinstance(obj.get("doc_id"), str) else f"{path.stem}-{number}"
        draft = Draft(doc_id, obj["text"], str(path), lineno, annotator=obj.get("annotator"), status=obj.get("status"), meta=obj.get("meta"))
        attributes = obj.get("claim_attributes") or {}
        by_num: dict[Any, dict[str, Any]] = {}
        for span in spans:
            if isinstance(span, list):  # the older form: [start, end, label]
                expect(len(span) == 3, where, f"a span must be [start, end, label]: {span!r}")
                span = {"id": len(by_num) + 1, "start_offset": span[0], "end_offset": span[1], "label": span[2]}
            expect(isinstance(span, dict) and isinstance(span.get("label"), str), where, f"not a doccano span: {span!r}")
            out = {"id": f"s{span.get('id')}", "start": span.get("start_offset"), "end": span.get("end_offset"), "text": None, "line": lineno}
            by_num[span.get("id")] = out
            label = span["label"]
            kind = label.partition(":")[2] or None
            if label.startswith(QUOTE + ":") or label == QUOTE:
                out.update(kind=kind, speaker=None, cue=None)
                draft.quotes.append(out)
            elif label.startswith(CLAIM + ":") or label == CLAIM:
                extra = attributes.get(f"{out['start']}:{out['end']}", {})
                out.update({"kind": kind, "place": [], "source": None, "approx": False} | {k: v for k, v in extra.items() if k in ATTRS})
                draft.claims.append(out)
            elif label != CUE:
                out["label"] = label
                draft.entities.append(out)
        for rel in obj.get("relations") or []:
            expect(isinstance(rel, dict) and rel.get("from_id") in by_num and rel.get("to_id") in by_num, where, f"relation {rel!r} does not join two spans of this line")
            a, b, kind = by_num[rel["from_id"]], by_num[rel["to_id"]], rel.get("type")
            if kind == "HasCue":
                a["cue"] = {k: b[k] for k in ("start", "end", "text", "line")}
            elif kind in ("Speaker", "Source"):
                a[kind.lower()] = b["id"]
            elif kind == "Place":
                a["place"].append(b["id"])
            else:
                expect(False, where, f"unknown relation type {kind!r} (Speaker, HasCue, Place, Source)")
        drafts.append(draft)
    return drafts
