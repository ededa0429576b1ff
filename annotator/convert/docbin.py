"""spaCy ``DocBin`` (a ``.spacy`` training file), made with spaCy's own API.

Mapping (``docs/formats/spacy.md``): each record is a ``Doc`` tokenized by a blank pipeline
(``--lang``, default ``xx``; no model is downloaded). Entities go to ``doc.spans["entities"]``
(nested ones included) and, where they do not overlap, to ``doc.ents`` (the longest of
overlapping ones, spaCy's ``filter_spans``); quotes to ``doc.spans["quotes"]`` labelled with
their kind, cues to ``doc.spans["cues"]``, claims to ``doc.spans["claims"]`` labelled with
their kind. The whole record (speakers, claim values, ids) is kept as JSON in
``doc.user_data["annotator.record"]``.

A span must begin and end on token boundaries (``Doc.char_span`` in ``strict`` mode). One that
does not (داعش inside the token لداعش) is dropped and reported with counts and examples, or,
with ``--snap expand|contract``, moved to the nearest token boundaries by spaCy's own
``alignment_mode`` and reported as snapped.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from annotator.convert.common import ExportOptions, Item, Loss, span_example

SINGULAR = {"entities": "entity", "quotes": "quote", "cues": "cue", "claims": "claim"}


def _spans(record: dict[str, Any]) -> dict[str, list[tuple[dict[str, Any], str, str]]]:
    """(span, label, id) per group; a cue's id is its quote's."""
    return {
        "entities": [(e, e["label"], e["id"]) for e in record["entities"]],
        "quotes": [(q, q["kind"], q["id"]) for q in record["quotes"]],
        "cues": [(q["cue"], "Cue", q["id"]) for q in record["quotes"] if q["cue"] is not None],
        "claims": [(c, c["kind"], c["id"]) for c in record["claims"]],
    }


def make_doc(nlp: Any, item: Item, opts: ExportOptions, loss: Loss) -> Any:
    from spacy.util import filter_spans

    doc = nlp.make_doc(item.text)
    for group, spans in _spans(item.record).items():
        kept = []
        for span, label, ident in spans:
            made = doc.char_span(span["start"], span["end"], label=label, alignment_mode="strict")
            if made is None and opts.snap:
                made = doc.char_span(span["start"], span["end"], label=label, alignment_mode=opts.snap)
                if made is not None and len(made.text):
                    moved = {"start": made.start_char, "end": made.end_char, "text": made.text}
                    loss.change(f"{SINGULAR[group]} span(s) snapped to token boundaries ({opts.snap})",
                                span_example(item.doc_id, span, " -> " + span_example(item.doc_id, moved).split(":", 1)[1]))
                    made.id_ = ident
                    kept.append(made)
                    continue
                made = None
            if made is None:
                loss.drop(f"{SINGULAR[group]} span(s) not on spaCy token boundaries (--snap expand|contract moves them)", span_example(item.doc_id, span))
                continue
            made.id_ = ident
            kept.append(made)
        doc.spans[group] = kept
        if group == "entities":
            doc.ents = filter_spans(kept)
            nested = len(kept) - len(doc.ents)
            if nested:
                loss.change("nested/overlapping entities kept in doc.spans['entities'] only (doc.ents cannot overlap)", item.doc_id, n=nested)
    doc.user_data["annotator.record"] = json.dumps(item.record, ensure_ascii=False, sort_keys=True)
    return doc


@cache
def _blank(lang: str) -> Any:
    """A blank pipeline (tokenizer only), made once per language: only ``make_doc`` is used."""
    import spacy

    return spacy.blank(lang)


def export(items: list[Item], out: Path, opts: ExportOptions) -> Loss:
    try:
        from spacy.tokens import DocBin
    except ImportError:
        from annotator.convert.common import ConvertUnreadable

        raise ConvertUnreadable(["spacy is not installed: pip install 'annotator[spacy]'"]) from None
    from annotator.io.atomic import write_bytes_atomic

    loss = Loss()
    try:
        nlp = _blank(opts.lang)
    except ImportError:
        from annotator.convert.common import ConvertUnreadable

        raise ConvertUnreadable([f"--lang {opts.lang!r}: spaCy has no such language (xx for any, ar for Arabic)"]) from None
    docbin = DocBin(store_user_data=True)
    for item in items:
        docbin.add(make_doc(nlp, item, opts, loss))
    write_bytes_atomic(out, docbin.to_bytes())
    return loss


# --- import ---------------------------------------------------------------------------


def _draft_from_doc(doc: Any, path: Path, number: int) -> Any:
    """A draft from the span groups (what a user may have corrected in spaCy); ids, speakers,
    cues and claim values come from the record kept in ``user_data`` where its spans match."""
    from annotator.convert.build import Draft

    kept = json.loads(doc.user_data.get("annotator.record") or "null") or {}
    doc_id = kept.get("doc_id") or f"{path.stem}-{number}"
    draft = Draft(doc_id, doc.text, str(path), number, annotator=kept.get("annotator"), status=kept.get("status"), meta=kept.get("meta"), keep_ids=True)

    def known(layer: str) -> dict[Any, dict[str, Any]]:
        """The kept record's spans by id (spans carry it in ``Span.id_``) and by offsets."""
        spans = kept.get(layer, [])
        return {**{(s["start"], s["end"]): s for s in spans}, **{s["id"]: s for s in spans}}

    def old_of(table: dict[Any, dict[str, Any]], span: Any) -> dict[str, Any]:
        return (span.id_ and table.get(span.id_)) or table.get((span.start_char, span.end_char)) or {}

    def group(name: str) -> list[Any]:
        return list(doc.spans[name]) if name in doc.spans else []

    entities = known("entities")
    for span in group("entities") or list(doc.ents):
        old = old_of(entities, span)
        draft.entities.append({"id": old.get("id"), "start": span.start_char, "end": span.end_char, "text": span.text, "label": span.label_})
    present = {e["id"] for e in draft.entities if e["id"]}
    cues = {s.id_: {"start": s.start_char, "end": s.end_char, "text": s.text} for s in group("cues") if s.id_}
    quotes = known("quotes")
    for span in group("quotes"):
        old = old_of(quotes, span)
        draft.quotes.append({"id": old.get("id"), "start": span.start_char, "end": span.end_char, "text": span.text, "kind": span.label_,
                             "speaker": old.get("speaker") if old.get("speaker") in present else None,
                             "cue": cues.get(old.get("id") or span.id_)})
    claims = known("claims")
    for span in group("claims"):
        old = old_of(claims, span)
        draft.claims.append({"id": old.get("id"), "start": span.start_char, "end": span.end_char, "text": span.text, "kind": span.label_,
                             "value": old.get("value"), "unit": old.get("unit"), "approx": old.get("approx", False), "time": old.get("time"),
                             "place": [p for p in old.get("place", []) if p in present], "source": old.get("source") if old.get("source") in present else None})
    return draft


def read(path: Path, registry: dict | None = None) -> list[Any]:
    from annotator.convert.common import ConvertError, ConvertUnreadable

    try:
        import spacy  # noqa: F401
        from spacy.tokens import DocBin
    except ImportError:
        raise ConvertUnreadable(["spacy is not installed: pip install 'annotator[spacy]'"]) from None
    try:
        docbin = DocBin(store_user_data=True).from_bytes(path.read_bytes())
        docs = list(docbin.get_docs(_blank("xx").vocab))
    except OSError as e:
        raise ConvertUnreadable([f"{path}: cannot read: {e.strerror or e}"]) from None
    except Exception as e:  # msgpack, zlib and spaCy raise many kinds for a file that is not a DocBin
        raise ConvertError([f"{path}: not a spaCy DocBin: {e}"]) from None
    return [_draft_from_doc(doc, path, n) for n, doc in enumerate(docs, 1)]
