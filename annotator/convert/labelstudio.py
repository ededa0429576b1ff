"""Label Studio JSON: a list of tasks ``{"id", "data": {"text", ...}, "annotations": [{"result": [...]}]}``
and, beside it, ``NAME.label_config.xml``: the labeling config to create the project with.

Mapping (``docs/formats/labelstudio.md``): every span is a ``labels`` region whose id is the
record's span id (a cue: ``QUOTEID-cue``); entities come from the control ``label``, quotes and
cues from ``quote`` (``Quote``, ``Cue``), claims from ``claim``; quote and claim kinds are
per-region ``choices`` (``quote_kind``, ``claim_kind``); speakers, cues, places and sources are
``relation`` results labelled ``Speaker``, ``HasCue``, ``Place``, ``Source``; a claim's value,
unit, approx and time are the region's ``meta.text`` (a JSON object). ``doc_id``, annotator,
status and meta ride in the task's ``data``.

Label Studio counts ``start``/``end`` in UTF-16 code units (JavaScript strings): offsets are
converted exactly both ways (an emoji is one code point and two units).
``--predictions`` writes the spans as ``predictions`` (pre-annotations for annotators to
correct) instead of ``annotations``. Import reads ``annotations`` (the first one not
cancelled) or else ``predictions``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.convert.build import Draft
from annotator.convert.common import ConvertError, ExportOptions, Item, Loss, Utf16, expect, read_text_file
from annotator.model import CLAIM_KINDS, QUOTE_KINDS

ATTRS = ("value", "unit", "approx", "time")


def label_config(labels: list[str], colors: dict[str, str] | None = None) -> str:
    colors = colors or {}

    def options(tag: str, values: list[str] | tuple[str, ...]) -> str:
        return "".join(f"<{tag} value={quoteattr(v)}" + (f" background={quoteattr(colors[v])}" if v in colors else "") + "/>" for v in values)

    return (
        "<View>\n"
        f'  <Relations>{options("Relation", ["Speaker", "HasCue", "Place", "Source"])}</Relations>\n'
        f'  <Labels name="label" toName="text">{options("Label", labels)}</Labels>\n'
        f'  <Labels name="quote" toName="text">{options("Label", ["Quote", "Cue"])}</Labels>\n'
        f'  <Labels name="claim" toName="text">{options("Label", ["Claim"])}</Labels>\n'
        '  <Text name="text" value="$text" granularity="symbol"/>\n'
        f'  <Choices name="quote_kind" toName="text" perRegion="true">{options("Choice", QUOTE_KINDS)}</Choices>\n'
        f'  <Choices name="claim_kind" toName="text" perRegion="true">{options("Choice", CLAIM_KINDS)}</Choices>\n'
        "</View>\n"
    )


def task(item: Item, number: int, predictions: bool = False) -> dict[str, Any]:
    record, u16 = item.record, Utf16(item.text)
    results: list[dict[str, Any]] = []

    def value(span: dict[str, Any]) -> dict[str, Any]:
        return {"start": u16.units(span["start"]), "end": u16.units(span["end"]), "text": span["text"]}

    def region(ident: str, control: str, label: str, span: dict[str, Any]) -> dict[str, Any]:
        result = {"id": ident, "from_name": control, "to_name": "text", "type": "labels", "value": {**value(span), "labels": [label]}}
        results.append(result)
        return result

    def choice(ident: str, control: str, kind: str, span: dict[str, Any]) -> None:
        results.append({"id": ident, "from_name": control, "to_name": "text", "type": "choices", "value": {**value(span), "choices": [kind]}})

    def relation(a: str, b: str, kind: str) -> None:
        results.append({"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": [kind]})

    for entity in record["entities"]:
        region(entity["id"], "label", entity["label"], entity)
    for quote in record["quotes"]:
        region(quote["id"], "quote", "Quote", quote)
        choice(quote["id"], "quote_kind", quote["kind"], quote)
        if quote["speaker"] is not None:
            relation(quote["id"], quote["speaker"], "Speaker")
        if quote["cue"] is not None:
            region(f"{quote['id']}-cue", "quote", "Cue", quote["cue"])
            relation(quote["id"], f"{quote['id']}-cue", "HasCue")
    for claim in record["claims"]:
        region(claim["id"], "claim", "Claim", claim)["meta"] = {"text": [json.dumps({k: claim[k] for k in ATTRS}, ensure_ascii=False, sort_keys=True)]}
        choice(claim["id"], "claim_kind", claim["kind"], claim)
        for place in claim["place"]:
            relation(claim["id"], place, "Place")
        if claim["source"] is not None:
            relation(claim["id"], claim["source"], "Source")
    data = {"text": item.text, "doc_id": record["doc_id"], "annotator": record["annotator"], "status": record["status"], "meta": record["meta"]}
    if predictions:
        return {"id": number, "data": data, "predictions": [{"model_version": record["annotator"], "result": results}]}
    return {"id": number, "data": data, "annotations": [{"result": results}]}


def config_path(out: Path) -> Path:
    return out.with_name(out.stem + ".label_config.xml")


def export(items: list[Item], out: Path, opts: ExportOptions) -> Loss:
    from annotator.io.atomic import write_text_atomic
    from annotator.io.jsonl import dumps_line

    body = ",\n".join(dumps_line(task(item, n, opts.predictions)) for n, item in enumerate(items, 1))  # one task per line: errors name a line
    write_text_atomic(out, f"[\n{body}\n]\n" if items else "[]\n")
    write_text_atomic(config_path(out), label_config(opts.labels, opts.colors))
    return Loss()


def _tasks(path: Path) -> list[tuple[int, Any]]:
    """(line, task) of a JSON list of tasks (or of one task object)."""
    text = read_text_file(path)
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    try:
        if text[pos:pos + 1] != "[":
            return [(text.count("\n", 0, pos) + 1, json.loads(text))]
        out, pos = [], pos + 1
        line, counted = 1, 0  # line numbers counted as we go: one pass over the text
        while True:
            while pos < len(text) and text[pos] in " \t\r\n,":
                pos += 1
            if text[pos:pos + 1] == "]":
                return out
            obj, end = decoder.raw_decode(text, pos)
            line += text.count("\n", counted, pos)
            counted = pos
            out.append((line, obj))
            pos = end
    except ValueError as e:
        raise ConvertError([f"{path}:{getattr(e, 'lineno', 1)}: not valid JSON: {getattr(e, 'msg', e)}"]) from None


def _results(task_obj: dict[str, Any]) -> list[dict[str, Any]]:
    for key in ("annotations", "completions", "predictions"):
        for annotation in task_obj.get(key) or []:
            if not (annotation.get("was_cancelled") or annotation.get("skipped")):
                return annotation.get("result") or []
    return []


def read(path: Path, registry: dict | None = None) -> list[Draft]:
    drafts = []
    for lineno, obj in _tasks(path):
        where = f"{path}:{lineno}"
        expect(isinstance(obj, dict) and isinstance(obj.get("data"), dict), where, "expected a task object with data")
        data = obj["data"]
        text = data.get("text")
        if not isinstance(text, str):
            text = next((v for v in data.values() if isinstance(v, str)), None)
        expect(isinstance(text, str), where, "the task's data holds no text")
        doc_id = data.get("doc_id") if isinstance(data.get("doc_id"), str) else f"{path.stem}-{obj.get('id', lineno)}"
        draft = Draft(doc_id, text, str(path), lineno, annotator=data.get("annotator"), status=data.get("status"), meta=data.get("meta"), keep_ids=True)
        _read_results(draft, _results(obj), Utf16(text), where)
        drafts.append(draft)
    return drafts


def _read_results(draft: Draft, results: list[dict[str, Any]], u16: Utf16, where: str) -> None:
    regions: dict[str, dict[str, Any]] = {}
    kinds: dict[str, str] = {}
    cues: dict[str, dict[str, Any]] = {}
    for result in results:
        kind = result.get("type")
        if kind == "relation":
            continue
        value = result.get("value") or {}
        if kind == "choices":
            kinds[result.get("id")] = (value.get("choices") or [None])[0]
            continue
        expect(kind == "labels", where, f"result type {kind!r} is not a span (labels), choices or relation")
        start, end = u16.code_point(value.get("start", -1)), u16.code_point(value.get("end", -1))
        expect(start is not None and end is not None, where, f"region {result.get('id')!r}: UTF-16 offsets [{value.get('start')}, {value.get('end')}) are not on code point boundaries of the text")
        label = (value.get("labels") or [None])[0]
        span = {"id": result.get("id"), "start": start, "end": end, "text": value.get("text"), "line": draft.line}
        regions[span["id"]] = span
        if label == "Quote":
            draft.quotes.append(span | {"speaker": None, "cue": None})
        elif label == "Claim":
            meta = (result.get("meta") or {}).get("text") or ["{}"]
            attrs = json.loads(meta[0]) if meta[0].lstrip().startswith("{") else {}
            draft.claims.append(span | {"place": [], "source": None, "approx": False} | {k: attrs[k] for k in ATTRS if k in attrs})
        elif label == "Cue":
            cues[span["id"]] = span
        else:
            draft.entities.append(span | {"label": label})
    layer = {s["id"]: s for s in (*draft.quotes, *draft.claims)}
    for ident, kind in kinds.items():
        if ident in layer:
            layer[ident]["kind"] = kind
    for result in results:
        if result.get("type") != "relation":
            continue
        a, b, label = layer.get(result.get("from_id")), result.get("to_id"), (result.get("labels") or [None])[0]
        expect(a is not None and b in regions, where, f"relation {result.get('from_id')!r} -> {b!r} does not join a quote or claim to a span")
        if label == "HasCue":
            a["cue"] = {k: cues[b][k] for k in ("start", "end", "text", "line")} if b in cues else None
        elif label == "Place":
            a["place"].append(b)
        elif label in ("Speaker", "Source"):
            a[label.lower()] = b
        else:
            expect(False, where, f"unknown relation label {label!r} (Speaker, HasCue, Place, Source)")
