"""W3C Web Annotation (JSON-LD): one ``AnnotationCollection`` whose page holds one
``Annotation`` per span, targeted by a ``TextPositionSelector`` (code point offsets, as the
Web Annotation model counts characters) and a ``TextQuoteSelector`` (``exact`` with up to 32
characters of ``prefix`` and ``suffix``).

Mapping (``docs/formats/w3c.md``): the target's ``source`` is ``urn:annotator:doc:DOC_ID``;
an annotation's id is ``urn:annotator:ann:DOC_ID:SPAN_ID``. Bodies are ``TextualBody``s:
``tagging`` with the label (or ``Quote``, ``Claim``, ``Cue``), ``classifying`` with the quote or
claim kind, ``describing`` with a claim's value, unit, approx and time as a JSON object
(``format: application/json``); speakers, places, sources and a cue's quote are ``linking``
bodies (``SpecificResource`` whose ``source`` is the linked annotation's id). Import needs
the documents registered (the annotations do not hold the text).
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
    for item in items:
        if not any(item.record[layer] for layer in ("entities", "quotes", "claims")):
            loss.drop("record(s) without any span (a collection holds annotations, not documents)", item.doc_id)
    every = [a for item in items for a in annotations(item)]
    collection = {
        "@context": CONTEXT, "id": f"urn:annotator:export:{out.stem}", "type": "AnnotationCollection",
        "label": "annotator export", "total": len(every),
        "first": {"id": f"urn:annotator:export:{out.stem}:page1", "type": "AnnotationPage", "startIndex": 0, "items": every},
    }
    write_text_atomic(out, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")
    return loss


# --- import ---------------------------------------------------------------------------

DOC_PREFIX, ANN_PREFIX = "urn:annotator:doc:", "urn:annotator:ann:"


def _annotations(data: Any) -> list[dict[str, Any]]:
    """The annotations of a collection (its first page), a page, a list, or one annotation."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        return _annotations(data.get("first") or {})
    if isinstance(data, dict) and data.get("type") == "AnnotationPage":
        return data.get("items") or []
    return [data]


def anchor(text: str, selectors: list[dict[str, Any]]) -> tuple[int, int] | None:
    """Offsets from a TextPositionSelector, else the TextQuoteSelector's ``exact`` at the
    occurrence whose prefix and suffix fit best (the first one on a tie)."""
    selectors = selectors if isinstance(selectors, list) else [selectors]
    by_type = {s.get("type"): s for s in selectors if isinstance(s, dict)}
    if "TextPositionSelector" in by_type:
        position = by_type["TextPositionSelector"]
        return position.get("start"), position.get("end")
    quote = by_type.get("TextQuoteSelector")
    if not quote or not quote.get("exact"):
        return None
    exact, prefix, suffix = quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")
    best, best_score = None, -1
    at = text.find(exact)
    while at != -1:
        score = text[:at].endswith(prefix) + text[at + len(exact):].startswith(suffix)
        if score > best_score:
            best, best_score = (at, at + len(exact)), score
        at = text.find(exact, at + 1)
    return best


def read(path: Path, registry: dict | None = None) -> list[Any]:
    from annotator.convert.build import Draft
    from annotator.convert.common import ConvertError, read_text_file

    try:
        data = json.loads(read_text_file(path))
    except ValueError as e:
        raise ConvertError([f"{path}:{getattr(e, 'lineno', 1)}: not valid JSON: {getattr(e, 'msg', e)}"]) from None
    drafts: dict[str, Draft] = {}
    pending: list[tuple[Draft, dict[str, Any], dict[str, Any]]] = []
    for n, annotation in enumerate(_annotations(data), 1):
        where = f"{path}: annotation {n}"
        target = annotation.get("target") or {}
        source = target.get("source", "") if isinstance(target, dict) else ""
        doc_id = source.removeprefix(DOC_PREFIX)
        doc = (registry or {}).get(doc_id)
        if doc is None:
            raise ConvertError([f"{where}: the document {doc_id!r} is not registered; Web Annotations do not hold the text (register it with `annotator add`)"])
        if doc_id not in drafts:
            creator = annotation.get("creator") or {}
            drafts[doc_id] = Draft(doc_id, doc.text, str(path), annotator=creator.get("name") if isinstance(creator, dict) else None, keep_ids=True)
        draft = drafts[doc_id]
        offsets = anchor(doc.text, target.get("selector") or [])
        if offsets is None:
            raise ConvertError([f"{where}: no TextPositionSelector, and the TextQuoteSelector's text is not in {doc_id!r}"])
        full = str(annotation.get("id", ""))
        ident = full.removeprefix(f"{ANN_PREFIX}{doc_id}:")
        draft.keep_ids = draft.keep_ids and ident != full  # foreign ids (IRIs) are renumbered, links still resolve
        span = {"id": ident, "start": offsets[0], "end": offsets[1], "text": None}
        pending.append((draft, annotation, span))
    for draft, annotation, span in pending:
        _add(draft, annotation, span, path)
    return list(drafts.values())


def _add(draft: Any, annotation: dict[str, Any], span: dict[str, Any], path: Path) -> None:
    from annotator.convert.common import ConvertError

    bodies = annotation.get("body") or []
    bodies = bodies if isinstance(bodies, list) else [bodies]
    tags = [b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "tagging"]
    kind = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "classifying"), None)
    links = [(b.get("rdfs:label"), str(b.get("source", "")).removeprefix(f"{ANN_PREFIX}{draft.doc_id}:")) for b in bodies if isinstance(b, dict) and b.get("purpose") == "linking"]
    described = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "describing"), None)
    tag = tags[0] if tags else None
    if tag == "Quote":
        draft.quotes.append({**span, "kind": kind, "speaker": next((t for role, t in links if role == "speaker"), None), "cue": None})
    elif tag == "Claim":
        try:
            attrs = json.loads(described) if described else {}
        except ValueError:
            raise ConvertError([f"{path}: annotation {span['id']!r}: the describing body is not JSON"]) from None
        draft.claims.append({**span, "kind": kind, **{k: attrs.get(k) for k in ("value", "unit", "time")}, "approx": bool(attrs.get("approx")),
                             "place": [t for role, t in links if role == "place"], "source": next((t for role, t in links if role == "source"), None)})
    elif tag == "Cue":
        quote = next((t for role, t in links if role == "cue of"), None)
        owner = next((q for q in draft.quotes if q["id"] == quote), None)
        if owner is None:
            raise ConvertError([f"{path}: annotation {span['id']!r}: a Cue that is not linked to a quote of this document"])
        owner["cue"] = {k: span[k] for k in ("start", "end", "text")}
    elif tag:
        draft.entities.append({**span, "label": tag})
    else:
        raise ConvertError([f"{path}: annotation {span['id']!r}: no tagging body (the label)"])
