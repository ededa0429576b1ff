"""W3C Web Annotation (JSON-LD): one ``AnnotationCollection`` whose page holds one
``Annotation`` per span, targeted by a ``TextPositionSelector`` (code point offsets, as the
Web Annotation model counts characters) and a ``TextQuoteSelector`` (``exact`` with up to 32
characters of ``prefix`` and ``suffix``).

Mapping (``docs/formats/w3c.md``): the target's ``source`` is ``urn:annotator:doc:DOC_ID``;
an annotation's id is ``urn:annotator:ann:DOC_ID:SPAN_ID``. Bodies are ``TextualBody``s:
``tagging`` with the label (or ``Quote``, ``Claim``, ``Cue``), ``classifying`` with the quote or
claim kind, ``describing`` with a claim's value, unit, approx and time as a JSON object
(``format: application/json``); speakers, places, sources and a cue's quote are ``linking``
bodies (``SpecificResource`` whose ``source`` is the linked annotation's id). Export only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.convert.common import ExportOptions, Item, Loss, note_lost_record_fields

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32


def _target(item: Item, span: dict[str, Any]) -> dict[str, Any]:
    start, end = span["start"], span["end"]
    return {
        "source": f"urn:annotator:doc:{item.doc_id}",
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {"type": "TextQuoteSelector", "exact": item.text[start:end], "prefix": item.text[max(0, start - AFFIX):start], "suffix": item.text[end:end + AFFIX]},
        ],
    }


def annotations(item: Item) -> list[dict[str, Any]]:
    record = item.record

    def ident(span_id: str) -> str:
        return f"urn:annotator:ann:{item.doc_id}:{span_id}"

    def tag(value: str, purpose: str = "tagging") -> dict[str, Any]:
        return {"type": "TextualBody", "purpose": purpose, "value": value}

    def link(span_id: str, role: str) -> dict[str, Any]:
        return {"type": "SpecificResource", "purpose": "linking", "source": ident(span_id), "rdfs:label": role}

    out = []
    for e in record["entities"]:
        out.append({"id": ident(e["id"]), "type": "Annotation", "motivation": "tagging", "body": [tag(e["label"])], "target": _target(item, e)})
    for q in record["quotes"]:
        body = [tag("Quote"), tag(q["kind"], "classifying")]
        if q["speaker"] is not None:
            body.append(link(q["speaker"], "speaker"))
        out.append({"id": ident(q["id"]), "type": "Annotation", "motivation": "tagging", "body": body, "target": _target(item, q)})
        if q["cue"] is not None:
            out.append({"id": ident(q["id"] + "-cue"), "type": "Annotation", "motivation": "tagging",
                        "body": [tag("Cue"), link(q["id"], "cue of")], "target": _target(item, q["cue"])})
    for c in record["claims"]:
        attrs = {k: c[k] for k in ("value", "unit", "approx", "time")}
        body = [tag("Claim"), tag(c["kind"], "classifying"),
                {"type": "TextualBody", "purpose": "describing", "format": "application/json", "value": json.dumps(attrs, ensure_ascii=False, sort_keys=True)}]
        body += [link(p, "place") for p in c["place"]]
        if c["source"] is not None:
            body.append(link(c["source"], "source"))
        out.append({"id": ident(c["id"]), "type": "Annotation", "motivation": "tagging", "body": body, "target": _target(item, c)})
    for a in out:
        if record["annotator"]:
            a["creator"] = {"name": record["annotator"]}
    return out


def export(items: list[Item], out: Path, opts: ExportOptions) -> Loss:
    from annotator.io.atomic import write_text_atomic

    loss = Loss()
    note_lost_record_fields(items, loss, "W3C", ids=False)
    if items:
        loss.change("record status(es) not stored (the Web Annotation model has no place for it)", n=len(items))
    every = [a for item in items for a in annotations(item)]
    collection = {
        "@context": CONTEXT, "id": f"urn:annotator:export:{out.stem}", "type": "AnnotationCollection",
        "label": "annotator export", "total": len(every),
        "first": {"id": f"urn:annotator:export:{out.stem}:page1", "type": "AnnotationPage", "startIndex": 0, "items": every},
    }
    write_text_atomic(out, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")
    return loss
