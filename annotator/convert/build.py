"""Turning what a format's reader found into valid annotation records.

A reader gives one :class:`Draft` per document: its id, the text as the file holds it, and
spans in the record's shape whose ids are the format's own keys (``T3``, a Label Studio
region id ...) and whose ``line`` says where the span was read. :func:`build_record`

- matches the document with the corpus registry (by id; a text that differs only by CRLF
  line ends or normalisation is mapped onto the registered NFC text, offsets included),
- checks every span's text against the document (a ``FILE:LINE`` error for each mismatch),
- gives canonical ids (``e1``.., ``q1``.., ``c1``..) unless the format carried ours, and
  resolves the references (speaker, source, place) to them,
- computes ``text_sha256`` and validates the record by the models and the semantic checks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import regex

from annotator.convert.common import ID_PREFIX, LAYERS
from annotator.model import Annotation, Document, LabelSet, text_sha256
from annotator.text.visible import visible

_CLUSTER = regex.compile(r"\X", regex.DOTALL)


@dataclass
class Draft:
    doc_id: str
    text: str
    file: str
    line: int = 1  # where the document's record starts
    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    annotator: str | None = None
    status: str | None = None
    meta: dict[str, Any] | None = None
    keep_ids: bool = False  # the keys are the record's own ids


@dataclass
class Options:
    docs: dict[str, Document]
    labels: LabelSet | None
    annotator: str = "import"
    status: str = "draft"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def offset_map(raw: str, target: str) -> list[int | None] | None:
    """Offsets of ``raw`` mapped onto ``target`` when ``target`` is ``raw`` with ``\\r\\n``
    line ends made ``\\n`` and NFC applied (cluster by cluster); None when it is not.
    An offset inside a cluster that normalisation changed maps to None."""
    mapping: list[int | None] = [None] * (len(raw) + 1)
    out = 0
    pos = 0
    pieces: list[str] = []
    for m in _CLUSTER.finditer(raw):
        cluster = m.group()
        norm = unicodedata.normalize("NFC", cluster.replace("\r\n", "\n"))
        mapping[pos] = out
        if norm == cluster:
            for i in range(1, len(cluster)):
                mapping[pos + i] = out + i
        pieces.append(norm)
        out += len(norm)
        pos = m.end()
    mapping[pos] = out
    return mapping if "".join(pieces) == target else None


def _resolve_text(draft: Draft, opts: Options, errors: list[str]) -> tuple[str | None, list[int | None] | None, bool]:
    """(the text the record's offsets will refer to, a map from the file's offsets or None,
    whether the text is registered)."""
    doc = opts.docs.get(draft.doc_id)
    if doc is None:
        return draft.text, None, False
    if doc.text == draft.text:
        return doc.text, None, True
    mapping = offset_map(draft.text, doc.text)
    if mapping is None:
        errors.append(f"{draft.file}:{draft.line}: the text of document {visible(repr(draft.doc_id))} differs from the registered document (not only by line ends or normalisation)")
        return None, None, True
    return doc.text, mapping, True


def _place(span: dict[str, Any], where: str, text: str, mapping: list[int | None] | None, draft: Draft, errors: list[str]) -> dict[str, Any] | None:
    """The span's offsets on the record's text, its text checked; None (and an error) if it does not fit."""
    start, end, line = span["start"], span["end"], span.get("line", draft.line)
    given = span.get("text")
    here = f"{draft.file}:{line}: {where}"
    raw_len = len(draft.text)
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= raw_len:
        errors.append(f"{here}: offsets [{start}, {end}) are not inside the document (length {raw_len})")
        return None
    if given is not None and draft.text[start:end] != given:
        errors.append(f"{here}: {visible(repr(_short(given)))} does not equal the document text {visible(repr(_short(draft.text[start:end])))} at [{start}, {end})")
        return None
    if mapping is not None:
        new_start, new_end = mapping[start], mapping[end]
        if new_start is None or new_end is None:
            errors.append(f"{here}: offsets [{start}, {end}) fall inside a character that normalisation changed")
            return None
        start, end = new_start, new_end
    return {"start": start, "end": end, "text": text[start:end]}


def build_record(draft: Draft, opts: Options) -> tuple[dict[str, Any] | None, list[str]]:
    """The annotation record of ``draft`` (a plain dict in the model's field order) and the
    errors found (one ``FILE:LINE: message`` line each); the record is None when there are any."""
    errors: list[str] = []
    text, mapping, registered = _resolve_text(draft, opts, errors)
    if text is None:
        return None, errors
    rename: dict[str, str] = {}
    layers: dict[str, list[dict[str, Any]]] = {layer: [] for layer in LAYERS}
    given = {s.get("id") for layer in LAYERS for s in getattr(draft, layer)} if draft.keep_ids else set()
    counters = dict.fromkeys(LAYERS, 0)

    def fresh(layer: str) -> str:
        """The next ``e``/``q``/``c`` id that no span of the draft already has."""
        while True:
            counters[layer] += 1
            ident = f"{ID_PREFIX[layer]}{counters[layer]}"
            if ident not in given:
                return ident

    for layer in LAYERS:
        for i, span in enumerate(getattr(draft, layer)):
            where = f"{layer}[{i}]"
            placed = _place(span, where, text, mapping, draft, errors)
            if placed is None:
                continue
            key = span.get("id")
            new_id = key if draft.keep_ids and key else fresh(layer)
            if key is not None:
                if key in rename:
                    errors.append(f"{draft.file}:{span.get('line', draft.line)}: {where}: duplicate id {visible(repr(key))}")
                rename[key] = new_id
            out = {"id": new_id, **placed}
            if layer == "entities":
                out["label"] = span["label"]
            elif layer == "quotes":
                cue = span.get("cue")
                out |= {"kind": span.get("kind"), "speaker": span.get("speaker"), "cue": None}
                if cue is not None:
                    out["cue"] = _place(cue, f"{where}.cue", text, mapping, draft, errors)
            else:
                out |= {k: span.get(k) for k in ("kind", "value", "unit", "approx", "time", "source")}
                out["place"] = list(span.get("place") or [])
            out["_line"] = span.get("line", draft.line)
            layers[layer].append(out)
    _resolve_refs(layers, rename, draft, errors)
    lines = {(layer, i): span["_line"] for layer, spans in layers.items() for i, span in enumerate(spans)}
    record = {
        "schema_version": "1",
        "doc_id": draft.doc_id,
        "text_sha256": text_sha256(text),
        "annotator": draft.annotator or opts.annotator,
        "status": draft.status or opts.status,
        "text": None if registered else text,
        "meta": draft.meta,
        **{layer: [{k: v for k, v in s.items() if k != "_line"} for s in spans] for layer, spans in layers.items()},
    }
    if errors:
        return None, errors
    return _validated(record, draft, opts, lines, errors)


def _resolve_refs(layers: dict[str, list[dict[str, Any]]], rename: dict[str, str], draft: Draft, errors: list[str]) -> None:
    entity_ids = {e["id"] for e in layers["entities"]}

    def ref(span: dict[str, Any], where: str, key: Any) -> str | None:
        if key is None:
            return None
        new = rename.get(key)
        if new is None or new not in entity_ids:
            errors.append(f"{draft.file}:{span['_line']}: {where}: refers to {visible(repr(key))}, which is not an entity of this document")
            return None
        return new

    for i, quote in enumerate(layers["quotes"]):
        quote["speaker"] = ref(quote, f"quotes[{i}].speaker", quote["speaker"])
    for i, claim in enumerate(layers["claims"]):
        claim["source"] = ref(claim, f"claims[{i}].source", claim["source"])
        claim["place"] = [ref(claim, f"claims[{i}].place[{j}]", p) for j, p in enumerate(claim["place"])]


def _validated(record: dict[str, Any], draft: Draft, opts: Options, lines: dict[tuple[str, int], int], errors: list[str]) -> tuple[dict[str, Any] | None, list[str]]:
    """The record checked by the model (structure) and the semantic checks (labels, ids, refs);
    a problem of a span names the line the span was read from."""
    from pydantic import ValidationError

    from annotator.validate.semantic import check_record

    try:
        record = Annotation.model_validate(record).model_dump(mode="json")
    except ValidationError as e:
        for err in e.errors():
            loc = err["loc"]
            path = ".".join(str(p) for p in loc)
            line = lines.get((loc[0], loc[1]), draft.line) if len(loc) > 1 else draft.line
            errors.append(f"{draft.file}:{line}: {visible(path)}: {visible(err['msg'])}")
        return None, errors
    doc = opts.docs.get(draft.doc_id)
    for path, message, warning in check_record(record, doc, opts.labels, warnings=False):
        if not warning:
            m = re.match(r"^(\w+)\[(\d+)\]", path)
            line = lines.get((m[1], int(m[2])), draft.line) if m else draft.line
            errors.append(f"{draft.file}:{line}: {path}: {visible(message)}")
    return (None if errors else record), errors
